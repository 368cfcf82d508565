//! `repair`: a store folder some of whose files no longer read is put back
//! file by file from its backups (the damaged files are kept aside).

use std::process::ExitCode;

use super::{CliResult, Context, print};
use crate::store;

/// Arguments of `repair`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `repair`.
pub fn run(ctx: &Context, _args: Args) -> CliResult {
    let path = ctx.store_path()?;
    let done = store::repair_folder(&path)?;
    if done.restored.is_empty() {
        print(&format!("{}: every file reads; nothing to repair\n", path.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    for (rel, from) in &done.restored {
        print(&format!("{rel}: restored from {from}\n"))?;
    }
    if let Some(kept) = &done.damaged_kept_in {
        print(&format!("the damaged files are kept in {}\n", kept.display()))?;
    }
    print("Edits saved to those files after that version are not in them; check them.\n")?;
    Ok(ExitCode::SUCCESS)
}
