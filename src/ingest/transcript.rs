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

/// Lower-case words a name may hold ("Ursula von der Leyen").
const PARTICLES: &[&str] = &["von", "der", "de", "van", "den", "da", "di", "la", "le", "al", "bin", "ibn"];

/// A label at the start of a paragraph.
#[derive(Clone, Debug)]
struct Label {
    range: Range<usize>,
    /// Where the words after it start.
    speech: usize,
    /// A question or a moderator.
    asking: bool,
    /// In ordinary case ("Vladimir Putin:"), not capitals ("SECRETARY RUBIO:").
    ordinary: bool,
}

/// A paragraph's label, if it opens with one: (label range, speech start,
/// asking). Labels in capitals ("SECRETARY RUBIO:") are labels wherever
/// they are; a name in ordinary case ("Vladimir Putin:") only where the
/// text reads as a transcript (see [`turns`]), as a headline may open so.
pub(crate) fn label_of(
    text: &str,
    paragraph_start: usize,
    sentence_end: usize,
) -> Option<(Range<usize>, usize, bool)> {
    label_at(text, paragraph_start, sentence_end).map(|l| (l.range, l.speech, l.asking))
}

fn label_at(text: &str, paragraph_start: usize, sentence_end: usize) -> Option<Label> {
    let s = text.get(paragraph_start..sentence_end)?;
    let lead = s.len() - s.trim_start().len();
    let colon = s.find(':')?;
    let label = s[lead..colon].trim_end();
    if label.is_empty() || label.len() > 40 || label.split_whitespace().count() > 5 {
        return None;
    }
    // Capitals throughout ("MR. WALTZ", "PRESIDENT PUTIN", "Q"), or every
    // word capitalised but a name's particles ("Vladimir Putin", "Question").
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 || !label.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
    {
        return None;
    }
    let ordinary = label.chars().any(|c| c.is_lowercase());
    if ordinary
        && !label.split_whitespace().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) || PARTICLES.contains(&w.to_lowercase().as_str())
        })
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
    Some(Label {
        range: paragraph_start + lead..paragraph_start + lead + label.len(),
        speech,
        asking,
        ordinary,
    })
}

/// The turn of every sentence (`None` outside a transcript). A text is a
/// transcript when at least two paragraphs open with a label and one of them
/// is a speaker's, so that a lone "UPDATE:" or "Q:" changes nothing. A name
/// in ordinary case is a label only in a text that asks questions under a
/// label or gives that name the floor more than once, and only before a
/// paragraph that ends as speech does: a blog's headlines ("Starmer: UK
/// ready to deploy troops") have none of that.
pub(crate) fn turns(text: &str, units: &[SentenceUnit], paragraph_starts: &[usize]) -> Vec<Option<Turn>> {
    let mut found: Vec<Option<Label>> = vec![None; units.len()];
    let mut first_of_paragraph = vec![false; units.len()];
    let mut seen = usize::MAX;
    for (i, u) in units.iter().enumerate() {
        if u.paragraph != seen {
            seen = u.paragraph;
            first_of_paragraph[i] = true;
            if let Some(&start) = paragraph_starts.get(u.paragraph) {
                found[i] = label_at(text, start, u.range.end);
            }
        }
    }
    let asks = found.iter().flatten().any(|l| l.asking);
    let name = |l: &Label| text[l.range.clone()].to_lowercase();
    let repeated = |l: &Label| found.iter().flatten().filter(|m| name(m) == name(l)).count() >= 2;
    let ends_as_speech = |u: &SentenceUnit| {
        let end = paragraph_starts.get(u.paragraph + 1).copied().unwrap_or(text.len());
        text.get(u.range.start..end)
            .and_then(|t| t.trim_end().chars().last())
            .is_some_and(|c| matches!(c, '.' | '?' | '!' | '…' | '"' | '”' | '»' | '\''))
    };
    let labels: Vec<Option<(Range<usize>, usize, bool)>> = found
        .iter()
        .zip(units)
        .map(|(l, u)| {
            let l = l.as_ref()?;
            let accepted = !l.ordinary || l.asking || ((asks || repeated(l)) && ends_as_speech(u));
            accepted.then(|| (l.range.clone(), l.speech, l.asking))
        })
        .collect();
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
    use crate::ingest::text;

    fn turns_of(t: &str) -> Vec<Option<Turn>> {
        let paragraphs = text::paragraphs(t);
        let units = text::sentences(t, &paragraphs, &text::Lines::new(t));
        let starts: Vec<usize> = paragraphs.iter().map(|p| p.range.start).collect();
        turns(t, &units, &starts)
    }

    #[test]
    fn a_transcript_in_ordinary_case_has_turns_and_a_blog_of_headlines_has_none() {
        let transcript = "Question: Will you meet?\nVladimir Putin: We are ready.\nThat is all.\nQuestion: When?\nVladimir Putin: Soon.";
        let t = turns_of(transcript);
        assert!(t.iter().all(Option::is_some), "{t:?}");
        assert!(t[0].as_ref().unwrap().asking && !t[1].as_ref().unwrap().asking);
        assert_eq!(t[2].as_ref().unwrap().label, None, "an unlabelled paragraph continues the turn");
        let blog = "Starmer: UK ready to put troops on the ground\nThe prime minister said on Sunday that Britain would lead.\n\
                    Peskov: talks with Washington are useful\nThe Kremlin said the talks would go on.";
        assert!(turns_of(blog).iter().all(Option::is_none), "headlines are not turns");
    }

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
        let v = "Vladimir Putin: We have received it.";
        assert_eq!(&v[label_of(v, 0, v.len()).unwrap().0], "Vladimir Putin");
        let u = "Ursula von der Leyen: Russia must pay.";
        assert_eq!(&u[label_of(u, 0, u.len()).unwrap().0], "Ursula von der Leyen");
        let q = "Question: Is it so?";
        assert!(label_of(q, 0, q.len()).unwrap().2);
        for not in [
            "Peskov said: the talks are over.",
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
