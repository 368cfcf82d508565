//! The layout holds on a laptop (issue 12): at 1024×640, 1280×800 and
//! 1920×1080, with the filter and detail panels open, every tab's labelled
//! widgets lie inside the window and inside their own panel; the detail
//! panel keeps its width while a statement is typed; the matrix keeps its
//! topic header row and actor column in view when scrolled to the bottom
//! right; with no file dialog, saving asks for a typed path.

#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::time::{Duration, Instant};

use common::TempStore;
use common::app::{open_app_at, wait_idle};
use egui::Rect;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use stancebook::app::StancebookApp;

const SIZES: [(f32, f32); 3] = [(1024.0, 640.0), (1280.0, 800.0), (1920.0, 1080.0)];

/// Every labelled widget with its role and rectangle.
fn widgets(h: &Harness<'static, StancebookApp>) -> Vec<(String, Role, Rect)> {
    h.query_all(by().predicate(|n| n.label().is_some_and(|l| !l.trim().is_empty())))
        .map(|n| {
            let label = n.accesskit_node().label().unwrap_or_default().to_owned();
            (label, n.accesskit_node().role(), n.rect())
        })
        .collect()
}

/// The left edge of the central area (the tabs start just inside it) and
/// of the detail panel (its first labelled widget), in points.
fn edges(h: &Harness<'static, StancebookApp>) -> (f32, Option<f32>) {
    let central = h.get_by_label("Matrix").rect().left() - 14.0;
    // Labels only the detail panel has: the cell view's link, the editor's
    // Save, the statement view's Duplicate.
    let detail = ["Open this topic's timeline", "Save statement", "Duplicate"]
        .iter()
        .flat_map(|l| h.query_all_by_label(l).map(|n| n.rect().left()).collect::<Vec<_>>())
        .filter(|x| *x > central + 200.0)
        .reduce(f32::min)
        .map(|x| x - 16.0);
    (central, detail)
}

/// Whether a widget scrolls sideways with its content (matrix cells and
/// headers, table cells): those may lie past the view, under a scroll bar.
fn scrolls(label: &str, role: Role) -> bool {
    matches!(role, Role::Cell | Role::ColumnHeader | Role::RowHeader)
        || (role == Role::Button && label.contains(" on ") && label.contains(": "))
}

#[track_caller]
fn check_panels(h: &Harness<'static, StancebookApp>, (w, hgt): (f32, f32), tab: &str) {
    let window = Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(w, hgt));
    let (central, detail) = edges(h);
    let mut bad = Vec::new();
    for (label, role, r) in widgets(h) {
        if r.width() <= 0.0 || r.height() <= 0.0 || !window.contains(r.center()) || scrolls(&label, role) {
            continue;
        }
        // Lists scroll down, so only the right edge is a hard limit.
        if r.right() > w + 1.0 {
            bad.push(format!("{label:?} ({role:?}) runs out of the window: {r:?}"));
        }
        // A widget of the filter panel ends before the central area starts.
        if r.left() < central && r.right() > central + 1.0 && r.top() > 40.0 {
            bad.push(format!("{label:?} ({role:?}) crosses the filter panel's edge at {central}: {r:?}"));
        }
        // A widget of the central area ends before the detail panel starts.
        if let Some(d) = detail
            && r.left() < d
            && r.right() > d + 1.0
            && r.left() > central
            && r.top() > 40.0
        {
            bad.push(format!("{label:?} ({role:?}) crosses the detail panel's edge at {d}: {r:?}"));
        }
    }
    assert!(bad.is_empty(), "{tab} at {w}×{hgt}:\n{}", bad.join("\n"));
}

#[test]
fn every_tab_holds_its_shape_at_each_size_with_both_panels_open() {
    for size in SIZES {
        let t = TempStore::sample();
        let mut h = open_app_at(&t, [size.0, size.1]);
        // The detail panel shows the statements behind a cell.
        h.get_by_label_contains("Kremlin on Ceasefire").click();
        h.run();
        wait_idle(&mut h);
        assert!(edges(&h).1.is_some(), "the detail panel is open at {size:?}");
        for tab in ["Matrix", "Timeline", "Statements", "Shifts", "Ingest", "Export"] {
            h.get_by_label(tab).click();
            h.run();
            wait_idle(&mut h);
            check_panels(&h, size, tab);
        }
        // The central view keeps room: at least 45 % of the window.
        let (central, detail) = edges(&h);
        assert!(detail.unwrap() - central >= size.0 * 0.45 - 30.0, "{size:?}: {central} .. {detail:?}");
    }
}

#[test]
fn the_detail_panel_keeps_its_width_while_a_statement_is_typed() {
    let t = TempStore::sample();
    let mut h = open_app_at(&t, [1280.0, 800.0]);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    wait_idle(&mut h);
    let left =
        |h: &Harness<'static, StancebookApp>| h.get_by_role_and_label(Role::TextInput, "Actor").rect().left();
    let before = left(&h);
    let fields = ["Actor", "Speaker", "Date", "Outlet", "Conditions", "Excerpt", "Rationale"];
    for i in 0..20 {
        let label = fields[i % fields.len()];
        let role = if h.query_by_role_and_label(Role::TextInput, label).is_some() {
            Role::TextInput
        } else {
            Role::MultilineTextInput
        };
        let Some(node) = h.query_by_role_and_label(role, label) else { continue };
        node.scroll_to_me();
        h.run();
        h.get_by_role_and_label(role, label).click();
        h.run();
        h.get_by_role_and_label(role, label).type_text("a rather long piece of text to type in ");
        h.run();
        assert!(
            (left(&h) - before).abs() < 0.5,
            "after {} edits the panel moved from {before} to {}",
            i + 1,
            left(&h)
        );
    }
    check_panels(&h, (1280.0, 800.0), "the editor");
}

#[test]
fn the_matrix_keeps_its_headers_in_view_when_scrolled_to_the_bottom_right() {
    let t = TempStore::sample();
    let mut h = open_app_at(&t, [1024.0, 640.0]);
    h.get_by_label_contains("Kremlin on Ceasefire").click();
    h.run();
    wait_idle(&mut h);
    let (central, detail) = edges(&h);
    let cells: Vec<String> = h
        .query_all(by().predicate(|n| n.label().is_some_and(|l| l.contains(" on "))))
        .map(|n| n.accesskit_node().label().unwrap_or_default().to_owned())
        .collect();
    assert!(cells.iter().any(|c| c.starts_with("Kyiv on Territory")), "{cells:?}");
    let header_top = h.get_by_role_and_label(Role::ColumnHeader, "Ceasefire").rect().top();
    let actor_left = h.get_by_role_and_label(Role::RowHeader, "Kremlin").rect().left();
    // Scroll the grid as far right and down as it goes, the pointer over it.
    h.get_by_label_contains("Kyiv on Territory").hover();
    h.run();
    for _ in 0..30 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(-120.0, -120.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        h.run();
    }
    let kyiv = h.get_by_label_contains("Kyiv on Territory").rect();
    assert!(
        kyiv.bottom() < header_top + 40.0 || kyiv.right() < actor_left + 140.0,
        "the grid scrolled: {kyiv:?}"
    );
    let last_topic = h.get_by_role_and_label(Role::ColumnHeader, "Nuclear deterrence").rect();
    let last_actor = h.get_by_role_and_label(Role::RowHeader, "Russian opposition").rect();
    let right = detail.unwrap_or(1024.0);
    // The last column and the last row are in view…
    assert!(last_topic.right() <= right + 2.0 && last_topic.left() > central, "{last_topic:?}");
    assert!(last_actor.bottom() <= 640.0 && last_actor.left() >= central - 2.0, "{last_actor:?}");
    // …under the header row that stayed at the top, beside the actor column that stayed at the left.
    assert!(
        (last_topic.top() - header_top).abs() < 1.0,
        "the header row moved from {header_top} to {}",
        last_topic.top()
    );
    assert!(
        (last_actor.left() - actor_left).abs() < 1.0,
        "the actor column moved from {actor_left} to {}",
        last_actor.left()
    );
    // The first row scrolled away under the header row.
    let kremlin = h
        .query_all_by_label_contains("Kremlin on Ceasefire:")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap();
    assert!(kremlin.rect().bottom() < header_top + 40.0);
}

/// Where no file dialog can be shown (no portal, no zenity: a bare X
/// server, or these tests), saving asks for a path instead of doing nothing.
#[test]
fn without_a_file_dialog_saving_asks_for_a_typed_path() {
    let t = TempStore::sample();
    let mut h = open_app_at(&t, [1280.0, 800.0]);
    h.get_by_label("Export").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label("Save HTML…").click();
    h.run();
    let start = Instant::now();
    while h.query_by_label("No file dialog could be shown here").is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "the prompt appears");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    // A folder that does not exist is refused, with the reason.
    let bad = t.dir.path().join("no/such/folder/brief.html");
    let field = h.get_by_role_and_label(Role::TextInput, "Path");
    field.click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Path").type_text(bad.to_str().unwrap());
    h.run();
    h.get_by_label("OK").click();
    h.run();
    h.get_by_label_contains("no such folder");
    // A good path writes the brief there.
    let good = t.dir.path().join("brief.html");
    h.get_by_role_and_label(Role::TextInput, "Path").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Path").type_text(good.to_str().unwrap());
    h.run();
    h.get_by_label("OK").click();
    h.run();
    wait_idle(&mut h);
    let html = std::fs::read_to_string(&good).expect("the brief is written where typed");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(h.query_by_label("No file dialog could be shown here").is_none(), "the prompt closed");
}

/// Every text egui painted this frame smaller than `min` points: its text
/// and size.
fn small_texts(h: &Harness<'static, StancebookApp>, min: f32) -> Vec<(String, f32)> {
    use egui::epaint::Shape;
    fn walk(shape: &Shape, min: f32, out: &mut Vec<(String, f32)>) {
        match shape {
            Shape::Text(t) => {
                let text = &t.galley.job.text;
                for s in &t.galley.job.sections {
                    let size = s.format.font_id.size;
                    let part = text.get(s.byte_range.start.0..s.byte_range.end.0).unwrap_or_default();
                    if size < min - 0.01 && !part.trim().is_empty() {
                        out.push((part.to_owned(), size));
                    }
                }
            }
            Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, min, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, min, &mut out);
    }
    out
}

#[test]
fn no_text_is_smaller_than_12_points_on_any_tab() {
    let t = TempStore::sample();
    let mut h = open_app_at(&t, [1280.0, 800.0]);
    h.get_by_label_contains("Kremlin on Ceasefire").click();
    h.run();
    wait_idle(&mut h);
    let mut bad = Vec::new();
    for tab in ["Matrix", "Timeline", "Statements", "Shifts", "Ingest", "Export"] {
        h.get_by_label(tab).click();
        h.run();
        wait_idle(&mut h);
        bad.extend(
            small_texts(&h, 12.0).into_iter().map(|(text, size)| format!("{tab}: {text:?} at {size} pt")),
        );
    }
    bad.dedup();
    assert!(bad.is_empty(), "text under 12 points:\n{}", bad.join("\n"));
}
