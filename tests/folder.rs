//! The store as a folder (issue 17): a header and one file of statements
//! per day. A round trip between file and folder, byte-identical; saves
//! that rewrite only what changed, with backups of only that; strict
//! parsing that names the file; another program's change kept; a kill loop
//! during a multi-month import that always leaves the old store or the new
//! one; a real `git merge` that calls the merge driver per day; and a
//! folder of the earlier layout (a file per month) that opens and moves to
//! day files.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{TempStore, code, command, stancebook, stderr, stdout};
use stancebook::model::*;
use stancebook::store::{self, StoreError, StoreFile, folder, format};

/// Every file under `dir` (relative, `/`-separated) with its bytes.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The identity of each store file of a folder (inode and modification time).
fn stamps(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    files_in(dir)
        .into_keys()
        .filter(|k| k.ends_with(".ron"))
        .map(|k| {
            let m = std::fs::metadata(dir.join(&k)).unwrap();
            (k, (m.ino(), m.modified().unwrap()))
        })
        .collect()
}

/// A store with statements over many months, some known only to the month or the year.
fn varied_store(n: usize) -> Store {
    let mut s = stancebook::synthetic::generate(n, 7);
    for (i, st) in s.statements.iter_mut().enumerate() {
        let d = st.date.first_day();
        st.date = match i % 13 {
            0 => PartialDate::year(chrono::Datelike::year(&d)).unwrap(),
            1 => PartialDate::month(chrono::Datelike::year(&d), chrono::Datelike::month(&d)).unwrap(),
            _ => st.date,
        };
    }
    s.sort_statements();
    s
}

fn convert(home: &Path, to: &str, src: &Path, dest: &Path) {
    let o = stancebook(home, &["convert", "--to", to, src.to_str().unwrap(), dest.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn file_to_folder_to_file_is_byte_identical() {
    for (name, text) in
        [("sample", store::SAMPLE_TEXT.to_owned()), ("varied", format::to_text(&varied_store(3_000)))]
    {
        let t = TempStore::with_text(&text);
        let dir = t.dir.path().join("folder");
        convert(t.dir.path(), "folder", &t.path, &dir);
        assert!(dir.join("stancebook.ron").is_file() && dir.join(".gitattributes").is_file());
        let back = t.dir.path().join("back.ron");
        convert(t.dir.path(), "file", &dir, &back);
        assert_eq!(
            std::fs::read(&back).unwrap(),
            text.as_bytes(),
            "{name}: the file comes back byte for byte"
        );
        // And the folder again, file for file.
        let again = t.dir.path().join("again");
        convert(t.dir.path(), "folder", &back, &again);
        assert_eq!(files_in(&again), files_in(&dir), "{name}: the folder comes back file for file");
        // One file per day with statements, one per month and per year for statements known only to those.
        let parsed = store::read(&dir).unwrap().store;
        let months: std::collections::BTreeSet<String> =
            parsed.statements.iter().map(folder::file_of).collect();
        let on_disk: std::collections::BTreeSet<String> =
            files_in(&dir).into_keys().filter(|k| k.starts_with("statements/")).collect();
        assert_eq!(months, on_disk, "{name}");
    }
    // A folder for a statement known only to the year.
    let s = varied_store(200);
    assert!(s.statements.iter().any(|x| folder::file_of(x).ends_with("/year.ron")));
    // `convert` never replaces anything.
    let t = TempStore::sample();
    let o = stancebook(
        t.dir.path(),
        &["convert", "--to", "folder", t.path.to_str().unwrap(), t.path.to_str().unwrap()],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&t.path).unwrap(), store::SAMPLE_TEXT.as_bytes());
}

/// The sample as a folder in a temp dir.
fn sample_folder() -> (tempfile::TempDir, PathBuf) {
    let t = TempStore::sample();
    let dir = t.dir.path().join("desk");
    convert(t.dir.path(), "folder", &t.path, &dir);
    (t.dir, dir)
}

#[test]
fn a_save_rewrites_only_the_days_it_touched_and_backs_up_only_those() {
    let (_keep, dir) = sample_folder();
    let before = stamps(&dir);
    let (mut file, parsed) = StoreFile::open(&dir).unwrap();
    assert!(file.is_folder());
    let mut s = parsed.store;
    let i = s.statements.iter().position(|x| folder::file_of(x) == "statements/2025/03/13.ron").unwrap();
    s.statements[i].notes = "checked against the transcript".into();
    std::thread::sleep(Duration::from_millis(20));
    let report = file.save(&s).unwrap();
    assert!(report.written && report.bytes < 40_000, "{report:?}");
    let after = stamps(&dir);
    let changed: Vec<&String> = after.keys().filter(|k| after[*k] != before[*k]).collect();
    assert_eq!(changed, ["statements/2025/03/13.ron"], "only 13 March 2025 was rewritten");
    let set = report.backup.expect("the first save backs up");
    let backed: Vec<String> = files_in(&set).into_keys().filter(|k| k.ends_with(".ron")).collect();
    assert_eq!(backed, ["statements/2025/03/13.ron"], "the backup holds what changed");
    assert!(!file.save(&s).unwrap().written, "nothing to write the second time");

    // Renaming an actor rewrites the header and every day that names it, atomically.
    let mut renamed = s.actor(&ActorId::from("warsaw")).unwrap().clone();
    renamed.id = ActorId::from("poland");
    stancebook::edit::apply(
        &mut s,
        stancebook::edit::Edit::UpdateActor { id: ActorId::from("warsaw"), actor: renamed },
    )
    .unwrap();
    let touched: std::collections::BTreeSet<String> =
        s.statements.iter().filter(|x| x.actor.as_str() == "poland").map(folder::file_of).collect();
    let before = stamps(&dir);
    std::thread::sleep(Duration::from_millis(20));
    file.save(&s).unwrap();
    let after = stamps(&dir);
    let changed: std::collections::BTreeSet<String> =
        after.keys().filter(|k| after[*k] != before[*k]).cloned().collect();
    let mut expected = touched;
    expected.insert("stancebook.ron".into());
    assert_eq!(changed, expected);
    drop(file);
    assert_eq!(store::read(&dir).unwrap().store, s, "what was saved reads back");

    // Emptying a file deletes it, and the month's and year's folders it leaves empty.
    let (mut file, parsed) = StoreFile::open(&dir).unwrap();
    let mut s = parsed.store;
    s.statements.retain(|x| folder::file_of(x) != "statements/2022/09/month.ron");
    file.save(&s).unwrap();
    assert!(!dir.join("statements/2022").exists(), "nothing else was in 2022");
    assert!(dir.join("statements/2025/03").is_dir());
    drop(file);
    assert_eq!(store::read(&dir).unwrap().store, s);
}

#[test]
fn every_file_is_parsed_strictly_and_an_error_names_it() {
    let (_keep, dir) = sample_folder();
    let month = dir.join("statements/2025/03/13.ron");
    let text = std::fs::read_to_string(&month).unwrap();
    std::fs::write(&month, text.replacen("            quote: ", "            qoute: ", 1)).unwrap();
    let e = StoreFile::open(&dir).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, StoreError::Parse { .. }), "{msg}");
    assert!(msg.contains("statements/2025/03/13.ron") && msg.contains("did you mean `quote`?"), "{msg}");
    std::fs::write(&month, text).unwrap();

    let header = dir.join("stancebook.ron");
    let text = std::fs::read_to_string(&header).unwrap();
    std::fs::write(&header, text.replacen("    topics: [", "    topcs: [", 1)).unwrap();
    let msg = store::read(&dir).unwrap_err().to_string();
    assert!(msg.contains("stancebook.ron") && msg.contains("the store's header"), "{msg}");
    // Through the command line: exit code 2, the file and the line.
    let o = stancebook(dir.parent().unwrap(), &["--store", dir.to_str().unwrap(), "check"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("stancebook.ron:"), "{}", stderr(&o));
}

#[test]
fn another_program_s_change_to_a_day_file_is_never_overwritten() {
    let (_keep, dir) = sample_folder();
    let (mut file, parsed) = StoreFile::open(&dir).unwrap();
    let month = dir.join("statements/2025/03/13.ron");
    let theirs = std::fs::read_to_string(&month).unwrap().replacen("notes: \"", "notes: \"Theirs. ", 1);
    std::fs::write(&month, &theirs).unwrap();
    assert!(file.changed_on_disk());
    let mut s = parsed.store;
    let i = s.statements.iter().position(|x| folder::file_of(x) == "statements/2025/03/13.ron").unwrap();
    s.statements[i].notes = "ours".into();
    match file.save(&s) {
        Err(StoreError::ChangedOnDisk { ours_saved_as: Some(p), .. }) => {
            let kept = store::read(&p).unwrap().store;
            assert_eq!(kept.statements[i].notes, "ours", "ours is kept as a whole store beside the folder");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&month).unwrap(), theirs, "theirs stays");
}

#[test]
fn a_committed_save_cut_short_is_finished_by_the_next_open_and_read_through_before() {
    let (_keep, dir) = sample_folder();
    let month = dir.join("statements/2025/03/13.ron");
    let old = std::fs::read_to_string(&month).unwrap();
    let new = old.replacen("notes: \"", "notes: \"New. ", 1);
    // The state a kill leaves just after the journal landed: the new month in
    // its temporary file, the journal naming it.
    std::fs::write(dir.join("statements/2025/03/.13.ron.abc.tmp"), &new).unwrap();
    std::fs::write(
        dir.join(".journal"),
        "stancebook journal 1\nrename\tstatements/2025/03/.13.ron.abc.tmp\tstatements/2025/03/13.ron\nend\n",
    )
    .unwrap();
    let read = store::read(&dir).unwrap().store;
    assert!(read.statements.iter().any(|s| s.notes.starts_with("New. ")), "a reader sees the new state");
    let (_file, parsed) = StoreFile::open(&dir).unwrap();
    assert_eq!(parsed.store, read);
    assert_eq!(std::fs::read_to_string(&month).unwrap(), new, "rolled forward");
    assert!(!dir.join(".journal").exists() && !dir.join("statements/2025/03/.13.ron.abc.tmp").exists());

    // A journal torn while it was written never committed: the old state, temporaries swept.
    std::fs::write(dir.join("statements/2025/03/.13.ron.def.tmp"), &old).unwrap();
    std::fs::write(
        dir.join(".journal"),
        "stancebook journal 1\nrename\tstatements/2025/03/.13.ron.def.tmp\tstat",
    )
    .unwrap();
    drop(_file);
    let (_file, _) = StoreFile::open(&dir).unwrap();
    assert_eq!(std::fs::read_to_string(&month).unwrap(), new);
    assert!(!dir.join(".journal").exists() && !dir.join("statements/2025/03/.13.ron.def.tmp").exists());
}

/// Kills `import` of a store spanning many months into a folder at random
/// instants; after each kill the folder opens as the old store or the new
/// one, never a mix.
#[test]
// The longest test of the file: CI runs the suite twice (the core alone,
// then with the window), and this one runs in the second pass, which is the
// README's `cargo test`; the core's part in it does not change with the window.
#[cfg_attr(not(feature = "gui"), ignore = "run by `cargo test` with the default features")]
fn a_kill_during_a_multi_month_import_leaves_the_old_store_or_the_new_one() {
    let work = tempfile::tempdir().unwrap();
    let home = work.path();
    let src = home.join("base.ron");
    std::fs::write(&src, format::to_text(&varied_store(6_000))).unwrap();
    let pristine = home.join("pristine");
    convert(home, "folder", &src, &pristine);
    // Theirs: the same store with 600 statements edited over 40-odd months, and 200 more.
    let mut theirs = store::read(&pristine).unwrap().store;
    let later = Timestamp::from_millis(1_800_000_000_000).unwrap();
    for s in theirs.statements.iter_mut().step_by(10) {
        s.notes = "revised".into();
        s.updated_at = later;
    }
    let extra = stancebook::synthetic::generate(200, 99);
    for s in extra.statements {
        if theirs.actor(&s.actor).is_some() {
            theirs.insert_statement(s);
        }
    }
    let theirs_path = home.join("theirs.ron");
    std::fs::write(&theirs_path, format::to_text(&theirs)).unwrap();
    let months: std::collections::BTreeSet<String> =
        theirs.statements.iter().step_by(10).map(|s| folder::file_of(s)[..18].to_owned()).collect();
    assert!(months.len() >= 30, "the import touches {} months", months.len());

    let copy = |to: &Path| {
        let _ = std::fs::remove_dir_all(to);
        let _ = std::fs::remove_dir_all(folder::backups_of(to));
        Command::new("cp").args(["-a", pristine.to_str().unwrap(), to.to_str().unwrap()]).status().unwrap();
    };
    let old = format::to_text(&store::read(&pristine).unwrap().store);
    let target = home.join("desk");
    copy(&target);
    let started = std::time::Instant::now();
    let o = stancebook(home, &["--store", target.to_str().unwrap(), "import", theirs_path.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Kills land anywhere in the import's run, and a little after.
    let span = (started.elapsed().as_millis() as u64 * 11 / 10).max(50);
    let new = format::to_text(&store::read(&target).unwrap().store);
    assert_ne!(old, new);

    let mut seed = 0x00c0_ffee_u64;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n.max(1)
    };
    let (mut olds, mut news, mut killed) = (0, 0, 0);
    for round in 0..16 {
        copy(&target);
        let mut child = command(home)
            .args(["--store", target.to_str().unwrap(), "import", theirs_path.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Half the kills anywhere, half near the end, where the save commits.
        let delay = if round % 2 == 0 { next(span) } else { span * 8 / 10 + next(span * 3 / 10) };
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        let (file, parsed) = StoreFile::open(&target)
            .unwrap_or_else(|e| panic!("round {round}: the folder does not open: {e}"));
        let now = format::to_text(&parsed.store);
        drop(file);
        if now == old {
            olds += 1;
        } else if now == new {
            news += 1;
        } else {
            panic!("round {round}: a mix of the old store and the new one");
        }
        let leftovers: Vec<String> =
            files_in(&target).into_keys().filter(|k| k.ends_with(".tmp") || k == ".journal").collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
    assert!(killed > 0, "some imports were killed mid-way");
    eprintln!("kill loop over {span} ms: {killed} killed; {olds} left the old store, {news} the new one");
    assert!(olds > 0 && news > 0, "kills landed both before and after the commit");
}

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

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let o = git(dir, args);
    assert!(o.status.success(), "git {args:?}: {}{}", stdout(&o), stderr(&o));
    stdout(&o)
}

#[test]
fn a_real_git_merge_calls_the_driver_per_day_and_a_commit_is_small() {
    let repo = tempfile::tempdir().unwrap();
    let d = repo.path();
    git_ok(d, &["init", "-q", "-b", "main"]);
    git_ok(d, &["config", "user.name", "Analyst"]);
    git_ok(d, &["config", "user.email", "analyst@example.org"]);
    git_ok(d, &["config", "commit.gpgsign", "false"]);
    let bin = env!("CARGO_BIN_EXE_stancebook");
    git_ok(d, &["config", "merge.stancebook.driver", &format!("'{bin}' merge-driver %O %A %B %P")]);
    std::fs::write(d.join(".gitignore"), "*.lock\n*.backups/\n").unwrap();
    let src = d.join("seed.ron");
    std::fs::write(&src, store::SAMPLE_TEXT).unwrap();
    convert(d, "folder", &src, &d.join("desk"));
    std::fs::remove_file(&src).unwrap();
    git_ok(d, &["add", "."]);
    git_ok(d, &["commit", "-q", "-m", "the desk's store"]);
    let add = |actor: &str, date: &str, quote: &str| {
        let o = stancebook(
            d,
            &[
                "--store",
                "desk",
                "add",
                "--actor",
                actor,
                "--date",
                date,
                "--quote",
                quote,
                "--position",
                "ceasefire=1",
                "--outlet",
                "Reuters",
            ],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        stdout(&o).trim().parse::<StatementId>().unwrap()
    };
    git_ok(d, &["checkout", "-q", "-b", "a"]);
    let a1 = add("london", "2025-03-20", "We will back a truce that holds");
    let a2 = add("london", "2025-11-02", "London stands ready");
    git_ok(d, &["add", "-A"]);
    git_ok(d, &["commit", "-q", "-m", "London"]);
    // A commit of two statements holds two day files of a few kilobytes: nothing else changed.
    let stat = git_ok(d, &["show", "--stat", "--format=", "HEAD"]);
    assert!(
        stat.contains("statements/2025/03/20.ron") && stat.contains("statements/2025/11/02.ron"),
        "{stat}"
    );
    assert!(!stat.contains("stancebook.ron"), "the header did not change: {stat}");
    assert_eq!(stat.lines().filter(|l| l.contains('|')).count(), 2, "{stat}");
    for day in ["desk/statements/2025/03/20.ron", "desk/statements/2025/11/02.ron"] {
        let size: usize = git_ok(d, &["cat-file", "-s", &format!("HEAD:{day}")]).trim().parse().unwrap();
        assert!(size < 4_000, "{day}: {size} bytes");
    }
    git_ok(d, &["checkout", "-q", "main"]);
    git_ok(d, &["checkout", "-q", "-b", "b"]);
    let b1 = add("paris", "2025-03-20", "A spring truce is within reach");
    git_ok(d, &["add", "-A"]);
    git_ok(d, &["commit", "-q", "-m", "Paris"]);
    git_ok(d, &["checkout", "-q", "a"]);
    let o = git(d, &["merge", "--no-edit", "b"]);
    assert!(o.status.success(), "git merge: {}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("statements/2025/03/20.ron: merged by statement id"), "{}", stderr(&o));
    let merged = store::read(&d.join("desk")).unwrap().store;
    for id in [a1, a2, b1] {
        assert!(merged.statement(id).is_some(), "{id} is in the merge");
    }
    assert_eq!(merged.statements.len(), store::sample().statements.len() + 3);
    let o = stancebook(d, &["--store", "desk", "fmt", "--check"]);
    assert_eq!(code(&o), 0, "the merged folder is canonical: {}", stdout(&o));
    assert!(git(d, &["status", "--porcelain"]).stdout.is_empty(), "a clean, committed merge");
}

#[test]
fn the_cache_speeds_an_open_but_is_never_the_source_of_truth() {
    let (_keep, dir) = sample_folder();
    let truth = store::read(&dir).unwrap().store;
    let cache = folder::cache_of(&dir);
    assert!(!cache.exists(), "reading only writes no cache");
    drop(StoreFile::open(&dir).unwrap());
    assert!(cache.is_file(), "a writer's open leaves the cache beside the folder");
    let (_f, warm) = StoreFile::open(&dir).unwrap();
    assert_eq!(warm.store, truth, "a warm open reads the same store");
    drop(_f);
    // A file changed behind the cache's back is read from the file.
    let month = dir.join("statements/2025/03/13.ron");
    let changed = std::fs::read_to_string(&month).unwrap().replacen("notes: \"", "notes: \"Changed. ", 1);
    std::fs::write(&month, &changed).unwrap();
    let (_f, after) = StoreFile::open(&dir).unwrap();
    assert!(after.store.statements.iter().any(|s| s.notes.starts_with("Changed. ")));
    assert_eq!(after.store, store::read(&dir).unwrap().store);
    drop(_f);
    // A damaged cache is ignored (and rewritten).
    for junk in [b"garbage".to_vec(), std::fs::read(&cache).unwrap()[..200].to_vec()] {
        std::fs::write(&cache, junk).unwrap();
        let (_f, again) = StoreFile::open(&dir).unwrap();
        assert_eq!(again.store, store::read(&dir).unwrap().store);
    }
}

#[test]
fn add_reads_and_writes_only_the_header_and_its_day() {
    let (_keep, dir) = sample_folder();
    // A file that does not parse is never read by an `add` to another day.
    let broken = dir.join("statements/2022/09/month.ron");
    std::fs::write(&broken, "(statements: [ this is not RON").unwrap();
    let before = stamps(&dir);
    std::thread::sleep(Duration::from_millis(20));
    let home = dir.parent().unwrap();
    let o = stancebook(
        home,
        &[
            "--store",
            dir.to_str().unwrap(),
            "add",
            "--actor",
            "kyiv",
            "--date",
            "2025-07-02",
            "--quote",
            "A July line",
            "--position",
            "ceasefire=1",
            "--outlet",
            "Reuters",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let id: StatementId = stdout(&o).trim().parse().unwrap();
    let after = stamps(&dir);
    let changed: Vec<&String> = after.keys().filter(|k| before.get(*k) != Some(&after[*k])).collect();
    assert_eq!(changed, ["statements/2025/07/02.ron"], "a new day file, nothing else");
    std::fs::write(&broken, "").unwrap();
    std::fs::remove_file(&broken).unwrap();
    let s = store::read(&dir).unwrap().store;
    assert_eq!(folder::file_of(s.statement(id).unwrap()), "statements/2025/07/02.ron");
}

#[test]
fn nothing_is_exported_into_a_store_folder() {
    let (_keep, dir) = sample_folder();
    let inside = dir.join("statements/2025/brief.ron");
    let o = stancebook(
        dir.parent().unwrap(),
        &["--store", dir.to_str().unwrap(), "export", "--format", "ron", "-o", inside.to_str().unwrap()],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("inside the store folder"), "{}", stderr(&o));
    assert!(!inside.exists());
    assert!(store::read(&dir).is_ok(), "the folder still reads");
}

/// Turns the day files of each month of `dir` into one month file, as the
/// first folder layout wrote them (`statements/2025/03.ron`).
fn to_month_layout(dir: &Path) {
    let truth = store::read(dir).unwrap().store;
    let mut months: BTreeMap<String, Store> = BTreeMap::new();
    for s in &truth.statements {
        let f = folder::file_of(s);
        if f.ends_with("/year.ron") {
            continue;
        }
        months.entry(format!("{}.ron", &f[..18])).or_default().statements.push(s.clone());
    }
    for (file, part) in &months {
        std::fs::remove_dir_all(dir.join(file.trim_end_matches(".ron"))).unwrap();
        std::fs::write(dir.join(file), folder::part_text(folder::Part::Statements, part)).unwrap();
    }
}

#[test]
fn a_folder_of_month_files_opens_and_its_first_save_moves_it_to_day_files() {
    let (_keep, dir) = sample_folder();
    let truth = store::read(&dir).unwrap().store;
    let day_layout = files_in(&dir);
    to_month_layout(&dir);
    assert!(dir.join("statements/2025/03.ron").is_file() && !dir.join("statements/2025/03").exists());
    assert_eq!(store::read(&dir).unwrap().store, truth, "the earlier layout reads the same store");

    // An `add` reads the month file whole (and only that month), and its
    // save moves that month into day files, atomically: nothing is lost.
    let broken = dir.join("statements/2025/08.ron");
    let august = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, "(statements: [ this is not RON").unwrap();
    let o = stancebook(
        dir.parent().unwrap(),
        &[
            "--store",
            dir.to_str().unwrap(),
            "add",
            "--actor",
            "kyiv",
            "--date",
            "2025-03-20",
            "--quote",
            "A March line",
            "--position",
            "ceasefire=1",
            "--outlet",
            "Reuters",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    std::fs::write(&broken, august).unwrap();
    assert!(!dir.join("statements/2025/03.ron").exists(), "March moved into day files");
    assert!(
        dir.join("statements/2025/03/13.ron").is_file() && dir.join("statements/2025/03/20.ron").is_file()
    );
    assert!(dir.join("statements/2025/04.ron").is_file(), "a month the add did not touch stays as it was");
    let id: StatementId = stdout(&o).trim().parse().unwrap();
    let mut after = store::read(&dir).unwrap().store;
    assert!(after.remove_statement(id).is_some());
    assert_eq!(after, truth, "nothing else changed");

    // A whole open and a save move every month; the folder is then as a new one.
    let (mut file, parsed) = StoreFile::open(&dir).unwrap();
    let mut s = parsed.store;
    s.remove_statement(id);
    file.save(&s).unwrap();
    drop(file);
    assert_eq!(files_in(&dir), day_layout, "the same files as a folder written today");
}

#[test]
fn a_day_file_that_is_a_symlink_is_never_replaced() {
    let (keep, dir) = sample_folder();
    let day = dir.join("statements/2025/03/13.ron");
    let elsewhere = keep.path().join("elsewhere.ron");
    std::fs::rename(&day, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &day).unwrap();
    let target_before = std::fs::read(&elsewhere).unwrap();
    let (mut file, parsed) = StoreFile::open(&dir).unwrap();
    let mut s = parsed.store;
    assert_eq!(s, store::read(&dir).unwrap().store, "read through the link");
    let i = s.statements.iter().position(|x| folder::file_of(x) == "statements/2025/03/13.ron").unwrap();
    s.statements[i].notes = "edited".into();
    let e = file.save(&s).unwrap_err();
    assert!(e.to_string().contains("13.ron") && e.to_string().contains("symbolic link"), "{e}");
    assert!(std::fs::symlink_metadata(&day).unwrap().file_type().is_symlink(), "the link stays");
    assert_eq!(std::fs::read(&elsewhere).unwrap(), target_before, "what it points to is untouched");
    // An edit elsewhere saves.
    let mut s = store::read(&dir).unwrap().store;
    let j = s.statements.iter().position(|x| folder::file_of(x) == "statements/2025/08/16.ron").unwrap();
    s.statements[j].notes = "edited in August".into();
    file.save(&s).unwrap();
}

#[test]
fn a_damaged_day_file_is_repaired_from_its_backup_and_kept_aside() {
    let (_keep, dir) = sample_folder();
    let day = "statements/2025/03/13.ron";
    // Two saves that change the day: the backups then hold a good version of it.
    let (mut file, parsed) = StoreFile::open(&dir).unwrap();
    let mut s = parsed.store;
    let i = s.statements.iter().position(|x| folder::file_of(x) == day).unwrap();
    s.statements[i].notes = "first".into();
    file.save(&s).unwrap();
    s.statements[i].notes = "second".into();
    file.save(&s).unwrap();
    drop(file);
    let home = dir.parent().unwrap();
    let o = stancebook(home, &["--store", dir.to_str().unwrap(), "repair"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("nothing to repair"), "{}", stdout(&o));
    // The day's file is damaged.
    std::fs::write(dir.join(day), "(statements: [ garbage").unwrap();
    assert!(StoreFile::open(&dir).is_err());
    let o = stancebook(home, &["--store", dir.to_str().unwrap(), "repair"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("{day}: restored from the backup")), "{}", stdout(&o));
    let repaired = store::read(&dir).unwrap().store;
    assert_eq!(repaired.statements[i].notes, "first", "the version before the last save");
    let kept: Vec<PathBuf> = std::fs::read_dir(home)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("desk.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read_to_string(kept[0].join(day)).unwrap(), "(statements: [ garbage");
    // A damaged file no backup holds: an error naming it, nothing changed.
    let other = "statements/2025/08/16.ron";
    std::fs::write(dir.join(other), "not RON").unwrap();
    let o = stancebook(home, &["--store", dir.to_str().unwrap(), "repair"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains(other) && stderr(&o).contains("no backup"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(dir.join(other)).unwrap(), "not RON");
}
