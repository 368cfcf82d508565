//! Folding text for matching: lower case and Latin letters without their
//! accents, one character for one character (so a character index in the
//! folded text is the same index in the original), and the character-set
//! bitmasks used as a prefilter; and the edit distance between two words,
//! for spelling suggestions here and name matching in ingest.

/// The folded form of a character: lower case, Latin accents removed
/// (`É` → `e`, `ł` → `l`), `ё` → `е`, typographic quotes and dashes made
/// plain. Always exactly one character, so indices are preserved.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    let l = match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    };
    match l {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ё' => 'е',
        '‘' | '’' | '‚' | '′' => '\'',
        '“' | '”' | '„' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '−' => '-',
        '\u{a0}' => ' ',
        other => other,
    }
}

/// `text` folded with [`fold_char`]: the same number of characters.
pub fn fold(text: &str) -> String {
    if text.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii()) {
        return text.to_owned();
    }
    text.chars().map(fold_char).collect()
}

/// Appends `text` folded to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(text.chars().map(fold_char));
    }
}

/// The bit of a folded character in a character-set mask: one bit per ASCII
/// letter and digit, 28 shared bits for all other letters; none for spaces
/// and ASCII punctuation (they never rule a text out).
#[inline]
pub fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ if c.is_ascii() => 0,
        _ => 1 << (36 + (c as u32).wrapping_mul(2_654_435_761) % 28),
    }
}

/// [`char_bit`] of each ASCII byte.
const ASCII_BITS: [u64; 128] = {
    let mut t = [0u64; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            c @ b'a'..=b'z' => 1 << (c - b'a'),
            c @ b'0'..=b'9' => 1 << (26 + c - b'0'),
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The character-set mask of folded text.
pub fn mask_of(folded: &str) -> u64 {
    if folded.is_ascii() {
        folded.bytes().fold(0, |m, b| m | ASCII_BITS[(b & 0x7f) as usize])
    } else {
        folded.chars().fold(0, |m, c| m | char_bit(c))
    }
}

/// The number of single-character edits (insert, delete, substitute)
/// between two words (Levenshtein distance, by characters).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_one_char_per_char() {
        for s in ["Radosław Sikorski", "Jean-Noël Barrot", "Песков — «мир»", "İstanbul", "Straße", "Ὀδυσσεύς"]
        {
            assert_eq!(fold(s).chars().count(), s.chars().count(), "{s}");
        }
        assert_eq!(fold("Radosław Häkkänen"), "radoslaw hakkanen");
        assert_eq!(fold("ПЕСКОВ Ёлка"), "песков елка");
        assert_eq!(fold("Ukraine’s “peace” — plan"), "ukraine's \"peace\" - plan");
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("zelensky", "zelenskiy"), 1);
        assert_eq!(edit_distance("kremlin", "kremlni"), 2);
        assert_eq!(edit_distance("песков", "пескова"), 1, "by characters, not bytes");
        assert_eq!(edit_distance("", "nato"), 4);
    }

    #[test]
    fn masks_are_supersets_of_their_parts() {
        let m = mask_of(&fold("Peskov said Песков"));
        assert_eq!(mask_of("peskov") & !m, 0);
        assert_eq!(mask_of("песков") & !m, 0);
        assert_ne!(mask_of("zelensky") & !m, 0);
        assert_eq!(mask_of(" ,.-"), 0);
    }
}
