//! The `stancebook` binary: a subcommand from the command line, or the window.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    stancebook::cli::main(open_window)
}

/// Opens the window on `store` (the `gui` feature).
#[cfg(feature = "gui")]
fn open_window(store: Option<PathBuf>) -> Result<ExitCode, String> {
    stancebook::app::run(store)
}

/// Without the `gui` feature there is no window to open.
#[cfg(not(feature = "gui"))]
fn open_window(_store: Option<PathBuf>) -> Result<ExitCode, String> {
    Err("this stancebook was built without its window (the `gui` feature); \
         give a subcommand, for example `stancebook check` (`stancebook --help` lists them)"
        .into())
}
