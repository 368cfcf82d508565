//! Events in one sentence: the words that name a meeting, call, summit,
//! talks, truce, sanctions, plan or deadline (a trigger), the stretch of the
//! sentence that belongs to it (its window: up to a clause of reporting, a
//! subordinate clause or a comma after it), the date that belongs to it, the
//! people and actors taking part, and the place.

use std::ops::Range;

use chrono::NaiveDate;

use super::super::dates::{self, DateMention};
use super::super::lexicon::PlaceKind;
use super::super::mentions::{Class, Mention, What, Who};
use super::super::text::Token;
use super::places;
use crate::model::{EventKind, PartialDate, Precision, Store};

/// How a sentence names an event: it decides the kind, the verb of the
/// title and how sure the find is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum How {
    /// "summit".
    Summit,
    /// "talks", "negotiations".
    Talks,
    /// "meet", "met".
    Meet,
    /// "a meeting".
    Meeting,
    /// "phone call", "called", "phoned", "spoke by phone".
    Call,
    /// "spoke with": a conversation, most often by phone.
    Spoke,
    /// "visit Moscow".
    Visit,
    /// "lands in Moscow", "arrived in Kyiv".
    Arrive,
    /// "hosted Zelensky".
    Host,
    /// "declared a truce", "the ceasefire took effect".
    Truce,
    /// "imposed sanctions".
    Sanctions,
    /// "unveiled a peace plan".
    Plan,
    /// "a deadline", "an ultimatum".
    Deadline,
}

impl How {
    /// The kind of event.
    pub(crate) fn kind(self) -> EventKind {
        match self {
            How::Summit => EventKind::Summit,
            How::Talks => EventKind::Talks,
            How::Meet | How::Meeting | How::Visit | How::Arrive | How::Host => EventKind::Meeting,
            How::Call | How::Spoke => EventKind::Call,
            How::Truce => EventKind::Truce,
            How::Sanctions => EventKind::Sanctions,
            How::Plan => EventKind::Plan,
            How::Deadline => EventKind::Deadline,
        }
    }

    /// How sure a find of this kind is, before its parties, date and place count.
    fn base(self) -> f32 {
        match self {
            How::Summit | How::Call => 0.8,
            How::Meet => 0.75,
            How::Talks | How::Meeting => 0.7,
            How::Host => 0.65,
            How::Visit | How::Truce | How::Sanctions => 0.6,
            How::Spoke | How::Plan => 0.55,
            How::Arrive | How::Deadline => 0.5,
        }
    }

    /// Ranks the ways of naming one meeting (the strongest gives the kind).
    pub(crate) fn rank(self) -> u8 {
        match self {
            How::Summit => 9,
            How::Talks => 8,
            How::Call => 7,
            How::Meet => 6,
            How::Meeting => 5,
            How::Host => 4,
            How::Visit => 3,
            How::Spoke => 2,
            How::Arrive => 1,
            _ => 0,
        }
    }

    /// A meeting or a call: two sides must be named.
    fn two_sided(self) -> bool {
        matches!(self.kind(), EventKind::Meeting | EventKind::Call)
    }

    /// What the trace says about the words.
    fn rule(self) -> &'static str {
        match self {
            How::Summit => "the noun “summit”",
            How::Talks => "a noun of negotiation",
            How::Meet => "a verb of meeting",
            How::Meeting => "the noun “meeting”",
            How::Call => "a phone call",
            How::Spoke => "“spoke with” someone of another side",
            How::Visit => "a visit to another side's capital or a place of diplomacy",
            How::Arrive => "arriving in another side's capital or a place of diplomacy",
            How::Host => "a verb of hosting",
            How::Truce => "a truce declared or taking effect",
            How::Sanctions => "sanctions imposed, announced or lifted",
            How::Plan => "a peace plan put forward",
            How::Deadline => "a deadline or ultimatum",
        }
    }
}

/// Who takes part, as the title names them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Label {
    /// A person, by the short name analysts use ("Trump").
    Person(String),
    /// Officials, a delegation or negotiators of an actor.
    Officials(usize),
    /// An actor as a country, capital or institution.
    Actor(usize),
}

/// One side of an event.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Party {
    /// The actor (index in the store), when the store knows it.
    pub actor: Option<usize>,
    pub label: Label,
    /// The words that named it.
    pub words: String,
    /// The host whose capital is visited.
    pub host: bool,
}

/// A date found for an event.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FoundDate {
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    /// The words, as written.
    pub words: String,
    /// Read forward, as a date to come.
    pub ahead: bool,
}

/// One sentence's mention of an event.
#[derive(Clone, Debug)]
pub(crate) struct Find {
    /// Byte range of the sentence.
    pub sentence: Range<usize>,
    /// Its 1-based line.
    pub line: usize,
    pub how: How,
    /// The trigger words as written.
    pub words: String,
    pub date: Option<FoundDate>,
    /// Announced: told as to come ("will meet", "is expected to visit").
    pub future: bool,
    /// The word that told so ("will"), for the trace.
    pub future_word: Option<String>,
    /// Told as past ("met", "held talks", "was expected to").
    pub past: bool,
    pub parties: Vec<Party>,
    /// The place and the rule that found it.
    pub place: Option<(String, &'static str)>,
    /// The text says "the" before the place ("at the White House").
    pub place_the: bool,
    /// "phone" or "telephone" was said.
    pub phone: bool,
    pub confidence: f32,
    pub rule: &'static str,
}

/// What the detector needs of a sentence.
pub(crate) struct Input<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub mentions: &'a [Mention],
    pub whos: &'a [Option<Who>],
    pub dates: &'a [DateMention],
    pub range: Range<usize>,
    pub line: usize,
    pub published: NaiveDate,
    pub store: &'a Store,
}

/// A trigger: its kind and its words (`start..end`, a declaring verb included).
#[derive(Clone, Debug)]
struct Trigger {
    how: How,
    start: usize,
    end: usize,
    /// The word that names the event (the noun or the verb).
    head: usize,
    /// Where a visit goes (words).
    object: Option<Range<usize>>,
    phone: bool,
}

/// Words a sentence must hold for any event to be named (a fast first test).
fn may_trigger(w: &str) -> bool {
    matches!(
        w,
        "summit"
            | "summits"
            | "talks"
            | "negotiations"
            | "meet"
            | "meets"
            | "met"
            | "meeting"
            | "meetings"
            | "call"
            | "calls"
            | "called"
            | "phoned"
            | "telephoned"
            | "phone"
            | "telephone"
            | "spoke"
            | "speak"
            | "speaks"
            | "spoken"
            | "talked"
            | "visit"
            | "visits"
            | "visited"
            | "visiting"
            | "arrived"
            | "arrives"
            | "arrive"
            | "arriving"
            | "landed"
            | "lands"
            | "hosted"
            | "hosts"
            | "host"
            | "hosting"
            | "ceasefire"
            | "truce"
            | "sanctions"
            | "sanctioned"
            | "plan"
            | "framework"
            | "roadmap"
            | "deadline"
            | "ultimatum"
    )
}

/// Verbs of reporting: the clause before them is someone's report, not the event.
const SAY: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "stated",
    "states",
    "added",
    "adds",
    "adding",
    "wrote",
    "writes",
    "posted",
    "tweeted",
    "stressed",
    "noted",
    "explained",
    "confirmed",
    "confirms",
    "reported",
    "reports",
    "insisted",
    "claimed",
    "claims",
    "argued",
    "warned",
    "cautioned",
    "commented",
    "announced",
    "announces",
    "declared",
    "according",
    "suggested",
    "believes",
    "thinks",
    "speaking",
];

/// Words that end a clause on the left of a trigger.
const LEFT_STOPS: &[&str] = &[
    "that",
    "as",
    "while",
    "when",
    "whereas",
    "because",
    "although",
    "though",
    "but",
    "since",
    "if",
    "unless",
    "whether",
    "until",
    "after",
    "before",
    "following",
    "amid",
    "despite",
];

/// Words that end a clause on the right of a trigger.
const RIGHT_STOPS: &[&str] = &[
    "as",
    "while",
    "when",
    "whereas",
    "because",
    "although",
    "though",
    "but",
    "since",
    "if",
    "unless",
    "whether",
    "until",
    "after",
    "before",
    "following",
    "amid",
    "despite",
    "where",
];

/// Words that deny or call off the event near its trigger.
const NEGATIONS: &[&str] = &[
    "not",
    "n't",
    "never",
    "no",
    "without",
    "cancelled",
    "canceled",
    "cancel",
    "cancels",
    "postponed",
    "postpone",
    "postpones",
    "scrapped",
    "shelved",
    "off",
    "ruled",
    "rule",
    "refused",
    "refuses",
    "declined",
    "declines",
    "instead",
];

/// Words that make the event a wish, a proposal or a possibility, not a fact or a plan.
const HEDGES: &[&str] = &[
    "could",
    "may",
    "might",
    "possibly",
    "perhaps",
    "maybe",
    "possible",
    "potential",
    "any",
    "hope",
    "hopes",
    "hoping",
    "hoped",
    "want",
    "wants",
    "wanted",
    "ready",
    "willing",
    "open",
    "prepared",
    "offer",
    "offered",
    "offers",
    "propose",
    "proposed",
    "proposes",
    "seek",
    "seeks",
    "seeking",
    "push",
    "pushing",
    "pushed",
    "urge",
    "urged",
    "urges",
    "demand",
    "demanded",
    "demands",
    "invite",
    "invited",
    "like",
    "keen",
    "eager",
    "try",
    "tries",
    "trying",
    "should",
    "must",
    "future",
    "whether",
    "if",
    "unless",
];

/// Words that tell an event is to come.
const FUTURE: &[&str] = &[
    "will",
    "'ll",
    "shall",
    "would",
    "expected",
    "due",
    "scheduled",
    "planned",
    "plans",
    "planning",
    "upcoming",
    "next",
    "ahead",
    "preparing",
    "prepare",
    "prepares",
    "preparations",
    "set",
    "going",
];

/// Words that tell an event is past.
const PAST: &[&str] = &[
    "flew",
    "went",
    "travelled",
    "traveled",
    "came",
    "arrived",
    "landed",
    "returned",
    "headed",
    "was",
    "were",
    "had",
    "did",
    "held",
    "met",
    "visited",
];

/// Nouns for the people who take part on a side ("Russian officials").
const PARTY_NOUNS: &[&str] = &[
    "officials",
    "official",
    "delegation",
    "delegations",
    "negotiators",
    "negotiator",
    "envoy",
    "envoys",
    "diplomats",
    "team",
    "teams",
    "counterpart",
    "counterparts",
    "leader",
    "leaders",
    "president",
    "minister",
    "ministers",
    "representatives",
    "side",
    "sides",
];

/// Words after which "in X" is where something else is, not the event.
const PLACE_BLOCK: &[&str] = &[
    "war",
    "conflict",
    "fighting",
    "peace",
    "ceasefire",
    "truce",
    "situation",
    "crisis",
    "troops",
    "forces",
    "presence",
    "aid",
    "people",
    "region",
    "territory",
    "interest",
    "interests",
    "investment",
    "born",
];

/// Verbs of travelling to where an event is.
const TRAVEL: &[&str] = &[
    "fly",
    "flies",
    "flew",
    "flying",
    "travel",
    "travels",
    "travelled",
    "traveled",
    "travelling",
    "traveling",
    "head",
    "heads",
    "headed",
    "heading",
    "go",
    "goes",
    "went",
    "going",
    "come",
    "comes",
    "came",
    "coming",
    "return",
    "returns",
    "returned",
    "returning",
];

/// Determiners and modifiers that make "meeting" a noun.
const NOUN_BEFORE: &[&str] = &[
    "a",
    "the",
    "their",
    "his",
    "her",
    "its",
    "our",
    "this",
    "that",
    "first",
    "second",
    "third",
    "next",
    "bilateral",
    "trilateral",
    "face",
    "upcoming",
    "planned",
    "'s",
    "private",
    "closed",
    "door",
    "high",
    "level",
    "emergency",
    "brief",
    "phone",
    "video",
];

/// Date words that may sit between a verb and its object ("spoke yesterday with").
const DATE_FILLERS: &[&str] = &[
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "earlier",
    "later",
    "this",
    "morning",
    "afternoon",
    "evening",
    "on",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "again",
    "briefly",
    "privately",
    "separately",
    "directly",
    "also",
    "first",
    "last",
    "night",
];

fn word(tokens: &[Token], i: usize) -> &str {
    tokens.get(i).filter(|t| !t.quoted).map_or("", |t| t.lower.as_str())
}

/// Finds the events named in one sentence (with or without a date: an
/// undated find can only repeat an event found elsewhere in the text).
pub(crate) fn sentence(input: &Input) -> Vec<Find> {
    let tokens = input.tokens;
    if !tokens.iter().any(|t| t.word && !t.quoted && may_trigger(&t.lower)) {
        return Vec::new();
    }
    // A question reports nothing ("Will Trump meet Putin this month?").
    if tokens.iter().rev().find(|t| !t.quote_mark).is_some_and(|t| t.lower == "?") {
        return Vec::new();
    }
    let mut triggers: Vec<Trigger> = (0..tokens.len())
        .filter(|&i| tokens[i].word && !tokens[i].quoted)
        .filter_map(|i| trigger_at(tokens, i))
        .collect();
    coalesce(&mut triggers, tokens);
    if triggers.is_empty() {
        return Vec::new();
    }
    let windows: Vec<Range<usize>> = triggers.iter().map(|t| window(input, t)).collect();
    let mut dates: Vec<DateMention> = input.dates.to_vec();
    for i in 0..tokens.len() {
        if let Some((n, date)) = dates::tomorrow_at(tokens, i, input.published) {
            dates.push(DateMention { span: i..i + n, date });
        }
    }
    dates.sort_by_key(|d| d.span.start);
    let mut out = Vec::new();
    for (ti, t) in triggers.iter().enumerate() {
        let w = &windows[ti];
        if denied(tokens, t, w) || hedged(tokens, t, w) {
            continue;
        }
        let (future, future_word, past) = future(tokens, t, w);
        let date =
            date_of(input, &dates, &triggers, &windows, ti, future).or_else(|| lead_date(input, &dates, t));
        let place = place(input, t, w);
        let parties = parties(input, t, w, place.as_ref().map(|p| p.1.clone()));
        if !enough(t.how, &parties, place.is_some()) {
            continue;
        }
        let mut confidence = t.how.base();
        let actors = distinct_actors(&parties);
        if actors >= 2 {
            confidence += 0.1;
        } else if t.how.two_sided() {
            confidence -= 0.15;
        }
        if place.is_some() {
            confidence += 0.05;
        }
        if date.as_ref().is_some_and(|d| d.date.precision() != Precision::Day) {
            confidence -= 0.15;
        }
        out.push(Find {
            sentence: input.range.clone(),
            line: input.line,
            how: t.how,
            words: raw(input.text, tokens, t.start..t.end),
            date,
            future,
            future_word,
            past,
            parties,
            place_the: place.as_ref().is_some_and(|p| p.1.start > 0 && word(tokens, p.1.start - 1) == "the"),
            place: place.map(|(name, _, rule)| (name, rule)),
            phone: t.phone || tokens.iter().any(|x| matches!(x.lower.as_str(), "phone" | "telephone")),
            confidence: confidence.clamp(0.1, 0.95),
            rule: t.how.rule(),
        });
    }
    out
}

/// The text of tokens `r`, as written.
fn raw(text: &str, tokens: &[Token], r: Range<usize>) -> String {
    let (Some(a), Some(b)) = (tokens.get(r.start), r.end.checked_sub(1).and_then(|e| tokens.get(e))) else {
        return String::new();
    };
    text.get(a.range.start..b.range.end).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The trigger at word `i`, if any.
fn trigger_at(tokens: &[Token], i: usize) -> Option<Trigger> {
    let w = tokens[i].lower.as_str();
    let prev = i.checked_sub(1).map_or("", |k| word(tokens, k));
    let next = word(tokens, i + 1);
    let one = |how: How| Some(Trigger { how, start: i, end: i + 1, head: i, object: None, phone: false });
    match w {
        "summit" | "summits" => one(How::Summit),
        "talks" | "negotiations" => one(How::Talks),
        "meeting" | "meetings"
            if next == "of" && (word(tokens, i + 2) == "minds" || word(tokens, i + 3) == "minds") =>
        {
            None
        }
        "meeting" | "meetings" if NOUN_BEFORE.contains(&prev) || (i > 0 && tokens[i - 1].cap) => {
            one(How::Meeting)
        }
        "meet" | "meets" | "met" | "meeting" => {
            meets_someone(tokens, i + 1).then(|| one(How::Meet)).flatten()
        }
        "call" | "calls" if matches!(prev, "phone" | "telephone" | "video") => Some(Trigger {
            how: How::Call,
            start: i - 1,
            end: i + 1,
            head: i,
            object: None,
            phone: prev != "video",
        }),
        "call" | "calls" if matches!(next, "with" | "between") && NOUN_BEFORE.contains(&prev) => {
            one(How::Call)
        }
        "call" | "calls" | "called" | "phoned" | "telephoned" => {
            let phoned = matches!(w, "phoned" | "telephoned");
            (phoned || called_someone(tokens, i + 1))
                .then(|| {
                    Some(Trigger {
                        how: How::Call,
                        start: i,
                        end: i + 1,
                        head: i,
                        object: None,
                        phone: phoned,
                    })
                })
                .flatten()
        }
        "conversation" | "conversations" if matches!(prev, "phone" | "telephone") => {
            Some(Trigger { how: How::Call, start: i - 1, end: i + 1, head: i, object: None, phone: true })
        }
        "spoke" | "speak" | "speaks" | "spoken" | "talked" | "speaking" => spoke(tokens, i),
        "visit" | "visits" | "visited" | "visiting" => {
            let at = if next == "to" { i + 2 } else { i + 1 };
            visit_object(tokens, at).map(|o| Trigger {
                how: How::Visit,
                start: i,
                end: i + 1,
                head: i,
                object: Some(o),
                phone: false,
            })
        }
        "arrived" | "arrives" | "arrive" | "arriving" | "landed" | "lands" | "land" | "landing"
            if next == "in" =>
        {
            visit_object(tokens, i + 2).map(|o| Trigger {
                how: How::Arrive,
                start: i,
                end: i + 1,
                head: i,
                object: Some(o),
                phone: false,
            })
        }
        "hosted" | "hosts" | "host" | "hosting" if meets_someone(tokens, i + 1) && next != "in" => {
            one(How::Host)
        }
        "ceasefire" | "truce" | "ceasefires" | "truces" => declared(tokens, i, How::Truce),
        "sanctions" => declared(tokens, i, How::Sanctions),
        "sanctioned" if tokens.get(i + 1).is_some_and(|t| t.cap) => one(How::Sanctions),
        "plan" | "framework" | "roadmap" if peace_plan(tokens, i) => declared(tokens, i, How::Plan),
        "deadline" | "ultimatum" => one(How::Deadline),
        _ => None,
    }
}

/// Whether the words from `at` name who is met ("Putin", "with Russian
/// officials", "his counterpart", "in Budapest", "on Friday") and not a
/// target or a demand ("meet its commitments").
fn meets_someone(tokens: &[Token], at: usize) -> bool {
    let mut k = at;
    while matches!(
        word(tokens, k),
        "again" | "privately" | "separately" | "briefly" | "directly" | "personally"
    ) {
        k += 1;
    }
    let Some(t) = tokens.get(k) else { return true };
    let w = t.lower.as_str();
    if !t.word {
        return matches!(w, "." | "," | ";" | "!" | "?");
    }
    if t.cap && !t.quoted {
        // "meet Ukraine's needs": a possessive names whose, not whom.
        let mut j = k;
        while tokens.get(j).is_some_and(|x| x.word && x.cap) {
            j += 1;
        }
        return word(tokens, j) != "'s"
            || (j + 1..(j + 4).min(tokens.len())).any(|x| PARTY_NOUNS.contains(&tokens[x].lower.as_str()));
    }
    if matches!(w, "the" | "his" | "her" | "their" | "its" | "our" | "a" | "an" | "two" | "both") {
        return (k + 1..(k + 4).min(tokens.len())).any(|j| {
            (tokens[j].cap && !tokens[j].quoted) || PARTY_NOUNS.contains(&tokens[j].lower.as_str())
        });
    }
    PARTY_NOUNS.contains(&w)
        || matches!(
            w,
            "with"
                | "in"
                | "at"
                | "on"
                | "for"
                | "later"
                | "today"
                | "tomorrow"
                | "yesterday"
                | "next"
                | "this"
                | "face"
                | "soon"
                | "them"
                | "him"
                | "her"
                | "each"
                | "again"
                | "early"
                | "late"
        )
}

/// Whether "called" is followed by the person called ("called Putin"), and
/// not by "for", "on", a naming ("called Zelensky a dictator") or an object that is no one.
fn called_someone(tokens: &[Token], at: usize) -> bool {
    let t = match tokens.get(at) {
        Some(t) if t.word && t.cap && !t.quoted => t,
        _ => return false,
    };
    let _ = t;
    // The name's end: capitalised words.
    let mut k = at;
    while tokens.get(k).is_some_and(|t| t.word && t.cap) {
        k += 1;
    }
    let naming = tokens.get(k).is_some_and(|t| t.quoted || t.quote_mark);
    !naming
        && !matches!(
            word(tokens, k),
            "a" | "an" | "the" | "his" | "her" | "their" | "to" | "for" | "'s" | "on"
        )
}

/// "spoke by phone", "spoke on the phone with", "spoke (yesterday) with X", "talked to X".
fn spoke(tokens: &[Token], i: usize) -> Option<Trigger> {
    let mut k = i + 1;
    while DATE_FILLERS.contains(&word(tokens, k)) {
        k += 1;
    }
    let phone_at = (k..(k + 3).min(tokens.len())).find(|&j| matches!(word(tokens, j), "phone" | "telephone"));
    if let Some(j) = phone_at
        && matches!(word(tokens, k), "by" | "on" | "over" | "phone" | "telephone")
    {
        return Some(Trigger { how: How::Call, start: i, end: j + 1, head: i, object: None, phone: true });
    }
    if !matches!(word(tokens, k), "with" | "to") {
        return None;
    }
    let who = tokens.get(k + 1)?;
    let person = (who.cap && !who.quoted)
        || (matches!(who.lower.as_str(), "his" | "her" | "their" | "the")
            && (k + 2..(k + 5).min(tokens.len()))
                .any(|j| tokens[j].cap || PARTY_NOUNS.contains(&tokens[j].lower.as_str())));
    let audience = (k + 1..(k + 4).min(tokens.len())).any(|j| {
        matches!(
            tokens[j].lower.as_str(),
            "reporters"
                | "journalists"
                | "press"
                | "media"
                | "nation"
                | "parliament"
                | "congress"
                | "audience"
                | "students"
                | "crowd"
                | "supporters"
                | "troops"
        )
    });
    (person && !audience).then_some(Trigger {
        how: How::Spoke,
        start: i,
        end: k,
        head: i,
        object: None,
        phone: false,
    })
}

/// The place a visit goes to, at `at`: a capital or country of the
/// gazetteer or a place of [`places::PLACES`] (capitalised words).
fn visit_object(tokens: &[Token], at: usize) -> Option<Range<usize>> {
    let mut k = at;
    if word(tokens, k) == "the" {
        k += 1;
    }
    let start = k;
    while tokens.get(k).is_some_and(|t| t.word && t.cap && !t.quoted) && k < start + 4 {
        k += 1;
    }
    (k > start).then_some(start..k)
}

/// A peace plan or framework: "peace plan", "28-point plan", "peace framework".
fn peace_plan(tokens: &[Token], i: usize) -> bool {
    (i.saturating_sub(3)..i).any(|k| {
        word(tokens, k) == "peace"
            || (word(tokens, k) == "point"
                && k > 0
                && tokens[k - 1].lower.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// A truce, sanctions or a plan with a verb that makes it an event: declared,
/// imposed, unveiled (before it), or taking effect, imposed (after it).
fn declared(tokens: &[Token], i: usize, how: How) -> Option<Trigger> {
    let before: &[&str] = match how {
        How::Truce => &[
            "declared",
            "declares",
            "declare",
            "announced",
            "announces",
            "announce",
            "ordered",
            "orders",
            "began",
            "begin",
            "begins",
            "started",
            "starts",
            "start",
            "observe",
            "observed",
            "observing",
        ],
        How::Sanctions => &[
            "imposed",
            "impose",
            "imposes",
            "imposing",
            "announced",
            "announces",
            "unveiled",
            "unveils",
            "adopted",
            "adopts",
            "approved",
            "approves",
            "slapped",
            "introduced",
            "introduces",
            "lifted",
            "lifts",
            "eased",
            "eases",
            "tightened",
            "extended",
            "expanded",
            "new",
        ],
        _ => &[
            "unveiled",
            "unveils",
            "presented",
            "presents",
            "present",
            "published",
            "submitted",
            "delivered",
            "announced",
            "announces",
            "drafted",
            "handed",
            "sent",
            "tabled",
            "released",
            "put",
            "outlined",
            "agreed",
            "approved",
            "endorsed",
            "signed",
        ],
    };
    let after: &[&str] = match how {
        How::Truce => &[
            "took", "takes", "came", "comes", "began", "begins", "started", "starts", "went", "expired",
            "ended",
        ],
        How::Sanctions => &[
            "imposed",
            "announced",
            "unveiled",
            "adopted",
            "approved",
            "introduced",
            "lifted",
            "took",
            "package",
        ],
        _ => &["unveiled", "presented", "published", "was", "were"],
    };
    let verb_before = (i.saturating_sub(6)..i).rev().find(|&k| before.contains(&word(tokens, k)));
    if let Some(k) = verb_before {
        return Some(Trigger { how, start: k, end: i + 1, head: i, object: None, phone: false });
    }
    let verb_after = (i + 1..(i + 4).min(tokens.len())).find(|&k| after.contains(&word(tokens, k)));
    verb_after.map(|k| Trigger { how, start: i, end: k + 1, head: i, object: None, phone: false })
}

/// Merges triggers that name one event ("met for talks", "hold a summit meeting").
fn coalesce(triggers: &mut Vec<Trigger>, tokens: &[Token]) {
    let word_of = |k: &usize| word(tokens, *k);
    let mut out: Vec<Trigger> = Vec::with_capacity(triggers.len());
    for t in triggers.drain(..) {
        if let Some(last) = out.last_mut()
            && (t.start <= last.end + 5
                || (t.start <= last.end + 10 && (last.end..t.start).any(|k| word_of(&k) == "for")))
            && (last.how.two_sided() || matches!(last.how.kind(), EventKind::Summit | EventKind::Talks))
            && (t.how.two_sided() || matches!(t.how.kind(), EventKind::Summit | EventKind::Talks))
            && (last.how.kind() == EventKind::Call) == (t.how.kind() == EventKind::Call)
        {
            if t.how.rank() > last.how.rank() {
                last.how = t.how;
                last.head = t.head;
            }
            last.start = last.start.min(t.start);
            last.end = last.end.max(t.end);
            last.object = last.object.take().or(t.object);
            last.phone |= t.phone;
            continue;
        }
        // Overlapping triggers (a truce found from two verbs): keep the first.
        if out.last().is_some_and(|l| t.start < l.end) {
            continue;
        }
        out.push(t);
    }
    *triggers = out;
}

/// Whether a comma at `k` goes on with a list of those taking part ("Trump, Putin and Zelensky").
fn list_goes_on(input: &Input, k: usize) -> bool {
    input.mentions.iter().any(|m| {
        m.span.start == k + 1
            && matches!(m.what, What::Speaker(..) | What::Person(..) | What::Actor(..) | What::Role { .. })
            && matches!(word(input.tokens, m.span.end), "," | "and")
    })
}

/// The words that belong to a trigger: left to the start of its clause
/// (a reporting verb, a subordinator, a semicolon), right to the end of
/// its clause (a comma, unless a list goes on).
fn window(input: &Input, t: &Trigger) -> Range<usize> {
    let tokens = input.tokens;
    let mut a = t.start;
    while a > 0 {
        let w = word(tokens, a - 1);
        if matches!(w, ";" | ":" | "(" | ")" | "—" | "\"" | "“" | "”")
            || LEFT_STOPS.contains(&w)
            || SAY.contains(&w)
        {
            break;
        }
        a -= 1;
    }
    let mut b = t.end;
    while b < tokens.len() {
        let w = word(tokens, b);
        if matches!(w, ";" | ":" | "(" | ")" | "—" | "." | "!" | "?")
            || RIGHT_STOPS.contains(&w)
            || SAY.contains(&w)
            || (w == "," && !list_goes_on(input, b))
        {
            break;
        }
        b += 1;
    }
    a..b
}

/// "will not meet", "no talks", "the summit was called off", "talks are not the answer".
fn denied(tokens: &[Token], t: &Trigger, w: &Range<usize>) -> bool {
    let before =
        (t.start.saturating_sub(4).max(w.start)..t.start).any(|k| NEGATIONS.contains(&word(tokens, k)));
    let after = (t.end..(t.end + 3).min(w.end)).any(|k| {
        matches!(
            word(tokens, k),
            "not" | "n't" | "never" | "cancelled" | "canceled" | "postponed" | "off" | "scrapped" | "shelved"
        )
    });
    before || after
}

/// "could meet", "a possible summit", "wants talks", "called for a meeting".
fn hedged(tokens: &[Token], t: &Trigger, w: &Range<usize>) -> bool {
    let left = w.start.checked_sub(1).map_or("", |k| word(tokens, k));
    let after = (t.end..(t.end + 4).min(w.end))
        .any(|k| matches!(word(tokens, k), "possible" | "possibly" | "likely" | "unlikely"));
    after
        || matches!(left, "if" | "unless" | "whether")
        || (t.start.saturating_sub(7).max(w.start)..t.start).any(|k| {
            let x = word(tokens, k);
            HEDGES.contains(&x) || (matches!(x, "called" | "calls" | "call") && word(tokens, k + 1) == "for")
        })
}

/// Whether the event is told as one to come, the word that tells it, and
/// whether it is told as past.
fn future(tokens: &[Token], t: &Trigger, w: &Range<usize>) -> (bool, Option<String>, bool) {
    let past = matches!(
        word(tokens, t.head),
        "met"
            | "spoke"
            | "spoken"
            | "talked"
            | "called"
            | "phoned"
            | "telephoned"
            | "visited"
            | "arrived"
            | "landed"
            | "hosted"
            | "sanctioned"
    ) || (t.start..t.head).any(|k| {
        matches!(
            word(tokens, k),
            "declared" | "imposed" | "unveiled" | "announced" | "presented" | "began" | "started" | "held"
        )
    });
    if past {
        return (false, None, true);
    }
    // The nearest word of tense before the trigger decides: "will meet",
    // "flew to Moscow … to meet" (past), "was expected to meet" (past).
    let mut before = None;
    let mut infinitive = false;
    for k in (t.start.saturating_sub(12).max(w.start)..t.start).rev() {
        let x = word(tokens, k);
        if PAST.contains(&x) {
            return (false, None, true);
        }
        if FUTURE.contains(&x) {
            let plan = matches!(x, "expected" | "due" | "scheduled" | "set" | "planned");
            if plan && k > 0 && matches!(word(tokens, k - 1), "was" | "were" | "had") {
                return (false, None, true);
            }
            before = Some(tokens[k].lower.clone());
            break;
        }
        infinitive |= x == "to" && k + 2 >= t.start;
    }
    let before = before.or_else(|| infinitive.then(|| "to".to_owned()));
    let after = || {
        (t.end..(t.end + 3).min(w.end)).find_map(|k| {
            let x = word(tokens, k);
            matches!(x, "will" | "would" | "due" | "scheduled" | "set" | "expected" | "planned")
                .then(|| x.to_owned())
        })
    };
    match before.or_else(after) {
        Some(x) => (true, Some(x), false),
        None => (false, None, false),
    }
}

/// The day a bullet or a lead-in gives the whole sentence ("• Wednesday:
/// Trump and Zelensky met…"): a date alone before a colon at its start.
fn lead_date(input: &Input, dates: &[DateMention], t: &Trigger) -> Option<FoundDate> {
    let tokens = input.tokens;
    let colon = (0..tokens.len().min(6)).find(|&k| tokens[k].lower == ":")?;
    let d = dates.iter().find(|d| d.span.end == colon)?;
    let only_date = (0..d.span.start).all(|k| !tokens[k].word);
    // "Friday: Putin said Russia was ready for talks": the day is when he said it.
    let reported = (colon..t.start).any(|k| SAY.contains(&word(tokens, k)));
    (only_date && !reported).then(|| FoundDate {
        date: d.date,
        end: None,
        words: raw(input.text, tokens, d.span.clone()),
        ahead: false,
    })
}

/// Whether the date is when someone said something ("said on Monday",
/// "told reporters yesterday"), not when the event is.
fn said_then(tokens: &[Token], d: &DateMention) -> bool {
    (d.span.start.saturating_sub(3)..d.span.start).any(|k| SAY.contains(&word(tokens, k)))
}

/// The date that belongs to trigger `ti`: a date in its window that is
/// nearer to it than to any other trigger before it (dates go with the
/// event named before them: "spoke by phone yesterday about the summit").
fn date_of(
    input: &Input,
    dates: &[DateMention],
    triggers: &[Trigger],
    windows: &[Range<usize>],
    ti: usize,
    future: bool,
) -> Option<FoundDate> {
    let tokens = input.tokens;
    let owner = |d: &DateMention| -> Option<usize> {
        // A date inside a trigger's words ("spoke yesterday with") is its own.
        if let Some(j) =
            (0..triggers.len()).find(|&j| (triggers[j].start..triggers[j].end).contains(&d.span.start))
        {
            return Some(j);
        }
        let left = (0..triggers.len())
            .filter(|&j| triggers[j].end <= d.span.start && windows[j].contains(&d.span.start))
            .max_by_key(|&j| triggers[j].end);
        left.or_else(|| {
            (0..triggers.len())
                .filter(|&j| triggers[j].start >= d.span.end && windows[j].contains(&d.span.start))
                .min_by_key(|&j| triggers[j].start)
        })
    };
    let mine: Vec<&DateMention> = dates
        .iter()
        .filter(|d| windows[ti].contains(&d.span.start) && !said_then(tokens, d) && owner(d) == Some(ti))
        .collect();
    // The date nearest the trigger, and one right after it that ends a span.
    let t = &triggers[ti];
    let distance = |d: &DateMention| {
        if d.span.start >= t.end { d.span.start - t.end } else { t.start.saturating_sub(d.span.end) }
    };
    // A day says more than a month or a year ("on Friday for his fourth meeting this year").
    let at =
        (0..mine.len()).min_by_key(|&k| (mine[k].date.precision() != Precision::Day, distance(mine[k])))?;
    let first = mine[at];
    let mine = &mine[at..];
    // "a truce starting on Saturday": the start is to come even when the announcement is past.
    let starting = (first.span.start.saturating_sub(2)..first.span.start)
        .any(|k| matches!(word(tokens, k), "starting" | "beginning" | "effective" | "from"));
    let future = future || (starting && !matches!(word(tokens, triggers[ti].head), "began" | "started"));
    let read = |d: &DateMention| if future { dates::ahead(tokens, d, input.published) } else { d.date };
    let mut date = read(first);
    let mut end = None;
    // "from 23 to 25 March", "23–25 March": a span.
    if let Some(second) = mine.get(1)
        && (first.span.end..second.span.start)
            .any(|k| matches!(word(tokens, k), "to" | "until" | "through" | "–" | "-"))
    {
        let later = read(second);
        if later.first_day() > date.last_day() {
            end = Some(later);
        }
    } else if date.precision() == Precision::Day
        && first.span.start >= 2
        && matches!(word(tokens, first.span.start - 1), "–" | "to" | "-")
        && let Ok(d) = word(tokens, first.span.start - 2).parse::<u32>()
    {
        use chrono::Datelike;
        let day = date.first_day();
        if let Some(start) =
            PartialDate::ymd(day.year(), day.month(), d).filter(|s| d < day.day() && s.first_day() < day)
        {
            end = Some(date);
            date = start;
        }
    }
    // "a three-day truce", "two-day talks": the last day follows from the first.
    if end.is_none()
        && date.precision() == Precision::Day
        && let Some(days) = days_long(tokens, triggers[ti].head).filter(|d| *d > 1)
        && let Some(last) = date.first_day().checked_add_signed(chrono::Duration::days(days - 1))
    {
        end = Some(PartialDate::day(last));
    }
    Some(FoundDate {
        date,
        end,
        words: raw(input.text, tokens, first.span.clone()),
        ahead: future && read(first) != first.date,
    })
}

/// How many days an event lasts when its noun says so ("a three-day truce",
/// "two-day talks"; hours under two days count as one or two days).
fn days_long(tokens: &[Token], head: usize) -> Option<i64> {
    let k = (head.saturating_sub(3)..head).find(|&k| matches!(word(tokens, k), "day" | "hour"))?;
    let n = k.checked_sub(1).map(|j| word(tokens, j))?;
    let n: i64 = match n {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "ten" => 10,
        "thirty" => 30,
        n => n.parse().ok()?,
    };
    let days = if word(tokens, k) == "hour" { (n + 23) / 24 } else { n };
    (1..=400).contains(&days).then_some(days)
}

/// The place of the event: where a visit goes, "in X" or "at X" after the
/// trigger, or a known place right before an event noun ("the Alaska
/// summit"). Returns the name, its words and the rule.
fn place(input: &Input, t: &Trigger, w: &Range<usize>) -> Option<(String, Range<usize>, &'static str)> {
    let tokens = input.tokens;
    if let Some(o) = &t.object {
        let name = raw(input.text, tokens, o.clone());
        let known = input.mentions.iter().any(|m| {
            m.span.start == o.start
                && matches!(m.what, What::Actor(_, PlaceKind::Capital | PlaceKind::Country))
        }) || place_words(tokens, o.start).is_some_and(|n| n == o.len());
        return known.then_some((name, o.clone(), "where the visit goes"));
    }
    let person_at = |k: usize| {
        input.mentions.iter().any(|m| {
            m.span.contains(&k)
                && matches!(
                    m.what,
                    What::Speaker(..) | What::Person(..) | What::Role { .. } | What::Office(..)
                )
        })
    };
    for k in t.start + 1..(t.end + 9).min(w.end) {
        if !matches!(word(tokens, k), "in" | "at") || k == 0 || PLACE_BLOCK.contains(&word(tokens, k - 1)) {
            continue;
        }
        let mut a = k + 1;
        if word(tokens, a) == "the" {
            a += 1;
        }
        let mut b = a;
        while b < w.end && b < a + 4 && tokens.get(b).is_some_and(|x| x.word && x.cap && !x.quoted) {
            b += 1;
        }
        if b == a || person_at(a) || is_calendar(&tokens[a].lower) {
            continue;
        }
        return Some((raw(input.text, tokens, a..b), a..b, "“in” or “at” a place after the event"));
    }
    // "fly to Moscow … for talks", "travel to Istanbul to meet…".
    for k in w.start..t.start {
        if word(tokens, k) == "to"
            && k > 0
            && TRAVEL.contains(&word(tokens, k - 1))
            && let Some(o) = visit_object(tokens, k + 1)
            && !person_at(o.start)
        {
            return Some((raw(input.text, tokens, o.clone()), o, "where someone travels for it"));
        }
    }
    if matches!(t.how, How::Summit | How::Talks | How::Meeting) {
        for n in 1..=3 {
            let Some(a) = t.start.checked_sub(n) else { break };
            let words_ok = (a..t.start).all(|k| tokens[k].word && tokens[k].cap && !tokens[k].quoted);
            let known = place_words(tokens, a) == Some(n)
                || input
                    .mentions
                    .iter()
                    .any(|m| m.span == (a..t.start) && matches!(m.what, What::Actor(_, PlaceKind::Capital)));
            if words_ok && known {
                return Some((
                    raw(input.text, tokens, a..t.start),
                    a..t.start,
                    "a place named before the event",
                ));
            }
        }
    }
    None
}

/// Whether a word is a weekday or a month (never a place).
fn is_calendar(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

/// The length in words of a place of [`places::PLACES`] starting at `at`.
fn place_words(tokens: &[Token], at: usize) -> Option<usize> {
    let words: Vec<&str> =
        tokens[at.min(tokens.len())..(at + 4).min(tokens.len())].iter().map(|t| t.lower.as_str()).collect();
    places::place_at(&words).map(|(_, n)| n)
}

/// The short name analysts use for a store speaker ("Trump" for Donald
/// Trump): the shortest alias that ends their name, else their last name.
fn short_name(store: &Store, actor: Option<usize>, name: &str) -> String {
    let speaker =
        actor.and_then(|a| store.actors.get(a)).and_then(|a| a.speakers.iter().find(|s| s.name == name));
    if let Some(s) = speaker
        && let Some(alias) = s
            .aliases
            .iter()
            .filter(|a| {
                name.ends_with(a.as_str())
                    && name.len() > a.len()
                    && name[..name.len() - a.len()].ends_with(' ')
            })
            .min_by_key(|a| a.len())
    {
        return alias.clone();
    }
    if speaker.is_some() {
        return name.rsplit(' ').next().unwrap_or(name).to_owned();
    }
    name.to_owned()
}

/// Whether words `at..` name those taking part for a demonym before them
/// ("Russian officials", "Russian and Ukrainian delegations").
fn party_noun_follows(tokens: &[Token], at: usize) -> Option<String> {
    (at..(at + 4).min(tokens.len()))
        .map(|k| word(tokens, k))
        .find(|w| PARTY_NOUNS.contains(w))
        .map(str::to_owned)
}

/// Those taking part: the people and actors named in the window, except
/// outlets, what is named as the place, and a country named as what the
/// event is about ("talks on Ukraine").
fn parties(input: &Input, t: &Trigger, w: &Range<usize>, place: Option<Range<usize>>) -> Vec<Party> {
    let tokens = input.tokens;
    let mut out: Vec<Party> = Vec::new();
    let mut add = |p: Party| {
        let same = |q: &Party| match (&q.label, &p.label) {
            (Label::Person(a), Label::Person(b)) => a == b,
            _ => q.actor.is_some() && q.actor == p.actor && !matches!(p.label, Label::Person(_)),
        };
        if let Some(q) = out.iter_mut().find(|q| same(q)) {
            q.host &= p.host;
            // A person says more than an institution of the same actor.
            if matches!(q.label, Label::Actor(_)) && matches!(p.label, Label::Officials(_)) {
                q.label = p.label;
            }
        } else {
            out.push(p);
        }
    };
    for (k, m) in input.mentions.iter().enumerate() {
        if m.span.start < w.start || m.span.end > w.end {
            continue;
        }
        let words = raw(input.text, tokens, m.span.clone());
        let is_place = place.as_ref().is_some_and(|p| p.contains(&m.span.start));
        if is_place {
            if let What::Actor(a, _) = m.what
                && t.object.is_some()
            {
                add(Party { actor: Some(a), label: Label::Actor(a), words, host: true });
            }
            continue;
        }
        let before = m.span.start.checked_sub(1).map_or("", |x| word(tokens, x));
        let about = matches!(
            before,
            "on" | "about"
                | "over"
                | "for"
                | "in"
                | "of"
                | "from"
                | "into"
                | "against"
                | "to"
                | "toward"
                | "towards"
                | "regarding"
                | "at"
        ) && !(t.how == How::Sanctions && matches!(before, "on" | "against"));
        let who = input.whos.get(k).cloned().flatten();
        match (&m.what, who) {
            (What::Outlet(_), _) => {}
            (What::Demonym(a), _) if party_noun_follows(tokens, m.span.end).is_some() => {
                add(Party { actor: Some(*a), label: Label::Officials(*a), words, host: false });
            }
            (What::Demonym(_), _) => {}
            (What::Actor(a, _), _) => {
                // "Ukraine's needs": a possessive country owns something, it does not take part.
                let owner = m.possessive && party_noun_follows(tokens, m.span.end + 1).is_none();
                if !about && !owner {
                    add(Party { actor: Some(*a), label: Label::Actor(*a), words, host: false });
                }
            }
            (_, Some(who)) => match who.class {
                Class::Outlet => {}
                Class::Anonymous => {
                    if let Some(a) = who.actor {
                        add(Party { actor: Some(a), label: Label::Officials(a), words, host: false });
                    }
                }
                Class::Known | Class::Unknown => {
                    if let Some(name) =
                        who.speaker.as_deref().filter(|_| !matches!(m.what, What::Role { foreign: true, .. }))
                    {
                        let label = Label::Person(short_name(input.store, who.actor, name));
                        add(Party { actor: who.actor, label, words, host: false });
                    }
                }
                Class::Institution => {
                    if let Some(a) = who.actor.filter(|_| !about) {
                        add(Party { actor: Some(a), label: Label::Actor(a), words, host: false });
                    }
                }
            },
            _ => {}
        }
    }
    // Whose sanctions, plan or deadline: the actor named right before the
    // noun ("new US sanctions", "the EU's package of sanctions") comes first.
    if matches!(t.how, How::Sanctions | How::Plan | How::Deadline)
        && let Some(m) = input
            .mentions
            .iter()
            .filter(|m| m.span.end <= t.head && t.head - m.span.end <= 4 && m.span.start >= w.start)
            .max_by_key(|m| m.span.end)
        && let Some(i) = out.iter().position(|p| p.words == raw(input.text, tokens, m.span.clone()))
    {
        let lead = out.remove(i);
        out.insert(0, lead);
    }
    out
}

/// The number of distinct actors among the parties.
pub(crate) fn distinct_actors(parties: &[Party]) -> usize {
    let mut a: Vec<usize> = parties.iter().filter_map(|p| p.actor).collect();
    a.sort_unstable();
    a.dedup();
    a.len()
}

/// Whether a find names enough to be an event: two sides for a meeting or a
/// call (two actors, or an actor and someone the store does not know), a
/// guest from elsewhere for a visit, an actor or a place for the rest.
fn enough(how: How, parties: &[Party], place: bool) -> bool {
    let actors = distinct_actors(parties);
    let strangers = parties.iter().filter(|p| p.actor.is_none()).count();
    if matches!(how, How::Visit | How::Arrive) {
        let host: Vec<usize> = parties.iter().filter(|p| p.host).filter_map(|p| p.actor).collect();
        let guest = parties.iter().any(|p| !p.host && p.actor.is_some_and(|a| !host.contains(&a)));
        // A visit to a place that stands for no actor ("Istanbul") needs a second side named.
        return guest && (actors >= 2 || (place && host.is_empty() && actors + strangers >= 2));
    }
    if how.two_sided() {
        // A meeting of one side's people is an event where it is ("NATO
        // ministers meet in Brussels"); a call needs the other end.
        let gathering = how.kind() == EventKind::Meeting && place && actors == 1;
        return actors >= 2 || (actors == 1 && strangers >= 1) || gathering;
    }
    match how.kind() {
        EventKind::Summit | EventKind::Talks => actors >= 1 || place,
        _ => actors >= 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::tokenize;

    fn toks(text: &str) -> Vec<Token> {
        tokenize(text, 0..text.len(), &[])
    }

    fn trigger(text: &str) -> Option<How> {
        let t = toks(text);
        (0..t.len()).find_map(|i| trigger_at(&t, i)).map(|t| t.how)
    }

    #[test]
    fn triggers_tell_events_from_look_alikes() {
        assert_eq!(trigger("Trump will meet Putin"), Some(How::Meet));
        assert_eq!(trigger("they met in Budapest"), Some(How::Meet));
        assert_eq!(trigger("Russia must meet its commitments"), None);
        assert_eq!(trigger("agreed to meet Ukraine's needs"), None);
        assert_eq!(trigger("met Ukraine's president"), Some(How::Meet));
        assert_eq!(trigger("a meeting of minds"), None);
        assert_eq!(trigger("a meeting of the coalition"), Some(How::Meeting));
        assert_eq!(trigger("Trump called Putin"), Some(How::Call));
        assert_eq!(trigger("Trump called for talks"), Some(How::Talks), "the talks, not a call");
        assert_eq!(trigger("Macron called on Europe"), None);
        assert_eq!(trigger("Putin called Trump a liar"), None);
        assert_eq!(trigger("Rubio spoke by phone with Lavrov"), Some(How::Call));
        assert_eq!(trigger("Waltz spoke yesterday with Ushakov"), Some(How::Spoke));
        assert_eq!(trigger("Peskov spoke to reporters"), None);
        assert_eq!(trigger("Witkoff will visit Moscow"), Some(How::Visit));
        assert_eq!(trigger("Putin visited the area"), None);
        assert_eq!(trigger("the EU imposed new sanctions"), Some(How::Sanctions));
        assert_eq!(trigger("sanctions hurt"), None);
        assert_eq!(trigger("Moscow declared a truce"), Some(How::Truce));
        assert_eq!(trigger("a proposal for a ceasefire"), None);
        assert_eq!(trigger("they unveiled a 28-point peace plan"), Some(How::Plan));
        assert_eq!(trigger("European plans to deploy troops"), None);
    }

    #[test]
    fn a_number_of_days_or_hours_gives_the_length() {
        let t = toks("a three-day truce");
        assert_eq!(days_long(&t, 3), Some(3));
        let t = toks("a 30-hour truce");
        assert_eq!(days_long(&t, 3), Some(2));
        let t = toks("the truce");
        assert_eq!(days_long(&t, 1), None);
    }

    #[test]
    fn triggers_close_together_name_one_event() {
        let t =
            toks("delegations are due to meet in Istanbul this morning for their first direct peace talks");
        let mut found: Vec<Trigger> = (0..t.len()).filter_map(|i| trigger_at(&t, i)).collect();
        assert_eq!(found.len(), 2);
        coalesce(&mut found, &t);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].how, How::Talks, "the stronger word gives the kind");
    }
}
