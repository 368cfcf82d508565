//! The search index: per statement, its folded long text (quote, original,
//! notes) with a character-set mask, interned short fields (actor, speaker,
//! outlet, tags) and compact filter data; kept in step with the store's
//! statements, one entry per statement in the same order. Runs queries over
//! it, on all cores for large stores.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::{Analyst, Kind, PartialDate, Statement, StatementId, Store, Timestamp, Verification};

use super::events::find_events_exactly;
use super::fold::{fold, fold_into, mask_of};
use super::matcher::{FUZZY_MAX_TERMS, FastBuild, Mode, Pattern, Scorer, TYPO_MAX_CHARS, TYPO_MIN_CHARS};
use super::query::{
    Filter, Query, StanceRange, analyst_matches, is_unknown_analyst, resolve_actor, resolve_topic,
};
use super::{Field, FieldMatch, Hit, SearchResults};

const NONE: u32 = u32::MAX;

/// Below this many statements a scan runs on one thread.
const PARALLEL_MIN: usize = 4096;

#[derive(Clone, Debug, Default)]
struct Interner {
    names: Vec<String>,
    map: HashMap<String, u32, FastBuild>,
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
    /// The date as said, with its precision.
    date: PartialDate,
    kind: u8,
    verification: u8,
    actor: u32,
    speaker: u32,
    outlet: u32,
    tags: Box<[u32]>,
    positions: Box<[(u32, i8)]>,
    /// The analysts who entered and last changed it (interned; `NONE`: not recorded).
    analysts: [u32; 2],
    /// Where its folded quote, original and notes lie in the index's text
    /// buffer: quote `start..quote_end`, original `quote_end..original_end`,
    /// notes `original_end..end`.
    start: u32,
    quote_end: u32,
    original_end: u32,
    end: u32,
    /// Character-set masks of the three fields.
    masks: [u64; 3],
    /// Which of the three fields are all ASCII (bit 0 quote, 1 original, 2 notes).
    ascii: u8,
}

impl Entry {
    /// The three long fields: (field, folded text, mask, all ASCII).
    fn long_fields<'a>(&self, text: &'a str) -> [(Field, &'a str, u64, bool); 3] {
        let (a, b, c, d) =
            (self.start as usize, self.quote_end as usize, self.original_end as usize, self.end as usize);
        [
            (Field::Quote, text.get(a..b).unwrap_or(""), self.masks[0], self.ascii & 1 != 0),
            (Field::Original, text.get(b..c).unwrap_or(""), self.masks[1], self.ascii & 2 != 0),
            (Field::Notes, text.get(c..d).unwrap_or(""), self.masks[2], self.ascii & 4 != 0),
        ]
    }

    fn text_len(&self) -> usize {
        (self.end - self.start) as usize
    }
}

/// One statement as grouping positions sees it.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    pub id: StatementId,
    pub date: PartialDate,
    /// Interned actor id (see [`SearchIndex::actor_names`]).
    pub actor: u32,
    /// Not denied: its positions count.
    pub counts: bool,
    pub unverified: bool,
    pub verification: Verification,
    pub kind: Kind,
    /// (interned topic id, stance value) per position.
    pub positions: &'a [(u32, i8)],
}

/// Precomputed search data for a store's statements; cheap to update after
/// an edit. Build it once with [`SearchIndex::build`], then after each edit
/// call [`SearchIndex::insert`], [`SearchIndex::remove`] or
/// [`SearchIndex::replace`] with the statement's index (or
/// [`SearchIndex::sync`], which finds what changed).
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    actors: Interner,
    topics: Interner,
    /// `actor id \0 speaker name as written`.
    speakers: Interner,
    /// Per interned actor: speaker name as written → id in `speakers`.
    speaker_ids: Vec<HashMap<String, u32, FastBuild>>,
    outlets: Interner,
    tags: Interner,
    /// The analysts the statements record, each once.
    analysts: Vec<Analyst>,
    analyst_ids: HashMap<Analyst, u32, FastBuild>,
    /// The folded long text of every entry, in one buffer (read in order by scans).
    text: String,
    /// Bytes of `text` no entry uses any more (left by edits until the next compaction).
    garbage: usize,
}

/// A statement's long text folded into a buffer, before interning.
struct Draft {
    start: usize,
    quote_end: usize,
    original_end: usize,
    end: usize,
    masks: [u64; 3],
    ascii: u8,
}

/// Folds a statement's quote, original and notes onto `text`.
fn fold_statement(s: &Statement, text: &mut String) -> Draft {
    let start = text.len();
    fold_into(&s.quote, text);
    let quote_end = text.len();
    if let Some(o) = &s.original {
        fold_into(o, text);
    }
    let original_end = text.len();
    fold_into(&s.notes, text);
    let end = text.len();
    let fields = [&text[start..quote_end], &text[quote_end..original_end], &text[original_end..end]];
    Draft {
        start,
        quote_end,
        original_end,
        end,
        masks: fields.map(mask_of),
        ascii: fields.iter().enumerate().fold(0, |a, (i, f)| a | u8::from(f.is_ascii()) << i),
    }
}

impl SearchIndex {
    /// Indexes every statement of `store` (folding the text on every core).
    pub fn build(store: &Store) -> SearchIndex {
        let mut index = SearchIndex::default();
        let statements = &store.statements;
        index.entries.reserve(statements.len());
        let threads = std::thread::available_parallelism().map_or(1, |t| t.get()).min(8);
        let chunk = if statements.len() < PARALLEL_MIN || threads < 2 {
            statements.len().max(1)
        } else {
            statements.len().div_ceil(threads)
        };
        let fold_chunk = |part: &[Statement]| {
            let mut text = String::with_capacity(part.iter().map(|s| s.quote.len() + s.notes.len()).sum());
            let drafts: Vec<Draft> = part.iter().map(|s| fold_statement(s, &mut text)).collect();
            (text, drafts)
        };
        let folded: Vec<(String, Vec<Draft>)> = std::thread::scope(|scope| {
            let mut parts = statements.chunks(chunk);
            let first = parts.next().unwrap_or(&[]);
            let handles: Vec<_> = parts.map(|part| scope.spawn(move || fold_chunk(part))).collect();
            let mut out = vec![fold_chunk(first)];
            for h in handles {
                match h.join() {
                    Ok(x) => out.push(x),
                    Err(e) => std::panic::resume_unwind(e),
                }
            }
            out
        });
        index.text.reserve(folded.iter().map(|f| f.0.len()).sum());
        let mut next = 0;
        for (text, drafts) in folded {
            let base = index.text.len();
            index.text.push_str(&text);
            for d in drafts {
                let e = index.finish(&statements[next], d, base);
                index.entries.push(e);
                next += 1;
            }
        }
        index
    }

    fn entry(&mut self, s: &Statement) -> Entry {
        let mut text = std::mem::take(&mut self.text);
        let d = fold_statement(s, &mut text);
        self.text = text;
        self.finish(s, d, 0)
    }

    /// An entry from a folded draft (its offsets shifted by `base`): interns the short fields.
    fn finish(&mut self, s: &Statement, d: Draft, base: usize) -> Entry {
        let actor = self.actors.get(s.actor.as_str());
        let speaker = match &s.speaker {
            None => NONE,
            Some(name) => {
                if self.speaker_ids.len() <= actor as usize {
                    self.speaker_ids.resize_with(actor as usize + 1, HashMap::default);
                }
                match self.speaker_ids[actor as usize].get(name.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = self.speakers.get(&format!("{}\0{}", s.actor, name));
                        self.speaker_ids[actor as usize].insert(name.clone(), id);
                        id
                    }
                }
            }
        };
        let analysts = [&s.entered_by, &s.changed_by].map(|a| a.as_ref().map_or(NONE, |a| self.analyst(a)));
        Entry {
            id: s.id,
            updated_at: s.updated_at,
            day: chrono::Datelike::num_days_from_ce(&s.date.first_day()),
            date: s.date,
            kind: s.kind as u8,
            verification: s.verification as u8,
            actor,
            speaker,
            outlet: self.outlets.get(&s.source.outlet),
            tags: s.tags.iter().map(|t| self.tags.get(t)).collect(),
            positions: s
                .positions
                .iter()
                .map(|p| (self.topics.get(p.topic.as_str()), p.stance.value()))
                .collect(),
            analysts,
            masks: d.masks,
            ascii: d.ascii,
            start: (base + d.start) as u32,
            quote_end: (base + d.quote_end) as u32,
            original_end: (base + d.original_end) as u32,
            end: (base + d.end) as u32,
        }
    }

    /// The interned id of an analyst.
    fn analyst(&mut self, a: &Analyst) -> u32 {
        if let Some(&i) = self.analyst_ids.get(a) {
            return i;
        }
        let i = self.analysts.len() as u32;
        self.analysts.push(a.clone());
        self.analyst_ids.insert(a.clone(), i);
        i
    }

    /// Rewrites the text buffer without the text of removed or replaced
    /// statements, once that is more than half of it.
    fn compact_if_needed(&mut self) {
        if self.garbage < 1 << 16 || self.garbage * 2 < self.text.len() {
            return;
        }
        let mut text = String::with_capacity(self.text.len() - self.garbage);
        for e in &mut self.entries {
            let start = text.len() as u32;
            text.push_str(&self.text[e.start as usize..e.end as usize]);
            let shift = |x: u32| x - e.start + start;
            (e.quote_end, e.original_end, e.end) = (shift(e.quote_end), shift(e.original_end), shift(e.end));
            e.start = start;
        }
        self.text = text;
        self.garbage = 0;
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
            self.garbage += self.entries.remove(at).text_len();
            self.compact_if_needed();
        }
    }

    /// Call after the statement at `at` was changed in place.
    pub fn replace(&mut self, store: &Store, at: usize) {
        if let Some(s) = store.statements.get(at)
            && at < self.entries.len()
        {
            let e = self.entry(s);
            self.garbage += std::mem::replace(&mut self.entries[at], e).text_len();
            self.compact_if_needed();
        }
    }

    /// What grouping positions needs of statement `i`, from the index's
    /// compact entries (no string to hash or compare): see
    /// [`crate::analysis::Positions::build_indexed`].
    pub fn facts(&self, i: usize) -> Option<Facts<'_>> {
        let e = self.entries.get(i)?;
        Some(Facts {
            id: e.id,
            date: e.date,
            actor: e.actor,
            counts: e.verification != Verification::Denied as u8,
            unverified: e.verification == Verification::Unverified as u8,
            verification: Verification::ALL.into_iter().find(|&v| v as u8 == e.verification)?,
            kind: Kind::ALL.into_iter().find(|&k| k as u8 == e.kind)?,
            positions: &e.positions,
        })
    }

    /// The names behind the interned actor ids of [`Facts::actor`].
    pub fn actor_names(&self) -> &[String] {
        &self.actors.names
    }

    /// The names behind the interned topic ids of [`Facts::positions`].
    pub fn topic_names(&self) -> &[String] {
        &self.topics.names
    }

    /// Whether the index is in step with `store`: the same statements (by id
    /// and `updated_at`) in the same order.
    pub fn is_current(&self, store: &Store) -> bool {
        self.entries.len() == store.statements.len()
            && self
                .entries
                .iter()
                .zip(&store.statements)
                .all(|(e, s)| e.id == s.id && e.updated_at == s.updated_at)
    }

    /// Brings the index in step with `store` after any edits, reusing the
    /// entries of statements whose id and `updated_at` are unchanged (an edit
    /// that changes a statement must bump `updated_at`, or call
    /// [`SearchIndex::replace`]). Returns how many entries were rebuilt.
    pub fn sync(&mut self, store: &Store) -> usize {
        let same = |e: &Entry, s: &Statement| e.id == s.id && e.updated_at == s.updated_at;
        // An edit touches a few statements: keep the unchanged run at each
        // end in place, and match by id only in between.
        let (n, m) = (self.entries.len(), store.statements.len());
        let head = self.entries.iter().zip(&store.statements).take_while(|(e, s)| same(e, s)).count();
        if head == n && n == m {
            return 0;
        }
        let tail = self.entries[head..]
            .iter()
            .rev()
            .zip(store.statements[head..].iter().rev())
            .take_while(|(e, s)| same(e, s))
            .count();
        let tail_entries = self.entries.split_off(n - tail);
        let mut old: HashMap<StatementId, Entry> = self.entries.drain(head..).map(|e| (e.id, e)).collect();
        let mut rebuilt = 0;
        self.entries.reserve(m - head);
        for s in &store.statements[head..m - tail] {
            match old.remove(&s.id) {
                Some(e) if e.updated_at == s.updated_at => self.entries.push(e),
                other => {
                    self.garbage += other.map_or(0, |e| e.text_len());
                    rebuilt += 1;
                    let e = self.entry(s);
                    self.entries.push(e);
                }
            }
        }
        self.garbage += old.values().map(Entry::text_len).sum::<usize>();
        self.entries.extend(tail_entries);
        self.compact_if_needed();
        rebuilt
    }

    /// The best `limit` statements for `query` (highest score, then newest),
    /// with what to highlight, and how many match in all. `limit` 0 means all.
    /// Actor and topic values unknown to `store` match nothing (check them
    /// first with [`Query::check`]). The index must be in step with `store`.
    pub fn search(&self, store: &Store, query: &Query, limit: usize) -> SearchResults {
        let plan = Plan::new(self, store, query);
        let plan = self.settle_typos(plan);
        if plan.hopeless {
            return SearchResults { hits: Vec::new(), total: 0 };
        }
        let k = if limit == 0 { usize::MAX } else { limit };
        let parts = self.par_ranges(&|scorer, range| self.scan(&plan, range, Collect::Top(k), scorer));
        let total = parts.iter().map(|p| p.total).sum();
        let mut top: Vec<(i64, u32)> = parts.into_iter().flat_map(|p| p.top).collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        top.truncate(k);
        let mut scorer = Scorer::default();
        let hits = top
            .into_iter()
            .filter(|&(_, i)| (i as usize) < store.statements.len())
            .map(|(score, i)| {
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
        let plan = self.settle_typos(Plan::new(self, store, query));
        if plan.hopeless {
            return Vec::new();
        }
        let parts = self.par_ranges(&|scorer, range| self.scan(&plan, range, Collect::All, scorer));
        let mut v: Vec<usize> = parts.into_iter().flat_map(|p| p.all).map(|i| i as usize).collect();
        v.sort_unstable();
        v
    }

    /// Decides, for each word, whether it is matched as typed or with one
    /// typo forgiven: the latter when, as typed, it matches no statement that
    /// passes the filters.
    fn settle_typos(&self, mut plan: Plan) -> Plan {
        for t in 0..plan.terms.len() {
            if plan.terms[t].typo.is_none() {
                continue;
            }
            if self.any_matches(&plan, &plan.terms[t].exact) {
                plan.terms[t].typo = None;
                continue;
            }
            let Some(typo) = plan.terms[t].typo.take() else { continue };
            // A word that matches nothing even with a typo forgiven: every
            // word must match, so nothing will; no need to settle the rest.
            let hopeless = !self.any_matches(&plan, &typo);
            plan.terms[t].exact = typo;
            if hopeless {
                plan.hopeless = true;
                break;
            }
        }
        plan
    }

    /// Whether `term` matches some statement that passes the plan's filters.
    fn any_matches(&self, plan: &Plan, term: &TermPattern) -> bool {
        let found = AtomicBool::new(false);
        self.par_ranges(&|scorer, range| {
            for i in range.rev() {
                if found.load(Ordering::Relaxed) {
                    break;
                }
                let e = &self.entries[i];
                if plan.passes(e, &self.text, scorer) && term.eval(e, &self.text, scorer, false).is_some() {
                    found.store(true, Ordering::Relaxed);
                }
            }
            Part::default()
        });
        found.into_inner()
    }

    /// Runs `f` over the entries' index range split in one part per core
    /// (newest statements in the first part).
    fn par_ranges(&self, f: &(dyn Fn(&mut Scorer, std::ops::Range<usize>) -> Part + Sync)) -> Vec<Part> {
        let n = self.entries.len();
        let threads = std::thread::available_parallelism().map_or(1, |t| t.get()).min(8);
        if n < PARALLEL_MIN || threads < 2 {
            return vec![f(&mut Scorer::default(), 0..n)];
        }
        let chunk = n.div_ceil(threads);
        let ranges: Vec<std::ops::Range<usize>> = (0..threads)
            .rev()
            .map(|t| t * chunk..((t + 1) * chunk).min(n))
            .filter(|r| !r.is_empty())
            .collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = ranges[1..]
                .iter()
                .map(|r| {
                    let r = r.clone();
                    scope.spawn(move || f(&mut Scorer::default(), r))
                })
                .collect();
            let mut out = vec![f(&mut Scorer::default(), ranges[0].clone())];
            for h in handles {
                match h.join() {
                    Ok(p) => out.push(p),
                    Err(e) => std::panic::resume_unwind(e),
                }
            }
            out
        })
    }

    /// Scans `range`, newest first: the statements passing the filters and
    /// every word. Scores only while they can still reach the best `k`.
    fn scan(
        &self,
        plan: &Plan,
        range: std::ops::Range<usize>,
        collect: Collect,
        scorer: &mut Scorer,
    ) -> Part {
        let mut part = Part::default();
        let mut heap: BinaryHeap<Reverse<(i64, u32)>> = BinaryHeap::new();
        let mut k = match collect {
            Collect::Top(k) => k,
            Collect::All => 0,
        };
        // Once `k` statements score the most any can, older ones only count.
        let mut perfect = 0;
        for i in range.rev() {
            let e = &self.entries[i];
            if !plan.passes(e, &self.text, scorer) {
                continue;
            }
            if k == 0 {
                if plan.terms.iter().all(|t| t.exact.eval(e, &self.text, scorer, false).is_some()) {
                    part.total += 1;
                    if collect == Collect::All {
                        part.all.push(i as u32);
                    }
                }
                continue;
            }
            let mut sum = 0;
            let mut all = true;
            for t in &plan.terms {
                match t.exact.eval(e, &self.text, scorer, true) {
                    Some(s) => sum += s,
                    None => {
                        all = false;
                        break;
                    }
                }
            }
            if !all {
                continue;
            }
            part.total += 1;
            let item = (sum, i as u32);
            if heap.len() < k {
                heap.push(Reverse(item));
            } else if heap.peek().is_some_and(|w| w.0 < item) {
                heap.pop();
                heap.push(Reverse(item));
            }
            if sum >= plan.best_possible {
                perfect += 1;
                if perfect >= k {
                    k = 0;
                }
            }
        }
        part.top = heap.into_iter().map(|r| r.0).collect();
        part
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
            // After `settle_typos`, `exact` is what the word is matched by (as typed, or with a typo).
            let tp = &term.exact;
            let p = &tp.pattern;
            for (field, text, _, ascii) in e.long_fields(&self.text) {
                if !text.is_empty() {
                    let mut ix = Vec::new();
                    scorer.long_indices(text, ascii, p, &mut ix);
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
            for (i, p) in s.positions.iter().enumerate() {
                if let Some(t) = store.topic(&p.topic) {
                    short(Field::Topic(i), &t.name);
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

/// What a scan collects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Collect {
    /// The best `k` (score, index) pairs, and the count.
    Top(usize),
    /// Every matching index, and the count.
    All,
}

/// What one part of a scan found.
#[derive(Default)]
struct Part {
    total: usize,
    top: Vec<(i64, u32)>,
    all: Vec<u32>,
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
    /// Per `event:` filter, the day ranges (inclusive) it takes in, and whether it is negated.
    event_windows: Vec<(Vec<(i32, i32)>, bool)>,
    /// Per `by:` filter: the interned analysts it names, whether it takes in
    /// the statements with no analyst recorded, and whether it is negated.
    analyst_sets: Vec<(Vec<bool>, bool, bool)>,
    /// Negated terms: statements containing them are left out.
    excluded: Vec<TermPattern>,
    /// Positive terms, most selective first.
    terms: Vec<PlannedTerm>,
    /// The highest score a statement can get: the sum of each term's best.
    best_possible: i64,
    /// A word matches no statement, even with a typo forgiven: nothing can match.
    hopeless: bool,
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
    /// The highest score it can get in a statement.
    best: i64,
    actor: Vec<Option<i64>>,
    speaker: Vec<Option<i64>>,
    outlet: Vec<Option<i64>>,
    tag: Vec<Option<i64>>,
    topic: Vec<Option<i64>>,
}

/// The index's short-field names, folded once per query (a query of many
/// words scores each word against all of them).
struct FoldedNames {
    actor: Vec<Option<String>>,
    /// Each speaker's name and aliases.
    speaker: Vec<Vec<String>>,
    outlet: Vec<String>,
    tag: Vec<String>,
    topic: Vec<Option<String>>,
}

impl FoldedNames {
    fn new(index: &SearchIndex, store: &Store) -> FoldedNames {
        let actor = index
            .actors
            .names
            .iter()
            .map(|id| store.actors.iter().find(|a| a.id.as_str() == id).map(|a| fold(&a.name)))
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
                std::iter::once(name).chain(aliases.iter().map(String::as_str)).map(fold).collect()
            })
            .collect();
        let topic = index
            .topics
            .names
            .iter()
            .map(|id| store.topics.iter().find(|t| t.id.as_str() == id).map(|t| fold(&t.name)))
            .collect();
        FoldedNames {
            actor,
            speaker,
            outlet: index.outlets.names.iter().map(|o| fold(o)).collect(),
            tag: index.tags.names.iter().map(|t| fold(t)).collect(),
            topic,
        }
    }
}

impl TermPattern {
    fn new(names: &FoldedNames, pattern: Pattern) -> TermPattern {
        let scorer = Scorer::default();
        let score = |folded: &str| scorer.short_field_score(folded, &pattern);
        let actor: Vec<Option<i64>> = names.actor.iter().map(|n| n.as_deref().and_then(score)).collect();
        let speaker: Vec<Option<i64>> =
            names.speaker.iter().map(|all| all.iter().filter_map(|n| score(n)).max()).collect();
        let outlet: Vec<Option<i64>> = names.outlet.iter().map(|o| score(o)).collect();
        let tag: Vec<Option<i64>> = names.tag.iter().map(|t| score(t)).collect();
        let topic: Vec<Option<i64>> = names.topic.iter().map(|n| n.as_deref().and_then(score)).collect();
        let best = [&actor, &speaker, &outlet, &tag, &topic]
            .iter()
            .flat_map(|v| v.iter().flatten().copied())
            .fold(scorer.best_possible(&pattern), i64::max);
        TermPattern { pattern, best, actor, speaker, outlet, tag, topic }
    }

    /// The best score of the pattern in the statement, or `None`. Without
    /// `score`, any match will do (the value is then meaningless).
    fn eval(&self, e: &Entry, text: &str, scorer: &mut Scorer, score: bool) -> Option<i64> {
        let get =
            |v: &[Option<i64>], i: u32| if i == NONE { None } else { v.get(i as usize).copied().flatten() };
        let mut best = get(&self.actor, e.actor)
            .max(get(&self.speaker, e.speaker))
            .max(get(&self.outlet, e.outlet))
            .max(e.tags.iter().filter_map(|&t| get(&self.tag, t)).max())
            .max(e.positions.iter().filter_map(|&(t, _)| get(&self.topic, t)).max());
        if best.is_some() && !score {
            return best;
        }
        let p = &self.pattern;
        for (_, text, mask, ascii) in e.long_fields(text) {
            if text.is_empty() || !p.may_match(mask) {
                continue;
            }
            if score {
                best = best.max(scorer.long_score(text, ascii, p));
            } else if scorer.long_matches(text, ascii, p) {
                return Some(0);
            }
        }
        best
    }
}

/// A day as a number of days from the common era (what entries keep).
fn days_of(d: chrono::NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&d)
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
            event_windows: Vec::new(),
            analyst_sets: Vec::new(),
            excluded: Vec::new(),
            terms: Vec::new(),
            best_possible: 0,
            hopeless: false,
        };
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
                    let d = days_of(d.first_day());
                    plan.since = Some(plan.since.map_or(d, |x| x.max(d)));
                }
                Filter::Until(d) => {
                    let d = days_of(d.last_day());
                    plan.until = Some(plan.until.map_or(d, |x| x.min(d)));
                }
                Filter::Stance(ranges) => plan.stances.push((ranges.clone(), c.negated)),
                Filter::Kind(kinds) => {
                    plan.kinds.push((kinds.iter().fold(0u8, |m, k| m | 1 << (*k as u8)), c.negated))
                }
                Filter::Verification(vs) => {
                    plan.verifications.push((vs.iter().fold(0u8, |m, v| m | 1 << (*v as u8)), c.negated))
                }
                Filter::Event { values, days } => {
                    let ranges = values
                        .iter()
                        .flat_map(|v| find_events_exactly(store, &v.text))
                        .map(|i| {
                            let e = &store.events[i];
                            let last = e.last_day().checked_add_days(chrono::Days::new(u64::from(*days)));
                            (days_of(e.first_day()), last.map_or(i32::MAX, days_of))
                        })
                        .collect();
                    plan.event_windows.push((ranges, c.negated));
                }
                Filter::By(values) => {
                    let set = index
                        .analysts
                        .iter()
                        .map(|a| values.iter().any(|v| analyst_matches(a, &v.text)))
                        .collect();
                    let unknown = values.iter().any(|v| is_unknown_analyst(&v.text));
                    plan.analyst_sets.push((set, unknown, c.negated));
                }
            }
        }
        let mut fuzzy_terms = 0;
        let names = FoldedNames::new(index, store);
        let mut seen = std::collections::HashSet::new();
        for t in &query.terms {
            // A word twice asks nothing more than once.
            if !seen.insert((t.text.as_str(), t.negated, t.phrase)) {
                continue;
            }
            if t.negated {
                plan.excluded.push(TermPattern::new(&names, Pattern::new(&t.text, Mode::Exact)));
                continue;
            }
            // The first words are fuzzy; the rest of a long query is matched literally.
            let fuzzy = !t.phrase && fuzzy_terms < FUZZY_MAX_TERMS;
            let pattern = Pattern::new(&t.text, if fuzzy { Mode::Fuzzy } else { Mode::Exact });
            if pattern.chars.is_empty() {
                continue;
            }
            fuzzy_terms += usize::from(fuzzy);
            let typo = (pattern.mode == Mode::Fuzzy
                && (TYPO_MIN_CHARS..=TYPO_MAX_CHARS).contains(&pattern.chars.len()))
            .then(|| TermPattern::new(&names, Pattern::new(&t.text, Mode::Typo)));
            plan.terms.push(PlannedTerm { exact: TermPattern::new(&names, pattern), typo });
        }
        // Words with rarer letters rule out more statements: run them first.
        plan.terms.sort_by_key(|t| (t.exact.pattern.rarity(), Reverse(t.exact.pattern.chars.len())));
        plan.best_possible = plan.terms.iter().map(|t| t.exact.best).sum();

        plan
    }

    /// Whether an entry passes every filter and contains no excluded term.
    fn passes(&self, e: &Entry, text: &str, scorer: &mut Scorer) -> bool {
        if self.since.is_some_and(|d| e.day < d) || self.until.is_some_and(|d| e.day > d) {
            return false;
        }
        if self
            .event_windows
            .iter()
            .any(|(ranges, neg)| ranges.iter().any(|&(a, b)| (a..=b).contains(&e.day)) == *neg)
        {
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
        for (set, unknown, neg) in &self.analyst_sets {
            let [entered, changed] = e.analysts;
            let hit = has(set, entered) || has(set, changed) || (*unknown && entered == NONE);
            if hit == *neg {
                return false;
            }
        }
        !self.excluded.iter().any(|tp| tp.eval(e, text, scorer, false).is_some())
    }
}
