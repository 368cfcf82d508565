//! Helpers shared by the integration tests: temp folders, the real binary,
//! copies of the sample store. Nothing here touches the user's data folder.

#![allow(dead_code)]

#[cfg(feature = "gui")]
pub mod app;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder holding a copy of the bundled sample store as `store.ron`.
pub struct TempStore {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempStore {
    /// A fresh copy of `data/sample.ron`.
    pub fn sample() -> TempStore {
        Self::with_text(stancebook::store::SAMPLE_TEXT)
    }

    /// A store file with exactly this text.
    pub fn with_text(text: &str) -> TempStore {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("store.ron");
        std::fs::write(&path, text).expect("write store");
        TempStore { dir, path }
    }

    /// A store file with exactly these bytes.
    pub fn with_bytes(bytes: &[u8]) -> TempStore {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("store.ron");
        std::fs::write(&path, bytes).expect("write store");
        TempStore { dir, path }
    }

    /// The file's bytes now.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).expect("read store")
    }

    /// Runs the real binary with `--store <this store>` and `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        stancebook(self.dir.path(), &[&["--store", self.path.to_str().unwrap()], args].concat())
    }
}

/// Runs the real `stancebook` binary with `STANCEBOOK_HOME` pointing at `home`
/// (so it can never touch the user's real data folder).
pub fn stancebook(home: &Path, args: &[&str]) -> Output {
    command(home).args(args).output().expect("run stancebook")
}

/// A `Command` for the real binary, with `STANCEBOOK_HOME` set to `home`
/// (and no analyst named in the environment: `add` records one only when
/// a test asks).
pub fn command(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_stancebook"));
    c.env("STANCEBOOK_HOME", home)
        .env_remove("RUST_BACKTRACE")
        .env_remove("STANCEBOOK_ANALYST")
        .current_dir(home);
    c
}

/// Stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code (−1 if killed by a signal).
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}
