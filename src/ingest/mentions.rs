//! Mentions in a sentence: who or what is named (a store speaker, a role, an
//! institution or capital, a qualified institution such as "Russia's foreign
//! ministry", a news outlet, an unknown person, a pronoun, anonymous
//! sources), and how each resolves to a speaker and an actor.

use std::collections::HashMap;
use std::ops::Range;

use super::cues::{is_anonymous_head, is_institution_head};
use super::lexicon::{Entry, Lexicon, PlaceKind};
use super::text::Token;
use crate::model::Store;

/// What a mention names.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum What {
    /// A speaker of the store: (actor, speaker).
    Speaker(usize, usize),
    /// A role ("the Kremlin spokesman"), with the speakers who hold it and
    /// the actor a qualifier ties it to ("Poland's president"). `foreign`:
    /// a qualifier the store does not know ("Iran's foreign minister",
    /// "Turkish Foreign Minister"), so none of the store's holders is meant.
    Role { holders: Vec<(usize, usize)>, qualifier: Option<usize>, text: String, foreign: bool },
    /// An actor named as an institution, capital or country.
    Actor(usize, PlaceKind),
    /// A part of an actor's government ("Russia's industry ministry").
    Qualified(usize, String),
    /// Only an adjective of an actor ("Russian"): never a subject.
    Demonym(usize),
    /// A news outlet.
    Outlet(String),
    /// Someone not in the store, by name, with the actor that their title
    /// ties them to ("German Foreign Minister Johann Wadephul"), if any, and
    /// the role of that title.
    Person(String, Option<usize>, Option<String>),
    /// A store speaker's office or staff speaking for them ("Macron's office").
    Office(usize, usize),
    /// he, she, they, it.
    Pronoun(String),
    /// "the ministry", "the government": the last institution named.
    InstitutionAnaphor(String),
    /// Anonymous sources, officials, insiders; maybe tied to an actor ("a US official").
    Anonymous(String, Option<usize>),
}

/// A mention: its word span in the sentence and what it names.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub span: Range<usize>,
    pub what: What,
    /// Followed by a possessive "'s".
    pub possessive: bool,
}

/// Who a mention resolves to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Who {
    /// The speaker's canonical name, or a name or role as written.
    pub speaker: Option<String>,
    /// The actor's index in the store.
    pub actor: Option<usize>,
    pub class: Class,
    /// How the mention named them (for the confidence of speaker and actor).
    pub how: How,
}

/// How a mention named who speaks: by full name, by surname alone, by a
/// role, a pronoun… Set when the sentence is analysed; a stronger naming
/// means a surer speaker and actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum How {
    /// A store speaker by a name of two words or more, or an alias.
    #[default]
    FullName,
    /// A store speaker by one word of the name (a surname).
    Surname,
    /// A role or title ("the Kremlin spokesman") resolved to a holder, or not.
    Role,
    /// A store speaker's office ("Macron's office").
    Office,
    /// An actor named as an institution, capital or country.
    Institution,
    /// A person the store does not know, by name.
    Person,
    /// "he", "she", "they", "it", "the ministry": what the text said before.
    Anaphor,
    /// Anonymous sources or officials.
    Anonymous,
    /// A news outlet.
    Outlet,
}

/// What sort of source a resolved mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// A speaker of the store.
    Known,
    /// An actor as an institution, capital, country or part of a government.
    Institution,
    /// A named person the store does not know.
    Unknown,
    /// A news outlet.
    Outlet,
    /// Anonymous sources or officials.
    Anonymous,
}

const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "sir",
    "mr",
    "mrs",
    "ms",
    "dr",
    "general",
    "major",
    "gen",
    "lt",
    "colonel",
    "col",
    "chancellor",
    "secretary",
    "governor",
    "foreign",
    "defence",
    "defense",
    "lord",
    "dame",
    "king",
    "queen",
    "pope",
    "senator",
    "sen",
    "rep",
    "representative",
    "commander",
    "admiral",
    "marshal",
    "ambassador",
    "envoy",
    "deputy",
    "vice",
    "chief",
    "mayor",
    "judge",
    "justice",
    "professor",
    "prof",
    "captain",
    "lieutenant",
    "sergeant",
    "state",
    "special",
    "former",
    "acting",
    "spokesman",
    "spokeswoman",
    "head",
    "leader",
    "presidential",
    "aide",
    "adviser",
    "advisor",
    "spokesperson",
    "ambassador",
    "negotiator",
    "senior",
    "top",
    "security",
    "national",
];

const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "but",
    "however",
    "and",
    "or",
    "as",
    "after",
    "before",
    "when",
    "while",
    "if",
    "so",
    "yet",
    "for",
    "with",
    "from",
    "by",
    "to",
    "of",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "over",
    "under",
    "some",
    "many",
    "most",
    "all",
    "its",
    "his",
    "her",
    "their",
    "our",
    "my",
    "we",
    "i",
    "you",
    "he",
    "she",
    "they",
    "it",
    "there",
    "here",
    "what",
    "why",
    "how",
    "who",
    "where",
    "video",
    "photo",
    "analysis",
    "watch",
    "read",
    "more",
    "live",
    "update",
    "breaking",
    "both",
    "each",
    "every",
    "no",
    "not",
    "since",
    "until",
    "during",
    "thirty",
    "twenty",
    "another",
    "other",
    "those",
    "such",
    "will",
    "would",
    "can",
    "could",
    "may",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "then",
    "now",
    "today",
    "yesterday",
    "meanwhile",
    "earlier",
    "later",
    "also",
    "just",
    "only",
    "even",
    "western",
    "eastern",
    "northern",
    "southern",
    "european",
    "europe",
    "asia",
    "africa",
    "middle",
    "east",
    "west",
    "north",
    "south",
    "second",
    "first",
    "world",
    "war",
    "region",
    "oblast",
    "sea",
    "street",
    "house",
    "ministry",
    "council",
    "union",
    "nations",
    "institute",
    "group",
    "party",
    "times",
    "news",
    "post",
    "journal",
    "company",
    "bank",
    "agency",
    "forces",
    "force",
    "army",
    "state",
    "states",
    "republic",
    "federation",
    "government",
    "parliament",
    "airport",
    "city",
    "river",
    "bay",
    "island",
    "islands",
    "peninsula",
    "mountains",
    "telegram",
    "facebook",
    "twitter",
    "x",
    "truth",
    "social",
    "instagram",
    "youtube",
    "tv",
    "channel",
    "radio",
];

fn is_particle(w: &str) -> bool {
    matches!(w, "von" | "der" | "van" | "de" | "la" | "le" | "du" | "da" | "al" | "bin" | "ben")
}

/// Finds the mentions of a sentence's words, outside quotes.
pub(crate) fn find(tokens: &[Token], lex: &Lexicon, store: &Store) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.word || t.quoted {
            i += 1;
            continue;
        }
        let found = match lex.longest_at(tokens, i) {
            Some((pi, j)) => Some(known_mention(tokens, i, j, lex.phrases[pi].entry.clone(), lex, store)),
            None => other_mention(tokens, i, lex),
        };
        match found {
            Some(m) => {
                i = m.span.end.max(i + 1);
                out.push(m);
            }
            None => i += 1,
        }
    }
    merge_titles(tokens, out)
}

fn is_poss(tokens: &[Token], k: usize) -> bool {
    tokens.get(k).is_some_and(|t| t.lower == "'s" || t.lower == "'")
}

/// The mention of a phrase the lexicon knows, at words `i..j`, with what
/// follows it: "Putin's spokesman" (a role), "Macron's office" (the office
/// speaks for its principal), "the Kremlin press service".
fn known_mention(
    tokens: &[Token],
    i: usize,
    j: usize,
    entry: Entry,
    lex: &Lexicon,
    store: &Store,
) -> Mention {
    let poss = |k: usize| is_poss(tokens, k);
    match entry {
        Entry::Speaker(a, s) => {
            // "Putin's spokesman", "President Trump's special envoy"
            if poss(j)
                && let Some((m, end)) = role_after(tokens, j + 1, lex, store, a)
            {
                return Mention { span: i..end, what: m, possessive: poss(end) };
            }
            // "Macron's office said": the office speaks for its principal.
            if poss(j)
                && tokens.get(j + 1).is_some_and(|t| {
                    t.word && !t.quoted && matches!(t.lower.as_str(), "office" | "press" | "staff" | "team")
                })
            {
                let end = if tokens.get(j + 2).is_some_and(|t| t.lower == "office" || t.lower == "service") {
                    j + 3
                } else {
                    j + 2
                };
                return Mention { span: i..end, what: What::Office(a, s), possessive: poss(end) };
            }
            Mention { span: i..j, what: What::Speaker(a, s), possessive: poss(j) }
        }
        Entry::Role(holders) => {
            let text = words(tokens, i..j);
            let what = What::Role { holders, qualifier: None, text, foreign: foreign_qualifier(tokens, i) };
            Mention { span: i..j, what, possessive: poss(j) }
        }
        Entry::Place(None, _) => {
            Mention { span: i..j, what: What::Outlet(words(tokens, i..j)), possessive: poss(j) }
        }
        Entry::Place(Some(a), kind) => {
            let after = if poss(j) { j + 1 } else { j };
            if let Some((m, end)) = role_after(tokens, after, lex, store, a) {
                return Mention { span: i..end, what: m, possessive: poss(end) };
            }
            if let Some((what, end)) = institution_after(tokens, after, a) {
                return Mention { span: i..end, what, possessive: poss(end) };
            }
            let what = if kind == PlaceKind::Demonym { What::Demonym(a) } else { What::Actor(a, kind) };
            Mention { span: i..j, what, possessive: poss(j) }
        }
    }
}

/// A mention of something the lexicon does not list, at word `i`: a
/// pronoun, "the ministry", an anonymous source or a commentator, a person
/// (perhaps a known speaker under another spelling).
fn other_mention(tokens: &[Token], i: usize, lex: &Lexicon) -> Option<Mention> {
    let poss = |k: usize| is_poss(tokens, k);
    let n = tokens.len();
    let t = &tokens[i];
    let w = t.lower.as_str();
    if matches!(w, "he" | "she" | "they" | "it") {
        return Some(Mention { span: i..i + 1, what: What::Pronoun(w.to_owned()), possessive: false });
    }
    if matches!(w, "the" | "its" | "this")
        && let Some(next) = tokens.get(i + 1)
        && next.word
        && !next.quoted
    {
        // "the ministry", "the defence ministry"
        let mut k = i + 1;
        while k < n
            && k <= i + 3
            && tokens[k].word
            && !tokens[k].cap
            && !is_institution_head(&tokens[k].lower)
        {
            k += 1;
        }
        if k < n && tokens[k].word && !tokens[k].cap && is_institution_head(&tokens[k].lower) {
            let text = words(tokens, i + 1..k + 1);
            return Some(Mention {
                span: i..k + 1,
                what: What::InstitutionAnaphor(text),
                possessive: poss(k + 1),
            });
        }
    }
    if (is_anonymous_head(w) || crate::ingest::cues::is_commentator(w)) && (!t.cap || i == 0) {
        return Some(Mention {
            span: i..i + 1,
            what: What::Anonymous(w.to_owned(), None),
            possessive: poss(i + 1),
        });
    }
    if t.cap
        && let Some((name, start, end)) = unknown_name(tokens, i)
    {
        // A known speaker under another spelling ("Volodymyr Zelenskiy").
        let parts: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
        let first = (parts.len() > 1).then(|| parts[0].as_str());
        // The name after the titles may be one the store knows
        // ("Presidential Aide Yury Ushakov").
        let known = (start < end).then(|| lex.longest_at(tokens, start)).flatten().and_then(|(pi, j)| {
            match lex.phrases[pi].entry {
                Entry::Speaker(a, s) if j == end => Some((a, s)),
                _ => None,
            }
        });
        let what = match known.or_else(|| parts.last().and_then(|last| lex.speaker_by_spelling(first, last)))
        {
            Some((a, s)) => What::Speaker(a, s),
            None => What::Person(name, None, None),
        };
        return Some(Mention { span: i..end, what, possessive: poss(end) });
    }
    if t.cap
        && i > 0
        && let Some((a, s)) = lex.speaker_by_spelling(None, &t.lower)
    {
        return Some(Mention { span: i..i + 1, what: What::Speaker(a, s), possessive: poss(i + 1) });
    }
    None
}

/// Whether the role starting at word `i` is qualified by a name the store
/// does not know: "Iran's foreign minister", "Turkish Foreign Minister",
/// "the Israeli prime minister". (A qualifier the store knows was read as a
/// place before the role, so any capitalised qualifier left is foreign.)
fn foreign_qualifier(tokens: &[Token], i: usize) -> bool {
    let word = |k: usize| tokens.get(k).filter(|t| t.word && !t.quoted);
    let foreign_word = |k: usize| {
        word(k).is_some_and(|t| {
            t.cap && !TITLES.contains(&t.lower.as_str()) && !NOT_NAMES.contains(&t.lower.as_str())
        })
    };
    match i.checked_sub(1).and_then(word) {
        Some(t) if t.lower == "'s" => i >= 2 && foreign_word(i - 2),
        Some(_) => foreign_word(i - 1),
        None => false,
    }
}

/// Whether a mention is a title of government that can tie a person named
/// with it to its actor: a store role, or a qualified part of a government
/// that is not the military ("Russia's envoy", "the Russian delegation").
pub(crate) fn is_office(what: &What) -> bool {
    match what {
        What::Role { foreign, .. } => !foreign,
        What::Qualified(_, head) => !matches!(
            head.as_str(),
            "military" | "army" | "forces" | "navy" | "command" | "staff" | "parliament"
        ),
        _ => false,
    }
}

/// A title right before a name ("U.K. Prime Minister Keir Starmer", "German
/// Foreign Minister Johann Wadephul", "Ukraine's defence minister Rustem
/// Umerov"): one mention, and the name decides who it is. A name the store
/// does not know takes the actor that its title's qualifier names, if any.
fn merge_titles(tokens: &[Token], ms: Vec<Mention>) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
    for m in ms {
        if let Some(prev) = out.last_mut()
            && prev.span.end == m.span.start
            && !prev.possessive
            && (is_office(&prev.what) || matches!(prev.what, What::Role { .. }))
            && tokens.get(m.span.start).is_some_and(|t| t.cap)
        {
            let title_actor = match &prev.what {
                What::Role { qualifier, foreign: false, .. } => *qualifier,
                What::Qualified(a, _) => Some(*a),
                _ => None,
            };
            let role = match &prev.what {
                What::Role { text, .. } => Some(text.clone()),
                _ => None,
            };
            let merged = match &m.what {
                What::Speaker(..) => Some(m.what.clone()),
                What::Person(name, actor, _) => Some(What::Person(name.clone(), actor.or(title_actor), role)),
                _ => None,
            };
            if let Some(what) = merged {
                prev.span.end = m.span.end;
                prev.what = what;
                prev.possessive = m.possessive;
                continue;
            }
        }
        out.push(m);
    }
    out
}

fn words(tokens: &[Token], r: Range<usize>) -> String {
    tokens[r.start.min(tokens.len())..r.end.min(tokens.len())]
        .iter()
        .filter(|t| t.word)
        .map(|t| t.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A role right after a qualifier ("Poland's president", "the US secretary
/// of state", "Putin's spokesman"): up to two adjectives may come between.
fn role_after(
    tokens: &[Token],
    at: usize,
    lex: &Lexicon,
    store: &Store,
    actor: usize,
) -> Option<(What, usize)> {
    for skip in 0..3 {
        let k = at + skip;
        let t = tokens.get(k)?;
        if !t.word || t.quoted {
            return None;
        }
        if let Some((pi, j)) = lex.longest_at(tokens, k)
            && let Entry::Role(holders) = &lex.phrases[pi].entry
        {
            return Some((
                What::Role {
                    holders: holders.clone(),
                    qualifier: Some(actor),
                    text: words(tokens, k..j),
                    foreign: false,
                },
                j,
            ));
        }
        // A generic head: "Putin's spokesman", "the Kremlin's envoy".
        let head = t.lower.as_str();
        if matches!(
            head,
            "spokesman"
                | "spokeswoman"
                | "spokesperson"
                | "aide"
                | "adviser"
                | "envoy"
                | "ambassador"
                | "negotiator"
        ) {
            let holders: Vec<(usize, usize)> = store
                .actors
                .get(actor)
                .map(|a| {
                    a.speakers
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| {
                            let r = s.role.to_lowercase();
                            r.contains(head) || (head.starts_with("spokes") && r.contains("spokes"))
                        })
                        .map(|(si, _)| (actor, si))
                        .collect()
                })
                .unwrap_or_default();
            if holders.is_empty() {
                return Some((What::Qualified(actor, head.to_owned()), k + 1));
            }
            return Some((
                What::Role { holders, qualifier: Some(actor), text: head.to_owned(), foreign: false },
                k + 1,
            ));
        }
        if t.cap || crate::ingest::cues::verb(head).is_some() {
            return None;
        }
    }
    None
}

/// A part of government right after a qualifier ("Russia's industry
/// ministry", "the Russian defence ministry") or anonymous officials ("a US official").
fn institution_after(tokens: &[Token], at: usize, actor: usize) -> Option<(What, usize)> {
    for skip in 0..3 {
        let t = tokens.get(at + skip)?;
        if !t.word || t.quoted || (t.cap && skip > 0) {
            return None;
        }
        if is_institution_head(&t.lower) {
            return Some((What::Qualified(actor, t.lower.clone()), at + skip + 1));
        }
        if is_anonymous_head(&t.lower) {
            return Some((What::Anonymous(t.lower.clone(), Some(actor)), at + skip + 1));
        }
        if crate::ingest::cues::verb(&t.lower).is_some() || t.lower == "'s" {
            return None;
        }
    }
    None
}

/// A run of capitalised words that names someone the store does not know
/// ("Major General Apti Alaudinov" → "Apti Alaudinov"), with the word index
/// where the name starts (after its titles) and the index just after it.
fn unknown_name(tokens: &[Token], i: usize) -> Option<(String, usize, usize)> {
    let mut j = i;
    let mut parts: Vec<&str> = Vec::new();
    let mut raw: Vec<usize> = Vec::new();
    while let Some(t) = tokens.get(j) {
        if t.word && !t.quoted && (t.cap || (is_particle(&t.lower) && !parts.is_empty())) {
            parts.push(t.lower.as_str());
            raw.push(j);
            j += 1;
        } else {
            break;
        }
    }
    // Leading titles are not part of the name.
    let mut start = 0;
    while start < parts.len() && TITLES.contains(&parts[start]) {
        start += 1;
    }
    let name_idx = &raw[start..];
    if name_idx.len() < 2 || name_idx.len() > 4 {
        return None;
    }
    if name_idx.iter().any(|&k| {
        let w = tokens[k].lower.as_str();
        NOT_NAMES.contains(&w) || w.chars().any(|c| c.is_ascii_digit()) || w.len() < 2
    }) {
        return None;
    }
    // Words in capitals are acronyms, not names.
    if name_idx
        .iter()
        .any(|&k| tokens[k].lower.chars().count() > 1 && tokens[k].lower.to_uppercase() == tokens[k].lower)
    {
        return None;
    }
    let name = name_idx
        .iter()
        .map(|&k| {
            let w = &tokens[k].lower;
            let mut c = w.chars();
            match c.next() {
                Some(f) if !is_particle(w) => f.to_uppercase().collect::<String>() + c.as_str(),
                _ => w.clone(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some((name, name_idx[0], j))
}

/// What the reader knows from the sentences read so far: who was named
/// last, to resolve "he", "she", "the ministry" and ambiguous roles; and
/// the people the store does not know, with the actor their title or
/// appositive gave them, so that "Medinsky" later is the same man.
#[derive(Default)]
pub(crate) struct Discourse {
    /// The last person named, and in which sentence.
    pub last_person: Option<(Who, usize)>,
    /// The last institution named, and in which sentence.
    pub last_institution: Option<(Who, usize)>,
    /// The sentence in which each store speaker was last named.
    pub last_named: HashMap<(usize, usize), usize>,
    /// Store speakers named anywhere in the text (read ahead), for a role
    /// that no recent mention settles ("The Prime Minister" in a readout
    /// that names Keir Starmer further down).
    pub named_in_text: Vec<(usize, usize)>,
    /// People the store does not know: full name → the actor they speak for, if known.
    pub people: HashMap<String, Option<usize>>,
    /// Their surnames (lower case) → full name, for later mentions by surname alone.
    pub surnames: HashMap<String, String>,
    /// Roles under which unknown people were introduced (role text → name, sentence).
    pub people_roles: HashMap<String, (String, usize)>,
}

impl Discourse {
    /// Resolves a mention in sentence `at`; None when it names nobody who can speak.
    pub fn resolve(&self, m: &What, store: &Store, at: usize) -> Option<Who> {
        let known = |a: usize, s: usize| Who {
            speaker: store.actors.get(a).and_then(|x| x.speakers.get(s)).map(|s| s.name.clone()),
            actor: Some(a),
            class: Class::Known,
            how: How::default(),
        };
        match m {
            What::Speaker(a, s) => Some(known(*a, *s)),
            What::Office(a, s) => Some(Who { class: Class::Institution, ..known(*a, *s) }),
            What::Role { text, foreign: true, .. } => Some(Who {
                speaker: Some(text.clone()),
                actor: None,
                class: Class::Unknown,
                how: How::default(),
            }),
            What::Role { holders, qualifier, text, .. } => {
                let pool: Vec<(usize, usize)> = match qualifier {
                    Some(q) => holders.iter().copied().filter(|(a, _)| a == q).collect(),
                    None => holders.clone(),
                };
                // Someone the store does not know, introduced under this
                // role more recently than any holder was named ("Israeli
                // Prime Minister Benjamin Netanyahu … the prime minister said").
                let stranger = self.people_roles.get(text).filter(|(_, s)| at.saturating_sub(*s) <= 12);
                let recent = pool
                    .iter()
                    .filter_map(|h| self.last_named.get(h).map(|at_| (*at_, *h)))
                    .filter(|(s, _)| at.saturating_sub(*s) <= 12)
                    .max_by_key(|(s, _)| *s);
                if qualifier.is_none()
                    && let Some((name, s)) = stranger
                    && recent.is_none_or(|(r, _)| r < *s)
                {
                    let actor = self.people.get(name).copied().flatten();
                    return Some(Who {
                        speaker: Some(name.clone()),
                        actor,
                        class: Class::Unknown,
                        how: How::default(),
                    });
                }
                if pool.len() == 1 {
                    return Some(known(pool[0].0, pool[0].1));
                }
                // The holder named most recently (within the last 12 sentences).
                if let Some((_, h)) = recent {
                    return Some(known(h.0, h.1));
                }
                // Else the only holder the text names anywhere.
                let named: Vec<&(usize, usize)> =
                    pool.iter().filter(|h| self.named_in_text.contains(h)).collect();
                if let [h] = named.as_slice() {
                    return Some(known(h.0, h.1));
                }
                match qualifier {
                    Some(q) => Some(Who {
                        speaker: None,
                        actor: Some(*q),
                        class: Class::Institution,
                        how: How::default(),
                    }),
                    None => Some(Who {
                        speaker: Some(text.clone()),
                        actor: None,
                        class: Class::Unknown,
                        how: How::default(),
                    }),
                }
            }
            What::Actor(a, _) | What::Qualified(a, _) => {
                Some(Who { speaker: None, actor: Some(*a), class: Class::Institution, how: How::default() })
            }
            What::Demonym(_) => None,
            What::Outlet(name) => Some(Who {
                speaker: Some(name.clone()),
                actor: None,
                class: Class::Outlet,
                how: How::default(),
            }),
            What::Person(name, actor, _) => {
                let actor = actor.or_else(|| self.people.get(name).copied().flatten());
                Some(Who {
                    speaker: Some(name.clone()),
                    actor,
                    class: if actor.is_some() { Class::Known } else { Class::Unknown },
                    how: How::default(),
                })
            }
            What::Anonymous(_, actor) => {
                Some(Who { speaker: None, actor: *actor, class: Class::Anonymous, how: How::default() })
            }
            What::Pronoun(p) => match p.as_str() {
                "he" | "she" => self
                    .last_person
                    .as_ref()
                    .filter(|(_, s)| at.saturating_sub(*s) <= 4)
                    .map(|(w, _)| w.clone()),
                _ => self
                    .last_institution
                    .as_ref()
                    .filter(|(_, s)| at.saturating_sub(*s) <= 2)
                    .map(|(w, _)| w.clone()),
            },
            What::InstitutionAnaphor(_) => self
                .last_institution
                .as_ref()
                .filter(|(_, s)| at.saturating_sub(*s) <= 6)
                .map(|(w, _)| w.clone()),
        }
    }

    /// Mentions of people the store does not know by their surname alone
    /// ("Medinsky told reporters" after "presidential aide Vladimir Medinsky").
    pub fn add_surname_mentions(&self, tokens: &[Token], ms: &mut Vec<Mention>) {
        if self.surnames.is_empty() {
            return;
        }
        for (i, t) in tokens.iter().enumerate() {
            if !t.word || t.quoted || !t.cap || ms.iter().any(|m| m.span.contains(&i)) {
                continue;
            }
            if let Some(name) = self.surnames.get(&t.lower) {
                let possessive = tokens.get(i + 1).is_some_and(|t| t.lower == "'s");
                let at = ms.partition_point(|m| m.span.start < i);
                ms.insert(
                    at,
                    Mention { span: i..i + 1, what: What::Person(name.clone(), None, None), possessive },
                );
            }
        }
    }

    /// Records an unknown person (and the actor they speak for, once known).
    pub fn note_person(&mut self, name: &str, actor: Option<usize>) {
        let entry = self.people.entry(name.to_owned()).or_insert(None);
        if entry.is_none() {
            *entry = actor;
        }
        if let Some(last) = name.split_whitespace().last()
            && name.split_whitespace().count() >= 2
            && last.chars().count() >= 4
        {
            self.surnames.entry(last.to_lowercase()).or_insert_with(|| name.to_owned());
        }
    }

    /// Records what a sentence named: the speaker of its statement (else
    /// the first person it names) is who a later "he" or "she" means; the
    /// institution that speaks (else the last one named) is "the ministry".
    pub fn note_sentence(&mut self, ms: &[Mention], whos: &[Option<Who>], subjects: &[Who], at: usize) {
        for m in ms {
            match &m.what {
                What::Speaker(a, s) => {
                    self.last_named.insert((*a, *s), at);
                }
                What::Person(name, actor, role) => {
                    self.note_person(name, *actor);
                    if let Some(r) = role {
                        self.people_roles.insert(r.clone(), (name.clone(), at));
                    }
                }
                _ => {}
            }
        }
        let person = subjects
            .iter()
            .find(|w| matches!(w.class, Class::Known | Class::Unknown))
            .cloned()
            .or_else(|| {
                ms.iter().zip(whos).find_map(|(m, w)| {
                    let w = w.as_ref()?;
                    let named = matches!(m.what, What::Speaker(..) | What::Person(..) | What::Role { .. })
                        || matches!(&m.what, What::Pronoun(p) if p == "he" || p == "she");
                    (named && !m.possessive && matches!(w.class, Class::Known | Class::Unknown))
                        .then(|| w.clone())
                })
            });
        if let Some(p) = person {
            self.last_person = Some((p, at));
        }
        let institution = subjects.iter().find(|w| w.class == Class::Institution).cloned().or_else(|| {
            ms.iter().zip(whos).rev().find_map(|(m, w)| {
                let w = w.as_ref()?;
                let named =
                    matches!(m.what, What::Qualified(..) | What::InstitutionAnaphor(_) | What::Actor(..));
                (named && !m.possessive && w.class == Class::Institution).then(|| w.clone())
            })
        });
        if let Some(i) = institution {
            self.last_institution = Some((i, at));
        }
    }
}
