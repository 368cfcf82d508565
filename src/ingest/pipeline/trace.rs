//! Why each field of a candidate is what it is: the rule of the pipeline
//! that set it, and what it saw ("topic: keyword “truce” → ceasefire").
//! `stancebook ingest --explain` prints it; the Ingest tab shows it on hover.

use std::fmt;

use crate::model::TopicId;

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
#[derive(Clone, Debug, PartialEq)]
pub struct TraceStep {
    /// The field.
    pub field: TraceField,
    /// The rule, in a few words ("a verb of saying").
    pub rule: &'static str,
    /// What it saw ("“said” with the subject Dmitry Peskov").
    pub detail: String,
    /// How often the rule is right, 0.0–1.0, when it is rated (see
    /// [`crate::ingest::Level`]): the confidence of the field it set.
    pub confidence: Option<f32>,
    /// The topic a topic or stance step is about.
    pub topic: Option<TopicId>,
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// The steps.
    pub steps: Vec<TraceStep>,
}

impl Trace {
    /// Records that `rule` set `field`.
    pub fn note(&mut self, field: TraceField, rule: &'static str, detail: impl Into<String>) {
        self.steps.push(TraceStep { field, rule, detail: detail.into(), confidence: None, topic: None });
    }

    /// Records that `rule` set `field`, and how sure that rule is.
    pub fn rate(
        &mut self,
        field: TraceField,
        rule: &'static str,
        detail: impl Into<String>,
        confidence: f32,
    ) {
        self.steps.push(TraceStep {
            field,
            rule,
            detail: detail.into(),
            confidence: Some(confidence.clamp(0.0, 1.0)),
            topic: None,
        });
    }

    /// Records that `rule` set the topic or stance `field` of `topic`, and how sure that rule is.
    pub fn rate_topic(
        &mut self,
        field: TraceField,
        topic: &TopicId,
        rule: &'static str,
        detail: impl Into<String>,
        confidence: f32,
    ) {
        self.rate(field, rule, detail, confidence);
        if let Some(last) = self.steps.last_mut() {
            last.topic = Some(topic.clone());
        }
    }

    /// The rated step that settled `field` (the last one rated), if any.
    pub fn rated(&self, field: TraceField) -> Option<&TraceStep> {
        self.on(field).filter(|s| s.confidence.is_some()).last()
    }

    /// The rated step that settled `field` (topic or stance) for `topic`, if any.
    pub fn rated_topic(&self, field: TraceField, topic: &TopicId) -> Option<&TraceStep> {
        self.on(field).filter(|s| s.confidence.is_some() && s.topic.as_ref() == Some(topic)).last()
    }

    /// The steps on one field.
    pub fn on(&self, field: TraceField) -> impl Iterator<Item = &TraceStep> {
        self.steps.iter().filter(move |s| s.field == field)
    }
}
