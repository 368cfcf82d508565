//! `stats`: counts of statements per actor and positions per topic, and the date range.

use std::process::ExitCode;

use serde::Serialize;

use super::{CliResult, Context, print, print_json};
use crate::model::Store;

/// Arguments of `stats`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print JSON: {"statements", "actors": [{"id", "statements"}], "topics": [{"id", "positions"}], "first_date", "last_date", "events"}.
    #[arg(long)]
    pub json: bool,
}

/// The counts `stats` prints.
#[derive(Serialize, Debug, PartialEq)]
pub struct Stats {
    /// Number of statements.
    pub statements: usize,
    /// Statements per actor, in the store's actor order.
    pub actors: Vec<ActorCount>,
    /// Positions per topic, in the store's topic order.
    pub topics: Vec<TopicCount>,
    /// The earliest statement date.
    pub first_date: Option<String>,
    /// The latest statement date.
    pub last_date: Option<String>,
    /// Number of events.
    pub events: usize,
}

/// Statements of one actor.
#[derive(Serialize, Debug, PartialEq)]
pub struct ActorCount {
    /// Actor id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Number of statements.
    pub statements: usize,
}

/// Positions on one topic.
#[derive(Serialize, Debug, PartialEq)]
pub struct TopicCount {
    /// Topic id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Number of positions.
    pub positions: usize,
}

/// Counts the store.
pub fn stats(store: &Store) -> Stats {
    let mut per_actor = std::collections::HashMap::new();
    let mut per_topic = std::collections::HashMap::new();
    for s in &store.statements {
        *per_actor.entry(s.actor.as_str()).or_insert(0usize) += 1;
        for p in &s.positions {
            *per_topic.entry(p.topic.as_str()).or_insert(0usize) += 1;
        }
    }
    Stats {
        statements: store.statements.len(),
        actors: store
            .actors
            .iter()
            .map(|a| ActorCount {
                id: a.id.0.clone(),
                name: a.name.clone(),
                statements: per_actor.get(a.id.as_str()).copied().unwrap_or(0),
            })
            .collect(),
        topics: store
            .topics
            .iter()
            .map(|t| TopicCount {
                id: t.id.0.clone(),
                name: t.name.clone(),
                positions: per_topic.get(t.id.as_str()).copied().unwrap_or(0),
            })
            .collect(),
        first_date: store.statements.first().map(|s| s.date.to_string()),
        last_date: store.statements.last().map(|s| s.date.to_string()),
        events: store.events.len(),
    }
}

/// Prints the counts, as text or JSON.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let (path, parsed) = ctx.read()?;
    let st = stats(&parsed.store);
    if args.json {
        print_json(&st)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!("{}\n{} statements", path.display(), st.statements);
    if let (Some(a), Some(b)) = (&st.first_date, &st.last_date) {
        out.push_str(&format!(", {a} to {b}"));
    }
    out.push_str(&format!("; {} events", st.events));
    out.push_str("\n\nStatements by actor\n");
    let w = st.actors.iter().map(|a| a.name.chars().count()).max().unwrap_or(0).max(5);
    for a in &st.actors {
        out.push_str(&format!("  {:<w$}  {:>6}  ({})\n", a.name, a.statements, a.id));
    }
    out.push_str("\nPositions by topic\n");
    let w = st.topics.iter().map(|t| t.name.chars().count()).max().unwrap_or(0).max(5);
    for t in &st.topics {
        out.push_str(&format!("  {:<w$}  {:>6}  ({})\n", t.name, t.positions, t.id));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
