//! Analysis on the sample store and on small hand-made stores: stances at a
//! date, shifts, the matrix, spread, filters; and the `matrix` / `shifts`
//! commands through the real binary.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use chrono::NaiveDate;
use common::{TempStore, code, stderr, stdout};
use stancebook::analysis::*;
use stancebook::model::*;
use stancebook::store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn find(store: &Store, actor: &str, quote_part: &str) -> usize {
    store
        .statements
        .iter()
        .position(|s| s.actor == actor && s.quote.contains(quote_part))
        .unwrap_or_else(|| panic!("{actor}: {quote_part}"))
}

#[test]
fn washington_on_a_ceasefire_reverses_away_then_back() {
    let s = store::sample();
    let p = Positions::all(&s);
    let (w, c) = (ActorId::from("washington"), TopicId::from("ceasefire"));
    assert_eq!(p.at(&w, &c, day("2025-08-20")).unwrap().stance.value(), -1);
    assert_eq!(p.at(&w, &c, day("2025-10-20")).unwrap().stance.value(), 2);
    assert_eq!(p.at(&w, &c, day("2025-03-12")).unwrap().stance.value(), 2);
    assert!(p.at(&w, &c, day("2025-03-10")).is_none(), "no position before Jeddah");

    let shifts = p.shifts(&s, Some(day("2025-08-01")), None);
    let wi = p.actor_index(&w).unwrap();
    let ci = p.topic_index(&c).unwrap();
    let mine: Vec<&Shift> = shifts.iter().filter(|x| x.actor == wi && x.topic == ci).collect();
    let away = mine.iter().find(|x| x.date.to_string() == "2025-08-16").expect("the August reversal");
    assert_eq!((away.from.value(), away.to.value()), (2, -1));
    assert_eq!((away.class, away.direction), (ShiftClass::Reversal, Direction::Away));
    assert_eq!(away.from_statement, find(&s, "washington", "30-day unconditional ceasefire"));
    assert_eq!(away.to_statement, find(&s, "washington", "not a mere Ceasefire"));
    let back = mine.iter().find(|x| x.date.to_string() == "2025-10-17").expect("the October reversal");
    assert_eq!((back.class, back.direction), (ShiftClass::Reversal, Direction::Toward));
    // Newest first.
    assert!(shifts.windows(2).all(|w| w[0].date >= w[1].date));
    // Nothing before the range.
    assert!(shifts.iter().all(|x| x.date.first_day() >= day("2025-08-01")));
}

fn tiny_store(statements: &[(&str, &str, i64, Verification)]) -> Store {
    let mut s = Store::default();
    for id in ["a", "b", "c"] {
        s.actors.push(Actor {
            id: ActorId::from(id),
            name: id.to_uppercase(),
            kind: ActorKind::State,
            color: Color([1, 2, 3]),
            speakers: vec![],
        });
    }
    s.topics.push(Topic {
        id: TopicId::from("t"),
        name: "T".into(),
        proposition: "P".into(),
        labels: Topic::default_labels(),
        keywords: vec![],
    });
    for (i, (actor, date, v, ver)) in statements.iter().enumerate() {
        let mut st =
            Statement::new(PartialDate::parse(date).unwrap(), ActorId::from(*actor), format!("q{i}"));
        st.id = StatementId::from_parts(1_000 + i as u64, 0);
        st.verification = *ver;
        st.positions.push(Position {
            topic: TopicId::from("t"),
            stance: Stance::new(*v).unwrap(),
            conditions: String::new(),
            evidence: Default::default(),
        });
        s.insert_statement(st);
    }
    s
}

use Verification::*;

#[test]
fn denied_statements_never_count_and_unverified_ones_are_flagged() {
    let s = tiny_store(&[
        ("a", "2025-01-01", 2, Confirmed),
        ("a", "2025-02-01", -2, Denied),
        ("a", "2025-03-01", 1, Unverified),
    ]);
    let p = Positions::all(&s);
    let (a, t) = (ActorId::from("a"), TopicId::from("t"));
    let feb = p.at(&a, &t, day("2025-02-15")).unwrap();
    assert_eq!(feb.stance.value(), 2, "the denial does not count");
    assert!(!feb.unverified);
    let mar = p.at(&a, &t, day("2025-03-15")).unwrap();
    assert_eq!(mar.stance.value(), 1);
    assert!(mar.unverified, "an unverified statement counts, flagged");
    // The denied statement is not a step of the series, so there is one shift (2 → 1), not two.
    let shifts = p.shifts(&s, None, None);
    assert_eq!(shifts.len(), 1);
    assert_eq!((shifts[0].from.value(), shifts[0].to.value()), (2, 1));
}

#[test]
fn a_month_counts_from_its_first_day_and_holds_are_not_shifts() {
    let s = tiny_store(&[
        ("a", "2025-03", -1, Confirmed),
        ("a", "2025-03-10", -1, Confirmed),
        ("a", "2025-04-02", 1, Reported),
    ]);
    let p = Positions::all(&s);
    let (a, t) = (ActorId::from("a"), TopicId::from("t"));
    assert!(p.at(&a, &t, day("2025-02-28")).is_none());
    assert_eq!(p.at(&a, &t, day("2025-03-01")).unwrap().stance.value(), -1);
    assert_eq!(p.at(&a, &t, day("2025-03-10")).unwrap().statement, 1, "the latest at or before the day");
    let shifts = p.shifts(&s, None, None);
    assert_eq!(shifts.len(), 1, "−1 → −1 holds; −1 → +1 is the only shift");
    assert_eq!(shifts[0].class, ShiftClass::Reversal);
    assert_eq!(p.shifts(&s, None, Some(day("2025-04-01"))).len(), 0, "until is inclusive of its day only");
}

#[test]
fn the_matrix_compares_two_dates() {
    let s = tiny_store(&[
        ("a", "2025-01-01", 2, Confirmed),
        ("a", "2025-05-01", -1, Confirmed),
        ("b", "2025-02-01", 0, Unverified),
        ("c", "2025-06-01", 1, Confirmed),
    ]);
    let p = Positions::all(&s);
    let m = matrix(&p, &[0, 1, 2], &[0], day("2025-06-30"), Some(day("2025-03-01")));
    let a = m.cell(0, 0);
    assert_eq!(a.now.unwrap().stance.value(), -1);
    assert_eq!(a.before.unwrap().stance.value(), 2);
    assert_eq!(a.movement(), Some((ShiftClass::Reversal, Direction::Away)));
    let moved: Vec<&str> = a.since_compare.iter().map(|&i| s.statements[i].quote.as_str()).collect();
    assert_eq!(moved, ["q1"], "the statement that moved the cell");
    let b = m.cell(1, 0);
    assert_eq!(b.movement(), None);
    assert!(b.now.unwrap().unverified);
    let c = m.cell(2, 0);
    assert!(c.is_new());
    assert_eq!(c.movement(), None);
}

#[test]
fn spread_falls_when_actors_converge() {
    let s = tiny_store(&[
        ("a", "2025-01-01", 2, Confirmed),
        ("b", "2025-01-01", -2, Confirmed),
        ("b", "2025-04-01", 1, Confirmed),
        ("c", "2025-05-01", 2, Confirmed),
    ]);
    let p = Positions::all(&s);
    let series = spread_series(&p, 0, &[0, 1, 2]);
    let spreads: Vec<(String, i8, usize)> =
        series.iter().map(|x| (x.date.to_string(), x.spread(), x.actors)).collect();
    assert_eq!(
        spreads,
        vec![("2025-01-01".into(), 4, 2), ("2025-04-01".into(), 1, 2), ("2025-05-01".into(), 1, 3)]
    );
    assert_eq!(trend(&p, 0, &[0, 1, 2], day("2025-02-01"), day("2025-06-01")), Some(Trend::Converging));
    assert_eq!(trend(&p, 0, &[0, 1, 2], day("2025-04-02"), day("2025-06-01")), Some(Trend::Steady));
    assert_eq!(spread_at(&p, 0, &[0], day("2025-06-01")), None, "one actor has no spread");
}

#[test]
fn a_filter_narrows_what_counts() {
    let s = store::sample();
    let f = Filter { since: Some(day("2025-06-01")), ..Filter::default() };
    let p = Positions::build(&s, (0..s.statements.len()).filter(|&i| f.matches(&s.statements[i])));
    let (w, c) = (ActorId::from("washington"), TopicId::from("ceasefire"));
    assert!(p.at(&w, &c, day("2025-05-30")).is_none(), "statements before the range are filtered out");
    assert_eq!(p.at(&w, &c, day("2025-08-20")).unwrap().stance.value(), -1);
    let only_kyiv = Filter { actors: [ActorId::from("kyiv")].into(), ..Filter::default() };
    assert!(s.statements.iter().filter(|x| only_kyiv.matches(x)).all(|x| x.actor == "kyiv"));
    let confirmed = Filter {
        verifications: [Confirmed].into(),
        topics: [TopicId::from("troops")].into(),
        ..Filter::default()
    };
    let n = s.statements.iter().filter(|x| confirmed.matches(x)).count();
    assert!(
        n > 3
            && s.statements
                .iter()
                .filter(|x| confirmed.matches(x))
                .all(|x| x.verification == Confirmed && x.position(&TopicId::from("troops")).is_some())
    );
}

#[test]
fn cli_matrix_json_has_the_documented_shape() {
    let t = TempStore::sample();
    let o = t.run(&["matrix", "--as-of", "2025-10-20", "--compare", "2025-08-20", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["as_of"], "2025-10-20");
    assert_eq!(v["compare"], "2025-08-20");
    let cell = v["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["actor"] == "washington" && c["topic"] == "ceasefire")
        .unwrap();
    assert_eq!(cell["stance"], 2);
    assert_eq!(cell["previous"], -1);
    let id: StatementId = cell["statement"].as_str().unwrap().parse().unwrap();
    let s = store::sample();
    assert!(s.statement(id).unwrap().quote.contains("stop where they are"));
    let empty = v["cells"].as_array().unwrap().iter().find(|c| c["actor"] == "un").unwrap();
    assert!(empty["stance"].is_null() && empty["statement"].is_null());
    let cells = v["cells"].as_array().unwrap().len();
    assert_eq!(cells, s.actors.len() * s.topics.len());
}

#[test]
fn cli_matrix_table_reads_as_a_table() {
    let t = TempStore::sample();
    let o = t.run(&["matrix", "--as-of", "2025-08-20"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Stances as of 2025-08-20"), "{out}");
    let row = out.lines().find(|l| l.starts_with("Washington")).unwrap();
    assert!(row.contains("−1"), "{row}");
}

/// The shift of `actor` on `topic` dated `date` in the sample store.
fn sample_shift(s: &Store, actor: &str, topic: &str, date: &str) -> Shift {
    let p = Positions::all(s);
    let (a, t) =
        (p.actor_index(&ActorId::from(actor)).unwrap(), p.topic_index(&TopicId::from(topic)).unwrap());
    *p.shifts(s, None, None)
        .iter()
        .find(|x| x.actor == a && x.topic == t && x.date.to_string() == date)
        .unwrap_or_else(|| panic!("{actor} on {topic} moved on {date}"))
}

#[test]
fn the_washington_ceasefire_reversal_of_16_august_names_the_alaska_summit() {
    let s = store::sample();
    let away = sample_shift(&s, "washington", "ceasefire", "2025-08-16");
    let actor = &s.actors[away.actor].id;
    let l = event_before(&s, actor, away.date, EVENT_WINDOW_DAYS).expect("an event within 14 days");
    let e = l.event(&s);
    assert_eq!(e.title, "Trump–Putin summit in Alaska ends without a deal");
    assert_eq!(e.date.to_string(), "2025-08-15");
    assert!(e.involves(&ActorId::from("washington")) && e.involves(&ActorId::from("kremlin")));
    assert_eq!((l.days, l.timing), (1, Timing::After));
    assert_eq!(
        stancebook::export::text::event_context(e, &l),
        "1 day after: Trump–Putin summit in Alaska ends without a deal (15 Aug)"
    );
    // A window of 0 days names only an event on the day (or one the move falls in).
    assert_eq!(event_before(&s, actor, away.date, 0), None);
    assert_eq!(event_before(&s, actor, away.date, 1).map(|l| l.event), Some(l.event));
}

#[test]
fn a_move_with_no_event_of_its_actor_in_the_window_names_none_until_the_window_widens() {
    let s = store::sample();
    // Washington on territory, 8 Aug: its last event was the 50-day deadline of 14 July, 25 days before.
    let m = sample_shift(&s, "washington", "territory", "2025-08-08");
    let w = &s.actors[m.actor].id;
    assert_eq!(event_before(&s, w, m.date, EVENT_WINDOW_DAYS), None);
    assert_eq!(event_before(&s, w, m.date, 24), None);
    let l = event_before(&s, w, m.date, 25).expect("the deadline, 25 days before");
    assert!(l.event(&s).title.starts_with("Trump's 50-day deadline"), "{}", l.event(&s).title);
    assert_eq!(l.days, 25);
    // The Kremlin on a ceasefire, 27 Nov: the 28-point plan of 18 Nov, 9 days before; not within 8.
    let m = sample_shift(&s, "kremlin", "ceasefire", "2025-11-27");
    let k = &s.actors[m.actor].id;
    let l = event_before(&s, k, m.date, EVENT_WINDOW_DAYS).unwrap();
    assert!(l.event(&s).title.contains("28-point peace plan"));
    assert_eq!(l.days, 9);
    assert_eq!(event_before(&s, k, m.date, 8), None);
    // An event of other actors is never named: the Geneva talks of 23 Nov did not involve the Kremlin.
    assert!(!l.event(&s).title.contains("Geneva"));
}

#[test]
fn a_move_inside_a_multi_day_event_or_on_its_day_says_so() {
    let s = store::sample();
    let text = stancebook::export::text::event_context;
    let m = sample_shift(&s, "kyiv", "territory", "2025-12-14");
    let l = event_before(&s, &s.actors[m.actor].id, m.date, EVENT_WINDOW_DAYS).unwrap();
    assert_eq!((l.days, l.timing), (0, Timing::During));
    assert_eq!(
        text(l.event(&s), &l),
        "During: Berlin talks: US envoys, Zelensky and Europeans on security guarantees (14–15 Dec)"
    );
    let m = sample_shift(&s, "washington", "ceasefire", "2025-10-17");
    let l = event_before(&s, &s.actors[m.actor].id, m.date, EVENT_WINDOW_DAYS).unwrap();
    assert_eq!(l.timing, Timing::SameDay);
    assert!(text(l.event(&s), &l).starts_with("Same day as: Trump–Zelensky meeting at the White House"));
    // After the end of talks over three days: counted from their last day, the dates in full.
    let m = sample_shift(&s, "kremlin", "negotiations", "2025-03-28");
    let l = event_before(&s, &s.actors[m.actor].id, m.date, EVENT_WINDOW_DAYS).unwrap();
    assert_eq!((l.days, l.timing), (3, Timing::After));
    assert!(text(l.event(&s), &l).starts_with("3 days after: Riyadh technical talks"));
    assert!(text(l.event(&s), &l).ends_with("(23–25 Mar)"));
}

#[test]
fn cli_shifts_lists_the_washington_reversal_with_both_statements() {
    let t = TempStore::sample();
    let o = t.run(&["shifts", "--since", "2025-08-01", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let s = store::sample();
    let r = v
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["actor"] == "washington" && x["topic"] == "ceasefire" && x["date"] == "2025-08-16")
        .expect("the reversal is listed");
    assert_eq!((r["from"].as_i64(), r["to"].as_i64()), (Some(2), Some(-1)));
    assert_eq!(r["class"], "reversal");
    assert_eq!(r["direction"], "away");
    let from: StatementId = r["from_statement"].as_str().unwrap().parse().unwrap();
    let to: StatementId = r["to_statement"].as_str().unwrap().parse().unwrap();
    assert!(s.statement(from).unwrap().quote.contains("30-day unconditional ceasefire"));
    assert!(s.statement(to).unwrap().quote.contains("not a mere Ceasefire"));
    for x in v.as_array().unwrap() {
        assert!(x["date"].as_str().unwrap() >= "2025-08-01");
        assert!(["shift", "reversal"].contains(&x["class"].as_str().unwrap()));
    }

    let o = t.run(&["shifts", "--since", "2025-08-01", "--until", "2025-08"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("Washington on Ceasefire: +2 → −1 (reversal away)"), "{}", stdout(&o));
    let o = t.run(&["shifts", "--since", "yesterday"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--since: `yesterday` is not a date"));
}

#[test]
fn positions_do_not_depend_on_the_order_statements_are_given_in() {
    let s = store::sample();
    let forward = Positions::all(&s);
    let backward = Positions::build(&s, (0..s.statements.len()).rev());
    same_positions(&forward, &backward, &s, "given in reverse");
    assert!(forward.series_at(0, 99).is_empty() && forward.series_at(99, 0).is_empty());
}

fn same_positions(a: &Positions, b: &Positions, s: &Store, what: &str) {
    let mut points = 0;
    for x in 0..s.actors.len() {
        for t in 0..s.topics.len() {
            assert_eq!(
                a.series_at(x, t),
                b.series_at(x, t),
                "{what}: {} on {}",
                s.actors[x].id,
                s.topics[t].id
            );
            points += a.series_at(x, t).len();
        }
    }
    assert!(points > 0, "{what}: nothing was grouped");
}

#[test]
fn grouping_from_the_search_index_gives_the_same_positions() {
    use stancebook::search::SearchIndex;
    let mut s = stancebook::synthetic::generate(3000, 7);
    // What the compact path must get right: denied and unverified
    // statements, a statement of an actor the store lost, a position on an
    // unknown topic, several positions on one statement.
    s.statements[0].verification = Verification::Denied;
    s.statements[1].verification = Verification::Unverified;
    s.statements[2].actor = ActorId::from("nobody");
    s.statements[3].positions[0].topic = TopicId::from("no_such_topic");
    assert!(s.statements.iter().any(|st| st.positions.len() > 1));
    let index = SearchIndex::build(&s);
    let n = s.statements.len();
    same_positions(&Positions::all(&s), &Positions::build_indexed(&s, &index, 0..n), &s, "all");
    let some: Vec<usize> = (0..n).filter(|i| i % 3 != 0).collect();
    same_positions(
        &Positions::build(&s, some.iter().copied()),
        &Positions::build_indexed(&s, &index, some.iter().copied()),
        &s,
        "a filtered selection",
    );
    same_positions(
        &Positions::build(&s, (0..n).rev()),
        &Positions::build_indexed(&s, &index, (0..n).rev()),
        &s,
        "given in reverse",
    );
    // After an edit the index is synced, then grouped again.
    let mut edited = s.clone();
    edited.statements[10].positions[0].stance = Stance::new(-2).unwrap();
    edited.statements[10].updated_at =
        Timestamp::from_millis(edited.statements[10].updated_at.millis() + 1).unwrap();
    edited.statements.remove(20);
    let mut index = index;
    index.sync(&edited);
    let m = edited.statements.len();
    same_positions(
        &Positions::all(&edited),
        &Positions::build_indexed(&edited, &index, 0..m),
        &edited,
        "after edits",
    );
    // An index out of step falls back to reading the statements.
    let stale = SearchIndex::build(&s);
    same_positions(
        &Positions::all(&edited),
        &Positions::build_indexed(&edited, &stale, 0..m),
        &edited,
        "stale index",
    );
}

#[test]
fn a_filter_read_from_the_search_index_selects_what_it_matches() {
    use stancebook::search::SearchIndex;
    let mut s = stancebook::synthetic::generate(2000, 3);
    s.statements[5].actor = ActorId::from("nobody");
    s.statements[6].positions[0].topic = TopicId::from("no_such_topic");
    let index = SearchIndex::build(&s);
    let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
    let filters = [
        Filter::default(),
        Filter { actors: [ActorId::from("kremlin"), ActorId::from("kyiv")].into(), ..Filter::default() },
        Filter { actors: [ActorId::from("nobody")].into(), ..Filter::default() },
        Filter {
            topics: [TopicId::from("ceasefire"), TopicId::from("no_such_topic")].into(),
            ..Filter::default()
        },
        Filter { since: Some(day("2024-03-01")), until: Some(day("2024-09-30")), ..Filter::default() },
        Filter {
            verifications: [Verification::Unverified, Verification::Denied].into(),
            kinds: [Kind::Rejection].into(),
            ..Filter::default()
        },
        Filter {
            actors: [ActorId::from("washington")].into(),
            topics: [TopicId::from("territory")].into(),
            since: Some(day("2025-01-01")),
            ..Filter::default()
        },
    ];
    let n = s.statements.len();
    for f in &filters {
        let by_statement: Vec<usize> = (0..n).filter(|&i| f.matches(&s.statements[i])).collect();
        assert!(!by_statement.is_empty(), "{f:?} selects something");
        assert_eq!(f.select(&s, &index, 0..n), by_statement, "{f:?}");
        let backwards: Vec<usize> = by_statement.iter().rev().copied().collect();
        assert_eq!(f.select(&s, &index, (0..n).rev()), backwards, "order kept: {f:?}");
    }
    // An index out of step reads the statements instead.
    let mut fewer = s.clone();
    fewer.statements.truncate(n - 10);
    let f = &filters[1];
    let expected: Vec<usize> = (0..n - 10).filter(|&i| f.matches(&fewer.statements[i])).collect();
    assert_eq!(f.select(&fewer, &index, 0..n - 10), expected);
}
