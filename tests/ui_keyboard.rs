#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

//! The statement form from the keyboard alone, under egui_kittest on a temp
//! copy of the sample store: key presses and typed text only, never a click.
//! Fields are found by their labels to check where the keyboard is.

mod common;

use common::TempStore;
use common::app::{open_app, wait_idle, wait_saved};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use stancebook::app::StancebookApp;
use stancebook::model::{Reliability, Statement, Store};
use stancebook::store;

fn press(h: &mut Harness<'static, StancebookApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn press_with(h: &mut Harness<'static, StancebookApp>, modifiers: egui::Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// Types `text` into whatever has the keyboard.
fn type_text(h: &mut Harness<'static, StancebookApp>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

/// The label of the widget that has the keyboard.
fn focused(h: &Harness<'static, StancebookApp>) -> String {
    h.query_by(|n| n.is_focused())
        .and_then(|n| n.accesskit_node().label())
        .unwrap_or_else(|| "(nothing)".into())
}

#[track_caller]
fn assert_focus(h: &Harness<'static, StancebookApp>, label: &str) {
    assert_eq!(focused(h), label, "the keyboard is in {label}");
}

/// Presses Tab until the widget labelled `label` has the keyboard (a few
/// buttons lie between some fields).
#[track_caller]
fn tab_to(h: &mut Harness<'static, StancebookApp>, label: &str) {
    for _ in 0..12 {
        if focused(h) == label {
            return;
        }
        press(h, Key::Tab);
    }
    panic!("Tab never reached {label}; the keyboard is in {}", focused(h));
}

fn value(h: &Harness<'static, StancebookApp>, role: Role, label: &str) -> String {
    h.get_by_role_and_label(role, label).value().unwrap_or_default()
}

fn on_disk(t: &TempStore) -> Store {
    store::read(&t.path).expect("the store on disk loads").store
}

fn saved_with_quote(t: &TempStore, words: &str) -> Statement {
    on_disk(t).statements.into_iter().find(|s| s.quote.contains(words)).expect("the new statement is on disk")
}

#[test]
fn a_whole_statement_is_added_without_the_mouse() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    let before = on_disk(&t).statements.len();

    // New statement: the keyboard is in the actor field at once.
    press_with(&mut h, egui::Modifiers::COMMAND, Key::N);
    assert_focus(&h, "Actor");

    // "Kreml", Tab: the first suggestion is taken and Tab moves on.
    type_text(&mut h, "Kreml");
    press(&mut h, Key::Tab);
    assert_eq!(value(&h, Role::TextInput, "Actor"), "Kremlin");
    assert_focus(&h, "Speaker");

    // Down in the empty speaker field lists the Kremlin's speakers in the
    // store's order (Putin and his four aliases, then Peskov); Down and Up
    // move the highlight; Enter takes it and moves on.
    press(&mut h, Key::ArrowDown);
    for _ in 0..6 {
        press(&mut h, Key::ArrowDown);
    }
    press(&mut h, Key::ArrowUp);
    press(&mut h, Key::Enter);
    assert_eq!(value(&h, Role::TextInput, "Speaker"), "Dmitry Peskov");
    assert_focus(&h, "Date");

    press_with(&mut h, egui::Modifiers::COMMAND, Key::A);
    type_text(&mut h, "2025-12-18");

    // The kind: a combo box. Space opens it, Up picks the choice above, Esc
    // closes the list and nothing else.
    press(&mut h, Key::Tab);
    assert_focus(&h, "Kind");
    press(&mut h, Key::Space);
    press(&mut h, Key::ArrowUp);
    assert_eq!(value(&h, Role::ComboBox, "Kind"), "commitment");
    press(&mut h, Key::Escape);
    h.get_by_label("Save statement");
    assert_focus(&h, "Kind");

    press(&mut h, Key::Tab);
    assert_focus(&h, "Quote");
    type_text(&mut h, "We are ready to look at a truce, on our terms");

    // The topic: Esc closes the suggestions and leaves the form open with
    // the text as typed; typing on brings them back; Tab takes Ceasefire.
    tab_to(&mut h, "Topic");
    type_text(&mut h, "ceas");
    press(&mut h, Key::Escape);
    h.get_by_label("Save statement");
    assert_eq!(value(&h, Role::TextInput, "Topic"), "ceas");
    assert_focus(&h, "Topic");
    type_text(&mut h, "f");
    press(&mut h, Key::Tab);
    assert_eq!(value(&h, Role::TextInput, "Topic"), "Ceasefire");

    // The stance: one Tab stop on the chosen stance (0); Left moves it.
    assert_focus(&h, "0");
    press(&mut h, Key::ArrowLeft);
    press(&mut h, Key::ArrowLeft);
    press(&mut h, Key::ArrowRight);
    assert_focus(&h, "−1");

    // The source: a known outlet fills in its last reliability, and says so.
    tab_to(&mut h, "Outlet");
    type_text(&mut h, "The Kyiv Independent");
    h.get_by_label("B from The Kyiv Independent's last grading");
    press(&mut h, Key::Tab);
    assert_focus(&h, "URL");
    type_text(&mut h, "https://kyivindependent.com/example");
    tab_to(&mut h, "Reliability");
    assert_eq!(value(&h, Role::ComboBox, "Reliability"), "B — usually reliable");
    // The credibility is not filled in (it grades the information, not the
    // outlet): not graded until chosen; Up four times from 6 is 2.
    press(&mut h, Key::Tab);
    assert_focus(&h, "Credibility");
    assert_eq!(value(&h, Role::ComboBox, "Credibility"), "not graded");
    for _ in 0..4 {
        press(&mut h, Key::ArrowUp);
    }
    assert_eq!(value(&h, Role::ComboBox, "Credibility"), "2 — probably true");
    // Verification: one stop, on "reported"; Left makes it confirmed.
    press(&mut h, Key::Tab);
    assert_focus(&h, "reported");
    press(&mut h, Key::ArrowLeft);
    assert_focus(&h, "confirmed");

    // Save: Ctrl+Enter.
    press_with(&mut h, egui::Modifiers::COMMAND, Key::Enter);
    wait_idle(&mut h);
    assert!(h.query_by_label("Save statement").is_none(), "the form closed");
    wait_saved(&mut h);

    let saved = on_disk(&t);
    assert_eq!(saved.statements.len(), before + 1);
    let s = saved_with_quote(&t, "ready to look at a truce");
    assert_eq!(s.actor.as_str(), "kremlin");
    assert_eq!(s.speaker.as_deref(), Some("Dmitry Peskov"));
    assert_eq!(s.date.to_string(), "2025-12-18");
    assert_eq!(s.quote, "We are ready to look at a truce, on our terms");
    assert_eq!(s.kind.as_str(), "commitment");
    assert_eq!(s.positions.len(), 1);
    assert_eq!(s.positions[0].topic.as_str(), "ceasefire");
    assert_eq!(s.positions[0].stance.value(), -1);
    assert_eq!(s.source.outlet, "The Kyiv Independent");
    assert_eq!(s.source.url.as_deref(), Some("https://kyivindependent.com/example"));
    assert_eq!((s.source.reliability, s.credibility.value()), (Reliability::B, 2));
    assert_eq!(s.verification.as_str(), "confirmed");
}

#[test]
fn esc_cancels_the_form_only_when_no_list_is_open() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    let washington =
        |h: &Harness<'static, StancebookApp>| h.query_all_by_label_contains("Washington").count();
    press_with(&mut h, egui::Modifiers::COMMAND, Key::N);
    let before = washington(&h);
    type_text(&mut h, "Wash");
    assert_eq!(washington(&h), before + 1, "Washington is suggested");
    press(&mut h, Key::Escape);
    assert_eq!(washington(&h), before, "the first Esc closes the list…");
    assert!(h.query_by_label("Save statement").is_some(), "…and only the list");
    assert_eq!(value(&h, Role::TextInput, "Actor"), "Wash", "and keeps the text as typed");
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Save statement").is_none(), "the second Esc cancels the form");
}

#[test]
fn an_ungraded_statement_saves_with_a_warning_and_reads_not_graded() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    press_with(&mut h, egui::Modifiers::COMMAND, Key::N);
    // An exact name offers nothing to take: Enter just moves on.
    type_text(&mut h, "Kyiv");
    press(&mut h, Key::Enter);
    assert_focus(&h, "Speaker");
    // Tab through the empty optional speaker leaves it empty.
    press(&mut h, Key::Tab);
    assert_focus(&h, "Date");
    assert_eq!(value(&h, Role::TextInput, "Speaker"), "");
    press_with(&mut h, egui::Modifiers::COMMAND, Key::A);
    type_text(&mut h, "2025-12-17");
    tab_to(&mut h, "Quote");
    type_text(&mut h, "No ungraded words will stand");
    tab_to(&mut h, "Topic");
    type_text(&mut h, "Territory");
    // An outlet the store does not know fills in nothing.
    tab_to(&mut h, "Outlet");
    type_text(&mut h, "A new wire");
    tab_to(&mut h, "Reliability");
    assert_eq!(value(&h, Role::ComboBox, "Reliability"), "not graded");
    assert!(h.query_by_label_contains("last grading").is_none());
    h.get_by_label("△ not graded: exports will say so");

    press_with(&mut h, egui::Modifiers::COMMAND, Key::Enter);
    wait_idle(&mut h);
    assert!(h.query_by_label("Save statement").is_none(), "saved: not graded is allowed");
    // The statement panel says "not graded", not F6.
    h.get_by_label("Grading");
    h.get_by_label("not graded");
    wait_saved(&mut h);
    let s = saved_with_quote(&t, "No ungraded words");
    assert_eq!((s.source.reliability, s.credibility.value()), (Reliability::F, 6));
    assert_eq!(s.speaker, None);

    // The command line's Markdown export says "not graded" too.
    let out =
        t.run(&["export", "--format", "md", "--actors", "kyiv", "--topics", "territory", "--no-record"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = text.lines().find(|l| l.contains("A new wire"));
    let line = line.unwrap_or_else(|| panic!("the statement is cited: {text}"));
    assert!(line.contains("not graded") && !line.contains("F6"), "{line}");
}
