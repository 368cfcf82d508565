//! The Shifts tab names the event each move came just after: the card for
//! Washington's ceasefire reversal of 16 August 2025 names the Alaska
//! summit, its whole record a hover away, and a narrower window set on the
//! tab takes it off. Found by label, as a person reads the screen.

#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

mod common;

use common::TempStore;
use common::app::{open_app_at, type_into, wait_idle};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

const CONTEXT: &str = "1 day after: Trump–Putin summit in Alaska ends without a deal (15 Aug)";

#[test]
fn the_washington_ceasefire_card_names_the_alaska_summit() {
    let t = TempStore::sample();
    let mut h = open_app_at(&t, [1366.0, 768.0]);
    h.get_by_label("Shifts").click();
    h.run();
    wait_idle(&mut h);
    // August 2025: two moves of Washington (territory on the 8th, ceasefire on the 16th).
    type_into(&mut h, "Since", "2025-08-01");
    type_into(&mut h, "Until", "2025-08-31");
    h.get_by_label_contains("changes since 1 Aug 2025");

    // One card names the summit, under the header of the 16 August reversal
    // (the labels above it and right of its left edge, not the side panel's).
    let line = h.get_by_label(CONTEXT);
    let at = line.rect();
    let header = |label: &str| {
        h.get_all_by_label(label)
            .map(|n| n.rect())
            .find(|r| {
                r.left() >= at.left() - 1.0 && r.bottom() <= at.top() + 1.0 && at.top() - r.top() < 60.0
            })
            .unwrap_or_else(|| panic!("“{label}” heads the card that names the summit"))
    };
    let (date, actor, topic) = (header("16 Aug 2025"), header("Washington"), header("Ceasefire"));
    assert!(
        (date.center().y - actor.center().y).abs() < 4.0 && (actor.center().y - topic.center().y).abs() < 4.0,
        "{date:?} {actor:?} {topic:?} {at:?}"
    );
    // The 8 August card (territory) names no event: nothing within 14 days.
    assert_eq!(h.query_all_by_label_contains("days after:").count(), 0);
    assert_eq!(h.query_all_by_label_contains("1 day after:").count(), 1);

    // Hovering it shows the event's whole record: where, who, the source.
    h.get_by_label(CONTEXT).hover();
    h.run();
    h.get_by_label_contains("Anchorage");
    h.get_by_label_contains("Source: BBC");

    // A window of 0 days: only an event on the day of a move is named, so none here.
    h.get_by_role_and_label(Role::SpinButton, "Events within").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text("0".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    wait_idle(&mut h);
    assert!(h.query_by_label(CONTEXT).is_none(), "a narrower window names no event");
    // And a wider one names the 50-day deadline beside the territory move of 8 August.
    h.get_by_role_and_label(Role::SpinButton, "Events within").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text("30".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    wait_idle(&mut h);
    h.get_by_label(CONTEXT);
    h.get_by_label_contains("25 days after: Trump's 50-day deadline");
}
