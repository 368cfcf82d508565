//! The command line, through the real binary in temp folders: `check`,
//! `stats`, `add`, `fmt`, exit codes, bad files, the lock, first run, and a
//! process killed in the middle of saves.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;
/// `stancebook lexicon` (in this binary, to keep the test binaries few).
#[path = "cli/lexicon.rs"]
mod lexicon;
/// `stancebook topic-model` (in this binary too).
#[path = "cli/topic_model.rs"]
mod topic_model;

use std::time::Instant;

use common::{TempStore, code, command, stancebook, stderr, stdout};
use stancebook::model::*;
use stancebook::store::{self, StoreFile};

#[test]
fn check_passes_on_the_sample_store() {
    let t = TempStore::sample();
    let o = t.run(&["check"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("ok — 66 statements, 25 events, 13 actors, 10 topics"), "{}", stdout(&o));
}

#[test]
fn check_runs_on_the_bundled_file_in_place() {
    let o = stancebook(
        &std::env::temp_dir(),
        &["--store", concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample.ron"), "check"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn stats_json_counts_the_sample() {
    let t = TempStore::sample();
    let o = t.run(&["stats", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let n = v["statements"].as_u64().unwrap();
    assert!(n >= 60, "{n}");
    let per_actor: u64 =
        v["actors"].as_array().unwrap().iter().map(|a| a["statements"].as_u64().unwrap()).sum();
    assert_eq!(per_actor, n, "every statement belongs to one actor");
    let kremlin = v["actors"].as_array().unwrap().iter().find(|a| a["id"] == "kremlin").unwrap();
    assert!(kremlin["statements"].as_u64().unwrap() > 10);
    let ceasefire = v["topics"].as_array().unwrap().iter().find(|t| t["id"] == "ceasefire").unwrap();
    assert!(ceasefire["positions"].as_u64().unwrap() >= 12);
    assert_eq!(v["first_date"], "2022-09");
    assert_eq!(v["last_date"], "2025-12-14");
    assert_eq!(v["events"], 25);
}

#[test]
fn stats_prints_a_readable_table() {
    let t = TempStore::sample();
    let o = t.run(&["stats"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(out.contains("66 statements, 2022-09 to 2025-12-14; 25 events"), "{out}");
    assert!(out.contains("Statements by actor") && out.contains("Kremlin"), "{out}");
}

#[test]
fn add_prints_the_id_and_saves_the_statement() {
    let t = TempStore::sample();
    let o = t.run(&[
        "add",
        "--actor",
        "kyiv",
        "--date",
        "2025-12-20",
        "--quote",
        "Ми не віддамо нашу землю",
        "--position",
        "territory=-2",
        "--position",
        "ceasefire=+1:only with guarantees",
        "--speaker",
        "Zelenskyy",
        "--kind",
        "rejection",
        "--outlet",
        "Ukrinform",
        "--url",
        "https://example.org/a",
        "--verification",
        "confirmed",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let id: StatementId = stdout(&o).trim().parse().expect("prints the new id");
    let s = store::read(&t.path).unwrap().store;
    let st = s.statement(id).expect("saved");
    assert_eq!(st.speaker.as_deref(), Some("Volodymyr Zelensky"), "alias normalised");
    assert_eq!(st.quote, "Ми не віддамо нашу землю");
    assert_eq!(st.kind, Kind::Rejection);
    assert_eq!(st.verification, Verification::Confirmed);
    assert_eq!(st.positions.len(), 2);
    assert_eq!(st.positions[1].conditions, "only with guarantees");
    assert_eq!(st.source.published.map(|d| d.to_string()).as_deref(), Some("2025-12-20"));
    assert_eq!(s.statements.len(), 67);
    assert_eq!(s.validate(), vec![]);
    assert_eq!(s.statements.last().unwrap().id, id, "kept in date order");
    assert_eq!(
        StoreFile::open(&t.path).unwrap().0.list_backups().len(),
        1,
        "the previous version is backed up"
    );
}

#[test]
fn add_records_the_analyst_from_by_the_app_s_preferences_or_the_environment() {
    let t = TempStore::sample();
    let add = |quote: &str, extra: &[&str], env: Option<&str>| {
        let mut c = command(t.dir.path());
        c.args(["--store", t.path.to_str().unwrap(), "add", "--actor", "kyiv", "--date", "2025-12-01"])
            .args(["--quote", quote, "--position", "ceasefire=1"])
            .args(extra);
        if let Some(v) = env {
            c.env("STANCEBOOK_ANALYST", v);
        }
        let o = c.output().unwrap();
        assert_eq!(code(&o), 0, "{quote}: {}", stderr(&o));
        stdout(&o).trim().parse::<StatementId>().unwrap()
    };
    let entered = |id: StatementId| {
        let s = store::read(&t.path).unwrap().store;
        let s = s.statement(id).unwrap().clone();
        assert_eq!(s.changed_by, None);
        s.entered_by
    };
    let anna = Analyst::new("Anna Petrova", Some("anna@desk.example"));
    let id = add("by flag", &["--by", "Anna Petrova <anna@desk.example>"], Some("Ben Ode"));
    assert_eq!(entered(id), Some(anna.clone()), "--by comes first");
    let id = add("by the environment", &[], Some("Ben Ode"));
    assert_eq!(entered(id), Some(Analyst::new("Ben Ode", None)));
    let id = add("by nobody known", &[], None);
    assert_eq!(entered(id), None);

    // The app's preferences, as eframe keeps them in the data folder: a RON
    // map from keys to RON text (`eframe::set_value`).
    #[cfg(feature = "gui")]
    {
        let prefs = stancebook::app::Prefs {
            analyst_name: Some("Cleo Marsh".into()),
            analyst_email: Some("cleo@desk.example".into()),
            ..Default::default()
        };
        let map = std::collections::HashMap::from([(
            "stancebook-prefs".to_owned(),
            ron::ser::to_string(&prefs).unwrap(),
        )]);
        let text = ron::ser::to_string_pretty(&map, Default::default()).unwrap();
        std::fs::write(t.dir.path().join("window"), text).unwrap();
        let id = add("by the preferences", &[], Some("Ben Ode"));
        assert_eq!(entered(id), Some(Analyst::new("Cleo Marsh", Some("cleo@desk.example"))));
    }

    // A malformed name is refused, and nothing is written.
    let before = t.bytes();
    for (by, env, says) in [
        (Some("<anna@desk.example>"), None, "--by `<anna@desk.example>`: the analyst's name is empty"),
        (Some("Anna <anna at desk>"), None, "must hold one @ and no spaces"),
        (None, Some("Anna\nPetrova"), "STANCEBOOK_ANALYST"),
    ] {
        let mut c = command(t.dir.path());
        c.args(["--store", t.path.to_str().unwrap(), "add", "--actor", "kyiv", "--date", "2025"]);
        c.args(["--quote", "q", "--position", "ceasefire=0"]);
        if let Some(by) = by {
            c.args(["--by", by]);
        }
        if let Some(v) = env {
            // Preferences naming nobody, so that the variable is read.
            std::fs::remove_file(t.dir.path().join("window")).ok();
            c.env("STANCEBOOK_ANALYST", v);
        }
        let o = c.output().unwrap();
        assert_eq!(code(&o), 2, "{by:?} {env:?}");
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    assert_eq!(t.bytes(), before);
}

#[test]
fn add_refuses_bad_input_and_leaves_the_file_alone() {
    let t = TempStore::sample();
    let before = t.bytes();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--actor", "atlantis", "--date", "2025-01-01", "--quote", "x", "--position", "ceasefire=1"],
            "unknown actor `atlantis` (known actors: kremlin",
        ),
        (
            &["--actor", "kremlin", "--date", "2025-01-01", "--quote", "x", "--position", "weather=1"],
            "unknown topic `weather`",
        ),
        (
            &["--actor", "kremlin", "--date", "2025-01-01", "--quote", "x", "--position", "ceasefire=3"],
            "stance 3 is outside",
        ),
        (
            &["--actor", "kremlin", "--date", "2025-01-01", "--quote", "x", "--position", "ceasefire"],
            "write TOPIC=STANCE",
        ),
        (
            &["--actor", "kremlin", "--date", "01/01/2025", "--quote", "x", "--position", "ceasefire=1"],
            "--date: `01/01/2025` is not a date",
        ),
        (
            &["--actor", "kremlin", "--date", "2025-01-01", "--quote", "  ", "--position", "ceasefire=1"],
            "empty quote",
        ),
        (
            &[
                "--actor",
                "kremlin",
                "--date",
                "2025-01-01",
                "--quote",
                "x",
                "--position",
                "ceasefire=1",
                "--kind",
                "musing",
            ],
            "--kind `musing`: expected one of proposal",
        ),
    ];
    for (args, expect) in cases {
        let o = t.run(&[&["add"], *args].concat());
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1, "the error is printed once: {}", stderr(&o));
        assert_eq!(t.bytes(), before, "{args:?} left the store unchanged");
    }
}

#[test]
fn a_corrupted_store_makes_check_exit_2_with_file_line_and_column() {
    let text = store::SAMPLE_TEXT.replacen("kind: rejection,", "kind: rejection,,", 1);
    let t = TempStore::with_text(&text);
    let line = text.lines().position(|l| l.contains("kind: rejection,,")).unwrap() + 1;
    for cmd in [
        &["check"][..],
        &["stats"],
        &["add", "--actor", "kremlin", "--date", "2025", "--quote", "q", "--position", "ceasefire=0"],
        &["fmt"],
    ] {
        let o = t.run(cmd);
        assert_eq!(code(&o), 2, "{cmd:?}");
        let err = stderr(&o);
        assert!(err.contains(&format!("{}:{line}:", t.path.display())), "{cmd:?}: {err}");
        assert_eq!(t.bytes(), text.as_bytes(), "{cmd:?} left the file byte-identical");
    }
}

#[test]
fn bad_files_exit_non_zero_and_stay_byte_identical() {
    let truncated = &store::SAMPLE_TEXT.as_bytes()[..5000];
    let random: Vec<u8> = (0..2000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    let current = format!("schema: {},", stancebook::model::SCHEMA);
    let newer =
        store::SAMPLE_TEXT.replacen(&current, &format!("schema: {},", stancebook::model::SCHEMA + 1), 1);
    assert_ne!(newer, store::SAMPLE_TEXT);
    let newer_message = format!("schema {} is newer", stancebook::model::SCHEMA + 1);
    let mut dup = store::sample();
    dup.statements.push(dup.statements[0].clone());
    let dup = stancebook::store::format::to_text(&dup);
    let unknown = store::SAMPLE_TEXT.replacen("actor: \"kremlin\"", "actor: \"moscow\"", 1);
    let cases: Vec<(&str, Vec<u8>, i32, &str)> = vec![
        ("truncated", truncated.to_vec(), 2, "the file ends too early"),
        ("random", random, 2, "not a text file"),
        ("wrong shape", b"(schema: 2, topics: \"none\")".to_vec(), 2, "expected `[`"),
        ("newer schema", newer.into_bytes(), 1, &newer_message),
        ("duplicate id", dup.into_bytes(), 1, "duplicate statement id"),
        ("unknown actor", unknown.into_bytes(), 1, "unknown actor `moscow`"),
    ];
    for (name, bytes, expected, message) in cases {
        let t = TempStore::with_bytes(&bytes);
        let o = t.run(&["check"]);
        assert_eq!(code(&o), expected, "{name}: {} {}", stdout(&o), stderr(&o));
        let all = stdout(&o) + &stderr(&o);
        assert!(all.contains(message), "{name}: {all}");
        assert!(all.contains(&t.path.display().to_string()), "{name} names the file: {all}");
        let o =
            t.run(&["add", "--actor", "kyiv", "--date", "2025", "--quote", "q", "--position", "ceasefire=0"]);
        assert_ne!(code(&o), 0, "{name}: add must refuse");
        assert_eq!(t.bytes(), bytes, "{name}: byte-identical afterwards");
    }
}

#[test]
fn a_second_writer_is_refused_with_a_clear_message() {
    let t = TempStore::sample();
    let before = t.bytes();
    let (_held, _) = StoreFile::open(&t.path).unwrap();
    let o = t.run(&["add", "--actor", "kyiv", "--date", "2025", "--quote", "q", "--position", "ceasefire=0"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("open for writing in another Stancebook"), "{}", stderr(&o));
    assert_eq!(t.bytes(), before);
    // Readers are not blocked.
    assert_eq!(code(&t.run(&["check"])), 0);
}

#[test]
fn first_run_creates_the_default_store_from_the_sample_and_never_replaces_it() {
    let home = tempfile::tempdir().unwrap();
    let o = stancebook(home.path(), &["stats", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("from the bundled sample"));
    let path = home.path().join("store.ron");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), store::SAMPLE_TEXT);
    let empty = "(schema: 2, actors: [], topics: [], statements: [])";
    std::fs::write(&path, empty).unwrap();
    let o = stancebook(home.path(), &["stats", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("\"statements\": 0"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), empty);
}

#[test]
fn a_missing_store_path_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let o = stancebook(home.path(), &["--store", "nowhere.ron", "check"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("nowhere.ron: no such store file"));
    assert!(!home.path().join("nowhere.ron").exists());
}

#[test]
fn fmt_rewrites_a_hand_edited_store_canonically() {
    let messy = store::SAMPLE_TEXT.replace("\n        ", "\n  ");
    let t = TempStore::with_text(&messy);
    assert_eq!(code(&t.run(&["fmt", "--check"])), 1);
    assert_eq!(t.bytes(), messy.as_bytes());
    let o = t.run(&["fmt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(t.bytes(), store::SAMPLE_TEXT.as_bytes());
    assert_eq!(code(&t.run(&["fmt", "--check"])), 0);
}

#[test]
fn a_broken_pipe_is_not_a_crash() {
    let t = TempStore::sample();
    let mut child = command(t.dir.path())
        .args(["--store", t.path.to_str().unwrap(), "stats"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.code().is_some(), "exited normally, not by a signal or panic: {status:?}");
    assert_ne!(status.code(), Some(101), "no panic");
}

/// A store big enough that a save takes a while, so kills land inside it.
fn big_store(n: usize) -> Store {
    let mut s = store::sample();
    let base = s.statements.clone();
    for i in 0..n {
        let mut st = base[i % base.len()].clone();
        st.id = StatementId::from_parts(1_700_000_000_000 + i as u64, i as u128);
        st.notes = format!("copy {i} of a sample statement, padding the store so that saving takes time");
        s.statements.push(st);
    }
    s.sort_statements();
    s
}

/// Kills `stancebook add` at spread-out instants, many times: the store
/// always loads, and holds the version before the add or the one after.
#[test]
fn a_process_killed_mid_save_leaves_a_store_that_loads() {
    let t = TempStore::with_text(&stancebook::store::format::to_text(&big_store(6000)));
    let add = |quote: &str| {
        command(t.dir.path())
            .args(["--store", t.path.to_str().unwrap(), "add", "--actor", "kyiv", "--date", "2025-06-01"])
            .args(["--quote", quote, "--position", "ceasefire=1"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long one add takes here, to spread the kills over it.
    let start = Instant::now();
    assert!(add("timing run").wait().unwrap().success());
    let full = start.elapsed();
    let mut count = store::read(&t.path).unwrap().store.statements.len();
    let (mut killed, mut completed) = (0, 0);
    let rounds = 24;
    for round in 0..rounds {
        let mut child = add(&format!("round {round}"));
        std::thread::sleep(full.mul_f64(round as f64 / rounds as f64 * 1.1));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            completed += 1
        } else {
            killed += 1
        }
        let now =
            store::read(&t.path).unwrap_or_else(|e| panic!("round {round}: the store must load: {e}")).store;
        let n = now.statements.len();
        assert!(n == count || n == count + 1, "round {round}: {count} → {n}");
        assert_eq!(now.validate(), vec![], "round {round}");
        count = n;
    }
    assert!(
        killed >= rounds / 2,
        "most rounds were killed before finishing ({killed} killed, {completed} completed)"
    );
    eprintln!("one add took {full:?}; {killed} killed, {completed} completed, {count} statements at the end");
}

#[test]
fn killed_saves_leave_no_temporary_files_after_the_next_open() {
    let t = TempStore::sample();
    std::fs::write(t.dir.path().join(".store.ron.abc123.tmp"), "half a stor").unwrap();
    let o = t.run(&["add", "--actor", "kyiv", "--date", "2025", "--quote", "q", "--position", "ceasefire=0"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!t.dir.path().join(".store.ron.abc123.tmp").exists());
}
