//! Matching one free-text term against one field: fuzzy (skim v2) for short
//! fields, fuzzy but compact for long text (a word's letters must lie close
//! together), exact for quoted phrases, and with one typo forgiven for a
//! word that would otherwise find nothing. Scores come from fuzzy-matcher's
//! skim v2 on the matched stretch of text.
//!
//! Long text is scanned from the pattern's rarest letters (found with
//! `memchr`), so a word with a rare letter touches little of the text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem;

use super::fold::{fold, mask_of};

/// What is subtracted from the score of a match that needed a typo forgiven.
pub const TYPO_PENALTY: i64 = 24;

/// Words at least this long are retried with one typo forgiven.
pub const TYPO_MIN_CHARS: usize = 4;

/// Words at most this long are retried with one typo forgiven: the retry
/// costs a skim run per left-out letter, and nobody types a longer word twice wrong.
pub const TYPO_MAX_CHARS: usize = 24;

/// The longest term scored by skim. A longer one (a pasted paragraph, a
/// random string) is matched literally and scored by its length, so a
/// search stays linear in the length of the query.
pub const FUZZY_MAX_CHARS: usize = 48;

/// How many words of a query are matched fuzzily; the words after them are
/// matched literally (each still has to be in the statement).
pub const FUZZY_MAX_TERMS: usize = 16;

/// The score of a literal match of `m` characters that skim does not score
/// (longer than [`FUZZY_MAX_CHARS`]): about what skim gives a whole word.
fn literal_score(m: usize) -> i64 {
    16 * m as i64 + 16
}

/// Whether skim scores the pattern (it is short enough).
fn skimmed(p: &Pattern) -> bool {
    p.chars.len() <= FUZZY_MAX_CHARS
}

/// How far apart a word's letters may lie in long text: a word of `m`
/// letters must match within `m + max(1, m / 2)` characters.
pub fn max_span(m: usize) -> usize {
    m + (m / 2).max(1)
}

/// How a pattern matches long text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Its letters in order within [`max_span`] characters.
    Fuzzy,
    /// Exactly, as a substring (a quoted phrase).
    Exact,
    /// All its letters but one, in order, within as many characters as it has
    /// (a missing, extra, wrong or swapped letter).
    Typo,
}

/// A term ready to match: folded, with its mask, its rarest letters and, for
/// exact matching, a substring finder.
pub struct Pattern {
    /// The folded text.
    pub text: String,
    /// Its characters.
    pub chars: Vec<char>,
    /// Whether it is all ASCII.
    pub ascii: bool,
    /// Its character-set mask.
    pub mask: u64,
    /// How it matches.
    pub mode: Mode,
    /// How many characters a match in long text may span.
    pub span: usize,
    /// What is subtracted from its scores.
    pub penalty: i64,
    /// For [`Mode::Typo`]: the word with each letter left out in turn (for skim scores and indices).
    pub variants: Vec<String>,
    /// Positions (in `chars`) of the two rarest letters, rarest first (ASCII patterns only).
    anchors: [usize; 2],
    /// For [`Mode::Typo`]: the word without its rarest letter, and the position of its own rarest letter.
    without_rarest: Vec<u8>,
    without_rarest_anchor: usize,
    finder: memmem::Finder<'static>,
}

impl Pattern {
    /// A pattern for `text` (folded here).
    pub fn new(text: &str, mode: Mode) -> Pattern {
        let text = fold(text);
        let chars: Vec<char> = text.chars().collect();
        // Past the fuzzy limits a term is matched literally (see FUZZY_MAX_CHARS).
        let mode = match mode {
            Mode::Fuzzy if chars.len() > FUZZY_MAX_CHARS => Mode::Exact,
            Mode::Typo if chars.len() > TYPO_MAX_CHARS => Mode::Exact,
            other => other,
        };
        let ascii = text.is_ascii();
        let mut by_rarity: Vec<usize> = (0..chars.len()).collect();
        if ascii {
            by_rarity.sort_by_key(|&i| (frequency(chars[i]), i));
        }
        let anchors = [by_rarity.first().copied().unwrap_or(0), by_rarity.get(1).copied().unwrap_or(0)];
        let m = chars.len();
        let (span, penalty, variants) = match mode {
            Mode::Fuzzy => (max_span(m), 0, Vec::new()),
            Mode::Exact => (m, 0, Vec::new()),
            Mode::Typo => {
                let mut variants: Vec<String> = Vec::new();
                for skip in 0..m {
                    let v: String =
                        chars.iter().enumerate().filter(|&(i, _)| i != skip).map(|(_, &c)| c).collect();
                    if !variants.contains(&v) {
                        variants.push(v);
                    }
                }
                (m, TYPO_PENALTY, variants)
            }
        };
        let without_rarest: Vec<u8> =
            text.bytes().enumerate().filter(|&(i, _)| i != anchors[0]).map(|(_, b)| b).collect();
        let without_rarest_anchor = if anchors[1] > anchors[0] { anchors[1] - 1 } else { anchors[1] };
        Pattern {
            without_rarest,
            without_rarest_anchor,
            ascii,
            mask: mask_of(&text),
            mode,
            span,
            penalty,
            variants,
            anchors,
            finder: memmem::Finder::new(text.as_bytes()).into_owned(),
            chars,
            text,
        }
    }

    /// How common its rarest letter is in English text (0 for non-ASCII patterns).
    pub fn rarity(&self) -> u32 {
        if self.ascii { self.chars.get(self.anchors[0]).map_or(0, |&c| frequency(c)) } else { 0 }
    }

    /// Whether text with character-set mask `mask` may hold a match.
    #[inline]
    pub fn may_match(&self, mask: u64) -> bool {
        let missing = self.mask & !mask;
        match self.mode {
            Mode::Typo => missing.count_ones() <= 1,
            _ => missing == 0,
        }
    }
}

/// How common a folded ASCII character is in English news text, per 10,000
/// letters (digits and punctuation rank as rare, spaces as most common):
/// the rarest letters of a pattern anchor the scan.
fn frequency(c: char) -> u32 {
    match c {
        'e' => 1200,
        't' => 910,
        'a' => 810,
        'o' => 770,
        'i' => 730,
        'n' => 700,
        's' => 630,
        'r' => 600,
        'h' => 590,
        'l' => 400,
        'd' => 430,
        'c' => 270,
        'u' => 290,
        'm' => 260,
        'f' => 230,
        'p' => 180,
        'g' => 200,
        'w' => 210,
        'y' => 210,
        'b' => 150,
        'v' => 110,
        'k' => 70,
        'x' => 15,
        'j' => 15,
        'q' => 10,
        'z' => 7,
        ' ' => 1800,
        '0'..='9' => 50,
        _ => 100,
    }
}

/// A fast hasher for short keys (the score memo, the index's interned names).
#[derive(Default)]
pub struct FastHasher(u64);

/// Builds [`FastHasher`]s.
pub type FastBuild = BuildHasherDefault<FastHasher>;

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The skim matcher plus a memo of window scores (the same stretch of text
/// scores the same), one per thread and pattern.
pub struct Scorer {
    skim: SkimMatcherV2,
    memo: HashMap<Box<[u8]>, i64, FastBuild>,
    /// The address of the pattern the memo is for.
    memo_for: usize,
    chars: Vec<(usize, char)>,
    window: String,
}

impl Default for Scorer {
    fn default() -> Self {
        Scorer {
            skim: SkimMatcherV2::default().respect_case(),
            memo: HashMap::default(),
            memo_for: 0,
            chars: Vec::new(),
            window: String::new(),
        }
    }
}

impl Scorer {
    /// The highest score `p` can get in any field: a whole word at a word
    /// start. (Every word start is scored as if after a space: skim gives a
    /// word after a space more than one after any other character, and the
    /// early stop of a scan relies on this being the most any stretch gets.)
    pub fn best_possible(&self, p: &Pattern) -> i64 {
        let own = |t: &str| self.skim.fuzzy_match(&format!(" {t}"), t).unwrap_or(0);
        if !skimmed(p) {
            return literal_score(p.chars.len());
        }
        match p.mode {
            Mode::Typo => p.variants.iter().map(|v| own(v)).max().unwrap_or(0) - p.penalty,
            _ => own(&p.text),
        }
    }

    /// Skim's best score and character indices for `p` anywhere in a short
    /// field (`folded`); `None` when it does not match. Scored as if a space
    /// came first, so that the field's start counts as any word start.
    pub fn short_field(&self, folded: &str, p: &Pattern) -> Option<(i64, Vec<usize>)> {
        let spaced = format!(" {folded}");
        let unspace = |(s, ix): (i64, Vec<usize>)| (s, ix.into_iter().map(|i| i.saturating_sub(1)).collect());
        match p.mode {
            Mode::Exact => {
                let at = p.finder.find(folded.as_bytes())?;
                let start = folded[..at].chars().count();
                let score = if skimmed(p) {
                    self.skim.fuzzy_match(&spaced, &p.text).unwrap_or(0)
                } else {
                    literal_score(p.chars.len())
                };
                Some((score, (start..start + p.chars.len()).collect()))
            }
            Mode::Fuzzy => self.skim.fuzzy_indices(&spaced, &p.text).map(unspace),
            Mode::Typo => {
                // As in long text: the letters must lie together.
                let mut best: Option<(i64, Vec<usize>)> = None;
                let mut scratch = String::new();
                occurrences(folded, folded.is_ascii(), p, &mut Vec::new(), &mut |o| {
                    let window = stand_in_window(&mut scratch, folded, &o, p);
                    let found = p
                        .variants
                        .iter()
                        .filter_map(|v| self.skim.fuzzy_indices(window, v))
                        .max_by_key(|x| x.0);
                    if let Some((score, ix)) = found
                        && best.as_ref().is_none_or(|b| score > b.0)
                    {
                        best =
                            Some((score, ix.into_iter().map(|i| (o.start + i).saturating_sub(1)).collect()));
                    }
                    true
                });
                best.map(|(s, ix)| (s - p.penalty, ix))
            }
        }
    }

    /// Skim's best score for `p` anywhere in a short field, without indices.
    pub fn short_field_score(&self, folded: &str, p: &Pattern) -> Option<i64> {
        self.short_field(folded, p).map(|(s, _)| s)
    }

    /// Whether `p` matches in a long field.
    pub fn long_matches(&mut self, folded: &str, ascii: bool, p: &Pattern) -> bool {
        let mut found = false;
        occurrences(folded, ascii, p, &mut self.chars, &mut |_| {
            found = true;
            false
        });
        found
    }

    /// The best score of `p` in a long field: skim's score on each matching
    /// stretch (with the character before it, for the word-start bonus).
    pub fn long_score(&mut self, folded: &str, ascii: bool, p: &Pattern) -> Option<i64> {
        let mut best: Option<i64> = None;
        let id = p as *const Pattern as usize;
        if self.memo_for != id {
            self.memo.clear();
            self.memo_for = id;
        }
        let Scorer { skim, memo, chars, window: spaced, .. } = self;
        let m = p.chars.len();
        occurrences(folded, ascii, p, chars, &mut |o| {
            let window = stand_in_window(spaced, folded, &o, p);
            let score = match memo.get(window.as_bytes()) {
                Some(&s) => s,
                None => {
                    let s = match p.mode {
                        Mode::Typo => p.variants.iter().filter_map(|v| skim.fuzzy_match(window, v)).max(),
                        _ if m > FUZZY_MAX_CHARS => Some(literal_score(m)),
                        _ => skim.fuzzy_match(window, &p.text),
                    }
                    .unwrap_or(0);
                    memo.insert(window.as_bytes().into(), s);
                    s
                }
            };
            best = Some(best.map_or(score, |b| b.max(score)));
            // A whole word at a word start scores the most any later stretch can.
            let contiguous = p.mode != Mode::Typo && o.end - o.start == m;
            let word_start = o.start == 0
                || folded[o.context_byte..o.start_byte].chars().next().is_none_or(|c| !c.is_alphanumeric());
            !(contiguous && word_start)
        });
        best.map(|s| s - p.penalty)
    }

    /// The character indices to highlight for `p` in a long field: every
    /// non-overlapping matching stretch.
    pub fn long_indices(&mut self, folded: &str, ascii: bool, p: &Pattern, out: &mut Vec<usize>) {
        let mut spans: Vec<Occurrence> = Vec::new();
        occurrences(folded, ascii, p, &mut self.chars, &mut |o| {
            if spans.last().is_none_or(|last| o.start >= last.end) {
                spans.push(o);
            }
            true
        });
        let mut scratch = String::new();
        for o in spans {
            let window = stand_in_window(&mut scratch, folded, &o, p);
            let found = match p.mode {
                Mode::Exact => None,
                Mode::Fuzzy => self.skim.fuzzy_indices(window, &p.text),
                Mode::Typo => p
                    .variants
                    .iter()
                    .filter_map(|v| self.skim.fuzzy_indices(window, v))
                    .max_by_key(|(s, _)| *s),
            };
            match found {
                Some((_, ix)) => out.extend(ix.into_iter().map(|i| (o.start + i).saturating_sub(1))),
                None => out.extend(o.start..o.end),
            }
        }
    }
}

/// The stretch `o` of `folded` for skim to score, after a stand-in for the
/// character before it: a character of the same kind (letter, digit or
/// other) that is not in the pattern, so skim gives the first letter the
/// right word-start bonus but can never match the stand-in itself. Skim's
/// double bonus for a choice's first character then never applies, so a
/// whole word at a word start scores the same anywhere. Written into
/// `scratch`; character `i` of the window is character `o.start + i - 1` of the field.
fn stand_in_window<'a>(scratch: &'a mut String, folded: &str, o: &Occurrence, p: &Pattern) -> &'a str {
    let before = folded[o.context_byte..o.start_byte].chars().next();
    let pick = |options: &str| {
        options.chars().find(|c| !p.text.contains(*c) && !p.variants.iter().any(|v| v.contains(*c)))
    };
    let stand_in = match before {
        Some(c) if c.is_alphabetic() => pick("qxjzkvwbyfgp").unwrap_or('\u{1}'),
        Some(c) if c.is_numeric() => pick("0123456789").unwrap_or('\u{1}'),
        _ => ' ',
    };
    scratch.clear();
    scratch.push(stand_in);
    scratch.push_str(&folded[o.start_byte..o.end_byte]);
    scratch.as_str()
}

/// A stretch of a field where a pattern matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The first character (character offset).
    pub start: usize,
    /// One past the last character (character offset).
    pub end: usize,
    /// The byte offset of `start`.
    pub start_byte: usize,
    /// The byte offset of the character before `start` (or of `start` at the beginning).
    pub context_byte: usize,
    /// The byte offset of `end`.
    pub end_byte: usize,
}

/// Calls `f` for each place `p` matches in `hay`, in order of start: each
/// occurrence of a phrase; for a word, each start from which it matches
/// within `p.span` characters (the shortest such stretch from that start).
/// `f` returns false to stop. `chars` is scratch space.
fn occurrences(
    hay: &str,
    ascii: bool,
    p: &Pattern,
    chars: &mut Vec<(usize, char)>,
    f: &mut dyn FnMut(Occurrence) -> bool,
) {
    let m = p.chars.len();
    if m == 0 {
        return;
    }
    if p.mode == Mode::Exact {
        let (mut counted_to, mut count) = (0, 0);
        for at in p.finder.find_iter(hay.as_bytes()) {
            let (start, context_byte) = if ascii {
                (at, at.saturating_sub(1))
            } else {
                count += hay[counted_to..at].chars().count();
                counted_to = at;
                (count, at - hay[..at].chars().next_back().map_or(0, char::len_utf8))
            };
            let o = Occurrence {
                start,
                end: start + m,
                start_byte: at,
                context_byte,
                end_byte: at + p.text.len(),
            };
            if !f(o) {
                return;
            }
        }
        return;
    }
    let typo = p.mode == Mode::Typo;
    if typo && m < 2 {
        return;
    }
    if ascii && p.ascii {
        let h = hay.as_bytes();
        let pat = p.text.as_bytes();
        if !scan_ascii(h, pat, p.anchors[0], p.span, typo, f) {
            return;
        }
        if typo {
            // The matches that leave out the rarest letter itself.
            scan_ascii(h, &p.without_rarest, p.without_rarest_anchor, p.span, false, f);
        }
        return;
    }
    if ascii {
        // A pattern with non-ASCII letters never matches ASCII text.
        return;
    }
    chars.clear();
    chars.extend(hay.char_indices());
    for s in 0..chars.len() {
        let c = chars[s].1;
        let found = if typo {
            (c == p.chars[0] || c == p.chars[1])
                .then(|| greedy_one_skip(chars, &p.chars, s, p.span, |&(_, c)| c))
        } else {
            (c == p.chars[0]).then(|| greedy(chars, &p.chars, s, p.span, |&(_, c)| c))
        };
        if let Some(e) = found.flatten() {
            let o = Occurrence {
                start: s,
                end: e,
                start_byte: chars[s].0,
                context_byte: chars[s.saturating_sub(1)].0,
                end_byte: chars.get(e).map_or(hay.len(), |x| x.0),
            };
            if !f(o) {
                return;
            }
        }
    }
}

/// The ASCII scan of [`occurrences`]: every match holds `pat[anchor]` (for
/// a typo, every match that holds it), so the scan starts from that letter's
/// occurrences and tries each start before it at most once. Returns false
/// when `f` asked to stop.
fn scan_ascii(
    h: &[u8],
    pat: &[u8],
    anchor: usize,
    span: usize,
    typo: bool,
    f: &mut dyn FnMut(Occurrence) -> bool,
) -> bool {
    let at = |s: usize, e: usize| Occurrence {
        start: s,
        end: e,
        start_byte: s,
        context_byte: s.saturating_sub(1),
        end_byte: e,
    };
    if pat.is_empty() || (typo && pat.len() < 2) {
        return true;
    }
    if !typo && anchor == 0 {
        for s in memchr::memchr_iter(pat[0], h) {
            if let Some(e) = greedy(h, pat, s, span, |&b| b)
                && !f(at(s, e))
            {
                return false;
            }
        }
        return true;
    }
    let mut next_start = 0;
    for a in memchr::memchr_iter(pat[anchor.min(pat.len() - 1)], h) {
        for s in (a + 1).saturating_sub(span).max(next_start)..=a {
            let found = if typo {
                (h[s] == pat[0] || h[s] == pat[1]).then(|| greedy_one_skip(h, pat, s, span, |&b| b)).flatten()
            } else {
                (h[s] == pat[0]).then(|| greedy(h, pat, s, span, |&b| b)).flatten()
            };
            if let Some(e) = found
                && !f(at(s, e))
            {
                return false;
            }
        }
        next_start = a + 1;
    }
    true
}

/// The end (exclusive) of the shortest stretch from `s` holding `pat` in
/// order, if it fits in `span` characters. `hay[s] == pat[0]`.
#[inline]
fn greedy<H, T: PartialEq + Copy>(
    hay: &[H],
    pat: &[T],
    s: usize,
    span: usize,
    get: impl Fn(&H) -> T,
) -> Option<usize> {
    let limit = hay.len().min(s + span);
    let mut k = 1;
    let mut j = s + 1;
    while k < pat.len() {
        if j >= limit {
            return None;
        }
        if get(&hay[j]) == pat[k] {
            k += 1;
        }
        j += 1;
    }
    Some(j)
}

/// Like [`greedy`], but one letter of `pat` may be left out: the end
/// (exclusive, after the last matched character) of a stretch from `s`
/// holding all of `pat` but one letter, in order, within `span` characters.
/// `hay[s]` is `pat[0]` or `pat[1]`.
fn greedy_one_skip<H, T: PartialEq + Copy>(
    hay: &[H],
    pat: &[T],
    s: usize,
    span: usize,
    get: impl Fn(&H) -> T,
) -> Option<usize> {
    let m = pat.len();
    let limit = hay.len().min(s + span);
    // (letters consumed, end after the last match): with no letter left out, and with one.
    let (mut k0, mut e0) = (0usize, s);
    let (mut k1, mut e1) = (1usize, s);
    for (j, h) in hay.iter().enumerate().take(limit).skip(s) {
        let c = get(h);
        let keep = if k1 < m && pat[k1] == c { (k1 + 1, j + 1) } else { (k1, e1) };
        let skip = if k0 + 1 < m && pat[k0 + 1] == c { (k0 + 2, j + 1) } else { (k0 + 1, e0) };
        (k1, e1) = if skip.0 > keep.0 { skip } else { keep };
        if k0 < m && pat[k0] == c {
            k0 += 1;
            e0 = j + 1;
        }
        if k1 >= m && e1 > s {
            return Some(e1);
        }
        if k0 >= m {
            return Some(e0);
        }
    }
    (k0 + 1 >= m && e0 > s).then_some(e0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(hay: &str, pat: &str, mode: Mode) -> Vec<(usize, usize)> {
        let p = Pattern::new(pat, mode);
        let mut v = Vec::new();
        let hay = fold(hay);
        occurrences(&hay, hay.is_ascii(), &p, &mut Vec::new(), &mut |o| {
            v.push((o.start, o.end));
            true
        });
        v
    }

    #[test]
    fn compact_matches_only() {
        assert_eq!(occ("said Peskov", "peskov", Mode::Fuzzy), vec![(5, 11)]);
        // Letters spread over the sentence do not count.
        assert!(occ("people eat sky kites on volcanoes", "peskov", Mode::Fuzzy).is_empty());
        // One letter missing is fine.
        assert_eq!(occ("Zelensky", "zelnsky", Mode::Fuzzy), vec![(0, 8)]);
        assert_eq!(occ("Сказал Песков", "песков", Mode::Fuzzy), vec![(7, 13)]);
        assert_eq!(occ("“Песков” said Peskov", "peskov", Mode::Exact), vec![(14, 20)]);
        assert_eq!(occ("“Песков” said", "песков", Mode::Exact), vec![(1, 7)]);
    }

    #[test]
    fn one_typo_is_forgiven() {
        // Swapped, wrong, extra letters.
        assert_eq!(occ("Zelensky", "zelenksy", Mode::Typo), vec![(0, 8)]);
        assert_eq!(occ("said Peskov.", "peskof", Mode::Typo), vec![(5, 10)]);
        assert_eq!(occ("in Sudzha", "sudhza", Mode::Typo).first(), Some(&(3, 9)));
        assert_eq!(occ("Sudzha", "xsudzha", Mode::Typo), vec![(0, 6)]);
        assert_eq!(occ("Песков", "пксков", Mode::Typo), vec![(0, 6)]);
        // Two typos are not.
        assert!(occ("Zelensky", "zleenksy", Mode::Typo).is_empty());
        assert!(occ("people eat sky", "peskof", Mode::Typo).is_empty());
    }

    #[test]
    fn rare_anchor_finds_every_start() {
        // `v` is the rarest letter of "peskov".
        let p = Pattern::new("peskov", Mode::Fuzzy);
        let mut v = Vec::new();
        occurrences("peskov ppeskov pesk ov", true, &p, &mut Vec::new(), &mut |o| {
            v.push((o.start, o.end));
            true
        });
        assert_eq!(v, vec![(0, 6), (7, 14), (8, 14), (15, 22)]);
    }
}
