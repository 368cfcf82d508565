//! `matrix`: every actor's stance on every topic as of a date, and as of a
//! comparison date.

use std::process::ExitCode;

use serde::Serialize;

use super::{CliResult, Context, parse_day, print, print_json};
use crate::analysis::{self, Positions};
use crate::model::Store;

/// Arguments of `matrix`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The date the stances are taken at (default: the latest statement's date).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A date to compare with: each cell also shows the stance then.
    #[arg(long, value_name = "DATE")]
    pub compare: Option<String>,
    /// Print JSON: {"as_of", "compare", "cells": [{"actor", "topic", "stance", "previous", "statement"}]}.
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
}

/// Prints the matrix as a table or JSON.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let (_, parsed) = ctx.read()?;
    let store = &parsed.store;
    let as_of = match &args.as_of {
        Some(d) => parse_day("--as-of", d, false)?,
        None => analysis::latest_date(store),
    };
    let compare = args.compare.as_deref().map(|d| parse_day("--compare", d, false)).transpose()?;
    let positions = Positions::all(store);
    let actors: Vec<usize> = (0..store.actors.len()).collect();
    let topics: Vec<usize> = (0..store.topics.len()).collect();
    let m = analysis::matrix(&positions, &actors, &topics, as_of, compare);
    if args.json {
        print_json(&to_json(store, &m))?;
    } else {
        print(&table(store, &m))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn to_json(store: &Store, m: &analysis::Matrix) -> MatrixJson {
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
            })
            .collect(),
    }
}

fn table(store: &Store, m: &analysis::Matrix) -> String {
    let mut out = format!("Stances as of {}", m.as_of);
    if let Some(c) = m.compare {
        out.push_str(&format!(" (compared with {c}: “was” values in brackets)"));
    }
    out.push_str("\n−2 rejects · −1 opposes · 0 ambiguous · +1 supports with conditions · +2 supports; ? unverified\n\n");
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
            if m.compare.is_some() && cell.before.map(|p| p.stance) != cell.now.map(|p| p.stance) {
                let was = cell.before.map_or("·".into(), |p| p.stance.signed());
                s = format!("{s} [{was}]");
            }
            out.push_str(&format!(" {s:>col_w$}"));
        }
        out.push('\n');
    }
    out
}
