//! `export`: a position summary (Markdown, HTML), the positions (CSV) or the
//! filtered data (JSON, RON), to stdout or atomically to a file.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, CliResult, Context, parse_day, print};
use crate::analysis::Filter;
use crate::export::{self, ExportOptions, Format, SummaryOptions};
use crate::model::{ActorId, Store, Timestamp, TopicId};
use crate::store;

/// Arguments of `export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// md (summary), html (summary with charts, print-ready), csv (one row per position), json or ron (the data, importable).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Format,
    /// Only these actors (ids, comma-separated: kremlin,kyiv).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub actors: Vec<String>,
    /// Only these topics (ids, comma-separated: ceasefire,territory).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub topics: Vec<String>,
    /// Only statements said on or after this date.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only statements said on or before this date (a month or year means its last day).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// The date stances are taken at (default: --until, else the latest statement's date).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Compare with the stances on this date ("since the last briefing").
    #[arg(long, value_name = "DATE")]
    pub compare: Option<String>,
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
    Format::parse(s).ok_or_else(|| format!("`{s}` is not an export format: use md, html, csv, json or ron"))
}

/// Writes the export.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    if args.bom && args.format != Format::Csv {
        return Err(CliError::usage("--bom applies to --format csv only"));
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
    let compare = args.compare.as_deref().map(|d| parse_day("--compare", d, false)).transpose()?;
    let generated_at = generation_time()?;
    let mut summary = SummaryOptions::new(filter, generated_at);
    summary.as_of = as_of;
    summary.compare = compare;
    summary.title = args.title;
    if let Some(c) = compare {
        let effective = export::summary::as_of(store, &summary);
        if c >= effective {
            return Err(CliError::usage(format!(
                "--compare {c} must be earlier than the as-of date ({effective})"
            )));
        }
    }
    let options = ExportOptions { summary, bom: args.bom };

    let mut buf = Vec::new();
    export::export(store, args.format, &options, &mut buf)?;
    match &args.output {
        Some(path) => {
            store::write_atomic(path, &buf)?;
            super::note(&format!("wrote {} ({} bytes)", path.display(), buf.len()));
        }
        None => print(&String::from_utf8_lossy(&buf))?,
    }
    Ok(ExitCode::SUCCESS)
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
