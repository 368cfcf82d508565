//! Merging stores by id, without losing anyone's work. Pure: no IO.
//!
//! - [`merge`]: a colleague's store into ours (`stancebook import`, the app's
//!   Import…). New statements are added, identical ones skipped; the same id
//!   with different content keeps the version with the newer `updated_at`
//!   and lists the other as a conflict. Actors and topics merge by id:
//!   speakers, aliases and keywords are unioned; other fields keep ours.
//! - [`merge3`]: the three-way merge of the git merge driver, by id against
//!   the common ancestor: a statement deleted on one side and unchanged on
//!   the other stays deleted; edited on both sides, the newer wins and the
//!   merge reports it; added on both sides, both are kept.
//!
//! A conflict is **unsettled** when the two versions differ but carry the
//! same `updated_at`, so neither is newer: ours is kept and the conflict is
//! reported as needing a hand edit (`import` and `merge-driver` exit 1).

use std::collections::{HashMap, HashSet};

use crate::model::{
    Actor, ActorId, Briefing, Event, EventId, Learned, LexiconKey, SCHEMA, SetAside, Speaker, Statement,
    StatementId, Store, Timestamp, Topic, TopicId,
};

/// How a conflict between two versions of one statement was settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// Theirs was edited later: theirs is kept, ours set aside.
    TheirsNewer,
    /// Ours was edited later: ours is kept, theirs set aside.
    OursNewer,
    /// Both carry the same `updated_at`: ours is kept, and an analyst must decide.
    Unsettled,
}

impl Resolution {
    /// The word used in JSON: `theirs_newer`, `ours_newer`, `unsettled`.
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::TheirsNewer => "theirs_newer",
            Resolution::OursNewer => "ours_newer",
            Resolution::Unsettled => "unsettled",
        }
    }
}

/// Two versions of one statement that differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The statement's id.
    pub id: StatementId,
    /// How it was settled.
    pub resolution: Resolution,
    /// The fields that differ (`quote`, `positions`, `actor`…).
    pub fields: Vec<&'static str>,
    /// The version kept in the merged store.
    pub kept: Statement,
    /// The version set aside (the older one, or theirs when unsettled).
    pub set_aside: Statement,
}

/// One conflict in a line: the statement, what differs, which was kept.
impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self;
        let what = format!("{} ({}, {})", c.id, c.kept.date, c.kept.actor);
        let fields = c.fields.iter().filter(|f| **f != "updated_at").copied().collect::<Vec<_>>().join(", ");
        let quote = excerpt(&c.set_aside.quote, 60);
        let line = match c.resolution {
            Resolution::TheirsNewer => format!(
                "{what}: {fields} differ; theirs is newer ({} > {}), kept theirs; set aside ours: “{quote}”",
                c.kept.updated_at, c.set_aside.updated_at
            ),
            Resolution::OursNewer => format!(
                "{what}: {fields} differ; ours is newer ({} > {}), kept ours; set aside theirs: “{quote}”",
                c.kept.updated_at, c.set_aside.updated_at
            ),
            Resolution::Unsettled => format!(
                "{what}: {fields} differ, both edited at {}: NOT SETTLED, kept ours; theirs: “{quote}”",
                c.kept.updated_at
            ),
        };
        f.write_str(&line)
    }
}

/// The first `n` characters of `text`, with an ellipsis when cut.
pub fn excerpt(text: &str, n: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= n {
        t.to_owned()
    } else {
        format!("{}…", t.chars().take(n).collect::<String>().trim_end())
    }
}

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Statements that were only in theirs, now added.
    pub added: Vec<StatementId>,
    /// Statements identical on both sides (or unchanged by the merge).
    pub unchanged: usize,
    /// Statements replaced by theirs, which was newer (or, in a three-way
    /// merge, edited only on their side).
    pub updated: Vec<StatementId>,
    /// Statements removed because one side deleted them and the other left them unchanged (three-way only).
    pub removed: Vec<StatementId>,
    /// Versions that differ: settled by `updated_at`, or unsettled.
    pub conflicts: Vec<Conflict>,
    /// Actors only in theirs, now added.
    pub actors_added: Vec<ActorId>,
    /// Actors that gained speakers or aliases from theirs.
    pub actors_merged: Vec<ActorId>,
    /// Topics only in theirs, now added.
    pub topics_added: Vec<TopicId>,
    /// Topics that gained keywords from theirs.
    pub topics_merged: Vec<TopicId>,
    /// What the merge did to the events (boxed: most merges touch none,
    /// and the report travels between threads).
    pub events: Box<EventChanges>,
    /// Statements one side deleted and the other edited since the base: the
    /// edit was kept (three-way only); with the kept version's `updated_at`.
    pub kept_over_deletion: Vec<(StatementId, Timestamp)>,
    /// Other things worth knowing: fields that differ where ours was kept, an
    /// edit kept over a deletion.
    pub notes: Vec<String>,
}

/// What a merge did to our events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventChanges {
    /// Events only in theirs, now added.
    pub added: Vec<EventId>,
    /// Events whose version changed (theirs newer, or edited only on their side).
    pub updated: Vec<EventId>,
    /// Events removed (deleted on one side, unchanged on the other; three-way only).
    pub removed: Vec<EventId>,
}

impl MergeReport {
    /// The conflicts no rule could settle.
    pub fn unsettled(&self) -> impl Iterator<Item = &Conflict> {
        self.conflicts.iter().filter(|c| c.resolution == Resolution::Unsettled)
    }

    /// Whether any conflict is unsettled.
    pub fn has_unsettled(&self) -> bool {
        self.unsettled().next().is_some()
    }

    /// The counts in a line, for a status bar or a dialog: "3 added,
    /// 60 unchanged, 1 updated, 1 conflict (0 unsettled)".
    pub fn headline(&self) -> String {
        let conflicts = match self.conflicts.len() {
            1 => "1 conflict".to_owned(),
            n => format!("{n} conflicts"),
        };
        let mut s = format!(
            "{} added, {} unchanged, {} updated, {conflicts}",
            self.added.len(),
            self.unchanged,
            self.updated.len()
        );
        let unsettled = self.unsettled().count();
        if unsettled > 0 {
            s.push_str(&format!(" ({unsettled} unsettled)"));
        }
        if !self.removed.is_empty() {
            s.push_str(&format!(", {} removed", self.removed.len()));
        }
        let events = [
            (self.events.added.len(), "added"),
            (self.events.updated.len(), "updated"),
            (self.events.removed.len(), "removed"),
        ];
        let events: Vec<String> =
            events.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
        if !events.is_empty() {
            s.push_str(&format!("; events: {}", events.join(", ")));
        }
        s
    }

    /// Whether the merge changes ours at all.
    pub fn changes_anything(&self) -> bool {
        !(self.added.is_empty()
            && self.updated.is_empty()
            && self.removed.is_empty()
            && self.actors_added.is_empty()
            && self.actors_merged.is_empty()
            && self.topics_added.is_empty()
            && self.topics_merged.is_empty()
            && self.events.added.is_empty()
            && self.events.updated.is_empty()
            && self.events.removed.is_empty()
            && self.conflicts.iter().all(|c| c.resolution != Resolution::TheirsNewer))
    }
}

/// Merges `theirs` into `ours` by id (see the module docs). Ours keeps its
/// order of actors and topics; theirs' new ones follow in their order.
/// Nothing of ours is ever removed.
pub fn merge(ours: &Store, theirs: &Store) -> (Store, MergeReport) {
    let mut report = MergeReport::default();
    let actors = merge_list(&ours.actors, &theirs.actors, |a| &a.id, merge_actor, &mut report, Kind::Actor);
    let topics = merge_list(&ours.topics, &theirs.topics, |t| &t.id, merge_topic, &mut report, Kind::Topic);

    let theirs_by_id: HashMap<StatementId, &Statement> =
        theirs.statements.iter().map(|s| (s.id, s)).collect();
    let ours_ids: HashSet<StatementId> = ours.statements.iter().map(|s| s.id).collect();
    let mut statements = Vec::with_capacity(ours.statements.len() + theirs.statements.len());
    for o in &ours.statements {
        match theirs_by_id.get(&o.id) {
            None => statements.push(o.clone()),
            Some(t) if *t == o => {
                report.unchanged += 1;
                statements.push(o.clone());
            }
            Some(t) => statements.push(settle(o, t, &mut report)),
        }
    }
    for t in &theirs.statements {
        if !ours_ids.contains(&t.id) {
            report.added.push(t.id);
            statements.push(t.clone());
        }
    }
    let briefings = merge_briefings(None, &ours.briefings, &theirs.briefings);
    let events = merge_events(None, &ours.events, &theirs.events);
    report_events(&ours.events, &events, &mut report);
    let conflicts = merge_set_asides(None, &ours.conflicts, &theirs.conflicts);
    let lexicon = merge_lexicon(None, &ours.lexicon, &theirs.lexicon);
    let mut store =
        Store { schema: SCHEMA, actors, topics, briefings, events, conflicts, lexicon, statements };
    store.sort_statements();
    (store, report)
}

/// The conflict lists by record: every record of either side, but
/// (three-way) one that a side removed since the base (an analyst decided
/// it). Sorted by when they were found.
fn merge_set_asides(base: Option<&[SetAside]>, ours: &[SetAside], theirs: &[SetAside]) -> Vec<SetAside> {
    let keys = |l: &[SetAside]| -> HashSet<(StatementId, i64, i64)> { l.iter().map(SetAside::key).collect() };
    let (ok, tk) = (keys(ours), keys(theirs));
    let bk = base.map(keys).unwrap_or_default();
    let mut seen = HashSet::new();
    let mut out: Vec<SetAside> = Vec::new();
    for c in ours.iter().chain(theirs) {
        let k = c.key();
        let decided = bk.contains(&k) && !(ok.contains(&k) && tk.contains(&k));
        if !decided && seen.insert(k) {
            out.push(c.clone());
        }
    }
    out.sort_by_key(|c| (c.found_at, c.id));
    out
}

/// Briefings by id: every briefing of either side, but (three-way) one that
/// one side deleted since the base; oldest first.
fn merge_briefings(base: Option<&[Briefing]>, ours: &[Briefing], theirs: &[Briefing]) -> Vec<Briefing> {
    let deleted = |b: &Briefing| {
        base.is_some_and(|base| {
            base.iter().any(|x| x.id == b.id)
                && (!ours.iter().any(|x| x.id == b.id) || !theirs.iter().any(|x| x.id == b.id))
        })
    };
    let mut out: Vec<Briefing> = Vec::new();
    for b in ours.iter().chain(theirs) {
        if !deleted(b) && !out.iter().any(|x| x.id == b.id) {
            out.push(b.clone());
        }
    }
    out.sort_by_key(|b| (b.date, b.recorded_at, b.id));
    out
}

/// Events by id: every event of either side. Two-way, when both hold one
/// event in different versions the newer `updated_at` wins (ours on a tie).
/// Three-way, a side that left an event as it was in the base takes the
/// other side's version, and one deleted by a side since the base is gone
/// unless the other side changed it (a change outlives a deletion, as for
/// statements). Sorted by (date, id).
fn merge_events(base: Option<&[Event]>, ours: &[Event], theirs: &[Event]) -> Vec<Event> {
    let find = |list: &[Event], id| list.iter().find(|e: &&Event| e.id == id).cloned();
    let mut ids: Vec<EventId> = ours.iter().chain(theirs).map(|e| e.id).collect();
    ids.sort();
    ids.dedup();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let (o, t) = (find(ours, id), find(theirs, id));
        let b = base.and_then(|b| find(b, id));
        let kept = match (b, o, t) {
            // Both sides hold it.
            (b, Some(o), Some(t)) => {
                if o == t || b.as_ref() == Some(&t) {
                    o
                } else if b.as_ref() == Some(&o) || t.updated_at > o.updated_at {
                    t
                } else {
                    o
                }
            }
            // One side deleted it since the base: gone, unless the other changed it.
            (Some(b), Some(x), None) | (Some(b), None, Some(x)) => {
                if x == b {
                    continue;
                }
                x
            }
            // New on one side.
            (None, Some(x), None) | (None, None, Some(x)) => x,
            (_, None, None) => continue,
        };
        out.push(kept);
    }
    out.sort_by_key(Event::sort_key);
    out
}

/// The lexicon by key ([`Learned::key`]): every entry of either side. When
/// both hold a key with different meanings, the one learned later wins (ours
/// on a tie); three-way, a side that left an entry as it was in the base
/// takes the other side's, and one a side removed since the base is gone
/// unless the other side changed it. In key order.
fn merge_lexicon(base: Option<&[Learned]>, ours: &[Learned], theirs: &[Learned]) -> Vec<Learned> {
    let index = |list: &[Learned]| -> HashMap<LexiconKey, Learned> {
        list.iter().map(|l| (l.key(), l.clone())).collect()
    };
    let (mut o_map, mut t_map) = (index(ours), index(theirs));
    let b_map = base.map(index).unwrap_or_default();
    let mut keys: Vec<LexiconKey> = o_map.keys().chain(t_map.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        let (o, t, b) = (o_map.remove(&k), t_map.remove(&k), b_map.get(&k));
        let kept = match (b, o, t) {
            (b, Some(o), Some(t)) => {
                if o == t || b == Some(&t) {
                    o
                } else if b == Some(&o) || t.learned_at > o.learned_at {
                    t
                } else {
                    o
                }
            }
            (Some(b), Some(x), None) | (Some(b), None, Some(x)) => {
                if &x == b {
                    continue;
                }
                x
            }
            (None, Some(x), None) | (None, None, Some(x)) => x,
            (_, None, None) => continue,
        };
        out.push(kept);
    }
    out
}

/// What the merge did to our events.
fn report_events(ours: &[Event], merged: &[Event], report: &mut MergeReport) {
    for e in merged {
        match ours.iter().find(|o| o.id == e.id) {
            None => report.events.added.push(e.id),
            Some(o) if o != e => report.events.updated.push(e.id),
            Some(_) => {}
        }
    }
    report.events.removed =
        ours.iter().filter(|o| !merged.iter().any(|e| e.id == o.id)).map(|o| o.id).collect();
}

/// Two different versions of one statement: the newer `updated_at` wins.
fn settle(ours: &Statement, theirs: &Statement, report: &mut MergeReport) -> Statement {
    let resolution = match theirs.updated_at.cmp(&ours.updated_at) {
        std::cmp::Ordering::Greater => Resolution::TheirsNewer,
        std::cmp::Ordering::Less => Resolution::OursNewer,
        std::cmp::Ordering::Equal => Resolution::Unsettled,
    };
    let (kept, set_aside) = match resolution {
        Resolution::TheirsNewer => {
            report.updated.push(ours.id);
            (theirs, ours)
        }
        _ => (ours, theirs),
    };
    let fields = differing_fields(ours, theirs);
    if fields.iter().all(|f| RECORD_KEEPING.contains(f)) {
        // The same coding, recorded twice: no conflict. Who entered it, if
        // only one side knows, is kept.
        let mut kept = kept.clone();
        if kept.entered_by.is_none() {
            kept.entered_by = set_aside.entered_by.clone();
        }
        return kept;
    }
    report.conflicts.push(Conflict {
        id: ours.id,
        resolution,
        fields,
        kept: kept.clone(),
        set_aside: set_aside.clone(),
    });
    kept.clone()
}

/// The names of the fields in which two versions of a statement differ.
pub fn differing_fields(a: &Statement, b: &Statement) -> Vec<&'static str> {
    let mut v = Vec::new();
    let mut check = |name: &'static str, same: bool| {
        if !same {
            v.push(name);
        }
    };
    check("date", a.date == b.date);
    check("actor", a.actor == b.actor);
    check("speaker", a.speaker == b.speaker);
    check("kind", a.kind == b.kind);
    check("quote", a.quote == b.quote);
    check("paraphrase", a.paraphrase == b.paraphrase);
    check("original", a.original == b.original);
    check("positions", a.positions == b.positions);
    check("source", a.source == b.source);
    check("credibility", a.credibility == b.credibility);
    check("verification", a.verification == b.verification);
    check("reported_by", a.reported_by == b.reported_by);
    check("tags", a.tags == b.tags);
    check("notes", a.notes == b.notes);
    check("recorded_at", a.recorded_at == b.recorded_at);
    check("updated_at", a.updated_at == b.updated_at);
    check("entered_by", a.entered_by == b.entered_by);
    check("changed_by", a.changed_by == b.changed_by);
    v
}

/// Fields that record who and when, not what was coded: versions that
/// differ only in these are one version, the newer kept, with no conflict.
const RECORD_KEEPING: [&str; 3] = ["updated_at", "changed_by", "entered_by"];

#[derive(Clone, Copy)]
enum Kind {
    Actor,
    Topic,
}

/// Merges two lists of actors or topics by id: ours in order, then theirs' new ones.
fn merge_list<T: Clone + PartialEq, I: Clone + Eq + std::hash::Hash + std::fmt::Display>(
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &I,
    merge_one: impl Fn(&T, &T, &mut Vec<String>) -> (T, bool),
    report: &mut MergeReport,
    kind: Kind,
) -> Vec<T> {
    let theirs_by_id: HashMap<&I, &T> = theirs.iter().map(|t| (id(t), t)).collect();
    let ours_ids: HashSet<&I> = ours.iter().map(&id).collect();
    let mut out = Vec::with_capacity(ours.len() + theirs.len());
    for o in ours {
        match theirs_by_id.get(id(o)) {
            Some(t) if *t != o => {
                let (merged, grew) = merge_one(o, t, &mut report.notes);
                if grew {
                    push_merged(report, kind, id(o).to_string());
                }
                out.push(merged);
            }
            _ => out.push(o.clone()),
        }
    }
    for t in theirs {
        if !ours_ids.contains(id(t)) {
            push_added(report, kind, id(t).to_string());
            out.push(t.clone());
        }
    }
    out
}

fn push_merged(report: &mut MergeReport, kind: Kind, id: String) {
    match kind {
        Kind::Actor => report.actors_merged.push(ActorId(id)),
        Kind::Topic => report.topics_merged.push(TopicId(id)),
    }
}

fn push_added(report: &mut MergeReport, kind: Kind, id: String) {
    match kind {
        Kind::Actor => report.actors_added.push(ActorId(id)),
        Kind::Topic => report.topics_added.push(TopicId(id)),
    }
}

/// Ours, with theirs' speakers and aliases added. Their speaker is ours when
/// its name is one of our speaker's names, or our speaker's name is one of
/// its aliases; a name already taken by another speaker is not added, so no
/// name ever belongs to two speakers. Returns whether anything was added; notes the fields
/// where theirs differs and ours was kept.
pub fn merge_actor(ours: &Actor, theirs: &Actor, notes: &mut Vec<String>) -> (Actor, bool) {
    let mut out = ours.clone();
    let mut grew = false;
    note_kept_ours(
        notes,
        &format!("actor `{}`", ours.id),
        [
            ("name", ours.name != theirs.name),
            ("kind", ours.kind != theirs.kind),
            ("colour", ours.color != theirs.color),
        ],
    );
    for ts in &theirs.speakers {
        let names = || std::iter::once(&ts.name).chain(&ts.aliases);
        let found = out.speakers.iter().position(|s| s.answers_to(&ts.name)).or_else(|| {
            out.speakers
                .iter()
                .position(|s| ts.aliases.iter().any(|a| a.to_lowercase() == s.name.to_lowercase()))
        });
        match found {
            Some(i) => {
                for n in names() {
                    let taken = out.speakers.iter().any(|s| s.answers_to(n));
                    if !taken && !n.trim().is_empty() {
                        out.speakers[i].aliases.push(n.clone());
                        grew = true;
                    }
                }
                if out.speakers[i].role.trim().is_empty() && !ts.role.trim().is_empty() {
                    out.speakers[i].role = ts.role.clone();
                    grew = true;
                }
            }
            None => {
                let aliases: Vec<String> = ts
                    .aliases
                    .iter()
                    .filter(|a| !out.speakers.iter().any(|s| s.answers_to(a)))
                    .cloned()
                    .collect();
                out.speakers.push(Speaker { name: ts.name.clone(), role: ts.role.clone(), aliases });
                grew = true;
            }
        }
    }
    (out, grew)
}

/// Notes each field (name, differs) where theirs differs from ours, which is kept.
fn note_kept_ours<const N: usize>(notes: &mut Vec<String>, what: &str, fields: [(&str, bool); N]) {
    for (field, _) in fields.into_iter().filter(|f| f.1) {
        notes.push(format!("{what}: their {field} differs; kept ours"));
    }
}

/// Ours, with theirs' keywords added. Returns whether anything was added;
/// notes the fields where theirs differs and ours was kept.
pub fn merge_topic(ours: &Topic, theirs: &Topic, notes: &mut Vec<String>) -> (Topic, bool) {
    let mut out = ours.clone();
    note_kept_ours(
        notes,
        &format!("topic `{}`", ours.id),
        [
            ("name", ours.name != theirs.name),
            ("proposition", ours.proposition != theirs.proposition),
            ("stance labels", ours.labels != theirs.labels),
        ],
    );
    let mut grew = false;
    for k in &theirs.keywords {
        if !k.trim().is_empty() && !out.keywords.iter().any(|o| o.to_lowercase() == k.to_lowercase()) {
            out.keywords.push(k.clone());
            grew = true;
        }
    }
    (out, grew)
}

/// The three-way merge of the git merge driver: `base` is the common
/// ancestor (an empty store when there is none). See the module docs; the
/// result is sorted, and any actor or topic a kept statement names is kept.
pub fn merge3(base: &Store, ours: &Store, theirs: &Store) -> (Store, MergeReport) {
    let mut report = MergeReport::default();

    let index = |s: &Store| -> HashMap<StatementId, usize> {
        s.statements.iter().enumerate().map(|(i, x)| (x.id, i)).collect()
    };
    let (bi, oi, ti) = (index(base), index(ours), index(theirs));
    let mut statements: Vec<Statement> = Vec::with_capacity(ours.statements.len() + theirs.statements.len());
    let mut ids: Vec<StatementId> = ours.statements.iter().map(|s| s.id).collect();
    ids.extend(theirs.statements.iter().map(|s| s.id).filter(|id| !oi.contains_key(id)));
    for id in ids {
        let b = bi.get(&id).map(|&i| &base.statements[i]);
        let o = oi.get(&id).map(|&i| &ours.statements[i]);
        let t = ti.get(&id).map(|&i| &theirs.statements[i]);
        match (b, o, t) {
            (_, Some(o), Some(t)) if o == t => {
                report.unchanged += 1;
                statements.push(o.clone());
            }
            (Some(b), Some(o), Some(t)) if o == b => {
                report.updated.push(id);
                statements.push(t.clone());
            }
            (Some(b), Some(o), Some(t)) if t == b => {
                report.unchanged += 1;
                statements.push(o.clone());
            }
            (_, Some(o), Some(t)) => statements.push(settle(o, t, &mut report)),
            (Some(b), Some(o), None) => {
                if o == b {
                    report.removed.push(id);
                } else {
                    report.notes.push(format!(
                        "statement {id}: edited on our side, deleted on theirs; kept the edit"
                    ));
                    report.kept_over_deletion.push((id, o.updated_at));
                    statements.push(o.clone());
                }
            }
            (Some(b), None, Some(t)) => {
                if t == b {
                    report.removed.push(id);
                } else {
                    report.notes.push(format!(
                        "statement {id}: deleted on our side, edited on theirs; kept the edit"
                    ));
                    report.kept_over_deletion.push((id, t.updated_at));
                    report.added.push(id);
                    statements.push(t.clone());
                }
            }
            (None, Some(o), None) => statements.push(o.clone()),
            (None, None, Some(t)) => {
                report.added.push(id);
                statements.push(t.clone());
            }
            (_, None, None) => {}
        }
    }

    let mut actors = merge3_list(
        &base.actors,
        &ours.actors,
        &theirs.actors,
        |a| &a.id,
        merge_actor,
        &mut report,
        Kind::Actor,
    );
    let mut topics = merge3_list(
        &base.topics,
        &ours.topics,
        &theirs.topics,
        |t| &t.id,
        merge_topic,
        &mut report,
        Kind::Topic,
    );

    // Keep every actor and topic a kept statement names, even if one side deleted it.
    let restore_actor = |id: &ActorId, actors: &mut Vec<Actor>, notes: &mut Vec<String>| {
        if actors.iter().any(|a| &a.id == id) {
            return;
        }
        if let Some(a) = ours.actor(id).or_else(|| theirs.actor(id)).or_else(|| base.actor(id)) {
            notes.push(format!("actor `{id}`: deleted on one side but still named by a statement; kept"));
            actors.push(a.clone());
        }
    };
    for s in &statements {
        restore_actor(&s.actor, &mut actors, &mut report.notes);
        if let Some(r) = &s.reported_by {
            restore_actor(r, &mut actors, &mut report.notes);
        }
    }
    for s in &statements {
        for p in &s.positions {
            if !topics.iter().any(|t| t.id == p.topic)
                && let Some(t) =
                    ours.topic(&p.topic).or_else(|| theirs.topic(&p.topic)).or_else(|| base.topic(&p.topic))
            {
                report.notes.push(format!(
                    "topic `{}`: deleted on one side but still used by a statement; kept",
                    p.topic
                ));
                topics.push(t.clone());
            }
        }
    }

    let briefings = merge_briefings(Some(&base.briefings), &ours.briefings, &theirs.briefings);
    let events = merge_events(Some(&base.events), &ours.events, &theirs.events);
    report_events(&ours.events, &events, &mut report);
    let conflicts = merge_set_asides(Some(&base.conflicts), &ours.conflicts, &theirs.conflicts);
    let lexicon = merge_lexicon(Some(&base.lexicon), &ours.lexicon, &theirs.lexicon);
    let mut store =
        Store { schema: SCHEMA, actors, topics, briefings, events, conflicts, lexicon, statements };
    store.sort_statements();
    (store, report)
}

/// Three-way merge of actors or topics by id.
fn merge3_list<T: Clone + PartialEq, I: Clone + Eq + std::hash::Hash + std::fmt::Display>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &I,
    merge_one: impl Fn(&T, &T, &mut Vec<String>) -> (T, bool),
    report: &mut MergeReport,
    kind: Kind,
) -> Vec<T> {
    let by_id =
        |v: &[T]| -> HashMap<I, usize> { v.iter().enumerate().map(|(i, x)| (id(x).clone(), i)).collect() };
    let (bi, oi, ti) = (by_id(base), by_id(ours), by_id(theirs));
    let mut out = Vec::with_capacity(ours.len() + theirs.len());
    let mut ids: Vec<&I> = ours.iter().map(&id).collect();
    ids.extend(theirs.iter().map(&id).filter(|i| !oi.contains_key(*i)));
    for key in ids {
        let b = bi.get(key).map(|&i| &base[i]);
        let o = oi.get(key).map(|&i| &ours[i]);
        let t = ti.get(key).map(|&i| &theirs[i]);
        match (b, o, t) {
            (_, Some(o), Some(t)) if o == t => out.push(o.clone()),
            (Some(b), Some(o), Some(t)) if o == b => out.push(t.clone()),
            (Some(b), Some(o), Some(t)) if t == b => out.push(o.clone()),
            (_, Some(o), Some(t)) => {
                let (merged, grew) = merge_one(o, t, &mut report.notes);
                if grew {
                    push_merged(report, kind, key.to_string());
                }
                out.push(merged);
            }
            (Some(b), Some(o), None) => {
                if o != b {
                    out.push(o.clone());
                }
            }
            (Some(b), None, Some(t)) => {
                if t != b {
                    out.push(t.clone());
                }
            }
            (None, Some(o), None) => out.push(o.clone()),
            (None, None, Some(t)) => {
                push_added(report, kind, key.to_string());
                out.push(t.clone());
            }
            (_, None, None) => {}
        }
    }
    out
}
