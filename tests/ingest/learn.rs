//! Learning from the analyst's corrections (issue 14): ingest text B, accept
//! corrected candidates of text A, which shares B's phrasing, and ingest B
//! again — its figures improve, because the store's lexicon now holds what
//! A's text said. The texts and their coding are the team's own
//! (`tests/fixtures/ingest/learn/`).

use std::path::PathBuf;

use chrono::NaiveDate;
use stancebook::edit::{self, Edit};
use stancebook::ingest::{self, Candidate, IngestOptions, TopicStance, TraceField};
use stancebook::model::{ActorId, Learned, Meaning, Source, Stance, Statement, Store, TopicId};

struct Coded {
    line: usize,
    actor: String,
    speaker: String,
    topic: String,
    stance: i8,
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/learn").join(name)
}

fn read(name: &str) -> (String, Vec<Coded>) {
    let text = std::fs::read_to_string(fixture(&format!("{name}.txt"))).unwrap();
    let coded = std::fs::read_to_string(fixture(&format!("{name}.tsv")))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Coded {
                line: f[0].parse().unwrap(),
                actor: f[1].into(),
                speaker: f[2].into(),
                topic: f[3].into(),
                stance: f[4].parse().unwrap(),
            }
        })
        .collect();
    (text, coded)
}

fn opts() -> IngestOptions {
    IngestOptions { published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(), outlet: "Team text".into() }
}

fn source() -> Source {
    Source {
        outlet: "Team text".into(),
        published: Some(stancebook::model::PartialDate::day(opts().published)),
        ..Source::default()
    }
}

fn store() -> Store {
    ingest::without_statements(&stancebook::store::sample())
}

/// (actor right, topic right, stance right) out of the coded statements.
fn score(cands: &[Candidate], coded: &[Coded]) -> (usize, usize, usize) {
    let mut out = (0, 0, 0);
    for g in coded {
        let Some(c) = cands.iter().find(|c| c.line == g.line) else { continue };
        out.0 += usize::from(c.actor.as_ref().map(|a| a.as_str()) == Some(g.actor.as_str()));
        let p = c.positions.iter().find(|p| p.topic.as_str() == g.topic);
        out.1 += usize::from(p.is_some() && c.positions.len() == 1);
        out.2 += usize::from(p.is_some_and(|p| p.stance.value() == g.stance));
    }
    out
}

/// What the analyst does with each candidate of `text`: corrects it to the
/// coding and accepts it; the store learns from each (one undo step each,
/// as the Ingest tab does).
fn accept_corrected(store: &mut Store, text: &str, coded: &[Coded]) -> Vec<Learned> {
    let found = ingest::extract(text, store, &opts());
    let mut taught = Vec::new();
    for g in coded {
        let c = found.candidates.iter().find(|c| c.line == g.line).expect("a candidate on each coded line");
        let mut fixed = c.clone();
        fixed.actor = Some(ActorId(g.actor.clone()));
        fixed.speaker = Some(g.speaker.clone());
        fixed.positions = vec![TopicStance {
            topic: TopicId(g.topic.clone()),
            stance: Stance::new(i64::from(g.stance)).unwrap(),
            evidence: String::new(),
        }];
        let statement: Statement = fixed.to_statement(store, &source()).unwrap();
        let lessons = ingest::lessons(c, text, &statement, store, None);
        let mut edits = vec![Edit::AddStatement(statement)];
        edits.extend(lessons.iter().cloned().map(Edit::Learn));
        edit::apply(store, Edit::Batch { label: "Accept".into(), edits }).unwrap();
        taught.extend(lessons);
    }
    taught
}

#[test]
fn accepting_corrected_candidates_of_one_text_improves_ingest_of_another() {
    let (a, a_coded) = read("a");
    let (b, b_coded) = read("b");
    let mut store = store();

    let before = ingest::extract(&b, &store, &opts());
    let (actor0, topic0, stance0) = score(&before.candidates, &b_coded);
    println!("text B before: actor {actor0}/3, topic {topic0}/3, stance {stance0}/3");

    let taught = accept_corrected(&mut store, &a, &a_coded);
    for l in &taught {
        println!("learned: “{}” → {}", l.phrase, l.meaning_text());
    }
    assert_eq!(store.statements.len(), a_coded.len());
    assert_eq!(store.lexicon.len(), taught.len(), "every lesson is in the store's lexicon: {taught:?}");
    let topics_taught: Vec<(&str, &str)> = taught
        .iter()
        .filter_map(|l| match &l.means {
            Meaning::Topic(t) => Some((l.phrase.as_str(), t.as_str())),
            _ => None,
        })
        .collect();
    assert!(topics_taught.contains(&("tripwire mission", "troops")), "{topics_taught:?}");
    assert!(topics_taught.contains(&("financial chokehold", "sanctions")), "{topics_taught:?}");
    assert!(
        taught.iter().any(|l| l.phrase == "hostile act"
            && l.means
                == Meaning::Stance { topic: TopicId("troops".into()), stance: Stance::new(-2).unwrap() }),
        "the stance phrase of the corrected stance is learned: {taught:?}"
    );

    let after = ingest::extract(&b, &store, &opts());
    let (actor1, topic1, stance1) = score(&after.candidates, &b_coded);
    println!("text B after: actor {actor1}/3, topic {topic1}/3, stance {stance1}/3");
    assert!(
        topic1 > topic0 && stance1 > stance0,
        "B improves: topic {topic0} → {topic1}, stance {stance0} → {stance1}"
    );
    assert_eq!((actor1, topic1), (3, 3), "every actor and topic of B is right after learning");

    // The reasons say where the topic and the stance came from.
    let z = after.candidates.iter().find(|c| c.line == 1).unwrap();
    let topic = z.trace.rated_topic(TraceField::Topic, &TopicId("troops".into())).unwrap();
    assert!(topic.detail.contains("tripwire mission") && topic.detail.contains("taught"), "{}", topic.detail);
    let stance = z.trace.rated_topic(TraceField::Stance, &TopicId("troops".into())).unwrap();
    assert!(
        stance.rule.contains("analyst taught") && stance.detail.contains("hostile act"),
        "{}",
        stance.detail
    );

    // Forgetting a lesson takes its effect away: undo the lexicon and B reads as before.
    let keys: Vec<_> = store.lexicon.iter().map(Learned::key).collect();
    for k in keys {
        edit::apply(&mut store, Edit::Unlearn(k)).unwrap();
    }
    let again = ingest::extract(&b, &store, &opts());
    assert_eq!(score(&again.candidates, &b_coded), (actor0, topic0, stance0));
}

/// Nothing is learned from a candidate accepted as proposed.
#[test]
fn a_candidate_accepted_as_proposed_teaches_nothing() {
    let store = store();
    let text = "Kremlin spokesman Dmitry Peskov said on Wednesday that a ceasefire was “nothing more than a respite”.";
    let found = ingest::extract(text, &store, &opts());
    let c = &found.candidates[0];
    let s = c.to_statement(&store, &source()).unwrap();
    assert!(ingest::lessons(c, text, &s, &store, None).is_empty());
}

/// Ingest credited the words to the wrong person, and the analyst names the
/// right one: the wrong name is not a way of naming them, and nothing is
/// learned from it; a description of the person is.
#[test]
fn a_misattribution_teaches_no_name_but_a_description_does() {
    let store = store();
    let text = "Elina Valtonen said sanctions on Moscow had to stay until Russia withdrew.";
    let found = ingest::extract(text, &store, &opts());
    let c = found.candidates.first().expect("a candidate for the sentence");
    assert_eq!(c.speaker.as_deref(), Some("Elina Valtonen"));
    let mut fixed = c.clone();
    fixed.speaker = Some("Alexander Stubb".into());
    fixed.actor = Some(ActorId("helsinki".into()));
    let s = fixed.to_statement(&store, &source()).unwrap();
    let lessons = ingest::lessons(c, text, &s, &store, None);
    assert!(!lessons.iter().any(|l| matches!(l.means, Meaning::Speaker { .. })), "{lessons:?}");
    // The same correction of a description ("the Finnish president") teaches it.
    let mut described = c.clone();
    described.speaker = Some("the Finnish president".into());
    let lessons = ingest::lessons(&described, text, &s, &store, None);
    let stubb = Meaning::Speaker { name: "Alexander Stubb".into(), actor: ActorId("helsinki".into()) };
    assert!(lessons.iter().any(|l| l.phrase == "the Finnish president" && l.means == stubb), "{lessons:?}");
    // And a speaker the analyst clears teaches nothing either.
    let mut cleared = fixed.clone();
    cleared.speaker = None;
    let s = cleared.to_statement(&store, &source()).unwrap();
    assert!(
        !ingest::lessons(&described, text, &s, &store, None)
            .iter()
            .any(|l| matches!(l.means, Meaning::Speaker { .. }))
    );
}

/// A taught stance phrase negated just before it says nothing: the rules decide.
#[test]
fn a_taught_stance_phrase_that_is_negated_is_not_applied() {
    let mut store = store();
    let hostile = Meaning::Stance { topic: TopicId("troops".into()), stance: Stance::new(-2).unwrap() };
    edit::apply(&mut store, Edit::Learn(Learned::new("hostile act", hostile, None, None))).unwrap();
    let taught = |text: &str| {
        let found = ingest::extract(text, &store, &opts());
        let c = found.candidates.first().expect("a candidate").clone();
        let why = c.trace.rated_topic(TraceField::Stance, &TopicId("troops".into())).map(|s| s.rule);
        (c.positions.iter().find(|p| p.topic.as_str() == "troops").map(|p| p.stance.value()), why)
    };
    let (stance, why) = taught("Maria Zakharova said British troops in Ukraine would be a hostile act.");
    assert_eq!(stance, Some(-2));
    assert!(why.is_some_and(|r| r.contains("analyst taught")));
    let (_, why) = taught("Maria Zakharova said British troops in Ukraine would not be a hostile act.");
    assert!(why.is_some_and(|r| !r.contains("analyst taught")), "{why:?}");
}

/// Renaming a speaker keeps the name forms taught for them pointing at
/// them, and Undo puts the old name back in the lessons too.
#[test]
fn renaming_a_speaker_carries_their_taught_name_forms() {
    let mut store = store();
    let stubb = Meaning::Speaker { name: "Alexander Stubb".into(), actor: ActorId("helsinki".into()) };
    edit::apply(&mut store, Edit::Learn(Learned::new("the Finnish president", stubb, None, None))).unwrap();
    let mut helsinki = store.actor(&ActorId("helsinki".into())).unwrap().clone();
    let i = helsinki.speakers.iter().position(|s| s.name == "Alexander Stubb").expect("Stubb in the sample");
    helsinki.speakers[i].name = "Cai-Göran Alexander Stubb".into();
    let undo =
        edit::apply(&mut store, Edit::UpdateActor { id: helsinki.id.clone(), actor: helsinki }).unwrap();
    let name = |s: &Store| match &s.lexicon[0].means {
        Meaning::Speaker { name, .. } => name.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(name(&store), "Cai-Göran Alexander Stubb");
    edit::apply(&mut store, undo).unwrap();
    assert_eq!(name(&store), "Alexander Stubb");
}

/// A person the store does not list, given an actor by the analyst: the
/// name is learned as a speaker of that actor, and names it next time.
#[test]
fn a_name_given_an_actor_is_learned() {
    let mut store = store();
    let text = "Elina Valtonen said sanctions on Moscow had to stay until Russia withdrew.";
    let found = ingest::extract(text, &store, &opts());
    let c = found.candidates.first().expect("a candidate for the sentence");
    assert_eq!((c.speaker.as_deref(), c.actor.as_ref()), (Some("Elina Valtonen"), None));
    let mut fixed = c.clone();
    fixed.actor = Some(ActorId("helsinki".into()));
    let s = fixed.to_statement(&store, &source()).unwrap();
    let lessons = ingest::lessons(c, text, &s, &store, None);
    let valtonen = Meaning::Speaker { name: "Elina Valtonen".into(), actor: ActorId("helsinki".into()) };
    assert_eq!(
        lessons.iter().map(|l| (l.phrase.as_str(), &l.means)).collect::<Vec<_>>(),
        vec![("Elina Valtonen", &valtonen)]
    );
    for l in lessons {
        edit::apply(&mut store, Edit::Learn(l)).unwrap();
    }
    let other = "Elina Valtonen told reporters that Europe had to keep up the pressure with new sanctions.";
    let again = ingest::extract(other, &store, &opts());
    let c = again.candidates.first().expect("a candidate");
    assert_eq!(c.actor.as_ref().map(|a| a.as_str()), Some("helsinki"));
    assert_eq!(c.speaker.as_deref(), Some("Elina Valtonen"));
    let why = c.trace.rated(TraceField::Actor).unwrap();
    assert!(why.rule.contains("taught") && why.detail.contains("Elina Valtonen"), "{why:?}");
}
