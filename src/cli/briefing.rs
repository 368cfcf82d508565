//! `briefing`: the briefings recorded in the store. `mark` records one
//! without exporting (the brief went out some other way); `list` shows
//! them, newest first; `delete` removes one recorded by mistake. "Since the
//! last briefing" (`--compare last-briefing`) compares with the newest.

use std::process::ExitCode;

use serde::Serialize;

use super::{CliError, CliResult, Context, parse_day, print, print_json};
use crate::edit::Edit;
use crate::model::{ActorId, Briefing, BriefingId, BriefingScope, PartialDate, Timestamp, TopicId};
use crate::session::Session;

/// Arguments of `briefing`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand, Debug)]
enum Sub {
    /// Record a briefing: the next brief can report what moved since it.
    Mark {
        /// The date it reported up to (default: the latest statement's date).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Its title.
        #[arg(long, default_value = "Briefing")]
        title: String,
        /// The actors it covered (ids, comma-separated; default: all).
        #[arg(long, value_name = "IDS", value_delimiter = ',')]
        actors: Vec<String>,
        /// The topics it covered (ids, comma-separated; default: all).
        #[arg(long, value_name = "IDS", value_delimiter = ',')]
        topics: Vec<String>,
    },
    /// List the briefings, newest first.
    List {
        /// Print JSON: [{"id", "date", "title", "actors", "topics", "since", "recorded_at"}].
        #[arg(long)]
        json: bool,
    },
    /// Delete a briefing by its id.
    Delete {
        /// The briefing's id (from `briefing list`).
        id: String,
    },
}

#[derive(Serialize)]
struct BriefingJson<'a> {
    id: String,
    date: String,
    title: &'a str,
    actors: Vec<&'a str>,
    topics: Vec<&'a str>,
    since: Option<String>,
    recorded_at: String,
}

/// Runs the subcommand.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    match args.command {
        Sub::Mark { as_of, title, actors, topics } => {
            let (_, parsed) = ctx.read()?;
            let store = &parsed.store;
            let date = match as_of {
                Some(d) => parse_day("--as-of", &d, true)?,
                None => crate::analysis::latest_date(store),
            };
            let ids = |given: &[String], known: &dyn Fn(&str) -> bool, what: &str| {
                given
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        if known(s) {
                            Ok(s.to_owned())
                        } else {
                            Err(CliError::usage(format!("--{what}s: unknown {what} `{s}`")))
                        }
                    })
                    .collect::<Result<Vec<String>, CliError>>()
            };
            let scope = BriefingScope {
                actors: ids(&actors, &|s| store.actor(&ActorId::from(s)).is_some(), "actor")?
                    .into_iter()
                    .map(ActorId)
                    .collect(),
                topics: ids(&topics, &|s| store.topic(&TopicId::from(s)).is_some(), "topic")?
                    .into_iter()
                    .map(TopicId)
                    .collect(),
                since: None,
            };
            let title = title.trim().to_owned();
            if title.is_empty() {
                return Err(CliError::usage("--title: give the briefing a title"));
            }
            let b = Briefing {
                id: BriefingId::new(),
                date: PartialDate::day(date),
                title,
                scope,
                recorded_at: Timestamp::now(),
            };
            let id = b.id;
            add(ctx, b)?;
            print(&format!("{id}\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Sub::List { json } => list(ctx, json),
        Sub::Delete { id } => {
            let (mut file, store) = ctx.open_for_writing()?;
            let Some(b) = store.briefings.iter().find(|b| b.id.to_string() == id.trim()) else {
                return Err(CliError::found(format!("{}: no briefing with id {id}", file.path().display())));
            };
            let edit = Edit::DeleteBriefing(b.id);
            let mut session = Session::new(store);
            session.apply(edit).map_err(|e| CliError::usage(format!("{}: {e}", file.path().display())))?;
            file.save(session.store())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn list(ctx: &Context, json: bool) -> CliResult {
    let (_, parsed) = ctx.read()?;
    let mut all: Vec<&Briefing> = parsed.store.briefings.iter().collect();
    all.sort_by_key(|b| std::cmp::Reverse((b.date, b.recorded_at)));
    if json {
        let rows: Vec<BriefingJson> = all
            .iter()
            .map(|b| BriefingJson {
                id: b.id.to_string(),
                date: b.date.to_string(),
                title: &b.title,
                actors: b.scope.actors.iter().map(|a| a.as_str()).collect(),
                topics: b.scope.topics.iter().map(|t| t.as_str()).collect(),
                since: b.scope.since.map(|d| d.to_string()),
                recorded_at: b.recorded_at.to_string(),
            })
            .collect();
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if all.is_empty() {
        print("No briefing recorded yet: export a brief with -o FILE, or run `stancebook briefing mark`.\n")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for b in all {
        let scope = |v: Vec<&str>, all: &str| if v.is_empty() { all.to_owned() } else { v.join(",") };
        out.push_str(&format!(
            "{}  as of {}  {}  [{} · {}]\n",
            b.id,
            b.date,
            b.title,
            scope(b.scope.actors.iter().map(|a| a.as_str()).collect(), "all actors"),
            scope(b.scope.topics.iter().map(|t| t.as_str()).collect(), "all topics"),
        ));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Records `briefing` in the store (one edit, saved atomically).
pub fn add(ctx: &Context, briefing: Briefing) -> Result<(), CliError> {
    let (mut file, store) = ctx.open_for_writing()?;
    let mut session = Session::new(store);
    session
        .apply(Edit::AddBriefing(briefing))
        .map_err(|e| CliError::usage(format!("{}: {e}", file.path().display())))?;
    file.save(session.store())?;
    Ok(())
}
