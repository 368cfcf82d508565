//! The query language: filters (`actor:`, `topic:`, `since:`, `until:`,
//! `stance:`, `kind:`, `verification:`, `event:`, `by:`) with several values
//! and negation, plus free text (words and quoted phrases), parsed with
//! errors that say where in the query they are.
//!
//! `by:anna` keeps the statements entered or last changed by an analyst
//! whose name or e-mail (or a word of either) begins with `anna`, ignoring
//! case and accents (`by:petrova`, `by:"anna p"`, `by:anna@desk.example`);
//! `by:unknown` those whose analyst was not recorded (stores from before
//! schema 5, or entered as "Not now"); `-by:anna` everything else.
//!
//! `event:` keeps the statements said from an event's first day to
//! [`EVENT_WINDOW_DAYS`] days after its last: `event:alaska` (the Alaska
//! summit of 15 Aug 2025 → statements of 15–29 Aug), `event:"white house"`,
//! `event:summit` (after any summit), `event:alaska,budapest` (after
//! either), `event:alaska+7` (a window of 7 days), `event:alaska+0` (its own
//! days only), `-event:alaska` (outside that window). An event is found by
//! the words of its title, place, kind and actors, or by its id (see
//! [`super::events`]); it combines with the other filters as usual, so
//! `event:alaska actor:washington` is what Washington said in the fortnight
//! after Alaska, whoever took part in the summit.

use std::fmt;
use std::ops::Range;

use crate::model::{Analyst, Kind, PartialDate, Store, Verification};

use super::events::{find_events_exactly, suggest_event};
use super::fold::{edit_distance, fold};

/// The filter names, as written before the colon.
pub const FILTER_NAMES: [&str; 9] =
    ["actor", "topic", "since", "until", "stance", "kind", "verification", "event", "by"];

/// The `by:` value for statements whose analyst was not recorded.
pub const UNKNOWN_ANALYST: &str = "unknown";

/// The days after an event's last day that `event:` takes in unless told
/// (`event:alaska+7`).
pub const EVENT_WINDOW_DAYS: u32 = 14;

/// The query language in a few lines: the search box's tooltip and `stancebook search --help`.
pub const QUERY_HELP: &str = "Words match fuzzily (quote, speaker, actor, outlet, tags, notes, topic names);
\"quoted phrases\" match exactly; -word leaves out what contains it.
Filters (commas for several values, a leading - to leave out):
  actor:kremlin,kyiv   topic:ceasefire   since:2025-03   until:2025-06
  stance:>=1 (also 2, <0, -1..1)   kind:rejection   verification:confirmed
  event:alaska   what was said from the event's first day to 14 days after its last day;
                 event:alaska+7 for 7 days, event:\"white house\", event:summit (after any summit),
                 -event:alaska (outside that window). An event is found by words of its title,
                 place, kind or actors, or by its id.
  by:anna   entered or last changed by an analyst whose name or e-mail begins with anna
            (a word of it will do: by:petrova); by:unknown where no analyst was recorded.";

/// The longest window `event:…+N` accepts.
pub const EVENT_WINDOW_MAX_DAYS: u32 = 366;

/// A parsed query: filters plus free text.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Query {
    /// The filters, all of which a statement must pass.
    pub filters: Vec<Clause>,
    /// The free-text terms, all of which a statement must match (negated ones: must not).
    pub terms: Vec<Term>,
}

/// One filter of a query, perhaps negated (`-actor:nato`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// What it tests.
    pub filter: Filter,
    /// True for `-name:value`: the statement must *not* pass the filter.
    pub negated: bool,
    /// Where it is in the query (character offsets).
    pub span: Range<usize>,
}

/// What a filter tests. Several values (`actor:kremlin,kyiv`) mean any of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    /// `actor:`: the statement's actor, by id or name (resolved against the store).
    Actor(Vec<Value>),
    /// `topic:`: a position on one of these topics, by id or name.
    Topic(Vec<Value>),
    /// `since:`: said on or after the first day of this date.
    Since(PartialDate),
    /// `until:`: said on or before the last day of this date (`until:2025-06` takes in all of June).
    Until(PartialDate),
    /// `stance:`: a position whose stance is in one of these ranges (on the
    /// `topic:` topics, when the query has a `topic:` filter).
    Stance(Vec<StanceRange>),
    /// `kind:`: one of these kinds.
    Kind(Vec<Kind>),
    /// `verification:`: one of these verifications.
    Verification(Vec<Verification>),
    /// `event:`: said from the first day of one of these events to `days`
    /// days after its last day. Each value is an event's id or words of its
    /// title, place, kind or actors (resolved against the store).
    Event {
        /// The events, as written.
        values: Vec<Value>,
        /// The days after the event's last day (`+N`; default [`EVENT_WINDOW_DAYS`]).
        days: u32,
    },
    /// `by:`: entered or last changed by one of these analysts, each value
    /// the beginning of a name or e-mail, or of a word of one (see
    /// [`analyst_matches`]); [`UNKNOWN_ANALYST`] for statements whose
    /// analyst was not recorded.
    By(Vec<Value>),
}

/// A value of `actor:` or `topic:`, with where it is in the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// The value as written (trimmed).
    pub text: String,
    /// Where it is (character offsets).
    pub span: Range<usize>,
}

/// An inclusive range of stances: `stance:1` is 1..=1, `stance:>=1` 1..=2,
/// `stance:<0` −2..=−1, `stance:-1..1` −1..=1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StanceRange {
    /// The lowest stance in the range.
    pub lo: i8,
    /// The highest stance in the range.
    pub hi: i8,
}

impl StanceRange {
    /// Whether `stance` is in the range.
    pub fn contains(self, stance: i8) -> bool {
        (self.lo..=self.hi).contains(&stance)
    }
}

/// A free-text term: a word, matched fuzzily, or a quoted phrase, matched
/// exactly (ignoring case and accents).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The text as written (without quotes).
    pub text: String,
    /// True for a quoted phrase.
    pub phrase: bool,
    /// True for `-word` or `-"phrase"`: statements containing it (exactly) are left out.
    pub negated: bool,
    /// Where it is (character offsets).
    pub span: Range<usize>,
}

/// Why a query cannot be run, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// What is wrong, in a sentence.
    pub message: String,
    /// The characters concerned (character offsets into the query).
    pub span: Range<usize>,
}

impl QueryError {
    fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        QueryError { message: message.into(), span }
    }

    /// The 1-based column where the problem starts.
    pub fn column(&self) -> usize {
        self.span.start + 1
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column(), self.message)
    }
}

impl std::error::Error for QueryError {}

/// A query being read, character by character.
struct Reader<'a> {
    chars: Vec<(usize, char)>,
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).map(|&(_, c)| c)
    }

    fn byte(&self, char_at: usize) -> usize {
        self.chars.get(char_at).map_or(self.text.len(), |&(b, _)| b)
    }

    fn slice(&self, chars: Range<usize>) -> &str {
        &self.text[self.byte(chars.start)..self.byte(chars.end)]
    }

    /// Reads up to the closing quote (or the end: a phrase still being typed).
    /// `self.at` is just after the opening quote. Returns the inside.
    fn quoted(&mut self) -> Range<usize> {
        let start = self.at;
        while let Some(c) = self.peek() {
            if c == '"' {
                let inside = start..self.at;
                self.at += 1;
                return inside;
            }
            self.at += 1;
        }
        start..self.at
    }

    /// Reads a bare word (to the next space).
    fn word(&mut self) -> Range<usize> {
        let start = self.at;
        while self.peek().is_some_and(|c| !c.is_whitespace()) {
            self.at += 1;
        }
        start..self.at
    }
}

impl Query {
    /// Parses a query. Errors name the place: an unknown filter, a bad date,
    /// stance, kind or verification, a filter with no value. Actor and topic
    /// values are checked against a store by [`Query::check`].
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let mut r = Reader { chars: text.char_indices().collect(), text, at: 0 };
        let mut q = Query::default();
        while let Some(c) = r.peek() {
            if c.is_whitespace() {
                r.at += 1;
                continue;
            }
            let start = r.at;
            let negated = c == '-' && r.chars.get(r.at + 1).is_some_and(|&(_, n)| !n.is_whitespace());
            if c == '-' && !negated {
                // A lone dash: nothing to search for.
                r.at += 1;
                continue;
            }
            if negated {
                r.at += 1;
            }
            if r.peek() == Some('"') {
                r.at += 1;
                let inside = r.quoted();
                let phrase = r.slice(inside).trim().to_owned();
                if !phrase.is_empty() {
                    q.terms.push(Term { text: phrase, phrase: true, negated, span: start..r.at });
                }
                continue;
            }
            // A filter is `name:` with an ASCII-letter name.
            let name_start = r.at;
            let mut name_end = r.at;
            while r.chars.get(name_end).is_some_and(|&(_, c)| c.is_ascii_alphabetic() || c == '_') {
                name_end += 1;
            }
            if name_end > name_start && r.chars.get(name_end).is_some_and(|&(_, c)| c == ':') {
                let name = r.slice(name_start..name_end).to_ascii_lowercase();
                r.at = name_end + 1;
                let quoted = r.peek() == Some('"');
                let (value, window) = if quoted {
                    r.at += 1;
                    let inside = r.quoted();
                    // `event:"white house"+7`: the window follows the closing quote.
                    let window = (r.peek() == Some('+')).then(|| r.word());
                    (inside, window)
                } else {
                    (r.word(), None)
                };
                let clause = parse_filter(
                    &r,
                    FilterText { name: &name, name_span: name_start..name_end, value, window, quoted },
                    negated,
                    start..r.at,
                )?;
                q.filters.push(clause);
                continue;
            }
            let word = r.word();
            let text = r.slice(word).to_owned();
            q.terms.push(Term { text, phrase: false, negated, span: start..r.at });
        }
        Ok(q)
    }

    /// Checks the `actor:` and `topic:` values against a store: each must be
    /// an id or a name there. The error names the first unknown value.
    pub fn check(&self, store: &Store) -> Result<(), QueryError> {
        for c in &self.filters {
            match &c.filter {
                Filter::Actor(values) => {
                    for v in values {
                        if resolve_actor(store, &v.text).is_none() {
                            let known: Vec<&str> = store.actors.iter().map(|a| a.id.as_str()).collect();
                            return Err(QueryError::new(
                                v.span.clone(),
                                format!("unknown actor `{}`{}", v.text, suggest(&v.text, &known)),
                            ));
                        }
                    }
                }
                Filter::Topic(values) => {
                    for v in values {
                        if resolve_topic(store, &v.text).is_none() {
                            let known: Vec<&str> = store.topics.iter().map(|t| t.id.as_str()).collect();
                            return Err(QueryError::new(
                                v.span.clone(),
                                format!("unknown topic `{}`{}", v.text, suggest(&v.text, &known)),
                            ));
                        }
                    }
                }
                Filter::Event { values, .. } => {
                    for v in values {
                        if find_events_exactly(store, &v.text).is_empty() {
                            return Err(QueryError::new(v.span.clone(), unknown_event(store, &v.text)));
                        }
                    }
                }
                Filter::By(values) => {
                    let mut analysts = None;
                    for v in values {
                        if is_unknown_analyst(&v.text) {
                            continue;
                        }
                        let known = analysts.get_or_insert_with(|| store_analysts(store));
                        if !known.iter().any(|a| analyst_matches(a, &v.text)) {
                            return Err(QueryError::new(v.span.clone(), unknown_analyst(known, &v.text)));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// [`Query::parse`] then [`Query::check`].
    pub fn parse_checked(text: &str, store: &Store) -> Result<Query, QueryError> {
        let q = Query::parse(text)?;
        q.check(store)?;
        Ok(q)
    }

    /// Whether the query has no free text (it only filters).
    pub fn is_filter_only(&self) -> bool {
        self.terms.iter().all(|t| t.negated)
    }
}

/// The index in `store.actors` of the actor with this id or name (any case;
/// see [`crate::names::Names`]).
pub fn resolve_actor(store: &Store, value: &str) -> Option<usize> {
    crate::names::Names::new(store).actor_index(value)
}

/// The index in `store.topics` of the topic with this id or name (any case).
pub fn resolve_topic(store: &Store, value: &str) -> Option<usize> {
    crate::names::Names::new(store).topic_index(value)
}

/// Whether a `by:` value asks for the statements with no analyst recorded.
pub fn is_unknown_analyst(value: &str) -> bool {
    fold(value.trim()) == UNKNOWN_ANALYST
}

/// Whether `analyst` answers the `by:` value `value`: their name or e-mail,
/// or a word of either, begins with it, ignoring case and accents
/// (`anna`, `petrova`, `"anna p"`, `anna@desk`, `desk` all find Anna
/// Petrova <anna@desk.example>).
pub fn analyst_matches(analyst: &Analyst, value: &str) -> bool {
    let value = fold(value.trim());
    if value.is_empty() {
        return false;
    }
    std::iter::once(analyst.name.as_str()).chain(analyst.email.as_deref()).any(|field| {
        let field = fold(field);
        field.starts_with(&value)
            || field.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(&value))
    })
}

/// Every analyst the store's statements record (who entered or last
/// changed one), each once, in the order first met.
pub fn store_analysts(store: &Store) -> Vec<&Analyst> {
    let mut out: Vec<&Analyst> = Vec::new();
    for s in &store.statements {
        for a in [&s.entered_by, &s.changed_by].into_iter().flatten() {
            // Few analysts, and runs of statements by the same one: the last met is checked first.
            if out.last() != Some(&a) && !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

/// "no analyst matches `bne`; the analysts in this store are …", or that
/// none is recorded yet.
fn unknown_analyst(known: &[&Analyst], text: &str) -> String {
    if known.is_empty() {
        return format!(
            "no analyst matches `{text}`: no statement in this store records its analyst yet \
             (by:{UNKNOWN_ANALYST} finds those)"
        );
    }
    let mut names: Vec<&str> = known.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    format!(
        "no analyst matches `{text}`; the analysts in this store are {} (or by:{UNKNOWN_ANALYST})",
        names.join(", ")
    )
}

/// "no event matches `alsaka`; did you mean `event:alaska` (…)?", or how
/// events are found.
fn unknown_event(store: &Store, text: &str) -> String {
    if store.events.is_empty() {
        return format!("no event matches `{text}`: the store has no events yet");
    }
    match suggest_event(store, text) {
        Some((better, i)) => {
            let e = &store.events[i];
            let better = if better.contains(' ') { format!("\"{better}\"") } else { better };
            format!("no event matches `{text}`; did you mean `event:{better}` ({}, {})?", e.title, e.when())
        }
        None => format!(
            "no event matches `{text}`: write words of an event's title, place, kind or actors, or its id \
             (`stancebook events` lists them)"
        ),
    }
}

/// ` (did you mean `x`?)` for a known name at most two edits away, or the list of known names.
fn suggest(value: &str, known: &[&str]) -> String {
    let v = fold(value);
    let best = known.iter().map(|k| (edit_distance(&v, k), *k)).min_by_key(|&(d, _)| d);
    match best {
        Some((d, k)) if d <= 2 => format!(" (did you mean `{k}`?)"),
        _ => format!(" (known: {})", known.join(", ")),
    }
}

/// A filter as written: its name, and its value (inside the quotes, for a
/// quoted one), with `+N` after a quoted `event:` value.
struct FilterText<'a> {
    name: &'a str,
    name_span: Range<usize>,
    value: Range<usize>,
    window: Option<Range<usize>>,
    quoted: bool,
}

fn parse_filter(
    r: &Reader,
    text: FilterText,
    negated: bool,
    span: Range<usize>,
) -> Result<Clause, QueryError> {
    let FilterText { name, name_span, value, window, quoted } = text;
    if !FILTER_NAMES.contains(&name) {
        return Err(QueryError::new(
            name_span,
            format!(
                "unknown filter `{name}:`; the filters are {}; to search for the text, put it in quotes",
                FILTER_NAMES.map(|n| format!("{n}:")).join(" ")
            ),
        ));
    }
    // The values, split at commas, each with its span.
    let mut values: Vec<(String, Range<usize>)> = Vec::new();
    let mut item_start = value.start;
    for i in value.start..=value.end {
        let at_end = i == value.end;
        if at_end || r.chars[i].1 == ',' {
            let raw = r.slice(item_start..i);
            let lead = raw.chars().take_while(|c| c.is_whitespace()).count();
            let text = raw.trim();
            if !text.is_empty() {
                let s = item_start + lead;
                values.push((text.to_owned(), s..s + text.chars().count()));
            }
            item_start = i + 1;
        }
    }
    if values.is_empty() {
        return Err(QueryError::new(
            name_span.start..value.end.max(name_span.end + 1),
            format!("`{name}:` needs a value{}", example(name)),
        ));
    }
    let one_date = |values: &[(String, Range<usize>)]| -> Result<PartialDate, QueryError> {
        if negated {
            return Err(QueryError::new(
                span.clone(),
                format!(
                    "`{name}:` cannot be negated; use {}",
                    if name == "since" { "until:" } else { "since:" }
                ),
            ));
        }
        if values.len() > 1 {
            return Err(QueryError::new(values[1].1.clone(), format!("`{name}:` takes one date")));
        }
        let (text, s) = &values[0];
        PartialDate::parse(text).map_err(|e| QueryError::new(s.clone(), e.0))
    };
    let filter = match name {
        "actor" => Filter::Actor(values.into_iter().map(|(text, span)| Value { text, span }).collect()),
        "by" => Filter::By(values.into_iter().map(|(text, span)| Value { text, span }).collect()),
        "topic" => Filter::Topic(values.into_iter().map(|(text, span)| Value { text, span }).collect()),
        "event" => {
            parse_event(r, values, if quoted { Window::Quoted(window) } else { Window::InValue }, &span)?
        }
        "since" => Filter::Since(one_date(&values)?),
        "until" => Filter::Until(one_date(&values)?),
        "stance" => Filter::Stance(
            values
                .iter()
                .map(|(t, s)| parse_stance(t).map_err(|m| QueryError::new(s.clone(), m)))
                .collect::<Result<_, _>>()?,
        ),
        "kind" => Filter::Kind(
            values
                .iter()
                .map(|(t, s)| {
                    Kind::parse(t).ok_or_else(|| {
                        let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                        QueryError::new(
                            s.clone(),
                            format!("unknown kind `{t}`; the kinds are {}", all.join(", ")),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        _ => Filter::Verification(
            values
                .iter()
                .map(|(t, s)| {
                    Verification::parse(t).ok_or_else(|| {
                        let all: Vec<&str> = Verification::ALL.iter().map(|k| k.as_str()).collect();
                        QueryError::new(
                            s.clone(),
                            format!("unknown verification `{t}`; it is one of {}", all.join(", ")),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(Clause { filter, negated, span })
}

/// Where an `event:` clause's window (`+N`) is written.
enum Window {
    /// At the end of its last unquoted value (`event:alaska+7`).
    InValue,
    /// After the closing quote (`event:"white house"+7`), if at all.
    Quoted(Option<Range<usize>>),
}

/// `event:` values and their window in days (for them all).
fn parse_event(
    r: &Reader,
    mut values: Vec<(String, Range<usize>)>,
    window: Window,
    span: &Range<usize>,
) -> Result<Filter, QueryError> {
    let suffix = match window {
        Window::Quoted(w) => w.map(|w| (r.slice(w.clone()).to_owned(), w)),
        Window::InValue => values.last_mut().and_then(|(text, value_span)| {
            let at = text.rfind('+')?;
            let tail = text[at..].to_owned();
            text.truncate(at);
            *text = text.trim_end().to_owned();
            let end = value_span.end;
            value_span.end = value_span.start + text.chars().count();
            Some((tail.clone(), end - tail.chars().count()..end))
        }),
    };
    let mut days = EVENT_WINDOW_DAYS;
    if let Some((tail, w)) = suffix {
        let digits = tail.trim_start_matches('+');
        let digits = digits.strip_suffix('d').unwrap_or(digits);
        days = digits.parse::<u32>().ok().filter(|d| *d <= EVENT_WINDOW_MAX_DAYS).ok_or_else(|| {
            QueryError::new(
                w,
                format!(
                    "`{tail}` is not a window: write the days after the event as +N, from +0 to +{EVENT_WINDOW_MAX_DAYS} (event:alaska+7)"
                ),
            )
        })?;
        values.retain(|(t, _)| !t.is_empty());
    }
    if values.is_empty() {
        return Err(QueryError::new(span.clone(), format!("`event:` needs an event{}", example("event"))));
    }
    Ok(Filter::Event { values: values.into_iter().map(|(text, span)| Value { text, span }).collect(), days })
}

fn example(name: &str) -> &'static str {
    match name {
        "event" => " (words of its title or place, or its id: event:alaska, event:\"white house\"+7)",
        "actor" => " (an actor id or name: actor:kremlin or actor:kremlin,kyiv)",
        "topic" => " (a topic id or name: topic:ceasefire)",
        "by" => " (an analyst's name or e-mail, or its start: by:anna, by:\"anna petrova\", by:unknown)",
        "since" | "until" => " (a date: 2025-03-13, 2025-03 or 2025)",
        "stance" => " (-2 to 2, >=1, <0 or -1..1)",
        "kind" => " (proposal, demand, acceptance, rejection, warning, commitment or assessment)",
        _ => " (confirmed, reported, unverified or denied)",
    }
}

/// Parses one stance value: `1`, `+2`, `-1`, `−1`, `>=1`, `<=0`, `>0`, `<0`, `=1`, `-1..1`.
fn parse_stance(text: &str) -> Result<StanceRange, String> {
    let t = text.replace('−', "-");
    let t = t.trim();
    let number = |s: &str| -> Result<i8, String> {
        let s = s.trim();
        let v: i64 = s
            .strip_prefix('+')
            .unwrap_or(s)
            .parse()
            .map_err(|_| format!("`{text}` is not a stance: write -2 to 2, >=1, <0 or -1..1"))?;
        if (-2..=2).contains(&v) { Ok(v as i8) } else { Err(format!("stance {v} is outside −2..+2")) }
    };
    let range = if let Some((a, b)) = t.split_once("..") {
        let b = b.strip_prefix('=').unwrap_or(b);
        StanceRange { lo: number(a)?, hi: number(b)? }
    } else if let Some(v) = t.strip_prefix(">=") {
        StanceRange { lo: number(v)?, hi: 2 }
    } else if let Some(v) = t.strip_prefix("<=") {
        StanceRange { lo: -2, hi: number(v)? }
    } else if let Some(v) = t.strip_prefix('>') {
        StanceRange { lo: number(v)?.saturating_add(1), hi: 2 }
    } else if let Some(v) = t.strip_prefix('<') {
        StanceRange { lo: -2, hi: number(v)?.saturating_sub(1) }
    } else {
        let v = number(t.strip_prefix('=').unwrap_or(t))?;
        StanceRange { lo: v, hi: v }
    };
    if range.lo > range.hi {
        return Err(format!("`{text}` takes in no stance (stances run from −2 to +2)"));
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_names_every_filter_and_the_event_window() {
        for name in FILTER_NAMES {
            assert!(QUERY_HELP.contains(&format!("{name}:")), "{name}");
        }
        assert!(QUERY_HELP.contains(&format!("{EVENT_WINDOW_DAYS} days after")));
    }

    #[test]
    fn stance_values() {
        assert_eq!(parse_stance(">=1"), Ok(StanceRange { lo: 1, hi: 2 }));
        assert_eq!(parse_stance("<0"), Ok(StanceRange { lo: -2, hi: -1 }));
        assert_eq!(parse_stance("−1..+1"), Ok(StanceRange { lo: -1, hi: 1 }));
        assert_eq!(parse_stance("+2"), Ok(StanceRange { lo: 2, hi: 2 }));
        assert!(parse_stance("3").unwrap_err().contains("outside"));
        assert!(parse_stance(">2").unwrap_err().contains("no stance"));
        assert!(parse_stance("high").unwrap_err().contains("not a stance"));
    }
}
