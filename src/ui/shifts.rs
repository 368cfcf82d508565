//! Shifts: what moved since a date — each change of an actor's stance on a
//! topic, newest first, with the event it came just after and the quotes
//! before and after side by side.

use chrono::{Duration, NaiveDate};
use egui::{RichText, Ui};
use serde::{Deserialize, Serialize};

use super::widgets::{self, date_text};
use super::{Action, View, theme};
use crate::analysis::{self, Direction, EventLink, Shift, ShiftClass};
use crate::export::text;
use crate::model::{PartialDate, Store};

/// The shifts view's settings, kept between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShiftsPrefs {
    /// Shifts on or after this date; `None` means 90 days before the latest statement.
    pub since: Option<NaiveDate>,
    /// Shifts on or before this date; `None` means no limit.
    pub until: Option<NaiveDate>,
    /// Shifts after the last recorded briefing (overrides `since` while one exists).
    pub since_last_briefing: bool,
    /// A card names the nearest event involving its actor that ended at
    /// most this many days before the move.
    pub event_window: i64,
}

impl Default for ShiftsPrefs {
    fn default() -> Self {
        ShiftsPrefs {
            since: None,
            until: None,
            since_last_briefing: false,
            event_window: analysis::EVENT_WINDOW_DAYS,
        }
    }
}

/// The shifts view's passing UI state: the shifts of the last range, each
/// with the event it came just after, kept until the store, the filters,
/// the range or the events' window change.
#[derive(Default)]
pub struct ShiftsState {
    cache: Option<((super::CacheKey, i64), Vec<ShiftInContext>)>,
}

/// A shift and the event it came just after.
type ShiftInContext = (Shift, Option<EventLink>);

/// Every card has this height, so that only the cards on screen are laid
/// out, however many shifts there are (quotes are shortened to fit; the
/// whole quote is a hover away).
const CARD_HEIGHT: f32 = 176.0;
const CARD_GAP: f32 = 8.0;

/// Draws the list of shifts.
pub fn shifts_ui(
    ui: &mut Ui,
    view: &View,
    prefs: &mut ShiftsPrefs,
    state: &mut ShiftsState,
    actions: &mut Vec<Action>,
) {
    let store = view.store;
    let dark = view.dark;
    let default_since = view.latest - Duration::days(90);
    let briefing = store.last_briefing();
    let after_briefing =
        briefing.and_then(|b| b.date.last_day().succ_opt()).filter(|_| prefs.since_last_briefing);
    let since = after_briefing.or(prefs.since).unwrap_or(default_since);

    ui.horizontal_wrapped(|ui| {
        let mut s = Some(since);
        widgets::date_field(ui, "Since", "shifts-since", &mut s, false);
        if s != Some(since) {
            prefs.since = s;
            prefs.since_last_briefing = false;
        }
        let mut u = prefs.until;
        widgets::date_field(ui, "Until", "shifts-until", &mut u, true);
        prefs.until = u;
        if let Some(b) = briefing {
            let on = after_briefing.is_some() && prefs.until.is_none();
            if ui
                .selectable_label(on, "since last briefing")
                .on_hover_text(format!("After “{}”, as of {}", b.title, date_text(b.date)))
                .clicked()
            {
                prefs.since_last_briefing = true;
                prefs.until = None;
            }
        }
        for (label, days) in [("last week", 7), ("last month", 30), ("last 3 months", 90), ("last year", 365)]
        {
            let d = view.latest - Duration::days(days);
            if ui.selectable_label(since == d && prefs.until.is_none(), label).clicked() {
                prefs.since = Some(d);
                prefs.since_last_briefing = false;
                prefs.until = None;
            }
        }
        ui.separator();
        let l = ui.label("Events within");
        ui.add(egui::DragValue::new(&mut prefs.event_window).range(0..=365).suffix(" days"))
            .labelled_by(l.id)
            .on_hover_text(
                "Each card names the nearest event of its actor that ended at most this many days before the move",
            );
    });

    let key = ((view.generation, since, prefs.until), prefs.event_window);
    if state.cache.as_ref().is_none_or(|(k, _)| *k != key) {
        let shifts: Vec<ShiftInContext> = view
            .positions
            .shifts(store, Some(since), prefs.until)
            .into_iter()
            .filter(|s| view.actors.contains(&s.actor) && view.topics.contains(&s.topic))
            .map(|s| {
                let event =
                    analysis::event_before(store, &store.actors[s.actor].id, s.date, prefs.event_window);
                (s, event)
            })
            .collect();
        state.cache = Some((key, shifts));
    }
    let shifts: &[ShiftInContext] = state.cache.as_ref().map_or(&[], |(_, v)| v.as_slice());
    let reversals = shifts.iter().filter(|(s, _)| s.class == ShiftClass::Reversal).count();
    let toward = shifts.iter().filter(|(s, _)| s.direction == Direction::Toward).count();
    ui.add_space(4.0);
    ui.label(
        RichText::new(if shifts.is_empty() {
            format!("Nothing moved since {}.", date_text(PartialDate::day(since)))
        } else {
            format!(
                "{} change{} since {}: {reversals} reversal{}, {} shift{}; {toward} toward, {} away from the propositions.",
                shifts.len(),
                if shifts.len() == 1 { "" } else { "s" },
                date_text(PartialDate::day(since)),
                if reversals == 1 { "" } else { "s" },
                shifts.len() - reversals,
                if shifts.len() - reversals == 1 { "" } else { "s" },
                shifts.len() - toward,
            )
        })
        .color(theme::weak(dark)),
    );
    ui.add_space(6.0);

    egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(
        ui,
        CARD_HEIGHT + CARD_GAP,
        shifts.len(),
        |ui, rows| {
            for (sh, event) in &shifts[rows] {
                shift_card_ui(ui, view, sh, event.as_ref(), actions);
                ui.add_space(CARD_GAP);
            }
        },
    );
}

fn shift_card_ui(ui: &mut Ui, view: &View, sh: &Shift, event: Option<&EventLink>, actions: &mut Vec<Action>) {
    let store = view.store;
    let dark = view.dark;
    let actor = &store.actors[sh.actor];
    let topic = &store.topics[sh.topic];
    egui::Frame::group(ui.style()).inner_margin(10).corner_radius(6).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.set_height(CARD_HEIGHT - 22.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(date_text(sh.date)).strong());
            widgets::actor_dot(ui, actor);
            ui.label(RichText::new(&actor.name).strong());
            ui.label("on");
            ui.label(RichText::new(&topic.name).strong());
            ui.add_space(6.0);
            widgets::stance_chip(ui, sh.from, topic.label(sh.from), false);
            ui.label("→");
            widgets::stance_chip(ui, sh.to, topic.label(sh.to), false);
            let (word, color) = match (sh.class, sh.direction) {
                (ShiftClass::Reversal, Direction::Toward) => {
                    ("reversal toward", theme::stance_fill(crate::model::Stance::MAX, dark))
                }
                (ShiftClass::Reversal, Direction::Away) => {
                    ("reversal away", theme::stance_fill(crate::model::Stance::MIN, dark))
                }
                (_, Direction::Toward) => ("shift toward", theme::weak(dark)),
                (_, Direction::Away) => ("shift away", theme::weak(dark)),
            };
            ui.label(RichText::new(word).color(color).strong());
            if ui
                .small_button("Copy as citation")
                .on_hover_text(
                    "One line with the move, its evidence and its source, as text and as formatted text",
                )
                .clicked()
            {
                let s = &store.statements[sh.to_statement];
                if let Some(c) = crate::export::citation::position(store, s, &topic.id, Some(sh.from)) {
                    actions.push(Action::CopyCitation(Box::new(c)));
                }
            }
        });
        // The event the move came just after, on one line (the whole of it on hover).
        match event {
            Some(l) => {
                let words = text::event_context(l.event(store), l);
                ui.add(egui::Label::new(RichText::new(words).italics()).truncate())
                    .on_hover_ui(|ui| event_tooltip_ui(ui, store, l));
            }
            None => {
                ui.add_space(ui.text_style_height(&egui::TextStyle::Body));
            }
        }
        ui.add_space(2.0);
        ui.columns(2, |cols| {
            for (col, (idx, title)) in
                cols.iter_mut().zip([(sh.from_statement, "Before"), (sh.to_statement, "After")])
            {
                let s = &store.statements[idx];
                col.label(RichText::new(title).small().color(theme::weak(dark)));
                // About three lines of the quote, so that every card has the same height;
                // left-aligned, as justified quotes read with gaps.
                let chars = ((col.available_width() / 6.8) as usize * 3).max(60);
                let r = egui::Frame::new()
                    .inner_margin(4)
                    .show(col, |ui| {
                        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                            widgets::backing_block(ui, store, s, &topic.id, chars)
                        })
                    })
                    .response;
                let r = col.interact(
                    r.rect,
                    col.scope_id().with(("shift-quote", title, sh.from_statement, sh.to_statement, sh.topic)),
                    egui::Sense::click(),
                );
                let hover = s.backing(&topic.id).line();
                if r.on_hover_cursor(egui::CursorIcon::PointingHand).on_hover_text(hover).clicked() {
                    actions.push(Action::Select(Some(s.id)));
                }
            }
        });
    });
}

/// What the card's event line holds, whole: the event's title, dates,
/// kind, place, actors, source and notes.
pub fn event_tooltip_ui(ui: &mut Ui, store: &Store, l: &EventLink) {
    let e = l.event(store);
    let weak = theme::weak(ui.visuals().dark_mode);
    ui.set_max_width(420.0);
    ui.label(RichText::new(e.title.trim()).strong());
    let mut line = format!("{} · {}", e.when(), e.kind);
    if !e.place.trim().is_empty() {
        line.push_str(&format!(" · {}", e.place.trim()));
    }
    ui.label(line);
    if !e.actors.is_empty() {
        let names: Vec<String> = e
            .actors
            .iter()
            .map(|a| store.actor(a).map_or_else(|| a.to_string(), |x| x.name.clone()))
            .collect();
        ui.label(text::and_list(&names));
    }
    ui.label(RichText::new(text::event_context(e, l)).small().color(weak));
    let outlet = e.source.outlet.trim();
    if !outlet.is_empty() {
        let published =
            e.source.published.map(|p| format!(", published {}", date_text(p))).unwrap_or_default();
        ui.label(RichText::new(format!("Source: {outlet}{published}")).small().color(weak));
    }
    if !e.notes.trim().is_empty() {
        ui.label(RichText::new(e.notes.trim()).small());
    }
}
