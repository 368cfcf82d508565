//! Issue 14: per-field confidence and reasons, background claims and
//! second-hand positions. Every sentence here was written by the team for
//! these tests (team-written, not from any article).

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use chrono::NaiveDate;
use stancebook::ingest::{self, Candidate, IngestOptions, Level, TraceField};
use stancebook::model::{PartialDate, Reliability, Source, Store, Verification};

fn store() -> Store {
    ingest::without_statements(&stancebook::store::sample())
}

fn extract(text: &str) -> Vec<Candidate> {
    let opts =
        IngestOptions { published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(), outlet: String::new() };
    ingest::extract(text, &store(), &opts).candidates
}

fn one(text: &str) -> Candidate {
    let c = extract(text);
    assert_eq!(c.len(), 1, "{text}: {c:#?}");
    c.into_iter().next().unwrap()
}

fn level(c: &Candidate, field: TraceField) -> Level {
    c.doubts().into_iter().find(|d| d.field == field && d.topic.is_none()).unwrap().level()
}

fn source() -> Source {
    Source {
        outlet: "Team Wire".into(),
        url: None,
        published: Some(PartialDate::day(NaiveDate::from_ymd_opt(2025, 3, 13).unwrap())),
        reliability: Reliability::B,
    }
}

#[test]
fn a_full_store_name_is_surer_than_a_surname_and_the_reason_says_how() {
    // Team-written.
    let full = one("Kremlin spokesman Dmitry Peskov said on Wednesday that a ceasefire was unacceptable.");
    let surname = one("Peskov said on Wednesday that a ceasefire was unacceptable.");
    assert_eq!(level(&full, TraceField::Speaker), Level::High);
    assert_eq!(level(&surname, TraceField::Speaker), Level::Medium);
    let why = full.doubts().into_iter().find(|d| d.field == TraceField::Speaker).unwrap().reason();
    assert!(why.contains("by full name"), "{why}");
    let why = surname.doubts().into_iter().find(|d| d.field == TraceField::Speaker).unwrap().reason();
    assert!(why.contains("by surname alone"), "{why}");
}

#[test]
fn a_named_day_is_sure_the_publication_date_by_default_is_not() {
    // Team-written.
    let named = one("Kremlin spokesman Dmitry Peskov said on Wednesday that a ceasefire was unacceptable.");
    let default = one("Kremlin spokesman Dmitry Peskov said that a ceasefire was unacceptable.");
    assert_eq!(level(&named, TraceField::Date), Level::High);
    assert!(level(&default, TraceField::Date) < Level::High);
    let d = default.doubts().into_iter().find(|d| d.field == TraceField::Date).unwrap();
    assert!(d.reason().contains("publication date"), "{}", d.reason());
}

#[test]
fn a_stance_with_no_cue_is_low_and_a_cue_in_the_clause_is_high() {
    // Team-written.
    let cue = one("Kremlin spokesman Dmitry Peskov said on Wednesday that Moscow rejected the ceasefire.");
    let stance = |c: &Candidate| {
        c.doubts()
            .into_iter()
            .find(|d| d.field == TraceField::Stance)
            .map(|d| (d.level(), d.reason()))
            .unwrap()
    };
    assert_eq!(stance(&cue).0, Level::High, "{:?}", stance(&cue));
    let none = one("Volodymyr Zelensky said on Tuesday that the meeting about the troops was long.");
    let (l, why) = stance(&none);
    assert_eq!(l, Level::Low, "{why}");
    assert!(why.starts_with("no cue"), "{why}");
    // The candidate is as doubtful as its weakest field, and that field comes first.
    assert_eq!(none.doubt(), Level::Low);
    assert_eq!(none.doubts()[0].field, TraceField::Stance);
    assert!(none.confidence() < cue.confidence());
}

#[test]
fn a_hedged_or_conditional_cue_is_medium() {
    // Team-written.
    let c = one("Keir Starmer said on Monday that Britain was ready to send troops if a ceasefire holds.");
    let troops = c
        .doubts()
        .into_iter()
        .find(|d| d.field == TraceField::Stance && d.topic.as_ref().is_some_and(|t| t.as_str() == "troops"))
        .unwrap();
    assert_eq!(troops.level(), Level::Medium, "{}", troops.reason());
    assert!(troops.reason().contains("condition"), "{}", troops.reason());
}

#[test]
fn json_carries_each_fields_confidence_and_reason() {
    // Team-written.
    let c = one("Kremlin spokesman Dmitry Peskov said on Wednesday that a ceasefire was unacceptable.");
    let v = serde_json::to_value(c.record()).unwrap();
    for f in ["speaker", "actor", "date", "kind", "verification"] {
        let x = &v["fields"][f];
        assert!(x["confidence"].as_f64().is_some_and(|n| (0.0..=1.0).contains(&n)), "{f}: {v}");
        assert!(["high", "medium", "low"].contains(&x["level"].as_str().unwrap()), "{f}: {v}");
        assert!(!x["reason"].as_str().unwrap().is_empty(), "{f}: {v}");
    }
    let t = &v["topics"][0];
    assert_eq!(t["topic"], "ceasefire");
    assert!(t["topic_confidence"]["reason"].as_str().unwrap().contains("ceasefire"), "{t}");
    assert!(t["stance_confidence"]["level"].is_string(), "{t}");
    assert_eq!(v["background"], false);
    assert!(v["reported_by"].is_null());
    let weakest = c.doubts()[0].confidence;
    assert!((v["confidence"].as_f64().unwrap() - f64::from(weakest)).abs() < 0.01, "{v}");
    assert_eq!(v["doubt"], c.doubt().as_str());
}

#[test]
fn a_long_standing_claim_is_background_and_left_undated() {
    // Team-written.
    for text in [
        "Moscow has long argued that a truce would only let Ukraine rearm.",
        "The Kremlin has repeatedly rejected a ceasefire that leaves Ukraine armed.",
        "Kyiv continues to reject any deal on territory.",
    ] {
        let c = one(text);
        assert!(c.background, "{text}: {c:#?}");
        assert_eq!(c.date, None, "{text}: not dated on the article's day");
        let why = c.trace.on(TraceField::Date).last().unwrap().rule;
        assert!(why.starts_with("background"), "{text}: {why}");
    }
    // News of the day is not background.
    let c = one("Kremlin spokesman Dmitry Peskov said on Wednesday that a ceasefire was unacceptable.");
    assert!(!c.background);
}

#[test]
fn since_a_year_dates_a_background_claim_to_that_year_only() {
    // Team-written.
    let c = one("The Kremlin has opposed NATO membership for Ukraine since 2022.");
    assert!(c.background);
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2022"));
    // A day the attribution names makes it news: "said on Tuesday that … since 2022".
    let c =
        one("Dmitry Peskov said on Tuesday that Moscow has opposed NATO membership for Ukraine since 2022.");
    assert!(!c.background, "{c:#?}");
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2025-03-11"));
}

#[test]
fn accepting_a_background_claim_asks_for_its_date() {
    // Team-written.
    let store = stancebook::store::sample();
    let c = one("Moscow has long argued that a truce would only let Ukraine rearm.");
    let draft = c.to_draft(&store, &source());
    assert_eq!(draft.date, "", "no silent default to the publication date");
    let err = c.to_statement(&store, &source()).unwrap_err().to_string();
    assert!(err.contains("background") && err.contains("give the date"), "{err}");
    let problems = draft.check(&store, NaiveDate::from_ymd_opt(2025, 3, 13).unwrap());
    assert!(
        problems.errors.iter().any(|e| e.message.contains("When was it said?")),
        "the draft says the date is missing: {problems:?}"
    );
    // Once the analyst gives a date, it is accepted with it.
    let mut dated = c.clone();
    dated.date = PartialDate::parse("2024-11").ok();
    let s = dated.to_statement(&store, &source()).unwrap();
    assert_eq!(s.date.to_string(), "2024-11");
    // A candidate of the day still takes the publication date by default.
    let news = one("Moscow rejected a truce.");
    assert!(!news.background);
    assert_eq!(news.to_draft(&store, &source()).date, "2025-03-13");
}

#[test]
fn another_actors_account_is_their_position_reported_by_the_speakers_actor() {
    // Team-written.
    let all = extract("Steve Witkoff said the Russians agreed to a 30-day ceasefire.");
    let kremlin: Vec<&Candidate> =
        all.iter().filter(|c| c.actor.as_ref().is_some_and(|a| a.as_str() == "kremlin")).collect();
    assert_eq!(kremlin.len(), 1, "{all:#?}");
    let k = kremlin[0];
    assert_eq!(k.verification, Verification::Reported);
    assert_eq!(k.reported_by.as_ref().map(|a| a.as_str()), Some("washington"));
    assert!(k.positions.iter().any(|p| p.topic.as_str() == "ceasefire" && p.stance.value() > 0));
    // Witkoff states no position of his own here: the Russians' stance is not his.
    assert!(
        !all.iter().any(|c| c.actor.as_ref().is_some_and(|a| a.as_str() == "washington")
            && c.positions.iter().any(|p| p.stance.value() > 0)),
        "{all:#?}"
    );
    // Accepted, the statement records who reported it.
    let store = stancebook::store::sample();
    let s = k.to_statement(&store, &source()).unwrap();
    assert_eq!(s.reported_by.as_ref().map(|a| a.as_str()), Some("washington"));
    assert_eq!(s.verification, Verification::Reported);
}

#[test]
fn according_to_a_speaker_an_actor_is_ready_to() {
    // Team-written.
    let c = one("According to Keir Starmer, Moscow is ready to accept a ceasefire.");
    assert_eq!(c.actor.as_ref().map(|a| a.as_str()), Some("kremlin"));
    assert_eq!(c.reported_by.as_ref().map(|a| a.as_str()), Some("london"));
    assert_eq!(c.verification, Verification::Reported);
    assert!(c.positions.iter().any(|p| p.topic.as_str() == "ceasefire" && p.stance.value() > 0));
}

#[test]
fn the_speakers_own_position_stays_theirs_beside_the_one_they_report() {
    // Team-written: Zelensky reports the Kremlin's rejection, and states his own line.
    let all = extract(
        "Volodymyr Zelensky said on Tuesday Russia rejected the ceasefire.\n\n\
         Volodymyr Zelensky said on Tuesday that Ukraine was ready for a ceasefire.",
    );
    let kremlin = all.iter().find(|c| c.actor.as_ref().is_some_and(|a| a.as_str() == "kremlin")).unwrap();
    assert_eq!(kremlin.reported_by.as_ref().map(|a| a.as_str()), Some("kyiv"));
    assert_eq!(kremlin.date.map(|d| d.to_string()).as_deref(), Some("2025-03-11"), "the day it was reported");
    assert!(kremlin.positions.iter().all(|p| p.stance.value() < 0), "{kremlin:#?}");
    let kyiv: Vec<&Candidate> =
        all.iter().filter(|c| c.actor.as_ref().is_some_and(|a| a.as_str() == "kyiv")).collect();
    assert!(!kyiv.is_empty(), "{all:#?}");
    assert!(kyiv.iter().all(|c| c.reported_by.is_none() && c.verification == Verification::Confirmed));
    assert!(
        kyiv.iter()
            .any(|c| c.positions.iter().any(|p| p.topic.as_str() == "ceasefire" && p.stance.value() > 0)),
        "{kyiv:#?}"
    );
}

#[test]
fn a_hoped_for_position_is_not_reported_as_held() {
    // Team-written: hopes and modals report no one's position.
    let all = extract("Donald Trump said on Tuesday that he hoped Russia would agree to the ceasefire.");
    assert!(all.iter().all(|c| c.reported_by.is_none()), "{all:#?}");
}
