//! Migration of older store files to the current schema.
//!
//! Schema history:
//! - **1** — the first draft format: a statement took exactly one position,
//!   written as `topic` and `stance` fields on the statement itself.
//! - **2** — statements carry `positions: [(topic, stance, conditions)]`, so
//!   one statement can take positions on several topics.
//! - **3** — each position may carry its own `evidence: (excerpt, rationale)`,
//!   and the store keeps its `briefings` (the list is required, like every list).
//! - **4** — the store keeps dated `events` (summits, calls, talks, plans,
//!   truces…) between the briefings and the statements.
//! - **5** — a statement may record the analyst who entered it and who last
//!   changed it (`entered_by`, `changed_by`: a name and an optional e-mail),
//!   and the store may keep a list of `conflicts`: versions of statements a
//!   team sync set aside until an analyst decides.
//!   Nothing to convert: the statements of older stores read as entered and
//!   changed by an unknown analyst, and are written as they were until
//!   someone edits them.
//! - **6** — the store may keep a `lexicon`: phrases analysts taught ingest
//!   by correcting its candidates, and what each means (a topic, a stance on
//!   a topic, a speaker, an actor). Nothing to convert: older stores have none.

use serde::Deserialize;

use super::format::parse;
use crate::model::{
    Actor, ActorId, Briefing, Credibility, Event, Kind, PartialDate, Position, SCHEMA, Source, Stance,
    Statement, StatementId, Store, Timestamp, Topic, TopicId, Verification,
};

type ParseFailure = (usize, usize, String);

/// Reads text written with schema `from` (older than [`SCHEMA`]) into the current model.
pub fn from_older(from: u32, text: &str) -> Result<Store, ParseFailure> {
    match from {
        1 => parse::<StoreV1>(text).map(StoreV1::migrate),
        2 => parse::<StoreV2>(text).map(StoreV2::migrate),
        3 => parse::<StoreV3>(text).map(StoreV3::migrate),
        4 => parse::<StoreV4>(text).map(StoreV4::migrate),
        // Schema 5 had no lexicon: the current model reads it as it is.
        5 => parse::<Store>(text).map(|s| Store { schema: SCHEMA, ..s }),
        _ => Err((
            1,
            1,
            format!("schema {from} is not a Stancebook schema (this version reads 1 to {SCHEMA})"),
        )),
    }
}

/// Schema 4: the statements record no analyst (they read as unknown).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreV4 {
    #[allow(dead_code)]
    schema: u32,
    actors: Vec<Actor>,
    topics: Vec<Topic>,
    briefings: Vec<Briefing>,
    events: Vec<Event>,
    statements: Vec<Statement>,
}

impl StoreV4 {
    fn migrate(self) -> Store {
        Store {
            schema: SCHEMA,
            actors: self.actors,
            topics: self.topics,
            briefings: self.briefings,
            events: self.events,
            conflicts: Vec::new(),
            lexicon: Vec::new(),
            statements: self.statements,
        }
    }
}

/// Schema 3: no events.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreV3 {
    #[allow(dead_code)]
    schema: u32,
    actors: Vec<Actor>,
    topics: Vec<Topic>,
    briefings: Vec<Briefing>,
    statements: Vec<Statement>,
}

impl StoreV3 {
    fn migrate(self) -> Store {
        Store {
            schema: SCHEMA,
            actors: self.actors,
            topics: self.topics,
            briefings: self.briefings,
            events: Vec::new(),
            conflicts: Vec::new(),
            lexicon: Vec::new(),
            statements: self.statements,
        }
    }
}

/// Schema 2: no briefings, no evidence (a position without evidence reads as today's).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreV2 {
    #[allow(dead_code)]
    schema: u32,
    actors: Vec<Actor>,
    topics: Vec<Topic>,
    statements: Vec<Statement>,
}

impl StoreV2 {
    fn migrate(self) -> Store {
        Store {
            schema: SCHEMA,
            actors: self.actors,
            topics: self.topics,
            briefings: Vec::new(),
            events: Vec::new(),
            conflicts: Vec::new(),
            lexicon: Vec::new(),
            statements: self.statements,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreV1 {
    #[allow(dead_code)]
    schema: u32,
    actors: Vec<Actor>,
    topics: Vec<Topic>,
    statements: Vec<StatementV1>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementV1 {
    id: StatementId,
    date: PartialDate,
    actor: ActorId,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    kind: Kind,
    quote: String,
    #[serde(default)]
    paraphrase: bool,
    topic: TopicId,
    stance: Stance,
    #[serde(default)]
    conditions: String,
    source: Source,
    #[serde(default)]
    credibility: Credibility,
    #[serde(default)]
    verification: Verification,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    notes: String,
    recorded_at: Timestamp,
    updated_at: Timestamp,
}

impl StoreV1 {
    fn migrate(self) -> Store {
        let statements = self
            .statements
            .into_iter()
            .map(|s| Statement {
                id: s.id,
                date: s.date,
                actor: s.actor,
                speaker: s.speaker,
                kind: s.kind,
                quote: s.quote,
                paraphrase: s.paraphrase,
                original: None,
                positions: vec![Position {
                    topic: s.topic,
                    stance: s.stance,
                    conditions: s.conditions,
                    evidence: Default::default(),
                }],
                source: s.source,
                credibility: s.credibility,
                verification: s.verification,
                reported_by: None,
                tags: s.tags,
                notes: s.notes,
                recorded_at: s.recorded_at,
                updated_at: s.updated_at,
                entered_by: None,
                changed_by: None,
            })
            .collect();
        Store {
            schema: SCHEMA,
            actors: self.actors,
            topics: self.topics,
            briefings: Vec::new(),
            events: Vec::new(),
            conflicts: Vec::new(),
            lexicon: Vec::new(),
            statements,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::format::to_text;

    #[test]
    fn a_schema_4_store_reads_with_every_analyst_unknown_and_writes_back_as_it_was() {
        let sample = crate::store::sample();
        let current = format!("\n    schema: {SCHEMA},\n");
        let v4 = to_text(&sample).replacen(&current, "\n    schema: 4,\n", 1);
        assert!(
            v4.contains("\n    schema: 4,\n") && !v4.contains("entered_by") && !v4.contains("changed_by")
        );
        let store = from_older(4, &v4).expect("a schema-4 store reads");
        assert_eq!(store.schema, SCHEMA);
        assert!(store.statements.iter().all(|s| s.entered_by.is_none() && s.changed_by.is_none()));
        assert_eq!(store, sample);
        // Nothing to convert: written back, only the schema number moves.
        assert_eq!(to_text(&store).replacen(&current, "\n    schema: 4,\n", 1), v4);
    }
}
