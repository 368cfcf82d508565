//! Errors from reading and writing store files; each names the file and, for
//! a parse error, the line and column.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Something went wrong with a store file.
#[derive(Debug)]
pub enum StoreError {
    /// The file could not be read, written or renamed.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What was being done ("read", "write the temporary file for").
        action: &'static str,
        /// The operating system's error.
        source: io::Error,
    },
    /// The file is not a valid store: RON syntax, a wrong shape, a bad value.
    Parse {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What was expected or found.
        message: String,
    },
    /// The file was written by a newer Stancebook and cannot be read by this one.
    NewerSchema {
        /// The file concerned.
        path: PathBuf,
        /// The schema the file carries.
        found: u32,
        /// The newest schema this version understands.
        supported: u32,
        /// Why reading it failed, if it did.
        detail: Option<String>,
    },
    /// Another process holds the store's write lock.
    Locked {
        /// The store file.
        path: PathBuf,
        /// Who holds it, as the lock file says ("process 4242 on laptop").
        holder: String,
    },
    /// The store was opened read-only; writing it is refused.
    ReadOnly {
        /// The store file.
        path: PathBuf,
        /// Why it is read-only.
        reason: String,
    },
    /// Another program changed the file since it was opened. Their version
    /// was kept; ours was written beside it to a conflict file (when that
    /// could be written).
    ChangedOnDisk {
        /// The store file.
        path: PathBuf,
        /// Where our version was saved instead: `<store>.conflict-<time>.ron`.
        ours_saved_as: Option<PathBuf>,
    },
    /// The path cannot be used as asked: not a regular file, too large, or
    /// a companion of a store (its lock, a backup) given where a store or an
    /// export belongs.
    Refused {
        /// The file concerned.
        path: PathBuf,
        /// Why, in a sentence.
        reason: String,
    },
    /// A save was refused because the data does not validate.
    Invalid {
        /// The store file.
        path: PathBuf,
        /// The problems, one line each.
        problems: Vec<String>,
    },
}

impl StoreError {
    /// The file this error concerns.
    pub fn path(&self) -> &std::path::Path {
        match self {
            StoreError::Io { path, .. }
            | StoreError::Parse { path, .. }
            | StoreError::NewerSchema { path, .. }
            | StoreError::Locked { path, .. }
            | StoreError::ReadOnly { path, .. }
            | StoreError::ChangedOnDisk { path, .. }
            | StoreError::Refused { path, .. }
            | StoreError::Invalid { path, .. } => path,
        }
    }

    /// Whether the file itself is unreadable (as opposed to busy or read-only).
    pub fn is_bad_file(&self) -> bool {
        matches!(self, StoreError::Parse { .. } | StoreError::NewerSchema { .. })
    }

    /// The same error about a file the user knows by another name: the merge
    /// driver's temporary files are named as the side of the merge they hold
    /// ("store.ron (theirs)").
    pub fn with_path(mut self, name: impl Into<PathBuf>) -> StoreError {
        let name = name.into();
        match &mut self {
            StoreError::Io { path, .. }
            | StoreError::Parse { path, .. }
            | StoreError::NewerSchema { path, .. }
            | StoreError::Locked { path, .. }
            | StoreError::ReadOnly { path, .. }
            | StoreError::ChangedOnDisk { path, .. }
            | StoreError::Refused { path, .. }
            | StoreError::Invalid { path, .. } => *path = name,
        }
        self
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io { path, action, source } => {
                write!(f, "{}: could not {action}: {source}", path.display())
            }
            StoreError::Parse { path, line, col, message } => {
                write!(f, "{}:{line}:{col}: {message}", path.display())
            }
            StoreError::NewerSchema { path, found, supported, detail } => {
                write!(
                    f,
                    "{}: written by a newer Stancebook (schema {found}; this version reads up to {supported}); \
                     it is opened read-only and never overwritten",
                    path.display()
                )?;
                if let Some(d) = detail {
                    write!(f, "; {d}")?;
                }
                Ok(())
            }
            StoreError::Locked { path, holder } => write!(
                f,
                "{}: the store is open for writing in another Stancebook ({holder}); \
                 close it there, or open this one read-only",
                path.display()
            ),
            StoreError::ReadOnly { path, reason } => {
                write!(f, "{}: opened read-only ({reason}); nothing was written", path.display())
            }
            StoreError::ChangedOnDisk { path, ours_saved_as: Some(ours) } => write!(
                f,
                "{}: another program changed the file while it was open here; their version is kept, \
                 and yours was saved as {} (import it to merge the two by statement id)",
                path.display(),
                ours.display()
            ),
            StoreError::ChangedOnDisk { path, ours_saved_as: None } => write!(
                f,
                "{}: another program changed the file while it was open here; not saved, so nothing of \
                 theirs is lost: reload it, or save to another file",
                path.display()
            ),
            StoreError::Refused { path, reason } => write!(f, "{}: {reason}", path.display()),
            StoreError::Invalid { path, problems } => {
                write!(f, "{}: not saved, the data has {} problem(s)", path.display(), problems.len())?;
                for p in problems.iter().take(20) {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
