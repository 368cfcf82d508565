//! The search index: per statement, its folded long text (quote, original,
//! notes) with a character-set mask, interned short fields (actor, speaker,
//! outlet, tags) and compact filter data; kept in step with the store's
//! statements, one entry per statement in the same order. Runs queries over
//! it, on all cores for large stores.

use std::collections::HashMap;

use crate::model::{Statement, StatementId, Store, Timestamp};

use super::fold::{fold, fold_into, mask_of};
use super::matcher::{Mode, Pattern, Scorer, TYPO_MIN_CHARS};
use super::query::{Filter, Query, StanceRange, resolve_actor, resolve_topic};
use super::{Field, FieldMatch, Hit, SearchResults};

const NONE: u32 = u32::MAX;

/// Below this many candidates a pass runs on one thread.
const PARALLEL_MIN: usize = 4096;

#[derive(Clone, Debug, Default)]
struct Interner {
    names: Vec<String>,
    map: HashMap<String, u32>,
}

impl Interner {
    fn get(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.map.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.map.insert(name.to_owned(), i);
        i
    }

    fn find(&self, name: &str) -> Option<u32> {
        self.map.get(name).copied()
    }

    fn len(&self) -> usize {
        self.names.len()
    }
}

#[derive(Clone, Debug)]
struct Entry {
    id: StatementId,
    updated_at: Timestamp,
    /// The date's first day, in days from the common era.
    day: i32,
    kind: u8,
    verification: u8,
    actor: u32,
    speaker: u32,
    outlet: u32,
    tags: Box<[u32]>,
    positions: Box<[(u32, i8)]>,
    /// Folded quote, then original, then notes.
    text: Box<str>,
    quote_end: u32,
    original_end: u32,
    /// Character-set mask of `text`.
    mask: u64,
}

impl Entry {
    fn quote(&self) -> &str {
        &self.text[..self.quote_end as usize]
    }
    fn original(&self) -> &str {
        &self.text[self.quote_end as usize..self.original_end as usize]
    }
    fn notes(&self) -> &str {
        &self.text[self.original_end as usize..]
    }
    fn long_fields(&self) -> [(Field, &str); 3] {
        [(Field::Quote, self.quote()), (Field::Original, self.original()), (Field::Notes, self.notes())]
    }
}

/// Precomputed search data for a store's statements; cheap to update after
/// an edit. Build it once with [`SearchIndex::build`], then after each edit
/// call [`SearchIndex::insert`], [`SearchIndex::remove`] or
/// [`SearchIndex::replace`] with the statement's index (or
/// [`SearchIndex::sync`], which finds what changed).
#[derive(Clone, Debug)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    actors: Interner,
    topics: Interner,
    /// `actor id \0 speaker name as written`.
    speakers: Interner,
    outlets: Interner,
    tags: Interner,
    /// How often each byte occurs in the folded long text: rare letters anchor the scan.
    counts: Box<[u64; 256]>,
}

impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex {
            entries: Vec::new(),
            actors: Interner::default(),
            topics: Interner::default(),
            speakers: Interner::default(),
            outlets: Interner::default(),
            tags: Interner::default(),
            counts: Box::new([0; 256]),
        }
    }
}

fn speaker_key(s: &Statement) -> Option<String> {
    s.speaker.as_ref().map(|n| format!("{}\0{}", s.actor, n))
}

impl SearchIndex {
    /// Indexes every statement of `store`.
    pub fn build(store: &Store) -> SearchIndex {
        let mut index = SearchIndex::default();
        index.entries.reserve(store.statements.len());
        for s in &store.statements {
            let e = index.entry(s);
            index.entries.push(e);
        }
        index
    }

    fn entry(&mut self, s: &Statement) -> Entry {
        let mut text = String::with_capacity(
            s.quote.len() + s.original.as_ref().map_or(0, String::len) + s.notes.len(),
        );
        fold_into(&s.quote, &mut text);
        let quote_end = text.len() as u32;
        if let Some(o) = &s.original {
            fold_into(o, &mut text);
        }
        let original_end = text.len() as u32;
        fold_into(&s.notes, &mut text);
        Entry {
            id: s.id,
            updated_at: s.updated_at,
            day: chrono::Datelike::num_days_from_ce(&s.date.first_day()),
            kind: s.kind as u8,
            verification: s.verification as u8,
            actor: self.actors.get(s.actor.as_str()),
            speaker: speaker_key(s).map_or(NONE, |k| self.speakers.get(&k)),
            outlet: self.outlets.get(&s.source.outlet),
            tags: s.tags.iter().map(|t| self.tags.get(t)).collect(),
            positions: s.positions.iter().map(|p| (self.topics.get(p.topic.as_str()), p.stance.value())).collect(),
            mask: {
                for &b in text.as_bytes() {
                    self.counts[b as usize] += 1;
                }
                mask_of(&text)
            },
            text: text.into_boxed_str(),
            quote_end,
            original_end,
        }
    }

    /// How many statements are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no statement is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Call after `store.statements.insert(at, …)` (e.g. `Store::insert_statement`).
    pub fn insert(&mut self, store: &Store, at: usize) {
        if let Some(s) = store.statements.get(at) {
            let e = self.entry(s);
            self.entries.insert(at.min(self.entries.len()), e);
        }
    }

    /// Call after `store.statements.remove(at)`.
    pub fn remove(&mut self, at: usize) {
        if at < self.entries.len() {
            self.entries.remove(at);
        }
    }

    /// Call after the statement at `at` was changed in place.
    pub fn replace(&mut self, store: &Store, at: usize) {
        if let Some(s) = store.statements.get(at)
            && at < self.entries.len()
        {
            self.entries[at] = self.entry(s);
        }
    }

    /// Whether the index is in step with `store`: the same statements (by id
    /// and `updated_at`) in the same order.
    pub fn is_current(&self, store: &Store) -> bool {
        self.entries.len() == store.statements.len()
            && self.entries.iter().zip(&store.statements).all(|(e, s)| e.id == s.id && e.updated_at == s.updated_at)
    }

    /// Brings the index in step with `store` after any edits, reusing the
    /// entries of statements whose id and `updated_at` are unchanged (an edit
    /// that changes a statement must bump `updated_at`, or call
    /// [`SearchIndex::replace`]). Returns how many entries were rebuilt.
    pub fn sync(&mut self, store: &Store) -> usize {
        if self.is_current(store) {
            return 0;
        }
        let mut old: HashMap<StatementId, Entry> = self.entries.drain(..).map(|e| (e.id, e)).collect();
        let mut rebuilt = 0;
        let mut entries = Vec::with_capacity(store.statements.len());
        for s in &store.statements {
            match old.remove(&s.id) {
                Some(e) if e.updated_at == s.updated_at => entries.push(e),
                _ => {
                    rebuilt += 1;
                    entries.push(self.entry(s));
                }
            }
        }
        self.entries = entries;
        rebuilt
    }

    /// The best `limit` statements for `query` (highest score, then newest),
    /// with what to highlight, and how many match in all. `limit` 0 means all.
    /// Actor and topic values unknown to `store` match nothing (check them
    /// first with [`Query::check`]). The index must be in step with `store`.
    pub fn search(&self, store: &Store, query: &Query, limit: usize) -> SearchResults {
        let plan = Plan::new(self, store, query);
        let scored = self.run(&plan, true);
        let total = scored.len();
        let mut top = scored;
        let order = |a: &(u32, i64), b: &(u32, i64)| b.1.cmp(&a.1).then(b.0.cmp(&a.0));
        if limit > 0 && limit < top.len() {
            top.select_nth_unstable_by(limit - 1, order);
            top.truncate(limit);
        }
        top.sort_unstable_by(order);
        let mut scorer = Scorer::default();
        let hits = top
            .into_iter()
            .filter(|&(i, _)| (i as usize) < store.statements.len())
            .map(|(i, score)| {
                let index = i as usize;
                Hit {
                    index,
                    id: self.entries[index].id,
                    score,
                    matches: self.highlights(&plan, store, index, &mut scorer),
                }
            })
            .collect();
        SearchResults { hits, total }
    }

    /// The indices (in `store.statements`, ascending) of every statement
    /// matching `query`: for filtering the other views by the search box.
    pub fn matching(&self, store: &Store, query: &Query) -> Vec<usize> {
        let plan = Plan::new(self, store, query);
        let mut v: Vec<usize> = self.run(&plan, false).into_iter().map(|(i, _)| i as usize).collect();
        v.sort_unstable();
        v
    }

    /// The statements passing the filters and every term, with their scores
    /// (0 when `score` is false).
    fn run(&self, plan: &Plan, score: bool) -> Vec<(u32, i64)> {
        let entries = &self.entries;
        let all: Vec<(u32, i64)> = (0..entries.len() as u32).map(|i| (i, 0)).collect();
        let mut candidates = par_filter(&all, &|scorer, &(i, s)| plan.passes(&entries[i as usize], scorer).then_some((i, s)));
        for term in &plan.terms {
            let pass = |tp: &TermPattern| {
                par_filter(&candidates, &|scorer: &mut Scorer, &(i, s)| {
                    tp.eval(&entries[i as usize], scorer, score).map(|t| (i, s + t))
                })
            };
            let mut next = pass(&term.exact);
            if next.is_empty()
                && let Some(typo) = &term.typo
            {
                next = pass(typo);
            }
            candidates = next;
            if candidates.is_empty() {
                break;
            }
        }
        candidates
    }

    /// What to highlight in statement `index` for the plan's terms.
    fn highlights(&self, plan: &Plan, store: &Store, index: usize, scorer: &mut Scorer) -> Vec<FieldMatch> {
        let e = &self.entries[index];
        let s = &store.statements[index];
        let mut by_field: Vec<(Field, Vec<usize>)> = Vec::new();
        let mut add = |field: Field, ix: Vec<usize>| {
            if ix.is_empty() {
                return;
            }
            match by_field.iter_mut().find(|(f, _)| *f == field) {
                Some((_, v)) => v.extend(ix),
                None => by_field.push((field, ix)),
            }
        };
        let actor = store.actor(&s.actor);
        let speaker = s.speaker.as_deref().and_then(|n| actor.and_then(|a| a.speaker(n)));
        for term in &plan.terms {
            // The patterns this statement matched by: the word, or its typo variants.
            let exact_hits = term.exact.eval(e, scorer, false).is_some();
            let tp = if exact_hits { Some(&term.exact) } else { term.typo.as_ref() };
            if let Some(tp) = tp {
                let p = &tp.pattern;
                for (field, text) in e.long_fields() {
                    if !text.is_empty() {
                        let mut ix = Vec::new();
                        scorer.long_indices(text, p, &mut ix);
                        add(field, ix);
                    }
                }
                let mut short = |field: Field, text: &str| {
                    if let Some((_, ix)) = scorer.short_field(&fold(text), p) {
                        add(field, ix);
                    }
                };
                if let Some(a) = actor {
                    short(Field::Actor, &a.name);
                }
                if let Some(n) = &s.speaker {
                    short(Field::Speaker, n);
                }
                if let Some(sp) = speaker {
                    for (i, alias) in sp.aliases.iter().enumerate() {
                        short(Field::SpeakerAlias(i), alias);
                    }
                }
                short(Field::Outlet, &s.source.outlet);
                for (i, t) in s.tags.iter().enumerate() {
                    short(Field::Tag(i), t);
                }
            }
        }
        let mut out: Vec<FieldMatch> = by_field
            .into_iter()
            .map(|(field, mut ix)| {
                ix.sort_unstable();
                ix.dedup();
                FieldMatch { field, char_indices: ix }
            })
            .collect();
        out.sort_by_key(|m| m.field);
        out
    }
}

/// Runs `f` over `items`, on several threads when there are many.
fn par_filter<T: Sync, U: Send>(items: &[T], f: &(dyn Fn(&mut Scorer, &T) -> Option<U> + Sync)) -> Vec<U> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if items.len() < PARALLEL_MIN || threads < 2 {
        let mut scorer = Scorer::default();
        return items.iter().filter_map(|x| f(&mut scorer, x)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut parts = items.chunks(chunk);
        let first = parts.next().unwrap_or(&[]);
        let handles: Vec<_> = parts
            .map(|part| {
                scope.spawn(move || {
                    let mut scorer = Scorer::default();
                    part.iter().filter_map(|x| f(&mut scorer, x)).collect::<Vec<U>>()
                })
            })
            .collect();
        let mut scorer = Scorer::default();
        let mut out: Vec<U> = first.iter().filter_map(|x| f(&mut scorer, x)).collect();
        for h in handles {
            match h.join() {
                Ok(v) => out.extend(v),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        out
    })
}

/// A query compiled against the index: filter sets by interned id, and the
/// free-text terms with their scores in every short field precomputed.
struct Plan {
    actor_sets: Vec<(Vec<bool>, bool)>,
    topic_sets: Vec<(Vec<bool>, bool)>,
    /// Positions a `stance:` filter looks at: those on the `topic:` topics.
    stance_scope: Option<Vec<bool>>,
    stances: Vec<(Vec<StanceRange>, bool)>,
    since: Option<i32>,
    until: Option<i32>,
    kinds: Vec<(u8, bool)>,
    verifications: Vec<(u8, bool)>,
    /// Negated terms: statements containing them are left out.
    excluded: Vec<TermPattern>,
    /// Positive terms, most selective first.
    terms: Vec<PlannedTerm>,
}

struct PlannedTerm {
    /// The word (fuzzy) or phrase (exact).
    exact: TermPattern,
    /// The word with one typo forgiven, tried when the word finds nothing.
    typo: Option<TermPattern>,
}

/// A pattern with its score in each interned short field.
struct TermPattern {
    pattern: Pattern,
    actor: Vec<Option<i64>>,
    speaker: Vec<Option<i64>>,
    outlet: Vec<Option<i64>>,
    tag: Vec<Option<i64>>,
}

impl TermPattern {
    fn new(index: &SearchIndex, store: &Store, pattern: Pattern) -> TermPattern {
        let scorer = Scorer::default();
        let score = |text: &str| scorer.short_field_score(&fold(text), &pattern);
        let actor = index
            .actors
            .names
            .iter()
            .map(|id| store.actors.iter().find(|a| a.id.as_str() == id).and_then(|a| score(&a.name)))
            .collect();
        let speaker = index
            .speakers
            .names
            .iter()
            .map(|key| {
                let (actor, name) = key.split_once('\0').unwrap_or(("", key));
                let aliases = store
                    .actors
                    .iter()
                    .find(|a| a.id.as_str() == actor)
                    .and_then(|a| a.speaker(name))
                    .map(|s| s.aliases.as_slice())
                    .unwrap_or_default();
                std::iter::once(name).chain(aliases.iter().map(String::as_str)).filter_map(&score).max()
            })
            .collect();
        let outlet = index.outlets.names.iter().map(|o| score(o)).collect();
        let tag = index.tags.names.iter().map(|t| score(t)).collect();
        TermPattern { pattern, actor, speaker, outlet, tag }
    }

    /// The best score of the pattern in the statement, or `None`. Without
    /// `score`, any match will do (the value is then meaningless).
    fn eval(&self, e: &Entry, scorer: &mut Scorer, score: bool) -> Option<i64> {
        let get = |v: &[Option<i64>], i: u32| if i == NONE { None } else { v.get(i as usize).copied().flatten() };
        let mut best = get(&self.actor, e.actor)
            .max(get(&self.speaker, e.speaker))
            .max(get(&self.outlet, e.outlet))
            .max(e.tags.iter().filter_map(|&t| get(&self.tag, t)).max());
        if best.is_some() && !score {
            return best;
        }
        let p = &self.pattern;
        if !p.may_match(e.mask) {
            return best;
        }
        for text in [e.quote(), e.original(), e.notes()] {
            if text.is_empty() {
                continue;
            }
            if score {
                best = best.max(scorer.long_score(text, p));
            } else if scorer.long_matches(text, p) {
                return Some(0);
            }
        }
        best
    }
}

impl Plan {
    fn new(index: &SearchIndex, store: &Store, query: &Query) -> Plan {
        let mut plan = Plan {
            actor_sets: Vec::new(),
            topic_sets: Vec::new(),
            stance_scope: None,
            stances: Vec::new(),
            since: None,
            until: None,
            kinds: Vec::new(),
            verifications: Vec::new(),
            excluded: Vec::new(),
            terms: Vec::new(),
        };
        let days = |d: chrono::NaiveDate| chrono::Datelike::num_days_from_ce(&d);
        for c in &query.filters {
            match &c.filter {
                Filter::Actor(values) => {
                    let mut set = vec![false; index.actors.len()];
                    for v in values {
                        if let Some(a) = resolve_actor(store, &v.text)
                            && let Some(i) = index.actors.find(store.actors[a].id.as_str())
                        {
                            set[i as usize] = true;
                        }
                    }
                    plan.actor_sets.push((set, c.negated));
                }
                Filter::Topic(values) => {
                    let mut set = vec![false; index.topics.len()];
                    for v in values {
                        if let Some(t) = resolve_topic(store, &v.text)
                            && let Some(i) = index.topics.find(store.topics[t].id.as_str())
                        {
                            set[i as usize] = true;
                        }
                    }
                    if !c.negated {
                        plan.stance_scope = Some(match plan.stance_scope.take() {
                            None => set.clone(),
                            Some(scope) => scope.iter().zip(&set).map(|(a, b)| *a && *b).collect(),
                        });
                    }
                    plan.topic_sets.push((set, c.negated));
                }
                Filter::Since(d) => {
                    let d = days(d.first_day());
                    plan.since = Some(plan.since.map_or(d, |x| x.max(d)));
                }
                Filter::Until(d) => {
                    let d = days(d.last_day());
                    plan.until = Some(plan.until.map_or(d, |x| x.min(d)));
                }
                Filter::Stance(ranges) => plan.stances.push((ranges.clone(), c.negated)),
                Filter::Kind(kinds) => {
                    plan.kinds.push((kinds.iter().fold(0u8, |m, k| m | 1 << (*k as u8)), c.negated))
                }
                Filter::Verification(vs) => {
                    plan.verifications.push((vs.iter().fold(0u8, |m, v| m | 1 << (*v as u8)), c.negated))
                }
            }
        }
        for t in &query.terms {
            let counts = &index.counts;
            if t.negated {
                plan.excluded.push(TermPattern::new(index, store, Pattern::new(&t.text, Mode::Exact, counts)));
                continue;
            }
            let pattern = Pattern::new(&t.text, if t.phrase { Mode::Exact } else { Mode::Fuzzy }, counts);
            if pattern.chars.is_empty() {
                continue;
            }
            let typo = (!t.phrase && pattern.chars.len() >= TYPO_MIN_CHARS)
                .then(|| TermPattern::new(index, store, Pattern::new(&t.text, Mode::Typo, counts)));
            plan.terms.push(PlannedTerm { exact: TermPattern::new(index, store, pattern), typo });
        }
        // Longer words rule out more statements: run them first.
        plan.terms.sort_by_key(|t| std::cmp::Reverse(t.exact.pattern.chars.len()));
        plan
    }

    /// Whether an entry passes every filter and contains no excluded term.
    fn passes(&self, e: &Entry, scorer: &mut Scorer) -> bool {
        if self.since.is_some_and(|d| e.day < d) || self.until.is_some_and(|d| e.day > d) {
            return false;
        }
        let has = |set: &[bool], i: u32| set.get(i as usize).copied().unwrap_or(false);
        if self.actor_sets.iter().any(|(set, neg)| has(set, e.actor) == *neg) {
            return false;
        }
        if self.topic_sets.iter().any(|(set, neg)| e.positions.iter().any(|&(t, _)| has(set, t)) == *neg) {
            return false;
        }
        for (ranges, neg) in &self.stances {
            let hit = e.positions.iter().any(|&(t, stance)| {
                self.stance_scope.as_ref().is_none_or(|scope| has(scope, t))
                    && ranges.iter().any(|r| r.contains(stance))
            });
            if hit == *neg {
                return false;
            }
        }
        if self.kinds.iter().any(|&(m, neg)| (m & 1 << e.kind != 0) == neg) {
            return false;
        }
        if self.verifications.iter().any(|&(m, neg)| (m & 1 << e.verification != 0) == neg) {
            return false;
        }
        !self.excluded.iter().any(|tp| tp.eval(e, scorer, false).is_some())
    }
}
