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

use serde::Deserialize;

use super::format::parse;
use crate::model::{
    Actor, ActorId, Briefing, Credibility, Kind, PartialDate, Position, SCHEMA, Source, Stance, Statement,
    StatementId, Store, Timestamp, Topic, TopicId, Verification,
};

type ParseFailure = (usize, usize, String);

/// Reads text written with schema `from` (older than [`SCHEMA`]) into the current model.
pub fn from_older(from: u32, text: &str) -> Result<Store, ParseFailure> {
    match from {
        1 => parse::<StoreV1>(text).map(StoreV1::migrate),
        2 => parse::<StoreV2>(text).map(StoreV2::migrate),
        3 => parse::<StoreV3>(text).map(StoreV3::migrate),
        _ => Err((
            1,
            1,
            format!("schema {from} is not a Stancebook schema (this version reads 1 to {SCHEMA})"),
        )),
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
            })
            .collect();
        Store {
            schema: SCHEMA,
            actors: self.actors,
            topics: self.topics,
            briefings: Vec::new(),
            events: Vec::new(),
            statements,
        }
    }
}
