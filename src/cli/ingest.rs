//! `ingest`: candidate statements from a text file (or stdin), as text or JSON.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{CliError, CliResult, Context, print, print_json};
use crate::ingest::{self, IngestOptions};
use crate::store;

/// Arguments of `ingest`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The text to read: a .txt, .md or .html file, or `-` for standard input.
    pub file: PathBuf,
    /// When the text was published (YYYY-MM-DD): "today", "yesterday" and weekdays are read against it.
    #[arg(long)]
    pub published: String,
    /// The outlet that published it.
    #[arg(long, default_value = "")]
    pub outlet: String,
    /// Print JSON: [{"line", "speaker", "actor", "date", "date_precision", "kind", "verification",
    /// "topics": [{"topic", "stance", "evidence", "topic_confidence", "stance_confidence"}], "quote",
    /// "duplicate_of", "background", "reported_by", "confidence", "doubt", "fields": {"speaker",
    /// "actor", "date", "kind", "verification": {"confidence", "level", "reason"}}}] (with --events, the event
    /// candidates instead: [{"line", "lines", "title", "kind", "date", "date_precision", "end",
    /// "place", "actors", "announced", "evidence", "confidence", "reasons", "duplicate_of"}]).
    #[arg(long)]
    pub json: bool,
    /// List only the event candidates (dated meetings, calls, summits, talks, truces,
    /// sanctions, plans, deadlines the text names). Without it the text output lists the
    /// statements and then the events, and --json prints the statements.
    #[arg(long)]
    pub events: bool,
    /// After each candidate, say which rule of the pipeline set each field
    /// ("topic: its keywords — “truce” → ceasefire") and how sure it is
    /// (high, medium or low), the weakest first.
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
}

fn read_input(file: &std::path::Path) -> Result<(String, String), CliError> {
    let limit = store::disk::MAX_TEXT_BYTES;
    let (name, bytes) = if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| CliError::usage(format!("standard input: could not read it: {e}")))?;
        if buf.len() as u64 > limit {
            return Err(CliError::usage(format!(
                "standard input: the text is over {}, the limit for a text to ingest; nothing was read",
                store::disk::size_text(limit)
            )));
        }
        ("standard input".to_owned(), buf)
    } else {
        let bytes = store::disk::read_bounded(file, limit, "a text to ingest")?;
        (file.display().to_string(), bytes)
    };
    let bytes = match bytes.strip_prefix("\u{feff}".as_bytes()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CliError::usage(format!("{name}: the text is empty; there is nothing to ingest")));
    }
    if bytes.contains(&0) {
        return Err(CliError::usage(format!(
            "{name}: this looks like binary data (it contains NUL bytes), not text"
        )));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let column = at - bytes[..at].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
            return Err(CliError::usage(format!(
                "{name}:{line}:{column}: not UTF-8 text (save it as UTF-8 and try again)"
            )));
        }
    };
    Ok((name, text))
}

/// Reads the text, extracts candidates against the store, prints them.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let published = NaiveDate::parse_from_str(args.published.trim(), "%Y-%m-%d").map_err(|_| {
        CliError::usage(format!(
            "--published `{}`: write the day as YYYY-MM-DD (for example 2025-03-13)",
            args.published
        ))
    })?;
    let (name, raw) = read_input(&args.file)?;
    let is_html = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        || ingest::looks_like_html(&raw);
    let text = if is_html { ingest::html_to_text(&raw) } else { raw };
    let (_, parsed) = ctx.read()?;
    let opts = IngestOptions { published, outlet: args.outlet.trim().to_owned() };
    let found = ingest::extract(&text, &parsed.store, &opts);
    if let Some(m) = &found.message {
        super::note(&format!("{name}: {m}"));
    }
    if is_html {
        super::note(&format!("{name}: read as HTML; line numbers refer to its text without tags"));
    }
    if args.json && args.events {
        let records: Vec<_> = found.events.iter().map(|e| e.record()).collect();
        print_json(&records)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        let records: Vec<_> = found.candidates.iter().map(|c| c.record()).collect();
        print_json(&records)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    if !args.events {
        statements_text(&mut out, &found, &name, published, args.explain);
    }
    events_text(&mut out, &found, &parsed.store, &name, published, args.explain);
    if !out.is_empty() {
        print(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The candidate statements, as text.
fn statements_text(
    out: &mut String,
    found: &ingest::Extraction,
    name: &str,
    published: NaiveDate,
    explain: bool,
) {
    if found.candidates.is_empty() {
        return;
    }
    out.push_str(&format!(
        "{} candidate statement{} in {name} (published {published}):\n",
        found.candidates.len(),
        if found.candidates.len() == 1 { "" } else { "s" }
    ));
    for c in &found.candidates {
        let topics: Vec<String> =
            c.positions.iter().map(|p| format!("{} {}", p.topic, p.stance.signed())).collect();
        out.push_str(&format!(
            "\nline {}  {} — {}  ({}, {}, {})\n",
            c.line,
            c.actor.as_ref().map_or("(no actor)", |a| a.as_str()),
            c.speaker.as_deref().unwrap_or("(no speaker)"),
            c.date.map_or("undated".to_owned(), |d| d.to_string()),
            c.kind,
            c.verification,
        ));
        out.push_str(&format!(
            "  topics: {}\n",
            if topics.is_empty() { "(none found)".to_owned() } else { topics.join(", ") }
        ));
        let quote: String = c.quote.chars().take(300).collect();
        let more = if c.quote.chars().count() > 300 { "…" } else { "" };
        out.push_str(&format!("  {}{quote}{more}\n", if c.paraphrase { "~ " } else { "" }));
        if let Some(d) = c.duplicate_of {
            out.push_str(&format!("  already in the store: {d}\n"));
        }
        if c.background {
            out.push_str("  background: a long-standing claim, not news of the day (accepted, it takes the date you give)\n");
        }
        if let Some(by) = &c.reported_by {
            out.push_str(&format!("  reported by: {by} (another actor's account of this position)\n"));
        }
        if explain {
            explain_text(out, c);
        }
    }
}

/// The candidate's doubt (its weakest field), then each rule that set a
/// field, the weakest first, with its level and confidence; the unrated
/// steps (the quote) last.
fn explain_text(out: &mut String, c: &ingest::Candidate) {
    if let Some(weakest) = c.doubts().first() {
        out.push_str(&format!("  doubt: {}\n", weakest.label()));
    }
    out.push_str("  why:\n");
    let mut steps: Vec<&ingest::TraceStep> = c.trace.steps.iter().collect();
    // Stable: the unrated keep their order, after the rated ones.
    steps.sort_by(|a, b| {
        let key = |s: &ingest::TraceStep| s.confidence.unwrap_or(f32::INFINITY);
        key(a).total_cmp(&key(b))
    });
    for step in steps {
        match step.confidence {
            Some(x) => {
                out.push_str(&format!("    {step}  [{} {x:.2}]\n", ingest::Level::of(x)));
            }
            None => out.push_str(&format!("    {step}\n")),
        }
    }
}

/// The event candidates, as text: title, kind, date, place, actors, and
/// whether the store holds it already.
fn events_text(
    out: &mut String,
    found: &ingest::Extraction,
    store: &crate::model::Store,
    name: &str,
    published: NaiveDate,
    explain: bool,
) {
    if found.events.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    let n = found.events.len();
    out.push_str(&format!(
        "{n} candidate event{} in {name} (published {published}):\n",
        if n == 1 { "" } else { "s" }
    ));
    for e in &found.events {
        let lines: Vec<String> = e.lines.iter().map(|l| l.to_string()).collect();
        let when = match e.end {
            Some(end) => format!("{}–{end}", e.date),
            None => e.date.to_string(),
        };
        out.push_str(&format!(
            "\n{} {}  {}  ({}, {when}{}{})\n",
            if lines.len() == 1 { "line" } else { "lines" },
            lines.join(", "),
            e.title,
            e.kind,
            if e.place.is_empty() { String::new() } else { format!(", {}", e.place) },
            if e.announced { ", announced" } else { "" },
        ));
        let actors: Vec<&str> = e.actors.iter().map(|a| a.as_str()).collect();
        out.push_str(&format!(
            "  actors: {}  confidence {:.2}\n",
            if actors.is_empty() { "(none found)".to_owned() } else { actors.join(", ") },
            e.confidence
        ));
        let evidence: String = e.evidence.chars().take(300).collect();
        let more = if e.evidence.chars().count() > 300 { "…" } else { "" };
        out.push_str(&format!("  {evidence}{more}\n"));
        if let Some(d) = e.duplicate_of {
            let title = store.event(d).map_or(String::new(), |x| format!(" {} ({})", x.title, x.when()));
            out.push_str(&format!("  already in the store: {d}{title}\n"));
        }
        if explain {
            out.push_str("  why:\n");
            for step in &e.trace.steps {
                out.push_str(&format!("    {step}\n"));
            }
        }
    }
}
