//! Search behaviour: every filter, negation, several values, phrases, errors
//! with their place, typo tolerance, highlighting (Cyrillic too), the date
//! tie-break, the index kept in step with edits, `event:` (statements
//! from an event to a window after it) and `by:` (who entered or changed them).

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use stancebook::model::{
    ActorId, Analyst, Kind, PartialDate, Position, Stance, Statement, Store, Timestamp, TopicId, Verification,
};
use stancebook::search::{Field, Query, SearchIndex, SearchResults};

fn date(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

/// A statement with fixed timestamps, so ids and order are deterministic.
fn statement(n: u64, day: &str, actor: &str, quote: &str, topics: &[(&str, i64)]) -> Statement {
    let mut s = Statement::new(date(day), ActorId::from(actor), quote);
    s.id = stancebook::model::StatementId::from_parts(1_700_000_000_000 + n, n as u128);
    s.recorded_at = Timestamp::from_millis(1_700_000_000_000).unwrap();
    s.updated_at = s.recorded_at;
    s.positions = topics
        .iter()
        .map(|(t, v)| Position {
            topic: TopicId::from(*t),
            stance: Stance::new(*v).unwrap(),
            conditions: String::new(),
            evidence: Default::default(),
        })
        .collect();
    s
}

/// The sample's actors and topics with a small set of statements.
fn store() -> Store {
    let mut store = stancebook::store::sample();
    store.statements.clear();
    let mut s1 = statement(
        1,
        "2025-03-13",
        "kremlin",
        "We will not accept a truce while Ukrainian troops are in Sudzha",
        &[("ceasefire", -1)],
    );
    s1.speaker = Some("Dmitry Peskov".into());
    s1.kind = Kind::Rejection;
    s1.verification = Verification::Confirmed;
    s1.original = Some("Мы не согласимся на перемирие, пока украинские войска в Судже".into());
    s1.source.outlet = "TASS".into();
    s1.tags = vec!["Kursk incursion".into()];
    let mut s2 = statement(
        2,
        "2025-06-30",
        "kyiv",
        "Russia must leave the occupied regions; no cession of territory",
        &[("territory", -2)],
    );
    s2.speaker = Some("Volodymyr Zelensky".into());
    s2.kind = Kind::Demand;
    s2.verification = Verification::Reported;
    s2.source.outlet = "The Kyiv Independent".into();
    let mut s3 = statement(
        3,
        "2025-07-01",
        "washington",
        "A ceasefire in the Black Sea would help, and the sea lanes must open",
        &[("ceasefire", 2), ("negotiations", 1)],
    );
    s3.speaker = Some("Marco Rubio".into());
    s3.kind = Kind::Proposal;
    s3.notes = "Said in Jeddah after the talks with Sybiha.".into();
    let mut s4 = statement(
        4,
        "2024-11-05",
        "nato",
        "Allies will keep supporting Ukraine; peacekeepers are for later",
        &[("troops", 0), ("military_aid", 2)],
    );
    s4.speaker = Some("Mark Rutte".into());
    s4.verification = Verification::Unverified;
    let mut s5 = statement(
        5,
        "2025-03",
        "warsaw",
        "Poland will not send troops, Radosław Sikorski said; the black sea is not ours",
        &[("troops", -1)],
    );
    s5.speaker = Some("Radosław Sikorski".into());
    s5.kind = Kind::Rejection;
    s5.verification = Verification::Denied;
    for s in [s1, s2, s3, s4, s5] {
        store.insert_statement(s);
    }
    assert!(store.validate().is_empty(), "{:?}", store.validate());
    store
}

fn run(store: &Store, q: &str) -> SearchResults {
    let query = Query::parse_checked(q, store).unwrap_or_else(|e| panic!("{q}: {e}"));
    SearchIndex::build(store).search(store, &query, 0)
}

/// The actors of the hits, in order.
fn actors(store: &Store, q: &str) -> Vec<String> {
    run(store, q).hits.iter().map(|h| store.statements[h.index].actor.to_string()).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn err(q: &str) -> (String, usize) {
    let e = Query::parse_checked(q, &store()).unwrap_err();
    let c = e.column();
    (e.message, c)
}

#[test]
fn empty_query_lists_everything_newest_first() {
    let s = store();
    assert_eq!(actors(&s, ""), ["washington", "kyiv", "kremlin", "warsaw", "nato"]);
    assert_eq!(run(&s, "").total, 5);
}

#[test]
fn actor_filter_by_id_or_name_with_several_values_and_negation() {
    let s = store();
    assert_eq!(actors(&s, "actor:kremlin"), ["kremlin"]);
    assert_eq!(actors(&s, "actor:Kremlin"), ["kremlin"]);
    assert_eq!(sorted(actors(&s, "actor:kremlin,kyiv")), ["kremlin", "kyiv"]);
    assert_eq!(sorted(actors(&s, "-actor:nato,warsaw")), ["kremlin", "kyiv", "washington"]);
    assert!(actors(&s, "actor:kremlin actor:kyiv").is_empty(), "two clauses must both hold");
}

#[test]
fn topic_and_stance_filters() {
    let s = store();
    assert_eq!(sorted(actors(&s, "topic:ceasefire")), ["kremlin", "washington"]);
    assert_eq!(sorted(actors(&s, "-topic:ceasefire")), ["kyiv", "nato", "warsaw"]);
    assert_eq!(actors(&s, "topic:Ceasefire stance:>=1"), ["washington"]);
    assert_eq!(sorted(actors(&s, "stance:<0")), ["kremlin", "kyiv", "warsaw"]);
    assert_eq!(actors(&s, "stance:-2"), ["kyiv"]);
    assert_eq!(sorted(actors(&s, "stance:−1..0")), ["kremlin", "nato", "warsaw"]);
    // The stance filter looks at the positions on the topic filter's topics:
    // washington is +1 on negotiations, not on ceasefire.
    assert!(actors(&s, "topic:ceasefire stance:1").is_empty());
    assert_eq!(actors(&s, "topic:negotiations stance:1"), ["washington"]);
    assert_eq!(sorted(actors(&s, "-stance:<0")), ["nato", "washington"]);
}

#[test]
fn date_filters_take_in_whole_months() {
    let s = store();
    assert_eq!(sorted(actors(&s, "since:2025-03-01")), ["kremlin", "kyiv", "warsaw", "washington"]);
    // until:2025-06 takes in 30 June, not 1 July.
    assert_eq!(sorted(actors(&s, "since:2025-03-13 until:2025-06")), ["kremlin", "kyiv"]);
    assert_eq!(actors(&s, "until:2024"), ["nato"]);
    // A month-precision date sorts as its first day.
    assert_eq!(sorted(actors(&s, "since:2025-03 until:2025-03-01")), ["warsaw"]);
}

#[test]
fn kind_and_verification_filters() {
    let s = store();
    assert_eq!(sorted(actors(&s, "kind:rejection")), ["kremlin", "warsaw"]);
    assert_eq!(sorted(actors(&s, "kind:proposal,demand")), ["kyiv", "washington"]);
    assert_eq!(actors(&s, "kind:rejection verification:confirmed"), ["kremlin"]);
    assert_eq!(sorted(actors(&s, "-verification:denied,unverified")), ["kremlin", "kyiv", "washington"]);
}

#[test]
fn the_full_example_query_parses_and_filters() {
    let s = store();
    let q = "actor:kremlin topic:ceasefire since:2025-03-01 until:2025-06 stance:<=-1 kind:rejection verification:confirmed sudzha peskov";
    assert_eq!(actors(&s, q), ["kremlin"]);
}

#[test]
fn free_text_searches_every_field() {
    let s = store();
    assert_eq!(actors(&s, "sudzha"), ["kremlin"], "quote");
    assert_eq!(actors(&s, "судже"), ["kremlin"], "original (Cyrillic)");
    assert_eq!(actors(&s, "песков"), ["kremlin"], "speaker alias (Cyrillic)");
    assert_eq!(actors(&s, "rubio"), ["washington"], "speaker");
    assert_eq!(actors(&s, "jeddah"), ["washington"], "notes");
    assert_eq!(actors(&s, "tass"), ["kremlin"], "outlet");
    assert_eq!(actors(&s, "incursion"), ["kremlin"], "tag");
    assert_eq!(actors(&s, "kremlin"), ["kremlin"], "actor name");
    assert_eq!(actors(&s, "dmp"), ["kremlin"], "initials in a short field (Dmitry Peskov)");
    // Case and accents are ignored.
    assert_eq!(actors(&s, "RADOSLAW sikorski"), ["warsaw"]);
    // Every word must match.
    assert!(actors(&s, "sudzha rubio").is_empty());
}

#[test]
fn scattered_letters_in_long_text_do_not_match() {
    let mut s = store();
    s.statements.clear();
    // o-d-e-s-a can be picked out of the first quote, far apart; not close together.
    s.insert_statement(statement(
        1,
        "2025-01-01",
        "kyiv",
        "Our delegation expects a deal soon",
        &[("ceasefire", 1)],
    ));
    s.insert_statement(statement(2, "2025-01-02", "kyiv", "Drones hit Odesa port", &[("ceasefire", 1)]));
    s.insert_statement(statement(3, "2025-01-03", "kyiv", "Drones hit Odessa port", &[("ceasefire", 1)]));
    assert_eq!(run(&s, "odesa").total, 2);
    assert!(run(&s, "odesa").hits.iter().all(|h| s.statements[h.index].quote.contains("Odes")));
}

#[test]
fn quoted_phrases_match_exactly_and_negated_words_exclude() {
    let s = store();
    assert_eq!(sorted(actors(&s, "\"black sea\"")), ["warsaw", "washington"]);
    assert!(actors(&s, "\"sea black\"").is_empty());
    assert_eq!(actors(&s, "\"black sea\" -troops"), ["washington"]);
    assert_eq!(actors(&s, "\"black sea\" -\"sea lanes\""), ["warsaw"]);
    // A phrase still being typed (no closing quote) runs to the end.
    assert_eq!(sorted(actors(&s, "\"black se")), ["warsaw", "washington"]);
}

#[test]
fn one_typo_is_forgiven_when_the_word_finds_nothing() {
    let s = store();
    assert_eq!(actors(&s, "zelenksy"), ["kyiv"], "swapped letters");
    assert_eq!(actors(&s, "peskof"), ["kremlin"], "wrong letter");
    assert_eq!(actors(&s, "sudzhsa"), ["kremlin"], "extra letter");
    assert_eq!(actors(&s, "zelnsky"), ["kyiv"], "missing letter");
    assert!(actors(&s, "zleenksy").is_empty(), "two typos");
    // A forgiven typo scores below the same word spelt right.
    let right = run(&s, "peskov").hits[0].score;
    let wrong = run(&s, "peskof").hits[0].score;
    assert!(wrong < right, "{wrong} < {right}");
}

#[test]
fn highlights_index_the_right_characters() {
    let s = store();
    let r = run(&s, "sudzha песков");
    let hit = &r.hits[0];
    let st = &s.statements[hit.index];
    let text_at = |field: Field, ix: &[usize]| -> String {
        let chars: Vec<char> = field.text(&s, st).unwrap().chars().collect();
        ix.iter().map(|&i| chars[i]).collect()
    };
    let quote = hit.matches.iter().find(|m| m.field == Field::Quote).expect("quote highlighted");
    assert_eq!(text_at(Field::Quote, &quote.char_indices), "Sudzha");
    let alias =
        hit.matches.iter().find(|m| matches!(m.field, Field::SpeakerAlias(_))).expect("alias highlighted");
    assert_eq!(text_at(alias.field, &alias.char_indices), "Песков");

    let r = run(&s, "судже");
    let m = &r.hits[0].matches[0];
    assert_eq!(m.field, Field::Original);
    assert_eq!(text_at(Field::Original, &m.char_indices), "Судже");
    // Indices are char indices: the Cyrillic before them counts one each.
    assert_eq!(m.char_indices[0], "Мы не согласимся на перемирие, пока украинские войска в ".chars().count());

    let r = run(&s, "radoslaw \"black sea\"");
    let st = &s.statements[r.hits[0].index];
    let quote = r.hits[0].matches.iter().find(|m| m.field == Field::Quote).unwrap();
    let chars: Vec<char> = st.quote.chars().collect();
    let shown: String = quote.char_indices.iter().map(|&i| chars[i]).collect();
    assert_eq!(shown, "Radosławblack sea");
    // Empty free text: nothing to highlight.
    assert!(run(&s, "actor:kremlin").hits[0].matches.is_empty());
}

#[test]
fn ties_are_broken_by_date_newest_first() {
    let mut s = store();
    s.statements.clear();
    for (n, day) in [(1, "2025-01-02"), (2, "2025-05-06"), (3, "2024-12-31")] {
        s.insert_statement(statement(n, day, "kyiv", "the same words about Odesa", &[("ceasefire", 1)]));
    }
    let r = run(&s, "odesa");
    let dates: Vec<String> = r.hits.iter().map(|h| s.statements[h.index].date.to_string()).collect();
    assert_eq!(dates, ["2025-05-06", "2025-01-02", "2024-12-31"]);
    assert!(r.hits.windows(2).all(|w| w[0].score == w[1].score));
}

#[test]
fn better_matches_rank_first() {
    let mut s = store();
    s.statements.clear();
    s.insert_statement(statement(
        1,
        "2025-05-01",
        "kyiv",
        "talks in Odessa region said a spokesman",
        &[("ceasefire", 1)],
    ));
    s.insert_statement(statement(2, "2025-01-01", "kyiv", "strikes on Odesa overnight", &[("ceasefire", 1)]));
    let r = run(&s, "odesa");
    assert_eq!(r.hits.len(), 2);
    assert_eq!(s.statements[r.hits[0].index].quote, "strikes on Odesa overnight");
    assert!(r.hits[0].score > r.hits[1].score);
}

#[test]
fn errors_name_the_problem_and_its_column() {
    let (m, c) = err("sudzha foo:bar");
    assert!(m.contains("unknown filter `foo:`") && m.contains("actor:"), "{m}");
    assert_eq!(c, 8);
    let (m, c) = err("since:2025-13");
    assert!(m.contains("no month 13"), "{m}");
    assert_eq!(c, 7);
    let (m, c) = err("until:yesterday");
    assert!(m.contains("is not a date"), "{m}");
    assert_eq!(c, 7);
    let (m, c) = err("stance:>=1,5");
    assert!(m.contains("stance 5 is outside"), "{m}");
    assert_eq!(c, 12);
    assert!(err("stance:high").0.contains("not a stance"));
    let (m, c) = err("kind:threat");
    assert!(m.contains("unknown kind `threat`") && m.contains("warning"), "{m}");
    assert_eq!(c, 6);
    assert!(err("verification:true").0.contains("unknown verification `true`"));
    let (m, c) = err("peskov actor:");
    assert!(m.contains("`actor:` needs a value"), "{m}");
    assert_eq!(c, 8);
    let (m, c) = err("actor:kyiv,kremlim");
    assert!(m.contains("unknown actor `kremlim`") && m.contains("did you mean `kremlin`"), "{m}");
    assert_eq!(c, 12);
    assert!(err("topic:peace").0.contains("unknown topic `peace`"));
    assert!(err("-since:2025").0.contains("cannot be negated"));
    assert!(err("since:2025,2024").0.contains("takes one date"));
    // Display says the column.
    let e = Query::parse("x bogus:1").unwrap_err();
    assert!(e.to_string().starts_with("column 3: unknown filter"), "{e}");
}

/// [`store`] with analysts: Anna entered the Kremlin's statement and
/// changed Kyiv's (which Ben entered); Zoë entered Washington's, Johanna
/// Warsaw's; NATO's records nobody.
fn store_with_analysts() -> Store {
    let mut s = store();
    let anna = Analyst::new("Anna Petrova", Some("anna.petrova@desk.example"));
    for st in &mut s.statements {
        match st.actor.as_str() {
            "kremlin" => st.entered_by = Some(anna.clone()),
            "kyiv" => {
                st.entered_by = Some(Analyst::new("Ben Ode", None));
                st.changed_by = Some(Analyst::new("Anna Petrova", None));
            }
            "washington" => st.entered_by = Some(Analyst::new("Zoë Łukasz", Some("zoe@desk.example"))),
            "warsaw" => st.entered_by = Some(Analyst::new("Johanna Berg", None)),
            _ => {}
        }
    }
    assert!(s.validate().is_empty(), "{:?}", s.validate());
    s
}

#[test]
fn by_finds_who_entered_or_last_changed_a_statement() {
    let s = store_with_analysts();
    let by = |q: &str| sorted(actors(&s, q));
    // Entered or changed by her; by a word of her name, any case; never
    // inside a word (Johanna is not Anna).
    for q in ["by:anna", "by:Petrova", "by:ANNA", "by:\"anna p\"", "by:petr"] {
        assert_eq!(by(q), ["kremlin", "kyiv"], "{q}");
    }
    // Her e-mail is only on the Kremlin statement.
    assert_eq!(by("by:anna.petrova@desk"), ["kremlin"]);
    assert_eq!(by("by:desk"), ["kremlin", "washington"]);
    // Accents and Polish letters fold.
    assert_eq!(by("by:zoe"), ["washington"]);
    assert_eq!(by("by:lukasz"), ["washington"]);
    assert_eq!(by("by:ben,johanna"), ["kyiv", "warsaw"]);
    assert_eq!(by("-by:anna"), ["nato", "warsaw", "washington"]);
    assert_eq!(by("by:unknown"), ["nato"]);
    assert_eq!(by("by:Unknown,zoe"), ["nato", "washington"]);
    assert_eq!(by("by:anna actor:kyiv"), ["kyiv"]);
    assert!(by("by:anna by:ben").contains(&"kyiv".to_owned()));

    // An analyst no statement records is named, with the ones there are.
    let e = Query::parse_checked("by:carla", &s).unwrap_err();
    assert!(e.message.contains("no analyst matches `carla`"), "{e}");
    assert!(e.message.contains("Anna Petrova, Ben Ode, Johanna Berg, Zoë Łukasz"), "{e}");
    assert_eq!(e.column(), 4);
    let (m, _) = err("by:anna");
    assert!(m.contains("no statement in this store records its analyst yet"), "{m}");
    assert!(Query::parse_checked("by:unknown", &store()).is_ok());
    let (m, c) = err("peskov by:");
    assert!(m.contains("`by:` needs a value"), "{m}");
    assert_eq!(c, 8);
}

#[test]
fn the_index_follows_a_change_of_analyst() {
    let mut s = store_with_analysts();
    let mut index = SearchIndex::build(&s);
    let q = Query::parse("by:ben").unwrap();
    let nato = s.statements.iter().position(|x| x.actor == "nato").unwrap();
    s.statements[nato].changed_by = Some(Analyst::new("Ben Ode", None));
    s.statements[nato].updated_at = Timestamp::from_millis(1_800_000_000_000).unwrap();
    index.sync(&s);
    let hits: Vec<String> =
        index.search(&s, &q, 0).hits.iter().map(|h| s.statements[h.index].actor.to_string()).collect();
    assert_eq!(sorted(hits), ["kyiv", "nato"]);
    assert_eq!(index.search(&s, &q, 0), SearchIndex::build(&s).search(&s, &q, 0));
}

#[test]
fn odd_input_never_panics() {
    let s = store();
    let index = SearchIndex::build(&s);
    for q in [
        "",
        " ",
        "-",
        "--",
        "\"",
        "\"\"",
        "-\"",
        ":",
        "a:",
        "actor:,",
        "stance:..",
        "stance:>",
        "ё",
        "🙂",
        "x\u{0}y",
        "- - -",
        "\"unterminated",
        "a\"b",
        "İ",
        "ß",
        "event:",
        "event:+",
        "event:++",
        "event:\"\"+",
        "event:\"+7",
        "event:,+7",
        "event:alaska+99999999999999999999",
        "-event:alaska,+",
    ] {
        if let Ok(query) = Query::parse_checked(q, &s) {
            let _ = index.search(&s, &query, 3);
            let _ = index.matching(&s, &query);
        }
    }
}

#[test]
fn the_index_follows_edits() {
    let mut s = store();
    let mut index = SearchIndex::build(&s);
    let q = Query::parse("odesa").unwrap();
    assert_eq!(index.search(&s, &q, 0).total, 0);

    let at =
        s.insert_statement(statement(9, "2025-02-02", "paris", "Macron went to Odesa", &[("troops", 2)]));
    index.insert(&s, at);
    assert!(index.is_current(&s));
    let r = index.search(&s, &q, 0);
    assert_eq!(r.total, 1);
    assert_eq!(s.statements[r.hits[0].index].actor, "paris");

    s.statements[at].quote = "Macron went to Kharkiv".into();
    index.replace(&s, at);
    assert_eq!(index.search(&s, &q, 0).total, 0);
    assert_eq!(index.search(&s, &Query::parse("kharkiv").unwrap(), 0).total, 1);

    let removed = s.statements.remove(0);
    index.remove(0);
    assert!(index.is_current(&s));
    assert_eq!(index.search(&s, &Query::parse("").unwrap(), 0).total, 5);

    // sync finds insertions, removals and changes (by updated_at) on its own.
    s.insert_statement(removed);
    let i = s.statements.iter().position(|x| x.actor == "kyiv").unwrap();
    s.statements[i].quote = "Odesa is shelled again".into();
    s.statements[i].updated_at = Timestamp::from_millis(1_800_000_000_000).unwrap();
    assert!(!index.is_current(&s));
    assert_eq!(index.sync(&s), 2);
    assert!(index.is_current(&s));
    let fresh = SearchIndex::build(&s);
    for text in ["odesa", "", "kharkiv peskov", "actor:kyiv"] {
        let q = Query::parse(text).unwrap();
        assert_eq!(index.search(&s, &q, 0), fresh.search(&s, &q, 0), "{text}");
    }
}

#[test]
fn top_hits_and_matching_agree_with_a_full_ranking_on_a_large_store() {
    // More statements than one thread handles, so the parallel scan and the
    // early stop of scoring are both exercised.
    let s = stancebook::synthetic::generate(6000, 11);
    let index = SearchIndex::build(&s);
    for text in [
        "peskov",
        "sudzha",
        "eu",
        "ceasefire security",
        "security",
        "sea security",
        "troops peskov",
        "guarantees",
        "zelenksy",
        "\"black sea\"",
        "actor:kyiv -troops",
        "kind:warning",
    ] {
        let q = Query::parse_checked(text, &s).unwrap();
        let all = index.search(&s, &q, 0);
        let top = index.search(&s, &q, 15);
        assert_eq!(top.total, all.total, "{text}");
        let ids = |r: &SearchResults| r.hits.iter().map(|h| (h.index, h.score)).collect::<Vec<_>>();
        assert_eq!(ids(&top), ids(&all)[..all.hits.len().min(15)], "{text}");
        let mut matching: Vec<usize> = all.hits.iter().map(|h| h.index).collect();
        matching.sort_unstable();
        assert_eq!(index.matching(&s, &q), matching, "{text}");
        // Scores never rise down the list, and equal scores go newest first.
        assert!(
            all.hits
                .windows(2)
                .all(|w| w[0].score > w[1].score || (w[0].score == w[1].score && w[0].index > w[1].index))
        );
    }
}

#[test]
fn a_word_finds_the_statements_on_a_topic_of_that_name() {
    let store = stancebook::store::sample();
    let index = SearchIndex::build(&store);
    let q = Query::parse_checked("zakharova troops", &store).unwrap();
    let r = index.search(&store, &q, 0);
    assert!(r.total >= 3, "her three statements on foreign troops: {}", r.total);
    for hit in &r.hits {
        let s = &store.statements[hit.index];
        assert_eq!(s.speaker.as_deref(), Some("Maria Zakharova"));
        assert!(s.position(&stancebook::model::TopicId::from("troops")).is_some());
        let topic = hit
            .matches
            .iter()
            .find(|m| matches!(m.field, stancebook::search::Field::Topic(_)))
            .expect("the topic name is highlighted");
        let name = topic.field.text(&store, s).unwrap();
        let marked: String = topic.char_indices.iter().map(|&i| name.chars().nth(i).unwrap()).collect();
        assert_eq!(marked.to_lowercase(), "troops", "in {name}");
    }
}

#[test]
fn sync_after_random_edits_matches_a_fresh_index() {
    // Edits anywhere (first, last, middle), dates moved so a statement
    // changes place, insertions and removals, several at once: the synced
    // index answers as one built from scratch.
    let mut s = stancebook::synthetic::generate(600, 11);
    let mut index = SearchIndex::build(&s);
    let mut rng = stancebook::synthetic::Rng::new(5);
    let queries: Vec<Query> =
        ["peskov", "", "actor:kremlin ceasefire", "zelenksy", "since:2024-06 stance:<0"]
            .map(|q| Query::parse(q).unwrap())
            .to_vec();
    let mut clock = 1_900_000_000_000i64;
    for round in 0..60 {
        for _ in 0..1 + rng.below(3) {
            let n = s.statements.len();
            let at = match rng.below(3) {
                0 => 0,
                1 => n - 1,
                _ => rng.below(n),
            };
            clock += 1;
            match rng.below(4) {
                0 => {
                    s.statements.remove(at);
                }
                1 => {
                    let mut copy = s.statements[at].clone();
                    copy.id = stancebook::model::StatementId::new();
                    copy.quote = format!("Odesa round {round}");
                    s.insert_statement(copy);
                }
                2 => {
                    s.statements[at].quote = format!("Kharkiv round {round}");
                    s.statements[at].updated_at = Timestamp::from_millis(clock).unwrap();
                }
                _ => {
                    let moved = s.statements[rng.below(n)].date;
                    s.statements[at].date = moved;
                    s.statements[at].updated_at = Timestamp::from_millis(clock).unwrap();
                    s.sort_statements();
                }
            }
        }
        index.sync(&s);
        assert!(index.is_current(&s), "round {round}");
        let fresh = SearchIndex::build(&s);
        for q in &queries {
            assert_eq!(index.search(&s, q, 0), fresh.search(&s, q, 0), "round {round}");
        }
    }
    assert_eq!(index.sync(&s), 0, "nothing left to do");
}

/// The ids of the statements a query finds in the full sample store, with their dates and actors.
fn sample_hits(q: &str) -> Vec<(String, String)> {
    let store = stancebook::store::sample();
    let query = Query::parse_checked(q, &store).unwrap_or_else(|e| panic!("{q}: {e}"));
    let mut v: Vec<(String, String)> = SearchIndex::build(&store)
        .search(&store, &query, 0)
        .hits
        .iter()
        .map(|h| {
            let s = &store.statements[h.index];
            (s.date.to_string(), s.actor.to_string())
        })
        .collect();
    v.sort();
    v
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(d, a)| (d.to_string(), a.to_string())).collect()
}

#[test]
fn event_finds_what_was_said_in_the_fortnight_after_the_alaska_summit() {
    // The summit of 15 Aug 2025: statements of 15–29 Aug, by anyone.
    let near = pairs(&[("2025-08-16", "eu"), ("2025-08-16", "washington"), ("2025-08-19", "washington")]);
    assert_eq!(sample_hits("event:alaska"), near);
    // By its place, its id, or in any case; with actor: as usual.
    assert_eq!(sample_hits("event:Anchorage"), near);
    let store = stancebook::store::sample();
    let id = store.events.iter().find(|e| e.title.contains("Alaska")).unwrap().id;
    assert_eq!(sample_hits(&format!("event:{id}")), near);
    assert_eq!(sample_hits("event:ALASKA actor:washington"), near[1..].to_vec());
    // The washington ceasefire move of 16 Aug is among them, and the quote can be searched too.
    assert_eq!(sample_hits("event:alaska \"peace agreement\""), pairs(&[("2025-08-16", "washington")]));
    // A window in days: +2 keeps 15–17 Aug; +0 the day itself (nothing was said that day).
    assert_eq!(sample_hits("event:alaska+2"), near[..2].to_vec());
    assert_eq!(sample_hits("event:alaska+0"), vec![]);
    assert_eq!(sample_hits("event:\"summit in alaska\"+2"), near[..2].to_vec());
    // Negated: everything else.
    let all = sample_hits("").len();
    assert_eq!(sample_hits("-event:alaska").len(), all - near.len());
    // Several events: after either.
    let both = sample_hits("event:alaska,budapest");
    assert!(both.len() > near.len() && near.iter().all(|p| both.contains(p)), "{both:?}");
}

#[test]
fn a_multi_day_event_counts_from_its_first_day_to_the_window_after_its_last() {
    let mut store = stancebook::store::sample();
    store.statements.clear();
    store.statements.push(statement(1, "2025-03-22", "kremlin", "before the talks", &[("ceasefire", -1)]));
    store.statements.push(statement(2, "2025-03-23", "kremlin", "first day", &[("ceasefire", -1)]));
    store.statements.push(statement(3, "2025-03-27", "kyiv", "two days after the last", &[("ceasefire", 1)]));
    store.statements.push(statement(4, "2025-03-28", "kyiv", "three days after", &[("ceasefire", 1)]));
    store.sort_statements();
    let quotes = |q: &str| -> Vec<String> {
        let query = Query::parse_checked(q, &store).unwrap_or_else(|e| panic!("{q}: {e}"));
        let mut v: Vec<String> = SearchIndex::build(&store)
            .search(&store, &query, 0)
            .hits
            .iter()
            .map(|h| store.statements[h.index].quote.clone())
            .collect();
        v.sort();
        v
    };
    // The Riyadh technical talks ran 23–25 Mar.
    assert_eq!(quotes("event:\"technical talks\"+2"), ["first day", "two days after the last"]);
    assert_eq!(quotes("event:\"black sea\"+0"), ["first day"]);
}

#[test]
fn an_unknown_event_is_a_clear_error_with_a_suggestion() {
    let store = stancebook::store::sample();
    let e = Query::parse_checked("topic:ceasefire event:alsaka", &store).unwrap_err();
    assert_eq!(e.column(), 23);
    assert!(
        e.message.contains("no event matches `alsaka`; did you mean `event:alaska`")
            && e.message.contains("Trump–Putin summit in Alaska ends without a deal, 15 Aug 2025"),
        "{}",
        e.message
    );
    let e = Query::parse_checked("event:picnic", &store).unwrap_err();
    assert!(e.message.contains("no event matches `picnic`") && e.message.contains("title, place"), "{e}");
    let e = Query::parse_checked("event:alaska+x", &store).unwrap_err();
    assert!(e.message.contains("`+x` is not a window") && e.message.contains("+0 to +366"), "{e}");
    assert_eq!(e.column(), 13);
    assert!(Query::parse_checked("event:alaska+400", &store).is_err());
    let e = Query::parse_checked("event:", &store).unwrap_err();
    assert!(e.message.contains("`event:` needs a value"), "{e}");
    let e = Query::parse_checked("event:+7", &store).unwrap_err();
    assert!(e.message.contains("`event:` needs an event"), "{e}");
    // A store without events says so.
    let mut empty = store.clone();
    empty.events.clear();
    let e = Query::parse_checked("event:alaska", &empty).unwrap_err();
    assert!(e.message.contains("the store has no events yet"), "{e}");
}
