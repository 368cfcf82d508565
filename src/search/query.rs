//! The query language: filters (`actor:`, `topic:`, `since:`, `until:`,
//! `stance:`, `kind:`, `verification:`) with several values and negation,
//! plus free text (words and quoted phrases), parsed with errors that say
//! where in the query they are.

use std::fmt;
use std::ops::Range;

use crate::model::{Kind, PartialDate, Store, Verification};

use super::fold::{edit_distance, fold};

/// The filter names, as written before the colon.
pub const FILTER_NAMES: [&str; 7] = ["actor", "topic", "since", "until", "stance", "kind", "verification"];

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
                let value = if r.peek() == Some('"') {
                    r.at += 1;
                    r.quoted()
                } else {
                    r.word()
                };
                let clause = parse_filter(&r, &name, name_start..name_end, value, negated, start..r.at)?;
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

/// ` (did you mean `x`?)` for a known name at most two edits away, or the list of known names.
fn suggest(value: &str, known: &[&str]) -> String {
    let v = fold(value);
    let best = known.iter().map(|k| (edit_distance(&v, k), *k)).min_by_key(|&(d, _)| d);
    match best {
        Some((d, k)) if d <= 2 => format!(" (did you mean `{k}`?)"),
        _ => format!(" (known: {})", known.join(", ")),
    }
}

fn parse_filter(
    r: &Reader,
    name: &str,
    name_span: Range<usize>,
    value: Range<usize>,
    negated: bool,
    span: Range<usize>,
) -> Result<Clause, QueryError> {
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
        "topic" => Filter::Topic(values.into_iter().map(|(text, span)| Value { text, span }).collect()),
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

fn example(name: &str) -> &'static str {
    match name {
        "actor" => " (an actor id or name: actor:kremlin or actor:kremlin,kyiv)",
        "topic" => " (a topic id or name: topic:ceasefire)",
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
