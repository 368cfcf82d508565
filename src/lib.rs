//! Stancebook keeps a local store of diplomatic statements — who said what,
//! when, for which actor, on which topic, with what stance — and shows how
//! positions move over time.
//!
//! The library holds everything but the window code, so the command line,
//! the tests and the benchmarks use the same core as the app:
//!
//! - [`model`]: plain domain types and their invariants;
//! - [`store`]: the store file (atomic saves, backups, lock, migration),
//!   import and merge;
//! - [`export`]: position summaries (Markdown, HTML), CSV, JSON and RON;
//! - [`search`]: the query language and fuzzy ranking with match positions;
//! - [`synthetic`]: deterministic synthetic stores for benchmarks (`stancebook gen`);
//! - [`ingest`]: text → candidate statements (speakers, actors, topics, stances, dates);
//! - [`cli`]: the command-line subcommands;
//! - [`app`]: the desktop window (egui / eframe).

pub mod analysis;
pub mod app;
pub mod cli;
pub mod edit;
pub mod export;
pub mod ingest;
pub mod model;
pub mod search;
pub mod store;
pub mod synthetic;
pub mod ui;
