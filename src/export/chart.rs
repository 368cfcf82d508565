//! The SVG step chart of one topic's timeline for the HTML export: one step
//! line per actor in its colour, a marker per position (hollow when
//! unverified), dates along the bottom and the topic's five stance labels
//! up the side. Drawn by hand with maud, so every text is escaped.

use chrono::{Datelike, Duration, NaiveDate};
use maud::{Markup, html};

use super::summary::{StanceRef, Summary, TopicSummary};
use super::text;
use crate::model::Stance;

const W: f64 = 720.0;
const H: f64 = 250.0;
const LEFT: f64 = 226.0;
const RIGHT: f64 = 18.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 34.0;

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

/// The chart of one topic as an inline `<svg>`.
pub fn chart(summary: &Summary, topic: &TopicSummary) -> Markup {
    let sp = span(summary, topic);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    // A little room on both sides so markers at the edges are not cut.
    let days = (sp.end - sp.start).num_days().max(1) as f64;
    let pad = days * 0.02;
    let x = |d: NaiveDate| LEFT + ((d - sp.start).num_days() as f64 + pad) / (days + 2.0 * pad) * plot_w;
    // Five bands, each level in the middle of its band, so markers keep clear of the axis labels.
    let y = |s: Stance| TOP + (f64::from(2 - s.value().clamp(-2, 2)) + 0.5) * plot_h / 5.0;
    let n = topic.timeline.len().max(1) as f64;
    let ticks = month_ticks(sp.start, sp.end);
    let title = format!("Stances on {} over time", topic.name);

    html! {
        svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(title) {
            title { (title) }
            // Stance levels and their labels.
            @for s in Stance::ALL {
                line x1=(f(LEFT)) x2=(f(W - RIGHT)) y1=(f(y(s))) y2=(f(y(s)))
                    class=(if s.value() == 0 { "grid zero" } else { "grid" }) {}
                text x=(f(LEFT - 8.0)) y=(f(y(s) + 3.5)) class="ylabel" text-anchor="end" {
                    (s.signed()) " " (short_label(topic.label(s)))
                }
            }
            line x1=(f(LEFT)) x2=(f(W - RIGHT)) y1=(f(H - BOTTOM)) y2=(f(H - BOTTOM)) class="axis" {}
            // Months along the bottom.
            @for (d, label) in &ticks {
                line x1=(f(x(*d))) x2=(f(x(*d))) y1=(f(TOP)) y2=(f(H - BOTTOM + 3.0)) class="tick" {}
                text x=(f(x(*d))) y=(f(H - BOTTOM + 15.0)) class="xlabel" text-anchor="middle" { (label) }
            }
            @if let Some(c) = summary.compare.filter(|c| *c >= sp.start) {
                line x1=(f(x(c))) x2=(f(x(c))) y1=(f(TOP)) y2=(f(H - BOTTOM)) class="compare" {}
                text x=(f(x(c) + 3.0)) y=(f(TOP - 3.0)) class="mark" { "compared: " (text::day(c)) }
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
        }
    }
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

    #[test]
    fn coordinates_are_short() {
        assert_eq!(f(12.0), "12");
        assert_eq!(f(12.345), "12.3");
    }
}
