//! Stage 1, segment: the text into paragraphs and sentences (with their
//! quotes and the transcript turns that are a speaker's own words), and the
//! date each section's heading carries.

use super::super::dates;
use super::super::text::{self, Lines, SentenceUnit};
use super::super::transcript::{self, Turn};
use super::IngestOptions;
use crate::model::PartialDate;

/// The text cut up for the later stages.
pub(super) struct Segments {
    /// The sentences, in order, each with its quotes (a transcript turn's
    /// words count as the speaker's quote).
    pub(super) units: Vec<SentenceUnit>,
    /// Each sentence's transcript turn, if the text is a transcript.
    pub(super) turns: Vec<Option<Turn>>,
    /// The date each paragraph's section carries (see [`section_dates`]).
    pub(super) section_dates: Vec<Option<PartialDate>>,
}

/// Stage 1: cuts `text` into sentences and reads its transcript turns and section dates.
pub(super) fn segment(text: &str, opts: &IngestOptions) -> Segments {
    let lines = Lines::new(text);
    let paragraphs = text::paragraphs(text);
    let mut units = text::sentences(text, &paragraphs, &lines);
    // In a transcript a speaker's turn is their own words, as a quote is.
    let paragraph_starts: Vec<usize> = paragraphs.iter().map(|p| p.range.start).collect();
    let turns = transcript::turns(text, &units, &paragraph_starts);
    for (u, turn) in units.iter_mut().zip(&turns) {
        if let Some(t) = turn
            && !t.asking
            && u.quotes.is_empty()
            && !t.speech.is_empty()
        {
            u.quotes.push(t.speech.clone());
        }
    }
    let section_dates = section_dates(text, &paragraphs, opts.published);
    Segments { units, turns, section_dates }
}

/// The date each paragraph's section carries: a heading (a short line with
/// no closing punctuation) that names a day ("PM call with President Trump:
/// 1 March 2025", "Yesterday, 6.05pm") dates the statements under it that
/// name no date of their own; a time-stamp heading without a date ("09:14
/// GMT") starts a post of the publication day. Publication lines
/// ("Published 2 March 2025") are not headings.
pub(super) fn section_dates(
    text: &str,
    paragraphs: &[text::Paragraph],
    published: chrono::NaiveDate,
) -> Vec<Option<PartialDate>> {
    let mut current: Option<PartialDate> = None;
    paragraphs
        .iter()
        .map(|p| {
            let line = text.get(p.range.clone()).unwrap_or("").trim();
            let closed = line.ends_with(['.', '!', '?', '"', '”', '’', '»', ')', ';']);
            let lower = line.to_lowercase();
            let metadata = ["published", "updated", "first published", "last updated", "by "]
                .iter()
                .any(|w| lower.starts_with(w));
            if !closed && !metadata && line.chars().count() <= 120 {
                let toks = text::tokenize(line, 0..line.len(), &[]);
                let stamp = toks
                    .iter()
                    .any(|t| matches!(t.lower.as_str(), "gmt" | "bst" | "cet" | "est" | "am" | "pm"))
                    || toks.iter().any(|t| {
                        let l = t.lower.as_bytes();
                        l.len() >= 3 && l.iter().all(|b| b.is_ascii_digit())
                    }) && line.contains([':', '.']);
                // A calendar date ("1 March 2025"), or a relative day on a
                // time stamp ("Yesterday, 6.05pm"); a caption's "yesterday"
                // is not a section's date.
                let day = dates::find(&toks, published)
                    .into_iter()
                    .filter(|d| d.date.precision() == crate::model::Precision::Day)
                    .find(|d| {
                        stamp
                            || toks[d.span.clone()]
                                .iter()
                                .any(|t| t.lower.bytes().any(|b| b.is_ascii_digit()))
                    })
                    .map(|d| d.date);
                if day.is_some() {
                    current = day;
                } else if stamp {
                    current = None;
                }
            }
            current
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn opts() -> IngestOptions {
        IngestOptions { published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(), outlet: String::new() }
    }

    #[test]
    fn sentences_keep_a_quote_with_the_attribution_that_closes_it() {
        let text = "“We will not accept it. Never,” Peskov said. The talks go on.";
        let seg = segment(text, &opts());
        assert_eq!(seg.units.len(), 2);
        assert_eq!(&text[seg.units[0].range.clone()], "“We will not accept it. Never,” Peskov said.");
        assert_eq!(seg.units[0].quotes.len(), 1);
    }

    #[test]
    fn a_dated_heading_dates_its_section_and_a_time_stamp_starts_a_new_one() {
        let text = "PM call with President Trump: 1 March 2025\n\nThe Prime Minister spoke.\n\n09:14 GMT\n\nMore news.";
        let seg = segment(text, &opts());
        assert_eq!(seg.section_dates[1].map(|d| d.to_string()).as_deref(), Some("2025-03-01"));
        assert_eq!(seg.section_dates[3], None, "a time stamp without a date starts a section of the day");
    }

    #[test]
    fn a_transcript_turn_is_the_speakers_own_words() {
        let text = "SECRETARY RUBIO: We want a ceasefire now.\n\nQUESTION: Will Russia agree?";
        let seg = segment(text, &opts());
        assert!(seg.turns[0].as_ref().is_some_and(|t| !t.asking));
        assert_eq!(&text[seg.units[0].quotes[0].clone()], "We want a ceasefire now.");
        assert!(seg.turns[1].as_ref().is_some_and(|t| t.asking), "a question is nobody's statement");
    }
}
