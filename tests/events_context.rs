//! Moves tied to the events just before them, through the real binary and
//! the briefs: `shifts --json` gives each shift its event (or null), the
//! text output names it, `--event-window` widens or narrows what is named,
//! and a brief lists the key events of its window — and none outside it —
//! in Markdown, HTML and Word.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use chrono::NaiveDate;
use common::{TempStore, code, stderr, stdout};
use stancebook::analysis::Filter;
use stancebook::export::{self, Summary, SummaryOptions};
use stancebook::model::*;
use stancebook::store;

const ALASKA: &str = "Trump–Putin summit in Alaska ends without a deal";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// `shifts --json` with `extra` arguments, parsed.
fn shifts_json(t: &TempStore, extra: &[&str]) -> Vec<serde_json::Value> {
    let o = t.run(&[&["shifts", "--json"], extra].concat());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap().as_array().unwrap().clone()
}

fn find<'a>(v: &'a [serde_json::Value], actor: &str, topic: &str, date: &str) -> &'a serde_json::Value {
    v.iter()
        .find(|x| x["actor"] == actor && x["topic"] == topic && x["date"] == date)
        .unwrap_or_else(|| panic!("{actor} on {topic}, {date}"))
}

#[test]
fn shifts_json_names_the_alaska_summit_beside_the_washington_reversal() {
    let t = TempStore::sample();
    let v = shifts_json(&t, &["--since", "2025-08-01"]);
    let r = find(&v, "washington", "ceasefire", "2025-08-16");
    // The existing keys stay.
    assert_eq!((r["from"].as_i64(), r["to"].as_i64(), &r["class"]), (Some(2), Some(-1), &"reversal".into()));
    let e = &r["event"];
    assert_eq!(e["title"], ALASKA);
    assert_eq!(e["date"], "2025-08-15");
    assert_eq!(e["days_before"], 1);
    assert_eq!(e["timing"], "after");
    assert!(e["end"].is_null());
    assert_eq!(e["context"], format!("1 day after: {ALASKA} (15 Aug)"));
    let sample = store::sample();
    let id: EventId = e["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(sample.events.iter().find(|x| x.id == id).unwrap().title, ALASKA);
    // A move with no event of its actor in the window has `"event": null` (the key is there).
    let r = find(&v, "washington", "territory", "2025-08-08");
    assert!(r.as_object().unwrap().contains_key("event") && r["event"].is_null(), "{r}");
    // Every shift has the key.
    assert!(v.iter().all(|x| x.as_object().unwrap().contains_key("event")));
}

#[test]
fn the_event_window_widens_and_narrows_what_is_named() {
    let t = TempStore::sample();
    // Washington on territory, 8 Aug: the 50-day deadline of 14 July is 25 days before.
    let v = shifts_json(&t, &["--since", "2025-08-01", "--event-window", "25"]);
    let e = &find(&v, "washington", "territory", "2025-08-08")["event"];
    assert!(e["title"].as_str().unwrap().starts_with("Trump's 50-day deadline"), "{e}");
    assert_eq!(e["days_before"], 25);
    // The Alaska summit is a day before: a window of 0 names nothing there.
    let v = shifts_json(&t, &["--since", "2025-08-01", "--event-window", "0"]);
    assert!(find(&v, "washington", "ceasefire", "2025-08-16")["event"].is_null());
    // …but still names the event of the same day.
    let e = &find(&v, "washington", "ceasefire", "2025-10-17")["event"];
    assert_eq!((&e["days_before"], &e["timing"]), (&0.into(), &"same_day".into()));
    // A span the move falls in: "during", its end given.
    let v = shifts_json(&t, &["--since", "2025-12-01"]);
    let e = &find(&v, "kyiv", "territory", "2025-12-14")["event"];
    assert_eq!((&e["timing"], &e["end"]), (&"during".into(), &"2025-12-15".into()));

    let o = t.run(&["shifts", "--event-window", "-1"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--event-window"), "{}", stderr(&o));
}

#[test]
fn matrix_json_names_the_event_of_each_move() {
    let t = TempStore::sample();
    let o = t.run(&["matrix", "--compare", "2025-08-01", "--as-of", "2025-08-31", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let cell = |actor: &str, topic: &str| {
        v["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["actor"] == actor && c["topic"] == topic)
            .unwrap()
            .clone()
    };
    let ceasefire = cell("washington", "ceasefire");
    assert_eq!(ceasefire["moves"][0]["event"]["title"], ALASKA);
    assert!(cell("washington", "territory")["moves"][0]["event"].is_null());
}

#[test]
fn shifts_text_names_the_event_under_the_move() {
    let t = TempStore::sample();
    let o = t.run(&["shifts", "--since", "2025-08-01", "--until", "2025-08-31"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("2025-08-16  Washington on Ceasefire: +2 → −1 (reversal away)"))
        .expect(&out);
    assert_eq!(lines[i + 1], format!("    1 day after: {ALASKA} (15 Aug)"));
    assert!(lines[i + 2].starts_with("    before ("), "{out}");
    // The 8 August move has none: its quotes follow at once.
    let j = lines.iter().position(|l| l.starts_with("2025-08-08  Washington on Territory")).expect(&out);
    assert!(lines[j + 1].starts_with("    before ("), "{out}");
}

// ------------------------------------------------------------ briefs

/// The fixed generation time of the briefs: 15 December 2025, 09:30 UTC.
fn generated() -> Timestamp {
    Timestamp::from_millis(1_765_791_000_000).unwrap()
}

fn brief(compare: &str, as_of: &str) -> Summary {
    let mut o = SummaryOptions::new(
        Filter {
            actors: ["kremlin", "kyiv", "washington", "london"].map(ActorId::from).into(),
            topics: ["ceasefire", "territory", "troops"].map(TopicId::from).into(),
            ..Filter::default()
        },
        generated(),
    );
    o.compare = Some(day(compare));
    o.as_of = Some(day(as_of));
    Summary::build(&store::sample(), &o)
}

/// The lines of the Markdown section headed `heading`, up to the next heading.
fn section<'a>(md: &'a str, heading: &str) -> Vec<&'a str> {
    md.lines()
        .skip_while(|l| *l != format!("## {heading}"))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_month_brief_lists_the_key_events_of_its_window_and_none_outside() {
    // August 2025: the Alaska summit (15 Aug) and the White House meeting (18 Aug);
    // not the Istanbul talks of 23 July nor the Paris summit of 4 September.
    let s = brief("2025-07-31", "2025-08-31");
    let titles: Vec<&str> = s.events.iter().map(|k| k.title.as_str()).collect();
    assert_eq!(titles, [ALASKA, "Zelensky and European leaders at the White House"]);
    assert_eq!(s.earlier_events, 0);

    let md = export::markdown::to_string(&s);
    let events = section(&md, "Key events in the period");
    assert_eq!(events.len(), 2, "{md}");
    assert!(
        events[0]
            .starts_with(&format!("- **15 August 2025** {ALASKA}. Anchorage · Kremlin and Washington · ["))
    );
    assert!(events[0].contains("](<https://"), "the source is linked: {}", events[0]);
    assert!(events[1].contains("Kyiv, Washington and London, with 5 others"), "{}", events[1]);
    assert!(!md.contains("Istanbul talks, third round") && !md.contains("Paris coalition-of-the-willing"));
    // The section sits between what moved and where they stand.
    let at = |h: &str| md.find(h).unwrap();
    assert!(at("## What moved") < at("## Key events") && at("## Key events") < at("## Where they stand"));
    // The move names the summit, under its line.
    let moves = section(&md, "What moved since 31 July 2025");
    let i = moves.iter().position(|l| l.starts_with("- **Washington · Ceasefire** +2 → −1")).expect(&md);
    assert_eq!(moves[i + 1], format!("  *1 day after: {ALASKA} (15 Aug)*"));

    let html = export::html::to_string(&s);
    assert!(html.contains("<h2>Key events in the period</h2>"), "{html}");
    assert!(html.contains(&format!("<span class=\"when\">15 August 2025</span> {ALASKA}.")));
    assert!(html.contains("<a class=\"outlet\" href=\"https://"));
    assert!(html.contains(&format!("<span class=\"context\">1 day after: {ALASKA} (15 Aug)</span>")));
    assert!(
        !html.contains("Istanbul talks, third round") && !html.contains("Paris coalition-of-the-willing")
    );
}

#[test]
fn a_brief_without_events_in_its_window_has_no_such_section() {
    // 1–10 June 2025: the sample has no event then (Istanbul, 2 June, is the day before: outside).
    let s = brief("2025-06-02", "2025-06-10");
    assert!(s.events.is_empty());
    let md = export::markdown::to_string(&s);
    assert!(!md.contains("Key events"), "{md}");
    assert!(!export::html::to_string(&s).contains("Key events"));
    // Without a comparison date there is no window, so no list either.
    let all = Summary::build(&store::sample(), &SummaryOptions::new(Filter::default(), generated()));
    assert!(all.events.is_empty());
}

#[test]
fn a_long_window_lists_only_the_latest_key_events_and_says_how_many_more() {
    let s = brief("2025-01-01", "2025-12-14");
    assert_eq!(s.events.len(), export::summary::KEY_EVENTS);
    assert!(s.earlier_events > 0);
    assert!(s.events.last().unwrap().title.starts_with("Berlin talks"));
    let md = export::markdown::to_string(&s);
    assert!(
        md.contains(&format!("*{} earlier events in the period are not listed.*", s.earlier_events)),
        "{md}"
    );
}

#[test]
fn the_actors_filter_decides_which_events_are_key() {
    // Only London: the Alaska summit (Washington, Kremlin) is not its event; the White House meeting is.
    let mut o = SummaryOptions::new(
        Filter { actors: [ActorId::from("london")].into(), ..Filter::default() },
        generated(),
    );
    o.compare = Some(day("2025-07-31"));
    o.as_of = Some(day("2025-08-31"));
    let s = Summary::build(&store::sample(), &o);
    let titles: Vec<&str> = s.events.iter().map(|k| k.title.as_str()).collect();
    assert_eq!(titles, ["Zelensky and European leaders at the White House"]);
    assert_eq!(s.events[0].actors, ["London"]);
    assert_eq!(s.events[0].others, 7);
}

#[test]
fn the_word_brief_lists_the_key_events_with_linked_sources() {
    let s = brief("2025-07-31", "2025-08-31");
    let bytes = export::docx::to_bytes(&s).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("Key events in the period"));
    assert!(xml.contains(&format!(" {ALASKA}.")));
    assert!(xml.contains(&format!("1 day after: {ALASKA} (15 Aug)")));
    let mut rels = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/_rels/document.xml.rels").unwrap(), &mut rels)
        .unwrap();
    let alaska = store::sample().events.into_iter().find(|e| e.title == ALASKA).unwrap();
    let url = alaska.source.url.unwrap();
    assert!(rels.contains(&url), "the summit's source is a hyperlink");
}

#[test]
fn export_takes_an_event_window() {
    let t = TempStore::sample();
    let args = [
        "export",
        "--format",
        "md",
        "--actors",
        "washington",
        "--topics",
        "territory",
        "--compare",
        "2025-07-31",
        "--as-of",
        "2025-08-31",
    ];
    let o = t.run(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    assert!(!md.contains("days after: Trump's 50-day deadline"), "{md}");
    let o = t.run(&[&args[..], &["--event-window", "30"]].concat());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = stdout(&o);
    let moves = section(&md, "What moved since 31 July 2025");
    let i = moves.iter().position(|l| l.starts_with("- **Washington · Territory** +2 → +1")).expect(&md);
    assert!(moves[i + 1].starts_with("  *25 days after: Trump's 50-day deadline"), "{md}");
    let o = t.run(&[&args[..], &["--event-window", "-3"]].concat());
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--event-window"), "{}", stderr(&o));
}
