//! Timestamped backups of previous versions, in a `<store>.backups` folder beside the store.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// The backup folder of a store: `store.ron` → `store.ron.backups`.
pub fn folder(store: &Path) -> PathBuf {
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    name.push(".backups");
    store.with_file_name(name)
}

/// The backups of a store, newest first.
pub fn list(store: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(folder(store))
        .map(|rd| {
            rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "ron")).collect()
        })
        .unwrap_or_default();
    // Names carry a sortable UTC timestamp.
    v.sort();
    v.reverse();
    v
}

/// Copies the current file of `store` into a new backup, then deletes all but
/// the newest `keep`.
pub fn take(store: &Path, keep: usize) -> io::Result<PathBuf> {
    let dir = folder(store);
    fs::create_dir_all(&dir)?;
    let stem = store.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let mut target = dir.join(format!("{stem}.{stamp}.ron"));
    let mut n = 1;
    while target.exists() {
        target = dir.join(format!("{stem}.{stamp}-{n}.ron"));
        n += 1;
    }
    // A copy, not a hard link: an editor that rewrites the store in place
    // would otherwise rewrite the backup with it.
    fs::copy(store, &target)?;
    for old in list(store).into_iter().skip(keep.max(1)) {
        let _ = fs::remove_file(old);
    }
    Ok(target)
}
