//! The filtered data itself, as JSON or RON: a store file holding the
//! statements that pass the filter and the actors and topics they use,
//! which `stancebook import` (and the app's Import…) reads back.

use std::collections::BTreeSet;
use std::io;

use crate::analysis::Filter;
use crate::model::{Actor, ActorId, Meaning, SCHEMA, Store, Topic, TopicId};
use crate::store::format;

/// The part of `store` that `filter` shows, as a store of its own: every
/// statement that passes the filter, whole (with all its positions, so that
/// importing it elsewhere never looks like an edit); the actors the filter
/// shows (all when it names none) and every actor those statements name; the
/// topics likewise; the events in view (see [`Filter::matches_event`]) and
/// the actors they name; the lexicon's lessons about those actors and
/// topics. Actors and topics keep the store's order. With an empty filter
/// this is the whole store (but its conflict list).
pub fn filtered(store: &Store, filter: &Filter) -> Store {
    let statements: Vec<_> = store.statements.iter().filter(|s| filter.matches(s)).cloned().collect();
    let events: Vec<_> = store.events.iter().filter(|e| filter.matches_event(e)).cloned().collect();
    let mut actor_ids: BTreeSet<&ActorId> = events.iter().flat_map(|e| &e.actors).collect();
    let mut topic_ids: BTreeSet<&TopicId> = BTreeSet::new();
    for s in &statements {
        actor_ids.insert(&s.actor);
        actor_ids.extend(s.reported_by.as_ref());
        topic_ids.extend(s.positions.iter().map(|p| &p.topic));
    }
    let actors: Vec<Actor> = store
        .actors
        .iter()
        .filter(|a| (filter.actors.is_empty() || filter.actors.contains(&a.id)) || actor_ids.contains(&a.id))
        .cloned()
        .collect();
    let topics: Vec<Topic> = store
        .topics
        .iter()
        .filter(|t| (filter.topics.is_empty() || filter.topics.contains(&t.id)) || topic_ids.contains(&t.id))
        .cloned()
        .collect();
    // What ingest was taught about the exported actors and topics goes with them.
    let lexicon = store
        .lexicon
        .iter()
        .filter(|l| match &l.means {
            Meaning::Topic(t) | Meaning::Stance { topic: t, .. } => topics.iter().any(|x| &x.id == t),
            Meaning::Speaker { actor, .. } | Meaning::Actor(actor) => actors.iter().any(|x| &x.id == actor),
        })
        .cloned()
        .collect();
    let mut out = Store {
        schema: SCHEMA,
        actors,
        topics,
        briefings: store.briefings.clone(),
        events,
        conflicts: Vec::new(),
        lexicon,
        statements,
    };
    out.sort_statements();
    out.sort_events();
    out
}

/// Writes `data` as pretty JSON (the same shape as the RON store file), ending with a newline.
pub fn write_json(data: &Store, out: &mut impl io::Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, data).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// Writes `data` as a RON store file in canonical form.
pub fn write_ron(data: &Store, out: &mut impl io::Write) -> io::Result<()> {
    out.write_all(format::to_text(data).as_bytes())
}
