//! Learning from the analyst: when a candidate is accepted after its topic,
//! stance, actor or speaker was changed, [`lessons`] works out what the text
//! said that ingest missed — the phrase that carried the topic or the
//! stance, the form of the name — as lexicon entries ([`Learned`]) for the
//! store. The next extraction reads them: topic phrases count as a loose
//! keyword of the topic, stance phrases set the stance on their topic where
//! the rules find no cue, name
//! forms name their speaker or actor ([`apply_names`] puts a taught speaker's
//! name right after extraction).
//!
//! Which phrase carried a topic is a guess, and the analyst sees and can edit
//! it: of the runs of content words in the speaker's quoted words (else the
//! candidate's sentences) — names, verbs, dates, function words and the
//! words of reporting left out — the two or three words that are rarest in
//! the store's own statements and most often found in its statements on
//! that topic.

use std::collections::{HashMap, HashSet};

use super::Candidate;
use super::cues;
use super::lexicon::{Lexicon, keyword_at};
use super::pipeline::{Trace, TraceField};
use super::text::{Token, tokenize};
use crate::model::{Analyst, Learned, Meaning, Statement, Store, TopicId, fold_phrase};

/// Function words, auxiliaries and words of reporting: never a topic phrase
/// on their own, and trimmed from the ends of a stance phrase.
#[rustfmt::skip]
const STOP: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "into", "about",
    "over", "after", "before", "during", "between", "and", "or", "but", "if", "that", "this", "these",
    "those", "which", "who", "whom", "whose", "what", "it", "its", "is", "are", "was", "were", "be", "been",
    "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could",
    "may", "might", "must", "he", "she", "they", "we", "i", "you", "our", "their", "his", "her", "my", "your",
    "us", "them", "him", "me", "there", "here", "so", "also", "very", "more", "most", "any", "all", "some",
    "such", "than", "then", "now", "still", "just", "only", "even", "said", "says", "say", "told", "tells",
    "added", "according", "stated", "noted", "week", "weeks", "day", "days", "today", "yesterday", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december", "mr", "ms",
    "mrs", "one", "two", "three", "time", "way", "thing", "things", "year", "years", "people", "new",
    // The words of reporting and its setting: where and how it was said.
    "statement", "statements", "conference", "media", "press", "reporters", "journalists", "interview",
    "briefing", "remarks", "comments", "comment", "video", "post", "message", "channel", "agency", "report",
    "sources", "source", "official", "officials", "spokesperson", "spokesman", "spokeswoman", "ministry",
    "minister", "president", "prime", "government", "leader", "leaders", "side", "sides", "both", "each",
    "several", "through", "until", "towards", "together", "well", "yet", "moment", "social", "television",
    "aboard", "forum", "meeting", "visit", "trip", "delegation", "question", "questions", "part",
];

/// Negations: never a topic phrase; kept at the start of a stance phrase.
const NEGATORS: &[&str] = &["no", "not", "never", "without", "nor", "n't"];

/// The lexicon entries an accepted candidate teaches: `accepted` is the
/// statement the analyst kept, `c` what ingest proposed for it, `text` the
/// ingested text (the candidate's sentences are read from it). Nothing is
/// learned from a field the analyst left as proposed. To learn from many
/// candidates of one store, make one [`Teacher`].
pub fn lessons(
    c: &Candidate,
    text: &str,
    accepted: &Statement,
    store: &Store,
    by: Option<&Analyst>,
) -> Vec<Learned> {
    Teacher::new(store).lessons(c, text, accepted, by)
}

/// What learning needs from a store, read once for many lessons: its
/// lexicon for ingest (names, keywords) and how often words occur in its
/// statements.
pub struct Teacher<'a> {
    store: &'a Store,
    lex: Lexicon,
    corpus: Corpus,
}

impl<'a> Teacher<'a> {
    /// Reads `store` (at most 2,000 of its statements, evenly spread, for word counts).
    pub fn new(store: &'a Store) -> Teacher<'a> {
        Teacher { store, lex: Lexicon::new(store), corpus: Corpus::of(store) }
    }

    /// [`lessons`], with what was read once.
    pub fn lessons(
        &self,
        c: &Candidate,
        text: &str,
        accepted: &Statement,
        by: Option<&Analyst>,
    ) -> Vec<Learned> {
        let (store, lex, corpus) = (self.store, &self.lex, &self.corpus);
        let lesson =
            |phrase: &str, means: Meaning| Learned::new(phrase, means, by.cloned(), Some(accepted.id));
        let mut out: Vec<Learned> = Vec::new();
        // The speaker's own words when the text quotes them; else the sentences.
        let quoted = !c.paraphrase && !c.quote.trim().is_empty();
        let (tokens, text): (Vec<Vec<Token>>, &str) = if quoted {
            (vec![tokenize(&c.quote, 0..c.quote.len(), &[])], c.quote.as_str())
        } else {
            let ranges = c.sentences.iter().filter(|r| text.get((*r).clone()).is_some());
            (ranges.map(|r| tokenize(text, r.clone(), &[])).collect(), text)
        };
        // The name form: what the text called the speaker.
        let store_speaker = |name: &str| {
            store.actors.iter().flat_map(|a| &a.speakers).any(|s| fold_phrase(&s.name) == fold_phrase(name))
        };
        let form = c.speaker.as_deref().filter(|f| {
            !store_speaker(f) && f.chars().any(char::is_uppercase) && f.split_whitespace().count() <= 6
        });
        let speaker_changed = match (&c.speaker, &accepted.speaker) {
            (Some(a), Some(b)) => fold_phrase(a) != fold_phrase(b),
            _ => false,
        };
        // A form is learned for the person the analyst named only when it can
        // be another way of naming them: a description ("the Russian
        // leader") or a name sharing a word with theirs ("Zelenskiy"). A
        // full name of someone else means ingest credited the wrong person:
        // nothing to learn from that, and nothing when the speaker is cleared.
        let same_person = |form: &str, name: &str| {
            let words = |s: &str| -> Vec<String> {
                fold_phrase(s)
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 3)
                    .map(str::to_owned)
                    .collect()
            };
            let described = form.split_whitespace().any(|w| w.chars().next().is_some_and(char::is_lowercase));
            described || words(form).iter().any(|w| words(name).contains(w))
        };
        if let (Some(form), Some(name)) = (form, &accepted.speaker)
            && ((speaker_changed && same_person(form, name))
                || (!speaker_changed && c.actor.as_ref() != Some(&accepted.actor)))
        {
            out.push(lesson(form, Meaning::Speaker { name: name.clone(), actor: accepted.actor.clone() }));
        }

        // Topics the analyst added, and stances they changed.
        let proposed: HashMap<&TopicId, i8> =
            c.positions.iter().map(|p| (&p.topic, p.stance.value())).collect();
        let kept: HashSet<&TopicId> = accepted.positions.iter().map(|p| &p.topic).collect();
        for p in &accepted.positions {
            let Some(ti) = store.topics.iter().position(|t| t.id == p.topic) else { continue };
            if !proposed.contains_key(&p.topic) {
                let others: Vec<usize> = store
                    .topics
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.id != p.topic && kept.contains(&t.id))
                    .map(|(i, _)| i)
                    .collect();
                if let Some(phrase) = topic_phrase((&tokens, text), &p.topic, &others, lex, corpus) {
                    out.push(lesson(&phrase, Meaning::Topic(p.topic.clone())));
                }
                // A topic the analyst added has no proposed stance to correct:
                // what stance its words take is not learned from it.
                continue;
            }
            if proposed.get(&p.topic).is_some_and(|&v| v != p.stance.value())
                && let Some(phrase) = stance_phrase((&tokens, text), (ti, &p.topic), lex, corpus)
            {
                out.push(lesson(&phrase, Meaning::Stance { topic: p.topic.clone(), stance: p.stance }));
            }
        }
        out.retain(|l| l.problem().is_none());
        out
    }
}

/// After extraction: a candidate whose speaker is a name form an analyst
/// taught takes that person's name and actor (a form taught for a store
/// speaker has already resolved to them; this settles the others), and one
/// whose speaker is a form taught for an actor takes that actor.
pub(crate) fn apply_names(c: &mut Candidate, store: &Store) {
    let Some(form) = c.speaker.as_deref().map(fold_phrase) else { return };
    for l in &store.lexicon {
        if fold_phrase(&l.phrase) != form {
            continue;
        }
        match &l.means {
            Meaning::Speaker { name, actor } if store.actor(actor).is_some() => {
                c.speaker = Some(name.clone());
                c.actor = Some(actor.clone());
                rate_taught(&mut c.trace, TraceField::Speaker, format!("“{}” → {name}", l.phrase));
                rate_taught(&mut c.trace, TraceField::Actor, format!("“{}” → {actor}", l.phrase));
                return;
            }
            Meaning::Actor(actor) if store.actor(actor).is_some() => {
                c.actor = Some(actor.clone());
                rate_taught(&mut c.trace, TraceField::Actor, format!("“{}” → {actor}", l.phrase));
            }
            _ => {}
        }
    }
}

fn rate_taught(trace: &mut Trace, field: TraceField, detail: String) {
    trace.rate(field, "a name form an analyst taught (the store's lexicon)", detail, 0.8);
}

/// How often words (by stem) occur in the store's statements: in how many
/// statements, and in how many on each topic.
struct Corpus {
    statements: usize,
    df: HashMap<String, u32>,
    on_topic: HashMap<(String, TopicId), u32>,
}

impl Corpus {
    fn of(store: &Store) -> Corpus {
        let mut df: HashMap<String, u32> = HashMap::new();
        let mut on_topic: HashMap<(String, TopicId), u32> = HashMap::new();
        // A sample of at most 2,000 statements is plenty for word rarity.
        let step = store.statements.len().div_ceil(2_000).max(1);
        let mut n = 0;
        for s in store.statements.iter().step_by(step) {
            n += 1;
            let mut text = s.quote.clone();
            for p in &s.positions {
                text.push(' ');
                text.push_str(&p.evidence.excerpt);
            }
            let stems: HashSet<String> =
                tokenize(&text, 0..text.len(), &[]).into_iter().filter(|t| t.word).map(|t| t.stem).collect();
            for st in stems {
                for p in &s.positions {
                    *on_topic.entry((st.clone(), p.topic.clone())).or_default() += 1;
                }
                *df.entry(st).or_default() += 1;
            }
        }
        Corpus { statements: n, df, on_topic }
    }

    /// How telling a word is of `topic`: rare in the store, and, when the
    /// store has statements on the topic, found among them.
    fn weight(&self, stem: &str, topic: &TopicId) -> f64 {
        let df = f64::from(self.df.get(stem).copied().unwrap_or(0));
        let idf = ((self.statements as f64 + 2.0) / (df + 1.0)).ln() + 1.0;
        let on = f64::from(self.on_topic.get(&(stem.to_owned(), topic.clone())).copied().unwrap_or(0));
        idf * (1.0 + on / (df + 1.0))
    }
}

/// Token `i` is a name: one the store knows, or part of one, or a
/// capitalised word inside the sentence ("European", "Britain"; an
/// acronym such as "NATO" is kept, it can name a topic): `names[i]`.
fn name_tokens(tokens: &[Token], text: &str, lex: &Lexicon) -> Vec<bool> {
    let mut names: Vec<bool> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let acronym = text.get(t.range.clone()).is_some_and(|w| {
                w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
            });
            i > 0 && t.cap && !acronym
        })
        .collect();
    let mut i = 0;
    while i < tokens.len() {
        match lex.longest_at(tokens, i) {
            Some((_, end)) if end > i => {
                for n in names.iter_mut().take(end).skip(i) {
                    *n = true;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    names
}

/// A past form, a participle or an adverb ("committed", "arriving",
/// "formally"), or a verb the cues know: these tell what happened, not
/// what it is about.
fn verb_like(w: &str) -> bool {
    let n = w.chars().count();
    (n > 4 && (w.ends_with("ed") || w.ends_with("ing") || w.ends_with("ly"))) || cues::verb(w).is_some()
}

fn is_stop(t: &Token) -> bool {
    STOP.contains(&t.lower.as_str())
        || t.lower.chars().all(|c| c.is_ascii_digit())
        || cues::verb(&t.lower).is_some_and(|v| v.speech)
}

/// The phrase that most likely carried the topic in the sentences: the
/// best [`best_run`] among words that are not a name and not a word of
/// keywords of `others` (the topics the statement also holds).
fn topic_phrase(
    (sentences, text): (&[Vec<Token>], &str),
    topic: &TopicId,
    others: &[usize],
    lex: &Lexicon,
    corpus: &Corpus,
) -> Option<String> {
    let mut best: Option<(f64, String)> = None;
    for tokens in sentences {
        let mut out = name_tokens(tokens, text, lex);
        // Words another kept topic's keywords account for.
        for &o in others {
            for k in lex.topics.get(o).map(|t| t.keys.as_slice()).unwrap_or_default() {
                mark(tokens, k, &mut out);
            }
        }
        if let Some((score, a, b)) = best_run(tokens, &out, corpus, topic, 2)
            && best.as_ref().is_none_or(|(x, _)| score > *x + 1e-9)
        {
            best = Some((score, words(&tokens[a..b])));
        }
    }
    best.map(|(_, p)| p)
}

/// The words that most likely carried the stance on the topic: the best
/// [`best_run`] of the clause that holds the topic's keyword, within twelve
/// words of it, leaving out names and
/// what names any topic (keywords, taught topic phrases), with a negation
/// just before it kept ("never accept"); two words at least.
fn stance_phrase(
    (sentences, text): (&[Vec<Token>], &str),
    (ti, topic): (usize, &TopicId),
    lex: &Lexicon,
    corpus: &Corpus,
) -> Option<String> {
    for tokens in sentences {
        let mut out = name_tokens(tokens, text, lex);
        let mut anchor = vec![false; tokens.len()];
        for k in lex.topics.get(ti).map(|t| t.keys.as_slice()).unwrap_or_default() {
            mark(tokens, k, &mut anchor);
        }
        if !anchor.contains(&true) {
            continue; // the topic is not named in this sentence
        }
        // What names a topic (any topic's keywords, the phrases taught for
        // topics) is not what takes a stance on it.
        for k in lex.topics.iter().flat_map(|t| &t.keys) {
            mark(tokens, k, &mut out);
        }
        for (o, a) in out.iter_mut().zip(&anchor) {
            *o |= *a;
        }
        // Only the words of the anchor's clause, within twelve words of it.
        let first = anchor.iter().position(|&x| x).unwrap_or(0);
        let last = anchor.iter().rposition(|&x| x).unwrap_or(0);
        let breaks =
            |t: &Token| !t.word && matches!(t.lower.as_str(), "," | ";" | ":" | "—" | "–" | "(" | ")");
        let mut from = first;
        while from > 0 && first - from < 12 && !breaks(&tokens[from - 1]) {
            from -= 1;
        }
        let mut to = last + 1;
        while to < tokens.len() && to - last <= 12 && !breaks(&tokens[to]) {
            to += 1;
        }
        for (i, o) in out.iter_mut().enumerate() {
            *o |= i < from || i >= to;
        }
        let Some((_, mut a, b)) = best_run(tokens, &out, corpus, topic, 1) else { continue };
        for back in 1..=2 {
            // Only over words: a phrase with a quote mark or a dash in it would never match.
            if a >= back
                && a - back >= from
                && tokens[a - back..a].iter().all(|t| t.word)
                && NEGATORS.contains(&tokens[a - back].lower.as_str())
            {
                a -= back;
                break;
            }
        }
        // One word alone says too little, unless negated ("never accept").
        if b - a >= 2 {
            return Some(words(&tokens[a..b]));
        }
    }
    None
}

/// Marks the words of every match of keyword `k` in `out`.
fn mark(tokens: &[Token], k: &super::lexicon::Keyword, out: &mut [bool]) {
    for i in 0..tokens.len() {
        if let Some(end) = keyword_at(tokens, i, k) {
            for e in out.iter_mut().take(end).skip(i) {
                *e = true;
            }
        }
    }
}

fn words(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.lower.as_str()).collect::<Vec<_>>().join(" ")
}

/// The best run of `min_words` to three content words of a sentence (not
/// `out`, not a function word, a negation, a verb of saying, a number, a
/// word of fewer than three letters, nor a word that reads as a verb form or
/// an adverb), by [`Corpus::weight`], a longer run counting a little less
/// per word: (score, first word, end).
fn best_run(
    tokens: &[Token],
    out: &[bool],
    corpus: &Corpus,
    topic: &TopicId,
    min_words: usize,
) -> Option<(f64, usize, usize)> {
    let content = |i: usize| {
        let t = &tokens[i];
        t.word
            && !out[i]
            && !is_stop(t)
            && !NEGATORS.contains(&t.lower.as_str())
            && t.lower.chars().count() >= 3
            && !verb_like(&t.lower)
    };
    let mut best: Option<(f64, usize, usize)> = None;
    let mut i = 0;
    while i < tokens.len() {
        if !content(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < tokens.len() && content(i) {
            i += 1;
        }
        for a in start..i {
            for n in min_words..=3usize.min(i - a) {
                let sum: f64 = tokens[a..a + n].iter().map(|t| corpus.weight(&t.stem, topic)).sum();
                let score = sum * [1.0, 0.9, 0.6][n - 1];
                if best.is_none_or(|(b, _, _)| score > b + 1e-9) {
                    best = Some((score, a, a + n));
                }
            }
        }
    }
    best
}
