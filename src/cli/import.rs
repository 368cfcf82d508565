//! `import`: merge a colleague's store file (RON or JSON) into this store by
//! statement id, with a backup first and a report of what changed.

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::{CliError, CliResult, Context, print, print_json};
use crate::model::Statement;
use crate::store::merge::{self, MergeReport, Resolution};
use crate::store::{self, StoreError};

/// Arguments of `import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The store file to merge in: RON (a store file) or JSON (from `export --format json`).
    pub file: PathBuf,
    /// Report what would change; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The JSON shape of `import --json`.
#[derive(Serialize)]
struct ReportJson<'a> {
    file: String,
    store: String,
    dry_run: bool,
    saved: bool,
    backup: Option<String>,
    added: Vec<String>,
    unchanged: usize,
    updated: Vec<String>,
    conflicts: Vec<ConflictJson<'a>>,
    unsettled: usize,
    actors_added: Vec<String>,
    actors_merged: Vec<String>,
    topics_added: Vec<String>,
    topics_merged: Vec<String>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    id: String,
    resolution: &'static str,
    kept: &'static str,
    fields: &'a [&'static str],
    /// The version set aside, whole, so that nothing is lost.
    set_aside: &'a Statement,
}

/// Merges the file into the store (or, with `--dry-run`, only reports).
/// Exit 1 when a conflict could not be settled (same id and `updated_at`,
/// different content: ours is kept and the conflict listed).
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let theirs = store::read_any(&args.file)?;
    if let Some(v) = theirs.newer_schema {
        return Err(StoreError::NewerSchema {
            path: args.file.clone(),
            found: v,
            supported: crate::model::SCHEMA,
            detail: None,
        }
        .into());
    }
    let problems = theirs.store.validate();
    if let Some(first) = problems.first() {
        return Err(CliError::usage(format!(
            "{}: not imported, the file has {} problem(s): {first}{}",
            args.file.display(),
            problems.len(),
            if problems.len() > 1 { " (and more)" } else { "" }
        )));
    }

    let (mut file, ours) = ctx.open_for_writing()?;
    let (merged, report) = merge::merge(&ours, &theirs.store);
    let after = merged.validate();
    if let Some(first) = after.first() {
        return Err(CliError::found(format!(
            "{}: not imported, the merged store would have {} problem(s): {first}",
            args.file.display(),
            after.len()
        )));
    }

    let mut backup = None;
    let mut saved = false;
    if !args.dry_run && merged != ours {
        let r = file.save_with_backup(&merged)?;
        saved = r.written;
        backup = r.backup;
    }

    if args.json {
        print_json(&ReportJson {
            file: args.file.display().to_string(),
            store: file.path().display().to_string(),
            dry_run: args.dry_run,
            saved,
            backup: backup.map(|b| b.display().to_string()),
            added: report.added.iter().map(|i| i.to_string()).collect(),
            unchanged: report.unchanged,
            updated: report.updated.iter().map(|i| i.to_string()).collect(),
            conflicts: report
                .conflicts
                .iter()
                .map(|c| ConflictJson {
                    id: c.id.to_string(),
                    resolution: c.resolution.as_str(),
                    kept: if c.resolution == Resolution::TheirsNewer { "theirs" } else { "ours" },
                    fields: &c.fields,
                    set_aside: &c.set_aside,
                })
                .collect(),
            unsettled: report.unsettled().count(),
            actors_added: report.actors_added.iter().map(|i| i.to_string()).collect(),
            actors_merged: report.actors_merged.iter().map(|i| i.to_string()).collect(),
            topics_added: report.topics_added.iter().map(|i| i.to_string()).collect(),
            topics_merged: report.topics_merged.iter().map(|i| i.to_string()).collect(),
            notes: &report.notes,
        })?;
    } else {
        let mut out = describe(&report);
        if args.dry_run {
            out.push_str("Dry run: nothing was changed.\n");
        } else if saved {
            out.push_str(&format!("Saved {}.\n", file.path().display()));
            if let Some(b) = &backup {
                out.push_str(&format!("The previous version is kept in {}.\n", b.display()));
            }
        } else {
            out.push_str("Nothing to change: the store already holds all of it.\n");
        }
        print(&out)?;
    }
    if report.has_unsettled() {
        super::note(&format!(
            "{} conflict(s) could not be settled (same id and updated_at, different content): \
             ours was kept; edit them by hand",
            report.unsettled().count()
        ));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The report in sentences, for people.
pub fn describe(r: &MergeReport) -> String {
    let mut out = r.headline();
    out.push_str(".\n");
    let ids = |v: &[String]| v.join(", ");
    if !r.actors_added.is_empty() {
        out.push_str(&format!(
            "Actors added: {}.\n",
            ids(&r.actors_added.iter().map(|a| a.to_string()).collect::<Vec<_>>())
        ));
    }
    if !r.actors_merged.is_empty() {
        out.push_str(&format!(
            "Speakers or aliases added to: {}.\n",
            ids(&r.actors_merged.iter().map(|a| a.to_string()).collect::<Vec<_>>())
        ));
    }
    if !r.topics_added.is_empty() {
        out.push_str(&format!(
            "Topics added: {}.\n",
            ids(&r.topics_added.iter().map(|t| t.to_string()).collect::<Vec<_>>())
        ));
    }
    if !r.topics_merged.is_empty() {
        out.push_str(&format!(
            "Keywords added to: {}.\n",
            ids(&r.topics_merged.iter().map(|t| t.to_string()).collect::<Vec<_>>())
        ));
    }
    if !r.conflicts.is_empty() {
        out.push_str("Conflicts (the same statement, edited differently):\n");
        for c in &r.conflicts {
            out.push_str(&format!("  {c}\n"));
        }
    }
    for n in &r.notes {
        out.push_str(&format!("Note: {n}.\n"));
    }
    out
}
