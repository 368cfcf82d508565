//! The position summary as plain data: what a briefing says, built once from
//! the store and a filter, then rendered as Markdown, HTML or Word (or shown
//! live in the Export tab). It has the shape of a morning note: what moved
//! in the window (every step of every path, with the evidence for it), where
//! each actor stands now and how old that stance is, and — only when asked
//! — a section per topic; the sources listed are those cited, numbered in
//! the order they are first cited. Each move names the event it came just
//! after, and the key events of the window are listed with their sources.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::analysis::{self, Direction, Filter, Positions, ShiftClass, SpreadPoint, Trend};
use crate::model::{
    ActorId, Briefing, BriefingId, BriefingScope, Color, Credibility, Event, EventId, EventKind, Kind,
    PartialDate, Reliability, Stance, StatementId, Store, Timestamp, TopicId, Verification,
};

/// What to summarise: which statements (the filter), as of when, the window
/// moves are reported in, and when the summary is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryOptions {
    /// Which statements count: actors, topics, verification, kind, and
    /// `until` (which caps the as-of date). Its `since` does not hide what
    /// was said before: it starts the window in which moves are reported
    /// (a stance held before it is still the starting stance).
    pub filter: Filter,
    /// The date stances are taken at. Default: the filter's `until`, else the
    /// date of the latest statement that passes the filter.
    pub as_of: Option<NaiveDate>,
    /// The comparison date: moves after it are reported ("since the last
    /// briefing"). Ignored unless earlier than the as-of date.
    pub compare: Option<NaiveDate>,
    /// What the comparison date is, in words ("the last briefing, “Morning
    /// note”"), for the scope line.
    pub compare_label: Option<String>,
    /// When the summary is generated: an input, so that the output is
    /// reproducible (the command line uses the clock, or `SOURCE_DATE_EPOCH`).
    pub generated_at: Timestamp,
    /// A title of the analyst's choosing; default "Position summary: <topics>".
    pub title: Option<String>,
    /// A section per topic (its proposition, each actor's stance with the
    /// evidence, the spread and, in HTML, a chart), after the overview; the
    /// sources' list then gives each statement's whole quote too.
    pub detail: bool,
    /// Only the actors and topics whose stance moved in the window.
    pub changed_only: bool,
    /// A stance said more than this many days before the as-of date is stale.
    pub stale_days: i64,
    /// A move names the nearest event involving its actor that ended at
    /// most this many days before it (see [`analysis::event_before`]).
    pub event_window: i64,
}

impl SummaryOptions {
    /// Options for `filter`, generated at `generated_at`, with the default
    /// as-of date, no comparison, no topic sections, stale after 90 days.
    pub fn new(filter: Filter, generated_at: Timestamp) -> Self {
        SummaryOptions {
            filter,
            as_of: None,
            compare: None,
            compare_label: None,
            generated_at,
            title: None,
            detail: false,
            changed_only: false,
            stale_days: analysis::STALE_DAYS,
            event_window: analysis::EVENT_WINDOW_DAYS,
        }
    }
}

/// A briefing's worth of positions. Every reference to a statement is an
/// index into [`Summary::sources`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The title ("Position summary: Ceasefire, Territory and Foreign troops").
    pub title: String,
    /// What was filtered.
    pub scope: Scope,
    /// The date stances are taken at.
    pub as_of: NaiveDate,
    /// The start of the window (exclusive): moves after it are reported.
    pub compare: Option<NaiveDate>,
    /// What the window's start is, in words, when it is a briefing.
    pub compare_label: Option<String>,
    /// When the summary was generated.
    pub generated_at: Timestamp,
    /// "Stancebook 0.1.0".
    pub generator: String,
    /// The actors that appear, in the store's order.
    pub actors: Vec<ActorInfo>,
    /// One column (and, with `detail`, one section) per topic, in the store's order.
    pub topics: Vec<TopicSummary>,
    /// Every change of stance in the window, newest first.
    pub moves: Vec<Move>,
    /// The events in view whose days overlap the window, oldest first
    /// (none without a comparison date): the latest [`KEY_EVENTS`] of them.
    pub events: Vec<KeyEvent>,
    /// How many earlier events of the window are left out of `events`.
    pub earlier_events: usize,
    /// The events in view of the filter, for the HTML brief's charts (each
    /// chart draws those in its span that involve its actors).
    pub chart_events: Vec<super::chart::ChartEvent>,
    /// The statements cited, in the order first cited; `Cited::number` is 1-based.
    pub sources: Vec<Cited>,
    /// The topic sections are shown.
    pub detail: bool,
    /// Only what moved is shown in the overview.
    pub changed_only: bool,
    /// The age past which a stance is stale, in days.
    pub stale_days: i64,
}

/// What the filter let through, in the analyst's words.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Scope {
    /// The chosen actors' names; empty when all actors are shown.
    pub actors: Vec<String>,
    /// The chosen topics' names; empty when all topics are shown.
    pub topics: Vec<String>,
    /// The window starts on this day (moves before it are not reported).
    pub since: Option<NaiveDate>,
    /// Only statements said on or before this day.
    pub until: Option<NaiveDate>,
    /// Only these verifications (empty: all).
    pub verifications: Vec<Verification>,
    /// Only these kinds (empty: all).
    pub kinds: Vec<Kind>,
}

/// An actor as the summary shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorInfo {
    /// Its id (`kremlin`).
    pub id: ActorId,
    /// Its name ("Kremlin").
    pub name: String,
    /// Its colour in charts.
    pub color: Color,
}

/// One topic: a column of the overview, and its section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicSummary {
    /// Its id (`ceasefire`).
    pub id: TopicId,
    /// Its name ("Ceasefire").
    pub name: String,
    /// The proposition a positive stance supports.
    pub proposition: String,
    /// What each stance means on this topic, −2 first (never empty).
    pub labels: [String; 5],
    /// One row per actor (index into [`Summary::actors`]).
    pub rows: Vec<StanceRow>,
    /// How far apart the actors stand, and whether they converge.
    pub spread: Option<SpreadNote>,
    /// Every position of each actor up to the as-of date, for the chart
    /// (only with `detail`).
    pub timeline: Vec<Series>,
}

impl TopicSummary {
    /// The topic's words for a stance ("backs an immediate truce").
    pub fn label(&self, stance: Stance) -> &str {
        &self.labels[stance.index()]
    }
}

/// One actor's stance on one topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StanceRow {
    /// Index into [`Summary::actors`].
    pub actor: usize,
    /// The stance as of the as-of date: the latest position on or before it.
    pub now: Option<StanceRef>,
    /// The stance held at the start of the window (its statement is not
    /// cited: the brief shows only where a stance came from, not why).
    pub before: Option<Stance>,
    /// How it changed between the two.
    pub change: Change,
    /// Its path through the window, from the stance held at its start:
    /// −2, −1, −2 when it moved twice (empty when it did not move).
    pub path: Vec<Option<Stance>>,
    /// How many days before the as-of date the stance shown was said.
    pub age_days: Option<i64>,
    /// Older than the summary's `stale_days`.
    pub stale: bool,
    /// What backs the stance shown on this topic.
    pub evidence: Option<Quote>,
}

impl StanceRow {
    /// How many times the stance changed in the window.
    pub fn moves(&self) -> usize {
        self.path.len().saturating_sub(1)
    }
}

/// A stance and the statement behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StanceRef {
    /// The stance.
    pub stance: Stance,
    /// When it was taken.
    pub date: PartialDate,
    /// Index into [`Summary::sources`].
    pub statement: usize,
    /// It rests on an unverified statement.
    pub unverified: bool,
}

/// The words that back a position, as a reader sees them: see
/// [`Statement::backing`](crate::model::Statement::backing).
pub type Quote = crate::model::Backing;

/// How a stance changed in the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// No comparison date was given.
    NotCompared,
    /// No position then, none now.
    NoPosition,
    /// No position then; one now.
    New,
    /// The same stance as then.
    Unchanged {
        /// It moved in between and came back.
        moved_between: bool,
    },
    /// It moved.
    Moved {
        /// Shift or reversal.
        class: ShiftClass,
        /// Toward or away from the proposition.
        direction: Direction,
    },
}

/// The spread of a topic's stances now, and then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpreadNote {
    /// The spread as of the as-of date.
    pub now: SpreadPoint,
    /// The spread at the start of the period (comparison date, or the first
    /// date two actors had a stance), when there was one.
    pub then: Option<SpreadPoint>,
    /// Converging, diverging or steady between the two.
    pub trend: Option<Trend>,
}

/// One actor's positions on one topic, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// Index into [`Summary::actors`].
    pub actor: usize,
    /// The positions.
    pub points: Vec<StanceRef>,
}

/// One change of stance in the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// Index into [`Summary::actors`].
    pub actor: usize,
    /// Index into [`Summary::topics`].
    pub topic: usize,
    /// The stance before it (none: the actor's first position on the topic).
    pub from: Option<Stance>,
    /// The position it took (its date is the move's date).
    pub to: StanceRef,
    /// Shift or reversal, toward or away (none for a first position).
    pub class: Option<(ShiftClass, Direction)>,
    /// What backs the new position.
    pub evidence: Quote,
    /// The event it came just after, in words (see [`text::event_context`]):
    /// "1 day after: Trump–Putin summit in Alaska ends without a deal (15 Aug)".
    ///
    /// [`text::event_context`]: super::text::event_context
    pub context: Option<String>,
}

/// At most this many events are listed under "Key events in the period"
/// (the latest), so that a brief over a long window stays short.
pub const KEY_EVENTS: usize = 8;

/// An event of the window, as the brief's "Key events in the period" lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyEvent {
    /// Its id.
    pub id: EventId,
    /// Its dates, written out: "15 August 2025", "23–25 March 2025".
    pub when: String,
    /// Its title.
    pub title: String,
    /// What kind of event.
    pub kind: EventKind,
    /// Where it happened (empty: not recorded).
    pub place: String,
    /// The actors involved that the brief shows, by name, in the brief's
    /// order (all of them, in the event's order, when it shows none).
    pub actors: Vec<String>,
    /// How many other actors took part.
    pub others: usize,
    /// The outlet of its source (empty: none recorded).
    pub outlet: String,
    /// The address of its source.
    pub url: Option<String>,
    /// When the source was published.
    pub published: Option<PartialDate>,
}

impl KeyEvent {
    /// The event of `store` as the brief lists it, naming the actors among
    /// `shown` (indices into the store) and counting the others (naming
    /// them all when none is shown).
    fn of(store: &Store, e: &Event, shown: &[usize]) -> KeyEvent {
        let mut involved = e.actors.clone();
        involved.sort();
        involved.dedup();
        let mut actors: Vec<String> = shown
            .iter()
            .map(|&a| &store.actors[a])
            .filter(|a| e.involves(&a.id))
            .map(|a| a.name.clone())
            .collect();
        if actors.is_empty() {
            // None of them is shown: name them all rather than count them.
            actors = e
                .actors
                .iter()
                .map(|a| store.actor(a).map_or_else(|| a.to_string(), |x| x.name.clone()))
                .collect();
        }
        KeyEvent {
            id: e.id,
            when: super::text::event_when(e),
            title: e.title.trim().to_owned(),
            kind: e.kind,
            place: e.place.trim().to_owned(),
            others: involved.len().saturating_sub(actors.len()),
            actors,
            outlet: e.source.outlet.trim().to_owned(),
            url: e.source.url.clone().filter(|u| !u.trim().is_empty()),
            published: e.source.published,
        }
    }

    /// The source's address as a safe link, if it is a web address: see [`safe_link`].
    pub fn link(&self) -> Option<String> {
        self.url.as_deref().map(str::trim).filter(|u| is_web_address(u)).map(safe_link)
    }
}

/// A statement the summary cites, with everything needed to cite it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cited {
    /// Its number in the list of sources, from 1.
    pub number: usize,
    /// Its id.
    pub id: StatementId,
    /// When it was said.
    pub date: PartialDate,
    /// The actor's name.
    pub actor: String,
    /// The speaker's name, if known.
    pub speaker: Option<String>,
    /// The speaker's role ("Kremlin spokesman"), when the actor lists it.
    pub role: Option<String>,
    /// What the statement does.
    pub kind: Kind,
    /// The key words as written in the store.
    pub quote: String,
    /// True when `quote` is a paraphrase.
    pub paraphrase: bool,
    /// The quote in the original language.
    pub original: Option<String>,
    /// Its positions on the topics shown.
    pub positions: Vec<CitedPosition>,
    /// Confirmed, reported or unverified.
    pub verification: Verification,
    /// The actor who reported it, by name.
    pub reported_by: Option<String>,
    /// The outlet.
    pub outlet: String,
    /// The address of the report.
    pub url: Option<String>,
    /// When the report was published.
    pub published: Option<PartialDate>,
    /// The outlet's reliability, A–F.
    pub reliability: Reliability,
    /// The information's credibility, 1–6.
    pub credibility: Credibility,
}

/// One position of a cited statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitedPosition {
    /// The topic's name.
    pub topic: String,
    /// The stance.
    pub stance: Stance,
    /// The topic's words for the stance.
    pub label: String,
    /// Conditions attached.
    pub conditions: String,
    /// The position's evidence excerpt (empty: none given).
    pub excerpt: String,
    /// The position's rationale (empty: none given).
    pub rationale: String,
}

impl Cited {
    /// The quote as a reader sees it: in curly quotes unless it is a
    /// paraphrase or carries its own quotation marks.
    pub fn quoted(&self) -> String {
        crate::model::quoted(&self.quote, self.paraphrase)
    }

    /// The words that back its position on the topic named `topic`: the
    /// position's excerpt in quotation marks, else its rationale, else the
    /// whole quote as [`Cited::quoted`] shows it.
    pub fn evidence_for(&self, topic: &str) -> String {
        match self.positions.iter().find(|p| p.topic == topic) {
            Some(p) if !p.excerpt.is_empty() => crate::model::quoted(&p.excerpt, false),
            Some(p) if !p.rationale.is_empty() => p.rationale.clone(),
            _ => self.quoted(),
        }
    }

    /// Who said it: the speaker, else the actor.
    pub fn who(&self) -> &str {
        self.speaker.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(&self.actor)
    }

    /// The address as a safe link, if it is a web address (http or https):
    /// see [`safe_link`].
    pub fn link(&self) -> Option<String> {
        self.url.as_deref().map(str::trim).filter(|u| is_web_address(u)).map(safe_link)
    }
}

/// A web address made safe to put in any link, Markdown autolink or HTML
/// attribute: the characters that could end the link or start markup (`<`
/// `>` `"` `'` `` ` `` `\`), and bidirectional controls, are percent-encoded.
/// Every other character is kept, so the address still leads where it did.
pub fn safe_link(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\') || crate::export::text::is_bidi_control(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `url` is an http(s) address without spaces or control characters:
/// only those become links (never `javascript:` or `data:`).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > 8
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl Summary {
    /// Builds the summary of `store` under `options`. Never fails: an empty
    /// selection gives a summary with no topics, which renders as a sentence
    /// saying so.
    pub fn build(store: &Store, options: &SummaryOptions) -> Summary {
        // `since` starts the window; it does not hide the stances held before it.
        let filter = Filter { since: None, ..options.filter.clone() };
        let selected = store.statements.iter().enumerate().filter(|(_, s)| filter.matches(s)).map(|(i, _)| i);
        let positions = Positions::build(store, selected);
        let as_of = as_of(store, options);
        let compare = options
            .compare
            .or_else(|| options.filter.since.and_then(|d| d.pred_opt()))
            .filter(|&c| c < as_of);
        let (actor_idx, topic_idx) = shown(store, &filter, &positions, as_of, compare, options.changed_only);
        let m = analysis::matrix(&positions, &actor_idx, &topic_idx, as_of, compare);
        let mut b = Builder {
            store,
            positions: &positions,
            matrix: &m,
            as_of,
            compare,
            numbers: HashMap::new(),
            sources: Vec::new(),
            topic_idx: &topic_idx,
            stale_days: options.stale_days,
            event_window: options.event_window,
        };
        let mut moves = b.moves();
        moves.sort_by(|x, y| {
            y.to.date.cmp(&x.to.date).then(x.actor.cmp(&y.actor)).then(x.topic.cmp(&y.topic))
        });
        // Cited in the order read: the moves (newest first), then the table, row by row.
        for mv in &mut moves {
            mv.to.statement = b.number(mv.to.statement);
        }
        let mut topics: Vec<TopicSummary> =
            topic_idx.iter().enumerate().map(|(col, &t)| b.topic(col, t, options.detail)).collect();
        for a in 0..actor_idx.len() {
            for t in &mut topics {
                if let Some(s) = t.rows.iter_mut().find(|r| r.actor == a).and_then(|r| r.now.as_mut()) {
                    s.statement = b.number(s.statement);
                }
            }
        }
        if options.detail {
            for t in &mut topics {
                for series in &mut t.timeline {
                    for p in &mut series.points {
                        p.statement = b.number(p.statement);
                    }
                }
            }
        }
        let sources = b.cited();
        let mut events =
            compare.map_or_else(Vec::new, |c| key_events(store, &options.filter, c, as_of, &actor_idx));
        let earlier_events = events.len().saturating_sub(KEY_EVENTS);
        events.drain(..earlier_events);
        let actors = actor_idx
            .iter()
            .map(|&a| {
                let actor = &store.actors[a];
                ActorInfo { id: actor.id.clone(), name: actor.name.clone(), color: actor.color }
            })
            .collect();
        let title = options
            .title
            .clone()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| default_title(&topics));
        Summary {
            title,
            scope: Scope::of(store, &options.filter),
            as_of,
            compare,
            compare_label: options.compare_label.clone().filter(|_| compare.is_some()),
            generated_at: options.generated_at,
            generator: format!("Stancebook {}", env!("CARGO_PKG_VERSION")),
            actors,
            topics,
            moves,
            events,
            earlier_events,
            chart_events: super::chart::chart_events(store, &options.filter),
            sources,
            detail: options.detail,
            changed_only: options.changed_only,
            stale_days: options.stale_days,
        }
    }

    /// The row of actor `actor` (index into `actors`) in topic `topic`, if it has one.
    pub fn row(&self, topic: usize, actor: usize) -> Option<&StanceRow> {
        self.topics.get(topic)?.rows.iter().find(|r| r.actor == actor)
    }

    /// Whether the summary holds no topic at all (nothing matched the filter).
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// The briefing this summary makes, to record in the store: dated its
    /// as-of date, with its title and what it covered (`filter` is the one
    /// it was built with), made at its generation time.
    pub fn briefing(&self, filter: &Filter) -> Briefing {
        Briefing {
            id: BriefingId::new(),
            date: PartialDate::day(self.as_of),
            title: self.title.clone(),
            scope: BriefingScope {
                actors: filter.actors.iter().cloned().collect(),
                topics: filter.topics.iter().cloned().collect(),
                since: self.compare.map(PartialDate::day),
            },
            recorded_at: self.generated_at,
        }
    }

    /// The cited statement behind a stance.
    pub fn source(&self, r: &StanceRef) -> &Cited {
        &self.sources[r.statement]
    }
}

/// The date stances are taken at under `options`: the as-of date given,
/// else the filter's `until`, else the date of the latest statement that
/// passes the filter, else the day of generation.
pub fn as_of(store: &Store, options: &SummaryOptions) -> NaiveDate {
    let filter = Filter { since: None, ..options.filter.clone() };
    options.as_of.or(filter.until).unwrap_or_else(|| {
        store
            .statements
            .iter()
            .filter(|s| filter.matches(s))
            .map(|s| s.date.first_day())
            .max()
            .unwrap_or_else(|| options.generated_at.date())
    })
}

/// The events in view of `filter` (one of its actors shown) whose days
/// overlap the window: after `compare`, up to `as_of`; oldest first. Each
/// names the actors among `shown` that took part.
fn key_events(
    store: &Store,
    filter: &Filter,
    compare: NaiveDate,
    as_of: NaiveDate,
    shown: &[usize],
) -> Vec<KeyEvent> {
    let window = Filter {
        actors: filter.actors.clone(),
        since: compare.succ_opt(),
        until: Some(as_of),
        ..Filter::default()
    };
    let mut events: Vec<&Event> = store.events.iter().filter(|e| window.matches_event(e)).collect();
    events.sort_by_key(|e| e.sort_key());
    events.into_iter().map(|e| KeyEvent::of(store, e, shown)).collect()
}

/// The actors and topics shown (indices into the store): the chosen ones,
/// else those with a position by the as-of date; with `changed_only`, those
/// whose stance moved in the window.
fn shown(
    store: &Store,
    filter: &Filter,
    positions: &Positions,
    as_of: NaiveDate,
    compare: Option<NaiveDate>,
    changed_only: bool,
) -> (Vec<usize>, Vec<usize>) {
    let has_point = |a: usize, t: usize| positions.at_index(a, t, as_of).is_some();
    let actors: Vec<usize> =
        (0..store.actors.len()).filter(|&a| filter.shows_actor(&store.actors[a].id)).collect();
    let mut topics: Vec<usize> = (0..store.topics.len())
        .filter(|&t| filter.shows_topic(&store.topics[t].id))
        .filter(|&t| !filter.topics.is_empty() || actors.iter().any(|&a| has_point(a, t)))
        .collect();
    let mut actors: Vec<usize> = actors
        .into_iter()
        .filter(|&a| !filter.actors.is_empty() || topics.iter().any(|&t| has_point(a, t)))
        .collect();
    if changed_only {
        let moved = |a: usize, t: usize| {
            compare.is_some_and(|c| !analysis::steps(positions.series_at(a, t), c, as_of).is_empty())
        };
        actors.retain(|&a| topics.iter().any(|&t| moved(a, t)));
        topics.retain(|&t| actors.iter().any(|&a| moved(a, t)));
    }
    if actors.iter().all(|&a| topics.iter().all(|&t| !has_point(a, t))) {
        // Nothing to say: the summary says so in a sentence rather than in empty tables.
        return (Vec::new(), Vec::new());
    }
    (actors, topics)
}

/// Builds the parts of a summary, numbering the statements it cites.
struct Builder<'a> {
    store: &'a Store,
    positions: &'a Positions,
    matrix: &'a analysis::Matrix,
    as_of: NaiveDate,
    compare: Option<NaiveDate>,
    topic_idx: &'a [usize],
    stale_days: i64,
    event_window: i64,
    /// Statement index in the store → its place among the sources.
    numbers: HashMap<usize, usize>,
    /// The store's statement indices, in the order first cited.
    sources: Vec<usize>,
}

impl Builder<'_> {
    /// The place among the sources of the store's statement `i`, citing it now if it is new.
    fn number(&mut self, i: usize) -> usize {
        let next = self.sources.len();
        *self.numbers.entry(i).or_insert_with(|| {
            self.sources.push(i);
            next
        })
    }

    /// A stance reference (its `statement` still the store's index until numbered).
    fn stance_ref(p: &analysis::Point) -> StanceRef {
        StanceRef { stance: p.stance, date: p.date, statement: p.statement, unverified: p.unverified }
    }

    /// The evidence of statement `i`'s position on topic `t` (indices into the store).
    fn quote(&self, i: usize, t: usize) -> Quote {
        self.store.statements[i].backing(&self.store.topics[t].id)
    }

    /// Every change of stance in the window, in matrix order.
    fn moves(&self) -> Vec<Move> {
        let m = self.matrix;
        let mut out = Vec::new();
        for (row, _) in m.actors.iter().enumerate() {
            for (col, &t) in m.topics.iter().enumerate() {
                let cell = m.cell(row, col);
                for step in &cell.moves {
                    let series = self.positions.series_at(cell.actor, t);
                    let Some(p) = series.iter().find(|p| p.statement == step.statement) else { continue };
                    let class = step.from.and_then(|f| {
                        let (class, direction) = analysis::classify(f, step.to);
                        direction.map(|d| (class, d))
                    });
                    out.push(Move {
                        actor: row,
                        topic: col,
                        from: step.from,
                        to: Self::stance_ref(p),
                        class,
                        evidence: self.quote(step.statement, t),
                        context: self.context(cell.actor, p.date),
                    });
                }
            }
        }
        out
    }

    /// The event a move of actor `a` (index into the store) on `date` came
    /// just after, in words.
    fn context(&self, a: usize, date: PartialDate) -> Option<String> {
        let store = self.store;
        analysis::event_before(store, &store.actors[a].id, date, self.event_window)
            .map(|l| super::text::event_context(l.event(store), &l))
    }

    /// One topic's column and section.
    fn topic(&self, col: usize, t: usize, detail: bool) -> TopicSummary {
        let store = self.store;
        let topic = &store.topics[t];
        let m = self.matrix;
        let rows: Vec<StanceRow> = (0..m.actors.len())
            .filter_map(|row| {
                let cell = m.cell(row, col);
                cell.now.or(cell.before)?;
                let change = match (self.compare, cell.before, cell.now) {
                    (None, _, _) => Change::NotCompared,
                    (Some(_), _, None) => Change::NoPosition,
                    (Some(_), None, Some(_)) => Change::New,
                    (Some(_), Some(_), Some(_)) => match cell.movement() {
                        Some((class, direction)) => Change::Moved { class, direction },
                        None => Change::Unchanged { moved_between: cell.moved() },
                    },
                };
                let mut path: Vec<Option<Stance>> =
                    cell.moves.first().map(|s| vec![s.from]).unwrap_or_default();
                path.extend(cell.moves.iter().map(|s| Some(s.to)));
                Some(StanceRow {
                    actor: row,
                    now: cell.now.as_ref().map(Self::stance_ref),
                    before: cell.before.map(|p| p.stance),
                    change,
                    path,
                    age_days: cell.age_days(self.as_of),
                    stale: cell.is_stale(self.as_of, self.stale_days),
                    evidence: cell.now.map(|p| self.quote(p.statement, t)),
                })
            })
            .collect();
        let shown: Vec<usize> = rows.iter().map(|r| m.actors[r.actor]).collect();
        let positions = self.positions;
        let spread = analysis::spread_at(positions, t, &shown, self.as_of).map(|now| {
            let start = self
                .compare
                .or_else(|| analysis::spread_series(positions, t, &shown).first().map(|p| p.date));
            let then =
                start.filter(|&d| d < self.as_of).and_then(|d| analysis::spread_at(positions, t, &shown, d));
            let trend = then.and_then(|p| analysis::trend(positions, t, &shown, p.date, self.as_of));
            SpreadNote { now, then, trend }
        });
        let timeline = if detail {
            rows.iter()
                .map(|r| Series {
                    actor: r.actor,
                    points: positions
                        .series_at(m.actors[r.actor], t)
                        .iter()
                        .filter(|p| p.date.first_day() <= self.as_of)
                        .map(Self::stance_ref)
                        .collect(),
                })
                .filter(|s| !s.points.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        TopicSummary {
            id: topic.id.clone(),
            name: topic.name.clone(),
            proposition: topic.proposition.trim().to_owned(),
            labels: Stance::ALL.map(|s| topic.label(s).to_owned()),
            rows,
            spread,
            timeline,
        }
    }

    /// The statements cited, in the order first cited, with their positions on the topics shown.
    fn cited(&self) -> Vec<Cited> {
        let store = self.store;
        self.sources
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let s = &store.statements[i];
                let actor = store.actor(&s.actor);
                Cited {
                    number: n + 1,
                    id: s.id,
                    date: s.date,
                    actor: actor.map_or_else(|| s.actor.to_string(), |a| a.name.clone()),
                    speaker: s.speaker.clone().filter(|n| !n.trim().is_empty()),
                    role: s
                        .speaker
                        .as_deref()
                        .and_then(|n| actor.and_then(|a| a.speaker(n)))
                        .map(|sp| sp.role.clone())
                        .filter(|r| !r.trim().is_empty()),
                    kind: s.kind,
                    quote: s.quote.clone(),
                    paraphrase: s.paraphrase,
                    original: s.original.clone().filter(|o| !o.trim().is_empty()),
                    positions: self
                        .topic_idx
                        .iter()
                        .filter_map(|&t| s.position(&store.topics[t].id))
                        .filter(|p| p.stance.is_valid())
                        .filter_map(|p| {
                            let topic = store.topic(&p.topic)?;
                            Some(CitedPosition {
                                topic: topic.name.clone(),
                                stance: p.stance,
                                label: topic.label(p.stance).to_owned(),
                                conditions: p.conditions.trim().to_owned(),
                                excerpt: p.evidence.excerpt.trim().to_owned(),
                                rationale: p.evidence.rationale.trim().to_owned(),
                            })
                        })
                        .collect(),
                    verification: s.verification,
                    reported_by: s
                        .reported_by
                        .as_ref()
                        .map(|r| store.actor(r).map_or_else(|| r.to_string(), |a| a.name.clone())),
                    outlet: s.source.outlet.trim().to_owned(),
                    url: s.source.url.clone().filter(|u| !u.trim().is_empty()),
                    published: s.source.published,
                    reliability: s.source.reliability,
                    credibility: s.credibility,
                }
            })
            .collect()
    }
}

impl Scope {
    /// The scope a filter gives, in names.
    fn of(store: &Store, filter: &Filter) -> Scope {
        Scope {
            actors: store
                .actors
                .iter()
                .filter(|a| filter.actors.contains(&a.id))
                .map(|a| a.name.clone())
                .collect(),
            topics: store
                .topics
                .iter()
                .filter(|t| filter.topics.contains(&t.id))
                .map(|t| t.name.clone())
                .collect(),
            since: filter.since,
            until: filter.until,
            verifications: filter.verifications.iter().copied().collect(),
            kinds: filter.kinds.iter().copied().collect(),
        }
    }
}

fn default_title(topics: &[TopicSummary]) -> String {
    match topics.len() {
        0 => "Position summary".into(),
        1..=4 => {
            let names: Vec<&str> = topics.iter().map(|t| t.name.as_str()).collect();
            format!("Position summary: {}", super::text::and_list(&names))
        }
        n => format!("Position summary: {n} topics"),
    }
}
