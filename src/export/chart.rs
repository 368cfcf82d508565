//! The SVG step chart of one topic's timeline for the HTML export: one step
//! line per actor in its colour, a marker per position (hollow when
//! unverified), the events of the span as thin dashed lines (shaded bands
//! for those of several days) with short labels above the plot, dates
//! along the bottom and the topic's five stance labels up the side. Drawn
//! by hand with maud, so every text is escaped. Also the placement of
//! marker labels on rows ([`place_labels`]), which the app's timeline uses
//! too.

use chrono::{Datelike, Duration, NaiveDate};
use maud::{Markup, html};

use super::summary::{StanceRef, Summary, TopicSummary};
use super::text;
use crate::analysis::Filter;
use crate::model::{ActorId, Event, EventKind, Stance, Store};

const W: f64 = 720.0;
const H: f64 = 250.0;
const LEFT: f64 = 226.0;
const RIGHT: f64 = 18.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 34.0;
/// Rows of event labels above the plot, when the chart has events.
const EVENT_ROWS: usize = 3;
/// The height of one row of event labels.
const EVENT_ROW_H: f64 = 11.0;
/// The event labels' font size (the axis labels' is 10.5).
const EVENT_FONT: f64 = 9.0;
/// The fonts of the event labels: the brief's sans-serif.
const EVENT_FONT_FAMILY: &str =
    "'Segoe UI', 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', sans-serif";
/// The colour of event lines and their labels' ticks: a dark slate, apart
/// from every actor's colour and from the comparison date's grey.
const EVENT_INK: &str = "#4f5866";
/// The colour of event labels' text (7.9:1 on white).
const EVENT_TEXT: &str = "#33363d";

/// The span of dates a chart covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The left edge.
    pub start: NaiveDate,
    /// The right edge (the as-of date).
    pub end: NaiveDate,
    /// Whether some positions were taken before `start` (their stance is carried in from the left).
    pub carried_in: bool,
}

/// The dates the chart of `topic` covers: from the filter's `since`, else
/// from the first position of the year before the as-of date (earlier
/// positions are carried in from the left edge), widened to include the
/// comparison date; up to the as-of date.
pub fn span(summary: &Summary, topic: &TopicSummary) -> Span {
    let end = summary.as_of;
    let dates = || topic.timeline.iter().flat_map(|s| s.points.iter().map(|p| p.date.first_day()));
    let year_before = end.checked_sub_signed(Duration::days(365)).unwrap_or(end);
    let mut start = match summary.scope.since {
        Some(s) => s,
        None => dates().filter(|&d| d >= year_before).min().unwrap_or(year_before),
    };
    if let Some(c) = summary.compare
        && c < start
    {
        start = c;
    }
    if start >= end {
        start = end.checked_sub_signed(Duration::days(30)).unwrap_or(end);
    }
    let carried_in = dates().any(|d| d < start);
    Span { start, end, carried_in }
}

/// An event as the charts of a brief draw it: its days, its title, and
/// what its hover says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartEvent {
    /// Its first day.
    pub first: NaiveDate,
    /// Its last day (the first, for a one-day event).
    pub last: NaiveDate,
    /// Its title.
    pub title: String,
    /// Its dates as analysts write them: "15 Aug 2025", "23–25 Mar 2025".
    pub when: String,
    /// What kind of event.
    pub kind: EventKind,
    /// Where it happened (empty: not recorded).
    pub place: String,
    /// The actors involved, by id.
    pub actors: Vec<ActorId>,
    /// The same actors by name.
    pub actor_names: Vec<String>,
    /// Its source's outlet (empty: none recorded).
    pub outlet: String,
}

impl ChartEvent {
    /// Event `e` of `store`.
    pub fn of(store: &Store, e: &Event) -> ChartEvent {
        ChartEvent {
            first: e.first_day(),
            last: e.last_day(),
            title: e.title.trim().to_owned(),
            when: e.when(),
            kind: e.kind,
            place: e.place.trim().to_owned(),
            actors: e.actors.clone(),
            actor_names: e
                .actors
                .iter()
                .map(|a| store.actor(a).map_or_else(|| a.to_string(), |x| x.name.clone()))
                .collect(),
            outlet: e.source.outlet.trim().to_owned(),
        }
    }

    /// Whether it spans more than one day (drawn as a band).
    pub fn is_span(&self) -> bool {
        self.last > self.first
    }

    /// What its hover says: "Trump–Putin summit in Alaska ends without a
    /// deal — 15 Aug 2025 · summit · Anchorage · Washington, Kremlin ·
    /// source: Reuters".
    pub fn description(&self) -> String {
        let mut parts = vec![self.when.clone(), self.kind.to_string()];
        if !self.place.is_empty() {
            parts.push(self.place.clone());
        }
        if !self.actor_names.is_empty() {
            parts.push(self.actor_names.join(", "));
        }
        if !self.outlet.is_empty() {
            parts.push(format!("source: {}", self.outlet));
        }
        format!("{} — {}", self.title, parts.join(" · "))
    }
}

/// The events of `store` in view of `filter` (one of its actors shown, or
/// none named; days overlapping its dates), oldest first, for the charts
/// of a brief: each chart keeps those in its span that involve its actors.
pub fn chart_events(store: &Store, filter: &Filter) -> Vec<ChartEvent> {
    let mut events: Vec<&Event> = store.events.iter().filter(|e| filter.matches_event(e)).collect();
    events.sort_by_key(|e| e.sort_key());
    events.into_iter().map(|e| ChartEvent::of(store, e)).collect()
}

/// The chart of one topic as an inline `<svg>`, without events.
pub fn chart(summary: &Summary, topic: &TopicSummary) -> Markup {
    chart_with_events(summary, topic, &[])
}

/// The chart of one topic as an inline `<svg>`, with those of `events`
/// whose days overlap its span and that involve one of its actors (or name
/// none) drawn as dashed lines and bands, labelled above the plot.
pub fn chart_with_events(summary: &Summary, topic: &TopicSummary, events: &[ChartEvent]) -> Markup {
    let sp = span(summary, topic);
    let shown: Vec<&ChartEvent> = events_in_chart(summary, topic, &sp, events);
    // Room for the event labels above the plot, only when there are some.
    let extra = if shown.is_empty() { 0.0 } else { EVENT_ROWS as f64 * EVENT_ROW_H };
    let (h, top) = (H + extra, TOP + extra);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = h - top - BOTTOM;
    // A little room on both sides so markers at the edges are not cut.
    let days = (sp.end - sp.start).num_days().max(1) as f64;
    let pad = days * 0.02;
    let x = |d: NaiveDate| LEFT + ((d - sp.start).num_days() as f64 + pad) / (days + 2.0 * pad) * plot_w;
    let px_per_day = plot_w / (days + 2.0 * pad);
    // Five bands, each level in the middle of its band, so markers keep clear of the axis labels.
    let y = |s: Stance| top + (f64::from(2 - s.value().clamp(-2, 2)) + 0.5) * plot_h / 5.0;
    let n = topic.timeline.len().max(1) as f64;
    let ticks = month_ticks(sp.start, sp.end);
    let title = format!("Stances on {} over time", topic.name);
    let frame = Frame { top, bottom: h - BOTTOM, px_per_day };

    html! {
        svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox=(format!("0 0 {W} {h}")) role="img" aria-label=(title) {
            title { (title) }
            // Stance levels and their labels.
            @for s in Stance::ALL {
                line x1=(f(LEFT)) x2=(f(W - RIGHT)) y1=(f(y(s))) y2=(f(y(s)))
                    class=(if s.value() == 0 { "grid zero" } else { "grid" }) {}
                text x=(f(LEFT - 8.0)) y=(f(y(s) + 3.5)) class="ylabel" text-anchor="end" {
                    (s.signed()) " " (short_label(topic.label(s)))
                }
            }
            line x1=(f(LEFT)) x2=(f(W - RIGHT)) y1=(f(h - BOTTOM)) y2=(f(h - BOTTOM)) class="axis" {}
            // Months along the bottom.
            @for (d, label) in &ticks {
                line x1=(f(x(*d))) x2=(f(x(*d))) y1=(f(top)) y2=(f(h - BOTTOM + 3.0)) class="tick" {}
                text x=(f(x(*d))) y=(f(h - BOTTOM + 15.0)) class="xlabel" text-anchor="middle" { (label) }
            }
            // Events behind the lines, their labels above the plot.
            (event_marks_svg(&shown, &x, &frame))
            @if let Some(c) = summary.compare.filter(|c| *c >= sp.start) {
                line x1=(f(x(c))) x2=(f(x(c))) y1=(f(top)) y2=(f(h - BOTTOM)) class="compare" {}
                text x=(f(x(c) + 3.0)) y=(f(top - 3.0)) class="mark" { "compared: " (text::day(c)) }
            }
            // One step line per actor, nudged apart so that lines on the same level stay visible.
            @for (i, series) in topic.timeline.iter().enumerate() {
                @let color = summary.actors[series.actor].color.to_string();
                @let dy = (i as f64 - (n - 1.0) / 2.0) * 2.2;
                @let path = step_path(&series.points, sp.start, sp.end, &x, &|s| y(s) + dy);
                @if !path.is_empty() {
                    path d=(path) fill="none" stroke=(color) stroke-width="2.2" stroke-linejoin="round" {}
                }
                @for p in series.points.iter().filter(|p| p.date.first_day() >= sp.start) {
                    @let c = summary.source(p);
                    circle cx=(f(x(p.date.first_day()))) cy=(f(y(p.stance) + dy)) r="4"
                        fill=(if p.unverified { "#ffffff".to_owned() } else { color.clone() })
                        stroke=(color) stroke-width="2" {
                        title {
                            (summary.actors[series.actor].name) ", " (text::date(p.date)) ": "
                            (topic.label(p.stance)) " (" (p.stance.signed()) ")"
                            @if p.unverified { ", unverified" }
                            " — " (c.evidence_for(&topic.name)) " [" (c.number) "]"
                        }
                    }
                }
            }
            (event_labels_svg(&shown, &x, &frame))
        }
    }
}

/// Where a chart's plot is, for its events: the plot's top and bottom and
/// how wide a day is.
struct Frame {
    top: f64,
    bottom: f64,
    px_per_day: f64,
}

/// Those of `events` a chart draws: days overlapping its span, and one of
/// its actors involved (or none named).
fn events_in_chart<'a>(
    summary: &Summary,
    topic: &TopicSummary,
    sp: &Span,
    events: &'a [ChartEvent],
) -> Vec<&'a ChartEvent> {
    let actors: Vec<&ActorId> = topic.timeline.iter().map(|s| &summary.actors[s.actor].id).collect();
    events
        .iter()
        .filter(|e| e.last >= sp.start && e.first <= sp.end)
        .filter(|e| e.actors.is_empty() || e.actors.iter().any(|a| actors.contains(&a)))
        .collect()
}

/// The plot's left and right edges as days run, for an event: its band of
/// whole days (from half a day before its first to half a day after its
/// last, so that statements of those days fall inside), or the line of its day.
fn event_band(e: &ChartEvent, x: &dyn Fn(NaiveDate) -> f64, px_per_day: f64) -> (f64, f64) {
    if e.is_span() {
        ((x(e.first) - px_per_day / 2.0).max(LEFT), (x(e.last) + px_per_day / 2.0).min(W - RIGHT))
    } else {
        (x(e.first), x(e.first))
    }
}

/// The events' bands and dashed lines over the plot, behind the step
/// lines, each with the event in a `<title>` for hover.
fn event_marks_svg(events: &[&ChartEvent], x: &dyn Fn(NaiveDate) -> f64, frame: &Frame) -> Markup {
    html! {
        @for e in events {
            @let (l, r) = event_band(e, x, frame.px_per_day);
            g class="event-mark" {
                title { (e.description()) }
                @if e.is_span() {
                    rect x=(f(l)) y=(f(frame.top)) width=(f((r - l).max(1.5))) height=(f(frame.bottom - frame.top))
                        fill=(EVENT_INK) fill-opacity="0.11" stroke="none" {}
                } @else {
                    line x1=(f(l)) x2=(f(l)) y1=(f(frame.top)) y2=(f(frame.bottom))
                        stroke=(EVENT_INK) stroke-width="0.9" stroke-dasharray="3 2" {}
                }
            }
        }
    }
}

/// The events' labels on rows above the plot, each in a white box that
/// runs from its marker, with the dashed line carried up to it (hidden
/// behind the boxes it passes); elided (…) where they would meet, and the
/// whole title, dates, kind, place, actors and source in a `<title>` for hover.
fn event_labels_svg(events: &[&ChartEvent], x: &dyn Fn(NaiveDate) -> f64, frame: &Frame) -> Markup {
    if events.is_empty() {
        return html! {};
    }
    let anchors: Vec<f64> = events.iter().map(|e| event_band(e, x, frame.px_per_day).0).collect();
    let wants: Vec<(f64, f64)> = events
        .iter()
        .zip(&anchors)
        .map(|(e, &a)| (a, (text_width(&e.title, EVENT_FONT) + 2.0 * LABEL_PAD).min(MAX_SVG_LABEL)))
        .collect();
    let room = LabelRoom { lo: LEFT, hi: W - RIGHT, rows: EVENT_ROWS, gap: 3.0, min_width: 26.0 };
    let slots = place_labels(&wants, &room);
    // Row 0 sits just above the comparison date's mark, the others above it.
    let box_top = |row: usize| frame.top - 13.0 - (row as f64 + 1.0) * EVENT_ROW_H + 0.5;
    let box_h = EVENT_ROW_H - 1.0;
    let placed: Vec<(&ChartEvent, f64, LabelSlot, String)> = events
        .iter()
        .zip(&anchors)
        .zip(&slots)
        .filter_map(|((e, &a), s)| {
            let s = (*s)?;
            let label = elide(&e.title, s.width() - 2.0 * LABEL_PAD, EVENT_FONT)?;
            Some((*e, a, s, label))
        })
        .collect();
    let style = format!("font-family: {EVENT_FONT_FAMILY}; font-size: {EVENT_FONT}px");
    html! {
        g class="events" style=(style) {
            // The lines carried up to their labels first, so that the boxes hide where they cross.
            @for (_, a, s, _) in &placed {
                line x1=(f(*a)) x2=(f(*a)) y1=(f(box_top(s.row) + box_h)) y2=(f(frame.top))
                    stroke=(EVENT_INK) stroke-width="0.9" stroke-dasharray="3 2" {}
            }
            @for (e, a, s, label) in &placed {
                @let (tx, anchor) = if s.runs_right { (s.left + LABEL_PAD, "start") } else { (s.right - LABEL_PAD, "end") };
                g class="event" {
                    title { (e.description()) }
                    rect class="event-label" x=(f(s.left)) y=(f(box_top(s.row))) width=(f(s.width())) height=(f(box_h))
                        fill="white" stroke="none" {}
                    line x1=(f(*a)) x2=(f(*a)) y1=(f(box_top(s.row))) y2=(f(box_top(s.row) + box_h))
                        stroke=(EVENT_INK) stroke-width="1.6" {}
                    text x=(f(tx)) y=(f(box_top(s.row) + box_h - 2.2)) text-anchor=(anchor) fill=(EVENT_TEXT) { (label) }
                }
            }
        }
    }
}

/// The blank between an event label's box edge and its text.
const LABEL_PAD: f64 = 3.0;
/// The widest an event label is drawn, however long its title.
const MAX_SVG_LABEL: f64 = 170.0;

/// Where a marker's label goes: its row (0 nearest the chart) and its
/// extent along the axis, which always begins or ends at its marker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelSlot {
    /// The row, 0 nearest the chart.
    pub row: usize,
    /// The left edge.
    pub left: f64,
    /// The right edge.
    pub right: f64,
    /// Whether the label runs right from its marker (else it ends at it).
    pub runs_right: bool,
}

impl LabelSlot {
    /// Its width.
    pub fn width(&self) -> f64 {
        self.right - self.left
    }
}

/// The room for marker labels: from `lo` to `hi` along the axis, on
/// `rows` rows; `gap` between two labels of a row; no label narrower than
/// `min_width` (one that would be is left off).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelRoom {
    /// The left edge.
    pub lo: f64,
    /// The right edge.
    pub hi: f64,
    /// How many rows.
    pub rows: usize,
    /// The least blank between two labels of one row.
    pub gap: f64,
    /// The narrowest label worth drawing.
    pub min_width: f64,
}

/// Places the labels of markers at `wants` (each marker's position along
/// the axis and the width its whole label takes) so that none overlap.
/// Left to right by marker, each label runs right from its marker, or ends
/// at it (near the right edge), on the lowest row where it fits whole;
/// where no row is free, on the row where cutting it or the label before it
/// short leaves the most of both, and the caller elides the text to the
/// width it is given (…). A label that cannot get `min_width` (or its whole
/// width, if less), or whose marker is outside the room, is left off (`None`).
pub fn place_labels(wants: &[(f64, f64)], room: &LabelRoom) -> Vec<Option<LabelSlot>> {
    let mut slots: Vec<Option<LabelSlot>> = vec![None; wants.len()];
    let span = room.hi - room.lo;
    if room.rows == 0 || span.is_nan() || span < room.min_width || !room.gap.is_finite() {
        return slots;
    }
    let mut order: Vec<usize> = (0..wants.len())
        .filter(|&i| wants[i].0 >= room.lo && wants[i].0 <= room.hi && wants[i].1.is_finite())
        .collect();
    order.sort_by(|&i, &j| wants[i].0.total_cmp(&wants[j].0).then(i.cmp(&j)));
    // The last label placed on each row (the rightmost).
    let mut last: Vec<Option<usize>> = vec![None; room.rows];
    for i in order {
        let (a, w) = wants[i];
        let w = w.clamp(0.0, room.hi - room.lo);
        // Running right from the marker (cut at the edge), or ending at it.
        let candidates = [
            LabelSlot { row: 0, left: a, right: (a + w).min(room.hi), runs_right: true },
            LabelSlot { row: 0, left: (a - w).max(room.lo), right: a, runs_right: false },
        ];
        let Some((row, cut_before, slot)) = fit_on_rows(&candidates, w, &last, &slots, room) else {
            continue;
        };
        if let (Some(j), Some(right)) = (last[row], cut_before)
            && let Some(prev) = slots[j].as_mut()
        {
            prev.right = right;
        }
        slots[i] = Some(LabelSlot { row, ..slot });
        last[row] = Some(i);
    }
    slots
}

/// Where a label of width `whole` goes, given its `candidates` places: the
/// lowest row where one fits whole (running right first); else the place
/// that leaves the most of it and of the label it cuts short, if that is
/// `min_width` or more. With the new right edge of the label before it, if cut.
fn fit_on_rows(
    candidates: &[LabelSlot],
    whole: f64,
    last: &[Option<usize>],
    slots: &[Option<LabelSlot>],
    room: &LabelRoom,
) -> Option<(usize, Option<f64>, LabelSlot)> {
    let least = room.min_width.min(whole);
    let mut best: Option<(f64, usize, Option<f64>, LabelSlot)> = None;
    let mut consider = |score: f64, row: usize, cut: Option<f64>, slot: LabelSlot| {
        if score >= least - 1e-9 && best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, row, cut, slot));
        }
    };
    for (row, j) in last.iter().enumerate() {
        let prev = j.and_then(|j| slots[j]);
        for &want in candidates {
            let free = prev.is_none_or(|p| p.right + room.gap <= want.left);
            if free && want.width() >= whole - 1e-9 {
                return Some((row, None, want));
            }
            match prev {
                _ if free => consider(want.width(), row, None, want),
                // Cut the label before short (it runs right from its marker, which stays in it).
                Some(p) if p.runs_right && want.left - room.gap - p.left >= room.min_width.min(p.width()) => {
                    let right = want.left - room.gap;
                    consider((right - p.left).min(want.width()), row, Some(right), want);
                }
                _ => {}
            }
            // Or cut this one from the left (it ends at its marker).
            if let Some(p) = prev
                && !want.runs_right
                && !free
            {
                let left = p.right + room.gap;
                consider((want.right - left).min(p.width()), row, None, LabelSlot { left, ..want });
            }
        }
    }
    best.map(|(_, row, cut, slot)| (row, cut, slot))
}

/// The width `text` takes in a sans-serif font of `size` pixels, estimated
/// on the generous side from Helvetica's widths (the brief's fonts are
/// close to it), so that a label never runs wider than its box.
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ';' | ':' | '!' | '|' | '\'' => 0.24,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | 'I' => 0.34,
            'm' | 'w' | 'M' | 'W' | '@' | '—' | '…' => 0.95,
            'A'..='Z' => 0.72,
            '0'..='9' | 'a'..='z' | '–' => 0.57,
            _ => 0.8,
        })
        .sum();
    em * size * 1.04
}

/// `text` cut to fit `width` at `size` pixels, with "…" where it was cut;
/// `None` when not even one character and the "…" fit.
fn elide(text: &str, width: f64, size: f64) -> Option<String> {
    if text_width(text, size) <= width {
        return Some(text.to_owned());
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&out, size) + text_width("…", size) > width {
            out.pop();
            break;
        }
    }
    let out = out.trim_end().to_owned();
    if out.is_empty() { None } else { Some(out + "…") }
}

/// The path of a step function through `points` from `start` to `end`.
fn step_path(
    points: &[StanceRef],
    start: NaiveDate,
    end: NaiveDate,
    x: &dyn Fn(NaiveDate) -> f64,
    y: &dyn Fn(Stance) -> f64,
) -> String {
    let mut d = String::new();
    // The stance held when the chart starts, if any.
    let before = points.iter().rev().find(|p| p.date.first_day() < start);
    let mut current = before.map(|p| p.stance);
    if let Some(s) = current {
        d.push_str(&format!("M{} {}", f(x(start)), f(y(s))));
    }
    for p in points.iter().filter(|p| p.date.first_day() >= start && p.date.first_day() <= end) {
        let px = x(p.date.first_day());
        match current {
            None => d.push_str(&format!("M{} {}", f(px), f(y(p.stance)))),
            Some(_) => d.push_str(&format!(" H{} V{}", f(px), f(y(p.stance)))),
        }
        current = Some(p.stance);
    }
    if current.is_some() {
        d.push_str(&format!(" H{}", f(x(end))));
    }
    d
}

/// First-of-month ticks between `start` and `end`, thinned to at most about
/// eight, labelled "Mar" with the year on the first tick and on January.
fn month_ticks(start: NaiveDate, end: NaiveDate) -> Vec<(NaiveDate, String)> {
    let months = (end.year() - start.year()) * 12 + end.month0() as i32 - start.month0() as i32 + 1;
    let step = match months {
        ..=8 => 1,
        9..=16 => 2,
        17..=24 => 3,
        25..=48 => 6,
        _ => 12,
    };
    let mut out = Vec::new();
    let (mut yr, mut mo) = (start.year(), start.month0() as i32);
    // Start at the first month boundary after `start`, aligned to the step.
    mo += 1;
    if mo == 12 {
        mo = 0;
        yr += 1;
    }
    while mo % step != 0 {
        mo += 1;
        if mo == 12 {
            mo = 0;
            yr += 1;
        }
    }
    while let Some(d) = NaiveDate::from_ymd_opt(yr, mo as u32 + 1, 1) {
        if d > end {
            break;
        }
        let label = if out.is_empty() || mo == 0 {
            text::short_month(d)
        } else {
            text::short_month(d)[..3].to_owned()
        };
        out.push((d, label));
        mo += step;
        while mo >= 12 {
            mo -= 12;
            yr += 1;
        }
        if out.len() > 60 {
            break;
        }
    }
    out
}

/// A label shortened to fit the margin.
fn short_label(label: &str) -> String {
    const MAX: usize = 36;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}

/// A coordinate with one decimal.
fn f(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ticks_are_months_thinned_for_long_spans() {
        let t = month_ticks(d("2025-02-12"), d("2025-12-14"));
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Mar 2025", "May", "Jul", "Sep", "Nov"]);
        let t = month_ticks(d("2025-03-10"), d("2025-05-20"));
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Apr 2025", "May"]);
        assert!(month_ticks(d("2000-01-01"), d("2025-01-01")).len() < 30);
        assert!(month_ticks(d("2025-03-10"), d("2025-03-12")).is_empty());
    }

    /// Checks what `place_labels` promises of `slots` for `wants` in `room`.
    fn check_slots(wants: &[(f64, f64)], room: &LabelRoom, slots: &[Option<LabelSlot>]) {
        let placed: Vec<(usize, LabelSlot)> =
            slots.iter().enumerate().filter_map(|(i, s)| Some((i, (*s)?))).collect();
        for &(i, s) in &placed {
            let (a, w) = wants[i];
            assert!(s.row < room.rows, "{s:?}");
            assert!(s.left >= room.lo - 1e-9 && s.right <= room.hi + 1e-9, "{s:?} inside the room");
            assert!(s.width() <= w.max(0.0) + 1e-9, "{s:?} no wider than its label ({w})");
            assert!(s.width() >= room.min_width.min(w) - 1e-9, "{s:?} not too narrow to read");
            let at = if s.runs_right { s.left } else { s.right };
            assert!((at - a).abs() < 1e-9, "{s:?} begins or ends at its marker {a}");
        }
        for (k, &(i, s)) in placed.iter().enumerate() {
            for &(j, t) in &placed[k + 1..] {
                let apart = s.right + room.gap <= t.left + 1e-9 || t.right + room.gap <= s.left + 1e-9;
                assert!(s.row != t.row || apart, "labels {i} {s:?} and {j} {t:?} overlap");
            }
        }
    }

    #[test]
    fn labels_on_crowded_dates_never_overlap() {
        let room = LabelRoom { lo: 100.0, hi: 700.0, rows: 3, gap: 4.0, min_width: 24.0 };
        // Apart: every label whole on the lowest row.
        let wants = [(120.0, 80.0), (250.0, 90.0), (400.0, 100.0)];
        let slots = place_labels(&wants, &room);
        check_slots(&wants, &room, &slots);
        assert!(slots.iter().all(|s| s.is_some_and(|s| s.row == 0)));
        assert_eq!(slots[1].unwrap().width(), 90.0);
        // Close together: staggered on the rows, whole.
        let wants = [(120.0, 80.0), (130.0, 80.0), (140.0, 80.0)];
        let slots = place_labels(&wants, &room);
        check_slots(&wants, &room, &slots);
        let rows: Vec<usize> = slots.iter().map(|s| s.unwrap().row).collect();
        assert_eq!(rows, [0, 1, 2]);
        // More than the rows hold: the earlier labels are cut short, none is lost while there is room.
        let wants: Vec<(f64, f64)> = (0..6).map(|i| (200.0 + 40.0 * f64::from(i), 150.0)).collect();
        let slots = place_labels(&wants, &room);
        check_slots(&wants, &room, &slots);
        assert!(slots.iter().all(Option::is_some), "{slots:?}");
        assert!(slots.iter().any(|s| s.unwrap().width() < 150.0), "some elided");
        // Near the right edge a label ends at its marker.
        let wants = [(690.0, 120.0)];
        let slots = place_labels(&wants, &room);
        check_slots(&wants, &room, &slots);
        assert!(!slots[0].unwrap().runs_right);
        // Whole, if it can be; else cut at the edge rather than over the label before it.
        let wants = [(600.0, 150.0)];
        let slots = place_labels(&wants, &room);
        assert_eq!(slots[0], Some(LabelSlot { row: 0, left: 450.0, right: 600.0, runs_right: false }));
        let room1 = LabelRoom { rows: 1, ..room };
        let wants = [(440.0, 150.0), (600.0, 150.0)];
        let slots = place_labels(&wants, &room1);
        check_slots(&wants, &room1, &slots);
        assert_eq!(slots[1], Some(LabelSlot { row: 0, left: 600.0, right: 700.0, runs_right: true }));
        // Outside the room, or nothing to place on: no label.
        assert_eq!(place_labels(&[(50.0, 10.0)], &room), [None]);
        assert_eq!(place_labels(&[(150.0, 10.0)], &LabelRoom { rows: 0, ..room }), [None]);
        // Many markers on the same few days, at random widths, in any order.
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / f64::from(1u32 << 31)
        };
        for n in [2, 5, 12, 40, 200] {
            for _ in 0..50 {
                let wants: Vec<(f64, f64)> =
                    (0..n).map(|_| (90.0 + (next() * 40.0).floor() * 16.0, next() * 300.0)).collect();
                for rows in [1, 2, 3] {
                    let room = LabelRoom { rows, ..room };
                    let slots = place_labels(&wants, &room);
                    check_slots(&wants, &room, &slots);
                    // Some label is always drawn when a marker is in the room; none outside.
                    assert!(wants.iter().all(|w| w.0 < room.lo) || slots.iter().flatten().count() >= 1);
                    assert!(wants.iter().zip(&slots).all(|(w, s)| w.0 >= room.lo || s.is_none()));
                }
            }
        }
    }

    #[test]
    fn elided_labels_fit_their_width() {
        let title = "Trump–Putin summit in Alaska ends without a deal";
        assert_eq!(elide(title, 1000.0, 9.0).as_deref(), Some(title));
        for width in [20.0, 40.0, 80.0, 150.0] {
            let e = elide(title, width, 9.0).unwrap();
            assert!(e.ends_with('…'), "{e}");
            assert!(text_width(&e, 9.0) <= width, "{e} fits {width}");
            assert!(title.starts_with(e.trim_end_matches('…')));
        }
        assert_eq!(elide(title, 4.0, 9.0), None);
        assert!(text_width("WWW", 9.0) > text_width("iii", 9.0));
    }

    #[test]
    fn coordinates_are_short() {
        assert_eq!(f(12.0), "12");
        assert_eq!(f(12.345), "12.3");
    }
}
