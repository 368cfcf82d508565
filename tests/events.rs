//! Events in the core (issue 15): validation, the schema-3 migration (RON
//! and JSON), the round trip, the two- and three-way merge, edits with their
//! undo, the filter's view of events and their CSV; `export` and `import`
//! through the real binary.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use common::{TempStore, code, stdout};
use stancebook::analysis::Filter;
use stancebook::edit::{self, Edit};
use stancebook::export::{self, ExportOptions, Format, SummaryOptions};
use stancebook::model::*;
use stancebook::store::merge::{merge, merge3};
use stancebook::store::{self, format};

fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms).unwrap()
}

fn day(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

/// An event with a fixed id and times.
fn event(id: u128, date: &str, title: &str, actors: &[&str], updated: i64) -> Event {
    let mut e = Event::new(
        day(date),
        title,
        EventKind::Talks,
        Source { outlet: "Reuters".into(), ..Source::default() },
    );
    e.id = EventId::from_parts(1_765_000_000_000, id);
    e.actors = actors.iter().map(|a| ActorId::from(*a)).collect();
    e.recorded_at = ts(1_765_000_000_000);
    e.updated_at = ts(updated);
    e
}

fn with(base: &Store, extra: &[&Event]) -> Store {
    let mut s = base.clone();
    for e in extra {
        s.insert_event((*e).clone());
    }
    s
}

fn alaska(s: &Store) -> &Event {
    s.events.iter().find(|e| e.title.contains("Alaska")).expect("the sample has the Alaska summit")
}

#[test]
fn the_sample_s_events_are_valid_sourced_and_sorted() {
    let s = store::sample();
    assert!(s.validate().is_empty(), "{:?}", s.validate());
    assert_eq!(s.events.len(), 25);
    assert!(s.events.is_sorted_by_key(Event::sort_key));
    for e in &s.events {
        assert!(
            !e.source.outlet.is_empty() && e.source.url.is_some() && e.source.published.is_some(),
            "{e:?}"
        );
        assert!(!e.actors.is_empty(), "{}: actors named", e.title);
    }
    let a = alaska(&s);
    assert_eq!(a.date, day("2025-08-15"));
    assert_eq!(a.kind, EventKind::Summit);
    assert_eq!(a.actors, vec![ActorId::from("washington"), ActorId::from("kremlin")]);
    let riyadh = s.events.iter().find(|e| e.is_span() && e.place == "Riyadh").unwrap();
    assert_eq!(riyadh.when(), "23–25 Mar 2025");
}

#[test]
fn validation_names_each_problem_of_an_event() {
    let mut s = store::sample();
    let mut bad = event(1, "2025-08-20", "  ", &["kremlin", "atlantis", "kremlin"], 1_765_000_000_000);
    bad.end = Some(day("2025-08-19"));
    bad.updated_at = ts(1_764_000_000_000);
    let id = bad.id.to_string();
    s.insert_event(bad.clone());
    s.events.push(bad);
    let problems: Vec<String> = s
        .validate()
        .iter()
        .filter(|p| p.subject == Subject::Event(id.clone()))
        .map(|p| p.message.clone())
        .collect();
    for want in [
        "duplicate event id",
        "empty title",
        "ends (2025-08-19) before it begins (2025-08-20)",
        "unknown actor `atlantis`",
        "actor `kremlin` is named twice",
        "updated_at is earlier than recorded_at",
    ] {
        assert!(problems.iter().any(|p| p == want), "{want:?} in {problems:?}");
    }
    assert!(
        s.validate()
            .iter()
            .any(|p| p.subject == Subject::Store && p.message.contains("events are not sorted"))
    );
}

#[test]
fn a_schema_3_store_migrates_with_no_events_in_ron_and_in_json() {
    let sample = store::sample();
    let mut v3 = sample.clone();
    v3.events.clear();
    let text = format::to_text(&v3)
        .replace(&format!("    schema: {SCHEMA},"), "    schema: 3,")
        .replace("    events: [],\n", "");
    assert!(text.contains("schema: 3") && !text.contains("events"), "a schema-3 file");
    let t = TempStore::with_text(&text);
    let parsed = store::read(&t.path).unwrap();
    assert_eq!(parsed.migrated_from, Some(3));
    assert_eq!(parsed.store.schema, SCHEMA);
    assert!(parsed.store.events.is_empty());
    assert_eq!(parsed.store.statements, sample.statements);

    let mut json = serde_json::to_value(&v3).unwrap();
    json["schema"] = 3.into();
    json.as_object_mut().unwrap().remove("events");
    let t = TempStore::with_text(&serde_json::to_string(&json).unwrap());
    let j = t.path.with_extension("json");
    std::fs::rename(&t.path, &j).unwrap();
    let parsed = store::read_any(&j).unwrap();
    assert_eq!(parsed.migrated_from, Some(3));
    assert!(parsed.store.events.is_empty() && parsed.store.statements.len() == sample.statements.len());
}

#[test]
fn events_survive_the_round_trip_and_a_misspelled_field_is_named() {
    let s = store::sample();
    let text = format::to_text(&s);
    let t = TempStore::with_text(&text);
    let back = store::read(&t.path).unwrap().store;
    assert_eq!(back.events, s.events);
    assert_eq!(format::to_text(&back), text, "canonical: the same bytes again");
    let bad = text.replacen("            place: ", "            plcae: ", 1);
    let t = TempStore::with_text(&bad);
    let err = store::read(&t.path).unwrap_err().to_string();
    assert!(err.contains("unknown field `plcae` in an event — did you mean `place`?"), "{err}");
}

#[test]
fn two_way_merge_adds_their_events_and_the_newer_version_wins() {
    let base = store::sample();
    let mine = event(1, "2025-12-20", "ours", &["kyiv"], 1_765_000_000_000);
    let new = event(2, "2025-12-21", "theirs", &["kremlin"], 1_765_000_000_000);
    let (m, r) = merge(&with(&base, &[&mine]), &with(&base, &[&new]));
    assert!(m.event(mine.id).is_some() && m.event(new.id).is_some());
    assert_eq!(r.events.added, vec![new.id]);
    assert!(r.headline().contains("events: 1 added"), "{}", r.headline());
    assert!(r.changes_anything());

    let mut newer = mine.clone();
    newer.title = "ours, corrected".into();
    newer.updated_at = ts(1_765_000_100_000);
    let (m, r) = merge(&with(&base, &[&mine]), &with(&base, &[&newer]));
    assert_eq!(m.event(mine.id).unwrap().title, "ours, corrected");
    assert_eq!(r.events.updated, vec![mine.id]);
    let (m, r) = merge(&with(&base, &[&newer]), &with(&base, &[&mine]));
    assert_eq!(m.event(mine.id).unwrap().title, "ours, corrected", "ours is newer: kept");
    assert!(r.events.updated.is_empty() && !r.changes_anything());
}

#[test]
fn three_way_merge_takes_one_sided_edits_and_deletions_but_an_edit_outlives_a_deletion() {
    let base = store::sample();
    let a = alaska(&base).clone();
    let mut edited = a.clone();
    edited.notes = "Anchorage, Joint Base Elmendorf–Richardson".into();
    edited.updated_at = ts(a.updated_at.millis() + 1000);
    let without = |s: &Store| {
        let mut s = s.clone();
        s.events.retain(|e| e.id != a.id);
        s
    };
    let edited_store = {
        let mut s = base.clone();
        edit::apply(&mut s, Edit::UpdateEvent(edited.clone())).unwrap();
        s
    };
    // Edited only on their side: theirs.
    let (m, _) = merge3(&base, &base, &edited_store);
    assert_eq!(m.event(a.id).unwrap().notes, edited.notes);
    // Edited only on our side, theirs as the base: ours.
    let (m, _) = merge3(&base, &edited_store, &base);
    assert_eq!(m.event(a.id).unwrap().notes, edited.notes);
    // Deleted on one side, untouched on the other: gone.
    let (m, r) = merge3(&base, &base, &without(&base));
    assert!(m.event(a.id).is_none());
    assert_eq!(r.events.removed, vec![a.id]);
    // Deleted on one side, edited on the other: the edit is kept.
    let (m, _) = merge3(&base, &edited_store, &without(&base));
    assert_eq!(m.event(a.id).unwrap().notes, edited.notes);
    let (m, _) = merge3(&base, &without(&base), &edited_store);
    assert_eq!(m.event(a.id).unwrap().notes, edited.notes);
    assert!(m.validate().is_empty());
}

#[test]
fn event_edits_undo_and_actor_renames_reach_events() {
    let mut s = store::sample();
    let before = s.clone();
    let e = event(7, "2025-06-01", "A call", &["kyiv", "london"], 1_765_000_000_000);
    let undo = edit::apply(&mut s, Edit::AddEvent(e.clone())).unwrap();
    assert_eq!(undo, Edit::DeleteEvent(e.id));
    assert!(s.events.is_sorted_by_key(Event::sort_key));
    assert!(edit::apply(&mut s, Edit::AddEvent(e.clone())).is_err(), "the same id twice is refused");
    let mut moved = e.clone();
    moved.date = day("2025-01-02");
    let undo_move = edit::apply(&mut s, Edit::UpdateEvent(moved)).unwrap();
    assert_eq!(s.events.first().unwrap().id, e.id, "re-sorted by its new date");
    edit::apply(&mut s, undo_move).unwrap();
    edit::apply(&mut s, undo).unwrap();
    assert_eq!(s, before);

    // An actor in events cannot be deleted; a renamed one is renamed in them.
    let mut s = store::sample();
    s.statements.retain(|st| {
        st.actor.as_str() != "helsinki" && st.reported_by.as_ref().is_none_or(|r| r.as_str() != "helsinki")
    });
    let err = edit::apply(&mut s, Edit::DeleteActor(ActorId::from("helsinki"))).unwrap_err();
    assert!(err.0.contains("takes part in 1 event"), "{err}");
    let mut renamed = s.actor(&ActorId::from("kremlin")).unwrap().clone();
    renamed.id = ActorId::from("moscow");
    edit::apply(&mut s, Edit::UpdateActor { id: ActorId::from("kremlin"), actor: renamed }).unwrap();
    assert!(alaska(&s).actors.contains(&ActorId::from("moscow")));
    assert!(s.validate().is_empty(), "{:?}", s.validate());
}

#[test]
fn the_filter_shows_the_events_of_its_actors_and_dates() {
    let s = store::sample();
    let a = alaska(&s);
    let f = |actors: &[&str], since: Option<&str>, until: Option<&str>| Filter {
        actors: actors.iter().map(|x| ActorId::from(*x)).collect(),
        since: since.map(|d| day(d).first_day()),
        until: until.map(|d| day(d).first_day()),
        ..Filter::default()
    };
    assert!(f(&[], None, None).matches_event(a));
    assert!(f(&["kremlin"], None, None).matches_event(a));
    assert!(!f(&["kyiv"], None, None).matches_event(a));
    assert!(f(&[], Some("2025-08-15"), Some("2025-08-15")).matches_event(a));
    assert!(!f(&[], Some("2025-08-16"), None).matches_event(a));
    // A span is in view while any of its days is.
    let riyadh = s.events.iter().find(|e| e.is_span() && e.place == "Riyadh").unwrap();
    assert!(f(&[], Some("2025-03-25"), None).matches_event(riyadh));
    assert!(f(&[], None, Some("2025-03-23")).matches_event(riyadh));
    assert!(!f(&[], Some("2025-03-26"), None).matches_event(riyadh));
}

#[test]
fn the_events_csv_has_a_row_per_event_in_view_and_neutralises_formulas() {
    let mut s = store::sample();
    s.insert_event(event(9, "2025-12-30", "=HYPERLINK(\"http://x\")", &["kyiv"], 1_765_000_000_000));
    let filter = Filter { actors: [ActorId::from("kyiv")].into(), ..Filter::default() };
    let options =
        ExportOptions { summary: SummaryOptions::new(filter.clone(), ts(1_765_000_000_000)), bom: true };
    let mut buf = Vec::new();
    export::export(&s, Format::EventsCsv, &options, &mut buf).unwrap();
    assert!(buf.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(buf[3..].to_vec()).unwrap();
    let mut rows = ::csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, export::csv::EVENT_COLUMNS);
    let records: Vec<::csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), s.events.iter().filter(|e| filter.matches_event(e)).count());
    assert!(records.iter().all(|r| r[6].split("; ").any(|a| a == "kyiv")), "only Kyiv's events");
    assert!(records.iter().any(|r| &r[5] == "'=HYPERLINK(\"http://x\")"), "a formula is text");
    assert_eq!(Format::parse("events-csv"), Some(Format::EventsCsv));
    assert_eq!(Format::EventsCsv.default_file_name(day("2025-12-14").first_day()), "events-2025-12-14.csv");
}

#[test]
fn export_and_import_carry_events_through_the_binary() {
    let t = TempStore::sample();
    let o = t.run(&["export", "--format", "events-csv", "--actors", "kremlin"]);
    assert_eq!(code(&o), 0, "{}", common::stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Trump–Putin summit in Alaska ends without a deal"), "{out}");
    assert!(!out.contains("Lancaster House"), "London's summit does not involve the Kremlin");

    // A colleague's copy with one more event imports as one added event.
    let mut theirs = store::sample();
    theirs.insert_event(event(
        11,
        "2025-12-20",
        "A new round in Geneva",
        &["kyiv", "washington"],
        1_765_000_000_000,
    ));
    let other = TempStore::with_text(&format::to_text(&theirs));
    let o = t.run(&["import", other.path.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", common::stderr(&o));
    assert!(stdout(&o).contains("events: 1 added"), "{}", stdout(&o));
    let after = store::read(&t.path).unwrap().store;
    assert!(after.events.iter().any(|e| e.title == "A new round in Geneva"));
}
