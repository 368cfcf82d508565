//! The domain model: plain data types for actors, topics, statements, events,
//! briefings and the store that holds them, with their invariants. No IO happens here.

mod actor;
mod briefing;
mod conflict;
mod date;
mod event;
mod ids;
mod lexicon;
mod stance;
mod statement;
mod store;
mod topic;
mod validate;

pub use actor::{Actor, ActorKind, Color, Speaker};
pub use briefing::{Briefing, BriefingScope};
pub use conflict::{SetAside, Settled};
pub use date::{DateError, PartialDate, Precision, Timestamp};
pub use event::{Event, EventKind};
pub use ids::{ActorId, BriefingId, EventId, StatementId, TopicId, is_slug, slugify};
pub use lexicon::{Learned, LexiconKey, Meaning, fold_phrase, normalise as normalise_lexicon};
pub use stance::{Stance, StanceError};
pub use statement::{
    Analyst, Backing, Credibility, Evidence, Kind, Position, Reliability, Source, Statement, Verification,
    quoted,
};
pub use store::{SCHEMA, Store};
pub use topic::Topic;
pub use validate::{Problem, Subject};
