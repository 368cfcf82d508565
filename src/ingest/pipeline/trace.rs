//! Why each field of a candidate is what it is: the rule of the pipeline
//! that set it, and what it saw ("topic: keyword “truce” → ceasefire").
//! `stancebook ingest --explain` prints it; the Ingest tab shows it on hover.

use std::fmt;

/// A field of a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TraceField {
    /// Who said it.
    Speaker,
    /// The actor it speaks for.
    Actor,
    /// A topic.
    Topic,
    /// A stance on a topic.
    Stance,
    /// What it does.
    Kind,
    /// Confirmed, reported or unverified.
    Verification,
    /// When it was said.
    Date,
    /// The quote.
    Quote,
    /// Where an event happens.
    Place,
    /// An event's title.
    Title,
}

impl TraceField {
    /// The field's name, as in `ingest --json`.
    pub fn name(self) -> &'static str {
        match self {
            TraceField::Speaker => "speaker",
            TraceField::Actor => "actor",
            TraceField::Topic => "topic",
            TraceField::Stance => "stance",
            TraceField::Kind => "kind",
            TraceField::Verification => "verification",
            TraceField::Date => "date",
            TraceField::Quote => "quote",
            TraceField::Place => "place",
            TraceField::Title => "title",
        }
    }
}

/// One rule that set (part of) a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    /// The field.
    pub field: TraceField,
    /// The rule, in a few words ("a verb of saying").
    pub rule: &'static str,
    /// What it saw ("“said” with the subject Dmitry Peskov").
    pub detail: String,
}

impl fmt::Display for TraceStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.detail.is_empty() {
            write!(f, "{}: {}", self.field.name(), self.rule)
        } else {
            write!(f, "{}: {} — {}", self.field.name(), self.rule, self.detail)
        }
    }
}

/// The rules behind a candidate's fields, in the order they were applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// The steps.
    pub steps: Vec<TraceStep>,
}

impl Trace {
    /// Records that `rule` set `field`.
    pub fn note(&mut self, field: TraceField, rule: &'static str, detail: impl Into<String>) {
        self.steps.push(TraceStep { field, rule, detail: detail.into() });
    }

    /// The steps on one field.
    pub fn on(&self, field: TraceField) -> impl Iterator<Item = &TraceStep> {
        self.steps.iter().filter(move |s| s.field == field)
    }
}
