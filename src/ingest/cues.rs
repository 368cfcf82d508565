//! The linguistic cues ingest reads, independent of any store: verbs of
//! saying and of taking a position (with the kind and stance they suggest),
//! stance cue phrases, hedges, and the vocabulary of battlefield reports.

use crate::model::Kind;

/// What a verb says about a statement.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Verb {
    /// A verb of saying ("said", "told", "wrote"): the statement is on the record.
    pub speech: bool,
    /// The kind it suggests.
    pub kind: Kind,
    /// The stance it suggests towards what it is about: −2..=2 (0: none).
    pub polarity: i8,
    /// It hedges ("claimed", "suggested", "expects").
    pub hedge: bool,
}

const fn v(speech: bool, kind: Kind, polarity: i8, hedge: bool) -> Verb {
    Verb { speech, kind, polarity, hedge }
}

/// The verb at a word (lower case), if it is one ingest knows.
pub(crate) fn verb(word: &str) -> Option<Verb> {
    use Kind::*;
    Some(match word {
        "say" | "said" | "says" | "saying" | "tell" | "told" | "tells" | "state" | "stated" | "states"
        | "add" | "added" | "adds" | "adding" | "announce" | "announced" | "announces" | "write"
        | "wrote" | "writes" | "posted" | "tweeted" | "stress" | "stressed" | "stresses" | "note"
        | "noted" | "notes" | "explain" | "explained" | "declare" | "declared" | "declares" | "reiterate"
        | "reiterated" | "reiterates" | "emphasise" | "emphasised" | "emphasize" | "emphasized"
        | "comment" | "commented" | "respond" | "responded" | "replied" | "assert" | "asserted"
        | "confirm" | "confirmed" | "confirms" | "argue" | "argued" | "argues" | "cautioned" | "remarked"
        | "reported" | "briefed" | "acknowledged" | "admitted" | "signalled" | "signaled" | "indicated"
        | "recalled" | "replies" | "insisted" | "insists" | "insist" | "called" | "calling" | "calls"
        | "described" | "describes" | "describing" | "thanked" => v(true, Assessment, 0, false),
        // Ukrainian and Russian verbs of saying, for quotes pasted in the original.
        "заявив"
        | "заявила"
        | "заявили"
        | "сказав"
        | "сказала"
        | "сказали"
        | "написав"
        | "написала"
        | "повідомив"
        | "повідомила"
        | "наголосив"
        | "наголосила"
        | "заявил"
        | "сказал"
        | "написал"
        | "сообщил"
        | "сообщила"
        | "подчеркнул"
        | "подчеркнула" => v(true, Assessment, 0, false),
        "warn" | "warned" | "warns" | "warning" => v(true, Warning, -1, false),
        "threaten" | "threatened" | "threatens" => v(true, Warning, -2, false),
        "reject" | "rejected" | "rejects" | "dismiss" | "dismissed" | "dismisses" | "refuse" | "refused"
        | "refuses" | "condemn" | "condemned" | "condemns" | "denounced" | "denied" | "denies" | "deny" => {
            v(true, Rejection, -2, false)
        }
        "criticised" | "criticized" | "criticises" | "criticizes" | "accused" | "accuses" => {
            v(true, Rejection, -1, false)
        }
        "oppose" | "opposed" | "opposes" => v(true, Rejection, -2, false),
        "urge" | "urged" | "urges" | "demand" | "demanded" | "demands" => v(true, Demand, 2, false),
        "propose" | "proposed" | "proposes" | "offer" | "offered" | "offers" => v(true, Proposal, 2, false),
        "suggest" | "suggested" | "suggests" => v(true, Proposal, 1, false),
        "agree" | "agreed" | "agrees" | "accept" | "accepted" | "accepts" | "welcome" | "welcomed"
        | "welcomes" | "endorse" | "endorsed" | "endorses" => v(true, Acceptance, 2, false),
        "back" | "backed" | "backs" | "support" | "supported" | "supports" => v(true, Acceptance, 2, false),
        "pledge" | "pledged" | "pledges" | "promise" | "promised" | "promises" | "vow" | "vowed" | "vows" => {
            v(true, Commitment, 2, false)
        }
        "claim" | "claimed" | "claims" | "alleged" | "predicted" | "predicts" => v(true, Assessment, 0, true),
        "believe" | "believes" | "believed" | "think" | "thinks" | "expects" | "expect" => {
            v(true, Assessment, 0, true)
        }
        "hope" | "hopes" | "hoped" => v(true, Assessment, 1, true),
        // Verbs of taking a position without saying anything.
        "ask" | "asked" | "asking" | "asks" | "want" | "wants" | "wanted" | "seek" | "seeks" | "seeking"
        | "sought" | "outline" | "outlined" | "outlines" | "present" | "presented" => {
            v(false, Demand, 1, false)
        }
        "sign" | "signed" | "signs" => v(false, Acceptance, 2, false),
        "give" | "gives" | "provide" | "provides" | "send" | "sends" | "deliver" | "delivers" => {
            v(false, Commitment, 2, false)
        }
        "plan" | "plans" | "planned" | "intends" | "intend" | "prepare" | "prepares" | "preparing" => {
            v(false, Proposal, 1, false)
        }
        "doubled" | "double" => v(false, Assessment, 0, false),
        _ => return None,
    })
}

/// Words that may stand between a subject and its verb: auxiliaries,
/// adverbs and the time words of "said on Monday".
pub(crate) fn is_bridge(word: &str) -> bool {
    matches!(
        word,
        "has"
            | "have"
            | "had"
            | "is"
            | "are"
            | "was"
            | "were"
            | "will"
            | "would"
            | "could"
            | "may"
            | "might"
            | "can"
            | "should"
            | "shall"
            | "did"
            | "does"
            | "do"
            | "been"
            | "being"
            | "be"
            | "also"
            | "later"
            | "earlier"
            | "previously"
            | "reportedly"
            | "again"
            | "then"
            | "now"
            | "already"
            | "repeatedly"
            | "recently"
            | "publicly"
            | "separately"
            | "further"
            | "allegedly"
            | "apparently"
            | "not"
            | "never"
            | "n't"
            | "still"
            | "first"
            | "once"
            | "too"
            | "himself"
            | "herself"
            | "itself"
            | "themselves"
            | "personally"
            | "long"
            | "always"
            | "today"
            | "yesterday"
            | "expected"
            | "likely"
            | "set"
            | "due"
            | "going"
            | "to"
            | "try"
            | "trying"
            | "and"
            | "continued"
            | "continues"
            | "reportedly,"
            | "quickly"
            | "swiftly"
            | "openly"
            | "officially"
            | "formally"
            | "explicitly"
            | "firmly"
            | "strongly"
            | "flatly"
            | "just"
            | "only"
            | "even"
            | "effectively"
            | "notably"
            | "initially"
            | "subsequently"
            | "ultimately"
            | "finally"
            | "last"
            | "this"
            | "morning"
            | "evening"
            | "afternoon"
            | "night"
            | "week"
            | "on"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

/// Nouns that state a position when an actor owns them ("Starmer's efforts
/// to…", "the Kremlin's conditions"), with the kind and polarity they suggest.
pub(crate) fn position_noun(word: &str) -> Option<(Kind, i8)> {
    use Kind::*;
    Some(match word {
        "efforts" | "effort" | "push" | "bid" | "drive" | "campaign" => (Proposal, 2),
        "plan" | "plans" | "proposal" | "proposals" | "initiative" | "offer" => (Proposal, 2),
        "demands" | "demand" | "conditions" | "terms" | "insistence" | "call" | "calls" | "ultimatum" => {
            (Demand, 1)
        }
        "position" | "stance" | "view" | "line" => (Assessment, 0),
        "refusal" | "rejection" | "opposition" | "rebukes" | "rebuke" | "criticism" => (Rejection, -2),
        "warning" | "warnings" | "threat" | "threats" => (Warning, -2),
        "pledge" | "promise" | "commitment" | "vow" => (Commitment, 2),
        "support" | "backing" | "acceptance" | "agreement" => (Acceptance, 2),
        _ => return None,
    })
}

/// Verbs that take a position on a proposition when refused ("will not
/// accept", "would not allow", "will not cede").
pub(crate) fn is_position_verb(word: &str) -> bool {
    matches!(
        word,
        "accept"
            | "agree"
            | "allow"
            | "cede"
            | "recognise"
            | "recognize"
            | "tolerate"
            | "give"
            | "let"
            | "support"
            | "sign"
            | "negotiate"
            | "withdraw"
            | "deploy"
            | "send"
            | "defend"
            | "join"
            | "stop"
            | "halt"
            | "lift"
            | "back"
            | "participate"
            | "attend"
            | "permit"
            | "hold"
            | "surrender"
            | "abandon"
            | "compromise"
            | "consider"
            | "discuss"
            | "engage"
            | "talk"
            | "meet"
            | "end"
            | "change"
            | "trade"
            | "hand"
            | "pull"
            | "retreat"
            | "freeze"
            | "extend"
            | "respect"
            | "abide"
            | "comply"
            | "go"
            | "be"
    )
}

/// A stance cue: words that push a stance up or down.
pub(crate) struct Cue {
    pub words: &'static [&'static str],
    pub polarity: i8,
    pub kind: Option<Kind>,
}

const fn c(words: &'static [&'static str], polarity: i8, kind: Option<Kind>) -> Cue {
    Cue { words, polarity, kind }
}

/// Stance cues, longest first where they overlap. Polarity ±2 is strong, ±1 weak.
pub(crate) const CUES: &[Cue] = &[
    c(&["red", "line"], -2, Some(Kind::Rejection)),
    c(&["red", "lines"], -2, Some(Kind::Rejection)),
    c(&["rule", "out"], -2, Some(Kind::Rejection)),
    c(&["ruled", "out"], -2, Some(Kind::Rejection)),
    c(&["ruling", "out"], -2, Some(Kind::Rejection)),
    c(&["out", "of", "the", "question"], -2, Some(Kind::Rejection)),
    c(&["in", "no", "way"], -2, Some(Kind::Rejection)),
    c(&["by", "no", "means"], -2, Some(Kind::Rejection)),
    c(&["under", "no", "circumstances"], -2, Some(Kind::Rejection)),
    c(&["nothing", "more", "than"], -2, Some(Kind::Rejection)),
    c(&["nothing", "other", "than"], -2, Some(Kind::Rejection)),
    c(&["no", "one", "needs"], -2, Some(Kind::Rejection)),
    c(&["not", "acceptable"], -2, Some(Kind::Rejection)),
    c(&["unacceptable"], -2, Some(Kind::Rejection)),
    c(&["provocative"], -2, Some(Kind::Warning)),
    c(&["provocation"], -2, Some(Kind::Warning)),
    c(&["all", "means"], -2, Some(Kind::Warning)),
    c(&["armed", "conflict"], -2, Some(Kind::Warning)),
    c(&["consequences"], -2, Some(Kind::Warning)),
    c(&["legitimate", "target"], -2, Some(Kind::Warning)),
    c(&["legitimate", "targets"], -2, Some(Kind::Warning)),
    c(&["never"], -2, Some(Kind::Rejection)),
    c(&["will", "not"], -2, Some(Kind::Rejection)),
    c(&["won't"], -2, Some(Kind::Rejection)),
    c(&["cannot"], -1, None),
    c(&["reject"], -2, Some(Kind::Rejection)),
    c(&["rejects"], -2, Some(Kind::Rejection)),
    c(&["rejected"], -2, Some(Kind::Rejection)),
    c(&["dismiss"], -2, Some(Kind::Rejection)),
    c(&["dismissed"], -2, Some(Kind::Rejection)),
    c(&["refuse"], -2, Some(Kind::Rejection)),
    c(&["refused"], -2, Some(Kind::Rejection)),
    c(&["oppose"], -2, Some(Kind::Rejection)),
    c(&["opposes"], -2, Some(Kind::Rejection)),
    c(&["opposed"], -2, Some(Kind::Rejection)),
    c(&["sabotage"], -2, Some(Kind::Rejection)),
    c(&["absurd"], -2, Some(Kind::Rejection)),
    c(&["non", "starter"], -2, Some(Kind::Rejection)),
    c(&["merely"], -1, None),
    c(&["imitate"], -1, None),
    c(&["premature"], -1, None),
    c(&["distancing"], -1, None),
    c(&["doubt"], -1, None),
    c(&["sceptical"], -1, None),
    c(&["skeptical"], -1, None),
    c(&["undermine"], -1, None),
    c(&["delay"], -1, None),
    c(&["not", "ready"], -1, None),
    c(&["temporary"], -1, None),
    c(&["pointless"], -2, Some(Kind::Rejection)),
    c(&["useless"], -2, Some(Kind::Rejection)),
    c(&["futile"], -2, Some(Kind::Rejection)),
    c(&["counterproductive"], -2, Some(Kind::Rejection)),
    c(&["would", "not"], -2, Some(Kind::Rejection)),
    c(&["not", "accept"], -2, Some(Kind::Rejection)),
    c(&["not", "agree"], -2, Some(Kind::Rejection)),
    c(&["lifted"], -2, None),
    c(&["lift"], -2, None),
    c(&["lifting"], -2, None),
    c(&["eased"], -2, None),
    c(&["easing"], -2, None),
    c(&["call", "for"], 2, Some(Kind::Demand)),
    c(&["calls", "for"], 2, Some(Kind::Demand)),
    c(&["called", "for"], 2, Some(Kind::Demand)),
    c(&["must"], 2, Some(Kind::Demand)),
    c(&["should"], 1, Some(Kind::Demand)),
    c(&["need", "to"], 1, Some(Kind::Demand)),
    c(&["needs", "to"], 1, Some(Kind::Demand)),
    c(&["insist"], 2, Some(Kind::Demand)),
    c(&["insists"], 2, Some(Kind::Demand)),
    c(&["insistence"], 2, Some(Kind::Demand)),
    c(&["doubled", "down"], 2, None),
    c(&["support"], 2, Some(Kind::Acceptance)),
    c(&["supports"], 2, Some(Kind::Acceptance)),
    c(&["welcome"], 2, Some(Kind::Acceptance)),
    c(&["welcomed"], 2, Some(Kind::Acceptance)),
    c(&["agree"], 2, Some(Kind::Acceptance)),
    c(&["agreed"], 2, Some(Kind::Acceptance)),
    c(&["accept"], 2, Some(Kind::Acceptance)),
    c(&["accepted"], 2, Some(Kind::Acceptance)),
    c(&["endorse"], 2, Some(Kind::Acceptance)),
    c(&["signed"], 2, Some(Kind::Acceptance)),
    c(&["ready", "to"], 2, Some(Kind::Commitment)),
    c(&["ready", "for"], 2, Some(Kind::Acceptance)),
    c(&["impose"], 2, Some(Kind::Warning)),
    c(&["willing", "to"], 2, Some(Kind::Commitment)),
    c(&["prepared", "to"], 2, Some(Kind::Commitment)),
    c(&["will", "give"], 2, Some(Kind::Commitment)),
    c(&["will", "provide"], 2, Some(Kind::Commitment)),
    c(&["will", "send"], 2, Some(Kind::Commitment)),
    c(&["will", "also", "give"], 2, Some(Kind::Commitment)),
    c(&["pledged"], 2, Some(Kind::Commitment)),
    c(&["committed"], 2, Some(Kind::Commitment)),
    c(&["propose"], 2, Some(Kind::Proposal)),
    c(&["proposal"], 2, Some(Kind::Proposal)),
    c(&["proposed"], 1, Some(Kind::Proposal)),
    c(&["urged"], 2, Some(Kind::Demand)),
    c(&["urge"], 2, Some(Kind::Demand)),
    c(&["help", "build"], 2, None),
    c(&["hope", "to"], 1, None),
    c(&["suggested"], 1, Some(Kind::Proposal)),
    c(&["open", "to"], 1, None),
    c(&["would", "need"], 1, None),
    c(&["recognition"], 2, None),
    c(&["planned"], 1, None),
    c(&["immediate"], 2, None),
];

/// Words that hedge a statement into `unverified` (anonymous sources,
/// "reportedly", predictions), as word sequences.
pub(crate) const UNVERIFIED: &[&[&str]] = &[
    &["reportedly"],
    &["according", "to", "reports"],
    &["according", "to", "media", "reports"],
    &["not", "been", "independently", "verified"],
    &["could", "not", "be", "independently", "verified"],
    &["could", "not", "independently", "verify"],
    &["not", "independently", "verified"],
    &["sources", "told"],
    &["sources", "said"],
    &["sources", "familiar"],
    &["people", "familiar"],
    &["person", "familiar"],
    &["familiar", "with"],
    &["on", "condition", "of", "anonymity"],
    &["speaking", "anonymously"],
    &["insiders"],
    &["allegedly"],
    &["purportedly"],
    &["is", "expected", "to"],
    &["are", "expected", "to"],
    &["is", "likely", "to"],
    &["was", "likely", "to"],
    &["is", "thought", "to"],
    &["unconfirmed"],
    &["it", "is", "understood"],
];

/// Words that make a statement second-hand (`reported`).
pub(crate) const REPORTED: &[&[&str]] =
    &[&["apparently"], &["appeared", "to"], &["appears", "to"], &["seemed", "to"], &["seems", "to"]];

/// Words of battlefield reports: strikes, casualties, captures. A candidate
/// made of these and no topic is a military event, not a statement.
/// Returns 2 for a word that only a battlefield report uses ("killed",
/// "drones"), 1 for one that also has a plain sense ("taken", "advance",
/// "strike"), 0 otherwise; a sentence is military at a score of 2.
pub(crate) fn military_weight(word: &str) -> u8 {
    match word {
        "killed" | "injured" | "wounded" | "casualties" | "drone" | "drones" | "shelled" | "shelling"
        | "struck" | "downed" | "intercepted" | "destroyed" | "recaptured" | "retaken" | "retake"
        | "retook" | "liberated" | "liberation" | "fighters" | "battlefield" | "frontline" | "evacuating"
        | "troops'" | "blazes" | "hospitalised" | "hospitalized" | "incursion" | "recapturing"
        | "penetrated" => 2,
        "strike" | "strikes" | "attack" | "attacks" | "attacked" | "captured" | "seized" | "liberate"
        | "offensive" | "fighting" | "combat" | "shot" | "advance" | "advanced" | "advancing" | "taken" => 1,
        _ => 0,
    }
}

/// Nouns of people who comment rather than speak for a party: their words
/// are analysis, never a statement (named or not).
pub(crate) fn is_commentator(word: &str) -> bool {
    matches!(
        word,
        "analyst"
            | "analysts"
            | "expert"
            | "experts"
            | "observer"
            | "observers"
            | "critic"
            | "critics"
            | "commentator"
            | "commentators"
            | "scholar"
            | "professor"
            | "researcher"
            | "fellow"
            | "columnist"
            | "historian"
    )
}

/// Speaker descriptions that are anonymous: they give no actor of their own.
pub(crate) fn is_anonymous_head(word: &str) -> bool {
    matches!(
        word,
        "sources"
            | "source"
            | "insiders"
            | "insider"
            | "officials"
            | "official"
            | "person"
            | "people"
            | "diplomats"
            | "diplomat"
            | "analysts"
            | "analyst"
            | "experts"
            | "observers"
            | "reports"
            | "report"
            | "media"
    )
}

/// Generic nouns for a part of government, which a qualifier ties to an actor
/// ("Russia's foreign ministry", "the Ukrainian military").
pub(crate) fn is_institution_head(word: &str) -> bool {
    matches!(
        word,
        "ministry"
            | "government"
            | "military"
            | "army"
            | "forces"
            | "staff"
            | "presidency"
            | "office"
            | "embassy"
            | "parliament"
            | "administration"
            | "cabinet"
            | "authorities"
            | "leadership"
            | "kremlin"
            | "navy"
            | "command"
            | "council"
            | "delegation"
            | "negotiators"
            | "department"
    )
}
