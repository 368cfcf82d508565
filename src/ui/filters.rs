//! The filter panel: actors as coloured chips, topics, a date range,
//! verification and kind. Filters apply to every tab.

use std::collections::BTreeSet;
use std::hash::Hash;

use egui::{RichText, Ui};

use super::{Action, theme, widgets};
use crate::analysis::Filter;
use crate::model::{Kind, Store, Verification};

/// Draws the filters; returns the new filter when the analyst changed one.
pub fn filters_ui(ui: &mut Ui, store: &Store, filter: &Filter, actions: &mut Vec<Action>) {
    let mut f = filter.clone();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new("Filters").heading().size(16.0));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .add_enabled(!f.is_empty(), egui::Button::new("Clear"))
                    .on_hover_text("Show everything")
                    .clicked()
                {
                    f = Filter::default();
                }
            });
        });
        ui.add_space(4.0);

        section(ui, "Actors", !f.actors.is_empty(), |ui| {
            let all: Vec<_> = store.actors.iter().map(|a| a.id.clone()).collect();
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing = egui::vec2(5.0, 5.0);
                for a in &store.actors {
                    let on = f.actors.is_empty() || f.actors.contains(&a.id);
                    let r = actor_chip(ui, &a.name, theme::actor_color(a.color), on);
                    let r = r
                        .on_hover_text(format!("{} — click to show or hide; right-click for “only”", a.name));
                    if r.clicked() {
                        toggle(&mut f.actors, &all, a.id.clone());
                    }
                    r.context_menu(|ui| {
                        if ui.button(format!("Only {}", a.name)).clicked() {
                            f.actors = [a.id.clone()].into();
                            ui.close();
                        }
                        if ui.button("All actors").clicked() {
                            f.actors.clear();
                            ui.close();
                        }
                    });
                }
            });
        });

        section(ui, "Topics", !f.topics.is_empty(), |ui| {
            let all: Vec<_> = store.topics.iter().map(|t| t.id.clone()).collect();
            for t in &store.topics {
                let mut on = f.topics.is_empty() || f.topics.contains(&t.id);
                let r = ui.checkbox(&mut on, &t.name).on_hover_text(&t.proposition);
                if r.changed() {
                    toggle(&mut f.topics, &all, t.id.clone());
                }
                r.context_menu(|ui| {
                    if ui.button(format!("Only {}", t.name)).clicked() {
                        f.topics = [t.id.clone()].into();
                        ui.close();
                    }
                });
            }
        });

        section(ui, "Dates", f.since.is_some() || f.until.is_some(), |ui| {
            egui::Grid::new("filter-dates").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
                widgets::date_field(ui, "From", "filter-since", &mut f.since, false);
                ui.end_row();
                widgets::date_field(ui, "To", "filter-until", &mut f.until, true);
                ui.end_row();
            });
        });

        section(ui, "Verification", !f.verifications.is_empty(), |ui| {
            ui.horizontal_wrapped(|ui| {
                for v in Verification::ALL {
                    toggle_chip(ui, &mut f.verifications, &Verification::ALL, v, v.as_str());
                }
            });
        });

        section(ui, "Kind", !f.kinds.is_empty(), |ui| {
            ui.horizontal_wrapped(|ui| {
                for k in Kind::ALL {
                    toggle_chip(ui, &mut f.kinds, &Kind::ALL, k, k.as_str());
                }
            });
        });
    });
    if f != *filter {
        actions.push(Action::SetFilter(f));
    }
}

fn section(ui: &mut Ui, title: &str, active: bool, add: impl FnOnce(&mut Ui)) {
    let dark = ui.visuals().dark_mode;
    let mut text = RichText::new(title).strong();
    if active {
        text = text.color(theme::accent(dark));
    }
    egui::CollapsingHeader::new(text).id_salt(title).default_open(true).show(ui, add);
    ui.add_space(2.0);
}

/// Toggles `item` in a set where "empty" means "all of `all`".
pub(crate) fn toggle<T: Ord + Clone>(set: &mut BTreeSet<T>, all: &[T], item: T) {
    if set.is_empty() {
        set.extend(all.iter().cloned());
    }
    if !set.remove(&item) {
        set.insert(item);
    }
    if set.len() == all.len() || set.is_empty() {
        set.clear();
    }
}

fn toggle_chip<T: Ord + Clone + Hash>(ui: &mut Ui, set: &mut BTreeSet<T>, all: &[T], item: T, label: &str) {
    let on = set.is_empty() || set.contains(&item);
    if ui.selectable_label(on, label).clicked() {
        toggle(set, all, item);
    }
}

/// An actor as a toggle chip: a dot in its colour and its name, filled when on.
pub(crate) fn actor_chip(ui: &mut Ui, name: &str, color: egui::Color32, on: bool) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let font = egui::FontId::proportional(13.0);
    let text_color = if on { ui.visuals().strong_text_color() } else { theme::weak(dark) };
    let galley = ui.painter().layout_no_wrap(name.to_owned(), font, text_color);
    let size = egui::vec2(galley.size().x + 26.0, 22.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let fill = if on { color.gamma_multiply(0.22) } else { egui::Color32::TRANSPARENT };
    let stroke = egui::Stroke::new(
        if response.hovered() { 1.5 } else { 1.0 },
        if on { color } else { theme::weak(dark).gamma_multiply(0.6) },
    );
    let painter = ui.painter();
    painter.rect(rect, 11.0, fill, stroke, egui::StrokeKind::Inside);
    let dot = egui::pos2(rect.left() + 11.0, rect.center().y);
    if on {
        painter.circle_filled(dot, 4.5, color);
    } else {
        painter.circle_stroke(dot, 4.0, egui::Stroke::new(1.2, color));
    }
    painter.galley(
        egui::pos2(rect.left() + 20.0, rect.center().y - galley.size().y / 2.0),
        galley,
        text_color,
    );
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, name));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_treats_empty_as_all() {
        let all = [1, 2, 3];
        let mut s = BTreeSet::new();
        toggle(&mut s, &all, 2);
        assert_eq!(s, [1, 3].into());
        toggle(&mut s, &all, 2);
        assert!(s.is_empty(), "everything on again means no filter");
        let mut only = BTreeSet::from([1]);
        toggle(&mut only, &all, 1);
        assert!(only.is_empty(), "turning off the last one shows all rather than nothing");
    }
}
