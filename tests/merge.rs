//! Import and merge: the two-way merge of `import` and the three-way merge of
//! the git merge driver, case by case; `import` through the real binary
//! (report, backup, `--dry-run`, exit codes); and a real `git merge` of two
//! branches that each added a statement to one store.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::path::Path;
use std::process::Command;

use common::{TempStore, code, stderr, stdout};
use stancebook::model::*;
use stancebook::store::merge::{Resolution, merge, merge3};
use stancebook::store::{self, APP_BACKUP_INTERVAL, StoreFile, format};

fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms).unwrap()
}

/// A statement of `actor` on the ceasefire, with a fixed id and times.
fn statement(id: u128, actor: &str, quote: &str, stance: i64, updated: i64) -> Statement {
    let mut s = Statement::new(PartialDate::ymd(2025, 12, 20).unwrap(), ActorId::from(actor), quote);
    s.id = StatementId::from_parts(1_765_000_000_000, id);
    s.positions = vec![Position {
        topic: TopicId::from("ceasefire"),
        stance: Stance::new(stance).unwrap(),
        conditions: String::new(),
        evidence: Default::default(),
    }];
    s.source.outlet = "Reuters".into();
    s.recorded_at = ts(1_765_000_000_000);
    s.updated_at = ts(updated);
    s
}

fn with(base: &Store, extra: &[&Statement]) -> Store {
    let mut s = base.clone();
    for x in extra {
        s.insert_statement((*x).clone());
    }
    s
}

fn ids(s: &Store) -> Vec<StatementId> {
    s.statements.iter().map(|x| x.id).collect()
}

#[test]
fn disjoint_additions_are_all_kept() {
    let base = store::sample();
    let a = statement(1, "kremlin", "ours", -2, 1_765_000_000_000);
    let b = statement(2, "kyiv", "theirs", 2, 1_765_000_000_000);
    let (m, r) = merge(&with(&base, &[&a]), &with(&base, &[&b]));
    assert!(m.statement(a.id).is_some() && m.statement(b.id).is_some());
    assert_eq!(m.statements.len(), base.statements.len() + 2);
    assert_eq!(r.added, vec![b.id]);
    assert_eq!(r.unchanged, base.statements.len());
    assert!(r.conflicts.is_empty() && r.updated.is_empty());
    assert!(m.validate().is_empty());
    assert!(m.statements.is_sorted_by_key(|s| s.sort_key()));
}

#[test]
fn identical_stores_merge_to_themselves() {
    let s = store::sample();
    let (m, r) = merge(&s, &s);
    assert_eq!(m, s);
    assert!(!r.changes_anything());
    assert_eq!(r.unchanged, s.statements.len());
}

#[test]
fn both_edited_the_newer_wins_and_the_older_is_listed() {
    let base = store::sample();
    let old = statement(1, "kremlin", "first wording", -2, 1_765_000_000_000);
    let mut newer = old.clone();
    newer.quote = "corrected wording".into();
    newer.updated_at = ts(1_765_000_100_000);

    // Theirs is newer: ours is replaced, ours set aside.
    let (m, r) = merge(&with(&base, &[&old]), &with(&base, &[&newer]));
    assert_eq!(m.statement(old.id).unwrap().quote, "corrected wording");
    assert_eq!(r.updated, vec![old.id]);
    assert_eq!(r.conflicts.len(), 1);
    let c = &r.conflicts[0];
    assert_eq!(c.resolution, Resolution::TheirsNewer);
    assert_eq!(c.fields, ["quote", "updated_at"]);
    assert_eq!(c.set_aside, old);
    assert!(!r.has_unsettled());

    // Ours is newer: ours stays, theirs set aside.
    let (m, r) = merge(&with(&base, &[&newer]), &with(&base, &[&old]));
    assert_eq!(m.statement(old.id).unwrap().quote, "corrected wording");
    assert!(r.updated.is_empty());
    assert_eq!(r.conflicts[0].resolution, Resolution::OursNewer);
    assert_eq!(r.conflicts[0].set_aside, old);
}

#[test]
fn same_updated_at_with_different_content_is_unsettled_and_ours_is_kept() {
    let base = store::sample();
    let ours = statement(1, "kremlin", "ours", -2, 1_765_000_000_000);
    let mut theirs = ours.clone();
    theirs.positions[0].stance = Stance::new(-1).unwrap();
    let (m, r) = merge(&with(&base, &[&ours]), &with(&base, &[&theirs]));
    assert_eq!(m.statement(ours.id), Some(&ours));
    assert!(r.has_unsettled());
    let c = r.unsettled().next().unwrap();
    assert_eq!(c.fields, ["positions"]);
    assert_eq!(c.set_aside, theirs);
}

#[test]
fn same_id_with_a_different_actor_is_a_conflict_settled_by_time() {
    let base = store::sample();
    let ours = statement(1, "kremlin", "who said it?", -2, 1_765_000_000_000);
    let mut theirs = ours.clone();
    theirs.actor = ActorId::from("washington");
    theirs.updated_at = ts(1_765_000_500_000);
    let (m, r) = merge(&with(&base, &[&ours]), &with(&base, &[&theirs]));
    assert_eq!(m.statement(ours.id).unwrap().actor.as_str(), "washington");
    assert_eq!(
        m.statements.iter().filter(|s| s.id == ours.id).count(),
        1,
        "never two statements with one id"
    );
    let c = &r.conflicts[0];
    assert_eq!((c.resolution, c.fields.clone()), (Resolution::TheirsNewer, vec!["actor", "updated_at"]));
    assert!(m.validate().is_empty());
}

#[test]
fn actors_and_topics_merge_by_id_with_speakers_aliases_and_keywords_unioned() {
    let ours = store::sample();
    let mut theirs = store::sample();
    let kyiv = theirs.actor_mut(&ActorId::from("kyiv")).unwrap();
    // A new alias for a known speaker, a new speaker, and an alias already taken by another speaker.
    kyiv.speakers[0].aliases.push("Zelenskyi".into());
    kyiv.speakers.push(Speaker {
        name: "Rustem Umerov".into(),
        role: "secretary of the security council".into(),
        aliases: vec!["Umerov".into(), "Yermak".into()],
    });
    kyiv.color = Color([0, 0, 0]);
    theirs.topics[0].keywords.push("armistice".into()); // already there
    theirs.topics[0].keywords.push("Waffenstillstand".into());
    theirs.actors.push(Actor {
        id: ActorId::from("ankara"),
        name: "Ankara".into(),
        kind: ActorKind::State,
        color: Color([200, 30, 30]),
        speakers: vec![],
    });
    theirs.topics.push(Topic {
        id: TopicId::from("grain"),
        name: "Grain corridor".into(),
        proposition: "Grain exports through the Black Sea should continue.".into(),
        labels: Topic::default_labels(),
        keywords: vec!["grain".into()],
    });

    let (m, r) = merge(&ours, &theirs);
    let kyiv = m.actor(&ActorId::from("kyiv")).unwrap();
    assert!(kyiv.speaker("Zelenskyi").is_some_and(|s| s.name == "Volodymyr Zelensky"));
    let umerov = kyiv.speaker("Umerov").expect("new speaker");
    assert_eq!(umerov.role, "secretary of the security council");
    assert_eq!(kyiv.speaker("Yermak").unwrap().name, "Andriy Yermak", "a taken alias stays with its speaker");
    assert_eq!(kyiv.color, ours.actor(&ActorId::from("kyiv")).unwrap().color, "scalars keep ours");
    assert!(r.notes.iter().any(|n| n.contains("kyiv") && n.contains("colour")), "{:?}", r.notes);
    let kw = &m.topic(&TopicId::from("ceasefire")).unwrap().keywords;
    assert_eq!(kw.iter().filter(|k| k.eq_ignore_ascii_case("armistice")).count(), 1);
    assert!(kw.contains(&"Waffenstillstand".to_owned()));
    assert_eq!(r.actors_added, [ActorId::from("ankara")]);
    assert_eq!(r.topics_added, [TopicId::from("grain")]);
    assert_eq!(r.actors_merged, [ActorId::from("kyiv")]);
    assert_eq!(r.topics_merged, [TopicId::from("ceasefire")]);
    assert_eq!(m.actors.last().unwrap().id.as_str(), "ankara", "new actors follow ours");
    assert!(m.validate().is_empty(), "{:?}", m.validate());
}

#[test]
fn three_way_delete_against_unchanged_stays_deleted() {
    let base = store::sample();
    let gone = base.statements[10].id;
    let mut ours = base.clone();
    ours.remove_statement(gone);
    let (m, r) = merge3(&base, &ours, &base);
    assert!(m.statement(gone).is_none());
    assert_eq!(r.removed, [gone]);
    let (m, _) = merge3(&base, &base, &ours);
    assert!(m.statement(gone).is_none(), "either side");
}

#[test]
fn three_way_delete_against_edit_keeps_the_edit() {
    let base = store::sample();
    let id = base.statements[10].id;
    let mut deleted = base.clone();
    deleted.remove_statement(id);
    let mut edited = base.clone();
    let i = edited.statement_index(id).unwrap();
    edited.statements[i].notes = "checked against the transcript".into();
    edited.statements[i].updated_at = ts(1_766_000_000_000);
    for (o, t) in [(&deleted, &edited), (&edited, &deleted)] {
        let (m, r) = merge3(&base, o, t);
        assert_eq!(m.statement(id).unwrap().notes, "checked against the transcript");
        assert!(r.notes.iter().any(|n| n.contains("kept the edit")), "{:?}", r.notes);
    }
}

#[test]
fn three_way_edits_on_one_side_are_taken_and_both_edited_the_newer_wins() {
    let base = store::sample();
    let id = base.statements[5].id;
    let edit = |quote: &str, at: i64| {
        let mut s = base.clone();
        let i = s.statement_index(id).unwrap();
        s.statements[i].quote = quote.into();
        // A corrected quote no longer holds the old words: their excerpts go with them.
        for p in &mut s.statements[i].positions {
            p.evidence.excerpt.clear();
        }
        s.statements[i].updated_at = ts(at);
        s
    };
    let ours = edit("our fix", 1_766_000_000_000);
    let theirs = edit("their fix", 1_766_000_900_000);
    let (m, r) = merge3(&base, &base, &theirs);
    assert_eq!(m.statement(id).unwrap().quote, "their fix");
    assert!(r.conflicts.is_empty());
    let (m, r) = merge3(&base, &ours, &base);
    assert_eq!(m.statement(id).unwrap().quote, "our fix");
    assert!(r.conflicts.is_empty());
    let (m, r) = merge3(&base, &ours, &theirs);
    assert_eq!(m.statement(id).unwrap().quote, "their fix");
    assert_eq!(r.conflicts[0].resolution, Resolution::TheirsNewer);
    assert_eq!(r.conflicts[0].set_aside.quote, "our fix");
    let same_time = edit("another fix", 1_766_000_000_000);
    let (m, r) = merge3(&base, &ours, &same_time);
    assert_eq!(m.statement(id).unwrap().quote, "our fix");
    assert!(r.has_unsettled());
}

#[test]
fn three_way_additions_on_both_sides_are_both_kept() {
    let base = store::sample();
    let a = statement(1, "kremlin", "ours", -2, 1_765_000_000_000);
    let b = statement(2, "kyiv", "theirs", 2, 1_765_000_000_000);
    let (m, r) = merge3(&base, &with(&base, &[&a]), &with(&base, &[&b]));
    assert!(m.statement(a.id).is_some() && m.statement(b.id).is_some());
    assert_eq!(r.added, [b.id]);
    assert!(r.conflicts.is_empty());
    // With no common ancestor (an empty base), everything is an addition.
    let (m, _) = merge3(&Store::default(), &with(&base, &[&a]), &with(&base, &[&b]));
    assert_eq!(ids(&m).len(), base.statements.len() + 2);
    assert!(m.validate().is_empty());
}

#[test]
fn three_way_keeps_an_actor_a_statement_still_names() {
    let base = store::sample();
    let mut ours = base.clone();
    ours.actors.retain(|a| a.id.as_str() != "prague");
    let mut theirs = base.clone();
    theirs.insert_statement(statement(3, "prague", "Czech view", 1, 1_765_000_000_000));
    let (m, r) = merge3(&base, &ours, &theirs);
    assert!(m.actor(&ActorId::from("prague")).is_some());
    assert!(r.notes.iter().any(|n| n.contains("prague")), "{:?}", r.notes);
    assert!(m.validate().is_empty(), "{:?}", m.validate());
    // Deleted on one side and named by nothing: gone.
    let (m, _) = merge3(&base, &ours, &base);
    assert!(m.actor(&ActorId::from("prague")).is_none());
}

fn write_store(path: &Path, s: &Store) {
    std::fs::write(path, format::to_text(s)).unwrap();
}

#[test]
fn import_dry_run_changes_nothing() {
    let t = TempStore::sample();
    let theirs = t.dir.path().join("theirs.ron");
    write_store(&theirs, &with(&store::sample(), &[&statement(7, "london", "new", 2, 1_765_000_000_000)]));
    let before = t.bytes();
    let o = t.run(&["import", theirs.to_str().unwrap(), "--dry-run"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("1 added, 66 unchanged, 0 updated, 0 conflicts"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Dry run: nothing was changed."));
    assert_eq!(t.bytes(), before, "byte-identical");
    assert!(store::list_backups(&t.path).is_empty(), "no backup either");
}

#[test]
fn import_adds_takes_a_backup_and_reports() {
    let t = TempStore::sample();
    let theirs = t.dir.path().join("colleague.json");
    let new = statement(7, "london", "new", 2, 1_765_000_000_000);
    let s = with(&store::sample(), &[&new]);
    std::fs::write(&theirs, serde_json::to_string_pretty(&s).unwrap()).unwrap();
    let before = t.bytes();
    let o = t.run(&["import", theirs.to_str().unwrap(), "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["added"], serde_json::json!([new.id.to_string()]));
    assert_eq!(v["unchanged"], 66);
    assert_eq!(v["saved"], true);
    assert_eq!(v["dry_run"], false);
    assert!(v["conflicts"].as_array().unwrap().is_empty());
    let backup = v["backup"].as_str().expect("a backup path");
    assert_eq!(std::fs::read(backup).unwrap(), before, "the backup holds the previous version");
    let now = store::read(&t.path).unwrap().store;
    assert!(now.statement(new.id).is_some());
}

#[test]
fn import_exits_1_on_an_unsettled_conflict_and_lists_it() {
    let t = TempStore::sample();
    let mut theirs = store::sample();
    theirs.statements[3].quote.push_str(" (their reading)");
    let id = theirs.statements[3].id;
    let path = t.dir.path().join("theirs.ron");
    write_store(&path, &theirs);
    let o = t.run(&["import", path.to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stdout(&o).contains(&id.to_string()) && stdout(&o).contains("NOT SETTLED"), "{}", stdout(&o));
    assert!(stderr(&o).contains("could not be settled"), "{}", stderr(&o));
    assert_eq!(store::read(&t.path).unwrap().store.statement(id), store::sample().statement(id), "ours kept");
}

#[test]
fn import_refuses_a_bad_file_naming_file_line_and_column() {
    let t = TempStore::sample();
    let before = t.bytes();
    let bad = t.dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"schema\": 2,\n  \"actors\": [\n    {\"id\": 5}\n  ]\n}\n").unwrap();
    let o = t.run(&["import", bad.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("bad.json:4:"), "{}", stderr(&o));
    let unknown = t.dir.path().join("unknown.ron");
    let mut s = store::sample();
    s.insert_statement(statement(9, "atlantis", "x", 0, 1_765_000_000_000));
    write_store(&unknown, &s);
    let o = t.run(&["import", unknown.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("unknown actor `atlantis`"), "{}", stderr(&o));
    assert_eq!(t.bytes(), before);
}

#[test]
fn save_with_backup_backs_up_even_within_the_app_interval() {
    let t = TempStore::sample();
    let (mut file, parsed) = StoreFile::open(&t.path).unwrap();
    file.backups.min_interval = APP_BACKUP_INTERVAL;
    let mut s = parsed.store;
    s.insert_statement(statement(1, "kyiv", "one", 1, 1_765_000_000_000));
    assert!(file.save(&s).unwrap().backup.is_some(), "the first save backs up");
    s.insert_statement(statement(2, "kyiv", "two", 1, 1_765_000_000_000));
    assert!(file.save(&s).unwrap().backup.is_none(), "within the interval, no backup");
    s.insert_statement(statement(3, "kyiv", "three", 1, 1_765_000_000_000));
    let r = file.save_with_backup(&s).unwrap();
    assert!(r.backup.is_some(), "forced");
    assert_eq!(store::list_backups(&t.path).len(), 2);
}

// ---------------------------------------------------------------- real git

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_DATE", "2025-12-15T09:30:00Z")
        .env("GIT_COMMITTER_DATE", "2025-12-15T09:30:00Z")
        .args(args)
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let o = git(dir, args);
    assert!(o.status.success(), "git {args:?}: {}{}", stdout(&o), stderr(&o));
}

/// A repository holding the sample store on `main`, with branches `a` and
/// `b` that each added one statement on the same day (so a line-based merge
/// conflicts), and the merge driver configured when `driver` is set.
fn repo_with_two_branches(driver: bool) -> (tempfile::TempDir, StatementId, StatementId) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git_ok(d, &["init", "-q", "-b", "main"]);
    git_ok(d, &["config", "user.name", "Analyst"]);
    git_ok(d, &["config", "user.email", "analyst@example.org"]);
    git_ok(d, &["config", "commit.gpgsign", "false"]);
    if driver {
        let bin = env!("CARGO_BIN_EXE_stancebook");
        git_ok(d, &["config", "merge.stancebook.name", "Stancebook store: merge by statement id"]);
        git_ok(d, &["config", "merge.stancebook.driver", &format!("'{bin}' merge-driver %O %A %B %P")]);
        std::fs::write(d.join(".gitattributes"), "*.ron merge=stancebook\n").unwrap();
    }
    std::fs::write(d.join(".gitignore"), "*.ron.lock\n*.ron.backups/\n").unwrap();
    std::fs::write(d.join("store.ron"), store::SAMPLE_TEXT).unwrap();
    git_ok(d, &["add", "."]);
    git_ok(d, &["commit", "-q", "-m", "shared store"]);
    let add = |actor: &str, quote: &str| -> StatementId {
        let o = common::stancebook(
            d,
            &[
                "--store",
                "store.ron",
                "add",
                "--actor",
                actor,
                "--date",
                "2025-12-20",
                "--quote",
                quote,
                "--position",
                "ceasefire=+1",
                "--outlet",
                "Reuters",
            ],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        stdout(&o).trim().parse().unwrap()
    };
    git_ok(d, &["checkout", "-q", "-b", "a"]);
    let a = add("london", "We will back a truce that holds");
    git_ok(d, &["commit", "-q", "-am", "London, 20 December"]);
    git_ok(d, &["checkout", "-q", "main"]);
    git_ok(d, &["checkout", "-q", "-b", "b"]);
    let b = add("paris", "A Christmas truce is within reach");
    git_ok(d, &["commit", "-q", "-am", "Paris, 20 December"]);
    git_ok(d, &["checkout", "-q", "a"]);
    (dir, a, b)
}

#[test]
fn a_real_git_merge_of_two_branches_that_added_statements_merges_by_id() {
    let (dir, a, b) = repo_with_two_branches(true);
    let d = dir.path();
    let o = git(d, &["merge", "--no-edit", "b"]);
    assert!(o.status.success(), "git merge failed: {}{}", stdout(&o), stderr(&o));
    let text = std::fs::read_to_string(d.join("store.ron")).unwrap();
    assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>") && !text.contains("======="));
    let merged = format::from_text(Path::new("store.ron"), &text).unwrap().store;
    assert!(merged.statement(a).is_some() && merged.statement(b).is_some(), "both statements");
    assert_eq!(merged.statements.len(), store::sample().statements.len() + 2);
    assert_eq!(text, format::to_text(&merged), "written in canonical form");
    let o = common::stancebook(d, &["--store", "store.ron", "check"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(git(d, &["status", "--porcelain"]).stdout.is_empty(), "a clean, committed merge");
}

#[test]
fn without_the_driver_the_same_merge_conflicts() {
    // The control for the test above: a line-based merge of the same branches does conflict.
    let (dir, _, _) = repo_with_two_branches(false);
    let o = git(dir.path(), &["merge", "--no-edit", "b"]);
    assert!(!o.status.success());
    assert!(std::fs::read_to_string(dir.path().join("store.ron")).unwrap().contains("<<<<<<<"));
}

#[test]
fn a_real_git_merge_of_an_edit_on_both_sides_keeps_the_newer_and_says_so() {
    let (dir, _, _) = repo_with_two_branches(true);
    let d = dir.path();
    let id = store::sample().statements[20].id;
    let edit = |quote: &str, at: i64| {
        let mut s =
            format::from_text(Path::new("store.ron"), &std::fs::read_to_string(d.join("store.ron")).unwrap())
                .unwrap()
                .store;
        let i = s.statement_index(id).unwrap();
        s.statements[i].quote = quote.into();
        // A corrected quote no longer holds the old words: their excerpts go with them.
        for p in &mut s.statements[i].positions {
            p.evidence.excerpt.clear();
        }
        s.statements[i].updated_at = ts(at);
        write_store(&d.join("store.ron"), &s);
    };
    edit("our correction", 1_766_000_000_000);
    git_ok(d, &["commit", "-q", "-am", "ours"]);
    git_ok(d, &["checkout", "-q", "b"]);
    edit("their later correction", 1_766_000_500_000);
    git_ok(d, &["commit", "-q", "-am", "theirs"]);
    git_ok(d, &["checkout", "-q", "a"]);
    let o = git(d, &["merge", "--no-edit", "b"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("edited on both sides") && stderr(&o).contains("kept theirs"),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(d.join("store.ron")).unwrap();
    let merged = format::from_text(Path::new("store.ron"), &text).unwrap().store;
    assert_eq!(merged.statement(id).unwrap().quote, "their later correction");
}

#[test]
fn the_merge_driver_leaves_ours_alone_when_a_file_is_unreadable() {
    let t = TempStore::sample();
    let base = t.dir.path().join("base.ron");
    let theirs = t.dir.path().join("theirs.ron");
    std::fs::write(&base, store::SAMPLE_TEXT).unwrap();
    std::fs::write(&theirs, "(schema: 2, actors: [").unwrap();
    let before = t.bytes();
    let o = common::stancebook(
        t.dir.path(),
        &["merge-driver", base.to_str().unwrap(), t.path.to_str().unwrap(), theirs.to_str().unwrap()],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("store.ron (theirs):1:"), "names the side: {}", stderr(&o));
    assert_eq!(t.bytes(), before);
}

#[test]
fn differing_actor_and_topic_fields_keep_ours_and_say_so() {
    let s = store::sample();
    let ours = s.actor(&ActorId::from("kremlin")).unwrap().clone();
    let mut theirs = ours.clone();
    theirs.name = "Moscow".into();
    theirs.color = Color([1, 2, 3]);
    let mut notes = Vec::new();
    let (merged, _) = stancebook::store::merge::merge_actor(&ours, &theirs, &mut notes);
    assert_eq!(merged.name, ours.name);
    assert_eq!(
        notes,
        [
            "actor `kremlin`: their name differs; kept ours",
            "actor `kremlin`: their colour differs; kept ours"
        ]
    );
    let topic = s.topic(&TopicId::from("ceasefire")).unwrap().clone();
    let mut theirs = topic.clone();
    theirs.proposition = "Something else".into();
    let mut notes = Vec::new();
    let (merged, grew) = stancebook::store::merge::merge_topic(&topic, &theirs, &mut notes);
    assert_eq!((merged.proposition, grew), (topic.proposition.clone(), false));
    assert_eq!(notes, ["topic `ceasefire`: their proposition differs; kept ours"]);
}

/// A lexicon entry taught at `ms` (milliseconds since the epoch).
fn taught(phrase: &str, means: Meaning, ms: i64) -> Learned {
    let mut l = Learned::new(phrase, means, None, None);
    l.learned_at = ts(ms);
    l
}

fn troops() -> Meaning {
    Meaning::Topic(TopicId::from("troops"))
}

#[test]
fn lexicons_merge_by_key_and_the_lesson_learned_later_wins() {
    let base = store::sample();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.lexicon = vec![taught("tripwire mission", troops(), 1_000)];
    let stance = |v| Meaning::Stance { topic: TopicId::from("troops"), stance: Stance::new(v).unwrap() };
    ours.lexicon.push(taught("hostile act", stance(-1), 1_000));
    normalise_lexicon(&mut ours.lexicon);
    theirs.lexicon =
        vec![taught("Hostile  act", stance(-2), 2_000), taught("financial chokehold", troops(), 1_500)];
    normalise_lexicon(&mut theirs.lexicon);
    let (m, _) = merge(&ours, &theirs);
    let got: Vec<(String, String)> = m.lexicon.iter().map(|l| (l.phrase.clone(), l.meaning_text())).collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.contains(&("Hostile act".into(), "−2 on troops".into())), "the later lesson wins: {got:?}");
    assert!(got.contains(&("tripwire mission".into(), "topic troops".into())));
    assert!(got.contains(&("financial chokehold".into(), "topic troops".into())));
    // Either order gives the same lexicon.
    assert_eq!(merge(&theirs, &ours).0.lexicon, m.lexicon);
}

#[test]
fn three_way_a_lesson_forgotten_on_one_side_stays_forgotten_unless_the_other_changed_it() {
    let mut base = store::sample();
    base.lexicon = vec![taught("respite", troops(), 1_000), taught("tripwire mission", troops(), 1_000)];
    normalise_lexicon(&mut base.lexicon);
    // Ours forgets both; theirs re-teaches "respite" as the ceasefire.
    let mut ours = base.clone();
    ours.lexicon.clear();
    let mut theirs = base.clone();
    theirs.lexicon.retain(|l| l.phrase != "respite");
    theirs.lexicon.push(taught("respite", Meaning::Topic(TopicId::from("ceasefire")), 3_000));
    normalise_lexicon(&mut theirs.lexicon);
    let (m, _) = merge3(&base, &ours, &theirs);
    let got: Vec<String> = m.lexicon.iter().map(|l| format!("{} {}", l.phrase, l.meaning_text())).collect();
    // "respite → troops" was forgotten on both sides (theirs replaced it by
    // another key); "tripwire mission" was forgotten by ours and left as it
    // was by theirs; "respite → ceasefire" is new on theirs.
    assert_eq!(got, vec!["respite topic ceasefire".to_owned()]);
    // A change on one side outlives a deletion on the other.
    let mut changed = base.clone();
    changed.lexicon = vec![taught("tripwire mission", troops(), 5_000), taught("respite", troops(), 1_000)];
    normalise_lexicon(&mut changed.lexicon);
    let (m, _) = merge3(&base, &ours, &changed);
    assert_eq!(m.lexicon.len(), 1);
    assert_eq!(m.lexicon[0].learned_at, ts(5_000));
}

#[test]
fn a_lexicon_survives_a_save_and_a_reopen_in_a_file_and_in_a_folder() {
    let mut s = store::sample();
    s.lexicon = vec![
        taught("tripwire mission", troops(), 1_000),
        taught(
            "Elina Valtonen",
            Meaning::Speaker { name: "Elina Valtonen".into(), actor: ActorId::from("helsinki") },
            2_000,
        ),
    ];
    normalise_lexicon(&mut s.lexicon);
    let text = format::to_text(&s);
    assert!(text.contains("lexicon: ["), "the file carries the lexicon");
    let back = format::from_text(Path::new("store.ron"), &text).unwrap().store;
    assert_eq!(back.lexicon, s.lexicon);
    let dir = tempfile::tempdir().unwrap();
    let desk = dir.path().join("desk");
    let files = stancebook::store::folder::to_files(&s);
    assert!(files["stancebook.ron"].contains("tripwire mission"), "the folder's header carries it");
    let folder = stancebook::store::folder::Folder::create(&desk, &desk, &s).unwrap();
    drop(folder);
    let reopened = stancebook::store::folder::read(&desk, &desk).unwrap().store;
    assert_eq!(reopened.lexicon, s.lexicon);
}
