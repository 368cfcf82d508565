//! The desktop window (placeholder until the app issue lands).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::CliError;

/// Opens the window on the store at `store` (or the default store).
pub fn run(_store: Option<PathBuf>) -> Result<ExitCode, CliError> {
    let options = eframe::NativeOptions::default();
    eframe::run_ui_native("Stancebook", options, |ui, _frame| {
        ui.heading("Stancebook");
    })
    .map_err(|e| CliError::usage(format!("could not open the window: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
