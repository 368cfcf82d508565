//! The app's side of team sync (issue 16): where the open store stands
//! with git, one sync at a time on a background thread (it reaches the
//! store by asking the UI thread, see [`SyncRequest`]), syncs on open, on a
//! timer and before the window closes, and sharing and cloning a store.
//! What is drawn for it is in `team.rs`.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::StancebookApp;
use super::document::SaveState;
use super::effects::{SyncRequest, file_name};
use crate::model::Store;
use crate::store::StoreError;
use crate::sync::{Git, Options, Report, Status, SyncError};

/// How soon after a save the status is read again (saves come in bursts).
const STATUS_AFTER_SAVE: Duration = Duration::from_secs(3);
/// How often the status is read while nothing happens.
const STATUS_EVERY: Duration = Duration::from_secs(60);
/// How long the message of a sync that failed before closing stays up.
const CLOSING_MESSAGE: Duration = Duration::from_secs(3);

/// Where the open store stands with git.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Standing {
    /// Not read yet.
    #[default]
    Unknown,
    /// Not shared: a single file (`folder` false) or a folder without a repository.
    NotShared {
        /// Whether the store is a folder.
        folder: bool,
    },
    /// Shared, as the status says.
    Shared(Status),
    /// Shared, but git cannot be run (missing, too old…): why.
    Unavailable(String),
}

/// Why a sync was started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The analyst asked (the Sync button, Ctrl+Shift+S).
    Asked,
    /// The store was just opened.
    Opened,
    /// The timer.
    Timer,
    /// The window is closing.
    Closing,
}

/// What the last sync failed with, until one succeeds.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// Its kind ([`SyncError::kind`]).
    pub kind: &'static str,
    /// Its message, saying what to do.
    pub message: String,
    /// Whether the remote could not be reached.
    pub offline: bool,
}

/// The window closing while the store is synced.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Closing {
    /// Not closing.
    #[default]
    No,
    /// Closing once the sync is done.
    Syncing,
    /// The sync failed: this message, then the window closes.
    Failed(String, Instant),
    /// Nothing holds the window any more.
    Allowed,
}

/// Which part of the share dialog is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareMode {
    /// Share the open store.
    Share,
    /// Clone a shared store into a new folder.
    Open,
}

/// The share dialog's fields.
#[derive(Clone, Debug)]
pub struct ShareDialog {
    /// Share or open.
    pub mode: ShareMode,
    /// The remote to share to.
    pub remote: String,
    /// The new store folder a single-file store is copied into.
    pub folder: String,
    /// The shared store to open.
    pub clone_remote: String,
    /// The new folder it is copied into.
    pub clone_folder: String,
    /// The analyst changed that folder (it is no longer named after the remote).
    pub folder_edited: bool,
    /// What is running ("Sharing…"), while it runs.
    pub busy: Option<String>,
    /// Why the last attempt failed.
    pub error: Option<String>,
}

/// The app's sync state.
#[derive(Default)]
pub struct SyncState {
    /// The store folder (or file) the state below is for.
    pub dir: Option<PathBuf>,
    /// Where it stands.
    pub standing: Standing,
    /// The sync running, and why it was started.
    pub running: Option<Reason>,
    requests: Option<mpsc::Receiver<SyncRequest>>,
    /// The last sync's failure, until one succeeds.
    pub failure: Option<Failure>,
    /// The last successful sync's report.
    pub report: Option<Report>,
    /// "Offline" was said once since the last success.
    offline_said: bool,
    /// When the last sync was started (or the store opened): the timer counts from it.
    last_attempt: Option<Instant>,
    /// When to read the status next.
    status_due: Option<Instant>,
    /// When it was last read.
    status_read: Option<Instant>,
    /// The sync on open was started for this store.
    synced_on_open: bool,
    /// After the store being opened is open: share it to this remote (converted from a file).
    share_after_open: Option<(PathBuf, Option<String>)>,
    /// The window closing.
    pub closing: Closing,
    /// The share dialog, when open.
    pub share: Option<ShareDialog>,
    /// The settings dialog is open.
    pub settings_open: bool,
    /// The failure's message is shown in a dialog.
    pub failure_open: bool,
}

/// What the token of a document is: its opening and its revision.
fn token(doc: &super::Document) -> u64 {
    (doc.generation << 40) ^ doc.session.revision()
}

impl StancebookApp {
    /// Git for the store folder `dir`, with the environment the app was given.
    pub(super) fn git(&self, dir: &Path) -> Git {
        self.git_env.iter().fold(Git::new(dir), |g, (k, v)| g.with_env(k, v))
    }

    /// Whether a sync is running (tests wait on this).
    pub fn is_syncing(&self) -> bool {
        self.sync.running.is_some()
    }

    /// Where the open store stands with git.
    pub fn sync_standing(&self) -> &Standing {
        &self.sync.standing
    }

    /// A store was opened (`asked` is the path asked for, `path` the
    /// store's): what is known of the last one's sync goes.
    pub(super) fn sync_on_opened(&mut self, asked: &Path, path: &Path, backup: bool) {
        let now = self.effects.now();
        let same = self.sync.dir.as_deref() == Some(path);
        self.sync.dir = Some(path.to_owned());
        if !same {
            self.sync.standing = Standing::Unknown;
            self.sync.failure = None;
            self.sync.report = None;
            self.sync.offline_said = false;
            self.sync.synced_on_open = false;
        }
        self.sync.last_attempt = Some(now);
        self.sync.status_due = (!backup).then_some(now);
        if let Some((dir, remote)) = self.sync.share_after_open.take()
            && (dir == asked || dir == path)
        {
            let analyst = self.prefs.analyst();
            if let Some(d) = &mut self.sync.share {
                d.busy = Some("Sharing the store…".into());
            }
            self.effects.share(self.git(path), remote, analyst);
        }
    }

    /// The conflicts the top bar counts: those needing a decision, or all
    /// when the analyst reviews every one.
    pub(super) fn conflicts_to_show(&self) -> usize {
        self.doc.as_ref().map_or(0, |d| {
            d.store()
                .conflicts
                .iter()
                .filter(|c| self.prefs.review_all_conflicts || c.settled.needs_decision())
                .count()
        })
    }

    /// Starts a sync of the open store, unless one is running (or the store
    /// cannot be synced: then why, for a sync the analyst asked for).
    pub(super) fn start_sync(&mut self, reason: Reason) {
        // One git at a time in the repository: a status read holds its index lock.
        if self.sync.running.is_some() || self.effects.is_reading_sync_status() {
            return;
        }
        let Some(doc) = &self.doc else { return };
        if let Some(why) = &doc.read_only {
            if reason == Reason::Asked {
                self.set_status(format!("Not synced: the store is read-only ({why})"));
            }
            return;
        }
        match &self.sync.standing {
            Standing::Shared(_) => {}
            Standing::NotShared { .. } if reason == Reason::Asked => {
                self.open_share_dialog(ShareMode::Share);
                return;
            }
            Standing::Unavailable(why) if reason == Reason::Asked => {
                let why = why.clone();
                self.set_status(format!("Not synced: {why}"));
                return;
            }
            _ => return,
        }
        let dir = doc.path.clone();
        let opts = Options { review_all: self.prefs.review_all_conflicts, analyst: self.prefs.analyst() };
        let (tx, rx) = mpsc::channel();
        self.sync.requests = Some(rx);
        self.sync.running = Some(reason);
        self.sync.last_attempt = Some(self.effects.now());
        self.effects.sync(self.git(&dir), opts, tx);
    }

    /// Once a frame: answers the sync's requests, reads the status when it
    /// is due, starts the syncs on open and on the timer, and holds the
    /// window while it syncs before closing.
    pub(super) fn sync_tick(&mut self, ctx: &egui::Context) {
        self.serve_sync_requests();
        let now = self.effects.now();
        let shared = matches!(self.sync.standing, Standing::Shared(_));
        let has_store = self.doc.as_ref().is_some_and(|d| d.backup_of.is_none());
        if has_store && shared && self.sync.status_read.is_some_and(|t| now >= t + STATUS_EVERY) {
            self.sync.status_due.get_or_insert(now);
        }
        if has_store
            && self.sync.status_due.is_some_and(|t| now >= t)
            && self.sync.running.is_none()
            && !self.effects.is_reading_sync_status()
            && let Some(dir) = self.doc.as_ref().map(|d| d.path.clone())
        {
            self.sync.status_due = None;
            self.sync.status_read = Some(now);
            self.effects.sync_status(self.git(&dir));
        }
        let every = Duration::from_secs(u64::from(self.prefs.sync_every_minutes) * 60);
        let timer_due = self.sync.last_attempt.map(|t| t + every);
        if shared && self.prefs.sync_every_minutes > 0 && timer_due.is_some_and(|t| now >= t) {
            self.start_sync(Reason::Timer);
            // Whether or not it could start, the next try is a whole interval away.
            self.sync.last_attempt = Some(now);
        }
        self.closing_tick(ctx, now);
        // Wake for what is due next, and to keep "3 min ago" current.
        let mut next = Duration::from_secs(30);
        for due in [self.sync.status_due, self.sync.status_read.map(|t| t + STATUS_EVERY), timer_due]
            .into_iter()
            .flatten()
        {
            next = next.min(due.saturating_duration_since(now).max(Duration::from_millis(100)));
        }
        if shared || self.sync.status_due.is_some() {
            ctx.request_repaint_after(next);
        }
    }

    /// The close button: with sync on exit, the window waits for a sync.
    fn closing_tick(&mut self, ctx: &egui::Context, now: Instant) {
        if ctx.input(|i| i.viewport().close_requested()) {
            let shared = matches!(self.sync.standing, Standing::Shared(_));
            let writable = self.doc.as_ref().is_some_and(|d| d.read_only.is_none());
            match self.sync.closing {
                Closing::Allowed => {}
                Closing::No if !(self.prefs.sync_on_exit && shared && writable) => {}
                Closing::No => {
                    ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                    self.sync.closing = Closing::Syncing;
                    self.start_sync(Reason::Closing);
                    if self.sync.running.is_none() {
                        self.close_now(ctx);
                    }
                }
                // Asked again while it syncs: it keeps waiting ("Close now" closes).
                Closing::Syncing | Closing::Failed(..) => {
                    ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose)
                }
            }
        }
        match &self.sync.closing {
            Closing::Syncing if self.sync.running.is_none() => self.close_now(ctx),
            Closing::Failed(_, at) if now >= *at + CLOSING_MESSAGE => self.close_now(ctx),
            Closing::Failed(..) => ctx.request_repaint_after(Duration::from_millis(200)),
            _ => {}
        }
    }

    /// Lets the window close, and closes it.
    pub(super) fn close_now(&mut self, ctx: &egui::Context) {
        self.sync.closing = Closing::Allowed;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// The status is read again soon (after a save).
    pub(super) fn sync_status_soon(&mut self) {
        let at = self.effects.now() + STATUS_AFTER_SAVE;
        if matches!(self.sync.standing, Standing::Shared(_)) {
            self.sync.status_due = Some(self.sync.status_due.map_or(at, |t| t.min(at)));
        }
    }

    // ------------------------------------------------------------ the sync's requests

    fn serve_sync_requests(&mut self) {
        let Some(rx) = &self.sync.requests else { return };
        let requests: Vec<SyncRequest> = rx.try_iter().collect();
        for r in requests {
            match r {
                SyncRequest::Save { dir, reply } => {
                    let answer = self.sync_save(&dir);
                    let _ = reply.send(answer);
                }
                SyncRequest::Snapshot { dir, token: t, reply } => {
                    let answer = self
                        .doc
                        .as_ref()
                        .filter(|d| d.path == dir && token(d) == t)
                        .map(|d| d.session.shared());
                    let _ = reply.send(answer);
                }
                SyncRequest::Apply { dir, token, edit, expected, statements, reply } => {
                    let answer = self.sync_apply(&dir, token, edit.map(|e| *e), &expected, statements);
                    let _ = reply.send(answer);
                }
            }
        }
    }

    /// Why the store at `dir` cannot be written for the sync now, if it cannot.
    fn sync_refusal(&self, dir: &Path) -> Option<StoreError> {
        let refused = |reason: String| StoreError::Refused { path: dir.to_owned(), reason };
        let Some(doc) = self.doc.as_ref().filter(|d| d.path == dir) else {
            return Some(refused("another store was opened during the sync".into()));
        };
        if let Some(reason) = &doc.read_only {
            return Some(StoreError::ReadOnly { path: dir.to_owned(), reason: reason.clone() });
        }
        match &self.save_state {
            SaveState::Failed(m) => Some(refused(format!("the last save failed ({m}); save again first"))),
            SaveState::Conflict(ours) => Some(refused(format!(
                "another program changed the store while it was open (your edits are in {}); settle that first",
                file_name(ours)
            ))),
            _ if doc.is_dirty() => Some(refused("the last edits could not be saved".into())),
            _ => None,
        }
    }

    /// Writes every pending edit; the token of the store as it is on disk.
    fn sync_save(&mut self, dir: &Path) -> Result<u64, StoreError> {
        if self.doc.as_ref().is_some_and(|d| d.path == dir) {
            self.finish_saving();
        }
        if let Some(e) = self.sync_refusal(dir) {
            return Err(e);
        }
        Ok(self.doc.as_ref().map(token).unwrap_or_default())
    }

    /// Applies the merge's edit as one undo step (the statements keep the
    /// analysts they record) if the store is still at `at`, and saves it.
    fn sync_apply(
        &mut self,
        dir: &Path,
        at: u64,
        edit: Option<crate::edit::Edit>,
        expected: &Store,
        statements: usize,
    ) -> Result<Option<u64>, StoreError> {
        if let Some(e) = self.sync_refusal(dir) {
            return Err(e);
        }
        if self.doc.as_ref().is_none_or(|d| token(d) != at) {
            return Ok(None);
        }
        let refused = |reason: &str| StoreError::Refused { path: dir.to_owned(), reason: reason.to_owned() };
        if let Some(edit) = edit {
            if !self.apply_edit_as(edit, false) {
                let why = self.fresh_status().unwrap_or("the merge could not be applied").to_owned();
                return Err(refused(&why));
            }
            let Some(doc) = &mut self.doc else { return Err(refused("the store was closed")) };
            let s = doc.store();
            let exact = s.actors == expected.actors
                && s.topics == expected.topics
                && s.briefings == expected.briefings
                && s.events == expected.events
                && s.conflicts == expected.conflicts
                && s.lexicon == expected.lexicon
                && s.statements.len() == statements;
            if !exact {
                let _ = doc.session.undo();
                return Err(refused(
                    "the merged store could not be applied exactly here; nothing was changed",
                ));
            }
            if self.selected.is_some_and(|id| doc.store().statement(id).is_none()) {
                self.selected = None;
            }
            // What came in is not undoable: undoing it would delete colleagues'
            // work here, and the next sync would send that deletion.
            doc.session.forget_history();
        }
        self.finish_saving();
        if let Some(e) = self.sync_refusal(dir) {
            return Err(e);
        }
        Ok(self.doc.as_ref().map(token))
    }

    // ------------------------------------------------------------ results

    pub(super) fn on_sync_status(&mut self, dir: PathBuf, result: Result<Status, SyncError>) {
        if self.doc.as_ref().is_none_or(|d| d.path != dir) {
            return;
        }
        self.sync.standing = match result {
            Ok(status) => Standing::Shared(status),
            Err(SyncError::NotAFolder(_)) => Standing::NotShared { folder: false },
            Err(SyncError::NotShared(_) | SyncError::NotAStore { .. }) => {
                Standing::NotShared { folder: true }
            }
            Err(e) => Standing::Unavailable(e.to_string()),
        };
        if matches!(self.sync.standing, Standing::Shared(_))
            && !self.sync.synced_on_open
            && self.sync.closing == Closing::No
        {
            self.sync.synced_on_open = true;
            if self.prefs.sync_on_open {
                self.start_sync(Reason::Opened);
            }
        }
    }

    pub(super) fn on_synced(
        &mut self,
        dir: PathBuf,
        result: Result<Report, SyncError>,
        status: Option<Status>,
    ) {
        let reason = self.sync.running.take();
        self.sync.requests = None;
        let ours = self.doc.as_ref().is_some_and(|d| d.path == dir);
        if ours && let Some(s) = status {
            self.sync.standing = Standing::Shared(s);
            self.sync.status_read = Some(self.effects.now());
        }
        match result {
            Ok(report) => {
                self.sync.failure = None;
                self.sync.offline_said = false;
                let something = report.received + report.sent + report.new_conflicts > 0;
                if reason == Some(Reason::Asked) || something {
                    self.set_status(report.headline());
                }
                self.sync.report = Some(report);
            }
            Err(e) => {
                let offline = e.is_offline();
                let message = e.to_string();
                if self.sync.closing == Closing::Syncing {
                    self.sync.closing = Closing::Failed(message.clone(), self.effects.now());
                }
                if offline {
                    // Said once; the timer tries again, quietly.
                    if !self.sync.offline_said {
                        self.set_status(
                            "Offline: the shared store could not be reached; Stancebook will try again later",
                        );
                    }
                    self.sync.offline_said = true;
                } else if reason == Some(Reason::Asked)
                    || self.sync.failure.as_ref().map(|f| f.kind) != Some(e.kind())
                {
                    self.set_status(format!("Not synced: {message}"));
                }
                self.sync.failure = Some(Failure { kind: e.kind(), message, offline });
            }
        }
    }

    // ------------------------------------------------------------ sharing

    /// Opens the share dialog.
    pub(super) fn open_share_dialog(&mut self, mode: ShareMode) {
        let folder = match (&self.doc, &self.sync.standing, mode) {
            (Some(doc), Standing::NotShared { folder: false }, ShareMode::Share) => {
                let stem = doc.path.file_stem().map_or("store".into(), |s| s.to_string_lossy().into_owned());
                let dir = doc.path.parent().unwrap_or(Path::new("."));
                fresh_path(&dir.join(stem)).display().to_string()
            }
            _ => String::new(),
        };
        self.sync.share = Some(ShareDialog {
            mode,
            remote: String::new(),
            folder,
            clone_remote: String::new(),
            clone_folder: String::new(),
            folder_edited: false,
            busy: None,
            error: None,
        });
    }

    /// Where a clone of `remote` goes by default: beside the open store, named after the remote.
    pub(super) fn clone_folder_for(&self, remote: &str) -> String {
        let name = remote
            .trim()
            .trim_end_matches(['/', '\\'])
            .rsplit(['/', '\\', ':'])
            .next()
            .unwrap_or_default()
            .trim_end_matches(".git");
        if name.is_empty() {
            return String::new();
        }
        let base = self
            .doc
            .as_ref()
            .and_then(|d| d.path.parent().map(Path::to_owned))
            .or_else(crate::store::data_dir)
            .unwrap_or_else(|| PathBuf::from("."));
        fresh_path(&base.join(name)).display().to_string()
    }

    /// The share dialog's main button.
    pub(super) fn submit_share_dialog(&mut self) {
        let convert = self.sync.share.as_ref().is_some_and(|d| needs_folder(&self.sync.standing, d.mode));
        let Some(dialog) = &mut self.sync.share else { return };
        dialog.error = None;
        let (remote, folder_text) = match dialog.mode {
            ShareMode::Share => (dialog.remote.trim().to_owned(), dialog.folder.trim().to_owned()),
            ShareMode::Open => (dialog.clone_remote.trim().to_owned(), dialog.clone_folder.trim().to_owned()),
        };
        let folder = PathBuf::from(&folder_text);
        let error = match dialog.mode {
            ShareMode::Open if remote.is_empty() => Some("Give the shared store's address.".to_owned()),
            ShareMode::Open if folder_text.is_empty() => Some("Give a new folder for the copy.".to_owned()),
            ShareMode::Open if std::fs::read_dir(&folder).is_ok_and(|mut d| d.next().is_some()) => {
                Some(format!("{folder_text} is not empty; give a new folder"))
            }
            ShareMode::Share if convert && folder_text.is_empty() => {
                Some("Give a new folder for the store.".to_owned())
            }
            ShareMode::Share if convert && folder.exists() => {
                Some(format!("{folder_text} exists; give a new folder"))
            }
            ShareMode::Share if !convert && remote.is_empty() => {
                Some("Give the remote to share the store to.".to_owned())
            }
            _ => None,
        };
        if let Some(e) = error {
            dialog.error = Some(e);
            return;
        }
        match (dialog.mode, convert) {
            (ShareMode::Open, _) => {
                dialog.busy = Some("Copying the shared store…".into());
                let git = self.git(folder.parent().unwrap_or(Path::new(".")));
                self.effects.clone_store(git, remote, folder);
            }
            (ShareMode::Share, true) => {
                dialog.busy = Some("Writing the store folder…".into());
                self.sync.share_after_open = Some((folder.clone(), (!remote.is_empty()).then_some(remote)));
                // Every edit goes with it.
                self.finish_saving();
                let Some(doc) = &self.doc else { return };
                self.effects.convert_to_folder(doc.session.shared(), folder);
            }
            (ShareMode::Share, false) => {
                dialog.busy = Some("Sharing the store…".into());
                let Some(dir) = self.doc.as_ref().map(|d| d.path.clone()) else { return };
                let analyst = self.prefs.analyst();
                self.effects.share(self.git(&dir), Some(remote), analyst);
            }
        }
    }

    pub(super) fn on_shared(&mut self, dir: PathBuf, result: Result<Status, SyncError>) {
        match result {
            Ok(status) => {
                let said = match &status.remote {
                    Some(r) => format!("Shared {} at {r}", file_name(&dir)),
                    None => format!(
                        "{} is ready to share; give it a remote in Share this store…",
                        file_name(&dir)
                    ),
                };
                self.set_status(said);
                if self.doc.as_ref().is_some_and(|d| d.path == dir) {
                    self.sync.standing = Standing::Shared(status);
                    self.sync.synced_on_open = true;
                    self.sync.failure = None;
                }
                self.sync.share = None;
            }
            Err(e) => self.share_failed(e.to_string()),
        }
    }

    pub(super) fn on_cloned(&mut self, dir: PathBuf, result: Result<(), SyncError>) {
        match result {
            Ok(()) => {
                self.sync.share = None;
                self.set_status(format!("Copied the shared store into {}", dir.display()));
                self.start_open(dir, None);
            }
            Err(e) => self.share_failed(e.to_string()),
        }
    }

    pub(super) fn on_converted(&mut self, dir: PathBuf, result: Result<(), String>) {
        match result {
            Ok(()) => {
                if let Some(d) = &mut self.sync.share {
                    d.busy = Some("Opening the store folder…".into());
                }
                self.start_open(dir, None);
            }
            Err(e) => {
                self.sync.share_after_open = None;
                self.share_failed(e);
            }
        }
    }

    fn share_failed(&mut self, message: String) {
        // A failed share may leave the folder a repository: read where it stands.
        self.sync.status_due = Some(self.effects.now());
        match &mut self.sync.share {
            Some(d) => {
                d.busy = None;
                d.error = Some(message);
            }
            None => self.set_status(message),
        }
    }

    /// An open that the share dialog waited on failed.
    pub(super) fn sync_open_failed(&mut self, message: &str) {
        if self.sync.share_after_open.take().is_some() {
            self.share_failed(message.to_owned());
        }
    }
}

/// Whether sharing first converts the store to a folder.
pub(super) fn needs_folder(standing: &Standing, mode: ShareMode) -> bool {
    mode == ShareMode::Share && matches!(standing, Standing::NotShared { folder: false })
}

/// `path`, or `path-2`, `path-3`… the first that does not exist.
fn fresh_path(path: &Path) -> PathBuf {
    if !path.exists() {
        return path.to_owned();
    }
    let name = path.file_name().map_or("store".into(), |n| n.to_string_lossy().into_owned());
    (2..100)
        .map(|i| path.with_file_name(format!("{name}-{i}")))
        .find(|p| !p.exists())
        .unwrap_or(path.to_owned())
}
