//! Topics: propositions that stances are scored against.

use serde::{Deserialize, Serialize};

use super::ids::TopicId;
use super::stance::Stance;

/// A topic is a proposition, phrased so that a positive stance supports it
/// ("An immediate ceasefire or truce should take effect now").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Short slug id (`ceasefire`).
    pub id: TopicId,
    /// Display name ("Ceasefire").
    pub name: String,
    /// The proposition a positive stance supports.
    pub proposition: String,
    /// What each of the five stances means on this topic, from −2 to +2.
    pub labels: [String; 5],
    /// Words that signal the topic in a text (used by ingest and search).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

impl Topic {
    /// The topic's label for a stance ("demands all claimed regions").
    pub fn label(&self, stance: Stance) -> &str {
        let l = &self.labels[stance.index()];
        if l.trim().is_empty() { Stance::DEFAULT_LABELS[stance.index()] } else { l }
    }

    /// The five generic labels, for a new topic.
    pub fn default_labels() -> [String; 5] {
        Stance::DEFAULT_LABELS.map(String::from)
    }
}
