//! The summary as GitHub-flavoured Markdown, clean enough to paste into a
//! brief or a wiki: headings, tables, stances in words, sources at the end.
//! Every piece of text from the store is escaped, so a quote cannot break a
//! table or turn into markup.

use std::fmt::Write as _;
use std::io;

use super::summary::{Change, Cited, Move, StanceRow, Summary, TopicSummary};
use super::text;

/// Writes the summary as Markdown.
pub fn write(summary: &Summary, out: &mut impl io::Write) -> io::Result<()> {
    out.write_all(to_string(summary).as_bytes())
}

/// The summary as Markdown text (for a live preview or the clipboard).
pub fn to_string(s: &Summary) -> String {
    let mut md = String::new();
    let _ = render(s, &mut md);
    md
}

fn render(s: &Summary, md: &mut String) -> std::fmt::Result {
    writeln!(md, "# {}\n", escape(&s.title))?;
    writeln!(md, "**{}**\n", escape(&text::subtitle(s)))?;
    for (label, value) in text::facts(s) {
        writeln!(md, "- **{label}:** {}", escape(&value))?;
    }
    writeln!(md)?;
    if s.is_empty() {
        writeln!(md, "{}", text::NOTHING)?;
        return Ok(());
    }
    writeln!(md, "{}\n", text::SCALE_NOTE)?;

    if s.topics.len() > 1 && !s.actors.is_empty() {
        overview(s, md)?;
    }
    for topic in &s.topics {
        topic_section(s, topic, md)?;
    }
    moves(s, md)?;
    sources(s, md)?;
    Ok(())
}

fn overview(s: &Summary, md: &mut String) -> std::fmt::Result {
    writeln!(md, "## Overview\n")?;
    let mut intro = format!("Stances as of {}", text::day(s.as_of));
    if let Some(c) = s.compare {
        intro.push_str(&format!("; in brackets, where it differs, the stance on {}", text::day(c)));
    }
    writeln!(
        md,
        "{intro}. A question mark flags a stance resting on an unverified statement; a blank, no position on record.\n"
    )?;
    let mut head = String::from("| Actor |");
    let mut rule = String::from("|---|");
    for t in &s.topics {
        head.push_str(&format!(" {} |", cell(&t.name)));
        rule.push_str(":---:|");
    }
    writeln!(md, "{head}\n{rule}")?;
    for (a, actor) in s.actors.iter().enumerate() {
        let mut line = format!("| {} |", cell(&actor.name));
        for (t, _) in s.topics.iter().enumerate() {
            let v = match s.row(t, a) {
                None => "".to_owned(),
                Some(r) => overview_cell(r),
            };
            line.push_str(&format!(" {v} |"));
        }
        writeln!(md, "{line}")?;
    }
    writeln!(md)
}

fn overview_cell(r: &StanceRow) -> String {
    let now = r.now.map_or("—".to_owned(), |n| {
        format!("{}{}", n.stance.signed(), if n.unverified { "?" } else { "" })
    });
    match (r.change, r.before) {
        (Change::Moved { .. }, Some(b)) => format!("{now} ({})", b.stance.signed()),
        (Change::New, _) => format!("{now} (new)"),
        _ => now,
    }
}

fn topic_section(s: &Summary, t: &TopicSummary, md: &mut String) -> std::fmt::Result {
    writeln!(md, "## {}\n", escape(&t.name))?;
    writeln!(md, "> **Proposition:** {}\n", escape(&t.proposition))?;
    if t.rows.is_empty() {
        writeln!(md, "{}\n", text::NO_ROWS)?;
        return Ok(());
    }
    let compared = s.compare.is_some();
    match s.compare {
        Some(c) => {
            writeln!(md, "| Actor | Stance | {} | Latest statement |", text::change_heading(c))?;
            writeln!(md, "|---|---|---|---|")?;
        }
        None => {
            writeln!(md, "| Actor | Stance | Latest statement |")?;
            writeln!(md, "|---|---|---|")?;
        }
    }
    for r in &t.rows {
        let actor = &s.actors[r.actor];
        let stance = match r.now {
            Some(n) => {
                let mut v = cell(&text::stance(t, n.stance));
                if n.unverified {
                    v.push_str(", *unverified*");
                }
                v
            }
            None => text::NO_POSITION.to_owned(),
        };
        let latest = r.now.map_or("—".to_owned(), |n| quote_with_citation(&s.statements[n.statement]));
        if compared {
            let change = text::change(r.change, r.before, r.now).unwrap_or_default();
            writeln!(md, "| **{}** | {stance} | {} | {latest} |", cell(&actor.name), cell(&change))?;
        } else {
            writeln!(md, "| **{}** | {stance} | {latest} |", cell(&actor.name))?;
        }
    }
    writeln!(md)?;
    if let Some(note) = &t.spread {
        writeln!(md, "{}\n", escape(&text::spread_sentence(note, t)))?;
    }
    Ok(())
}

/// “quote” — Speaker, 13 March 2025, Outlet [4], escaped for a table cell.
fn quote_with_citation(c: &Cited) -> String {
    let mut q = cell(&c.quoted());
    if c.paraphrase {
        q.push_str(" (paraphrase)");
    }
    format!("{q} — {} \\[{}\\]", cell(&text::citation(c)), c.number)
}

fn moves(s: &Summary, md: &mut String) -> std::fmt::Result {
    writeln!(md, "## {}\n", escape(&text::moves_heading(&s.moves_period)))?;
    if s.moves.is_empty() {
        writeln!(md, "{}\n", text::NO_SHIFTS)?;
        return Ok(());
    }
    writeln!(md, "Newest first.\n")?;
    for m in &s.moves {
        one_move(s, m, md)?;
    }
    Ok(())
}

fn one_move(s: &Summary, m: &Move, md: &mut String) -> std::fmt::Result {
    let t = &s.topics[m.topic];
    let actor = &s.actors[m.actor].name;
    writeln!(
        md,
        "**{} · {} on {}: {}**, from {} to {}.\n",
        escape(&text::date(m.to.date)),
        escape(actor),
        escape(&t.name),
        text::movement(m.class, m.direction).to_lowercase(),
        escape(&format!("“{}” ({})", t.label(m.from.stance), m.from.stance.signed())),
        escape(&format!("“{}” ({})", t.label(m.to.stance), m.to.stance.signed())),
    )?;
    for (word, r) in [("Before", m.from), ("After", m.to)] {
        let c = &s.statements[r.statement];
        writeln!(md, "- {word}: {}", quote_line(c))?;
    }
    writeln!(md)
}

/// “quote” — Speaker, date, Outlet [n] (outside tables).
fn quote_line(c: &Cited) -> String {
    let mut q = escape(&c.quoted());
    if c.paraphrase {
        q.push_str(" (paraphrase)");
    }
    format!("{q} — {} \\[{}\\]", escape(&text::citation(c)), c.number)
}

fn sources(s: &Summary, md: &mut String) -> std::fmt::Result {
    writeln!(md, "## Sources\n")?;
    writeln!(md, "The statements this summary rests on, oldest first.\n")?;
    for c in &s.statements {
        let mut line = format!(
            "{}. **{} — {}.** {}",
            c.number,
            escape(&text::date(c.date)),
            escape(&text::actor_and_speaker(c)),
            escape(&c.quoted())
        );
        if c.paraphrase {
            line.push_str(" (paraphrase)");
        }
        if let Some(o) = &c.original {
            line.push_str(&format!(" Original: {}", escape(o)));
        }
        let positions: Vec<String> = c
            .positions
            .iter()
            .map(|p| {
                let mut v = format!("{}: {} ({})", p.topic, p.label, p.stance.signed());
                if !p.conditions.is_empty() {
                    v.push_str(&format!(", on condition: {}", p.conditions));
                }
                escape(&v)
            })
            .collect();
        if !positions.is_empty() {
            line.push_str(&format!("  \n   {}.", positions.join("; ")));
        }
        let mut source = Vec::new();
        if !c.outlet.is_empty() {
            source.push(escape(&c.outlet));
        }
        if let Some(p) = text::published(c) {
            source.push(p);
        }
        match c.link() {
            Some(url) => source.push(format!("<{url}>")),
            None => {
                if let Some(u) = &c.url {
                    source.push(escape(u));
                }
            }
        }
        let source = if source.is_empty() { "no source recorded".to_owned() } else { source.join(", ") };
        line.push_str(&format!("  \n   Source: {source}. {}.", escape(&text::provenance(c))));
        writeln!(md, "{line}")?;
    }
    writeln!(md)
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

/// [`escape`] for a table cell (the same: `|` is already escaped, lines joined).
fn cell(text: &str) -> String {
    escape(text)
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
