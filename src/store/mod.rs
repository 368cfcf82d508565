//! The store file: the only code that reads or writes it. Atomic saves,
//! backups, the write lock, migration of older schemas, and the bundled
//! sample store written on first use.

mod backup;
pub mod disk;
mod error;
mod file;
pub mod folder;
pub mod format;
pub mod merge;
mod migrate;

use std::path::{Path, PathBuf};

pub use backup::{
    BackupCheck, BackupPolicy, check as check_backups, folder as backup_folder, latest_that_loads,
    list as list_backups,
};
pub use error::StoreError;
pub use file::{
    APP_BACKUP_INTERVAL, SaveReport, SaveStage, StoreFile, repair_folder, replace_whole, restore_backup,
    write_atomic,
};
pub use format::Parsed;

use crate::model::Store;

/// The bundled sample store (coded from a live blog of 13 March 2025 and 45
/// sourced positions across 2025), as written in `data/sample.ron`.
pub const SAMPLE_TEXT: &str = include_str!("../../data/sample.ron");

/// The bundled sample store, parsed.
pub fn sample() -> Store {
    format::from_text(Path::new("data/sample.ron"), SAMPLE_TEXT)
        .expect("the bundled sample store parses")
        .store
}

/// The environment variable that moves Stancebook's data folder (the default
/// store lives in it). Tests set it to a temporary folder.
pub const HOME_ENV: &str = "STANCEBOOK_HOME";

/// The data folder: `$STANCEBOOK_HOME` if set, else the platform's data folder
/// (`~/.local/share/stancebook` on Linux, `~/Library/Application Support/org.stancebook.stancebook`
/// on macOS, `%APPDATA%\stancebook\stancebook\data` on Windows).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os(HOME_ENV).filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(home));
    }
    directories::ProjectDirs::from("org", "stancebook", "stancebook").map(|d| d.data_dir().to_owned())
}

/// The default store: `store.ron` in the data folder.
pub fn default_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("store.ron"))
}

/// Writes the bundled sample to `path` if no file is there; never replaces
/// an existing file. Returns whether it created the file.
pub fn create_from_sample_if_missing(path: &Path) -> Result<bool, StoreError> {
    if path.exists() {
        return Ok(false);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_owned(),
            action: "create the folder",
            source,
        })?;
    }
    match file::write_new(&disk::real_path(path), SAMPLE_TEXT) {
        Ok(()) => Ok(true),
        // Another process created it in the meantime: theirs stands.
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// Reads and parses a store file without opening it for writing.
pub fn read(path: &Path) -> Result<Parsed, StoreError> {
    StoreFile::open_read_only(path, "read only").map(|(_, p)| p)
}

/// Reads another store file to import or merge: RON (a store file, of this or
/// an older schema) or JSON (as `stancebook export --format json` writes),
/// told apart by the first character, with the same strict parser as the
/// store itself. A leading byte order mark is dropped; an empty file is an
/// error. Never locks or writes.
pub fn read_any(path: &Path) -> Result<Parsed, StoreError> {
    read_other(path, false)
}

/// [`read_any`] for git's merge base, which is an empty file when both
/// branches added the store: an empty file is then an empty store.
pub fn read_merge_base(path: &Path) -> Result<Parsed, StoreError> {
    read_other(path, true)
}

fn read_other(path: &Path, empty_is_a_store: bool) -> Result<Parsed, StoreError> {
    let real = disk::real_path(path);
    if folder::is_folder(&real) {
        return folder::read(&real, path);
    }
    let bytes = disk::read_bounded(path, disk::MAX_IMPORT_BYTES, "a store to import")?;
    let text = if empty_is_a_store {
        format::decode_allow_empty(path, &bytes)?
    } else {
        format::decode(path, &bytes)?
    };
    if text.trim().is_empty() {
        return Ok(Parsed { store: Store::default(), migrated_from: None, newer_schema: None });
    }
    if text.trim_start().starts_with('{') {
        format::from_json(path, text)
    } else {
        format::from_text(path, text)
    }
}

/// Writes `store` as a new store folder at `path` (which must not exist, or
/// be an empty folder), under the store's lock; returns the number of store
/// files written (the header and one per day).
pub fn create_folder(path: &Path, store: &Store) -> Result<usize, StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_owned(),
            action: "create the folder",
            source,
        })?;
    }
    let real = disk::real_path(path);
    let lock = file::Lock::acquire(&real, path)?;
    let mut sorted = store.clone();
    sorted.sort_statements();
    sorted.sort_events();
    let result = folder::Folder::create(&real, path, &sorted).map(|f| f.files().count());
    drop(lock);
    result
}

/// Why `target` must not be written as an export or a copy while `store` is
/// the store: it is the store itself, its lock, one of its backups, or any
/// store companion (a lock file, a file in a backups folder).
pub fn refuse_as_output(target: &Path, store: Option<&Path>) -> Result<(), StoreError> {
    let refuse = |reason: &str| Err(StoreError::Refused { path: target.to_owned(), reason: reason.into() });
    let real = disk::real_path(target);
    if let Some(store) = store {
        let store_real = disk::real_path(store);
        if real == store_real {
            return refuse("that is the store itself; give another file");
        }
        let mut lock = store_real.clone().into_os_string();
        lock.push(".lock");
        if real == Path::new(&lock) {
            return refuse("that is the store's lock file; give another file");
        }
        if real.starts_with(backup::folder(&store_real)) {
            return refuse("that is in the store's backups folder; give another file");
        }
        if folder::is_folder(&store_real) && real.starts_with(&store_real) {
            return refuse("that is inside the store folder, whose files are the store's; give another file");
        }
    }
    if let Some(reason) = disk::not_a_store(&real).or_else(|| disk::not_a_store(target)) {
        return refuse(&format!("{reason}; give another file"));
    }
    Ok(())
}
