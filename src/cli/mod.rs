//! The command line: one subcommand per file in this folder, each thin glue
//! over the library. With no subcommand the window opens.
//!
//! Exit codes: 0 success; 1 the command ran and found a problem; 2 bad usage
//! or unreadable input (the message names the file, line and column).

mod add;
mod briefing;
mod check;
mod conflicts;
mod convert;
pub mod events;
mod export;
mod fmt;
mod r#gen;
mod import;
mod ingest;
mod lexicon;
mod matrix;
mod merge_driver;
mod repair;
mod search;
mod shifts;
mod stats;
pub mod sync;
mod topic_model;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model::Store;
use crate::store::{self, Parsed, StoreError, StoreFile};

/// Stancebook: how diplomatic positions move over time.
#[derive(Parser, Debug)]
#[command(name = "stancebook", version, about, long_about = None)]
pub struct Cli {
    /// The store file (default: store.ron in the platform data folder, created from the bundled sample on first use).
    #[arg(long, global = true, value_name = "PATH")]
    pub store: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate the store; list every problem with its statement id.
    Check(check::Args),
    /// Counts: statements, per actor, per topic, first and last date.
    Stats(stats::Args),
    /// Add one statement; print its id.
    Add(Box<add::Args>),
    /// Rewrite the store in its canonical layout (sorted, one field per line).
    Fmt(fmt::Args),
    /// Convert a store file into a store folder (a file per day) or back; loses nothing.
    Convert(convert::Args),
    /// Actors × topics: stance as of a date, and as of a comparison date.
    Matrix(matrix::Args),
    /// Every shift between consecutive positions in a date range.
    Shifts(shifts::Args),
    /// A brief (md, html, docx), the positions (csv) or the data (json, ron).
    Export(export::Args),
    /// The briefings recorded in the store: mark one, list them, delete one.
    Briefing(briefing::Args),
    /// Merge another store file (RON or JSON) into this one by statement id.
    Import(import::Args),
    /// A git merge driver: three-way merge of store files by statement id.
    MergeDriver(merge_driver::Args),
    /// Fuzzy search with filters (`actor:kremlin topic:territory since:2025-03 sudzha`, `event:alaska`).
    Search(search::Args),
    /// Write a deterministic synthetic store (for benchmarks).
    Gen(r#gen::Args),
    /// Candidate statements from a text (`-` reads stdin).
    Ingest(ingest::Args),
    /// The dated events (summits, calls, talks…): list them (the default), add or delete one.
    Events(events::Args),
    /// The phrases analysts taught ingest: list them (the default), add or remove one.
    Lexicon(lexicon::Args),
    /// The statistical topic scorer of ingest: retrain its weights from the store and coded texts.
    #[command(name = "topic-model")]
    TopicModel(topic_model::Args),
    /// Share the store folder through git: make it a repository and push it to `--remote`.
    Share(sync::ShareArgs),
    /// Clone a shared store into a new folder; print its path.
    Clone(sync::CloneArgs),
    /// Put back, from its backups, the files of a store folder that no longer read.
    Repair(repair::Args),
    /// The versions a sync set aside: list them, or decide one (exit 1 while any needs a decision).
    Conflicts(conflicts::Args),
    /// Sync a shared store: commit, fetch, merge by statement id, push. Exit 0 in sync,
    /// 1 with conflicts to resolve, 2 on failure.
    Sync(sync::SyncArgs),
}

/// An error the command line reports once, with its exit code.
#[derive(Debug)]
pub struct CliError {
    /// 1: the command found a problem; 2: bad usage or unreadable input.
    pub code: u8,
    /// The message, naming the file and place where there is one.
    pub message: String,
}

impl CliError {
    /// Bad usage or unreadable input (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError { code: 2, message: message.into() }
    }

    /// The command ran and found a problem (exit code 1).
    pub fn found(message: impl Into<String>) -> Self {
        CliError { code: 1, message: message.into() }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            // The command ran; another program's change was kept and ours set aside.
            StoreError::ChangedOnDisk { .. } => CliError::found(e.to_string()),
            _ => CliError::usage(e.to_string()),
        }
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        CliError::usage(format!("could not write the output: {e}"))
    }
}

/// What a subcommand returns.
pub type CliResult = Result<ExitCode, CliError>;

/// What opens the window when no subcommand is given: the binary passes
/// the app's `run` (the command line itself knows nothing of the window).
pub type OpenWindow = fn(Option<PathBuf>) -> Result<ExitCode, String>;

/// Runs the command line with the process's arguments.
pub fn main(open_window: OpenWindow) -> ExitCode {
    run(std::env::args_os(), open_window)
}

/// Runs the command line with `args` (the first is the program name).
pub fn run<I, T>(args: I, open_window: OpenWindow) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout: a failed write there is an error too.
            let printed = e.print();
            return ExitCode::from(if e.use_stderr() || printed.is_err() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        None => open_window(cli.store).map_err(CliError::usage),
        Some(command) => dispatch(cli.store.as_deref(), command),
    };
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            note(&e.message);
            ExitCode::from(e.code)
        }
    };
    if STDERR_FAILED.load(std::sync::atomic::Ordering::Relaxed) && code == ExitCode::SUCCESS {
        // Messages the user never saw: not a silent success.
        return ExitCode::from(2);
    }
    code
}

static STDERR_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes `stancebook: <message>` on stderr. Never panics: when stderr
/// cannot be written (a full disk, a closed pipe), the command exits 2.
pub fn note(message: &str) {
    let mut err = io::stderr().lock();
    if writeln!(err, "stancebook: {message}").and_then(|_| err.flush()).is_err() {
        STDERR_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

fn dispatch(store: Option<&Path>, command: Command) -> CliResult {
    let ctx = Context { store: store.map(Path::to_owned) };
    match command {
        Command::Check(a) => check::run(&ctx, a),
        Command::Stats(a) => stats::run(&ctx, a),
        Command::Add(a) => add::run(&ctx, *a),
        Command::Fmt(a) => fmt::run(&ctx, a),
        Command::Convert(a) => convert::run(a),
        Command::Matrix(a) => matrix::run(&ctx, a),
        Command::Shifts(a) => shifts::run(&ctx, a),
        Command::Export(a) => export::run(&ctx, a),
        Command::Import(a) => import::run(&ctx, a),
        Command::MergeDriver(a) => merge_driver::run(&ctx, a),
        Command::Search(a) => search::run(&ctx, a),
        Command::Gen(a) => r#gen::run(a),
        Command::Briefing(a) => briefing::run(&ctx, a),
        Command::Ingest(a) => ingest::run(&ctx, a),
        Command::Events(a) => events::run(&ctx, a),
        Command::Lexicon(a) => lexicon::run(&ctx, a),
        Command::TopicModel(a) => topic_model::run(&ctx, a),
        Command::Share(a) => sync::share(&ctx, a),
        Command::Clone(a) => sync::clone(a),
        Command::Sync(a) => sync::sync(&ctx, a),
        Command::Conflicts(a) => conflicts::run(&ctx, a),
        Command::Repair(a) => repair::run(&ctx, a),
    }
}

/// What every subcommand needs: where the store is.
pub struct Context {
    /// `--store`, if given.
    pub store: Option<PathBuf>,
}

impl Context {
    /// The store's path: `--store`, or the default store (created from the
    /// bundled sample on first use, with a note on stderr).
    pub fn store_path(&self) -> Result<PathBuf, CliError> {
        if let Some(p) = &self.store {
            if !p.exists() {
                return Err(CliError::usage(format!("{}: no such store file", p.display())));
            }
            let meta = std::fs::metadata(p)
                .map_err(|e| CliError::usage(format!("{}: could not read it: {e}", p.display())))?;
            // A store is a file, or a folder holding a store's header.
            if meta.is_dir() && !store::folder::is_store_folder(p) {
                return Err(CliError::usage(format!(
                    "{}: this folder holds no `{}`, so it is no store folder; a store is a file, \
                     or a folder made by `stancebook convert --to folder`",
                    p.display(),
                    store::folder::HEADER
                )));
            }
            if !meta.is_dir() {
                store::disk::check_regular(p, &meta, store::disk::MAX_STORE_BYTES, "a store")?;
            }
            return Ok(p.clone());
        }
        let path = store::default_path().ok_or_else(|| {
            CliError::usage("no data folder on this system: give the store with --store PATH")
        })?;
        if store::create_from_sample_if_missing(&path)? {
            note(&format!("created {} from the bundled sample store", path.display()));
        }
        Ok(path)
    }

    /// Reads the store without locking it (for commands that only read).
    pub fn read(&self) -> Result<(PathBuf, Parsed), CliError> {
        let path = self.store_path()?;
        let parsed = store::read(&path)?;
        if let Some(v) = parsed.newer_schema {
            note(&format!("{}: written by a newer Stancebook (schema {v}); read-only", path.display()));
        }
        Ok((path, parsed))
    }

    /// Opens the store for writing (refused if another process holds the lock
    /// or the file is of a newer schema).
    pub fn open_for_writing(&self) -> Result<(StoreFile, Store), CliError> {
        self.open_for_writing_dates(&[])
    }

    /// [`Context::open_for_writing`]; of a store folder, with `dates`
    /// given, only the header and those dates' files are read (and checked).
    pub fn open_for_writing_dates(
        &self,
        dates: &[crate::model::PartialDate],
    ) -> Result<(StoreFile, Store), CliError> {
        let path = self.store_path()?;
        if let Some(reason) = store::disk::not_a_store(&path) {
            return Err(CliError::usage(format!("{}: {reason}; not changed", path.display())));
        }
        let (file, parsed) =
            if dates.is_empty() { StoreFile::open(&path)? } else { StoreFile::open_for_dates(&path, dates)? };
        if let Some(reason) = file.read_only_reason() {
            return Err(CliError::usage(format!("{}: {reason}; not changed", path.display())));
        }
        let problems = parsed.store.validate();
        if let Some(first) = problems.first() {
            return Err(CliError::found(format!(
                "{}: the store has {} problem(s), so it is not changed ({first}; `stancebook check` lists them all)",
                path.display(),
                problems.len()
            )));
        }
        Ok((file, parsed.store))
    }
}

/// Parses a date option into a day: a month or year means its first day, or
/// its last day when `end` is set (for `--until 2025-06`).
pub fn parse_day(flag: &str, text: &str, end: bool) -> Result<chrono::NaiveDate, CliError> {
    let d = crate::model::PartialDate::parse(text).map_err(|e| CliError::usage(format!("{flag}: {e}")))?;
    Ok(if end { d.last_day() } else { d.first_day() })
}

/// Parses a comparison date: a date, or `last-briefing` — the date the
/// latest recorded briefing reported up to.
pub fn parse_compare(flag: &str, text: &str, store: &Store) -> Result<chrono::NaiveDate, CliError> {
    if text.trim().eq_ignore_ascii_case("last-briefing") {
        return store.last_briefing().map(|b| b.date.last_day()).ok_or_else(|| {
            CliError::usage(format!(
                "{flag} last-briefing: no briefing is recorded in this store yet (export a brief with -o, or run `stancebook briefing mark`)"
            ))
        });
    }
    parse_day(flag, text, false)
}

/// Refuses a comparison date that is not before the as-of date, saying so
/// in the analyst's terms when it is the last briefing's.
pub fn check_compare(
    text: &str,
    compare: chrono::NaiveDate,
    as_of: chrono::NaiveDate,
) -> Result<(), CliError> {
    if compare < as_of {
        return Ok(());
    }
    if text.trim().eq_ignore_ascii_case("last-briefing") {
        return Err(CliError::usage(format!(
            "--compare last-briefing: the last briefing reported up to {compare}, and the stances are taken as of {as_of}: \
             nothing newer to report (give a later --as-of, or add the new statements first)"
        )));
    }
    Err(CliError::usage(format!("--compare {compare} must be earlier than the as-of date ({as_of})")))
}

/// Writes `text` to stdout; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CliError::from),
    }
}

/// Writes `value` as pretty JSON and a newline to stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| CliError::usage(e.to_string()))?;
    s.push('\n');
    print(&s)
}
