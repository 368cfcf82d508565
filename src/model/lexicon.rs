//! The store's lexicon: what analysts taught ingest by correcting its
//! candidates — a phrase a text used and what it means (a topic, a stance on
//! a topic, a speaker, an actor). Ingest reads it next to the topics'
//! keywords and the speakers' aliases; it is part of the store, merged like
//! the rest, and analysts list and edit it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::date::Timestamp;
use super::ids::{ActorId, StatementId, TopicId};
use super::stance::Stance;
use super::statement::Analyst;
use crate::search::fold::fold;

/// One thing ingest learned: a phrase and its meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Learned {
    /// The words as a text wrote them ("reassurance force", "the Russian leader").
    pub phrase: String,
    /// What they mean.
    pub means: Meaning,
    /// When it was learned, or last changed.
    pub learned_at: Timestamp,
    /// Who taught it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Analyst>,
    /// The statement whose acceptance taught it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<StatementId>,
}

/// What a learned phrase means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Meaning {
    /// The phrase names a topic ("reassurance force" → foreign troops).
    Topic(TopicId),
    /// The phrase takes a stance on a topic ("nothing more than a respite" → −2 on the ceasefire).
    Stance {
        /// The topic.
        topic: TopicId,
        /// The stance the phrase takes.
        stance: Stance,
    },
    /// The phrase names a speaker, of an actor ("the Russian leader" → Vladimir Putin).
    Speaker {
        /// The speaker's name as the store writes it.
        name: String,
        /// Whom they speak for.
        actor: ActorId,
    },
    /// The phrase names someone or something that speaks for an actor ("the Élysée" → France).
    Actor(ActorId),
}

/// What identifies a lexicon entry: its phrase (folded: case and accents
/// do not count) and what kind of meaning it gives. A phrase has at most one
/// speaker, one actor and one stance per topic; a later lesson replaces an
/// earlier one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LexiconKey {
    /// The folded phrase.
    pub phrase: String,
    /// `topic:<id>`, `stance:<id>`, `speaker` or `actor`.
    pub what: String,
}

impl fmt::Display for LexiconKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "“{}” ({})", self.phrase, self.what)
    }
}

/// A phrase folded for comparison: lower case, accents off, spaces collapsed.
pub fn fold_phrase(phrase: &str) -> String {
    fold(phrase).split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Learned {
    /// A lesson learned now.
    pub fn new(phrase: &str, means: Meaning, by: Option<Analyst>, from: Option<StatementId>) -> Learned {
        Learned {
            phrase: phrase.split_whitespace().collect::<Vec<_>>().join(" "),
            means,
            learned_at: Timestamp::now(),
            by,
            from,
        }
    }

    /// What identifies it in the lexicon.
    pub fn key(&self) -> LexiconKey {
        let what = match &self.means {
            Meaning::Topic(t) => format!("topic:{t}"),
            Meaning::Stance { topic, .. } => format!("stance:{topic}"),
            Meaning::Speaker { .. } => "speaker".to_owned(),
            Meaning::Actor(_) => "actor".to_owned(),
        };
        LexiconKey { phrase: fold_phrase(&self.phrase), what }
    }

    /// The meaning in words, with ids ("topic foreign_troops", "−2 on ceasefire").
    pub fn meaning_text(&self) -> String {
        match &self.means {
            Meaning::Topic(t) => format!("topic {t}"),
            Meaning::Stance { topic, stance } => format!("{} on {topic}", stance.signed()),
            Meaning::Speaker { name, actor } => format!("speaker {name} ({actor})"),
            Meaning::Actor(a) => format!("actor {a}"),
        }
    }

    /// Why the entry cannot be kept as it stands, if it cannot: an empty
    /// phrase, or a phrase of more than 8 words.
    pub fn problem(&self) -> Option<String> {
        let n = self.phrase.split_whitespace().count();
        if n == 0 {
            Some("the phrase is empty".into())
        } else if n > 8 {
            Some(format!("the phrase has {n} words: a lexicon phrase has at most 8"))
        } else if let Meaning::Speaker { name, .. } = &self.means
            && name.trim().is_empty()
        {
            Some("the speaker's name is empty".into())
        } else {
            None
        }
    }
}

/// Puts a lexicon in its canonical order (by key), keeping one entry per
/// key — the one learned last.
pub fn normalise(lexicon: &mut Vec<Learned>) {
    lexicon.sort_by(|a, b| a.key().cmp(&b.key()).then(b.learned_at.cmp(&a.learned_at)));
    lexicon.dedup_by(|later, first| later.key() == first.key());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_accents_and_spaces_and_separate_kinds_of_meaning() {
        let a = Learned::new("the  Élysée", Meaning::Actor(ActorId("france".into())), None, None);
        let b = Learned::new("The elysee", Meaning::Actor(ActorId("paris".into())), None, None);
        assert_eq!(a.key(), b.key());
        let t = Learned::new("the Élysée", Meaning::Topic(TopicId("ceasefire".into())), None, None);
        assert_ne!(a.key(), t.key());
        assert_eq!(a.phrase, "the Élysée");
    }

    #[test]
    fn normalise_keeps_the_lesson_learned_last() {
        let mut old = Learned::new("respite", Meaning::Topic(TopicId("ceasefire".into())), None, None);
        old.learned_at = Timestamp::from_datetime(chrono::DateTime::UNIX_EPOCH);
        let new = Learned::new("Respite", Meaning::Topic(TopicId("ceasefire".into())), None, None);
        let other = Learned::new("respite", Meaning::Actor(ActorId("kremlin".into())), None, None);
        let mut l = vec![old, other.clone(), new.clone()];
        normalise(&mut l);
        assert_eq!(l, vec![other, new]);
    }

    #[test]
    fn empty_or_long_phrases_are_problems() {
        let t = |p: &str| Learned::new(p, Meaning::Topic(TopicId("x".into())), None, None).problem();
        assert!(t("  ").is_some());
        assert!(t("one two three four five six seven eight nine").is_some());
        assert_eq!(t("reassurance force"), None);
    }
}
