//! The summary's wording, shared by the Markdown and HTML renderers: dates
//! written out, stances in words, changes, trends, the header's facts.

use chrono::{Datelike, NaiveDate};

use super::summary::{
    Change, Cited, KeyEvent, Move, Quote, SpreadNote, StanceRef, StanceRow, Summary, TopicSummary,
};
use crate::analysis::{Direction, EventLink, ShiftClass, Timing, Trend};
use crate::model::{Event, PartialDate, Precision, Stance, Timestamp};

/// The months, January first.
pub const MONTHS: [&str; 12] = [
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

/// The event a move came just after, as analysts write it, for every
/// surface that shows a move (the shifts, the matrix, the brief): "1 day
/// after: Trump–Putin summit in Alaska ends without a deal (15 Aug)", "Same
/// day as: …", "During: Riyadh technical talks … (23–25 Mar)", "Same month
/// as: … (Nov)", "After: … (Nov)" (an event dated to a month, over). The
/// year is left out when it is the move's.
pub fn event_context(e: &Event, link: &EventLink) -> String {
    let lead = match link.timing {
        Timing::SameDay => "Same day as".to_owned(),
        Timing::During => "During".to_owned(),
        Timing::SamePeriod => "Same month as".to_owned(),
        Timing::After if e.date.precision() != Precision::Day => "After".to_owned(),
        Timing::After if link.days == 1 => "1 day after".to_owned(),
        Timing::After => format!("{} days after", link.days),
    };
    format!("{lead}: {} ({})", e.title.trim(), event_when_short(e, link.moved.year()))
}

/// An event's dates as [`Event::when`] writes them ("15 Aug 2025",
/// "23–25 Mar 2025"), without the year when it is `year` and the only one.
fn event_when_short(e: &Event, year: i32) -> String {
    let when = e.when();
    let Some(rest) = when.strip_suffix(&format!(" {year}")) else { return when };
    let other_year = rest.split(|c: char| !c.is_ascii_digit()).any(|w| w.len() == 4);
    if rest.is_empty() || other_year { when } else { rest.to_owned() }
}

/// An event's dates with the months written out: "15 August 2025",
/// "23–25 March 2025", "30 April–2 May 2025", "November 2025".
pub fn event_when(e: &Event) -> String {
    let when = e.when();
    let mut out = String::with_capacity(when.len() + 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let full = MONTHS.iter().find(|m| word.len() == 3 && m.starts_with(word.as_str()));
        out.push_str(full.copied().unwrap_or(word.as_str()));
        word.clear();
    };
    for c in when.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The heading of the brief's list of events.
pub const EVENTS_HEADING: &str = "Key events in the period";

/// Under the key events, when some were left out: "5 earlier events in
/// the period are not listed."
pub fn earlier_events(s: &Summary) -> Option<String> {
    match s.earlier_events {
        0 => None,
        1 => Some("1 earlier event in the period is not listed.".to_owned()),
        n => Some(format!("{n} earlier events in the period are not listed.")),
    }
}

/// A key event's title as a sentence: with a full stop unless it ends with one of its own.
pub fn event_title(k: &KeyEvent) -> String {
    let t = k.title.trim();
    if t.ends_with(['.', '!', '?']) { t.to_owned() } else { format!("{t}.") }
}

/// Where a key event happened and who of the brief's actors took part:
/// "Anchorage · Washington and Kremlin", "Washington · Washington, Kyiv and
/// London, with 5 others" (either part may be missing; empty when both are).
pub fn event_facts(k: &KeyEvent) -> String {
    let mut parts = Vec::new();
    if !k.place.is_empty() {
        parts.push(k.place.clone());
    }
    let others = match k.others {
        0 => String::new(),
        1 => "1 other".to_owned(),
        n => format!("{n} others"),
    };
    match (k.actors.is_empty(), others.is_empty()) {
        (false, true) => parts.push(and_list(&k.actors)),
        (false, false) => parts.push(format!("{}, with {others}", and_list(&k.actors))),
        (true, false) => parts.push(format!("{} actors", k.others)),
        (true, true) => {}
    }
    parts.join(" · ")
}

/// What a key event's source is called: its outlet, else its short web
/// address, else "no source recorded".
pub fn event_outlet(k: &KeyEvent) -> String {
    match (k.outlet.is_empty(), k.link()) {
        (false, _) => k.outlet.clone(),
        (true, Some(url)) => short_url(&url),
        (true, None) => "no source recorded".to_owned(),
    }
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
pub fn change(change: Change, before: Option<Stance>, now: Option<StanceRef>) -> Option<String> {
    Some(match change {
        Change::NotCompared => return None,
        Change::NoPosition => "—".into(),
        Change::New => "New position".into(),
        Change::Unchanged { moved_between: false } => "Unchanged".into(),
        Change::Unchanged { moved_between: true } => "Unchanged, after moves in between".into(),
        Change::Moved { class, direction } => match (before, now) {
            (Some(b), Some(n)) => {
                format!("{} ({} → {})", movement(class, direction), b.signed(), n.stance.signed())
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
/// (usually reliable), credibility 2 (probably true)"; one nobody graded
/// (F6) says so: "Reported; not graded (neither the source's reliability
/// nor the information's credibility was judged)".
pub fn provenance(c: &Cited) -> String {
    let mut s = capitalised(c.verification.as_str());
    if let Some(r) = &c.reported_by {
        s.push_str(&format!(" (as reported by {r})"));
    }
    if !c.reliability.grades(c.credibility) {
        s.push_str(
            "; not graded (neither the source's reliability nor the information's credibility was judged)",
        );
        return s;
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

/// The scope line under the title: "Kremlin, Kyiv, Washington and London ·
/// Ceasefire, Territory and Foreign troops · as of 14 December 2025 · moves
/// since 1 June 2025 (the last briefing, “Weekly note”)".
pub fn subtitle(s: &Summary) -> String {
    let mut parts = Vec::new();
    let names = |v: Vec<&str>| if v.len() <= 6 { and_list(&v) } else { format!("{} actors", v.len()) };
    if !s.actors.is_empty() {
        parts.push(names(s.actors.iter().map(|a| a.name.as_str()).collect()));
    }
    if !s.topics.is_empty() && s.topics.len() <= 5 {
        parts.push(and_list(&s.topics.iter().map(|t| t.name.as_str()).collect::<Vec<_>>()));
    }
    parts.push(format!("as of {}", day(s.as_of)));
    if let Some(w) = window(s) {
        let mut w = format!("moves {w}");
        if let Some(l) = &s.compare_label {
            w.push_str(&format!(" ({l})"));
        }
        parts.push(w);
    }
    capitalised(&parts.join(" · "))
}

/// The header's facts, as (label, value) lines, for the topic sections'
/// version of the brief: what was filtered and when it was made.
pub fn facts(s: &Summary) -> Vec<(&'static str, String)> {
    let sc = &s.scope;
    let mut v = Vec::new();
    if !sc.verifications.is_empty() {
        let names: Vec<&str> = sc.verifications.iter().map(|v| v.as_str()).collect();
        v.push(("Verification", names.join(", ")));
    }
    if !sc.kinds.is_empty() {
        let names: Vec<&str> = sc.kinds.iter().map(|k| k.as_str()).collect();
        v.push(("Kinds", names.join(", ")));
    }
    if let Some(u) = sc.until {
        v.push(("Statements", format!("up to {}", day(u))));
    }
    v.push(("Generated", format!("{} by {}", timestamp(s.generated_at), s.generator)));
    v
}

/// "1 statement", "3 statements".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The window's start in words: "since 20 November 2025" (the comparison
/// date: moves after it), or "from 13 December 2025" when the window was
/// given by its first day (`--since`).
pub fn window(s: &Summary) -> Option<String> {
    let c = s.compare?;
    Some(match s.scope.since {
        Some(first) if c.succ_opt() == Some(first) => format!("from {}", day(first)),
        _ => format!("since {}", day(c)),
    })
}

/// The heading of the "what moved" section.
pub fn moves_heading(s: &Summary) -> String {
    match window(s) {
        Some(w) => format!("What moved {w}"),
        None => "What moved".to_owned(),
    }
}

/// The sentence under it: "7 changes, newest first." / "Nothing moved." /
/// "Give a comparison date to see what moved."
pub fn moves_lead(s: &Summary) -> String {
    match (s.compare, s.moves.len()) {
        (None, _) => "No comparison date was given: the stances below are as they stand.".into(),
        (Some(_), 0) => "Nothing moved in this period.".into(),
        (Some(_), 1) => "1 change.".into(),
        (Some(_), n) => format!("{n} changes, newest first."),
    }
}

/// A move's change in words: "−2 → −1, shift toward", "none → +1, first position".
pub fn move_change(m: &Move) -> String {
    let from = m.from.map_or("none".to_owned(), |f| f.signed());
    let what = match m.class {
        Some((class, direction)) => movement(class, direction).to_lowercase(),
        None if m.from.is_none() => "first position".to_owned(),
        None => "holds".to_owned(),
    };
    format!("{from} → {}, {what}", m.to.stance.signed())
}

/// The words backing a position, for a one-line citation: the evidence
/// excerpt, or the whole quote cut to about 40 words; none when the
/// analyst's rationale stands alone.
pub fn evidence_line(q: &Quote) -> Option<String> {
    let text = q.words.as_deref()?;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 40 {
        let mut t = words[..36].join(" ");
        t.push_str(" …");
        if t.starts_with('“') {
            t.push('”');
        }
        return Some(t);
    }
    Some(text.to_owned())
}

/// How old a stance is on the as-of date, short: "0 d", "4 d", "3 wk", "9 mo", "2 yr".
pub fn age_short(days: i64) -> String {
    match days {
        i64::MIN..=0 => "0 d".into(),
        1..=13 => format!("{days} d"),
        14..=59 => format!("{} wk", days / 7),
        60..=729 => format!("{} mo", days / 30),
        _ => format!("{} yr", days / 365),
    }
}

/// The mark of how a cell moved in the window: ▲ up, ▼ down, ↺ moved and
/// came back, "new" for a first position; empty when it did not move.
pub fn move_mark(r: &StanceRow) -> &'static str {
    match (r.before, r.now, r.moves()) {
        (_, _, 0) => "",
        (None, Some(_), _) => "new",
        (Some(b), Some(n), _) if n.stance > b => "▲",
        (Some(b), Some(n), _) if n.stance < b => "▼",
        _ => "↺",
    }
}

/// A row's path through the window: "−2 → −1 → −2".
pub fn path_only(r: &StanceRow) -> String {
    let steps: Vec<String> = r.path.iter().map(|s| s.map_or("none".to_owned(), |x| x.signed())).collect();
    steps.join(" → ")
}

/// A row's path in words: "−2 → −1 → −2 (2 moves)".
pub fn row_path(r: &StanceRow) -> String {
    format!("{} ({})", path_only(r), moves_count(r.moves()))
}

/// How far a cited statement can be trusted, short: "Confirmed; graded B2",
/// "Reported (as reported by Kyiv); graded C3", and "Reported; not graded"
/// for one nobody graded (F6: neither reliability nor credibility judged).
pub fn grading(c: &Cited) -> String {
    let mut s = capitalised(c.verification.as_str());
    if let Some(r) = &c.reported_by {
        s.push_str(&format!(" (as reported by {r})"));
    }
    if c.reliability.grades(c.credibility) {
        s.push_str(&format!("; graded {}{}", c.reliability.letter(), c.credibility.value()));
    } else {
        s.push_str("; not graded");
    }
    s
}

/// A cell of the overview table as plain text: "▲ −1 · 2 wk [1]",
/// "+2? (−1 → +2 → +2) · 9 mo, stale [4]", "— (was −1)".
pub fn overview_cell(s: &Summary, r: &StanceRow) -> String {
    let Some(now) = r.now else {
        return r.before.map(|b| format!("— (was {})", b.signed())).unwrap_or_default();
    };
    let mut v = String::new();
    let mark = move_mark(r);
    if !mark.is_empty() {
        v.push_str(mark);
        v.push(' ');
    }
    v.push_str(&now.stance.signed());
    if now.unverified {
        v.push('?');
    }
    if r.moves() > 1 {
        v.push_str(&format!(" ({})", path_only(r)));
    }
    if let Some(age) = r.age_days {
        v.push_str(&format!(" · {}", age_short(age)));
    }
    if r.stale {
        v.push_str(", stale");
    }
    v.push_str(&format!(" [{}]", s.source(&now).number));
    v
}

/// A web address as a printed brief shows it: without its scheme, and cut
/// after 60 characters with an ellipsis (the link keeps the whole address).
pub fn short_url(url: &str) -> String {
    let bare = url.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
    if bare.chars().count() <= 60 {
        return bare.to_owned();
    }
    let mut cut: String = bare.chars().take(58).collect();
    cut.push('…');
    cut
}

/// At most this many topics share one overview table on a page; more
/// make several tables, one under the other, each with the actors.
pub const TABLE_TOPICS: usize = 5;

/// The topics of each overview table (indices into `Summary::topics`).
pub fn table_chunks(s: &Summary) -> Vec<std::ops::Range<usize>> {
    let n = s.topics.len();
    let tables = n.div_ceil(TABLE_TOPICS).max(1);
    // Even chunks: 7 topics make tables of 4 and 3, not 5 and 2.
    let per = n.div_ceil(tables).max(1);
    (0..n).step_by(per).map(|i| i..(i + per).min(n)).collect()
}

/// The legend of a topic's five points: "−2 rejects a truce · −1 opposes … · +2 …".
pub fn labels_line(t: &TopicSummary) -> String {
    Stance::ALL.iter().map(|&s| format!("{} {}", s.signed(), t.label(s))).collect::<Vec<_>>().join(" · ")
}

/// The line of marks under the overview table.
pub fn overview_key(s: &Summary) -> String {
    let mut parts = vec![format!("Stances on {}", day(s.as_of))];
    if let Some(w) = window(s) {
        parts.push(format!("▲ ▼ moved up or down {w} (↺ moved and came back)"));
    }
    parts.push(format!("age of the latest statement; stale after {} days", s.stale_days));
    parts.push("? rests on an unverified statement".into());
    parts.join(" · ")
}

/// The one line that explains the scale, under the header.
pub const SCALE_NOTE: &str = "Stances are scored against each topic's proposition, from −2 (rejects it) to +2 \
(supports it); each topic names its five points. “Toward” and “away” say whether a stance moved toward \
or away from the proposition; a reversal crosses from one side to the other. Numbers in brackets, such \
as [1], refer to the sources at the end.";

/// Said when nothing passes the filter.
pub const NOTHING: &str = "No statements match these filters, so there are no positions to summarise.";

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

/// A cell's path through the window: "−2 → −1 → −2" (from the stance held
/// at the comparison date, "none" where there was none).
pub fn path(cell: &crate::analysis::Cell) -> String {
    let Some(first) = cell.moves.first() else {
        return cell.now.map(|p| p.stance.signed()).unwrap_or_default();
    };
    let mut s = first.from.map_or("none".to_owned(), |f| f.signed());
    for m in &cell.moves {
        s.push_str(" → ");
        s.push_str(&m.to.signed());
    }
    s
}

/// "1 move", "2 moves".
pub fn moves_count(n: usize) -> String {
    if n == 1 { "1 move".into() } else { format!("{n} moves") }
}

/// How old a stance's latest statement is on the as-of date, in words:
/// "latest statement from that day", "latest statement 3 days old", "… 5 weeks old".
pub fn age(days: i64) -> String {
    let n = match days {
        i64::MIN..=0 => return "latest statement from that day".into(),
        1 => "1 day".into(),
        2..=13 => format!("{days} days"),
        14..=59 => format!("{} weeks", days / 7),
        60..=729 => format!("{} months", days / 30),
        _ => format!("{} years", days / 365),
    };
    format!("latest statement {n} old")
}
