//! Validation: every problem in a store, each named with what it concerns.

use std::collections::HashSet;
use std::fmt;

use super::ids::{StatementId, is_slug};
use super::store::Store;

/// What a problem concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// The store as a whole.
    Store,
    /// An actor, by id.
    Actor(String),
    /// A topic, by id.
    Topic(String),
    /// A statement, by id.
    Statement(StatementId),
    /// A briefing, by id.
    Briefing(String),
    /// An event, by id.
    Event(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Store => f.write_str("store"),
            Subject::Actor(id) => write!(f, "actor `{id}`"),
            Subject::Topic(id) => write!(f, "topic `{id}`"),
            Subject::Statement(id) => write!(f, "statement {id}"),
            Subject::Briefing(id) => write!(f, "briefing {id}"),
            Subject::Event(id) => write!(f, "event {id}"),
        }
    }
}

/// One thing wrong with a store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What it concerns.
    pub subject: Subject,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

impl Store {
    /// Every problem in the store: bad or duplicate ids, unknown actor and
    /// topic references, stances and credibilities out of range, empty quotes,
    /// statements with no position, analysts with an empty or multi-line
    /// name or a malformed e-mail. An empty list means the store is valid.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut push = |subject: Subject, message: String| problems.push(Problem { subject, message });

        let mut actor_ids = HashSet::new();
        for a in &self.actors {
            let subject = || Subject::Actor(a.id.0.clone());
            if !is_slug(a.id.as_str()) {
                push(
                    subject(),
                    "id must be a slug: lower-case letters, digits and _, starting with a letter".into(),
                );
            }
            if !actor_ids.insert(a.id.as_str()) {
                push(subject(), "duplicate actor id".into());
            }
            if a.name.trim().is_empty() {
                push(subject(), "empty name".into());
            }
            let mut names = HashSet::new();
            for s in &a.speakers {
                if s.name.trim().is_empty() {
                    push(subject(), "a speaker has an empty name".into());
                }
                for n in std::iter::once(&s.name).chain(&s.aliases) {
                    if !names.insert(n.to_lowercase()) {
                        push(subject(), format!("the name `{n}` belongs to more than one speaker"));
                    }
                }
            }
        }

        let mut topic_ids = HashSet::new();
        for t in &self.topics {
            let subject = || Subject::Topic(t.id.0.clone());
            if !is_slug(t.id.as_str()) {
                push(
                    subject(),
                    "id must be a slug: lower-case letters, digits and _, starting with a letter".into(),
                );
            }
            if !topic_ids.insert(t.id.as_str()) {
                push(subject(), "duplicate topic id".into());
            }
            if t.name.trim().is_empty() {
                push(subject(), "empty name".into());
            }
            if t.proposition.trim().is_empty() {
                push(subject(), "empty proposition".into());
            }
        }

        let mut statement_ids = HashSet::with_capacity(self.statements.len());
        for s in &self.statements {
            let subject = || Subject::Statement(s.id);
            if !statement_ids.insert(s.id) {
                push(subject(), "duplicate statement id".into());
            }
            if !actor_ids.contains(s.actor.as_str()) {
                push(subject(), format!("unknown actor `{}`", s.actor));
            }
            if let Some(r) = &s.reported_by
                && !actor_ids.contains(r.as_str())
            {
                push(subject(), format!("unknown actor `{r}` in reported_by"));
            }
            if s.quote.trim().is_empty() {
                push(subject(), "empty quote".into());
            }
            if s.positions.is_empty() {
                push(subject(), "no position: a statement needs a stance on at least one topic".into());
            }
            let mut seen = HashSet::new();
            for p in &s.positions {
                if !topic_ids.contains(p.topic.as_str()) {
                    push(subject(), format!("unknown topic `{}`", p.topic));
                }
                if !seen.insert(p.topic.as_str()) {
                    push(subject(), format!("two positions on topic `{}`", p.topic));
                }
                if !p.stance.is_valid() {
                    push(subject(), format!("stance {} on `{}` is outside −2..=+2", p.stance, p.topic));
                }
                let excerpt = p.evidence.excerpt.trim();
                if !excerpt.is_empty() && !s.quote.contains(excerpt) {
                    push(
                        subject(),
                        format!("the evidence for `{}` is not part of the quote: “{excerpt}”", p.topic),
                    );
                }
            }
            if !s.credibility.is_valid() {
                push(subject(), format!("credibility {} is outside 1..=6", s.credibility.value()));
            }
            if s.updated_at < s.recorded_at {
                push(subject(), "updated_at is earlier than recorded_at".into());
            }
            s.analyst_problems().into_iter().for_each(|p| push(subject(), p));
        }

        let mut briefing_ids = HashSet::new();
        for b in &self.briefings {
            let subject = || Subject::Briefing(b.id.to_string());
            if !briefing_ids.insert(b.id) {
                push(subject(), "duplicate briefing id".into());
            }
            if b.title.trim().is_empty() {
                push(subject(), "empty title".into());
            }
            for a in &b.scope.actors {
                if !actor_ids.contains(a.as_str()) {
                    push(subject(), format!("unknown actor `{a}` in its scope"));
                }
            }
            for t in &b.scope.topics {
                if !topic_ids.contains(t.as_str()) {
                    push(subject(), format!("unknown topic `{t}` in its scope"));
                }
            }
        }

        let mut event_ids = HashSet::new();
        for e in &self.events {
            let subject = || Subject::Event(e.id.to_string());
            if !event_ids.insert(e.id) {
                push(subject(), "duplicate event id".into());
            }
            if e.title.trim().is_empty() {
                push(subject(), "empty title".into());
            }
            if let Some(end) = e.end
                && end.last_day() < e.date.first_day()
            {
                push(subject(), format!("ends ({end}) before it begins ({})", e.date));
            }
            let mut seen = HashSet::new();
            for a in &e.actors {
                if !actor_ids.contains(a.as_str()) {
                    push(subject(), format!("unknown actor `{a}`"));
                }
                if !seen.insert(a.as_str()) {
                    push(subject(), format!("actor `{a}` is named twice"));
                }
            }
            if e.updated_at < e.recorded_at {
                push(subject(), "updated_at is earlier than recorded_at".into());
            }
        }
        if !self.events.is_sorted_by_key(|e| e.sort_key()) {
            push(Subject::Store, "events are not sorted by (date, id); the next save sorts them".into());
        }

        if !self.statements.is_sorted_by_key(|s| s.sort_key()) {
            push(Subject::Store, "statements are not sorted by (date, id); the next save sorts them".into());
        }
        problems
    }
}

impl super::statement::Statement {
    /// What is implausible about the statement but not wrong: a date before
    /// 1900 or more than a year ahead of `today`, a report published before
    /// the statement was made, an address that is not a web address. Shown as
    /// warnings; the statement is kept as written.
    pub fn warnings(&self, today: chrono::NaiveDate) -> Vec<String> {
        use chrono::Datelike;
        let mut out = Vec::new();
        let first = self.date.first_day();
        if first.year() < 1900 {
            out.push(format!("the date {} is before 1900: is it a typo?", self.date));
        } else if first > today + chrono::Days::new(366) {
            out.push(format!("the date {} is more than a year from now: is it a typo?", self.date));
        }
        if let Some(p) = self.source.published
            && p.last_day() < first
        {
            out.push(format!("the report is dated {p}, before the statement itself ({})", self.date));
        }
        if let Some(u) = self.source.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            let lower = u.to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://"))
                || u.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                out.push(format!(
                    "the address `{u}` is not a web address (http:// or https://); exports will not link it"
                ));
            }
        }
        out
    }
}
