//! `shifts`: every move between consecutive positions of an actor on a topic,
//! each with the event it came just after.

use std::process::ExitCode;

use serde::Serialize;

use super::{CliError, CliResult, Context, parse_compare, parse_day, print, print_json};
use crate::analysis::{self, EventLink, Positions, Shift};
use crate::export::text;
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
    /// Name beside each move the nearest event involving its actor that ended at most this many
    /// days before it (or that the move fell inside).
    #[arg(long, value_name = "DAYS", default_value_t = analysis::EVENT_WINDOW_DAYS, allow_negative_numbers = true)]
    pub event_window: i64,
    /// Print JSON: [{"actor", "topic", "date", "from", "to", "class", "direction", "from_statement",
    /// "to_statement", "event": {"id", "title", "date", "end", "days_before", "timing", "context"} or null}].
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
    event: Option<EventJson>,
}

/// The event a move came just after (in `shifts --json` and `matrix --json`).
#[derive(Serialize)]
pub(super) struct EventJson {
    id: String,
    title: String,
    date: String,
    end: Option<String>,
    /// Days from the event's last day to the move (0: on it or inside it).
    days_before: i64,
    /// `same_day`, `during`, `same_period` or `after`.
    timing: &'static str,
    /// In words: "1 day after: … (15 Aug)".
    context: String,
}

/// The JSON of the event `l` names.
pub(super) fn event_json(store: &Store, l: &EventLink) -> EventJson {
    let e = l.event(store);
    EventJson {
        id: e.id.to_string(),
        title: e.title.clone(),
        date: e.date.to_string(),
        end: e.end.map(|d| d.to_string()),
        days_before: l.days,
        timing: l.timing.as_str(),
        context: text::event_context(e, l),
    }
}

/// The event shift `s` came just after, within `window` days.
fn event_of(store: &Store, s: &Shift, window: i64) -> Option<EventLink> {
    analysis::event_before(store, &store.actors[s.actor].id, s.date, window)
}

fn to_json(store: &Store, s: &Shift, window: i64) -> ShiftJson {
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
        event: event_of(store, s, window).map(|l| event_json(store, &l)),
    }
}

/// Prints the shifts, newest first.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    if args.event_window < 0 {
        return Err(CliError::usage(format!(
            "--event-window {}: give a number of days, 0 or more",
            args.event_window
        )));
    }
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
        print_json(&shifts.iter().map(|s| to_json(store, s, args.event_window)).collect::<Vec<_>>())?;
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
            "{}  {} on {}: {} → {} ({} {})\n",
            s.date,
            a.name,
            t.name,
            s.from.signed(),
            s.to.signed(),
            s.class.as_str(),
            s.direction.as_str(),
        ));
        if let Some(l) = event_of(store, s, args.event_window) {
            out.push_str(&format!("    {}\n", text::event_context(l.event(store), &l)));
        }
        out.push_str(&format!(
            "    before ({}): {}\n    now    ({}): {}\n",
            from.date,
            from.quoted(),
            to.date,
            to.quoted()
        ));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
