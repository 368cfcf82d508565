//! `fmt`: rewrite the store in its canonical layout, as every save does —
//! useful after a hand edit or a merge.

use std::process::ExitCode;

use super::{CliResult, Context, print};
use crate::store::{self, format};

/// Arguments of `fmt`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Change nothing; exit 1 if the file is not in canonical layout.
    #[arg(long)]
    pub check: bool,
}

/// Rewrites the file atomically (with a backup) unless it is already canonical.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let path = ctx.store_path()?;
    if args.check {
        let (_, parsed) = ctx.read()?;
        let canonical = if store::folder::is_folder(&path) {
            store::folder::is_canonical(&path, &parsed.store)
        } else {
            let current = store::disk::read_bounded(&path, store::disk::MAX_STORE_BYTES, "a store")?;
            format::to_text(&parsed.store).as_bytes() == current.as_slice()
        };
        if canonical {
            return Ok(ExitCode::SUCCESS);
        }
        print(&format!("{}: not in canonical layout; `stancebook fmt` rewrites it\n", path.display()))?;
        return Ok(ExitCode::from(1));
    }
    let (mut file, store) = ctx.open_for_writing()?;
    let report = file.save(&store)?;
    let msg = if report.written { "rewritten in canonical layout" } else { "already in canonical layout" };
    print(&format!("{}: {msg}\n", path.display()))?;
    Ok(ExitCode::SUCCESS)
}
