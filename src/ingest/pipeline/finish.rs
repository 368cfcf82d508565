//! Stage 5, finish: a draft into a candidate — or nothing (a military
//! report, a person with no actor and no topic, a source reporting no
//! position) — with the rule behind each field in its trace.

use super::super::cues::{CUES, REPORTED, UNVERIFIED};
use super::super::lexicon::keyword_at;
use super::super::mentions::{Class, How};
use super::super::scorer::{self, Combine};
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
    published: chrono::NaiveDate,
) -> Vec<Candidate> {
    let same = |a: &Candidate, b: &Candidate| {
        a.line == b.line && a.actor == b.actor && a.speaker == b.speaker && a.positions == b.positions
    };
    // (last sentence, speaker, topics) of each candidate kept so far.
    let mut finals: Vec<(usize, Option<String>, Vec<usize>)> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    for d in drafts {
        if let Some(c) = finish(d, sents, lex, store, (text, published), &mut finals)
            && !candidates.iter().any(|x| same(x, &c))
        {
            candidates.push(c);
        }
    }
    // A speaker who only relays another actor's position ("Witkoff said the
    // Russians agreed to…") takes none of their own there: no candidate.
    let relays = |c: &Candidate| {
        c.positions.is_empty()
            && candidates
                .iter()
                .any(|o| o.reported_by.is_some() && o.reported_by == c.actor && o.sentences == c.sentences)
    };
    let keep: Vec<bool> = candidates.iter().map(|c| !relays(c)).collect();
    let mut k = keep.iter();
    candidates.retain(|_| k.next().copied().unwrap_or(true));
    candidates
}

/// Turns a draft into a candidate, or drops it (military reports, people
/// with no actor and no topic, sources reporting no position).
fn finish(
    d: &Draft,
    sents: &[Sent],
    lex: &Lexicon,
    store: &Store,
    (text, published): (&str, chrono::NaiveDate),
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
    let background = background_of(d, sents);
    let date = match &background {
        Some((phrase, date)) => {
            let detail = format!("a long-standing claim (“{phrase}”)");
            match date {
                Some(x) => trace.rate(
                    TraceField::Date,
                    "background: only as precisely as the text dates it",
                    format!("{detail}: {x}"),
                    0.7,
                ),
                None => trace.rate(
                    TraceField::Date,
                    "background: none, not news of the day; the analyst gives it",
                    detail,
                    0.6,
                ),
            }
            *date
        }
        None => date_of(d, &ss, sents, first, published, &mut trace),
    };
    let (quote, paraphrase) = quote_of(&ss, text, &mut trace);
    for (p, &t) in positions.iter_mut().zip(&topics) {
        p.evidence = evidence_for(&ss, t, text, paraphrase);
    }
    let end = ss.last().map_or(0, |s| s.range.end);
    let last_s = ss.last()?;
    let last_line = last_s.line + text.get(last_s.range.clone()).map_or(0, |t| t.matches('\n').count());
    let actor = d.who.actor.and_then(|a| store.actors.get(a)).map(|a| a.id.clone());
    let reported_by = d
        .attrs
        .iter()
        .find_map(|a| a.reported_by.as_ref())
        .and_then(|(a, _)| store.actors.get(*a))
        .map(|a| a.id.clone());
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
        background: background.is_some(),
        reported_by,
        trace,
    })
}

/// The topics a draft is about: by its keywords (not those in what another
/// actor is reported to say, when it speaks in its own voice); a "this" or
/// "such" that refers back to the same speaker's statement just before takes
/// its topics; a speaker on the record with no topic by the usual threshold
/// takes its one weaker keyword. A statistical scorer, when one is on
/// (the shipped one with [`scorer::DEFAULT`], or as [`scorer::with`] says), joins the rules as its
/// [`Combine`] says — [`scorer::RECOMMENDED`]: its best topic, when likely
/// enough, where the rules found none at all.
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
    let voice = own_voice.then_some(d.who.actor);
    let mut topics = topics_scored(sents, &d.sents, lex, false, None, voice);
    let mut rule = "its keywords";
    // How sure the rule is, before the keywords' weight is counted (None: by weight).
    let mut base: Option<f32> = None;
    let military = ss.iter().any(|s| s.military);
    // The statistical scorer and how it joins the rules; its probability of
    // each topic is worked out only where it is asked.
    let scorer = scorer::active();
    let how = scorer.as_ref().map_or(Combine::Off, |(_, how)| *how);
    let probabilities = std::cell::OnceCell::new();
    let p = || {
        probabilities
            .get_or_init(|| {
                scorer.as_ref().map_or_else(Vec::new, |(m, _)| scorer_probabilities(m, ss, voice, lex, store))
            })
            .as_slice()
    };
    if let Combine::Blend { weight } = how {
        let keywords = topic_scores(&picked(sents, &d.sents), lex, false, voice);
        topics = blended(&keywords, p(), weight, if military { 3.0 } else { 1.5 });
    }
    let words = || ss.iter().flat_map(|s| s.tokens.iter());
    if topics.is_empty()
        && words().any(|t| matches!(t.lower.as_str(), "such" | "this" | "these" | "those"))
        && let Some((_, _, prev)) = finals.iter().rev().take(3).find(|(l, sp, _)| {
            first.saturating_sub(*l) <= 2 && *sp == d.who.speaker && d.who.speaker.is_some()
        })
    {
        topics = prev.clone();
        rule = "those of the same speaker's statement just before (“this”, “such”)";
        base = Some(0.5);
    }
    let speech = d.attrs.iter().any(|a| a.mode == Mode::Speech);
    // Topics the scorer adds, with their probability.
    let mut by_scorer: Vec<(usize, f32)> = Vec::new();
    if topics.is_empty()
        && d.who.actor.is_some()
        && speech
        && matches!(d.who.class, Class::Known | Class::Institution)
        && !military
    {
        if let Combine::Fill { min } | Combine::FillPrune { min, .. } = how
            && let Some(best) = best_above(p(), min)
        {
            by_scorer.push(best);
        } else {
            topics = fallback_topics(sents, &d.sents, lex, voice);
            rule = "one weak keyword: a speaker on the record with no strong one";
            base = Some(0.3);
            if let Combine::FillLast { min } = how
                && topics.is_empty()
                && let Some(best) = best_above(p(), min)
            {
                by_scorer.push(best);
            }
        }
    }
    if let Combine::Prune { max } | Combine::FillPrune { max, .. } = how {
        // Only a topic resting on weak keywords: the fallback's, or those
        // weighing less than a phrase (“medium” confidence or less).
        let weak = |t: usize| base.map_or_else(|| topic_confidence(ss, t, lex) < 0.65, |b| b < 0.5);
        topics.retain(|&t| !(weak(t) && p().get(t).is_some_and(|q| *q < max)));
    }
    if let Combine::Add { min } = how
        && !topics.is_empty()
        && !military
    {
        by_scorer.extend(p().iter().copied().enumerate().filter(|(t, q)| *q >= min && !topics.contains(t)));
    }
    for &t in &topics {
        let keywords: Vec<String> = ss
            .iter()
            .flat_map(|s| s.hits.iter().chain(&s.scene_hits).filter(|h| h.0 == t).map(move |h| (s, h)))
            .map(|(s, h)| {
                let words = s.tokens[h.2..h.3.min(s.tokens.len())]
                    .iter()
                    .map(|x| x.lower.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let taught = lex.topics.get(t).and_then(|x| x.keys.get(h.1)).is_some_and(|k| k.learned);
                if taught {
                    format!("“{words}” (taught by an analyst)")
                } else {
                    format!("“{words}”")
                }
            })
            .collect();
        let inherited = ss.iter().any(|s| s.inherited.iter().any(|x| x.0 == t));
        let name = topic_name(lex, store, t);
        let detail = match (keywords.is_empty(), inherited) {
            (false, _) => format!("{} → {name}", dedup(keywords).join(", ")),
            (true, true) => format!("a proposal named earlier with this topic → {name}"),
            (true, false) => format!("→ {name}"),
        };
        let confidence = base.unwrap_or_else(|| topic_confidence(ss, t, lex));
        trace.rate_topic(TraceField::Topic, &TopicId(name.clone()), rule, detail, confidence);
    }
    for (t, q) in by_scorer {
        let name = topic_name(lex, store, t);
        trace.rate_topic(
            TraceField::Topic,
            &TopicId(name.clone()),
            "the statistical scorer: no keyword, but words of statements coded with this topic",
            format!("p = {q:.2} → {name}"),
            0.35,
        );
        topics.push(t);
    }
    if topics.is_empty() {
        trace.rate(TraceField::Topic, "no topic found", "pick one", 0.1);
    }
    topics
}

/// A topic's id, by its index in the lexicon.
fn topic_name(lex: &Lexicon, store: &Store, t: usize) -> String {
    lex.topics.get(t).and_then(|x| store.topics.get(x.topic)).map_or(String::new(), |x| x.id.0.clone())
}

/// The scorer's probability of each of the lexicon's topics for the
/// statement's sentences (0 for a topic the model does not know, or one
/// the store defines otherwise than the model's training did) — read,
/// like the keywords, without what another actor is reported to say there
/// when the statement speaks in its own voice (`voice`).
fn scorer_probabilities(
    m: &scorer::Model,
    ss: &[&Sent],
    voice: Option<Option<usize>>,
    lex: &Lexicon,
    store: &Store,
) -> Vec<f32> {
    let mut runs: Vec<&[Token]> = Vec::new();
    for s in ss {
        let own = |i: usize| voice.is_none_or(|v| !others_words(s, v, i));
        let mut start = None;
        for i in 0..=s.tokens.len() {
            match (start, i < s.tokens.len() && own(i)) {
                (None, true) => start = Some(i),
                (Some(a), false) => {
                    runs.push(&s.tokens[a..i]);
                    start = None;
                }
                _ => {}
            }
        }
    }
    let p = m.score(&runs);
    lex.topics
        .iter()
        .map(|k| {
            store
                .topics
                .get(k.topic)
                .filter(|t| scorer::speaks_for(t))
                .and_then(|t| m.topics().iter().position(|x| *x == t.id))
                .and_then(|i| p.get(i).copied())
                .unwrap_or(0.0)
        })
        .collect()
}

/// The most likely topic, if its probability is at least `min`.
fn best_above(p: &[f32], min: f32) -> Option<(usize, f32)> {
    p.iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .filter(|(_, q)| *q >= min)
}

/// [`Combine::Blend`]: each topic's keyword score plus `weight` × the
/// scorer's log-odds, against `threshold`; strongest first.
fn blended(keywords: &BTreeMap<usize, f32>, p: &[f32], weight: f32, threshold: f32) -> Vec<usize> {
    let mut out: Vec<(usize, f32)> = p
        .iter()
        .enumerate()
        .map(|(t, q)| {
            let q = q.clamp(1e-4, 1.0 - 1e-4);
            (t, keywords.get(&t).copied().unwrap_or(0.0) + weight * (q / (1.0 - q)).ln())
        })
        .filter(|(_, s)| *s >= threshold)
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.into_iter().map(|(t, _)| t).collect()
}

/// How sure a topic found by its keywords is: by the weight of its distinct
/// keywords in the statement (a phrase or the topic's name weighs 2, a word
/// of its proposition 1.5, a loose association 1, a proper name 0.5; a
/// proposal named earlier 2). Two strong keywords or more: high; one strong
/// keyword: medium; only weak ones: low.
fn topic_confidence(ss: &[&Sent], t: usize, lex: &Lexicon) -> f32 {
    let mut seen = std::collections::HashSet::new();
    let mut weight = 0.0f32;
    for s in ss {
        for h in s.hits.iter().chain(&s.scene_hits).filter(|h| h.0 == t) {
            if seen.insert(h.1) {
                weight += lex.topics.get(t).and_then(|x| x.keys.get(h.1)).map_or(0.0, |k| k.weight);
            }
        }
        if s.inherited.iter().any(|x| x.0 == t) && seen.insert(usize::MAX) {
            weight += 2.0;
        }
    }
    if weight >= 3.0 {
        0.8
    } else if weight >= 2.0 {
        0.65
    } else if weight >= 1.5 {
        0.55
    } else {
        0.35
    }
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
    let how = match d.who.how {
        How::FullName => " by full name",
        How::Surname => " by surname alone",
        How::Role => " by a role or title",
        How::Office => " through their office",
        How::Institution => "",
        How::Person => " by name",
        How::Anaphor => " by “he”, “she”, “it” or “the ministry”",
        How::Anonymous | How::Outlet => "",
    };
    let (speaker_sure, actor_sure) = who_confidence(d);
    match d.who.speaker.as_ref().filter(|_| d.who.class != Class::Outlet) {
        Some(sp) => trace.rate(TraceField::Speaker, a.rule, format!("{sp} ({class}{how})"), speaker_sure),
        None => trace.rate(TraceField::Speaker, "no person named", class, speaker_sure),
    }
    let reported = d.attrs.iter().find_map(|a| a.reported_by.as_ref());
    match (actor, reported) {
        (Some(name), Some((_, by))) => trace.rate(
            TraceField::Actor,
            a.rule,
            format!("{name}, in {}'s account", by.as_deref().unwrap_or("another actor")),
            actor_sure,
        ),
        (Some(name), None) => {
            trace.rate(TraceField::Actor, a.rule, format!("{name}, through {class}{how}"), actor_sure)
        }
        (None, _) => trace.rate(
            TraceField::Actor,
            "no actor",
            format!("{class} the store ties to no actor"),
            actor_sure,
        ),
    }
}

/// How sure the speaker and the actor are, from how the speaker was named
/// (a store speaker by full name is surer than by surname, a role or "he")
/// and how the statement was attributed (a transcript's label, an outlet's
/// account, a noun of position, another actor's account).
fn who_confidence(d: &Draft) -> (f32, f32) {
    let (mut speaker, mut actor): (f32, f32) = match (d.who.class, d.who.how) {
        (Class::Known, How::FullName) => (0.9, 0.9),
        (Class::Known, How::Surname) => (0.7, 0.8),
        (Class::Known | Class::Institution, How::Office) => (0.8, 0.85),
        (Class::Known, How::Role) => (0.6, 0.75),
        (Class::Known, How::Person) => (0.75, 0.6),
        (Class::Known, _) => (0.55, 0.6),
        (Class::Institution, How::Institution) => (0.8, 0.85),
        (Class::Institution, _) => (0.6, 0.6),
        (Class::Unknown, How::Person) => (0.75, 0.45),
        (Class::Unknown, _) => (0.5, 0.4),
        (Class::Anonymous | Class::Outlet, _) => (0.6, 0.45),
    };
    if d.attrs.iter().any(|a| a.rule.starts_with("a transcript turn")) {
        speaker = speaker.max(0.8);
        actor = actor.max(0.8);
    }
    match d.attrs.first().map(|a| a.mode) {
        Some(Mode::Content) => actor = actor.min(0.5),
        Some(Mode::Nominal) => actor = actor.min(0.6),
        _ => {}
    }
    if d.attrs.iter().any(|a| a.reported_by.is_some()) {
        actor = actor.min(0.65);
    }
    (speaker, actor)
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
            let ((neg, pos), (scope, scope_sure)) = scoped(d, ss, ti, everywhere);
            let taught = taught_stance(d, ss, ti, lex);
            let (mut v, rule, mut sure): (i8, &'static str, f32) = if negated {
                (-2, "a negated keyword (“no”, “not”, “never” just before it)", 0.6)
            } else if let (true, Some(p)) = (nominal_only, noun_polarity) {
                (p, "the noun of position that attributes it", 0.55)
            } else if neg > 0 {
                (-neg, scope, scope_sure)
            } else if pos > 0 {
                (pos, scope, scope_sure)
            } else if let Some((v, _)) = &taught {
                // Where the rules find no cue of their own, a phrase an
                // analyst taught says what the stance is.
                (*v, "a phrase an analyst taught (the store's lexicon)", 0.7)
            } else if matches!(d.who.class, Class::Known | Class::Institution) && speech {
                (1, "no cue; a speaker on the record raising it is taken to support it", 0.4)
            } else {
                (0, "no cue", 0.3)
            };
            let taught = taught.filter(|_| rule.contains("analyst taught"));
            if hedged && taught.is_none() {
                v = v.clamp(-1, 1);
                sure = sure.min(0.6);
            }
            let condition = conditional(ss, ti);
            if condition.is_some() {
                sure = sure.min(0.6);
            }
            let stance = Stance::new(v as i64).ok()?;
            let hedge = if hedged && taught.is_none() { "; hedged, so within ±1" } else { "" };
            let cond = condition.map_or(String::new(), |c| format!("; under a condition (“{c}”)"));
            let cond = match &taught {
                Some((_, phrase)) => format!("; “{phrase}”{cond}"),
                None => cond,
            };
            trace.rate_topic(
                TraceField::Stance,
                &topic.id,
                rule,
                format!("{} {}{hedge}{cond}", topic.id, stance.signed()),
                sure,
            );
            Some(TopicStance { topic: TopicId(topic.id.0.clone()), stance, evidence: String::new() })
        })
        .collect();
    (positions, cue_kinds)
}

/// A stance phrase an analyst taught for topic `ti`, found in the
/// statement's own words (not another actor's, not an aside, not negated
/// just before): its stance and the words as the text has them. The
/// longest phrase wins.
fn taught_stance(d: &Draft, ss: &[&Sent], ti: usize, lex: &Lexicon) -> Option<(i8, String)> {
    let mut best: Option<(usize, i8, String)> = None;
    for l in lex.stances.iter().filter(|l| l.topic == ti) {
        for s in ss {
            for i in 0..s.tokens.len() {
                let Some(end) = keyword_at(&s.tokens, i, &l.key) else { continue };
                // Negated just before ("not a hostile act"): the lesson does not say what that means.
                let window = &s.tokens[i.saturating_sub(3)..i];
                let stop = window.iter().rposition(|t| !t.word).map_or(0, |p| p + 1);
                let negated = window[stop..].iter().any(|t| NEGATORS.contains(&t.lower.as_str()));
                if negated || others_words(s, d.who.actor, i) || in_aside(s, i) {
                    continue;
                }
                let n = l.key.stems.len();
                if best.as_ref().is_none_or(|b| n > b.0) {
                    let words: Vec<&str> = s.tokens[i..end].iter().map(|t| t.lower.as_str()).collect();
                    best = Some((n, l.stance, words.join(" ")));
                }
            }
        }
    }
    best.map(|(_, v, w)| (v, w))
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
fn scoped(d: &Draft, ss: &[&Sent], ti: usize, everywhere: (i8, i8)) -> ((i8, i8), (&'static str, f32)) {
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
        (clause_level, ("the strongest cue in the topic's own clause", 0.8))
    } else if sentence_level != (0, 0) {
        (sentence_level, ("the strongest cue in the topic's sentence", 0.65))
    } else {
        (everywhere, ("the strongest cue anywhere in the statement", 0.45))
    }
}

/// The word opening a condition ("if", "unless", "once", "until") in a
/// sentence that names topic `ti`, if any: a stance under a condition is
/// less sure.
fn conditional(ss: &[&Sent], ti: usize) -> Option<&'static str> {
    ss.iter()
        .filter(|s| s.hits.iter().chain(&s.scene_hits).any(|h| h.0 == ti))
        .flat_map(|s| s.tokens.iter())
        .find_map(|t| SUBORDINATORS.iter().find(|w| **w == t.lower && **w != "whether").copied())
}

/// Phrases that frame a claim as long-standing, not news of the day.
const LONG_STANDING: &[&[&str]] = &[
    &["has", "long"],
    &["have", "long"],
    &["had", "long"],
    &["has", "repeatedly"],
    &["have", "repeatedly"],
    &["had", "repeatedly"],
    &["has", "consistently"],
    &["have", "consistently"],
    &["has", "always"],
    &["have", "always"],
    &["as", "before"],
    &["continues", "to"],
    &["for", "years"],
];

/// Whether a draft is background: its attribution framed as long-standing
/// ("Moscow has long argued", "the Kremlin has repeatedly rejected", "Kyiv
/// continues to reject", "has opposed it since 2022") in the reporter's
/// words, with no day named for it. Returns the phrase and the date the
/// text gives it (the year of "since 2022"), if any.
fn background_of(d: &Draft, sents: &[Sent]) -> Option<(String, Option<PartialDate>)> {
    if d.attrs.iter().any(|a| a.date.is_some_and(|x| x.precision() == crate::model::Precision::Day)) {
        return None;
    }
    // The existing rule: a speech with no default date is long-standing ("has long said", "But X has said").
    let undated_speech = d.attrs.iter().any(|a| a.mode == Mode::Speech && a.default_date.is_none());
    for a in &d.attrs {
        let Some(s) = sents.get(a.sentence) else { continue };
        let toks = &s.tokens;
        let own = |i: usize| !toks[i].quoted && !in_aside(s, i) && !others_words(s, d.who.actor, i);
        // In the attribution: between its subject and its verb, or anywhere
        // before the first verb of saying when it has none.
        let (from, to) = match a.at {
            Some((subj, v)) => (subj.min(v), v.max(subj) + 1),
            None => (0, toks.len()),
        };
        for i in from..to.min(toks.len()) {
            if let Some(p) = LONG_STANDING.iter().find(|p| seq_at(toks, i, p))
                && own(i)
            {
                return Some((p.join(" "), since_year(s)));
            }
        }
        if let Some(y) = since_year(s) {
            return Some((format!("since {}", y), Some(y)));
        }
        if undated_speech && a.mode == Mode::Speech && a.default_date.is_none() {
            let words: Vec<&str> =
                toks[from..to.min(toks.len())].iter().filter(|t| t.word).map(|t| t.lower.as_str()).collect();
            return Some((words.join(" "), None));
        }
    }
    None
}

/// "since 2022" (unquoted): the year a long-standing position dates from.
fn since_year(s: &Sent) -> Option<PartialDate> {
    let toks = &s.tokens;
    (0..toks.len().saturating_sub(1)).find_map(|i| {
        if toks[i].lower != "since" || toks[i].quoted {
            return None;
        }
        let y: i32 = toks[i + 1].lower.parse().ok().filter(|y| (1900..=2100).contains(y))?;
        PartialDate::year(y)
    })
}

/// Kind: the verb's, the noun's, else the strongest cue's.
fn kind_of(d: &Draft, cue_kinds: &[Kind], trace: &mut Trace) -> Kind {
    if let Some(k) = d.attrs.iter().find_map(|a| a.verb.map(|v| v.kind).filter(|k| *k != Kind::Assessment)) {
        trace.rate(TraceField::Kind, "the verb that attributes it", k.as_str(), 0.8);
        return k;
    }
    if let Some(k) = d.attrs.iter().find_map(|a| a.noun.map(|n| n.0)).filter(|k| *k != Kind::Assessment) {
        trace.rate(TraceField::Kind, "the noun of position", k.as_str(), 0.6);
        return k;
    }
    let strongest =
        [Kind::Rejection, Kind::Warning, Kind::Demand, Kind::Proposal, Kind::Commitment, Kind::Acceptance]
            .into_iter()
            .find(|k| cue_kinds.contains(k));
    match strongest {
        Some(k) => {
            trace.rate(TraceField::Kind, "the strongest cue", k.as_str(), 0.6);
            k
        }
        None => {
            trace.rate(TraceField::Kind, "no verb, noun or cue of a kind", "assessment", 0.55);
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
    let reporter = d.attrs.iter().find_map(|a| a.reported_by.as_ref());
    let (v, rule) = if reporter.is_some() && !(hedged_words || noted_after || anonymous || hedging_verb) {
        (Verification::Reported, "another actor's account of this actor's position")
    } else if hedged_words || noted_after || anonymous || hedging_verb {
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
    let sure = match v {
        Verification::Unverified => 0.6,
        Verification::Confirmed => 0.8,
        _ if reporter.is_some() => 0.7,
        _ => 0.55,
    };
    let by = reporter.and_then(|(_, by)| by.as_deref()).map_or(String::new(), |b| format!(" (by {b})"));
    trace.rate(TraceField::Verification, rule, format!("{}{by}", v.as_str()), sure);
    v
}

/// The date: one named in the attribution; else the attribution's default
/// (the section's day, the month of a position in progress, none for a
/// long-standing one), replaced by the last date named earlier in the same
/// paragraph by the narrative or the same actor; a second-hand account is
/// dated to the month.
fn date_of(
    d: &Draft,
    ss: &[&Sent],
    sents: &[Sent],
    first: usize,
    published: chrono::NaiveDate,
    trace: &mut Trace,
) -> Option<PartialDate> {
    let hearsay =
        ss.iter().any(|s| HEARSAY.iter().any(|p| has_seq(&s.tokens, p)) || according_to_reports(&s.tokens))
            || d.attrs.iter().any(|a| a.who.class == Class::Anonymous);
    if let Some(date) = d.attrs.iter().find_map(|a| a.date) {
        trace.rate(TraceField::Date, "named in the attribution", date.to_string(), 0.85);
        return Some(date);
    }
    let Some(default) = d.attrs.first().and_then(|a| a.default_date) else {
        trace.rate(TraceField::Date, "none: a long-standing position, not news of the day", "", 0.6);
        return None;
    };
    let carried = if default.precision() == crate::model::Precision::Day {
        carried_date(d, sents, first)
    } else {
        None
    };
    let (fallback, rule, sure) = match carried {
        Some(c) => (c, "carried from a date named earlier in the paragraph", 0.6),
        None if default == PartialDate::day(published) => {
            (default, "defaulted to the publication date: the text names no day", 0.55)
        }
        None if default.precision() == crate::model::Precision::Day => {
            (default, "the day of its section (a dated heading or time stamp)", 0.7)
        }
        None => (default, "the month: a position in progress or a noun of position", 0.45),
    };
    if hearsay && fallback.precision() == crate::model::Precision::Day {
        let month = month_of(fallback.first_day());
        trace.rate(
            TraceField::Date,
            "a second-hand account: only the month",
            month.map(|m| m.to_string()).unwrap_or_default(),
            0.45,
        );
        month
    } else {
        trace.rate(TraceField::Date, rule, fallback.to_string(), sure);
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
