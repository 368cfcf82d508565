//! The timeline: one chart per topic, a step line per actor in its colour, a
//! marker per statement (hollow when unverified), the spread below.

use chrono::{Datelike, NaiveDate};
use egui::{Color32, RichText, Ui};
use egui_plot::{GridInput, GridMark, Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points};
use serde::{Deserialize, Serialize};

use super::widgets::{self, date_text, stance_words};
use super::{Action, View, theme};
use crate::analysis::{self, Point};
use crate::model::{Stance, TopicId};

/// Above this many statements in view, markers are not drawn.
const MAX_MARKERS: usize = 1500;

/// The timeline's settings, kept between runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelinePrefs {
    /// The topic shown (the first topic if unset or gone).
    pub topic: Option<TopicId>,
    /// Actors hidden from the chart (clicked off in its legend).
    pub hidden: std::collections::BTreeSet<crate::model::ActorId>,
}

/// The timeline's passing UI state.
#[derive(Default)]
pub struct TimelineState {}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

/// A date as the chart's x value (days since 1970).
pub fn x_of(d: NaiveDate) -> f64 {
    (d - epoch()).num_days() as f64
}

/// The date at a chart x value.
pub fn date_of(x: f64) -> Option<NaiveDate> {
    if !x.is_finite() || x.abs() > 3.0e6 {
        return None;
    }
    epoch().checked_add_signed(chrono::Duration::days(x.round() as i64))
}

/// Grid marks on the first of each month (or each year when zoomed out).
fn date_grid(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let (Some(a), Some(b)) = (date_of(lo), date_of(hi)) else { return vec![] };
    let span = hi - lo;
    let mut marks = Vec::new();
    let mut y = a.year();
    let mut m = if span > 1500.0 { 1 } else { a.month() };
    let month_step = if span > 1500.0 {
        12
    } else if span > 700.0 {
        3
    } else {
        1
    };
    while let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) {
        if d > b {
            break;
        }
        if d >= a {
            let step = if m == 1 {
                365.0
            } else if month_step == 1 {
                30.0
            } else {
                91.0
            };
            marks.push(GridMark { value: x_of(d), step_size: step });
        }
        m += month_step;
        if m > 12 {
            m -= 12;
            y += 1;
        }
        if marks.len() > 400 {
            break;
        }
    }
    marks
}

fn date_label(mark: GridMark, range: &std::ops::RangeInclusive<f64>) -> String {
    let Some(d) = date_of(mark.value) else { return String::new() };
    // The year on January and on the first mark, so every chart says which year it shows.
    let first = mark.value - range.start() < 32.0;
    if d.month() == 1 {
        format!("{}", d.year())
    } else if first {
        d.format("%b %Y").to_string()
    } else {
        d.format("%b").to_string()
    }
}

/// Draws the timeline of one topic.
pub fn timeline_ui(
    ui: &mut Ui,
    view: &View,
    prefs: &mut TimelinePrefs,
    _state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    let store = view.store;
    if view.topics.is_empty() {
        ui.label("No topics pass the filters.");
        return;
    }
    let t = prefs
        .topic
        .as_ref()
        .and_then(|id| view.topics.iter().copied().find(|&t| &store.topics[t].id == id))
        .unwrap_or(view.topics[0]);
    topic_picker_ui(ui, view, prefs, t);
    ui.add_space(4.0);
    // The actors with positions on this topic, in store order; the legend hides and shows them.
    let with_positions: Vec<usize> =
        view.actors.iter().copied().filter(|&a| !view.positions.series_at(a, t).is_empty()).collect();
    if with_positions.is_empty() {
        ui.add_space(20.0);
        ui.label(format!(
            "No statement takes a position on {} under the current filters.",
            store.topics[t].name
        ));
        return;
    }
    legend_ui(ui, view, prefs, &with_positions);
    let actors: Vec<usize> =
        with_positions.iter().copied().filter(|&a| !prefs.hidden.contains(&store.actors[a].id)).collect();
    let end = view.latest;
    let start = actors
        .iter()
        .filter_map(|&a| view.positions.series_at(a, t).first())
        .map(|p| p.date.first_day())
        .min()
        .unwrap_or(end);
    let spread_height = 90.0;
    let chart_height = (ui.available_height() - spread_height - 40.0).max(220.0);
    let span = Span { start, end, topic: t, link: egui::Id::unique("timeline-x") };
    chart_ui(ui, view, &actors, &span, chart_height, actions);
    spread_ui(ui, view, &actors, &span, spread_height);
}

/// The dates and topic both charts show, and the id that links their x axes.
struct Span {
    start: NaiveDate,
    end: NaiveDate,
    topic: usize,
    link: egui::Id,
}

/// The topic's picker and its proposition.
fn topic_picker_ui(ui: &mut Ui, view: &View, prefs: &mut TimelinePrefs, t: usize) {
    let store = view.store;
    let topic = &store.topics[t];
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        let label = ui.label("Topic");
        egui::ComboBox::from_id_salt("timeline-topic")
            .selected_text(RichText::new(&topic.name).strong())
            .width(220.0)
            .show_ui(ui, |ui| {
                for &i in view.topics {
                    let tp = &store.topics[i];
                    if ui.selectable_label(i == t, &tp.name).on_hover_text(&tp.proposition).clicked() {
                        prefs.topic = Some(tp.id.clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.add(
            egui::Label::new(RichText::new(&topic.proposition).italics().color(theme::weak(dark))).truncate(),
        )
        .on_hover_text(&topic.proposition);
    });
}

/// The actors as coloured names: a click hides or shows one.
fn legend_ui(ui: &mut Ui, view: &View, prefs: &mut TimelinePrefs, with_positions: &[usize]) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for &a in with_positions {
            let actor = &view.store.actors[a];
            let on = !prefs.hidden.contains(&actor.id);
            let color = theme::actor_color(actor.color);
            let text =
                RichText::new(format!("● {}", actor.name)).color(if on { color } else { theme::weak(dark) });
            let text = if on { text.strong() } else { text.strikethrough() };
            if ui
                .selectable_label(false, text)
                .on_hover_text(if on { "Click to hide" } else { "Click to show" })
                .clicked()
            {
                if on {
                    prefs.hidden.insert(actor.id.clone());
                } else {
                    prefs.hidden.remove(&actor.id);
                }
            }
        }
    });
}

/// The step chart: a line per actor, a point per statement (hollow when
/// unverified), the five labelled stances up the side; hover for the
/// position's evidence, click to open the statement.
fn chart_ui(ui: &mut Ui, view: &View, actors: &[usize], span: &Span, height: f32, actions: &mut Vec<Action>) {
    let store = view.store;
    let topic = &store.topics[span.topic];
    let dark = ui.visuals().dark_mode;
    let labels: Vec<String> =
        Stance::ALL.iter().map(|&s| format!("{} {}", s.signed(), topic.label(s))).collect();
    let plot = Plot::new(("timeline", span.topic))
        .height(height)
        .x_grid_spacer(date_grid)
        .x_axis_formatter(date_label)
        .y_grid_spacer(|_| (-2..=2).map(|v| GridMark { value: v as f64, step_size: 1.0 }).collect())
        .y_axis_formatter(move |m, _| {
            let i = (m.value.round() as i64 + 2).clamp(0, 4) as usize;
            if (m.value - m.value.round()).abs() < 1e-6 { labels[i].clone() } else { String::new() }
        })
        .y_axis_min_width(210.0)
        .include_y(-2.4)
        .include_y(2.4)
        .include_x(x_of(span.start) - 10.0)
        .include_x(x_of(span.end) + 10.0)
        .show_x(false)
        .show_y(false)
        .allow_scroll(false)
        .link_axis(span.link, [true, false])
        .link_cursor(span.link, [true, false]);
    let mut too_many = 0usize;
    let response = plot.show(ui, |plot_ui| series_ui(plot_ui, view, actors, span, &mut too_many));
    let mut r = response.response;
    if too_many > 0 {
        ui.label(
            RichText::new(format!(
                "{too_many} statements in view: zoom in (Ctrl+scroll) to see them one by one, or narrow the filters."
            ))
            .small()
            .color(theme::weak(dark)),
        );
    }
    if let Some((a, p)) = response.inner {
        let s = &store.statements[p.statement];
        r = r.on_hover_ui_at_pointer(|ui| {
            ui.set_max_width(400.0);
            let actor = &store.actors[a];
            ui.horizontal(|ui| {
                widgets::actor_dot(ui, actor);
                ui.label(RichText::new(widgets::who(store, s)).strong());
            });
            ui.label(format!("{} · {}", date_text(s.date), stance_words(topic, p.stance)));
            ui.separator();
            // What backs this position: its evidence, not the whole quote.
            widgets::backing_block(ui, store, s, &topic.id, usize::MAX);
            ui.label(RichText::new("Click to open the statement").small());
        });
        if r.clicked() {
            actions.push(Action::Select(Some(s.id)));
        }
    }
}

/// Each actor's step line and points inside the plot; returns the marker
/// under the pointer (within 10 points on screen). Markers are drawn only
/// where they can be told apart: with more statements in view than that,
/// the step lines alone are drawn (zoom in for the points), and
/// `too_many` says how many there are.
fn series_ui(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    view: &View,
    actors: &[usize],
    span: &Span,
    too_many: &mut usize,
) -> Option<(usize, Point)> {
    let t = span.topic;
    // Actors sharing a stance would hide each other: spread their lines a little.
    let n = actors.len() as f64;
    let offset = |rank: usize| (rank as f64 - (n - 1.0) / 2.0) * (0.36 / n.max(1.0)).min(0.07);
    let bounds = plot_ui.plot_bounds();
    let (x0, x1) = (bounds.min()[0], bounds.max()[0]);
    let in_view: usize = actors
        .iter()
        .map(|&a| {
            let sr = view.positions.series_at(a, t);
            let lo = sr.partition_point(|p| x_of(p.date.first_day()) < x0);
            let hi = sr.partition_point(|p| x_of(p.date.first_day()) <= x1);
            hi.saturating_sub(lo)
        })
        .sum();
    let draw_markers = in_view <= MAX_MARKERS || !bounds.is_valid();
    if !draw_markers {
        *too_many = in_view;
    }
    let mut markers: Vec<(PlotPoint, usize, Point)> = Vec::new();
    for (rank, &a) in actors.iter().enumerate() {
        let actor = &view.store.actors[a];
        let color = theme::actor_color(actor.color);
        let series = view.positions.series_at(a, t);
        let dy = offset(rank);
        let mut line: Vec<[f64; 2]> = Vec::with_capacity(series.len() * 2 + 1);
        for (i, p) in series.iter().enumerate() {
            let x = x_of(p.date.first_day());
            let y = p.stance.value() as f64 + dy;
            if i > 0 {
                let prev = line.last().copied().unwrap_or([x, y]);
                line.push([x, prev[1]]);
            }
            line.push([x, y]);
        }
        if let Some(last) = line.last().copied() {
            line.push([x_of(span.end).max(last[0]), last[1]]);
        }
        plot_ui.add(
            Line::new(actor.name.clone(), PlotPoints::new(line))
                .color(color)
                .width(2.0)
                .allow_band(false)
                .allow_hover(false),
        );
        if !draw_markers {
            continue;
        }
        let (mut solid, mut hollow) = (Vec::new(), Vec::new());
        for p in series {
            let pt = PlotPoint::new(x_of(p.date.first_day()), p.stance.value() as f64 + dy);
            markers.push((pt, a, *p));
            if p.unverified { hollow.push([pt.x, pt.y]) } else { solid.push([pt.x, pt.y]) }
        }
        plot_ui.add(
            Points::new(actor.name.clone(), PlotPoints::new(solid))
                .color(color)
                .radius(4.5)
                .shape(MarkerShape::Circle)
                .allow_hover(false),
        );
        if !hollow.is_empty() {
            plot_ui.add(
                Points::new(actor.name.clone(), PlotPoints::new(hollow))
                    .color(color)
                    .radius(5.0)
                    .filled(false)
                    .shape(MarkerShape::Circle)
                    .allow_hover(false),
            );
        }
    }
    let pointer = plot_ui.response().hover_pos()?;
    markers
        .iter()
        .map(|(pt, a, p)| (plot_ui.screen_from_plot(*pt).distance(pointer), *a, *p))
        .filter(|(d, _, _)| *d < 10.0)
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, a, p)| (a, p))
}

/// The spread (highest minus lowest stance) under the chart, on the same
/// dates, and a sentence on whether the actors converged.
fn spread_ui(ui: &mut Ui, view: &View, actors: &[usize], span: &Span, height: f32) {
    let dark = ui.visuals().dark_mode;
    let spread = analysis::spread_series(view.positions, span.topic, actors);
    ui.add_space(4.0);
    let spread_color = if dark { Color32::from_gray(190) } else { Color32::from_gray(70) };
    Plot::new(("timeline-spread", span.topic))
        .height(height)
        .x_grid_spacer(date_grid)
        .x_axis_formatter(date_label)
        .y_grid_spacer(|_| (0..=4).step_by(2).map(|v| GridMark { value: v as f64, step_size: 2.0 }).collect())
        .y_axis_formatter(|m, _| {
            if m.value.round() == 4.0 {
                "4 apart".into()
            } else if m.value.round() == 0.0 {
                "agree".into()
            } else {
                String::new()
            }
        })
        .y_axis_min_width(210.0)
        .y_axis_label("Spread")
        .include_y(0.0)
        .include_y(4.2)
        .include_x(x_of(span.start) - 10.0)
        .include_x(x_of(span.end) + 10.0)
        .show_x(false)
        .show_y(false)
        .allow_scroll(false)
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .link_axis(span.link, [true, false])
        .link_cursor(span.link, [true, false])
        .show(ui, |plot_ui| {
            let mut pts: Vec<[f64; 2]> = Vec::new();
            for sp in &spread {
                let x = x_of(sp.date);
                if let Some(prev) = pts.last().copied() {
                    pts.push([x, prev[1]]);
                }
                pts.push([x, sp.spread() as f64]);
            }
            if let Some(last) = pts.last().copied() {
                pts.push([x_of(span.end).max(last[0]), last[1]]);
            }
            plot_ui.add(
                Line::new("Spread (highest − lowest stance)", PlotPoints::new(pts))
                    .color(spread_color)
                    .width(1.5)
                    .fill(0.0)
                    .fill_alpha(0.12)
                    .allow_band(false)
                    .allow_hover(false),
            );
        });
    if let (Some(first), Some(last)) = (spread.first(), spread.last()) {
        let trend = match last.spread().cmp(&first.spread()) {
            std::cmp::Ordering::Less => "the actors have converged",
            std::cmp::Ordering::Greater => "the actors have diverged",
            std::cmp::Ordering::Equal => "the spread is where it started",
        };
        ui.label(
            RichText::new(format!(
                "Spread {} on {} → {} on {}: {trend}. Drag to pan, Ctrl+scroll or pinch to zoom, double-click to reset; click a name above the chart to hide it.",
                first.spread(),
                first.date,
                last.spread(),
                last.date
            ))
            .small()
            .color(theme::weak(dark)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_values_round_trip_to_dates() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 13).unwrap();
        assert_eq!(date_of(x_of(d)), Some(d));
        assert_eq!(date_of(f64::NAN), None);
    }

    #[test]
    fn grid_marks_fall_on_the_first_of_months() {
        let a = NaiveDate::from_ymd_opt(2025, 2, 10).unwrap();
        let b = NaiveDate::from_ymd_opt(2025, 6, 20).unwrap();
        let marks = date_grid(GridInput { bounds: (x_of(a), x_of(b)), base_step_size: 1.0 });
        let days: Vec<String> = marks.iter().map(|m| date_of(m.value).unwrap().to_string()).collect();
        assert_eq!(days, ["2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01"]);
    }
}
