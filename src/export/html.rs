//! The summary as one self-contained HTML file: inline CSS, no network, no
//! fonts or scripts from elsewhere; print-ready on A4 with a page per topic
//! and an SVG step chart of each topic's timeline. Built with maud, so every
//! text from the store is escaped (a quote holding `<script>` shows as text),
//! and only http(s) addresses become links.

use std::io;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::chart;
use super::summary::{Change, Cited, Move, StanceRow, Summary, TopicSummary};
use super::text;
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
                header.cover {
                    p.kicker { "Position summary" }
                    h1 { (s.title) }
                    p.subtitle { (text::subtitle(s)) }
                    dl.facts {
                        @for (label, value) in text::facts(s) {
                            dt { (label) } dd { (value) }
                        }
                    }
                    @if !s.is_empty() { p.note { (text::SCALE_NOTE) } }
                }
                @if s.is_empty() {
                    p.empty { (text::NOTHING) }
                } @else {
                    @if s.topics.len() > 1 && !s.actors.is_empty() { (overview(s)) }
                    @for t in &s.topics { (topic_section(s, t)) }
                    (moves(s))
                    (sources(s))
                }
                footer {
                    "Generated " (text::timestamp(s.generated_at)) " by " (s.generator) "."
                }
            }
        }
    }
}

fn stance_chip(s: Stance, unverified: bool) -> Markup {
    html! {
        span class=(format!("chip s{}", s.index())) title=[unverified.then_some("unverified")] {
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

fn overview(s: &Summary) -> Markup {
    html! {
        section.overview {
            h2 { "Overview" }
            p.lead {
                "Stances as of " (text::day(s.as_of))
                @if let Some(c) = s.compare { "; in brackets, where it differs, the stance on " (text::day(c)) }
                ". A question mark flags a stance resting on an unverified statement; a blank, no position on record."
            }
            table.matrix {
                thead { tr { th { "Actor" } @for t in &s.topics { th { a href=(format!("#topic-{}", t.id)) { (t.name) } } } } }
                tbody {
                    @for (a, actor) in s.actors.iter().enumerate() {
                        tr {
                            th scope="row" { (swatch(s, a)) (actor.name) }
                            @for (t, _) in s.topics.iter().enumerate() {
                                td { @if let Some(r) = s.row(t, a) { (overview_cell(r)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn overview_cell(r: &StanceRow) -> Markup {
    html! {
        @match r.now {
            Some(n) => { (stance_chip(n.stance, n.unverified)) }
            None => { span.none { "—" } }
        }
        @match (r.change, r.before) {
            (Change::Moved { .. }, Some(b)) => { " " span.was { "(" (b.stance.signed()) ")" } }
            (Change::New, _) => { " " span.was { "(new)" } }
            _ => {}
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
                        (chart::chart(s, t))
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
                            th { "Latest statement" }
                        }
                    }
                    tbody {
                        @for r in &t.rows {
                            tr {
                                th.actor scope="row" { (swatch(s, r.actor)) (s.actors[r.actor].name) }
                                td.stance {
                                    @match r.now {
                                        Some(n) => {
                                            (stance_chip(n.stance, n.unverified)) " " (text::capitalised(t.label(n.stance)))
                                            @if n.unverified { " " em.flag { "unverified" } }
                                        }
                                        None => { span.none { (text::NO_POSITION) } }
                                    }
                                }
                                @if s.compare.is_some() {
                                    td class=(format!("change {}", change_class(r.change)).trim_end()) {
                                        (text::change(r.change, r.before, r.now).unwrap_or_default())
                                    }
                                }
                                td.latest {
                                    @if let Some(n) = r.now { (quote_block(&s.statements[n.statement])) }
                                }
                            }
                        }
                    }
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

fn change_class(c: Change) -> &'static str {
    match c {
        Change::Moved { class: crate::analysis::ShiftClass::Reversal, .. } => "reversal",
        Change::Moved { .. } => "shift",
        _ => "",
    }
}

fn quote_block(c: &Cited) -> Markup {
    html! {
        q.quote.paraphrase[c.paraphrase] { (c.quoted()) }
        @if c.paraphrase { " " span.muted { "(paraphrase)" } }
        " "
        span.cite { "— " (text::citation(c)) " " (cite_link(c)) }
    }
}

fn moves(s: &Summary) -> Markup {
    html! {
        section.moves {
            h2 { (text::moves_heading(&s.moves_period)) }
            @if s.moves.is_empty() {
                p.empty { (text::NO_SHIFTS) }
            } @else {
                p.lead { "Newest first." }
                @for m in &s.moves { (one_move(s, m)) }
            }
        }
    }
}

fn one_move(s: &Summary, m: &Move) -> Markup {
    let t = &s.topics[m.topic];
    html! {
        article.move {
            h3 {
                span.date { (text::date(m.to.date)) }
                " " (swatch(s, m.actor)) (s.actors[m.actor].name) " on " (t.name) ": "
                span class=(format!("what {}", m.class.as_str())) { (text::movement(m.class, m.direction).to_lowercase()) }
            }
            p.fromto {
                (stance_chip(m.from.stance, m.from.unverified)) " " (t.label(m.from.stance))
                span.arrow { " → " }
                (stance_chip(m.to.stance, m.to.unverified)) " " (t.label(m.to.stance))
            }
            dl.pair {
                dt { "Before" } dd { (quote_block(&s.statements[m.from.statement])) }
                dt { "After" } dd { (quote_block(&s.statements[m.to.statement])) }
            }
        }
    }
}

fn sources(s: &Summary) -> Markup {
    html! {
        section.sources {
            h2 { "Sources" }
            p.lead { "The statements this summary rests on, oldest first." }
            ol {
                @for c in &s.statements {
                    li id=(format!("s{}", c.number)) value=(c.number) {
                        p.head {
                            strong { (text::date(c.date)) " — " (text::actor_and_speaker(c)) }
                        }
                        p { q.quote.paraphrase[c.paraphrase] { (c.quoted()) }
                            @if c.paraphrase { " " span.muted { "(paraphrase)" } } }
                        @if let Some(o) = &c.original { p.original { "Original: " (o) } }
                        @if !c.positions.is_empty() {
                            p.positions {
                                @for (i, p) in c.positions.iter().enumerate() {
                                    @if i > 0 { "; " }
                                    (p.topic) ": " (stance_chip(p.stance, false)) " " (p.label)
                                    @if !p.conditions.is_empty() { ", on condition: " (p.conditions) }
                                }
                            }
                        }
                        p.source {
                            "Source: "
                            @if c.outlet.is_empty() { "no source recorded" } @else { (c.outlet) }
                            @if let Some(p) = text::published(c) { ", " (p) }
                            @match (c.link(), &c.url) {
                                (Some(url), _) => { ", " a href=(url) { (url) } }
                                (None, Some(u)) => { ", " (u) }
                                (None, None) => {}
                            }
                            ". " (text::provenance(c)) "."
                        }
                    }
                }
            }
        }
    }
}

const CSS: &str = r#"
:root { --ink: #1c1d21; --muted: #5f6368; --rule: #d9dbe0; --soft: #f5f6f8; --accent: #243b6b; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 190mm; padding: 14mm 10mm 20mm; color: var(--ink);
  font: 10.5pt/1.5 Charter, "Bitstream Charter", Georgia, Cambria, "Times New Roman", serif; }
h1, h2, h3, .kicker, th, .facts dt, .chip, figcaption, .label, .cite, footer, .xlabel, .ylabel, .mark {
  font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; }
h1 { font-size: 22pt; line-height: 1.15; margin: 0 0 4pt; color: var(--accent); }
h2 { font-size: 15pt; margin: 0 0 8pt; padding-bottom: 3pt; border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { font-size: 10.5pt; margin: 0 0 3pt; }
a { color: var(--accent); }
.kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 8.5pt; color: var(--muted); margin: 0 0 4pt; }
.subtitle { font-size: 12pt; margin: 0 0 10pt; color: var(--muted); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 12pt; margin: 0 0 10pt;
  padding: 8pt 10pt; background: var(--soft); border-left: 3px solid var(--accent); font-size: 9.5pt; }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; }
.note, .lead { font-size: 9.5pt; color: var(--muted); }
section { margin: 18pt 0 0; }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; margin: 6pt 0 8pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 4pt 6pt; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 1.5px solid var(--ink); font-size: 8.5pt; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
th.actor, tbody th { white-space: nowrap; font-weight: 600; }
td.stance { width: 24%; }
td.change { width: 15%; }
td.change.reversal { font-weight: 600; }
table.matrix td { text-align: center; white-space: nowrap; }
table.matrix thead th { text-align: center; }
table.matrix thead th:first-child { text-align: left; }
table.matrix a { color: inherit; text-decoration: none; }
.swatch { display: inline-block; width: 8pt; height: 8pt; border-radius: 50%; margin-right: 4pt; vertical-align: baseline; }
.chip { display: inline-block; min-width: 20pt; padding: 0 3pt; border-radius: 3pt; text-align: center; font-size: 8.5pt; font-weight: 700; }
.s0 { background: #f3c1bd; color: #6b1510; } .s1 { background: #fbe0cf; color: #7a3410; }
.s2 { background: #e6e7ea; color: #33363b; } .s3 { background: #dcefd3; color: #24501a; }
.s4 { background: #b9e0ad; color: #1b4a12; }
.was, .muted, .none { color: var(--muted); }
.flag { color: #8a4b00; font-size: 9pt; }
.proposition { background: var(--soft); padding: 6pt 10pt; border-left: 3px solid var(--rule); margin: 0 0 8pt; }
.proposition .label { font-size: 8pt; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin-right: 4pt; }
figure { margin: 0 0 4pt; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #e3e5e9; stroke-width: 1; }
svg .grid.zero { stroke: #b9bcc3; }
svg .tick { stroke: #eef0f3; stroke-width: 1; }
svg .axis { stroke: #9a9ea6; stroke-width: 1; }
svg .compare { stroke: #8d9199; stroke-width: 1; stroke-dasharray: 3 3; }
svg .ylabel, svg .xlabel { font-size: 10.5px; fill: #4a4e55; }
svg .mark { font-size: 9.5px; fill: #6b6f76; }
figcaption { font-size: 8.5pt; color: var(--muted); display: flex; flex-wrap: wrap; gap: 2pt 12pt; padding-left: 28%; }
.hollow { display: inline-block; width: 7pt; height: 7pt; border-radius: 50%; border: 1.5pt solid var(--muted); margin-right: 4pt; }
.quote { quotes: none; }
.quote.paraphrase { font-style: italic; }
.cite { font-size: 8.5pt; color: var(--muted); white-space: normal; }
a.ref { text-decoration: none; }
.spread { font-style: italic; margin: 4pt 0 0; }
.move { padding: 6pt 0 8pt; border-bottom: 1px solid var(--rule); break-inside: avoid; page-break-inside: avoid; }
.move .date { color: var(--muted); font-weight: 400; margin-right: 4pt; }
.move .what.reversal { color: #9b1c1c; }
.move .fromto { margin: 2pt 0 4pt; font-size: 9.5pt; }
.move .arrow { color: var(--muted); }
.pair { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 10pt; margin: 0; font-size: 9.5pt; }
.pair dt { font-family: "Segoe UI", Helvetica, Arial, sans-serif; font-size: 8pt; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); padding-top: 2pt; }
.pair dd { margin: 0; }
.sources ol { padding-left: 22pt; font-size: 9pt; }
.sources li { margin: 0 0 6pt; break-inside: avoid; page-break-inside: avoid; }
.sources li p { margin: 0; }
.sources .original, .sources .source { color: var(--muted); }
.sources .source a { word-break: break-all; }
.empty { font-style: italic; color: var(--muted); }
footer { margin-top: 18pt; padding-top: 6pt; border-top: 1px solid var(--rule); font-size: 8pt; color: var(--muted); }
@page { size: A4; margin: 16mm 15mm 18mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #777; } }
@media print {
  body { max-width: none; padding: 0; }
  section.topic, section.moves, section.sources { break-before: page; page-break-before: always; margin-top: 0; }
  a { text-decoration: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure { break-inside: avoid; page-break-inside: avoid; }
}
"#;
