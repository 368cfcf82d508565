//! The command palette (Ctrl+K): fuzzy-finds every command, and jumps to a
//! topic's timeline, an actor's statements or an event.

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
    for e in store.events.iter().rev() {
        let mut detail = vec![e.when(), e.kind.as_str().to_owned()];
        if !e.place.is_empty() {
            detail.push(e.place.clone());
        }
        v.push(Entry {
            label: format!("Event: {}", e.title),
            detail: detail.join(" · "),
            shortcut: String::new(),
            action: Action::ShowEvent(e.id),
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

/// The words of `text`, lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Ranks entries (label, detail) for `query`, best first: each word of the
/// query must be a whole word (best) or the start of a word of the label,
/// or else of the detail (worth less); labels beat details, whole words
/// beat starts, and the first word matching the label's first word wins
/// ties. Only when nothing matches so does a fuzzy match on the labels
/// alone count (for typos). An empty query keeps the order given.
pub fn rank(query: &str, entries: &[(&str, &str)]) -> Vec<(i64, usize)> {
    let q = words(query);
    if q.is_empty() {
        return (0..entries.len()).map(|i| (0, i)).collect();
    }
    let word_score = |w: &str, hay: &[String], whole: i64, start: i64| {
        hay.iter()
            .map(|h| {
                if h == w {
                    whole
                } else if h.starts_with(w) {
                    start
                } else {
                    0
                }
            })
            .max()
            .unwrap_or(0)
    };
    let mut out: Vec<(i64, usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, (label, detail))| {
            let (lw, dw) = (words(label), words(detail));
            let mut total = 0;
            for w in &q {
                let s = word_score(w, &lw, 100, 60).max(word_score(w, &dw, 30, 15));
                if s == 0 {
                    return None;
                }
                total += s;
            }
            if lw.first().is_some_and(|f| f.starts_with(&q[0])) {
                total += 10;
            }
            Some((total, i))
        })
        .collect();
    if out.is_empty() {
        let matcher = SkimMatcherV2::default().ignore_case();
        out = entries
            .iter()
            .enumerate()
            .filter_map(|(i, (label, _))| matcher.fuzzy_match(label, query.trim()).map(|s| (s, i)))
            .filter(|(s, _)| *s >= 40)
            .collect();
    }
    out.sort_by_key(|&(s, i)| (std::cmp::Reverse(s), i));
    out
}

/// Draws the palette when open; returns the chosen action.
pub fn palette_ui(ctx: &egui::Context, state: &mut PaletteState, store: &Store, actions: &mut Vec<Action>) {
    if !state.open {
        return;
    }
    let all = entries(ctx, store);
    let texts: Vec<(&str, &str)> = all.iter().map(|e| (e.label.as_str(), e.detail.as_str())).collect();
    let mut scored: Vec<(i64, &Entry)> =
        rank(&state.query, &texts).into_iter().map(|(s, i)| (s, &all[i])).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn labels<'a>(query: &str, entries: &[(&'a str, &'a str)]) -> Vec<&'a str> {
        rank(query, entries).into_iter().map(|(_, i)| entries[i].0).collect()
    }

    const ENTRIES: [(&str, &str); 9] = [
        ("Duplicate statement", "Start a new statement from a copy of the selected one"),
        ("Show Matrix", "Every actor's stance on every topic as of a date"),
        ("Open latest backup", "Open the most recent backup of this store, read-only"),
        ("Undo", "Undo the last change to the store"),
        ("Timeline: Foreign troops", "European or other foreign troops should be deployed in Ukraine"),
        ("Timeline: Ceasefire", "An immediate ceasefire or truce should take effect now"),
        ("Show Export", "Position summaries for briefings"),
        ("Only Kremlin", "Filter every view to Kremlin's statements"),
        ("Mark briefing", "Record a briefing now"),
    ];

    #[test]
    fn words_rank_by_whole_words_and_starts_not_scattered_letters() {
        assert_eq!(labels("troops", &ENTRIES), vec!["Timeline: Foreign troops"]);
        assert_eq!(labels("undo", &ENTRIES)[0], "Undo");
        assert_eq!(labels("exp", &ENTRIES), vec!["Show Export"]);
        assert_eq!(labels("kremlin", &ENTRIES), vec!["Only Kremlin"]);
        assert_eq!(labels("time cease", &ENTRIES), vec!["Timeline: Ceasefire"]);
        // A label's word beats the same word in another entry's detail.
        assert_eq!(labels("briefing", &ENTRIES), vec!["Mark briefing", "Show Export"]);
        // A typo falls back to a fuzzy match on labels.
        assert_eq!(labels("dupliate", &ENTRIES)[0], "Duplicate statement");
        assert_eq!(labels("", &ENTRIES).len(), ENTRIES.len());
    }
}
