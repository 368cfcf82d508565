//! The summary as GitHub-flavoured Markdown, clean enough to paste into a
//! brief or a wiki. It has the shape of a morning note: the title and the
//! scope line, what moved (one line per move), where each actor stands with
//! the age of its stance, the topics' scales, and only then — when asked —
//! a section per topic; the sources cited, numbered in order of first
//! citation, close it. Every piece of text from the store is escaped, so a
//! quote cannot break a table or turn into markup.

use std::fmt::Write as _;
use std::io;

use super::summary::{Cited, Move, Quote, StanceRef, StanceRow, Summary, TopicSummary};
use super::text;

/// Writes the summary as Markdown.
pub fn write(summary: &Summary, out: &mut impl io::Write) -> io::Result<()> {
    out.write_all(to_string(summary).as_bytes())
}

/// The summary as Markdown text (for the clipboard or a file).
pub fn to_string(s: &Summary) -> String {
    let mut md = String::new();
    let _ = render(s, &mut md);
    md
}

fn render(s: &Summary, md: &mut String) -> std::fmt::Result {
    writeln!(md, "# {}\n", escape(&s.title))?;
    writeln!(md, "*{}*\n", escape(&text::subtitle(s)))?;
    if s.is_empty() {
        writeln!(md, "{}\n", text::NOTHING)?;
        return footer(s, md);
    }
    moves(s, md)?;
    key_events(s, md)?;
    overview(s, md)?;
    scales(s, md)?;
    if s.detail {
        for topic in &s.topics {
            topic_section(s, topic, md)?;
        }
    }
    sources(s, md)?;
    footer(s, md)
}

fn moves(s: &Summary, md: &mut String) -> std::fmt::Result {
    writeln!(md, "## {}\n", escape(&text::moves_heading(s)))?;
    writeln!(md, "{}\n", text::moves_lead(s))?;
    for m in &s.moves {
        writeln!(md, "- {}", move_line(s, m))?;
    }
    if !s.moves.is_empty() {
        writeln!(md)?;
    }
    Ok(())
}

/// **Kremlin · Ceasefire** −2 → −1, shift toward: *accepts a truce on
/// conditions*. “excerpt” — Vladimir Putin, 27 November 2025 \[1\]
fn move_line(s: &Summary, m: &Move) -> String {
    let t = &s.topics[m.topic];
    let mut line = format!(
        "**{} · {}** {}: *{}*{}.",
        escape(&s.actors[m.actor].name),
        escape(&t.name),
        escape(&text::move_change(m)),
        escape(t.label(m.to.stance)),
        if m.to.unverified { " (unverified)" } else { "" },
    );
    line.push(' ');
    line.push_str(&evidence(&m.evidence));
    line.push_str(&format!(" — {}", cite(s, &m.to)));
    if let Some(c) = &m.context {
        // On a line of its own in the item: the event the move came just after.
        line.push_str(&format!("  \n  *{}*", escape(c)));
    }
    line
}

/// "- **15 August 2025** Trump–Putin summit in Alaska ends without a deal.
/// Anchorage · Washington and Kremlin · [Reuters](<https://…>)"; none when
/// no event falls in the window.
fn key_events(s: &Summary, md: &mut String) -> std::fmt::Result {
    if s.events.is_empty() {
        return Ok(());
    }
    writeln!(md, "## {}\n", text::EVENTS_HEADING)?;
    for k in &s.events {
        let mut line = format!("- **{}** {}", escape(&k.when), escape(&text::event_title(k)));
        let facts = text::event_facts(k);
        if !facts.is_empty() {
            line.push_str(&format!(" {} ·", escape(&facts)));
        }
        let outlet = escape(&text::event_outlet(k));
        match k.link() {
            Some(url) => line.push_str(&format!(" [{outlet}](<{url}>)")),
            None => line.push_str(&format!(" {outlet}")),
        }
        writeln!(md, "{line}")?;
    }
    if let Some(more) = text::earlier_events(s) {
        writeln!(md, "\n*{more}*")?;
    }
    writeln!(md)
}

/// The evidence as a reader sees it: the words (a paraphrase marked), then
/// the analyst's rationale in brackets; the rationale alone when there are
/// no words for this topic.
fn evidence(q: &Quote) -> String {
    let Some(line) = text::evidence_line(q) else {
        return escape(&text::capitalised(&q.rationale));
    };
    let mut out = escape(&line);
    if q.paraphrase {
        out.push_str(" (paraphrase)");
    }
    if !q.rationale.is_empty() {
        out.push_str(&format!(" ({})", escape(&q.rationale)));
    }
    out
}

/// "Vladimir Putin, 27 November 2025 \[1\]".
fn cite(s: &Summary, r: &StanceRef) -> String {
    let c = s.source(r);
    format!("{}, {} \\[{}\\]", escape(c.who()), escape(&text::date(c.date)), c.number)
}

fn overview(s: &Summary, md: &mut String) -> std::fmt::Result {
    writeln!(md, "## Where they stand\n")?;
    let mut head = String::from("| Actor |");
    let mut rule = String::from("|---|");
    for t in &s.topics {
        head.push_str(&format!(" {} |", escape(&t.name)));
        rule.push_str("---|");
    }
    writeln!(md, "{head}\n{rule}")?;
    for (a, actor) in s.actors.iter().enumerate() {
        let mut line = format!("| **{}** |", escape(&actor.name));
        for (t, _) in s.topics.iter().enumerate() {
            let v = s.row(t, a).map_or_else(|| "—".to_owned(), |r| overview_cell(s, r));
            line.push_str(&format!(" {v} |"));
        }
        writeln!(md, "{line}")?;
    }
    writeln!(md, "\n{}\n", escape(&text::overview_key(s)))
}

/// A cell of the overview: see [`text::overview_cell`].
fn overview_cell(s: &Summary, r: &StanceRow) -> String {
    escape(&text::overview_cell(s, r))
}

/// Each topic's five points, and the proposition they are scored against.
fn scales(s: &Summary, md: &mut String) -> std::fmt::Result {
    for t in &s.topics {
        writeln!(md, "- **{}**: {}  ", escape(&t.name), escape(&text::labels_line(t)))?;
        writeln!(md, "  *Scored against: {}*", escape(&t.proposition))?;
    }
    writeln!(md)
}

fn topic_section(s: &Summary, t: &TopicSummary, md: &mut String) -> std::fmt::Result {
    writeln!(md, "## {}\n", escape(&t.name))?;
    writeln!(md, "> **Proposition:** {}\n", escape(&t.proposition))?;
    if t.rows.is_empty() {
        writeln!(md, "{}\n", text::NO_ROWS)?;
        return Ok(());
    }
    for r in &t.rows {
        let actor = escape(&s.actors[r.actor].name);
        let Some(now) = r.now else {
            writeln!(md, "- **{actor}**: {}.", text::NO_POSITION)?;
            continue;
        };
        let mut line = format!("- **{actor}**: {}", escape(&text::stance(t, now.stance)));
        if now.unverified {
            line.push_str(", *unverified*");
        }
        if let Some(change) = text::change(r.change, r.before, r.now) {
            line.push_str(&format!("; {}", escape(&change.to_lowercase())));
        }
        if let Some(age) = r.age_days {
            line.push_str(&format!("; {}", text::age(age)));
        }
        if r.stale {
            line.push_str(", **stale**");
        }
        line.push('.');
        if let Some(q) = &r.evidence {
            line.push_str(&format!(" {} — {}", evidence(q), cite(s, &now)));
        }
        writeln!(md, "{line}")?;
    }
    writeln!(md)?;
    if let Some(note) = &t.spread {
        writeln!(md, "{}\n", escape(&text::spread_sentence(note, t)))?;
    }
    Ok(())
}

fn sources(s: &Summary, md: &mut String) -> std::fmt::Result {
    if s.sources.is_empty() {
        return Ok(());
    }
    writeln!(md, "## Sources\n")?;
    for c in &s.sources {
        writeln!(md, "{}. {}", c.number, source_line(c, s.detail))?;
    }
    writeln!(md)
}

/// "Kremlin: Vladimir Putin, President, 27 November 2025. The Straits Times,
/// <https://…>. Confirmed; B2." — with `detail`, the whole quote too.
fn source_line(c: &Cited, detail: bool) -> String {
    let mut line = format!("{}, {}.", escape(&text::actor_and_speaker(c)), escape(&text::date(c.date)));
    if detail {
        line.push_str(&format!(" {}", escape(&c.quoted())));
        if c.paraphrase {
            line.push_str(" (paraphrase)");
        }
        if let Some(o) = &c.original {
            line.push_str(&format!(" Original: {}", escape(o)));
        }
    }
    let mut where_ = Vec::new();
    if !c.outlet.is_empty() {
        where_.push(escape(&c.outlet));
    }
    if let Some(p) = text::published(c) {
        where_.push(p);
    }
    match (c.link(), &c.url) {
        (Some(url), _) => where_.push(format!("<{url}>")),
        (None, Some(u)) => where_.push(escape(u)),
        (None, None) => {}
    }
    if where_.is_empty() {
        where_.push("no source recorded".into());
    }
    line.push_str(&format!(" {}. {}.", where_.join(", "), escape(&text::grading(c))));
    line
}

fn footer(s: &Summary, md: &mut String) -> std::fmt::Result {
    let facts: Vec<String> =
        text::facts(s).into_iter().map(|(l, v)| format!("{l}: {}", escape(&v))).collect();
    writeln!(md, "---\n\n*{}*", facts.join(" · "))
}

/// Escapes text for Markdown: backslash before the characters that make
/// markup (`\ ` * _ [ ] < > | ~ #`), `&` before an entity, line breaks
/// turned into spaces, and bidirectional controls removed, so the text reads
/// as written wherever it lands.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().filter(|&c| !super::text::is_bidi_control(c)).collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("\\&"),
            '\r' | '\n' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn looks_like_entity(rest: &[char]) -> bool {
    let name: Vec<&char> = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '#').collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_keeps_words() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("</table><script>"), "\\</table\\>\\<script\\>");
        assert_eq!(escape("*bold* _it_ [x](y) `c`"), "\\*bold\\* \\_it\\_ \\[x\\](y) \\`c\\`");
        assert_eq!(escape("line\none"), "line one");
        assert_eq!(escape("AT&T &amp; co"), "AT&T \\&amp; co");
        assert_eq!(escape("Zelenskyy’s “plan” — 30 days"), "Zelenskyy’s “plan” — 30 days");
        assert_eq!(escape("abc\u{202E}fed\u{202C}"), "abcfed");
    }
}
