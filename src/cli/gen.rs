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
    let store = synthetic::generate(args.statements, args.seed);
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
