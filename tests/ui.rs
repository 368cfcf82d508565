//! The whole app under egui_kittest, on a temp copy of the sample store:
//! widgets are found by their labels, as a person would find them.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;
/// The lexicon in the app (in this binary, to keep the test binaries few).
#[path = "ui/lexicon.rs"]
mod lexicon;

use std::time::{Duration, Instant};

use common::TempStore;
use common::app::{open_app, open_app_unnamed, type_into, wait_idle, wait_saved};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use stancebook::app::{StancebookApp, Startup};
use stancebook::store;

fn on_disk(t: &TempStore) -> stancebook::model::Store {
    store::read(&t.path).expect("the store on disk loads").store
}

#[test]
fn every_tab_opens_by_its_label() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    // The matrix is first: its cells are labelled for screen readers.
    h.get_by_label("Washington on Ceasefire: +2 backs an immediate truce");
    h.get_by_label("Timeline").click();
    h.run();
    h.get_by_label("Topic");
    h.get_by_label_contains("Spread");
    h.get_by_label("Statements").click();
    h.run();
    h.get_by_label_contains("Quote");
    // Rows are two lines (actor over speaker, the quote wrapped); the newest are in view.
    let seen = h.get_all_by_label("Volodymyr Zelensky").count();
    assert!(seen >= 1, "his statements are listed, found {seen}");
    h.get_by_label("Shifts").click();
    h.run();
    h.get_by_label("Since");
    h.get_by_label_contains("changes since");
    h.get_by_label("Matrix").click();
    h.run();
    h.get_by_label("As of");
}

#[test]
fn add_a_statement_see_it_then_undo_it_with_the_file_following() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    let before = on_disk(&t).statements.len();

    // As of 2025-12-20, London's last ceasefire position is +2 (21 Oct).
    type_into(&mut h, "As of", "2025-12-20");
    h.get_by_label_contains("London on Ceasefire: +2 backs an immediate truce");

    // New statement, by its shortcut.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    type_into(&mut h, "Actor", "London");
    type_into(&mut h, "Speaker", "Starmer");
    type_into(&mut h, "Date", "2025-12-19");
    type_into(&mut h, "Quote", "A ceasefire now would only let Russia regroup");
    type_into(&mut h, "Topic", "Ceasefire");
    h.get_all_by_label("−1").next().expect("a −1 stance button").click();
    h.run();
    type_into(&mut h, "Outlet", "BBC");
    h.get_by_label("Save statement").click();
    h.run();
    wait_idle(&mut h);

    // The matrix changed…
    h.get_by_label_contains("London on Ceasefire: −1 opposes or delays a truce");
    // …the table shows it…
    h.get_by_label("Statements").click();
    h.run();
    assert!(h.query_all_by_label_contains("let Russia regroup").count() >= 1, "in the table");
    // …and the file on disk has it, with the speaker's canonical name.
    wait_saved(&mut h);
    let saved = on_disk(&t);
    assert_eq!(saved.statements.len(), before + 1);
    let s = saved.statements.iter().find(|s| s.quote.contains("let Russia regroup")).expect("on disk");
    assert_eq!(s.speaker.as_deref(), Some("Keir Starmer"));
    assert_eq!(s.positions[0].stance.value(), -1);
    assert_eq!(s.source.outlet, "BBC");

    // Undo: gone from the table, the matrix and the file.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.query_by_label_contains("let Russia regroup").is_none(), "gone from the table");
    h.get_by_label("Matrix").click();
    h.run();
    h.get_by_label_contains("London on Ceasefire: +2 backs an immediate truce");
    wait_saved(&mut h);
    assert_eq!(on_disk(&t).statements.len(), before);
    assert!(!on_disk(&t).statements.iter().any(|s| s.quote.contains("let Russia regroup")));

    // Redo brings it back, on disk too.
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    h.run();
    wait_saved(&mut h);
    assert_eq!(on_disk(&t).statements.len(), before + 1);
}

#[test]
fn the_first_edit_asks_who_is_editing_once_and_the_detail_panel_says_who_entered_it() {
    use stancebook::model::Analyst;
    let t = TempStore::sample();
    let mut h = open_app_unnamed(&t);
    let before = t.bytes();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    type_into(&mut h, "Actor", "London");
    type_into(&mut h, "Date", "2025-12-19");
    type_into(&mut h, "Quote", "Talks must come before any truce");
    type_into(&mut h, "Topic", "Ceasefire");
    h.get_all_by_label("−1").next().expect("a −1 stance button").click();
    h.run();
    type_into(&mut h, "Outlet", "BBC");
    h.get_by_label("Save statement").click();
    h.run();

    // No name in the preferences: the app asks first, and nothing is saved yet.
    h.get_by_label("Who is entering this?");
    h.get_by_label_contains("so colleagues sharing the store can see who coded what");
    assert_eq!(t.bytes(), before);
    type_into(&mut h, "Name", "Anna Petrova");
    type_into(&mut h, "E-mail (optional)", "anna@desk.example");
    h.get_by_label("Save").click();
    h.run();
    wait_idle(&mut h);
    assert!(h.query_by_label("Who is entering this?").is_none(), "the prompt closed");
    assert_eq!(h.state().prefs.analyst_name.as_deref(), Some("Anna Petrova"));

    // The statement is added, selected, and says who entered it.
    h.get_by_label("Entered by Anna Petrova");
    wait_saved(&mut h);
    let anna = Analyst::new("Anna Petrova", Some("anna@desk.example"));
    let saved = on_disk(&t);
    let s = saved.statements.iter().find(|s| s.quote.contains("before any truce")).expect("on disk");
    assert_eq!((s.entered_by.as_ref(), s.changed_by.as_ref()), (Some(&anna), None));

    // Asked once: the next edit goes straight through, recorded as hers.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    type_into(&mut h, "Quote", "Talks must come before any truce, and soon");
    h.get_by_label("Save statement").click();
    h.run();
    wait_idle(&mut h);
    assert!(h.query_by_label("Who is entering this?").is_none(), "not asked again");
    h.get_by_label("Entered by Anna Petrova · changed by Anna Petrova");

    // `by:` finds her statements, and only hers.
    type_into(&mut h, "Search", "by:petrova");
    h.get_by_label("Statements").click();
    h.run();
    assert!(h.query_all_by_label_contains("and soon").count() >= 1, "hers is listed");
    assert!(h.query_by_label("Volodymyr Zelensky").is_none(), "no one else's");
}

#[test]
fn not_now_lets_the_edit_through_unrecorded_and_edit_analyst_names_them_later() {
    let t = TempStore::sample();
    let mut h = open_app_unnamed(&t);
    h.get_by_label("Statements").click();
    h.run();
    type_into(&mut h, "Search", "\"red lines\"");
    h.get_by_label_contains("red lines").click();
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    h.get_by_label("Who is entering this?");
    h.get_by_label("Not now").click();
    h.run();
    wait_idle(&mut h);
    assert!(h.query_by_label_contains("red lines").is_none(), "deleted all the same");
    assert_eq!(h.state().prefs.analyst_name, None);
    // Not asked again this session.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    wait_idle(&mut h);
    h.get_by_label_contains("red lines").click();
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    assert!(h.query_by_label("Who is entering this?").is_none(), "asked only once");

    // Edit › Analyst… names them from now on.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Analyst…").click();
    h.run();
    type_into(&mut h, "Name", "Ben Ode");
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(h.state().prefs.analyst_name.as_deref(), Some("Ben Ode"));
    assert_eq!(h.state().prefs.analyst_email, None);
}

#[test]
fn the_editor_says_what_is_wrong_next_to_the_field() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    let before = t.bytes();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    type_into(&mut h, "Actor", "Atlantis");
    h.get_by_label("Save statement").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label("No actor called “Atlantis”: pick one from the list");
    h.get_by_label("The quote (or a paraphrase) cannot be empty");
    h.get_by_label("Pick a topic");
    h.run();
    assert_eq!(t.bytes(), before, "nothing was saved");
}

#[test]
fn delete_removes_the_selection_and_undo_restores_it() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.get_by_label("Statements").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search").type_text("red lines");
    h.run();
    h.get_by_label_contains("red lines").click();
    h.run();
    // The detail panel shows it.
    h.get_by_label("Duplicate");
    h.key_press(egui::Key::Delete);
    h.run();
    assert!(h.query_by_label_contains("red lines").is_none());
    wait_saved(&mut h);
    assert!(!on_disk(&t).statements.iter().any(|s| s.quote == "red lines"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.query_all_by_label_contains("red lines").count() >= 1, "back in the table");
    wait_saved(&mut h);
    assert!(on_disk(&t).statements.iter().any(|s| s.quote == "red lines"));
}

#[test]
fn the_palette_finds_a_command_by_fuzzy_name() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Command").type_text("shfts");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Since");
}

#[test]
fn a_second_window_on_the_same_store_is_read_only() {
    let t = TempStore::sample();
    let (_held, _) = store::StoreFile::open(&t.path).unwrap();
    let mut h = open_app(&t);
    h.get_by_label_contains("Read-only: open for writing in another Stancebook");
    let before = t.bytes();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(h.query_by_label("Save statement").is_none(), "no editor on a read-only store");
    assert_eq!(t.bytes(), before);
}

#[test]
fn a_bad_file_shows_the_error_and_offers_the_latest_backup() {
    let t = TempStore::sample();
    // Make one backup by saving through the store, then break the file.
    {
        let (mut f, parsed) = store::StoreFile::open(&t.path).unwrap();
        let mut s = parsed.store;
        s.statements[0].notes.push_str(" (edited)");
        f.save(&s).unwrap();
    }
    let broken = "(schema: 2, actors: [(id: \"kremlin\",";
    std::fs::write(&t.path, broken).unwrap();
    let mut h = open_app(&t);
    h.get_by_label("The store could not be opened");
    h.get_by_label_contains("store.ron:1:");
    h.get_by_label("Open latest backup").click();
    h.step();
    wait_idle(&mut h);
    h.get_by_label_contains("Viewing a backup of store.ron");
    h.get_by_label_contains("Kremlin on Ceasefire: −1 opposes or delays a truce");
    assert_eq!(std::fs::read_to_string(&t.path).unwrap(), broken, "the bad file is untouched");
}

#[test]
fn cyrillic_quotes_render_without_missing_glyphs() {
    let mut text = store::SAMPLE_TEXT.to_owned();
    text = text.replacen("quote: \"red lines\"", "quote: \"червоні лінії — красные линии\"", 1);
    let t = TempStore::with_text(&text);
    let mut h = open_app(&t);
    h.get_by_label("Statements").click();
    h.run();
    type_into(&mut h, "Search", "лінії");
    h.get_by_label_contains("червоні лінії — красные линии");
}

#[test]
fn renaming_an_actor_keeps_its_statements_and_a_used_actor_cannot_be_deleted() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::A);
    h.run();
    h.get_by_label("Berlin  (1)").click();
    h.run();
    type_into(&mut h, "Name", "Bundesregierung");
    type_into(&mut h, "Id", "bund");
    h.get_by_label("Save actor").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label_contains("Bundesregierung on Foreign troops: −1 opposes a deployment now");
    wait_saved(&mut h);
    let s = on_disk(&t);
    assert!(s.actor(&stancebook::model::ActorId::from("berlin")).is_none());
    assert_eq!(
        s.statements.iter().filter(|x| x.actor == "bund").count(),
        1,
        "the statement moved with the id"
    );
    // Kyiv has statements: its Delete button is disabled.
    h.get_by_label("Kyiv  (12)").click();
    h.run();
    assert!(h.get_by_label("Delete actor").accesskit_node().is_disabled());
    // Prague has none: it can go.
    h.get_by_label("Prague  (0)").click();
    h.run();
    h.get_by_label("Delete actor").click();
    h.run();
    wait_saved(&mut h);
    assert!(on_disk(&t).actor(&stancebook::model::ActorId::from("prague")).is_none());
}

/// An in-memory stand-in for eframe's storage.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn preferences_are_saved_through_eframe_storage() {
    use eframe::App as _;
    let t = TempStore::sample();
    let path = t.path.clone();
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(40)
        .build_eframe(move |cc| StancebookApp::new(cc, Startup { store: Some(path), use_storage: true }));
    while h.state().is_opening() {
        h.step();
    }
    h.run();
    h.get_by_label("Timeline").click();
    h.run();
    h.get_by_label("Kremlin").click();
    h.run();
    let mut storage = MemoryStorage::default();
    h.state_mut().save(&mut storage);
    let prefs: stancebook::app::Prefs = eframe::get_value(&storage, "stancebook-prefs").expect("prefs saved");
    assert_eq!(prefs.tab, stancebook::ui::Tab::Timeline);
    assert_eq!(prefs.store_path.as_deref(), Some(t.path.as_path()));
    assert!(
        !prefs.filter.actors.contains(&stancebook::model::ActorId::from("kremlin")),
        "Kremlin was hidden"
    );
    assert!(!prefs.filter.actors.is_empty());
}

#[test]
fn the_export_tab_previews_the_brief_as_it_reads_and_copies_it() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.get_by_role_and_label(Role::CheckBox, "Kremlin").click_modifiers(egui::Modifiers::NONE);
    h.run();
    h.get_by_label("Export").click();
    h.step();
    wait_idle(&mut h);
    h.get_by_label("Preview");
    // The preview draws the brief's headings, not Markdown source.
    h.get_by_label("What moved since 7 December 2025");
    h.get_by_label("Where they stand");
    h.get_by_label("Sources");
    assert!(h.query_by_label_contains("## ").is_none(), "no Markdown markup in the preview");
    // The filter panel hid the Kremlin: its name is on the filter chip only, not in the brief's table.
    assert_eq!(h.query_all_by_label("Kremlin").count(), 1, "the Kremlin is left out of the brief");
    assert!(h.query_all_by_label("Kyiv").count() >= 2, "Kyiv is in the table");
    // A section per topic adds the topics' headings.
    h.get_by_label("A section per topic").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label_contains("Proposition: An immediate ceasefire");
    h.get_by_label("Copy Markdown").click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .any(|c| matches!(c, egui::OutputCommand::CopyText(s) if s.starts_with("# Position summary") && s.contains("## What moved since 7 December 2025")));
    assert!(copied, "the brief is on the clipboard as Markdown");
}

#[test]
fn marking_a_briefing_offers_since_last_briefing_everywhere() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    // No briefing yet: the matrix offers no such preset.
    assert!(h.query_by_label("Since last briefing").is_none());
    h.get_by_label("Export").click();
    h.run();
    wait_idle(&mut h);
    type_into(&mut h, "Title", "Morning note");
    h.get_by_label("Mark briefing").click();
    h.run();
    wait_saved(&mut h);
    let b = on_disk(&t).briefings;
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].title, "Morning note");
    assert_eq!(b[0].date.to_string(), "2025-12-14", "as of the brief's date");
    h.get_by_label_contains("Recorded the briefing “Morning note”");
    // The brief now starts from it…
    h.get_by_label("Since last briefing");
    // …and the matrix and the shifts offer it.
    h.get_by_label("Matrix").click();
    h.run();
    h.get_by_label("Since last briefing").click();
    h.run();
    wait_idle(&mut h);
    assert!(
        h.query_by_label_contains("; moved:").is_none(),
        "nothing moved after a briefing as of the latest statement"
    );
    h.get_by_label("Shifts").click();
    h.run();
    h.get_by_label("since last briefing").click();
    h.run();
    h.get_by_label_contains("Nothing moved since 15 Dec 2025");
    // Undo takes the briefing back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    wait_saved(&mut h);
    assert!(on_disk(&t).briefings.is_empty());
}

#[test]
fn the_matrix_rings_what_moved_marks_what_is_stale_and_hides_the_rest_on_request() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.get_by_label("1 month").click();
    h.run();
    wait_idle(&mut h);
    // Kyiv moved on territory on 14 December: the cell says so, with its path.
    h.get_by_label("Kyiv on Territory: −1 opposes ceding land; moved: −2 → −1 (1 move)");
    // London's troops stance rests on March 2025: stale.
    let london = h.get_by_label_contains("London on Foreign troops: +2");
    let label = london.accesskit_node().label().unwrap_or_default();
    assert!(label.contains("; stale: latest statement 9 months old"), "{label}");
    assert!(!label.contains("moved"), "{label}");
    // Changed only: the cells that did not move on a row or column that did stay; London's row goes.
    h.get_by_label("Changed only").click();
    h.run();
    h.get_by_label_contains("Kyiv on Territory: −1");
    assert!(h.query_by_label_contains("London on").is_none(), "London did not move in the month");
    assert!(
        h.query_by_label_contains("on Nuclear deterrence").is_none(),
        "no one moved on nuclear deterrence"
    );
    // A longer stale threshold clears the mark.
    h.get_by_label("Changed only").click();
    h.run();
    // A drag value turns into a text field when clicked: type over it, then Enter.
    h.get_by_role_and_label(Role::SpinButton, "Stale after").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text("400".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    let label =
        h.get_by_label_contains("London on Foreign troops: +2").accesskit_node().label().unwrap_or_default();
    assert!(!label.contains("stale"), "{label}");
}

#[test]
fn importing_a_colleague_s_store_merges_it_as_one_undoable_step() {
    let t = TempStore::sample();
    // The colleague's store: the sample plus one statement, as JSON.
    let mut theirs = store::sample();
    let mut s = stancebook::model::Statement::new(
        stancebook::model::PartialDate::ymd(2025, 12, 20).unwrap(),
        stancebook::model::ActorId::from("warsaw"),
        "Poland will not send troops",
    );
    s.positions.push(stancebook::model::Position {
        topic: stancebook::model::TopicId::from("troops"),
        stance: stancebook::model::Stance::new(-1).unwrap(),
        conditions: String::new(),
        evidence: Default::default(),
    });
    theirs.insert_statement(s);
    let colleague = t.dir.path().join("colleague.json");
    std::fs::write(&colleague, serde_json::to_string(&theirs).unwrap()).unwrap();

    let mut h = open_app(&t);
    h.state_mut().start_import(colleague);
    h.step();
    wait_idle(&mut h);
    h.get_by_label("Imported colleague.json");
    assert!(h.query_all_by_label_contains("1 added").count() >= 1, "the report says what was added");
    h.get_by_label("Close").click();
    h.run();
    wait_saved(&mut h);
    let after = on_disk(&t);
    let imported = after.statements.iter().find(|s| s.quote == "Poland will not send troops").unwrap();
    assert_eq!(imported.entered_by, None, "an import keeps what the colleague recorded, not who imported it");
    let (file, _) = store::StoreFile::open_read_only(&t.path, "test").unwrap();
    assert_eq!(file.list_backups().len(), 1, "a backup was taken before the import");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    wait_saved(&mut h);
    assert!(
        !on_disk(&t).statements.iter().any(|s| s.quote == "Poland will not send troops"),
        "undo takes it back"
    );
}

#[test]
fn the_search_box_filters_every_tab_and_explains_a_bad_query() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    type_into(&mut h, "Search", "actor:kremlin topic:territory");
    // The matrix keeps only the Kremlin's territory cell.
    h.get_by_label("Kremlin on Territory: +2 backs ceding occupied land");
    h.get_by_label("Kremlin on Elections in Ukraine: no position");
    h.get_by_label("Kyiv on Territory: no position");
    // A typo in a filter name is explained, and the results stay.
    type_into(&mut h, "Search", "actr:kremlin");
    h.get_by_label_contains("unknown filter");
    h.get_by_label("Kremlin on Territory: +2 backs ceding occupied land");
    // Free text with a typo, in the table, best match first and highlighted.
    type_into(&mut h, "Search", "peskof");
    h.get_by_label("Statements").click();
    h.run();
    h.get_by_label("Best matches first");
    assert!(
        h.query_all_by_label("Dmitry Peskov").count() >= 2,
        "Peskov's statements are found despite the typo"
    );
    // Esc clears it.
    h.get_by_role_and_label(Role::TextInput, "Search").click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    wait_idle(&mut h);
    assert!(h.query_by_label("Best matches first").is_none(), "no search, no ranking");
}

#[test]
fn ingest_finds_statements_in_a_pasted_text_and_accepts_them() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    h.get_by_label("Ingest").click();
    h.run();
    type_into(&mut h, "Outlet", "Example Wire");
    type_into(&mut h, "Published", "2025-12-20");
    let text = "Kremlin rejects truce again\n\
        Dmitry Peskov, the Kremlin spokesman, told reporters on Friday that Moscow \"will never accept a ceasefire that only lets Kyiv rearm\".\n\
        Keir Starmer said yesterday that British troops were ready to deploy as peacekeepers once a ceasefire holds.\n";
    type_into(&mut h, "Text", text);
    // The extraction starts a moment after the last key, off the UI thread.
    let start = Instant::now();
    while h.query_by_label_contains("found,").is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "the candidates appear");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    wait_idle(&mut h);
    let before = on_disk(&t).statements.len();
    // Accept the first candidate on its own, then the rest together.
    h.get_all_by_label("Accept").next().expect("a candidate to accept").click();
    h.run();
    wait_saved(&mut h);
    let after_one = on_disk(&t);
    assert_eq!(after_one.statements.len(), before + 1);
    let added = after_one
        .statements
        .iter()
        .find(|s| s.source.outlet == "Example Wire")
        .expect("the accepted statement");
    assert_eq!(added.actor, "kremlin");
    assert_eq!(added.speaker.as_deref(), Some("Dmitry Peskov"));
    assert_eq!(added.date.to_string(), "2025-12-19", "“on Friday” before Saturday 20 December");
    assert!(
        added.position(&stancebook::model::TopicId::from("ceasefire")).is_some_and(|p| p.stance.value() < 0)
    );
    assert_eq!(added.source.published.map(|d| d.to_string()).as_deref(), Some("2025-12-20"));
    let analyst = added.entered_by.as_ref().map(|a| a.name.as_str());
    assert_eq!(analyst, Some(common::app::TEST_ANALYST), "entered by who accepted it");
    {
        assert!(!h.get_by_label("Accept all").accesskit_node().is_disabled(), "Starmer's statement is ready");
        h.get_by_label("Accept all").click();
        h.run();
        wait_saved(&mut h);
        let all = on_disk(&t);
        assert!(all.statements.len() > before + 1);
        assert!(all.statements.iter().any(|s| s.actor == "london" && s.source.outlet == "Example Wire"));
        // One undo takes the whole batch back.
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.run();
        wait_saved(&mut h);
        assert_eq!(on_disk(&t).statements.len(), before + 1);
    }
}

#[test]
fn another_programs_change_is_kept_and_mine_can_be_compared_and_imported() {
    let t = TempStore::sample();
    let mut h = open_app(&t);
    // Another program (a sync client, an editor) rewrites the store…
    let mut theirs = store::sample();
    theirs.statements[0].notes = "edited elsewhere".into();
    let theirs_text = store::format::to_text(&theirs);
    let tmp = t.dir.path().join("theirs.part");
    std::fs::write(&tmp, &theirs_text).unwrap();
    std::fs::rename(&tmp, &t.path).unwrap();
    // …while the analyst adds a statement here.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    type_into(&mut h, "Actor", "Kyiv");
    type_into(&mut h, "Date", "2025-12-19");
    type_into(&mut h, "Quote", "We will not trade land for a pause");
    type_into(&mut h, "Topic", "Territory");
    h.get_all_by_label("−2").next().expect("a −2 stance button").click();
    h.run();
    h.get_by_label("Save statement").click();
    h.run();
    wait_idle(&mut h);
    let start = Instant::now();
    while h.query_by_label_contains("Another program changed this store").is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "the conflict is shown");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
    assert_eq!(std::fs::read_to_string(&t.path).unwrap(), theirs_text, "theirs is kept on disk");
    let conflict: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("store.conflict-"))
        .collect();
    assert_eq!(conflict.len(), 1, "mine is in one conflict file");
    assert!(
        store::read_any(&conflict[0])
            .unwrap()
            .store
            .statements
            .iter()
            .any(|s| s.quote.contains("trade land"))
    );

    h.get_by_label("Compare").click();
    h.run();
    wait_idle(&mut h);
    h.get_by_label_contains("What importing store.conflict-");
    h.get_by_label_contains("1 added");
    h.get_by_label("Close").click();
    h.run();

    h.get_by_label("Import mine").click();
    h.run();
    wait_idle(&mut h);
    wait_saved(&mut h);
    let s = on_disk(&t);
    assert!(s.statements.iter().any(|x| x.quote.contains("trade land")), "mine is merged in");
    assert!(s.statements.iter().any(|x| x.notes == "edited elsewhere"), "theirs is kept");
    assert!(h.query_by_label_contains("Another program changed this store").is_none());
}

#[cfg(unix)]
#[test]
fn a_store_without_write_permission_opens_read_only_and_says_why() {
    use std::os::unix::fs::PermissionsExt;
    let t = TempStore::sample();
    std::fs::set_permissions(&t.path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut h = open_app(&t);
    h.get_by_label_contains("Read-only: the file is not writable");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(h.query_by_label("Save statement").is_none());
    assert_eq!(t.bytes(), store::SAMPLE_TEXT.as_bytes());
}

#[test]
fn a_store_folder_opens_from_the_file_menu_and_an_edit_saves_into_its_day_file() {
    let t = TempStore::sample();
    let dir = t.dir.path().join("desk");
    store::create_folder(&dir, &store::sample()).unwrap();
    let mut h = open_app(&t);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Open store folder").click();
    h.run();
    // No folder dialog in a test: the typed path.
    let start = Instant::now();
    while h.query_by_label("No file dialog could be shown here").is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "the prompt appears");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.get_by_role_and_label(Role::TextInput, "Path").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Path").type_text(dir.to_str().unwrap());
    h.run();
    h.get_by_label("OK").click();
    h.run();
    // The store opens on a thread; the status bar says when it has.
    let start = Instant::now();
    while h.query_by_label_contains("Opened desk").is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "the folder opens");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    wait_idle(&mut h);
    // Delete a statement: its day's file is rewritten (or, emptied, removed), no other file.
    let sample = store::sample();
    let victim = sample.statements.iter().find(|s| s.quote == "red lines").unwrap();
    let day = dir.join(store::folder::file_of(victim));
    let others: Vec<std::path::PathBuf> =
        sample.statements.iter().map(|s| dir.join(store::folder::file_of(s))).filter(|p| *p != day).collect();
    let before = std::fs::read(&day).unwrap();
    let others_before: Vec<Vec<u8>> = others.iter().map(|p| std::fs::read(p).unwrap()).collect();
    h.get_by_label("Statements").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search").type_text("red lines");
    h.run();
    wait_idle(&mut h);
    h.get_by_label_contains("red lines").click();
    h.run();
    h.get_by_label("Duplicate");
    h.key_press(egui::Key::Delete);
    h.run();
    wait_saved(&mut h);
    assert_ne!(std::fs::read(&day).ok(), Some(before), "its day's file was rewritten or removed");
    let others_after: Vec<Vec<u8>> = others.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(others_after == others_before, "no other file was");
    assert!(store::read(&dir).unwrap().store.statement(victim.id).is_none());
}

#[test]
fn a_store_folder_with_a_damaged_file_is_repaired_from_its_backups() {
    let mut t = TempStore::sample();
    let dir = t.dir.path().join("desk");
    store::create_folder(&dir, &store::sample()).unwrap();
    let day = "statements/2025/03/13.ron";
    {
        // A save that changes the day: the backups then hold a good version of it.
        let (mut f, parsed) = store::StoreFile::open(&dir).unwrap();
        let mut s = parsed.store;
        let i = s.statements.iter().position(|x| store::folder::file_of(x) == day).unwrap();
        s.statements[i].notes.push_str(" (checked)");
        f.save(&s).unwrap();
    }
    std::fs::write(dir.join(day), "(statements: [ damaged").unwrap();
    t.path = dir.clone();
    let mut h = open_app(&t);
    h.get_by_label("The store could not be opened");
    h.get_by_label_contains("13.ron");
    assert!(h.query_by_label("There are no backups of this store.").is_none(), "a folder's backups count");
    h.get_by_label("Repair from backups").click();
    h.step();
    wait_idle(&mut h);
    h.get_by_label_contains("Repaired from the backups");
    assert!(h.query_by_label("The store could not be opened").is_none(), "the store opened");
    assert_eq!(h.state().doc.as_ref().unwrap().store().statements.len(), store::sample().statements.len());
    let kept: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("desk.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept beside the folder");
}
