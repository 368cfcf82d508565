//! Snapshot tests of the main views, rendered with wgpu (Mesa's software
//! renderer in CI). `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` writes
//! new references into `tests/snapshots/`.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::time::{Duration, Instant};

use common::TempStore;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancebook::app::{StancebookApp, Startup};

fn app(t: &TempStore, theme: egui::Theme) -> Harness<'static, StancebookApp> {
    let path = t.path.clone();
    let mut h =
        Harness::builder().with_size([1366.0, 768.0]).with_theme(theme).wgpu().build_eframe(move |cc| {
            StancebookApp::new(cc, Startup { store: Some(path), use_storage: false })
        });
    let start = Instant::now();
    while h.state().is_opening() {
        assert!(start.elapsed() < Duration::from_secs(30));
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.state_mut().clear_status();
    h.run();
    h
}

fn show(h: &mut Harness<'static, StancebookApp>, tab: &str) {
    h.get_by_label(tab).click();
    h.run();
    h.state_mut().clear_status();
    // Move the pointer away so no hover effect lands in the picture.
    h.hover_at(egui::pos2(2.0, 760.0));
    h.run();
}

#[test]
fn main_views_look_as_they_did() {
    let t = TempStore::sample();
    let mut h = app(&t, egui::Theme::Light);
    show(&mut h, "Matrix");
    h.snapshot("matrix_light");
    show(&mut h, "Timeline");
    h.snapshot("timeline_light");
    show(&mut h, "Statements");
    h.snapshot("statements_light");
    show(&mut h, "Shifts");
    h.snapshot("shifts_light");
}

#[test]
fn the_dark_theme_reads_too() {
    let t = TempStore::sample();
    let mut h = app(&t, egui::Theme::Dark);
    show(&mut h, "Matrix");
    h.snapshot("matrix_dark");
}
