//! Team sync on git (issue 16), with real repositories in temporary folders:
//! a bare "remote" and several clones, no network. Two analysts sync in
//! turn; both edit one statement; one deletes what the other edits; a push
//! the remote moved under is retried; an unreachable remote, a stale git
//! lock, a remote that is no store, no git at all; and a busy desk of ten
//! clones syncing 200 times.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{code, stderr, stdout};
use stancebook::model::*;
use stancebook::store::{self, StoreFile};
use stancebook::sync::{self, FolderLocal, Git, Keep, Local, Options, Repo, Update};

/// A desk: a temporary root holding the bare remote and each analyst's clone.
struct Desk {
    root: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        let desk = Desk { root: tempfile::tempdir().unwrap() };
        let o = desk.git(desk.root(), &["init", "-q", "--bare", "-b", "main", "remote.git"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        desk
    }

    fn root(&self) -> &Path {
        self.root.path()
    }

    fn remote(&self) -> PathBuf {
        self.root().join("remote.git")
    }

    /// Git with a home of its own (no user's or system's configuration).
    fn git(&self, dir: &Path, args: &[&str]) -> Output {
        Command::new("git")
            .current_dir(dir)
            .env("HOME", self.root())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(args)
            .output()
            .unwrap()
    }

    /// The library's git for `dir`, with the same isolation.
    fn lib_git(&self, dir: &Path) -> Git {
        Git::new(dir)
            .with_env("HOME", &self.root().display().to_string())
            .with_env("GIT_CONFIG_NOSYSTEM", "1")
    }

    /// The real binary, in `dir`, isolated the same way.
    fn cli(&self, dir: &Path, args: &[&str]) -> Output {
        self.cli_env(dir, args, &[])
    }

    fn cli_env(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = common::command(self.root());
        c.current_dir(dir).env("HOME", self.root()).env("GIT_CONFIG_NOSYSTEM", "1").args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    /// Anna shares the sample (as a folder) to the remote; her store folder.
    fn share_sample(&self, who: &str) -> PathBuf {
        let file = self.root().join("sample.ron");
        std::fs::write(&file, store::SAMPLE_TEXT).unwrap();
        let dir = self.root().join(who.to_lowercase()).join("desk");
        std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
        let o = self.cli(self.root(), &["convert", "--to", "folder", "sample.ron", dir.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let remote = self.remote();
        let o = self.cli(
            self.root(),
            &["--store", dir.to_str().unwrap(), "share", "--remote", remote.to_str().unwrap(), "--by", who],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(stdout(&o).contains("shared at"), "{}", stdout(&o));
        dir
    }

    /// A colleague clones the shared store; their store folder.
    fn clone(&self, who: &str) -> PathBuf {
        let dir = self.root().join(who.to_lowercase()).join("desk");
        std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
        let o = self.cli(self.root(), &["clone", self.remote().to_str().unwrap(), dir.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(stdout(&o).trim(), dir.display().to_string());
        dir
    }

    fn sync(&self, dir: &Path, who: &str) -> Output {
        self.cli(self.root(), &["--store", dir.to_str().unwrap(), "sync", "--by", who])
    }

    fn sync_json(&self, dir: &Path, who: &str, extra: &[&str]) -> (i32, serde_json::Value) {
        let mut args = vec!["--store", dir.to_str().unwrap(), "sync", "--json", "--by", who];
        args.extend(extra);
        let o = self.cli(self.root(), &args);
        let v: serde_json::Value =
            serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
        (code(&o), v)
    }

    fn add(&self, dir: &Path, actor: &str, date: &str, quote: &str) -> StatementId {
        let o = self.cli(
            self.root(),
            &[
                "--store",
                dir.to_str().unwrap(),
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
        stdout(&o).trim().parse().unwrap()
    }
}

/// Opens the store for a sync. Another test's git, forked at the instant
/// this process held the store's lock, may hold a copy of it for a moment:
/// the open is tried again for up to two seconds.
fn open_local(dir: &Path) -> FolderLocal {
    for _ in 0..200 {
        match FolderLocal::open(dir) {
            Ok(l) => return l,
            Err(store::StoreError::Locked { .. }) => std::thread::sleep(std::time::Duration::from_millis(10)),
            Err(e) => panic!("{e}"),
        }
    }
    panic!("{} stays locked", dir.display())
}

/// [`StoreFile::open`], tried again as [`open_local`] is.
fn open_store(dir: &Path) -> (StoreFile, store::Parsed) {
    for _ in 0..200 {
        match StoreFile::open(dir) {
            Ok(l) => return l,
            Err(store::StoreError::Locked { .. }) => std::thread::sleep(std::time::Duration::from_millis(10)),
            Err(e) => panic!("{e}"),
        }
    }
    panic!("{} stays locked", dir.display())
}

fn read(dir: &Path) -> Store {
    store::read(dir).unwrap().store
}

/// Edits statement `id` of the store folder `dir` with `change`, stamped at `at`.
fn edit(dir: &Path, id: StatementId, at: Timestamp, change: impl FnOnce(&mut Statement)) {
    let (mut file, parsed) = open_store(dir);
    let mut s = parsed.store;
    let i = s.statement_index(id).unwrap();
    change(&mut s.statements[i]);
    s.statements[i].updated_at = at;
    file.save(&s).unwrap();
}

fn ts(millis: i64) -> Timestamp {
    Timestamp::from_millis(millis).unwrap()
}

#[test]
fn two_analysts_add_and_sync_in_turn_and_both_end_with_both() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    let ben = desk.clone("Ben");
    assert_eq!(read(&ben), read(&anna), "the clone holds the shared store");

    // A file of Anna's own in the folder is not the store's: never committed.
    std::fs::write(anna.join("my notes.txt"), "call Ben about Kursk").unwrap();
    std::fs::write(anna.join("statements/2025/.DS_Store"), "finder").unwrap();
    std::fs::write(anna.join("statements/2025/03/13.ron.orig"), "a merge tool's leftover").unwrap();
    let a = desk.add(&anna, "london", "2025-03-20", "We will back a truce that holds");
    let b = desk.add(&ben, "paris", "2025-11-02", "A spring truce is within reach");
    let before_sync = Repo::open_with(desk.lib_git(&ben)).unwrap().status();
    assert!(before_sync.local_changes && before_sync.to_send == 0, "one day file changed: {before_sync:?}");
    let o = desk.sync(&anna, "Anna <anna@desk.org>");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("sent 1 change"), "{}", stdout(&o));
    let o = desk.sync(&ben, "Ben");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("received 1 change") && stdout(&o).contains("1 added"), "{}", stdout(&o));
    let o = desk.sync(&anna, "Anna <anna@desk.org>");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let (sa, sb) = (read(&anna), read(&ben));
    assert_eq!(sa, sb, "both stores are the same");
    assert!(sa.statement(a).is_some() && sa.statement(b).is_some());
    assert_eq!(sa.statements.len(), store::sample().statements.len() + 2);

    // One commit per sync, saying what changed and who.
    let log = String::from_utf8_lossy(&desk.git(&anna, &["log", "--format=%an|%s"]).stdout).into_owned();
    assert!(log.contains("Anna|1 statement added — Anna"), "{log}");
    assert!(log.contains("Ben|1 statement added — Ben"), "{log}");
    assert!(log.contains("Shared the store: 66 statements — Anna"), "{log}");
    // A third sync with nothing new says so, and commits nothing.
    let before = desk.git(&anna, &["rev-parse", "HEAD"]).stdout;
    let o = desk.sync(&anna, "Anna");
    assert!(stdout(&o).contains("already in sync"), "{}", stdout(&o));
    assert_eq!(desk.git(&anna, &["rev-parse", "HEAD"]).stdout, before);

    // The repository holds the store only: no lock, cache, backups or app state.
    let files =
        String::from_utf8_lossy(&desk.git(&desk.remote(), &["ls-tree", "-r", "--name-only", "main"]).stdout)
            .into_owned();
    for f in files.lines() {
        assert!(
            sync::is_store_path(f) || f == ".gitignore" || f == ".gitattributes",
            "{f} should not be in the shared repository"
        );
    }
    // Status: in sync, nothing to send or receive.
    let status = Repo::open_with(desk.lib_git(&anna)).unwrap().status();
    assert_eq!((status.to_send, status.to_receive, status.local_changes), (0, 0, false), "{status:?}");
    assert!(status.last_synced.is_some() && status.last_error.is_none());
}

#[test]
fn both_edit_one_statement_and_the_conflict_is_listed_with_both_versions_until_decided() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    let ben = desk.clone("Ben");
    let id = read(&anna).statements[10].id;
    let t0 = read(&anna).statement(id).unwrap().updated_at.millis().max(1_800_000_000_000);
    // Two minutes apart: closer than laptops' clocks can be trusted.
    edit(&anna, id, ts(t0), |s| s.notes = "Anna: checked against the transcript".into());
    edit(&ben, id, ts(t0 + 120_000), |s| s.notes = "Ben: the quote is second-hand".into());
    let (c, _) = desk.sync_json(&anna, "Anna", &[]);
    assert_eq!(c, 0);
    let (c, v) = desk.sync_json(&ben, "Ben", &[]);
    assert_eq!(c, 1, "conflicts left to resolve: {v}");
    assert_eq!(v["result"], "conflicts");
    assert_eq!(v["report"]["open_conflicts"], 1);

    let s = read(&ben);
    assert_eq!(
        s.statement(id).unwrap().notes,
        "Ben: the quote is second-hand",
        "the later edit is kept for now"
    );
    assert_eq!(s.conflicts.len(), 1);
    let c = &s.conflicts[0];
    assert_eq!((c.id, c.settled), (id, Settled::Open));
    assert_eq!(
        c.version.as_ref().unwrap().notes,
        "Anna: checked against the transcript",
        "Anna's version is kept whole"
    );
    assert!(c.fields.contains(&"notes".to_owned()), "{:?}", c.fields);
    assert_eq!(c.found_by.as_ref().unwrap().name, "Ben");

    // The list is synced: Anna sees the same conflict.
    let (c2, _) = desk.sync_json(&anna, "Anna", &[]);
    assert_eq!(c2, 1);
    assert_eq!(read(&anna), read(&ben));

    // The list on the command line: both versions of what differs.
    let o = desk.cli(desk.root(), &["--store", anna.to_str().unwrap(), "conflicts"]);
    assert_eq!(code(&o), 1, "one needs a decision");
    let out = stdout(&o);
    assert!(out.contains("to decide: edited on both sides"), "{out}");
    assert!(
        out.contains(
            "notes: stored Ben: the quote is second-hand | set aside Anna: checked against the transcript"
        ),
        "{out}"
    );
    // Anna decides for her version; after the syncs it stands everywhere, the list empty.
    let o = desk.cli(
        desk.root(),
        &[
            "--store",
            anna.to_str().unwrap(),
            "conflicts",
            "resolve",
            "1",
            "--keep",
            "set-aside",
            "--by",
            "Anna",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(read(&anna).statement(id).unwrap().changed_by.as_ref().unwrap().name, "Anna");
    assert_eq!(desk.sync_json(&anna, "Anna", &[]).0, 0);
    assert_eq!(desk.sync_json(&ben, "Ben", &[]).0, 0);
    for dir in [&anna, &ben] {
        let s = read(dir);
        assert_eq!(s.statement(id).unwrap().notes, "Anna: checked against the transcript");
        assert!(s.conflicts.is_empty());
    }
    assert_eq!(read(&anna), read(&ben));
}

#[test]
fn a_conflict_time_settles_is_listed_only_for_an_analyst_who_reviews_every_one() {
    for review in [false, true] {
        let desk = Desk::new();
        let anna = desk.share_sample("Anna");
        let ben = desk.clone("Ben");
        let id = read(&anna).statements[3].id;
        let t0 = 1_800_000_000_000;
        edit(&anna, id, ts(t0 + 3_600_000), |s| s.notes = "Anna, an hour later".into());
        edit(&ben, id, ts(t0), |s| s.notes = "Ben, first".into());
        assert_eq!(desk.sync_json(&anna, "Anna", &[]).0, 0);
        let extra: &[&str] = if review { &["--review-all"] } else { &[] };
        let (c, v) = desk.sync_json(&ben, "Ben", extra);
        assert_eq!(c, 0, "time settled it: nothing to resolve ({v})");
        let s = read(&ben);
        assert_eq!(s.statement(id).unwrap().notes, "Anna, an hour later", "the later edit wins");
        if review {
            assert_eq!(s.conflicts.len(), 1);
            assert_eq!(s.conflicts[0].settled, Settled::ByTime);
            assert_eq!(s.conflicts[0].version.as_ref().unwrap().notes, "Ben, first");
        } else {
            assert!(s.conflicts.is_empty());
        }
    }
}

#[test]
fn one_deletes_what_the_other_edits_and_the_edit_is_kept_and_listed() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    let ben = desk.clone("Ben");
    let id = read(&anna).statements[5].id;
    {
        let (mut file, parsed) = open_store(&anna);
        let mut s = parsed.store;
        s.remove_statement(id).unwrap();
        file.save(&s).unwrap();
    }
    edit(&ben, id, Timestamp::now(), |s| s.notes = "Ben: still relevant".into());
    assert_eq!(desk.sync_json(&anna, "Anna", &[]).0, 0);
    let (c, v) = desk.sync_json(&ben, "Ben", &[]);
    assert_eq!(c, 1, "{v}");
    let s = read(&ben);
    assert_eq!(s.statement(id).unwrap().notes, "Ben: still relevant", "the edit outlives the deletion");
    assert_eq!(s.conflicts.len(), 1);
    assert_eq!((s.conflicts[0].settled, s.conflicts[0].version.is_none()), (Settled::EditOverDeletion, true));
    // Anna sees it, and confirms the deletion.
    assert_eq!(desk.sync_json(&anna, "Anna", &[]).0, 1);
    let key = read(&anna).conflicts[0].key();
    {
        let (mut file, parsed) = open_store(&anna);
        let mut st = parsed.store;
        sync::resolve(&mut st, key, Keep::SetAside, None).unwrap();
        file.save(&st).unwrap();
    }
    assert_eq!(desk.sync_json(&anna, "Anna", &[]).0, 0);
    assert_eq!(desk.sync_json(&ben, "Ben", &[]).0, 0);
    assert!(read(&ben).statement(id).is_none() && read(&ben).conflicts.is_empty());
}

/// A [`Local`] that, while the sync merges, lets a colleague push first.
struct Racing<'a> {
    inner: FolderLocal,
    meanwhile: Option<Box<dyn FnOnce() + 'a>>,
}

impl Local for Racing<'_> {
    fn save(&mut self) -> Result<u64, store::StoreError> {
        self.inner.save()
    }
    fn apply(&mut self, token: u64, update: &Update) -> Result<Option<u64>, store::StoreError> {
        if let Some(f) = self.meanwhile.take() {
            f();
        }
        self.inner.apply(token, update)
    }
}

#[test]
fn a_push_rejected_because_the_remote_moved_meanwhile_is_retried() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    let ben = desk.clone("Ben");
    let cleo = desk.clone("Cleo");
    let a = desk.add(&anna, "london", "2025-03-20", "Anna's line");
    let b = desk.add(&ben, "paris", "2025-03-21", "Ben's line");
    let c = desk.add(&cleo, "kyiv", "2025-03-22", "Cleo's line");
    assert_eq!(code(&desk.sync(&anna, "Anna")), 0);
    // Ben merges Anna's change; meanwhile Cleo pushes hers.
    let repo = Repo::open_with(desk.lib_git(&ben)).unwrap();
    let mut local = Racing {
        inner: open_local(&ben),
        meanwhile: Some(Box::new(|| assert_eq!(code(&desk.sync(&cleo, "Cleo")), 0))),
    };
    let report = repo.sync(&mut local, &Options::default()).unwrap();
    assert!(report.retried, "{report:?}");
    drop(local);
    assert_eq!(code(&desk.sync(&anna, "Anna")), 0);
    assert_eq!(code(&desk.sync(&cleo, "Cleo")), 0);
    for dir in [&anna, &ben, &cleo] {
        let s = read(dir);
        assert!(s.statement(a).is_some() && s.statement(b).is_some() && s.statement(c).is_some());
    }
    assert_eq!(read(&anna), read(&ben));
    assert_eq!(read(&ben), read(&cleo));
}

#[test]
fn an_unreachable_remote_leaves_the_store_intact_and_says_offline() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    let a = desk.add(&anna, "london", "2025-03-20", "Written on the train");
    let before = read(&anna);
    // A port nothing listens on, on this machine: connection refused.
    let o = desk.git(&anna, &["remote", "set-url", "origin", "http://127.0.0.1:9/desk.git"]);
    assert!(o.status.success());
    let (c, v) = desk.sync_json(&anna, "Anna", &[]);
    assert_eq!(c, 2, "{v}");
    assert_eq!(v["error"]["kind"], "offline", "{v}");
    assert!(v["error"]["message"].as_str().unwrap().starts_with("offline"), "{v}");
    assert_eq!(read(&anna), before, "the store is as it was");
    assert!(read(&anna).statement(a).is_some());
    let status = Repo::open_with(desk.lib_git(&anna)).unwrap().status();
    assert_eq!(status.to_send, 1, "the change waits, committed locally: {status:?}");
    assert_eq!(status.last_error.as_ref().unwrap().0, "offline");
    // A remote that never answers (an ssh that hangs) is stopped, not waited on.
    let o = desk.git(&anna, &["remote", "set-url", "origin", "ssh://desk.example/desk.git"]);
    assert!(o.status.success());
    let started = std::time::Instant::now();
    let o = desk.cli_env(
        desk.root(),
        &["--store", anna.to_str().unwrap(), "sync"],
        &[("GIT_SSH_COMMAND", "sleep 30 #"), ("STANCEBOOK_GIT_TIMEOUT", "2")],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("gave no answer in 2 s"), "{}", stderr(&o));
    assert!(started.elapsed().as_secs() < 20);
    // Back online, the change goes out.
    let remote = desk.remote();
    desk.git(&anna, &["remote", "set-url", "origin", remote.to_str().unwrap()]);
    let o = desk.sync(&anna, "Anna");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("sent 1 change"), "{}", stdout(&o));
}

#[test]
fn a_stale_git_lock_is_removed_and_a_fresh_one_waits() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    desk.add(&anna, "london", "2025-03-20", "After a crash");
    let lock = anna.join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    let o = desk.sync(&anna, "Anna");
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("git is busy"), "{}", stderr(&o));
    // Left by a git killed ten minutes ago.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    std::fs::File::options().write(true).open(&lock).unwrap().set_modified(old).unwrap();
    let o = desk.sync(&anna, "Anna");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("removed a stale git lock"), "{}", stdout(&o));
    assert!(!lock.exists());
}

#[test]
fn clone_refuses_what_is_not_a_store_and_leaves_nothing() {
    let desk = Desk::new();
    // An empty remote.
    let dest = desk.root().join("x");
    let o = desk.cli(desk.root(), &["clone", desk.remote().to_str().unwrap(), dest.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("the remote is empty"), "{}", stderr(&o));
    assert!(!dest.exists());
    // A repository of something else.
    let other = desk.root().join("other");
    std::fs::create_dir(&other).unwrap();
    desk.git(&other, &["init", "-q", "-b", "main"]);
    std::fs::write(other.join("README.md"), "notes").unwrap();
    desk.git(&other, &["add", "."]);
    desk.git(&other, &["-c", "user.name=x", "-c", "user.email=x@y", "commit", "-q", "-m", "x"]);
    let o = desk.cli(desk.root(), &["clone", other.to_str().unwrap(), dest.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not a Stancebook store"), "{}", stderr(&o));
    assert!(!dest.exists());
    // A path that is nothing.
    let o = desk.cli(desk.root(), &["clone", "/nonexistent/desk.git", dest.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no shared store there"), "{}", stderr(&o));
    // Sharing into a remote that holds a store already is refused.
    let anna = desk.share_sample("Anna");
    let file = desk.root().join("sample.ron");
    let second = desk.root().join("second");
    desk.cli(desk.root(), &["convert", "--to", "folder", file.to_str().unwrap(), second.to_str().unwrap()]);
    let o = desk.cli(
        desk.root(),
        &["--store", second.to_str().unwrap(), "share", "--remote", desk.remote().to_str().unwrap()],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("clone it instead"), "{}", stderr(&o));
    let remotes = desk.git(&second, &["remote"]);
    assert!(remotes.stdout.is_empty(), "no remote is left that holds another history");
    assert!(anna.is_dir());
    // A single-file store is told to become a folder first.
    let o = desk.cli(desk.root(), &["--store", file.to_str().unwrap(), "share"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("convert --to folder"), "{}", stderr(&o));
}

#[test]
fn without_git_every_command_says_so() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    let o = desk.cli_env(desk.root(), &["--store", anna.to_str().unwrap(), "sync"], &[("PATH", "")]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("git is needed"), "{}", stderr(&o));
    assert!(read(&anna).statements.len() == store::sample().statements.len());
}

/// A small deterministic random source.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Ten clones add and edit statements in random order and sync at random
/// moments, 200 syncs in all; then each syncs until quiet. Every clone ends
/// with the same store, every statement ever added is there, and every
/// version an analyst wrote is the one kept, one a later edit built on, or
/// one on the conflict list.
#[test]
// The longest test of the file: CI runs the suite twice (the core alone,
// then with the window), and this one runs in the second pass, which is the
// README's `cargo test`; the core's part in it does not change with the window.
#[cfg_attr(not(feature = "gui"), ignore = "run by `cargo test` with the default features")]
fn a_busy_desk_of_ten_clones_ends_the_same_and_loses_nothing() {
    let desk = Desk::new();
    let first = desk.share_sample("A0");
    let mut clones = vec![first];
    for i in 1..10 {
        clones.push(desk.clone(&format!("A{i}")));
    }
    let repos: Vec<Repo> = clones.iter().map(|d| Repo::open_with(desk.lib_git(d)).unwrap()).collect();
    let mut rng = Rng(0x5eed);
    let mut added: Vec<StatementId> = Vec::new();
    // Every version written: (id, its updated_at, the updated_at it was edited from).
    let mut versions: Vec<(StatementId, i64, i64)> = Vec::new();
    let base = read(&clones[0]);
    let (actors, topics): (Vec<ActorId>, Vec<TopicId>) = (
        base.actors.iter().map(|a| a.id.clone()).collect(),
        base.topics.iter().map(|t| t.id.clone()).collect(),
    );
    let mut clock = 1_800_000_000_000_i64;
    let started = std::time::Instant::now();
    let (mut syncs, mut conflicts_seen) = (0, 0);
    while syncs < 200 {
        let who = rng.next(10) as usize;
        let dir = &clones[who];
        let analyst = Analyst { name: format!("A{who}"), email: None };
        match rng.next(3) {
            0 | 1 => {
                // Work: one to three adds or edits, saved.
                let (mut file, parsed) = open_store(dir);
                let mut s = parsed.store;
                for _ in 0..=rng.next(3) {
                    clock += 1 + rng.next(5_000) as i64;
                    if s.statements.is_empty() || rng.next(2) == 0 {
                        let day = 1 + rng.next(28);
                        let mut st = s.statements[rng.next(s.statements.len() as u64) as usize].clone();
                        st.id = StatementId::new();
                        st.actor = actors[rng.next(actors.len() as u64) as usize].clone();
                        let date = chrono::NaiveDate::from_ymd_opt(2025, 1 + rng.next(12) as u32, day as u32);
                        st.date = PartialDate::day(date.unwrap());
                        st.quote = format!("line {} by A{who}", added.len());
                        st.positions = vec![Position::new(
                            topics[rng.next(topics.len() as u64) as usize].clone(),
                            Stance::new(rng.next(5) as i64 - 2).unwrap(),
                        )];
                        st.recorded_at = ts(clock);
                        st.updated_at = ts(clock);
                        st.entered_by = Some(analyst.clone());
                        added.push(st.id);
                        versions.push((st.id, clock, i64::MIN));
                        s.insert_statement(st);
                    } else {
                        let i = rng.next(s.statements.len() as u64) as usize;
                        let prev = s.statements[i].updated_at.millis();
                        let st = &mut s.statements[i];
                        st.notes = format!("edit at {clock} by A{who}");
                        st.updated_at = ts(clock);
                        st.changed_by = Some(analyst.clone());
                        versions.push((st.id, clock, prev));
                    }
                }
                file.save(&s).unwrap();
            }
            _ => {
                let mut local = open_local(dir);
                let opts = Options { review_all: true, analyst: Some(analyst) };
                let report = repos[who].sync(&mut local, &opts).unwrap();
                conflicts_seen += report.new_conflicts;
                syncs += 1;
            }
        }
    }
    // Everyone syncs until nothing moves: two rounds suffice.
    for _ in 0..2 {
        for (i, repo) in repos.iter().enumerate() {
            let mut local = open_local(&clones[i]);
            repo.sync(&mut local, &Options { review_all: true, analyst: None }).unwrap();
        }
    }
    let elapsed = started.elapsed();
    let last = read(&clones[9]);
    for d in &clones {
        assert_eq!(read(d), last, "{} differs", d.display());
    }
    for id in &added {
        assert!(last.statement(*id).is_some(), "statement {id} was lost");
    }
    let listed: std::collections::HashSet<(StatementId, i64)> = last
        .conflicts
        .iter()
        .filter_map(|c| c.version.as_ref().map(|v| (c.id, v.updated_at.millis())))
        .collect();
    let built_on: std::collections::HashSet<(StatementId, i64)> =
        versions.iter().map(|(id, _, prev)| (*id, *prev)).collect();
    for (id, at, _) in &versions {
        let kept = last.statement(*id).unwrap().updated_at.millis() == *at;
        assert!(
            kept || built_on.contains(&(*id, *at)) || listed.contains(&(*id, *at)),
            "the version of {id} written at {at} was lost"
        );
    }
    eprintln!(
        "busy desk: 10 clones, {syncs} syncs (+20 to settle) in {:.1} s; {} statements added, {} versions written, \
         {conflicts_seen} conflicts recorded, {} on the list at the end",
        elapsed.as_secs_f64(),
        added.len(),
        versions.len(),
        last.conflicts.len()
    );
}

/// The first folder layout kept a month in one file. A store shared in it,
/// and a colleague who edits such a file in place (an older Stancebook, or by
/// hand): the sync replaces the month's statements by id, and never doubles them.
#[test]
fn a_month_file_edited_in_place_syncs_without_doubling_its_statements() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    // Anna's store in the month layout, committed and pushed by hand.
    let truth = read(&anna);
    let march = Store {
        statements: truth
            .statements
            .iter()
            .filter(|s| stancebook::store::folder::file_of(s).starts_with("statements/2025/03/"))
            .cloned()
            .collect(),
        ..Store::default()
    };
    assert!(march.statements.len() > 10);
    std::fs::remove_dir_all(anna.join("statements/2025/03")).unwrap();
    std::fs::write(
        anna.join("statements/2025/03.ron"),
        stancebook::store::folder::part_text(stancebook::store::folder::Part::Statements, &march),
    )
    .unwrap();
    assert_eq!(read(&anna), truth);
    for args in [
        &["add", "-A"][..],
        &["-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-m", "month layout"],
        &["push", "-q", "origin", "main"],
    ] {
        let o = desk.git(&anna, args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let ben = desk.clone("Ben");
    assert!(ben.join("statements/2025/03.ron").is_file());
    // Anna edits the month file in place: one statement's notes.
    let month = anna.join("statements/2025/03.ron");
    let text = std::fs::read_to_string(&month).unwrap();
    std::fs::write(&month, text.replacen("notes: \"", "notes: \"Edited in place. ", 1)).unwrap();
    for args in [
        &["add", "-A"][..],
        &["-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-m", "edit"],
        &["push", "-q", "origin", "main"],
    ] {
        let o = desk.git(&anna, args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let o = desk.sync(&ben, "Ben");
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let s = read(&ben);
    assert_eq!(s.statements.len(), truth.statements.len(), "no statement doubled");
    assert_eq!(s.statements.iter().filter(|x| x.notes.starts_with("Edited in place. ")).count(), 1);
    assert_eq!(read(&anna), s);
}

#[test]
fn a_damaged_file_of_a_shared_store_is_repaired_from_what_was_last_synced() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    let truth = read(&anna);
    let day = "statements/2025/03/13.ron";
    std::fs::write(anna.join(day), "(statements: [ damaged").unwrap();
    let o = desk.cli(desk.root(), &["--store", anna.to_str().unwrap(), "repair"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("{day}: restored from the version last synced")), "{}", stdout(&o));
    assert_eq!(read(&anna), truth);
}

/// Teaches the store folder `dir` a lexicon entry, as the app does.
fn teach(dir: &Path, lesson: Learned) {
    let (mut file, parsed) = open_store(dir);
    let mut s = parsed.store;
    stancebook::edit::apply(&mut s, stancebook::edit::Edit::Learn(lesson)).unwrap();
    file.save(&s).unwrap();
}

/// What one analyst teaches ingest reaches the other with a sync; two
/// lessons on one phrase and topic settle as the later one; one forgotten
/// on one side is forgotten on both.
#[test]
fn lessons_taught_on_two_desks_travel_with_the_sync() {
    let desk = Desk::new();
    let anna = desk.share_sample("Anna");
    let ben = desk.clone("Ben");
    let troops = Meaning::Topic(TopicId::from("troops"));
    let stance = |v| Meaning::Stance { topic: TopicId::from("troops"), stance: Stance::new(v).unwrap() };
    let mut first = Learned::new("hostile act", stance(-1), None, None);
    first.learned_at = ts(1_765_000_000_000);
    teach(&anna, Learned::new("tripwire mission", troops.clone(), None, None));
    teach(&anna, first);
    teach(&ben, Learned::new("financial chokehold", Meaning::Topic(TopicId::from("sanctions")), None, None));
    teach(&ben, Learned::new("Hostile act", stance(-2), None, None));
    for (dir, who) in [(&anna, "Anna"), (&ben, "Ben"), (&anna, "Anna")] {
        let o = desk.sync(dir, who);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let (sa, sb) = (read(&anna), read(&ben));
    assert_eq!(sa.lexicon, sb.lexicon, "both desks hold the same lexicon");
    let got: Vec<String> =
        sa.lexicon.iter().map(|l| format!("{} → {}", l.phrase, l.meaning_text())).collect();
    assert_eq!(
        got,
        [
            "financial chokehold → topic sanctions",
            "Hostile act → −2 on troops",
            "tripwire mission → topic troops"
        ],
        "the later lesson on “hostile act” wins"
    );
    let log =
        String::from_utf8_lossy(&desk.git(&ben, &["log", "-1", "--format=%s", "HEAD~1"]).stdout).into_owned();
    assert!(log.to_lowercase().contains("lexicon changed"), "the commit says the lexicon changed: {log}");

    // Anna forgets one; after both sync, it is gone on Ben's desk too.
    let (mut file, parsed) = open_store(&anna);
    let mut s = parsed.store;
    let key = s.lexicon.iter().find(|l| l.phrase == "tripwire mission").unwrap().key();
    stancebook::edit::apply(&mut s, stancebook::edit::Edit::Unlearn(key)).unwrap();
    file.save(&s).unwrap();
    drop(file);
    for (dir, who) in [(&anna, "Anna"), (&ben, "Ben")] {
        let o = desk.sync(dir, who);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    assert_eq!(read(&ben).lexicon.len(), 2);
    assert_eq!(read(&ben).lexicon, read(&anna).lexicon);
}
