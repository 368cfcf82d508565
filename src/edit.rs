//! Every change to a store is an [`Edit`], applied in one place by [`apply`],
//! which returns the edit that undoes it. Undo and redo replay those inverses.

use std::fmt;

use crate::model::{
    Actor, ActorId, Analyst, Briefing, BriefingId, Event, EventId, Statement, StatementId, Store, Timestamp,
    Topic, TopicId,
};

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
        Edit::UpdateActor { id, actor } => {
            let Some(i) = store.actors.iter().position(|a| a.id == id) else {
                return err(format!("actor `{id}` no longer exists"));
            };
            if actor.id != id && store.actor(&actor.id).is_some() {
                return err(format!("an actor with id `{}` already exists", actor.id));
            }
            let new_id = actor.id.clone();
            let old = std::mem::replace(&mut store.actors[i], actor);
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
            }
            Ok(Edit::UpdateActor { id: new_id, actor: old })
        }
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
    }
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
/// statement that already records who entered it keeps that. Edits of
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

    /// Forgets every step (after opening another store).
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
