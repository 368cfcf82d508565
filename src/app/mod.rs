//! The desktop app: one frame at a time, it polls background work
//! ([`effects`]), draws the shell and the views, and applies what they ask
//! for ([`actions`]). The open store lives in a [`document::Document`]
//! around a core [`Session`](crate::session::Session); every file, thread,
//! dialog and clipboard access goes through [`effects`].

mod actions;
mod document;
mod effects;
mod prefs;
mod shell;
mod sync;
mod team;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use document::{Document, OpenFailure, SaveState};
pub use prefs::{Prefs, ThemeChoice};
pub use sync::Standing as SyncStanding;

use crate::session::Derived;
use crate::store::merge::MergeReport;
use crate::ui::editor::{EditorState, Panel as DetailPanel};
use crate::ui::{self, Action, Tab, View, theme};
use effects::{DeriveKey, Effects};

/// Opens the window on the store at `store` (or the last store used, or the
/// default store, created from the bundled sample on first use).
pub fn run(store: Option<PathBuf>) -> Result<ExitCode, String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Stancebook")
            .with_app_id("stancebook")
            // The first run starts here, clamped to the monitor, and is then
            // sized from the monitor (see `size_to_monitor`); later runs
            // open as the analyst left the window.
            .with_inner_size([1280.0, 800.0])
            .with_clamp_size_to_monitor_size(true)
            .with_min_inner_size([900.0, 560.0]),
        persist_window: true,
        // Every file the app writes lives in the data folder, its window
        // state included, so that `STANCEBOOK_HOME` moves all of it.
        persistence_path: crate::store::data_dir().map(|d| d.join("window")),
        ..Default::default()
    };
    eframe::run_native(
        "Stancebook",
        options,
        Box::new(move |cc| Ok(Box::new(StancebookApp::new(cc, Startup { store, use_storage: true })))),
    )
    .map_err(|e| format!("could not open the window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// How the app starts.
pub struct Startup {
    /// The store to open (`--store`); else the last one used, else the default.
    pub store: Option<PathBuf>,
    /// Read and write preferences through eframe's storage, and copy rich
    /// text to the system clipboard (both off in tests: copies then go
    /// through egui's output, where a test can read them).
    pub use_storage: bool,
}

/// What a test sets up beyond [`Startup`] (see [`StancebookApp::with_setup`]).
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// The preferences to start with, instead of the stored or default ones.
    pub prefs: Option<Prefs>,
    /// Environment variables for every git the app runs (a test gives git
    /// a home of its own: `HOME`, `GIT_CONFIG_NOSYSTEM`).
    pub git_env: Vec<(String, String)>,
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

/// The Stancebook window.
pub struct StancebookApp {
    /// Preferences (persisted).
    pub prefs: Prefs,
    use_storage: bool,
    /// The remembered zoom was applied (on the first frame).
    zoom_applied: bool,
    /// The UI thread's time of the last frames, for the timings overlay.
    frame_times: std::collections::VecDeque<Duration>,
    effects: Effects,
    /// The open store, once opened.
    pub doc: Option<Document>,
    next_document: u64,
    /// Why the last open failed.
    pub open_failure: Option<OpenFailure>,
    /// The state of the last save.
    pub save_state: SaveState,
    /// What the views show, and what it was derived for.
    derived: Derived,
    derived_key: Option<DeriveKey>,
    /// The search box's text, and the last text that could be read as a query.
    pub search: String,
    last_good_query: String,
    focus_search: bool,
    /// The search box had the keyboard in the last frame (Esc is read
    /// before egui takes the focus away from it).
    search_focused: bool,
    /// The selected statement.
    pub selected: Option<crate::model::StatementId>,
    right: RightPanel,
    editor: EditorState,
    matrix: ui::matrix::MatrixState,
    timeline: ui::timeline::TimelineState,
    statements: ui::statements::StatementsState,
    shifts: ui::shifts::ShiftsState,
    palette: ui::palette::PaletteState,
    manage: ui::manage::ManageState,
    events: ui::events::EventsState,
    export: ui::export::ExportState,
    ingest: ui::ingest::IngestState,
    status: Option<(String, Instant)>,
    import_report: Option<(PathBuf, MergeReport, bool)>,
    /// The typed-path prompt shown where no file dialog could open.
    path_prompt: Option<actions::PathPrompt>,
    /// A file to import as soon as the store being opened is open ("Import mine").
    import_after_open: Option<PathBuf>,
    /// What to say once the store being opened is open (a repair's outcome).
    note_after_open: Option<String>,
    /// The analyst's name was asked for this session (and perhaps put off
    /// with "Not now"): it is not asked again before an edit.
    analyst_asked: bool,
    /// The analyst's name being asked for (before the first edit, or from Edit › Analyst…).
    analyst_prompt: Option<actions::AnalystPrompt>,
    /// Team sync: where the store stands with git, the sync running, the dialogs.
    sync: sync::SyncState,
    /// Environment variables for every git the app runs.
    git_env: Vec<(String, String)>,
    conflicts: ui::conflicts::ConflictsState,
    lexicon: ui::lexicon::LexiconState,
}

impl StancebookApp {
    /// Creates the app and starts opening its store.
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        Self::with_setup(cc, startup, Setup::default())
    }

    /// [`StancebookApp::new`] with the preferences and git's environment a test gives.
    pub fn with_setup(cc: &eframe::CreationContext<'_>, startup: Startup, setup: Setup) -> Self {
        theme::install(&cc.egui_ctx);
        let mut prefs: Prefs = match (setup.prefs, startup.use_storage, cc.storage) {
            (Some(p), _, _) => p,
            (None, true, Some(s)) => eframe::get_value(s, prefs::PREFS_KEY).unwrap_or_default(),
            _ => Prefs::default(),
        };
        let path = startup
            .store
            .or_else(|| prefs.store_path.clone().filter(|p| p.exists()))
            .or_else(crate::store::default_path);
        prefs.store_path = path.clone();
        cc.egui_ctx.set_theme(prefs.theme.preference());
        let ctx = cc.egui_ctx.clone();
        let mut app = StancebookApp {
            prefs,
            use_storage: startup.use_storage,
            zoom_applied: false,
            frame_times: std::collections::VecDeque::new(),
            effects: Effects::new(Arc::new(move || ctx.request_repaint()), startup.use_storage),
            doc: None,
            next_document: 0,
            open_failure: None,
            save_state: SaveState::Saved,
            derived: Derived::default(),
            derived_key: None,
            search: String::new(),
            last_good_query: String::new(),
            focus_search: false,
            search_focused: false,
            selected: None,
            right: RightPanel::Statement,
            editor: EditorState::default(),
            matrix: Default::default(),
            timeline: Default::default(),
            statements: Default::default(),
            shifts: Default::default(),
            palette: Default::default(),
            manage: Default::default(),
            events: Default::default(),
            export: Default::default(),
            ingest: Default::default(),
            status: None,
            import_report: None,
            path_prompt: None,
            import_after_open: None,
            note_after_open: None,
            analyst_asked: false,
            analyst_prompt: None,
            sync: Default::default(),
            git_env: setup.git_env,
            conflicts: Default::default(),
            lexicon: Default::default(),
        };
        match path {
            Some(p) => app.start_open(p, None),
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

    /// Whether background work (an open, a search, an import, an export, a
    /// preview) is running (tests wait on this).
    pub fn is_busy(&self) -> bool {
        self.effects.is_busy() || self.needs_derive()
    }

    /// Reads `path` (a RON or JSON store) and merges it into the open store:
    /// what File › Import does after its dialog.
    pub fn start_import(&mut self, path: PathBuf) {
        self.start_merge(path, false);
    }

    /// Fixes the app's "today" (snapshot tests, whose pictures must not
    /// change with the date they run on).
    pub fn fix_today(&mut self, today: chrono::NaiveDate) {
        self.effects.fix_today(today);
    }

    /// Clears the status bar's message (snapshot tests, whose frames must not carry timings).
    pub fn clear_status(&mut self) {
        self.status = None;
    }

    fn derive_key(&self) -> Option<DeriveKey> {
        let doc = self.doc.as_ref()?;
        Some(DeriveKey {
            document: doc.generation,
            revision: doc.session.revision(),
            filter: self.prefs.filter.clone(),
            query: self.search.clone(),
        })
    }

    /// Changes whenever the store the views draw changes (view caches key on it).
    fn derived_generation(&self) -> u64 {
        self.derived_key.as_ref().map_or(0, |k| (k.document << 40) ^ k.revision)
    }

    fn needs_derive(&self) -> bool {
        self.derive_key().is_some_and(|k| self.derived_key.as_ref() != Some(&k))
    }

    /// Starts deriving what the views show when the store, the filters or
    /// the search changed, unless a derivation is already running (its
    /// result is then followed by another).
    fn refresh_derived(&mut self) {
        if !self.needs_derive() || self.effects.is_deriving() {
            return;
        }
        let Some(key) = self.derive_key() else { return };
        let Some(doc) = &mut self.doc else { return };
        if let Some((store, index)) = doc.session.lend_index() {
            self.effects.derive(key, store, index, self.last_good_query.clone());
        }
    }

    fn central_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        if self.effects.is_opening() && self.doc.is_none() {
            ui.add_space(60.0);
            ui.vertical_centered(|ui| {
                ui.spinner();
                ui.label("Opening the store…");
            });
            return;
        }
        if self.doc.is_none() {
            self.open_failure_ui(ui, actions);
            return;
        }
        self.tabs_ui(ui, actions);
        let Some(doc) = &self.doc else { return };
        let view = make_view(
            doc,
            &self.derived,
            &self.prefs.filter,
            self.selected,
            (ui.visuals().dark_mode, self.effects.today()),
        );
        let view = View { store_generation: self.derived_generation(), ..view };
        match self.prefs.tab {
            Tab::Matrix => {
                ui::matrix::matrix_ui(ui, &view, &mut self.prefs.matrix, &mut self.matrix, actions)
            }
            Tab::Timeline => {
                ui::timeline::timeline_ui(ui, &view, &mut self.prefs.timeline, &mut self.timeline, actions)
            }
            Tab::Statements => ui::statements::statements_ui(ui, &view, &mut self.statements, actions),
            Tab::Shifts => {
                ui::shifts::shifts_ui(ui, &view, &mut self.prefs.shifts, &mut self.shifts, actions)
            }
            Tab::Ingest => ui::ingest::ingest_ui(ui, &view, &mut self.ingest, actions),
            Tab::Export => ui::export::export_ui(ui, &view, &mut self.export, actions),
        }
    }

    fn panels_ui(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let Some(doc) = &self.doc else { return };
        let mut show_filters = self.prefs.show_filters;
        // Side panels keep the width the analyst gave them (egui remembers
        // it), within bounds set by the window, so that the central view
        // keeps room at 1024 px; what is inside wraps or scrolls, and can
        // never widen its panel.
        let (filters_range, detail_range) = panel_ranges(ui.ctx().content_rect().width());
        egui::Panel::left("filters").default_size(210.0).size_range(filters_range).show_collapsible(
            ui,
            &mut show_filters,
            |ui| {
                contained(ui, |ui| ui::filters::filters_ui(ui, doc.store(), &self.prefs.filter, actions));
            },
        );
        self.prefs.show_filters = show_filters;
        // The detail panel shows when it has something to show.
        let has_content = self.selected.is_some()
            || self.editor.is_editing()
            || matches!(self.right, RightPanel::Cell { .. });
        let mut show_detail = self.prefs.show_detail && has_content;
        let panel = match &self.right {
            RightPanel::Statement => DetailPanel::Statement,
            RightPanel::Cell { actor, topic } => DetailPanel::Cell { actor: *actor, topic: *topic },
        };
        let view = make_view(
            doc,
            &self.derived,
            &self.prefs.filter,
            self.selected,
            (ui.visuals().dark_mode, self.effects.today()),
        );
        let view = View { store_generation: self.derived_generation(), ..view };
        egui::Panel::right("detail").default_size(340.0).size_range(detail_range).show_collapsible(
            ui,
            &mut show_detail,
            |ui| {
                contained(ui, |ui| ui::editor::detail_ui(ui, &view, panel, &mut self.editor, actions));
            },
        );
        if has_content {
            self.prefs.show_detail = show_detail;
        }
    }

    /// The keys pressed this frame that name a command, in the scopes active now.
    fn pressed(&self, ctx: &egui::Context) -> Option<Action> {
        if self.palette.is_open() || self.analyst_prompt.is_some() {
            return None;
        }
        // While the events window has the keyboard, its Esc and Ctrl+Enter are its own.
        let in_events = self.events.has_keyboard();
        let scopes = ui::commands::active_scopes(
            self.search_focused && !in_events,
            self.editor.is_editing() && !in_events,
        );
        // Delete takes out the selected statement, which is not what the
        // analyst is looking at while working in the events window.
        ui::commands::pressed(ctx, &scopes)
            .filter(|c| !(in_events && *c == ui::Command::DeleteSelection))
            .map(Action::Command)
    }
}

impl StancebookApp {
    /// The window's own settings: on the first run, a size from the monitor
    /// (the whole of a laptop's screen; 85 % of a larger one, at most
    /// 1600 × 1000); the zoom (Ctrl + / −) remembered.
    fn window_ui(&mut self, ctx: &egui::Context) {
        if self.use_storage
            && !self.prefs.sized_to_monitor
            && let Some(monitor) = ctx.input(|i| i.viewport().monitor_size)
        {
            if monitor.x <= 1440.0 {
                ctx.send_viewport_cmd(egui::ViewportCommand::Maximized(true));
            } else {
                let size = egui::vec2((monitor.x * 0.85).min(1600.0), (monitor.y * 0.85).min(1000.0));
                ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
            }
            self.prefs.sized_to_monitor = true;
        }
        let zoom = ctx.zoom_factor();
        if (zoom - self.prefs.zoom).abs() > f32::EPSILON {
            if self.zoom_applied {
                self.prefs.zoom = zoom;
            } else {
                ctx.set_zoom_factor(self.prefs.zoom.clamp(0.5, 3.0));
            }
        }
        self.zoom_applied = true;
    }
}

impl StancebookApp {
    /// The overlay of View › Frame timings: the UI thread's time for the
    /// last frame, and the median and 95th percentile of the last 240.
    fn frame_timings_ui(&self, ctx: &egui::Context) {
        let mut sorted: Vec<Duration> = self.frame_times.iter().copied().collect();
        sorted.sort();
        let at =
            |p: f64| sorted.get(((sorted.len().max(1) - 1) as f64 * p) as usize).copied().unwrap_or_default();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let last = self.frame_times.back().copied().unwrap_or_default();
        egui::Area::new(egui::Id::unique("frame-timings"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -36.0))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(
                        egui::RichText::new(format!(
                            "UI thread per frame: last {:.1} ms · median {:.1} · p95 {:.1} ({} frames)",
                            ms(last),
                            ms(at(0.5)),
                            ms(at(0.95)),
                            sorted.len()
                        ))
                        .monospace(),
                    );
                });
            });
        ctx.request_repaint_after(Duration::from_millis(500));
    }
}

/// Draws `add` in exactly the room left in `ui`, clipped to it: whatever
/// it holds, it cannot make its panel wider (a panel grows to fit what it
/// was given the frame before, so one field a pixel too wide made it creep).
fn contained(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    let rect = ui.available_rect_before_wrap();
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(*ui.layout()));
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    add(&mut child);
    ui.allocate_rect(rect, egui::Sense::hover());
}

/// The widths the filter and detail panels may take in a window this wide:
/// each may be dragged within its range, and the central view keeps at
/// least about 45 % of the window.
pub fn panel_ranges(window: f32) -> (std::ops::RangeInclusive<f32>, std::ops::RangeInclusive<f32>) {
    let filters_max = (window * 0.22).clamp(180.0, 320.0);
    let detail_max = (window * 0.36).clamp(280.0, 560.0);
    (160.0..=filters_max, 260.0..=detail_max)
}

/// What the views see of the document and the derived data.
fn make_view<'a>(
    doc: &'a Document,
    derived: &'a Derived,
    filter: &'a crate::analysis::Filter,
    selected: Option<crate::model::StatementId>,
    (dark, today): (bool, chrono::NaiveDate),
) -> View<'a> {
    View {
        // The version the derived indices point into (the latest once derived).
        store: derived.store.as_deref().unwrap_or(doc.store()),
        visible: &derived.visible,
        ranked: derived.ranked.as_deref(),
        positions: &derived.positions,
        actors: &derived.actors,
        topics: &derived.topics,
        filter,
        highlights: &derived.highlights,
        latest: derived.latest.unwrap_or_else(|| crate::analysis::latest_date(doc.store())),
        today,
        generation: derived.generation,
        store_generation: 0,
        selected,
        read_only: doc.read_only.is_some(),
        dark,
    }
}

impl eframe::App for StancebookApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let started = Instant::now();
        let ctx = ui.ctx().clone();
        for event in self.effects.poll() {
            self.on_event(event);
        }
        self.sync_tick(&ctx);
        self.window_ui(&ctx);
        let mut actions: Vec<Action> = self.pressed(&ctx).into_iter().collect();
        let bar = egui::Panel::top("top-bar").show(ui, |ui| {
            ui.add_space(3.0);
            self.top_bar_ui(ui, &mut actions);
            ui.add_space(1.0);
        });
        // Windows open below the menu bar, never over it.
        let mut below_bar = ctx.content_rect();
        below_bar.min.y = bar.response.rect.bottom();
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_bar_ui(ui));
        if self.has_banners() {
            egui::Panel::top("banners").frame(egui::Frame::NONE).show_separator_line(false).show(ui, |ui| {
                self.banners_ui(ui, &mut actions);
            });
        }
        self.panels_ui(ui, &mut actions);
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui, &mut actions));
        let empty = crate::model::Store::default();
        let store = self.doc.as_ref().map_or(&empty, |d| d.store());
        ui::palette::palette_ui(&ctx, &mut self.palette, store, &mut actions);
        if self.manage.open {
            let read_only = self.doc.as_ref().is_none_or(|d| d.read_only.is_some());
            ui::manage::manage_ui(&ctx, below_bar, store, read_only, &mut self.manage, &mut actions);
        }
        let read_only = self.doc.as_ref().is_none_or(|d| d.read_only.is_some());
        ui::events::events_ui(&ctx, below_bar, store, read_only, &mut self.events, &mut actions);
        ui::conflicts::conflicts_ui(&ctx, below_bar, store, read_only, &mut self.conflicts, &mut actions);
        ui::lexicon::lexicon_ui(&ctx, below_bar, store, read_only, &mut self.lexicon, &mut actions);
        self.import_report_ui(&ctx, &mut actions);
        self.share_dialog_ui(&ctx);
        self.sync_settings_ui(&ctx);
        self.sync_failure_ui(&ctx, &mut actions);
        self.closing_ui(&ctx);
        self.path_prompt_ui(&ctx);
        self.analyst_prompt_ui(&ctx);
        for a in actions {
            self.apply_action(&ctx, a);
        }
        // While a sync runs, the store is written only when it asks (its
        // save and apply requests): git must never stage a save half done.
        if self.sync.running.is_none() {
            self.save(false, false);
        }
        self.refresh_derived();
        self.frame_times.push_back(started.elapsed());
        if self.frame_times.len() > 240 {
            self.frame_times.pop_front();
        }
        if self.prefs.frame_timings {
            self.frame_timings_ui(&ctx);
        }
        if self.effects.is_busy() || self.fresh_status().is_some() {
            ctx.request_repaint_after(Duration::from_millis(250));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.use_storage {
            eframe::set_value(storage, prefs::PREFS_KEY, &self.prefs);
        }
    }

    fn on_exit(&mut self) {
        self.finish_saving();
    }

    fn auto_save_interval(&self) -> Duration {
        Duration::from_secs(10)
    }
}
