//! How sure ingest is of each field of a candidate, and why.
//!
//! Every rule of the pipeline that sets a field rates itself when it fires
//! (the `confidence` of its [`TraceStep`]): a store speaker named in full is
//! surer than one named by surname, a topic raised by two strong keywords
//! surer than by one weak one, a day the text names surer than the
//! publication date taken by default, a stance from a cue in the topic's
//! own clause surer than one under a hedge or a condition, or with no cue
//! at all. The rates were calibrated on the development sets (the 13 March
//! 2025 live blog and the three held-out sets): `tests/ingest_eval.rs`
//! (`confidence_is_calibrated`) measures, for each level, how often the
//! fields at that level were right, and asserts that high is right more
//! often than medium, and medium than low.
//!
//! A confidence is shown as one of three levels ([`Level`]): **high**
//! (0.75 and over), **medium** (0.5 to 0.75), **low** (under 0.5). A
//! candidate is as doubtful as its weakest field.

use serde::Serialize;

use super::{Candidate, TraceField, TraceStep};
use crate::model::TopicId;

/// How sure a field is, in three levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Under 0.5: check it.
    Low,
    /// 0.5 to 0.75.
    Medium,
    /// 0.75 and over.
    High,
}

impl Level {
    /// Confidences at or above this are high.
    pub const HIGH: f32 = 0.75;
    /// Confidences at or above this (and under [`Level::HIGH`]) are medium.
    pub const MEDIUM: f32 = 0.5;

    /// The level of a confidence 0.0–1.0.
    pub fn of(confidence: f32) -> Level {
        if confidence >= Level::HIGH {
            Level::High
        } else if confidence >= Level::MEDIUM {
            Level::Medium
        } else {
            Level::Low
        }
    }

    /// `high`, `medium` or `low`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field of a candidate, how sure ingest is of it, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDoubt {
    /// The field.
    pub field: TraceField,
    /// The topic, for a topic or a stance.
    pub topic: Option<TopicId>,
    /// 0.0–1.0.
    pub confidence: f32,
    /// The rule that set it ("one weak keyword: …").
    pub rule: &'static str,
    /// What the rule saw ("“troops” → troops").
    pub detail: String,
}

impl FieldDoubt {
    fn of(step: &TraceStep) -> FieldDoubt {
        FieldDoubt {
            field: step.field,
            topic: step.topic.clone(),
            confidence: step.confidence.unwrap_or(0.0),
            rule: step.rule,
            detail: step.detail.clone(),
        }
    }

    /// The confidence's level.
    pub fn level(&self) -> Level {
        Level::of(self.confidence)
    }

    /// The reason, in a few words: the rule and what it saw.
    pub fn reason(&self) -> String {
        if self.detail.is_empty() {
            self.rule.to_owned()
        } else {
            format!("{} — {}", self.rule, self.detail)
        }
    }

    /// A short label for the Ingest tab: "topic? low: one weak keyword …".
    /// A question mark marks a field that is not high.
    pub fn label(&self) -> String {
        let field = match &self.topic {
            Some(t) => format!("{} {t}", self.field.name()),
            None => self.field.name().to_owned(),
        };
        let mark = if self.level() == Level::High { "" } else { "?" };
        format!("{field}{mark} {}: {}", self.level(), self.reason())
    }

    /// The JSON record (`ingest --json`).
    pub fn record(&self) -> FieldRecord {
        FieldRecord {
            confidence: round(self.confidence),
            level: self.level().as_str(),
            reason: self.reason(),
        }
    }
}

/// The confidence of one field in `ingest --json`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FieldRecord {
    /// 0.0–1.0, two decimals.
    pub confidence: f32,
    /// `high`, `medium` or `low`.
    pub level: &'static str,
    /// The rule that set the field and what it saw.
    pub reason: String,
}

pub(super) fn round(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// The fields rated once per candidate (topics and stances are rated per topic).
const FIELDS: [TraceField; 5] =
    [TraceField::Speaker, TraceField::Actor, TraceField::Date, TraceField::Kind, TraceField::Verification];

impl Candidate {
    /// Every rated field — speaker, actor, date, kind, verification, and
    /// each topic and its stance (or "no topic found") — weakest first
    /// (ties in the order of the fields).
    pub fn doubts(&self) -> Vec<FieldDoubt> {
        let mut out: Vec<FieldDoubt> =
            FIELDS.iter().filter_map(|&f| self.trace.rated(f)).map(FieldDoubt::of).collect();
        if self.positions.is_empty() {
            out.push(FieldDoubt {
                field: TraceField::Topic,
                topic: None,
                confidence: 0.1,
                rule: "no topic found",
                detail: "pick one".into(),
            });
        }
        for p in &self.positions {
            out.push(self.topic_doubt(TraceField::Topic, &p.topic));
            out.push(self.topic_doubt(TraceField::Stance, &p.topic));
        }
        out.sort_by(|a, b| a.confidence.total_cmp(&b.confidence));
        out
    }

    /// The doubt on a topic or its stance; one the analyst added (no rule
    /// set it) is theirs, and sure.
    pub fn topic_doubt(&self, field: TraceField, topic: &TopicId) -> FieldDoubt {
        match self.trace.rated_topic(field, topic) {
            Some(step) => FieldDoubt::of(step),
            None => FieldDoubt {
                field,
                topic: Some(topic.clone()),
                confidence: 1.0,
                rule: "set by the analyst",
                detail: String::new(),
            },
        }
    }

    /// The candidate's confidence: its weakest field's (1.0 with none rated).
    pub fn confidence(&self) -> f32 {
        self.doubts().first().map_or(1.0, |d| d.confidence)
    }

    /// The level of its weakest field.
    pub fn doubt(&self) -> Level {
        Level::of(self.confidence())
    }
}
