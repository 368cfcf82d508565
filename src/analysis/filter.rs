//! Which statements a view, an export or a command looks at.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{ActorId, Kind, Statement, TopicId, Verification};

/// A filter on statements. Empty sets mean "all". Dates compare with the
/// first day of a statement's date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only these actors.
    pub actors: BTreeSet<ActorId>,
    /// Only statements with a position on one of these topics.
    pub topics: BTreeSet<TopicId>,
    /// Only statements said on or after this day.
    pub since: Option<NaiveDate>,
    /// Only statements said on or before this day.
    pub until: Option<NaiveDate>,
    /// Only these verifications.
    pub verifications: BTreeSet<Verification>,
    /// Only these kinds.
    pub kinds: BTreeSet<Kind>,
}

impl Filter {
    /// Whether the filter lets everything through.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether `s` passes the filter.
    pub fn matches(&self, s: &Statement) -> bool {
        let day = s.date.first_day();
        (self.actors.is_empty() || self.actors.contains(&s.actor))
            && (self.topics.is_empty() || s.positions.iter().any(|p| self.topics.contains(&p.topic)))
            && self.since.is_none_or(|d| day >= d)
            && self.until.is_none_or(|d| day <= d)
            && (self.verifications.is_empty() || self.verifications.contains(&s.verification))
            && (self.kinds.is_empty() || self.kinds.contains(&s.kind))
    }

    /// Whether a topic is shown under this filter.
    pub fn shows_topic(&self, topic: &TopicId) -> bool {
        self.topics.is_empty() || self.topics.contains(topic)
    }

    /// Whether an actor is shown under this filter.
    pub fn shows_actor(&self, actor: &ActorId) -> bool {
        self.actors.is_empty() || self.actors.contains(actor)
    }
}
