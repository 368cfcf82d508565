//! Search: the query language (filters plus free text) and fuzzy ranking
//! with match positions for highlighting, fast enough to run on every
//! keystroke over 100,000 statements; and finding events by their words
//! ([`events`]), for `event:` and the events panel.
//!
//! ```
//! use stancebook::search::{Query, SearchIndex};
//! let store = stancebook::store::sample();
//! let index = SearchIndex::build(&store);
//! let query = Query::parse_checked("actor:kremlin topic:territory peskov", &store).unwrap();
//! let results = index.search(&store, &query, 20);
//! for hit in &results.hits {
//!     let statement = &store.statements[hit.index];
//!     assert_eq!(statement.actor.as_str(), "kremlin");
//! }
//! ```
//!
//! How free text matches:
//! - each word must match somewhere in the statement (quote, original
//!   wording, speaker and the speaker's aliases, actor name, outlet, tags,
//!   notes, and the names of the topics it takes positions on); its score is fuzzy-matcher's skim v2 score in the best field, and
//!   a statement's score is the sum over its words;
//! - in short fields (speaker, aliases, actor, outlet, tags) a word matches as
//!   skim matches: its letters in order, anywhere (`dp` finds Dmitry Peskov);
//! - in long text (quote, original, notes) its letters must also lie close
//!   together (see [`matcher::max_span`]), so that a word is not "found" as
//!   letters scattered over a paragraph;
//! - a quoted phrase matches exactly (ignoring case and accents); `-word` and
//!   `-"phrase"` leave out statements that contain them exactly;
//! - case and Latin accents are ignored (`sikorski` finds Radosław Sikorski,
//!   `песков` finds Песков);
//! - a word of four letters or more that would leave no result is retried
//!   forgiving one typo (a missing, extra, wrong or swapped letter:
//!   `zelenksy`, `peskof`), with a lower score;
//! - ties are broken by date, newest first; with no free text the filtered
//!   statements come newest first.

pub mod events;
pub mod fold;
mod index;
pub mod matcher;
mod query;

pub use index::{Facts, SearchIndex};
pub use query::{
    Clause, EVENT_WINDOW_DAYS, EVENT_WINDOW_MAX_DAYS, FILTER_NAMES, Filter, QUERY_HELP, Query, QueryError,
    StanceRange, Term, UNKNOWN_ANALYST, Value, analyst_matches, is_unknown_analyst, resolve_actor,
    resolve_topic, store_analysts,
};

use crate::model::{Statement, StatementId, Store};

/// A searchable field of a statement, for highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `statement.quote`.
    Quote,
    /// `statement.original` (the quote in the original language).
    Original,
    /// `statement.speaker`.
    Speaker,
    /// The speaker's alias with this index in the actor's `Speaker::aliases`.
    SpeakerAlias(usize),
    /// The actor's display name.
    Actor,
    /// `statement.source.outlet`.
    Outlet,
    /// `statement.tags[i]`.
    Tag(usize),
    /// `statement.notes`.
    Notes,
    /// The name of the topic of `statement.positions[i]` ("troops" finds the
    /// statements on Foreign troops).
    Topic(usize),
}

impl Field {
    /// The text this field shows for `statement` (its char indices are what
    /// [`FieldMatch::char_indices`] points into).
    pub fn text<'a>(self, store: &'a Store, statement: &'a Statement) -> Option<&'a str> {
        match self {
            Field::Quote => Some(&statement.quote),
            Field::Original => statement.original.as_deref(),
            Field::Speaker => statement.speaker.as_deref(),
            Field::SpeakerAlias(i) => store
                .actor(&statement.actor)?
                .speaker(statement.speaker.as_deref()?)?
                .aliases
                .get(i)
                .map(String::as_str),
            Field::Actor => store.actor(&statement.actor).map(|a| a.name.as_str()),
            Field::Outlet => Some(&statement.source.outlet),
            Field::Tag(i) => statement.tags.get(i).map(String::as_str),
            Field::Notes => Some(&statement.notes),
            Field::Topic(i) => store.topic(&statement.positions.get(i)?.topic).map(|t| t.name.as_str()),
        }
    }

    /// The field's name in JSON: `quote`, `original`, `speaker`, `alias`, `actor`, `outlet`, `tag`, `notes`, `topic`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Quote => "quote",
            Field::Original => "original",
            Field::Speaker => "speaker",
            Field::SpeakerAlias(_) => "alias",
            Field::Actor => "actor",
            Field::Outlet => "outlet",
            Field::Tag(_) => "tag",
            Field::Notes => "notes",
            Field::Topic(_) => "topic",
        }
    }
}

/// The characters of one field that a query matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMatch {
    /// Which field.
    pub field: Field,
    /// Indices of the matched characters (`text.chars().nth(i)`), ascending, no duplicates.
    pub char_indices: Vec<usize>,
}

/// One statement found by a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Its index in `store.statements`.
    pub index: usize,
    /// Its id.
    pub id: StatementId,
    /// The sum of its words' skim scores (0 when the query has no free text).
    pub score: i64,
    /// What to highlight, field by field (empty when the query has no free text).
    pub matches: Vec<FieldMatch>,
}

/// The result of a search: the best hits, and how many statements matched in all.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SearchResults {
    /// The best `limit` hits: highest score first, then newest first.
    pub hits: Vec<Hit>,
    /// How many statements match the query (all of them, not only `hits`).
    pub total: usize,
}

/// A statement's searchable text on one line, fields separated by tabs (quote,
/// original, speaker, the speaker's aliases, actor name, outlet, tags, notes;
/// line breaks and tabs inside them become spaces): for comparing with other
/// tools such as `fzf --filter`.
pub fn searchable_line(store: &Store, s: &Statement) -> String {
    let actor = store.actor(&s.actor);
    let aliases = s
        .speaker
        .as_deref()
        .and_then(|n| actor.and_then(|a| a.speaker(n)))
        .map(|sp| sp.aliases.join(" "))
        .unwrap_or_default();
    let fields = [
        s.quote.as_str(),
        s.original.as_deref().unwrap_or(""),
        s.speaker.as_deref().unwrap_or(""),
        &aliases,
        actor.map_or("", |a| a.name.as_str()),
        &s.source.outlet,
        &s.tags.join(" "),
        &s.notes,
    ];
    fields.map(|f| f.replace(['\t', '\n', '\r'], " ")).join("\t")
}
