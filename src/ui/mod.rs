//! The window's views, one file each. A view reads the store through a
//! [`View`], changes only its own UI state, and pushes [`Action`]s for the
//! app to apply after the frame (as many as it likes: none is lost).

pub mod commands;
pub mod conflicts;
pub mod editor;
pub mod events;
pub mod export;
pub mod filters;
pub mod ingest;
pub mod lexicon;
pub mod manage;
pub mod matrix;
pub mod palette;
pub mod shifts;
pub mod statements;
pub mod theme;
pub mod timeline;
pub mod widgets;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::{Filter, Positions};
use crate::edit::Edit;
use crate::model::{EventId, StatementId, Store};

pub use commands::Command;

/// The central area's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Tab {
    /// Actors × topics.
    #[default]
    Matrix,
    /// One chart per topic.
    Timeline,
    /// The table of statements.
    Statements,
    /// What moved since a date.
    Shifts,
    /// Candidate statements from a pasted text.
    Ingest,
    /// Position summaries and data for briefings.
    Export,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 6] =
        [Tab::Matrix, Tab::Timeline, Tab::Statements, Tab::Shifts, Tab::Ingest, Tab::Export];

    /// The tab's name.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Matrix => "Matrix",
            Tab::Timeline => "Timeline",
            Tab::Statements => "Statements",
            Tab::Shifts => "Shifts",
            Tab::Ingest => "Ingest",
            Tab::Export => "Export",
        }
    }

    /// What the tab shows.
    pub fn tooltip(self) -> &'static str {
        match self {
            Tab::Matrix => "Every actor's stance on every topic as of a date, and what moved since another",
            Tab::Timeline => "How each actor's stance on one topic moved over time",
            Tab::Statements => "Every statement in a table: sort, search, select",
            Tab::Shifts => "What moved since a date: shifts and reversals with both quotes",
            Tab::Ingest => {
                "Paste a live blog or an article: review the statements found in it and accept them"
            }
            Tab::Export => "Position summaries for briefings (Markdown, HTML) and the data (CSV, JSON, RON)",
        }
    }

    /// The digit of its shortcut (Ctrl+1 …).
    pub fn key(self) -> egui::Key {
        match self {
            Tab::Matrix => egui::Key::Num1,
            Tab::Timeline => egui::Key::Num2,
            Tab::Statements => egui::Key::Num3,
            Tab::Shifts => egui::Key::Num4,
            Tab::Ingest => egui::Key::Num5,
            Tab::Export => egui::Key::Num6,
        }
    }
}

/// What a cached result in a view's state was computed for: the view's
/// generation and two dates (as of / since, compare / until).
pub type CacheKey = (u64, NaiveDate, Option<NaiveDate>);

/// What the views see: the store, what the filters and search let through,
/// and a few facts about the app's state.
pub struct View<'a> {
    /// The store.
    pub store: &'a Store,
    /// Statement indices passing the filters and search, oldest first.
    pub visible: &'a [usize],
    /// With a search: the same statements, best match first.
    pub ranked: Option<&'a [usize]>,
    /// Positions of the visible statements.
    pub positions: &'a Positions,
    /// Actor indices shown (all unless filtered), in store order.
    pub actors: &'a [usize],
    /// Topic indices shown, in store order.
    pub topics: &'a [usize],
    /// The filters in force.
    pub filter: &'a Filter,
    /// What the search matched in each statement (by index), field by field.
    pub highlights: &'a std::collections::HashMap<usize, Vec<crate::search::FieldMatch>>,
    /// The date of the latest statement.
    pub latest: NaiveDate,
    /// Today, where the analyst is (from the app's clock).
    pub today: NaiveDate,
    /// Changes whenever `visible` changes (for caches in view states).
    pub generation: u64,
    /// Changes whenever the store changes (an edit, another store opened).
    pub store_generation: u64,
    /// The selected statement.
    pub selected: Option<StatementId>,
    /// Whether edits are refused.
    pub read_only: bool,
    /// Dark theme in use.
    pub dark: bool,
}

impl View<'_> {
    /// The characters the search matched in `field` of statement `index`.
    pub fn highlight(&self, index: usize, field: crate::search::Field) -> Option<&[usize]> {
        self.highlights.get(&index)?.iter().find(|m| m.field == field).map(|m| m.char_indices.as_slice())
    }
}

/// A store with everything a [`View`] needs, every statement shown and
/// nothing selected: what the view tests and the frame benchmarks draw.
pub struct ViewData {
    /// The store.
    pub store: Store,
    visible: Vec<usize>,
    positions: Positions,
    actors: Vec<usize>,
    topics: Vec<usize>,
    filter: Filter,
    highlights: std::collections::HashMap<usize, Vec<crate::search::FieldMatch>>,
}

impl ViewData {
    /// Every statement, actor and topic of `store`, unfiltered.
    pub fn all(store: Store) -> ViewData {
        let visible: Vec<usize> = (0..store.statements.len()).collect();
        let positions = Positions::build(&store, visible.iter().copied());
        ViewData {
            actors: (0..store.actors.len()).collect(),
            topics: (0..store.topics.len()).collect(),
            visible,
            positions,
            filter: Filter::default(),
            highlights: Default::default(),
            store,
        }
    }

    /// The view of it (light theme, editable).
    pub fn view(&self) -> View<'_> {
        View {
            store: &self.store,
            visible: &self.visible,
            ranked: None,
            positions: &self.positions,
            actors: &self.actors,
            topics: &self.topics,
            filter: &self.filter,
            highlights: &self.highlights,
            latest: crate::analysis::latest_date(&self.store),
            today: crate::analysis::latest_date(&self.store),
            generation: 1,
            store_generation: 1,
            selected: None,
            read_only: false,
            dark: false,
        }
    }

    /// The positions of every statement.
    pub fn positions(&self) -> &Positions {
        &self.positions
    }
}

/// What a view asks the app to do.
#[derive(Clone, Debug)]
pub enum Action {
    /// Select a statement (or clear the selection) and show it on the right.
    Select(Option<StatementId>),
    /// Show the statements behind a matrix cell on the right (actor, topic indices).
    ShowCell {
        /// Actor index.
        actor: usize,
        /// Topic index.
        topic: usize,
    },
    /// Apply an edit to the store (one undo step).
    Edit(Box<Edit>),
    /// Run a command.
    Command(Command),
    /// Replace the filters.
    SetFilter(Filter),
    /// Show the timeline of a topic.
    OpenTimeline(usize),
    /// Open the events window on an event's form.
    ShowEvent(EventId),
    /// Put a message in the status bar.
    Status(String),
    /// The search box's text changed.
    SetSearch(String),
    /// Make the backup being viewed the store again.
    RestoreBackup,
    /// Show what importing our conflict file into their version would change.
    CompareMine(std::path::PathBuf),
    /// Reopen their version and import ours from the conflict file.
    ImportMine(std::path::PathBuf),
    /// Close the import report.
    CloseReport,
    /// Put a citation on the clipboard, as text and as HTML.
    CopyCitation(Box<crate::export::citation::Citation>),
    /// Something the Export tab asks for (a preview, a save, a copy).
    Export(export::ExportAction),
    /// Something the Ingest tab asks for (an extraction, a file).
    Ingest(ingest::IngestAction),
}
