//! `stancebook ingest` run as a real binary, on a temporary copy of the
//! sample store and with `STANCEBOOK_HOME` in a temporary folder.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

struct Env {
    dir: TempDir,
    store: PathBuf,
}

fn env(empty_statements: bool) -> Env {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store.ron");
    let mut s = stancebook::store::sample();
    if empty_statements {
        s.statements.clear();
    }
    std::fs::write(&store, stancebook::store::format::to_text(&s)).unwrap();
    Env { dir, store }
}

fn run(e: &Env, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stancebook"));
    cmd.env("STANCEBOOK_HOME", e.dir.path().join("home"))
        .arg("--store")
        .arg(&e.store)
        .arg("ingest")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest").join(name).display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn json_has_the_documented_shape() {
    let e = env(true);
    let o = run(&e, &[&fixture("wire_story.txt"), "--published", "2025-04-02", "--json"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert!(!list.is_empty());
    for c in list {
        for key in [
            "line",
            "speaker",
            "actor",
            "date",
            "date_precision",
            "kind",
            "verification",
            "topics",
            "quote",
            "duplicate_of",
        ] {
            assert!(c.get(key).is_some(), "missing `{key}` in {c}");
        }
        assert!(c["line"].as_u64().unwrap() >= 1);
        for t in c["topics"].as_array().unwrap() {
            assert!(t["topic"].is_string());
            assert!((-2..=2).contains(&t["stance"].as_i64().unwrap()));
        }
        if c["date"].is_null() {
            assert!(c["date_precision"].is_null());
        } else {
            assert!(["day", "month", "year"].contains(&c["date_precision"].as_str().unwrap()));
        }
    }
    let z = list.iter().find(|c| c["speaker"] == "Volodymyr Zelensky").expect("Zelensky");
    assert_eq!(z["actor"], "kyiv");
    assert_eq!(z["date"], "2025-04-01");
    assert_eq!(z["date_precision"], "day");
    assert!(z["duplicate_of"].is_null());
}

#[test]
fn stdin_and_human_output() {
    let e = env(true);
    let text = std::fs::read(fixture("readout.txt")).unwrap();
    let o = run(&e, &["-", "--published", "2025-03-18", "--outlet", "gov.uk"], Some(&text));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("candidate statements in standard input"), "{out}");
    assert!(out.contains("london — Keir Starmer"), "{out}");
    assert!(out.contains("ceasefire +2"), "{out}");
}

#[test]
fn repeats_of_stored_statements_are_flagged() {
    let e = env(false);
    let blog = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_7223d8e20457a40a.txt");
    let blog = if blog.exists() {
        blog
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds/000_7223d8e20457a40a.txt")
    };
    let o = run(&e, &[blog.to_str().unwrap(), "--published", "2025-03-13", "--json"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let store = stancebook::store::sample();
    let flagged: Vec<&serde_json::Value> =
        v.as_array().unwrap().iter().filter(|c| !c["duplicate_of"].is_null()).collect();
    assert!(!flagged.is_empty());
    for c in flagged {
        let id = c["duplicate_of"].as_str().unwrap().parse().unwrap();
        assert_eq!(store.statement(id).unwrap().actor.as_str(), c["actor"].as_str().unwrap());
    }
    let human = run(&e, &[blog.to_str().unwrap(), "--published", "2025-03-13"], None);
    assert!(String::from_utf8_lossy(&human.stdout).contains("already in the store: "));
}

#[test]
fn html_files_are_read_as_text() {
    let e = env(true);
    let o = run(&e, &[&fixture("article.html"), "--published", "2025-02-18", "--json"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("read as HTML"));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().any(|c| c["speaker"] == "Marco Rubio"));
}

#[test]
fn nothing_to_propose_is_said_clearly() {
    let e = env(true);
    let o =
        run(&e, &["-", "--published", "2025-03-13"], Some(b"The weather was mild. Trains ran on time.\n"));
    assert!(o.status.success());
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("no attributable statements"), "{}", stderr(&o));
    let json = run(&e, &["-", "--published", "2025-03-13", "--json"], Some(b"The weather was mild.\n"));
    assert!(json.status.success());
    assert_eq!(String::from_utf8_lossy(&json.stdout).trim(), "[]");
    // An empty input is an error, as everywhere (exit 2), not an empty answer.
    let empty = run(&e, &["-", "--published", "2025-03-13", "--json"], Some(b""));
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("standard input: the text is empty"), "{}", stderr(&empty));
}

#[test]
fn bad_input_exits_with_2_and_a_message() {
    let e = env(true);
    let bad_date = run(&e, &[&fixture("readout.txt"), "--published", "13/03/2025"], None);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(stderr(&bad_date).contains("--published"));

    let missing = run(&e, &["/no/such/file.txt", "--published", "2025-03-13"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("/no/such/file.txt"));

    let binary = run(&e, &["-", "--published", "2025-03-13"], Some(&[0x89, b'P', b'N', b'G', 0, 0, 1, 2]));
    assert_eq!(binary.status.code(), Some(2));
    assert!(stderr(&binary).contains("binary"));

    let latin1 = run(&e, &["-", "--published", "2025-03-13"], Some(b"Peskov said\ncaf\xe9 talks"));
    assert_eq!(latin1.status.code(), Some(2));
    assert!(stderr(&latin1).contains("standard input:2:4: not UTF-8"), "{}", stderr(&latin1));

    let no_published = run(&e, &[&fixture("readout.txt")], None);
    assert_eq!(no_published.status.code(), Some(2));
}

#[test]
fn explain_says_which_rule_set_each_field() {
    let e = env(true);
    let o = run(&e, &[&fixture("wire_story.txt"), "--published", "2025-03-12", "--explain"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("  why:"), "{out}");
    for field in ["topic:", "speaker:", "actor:", "stance:", "kind:", "verification:", "date:", "quote:"] {
        assert!(out.contains(&format!("    {field}")), "the trace names {field}: {out}");
    }
    assert!(out.contains("stance: a negated keyword"), "{out}");
    let both =
        run(&e, &[&fixture("wire_story.txt"), "--published", "2025-03-12", "--explain", "--json"], None);
    assert_eq!(both.status.code(), Some(2), "--explain is for people, --json for scripts");
}

fn events_fixture() -> String {
    fixture("events/week_ahead.txt")
}

#[test]
fn events_json_lists_the_event_candidates() {
    let e = env(true);
    let o = run(&e, &[&events_fixture(), "--published", "2025-08-12", "--events", "--json"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 7, "{v:#}");
    for c in list {
        for key in [
            "line",
            "lines",
            "title",
            "kind",
            "date",
            "date_precision",
            "end",
            "place",
            "actors",
            "announced",
            "evidence",
            "confidence",
            "reasons",
            "duplicate_of",
        ] {
            assert!(c.get(key).is_some(), "missing `{key}` in {c}");
        }
        assert!(stancebook::model::EventKind::parse(c["kind"].as_str().unwrap()).is_some());
        assert!((0.0..=1.0).contains(&c["confidence"].as_f64().unwrap()));
        assert!(c["reasons"]["kind"].is_string() && c["reasons"]["date"].is_string());
    }
    let budapest = list.iter().find(|c| c["place"] == "Budapest").expect("the Budapest meeting");
    assert_eq!(budapest["kind"], "meeting");
    assert_eq!(budapest["date"], "2025-08-28");
    assert_eq!(budapest["announced"], true);
    assert_eq!(budapest["actors"], serde_json::json!(["washington", "kremlin"]));
    assert_eq!(budapest["title"], "Trump meets Putin in Budapest");
    assert!(budapest["duplicate_of"].is_null());
    // The sample store holds the Alaska summit: the candidate names it.
    let store = stancebook::store::sample();
    let summit = list.iter().find(|c| c["kind"] == "summit").unwrap();
    assert_eq!(summit["lines"], serde_json::json!([2, 3, 5]));
    let id = summit["duplicate_of"].as_str().expect("already in the store").parse().unwrap();
    assert_eq!(store.event(id).unwrap().date.to_string(), "2025-08-15");
}

#[test]
fn the_human_output_lists_events_after_the_statements() {
    let e = env(true);
    let o = run(&e, &[&events_fixture(), "--published", "2025-08-12"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let events = out.find("7 candidate events in").expect("the events section");
    assert!(out[..events].contains("candidate statement"), "statements first: {out}");
    assert!(
        out.contains("line 6  Trump meets Putin in Budapest  (meeting, 2025-08-28, Budapest, announced)"),
        "{out}"
    );
    assert!(out.contains("lines 2, 3, 5  Trump–Putin summit in Alaska"), "{out}");
    assert!(out[events..].contains("already in the store: "), "{out}");
    // --events: only the events; --explain: their reasons.
    let only = run(&e, &[&events_fixture(), "--published", "2025-08-12", "--events", "--explain"], None);
    let only = String::from_utf8_lossy(&only.stdout);
    assert!(only.starts_with("7 candidate events in"), "{only}");
    assert!(!only.contains("candidate statement"), "{only}");
    assert!(only.contains("    date: a date next to the event — “28 August”"), "{only}");
}
