//! Stage 2, analyse: one sentence into words, mentions (resolved against
//! the discourse so far), topic keyword hits (not in a scene-setting phrase,
//! not a party's own forces), stance cues, clauses, the topics a definite
//! "the proposal" inherits, and the clauses that hold another actor's
//! position.

use std::collections::HashSet;

use super::super::cues::{self, CUES};
use super::super::dates;
use super::super::lexicon::{Lexicon, keyword_at};
use super::super::mentions::{self, Class, Discourse, How, Mention, What, Who};
use super::super::text::{self, SentenceUnit, Token};
use super::*;

/// A keyword match: (topic, keyword, first word, end word).
type Hit = (usize, usize, usize, usize);

/// Reads the sentences in order, remembering what the text has said so far
/// (who was named, who spoke, the last proposal named with its topics).
pub(super) struct Reader<'a> {
    text: &'a str,
    store: &'a Store,
    lex: &'a Lexicon,
    opts: &'a IngestOptions,
    discourse: Discourse,
    /// The topics of the last proposal named with one ("a proposal for a
    /// 30-day ceasefire"), and in which sentence.
    antecedent: Option<(Vec<usize>, usize)>,
    /// Each sentence's words and mentions, read ahead (taken as it is analysed).
    read: Vec<Option<(Vec<Token>, Vec<Mention>)>>,
}

impl<'a> Reader<'a> {
    /// Reads ahead: the words and mentions of every sentence, and which store
    /// speakers the text names anywhere (for roles no recent mention settles).
    pub(super) fn new(
        text: &'a str,
        store: &'a Store,
        lex: &'a Lexicon,
        opts: &'a IngestOptions,
        units: &[SentenceUnit],
    ) -> Reader<'a> {
        let read: Vec<Option<(Vec<Token>, Vec<Mention>)>> = units
            .iter()
            .map(|u| {
                let tokens = text::tokenize(text, u.range.clone(), &u.quotes);
                let ms = mentions::find(&tokens, lex, store);
                Some((tokens, ms))
            })
            .collect();
        let mut discourse = Discourse::default();
        for (_, ms) in read.iter().flatten() {
            for m in ms {
                if let What::Speaker(a, s) = m.what
                    && !discourse.named_in_text.contains(&(a, s))
                {
                    discourse.named_in_text.push((a, s));
                }
            }
        }
        Reader { text, store, lex, opts, discourse, antecedent: None, read }
    }

    /// Stage 2 for sentence `si`: the analysed sentence, its mentions, and
    /// who each mention is.
    pub(super) fn sentence(&mut self, si: usize, u: &SentenceUnit) -> (Sent, Vec<Mention>, Vec<Option<Who>>) {
        let (tokens, mut ms) = self.read.get_mut(si).and_then(Option::take).unwrap_or_else(|| {
            let tokens = text::tokenize(self.text, u.range.clone(), &u.quotes);
            let ms = mentions::find(&tokens, self.lex, self.store);
            (tokens, ms)
        });
        self.discourse.add_surname_mentions(&tokens, &mut ms);
        let whos = self.resolve(&tokens, &ms, si);
        let (hits, scene_hits) = keyword_hits(&tokens, &ms, self.lex);
        let clause = clauses(&tokens);
        let inherited = self.inherit_proposals(&tokens, &hits, si);
        let owned = owned_clauses(&tokens, &ms, &whos, &clause);
        let sent = Sent {
            owned,
            inherited,
            range: u.range.clone(),
            line: u.line,
            paragraph: u.paragraph,
            dates: dates::find(&tokens, self.opts.published),
            cues: cue_hits(&tokens, &ms),
            military: military(&tokens),
            tokens,
            quotes: u.quotes.clone(),
            hits,
            scene_hits,
            clause,
            voices: Vec::new(),
            asides: Vec::new(),
        };
        (sent, ms, whos)
    }

    /// Who each mention is. A pronoun after a person named earlier in the
    /// same sentence means them ("Zelensky said that he supported…");
    /// otherwise it resolves before the sentence's own names are noted.
    fn resolve(&self, tokens: &[Token], ms: &[Mention], si: usize) -> Vec<Option<Who>> {
        let mut whos: Vec<Option<Who>> = Vec::with_capacity(ms.len());
        for (k, m) in ms.iter().enumerate() {
            let local = match &m.what {
                What::Pronoun(p) => local_antecedent(tokens, &ms[..k], &whos, p),
                _ => None,
            };
            let who = local.or_else(|| self.discourse.resolve(&m.what, self.store, si));
            whos.push(who.map(|w| Who { how: how_named(tokens, m), ..w }));
        }
        whos
    }

    /// Proposal nouns: one with a topic next to it is an antecedent; a
    /// definite one without a topic in its sentence refers back to it.
    /// Returns the inherited (topic, noun word) pairs.
    fn inherit_proposals(&mut self, tokens: &[Token], hits: &[Hit], si: usize) -> Vec<(usize, usize)> {
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
                self.antecedent = Some((near, si));
            } else if !own_hit
                && i > 0
                && matches!(tokens[i - 1].lower.as_str(), "the" | "this" | "that" | "these" | "such" | "any")
                && let Some((topics, at)) = self.antecedent.clone()
                && si.saturating_sub(at) <= 12
            {
                inherited.extend(topics.iter().map(|&t| (t, i)));
                self.antecedent = Some((topics, si));
            }
        }
        inherited.sort_unstable();
        inherited.dedup_by_key(|x| x.0);
        inherited
    }

    /// What the discourse learns from a sentence's attributions: the person a
    /// later "he" or "she" means (the speaker of its statement, else the first
    /// person it names), and an unknown person's actor when a title or
    /// appositive named it ("Medinsky told reporters").
    pub(super) fn note_attributions(
        &mut self,
        si: usize,
        ms: &[Mention],
        whos: &[Option<Who>],
        attrs: &[Attr],
    ) {
        let subjects: Vec<Who> = attrs
            .iter()
            .filter(|a| matches!(a.mode, Mode::Speech | Mode::Position))
            .map(|a| a.who.clone())
            .collect();
        self.discourse.note_sentence(ms, whos, &subjects, si);
        for a in attrs {
            if let (Some(name), Some(actor)) = (&a.who.speaker, a.who.actor)
                && ms.iter().any(|m| matches!(&m.what, What::Person(n, ..) if n == name))
            {
                self.discourse.note_person(name, Some(actor));
            }
        }
    }
}

/// The topic keywords of a sentence, and those in phrases of circumstance
/// ("in the talks"), which count only when nothing else does. A keyword is
/// not a match when it lies inside a name, follows "to its" / "in their"
/// (a place), names a party's own forces, or sits inside a longer keyword
/// of another topic ("contact" in "the line of contact").
fn keyword_hits(tokens: &[Token], ms: &[Mention], lex: &Lexicon) -> (Vec<Hit>, Vec<Hit>) {
    let mut masked = vec![false; tokens.len()];
    for m in ms {
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
            let scene = in_scene(tokens, i);
            let own_forces = own_forces(tokens, ms, i, &lex.topics[ti].own);
            if let Some(end) = keyword_at(tokens, i, &lex.topics[ti].keys[ki])
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
    let longer = |h: &Hit, all: &[Hit]| {
        all.iter().any(|o| o.0 != h.0 && o.2 <= h.2 && h.3 <= o.3 && o.3 - o.2 > h.3 - h.2)
    };
    let all: Vec<Hit> = hits.iter().chain(&scene_hits).copied().collect();
    hits.retain(|h| !longer(h, &all));
    scene_hits.retain(|h| !longer(h, &all));
    (hits, scene_hits)
}

/// The stance cues of a sentence: (cue, first word).
fn cue_hits(tokens: &[Token], ms: &[Mention]) -> Vec<(usize, usize)> {
    let mut cue_hits = Vec::new();
    let by_first = cues_by_first_word();
    for (i, t) in tokens.iter().enumerate() {
        for &ci in by_first.get(t.lower.as_str()).into_iter().flatten() {
            // "a U.S. proposal", "Trump's proposal": someone's proposal
            // under discussion, not the speaker proposing.
            let owned = matches!(CUES[ci].words, ["proposal"] | ["propose"])
                && ms.iter().any(|m| m.span.end <= i && m.span.end + 2 >= i);
            if seq_at(tokens, i, CUES[ci].words) && refuses(tokens, i, CUES[ci].words) && !owned {
                cue_hits.push((ci, i));
            }
        }
    }
    cue_hits
}

/// Whether the sentence reports fighting (two or more battlefield words).
fn military(tokens: &[Token]) -> bool {
    tokens.iter().filter(|t| t.word).map(|t| u32::from(cues::military_weight(&t.lower))).sum::<u32>() >= 2
}

/// The clause of each word: clauses end at commas, semicolons, colons, dashes and brackets.
fn clauses(tokens: &[Token]) -> Vec<u16> {
    let mut clause = Vec::with_capacity(tokens.len());
    let mut c: u16 = 0;
    for t in tokens {
        if matches!(t.lower.as_str(), "," | ";" | ":" | "—" | "–" | "(" | ")") {
            c = c.saturating_add(1);
        }
        clause.push(c);
    }
    clause
}

/// Clauses holding another actor's position ("Putin's position was
/// unacceptable"): (clause, owner).
fn owned_clauses(
    tokens: &[Token],
    ms: &[Mention],
    whos: &[Option<Who>],
    clause: &[u16],
) -> Vec<(u16, Option<usize>)> {
    ms.iter()
        .zip(whos)
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
        .collect()
}

/// The stance cues by their first word.
pub(super) fn cues_by_first_word() -> &'static std::collections::HashMap<&'static str, Vec<usize>> {
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

/// The antecedent of a pronoun inside its own sentence: for "he" or "she",
/// the first person named before it who is not a possessive or the object
/// of a preposition ("Putin told Trump that he would…": Putin, the
/// subject); for "it" or "they", the last actor named before it.
pub(super) fn local_antecedent(
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
pub(super) fn own_forces(tokens: &[Token], ms: &[Mention], i: usize, own: &[usize]) -> bool {
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

/// A refusal cue ("will not", "would not", "won't") refuses only when a verb
/// of taking a position follows ("would not accept", "will not cede"), not
/// in "would not rush to a judgment".
pub(super) fn refuses(tokens: &[Token], i: usize, words: &[&str]) -> bool {
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
pub(super) fn in_scene(tokens: &[Token], i: usize) -> bool {
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

/// How mention `m` names who speaks (see [`How`]).
fn how_named(tokens: &[Token], m: &Mention) -> How {
    match &m.what {
        What::Speaker(..) => {
            let words = tokens[m.span.clone()].iter().filter(|t| t.word && t.cap).count();
            if words >= 2 { How::FullName } else { How::Surname }
        }
        What::Role { .. } => How::Role,
        What::Office(..) => How::Office,
        What::Actor(..) | What::Qualified(..) | What::Demonym(..) => How::Institution,
        What::Person(..) => How::Person,
        What::Pronoun(_) | What::InstitutionAnaphor(_) => How::Anaphor,
        What::Anonymous(..) => How::Anonymous,
        What::Outlet(_) => How::Outlet,
    }
}

#[cfg(test)]
mod tests {
    use super::super::segment;
    use super::*;
    use chrono::NaiveDate;

    /// Analyses the first sentence of `text` against the sample store.
    fn analyse(text: &str) -> (Sent, Vec<Mention>, Vec<Option<Who>>) {
        let mut store = crate::store::sample();
        store.statements.clear();
        let lex = Lexicon::new(&store);
        let opts =
            IngestOptions { published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(), outlet: String::new() };
        let seg = segment::segment(text, &opts);
        let mut r = Reader::new(text, &store, &lex, &opts, &seg.units);
        r.sentence(0, &seg.units[0])
    }

    fn topic_ids(s: &Sent, hits: &[Hit]) -> Vec<String> {
        let store = crate::store::sample();
        let lex = Lexicon::new(&store);
        let _ = s;
        hits.iter().map(|h| store.topics[lex.topics[h.0].topic].id.0.clone()).collect()
    }

    #[test]
    fn keywords_name_topics_but_not_in_a_scene_setting_phrase() {
        let (s, ..) = analyse("Peskov rejected a ceasefire in the talks.");
        assert_eq!(topic_ids(&s, &s.hits), vec!["ceasefire"]);
        assert_eq!(topic_ids(&s, &s.scene_hits), vec!["negotiations"], "in the talks sets the scene");
    }

    #[test]
    fn a_partys_own_forces_are_not_foreign_troops() {
        let (s, ..) = analyse("Kyiv said its troops would hold the line.");
        assert!(topic_ids(&s, &s.hits).iter().all(|t| t != "troops"), "{:?}", topic_ids(&s, &s.hits));
    }

    #[test]
    fn mentions_resolve_to_the_stores_speakers() {
        let (_, ms, whos) = analyse("Kremlin spokesman Dmitry Peskov said no.");
        let who = ms.iter().zip(&whos).find_map(|(_, w)| w.clone().filter(|w| w.speaker.is_some())).unwrap();
        assert_eq!(who.speaker.as_deref(), Some("Dmitry Peskov"));
    }

    #[test]
    fn stance_cues_and_clauses_are_found() {
        let (s, ..) = analyse("Moscow rejected the plan, but Kyiv welcomed it.");
        assert!(!s.cues.is_empty());
        assert!(s.clause.last() > s.clause.first(), "the comma starts a clause");
    }
}
