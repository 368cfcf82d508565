//! Positions grouped by (actor, topic), sorted by date: the step function
//! behind every stance, shift and chart.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{ActorId, PartialDate, Stance, StatementId, Store, TopicId, Verification};
use crate::search::SearchIndex;

/// One position of one actor on one topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    /// When it was said.
    pub date: PartialDate,
    /// The stance taken.
    pub stance: Stance,
    /// The statement's index in `Store::statements`.
    pub statement: usize,
    /// It rests on an unverified statement (drawn hollow, flagged).
    pub unverified: bool,
}

/// Every counting position (denied statements never count), grouped by
/// (actor, topic) and sorted by (date, statement id). Built once per store
/// revision and filter; every query is then a lookup or a binary search.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    actor_index: HashMap<ActorId, usize>,
    topic_index: HashMap<TopicId, usize>,
    /// One series per (actor, topic), at `actor * topics + topic`.
    series: Vec<Vec<Point>>,
    topics: usize,
}

impl Positions {
    /// No positions yet, with the store's actor and topic indices.
    fn empty(store: &Store) -> Positions {
        let topics = store.topics.len();
        Positions {
            actor_index: store.actors.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect(),
            topic_index: store.topics.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect(),
            series: vec![Vec::new(); store.actors.len() * topics],
            topics,
        }
    }

    /// Adds a position of actor `a` on topic `t` (indices into the store's).
    fn push(&mut self, a: usize, t: usize, point: Point) {
        self.series[a * self.topics + t].push(point);
    }

    /// Sorts every series by (date, statement id), for statements that were
    /// not taken in that order.
    fn sort(&mut self, store: &Store) {
        for v in &mut self.series {
            v.sort_by_key(|p| (p.date, store.statements[p.statement].id));
        }
    }

    /// Groups the positions of the statements at `selected` (indices into
    /// `store.statements`, for example those passing a filter). Statements of
    /// unknown actors or topics are skipped.
    pub fn build(store: &Store, selected: impl IntoIterator<Item = usize>) -> Positions {
        let mut out = Positions::empty(store);
        // Consecutive statements mostly share an actor: remember the last lookup.
        let mut last_actor: Option<(&ActorId, usize)> = None;
        let mut ascending = true;
        let mut previous = None;
        for i in selected {
            let Some(s) = store.statements.get(i) else { continue };
            ascending &= previous.is_none_or(|p| p < i);
            previous = Some(i);
            if !s.counts() {
                continue;
            }
            let a = match last_actor {
                Some((id, a)) if *id == s.actor => a,
                _ => {
                    let Some(&a) = out.actor_index.get(&s.actor) else { continue };
                    last_actor = Some((&s.actor, a));
                    a
                }
            };
            for p in &s.positions {
                if !p.stance.is_valid() {
                    continue;
                }
                let Some(&t) = out.topic_index.get(&p.topic) else { continue };
                let unverified = s.verification == Verification::Unverified;
                out.push(a, t, Point { date: s.date, stance: p.stance, statement: i, unverified });
            }
        }
        // Statements are kept sorted by (date, id): taken in ascending order,
        // every series is already sorted; otherwise sort them.
        if !(ascending && store.statements.is_sorted_by_key(|s| s.sort_key())) {
            out.sort(store);
        }
        out
    }

    /// As [`Positions::build`], from the search index's compact entries
    /// (interned actor and topic ids, dates inline) instead of the
    /// statements themselves: the same result, without a string hashed or a
    /// pointer followed per statement, which is what grouping 100,000
    /// statements spends its time on. `index` must be in step with `store`
    /// ([`SearchIndex::sync`]); if it is not, this falls back to `build`.
    pub fn build_indexed(
        store: &Store,
        index: &SearchIndex,
        selected: impl IntoIterator<Item = usize>,
    ) -> Positions {
        if index.len() != store.statements.len() {
            return Self::build(store, selected);
        }
        let mut out = Positions::empty(store);
        // Interned id → index in the store (`None`: not in the store).
        let actor_of: Vec<Option<usize>> = index
            .actor_names()
            .iter()
            .map(|n| store.actors.iter().position(|a| a.id == n.as_str()))
            .collect();
        let topic_of: Vec<Option<usize>> = index
            .topic_names()
            .iter()
            .map(|n| store.topics.iter().position(|t| t.id == n.as_str()))
            .collect();
        let mut ascending = true;
        let mut previous: Option<(usize, (PartialDate, StatementId))> = None;
        for i in selected {
            let Some(f) = index.facts(i) else { continue };
            let key = (f.date, f.id);
            ascending &= previous.is_none_or(|(p, k)| p < i && k <= key);
            previous = Some((i, key));
            if !f.counts {
                continue;
            }
            let Some(a) = actor_of.get(f.actor as usize).copied().flatten() else { continue };
            for &(topic, value) in f.positions {
                let Ok(stance) = Stance::new(value.into()) else { continue };
                let Some(t) = topic_of.get(topic as usize).copied().flatten() else { continue };
                out.push(a, t, Point { date: f.date, stance, statement: i, unverified: f.unverified });
            }
        }
        if !ascending {
            out.sort(store);
        }
        out
    }

    /// Groups every statement of the store.
    pub fn all(store: &Store) -> Positions {
        Self::build(store, 0..store.statements.len())
    }

    /// The index of an actor in `Store::actors`.
    pub fn actor_index(&self, actor: &ActorId) -> Option<usize> {
        self.actor_index.get(actor).copied()
    }

    /// The index of a topic in `Store::topics`.
    pub fn topic_index(&self, topic: &TopicId) -> Option<usize> {
        self.topic_index.get(topic).copied()
    }

    /// The positions of actor `a` on topic `t` (indices into the store's
    /// actors and topics), oldest first.
    pub fn series_at(&self, a: usize, t: usize) -> &[Point] {
        if t >= self.topics {
            return &[];
        }
        self.series.get(a * self.topics + t).map_or(&[], Vec::as_slice)
    }

    /// The positions of `actor` on `topic`, oldest first.
    pub fn series(&self, actor: &ActorId, topic: &TopicId) -> &[Point] {
        match (self.actor_index(actor), self.topic_index(topic)) {
            (Some(a), Some(t)) => self.series_at(a, t),
            _ => &[],
        }
    }

    /// Every (actor index, topic index) pair with at least one position.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let topics = self.topics.max(1);
        self.series
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .map(move |(i, _)| (i / topics, i % topics))
    }

    /// The stance of actor `a` on topic `t` at `date`: the latest position
    /// said on or before that day (a month or year counts from its first day).
    pub fn at_index(&self, a: usize, t: usize, date: NaiveDate) -> Option<&Point> {
        let s = self.series_at(a, t);
        let n = s.partition_point(|p| p.date.first_day() <= date);
        n.checked_sub(1).map(|i| &s[i])
    }

    /// The stance of `actor` on `topic` at `date`.
    pub fn at(&self, actor: &ActorId, topic: &TopicId, date: NaiveDate) -> Option<&Point> {
        match (self.actor_index(actor), self.topic_index(topic)) {
            (Some(a), Some(t)) => self.at_index(a, t, date),
            _ => None,
        }
    }
}
