//! The Export tab: a position summary (Markdown, HTML) or the data (CSV,
//! JSON, RON) for chosen actors, topics and dates, with a live preview of
//! the Markdown. The app builds previews and writes files on threads.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::{Action, View, theme, widgets};
use crate::analysis::Filter;
use crate::export::{ExportOptions, Format, SummaryOptions};
use crate::model::{Store, Timestamp};

/// The tab's settings and the latest preview.
pub struct ExportState {
    /// The format to save.
    pub format: Format,
    /// The export's own filter; `None` follows the filter panel.
    pub filter: Option<Filter>,
    /// The date stances are taken at (default: the latest statement).
    pub as_of: Option<NaiveDate>,
    /// The comparison date ("since the last briefing").
    pub compare: Option<NaiveDate>,
    /// A title of the analyst's choosing.
    pub title: String,
    /// CSV with a byte order mark, for Excel.
    pub bom: bool,
    /// The Markdown preview and what it was made for.
    pub preview: Option<(PreviewKey, String)>,
    /// A preview being made.
    pub pending: Option<PreviewKey>,
    /// Where the last export went, or why it failed.
    pub last_result: Option<Result<String, String>>,
    /// An export being written.
    pub writing: Option<String>,
}

impl Default for ExportState {
    fn default() -> Self {
        ExportState {
            format: Format::Markdown,
            filter: None,
            as_of: None,
            compare: None,
            title: String::new(),
            bom: true,
            preview: None,
            pending: None,
            last_result: None,
            writing: None,
        }
    }
}

/// What a preview was made for: the store's state and the options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewKey {
    /// The view generation (store revision, filters).
    pub generation: u64,
    /// The filter used.
    pub filter: Filter,
    /// As-of date.
    pub as_of: Option<NaiveDate>,
    /// Comparison date.
    pub compare: Option<NaiveDate>,
    /// Title.
    pub title: String,
}

impl ExportState {
    /// A preview was made: shown when it is still wanted.
    pub fn preview_ready(&mut self, key: PreviewKey, text: String) {
        if self.pending.as_ref() == Some(&key) {
            self.pending = None;
        }
        self.preview = Some((key, text));
    }

    /// The export options for the current settings under `panel_filter`.
    pub fn options(&self, panel_filter: &Filter) -> ExportOptions {
        let filter = self.filter.clone().unwrap_or_else(|| panel_filter.clone());
        let mut summary = SummaryOptions::new(filter, Timestamp::now());
        summary.as_of = self.as_of;
        summary.compare = self.compare;
        summary.title = Some(self.title.trim().to_owned()).filter(|t| !t.is_empty());
        ExportOptions { summary, bom: self.bom }
    }

    fn key(&self, view: &View) -> PreviewKey {
        PreviewKey {
            generation: view.generation,
            filter: self.filter.clone().unwrap_or_else(|| view.filter.clone()),
            as_of: self.as_of,
            compare: self.compare,
            title: self.title.clone(),
        }
    }
}

/// What the Export tab asks of the app.
#[derive(Clone, Debug)]
pub enum ExportAction {
    /// Build the Markdown preview for these options, on a thread.
    Preview(PreviewKey, Box<ExportOptions>),
    /// Ask where to save, then write the export on a thread.
    Save(Format, Box<ExportOptions>),
    /// Copy the Markdown to the clipboard.
    Copy(String),
}

fn scope_text(store: &Store, f: &Filter) -> String {
    let mut parts = Vec::new();
    let names = |ids: Vec<String>| ids.join(", ");
    parts.push(if f.actors.is_empty() {
        "all actors".to_owned()
    } else {
        names(f.actors.iter().map(|a| store.actor(a).map_or(a.0.clone(), |x| x.name.clone())).collect())
    });
    parts.push(if f.topics.is_empty() {
        "all topics".to_owned()
    } else {
        names(f.topics.iter().map(|t| store.topic(t).map_or(t.0.clone(), |x| x.name.clone())).collect())
    });
    match (f.since, f.until) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b}")),
        (Some(a), None) => parts.push(format!("from {a}")),
        (None, Some(b)) => parts.push(format!("until {b}")),
        (None, None) => parts.push("all dates".into()),
    }
    if !f.verifications.is_empty() {
        parts.push(f.verifications.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" or "));
    }
    if !f.kinds.is_empty() {
        parts.push(f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or "));
    }
    parts.join(" · ")
}

/// Draws the tab.
pub fn export_ui(ui: &mut Ui, view: &View, state: &mut ExportState, actions: &mut Vec<Action>) {
    ui.columns(2, |cols| {
        egui::ScrollArea::vertical().id_salt("export-options").show(&mut cols[0], |ui| {
            format_ui(ui, view, state);
            ui.add_space(8.0);
            scope_ui(ui, view, state);
            ui.add_space(8.0);
            if state.format.is_summary() {
                dates_ui(ui, view, state);
            }
            ui.add_space(12.0);
            save_ui(ui, view, state, actions);
        });
        preview_ui(&mut cols[1], view, state, actions);
    });
}

/// The format, with a sentence on what it is for.
fn format_ui(ui: &mut Ui, view: &View, state: &mut ExportState) {
    ui.label(RichText::new("Format").strong());
    ui.horizontal_wrapped(|ui| {
        for f in Format::ALL {
            ui.selectable_value(&mut state.format, f, f.label());
        }
    });
    let what = match state.format {
        Format::Markdown => "A position summary to paste into a brief or a wiki.",
        Format::Html => "A self-contained, print-ready page: one A4 page for a few topics and actors.",
        Format::Docx => {
            "The same brief as a Word document, with real headings, a table and numbered sources."
        }
        Format::Csv => "One row per position, every field; formulas neutralised for spreadsheets.",
        Format::Json | Format::Ron => "The filtered data itself, which another Stancebook can import.",
    };
    ui.label(RichText::new(what).small().color(theme::weak(view.dark)));
    if state.format == Format::Csv {
        ui.checkbox(&mut state.bom, "Start with a byte order mark (for Excel)");
    }
}

/// What goes in: the filter panel's selection, or actors and topics chosen for this export.
fn scope_ui(ui: &mut Ui, view: &View, state: &mut ExportState) {
    let store = view.store;
    ui.label(RichText::new("What goes in").strong());
    let filter = state.filter.clone().unwrap_or_else(|| view.filter.clone());
    ui.label(scope_text(store, &filter));
    ui.horizontal(|ui| {
        if state.filter.is_some() {
            if ui.button("Follow the filter panel").clicked() {
                state.filter = None;
            }
        } else if ui
            .button("Choose separately")
            .on_hover_text("Pick actors and topics for this export only")
            .clicked()
        {
            state.filter = Some(view.filter.clone());
        }
    });
    if let Some(f) = &mut state.filter {
        ui.horizontal_wrapped(|ui| {
            for a in &store.actors {
                let mut on = f.actors.is_empty() || f.actors.contains(&a.id);
                if ui.checkbox(&mut on, &a.name).changed() {
                    let all: Vec<_> = store.actors.iter().map(|x| x.id.clone()).collect();
                    super::filters::toggle(&mut f.actors, &all, a.id.clone());
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            for t in &store.topics {
                let mut on = f.topics.is_empty() || f.topics.contains(&t.id);
                if ui.checkbox(&mut on, &t.name).changed() {
                    let all: Vec<_> = store.topics.iter().map(|x| x.id.clone()).collect();
                    super::filters::toggle(&mut f.topics, &all, t.id.clone());
                }
            }
        });
    }
}

/// The dates of a summary and its title.
fn dates_ui(ui: &mut Ui, view: &View, state: &mut ExportState) {
    ui.label(RichText::new("Dates").strong());
    egui::Grid::new("export-dates").num_columns(2).show(ui, |ui| {
        widgets::date_field(ui, "Stances as of", "export-as-of", &mut state.as_of, true);
        ui.end_row();
        widgets::date_field(ui, "Compared with", "export-compare", &mut state.compare, true);
        ui.end_row();
    });
    ui.label(
        RichText::new("Empty “as of” means the latest statement; “compared with” is the last briefing.")
            .small()
            .color(theme::weak(view.dark)),
    );
    ui.add_space(6.0);
    let l = ui.label(RichText::new("Title").strong());
    ui.add(
        egui::TextEdit::singleline(&mut state.title)
            .hint_text("Position summary: …")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
}

/// Save…, Copy Markdown, and where the last export went.
fn save_ui(ui: &mut Ui, view: &View, state: &mut ExportState, actions: &mut Vec<Action>) {
    let dark = view.dark;
    ui.horizontal(|ui| {
        let busy = state.writing.is_some();
        let save = egui::Button::new(RichText::new(format!("Save {}…", state.format.label())).strong());
        if ui.add_enabled(!busy, save).clicked() {
            actions
                .push(Action::Export(ExportAction::Save(state.format, Box::new(state.options(view.filter)))));
        }
        let md = state.preview.as_ref().map(|(_, t)| t.clone());
        if ui.add_enabled(md.is_some(), egui::Button::new("Copy Markdown")).clicked()
            && let Some(md) = md
        {
            actions.push(Action::Export(ExportAction::Copy(md)));
        }
        if let Some(w) = &state.writing {
            ui.spinner();
            ui.label(format!("Writing {w}…"));
        }
    });
    match &state.last_result {
        Some(Ok(msg)) => {
            ui.label(RichText::new(msg).color(theme::weak(dark)));
        }
        Some(Err(msg)) => {
            ui.label(RichText::new(msg).color(theme::error_text(dark)));
        }
        None => {}
    }
}

/// The preview of the summary, asked for when the options changed.
fn preview_ui(ui: &mut Ui, view: &View, state: &mut ExportState, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Markdown preview").strong());
        if state.pending.is_some() {
            ui.spinner();
        }
    });
    let key = state.key(view);
    let fresh = state.preview.as_ref().is_some_and(|(k, _)| *k == key);
    if !fresh && state.pending.as_ref() != Some(&key) {
        let mut options = state.options(view.filter);
        options.summary.filter = key.filter.clone();
        actions.push(Action::Export(ExportAction::Preview(key, Box::new(options))));
    }
    egui::ScrollArea::both().id_salt("export-preview").auto_shrink([false, false]).show(
        ui,
        |ui| match &state.preview {
            Some((_, text)) => {
                ui.add(
                    egui::Label::new(RichText::new(text).monospace().size(12.0)).selectable(true).extend(),
                );
            }
            None => {
                ui.label("Preparing the preview…");
            }
        },
    );
}
