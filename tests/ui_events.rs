#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

//! The events window under egui_kittest, on a temp copy of the sample
//! store: opened by its shortcut, the palette and the Edit menu; the
//! sample's events listed and found by a few words; an event added through
//! the form by its labels, listed, undone with Ctrl+Z, the file on disk
//! following; a wrong end date said next to its field, and Save refused.

mod common;

use common::TempStore;
use common::app::{App, open_app, open_app_at, type_into, wait_idle, wait_saved};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable, by};
use stancebook::store;

fn on_disk(t: &TempStore) -> stancebook::model::Store {
    store::read(&t.path).expect("the store on disk loads").store
}

fn open_events(h: &mut App) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    h.run();
    wait_idle(h);
}

/// The rows of the event list whose label contains `text`.
fn rows(h: &App, text: &str) -> usize {
    h.query_all(by().role(Role::Button).label_contains(text)).count()
}

/// What the events window's widgets cover.
fn window_rect(h: &App) -> egui::Rect {
    let mut r = egui::Rect::NOTHING;
    for region in ["Event list", "Event form"] {
        for n in h.get_by_label(region).query_all(by().predicate(|n| n.raw_bounds().is_some())) {
            r = r.union(n.rect());
        }
    }
    r
}

#[test]
fn the_shortcut_opens_the_window_with_the_sample_s_events_and_words_find_one() {
    let t = TempStore::sample();
    let mut h = open_app_at(&t, [1024.0, 640.0]);
    open_events(&mut h);
    h.get_by_label("25 events");
    // The list is newest first: the Berlin talks of December lead it.
    assert_eq!(rows(&h, "Berlin talks"), 1);
    type_into(&mut h, "Find", "alaska");
    h.get_by_label("1 of 25 events");
    assert_eq!(rows(&h, "Trump–Putin summit in Alaska ends without a deal"), 1);
    assert_eq!(rows(&h, "Berlin talks"), 0);
    // A place, an actor's name and a month find events too.
    type_into(&mut h, "Find", "anchorage");
    assert_eq!(rows(&h, "summit in Alaska"), 1);
    type_into(&mut h, "Find", "istanbul kyiv");
    h.get_by_label("3 of 25 events");
    // The window holds inside a laptop's screen, below the menu bar.
    let r = window_rect(&h);
    assert!(r.right() <= 1024.0 && r.bottom() <= 640.0 && r.top() > 30.0, "{r:?}");
}

#[test]
fn the_palette_and_the_edit_menu_open_it_too() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Command").type_text("events");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("25 events");
    // Esc in its empty search box closes it.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("25 events").is_none(), "closed");
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Events…").click();
    h.run();
    h.get_by_label("25 events");
    // The palette also finds an event by its words and opens it in the form.
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Command").type_text("alaska");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Edit event");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Title").accesskit_node().value().as_deref(),
        Some("Trump–Putin summit in Alaska ends without a deal")
    );
}

/// Opens the form for a new event and fills it in by its labels.
fn fill_new_event(h: &mut App, date: &str, end: &str, title: &str) {
    h.get_by_role_and_label(Role::Button, "New event").click();
    h.run();
    type_into(h, "Date", date);
    if !end.is_empty() {
        type_into(h, "End", end);
    }
    type_into(h, "Title", title);
}

#[test]
fn add_an_event_see_it_listed_then_undo_it_with_the_file_following() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    open_events(&mut h);
    fill_new_event(&mut h, "2025-12-20", "2025-12-21", "Budapest summit, at last");
    h.get_by_label("Event form").get_by_label("Kind").click();
    h.run();
    h.get(by().role(Role::Button).label("summit")).click();
    h.run();
    for actor in ["Washington", "Kremlin"] {
        h.get_by_label("Event form").get_by_role_and_label(Role::CheckBox, actor).click();
        h.run();
    }
    type_into(&mut h, "Place", "Budapest");
    type_into(&mut h, "Outlet", "Reuters");
    type_into(&mut h, "URL", "https://example.org/budapest");
    type_into(&mut h, "Published", "2025-12-21");
    // Ctrl+Enter saves from any field of the form.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    wait_idle(&mut h);
    h.get_by_label("26 events");
    assert_eq!(rows(&h, "20–21 Dec 2025 · summit · Budapest summit, at last"), 1, "listed, newest first");
    wait_saved(&mut h);
    let saved = on_disk(&t);
    assert_eq!(saved.events.len(), 26);
    let e = saved.events.iter().find(|e| e.title == "Budapest summit, at last").expect("on disk");
    assert_eq!(e.kind, stancebook::model::EventKind::Summit);
    assert_eq!(e.actors, ["washington", "kremlin"].map(stancebook::model::ActorId::from));
    assert_eq!(e.end.map(|d| d.to_string()).as_deref(), Some("2025-12-21"));
    assert_eq!((e.place.as_str(), e.source.outlet.as_str()), ("Budapest", "Reuters"));
    assert_eq!(e.source.url.as_deref(), Some("https://example.org/budapest"));

    // Undo: gone from the list and the file; redo brings it back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.get_by_label("25 events");
    assert_eq!(rows(&h, "Budapest summit, at last"), 0);
    wait_saved(&mut h);
    assert!(!on_disk(&t).events.iter().any(|e| e.title == "Budapest summit, at last"));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    wait_saved(&mut h);
    assert_eq!(on_disk(&t).events.len(), 26);
}

#[test]
fn a_wrong_end_date_is_said_next_to_its_field_and_save_refuses() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    let before = t.bytes();
    open_events(&mut h);
    fill_new_event(&mut h, "2025-08-15", "2025-08-10", "Talks that end before they begin");
    h.get_by_label("It ends (10 Aug 2025) before it begins (15 Aug 2025)");
    h.get_by_role_and_label(Role::Button, "Save event").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label("1 problem to fix before saving");
    h.get_by_label("It ends (10 Aug 2025) before it begins (15 Aug 2025)");
    h.get_by_label("25 events");
    assert_eq!(t.bytes(), before, "nothing was saved");
    // A date that is not one is said as soon as it is typed.
    type_into(&mut h, "Date", "15/08/2025");
    h.get_by_label("“15/08/2025” is not a date: write 2025-08-15, 2025-08 or 2025");
    // An empty title is said once Save is pressed.
    type_into(&mut h, "Date", "2025-08-15");
    type_into(&mut h, "End", "2025-08-16");
    type_into(&mut h, "Title", "x");
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_role_and_label(Role::Button, "Save event").click();
    h.run();
    h.get_by_label("Give the event a title");
    assert_eq!(t.bytes(), before, "still nothing saved");
    // Put right, it saves.
    type_into(&mut h, "Title", "Talks over two days");
    assert!(h.query_by_label("It ends (10 Aug 2025) before it begins (15 Aug 2025)").is_none());
    h.get_by_role_and_label(Role::Button, "Save event").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label("26 events");
    wait_saved(&mut h);
    assert!(on_disk(&t).events.iter().any(|e| e.title == "Talks over two days" && e.is_span()));
}

#[test]
fn delete_takes_an_event_out_and_undo_brings_it_back() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    open_events(&mut h);
    type_into(&mut h, "Find", "alaska");
    h.get(by().role(Role::Button).label_contains("summit in Alaska")).click();
    h.run();
    h.get_by_label("Edit event");
    h.get_by_role_and_label(Role::Button, "Delete event").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label("No event matches “alaska”.");
    wait_saved(&mut h);
    assert!(!on_disk(&t).events.iter().any(|e| e.title.contains("Alaska")));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    wait_idle(&mut h);
    assert_eq!(rows(&h, "summit in Alaska"), 1, "back in the list");
    wait_saved(&mut h);
    assert_eq!(on_disk(&t).events.len(), 25);
}

#[test]
fn statements_after_an_event_are_one_click_from_its_form() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    open_events(&mut h);
    type_into(&mut h, "Find", "alaska");
    h.get(by().role(Role::Button).label_contains("summit in Alaska")).click();
    h.run();
    h.get_by_label("Statements after it").click();
    h.run();
    wait_idle(&mut h);
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Search").accesskit_node().value().as_deref(),
        Some("event:alaska")
    );
    // 15–29 Aug: the EU on 16 Aug, Washington on 16 and 19 Aug.
    h.get_by_label("3 of 66 statements shown");
    assert!(h.query_all_by_label_contains("not a mere Ceasefire Agreement").count() >= 1);
    // The window steps out of the way, and opens again as it was left.
    assert!(h.query_by_label("1 of 25 events").is_none());
    open_events(&mut h);
    h.get_by_label("1 of 25 events");
    h.get_by_label("Edit event");
}

#[test]
fn the_window_keeps_its_size_while_an_event_is_opened_and_typed_into() {
    for (w, hgt) in [(1024.0, 640.0), (1920.0, 1080.0)] {
        let t = TempStore::sample();
        let mut h = open_app_at(&t, [w, hgt]);
        open_events(&mut h);
        let before = window_rect(&h);
        assert!(before.right() <= w, "inside the window at {w}: {before:?}");
        if w > 1500.0 {
            assert!(before.width() < 960.0, "its own size, not the screen's: {before:?}");
        }
        h.get(by().role(Role::Button).label_contains("Witkoff and Kushner")).click();
        h.run();
        h.get_by_role_and_label(Role::Button, "New event").click();
        h.run();
        type_into(
            &mut h,
            "Title",
            "A very long title that goes on and on about talks somewhere far away, and more",
        );
        for _ in 0..10 {
            h.run();
        }
        // Save and Cancel stay in view under the fields.
        let save = h.get_by_role_and_label(Role::Button, "Save event").rect();
        assert!(save.bottom() <= hgt && save.right() <= w, "{w}: {save:?}");
        let after = window_rect(&h);
        assert!((after.width() - before.width()).abs() < 2.0, "{w}: {before:?} → {after:?}");
    }
}

#[test]
fn its_keys_are_its_own_while_it_has_the_keyboard() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    // A statement is being written when the analyst opens the events.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Save statement");
    open_events(&mut h);
    type_into(&mut h, "Find", "zzz");
    h.get_by_label("No event matches “zzz”.");
    // Esc empties the search box, then closes the window; the statement form stays.
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("25 events");
    h.get_by_label("Save statement");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("25 events").is_none(), "closed");
    h.get_by_label("Save statement");
    // In the event form, Ctrl+Enter tries to save it (not the statement), Esc cancels it.
    open_events(&mut h);
    h.get_by_role_and_label(Role::Button, "New event").click();
    h.run();
    type_into(&mut h, "Title", "No date yet");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    h.get_by_label("1 problem to fix before saving");
    h.get_by_label("Give the date it happened: 2025-08-15, 2025-08 or 2025");
    assert!(h.query_by_label_contains("The quote (or a paraphrase) cannot be empty").is_none());
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("1 problem to fix before saving").is_none(), "the event form is gone");
    h.get_by_label("25 events");
    h.get_by_label("Save statement");
    // After a click on one of its buttons (no field has the keyboard), Esc is still the window's.
    h.get_by_role_and_label(Role::Button, "New event").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Save event").click();
    h.run();
    h.get_by_label("2 problems to fix before saving");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("2 problems to fix before saving").is_none(), "the event form is gone");
    h.get_by_label("Save statement");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("25 events").is_none(), "closed");
}

#[test]
fn delete_in_the_window_never_takes_out_the_statement_selected_behind_it() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.get_by_label("Statements").click();
    h.run();
    type_into(&mut h, "Search", "red lines");
    h.get_by_label_contains("red lines").click();
    h.run();
    h.get_by_label("Duplicate");
    open_events(&mut h);
    type_into(&mut h, "Find", "alaska");
    h.get(by().role(Role::Button).label_contains("summit in Alaska")).click();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    wait_idle(&mut h);
    h.get_by_label("Duplicate");
    h.get_by_label("1 of 25 events");
    h.get_by_label("Edit event");
    assert_eq!(t.bytes(), store::SAMPLE_TEXT.as_bytes(), "nothing deleted");
}

#[test]
fn an_edited_event_keeps_its_id_and_undo_restores_it() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    let before = on_disk(&t);
    let alaska = before.events.iter().find(|e| e.title.contains("Alaska")).unwrap().clone();
    open_events(&mut h);
    type_into(&mut h, "Find", "alaska");
    h.get(by().role(Role::Button).label_contains("summit in Alaska")).click();
    h.run();
    // Saving it unchanged makes no edit.
    h.get_by_role_and_label(Role::Button, "Save event").click();
    h.run();
    assert!(h.get_by_label("↶ Undo").accesskit_node().is_disabled(), "no undo step");
    h.get(by().role(Role::Button).label_contains("summit in Alaska")).click();
    h.run();
    type_into(&mut h, "Title", "Alaska summit (Anchorage)");
    h.get_by_label("Event form").get_by_role_and_label(Role::CheckBox, "Kyiv").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Save event").click();
    h.run();
    wait_saved(&mut h);
    let e = on_disk(&t).events.into_iter().find(|e| e.id == alaska.id).expect("same id");
    assert_eq!(e.title, "Alaska summit (Anchorage)");
    assert_eq!(e.actors, ["washington", "kremlin", "kyiv"].map(stancebook::model::ActorId::from));
    assert_eq!(e.recorded_at, alaska.recorded_at);
    assert!(e.updated_at >= alaska.updated_at);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    wait_saved(&mut h);
    assert_eq!(on_disk(&t).events, before.events, "undo restores it exactly");
}
