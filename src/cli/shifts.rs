//! `shifts`: every move between consecutive positions of an actor on a topic.

use std::process::ExitCode;

use serde::Serialize;

use super::{CliResult, Context, parse_compare, parse_day, print, print_json};
use crate::analysis::{Positions, Shift};
use crate::model::Store;

/// Arguments of `shifts`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only shifts on or after this date; `last-briefing`: after the last recorded briefing.
    #[arg(long, value_name = "DATE|last-briefing")]
    pub since: Option<String>,
    /// Only shifts on or before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Print JSON: [{"actor", "topic", "date", "from", "to", "class", "direction", "from_statement", "to_statement"}].
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct ShiftJson {
    actor: String,
    topic: String,
    date: String,
    from: i8,
    to: i8,
    class: &'static str,
    direction: &'static str,
    from_statement: String,
    to_statement: String,
}

fn to_json(store: &Store, s: &Shift) -> ShiftJson {
    ShiftJson {
        actor: store.actors[s.actor].id.0.clone(),
        topic: store.topics[s.topic].id.0.clone(),
        date: s.date.to_string(),
        from: s.from.value(),
        to: s.to.value(),
        class: s.class.as_str(),
        direction: s.direction.as_str(),
        from_statement: store.statements[s.from_statement].id.to_string(),
        to_statement: store.statements[s.to_statement].id.to_string(),
    }
}

/// Prints the shifts, newest first.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let (_, parsed) = ctx.read()?;
    let store = &parsed.store;
    let since = match args.since.as_deref() {
        Some(d) if d.trim().eq_ignore_ascii_case("last-briefing") => {
            parse_compare("--since", d, store)?.succ_opt()
        }
        Some(d) => Some(parse_day("--since", d, false)?),
        None => None,
    };
    let until = args.until.as_deref().map(|d| parse_day("--until", d, true)).transpose()?;
    let shifts = Positions::all(store).shifts(store, since, until);
    if args.json {
        print_json(&shifts.iter().map(|s| to_json(store, s)).collect::<Vec<_>>())?;
        return Ok(ExitCode::SUCCESS);
    }
    if shifts.is_empty() {
        print("No shifts in this range.\n")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for s in &shifts {
        let a = &store.actors[s.actor];
        let t = &store.topics[s.topic];
        let from = &store.statements[s.from_statement];
        let to = &store.statements[s.to_statement];
        out.push_str(&format!(
            "{}  {} on {}: {} → {} ({} {})\n    before ({}): {}\n    now    ({}): {}\n",
            s.date,
            a.name,
            t.name,
            s.from.signed(),
            s.to.signed(),
            s.class.as_str(),
            s.direction.as_str(),
            from.date,
            from.quoted(),
            to.date,
            to.quoted()
        ));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
