//! The command palette (Ctrl+K): fuzzy-finds every command, and jumps to a
//! topic's timeline or an actor's statements.

use egui::{Key, RichText};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::{Action, Command, theme};
use crate::analysis::Filter;
use crate::model::Store;

/// The palette's state.
#[derive(Default)]
pub struct PaletteState {
    open: bool,
    query: String,
    selected: usize,
    focus: bool,
}

impl PaletteState {
    /// Opens the palette with an empty query.
    pub fn open(&mut self) {
        self.open = true;
        self.query.clear();
        self.selected = 0;
        self.focus = true;
    }

    /// Whether it is open.
    pub fn is_open(&self) -> bool {
        self.open
    }
}

struct Entry {
    label: String,
    detail: String,
    shortcut: String,
    action: Action,
}

fn entries(ctx: &egui::Context, store: &Store) -> Vec<Entry> {
    let mut v: Vec<Entry> = Command::all()
        .into_iter()
        .filter(|c| *c != Command::Palette && c.scope() == super::commands::Scope::Global)
        .map(|c| Entry {
            label: c.label(),
            detail: c.tooltip().to_owned(),
            shortcut: c.shortcut_text(ctx),
            action: Action::Command(c),
        })
        .collect();
    for (i, t) in store.topics.iter().enumerate() {
        v.push(Entry {
            label: format!("Timeline: {}", t.name),
            detail: t.proposition.clone(),
            shortcut: String::new(),
            action: Action::OpenTimeline(i),
        });
    }
    for a in &store.actors {
        v.push(Entry {
            label: format!("Only {}", a.name),
            detail: format!("Filter every view to {}'s statements", a.name),
            shortcut: String::new(),
            action: Action::SetFilter(Filter { actors: [a.id.clone()].into(), ..Filter::default() }),
        });
    }
    v
}

/// Draws the palette when open; returns the chosen action.
pub fn palette_ui(ctx: &egui::Context, state: &mut PaletteState, store: &Store, actions: &mut Vec<Action>) {
    if !state.open {
        return;
    }
    let all = entries(ctx, store);
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut scored: Vec<(i64, &Entry)> = all
        .iter()
        .filter_map(|e| {
            if state.query.trim().is_empty() {
                Some((0, e))
            } else {
                let hay = format!("{} {}", e.label, e.detail);
                matcher
                    .fuzzy_match(&e.label, state.query.trim())
                    .or(matcher.fuzzy_match(&hay, state.query.trim()).map(|s| s / 2))
                    .map(|s| (s, e))
            }
        })
        .collect();
    scored.sort_by_key(|x| std::cmp::Reverse(x.0));
    scored.truncate(12);
    state.selected = state.selected.min(scored.len().saturating_sub(1));

    let mut chosen = None;
    let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
        ui.set_width(520.0);
        let l = ui.label(RichText::new("Command").strong());
        let r = ui.add(
            egui::TextEdit::singleline(&mut state.query)
                .hint_text("Type to find a command, a topic or an actor")
                .desired_width(f32::INFINITY),
        );
        let r = r.labelled_by(l.id);
        if state.focus {
            r.request_focus();
            state.focus = false;
        }
        if r.changed() {
            state.selected = 0;
        }
        let (down, up, enter) = ui.input(|i| {
            (i.key_pressed(Key::ArrowDown), i.key_pressed(Key::ArrowUp), i.key_pressed(Key::Enter))
        });
        if down {
            state.selected = (state.selected + 1).min(scored.len().saturating_sub(1));
        }
        if up {
            state.selected = state.selected.saturating_sub(1);
        }
        ui.add_space(6.0);
        let dark = ui.visuals().dark_mode;
        for (i, (_, e)) in scored.iter().enumerate() {
            let selected = i == state.selected;
            let resp = ui
                .horizontal(|ui| {
                    let r = ui.selectable_label(selected, RichText::new(&e.label).strong());
                    if !e.shortcut.is_empty() {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(RichText::new(&e.shortcut).small().color(theme::weak(dark)));
                        });
                    }
                    r
                })
                .inner;
            if resp.on_hover_text(&e.detail).clicked() {
                chosen = Some(e.action.clone());
            }
        }
        if scored.is_empty() {
            ui.label(RichText::new("Nothing matches").color(theme::weak(dark)));
        }
        if enter && let Some((_, e)) = scored.get(state.selected) {
            chosen = Some(e.action.clone());
        }
    });
    if chosen.is_some() || modal.should_close() {
        state.open = false;
    }
    actions.extend(chosen);
}
