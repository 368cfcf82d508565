//! `stancebook lexicon` through the real binary on temp copies of the
//! sample store: the empty lexicon, `add` (a topic, a stance, a speaker, an
//! actor; stamped with the analyst; an entry with the same key replaced),
//! the listing in words and as JSON, `remove` by number and by phrase, bad
//! input refused with the file left byte for byte as it was, an entry whose
//! topic is gone, and that an entry added here changes what `ingest`
//! proposes.

use std::io::Write;
use std::process::Stdio;

use crate::common::{TempStore, code, command, stderr, stdout};
use stancebook::store::{self, StoreFile};

/// Runs `args`, expecting success; returns stdout.
fn ok(t: &TempStore, args: &[&str]) -> String {
    let o = t.run(args);
    assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// `lexicon --json`, parsed.
fn json(t: &TempStore) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(&ok(t, &["lexicon", "--json"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Runs `args`, expecting exit code 2 and the file untouched; returns stderr.
fn refused(t: &TempStore, args: &[&str]) -> String {
    let before = t.bytes();
    let o = t.run(args);
    assert_eq!(code(&o), 2, "{args:?}: {} {}", stdout(&o), stderr(&o));
    assert_eq!(t.bytes(), before, "{args:?} left the file byte-identical");
    stderr(&o)
}

#[test]
fn an_empty_lexicon_says_so_and_how_entries_get_there() {
    let t = TempStore::sample();
    let out = ok(&t, &["lexicon"]);
    assert!(out.contains("The lexicon is empty"), "{out}");
    assert!(out.contains("Ingest tab") && out.contains("stancebook lexicon add"), "{out}");
    assert_eq!(ok(&t, &["lexicon", "list"]), out);
    assert!(json(&t).is_empty());
}

#[test]
fn added_entries_are_listed_in_words_with_names_and_as_json() {
    let t = TempStore::sample();
    let out = ok(
        &t,
        &[
            "lexicon",
            "add",
            "tripwire mission",
            "--topic",
            "troops",
            "--by",
            "Anna Petrova <anna@desk.example>",
        ],
    );
    assert!(out.starts_with("Learned “tripwire mission” → topic Foreign troops (troops)"), "{out}");
    // A topic by name; a stance with a true minus sign.
    ok(&t, &["lexicon", "add", "hostile  act", "--topic", "Foreign troops", "--stance", "−2"]);
    // A speaker by alias takes the speaker's name; one the store does not list is kept with a note.
    ok(&t, &["lexicon", "add", "the Finnish president", "--speaker", "Stubb", "--actor", "Helsinki"]);
    let o =
        t.run(&["lexicon", "add", "Elina Valtonen", "--speaker", "Elina Valtonen", "--actor", "helsinki"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("not among helsinki's speakers"), "{}", stderr(&o));
    ok(&t, &["lexicon", "add", "the Élysée", "--actor", "paris"]);

    let out = ok(&t, &["lexicon"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    let line = |phrase: &str| {
        *lines.iter().find(|l| l.contains(phrase)).unwrap_or_else(|| panic!("{phrase}: {out}"))
    };
    assert!(line("“tripwire mission” → topic Foreign troops (troops)").contains("by Anna Petrova"), "{out}");
    assert!(line("“hostile act” → −2 on Foreign troops (troops)").contains("learned 2"), "{out}");
    line("“the Finnish president” → speaker Alexander Stubb of Helsinki (helsinki)");
    line("“Elina Valtonen” → speaker Elina Valtonen of Helsinki (helsinki)");
    line("“the Élysée” → actor Paris (paris)");
    for (i, l) in lines.iter().enumerate() {
        assert!(l.starts_with(&format!("{}. “", i + 1)), "numbered: {l}");
    }

    let all = json(&t);
    assert_eq!(all.len(), 5);
    for (i, e) in all.iter().enumerate() {
        assert_eq!(e["n"], i + 1);
        for key in ["phrase", "means", "learned_at", "by", "from"] {
            assert!(e.get(key).is_some(), "{key} in {e}");
        }
        for key in ["kind", "topic", "stance", "name", "actor"] {
            assert!(e["means"].get(key).is_some(), "means.{key} in {e}");
        }
        assert!(chrono::DateTime::parse_from_rfc3339(e["learned_at"].as_str().unwrap()).is_ok(), "{e}");
        assert_eq!(e["from"], serde_json::Value::Null);
        // The text listing numbers the same entries the same way.
        assert!(lines[i].contains(&format!("“{}”", e["phrase"].as_str().unwrap())), "{} vs {e}", lines[i]);
    }
    let entry =
        |phrase: &str| all.iter().find(|e| e["phrase"] == phrase).unwrap_or_else(|| panic!("{phrase}"));
    let trip = entry("tripwire mission");
    assert_eq!(
        trip["means"],
        serde_json::json!({"kind": "topic", "topic": "troops", "stance": null, "name": null, "actor": null})
    );
    assert_eq!(trip["by"]["name"], "Anna Petrova");
    assert_eq!(trip["by"]["email"], "anna@desk.example");
    let hostile = entry("hostile act");
    assert_eq!(
        hostile["means"],
        serde_json::json!({"kind": "stance", "topic": "troops", "stance": -2, "name": null, "actor": null})
    );
    assert_eq!(hostile["by"], serde_json::Value::Null, "no analyst known");
    assert_eq!(
        entry("the Finnish president")["means"],
        serde_json::json!({"kind": "speaker", "topic": null, "stance": null, "name": "Alexander Stubb", "actor": "helsinki"})
    );
    assert_eq!(entry("the Élysée")["means"]["kind"], "actor");
    assert_eq!(entry("the Élysée")["means"]["actor"], "paris");

    // Saved in the store, where ingest reads it.
    let s = store::read(&t.path).unwrap().store;
    assert_eq!(s.lexicon.len(), 5);
    assert_eq!(ok(&t, &["check"]).lines().count(), 1, "the store still checks");
}

#[test]
fn a_lesson_with_the_same_phrase_and_kind_of_meaning_replaces_the_earlier_one() {
    let t = TempStore::sample();
    ok(&t, &["lexicon", "add", "hostile act", "--topic", "troops", "--stance", "-2"]);
    let out =
        ok(&t, &["lexicon", "add", "Hostile Act", "--topic", "troops", "--stance", "+1", "--by", "Ben Ode"]);
    assert!(out.contains("Replaced “hostile act” → −2 on Foreign troops (troops)"), "{out}");
    assert!(out.contains("“Hostile Act” → +1 on Foreign troops (troops)"), "{out}");
    let all = json(&t);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["means"]["stance"], 1);
    assert_eq!(all[0]["by"]["name"], "Ben Ode");
    // Another kind of meaning for the same phrase is another entry; so is a stance on another topic.
    ok(&t, &["lexicon", "add", "hostile act", "--topic", "troops"]);
    ok(&t, &["lexicon", "add", "hostile act", "--topic", "sanctions", "--stance", "0"]);
    assert_eq!(json(&t).len(), 3);
    let out = ok(&t, &["lexicon", "add", "hostile act", "--topic", "troops"]);
    assert!(out.contains("already"), "the same lesson again: {out}");
    assert_eq!(json(&t).len(), 3);
}

#[test]
fn remove_takes_a_number_or_a_phrase_only_one_entry_has() {
    let t = TempStore::sample();
    ok(&t, &["lexicon", "add", "hostile act", "--topic", "troops", "--stance", "-2"]);
    ok(&t, &["lexicon", "add", "hostile act", "--topic", "troops"]);
    ok(&t, &["lexicon", "add", "the Élysée", "--actor", "paris"]);
    ok(&t, &["lexicon", "add", "tripwire mission", "--topic", "troops"]);
    let numbers = |t: &TempStore| json(t).iter().map(|e| e["n"].as_u64().unwrap()).collect::<Vec<_>>();
    assert_eq!(numbers(&t), [1, 2, 3, 4]);

    // Two entries have the phrase: say which numbers.
    let err = refused(&t, &["lexicon", "remove", "hostile act"]);
    assert!(err.contains("2 entries have the phrase “hostile act”"), "{err}");
    assert!(err.contains("1 (") && err.contains("2 ("), "{err}");
    // No such number, no such phrase.
    assert!(refused(&t, &["lexicon", "remove", "9"]).contains("no lexicon entry number 9"));
    assert!(
        refused(&t, &["lexicon", "remove", "entente"]).contains("no lexicon entry has the phrase “entente”")
    );

    // By number: the entry listed as 1.
    let first = json(&t)[0].clone();
    let out = ok(&t, &["lexicon", "remove", "1"]);
    assert!(out.starts_with(&format!("Forgot “{}”", first["phrase"].as_str().unwrap())), "{out}");
    assert_eq!(json(&t).len(), 3);
    assert!(!json(&t).contains(&first));
    // By phrase, case and accents aside, now that one entry has it.
    let out = ok(&t, &["lexicon", "remove", "THE ELYSEE"]);
    assert_eq!(out, "Forgot “the Élysée” → actor Paris (paris)\n");
    let left: Vec<String> = json(&t).iter().map(|e| e["phrase"].as_str().unwrap().to_owned()).collect();
    assert_eq!(left, ["hostile act", "tripwire mission"]);
    assert_eq!(store::read(&t.path).unwrap().store.lexicon.len(), 2);
}

#[test]
fn bad_lessons_are_refused_naming_the_problem_and_nothing_is_saved() {
    let t = TempStore::sample();
    let err = refused(&t, &["lexicon", "add", "financial chokehold", "--topic", "sanctons"]);
    assert!(err.contains("unknown topic `sanctons`"), "{err}");
    assert!(err.contains("did you mean `sanctions`"), "{err}");
    assert!(err.contains("known topics: ceasefire, territory, troops"), "{err}");
    let err = refused(&t, &["lexicon", "add", "the Élysée", "--actor", "atlantis"]);
    assert!(err.contains("unknown actor `atlantis`") && err.contains("known actors: kremlin"), "{err}");
    let err = refused(&t, &["lexicon", "add", "Tusk", "--speaker", "Donald Tusk", "--actor", "gdansk"]);
    assert!(err.contains("unknown actor `gdansk`"), "{err}");
    assert!(refused(&t, &["lexicon", "add", "  ", "--topic", "sanctions"]).contains("the phrase is empty"));
    assert!(refused(&t, &["lexicon", "add", "", "--topic", "sanctions"]).contains("the phrase is empty"));
    let long = "one two three four five six seven eight nine";
    assert!(refused(&t, &["lexicon", "add", long, "--topic", "sanctions"]).contains("at most 8"));
    assert!(
        refused(&t, &["lexicon", "add", "x", "--speaker", " ", "--actor", "kyiv"]).contains("name is empty")
    );
    for stance in ["3", "-3", "strong", "1.5"] {
        let err = refused(&t, &["lexicon", "add", "x", "--topic", "sanctions", "--stance", stance]);
        assert!(err.contains("--stance"), "{stance}: {err}");
    }
    // Flags that do not make one meaning.
    for args in [
        &["lexicon", "add", "x"][..],
        &["lexicon", "add", "x", "--stance", "1"],
        &["lexicon", "add", "x", "--speaker", "Donald Tusk"],
        &["lexicon", "add", "x", "--topic", "sanctions", "--actor", "kyiv"],
        &["lexicon", "add", "x", "--actor", "kyiv", "--stance", "1"],
    ] {
        let err = refused(&t, args);
        assert!(err.contains("--topic T"), "{args:?} lists the forms: {err}");
    }
    assert!(
        refused(&t, &["lexicon", "add", "x", "--topic", "sanctions", "--by", "<a@b.example>"])
            .contains("--by")
    );
    assert!(json(&t).is_empty());
}

#[test]
fn a_locked_or_newer_store_is_not_changed() {
    let t = TempStore::sample();
    let before = t.bytes();
    {
        let (_held, _) = StoreFile::open(&t.path).unwrap();
        let err = refused(&t, &["lexicon", "add", "x", "--topic", "sanctions"]);
        assert!(err.contains("open for writing in another Stancebook"), "{err}");
        // Readers are not blocked.
        ok(&t, &["lexicon"]);
    }
    assert_eq!(t.bytes(), before);
    let current = format!("schema: {},", stancebook::model::SCHEMA);
    let newer =
        store::SAMPLE_TEXT.replacen(&current, &format!("schema: {},", stancebook::model::SCHEMA + 1), 1);
    let t = TempStore::with_text(&newer);
    let o = t.run(&["lexicon", "add", "x", "--topic", "sanctions"]);
    assert_ne!(code(&o), 0);
    assert!(stderr(&o).contains("newer"), "{}", stderr(&o));
    assert_eq!(t.bytes(), newer.as_bytes());
    let t = TempStore::with_bytes(&store::SAMPLE_TEXT.as_bytes()[..5000]);
    let o = t.run(&["lexicon"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains(&t.path.display().to_string()), "{}", stderr(&o));
}

#[test]
fn an_entry_whose_topic_or_actor_is_gone_is_listed_as_ignored() {
    let t = TempStore::sample();
    ok(&t, &["lexicon", "add", "financial chokehold", "--topic", "sanctions"]);
    ok(&t, &["lexicon", "add", "the Élysée", "--actor", "paris"]);
    let text = String::from_utf8(t.bytes()).unwrap();
    assert!(text.contains("Topic(\"sanctions\")") && text.contains("Actor(\"paris\")"), "{text}");
    let text = text.replacen("Topic(\"sanctions\")", "Topic(\"embargo\")", 1).replacen(
        "Actor(\"paris\")",
        "Actor(\"elysee\")",
        1,
    );
    std::fs::write(&t.path, text).unwrap();
    let out = ok(&t, &["lexicon"]);
    assert!(
        out.contains(
            "“financial chokehold” → topic embargo (topic embargo no longer in the store: ingest ignores it)"
        ),
        "{out}"
    );
    assert!(out.contains("(actor elysee no longer in the store: ingest ignores it)"), "{out}");
    // It can still be removed.
    ok(&t, &["lexicon", "remove", "financial chokehold"]);
    assert_eq!(json(&t).len(), 1);
}

/// What `ingest` prints for `text` with `flag` (`--json` or `--explain`).
fn ingest_output(t: &TempStore, text: &str, flag: &str) -> String {
    let mut child = command(t.dir.path())
        .args(["--store", t.path.to_str().unwrap(), "ingest", "-", "--published", "2025-03-13", flag])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o)
}

/// The topics `ingest` proposes for `text`, over all candidates.
fn ingested_topics(t: &TempStore, text: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&ingest_output(t, text, "--json")).unwrap();
    let candidates = v.as_array().unwrap();
    assert!(!candidates.is_empty(), "a candidate: {v}");
    candidates
        .iter()
        .flat_map(|c| c["topics"].as_array().unwrap().iter().map(|p| p["topic"].as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn an_entry_added_here_changes_what_ingest_proposes() {
    let text = "Polish Prime Minister Donald Tusk said Europe should tighten the financial chokehold on the Russian economy.";
    let t = TempStore::sample();
    let taught = "“financial chokehold” (taught by an analyst) → sanctions";
    let without = ingested_topics(&t, text);
    let why = ingest_output(&t, text, "--explain");
    assert!(!why.contains(taught), "without the entry: {why}");
    ok(&t, &["lexicon", "add", "financial chokehold", "--topic", "sanctions"]);
    let with = ingested_topics(&t, text);
    assert!(with.contains(&"sanctions".to_owned()), "with the entry: {with:?}");
    let why = ingest_output(&t, text, "--explain");
    assert!(why.contains(taught), "with the entry, the reason says so: {why}");
    // Removed again, ingest no longer proposes it.
    ok(&t, &["lexicon", "remove", "financial chokehold"]);
    assert_eq!(ingested_topics(&t, text), without);
}
