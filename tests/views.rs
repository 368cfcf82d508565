//! Single views under egui_kittest (`Harness::new_ui_state`): each view reads
//! a `View`, changes only its own state, and returns an `Action`.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancebook::store;
use stancebook::ui::{Action, View, ViewData, matrix, shifts, statements, timeline};

struct Fixture(ViewData);

impl Fixture {
    fn sample() -> Fixture {
        Fixture(ViewData::all(store::sample()))
    }

    fn view(&self) -> View<'_> {
        self.0.view()
    }
}

impl std::ops::Deref for Fixture {
    type Target = ViewData;
    fn deref(&self) -> &ViewData {
        &self.0
    }
}

#[derive(Default)]
struct MatrixTest {
    prefs: matrix::MatrixPrefs,
    state: matrix::MatrixState,
    last: Option<Action>,
}

#[test]
fn clicking_a_matrix_cell_asks_for_its_statements() {
    let f = Fixture::sample();
    let mut h = Harness::builder()
        .with_size([1300.0, 800.0])
        .with_context_setup(stancebook::ui::theme::install)
        .build_ui_state(
            |ui, s: &mut MatrixTest| {
                let mut actions = Vec::new();
                matrix::matrix_ui(ui, &f.view(), &mut s.prefs, &mut s.state, &mut actions);
                if let Some(a) = actions.pop() {
                    s.last = Some(a);
                }
            },
            MatrixTest::default(),
        );
    h.run();
    h.get_by_label("Washington on Ceasefire: +2 backs an immediate truce").click();
    h.run();
    let (w, c) = (
        f.store.actors.iter().position(|a| a.id == "washington").unwrap(),
        f.store.topics.iter().position(|t| t.id == "ceasefire").unwrap(),
    );
    match h.state().last {
        Some(Action::ShowCell { actor, topic }) => assert_eq!((actor, topic), (w, c)),
        ref other => panic!("expected ShowCell, got {other:?}"),
    }
    // As of 20 August, Washington opposed a ceasefire: it reversed on 16 August, within the month compared.
    h.state_mut().prefs.as_of = Some(chrono::NaiveDate::from_ymd_opt(2025, 8, 20).unwrap());
    h.run();
    h.get_by_label("Washington on Ceasefire: −1 opposes or delays a truce; moved: +2 → −1 (1 move)");
    // A topic's header opens its timeline.
    h.get_by_label("Territory").click();
    h.run();
    assert!(matches!(h.state().last, Some(Action::OpenTimeline(t)) if f.store.topics[t].id == "territory"));
}

#[derive(Default)]
struct TableTest {
    state: statements::StatementsState,
    last: Option<Action>,
}

#[test]
fn the_table_sorts_and_selects() {
    let f = Fixture::sample();
    let mut h = Harness::builder()
        .with_size([1300.0, 700.0])
        .with_context_setup(stancebook::ui::theme::install)
        .build_ui_state(
            |ui, s: &mut TableTest| {
                let mut actions = Vec::new();
                statements::statements_ui(ui, &f.view(), &mut s.state, &mut actions);
                if let Some(a) = actions.pop() {
                    s.last = Some(a);
                }
            },
            TableTest::default(),
        );
    h.run();
    // Newest first by default: the December statements are on screen.
    h.get_by_label_contains("this is already a compromise on our part");
    h.get_by_label("Date ▼").click();
    h.run();
    // Oldest first: September 2022 at the top.
    h.get_by_label("Sep 2022");
    h.get_by_label_contains("accession treaties").click();
    h.run();
    let Some(Action::Select(Some(id))) = h.state().last else { panic!("a selection") };
    assert!(f.store.statement(id).unwrap().quote.contains("accession treaties"));
    h.get_by_label("Actor").click();
    h.run();
    assert_eq!(h.state().state.sort, statements::SortBy::Actor);
}

#[test]
fn the_timeline_and_shifts_views_draw_the_sample() {
    let f = Fixture::sample();
    let mut prefs = timeline::TimelinePrefs::default();
    let mut tstate = timeline::TimelineState::default();
    let mut h = Harness::builder()
        .with_size([1200.0, 700.0])
        .with_context_setup(stancebook::ui::theme::install)
        .build_ui(|ui| {
            timeline::timeline_ui(ui, &f.view(), &mut prefs, &mut tstate, &mut Vec::new());
        });
    h.run();
    h.get_by_label_contains("Spread 0 on 2025-03-11");
    for name in ["● Kremlin", "● Kyiv", "● Washington", "● London"] {
        h.get_by_label(name);
    }
    drop(h);

    let mut sprefs = shifts::ShiftsPrefs {
        since: chrono::NaiveDate::from_ymd_opt(2025, 8, 1),
        ..shifts::ShiftsPrefs::default()
    };
    let mut sstate = shifts::ShiftsState::default();
    let mut h = Harness::builder()
        .with_size([1200.0, 900.0])
        .with_context_setup(stancebook::ui::theme::install)
        .build_ui(|ui| {
            shifts::shifts_ui(ui, &f.view(), &mut sprefs, &mut sstate, &mut Vec::new());
        });
    h.run();
    h.get_by_label_contains("changes since 1 Aug 2025");
    assert!(h.query_all_by_label("reversal away").count() >= 1);
}
