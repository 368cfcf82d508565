//! `gen`: write a deterministic synthetic store (for benchmarks).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, CliResult, print};
use crate::store::{self, StoreFile};
use crate::synthetic;

/// Arguments of `gen`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many statements to generate.
    #[arg(long)]
    pub statements: usize,
    /// The seed: the same seed and count give a byte-identical file.
    #[arg(long, default_value_t = synthetic::DEFAULT_SEED)]
    pub seed: u64,
    /// The store file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace `--out` if it exists (otherwise an existing file is never touched).
    #[arg(long)]
    pub force: bool,
    /// Spread the statements over this many years up to 2025 (default: 2023 to 2025).
    #[arg(long, value_name = "N")]
    pub years: Option<u32>,
    /// Write a store folder (a header and a file per day) instead of one file.
    #[arg(long)]
    pub folder: bool,
}

/// Generates the store and writes it atomically; refuses to replace a file
/// unless `--force`, and even then refuses a store another Stancebook has
/// open, and keeps the replaced file as a backup.
pub fn run(args: Args) -> CliResult {
    let exists = args.out.exists();
    if exists && !args.force {
        return Err(CliError::usage(format!(
            "{}: the file exists; not overwritten (add --force to replace it)",
            args.out.display()
        )));
    }
    let store = match args.years {
        Some(y) => synthetic::generate_years(args.statements, args.seed, y),
        None => synthetic::generate(args.statements, args.seed),
    };
    if args.folder {
        if exists {
            return Err(CliError::usage(format!(
                "{}: exists; a folder is written only where nothing is",
                args.out.display()
            )));
        }
        let files = store::create_folder(&args.out, &store)?;
        print(&format!(
            "{}: {} statements, {} actors, {} topics in a folder of {files} files (seed {})\n",
            args.out.display(),
            store.statements.len(),
            store.actors.len(),
            store.topics.len(),
            args.seed
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let (bytes, backup) = if exists {
        store::replace_whole(&args.out, &store)?
    } else {
        let file = StoreFile::create(&args.out, &store)?;
        let bytes = std::fs::metadata(file.real_path()).map(|m| m.len() as usize).unwrap_or(0);
        (bytes, None)
    };
    let mut out = format!(
        "{}: {} statements, {} actors, {} topics, {:.1} MB (seed {})\n",
        args.out.display(),
        store.statements.len(),
        store.actors.len(),
        store.topics.len(),
        bytes as f64 / 1e6,
        args.seed
    );
    if let Some(b) = backup {
        out.push_str(&format!("the file it replaced is kept as {}\n", b.display()));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
