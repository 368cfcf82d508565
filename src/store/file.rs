//! A store file on disk: opening under an advisory lock, atomic saves that
//! write through symlinks and keep the file's mode and group, timestamped
//! backups, and never overwriting what another program wrote.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::backup::{self, BackupPolicy};
use super::disk::{self, Identity};
use super::error::StoreError;
use super::folder::{self, Folder};
use super::format::{self, Parsed};
use crate::model::Store;

/// A step of a save, in order. Tests use [`StoreFile::save_with_faults`] to
/// make a save fail before any of them and check that nothing is lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStage {
    /// Creating the temporary file beside the store.
    CreateTemp,
    /// Writing the temporary file (the hook runs when half of it is written).
    WriteTemp,
    /// Flushing the temporary file to disk (fsync).
    SyncTemp,
    /// Keeping the previous version as a backup.
    Backup,
    /// Swapping the temporary file in for the store.
    Rename,
    /// Flushing the folder, so that the rename itself is durable.
    SyncDir,
}

impl SaveStage {
    /// Every stage, in the order a save runs them.
    pub const ALL: [SaveStage; 6] = [
        SaveStage::CreateTemp,
        SaveStage::WriteTemp,
        SaveStage::SyncTemp,
        SaveStage::Backup,
        SaveStage::Rename,
        SaveStage::SyncDir,
    ];
}

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveReport {
    /// False when the file already held exactly this text (nothing was written).
    pub written: bool,
    /// The backup made of the previous version, if one was made.
    pub backup: Option<PathBuf>,
    /// Bytes written.
    pub bytes: usize,
}

/// The advisory write lock on a store, held in `<store>.lock` beside the real file.
#[derive(Debug)]
pub(super) struct Lock {
    _file: File,
    path: PathBuf,
    /// Whether this process created the lock file (it removes it again when
    /// the open fails, so no `.lock` is left beside a file that is no store).
    created: bool,
}

impl Lock {
    pub(super) fn path_for(real: &Path) -> PathBuf {
        let mut name = real.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        real.with_file_name(name)
    }

    /// Takes the lock on the store whose real path is `real`; `shown` is the
    /// path as the user gave it, for messages.
    pub(super) fn acquire(real: &Path, shown: &Path) -> Result<Lock, StoreError> {
        let path = Self::path_for(real);
        let io_err = |action, source| StoreError::Io { path: path.clone(), action, source };
        let created = !path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| io_err("open the lock file", e))?;
        // A lock our own process held a moment ago may still be held by a
        // child that another thread was starting (a git of the sync): until
        // the child execs, it shares the lock's open file. Wait that out.
        let mut attempts = 0;
        let mut locked = file.try_lock();
        while matches!(locked, Err(fs::TryLockError::WouldBlock))
            && attempts < 100
            && read_holder(&path).split_whitespace().nth(1) == Some(&std::process::id().to_string())
        {
            attempts += 1;
            std::thread::sleep(std::time::Duration::from_millis(10));
            locked = file.try_lock();
        }
        match locked {
            Ok(()) => {
                let host = std::env::var("HOSTNAME").unwrap_or_default();
                let who = format!(
                    "process {}{}{}",
                    std::process::id(),
                    if host.is_empty() { "" } else { " on " },
                    host
                );
                // Written over the old text, then cut to length: a reader
                // never sees an empty file. Best effort: the lock is what matters.
                let _ = file
                    .seek(io::SeekFrom::Start(0))
                    .and_then(|_| file.write_all(who.as_bytes()))
                    .and_then(|_| file.set_len(who.len() as u64));
                Ok(Lock { _file: file, path, created })
            }
            Err(fs::TryLockError::WouldBlock) => {
                if created {
                    let _ = fs::remove_file(&path);
                }
                Err(StoreError::Locked { path: shown.to_owned(), holder: read_holder(&path) })
            }
            Err(fs::TryLockError::Error(e)) => Err(io_err("lock", e)),
        }
    }

    /// Gives the lock up after a failed open, removing the lock file if this
    /// process made it.
    fn abandon(self) {
        if self.created {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Who holds a lock, as its file says ("process 4242 on laptop"); read a few
/// times, since the holder writes it just after taking the lock.
fn read_holder(path: &Path) -> String {
    for attempt in 0..20 {
        let mut holder = String::new();
        let _ = File::open(path).and_then(|mut f| f.read_to_string(&mut holder));
        let holder = holder.trim();
        if holder.starts_with("process ") {
            return holder.to_owned();
        }
        if attempt < 19 {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    "another process, which did not say its number".into()
}

/// An open store file. Holds the write lock unless it was opened read-only.
#[derive(Debug)]
pub struct StoreFile {
    /// The path as given (for messages).
    path: PathBuf,
    /// The file behind it, symlinks followed: what is locked, written and backed up.
    real: PathBuf,
    lock: Option<Lock>,
    read_only: Option<String>,
    /// The file as we last read or wrote it.
    disk: Option<Identity>,
    last_text_hash: Option<u64>,
    last_backup: Option<Instant>,
    /// How many backups to keep and how often to make them.
    pub backups: BackupPolicy,
    /// The store is a folder (a header and a file per day), not one file.
    folder: Option<Box<Folder>>,
}

/// Reads and parses the store at `real`; `shown` names it in errors.
fn read_store(real: &Path, shown: &Path) -> Result<(Parsed, u64, Option<Identity>), StoreError> {
    let named = |e: StoreError| if real == shown { e } else { e.with_path(shown) };
    let identity = Identity::of(real);
    let bytes = disk::read_bounded(real, disk::MAX_STORE_BYTES, "a store").map_err(named)?;
    let hash = disk::content_hash(&bytes);
    let text = format::decode(shown, &bytes)?;
    let parsed = format::from_text(shown, text)?;
    Ok((parsed, hash, identity))
}

/// Refuses a path that is not a store to write (a lock file, a backup).
fn refuse_unless_store(path: &Path) -> Result<(), StoreError> {
    match disk::not_a_store(path) {
        Some(reason) => Err(StoreError::Refused { path: path.to_owned(), reason }),
        None => Ok(()),
    }
}

impl StoreFile {
    /// Opens a store for writing: takes the lock (refused with
    /// [`StoreError::Locked`] if another process holds it) and reads the file.
    /// A file of a newer schema, or one this user may not write, opens
    /// read-only. A path that is not a regular file, a lock file or a backup
    /// is refused, and no lock file is left behind a file that does not parse.
    pub fn open(path: &Path) -> Result<(StoreFile, Parsed), StoreError> {
        let real = disk::real_path(path);
        refuse_unless_store(path)?;
        refuse_unless_store(&real)?;
        if folder::is_folder(&real) {
            return Self::open_folder(path, real, None);
        }
        let meta = fs::metadata(&real).map_err(|source| StoreError::Io {
            path: path.to_owned(),
            action: "open",
            source,
        })?;
        disk::check_regular(path, &meta, disk::MAX_STORE_BYTES, "a store")?;
        let lock = Lock::acquire(&real, path)?;
        let (parsed, hash, disk) = match read_store(&real, path) {
            Ok(r) => r,
            Err(e) => {
                lock.abandon();
                return Err(e);
            }
        };
        let mut file = StoreFile {
            path: path.to_owned(),
            real,
            lock: Some(lock),
            read_only: None,
            disk,
            last_text_hash: Some(hash),
            last_backup: None,
            backups: BackupPolicy::default(),
            folder: None,
        };
        if file.settle_writable(&parsed, None) {
            file.remove_stale_temporaries();
        }
        Ok((file, parsed))
    }

    /// Makes a store just opened for writing read-only when it is of a newer
    /// schema or this user may not write it (`also`: a second path that must
    /// be writable too); whether it stays writable.
    fn settle_writable(&mut self, parsed: &Parsed, also: Option<&Path>) -> bool {
        let why = match parsed.newer_schema {
            Some(v) => Some(format!("written by a newer Stancebook, schema {v}")),
            None => disk::why_not_writable(&self.real).or_else(|| also.and_then(disk::why_not_writable)),
        };
        match why {
            Some(why) => {
                self.make_read_only(why);
                false
            }
            None => true,
        }
    }

    /// [`StoreFile::open`] for a store folder: the lock beside it, a killed
    /// save finished, every file read (or, with `dates`, the header and the
    /// files of those dates).
    fn open_folder(
        path: &Path,
        real: PathBuf,
        dates: Option<&[crate::model::PartialDate]>,
    ) -> Result<(StoreFile, Parsed), StoreError> {
        let lock = Lock::acquire(&real, path)?;
        let (f, parsed) = match Folder::open(&real, path, dates) {
            Ok(r) => r,
            Err(e) => {
                lock.abandon();
                return Err(e);
            }
        };
        let mut file = StoreFile {
            path: path.to_owned(),
            real,
            lock: Some(lock),
            read_only: None,
            disk: None,
            last_text_hash: None,
            last_backup: None,
            backups: BackupPolicy::default(),
            folder: Some(Box::new(f)),
        };
        let header = file.real.join(folder::HEADER);
        file.settle_writable(&parsed, Some(&header));
        Ok((file, parsed))
    }

    /// [`StoreFile::open`], reading of a store folder only the header and
    /// the files of `dates` (a store file is read whole): for adding
    /// statements without reading the whole store.
    pub fn open_for_dates(
        path: &Path,
        dates: &[crate::model::PartialDate],
    ) -> Result<(StoreFile, Parsed), StoreError> {
        let real = disk::real_path(path);
        if !folder::is_folder(&real) {
            return Self::open(path);
        }
        refuse_unless_store(path)?;
        Self::open_folder(path, real, Some(dates))
    }

    /// Opens a store folder reading only its header (the lock held): the
    /// statement files are read later, as needed ([`StoreFile::read_folder_files`]).
    pub fn open_folder_header(path: &Path) -> Result<(StoreFile, Parsed), StoreError> {
        let real = disk::real_path(path);
        if !folder::is_folder(&real) {
            return Err(StoreError::Refused {
                path: path.to_owned(),
                reason: "it is not a store folder".into(),
            });
        }
        refuse_unless_store(path)?;
        Self::open_folder(path, real, Some(&[]))
    }

    /// Of a store folder opened in part: the statements of `files` (relative
    /// paths), read now; a save then writes those files too.
    pub fn read_folder_files(
        &mut self,
        files: &[String],
    ) -> Result<Vec<crate::model::Statement>, StoreError> {
        match &mut self.folder {
            Some(f) => f.read_files(files),
            None => Ok(Vec::new()),
        }
    }

    /// Whether the store is a folder (a header and a file per day).
    pub fn is_folder(&self) -> bool {
        self.folder.is_some()
    }

    /// Opens a store for reading only; never takes the lock, never writes.
    pub fn open_read_only(path: &Path, reason: impl Into<String>) -> Result<(StoreFile, Parsed), StoreError> {
        let real = disk::real_path(path);
        if folder::is_folder(&real) {
            let (f, parsed) = Folder::open_read_only(&real, path)?;
            let file = StoreFile {
                path: path.to_owned(),
                real,
                lock: None,
                read_only: Some(reason.into()),
                disk: None,
                last_text_hash: None,
                last_backup: None,
                backups: BackupPolicy::default(),
                folder: Some(Box::new(f)),
            };
            return Ok((file, parsed));
        }
        let (parsed, hash, disk) = read_store(&real, path)?;
        Ok((
            StoreFile {
                path: path.to_owned(),
                real,
                lock: None,
                read_only: Some(reason.into()),
                disk,
                last_text_hash: Some(hash),
                last_backup: None,
                backups: BackupPolicy::default(),
                folder: None,
            },
            parsed,
        ))
    }

    /// Opens for writing, or read-only when another process holds the lock
    /// (the reason then names that process).
    pub fn open_or_read_only(path: &Path) -> Result<(StoreFile, Parsed), StoreError> {
        match Self::open(path) {
            Err(StoreError::Locked { holder, .. }) => {
                Self::open_read_only(path, format!("open for writing in another Stancebook: {holder}"))
            }
            Err(StoreError::Refused { reason, .. }) if disk::not_a_store(path).is_some() => {
                Self::open_read_only(path, reason)
            }
            other => other,
        }
    }

    /// Creates a new store file holding `store`; fails if the file exists.
    pub fn create(path: &Path, store: &Store) -> Result<StoreFile, StoreError> {
        refuse_unless_store(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_owned(),
                action: "create the folder",
                source,
            })?;
        }
        let real = disk::real_path(path);
        refuse_unless_store(&real)?;
        let lock = Lock::acquire(&real, path)?;
        let text = format::to_text(store);
        if let Err(e) = write_new(&real, &text) {
            lock.abandon();
            return Err(e);
        }
        Ok(StoreFile {
            path: path.to_owned(),
            disk: Identity::of(&real),
            real,
            lock: Some(lock),
            read_only: None,
            last_text_hash: Some(disk::content_hash(text.as_bytes())),
            last_backup: None,
            backups: BackupPolicy::default(),
            folder: None,
        })
    }

    /// The store file's path, as it was given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file behind the path, symlinks followed.
    pub fn real_path(&self) -> &Path {
        &self.real
    }

    /// Why the store is read-only, if it is.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Whether saves are refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Makes the store read-only and releases the lock.
    pub fn make_read_only(&mut self, reason: impl Into<String>) {
        self.read_only = Some(reason.into());
        self.lock = None;
    }

    /// Whether the file on disk differs from what this process last read or
    /// wrote: another inode, size or modification time, and other bytes
    /// (a file rewritten with the same bytes has not changed).
    pub fn changed_on_disk(&self) -> bool {
        if let Some(f) = &self.folder {
            return f.changed_on_disk();
        }
        let now = Identity::of(&self.real);
        if now == self.disk {
            return false;
        }
        now.is_some() && disk::hash_of_file(&self.real) != self.last_text_hash
    }

    /// The backups of this store, newest first.
    pub fn list_backups(&self) -> Vec<PathBuf> {
        if self.folder.is_some() {
            return folder::list_backups(&self.real);
        }
        backup::list(&self.real)
    }

    /// Saves `store` atomically: a temporary file in the same folder is
    /// written and flushed, the previous version is kept as a backup, the
    /// temporary file is swapped in for the store, and the folder is flushed.
    /// A crash at any instant leaves the old file or the new one. If another
    /// program changed the file since it was opened — checked under the lock
    /// just before the swap, and again on what the swap took out — theirs
    /// stays and ours is written to `<store>.conflict-<time>.ron`
    /// ([`StoreError::ChangedOnDisk`]).
    pub fn save(&mut self, store: &Store) -> Result<SaveReport, StoreError> {
        self.save_with_faults(store, &mut |_| Ok(()))
    }

    /// [`StoreFile::save`], always keeping the previous version as a backup,
    /// even when the backup interval (the app's autosave) has not run out:
    /// for changes an analyst may want to undo from outside the app, such as
    /// an import or a merge.
    pub fn save_with_backup(&mut self, store: &Store) -> Result<SaveReport, StoreError> {
        self.last_backup = None;
        self.save(store)
    }

    /// [`StoreFile::save`], calling `fault` before each stage; an error from
    /// it aborts the save there, as a crash would. For tests.
    #[doc(hidden)]
    pub fn save_with_faults(
        &mut self,
        store: &Store,
        fault: &mut dyn FnMut(SaveStage) -> io::Result<()>,
    ) -> Result<SaveReport, StoreError> {
        if self.folder.is_some() {
            return self.save_folder(store, fault);
        }
        let text = format::to_text(store);
        self.save_text(&text, fault)
    }

    fn save_folder(
        &mut self,
        store: &Store,
        fault: &mut dyn FnMut(SaveStage) -> io::Result<()>,
    ) -> Result<SaveReport, StoreError> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly { path: self.path.clone(), reason: reason.clone() });
        }
        let due = self.last_backup.is_none_or(|t| t.elapsed() >= self.backups.min_interval);
        let policy = self.backups;
        let Some(f) = self.folder.as_mut() else { unreachable!("checked by the caller") };
        let report = f.save(store, due.then_some(&policy), fault)?;
        if report.backup.is_some() {
            self.last_backup = Some(Instant::now());
        }
        Ok(report)
    }

    /// The hook a test uses to change the file between the last check and
    /// the swap (the instant a race with another program would hit).
    #[doc(hidden)]
    pub fn save_racing(
        &mut self,
        store: &Store,
        before_swap: &mut dyn FnMut(&Path),
    ) -> Result<SaveReport, StoreError> {
        let real = self.real.clone();
        self.save_with_faults(store, &mut |stage| {
            if stage == SaveStage::Rename {
                before_swap(&real);
            }
            Ok(())
        })
    }

    fn save_text(
        &mut self,
        text: &str,
        fault: &mut dyn FnMut(SaveStage) -> io::Result<()>,
    ) -> Result<SaveReport, StoreError> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly { path: self.path.clone(), reason: reason.clone() });
        }
        let current = fs::metadata(&self.real).ok();
        let exists = current.is_some();
        let hash = disk::content_hash(text.as_bytes());
        if exists && self.last_text_hash == Some(hash) && !self.changed_on_disk() {
            return Ok(SaveReport { written: false, backup: None, bytes: 0 });
        }

        let path = self.path.clone();
        let dir = disk::parent_of(&self.real);
        let io_err = |action: &'static str| io_error(&path, action);

        fault(SaveStage::CreateTemp).map_err(io_err("create the temporary file for"))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(&disk::temp_prefix(&self.real))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(io_err("create the temporary file for"))?;
        let bytes = text.as_bytes();
        let half = bytes.len() / 2;
        tmp.write_all(&bytes[..half]).map_err(io_err("write the temporary file for"))?;
        fault(SaveStage::WriteTemp).map_err(io_err("write the temporary file for"))?;
        tmp.write_all(&bytes[half..]).map_err(io_err("write the temporary file for"))?;
        fault(SaveStage::SyncTemp).map_err(io_err("flush the temporary file for"))?;
        tmp.as_file().sync_all().map_err(io_err("flush the temporary file for"))?;
        if let Some(meta) = &current {
            disk::copy_permissions(tmp.as_file(), meta).map_err(io_err("keep the permissions of"))?;
        }

        // Another program's change, seen before anything is touched: theirs stays.
        if exists && self.changed_on_disk() {
            return Err(self.set_aside(tmp.into_temp_path()));
        }

        fault(SaveStage::Backup).map_err(io_err("back up"))?;
        let due = self.last_backup.is_none_or(|t| t.elapsed() >= self.backups.min_interval);
        let backup = if exists && due {
            let b = backup::take(&self.real, self.backups.keep).map_err(io_err("back up"))?;
            self.last_backup = Some(Instant::now());
            Some(b)
        } else {
            None
        };

        fault(SaveStage::Rename).map_err(io_err("replace"))?;
        let tmp = tmp.into_temp_path();
        if exists {
            match disk::exchange(&tmp, &self.real) {
                Ok(()) => {
                    // `tmp` now names what the swap took out: the version we
                    // expected, or one another program wrote at the last instant.
                    if self.is_expected(&tmp) {
                        drop(tmp);
                    } else {
                        return Err(self.swap_back(tmp, hash));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Unsupported => {
                    if self.changed_on_disk() {
                        return Err(self.set_aside(tmp));
                    }
                    tmp.persist(&self.real).map_err(|e| StoreError::Io {
                        path: self.path.clone(),
                        action: "replace",
                        source: e.error,
                    })?;
                }
                Err(e) => {
                    return Err(StoreError::Io { path: self.path.clone(), action: "replace", source: e });
                }
            }
        } else {
            // Deleted meanwhile: recreate it, unless someone else just did.
            if let Err(e) = tmp.persist_noclobber(&self.real) {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    return Err(self.set_aside(e.path));
                }
                return Err(StoreError::Io { path: self.path.clone(), action: "create", source: e.error });
            }
        }
        fault(SaveStage::SyncDir).map_err(io_err("flush the folder of"))?;
        disk::sync_dir(&dir).map_err(io_err("flush the folder of"))?;

        self.disk = Identity::of(&self.real);
        self.last_text_hash = Some(hash);
        Ok(SaveReport { written: true, backup, bytes: bytes.len() })
    }

    /// Whether the file at `taken` (what a swap took out of the store's
    /// place) is the version this process last read or wrote.
    fn is_expected(&self, taken: &Path) -> bool {
        let id = Identity::of(taken);
        id.is_some() && (id == self.disk || disk::hash_of_file(taken) == self.last_text_hash)
    }

    /// The swap took out another program's version: put it back, and keep
    /// ours as a conflict file. Loops in the (theoretical) case that a third
    /// version arrived between the two swaps, so that none is lost.
    fn swap_back(&mut self, taken: tempfile::TempPath, ours: u64) -> StoreError {
        for _ in 0..8 {
            if disk::exchange(&taken, &self.real).is_err() {
                break;
            }
            if disk::hash_of_file(&taken) == Some(ours) {
                return self.set_aside(taken);
            }
        }
        // Could not put things back as they were: keep what `taken` holds, whoever wrote it.
        let kept = self.conflict_path();
        let saved = taken.persist(&kept).ok().map(|_| kept);
        StoreError::ChangedOnDisk { path: self.path.clone(), ours_saved_as: saved }
    }

    /// Keeps our version (a temporary file) as `<store>.conflict-<time>.ron`
    /// beside the store, and says so.
    fn set_aside(&mut self, ours: tempfile::TempPath) -> StoreError {
        let target = self.conflict_path();
        let saved = ours.persist(&target).ok().map(|_| {
            let _ = disk::sync_dir(&disk::parent_of(&self.real));
            target
        });
        StoreError::ChangedOnDisk { path: self.path.clone(), ours_saved_as: saved }
    }

    fn conflict_path(&self) -> PathBuf {
        let stem = self.real.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let mut p = self.real.with_file_name(format!("{stem}.conflict-{stamp}.ron"));
        let mut n = 1;
        while p.exists() {
            p = self.real.with_file_name(format!("{stem}.conflict-{stamp}-{n}.ron"));
            n += 1;
        }
        p
    }

    /// Deletes temporary files left beside the store and in its backups
    /// folder by a save that was killed. Only called while holding the lock,
    /// so no save of ours is running.
    fn remove_stale_temporaries(&self) {
        let prefix = disk::temp_prefix(&self.real);
        if let Ok(entries) = fs::read_dir(disk::parent_of(&self.real)) {
            for e in entries.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                if name.starts_with(&prefix) && name.ends_with(".tmp") {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
        backup::remove_stale_temporaries(&self.real);
    }

    /// Drops the lock now (it is also dropped with the value).
    pub fn close(self) {}

    /// Whether this handle holds the write lock.
    pub fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }
}

fn io_error(path: &Path, action: &'static str) -> impl FnOnce(io::Error) -> StoreError + use<> {
    let path = path.to_owned();
    move |source| StoreError::Io { path, action, source }
}

/// Writes a new file atomically; fails if `path` already exists.
pub(crate) fn write_new(path: &Path, text: &str) -> Result<(), StoreError> {
    let dir = disk::parent_of(path);
    let io_err = |action: &'static str| io_error(path, action);
    let mut tmp = tempfile::Builder::new()
        .prefix(&disk::temp_prefix(path))
        .suffix(".tmp")
        .permissions(default_permissions())
        .tempfile_in(&dir)
        .map_err(io_err("create the temporary file for"))?;
    tmp.write_all(text.as_bytes()).map_err(io_err("write"))?;
    tmp.as_file().sync_all().map_err(io_err("flush"))?;
    tmp.persist_noclobber(path).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        action: "create",
        source: e.error,
    })?;
    disk::sync_dir(&dir).map_err(io_err("flush the folder of"))?;
    Ok(())
}

/// A new file is readable by all and writable by its owner, as any document
/// (the umask still applies).
pub(super) fn default_permissions() -> fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(0o666)
    }
    #[cfg(not(unix))]
    {
        let mut p = fs::metadata(".").map(|m| m.permissions()).expect("the current folder has permissions");
        p.set_readonly(false);
        p
    }
}

/// Repairs the store folder at `path` from its backups (see
/// [`folder::repair`]), under the store's lock.
pub fn repair_folder(path: &Path) -> Result<folder::Repair, StoreError> {
    let real = disk::real_path(path);
    if !folder::is_folder(&real) {
        return Err(StoreError::Refused {
            path: path.to_owned(),
            reason: "only a store folder is repaired file by file; a store file is restored whole from its \
                     backups (the app's Open latest backup)"
                .into(),
        });
    }
    let lock = Lock::acquire(&real, path)?;
    let result = folder::repair(&real, path);
    drop(lock);
    result
}

/// Writes `bytes` to `path` atomically, replacing any file there: a
/// temporary file beside the real file (symlinks followed) is written,
/// flushed and renamed over it, so a reader sees the old file or the new
/// one, never a torn one; the replaced file's mode and group are kept. A
/// path that is not a regular file is refused. For exports and the merge
/// driver's result; a store being edited is saved with [`StoreFile::save`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let real = disk::real_path(path);
    let current = fs::metadata(&real).ok();
    if let Some(meta) = &current {
        disk::check_regular(path, meta, u64::MAX, "the output")?;
    }
    let dir = disk::parent_of(&real);
    let io_err = |action: &'static str| io_error(path, action);
    let mut tmp = tempfile::Builder::new()
        .prefix(&disk::temp_prefix(&real))
        .suffix(".tmp")
        .permissions(default_permissions())
        .tempfile_in(&dir)
        .map_err(io_err("create the temporary file for"))?;
    tmp.write_all(bytes).map_err(io_err("write the temporary file for"))?;
    tmp.as_file().sync_all().map_err(io_err("flush the temporary file for"))?;
    if let Some(meta) = &current {
        disk::copy_permissions(tmp.as_file(), meta).map_err(io_err("keep the permissions of"))?;
    }
    tmp.persist(&real).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        action: "replace",
        source: e.error,
    })?;
    disk::sync_dir(&dir).map_err(io_err("flush the folder of"))?;
    Ok(())
}

/// How long the app waits between backups while autosaving (the command line
/// backs up on every save).
pub const APP_BACKUP_INTERVAL: Duration = Duration::from_secs(300);

/// Takes `store`'s lock and makes `backup` the store again (see
/// [`backup::restore`]): refused while another Stancebook writes the store.
pub fn restore_backup(backup_path: &Path, store: &Path) -> Result<Option<PathBuf>, StoreError> {
    let real = disk::real_path(store);
    refuse_unless_store(store)?;
    let lock = Lock::acquire(&real, store)?;
    let result = backup::restore(backup_path, store);
    drop(lock);
    result
}

/// Replaces whatever is at `path` with `store` (`gen --force`): refused
/// while another Stancebook holds the store's lock; the file it replaces is
/// kept as a backup first; the write is atomic. Returns the bytes written
/// and the backup made.
pub fn replace_whole(path: &Path, store: &Store) -> Result<(usize, Option<PathBuf>), StoreError> {
    refuse_unless_store(path)?;
    let real = disk::real_path(path);
    refuse_unless_store(&real)?;
    if let Ok(meta) = fs::metadata(&real) {
        disk::check_regular(path, &meta, u64::MAX, "a store")?;
    }
    let lock = Lock::acquire(&real, path)?;
    let backup = if real.exists() {
        Some(backup::take(&real, BackupPolicy::default().keep).map_err(|source| StoreError::Io {
            path: path.to_owned(),
            action: "back up",
            source,
        })?)
    } else {
        None
    };
    let text = format::to_text(store);
    let result = write_atomic(&real, text.as_bytes());
    drop(lock);
    result.map(|_| (text.len(), backup))
}
