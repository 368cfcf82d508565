//! The open store's life in the window: opened on a thread, edited through
//! the session, saved within a second of every edit on a thread, a conflict
//! with another program's change kept and offered back, and everything
//! written on exit.

use std::path::PathBuf;

use super::StancebookApp;
use super::effects::{Event, Opened, file_name};
use crate::edit::Edit;
use crate::model::{Problem, Store};
use crate::session::Session;
use crate::store::merge::MergeReport;
use crate::store::{StoreError, StoreFile};

/// The open store and what the app knows about its file.
pub struct Document {
    /// The store file (for a backup being viewed, the backup).
    pub path: PathBuf,
    /// The store, its search index and its undo history.
    pub session: Session,
    /// The file, while it is here: `None` when read-only, or while a save has it.
    pub file: Option<StoreFile>,
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
    /// A number for this opening of this store (view caches key on it).
    pub generation: u64,
}

impl Document {
    /// Whether there are edits not yet on disk.
    pub fn is_dirty(&self) -> bool {
        self.session.revision() != self.saved_revision
    }

    /// The store as it is now.
    pub fn store(&self) -> &Store {
        self.session.store()
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

impl StancebookApp {
    /// Starts opening `path` (or, with `backup_of`, a backup read-only),
    /// after writing any pending edits of the store now open.
    pub(super) fn start_open(&mut self, path: PathBuf, backup_of: Option<PathBuf>) {
        self.finish_saving();
        // Reopening the store that is open: give up its lock, or the new
        // open would find it taken (by us) and open read-only.
        if let Some(doc) = &mut self.doc
            && backup_of.is_none()
            && crate::store::disk::real_path(&doc.path) == crate::store::disk::real_path(&path)
        {
            doc.file = None;
            doc.read_only.get_or_insert_with(|| "being reopened".into());
        }
        self.effects.open(path, backup_of);
    }

    pub(super) fn on_opened(
        &mut self,
        path: PathBuf,
        backup_of: Option<PathBuf>,
        millis: u128,
        result: Result<Opened, StoreError>,
    ) {
        let Opened { file, parsed, index } = match result {
            Ok(o) => o,
            Err(e) => {
                self.import_after_open = None;
                self.note_after_open = None;
                self.sync_open_failed(&e.to_string());
                let backups = if crate::store::folder::is_folder(&path) {
                    crate::store::folder::list_backups(&path)
                } else {
                    crate::store::list_backups(&path)
                };
                self.open_failure = Some(OpenFailure { path, message: e.to_string(), backups });
                return;
            }
        };
        let opened_path = file.path().to_owned();
        let problems = parsed.store.validate();
        let mut read_only = file.read_only_reason().map(str::to_owned);
        if backup_of.is_some() {
            read_only = Some("this is a backup; restore it to edit".into());
        }
        self.next_document += 1;
        self.doc = Some(Document {
            path: opened_path.clone(),
            session: Session::with_index(parsed.store, index),
            file: if read_only.is_none() { Some(file) } else { None },
            saved_revision: 0,
            read_only,
            problems,
            migrated_from: parsed.migrated_from,
            backup_of: backup_of.clone(),
            generation: self.next_document,
        });
        self.open_failure = None;
        self.save_state = SaveState::Saved;
        self.selected = None;
        self.right = super::RightPanel::Statement;
        self.editor = Default::default();
        self.derived = Default::default();
        self.derived_key = None;
        self.sync_on_opened(&path, &opened_path, backup_of.is_some());
        if backup_of.is_none() {
            self.prefs.store_path = Some(path);
        }
        let opened = format!("Opened {} in {millis} ms", file_name(&opened_path));
        match self.note_after_open.take() {
            Some(note) => self.set_status(format!("{note}. {opened}")),
            None => self.set_status(opened),
        }
        if let Some(mine) = self.import_after_open.take() {
            self.start_merge(mine, false);
        }
    }

    /// Whether a store is still being opened (tests wait on this).
    pub fn is_opening(&self) -> bool {
        self.effects.is_opening()
    }

    /// Whether every edit is on disk (tests wait on this).
    pub fn is_saved(&mut self) -> bool {
        self.save_state == SaveState::Saved
            && self.doc.as_ref().is_none_or(|d| !d.is_dirty())
            && !self.effects.is_saving()
    }

    // ------------------------------------------------------------ saving

    pub(super) fn on_saved(
        &mut self,
        revision: u64,
        file: StoreFile,
        result: Result<crate::store::SaveReport, StoreError>,
    ) {
        let Some(doc) = &mut self.doc else { return };
        if doc.file.is_none() && doc.read_only.is_none() {
            doc.file = Some(file);
        }
        match result {
            Ok(_) => {
                doc.saved_revision = doc.saved_revision.max(revision);
                if !matches!(self.save_state, SaveState::Conflict(_)) {
                    self.save_state = SaveState::Saved;
                }
                self.sync_status_soon();
            }
            Err(StoreError::ChangedOnDisk { ours_saved_as: Some(ours), .. }) => {
                self.save_state = SaveState::Conflict(ours)
            }
            Err(e) => self.save_state = SaveState::Failed(e.to_string()),
        }
    }

    /// Starts a save of the current revision when there are edits to write
    /// and no save is running (autosave; `force` also after a failure, and
    /// with a backup whatever the interval).
    pub(super) fn save(&mut self, force: bool, force_backup: bool) {
        let Some(doc) = &mut self.doc else { return };
        let blocked = matches!(self.save_state, SaveState::Failed(_) | SaveState::Conflict(_)) && !force;
        if !doc.is_dirty() && !force_backup || blocked || doc.read_only.is_some() {
            return;
        }
        let Some(file) = doc.file.take() else { return };
        self.effects.save(file, doc.session.shared(), doc.session.revision(), force_backup);
        self.save_state = SaveState::Saving;
    }

    /// Saves now (Ctrl+S), also after a failed save.
    pub(super) fn save_now(&mut self) {
        match self.doc.as_ref().and_then(|d| d.read_only.clone()) {
            Some(reason) => self.set_status(format!("Not saved: read-only ({reason})")),
            None => self.save(true, false),
        }
    }

    /// Writes any pending edits and waits for them (on exit, or before opening another store).
    pub fn finish_saving(&mut self) {
        if let Some(Event::Saved { revision, file, result }) = self.effects.finish_save() {
            self.on_saved(revision, *file, result);
        }
        let Some(doc) = &mut self.doc else { return };
        if !doc.is_dirty() || matches!(self.save_state, SaveState::Conflict(_)) {
            return;
        }
        let revision = doc.session.revision();
        if let Some(mut file) = doc.file.take() {
            let result = file.save(doc.session.store());
            self.on_saved(revision, file, result);
        }
    }

    // ------------------------------------------------------------ editing

    /// Applies an edit the analyst made: the statements it adds or changes
    /// record them (the name in the preferences, if any).
    pub(super) fn apply_edit(&mut self, edit: Edit) -> bool {
        self.apply_edit_as(edit, true)
    }

    /// Applies `edit`; with `by_analyst` false (an import, a sync) its
    /// statements keep the analysts they record.
    pub(super) fn apply_edit_as(&mut self, edit: Edit, by_analyst: bool) -> bool {
        let analyst = self.prefs.analyst();
        let Some(doc) = &mut self.doc else { return false };
        if let Some(reason) = doc.read_only.clone() {
            self.set_status(format!("Read-only: {reason}"));
            return false;
        }
        let label = edit.label();
        let applied = if by_analyst {
            doc.session.set_analyst(analyst);
            doc.session.apply(edit)
        } else {
            doc.session.apply_as_recorded(edit)
        };
        match applied {
            Ok(applied) => {
                self.set_status(applied.label);
                true
            }
            Err(e) => {
                self.set_status(format!("{label} failed: {e}"));
                false
            }
        }
    }

    pub(super) fn undo_redo(&mut self, redo: bool) {
        let Some(doc) = &mut self.doc else { return };
        if doc.read_only.is_some() {
            return;
        }
        let result = if redo { doc.session.redo() } else { doc.session.undo() };
        let still_there = self.selected.is_some_and(|id| doc.store().statement(id).is_some());
        if !still_there {
            self.selected = None;
        }
        let (done, verb) = if redo { ("Redid", "redo") } else { ("Undid", "undo") };
        self.set_status(match result {
            Ok(Some(label)) => format!("{done} {label}"),
            Ok(None) => format!("Nothing to {verb}"),
            Err(e) => format!("Could not {verb}: {e}"),
        });
    }

    // ------------------------------------------------------------ imports and conflicts

    /// Reads `path` and merges it into the open store (or only compares).
    pub(super) fn start_merge(&mut self, path: PathBuf, compare_only: bool) {
        let Some(store) = self.doc.as_ref().map(|d| d.session.shared()) else { return };
        if !compare_only {
            self.set_status(format!("Importing {}…", file_name(&path)));
        }
        self.effects.merge(path, store, compare_only, None);
    }

    pub(super) fn on_merged(
        &mut self,
        path: PathBuf,
        compare_only: bool,
        result: Result<Box<(Store, MergeReport)>, String>,
    ) {
        match result.map(|b| *b) {
            Ok((_, report)) if compare_only => self.import_report = Some((path, report, true)),
            Ok((merged, report)) => self.finish_import(path, merged, report),
            Err(e) if compare_only => self.set_status(format!("Could not compare: {e}")),
            Err(e) => {
                self.set_status(format!("Nothing imported: {e}"));
                self.import_report = None;
            }
        }
    }

    /// Applies a merged import as one undo step, saved with a backup first.
    fn finish_import(&mut self, path: PathBuf, merged: Store, report: MergeReport) {
        let Some(doc) = &self.doc else { return };
        let label = format!("Import {}", file_name(&path));
        if let Some(edit) = crate::edit::edits_between(doc.store(), &merged, label)
            && self.apply_edit_as(edit, false)
        {
            if self.save_state == SaveState::Conflict(path.clone()) {
                // "Import mine": the conflict is settled by this import.
                self.save_state = SaveState::Saved;
            }
            self.save(false, true);
        }
        self.set_status(format!("{}: {}", file_name(&path), report.headline()));
        self.import_report = Some((path, report, false));
    }

    /// "Compare" after a conflict: what importing our version into theirs
    /// (on disk now) would change, shown without changing anything.
    pub(super) fn compare_mine(&mut self, ours: PathBuf) {
        let Some(doc) = &self.doc else { return };
        self.effects.merge(ours, doc.session.shared(), true, Some(doc.path.clone()));
    }

    /// "Import mine" after a conflict: reopen the store as the other program
    /// left it, then import our version from the conflict file (one undo step).
    pub(super) fn import_mine(&mut self, ours: PathBuf) {
        let Some(doc) = &mut self.doc else { return };
        // Our edits are all in the conflict file: nothing more to save from memory.
        doc.saved_revision = doc.session.revision();
        let path = doc.path.clone();
        self.import_after_open = Some(ours);
        self.save_state = SaveState::Saved;
        self.start_open(path, None);
    }

    /// Restores the backup being viewed as the store.
    pub(super) fn restore_backup(&mut self) {
        let Some(doc) = &self.doc else { return };
        if let Some(store) = doc.backup_of.clone() {
            self.effects.restore(doc.path.clone(), store);
        }
    }

    pub(super) fn on_restored(&mut self, store: PathBuf, result: Result<Option<PathBuf>, String>) {
        let folder = crate::store::folder::is_folder(&store);
        match result {
            Ok(kept) => {
                let note = match (kept, folder) {
                    (Some(k), true) => {
                        format!("Repaired from the backups; the damaged files are kept in {}", file_name(&k))
                    }
                    (None, true) => "Every file of the store reads; no backup was needed".to_owned(),
                    (Some(k), false) => {
                        format!("Restored the backup; the previous file is kept as {}", file_name(&k))
                    }
                    (None, false) => "Restored the backup".to_owned(),
                };
                self.set_status(note.clone());
                self.note_after_open = Some(note);
                self.start_open(store, None);
            }
            Err(e) if folder => self.set_status(format!("Could not repair the store: {e}")),
            Err(e) => self.set_status(format!("Could not restore the backup: {e}")),
        }
    }

    pub(super) fn set_status(&mut self, message: impl Into<String>) {
        self.status = Some((message.into(), self.effects.now()));
    }

    /// The status message, while it is fresh (eight seconds).
    pub(super) fn fresh_status(&self) -> Option<&str> {
        self.status
            .as_ref()
            .filter(|(_, at)| self.effects.now().saturating_duration_since(*at).as_secs() < 8)
            .map(|(m, _)| m.as_str())
    }
}
