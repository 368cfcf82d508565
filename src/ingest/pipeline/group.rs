//! Stage 4, group: each sentence's attributions join the draft statement
//! they go on with, or start one; a sentence with none may continue the last.

use super::*;

/// Stage 4 for sentence `si`: each of its attributions joins the draft it
/// continues (see [`continues`]) or starts one; with no attribution, the
/// sentence may continue the last draft.
pub(super) fn add(
    drafts: &mut Vec<Draft>,
    sents: &[Sent],
    si: usize,
    attrs: Vec<Attr>,
    own_topics: &[usize],
    lex: &Lexicon,
) {
    if attrs.is_empty() {
        continue_draft(drafts, sents, si, own_topics, lex);
        return;
    }
    for a in attrs {
        // The statement it continues: the latest one near it, skipping
        // others made in the same sentences (a possessive "Putin's
        // position" between a speaker and their next quote).
        let n = drafts.len();
        let merge_into =
            (n.saturating_sub(3)..n).rev().find(|&di| continues(drafts, di, &a, sents, si, own_topics, lex));
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

/// Whether attribution `a` (of sentence `si`) goes on with draft `di`: the
/// draft is near (this sentence or the one before, in the same or the next
/// paragraph), speaks for the same actor in the same voice, its topics are
/// compatible, `a` starts no new claim, and only possessives made in the
/// draft's own sentences lie between them.
fn continues(
    drafts: &[Draft],
    di: usize,
    a: &Attr,
    sents: &[Sent],
    si: usize,
    own_topics: &[usize],
    lex: &Lexicon,
) -> bool {
    let d = &drafts[di];
    let last = *d.sents.last().unwrap_or(&usize::MAX);
    let near = last == si || (last + 1 == si && sents[si].paragraph <= sents[last].paragraph + 1);
    if !near || !same_actor(&d.who, &a.who) || !same_voice(d, a) || d.sents.len() >= MAX_DRAFT_SENTENCES {
        return false;
    }
    let before = topics_of(sents, &d.sents, lex);
    // A quote the same speaker is then credited with supports the summary
    // before it, whatever it adds.
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
    // A new verb that takes a stance ("He rejected the suggestion that…")
    // in a sentence of no topic starts a claim of its own.
    let new_claim = own_topics.is_empty()
        && !before.is_empty()
        && a.verb.is_some_and(|v| v.polarity != 0)
        && !d.sents.contains(&si);
    // Only a possessive inside the speaker's own sentence is skipped
    // ("Starmer said … Putin's position was …").
    // (and another actor's position the speaker reports there: "Witkoff said the Russians agreed…").
    let skipped_others = drafts[di + 1..].iter().all(|o| {
        o.attrs.iter().all(|x| {
            (x.mode == Mode::Nominal || x.reported_by.is_some())
                && d.attrs.iter().any(|y| y.sentence == x.sentence && y.mode == Mode::Speech)
        })
    });
    compatible && !new_claim && skipped_others
}

/// Whether two voices speak for the same party: the same actor, or (with
/// none) the same named speaker.
fn same_actor(d: &Who, a: &Who) -> bool {
    match (&d.actor, &a.actor) {
        (Some(x), Some(y)) => x == y,
        (None, None) => d.speaker.is_some() && d.speaker == a.speaker,
        _ => false,
    }
}

/// Whether `a` is the same voice as the draft's: anonymous sources are
/// another voice than a named speaker; an institution's words join a named
/// speaker's ("the Kremlin said … Peskov added"), but two named people of
/// one actor make two statements, whoever was heard between them.
fn same_voice(d: &Draft, a: &Attr) -> bool {
    let anonymous = |w: &Who| w.class == Class::Anonymous;
    let named_other = a.who.speaker.is_some()
        && d.attrs.iter().any(|x| x.who.speaker.is_some() && x.who.speaker != a.who.speaker);
    (anonymous(&d.who) == anonymous(&a.who) || d.who.speaker.is_none())
        && (d.who.speaker.is_none()
            || a.who.speaker.is_none()
            || d.who.speaker == a.who.speaker
            || d.attrs.iter().any(|x| x.who.speaker.is_none()))
        && !named_other
}

/// A sentence with no attribution of its own continues the statement before
/// it when it goes on with the quote, or refers back to it ("She", "These
/// terms") and adds topics or quotes.
pub(super) fn continue_draft(
    drafts: &mut [Draft],
    sents: &[Sent],
    si: usize,
    own_topics: &[usize],
    lex: &Lexicon,
) {
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::super::{IngestOptions, extract};

    fn candidates(text: &str) -> Vec<(Option<String>, usize)> {
        let mut store = crate::store::sample();
        store.statements.clear();
        let opts =
            IngestOptions { published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(), outlet: String::new() };
        extract(text, &store, &opts).candidates.into_iter().map(|c| (c.speaker, c.sentences.len())).collect()
    }

    #[test]
    fn a_speakers_next_quote_joins_their_statement() {
        let c = candidates(
            "Peskov said a truce would be a respite. “We need a settlement, not a pause,” he said.",
        );
        assert_eq!(c, vec![(Some("Dmitry Peskov".into()), 2)]);
    }

    #[test]
    fn two_named_people_of_one_actor_make_two_statements() {
        let c = candidates("Peskov rejected the truce. Lavrov said the truce was unacceptable.");
        assert_eq!(c.len(), 2, "{c:?}");
    }

    #[test]
    fn a_sentence_that_refers_back_and_adds_a_quote_continues_the_statement() {
        let c = candidates(
            "Zelensky said Ukraine backs a ceasefire. “These terms are clear,” the statement went on.",
        );
        assert_eq!(c[0].1, 2, "{c:?}");
    }
}
