//! The lexicon in the app, under egui_kittest: a candidate accepted after
//! the analyst changed its topic teaches ingest a phrase in the same undo
//! step, and the card says what it learned; the Lexicon window lists the
//! entries in words, removes one, adds one through its form and changes
//! one's phrase. The sentence was written by the team for this test.

use std::time::{Duration, Instant};

use crate::common::TempStore;
use crate::common::app::{App, open_app, type_into, wait_idle};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use stancebook::model::{Meaning, Store, TopicId};

const TEXT: &str = "Finnish President Alexander Stubb said the financial chokehold on Moscow had to stay \
                    until Russia withdrew.";

fn store(h: &App) -> Store {
    h.state().doc.as_ref().unwrap().store().clone()
}

/// Pastes the text in the Ingest tab, published 13 March 2025, and waits for its candidate.
fn ingest(h: &mut App) {
    h.get_by_label("Ingest").click();
    h.run();
    type_into(h, "Published", "2025-03-13");
    type_into(h, "Text", TEXT);
    let start = Instant::now();
    while h.query_by_label_contains("found,").is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "the candidate appears");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    wait_idle(h);
}

/// Opens the combo box labelled `combo` and picks `item` in its list (the
/// last widget so named: the list is drawn over everything else).
#[track_caller]
fn pick(h: &mut App, combo: &str, item: &str) {
    h.get_by_role_and_label(Role::ComboBox, combo).click();
    h.run();
    h.get_all_by_label(item).last().unwrap_or_else(|| panic!("“{item}” in the list")).click();
    h.run();
}

/// Opens Edit › Lexicon….
fn open_lexicon_from_the_menu(h: &mut App) {
    // The menu's Edit, at the top of the window (the detail panel has an Edit too).
    let menu = h.get_all_by_label("Edit").min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()));
    menu.unwrap().click();
    h.run();
    h.get_by_label("Lexicon…").click();
    h.run();
}

fn sanctions() -> TopicId {
    TopicId::from("sanctions")
}

#[test]
fn accepting_a_corrected_candidate_teaches_its_phrase_in_the_same_undo_step() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    let before = store(&h);
    assert!(before.lexicon.is_empty());
    ingest(&mut h);
    h.get_by_label("Lexicon (0)");

    // Ingest found no topic; the analyst gives it Sanctions and accepts it.
    assert!(h.get_by_label("Accept").accesskit_node().is_disabled(), "no topic yet");
    pick(&mut h, "Add a topic", "Sanctions");
    h.get_by_label("Accept").click();
    h.run();
    wait_idle(&mut h);
    let after = store(&h);
    assert_eq!(after.statements.len(), before.statements.len() + 1);
    let added = after.statements.iter().find(|s| s.speaker.as_deref() == Some("Alexander Stubb")).unwrap();
    assert!(added.position(&sanctions()).is_some());
    assert_eq!(after.lexicon.len(), 1, "{:?}", after.lexicon);
    let learned = &after.lexicon[0];
    assert_eq!(learned.means, Meaning::Topic(sanctions()));
    assert_eq!(learned.from, Some(added.id), "taught by this statement");
    assert_eq!(learned.by.as_ref().map(|a| a.name.as_str()), Some(crate::common::app::TEST_ANALYST));
    assert!(TEXT.contains(&learned.phrase), "a phrase of the text: {}", learned.phrase);
    // The card says what it learned, quietly, with the way to the lexicon.
    let line = format!("“{}” → Sanctions", learned.phrase);
    h.get_by_label("Learned:");
    h.get_by_label(&line);
    h.get_by_label("Lexicon (1)");

    // One undo takes back the statement and what it taught.
    h.get_by_label("↶ Undo").click();
    h.run();
    wait_idle(&mut h);
    let undone = store(&h);
    assert_eq!(undone.statements.len(), before.statements.len());
    assert!(undone.lexicon.is_empty());
    assert!(h.query_by_label(&line).is_none(), "the card is pending again");
    // And one redo brings both back.
    h.get_by_label("↷ Redo").click();
    h.run();
    wait_idle(&mut h);
    assert_eq!(store(&h).lexicon.len(), 1);
    h.get_by_label(&line);

    // The card's link opens the lexicon, which lists the entry in words.
    h.get_by_label("Lexicon…").click();
    h.run();
    h.get_by_label(&format!("“{}”", learned.phrase));
    h.get_by_label("1 entry");
    h.get_by_label_contains(&format!("Taught by {}", crate::common::app::TEST_ANALYST));
    h.get_by_label("Alexander Stubb (Helsinki), 13 Mar 2025");

    // A wrong guess is forgotten from the card itself: the statement stays.
    h.get_by_label(&format!("Forget “{}”", learned.phrase)).click();
    h.run();
    wait_idle(&mut h);
    let forgot = store(&h);
    assert!(forgot.lexicon.is_empty());
    assert_eq!(forgot.statements.len(), before.statements.len() + 1);
    assert!(h.query_by_label("Learned:").is_none(), "the card no longer lists it");
    h.get_by_label("↶ Undo").click();
    h.run();
    wait_idle(&mut h);
    assert_eq!(store(&h).lexicon.len(), 1, "Undo brings the lesson back");
}

#[test]
fn the_lexicon_window_removes_adds_and_changes_entries() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    ingest(&mut h);
    pick(&mut h, "Add a topic", "Sanctions");
    h.get_by_label("Accept").click();
    h.run();
    wait_idle(&mut h);
    let phrase = store(&h).lexicon[0].phrase.clone();

    // From the menu: the entry, with what it means and where it came from.
    open_lexicon_from_the_menu(&mut h);
    h.get_by_label(&format!("“{phrase}”"));
    h.get_by_label_contains("Find in lexicon");
    // Remove: gone from the store (the statement stays).
    h.get_by_label(&format!("Remove “{phrase}”")).click();
    h.run();
    wait_idle(&mut h);
    assert!(store(&h).lexicon.is_empty());
    assert!(store(&h).statements.iter().any(|s| s.speaker.as_deref() == Some("Alexander Stubb")));
    h.get_by_label_contains("Nothing learned yet");

    // Add… : a stance phrase on Sanctions.
    h.get_by_label("Add…").click();
    h.run();
    let focused = h.query_by(|n| n.is_focused()).and_then(|n| n.accesskit_node().label());
    assert_eq!(focused.as_deref(), Some("Phrase"), "the keyboard is in the new entry's phrase");
    type_into(&mut h, "Phrase", "financial chokehold");
    pick(&mut h, "It", "takes a stance on a topic");
    assert!(h.get_by_label("Save entry").accesskit_node().is_disabled(), "no topic chosen yet");
    pick(&mut h, "Topic", "Sanctions");
    h.get_all_by_label("+2").last().unwrap().click();
    h.run();
    h.get_by_label("Save entry").click();
    h.run();
    wait_idle(&mut h);
    let s = store(&h);
    assert_eq!(s.lexicon.len(), 1);
    assert_eq!(s.lexicon[0].phrase, "financial chokehold");
    let Meaning::Stance { topic, stance } = &s.lexicon[0].means else { panic!("a stance") };
    assert_eq!((topic, stance.value()), (&sanctions(), 2));
    assert_eq!(s.lexicon[0].from, None);
    // Listed with the topic's label for the stance.
    let stance = *stance;
    let label = s.topic(&sanctions()).unwrap().label(stance);
    h.get_by_label(&format!("+2 {label}"));

    // Edit: a new phrase is a new key — the old one goes in the same step.
    h.get_by_label("Edit “financial chokehold”").click();
    h.run();
    type_into(&mut h, "Phrase", "economic chokehold");
    h.get_by_label("Save entry").click();
    h.run();
    wait_idle(&mut h);
    let s = store(&h);
    assert_eq!(s.lexicon.len(), 1, "{:?}", s.lexicon);
    assert_eq!(s.lexicon[0].phrase, "economic chokehold");
    h.get_by_label("“economic chokehold”");
    // The filter narrows the list.
    type_into(&mut h, "Find in lexicon", "troops");
    h.get_by_label("0 of 1 entries");
    type_into(&mut h, "Find in lexicon", "sanctions");
    h.get_by_label("1 entry");
    // One undo brings the old phrase back.
    h.get_by_label("↶ Undo").click();
    h.run();
    wait_idle(&mut h);
    assert_eq!(store(&h).lexicon[0].phrase, "financial chokehold");
}
