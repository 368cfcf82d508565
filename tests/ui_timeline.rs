//! The timeline's date axis: the labels `date_marks` picks, measured at the
//! app's own font, and the whole app's Timeline tab at a small window, its
//! axis labels read back from the shapes egui painted. Its events: a marker
//! named for each event in view, following the legend's actors and its
//! Events toggle, labels that never overlap, a hover that tells the whole
//! event, colours that read in both themes.

#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use common::TempStore;
use common::app::{open_app_at, wait_idle};
use egui::epaint::{ClippedShape, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use stancebook::analysis::{Filter, Positions};
use stancebook::app::{StancebookApp, Startup};
use stancebook::model::ActorId;
use stancebook::ui::timeline::{EVENTS_TOGGLE, date_marks, event_ink, event_marker_label, x_of};

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

// ---------------------------------------------------------------------------
// Events on the timeline.

/// The accessible names of the event markers the timeline shows.
fn event_markers(h: &Harness<'static, StancebookApp>) -> BTreeSet<String> {
    // (AccessKit keeps a label widget's text as its value.)
    h.query_all_by_label_contains("Event: ")
        .map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value()).unwrap_or_default()
        })
        .filter(|l| l.starts_with("Event: "))
        .collect()
}

/// The sample's ceasefire timeline in the whole app at `size`, settled,
/// with the pointer off the charts.
fn ceasefire_timeline(t: &TempStore, size: [f32; 2]) -> Harness<'static, StancebookApp> {
    let mut h = open_app_at(t, size);
    h.get_by_label("Timeline").click();
    h.run();
    wait_idle(&mut h);
    settle(&mut h);
    // The first topic, the ceasefire, is shown.
    let store = stancebook::store::sample();
    assert_eq!(store.topics[0].id.as_str(), "ceasefire");
    assert!(h.state().prefs.timeline.topic.as_ref().is_none_or(|t| t.as_str() == "ceasefire"));
    h
}

/// Moves the pointer off the charts and draws a settled frame to read.
fn settle(h: &mut Harness<'static, StancebookApp>) {
    let size = h.ctx.content_rect().size();
    h.hover_at(egui::pos2(2.0, size.y - 10.0));
    h.run();
}

/// The markers the ceasefire timeline must show and those it may show: the
/// events in view of the (default) filters that involve an actor drawn on
/// the chart (one with a ceasefire position, not hidden) or name none,
/// whose days overlap the chart's dates: for certain those within the ten
/// days either side of the first position and the latest statement that
/// the chart always includes; at most those within the margin egui_plot
/// adds around them.
fn expected_markers(hidden: &[&str]) -> (BTreeSet<String>, BTreeSet<String>) {
    let store = stancebook::store::sample();
    let positions = Positions::build(&store, 0..store.statements.len());
    let t = 0;
    let actors: Vec<&ActorId> = (0..store.actors.len())
        .filter(|&a| !positions.series_at(a, t).is_empty())
        .map(|a| &store.actors[a].id)
        .filter(|id| !hidden.contains(&id.as_str()))
        .collect();
    let start = (0..store.actors.len())
        .filter(|&a| !hidden.contains(&store.actors[a].id.as_str()))
        .filter_map(|a| positions.series_at(a, t).first())
        .map(|p| p.date.first_day())
        .min()
        .unwrap();
    let (lo, hi) = (x_of(start) - 10.0, x_of(stancebook::analysis::latest_date(&store)) + 10.0);
    let margin = (hi - lo) * 0.05 + 1.0;
    let filter = Filter::default();
    let select = |lo: f64, hi: f64| -> BTreeSet<String> {
        store
            .events
            .iter()
            .filter(|e| filter.matches_event(e))
            .filter(|e| e.actors.is_empty() || e.actors.iter().any(|a| actors.contains(&a)))
            .filter(|e| x_of(e.last_day()) + 0.5 >= lo && x_of(e.first_day()) - 0.5 <= hi)
            .map(event_marker_label)
            .collect()
    };
    (select(lo, hi), select(lo - margin, hi + margin))
}

/// The event labels painted this frame: texts laid out from an event's
/// title (a galley cut short with "…" keeps its whole text), with their
/// rectangles.
fn painted_event_labels(h: &Harness<'static, StancebookApp>) -> Vec<(String, egui::Rect)> {
    let store = stancebook::store::sample();
    painted_texts(&h.output().shapes)
        .into_iter()
        .filter(|(text, r)| r.width() > 0.0 && store.events.iter().any(|e| e.title == *text))
        .collect()
}

#[track_caller]
fn check_events(h: &Harness<'static, StancebookApp>, hidden: &[&str]) -> BTreeSet<String> {
    let (must, may) = expected_markers(hidden);
    let shown = event_markers(h);
    for m in &must {
        assert!(shown.contains(m), "{m} is marked; shown: {shown:#?}");
    }
    for m in &shown {
        assert!(may.contains(m), "{m} is not in view");
    }
    // The labels drawn never overlap one another.
    let labels = painted_event_labels(h);
    assert!(labels.len() >= 3, "some labels drawn: {labels:?}");
    for (i, (a, ra)) in labels.iter().enumerate() {
        for (b, rb) in &labels[i + 1..] {
            assert!(!ra.shrink(0.5).intersects(rb.shrink(0.5)), "{a:?} {ra:?} overlaps {b:?} {rb:?}");
        }
    }
    shown
}

#[test]
fn the_ceasefire_timeline_marks_each_event_in_view() {
    const ALASKA: &str = "Event: Trump–Putin summit in Alaska ends without a deal, 15 Aug 2025";
    for size in [[1280.0, 800.0], [1024.0, 640.0]] {
        let t = TempStore::sample();
        let mut h = ceasefire_timeline(&t, size);
        let shown = check_events(&h, &[]);
        eprintln!("{size:?}: {} markers, labels {:?}", shown.len(), painted_event_labels(&h));
        h.get_by_label(ALASKA);
        assert!(shown.len() >= 15, "{shown:#?}");
        // The Riyadh technical talks of 23–25 March are a band, marked too.
        assert!(shown.iter().any(|m| m.contains("Riyadh technical talks") && m.ends_with("23–25 Mar 2025")));

        // Hiding the Kremlin in the legend takes off the events only it is in (Moscow's truces).
        h.get_by_label("● Kremlin").click();
        h.run();
        settle(&mut h);
        let without = check_events(&h, &["kremlin"]);
        assert!(!without.iter().any(|m| m.contains("truce declared by Moscow")), "{without:#?}");
        assert!(shown.iter().any(|m| m.contains("truce declared by Moscow")));
        assert!(without.contains(ALASKA), "Washington was there too");
        h.get_by_label("● Kremlin").click();
        h.run();

        // The legend's toggle hides them all, and brings them back; the app remembers it.
        h.get_by_label(EVENTS_TOGGLE).click();
        h.run();
        settle(&mut h);
        assert!(event_markers(&h).is_empty());
        assert!(painted_event_labels(&h).is_empty());
        assert!(h.state().prefs.timeline.hide_events);
        h.get_by_label(EVENTS_TOGGLE).click();
        h.run();
        settle(&mut h);
        assert_eq!(event_markers(&h), shown);
    }
}

#[test]
fn hovering_an_event_label_tells_the_whole_event() {
    let t = TempStore::sample();
    let mut h = ceasefire_timeline(&t, [1280.0, 800.0]);
    let marker = h.get_by_label("Event: Trump–Putin summit in Alaska ends without a deal, 15 Aug 2025");
    let at = marker.rect().center();
    h.hover_at(at);
    h.run();
    h.run();
    // The tooltip: title, dates, kind and place, actors, source.
    h.get_by_label("Trump–Putin summit in Alaska ends without a deal");
    h.get_by_label("15 Aug 2025 · summit · Anchorage");
    h.get_by_label("Washington, Kremlin");
    h.get_by_label_contains("Source: BBC");
}

#[test]
fn hovering_an_event_line_in_the_chart_tells_the_event() {
    let t = TempStore::sample();
    let mut h = ceasefire_timeline(&t, [1280.0, 800.0]);
    // The Alaska summit's label runs right from its line, in mid-chart.
    let label = h.get_by_label("Event: Trump–Putin summit in Alaska ends without a deal, 15 Aug 2025").rect();
    // Down the line, between the +2 and +1 levels, where no statement is.
    h.hover_at(egui::pos2(label.left() + 1.0, label.bottom() + 110.0));
    h.run();
    h.run();
    h.get_by_label("15 Aug 2025 · summit · Anchorage");
    h.get_by_label_contains("Source: BBC");
}

#[test]
fn event_markers_read_in_both_themes() {
    use stancebook::ui::theme::{contrast, style_visuals};
    for dark in [false, true] {
        let mut v = if dark { egui::Visuals::dark() } else { egui::Visuals::light() };
        style_visuals(&mut v);
        // The dashed lines on the chart, the ticks on the panel: graphics, 3:1 (WCAG 1.4.11).
        for (name, bg) in [("chart", v.extreme_bg_color), ("panel", v.panel_fill)] {
            let c = contrast(event_ink(dark), bg);
            assert!(c >= 3.0, "event lines on the {name} ({}): {c:.2}", if dark { "dark" } else { "light" });
        }
        // The labels are the panel's own text.
        assert!(contrast(v.text_color(), v.panel_fill) >= 4.5);
    }
}
