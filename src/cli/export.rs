//! `export`: a position summary (Markdown, HTML, Word), the positions (CSV)
//! or the filtered data (JSON, RON), to stdout or atomically to a file. A
//! summary written to a file is recorded in the store as a briefing, so
//! that the next one can compare with it (`--compare last-briefing`).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, CliResult, Context, parse_compare, parse_day, print};
use crate::analysis::Filter;
use crate::export::{self, ExportOptions, Format, SummaryOptions};
use crate::model::{ActorId, Store, Timestamp, TopicId};
use crate::store;

/// Arguments of `export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// md, html (print-ready) or docx (Word): the brief; csv (one row per position); events-csv (one row per event); json or ron (the data, importable).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Format,
    /// Only these actors (ids, comma-separated: kremlin,kyiv).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub actors: Vec<String>,
    /// Only these topics (ids, comma-separated: ceasefire,territory).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub topics: Vec<String>,
    /// Data formats: only statements said on or after this date. Briefs: report the moves
    /// after this date (a stance held before it is still the starting stance).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only statements said on or before this date (a month or year means its last day).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// The date stances are taken at (default: --until, else the latest statement's date).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Report what moved after this date, or after the last recorded briefing (`last-briefing`).
    #[arg(long, value_name = "DATE|last-briefing")]
    pub compare: Option<String>,
    /// Briefs: only the actors and topics whose stance moved in the window.
    #[arg(long)]
    pub changed_only: bool,
    /// Briefs: add a section per topic (each stance with its evidence, the spread, a chart in HTML).
    #[arg(long)]
    pub detail: bool,
    /// Briefs: a stance whose latest statement is older than this many days is marked stale.
    #[arg(long, value_name = "DAYS", default_value_t = crate::analysis::STALE_DAYS)]
    pub stale_days: i64,
    /// Briefs: each move names the nearest event involving its actor that ended at most this many
    /// days before it.
    #[arg(long, value_name = "DAYS", default_value_t = crate::analysis::EVENT_WINDOW_DAYS, allow_negative_numbers = true)]
    pub event_window: i64,
    /// Briefs: do not record this brief as a briefing in the store (a brief written with -o is recorded).
    #[arg(long)]
    pub no_record: bool,
    /// The summary's title (default: "Position summary: <topics>").
    #[arg(long)]
    pub title: Option<String>,
    /// CSV only: start with a UTF-8 byte order mark, for Excel.
    #[arg(long)]
    pub bom: bool,
    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        format!("`{s}` is not an export format: use md, html, docx, csv, events-csv, json or ron")
    })
}

/// Writes the export.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    if args.bom && !args.format.is_csv() {
        return Err(CliError::usage("--bom applies to --format csv and events-csv only"));
    }
    let (store_path, parsed) = ctx.read()?;
    if let Some(out) = &args.output {
        store::refuse_as_output(out, Some(&store_path))?;
    }
    let store = &parsed.store;
    let filter = Filter {
        actors: known_ids(
            store,
            &args.actors,
            "actor",
            |s, id| s.actor(&ActorId::from(id)).is_some(),
            |s| s.actors.iter().map(|a| a.id.to_string()).collect(),
        )?
        .into_iter()
        .map(ActorId)
        .collect(),
        topics: known_ids(
            store,
            &args.topics,
            "topic",
            |s, id| s.topic(&TopicId::from(id)).is_some(),
            |s| s.topics.iter().map(|t| t.id.to_string()).collect(),
        )?
        .into_iter()
        .map(TopicId)
        .collect(),
        since: args.since.as_deref().map(|d| parse_day("--since", d, false)).transpose()?,
        until: args.until.as_deref().map(|d| parse_day("--until", d, true)).transpose()?,
        ..Filter::default()
    };
    if let (Some(a), Some(b)) = (filter.since, filter.until)
        && a > b
    {
        return Err(CliError::usage(format!("--since {a} is later than --until {b}")));
    }
    let as_of = args.as_of.as_deref().map(|d| parse_day("--as-of", d, true)).transpose()?;
    let compare = args.compare.as_deref().map(|d| parse_compare("--compare", d, store)).transpose()?;
    if args.stale_days < 1 {
        return Err(CliError::usage(format!(
            "--stale-days {}: give a number of days, 1 or more",
            args.stale_days
        )));
    }
    if args.event_window < 0 {
        return Err(CliError::usage(format!(
            "--event-window {}: give a number of days, 0 or more",
            args.event_window
        )));
    }
    let generated_at = generation_time()?;
    let mut summary = SummaryOptions::new(filter, generated_at);
    summary.as_of = as_of;
    summary.compare = compare;
    summary.compare_label = args
        .compare
        .as_deref()
        .filter(|c| c.trim().eq_ignore_ascii_case("last-briefing"))
        .and_then(|_| store.last_briefing())
        .map(|b| format!("the last briefing, “{}”", b.title));
    summary.title = args.title;
    summary.detail = args.detail;
    summary.changed_only = args.changed_only;
    summary.stale_days = args.stale_days;
    summary.event_window = args.event_window;
    if let (Some(c), Some(text)) = (compare, args.compare.as_deref()) {
        super::check_compare(text, c, export::summary::as_of(store, &summary))?;
    }
    let options = ExportOptions { summary, bom: args.bom };

    let mut buf = Vec::new();
    export::export(store, args.format, &options, &mut buf)?;
    match &args.output {
        Some(path) => {
            store::write_atomic(path, &buf)?;
            super::note(&format!("wrote {} ({} bytes)", path.display(), buf.len()));
            if args.format.is_summary() && !args.no_record {
                record(ctx, store, &options.summary);
            }
        }
        None if args.format == Format::Docx => {
            return Err(CliError::usage("--format docx writes a file: give it with -o FILE"));
        }
        None => print(&String::from_utf8_lossy(&buf))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Records the brief just written as a briefing. The brief is written
/// whatever happens here: a store that cannot take the record (locked by
/// the app, read-only) gets a note saying how to record it later.
fn record(ctx: &Context, store: &Store, options: &SummaryOptions) {
    let briefing = export::briefing_for(store, options);
    let said = format!(
        "recorded the briefing “{}” as of {} (the next brief can compare with it: --compare last-briefing)",
        briefing.title, briefing.date
    );
    match super::briefing::add(ctx, briefing) {
        Ok(()) => super::note(&said),
        Err(e) => super::note(&format!(
            "the brief was written, but not recorded as a briefing: {} (record it later with `stancebook briefing mark`)",
            e.message
        )),
    }
}

/// The ids given, each checked against the store; an unknown one is a usage
/// error that lists the known ones.
fn known_ids(
    store: &Store,
    given: &[String],
    what: &str,
    exists: impl Fn(&Store, &str) -> bool,
    all: impl Fn(&Store) -> Vec<String>,
) -> Result<BTreeSet<String>, CliError> {
    let mut out = BTreeSet::new();
    let mut unknown = Vec::new();
    for id in given.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if exists(store, id) {
            out.insert(id.to_owned());
        } else {
            unknown.push(format!("`{id}`"));
        }
    }
    if !unknown.is_empty() {
        return Err(CliError::usage(format!(
            "unknown {what} {} (known {what}s: {})",
            unknown.join(", "),
            all(store).join(", ")
        )));
    }
    Ok(out)
}

/// When the export is generated: `SOURCE_DATE_EPOCH` (seconds since 1970,
/// the reproducible-builds convention) if set, else now.
fn generation_time() -> Result<Timestamp, CliError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| s.checked_mul(1000))
            .and_then(Timestamp::from_millis)
            .ok_or_else(|| CliError::usage(format!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds"))),
        _ => Ok(Timestamp::now()),
    }
}
