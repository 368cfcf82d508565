//! The store's contents: actors, topics, briefings, events and statements, kept in a canonical order.

use serde::{Deserialize, Serialize};

use super::actor::Actor;
use super::briefing::Briefing;
use super::conflict::SetAside;
use super::event::Event;
use super::ids::{ActorId, EventId, StatementId, TopicId};
use super::lexicon::Learned;
use super::statement::Statement;
use super::topic::Topic;

/// The schema number this version of Stancebook writes. Older files are
/// migrated on load; newer ones open read-only.
pub const SCHEMA: u32 = 6;

/// Everything in a store file: the actors and topics (in the analyst's order),
/// the briefings, the events and the statements (both sorted by date, then id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Store {
    /// The file format's version.
    pub schema: u32,
    /// The actors, in the order the analyst arranged them. Required, like
    /// every list of the store: a misspelled key is an error, never an empty list.
    pub actors: Vec<Actor>,
    /// The topics, in the order the analyst arranged them.
    pub topics: Vec<Topic>,
    /// The briefings made from the store, oldest first.
    pub briefings: Vec<Briefing>,
    /// The events (summits, calls, talks, plans, truces…), sorted by (date, id).
    pub events: Vec<Event>,
    /// Versions of statements a sync's merge set aside, until an analyst
    /// decides (oldest first). Absent from a store that has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<SetAside>,
    /// What analysts taught ingest by correcting its candidates (phrases and
    /// what they mean), in key order. Absent from a store that has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lexicon: Vec<Learned>,
    /// The statements, sorted by (date, id). (Last: a large store is read
    /// and written in parallel pieces from here on.)
    pub statements: Vec<Statement>,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            schema: SCHEMA,
            actors: Vec::new(),
            topics: Vec::new(),
            briefings: Vec::new(),
            events: Vec::new(),
            conflicts: Vec::new(),
            lexicon: Vec::new(),
            statements: Vec::new(),
        }
    }
}

impl Store {
    /// The actor with this id.
    pub fn actor(&self, id: &ActorId) -> Option<&Actor> {
        self.actors.iter().find(|a| &a.id == id)
    }

    /// The actor with this id, mutably.
    pub fn actor_mut(&mut self, id: &ActorId) -> Option<&mut Actor> {
        self.actors.iter_mut().find(|a| &a.id == id)
    }

    /// The topic with this id.
    pub fn topic(&self, id: &TopicId) -> Option<&Topic> {
        self.topics.iter().find(|t| &t.id == id)
    }

    /// The position of the statement with this id in `statements`.
    pub fn statement_index(&self, id: StatementId) -> Option<usize> {
        self.statements.iter().position(|s| s.id == id)
    }

    /// A copy with everything but the statements (the store's header).
    pub fn clone_without_statements(&self) -> Store {
        Store {
            schema: self.schema,
            actors: self.actors.clone(),
            topics: self.topics.clone(),
            briefings: self.briefings.clone(),
            events: self.events.clone(),
            conflicts: self.conflicts.clone(),
            lexicon: self.lexicon.clone(),
            statements: Vec::new(),
        }
    }

    /// The latest briefing (by the date it reported up to, then when it was made).
    pub fn last_briefing(&self) -> Option<&Briefing> {
        self.briefings.iter().max_by_key(|b| (b.date, b.recorded_at))
    }

    /// The event with this id.
    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    /// Sorts events by (date, id), their canonical order.
    pub fn sort_events(&mut self) {
        if !self.events.is_sorted_by_key(Event::sort_key) {
            self.events.sort_by_key(Event::sort_key);
        }
    }

    /// Inserts an event at its place in the canonical order; returns its index.
    pub fn insert_event(&mut self, event: Event) -> usize {
        let key = event.sort_key();
        let at = self.events.partition_point(|e| e.sort_key() < key);
        self.events.insert(at, event);
        at
    }

    /// The number of events that name `actor`.
    pub fn events_citing_actor(&self, actor: &ActorId) -> usize {
        self.events.iter().filter(|e| e.involves(actor)).count()
    }

    /// The statement with this id.
    pub fn statement(&self, id: StatementId) -> Option<&Statement> {
        self.statements.iter().find(|s| s.id == id)
    }

    /// Sorts statements by (date, id): the canonical order in which they are kept and written.
    pub fn sort_statements(&mut self) {
        if !self.statements.is_sorted_by_key(Statement::sort_key) {
            self.statements.sort_by_key(Statement::sort_key);
        }
    }

    /// Inserts a statement at its place in the canonical order; returns its index.
    pub fn insert_statement(&mut self, statement: Statement) -> usize {
        let key = statement.sort_key();
        let at = self.statements.partition_point(|s| s.sort_key() < key);
        self.statements.insert(at, statement);
        at
    }

    /// Removes and returns the statement with this id.
    pub fn remove_statement(&mut self, id: StatementId) -> Option<Statement> {
        self.statement_index(id).map(|i| self.statements.remove(i))
    }

    /// The number of statements that name `actor` (as the actor or as the reporter).
    pub fn statements_citing_actor(&self, actor: &ActorId) -> usize {
        self.statements.iter().filter(|s| &s.actor == actor || s.reported_by.as_ref() == Some(actor)).count()
    }

    /// The number of statements with a position on `topic`.
    pub fn statements_citing_topic(&self, topic: &TopicId) -> usize {
        self.statements.iter().filter(|s| s.position(topic).is_some()).count()
    }

    /// The canonical speaker name for `name` under `actor`: the speaker's own name
    /// when `name` is one of their aliases, otherwise `name` as written (trimmed).
    pub fn canonical_speaker(&self, actor: &ActorId, name: &str) -> String {
        self.actor(actor)
            .and_then(|a| a.speaker(name))
            .map(|s| s.name.clone())
            .unwrap_or_else(|| name.trim().to_owned())
    }
}
