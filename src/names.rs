//! One resolver for the names an analyst types: actors and topics by id or
//! name, speakers by name or alias, ignoring case and Latin accents, with a
//! suggestion when a name is a typo away from a known one. The editor, the
//! command line, the query language and ingest all resolve names here.

use crate::model::{Actor, ActorId, Speaker, Store, Topic};
use crate::search::fold::{edit_distance, fold};

/// Resolves typed names against a store.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    store: &'a Store,
}

impl<'a> Names<'a> {
    /// A resolver over `store`'s actors, speakers and topics.
    pub fn new(store: &'a Store) -> Names<'a> {
        Names { store }
    }

    /// The index in `store.actors` of the actor with this id or name.
    pub fn actor_index(&self, text: &str) -> Option<usize> {
        let v = fold(text.trim());
        if v.is_empty() {
            return None;
        }
        self.store.actors.iter().position(|a| a.id.as_str() == v || fold(&a.name) == v)
    }

    /// The actor with this id or name.
    pub fn actor(&self, text: &str) -> Option<&'a Actor> {
        self.actor_index(text).map(|i| &self.store.actors[i])
    }

    /// The index in `store.topics` of the topic with this id or name.
    pub fn topic_index(&self, text: &str) -> Option<usize> {
        let v = fold(text.trim());
        if v.is_empty() {
            return None;
        }
        self.store.topics.iter().position(|t| t.id.as_str() == v || fold(&t.name) == v)
    }

    /// The topic with this id or name.
    pub fn topic(&self, text: &str) -> Option<&'a Topic> {
        self.topic_index(text).map(|i| &self.store.topics[i])
    }

    /// The speaker of `actor` answering to this name or alias.
    pub fn speaker(&self, actor: &ActorId, text: &str) -> Option<&'a Speaker> {
        self.store.actor(actor)?.speaker(text.trim())
    }

    /// The canonical name for a speaker typed as `text` under `actor`: the
    /// speaker's own name for an alias, else `text` as written (trimmed).
    pub fn canonical_speaker(&self, actor: &ActorId, text: &str) -> String {
        self.speaker(actor, text).map_or_else(|| text.trim().to_owned(), |s| s.name.clone())
    }

    /// The known actor whose id or name is closest to `text`, when it is
    /// within two edits (a typo).
    pub fn closest_actor(&self, text: &str) -> Option<&'a Actor> {
        closest(text, self.store.actors.iter().map(|a| (a, [a.id.as_str(), a.name.as_str()])))
    }

    /// The known topic whose id or name is closest to `text`, within two edits.
    pub fn closest_topic(&self, text: &str) -> Option<&'a Topic> {
        closest(text, self.store.topics.iter().map(|t| (t, [t.id.as_str(), t.name.as_str()])))
    }

    /// "No actor called “Kremln”: did you mean Kremlin?", or "…: pick one from the list".
    pub fn unknown_actor(&self, text: &str) -> String {
        let mut m = format!("No actor called “{}”", text.trim());
        match self.closest_actor(text) {
            Some(a) => m.push_str(&format!(": did you mean {}?", a.name)),
            None => m.push_str(": pick one from the list"),
        }
        m
    }

    /// "No topic called “ceasfire”: did you mean Ceasefire?", or "…: pick one from the list".
    pub fn unknown_topic(&self, text: &str) -> String {
        let mut m = format!("No topic called “{}”", text.trim());
        match self.closest_topic(text) {
            Some(t) => m.push_str(&format!(": did you mean {}?", t.name)),
            None => m.push_str(": pick one from the list"),
        }
        m
    }
}

fn closest<'a, T: 'a, const N: usize>(
    text: &str,
    items: impl Iterator<Item = (&'a T, [&'a str; N])>,
) -> Option<&'a T> {
    let v = fold(text.trim());
    if v.is_empty() {
        return None;
    }
    items
        .flat_map(|(item, names)| names.map(|n| (edit_distance(&v, &fold(n)), item)))
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, item)| item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_by_id_or_name_in_any_case_and_with_accents() {
        let s = crate::store::sample();
        let n = Names::new(&s);
        assert_eq!(n.actor("kremlin").map(|a| a.name.as_str()), Some("Kremlin"));
        assert_eq!(n.actor(" KYIV ").map(|a| a.id.as_str()), Some("kyiv"));
        assert_eq!(n.topic("Foreign troops").map(|t| t.id.as_str()), Some("troops"));
        assert_eq!(n.topic("nato_membership").map(|t| t.id.as_str()), Some("nato_membership"));
        assert!(n.actor("").is_none() && n.topic("  ").is_none());
        let kyiv = ActorId::from("kyiv");
        assert_eq!(n.canonical_speaker(&kyiv, "zelenskyy"), "Volodymyr Zelensky");
        assert_eq!(n.canonical_speaker(&kyiv, " Rustem Umerov "), "Rustem Umerov");
    }

    #[test]
    fn a_typo_gets_a_suggestion_and_nonsense_does_not() {
        let s = crate::store::sample();
        let n = Names::new(&s);
        assert_eq!(n.unknown_actor("Kremln"), "No actor called “Kremln”: did you mean Kremlin?");
        assert_eq!(n.unknown_topic("ceasfire"), "No topic called “ceasfire”: did you mean Ceasefire?");
        assert_eq!(n.unknown_actor("Atlantis"), "No actor called “Atlantis”: pick one from the list");
    }
}
