//! A session: one open store and everything that goes with working on it —
//! the search index kept in step, the undo history and a revision number —
//! with one way in for every change ([`Session::apply`]) and one way out for
//! what the views show ([`derive`]). The app and the command line's writers
//! both use it; it knows nothing of files (that is `store`) or of egui.
//!
//! ```
//! use stancebook::analysis::Filter;
//! use stancebook::edit::Edit;
//! use stancebook::session::Session;
//!
//! let mut session = Session::new(stancebook::store::sample());
//! let first = session.store().statements[0].id;
//! session.apply(Edit::DeleteStatement(first)).unwrap();
//! assert_eq!(session.store().statements.len(), 65);
//! session.undo().unwrap();
//! let shown = session.derive(&Filter::default(), "peskov", "");
//! assert!(shown.ranked.as_ref().is_some_and(|r| !r.is_empty()));
//! ```

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::analysis::{self, Filter, Positions};
use crate::edit::{Edit, EditError, History, stamped};
use crate::model::{Actor, Analyst, StatementId, Store, Topic};
use crate::search::{FieldMatch, Query, QueryError, SearchIndex};

/// How many steps undo remembers.
pub const UNDO_STEPS: usize = 500;

/// What an applied edit did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The edit's label ("Add statement"), for the status bar and the undo menu.
    pub label: String,
    /// The statement the edit added or changed, when there is one (the app selects it).
    pub statement: Option<StatementId>,
    /// The revision after the edit.
    pub revision: u64,
}

/// The search index, with the actor and topic names it was built with
/// (their names are in it): brought in step with any version of the store.
#[derive(Debug)]
pub struct LiveIndex {
    index: SearchIndex,
    actors: Vec<Actor>,
    topics: Vec<Topic>,
}

impl LiveIndex {
    /// Indexes `store`.
    pub fn build(store: &Store) -> LiveIndex {
        LiveIndex {
            index: SearchIndex::build(store),
            actors: store.actors.clone(),
            topics: store.topics.clone(),
        }
    }

    /// Brings the index in step with `store`: rebuilt when an actor's or a
    /// topic's name changed, else only the statements that changed.
    pub fn catch_up(&mut self, store: &Store) {
        if self.actors != store.actors || self.topics != store.topics {
            *self = LiveIndex::build(store);
        } else {
            self.index.sync(store);
        }
    }

    /// The index (in step with the store last given to [`LiveIndex::catch_up`]).
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }
}

/// One open store: its data, its search index, its undo history and its revision.
#[derive(Debug)]
pub struct Session {
    store: Arc<Store>,
    /// `None` before it is first needed, and while a background derivation
    /// has it ([`Session::lend_index`]).
    index: Option<LiveIndex>,
    index_lent: bool,
    history: History,
    revision: u64,
    /// Who is editing: recorded on the statements they add or change.
    analyst: Option<Analyst>,
}

impl Session {
    /// A session on `store`; its search index is built when first needed
    /// (a command that only adds a statement never builds it).
    pub fn new(store: Store) -> Session {
        Session {
            store: Arc::new(store),
            index: None,
            index_lent: false,
            history: History::new(UNDO_STEPS),
            revision: 0,
            analyst: None,
        }
    }

    /// A session on `store` with an index already built (on the thread that opened it).
    pub fn with_index(store: Store, index: LiveIndex) -> Session {
        Session {
            store: Arc::new(store),
            index: Some(index),
            index_lent: false,
            history: History::new(UNDO_STEPS),
            revision: 0,
            analyst: None,
        }
    }

    /// The store as it is now.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store as it is now, shared (for background work: saving, exports).
    pub fn shared(&self) -> Arc<Store> {
        self.store.clone()
    }

    /// Bumped by every change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The undo and redo stacks.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Forgets the undo history (see [`History::clear`]); the revision stays.
    pub fn forget_history(&mut self) {
        self.history.clear();
    }

    /// Who is editing (none: not known).
    pub fn analyst(&self) -> Option<&Analyst> {
        self.analyst.as_ref()
    }

    /// Sets who is editing: the statements [`Session::apply`] adds are
    /// recorded as entered by them, those it changes as changed by them.
    pub fn set_analyst(&mut self, analyst: Option<Analyst>) {
        self.analyst = analyst;
    }

    /// Applies `edit` as one undo step, made by the session's analyst (see
    /// [`stamped`]). On error nothing changes.
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, EditError> {
        let edit = stamped(edit, self.analyst.as_ref());
        self.apply_as_recorded(edit)
    }

    /// Applies `edit` as one undo step with its statements exactly as they
    /// are, analysts included: for imports and merges, whose statements keep
    /// who entered and changed them where they were made. On error nothing changes.
    pub fn apply_as_recorded(&mut self, edit: Edit) -> Result<Applied, EditError> {
        let label = edit.label();
        let statement = edited_statement(&edit);
        self.history.apply(Arc::make_mut(&mut self.store), edit)?;
        self.revision += 1;
        Ok(Applied { label, statement, revision: self.revision })
    }

    /// Undoes the latest step; its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let done = self.history.undo(Arc::make_mut(&mut self.store))?;
        self.revision += u64::from(done.is_some());
        Ok(done)
    }

    /// Redoes the latest undone step; its label, or `None`.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let done = self.history.redo(Arc::make_mut(&mut self.store))?;
        self.revision += u64::from(done.is_some());
        Ok(done)
    }

    /// What the views show under `filter` and the search box's `query`,
    /// computed here (the command line, tests). A query that cannot be read
    /// is reported in [`Derived::search_error`], and `fallback` (the last
    /// query that could) is used instead.
    pub fn derive(&mut self, filter: &Filter, query: &str, fallback: &str) -> Derived {
        let store = self.store.clone();
        let index = self.index.get_or_insert_with(|| LiveIndex::build(&store));
        let mut d = derive(&store, index, filter, query, fallback);
        d.store = Some(store);
        d
    }

    /// Hands the index to a background derivation, with the store to bring
    /// it in step with; `None` while it is already out. (A session that has
    /// none yet lends a fresh one, built by the derivation itself.)
    pub fn lend_index(&mut self) -> Option<(Arc<Store>, Option<LiveIndex>)> {
        match self.index.take() {
            Some(i) => Some((self.store.clone(), Some(i))),
            None if !self.index_lent => Some((self.store.clone(), None)),
            None => None,
        }
        .inspect(|_| self.index_lent = true)
    }

    /// Takes the index back from a background derivation.
    pub fn return_index(&mut self, index: LiveIndex) {
        self.index = Some(index);
        self.index_lent = false;
    }
}

/// The statement an edit adds or changes, if it is about one.
fn edited_statement(edit: &Edit) -> Option<StatementId> {
    match edit {
        Edit::AddStatement(s) | Edit::UpdateStatement(s) => Some(s.id),
        Edit::Batch { edits, .. } => edits.iter().rev().find_map(edited_statement),
        _ => None,
    }
}

/// Everything the views show, computed from the store, the filters and the
/// search; rebuilt when one of them changes, never per frame. It keeps the
/// version of the store it was computed from: its indices point into that
/// version, so the views draw that one (an edit shows once its derivation
/// is done, a frame or two later).
#[derive(Clone, Debug, Default)]
pub struct Derived {
    /// The store these indices point into.
    pub store: Option<Arc<Store>>,
    /// Indices of the statements passing the filters and the search, in store order.
    pub visible: Vec<usize>,
    /// With a search: the same statements, best match first.
    pub ranked: Option<Vec<usize>>,
    /// The visible statements' positions, by actor and topic.
    pub positions: Positions,
    /// Actor indices the filters show, in store order.
    pub actors: Vec<usize>,
    /// Topic indices the filters show, in store order.
    pub topics: Vec<usize>,
    /// What to highlight in each matching statement, field by field.
    pub highlights: HashMap<usize, Vec<FieldMatch>>,
    /// The date of the latest statement in the store (the default "as of").
    pub latest: Option<NaiveDate>,
    /// Why the search box's query cannot be read (with its column); the
    /// results are then those of the last query that could.
    pub search_error: Option<QueryError>,
    /// The query the results are for (the search box's, or the fallback).
    pub query: String,
    /// A number that changes with every derivation (for caches in view states).
    pub generation: u64,
}

impl Derived {
    /// The highlighted characters of `field` in statement `index`.
    pub fn highlight(&self, index: usize, field: crate::search::Field) -> Option<&[usize]> {
        self.highlights.get(&index)?.iter().find(|m| m.field == field).map(|m| m.char_indices.as_slice())
    }
}

/// Derives what the views show (see [`Session::derive`]): `index` is
/// brought in step with `store` first.
pub fn derive(store: &Store, index: &mut LiveIndex, filter: &Filter, query: &str, fallback: &str) -> Derived {
    index.catch_up(store);
    derive_caught_up(store, index, filter, query, fallback)
}

/// [`derive`] on the background thread of the app: with the index lent by
/// [`Session::lend_index`] (built here when the session had none yet),
/// which comes back with the result.
pub fn derive_lent(
    store: Arc<Store>,
    index: Option<LiveIndex>,
    filter: &Filter,
    query: &str,
    fallback: &str,
) -> (LiveIndex, Derived) {
    let index = match index {
        Some(mut i) => {
            i.catch_up(&store);
            i
        }
        None => LiveIndex::build(&store),
    };
    let mut d = derive_caught_up(&store, &index, filter, query, fallback);
    d.store = Some(store);
    (index, d)
}

fn derive_caught_up(
    store: &Store,
    index: &LiveIndex,
    filter: &Filter,
    query: &str,
    fallback: &str,
) -> Derived {
    let index = index.index();
    let (used, search_error) = match parse(query, store) {
        Ok(q) => (Some((q, query)), None),
        Err(e) => (parse(fallback, store).ok().map(|q| (q, fallback)), Some(e)),
    };
    let (ranked, highlights, query_text) = match used {
        Some((Some(q), text)) => {
            let results = index.search(store, &q, 0);
            let mut highlights = HashMap::new();
            for hit in &results.hits {
                if !hit.matches.is_empty() {
                    highlights.insert(hit.index, hit.matches.clone());
                }
            }
            (Some(results.hits.iter().map(|h| h.index).collect::<Vec<_>>()), highlights, text.to_owned())
        }
        _ => (None, HashMap::new(), String::new()),
    };
    // The search's hits that pass the filters, best first; the other views
    // take them in store order.
    let ranked = ranked.map(|r| filter.select(store, index, r));
    let visible: Vec<usize> = match &ranked {
        Some(r) => {
            let mut v = r.clone();
            v.sort_unstable();
            v
        }
        None => filter.select(store, index, 0..store.statements.len()),
    };
    let positions = Positions::build_indexed(store, index, visible.iter().copied());
    Derived {
        store: None,
        actors: (0..store.actors.len()).filter(|&a| filter.shows_actor(&store.actors[a].id)).collect(),
        topics: (0..store.topics.len()).filter(|&t| filter.shows_topic(&store.topics[t].id)).collect(),
        visible,
        ranked,
        positions,
        highlights,
        latest: Some(analysis::latest_date(store)),
        search_error,
        query: query_text,
        generation: next_generation(),
    }
}

/// The search box's text as a query: `None` when it holds no query at all.
fn parse(text: &str, store: &Store) -> Result<Option<Query>, QueryError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Query::parse_checked(text, store).map(Some)
}

/// A number that never repeats within a run, for cache keys.
pub fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorId, PartialDate, Position, Stance, Statement, TopicId};

    fn statement(quote: &str) -> Statement {
        let mut s = Statement::new(PartialDate::ymd(2025, 12, 1).unwrap(), ActorId::from("kyiv"), quote);
        s.positions.push(Position {
            topic: TopicId::from("ceasefire"),
            stance: Stance::new(1).unwrap(),
            conditions: String::new(),
            evidence: Default::default(),
        });
        s
    }

    #[test]
    fn every_change_bumps_the_revision_and_undo_and_redo_replay_it() {
        let mut s = Session::new(crate::store::sample());
        let added = statement("a new line");
        let id = added.id;
        let applied = s.apply(Edit::AddStatement(added)).unwrap();
        assert_eq!(applied.statement, Some(id));
        assert_eq!((applied.revision, s.revision()), (1, 1));
        assert_eq!(s.undo().unwrap().as_deref(), Some("Add statement"));
        assert!(s.store().statement(id).is_none());
        assert_eq!(s.redo().unwrap().as_deref(), Some("Add statement"));
        assert_eq!(s.revision(), 3);
        assert_eq!(s.undo().unwrap().as_deref(), Some("Add statement"));
        assert_eq!(s.undo().unwrap(), None, "nothing more to undo");
        assert_eq!(s.revision(), 4, "no change, no new revision");
        let err = s.apply(Edit::DeleteStatement(id)).unwrap_err();
        assert!(err.0.contains("no longer exists"));
        assert_eq!(s.revision(), 4);
    }

    #[test]
    fn the_analyst_is_recorded_on_what_they_add_and_change_and_undo_restores_what_was_there() {
        let anna = Analyst::new("Anna Petrova", Some("anna@desk.example"));
        let ben = Analyst::new("Ben Ode", None);
        let mut s = Session::new(crate::store::sample());
        s.set_analyst(Some(anna.clone()));
        let added = statement("entered by Anna");
        let id = added.id;
        s.apply(Edit::AddStatement(added)).unwrap();
        let entered = s.store().statement(id).unwrap().clone();
        assert_eq!((entered.entered_by.as_ref(), entered.changed_by.as_ref()), (Some(&anna), None));

        s.set_analyst(Some(ben.clone()));
        let mut changed = entered.clone();
        changed.quote = "changed by Ben".into();
        s.apply(Edit::UpdateStatement(crate::edit::touched(changed))).unwrap();
        let after = s.store().statement(id).unwrap().clone();
        assert_eq!((after.entered_by.as_ref(), after.changed_by.as_ref()), (Some(&anna), Some(&ben)));
        s.undo().unwrap();
        assert_eq!(s.store().statement(id), Some(&entered), "undo restores the analysts exactly");
        s.redo().unwrap();
        assert_eq!(s.store().statement(id), Some(&after), "and redo brings Ben's change back");

        // A change by someone unknown is credited to nobody, never to the last analyst.
        s.set_analyst(None);
        let mut again = after.clone();
        again.quote = "changed by someone".into();
        s.apply(Edit::UpdateStatement(again)).unwrap();
        let st = s.store().statement(id).unwrap();
        assert_eq!((st.entered_by.as_ref(), st.changed_by.as_ref()), (Some(&anna), None));

        // A sample statement (no analyst recorded) changed by Ben; one deleted and brought back.
        s.set_analyst(Some(ben.clone()));
        let old = s.store().statements[0].clone();
        let mut edited = old.clone();
        edited.notes = "checked".into();
        s.apply(Edit::UpdateStatement(edited)).unwrap();
        let st = s.store().statement(old.id).unwrap();
        assert_eq!((st.entered_by.as_ref(), st.changed_by.as_ref()), (None, Some(&ben)));
        s.undo().unwrap();
        s.apply(Edit::DeleteStatement(old.id)).unwrap();
        s.undo().unwrap();
        assert_eq!(s.store().statement(old.id), Some(&old));

        // Statements accepted in one step (ingest) are entered by the analyst;
        // imported ones keep what they record.
        let batch = Edit::Batch { label: "Accept".into(), edits: vec![Edit::AddStatement(statement("one"))] };
        let applied = s.apply(batch).unwrap();
        let st = s.store().statement(applied.statement.unwrap()).unwrap();
        assert_eq!(st.entered_by.as_ref(), Some(&ben));
        let mut theirs = statement("from a colleague");
        theirs.entered_by = Some(anna.clone());
        let unknown = statement("from an older store");
        let (theirs_id, unknown_id) = (theirs.id, unknown.id);
        let import = Edit::Batch {
            label: "Import".into(),
            edits: vec![Edit::AddStatement(theirs), Edit::AddStatement(unknown)],
        };
        s.apply_as_recorded(import).unwrap();
        assert_eq!(s.store().statement(theirs_id).unwrap().entered_by.as_ref(), Some(&anna));
        assert_eq!(s.store().statement(unknown_id).unwrap().entered_by, None);
    }

    #[test]
    fn derive_follows_every_edit_with_the_index_in_step() {
        let mut s = Session::new(crate::store::sample());
        let none = s.derive(&Filter::default(), "regroup", "");
        assert_eq!(none.ranked.as_deref(), Some(&[][..]));
        s.apply(Edit::AddStatement(statement("a pause only lets Russia regroup"))).unwrap();
        let one = s.derive(&Filter::default(), "regroup", "");
        let hits = one.ranked.clone().unwrap();
        assert_eq!(hits.len(), 1);
        let quote = one.highlight(hits[0], crate::search::Field::Quote).unwrap();
        assert!(!quote.is_empty(), "typed highlights on the quote");
        assert_eq!(one.visible, hits);
        assert!(one.generation > none.generation);
    }

    #[test]
    fn an_unreadable_query_reports_its_error_and_keeps_the_last_good_results() {
        let mut s = Session::new(crate::store::sample());
        let good = s.derive(&Filter::default(), "actor:kremlin", "");
        let bad = s.derive(&Filter::default(), "actor:kremlin stance:>9", "actor:kremlin");
        assert!(bad.search_error.is_some());
        assert_eq!(bad.visible, good.visible, "the last good query's results stay");
        assert_eq!(bad.query, "actor:kremlin");
    }

    #[test]
    fn a_lent_index_comes_back_in_step_with_later_edits() {
        let mut s = Session::new(crate::store::sample());
        let (store, index) = s.lend_index().unwrap();
        assert!(s.lend_index().is_none(), "one derivation at a time");
        s.apply(Edit::AddStatement(statement("while the index was away"))).unwrap();
        // The background derivation ran on the older store…
        let (index, _) = derive_lent(store, index, &Filter::default(), "", "");
        s.return_index(index);
        // …and the next one catches up with the newer.
        let d = s.derive(&Filter::default(), "\"while the index was away\"", "");
        assert_eq!(d.ranked.map(|r| r.len()), Some(1));
    }
}
