//! `share`, `clone` and `sync`: a store folder shared through git (issue 16).
//! See [`crate::sync`] for what a sync does.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, CliResult, Context, print};
use crate::sync::{FolderLocal, Git, Options, Repo, SyncError};

/// Arguments of `share`.
#[derive(clap::Args, Debug)]
pub struct ShareArgs {
    /// The shared remote: any address git accepts (ssh, https, or the path
    /// of a bare repository on a shared drive). It must be empty.
    #[arg(long, value_name = "URL")]
    pub remote: Option<String>,
    /// Who shares it (recorded as the first commit's author): "Name <e-mail>".
    #[arg(long, value_name = "ANALYST")]
    pub by: Option<String>,
}

/// Arguments of `clone`.
#[derive(clap::Args, Debug)]
pub struct CloneArgs {
    /// The shared store's address.
    pub url: String,
    /// A new (or empty) folder to clone it into.
    pub dir: PathBuf,
}

/// Arguments of `sync`.
#[derive(clap::Args, Debug)]
pub struct SyncArgs {
    /// Print what happened as JSON.
    #[arg(long)]
    pub json: bool,
    /// Record conflicts that time settled too, for review.
    #[arg(long)]
    pub review_all: bool,
    /// Who syncs: "Name <e-mail>" (else the app's preferences, else `STANCEBOOK_ANALYST`).
    #[arg(long, value_name = "ANALYST")]
    pub by: Option<String>,
}

fn fail(e: SyncError) -> CliError {
    CliError::usage(e.to_string())
}

/// `share`: makes the store folder a shared repository (and pushes it to `--remote`).
pub fn share(ctx: &Context, args: ShareArgs) -> CliResult {
    let dir = ctx.store_path()?;
    if !crate::store::folder::is_folder(&dir) {
        return Err(fail(SyncError::NotAFolder(dir)));
    }
    let who = super::add::analyst(args.by.as_deref())?;
    // Nobody else may write the store meanwhile.
    let _held = FolderLocal::open(&dir)?;
    let repo = Repo::share(Git::new(&dir), args.remote.as_deref(), who.as_ref()).map_err(fail)?;
    match repo.remote() {
        Some(url) => print(&format!("{}: shared at {url}\n", dir.display()))?,
        None => print(&format!(
            "{}: a git repository now; give it a remote to sync with: stancebook share --remote URL\n",
            dir.display()
        ))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `clone`: clones a shared store and prints its folder.
pub fn clone(args: CloneArgs) -> CliResult {
    let repo = Repo::clone_from(&Git::new(std::path::Path::new(".")), &args.url, &args.dir).map_err(fail)?;
    print(&format!("{}\n", repo.dir().display()))?;
    Ok(ExitCode::SUCCESS)
}

/// `sync`: exit 0 in sync, 1 with conflicts left to resolve, 2 on failure.
pub fn sync(ctx: &Context, args: SyncArgs) -> CliResult {
    let dir = ctx.store_path()?;
    let opts = Options { review_all: args.review_all, analyst: super::add::analyst(args.by.as_deref())? };
    let result = Repo::open(&dir).and_then(|repo| {
        let mut local = FolderLocal::open(&dir).map_err(SyncError::Store)?;
        let report = repo.sync(&mut local, &opts)?;
        Ok((repo, report))
    });
    match result {
        Ok((repo, report)) => {
            let status = repo.status();
            if args.json {
                let v = serde_json::json!({
                    "result": if report.open_conflicts > 0 { "conflicts" } else { "in_sync" },
                    "report": report,
                    "status": status,
                });
                print(&format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()))?;
            } else {
                print(&format!("{}\n", report.headline()))?;
                if let Some(c) = &report.committed {
                    print(&format!("  committed: {c}\n"))?;
                }
                for n in &report.notes {
                    print(&format!("  note: {n}\n"))?;
                }
            }
            Ok(if report.open_conflicts > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Err(e) => {
            if args.json {
                let v = serde_json::json!({
                    "result": "failed",
                    "error": { "kind": e.kind(), "message": e.to_string() },
                });
                print(&format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()))?;
                Err(CliError::usage(format!("{}: {e}", dir.display())))
            } else {
                Err(CliError::usage(format!("{}: {e}", dir.display())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_errors_say_what_to_do() {
        let e = SyncError::NotAFolder(PathBuf::from("store.ron"));
        assert!(e.to_string().contains("convert --to folder"));
        assert_eq!(e.kind(), "not_a_folder");
    }
}
