//! Stage 3, attribute: who says (or does) what in one sentence.

use std::collections::HashSet;
use std::ops::Range;

use super::super::cues::{self, CUES};
use super::super::mentions::{self, Class, Mention, What, Who};
use super::super::text::Token;
use super::*;
use crate::model::{Kind, PartialDate};

/// What the attribution passes of one sentence share.
struct Ctx<'a> {
    si: usize,
    s: &'a Sent,
    ms: &'a [Mention],
    whos: &'a [Option<Who>],
    today: Option<PartialDate>,
    opts: &'a IngestOptions,
}

impl Ctx<'_> {
    fn toks(&self) -> &[Token] {
        &self.s.tokens
    }

    /// Whether the sentence has words that take a position (a noun of
    /// position, a verb of position or of saying with a polarity, a cue).
    fn has_position_words(&self) -> bool {
        self.toks().iter().any(|t| {
            t.word
                && (cues::position_noun(&t.lower).is_some()
                    || cues::verb(&t.lower).is_some_and(|v| !v.speech || v.polarity != 0))
        }) || self.s.cues.iter().any(|(c, _)| CUES[*c].polarity != 0)
    }

    /// The actor whose position an outlet or anonymous source reports.
    fn content_who(&self, skip: usize, class: Class) -> Option<Who> {
        if !self.has_position_words() {
            return None;
        }
        self.ms.iter().enumerate().filter(|(k, _)| *k != skip).find_map(|(k, _)| {
            let w = self.whos[k].as_ref()?;
            (speakerish(w) && w.actor.is_some()).then(|| Who { class, ..w.clone() })
        })
    }

    fn attr(
        &self,
        at: Option<(usize, usize)>,
        date: Option<PartialDate>,
        who: Who,
        mode: Mode,
        rule: &'static str,
    ) -> Attr {
        Attr {
            sentence: self.si,
            at,
            date,
            who,
            mode,
            verb: None,
            noun: None,
            default_date: self.today,
            rule,
            reported_by: None,
        }
    }
}

fn speakerish(w: &Who) -> bool {
    matches!(w.class, Class::Known | Class::Institution)
}

/// Stage 3 for one sentence: every attribution in it, in the order the
/// passes find them. `heard` collects what else the passes learn (every
/// voice, the subjects' asides, whether it is commentary).
pub(super) fn sentence(
    si: usize,
    s: &Sent,
    ms: &[Mention],
    whos: &[Option<Who>],
    today: PartialDate,
    opts: &IngestOptions,
    heard: &mut Heard,
) -> Vec<Attr> {
    // A question states nothing.
    if s.tokens.iter().rev().find(|t| !t.quoted).is_some_and(|t| t.lower == "?") {
        return Vec::new();
    }
    let ctx = Ctx { si, s, ms, whos, today: Some(today), opts };
    let mut out: Vec<Attr> = Vec::new();
    let mut used: HashSet<usize> = HashSet::new();
    for v in 0..s.tokens.len() {
        if let Some(a) = verb_attribution(&ctx, v, &mut used, heard) {
            out.push(a);
        }
    }
    drop_embedded(&mut out, &s.tokens);
    delivered_proposals(&ctx, &mut out, &mut used);
    according_to(&ctx, &mut out, &mut used);
    colon_quotes(&ctx, &mut out, &mut used);
    // "Critics in Kyiv say the plan mirrors the Kremlin's demands":
    // commentary, and nothing in it is anyone's statement.
    if heard.commentary {
        return Vec::new();
    }
    nominal_positions(&ctx, &mut out, &mut used);
    out
}

/// The verb at word `v`, when it is one of saying or of taking a position.
fn attribution_verb(toks: &[Token], v: usize) -> Option<Verb> {
    let t = &toks[v];
    if !t.word || t.quoted {
        return None;
    }
    // "spoke of an understanding", "speaking about the talks" say something;
    // "spoke to Trump" only reports a contact.
    let spoke_of = (matches!(t.lower.as_str(), "spoke" | "speaks" | "speak")
        && toks.get(v + 1).is_some_and(|n| matches!(n.lower.as_str(), "of" | "about")))
        || (matches!(t.lower.as_str(), "set" | "sets" | "laid" | "lays" | "spelled" | "spelt")
            && toks.get(v + 1).is_some_and(|n| n.lower == "out"));
    let verb = cues::verb(&t.lower).or_else(|| spoke_of.then(|| cues::verb("said")).flatten())?;
    if v > 0 && DETERMINERS.contains(&toks[v - 1].lower.as_str()) && !verb.speech {
        return None;
    }
    if v > 0
        && matches!(toks[v - 1].lower.as_str(), "a" | "an" | "the" | "'s" | "its" | "their" | "his" | "her")
    {
        return None;
    }
    if is_passive(toks, v) {
        return None;
    }
    Some(verb)
}

/// The subject of the verb at `v` (a mention index) and its appositive:
/// before the verb ("Peskov, the Kremlin spokesman, said"), after it ("…,”
/// said Peskov"), or the subject of the sentence's first clause ("Peskov
/// dismissed the idea, saying…").
fn subject_of(ctx: &Ctx, v: usize, verb: Verb) -> Option<(usize, Option<Range<usize>>)> {
    let (toks, ms, whos) = (ctx.toks(), ctx.ms, ctx.whos);
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
            return Some((k, app));
        }
        // "Critics in Kyiv say", "officials in Moscow said": a place after the subject.
        if matches!(toks.get(m.span.end).map(|t| t.lower.as_str()), Some("in" | "from" | "at"))
            && let Some(place) = ms.get(k + 1)
            && (place.span.start == m.span.end + 1
                || (place.span.start == m.span.end + 2 && toks[m.span.end + 1].lower == "the"))
            && matches!(place.what, What::Actor(..))
            && let Some(None) = bridge(toks, place.span.end, v)
        {
            return Some((k, None));
        }
    }
    // "…,” said Peskov." / "…, said the Kremlin spokesman on Monday."
    if verb.speech && v > 0 && (toks[v - 1].lower == "," || toks[v - 1].quote_mark) {
        let at = ms.partition_point(|m| m.span.start <= v);
        let after = ms
            .get(at)
            .filter(|m| {
                let starts = m.span.start == v + 1
                    || (m.span.start == v + 2 && toks.get(v + 1).is_some_and(|x| x.lower == "the"));
                let ends = toks.get(m.span.end).is_none_or(|t| {
                    !t.word || cues::is_bridge(&t.lower) || matches!(t.lower.as_str(), "in" | "at" | "during")
                });
                starts && ends
            })
            .filter(|_| whos[at].is_some())
            .map(|_| (at, None));
        if after.is_some() {
            return after;
        }
    }
    // "He updated the President…, and said…", "Peskov dismissed the idea, saying…":
    // the subject of the sentence's first clause.
    if v > 0 && (toks[v - 1].lower == "and" || (toks[v - 1].lower == "," && toks[v].lower.ends_with("ing"))) {
        return ms
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
    None
}

/// Who the subject at mention `k` is, once its appositive is read: a store
/// speaker in it names a role or institution subject; a person the store
/// does not know takes the actor of a title of government in apposition
/// ("The head of the Russian delegation, presidential aide Vladimir
/// Medinsky, said"; "Name, Russia's deputy foreign minister, said"; a
/// foreign title gives no actor). `None` for a commentator ("Iryna Koval, a
/// political analyst, said").
fn who_with_appositive(
    ctx: &Ctx,
    k: usize,
    appositive: &Option<Range<usize>>,
    verb: Verb,
    heard: &mut Heard,
) -> Option<Who> {
    let (toks, ms, whos) = (ctx.toks(), ctx.ms, ctx.whos);
    let mut who = whos[k].clone()?;
    if who.class != Class::Known
        && let Some(app) = appositive
        && let Some(j) = ms.iter().position(|m| {
            m.span.start >= app.start && m.span.end <= app.end && matches!(m.what, What::Speaker(..))
        })
        && let Some(w) = whos[j].clone()
    {
        who = w;
    }
    let Some(app) = appositive else { return Some(who) };
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
        who.actor = Some(actor);
        who.class = Class::Known;
    }
    if toks[app.clone()].iter().take(6).any(|t| cues::is_commentator(&t.lower)) {
        heard.commentary |= verb.speech;
        return None;
    }
    Some(who)
}

/// The attribution made by the verb at word `v`, if it makes one.
fn verb_attribution(ctx: &Ctx, v: usize, used: &mut HashSet<usize>, heard: &mut Heard) -> Option<Attr> {
    let (toks, ms) = (ctx.toks(), ctx.ms);
    let verb = attribution_verb(toks, v)?;
    let (k, appositive) = subject_of(ctx, v, verb)?;
    if used.contains(&k) {
        return None;
    }
    let mut who = who_with_appositive(ctx, k, &appositive, verb, heard)?;
    if !verb.speech && !speakerish(&who) {
        return None;
    }
    // "it" and "they" stand for an institution only as the subject of a verb of saying.
    if !verb.speech && matches!(&ms[k].what, What::Pronoun(p) if p == "it" || p == "they") {
        return None;
    }
    // "has not commented", "did not confirm": nothing was said.
    // (An appositive's words do not count: "Zelensky, who was not invited, said".)
    let between: Vec<&str> = toks[ms[k].span.end.min(v)..v]
        .iter()
        .enumerate()
        .filter(|(j, _)| {
            let at = ms[k].span.end + j;
            !appositive.as_ref().is_some_and(|a| at + 1 >= a.start && at <= a.end)
        })
        .map(|(_, t)| t.lower.as_str())
        .collect();
    if verb.speech && verb.polarity == 0 && between.iter().any(|w| NEGATORS.contains(w)) {
        return None;
    }
    // Analysts, experts and critics comment; they do not speak for a party.
    if matches!(&ms[k].what, What::Anonymous(head, _) if cues::is_commentator(head))
        || described_as_commentator(toks, ms[k].span.end)
    {
        heard.commentary |= verb.speech;
        return None;
    }
    let mut mode = if verb.speech { Mode::Speech } else { Mode::Position };
    if matches!(who.class, Class::Outlet | Class::Anonymous) && who.actor.is_none() {
        who = ctx.content_who(k, who.class)?;
        mode = Mode::Content;
    }
    used.insert(k);
    let subject = ms[k].span.clone();
    heard.voices.push((who.actor, Some(v)));
    if let Some(app) = &appositive {
        heard.asides.push(app.clone());
    }
    let default_date = default_date(ctx, &between, mode, toks[v].lower.ends_with("ing"));
    let rule = match mode {
        Mode::Speech => "a verb of saying with its subject",
        Mode::Position => "a verb of taking a position with its subject",
        _ => "an outlet or a source reporting the actor's position",
    };
    Some(Attr {
        verb: Some(verb),
        default_date,
        ..ctx.attr(
            Some((subject.start, v)),
            attribution_date(ctx.s, subject.start.min(v)..subject.end.max(v.min(subject.start)), Some(v)),
            who,
            mode,
            rule,
        )
    })
}

/// The date a verb's statement takes when it names none: none for a
/// long-standing position ("has long said", "But X has said"), the month for
/// a position in progress ("is considering"), else the section's day.
fn default_date(ctx: &Ctx, between: &[&str], mode: Mode, ing: bool) -> Option<PartialDate> {
    let long_standing = between.iter().any(|w| matches!(*w, "long" | "always" | "repeatedly"));
    let progressive = ing && between.iter().any(|w| matches!(*w, "is" | "are"));
    let default_date = match mode {
        Mode::Speech if long_standing => None,
        Mode::Position if progressive => month_of(ctx.opts.published),
        _ => ctx.today,
    };
    let contrast = ctx.toks().first().is_some_and(|t| CONTRASTIVE.contains(&t.lower.as_str()));
    let perfect = between.iter().any(|w| matches!(*w, "has" | "have"));
    if contrast && perfect && mode == Mode::Speech { None } else { default_date }
}

/// A verb inside what someone else said ("Ponomarev said that Putin was
/// likely to accept…") is not an attribution of its own; nor is an actor
/// doing something in a sentence that someone on the record reports —
/// unless it is another actor of the store taking a position there ("Witkoff
/// said the Russians agreed to…"): that is kept as their position, second-hand,
/// reported by the speaker's actor (see [`Attr::reported_by`]).
fn drop_embedded(out: &mut Vec<Attr>, toks: &[Token]) {
    let speech_at: Vec<(usize, Option<usize>, Option<String>)> = out
        .iter()
        .filter(|a| a.mode == Mode::Speech && speakerish_or_person(&a.who))
        .filter_map(|a| a.at.map(|(_, v)| (v, a.who.actor, a.who.speaker.clone())))
        .collect();
    // The day each speaker said it ("said on Tuesday"): a position they report is dated with it.
    let said_on: Vec<(usize, Option<PartialDate>)> =
        out.iter().filter_map(|a| a.at.map(|(_, v)| (v, a.date))).collect();
    // A speaker who hopes, expects or claims reports no one's position.
    let hedging: Vec<usize> =
        out.iter().filter(|a| a.verb.is_some_and(|v| v.hedge)).filter_map(|a| a.at.map(|x| x.1)).collect();
    // Plain verbs of saying ("said", "told"), which a bare clause may follow;
    // after "dismissed", "welcomed" a name is their object ("dismisses Paris pledges").
    let plain: Vec<usize> = out
        .iter()
        .filter(|a| a.verb.is_some_and(|v| v.speech && v.polarity == 0 && !v.hedge))
        .filter_map(|a| a.at.map(|x| x.1))
        .collect();
    let mut kept = Vec::with_capacity(out.len());
    for mut a in out.drain(..) {
        let Some((subj, verb)) = a.at else {
            kept.push(a);
            continue;
        };
        let embedded_in = speech_at.iter().find(|&&(v, actor, _)| {
            v < subj && actor != a.who.actor && toks[v..subj].iter().any(|t| t.lower == "that" && !t.quoted)
        });
        let deed_in = speech_at.iter().find(|&&(_, actor, _)| actor.is_some() && actor != a.who.actor);
        // "Witkoff said the Russians agreed": a clause with no "that", right after the verb.
        let bare_clause = speech_at.iter().find(|&&(v, actor, _)| {
            v < subj
                && subj <= v + 4
                && plain.contains(&v)
                && actor.is_some()
                && actor != a.who.actor
                && toks[v + 1..subj].iter().all(|t| t.word && !t.quoted)
        });
        let reporter = match (embedded_in.or(bare_clause), deed_in, a.mode == Mode::Position) {
            (Some(r), _, _) | (None, Some(r), true) => r,
            _ => {
                kept.push(a);
                continue;
            }
        };
        // Another actor of the store taking a position in the speaker's words
        // (a verb with a polarity, or one of taking a position), reported by
        // an actor of the store: their position, second-hand.
        let takes_position = a.verb.is_some_and(|v| v.polarity != 0 && !v.hedge);
        let modal = |w: &str| {
            matches!(
                w,
                "would" | "could" | "will" | "should" | "must" | "can" | "might" | "may" | "'ll" | "to"
            )
        };
        let quoted_or_hedged = hedging.contains(&reporter.0)
            || toks[subj.min(verb)..verb].iter().any(|t| {
                t.quoted
                    || modal(&t.lower)
                    || HEDGES.contains(&t.lower.as_str())
                    || SUBORDINATORS.contains(&t.lower.as_str())
            })
            || toks[..subj].iter().rev().take(3).any(|t| SUBORDINATORS.contains(&t.lower.as_str()));
        if let (Some(by), Some(_)) = (reporter.1, a.who.actor)
            && takes_position
            && !quoted_or_hedged
            && matches!(a.who.class, Class::Known | Class::Institution)
            && reporter.0 < subj
        {
            a.reported_by = Some((by, reporter.2.clone()));
            if a.date.is_none() {
                a.date = said_on.iter().find(|(v, _)| *v == reporter.0).and_then(|(_, d)| *d);
            }
            a.rule = "another actor's account of this actor's position (“X said the Russians agreed”)";
            kept.push(a);
        }
    }
    *out = kept;
}

/// "X … to present a proposal for …": the subject makes a proposal.
fn delivered_proposals(ctx: &Ctx, out: &mut Vec<Attr>, used: &mut HashSet<usize>) {
    let (toks, ms, whos) = (ctx.toks(), ctx.ms, ctx.whos);
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
                && whos[*k].as_ref().is_some_and(speakerish)
        });
        let Some((k, m)) = agent else { continue };
        if used.contains(&k) {
            continue;
        }
        let Some(who) = whos[k].clone() else { continue };
        used.insert(k);
        let date = attribution_date(ctx.s, m.span.clone(), Some(dv));
        out.push(Attr {
            noun: Some(noun),
            ..ctx.attr(None, date, who, Mode::Nominal, "an actor presenting a proposal")
        });
    }
}

/// "according to X"
fn according_to(ctx: &Ctx, out: &mut Vec<Attr>, used: &mut HashSet<usize>) {
    let (toks, ms, whos) = (ctx.toks(), ctx.ms, ctx.whos);
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
        if used.contains(&k) {
            continue;
        }
        let Some(mut who) = whos[k].clone() else { continue };
        let mut mode = Mode::Speech;
        if who.actor.is_none() {
            let class = if who.class == Class::Outlet { Class::Outlet } else { Class::Anonymous };
            match ctx.content_who(k, class) {
                Some(w) => {
                    who = w;
                    mode = Mode::Content;
                }
                None => continue,
            }
        }
        used.insert(k);
        let date = attribution_date(ctx.s, i..ms[k].span.end, None);
        // "According to Witkoff, Moscow is ready to accept a truce": the
        // position of another actor, in the source's account.
        if mode == Mode::Speech
            && let Some(by) = who.actor
            && reported_positions(ctx, out, used, ms[k].span.end, (by, who.speaker.clone()), date)
        {
            continue;
        }
        out.push(ctx.attr(None, date, who, mode, "“according to”"));
    }
}

/// After "according to X," (from word `from`): another actor of the store
/// taking a position — with a verb that takes one ("Moscow agreed to…", an
/// attribution already found) or as "ready", "willing", "prepared" to
/// ("Moscow is ready to…") — is that actor's position, reported by X.
/// Returns whether there was one.
fn reported_positions(
    ctx: &Ctx,
    out: &mut Vec<Attr>,
    used: &mut HashSet<usize>,
    from: usize,
    by: (usize, Option<String>),
    date: Option<PartialDate>,
) -> bool {
    let (toks, ms, whos) = (ctx.toks(), ctx.ms, ctx.whos);
    let mut found = false;
    for a in out.iter_mut() {
        if let Some((subj, _)) = a.at
            && subj >= from
            && a.who.actor.is_some_and(|x| x != by.0)
            && a.verb.is_some_and(|v| v.polarity != 0 && !v.hedge)
            && a.reported_by.is_none()
        {
            a.reported_by = Some(by.clone());
            a.rule = "another actor's account of this actor's position (“according to X, Moscow…”)";
            if a.date.is_none() {
                a.date = date;
            }
            found = true;
        }
    }
    if found {
        return true;
    }
    for (k2, m) in ms.iter().enumerate() {
        if m.span.start < from
            || used.contains(&k2)
            || m.possessive
            || object_or_subordinate(toks, m.span.start)
        {
            continue;
        }
        let Some(who) = whos[k2].clone().filter(|w| speakerish(w) && w.actor.is_some_and(|x| x != by.0))
        else {
            continue;
        };
        let e = m.span.end;
        let ready = toks.get(e).is_some_and(|t| matches!(t.lower.as_str(), "is" | "are" | "was" | "were"))
            && toks.get(e + 1).is_some_and(|t| {
                matches!(t.lower.as_str(), "ready" | "willing" | "prepared" | "open" | "determined")
            })
            && toks.get(e + 2).is_some_and(|t| t.lower == "to")
            && !toks[e..e + 2].iter().any(|t| t.quoted);
        if !ready {
            continue;
        }
        used.insert(k2);
        out.push(Attr {
            verb: cues::verb("accept"),
            reported_by: Some(by),
            ..ctx.attr(
                Some((m.span.start, e + 1)),
                date,
                who,
                Mode::Position,
                "another actor's account of this actor's position (“according to X, Moscow is ready to…”)",
            )
        });
        return true;
    }
    false
}

/// "Zelensky: “…”", and a headline "Starmer: Putin's position is
/// 'unacceptable'" (a line with no closing full stop).
fn colon_quotes(ctx: &Ctx, out: &mut Vec<Attr>, used: &mut HashSet<usize>) {
    let (toks, ms, whos) = (ctx.toks(), ctx.ms, ctx.whos);
    for (k, m) in ms.iter().enumerate() {
        if used.contains(&k) {
            continue;
        }
        let headline =
            m.span.start == 0 && toks.last().is_some_and(|t| !matches!(t.lower.as_str(), "." | "!"));
        if toks.get(m.span.end).is_some_and(|t| t.lower == ":")
            && (toks.get(m.span.end + 1).is_some_and(|t| t.quote_mark) || headline)
            && let Some(who) = whos[k].clone()
            && who.class != Class::Anonymous
        {
            used.insert(k);
            out.push(ctx.attr(None, None, who, Mode::Speech, "a name and a colon before the words"));
        }
    }
}

/// "Starmer's efforts to…", "rebukes from the Kremlin", "conditions set by
/// the Kremlin": a noun of position owned by an actor.
fn nominal_positions(ctx: &Ctx, out: &mut Vec<Attr>, used: &mut HashSet<usize>) {
    let (toks, ms, whos) = (ctx.toks(), ctx.ms, ctx.whos);
    for (k, m) in ms.iter().enumerate() {
        if used.contains(&k) {
            continue;
        }
        let Some(who) = whos[k].clone() else { continue };
        if !speakerish(&who) {
            continue;
        }
        let Some(noun) = owned_noun(toks, m) else { continue };
        if out.iter().any(|a| a.who.actor == who.actor && a.who.actor.is_some()) {
            continue;
        }
        used.insert(k);
        out.push(Attr {
            noun: Some(noun),
            default_date: month_of(ctx.opts.published),
            ..ctx.attr(None, None, who, Mode::Nominal, "a noun of position the actor owns (“X's efforts”)")
        });
    }
}

/// The noun of position a mention owns: after its possessive ("Starmer's
/// efforts"), or before "from" / "by" ("rebukes from the Kremlin").
fn owned_noun(toks: &[Token], m: &Mention) -> Option<(Kind, i8)> {
    if m.possessive {
        let mut j = m.span.end + 1;
        let mut skipped = 0;
        while let Some(t) = toks.get(j) {
            if let Some(n) = t.word.then(|| cues::position_noun(&t.lower)).flatten() {
                return Some(n);
            }
            if skipped >= 2 || t.cap || !(t.word || t.quote_mark) {
                return None;
            }
            skipped += 1;
            j += 1;
        }
        return None;
    }
    if m.span.start < 2 {
        return None;
    }
    let p = m.span.start;
    let by = matches!(toks[p - 1].lower.as_str(), "from" | "by")
        || (p >= 2 && toks[p - 1].lower == "the" && matches!(toks[p - 2].lower.as_str(), "from" | "by"));
    if !by {
        return None;
    }
    // The noun just before "from" / "by" / "set by".
    let head = if toks[p - 1].lower == "the" { p.saturating_sub(2) } else { p - 1 };
    let mut j = head;
    let mut steps = 0;
    while j > 0 && steps < 3 {
        j -= 1;
        steps += 1;
        if let Some(n) = cues::position_noun(&toks[j].lower) {
            return Some(n);
        }
    }
    None
}

/// In a transcript, a labelled turn: the label names the speaker (its last
/// name resolved), and their sentences are their own words, unless the
/// sentence credits them to someone (a speaker reporting another's words
/// keeps both).
#[allow(clippy::too_many_arguments)]
pub(super) fn turn(
    si: usize,
    sent: &Sent,
    ms: &[Mention],
    whos: &[Option<Who>],
    turn: Option<super::super::transcript::Turn>,
    today: PartialDate,
    turn_who: &mut Option<Who>,
    attrs: &mut Vec<Attr>,
) {
    let Some(turn) = turn else {
        *turn_who = None;
        return;
    };
    if let Some(label) = &turn.label {
        *turn_who = if turn.asking {
            None
        } else {
            ms.iter()
                .zip(whos)
                .filter(|(m, _)| {
                    m.span.clone().all(|k| {
                        sent.tokens
                            .get(k)
                            .is_some_and(|t| label.start <= t.range.start && t.range.end <= label.end)
                    })
                })
                .filter_map(|(_, w)| w.clone())
                .next_back()
        };
    }
    if let Some(who) = turn_who.as_ref()
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
            rule: "a transcript turn: the labelled speaker's own words",
            reported_by: None,
        });
    }
}

/// Records in the sentence whose voices are heard in it (every subject–verb
/// pair, also those dropped) and the subjects' asides.
pub(super) fn note_voices(sent: &mut Sent, heard: Heard, attrs: &[Attr]) {
    sent.voices = heard.voices;
    for a in attrs {
        if !sent.voices.contains(&(a.who.actor, a.at.map(|x| x.1))) {
            sent.voices.push((a.who.actor, a.at.map(|x| x.1)));
        }
    }
    sent.asides = heard.asides;
}

/// Whether the words between a subject and its verb can stand there: adverbs
/// and auxiliaries, or an appositive between commas ("Peskov, the Kremlin
/// spokesman, said"). Returns the appositive's word range, if any.
pub(super) fn bridge(tokens: &[Token], from: usize, verb: usize) -> Option<Option<Range<usize>>> {
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
pub(super) fn described_as_commentator(toks: &[Token], end: usize) -> bool {
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
pub(super) fn object_or_subordinate(toks: &[Token], start: usize) -> bool {
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

pub(super) fn is_passive(tokens: &[Token], verb: usize) -> bool {
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
pub(super) fn attribution_date(s: &Sent, subject: Range<usize>, verb: Option<usize>) -> Option<PartialDate> {
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

#[cfg(test)]
mod tests {
    use super::super::analyse::Reader;
    use super::super::segment;
    use super::*;
    use chrono::NaiveDate;

    /// The attributions of the first sentence of `text`: (speaker, actor id, mode, rule).
    fn attributions(text: &str) -> Vec<(Option<String>, Option<String>, Mode, &'static str)> {
        let mut store = crate::store::sample();
        store.statements.clear();
        let lex = Lexicon::new(&store);
        let opts =
            IngestOptions { published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(), outlet: String::new() };
        let seg = segment::segment(text, &opts);
        let mut r = Reader::new(text, &store, &lex, &opts, &seg.units);
        let (s, ms, whos) = r.sentence(0, &seg.units[0]);
        let mut heard = Heard::default();
        sentence(0, &s, &ms, &whos, PartialDate::day(opts.published), &opts, &mut heard)
            .into_iter()
            .map(|a| {
                (a.who.speaker.clone(), a.who.actor.map(|i| store.actors[i].id.0.clone()), a.mode, a.rule)
            })
            .collect()
    }

    #[test]
    fn a_verb_of_saying_attributes_to_its_subject_before_or_after_it() {
        for text in ["Peskov said the truce was a respite.", "“It is a respite,” said Peskov."] {
            let a = attributions(text);
            assert_eq!(a.len(), 1, "{text}: {a:?}");
            assert_eq!(a[0].0.as_deref(), Some("Dmitry Peskov"));
            assert_eq!(a[0].1.as_deref(), Some("kremlin"));
            assert_eq!(a[0].2, Mode::Speech);
        }
    }

    #[test]
    fn according_to_and_a_colon_attribute_too() {
        let a = attributions("According to Zelensky, the plan is dead.");
        assert_eq!((a[0].1.as_deref(), a[0].3), (Some("kyiv"), "“according to”"));
        let a = attributions("Starmer: “We will not let Ukraine fall.”");
        assert_eq!((a[0].1.as_deref(), a[0].3), (Some("london"), "a name and a colon before the words"));
    }

    #[test]
    fn a_verb_inside_someone_elses_words_is_not_an_attribution() {
        let a = attributions("Ponomarev said that Putin rejected the truce.");
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].1.as_deref(), Some("russian_opposition"));
    }

    #[test]
    fn commentators_speak_for_nobody_and_questions_state_nothing() {
        assert!(attributions("Critics in Kyiv say the plan mirrors the Kremlin's demands.").is_empty());
        assert!(attributions("Will Peskov say the truce holds?").is_empty());
    }

    #[test]
    fn an_actors_noun_of_position_is_its_position() {
        let a = attributions("Starmer's efforts to build a coalition continue.");
        assert_eq!((a[0].1.as_deref(), a[0].2), (Some("london"), Mode::Nominal));
    }
}
