//! The extraction pass: reads the sentences in order, finds attributions
//! ("X said", "said X", "according to X", "X: “…”", "X's efforts to…",
//! an actor doing something that takes a position), follows who is speaking
//! from sentence to sentence, gathers a statement's sentences into one
//! candidate, and scores its topics, stances, kind, verification and date.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::cues::{self, CUES, REPORTED, UNVERIFIED, Verb};
use super::dates::{self, DateMention};
use super::lexicon::{Lexicon, keyword_at};
use super::mentions::{self, Class, Discourse, Mention, What, Who};
use super::text::{self, Lines, Token};
use super::transcript;
use super::{Candidate, Extraction, IngestOptions, SentenceSpan, TopicStance};
use crate::model::{Kind, PartialDate, Stance, Store, TopicId, Verification};

/// One sentence, analysed.
struct Sent {
    range: Range<usize>,
    line: usize,
    paragraph: usize,
    tokens: Vec<Token>,
    quotes: Vec<Range<usize>>,
    /// Keyword matches: (topic, keyword, first word, end word).
    hits: Vec<(usize, usize, usize, usize)>,
    /// Keyword matches in phrases of circumstance ("in the talks"): the
    /// topic only when nothing else is.
    scene_hits: Vec<(usize, usize, usize, usize)>,
    /// Topics a definite proposal noun refers back to ("Ukraine accepts this
    /// proposal" after "a U.S. proposal for a 30-day ceasefire"), with the
    /// noun's word index.
    inherited: Vec<(usize, usize)>,
    /// Stance cue matches: (cue index, first word).
    cues: Vec<(usize, usize)>,
    dates: Vec<DateMention>,
    military: bool,
    /// The clause of each word (clauses end at commas, semicolons, colons and dashes).
    clause: Vec<u16>,
    /// Clauses holding another actor's position ("Putin's position was
    /// unacceptable"): (clause, owner). A negative cue there judges that
    /// actor, not the topic.
    owned: Vec<(u16, Option<usize>)>,
    /// The sentence's own attributions: actor (None: an unknown speaker)
    /// and the word index of the verb, if any.
    voices: Vec<(Option<usize>, Option<usize>)>,
    /// The subjects' appositives and relative clauses (word ranges).
    asides: Vec<Range<usize>>,
}

/// How an attribution was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
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
struct Attr {
    /// The sentence it was found in.
    sentence: usize,
    /// Word index of the subject's start and of the verb (for speech and position attributions).
    at: Option<(usize, usize)>,
    who: Who,
    mode: Mode,
    verb: Option<Verb>,
    noun: Option<(Kind, i8)>,
    /// A date named in the attribution itself ("said on Monday").
    date: Option<PartialDate>,
    /// The date to use when none is named.
    default_date: Option<PartialDate>,
}

struct Draft {
    sents: Vec<usize>,
    who: Who,
    attrs: Vec<Attr>,
}

/// Words of a second-hand account, which cannot date a statement to the day.
const HEARSAY: &[&[&str]] = &[
    &["reportedly"],
    &["according", "to", "reports"],
    &["sources", "told"],
    &["sources", "said"],
    &["familiar", "with"],
    &["insiders"],
];

/// A statement spans at most this many sentences.
const MAX_DRAFT_SENTENCES: usize = 8;

const NEGATORS: &[&str] = &["no", "not", "never", "without", "n't", "nor"];
const HEDGES: &[&str] = &["likely", "may", "might", "could", "possibly", "perhaps", "probably"];
const ANAPHORS: &[&str] = &["he", "she", "they", "it", "this", "these", "those", "such"];
const PREPOSITIONS: &[&str] = &[
    "in", "to", "from", "at", "with", "for", "on", "by", "of", "into", "over", "against", "about", "between",
    "toward", "towards", "across", "outside", "inside", "near", "than", "like", "via", "after", "before",
];
const LOCATIVE_PREPOSITIONS: &[&str] =
    &["to", "on", "in", "into", "onto", "from", "across", "over", "within", "inside"];
const POSSESSIVE_DETERMINERS: &[&str] = &["its", "their", "our", "his", "her", "your", "my"];
const DELIVERY_VERBS: &[&str] = &[
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
const RELATIVES: &[&str] = &["that", "which", "who", "whom", "whose"];
/// Titles that take their institution after "of" ("the head of the
/// Russian delegation", "the secretary of Iran's security council").
const HEAD_NOUNS: &[&str] = &[
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
const SUBORDINATORS: &[&str] = &["if", "unless", "whether", "once", "until"];
/// Prepositions of circumstance: a topic word in their phrase ("in
/// negotiations", "after a potential ceasefire", "as part of a peace deal")
/// sets the scene; the statement is not about it.
const CIRCUMSTANCE: &[&str] = &["in", "after", "during", "amid", "before", "within", "of"];
const SCENE_FILLERS: &[&str] = &[
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
const PROPOSAL_NOUNS: &[&str] = &[
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

const CONTRASTIVE: &[&str] = &["but", "however", "yet", "still"];

const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "his", "her", "their", "our", "my", "your", "this", "that", "these", "those",
    "any", "such", "'s", "of", "new", "peace", "us", "eu",
];

/// The stance cues by their first word.
fn cues_by_first_word() -> &'static std::collections::HashMap<&'static str, Vec<usize>> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, Vec<usize>>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m: std::collections::HashMap<&'static str, Vec<usize>> = std::collections::HashMap::new();
        for (i, c) in CUES.iter().enumerate() {
            if let Some(w) = c.words.first() {
                m.entry(*w).or_default().push(i);
            }
        }
        m
    })
}

/// "According to (several / media / Western) reports": second-hand.
fn according_to_reports(tokens: &[Token]) -> bool {
    (0..tokens.len()).any(|i| {
        seq_at(tokens, i, &["according", "to"])
            && tokens[i + 2..]
                .iter()
                .take(4)
                .any(|t| matches!(t.lower.as_str(), "reports" | "leaks" | "media"))
    })
}

fn seq_at(tokens: &[Token], i: usize, words: &[&str]) -> bool {
    words.iter().enumerate().all(|(k, w)| tokens.get(i + k).is_some_and(|t| t.lower == *w))
}

fn has_seq(tokens: &[Token], words: &[&str]) -> bool {
    (0..tokens.len()).any(|i| seq_at(tokens, i, words))
}

/// Runs the extraction (without the duplicate check).
pub(crate) fn run(text: &str, store: &Store, opts: &IngestOptions) -> Extraction {
    let lex = Lexicon::new(store);
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
    // The speaker of the open turn (None: a question, or nobody the store knows).
    let mut turn_who: Option<Who> = None;
    let mut discourse = Discourse::default();
    let mut sents: Vec<Sent> = Vec::with_capacity(units.len());
    let mut drafts: Vec<Draft> = Vec::new();
    // The topics of the last proposal named with one ("a proposal for a
    // 30-day ceasefire"), and in which sentence.
    let mut antecedent: Option<(Vec<usize>, usize)> = None;

    let section_dates = section_dates(text, &paragraphs, opts.published);
    // Read ahead: the words and mentions of every sentence, and which store
    // speakers the text names anywhere (for roles no recent mention settles).
    let read: Vec<(Vec<Token>, Vec<Mention>)> = units
        .iter()
        .map(|u| {
            let tokens = text::tokenize(text, u.range.clone(), &u.quotes);
            let ms = mentions::find(&tokens, &lex, store);
            (tokens, ms)
        })
        .collect();
    for (_, ms) in &read {
        for m in ms {
            if let What::Speaker(a, s) = m.what
                && !discourse.named_in_text.contains(&(a, s))
            {
                discourse.named_in_text.push((a, s));
            }
        }
    }

    for (si, (u, (tokens, mut ms))) in units.iter().zip(read).enumerate() {
        discourse.add_surname_mentions(&tokens, &mut ms);
        let mut whos: Vec<Option<Who>> = Vec::with_capacity(ms.len());
        for (k, m) in ms.iter().enumerate() {
            // A pronoun after a person named earlier in the same sentence
            // means them ("Zelensky said that he supported…"); otherwise it
            // resolves before the sentence's own names are noted.
            let local = match &m.what {
                What::Pronoun(p) => local_antecedent(&tokens, &ms[..k], &whos, p),
                _ => None,
            };
            let who = local.or_else(|| discourse.resolve(&m.what, store, si));
            whos.push(who);
        }
        let mut masked = vec![false; tokens.len()];
        for m in &ms {
            if !matches!(
                m.what,
                What::Pronoun(_) | What::Anonymous(..) | What::InstitutionAnaphor(_) | What::Qualified(..)
            ) {
                for k in m.span.clone() {
                    if let Some(x) = masked.get_mut(k) {
                        *x = true;
                    }
                }
            }
        }
        let mut hits = Vec::new();
        let mut scene_hits = Vec::new();
        let mut seen = HashSet::new();
        for (i, t) in tokens.iter().enumerate() {
            if !t.word {
                continue;
            }
            for (ti, ki) in lex.keys_for(t) {
                let locative = i >= 2
                    && POSSESSIVE_DETERMINERS.contains(&tokens[i - 1].lower.as_str())
                    && LOCATIVE_PREPOSITIONS.contains(&tokens[i - 2].lower.as_str());
                let scene = in_scene(&tokens, i);
                let own_forces = own_forces(&tokens, &ms, i, &lex.topics[ti].own);
                if let Some(end) = keyword_at(&tokens, i, &lex.topics[ti].keys[ki])
                    && !locative
                    && !own_forces
                    && !(i..end).all(|k| masked.get(k).copied().unwrap_or(false))
                    && seen.insert((ti, ki, i))
                {
                    if scene {
                        scene_hits.push((ti, ki, i, end));
                    } else {
                        hits.push((ti, ki, i, end));
                    }
                }
            }
        }
        // A keyword inside a longer keyword of another topic is not a match
        // of its own ("contact" in "the line of contact").
        let longer = |h: &(usize, usize, usize, usize), all: &[(usize, usize, usize, usize)]| {
            all.iter().any(|o| o.0 != h.0 && o.2 <= h.2 && h.3 <= o.3 && o.3 - o.2 > h.3 - h.2)
        };
        let all: Vec<(usize, usize, usize, usize)> = hits.iter().chain(&scene_hits).copied().collect();
        hits.retain(|h| !longer(h, &all));
        scene_hits.retain(|h| !longer(h, &all));
        let mut cue_hits = Vec::new();
        let by_first = cues_by_first_word();
        for (i, t) in tokens.iter().enumerate() {
            for &ci in by_first.get(t.lower.as_str()).into_iter().flatten() {
                // "a U.S. proposal", "Trump's proposal": someone's proposal
                // under discussion, not the speaker proposing.
                let owned = matches!(CUES[ci].words, ["proposal"] | ["propose"])
                    && ms.iter().any(|m| m.span.end <= i && m.span.end + 2 >= i);
                if seq_at(&tokens, i, CUES[ci].words) && refuses(&tokens, i, CUES[ci].words) && !owned {
                    cue_hits.push((ci, i));
                }
            }
        }
        let military =
            tokens.iter().filter(|t| t.word).map(|t| u32::from(cues::military_weight(&t.lower))).sum::<u32>()
                >= 2;
        let mut clause = Vec::with_capacity(tokens.len());
        let mut c: u16 = 0;
        for t in &tokens {
            if matches!(t.lower.as_str(), "," | ";" | ":" | "—" | "–" | "(" | ")") {
                c = c.saturating_add(1);
            }
            clause.push(c);
        }
        // Proposal nouns: one with a topic next to it is an antecedent; a
        // definite one without a topic in its sentence refers back to it.
        let mut inherited = Vec::new();
        let own_hit = !hits.is_empty();
        for (i, t) in tokens.iter().enumerate() {
            if !t.word || !PROPOSAL_NOUNS.contains(&t.lower.as_str()) {
                continue;
            }
            // The noun's own phrase: a few words before it ("a 28-point peace
            // plan") and after it up to a relative clause or a new quote
            // ("a proposal to enact an immediate, interim 30-day ceasefire").
            let mut stop = (i + 12).min(tokens.len());
            if let Some(k) = (i + 1..stop).find(|&k| {
                matches!(tokens[k].lower.as_str(), "that" | "which" | "who" | ";" | ":" | ".")
                    || tokens[k].quote_mark
            }) {
                stop = k;
            }
            let mut near: Vec<usize> =
                hits.iter().filter(|h| h.2 + 3 >= i && h.2 < stop).map(|h| h.0).collect();
            near.sort_unstable();
            near.dedup();
            if !near.is_empty() {
                antecedent = Some((near, si));
            } else if !own_hit
                && i > 0
                && matches!(tokens[i - 1].lower.as_str(), "the" | "this" | "that" | "these" | "such" | "any")
                && let Some((topics, at)) = antecedent.clone()
                && si.saturating_sub(at) <= 12
            {
                inherited.extend(topics.iter().map(|&t| (t, i)));
                antecedent = Some((topics, si));
            }
        }
        inherited.sort_unstable();
        inherited.dedup_by_key(|x| x.0);
        let owned: Vec<(u16, Option<usize>)> = ms
            .iter()
            .zip(&whos)
            .filter(|(m, _)| {
                m.possessive
                    && tokens.get(m.span.end + 1).is_some_and(|t| {
                        matches!(
                            t.lower.as_str(),
                            "position"
                                | "positions"
                                | "demands"
                                | "terms"
                                | "conditions"
                                | "stance"
                                | "plan"
                                | "proposal"
                        )
                    })
            })
            .filter_map(|(m, w)| Some((clause.get(m.span.start).copied()?, w.as_ref().and_then(|w| w.actor))))
            .collect();
        let sent = Sent {
            owned,
            inherited,
            range: u.range.clone(),
            line: u.line,
            paragraph: u.paragraph,
            dates: dates::find(&tokens, opts.published),
            tokens,
            quotes: u.quotes.clone(),
            hits,
            scene_hits,
            cues: cue_hits,
            military,
            clause,
            voices: Vec::new(),
            asides: Vec::new(),
        };
        let mut sent = sent;
        let question = sent.tokens.iter().rev().find(|t| !t.quoted).is_some_and(|t| t.lower == "?");
        let today =
            section_dates.get(u.paragraph).copied().flatten().unwrap_or(PartialDate::day(opts.published));
        let mut heard = Heard::default();
        let mut attrs =
            if question { Vec::new() } else { attributions(si, &sent, &ms, &whos, today, opts, &mut heard) };
        match turns.get(si).cloned().flatten() {
            None => turn_who = None,
            Some(turn) => {
                if let Some(label) = &turn.label {
                    // The label names the speaker: its last name resolved.
                    turn_who = if turn.asking {
                        None
                    } else {
                        ms.iter()
                            .zip(&whos)
                            .filter(|(m, _)| {
                                m.span.clone().all(|k| {
                                    sent.tokens.get(k).is_some_and(|t| {
                                        label.start <= t.range.start && t.range.end <= label.end
                                    })
                                })
                            })
                            .filter_map(|(_, w)| w.clone())
                            .next_back()
                    };
                }
                // The speaker's own words, unless the sentence credits them
                // to someone (a speaker reporting another's words keeps both).
                if let Some(who) = &turn_who
                    && !turn.asking
                    && !attrs.iter().any(|a| a.mode == Mode::Speech && a.who.speaker == who.speaker)
                    && !attrs.iter().any(|a| a.mode == Mode::Speech && a.at.is_some())
                {
                    attrs.push(Attr {
                        sentence: si,
                        at: None,
                        date: None,
                        who: who.clone(),
                        mode: Mode::Speech,
                        verb: None,
                        noun: None,
                        default_date: Some(today),
                    });
                }
            }
        }
        sent.voices = heard.voices;
        for a in &attrs {
            if !sent.voices.contains(&(a.who.actor, a.at.map(|x| x.1))) {
                sent.voices.push((a.who.actor, a.at.map(|x| x.1)));
            }
        }
        sent.asides = heard.asides;
        if std::env::var("INGEST_DEBUG").is_ok() {
            eprintln!(
                "S{si} L{} {:?}",
                sent.line,
                text.get(sent.range.clone()).unwrap_or("").chars().take(90).collect::<String>()
            );
            for (m, w) in ms.iter().zip(&whos) {
                eprintln!(
                    "   m {:?} {:?} -> {:?}",
                    m.span,
                    m.what,
                    w.as_ref().map(|w| (&w.speaker, w.actor, w.class))
                );
            }
            for a in &attrs {
                eprintln!(
                    "   A {:?} {:?} {:?} {:?} date {:?}",
                    a.mode, a.who.speaker, a.who.actor, a.at, a.date
                );
            }
        }
        let own_topics = topics_of(&[&sent], &[usize::MAX], &lex);
        sents.push(sent);
        // The person a later "he" or "she" means: the speaker of this
        // sentence's statement, else the first person it names.
        let subjects: Vec<Who> = attrs
            .iter()
            .filter(|a| matches!(a.mode, Mode::Speech | Mode::Position))
            .map(|a| a.who.clone())
            .collect();
        discourse.note_sentence(&ms, &whos, &subjects, si);
        // An unknown person whose title or appositive named their actor
        // keeps it for later mentions ("Medinsky told reporters").
        for a in &attrs {
            if let (Some(name), Some(actor)) = (&a.who.speaker, a.who.actor)
                && ms.iter().any(|m| matches!(&m.what, What::Person(n, ..) if n == name))
            {
                discourse.note_person(name, Some(actor));
            }
        }

        if attrs.is_empty() {
            continue_draft(&mut drafts, &sents, si, &own_topics, &lex);
            continue;
        }
        for a in attrs {
            // The statement it continues: the latest one near it, skipping
            // others made in the same sentences (a possessive "Putin's
            // position" between a speaker and their next quote).
            let n = drafts.len();
            let merge_into = (n.saturating_sub(3)..n).rev().find(|&di| {
                let d = &drafts[di];
                let last = *d.sents.last().unwrap_or(&usize::MAX);
                let near = last == si || (last + 1 == si && sents[si].paragraph <= sents[last].paragraph + 1);
                let same = match (&d.who.actor, &a.who.actor) {
                    (Some(x), Some(y)) => x == y,
                    (None, None) => d.who.speaker.is_some() && d.who.speaker == a.who.speaker,
                    _ => false,
                };
                // Anonymous sources are another voice than a named speaker.
                let anonymous = |w: &Who| w.class == Class::Anonymous;
                // An institution's words join a named speaker's ("the Kremlin
                // said … Peskov added"), but two named people of one actor
                // make two statements, whoever was heard between them.
                let named_other = a.who.speaker.is_some()
                    && d.attrs.iter().any(|x| x.who.speaker.is_some() && x.who.speaker != a.who.speaker);
                let same_voice = (anonymous(&d.who) == anonymous(&a.who) || d.who.speaker.is_none())
                    && (d.who.speaker.is_none()
                        || a.who.speaker.is_none()
                        || d.who.speaker == a.who.speaker
                        || d.attrs.iter().any(|x| x.who.speaker.is_none()))
                    && !named_other;
                let before = topics_of(&sents, &d.sents, &lex);
                // A quote the same speaker is then credited with supports the
                // summary before it, whatever it adds.
                let supporting_quote = a.who.speaker.is_some()
                    && d.who.speaker == a.who.speaker
                    && sents[si].tokens.iter().find(|t| t.word || t.quote_mark).is_some_and(|t| t.quote_mark);
                let adds = own_topics.iter().filter(|t| !before.contains(t)).count();
                // A new paragraph after a statement of many topics (a list of
                // commitments) is a claim of its own.
                let new_paragraph = sents[si].paragraph != sents[last].paragraph;
                let compatible = (before.is_empty()
                    || own_topics.is_empty()
                    || adds == 0
                    || (supporting_quote && before.len() <= 2 && adds <= 1))
                    && !(new_paragraph && before.len() > 2 && !own_topics.is_empty());
                // A new verb that takes a stance ("He rejected the suggestion
                // that…") in a sentence of no topic starts a claim of its own.
                let new_claim = own_topics.is_empty()
                    && !before.is_empty()
                    && a.verb.is_some_and(|v| v.polarity != 0)
                    && !d.sents.contains(&si);
                // Only a possessive inside the speaker's own sentence is
                // skipped ("Starmer said … Putin's position was …").
                let skipped_others = drafts[di + 1..].iter().all(|o| {
                    o.attrs.iter().all(|x| {
                        x.mode == Mode::Nominal
                            && d.attrs.iter().any(|y| y.sentence == x.sentence && y.mode == Mode::Speech)
                    })
                });
                near && same
                    && same_voice
                    && compatible
                    && !new_claim
                    && skipped_others
                    && d.sents.len() < MAX_DRAFT_SENTENCES
            });
            if let Some(d) = merge_into.and_then(|di| drafts.get_mut(di)) {
                if !d.sents.contains(&si) {
                    d.sents.push(si);
                }
                if d.who.class != Class::Known && a.who.class == Class::Known {
                    d.who = a.who.clone();
                }
                d.attrs.push(a);
            } else {
                drafts.push(Draft { sents: vec![si], who: a.who.clone(), attrs: vec![a] });
            }
        }
    }

    let mut candidates: Vec<Candidate> = Vec::new();
    // Two attributions of one sentence to the same speaker make one candidate.
    let same = |a: &Candidate, b: &Candidate| {
        a.line == b.line && a.actor == b.actor && a.speaker == b.speaker && a.positions == b.positions
    };
    // (last sentence, speaker, topics) of each candidate kept so far.
    let mut finals: Vec<(usize, Option<String>, Vec<usize>)> = Vec::new();
    for d in &drafts {
        if std::env::var("INGEST_DEBUG").is_ok() {
            eprintln!("DRAFT {:?} {:?} {:?}", d.sents, d.who.speaker, d.who.actor);
        }
        if let Some(c) = finish(d, &sents, &lex, store, text, &mut finals)
            && !candidates.iter().any(|x| same(x, &c))
        {
            candidates.push(c);
        }
    }
    Extraction {
        candidates,
        sentences: sents.iter().map(|s| SentenceSpan { range: s.range.clone(), line: s.line }).collect(),
        message: None,
    }
}

/// The date each paragraph's section carries: a heading (a short line with
/// no closing punctuation) that names a day ("PM call with President Trump:
/// 1 March 2025", "Yesterday, 6.05pm") dates the statements under it that
/// name no date of their own; a time-stamp heading without a date ("09:14
/// GMT") starts a post of the publication day. Publication lines
/// ("Published 2 March 2025") are not headings.
fn section_dates(
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

/// The antecedent of a pronoun inside its own sentence: for "he" or "she",
/// the first person named before it who is not a possessive or the object
/// of a preposition ("Putin told Trump that he would…": Putin, the
/// subject); for "it" or "they", the last actor named before it.
fn local_antecedent(
    tokens: &[Token],
    before: &[Mention],
    whos: &[Option<Who>],
    pronoun: &str,
) -> Option<Who> {
    let person = matches!(pronoun, "he" | "she");
    let pairs = before.iter().zip(whos);
    let mut ordered: Box<dyn Iterator<Item = (&Mention, &Option<Who>)>> =
        if person { Box::new(pairs) } else { Box::new(pairs.rev()) };
    ordered.find_map(|(m, w)| {
        let w = w.as_ref()?;
        let after_preposition =
            m.span.start > 0 && PREPOSITIONS.contains(&tokens[m.span.start - 1].lower.as_str());
        let fits = if person {
            matches!(m.what, What::Speaker(..) | What::Person(..) | What::Role { .. })
                && !m.possessive
                && !after_preposition
                && matches!(w.class, Class::Known | Class::Unknown)
        } else {
            matches!(m.what, What::Actor(..) | What::Qualified(..)) && w.class == Class::Institution
        };
        fits.then(|| w.clone())
    })
}

/// Whether the word at `i` names a party's own armed forces: "its troops",
/// "our troops", "Kyiv's troops", "Ukrainian soldiers", when the topic's
/// proposition names that party's place (troops deployed *in Ukraine* are
/// foreign troops, not Ukraine's army).
fn own_forces(tokens: &[Token], ms: &[Mention], i: usize, own: &[usize]) -> bool {
    if !matches!(tokens[i].lower.as_str(), "troops" | "troop" | "soldiers" | "forces" | "army") {
        return false;
    }
    let prev = i.checked_sub(1).map(|k| tokens[k].lower.as_str());
    if prev.is_some_and(|w| matches!(w, "its" | "their" | "our" | "his" | "her" | "my" | "your")) {
        return true;
    }
    let end = if prev == Some("'s") { i - 1 } else { i };
    ms.iter().any(|m| {
        m.span.end == end
            && match m.what {
                What::Actor(a, _) | What::Demonym(a) | What::Qualified(a, _) => own.contains(&a),
                _ => false,
            }
    })
}

/// Whether word `at` of a sentence lies in what another actor is reported
/// to say or do there ("The Kremlin said it was studying the proposal, a
/// day after Kyiv said it was ready to accept the truce": "accept" is Kyiv's).
fn others_words(s: &Sent, actor: Option<usize>, at: usize) -> bool {
    let mut verbs: Vec<(usize, Option<usize>)> =
        s.voices.iter().filter_map(|&(a, v)| v.map(|v| (v, a))).collect();
    verbs.sort_unstable();
    verbs.iter().rev().find(|(v, _)| *v < at).is_some_and(|(_, a)| *a != actor)
}

/// Whether word `at` is in a subject's appositive or relative clause
/// ("Trump, who had threatened Russia with “very severe consequences”,
/// wrote…"): background, not the stance of the statement.
fn in_aside(s: &Sent, at: usize) -> bool {
    s.asides.iter().any(|r| r.contains(&at))
}

/// A refusal cue ("will not", "would not", "won't") refuses only when a verb
/// of taking a position follows ("would not accept", "will not cede"), not
/// in "would not rush to a judgment".
fn refuses(tokens: &[Token], i: usize, words: &[&str]) -> bool {
    if !matches!(words, ["will", "not"] | ["would", "not"] | ["won't"]) {
        return true;
    }
    tokens[i + words.len()..]
        .iter()
        .filter(|t| t.word)
        .find(|t| !t.lower.ends_with("ly") && !matches!(t.lower.as_str(), "be" | "ever" | "even"))
        .is_some_and(|t| cues::is_position_verb(&t.lower))
}

/// Whether word `i` is in a phrase of circumstance: "in negotiations",
/// "after a potential ceasefire", "as part of a peace deal" (but "part of"
/// only after "as", so "the end of the truce" still counts).
fn in_scene(tokens: &[Token], i: usize) -> bool {
    // "sources familiar with the talks": who the sources are, not what is said.
    let back = |n: usize| i.checked_sub(n).map_or("", |k| tokens[k].lower.as_str());
    if (back(1) == "with" && back(2) == "familiar") || (back(2) == "with" && back(3) == "familiar") {
        return true;
    }
    let mut k = i;
    let mut fillers = 0;
    while k > 0 {
        k -= 1;
        let w = tokens[k].lower.as_str();
        if SCENE_FILLERS.contains(&w) && fillers < 2 {
            fillers += 1;
            continue;
        }
        if w == "of" {
            return k >= 2 && tokens[k - 1].lower == "part" && tokens[k - 2].lower == "as";
        }
        return CIRCUMSTANCE.contains(&w);
    }
    false
}

/// The topics that a set of sentences is about, strongest first. `which`
/// indexes `sents`; `usize::MAX` means "the only sentence given".
fn topics_of<S: std::borrow::Borrow<Sent>>(sents: &[S], which: &[usize], lex: &Lexicon) -> Vec<usize> {
    topics_scored(sents, which, lex, false, None, None)
}

/// The topics of a statement that has none by the usual threshold: a
/// single weaker keyword ("meeting", "summit", "borders"), and failing
/// that a topic named only as a circumstance ("no breakthrough in the
/// talks"). A statement on the record is rarely about nothing.
fn fallback_topics(
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

fn topics_scored<S: std::borrow::Borrow<Sent>>(
    sents: &[S],
    which: &[usize],
    lex: &Lexicon,
    scene: bool,
    threshold: Option<f32>,
    voice: Option<Option<usize>>,
) -> Vec<usize> {
    let pick: Vec<&Sent> = if which == [usize::MAX] {
        sents.iter().map(|s| s.borrow()).collect()
    } else {
        which.iter().filter_map(|&i| sents.get(i).map(|s| s.borrow())).collect()
    };
    let military = pick.iter().any(|s| s.military);
    let mut seen = HashSet::new();
    let mut score: BTreeMap<usize, f32> = BTreeMap::new();
    for s in &pick {
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
    let threshold = threshold.unwrap_or(if military { 3.0 } else { 1.5 });
    let mut out: Vec<(usize, f32)> = score.into_iter().filter(|(_, s)| *s >= threshold).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.into_iter().map(|(t, _)| t).collect()
}

/// A sentence with no attribution of its own continues the statement before
/// it when it goes on with the quote, or refers back to it ("She", "These
/// terms") and adds topics or quotes.
fn continue_draft(drafts: &mut [Draft], sents: &[Sent], si: usize, own_topics: &[usize], lex: &Lexicon) {
    let Some(d) = drafts.last_mut() else { return };
    let Some(&last) = d.sents.last() else { return };
    if last + 1 != si || d.sents.len() >= MAX_DRAFT_SENTENCES {
        return;
    }
    let s = &sents[si];
    if s.paragraph > sents[last].paragraph + 1 {
        return;
    }
    let first = s.tokens.iter().find(|t| t.word || t.quote_mark);
    let opens_quote = first.is_some_and(|t| t.quote_mark);
    let refers_back = first.is_some_and(|t| ANAPHORS.contains(&t.lower.as_str()));
    let adds = !own_topics.is_empty() || !s.quotes.is_empty();
    let before = topics_of(sents, &d.sents, lex);
    let compatible =
        before.is_empty() || own_topics.is_empty() || own_topics.iter().all(|t| before.contains(t));
    if (opens_quote || (refers_back && adds)) && compatible {
        d.sents.push(si);
    }
}

/// Whether the words between a subject and its verb can stand there: adverbs
/// and auxiliaries, or an appositive between commas ("Peskov, the Kremlin
/// spokesman, said"). Returns the appositive's word range, if any.
fn bridge(tokens: &[Token], from: usize, verb: usize) -> Option<Option<Range<usize>>> {
    let plain = |a: usize, b: usize| {
        (a..b).all(|k| {
            let t = &tokens[k];
            t.word && cues::is_bridge(&t.lower) && !t.quoted
        })
    };
    if from > verb {
        return None;
    }
    if plain(from, verb) {
        return Some(None);
    }
    // An appositive: ", … ," then plain words. A relative clause ("Trump,
    // who had threatened Russia with “very severe consequences”, wrote")
    // may be longer and quote someone.
    if tokens.get(from).is_some_and(|t| t.lower == "," || t.lower == "(") {
        let close = if tokens[from].lower == "(" { ")" } else { "," };
        let relative = tokens.get(from + 1).is_some_and(|t| matches!(t.lower.as_str(), "who" | "whose"));
        let limit = (from + if relative { 45 } else { 30 }).min(verb);
        for (k, t) in tokens.iter().enumerate().take(limit).skip(from + 1) {
            if t.lower == close && !(relative && t.quoted) {
                return plain(k + 1, verb).then_some(Some(from + 1..k));
            }
            if matches!(t.lower.as_str(), "." | ";" | ":" | "?" | "!") && !t.quoted
                || (t.quote_mark && !relative)
            {
                return None;
            }
        }
    }
    None
}

/// Whether the words right after a mention describe a commentator: "said
/// Iryna Koval, a political analyst at a Kyiv think tank".
fn described_as_commentator(toks: &[Token], end: usize) -> bool {
    toks.get(end).is_some_and(|t| t.lower == "," || t.lower == "(")
        && toks[end + 1..]
            .iter()
            .take(6)
            .take_while(|t| t.lower != ",")
            .any(|t| cues::is_commentator(&t.lower))
}

/// Whether the mention starting at word `start` cannot be the subject of a
/// statement: it follows a preposition (also across an article: "to the
/// U.N."), a relative pronoun, or a subordinator of condition ("if it did
/// not agree", "unless Moscow accepts").
fn object_or_subordinate(toks: &[Token], start: usize) -> bool {
    let before = |k: usize| start.checked_sub(k).map_or("", |i| toks[i].lower.as_str());
    let p1 = before(1);
    let article = matches!(p1, "the" | "a" | "an");
    let p2 = if article { before(2) } else { "" };
    // "The head of the Russian delegation, …, said": the mention qualifies
    // the title that is the subject.
    let of_title = |k: usize| before(k) == "of" && HEAD_NOUNS.contains(&before(k + 1));
    if of_title(1) || (article && of_title(2)) {
        return false;
    }
    // "a day after Kyiv said", "before Moscow replied": a conjunction, not a preposition.
    let conjunction = |w: &str| matches!(w, "after" | "before" | "since" | "as" | "while" | "when");
    (PREPOSITIONS.contains(&p1) && !conjunction(p1))
        || RELATIVES.contains(&p1)
        || SUBORDINATORS.contains(&p1)
        || PREPOSITIONS.contains(&p2)
        || SUBORDINATORS.contains(&p2)
}

fn is_passive(tokens: &[Token], verb: usize) -> bool {
    let v = &tokens[verb].lower;
    if v.ends_with("ing") {
        return false;
    }
    let mut k = verb;
    while k > 0 {
        k -= 1;
        let w = tokens[k].lower.as_str();
        if matches!(w, "been" | "was" | "were" | "is" | "are" | "be" | "being") {
            return true;
        }
        if !matches!(w, "also" | "reportedly" | "already" | "not" | "widely" | "previously" | "repeatedly") {
            return false;
        }
    }
    false
}

/// The date named in an attribution: a time expression at the start of the
/// sentence, between the subject and the verb, or just after the verb
/// (before "that", a colon or a comma).
fn attribution_date(s: &Sent, subject: Range<usize>, verb: Option<usize>) -> Option<PartialDate> {
    let toks = &s.tokens;
    let anchor = verb.unwrap_or(subject.end);
    let short = verb.is_some_and(|v| {
        matches!(
            toks[v].lower.as_str(),
            "said"
                | "says"
                | "say"
                | "told"
                | "tells"
                | "added"
                | "adding"
                | "stressed"
                | "wrote"
                | "insisted"
        )
    });
    let window = if short { 7 } else { 16 };
    let mut end = anchor + 1;
    while end < toks.len() && end <= anchor + window {
        let w = toks[end].lower.as_str();
        if matches!(w, "that" | ":" | ";" | "," | "." | "—" | "–") && !toks[end].quoted {
            break;
        }
        end += 1;
    }
    let start = subject.start.min(anchor);
    // A fronted phrase before the subject dates the statement ("Earlier,
    // speaking at the forum on Tuesday, Putin said"), unless it quotes or
    // reports someone else.
    let reports_speech =
        |t: &Token| t.word && !t.lower.ends_with("ing") && cues::verb(&t.lower).is_some_and(|v| v.speech);
    let fronted = toks[..subject.start.min(toks.len())].iter().all(|t| !t.quoted && !reports_speech(t));
    let mut best: Option<(usize, PartialDate)> = None;
    for d in &s.dates {
        let inside = d.span.start >= start && d.span.start < end;
        let leading = (d.span.start <= 3 || fronted) && d.span.end <= subject.start;
        if inside || leading {
            let dist = d.span.start.abs_diff(anchor);
            if best.is_none_or(|(b, _)| dist < b) {
                best = Some((dist, d.date));
            }
        }
    }
    best.map(|(_, d)| d)
}

fn speakerish_or_person(w: &Who) -> bool {
    matches!(w.class, Class::Known | Class::Institution | Class::Unknown)
}

fn month_of(d: chrono::NaiveDate) -> Option<PartialDate> {
    use chrono::Datelike;
    PartialDate::month(d.year(), d.month())
}

/// What else an attribution pass learns about a sentence.
#[derive(Default)]
struct Heard {
    /// Every subject–verb pair found, also those dropped as embedded or as
    /// reported deeds: (actor, verb word), to tell whose words are whose.
    voices: Vec<(Option<usize>, Option<usize>)>,
    /// Appositives and relative clauses of the subjects ("Trump, who had
    /// threatened Russia with “severe consequences”, wrote"): not the statement.
    asides: Vec<Range<usize>>,
    /// The sentence is a commentator's (an analyst, a critic): no statement.
    commentary: bool,
}

/// Finds the attributions of one sentence.
fn attributions(
    si: usize,
    s: &Sent,
    ms: &[Mention],
    whos: &[Option<Who>],
    today: PartialDate,
    opts: &IngestOptions,
    heard: &mut Heard,
) -> Vec<Attr> {
    let toks = &s.tokens;
    let today = Some(today);
    let mut out: Vec<Attr> = Vec::new();
    let mut used_subjects: HashSet<usize> = HashSet::new();
    let speakerish = |w: &Who| matches!(w.class, Class::Known | Class::Institution);
    let has_position_words = || {
        toks.iter().any(|t| {
            t.word
                && (cues::position_noun(&t.lower).is_some()
                    || cues::verb(&t.lower).is_some_and(|v| !v.speech || v.polarity != 0))
        }) || s.cues.iter().any(|(c, _)| CUES[*c].polarity != 0)
    };
    // The actor whose position an outlet or anonymous source reports.
    let content_who = |skip: usize, class: Class| -> Option<Who> {
        if !has_position_words() {
            return None;
        }
        ms.iter().enumerate().filter(|(k, _)| *k != skip).find_map(|(k, _)| {
            let w = whos[k].as_ref()?;
            (speakerish(w) && w.actor.is_some()).then(|| Who { class, ..w.clone() })
        })
    };

    for v in 0..toks.len() {
        let t = &toks[v];
        if !t.word || t.quoted {
            continue;
        }
        // "spoke of an understanding", "speaking about the talks" say something;
        // "spoke to Trump" only reports a contact.
        let spoke_of = (matches!(t.lower.as_str(), "spoke" | "speaks" | "speak")
            && toks.get(v + 1).is_some_and(|n| matches!(n.lower.as_str(), "of" | "about")))
            || (matches!(t.lower.as_str(), "set" | "sets" | "laid" | "lays" | "spelled" | "spelt")
                && toks.get(v + 1).is_some_and(|n| n.lower == "out"));
        let Some(verb) = cues::verb(&t.lower).or_else(|| spoke_of.then(|| cues::verb("said")).flatten())
        else {
            continue;
        };
        if v > 0 && DETERMINERS.contains(&toks[v - 1].lower.as_str()) && !verb.speech {
            continue;
        }
        if v > 0
            && matches!(
                toks[v - 1].lower.as_str(),
                "a" | "an" | "the" | "'s" | "its" | "their" | "his" | "her"
            )
        {
            continue;
        }
        if is_passive(toks, v) {
            continue;
        }
        let mut chosen: Option<(usize, Option<Range<usize>>)> = None;
        for (k, m) in ms.iter().enumerate().rev() {
            if m.span.end > v || m.possessive {
                continue;
            }
            if v - m.span.end > 30 {
                break;
            }
            // The object of a preposition ("in Moscow", "to the U.N.") is not
            // a subject, nor is the subject of a relative clause ("a move that
            // he does not want") or of a condition ("if it did not agree").
            if object_or_subordinate(toks, m.span.start) {
                continue;
            }
            if let Some(app) = bridge(toks, m.span.end, v) {
                chosen = Some((k, app));
                break;
            }
            // "Critics in Kyiv say", "officials in Moscow said": a place after the subject.
            if matches!(toks.get(m.span.end).map(|t| t.lower.as_str()), Some("in" | "from" | "at"))
                && let Some(place) = ms.get(k + 1)
                && (place.span.start == m.span.end + 1
                    || (place.span.start == m.span.end + 2 && toks[m.span.end + 1].lower == "the"))
                && matches!(place.what, What::Actor(..))
                && let Some(None) = bridge(toks, place.span.end, v)
            {
                chosen = Some((k, None));
                break;
            }
        }
        // "…,” said Peskov." / "…, said the Kremlin spokesman on Monday."
        if chosen.is_none() && verb.speech && v > 0 && (toks[v - 1].lower == "," || toks[v - 1].quote_mark) {
            let at = ms.partition_point(|m| m.span.start <= v);
            chosen = ms
                .get(at)
                .filter(|m| {
                    let starts = m.span.start == v + 1
                        || (m.span.start == v + 2 && toks.get(v + 1).is_some_and(|x| x.lower == "the"));
                    let ends = toks.get(m.span.end).is_none_or(|t| {
                        !t.word
                            || cues::is_bridge(&t.lower)
                            || matches!(t.lower.as_str(), "in" | "at" | "during")
                    });
                    starts && ends
                })
                .filter(|_| whos[at].is_some())
                .map(|_| (at, None));
        }
        // "He updated the President…, and said…", "Peskov dismissed the idea, saying…":
        // the subject of the sentence's first clause.
        if chosen.is_none()
            && v > 0
            && (toks[v - 1].lower == "and" || (toks[v - 1].lower == "," && t.lower.ends_with("ing")))
        {
            chosen = ms
                .iter()
                .enumerate()
                .find(|(k, m)| {
                    m.span.end < v
                        && !m.possessive
                        && !(m.span.start > 0
                            && (PREPOSITIONS.contains(&toks[m.span.start - 1].lower.as_str())
                                || RELATIVES.contains(&toks[m.span.start - 1].lower.as_str())))
                        && whos[*k].is_some()
                })
                .map(|(k, _)| (k, None));
        }
        let Some((k, appositive)) = chosen else { continue };
        if used_subjects.contains(&k) {
            continue;
        }
        let Some(mut who) = whos[k].clone() else { continue };
        // "Vadym Filashkin, the governor…" stays unknown; a store speaker in
        // the appositive names a role or institution subject.
        if who.class != Class::Known
            && let Some(app) = &appositive
            && let Some(j) = ms.iter().position(|m| {
                m.span.start >= app.start && m.span.end <= app.end && matches!(m.what, What::Speaker(..))
            })
            && let Some(w) = whos[j].clone()
        {
            who = w;
        }
        // A person the store does not know, in apposition with a title of
        // government: "The head of the Russian delegation, presidential aide
        // Vladimir Medinsky, said", "Moscow's ambassador to the U.N., Vassily
        // Nebenzia, said" (the person speaks for the title's actor), "Iran's
        // foreign minister, Abbas Araghchi, said" (a foreign title: no actor).
        if let Some(app) = &appositive {
            let inside = |m: &Mention| m.span.start >= app.start && m.span.end <= app.end;
            let title = mentions::is_office(&ms[k].what) || matches!(ms[k].what, What::Role { .. });
            if title
                && who.class != Class::Known
                && let Some(j) = ms.iter().position(|m| inside(m) && matches!(m.what, What::Person(..)))
                && let Some(w) = whos[j].clone()
            {
                who = Who { actor: w.actor.or(who.actor), ..w };
                who.class = if who.actor.is_some() { Class::Known } else { Class::Unknown };
            } else if matches!(ms[k].what, What::Person(..))
                && who.actor.is_none()
                && let Some(j) = ms.iter().position(|m| inside(m) && mentions::is_office(&m.what))
                && let Some(actor) = whos[j].as_ref().and_then(|w| w.actor)
            {
                // "Name, Russia's deputy foreign minister, said"
                who.actor = Some(actor);
                who.class = Class::Known;
            }
            // "Iryna Koval, a political analyst, said": a commentator, not a party.
            if toks[app.clone()].iter().take(6).any(|t| cues::is_commentator(&t.lower)) {
                heard.commentary |= verb.speech;
                continue;
            }
        }
        if !verb.speech && !speakerish(&who) {
            continue;
        }
        // "it" and "they" stand for an institution only as the subject of a verb of saying.
        if !verb.speech && matches!(&ms[k].what, What::Pronoun(p) if p == "it" || p == "they") {
            continue;
        }
        // "has not commented", "did not confirm": nothing was said.
        // (An appositive's words do not count: "Zelensky, who was not invited, said".)
        let between_words: Vec<&str> = toks[ms[k].span.end.min(v)..v]
            .iter()
            .enumerate()
            .filter(|(j, _)| {
                let at = ms[k].span.end + j;
                !appositive.as_ref().is_some_and(|a| at + 1 >= a.start && at <= a.end)
            })
            .map(|(_, t)| t.lower.as_str())
            .collect();
        if verb.speech && verb.polarity == 0 && between_words.iter().any(|w| NEGATORS.contains(w)) {
            continue;
        }
        // Analysts, experts and critics comment; they do not speak for a party.
        if matches!(&ms[k].what, What::Anonymous(head, _) if cues::is_commentator(head))
            || described_as_commentator(toks, ms[k].span.end)
        {
            if verb.speech {
                heard.commentary = true;
            }
            continue;
        }
        let mut mode = if verb.speech { Mode::Speech } else { Mode::Position };
        if matches!(who.class, Class::Outlet | Class::Anonymous) && who.actor.is_none() {
            match content_who(k, who.class) {
                Some(w) => {
                    who = w;
                    mode = Mode::Content;
                }
                None => continue,
            }
        }
        used_subjects.insert(k);
        let subject = ms[k].span.clone();
        heard.voices.push((who.actor, Some(v)));
        if let Some(app) = &appositive {
            heard.asides.push(app.clone());
        }
        let between = &between_words;
        let long_standing = between.iter().any(|w| matches!(*w, "long" | "always" | "repeatedly"));
        let progressive = t.lower.ends_with("ing") && between.iter().any(|w| matches!(*w, "is" | "are"));
        let default_date = match mode {
            Mode::Speech if long_standing => None,
            Mode::Position if progressive => month_of(opts.published),
            _ => today,
        };
        let contrast = toks.first().is_some_and(|t| CONTRASTIVE.contains(&t.lower.as_str()));
        let perfect = between.iter().any(|w| matches!(*w, "has" | "have"));
        let default_date = if contrast && perfect && mode == Mode::Speech { None } else { default_date };
        out.push(Attr {
            sentence: si,
            at: Some((subject.start, v)),
            date: attribution_date(s, subject.start.min(v)..subject.end.max(v.min(subject.start)), Some(v)),
            who,
            mode,
            verb: Some(verb),
            noun: None,
            default_date,
        });
    }

    // A verb inside what someone else said ("Ponomarev said that Putin was
    // likely to accept…") is not an attribution of its own; nor is an actor
    // doing something in a sentence that someone on the record reports.
    let speech_at: Vec<(usize, Option<usize>)> = out
        .iter()
        .filter(|a| a.mode == Mode::Speech && speakerish_or_person(&a.who))
        .filter_map(|a| a.at.map(|(_, v)| (v, a.who.actor)))
        .collect();
    out.retain(|a| {
        let Some((subj, _)) = a.at else { return true };
        let embedded = speech_at.iter().any(|&(v, actor)| {
            v < subj && actor != a.who.actor && toks[v..subj].iter().any(|t| t.lower == "that" && !t.quoted)
        });
        let reported_deed = a.mode == Mode::Position
            && speech_at.iter().any(|&(_, actor)| actor.is_some() && actor != a.who.actor);
        !embedded && !reported_deed
    });

    // "X … to present a proposal for …": the subject makes a proposal.
    for i in 1..toks.len() {
        let t = &toks[i];
        let Some(noun) = t.word.then(|| cues::position_noun(&t.lower)).flatten() else { continue };
        if !matches!(noun.0, Kind::Proposal | Kind::Demand) || t.quoted {
            continue;
        }
        let Some(dv) = (i.saturating_sub(3)..i).find(|&k| DELIVERY_VERBS.contains(&toks[k].lower.as_str()))
        else {
            continue;
        };
        let agent = ms.iter().enumerate().find(|(k, m)| {
            m.span.end <= dv
                && !m.possessive
                && !(m.span.start > 0 && PREPOSITIONS.contains(&toks[m.span.start - 1].lower.as_str()))
                && whos[*k].as_ref().is_some_and(&speakerish)
        });
        let Some((k, m)) = agent else { continue };
        if used_subjects.contains(&k) {
            continue;
        }
        let Some(who) = whos[k].clone() else { continue };
        used_subjects.insert(k);
        out.push(Attr {
            sentence: si,
            at: None,
            date: attribution_date(s, m.span.clone(), Some(dv)),
            who,
            mode: Mode::Nominal,
            verb: None,
            noun: Some(noun),
            default_date: today,
        });
    }

    // "according to X"
    for i in 0..toks.len() {
        if !seq_at(toks, i, &["according", "to"]) || toks[i].quoted {
            continue;
        }
        let at = if toks.get(i + 2).is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the")) {
            i + 3
        } else {
            i + 2
        };
        let Some(k) = ms.iter().position(|m| m.span.start == at) else { continue };
        if used_subjects.contains(&k) {
            continue;
        }
        let Some(mut who) = whos[k].clone() else { continue };
        let mut mode = Mode::Speech;
        if who.actor.is_none() {
            match content_who(k, if who.class == Class::Outlet { Class::Outlet } else { Class::Anonymous }) {
                Some(w) => {
                    who = w;
                    mode = Mode::Content;
                }
                None => continue,
            }
        }
        used_subjects.insert(k);
        out.push(Attr {
            sentence: si,
            at: None,
            date: attribution_date(s, i..ms[k].span.end, None),
            who,
            mode,
            verb: None,
            noun: None,
            default_date: today,
        });
    }

    // "Zelensky: “…”"
    for (k, m) in ms.iter().enumerate() {
        if used_subjects.contains(&k) {
            continue;
        }
        // A headline "Starmer: Putin's position is 'unacceptable'" (a line
        // with no closing full stop) attributes the same way.
        let headline =
            m.span.start == 0 && toks.last().is_some_and(|t| !matches!(t.lower.as_str(), "." | "!"));
        if toks.get(m.span.end).is_some_and(|t| t.lower == ":")
            && (toks.get(m.span.end + 1).is_some_and(|t| t.quote_mark) || headline)
            && let Some(who) = whos[k].clone()
            && who.class != Class::Anonymous
        {
            used_subjects.insert(k);
            out.push(Attr {
                sentence: si,
                at: None,
                date: None,
                who,
                mode: Mode::Speech,
                verb: None,
                noun: None,
                default_date: today,
            });
        }
    }

    // "Critics in Kyiv say the plan mirrors the Kremlin's demands":
    // commentary, and nothing in it is anyone's statement.
    if heard.commentary {
        return Vec::new();
    }

    // "Starmer's efforts to…", "rebukes from the Kremlin", "conditions set by the Kremlin"
    for (k, m) in ms.iter().enumerate() {
        if used_subjects.contains(&k) {
            continue;
        }
        let Some(who) = whos[k].clone() else { continue };
        if !speakerish(&who) {
            continue;
        }
        let mut noun = None;
        if m.possessive {
            let mut j = m.span.end + 1;
            let mut skipped = 0;
            while let Some(t) = toks.get(j) {
                if let Some(n) = t.word.then(|| cues::position_noun(&t.lower)).flatten() {
                    noun = Some(n);
                    break;
                }
                if skipped >= 2 || t.cap || !(t.word || t.quote_mark) {
                    break;
                }
                skipped += 1;
                j += 1;
            }
        } else if m.span.start >= 2 {
            let p = m.span.start;
            let by = matches!(toks[p - 1].lower.as_str(), "from" | "by")
                || (p >= 2
                    && toks[p - 1].lower == "the"
                    && matches!(toks[p - 2].lower.as_str(), "from" | "by"));
            let head = if toks[p - 1].lower == "the" { p.saturating_sub(2) } else { p - 1 };
            if by {
                // The noun just before "from" / "by" / "set by".
                let mut j = head;
                let mut steps = 0;
                while j > 0 && steps < 3 {
                    j -= 1;
                    steps += 1;
                    if let Some(n) = cues::position_noun(&toks[j].lower) {
                        noun = Some(n);
                        break;
                    }
                }
            }
        }
        let Some(noun) = noun else { continue };
        if out.iter().any(|a| a.who.actor == who.actor && a.who.actor.is_some()) {
            continue;
        }
        used_subjects.insert(k);
        out.push(Attr {
            sentence: si,
            at: None,
            date: None,
            who,
            mode: Mode::Nominal,
            verb: None,
            noun: Some(noun),
            default_date: month_of(opts.published),
        });
    }
    out
}

/// Turns a draft into a candidate, or drops it (military reports, people
/// with no actor and no topic, sources reporting no position).
fn finish(
    d: &Draft,
    sents: &[Sent],
    lex: &Lexicon,
    store: &Store,
    text: &str,
    finals: &mut Vec<(usize, Option<String>, Vec<usize>)>,
) -> Option<Candidate> {
    let first = *d.sents.first()?;
    let last = *d.sents.last()?;
    let ss: Vec<&Sent> = d.sents.iter().filter_map(|&i| sents.get(i)).collect();
    // A position named inside another's words ("welcomed Ukraine's
    // commitment to a ceasefire") is about what those words say.
    let own_voice = d.attrs.iter().any(|a| a.at.is_some());
    let mut topics = topics_scored(sents, &d.sents, lex, false, None, own_voice.then_some(d.who.actor));
    let military = ss.iter().any(|s| s.military);
    let words = || ss.iter().flat_map(|s| s.tokens.iter());
    if topics.is_empty()
        && words().any(|t| matches!(t.lower.as_str(), "such" | "this" | "these" | "those"))
        && let Some((_, _, prev)) = finals.iter().rev().take(3).find(|(l, sp, _)| {
            first.saturating_sub(*l) <= 2 && *sp == d.who.speaker && d.who.speaker.is_some()
        })
    {
        topics = prev.clone();
    }
    let speech = d.attrs.iter().any(|a| a.mode == Mode::Speech);
    if topics.is_empty()
        && d.who.actor.is_some()
        && speech
        && matches!(d.who.class, Class::Known | Class::Institution)
        && !military
    {
        topics = fallback_topics(sents, &d.sents, lex, own_voice.then_some(d.who.actor));
    }
    let keep = match (d.who.actor, topics.is_empty()) {
        (None, _) if d.who.class != Class::Unknown => false,
        (None, true) => false,
        (None, false) => !military,
        (Some(_), false) => true,
        (Some(_), true) => speech && matches!(d.who.class, Class::Known | Class::Institution) && !military,
    };
    if !keep {
        return None;
    }
    finals.push((last, d.who.speaker.clone(), topics.clone()));

    // Stance cues: those in the topic's own clause, else in its sentences
    // (with the verbs of saying there), else anywhere in the candidate.
    let mut cue_kinds: Vec<Kind> = Vec::new();
    let fold = |acc: &mut (i8, i8), p: i8| {
        if p < 0 {
            acc.0 = acc.0.max(-p);
        } else {
            acc.1 = acc.1.max(p);
        }
    };
    let mut everywhere: (i8, i8) = (0, 0);
    for s in &ss {
        for &(ci, at) in &s.cues {
            if others_words(s, d.who.actor, at) || in_aside(s, at) {
                continue;
            }
            fold(&mut everywhere, CUES[ci].polarity);
            if let Some(k) = CUES[ci].kind {
                cue_kinds.push(k);
            }
        }
    }
    for a in &d.attrs {
        if let Some(v) = a.verb {
            fold(&mut everywhere, v.polarity);
        }
    }
    let scoped = |ti: usize| -> (i8, i8) {
        let mut clause_level = (0, 0);
        let mut sentence_level = (0, 0);
        for (&si, s) in d.sents.iter().zip(&ss) {
            let clauses: Vec<u16> = s
                .hits
                .iter()
                .chain(&s.scene_hits)
                .filter(|h| h.0 == ti)
                .map(|h| h.2)
                .chain(s.inherited.iter().filter(|x| x.0 == ti).map(|x| x.1))
                .filter_map(|at| s.clause.get(at).copied())
                .collect();
            if clauses.is_empty() {
                continue;
            }
            for &(ci, at) in &s.cues {
                if others_words(s, d.who.actor, at) || in_aside(s, at) {
                    continue;
                }
                let p = CUES[ci].polarity;
                let judged = p < 0
                    && s.clause
                        .get(at)
                        .is_some_and(|c| s.owned.iter().any(|(oc, owner)| oc == c && *owner != d.who.actor));
                if judged {
                    continue;
                }
                fold(&mut sentence_level, p);
                if s.clause.get(at).is_some_and(|c| clauses.contains(c)) {
                    fold(&mut clause_level, p);
                }
            }
            for a in d.attrs.iter().filter(|a| a.sentence == si) {
                if let Some(v) = a.verb {
                    fold(&mut sentence_level, v.polarity);
                }
            }
        }
        if clause_level != (0, 0) {
            clause_level
        } else if sentence_level != (0, 0) {
            sentence_level
        } else {
            everywhere
        }
    };
    let nominal_only = d.attrs.iter().all(|a| a.mode == Mode::Nominal);
    let noun_polarity = d.attrs.iter().find_map(|a| a.noun.map(|n| n.1)).filter(|p| *p != 0);
    let hedged = words().any(|t| HEDGES.contains(&t.lower.as_str()));
    let positions: Vec<TopicStance> = topics
        .iter()
        .filter_map(|&ti| {
            let topic = store.topics.get(lex.topics.get(ti)?.topic)?;
            let negated = ss.iter().any(|s| {
                s.hits.iter().chain(&s.scene_hits).filter(|h| h.0 == ti).any(|&(_, _, at, _)| {
                    let from = at.saturating_sub(3);
                    let window = &s.tokens[from..at];
                    let stop = window.iter().rposition(|t| !t.word).map_or(0, |p| p + 1);
                    window[stop..].iter().any(|t| NEGATORS.contains(&t.lower.as_str()))
                })
            });
            let (neg, pos) = scoped(ti);
            let mut v: i8 = if negated {
                -2
            } else if let (true, Some(p)) = (nominal_only, noun_polarity) {
                p
            } else if neg > 0 {
                -neg
            } else if pos > 0 {
                pos
            } else if matches!(d.who.class, Class::Known | Class::Institution) && speech {
                1
            } else {
                0
            };
            if hedged {
                v = v.clamp(-1, 1);
            }
            Some(TopicStance { topic: TopicId(topic.id.0.clone()), stance: Stance::new(v as i64).ok()? })
        })
        .collect();

    // Kind: the verb's, the noun's, else the strongest cue's.
    let kind = d
        .attrs
        .iter()
        .find_map(|a| a.verb.map(|v| v.kind).filter(|k| *k != Kind::Assessment))
        .or_else(|| d.attrs.iter().find_map(|a| a.noun.map(|n| n.0)).filter(|k| *k != Kind::Assessment))
        .or_else(|| {
            [Kind::Rejection, Kind::Warning, Kind::Demand, Kind::Proposal, Kind::Commitment, Kind::Acceptance]
                .into_iter()
                .find(|k| cue_kinds.contains(k))
        })
        .unwrap_or(Kind::Assessment);

    // Verification: hedges in the candidate or a "not verified" note right after it.
    let next = sents.get(last + 1).filter(|n| n.paragraph <= sents[last].paragraph + 1);
    let unverified = ss
        .iter()
        .any(|s| UNVERIFIED.iter().any(|p| has_seq(&s.tokens, p)) || according_to_reports(&s.tokens))
        || next.is_some_and(|n| {
            UNVERIFIED.iter().filter(|p| p.contains(&"verified")).any(|p| has_seq(&n.tokens, p))
        })
        || d.attrs.iter().any(|a| a.who.class == Class::Anonymous || a.verb.is_some_and(|v| v.hedge));
    let on_record = d.attrs.iter().any(|a| {
        a.mode == Mode::Speech && matches!(a.who.class, Class::Known | Class::Institution | Class::Unknown)
    });
    let second_hand = ss.iter().any(|s| REPORTED.iter().any(|p| has_seq(&s.tokens, p)));
    let verification = if unverified {
        Verification::Unverified
    } else if on_record || (!second_hand && d.attrs.iter().any(|a| a.mode == Mode::Speech)) {
        Verification::Confirmed
    } else {
        Verification::Reported
    };

    // A second-hand account ("reportedly", anonymous sources) is dated to the month.
    let hearsay =
        ss.iter().any(|s| HEARSAY.iter().any(|p| has_seq(&s.tokens, p)) || according_to_reports(&s.tokens))
            || d.attrs.iter().any(|a| a.who.class == Class::Anonymous);
    // No date of its own: the last date named before it in the same
    // paragraph by the narrative or by the same actor ("The summit on Friday
    // ended without a deal. “…,” Trump told reporters.").
    let carried = || {
        let mut k = first;
        while k > 0 {
            k -= 1;
            let p = sents.get(k)?;
            if p.paragraph != sents[first].paragraph || p.voices.iter().any(|v| v.0 != d.who.actor) {
                return None;
            }
            if let Some(dm) =
                p.dates.iter().rev().find(|dm| p.tokens.get(dm.span.start).is_some_and(|t| !t.quoted))
            {
                return Some(dm.date);
            }
        }
        None
    };
    let date = d.attrs.iter().find_map(|a| a.date).or_else(|| {
        let default = d.attrs.first().and_then(|a| a.default_date)?;
        let fallback = if default.precision() == crate::model::Precision::Day {
            carried().unwrap_or(default)
        } else {
            default
        };
        if hearsay && fallback.precision() == crate::model::Precision::Day {
            month_of(fallback.first_day())
        } else {
            Some(fallback)
        }
    });

    // The quote: the direct quotes, or the first sentence as a paraphrase.
    let quotes: Vec<&str> = ss
        .iter()
        .flat_map(|s| s.quotes.iter())
        .filter_map(|q| text.get(q.clone()))
        .map(str::trim)
        .filter(|q| q.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .collect();
    let (quote, paraphrase) = if quotes.is_empty() {
        // Without a transcript's label ("QUESTION: Washington says…").
        let r = ss[0].range.clone();
        let from = transcript::label_of(text, r.start, r.end).map_or(r.start, |(_, speech, _)| speech);
        (text.get(from..r.end).unwrap_or("").trim().to_owned(), true)
    } else {
        (quotes.join(" … "), false)
    };
    let end = ss.last().map_or(0, |s| s.range.end);
    let last_s = ss.last()?;
    let last_line = last_s.line + text.get(last_s.range.clone()).map_or(0, |t| t.matches('\n').count());
    let actor = d.who.actor.and_then(|a| store.actors.get(a)).map(|a| a.id.clone());
    Some(Candidate {
        line: ss[0].line,
        last_line,
        span: ss[0].range.start..end,
        sentences: ss.iter().map(|s| s.range.clone()).collect(),
        speaker: d.who.speaker.clone().filter(|_| d.who.class != Class::Outlet),
        actor,
        date,
        kind,
        verification,
        positions,
        quote,
        paraphrase,
        duplicate_of: None,
    })
}
