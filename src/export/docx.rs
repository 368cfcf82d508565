//! The summary as a Word document (.docx), for briefs that go on in Word:
//! the same morning note as the Markdown and HTML (what moved, where they
//! stand, the scales, the topic sections when asked, the sources), with
//! real heading styles (Title, Heading 1, Heading 2: they show in Word's
//! navigation pane), a real table, bulleted moves and a numbered list of
//! sources whose numbers are those cited in the text. A4, one page for a
//! few topics and actors. The package is dated by the summary's generation
//! time, not the clock.

use std::io::{self, Cursor};

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, Footer, Hyperlink, HyperlinkType,
    IndentLevel, Level, LevelJc, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin,
    PageNum, Paragraph, Run, RunFonts, Shading, ShdType, SpecialIndentType, Start, Style, StyleType, Table,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableRow, WidthType,
};

use super::summary::{Cited, Move, Quote, StanceRef, StanceRow, Summary, TopicSummary};
use super::text;

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11906, 16838);
/// 14 mm in twentieths of a point.
const MARGIN: i32 = 794;
/// The width between the margins, in twentieths of a point.
const TEXT_WIDTH: usize = A4.0 as usize - 2 * MARGIN as usize;
/// The lists' numbering ids (docx-rs writes a default list as number 1).
const BULLETS: usize = 10;
const SOURCES: usize = 11;
const ACCENT: &str = "243B6B";
const MUTED: &str = "5F6368";
const MOVED_FILL: &str = "FFF4D6";
const HEAD_FILL: &str = "F0F1F4";

/// Writes the summary as a .docx file.
pub fn write(summary: &Summary, out: &mut impl io::Write) -> io::Result<()> {
    out.write_all(&to_bytes(summary)?)
}

/// The summary as the bytes of a .docx file.
pub fn to_bytes(s: &Summary) -> io::Result<Vec<u8>> {
    let mut buf = Cursor::new(Vec::new());
    document(s).build().pack(&mut buf).map_err(io::Error::other)?;
    Ok(buf.into_inner())
}

fn document(s: &Summary) -> Docx {
    let stamp = s.generated_at.datetime().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut doc = styled(Docx::new())
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN).header(400).footer(400),
        )
        .created_at(&stamp)
        .updated_at(&stamp)
        .footer(footer(s))
        .add_paragraph(para(&s.title).style("Title"))
        .add_paragraph(para(&text::subtitle(s)).style("Scope"));
    if s.is_empty() {
        return doc.add_paragraph(para(text::NOTHING));
    }
    doc = moves(s, doc);
    doc = key_events(s, doc);
    doc = doc.add_paragraph(para("Where they stand").style("Heading1").keep_next(true));
    for chunk in text::table_chunks(s) {
        doc = doc.add_table(overview(s, chunk)).add_paragraph(Paragraph::new().style("Small"));
    }
    doc = doc.add_paragraph(para(&text::overview_key(s)).style("Small"));
    for t in &s.topics {
        doc = doc.add_paragraph(scale(t));
    }
    if s.detail {
        for t in &s.topics {
            doc = topic_section(s, t, doc);
        }
    }
    sources(s, doc)
}

/// The styles the brief uses, and the two lists (bullets, sources).
fn styled(doc: Docx) -> Docx {
    let sans = || RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri");
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .fonts(sans())
            .size(size)
            .bold()
            .color(ACCENT)
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(200).after(80))
    };
    doc.default_fonts(RunFonts::new().ascii("Cambria").hi_ansi("Cambria").cs("Cambria"))
        .default_size(20)
        .add_style(
            Style::new("Normal", StyleType::Paragraph)
                .name("Normal")
                .line_spacing(LineSpacing::new().after(60)),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .fonts(sans())
                .size(36)
                .bold()
                .color(ACCENT),
        )
        .add_style(heading("Heading1", "heading 1", 23, 0))
        .add_style(heading("Heading2", "heading 2", 21, 1))
        .add_style(
            Style::new("Scope", StyleType::Paragraph).name("Scope").based_on("Normal").italic().color(MUTED),
        )
        .add_style(
            Style::new("Small", StyleType::Paragraph).name("Small").based_on("Normal").size(16).color(MUTED),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(Some(280), Some(SpecialIndentType::Hanging(280)), None, None),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .add_abstract_numbering(
            AbstractNumbering::new(SOURCES).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("decimal"),
                    LevelText::new("%1."),
                    LevelJc::new("left"),
                )
                .indent(Some(360), Some(SpecialIndentType::Hanging(360)), None, None),
            ),
        )
        .add_numbering(Numbering::new(SOURCES, SOURCES))
}

/// Text made safe for XML 1.0 (which has no place for most control
/// characters) and for reading (bidirectional controls removed).
fn clean(t: &str) -> String {
    t.chars()
        .filter(|&c| !text::is_bidi_control(c))
        .map(|c| if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c })
        .filter(|&c| !c.is_control() && c != '\u{FFFE}' && c != '\u{FFFF}')
        .collect()
}

fn run(t: &str) -> Run {
    Run::new().add_text(clean(t))
}

fn para(t: &str) -> Paragraph {
    Paragraph::new().add_run(run(t))
}

fn moves(s: &Summary, mut doc: Docx) -> Docx {
    doc = doc
        .add_paragraph(para(&text::moves_heading(s)).style("Heading1").keep_next(true))
        .add_paragraph(para(&text::moves_lead(s)).style("Small"));
    for m in &s.moves {
        doc = doc.add_paragraph(move_line(s, m).numbering(NumberingId::new(BULLETS), IndentLevel::new(0)));
    }
    doc
}

fn move_line(s: &Summary, m: &Move) -> Paragraph {
    let t = &s.topics[m.topic];
    let p = Paragraph::new()
        .keep_lines(true)
        .add_run(run(&format!("{} · {}", s.actors[m.actor].name, t.name)).bold())
        .add_run(run(&format!(" {}: ", text::move_change(m))))
        .add_run(run(t.label(m.to.stance)).italic())
        .add_run(run(if m.to.unverified { " (unverified). " } else { ". " }));
    let p = cite(s, &m.to, evidence(p, &m.evidence));
    match &m.context {
        // On a line of its own in the item: the event the move came just after.
        Some(c) => p
            .add_run(Run::new().add_break(BreakType::TextWrapping))
            .add_run(run(c).italic().color(MUTED).size(18)),
        None => p,
    }
}

/// The events of the window, oldest first, each with its source (linked
/// when it is a web address); nothing when there are none.
fn key_events(s: &Summary, mut doc: Docx) -> Docx {
    if s.events.is_empty() {
        return doc;
    }
    doc = doc.add_paragraph(para(text::EVENTS_HEADING).style("Heading1").keep_next(true));
    for k in &s.events {
        let mut p = Paragraph::new()
            .keep_lines(true)
            .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
            .add_run(run(&k.when).bold().size(18))
            .add_run(run(&format!(" {}", text::event_title(k))));
        let facts = text::event_facts(k);
        if !facts.is_empty() {
            p = p.add_run(run(&format!(" {facts} ·")).color(MUTED).size(18));
        }
        p = p.add_run(run(" "));
        p = match k.link() {
            Some(url) => p.add_hyperlink(
                Hyperlink::new(url, HyperlinkType::External)
                    .add_run(run(&text::event_outlet(k)).color(ACCENT).underline("single").size(18)),
            ),
            None => p.add_run(run(&text::event_outlet(k)).color(MUTED).size(18)),
        };
        doc = doc.add_paragraph(p);
    }
    match text::earlier_events(s) {
        Some(more) => doc.add_paragraph(para(&more).style("Small")),
        None => doc,
    }
}

/// The evidence, a paraphrase in italics, then the rationale (alone when
/// there are no words for this topic).
fn evidence(mut p: Paragraph, q: &Quote) -> Paragraph {
    let Some(line) = text::evidence_line(q) else {
        return p.add_run(run(&text::capitalised(&q.rationale)));
    };
    p = p.add_run(if q.paraphrase { run(&line).italic() } else { run(&line) });
    if q.paraphrase {
        p = p.add_run(run(" (paraphrase)").color(MUTED));
    }
    if !q.rationale.is_empty() {
        p = p.add_run(run(&format!(" ({})", q.rationale)).color(MUTED));
    }
    p
}

/// " — Vladimir Putin, 27 November 2025 [1]".
fn cite(s: &Summary, r: &StanceRef, p: Paragraph) -> Paragraph {
    let c = s.source(r);
    p.add_run(run(&format!(" — {}, {} [{}]", c.who(), text::date(c.date), c.number)).color(MUTED).size(18))
}

fn cell(p: Paragraph, width: usize) -> TableCell {
    TableCell::new().add_paragraph(p).width(width, WidthType::Dxa)
}

fn overview(s: &Summary, topics: std::ops::Range<usize>) -> Table {
    let first = 1900;
    let each = (TEXT_WIDTH - first) / topics.len().max(1);
    let head = |t: &str, w: usize| {
        cell(Paragraph::new().add_run(run(t).bold().size(17).color(MUTED)), w)
            .shading(Shading::new().shd_type(ShdType::Clear).fill(HEAD_FILL))
    };
    let mut header = vec![head("Actor", first)];
    header.extend(s.topics[topics.clone()].iter().map(|t| head(&t.name, each)));
    let mut rows = vec![TableRow::new(header).cant_split()];
    for (a, actor) in s.actors.iter().enumerate() {
        let mut cells = vec![cell(Paragraph::new().add_run(run(&actor.name).bold()), first)];
        for t in topics.clone() {
            cells.push(match s.row(t, a) {
                Some(r) => overview_cell(s, r, each),
                None => cell(Paragraph::new().add_run(run("—").color(MUTED)), each),
            });
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    let rule = |p| TableBorder::new(p).border_type(BorderType::Single).size(4).color("D9DBE0");
    Table::new(rows)
        .set_grid(std::iter::once(first).chain(std::iter::repeat_n(each, topics.len())).collect())
        .width(TEXT_WIDTH, WidthType::Dxa)
        .set_borders(
            TableBorders::with_empty()
                .set(rule(TableBorderPosition::Top))
                .set(rule(TableBorderPosition::Bottom))
                .set(rule(TableBorderPosition::InsideH)),
        )
}

fn overview_cell(s: &Summary, r: &StanceRow, width: usize) -> TableCell {
    let mut c = cell(para(&text::overview_cell(s, r)), width);
    if r.moves() > 0 {
        c = c.shading(Shading::new().shd_type(ShdType::Clear).fill(MOVED_FILL));
    }
    c
}

/// "Ceasefire — proposition", then "−2 rejects … · … · +2 …" on the next line, small.
fn scale(t: &TopicSummary) -> Paragraph {
    Paragraph::new()
        .style("Small")
        .keep_lines(true)
        .add_run(run(&t.name).bold())
        .add_run(run(&format!(" — {}", t.proposition)).add_break(BreakType::TextWrapping))
        .add_run(run(&text::labels_line(t)))
}

fn topic_section(s: &Summary, t: &TopicSummary, mut doc: Docx) -> Docx {
    doc = doc
        .add_paragraph(para(&t.name).style("Heading1").page_break_before(true))
        .add_paragraph(Paragraph::new().add_run(run("Proposition: ").bold()).add_run(run(&t.proposition)));
    if t.rows.is_empty() {
        return doc.add_paragraph(para(text::NO_ROWS));
    }
    for r in &t.rows {
        let actor = &s.actors[r.actor].name;
        let mut p = Paragraph::new().keep_lines(true).add_run(run(&format!("{actor}: ")).bold());
        let Some(now) = r.now else {
            doc = doc.add_paragraph(p.add_run(run(text::NO_POSITION)));
            continue;
        };
        let mut words = text::stance(t, now.stance);
        if now.unverified {
            words.push_str(", unverified");
        }
        if let Some(change) = text::change(r.change, r.before, r.now) {
            words.push_str(&format!("; {}", change.to_lowercase()));
        }
        if let Some(age) = r.age_days {
            words.push_str(&format!("; {}", text::age(age)));
        }
        p = p.add_run(run(&words));
        if r.stale {
            p = p.add_run(run(", stale").bold().color("8A1C1C"));
        }
        p = p.add_run(run(". "));
        if let Some(q) = &r.evidence {
            p = cite(s, &now, evidence(p, q));
        }
        doc = doc.add_paragraph(p);
    }
    if let Some(note) = &t.spread {
        doc = doc.add_paragraph(para(&text::spread_sentence(note, t)).italic());
    }
    doc
}

fn sources(s: &Summary, mut doc: Docx) -> Docx {
    if s.sources.is_empty() {
        return doc;
    }
    doc = doc.add_paragraph(para("Sources").style("Heading1").keep_next(true));
    for c in &s.sources {
        doc =
            doc.add_paragraph(source(c, s.detail).numbering(NumberingId::new(SOURCES), IndentLevel::new(0)));
    }
    doc
}

fn source(c: &Cited, detail: bool) -> Paragraph {
    let mut p = Paragraph::new().style("Small").add_run(run(&format!(
        "{}, {}. ",
        text::actor_and_speaker(c),
        text::date(c.date)
    )));
    if detail {
        p = p
            .add_run(if c.paraphrase { run(&c.quoted()).italic() } else { run(&c.quoted()) })
            .add_run(run(" "));
        if let Some(o) = &c.original {
            p = p.add_run(run(&format!("Original: {o} ")));
        }
    }
    let mut where_ = if c.outlet.is_empty() { "No source recorded".to_owned() } else { c.outlet.clone() };
    if let Some(pb) = text::published(c) {
        where_.push_str(&format!(", {pb}"));
    }
    p = p.add_run(run(&where_));
    match (c.link(), &c.url) {
        (Some(url), _) => {
            p = p.add_run(run(", ")).add_hyperlink(
                Hyperlink::new(url.clone(), HyperlinkType::External)
                    .add_run(run(&text::short_url(&url)).color(ACCENT).underline("single")),
            );
        }
        (None, Some(u)) => p = p.add_run(run(&format!(", {u}"))),
        (None, None) => {}
    }
    p.add_run(run(&format!(". {}.", text::grading(c))))
}

fn footer(s: &Summary) -> Footer {
    let facts: Vec<String> = text::facts(s).into_iter().map(|(l, v)| format!("{l}: {v}")).collect();
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Left)
            .add_run(run(&facts.join(" · ")).size(14).color(MUTED))
            .add_run(run(" · Page ").size(14).color(MUTED))
            .add_page_num(PageNum::new()),
    )
}
