//! The summary as one self-contained HTML file: inline CSS, no network, no
//! fonts or scripts from elsewhere; print-ready on A4. The default brief
//! (what moved, where they stand, the scales, the sources) fits on one page
//! for a few topics and actors; the topic sections, when asked for, start a
//! page each and carry an SVG step chart of the topic's timeline. Built
//! with maud, so every text from the store is escaped (a quote holding
//! `<script>` shows as text), and only http(s) addresses become links.

use std::io;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::chart;
use super::summary::{Change, Cited, Move, Quote, StanceRow, Summary, TopicSummary};
use super::text;
use crate::analysis::ShiftClass;
use crate::model::Stance;

/// Writes the summary as a self-contained HTML document.
pub fn write(summary: &Summary, out: &mut impl io::Write) -> io::Result<()> {
    out.write_all(to_string(summary).as_bytes())
}

/// The summary as an HTML document.
pub fn to_string(s: &Summary) -> String {
    let mut doc = document(s).into_string();
    doc.push('\n');
    doc
}

fn document(s: &Summary) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(s.generator);
                title { (s.title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (s.title) }
                    p.scope { (text::subtitle(s)) }
                }
                @if s.is_empty() {
                    p.empty { (text::NOTHING) }
                } @else {
                    (moves(s))
                    (key_events(s))
                    (overview(s))
                    (scales(s))
                    @if s.detail { @for t in &s.topics { (topic_section(s, t)) } }
                    (sources(s))
                }
                footer {
                    @for (i, (label, value)) in text::facts(s).into_iter().enumerate() {
                        @if i > 0 { " · " }
                        (label) ": " (value)
                    }
                }
            }
        }
    }
}

fn stance_chip(s: Stance, unverified: bool) -> Markup {
    html! {
        span class=(format!("chip s{}", s.index())) title=[unverified.then_some("rests on an unverified statement")] {
            (s.signed()) @if unverified { "?" }
        }
    }
}

fn swatch(s: &Summary, actor: usize) -> Markup {
    html! { span.swatch style=(format!("background:{}", s.actors[actor].color)) {} }
}

fn cite_link(c: &Cited) -> Markup {
    html! { a.ref href=(format!("#s{}", c.number)) { "[" (c.number) "]" } }
}

fn moves(s: &Summary) -> Markup {
    html! {
        section.moves {
            h2 { (text::moves_heading(s)) }
            p.lead { (text::moves_lead(s)) }
            @if !s.moves.is_empty() {
                ul.moves { @for m in &s.moves { (one_move(s, m)) } }
            }
        }
    }
}

fn one_move(s: &Summary, m: &Move) -> Markup {
    let t = &s.topics[m.topic];
    let reversal = matches!(m.class, Some((ShiftClass::Reversal, _)));
    html! {
        li.move {
            span.who { (swatch(s, m.actor)) (s.actors[m.actor].name) " · " (t.name) }
            " "
            span.path {
                @match m.from { Some(f) => { (stance_chip(f, false)) } None => { span.none { "none" } } }
                " → " (stance_chip(m.to.stance, m.to.unverified))
            }
            " "
            span.what.reversal[reversal] { (text::move_change(m).split_once(", ").map_or("", |(_, w)| w)) }
            ": " em.label { (t.label(m.to.stance)) } "."
            " " (evidence(&m.evidence))
            " " span.cite { "— " (s.source(&m.to).who()) ", " (text::date(m.to.date)) " " (cite_link(s.source(&m.to))) }
            @if let Some(c) = &m.context { br; span.context { (c) } }
        }
    }
}

/// The events of the window, oldest first, each with its source (linked
/// when it is a web address); nothing when there are none.
fn key_events(s: &Summary) -> Markup {
    html! {
        @if !s.events.is_empty() {
            section.events {
                h2 { (text::EVENTS_HEADING) }
                ul.events {
                    @for k in &s.events {
                        li.event {
                            span.when { (k.when) } " " (text::event_title(k))
                            @let facts = text::event_facts(k);
                            @if !facts.is_empty() { " " span.facts { (facts) } " ·" }
                            " "
                            @match k.link() {
                                Some(url) => { a.outlet href=(url) { (text::event_outlet(k)) } }
                                None => { span.outlet { (text::event_outlet(k)) } }
                            }
                        }
                    }
                }
                @if let Some(more) = text::earlier_events(s) { p.key { (more) } }
            }
        }
    }
}

/// The words that back a position, and the analyst's rationale (alone
/// when there are no words for this topic).
fn evidence(q: &Quote) -> Markup {
    html! {
        @match text::evidence_line(q) {
            Some(line) => {
                q.quote.paraphrase[q.paraphrase] { (line) }
                @if q.paraphrase { " " span.muted { "(paraphrase)" } }
                @if !q.rationale.is_empty() { " " span.rationale { "(" (q.rationale) ")" } }
            }
            None => { span.rationale.alone { (text::capitalised(&q.rationale)) } }
        }
    }
}

fn overview(s: &Summary) -> Markup {
    html! {
        section.overview {
            h2 { "Where they stand" }
            @for chunk in text::table_chunks(s) {
                table.matrix {
                    thead { tr { th { "Actor" } @for t in &s.topics[chunk.clone()] { th { (t.name) } } } }
                    tbody {
                        @for (a, actor) in s.actors.iter().enumerate() {
                            tr {
                                th scope="row" { (swatch(s, a)) (actor.name) }
                                @for t in chunk.clone() {
                                    @match s.row(t, a) {
                                        Some(r) => { td.moved[r.moves() > 0].stale[r.stale] { (overview_cell(s, r)) } }
                                        None => { td.none { "—" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.key { (text::overview_key(s)) }
        }
    }
}

fn overview_cell(s: &Summary, r: &StanceRow) -> Markup {
    let mark = text::move_mark(r);
    html! {
        @match r.now {
            Some(n) => {
                @if !mark.is_empty() { span.mark title=(text::row_path(r)) { (mark) } " " }
                (stance_chip(n.stance, n.unverified))
                @if r.moves() > 1 { " " span.pathnote { "(" (text::path_only(r)) ")" } }
                @if let Some(age) = r.age_days {
                    " " span.age { (text::age_short(age)) @if r.stale { " " span.stalemark { "stale" } } }
                }
                " " (cite_link(s.source(&n)))
            }
            None => {
                span.none { "—" }
                @if let Some(b) = r.before { " " span.muted { "(was " (b.signed()) ")" } }
            }
        }
    }
}

fn scales(s: &Summary) -> Markup {
    html! {
        div.scales {
            @for t in &s.topics {
                p.scale {
                    span.name { (t.name) } " "
                    span.prop { (t.proposition) }
                    br;
                    @for (i, st) in Stance::ALL.iter().enumerate() {
                        @if i > 0 { " · " }
                        span.level { (st.signed()) " " (t.label(*st)) }
                    }
                }
            }
        }
    }
}

fn topic_section(s: &Summary, t: &TopicSummary) -> Markup {
    let span = chart::span(s, t);
    html! {
        section.topic id=(format!("topic-{}", t.id)) {
            h2 { (t.name) }
            p.proposition { span.label { "Proposition" } " " (t.proposition) }
            @if t.rows.is_empty() {
                p.empty { (text::NO_ROWS) }
            } @else {
                @if !t.timeline.is_empty() {
                    figure {
                        (chart::chart_with_events(s, t, &s.chart_events))
                        figcaption {
                            @for series in &t.timeline {
                                span.key { (swatch(s, series.actor)) (s.actors[series.actor].name) }
                            }
                            span.key { span.hollow {} "unverified" }
                            @if span.carried_in {
                                span.key.muted { "Lines entering from the left carry positions taken before " (text::day(span.start)) "." }
                            }
                        }
                    }
                }
                table.stances {
                    thead {
                        tr {
                            th.actor { "Actor" }
                            th.stance { "Stance" }
                            @if let Some(c) = s.compare { th.change { (text::change_heading(c)) } }
                            th { "Evidence" }
                        }
                    }
                    tbody { @for r in &t.rows { (stance_row(s, t, r)) } }
                }
                @if let Some(note) = &t.spread {
                    p class=(format!("spread {}", note.trend.map_or("", |tr| tr.as_str())).trim_end()) {
                        (text::spread_sentence(note, t))
                    }
                }
            }
        }
    }
}

fn stance_row(s: &Summary, t: &TopicSummary, r: &StanceRow) -> Markup {
    html! {
        tr {
            th.actor scope="row" { (swatch(s, r.actor)) (s.actors[r.actor].name) }
            td.stance {
                @match r.now {
                    Some(n) => {
                        (stance_chip(n.stance, n.unverified)) " " (text::capitalised(t.label(n.stance)))
                        @if n.unverified { " " em.flag { "unverified" } }
                        @if let Some(age) = r.age_days {
                            br; span.age { (text::age(age)) @if r.stale { " " span.stalemark { "stale" } } }
                        }
                    }
                    None => { span.none { (text::NO_POSITION) } }
                }
            }
            @if s.compare.is_some() {
                td class=(format!("change {}", change_class(r.change)).trim_end()) {
                    (text::change(r.change, r.before, r.now).unwrap_or_default())
                    @if r.moves() > 1 { br; span.pathnote { (text::row_path(r)) } }
                }
            }
            td.latest {
                @if let (Some(n), Some(q)) = (r.now, &r.evidence) {
                    (evidence(q)) " " span.cite { "— " (s.source(&n).who()) ", " (text::date(n.date)) " " (cite_link(s.source(&n))) }
                }
            }
        }
    }
}

fn change_class(c: Change) -> &'static str {
    match c {
        Change::Moved { class: ShiftClass::Reversal, .. } => "reversal",
        Change::Moved { .. } => "shift",
        _ => "",
    }
}

fn sources(s: &Summary) -> Markup {
    html! {
        @if !s.sources.is_empty() {
            section.sources {
                h2 { "Sources" }
                ol { @for c in &s.sources { (source(c, s.detail)) } }
            }
        }
    }
}

fn source(c: &Cited, detail: bool) -> Markup {
    html! {
        li id=(format!("s{}", c.number)) value=(c.number) {
            (text::actor_and_speaker(c)) ", " (text::date(c.date)) ". "
            @if detail {
                q.quote.paraphrase[c.paraphrase] { (c.quoted()) }
                @if c.paraphrase { " " span.muted { "(paraphrase)" } }
                @if let Some(o) = &c.original { " " span.original { "Original: " (o) } }
                " "
            }
            span.source {
                @if c.outlet.is_empty() { "No source recorded" } @else { (c.outlet) }
                @if let Some(p) = text::published(c) { ", " (p) }
                @match (c.link(), &c.url) {
                    (Some(url), _) => { ", " a href=(url) { (text::short_url(&url)) } }
                    (None, Some(u)) => { ", " (u) }
                    (None, None) => {}
                }
                ". "
                span title=(text::provenance(c)) { (text::grading(c)) "." }
            }
        }
    }
}

const CSS: &str = r#"
:root { --ink: #1c1d21; --muted: #5f6368; --rule: #d9dbe0; --soft: #f5f6f8; --accent: #243b6b; --moved: #fff4d6; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 190mm; padding: 12mm 10mm 16mm; color: var(--ink);
  font: 10pt/1.42 Charter, "Bitstream Charter", Georgia, Cambria, "Times New Roman", serif; }
h1, h2, th, .chip, .scales dt, figcaption, .label, .cite, .key, footer, .xlabel, .ylabel, .mark, .who, .age {
  font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; }
h1 { font-size: 18pt; line-height: 1.15; margin: 0 0 2pt; color: var(--accent); }
h2 { font-size: 11.5pt; margin: 0 0 4pt; padding-bottom: 2pt; border-bottom: 1.5px solid var(--accent); color: var(--accent); }
a { color: var(--accent); }
.scope { font-size: 10pt; margin: 0 0 8pt; color: var(--muted); font-style: italic; }
section { margin: 10pt 0 0; }
.lead, .key { font-size: 8.5pt; color: var(--muted); margin: 0 0 4pt; }
ul.moves { list-style: none; margin: 0; padding: 0; }
li.move .context { font-size: 8.5pt; font-style: italic; color: var(--muted); }
ul.events { list-style: none; margin: 0; padding: 0; font-size: 9pt; }
li.event { margin: 0 0 2pt; break-inside: avoid; page-break-inside: avoid; }
li.event .when { font-weight: 700; font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: 8.5pt; }
li.event .facts, li.event span.outlet { font-size: 8pt; color: var(--muted); }
li.event a.outlet { font-size: 8pt; }
li.move { padding: 3pt 0 3pt 10pt; border-left: 2.5px solid var(--accent); margin: 0 0 4pt; break-inside: avoid; page-break-inside: avoid; }
.who { font-weight: 700; }
.what { color: var(--muted); }
.what.reversal { color: #9b1c1c; font-weight: 600; }
.label { font-style: italic; }
.rationale { color: var(--muted); }
.rationale.alone { color: var(--ink); }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 2pt 0 4pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 3pt 5pt; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 1.5px solid var(--ink); font-size: 8pt; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
tbody th { white-space: nowrap; font-weight: 600; }
table.matrix td { white-space: nowrap; }
table.matrix td.moved { background: var(--moved); }
.mark { font-weight: 700; color: #7a4b00; }
.age { font-size: 8pt; color: var(--muted); }
.stalemark { font-size: 7.5pt; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: #8a1c1c;
  border: 1px solid #d9a3a3; border-radius: 2pt; padding: 0 2pt; }
td.stale .chip { opacity: .75; }
.pathnote { font-size: 8pt; color: var(--muted); }
.swatch { display: inline-block; width: 7pt; height: 7pt; border-radius: 50%; margin-right: 3pt; vertical-align: baseline; }
.chip { display: inline-block; min-width: 18pt; padding: 0 3pt; border-radius: 3pt; text-align: center; font-size: 8pt; font-weight: 700; }
.s0 { background: #f3c1bd; color: #6b1510; } .s1 { background: #fbe0cf; color: #7a3410; }
.s2 { background: #e6e7ea; color: #33363b; } .s3 { background: #dcefd3; color: #24501a; }
.s4 { background: #b9e0ad; color: #1b4a12; }
.muted, .none { color: var(--muted); }
.flag { color: #8a4b00; font-size: 8.5pt; }
.scales { margin: 6pt 0 0; font-size: 8pt; color: var(--muted); }
.scale { margin: 0 0 2pt; break-inside: avoid; page-break-inside: avoid; }
.scale .name { font-weight: 700; color: var(--ink); font-family: "Segoe UI", Helvetica, Arial, sans-serif; }
.scale .prop { color: var(--ink); }
.proposition { background: var(--soft); padding: 5pt 8pt; border-left: 3px solid var(--rule); margin: 0 0 6pt; }
.proposition .label { font-size: 8pt; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin-right: 4pt; font-style: normal; }
td.stance { width: 26%; }
td.change { width: 17%; }
td.change.reversal { font-weight: 600; }
figure { margin: 0 0 4pt; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #e3e5e9; stroke-width: 1; }
svg .grid.zero { stroke: #b9bcc3; }
svg .tick { stroke: #eef0f3; stroke-width: 1; }
svg .axis { stroke: #9a9ea6; stroke-width: 1; }
svg .compare { stroke: #8d9199; stroke-width: 1; stroke-dasharray: 3 3; }
svg .ylabel, svg .xlabel { font-size: 10.5px; fill: #4a4e55; }
svg .mark { font-size: 9.5px; fill: #6b6f76; }
figcaption { font-size: 8pt; color: var(--muted); display: flex; flex-wrap: wrap; gap: 2pt 12pt; padding-left: 28%; }
.hollow { display: inline-block; width: 7pt; height: 7pt; border-radius: 50%; border: 1.5pt solid var(--muted); margin-right: 4pt; }
.quote { quotes: none; }
.quote.paraphrase { font-style: italic; }
.cite { font-size: 8pt; color: var(--muted); }
a.ref { text-decoration: none; font-size: 8pt; }
.spread { font-style: italic; margin: 4pt 0 0; }
.sources ol { padding-left: 18pt; margin: 0; font-size: 8pt; color: var(--muted); }
.sources li { margin: 0 0 1pt; break-inside: avoid; page-break-inside: avoid; }
.sources li .quote { color: var(--ink); }
.sources .source a { word-break: break-all; }
.empty { font-style: italic; color: var(--muted); }
footer { margin-top: 10pt; padding-top: 4pt; border-top: 1px solid var(--rule); font-size: 7.5pt; color: var(--muted); }
@page { size: A4; margin: 14mm 14mm 16mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #777; } }
@media print {
  body { max-width: none; padding: 0; }
  section.topic { break-before: page; page-break-before: always; margin-top: 0; }
  a { text-decoration: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure { break-inside: avoid; page-break-inside: avoid; }
}
"#;
