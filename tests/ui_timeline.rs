//! The timeline's date axis: the labels `date_marks` picks, measured at the
//! app's own font, and the whole app's Timeline tab at a small window, its
//! axis labels read back from the shapes egui painted.

#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use chrono::NaiveDate;
use common::TempStore;
use common::app::wait_idle;
use egui::epaint::{ClippedShape, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancebook::app::{StancebookApp, Startup};
use stancebook::ui::timeline::{date_marks, x_of};

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Whether `text` reads as one of the date axis's labels: "2025", "Mar",
/// "Mar 2025", "12 Mar", "12 Mar 2025".
fn is_date_label(text: &str) -> bool {
    let year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let day = |w: &str| (1..=2).contains(&w.len()) && w.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
    match text.split(' ').collect::<Vec<_>>()[..] {
        [y] if year(y) => true,
        [m] | [m, _] if MONTHS.contains(&m) => text.split(' ').nth(1).is_none_or(year),
        [d, m] | [d, m, _] if day(d) && MONTHS.contains(&m) => text.split(' ').nth(2).is_none_or(year),
        _ => false,
    }
}

/// The width of `text` at the font egui_plot writes tick labels in (the
/// body text style, after the app's theme is installed).
fn measure(ctx: &egui::Context, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(&ctx.global_style());
    ctx.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE).size().x)
}

fn themed_context() -> egui::Context {
    let ctx = egui::Context::default();
    stancebook::ui::theme::install(&ctx);
    // Fonts load on the first frame.
    let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
    out.textures_delta.clear();
    ctx
}

fn day(y: i32, m: u32, d: u32) -> f64 {
    x_of(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

#[test]
fn the_picked_labels_do_not_touch_at_the_real_font() {
    let ctx = themed_context();
    assert!(is_date_label("Mar 2025") && is_date_label("12 Mar") && is_date_label("2026"));
    assert!(!is_date_label("2025-03-13") && !is_date_label("+2 backs a truce"));
    let mut checked = 0;
    for end in [day(2025, 12, 14), day(2024, 2, 29), day(2026, 1, 2)] {
        for span in [4.0, 10.0, 20.0, 61.0, 90.0, 200.0, 365.0, 1096.0, 2000.0, 4383.0, 20000.0] {
            for width in [300.0f32, 380.0, 450.0, 600.0, 800.0, 1200.0, 1800.0] {
                let (lo, hi) = (end - span, end);
                let ppd = f64::from(width) / span;
                let marks = date_marks(lo, hi, width);
                let shown: Vec<(f64, f32, f64, &str)> = marks
                    .iter()
                    .filter_map(|m| m.label.as_deref().map(|l| (m.x, measure(&ctx, l), m.step, l)))
                    .collect();
                let at =
                    || format!("{span} days at {width}: {:?}", shown.iter().map(|s| s.3).collect::<Vec<_>>());
                assert!(shown.len() >= 3, "{}", at());
                for &(_, w, step, label) in &shown {
                    assert!(is_date_label(label), "{label:?} reads as a date");
                    // egui_plot leaves out a label wider than its mark's step.
                    assert!(f64::from(w) <= step * ppd, "{label:?} fits its step: {}", at());
                }
                for pair in shown.windows(2) {
                    let blank = (pair[1].0 - pair[0].0) * ppd - f64::from(pair[0].1 + pair[1].1) / 2.0;
                    assert!(blank >= 8.0, "{} and {} {blank:.1} apart: {}", pair[0].3, pair[1].3, at());
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 200);
}

/// Every text egui painted this frame, with where.
fn painted_texts(shapes: &[ClippedShape]) -> Vec<(String, egui::Rect)> {
    fn walk(shape: &Shape, out: &mut Vec<(String, egui::Rect)>) {
        match shape {
            Shape::Text(t) => {
                out.push((t.galley.text().to_owned(), egui::Rect::from_min_size(t.pos, t.galley.size())))
            }
            Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// The date labels painted along each chart's x axis, row by row (top to
/// bottom), left to right.
fn axis_rows(h: &Harness<'static, StancebookApp>) -> Vec<Vec<(String, egui::Rect)>> {
    let mut labels: Vec<(String, egui::Rect)> =
        painted_texts(&h.output().shapes).into_iter().filter(|(t, _)| is_date_label(t)).collect();
    labels.sort_by(|a, b| a.1.top().total_cmp(&b.1.top()));
    let mut rows: Vec<Vec<(String, egui::Rect)>> = Vec::new();
    for label in labels {
        match rows.last_mut() {
            Some(row) if (row[0].1.top() - label.1.top()).abs() < 2.0 => row.push(label),
            _ => rows.push(vec![label]),
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.1.left().total_cmp(&b.1.left()));
    }
    rows
}

#[test]
fn the_timeline_dates_its_charts_in_a_small_window() {
    let t = TempStore::sample();
    let path = t.path.clone();
    let mut h = Harness::builder()
        .with_size([1024.0, 640.0])
        .with_max_steps(40)
        .build_eframe(move |cc| StancebookApp::new(cc, Startup { store: Some(path), use_storage: false }));
    wait_idle(&mut h);
    h.get_by_label("Timeline").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label("Topic");
    h.get_by_label_contains("Spread");
    // Move the pointer off the charts and draw a settled frame to read.
    h.hover_at(egui::pos2(2.0, 630.0));
    h.run();
    let rows = check_axes(&h);
    eprintln!("1024 wide: {:?}", rows[0]);
    assert!(rows[0].iter().any(|t| t.contains("2025")), "the year is named: {rows:?}");
    assert!(rows[0].len() >= 5, "months at this width: {rows:?}");
    // Narrower, as with the detail panel open: the charts are about 300 points wide.
    h.set_size(egui::vec2(780.0, 640.0));
    h.run();
    let rows = check_axes(&h);
    eprintln!("780 wide: {:?}", rows[0]);
    h.set_size(egui::vec2(1024.0, 640.0));
    h.run();
    // Zoom in on the chart (Ctrl+scroll or a pinch): the axes step down to weeks and days.
    let mut weeks_or_days = false;
    for _ in 0..6 {
        h.hover_at(egui::pos2(700.0, 300.0));
        h.event(egui::Event::Zoom(2.0));
        h.run();
        h.hover_at(egui::pos2(2.0, 630.0));
        h.run();
        let rows = check_axes(&h);
        eprintln!("zoomed: {:?}", rows[0]);
        weeks_or_days |= rows[0].iter().any(|t| {
            t.split(' ').count() >= 2 && t.split(' ').next().is_some_and(|d| d.parse::<u32>().is_ok())
        });
    }
    assert!(weeks_or_days, "zoomed in, the axis names days");
}

/// The texts of the date labels under the chart and under the spread, after
/// checking there are three or more on each, that one names a year, that
/// none overlap, and that both axes read the same.
#[track_caller]
fn check_axes(h: &Harness<'static, StancebookApp>) -> Vec<Vec<String>> {
    let rows: Vec<_> = axis_rows(h).into_iter().filter(|r| r.len() >= 2).collect();
    assert_eq!(rows.len(), 2, "two dated axes: {rows:?}");
    for row in &rows {
        let texts: Vec<&str> = row.iter().map(|(t, _)| t.as_str()).collect();
        assert!(row.len() >= 3, "three dates or more under each chart: {texts:?}");
        assert!(texts.iter().any(|t| t.split(' ').any(|w| w.len() == 4)), "a year among {texts:?}");
        for pair in row.windows(2) {
            assert!(pair[0].1.right() + 4.0 <= pair[1].1.left(), "{texts:?} do not overlap");
        }
    }
    let texts: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|(t, _)| t.clone()).collect()).collect();
    assert_eq!(texts[0], texts[1], "the chart and the spread share their dates");
    texts
}
