//! `conflicts`: the versions a sync set aside, listed, and decided one by
//! one (`conflicts resolve 1 --keep set-aside`). The app shows the same list
//! side by side (File › Conflicts…, or Conflicts: N in the top bar).

use std::process::ExitCode;

use super::{CliError, CliResult, Context, print};
use crate::model::{SetAside, Store};
use crate::store::merge::{differing_fields, excerpt};
use crate::sync::{self, Keep};

/// Arguments of `conflicts`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    /// Print the list as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What to do with the list.
#[derive(clap::Subcommand, Debug)]
pub enum Action {
    /// List them (the default): the open ones first.
    List,
    /// Decide one: keep the stored version, or the version set aside.
    Resolve {
        /// Its number in the list, or its statement's id.
        which: String,
        /// `stored` (the store's version stays; the record goes) or
        /// `set-aside` (the set-aside version, or the deletion, becomes the statement's).
        #[arg(long, value_parser = ["stored", "set-aside"])]
        keep: String,
        /// Who decides: "Name <e-mail>" (else the app's preferences, else `STANCEBOOK_ANALYST`).
        #[arg(long, value_name = "ANALYST")]
        by: Option<String>,
    },
}

/// The list in the order shown: those needing a decision first, then by when found.
pub fn ordered(store: &Store) -> Vec<&SetAside> {
    let mut list: Vec<&SetAside> = store.conflicts.iter().collect();
    list.sort_by_key(|c| (!c.settled.needs_decision(), c.found_at, c.id));
    list
}

/// Runs `conflicts`.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    match args.action.unwrap_or(Action::List) {
        Action::List => list(ctx, args.json),
        Action::Resolve { which, keep, by } => resolve(ctx, &which, &keep, by.as_deref()),
    }
}

fn list(ctx: &Context, json: bool) -> CliResult {
    let (_, parsed) = ctx.read()?;
    let store = parsed.store;
    let list = ordered(&store);
    if json {
        let items: Vec<serde_json::Value> = list
            .iter()
            .enumerate()
            .map(|(i, c)| {
                serde_json::json!({
                    "number": i + 1,
                    "statement": c.id.to_string(),
                    "settled": c.settled.as_str(),
                    "needs_decision": c.settled.needs_decision(),
                    "fields": c.fields,
                    "stored": store.statement(c.id),
                    "set_aside": c.version,
                    "found_at": c.found_at,
                    "found_by": c.found_by,
                })
            })
            .collect();
        print(&format!("{}\n", serde_json::to_string_pretty(&items).unwrap_or_default()))?;
    } else if list.is_empty() {
        print("No conflicts.\n")?;
    } else {
        for (i, c) in list.iter().enumerate() {
            let stored = store.statement(c.id);
            let what = stored.or(c.version.as_ref()).map_or_else(
                || c.id.to_string(),
                |s| format!("{} {} “{}”", s.date, s.actor, excerpt(&s.quote, 50)),
            );
            let how = match c.settled {
                crate::model::Settled::Open => "to decide: edited on both sides at nearly the same time",
                crate::model::Settled::ByTime => "settled by time (the later edit kept); for review",
                crate::model::Settled::EditOverDeletion => {
                    "to decide: deleted on one side, edited on the other; the edit kept"
                }
            };
            print(&format!("{:>3}. {what}\n     {how}\n", i + 1))?;
            if let (Some(s), Some(v)) = (stored, &c.version) {
                for f in differing_fields(s, v).into_iter().filter(|f| *f != "updated_at") {
                    print(&format!("     {f}: stored {} | set aside {}\n", field(s, f), field(v, f)))?;
                }
            }
        }
    }
    Ok(if list.iter().any(|c| c.settled.needs_decision()) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn resolve(ctx: &Context, which: &str, keep: &str, by: Option<&str>) -> CliResult {
    let (mut file, mut store) = ctx.open_for_writing()?;
    let key = {
        let list = ordered(&store);
        let found = match which.parse::<usize>() {
            Ok(n) if n >= 1 && n <= list.len() => Some(list[n - 1]),
            _ => list.iter().copied().find(|c| c.id.to_string().eq_ignore_ascii_case(which)),
        };
        found.map(SetAside::key).ok_or_else(|| {
            CliError::usage(format!(
                "no conflict `{which}`: give its number in `stancebook conflicts` or its statement's id"
            ))
        })?
    };
    let keep = if keep == "stored" { Keep::Stored } else { Keep::SetAside };
    let analyst = super::add::analyst(by)?;
    sync::resolve(&mut store, key, keep, analyst.as_ref()).map_err(CliError::usage)?;
    file.save(&store)?;
    print(&format!(
        "Resolved: {} kept; {} left\n",
        if keep == Keep::Stored { "the stored version" } else { "the set-aside version" },
        store.conflicts.len()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// One field of a statement, short, for the side-by-side lines.
fn field(s: &crate::model::Statement, name: &str) -> String {
    let v =
        serde_json::to_value(s).ok().and_then(|v| v.get(name).cloned()).unwrap_or(serde_json::Value::Null);
    let text = match v {
        serde_json::Value::String(t) => t,
        serde_json::Value::Null => "—".into(),
        other => other.to_string(),
    };
    excerpt(&text, 60)
}
