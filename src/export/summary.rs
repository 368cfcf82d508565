//! The position summary as plain data: what a briefing says, built once from
//! the store and a filter, then rendered as Markdown or HTML (or shown live).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::analysis::{self, Direction, Filter, Positions, ShiftClass, SpreadPoint, Trend};
use crate::model::{
    ActorId, Color, Credibility, Kind, PartialDate, Reliability, Stance, StatementId, Store, Timestamp,
    TopicId, Verification,
};

/// What to summarise: which statements (the filter), as of when, compared
/// with when, and when the summary is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryOptions {
    /// Which statements count: actors, topics, date range, verification, kind.
    /// A statement outside the filter appears nowhere in the export.
    pub filter: Filter,
    /// The date stances are taken at. Default: the filter's `until`, else the
    /// date of the latest statement that passes the filter.
    pub as_of: Option<NaiveDate>,
    /// A date to compare with ("since the last briefing"); ignored unless it
    /// is earlier than the as-of date.
    pub compare: Option<NaiveDate>,
    /// When the summary is generated: an input, so that the output is
    /// reproducible (the command line uses the clock, or `SOURCE_DATE_EPOCH`).
    pub generated_at: Timestamp,
    /// A title of the analyst's choosing; default "Position summary: <topics>".
    pub title: Option<String>,
}

impl SummaryOptions {
    /// Options for `filter`, generated at `generated_at`, with the default
    /// as-of date and no comparison.
    pub fn new(filter: Filter, generated_at: Timestamp) -> Self {
        SummaryOptions { filter, as_of: None, compare: None, generated_at, title: None }
    }
}

/// A briefing's worth of positions: per topic, where each actor stands and
/// how that changed; what moved; and the statements it rests on. Every
/// reference to a statement is an index into [`Summary::statements`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The title ("Position summary: Ceasefire, Territory and Foreign troops").
    pub title: String,
    /// What was filtered.
    pub scope: Scope,
    /// The date stances are taken at.
    pub as_of: NaiveDate,
    /// The comparison date, if any (always earlier than `as_of`).
    pub compare: Option<NaiveDate>,
    /// When the summary was generated.
    pub generated_at: Timestamp,
    /// "Stancebook 0.1.0".
    pub generator: String,
    /// The actors that appear, in the store's order.
    pub actors: Vec<ActorInfo>,
    /// One section per topic, in the store's order.
    pub topics: Vec<TopicSummary>,
    /// Every shift in the period, newest first.
    pub moves: Vec<Move>,
    /// The period the moves are taken from.
    pub moves_period: Period,
    /// The statements used, oldest first; `Cited::number` is 1-based.
    pub statements: Vec<Cited>,
}

/// What the filter let through, in the analyst's words.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Scope {
    /// The chosen actors' names; empty when all actors are shown.
    pub actors: Vec<String>,
    /// The chosen topics' names; empty when all topics are shown.
    pub topics: Vec<String>,
    /// Only statements said on or after this day.
    pub since: Option<NaiveDate>,
    /// Only statements said on or before this day.
    pub until: Option<NaiveDate>,
    /// Only these verifications (empty: all).
    pub verifications: Vec<Verification>,
    /// Only these kinds (empty: all).
    pub kinds: Vec<Kind>,
}

/// A date range: after `after` (exclusive) or from `from` (inclusive), up to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The comparison date: only what happened after it.
    pub after: Option<NaiveDate>,
    /// The first day, when the period starts at the filter's `since`.
    pub from: Option<NaiveDate>,
    /// The last day (the as-of date).
    pub to: NaiveDate,
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

/// One topic's section.
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
    /// Every position of each actor up to the as-of date, for the chart.
    pub timeline: Vec<Series>,
}

impl TopicSummary {
    /// The topic's words for a stance ("calls for a truce now").
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
    /// The stance as of the comparison date.
    pub before: Option<StanceRef>,
    /// How it changed between the two.
    pub change: Change,
}

/// A stance and the statement behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StanceRef {
    /// The stance.
    pub stance: Stance,
    /// When it was taken.
    pub date: PartialDate,
    /// Index into [`Summary::statements`].
    pub statement: usize,
    /// It rests on an unverified statement.
    pub unverified: bool,
}

/// How a stance changed since the comparison date.
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
    /// The spread at the start of the period (comparison date, `since`, or the
    /// first date two actors had a stance), when there was one.
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

/// A shift between two consecutive positions of one actor on one topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    /// Index into [`Summary::actors`].
    pub actor: usize,
    /// Index into [`Summary::topics`].
    pub topic: usize,
    /// The earlier position.
    pub from: StanceRef,
    /// The later position (its date is the move's date).
    pub to: StanceRef,
    /// Shift or reversal.
    pub class: ShiftClass,
    /// Toward or away from the proposition.
    pub direction: Direction,
}

/// A statement the summary rests on, with everything needed to cite it.
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
    /// Its positions on the topics shown: (topic name, stance, the topic's label, conditions).
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
}

impl Cited {
    /// The quote as a reader sees it: in curly quotes unless it is a
    /// paraphrase or carries its own quotation marks.
    pub fn quoted(&self) -> String {
        crate::model::quoted(&self.quote, self.paraphrase)
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
        let filter = &options.filter;
        let selected: Vec<usize> =
            store.statements.iter().enumerate().filter(|(_, s)| filter.matches(s)).map(|(i, _)| i).collect();
        let positions = Positions::build(store, selected.iter().copied());

        let as_of = as_of(store, options);
        let compare = options.compare.filter(|&c| c < as_of);

        // Topics and actors shown: the chosen ones, else those with a position by the as-of date.
        let has_point = |a: usize, t: usize| positions.at_index(a, t, as_of).is_some();
        let mut topic_idx: Vec<usize> = (0..store.topics.len())
            .filter(|&t| filter.shows_topic(&store.topics[t].id))
            .filter(|&t| {
                !filter.topics.is_empty()
                    || (0..store.actors.len())
                        .any(|a| filter.shows_actor(&store.actors[a].id) && has_point(a, t))
            })
            .collect();
        let row_actors = |t: usize| -> Vec<usize> {
            (0..store.actors.len())
                .filter(|&a| filter.shows_actor(&store.actors[a].id))
                .filter(|&a| !filter.actors.is_empty() || has_point(a, t))
                .collect()
        };

        // The statements used: every position of a shown actor on a shown topic by the as-of date.
        let mut used: Vec<usize> = Vec::new();
        for &t in &topic_idx {
            for a in row_actors(t) {
                used.extend(
                    positions
                        .series_at(a, t)
                        .iter()
                        .filter(|p| p.date.first_day() <= as_of)
                        .map(|p| p.statement),
                );
            }
        }
        used.sort_by_key(|&i| store.statements[i].sort_key());
        used.dedup();
        if used.is_empty() {
            // Nothing to say: the summary says so in a sentence rather than in empty tables.
            topic_idx.clear();
        }
        let actor_set: BTreeSet<usize> = topic_idx.iter().flat_map(|&t| row_actors(t)).collect();
        let actor_idx: Vec<usize> = actor_set.into_iter().collect();
        let actor_pos: HashMap<usize, usize> = actor_idx.iter().enumerate().map(|(i, &a)| (a, i)).collect();
        let topic_pos: HashMap<usize, usize> = topic_idx.iter().enumerate().map(|(i, &t)| (t, i)).collect();
        let number: HashMap<usize, usize> = used.iter().enumerate().map(|(n, &i)| (i, n)).collect();

        let statements = cited(store, &used, &topic_idx);
        let m = analysis::matrix(&positions, &actor_idx, &topic_idx, as_of, compare);
        let frame = Frame {
            store,
            positions: &positions,
            as_of,
            compare,
            since: filter.since,
            actor_pos: &actor_pos,
            number: &number,
        };
        let topics: Vec<TopicSummary> = topic_idx
            .iter()
            .enumerate()
            .map(|(col, &t)| frame.topic_summary(&m, col, t, &row_actors(t)))
            .collect();
        // What moved: shifts after the comparison date (or from `since`) up to the as-of date.
        let moves_period =
            Period { after: compare, from: if compare.is_none() { filter.since } else { None }, to: as_of };
        let moves = frame.moves(&topic_pos, &topics);
        let actors: Vec<ActorInfo> = actor_idx
            .iter()
            .map(|&a| {
                let actor = &store.actors[a];
                ActorInfo { id: actor.id.clone(), name: actor.name.clone(), color: actor.color }
            })
            .collect();
        let scope = Scope::of(store, filter);
        let title = options
            .title
            .clone()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| default_title(&topics));
        Summary {
            title,
            scope,
            as_of,
            compare,
            generated_at: options.generated_at,
            generator: format!("Stancebook {}", env!("CARGO_PKG_VERSION")),
            actors,
            topics,
            moves,
            moves_period,
            statements,
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
}

/// The date stances are taken at under `options`: the as-of date given,
/// else the filter's `until`, else the date of the latest statement that
/// passes the filter, else the day of generation.
pub fn as_of(store: &Store, options: &SummaryOptions) -> NaiveDate {
    let filter = &options.filter;
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

/// What the parts of a summary are computed against.
struct Frame<'a> {
    store: &'a Store,
    positions: &'a Positions,
    as_of: NaiveDate,
    compare: Option<NaiveDate>,
    since: Option<NaiveDate>,
    /// Actor index in the store → its row in the summary.
    actor_pos: &'a HashMap<usize, usize>,
    /// Statement index in the store → its number among those cited (0-based).
    number: &'a HashMap<usize, usize>,
}

impl Frame<'_> {
    fn cite(&self, p: &analysis::Point) -> StanceRef {
        StanceRef {
            stance: p.stance,
            date: p.date,
            statement: self.number[&p.statement],
            unverified: p.unverified,
        }
    }

    /// One topic's section: each shown actor's stance and change, the spread, the timeline.
    fn topic_summary(&self, m: &analysis::Matrix, col: usize, t: usize, shown: &[usize]) -> TopicSummary {
        let store = self.store;
        let topic = &store.topics[t];
        let rows = shown
            .iter()
            .map(|&a| {
                let cell = m.cell(self.actor_pos[&a], col);
                let change = match (self.compare, cell.before, cell.now) {
                    (None, _, _) => Change::NotCompared,
                    (Some(_), _, None) => Change::NoPosition,
                    (Some(_), None, Some(_)) => Change::New,
                    (Some(_), Some(_), Some(_)) => match cell.movement() {
                        Some((class, direction)) => Change::Moved { class, direction },
                        None => Change::Unchanged {
                            moved_between: cell.since_compare.iter().any(|&i| {
                                store.statements[i]
                                    .position(&topic.id)
                                    .is_some_and(|p| cell.now.is_some_and(|n| n.stance != p.stance))
                            }),
                        },
                    },
                };
                StanceRow {
                    actor: self.actor_pos[&a],
                    now: cell.now.as_ref().map(|p| self.cite(p)),
                    before: cell.before.as_ref().map(|p| self.cite(p)),
                    change,
                }
            })
            .collect();
        let positions = self.positions;
        let spread = analysis::spread_at(positions, t, shown, self.as_of).map(|now| {
            let start = self
                .compare
                .or(self.since)
                .or_else(|| analysis::spread_series(positions, t, shown).first().map(|p| p.date));
            let then =
                start.filter(|&d| d < self.as_of).and_then(|d| analysis::spread_at(positions, t, shown, d));
            let trend = then.and_then(|p| analysis::trend(positions, t, shown, p.date, self.as_of));
            SpreadNote { now, then, trend }
        });
        let timeline = shown
            .iter()
            .map(|&a| Series {
                actor: self.actor_pos[&a],
                points: positions
                    .series_at(a, t)
                    .iter()
                    .filter(|p| p.date.first_day() <= self.as_of)
                    .map(|p| self.cite(p))
                    .collect(),
            })
            .filter(|s| !s.points.is_empty())
            .collect();
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

    /// The shifts after the comparison date (or from `since`) up to the
    /// as-of date, of the actors and topics shown.
    fn moves(&self, topic_pos: &HashMap<usize, usize>, topics: &[TopicSummary]) -> Vec<Move> {
        let store = self.store;
        let lo = self.compare.and_then(|c| c.succ_opt()).or(self.since);
        self.positions
            .shifts(store, lo, Some(self.as_of))
            .into_iter()
            .filter_map(|s| {
                let actor = *self.actor_pos.get(&s.actor)?;
                let topic = *topic_pos.get(&s.topic)?;
                if !topics[topic].rows.iter().any(|r| r.actor == actor) {
                    return None;
                }
                let series = self.positions.series_at(s.actor, s.topic);
                // The series is sorted by (date, id): find a statement's point by binary search.
                let key = |i: usize| store.statements[i].sort_key();
                let point = |i: usize| {
                    let at = series.partition_point(|p| key(p.statement) < key(i));
                    series.get(at).filter(|p| p.statement == i)
                };
                let from = point(s.from_statement)?;
                let to = point(s.to_statement)?;
                Some(Move {
                    actor,
                    topic,
                    from: self.cite(from),
                    to: self.cite(to),
                    class: s.class,
                    direction: s.direction,
                })
            })
            .collect()
    }
}

impl Scope {
    /// The scope a filter gives, in names.
    fn of(store: &Store, filter: &crate::analysis::Filter) -> Scope {
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

/// The statements cited, numbered in order, with their positions on the topics shown.
fn cited(store: &Store, used: &[usize], topic_idx: &[usize]) -> Vec<Cited> {
    used.iter()
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
                positions: topic_idx
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
