//! `matrix`: every actor's stance on every topic as of a date, and as of a
//! comparison date.

use std::process::ExitCode;

use serde::Serialize;

use super::shifts::{EventJson, event_json};
use super::{CliError, CliResult, Context, parse_compare, parse_day, print, print_json};
use crate::analysis::{self, Positions};
use crate::model::Store;

/// Arguments of `matrix`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The date the stances are taken at (default: the latest statement's date).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A date to compare with, or `last-briefing`: each cell also shows the
    /// stance then and every move in between.
    #[arg(long, value_name = "DATE")]
    pub compare: Option<String>,
    /// Only the actors and topics whose stance moved since the comparison date.
    #[arg(long, requires = "compare")]
    pub changed_only: bool,
    /// A stance said more than this many days before the as-of date is marked stale.
    #[arg(long, value_name = "DAYS", default_value_t = analysis::STALE_DAYS)]
    pub stale_days: i64,
    /// JSON: each move names the nearest event involving its actor that ended at most this many
    /// days before it.
    #[arg(long, value_name = "DAYS", default_value_t = analysis::EVENT_WINDOW_DAYS, allow_negative_numbers = true)]
    pub event_window: i64,
    /// Print JSON: {"as_of", "compare", "cells": [{"actor", "topic", "stance", "previous", "statement",
    /// "last_said", "stale", "moves": [{"date", "from", "to", "statement", "event"}]}]}.
    #[arg(long)]
    pub json: bool,
}

/// The JSON shape of `matrix --json`.
#[derive(Serialize)]
pub struct MatrixJson {
    as_of: String,
    compare: Option<String>,
    cells: Vec<CellJson>,
}

#[derive(Serialize)]
struct CellJson {
    actor: String,
    topic: String,
    stance: Option<i8>,
    previous: Option<i8>,
    statement: Option<String>,
    unverified: bool,
    last_said: Option<String>,
    age_days: Option<i64>,
    stale: bool,
    moves: Vec<MoveJson>,
}

#[derive(Serialize)]
struct MoveJson {
    date: String,
    from: Option<i8>,
    to: i8,
    statement: String,
    /// The event the move came just after (see `shifts --json`), or null.
    event: Option<EventJson>,
}

/// Prints the matrix as a table or JSON.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    if args.event_window < 0 {
        return Err(CliError::usage(format!(
            "--event-window {}: give a number of days, 0 or more",
            args.event_window
        )));
    }
    let (_, parsed) = ctx.read()?;
    let store = &parsed.store;
    let as_of = match &args.as_of {
        Some(d) => parse_day("--as-of", d, false)?,
        None => analysis::latest_date(store),
    };
    let compare = args.compare.as_deref().map(|d| parse_compare("--compare", d, store)).transpose()?;
    if let (Some(c), Some(text)) = (compare, args.compare.as_deref()) {
        super::check_compare(text, c, as_of)?;
    }
    let positions = Positions::all(store);
    let mut actors: Vec<usize> = (0..store.actors.len()).collect();
    let mut topics: Vec<usize> = (0..store.topics.len()).collect();
    if args.changed_only {
        let full = analysis::matrix(&positions, &actors, &topics, as_of, compare);
        actors.retain(|&a| full.cells.iter().any(|c| c.actor == a && c.moved()));
        topics.retain(|&t| full.cells.iter().any(|c| c.topic == t && c.moved()));
    }
    let m = analysis::matrix(&positions, &actors, &topics, as_of, compare);
    if args.json {
        print_json(&to_json(store, &m, args.stale_days, args.event_window))?;
    } else {
        print(&table(store, &m, args.stale_days))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn to_json(store: &Store, m: &analysis::Matrix, stale_days: i64, event_window: i64) -> MatrixJson {
    MatrixJson {
        as_of: m.as_of.to_string(),
        compare: m.compare.map(|d| d.to_string()),
        cells: m
            .cells
            .iter()
            .map(|c| CellJson {
                actor: store.actors[c.actor].id.0.clone(),
                topic: store.topics[c.topic].id.0.clone(),
                stance: c.now.map(|p| p.stance.value()),
                previous: c.before.map(|p| p.stance.value()),
                statement: c.now.map(|p| store.statements[p.statement].id.to_string()),
                unverified: c.now.is_some_and(|p| p.unverified),
                last_said: c.last_said().map(|d| d.to_string()),
                age_days: c.age_days(m.as_of),
                stale: c.is_stale(m.as_of, stale_days),
                moves: c
                    .moves
                    .iter()
                    .map(|s| MoveJson {
                        date: s.date.to_string(),
                        from: s.from.map(|x| x.value()),
                        to: s.to.value(),
                        statement: store.statements[s.statement].id.to_string(),
                        event: analysis::event_before(store, &store.actors[c.actor].id, s.date, event_window)
                            .map(|l| event_json(store, &l)),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn table(store: &Store, m: &analysis::Matrix, stale_days: i64) -> String {
    let mut out = format!("Stances as of {}", m.as_of);
    if let Some(c) = m.compare {
        out.push_str(&format!(" (compared with {c}: the path in brackets where the stance moved)"));
    }
    out.push_str(&format!(
        "\n−2 rejects · −1 opposes · 0 ambiguous · +1 supports with conditions · +2 supports; ? unverified; ⌛ said over {stale_days} days before\n\n"
    ));
    let name_w = m.actors.iter().map(|&a| store.actors[a].name.chars().count()).max().unwrap_or(5).max(5);
    let col_w = 9;
    out.push_str(&format!("{:name_w$}", ""));
    for &t in &m.topics {
        let id = store.topics[t].id.as_str();
        let short: String = id.chars().take(col_w).collect();
        out.push_str(&format!(" {short:>col_w$}"));
    }
    out.push('\n');
    for (r, &a) in m.actors.iter().enumerate() {
        out.push_str(&format!("{:name_w$}", store.actors[a].name));
        for c in 0..m.topics.len() {
            let cell = m.cell(r, c);
            let mut s = match cell.now {
                Some(p) => format!("{}{}", p.stance.signed(), if p.unverified { "?" } else { "" }),
                None => "·".into(),
            };
            if cell.is_stale(m.as_of, stale_days) {
                s.push('⌛');
            }
            if cell.moved() {
                s = format!("{s} [{}]", crate::export::text::path(cell));
            }
            out.push_str(&format!(" {s:>col_w$}"));
        }
        out.push('\n');
    }
    out
}
