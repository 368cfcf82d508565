//! `merge-driver BASE OURS THEIRS [PATH]`: a git merge driver for store
//! files. Three-way merge by statement id (see `store::merge::merge3`); the
//! result is written to OURS in canonical form. Exit 0 on a clean merge, 1
//! when a conflict could not be settled or the result does not validate (git
//! then marks the file conflicted, with our version of the unsettled
//! statements in it), 2 when a file cannot be read (OURS is left untouched).
//!
//! Configure it with
//! `git config merge.stancebook.driver "stancebook merge-driver %O %A %B %P"`
//! and a `.gitattributes` line such as `store.ron merge=stancebook`. In a
//! store folder (whose own `.gitattributes` says `*.ron merge=stancebook`)
//! git calls the driver once per file that changed on both sides: the
//! header (`stancebook.ron`) or one month (`statements/2025/03.ron`), told
//! apart by %P, and merged and written as that file.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, CliResult, Context, note};
use crate::model::SCHEMA;
use crate::store::{self, StoreError, format, merge};

/// Arguments of `merge-driver`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The common ancestor (git's %O; may be empty).
    pub base: PathBuf,
    /// Our version (git's %A); the merge is written here.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// The file's path in the repository (git's %P), for messages.
    pub path: Option<String>,
}

/// Runs the three-way merge and writes the result to OURS.
pub fn run(_ctx: &Context, args: Args) -> CliResult {
    let name = args.path.clone().unwrap_or_else(|| args.ours.display().to_string());
    // A store folder's header or month: git calls the driver for each file that changed.
    let part = args.path.as_deref().and_then(store::folder::part_of);
    let read = |p: &PathBuf, side: &str, base: bool| -> Result<crate::model::Store, CliError> {
        let label = format!("{name} ({side})");
        let parsed = match part {
            Some(part) => {
                store::folder::read_part(p, std::path::Path::new(&label), part, base).map(|store| {
                    store::Parsed {
                        newer_schema: (store.schema > SCHEMA).then_some(store.schema),
                        store,
                        migrated_from: None,
                    }
                })
            }
            None => if base { store::read_merge_base(p) } else { store::read_any(p) }
                .map_err(|e| e.with_path(&label)),
        }?;
        if let Some(v) = parsed.newer_schema {
            return Err(StoreError::NewerSchema {
                path: PathBuf::from(label),
                found: v,
                supported: SCHEMA,
                detail: None,
            }
            .into());
        }
        Ok(parsed.store)
    };
    let base = read(&args.base, "the common ancestor", true)?;
    let ours = read(&args.ours, "ours", false)?;
    let theirs = read(&args.theirs, "theirs", false)?;
    let (merged, report) = merge::merge3(&base, &ours, &theirs);
    let text = match part {
        Some(part) => store::folder::part_text(part, &merged),
        None => format::to_text(&merged),
    };
    store::write_atomic(&args.ours, text.as_bytes())?;
    finish(&name, part, &merged, &report)
}

/// Reports the merge on stderr; exit 0 when clean, 1 when a conflict could
/// not be settled or the result does not validate.
fn finish(
    name: &str,
    part: Option<store::folder::Part>,
    merged: &crate::model::Store,
    report: &merge::MergeReport,
) -> CliResult {
    let mut clean = true;
    for c in &report.conflicts {
        let fields = c.fields.iter().filter(|f| **f != "updated_at").copied().collect::<Vec<_>>().join(", ");
        match c.resolution {
            merge::Resolution::TheirsNewer => note(&format!(
                "{name}: statement {} edited on both sides ({fields}); kept theirs, the newer ({})",
                c.id, c.kept.updated_at
            )),
            merge::Resolution::OursNewer => note(&format!(
                "{name}: statement {} edited on both sides ({fields}); kept ours, the newer ({})",
                c.id, c.kept.updated_at
            )),
            merge::Resolution::Unsettled => {
                clean = false;
                note(&format!(
                    "{name}: statement {} edited on both sides ({fields}) at the same time ({}); \
                     kept ours: CONFLICT, resolve it by hand",
                    c.id, c.kept.updated_at
                ));
            }
        }
    }
    for n in &report.notes {
        note(&format!("{name}: {n}"));
    }
    // A month's file names actors and topics its header holds: those are
    // checked when the folder is opened, not here.
    let header_elsewhere = |p: &crate::model::Problem| {
        part == Some(store::folder::Part::Statements)
            && (p.message.starts_with("unknown actor") || p.message.starts_with("unknown topic"))
    };
    let problems: Vec<_> = merged.validate().into_iter().filter(|p| !header_elsewhere(p)).collect();
    for p in problems.iter().take(20) {
        clean = false;
        note(&format!("{name}: after the merge: {p}"));
    }
    if clean {
        note(&format!(
            "{name}: merged by statement id: {} added from theirs, {} updated, {} removed, {} edited on both sides",
            report.added.len(),
            report.updated.len(),
            report.removed.len(),
            report.conflicts.len()
        ));
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}
