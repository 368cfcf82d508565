//! `check`: validate the store and list every problem with its statement id.

use std::process::ExitCode;

use super::{CliResult, Context, print};
use crate::store;

/// From this many statements (about 20 MB of file) `check` advises a store folder.
pub const FOLDER_ADVISED_FROM: usize = 20_000;

/// Arguments of `check`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Exit 0 when the store is valid, 1 when it has problems (each listed),
/// 2 when it cannot be read (the message names file, line and column).
pub fn run(ctx: &Context, _args: Args) -> CliResult {
    let (path, parsed) = ctx.read()?;
    let store = &parsed.store;
    let mut problems: Vec<String> = store.validate().iter().map(|p| p.to_string()).collect();
    if let Some(v) = parsed.newer_schema {
        problems.insert(
            0,
            format!("schema {v} is newer than this Stancebook understands; the file is read-only here"),
        );
    }
    let backups = store::check_backups(&path);
    let bad_backups: Vec<String> = backups
        .iter()
        .filter_map(|b| b.result.as_ref().err().map(|e| format!("backup does not load: {e}")))
        .collect();
    problems.extend(bad_backups);
    let mut out = String::new();
    if let Some(v) = parsed.migrated_from {
        out.push_str(&format!(
            "{}: schema {v} (older); it is migrated to schema {} on the next save\n",
            path.display(),
            crate::model::SCHEMA
        ));
    }
    if problems.is_empty() {
        out.push_str(&format!(
            "{}: ok — {} statements, {} events, {} actors, {} topics; {}\n",
            path.display(),
            store.statements.len(),
            store.events.len(),
            store.actors.len(),
            store.topics.len(),
            match backups.len() {
                0 => "no backups yet".to_owned(),
                1 => "1 backup, which loads".to_owned(),
                n => format!("{n} backups, all of which load"),
            }
        ));
        if !store::folder::is_folder(&path) && store.statements.len() >= FOLDER_ADVISED_FROM {
            out.push_str(&format!(
                "{}: {} statements in one file; a store folder saves, backs up and commits only the days \
                 that change: `stancebook convert --to folder {} NEW-FOLDER`\n",
                path.display(),
                store.statements.len(),
                path.display()
            ));
        }
        print(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        out.push_str(&format!("{}: {p}\n", path.display()));
    }
    out.push_str(&format!("{}: {} problem(s)\n", path.display(), problems.len()));
    print(&out)?;
    Ok(ExitCode::from(1))
}
