//! The matrix: actors × topics, each cell coloured by the actor's stance as
//! of a date, with an arrow where it moved since a comparison date.

use chrono::{Duration, NaiveDate};
use egui::{Align2, Color32, FontId, Rect, RichText, Sense, Stroke, Ui, pos2, vec2};
use serde::{Deserialize, Serialize};

use super::widgets::{self, date_text, stance_words};
use super::{Action, View, theme};
use crate::analysis::{self, Cell, Direction, ShiftClass};
use crate::model::Stance;

/// What the comparison date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compare {
    /// No comparison.
    Off,
    /// This many days before the "as of" date.
    DaysBefore(u32),
    /// A fixed date (the last briefing).
    Date(NaiveDate),
}

/// The matrix's settings, kept between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatrixPrefs {
    /// The date stances are taken at; `None` means the latest statement's date.
    pub as_of: Option<NaiveDate>,
    /// The comparison date.
    pub compare: Compare,
}

impl Default for MatrixPrefs {
    fn default() -> Self {
        MatrixPrefs { as_of: None, compare: Compare::DaysBefore(30) }
    }
}

impl MatrixPrefs {
    /// The comparison date for an "as of" date.
    pub fn compare_date(&self, as_of: NaiveDate) -> Option<NaiveDate> {
        match self.compare {
            Compare::Off => None,
            Compare::DaysBefore(d) => Some(as_of - Duration::days(d as i64)),
            Compare::Date(d) => Some(d),
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

/// Draws the matrix.
pub fn matrix_ui(
    ui: &mut Ui,
    view: &View,
    prefs: &mut MatrixPrefs,
    state: &mut MatrixState,
    actions: &mut Vec<Action>,
) {
    let as_of = prefs.as_of.unwrap_or(view.latest);
    let compare = prefs.compare_date(as_of);

    controls_ui(ui, view, prefs, as_of);
    ui.add_space(4.0);
    legend_ui(ui);
    ui.add_space(8.0);

    let key = (view.generation, as_of, compare);
    if state.cache.as_ref().is_none_or(|(k, _)| *k != key) {
        state.cache = Some((key, analysis::matrix(view.positions, view.actors, view.topics, as_of, compare)));
    }
    let Some((_, m)) = &state.cache else { return };
    if m.actors.is_empty() || m.topics.is_empty() {
        ui.label("No actors or topics pass the filters.");
        return;
    }
    let dark = ui.visuals().dark_mode;
    // Cells share the width, within limits (the area scrolls when they cannot fit).
    let cell_w = ((ui.available_width() - ROW_HEADER - 16.0) / m.topics.len() as f32).clamp(92.0, 140.0);
    let size = vec2(cell_w, 50.0);
    egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
        // Column headers.
        let header_h = 38.0;
        let (header, _) = ui
            .allocate_exact_size(vec2(ROW_HEADER + size.x * m.topics.len() as f32, header_h), Sense::hover());
        for (c, &t) in m.topics.iter().enumerate() {
            let topic = &view.store.topics[t];
            let rect = Rect::from_min_size(
                pos2(header.left() + ROW_HEADER + c as f32 * size.x, header.top()),
                vec2(size.x, header_h),
            );
            let r = ui.interact(rect.shrink(2.0), ui.scope_id().with(("topic-head", t)), Sense::click());
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ColumnHeader, true, &topic.name));
            let galley = ui.painter().layout(
                topic.name.clone(),
                FontId::proportional(13.0),
                ui.visuals().strong_text_color(),
                size.x - 8.0,
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
        for (r, &a) in m.actors.iter().enumerate() {
            let actor = &view.store.actors[a];
            let (row, _) = ui.allocate_exact_size(
                vec2(ROW_HEADER + size.x * m.topics.len() as f32, size.y),
                Sense::hover(),
            );
            let name_rect = Rect::from_min_size(row.min, vec2(ROW_HEADER, size.y));
            ui.painter().circle_filled(
                pos2(name_rect.left() + 8.0, name_rect.center().y),
                5.0,
                theme::actor_color(actor.color),
            );
            ui.painter().text(
                pos2(name_rect.left() + 20.0, name_rect.center().y),
                Align2::LEFT_CENTER,
                &actor.name,
                FontId::proportional(14.0),
                ui.visuals().strong_text_color(),
            );
            for c in 0..m.topics.len() {
                let cell = m.cell(r, c);
                let rect =
                    Rect::from_min_size(pos2(row.left() + ROW_HEADER + c as f32 * size.x, row.top()), size)
                        .shrink(2.0);
                let id = ui.scope_id().with(("cell", a, cell.topic));
                let resp = ui.interact(rect, id, Sense::click());
                let topic = &view.store.topics[cell.topic];
                let described = match cell.now {
                    Some(p) => format!("{} on {}: {}", actor.name, topic.name, stance_words(topic, p.stance)),
                    None => format!("{} on {}: no position", actor.name, topic.name),
                };
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &described));
                paint_cell(ui, rect, view, cell, dark, resp.hovered());
                let resp = resp.on_hover_ui(|ui| cell_tooltip_ui(ui, view, cell, compare));
                if resp.clicked() {
                    actions.push(Action::ShowCell { actor: a, topic: cell.topic });
                }
                if resp.double_clicked() {
                    actions.push(Action::OpenTimeline(cell.topic));
                }
            }
        }
    });
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
        let mut compare = prefs.compare_date(as_of);
        let before = compare;
        widgets::date_field(ui, "Compare with", "matrix-compare", &mut compare, true);
        if compare != before {
            prefs.compare = compare.map_or(Compare::Off, Compare::Date);
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
    });
}

fn legend_ui(ui: &mut Ui) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for s in Stance::ALL {
            widgets::stance_chip(ui, s, Stance::DEFAULT_LABELS[s.index()], false);
        }
        ui.add_space(8.0);
        widgets::stance_chip(ui, Stance::MAX, "unverified", true);
    });
    ui.label(
        RichText::new("▲ rose, ▼ fell since the comparison date (doubled: crossed sides) · click a cell for its statements")
            .small()
            .color(theme::weak(dark)),
    );
}

fn paint_cell(ui: &Ui, rect: Rect, view: &View, cell: &Cell, dark: bool, hovered: bool) {
    let painter = ui.painter();
    let topic = &view.store.topics[cell.topic];
    let Some(now) = cell.now else {
        painter.rect_stroke(
            rect,
            4.0,
            Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
            egui::StrokeKind::Inside,
        );
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            "—",
            FontId::proportional(13.0),
            theme::weak(dark),
        );
        return;
    };
    let fill = theme::stance_fill(now.stance, dark);
    let text_color =
        if now.unverified { ui.visuals().strong_text_color() } else { theme::stance_text(now.stance, dark) };
    if now.unverified {
        painter.rect_filled(rect, 4.0, fill.gamma_multiply(0.35));
        widgets::hatch(painter, rect, fill);
        painter.rect_stroke(rect, 4.0, Stroke::new(1.5, fill), egui::StrokeKind::Inside);
    } else {
        painter.rect_filled(rect, 4.0, fill);
    }
    if hovered {
        painter.rect_stroke(rect, 4.0, Stroke::new(2.0, theme::accent(dark)), egui::StrokeKind::Outside);
    }
    painter.text(
        pos2(rect.left() + 6.0, rect.top() + 4.0),
        Align2::LEFT_TOP,
        now.stance.signed(),
        FontId::proportional(16.0),
        text_color,
    );
    let label = ui.painter().layout(
        topic.label(now.stance).to_owned(),
        FontId::proportional(11.0),
        text_color,
        rect.width() - 10.0,
    );
    painter.galley(
        pos2(rect.left() + 6.0, rect.bottom() - label.size().y - 3.0),
        label,
        Color32::PLACEHOLDER,
    );
    if let Some((class, dir)) = cell.movement() {
        let arrow = match dir {
            Direction::Toward => "▲",
            Direction::Away => "▼",
        };
        let from = cell.before.map(|p| p.stance.signed()).unwrap_or_default();
        let text = if class == ShiftClass::Reversal {
            format!("{arrow}{arrow} was {from}")
        } else {
            format!("{arrow} was {from}")
        };
        painter.text(
            pos2(rect.right() - 4.0, rect.top() + 5.0),
            Align2::RIGHT_TOP,
            text,
            FontId::proportional(10.5),
            text_color,
        );
    } else if cell.is_new() && cell.before.is_none() && !cell.since_compare.is_empty() {
        painter.text(
            pos2(rect.right() - 5.0, rect.top() + 5.0),
            Align2::RIGHT_TOP,
            "new",
            FontId::proportional(11.0),
            text_color,
        );
    }
}

fn cell_tooltip_ui(ui: &mut Ui, view: &View, cell: &Cell, compare: Option<NaiveDate>) {
    let store = view.store;
    let actor = &store.actors[cell.actor];
    let topic = &store.topics[cell.topic];
    ui.set_max_width(420.0);
    ui.label(RichText::new(format!("{} on {}", actor.name, topic.name)).strong());
    let Some(now) = cell.now else {
        ui.label("No position on or before this date.");
        return;
    };
    let s = &store.statements[now.statement];
    ui.label(stance_words(topic, now.stance));
    if let (Some(b), Some(c)) = (cell.before, compare) {
        let (class, dir) = analysis::classify(b.stance, now.stance);
        let moved = match dir {
            Some(d) => format!("{} {}", class.as_str(), d.as_str()),
            None => "no change".into(),
        };
        ui.label(format!(
            "On {}: {} → now {} ({moved})",
            date_text(crate::model::PartialDate::day(c)),
            b.stance.signed(),
            now.stance.signed()
        ));
    } else if cell.before.is_none() && compare.is_some() {
        ui.label("No position at the comparison date.");
    }
    ui.separator();
    widgets::quote_block(ui, store, s);
    if cell.since_compare.len() > 1 {
        ui.label(
            RichText::new(format!(
                "{} statements since the comparison date — click to see them",
                cell.since_compare.len()
            ))
            .small(),
        );
    } else {
        ui.label(RichText::new("Click to see the statements behind this cell").small());
    }
}
