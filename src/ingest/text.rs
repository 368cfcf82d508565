//! The text layer of ingest: paragraphs, sentences (with their 1-based line
//! and byte range in the input), direct-quote spans, words with stems, and
//! HTML reduced to plain text. Everything here works on byte offsets taken
//! from `char_indices`, so no slice ever falls inside a character.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// A quote longer than this (in bytes) is not allowed to glue sentences
/// together: an unbalanced quote mark must not turn a whole text into one sentence.
const MAX_QUOTE_MERGE: usize = 1500;

/// A sentence longer than this (in bytes) is cut at a space: real sentences
/// are far shorter, and the cut keeps every later step linear in the text.
pub(crate) const MAX_SENTENCE: usize = 2000;

/// One paragraph of the input: its byte range.
#[derive(Clone, Debug)]
pub(crate) struct Paragraph {
    pub range: Range<usize>,
}

/// One sentence of the input (a sentence unit: sentences inside one direct
/// quote stay together with the attribution that closes them).
#[derive(Clone, Debug)]
pub(crate) struct SentenceUnit {
    pub range: Range<usize>,
    pub line: usize,
    pub paragraph: usize,
    /// The direct quotes in the sentence (absolute byte ranges, clipped to it).
    pub quotes: Vec<Range<usize>>,
}

/// A word or punctuation mark of a sentence.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    /// Byte range in the whole input.
    pub range: Range<usize>,
    /// Lower case, typographic apostrophes made straight.
    pub lower: String,
    /// A light stem of `lower` for keyword matching ("territories" → "territori").
    pub stem: String,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// A word (letters or digits), not punctuation.
    pub word: bool,
    /// Inside a direct quote (quote marks included).
    pub quoted: bool,
    /// A quote mark.
    pub quote_mark: bool,
}

/// The 1-based line of each byte offset.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The 1-based line on which byte `at` lies.
    pub fn line_of(&self, at: usize) -> usize {
        match self.starts.binary_search(&at) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Why a text cannot be read as text, if it cannot.
pub(crate) fn binary_reason(text: &str) -> Option<String> {
    if text.contains('\0') {
        return Some("the input looks like binary data (it contains NUL bytes), not text".into());
    }
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in text.chars().take(200_000) {
        total += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            odd += 1;
        }
    }
    (total > 0 && odd * 20 > total)
        .then(|| "the input looks like binary data (many control or undecodable characters), not text".into())
}

fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '»', ')'])
}

/// Splits the text into paragraphs. Text whose lines are hard-wrapped (blank
/// lines between blocks, lines inside a block not ending a sentence) is read
/// block by block; otherwise every non-blank line is a paragraph, as in a
/// pasted live blog.
pub(crate) fn paragraphs(text: &str) -> Vec<Paragraph> {
    // Lines with their byte ranges (without the newline).
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push(start..i);
            start = i + 1;
        }
    }
    lines.push(start..text.len());
    let blank = |r: &Range<usize>| text[r.clone()].trim().is_empty();

    // Blocks of consecutive non-blank lines.
    let mut blocks: Vec<Vec<Range<usize>>> = Vec::new();
    let mut cur: Vec<Range<usize>> = Vec::new();
    for l in &lines {
        if blank(l) {
            if !cur.is_empty() {
                blocks.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(l.clone());
        }
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    let (mut inner, mut open) = (0usize, 0usize);
    for b in blocks.iter().filter(|b| b.len() > 1) {
        for l in &b[..b.len() - 1] {
            inner += 1;
            // A wrapped line is long and stops mid-sentence; a short line
            // ("10.42am", a headline) is a paragraph of its own.
            let line = &text[l.clone()];
            if !ends_sentence(line) && line.trim().chars().count() >= 40 {
                open += 1;
            }
        }
    }
    let wrapped = inner >= 2 && open * 2 >= inner;
    let trimmed = |r: Range<usize>| {
        let s = &text[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let tail = s.len() - s.trim_end().len();
        r.start + lead..r.end - tail
    };
    if wrapped {
        blocks
            .into_iter()
            .filter_map(|b| Some(Paragraph { range: trimmed(b.first()?.start..b.last()?.end) }))
            .collect()
    } else {
        lines.into_iter().filter(|l| !blank(l)).map(|l| Paragraph { range: trimmed(l) }).collect()
    }
}

fn is_opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':'),
    }
}

/// The direct-quote spans of a paragraph, as byte ranges relative to `text`
/// (from the opening mark to just after the closing one; an unclosed quote
/// runs to the end of the paragraph). Curly, straight, guillemet and German
/// quotes are recognised; single quotes only where they cannot be apostrophes.
pub(crate) fn quote_spans(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut spans = Vec::new();
    // The open double quote (start, closing char) and the open single quote.
    let mut double: Option<(usize, char)> = None;
    let mut single: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|x| x.1);
        let end = i + c.len_utf8();
        match (double, c) {
            (None, '“') => double = Some((i, '”')),
            (None, '„') => double = Some((i, '“')),
            (None, '«') => double = Some((i, '»')),
            (None, '"') => double = Some((i, '"')),
            (Some((s, close)), c) if c == close || (close == '“' && c == '”') => {
                spans.push(s..end);
                double = None;
                single = None;
            }
            (None, '‘' | '\'' | '‹')
                if single.is_none()
                    && is_opening_context(prev)
                    && next.is_some_and(|n| n.is_alphanumeric() || n == '…') =>
            {
                single = Some(i);
            }
            (None, '’' | '\'' | '›')
                if single.is_some()
                    && !next.is_some_and(char::is_alphanumeric)
                    && !prev.is_some_and(char::is_whitespace) =>
            {
                let s = single.take().unwrap_or(i);
                spans.push(s..end);
            }
            _ => {}
        }
    }
    if let Some((s, _)) = double {
        spans.push(s..text.len());
    }
    spans.sort_by_key(|r| r.start);
    spans
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "sgt", "capt", "sen", "rep", "gov", "pres",
    "prof", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "ltd", "corp", "jr", "sr", "adm", "gens", "rev", "fr", "mt", "ft", "u.s", "u.k", "e.g", "i.e",
];

/// Whether a sentence piece ends with an abbreviation or an initial ("Mr.", "J.").
fn ends_with_abbreviation(piece: &str) -> bool {
    let t = piece.trim_end();
    let Some(body) = t.strip_suffix('.') else { return false };
    let last: String = body
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if last.is_empty() {
        return false;
    }
    let mut chars = last.chars();
    let single_initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    single_initial || ABBREVIATIONS.contains(&last.to_lowercase().as_str())
}

/// Splits every paragraph into sentence units with their byte ranges and lines.
pub(crate) fn sentences(text: &str, paragraphs: &[Paragraph], lines: &Lines) -> Vec<SentenceUnit> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        let raw = &text[p.range.clone()];
        // Same byte length: newlines inside a wrapped paragraph become spaces.
        let flat: String =
            raw.chars().map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c }).collect();
        let quotes = quote_spans(&flat);
        let inside_quote = |b: usize| {
            // The quotes are sorted by start: look at the last one opening before b.
            let k = quotes.partition_point(|q| q.start < b);
            k > 0 && quotes[k - 1].end > b && quotes[k - 1].len() <= MAX_QUOTE_MERGE
        };
        let mut pieces: Vec<Range<usize>> = Vec::new();
        for (off, piece) in flat.split_sentence_bound_indices() {
            let r = off..off + piece.len();
            if let Some(last) = pieces.last_mut() {
                let glue = ends_with_abbreviation(&flat[last.clone()])
                    || inside_quote(r.start)
                    || flat[r.clone()].trim().chars().next().is_some_and(|c| c.is_lowercase() || c == ',');
                if glue && last.len() < 4000 {
                    last.end = r.end;
                    continue;
                }
            }
            pieces.push(r);
        }
        // Cut over-long pieces at a space (or any character boundary).
        let mut cut: Vec<Range<usize>> = Vec::with_capacity(pieces.len());
        for r in pieces {
            let mut a = r.start;
            while r.end - a > MAX_SENTENCE {
                let mut b = a + MAX_SENTENCE;
                while !flat.is_char_boundary(b) {
                    b -= 1;
                }
                let at = flat[a..b].rfind(' ').filter(|&i| i > 0).map_or(b, |i| a + i + 1);
                cut.push(a..at);
                a = at;
            }
            cut.push(a..r.end);
        }
        for r in cut {
            let s = &flat[r.clone()];
            let lead = s.len() - s.trim_start().len();
            let tail = s.len() - s.trim_end().len();
            if lead + tail >= s.len() {
                continue;
            }
            let mut start = p.range.start + r.start + lead;
            let end = p.range.start + r.end - tail;
            // Bullets and Markdown markers are not part of the sentence.
            let body = &text[start..end];
            let marker = body
                .char_indices()
                .take_while(|(_, c)| matches!(c, '•' | '*' | '#' | '>' | '-' | '·' | '▪' | ' '))
                .last()
                .map(|(i, c)| i + c.len_utf8());
            if let Some(m) = marker
                && m < body.len()
                && body[..m].contains(' ')
            {
                start += m;
            }
            let base = p.range.start;
            let first = quotes.partition_point(|q| q.end + base <= start);
            let sentence_quotes: Vec<Range<usize>> = quotes[first..]
                .iter()
                .take_while(|q| q.start + base < end)
                .map(|q| (q.start + base).max(start)..(q.end + base).min(end))
                .filter(|q| q.start < q.end)
                .collect();
            out.push(SentenceUnit {
                range: start..end,
                line: lines.line_of(start),
                paragraph: pi,
                quotes: sentence_quotes,
            });
        }
    }
    out
}

/// A light English stem for keyword matching: "territories", "territorial"
/// and "territory" all give "territori"; "negotiators" and "negotiate" give "negoti".
pub(crate) fn stem(word: &str) -> String {
    const SUFFIXES: &[(&str, &str)] = &[
        ("ations", ""),
        ("ation", ""),
        ("ators", ""),
        ("ator", ""),
        ("ating", ""),
        ("ated", ""),
        ("ates", ""),
        ("ate", ""),
        ("ments", ""),
        ("ment", ""),
        ("ings", ""),
        ("ing", ""),
        ("ies", "i"),
        ("ied", "i"),
        ("ial", "i"),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("al", ""),
        ("y", "i"),
        ("e", ""),
    ];
    let w = word.strip_suffix("'s").unwrap_or(word);
    if !w.is_ascii() || w.len() < 4 {
        return w.to_owned();
    }
    for (suf, rep) in SUFFIXES {
        if let Some(base) = w.strip_suffix(suf)
            && base.len() + rep.len() >= 3
        {
            // "deployed" → "deploy" → "deploi", as "deploy" itself.
            return match base.strip_suffix('y') {
                Some(b) if rep.is_empty() => format!("{b}i"),
                _ => format!("{base}{rep}"),
            };
        }
    }
    w.to_owned()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '\u{00AD}')
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'' | '‹' | '›' | '‚')
}

/// Splits `text[range]` into tokens. Hyphens inside words separate them
/// ("co-operation" → "co", "operation"); a possessive "'s" is its own token.
pub(crate) fn tokenize(text: &str, range: Range<usize>, quotes: &[Range<usize>]) -> Vec<Token> {
    let s = &text[range.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    let push = |out: &mut Vec<Token>, a: usize, b: usize, word: bool| {
        let abs = range.start + a..range.start + b;
        let raw = &s[a..b];
        let lower: String = raw
            .chars()
            .map(|c| if is_apostrophe(c) { '\'' } else { c })
            .flat_map(char::to_lowercase)
            .collect();
        let quoted = quotes.iter().any(|q| q.start <= abs.start && abs.start < q.end);
        let quote_mark = !word && raw.chars().next().is_some_and(is_quote_char);
        out.push(Token {
            stem: if word { stem(&lower) } else { lower.clone() },
            lower,
            cap: raw.chars().next().is_some_and(char::is_uppercase),
            word,
            quoted,
            quote_mark,
            range: abs,
        });
    };
    while k < chars.len() {
        let (i, c) = chars[k];
        if c.is_alphanumeric() {
            let mut j = k + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let next = chars.get(j + 1).map(|x| x.1);
                if d.is_alphanumeric() {
                    j += 1;
                } else if (is_apostrophe(d) || d == '.') && next.is_some_and(char::is_alphanumeric) {
                    // "don't", "U.S" — but a possessive 's is split off below.
                    let after = chars.get(j + 2).map(|x| x.1);
                    if is_apostrophe(d)
                        && matches!(next, Some('s' | 'S'))
                        && !after.is_some_and(char::is_alphanumeric)
                    {
                        break;
                    }
                    if d == '.' && !chars[k..j].iter().all(|x| x.1.is_alphabetic()) {
                        break;
                    }
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(s.len(), |x| x.0);
            push(&mut out, i, end, true);
            k = j;
        } else if c.is_whitespace() || is_hyphen(c) {
            k += 1;
        } else if is_apostrophe(c)
            && matches!(chars.get(k + 1).map(|x| x.1), Some('s' | 'S'))
            && k > 0
            && chars[k - 1].1.is_alphanumeric()
            && !chars.get(k + 2).is_some_and(|x| x.1.is_alphanumeric())
        {
            let end = chars.get(k + 2).map_or(s.len(), |x| x.0);
            push(&mut out, i, end, true);
            k += 2;
        } else {
            push(&mut out, i, i + c.len_utf8(), false);
            k += 1;
        }
    }
    out
}

/// Reduces HTML to plain text: drops scripts, styles and tags, turns block
/// elements into line breaks and decodes the common character entities.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while !rest.is_empty() {
        if let Some(end_tag) = skip_until {
            match find_ci(rest, end_tag) {
                Some(i) => {
                    rest = &rest[i..];
                    skip_until = None;
                }
                None => break,
            }
            continue;
        }
        let Some(lt) = rest.find('<') else {
            out.push_str(&decode_entities(rest));
            break;
        };
        out.push_str(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |i| &rest[i + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // A lone "<": keep it as text.
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !tag.starts_with('/') {
            if name == "script" {
                skip_until = Some("</script");
            } else if name == "style" {
                skip_until = Some("</style");
            }
        }
        const BLOCKS: &[&str] = &[
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "blockquote",
            "section",
            "article",
            "header",
            "footer",
            "figcaption",
            "figure",
            "hr",
            "title",
            "aside",
            "main",
            "nav",
            "dd",
            "dt",
            "pre",
        ];
        if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        } else if name == "td" || name == "th" {
            out.push(' ');
        }
    }
    // Tidy: collapse spaces inside lines, at most one blank line in a row.
    let mut tidy = String::with_capacity(out.len());
    let mut blank_run = 0;
    for line in out.lines() {
        let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            blank_run += 1;
            if blank_run > 1 || tidy.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        tidy.push_str(&collapsed);
        tidy.push('\n');
    }
    while tidy.ends_with("\n\n") {
        tidy.pop();
    }
    tidy
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.char_indices()
        .map(|(i, _)| i)
        .find(|&i| hay.get(i..i + n).is_some_and(|w| w.eq_ignore_ascii_case(needle)))
}

/// Whether a text looks like an HTML document rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(4000).collect::<String>().to_ascii_lowercase();
    let t = head.trim_start();
    t.starts_with("<!doctype")
        || t.starts_with("<html")
        || head.contains("<body")
        || ["<p>", "<p ", "</p>", "<div", "<br", "</a>", "<span"].iter().filter(|m| head.contains(*m)).count()
            >= 2
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // ';' is ASCII, so its byte position is a character boundary.
        let semi = rest.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "laquo" => Some('«'),
                "raquo" => Some('»'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                "pound" => Some('£'),
                "euro" => Some('€'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let v = match num.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(v).filter(|c| *c != '\0')
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_group_inflections() {
        assert_eq!(stem("territories"), stem("territory"));
        assert_eq!(stem("territorial"), stem("territory"));
        assert_eq!(stem("negotiators"), stem("negotiations"));
        assert_eq!(stem("negotiating"), stem("negotiate"));
        assert_eq!(stem("sanctions"), "sanction");
        assert_eq!(stem("ceded"), stem("cede"));
        assert_eq!(stem("arm"), "arm");
        assert_eq!(stem("deployed"), stem("deploy"));
        assert_eq!(stem("deployment"), stem("deploy"));
    }

    #[test]
    fn quotes_of_every_style() {
        let t = "He said “a b” and «c d» and \"e\" and ‘f g’ but Putin’s men.";
        let q: Vec<&str> = quote_spans(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(q, ["“a b”", "«c d»", "\"e\"", "‘f g’"]);
        let open = "“unbalanced and on";
        assert_eq!(quote_spans(open), vec![0..open.len()]);
    }

    #[test]
    fn sentences_keep_lines_and_quotes_together() {
        let t = "First line. Mr. Smith said so.\n“One. Two,” he said.\n\nLast one";
        let lines = Lines::new(t);
        let ps = paragraphs(t);
        let ss = sentences(t, &ps, &lines);
        let shown: Vec<(&str, usize)> = ss.iter().map(|s| (&t[s.range.clone()], s.line)).collect();
        assert_eq!(
            shown,
            [("First line.", 1), ("Mr. Smith said so.", 1), ("“One. Two,” he said.", 2), ("Last one", 4)]
        );
    }

    #[test]
    fn wrapped_text_reads_by_block() {
        let t = "The foreign minister said on Monday that the\ntalks would go on.\n\nA second block of text that was hard-wrapped by\nthe editor, too.\n";
        let lines = Lines::new(t);
        let ps = paragraphs(t);
        assert_eq!(ps.len(), 2);
        let ss = sentences(t, &ps, &lines);
        assert_eq!(ss.len(), 2);
        assert_eq!(ss[1].line, 4);
    }

    #[test]
    fn tokens_split_possessives_and_hyphens() {
        let t = "Putin’s co-operation U.S. don't";
        let toks = tokenize(t, 0..t.len(), &[]);
        let words: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(words, ["putin", "'s", "co", "operation", "u.s", ".", "don't"]);
    }

    #[test]
    fn html_reduces_to_text() {
        let h = "<html><head><style>p{}</style><script>var x = '<p>';</script></head><body><h1>Title</h1><p>Peskov said &ldquo;no&rdquo; &amp; left.</p><p>Next&nbsp;one</p></body></html>";
        assert_eq!(html_to_text(h), "Title\n\nPeskov said “no” & left.\n\nNext one\n");
        assert!(looks_like_html(h));
        assert!(!looks_like_html("Peskov said a < b."));
    }

    #[test]
    fn entities_next_to_multibyte_text_are_safe() {
        // Found by the fuzzer: "&" followed by Cyrillic within 12 bytes.
        assert_eq!(decode_entities("Песков &Зеленськ; «так»"), "Песков &Зеленськ; «так»");
        assert_eq!(decode_entities("&#x41;&Ж"), "A&Ж");
        let crash = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/ingest/fuzz_crash_entity.txt"
        ))
        .expect("fixture");
        let _ = html_to_text(&String::from_utf8_lossy(&crash));
    }
}
