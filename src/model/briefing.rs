//! Briefings: what was reported, when, on what. "Since the last briefing"
//! compares with the latest one.

use serde::{Deserialize, Serialize};

use super::date::{PartialDate, Timestamp};
use super::ids::{ActorId, BriefingId, TopicId};

/// What a brief covered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingScope {
    /// The actors it covered (none: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<ActorId>,
    /// The topics it covered (none: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<TopicId>,
    /// The start of the window it reported moves in, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<PartialDate>,
}

/// A brief that was exported or marked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    /// Unique id (ULID).
    pub id: BriefingId,
    /// The date it reported up to (its "as of").
    pub date: PartialDate,
    /// Its title.
    pub title: String,
    /// What it covered.
    #[serde(default)]
    pub scope: BriefingScope,
    /// When it was made.
    pub recorded_at: Timestamp,
}

impl Briefing {
    /// A briefing recorded now, reporting up to `date`.
    pub fn new(date: PartialDate, title: impl Into<String>, scope: BriefingScope) -> Briefing {
        Briefing { id: BriefingId::new(), date, title: title.into(), scope, recorded_at: Timestamp::now() }
    }
}
