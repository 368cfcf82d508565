//! Ingest as a pipeline of named stages, each in its own module:
//!
//! 1. [`segment`]: the text into paragraphs and sentences, with their
//!    quotes, a transcript's turns and the date each section carries;
//! 2. [`analyse`]: each sentence into words, mentions of people and actors
//!    (resolved against what the text said before), topic keywords, stance
//!    cues and clauses;
//! 3. [`attribute`]: who says what in the sentence ("X said", "said X",
//!    "according to X", "X: “…”", "X's efforts to…", an actor doing
//!    something that takes a position);
//! 4. [`group`]: attributions and the sentences that go on with them into
//!    drafts of statements;
//! 5. [`finish`]: each draft into a candidate — topics, stances, kind,
//!    verification, date and quote — with a [`Trace`] of the rule that set
//!    each field (`stancebook ingest --explain` prints it).
//!
//! The stages run sentence by sentence (2 → 3 → 4), because who "he" is in
//! one sentence depends on who spoke in the ones before; [`run`] holds that loop.
//! Beside them, each analysed sentence is read for the dated events it names
//! (`ingest::events`), with the same mentions and dates.

mod analyse;
mod attribute;
mod finish;
mod group;
mod segment;
mod trace;

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

pub use trace::{Trace, TraceField, TraceStep};

use super::cues::Verb;
use super::dates::DateMention;
use super::lexicon::Lexicon;
use super::mentions::{Class, Who};
use super::text::Token;
use super::{Extraction, IngestOptions, SentenceSpan};
use crate::model::{Kind, PartialDate, Store};

/// One sentence, analysed.
pub(super) struct Sent {
    pub(super) range: Range<usize>,
    pub(super) line: usize,
    pub(super) paragraph: usize,
    pub(super) tokens: Vec<Token>,
    pub(super) quotes: Vec<Range<usize>>,
    /// Keyword matches: (topic, keyword, first word, end word).
    pub(super) hits: Vec<(usize, usize, usize, usize)>,
    /// Keyword matches in phrases of circumstance ("in the talks"): the
    /// topic only when nothing else is.
    pub(super) scene_hits: Vec<(usize, usize, usize, usize)>,
    /// Topics a definite proposal noun refers back to ("Ukraine accepts this
    /// proposal" after "a U.S. proposal for a 30-day ceasefire"), with the
    /// noun's word index.
    pub(super) inherited: Vec<(usize, usize)>,
    /// Stance cue matches: (cue index, first word).
    pub(super) cues: Vec<(usize, usize)>,
    pub(super) dates: Vec<DateMention>,
    pub(super) military: bool,
    /// The clause of each word (clauses end at commas, semicolons, colons and dashes).
    pub(super) clause: Vec<u16>,
    /// Clauses holding another actor's position ("Putin's position was
    /// unacceptable"): (clause, owner). A negative cue there judges that
    /// actor, not the topic.
    pub(super) owned: Vec<(u16, Option<usize>)>,
    /// The sentence's own attributions: actor (None: an unknown speaker)
    /// and the word index of the verb, if any.
    pub(super) voices: Vec<(Option<usize>, Option<usize>)>,
    /// The subjects' appositives and relative clauses (word ranges).
    pub(super) asides: Vec<Range<usize>>,
}

/// How an attribution was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// A verb of saying (or of taking a position) with its subject.
    Speech,
    /// An actor doing something that takes a position, without saying anything.
    Position,
    /// A noun of position owned by an actor ("Starmer's efforts").
    Nominal,
    /// An outlet or anonymous source reporting an actor's position.
    Content,
}

#[derive(Clone, Debug)]
pub(super) struct Attr {
    /// The sentence it was found in.
    pub(super) sentence: usize,
    /// Word index of the subject's start and of the verb (for speech and position attributions).
    pub(super) at: Option<(usize, usize)>,
    pub(super) who: Who,
    pub(super) mode: Mode,
    pub(super) verb: Option<Verb>,
    pub(super) noun: Option<(Kind, i8)>,
    /// A date named in the attribution itself ("said on Monday").
    pub(super) date: Option<PartialDate>,
    /// The date to use when none is named.
    pub(super) default_date: Option<PartialDate>,
    /// The rule that found it (for the trace).
    pub(super) rule: &'static str,
    /// Another actor's account of this actor's position ("Witkoff said
    /// the Russians agreed…", "according to Witkoff, Moscow is ready…"):
    /// the reporting actor and speaker.
    pub(super) reported_by: Option<(usize, Option<String>)>,
}

pub(super) struct Draft {
    pub(super) sents: Vec<usize>,
    pub(super) who: Who,
    pub(super) attrs: Vec<Attr>,
}

/// What else an attribution pass learns about a sentence.
#[derive(Default)]
pub(super) struct Heard {
    /// Every subject–verb pair found, also those dropped as embedded or as
    /// reported deeds: (actor, verb word), to tell whose words are whose.
    pub(super) voices: Vec<(Option<usize>, Option<usize>)>,
    /// Appositives and relative clauses of the subjects ("Trump, who had
    /// threatened Russia with “severe consequences”, wrote"): not the statement.
    pub(super) asides: Vec<Range<usize>>,
    /// The sentence is a commentator's (an analyst, a critic): no statement.
    pub(super) commentary: bool,
}

/// Words of a second-hand account, which cannot date a statement to the day.
pub(super) const HEARSAY: &[&[&str]] = &[
    &["reportedly"],
    &["according", "to", "reports"],
    &["sources", "told"],
    &["sources", "said"],
    &["familiar", "with"],
    &["insiders"],
];

/// A statement spans at most this many sentences.
pub(super) const MAX_DRAFT_SENTENCES: usize = 8;

pub(super) const NEGATORS: &[&str] = &["no", "not", "never", "without", "n't", "nor"];

pub(super) const HEDGES: &[&str] = &["likely", "may", "might", "could", "possibly", "perhaps", "probably"];

pub(super) const ANAPHORS: &[&str] = &["he", "she", "they", "it", "this", "these", "those", "such"];

pub(super) const PREPOSITIONS: &[&str] = &[
    "in", "to", "from", "at", "with", "for", "on", "by", "of", "into", "over", "against", "about", "between",
    "toward", "towards", "across", "outside", "inside", "near", "than", "like", "via", "after", "before",
];

pub(super) const LOCATIVE_PREPOSITIONS: &[&str] =
    &["to", "on", "in", "into", "onto", "from", "across", "over", "within", "inside"];

pub(super) const POSSESSIVE_DETERMINERS: &[&str] = &["its", "their", "our", "his", "her", "your", "my"];

pub(super) const DELIVERY_VERBS: &[&str] = &[
    "present",
    "presents",
    "presented",
    "presenting",
    "make",
    "makes",
    "made",
    "put",
    "puts",
    "submit",
    "submitted",
    "table",
    "tabled",
    "deliver",
    "delivered",
    "bring",
    "brings",
    "unveil",
    "unveiled",
    "unveils",
    "float",
    "floated",
];

pub(super) const RELATIVES: &[&str] = &["that", "which", "who", "whom", "whose"];

/// Titles that take their institution after "of" ("the head of the
/// Russian delegation", "the secretary of Iran's security council").
pub(super) const HEAD_NOUNS: &[&str] = &[
    "head",
    "chief",
    "leader",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chair",
    "chairman",
    "member",
    "minister",
    "president",
];

/// Conjunctions that open a condition: its subject states nothing.
pub(super) const SUBORDINATORS: &[&str] = &["if", "unless", "whether", "once", "until"];

/// Prepositions of circumstance: a topic word in their phrase ("in
/// negotiations", "after a potential ceasefire", "as part of a peace deal")
/// sets the scene; the statement is not about it.
pub(super) const CIRCUMSTANCE: &[&str] = &["in", "after", "during", "amid", "before", "within", "of"];

pub(super) const SCENE_FILLERS: &[&str] = &[
    "a",
    "an",
    "the",
    "any",
    "potential",
    "possible",
    "future",
    "eventual",
    "lasting",
    "full",
    "final",
    "broader",
    "wider",
    "such",
    "these",
    "those",
    "this",
    "that",
];

/// Nouns for a proposal or plan, which a later "the proposal" refers back to.
pub(super) const PROPOSAL_NOUNS: &[&str] = &[
    "proposal",
    "proposals",
    "plan",
    "offer",
    "initiative",
    "idea",
    "draft",
    "framework",
    "deal",
    "document",
];

pub(super) const CONTRASTIVE: &[&str] = &["but", "however", "yet", "still"];

pub(super) const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "his", "her", "their", "our", "my", "your", "this", "that", "these", "those",
    "any", "such", "'s", "of", "new", "peace", "us", "eu",
];

/// "According to (several / media / Western) reports": second-hand.
pub(super) fn according_to_reports(tokens: &[Token]) -> bool {
    (0..tokens.len()).any(|i| {
        seq_at(tokens, i, &["according", "to"])
            && tokens[i + 2..]
                .iter()
                .take(4)
                .any(|t| matches!(t.lower.as_str(), "reports" | "leaks" | "media"))
    })
}

pub(super) fn seq_at(tokens: &[Token], i: usize, words: &[&str]) -> bool {
    words.iter().enumerate().all(|(k, w)| tokens.get(i + k).is_some_and(|t| t.lower == *w))
}

pub(super) fn has_seq(tokens: &[Token], words: &[&str]) -> bool {
    (0..tokens.len()).any(|i| seq_at(tokens, i, words))
}

/// Whether word `at` of a sentence lies in what another actor is reported
/// to say or do there ("The Kremlin said it was studying the proposal, a
/// day after Kyiv said it was ready to accept the truce": "accept" is Kyiv's).
pub(super) fn others_words(s: &Sent, actor: Option<usize>, at: usize) -> bool {
    let mut verbs: Vec<(usize, Option<usize>)> =
        s.voices.iter().filter_map(|&(a, v)| v.map(|v| (v, a))).collect();
    verbs.sort_unstable();
    verbs.iter().rev().find(|(v, _)| *v <= at).is_some_and(|(_, a)| *a != actor)
}

/// Whether word `at` is in a subject's appositive or relative clause
/// ("Trump, who had threatened Russia with “very severe consequences”,
/// wrote…"): background, not the stance of the statement.
pub(super) fn in_aside(s: &Sent, at: usize) -> bool {
    s.asides.iter().any(|r| r.contains(&at))
}

/// The topics that a set of sentences is about, strongest first. `which`
/// indexes `sents`; `usize::MAX` means "the only sentence given".
pub(super) fn topics_of<S: std::borrow::Borrow<Sent>>(
    sents: &[S],
    which: &[usize],
    lex: &Lexicon,
) -> Vec<usize> {
    topics_scored(sents, which, lex, false, None, None)
}

/// The topics of a statement that has none by the usual threshold: a
/// single weaker keyword ("meeting", "summit", "borders"), and failing
/// that a topic named only as a circumstance ("no breakthrough in the
/// talks"). A statement on the record is rarely about nothing.
pub(super) fn fallback_topics(
    sents: &[Sent],
    which: &[usize],
    lex: &Lexicon,
    voice: Option<Option<usize>>,
) -> Vec<usize> {
    let weak = topics_scored(sents, which, lex, false, Some(1.0), voice);
    if !weak.is_empty() {
        return weak.into_iter().take(1).collect();
    }
    topics_scored(sents, which, lex, true, Some(1.5), voice).into_iter().take(1).collect()
}

pub(super) fn topics_scored<S: std::borrow::Borrow<Sent>>(
    sents: &[S],
    which: &[usize],
    lex: &Lexicon,
    scene: bool,
    threshold: Option<f32>,
    voice: Option<Option<usize>>,
) -> Vec<usize> {
    let pick: Vec<&Sent> = picked(sents, which);
    let military = pick.iter().any(|s| s.military);
    let score = topic_scores(&pick, lex, scene, voice);
    let threshold = threshold.unwrap_or(if military { 3.0 } else { 1.5 });
    let mut out: Vec<(usize, f32)> = score.into_iter().filter(|(_, s)| *s >= threshold).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.into_iter().map(|(t, _)| t).collect()
}

/// The sentences `which` names (`usize::MAX`: all of them).
pub(super) fn picked<'a, S: std::borrow::Borrow<Sent>>(sents: &'a [S], which: &[usize]) -> Vec<&'a Sent> {
    if which == [usize::MAX] {
        sents.iter().map(|s| s.borrow()).collect()
    } else {
        which.iter().filter_map(|&i| sents.get(i).map(|s| s.borrow())).collect()
    }
}

/// Each topic's keyword score over the sentences: the weights of its
/// distinct keywords (and 2 for a proposal named earlier).
pub(super) fn topic_scores(
    pick: &[&Sent],
    lex: &Lexicon,
    scene: bool,
    voice: Option<Option<usize>>,
) -> BTreeMap<usize, f32> {
    let mut seen = HashSet::new();
    let mut score: BTreeMap<usize, f32> = BTreeMap::new();
    for s in pick {
        let hits = s.hits.iter().chain(if scene { s.scene_hits.iter() } else { [].iter() });
        for &(t, k, at, _) in hits {
            // Not what another actor is reported to say in the same sentence.
            if voice.is_some_and(|v| others_words(s, v, at)) {
                continue;
            }
            if seen.insert((t, k)) {
                *score.entry(t).or_default() += lex.topics[t].keys[k].weight;
            }
        }
        for &(t, _) in &s.inherited {
            if seen.insert((t, usize::MAX)) {
                *score.entry(t).or_default() += 2.0;
            }
        }
    }
    score
}

pub(super) fn speakerish_or_person(w: &Who) -> bool {
    matches!(w.class, Class::Known | Class::Institution | Class::Unknown)
}

pub(super) fn month_of(d: chrono::NaiveDate) -> Option<PartialDate> {
    use chrono::Datelike;
    PartialDate::month(d.year(), d.month())
}

/// Runs the stages over `text` (without the duplicate check, which
/// `ingest::extract` adds).
pub(crate) fn run(text: &str, store: &Store, opts: &IngestOptions) -> Extraction {
    let lex = Lexicon::new(store);
    let seg = segment::segment(text, opts);
    let mut reader = analyse::Reader::new(text, store, &lex, opts, &seg.units);
    let mut turn_who: Option<Who> = None;
    let mut sents: Vec<Sent> = Vec::with_capacity(seg.units.len());
    let mut drafts: Vec<Draft> = Vec::new();
    let mut event_finds = Vec::new();
    for (si, unit) in seg.units.iter().enumerate() {
        let (mut sent, ms, whos) = reader.sentence(si, unit);
        event_finds.extend(super::events::detect::sentence(&super::events::detect::Input {
            text,
            tokens: &sent.tokens,
            mentions: &ms,
            whos: &whos,
            dates: &sent.dates,
            range: sent.range.clone(),
            line: sent.line,
            published: opts.published,
            store,
        }));
        let today = seg
            .section_dates
            .get(unit.paragraph)
            .copied()
            .flatten()
            .unwrap_or(PartialDate::day(opts.published));
        let mut heard = Heard::default();
        let mut attrs = attribute::sentence(si, &sent, &ms, &whos, today, opts, &mut heard);
        attribute::turn(
            si,
            &sent,
            &ms,
            &whos,
            seg.turns.get(si).cloned().flatten(),
            today,
            &mut turn_who,
            &mut attrs,
        );
        attribute::note_voices(&mut sent, heard, &attrs);
        let own_topics = topics_of(&[&sent], &[usize::MAX], &lex);
        sents.push(sent);
        reader.note_attributions(si, &ms, &whos, &attrs);
        group::add(&mut drafts, &sents, si, attrs, &own_topics, &lex);
    }
    let candidates = finish::all(&drafts, &sents, &lex, store, text, opts.published);
    Extraction {
        candidates,
        events: super::events::assemble(event_finds, text, store, opts.published),
        sentences: sents.iter().map(|s| SentenceSpan { range: s.range.clone(), line: s.line }).collect(),
        message: None,
    }
}
