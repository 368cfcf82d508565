//! The matrix: actors × topics, each cell coloured by the actor's stance as
//! of a date. A cell that moved since the comparison date is ringed and
//! shows its path ("−2 → −1 → −2"), not just its end points; a stance older
//! than the stale threshold is marked with its age. "Changed only" hides
//! the actors and topics that did not move.

use chrono::{Duration, NaiveDate};
use egui::{Align2, Color32, FontId, Rect, RichText, Sense, Stroke, Ui, pos2, vec2};
use serde::{Deserialize, Serialize};

use super::widgets::{self, date_text, stance_words};
use super::{Action, View, theme};
use crate::analysis::{self, Cell};
use crate::export::text;
use crate::model::{Stance, Store, TopicId};

/// What the comparison date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compare {
    /// No comparison.
    Off,
    /// This many days before the "as of" date.
    DaysBefore(u32),
    /// A fixed date.
    Date(NaiveDate),
    /// The date the latest recorded briefing reported up to.
    LastBriefing,
}

/// The matrix's settings, kept between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatrixPrefs {
    /// The date stances are taken at; `None` means the latest statement's date.
    pub as_of: Option<NaiveDate>,
    /// The comparison date.
    pub compare: Compare,
    /// Only the actors and topics whose stance moved since the comparison date.
    pub changed_only: bool,
    /// A stance said more than this many days before the "as of" date is stale.
    pub stale_days: i64,
    /// The topic columns in the analyst's order, each shown or hidden;
    /// topics not listed (new ones) follow, shown.
    pub columns: Vec<(TopicId, bool)>,
}

impl Default for MatrixPrefs {
    fn default() -> Self {
        MatrixPrefs {
            as_of: None,
            compare: Compare::DaysBefore(30),
            changed_only: false,
            stale_days: analysis::STALE_DAYS,
            columns: Vec::new(),
        }
    }
}

impl MatrixPrefs {
    /// The matrix columns to show (indices into the matrix's topics), in
    /// the analyst's order.
    pub fn column_order(&self, store: &Store, topics: &[usize]) -> Vec<usize> {
        let id = |c: usize| &store.topics[topics[c]].id;
        let mut out: Vec<usize> = Vec::with_capacity(topics.len());
        for (t, shown) in &self.columns {
            if let Some(c) = (0..topics.len()).find(|&c| id(c) == t)
                && *shown
            {
                out.push(c);
            }
        }
        for c in 0..topics.len() {
            if !self.columns.iter().any(|(t, _)| t == id(c)) {
                out.push(c);
            }
        }
        out
    }

    /// The comparison date for an "as of" date (the last briefing's from `store`).
    pub fn compare_date(&self, as_of: NaiveDate, store: &Store) -> Option<NaiveDate> {
        match self.compare {
            Compare::Off => None,
            Compare::DaysBefore(d) => Some(as_of - Duration::days(d as i64)),
            Compare::Date(d) => Some(d),
            Compare::LastBriefing => store.last_briefing().map(|b| b.date.last_day()),
        }
    }
}

/// The matrix's passing UI state: the last matrix, kept until the store,
/// the filters or the dates change.
#[derive(Default)]
pub struct MatrixState {
    cache: Option<(super::CacheKey, analysis::Matrix)>,
}

const ROW_HEADER: f32 = 140.0;
const CELL_HEIGHT: f32 = 64.0;

/// Draws the matrix.
pub fn matrix_ui(
    ui: &mut Ui,
    view: &View,
    prefs: &mut MatrixPrefs,
    state: &mut MatrixState,
    actions: &mut Vec<Action>,
) {
    let as_of = prefs.as_of.unwrap_or(view.latest);
    if prefs.compare == Compare::LastBriefing && view.store.last_briefing().is_none() {
        prefs.compare = Compare::DaysBefore(30);
    }
    let compare = prefs.compare_date(as_of, view.store).filter(|c| *c < as_of);

    controls_ui(ui, view, prefs, as_of);
    ui.add_space(4.0);
    legend_ui(ui, prefs, compare);
    ui.add_space(8.0);

    let key = (view.generation, as_of, compare);
    if state.cache.as_ref().is_none_or(|(k, _)| *k != key) {
        state.cache = Some((key, analysis::matrix(view.positions, view.actors, view.topics, as_of, compare)));
    }
    let Some((_, m)) = &state.cache else { return };
    // With "Changed only", the rows and columns where something moved.
    let rows: Vec<usize> = (0..m.actors.len())
        .filter(|&r| !prefs.changed_only || (0..m.topics.len()).any(|c| m.cell(r, c).moved()))
        .collect();
    let cols: Vec<usize> = prefs
        .column_order(view.store, &m.topics)
        .into_iter()
        .filter(|&c| !prefs.changed_only || rows.iter().any(|&r| m.cell(r, c).moved()))
        .collect();
    if m.actors.is_empty() || m.topics.is_empty() {
        ui.label("No actors or topics pass the filters.");
        return;
    }
    if rows.is_empty() || cols.is_empty() {
        ui.label(match compare {
            Some(c) => format!("Nothing moved since {}.", date_text(crate::model::PartialDate::day(c))),
            None => "Choose a date to compare with to see what moved.".to_owned(),
        });
        return;
    }
    let grid = Grid { m, rows: &rows, cols: &cols, as_of, compare, stale_days: prefs.stale_days };
    grid_ui(ui, view, &grid, actions);
}

/// What one frame of the matrix draws.
struct Grid<'a> {
    m: &'a analysis::Matrix,
    rows: &'a [usize],
    cols: &'a [usize],
    as_of: NaiveDate,
    compare: Option<NaiveDate>,
    stale_days: i64,
}

const HEADER_HEIGHT: f32 = 40.0;

/// The grid in a scroll area whose header row and actor column stay in
/// place: the cells scroll under them (drawn first, the headers on top,
/// at the visible area's top and left edges), and the scroll bars show
/// whenever the grid is larger than the view.
fn grid_ui(ui: &mut Ui, view: &View, g: &Grid, actions: &mut Vec<Action>) {
    // Cells share the width, within limits (the area scrolls when they cannot fit).
    let cell_w = ((ui.available_width() - ROW_HEADER - 16.0) / g.cols.len() as f32).clamp(104.0, 150.0);
    let size = vec2(cell_w, CELL_HEIGHT);
    let content =
        vec2(ROW_HEADER + size.x * g.cols.len() as f32, HEADER_HEIGHT + size.y * g.rows.len() as f32);
    egui::ScrollArea::both()
        .id_salt("matrix-grid")
        .auto_shrink([false, false])
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded)
        .show_viewport(ui, |ui, _viewport| {
            let (all, _) = ui.allocate_exact_size(content, Sense::hover());
            let visible = ui.clip_rect();
            let origin = all.min;
            // The body. Every cell is a widget (a screen reader can reach
            // one scrolled out of view); what lies outside is clipped.
            for (k, &r) in g.rows.iter().enumerate() {
                for (i, &c) in g.cols.iter().enumerate() {
                    let min =
                        origin + vec2(ROW_HEADER + i as f32 * size.x, HEADER_HEIGHT + k as f32 * size.y);
                    cell_ui(ui, view, g, g.m.cell(r, c), Rect::from_min_size(min, size).shrink(2.0), actions);
                }
            }
            // The frozen headers, on top of what scrolled under them.
            let top = visible.top().max(origin.y);
            let left = visible.left().max(origin.x);
            let bg = ui.visuals().panel_fill;
            for (k, &r) in g.rows.iter().enumerate() {
                let y = origin.y + HEADER_HEIGHT + k as f32 * size.y;
                let rect = Rect::from_min_size(pos2(left, y), vec2(ROW_HEADER, size.y));
                if rect.intersects(visible) {
                    actor_header_ui(ui, view, g.m.actors[r], rect, bg);
                }
            }
            for (i, &c) in g.cols.iter().enumerate() {
                let x = origin.x + ROW_HEADER + i as f32 * size.x;
                let rect = Rect::from_min_size(pos2(x, top), vec2(size.x, HEADER_HEIGHT));
                if rect.intersects(visible) {
                    topic_header_ui(ui, view, g.m.topics[c], rect, bg, actions);
                }
            }
            ui.painter().rect_filled(
                Rect::from_min_size(pos2(left, top), vec2(ROW_HEADER, HEADER_HEIGHT)),
                0.0,
                bg,
            );
        });
}

fn actor_header_ui(ui: &mut Ui, view: &View, a: usize, rect: Rect, bg: Color32) {
    let actor = &view.store.actors[a];
    let painter = ui.painter();
    painter.rect_filled(rect, 0.0, bg);
    painter.circle_filled(pos2(rect.left() + 8.0, rect.center().y), 5.0, theme::actor_color(actor.color));
    let galley = painter.layout(
        actor.name.clone(),
        FontId::proportional(14.0),
        ui.visuals().strong_text_color(),
        rect.width() - 26.0,
    );
    painter.galley(
        pos2(rect.left() + 20.0, rect.center().y - galley.size().y / 2.0),
        galley,
        Color32::PLACEHOLDER,
    );
    // It takes the clicks meant for the cells that scrolled under it.
    let r = ui.interact(rect, ui.scope_id().with(("actor-head", a)), Sense::click());
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::RowHeader, true, &actor.name));
}

fn topic_header_ui(ui: &mut Ui, view: &View, t: usize, rect: Rect, bg: Color32, actions: &mut Vec<Action>) {
    let topic = &view.store.topics[t];
    ui.painter().rect_filled(rect, 0.0, bg);
    let r = ui.interact(rect.shrink(2.0), ui.scope_id().with(("topic-head", t)), Sense::click());
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ColumnHeader, true, &topic.name));
    let galley = ui.painter().layout(
        topic.name.clone(),
        FontId::proportional(13.0),
        ui.visuals().strong_text_color(),
        rect.width() - 8.0,
    );
    ui.painter().galley(
        pos2(rect.left() + 4.0, rect.bottom() - galley.size().y - 4.0),
        galley,
        Color32::PLACEHOLDER,
    );
    if r.on_hover_text(format!("{}\n\n{}\n\nClick for its timeline.", topic.name, topic.proposition))
        .clicked()
    {
        actions.push(Action::OpenTimeline(t));
    }
}

/// One cell: painted, described for screen readers (and tests), with its
/// tooltip, click (its statements), double click (its timeline) and
/// context menu (copy as citation).
fn cell_ui(ui: &mut Ui, view: &View, g: &Grid, cell: &Cell, rect: Rect, actions: &mut Vec<Action>) {
    let store = view.store;
    let actor = &store.actors[cell.actor];
    let topic = &store.topics[cell.topic];
    let id = ui.scope_id().with(("cell", cell.actor, cell.topic));
    let resp = ui.interact(rect, id, Sense::click());
    let stale = cell.is_stale(g.as_of, g.stale_days);
    let mut described = match cell.now {
        Some(p) => format!("{} on {}: {}", actor.name, topic.name, stance_words(topic, p.stance)),
        None => format!("{} on {}: no position", actor.name, topic.name),
    };
    if cell.moved() {
        described.push_str(&format!(
            "; moved: {} ({})",
            text::path(cell),
            text::moves_count(cell.moves.len())
        ));
    }
    if stale && let Some(days) = cell.age_days(g.as_of) {
        described.push_str(&format!("; stale: {}", text::age(days)));
    }
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &described));
    paint_cell(ui, rect, view, g, cell, resp.hovered());
    let resp = resp.on_hover_ui(|ui| cell_tooltip_ui(ui, view, g, cell));
    if resp.clicked() {
        actions.push(Action::ShowCell { actor: cell.actor, topic: cell.topic });
    }
    if resp.double_clicked() {
        actions.push(Action::OpenTimeline(cell.topic));
    }
    if let Some(now) = cell.now {
        resp.context_menu(|ui| {
            if ui.button("Copy as citation").clicked() {
                let s = &store.statements[now.statement];
                let from = cell.before.map(|b| b.stance);
                if let Some(c) = crate::export::citation::position(store, s, &topic.id, from) {
                    actions.push(Action::CopyCitation(Box::new(c)));
                }
                ui.close();
            }
            if ui.button("Show its statements").clicked() {
                actions.push(Action::ShowCell { actor: cell.actor, topic: cell.topic });
                ui.close();
            }
        });
    }
}

fn controls_ui(ui: &mut Ui, view: &View, prefs: &mut MatrixPrefs, as_of: NaiveDate) {
    ui.horizontal_wrapped(|ui| {
        let mut as_of_value = prefs.as_of;
        widgets::date_field(ui, "As of", "matrix-as-of", &mut as_of_value, true);
        if as_of_value != prefs.as_of {
            prefs.as_of = as_of_value;
        }
        if prefs.as_of.is_some() {
            if ui
                .small_button("Latest")
                .on_hover_text(format!("The latest statement: {}", view.latest))
                .clicked()
            {
                prefs.as_of = None;
            }
        } else {
            ui.label(RichText::new(format!("latest: {}", view.latest)).small().color(theme::weak(view.dark)));
        }
        ui.separator();
        let mut compare = prefs.compare_date(as_of, view.store);
        let before = compare;
        widgets::date_field(ui, "Compare with", "matrix-compare", &mut compare, true);
        if compare != before {
            prefs.compare = compare.map_or(Compare::Off, Compare::Date);
        }
        if let Some(b) = view.store.last_briefing() {
            let on = prefs.compare == Compare::LastBriefing;
            if ui
                .selectable_label(on, "Since last briefing")
                .on_hover_text(format!("“{}”, as of {}", b.title, date_text(b.date)))
                .clicked()
            {
                prefs.compare = Compare::LastBriefing;
            }
        }
        for (label, days) in [("1 week", 7), ("1 month", 30), ("3 months", 91)] {
            let on = prefs.compare == Compare::DaysBefore(days);
            if ui
                .selectable_label(on, label)
                .on_hover_text(format!("Compare with {days} days before"))
                .clicked()
            {
                prefs.compare = Compare::DaysBefore(days);
            }
        }
        if ui.selectable_label(prefs.compare == Compare::Off, "none").clicked() {
            prefs.compare = Compare::Off;
        }
        ui.separator();
        ui.menu_button("Columns…", |ui| columns_ui(ui, view.store, prefs))
            .response
            .on_hover_text("Choose the topics shown and their order");
        ui.add_enabled(
            prefs.compare != Compare::Off,
            egui::Checkbox::new(&mut prefs.changed_only, "Changed only"),
        )
        .on_hover_text("Hide the actors and topics whose stance did not move since the comparison date");
        let l = ui.label("Stale after");
        ui.add(egui::DragValue::new(&mut prefs.stale_days).range(1..=3650).suffix(" days"))
            .labelled_by(l.id)
            .on_hover_text("A stance whose latest statement is older than this is marked stale");
    });
}

/// The topics as columns: shown or not, moved up or down; remembered.
fn columns_ui(ui: &mut Ui, store: &Store, prefs: &mut MatrixPrefs) {
    // Every topic of the store, in the remembered order, new ones last.
    let mut list: Vec<(TopicId, bool)> =
        prefs.columns.iter().filter(|(t, _)| store.topic(t).is_some()).cloned().collect();
    for t in &store.topics {
        if !list.iter().any(|(x, _)| *x == t.id) {
            list.push((t.id.clone(), true));
        }
    }
    let mut swap = None;
    let n = list.len();
    for (i, (t, shown)) in list.iter_mut().enumerate() {
        let name = store.topic(t).map_or(t.as_str(), |x| x.name.as_str()).to_owned();
        ui.horizontal(|ui| {
            ui.checkbox(shown, name.as_str());
            if ui
                .add_enabled(i > 0, egui::Button::new("↑").small())
                .on_hover_text(format!("Move {name} left"))
                .clicked()
            {
                swap = Some(i - 1);
            }
            if ui
                .add_enabled(i + 1 < n, egui::Button::new("↓").small())
                .on_hover_text(format!("Move {name} right"))
                .clicked()
            {
                swap = Some(i);
            }
        });
    }
    if let Some(i) = swap {
        list.swap(i, i + 1);
    }
    if ui.button("Show all, in the store's order").clicked() {
        list = store.topics.iter().map(|t| (t.id.clone(), true)).collect();
    }
    prefs.columns = list;
}

fn legend_ui(ui: &mut Ui, prefs: &MatrixPrefs, compare: Option<NaiveDate>) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for s in Stance::ALL {
            widgets::stance_chip(ui, s, Stance::DEFAULT_LABELS[s.index()], false);
        }
        ui.add_space(8.0);
        widgets::stance_chip(ui, Stance::MAX, "unverified", true);
    });
    let moved = match compare {
        Some(c) => format!(
            "Ringed: moved since {} (its path in the corner; ↺ came back) · ",
            date_text(crate::model::PartialDate::day(c))
        ),
        None => String::new(),
    };
    ui.label(
        RichText::new(format!(
            "{moved}“stale”: latest statement over {} days old · click a cell for its statements, right-click to copy it as a citation",
            prefs.stale_days
        ))
        .small()
        .color(theme::weak(dark)),
    );
}

fn paint_cell(ui: &Ui, rect: Rect, view: &View, g: &Grid, cell: &Cell, hovered: bool) {
    let painter = ui.painter();
    let dark = view.dark;
    let topic = &view.store.topics[cell.topic];
    let Some(now) = cell.now else {
        painter.rect_stroke(
            rect,
            4.0,
            Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
            egui::StrokeKind::Inside,
        );
        let dash = if cell.moved() { "— (withdrawn)" } else { "—" };
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            dash,
            FontId::proportional(13.0),
            theme::weak(dark),
        );
        return;
    };
    let stale = cell.is_stale(g.as_of, g.stale_days);
    let fill = theme::stance_fill(now.stance, dark);
    let fill = if stale { fill.gamma_multiply(0.55) } else { fill };
    let text_color = if now.unverified || stale {
        ui.visuals().strong_text_color()
    } else {
        theme::stance_text(now.stance, dark)
    };
    if now.unverified {
        painter.rect_filled(rect, 4.0, fill.gamma_multiply(0.35));
        widgets::hatch(painter, rect, fill);
        painter.rect_stroke(rect, 4.0, Stroke::new(1.5, fill), egui::StrokeKind::Inside);
    } else {
        painter.rect_filled(rect, 4.0, fill);
    }
    if cell.moved() {
        painter.rect_stroke(rect, 4.0, Stroke::new(3.0, theme::moved(dark)), egui::StrokeKind::Inside);
    }
    if hovered {
        painter.rect_stroke(rect, 4.0, Stroke::new(2.0, theme::accent(dark)), egui::StrokeKind::Outside);
    }
    painter.text(
        pos2(rect.left() + 7.0, rect.top() + 5.0),
        Align2::LEFT_TOP,
        now.stance.signed(),
        FontId::proportional(16.0),
        text_color,
    );
    // Top right: the path through the window, or how old the stance is.
    let corner = if cell.moved() {
        corner_path(cell)
    } else if stale {
        format!("stale · {}", text::age_short(cell.age_days(g.as_of).unwrap_or(0)))
    } else {
        String::new()
    };
    painter.text(
        pos2(rect.right() - 6.0, rect.top() + 6.0),
        Align2::RIGHT_TOP,
        corner,
        FontId::proportional(12.0),
        text_color,
    );
    let mut job = egui::text::LayoutJob::single_section(
        topic.label(now.stance).to_owned(),
        egui::TextFormat::simple(FontId::proportional(12.0), text_color),
    );
    job.wrap = egui::text::TextWrapping {
        max_width: rect.width() - 12.0,
        max_rows: 2,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    let label = ui.painter().layout_job(job);
    painter.galley(
        pos2(rect.left() + 7.0, rect.bottom() - label.size().y - 4.0),
        label,
        Color32::PLACEHOLDER,
    );
}

/// The path in a cell's corner: "−2→−1", "−2→−1→−2 ↺" (back where it
/// started), "−2→…→+1 (4)" when it moved more than three times.
fn corner_path(cell: &Cell) -> String {
    let signed = |s: Option<Stance>| s.map_or("none".to_owned(), |x| x.signed());
    let mut path = if cell.moves.len() > 3 {
        let first = signed(cell.moves.first().and_then(|m| m.from));
        let last = signed(cell.moves.last().map(|m| m.to));
        format!("{first}→…→{last} ({})", cell.moves.len())
    } else {
        text::path(cell).replace(" → ", "→")
    };
    if cell.before.is_some() && cell.now.is_some() && cell.movement().is_none() {
        path.push_str(" ↺");
    }
    path
}

fn cell_tooltip_ui(ui: &mut Ui, view: &View, g: &Grid, cell: &Cell) {
    let store = view.store;
    let actor = &store.actors[cell.actor];
    let topic = &store.topics[cell.topic];
    let dark = view.dark;
    ui.set_max_width(440.0);
    ui.label(RichText::new(format!("{} on {}", actor.name, topic.name)).strong());
    let Some(now) = cell.now else {
        ui.label("No position on or before this date.");
        return;
    };
    let s = &store.statements[now.statement];
    ui.label(stance_words(topic, now.stance));
    if let Some(days) = cell.age_days(g.as_of) {
        let stale = cell.is_stale(g.as_of, g.stale_days);
        let words = format!("{}{}", text::capitalised(&text::age(days)), if stale { " — stale" } else { "" });
        ui.label(RichText::new(words).small().color(if stale {
            theme::warning_text(dark)
        } else {
            theme::weak(dark)
        }));
    }
    if let Some(c) = g.compare {
        let since = date_text(crate::model::PartialDate::day(c));
        if cell.moves.is_empty() {
            ui.label(RichText::new(format!("No move since {since}.")).small());
        } else {
            ui.label(
                RichText::new(format!(
                    "Since {since}: {} ({})",
                    text::path(cell),
                    text::moves_count(cell.moves.len())
                ))
                .small()
                .strong(),
            );
            for step in &cell.moves {
                let from = step.from.map_or("none".to_owned(), |f| f.signed());
                ui.label(
                    RichText::new(format!("  {} {from} → {}", date_text(step.date), step.to.signed()))
                        .small(),
                );
                // The event the move came just after.
                if let Some(l) =
                    analysis::event_before(store, &actor.id, step.date, analysis::EVENT_WINDOW_DAYS)
                {
                    ui.label(
                        RichText::new(format!("    {}", text::event_context(l.event(store), &l)))
                            .small()
                            .italics()
                            .color(theme::weak(dark)),
                    );
                }
            }
        }
    }
    ui.separator();
    widgets::backing_block(ui, store, s, &topic.id, 320);
    ui.label(
        RichText::new("Click for the statements behind this cell · right-click to copy it as a citation")
            .small()
            .color(theme::weak(dark)),
    );
}
