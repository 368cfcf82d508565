//! Event candidates: the dated meetings, calls, summits, talks, truces,
//! sanctions, plans and deadlines a text names ("will meet in Budapest next
//! week", "the Alaska summit on Friday", "spoke by phone yesterday"), for
//! the analyst to review beside the candidate statements.
//!
//! Each sentence is read for the words that name an event ([`detect`]); the
//! finds are grouped so that one meeting mentioned three times is one
//! candidate with its three sentences, titled from who takes part, and
//! flagged when the store already holds it ([`assemble`]). An event is
//! proposed only with a date the text gives (read against the publication
//! date, forward for an announced event): a summit named without a date is
//! not proposed on its own, but a later undated mention of a dated one joins it.

mod assemble;
pub(crate) mod detect;
mod places;

use std::ops::Range;

use serde::Serialize;

use super::{NotReady, Trace};
use crate::model::{ActorId, Event, EventId, EventKind, PartialDate, Source, Store};

pub(crate) use assemble::assemble;

/// An event found in the text, for the analyst to accept, edit or drop.
#[derive(Clone, Debug, PartialEq)]
pub struct EventCandidate {
    /// The 1-based line of its first mention.
    pub line: usize,
    /// The 1-based line of its last mention.
    pub last_line: usize,
    /// Byte range of the sentence of its first mention.
    pub span: Range<usize>,
    /// Byte ranges of every sentence that mentions it (for highlighting).
    pub sentences: Vec<Range<usize>>,
    /// The 1-based lines those sentences start on, each once, in order.
    pub lines: Vec<usize>,
    /// A short title built from who takes part, the kind and the place
    /// ("Trump–Putin summit in Alaska", "Witkoff meets Putin in Moscow").
    pub title: String,
    /// What kind of event.
    pub kind: EventKind,
    /// When it happens or happened (forward for an announced event).
    pub date: PartialDate,
    /// The last day of a multi-day event, when the text gives one.
    pub end: Option<PartialDate>,
    /// Where, when the text says.
    pub place: String,
    /// The actors taking part, in the store's ids, in the order named.
    pub actors: Vec<ActorId>,
    /// Told as to come ("will meet", "is expected to visit"): its date is the planned one.
    pub announced: bool,
    /// The sentence that names it best (its first dated mention).
    pub evidence: String,
    /// How sure the detector is, 0..1.
    pub confidence: f32,
    /// Why each field is what it is.
    pub trace: Trace,
    /// An event of the store that this candidate repeats.
    pub duplicate_of: Option<EventId>,
}

impl EventCandidate {
    /// The event the analyst accepts, with `source` (outlet, url, published)
    /// and the evidence in its notes. Fails, naming the line, when the title
    /// is empty or the end comes before the start.
    pub fn to_event(&self, source: &Source) -> Result<Event, NotReady> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(NotReady(format!("line {}: give the event a title", self.line)));
        }
        if let Some(end) = self.end
            && end.last_day() < self.date.first_day()
        {
            return Err(NotReady(format!(
                "line {}: the end ({end}) is before the start ({})",
                self.line, self.date
            )));
        }
        let mut e = Event::new(self.date, title, self.kind, source.clone());
        e.end = self.end.filter(|end| end.last_day() > self.date.last_day());
        e.place = self.place.trim().to_owned();
        e.actors = Vec::with_capacity(self.actors.len());
        for a in &self.actors {
            if !e.actors.contains(a) {
                e.actors.push(a.clone());
            }
        }
        e.notes = self.notes(source);
        Ok(e)
    }

    /// The notes an accepted event carries: whether it was announced, and the sentence it rests on.
    fn notes(&self, source: &Source) -> String {
        let mut notes = String::new();
        if self.announced {
            let when = source.published.map_or(String::new(), |d| format!(" on {d}"));
            notes.push_str(&format!("Announced{when}: the date is the planned one. "));
        }
        let evidence: String = self.evidence.split_whitespace().collect::<Vec<_>>().join(" ");
        notes.push_str(&format!("From the text: “{evidence}”"));
        notes
    }

    /// Whether `store` holds an event this candidate repeats: the same kind
    /// (a summit, meeting and talks count as one), a date within two days,
    /// and the same actors (two in common, or all of the fewer), or the same
    /// place when no actor is named.
    pub fn duplicate_in(&self, store: &Store) -> Option<EventId> {
        assemble::duplicate_in(self, store)
    }

    /// The candidate as the JSON record of `stancebook ingest --events --json`.
    pub fn record(&self) -> EventRecord {
        let mut reasons = std::collections::BTreeMap::new();
        for step in &self.trace.steps {
            let entry: &mut String = reasons.entry(step.field.name()).or_default();
            if !entry.is_empty() {
                entry.push_str("; ");
            }
            entry.push_str(&step.to_string()[step.field.name().len() + 2..]);
        }
        EventRecord {
            line: self.line,
            lines: self.lines.clone(),
            title: self.title.clone(),
            kind: self.kind.as_str(),
            date: self.date.to_string(),
            date_precision: self.date.precision().as_str(),
            end: self.end.map(|d| d.to_string()),
            place: self.place.clone(),
            actors: self.actors.iter().map(|a| a.0.clone()).collect(),
            announced: self.announced,
            evidence: self.evidence.clone(),
            confidence: (self.confidence * 100.0).round() / 100.0,
            reasons,
            duplicate_of: self.duplicate_of.map(|d| d.to_string()),
        }
    }
}

/// The JSON shape of one event candidate.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EventRecord {
    /// 1-based line of its first mention.
    pub line: usize,
    /// The lines of all its mentions.
    pub lines: Vec<usize>,
    /// Title.
    pub title: String,
    /// Kind (summit, meeting, call, talks, plan, deadline, truce, sanctions, announcement, other).
    pub kind: &'static str,
    /// ISO date.
    pub date: String,
    /// `day`, `month` or `year`.
    pub date_precision: &'static str,
    /// ISO end date, if a span.
    pub end: Option<String>,
    /// Place (empty when unknown).
    pub place: String,
    /// Actor ids.
    pub actors: Vec<String>,
    /// Told as to come.
    pub announced: bool,
    /// The sentence it rests on.
    pub evidence: String,
    /// 0..1.
    pub confidence: f32,
    /// Why each field is what it is, by field name.
    pub reasons: std::collections::BTreeMap<&'static str, String>,
    /// The id of the store's event it repeats, if any.
    pub duplicate_of: Option<String>,
}
