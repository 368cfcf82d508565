//! The brief's print chart draws the events of its span: the sample's
//! ceasefire chart marks the Alaska summit with its title, labels never
//! overlap, and every label fits its box.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use chrono::NaiveDate;
use stancebook::analysis::Filter;
use stancebook::export::chart::{self, ChartEvent, text_width};
use stancebook::export::{Summary, SummaryOptions};
use stancebook::model::*;
use stancebook::store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The brief of the export tests: four actors, three topics, since 1 June
/// 2025, with topic sections (which carry the charts).
fn brief_options() -> SummaryOptions {
    let filter = Filter {
        actors: ["kremlin", "kyiv", "washington", "london"].map(ActorId::from).into(),
        topics: ["ceasefire", "territory", "troops"].map(TopicId::from).into(),
        ..Filter::default()
    };
    let mut o = SummaryOptions::new(filter, Timestamp::from_millis(1_765_791_000_000).unwrap());
    o.compare = Some(day("2025-06-01"));
    o.detail = true;
    o
}

/// The value of attribute `name` in the tag `tag` (its text from `<` to `>`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// A drawn event label: its title (the hover), its box and its text.
#[derive(Debug)]
struct Label {
    title: String,
    rect: [f64; 4],
    text: String,
}

/// The event labels of an SVG chart.
fn labels(svg: &str) -> Vec<Label> {
    svg.split("<g class=\"event\">")
        .skip(1)
        .map(|g| {
            let g = &g[..g.find("</g>").unwrap()];
            let title = &g[g.find("<title>").unwrap() + 7..g.find("</title>").unwrap()];
            let rect = &g[g.find("<rect").unwrap()..];
            let rect = &rect[..rect.find('>').unwrap()];
            let n = |k: &str| attr(rect, k).unwrap().parse::<f64>().unwrap();
            let text = &g[g.find("<text").unwrap()..];
            let text = &text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()];
            Label {
                title: title.to_owned(),
                rect: [n("x"), n("y"), n("width"), n("height")],
                text: text.to_owned(),
            }
        })
        .collect()
}

fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
}

/// The sample's brief and the events its charts are given.
fn sample_brief() -> (Store, Summary, Vec<ChartEvent>) {
    let sample = store::sample();
    let o = brief_options();
    let s = Summary::build(&sample, &o);
    let events = chart::chart_events(&sample, &o.filter);
    (sample, s, events)
}

#[test]
fn the_ceasefire_chart_marks_the_alaska_summit_with_its_title() {
    let (sample, s, events) = sample_brief();
    let t = s.topics.iter().find(|t| t.id.as_str() == "ceasefire").unwrap();
    let svg = chart::chart_with_events(&s, t, &events).into_string();
    let alaska = "Trump–Putin summit in Alaska ends without a deal";
    assert!(svg.contains(&format!("<title>{alaska} — 15 Aug 2025 · summit · Anchorage")), "{svg}");
    let drawn = labels(&svg);
    let label = drawn.iter().find(|l| l.title.starts_with(alaska)).expect("a label for the Alaska summit");
    assert!(label.title.contains("Washington") && label.title.contains("source: BBC"), "{label:?}");
    assert!(alaska.starts_with(label.text.trim_end_matches('…')), "{label:?}");
    // A dashed line on its day; a band for the Berlin talks of 14–15 December.
    assert!(svg.contains("stroke-dasharray=\"3 2\""));
    assert!(svg.contains("fill-opacity=\"0.11\""), "the two days of the Berlin talks shaded");
    // Every event of the span that involves the chart's actors is drawn, and only those.
    let span = chart::span(&s, t);
    let actors: Vec<&ActorId> = t.timeline.iter().map(|series| &s.actors[series.actor].id).collect();
    let expected: Vec<&Event> = sample
        .events
        .iter()
        .filter(|e| e.last_day() >= span.start && e.first_day() <= span.end)
        .filter(|e| e.actors.is_empty() || e.actors.iter().any(|a| actors.contains(&a)))
        .collect();
    assert!(expected.len() >= 10, "{} events from {}", expected.len(), span.start);
    assert_eq!(svg.matches("<g class=\"event-mark\">").count(), expected.len());
    for e in &expected {
        assert!(svg.contains(&format!("<title>{} — {}", e.title, e.when())), "{} marked", e.title);
    }
    assert!(drawn.len() <= expected.len() && drawn.len() >= expected.len() / 2, "{} labelled", drawn.len());
    // Without events, the chart is as it was.
    let plain = chart::chart(&s, t).into_string();
    assert!(!plain.contains("class=\"events\"") && !plain.contains(alaska));
}

#[test]
fn no_two_event_labels_overlap_and_each_fits_its_box() {
    let (_, s, events) = sample_brief();
    let mut checked = 0;
    for t in &s.topics {
        let svg = chart::chart_with_events(&s, t, &events).into_string();
        let drawn = labels(&svg);
        for (i, a) in drawn.iter().enumerate() {
            // Estimated on the generous side: the text fits inside its box's padding.
            // (The box is written to a tenth of a unit.)
            assert!(text_width(&a.text, 9.0) <= a.rect[2] - 6.0 + 0.1, "{a:?} fits its box");
            assert!(a.rect[1] >= 0.0, "{a:?} inside the chart");
            for b in &drawn[i + 1..] {
                assert!(!overlap(&a.rect, &b.rect), "{a:?} and {b:?} overlap");
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} labels checked");
}

#[test]
fn crowded_events_are_staggered_and_elided() {
    let (sample, s, _) = sample_brief();
    // Twenty events on four consecutive days in October.
    let base = sample.events.iter().find(|e| e.title.contains("Alaska")).unwrap().clone();
    let crowded: Vec<ChartEvent> = (0..20)
        .map(|i| {
            let mut e = base.clone();
            e.date = PartialDate::parse(&format!("2025-10-{:02}", 10 + i % 4)).unwrap();
            e.title = format!("Crowded event number {i} with a rather long title to cut");
            ChartEvent::of(&sample, &e)
        })
        .collect();
    let t = s.topics.iter().find(|t| t.id.as_str() == "ceasefire").unwrap();
    let svg = chart::chart_with_events(&s, t, &crowded).into_string();
    let drawn = labels(&svg);
    assert!(drawn.len() >= 3, "{drawn:?}");
    let rows: std::collections::BTreeSet<i64> = drawn.iter().map(|l| l.rect[1] as i64).collect();
    assert_eq!(rows.len(), 3, "three rows of labels");
    assert!(drawn.iter().any(|l| l.text.ends_with('…')), "some cut short");
    for (i, a) in drawn.iter().enumerate() {
        for b in &drawn[i + 1..] {
            assert!(!overlap(&a.rect, &b.rect), "{a:?} and {b:?} overlap");
        }
    }
    // Every event is still in the chart, with its whole title for hover, labelled or not.
    assert_eq!(svg.matches("<g class=\"event-mark\">").count(), 20);
    assert!(drawn.len() < 20, "not every label fits");
}

#[test]
fn the_html_brief_draws_the_events_in_its_charts() {
    let sample = store::sample();
    let o = brief_options();
    let html = stancebook::export::html::to_string(&Summary::build(&sample, &o));
    assert!(
        html.contains("<title>Trump–Putin summit in Alaska ends without a deal — 15 Aug 2025"),
        "the printed ceasefire chart names the Alaska summit"
    );
}
