//! Team sync in the app (issue 16), under egui_kittest, with real git
//! repositories in temporary folders (a bare "remote" and clones; no
//! network, and git given a home of its own): sync from the top bar and
//! see the colleague get it; a conflict decided side by side and undone;
//! an unreachable remote said once; sharing a single-file store (converted
//! to a folder) and opening a shared store; a remote that already holds a
//! repository refused; closing the window synced first.

#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancebook::app::{Prefs, Setup, StancebookApp, Startup, SyncStanding};
use stancebook::model::{Analyst, Statement, StatementId, Store, Timestamp};
use stancebook::store::{self, StoreFile};
use stancebook::sync::{FolderLocal, Git, Options, Repo};

type App = Harness<'static, StancebookApp>;

/// A desk: a temporary root holding the bare remote, each analyst's clone,
/// and git's home (no user's or system's configuration is read).
struct Desk {
    root: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        let desk = Desk { root: tempfile::tempdir().unwrap() };
        let o = std::process::Command::new("git")
            .current_dir(desk.root())
            .env("HOME", desk.root())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(["init", "-q", "--bare", "-b", "main", "remote.git"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        desk
    }

    fn root(&self) -> &Path {
        self.root.path()
    }

    fn remote(&self) -> PathBuf {
        self.root().join("remote.git")
    }

    fn env(&self) -> Vec<(String, String)> {
        vec![("HOME".into(), self.root().display().to_string()), ("GIT_CONFIG_NOSYSTEM".into(), "1".into())]
    }

    fn git(&self, dir: &Path) -> Git {
        self.env().iter().fold(Git::new(dir), |g, (k, v)| g.with_env(k, v))
    }

    /// Anna shares the sample, as a folder, to the remote; her folder.
    fn share_sample(&self) -> PathBuf {
        let dir = self.root().join("anna").join("desk");
        store::create_folder(&dir, &store::sample()).unwrap();
        let anna = Analyst::new("Anna", None);
        Repo::share(self.git(&dir), Some(self.remote().to_str().unwrap()), Some(&anna)).unwrap();
        dir
    }

    /// A colleague clones it; their folder.
    fn clone(&self, who: &str) -> PathBuf {
        let dir = self.root().join(who).join("desk");
        std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
        Repo::clone_from(&self.git(self.root()), self.remote().to_str().unwrap(), &dir).unwrap();
        dir
    }

    /// Syncs `dir` through the library, as the command line does.
    fn sync(&self, dir: &Path, who: &str) -> stancebook::sync::Report {
        let mut local = FolderLocal::open(dir).unwrap();
        let opts = Options { review_all: false, analyst: Some(Analyst::new(who, None)) };
        Repo::open_with(self.git(dir)).unwrap().sync(&mut local, &opts).unwrap()
    }

    /// The app on `store`, editing as Anna, syncing only when asked.
    fn open_app(&self, store: &Path) -> App {
        let prefs = Prefs {
            analyst_name: Some("Anna".into()),
            sync_on_open: false,
            sync_every_minutes: 0,
            sync_on_exit: false,
            ..Prefs::default()
        };
        let setup = Setup { prefs: Some(prefs), git_env: self.env() };
        let path = store.to_owned();
        let mut h =
            Harness::builder().with_size([1280.0, 800.0]).with_max_steps(40).build_eframe(move |cc| {
                StancebookApp::with_setup(cc, Startup { store: Some(path), use_storage: false }, setup)
            });
        wait_until(&mut h, "the store opens and its sync status is read", |h| {
            !h.state().is_busy()
                && !h.state().is_opening()
                && *h.state().sync_standing() != SyncStanding::Unknown
        });
        h
    }
}

/// Steps the app until `done`, for 30 s at most.
#[track_caller]
fn wait_until(h: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h) {
        assert!(start.elapsed() < Duration::from_secs(30), "{what}");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run();
}

/// Steps the app until no sync, share or other background work runs.
#[track_caller]
fn wait_synced(h: &mut App) {
    wait_until(h, "the sync finishes", |h| !h.state().is_syncing() && !h.state().is_busy());
}

fn app_store(h: &App) -> Store {
    h.state().doc.as_ref().unwrap().store().clone()
}

fn read(dir: &Path) -> Store {
    store::read(dir).unwrap().store
}

/// Edits statement `id` of the store folder `dir`, stamped at `at`.
fn edit(dir: &Path, id: StatementId, at: Timestamp, change: impl FnOnce(&mut Statement)) {
    let (mut file, parsed) = StoreFile::open(dir).unwrap();
    let mut s = parsed.store;
    let i = s.statement_index(id).unwrap();
    change(&mut s.statements[i]);
    s.statements[i].updated_at = at;
    file.save(&s).unwrap();
}

#[test]
fn an_edit_synced_from_the_top_bar_reaches_the_colleague() {
    let desk = Desk::new();
    let anna = desk.share_sample();
    let ben = desk.clone("ben");
    let mut h = desk.open_app(&anna);
    h.get_by_label_contains("In sync");

    // Anna adds a note to a statement in the editor.
    let victim = store::sample().statements.into_iter().find(|s| s.quote == "red lines").unwrap();
    h.get_by_label("Statements").click();
    h.run();
    common::app::type_into(&mut h, "Search", "red lines");
    h.get_by_label_contains("red lines").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h.get_by_label("Original, tags and notes").scroll_to_me();
    h.run();
    h.get_by_label("Original, tags and notes").click();
    h.run();
    common::app::type_into(&mut h, "Notes", "Checked against the Kremlin readout");
    h.get_by_label("Save statement").click();
    h.run();
    common::app::wait_saved(&mut h);
    // Saved, not sent yet: the status says so once it is read again.
    wait_until(&mut h, "the status counts the change", |h| h.query_by_label_contains("1 to send").is_some());

    h.get_by_label("Sync").click();
    h.step();
    wait_synced(&mut h);
    h.get_by_label_contains("In sync");
    assert!(h.query_by_label_contains("Synced: sent 1 change").is_some(), "the status bar says what it did");

    // Ben receives it.
    let report = desk.sync(&ben, "Ben");
    assert_eq!(report.received, 1, "{report:?}");
    let s = read(&ben);
    let got = s.statement(victim.id).unwrap();
    assert_eq!(got.notes, "Checked against the Kremlin readout");
    assert_eq!(got.changed_by.as_ref().unwrap().name, "Anna", "Anna's name came with it");
    assert_eq!(read(&anna), read(&ben));
}

#[test]
fn a_conflict_is_shown_side_by_side_decided_and_undone() {
    let desk = Desk::new();
    let anna = desk.share_sample();
    let ben = desk.clone("ben");
    let id = read(&anna).statements[10].id;
    let t0 = read(&anna).statement(id).unwrap().updated_at.millis().max(1_800_000_000_000);
    // A minute apart: closer than laptops' clocks can be trusted.
    edit(&anna, id, Timestamp::from_millis(t0).unwrap(), |s| s.notes = "Anna: from the transcript".into());
    edit(&ben, id, Timestamp::from_millis(t0 + 60_000).unwrap(), |s| s.notes = "Ben: second-hand".into());
    desk.sync(&ben, "Ben");

    let mut h = desk.open_app(&anna);
    h.get_by_label("Sync").click();
    h.step();
    wait_synced(&mut h);
    let store = app_store(&h);
    assert_eq!(store.conflicts.len(), 1, "one conflict recorded");
    let set_aside = store.conflicts[0].version.as_ref().unwrap().notes.clone();
    let kept = store.statement(id).unwrap().notes.clone();
    assert_ne!(set_aside, kept);

    h.get_by_label("Conflicts: 1").click();
    h.run();
    h.get_by_label("Edited on both sides");
    h.get_by_label(&kept);
    h.get_by_label(&set_aside);
    h.get_by_label("In the store");
    h.get_by_label("Set aside");
    h.get_by_label("Keep the set-aside version").click();
    h.run();
    common::app::wait_idle(&mut h);
    let store = app_store(&h);
    assert_eq!(store.statement(id).unwrap().notes, set_aside, "that version is the statement's now");
    assert_eq!(store.statement(id).unwrap().changed_by.as_ref().unwrap().name, "Anna");
    assert!(store.conflicts.is_empty());
    h.get_by_label_contains("No conflicts");
    assert!(h.query_by_label_contains("Conflicts: ").is_none(), "the top bar no longer counts it");

    // Undo brings the record back, and the statement as it was.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let store = app_store(&h);
    assert_eq!(store.conflicts.len(), 1);
    assert_eq!(store.statement(id).unwrap().notes, kept);
    h.get_by_label("Conflicts: 1");
}

#[test]
fn an_unreachable_remote_is_said_once_and_the_store_is_left_intact() {
    let desk = Desk::new();
    let anna = desk.share_sample();
    let o = desk.git(&anna).run(&["remote", "set-url", "origin", "http://127.0.0.1:9/x.git"]);
    assert!(o.is_ok(), "{o:?}");
    let before = read(&anna);
    let mut h = desk.open_app(&anna);
    h.state_mut().prefs.sync_every_minutes = 10;
    h.get_by_label("Sync").click();
    h.step();
    wait_synced(&mut h);
    h.get_by_label("Offline · will retry");
    assert_eq!(h.query_all_by_label_contains("Offline: the shared store could not be reached").count(), 1);
    assert_eq!(read(&anna), before, "the store is intact");

    // Again: the status stays, no second message.
    h.state_mut().clear_status();
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    h.step();
    wait_synced(&mut h);
    h.get_by_label("Offline · will retry");
    assert!(h.query_by_label_contains("Offline: the shared store").is_none(), "said once");
    assert_eq!(read(&anna), before);
    assert_eq!(app_store(&h), before);
}

#[test]
fn a_single_file_store_is_converted_to_a_folder_and_shared_from_the_dialog() {
    let desk = Desk::new();
    let file = desk.root().join("store.ron");
    std::fs::write(&file, store::SAMPLE_TEXT).unwrap();
    let mut h = desk.open_app(&file);
    h.get_by_label("Share…").click();
    h.run();
    h.get_by_label_contains("A shared store is a store folder");
    let folder = desk.root().join("store");
    let typed = h.get_by_role_and_label(Role::TextInput, "New folder").value().unwrap_or_default();
    assert_eq!(PathBuf::from(typed), folder, "a new folder beside the file is offered");
    common::app::type_into(&mut h, "Remote (optional)", desk.remote().to_str().unwrap());
    h.get_by_label("Convert to a folder and share").click();
    h.step();
    wait_until(&mut h, "the folder is written, opened and shared", |h| {
        h.state().doc.as_ref().is_some_and(|d| d.path == folder)
            && matches!(h.state().sync_standing(), SyncStanding::Shared(_))
            && !h.state().is_busy()
    });
    h.get_by_label("Sync");
    h.get_by_label_contains("In sync");
    assert_eq!(read(&folder), read(&file), "the folder holds the store; the file stays as it was");

    // A colleague opens the shared store from the same dialog.
    let mut h = desk.open_app(&file);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Open a shared store…").click();
    h.run();
    common::app::type_into(&mut h, "Shared store", desk.remote().to_str().unwrap());
    let offered = h.get_by_role_and_label(Role::TextInput, "New folder").value().unwrap_or_default();
    assert_eq!(PathBuf::from(offered), desk.root().join("remote"), "named after the remote");
    h.get_by_label("Open shared store").click();
    h.step();
    let clone = desk.root().join("remote");
    wait_until(&mut h, "the copy is made and opened", |h| {
        h.state().doc.as_ref().is_some_and(|d| d.path == clone)
            && matches!(h.state().sync_standing(), SyncStanding::Shared(_))
            && !h.state().is_busy()
    });
    h.get_by_label_contains("In sync");
    assert_eq!(read(&clone), read(&folder));
}

#[test]
fn sharing_to_a_remote_that_holds_a_repository_says_to_clone_it_instead() {
    let desk = Desk::new();
    desk.share_sample();
    let mine = desk.root().join("mine");
    store::create_folder(&mine, &store::sample()).unwrap();
    let before = read(&mine);
    let mut h = desk.open_app(&mine);
    h.get_by_label("Share…").click();
    h.run();
    common::app::type_into(&mut h, "Remote", desk.remote().to_str().unwrap());
    h.get_by_label("Share").click();
    h.step();
    wait_until(&mut h, "the share fails", |h| !h.state().is_busy());
    h.get_by_label_contains("clone it instead");
    // The dialog stays, and the store is as it was.
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(read(&mine), before);
}

#[test]
fn closing_the_window_syncs_first_and_then_closes() {
    let desk = Desk::new();
    let anna = desk.share_sample();
    let ben = desk.clone("ben");
    let id = read(&anna).statements[3].id;
    edit(&anna, id, Timestamp::now(), |s| s.notes = "Anna, before closing".into());
    let mut h = desk.open_app(&anna);
    h.state_mut().prefs.sync_on_exit = true;
    let closes = |h: &App, c: &egui::ViewportCommand| {
        h.output().viewport_output.get(&egui::ViewportId::ROOT).is_some_and(|v| v.commands.contains(c))
    };
    // The window's close button.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    assert!(closes(&h, &egui::ViewportCommand::CancelClose), "the window waits");
    h.step();
    h.get_by_label("Syncing before closing…");
    let start = Instant::now();
    while !closes(&h, &egui::ViewportCommand::Close) {
        assert!(start.elapsed() < Duration::from_secs(30), "the window closes once synced");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(!h.state().is_syncing());
    desk.sync(&ben, "Ben");
    assert_eq!(read(&ben).statement(id).unwrap().notes, "Anna, before closing", "it was sent");
}
