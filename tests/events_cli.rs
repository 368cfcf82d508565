//! `stancebook events` through the real binary on temp copies of the
//! sample store: the `--json` shape, the one-line listing and its filters,
//! `add` (saved through the locked, atomic save; listed after), a bad `add`
//! (a message naming each flag, exit code 2, the file byte for byte as it
//! was) and `delete`.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use common::{TempStore, code, stderr, stdout};

fn json(t: &TempStore, args: &[&str]) -> Vec<serde_json::Value> {
    let o = t.run(args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap().as_array().unwrap().clone()
}

#[test]
fn events_json_lists_the_sample_s_25_events_oldest_first_with_every_key() {
    let t = TempStore::sample();
    let all = json(&t, &["events", "--json"]);
    assert_eq!(all.len(), 25);
    for e in &all {
        for key in ["id", "date", "end", "title", "kind", "actors", "place", "source", "notes"] {
            assert!(e.get(key).is_some(), "{key} in {e}");
        }
        for key in ["outlet", "url", "published"] {
            assert!(e["source"].get(key).is_some(), "source.{key} in {e}");
        }
        assert!(e["actors"].is_array() && e["title"].is_string());
    }
    let dates: Vec<&str> = all.iter().map(|e| e["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first");
    let alaska = all.iter().find(|e| e["title"].as_str().unwrap().contains("Alaska")).unwrap();
    assert_eq!(alaska["date"], "2025-08-15");
    assert_eq!(alaska["end"], serde_json::Value::Null);
    assert_eq!(alaska["kind"], "summit");
    assert_eq!(alaska["actors"], serde_json::json!(["washington", "kremlin"]));
    assert_eq!(alaska["place"], "Anchorage");
    assert_eq!(alaska["source"]["outlet"], "BBC");
    let riyadh = all.iter().find(|e| e["end"] == "2025-03-25").expect("the Riyadh technical talks span days");
    assert_eq!(riyadh["date"], "2025-03-23");
    // `events list --json` is the same.
    assert_eq!(json(&t, &["events", "list", "--json"]), all);
}

#[test]
fn the_listing_has_one_line_per_event_and_filters_by_date_actor_and_words() {
    let t = TempStore::sample();
    let o = t.run(&["events"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 25, "{out}");
    let line = out.lines().find(|l| l.contains("Alaska")).unwrap();
    for part in
        ["2025-08-15", "summit", "Trump–Putin summit in Alaska", "washington, kremlin", "Anchorage", "BBC"]
    {
        assert!(line.contains(part), "{part} in {line}");
    }
    assert!(out.contains("2025-03-23..2025-03-25"), "a span shows both dates");

    let since =
        json(&t, &["events", "--json", "--since", "2025-10", "--until", "2025-11", "--actor", "Kyiv"]);
    let titles: Vec<&str> = since.iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert!(!titles.is_empty());
    assert!(
        since.iter().all(|e| {
            let d = e["date"].as_str().unwrap();
            ("2025-10"..="2025-11-30").contains(&d)
                && e["actors"].as_array().unwrap().contains(&"kyiv".into())
        }),
        "{titles:?}"
    );
    let words = json(&t, &["events", "list", "--json", "istanbul"]);
    assert_eq!(words.len(), 3, "the three Istanbul rounds");
    let o = t.run(&["events", "--actor", "atlantis"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("unknown actor `atlantis`"), "{}", stderr(&o));
}

#[test]
fn add_writes_an_event_that_the_listing_then_shows() {
    let t = TempStore::sample();
    let o = t.run(&[
        "events",
        "add",
        "--date",
        "2025-12-20",
        "--end",
        "2025-12-21",
        "--title",
        "Budapest summit, at last",
        "--kind",
        "summit",
        "--actor",
        "washington",
        "--actor",
        "Kremlin",
        "--place",
        "Budapest",
        "--outlet",
        "Reuters",
        "--url",
        "https://example.org/b",
        "--published",
        "2025-12-21",
        "--notes",
        "Held at last",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let id = stdout(&o).trim().to_owned();
    assert_eq!(id.len(), 26, "a ULID: {id}");
    let all = json(&t, &["events", "--json"]);
    assert_eq!(all.len(), 26);
    let e = all.iter().find(|e| e["id"] == id.as_str()).unwrap();
    assert_eq!(e["title"], "Budapest summit, at last");
    assert_eq!(e["end"], "2025-12-21");
    assert_eq!(e["actors"], serde_json::json!(["washington", "kremlin"]), "names resolve to ids");
    assert_eq!(e["source"]["published"], "2025-12-21");
    assert_eq!(all.last().unwrap()["id"], id.as_str(), "in date order: the newest");
    let listed = stdout(&t.run(&["events", "list", "budapest", "last"]));
    assert!(listed.contains("Budapest summit, at last") && listed.contains(&id), "{listed}");
    // The store still checks, and `--actors a,b` is the same as repeating --actor.
    assert_eq!(code(&t.run(&["check"])), 0);
    let o = t.run(&["events", "add", "--date", "2026-01", "--title", "Talks", "--actors", "kyiv,eu"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let last = json(&t, &["events", "--json"]).pop().unwrap();
    assert_eq!((last["date"].clone(), last["kind"].clone()), ("2026-01".into(), "other".into()));
    assert_eq!(last["actors"], serde_json::json!(["kyiv", "eu"]));
}

#[test]
fn a_bad_add_says_what_is_wrong_and_leaves_the_file_untouched() {
    let t = TempStore::sample();
    let before = t.bytes();
    let cases: [(&[&str], &[&str]); 6] = [
        (
            &["--date", "2025-08-15", "--end", "2025-08-10", "--title", "Talks"],
            &["--end: it ends (10 Aug 2025) before it begins (15 Aug 2025)"],
        ),
        (&["--date", "15/08/2025", "--title", "Talks"], &["--date:", "is not a date"]),
        (&["--date", "2025-08-15", "--title", "  "], &["--title: give the event a title"]),
        (
            &["--date", "2025-08-15", "--title", "Talks", "--actor", "kremiln"],
            &["--actor: unknown actor `kremiln`; did you mean `kremlin`?"],
        ),
        (&["--date", "2025-08-15", "--title", "Talks", "--kind", "picnic"], &["--kind `picnic`", "summit"]),
        (&["--date", "2025-08-15", "--title", "Talks", "--published", "soon"], &["--published:"]),
    ];
    for (args, said) in cases {
        let o = t.run(&[&["events", "add"], args].concat());
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        for s in said {
            assert!(stderr(&o).contains(s), "{args:?}: `{s}` in {}", stderr(&o));
        }
        assert!(stdout(&o).is_empty());
        assert_eq!(t.bytes(), before, "{args:?}: the file is byte for byte as it was");
    }
    // Several problems at once are all named.
    let o = t.run(&["events", "add", "--date", "2025-08-15", "--end", "2025-08-01", "--title", ""]);
    assert!(stderr(&o).contains("--end:") && stderr(&o).contains("--title:"), "{}", stderr(&o));
    assert_eq!(t.bytes(), before);
}

#[test]
fn delete_removes_an_event_by_id() {
    let t = TempStore::sample();
    let all = json(&t, &["events", "--json"]);
    let id = all[0]["id"].as_str().unwrap();
    let o = t.run(&["events", "delete", id]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("Deleted “Trump–Putin phone call"), "{}", stdout(&o));
    assert_eq!(json(&t, &["events", "--json"]).len(), 24);
    let before = t.bytes();
    let o = t.run(&["events", "delete", id]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("no event with id"), "{}", stderr(&o));
    assert_eq!(t.bytes(), before);
}
