//! Ingest: a pasted live blog or article → candidate statements for the
//! analyst to review (speaker, actor, topics with a stance suggestion, kind,
//! verification, date resolved against the publication date, and whether the
//! store already holds the statement), and candidate events: the dated
//! meetings, calls, summits and talks the text names ([`EventCandidate`]).
//! Pure functions over the model: no IO, no egui.
//!
//! Everything the store knows drives extraction: its speakers, their aliases
//! and roles, its actors' names and the topics' keywords; a small built-in
//! gazetteer (`data/ingest_gazetteer.tsv`) maps institutions and capitals to
//! the store's actors. No rule is keyed to any particular text.
//!
//! ```
//! use chrono::NaiveDate;
//! use stancebook::ingest::{self, IngestOptions};
//!
//! let mut store = stancebook::store::sample();
//! store.statements.clear();
//! let opts = IngestOptions { published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(), outlet: "Reuters".into() };
//! let text = "Kremlin spokesman Dmitry Peskov said on Wednesday that a ceasefire was “nothing more than a respite”.";
//! let found = ingest::extract(text, &store, &opts);
//! let c = &found.candidates[0];
//! assert_eq!(c.actor.as_ref().map(|a| a.as_str()), Some("kremlin"));
//! assert_eq!(c.speaker.as_deref(), Some("Dmitry Peskov"));
//! assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2025-03-12"));
//! assert_eq!(c.positions[0].topic.as_str(), "ceasefire");
//! assert!(c.positions[0].stance.value() < 0);
//! ```

mod confidence;
mod cues;
mod dates;
mod duplicates;
mod events;
mod learn;
mod lexicon;
mod mentions;
mod pipeline;
pub mod scorer;
mod text;
mod transcript;

use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use crate::draft::{PositionDraft, StatementDraft};
use crate::model::{
    ActorId, Kind, PartialDate, Source, Stance, Statement, StatementId, Store, TopicId, Verification,
};

pub use confidence::{FieldDoubt, FieldRecord, Level};
pub use events::{EventCandidate, EventRecord};
pub use learn::{Teacher, lessons};
pub use lexicon::GAZETTEER;
pub use pipeline::{Trace, TraceField, TraceStep};
pub use text::{html_to_text, looks_like_html};

/// Texts longer than this are cut before extraction (with a note in the message).
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// What the analyst tells ingest about the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestOptions {
    /// When the text was published: "today", "yesterday" and "on Wednesday" are read against it.
    pub published: NaiveDate,
    /// The outlet that published it (filled into the source of accepted statements).
    pub outlet: String,
}

/// One topic of a candidate and the suggested stance on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicStance {
    /// The topic's id.
    pub topic: TopicId,
    /// The suggested stance, −2..=+2.
    pub stance: Stance,
    /// The words of the quote that carried the topic (its evidence), if the
    /// topic was found in the quote.
    pub evidence: String,
}

/// A candidate statement found in the text, for the analyst to accept, edit or drop.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The 1-based line of the input on which its (first) sentence starts.
    pub line: usize,
    /// The 1-based line on which its last sentence ends.
    pub last_line: usize,
    /// Byte range in the input from the start of its first sentence to the end of its last.
    pub span: Range<usize>,
    /// Byte ranges of each of its sentences in the input (for highlighting).
    pub sentences: Vec<Range<usize>>,
    /// The speaker: a store speaker's canonical name, or a name or role as written.
    pub speaker: Option<String>,
    /// The actor, when the speaker or institution belongs to one in the store.
    pub actor: Option<ActorId>,
    /// When it was said, if the text tells.
    pub date: Option<PartialDate>,
    /// What the statement does.
    pub kind: Kind,
    /// What the text shows about whether it was said.
    pub verification: Verification,
    /// Topics and a stance suggestion on each.
    pub positions: Vec<TopicStance>,
    /// The direct quote (fragments joined with " … "), or the sentence when there is none.
    pub quote: String,
    /// True when `quote` is the reporter's sentence, not the speaker's words.
    pub paraphrase: bool,
    /// A statement of the store that this candidate repeats.
    pub duplicate_of: Option<StatementId>,
    /// A claim framed as long-standing ("has long argued", "has repeatedly
    /// said", "since 2022"), not news of the day: dated only as the text
    /// dates it, and accepted with no date until the analyst gives one.
    pub background: bool,
    /// The actor whose account this is, when one side reports another's
    /// position ("Witkoff said the Russians agreed…"): the statement's
    /// `reported_by`; its verification is then `reported`.
    pub reported_by: Option<ActorId>,
    /// Why each field is what it is: the rule of the pipeline that set it,
    /// and how sure that rule is ([`Candidate::doubts`]).
    pub trace: Trace,
}

/// Why a candidate cannot become a statement as it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotReady(pub String);

impl std::fmt::Display for NotReady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotReady {}

impl Candidate {
    /// The date an accepted candidate takes: its own, else the publication
    /// date — except for a background claim, which takes no date the text
    /// does not give it (the analyst must choose one).
    pub fn accepted_date(&self, source: &Source) -> Option<PartialDate> {
        if self.background { self.date } else { self.date.or(source.published) }
    }

    /// The candidate as a statement draft, with `source` (outlet, url,
    /// published, reliability) filled in and the date defaulting to the
    /// publication date when the text gave none (not for a background
    /// claim: its date is left empty, and the draft says "When was it
    /// said?"); `reported_by` is the reporting actor of a second-hand
    /// position. What the analyst accepts goes through the same draft as
    /// the editor and `stancebook add`.
    pub fn to_draft(&self, store: &Store, source: &Source) -> StatementDraft {
        let actor_name = |id: &ActorId| store.actor(id).map_or(id.0.clone(), |a| a.name.clone());
        StatementDraft {
            actor: self.actor.as_ref().map(actor_name).unwrap_or_default(),
            speaker: self.speaker.clone().unwrap_or_default(),
            date: self.accepted_date(source).map(|d| d.to_string()).unwrap_or_default(),
            reported_by: self.reported_by.as_ref().map(actor_name).unwrap_or_default(),
            kind: self.kind,
            quote: self.quote.trim().to_owned(),
            paraphrase: self.paraphrase,
            positions: self
                .positions
                .iter()
                .map(|p| PositionDraft {
                    topic: p.topic.0.clone(),
                    stance: p.stance.value(),
                    // The clause that carried the topic, when it is words of the quote.
                    excerpt: Some(p.evidence.trim())
                        .filter(|e| !e.is_empty() && self.quote.contains(*e))
                        .unwrap_or_default()
                        .to_owned(),
                    ..PositionDraft::default()
                })
                .collect(),
            outlet: source.outlet.clone(),
            url: source.url.clone().unwrap_or_default(),
            published: source.published.map(|d| d.to_string()).unwrap_or_default(),
            reliability: source.reliability,
            verification: self.verification,
            ..StatementDraft::default()
        }
    }

    /// The statement the analyst accepts (see [`Candidate::to_draft`]). Fails,
    /// naming the line and what to do, when the candidate has no actor, no
    /// topic or no date yet.
    pub fn to_statement(&self, store: &Store, source: &Source) -> Result<Statement, NotReady> {
        if self.actor.is_none() {
            return Err(NotReady(format!("line {}: pick an actor first", self.line)));
        }
        if self.positions.is_empty() {
            return Err(NotReady(format!("line {}: pick at least one topic first", self.line)));
        }
        if self.accepted_date(source).is_none() {
            let why = if self.background {
                "a background claim (long-standing, not news of the day): give the date it was said, the text names none"
            } else {
                "give the date it was said"
            };
            return Err(NotReady(format!("line {}: {why}", self.line)));
        }
        self.to_draft(store, source).to_statement(store, None).map_err(|errors| {
            let all: Vec<String> = errors.into_iter().map(|e| e.message).collect();
            NotReady(format!("line {}: {}", self.line, all.join("; ")))
        })
    }

    /// The candidate as the JSON record of `stancebook ingest --json`.
    pub fn record(&self) -> CandidateRecord {
        CandidateRecord {
            line: self.line,
            last_line: self.last_line,
            start: self.span.start,
            end: self.span.end,
            speaker: self.speaker.clone(),
            actor: self.actor.as_ref().map(|a| a.0.clone()),
            date: self.date.map(|d| d.to_string()),
            date_precision: self.date.map(|d| d.precision().as_str()),
            kind: self.kind.as_str(),
            verification: self.verification.as_str(),
            topics: self
                .positions
                .iter()
                .map(|p| TopicRecord {
                    topic: p.topic.0.clone(),
                    stance: p.stance.value(),
                    evidence: p.evidence.clone(),
                    topic_confidence: self.topic_doubt(TraceField::Topic, &p.topic).record(),
                    stance_confidence: self.topic_doubt(TraceField::Stance, &p.topic).record(),
                })
                .collect(),
            quote: self.quote.clone(),
            paraphrase: self.paraphrase,
            duplicate_of: self.duplicate_of.map(|d| d.to_string()),
            background: self.background,
            reported_by: self.reported_by.as_ref().map(|a| a.0.clone()),
            confidence: confidence::round(self.confidence()),
            doubt: self.doubt().as_str(),
            fields: self
                .doubts()
                .into_iter()
                .filter(|d| d.topic.is_none())
                .map(|d| (d.field.name(), d.record()))
                .collect(),
        }
    }
}

/// The JSON shape of one candidate (DESIGN.md: `ingest --json`), plus
/// `last_line`, the byte range `start..end` and `paraphrase`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CandidateRecord {
    /// 1-based line where the statement's sentence starts.
    pub line: usize,
    /// 1-based line where its last sentence ends.
    pub last_line: usize,
    /// Byte offset of its start in the input.
    pub start: usize,
    /// Byte offset of its end in the input.
    pub end: usize,
    /// Speaker, if any.
    pub speaker: Option<String>,
    /// Actor id, if any.
    pub actor: Option<String>,
    /// ISO date, if any.
    pub date: Option<String>,
    /// `day`, `month` or `year`, if there is a date.
    pub date_precision: Option<&'static str>,
    /// The kind.
    pub kind: &'static str,
    /// The verification.
    pub verification: &'static str,
    /// Topics with stances.
    pub topics: Vec<TopicRecord>,
    /// The quote.
    pub quote: String,
    /// Whether the quote is a paraphrase.
    pub paraphrase: bool,
    /// The id of the statement it repeats, if any.
    pub duplicate_of: Option<String>,
    /// A long-standing claim, not news of the day (see [`Candidate::background`]).
    pub background: bool,
    /// The reporting actor's id, for another actor's account of a position.
    pub reported_by: Option<String>,
    /// The candidate's confidence: that of its weakest field, 0.0–1.0.
    pub confidence: f32,
    /// The level of its weakest field: `high`, `medium` or `low`.
    pub doubt: &'static str,
    /// Per field (`speaker`, `actor`, `date`, `kind`, `verification`, and
    /// `topic` when none was found): its confidence, level and reason.
    /// Topics and stances carry theirs in `topics`.
    pub fields: std::collections::BTreeMap<&'static str, FieldRecord>,
}

/// One topic of a [`CandidateRecord`].
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TopicRecord {
    /// Topic id.
    pub topic: String,
    /// Stance −2..=2.
    pub stance: i8,
    /// The words that carried the topic (empty when none stands out).
    pub evidence: String,
    /// How sure the topic is, and why.
    pub topic_confidence: FieldRecord,
    /// How sure the stance is, and why.
    pub stance_confidence: FieldRecord,
}

/// One sentence of the input, for highlighting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Byte range in the input.
    pub range: Range<usize>,
    /// 1-based line on which it starts.
    pub line: usize,
}

/// What ingest found in a text.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Extraction {
    /// The candidates, in the order of the text.
    pub candidates: Vec<Candidate>,
    /// The dated events the text names (meetings, calls, summits, talks…),
    /// in the order of the text, each once however often it is named.
    pub events: Vec<EventCandidate>,
    /// Every sentence of the text, with its byte range and line.
    pub sentences: Vec<SentenceSpan>,
    /// Why there is nothing to propose, or a note on the input (cut, binary…).
    pub message: Option<String>,
}

/// Finds candidate statements in `text`, using what `store` knows (speakers,
/// aliases, roles, actors, topic keywords) and flagging those the store
/// already holds. Never panics; an empty result carries a message saying why.
pub fn extract(text: &str, store: &Store, opts: &IngestOptions) -> Extraction {
    if text.trim().is_empty() {
        return Extraction {
            message: Some("the text is empty: nothing to propose".into()),
            ..Default::default()
        };
    }
    if let Some(reason) = text::binary_reason(text) {
        return Extraction { message: Some(format!("{reason}: nothing to propose")), ..Default::default() };
    }
    let mut note = None;
    let mut body = text;
    if body.len() > MAX_TEXT_BYTES {
        let mut cut = MAX_TEXT_BYTES;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body = &body[..cut];
        note =
            Some(format!("the text is longer than {} MB: only its beginning was read", MAX_TEXT_BYTES >> 20));
    }
    let mut out = pipeline::run(body, store, opts);
    for c in &mut out.candidates {
        learn::apply_names(c, store);
        let said: Vec<&str> = c.sentences.iter().filter_map(|r| body.get(r.clone())).collect();
        c.duplicate_of = duplicates::find(c, &said.join(" "), store);
    }
    if out.candidates.is_empty() {
        let why = if out.sentences.is_empty() {
            "no sentences in the text: nothing to propose".to_owned()
        } else {
            format!(
                "no attributable statements found in {} sentence{}: nobody known to the store, no institution and no quoted speaker says anything there",
                out.sentences.len(),
                if out.sentences.len() == 1 { "" } else { "s" }
            )
        };
        out.message = Some(match note {
            Some(n) => format!("{n}; {why}"),
            None => why,
        });
    } else {
        out.message = note;
    }
    out
}

/// A copy of `store` with its statements removed: actors, speakers and topics only.
pub fn without_statements(store: &Store) -> Store {
    Store { statements: Vec::new(), ..store.clone() }
}
