//! Stage 5, finish: a draft into a candidate — or nothing (a military
//! report, a person with no actor and no topic, a source reporting no
//! position) — with the rule behind each field in its trace.

use super::super::cues::{CUES, REPORTED, UNVERIFIED};
use super::super::mentions::Class;
use super::super::transcript;
use super::super::{Candidate, TopicStance};
use super::*;
use crate::model::{Stance, TopicId, Verification};

/// Stage 5: every draft that makes a candidate. Two attributions of one
/// sentence to the same speaker make one candidate.
pub(super) fn all(
    drafts: &[Draft],
    sents: &[Sent],
    lex: &Lexicon,
    store: &Store,
    text: &str,
) -> Vec<Candidate> {
    let same = |a: &Candidate, b: &Candidate| {
        a.line == b.line && a.actor == b.actor && a.speaker == b.speaker && a.positions == b.positions
    };
    // (last sentence, speaker, topics) of each candidate kept so far.
    let mut finals: Vec<(usize, Option<String>, Vec<usize>)> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    for d in drafts {
        if let Some(c) = finish(d, sents, lex, store, text, &mut finals)
            && !candidates.iter().any(|x| same(x, &c))
        {
            candidates.push(c);
        }
    }
    candidates
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
    let mut trace = Trace::default();
    let topics = topics_for(d, sents, &ss, (lex, store), finals, &mut trace);
    if !keeps(d, &ss, &topics) {
        return None;
    }
    finals.push((last, d.who.speaker.clone(), topics.clone()));
    who_trace(d, store, &mut trace);
    let (mut positions, cue_kinds) = stances(d, &ss, &topics, lex, store, &mut trace);
    let kind = kind_of(d, &cue_kinds, &mut trace);
    let verification = verification_of(d, &ss, sents, last, &mut trace);
    let date = date_of(d, &ss, sents, first, &mut trace);
    let (quote, paraphrase) = quote_of(&ss, text, &mut trace);
    for (p, &t) in positions.iter_mut().zip(&topics) {
        p.evidence = evidence_for(&ss, t, text, paraphrase);
    }
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
        trace,
    })
}

/// The topics a draft is about: by its keywords (not those in what another
/// actor is reported to say, when it speaks in its own voice); a "this" or
/// "such" that refers back to the same speaker's statement just before takes
/// its topics; a speaker on the record with no topic by the usual threshold
/// takes its one weaker keyword.
fn topics_for(
    d: &Draft,
    sents: &[Sent],
    ss: &[&Sent],
    (lex, store): (&Lexicon, &Store),
    finals: &[(usize, Option<String>, Vec<usize>)],
    trace: &mut Trace,
) -> Vec<usize> {
    let first = d.sents.first().copied().unwrap_or(0);
    // A position named inside another's words ("welcomed Ukraine's
    // commitment to a ceasefire") is about what those words say.
    let own_voice = d.attrs.iter().any(|a| a.at.is_some());
    let mut topics = topics_scored(sents, &d.sents, lex, false, None, own_voice.then_some(d.who.actor));
    let mut rule = "its keywords";
    let military = ss.iter().any(|s| s.military);
    let words = || ss.iter().flat_map(|s| s.tokens.iter());
    if topics.is_empty()
        && words().any(|t| matches!(t.lower.as_str(), "such" | "this" | "these" | "those"))
        && let Some((_, _, prev)) = finals.iter().rev().take(3).find(|(l, sp, _)| {
            first.saturating_sub(*l) <= 2 && *sp == d.who.speaker && d.who.speaker.is_some()
        })
    {
        topics = prev.clone();
        rule = "those of the same speaker's statement just before (“this”, “such”)";
    }
    let speech = d.attrs.iter().any(|a| a.mode == Mode::Speech);
    if topics.is_empty()
        && d.who.actor.is_some()
        && speech
        && matches!(d.who.class, Class::Known | Class::Institution)
        && !military
    {
        topics = fallback_topics(sents, &d.sents, lex, own_voice.then_some(d.who.actor));
        rule = "a speaker on the record with no strong keyword: its one weaker keyword";
    }
    for &t in &topics {
        let keywords: Vec<String> = ss
            .iter()
            .flat_map(|s| s.hits.iter().chain(&s.scene_hits).filter(|h| h.0 == t).map(move |h| (s, h)))
            .map(|(s, h)| {
                s.tokens[h.2..h.3.min(s.tokens.len())]
                    .iter()
                    .map(|x| x.lower.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let inherited = ss.iter().any(|s| s.inherited.iter().any(|x| x.0 == t));
        let name = lex
            .topics
            .get(t)
            .and_then(|x| store.topics.get(x.topic))
            .map_or(String::new(), |x| x.id.0.clone());
        let detail = match (keywords.is_empty(), inherited) {
            (false, _) => format!("“{}” → {name}", dedup(keywords).join("”, “")),
            (true, true) => format!("a proposal named earlier with this topic → {name}"),
            (true, false) => format!("→ {name}"),
        };
        trace.note(TraceField::Topic, rule, detail);
    }
    topics
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// Whether a draft makes a candidate: an actor with a topic, or a speaker
/// on the record; a person with no actor only with a topic and outside a
/// military report.
fn keeps(d: &Draft, ss: &[&Sent], topics: &[usize]) -> bool {
    let military = ss.iter().any(|s| s.military);
    let speech = d.attrs.iter().any(|a| a.mode == Mode::Speech);
    match (d.who.actor, topics.is_empty()) {
        (None, _) if d.who.class != Class::Unknown => false,
        (None, true) => false,
        (None, false) => !military,
        (Some(_), false) => true,
        (Some(_), true) => speech && matches!(d.who.class, Class::Known | Class::Institution) && !military,
    }
}

/// How the speaker and the actor were found.
fn who_trace(d: &Draft, store: &Store, trace: &mut Trace) {
    let Some(a) = d.attrs.first() else { return };
    let actor = d.who.actor.and_then(|i| store.actors.get(i)).map(|x| x.name.clone());
    let class = match d.who.class {
        Class::Known => "a speaker or person the store knows",
        Class::Institution => "an institution of the actor",
        Class::Unknown => "a person the store does not know",
        Class::Anonymous => "an anonymous source",
        Class::Outlet => "an outlet",
    };
    if let Some(sp) = &d.who.speaker {
        trace.note(TraceField::Speaker, a.rule, format!("{sp} ({class})"));
    }
    match actor {
        Some(name) => trace.note(TraceField::Actor, a.rule, format!("{name}, through {class}")),
        None => trace.note(TraceField::Actor, "no actor", format!("{class} the store ties to no actor")),
    }
}

/// The stance on each topic: a negated keyword refuses; a noun of position
/// gives its polarity when that is all there is; else the strongest cue in
/// the topic's own clause, else in its sentences (with the verbs of saying
/// there), else anywhere in the statement; a speaker on the record with no
/// cue supports (+1); a hedge keeps the stance within ±1. Returns the
/// positions and the kinds the cues suggest.
fn stances(
    d: &Draft,
    ss: &[&Sent],
    topics: &[usize],
    lex: &Lexicon,
    store: &Store,
    trace: &mut Trace,
) -> (Vec<TopicStance>, Vec<Kind>) {
    let mut cue_kinds: Vec<Kind> = Vec::new();
    let mut everywhere: (i8, i8) = (0, 0);
    for s in ss {
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
    let speech = d.attrs.iter().any(|a| a.mode == Mode::Speech);
    let nominal_only = d.attrs.iter().all(|a| a.mode == Mode::Nominal);
    let noun_polarity = d.attrs.iter().find_map(|a| a.noun.map(|n| n.1)).filter(|p| *p != 0);
    let hedged = ss.iter().flat_map(|s| s.tokens.iter()).any(|t| HEDGES.contains(&t.lower.as_str()));
    let positions = topics
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
            let ((neg, pos), scope) = scoped(d, ss, ti, everywhere);
            let (mut v, rule): (i8, &'static str) = if negated {
                (-2, "a negated keyword (“no”, “not”, “never” just before it)")
            } else if let (true, Some(p)) = (nominal_only, noun_polarity) {
                (p, "the noun of position that attributes it")
            } else if neg > 0 {
                (-neg, scope)
            } else if pos > 0 {
                (pos, scope)
            } else if matches!(d.who.class, Class::Known | Class::Institution) && speech {
                (1, "no cue; a speaker on the record raising it is taken to support it")
            } else {
                (0, "no cue")
            };
            if hedged {
                v = v.clamp(-1, 1);
            }
            let stance = Stance::new(v as i64).ok()?;
            let hedge = if hedged { "; hedged, so within ±1" } else { "" };
            trace.note(TraceField::Stance, rule, format!("{} {}{hedge}", topic.id, stance.signed()));
            Some(TopicStance { topic: TopicId(topic.id.0.clone()), stance, evidence: String::new() })
        })
        .collect();
    (positions, cue_kinds)
}

/// The words that carried topic `ti`: of the clauses holding its keywords
/// (or the proposal it inherited), the fullest — among the quoted words
/// when the candidate quotes, else in its first sentence (a paraphrase).
fn evidence_for(ss: &[&Sent], ti: usize, text: &str, paraphrase: bool) -> String {
    let mut best: Option<(usize, String)> = None;
    for (k, s) in ss.iter().enumerate() {
        if paraphrase && k > 0 {
            break;
        }
        let ats = s
            .hits
            .iter()
            .chain(&s.scene_hits)
            .filter(|h| h.0 == ti)
            .map(|h| h.2)
            .chain(s.inherited.iter().filter(|x| x.0 == ti).map(|x| x.1))
            .filter(|&at| s.tokens.get(at).is_some_and(|t| t.quoted != paraphrase));
        for at in ats {
            let clause = s.clause.get(at).copied();
            let words: Vec<&super::super::text::Token> = s
                .tokens
                .iter()
                .zip(&s.clause)
                .filter(|(t, c)| Some(**c) == clause && t.quoted != paraphrase && !t.quote_mark)
                .map(|(t, _)| t)
                .skip_while(|t| !t.word)
                .collect();
            let Some(last) = words.iter().rposition(|t| t.word) else { continue };
            let n = words.iter().filter(|t| t.word).count();
            if best.as_ref().is_some_and(|(m, _)| *m >= n) {
                continue;
            }
            let span = text.get(words[0].range.start..words[last].range.end).unwrap_or("").trim().to_owned();
            best = Some((n, span));
        }
    }
    best.map(|(_, s)| s).unwrap_or_default()
}

/// Folds a polarity into (strongest negative, strongest positive).
fn fold(acc: &mut (i8, i8), p: i8) {
    if p < 0 {
        acc.0 = acc.0.max(-p);
    } else {
        acc.1 = acc.1.max(p);
    }
}

/// The cues that bear on topic `ti`: those in the topic's own clause, else
/// in its sentences (with the verbs of saying there), else `everywhere`; and
/// which of the three it was. A negative cue in a clause holding another
/// actor's position judges that actor, not the topic.
fn scoped(d: &Draft, ss: &[&Sent], ti: usize, everywhere: (i8, i8)) -> ((i8, i8), &'static str) {
    let mut clause_level = (0, 0);
    let mut sentence_level = (0, 0);
    for (&si, s) in d.sents.iter().zip(ss) {
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
        (clause_level, "the strongest cue in the topic's own clause")
    } else if sentence_level != (0, 0) {
        (sentence_level, "the strongest cue in the topic's sentence")
    } else {
        (everywhere, "the strongest cue anywhere in the statement")
    }
}

/// Kind: the verb's, the noun's, else the strongest cue's.
fn kind_of(d: &Draft, cue_kinds: &[Kind], trace: &mut Trace) -> Kind {
    if let Some(k) = d.attrs.iter().find_map(|a| a.verb.map(|v| v.kind).filter(|k| *k != Kind::Assessment)) {
        trace.note(TraceField::Kind, "the verb that attributes it", k.as_str());
        return k;
    }
    if let Some(k) = d.attrs.iter().find_map(|a| a.noun.map(|n| n.0)).filter(|k| *k != Kind::Assessment) {
        trace.note(TraceField::Kind, "the noun of position", k.as_str());
        return k;
    }
    let strongest =
        [Kind::Rejection, Kind::Warning, Kind::Demand, Kind::Proposal, Kind::Commitment, Kind::Acceptance]
            .into_iter()
            .find(|k| cue_kinds.contains(k));
    match strongest {
        Some(k) => {
            trace.note(TraceField::Kind, "the strongest cue", k.as_str());
            k
        }
        None => {
            trace.note(TraceField::Kind, "no verb, noun or cue of a kind", "assessment");
            Kind::Assessment
        }
    }
}

/// Verification: hedges in the candidate or a "not verified" note right
/// after it make it unverified; words on the record confirm it; else reported.
fn verification_of(d: &Draft, ss: &[&Sent], sents: &[Sent], last: usize, trace: &mut Trace) -> Verification {
    let next = sents.get(last + 1).filter(|n| n.paragraph <= sents[last].paragraph + 1);
    let hedged_words = ss
        .iter()
        .any(|s| UNVERIFIED.iter().any(|p| has_seq(&s.tokens, p)) || according_to_reports(&s.tokens));
    let noted_after = next.is_some_and(|n| {
        UNVERIFIED.iter().filter(|p| p.contains(&"verified")).any(|p| has_seq(&n.tokens, p))
    });
    let anonymous = d.attrs.iter().any(|a| a.who.class == Class::Anonymous);
    let hedging_verb = d.attrs.iter().any(|a| a.verb.is_some_and(|v| v.hedge));
    let on_record = d.attrs.iter().any(|a| {
        a.mode == Mode::Speech && matches!(a.who.class, Class::Known | Class::Institution | Class::Unknown)
    });
    let second_hand = ss.iter().any(|s| REPORTED.iter().any(|p| has_seq(&s.tokens, p)));
    let (v, rule) = if hedged_words || noted_after || anonymous || hedging_verb {
        let why = if anonymous {
            "an anonymous source"
        } else if hedging_verb {
            "a verb that hedges (“is expected to”, “reportedly”)"
        } else if noted_after {
            "the text says it could not be verified"
        } else {
            "a hedge (“reportedly”, “according to reports”)"
        };
        (Verification::Unverified, why)
    } else if on_record || (!second_hand && d.attrs.iter().any(|a| a.mode == Mode::Speech)) {
        (Verification::Confirmed, "said on the record")
    } else {
        (Verification::Reported, "the reporter's account, not the speaker's words")
    };
    trace.note(TraceField::Verification, rule, v.as_str());
    v
}

/// The date: one named in the attribution; else the attribution's default
/// (the section's day, the month of a position in progress, none for a
/// long-standing one), replaced by the last date named earlier in the same
/// paragraph by the narrative or the same actor; a second-hand account is
/// dated to the month.
fn date_of(d: &Draft, ss: &[&Sent], sents: &[Sent], first: usize, trace: &mut Trace) -> Option<PartialDate> {
    let hearsay =
        ss.iter().any(|s| HEARSAY.iter().any(|p| has_seq(&s.tokens, p)) || according_to_reports(&s.tokens))
            || d.attrs.iter().any(|a| a.who.class == Class::Anonymous);
    if let Some(date) = d.attrs.iter().find_map(|a| a.date) {
        trace.note(TraceField::Date, "named in the attribution", date.to_string());
        return Some(date);
    }
    let Some(default) = d.attrs.first().and_then(|a| a.default_date) else {
        trace.note(TraceField::Date, "none: a long-standing position, not news of the day", "");
        return None;
    };
    let carried = if default.precision() == crate::model::Precision::Day {
        carried_date(d, sents, first)
    } else {
        None
    };
    let (fallback, rule) = match carried {
        Some(c) => (c, "carried from a date named earlier in the paragraph"),
        None if default.precision() == crate::model::Precision::Day => {
            (default, "the day of its section or of publication")
        }
        None => (default, "the month: a position in progress or a noun of position"),
    };
    if hearsay && fallback.precision() == crate::model::Precision::Day {
        let month = month_of(fallback.first_day());
        trace.note(
            TraceField::Date,
            "a second-hand account: only the month",
            month.map(|m| m.to_string()).unwrap_or_default(),
        );
        month
    } else {
        trace.note(TraceField::Date, rule, fallback.to_string());
        Some(fallback)
    }
}

/// The last date named before sentence `first` in its paragraph, by the
/// narrative or by the same actor ("The summit on Friday ended without a
/// deal. “…,” Trump told reporters.").
fn carried_date(d: &Draft, sents: &[Sent], first: usize) -> Option<PartialDate> {
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
}

/// The quote: the direct quotes, joined with " … ", or the first sentence
/// (without a transcript's label) as a paraphrase.
fn quote_of(ss: &[&Sent], text: &str, trace: &mut Trace) -> (String, bool) {
    let quotes: Vec<&str> = ss
        .iter()
        .flat_map(|s| s.quotes.iter())
        .filter_map(|q| text.get(q.clone()))
        .map(str::trim)
        .filter(|q| q.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .collect();
    if quotes.is_empty() {
        let r = ss[0].range.clone();
        let from = transcript::label_of(text, r.start, r.end).map_or(r.start, |(_, speech, _)| speech);
        trace.note(TraceField::Quote, "no direct quote: the first sentence, as a paraphrase", "");
        (text.get(from..r.end).unwrap_or("").trim().to_owned(), true)
    } else {
        trace.note(TraceField::Quote, "the direct quotes", format!("{} quote(s)", quotes.len()));
        (quotes.join(" … "), false)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::super::{Candidate, IngestOptions, extract};
    use super::*;

    fn first(text: &str) -> Candidate {
        let mut store = crate::store::sample();
        store.statements.clear();
        let opts =
            IngestOptions { published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(), outlet: String::new() };
        extract(text, &store, &opts).candidates.into_iter().next().expect("a candidate")
    }

    fn rule(c: &Candidate, field: TraceField) -> &'static str {
        c.trace.on(field).next().map(|s| s.rule).unwrap_or("")
    }

    #[test]
    fn a_negated_keyword_refuses_and_the_trace_says_so() {
        let c = first("Peskov said there would be no ceasefire.");
        assert_eq!(c.positions[0].stance.value(), -2);
        assert!(rule(&c, TraceField::Stance).starts_with("a negated keyword"));
        assert!(c.trace.on(TraceField::Topic).any(|s| s.detail.contains("“ceasefire” → ceasefire")));
    }

    #[test]
    fn a_hedge_makes_it_unverified_and_dates_it_to_the_month() {
        let c = first("Putin reportedly rejected the ceasefire.");
        assert_eq!(c.verification, Verification::Unverified);
        assert!(rule(&c, TraceField::Verification).starts_with("a hedge"));
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2025-03"));
        assert_eq!(rule(&c, TraceField::Date), "a second-hand account: only the month");
        // A day the text names still dates it.
        let c = first("Putin reportedly rejected the ceasefire on Wednesday.");
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2025-03-12"));
    }

    #[test]
    fn the_kind_comes_from_the_verb_and_the_quote_from_the_quotes() {
        let c = first("“A truce now would only help Russia,” Zelensky warned.");
        assert_eq!(c.kind, Kind::Warning);
        assert_eq!(rule(&c, TraceField::Kind), "the verb that attributes it");
        assert_eq!(c.quote, "“A truce now would only help Russia,”");
        assert_eq!(rule(&c, TraceField::Quote), "the direct quotes");
        assert_eq!(rule(&c, TraceField::Verification), "said on the record");
    }

    #[test]
    fn without_a_quote_the_sentence_is_a_paraphrase() {
        let c = first("The Kremlin rejected a ceasefire on Tuesday.");
        assert!(c.paraphrase);
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2025-03-11"));
        assert_eq!(rule(&c, TraceField::Date), "named in the attribution");
    }
}
