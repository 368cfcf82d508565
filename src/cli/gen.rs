//! `gen`: write a deterministic synthetic store (for benchmarks).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{CliError, CliResult, print};
use crate::store::{StoreFile, format};
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
/// unless `--force`.
pub fn run(args: Args) -> CliResult {
    let exists = args.out.exists();
    if exists && !args.force {
        return Err(CliError::usage(format!(
            "{}: the file exists; not overwritten (add --force to replace it)",
            args.out.display()
        )));
    }
    let store = synthetic::generate(args.statements, args.seed);
    let bytes = if exists {
        replace(&args.out, &format::to_text(&store))?
    } else {
        StoreFile::create(&args.out, &store)?.close();
        std::fs::metadata(&args.out).map(|m| m.len() as usize).unwrap_or(0)
    };
    print(&format!(
        "{}: {} statements, {} actors, {} topics, {:.1} MB (seed {})\n",
        args.out.display(),
        store.statements.len(),
        store.actors.len(),
        store.topics.len(),
        bytes as f64 / 1e6,
        args.seed
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Replaces an existing file atomically: a temporary file in the same folder,
/// flushed, renamed over it.
fn replace(path: &Path, text: &str) -> Result<usize, CliError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let fail =
        |what: &str, e: std::io::Error| CliError::usage(format!("{}: could not {what}: {e}", path.display()));
    let mut tmp = tempfile::Builder::new()
        .prefix(".gen.")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail("create a temporary file beside it", e))?;
    tmp.write_all(text.as_bytes()).map_err(|e| fail("write", e))?;
    tmp.as_file().sync_all().map_err(|e| fail("flush", e))?;
    tmp.persist(path).map_err(|e| fail("replace", e.error))?;
    Ok(text.len())
}
