//! Stancebook keeps a local store of diplomatic statements — who said what,
//! when, for which actor, on which topic, with what stance — and shows how
//! positions move over time.
//!
//! The library holds everything but the window code, so the command line,
//! the tests and the benchmarks use the same core as the app:
//!
//! - [`model`]: plain domain types and their invariants;
//! - [`session`]: one open store with its search index, undo history and
//!   revision; every change goes through [`session::Session::apply`];
//! - [`draft`] and [`names`]: a statement as typed, checked field by field,
//!   and the one resolver of actor, speaker and topic names;
//! - [`edit`]: every change as an [`edit::Edit`] with its inverse;
//! - [`task`]: background work (spawn, poll, cancel, progress);
//! - [`store`]: the store file (atomic saves, backups, lock, migration),
//!   import and merge;
//! - [`export`]: position summaries (Markdown, HTML), CSV, JSON and RON;
//! - [`search`]: the query language and fuzzy ranking with match positions;
//! - [`synthetic`]: deterministic synthetic stores for benchmarks (`stancebook gen`);
//! - [`ingest`]: text → candidate statements (speakers, actors, topics, stances, dates);
//! - [`cli`]: the command-line subcommands;
//! - [`app`] and [`ui`]: the desktop window (egui / eframe), only with the
//!   default `gui` feature. Nothing else in the crate uses egui, and the
//!   build proves it: `cargo test --no-default-features` builds and tests
//!   the core without it.

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod draft;
pub mod edit;
pub mod export;
pub mod ingest;
pub mod model;
pub mod names;
pub mod search;
pub mod session;
pub mod store;
pub mod sync;
pub mod synthetic;
pub mod task;
#[cfg(feature = "gui")]
pub mod ui;
