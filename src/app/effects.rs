//! The app's side effects, in one place: reading and writing files, the
//! threads that do it, file dialogs, the clipboard and the clock. Nothing
//! else in the app or the views touches them. Each effect runs as a
//! [`Task`] whose result is an [`Event`]; the app polls them once a frame
//! and applies the events, as it applies the views' actions.

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Instant;

use chrono::NaiveDate;

use crate::analysis::Filter;
use crate::export::{ExportOptions, Format};
use crate::ingest::{Extraction, IngestOptions};
use crate::model::Store;
use crate::session::{Derived, LiveIndex, derive_lent};
use crate::store::merge::MergeReport;
use crate::store::{self, APP_BACKUP_INTERVAL, BackupPolicy, Parsed, SaveReport, StoreError, StoreFile};
use crate::sync::{Git, Local, Options, Repo, Report, Status, SyncError, Update};
use crate::task::{Poll, Task, Waker};
use crate::ui::export::PreviewKey;
use crate::ui::ingest::ExtractKey;

/// A store opened on a background thread, with its search index built there too.
pub struct Opened {
    /// The file (holding the lock unless read-only).
    pub file: StoreFile,
    /// What it held.
    pub parsed: Parsed,
    /// Its search index.
    pub index: LiveIndex,
}

/// What a file dialog was opened for.
#[derive(Clone, Debug)]
pub enum DialogPurpose {
    /// Open another store.
    Open,
    /// Open a store folder.
    OpenFolder,
    /// Create a new store.
    New,
    /// Import a colleague's store.
    Import,
    /// Save an export.
    Export(Format, Box<ExportOptions>),
    /// Open a text to ingest.
    IngestFile,
}

/// What the derivation was for: the store's identity and revision, the
/// filters, the search box's text and the last query that could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeriveKey {
    /// Which open store (a new number for each store opened).
    pub document: u64,
    /// Its revision.
    pub revision: u64,
    /// The filters.
    pub filter: Filter,
    /// The search box's text.
    pub query: String,
}

/// The result of an effect.
pub enum Event {
    /// A store was opened (or could not be).
    Opened {
        /// The path asked for (a store, or a store whose backup was asked for).
        path: PathBuf,
        /// When viewing a backup: the store it belongs to.
        backup_of: Option<PathBuf>,
        /// How long it took.
        millis: u128,
        /// The store, or why not.
        result: Box<Result<Opened, StoreError>>,
    },
    /// A save finished; the file comes back to the document.
    Saved {
        /// The revision written.
        revision: u64,
        /// The store file.
        file: Box<StoreFile>,
        /// What the save did, or why it failed.
        result: Result<SaveReport, StoreError>,
    },
    /// What the views show was derived; the index comes back to the session.
    Derived {
        /// What it was derived for.
        key: DeriveKey,
        /// The search index, in step with that revision.
        index: Box<LiveIndex>,
        /// The result.
        derived: Box<Derived>,
    },
    /// A file dialog closed.
    Picked {
        /// What it was for.
        purpose: DialogPurpose,
        /// The file chosen, if one was.
        path: Option<PathBuf>,
        /// No dialog could be shown: it came back empty faster than anyone
        /// can cancel one (no portal, no zenity, a bare X server).
        unavailable: bool,
    },
    /// Another store was read and merged into ours (or only compared).
    Merged {
        /// The other store.
        path: PathBuf,
        /// Only compared: nothing is to be applied.
        compare_only: bool,
        /// The merged store and what the merge did, or why not.
        result: Result<Box<(Store, MergeReport)>, String>,
    },
    /// An export was written (a message for the status bar), or failed.
    Exported {
        /// The message, or why it failed.
        result: Result<String, String>,
        /// The briefing a brief that was written makes, to record.
        briefing: Option<Box<crate::model::Briefing>>,
    },
    /// The Export tab's preview was made.
    Previewed {
        /// What it is a preview of.
        key: PreviewKey,
        /// The summary it draws.
        summary: Box<crate::export::Summary>,
    },
    /// Candidates were found in a text.
    Extracted {
        /// What they were found in.
        key: ExtractKey,
        /// What was found.
        extraction: Extraction,
    },
    /// A text file was read for ingest.
    TextLoaded {
        /// The file.
        path: PathBuf,
        /// Its text, or why it could not be read.
        result: Result<String, String>,
    },
    /// A backup was restored as the store.
    Restored {
        /// The store.
        store: PathBuf,
        /// Where the replaced file was kept, or why the restore failed.
        result: Result<Option<PathBuf>, String>,
    },
    /// A new store file was created.
    Created {
        /// The new store.
        path: PathBuf,
        /// Or why not.
        result: Result<(), String>,
    },
    /// Where a store folder stands with git (read without the network).
    SyncStatus {
        /// The store folder.
        dir: PathBuf,
        /// Its status; or why it is not shared (one file, no repository) or cannot be synced.
        result: Result<Status, SyncError>,
    },
    /// A sync finished.
    Synced {
        /// The store folder.
        dir: PathBuf,
        /// What it did, or why it failed; and where the store stands now (when git could say).
        result: Result<Report, SyncError>,
        /// The status after it.
        status: Option<Status>,
    },
    /// A store folder was shared (made a repository, pushed to its remote).
    Shared {
        /// The store folder.
        dir: PathBuf,
        /// Its status, or why it could not be shared.
        result: Result<Status, SyncError>,
    },
    /// A shared store was cloned into a new folder.
    Cloned {
        /// The new store folder.
        dir: PathBuf,
        /// Or why not (nothing is left behind).
        result: Result<(), SyncError>,
    },
    /// The store was written as a new store folder (and read back the same).
    Converted {
        /// The new store folder.
        dir: PathBuf,
        /// Or why not.
        result: Result<(), String>,
    },
    /// A task's thread died (a bug): what it was doing.
    Lost(String),
}

/// How long the sync's thread waits for the window to answer it.
pub const SYNC_REPLY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// What a sync running on its thread asks of the UI thread, which holds the
/// open store: the app answers these once a frame (see [`AppLocal`]).
pub enum SyncRequest {
    /// Write every pending edit; the token of the store as it is on disk.
    Save {
        /// The store folder the sync is for.
        dir: PathBuf,
        /// Where the answer goes.
        reply: mpsc::Sender<Result<u64, StoreError>>,
    },
    /// The store as it is at `token` (none if it changed since).
    Snapshot {
        /// The store folder the sync is for.
        dir: PathBuf,
        /// The token given by the last answer.
        token: u64,
        /// Where the answer goes.
        reply: mpsc::Sender<Option<Arc<Store>>>,
    },
    /// Apply `edit` as one undo step if the store is still at `token`, and
    /// save it: the new token; none if it changed meanwhile (nothing applied).
    Apply {
        /// The store folder the sync is for.
        dir: PathBuf,
        /// The token the edit was made against.
        token: u64,
        /// The merge's edit (none: the merge changes nothing here).
        edit: Option<Box<crate::edit::Edit>>,
        /// The merged store without its statements, and how many statements
        /// it has: the store must be exactly this after the edit.
        expected: Box<Store>,
        /// The merged store's number of statements.
        statements: usize,
        /// Where the answer goes.
        reply: mpsc::Sender<Result<Option<u64>, StoreError>>,
    },
}

/// The app's [`Local`]: a proxy on the sync's thread that asks the UI
/// thread, which holds the document, and waits for its answer (for
/// [`SYNC_REPLY_TIMEOUT`] at most; an error if the window went away). The
/// merge's edit is worked out here, off the UI thread, from a snapshot of
/// the store; the UI thread only applies it and saves.
pub struct AppLocal {
    dir: PathBuf,
    requests: mpsc::Sender<SyncRequest>,
    waker: Waker,
}

/// The undo step a sync's merge makes.
pub const SYNC_LABEL: &str = "Sync with the shared store";

impl AppLocal {
    fn ask<T>(&self, make: impl FnOnce(mpsc::Sender<T>) -> SyncRequest) -> Result<T, StoreError> {
        let gone = |reason: &str| StoreError::Refused { path: self.dir.clone(), reason: reason.to_owned() };
        let (tx, rx) = mpsc::channel();
        self.requests.send(make(tx)).map_err(|_| gone("the window closed during the sync"))?;
        (self.waker)();
        rx.recv_timeout(SYNC_REPLY_TIMEOUT).map_err(|e| match e {
            mpsc::RecvTimeoutError::Timeout => gone("the window did not answer the sync in time"),
            mpsc::RecvTimeoutError::Disconnected => gone("the window closed during the sync"),
        })
    }
}

impl Local for AppLocal {
    fn save(&mut self) -> Result<u64, StoreError> {
        let dir = self.dir.clone();
        self.ask(|reply| SyncRequest::Save { dir, reply })?
    }

    fn apply(&mut self, token: u64, update: &Update) -> Result<Option<u64>, StoreError> {
        let dir = self.dir.clone();
        let Some(store) = self.ask(|reply| SyncRequest::Snapshot { dir: dir.clone(), token, reply })? else {
            return Ok(None);
        };
        let merged = update.apply_to(&store);
        let edit = crate::edit::edits_between(&store, &merged, SYNC_LABEL).map(Box::new);
        // Let go of the snapshot before the UI thread changes the store (or it copies it).
        drop(store);
        let statements = merged.statements.len();
        let expected = Box::new(merged.clone_without_statements());
        drop(merged);
        self.ask(|reply| SyncRequest::Apply { dir, token, edit, expected, statements, reply })?
    }
}

/// What a running task is, for the status bar and for keeping one of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Open,
    Save,
    Derive,
    Dialog,
    Merge,
    Export,
    Preview,
    Extract,
    LoadText,
    Restore,
    Create,
    Sync,
    SyncStatus,
    Share,
}

/// The running effects.
pub struct Effects {
    waker: Waker,
    tasks: Vec<(Kind, Task<Event>)>,
    /// The system clipboard, for copies with an HTML flavour; kept open,
    /// since on X11 what was copied lives only as long as its owner. `None`
    /// in tests (or where there is no clipboard): copies go through egui.
    clipboard: Option<arboard::Clipboard>,
    /// Whether to try the system clipboard at all.
    system_clipboard: bool,
    /// A fixed "today" (tests and snapshots), instead of the system clock.
    fixed_today: Option<NaiveDate>,
}

impl Effects {
    /// Effects that wake the app with `waker` when a task finishes; with
    /// `system_clipboard`, rich copies go to the system clipboard.
    pub fn new(waker: Waker, system_clipboard: bool) -> Effects {
        Effects { waker, tasks: Vec::new(), clipboard: None, system_clipboard, fixed_today: None }
    }

    fn spawn(&mut self, kind: Kind, label: String, work: impl FnOnce() -> Event + Send + 'static) {
        let task = Task::spawn(label, Some(self.waker.clone()), move |_| work());
        self.tasks.push((kind, task));
    }

    /// Replaces any running task of `kind` (its result no longer matters).
    fn replace(&mut self, kind: Kind, label: String, work: impl FnOnce() -> Event + Send + 'static) {
        for (k, t) in &self.tasks {
            if *k == kind {
                t.cancel();
            }
        }
        self.tasks.retain(|(k, _)| *k != kind);
        self.spawn(kind, label, work);
    }

    /// The events of every task that finished since the last poll.
    pub fn poll(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        self.tasks.retain_mut(|(_, task)| match task.poll() {
            Poll::Pending => true,
            Poll::Ready(event) => {
                if !task.is_cancelled() {
                    events.push(event);
                }
                false
            }
            Poll::Lost => {
                events.push(Event::Lost(task.label().to_owned()));
                false
            }
        });
        events
    }

    /// Whether anything but a save is running: an open, a derivation, a
    /// dialog, an import, an export… (tests wait on this).
    pub fn is_busy(&self) -> bool {
        self.tasks.iter().any(|(k, _)| !matches!(k, Kind::Save))
    }

    /// Whether a store is being opened.
    pub fn is_opening(&self) -> bool {
        self.running(Kind::Open)
    }

    /// Whether a save is running.
    pub fn is_saving(&self) -> bool {
        self.running(Kind::Save)
    }

    /// Whether a derivation is running.
    pub fn is_deriving(&self) -> bool {
        self.running(Kind::Derive)
    }

    /// Whether a sync status is being read.
    pub fn is_reading_sync_status(&self) -> bool {
        self.running(Kind::SyncStatus)
    }

    fn running(&self, kind: Kind) -> bool {
        self.tasks.iter().any(|(k, _)| *k == kind)
    }

    /// What the status bar says is running ("Importing colleague.ron…").
    pub fn activity(&self) -> Vec<String> {
        self.tasks
            .iter()
            .filter(|(k, _)| {
                matches!(
                    k,
                    Kind::Open | Kind::Merge | Kind::Export | Kind::LoadText | Kind::Restore | Kind::Share
                )
            })
            .map(|(_, t)| t.label().to_owned())
            .collect()
    }

    // ------------------------------------------------------------ the clock and the clipboard

    /// Now, for timing messages.
    pub fn now(&self) -> Instant {
        Instant::now()
    }

    /// The wall clock now (how long ago the last sync was).
    pub fn wall_clock(&self) -> crate::model::Timestamp {
        crate::model::Timestamp::now()
    }

    /// Today's date where the analyst is (new statements are dated today).
    pub fn today(&self) -> NaiveDate {
        self.fixed_today.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Fixes "today" (for tests and snapshots, whose pictures must not
    /// change with the date they run on).
    pub fn fix_today(&mut self, today: NaiveDate) {
        self.fixed_today = Some(today);
    }

    /// Puts `text` on the clipboard.
    pub fn copy(&self, ctx: &egui::Context, text: String) {
        ctx.copy_text(text);
    }

    /// Puts `html` on the clipboard with `text` as its plain version (a
    /// mail or a document pastes the HTML, a text field the text); only the
    /// text where the system clipboard cannot be reached. Says which.
    pub fn copy_rich(&mut self, ctx: &egui::Context, text: String, html: String) -> bool {
        if self.system_clipboard && self.clipboard.is_none() {
            self.clipboard = arboard::Clipboard::new().ok();
        }
        if let Some(c) = &mut self.clipboard
            && c.set_html(html.as_str(), Some(text.as_str())).is_ok()
        {
            return true;
        }
        ctx.copy_text(text);
        false
    }

    // ------------------------------------------------------------ the store

    /// Opens `path` for writing (or read-only when another Stancebook has it),
    /// creating it from the sample when it does not exist; with `backup_of`,
    /// opens a backup read-only — the store's newest backup that loads when
    /// `path` is the store itself.
    pub fn open(&mut self, path: PathBuf, backup_of: Option<PathBuf>) {
        let label = format!("Opening {}…", file_name(&path));
        self.replace(Kind::Open, label, move || {
            let started = Instant::now();
            let result = open_store(&path, backup_of.as_deref()).map(|(mut file, parsed)| {
                file.backups = BackupPolicy { min_interval: APP_BACKUP_INTERVAL, ..BackupPolicy::default() };
                let index = LiveIndex::build(&parsed.store);
                Opened { file, parsed, index }
            });
            Event::Opened { path, backup_of, millis: started.elapsed().as_millis(), result: Box::new(result) }
        });
    }

    /// Saves `store` (revision `revision`) with `file` on a thread; with
    /// `force_backup`, the previous version is backed up whatever the interval.
    pub fn save(&mut self, mut file: StoreFile, store: Arc<Store>, revision: u64, force_backup: bool) {
        self.spawn(Kind::Save, "Saving…".into(), move || {
            let result = if force_backup { file.save_with_backup(&store) } else { file.save(&store) };
            Event::Saved { revision, file: Box::new(file), result }
        });
    }

    /// Waits for the running save, if any (on exit), and returns its event.
    pub fn finish_save(&mut self) -> Option<Event> {
        let at = self.tasks.iter().position(|(k, _)| *k == Kind::Save)?;
        let (_, mut task) = self.tasks.remove(at);
        task.wait()
    }

    /// Derives what the views show on a thread, with the session's index.
    pub fn derive(&mut self, key: DeriveKey, store: Arc<Store>, index: Option<LiveIndex>, fallback: String) {
        self.spawn(Kind::Derive, "Searching…".into(), move || {
            let (index, derived) = derive_lent(store, index, &key.filter, &key.query, &fallback);
            Event::Derived { key, index: Box::new(index), derived: Box::new(derived) }
        });
    }

    /// Makes `backup` the store again (its current file kept beside it).
    pub fn restore(&mut self, backup: PathBuf, store: PathBuf) {
        self.spawn(Kind::Restore, "Restoring the backup…".into(), move || {
            let result = store::restore_backup(&backup, &store).map_err(|e| e.to_string());
            Event::Restored { store, result }
        });
    }

    /// Repairs the store folder `store` from its backups (the files that no
    /// longer read are put back; see `store::repair_folder`).
    pub fn repair_folder(&mut self, store: PathBuf) {
        self.spawn(Kind::Restore, "Repairing the store from its backups…".into(), move || {
            let result = store::repair_folder(&store).map(|r| r.damaged_kept_in).map_err(|e| e.to_string());
            Event::Restored { store, result }
        });
    }

    /// Creates a new store at `path` with the sample's actors and topics and no statements.
    pub fn create(&mut self, path: PathBuf) {
        self.spawn(Kind::Create, format!("Creating {}…", file_name(&path)), move || {
            let result = if path.exists() {
                Err(format!("{} already exists; open it instead", path.display()))
            } else {
                let mut fresh = store::sample();
                fresh.statements.clear();
                StoreFile::create(&path, &fresh).map(drop).map_err(|e| e.to_string())
            };
            Event::Created { path, result }
        });
    }

    /// Reads `theirs` (a RON or JSON store) and merges it into `ours`; with
    /// `compare_only` the result is only shown. With `disk`, ours is read
    /// from that file first (comparing our conflict file with theirs on disk).
    pub fn merge(&mut self, theirs: PathBuf, ours: Arc<Store>, compare_only: bool, disk: Option<PathBuf>) {
        let verb = if compare_only { "Comparing" } else { "Importing" };
        self.spawn(Kind::Merge, format!("{verb} {}…", file_name(&theirs)), move || {
            let ours = match disk {
                Some(d) => store::read(&d).map(|p| Arc::new(p.store)),
                None => Ok(ours),
            };
            let result = ours
                .and_then(|ours| {
                    store::read_any(&theirs).map(|t| Box::new(store::merge::merge(&ours, &t.store)))
                })
                .map_err(|e| e.to_string());
            Event::Merged { path: theirs, compare_only, result }
        });
    }

    // ------------------------------------------------------------ sharing through git

    /// Reads where the store folder `git` runs in stands (no network).
    pub fn sync_status(&mut self, git: Git) {
        let dir = git.dir().to_owned();
        self.replace(Kind::SyncStatus, "Reading the sync status".into(), move || {
            let result = Repo::open_with(git).map(|r| status_of(&r));
            Event::SyncStatus { dir, result }
        });
    }

    /// Syncs the store folder `git` runs in; the store itself is reached
    /// through `requests`, which the app answers once a frame.
    pub fn sync(&mut self, git: Git, opts: Options, requests: mpsc::Sender<SyncRequest>) {
        let dir = git.dir().to_owned();
        let waker = self.waker.clone();
        self.spawn(Kind::Sync, "Syncing…".into(), move || {
            let mut local = AppLocal { dir: dir.clone(), requests, waker };
            match Repo::open_with(git) {
                Ok(repo) => {
                    let result = repo.sync(&mut local, &opts);
                    Event::Synced { dir, result, status: Some(status_of(&repo)) }
                }
                Err(e) => Event::Synced { dir, result: Err(e), status: None },
            }
        });
    }

    /// Makes the store folder `git` runs in a shared repository, pushed to `remote`.
    pub fn share(&mut self, git: Git, remote: Option<String>, analyst: Option<crate::model::Analyst>) {
        let dir = git.dir().to_owned();
        self.spawn(Kind::Share, format!("Sharing {}…", file_name(&dir)), move || {
            // A remote that is not empty is refused before it is set (see `Repo::share`).
            let result = Repo::share(git, remote.as_deref(), analyst.as_ref()).map(|r| status_of(&r));
            Event::Shared { dir, result }
        });
    }

    /// Clones the shared store at `url` into the new folder `dest` (`git`
    /// gives the environment; it runs beside `dest`).
    pub fn clone_store(&mut self, git: Git, url: String, dest: PathBuf) {
        self.spawn(
            Kind::Share,
            format!("Copying the shared store into {}…", file_name(&dest)),
            move || {
                let result = Repo::clone_from(&git, &url, &dest).map(drop);
                Event::Cloned { dir: dest, result }
            },
        );
    }

    /// Writes `store` as a new store folder at `dest`, and reads it back to
    /// check nothing was lost (as `stancebook convert` does).
    pub fn convert_to_folder(&mut self, store: Arc<Store>, dest: PathBuf) {
        self.spawn(Kind::Share, format!("Writing the store folder {}…", file_name(&dest)), move || {
            let result = convert_to_folder(&store, &dest);
            Event::Converted { dir: dest, result }
        });
    }

    // ------------------------------------------------------------ exports and ingest

    /// Writes an export of `store` to `path` (never over the store or its companions).
    pub fn export(
        &mut self,
        store: Arc<Store>,
        path: PathBuf,
        store_path: PathBuf,
        format: Format,
        options: ExportOptions,
    ) {
        self.spawn(Kind::Export, format!("Writing {}…", file_name(&path)), move || {
            let result = write_export(&store, &path, &store_path, format, &options);
            let briefing = (result.is_ok() && format.is_summary())
                .then(|| Box::new(crate::export::briefing_for(&store, &options.summary)));
            Event::Exported { result, briefing }
        });
    }

    /// Makes the Export tab's preview.
    pub fn preview(&mut self, store: Arc<Store>, key: PreviewKey, options: ExportOptions) {
        self.replace(Kind::Preview, "Preview".into(), move || {
            let summary = Box::new(crate::export::Summary::build(&store, &options.summary));
            Event::Previewed { key, summary }
        });
    }

    /// Finds candidate statements in a text.
    pub fn extract(&mut self, store: Arc<Store>, key: ExtractKey, options: IngestOptions) {
        self.replace(Kind::Extract, "Reading the text".into(), move || {
            let extraction = crate::ingest::extract(&key.text, &store, &options);
            Event::Extracted { key, extraction }
        });
    }

    /// Reads a .txt, .md or .html file for the Ingest tab (HTML reduced to its text).
    pub fn load_text(&mut self, path: PathBuf) {
        self.spawn(Kind::LoadText, format!("Reading {}…", file_name(&path)), move || {
            let result = read_text(&path);
            Event::TextLoaded { path, result }
        });
    }

    // ------------------------------------------------------------ dialogs

    /// Opens a file dialog for `purpose`; the choice arrives as [`Event::Picked`].
    pub fn dialog(&mut self, purpose: DialogPurpose) {
        let future = dialog_future(&purpose);
        self.spawn(Kind::Dialog, "Choosing a file".into(), move || {
            let started = Instant::now();
            let path = pollster::block_on(future).map(|h| h.path().to_owned());
            let unavailable = path.is_none() && started.elapsed() < std::time::Duration::from_millis(300);
            Event::Picked { purpose, path, unavailable }
        });
    }
}

fn open_store(path: &Path, backup_of: Option<&Path>) -> Result<(StoreFile, Parsed), StoreError> {
    match backup_of {
        Some(store) if store == path => match store::latest_that_loads(store) {
            Some(b) => StoreFile::open_read_only(&b, "a backup, opened for viewing"),
            None => {
                Err(StoreError::Refused { path: path.to_owned(), reason: "none of its backups loads".into() })
            }
        },
        Some(_) => StoreFile::open_read_only(path, "a backup, opened for viewing"),
        None => store::create_from_sample_if_missing(path).and_then(|_| StoreFile::open_or_read_only(path)),
    }
}

/// [`Repo::status`], with the uncommitted changes read from git's own
/// output. (`Status::local_changes` reads it trimmed, which drops the
/// leading space of an unstaged change on the first line, " M statements/…",
/// and so misses a single changed file.)
fn status_of(repo: &Repo) -> Status {
    repo.status()
}

fn convert_to_folder(store: &Store, dest: &Path) -> Result<(), String> {
    if dest.exists() {
        return Err(format!("{} exists; give a new folder", dest.display()));
    }
    store::create_folder(dest, store).map_err(|e| e.to_string())?;
    let back = store::read(dest).map_err(|e| e.to_string())?.store;
    let mut source = store.clone();
    source.sort_statements();
    source.sort_events();
    if back != source {
        return Err(format!(
            "{} does not read back as the store did; it is kept for inspection, and the store is untouched",
            dest.display()
        ));
    }
    Ok(())
}

fn write_export(
    store: &Store,
    path: &Path,
    store_path: &Path,
    format: Format,
    options: &ExportOptions,
) -> Result<String, String> {
    store::refuse_as_output(path, Some(store_path)).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    crate::export::export(store, format, options, &mut bytes)
        .map_err(|e| format!("Could not write the export: {e}"))?;
    store::write_atomic(path, &bytes).map_err(|e| e.to_string())?;
    Ok(format!("Saved {} ({} KB) to {}", format.label(), bytes.len().div_ceil(1024), path.display()))
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = store::disk::read_bounded(path, store::disk::MAX_TEXT_BYTES, "a text to ingest")
        .map_err(|e| e.to_string())?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = store::format::line_col(bytes, e.valid_up_to());
        format!("{}:{line}:{col}: not a text file (invalid UTF-8 here)", path.display())
    })?;
    Ok(if crate::ingest::looks_like_html(text) { crate::ingest::html_to_text(text) } else { text.to_owned() })
}

type PickFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Option<rfd::FileHandle>> + Send>>;

/// The dialog is made here, on the main thread (as macOS requires), and awaited on the task's thread.
fn dialog_future(purpose: &DialogPurpose) -> PickFuture {
    let store_filter = |d: rfd::AsyncFileDialog| d.add_filter("Stancebook store", &["ron"]);
    match purpose {
        DialogPurpose::Open => {
            Box::pin(store_filter(rfd::AsyncFileDialog::new()).set_title("Open store").pick_file())
        }
        DialogPurpose::OpenFolder => {
            Box::pin(rfd::AsyncFileDialog::new().set_title("Open store folder").pick_folder())
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
    }
}

/// The file's name, for messages.
pub fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}
