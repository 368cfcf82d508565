//! What the window remembers between runs through eframe's storage: the
//! last store, the tab, the filters, the theme and each view's settings —
//! never statements, which live in the store file.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::analysis::Filter;
use crate::model::Analyst;
use crate::ui::{self, Tab};

/// The key of the preferences in eframe's storage.
pub const PREFS_KEY: &str = "stancebook-prefs";

/// The theme the analyst chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    /// Follow the system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeChoice {
    /// The next choice in the cycle system → light → dark.
    pub fn next(self) -> ThemeChoice {
        match self {
            ThemeChoice::System => ThemeChoice::Light,
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::System,
        }
    }

    /// egui's preference for it.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// Preferences kept between runs (never statements).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The last store opened.
    pub store_path: Option<PathBuf>,
    /// The tab shown.
    pub tab: Tab,
    /// The filters.
    pub filter: Filter,
    /// Theme.
    pub theme: ThemeChoice,
    /// Filter panel shown.
    pub show_filters: bool,
    /// Detail panel shown.
    pub show_detail: bool,
    /// Matrix settings.
    pub matrix: ui::matrix::MatrixPrefs,
    /// Timeline settings.
    pub timeline: ui::timeline::TimelinePrefs,
    /// Shifts settings.
    pub shifts: ui::shifts::ShiftsPrefs,
    /// The interface's zoom (Ctrl + / Ctrl − / Ctrl 0).
    pub zoom: f32,
    /// The frame timings overlay is shown.
    pub frame_timings: bool,
    /// The window was sized from the monitor once (after that, eframe
    /// remembers the size the analyst gave it).
    pub sized_to_monitor: bool,
    /// The analyst's name, recorded with the statements they add or change
    /// (asked on the first edit; Edit › Analyst… changes it). `stancebook
    /// add` reads it too.
    pub analyst_name: Option<String>,
    /// The analyst's e-mail, if they gave one.
    pub analyst_email: Option<String>,
    /// Sync a shared store as soon as it is open.
    pub sync_on_open: bool,
    /// Sync a shared store every so many minutes while the app is open (0: never).
    pub sync_every_minutes: u32,
    /// Sync a shared store before the window closes.
    pub sync_on_exit: bool,
    /// List every conflict a sync finds, also those time settled (the later edit kept).
    pub review_all_conflicts: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            store_path: None,
            tab: Tab::Matrix,
            filter: Filter::default(),
            theme: ThemeChoice::System,
            show_filters: true,
            show_detail: true,
            matrix: Default::default(),
            timeline: Default::default(),
            shifts: Default::default(),
            zoom: 1.0,
            frame_timings: false,
            sized_to_monitor: false,
            analyst_name: None,
            analyst_email: None,
            sync_on_open: true,
            sync_every_minutes: 10,
            sync_on_exit: true,
            review_all_conflicts: false,
        }
    }
}

impl Prefs {
    /// The analyst the preferences name, if they name a valid one.
    pub fn analyst(&self) -> Option<Analyst> {
        let a = Analyst::new(self.analyst_name.as_deref()?, self.analyst_email.as_deref());
        a.problem().is_none().then_some(a)
    }

    /// Names the analyst (none: forget the name).
    pub fn set_analyst(&mut self, analyst: Option<Analyst>) {
        self.analyst_name = analyst.as_ref().map(|a| a.name.clone());
        self.analyst_email = analyst.and_then(|a| a.email);
    }
}
