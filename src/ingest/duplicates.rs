//! Duplicates: a candidate repeats a statement of the store when the actor is
//! the same, the dates are close and most of the stored quote's words are in
//! the candidate's quote or sentence.

use chrono::Duration;

use super::Candidate;
use crate::model::{PartialDate, StatementId, Store};

/// How many days apart two dates may be and still name the same statement.
const CLOSE_DAYS: i64 = 3;

/// The share of the stored quote's words that must be in the candidate.
const MIN_OVERLAP: f32 = 0.6;

fn content_words(text: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "the", "a", "an", "of", "to", "in", "on", "and", "or", "that", "this", "is", "are", "was", "were",
        "be", "it", "its", "for", "with", "as", "at", "by", "from", "not", "no", "but", "will", "would",
        "has", "have", "had", "he", "she", "they", "we", "i", "our", "their", "his", "her",
    ];
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn close(a: PartialDate, b: PartialDate) -> bool {
    // Spans that overlap, or whose nearest days are a few days apart.
    let (a0, a1, b0, b1) = (a.first_day(), a.last_day(), b.first_day(), b.last_day());
    let gap = if a1 < b0 {
        b0 - a1
    } else if b1 < a0 {
        a0 - b1
    } else {
        Duration::zero()
    };
    gap <= Duration::days(CLOSE_DAYS)
}

/// The statement of `store` that `c` (whose sentences read `sentences`)
/// repeats, if any (the best match).
pub(crate) fn find(c: &Candidate, sentences: &str, store: &Store) -> Option<StatementId> {
    let actor = c.actor.as_ref()?;
    let mine = content_words(&format!("{} {sentences}", c.quote));
    if mine.is_empty() {
        return None;
    }
    let date = c.date;
    let mut best: Option<(f32, StatementId)> = None;
    for s in store.statements.iter().filter(|s| &s.actor == actor) {
        if let Some(d) = date
            && !close(d, s.date)
        {
            continue;
        }
        let theirs = content_words(&s.quote);
        if theirs.is_empty() {
            continue;
        }
        let shared = theirs.iter().filter(|w| mine.binary_search(w).is_ok()).count();
        let overlap = shared as f32 / theirs.len() as f32;
        // Quotes of one or two words need a topic in common too.
        let short = theirs.len() <= 2;
        let same_topic = s.positions.iter().any(|p| c.positions.iter().any(|q| q.topic == p.topic));
        if overlap >= MIN_OVERLAP && (!short || same_topic) && best.is_none_or(|(b, _)| overlap > b) {
            best = Some((overlap, s.id));
        }
    }
    best.map(|(_, id)| id)
}
