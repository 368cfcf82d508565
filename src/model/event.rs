//! Events: the dated things that happen around the statements — summits,
//! calls, talks, plans, deadlines, truces, sanctions — so that a move in a
//! stance is read next to what came just before it.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::date::{PartialDate, Timestamp};
use super::ids::{ActorId, EventId};
use super::statement::Source;

/// What kind of event it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// Leaders meet (Alaska, 15 Aug 2025).
    Summit,
    /// A meeting below or beside a summit (Oval Office, envoys in Moscow).
    Meeting,
    /// A phone or video call.
    Call,
    /// Negotiations between delegations (Istanbul, Riyadh, Geneva).
    Talks,
    /// A peace plan or framework put forward.
    Plan,
    /// A deadline or ultimatum.
    Deadline,
    /// A truce or pause declared.
    Truce,
    /// Sanctions imposed or lifted.
    Sanctions,
    /// An announcement that is none of the above.
    Announcement,
    /// Anything else.
    #[default]
    Other,
}

impl EventKind {
    /// Every kind, in display order.
    pub const ALL: [EventKind; 10] = [
        EventKind::Summit,
        EventKind::Meeting,
        EventKind::Call,
        EventKind::Talks,
        EventKind::Plan,
        EventKind::Deadline,
        EventKind::Truce,
        EventKind::Sanctions,
        EventKind::Announcement,
        EventKind::Other,
    ];

    /// The word used in the store, JSON, CSV and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Summit => "summit",
            EventKind::Meeting => "meeting",
            EventKind::Call => "call",
            EventKind::Talks => "talks",
            EventKind::Plan => "plan",
            EventKind::Deadline => "deadline",
            EventKind::Truce => "truce",
            EventKind::Sanctions => "sanctions",
            EventKind::Announcement => "announcement",
            EventKind::Other => "other",
        }
    }

    /// The kind named `word` (as written by [`EventKind::as_str`], any case).
    pub fn parse(word: &str) -> Option<EventKind> {
        let w = word.trim().to_lowercase();
        EventKind::ALL.into_iter().find(|k| k.as_str() == w)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A dated event, with its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique id (ULID), so that events recorded by two analysts merge.
    pub id: EventId,
    /// When it happened (or began), to the day, month or year.
    pub date: PartialDate,
    /// The last day of a multi-day event (talks over three days, a truce).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// A short title in the analyst's words ("Trump–Putin summit in Alaska").
    pub title: String,
    /// What kind of event.
    #[serde(default)]
    pub kind: EventKind,
    /// The actors involved, in the store's ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<ActorId>,
    /// Where it happened.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
    /// The report it rests on.
    pub source: Source,
    /// Free notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// When it was first recorded.
    pub recorded_at: Timestamp,
    /// When it was last changed (the newer side wins a merge).
    pub updated_at: Timestamp,
}

impl Event {
    /// A new event recorded now.
    pub fn new(date: PartialDate, title: impl Into<String>, kind: EventKind, source: Source) -> Event {
        let now = Timestamp::now();
        Event {
            id: EventId::new(),
            date,
            end: None,
            title: title.into(),
            kind,
            actors: Vec::new(),
            place: String::new(),
            source,
            notes: String::new(),
            recorded_at: now,
            updated_at: now,
        }
    }

    /// The canonical order: by date, then id.
    pub fn sort_key(&self) -> (NaiveDate, EventId) {
        (self.date.first_day(), self.id)
    }

    /// The first day it covers.
    pub fn first_day(&self) -> NaiveDate {
        self.date.first_day()
    }

    /// The last day it covers (its end's last day, else its date's).
    pub fn last_day(&self) -> NaiveDate {
        self.end.map_or_else(|| self.date.last_day(), |e| e.last_day().max(self.date.last_day()))
    }

    /// Whether it spans more than one day.
    pub fn is_span(&self) -> bool {
        self.last_day() > self.first_day()
    }

    /// Whether `actor` took part (an event with no actors named involves nobody in particular).
    pub fn involves(&self, actor: &ActorId) -> bool {
        self.actors.contains(actor)
    }

    /// Its dates as analysts write them: "15 Aug 2025", "23–25 Mar 2025", "Nov 2025".
    pub fn when(&self) -> String {
        use chrono::Datelike;
        let start = self.date;
        let Some(end) = self.end.filter(|e| e.last_day() > start.last_day()) else {
            return start.short();
        };
        let (a, b) = (start.first_day(), end.last_day());
        if start.precision() == super::Precision::Day && end.precision() == super::Precision::Day {
            if a.year() == b.year() && a.month() == b.month() {
                return format!("{}–{}", a.day(), end.short());
            }
            if a.year() == b.year() {
                return format!("{} {}–{}", a.day(), &end_month(a), end.short());
            }
        }
        format!("{}–{}", start.short(), end.short())
    }
}

/// "Mar" for a day in March.
fn end_month(d: NaiveDate) -> String {
    d.format("%b").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(date: &str, end: Option<&str>) -> Event {
        let mut e =
            Event::new(PartialDate::parse(date).unwrap(), "talks", EventKind::Talks, Source::default());
        e.end = end.map(|d| PartialDate::parse(d).unwrap());
        e
    }

    #[test]
    fn spans_and_their_dates_read_as_analysts_write_them() {
        let one = event("2025-08-15", None);
        assert!(!one.is_span());
        assert_eq!(one.when(), "15 Aug 2025");
        let talks = event("2025-03-23", Some("2025-03-25"));
        assert!(talks.is_span());
        assert_eq!(talks.last_day(), NaiveDate::from_ymd_opt(2025, 3, 25).unwrap());
        assert_eq!(talks.when(), "23–25 Mar 2025");
        assert_eq!(event("2025-04-30", Some("2025-05-02")).when(), "30 Apr–2 May 2025");
        assert_eq!(event("2025-12-31", Some("2026-01-02")).when(), "31 Dec 2025–2 Jan 2026");
        assert_eq!(event("2025-11", None).when(), "Nov 2025");
        // An end before the start does not make a span (validation names it).
        assert!(!event("2025-03-23", Some("2025-03-20")).is_span());
    }

    #[test]
    fn kinds_read_back_from_their_words() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
            assert_eq!(EventKind::parse(&k.as_str().to_uppercase()), Some(k));
        }
        assert_eq!(EventKind::parse("picnic"), None);
    }
}
