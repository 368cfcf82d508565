//! The summary's wording, shared by the Markdown and HTML renderers: dates
//! written out, stances in words, changes, trends, the header's facts.

use chrono::{Datelike, NaiveDate};

use super::summary::{Change, Cited, Period, SpreadNote, StanceRef, Summary, TopicSummary};
use crate::analysis::{Direction, ShiftClass, Trend};
use crate::model::{PartialDate, Precision, Stance, Timestamp};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "13 March 2025".
pub fn day(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "13 March 2025", "March 2025" or "2025", as precisely as the date is known.
pub fn date(d: PartialDate) -> String {
    let f = d.first_day();
    match d.precision() {
        Precision::Day => day(f),
        Precision::Month => format!("{} {}", MONTHS[f.month0() as usize], f.year()),
        Precision::Year => f.year().to_string(),
    }
}

/// "Mar 2025", for chart axes.
pub fn short_month(d: NaiveDate) -> String {
    format!("{} {}", &MONTHS[d.month0() as usize][..3], d.year())
}

/// "15 December 2025, 09:30 UTC".
pub fn timestamp(t: Timestamp) -> String {
    format!("{}, {} UTC", day(t.date()), t.datetime().format("%H:%M"))
}

/// "A", "A and B", "A, B and C".
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(|s| s.as_ref()).collect();
            format!("{} and {}", head.join(", "), last.as_ref())
        }
    }
}

/// The text with its first letter in upper case.
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "Calls for a truce now (+2)".
pub fn stance(topic: &TopicSummary, s: Stance) -> String {
    format!("{} ({})", capitalised(topic.label(s)), s.signed())
}

/// "shift" / "reversal" with its direction: "Reversal toward", "Shift away".
pub fn movement(class: ShiftClass, direction: Direction) -> String {
    let c = match class {
        ShiftClass::Holds => "Holds",
        ShiftClass::Shift => "Shift",
        ShiftClass::Reversal => "Reversal",
    };
    format!("{c} {}", direction.as_str())
}

/// The change column of a stance row: "Reversal toward (−1 → +2)",
/// "Unchanged", "New", "No position"; `None` when there is no comparison.
pub fn change(change: Change, before: Option<StanceRef>, now: Option<StanceRef>) -> Option<String> {
    Some(match change {
        Change::NotCompared => return None,
        Change::NoPosition => "—".into(),
        Change::New => "New position".into(),
        Change::Unchanged { moved_between: false } => "Unchanged".into(),
        Change::Unchanged { moved_between: true } => "Unchanged, after moves in between".into(),
        Change::Moved { class, direction } => match (before, now) {
            (Some(b), Some(n)) => {
                format!("{} ({} → {})", movement(class, direction), b.stance.signed(), n.stance.signed())
            }
            _ => movement(class, direction),
        },
    })
}

/// The heading of the change column: "Since 1 June 2025".
pub fn change_heading(compare: NaiveDate) -> String {
    format!("Since {}", day(compare))
}

/// The sentence on convergence: "Converging: the stances now span 3 points
/// (−1 to +2), down from 4 on 1 June 2025."
pub fn spread_sentence(note: &SpreadNote, topic: &TopicSummary) -> String {
    let now = &note.now;
    let span = |w: i8| if w == 1 { "1 point".to_owned() } else { format!("{w} points") };
    let lo = Stance::new(now.min.into()).map(|s| s.signed()).unwrap_or_default();
    let hi = Stance::new(now.max.into()).map(|s| s.signed()).unwrap_or_default();
    let width = now.spread();
    let range = if width == 0 {
        format!(
            "all {} actors with a position stand at {} ({})",
            now.actors,
            lo,
            topic.labels[Stance::new(now.min.into()).map(|s| s.index()).unwrap_or(2)]
        )
    } else {
        format!("the {} actors' stances span {} ({lo} to {hi})", now.actors, span(width))
    };
    match (note.trend, note.then) {
        (Some(trend), Some(then)) => {
            let when = day(then.date);
            let before = then.spread();
            match trend {
                Trend::Converging => format!("Converging: {range}, down from {} on {when}.", span(before)),
                Trend::Diverging => format!("Diverging: {range}, up from {} on {when}.", span(before)),
                Trend::Steady => format!("Steady: {range}, as on {when}."),
            }
        }
        _ => format!("{}.", capitalised(&range)),
    }
}

/// The actor and who spoke for it: "Kremlin: Dmitry Peskov, Kremlin
/// spokesman", or just "Kremlin" when no speaker is named.
pub fn actor_and_speaker(c: &Cited) -> String {
    match (&c.speaker, &c.role) {
        (Some(s), Some(r)) => format!("{}: {s}, {r}", c.actor),
        (Some(s), None) => format!("{}: {s}", c.actor),
        _ => c.actor.clone(),
    }
}

/// The citation after a quote: "Dmitry Peskov, 13 March 2025, Reuters".
pub fn citation(c: &Cited) -> String {
    let mut parts = vec![c.who().to_owned(), date(c.date)];
    if !c.outlet.is_empty() {
        parts.push(c.outlet.clone());
    }
    parts.join(", ")
}

/// The provenance of a cited statement: "Confirmed; source reliability B
/// (usually reliable), credibility 2 (probably true)".
pub fn provenance(c: &Cited) -> String {
    let mut s = capitalised(c.verification.as_str());
    if let Some(r) = &c.reported_by {
        s.push_str(&format!(" (as reported by {r})"));
    }
    s.push_str(&format!(
        "; source reliability {} ({}), credibility {} ({})",
        c.reliability.letter(),
        c.reliability.meaning(),
        c.credibility.value(),
        c.credibility.meaning()
    ));
    s
}

/// "Published 13 March 2025" when the report's date differs from the statement's.
pub fn published(c: &Cited) -> Option<String> {
    c.published.filter(|p| *p != c.date).map(|p| format!("published {}", date(p)))
}

/// The subtitle: "Kremlin, Kyiv, Washington and London · as of 14 December 2025 · compared with 1 June 2025".
pub fn subtitle(s: &Summary) -> String {
    let mut parts = Vec::new();
    if !s.scope.actors.is_empty() && s.scope.actors.len() <= 6 {
        parts.push(and_list(&s.scope.actors));
    }
    parts.push(format!("as of {}", day(s.as_of)));
    if let Some(c) = s.compare {
        parts.push(format!("compared with {}", day(c)));
    }
    capitalised(&parts.join(" · "))
}

/// The header's facts, as (label, value) lines: what was filtered, as of
/// when, compared with when, generated when and by what.
pub fn facts(s: &Summary) -> Vec<(&'static str, String)> {
    let sc = &s.scope;
    let mut v = Vec::new();
    let actors = if sc.actors.is_empty() {
        let names: Vec<&str> = s.actors.iter().map(|a| a.name.as_str()).collect();
        if names.is_empty() {
            "all".to_owned()
        } else {
            format!("all with a position ({})", names.join(", "))
        }
    } else {
        sc.actors.join(", ")
    };
    v.push(("Actors", actors));
    let topics = if sc.topics.is_empty() {
        let names: Vec<&str> = s.topics.iter().map(|t| t.name.as_str()).collect();
        if names.is_empty() {
            "all".to_owned()
        } else {
            format!("all with a position ({})", names.join(", "))
        }
    } else {
        sc.topics.join(", ")
    };
    v.push(("Topics", topics));
    let dates = match (sc.since, sc.until) {
        (None, None) => "all dates".to_owned(),
        (Some(a), None) => format!("from {}", day(a)),
        (None, Some(b)) => format!("up to {}", day(b)),
        (Some(a), Some(b)) => format!("{} to {}", day(a), day(b)),
    };
    v.push(("Statements", format!("{dates}; {} cited", count(s.statements.len(), "statement"))));
    if !sc.verifications.is_empty() {
        let names: Vec<&str> = sc.verifications.iter().map(|v| v.as_str()).collect();
        v.push(("Verification", names.join(", ")));
    }
    if !sc.kinds.is_empty() {
        let names: Vec<&str> = sc.kinds.iter().map(|k| k.as_str()).collect();
        v.push(("Kinds", names.join(", ")));
    }
    v.push(("Stances as of", day(s.as_of)));
    if let Some(c) = s.compare {
        v.push(("Compared with", day(c)));
    }
    v.push(("Generated", format!("{} by {}", timestamp(s.generated_at), s.generator)));
    v
}

/// "1 statement", "3 statements".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The heading of the "what moved" section.
pub fn moves_heading(p: &Period) -> String {
    match (p.after, p.from) {
        (Some(a), _) => format!("What moved since {}", day(a)),
        (None, Some(f)) => format!("What moved from {} to {}", day(f), day(p.to)),
        (None, None) => format!("What moved up to {}", day(p.to)),
    }
}

/// The one line that explains the scale, under the header.
pub const SCALE_NOTE: &str = "Stances are scored against each topic's proposition, from −2 (rejects it) to +2 \
(supports it); each topic names its five points. “Toward” and “away” say whether a stance moved toward \
or away from the proposition; a reversal crosses from one side to the other. Numbers in brackets, such \
as [1], refer to the sources at the end.";

/// Said when nothing passes the filter.
pub const NOTHING: &str = "No statements match these filters, so there are no positions to summarise.";

/// Said when the period has no shift.
pub const NO_SHIFTS: &str = "No shifts in this period.";

/// Said in a row without a position.
pub const NO_POSITION: &str = "No position on record";

/// Said under a topic no shown actor has a position on.
pub const NO_ROWS: &str = "No actor has taken a position on this topic by this date.";

/// Whether `c` is a bidirectional embedding, override or isolate control
/// (U+202A–U+202E, U+2066–U+2069): characters that can make text display
/// in another order than it reads ("Trojan source"). Exports neutralise
/// them; the store keeps them as entered.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with its bidirectional controls removed (see [`is_bidi_control`]).
pub fn without_bidi_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_bidi_control) {
        std::borrow::Cow::Owned(text.chars().filter(|&c| !is_bidi_control(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
