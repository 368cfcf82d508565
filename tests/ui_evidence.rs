//! Evidence per position in the app, under egui_kittest on a temp copy of
//! the sample store: the editor's excerpt (typed, or taken from the words
//! selected in the quote) and rationale, the detail panel's evidence and
//! "Copy as citation", and the topic editor's advice on stance labels.
//! Widgets are found by their labels, as a person would find them.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use std::time::{Duration, Instant};

use common::TempStore;
use common::app::{open_app, type_into, wait_idle, wait_saved};
use egui::accesskit::Role;
use egui::text::{CCursor, CCursorRange};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use stancebook::app::StancebookApp;
use stancebook::store;

/// The sample's Putin statement: one position (territory +2) with evidence.
const ACCESSION: &str = "accession treaties";
const QUOTE: &str = "announced “accession treaties” with the Russia-installed “leaders” of the four regions; Russia claims them in their entirety";
const RATIONALE: &str = "annexed four Ukrainian regions by treaty and claims all of them";

/// The text in the field labelled `label`.
fn field_text(h: &Harness<'static, StancebookApp>, role: Role, label: &str) -> String {
    h.get_by_role_and_label(role, label).value().unwrap_or_default()
}

fn on_disk(t: &TempStore) -> stancebook::model::Store {
    store::read(&t.path).expect("the store on disk loads").store
}

/// Finds the Putin statement in the Statements tab and selects it.
fn select_accession(h: &mut Harness<'static, StancebookApp>) {
    h.get_by_label("Statements").click();
    h.run();
    type_into(h, "Search", ACCESSION);
    // The table follows the search a frame or two later.
    let start = Instant::now();
    while h.query_all_by_label_contains(ACCESSION).count() != 1 {
        assert!(start.elapsed() < Duration::from_secs(10), "the search finds the statement");
        h.step();
    }
    h.get_by_label_contains(ACCESSION).click();
    h.run();
}

/// The detail panel's Edit button (the menu bar has an "Edit" menu too: it is the one on the right).
fn click_edit(h: &mut Harness<'static, StancebookApp>) {
    let edit = h.get_all_by_label("Edit").max_by(|a, b| a.rect().left().total_cmp(&b.rect().left()));
    edit.expect("an Edit button").click();
    h.run();
}

/// What the app put on the clipboard in the last frame, through egui.
fn copied(h: &Harness<'static, StancebookApp>) -> Vec<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_excerpt_must_be_words_of_the_quote_and_is_saved_with_the_position() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    select_accession(&mut h);
    click_edit(&mut h);
    // The form shows the position's evidence.
    assert_eq!(field_text(&h, Role::MultilineTextInput, "Excerpt"), "Russia claims them in their entirety");
    assert_eq!(field_text(&h, Role::MultilineTextInput, "Rationale"), RATIONALE);
    let before = t.bytes();

    // Words that are not in the quote: said at once, and saving is refused.
    type_into(&mut h, "Excerpt", "Russia claims all of Ukraine");
    h.get_by_label("The evidence must be words of the quote: select them in it");
    h.get_by_label("Save statement").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label("The evidence must be words of the quote: select them in it");
    h.get_by_label("1 problem to fix before saving");
    assert_eq!(t.bytes(), before, "nothing was saved");

    // Words of the quote, with a new rationale: saved, on disk too.
    type_into(&mut h, "Excerpt", "the four regions");
    assert!(h.query_by_label("The evidence must be words of the quote: select them in it").is_none());
    type_into(&mut h, "Rationale", "signed treaties annexing the four regions");
    h.get_by_label("Save statement").click();
    h.run();
    wait_idle(&mut h);
    assert!(h.query_by_label("Save statement").is_none(), "the form closed");
    wait_saved(&mut h);
    let saved = on_disk(&t);
    let s = saved.statements.iter().find(|s| s.quote == QUOTE).expect("still on disk");
    assert_eq!(s.positions.len(), 1);
    assert_eq!(s.positions[0].evidence.excerpt, "the four regions");
    assert_eq!(s.positions[0].evidence.rationale, "signed treaties annexing the four regions");
    // The detail panel shows the new evidence.
    h.get_by_label("“the four regions”");
    h.get_by_label("signed treaties annexing the four regions");
}

#[test]
fn from_selection_takes_the_words_selected_in_the_quote() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    select_accession(&mut h);
    click_edit(&mut h);
    assert!(
        h.get_by_label("From selection").accesskit_node().is_disabled(),
        "nothing is selected in the quote yet"
    );

    // Select "the four regions" in the quote, as a drag with the mouse would.
    h.get_by_role_and_label(Role::MultilineTextInput, "Quote").click();
    h.run();
    let words = "the four regions";
    let start = QUOTE[..QUOTE.find(words).unwrap()].chars().count();
    let id = stancebook::ui::editor::quote_field_id();
    let mut state = egui::TextEdit::load_state(&h.ctx, id).expect("the quote field has a state");
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(start),
        CCursor::new(start + words.chars().count()),
    )));
    egui::TextEdit::store_state(&h.ctx, id, state);
    h.run();

    // Clicking the button takes the keyboard from the quote; the selection is kept for it.
    let button = h.get_by_label("From selection");
    assert!(!button.accesskit_node().is_disabled(), "words are selected");
    button.click();
    h.run();
    assert_eq!(field_text(&h, Role::MultilineTextInput, "Excerpt"), words);
    assert_eq!(field_text(&h, Role::MultilineTextInput, "Quote"), QUOTE, "the quote is unchanged");
    assert!(h.query_by_label("The evidence must be words of the quote: select them in it").is_none());
}

#[test]
fn the_detail_shows_the_evidence_and_copies_the_statement_or_a_position_as_a_citation() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    select_accession(&mut h);
    // Each position's evidence: the excerpt in quotation marks, the rationale under it.
    h.get_by_label("“Russia claims them in their entirety”");
    h.get_by_label(RATIONALE);

    h.get_by_label("Copy as citation").click();
    h.step();
    let text = copied(&h);
    assert!(
        text.iter().any(|c| c.starts_with("Kremlin, Sep 2022: ")
            && c.contains("accession treaties")
            && c.contains("Vladimir Putin")
            && c.contains("Territory +2")),
        "the statement is on the clipboard: {text:?}"
    );
    h.run();
    h.get_by_label_contains("Citation copied");

    // The position's own button cites its evidence, not the whole quote.
    h.get_by_label("Copy").click();
    h.step();
    let text = copied(&h);
    assert!(
        text.iter().any(|c| c.starts_with("Kremlin on Territory: +2, Sep 2022")
            && c.contains("“Russia claims them in their entirety”")
            && c.contains(RATIONALE)
            && !c.contains("accession treaties")),
        "the position is on the clipboard: {text:?}"
    );
    h.run();
}

#[test]
fn a_table_row_copies_its_statement_as_a_citation_from_its_menu() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.get_by_label("Statements").click();
    h.run();
    type_into(&mut h, "Search", ACCESSION);
    let start = Instant::now();
    while h.query_all_by_label_contains(ACCESSION).count() != 1 {
        assert!(start.elapsed() < Duration::from_secs(10), "the search finds the statement");
        h.step();
    }
    h.get_by_label_contains(ACCESSION).click_secondary();
    h.run();
    h.get_by_label("Copy as citation").click();
    h.step();
    let text = copied(&h);
    assert!(
        text.iter().any(|c| c.starts_with("Kremlin, Sep 2022: ") && c.contains("Vladimir Putin")),
        "the statement is on the clipboard: {text:?}"
    );
    h.run();
}

#[test]
fn the_statements_behind_a_cell_cite_each_position_s_evidence_and_its_move() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    // Kyiv on NATO membership: +2 in February, −1 in December (newest first on the right).
    h.get_by_label_contains("Kyiv on NATO membership: −1").click();
    h.run();
    h.get_by_label("Kyiv on NATO membership");
    // The newest entry's button: on the right, at the top.
    let right = h.get_all_by_label("Copy as citation").map(|n| n.rect().left()).fold(f32::MIN, f32::max);
    let copy = h
        .get_all_by_label("Copy as citation")
        .filter(|n| n.rect().left() >= right - 1.0)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()));
    copy.expect("a Copy as citation button by each statement").click();
    h.step();
    let text = copied(&h);
    let s = store::sample();
    let newest = s
        .statements
        .iter()
        .filter(|s| s.actor == "kyiv" && s.date.to_string() == "2025-12-14")
        .find_map(|s| s.position(&"nato_membership".into()).map(|p| (s, p)))
        .expect("the sample's December statement");
    let excerpt = newest.1.evidence.excerpt.clone();
    assert!(!excerpt.is_empty() && excerpt != newest.0.quote, "the sample cites an excerpt here");
    assert!(
        text.iter().any(|c| c.starts_with("Kyiv on NATO membership: +2 → −1")
            && c.contains("14 Dec 2025")
            && c.contains(&format!("“{excerpt}”"))),
        "the position and its move are on the clipboard: {text:?}"
    );
    h.run();
    // Each entry shows the position's evidence, not the whole quote.
    h.get_by_label(&format!("“{excerpt}”"));
}

#[test]
fn the_topic_editor_says_what_a_good_stance_label_is() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::A);
    h.run();
    // The window's "Topics" tab (the filter panel has a "Topics" heading too: the window is drawn last).
    h.get_all_by_label("Topics").last().expect("the Topics tab").click();
    h.run();
    h.get_by_label_contains("Territory  (").click();
    h.run();
    h.get_by_label_contains("true whoever holds it");
    h.get_by_label_contains("The number is always shown with it");
}
