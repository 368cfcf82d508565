//! `convert`: a store file into a store folder (a header and a file of
//! statements per day), or back. Nothing is lost: the result is read back
//! and compared with the source before the command says it is done.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, CliResult, print};
use crate::store;

/// Arguments of `convert`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// `folder` (a header and one file of statements per day, for large
    /// or git-shared stores) or `file` (one file).
    #[arg(long, value_name = "LAYOUT", value_parser = ["folder", "file"])]
    pub to: String,
    /// The store to convert: a file (RON or JSON) or a folder.
    pub src: PathBuf,
    /// Where to write it; must not exist yet.
    pub dest: PathBuf,
}

/// Converts, then reads the result back and compares it with the source.
pub fn run(args: Args) -> CliResult {
    if args.dest.exists() {
        return Err(CliError::usage(format!(
            "{} exists; convert writes a new store and never replaces one",
            args.dest.display()
        )));
    }
    store::refuse_as_output(&args.dest, Some(&args.src))?;
    let parsed = store::read_any(&args.src)?;
    let source = parsed.store;
    let files = if args.to == "folder" {
        store::create_folder(&args.dest, &source)?
    } else {
        store::StoreFile::create(&args.dest, &source)?.close();
        1
    };
    let back = store::read(&args.dest)?.store;
    if back != source {
        return Err(CliError::found(format!(
            "{} does not read back as {} did; it is kept for inspection, and the source is untouched",
            args.dest.display(),
            args.src.display()
        )));
    }
    print(&format!(
        "{} → {}: {} statements, {} events, {} actors, {} topics in {files} file{}\n",
        args.src.display(),
        args.dest.display(),
        source.statements.len(),
        source.events.len(),
        source.actors.len(),
        source.topics.len(),
        if files == 1 { "" } else { "s" }
    ))?;
    Ok(ExitCode::SUCCESS)
}
