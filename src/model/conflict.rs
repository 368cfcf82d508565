//! Versions of statements a merge set aside, kept in the store until an
//! analyst decides. When two analysts changed one statement and their
//! versions are synced, the store keeps one (the later edit, or ours when
//! time cannot tell) and records the other here, whole: nothing is lost, and
//! the list travels with the store, so every colleague sees what is open.

use serde::{Deserialize, Serialize};

use super::date::Timestamp;
use super::ids::StatementId;
use super::statement::{Analyst, Statement};

/// How a merge settled a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Settled {
    /// Both edits are so close in time (or equal) that time cannot say
    /// which is the later: one was kept for now, and an analyst must decide.
    Open,
    /// The later edit was kept; listed for an analyst who reviews every conflict.
    ByTime,
    /// One side deleted the statement, the other edited it: the edit was kept.
    EditOverDeletion,
}

impl Settled {
    /// Whether an analyst still has to decide (the merge kept one side only
    /// for now, or kept an edit over a colleague's deletion).
    pub fn needs_decision(self) -> bool {
        matches!(self, Settled::Open | Settled::EditOverDeletion)
    }

    /// The word used in JSON: `open`, `by_time`, `edit_over_deletion`.
    pub fn as_str(self) -> &'static str {
        match self {
            Settled::Open => "open",
            Settled::ByTime => "by_time",
            Settled::EditOverDeletion => "edit_over_deletion",
        }
    }
}

/// One statement's version set aside by a merge.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetAside {
    /// The statement's id: the store's statement with this id is the version kept.
    pub id: StatementId,
    /// How the merge settled it.
    pub settled: Settled,
    /// The version set aside, whole; `None` when the other side deleted the statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Statement>,
    /// The kept version's `updated_at` when the merge found the conflict.
    pub kept_updated_at: Timestamp,
    /// The fields that differ (`quote`, `positions`…), empty for a deletion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// When the merge found it.
    pub found_at: Timestamp,
    /// Who ran the merge, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_by: Option<Analyst>,
}

impl SetAside {
    /// What identifies one record across merges: the statement and the two
    /// versions' times (a later conflict on the same statement is a new record).
    pub fn key(&self) -> (StatementId, i64, i64) {
        let set_aside = self.version.as_ref().map_or(i64::MIN, |v| v.updated_at.millis());
        (self.id, self.kept_updated_at.millis(), set_aside)
    }
}
