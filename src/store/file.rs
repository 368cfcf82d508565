//! A store file on disk: opening under an advisory lock, atomic saves,
//! timestamped backups, and refusing to overwrite what it did not write.

use std::fs::{self, File, OpenOptions};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::backup::{self, BackupPolicy};
use super::error::StoreError;
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
    /// Renaming the temporary file over the store.
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

/// Size and modification time of the file as we last read or wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DiskStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl DiskStamp {
    fn of(path: &Path) -> Option<DiskStamp> {
        fs::metadata(path).ok().map(|m| DiskStamp { len: m.len(), modified: m.modified().ok() })
    }
}

/// The advisory write lock on a store, held in `<store>.lock` beside it.
#[derive(Debug)]
struct Lock {
    _file: File,
}

impl Lock {
    fn path_for(store: &Path) -> PathBuf {
        let mut name = store.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        store.with_file_name(name)
    }

    fn acquire(store: &Path) -> Result<Lock, StoreError> {
        let path = Self::path_for(store);
        let io_err = |action, source| StoreError::Io { path: path.clone(), action, source };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| io_err("open the lock file", e))?;
        match file.try_lock() {
            Ok(()) => {
                let host = std::env::var("HOSTNAME").unwrap_or_default();
                let who = format!(
                    "process {}{}{}",
                    std::process::id(),
                    if host.is_empty() { "" } else { " on " },
                    host
                );
                // Best effort: the lock itself is what matters, the text only helps the message.
                let _ = file.set_len(0).and_then(|_| file.write_all(who.as_bytes()));
                Ok(Lock { _file: file })
            }
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = File::open(&path).and_then(|mut f| f.read_to_string(&mut holder));
                let holder = holder.trim();
                Err(StoreError::Locked {
                    path: store.to_owned(),
                    holder: if holder.is_empty() { "another process".into() } else { holder.to_owned() },
                })
            }
            Err(fs::TryLockError::Error(e)) => Err(io_err("lock", e)),
        }
    }
}

/// An open store file. Holds the write lock unless it was opened read-only.
#[derive(Debug)]
pub struct StoreFile {
    path: PathBuf,
    lock: Option<Lock>,
    read_only: Option<String>,
    disk: Option<DiskStamp>,
    last_text_hash: Option<u64>,
    last_backup: Option<Instant>,
    /// How many backups to keep and how often to make them.
    pub backups: BackupPolicy,
}

fn hash_text(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

fn read_store(path: &Path) -> Result<(Parsed, u64, Option<DiskStamp>), StoreError> {
    let stamp = DiskStamp::of(path);
    let bytes =
        fs::read(path).map_err(|source| StoreError::Io { path: path.to_owned(), action: "read", source })?;
    let text = format::decode(path, &bytes)?;
    let parsed = format::from_text(path, text)?;
    Ok((parsed, hash_text(text), stamp))
}

impl StoreFile {
    /// Opens a store for writing: takes the lock (refused with
    /// [`StoreError::Locked`] if another process holds it) and reads the file.
    /// A file of a newer schema opens read-only.
    pub fn open(path: &Path) -> Result<(StoreFile, Parsed), StoreError> {
        let lock = Lock::acquire(path)?;
        let (parsed, hash, disk) = read_store(path)?;
        let mut file = StoreFile {
            path: path.to_owned(),
            lock: Some(lock),
            read_only: None,
            disk,
            last_text_hash: Some(hash),
            last_backup: None,
            backups: BackupPolicy::default(),
        };
        if let Some(v) = parsed.newer_schema {
            file.make_read_only(format!("written by a newer Stancebook, schema {v}"));
        } else {
            file.remove_stale_temporaries();
        }
        Ok((file, parsed))
    }

    /// Opens a store for reading only; never takes the lock, never writes.
    pub fn open_read_only(path: &Path, reason: impl Into<String>) -> Result<(StoreFile, Parsed), StoreError> {
        let (parsed, hash, disk) = read_store(path)?;
        Ok((
            StoreFile {
                path: path.to_owned(),
                lock: None,
                read_only: Some(reason.into()),
                disk,
                last_text_hash: Some(hash),
                last_backup: None,
                backups: BackupPolicy::default(),
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
            other => other,
        }
    }

    /// Creates a new store file holding `store`; fails if the file exists.
    pub fn create(path: &Path, store: &Store) -> Result<StoreFile, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_owned(),
                action: "create the folder",
                source,
            })?;
        }
        let lock = Lock::acquire(path)?;
        let text = format::to_text(store);
        write_new(path, &text)?;
        Ok(StoreFile {
            path: path.to_owned(),
            lock: Some(lock),
            read_only: None,
            disk: DiskStamp::of(path),
            last_text_hash: Some(hash_text(&text)),
            last_backup: None,
            backups: BackupPolicy::default(),
        })
    }

    /// The store file's path.
    pub fn path(&self) -> &Path {
        &self.path
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

    /// Whether the file on disk differs from what this process last read or wrote.
    pub fn changed_on_disk(&self) -> bool {
        DiskStamp::of(&self.path).is_some_and(|now| Some(now) != self.disk)
    }

    /// The backups of this store, newest first.
    pub fn list_backups(&self) -> Vec<PathBuf> {
        backup::list(&self.path)
    }

    /// Saves `store` atomically: a temporary file in the same folder is
    /// written and flushed, the previous version is kept as a backup, the
    /// temporary file is renamed over the store, and the folder is flushed.
    /// A crash at any instant leaves the old file or the new one.
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
        let text = format::to_text(store);
        self.save_text(&text, fault)
    }

    fn save_text(
        &mut self,
        text: &str,
        fault: &mut dyn FnMut(SaveStage) -> io::Result<()>,
    ) -> Result<SaveReport, StoreError> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly { path: self.path.clone(), reason: reason.clone() });
        }
        let exists = self.path.exists();
        if exists && self.changed_on_disk() {
            return Err(StoreError::ChangedOnDisk { path: self.path.clone() });
        }
        let hash = hash_text(text);
        if exists && self.last_text_hash == Some(hash) {
            return Ok(SaveReport { written: false, backup: None, bytes: 0 });
        }

        let path = self.path.clone();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        let io_err = |action: &'static str| io_error(&path, action);

        fault(SaveStage::CreateTemp).map_err(io_err("create the temporary file for"))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(&temp_prefix(&self.path))
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

        fault(SaveStage::Backup).map_err(io_err("back up"))?;
        let due = self.last_backup.is_none_or(|t| t.elapsed() >= self.backups.min_interval);
        let backup = if exists && due {
            let b = backup::take(&self.path, self.backups.keep).map_err(io_err("back up"))?;
            self.last_backup = Some(Instant::now());
            Some(b)
        } else {
            None
        };

        fault(SaveStage::Rename).map_err(io_err("replace"))?;
        tmp.persist(&self.path).map_err(|e| StoreError::Io {
            path: self.path.clone(),
            action: "replace",
            source: e.error,
        })?;
        fault(SaveStage::SyncDir).map_err(io_err("flush the folder of"))?;
        sync_dir(&dir).map_err(io_err("flush the folder of"))?;

        self.disk = DiskStamp::of(&self.path);
        self.last_text_hash = Some(hash);
        Ok(SaveReport { written: true, backup, bytes: bytes.len() })
    }

    /// Deletes temporary files left in the folder by a save that crashed.
    /// Only called while holding the lock, so no save of ours is running.
    fn remove_stale_temporaries(&self) {
        let prefix = temp_prefix(&self.path);
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                if name.starts_with(&prefix) && name.ends_with(".tmp") {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
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

fn temp_prefix(path: &Path) -> String {
    format!(".{}.", path.file_name().unwrap_or_default().to_string_lossy())
}

/// Writes a new file atomically; fails if `path` already exists.
pub(crate) fn write_new(path: &Path, text: &str) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let io_err = |action: &'static str| io_error(path, action);
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io_err("create the temporary file for"))?;
    tmp.write_all(text.as_bytes()).map_err(io_err("write"))?;
    tmp.as_file().sync_all().map_err(io_err("flush"))?;
    tmp.persist_noclobber(path).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        action: "create",
        source: e.error,
    })?;
    sync_dir(&dir).map_err(io_err("flush the folder of"))?;
    Ok(())
}

/// Writes `bytes` to `path` atomically, replacing any file there: a
/// temporary file in the same folder is written, flushed and renamed over
/// `path`, so a reader sees the old file or the new one, never a torn one.
/// For exports and the merge driver's result; a store being edited is
/// saved with [`StoreFile::save`] instead.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let io_err = |action: &'static str| io_error(path, action);
    let prefix = temp_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Keep the mode of the file being replaced; a new file is readable by all, like any export.
        let mode = fs::metadata(path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0o644);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io_err("create the temporary file for"))?;
    tmp.write_all(bytes).map_err(io_err("write the temporary file for"))?;
    tmp.as_file().sync_all().map_err(io_err("flush the temporary file for"))?;
    tmp.persist(path).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        action: "replace",
        source: e.error,
    })?;
    sync_dir(&dir).map_err(io_err("flush the folder of"))?;
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Windows cannot open a folder as a file to flush it; NTFS journals the rename.
    Ok(())
}

/// How long the app waits between backups while autosaving (the command line
/// backs up on every save).
pub const APP_BACKUP_INTERVAL: Duration = Duration::from_secs(300);
