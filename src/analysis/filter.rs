//! Which statements a view, an export or a command looks at.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{ActorId, Kind, PartialDate, Statement, Store, TopicId, Verification};
use crate::search::SearchIndex;

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
        (self.actors.is_empty() || self.actors.contains(&s.actor))
            && (self.topics.is_empty() || s.positions.iter().any(|p| self.topics.contains(&p.topic)))
            && self.admits(s.date, s.verification, s.kind)
    }

    /// Whether event `e` is in view: one of its actors is shown (or the
    /// filter names no actors, or the event names none), and its days
    /// overlap the filter's dates. Topics, verification and kind are the
    /// statements' and do not apply.
    pub fn matches_event(&self, e: &crate::model::Event) -> bool {
        (self.actors.is_empty() || e.actors.is_empty() || e.actors.iter().any(|a| self.actors.contains(a)))
            && self.since.is_none_or(|d| e.last_day() >= d)
            && self.until.is_none_or(|d| e.first_day() <= d)
    }

    /// Whether the date, verification and kind pass (the actor and topic
    /// checks are the caller's, which knows how it names them).
    fn admits(&self, date: PartialDate, verification: Verification, kind: Kind) -> bool {
        let day = date.first_day();
        self.since.is_none_or(|d| day >= d)
            && self.until.is_none_or(|d| day <= d)
            && (self.verifications.is_empty() || self.verifications.contains(&verification))
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
    }

    /// The statements among `candidates` (indices into `store.statements`,
    /// in any order, which is kept) that pass, read from the search index's compact entries
    /// rather than the statements: the same answer as [`Filter::matches`],
    /// several times faster on a large store. `index` must be in step with
    /// `store`; if it is not, the statements are read.
    pub fn select(
        &self,
        store: &Store,
        index: &SearchIndex,
        candidates: impl IntoIterator<Item = usize>,
    ) -> Vec<usize> {
        let candidates = candidates.into_iter();
        if self.is_empty() {
            return candidates.filter(|&i| i < store.statements.len()).collect();
        }
        if index.len() != store.statements.len() {
            return candidates
                .filter(|&i| store.statements.get(i).is_some_and(|s| self.matches(s)))
                .collect();
        }
        let actors: Vec<bool> =
            index.actor_names().iter().map(|n| self.actors.iter().any(|a| a == n.as_str())).collect();
        let topics: Vec<bool> =
            index.topic_names().iter().map(|n| self.topics.iter().any(|t| t == n.as_str())).collect();
        candidates
            .filter(|&i| {
                let Some(f) = index.facts(i) else { return false };
                (self.actors.is_empty() || actors.get(f.actor as usize).is_some_and(|&b| b))
                    && (self.topics.is_empty()
                        || f.positions.iter().any(|&(t, _)| topics.get(t as usize).is_some_and(|&b| b)))
                    && self.admits(f.date, f.verification, f.kind)
            })
            .collect()
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
