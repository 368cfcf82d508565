//! `stancebook search` through the real binary: JSON shape, exit codes and
//! messages for bad queries, and `--queries FILE --timings`.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    _dir: tempfile::TempDir,
    home: PathBuf,
    store: PathBuf,
}

/// A temporary data folder and a store file made from the bundled sample.
fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let store = dir.path().join("store.ron");
    std::fs::write(&store, stancebook::store::SAMPLE_TEXT).unwrap();
    Env { _dir: dir, home, store }
}

fn run(env: &Env, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancebook"))
        .env("STANCEBOOK_HOME", &env.home)
        .arg("--store")
        .arg(&env.store)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn json_has_the_documented_shape() {
    let e = env();
    let o = run(&e, &["search", "peskov", "--json", "--limit", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hits = v.as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3);
    for h in hits {
        for key in ["id", "score", "date", "actor", "speaker", "quote"] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
        assert_eq!(h["actor"], "kremlin");
        assert_eq!(h["speaker"], "Dmitry Peskov");
        assert!(h["score"].as_i64().unwrap() > 0);
        assert_eq!(h["id"].as_str().unwrap().len(), 26);
    }
    // Highlights are there for scripts that want them: the speaker's name.
    let m = &hits[0]["matches"];
    let speaker =
        m.as_array().unwrap().iter().find(|m| m["field"] == "speaker").expect("speaker highlighted");
    let chars: Vec<char> = "Dmitry Peskov".chars().collect();
    let shown: String =
        speaker["chars"].as_array().unwrap().iter().map(|i| chars[i.as_u64().unwrap() as usize]).collect();
    assert_eq!(shown, "Peskov");
}

#[test]
fn filters_and_dates_through_the_binary() {
    let e = env();
    let o = run(
        &e,
        &["search", "actor:washington topic:ceasefire since:2025-08 until:2025-08", "--json", "--limit", "0"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hits = v.as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert_eq!(h["actor"], "washington");
        assert!(h["date"].as_str().unwrap().starts_with("2025-08"), "{h}");
    }
    // Filters only: newest first.
    let dates: Vec<&str> = hits.iter().map(|h| h["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn human_output_marks_matches_and_counts() {
    let e = env();
    let o = run(&e, &["search", "actor:kremlin peskov", "--limit", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("kremlin  Dmitry Peskov"), "{out}");
    assert!(out.contains("1 of "), "{out}");
}

#[test]
fn a_bad_query_exits_2_naming_the_column() {
    let e = env();
    let o = run(&e, &["search", "peskov kind:threat"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("column 13") && err.contains("unknown kind `threat`"), "{err}");
    assert!(o.stdout.is_empty());

    let o = run(&e, &["search", "actor:kremlim"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `kremlin`"), "{}", stderr(&o));
}

#[test]
fn an_unreadable_store_exits_2() {
    let e = env();
    std::fs::write(&e.store, "(schema: 2, actors: [").unwrap();
    let o = run(&e, &["search", "peskov"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("store.ron:"), "{}", stderr(&o));
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn queries_file_with_timings() {
    let e = env();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "q.txt", "# comment\npeskov\n\nactor:kyiv\nzelenksy\n");
    let o = run(&e, &["search", "--queries", file.to_str().unwrap(), "--timings"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    for (line, q) in lines.iter().zip(["peskov", "actor:kyiv", "zelenksy"]) {
        assert!(line.contains(" ms") && line.contains(" hits") && line.ends_with(q), "{line}");
        let hits: usize =
            line.split(" hits").next().unwrap().split_whitespace().last().unwrap().parse().unwrap();
        assert!(hits > 0, "{line}");
    }
    assert!(lines[3].contains("3 queries over 66 statements: median"), "{}", lines[3]);

    // JSON timings, and a bad line reported with its line and column (exit 2).
    let file = write(dir.path(), "bad.txt", "peskov\nsince:2025-02-30\n");
    let o = run(&e, &["search", "--queries", file.to_str().unwrap(), "--timings", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.txt:2: query column 7"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["query"], "peskov");
    assert!(v[0]["ms"].as_f64().is_some() && v[0]["hits"].as_u64().unwrap() > 0);

    let o = run(&e, &["search", "--queries", dir.path().join("missing.txt").to_str().unwrap(), "--timings"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.txt: could not read"), "{}", stderr(&o));
}

#[test]
fn print_fields_writes_one_line_per_statement() {
    let e = env();
    let o = run(&e, &["search", "actor:kremlin", "--print-fields"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().count() > 1);
    assert!(out.lines().all(|l| l.split('\t').count() == 8 && l.contains("Kremlin")), "{out}");
}

#[test]
fn the_default_store_is_searched_without_store() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_stancebook"))
        .env("STANCEBOOK_HOME", dir.path())
        .args(["search", "zelensky", "--limit", "1"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Volodymyr Zelensky"), "{}", stdout(&o));
    assert!(dir.path().join("store.ron").exists());
}
