//! The store file: the only code that reads or writes it. Atomic saves,
//! backups, the write lock, migration of older schemas, and the bundled
//! sample store written on first use.

mod backup;
mod error;
mod file;
pub mod format;
pub mod merge;
mod migrate;

use std::path::{Path, PathBuf};

pub use backup::{BackupPolicy, folder as backup_folder, list as list_backups};
pub use error::StoreError;
pub use file::{APP_BACKUP_INTERVAL, SaveReport, SaveStage, StoreFile, write_atomic};
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
    match file::write_new(path, SAMPLE_TEXT) {
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
/// told apart by the first character. An empty file is an empty store (git
/// passes one as the base when two branches added the same file). Never
/// locks or writes.
pub fn read_any(path: &Path) -> Result<Parsed, StoreError> {
    let bytes = std::fs::read(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        action: "read",
        source,
    })?;
    let text = format::decode(path, &bytes)?;
    let body = text.trim_start_matches('\u{feff}');
    if body.trim().is_empty() {
        return Ok(Parsed { store: Store::default(), migrated_from: None, newer_schema: None });
    }
    if body.trim_start().starts_with('{') {
        format::from_json(path, body)
    } else {
        format::from_text(path, body)
    }
}
