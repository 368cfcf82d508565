//! Transcripts: press conferences, briefings and interviews written as
//! turns ("SECRETARY RUBIO: Well, thank you all…", "Q: Is Ukraine being
//! sidelined?", "PESKOV: No."). A turn's words are the speaker's own, on the
//! record, with no quotation marks; a question's are the reporter's, and
//! only the positions it reports ("President Zelenskyy said yesterday…")
//! are statements. Unlabelled paragraphs after a turn continue it.

use std::ops::Range;

use super::text::SentenceUnit;

/// Labels of the one asking, not a party speaking.
const ASKING: &[&str] = &[
    "q",
    "question",
    "questions",
    "reporter",
    "journalist",
    "moderator",
    "interviewer",
    "host",
    "anchor",
    "participant",
    "audience member",
    "press",
    "media",
    "correspondent",
];

/// Labels that open a news item rather than a turn ("UPDATE: …").
const NOT_SPEAKERS: &[&str] = &[
    "update",
    "updated",
    "breaking",
    "exclusive",
    "analysis",
    "watch",
    "read more",
    "read",
    "live",
    "note",
    "editor's note",
    "correction",
    "pictured",
    "photo",
    "video",
    "source",
    "sources",
    "related",
    "key points",
    "what we know",
    "summary",
];

/// A paragraph turns into continuation of the last turn for at most this
/// many paragraphs without a label.
const MAX_CONTINUATION: usize = 4;

/// One sentence's place in a transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Turn {
    /// The label's byte range ("SECRETARY RUBIO"), on the turn's first
    /// sentence only.
    pub label: Option<Range<usize>>,
    /// The speaker's words in this sentence (after the label).
    pub speech: Range<usize>,
    /// A question or a moderator's words: nobody's statement.
    pub asking: bool,
}

/// A paragraph's label, if it opens with one: (label range, speech start, asking).
pub(crate) fn label_of(
    text: &str,
    paragraph_start: usize,
    sentence_end: usize,
) -> Option<(Range<usize>, usize, bool)> {
    let s = text.get(paragraph_start..sentence_end)?;
    let lead = s.len() - s.trim_start().len();
    let colon = s.find(':')?;
    let label = s[lead..colon].trim_end();
    if label.is_empty() || label.len() > 40 || label.split_whitespace().count() > 5 {
        return None;
    }
    // Upper case throughout ("MR. WALTZ", "PRESIDENT PUTIN"), or a bare "Q".
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0
        || label.chars().any(|c| c.is_lowercase())
        || !label.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
    {
        return None;
    }
    // Words after the colon: a time ("10:30") or an empty turn is no label.
    let rest = &s[colon + 1..];
    if !rest.starts_with(char::is_whitespace) || rest.trim().is_empty() {
        return None;
    }
    let lower = label.to_lowercase().replace('’', "'");
    let lower = lower.trim_end_matches('.');
    if NOT_SPEAKERS.contains(&lower) {
        return None;
    }
    let asking = ASKING.contains(&lower) || lower.contains("question");
    let speech = paragraph_start + colon + 1 + (rest.len() - rest.trim_start().len());
    Some((paragraph_start + lead..paragraph_start + lead + label.len(), speech, asking))
}

/// The turn of every sentence (`None` outside a transcript). A text is a
/// transcript when at least two paragraphs open with a label and one of them
/// is a speaker's, so that a lone "UPDATE:" or "Q:" changes nothing.
pub(crate) fn turns(text: &str, units: &[SentenceUnit], paragraph_starts: &[usize]) -> Vec<Option<Turn>> {
    let mut labels: Vec<Option<(Range<usize>, usize, bool)>> = vec![None; units.len()];
    let mut first_of_paragraph = vec![false; units.len()];
    let mut seen = usize::MAX;
    for (i, u) in units.iter().enumerate() {
        if u.paragraph != seen {
            seen = u.paragraph;
            first_of_paragraph[i] = true;
            if let Some(&start) = paragraph_starts.get(u.paragraph) {
                labels[i] = label_of(text, start, u.range.end);
            }
        }
    }
    let labelled = labels.iter().flatten().count();
    let speakers = labels.iter().flatten().filter(|l| !l.2).count();
    if labelled < 2 || speakers == 0 {
        return vec![None; units.len()];
    }
    let mut out = Vec::with_capacity(units.len());
    // The open turn: (asking, paragraphs without a label since).
    let mut open: Option<(bool, usize)> = None;
    for (i, u) in units.iter().enumerate() {
        if first_of_paragraph[i] {
            open = match (&labels[i], open) {
                (Some(l), _) => Some((l.2, 0)),
                (None, Some((asking, n))) if n < MAX_CONTINUATION => Some((asking, n + 1)),
                _ => None,
            };
        }
        out.push(match (&labels[i], open) {
            (Some((label, speech, asking)), _) => Some(Turn {
                label: Some(label.clone()),
                speech: (*speech).max(u.range.start)..u.range.end,
                asking: *asking,
            }),
            (None, Some((asking, _))) => Some(Turn { label: None, speech: u.range.clone(), asking }),
            (None, None) => None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_upper_case_names_before_a_colon() {
        let t = "SECRETARY RUBIO: Nobody is being sidelined.";
        let (label, speech, asking) = label_of(t, 0, t.len()).unwrap();
        assert_eq!(&t[label], "SECRETARY RUBIO");
        assert_eq!(&t[speech..], "Nobody is being sidelined.");
        assert!(!asking);
        let q = "Q: Is Ukraine being sidelined?";
        assert!(label_of(q, 0, q.len()).unwrap().2);
        let m = "MR. WALTZ: We heard their positions.";
        assert_eq!(&m[label_of(m, 0, m.len()).unwrap().0], "MR. WALTZ");
        for not in [
            "Peskov: the talks are over.", // mixed case: a headline, handled elsewhere
            "UPDATE: Talks resume in Riyadh.",
            "10:30 The talks resume.",
            "Kyiv said: no.",
            "THE TALKS IN RIYADH AND WHAT CAME OF THEM BEFORE DAWN: a summary",
            "PESKOV:",
        ] {
            assert!(label_of(not, 0, not.len()).is_none(), "{not}");
        }
    }
}
