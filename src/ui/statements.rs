//! The statements table: every statement that passes the filters and the
//! search, virtualised (only visible rows are laid out), sortable, with
//! search matches highlighted.
//!
//! The columns fit the width the table has in each frame (a side panel
//! opening or closing changes it): the quote takes what the other columns
//! leave, at least [`QUOTE_MIN`] points and [`QUOTE_SHARE`] of the table;
//! the other columns keep the widths the analyst dragged them to
//! (remembered in egui's persisted memory) and shrink toward their minimum
//! when the table is narrow; and when even their minimums do not fit, the
//! columns least needed give way (Speaker, then Source, Reliability,
//! Verification — the quote's tooltip still says all of it).

use std::collections::BTreeMap;
use std::sync::Arc;

use egui::accesskit::{self, Role, SortDirection};
use egui::text::{LayoutJob, TextWrapping};
use egui::{
    Align, Color32, FontId, Galley, Id, Label, Layout, Pos2, Rect, RichText, Sense, TextFormat, Ui,
    WidgetInfo, pos2, vec2,
};
use egui_extras::{Column, TableBuilder, TableRow};

use super::widgets::{self, date_text};
use super::{Action, View, theme};
use crate::model::{Statement, Store, Verification};
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
    /// Verification: confirmed, reported, unverified, denied.
    Verification,
    /// The Admiralty grading: the source's reliability, then the information's credibility (A1 first).
    Reliability,
    /// The outlet.
    Source,
}

/// The table's UI state: sorting, the cached row order and the column widths.
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
    /// The widths the analyst chose (by column, as in [`COLUMNS`]; the
    /// quote's is unused), loaded from egui's memory on the first frame.
    widths: Option<[f32; COLUMN_COUNT]>,
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
            widths: None,
        }
    }
}

// ---------------------------------------------------------------------------
// Columns

/// A column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Date,
    Actor,
    Speaker,
    Positions,
    Quote,
    Verification,
    Source,
    Reliability,
}

/// What a column is and how much width it asks for.
struct Spec {
    col: Col,
    /// Its key in the remembered widths.
    key: &'static str,
    title: &'static str,
    sort: Option<SortBy>,
    /// Never narrower (nor narrower than its header).
    min: f32,
    /// Its width until the analyst drags it.
    width: f32,
    /// When even the minimums do not fit: the order in which columns give way (lowest first).
    gives_way: Option<u8>,
}

const COLUMN_COUNT: usize = 8;
/// The quote's index in [`COLUMNS`].
const QUOTE: usize = 4;

const COLUMNS: [Spec; COLUMN_COUNT] = [
    Spec {
        col: Col::Date,
        key: "date",
        title: "Date",
        sort: Some(SortBy::Date),
        min: 80.0,
        width: 88.0,
        gives_way: None,
    },
    Spec {
        col: Col::Actor,
        key: "actor",
        title: "Actor",
        sort: Some(SortBy::Actor),
        min: 72.0,
        width: 116.0,
        gives_way: None,
    },
    Spec {
        col: Col::Speaker,
        key: "speaker",
        title: "Speaker",
        sort: Some(SortBy::Speaker),
        min: 80.0,
        width: 140.0,
        gives_way: Some(1),
    },
    Spec {
        col: Col::Positions,
        key: "positions",
        title: "Positions",
        sort: Some(SortBy::Topic),
        min: 96.0,
        width: 170.0,
        gives_way: None,
    },
    Spec {
        col: Col::Quote,
        key: "quote",
        title: "Quote",
        sort: None,
        min: QUOTE_MIN,
        width: 0.0,
        gives_way: None,
    },
    Spec {
        col: Col::Verification,
        key: "verification",
        title: "Verification",
        sort: Some(SortBy::Verification),
        min: 72.0,
        width: 92.0,
        gives_way: Some(4),
    },
    Spec {
        col: Col::Source,
        key: "source",
        title: "Source",
        sort: Some(SortBy::Source),
        min: 72.0,
        width: 120.0,
        gives_way: Some(2),
    },
    Spec {
        col: Col::Reliability,
        key: "reliability",
        title: "Reliability",
        sort: Some(SortBy::Reliability),
        min: 64.0,
        width: 84.0,
        gives_way: Some(3),
    },
];

/// The quote is never narrower than this while another column can give way.
pub const QUOTE_MIN: f32 = 200.0;
/// The quote's share of the table, which it gives up only as the other columns do.
pub const QUOTE_SHARE: f32 = 0.3;
/// Below the minimums of what is left, the quote still keeps this much.
const QUOTE_FLOOR: f32 = 100.0;
/// No column but the quote grows wider than this.
const COLUMN_MAX: f32 = 600.0;
/// Where the chosen widths live in egui's (persisted) memory.
const WIDTHS_KEY: &str = "stancebook/statements/column-widths";
/// Text in the cells.
const TEXT_SIZE: f32 = 13.0;
/// Space between stacked chips and lines.
const LINE_GAP: f32 = 2.0;

/// What a column asks of the width (see [`fit_columns`]).
#[derive(Clone, Copy, Debug)]
struct Demand {
    min: f32,
    pref: f32,
    /// When even the minimums do not fit: the order in which columns give way (lowest first).
    gives_way: Option<u8>,
    /// Takes what the others leave (the quote).
    rest: bool,
}

/// The width of each column (`None`: given way) in a table `avail` wide
/// with `gap` between columns. The `rest` column (the quote) takes what the
/// others leave, and keeps its preferred width (its share) before they do:
/// the others have their preferred widths while the quote keeps its share,
/// else shrink alike toward their minimums; when even the minimums do not
/// fit beside the quote's share, columns give way in their order; the last
/// resort keeps the quote [`QUOTE_FLOOR`] wide and shrinks the others alike.
fn fit_columns(demands: &[Demand], avail: f32, gap: f32) -> Vec<Option<f32>> {
    let n = demands.len();
    let rest = demands.iter().position(|d| d.rest);
    let target = rest.map_or(0.0, |r| demands[r].pref.max(demands[r].min));
    let mut shown = vec![true; n];
    let others = |shown: &[bool]| -> Vec<usize> { (0..n).filter(|&i| shown[i] && Some(i) != rest).collect() };
    let columns = |o: &[usize]| o.len() + usize::from(rest.is_some());
    loop {
        let o = others(&shown);
        let gaps = gap * (columns(&o).max(1) - 1) as f32;
        if o.iter().map(|&i| demands[i].min).sum::<f32>() + gaps + target <= avail {
            break;
        }
        let next = o
            .iter()
            .copied()
            .filter(|&i| demands[i].gives_way.is_some())
            .min_by_key(|&i| demands[i].gives_way);
        match next {
            Some(i) => shown[i] = false,
            None => break,
        }
    }
    let o = others(&shown);
    let space = avail - gap * (columns(&o).max(1) - 1) as f32;
    let pref = |i: usize| demands[i].pref.max(demands[i].min);
    let sum_min: f32 = o.iter().map(|&i| demands[i].min).sum();
    let sum_pref: f32 = o.iter().map(|&i| pref(i)).sum();
    let room = space - target;
    let mut widths = vec![None; n];
    let mut used = 0.0;
    for &i in &o {
        let w = if sum_pref <= room {
            pref(i)
        } else if sum_min <= room {
            let t = (room - sum_min) / (sum_pref - sum_min);
            (demands[i].min + (pref(i) - demands[i].min) * t).floor()
        } else {
            let keep = if rest.is_some() { (space - sum_min).max(QUOTE_FLOOR.min(space)) } else { 0.0 };
            let scale = if sum_min > 0.0 { ((space - keep) / sum_min).clamp(0.0, 1.0) } else { 1.0 };
            (demands[i].min * scale).floor()
        };
        widths[i] = Some(w);
        used += w;
    }
    if let Some(r) = rest {
        widths[r] = Some((space - used).max(0.0).floor());
    }
    widths
}

/// The columns of this frame.
struct TableLayout {
    /// The columns shown, left to right: index in [`COLUMNS`], width.
    cols: Vec<(usize, f32)>,
    /// What each column asked for.
    demands: Vec<Demand>,
    /// The titles of the columns that gave way.
    hidden: Vec<&'static str>,
    /// The quote's place in `cols`.
    quote_at: usize,
    gap: f32,
    row_height: f32,
    speaker_hidden: bool,
}

impl TableLayout {
    fn measure(ui: &Ui, state: &mut StatementsState) -> TableLayout {
        // As egui_extras measures it: the width left of the vertical scroll bar.
        let avail = (ui.available_rect_before_wrap().width() - ui.spacing().scroll.allocated_width()).floor();
        let gap = ui.spacing().item_spacing.x;
        let prefs = *state.widths.get_or_insert_with(|| load_widths(ui));
        let demands: Vec<Demand> = COLUMNS
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let rest = spec.col == Col::Quote;
                Demand {
                    min: spec.min.max(header_width(ui, spec)),
                    pref: if rest { QUOTE_MIN.max(QUOTE_SHARE * avail) } else { prefs[i] },
                    gives_way: spec.gives_way,
                    rest,
                }
            })
            .collect();
        let widths = fit_columns(&demands, avail, gap);
        let cols: Vec<(usize, f32)> =
            widths.iter().enumerate().filter_map(|(i, w)| w.map(|w| (i, w))).collect();
        let hidden = (0..COLUMN_COUNT).filter(|&i| widths[i].is_none()).map(|i| COLUMNS[i].title).collect();
        let line = ui.fonts_mut(|f| f.row_height(&FontId::proportional(TEXT_SIZE)));
        TableLayout {
            quote_at: cols.iter().position(|&(i, _)| i == QUOTE).unwrap_or(0),
            cols,
            demands,
            hidden,
            gap,
            // Two lines of quote.
            row_height: (2.0 * line + LINE_GAP + 10.0).round(),
            speaker_hidden: widths[2].is_none(),
        }
    }
}

/// The width a column's header needs: its title and a sort arrow.
fn header_width(ui: &Ui, spec: &Spec) -> f32 {
    let text = if spec.sort.is_some() { format!("{} ▼", spec.title) } else { spec.title.to_owned() };
    let galley = ui.painter().layout_no_wrap(text, FontId::proportional(TEXT_SIZE), Color32::PLACEHOLDER);
    (galley.size().x + 4.0).ceil()
}

fn widths_id() -> Id {
    Id::unique(WIDTHS_KEY)
}

/// The widths remembered in egui's memory (persisted by eframe), or the defaults.
fn load_widths(ui: &Ui) -> [f32; COLUMN_COUNT] {
    let saved: Option<BTreeMap<String, f32>> = ui.data_mut(|d| d.get_persisted(widths_id()));
    let mut widths = [0.0; COLUMN_COUNT];
    for (i, spec) in COLUMNS.iter().enumerate() {
        let chosen = saved.as_ref().and_then(|s| s.get(spec.key)).copied();
        widths[i] =
            chosen.filter(|w| w.is_finite() && *w > 0.0).map_or(spec.width, |w| w.clamp(spec.min, 2000.0));
    }
    widths
}

fn save_widths(ui: &Ui, widths: &[f32; COLUMN_COUNT]) {
    let map: BTreeMap<String, f32> = COLUMNS
        .iter()
        .zip(widths)
        .filter(|(spec, _)| spec.col != Col::Quote)
        .map(|(spec, &w)| (spec.key.to_owned(), w.round()))
        .collect();
    ui.data_mut(|d| d.insert_persisted(widths_id(), map));
}

// ---------------------------------------------------------------------------
// Order and selection

fn sort_rows(store: &Store, visible: &[usize], by: SortBy, descending: bool) -> Vec<usize> {
    let mut rows = visible.to_vec();
    let st = |i: usize| &store.statements[i];
    let actor_name = |i: usize| store.actor(&st(i).actor).map_or("", |a| a.name.as_str());
    let topic_name = |i: usize| {
        st(i).positions.first().and_then(|p| store.topic(&p.topic)).map_or("", |t| t.name.as_str())
    };
    // `visible` is in (date, id) order and the sorts are stable: ties stay in date order.
    match by {
        SortBy::Date => {}
        SortBy::Actor => rows.sort_by_cached_key(|&i| actor_name(i).to_lowercase()),
        SortBy::Topic => rows.sort_by_cached_key(|&i| topic_name(i).to_lowercase()),
        SortBy::Speaker => {
            rows.sort_by_cached_key(|&i| st(i).speaker.clone().unwrap_or_default().to_lowercase())
        }
        SortBy::Verification => rows.sort_by_key(|&i| st(i).verification),
        SortBy::Reliability => rows.sort_by_key(|&i| (st(i).source.reliability, st(i).credibility)),
        SortBy::Source => rows.sort_by_cached_key(|&i| st(i).source.outlet.to_lowercase()),
    }
    if descending {
        rows.reverse();
    }
    rows
}

/// Brings the row order up to date with the view and the sort.
fn refresh_order(view: &View, state: &mut StatementsState) -> bool {
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
    by_relevance
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

// ---------------------------------------------------------------------------
// The table

/// Draws the table.
pub fn statements_ui(ui: &mut Ui, view: &View, state: &mut StatementsState, actions: &mut Vec<Action>) {
    let by_relevance = refresh_order(view, state);
    if state.order.is_empty() {
        ui.add_space(20.0);
        ui.label("No statement passes the filters and the search.");
        return;
    }
    keyboard_selection(ui, view, state, actions);
    if view.ranked.is_some() {
        ui.horizontal(|ui| {
            let n = state.order.len();
            ui.label(format!("{n} match{}", if n == 1 { "" } else { "es" }));
            if ui.selectable_label(by_relevance, "Best matches first").clicked() {
                state.relevance = true;
            }
        });
    }
    let layout = TableLayout::measure(ui, state);
    let top_left = ui.cursor().min;
    let bottom = table_ui(ui, view, state, &layout, actions);
    resize_handles(ui, state, &layout, top_left, bottom);
}

/// The header and the rows; returns the bottom of the table.
fn table_ui(
    ui: &mut Ui,
    view: &View,
    state: &mut StatementsState,
    layout: &TableLayout,
    actions: &mut Vec<Action>,
) -> f32 {
    let mut table = TableBuilder::new(ui)
        .id_salt("statements-table")
        .striped(true)
        .sense(Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .min_scrolled_height(0.0);
    // The widths are this frame's (see `fit_columns`), not egui_extras' memory of an earlier frame's.
    for &(_, w) in &layout.cols {
        table = table.column(Column::exact(w));
    }
    if let Some(row) = state.scroll_to.take() {
        table = table.scroll_to_row(row, Some(Align::Center));
    }
    let searching = view.ranked.is_some();
    let out = table
        .header(28.0, |mut header| {
            for &(i, _) in &layout.cols {
                header.col(|ui| header_ui(ui, state, &COLUMNS[i], searching, &layout.hidden));
            }
        })
        .body(|body| {
            body.rows(layout.row_height, state.order.len(), |mut row| {
                row_ui(&mut row, view, &state.order, layout, actions);
            });
        });
    out.inner_rect.bottom()
}

/// A column header: sorts by the column on a click (again: the other way round).
fn header_ui(ui: &mut Ui, state: &mut StatementsState, spec: &Spec, searching: bool, hidden: &[&str]) {
    let Some(by) = spec.sort else {
        let r = ui.add(Label::new(RichText::new(spec.title).strong()).selectable(false));
        ui.ctx().accesskit_node_builder(r.id, |n| {
            n.set_role(Role::ColumnHeader);
            n.set_label(spec.title);
        });
        if !hidden.is_empty() {
            r.on_hover_text(format!(
                "Not shown for want of width: {} (widen the window or close a side panel). Each quote's tooltip says who, where and how reliable.",
                hidden.join(", ")
            ));
        }
        return;
    };
    let active = state.sort == by && !(state.relevance && searching);
    let arrow = if active { if state.descending { " ▼" } else { " ▲" } } else { "" };
    let r = ui.add(egui::Button::new(RichText::new(format!("{}{arrow}", spec.title)).strong()).frame(false));
    ui.ctx().accesskit_node_builder(r.id, |n| {
        n.set_role(Role::ColumnHeader);
        if active {
            n.set_sort_direction(if state.descending {
                SortDirection::Descending
            } else {
                SortDirection::Ascending
            });
        }
    });
    if r.on_hover_text(format!("Sort by {}", spec.title.to_lowercase())).clicked() {
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

/// One statement's row.
fn row_ui(row: &mut TableRow, view: &View, order: &[usize], layout: &TableLayout, actions: &mut Vec<Action>) {
    let store = view.store;
    let i = order[row.index()];
    let s = &store.statements[i];
    row.set_selected(view.selected == Some(s.id));
    for &(c, _) in &layout.cols {
        row.col(|ui| match COLUMNS[c].col {
            Col::Date => {
                ui.add(Label::new(date_text(s.date)).selectable(false));
            }
            Col::Actor => actor_cell(ui, view, i, layout.speaker_hidden),
            Col::Speaker => {
                let sp = s.speaker.as_deref().unwrap_or("—");
                ui.add(
                    Label::new(text_job(ui, sp, view.highlight(i, Field::Speaker), view.dark))
                        .truncate()
                        .selectable(false),
                );
            }
            Col::Positions => positions_cell(ui, store, s),
            Col::Quote => quote_cell(ui, view, i),
            Col::Verification => verification_cell(ui, s, view.dark),
            Col::Source => {
                let outlet = if s.source.outlet.is_empty() { "—" } else { s.source.outlet.as_str() };
                ui.add(
                    Label::new(text_job(ui, outlet, view.highlight(i, Field::Outlet), view.dark))
                        .truncate()
                        .selectable(false),
                )
                .on_hover_ui(|ui| {
                    ui.label(widgets::citation(s));
                });
            }
            Col::Reliability => reliability_cell(ui, s, view.dark),
        });
    }
    let response = row.response();
    if response.clicked() {
        actions.push(Action::Select(Some(s.id)));
    }
    if response.double_clicked() {
        actions.push(Action::Command(super::Command::EditSelection));
    }
    response.context_menu(|ui| {
        if ui.button("Copy as citation").clicked() {
            let c = crate::export::citation::statement(store, s);
            actions.push(Action::CopyCitation(Box::new(c)));
            ui.close();
        }
    });
}

/// The actor with its dot; with the Speaker column given way, the speaker under it.
fn actor_cell(ui: &mut Ui, view: &View, i: usize, with_speaker: bool) {
    let store = view.store;
    let s = &store.statements[i];
    let name = |ui: &mut Ui| {
        if let Some(a) = store.actor(&s.actor) {
            widgets::actor_dot(ui, a);
            ui.add(
                Label::new(text_job(ui, &a.name, view.highlight(i, Field::Actor), view.dark))
                    .truncate()
                    .selectable(false),
            );
        } else {
            ui.label(s.actor.as_str());
        }
    };
    let Some(speaker) = s.speaker.as_deref().filter(|_| with_speaker) else {
        name(ui);
        return;
    };
    let line = ui.fonts_mut(|f| f.row_height(&FontId::proportional(TEXT_SIZE)));
    let size = vec2(ui.available_width(), 2.0 * line + LINE_GAP);
    ui.allocate_ui_with_layout(size, Layout::top_down(Align::Min), |ui| {
        ui.spacing_mut().item_spacing.y = LINE_GAP;
        ui.horizontal(|ui| name(ui));
        let mut job = text_job(ui, speaker, view.highlight(i, Field::Speaker), view.dark);
        for section in &mut job.sections {
            section.format.color = theme::weak(view.dark);
        }
        ui.add(Label::new(job).truncate().selectable(false));
    });
}

/// The quote on two lines (cut at a word with an ellipsis), in full with who,
/// when and where on hover.
fn quote_cell(ui: &mut Ui, view: &View, i: usize) {
    let store = view.store;
    let s = &store.statements[i];
    let quote = s.quoted();
    // The quote's highlight indices refer to the bare quote; shift them past an added opening mark.
    let shift = usize::from(quote.starts_with('“') && !s.quote.trim_start().starts_with('“'));
    let ix: Option<Vec<usize>> =
        view.highlight(i, Field::Quote).map(|v| v.iter().map(|&j| j + shift).collect());
    let mut job = text_job(ui, &quote, ix.as_deref(), view.dark);
    if s.paraphrase {
        for section in &mut job.sections {
            section.format.italics = true;
        }
    }
    job.wrap = TextWrapping {
        max_width: ui.available_width(),
        max_rows: 2,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    ui.add(Label::new(galley).selectable(false)).on_hover_ui(|ui| {
        ui.set_max_width(440.0);
        widgets::quote_block(ui, store, s);
    });
}

/// What each verification means, for the tooltip.
fn verification_meaning(v: Verification) -> &'static str {
    match v {
        Verification::Confirmed => "Confirmed: said on the record by the speaker or institution",
        Verification::Reported => {
            "Reported: second-hand, the reporter's description or another actor's account"
        }
        Verification::Unverified => {
            "Unverified: anonymous sources, \"reportedly\", or an expectation; counts towards the stance, but is flagged"
        }
        Verification::Denied => "Denied: the actor denies it; never counts towards a stance",
    }
}

fn verification_cell(ui: &mut Ui, s: &Statement, dark: bool) {
    let v = s.verification;
    let color = match v {
        Verification::Confirmed => ui.visuals().strong_text_color(),
        Verification::Reported => ui.visuals().text_color(),
        Verification::Unverified => theme::warning_text(dark),
        Verification::Denied => theme::error_text(dark),
    };
    ui.add(Label::new(RichText::new(v.as_str()).size(TEXT_SIZE).color(color)).selectable(false))
        .on_hover_text(verification_meaning(v));
}

fn reliability_cell(ui: &mut Ui, s: &Statement, dark: bool) {
    let (r, c) = (s.source.reliability, s.credibility);
    let text = widgets::grading_text(r, c);
    let text =
        if text.len() > 2 { RichText::new(text).color(theme::weak(dark)) } else { RichText::new(text) };
    ui.add(Label::new(text.size(TEXT_SIZE)).selectable(false)).on_hover_ui(|ui| {
        ui.label(format!("Source {}: {}", r.letter(), r.meaning()));
        ui.label(format!("Information {}: {}", c.value(), c.meaning()));
    });
}

// ---------------------------------------------------------------------------
// Position chips

/// How a chip is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ChipForm {
    /// Value and topic.
    Full,
    /// The value alone.
    Short,
    /// "+n more": this chip and the ones after it.
    More(usize),
}

/// A chip placed in the cell.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Placed {
    index: usize,
    form: ChipForm,
    line: usize,
    x: f32,
    width: f32,
}

/// Chips whose form (whole or value only) [`fit_chips`] chooses; any after
/// these show their value only.
const CHOSEN_CHIPS: usize = 8;

/// Places chips of these (whole, value-only) widths in `lines` lines `width`
/// wide, in order, each where it fits (on the next line if there is one).
/// No chip is ever cut: one that does not fit whole shows its value alone,
/// and the ones that do not fit at all become one "+n more" chip (`more(n)`
/// wide). Of the ways to do so it picks the one that shows the most chips,
/// then the most of them whole, then the first ones whole.
fn fit_chips(
    sizes: &[(f32, f32)],
    more: impl Fn(usize) -> f32,
    width: f32,
    lines: usize,
    gap: f32,
) -> Vec<Placed> {
    let chosen = sizes.len().min(CHOSEN_CHIPS);
    let all_whole = (1u32 << chosen) - 1;
    let mut best: Option<((usize, u32, u32), Vec<Placed>)> = None;
    // Every chip whole first: what most rows get, and then nothing else is tried.
    for mask in (0..=all_whole).rev() {
        let placed = place_chips(sizes, mask, &more, width, lines.max(1), gap);
        let shown = placed.iter().filter(|p| !matches!(p.form, ChipForm::More(_))).count();
        let whole = placed
            .iter()
            .filter(|p| p.form == ChipForm::Full)
            .map(|p| 1u32 << (chosen - 1 - p.index.min(chosen - 1)));
        let first_whole: u32 = whole.clone().sum();
        let score = (shown, whole.count() as u32, first_whole);
        if shown == sizes.len() && mask == all_whole {
            return placed;
        }
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, placed));
        }
    }
    best.map(|(_, p)| p).unwrap_or_default()
}

/// Places the chips in order, chip `k` whole when bit `k` of `whole` is set
/// (chips past [`CHOSEN_CHIPS`]: value only), until one does not fit; the
/// rest become "+n more".
fn place_chips(
    sizes: &[(f32, f32)],
    whole: u32,
    more: &impl Fn(usize) -> f32,
    width: f32,
    lines: usize,
    gap: f32,
) -> Vec<Placed> {
    let mut out: Vec<Placed> = Vec::with_capacity(sizes.len());
    let mut line = 0;
    let mut end: Option<f32> = None; // the right end of the last chip on `line`
    for (k, &(full, short)) in sizes.iter().enumerate() {
        let (form, w) = if k < CHOSEN_CHIPS && whole & (1 << k) != 0 {
            (ChipForm::Full, full)
        } else {
            (ChipForm::Short, short)
        };
        let start = end.map_or(0.0, |e| e + gap);
        let x = if start + w <= width {
            start
        } else if end.is_some() && line + 1 < lines && w <= width {
            line += 1;
            0.0
        } else {
            place_more(&mut out, k, sizes.len(), more, width, (line, lines), gap);
            return out;
        };
        out.push(Placed { index: k, form, line, x, width: w });
        end = Some(x + w);
    }
    out
}

/// Ends the chips with "+n more" for chips `first..count`: after the last
/// one, or on the next line, else in place of chips before it.
fn place_more(
    out: &mut Vec<Placed>,
    first: usize,
    count: usize,
    more: &impl Fn(usize) -> f32,
    width: f32,
    (line, lines): (usize, usize),
    gap: f32,
) {
    let mut first = first;
    loop {
        let w = more(count - first);
        let last = out.last().filter(|p| p.line == line);
        let start = last.map_or(0.0, |p| p.x + p.width + gap);
        let (line, x) = if start + w <= width || last.is_none() {
            (line, start)
        } else if line + 1 < lines {
            (line + 1, 0.0)
        } else {
            match out.pop() {
                Some(p) => first = p.index,
                None => return,
            }
            continue;
        };
        out.push(Placed { index: first, form: ChipForm::More(count - first), line, x, width: w });
        return;
    }
}

/// Every position as a chip, on up to two lines; none is cut.
fn positions_cell(ui: &mut Ui, store: &Store, s: &Statement) {
    let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
    if s.positions.is_empty() {
        return;
    }
    let unverified = s.verification == Verification::Unverified;
    let name = |k: usize| {
        let p = &s.positions[k];
        store.topic(&p.topic).map_or(p.topic.as_str(), |t| t.name.as_str())
    };
    let whole: Vec<Arc<Galley>> = (0..s.positions.len())
        .map(|k| widgets::stance_chip_galley(ui, s.positions[k].stance, Some(name(k))))
        .collect();
    let short: Vec<Arc<Galley>> =
        s.positions.iter().map(|p| widgets::stance_chip_galley(ui, p.stance, None)).collect();
    let sizes: Vec<(f32, f32)> =
        whole.iter().zip(&short).map(|(w, s)| (widgets::chip_size(w).x, widgets::chip_size(s).x)).collect();
    let more_galley = |n: usize| {
        ui.painter().layout_no_wrap(
            format!("+{n} more"),
            FontId::proportional(12.5),
            ui.visuals().text_color(),
        )
    };
    let chip_h = widgets::chip_size(&whole[0]).y;
    let lines = if 2.0 * chip_h + LINE_GAP <= rect.height() { 2 } else { 1 };
    let placed = fit_chips(&sizes, |n| widgets::chip_size(&more_galley(n)).x, rect.width(), lines, 3.0);
    let used = placed.iter().map(|p| p.line + 1).max().unwrap_or(1) as f32;
    let top = rect.center().y - (used * chip_h + (used - 1.0) * LINE_GAP) / 2.0;
    for p in placed {
        let min = pos2(rect.left() + p.x, top + p.line as f32 * (chip_h + LINE_GAP));
        let chip = Rect::from_min_size(min, vec2(p.width, chip_h));
        let response = ui.interact(chip, ui.scope_id().with(("chip", p.index)), Sense::hover());
        let k = p.index;
        match p.form {
            ChipForm::Full | ChipForm::Short => {
                let galley = if p.form == ChipForm::Full { whole[k].clone() } else { short[k].clone() };
                widgets::paint_stance_chip(ui, chip, s.positions[k].stance, galley, unverified);
                response.widget_info(|| {
                    WidgetInfo::labeled(
                        Role::Label,
                        true,
                        format!("{} {}", s.positions[k].stance.signed(), name(k)),
                    )
                });
                response.on_hover_ui(|ui| {
                    ui.label(position_words(store, s, k));
                    if unverified {
                        ui.label("Rests on an unverified statement");
                    }
                });
            }
            ChipForm::More(n) => {
                let visuals = ui.visuals();
                ui.painter().rect(
                    chip,
                    4.0,
                    visuals.widgets.inactive.weak_bg_fill,
                    visuals.widgets.noninteractive.bg_stroke,
                    egui::StrokeKind::Inside,
                );
                ui.painter().galley(chip.min + vec2(6.0, 2.0), more_galley(n), Color32::PLACEHOLDER);
                let rest = || (k..s.positions.len()).map(|j| position_words(store, s, j)).collect::<Vec<_>>();
                response.widget_info(|| {
                    WidgetInfo::labeled(Role::Label, true, format!("+{n} more: {}", rest().join("; ")))
                });
                response.on_hover_ui(|ui| {
                    for line in rest() {
                        ui.label(line);
                    }
                });
            }
        }
    }
}

/// "Security guarantees: +2 backs security guarantees for Ukraine".
fn position_words(store: &Store, s: &Statement, k: usize) -> String {
    let p = &s.positions[k];
    match store.topic(&p.topic) {
        Some(t) => format!("{}: {}", t.name, widgets::stance_words(t, p.stance)),
        None => format!("{}: {}", p.topic.as_str(), p.stance.signed()),
    }
}

// ---------------------------------------------------------------------------
// Resizing

/// A handle on each border between columns: dragging it resizes the column
/// on the far side from the quote, and the quote takes up the difference
/// (down to its share: past that, another column must be narrowed first).
/// Double-click: the column's first width again. Keyboards and screen
/// readers step it with Increment / Decrement.
fn resize_handles(
    ui: &mut Ui,
    state: &mut StatementsState,
    layout: &TableLayout,
    top_left: Pos2,
    bottom: f32,
) {
    let Some(mut prefs) = state.widths else { return };
    let step = 16.0;
    // The quote gives up width down to its share; past that a column grows only as another shrinks.
    let quote = layout.cols.get(layout.quote_at).map_or(0.0, |c| c.1);
    let slack = (quote - layout.demands[QUOTE].pref).max(0.0);
    // Shrunk below their chosen widths for want of room.
    let squeezed = layout.cols.iter().any(|&(j, shown)| j != QUOTE && shown + 0.5 < prefs[j]);
    let mut x = top_left.x - layout.gap * 0.5;
    let mut changed = false;
    for k in 0..layout.cols.len().saturating_sub(1) {
        x += layout.cols[k].1 + layout.gap;
        let j = if k < layout.quote_at { k } else { k + 1 };
        let (c, width) = layout.cols[j];
        let toward_quote = if k < layout.quote_at { 1.0 } else { -1.0 };
        let spec = &COLUMNS[c];
        let id = ui.scope_id().with(("statements-resize", spec.key));
        let grab = ui.style().interaction.resize_grab_radius_side;
        let rect = Rect::from_x_y_ranges(x - grab..=x + grab, top_left.y..=bottom);
        let r = ui.interact(rect, id, Sense::click_and_drag());
        let steps = ui.input(|i| {
            i.num_accesskit_action_requests(id, accesskit::Action::Increment) as f32
                - i.num_accesskit_action_requests(id, accesskit::Action::Decrement) as f32
        });
        let wanted = if r.dragged() {
            ui.ctx().pointer_latest_pos().map(|p| width + toward_quote * (p.x - x))
        } else if steps != 0.0 {
            Some(width + steps * step)
        } else {
            None
        };
        let chosen = if r.double_clicked() {
            Some(spec.width)
        } else {
            wanted
                .filter(|w| (w - width).abs() >= 0.5)
                .map(|w| w.min((width + slack).min(COLUMN_MAX)).max(layout.demands[c].min))
        };
        if let Some(w) = chosen.filter(|&w| w != prefs[c]) {
            if squeezed {
                // What the analyst sees is what they keep: the other columns as shown now.
                for &(j, shown) in &layout.cols {
                    if j != QUOTE {
                        prefs[j] = shown;
                    }
                }
            }
            prefs[c] = w.round();
            changed = true;
        }
        r.widget_info(|| {
            let mut info =
                WidgetInfo::labeled(Role::Splitter, true, format!("Resize the {} column", spec.title));
            info.value = Some(f64::from(width));
            info
        });
        ui.ctx().accesskit_node_builder(id, |n| {
            n.set_orientation(accesskit::Orientation::Vertical);
            n.add_action(accesskit::Action::Increment);
            n.add_action(accesskit::Action::Decrement);
        });
        let visuals = &ui.style().visuals;
        let stroke = if r.dragged() {
            visuals.widgets.active.bg_stroke
        } else if r.hovered() {
            visuals.widgets.hovered.bg_stroke
        } else {
            visuals.widgets.noninteractive.bg_stroke
        };
        if r.hovered() || r.dragged() {
            ui.set_cursor_icon(egui::CursorIcon::ResizeColumn);
        }
        ui.painter().vline(x, top_left.y..=bottom, stroke);
    }
    if changed {
        state.widths = Some(prefs);
        save_widths(ui, &prefs);
        ui.ctx().request_repaint();
    }
}

// ---------------------------------------------------------------------------
// Text

fn text_job(ui: &Ui, text: &str, marks: Option<&[usize]>, dark: bool) -> LayoutJob {
    let base = TextFormat {
        font_id: FontId::proportional(TEXT_SIZE),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns' demands for a table `avail` wide (headers of 90 points).
    fn demands(avail: f32) -> Vec<Demand> {
        COLUMNS
            .iter()
            .map(|s| {
                let rest = s.col == Col::Quote;
                Demand {
                    min: if rest { QUOTE_MIN } else { s.min.max(80.0) },
                    pref: if rest { QUOTE_MIN.max(QUOTE_SHARE * avail) } else { s.width },
                    gives_way: s.gives_way,
                    rest,
                }
            })
            .collect()
    }

    fn total(widths: &[Option<f32>], gap: f32) -> f32 {
        let shown: Vec<f32> = widths.iter().flatten().copied().collect();
        shown.iter().sum::<f32>() + gap * (shown.len() - 1) as f32
    }

    #[test]
    fn the_quote_takes_the_rest_and_the_columns_fit() {
        for avail in [300.0, 420.0, 655.0, 760.0, 1015.0, 1260.0, 1900.0] {
            let d = demands(avail);
            let w = fit_columns(&d, avail, 8.0);
            assert!(total(&w, 8.0) <= avail + 0.01, "{avail}: {w:?}");
            if avail >= 655.0 {
                assert!(w[QUOTE].unwrap() >= QUOTE_MIN, "{avail}: {w:?}");
                for (i, x) in w.iter().enumerate() {
                    if let Some(x) = x {
                        assert!(*x >= d[i].min, "{avail}: column {i} under its minimum: {w:?}");
                    }
                }
            }
        }
        // Wide: every column at its width, the quote the rest.
        let d = demands(1900.0);
        let w = fit_columns(&d, 1900.0, 8.0);
        assert!(w.iter().all(Option::is_some));
        assert_eq!(w[1], Some(COLUMNS[1].width));
        // More width, a wider quote (to a point or two where a column comes back).
        let mut last = 0.0;
        for avail in (640..2000).step_by(5) {
            let avail = avail as f32;
            let q = fit_columns(&demands(avail), avail, 8.0)[QUOTE].unwrap();
            assert!(q >= last - 5.0, "{avail}: {q} < {last}");
            last = q;
        }
        // Narrow: the speaker gives way first, then the source, the grading, the verification.
        let w = fit_columns(&demands(760.0), 760.0, 8.0);
        assert!(w[2].is_none(), "{w:?}");
        for avail in [300.0, 500.0, 655.0, 760.0] {
            let w = fit_columns(&demands(avail), avail, 8.0);
            let gone: Vec<usize> = (0..8).filter(|&i| w[i].is_none()).collect();
            let mut first = [2, 6, 7, 5][..gone.len()].to_vec();
            first.sort_unstable();
            assert_eq!(gone, first, "{avail}");
        }
    }

    #[test]
    fn chips_are_whole_short_or_counted() {
        let more = |n: usize| if n < 10 { 52.0 } else { 60.0 };
        // Room for everything on one line.
        let p = fit_chips(&[(100.0, 24.0), (80.0, 24.0)], more, 200.0, 2, 3.0);
        assert!(p.iter().all(|c| c.form == ChipForm::Full && c.line == 0));
        // The second goes whole on the next line rather than cut.
        let p = fit_chips(&[(100.0, 24.0), (120.0, 24.0)], more, 150.0, 2, 3.0);
        assert_eq!((p[1].form, p[1].line, p[1].x), (ChipForm::Full, 1, 0.0));
        // One line: the second shrinks to its value.
        let p = fit_chips(&[(100.0, 24.0), (120.0, 24.0)], more, 150.0, 1, 3.0);
        assert_eq!((p[1].form, p[1].line), (ChipForm::Short, 0));
        // Too many even as values: "+n more", and nothing goes past the edge.
        let sizes = [(100.0, 24.0); 12];
        let p = fit_chips(&sizes, more, 110.0, 2, 3.0);
        let last = p.last().unwrap();
        let ChipForm::More(n) = last.form else { panic!("{p:?}") };
        assert_eq!(n + p.len() - 1, 12);
        assert!(p.iter().all(|c| c.x + c.width <= 110.0), "{p:?}");
        // A chip wider than the cell shows its value.
        let p = fit_chips(&[(300.0, 24.0)], more, 100.0, 2, 3.0);
        assert_eq!(p[0].form, ChipForm::Short);
        // "+n more" takes the place of a chip when it must.
        let p = fit_chips(&[(40.0, 24.0), (40.0, 24.0), (40.0, 24.0)], more, 90.0, 1, 3.0);
        assert!(p.iter().all(|c| c.x + c.width <= 90.0), "{p:?}");
        let forms: Vec<ChipForm> = p.iter().map(|c| c.form).collect();
        assert_eq!(forms, [ChipForm::Short, ChipForm::Short, ChipForm::Short]);
        let p = fit_chips(&[(40.0, 24.0), (40.0, 24.0), (40.0, 24.0), (40.0, 24.0)], more, 90.0, 1, 3.0);
        let forms: Vec<ChipForm> = p.iter().map(|c| c.form).collect();
        assert_eq!(forms, [ChipForm::Short, ChipForm::More(3)]);
        // The sample's 14 Dec row at 154 points: NATO whole, then the guarantees
        // as their value so that the territory fits whole and the ceasefire as its value.
        let p = fit_chips(&[(137.0, 26.0), (150.0, 26.0), (85.0, 26.0), (82.0, 26.0)], more, 154.0, 2, 3.0);
        let forms: Vec<ChipForm> = p.iter().map(|c| c.form).collect();
        assert_eq!(forms, [ChipForm::Full, ChipForm::Short, ChipForm::Full, ChipForm::Short], "{p:?}");
    }

    #[test]
    fn gradings_read_as_analysts_write_them() {
        use crate::model::Reliability;
        let c = |v| crate::model::Credibility::new(v).unwrap();
        assert_eq!(widgets::grading_text(Reliability::B, c(2)), "B2");
        assert_eq!(widgets::grading_text(Reliability::F, c(6)), "not graded");
        assert_eq!(widgets::grading_text(Reliability::F, c(3)), "F3");
    }
}
