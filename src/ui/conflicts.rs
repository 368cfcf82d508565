//! The conflicts window: the versions of statements a sync set aside
//! (`store.conflicts`), those needing a decision first, and the selected
//! one side by side with the store's version, field by field. Deciding is
//! an [`Edit::ResolveConflict`] pushed as an [`Action`] (one undo step);
//! "Edit…" opens the statement in the editor to combine both versions.

use egui::{Align, Layout, RichText, Sense, Ui, vec2};

use super::{Action, Command, theme, widgets};
use crate::edit::{ConflictKey, Edit};
use crate::model::{SetAside, Settled, Statement, Store};
use crate::store::merge::{differing_fields, excerpt};
use crate::sync::Keep;

/// The window's state.
#[derive(Debug, Default)]
pub struct ConflictsState {
    /// Whether the window is open.
    pub open: bool,
    /// The record shown on the right.
    selected: Option<ConflictKey>,
}

impl ConflictsState {
    /// Opens the window on the first record that needs a decision.
    pub fn open(&mut self) {
        self.open = true;
        self.selected = None;
    }
}

/// The records in the order listed: those needing a decision first, then by when found.
/// (The order of `stancebook conflicts`.)
pub fn ordered(store: &Store) -> Vec<&SetAside> {
    let mut list: Vec<&SetAside> = store.conflicts.iter().collect();
    list.sort_by_key(|c| (!c.settled.needs_decision(), c.found_at, c.id));
    list
}

/// How a record came about, in a few words.
pub fn how(c: &SetAside) -> &'static str {
    match c.settled {
        Settled::Open => "Edited on both sides",
        Settled::EditOverDeletion => "Deleted on one side, edited on the other",
        Settled::ByTime => "Settled by time",
    }
}

/// Draws the window (below the menu bar, inside `area`) when it is open.
pub fn conflicts_ui(
    ctx: &egui::Context,
    area: egui::Rect,
    store: &Store,
    read_only: bool,
    state: &mut ConflictsState,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        return;
    }
    let list = ordered(store);
    if state.selected.is_none_or(|k| !list.iter().any(|c| c.key() == k)) {
        state.selected = list.first().map(|c| c.key());
    }
    let mut open = state.open;
    egui::Window::new("Conflicts")
        .id(egui::Id::unique("conflicts-window"))
        .open(&mut open)
        .constrain_to(area)
        .default_pos(area.min + vec2(24.0, 16.0))
        .default_size([1000.0_f32.min(area.width() - 48.0), 480.0_f32.min(area.height() - 32.0)])
        .min_size([640.0_f32.min(area.width() - 48.0), 320.0_f32.min(area.height() - 32.0)])
        .collapsible(false)
        .show(ctx, |ui| {
            if list.is_empty() {
                ui.add_space(12.0);
                ui.label(
                    RichText::new(
                        "No conflicts. When a sync finds a statement both sides changed, the version it \
                         did not keep is listed here until you decide.",
                    )
                    .color(theme::weak(ui.visuals().dark_mode)),
                );
                return;
            }
            let list_width = (ui.available_width() * 0.32).clamp(220.0, 320.0);
            ui.horizontal_top(|ui| {
                ui.allocate_ui_with_layout(
                    vec2(list_width, ui.available_height()),
                    Layout::top_down(Align::Min),
                    |ui| {
                        ui.set_width(list_width);
                        ui.scope_builder(egui::UiBuilder::new().accessibility_label("Conflict list"), |ui| {
                            list_ui(ui, store, &list, state);
                        });
                    },
                );
                ui.separator();
                ui.vertical(|ui| {
                    let record = list.iter().find(|c| Some(c.key()) == state.selected);
                    if let Some(c) = record {
                        ui.scope_builder(egui::UiBuilder::new().accessibility_label("Both versions"), |ui| {
                            if let Some(close) = detail_ui(ui, store, c, read_only, actions) {
                                state.open = !close;
                            }
                        });
                    }
                });
            });
        });
    state.open = state.open && open;
}

/// The list: a row per record.
fn list_ui(ui: &mut Ui, store: &Store, list: &[&SetAside], state: &mut ConflictsState) {
    let dark = ui.visuals().dark_mode;
    let open = list.iter().filter(|c| c.settled.needs_decision()).count();
    let count = match (open, list.len() - open) {
        (n, 0) => format!("{n} to decide"),
        (0, m) => format!("{m} to review"),
        (n, m) => format!("{n} to decide · {m} to review"),
    };
    ui.label(RichText::new(count).color(theme::weak(dark)));
    ui.separator();
    egui::ScrollArea::vertical().id_salt("conflict-list").auto_shrink([false, false]).show(ui, |ui| {
        ui.spacing_mut().item_spacing.y = 2.0;
        for c in list {
            let key = c.key();
            if row_ui(ui, store, c, state.selected == Some(key)).clicked() {
                state.selected = Some(key);
            }
        }
    });
}

/// One record: the statement's date and actor, an excerpt of its quote,
/// how it came about, and who found it when.
fn row_ui(ui: &mut Ui, store: &Store, c: &SetAside, selected: bool) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let s = store.statement(c.id).or(c.version.as_ref());
    let background = ui.painter().add(egui::Shape::Noop);
    let key = c.key();
    let row = ui.scope_builder(
        egui::UiBuilder::new().sense(Sense::click()).id_salt(("conflict", key.0.to_string(), key.1, key.2)),
        |ui| {
            ui.style_mut().interaction.selectable_labels = false;
            egui::Frame::new().inner_margin(egui::Margin::symmetric(8, 6)).show(ui, |ui| {
                ui.set_width(ui.available_width());
                if let Some(s) = s {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(widgets::date_text(s.date)).strong());
                        ui.label(RichText::new(actor_name(store, s)).color(theme::weak(dark)));
                    });
                    ui.add(egui::Label::new(format!("“{}”", excerpt(&s.quote, 70))).wrap());
                }
                let tone =
                    if c.settled.needs_decision() { theme::warning_text(dark) } else { theme::weak(dark) };
                ui.label(RichText::new(how(c)).small().color(tone));
                ui.label(RichText::new(found(c)).small().color(theme::weak(dark)));
            });
        },
    );
    let r = row.response;
    let fill = if selected {
        ui.visuals().selection.bg_fill
    } else if r.hovered() {
        ui.visuals().widgets.hovered.weak_bg_fill
    } else {
        egui::Color32::TRANSPARENT
    };
    ui.painter().set(background, egui::Shape::rect_filled(r.rect, 6.0, fill));
    let label = match s {
        Some(s) => format!("{} · {} · {}", widgets::date_text(s.date), actor_name(store, s), how(c)),
        None => how(c).to_owned(),
    };
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    r
}

/// "Found by Ben Ode, 14 Mar 10:32".
fn found(c: &SetAside) -> String {
    let when = c.found_at.datetime().with_timezone(&chrono::Local).format("%e %b %Y, %H:%M").to_string();
    match &c.found_by {
        Some(a) => format!("Found by {} · {}", a.name, when.trim()),
        None => format!("Found {}", when.trim()),
    }
}

/// The record side by side; `Some(true)` when the window should close (Edit… was pressed).
fn detail_ui(
    ui: &mut Ui,
    store: &Store,
    c: &SetAside,
    read_only: bool,
    actions: &mut Vec<Action>,
) -> Option<bool> {
    let dark = ui.visuals().dark_mode;
    let stored = store.statement(c.id);
    let shown = stored.or(c.version.as_ref());
    if let Some(s) = shown {
        ui.label(
            RichText::new(format!("{} · {}", widgets::who(store, s), widgets::date_text(s.date))).heading(),
        );
    }
    let why = match c.settled {
        Settled::Open => {
            "Both versions were changed within minutes of each other, so time cannot tell which is \
             later. The store keeps one for now; the other is kept here until you decide."
        }
        Settled::ByTime => "The later edit was kept; the earlier one is listed for your review.",
        Settled::EditOverDeletion => {
            "One side deleted this statement while the other edited it. The edit was kept; decide \
             whether the statement stays."
        }
    };
    ui.add(egui::Label::new(RichText::new(why).color(theme::weak(dark))).wrap());
    if let Some(s) = shown {
        ui.add_space(2.0);
        ui.add(egui::Label::new(RichText::new(format!("“{}”", s.quote)).italics()).wrap());
    }
    ui.add_space(6.0);
    let key = c.key();
    let decide = |keep: Keep| Action::Edit(Box::new(Edit::ResolveConflict { key, keep, by: None }));
    let (keep_stored, keep_other) = match (stored.is_some(), c.version.is_some()) {
        (true, false) => ("Keep the edit", "Delete the statement"),
        (false, true) => ("Leave it deleted", "Keep the set-aside version"),
        _ => ("Keep the store's version", "Keep the set-aside version"),
    };
    let other_hover = if c.version.is_some() {
        "The set-aside version becomes the statement's, as your edit, so it wins everywhere it syncs"
    } else {
        "The statement is deleted, as the other side did (Undo brings it back)"
    };
    let mut close = None;
    egui::ScrollArea::vertical()
        .id_salt("conflict-detail")
        .auto_shrink([false, true])
        .max_height((ui.available_height() - 48.0).max(120.0))
        .show(ui, |ui| {
            let field_width = 96.0;
            let column = ((ui.available_width() - field_width - 24.0) / 2.0).max(140.0);
            egui::Grid::new("conflict-grid")
                .num_columns(3)
                .spacing([12.0, 8.0])
                .min_col_width(field_width)
                .show(ui, |ui| {
                    ui.label("");
                    version_header(ui, "In the store", stored, column);
                    let right = if c.version.is_some() { "Set aside" } else { "The other side" };
                    version_header(ui, right, c.version.as_ref(), column);
                    ui.end_row();
                    match (stored, &c.version) {
                        (Some(a), Some(b)) => {
                            let fields: Vec<&str> = differing_fields(a, b)
                                .into_iter()
                                .filter(|f| !matches!(*f, "updated_at" | "changed_by"))
                                .collect();
                            if fields.is_empty() {
                                ui.label("");
                                ui.label(
                                    RichText::new("Only who changed it and when differ.")
                                        .color(theme::weak(dark)),
                                );
                                ui.end_row();
                            }
                            for f in fields {
                                ui.label(RichText::new(field_name(f)).strong());
                                value_cell(ui, &field_text(store, a, f), column, true);
                                value_cell(ui, &field_text(store, b, f), column, true);
                                ui.end_row();
                            }
                        }
                        (Some(_), None) => {
                            ui.label(RichText::new("Statement").strong());
                            value_cell(ui, "Kept, with its last edit", column, true);
                            value_cell(ui, "Deleted", column, true);
                            ui.end_row();
                        }
                        (None, Some(_)) => {
                            ui.label(RichText::new("Statement").strong());
                            value_cell(ui, "No longer in the store", column, true);
                            value_cell(ui, "Kept here, whole", column, true);
                            ui.end_row();
                        }
                        (None, None) => {}
                    }
                    // A decision under each version.
                    ui.label("");
                    let b = ui
                        .add_enabled(!read_only, egui::Button::new(RichText::new(keep_stored).strong()))
                        .on_hover_text(
                            "The store stays as it is; the other version is let go (Undo brings it back)",
                        );
                    if b.clicked() {
                        actions.push(decide(Keep::Stored));
                    }
                    let b = ui
                        .add_enabled(!read_only, egui::Button::new(RichText::new(keep_other).strong()))
                        .on_hover_text(other_hover);
                    if b.clicked() {
                        actions.push(decide(Keep::SetAside));
                    }
                    ui.end_row();
                });
        });
    if stored.is_some() {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let edit = ui.add_enabled(!read_only, egui::Button::new("Edit…")).on_hover_text(
                "Open the statement in the editor to combine both versions; then come back and keep the \
                 store's version",
            );
            if edit.clicked() {
                actions.push(Action::Select(Some(c.id)));
                actions.push(Action::Command(Command::EditSelection));
                close = Some(true);
            }
            ui.label(
                RichText::new("to combine both in the editor, then keep the store's version")
                    .color(theme::weak(dark)),
            );
        });
    }
    close
}

/// A column's header: which version, who changed it and when.
fn version_header(ui: &mut Ui, title: &str, s: Option<&Statement>, width: f32) {
    let dark = ui.visuals().dark_mode;
    ui.vertical(|ui| {
        ui.set_width(width);
        ui.label(RichText::new(title).strong().size(14.5));
        if let Some(s) = s {
            let who = s
                .changed_by
                .as_ref()
                .or(s.entered_by.as_ref())
                .map_or("unknown analyst", |a| a.name.as_str());
            let when =
                s.updated_at.datetime().with_timezone(&chrono::Local).format("%e %b %Y, %H:%M").to_string();
            ui.label(RichText::new(format!("{who} · {}", when.trim())).small().color(theme::weak(dark)));
        }
    });
}

/// A value, wrapped in its column; `differs`: on a tinted ground.
fn value_cell(ui: &mut Ui, text: &str, width: f32, differs: bool) {
    let dark = ui.visuals().dark_mode;
    let fill =
        if differs { theme::warning_fill(dark).gamma_multiply(0.45) } else { egui::Color32::TRANSPARENT };
    egui::Frame::new().fill(fill).corner_radius(4).inner_margin(egui::Margin::symmetric(6, 4)).show(
        ui,
        |ui| {
            ui.set_width(width - 12.0);
            ui.add(egui::Label::new(text).wrap());
        },
    );
}

/// A field's name as an analyst says it.
fn field_name(f: &str) -> &'static str {
    match f {
        "date" => "Date",
        "actor" => "Actor",
        "speaker" => "Speaker",
        "kind" => "Kind",
        "quote" => "Quote",
        "paraphrase" => "Paraphrase",
        "original" => "Original",
        "positions" => "Positions",
        "source" => "Source",
        "credibility" => "Credibility",
        "verification" => "Verification",
        "reported_by" => "Reported by",
        "tags" => "Tags",
        "notes" => "Notes",
        "recorded_at" => "Entered",
        "entered_by" => "Entered by",
        "changed_by" => "Changed by",
        "updated_at" => "Changed",
        _ => "Other",
    }
}

/// A field of a statement, readable: names for ids, labels for stances.
fn field_text(store: &Store, s: &Statement, f: &str) -> String {
    let none = || "—".to_owned();
    let actor = |id: &crate::model::ActorId| store.actor(id).map_or(id.to_string(), |a| a.name.clone());
    let when = |t: crate::model::Timestamp| {
        t.datetime().with_timezone(&chrono::Local).format("%e %b %Y, %H:%M").to_string().trim().to_owned()
    };
    match f {
        "date" => widgets::date_text(s.date),
        "actor" => actor(&s.actor),
        "speaker" => s.speaker.clone().unwrap_or_else(none),
        "kind" => s.kind.as_str().to_owned(),
        "quote" => s.quote.clone(),
        "paraphrase" => if s.paraphrase { "a paraphrase" } else { "the speaker's words" }.to_owned(),
        "original" => s.original.clone().unwrap_or_else(none),
        "positions" => {
            if s.positions.is_empty() {
                return none();
            }
            s.positions
                .iter()
                .map(|p| {
                    let line = match store.topic(&p.topic) {
                        Some(t) => format!("{}: {}", t.name, widgets::stance_words(t, p.stance)),
                        None => format!("{}: {}", p.topic, p.stance.signed()),
                    };
                    if p.conditions.is_empty() { line } else { format!("{line} (if {})", p.conditions) }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        "source" => {
            let mut parts = vec![widgets::citation(s)];
            if let Some(u) = &s.source.url {
                parts.push(u.clone());
            }
            parts.join("\n")
        }
        "credibility" => widgets::grading_text(s.source.reliability, s.credibility),
        "verification" => s.verification.as_str().to_owned(),
        "reported_by" => s.reported_by.as_ref().map_or_else(none, actor),
        "tags" => {
            if s.tags.is_empty() {
                none()
            } else {
                s.tags.join(", ")
            }
        }
        "notes" => {
            if s.notes.is_empty() {
                none()
            } else {
                s.notes.clone()
            }
        }
        "recorded_at" => when(s.recorded_at),
        "updated_at" => when(s.updated_at),
        "entered_by" => s.entered_by.as_ref().map_or_else(none, |a| a.name.clone()),
        "changed_by" => s.changed_by.as_ref().map_or_else(none, |a| a.name.clone()),
        _ => none(),
    }
}

fn actor_name(store: &Store, s: &Statement) -> String {
    store.actor(&s.actor).map_or(s.actor.to_string(), |a| a.name.clone())
}
