//! Every change to a store is an [`Edit`], applied in one place by [`apply`],
//! which returns the edit that undoes it. Undo and redo replay those inverses.

use std::fmt;

use crate::model::{
    Actor, ActorId, Analyst, Briefing, BriefingId, Event, EventId, Learned, LexiconKey, Meaning, SetAside,
    Statement, StatementId, Store, Timestamp, Topic, TopicId,
};
use crate::sync::Keep;

/// What identifies a conflict record: its statement and the two versions'
/// times (see [`SetAside::key`]).
pub type ConflictKey = (StatementId, i64, i64);

/// One change to the store.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Adds a statement (its id must be new).
    AddStatement(Statement),
    /// Replaces the statement with the same id.
    UpdateStatement(Statement),
    /// Deletes a statement.
    DeleteStatement(StatementId),
    /// Adds an actor at a place in the list (at the end if out of range).
    AddActor {
        /// Where in the list.
        index: usize,
        /// The actor.
        actor: Actor,
    },
    /// Replaces actor `id`; when the new actor has another id, every
    /// statement that named the old id is moved to the new one.
    UpdateActor {
        /// The actor's id before the change.
        id: ActorId,
        /// The actor after the change.
        actor: Actor,
    },
    /// Deletes an actor (refused while statements name it).
    DeleteActor(ActorId),
    /// Adds a topic at a place in the list (at the end if out of range).
    AddTopic {
        /// Where in the list.
        index: usize,
        /// The topic.
        topic: Topic,
    },
    /// Replaces topic `id`; when the new topic has another id, every
    /// position on the old id is moved to the new one.
    UpdateTopic {
        /// The topic's id before the change.
        id: TopicId,
        /// The topic after the change.
        topic: Topic,
    },
    /// Deletes a topic (refused while positions use it).
    DeleteTopic(TopicId),
    /// Records a briefing (exporting a brief, or "Mark briefing").
    AddBriefing(Briefing),
    /// Deletes a briefing.
    DeleteBriefing(BriefingId),
    /// Adds an event (its id must be new).
    AddEvent(Event),
    /// Replaces the event with the same id.
    UpdateEvent(Event),
    /// Deletes an event.
    DeleteEvent(EventId),
    /// Decides a conflict a sync set aside, with the semantics of
    /// [`crate::sync::resolve`]: the record leaves the store's list; keeping
    /// the set-aside version makes it the statement's (a new edit, by `by`),
    /// or deletes the statement when what was set aside is a deletion.
    ResolveConflict {
        /// The record ([`SetAside::key`]).
        key: ConflictKey,
        /// Which version stays.
        keep: Keep,
        /// Who decides (set from the session's analyst, as every edit is stamped).
        by: Option<Analyst>,
    },
    /// Takes a conflict record off the store's list.
    RemoveConflict(ConflictKey),
    /// Puts a conflict record on the store's list, at a place (at the end if out of range).
    InsertConflict {
        /// Where in the list.
        index: usize,
        /// The record.
        record: SetAside,
    },
    /// Replaces the store's conflict list (a sync brought another one).
    SetConflicts(Vec<SetAside>),
    /// Puts the actors and the topics in this order (a sync's merge ordered
    /// them so); ids not named keep their place after those named.
    Arrange {
        /// The actors' ids, in order.
        actors: Vec<ActorId>,
        /// The topics' ids, in order.
        topics: Vec<TopicId>,
    },
    /// Teaches ingest a phrase: adds the lexicon entry, or replaces the one
    /// with the same key ([`Learned::key`]).
    Learn(Learned),
    /// Takes an entry out of the lexicon.
    Unlearn(LexiconKey),
    /// Replaces the whole lexicon (a sync brought another one).
    SetLexicon(Vec<Learned>),
    /// Several edits as one undo step (accepting ingest candidates, an import).
    Batch {
        /// What the step is called in the undo menu.
        label: String,
        /// The edits, applied in order.
        edits: Vec<Edit>,
    },
}

/// Why an edit cannot be applied; the store is left unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError(pub String);

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EditError {}

impl Edit {
    /// A short description for the undo / redo menu ("Add statement").
    pub fn label(&self) -> String {
        match self {
            Edit::AddStatement(_) => "Add statement".into(),
            Edit::UpdateStatement(_) => "Edit statement".into(),
            Edit::DeleteStatement(_) => "Delete statement".into(),
            Edit::AddActor { actor, .. } => format!("Add actor {}", actor.name),
            Edit::UpdateActor { actor, .. } => format!("Edit actor {}", actor.name),
            Edit::DeleteActor(id) => format!("Delete actor {id}"),
            Edit::AddTopic { topic, .. } => format!("Add topic {}", topic.name),
            Edit::UpdateTopic { topic, .. } => format!("Edit topic {}", topic.name),
            Edit::DeleteTopic(id) => format!("Delete topic {id}"),
            Edit::AddBriefing(b) => format!("Mark briefing “{}”", b.title),
            Edit::DeleteBriefing(_) => "Delete briefing".into(),
            Edit::AddEvent(e) => format!("Add event “{}”", e.title),
            Edit::UpdateEvent(e) => format!("Edit event “{}”", e.title),
            Edit::DeleteEvent(_) => "Delete event".into(),
            Edit::ResolveConflict { keep: Keep::Stored, .. } => {
                "Resolve conflict: keep the store's version".into()
            }
            Edit::ResolveConflict { keep: Keep::SetAside, .. } => {
                "Resolve conflict: keep the set-aside version".into()
            }
            Edit::RemoveConflict(_) | Edit::InsertConflict { .. } | Edit::SetConflicts(_) => {
                "Change the conflict list".into()
            }
            Edit::Arrange { .. } => "Arrange actors and topics".into(),
            Edit::Learn(l) => format!("Learn “{}” → {}", l.phrase, l.meaning_text()),
            Edit::Unlearn(k) => format!("Forget “{}”", k.phrase),
            Edit::SetLexicon(_) => "Change the lexicon".into(),
            Edit::Batch { label, .. } => label.clone(),
        }
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(msg.into()))
}

/// Applies `edit` to `store` and returns the edit that undoes it. On error
/// the store is unchanged (a batch is rolled back).
pub fn apply(store: &mut Store, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::AddStatement(s) => {
            if store.statement_index(s.id).is_some() {
                return err(format!("statement {} already exists", s.id));
            }
            let id = s.id;
            store.insert_statement(s);
            Ok(Edit::DeleteStatement(id))
        }
        Edit::UpdateStatement(s) => {
            let Some(old) = store.remove_statement(s.id) else {
                return err(format!("statement {} no longer exists", s.id));
            };
            store.insert_statement(s);
            Ok(Edit::UpdateStatement(old))
        }
        Edit::DeleteStatement(id) => match store.remove_statement(id) {
            Some(old) => Ok(Edit::AddStatement(old)),
            None => err(format!("statement {id} no longer exists")),
        },
        Edit::AddActor { index, actor } => {
            if store.actor(&actor.id).is_some() {
                return err(format!("an actor with id `{}` already exists", actor.id));
            }
            let id = actor.id.clone();
            let at = index.min(store.actors.len());
            store.actors.insert(at, actor);
            Ok(Edit::DeleteActor(id))
        }
        Edit::UpdateActor { id, actor } => update_actor(store, id, actor),
        Edit::DeleteActor(id) => {
            let Some(i) = store.actors.iter().position(|a| a.id == id) else {
                return err(format!("actor `{id}` no longer exists"));
            };
            let used = store.statements_citing_actor(&id);
            if used > 0 {
                return err(format!(
                    "{} is named by {used} statement{}; delete or move those first",
                    store.actors[i].name,
                    if used == 1 { "" } else { "s" }
                ));
            }
            let events = store.events_citing_actor(&id);
            if events > 0 {
                return err(format!(
                    "{} takes part in {events} event{}; take it out of those first",
                    store.actors[i].name,
                    if events == 1 { "" } else { "s" }
                ));
            }
            let actor = store.actors.remove(i);
            Ok(Edit::AddActor { index: i, actor })
        }
        Edit::AddTopic { index, topic } => {
            if store.topic(&topic.id).is_some() {
                return err(format!("a topic with id `{}` already exists", topic.id));
            }
            let id = topic.id.clone();
            let at = index.min(store.topics.len());
            store.topics.insert(at, topic);
            Ok(Edit::DeleteTopic(id))
        }
        Edit::UpdateTopic { id, topic } => {
            let Some(i) = store.topics.iter().position(|t| t.id == id) else {
                return err(format!("topic `{id}` no longer exists"));
            };
            if topic.id != id && store.topic(&topic.id).is_some() {
                return err(format!("a topic with id `{}` already exists", topic.id));
            }
            let new_id = topic.id.clone();
            let old = std::mem::replace(&mut store.topics[i], topic);
            if new_id != id {
                for s in &mut store.statements {
                    for p in &mut s.positions {
                        if p.topic == id {
                            p.topic = new_id.clone();
                        }
                    }
                }
                repoint_lexicon(store, Some((&id, &new_id)), None);
            }
            Ok(Edit::UpdateTopic { id: new_id, topic: old })
        }
        Edit::DeleteTopic(id) => {
            let Some(i) = store.topics.iter().position(|t| t.id == id) else {
                return err(format!("topic `{id}` no longer exists"));
            };
            let used = store.statements_citing_topic(&id);
            if used > 0 {
                return err(format!(
                    "{} has positions in {used} statement{}; delete or move those first",
                    store.topics[i].name,
                    if used == 1 { "" } else { "s" }
                ));
            }
            let topic = store.topics.remove(i);
            Ok(Edit::AddTopic { index: i, topic })
        }
        Edit::AddBriefing(_)
        | Edit::DeleteBriefing(_)
        | Edit::AddEvent(_)
        | Edit::UpdateEvent(_)
        | Edit::DeleteEvent(_) => apply_record(store, edit),
        Edit::Learn(_) | Edit::Unlearn(_) | Edit::SetLexicon(_) => apply_lexicon(store, edit),
        Edit::Batch { label, edits } => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                match apply(store, e) {
                    Ok(inv) => inverses.push(inv),
                    Err(e) => {
                        // Roll back what was applied, newest first.
                        for inv in inverses.into_iter().rev() {
                            let _ = apply(store, inv);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch { label, edits: inverses })
        }
        // The conflict list and the order of actors and topics.
        other => apply_sync(store, other),
    }
}

/// [`Edit::UpdateActor`]: the actor replaced; a new id is carried into the
/// statements, events and lexicon that named the old one, and renamed
/// speakers into the lessons that name them.
fn update_actor(store: &mut Store, id: ActorId, actor: Actor) -> Result<Edit, EditError> {
    let Some(i) = store.actors.iter().position(|a| a.id == id) else {
        return err(format!("actor `{id}` no longer exists"));
    };
    if actor.id != id && store.actor(&actor.id).is_some() {
        return err(format!("an actor with id `{}` already exists", actor.id));
    }
    let new_id = actor.id.clone();
    let old = std::mem::replace(&mut store.actors[i], actor);
    rename_taught_speakers(store, &old, i);
    if new_id != id {
        for s in &mut store.statements {
            if s.actor == id {
                s.actor = new_id.clone();
            }
            if s.reported_by.as_ref() == Some(&id) {
                s.reported_by = Some(new_id.clone());
            }
        }
        for e in &mut store.events {
            for a in &mut e.actors {
                if *a == id {
                    *a = new_id.clone();
                }
            }
        }
        repoint_lexicon(store, None, Some((&id, &new_id)));
    }
    Ok(Edit::UpdateActor { id: new_id, actor: old })
}

/// [`apply`] for the lexicon, kept in key order.
fn apply_lexicon(store: &mut Store, edit: Edit) -> Result<Edit, EditError> {
    let find = |store: &Store, key: &LexiconKey| store.lexicon.iter().position(|l| &l.key() == key);
    match edit {
        Edit::Learn(l) => {
            // Not checked here ([`Learned::problem`] is, where an entry is
            // typed): the undo of forgetting any stored entry must apply.
            let key = l.key();
            let old = find(store, &key).map(|i| store.lexicon.remove(i));
            let at = store.lexicon.partition_point(|x| x.key() < key);
            store.lexicon.insert(at, l);
            Ok(match old {
                Some(o) => Edit::Learn(o),
                None => Edit::Unlearn(key),
            })
        }
        Edit::Unlearn(key) => match find(store, &key) {
            Some(i) => Ok(Edit::Learn(store.lexicon.remove(i))),
            None => err(format!("the lexicon no longer has {key}")),
        },
        Edit::SetLexicon(list) => Ok(Edit::SetLexicon(std::mem::replace(&mut store.lexicon, list))),
        other => err(format!("not a change of the lexicon: {}", other.label())),
    }
}

/// Speakers of actor `i` renamed by an edit (matched by their place in the
/// list, against `old`, the actor before it): the lessons that name them
/// take the new name, so that a taught name form still finds its speaker.
fn rename_taught_speakers(store: &mut Store, old: &Actor, i: usize) {
    let Some(new) = store.actors.get(i) else { return };
    let renamed: Vec<(String, String)> = old
        .speakers
        .iter()
        .zip(&new.speakers)
        .filter(|(o, n)| o.name != n.name)
        .map(|(o, n)| (crate::model::fold_phrase(&o.name), n.name.clone()))
        .collect();
    if renamed.is_empty() {
        return;
    }
    let ids = [old.id.clone(), new.id.clone()];
    for l in &mut store.lexicon {
        if let Meaning::Speaker { name, actor } = &mut l.means
            && ids.contains(actor)
            && let Some((_, to)) = renamed.iter().find(|(from, _)| *from == crate::model::fold_phrase(name))
        {
            *name = to.clone();
        }
    }
}

/// Points the lexicon's entries for topic or actor `from` at `to` (an id renamed).
fn repoint_lexicon(
    store: &mut Store,
    topic: Option<(&TopicId, &TopicId)>,
    actor: Option<(&ActorId, &ActorId)>,
) {
    for l in &mut store.lexicon {
        match &mut l.means {
            Meaning::Topic(t) | Meaning::Stance { topic: t, .. } => {
                if let Some((from, to)) = topic
                    && t == from
                {
                    *t = to.clone();
                }
            }
            Meaning::Speaker { actor: a, .. } | Meaning::Actor(a) => {
                if let Some((from, to)) = actor
                    && a == from
                {
                    *a = to.clone();
                }
            }
        }
    }
    // Only re-sorted: an entry is never dropped here, so the inverse rename restores it.
    store.lexicon.sort_by_key(Learned::key);
}

/// [`apply`] for the briefings and the events.
fn apply_record(store: &mut Store, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::AddBriefing(b) => {
            if store.briefings.iter().any(|x| x.id == b.id) {
                return err(format!("briefing {} already exists", b.id));
            }
            let id = b.id;
            store.briefings.push(b);
            store.briefings.sort_by_key(|b| (b.date, b.recorded_at, b.id));
            Ok(Edit::DeleteBriefing(id))
        }
        Edit::DeleteBriefing(id) => match store.briefings.iter().position(|b| b.id == id) {
            Some(i) => Ok(Edit::AddBriefing(store.briefings.remove(i))),
            None => err(format!("briefing {id} no longer exists")),
        },
        Edit::AddEvent(e) => {
            if store.event(e.id).is_some() {
                return err(format!("event {} already exists", e.id));
            }
            let id = e.id;
            store.insert_event(e);
            Ok(Edit::DeleteEvent(id))
        }
        Edit::UpdateEvent(e) => {
            let Some(i) = store.events.iter().position(|x| x.id == e.id) else {
                return err(format!("event {} no longer exists", e.id));
            };
            let old = store.events.remove(i);
            store.insert_event(e);
            Ok(Edit::UpdateEvent(old))
        }
        Edit::DeleteEvent(id) => match store.events.iter().position(|e| e.id == id) {
            Some(i) => Ok(Edit::AddEvent(store.events.remove(i))),
            None => err(format!("event {id} no longer exists")),
        },
        other => err(format!("not a briefing or an event: {}", other.label())),
    }
}

/// [`apply`] for the conflict list and the order of actors and topics (what a sync changes).
fn apply_sync(store: &mut Store, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::ResolveConflict { key, keep, by } => {
            let Some(i) = store.conflicts.iter().position(|c| c.key() == key) else {
                return err(format!("the conflict on statement {} was already decided", key.0));
            };
            let label = Edit::ResolveConflict { key, keep, by: by.clone() }.label();
            let record = store.conflicts[i].clone();
            let mut edits = vec![Edit::RemoveConflict(key)];
            if keep == Keep::SetAside {
                // `sync::resolve` on a store of this statement alone: its rules
                // (a fresh time, strictly later than the kept version's), not a copy of them.
                let current = store.statement(record.id).cloned();
                let mut scratch = Store {
                    conflicts: vec![record.clone()],
                    statements: current.iter().cloned().collect(),
                    ..Store::default()
                };
                crate::sync::resolve(&mut scratch, key, keep, by.as_ref()).map_err(EditError)?;
                match (current, scratch.statements.pop()) {
                    (Some(_), Some(mut v)) => {
                        // Stamped as every edit is: by nobody known when `by` is none.
                        v.changed_by = by;
                        edits.push(Edit::UpdateStatement(v));
                    }
                    (None, Some(mut v)) => {
                        v.changed_by = by;
                        edits.push(Edit::AddStatement(v));
                    }
                    (Some(_), None) => edits.push(Edit::DeleteStatement(record.id)),
                    (None, None) => {}
                }
            }
            apply(store, Edit::Batch { label, edits })
        }
        Edit::RemoveConflict(key) => match store.conflicts.iter().position(|c| c.key() == key) {
            Some(index) => Ok(Edit::InsertConflict { index, record: store.conflicts.remove(index) }),
            None => err(format!("the conflict on statement {} is no longer listed", key.0)),
        },
        Edit::InsertConflict { index, record } => {
            let key = record.key();
            if store.conflicts.iter().any(|c| c.key() == key) {
                return err(format!("the conflict on statement {} is already listed", key.0));
            }
            store.conflicts.insert(index.min(store.conflicts.len()), record);
            Ok(Edit::RemoveConflict(key))
        }
        Edit::SetConflicts(list) => Ok(Edit::SetConflicts(std::mem::replace(&mut store.conflicts, list))),
        Edit::Arrange { actors, topics } => {
            let old_actors = store.actors.iter().map(|a| a.id.clone()).collect();
            let old_topics = store.topics.iter().map(|t| t.id.clone()).collect();
            arrange(&mut store.actors, &actors, |a| &a.id);
            arrange(&mut store.topics, &topics, |t| &t.id);
            Ok(Edit::Arrange { actors: old_actors, topics: old_topics })
        }
        other => err(format!("not a change of the conflict list: {}", other.label())),
    }
}

/// Orders `list` as `order` names its ids; those not named follow, in their order.
fn arrange<T, K: PartialEq>(list: &mut [T], order: &[K], id: impl Fn(&T) -> &K) {
    list.sort_by_cached_key(|x| order.iter().position(|k| k == id(x)).unwrap_or(order.len()));
}

/// Whether adding `new`'s items that `old` lacks at their places, then
/// taking out those `new` lacks, leaves them in `new`'s order.
fn same_order_after<'a, K: PartialEq + 'a>(old: impl Iterator<Item = &'a K>, new: &[&'a K]) -> bool {
    let mut ids: Vec<&K> = old.collect();
    for (i, k) in new.iter().enumerate() {
        if !ids.contains(k) {
            ids.insert(i.min(ids.len()), k);
        }
    }
    ids.retain(|k| new.contains(k));
    ids == new
}

/// The edits that turn `old` into `new`, as one undo step: actors and topics
/// added or changed (by id), then statements added, changed or deleted (by
/// id). `None` when the two are the same.
pub fn edits_between(old: &Store, new: &Store, label: impl Into<String>) -> Option<Edit> {
    let mut edits = Vec::new();
    for (i, a) in new.actors.iter().enumerate() {
        match old.actor(&a.id) {
            None => edits.push(Edit::AddActor { index: i, actor: a.clone() }),
            Some(o) if o != a => edits.push(Edit::UpdateActor { id: a.id.clone(), actor: a.clone() }),
            Some(_) => {}
        }
    }
    for (i, t) in new.topics.iter().enumerate() {
        match old.topic(&t.id) {
            None => edits.push(Edit::AddTopic { index: i, topic: t.clone() }),
            Some(o) if o != t => edits.push(Edit::UpdateTopic { id: t.id.clone(), topic: t.clone() }),
            Some(_) => {}
        }
    }
    let old_by_id: std::collections::HashMap<StatementId, &Statement> =
        old.statements.iter().map(|s| (s.id, s)).collect();
    let new_ids: std::collections::HashSet<StatementId> = new.statements.iter().map(|s| s.id).collect();
    for s in &new.statements {
        match old_by_id.get(&s.id) {
            None => edits.push(Edit::AddStatement(s.clone())),
            Some(o) if *o != s => edits.push(Edit::UpdateStatement(s.clone())),
            Some(_) => {}
        }
    }
    for s in &old.statements {
        if !new_ids.contains(&s.id) {
            edits.push(Edit::DeleteStatement(s.id));
        }
    }
    for b in &new.briefings {
        if !old.briefings.iter().any(|x| x.id == b.id) {
            edits.push(Edit::AddBriefing(b.clone()));
        }
    }
    for b in &old.briefings {
        if !new.briefings.iter().any(|x| x.id == b.id) {
            edits.push(Edit::DeleteBriefing(b.id));
        }
    }
    for e in &new.events {
        match old.event(e.id) {
            None => edits.push(Edit::AddEvent(e.clone())),
            Some(o) if o != e => edits.push(Edit::UpdateEvent(e.clone())),
            Some(_) => {}
        }
    }
    for e in &old.events {
        if new.event(e.id).is_none() {
            edits.push(Edit::DeleteEvent(e.id));
        }
    }
    for a in &old.actors {
        if new.actor(&a.id).is_none() {
            edits.push(Edit::DeleteActor(a.id.clone()));
        }
    }
    for t in &old.topics {
        if new.topic(&t.id).is_none() {
            edits.push(Edit::DeleteTopic(t.id.clone()));
        }
    }
    if old.conflicts != new.conflicts {
        edits.push(Edit::SetConflicts(new.conflicts.clone()));
    }
    if old.lexicon != new.lexicon {
        edits.push(Edit::SetLexicon(new.lexicon.clone()));
    }
    let new_actors: Vec<&ActorId> = new.actors.iter().map(|a| &a.id).collect();
    let new_topics: Vec<&TopicId> = new.topics.iter().map(|t| &t.id).collect();
    if !same_order_after(old.actors.iter().map(|a| &a.id), &new_actors)
        || !same_order_after(old.topics.iter().map(|t| &t.id), &new_topics)
    {
        edits.push(Edit::Arrange {
            actors: new_actors.into_iter().cloned().collect(),
            topics: new_topics.into_iter().cloned().collect(),
        });
    }
    (!edits.is_empty()).then(|| Edit::Batch { label: label.into(), edits })
}

/// A statement edited now: `updated_at` set to the current time (never
/// earlier than `recorded_at`).
pub fn touched(mut s: Statement) -> Statement {
    s.updated_at = Timestamp::now().max(s.recorded_at);
    s
}

/// `edit` as made by `analyst` (none: not known): a statement it adds
/// without an analyst is recorded as entered by them, and a statement it
/// changes as last changed by them — by nobody known when `analyst` is
/// none, so an earlier analyst is never credited with a later change. A
/// statement that already records who entered it keeps that; a lexicon
/// entry learned or changed records who taught it. Edits of
/// actors, topics, events and briefings are left as they are.
///
/// Imports and merges do not pass through here: their statements keep the
/// analysts recorded where they were made.
pub fn stamped(edit: Edit, analyst: Option<&Analyst>) -> Edit {
    match edit {
        Edit::AddStatement(mut s) => {
            if s.entered_by.is_none() {
                s.entered_by = analyst.cloned();
            }
            Edit::AddStatement(s)
        }
        Edit::UpdateStatement(mut s) => {
            s.changed_by = analyst.cloned();
            Edit::UpdateStatement(s)
        }
        Edit::ResolveConflict { key, keep, .. } => Edit::ResolveConflict { key, keep, by: analyst.cloned() },
        Edit::Learn(mut l) => {
            l.by = analyst.cloned();
            Edit::Learn(l)
        }
        Edit::Batch { label, edits } => {
            Edit::Batch { label, edits: edits.into_iter().map(|e| stamped(e, analyst)).collect() }
        }
        other => other,
    }
}

/// Whether `edit` adds, changes or deletes a statement (the edits that
/// record an analyst).
pub fn touches_statements(edit: &Edit) -> bool {
    match edit {
        Edit::AddStatement(_) | Edit::UpdateStatement(_) | Edit::DeleteStatement(_) => true,
        Edit::ResolveConflict { keep, .. } => *keep == Keep::SetAside,
        Edit::Batch { edits, .. } => edits.iter().any(touches_statements),
        _ => false,
    }
}

/// The undo and redo stacks.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<(String, Edit)>,
    redo: Vec<(String, Edit)>,
    limit: usize,
}

impl History {
    /// A history keeping up to `limit` undo steps.
    pub fn new(limit: usize) -> Self {
        History { undo: Vec::new(), redo: Vec::new(), limit: limit.max(1) }
    }

    /// Applies `edit` as a new undo step; clears the redo stack.
    pub fn apply(&mut self, store: &mut Store, edit: Edit) -> Result<(), EditError> {
        let label = edit.label();
        let inverse = apply(store, edit)?;
        self.undo.push((label, inverse));
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Undoes the latest step; returns its label, or `None` if there is nothing to undo.
    pub fn undo(&mut self, store: &mut Store) -> Result<Option<String>, EditError> {
        let Some((label, inverse)) = self.undo.pop() else { return Ok(None) };
        match apply(store, inverse.clone()) {
            Ok(redo) => {
                self.redo.push((label.clone(), redo));
                Ok(Some(label))
            }
            Err(e) => {
                self.undo.push((label, inverse));
                Err(e)
            }
        }
    }

    /// Redoes the latest undone step; returns its label.
    pub fn redo(&mut self, store: &mut Store) -> Result<Option<String>, EditError> {
        let Some((label, edit)) = self.redo.pop() else { return Ok(None) };
        match apply(store, edit.clone()) {
            Ok(undo) => {
                self.undo.push((label.clone(), undo));
                Ok(Some(label))
            }
            Err(e) => {
                self.redo.push((label, edit));
                Err(e)
            }
        }
    }

    /// The label of the step Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|(l, _)| l.as_str())
    }

    /// The label of the step Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|(l, _)| l.as_str())
    }

    /// How many steps can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Forgets every step (after opening another store, or after a sync:
    /// undoing what came in would delete colleagues' work, and the next sync
    /// would send that deletion).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PartialDate, Position, Stance};
    use crate::store;

    fn new_statement() -> Statement {
        let mut s = Statement::new(PartialDate::ymd(2025, 6, 1).unwrap(), ActorId::from("kyiv"), "words");
        s.positions.push(Position {
            topic: TopicId::from("ceasefire"),
            stance: Stance::new(1).unwrap(),
            conditions: String::new(),
            evidence: Default::default(),
        });
        s
    }

    #[test]
    fn every_edit_is_undone_by_its_inverse() {
        let original = store::sample();
        let first = original.statements[0].clone();
        let mut changed = first.clone();
        // A changed quote that still holds the positions' evidence excerpts.
        changed.quote = format!("{} (changed)", first.quote);
        changed.date = PartialDate::ymd(2026, 1, 1).unwrap();
        let mut renamed_actor = original.actors[0].clone();
        renamed_actor.id = ActorId::from("moscow");
        let mut renamed_topic = original.topics[0].clone();
        renamed_topic.id = TopicId::from("truce");
        let edits = vec![
            Edit::AddStatement(new_statement()),
            Edit::UpdateStatement(changed),
            Edit::DeleteStatement(first.id),
            Edit::UpdateActor { id: ActorId::from("kremlin"), actor: renamed_actor },
            Edit::UpdateTopic { id: TopicId::from("ceasefire"), topic: renamed_topic },
            Edit::DeleteActor(ActorId::from("prague")),
            Edit::AddTopic {
                index: 1,
                topic: Topic {
                    id: TopicId::from("energy"),
                    name: "Energy".into(),
                    proposition: "p".into(),
                    labels: Topic::default_labels(),
                    keywords: vec![],
                },
            },
        ];
        for e in edits {
            let mut s = original.clone();
            let inverse = apply(&mut s, e.clone()).unwrap_or_else(|x| panic!("{e:?}: {x}"));
            assert_ne!(s, original, "{e:?} changed something");
            assert_eq!(s.validate(), vec![], "{e:?} keeps the store valid");
            apply(&mut s, inverse).unwrap();
            assert_eq!(s, original, "{e:?} is undone exactly");
        }
    }

    #[test]
    fn renaming_an_actor_keeps_its_statements_attached() {
        let mut s = store::sample();
        let before = s.statements.iter().filter(|x| x.actor == "kremlin").count();
        let mut a = s.actor(&ActorId::from("kremlin")).unwrap().clone();
        a.id = ActorId::from("moscow");
        apply(&mut s, Edit::UpdateActor { id: ActorId::from("kremlin"), actor: a }).unwrap();
        assert_eq!(s.statements.iter().filter(|x| x.actor == "moscow").count(), before);
        assert_eq!(s.validate(), vec![]);
    }

    #[test]
    fn deleting_a_used_actor_or_topic_is_refused_with_the_count() {
        let mut s = store::sample();
        let n = s.statements_citing_actor(&ActorId::from("kyiv"));
        let e = apply(&mut s, Edit::DeleteActor(ActorId::from("kyiv"))).unwrap_err();
        assert_eq!(e.0, format!("Kyiv is named by {n} statements; delete or move those first"));
        let e = apply(&mut s, Edit::DeleteTopic(TopicId::from("nuclear"))).unwrap_err();
        assert!(e.0.contains("has positions in 1 statement;"), "{e}");
        assert_eq!(s, store::sample());
    }

    #[test]
    fn the_edits_between_two_stores_turn_one_into_the_other_and_back() {
        let old = store::sample();
        let mut new = old.clone();
        new.statements.remove(3);
        new.statements[7].quote = "changed".into();
        new.insert_statement(new_statement());
        new.actors[1].speakers.push(crate::model::Speaker { name: "Someone".into(), ..Default::default() });
        new.actors.push(crate::model::Actor {
            id: ActorId::from("ankara"),
            name: "Ankara".into(),
            kind: crate::model::ActorKind::State,
            color: crate::model::Color([1, 2, 3]),
            speakers: vec![],
        });
        let edit = edits_between(&old, &new, "Import").unwrap();
        let mut s = old.clone();
        let inverse = apply(&mut s, edit).unwrap();
        assert_eq!(s, new);
        apply(&mut s, inverse).unwrap();
        assert_eq!(s, old);
        assert!(edits_between(&old, &old, "nothing").is_none());
    }

    /// The sample with one open conflict on its statement 5: the store keeps
    /// its own version, the set-aside one has other notes; and its key.
    fn with_conflict(deletion: bool) -> (Store, ConflictKey) {
        let mut s = store::sample();
        let kept = s.statements[5].clone();
        let mut other = kept.clone();
        other.notes = "Their notes".into();
        other.updated_at = Timestamp::from_millis(kept.updated_at.millis() - 60_000).unwrap();
        other.changed_by = Some(Analyst::new("Ben Ode", None));
        let record = SetAside {
            id: kept.id,
            settled: if deletion {
                crate::model::Settled::EditOverDeletion
            } else {
                crate::model::Settled::Open
            },
            version: (!deletion).then_some(other),
            kept_updated_at: kept.updated_at,
            fields: if deletion { vec![] } else { vec!["notes".into()] },
            found_at: Timestamp::now(),
            found_by: None,
        };
        let key = record.key();
        s.conflicts.push(record);
        (s, key)
    }

    #[test]
    fn deciding_a_conflict_is_one_step_undone_exactly_and_stamped_like_any_edit() {
        let anna = Analyst::new("Anna Petrova", Some("anna@desk.org"));
        for (deletion, keep) in [(false, Keep::SetAside), (false, Keep::Stored), (true, Keep::SetAside)] {
            let (original, key) = with_conflict(deletion);
            let id = key.0;
            let kept = original.statement(id).unwrap().clone();
            let mut h = History::new(10);
            let mut s = original.clone();
            let edit = stamped(Edit::ResolveConflict { key, keep, by: None }, Some(&anna));
            assert_eq!(touches_statements(&edit), keep == Keep::SetAside);
            h.apply(&mut s, edit).unwrap();
            assert!(s.conflicts.is_empty(), "the record leaves the list");
            match (deletion, keep) {
                (false, Keep::SetAside) => {
                    let now = s.statement(id).unwrap();
                    assert_eq!(now.notes, "Their notes");
                    assert!(now.updated_at > kept.updated_at, "a new edit, later than the kept one");
                    assert_eq!(now.changed_by.as_ref(), Some(&anna), "changed by who decided");
                }
                (false, _) => assert_eq!(s.statement(id), Some(&kept)),
                (true, _) => assert!(s.statement(id).is_none(), "the deletion is kept"),
            }
            let decided = s.clone();
            assert_eq!(
                h.undo(&mut s).unwrap().as_deref(),
                Some(Edit::ResolveConflict { key, keep, by: None }.label().as_str())
            );
            assert_eq!(s, original, "undo brings back the record and the statement exactly");
            h.redo(&mut s).unwrap();
            assert_eq!(s, decided, "redo makes the same decision again");
            // Decided already: a second decision is refused, and changes nothing.
            assert!(apply(&mut s, Edit::ResolveConflict { key, keep, by: None }).is_err());
            assert_eq!(s, decided);
        }
    }

    #[test]
    fn the_edits_between_two_stores_carry_the_conflict_list_and_the_order_of_actors() {
        let (old, _) = with_conflict(false);
        let mut new = old.clone();
        new.conflicts.clear();
        new.actors.swap(0, 2);
        new.actors.retain(|a| a.id != "prague");
        new.topics.reverse();
        let mut s = old.clone();
        let inverse = apply(&mut s, edits_between(&old, &new, "Sync").unwrap()).unwrap();
        assert_eq!(s, new);
        apply(&mut s, inverse).unwrap();
        assert_eq!(s, old);
        // Only an order changed: one arrangement, undone exactly.
        let mut new = old.clone();
        new.actors.rotate_left(1);
        let edit = edits_between(&old, &new, "Sync").unwrap();
        let Edit::Batch { edits, .. } = &edit else { panic!("a batch") };
        assert!(matches!(edits.as_slice(), [Edit::Arrange { .. }]), "{edits:?}");
    }

    #[test]
    fn a_failing_batch_changes_nothing() {
        let mut s = store::sample();
        let a = new_statement();
        let e = apply(
            &mut s,
            Edit::Batch {
                label: "x".into(),
                edits: vec![Edit::AddStatement(a.clone()), Edit::AddStatement(a)],
            },
        );
        assert!(e.is_err());
        assert_eq!(s, store::sample());
    }

    #[test]
    fn history_undoes_and_redoes_a_hundred_steps() {
        let mut s = store::sample();
        let mut h = History::new(200);
        for _ in 0..120 {
            h.apply(&mut s, Edit::AddStatement(new_statement())).unwrap();
        }
        assert_eq!(s.statements.len(), 66 + 120);
        for _ in 0..120 {
            assert_eq!(h.undo(&mut s).unwrap().as_deref(), Some("Add statement"));
        }
        assert_eq!(s, store::sample());
        assert_eq!(h.undo(&mut s).unwrap(), None);
        for _ in 0..120 {
            h.redo(&mut s).unwrap();
        }
        assert_eq!(s.statements.len(), 186);
        h.undo(&mut s).unwrap();
        let first = s.statements[0].id;
        h.apply(&mut s, Edit::DeleteStatement(first)).unwrap();
        assert_eq!(h.redo_label(), None, "a new edit clears redo");
    }
}
