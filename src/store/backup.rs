//! Timestamped backups of previous versions, in a `<store>.backups` folder
//! beside the (real) store file. Each is written like the store itself — a
//! temporary file in the backups folder, flushed, renamed, the folder
//! flushed — so a kill or a full disk never leaves a half-written backup,
//! and old ones are pruned before a new one appears, so there are never
//! more than the number kept.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::disk;
use super::error::StoreError;
use super::format;

/// How many backups to keep, and how often to make one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupPolicy {
    /// The number of backups kept; older ones are deleted.
    pub keep: usize,
    /// The shortest time between two backups made by one open store
    /// (the first save after opening always makes one).
    pub min_interval: Duration,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy { keep: 10, min_interval: Duration::ZERO }
    }
}

/// The backup folder of a store: `store.ron` → `store.ron.backups`, beside
/// the real file when the store is reached through a symlink.
pub fn folder(store: &Path) -> PathBuf {
    let real = disk::real_path(store);
    let mut name = real.file_name().unwrap_or_default().to_os_string();
    name.push(".backups");
    real.with_file_name(name)
}

/// The backups of a store, newest first.
pub fn list(store: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(folder(store))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "ron")
                        && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    // Names carry a sortable UTC timestamp.
    v.sort();
    v.reverse();
    v
}

/// Copies the current file of `store` into a new backup and keeps the newest
/// `keep` in all: the oldest are deleted first, then the copy is written to a
/// temporary file in the backups folder, flushed, and renamed into place.
pub fn take(store: &Path, keep: usize) -> io::Result<PathBuf> {
    let dir = folder(store);
    fs::create_dir_all(&dir)?;
    for old in list(store).into_iter().skip(keep.max(1) - 1) {
        let _ = fs::remove_file(old);
    }
    let real = disk::real_path(store);
    let stem = real.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let mut source = fs::File::open(&real)?;
    let meta = source.metadata()?;
    let mut tmp = tempfile::Builder::new().prefix(&format!(".{stem}.")).suffix(".tmp").tempfile_in(&dir)?;
    io::copy(&mut source, tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    disk::copy_permissions(tmp.as_file(), &meta)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let mut target = dir.join(format!("{stem}.{stamp}.ron"));
    let mut n = 1;
    loop {
        match tmp.persist_noclobber(&target) {
            Ok(_) => break,
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists && n < 100 => {
                tmp = e.file;
                target = dir.join(format!("{stem}.{stamp}-{n}.ron"));
                n += 1;
            }
            Err(e) => return Err(e.error),
        }
    }
    disk::sync_dir(&dir)?;
    Ok(target)
}

/// Deletes temporary files a killed backup left in the backups folder. Only
/// called while holding the store's lock, so no backup of ours is running.
pub fn remove_stale_temporaries(store: &Path) {
    if let Ok(entries) = fs::read_dir(folder(store)) {
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name.ends_with(".tmp") {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// A backup and whether it loads.
#[derive(Debug)]
pub struct BackupCheck {
    /// The backup file.
    pub path: PathBuf,
    /// Its number of statements, or why it does not load.
    pub result: Result<usize, StoreError>,
}

/// Reads every backup of `store`, newest first, and says which load.
pub fn check(store: &Path) -> Vec<BackupCheck> {
    let real = disk::real_path(store);
    if super::folder::is_folder(&real) {
        return super::folder::list_backups(&real)
            .into_iter()
            .map(|path| {
                let result = super::folder::check_backup_set(&path);
                BackupCheck { path, result }
            })
            .collect();
    }
    list(store)
        .into_iter()
        .map(|path| {
            let result = load(&path).map(|s| s.statements.len());
            BackupCheck { path, result }
        })
        .collect()
}

/// The newest backup of `store` that loads.
pub fn latest_that_loads(store: &Path) -> Option<PathBuf> {
    if super::folder::is_folder(&disk::real_path(store)) {
        // A folder's backups hold the files each save changed, not whole stores.
        return None;
    }
    list(store).into_iter().find(|p| load(p).is_ok())
}

fn load(path: &Path) -> Result<crate::model::Store, StoreError> {
    let bytes = disk::read_bounded(path, disk::MAX_STORE_BYTES, "a store")?;
    let text = format::decode(path, &bytes)?;
    format::from_text(path, text).map(|p| p.store)
}

/// Makes a backup the store again: the store's current file (damaged, or
/// simply newer) is kept beside it as `<store>.replaced-<time>`, never
/// deleted, and the backup's bytes are written to the store atomically.
/// Returns where the replaced file was kept, if there was one.
pub fn restore(backup: &Path, store: &Path) -> Result<Option<PathBuf>, StoreError> {
    let real = disk::real_path(store);
    let bytes = disk::read_bounded(backup, disk::MAX_STORE_BYTES, "a backup")?;
    let io_err = |action: &'static str| {
        let path = real.clone();
        move |source| StoreError::Io { path, action, source }
    };
    let kept = if real.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let mut kept = real.clone().into_os_string();
        kept.push(format!(".replaced-{stamp}"));
        let kept = PathBuf::from(kept);
        fs::copy(&real, &kept).map_err(io_err("keep a copy of"))?;
        Some(kept)
    } else {
        None
    };
    super::file::write_atomic(&real, &bytes)?;
    Ok(kept)
}
