//! `search`: fuzzy search with filters, one query or a file of queries with timings.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use serde::Serialize;

use super::{CliError, CliResult, Context, print, print_json};
use crate::model::Store;
use crate::search::{Query, SearchIndex};

/// Arguments of `search`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The query: filters (actor: topic: since: until: stance: kind: verification: event:, `-` to
    /// negate, commas for several values) and free text (words, "quoted phrases", -excluded).
    /// `event:alaska` keeps what was said from the first day of the event whose title, place, kind
    /// or actors have that word to 14 days after its last day; `event:alaska+7` for 7 days.
    #[arg(required_unless_present = "queries", conflicts_with = "queries", long_help = crate::search::QUERY_HELP)]
    pub query: Option<String>,
    /// How many hits to print (0: all).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON: [{"id", "score", "date", "actor", "speaker", "quote", "matches"}].
    #[arg(long)]
    pub json: bool,
    /// Run each line of FILE as a query (blank lines and lines starting with # are skipped).
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,
    /// With --queries: print each query's time in milliseconds and its number of hits.
    #[arg(long)]
    pub timings: bool,
    /// With --queries --timings: run each query this many times and report the median time.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub repeat: usize,
    /// Print every matching statement's searchable text on one line, tab-separated (quote,
    /// original, speaker, aliases, actor, outlet, tags, notes), for comparing with other tools
    /// such as `fzf --filter`.
    #[arg(long, conflicts_with_all = ["json", "queries"])]
    pub print_fields: bool,
}

/// One hit as `--json` prints it.
#[derive(Serialize)]
struct JsonHit<'a> {
    id: String,
    score: i64,
    date: String,
    actor: &'a str,
    speaker: Option<&'a str>,
    quote: &'a str,
    matches: Vec<JsonMatch>,
}

#[derive(Serialize)]
struct JsonMatch {
    field: &'static str,
    /// The alias or tag index, for `alias` and `tag`.
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
    chars: Vec<usize>,
}

/// One query's timing as `--queries FILE --timings --json` prints it.
#[derive(Serialize)]
struct JsonTiming<'a> {
    line: usize,
    query: &'a str,
    ms: f64,
    /// Mean CPU time of all threads per run (Linux only; 10 ms resolution over all runs).
    cpu_ms: Option<f64>,
    hits: usize,
}

/// The process's CPU time so far (user + system, all threads), where the
/// system tells it (Linux `/proc/self/stat`, in ticks of 1/100 s).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of the whole line: the 12th and 13th after the command name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Runs one query, or every line of `--queries`.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    if let Some(file) = &args.queries {
        let text = std::fs::read_to_string(file)
            .map_err(|e| CliError::usage(format!("{}: could not read: {e}", file.display())))?;
        let started = Instant::now();
        let (_, parsed) = ctx.read()?;
        let loaded = started.elapsed();
        let store = parsed.store;
        let t = Instant::now();
        let index = SearchIndex::build(&store);
        let indexed = t.elapsed();
        return run_file(&store, &index, file, &text, &args, loaded.as_secs_f64(), indexed.as_secs_f64());
    }
    let text = args.query.as_deref().unwrap_or_default();
    // A bad query is reported before the store is read.
    let query = Query::parse(text).map_err(|e| CliError::usage(format!("query {e}")))?;
    let (_, parsed) = ctx.read()?;
    let store = parsed.store;
    query.check(&store).map_err(|e| CliError::usage(format!("query {e}")))?;
    let index = SearchIndex::build(&store);
    if args.print_fields {
        let mut out = String::new();
        for i in index.matching(&store, &query) {
            out.push_str(&crate::search::searchable_line(&store, &store.statements[i]));
            out.push('\n');
        }
        print(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let t = Instant::now();
    let results = index.search(&store, &query, args.limit);
    let ms = t.elapsed().as_secs_f64() * 1e3;
    if args.timings {
        super::note(&format!("{ms:.2} ms, {} hits", results.total));
    }
    if args.json {
        let hits: Vec<JsonHit> = results
            .hits
            .iter()
            .map(|h| {
                let s = &store.statements[h.index];
                JsonHit {
                    id: s.id.to_string(),
                    score: h.score,
                    date: s.date.to_string(),
                    actor: s.actor.as_str(),
                    speaker: s.speaker.as_deref(),
                    quote: &s.quote,
                    matches: h
                        .matches
                        .iter()
                        .map(|m| JsonMatch {
                            field: m.field.name(),
                            index: match m.field {
                                crate::search::Field::SpeakerAlias(i) | crate::search::Field::Tag(i) => {
                                    Some(i)
                                }
                                _ => None,
                            },
                            chars: m.char_indices.clone(),
                        })
                        .collect(),
                }
            })
            .collect();
        print_json(&hits)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for h in &results.hits {
        let s = &store.statements[h.index];
        let quote_marks: Vec<usize> = h
            .matches
            .iter()
            .find(|m| m.field == crate::search::Field::Quote)
            .map(|m| m.char_indices.clone())
            .unwrap_or_default();
        out.push_str(&format!(
            "{}  {}  {}{}  [{}]\n    {}\n",
            s.date,
            s.actor,
            s.speaker.as_deref().unwrap_or("—"),
            if query.is_filter_only() { String::new() } else { format!("  score {}", h.score) },
            s.id,
            mark(&s.quote, &quote_marks)
        ));
    }
    out.push_str(&format!("{} of {} matching statements\n", results.hits.len(), results.total));
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The text with matched characters in brackets: `[Pe]skov`.
fn mark(text: &str, indices: &[usize]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut inside = false;
    let mut next = indices.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let hit = next.peek().is_some_and(|&&j| j == i);
        if hit {
            next.next();
        }
        if hit && !inside {
            out.push('[');
        } else if !hit && inside {
            out.push(']');
        }
        inside = hit;
        out.push(c);
    }
    if inside {
        out.push(']');
    }
    out
}

fn run_file(
    store: &Store,
    index: &SearchIndex,
    file: &std::path::Path,
    text: &str,
    args: &Args,
    load_s: f64,
    index_s: f64,
) -> CliResult {
    let mut out = String::new();
    let mut timings = Vec::new();
    let mut bad = Vec::new();
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut ms_all = Vec::new();
    for (line, q) in lines {
        let mut runs = Vec::new();
        let mut results = None;
        let cpu_before = cpu_seconds();
        for _ in 0..args.repeat.max(1) {
            let t = Instant::now();
            let query = match Query::parse_checked(q, store) {
                Ok(query) => query,
                Err(e) => {
                    bad.push(format!("{}:{line}: query {e}", file.display()));
                    break;
                }
            };
            results = Some(index.search(store, &query, args.limit));
            runs.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let Some(results) = results else { continue };
        let cpu_ms = cpu_seconds().zip(cpu_before).map(|(a, b)| (a - b) * 1e3 / runs.len() as f64);
        runs.sort_by(f64::total_cmp);
        let ms = runs[runs.len() / 2];
        ms_all.push(ms);
        if args.timings {
            timings.push(JsonTiming { line, query: q, ms, cpu_ms, hits: results.total });
            if !args.json {
                let cpu = cpu_ms.map(|c| format!("  (cpu {c:6.1} ms)")).unwrap_or_default();
                out.push_str(&format!("{ms:9.2} ms{cpu}  {:>7} hits  {q}\n", results.total));
            }
        } else if !args.json {
            out.push_str(&format!("{:>7} hits  {q}\n", results.total));
        }
    }
    if args.json {
        print_json(&timings)?;
    } else {
        if args.timings && !ms_all.is_empty() {
            let mut sorted = ms_all.clone();
            sorted.sort_by(f64::total_cmp);
            let median = sorted[sorted.len() / 2];
            let mean = sorted.iter().sum::<f64>() / sorted.len() as f64;
            out.push_str(&format!(
                "{} queries over {} statements: median {median:.2} ms, mean {mean:.2} ms, max {:.2} ms \
                 (load {:.0} ms, index {:.0} ms)\n",
                sorted.len(),
                store.statements.len(),
                sorted[sorted.len() - 1],
                load_s * 1e3,
                index_s * 1e3
            ));
        }
        print(&out)?;
    }
    if !bad.is_empty() {
        return Err(CliError::usage(bad.join("\n")));
    }
    Ok(ExitCode::SUCCESS)
}
