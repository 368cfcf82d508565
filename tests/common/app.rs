//! The whole app in an egui_kittest harness, on a temporary store, as the
//! UI tests drive it: open, wait for the background work, type into a field
//! found by its label. (Only with the `gui` feature.)

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancebook::app::{StancebookApp, Startup};

use super::TempStore;

/// The app as a test drives it.
pub type App = Harness<'static, StancebookApp>;

/// The analyst the test apps edit as (the preferences name them, so no
/// test is asked who is editing unless it opens the app with
/// [`open_app_unnamed`]).
pub const TEST_ANALYST: &str = "Test Analyst";

/// The app on `t`'s store in a window of `size`, without eframe's storage,
/// once the store is open, editing as [`TEST_ANALYST`].
pub fn open_app_at(t: &TempStore, size: [f32; 2]) -> App {
    let mut h = open_app_unnamed_at(t, size);
    h.state_mut().prefs.analyst_name = Some(TEST_ANALYST.to_owned());
    h
}

/// The app as a first run leaves it: no analyst named in the preferences,
/// so the first statement edit asks who is editing.
pub fn open_app_unnamed(t: &TempStore) -> App {
    open_app_unnamed_at(t, [1366.0, 768.0])
}

fn open_app_unnamed_at(t: &TempStore, size: [f32; 2]) -> App {
    let path = t.path.clone();
    let mut h = Harness::builder()
        .with_size(size)
        // Background saves and opens wake the app a few more times than a plain frame.
        .with_max_steps(40)
        .build_eframe(move |cc| StancebookApp::new(cc, Startup { store: Some(path), use_storage: false }));
    wait_idle(&mut h);
    h
}

/// The app at 1366×768.
pub fn open_app(t: &TempStore) -> App {
    open_app_at(t, [1366.0, 768.0])
}

/// Steps the app until its background work (opens, searches) is done.
pub fn wait_idle(h: &mut App) {
    let start = Instant::now();
    while h.state().is_busy() || h.state().is_opening() {
        assert!(start.elapsed() < Duration::from_secs(30), "background work finishes");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run();
}

/// Steps the app until the autosave has written the store.
pub fn wait_saved(h: &mut App) {
    let start = Instant::now();
    loop {
        h.step();
        if h.state_mut().is_saved() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "autosave finishes");
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
}

/// Clicks the text field labelled `label` (single- or multi-line), selects
/// what is there and types `text` over it, as a person would; then waits
/// for what the views derive from it off the UI thread.
#[track_caller]
pub fn type_into(h: &mut App, label: &str, text: &str) {
    let role = if h.query_by_role_and_label(Role::MultilineTextInput, label).is_some() {
        Role::MultilineTextInput
    } else {
        Role::TextInput
    };
    // Bring it into view first, as a person scrolls to a field before clicking it.
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.run();
    h.get_by_role_and_label(role, label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
    wait_idle(h);
}
