//! Exports: the golden Markdown summary of the sample store, the briefing of
//! the issue's acceptance (Kremlin, Kyiv, Washington, London on ceasefire,
//! territory, troops, as of any date) from the CLI, HTML escaping and
//! self-containment, CSV formula neutralising and the BOM, JSON → import →
//! export round trips, and bad usage.
//!
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test export`.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use common::{TempStore, code, command, stderr, stdout};
use stancebook::analysis::Filter;
use stancebook::export::{self, ExportOptions, Format, Summary, SummaryOptions};
use stancebook::model::*;
use stancebook::store;

/// The fixed generation time of golden files: 15 December 2025, 09:30 UTC.
const GENERATED_EPOCH: i64 = 1_765_791_000;

fn generated() -> Timestamp {
    Timestamp::from_millis(GENERATED_EPOCH * 1000).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn brief_filter() -> Filter {
    Filter {
        actors: ["kremlin", "kyiv", "washington", "london"].map(ActorId::from).into(),
        topics: ["ceasefire", "territory", "troops"].map(TopicId::from).into(),
        ..Filter::default()
    }
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

/// Compares `actual` with the golden file, or rewrites it under `UPDATE_GOLDEN=1`.
fn check_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; create it with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
        let at = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
        let show =
            |v: &[&str]| v.iter().skip(at).take(3).map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n");
        panic!(
            "{} differs from the output, first at line {}:\n  expected:\n{}\n  actual:\n{}\n\
             ({} lines expected, {} actual.) If the change is intended, run \
             `UPDATE_GOLDEN=1 cargo test --test export` and review `git diff tests/golden`.",
            path.display(),
            at + 1,
            show(&e),
            show(&a),
            e.len(),
            a.len()
        );
    }
}

fn brief_options() -> SummaryOptions {
    let mut o = SummaryOptions::new(brief_filter(), generated());
    o.compare = Some(day("2025-06-01"));
    o
}

#[test]
fn golden_markdown_brief_of_the_sample_store() {
    let s = Summary::build(&store::sample(), &brief_options());
    check_golden("sample_brief.md", &export::markdown::to_string(&s));
}

#[test]
fn golden_html_brief_of_the_sample_store() {
    let s = Summary::build(&store::sample(), &brief_options());
    check_golden("sample_brief.html", &export::html::to_string(&s));
}

#[test]
fn golden_markdown_brief_with_topic_sections() {
    let mut o = brief_options();
    o.compare = Some(day("2025-11-14"));
    o.detail = true;
    check_golden(
        "sample_brief_detail.md",
        &export::markdown::to_string(&Summary::build(&store::sample(), &o)),
    );
}

#[test]
fn golden_markdown_of_the_whole_sample_store() {
    let s = Summary::build(&store::sample(), &SummaryOptions::new(Filter::default(), generated()));
    check_golden("sample_all.md", &export::markdown::to_string(&s));
}

#[test]
fn the_cli_writes_the_golden_brief_byte_for_byte() {
    let t = TempStore::sample();
    let o = command(t.dir.path())
        .env("SOURCE_DATE_EPOCH", GENERATED_EPOCH.to_string())
        .args(["--store", t.path.to_str().unwrap(), "export", "--format", "md"])
        .args(["--actors", "kremlin,kyiv,washington,london", "--topics", "ceasefire,territory,troops"])
        .args(["--compare", "2025-06-01"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let expected = std::fs::read_to_string(golden_path("sample_brief.md")).unwrap();
    assert_eq!(stdout(&o), expected);
}

/// The issue's acceptance: a briefing of the Kremlin, Kyiv, Washington and
/// London on ceasefire, territory and troops, as of any date, from the CLI.
#[test]
fn acceptance_briefing_as_of_any_date_from_the_cli() {
    let t = TempStore::sample();
    let sample = store::sample();
    for as_of in ["2025-02-01", "2025-03-13", "2025-08-20", "2025-10-20", "2025-12-31", "2030-01-01"] {
        for format in ["md", "html"] {
            let o = t.run(&[
                "export",
                "--format",
                format,
                "--actors",
                "kremlin,kyiv,washington,london",
                "--topics",
                "ceasefire,territory,troops",
                "--as-of",
                as_of,
            ]);
            assert_eq!(code(&o), 0, "{as_of} {format}: {}", stderr(&o));
            let out = stdout(&o);
            for heading in ["Ceasefire", "Territory", "Foreign troops"] {
                assert!(out.contains(heading), "{as_of} {format}: no {heading}");
            }
            for actor in ["Kremlin", "Kyiv", "Washington", "London"] {
                assert!(out.contains(actor), "{as_of} {format}: no {actor}");
            }
            for other in ["sanctions", "nato_membership", "negotiations"] {
                let section = if format == "md" {
                    format!("\n## {}", other.replace('_', " "))
                } else {
                    format!("topic-{other}")
                };
                assert!(
                    !out.to_lowercase().contains(&section),
                    "{as_of} {format}: {other} is outside the filter"
                );
            }
            for other in ["Helsinki", "Paris", "EU", "NATO"] {
                let row =
                    if format == "md" { format!("| **{other}** |") } else { format!("</span>{other}</th>") };
                assert!(!out.contains(&row), "{as_of} {format}: {other} is outside the filter");
            }
            assert!(out.contains(&export::text::day(day(as_of))), "{as_of}: the as-of date is named");
            assert!(
                !out.contains("Some(") && !out.contains("None") && !out.contains("StanceRef"),
                "debug output"
            );
        }
    }
    // As of 20 August 2025 Washington opposes a truce now (the August reversal), and it is cited.
    let o = t.run(&[
        "export",
        "--format",
        "md",
        "--actors",
        "kremlin,kyiv,washington,london",
        "--topics",
        "ceasefire,territory,troops",
        "--as-of",
        "2025-08-20",
        "--compare",
        "2025-06-01",
    ]);
    let md = stdout(&o);
    let line =
        md.lines().find(|l| l.starts_with("- **Washington · Ceasefire** +2 → −1, reversal away")).expect(&md);
    assert!(line.contains("not a mere Ceasefire") && line.contains("Donald Trump, 16 August 2025"), "{line}");
    let n = line.rsplit("\\[").next().unwrap().trim_end().trim_end_matches("\\]");
    let source = md.lines().find(|l| l.starts_with(&format!("{n}. "))).expect(&md);
    assert!(source.contains("TAG24"), "{source}");
    let row = md.lines().find(|l| l.starts_with("| **Washington** |")).expect(&md);
    assert!(row.contains("| ▼ −1 · 4 d \\[2\\] |"), "{row}");
    // Nothing said after the as-of date appears.
    let later =
        sample.statements.iter().find(|s| s.quote.contains("They should stop where they are")).unwrap();
    assert!(!md.contains("They should stop where they are"), "{} is after the as-of date", later.id);
}

#[test]
fn every_stance_and_move_cites_a_numbered_source_and_only_cited_sources_are_listed() {
    let sample = store::sample();
    let s = Summary::build(&sample, &brief_options());
    let md = export::markdown::to_string(&s);
    let n = s.sources.len();
    assert!(n >= 8, "{n} sources");
    let (body, sources) = md.split_once("## Sources").unwrap();
    // Every overview cell with a stance, and every move, carries a reference in range.
    let refs = |text: &str| -> Vec<usize> {
        text.split("\\[").skip(1).filter_map(|r| r.split("\\]").next()?.parse().ok()).collect()
    };
    for line in body.lines() {
        if line.starts_with("| **") {
            for cell in
                line.split(" | ").skip(1).filter(|c| !c.trim().trim_end_matches('|').trim().is_empty())
            {
                let cell = cell.trim().trim_end_matches('|').trim();
                if cell != "—" && !cell.starts_with("— (was") {
                    assert_eq!(refs(cell).len(), 1, "uncited cell: {cell} in {line}");
                }
            }
        }
        if line.starts_with("- **") && line.contains(" → ") {
            assert_eq!(refs(line).len(), 1, "uncited move: {line}");
        }
    }
    // First cited in order: the body's references, deduplicated, are 1, 2, 3, … n.
    let mut seen = Vec::new();
    for r in refs(body) {
        assert!((1..=n).contains(&r), "reference {r} out of range");
        if !seen.contains(&r) {
            seen.push(r);
        }
    }
    assert_eq!(seen, (1..=n).collect::<Vec<_>>(), "numbered in order of first citation, none uncited");
    // The list has exactly those, each with its outlet and date.
    for c in &s.sources {
        let line = sources.lines().find(|l| l.starts_with(&format!("{}. ", c.number))).unwrap();
        assert!(line.contains(&export::text::date(c.date)), "{line}");
        assert!(c.outlet.is_empty() || line.contains(&export::markdown::escape(&c.outlet)), "{line}");
    }
    assert_eq!(
        sources
            .lines()
            .filter(|l| l.split_once(". ").is_some_and(|(k, _)| k.parse::<usize>().is_ok()))
            .count(),
        n
    );
    // Exactly what the filter shows: every cited statement passes it.
    let f = brief_filter();
    for c in &s.sources {
        let st = sample.statement(c.id).unwrap();
        assert!(f.matches(st), "{} is outside the filter", c.id);
        assert!(st.date.first_day() <= s.as_of);
    }
}

#[test]
fn no_empty_sections() {
    // A period without shifts says so.
    let mut o = SummaryOptions::new(brief_filter(), generated());
    o.as_of = Some(day("2025-12-31"));
    o.compare = Some(day("2025-12-20"));
    let md = export::markdown::to_string(&Summary::build(&store::sample(), &o));
    assert!(md.contains("## What moved since 20 December 2025\n\nNothing moved in this period."), "{md}");
    // A filter that matches nothing says so, and has no empty headings.
    let f = Filter { until: Some(day("2020-01-01")), ..brief_filter() };
    let s = Summary::build(&store::sample(), &SummaryOptions::new(f, generated()));
    assert!(s.is_empty());
    let md = export::markdown::to_string(&s);
    assert!(md.contains("No statements match these filters"), "{md}");
    assert!(!md.contains("## "), "{md}");
    let html = export::html::to_string(&s);
    assert!(html.contains("No statements match these filters"));
    // An actor without a position on a topic is named as such, not left out silently.
    let f = Filter {
        actors: ["helsinki", "kyiv"].map(ActorId::from).into(),
        topics: [TopicId::from("ceasefire")].into(),
        ..Filter::default()
    };
    let md =
        export::markdown::to_string(&Summary::build(&store::sample(), &SummaryOptions::new(f, generated())));
    assert!(md.contains("| **Helsinki** | — |"), "{md}");
}

/// A store with one statement carrying hostile text in every field a summary shows.
fn hostile_store() -> Store {
    let mut s = store::sample();
    let mut st = Statement::new(PartialDate::ymd(2025, 12, 20).unwrap(), ActorId::from("kremlin"), "x");
    st.quote =
        "<script>alert('x')</script> | </table> *bold* [link](javascript:alert(1)) &amp; `code`".into();
    st.speaker = Some("<b>Peskov</b> | \"quoted\"".into());
    st.positions = vec![Position {
        topic: TopicId::from("ceasefire"),
        stance: Stance::new(-2).unwrap(),
        conditions: "</td><td>".into(),
        evidence: Default::default(),
    }];
    st.source.outlet = "\"><img src=x onerror=alert(1)>".into();
    st.source.url = Some("javascript:alert(document.cookie)".into());
    st.original = Some("<iframe src=//evil>".into());
    st.recorded_at = generated();
    st.updated_at = generated();
    s.insert_statement(st);
    s
}

#[test]
fn html_escapes_every_text_and_links_only_web_addresses() {
    let mut o = SummaryOptions::new(brief_filter(), generated());
    o.detail = true;
    let s = Summary::build(&hostile_store(), &o);
    let html = export::html::to_string(&s);
    assert!(
        html.contains("&lt;script&gt;alert('x')&lt;/script&gt; | &lt;/table&gt;"),
        "the quote shows as text"
    );
    assert!(!html.contains("<script"), "no script element at all");
    assert!(!html.contains("<iframe") && !html.contains("<img") && !html.contains("<b>Peskov"));
    assert_eq!(html.matches("<table").count(), html.matches("</table>").count());
    assert_eq!(html.matches("<td").count(), html.matches("</td>").count());
    assert!(!html.to_lowercase().contains("href=\"javascript"), "no javascript: link");
    assert!(html.contains("javascript:alert(document.cookie)"), "the address is shown as text");
    // Self-contained: no network, no external fonts or scripts.
    let lower = html.to_lowercase();
    for bad in ["<link", "@import", "url(", "src=\"http", "<script"] {
        assert!(!lower.contains(bad), "{bad}");
    }
    assert!(lower.contains("@page") && lower.contains("size: a4") && lower.contains("break-before: page"));
    assert!(lower.contains("<svg") && lower.contains("<style>"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    for tag in html.split('<').filter_map(|t| t.split('>').next()) {
        assert!(tag.matches(" class=").count() <= 1, "two class attributes: <{tag}>");
    }
}

#[test]
fn html_chart_draws_actors_in_their_colours_with_hollow_unverified_markers() {
    let sample = store::sample();
    let mut o = brief_options();
    o.detail = true;
    let s = Summary::build(&sample, &o);
    let html = export::html::to_string(&s);
    for id in ["kremlin", "kyiv", "washington", "london"] {
        let c = sample.actor(&ActorId::from(id)).unwrap().color.to_string();
        assert!(html.contains(&format!("stroke=\"{c}\"")), "{id} line in {c}");
    }
    // The sample has an unverified Kremlin statement on territory (March 2025): a white marker.
    assert!(html.contains("fill=\"#ffffff\""), "hollow marker");
    for (topic, stance) in [("ceasefire", 2), ("territory", 2), ("troops", -2)] {
        let label =
            sample.topic(&TopicId::from(topic)).unwrap().label(Stance::new(stance).unwrap()).to_owned();
        assert!(
            html.contains(&format!("{} {label}", Stance::new(stance).unwrap().signed())),
            "{label} on the axis"
        );
    }
    assert!(html.contains(">May<") || html.contains(">May 2025<"), "months on the x axis");
}

#[test]
fn markdown_escapes_quotes_so_tables_hold() {
    let mut store = hostile_store();
    store.topics[0].name = "Cease | fire </table> *x*".into();
    store.actors[0].name = "Krem|lin".into();
    let mut o = SummaryOptions::new(brief_filter(), generated());
    o.detail = true;
    o.compare = Some(day("2025-12-01"));
    let md = export::markdown::to_string(&Summary::build(&store, &o));
    // Unescaped pipes in a table row: exactly the cell borders.
    let head = md.lines().find(|l| l.starts_with("| Actor |")).expect(&md);
    let row = md.lines().find(|l| l.starts_with("| **Krem\\|lin** |")).expect(&md);
    for line in [head, row] {
        assert_eq!(line.replace("\\|", "").matches('|').count(), 5, "{line}");
    }
    assert!(head.contains("Cease \\| fire \\</table\\> \\*x\\*"), "{head}");
    // The hostile quote is the evidence of the Kremlin's move and of its stance: escaped in both.
    let lines: Vec<&str> = md.lines().filter(|l| l.contains("alert")).collect();
    assert!(lines.len() >= 2, "{md}");
    for l in lines {
        assert!(l.contains("\\<script\\>") && l.contains("\\</table\\>") && l.contains("\\*bold\\*"), "{l}");
    }
    assert!(!md.replace("\\]", "").contains("](javascript"), "no javascript link");
}

fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let text = std::str::from_utf8(bytes).unwrap().trim_start_matches('\u{feff}');
    csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap()).collect()
}

#[test]
fn csv_neutralises_each_formula_prefix() {
    let mut s = store::sample();
    let prefixes = ["=", "+", "-", "@", "\t", "\r"];
    for (i, p) in prefixes.iter().enumerate() {
        let mut st = Statement::new(
            PartialDate::ymd(2025, 12, 20).unwrap(),
            ActorId::from("kyiv"),
            format!("{p}HYPERLINK(\"http://evil\")"),
        );
        st.speaker = Some(format!("{p}cmd|' /C calc'!A0"));
        st.notes = format!("{p}SUM(1+1)");
        st.source.outlet = format!("{p}outlet");
        st.tags = vec![format!("{p}tag")];
        st.positions = vec![Position {
            topic: TopicId::from("ceasefire"),
            stance: Stance::new(-1).unwrap(),
            conditions: format!("{p}c"),
            evidence: Evidence { excerpt: format!("{p}HYPERLINK"), rationale: format!("{p}why") },
        }];
        st.id = StatementId::from_parts(1, i as u128);
        s.insert_statement(st);
    }
    let mut buf = Vec::new();
    let f = Filter { since: Some(day("2025-12-20")), ..Filter::default() };
    let o = ExportOptions { summary: SummaryOptions::new(f, generated()), bom: false };
    export::export(&s, Format::Csv, &o, &mut buf).unwrap();
    let rows = csv_rows(&buf);
    let header = csv::Reader::from_reader(buf.as_slice()).headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let ours: Vec<_> = rows.iter().filter(|r| r[col("quote")].contains("HYPERLINK")).collect();
    assert_eq!(ours.len(), prefixes.len());
    for r in &ours {
        for name in [
            "quote",
            "speaker",
            "notes",
            "outlet",
            "tags",
            "conditions",
            "evidence_excerpt",
            "evidence_rationale",
        ] {
            assert!(r[col(name)].starts_with('\''), "{name}: {:?}", &r[col(name)]);
        }
        assert_eq!(&r[col("stance")], "-1", "numbers stay numbers");
        let label = store::sample()
            .topic(&TopicId::from("ceasefire"))
            .unwrap()
            .label(Stance::new(-1).unwrap())
            .to_owned();
        assert_eq!(&r[col("stance_label")], label);
    }
}

#[test]
fn csv_has_one_row_per_position_and_a_bom_on_request() {
    let sample = store::sample();
    let f = brief_filter();
    let expected: usize = sample
        .statements
        .iter()
        .filter(|s| f.matches(s))
        .map(|s| s.positions.iter().filter(|p| f.shows_topic(&p.topic)).count())
        .sum();
    let mut plain = Vec::new();
    let mut o = ExportOptions { summary: SummaryOptions::new(f.clone(), generated()), bom: false };
    export::export(&sample, Format::Csv, &o, &mut plain).unwrap();
    assert!(plain.starts_with(b"statement_id,date,"));
    assert_eq!(csv_rows(&plain).len(), expected);
    assert!(plain.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    // Each position's own evidence is in its row.
    let header = csv::Reader::from_reader(plain.as_slice()).headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let with_evidence = sample
        .statements
        .iter()
        .filter(|s| f.matches(s))
        .flat_map(|s| s.positions.iter().filter(|p| f.shows_topic(&p.topic)).map(move |p| (s, p)));
    let mut checked = 0;
    for (st, p) in with_evidence.filter(|(_, p)| !p.evidence.excerpt.is_empty()) {
        let row = csv_rows(&plain)
            .into_iter()
            .find(|r| r[col("statement_id")] == st.id.to_string() && r[col("topic_id")] == *p.topic.as_str())
            .unwrap();
        assert_eq!(&row[col("evidence_excerpt")], p.evidence.excerpt.as_str());
        assert_eq!(&row[col("evidence_rationale")], p.evidence.rationale.as_str());
        checked += 1;
    }
    assert!(checked >= 5, "{checked} positions with an excerpt");
    o.bom = true;
    let mut bom = Vec::new();
    export::export(&sample, Format::Csv, &o, &mut bom).unwrap();
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bom[3..], plain.as_slice());

    // The same through the CLI; --bom with another format is bad usage.
    let t = TempStore::sample();
    let out = t.run(&["export", "--format", "csv", "--bom"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBFstatement_id,"));
    let out = t.run(&["export", "--format", "md", "--bom"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--bom"), "{}", stderr(&out));
}

#[test]
fn csv_and_json_exports_say_who_entered_and_last_changed_each_statement() {
    let mut s = store::sample();
    let anna = Analyst::new("Anna Petrova", Some("anna@desk.example"));
    let ben = Analyst::new("Ben Ode", None);
    s.statements[0].entered_by = Some(anna.clone());
    s.statements[0].changed_by = Some(ben.clone());
    s.statements[1].changed_by = Some(Analyst::new("=cmd|' /C calc'!A0", None));
    let (first, second) = (s.statements[0].id, s.statements[1].id);
    let o = ExportOptions { summary: SummaryOptions::new(Filter::default(), generated()), bom: false };

    let mut csv = Vec::new();
    export::export(&s, Format::Csv, &o, &mut csv).unwrap();
    let header = csv::Reader::from_reader(csv.as_slice()).headers().unwrap().clone();
    let names: Vec<&str> = header.iter().collect();
    assert_eq!(names[names.len() - 2..], ["entered_by", "changed_by"], "the two new columns come last");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for r in csv_rows(&csv) {
        let (entered, changed) = (&r[col("entered_by")], &r[col("changed_by")]);
        if r[col("statement_id")] == first.to_string() {
            assert_eq!((entered, changed), ("Anna Petrova <anna@desk.example>", "Ben Ode"));
        } else if r[col("statement_id")] == second.to_string() {
            assert_eq!((entered, changed), ("", "'=cmd|' /C calc'!A0"), "a formula is neutralised");
        } else {
            assert_eq!((entered, changed), ("", ""), "not recorded: empty");
        }
    }

    // JSON keeps the structure (no e-mail key without an e-mail, no field
    // when nothing is recorded), and reads back as it was.
    let mut json = Vec::new();
    export::export(&s, Format::Json, &o, &mut json).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let statements = v["statements"].as_array().unwrap();
    let by_id = |id: StatementId| statements.iter().find(|x| x["id"] == id.to_string()).unwrap();
    assert_eq!(
        by_id(first)["entered_by"],
        serde_json::json!({"name": "Anna Petrova", "email": "anna@desk.example"})
    );
    assert_eq!(by_id(first)["changed_by"], serde_json::json!({"name": "Ben Ode"}));
    assert!(by_id(second).get("entered_by").is_none());
    let t = TempStore::with_bytes(&json);
    let j = t.path.with_extension("json");
    std::fs::rename(&t.path, &j).unwrap();
    let back = store::read_any(&j).unwrap().store;
    let st = back.statement(first).unwrap();
    assert_eq!((st.entered_by.as_ref(), st.changed_by.as_ref()), (Some(&anna), Some(&ben)));
}

#[test]
fn json_export_import_export_round_trip_is_identical() {
    let t = TempStore::sample();
    let first = t.dir.path().join("first.json");
    let o = t.run(&["export", "--format", "json", "-o", first.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // Import it into an empty store, then export that again.
    let empty = TempStore::with_text("(schema: 2, actors: [], topics: [], statements: [])\n");
    let o = empty.run(&["import", first.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("66 added, 0 unchanged, 0 updated, 0 conflicts"), "{}", stdout(&o));
    let o = empty.run(&["export", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), std::fs::read_to_string(&first).unwrap(), "json → import → export is identical");
    // And the imported store is the sample, byte for byte in canonical form.
    assert_eq!(String::from_utf8(empty.bytes()).unwrap(), store::format::to_text(&store::sample()));

    // Importing it again changes nothing.
    let o = empty.run(&["import", first.to_str().unwrap()]);
    assert!(stdout(&o).contains("0 added, 66 unchanged"), "{}", stdout(&o));
}

/// What ingest was taught travels with the data: a JSON export carries
/// the lexicon, and an import into another store brings it.
#[test]
fn the_lexicon_travels_with_an_export_and_an_import() {
    let t = TempStore::sample();
    let o = t.run(&["lexicon", "add", "tripwire mission", "--topic", "troops"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = t.run(&["lexicon", "add", "the Élysée", "--actor", "paris"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = t.dir.path().join("all.json");
    let o = t.run(&["export", "--format", "json", "-o", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let other = TempStore::sample();
    let o = other.run(&["import", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let back = store::read(&other.path).unwrap().store;
    let phrases: Vec<&str> = back.lexicon.iter().map(|l| l.phrase.as_str()).collect();
    assert_eq!(phrases.len(), 2, "{phrases:?}");
    assert!(phrases.contains(&"tripwire mission") && phrases.contains(&"the Élysée"));
}

#[test]
fn filtered_ron_and_json_exports_are_valid_importable_stores() {
    let sample = store::sample();
    for format in [Format::Json, Format::Ron] {
        let mut buf = Vec::new();
        let o = ExportOptions { summary: SummaryOptions::new(brief_filter(), generated()), bom: false };
        export::export(&sample, format, &o, &mut buf).unwrap();
        let t = TempStore::with_bytes(&buf);
        let parsed = store::read_any(&t.path).unwrap();
        assert!(parsed.store.validate().is_empty(), "{format}: {:?}", parsed.store.validate());
        let f = brief_filter();
        assert_eq!(parsed.store.statements.len(), sample.statements.iter().filter(|s| f.matches(s)).count());
        let ids: BTreeSet<&str> = parsed.store.actors.iter().map(|a| a.id.as_str()).collect();
        assert!(ids.is_superset(&["kremlin", "kyiv", "washington", "london"].into()));
        // Only the actors used: by the filter, a statement or an event in view.
        let named = |id: &str| {
            parsed.store.statements.iter().any(|s| s.actor.as_str() == id)
                || parsed.store.events.iter().any(|e| e.actors.iter().any(|a| a.as_str() == id))
        };
        for id in &ids {
            assert!(f.actors.iter().any(|a| a.as_str() == *id) || named(id), "{format}: {id} is used");
        }
        assert!(!ids.contains("prague"), "{format}: only the actors used");
        // The events in view come whole: those that name a shown actor, in the dates.
        let expected = sample.events.iter().filter(|e| f.matches_event(e)).count();
        assert!(expected > 0 && parsed.store.events.len() == expected, "{format}: the events in view");
        // Statements are whole: importing the export into the sample changes nothing.
        let (_, report) = store::merge::merge(&sample, &parsed.store);
        assert!(!report.changes_anything() && report.conflicts.is_empty(), "{format}: {report:?}");
    }
}

#[test]
fn unknown_ids_and_bad_dates_exit_2_and_name_the_known_ones() {
    let t = TempStore::sample();
    let o = t.run(&["export", "--format", "md", "--actors", "kremlin,moscow"]);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(e.contains("unknown actor `moscow`") && e.contains("known actors: kremlin, kyiv"), "{e}");
    let o = t.run(&["export", "--format", "md", "--topics", "truce"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("unknown topic `truce`") && stderr(&o).contains("ceasefire"),
        "{}",
        stderr(&o)
    );
    let o = t.run(&["export", "--format", "pdf"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("is not an export format") && stderr(&o).contains("md, html, docx, csv"),
        "{}",
        stderr(&o)
    );
    let o = t.run(&["export", "--format", "md", "--since", "13/03/2025"]);
    assert_eq!(code(&o), 2);
    let o = t.run(&["export", "--format", "md", "--as-of", "2025-03-01", "--compare", "2025-06-01"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--compare"), "{}", stderr(&o));
}

#[test]
fn output_file_is_written_whole_and_replaced_atomically() {
    let t = TempStore::sample();
    let out = t.dir.path().join("brief.html");
    std::fs::write(&out, "old").unwrap();
    let o = t.run(&["export", "--format", "html", "-o", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(stdout(&o).is_empty(), "nothing on stdout with -o");
    let leftovers: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Never over the store itself.
    let before = t.bytes();
    let o = t.run(&["export", "--format", "ron", "--actors", "kyiv", "-o", t.path.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("the store itself"), "{}", stderr(&o));
    assert_eq!(t.bytes(), before);
    // A folder that does not exist: exit 2, naming the file.
    let o = t.run(&["export", "--format", "md", "-o", "/nonexistent-folder/x.md"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("/nonexistent-folder/x.md"), "{}", stderr(&o));
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Any filter and dates over the sample store render in every format without panicking.
        #[test]
        fn any_filter_renders(
            actors in proptest::collection::vec(0usize..13, 0..4),
            topics in proptest::collection::vec(0usize..10, 0..4),
            since in proptest::option::of(0i64..1200),
            until in proptest::option::of(0i64..1200),
            as_of in proptest::option::of(0i64..1500),
            compare in proptest::option::of(0i64..1500),
        ) {
            let sample = store::sample();
            let base = day("2022-06-01");
            let at = |n: i64| base + chrono::Duration::days(n);
            let filter = Filter {
                actors: actors.iter().map(|&i| sample.actors[i].id.clone()).collect(),
                topics: topics.iter().map(|&i| sample.topics[i].id.clone()).collect(),
                since: since.map(at),
                until: until.map(at),
                ..Filter::default()
            };
            let mut summary = SummaryOptions::new(filter, generated());
            summary.as_of = as_of.map(at);
            summary.compare = compare.map(at);
            let o = ExportOptions { summary, bom: true };
            for f in Format::ALL {
                let mut buf = Vec::new();
                export::export(&sample, f, &o, &mut buf).unwrap();
                prop_assert!(!buf.is_empty());
            }
        }
    }
}
