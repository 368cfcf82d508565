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

/// The laptop screen analysts brief from (issue 12).
const SIZE: [f32; 2] = [1024.0, 640.0];

fn app(t: &TempStore, theme: egui::Theme) -> Harness<'static, StancebookApp> {
    let path = t.path.clone();
    let mut h =
        Harness::builder().with_size(SIZE).with_theme(theme).with_max_steps(40).wgpu().build_eframe(
            move |cc| StancebookApp::new(cc, Startup { store: Some(path), use_storage: false }),
        );
    // The day the sample's last statement was made: the Ingest tab shows "today".
    h.state_mut().fix_today(chrono::NaiveDate::from_ymd_opt(2025, 12, 15).unwrap());
    wait_idle(&mut h);
    // Both side panels open: the detail panel shows the statements behind a cell.
    h.get_by_label_contains("Kremlin on Ceasefire").click();
    h.step();
    wait_idle(&mut h);
    h
}

fn wait_idle(h: &mut Harness<'static, StancebookApp>) {
    let start = Instant::now();
    while h.state().is_opening() || h.state().is_busy() {
        assert!(start.elapsed() < Duration::from_secs(30));
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.state_mut().clear_status();
    h.run();
}

fn show(h: &mut Harness<'static, StancebookApp>, tab: &str) {
    h.get_by_label(tab).click();
    // A step, not a run: a tab may start background work (the export's
    // preview) and show a spinner until it is done; wait_idle waits for it.
    h.step();
    wait_idle(h);
    // No pointer, so no hover effect lands in the picture.
    h.remove_cursor();
    h.run();
}

#[test]
fn every_tab_looks_as_it_did_at_1024_with_both_panels_open() {
    let t = TempStore::sample();
    let mut h = app(&t, egui::Theme::Light);
    for tab in ["Matrix", "Timeline", "Statements", "Shifts", "Ingest", "Export"] {
        show(&mut h, tab);
        h.snapshot(format!("{}_1024", tab.to_lowercase()));
    }
}

#[test]
fn the_dark_theme_reads_too() {
    let t = TempStore::sample();
    let mut h = app(&t, egui::Theme::Dark);
    show(&mut h, "Matrix");
    h.snapshot("matrix_dark_1024");
}
