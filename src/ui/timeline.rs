//! The timeline: one chart per topic, a step line per actor in its colour, a
//! marker per statement (hollow when unverified), the events in view as
//! dashed lines and shaded bands with labels above the chart, the spread
//! below.

use chrono::{Datelike, NaiveDate};
use egui::{Color32, Rect, RichText, Ui};
use egui_plot::{
    AxisHints, GridInput, GridMark, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints, PlotTransform,
    Points, VLine,
};
use serde::{Deserialize, Serialize};

use super::widgets::{self, date_text, stance_words};
use super::{Action, View, theme};
use crate::analysis::{self, Point};
use crate::export::chart::{LabelRoom, LabelSlot, place_labels};
use crate::model::{Event, EventId, Stance, Store, TopicId};

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
    /// The events are hidden (clicked off in the legend).
    pub hide_events: bool,
}

/// The timeline's passing UI state.
#[derive(Default)]
pub struct TimelineState {
    /// The event whose label or line the pointer was on last frame (its
    /// line is drawn stronger).
    hovered_event: Option<EventId>,
}

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

/// The smallest distance between grid lines, in points: egui_plot's
/// `grid_spacing().min`, set on both charts, from which the date axis works
/// out how many points the visible span covers (egui_plot passes it as
/// `GridInput::base_step_size`, in days).
const GRID_MIN_PX: f32 = 8.0;
/// The distance a date label wants from the next one, in points ("Mar 2025"
/// is about 55 wide at the axis font); closer steps are used only when the
/// plot is too narrow to show three dates this far apart.
const LABEL_PX: f32 = 70.0;
/// The least blank space between two labels' text, in points (over widths
/// that are already rounded up).
const LABEL_GAP: f32 = 8.0;
/// Unlabelled grid lines between the labelled ones, when at least this far apart.
const MINOR_PX: f32 = 15.0;
/// The fewest dates the axis labels whenever it can.
const MIN_LABELS: usize = 3;

/// The calendar units the date axis steps in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateUnit {
    Day,
    /// Weeks start on Monday.
    Week,
    /// Calendar months; 3 and 6 start on January, April, July, October.
    Month,
    Year,
}

/// A step of the date axis: `n` calendar units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DateStep {
    unit: DateUnit,
    n: u32,
}

const fn step(unit: DateUnit, n: u32) -> DateStep {
    DateStep { unit, n }
}

/// The steps the date axis can take, finest first.
const DATE_STEPS: [DateStep; 21] = [
    step(DateUnit::Day, 1),
    step(DateUnit::Day, 2),
    step(DateUnit::Day, 3),
    step(DateUnit::Day, 4),
    step(DateUnit::Week, 1),
    step(DateUnit::Week, 2),
    step(DateUnit::Week, 4),
    step(DateUnit::Month, 1),
    step(DateUnit::Month, 2),
    step(DateUnit::Month, 3),
    step(DateUnit::Month, 6),
    step(DateUnit::Year, 1),
    step(DateUnit::Year, 2),
    step(DateUnit::Year, 5),
    step(DateUnit::Year, 10),
    step(DateUnit::Year, 20),
    step(DateUnit::Year, 50),
    step(DateUnit::Year, 100),
    step(DateUnit::Year, 200),
    step(DateUnit::Year, 500),
    step(DateUnit::Year, 1000),
];

/// The chart x of a Monday (5 January 1970).
const MONDAY_X: i64 = 4;

impl DateStep {
    /// Whether the axis may choose it when there is room: every 3 or 4 days
    /// and every 4 weeks read less naturally than the steps beside them, and
    /// are used only to show three dates on a narrow plot.
    fn regular(self) -> bool {
        !matches!((self.unit, self.n), (DateUnit::Day, 3 | 4) | (DateUnit::Week, 4))
    }

    /// The shortest real distance between two of its marks, in days.
    fn min_days(self) -> f64 {
        let n = f64::from(self.n);
        match self.unit {
            DateUnit::Day => n,
            DateUnit::Week => 7.0 * n,
            // February; two, three and six months from January hold at least 59, 90 and 181 days.
            DateUnit::Month => match self.n {
                1 => 28.0,
                2 => 59.0,
                3 => 90.0,
                _ => 30.0 * n + 1.0,
            },
            DateUnit::Year => 365.0 * n,
        }
    }

    /// Whether every mark of `self` is also a mark of `other`'s grid (so
    /// `self` can draw the lines between `other`'s labels).
    fn divides(self, other: DateStep) -> bool {
        use DateUnit::{Day, Month, Week, Year};
        match (self.unit, other.unit) {
            (Day, Day) | (Week, Week) | (Month, Month) | (Year, Year) => other.n.is_multiple_of(self.n),
            (Day, _) => self.n == 1,
            (Month, Year) => 12u32.is_multiple_of(self.n),
            _ => false,
        }
    }

    /// Its marks from `lo` to `hi` that may carry a label: with days and
    /// weeks, each 1 January is one too, to name the new year.
    fn label_marks(self, lo: i64, hi: i64) -> Vec<i64> {
        let mut xs = self.marks(lo, hi);
        if matches!(self.unit, DateUnit::Day | DateUnit::Week) {
            xs.extend(step(DateUnit::Year, 1).marks(lo, hi));
            xs.sort_unstable();
            xs.dedup();
        }
        xs
    }

    /// The chart x (whole days) of its marks from `lo` to `hi`, both included.
    fn marks(self, lo: i64, hi: i64) -> Vec<i64> {
        let mut out = Vec::new();
        match self.unit {
            DateUnit::Day | DateUnit::Week => {
                let (n, origin) = match self.unit {
                    DateUnit::Day => (i64::from(self.n), 0),
                    _ => (7 * i64::from(self.n), MONDAY_X),
                };
                let mut x = lo + (origin - lo).rem_euclid(n);
                while x <= hi {
                    out.push(x);
                    x += n;
                }
            }
            DateUnit::Month | DateUnit::Year => {
                let Some(first) = date_of(lo as f64) else { return out };
                let n = if self.unit == DateUnit::Month { i64::from(self.n) } else { 12 * i64::from(self.n) };
                // Months counted from year 0; a step's marks are its multiples (January for years).
                let month0 = i64::from(first.year()) * 12 + i64::from(first.month0());
                let first_of = |m: i64| {
                    let year = i32::try_from(m.div_euclid(12)).ok()?;
                    NaiveDate::from_ymd_opt(year, u32::try_from(m.rem_euclid(12) + 1).ok()?, 1)
                };
                let mut m = month0 + (-month0).rem_euclid(n);
                while let Some(d) = first_of(m) {
                    let x = x_of(d) as i64;
                    if x > hi {
                        break;
                    }
                    if x >= lo {
                        out.push(x);
                    }
                    m += n;
                }
            }
        }
        out
    }
}

/// How analysts write a date at this step: the year on 1 January ("2026")
/// and on each mark of a year step, the month between them on month steps
/// ("Mar"), the day and month on day and week steps ("12 Mar"). The first
/// label names its year too ("Mar 2025", "12 Mar 2025") when no label names
/// a year, or when `first_year` asks for it. Each label comes with its
/// rank: 2 for a year, 1 for a first label that names its year, 0 for the
/// rest.
fn date_labels(step: DateStep, xs: &[i64], first_year: bool) -> Vec<(String, u8)> {
    let dates: Vec<NaiveDate> = xs.iter().filter_map(|&x| date_of(x as f64)).collect();
    let new_year = |d: &NaiveDate| d.month() == 1 && d.day() == 1;
    let first_year = first_year || !dates.iter().any(new_year);
    dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let first = i == 0 && first_year;
            match step.unit {
                _ if step.unit == DateUnit::Year || new_year(d) => (d.year().to_string(), 2),
                DateUnit::Month if first => (d.format("%b %Y").to_string(), 1),
                DateUnit::Month => (d.format("%b").to_string(), 0),
                _ if first => (format!("{} {}", d.day(), d.format("%b %Y")), 1),
                _ => (format!("{} {}", d.day(), d.format("%b")), 0),
            }
        })
        .collect()
}

/// A label's width in points at the axis font (egui's 13 pt proportional),
/// rounded up: a digit is 7.34 wide, a month's short name at most 24.03
/// ("May"), a space 2.97.
fn label_width(text: &str) -> f32 {
    text.split(' ')
        .map(|word| if word.bytes().all(|b| b.is_ascii_digit()) { 7.4 * word.len() as f32 } else { 24.1 } + 3.0)
        .sum::<f32>()
        - 3.0
}

/// Which of a step's labels are shown: a label that names a year wins over
/// one that does not, and an earlier one over a later one of the same rank;
/// a label that would come within `LABEL_GAP` of a shown one is left off
/// (its grid line stays). `None` when the step is too fine for its labels:
/// two plain neighbours, or two labels naming a new year, would touch.
fn fit_labels(xs: &[i64], labels: Vec<(String, u8)>, px_per_day: f64) -> Option<Vec<Option<String>>> {
    let widths: Vec<f32> = labels.iter().map(|(l, _)| label_width(l)).collect();
    let clear = |i: usize, j: usize| {
        (xs[i] - xs[j]).abs() as f64 * px_per_day >= f64::from((widths[i] + widths[j]) / 2.0 + LABEL_GAP)
    };
    if (1..xs.len()).any(|i| labels[i - 1].1 == labels[i].1 && labels[i].1 != 1 && !clear(i - 1, i)) {
        return None;
    }
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(labels[i].1), i));
    let mut shown = vec![false; xs.len()];
    for i in order {
        shown[i] = (0..xs.len()).all(|j| !shown[j] || clear(i, j));
    }
    Some(labels.into_iter().zip(shown).map(|((l, _), s)| s.then_some(l)).collect())
}

/// The labelled step for the whole days `lo..=hi` at `px_per_day`, with its
/// marks and their labels: the finest step whose marks stand `LABEL_PX`
/// apart; if that labels fewer than three dates, the coarsest finer step
/// that labels three.
fn pick_step(lo: i64, hi: i64, px_per_day: f64) -> Option<(DateStep, Vec<i64>, Vec<Option<String>>)> {
    // Steps too fine for even the shortest labels are not tried (nor counted out).
    let tried: Vec<(DateStep, Vec<i64>, Vec<Option<String>>)> = DATE_STEPS
        .iter()
        .filter(|s| s.min_days() * px_per_day >= f64::from(label_width("Jul") + LABEL_GAP))
        .filter_map(|&s| {
            let xs = s.label_marks(lo, hi);
            // The first label names its year unless that leaves another label off.
            let fit = |first_year| fit_labels(&xs, date_labels(s, &xs, first_year), px_per_day);
            let shown = |labels: &Option<Vec<Option<String>>>| labels.iter().flatten().flatten().count();
            let (long, short) = (fit(true), fit(false));
            let labels = if shown(&short) > shown(&long) { short } else { long.or(short) }?;
            Some((s, xs, labels))
        })
        .collect();
    let count = |i: usize| tried[i].2.iter().flatten().count();
    let preferred = tried
        .iter()
        .position(|(s, _, _)| s.regular() && s.min_days() * px_per_day >= f64::from(LABEL_PX))
        // Wider than any step: the coarsest that labels anything.
        .or_else(|| (0..tried.len()).rev().find(|&i| count(i) > 0))?;
    let chosen = if count(preferred) >= MIN_LABELS {
        preferred
    } else {
        (0..preferred).rev().find(|&i| count(i) >= MIN_LABELS).unwrap_or(preferred)
    };
    tried.into_iter().nth(chosen)
}

/// One mark of the date axis: a grid line at chart x `x` (days since 1970),
/// `step` days from the next of its kind (egui_plot's `step_size`: it fades
/// the closer lines), and the label, if this mark carries one.
#[derive(Clone, Debug, PartialEq)]
pub struct DateMark {
    pub x: f64,
    pub step: f64,
    pub label: Option<String>,
}

/// The date axis for the days `min_day..=max_day` shown over `width_px`
/// points: labelled marks on calendar boundaries (days, Monday weeks,
/// months, quarters from January, years, decades…) far enough apart not to
/// overlap, at least three of them whenever the plot is wide enough for
/// three short dates, and unlabelled lines between them where there is room.
pub fn date_marks(min_day: f64, max_day: f64, width_px: f32) -> Vec<DateMark> {
    let span = max_day - min_day;
    if !(span > 0.0 && width_px > 0.0 && width_px.is_finite())
        || date_of(min_day).is_none()
        || date_of(max_day).is_none()
    {
        return Vec::new();
    }
    let px_per_day = f64::from(width_px) / span;
    let (lo, hi) = (min_day.ceil() as i64, max_day.floor() as i64);
    let Some((major, xs, labels)) = pick_step(lo, hi, px_per_day) else { return Vec::new() };
    // egui_plot leaves out a label wider than its mark's step: a long one
    // ("12 Mar 2025" on 3-day steps) gets a step as wide as itself, which
    // draws its line a shade stronger.
    let mut marks: Vec<DateMark> = xs
        .iter()
        .zip(labels)
        .map(|(&x, label)| {
            let wide = label.as_deref().map_or(0.0, |l| f64::from(label_width(l) + 1.0) / px_per_day);
            DateMark { x: x as f64, step: major.min_days().max(wide), label }
        })
        .collect();
    // The finest step nested in the labelled one, for the lines between labels.
    let minor = DATE_STEPS
        .iter()
        .copied()
        .find(|&s| s != major && s.divides(major) && s.min_days() * px_per_day >= f64::from(MINOR_PX));
    if let Some(minor) = minor {
        for x in minor.marks(lo, hi) {
            if xs.binary_search(&x).is_err() {
                marks.push(DateMark { x: x as f64, step: minor.min_days(), label: None });
            }
        }
        marks.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    marks
}

/// The date axis of one chart, for egui_plot: the grid spacer works out the
/// marks and their labels from the visible span and the plot's width (which
/// `GridInput` carries), and the axis formatter, which egui_plot calls right
/// after it, shows the label picked for each mark.
#[derive(Clone, Default)]
struct DateAxis {
    marks: std::rc::Rc<std::cell::RefCell<Vec<DateMark>>>,
}

impl DateAxis {
    /// Gives `plot` this date axis along x.
    fn install<'a>(plot: Plot<'a>) -> Plot<'a> {
        let axis = DateAxis::default();
        let spacer = axis.clone();
        // The spacer spaced the labels already: egui_plot is only to leave out one wider than its step.
        let x_axis = AxisHints::new_x().formatter(move |mark, _| axis.label(mark)).label_spacing(0.0..=1.0);
        plot.grid_spacing(GRID_MIN_PX..=300.0)
            .x_grid_spacer(move |input| spacer.grid(&input))
            .custom_x_axes(vec![x_axis])
    }

    fn grid(&self, input: &GridInput) -> Vec<GridMark> {
        let (lo, hi) = input.bounds;
        let width = (hi - lo) * f64::from(GRID_MIN_PX) / input.base_step_size;
        let marks = date_marks(lo, hi, width as f32);
        let grid = marks.iter().map(|m| GridMark { value: m.x, step_size: m.step }).collect();
        *self.marks.borrow_mut() = marks;
        grid
    }

    fn label(&self, mark: GridMark) -> String {
        let marks = self.marks.borrow();
        marks
            .binary_search_by(|m| m.x.total_cmp(&mark.value))
            .ok()
            .and_then(|i| marks[i].label.clone())
            .unwrap_or_default()
    }
}

/// Draws the timeline of one topic.
pub fn timeline_ui(
    ui: &mut Ui,
    view: &View,
    prefs: &mut TimelinePrefs,
    state: &mut TimelineState,
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
    let events = if prefs.hide_events { Vec::new() } else { events_in_view(view, &actors) };
    let spread_height = 90.0;
    // Rows of event labels above the chart: three, two on a short window.
    let label_rows = if events.is_empty() {
        0
    } else if ui.available_height() > 560.0 {
        3
    } else {
        2
    };
    let strip_height = label_strip_height(label_rows);
    let chart_height = (ui.available_height() - spread_height - 40.0 - strip_height).max(220.0);
    let span = Span { start, end, topic: t, link: egui::Id::unique("timeline-x"), events, label_rows };
    chart_ui(ui, view, &actors, &span, chart_height, state, actions);
    spread_ui(ui, view, &actors, &span, spread_height, state);
}

/// The dates, topic and events both charts show, and the id that links
/// their x axes.
struct Span {
    start: NaiveDate,
    end: NaiveDate,
    topic: usize,
    link: egui::Id,
    /// The events in view (indices into `Store::events`), whatever their dates.
    events: Vec<usize>,
    /// Rows of event labels above the chart (0: no events).
    label_rows: usize,
}

/// The events the timeline shows (indices into `Store::events`, oldest
/// first): those in view of the filters ([`crate::analysis::Filter::matches_event`])
/// that involve one of `actors` (indices into `Store::actors`: those drawn
/// on the chart) or name no actor. Each chart then keeps those whose days
/// overlap its visible dates.
pub fn events_in_view(view: &View, actors: &[usize]) -> Vec<usize> {
    let store = view.store;
    let ids: Vec<&crate::model::ActorId> = actors.iter().map(|&a| &store.actors[a].id).collect();
    store
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| view.filter.matches_event(e))
        .filter(|(_, e)| e.actors.is_empty() || e.actors.iter().any(|a| ids.contains(&a)))
        .map(|(i, _)| i)
        .collect()
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
        if !view.store.events.is_empty() {
            ui.separator();
            let on = !prefs.hide_events;
            let text = RichText::new(EVENTS_TOGGLE);
            let text = if on { text.strong() } else { text.color(theme::weak(dark)).strikethrough() };
            if ui
                .selectable_label(false, text)
                .on_hover_text(if on {
                    "Click to hide the events (summits, calls, talks…)"
                } else {
                    "Click to show the events (summits, calls, talks…)"
                })
                .clicked()
            {
                prefs.hide_events = on;
            }
        }
    });
}

/// The legend's toggle for the events.
pub const EVENTS_TOGGLE: &str = "⋮ Events";

/// The colour of event lines and their labels' ticks: a neutral slate,
/// apart from the actors' colours and quieter than their lines, that still
/// stands out in both themes (over 3:1, WCAG's mark for graphics, on the
/// chart's and the panel's background).
pub fn event_ink(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0x7a, 0x82, 0x8e) } else { Color32::from_rgb(0x74, 0x7c, 0x88) }
}

/// The shading of a multi-day event's band.
fn event_band_fill(dark: bool) -> Color32 {
    if dark { Color32::from_white_alpha(20) } else { Color32::from_black_alpha(16) }
}

/// The height of one row of event labels, in points.
const LABEL_ROW_H: f32 = 17.0;
/// The lane under the labels where the lines come up to them, in points.
const LABEL_LANE_H: f32 = 6.0;
/// The widest an event label is drawn, however long its title.
const MAX_LABEL_W: f32 = 210.0;
/// Above this many events in view, they are drawn without labels.
const MAX_EVENT_LABELS: usize = 300;
/// The blank between a label's tick and its text, and at its other end.
const LABEL_PAD: f32 = 4.0;

/// The height of the strip of event labels with `rows` rows.
fn label_strip_height(rows: usize) -> f32 {
    if rows == 0 { 0.0 } else { rows as f32 * LABEL_ROW_H + LABEL_LANE_H }
}

/// The x range an event covers on a chart: a line on its day, or a band of
/// whole days (half a day either side of its first and last, so that the
/// statements of those days fall inside).
fn event_x(e: &Event) -> (f64, f64) {
    if e.is_span() {
        (x_of(e.first_day()) - 0.5, x_of(e.last_day()) + 0.5)
    } else {
        (x_of(e.first_day()), x_of(e.first_day()))
    }
}

/// The events' dashed lines and shaded bands inside a plot, behind what is
/// drawn after them; the hovered one in the accent colour.
fn event_marks_ui(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    store: &Store,
    events: &[usize],
    hovered: Option<EventId>,
    dark: bool,
) {
    let bounds = plot_ui.plot_bounds();
    let (x0, x1) = (bounds.min()[0], bounds.max()[0]);
    for &i in events {
        let e = &store.events[i];
        let (lo, hi) = event_x(e);
        if hi < x0 || lo > x1 {
            continue;
        }
        let lit = hovered == Some(e.id);
        let ink = if lit { theme::accent(dark) } else { event_ink(dark) };
        let width = if lit { 2.0 } else { 1.0 };
        if e.is_span() {
            plot_ui.add(
                egui_plot::Span::new("", lo..=hi)
                    .fill(if lit { theme::accent(dark).gamma_multiply(0.18) } else { event_band_fill(dark) })
                    .border(egui::Stroke::new(width * 0.8, ink.gamma_multiply(0.7)))
                    .border_style(LineStyle::Dashed { length: 4.0 }),
            );
        } else {
            plot_ui.add(
                VLine::new("", lo)
                    .id(("event", e.id))
                    .color(ink)
                    .width(width)
                    .style(LineStyle::Dashed { length: 5.0 })
                    .allow_hover(false),
            );
        }
    }
}

/// The event whose line (within 5 points) or band is at `pos` on a chart,
/// the nearest line first.
fn event_at(store: &Store, events: &[usize], transform: &PlotTransform, pos: egui::Pos2) -> Option<usize> {
    if !transform.frame().contains(pos) {
        return None;
    }
    let near = |i: &usize| {
        let (lo, hi) = event_x(&store.events[*i]);
        let (l, r) = (transform.position_from_point_x(lo), transform.position_from_point_x(hi));
        if pos.x >= l && pos.x <= r { 0.0 } else { (pos.x - l).abs().min((pos.x - r).abs()) }
    };
    let lines = events.iter().filter(|i| !store.events[**i].is_span());
    let line = lines.map(|i| (near(i), *i)).filter(|(d, _)| *d <= 5.0).min_by(|a, b| a.0.total_cmp(&b.0));
    line.or_else(|| events.iter().map(|i| (near(i), *i)).find(|(d, _)| *d == 0.0)).map(|(_, i)| i)
}

/// What an event's hover says: its whole title, its dates, kind and place,
/// the actors involved and its source.
fn event_tooltip_ui(ui: &mut Ui, store: &Store, e: &Event) {
    ui.set_max_width(380.0);
    ui.label(RichText::new(&e.title).strong());
    let mut line = format!("{} · {}", e.when(), e.kind);
    if !e.place.trim().is_empty() {
        line.push_str(&format!(" · {}", e.place.trim()));
    }
    ui.label(line);
    if !e.actors.is_empty() {
        let names: Vec<&str> =
            e.actors.iter().map(|a| store.actor(a).map_or(a.as_str(), |x| x.name.as_str())).collect();
        ui.label(names.join(", "));
    }
    let dark = ui.visuals().dark_mode;
    let outlet = e.source.outlet.trim();
    let source = match e.source.published {
        _ if outlet.is_empty() => "No source recorded".to_owned(),
        Some(p) => format!("Source: {outlet}, {}", p.short()),
        None => format!("Source: {outlet}"),
    };
    ui.label(RichText::new(source).small().color(theme::weak(dark)));
}

/// What a marker's label says to a screen reader (and to the UI tests):
/// "Event: Trump–Putin summit in Alaska ends without a deal, 15 Aug 2025".
pub fn event_marker_label(e: &Event) -> String {
    format!("Event: {}, {}", e.title.trim(), e.when())
}

/// The events' labels in `strip`, above the chart whose dates `transform`
/// maps: on rows that never overlap, cut short (…) where they would meet,
/// each with a tick at its marker's line and the line carried up to it;
/// every marker in view, labelled or not, is a widget that names its event
/// and shows it on hover. Returns the event the pointer is on.
fn event_labels_ui(
    ui: &mut Ui,
    strip: Rect,
    transform: &PlotTransform,
    store: &Store,
    span: &Span,
) -> Option<EventId> {
    let dark = ui.visuals().dark_mode;
    let frame = *transform.frame();
    let bounds = transform.bounds();
    let (x0, x1) = (bounds.min()[0], bounds.max()[0]);
    let shown: Vec<&Event> = span
        .events
        .iter()
        .map(|&i| &store.events[i])
        .filter(|e| {
            let (lo, hi) = event_x(e);
            hi >= x0 && lo <= x1
        })
        .collect();
    let font = egui::TextStyle::Small.resolve(ui.style());
    let text_color = ui.visuals().text_color();
    if shown.len() > MAX_EVENT_LABELS {
        let note = format!("{} events in view: zoom in (Ctrl+scroll) to label them.", shown.len());
        ui.painter_at(strip).text(
            egui::pos2(frame.left() + LABEL_PAD, strip.center().y),
            egui::Align2::LEFT_CENTER,
            note,
            font,
            theme::weak(dark),
        );
        return None;
    }
    let anchor = |e: &Event| transform.position_from_point_x(event_x(e).0.max(x0));
    let galleys: Vec<std::sync::Arc<egui::Galley>> = shown
        .iter()
        .map(|e| ui.painter().layout_no_wrap(e.title.trim().to_owned(), font.clone(), text_color))
        .collect();
    let wants: Vec<(f64, f64)> = shown
        .iter()
        .zip(&galleys)
        .map(|(e, g)| (f64::from(anchor(e)), f64::from((g.size().x + 2.0 * LABEL_PAD).min(MAX_LABEL_W))))
        .collect();
    let room = LabelRoom {
        lo: f64::from(frame.left()),
        hi: f64::from(frame.right()),
        rows: span.label_rows,
        gap: 6.0,
        min_width: 42.0,
    };
    let slots = place_labels(&wants, &room);
    // The strip, and the blank down to the chart's frame that the lines cross.
    let painter = ui.painter_at(Rect::from_min_max(strip.min, egui::pos2(strip.right(), frame.top() + 1.0)));
    let row_rect = |slot: &LabelSlot| {
        let bottom = strip.bottom() - LABEL_LANE_H - slot.row as f32 * LABEL_ROW_H;
        Rect::from_x_y_ranges(slot.left as f32..=slot.right as f32, bottom - LABEL_ROW_H + 2.0..=bottom)
    };
    // The lines carried up to their labels first: the labels' backgrounds hide where they cross.
    for (e, slot) in shown.iter().zip(&slots) {
        if let Some(slot) = slot {
            let x = anchor(e);
            let stroke = egui::Stroke::new(1.0, event_ink(dark));
            painter.add(egui::Shape::dashed_line(
                &[egui::pos2(x, row_rect(slot).bottom()), egui::pos2(x, frame.top())],
                stroke,
                3.0,
                2.0,
            ));
        }
    }
    let mut hovered = None;
    for ((e, slot), galley) in shown.iter().zip(&slots).zip(galleys) {
        let x = anchor(e);
        let id = ui.scope_id().with(("timeline-event", e.id));
        let rect = match slot {
            Some(slot) => {
                let rect = row_rect(slot);
                paint_label(&painter, ui, rect, x, slot, galley, dark);
                rect
            }
            // No room for its label: the marker's foot, in the lane under the labels.
            None => Rect::from_x_y_ranges(x - 3.0..=x + 3.0, strip.bottom() - LABEL_LANE_H..=strip.bottom()),
        };
        let response = ui.interact(rect, id, egui::Sense::hover());
        let label = event_marker_label(e);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
        if response.hovered() {
            hovered = Some(e.id);
        }
        response.on_hover_ui(|ui| event_tooltip_ui(ui, store, e));
    }
    hovered
}

/// One event label: the panel's background (hiding the lines behind it), a
/// tick at its marker, the title cut short to fit (…).
fn paint_label(
    painter: &egui::Painter,
    ui: &Ui,
    rect: Rect,
    x: f32,
    slot: &LabelSlot,
    galley: std::sync::Arc<egui::Galley>,
    dark: bool,
) {
    painter.rect_filled(rect, 2.0, ui.visuals().panel_fill);
    painter.line_segment(
        [egui::pos2(x, rect.top() + 1.0), egui::pos2(x, rect.bottom())],
        egui::Stroke::new(2.0, event_ink(dark)),
    );
    let room = (rect.width() - 2.0 * LABEL_PAD).max(0.0);
    let galley = if galley.size().x <= room {
        galley
    } else {
        let mut job = egui::text::LayoutJob::simple_singleline(
            galley.text().to_owned(),
            egui::TextStyle::Small.resolve(ui.style()),
            ui.visuals().text_color(),
        );
        job.wrap = egui::text::TextWrapping::truncate_at_width(room);
        painter.layout_job(job)
    };
    let left =
        if slot.runs_right { rect.left() + LABEL_PAD } else { rect.right() - LABEL_PAD - galley.size().x };
    let top = rect.center().y - galley.size().y / 2.0;
    painter.galley(egui::pos2(left, top), galley, ui.visuals().text_color());
}

/// The step chart: a line per actor, a point per statement (hollow when
/// unverified), the five labelled stances up the side; hover for the
/// position's evidence, click to open the statement.
fn chart_ui(
    ui: &mut Ui,
    view: &View,
    actors: &[usize],
    span: &Span,
    height: f32,
    state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    let store = view.store;
    let topic = &store.topics[span.topic];
    let dark = ui.visuals().dark_mode;
    let labels: Vec<String> =
        Stance::ALL.iter().map(|&s| format!("{} {}", s.signed(), topic.label(s))).collect();
    let plot = DateAxis::install(Plot::new(("timeline", span.topic)))
        .height(height)
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
    // The labels' strip comes first; they are drawn once the plot has said where its dates fall.
    let strip = (span.label_rows > 0).then(|| {
        ui.allocate_exact_size(
            egui::vec2(ui.available_width(), label_strip_height(span.label_rows)),
            egui::Sense::hover(),
        )
        .0
    });
    let hovered = state.hovered_event.take();
    let response = plot.show(ui, |plot_ui| {
        event_marks_ui(plot_ui, store, &span.events, hovered, dark);
        series_ui(plot_ui, view, actors, span, &mut too_many)
    });
    let mut r = response.response;
    if let Some(strip) = strip {
        state.hovered_event = event_labels_ui(ui, strip, &response.transform, store, span);
    }
    if too_many > 0 {
        ui.label(
            RichText::new(format!(
                "{too_many} statements in view: zoom in (Ctrl+scroll) to see them one by one, or narrow the filters."
            ))
            .small()
            .color(theme::weak(dark)),
        );
    }
    if response.inner.is_none()
        && let Some(i) = r.hover_pos().and_then(|pos| event_at(store, &span.events, &response.transform, pos))
    {
        let e = &store.events[i];
        state.hovered_event = Some(e.id);
        r = r.on_hover_ui_at_pointer(|ui| event_tooltip_ui(ui, store, e));
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
fn spread_ui(ui: &mut Ui, view: &View, actors: &[usize], span: &Span, height: f32, state: &TimelineState) {
    let dark = ui.visuals().dark_mode;
    let spread = analysis::spread_series(view.positions, span.topic, actors);
    ui.add_space(4.0);
    let spread_color = if dark { Color32::from_gray(190) } else { Color32::from_gray(70) };
    DateAxis::install(Plot::new(("timeline-spread", span.topic)))
        .height(height)
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
            event_marks_ui(plot_ui, view.store, &span.events, state.hovered_event, dark);
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

    fn day(y: i32, m: u32, d: u32) -> f64 {
        x_of(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn labels(marks: &[DateMark]) -> Vec<&str> {
        marks.iter().filter_map(|m| m.label.as_deref()).collect()
    }

    /// How close the two closest labels come, centre to centre, in points.
    fn closest(marks: &[DateMark], px_per_day: f64) -> f64 {
        let xs: Vec<f64> = marks.iter().filter(|m| m.label.is_some()).map(|m| m.x).collect();
        xs.windows(2).map(|w| (w[1] - w[0]) * px_per_day).fold(f64::INFINITY, f64::min)
    }

    const SPANS: [f64; 5] = [10.0, 61.0, 365.0, 1096.0, 4383.0];

    #[test]
    fn every_span_gets_three_spaced_dates_at_every_width() {
        // Ten days, two months, a year, three years, twelve years, ending on
        // the sample's latest date and on other days of the year.
        for end in [day(2025, 12, 14), day(2025, 3, 13), day(2024, 7, 1), day(2026, 1, 31)] {
            for span in SPANS {
                for width in [300.0f32, 600.0, 1200.0] {
                    let (lo, hi) = (end - span - 0.4, end + 0.4);
                    let marks = date_marks(lo, hi, width);
                    let shown = labels(&marks);
                    let at = format!("{span} days to {:?} at {width}: {shown:?}", date_of(end));
                    assert!(shown.len() >= 3, "{at}");
                    assert!(marks.iter().all(|m| (lo..=hi).contains(&m.x)), "{at}");
                    assert!(shown.iter().any(|l| l.split(' ').any(|w| w.len() == 4)), "{at}: no year");
                    // 70 points apart when that leaves three dates in view; closer
                    // only on a narrow plot: twelve years over 300 points that hold
                    // two multiples of five years are labelled every other year, 50 apart.
                    let gap = closest(&marks, f64::from(width) / (hi - lo));
                    let least = if end == day(2025, 12, 14) { 60.0 } else { 48.0 };
                    assert!(gap >= least, "{at}: {gap:.0} points apart");
                }
            }
        }
    }

    #[test]
    fn the_step_suits_the_span_and_the_width() {
        let end = day(2025, 12, 14);
        let unit = |span: f64, width: f32| {
            pick_step(end as i64 - span as i64, end as i64, f64::from(width) / span).unwrap().0
        };
        assert_eq!(unit(10.0, 1200.0), step(DateUnit::Day, 1));
        assert_eq!(unit(10.0, 600.0), step(DateUnit::Day, 2));
        assert_eq!(unit(61.0, 1200.0), step(DateUnit::Week, 1));
        assert_eq!(unit(61.0, 300.0), step(DateUnit::Week, 2));
        assert_eq!(unit(365.0, 1200.0), step(DateUnit::Month, 1));
        assert!(matches!(unit(365.0, 300.0), DateStep { unit: DateUnit::Month, n: 1 | 3 }));
        assert_eq!(unit(1096.0, 1200.0), step(DateUnit::Month, 3));
        assert_eq!(unit(1096.0, 300.0), step(DateUnit::Year, 1));
        assert_eq!(unit(4383.0, 1200.0), step(DateUnit::Year, 1));
        assert_eq!(unit(4383.0, 300.0), step(DateUnit::Year, 5));
        // A century: decades or so.
        assert!(matches!(unit(36525.0, 1200.0), DateStep { unit: DateUnit::Year, n: 10 | 20 }));
    }

    #[test]
    fn labels_read_as_analysts_write_dates() {
        // Months: the year on the first label when no January is in view.
        let marks = date_marks(day(2025, 2, 10), day(2025, 6, 20), 600.0);
        assert_eq!(labels(&marks), ["Mar 2025", "Apr", "May", "Jun"]);
        // Very narrow: the first label leaves its year to January rather than push a month off.
        let marks = date_marks(day(2025, 12, 1), day(2026, 2, 14), 100.0);
        assert_eq!(labels(&marks), ["Dec", "2026", "Feb"]);
        // Quarters across a new year: the year on January.
        let marks = date_marks(day(2024, 11, 20), day(2025, 12, 14), 300.0);
        assert_eq!(labels(&marks), ["2025", "Apr", "Jul", "Oct"]);
        // Days: "12 Mar", and the year on the first.
        let marks = date_marks(day(2025, 3, 10), day(2025, 3, 16), 900.0);
        assert_eq!(
            labels(&marks),
            ["10 Mar 2025", "11 Mar", "12 Mar", "13 Mar", "14 Mar", "15 Mar", "16 Mar"]
        );
        // Weeks from Monday across a new year: 1 January names it.
        let marks = date_marks(day(2025, 12, 1), day(2026, 1, 25), 1000.0);
        assert_eq!(
            labels(&marks),
            ["1 Dec 2025", "8 Dec", "15 Dec", "22 Dec", "29 Dec", "2026", "5 Jan", "12 Jan", "19 Jan"]
        );
        // Closer, 1 January wins over the Mondays beside it.
        let marks = date_marks(day(2025, 12, 1), day(2026, 1, 25), 500.0);
        assert_eq!(labels(&marks), ["8 Dec 2025", "22 Dec", "2026", "19 Jan"]);
        // Years.
        let marks = date_marks(day(2013, 6, 1), day(2025, 12, 14), 1200.0);
        assert_eq!(labels(&marks).first(), Some(&"2014"));
        assert!(labels(&marks).iter().all(|l| l.len() == 4 && l.parse::<i32>().is_ok()));
    }

    #[test]
    fn marks_fall_on_calendar_boundaries() {
        for (lo, hi) in [(day(2025, 2, 10), day(2025, 6, 20)), (day(1999, 12, 20), day(2000, 3, 5))] {
            for width in [250.0, 400.0, 700.0, 1300.0, 2600.0, 6000.0] {
                let ppd = width / (hi - lo);
                let (major, xs, shown) = pick_step(lo as i64, hi as i64, ppd).unwrap();
                for (&x, label) in xs.iter().zip(&shown) {
                    let d = date_of(x as f64).unwrap();
                    let jan1 = d.month() == 1 && d.day() == 1;
                    let n = i64::from(major.n);
                    let ok = match major.unit {
                        DateUnit::Day => jan1 || x.rem_euclid(n) == 0,
                        DateUnit::Week => {
                            jan1 || (d.weekday() == chrono::Weekday::Mon
                                && (x - MONDAY_X).rem_euclid(7 * n) == 0)
                        }
                        DateUnit::Month => d.day() == 1 && i64::from(d.month0()) % n == 0,
                        DateUnit::Year => jan1 && i64::from(d.year()) % n == 0,
                    };
                    assert!(ok, "{major:?} mark on {d} ({label:?})");
                }
            }
        }
        // Quarters start in January, April, July and October.
        let q = step(DateUnit::Month, 3).marks(day(2024, 12, 1) as i64, day(2026, 1, 1) as i64);
        let q: Vec<String> = q.iter().map(|&x| date_of(x as f64).unwrap().to_string()).collect();
        assert_eq!(q, ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01"]);
    }

    #[test]
    fn unlabelled_lines_divide_the_labelled_steps() {
        // A year at 300 points: quarters labelled, the months between them drawn.
        let marks = date_marks(day(2024, 12, 14), day(2025, 12, 14), 300.0);
        let minor: Vec<String> = marks
            .iter()
            .filter(|m| m.label.is_none())
            .map(|m| date_of(m.x).unwrap().format("%b").to_string())
            .collect();
        assert_eq!(minor, ["Feb", "Mar", "May", "Jun", "Aug", "Sep", "Nov", "Dec"]);
        assert!(marks.iter().all(|m| m.step < 40.0 || m.label.is_some()), "lighter lines between the labels");
    }

    #[test]
    fn narrow_and_wide_plots_of_any_span_label_three_dates_that_do_not_touch() {
        let origin = day(2023, 10, 6) + 0.37;
        let mut span = 4.0f64;
        while span < 400.0 * 365.0 {
            for start in (0..800).step_by(29) {
                let lo = origin + f64::from(start);
                for width in (300..=2400).step_by(150) {
                    let width = width as f32;
                    let ppd = f64::from(width) / span;
                    let marks = date_marks(lo, lo + span, width);
                    let at = format!("{span:.1} days from {:?} at {width}", date_of(lo));
                    let shown: Vec<&DateMark> = marks.iter().filter(|m| m.label.is_some()).collect();
                    assert!(shown.len() >= 3, "{at}: {:?}", labels(&marks));
                    assert!(
                        labels(&marks).iter().any(|l| l.split(' ').any(|w| w.len() == 4)),
                        "{at}: no year"
                    );
                    for w in shown.windows(2) {
                        let need = (label_width(w[0].label.as_deref().unwrap_or_default())
                            + label_width(w[1].label.as_deref().unwrap_or_default()))
                            / 2.0
                            + LABEL_GAP;
                        assert!((w[1].x - w[0].x) * ppd >= f64::from(need), "{at}: {:?}", labels(&marks));
                    }
                }
            }
            span *= 1.13;
        }
    }

    #[test]
    fn the_axis_hands_egui_plot_the_labels_it_spaced() {
        let axis = DateAxis::default();
        // A year over 600 points; egui_plot passes 8 points' worth of days.
        let (lo, hi) = (day(2024, 12, 14), day(2025, 12, 14));
        let grid = axis.grid(&GridInput { bounds: (lo, hi), base_step_size: (hi - lo) / 600.0 * 8.0 });
        let texts: Vec<String> = grid.iter().map(|&m| axis.label(m)).collect();
        let expected = date_marks(lo, hi, 600.0);
        assert_eq!(grid.len(), expected.len());
        for ((text, mark), want) in texts.iter().zip(&grid).zip(&expected) {
            assert_eq!(Some(text.as_str()).filter(|t| !t.is_empty()), want.label.as_deref());
            assert!((mark.step_size - want.step).abs() < 1e-9);
        }
        assert!(texts.iter().filter(|t| !t.is_empty()).count() >= 3);
        // A mark the spacer did not make has no label.
        assert_eq!(axis.label(GridMark { value: lo + 0.5, step_size: 1.0 }), "");
        // Degenerate input: nothing, no panic.
        assert!(axis.grid(&GridInput { bounds: (f64::NAN, 1.0), base_step_size: 1.0 }).is_empty());
        assert!(axis.grid(&GridInput { bounds: (0.0, 1.0e9), base_step_size: 1.0 }).is_empty());
        assert!(axis.grid(&GridInput { bounds: (5.0, 5.0), base_step_size: 0.0 }).is_empty());
    }
}
