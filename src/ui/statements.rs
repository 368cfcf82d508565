//! The statements table: every statement that passes the filters and the
//! search, virtualised (only visible rows are laid out), sortable, with
//! search matches highlighted.

use egui::text::LayoutJob;
use egui::{Align, Color32, FontId, Label, RichText, Sense, TextFormat, Ui};
use egui_extras::{Column, TableBuilder};

use super::widgets::{self, date_text};
use super::{Action, View};
use crate::model::Store;
use crate::search::Field;

/// What the table is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Date (then id).
    #[default]
    Date,
    /// Actor name.
    Actor,
    /// The first topic's name.
    Topic,
    /// Speaker.
    Speaker,
}

/// The table's UI state: sorting and the cached row order.
pub struct StatementsState {
    /// The sort column.
    pub sort: SortBy,
    /// Newest / Z first.
    pub descending: bool,
    /// With a search: best matches first (until a column is chosen).
    pub relevance: bool,
    order: Vec<usize>,
    order_key: Option<(u64, SortBy, bool, bool)>,
    scroll_to: Option<usize>,
}

impl Default for StatementsState {
    fn default() -> Self {
        // Newest first: what an analyst looks for first.
        StatementsState {
            sort: SortBy::Date,
            descending: true,
            relevance: true,
            order: Vec::new(),
            order_key: None,
            scroll_to: None,
        }
    }
}

fn sort_rows(store: &Store, visible: &[usize], by: SortBy, descending: bool) -> Vec<usize> {
    let mut rows = visible.to_vec();
    let actor_name = |i: usize| store.actor(&store.statements[i].actor).map_or("", |a| a.name.as_str());
    let topic_name = |i: usize| {
        store.statements[i]
            .positions
            .first()
            .and_then(|p| store.topic(&p.topic))
            .map_or("", |t| t.name.as_str())
    };
    match by {
        // `visible` is already in (date, id) order.
        SortBy::Date => {}
        SortBy::Actor => rows.sort_by_cached_key(|&i| actor_name(i).to_lowercase()),
        SortBy::Topic => rows.sort_by_cached_key(|&i| topic_name(i).to_lowercase()),
        SortBy::Speaker => rows
            .sort_by_cached_key(|&i| store.statements[i].speaker.clone().unwrap_or_default().to_lowercase()),
    }
    if descending {
        rows.reverse();
    }
    rows
}

/// Arrow keys move the selection when no text field has the keyboard.
fn keyboard_selection(ui: &Ui, view: &View, state: &mut StatementsState, actions: &mut Vec<Action>) {
    let store = view.store;
    let current = view.selected.and_then(|id| state.order.iter().position(|&i| store.statements[i].id == id));
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let (down, up) = ui.input(|i| (i.key_pressed(egui::Key::ArrowDown), i.key_pressed(egui::Key::ArrowUp)));
    let next = match (current, down, up) {
        (Some(c), true, _) => Some((c + 1).min(state.order.len() - 1)),
        (Some(c), _, true) => Some(c.saturating_sub(1)),
        (None, true, _) => Some(0),
        _ => None,
    };
    if let Some(n) = next {
        actions.push(Action::Select(Some(store.statements[state.order[n]].id)));
        state.scroll_to = Some(n);
    }
}

/// A column header: a button that sorts by the column (again: the other way round).
fn sort_header_ui(
    ui: &mut Ui,
    state: &mut StatementsState,
    label: &str,
    by: Option<SortBy>,
    searching: bool,
) {
    let Some(by) = by else {
        ui.label(RichText::new(label).strong());
        return;
    };
    let active = state.sort == by && !(state.relevance && searching);
    let arrow = if active { if state.descending { " ▼" } else { " ▲" } } else { "" };
    let r = ui.add(egui::Button::new(RichText::new(format!("{label}{arrow}")).strong()).frame(false));
    if r.on_hover_text(format!("Sort by {}", label.to_lowercase())).clicked() {
        if searching && state.relevance {
            state.relevance = false;
            state.sort = by;
            state.descending = by == SortBy::Date;
        } else if state.sort == by {
            state.descending = !state.descending;
        } else {
            state.sort = by;
            state.descending = by == SortBy::Date;
        }
    }
}

/// Draws the table.
pub fn statements_ui(ui: &mut Ui, view: &View, state: &mut StatementsState, actions: &mut Vec<Action>) {
    let store = view.store;
    let by_relevance = state.relevance && view.ranked.is_some();
    let key = (view.generation, state.sort, state.descending, by_relevance);
    if state.order_key != Some(key) {
        state.order = match view.ranked {
            Some(ranked) if by_relevance => ranked.to_vec(),
            _ => sort_rows(store, view.visible, state.sort, state.descending),
        };
        state.order_key = Some(key);
        if let Some(sel) = view.selected {
            state.scroll_to = state.order.iter().position(|&i| store.statements[i].id == sel);
        }
    }
    let dark = view.dark;

    if state.order.is_empty() {
        ui.add_space(20.0);
        ui.label("No statement passes the filters and the search.");
        return;
    }

    keyboard_selection(ui, view, state, actions);

    if view.ranked.is_some() {
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} match{}",
                state.order.len(),
                if state.order.len() == 1 { "" } else { "es" }
            ));
            if ui.selectable_label(by_relevance, "Best matches first").clicked() {
                state.relevance = true;
            }
        });
    }
    let row_h = 24.0;
    let mut table = TableBuilder::new(ui)
        .id_salt("statements-table")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(Align::Center))
        .column(Column::exact(92.0))
        .column(Column::initial(110.0).at_least(70.0).clip(true))
        .column(Column::initial(140.0).at_least(70.0).clip(true))
        .column(Column::initial(170.0).at_least(90.0).clip(true))
        .column(Column::remainder().at_least(200.0).clip(true))
        .column(Column::initial(150.0).at_least(80.0).clip(true))
        .min_scrolled_height(0.0);
    if let Some(row) = state.scroll_to.take() {
        table = table.scroll_to_row(row, Some(Align::Center));
    }
    let searching = view.ranked.is_some();
    let sort_header = |ui: &mut Ui, state: &mut StatementsState, label: &str, by: Option<SortBy>| {
        sort_header_ui(ui, state, label, by, searching)
    };
    table
        .header(26.0, |mut header| {
            header.col(|ui| sort_header(ui, state, "Date", Some(SortBy::Date)));
            header.col(|ui| sort_header(ui, state, "Actor", Some(SortBy::Actor)));
            header.col(|ui| sort_header(ui, state, "Speaker", Some(SortBy::Speaker)));
            header.col(|ui| sort_header(ui, state, "Positions", Some(SortBy::Topic)));
            header.col(|ui| sort_header(ui, state, "Quote", None));
            header.col(|ui| sort_header(ui, state, "Source", None));
        })
        .body(|body| {
            body.rows(row_h, state.order.len(), |mut row| {
                let i = state.order[row.index()];
                let s = &store.statements[i];
                row.set_selected(view.selected == Some(s.id));
                let field = |f: Field| view.highlight(i, f);
                row.col(|ui| {
                    ui.add(Label::new(date_text(s.date)).selectable(false));
                });
                row.col(|ui| {
                    if let Some(a) = store.actor(&s.actor) {
                        widgets::actor_dot(ui, a);
                        ui.add(
                            Label::new(text_job(ui, &a.name, field(Field::Actor), dark))
                                .truncate()
                                .selectable(false),
                        );
                    } else {
                        ui.label(s.actor.as_str());
                    }
                });
                row.col(|ui| {
                    let sp = s.speaker.as_deref().unwrap_or("—");
                    ui.add(
                        Label::new(text_job(ui, sp, field(Field::Speaker), dark))
                            .truncate()
                            .selectable(false),
                    );
                });
                row.col(|ui| {
                    ui.spacing_mut().item_spacing.x = 3.0;
                    for p in &s.positions {
                        let name = store.topic(&p.topic).map_or(p.topic.as_str(), |t| t.name.as_str());
                        widgets::stance_chip(
                            ui,
                            p.stance,
                            name,
                            s.verification == crate::model::Verification::Unverified,
                        );
                    }
                });
                row.col(|ui| {
                    let quote = s.quoted();
                    // The quote's highlight indices refer to the bare quote; shift them past an added opening mark.
                    let shift = if quote.starts_with('“') && !s.quote.trim_start().starts_with('“') {
                        1
                    } else {
                        0
                    };
                    let ix: Option<Vec<usize>> =
                        field(Field::Quote).map(|v| v.iter().map(|&j| j + shift).collect());
                    ui.add(
                        Label::new(text_job(ui, &quote, ix.as_deref(), dark)).truncate().selectable(false),
                    )
                    .on_hover_text(&s.quote);
                });
                row.col(|ui| {
                    let outlet = if s.source.outlet.is_empty() { "—" } else { s.source.outlet.as_str() };
                    ui.add(
                        Label::new(text_job(ui, outlet, field(Field::Outlet), dark))
                            .truncate()
                            .selectable(false),
                    );
                });
                if row.response().clicked() {
                    actions.push(Action::Select(Some(s.id)));
                }
                if row.response().double_clicked() {
                    actions.push(Action::Command(super::Command::EditSelection));
                }
                row.response().context_menu(|ui| {
                    if ui.button("Copy as citation").clicked() {
                        let c = crate::export::citation::statement(store, s);
                        actions.push(Action::CopyCitation(Box::new(c)));
                        ui.close();
                    }
                });
            });
        });
}

fn text_job(ui: &Ui, text: &str, marks: Option<&[usize]>, dark: bool) -> LayoutJob {
    let base = TextFormat {
        font_id: FontId::proportional(13.0),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    match marks {
        Some(ix) if !ix.is_empty() => widgets::highlighted(text, ix, base, mark_color(dark)),
        _ => LayoutJob::single_section(text.to_owned(), base),
    }
}

fn mark_color(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0x6b, 0x55, 0x10) } else { Color32::from_rgb(0xff, 0xe5, 0x8f) }
}
