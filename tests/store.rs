//! The store's guarantees, through the library: round trips, byte-identical
//! saves, crash safety at every step of a save, bad files, the lock, backups,
//! migration and the bundled sample.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use chrono::NaiveDate;
use common::TempStore;
use proptest::prelude::*;
use stancebook::model::*;
use stancebook::store::{self, SaveStage, StoreError, StoreFile, format};

// ---------------------------------------------------------------- generators

fn text() -> impl Strategy<Value = String> {
    // Any printable text, plus the characters that stress an escaper.
    prop_oneof!["\\PC{0,40}", "[a-zA-Z \"\\\\\n\t'“”…—#{}()\\[\\]]{0,40}", "[а-яА-ЯіїєґІЇЄҐ ]{1,30}",]
}

fn nonempty_text() -> impl Strategy<Value = String> {
    text().prop_filter("non-empty", |s| !s.trim().is_empty())
}

/// A valid analyst: a one-line name (Latin with accents, Cyrillic), perhaps an e-mail.
fn analyst() -> impl Strategy<Value = Analyst> {
    ("[A-Za-zÀ-ÿа-яА-Я][A-Za-zÀ-ÿа-яА-Я .'’-]{0,24}", prop::option::of("[a-z0-9._+-]{1,12}@[a-z0-9.-]{1,12}"))
        .prop_map(|(name, email)| Analyst { name, email })
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,12}"
}

fn date() -> impl Strategy<Value = PartialDate> {
    (1990i32..2100, 1u32..=12, 1u32..=28, 0u8..3).prop_map(|(y, m, d, p)| match p {
        0 => PartialDate::ymd(y, m, d).unwrap(),
        1 => PartialDate::month(y, m).unwrap(),
        _ => PartialDate::year(y).unwrap(),
    })
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (0i64..4_102_444_800_000).prop_map(|ms| Timestamp::from_millis(ms).unwrap())
}

fn actor(id: String) -> impl Strategy<Value = Actor> {
    (
        nonempty_text(),
        prop::sample::select(ActorKind::ALL.to_vec()),
        any::<[u8; 3]>(),
        prop::collection::vec((nonempty_text(), text(), prop::collection::vec(nonempty_text(), 0..3)), 0..3),
    )
        .prop_map(move |(name, kind, rgb, speakers)| Actor {
            id: ActorId(id.clone()),
            name,
            kind,
            color: Color(rgb),
            speakers: speakers
                .into_iter()
                .map(|(name, role, aliases)| Speaker { name, role, aliases })
                .collect(),
        })
}

fn topic(id: String) -> impl Strategy<Value = Topic> {
    (
        nonempty_text(),
        nonempty_text(),
        [text(), text(), text(), text(), text()],
        prop::collection::vec(text(), 0..4),
    )
        .prop_map(move |(name, proposition, labels, keywords)| Topic {
            id: TopicId(id.clone()),
            name,
            proposition,
            labels,
            keywords,
        })
}

prop_compose! {
    fn statement(actors: Vec<String>, topics: Vec<String>)(
        id in any::<u128>(),
        date in date(),
        actor in prop::sample::select(actors.clone()),
        reported_by in prop::option::of(prop::sample::select(actors)),
        speaker in prop::option::of(nonempty_text()),
        kind in prop::sample::select(Kind::ALL.to_vec()),
        quote in nonempty_text(),
        paraphrase in any::<bool>(),
        original in prop::option::of(text()),
        picked in prop::sample::subsequence(topics.clone(), 1..=topics.len()),
        stances in prop::collection::vec((-2i64..=2, text()), topics.len()),
        outlet in text(),
        url in prop::option::of(text()),
        published in prop::option::of(date()),
        reliability in prop::sample::select(Reliability::ALL.to_vec()),
        credibility in 1u8..=6,
        verification in prop::sample::select(Verification::ALL.to_vec()),
        tags in prop::collection::vec(text(), 0..3),
        notes in text(),
        recorded in timestamp(),
        later in 0i64..1_000_000_000,
        entered_by in prop::option::of(analyst()),
        changed_by in prop::option::of(analyst()),
    ) -> Statement {
        let positions = picked
            .into_iter()
            .zip(stances)
            .map(|(t, (v, c))| Position { topic: TopicId(t), stance: Stance::new(v).unwrap(), conditions: c, evidence: Default::default() })
            .collect();
        Statement {
            id: StatementId(ulid::Ulid(id)),
            date,
            actor: ActorId(actor),
            speaker,
            kind,
            quote,
            paraphrase,
            original,
            positions,
            source: Source { outlet, url, published, reliability },
            credibility: Credibility::new(credibility).unwrap(),
            verification,
            reported_by: reported_by.map(ActorId),
            tags,
            notes,
            recorded_at: recorded,
            updated_at: Timestamp::from_millis(recorded.millis() + later).unwrap(),
            entered_by,
            changed_by,
        }
    }
}

prop_compose! {
    fn event(actors: Vec<String>)(
        id in any::<u128>(),
        date in date(),
        days in prop::option::of(0u64..10),
        title in nonempty_text(),
        kind in prop::sample::select(EventKind::ALL.to_vec()),
        involved in prop::sample::subsequence(actors.clone(), 0..=actors.len()),
        place in text(),
        outlet in text(),
        url in prop::option::of(text()),
        published in prop::option::of(date()),
        notes in text(),
        recorded in timestamp(),
        later in 0i64..1_000_000_000,
    ) -> Event {
        Event {
            id: EventId(ulid::Ulid(id)),
            date,
            end: days.map(|d| PartialDate::day(date.last_day() + chrono::Days::new(d))),
            title,
            kind,
            actors: involved.into_iter().map(ActorId).collect(),
            place,
            source: Source { outlet, url, published, reliability: Reliability::F },
            notes,
            recorded_at: recorded,
            updated_at: Timestamp::from_millis(recorded.millis() + later).unwrap(),
        }
    }
}

fn valid_store() -> impl Strategy<Value = Store> {
    (prop::collection::btree_set(slug(), 1..5), prop::collection::btree_set(slug(), 1..5))
        .prop_flat_map(|(actor_ids, topic_ids): (BTreeSet<String>, BTreeSet<String>)| {
            let a: Vec<String> = actor_ids.into_iter().collect();
            let t: Vec<String> = topic_ids.into_iter().collect();
            (
                a.iter().cloned().map(actor).collect::<Vec<_>>(),
                t.iter().cloned().map(topic).collect::<Vec<_>>(),
                prop::collection::vec(statement(a.clone(), t.clone()), 0..12),
                prop::collection::vec(event(a.clone()), 0..4),
            )
        })
        .prop_map(|(actors, topics, statements, events)| {
            let mut store = Store {
                schema: SCHEMA,
                actors,
                topics,
                briefings: Vec::new(),
                events,
                conflicts: Vec::new(),
                lexicon: Vec::new(),
                statements,
            };
            store.sort_events();
            // Speaker names must be unique within an actor; drop clashing aliases.
            for a in &mut store.actors {
                let mut seen = BTreeSet::new();
                a.speakers.retain(|s| seen.insert(s.name.to_lowercase()));
                for s in &mut a.speakers {
                    s.aliases.retain(|al| seen.insert(al.to_lowercase()));
                }
            }
            let mut ids = BTreeSet::new();
            store.statements.retain(|s| ids.insert(s.id));
            store.sort_statements();
            store
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// Any valid store saves and loads back equal, and two saves give identical bytes.
    #[test]
    fn any_valid_store_round_trips_byte_identically(store in valid_store()) {
        prop_assert_eq!(store.validate(), vec![]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let mut file = StoreFile::create(&path, &store).unwrap();
        let first = std::fs::read(&path).unwrap();
        drop(file);
        let (mut file2, parsed) = StoreFile::open(&path).unwrap();
        prop_assert_eq!(&parsed.store, &store);
        // Saving what was loaded writes nothing new; forcing a new text through
        // to_text gives the same bytes.
        file2.save(&parsed.store).unwrap();
        prop_assert_eq!(std::fs::read(&path).unwrap(), first.clone());
        prop_assert_eq!(format::to_text(&parsed.store).into_bytes(), first.clone());
        // The threaded writer and reader used for big stores agree byte for byte.
        let text = String::from_utf8(first).unwrap();
        prop_assert_eq!(&format::to_text_parallel(&store, 3), &text);
        let reread = format::parse_parallel(&text, 3);
        prop_assert_eq!(reread.as_ref(), Some(&store));
        file = file2;
        drop(file);
    }
}

// ---------------------------------------------------------------- helpers

fn sample_with_extra() -> (Store, Store) {
    let old = store::sample();
    let mut new = old.clone();
    let mut s =
        Statement::new(PartialDate::ymd(2025, 12, 31).unwrap(), ActorId::from("kremlin"), "New words.");
    s.positions.push(Position {
        topic: TopicId::from("ceasefire"),
        stance: Stance::new(-1).unwrap(),
        conditions: String::new(),
        evidence: Default::default(),
    });
    new.insert_statement(s);
    (old, new)
}

fn load(path: &std::path::Path) -> Store {
    store::read(path).expect("the store must load").store
}

// ---------------------------------------------------------------- crash safety

/// A save that dies before any of its steps leaves the old version (before
/// the rename) or the new one (after it) — never a torn file.
#[test]
fn a_save_that_dies_at_any_step_leaves_the_old_or_the_new_store() {
    for stage in SaveStage::ALL {
        let t = TempStore::sample();
        let (old, new) = sample_with_extra();
        let (mut file, _) = StoreFile::open(&t.path).unwrap();
        let err = file
            .save_with_faults(&new, &mut |s| {
                if s == stage {
                    Err(io::Error::other(format!("simulated crash before {s:?}")))
                } else {
                    Ok(())
                }
            })
            .unwrap_err();
        assert!(err.to_string().contains("simulated crash"), "{stage:?}: {err}");
        drop(file);
        let on_disk = load(&t.path);
        if matches!(stage, SaveStage::SyncDir) {
            assert_eq!(on_disk, new, "{stage:?}: the rename happened, so the new version is there");
        } else {
            assert_eq!(on_disk, old, "{stage:?}: the old version must be intact");
        }
        // No temporary file is left beside the store once it is reopened.
        let (_file, _) = StoreFile::open(&t.path).unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(t.dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{stage:?}: {leftovers:?}");
    }
}

#[test]
fn a_save_after_a_failed_save_succeeds() {
    let t = TempStore::sample();
    let (_, new) = sample_with_extra();
    let (mut file, _) = StoreFile::open(&t.path).unwrap();
    assert!(file.save_with_faults(&new, &mut |_| Err(io::Error::other("disk full"))).is_err());
    file.save(&new).unwrap();
    assert_eq!(load(&t.path), new);
}

// ---------------------------------------------------------------- bad files

fn assert_parse_error(bytes: &[u8], expect: &str) {
    let t = TempStore::with_bytes(bytes);
    let err = StoreFile::open(&t.path).unwrap_err();
    let msg = err.to_string();
    assert!(err.is_bad_file(), "{msg}");
    assert!(msg.starts_with(&t.path.display().to_string()), "names the file: {msg}");
    assert!(msg.contains(expect), "expected `{expect}` in: {msg}");
    match err {
        StoreError::Parse { line, col, .. } => assert!(line >= 1 && col >= 1),
        other => panic!("expected a parse error, got {other}"),
    }
    assert_eq!(t.bytes(), bytes, "the file is never touched");
}

#[test]
fn a_truncated_store_is_a_parse_error_with_line_and_column() {
    let half = &store::SAMPLE_TEXT.as_bytes()[..store::SAMPLE_TEXT.len() / 2];
    assert_parse_error(half, "");
    let t = TempStore::with_bytes(half);
    let msg = StoreFile::open(&t.path).unwrap_err().to_string();
    let place = msg.split(':').nth(1).unwrap();
    assert!(place.parse::<usize>().unwrap() > 100, "the line is where the file stops: {msg}");
}

#[test]
fn random_bytes_are_a_clear_error() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert_parse_error(&bytes, "");
    let t = TempStore::with_bytes(&[0xff, 0xfe, 0x00, 0x41]);
    let msg = StoreFile::open(&t.path).unwrap_err().to_string();
    assert!(msg.contains(":1:1: not a text file"), "{msg}");
}

#[test]
fn valid_ron_of_the_wrong_shape_is_a_parse_error() {
    assert_parse_error(b"(schema: 2, actors: 5)", "expected `[`");
    assert_parse_error(b"[1, 2, 3]", "");
    assert_parse_error(
        b"(schema: 2, statements: [(id: \"01ARZ3NDEKTSV4RRFFQ69G5FAV\")])",
        "has no `date` field; it is required",
    );
    assert_parse_error(b"(schema: 2, statements: [(id: \"nope\")])", "not a statement id");
    let bad_date = store::SAMPLE_TEXT.replacen("date: \"2025-02-12\"", "date: \"2025-02-30\"", 1);
    assert_parse_error(bad_date.as_bytes(), "no day 30");
}

#[test]
fn unknown_and_duplicate_ids_are_listed_with_the_statement_id() {
    let mut s = store::sample();
    let victim = s.statements[3].id;
    s.statements[3].actor = ActorId::from("atlantis");
    s.statements[4].positions[0].topic = TopicId::from("weather");
    let dup = s.statements[5].clone();
    s.statements.push(dup.clone());
    s.statements[6].quote = "  ".into();
    s.statements[7].positions[0].stance = serde_json::from_str("3").unwrap();
    let problems: Vec<String> = s.validate().iter().map(|p| p.to_string()).collect();
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(has(&format!("statement {victim}: unknown actor `atlantis`")), "{problems:#?}");
    assert!(has(&format!("statement {}: unknown topic `weather`", s.statements[4].id)), "{problems:#?}");
    assert!(has(&format!("statement {}: duplicate statement id", dup.id)), "{problems:#?}");
    assert!(has(&format!("statement {}: empty quote", s.statements[6].id)), "{problems:#?}");
    assert!(has("stance 3 on"), "{problems:#?}");
}

#[test]
fn a_newer_schema_opens_read_only_and_is_never_written() {
    let text = store::SAMPLE_TEXT.replacen(&format!("schema: {SCHEMA},"), "schema: 9,", 1);
    assert_ne!(text, store::SAMPLE_TEXT);
    let t = TempStore::with_text(&text);
    let (mut file, parsed) = StoreFile::open(&t.path).unwrap();
    assert_eq!(parsed.newer_schema, Some(9));
    assert!(file.is_read_only());
    let err = file.save(&parsed.store).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains("newer Stancebook, schema 9"), "{err}");
    assert_eq!(t.bytes(), text.as_bytes());

    // A newer file this version cannot even parse says it is newer.
    let t = TempStore::with_text("(schema: 9, actors: [(novel: true)])");
    let err = StoreFile::open(&t.path).unwrap_err();
    assert!(matches!(err, StoreError::NewerSchema { found: 9, supported: SCHEMA, .. }), "{err}");
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten() {
    let t = TempStore::sample();
    let (_, new) = sample_with_extra();
    let (mut file, _) = StoreFile::open(&t.path).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let theirs = format!("{}// a colleague's edit\n", store::SAMPLE_TEXT);
    std::fs::write(&t.path, &theirs).unwrap();
    let err = file.save(&new).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(t.bytes(), theirs.as_bytes());
}

// ---------------------------------------------------------------- lock

#[test]
fn a_second_writer_is_refused_and_a_reader_still_opens() {
    let t = TempStore::sample();
    let (first, _) = StoreFile::open(&t.path).unwrap();
    let err = StoreFile::open(&t.path).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.contains("open for writing in another Stancebook"), "{msg}");
    assert!(msg.contains(&format!("process {}", std::process::id())), "names the holder: {msg}");
    let (reader, parsed) = StoreFile::open_or_read_only(&t.path).unwrap();
    assert!(reader.is_read_only());
    assert_eq!(parsed.store.statements.len(), store::sample().statements.len());
    drop(first);
    let (again, _) = StoreFile::open(&t.path).unwrap();
    assert!(again.holds_lock());
}

// ---------------------------------------------------------------- backups

#[test]
fn the_last_ten_versions_are_kept_as_backups() {
    let t = TempStore::sample();
    let (mut file, parsed) = StoreFile::open(&t.path).unwrap();
    let mut store = parsed.store;
    let mut versions = vec![t.bytes()];
    for i in 0..12 {
        store.statements[0].notes = format!("edit {i}");
        file.save(&store).unwrap();
        versions.push(t.bytes());
    }
    let backups = file.list_backups();
    assert_eq!(backups.len(), 10);
    // Newest backup = the version before the last save; oldest kept = 10 saves back.
    assert_eq!(std::fs::read(&backups[0]).unwrap(), versions[11]);
    assert_eq!(std::fs::read(&backups[9]).unwrap(), versions[2]);
    for b in &backups {
        assert!(b.starts_with(store::backup_folder(&t.path)));
    }
}

#[test]
fn an_unchanged_store_is_not_rewritten() {
    let t = TempStore::sample();
    let (mut file, parsed) = StoreFile::open(&t.path).unwrap();
    let report = file.save(&parsed.store).unwrap();
    assert!(!report.written);
    assert!(file.list_backups().is_empty());
}

// ---------------------------------------------------------------- migration

#[test]
fn a_schema_1_store_is_migrated_and_the_old_file_kept_as_a_backup() {
    let v1 = r##"(
    schema: 1,
    actors: [(id: "kremlin", name: "Kremlin", color: "#d64550")],
    topics: [(id: "ceasefire", name: "Ceasefire", proposition: "A truce now.", labels: ("a", "b", "c", "d", "e"))],
    statements: [
        (
            id: "01JP8AKH80HB6ZSN0SD9ZER52S",
            date: "2025-03-13",
            actor: "kremlin",
            speaker: Some("Yuri Ushakov"),
            kind: rejection,
            quote: "a temporary respite",
            topic: "ceasefire",
            stance: -2,
            source: (outlet: "The Times"),
            verification: confirmed,
            recorded_at: "2025-03-13T18:00:00.000Z",
            updated_at: "2025-03-13T18:00:00.000Z",
        ),
    ],
)
"##;
    let t = TempStore::with_text(v1);
    let (mut file, parsed) = StoreFile::open(&t.path).unwrap();
    assert_eq!(parsed.migrated_from, Some(1));
    let s = &parsed.store.statements[0];
    assert_eq!(s.positions.len(), 1);
    assert_eq!(s.positions[0].topic, "ceasefire");
    assert_eq!(s.positions[0].stance.value(), -2);
    assert_eq!(s.speaker.as_deref(), Some("Yuri Ushakov"));
    assert_eq!(parsed.store.validate(), vec![]);
    file.save(&parsed.store).unwrap();
    let written = String::from_utf8(t.bytes()).unwrap();
    assert!(written.contains(&format!("schema: {SCHEMA},")));
    assert!(written.contains("(topic: \"ceasefire\", stance: -2)"), "{written}");
    assert_eq!(std::fs::read_to_string(&file.list_backups()[0]).unwrap(), v1);
}

#[test]
fn a_schema_2_store_gains_an_empty_briefing_list_and_positions_without_evidence() {
    let v2 = r##"(
    schema: 2,
    actors: [(id: "kremlin", name: "Kremlin", color: "#d64550")],
    topics: [(id: "ceasefire", name: "Ceasefire", proposition: "A truce now.", labels: ("a", "b", "c", "d", "e"))],
    statements: [
        (
            id: "01JP8AKH80HB6ZSN0SD9ZER52S",
            date: "2025-03-13",
            actor: "kremlin",
            kind: rejection,
            quote: "a temporary respite",
            positions: [(topic: "ceasefire", stance: -2, conditions: "unless talks start")],
            source: (outlet: "The Times"),
            verification: confirmed,
            recorded_at: "2025-03-13T18:00:00.000Z",
            updated_at: "2025-03-13T18:00:00.000Z",
        ),
    ],
)
"##;
    let t = TempStore::with_text(v2);
    let (mut file, parsed) = StoreFile::open(&t.path).unwrap();
    assert_eq!(parsed.migrated_from, Some(2));
    assert!(parsed.store.briefings.is_empty());
    let p = &parsed.store.statements[0].positions[0];
    assert_eq!((p.stance.value(), p.conditions.as_str()), (-2, "unless talks start"));
    assert_eq!(p.evidence, Evidence::default());
    assert_eq!(parsed.store.validate(), vec![]);
    file.save(&parsed.store).unwrap();
    let written = String::from_utf8(t.bytes()).unwrap();
    assert!(written.contains(&format!("schema: {SCHEMA},")), "{written}");
    assert_eq!(std::fs::read_to_string(&file.list_backups()[0]).unwrap(), v2, "the schema 2 file is kept");
    file.close();
    // And it reads back as it was written.
    let (_, again) = StoreFile::open(&t.path).unwrap();
    assert_eq!(again.store, parsed.store);
}

#[test]
fn a_schema_4_store_opens_with_unknown_analysts_and_keeps_its_bytes_until_an_edit() {
    let current = format!("\n    schema: {SCHEMA},\n");
    let v4 = format::to_text(&store::sample()).replacen(&current, "\n    schema: 4,\n", 1);
    assert!(v4.contains("\n    schema: 4,\n"));
    let t = TempStore::with_text(&v4);
    let (mut file, parsed) = StoreFile::open(&t.path).unwrap();
    assert_eq!(parsed.migrated_from, Some(4));
    assert!(parsed.store.statements.iter().all(|s| s.entered_by.is_none() && s.changed_by.is_none()));
    assert_eq!(parsed.store, store::sample());
    // Saved, only the schema number changes: no analyst field is written for nobody.
    file.save(&parsed.store).unwrap();
    assert_eq!(String::from_utf8(t.bytes()).unwrap(), format::to_text(&store::sample()));
    assert_eq!(std::fs::read_to_string(&file.list_backups()[0]).unwrap(), v4, "the schema 4 file is kept");

    // Schema 4's JSON (an export of an older Stancebook) imports too.
    let mut json = serde_json::to_value(store::sample()).unwrap();
    json["schema"] = 4.into();
    let t = TempStore::with_text(&serde_json::to_string(&json).unwrap());
    let j = t.path.with_extension("json");
    std::fs::rename(&t.path, &j).unwrap();
    let parsed = store::read_any(&j).unwrap();
    assert_eq!(parsed.migrated_from, Some(4));
    assert_eq!(parsed.store, store::sample());
}

/// Schema 5 (no lexicon) opens as it was, in RON and as JSON (what
/// `export --format json` wrote before schema 6), with an empty lexicon.
#[test]
fn a_schema_5_store_and_its_json_open_with_an_empty_lexicon() {
    let current = format!("\n    schema: {SCHEMA},\n");
    let v5 = format::to_text(&store::sample()).replacen(&current, "\n    schema: 5,\n", 1);
    assert!(v5.contains("\n    schema: 5,\n"));
    let t = TempStore::with_text(&v5);
    let parsed = store::read(&t.path).unwrap();
    assert_eq!(parsed.migrated_from, Some(5));
    assert_eq!(parsed.store, store::sample());
    assert!(parsed.store.lexicon.is_empty());
    let mut json = serde_json::to_value(store::sample()).unwrap();
    json["schema"] = 5.into();
    let t = TempStore::with_text(&serde_json::to_string(&json).unwrap());
    let j = t.path.with_extension("json");
    std::fs::rename(&t.path, &j).unwrap();
    let parsed = store::read_any(&j).expect("a schema 5 JSON export imports");
    assert_eq!(parsed.migrated_from, Some(5));
    assert_eq!(parsed.store, store::sample());
}

// ---------------------------------------------------------------- the sample

#[test]
fn the_sample_store_is_valid_canonical_and_complete() {
    let parsed = format::from_text(std::path::Path::new("data/sample.ron"), store::SAMPLE_TEXT).unwrap();
    let s = &parsed.store;
    assert_eq!(s.validate(), vec![]);
    assert_eq!(format::to_text(s), store::SAMPLE_TEXT, "data/sample.ron is in canonical layout");
    assert!(s.statements.len() >= 60);
    for id in
        ["kremlin", "kyiv", "washington", "london", "eu", "nato", "warsaw", "helsinki", "paris", "berlin"]
    {
        assert!(s.actor(&ActorId::from(id)).is_some(), "actor {id}");
    }
    for id in [
        "ceasefire",
        "territory",
        "troops",
        "sanctions",
        "nato_membership",
        "security_guarantees",
        "elections",
        "negotiations",
        "military_aid",
        "nuclear",
    ] {
        let t = s.topic(&TopicId::from(id)).unwrap_or_else(|| panic!("topic {id}"));
        assert!(!t.proposition.is_empty() && !t.keywords.is_empty());
        assert!(t.labels.iter().all(|l| !l.is_empty()));
    }
    let mut ceasefire_dates: BTreeMap<&str, BTreeSet<NaiveDate>> = BTreeMap::new();
    for st in &s.statements {
        if st.position(&TopicId::from("ceasefire")).is_some() {
            ceasefire_dates.entry(st.actor.as_str()).or_default().insert(st.date.first_day());
        }
    }
    for a in ["kremlin", "kyiv", "washington", "london"] {
        let n = ceasefire_dates.get(a).map_or(0, |d| d.len());
        assert!(n >= 3, "{a} has ceasefire positions on {n} dates");
    }
    // Speakers are normalised: every speaker named is one of the actor's speakers.
    for st in &s.statements {
        if let Some(sp) = &st.speaker {
            let actor = s.actor(&st.actor).unwrap();
            assert!(
                actor.speakers.iter().any(|k| &k.name == sp),
                "{sp} is a canonical speaker of {}",
                actor.name
            );
        }
    }
    let kyiv = s.actor(&ActorId::from("kyiv")).unwrap();
    for name in ["Zelensky", "Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskyy"] {
        assert_eq!(kyiv.speaker(name).map(|sp| sp.name.as_str()), Some("Volodymyr Zelensky"));
    }
    // Actor colours are distinct.
    let colours: BTreeSet<[u8; 3]> = s.actors.iter().map(|a| a.color.0).collect();
    assert_eq!(colours.len(), s.actors.len());
}

#[test]
fn the_sample_codes_every_core_row_of_the_gold_file() {
    let gold = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/seed_gold.tsv"))
        .expect("../shared/data/seed_gold.tsv");
    let s = store::sample();
    let mut core = 0;
    for row in gold.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.get(10) != Some(&"core") {
            continue;
        }
        core += 1;
        let line = format!("Live blog line {}.", f[1]);
        let actor = slugify(f[5]);
        let found = s.statements.iter().find(|st| st.notes.contains(&line) && st.actor == actor.as_str());
        let st = found.unwrap_or_else(|| panic!("core row {} (line {}) is in the sample", f[0], f[1]));
        assert_eq!(st.date.to_string(), f[2], "row {}", f[0]);
        let topics: Vec<&str> =
            f[6].split(',').map(|t| if t == "nato" { "nato_membership" } else { t }).collect();
        for (t, v) in topics.iter().zip(f[7].split(',')) {
            let p = st.position(&TopicId::from(*t)).unwrap_or_else(|| panic!("row {} topic {t}", f[0]));
            assert_eq!(p.stance.value().to_string(), v, "row {} topic {t}", f[0]);
        }
    }
    assert!(core >= 15, "the gold file has its core rows ({core})");
}
