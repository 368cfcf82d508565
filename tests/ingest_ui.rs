//! The Ingest tab under egui_kittest: the doubtful candidates come first,
//! each with its weakest fields labelled, and a background claim says so.
//! The sentences were written by the team for this test.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::time::{Duration, Instant};

use common::TempStore;
use common::app::{open_app, type_into, wait_idle};
use egui_kittest::kittest::Queryable;

#[test]
fn the_doubtful_candidates_come_first_with_their_weakest_field_labelled() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.get_by_label("Ingest").click();
    h.run();
    type_into(&mut h, "Published", "2025-12-20");
    // Team-written: a sure statement first, a doubtful one (no stance cue,
    // no day named) then a background claim.
    let text = "Kremlin spokesman Dmitry Peskov told reporters on Friday that Moscow rejected the ceasefire.\n\n\
        Zelensky said the meeting about the troops was long.\n\n\
        Moscow has long argued that a truce would only let Ukraine rearm.\n";
    type_into(&mut h, "Text", text);
    let start = Instant::now();
    while h.query_by_label_contains("found,").is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "the candidates appear");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    wait_idle(&mut h);
    let top = |h: &common::app::App, label: &str| h.get_by_label(label).rect().top();
    // Doubtful first: Zelensky's (line 3: a stance with no cue is low) above Peskov's (line 1).
    assert!(top(&h, "line 3") < top(&h, "line 1"), "the doubtful candidate is shown first");
    // Its weakest field, labelled in words.
    let weakest = h.get_by_label_contains("stance troops? low: no cue");
    assert!(weakest.rect().top() > top(&h, "line 3"), "under its own card");
    // The background claim wears its chip.
    h.get_by_label("Background");
    // In the order of the text, on request.
    h.get_by_label("As in the text").click();
    h.run();
    assert!(top(&h, "line 1") < top(&h, "line 3"), "in the order of the text");
    assert!(top(&h, "line 3") < top(&h, "line 5"));
    // And back.
    h.get_by_label("Doubtful first").click();
    h.run();
    assert!(top(&h, "line 3") < top(&h, "line 1"));
}
