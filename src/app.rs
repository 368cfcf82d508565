//! The desktop app: holds the open store, the UI state and the undo
//! history; runs file work on background threads; applies what the views
//! return after each frame. The only place (with `ui/`) that uses egui.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use egui::{Color32, RichText};
use serde::{Deserialize, Serialize};

use crate::analysis::{self, Filter, Positions};
use crate::cli::CliError;
use crate::edit::{Edit, History};
use crate::export::{ExportOptions, Format};
use crate::model::{Problem, StatementId, Store};
use crate::search::{Field, Query, SearchIndex};
use crate::store::merge::MergeReport;
use crate::store::{self, APP_BACKUP_INTERVAL, BackupPolicy, Parsed, SaveReport, StoreError, StoreFile};
use crate::ui::editor::{EditorState, Panel as DetailPanel};
use crate::ui::{self, Action, Command, Tab, View, theme};

/// Opens the window on the store at `store` (or the last store used, or the
/// default store, created from the bundled sample on first use).
pub fn run(store: Option<PathBuf>) -> Result<ExitCode, CliError> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Stancebook")
            .with_app_id("stancebook")
            .with_inner_size([1280.0, 720.0])
            .with_min_inner_size([900.0, 560.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Stancebook",
        options,
        Box::new(move |cc| Ok(Box::new(StancebookApp::new(cc, Startup { store, use_storage: true })))),
    )
    .map_err(|e| CliError::usage(format!("could not open the window: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// How the app starts.
pub struct Startup {
    /// The store to open (`--store`); else the last one used, else the default.
    pub store: Option<PathBuf>,
    /// Read and write preferences through eframe's storage (off in tests).
    pub use_storage: bool,
}

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

/// Preferences kept between runs through eframe's storage (never statements).
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
    /// Matrix and timeline settings.
    pub matrix: ui::matrix::MatrixPrefs,
    /// Timeline settings.
    pub timeline: ui::timeline::TimelinePrefs,
    /// Shifts settings.
    pub shifts: ui::shifts::ShiftsPrefs,
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
        }
    }
}

const PREFS_KEY: &str = "stancebook-prefs";

/// The open store and what the app knows about its file.
pub struct Document {
    /// The store file.
    pub path: PathBuf,
    /// The statements, actors and topics.
    pub store: Arc<Store>,
    /// Bumped on every edit.
    pub revision: u64,
    /// The revision last written to disk.
    pub saved_revision: u64,
    /// Why edits are refused, if they are.
    pub read_only: Option<String>,
    /// Validation problems found when it was opened.
    pub problems: Vec<Problem>,
    /// The schema the file had, when it was migrated on open.
    pub migrated_from: Option<u32>,
    /// When it is a backup being viewed: the store it belongs to.
    pub backup_of: Option<PathBuf>,
    /// The search index, kept in step with `store`.
    index: SearchIndex,
    /// The actors and topics the index was built with (their names are in it).
    index_names: (Vec<crate::model::Actor>, Vec<crate::model::Topic>),
}

impl Document {
    /// Whether there are edits not yet on disk.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }
}

/// What the last save did.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// On disk.
    Saved,
    /// Being written.
    Saving,
    /// The last save failed; the edits are still in memory.
    Failed(String),
    /// Another program changed the file: theirs is on disk, ours was saved
    /// beside it in this conflict file. Autosave stops until the analyst
    /// imports it or reopens the store.
    Conflict(PathBuf),
}

enum SaveJob {
    /// Write this version; `true` forces a backup of the previous one (before an import).
    Save(Arc<Store>, u64, bool),
    Stop,
}

struct SaveOutcome {
    revision: u64,
    result: Result<SaveReport, StoreError>,
}

/// The background thread that owns the store file and writes it.
struct Saver {
    jobs: Sender<SaveJob>,
    outcomes: Receiver<SaveOutcome>,
    thread: Option<JoinHandle<()>>,
    in_flight: Option<u64>,
}

impl Saver {
    fn spawn(mut file: StoreFile, ctx: egui::Context) -> Saver {
        let (jobs, job_rx) = mpsc::channel::<SaveJob>();
        let (out_tx, outcomes) = mpsc::channel();
        file.backups = BackupPolicy { min_interval: APP_BACKUP_INTERVAL, ..BackupPolicy::default() };
        let thread = std::thread::Builder::new()
            .name("stancebook-saver".into())
            .spawn(move || {
                while let Ok(mut job) = job_rx.recv() {
                    // Only the newest pending version matters (but a forced backup is kept).
                    let mut force = matches!(job, SaveJob::Save(_, _, true));
                    while let Ok(next) = job_rx.try_recv() {
                        if matches!(job, SaveJob::Stop) {
                            break;
                        }
                        force |= matches!(next, SaveJob::Save(_, _, true));
                        job = next;
                    }
                    match job {
                        SaveJob::Stop => break,
                        SaveJob::Save(store, revision, _) => {
                            let result =
                                if force { file.save_with_backup(&store) } else { file.save(&store) };
                            let _ = out_tx.send(SaveOutcome { revision, result });
                            ctx.request_repaint();
                        }
                    }
                }
            })
            .expect("spawn the saver thread");
        Saver { jobs, outcomes, thread: Some(thread), in_flight: None }
    }

    fn send(&mut self, store: Arc<Store>, revision: u64, force_backup: bool) {
        if self.jobs.send(SaveJob::Save(store, revision, force_backup)).is_ok() {
            self.in_flight = Some(revision);
        }
    }

    /// Saves `store` and waits for the thread to finish (on exit).
    fn finish(&mut self, last: Option<(Arc<Store>, u64)>) -> Option<SaveOutcome> {
        if let Some((store, rev)) = last {
            let _ = self.jobs.send(SaveJob::Save(store, rev, false));
        }
        let _ = self.jobs.send(SaveJob::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let mut last_outcome = None;
        while let Ok(o) = self.outcomes.try_recv() {
            last_outcome = Some(o);
        }
        last_outcome
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        let _ = self.jobs.send(SaveJob::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A store being opened on a background thread.
struct Opening {
    path: PathBuf,
    started: Instant,
    rx: Receiver<Result<(StoreFile, Parsed, SearchIndex), StoreError>>,
    backup_of: Option<PathBuf>,
}

/// Why the store could not be opened, with what the analyst can do about it.
#[derive(Clone, Debug)]
pub struct OpenFailure {
    /// The store.
    pub path: PathBuf,
    /// The message, naming the file and place.
    pub message: String,
    /// Its backups, newest first.
    pub backups: Vec<PathBuf>,
}

/// What a file dialog was opened for.
enum DialogPurpose {
    Open,
    New,
    Import,
    Export(Format, Box<ExportOptions>),
    IngestFile,
}

/// A file dialog running on a background thread.
struct Dialog {
    purpose: DialogPurpose,
    rx: Receiver<Option<PathBuf>>,
}

/// Long work running on a background thread, polled each frame.
enum Job {
    /// The Markdown preview of the Export tab.
    Preview(ui::export::PreviewKey, Receiver<String>),
    /// An export being written to a file.
    Write(Receiver<Result<String, String>>),
    /// A colleague's store being read and merged (`true`: only compared, nothing applied).
    Import(PathBuf, bool, Receiver<Result<(Store, MergeReport), String>>),
    /// Candidate statements being found in a text.
    Extract(ui::ingest::ExtractKey, Receiver<crate::ingest::Extraction>),
    /// A text file being read for ingest.
    LoadText(PathBuf, Receiver<Result<String, String>>),
}

/// What the right-hand panel shows.
#[derive(Clone, Debug, PartialEq)]
pub enum RightPanel {
    /// The selected statement (or a hint when none is selected).
    Statement,
    /// The statements behind a matrix cell.
    Cell {
        /// Actor index.
        actor: usize,
        /// Topic index.
        topic: usize,
    },
}

/// Everything computed from the store, the filters and the search; rebuilt
/// only when one of them changes, never per frame.
#[derive(Default)]
struct Derived {
    key: Option<(u64, u64, Filter, String)>,
    visible: Vec<usize>,
    /// With a search: the matching statements, best first.
    ranked: Option<Vec<usize>>,
    positions: Positions,
    actors: Vec<usize>,
    topics: Vec<usize>,
    highlights: HashMap<usize, Vec<(String, Vec<usize>)>>,
    latest: Option<NaiveDate>,
    search_error: Option<String>,
    generation: u64,
}

/// The Stancebook window.
pub struct StancebookApp {
    /// Preferences (persisted).
    pub prefs: Prefs,
    use_storage: bool,
    /// The open store, once opened.
    pub doc: Option<Document>,
    doc_generation: u64,
    opening: Option<Opening>,
    /// Why the last open failed.
    pub open_failure: Option<OpenFailure>,
    saver: Option<Saver>,
    /// The state of the last save.
    pub save_state: SaveState,
    /// Undo and redo.
    pub history: History,
    derived: Derived,
    /// The search box's text.
    pub search: String,
    focus_search: bool,
    /// The selected statement.
    pub selected: Option<StatementId>,
    right: RightPanel,
    editor: EditorState,
    matrix: ui::matrix::MatrixState,
    timeline: ui::timeline::TimelineState,
    statements: ui::statements::StatementsState,
    shifts: ui::shifts::ShiftsState,
    palette: ui::palette::PaletteState,
    manage: ui::manage::ManageState,
    status: Option<(String, Instant)>,
    dialog: Option<Dialog>,
    jobs: Vec<Job>,
    export: ui::export::ExportState,
    ingest: ui::ingest::IngestState,
    import_report: Option<(PathBuf, MergeReport, bool)>,
    last_edit: Option<Instant>,
    /// A file to import as soon as the store being opened is open ("Import mine").
    import_after_open: Option<PathBuf>,
}

impl StancebookApp {
    /// Creates the app and starts opening its store.
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        theme::install(&cc.egui_ctx);
        let mut prefs: Prefs = if startup.use_storage {
            cc.storage.and_then(|s| eframe::get_value(s, PREFS_KEY)).unwrap_or_default()
        } else {
            Prefs::default()
        };
        let path = startup
            .store
            .or_else(|| prefs.store_path.clone().filter(|p| p.exists()))
            .or_else(store::default_path);
        let mut app = StancebookApp {
            prefs: Prefs::default(),
            use_storage: startup.use_storage,
            doc: None,
            doc_generation: 0,
            opening: None,
            open_failure: None,
            saver: None,
            save_state: SaveState::Saved,
            history: History::new(500),
            derived: Derived::default(),
            search: String::new(),
            focus_search: false,
            selected: None,
            right: RightPanel::Statement,
            editor: EditorState::default(),
            matrix: Default::default(),
            timeline: Default::default(),
            statements: Default::default(),
            shifts: Default::default(),
            palette: Default::default(),
            manage: Default::default(),
            status: None,
            dialog: None,
            jobs: Vec::new(),
            export: Default::default(),
            ingest: Default::default(),
            import_report: None,
            last_edit: None,
            import_after_open: None,
        };
        prefs.store_path = path.clone();
        app.prefs = prefs;
        app.apply_theme(&cc.egui_ctx);
        match path {
            Some(p) => app.start_open(&cc.egui_ctx, p, None),
            None => {
                app.open_failure = Some(OpenFailure {
                    path: PathBuf::from("store.ron"),
                    message: "This system has no data folder; open a store with File › Open store…".into(),
                    backups: vec![],
                })
            }
        }
        app
    }

    // ------------------------------------------------------------ opening

    fn start_open(&mut self, ctx: &egui::Context, path: PathBuf, backup_of: Option<PathBuf>) {
        self.finish_saving();
        let (tx, rx) = mpsc::channel();
        let p = path.clone();
        let view_only = backup_of.is_some();
        // Asked for the store's own path as a backup: its newest backup that loads.
        let latest_backup = backup_of.as_ref() == Some(&path);
        let ctx2 = ctx.clone();
        std::thread::Builder::new()
            .name("stancebook-open".into())
            .spawn(move || {
                let result = if latest_backup {
                    match store::latest_that_loads(&p) {
                        Some(b) => StoreFile::open_read_only(&b, "a backup, opened for viewing"),
                        None => Err(StoreError::Refused {
                            path: p.clone(),
                            reason: "none of its backups loads".into(),
                        }),
                    }
                } else if view_only {
                    StoreFile::open_read_only(&p, "a backup, opened for viewing")
                } else {
                    store::create_from_sample_if_missing(&p).and_then(|_| StoreFile::open_or_read_only(&p))
                };
                // The search index is built here too, so the window never waits for it.
                let result = result.map(|(file, parsed)| {
                    let index = SearchIndex::build(&parsed.store);
                    (file, parsed, index)
                });
                let _ = tx.send(result);
                ctx2.request_repaint();
            })
            .expect("spawn the open thread");
        self.opening = Some(Opening { path, started: Instant::now(), rx, backup_of });
    }

    fn poll_opening(&mut self, ctx: &egui::Context) {
        let Some(opening) = &self.opening else { return };
        let result = match opening.rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err(StoreError::Io {
                path: opening.path.clone(),
                action: "open",
                source: std::io::Error::other("the opening thread stopped"),
            }),
        };
        let opening = self.opening.take().expect("checked above");
        match result {
            Ok((file, parsed, index)) => {
                let opened_path = file.path().to_owned();
                let problems = parsed.store.validate();
                let mut read_only = file.read_only_reason().map(str::to_owned);
                if read_only.is_none() && !problems.is_empty() {
                    // Keep writing possible: the problems are shown and the analyst fixes them here.
                }
                if opening.backup_of.is_some() {
                    read_only = Some("this is a backup; restore it to edit".into());
                }
                self.saver = if read_only.is_none() { Some(Saver::spawn(file, ctx.clone())) } else { None };
                self.doc_generation += 1;
                self.doc = Some(Document {
                    path: opened_path,
                    index_names: (parsed.store.actors.clone(), parsed.store.topics.clone()),
                    store: Arc::new(parsed.store),
                    revision: 0,
                    saved_revision: 0,
                    read_only,
                    problems,
                    migrated_from: parsed.migrated_from,
                    backup_of: opening.backup_of.clone(),
                    index,
                });
                self.open_failure = None;
                self.save_state = SaveState::Saved;
                self.history.clear();
                self.selected = None;
                self.right = RightPanel::Statement;
                self.editor = EditorState::default();
                self.derived = Derived::default();
                if opening.backup_of.is_none() {
                    self.prefs.store_path = Some(opening.path.clone());
                }
                let ms = opening.started.elapsed().as_millis();
                self.set_status(format!("Opened {} in {ms} ms", file_name(&opening.path)));
                if let Some(mine) = self.import_after_open.take() {
                    self.start_import(ctx, mine);
                }
            }
            Err(e) => {
                self.import_after_open = None;
                let backups = store::list_backups(&opening.path);
                self.open_failure = Some(OpenFailure { path: opening.path, message: e.to_string(), backups });
            }
        }
    }

    /// Whether a store is still being opened (tests wait on this).
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Whether every edit is on disk (tests wait on this).
    pub fn is_saved(&mut self) -> bool {
        self.poll_saver();
        self.save_state == SaveState::Saved
            && self.doc.as_ref().is_none_or(|d| !d.is_dirty())
            && self.saver.as_ref().is_none_or(|s| s.in_flight.is_none())
    }

    // ------------------------------------------------------------ saving

    fn poll_saver(&mut self) {
        let Some(saver) = &mut self.saver else { return };
        let mut outcomes = Vec::new();
        while let Ok(outcome) = saver.outcomes.try_recv() {
            if saver.in_flight == Some(outcome.revision) {
                saver.in_flight = None;
            }
            outcomes.push(outcome);
        }
        for o in outcomes {
            self.take_save_outcome(o);
        }
    }

    fn take_save_outcome(&mut self, outcome: SaveOutcome) {
        match outcome.result {
            Ok(_) => {
                if let Some(doc) = &mut self.doc {
                    doc.saved_revision = doc.saved_revision.max(outcome.revision);
                }
                self.save_state = SaveState::Saved;
            }
            Err(StoreError::ChangedOnDisk { ours_saved_as: Some(ours), .. }) => {
                self.save_state = SaveState::Conflict(ours)
            }
            Err(e) => self.save_state = SaveState::Failed(e.to_string()),
        }
    }

    fn autosave(&mut self) {
        let Some(doc) = &self.doc else { return };
        let Some(saver) = &mut self.saver else { return };
        if doc.is_dirty()
            && saver.in_flight.is_none()
            && !matches!(self.save_state, SaveState::Failed(_) | SaveState::Conflict(_))
        {
            saver.send(doc.store.clone(), doc.revision, false);
            self.save_state = SaveState::Saving;
        }
    }

    /// Saves now (Ctrl+S), also after a failed save.
    fn save_now(&mut self) {
        let Some(doc) = &self.doc else { return };
        if let Some(reason) = &doc.read_only {
            self.set_status(format!("Not saved: read-only ({reason})"));
            return;
        }
        if let Some(saver) = &mut self.saver {
            saver.send(doc.store.clone(), doc.revision, false);
            self.save_state = SaveState::Saving;
        }
    }

    /// Writes any pending edits and stops the saver (on exit, or before opening another store).
    pub fn finish_saving(&mut self) {
        let Some(mut saver) = self.saver.take() else { return };
        let last = self.doc.as_ref().filter(|d| d.is_dirty()).map(|d| (d.store.clone(), d.revision));
        if let Some(outcome) = saver.finish(last) {
            self.take_save_outcome(outcome);
        }
    }

    // ------------------------------------------------------------ editing

    fn apply_edit(&mut self, edit: Edit) {
        let Some(doc) = &mut self.doc else { return };
        if let Some(reason) = &doc.read_only {
            let reason = reason.clone();
            self.set_status(format!("Read-only: {reason}"));
            return;
        }
        let label = edit.label();
        let store = Arc::make_mut(&mut doc.store);
        match self.history.apply(store, edit) {
            Ok(()) => {
                doc.revision += 1;
                self.last_edit = Some(Instant::now());
                self.set_status(label);
            }
            Err(e) => self.set_status(format!("{label} failed: {e}")),
        }
    }

    fn undo_redo(&mut self, redo: bool) {
        let Some(doc) = &mut self.doc else { return };
        if doc.read_only.is_some() {
            return;
        }
        let store = Arc::make_mut(&mut doc.store);
        let result = if redo { self.history.redo(store) } else { self.history.undo(store) };
        match result {
            Ok(Some(label)) => {
                doc.revision += 1;
                let still_there = self.selected.is_some_and(|id| doc.store.statement(id).is_some());
                if !still_there {
                    self.selected = None;
                }
                self.set_status(format!("{} {label}", if redo { "Redid" } else { "Undid" }));
            }
            Ok(None) => self.set_status(if redo { "Nothing to redo" } else { "Nothing to undo" }.to_owned()),
            Err(e) => self.set_status(format!("Could not {}: {e}", if redo { "redo" } else { "undo" })),
        }
    }

    /// Clears the status bar's message (snapshot tests, whose frames must not carry timings).
    pub fn clear_status(&mut self) {
        self.status = None;
    }

    fn set_status(&mut self, message: impl Into<String>) {
        self.status = Some((message.into(), Instant::now()));
    }

    // ------------------------------------------------------------ derived data

    fn refresh_derived(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        let key = (self.doc_generation, doc.revision, self.prefs.filter.clone(), self.search.clone());
        if self.derived.key.as_ref() == Some(&key) {
            return;
        }
        let store = &doc.store;
        // Keep the search index in step: a full rebuild when actor or topic
        // names changed (they are in it), else only the statements that changed.
        if doc.index_names.0 != store.actors || doc.index_names.1 != store.topics {
            doc.index = SearchIndex::build(store);
            doc.index_names = (store.actors.clone(), store.topics.clone());
        } else {
            doc.index.sync(store);
        }
        let filter = &self.prefs.filter;
        let searched = search_statements(&doc.index, store, &self.search);
        let (ranked, highlights, search_error) = match searched {
            Ok((ranked, highlights)) => (ranked, highlights, None),
            // A query that cannot be read keeps what the last one found, and says why.
            Err(e) => (self.derived.ranked.clone(), self.derived.highlights.clone(), Some(e)),
        };
        // The search's hits that pass the filters, best first; every view
        // but the table takes them in store order.
        let ranked = ranked.map(|r| filter.select(store, &doc.index, r));
        let visible: Vec<usize> = match &ranked {
            Some(r) => {
                let mut v = r.clone();
                v.sort_unstable();
                v
            }
            None => filter.select(store, &doc.index, 0..store.statements.len()),
        };
        let positions = Positions::build_indexed(store, &doc.index, visible.iter().copied());
        let actors = (0..store.actors.len()).filter(|&a| filter.shows_actor(&store.actors[a].id)).collect();
        let topics = (0..store.topics.len()).filter(|&t| filter.shows_topic(&store.topics[t].id)).collect();
        self.derived = Derived {
            key: Some(key),
            visible,
            ranked,
            positions,
            actors,
            topics,
            highlights,
            latest: Some(analysis::latest_date(store)),
            search_error,
            generation: next_generation(),
        };
    }

    // ------------------------------------------------------------ commands

    fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Palette => self.palette.open(),
            Command::NewStatement => {
                if self.doc.as_ref().is_some_and(|d| d.read_only.is_none()) {
                    let store = self.doc.as_ref().map(|d| d.store.clone());
                    if let Some(store) = store {
                        self.editor.start_new(&store, &self.prefs.filter, chrono::Local::now().date_naive());
                    }
                    self.prefs.show_detail = true;
                    self.right = RightPanel::Statement;
                } else {
                    self.set_status("The store is read-only");
                }
            }
            Command::Find => self.focus_search = true,
            Command::SaveNow => self.save_now(),
            Command::Undo => self.undo_redo(false),
            Command::Redo => self.undo_redo(true),
            Command::DeleteSelection => {
                if let Some(id) = self.selected {
                    self.apply_edit(Edit::DeleteStatement(id));
                    self.selected = None;
                    self.editor = EditorState::default();
                }
            }
            Command::DuplicateSelection | Command::EditSelection => {
                let Some(doc) = &self.doc else { return };
                if doc.read_only.is_some() {
                    self.set_status("The store is read-only");
                    return;
                }
                if let Some(s) = self.selected.and_then(|id| doc.store.statement(id)) {
                    let store = doc.store.clone();
                    if command == Command::EditSelection {
                        self.editor.start_edit(&store, s);
                    } else {
                        self.editor.start_duplicate(&store, s);
                    }
                    self.prefs.show_detail = true;
                    self.right = RightPanel::Statement;
                }
            }
            Command::OpenStore => self.dialog = Some(spawn_dialog(DialogPurpose::Open)),
            Command::NewStore => self.dialog = Some(spawn_dialog(DialogPurpose::New)),
            Command::Import => {
                if self.doc.as_ref().is_some_and(|d| d.read_only.is_none()) {
                    self.dialog = Some(spawn_dialog(DialogPurpose::Import));
                } else {
                    self.set_status("The store is read-only: nothing can be imported into it");
                }
            }
            Command::OpenLatestBackup => {
                let path = self
                    .doc
                    .as_ref()
                    .map(|d| d.backup_of.clone().unwrap_or(d.path.clone()))
                    .or_else(|| self.open_failure.as_ref().map(|f| f.path.clone()));
                if let Some(p) = path {
                    match store::list_backups(&p).into_iter().next() {
                        Some(_) => self.start_open(ctx, p.clone(), Some(p)),
                        None => self.set_status(format!("{} has no backups yet", file_name(&p))),
                    }
                }
            }
            Command::ManageActorsTopics => self.manage.open = true,
            Command::ShowTab(t) => self.prefs.tab = t,
            Command::ToggleFilters => self.prefs.show_filters = !self.prefs.show_filters,
            Command::ToggleDetail => self.prefs.show_detail = !self.prefs.show_detail,
            Command::ClearFilters => {
                self.prefs.filter = Filter::default();
                self.search.clear();
            }
            Command::CycleTheme => {
                self.prefs.theme = match self.prefs.theme {
                    ThemeChoice::System => ThemeChoice::Light,
                    ThemeChoice::Light => ThemeChoice::Dark,
                    ThemeChoice::Dark => ThemeChoice::System,
                };
                self.apply_theme(ctx);
            }
        }
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.prefs.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    fn apply_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Select(id) => {
                self.selected = id;
                self.right = RightPanel::Statement;
                if id.is_some() {
                    self.prefs.show_detail = true;
                    if !self.editor.is_editing() {
                        self.editor = EditorState::default();
                    }
                }
            }
            Action::ShowCell { actor, topic } => {
                self.right = RightPanel::Cell { actor, topic };
                self.prefs.show_detail = true;
            }
            Action::Edit(edit) => {
                let edit = *edit;
                let selects = match &edit {
                    Edit::AddStatement(s) | Edit::UpdateStatement(s) => Some(s.id),
                    _ => None,
                };
                let was = self.doc.as_ref().map(|d| d.revision);
                self.apply_edit(edit);
                if selects.is_some() && self.doc.as_ref().map(|d| d.revision) != was {
                    self.selected = selects;
                    self.editor = EditorState::default();
                    self.right = RightPanel::Statement;
                }
            }
            Action::Command(c) => self.run_command(ctx, c),
            Action::SetFilter(f) => self.prefs.filter = f,
            Action::OpenTimeline(t) => {
                if let Some(doc) = &self.doc {
                    self.prefs.timeline.topic = doc.store.topics.get(t).map(|t| t.id.clone());
                }
                self.prefs.tab = Tab::Timeline;
            }
            Action::Status(s) => self.set_status(s),
            Action::Ingest(i) => match i {
                ui::ingest::IngestAction::Extract(key, options) => self.start_extract(ctx, key, options),
                ui::ingest::IngestAction::OpenFile => {
                    self.dialog = Some(spawn_dialog(DialogPurpose::IngestFile))
                }
            },
            Action::Export(e) => match e {
                ui::export::ExportAction::Preview(key, options) => self.start_preview(ctx, key, *options),
                ui::export::ExportAction::Save(format, options) => {
                    self.dialog = Some(spawn_dialog(DialogPurpose::Export(format, options)));
                }
                ui::export::ExportAction::Copy(text) => {
                    ctx.copy_text(text);
                    self.set_status("Markdown copied to the clipboard");
                }
            },
        }
    }

    fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &self.dialog else { return };
        let picked = match dialog.rx.try_recv() {
            Ok(p) => p,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => None,
        };
        let Some(dialog) = self.dialog.take() else { return };
        let Some(path) = picked else { return };
        match dialog.purpose {
            DialogPurpose::New => {
                if path.exists() {
                    self.set_status(format!("{} already exists; open it instead", path.display()));
                    return;
                }
                // A new store starts with the sample's actors and topics, and no statements.
                let mut fresh = store::sample();
                fresh.statements.clear();
                match StoreFile::create(&path, &fresh) {
                    Ok(file) => {
                        drop(file);
                        self.start_open(ctx, path, None);
                    }
                    Err(e) => self.set_status(e.to_string()),
                }
            }
            DialogPurpose::Open => self.start_open(ctx, path, None),
            DialogPurpose::Import => self.start_import(ctx, path),
            DialogPurpose::Export(format, options) => self.start_write(ctx, path, format, *options),
            DialogPurpose::IngestFile => self.start_load_text(ctx, path),
        }
    }

    /// Reads `path` (a RON or JSON store) on a thread and merges it into the
    /// open store when it is done: what File › Import does after its dialog.
    pub fn start_import(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.start_merge(ctx, path, false);
    }

    /// Reads `path` and merges it into the open store on a thread; with
    /// `compare_only`, shows what an import would change and changes nothing.
    fn start_merge(&mut self, ctx: &egui::Context, path: PathBuf, compare_only: bool) {
        let Some(doc) = &self.doc else { return };
        let ours = doc.store.clone();
        let (tx, rx) = mpsc::channel();
        let p = path.clone();
        let ctx2 = ctx.clone();
        std::thread::spawn(move || {
            let result = store::read_any(&p)
                .map(|theirs| store::merge::merge(&ours, &theirs.store))
                .map_err(|e| e.to_string());
            let _ = tx.send(result);
            ctx2.request_repaint();
        });
        if !compare_only {
            self.set_status(format!("Importing {}…", file_name(&path)));
        }
        self.jobs.push(Job::Import(path, compare_only, rx));
    }

    /// Reads a .txt, .md or .html file for the Ingest tab on a thread (HTML reduced to its text).
    pub fn start_load_text(&mut self, ctx: &egui::Context, path: PathBuf) {
        let (tx, rx) = mpsc::channel();
        let p = path.clone();
        let ctx2 = ctx.clone();
        std::thread::spawn(move || {
            let result = std::fs::read(&p)
                .map_err(|e| format!("{}: could not read: {e}", p.display()))
                .and_then(|bytes| match String::from_utf8(bytes) {
                    Ok(t) => Ok(t),
                    Err(e) => {
                        let (line, col) = store::format::line_col(e.as_bytes(), e.utf8_error().valid_up_to());
                        Err(format!("{}:{line}:{col}: not a text file (invalid UTF-8 here)", p.display()))
                    }
                })
                .map(
                    |t| if crate::ingest::looks_like_html(&t) { crate::ingest::html_to_text(&t) } else { t },
                );
            let _ = tx.send(result);
            ctx2.request_repaint();
        });
        self.jobs.push(Job::LoadText(path, rx));
    }

    fn start_extract(
        &mut self,
        ctx: &egui::Context,
        key: ui::ingest::ExtractKey,
        options: crate::ingest::IngestOptions,
    ) {
        let Some(doc) = &self.doc else { return };
        let store = doc.store.clone();
        let (tx, rx) = mpsc::channel();
        let ctx2 = ctx.clone();
        let text = key.text.clone();
        std::thread::spawn(move || {
            let _ = tx.send(crate::ingest::extract(&text, &store, &options));
            ctx2.request_repaint();
        });
        self.jobs.retain(|j| !matches!(j, Job::Extract(..)));
        self.jobs.push(Job::Extract(key, rx));
    }

    fn start_write(&mut self, ctx: &egui::Context, path: PathBuf, format: Format, options: ExportOptions) {
        let Some(doc) = &self.doc else { return };
        if let Err(e) = store::refuse_as_output(&path, Some(&doc.path)) {
            self.export.last_result = Some(Err(e.to_string()));
            return;
        }
        let store = doc.store.clone();
        let (tx, rx) = mpsc::channel();
        let ctx2 = ctx.clone();
        self.export.writing = Some(file_name(&path));
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let result = crate::export::export(&store, format, &options, &mut bytes)
                .map_err(|e| format!("Could not write the export: {e}"))
                .and_then(|_| store::write_atomic(&path, &bytes).map_err(|e| e.to_string()))
                .map(|_| {
                    format!(
                        "Saved {} ({} KB) to {}",
                        format.label(),
                        bytes.len().div_ceil(1024),
                        path.display()
                    )
                });
            let _ = tx.send(result);
            ctx2.request_repaint();
        });
        self.jobs.push(Job::Write(rx));
    }

    fn start_preview(&mut self, ctx: &egui::Context, key: ui::export::PreviewKey, options: ExportOptions) {
        let Some(doc) = &self.doc else { return };
        let store = doc.store.clone();
        let (tx, rx) = mpsc::channel();
        let ctx2 = ctx.clone();
        std::thread::spawn(move || {
            let summary = crate::export::Summary::build(&store, &options.summary);
            let _ = tx.send(crate::export::markdown::to_string(&summary));
            ctx2.request_repaint();
        });
        self.export.pending = Some(key.clone());
        self.jobs.retain(|j| !matches!(j, Job::Preview(..)));
        self.jobs.push(Job::Preview(key, rx));
    }

    fn poll_jobs(&mut self) {
        let mut still = Vec::new();
        for job in std::mem::take(&mut self.jobs) {
            match job {
                Job::Preview(key, rx) => match rx.try_recv() {
                    Ok(text) => {
                        if self.export.pending.as_ref() == Some(&key) {
                            self.export.pending = None;
                        }
                        self.export.preview = Some((key, text));
                    }
                    Err(TryRecvError::Empty) => still.push(Job::Preview(key, rx)),
                    Err(TryRecvError::Disconnected) => self.export.pending = None,
                },
                Job::Write(rx) => match rx.try_recv() {
                    Ok(result) => {
                        self.export.writing = None;
                        if let Ok(msg) = &result {
                            self.set_status(msg.clone());
                        }
                        self.export.last_result = Some(result);
                    }
                    Err(TryRecvError::Empty) => still.push(Job::Write(rx)),
                    Err(TryRecvError::Disconnected) => self.export.writing = None,
                },
                Job::Extract(key, rx) => match rx.try_recv() {
                    Ok(extraction) => self.ingest.set_extraction(key, extraction),
                    Err(TryRecvError::Empty) => still.push(Job::Extract(key, rx)),
                    Err(TryRecvError::Disconnected) => self.ingest.pending = None,
                },
                Job::LoadText(path, rx) => match rx.try_recv() {
                    Ok(Ok(text)) => {
                        self.set_status(format!("Opened {} for ingest", file_name(&path)));
                        self.ingest.set_text(text);
                    }
                    Ok(Err(e)) => self.set_status(e),
                    Err(TryRecvError::Empty) => still.push(Job::LoadText(path, rx)),
                    Err(TryRecvError::Disconnected) => {}
                },
                Job::Import(path, true, rx) => match rx.try_recv() {
                    Ok(Ok((_, report))) => self.import_report = Some((path, report, true)),
                    Ok(Err(e)) => self.set_status(format!("Could not compare: {e}")),
                    Err(TryRecvError::Empty) => still.push(Job::Import(path, true, rx)),
                    Err(TryRecvError::Disconnected) => {}
                },
                Job::Import(path, false, rx) => match rx.try_recv() {
                    Ok(Ok((merged, report))) => self.finish_import(path, merged, report),
                    Ok(Err(e)) => {
                        self.set_status(format!("Nothing imported: {e}"));
                        self.import_report = None;
                    }
                    Err(TryRecvError::Empty) => still.push(Job::Import(path, false, rx)),
                    Err(TryRecvError::Disconnected) => {}
                },
            }
        }
        self.jobs = still;
    }

    /// Applies a merged import as one undo step, saved with a backup first.
    fn finish_import(&mut self, path: PathBuf, merged: Store, report: MergeReport) {
        let Some(doc) = &self.doc else { return };
        let label = format!("Import {}", file_name(&path));
        if let Some(edit) = crate::edit::edits_between(&doc.store, &merged, label) {
            self.apply_edit(edit);
            if let (Some(doc), Some(saver)) = (&self.doc, &mut self.saver) {
                saver.send(doc.store.clone(), doc.revision, true);
                self.save_state = SaveState::Saving;
            }
        }
        self.set_status(format!("{}: {}", file_name(&path), report.headline()));
        if self.save_state == SaveState::Conflict(path.clone()) {
            // "Import mine": the conflict is settled by this import.
            self.save_state = SaveState::Saving;
        }
        self.import_report = Some((path, report, false));
    }

    /// Whether background work (an import, an export, a preview) is running (tests wait on this).
    pub fn is_busy(&self) -> bool {
        !self.jobs.is_empty() || self.dialog.is_some()
    }

    fn import_report_ui(&mut self, ctx: &egui::Context) {
        let Some((path, report, compare_only)) = &self.import_report else { return };
        let mut close = false;
        egui::Modal::new(egui::Id::unique("import-report")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            let title = if *compare_only {
                format!("What importing {} would change", file_name(path))
            } else {
                format!("Imported {}", file_name(path))
            };
            ui.label(RichText::new(title).heading());
            ui.label(report.headline());
            if !report.conflicts.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("Conflicts").strong());
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for c in &report.conflicts {
                        ui.label(c.to_string());
                    }
                });
            }
            for n in &report.notes {
                ui.label(RichText::new(n).small());
            }
            ui.add_space(8.0);
            if !*compare_only {
                ui.label(RichText::new("Undo (Ctrl+Z) takes the whole import back.").small());
            }
            if ui.button("Close").clicked() {
                close = true;
            }
        });
        if close {
            self.import_report = None;
        }
    }

    /// Restores the backup being viewed as the store: the damaged or current
    /// file is kept beside it (renamed), never deleted.
    fn restore_backup(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        let (Some(store_path), backup) = (doc.backup_of.clone(), doc.path.clone()) else { return };
        match store::restore_backup(&backup, &store_path) {
            Ok(kept) => {
                self.set_status(match kept {
                    Some(k) => format!("Restored the backup; the previous file is kept as {}", file_name(&k)),
                    None => "Restored the backup".to_owned(),
                });
                self.start_open(ctx, store_path, None);
            }
            Err(e) => self.set_status(format!("Could not restore the backup: {e}")),
        }
    }

    /// "Compare" after a conflict: what importing our version into theirs
    /// (on disk now) would change, shown without changing anything.
    fn compare_mine(&mut self, ctx: &egui::Context, ours: PathBuf) {
        let Some(doc) = &self.doc else { return };
        let disk = doc.path.clone();
        let (tx, rx) = mpsc::channel();
        let p = ours.clone();
        let ctx2 = ctx.clone();
        std::thread::spawn(move || {
            let result = store::read(&disk)
                .and_then(|theirs| store::read_any(&p).map(|mine| (theirs.store, mine.store)))
                .map(|(theirs, mine)| store::merge::merge(&theirs, &mine))
                .map_err(|e| e.to_string());
            let _ = tx.send(result);
            ctx2.request_repaint();
        });
        self.jobs.push(Job::Import(ours, true, rx));
    }

    /// "Import mine" after a conflict: reopen the store as the other program
    /// left it, then import our version from the conflict file (one undo step).
    fn import_mine(&mut self, ctx: &egui::Context, ours: PathBuf) {
        let Some(doc) = &mut self.doc else { return };
        // Our edits are all in the conflict file: nothing more to save from memory.
        doc.saved_revision = doc.revision;
        let path = doc.path.clone();
        self.import_after_open = Some(ours);
        self.start_open(ctx, path, None);
    }

    // ------------------------------------------------------------ drawing

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) -> Option<Action> {
        let mut action = None;
        let dark = ui.visuals().dark_mode;
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 10.0;
            action = action.take().or(self.menu_ui(ui));
            ui.separator();
            ui.label(RichText::new("Stancebook").strong().size(15.0));
            if let Some(doc) = &self.doc {
                let name = file_name(doc.backup_of.as_ref().unwrap_or(&doc.path));
                ui.label(RichText::new(name).color(theme::weak(dark)))
                    .on_hover_text(doc.path.display().to_string());
                let (text, color) = match (&doc.read_only, &self.save_state, doc.is_dirty()) {
                    (Some(_), _, _) => ("Read-only".to_owned(), theme::error_text(dark)),
                    (None, SaveState::Failed(_), _) => ("Not saved".to_owned(), theme::error_text(dark)),
                    (None, SaveState::Conflict(_), _) => ("Conflict".to_owned(), theme::error_text(dark)),
                    (None, SaveState::Saving, _) | (None, _, true) => {
                        ("Saving…".to_owned(), theme::weak(dark))
                    }
                    (None, SaveState::Saved, false) => ("Saved".to_owned(), theme::weak(dark)),
                };
                ui.label(RichText::new(text).small().color(color));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Commands")
                    .on_hover_text(format!(
                        "{} ({})",
                        Command::Palette.tooltip(),
                        Command::Palette.shortcut_text(ui.ctx())
                    ))
                    .clicked()
                {
                    action = Some(Action::Command(Command::Palette));
                }
                let redo = self.history.redo_label().map(str::to_owned);
                let undo = self.history.undo_label().map(str::to_owned);
                let ro = self.doc.as_ref().is_none_or(|d| d.read_only.is_some());
                if ui
                    .add_enabled(!ro && redo.is_some(), egui::Button::new("↷ Redo"))
                    .on_hover_text(redo.map_or("Nothing to redo".into(), |l| format!("Redo: {l}")))
                    .clicked()
                {
                    action = Some(Action::Command(Command::Redo));
                }
                if ui
                    .add_enabled(!ro && undo.is_some(), egui::Button::new("↶ Undo"))
                    .on_hover_text(undo.map_or("Nothing to undo".into(), |l| format!("Undo: {l}")))
                    .clicked()
                {
                    action = Some(Action::Command(Command::Undo));
                }
                ui.add_space(6.0);
                action = action.take().or(self.search_box_ui(ui));
            });
        });
        action
    }

    /// The search box; drawn inside a right-to-left layout, so the field comes before its label.
    fn search_box_ui(&mut self, ui: &mut egui::Ui) -> Option<Action> {
        let width = (ui.available_width() - 60.0).clamp(160.0, 460.0);
        let dark = ui.visuals().dark_mode;
        let mut edit = egui::TextEdit::singleline(&mut self.search)
            .hint_text("quote, speaker, outlet… or actor:kremlin topic:ceasefire since:2025-03")
            .desired_width(width)
            .id(egui::Id::unique("search-box"));
        if self.derived.search_error.is_some() {
            edit = edit.background_color(theme::error_fill(dark));
        }
        let response = ui.add(edit);
        let label = ui.label("Search");
        let response = response.labelled_by(label.id);
        if self.focus_search {
            response.request_focus();
            self.focus_search = false;
        }
        if (response.has_focus() || response.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.search.clear();
        }
        if let Some(e) = self.derived.search_error.clone() {
            response.on_hover_text(RichText::new(e).color(theme::error_text(dark)));
        }
        None
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) -> Option<Action> {
        let mut action = None;
        let ctx = ui.ctx().clone();
        let mut item = |ui: &mut egui::Ui, c: Command| {
            let button = egui::Button::new(c.label()).shortcut_text(c.shortcut_text(&ctx));
            if ui.add(button).on_hover_text(c.tooltip()).clicked() {
                action = Some(Action::Command(c));
                ui.close();
            }
        };
        {
            ui.menu_button("File", |ui| {
                for c in [Command::OpenStore, Command::NewStore, Command::SaveNow, Command::OpenLatestBackup]
                {
                    item(ui, c);
                }
            });
            ui.menu_button("Edit", |ui| {
                for c in [
                    Command::Undo,
                    Command::Redo,
                    Command::NewStatement,
                    Command::EditSelection,
                    Command::DuplicateSelection,
                    Command::DeleteSelection,
                    Command::ManageActorsTopics,
                ] {
                    item(ui, c);
                }
            });
            ui.menu_button("View", |ui| {
                for t in Tab::ALL {
                    item(ui, Command::ShowTab(t));
                }
                ui.separator();
                for c in [
                    Command::Find,
                    Command::ClearFilters,
                    Command::ToggleFilters,
                    Command::ToggleDetail,
                    Command::CycleTheme,
                    Command::Palette,
                ] {
                    item(ui, c);
                }
            });
        }
        action
    }

    fn has_banners(&self) -> bool {
        self.derived.search_error.is_some()
            || matches!(self.save_state, SaveState::Failed(_) | SaveState::Conflict(_))
            || self.doc.as_ref().is_some_and(|d| {
                d.backup_of.is_some()
                    || d.read_only.is_some()
                    || d.migrated_from.is_some()
                    || !d.problems.is_empty()
            })
    }

    fn banners_ui(&mut self, ui: &mut egui::Ui) -> Option<Action> {
        let dark = ui.visuals().dark_mode;
        let mut action = None;
        let mut restore = false;
        if let Some(doc) = &self.doc {
            if let Some(of) = &doc.backup_of {
                banner(ui, theme::warning_fill(dark), |ui| {
                    ui.label(format!(
                        "Viewing a backup of {} ({}). Nothing here is saved.",
                        file_name(of),
                        file_name(&doc.path)
                    ));
                    if ui
                        .button("Restore this backup")
                        .on_hover_text("Make it the store again; the current file is kept beside it, renamed")
                        .clicked()
                    {
                        restore = true;
                    }
                });
            } else if let Some(reason) = &doc.read_only {
                banner(ui, theme::warning_fill(dark), |ui| {
                    ui.label(format!("Read-only: {reason}. You can read, search and export; edits are off."));
                });
            }
            if let Some(v) = doc.migrated_from {
                banner(ui, theme::warning_fill(dark), |ui| {
                    ui.label(format!(
                        "This store was written with schema {v}; it was updated to schema {} and the old file is kept as a backup when it is first saved.",
                        crate::model::SCHEMA
                    ));
                });
            }
            if !doc.problems.is_empty() {
                let n = doc.problems.len();
                banner(ui, theme::warning_fill(dark), |ui| {
                    ui.label(format!("The store has {n} problem{}: ", if n == 1 { "" } else { "s" }));
                    ui.label(RichText::new(doc.problems[0].to_string()).italics());
                    if n > 1 {
                        ui.label(format!("and {} more (run `stancebook check`)", n - 1));
                    }
                });
            }
        }
        if let Some(e) = &self.derived.search_error {
            let e = e.clone();
            banner(ui, theme::warning_fill(dark), |ui| {
                ui.label(RichText::new("Search:").strong());
                ui.label(e);
                ui.label(RichText::new("(showing the last results)").color(theme::weak(dark)));
            });
        }
        let mut conflict_action = None;
        if let (SaveState::Conflict(ours), Some(doc)) = (&self.save_state, &self.doc) {
            let ours = ours.clone();
            let store_name = file_name(&doc.path);
            banner(ui, theme::error_fill(dark), |ui| {
                ui.label(RichText::new("Another program changed this store while it was open.").strong());
                ui.label(format!(
                    "Its version of {store_name} is kept; your edits were saved as {}.",
                    file_name(&ours)
                ));
                if ui
                    .button("Compare")
                    .on_hover_text("What importing your version into theirs would add and change")
                    .clicked()
                {
                    conflict_action = Some((ours.clone(), false));
                }
                if ui
                    .button("Import mine")
                    .on_hover_text(
                        "Reopen their version and merge yours into it by statement id (one undo step)",
                    )
                    .clicked()
                {
                    conflict_action = Some((ours.clone(), true));
                }
            });
        }
        if let SaveState::Failed(msg) = &self.save_state {
            let msg = msg.clone();
            banner(ui, theme::error_fill(dark), |ui| {
                ui.label(RichText::new("Your last edits are not on disk.").strong());
                ui.label(msg);
                if ui.button("Try again").clicked() {
                    action = Some(Action::Command(Command::SaveNow));
                }
            });
        }
        if restore {
            let ctx = ui.ctx().clone();
            self.restore_backup(&ctx);
        }
        if let Some((ours, import)) = conflict_action {
            let ctx = ui.ctx().clone();
            if import {
                self.import_mine(&ctx, ours);
            } else {
                self.compare_mine(&ctx, ours);
            }
        }
        action
    }

    fn open_failure_ui(&mut self, ui: &mut egui::Ui) -> Option<Action> {
        let failure = self.open_failure.clone()?;
        let dark = ui.visuals().dark_mode;
        let mut action = None;
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.set_max_width(640.0);
            egui::Frame::new().fill(theme::error_fill(dark)).corner_radius(8).inner_margin(18).show(
                ui,
                |ui| {
                    ui.label(RichText::new("The store could not be opened").heading());
                    ui.add_space(6.0);
                    ui.label(RichText::new(&failure.message).monospace());
                    ui.add_space(6.0);
                    ui.label("The file has not been changed, and it will not be overwritten.");
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if !failure.backups.is_empty() {
                            if ui.button("Open latest backup").clicked() {
                                action = Some(Action::Command(Command::OpenLatestBackup));
                            }
                        } else {
                            ui.label(
                                RichText::new("There are no backups of this store.").color(theme::weak(dark)),
                            );
                        }
                        if ui.button("Open another store…").clicked() {
                            action = Some(Action::Command(Command::OpenStore));
                        }
                        if ui.button("New store…").clicked() {
                            action = Some(Action::Command(Command::NewStore));
                        }
                    });
                },
            );
        });
        action
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        let dark = ui.visuals().dark_mode;
        ui.horizontal(|ui| {
            if let Some(doc) = &self.doc {
                let total = doc.store.statements.len();
                let shown = self.derived.visible.len();
                let text = if shown == total {
                    format!("{total} statements")
                } else {
                    format!("{shown} of {total} statements shown")
                };
                ui.label(RichText::new(text).small().color(theme::weak(dark)));
                ui.label(RichText::new("·").small().color(theme::weak(dark)));
                ui.label(
                    RichText::new(format!(
                        "{} actors · {} topics",
                        doc.store.actors.len(),
                        doc.store.topics.len()
                    ))
                    .small()
                    .color(theme::weak(dark)),
                );
            }
            // Long work in progress: say what, with a spinner, for as long as it runs.
            for job in &self.jobs {
                let what = match job {
                    Job::Import(path, false, _) => Some(format!("Importing {}…", file_name(path))),
                    Job::Import(path, true, _) => Some(format!("Comparing {}…", file_name(path))),
                    Job::Write(_) => self.export.writing.as_ref().map(|w| format!("Writing {w}…")),
                    Job::LoadText(path, _) => Some(format!("Reading {}…", file_name(path))),
                    Job::Preview(..) | Job::Extract(..) => None,
                };
                if let Some(what) = what {
                    ui.separator();
                    ui.spinner();
                    ui.label(RichText::new(what).small());
                    ui.ctx().request_repaint_after(Duration::from_millis(100));
                }
            }
            if let Some((msg, at)) = &self.status
                && at.elapsed() < Duration::from_secs(8)
            {
                ui.separator();
                ui.label(RichText::new(msg).small());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    RichText::new(format!("{} for commands", Command::Palette.shortcut_text(ui.ctx())))
                        .small()
                        .color(theme::weak(dark)),
                );
            });
        });
    }

    fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            for t in Tab::ALL {
                let selected = self.prefs.tab == t;
                let text = RichText::new(t.label()).size(14.5);
                let text = if selected { text.strong() } else { text };
                if ui
                    .selectable_label(selected, text)
                    .on_hover_text(format!(
                        "{} ({})",
                        t.tooltip(),
                        Command::ShowTab(t).shortcut_text(ui.ctx())
                    ))
                    .clicked()
                {
                    self.prefs.tab = t;
                }
            }
        });
        ui.separator();
    }

    fn central_ui(&mut self, ui: &mut egui::Ui) -> Option<Action> {
        if let Some(opening) = &self.opening {
            ui.add_space(60.0);
            ui.vertical_centered(|ui| {
                ui.spinner();
                ui.label(format!("Opening {}…", file_name(&opening.path)));
            });
            ui.ctx().request_repaint_after(Duration::from_millis(100));
            return None;
        }
        if self.doc.is_none() {
            return self.open_failure_ui(ui);
        }
        self.tabs_ui(ui);
        let doc = self.doc.as_ref()?;
        let view = make_view(
            self.doc_generation,
            doc,
            &self.derived,
            &self.prefs.filter,
            self.selected,
            ui.visuals().dark_mode,
        );
        match self.prefs.tab {
            Tab::Matrix => ui::matrix::matrix_ui(ui, &view, &mut self.prefs.matrix, &mut self.matrix),
            Tab::Timeline => {
                ui::timeline::timeline_ui(ui, &view, &mut self.prefs.timeline, &mut self.timeline)
            }
            Tab::Statements => ui::statements::statements_ui(ui, &view, &mut self.statements),
            Tab::Shifts => ui::shifts::shifts_ui(ui, &view, &mut self.prefs.shifts, &mut self.shifts),
            Tab::Ingest => ui::ingest::ingest_ui(ui, &view, &mut self.ingest),
            Tab::Export => ui::export::export_ui(ui, &view, &mut self.export),
        }
    }

    fn detail_ui(&mut self, ui: &mut egui::Ui) -> Option<Action> {
        let doc = self.doc.as_ref()?;
        let view = make_view(
            self.doc_generation,
            doc,
            &self.derived,
            &self.prefs.filter,
            self.selected,
            ui.visuals().dark_mode,
        );
        let panel = match &self.right {
            RightPanel::Statement => DetailPanel::Statement,
            RightPanel::Cell { actor, topic } => DetailPanel::Cell { actor: *actor, topic: *topic },
        };
        ui::editor::detail_ui(ui, &view, panel, &mut self.editor)
    }
}

fn make_view<'a>(
    doc_generation: u64,
    doc: &'a Document,
    derived: &'a Derived,
    filter: &'a Filter,
    selected: Option<StatementId>,
    dark: bool,
) -> View<'a> {
    View {
        store: &doc.store,
        visible: &derived.visible,
        ranked: derived.ranked.as_deref(),
        positions: &derived.positions,
        actors: &derived.actors,
        topics: &derived.topics,
        filter,
        highlights: &derived.highlights,
        latest: derived.latest.unwrap_or_else(|| analysis::latest_date(&doc.store)),
        generation: derived.generation,
        store_generation: (doc_generation << 40) ^ doc.revision,
        selected,
        read_only: doc.read_only.is_some(),
        dark,
    }
}

/// A number that never repeats within a run, for cache keys in view states.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

type Highlights = HashMap<usize, Vec<(String, Vec<usize>)>>;

/// The statements matching the search box, best first (`None` when it is
/// empty), with the characters to highlight per field; or why the query
/// cannot be read (with its column).
fn search_statements(
    index: &SearchIndex,
    store: &Store,
    text: &str,
) -> Result<(Option<Vec<usize>>, Highlights), String> {
    if text.trim().is_empty() {
        return Ok((None, HashMap::new()));
    }
    let query = Query::parse_checked(text, store).map_err(|e| e.to_string())?;
    let results = index.search(store, &query, 0);
    let mut highlights = HashMap::new();
    for hit in &results.hits {
        let fields: Vec<(String, Vec<usize>)> = hit
            .matches
            .iter()
            .filter_map(|m| {
                let name = match m.field {
                    Field::Quote => "quote",
                    Field::Speaker => "speaker",
                    Field::Actor => "actor",
                    Field::Outlet => "outlet",
                    Field::Notes => "notes",
                    Field::Original => "original",
                    _ => return None,
                };
                Some((name.to_owned(), m.char_indices.clone()))
            })
            .collect();
        if !fields.is_empty() {
            highlights.insert(hit.index, fields);
        }
    }
    Ok((Some(results.hits.iter().map(|h| h.index).collect()), highlights))
}

fn banner(ui: &mut egui::Ui, fill: Color32, add: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::new().fill(fill).inner_margin(egui::Margin::symmetric(12, 6)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(add);
    });
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn spawn_dialog(purpose: DialogPurpose) -> Dialog {
    let (tx, rx) = mpsc::channel();
    let store_filter = |d: rfd::AsyncFileDialog| d.add_filter("Stancebook store", &["ron"]);
    // The dialog is created here (the main thread, as macOS requires) and awaited on a thread.
    type PickFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Option<rfd::FileHandle>> + Send>>;
    let future: PickFuture = match &purpose {
        DialogPurpose::Open => {
            Box::pin(store_filter(rfd::AsyncFileDialog::new()).set_title("Open store").pick_file())
        }
        DialogPurpose::New => Box::pin(
            store_filter(rfd::AsyncFileDialog::new())
                .set_title("New store")
                .set_file_name("store.ron")
                .save_file(),
        ),
        DialogPurpose::Import => Box::pin(
            rfd::AsyncFileDialog::new()
                .add_filter("Stancebook store or export", &["ron", "json"])
                .set_title("Import a colleague's store")
                .pick_file(),
        ),
        DialogPurpose::IngestFile => Box::pin(
            rfd::AsyncFileDialog::new()
                .add_filter("Text, Markdown or HTML", &["txt", "md", "html", "htm"])
                .set_title("Open a text to ingest")
                .pick_file(),
        ),
        DialogPurpose::Export(format, options) => {
            let as_of = options.summary.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            Box::pin(
                rfd::AsyncFileDialog::new()
                    .add_filter(format.label(), &[format.extension()])
                    .set_title(format!("Save {}", format.label()))
                    .set_file_name(format.default_file_name(as_of))
                    .save_file(),
            )
        }
    };
    std::thread::spawn(move || {
        let picked = pollster::block_on(future).map(|h| h.path().to_owned());
        let _ = tx.send(picked);
    });
    Dialog { purpose, rx }
}

impl eframe::App for StancebookApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_opening(&ctx);
        self.poll_saver();
        self.poll_dialog(&ctx);
        self.poll_jobs();

        let mut actions: Vec<Action> = Vec::new();
        if !self.palette.is_open()
            && let Some(c) = ui::commands::pressed(&ctx)
        {
            actions.push(Action::Command(c));
        }
        self.refresh_derived();

        egui::Panel::top("top-bar").show(ui, |ui| {
            ui.add_space(3.0);
            actions.extend(self.top_bar_ui(ui));
            ui.add_space(1.0);
        });
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_bar_ui(ui));
        if self.has_banners() {
            egui::Panel::top("banners").frame(egui::Frame::NONE).show_separator_line(false).show(ui, |ui| {
                actions.extend(self.banners_ui(ui));
            });
        }
        if self.doc.is_some() {
            let mut show_filters = self.prefs.show_filters;
            egui::Panel::left("filters").default_size(230.0).min_size(180.0).show_collapsible(
                ui,
                &mut show_filters,
                |ui| {
                    if let Some(doc) = &self.doc {
                        actions.extend(ui::filters::filters_ui(ui, &doc.store, &self.prefs.filter));
                    }
                },
            );
            self.prefs.show_filters = show_filters;
            // The detail panel shows when it has something to show.
            let has_content = self.selected.is_some()
                || self.editor.is_editing()
                || matches!(self.right, RightPanel::Cell { .. });
            let mut show_detail = self.prefs.show_detail && has_content;
            egui::Panel::right("detail").default_size(360.0).min_size(280.0).show_collapsible(
                ui,
                &mut show_detail,
                |ui| {
                    actions.extend(self.detail_ui(ui));
                },
            );
            if has_content {
                self.prefs.show_detail = show_detail;
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            actions.extend(self.central_ui(ui));
        });

        if let Some(doc) = &self.doc {
            actions.extend(ui::palette::palette_ui(&ctx, &mut self.palette, &doc.store));
            if self.manage.open {
                actions.extend(ui::manage::manage_ui(
                    &ctx,
                    &doc.store,
                    doc.read_only.is_some(),
                    &mut self.manage,
                ));
            }
        } else if self.palette.is_open() {
            actions.extend(ui::palette::palette_ui(&ctx, &mut self.palette, &Store::default()));
        }

        self.import_report_ui(&ctx);
        for a in actions {
            self.apply_action(&ctx, a);
        }
        self.autosave();
        if self.status.as_ref().is_some_and(|(_, at)| at.elapsed() < Duration::from_secs(8)) {
            ctx.request_repaint_after(Duration::from_secs(1));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.use_storage {
            eframe::set_value(storage, PREFS_KEY, &self.prefs);
        }
    }

    fn on_exit(&mut self) {
        self.finish_saving();
    }

    fn auto_save_interval(&self) -> Duration {
        Duration::from_secs(10)
    }
}
