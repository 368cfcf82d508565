//! What the app does with what the views ask for ([`Action`]), with the
//! commands from menus, the palette and shortcuts ([`Command`]), and with
//! the results of background work ([`Event`]). The only place the app's
//! state changes, apart from the views' own UI state.

use super::effects::{DialogPurpose, Event, file_name};
use super::{RightPanel, StancebookApp};
use crate::analysis::Filter;
use crate::edit::Edit;
use crate::ui::editor::EditorState;
use crate::ui::{self, Action, Command, Tab};

impl StancebookApp {
    pub(super) fn apply_action(&mut self, ctx: &egui::Context, action: Action) {
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
            Action::Edit(edit) if crate::edit::touches_statements(&edit) && self.must_ask_analyst() => {
                self.ask_analyst(Some(Action::Edit(edit)))
            }
            Action::Edit(edit) => self.apply_view_edit(*edit),
            Action::Command(c) => self.run_command(ctx, c),
            Action::SetFilter(f) => self.prefs.filter = f,
            Action::SetSearch(text) => self.search = text,
            Action::ShowEvent(id) => {
                if let Some(doc) = &self.doc {
                    self.events.show(doc.store(), id);
                }
            }
            Action::OpenTimeline(t) => {
                if let Some(doc) = &self.doc {
                    self.prefs.timeline.topic = doc.store().topics.get(t).map(|t| t.id.clone());
                }
                self.prefs.tab = Tab::Timeline;
            }
            Action::Status(s) => self.set_status(s),
            Action::RestoreBackup => self.restore_backup(),
            Action::CompareMine(ours) => self.compare_mine(ours),
            Action::ImportMine(ours) => self.import_mine(ours),
            Action::CloseReport => self.import_report = None,
            Action::CopyCitation(c) => {
                let what = if self.effects.copy_rich(ctx, c.text, c.html) {
                    "Citation copied (as text and as formatted text)"
                } else {
                    "Citation copied as text"
                };
                self.set_status(what);
            }
            Action::Ingest(i) => match i {
                ui::ingest::IngestAction::Extract(key, options) => {
                    if let Some(doc) = &self.doc {
                        self.ingest.pending = Some(key.clone());
                        self.effects.extract(doc.session.shared(), key, options);
                    }
                }
                ui::ingest::IngestAction::OpenFile => self.effects.dialog(DialogPurpose::IngestFile),
            },
            Action::Export(e) => match e {
                ui::export::ExportAction::Preview(key, options) => {
                    if let Some(doc) = &self.doc {
                        self.export.pending = Some(key.clone());
                        self.effects.preview(doc.session.shared(), key, *options);
                    }
                }
                ui::export::ExportAction::Save(format, options) => {
                    self.effects.dialog(DialogPurpose::Export(format, options))
                }
                ui::export::ExportAction::Copy(text) => {
                    self.effects.copy(ctx, text);
                    self.set_status("Markdown copied to the clipboard");
                }
                ui::export::ExportAction::Mark(b) => self.record_briefing(*b),
            },
        }
    }

    /// Records a briefing (one undoable edit) and says so.
    fn record_briefing(&mut self, b: crate::model::Briefing) {
        let said = format!(
            "Recorded the briefing “{}” as of {}: “Since last briefing” now compares with it",
            b.title,
            ui::widgets::date_text(b.date)
        );
        if self.apply_edit(Edit::AddBriefing(b)) {
            self.set_status(said);
        }
    }

    /// An edit from a view; a statement it adds or changes becomes the selection.
    fn apply_view_edit(&mut self, edit: Edit) {
        let statement = match &edit {
            Edit::AddStatement(s) | Edit::UpdateStatement(s) => Some(s.id),
            _ => None,
        };
        if self.apply_edit(edit) && statement.is_some() {
            self.selected = statement;
            self.editor = EditorState::default();
            self.right = RightPanel::Statement;
        }
    }

    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        let writable = self.doc.as_ref().is_some_and(|d| d.read_only.is_none());
        match command {
            Command::Palette => self.palette.open(),
            Command::NewStatement | Command::EditSelection | Command::DuplicateSelection if !writable => {
                self.set_status("The store is read-only")
            }
            Command::NewStatement => {
                let today = self.effects.today();
                if let Some(doc) = &self.doc {
                    self.editor.start_new(doc.store(), &self.prefs.filter, today);
                }
                self.show_editor();
            }
            Command::EditSelection | Command::DuplicateSelection => {
                let Some(doc) = &self.doc else { return };
                if let Some(s) = self.selected.and_then(|id| doc.store().statement(id)) {
                    if command == Command::EditSelection {
                        self.editor.start_edit(doc.store(), s);
                    } else {
                        self.editor.start_duplicate(doc.store(), s);
                    }
                    self.show_editor();
                }
            }
            Command::DeleteSelection if self.selected.is_some() && self.must_ask_analyst() => {
                self.ask_analyst(Some(Action::Command(command)))
            }
            Command::DeleteSelection => {
                if let Some(id) = self.selected
                    && self.apply_edit(Edit::DeleteStatement(id))
                {
                    self.selected = None;
                    self.editor = EditorState::default();
                }
            }
            Command::SubmitForm => {
                if let Some(doc) = &self.doc {
                    let today = self.effects.today();
                    let action = self.editor.submit(doc.store(), today);
                    self.apply_action(ctx, action);
                }
            }
            Command::CancelForm => {
                if let Some(action) = self.editor.cancel() {
                    self.apply_action(ctx, action);
                }
            }
            Command::ClearSearch => self.search.clear(),
            Command::Find => self.focus_search = true,
            Command::SaveNow => self.save_now(),
            Command::Undo => self.undo_redo(false),
            Command::Redo => self.undo_redo(true),
            Command::OpenStore => self.effects.dialog(DialogPurpose::Open),
            Command::OpenStoreFolder => self.effects.dialog(DialogPurpose::OpenFolder),
            Command::NewStore => self.effects.dialog(DialogPurpose::New),
            Command::Import if writable => self.effects.dialog(DialogPurpose::Import),
            Command::Import => self.set_status("The store is read-only: nothing can be imported into it"),
            Command::OpenLatestBackup => self.open_latest_backup(),
            Command::MarkBriefing if !writable => {
                self.set_status("The store is read-only: no briefing can be recorded")
            }
            Command::MarkBriefing => {
                let Some(doc) = &self.doc else { return };
                let store = doc.store();
                let latest = crate::analysis::latest_date(store);
                let b = self.export.briefing_for(store, &self.prefs.filter, self.derived.generation, latest);
                self.record_briefing(b);
            }
            Command::ManageActorsTopics => self.manage.open = true,
            Command::Events => self.events.open(),
            Command::NewEvent if !writable => {
                self.set_status("The store is read-only: no event can be added")
            }
            Command::NewEvent => self.events.start_new(),
            Command::Lexicon => self.lexicon.open(),
            Command::Analyst => self.ask_analyst(None),
            Command::Sync => self.start_sync(super::sync::Reason::Asked),
            Command::Conflicts => self.conflicts.open(),
            Command::SyncSettings => self.sync.settings_open = true,
            Command::ShareStore => self.open_share_dialog(super::sync::ShareMode::Share),
            Command::OpenSharedStore => self.open_share_dialog(super::sync::ShareMode::Open),
            Command::ShowTab(t) => self.prefs.tab = t,
            Command::ToggleFilters => self.prefs.show_filters = !self.prefs.show_filters,
            Command::ToggleDetail => self.prefs.show_detail = !self.prefs.show_detail,
            Command::ClearFilters => {
                self.prefs.filter = Filter::default();
                self.search.clear();
            }
            Command::ToggleFrameTimings => self.prefs.frame_timings = !self.prefs.frame_timings,
            Command::CycleTheme => {
                self.prefs.theme = self.prefs.theme.next();
                ctx.set_theme(self.prefs.theme.preference());
            }
        }
    }

    /// Whether a statement edit must first ask who is making it: the
    /// preferences name nobody, the analyst was not asked yet this session,
    /// and the store can be written.
    fn must_ask_analyst(&self) -> bool {
        self.prefs.analyst_name.is_none()
            && !self.analyst_asked
            && self.doc.as_ref().is_some_and(|d| d.read_only.is_none())
    }

    /// Asks for the analyst's name: before `pending` (the first statement
    /// edit of the session, applied once the prompt is answered either
    /// way), or, with none, from Edit › Analyst….
    fn ask_analyst(&mut self, pending: Option<Action>) {
        self.analyst_asked |= pending.is_some();
        self.analyst_prompt = Some(AnalystPrompt {
            name: self.prefs.analyst_name.clone().unwrap_or_default(),
            email: self.prefs.analyst_email.clone().unwrap_or_default(),
            error: None,
            focus: true,
            pending,
        });
    }

    /// The analyst's prompt answered: with `save`, the name typed is kept in
    /// the preferences (from Edit › Analyst…, two empty fields forget it);
    /// without ("Not now", "Cancel"), nothing changes. Either way the edit
    /// that asked is then applied.
    pub(super) fn answer_analyst_prompt(&mut self, ctx: &egui::Context, save: bool) {
        let Some(prompt) = self.analyst_prompt.take() else { return };
        if save {
            let analyst = crate::model::Analyst::new(&prompt.name, Some(&prompt.email));
            let forget = prompt.pending.is_none() && analyst.name.is_empty() && analyst.email.is_none();
            let problem = if forget {
                None
            } else if analyst.name.is_empty() && prompt.pending.is_some() {
                Some("Type your name, or choose “Not now”".to_owned())
            } else if analyst.name.is_empty() {
                Some("Type your name (or empty both fields to stop recording it)".to_owned())
            } else {
                analyst.problem().map(|p| {
                    let mut chars = p.chars();
                    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
                })
            };
            if let Some(error) = problem {
                self.analyst_prompt = Some(AnalystPrompt { error: Some(error), focus: false, ..prompt });
                return;
            }
            if forget {
                self.prefs.set_analyst(None);
                self.set_status("Your name is no longer recorded with the statements you add or change");
            } else {
                self.set_status(format!(
                    "Your name, {}, is recorded with the statements you add or change",
                    analyst.name
                ));
                self.prefs.set_analyst(Some(analyst));
            }
        }
        if let Some(action) = prompt.pending {
            self.apply_action(ctx, action);
        }
    }

    fn show_editor(&mut self) {
        self.prefs.show_detail = true;
        self.right = RightPanel::Statement;
    }

    fn open_latest_backup(&mut self) {
        let store = self
            .doc
            .as_ref()
            .map(|d| d.backup_of.clone().unwrap_or(d.path.clone()))
            .or_else(|| self.open_failure.as_ref().map(|f| f.path.clone()));
        let Some(store) = store else { return };
        if crate::store::folder::is_folder(&store) {
            // A folder's backups hold the files each save replaced: the files
            // that no longer read are put back from them, then it reopens.
            if crate::store::folder::list_backups(&store).is_empty() {
                self.set_status(format!("{} has no backups yet", file_name(&store)));
            } else {
                self.effects.repair_folder(store);
            }
        } else if crate::store::list_backups(&store).is_empty() {
            self.set_status(format!("{} has no backups yet", file_name(&store)));
        } else {
            // The store's own path as the backup: its newest backup that loads.
            self.start_open(store.clone(), Some(store));
        }
    }

    /// Applies what background work produced.
    pub(super) fn on_event(&mut self, event: Event) {
        match event {
            Event::Opened { path, backup_of, millis, result } => {
                self.on_opened(path, backup_of, millis, *result)
            }
            Event::Saved { revision, file, result } => self.on_saved(revision, *file, result),
            Event::Derived { key, index, derived } => {
                if let Some(doc) = &mut self.doc
                    && doc.generation == key.document
                {
                    doc.session.return_index(*index);
                    if derived.search_error.is_none() {
                        self.last_good_query = key.query.clone();
                    }
                    self.derived = *derived;
                    self.derived_key = Some(key);
                }
            }
            Event::Picked { purpose, path: Some(path), .. } => self.on_picked(purpose, path),
            Event::Picked { purpose, path: None, unavailable: true } => {
                let suggested = suggested_path(&purpose);
                self.path_prompt = Some(PathPrompt { purpose, text: suggested, error: None });
            }
            Event::Picked { path: None, .. } => {}
            Event::Merged { path, compare_only, result } => self.on_merged(path, compare_only, result),
            Event::Exported { result, briefing } => {
                self.export.writing = None;
                if let Ok(msg) = &result {
                    self.set_status(msg.clone());
                }
                self.export.last_result = Some(result);
                if let Some(b) = briefing
                    && self.doc.as_ref().is_some_and(|d| d.read_only.is_none())
                {
                    self.record_briefing(*b);
                }
            }
            Event::Previewed { key, summary } => self.export.preview_ready(key, *summary),
            Event::Extracted { key, extraction } => self.ingest.set_extraction(key, extraction),
            Event::TextLoaded { path, result } => match result {
                Ok(text) => {
                    self.set_status(format!("Opened {} for ingest", file_name(&path)));
                    self.ingest.set_text(text);
                }
                Err(e) => self.set_status(e),
            },
            Event::Restored { store, result } => self.on_restored(store, result),
            Event::Created { path, result } => match result {
                Ok(()) => self.start_open(path, None),
                Err(e) => self.set_status(e),
            },
            Event::SyncStatus { dir, result } => self.on_sync_status(dir, result),
            Event::Synced { dir, result, status } => self.on_synced(dir, result, status),
            Event::Shared { dir, result } => self.on_shared(dir, result),
            Event::Cloned { dir, result } => self.on_cloned(dir, result),
            Event::Converted { dir, result } => self.on_converted(dir, result),
            Event::Lost(what) => {
                if what == "Syncing…" {
                    self.on_synced(
                        std::path::PathBuf::new(),
                        Err(crate::sync::SyncError::Blocked("the sync stopped unexpectedly".into())),
                        None,
                    );
                }
                self.set_status(format!("{what} stopped unexpectedly; nothing was changed"))
            }
        }
    }

    /// The typed path of the fallback prompt, taken as a dialog's choice.
    pub(super) fn submit_path_prompt(&mut self) {
        let Some(prompt) = self.path_prompt.take() else { return };
        let text = prompt.text.trim();
        let path = std::path::PathBuf::from(text);
        let reads = !matches!(prompt.purpose, DialogPurpose::New | DialogPurpose::Export(..));
        let error = if text.is_empty() {
            Some("Type a path.".to_owned())
        } else if matches!(prompt.purpose, DialogPurpose::OpenFolder)
            && !crate::store::folder::is_store_folder(&path)
        {
            Some(format!("{text}: no store folder here (it holds `{}`)", crate::store::folder::HEADER))
        } else if reads && !matches!(prompt.purpose, DialogPurpose::OpenFolder) && !path.is_file() {
            Some(format!("{text}: no such file"))
        } else if !reads && path.parent().is_some_and(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
            Some(format!(
                "{}: no such folder",
                path.parent().map(|d| d.display().to_string()).unwrap_or_default()
            ))
        } else {
            None
        };
        match error {
            Some(e) => self.path_prompt = Some(PathPrompt { error: Some(e), ..prompt }),
            None => self.on_picked(prompt.purpose, path),
        }
    }

    fn on_picked(&mut self, purpose: DialogPurpose, path: std::path::PathBuf) {
        match purpose {
            DialogPurpose::New => self.effects.create(path),
            DialogPurpose::Open | DialogPurpose::OpenFolder => self.start_open(path, None),
            DialogPurpose::Import => self.start_merge(path, false),
            DialogPurpose::IngestFile => self.effects.load_text(path),
            DialogPurpose::Export(format, options) => {
                let Some(doc) = &self.doc else { return };
                self.export.writing = Some(file_name(&path));
                let store_path = doc.backup_of.clone().unwrap_or(doc.path.clone());
                self.effects.export(doc.session.shared(), path, store_path, format, *options);
            }
        }
    }
}

/// A path to offer where no file dialog can be shown: an export's default
/// file name in the data folder, `store.ron` there for a new store, nothing
/// for a file to open.
fn suggested_path(purpose: &DialogPurpose) -> String {
    let dir = crate::store::data_dir().unwrap_or_default();
    match purpose {
        DialogPurpose::Export(format, options) => {
            let as_of = options.summary.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            dir.join(format.default_file_name(as_of)).display().to_string()
        }
        DialogPurpose::New => dir.join("store.ron").display().to_string(),
        _ => String::new(),
    }
}

/// The analyst's name and e-mail being typed (see [`StancebookApp::ask_analyst`]).
pub struct AnalystPrompt {
    /// The name as typed.
    pub name: String,
    /// The e-mail as typed (optional).
    pub email: String,
    /// Why the last Save was refused.
    pub error: Option<String>,
    /// The name field takes the keyboard when the prompt opens.
    pub focus: bool,
    /// The statement edit that asked (applied once the prompt is answered),
    /// or none when the analyst opened it from the menu.
    pub pending: Option<Action>,
}

/// The prompt shown where no file dialog could open: the path typed.
pub struct PathPrompt {
    /// What the path is for.
    pub purpose: DialogPurpose,
    /// The path as typed.
    pub text: String,
    /// Why the last path typed was refused.
    pub error: Option<String>,
}
