//! The events window: the store's dated events (summits, calls, talks…)
//! in a list that a few words narrow down, and a form to add, edit or
//! delete one. Every change is an [`Edit`] pushed as an [`Action`], so it
//! goes through the app's one edit path, with undo; the form is an
//! [`EventDraft`], the same checks `stancebook events add` makes.

use egui::{Align, Key, Layout, RichText, Sense, Ui, vec2};

use super::{Action, Command, Tab, theme, widgets};
use crate::cli::events::{EventDraft, EventField, EventProblem};
use crate::edit::Edit;
use crate::model::{Event, EventId, EventKind, Store};
use crate::search::EVENT_WINDOW_DAYS;
use crate::search::events::{Dates, event_handle, find_events};

/// The width of the date column of the list.
const DATE_WIDTH: f32 = 112.0;

/// The event being written.
#[derive(Clone, Debug)]
struct EventForm {
    /// The event being edited; none for a new one.
    original: Option<EventId>,
    draft: EventDraft,
    /// Save was pressed: every problem is shown, not only those of fields typed in.
    tried: bool,
    /// Frames left in which to put the keyboard in the first field (two:
    /// the click on "New event" takes it for the button in the first).
    focus_first: u8,
}

impl EventForm {
    fn new_event() -> Self {
        EventForm { original: None, draft: EventDraft::default(), tried: false, focus_first: 2 }
    }

    fn of(e: &Event) -> Self {
        EventForm { original: Some(e.id), draft: EventDraft::of(e), tried: false, focus_first: 0 }
    }

    /// The problem to show beside `field`: dates as soon as they are typed,
    /// the rest once Save was pressed.
    fn error<'a>(&self, problems: &'a [EventProblem], field: EventField) -> Option<&'a str> {
        let typed = match field {
            EventField::Date => !self.draft.date.trim().is_empty(),
            EventField::End => !self.draft.end.trim().is_empty(),
            EventField::Published => !self.draft.published.trim().is_empty(),
            EventField::Actors => true,
            EventField::Title => false,
        };
        if !(self.tried || typed) {
            return None;
        }
        problems.iter().find(|p| p.field == field).map(|p| p.message.as_str())
    }
}

/// The window's state.
#[derive(Debug)]
pub struct EventsState {
    /// Whether the window is open.
    pub open: bool,
    query: String,
    focus_query: bool,
    newest_first: bool,
    form: Option<EventForm>,
    /// The event last saved or opened, marked in the list.
    selected: Option<EventId>,
    scroll_to: Option<EventId>,
    /// A widget of the window had the keyboard at the end of the last
    /// frame, or none had and the window was the last place clicked.
    keyboard: bool,
    /// The last press of a pointer button was in the window.
    active: bool,
}

impl Default for EventsState {
    fn default() -> Self {
        EventsState {
            open: false,
            query: String::new(),
            focus_query: false,
            newest_first: true,
            form: None,
            selected: None,
            scroll_to: None,
            keyboard: false,
            active: false,
        }
    }
}

impl EventsState {
    /// Opens the window with the keyboard in its search box.
    pub fn open(&mut self) {
        self.open = true;
        self.focus_query = true;
        self.active = true;
    }

    /// Opens the window on a new event's form.
    pub fn start_new(&mut self) {
        self.open = true;
        self.active = true;
        self.form = Some(EventForm::new_event());
    }

    /// Opens the window on event `id`'s form, scrolled to it in the list.
    pub fn show(&mut self, store: &Store, id: EventId) {
        if let Some(e) = store.event(id) {
            self.open = true;
            self.active = true;
            self.form = Some(EventForm::of(e));
            self.selected = Some(id);
            self.scroll_to = Some(id);
        }
    }

    /// Whether the window has the keyboard: one of its fields has it, or
    /// none anywhere has and the window was the last place clicked. Its own
    /// Esc and Ctrl+Enter then belong to it, not to the statement form.
    pub fn has_keyboard(&self) -> bool {
        self.open && self.keyboard
    }

    /// Whether a form is open in the window.
    pub fn is_editing(&self) -> bool {
        self.open && self.form.is_some()
    }
}

/// What the form's buttons asked for.
enum Click {
    Nothing,
    /// Show the statements from event `.0` (an index) to the window after it.
    StatementsAfter(usize),
    Save,
    Cancel,
    Delete,
}

/// Draws the window (below the menu bar, inside `area`) when it is open.
pub fn events_ui(
    ctx: &egui::Context,
    area: egui::Rect,
    store: &Store,
    read_only: bool,
    state: &mut EventsState,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        state.keyboard = false;
        return;
    }
    // An event deleted (or undone) since its form was opened: the form goes with it.
    if let Some(id) = state.form.as_ref().and_then(|f| f.original)
        && store.event(id).is_none()
    {
        state.form = None;
    }
    // Its keys, while it has the keyboard: Ctrl+Enter saves the form; Esc
    // cancels the form, else empties the search box, else closes the window
    // (an open list, a combo box's, takes its Esc first).
    let list_open = egui::Popup::is_any_open(ctx);
    let (submit, escape) = if state.keyboard {
        ctx.input_mut(|i| {
            let submit =
                i.consume_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, Key::Enter));
            (submit, !list_open && i.consume_key(egui::Modifiers::NONE, Key::Escape))
        })
    } else {
        (false, false)
    };
    let escape_leaves_list = escape && state.form.is_none();
    let mut open = state.open;
    let shown = egui::Window::new("Events")
        .id(egui::Id::unique("events-window"))
        .open(&mut open)
        .constrain_to(area)
        .default_pos(area.min + vec2(24.0, 16.0))
        .default_size([900.0_f32.min(area.width() - 48.0), 560.0_f32.min(area.height() - 32.0)])
        .min_size([560.0_f32.min(area.width() - 48.0), 320.0_f32.min(area.height() - 32.0)])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.columns_const(|[left, right]| {
                left.scope_builder(egui::UiBuilder::new().accessibility_label("Event list"), |ui| {
                    list_ui(ui, store, read_only, state, actions);
                });
                right.scope_builder(egui::UiBuilder::new().accessibility_label("Event form"), |ui| {
                    let click = form_ui(ui, store, read_only, state);
                    finish(store, read_only, state, click, (submit, escape), actions);
                });
            });
        });
    // Closed by its cross, or by what was done inside it.
    state.open = state.open && open;
    let layer = shown.map(|r| r.response.layer_id);
    // The window is the analyst's last place when they last pressed a
    // button of the pointer in it; it then takes the keys while no widget
    // elsewhere has the keyboard.
    if let Some(at) = ctx.input(|i| i.pointer.press_origin().filter(|_| i.pointer.any_pressed())) {
        state.active = layer.is_some() && ctx.layer_id_at(at) == layer;
    }
    let focused = ctx.memory(|m| m.focused());
    state.keyboard = match focused.and_then(|id| ctx.read_response(id)) {
        Some(r) => Some(r.layer_id) == layer,
        None => focused.is_none() && state.active,
    };
    if escape_leaves_list {
        if state.query.is_empty() {
            state.open = false;
        } else {
            // egui lets go of the keyboard on Esc: the search box takes it back.
            state.query.clear();
            state.focus_query = true;
        }
    }
}

/// Applies what the form's buttons and keys asked for.
fn finish(
    store: &Store,
    read_only: bool,
    state: &mut EventsState,
    click: Click,
    (submit, escape): (bool, bool),
    actions: &mut Vec<Action>,
) {
    let Some(form) = &mut state.form else { return };
    let click = match click {
        Click::Nothing if submit => Click::Save,
        Click::Nothing if escape => Click::Cancel,
        other => other,
    };
    match click {
        Click::Nothing => {}
        Click::StatementsAfter(i) => {
            show_statements_after(store, i, actions);
            // Out of the way of the statements; it opens again as it was.
            state.open = false;
        }
        Click::Cancel => {
            state.form = None;
            state.focus_query = true;
        }
        Click::Save if read_only => {}
        Click::Save => {
            let original = form.original.and_then(|id| store.event(id));
            if original.is_some_and(|o| EventDraft::of(o) == form.draft) {
                // Nothing changed: no edit, no undo step.
                state.form = None;
                return;
            }
            match form.draft.to_edit(store, original) {
                Ok(edit) => {
                    let id = match &edit {
                        Edit::AddEvent(e) | Edit::UpdateEvent(e) => Some(e.id),
                        _ => None,
                    };
                    actions.push(Action::Edit(Box::new(edit)));
                    state.selected = id;
                    state.scroll_to = id;
                    state.form = None;
                }
                Err(_) => form.tried = true,
            }
        }
        Click::Delete => {
            if let Some(id) = form.original {
                actions.push(Action::Edit(Box::new(Edit::DeleteEvent(id))));
                state.form = None;
                state.selected = None;
            }
        }
    }
}

/// The search box, the count, the order and New event; then the events.
fn list_ui(ui: &mut Ui, store: &Store, read_only: bool, state: &mut EventsState, actions: &mut Vec<Action>) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        let l = ui.label("Find");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut state.query)
                    .hint_text("title, place, actor, kind, month…")
                    .desired_width((ui.available_width() - 96.0).max(120.0)),
            )
            .labelled_by(l.id);
        if std::mem::take(&mut state.focus_query) {
            r.request_focus();
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let new = egui::Button::new(RichText::new("New event").strong());
            if ui
                .add_enabled(!read_only, new)
                .on_hover_text("Add an event: date, title, kind, actors, source")
                .clicked()
            {
                state.form = Some(EventForm::new_event());
            }
        });
    });
    let found = find_events(store, &state.query, Dates::Included);
    let mut order = found.indices.clone();
    if state.newest_first {
        order.reverse();
    }
    ui.horizontal(|ui| {
        let total = store.events.len();
        let count = if order.len() == total {
            format!("{total} event{}", if total == 1 { "" } else { "s" })
        } else {
            format!("{} of {total} events", order.len())
        };
        ui.label(RichText::new(count).color(theme::weak(dark)));
        if found.forgiving && !order.is_empty() {
            ui.label(RichText::new("· near spellings").color(theme::warning_text(dark)))
                .on_hover_text("No event has every word as typed; these have words one or two letters off");
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.selectable_value(&mut state.newest_first, false, "Oldest first");
            ui.selectable_value(&mut state.newest_first, true, "Newest first");
        });
    });
    ui.separator();
    if store.events.is_empty() {
        ui.add_space(12.0);
        ui.label(
            RichText::new(
                "No events yet. Add the summits, calls and talks that give the statements their context.",
            )
            .color(theme::weak(dark)),
        );
        return;
    }
    if order.is_empty() {
        ui.add_space(12.0);
        ui.label(
            RichText::new(format!("No event matches “{}”.", state.query.trim())).color(theme::weak(dark)),
        );
        return;
    }
    egui::ScrollArea::vertical().id_salt("event-list").auto_shrink([false, false]).show(ui, |ui| {
        ui.spacing_mut().item_spacing.y = 2.0;
        for &i in &order {
            let e = &store.events[i];
            let editing = state.form.as_ref().is_some_and(|f| f.original == Some(e.id));
            let r = row_ui(ui, store, e, editing || (state.form.is_none() && state.selected == Some(e.id)));
            if state.scroll_to == Some(e.id) {
                r.scroll_to_me(Some(Align::Center));
                state.scroll_to = None;
            }
            if r.clicked() {
                state.form = Some(EventForm::of(e));
                state.selected = Some(e.id);
            }
            r.context_menu(|ui| {
                if ui.button(format!("Statements in the {EVENT_WINDOW_DAYS} days after")).clicked() {
                    show_statements_after(store, i, actions);
                    state.open = false;
                    ui.close();
                }
            });
        }
    });
}

/// One event: its dates and kind on the left; its title, then its actors
/// (coloured dots), place and outlet. A click opens it in the form.
fn row_ui(ui: &mut Ui, store: &Store, e: &Event, selected: bool) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let background = ui.painter().add(egui::Shape::Noop);
    let row =
        ui.scope_builder(egui::UiBuilder::new().sense(Sense::click()).id_salt(e.id.to_string()), |ui| {
            ui.style_mut().interaction.selectable_labels = false;
            egui::Frame::new().inner_margin(egui::Margin::symmetric(8, 6)).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_top(|ui| {
                    ui.allocate_ui_with_layout(vec2(DATE_WIDTH, 0.0), Layout::top_down(Align::Min), |ui| {
                        ui.set_width(DATE_WIDTH);
                        ui.add(egui::Label::new(RichText::new(e.when()).strong()).wrap());
                        ui.label(RichText::new(e.kind.as_str()).small().color(theme::weak(dark)));
                    });
                    ui.vertical(|ui| {
                        ui.add(egui::Label::new(RichText::new(&e.title).strong()).wrap());
                        ui.horizontal_wrapped(|ui| {
                            ui.spacing_mut().item_spacing.x = 4.0;
                            for a in &e.actors {
                                let actor = store.actor(a);
                                let name = actor.map_or(a.as_str(), |x| x.name.as_str());
                                actor_tag(ui, name, actor.map(|x| theme::actor_color(x.color)));
                            }
                            let meta: Vec<&str> = [e.place.as_str(), e.source.outlet.as_str()]
                                .into_iter()
                                .filter(|s| !s.is_empty())
                                .collect();
                            if !meta.is_empty() {
                                ui.label(RichText::new(meta.join(" · ")).small().color(theme::weak(dark)));
                            }
                        });
                    });
                });
            });
        });
    let r = row.response;
    let fill = if selected {
        ui.visuals().selection.bg_fill
    } else if r.hovered() {
        ui.visuals().widgets.hovered.weak_bg_fill
    } else {
        egui::Color32::TRANSPARENT
    };
    ui.painter().set(background, egui::Shape::rect_filled(r.rect, 6.0, fill));
    let label = format!("{} · {} · {}", e.when(), e.kind.as_str(), e.title);
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    let mut hover = Vec::new();
    if !e.notes.is_empty() {
        hover.push(e.notes.clone());
    }
    if let Some(url) = &e.source.url {
        hover.push(url.clone());
    }
    hover.push("Click to edit; right-click for the statements that followed".into());
    r.on_hover_text(hover.join("\n\n"))
}

/// An actor's dot and name as one piece, so that a line of them wraps
/// between actors, never between a dot and its name.
fn actor_tag(ui: &mut Ui, name: &str, color: Option<egui::Color32>) -> egui::Response {
    let text_color = ui.visuals().text_color();
    let galley = ui.painter().layout_no_wrap(name.to_owned(), egui::FontId::proportional(12.5), text_color);
    let size = vec2(14.0 + galley.size().x + 6.0, galley.size().y.max(14.0));
    let (rect, r) = ui.allocate_exact_size(size, Sense::hover());
    if let Some(c) = color {
        ui.painter().circle_filled(egui::pos2(rect.left() + 5.0, rect.center().y), 4.5, c);
    }
    ui.painter().galley(
        egui::pos2(rect.left() + 14.0, rect.center().y - galley.size().y / 2.0),
        galley,
        text_color,
    );
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, name));
    r
}

/// Sets the search box to the statements from event `index` to the window
/// after it, and shows them in the table.
fn show_statements_after(store: &Store, index: usize, actions: &mut Vec<Action>) {
    actions.push(Action::SetSearch(format!("event:{}", event_handle(store, index))));
    actions.push(Action::Command(Command::ShowTab(Tab::Statements)));
}

/// A labelled one-line field with its problem under it; Enter moves on.
fn field(ui: &mut Ui, label: &str, value: &mut String, hint: &str, error: Option<&str>) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let l = ui.label(RichText::new(label).strong());
    let mut edit = egui::TextEdit::singleline(value).hint_text(hint).desired_width(f32::INFINITY);
    if error.is_some() {
        edit = edit.background_color(theme::error_fill(dark));
    }
    let r = ui.add(edit).labelled_by(l.id);
    if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        ui.memory_mut(|m| m.move_focus(egui::FocusDirection::Next));
    }
    if let Some(e) = error {
        ui.add(egui::Label::new(RichText::new(e).small().color(theme::error_text(dark))).wrap());
    }
    ui.add_space(4.0);
    r
}

/// The form (or a hint when none is open); returns what its buttons asked for.
fn form_ui(ui: &mut Ui, store: &Store, read_only: bool, state: &mut EventsState) -> Click {
    let dark = ui.visuals().dark_mode;
    let Some(form) = &mut state.form else {
        ui.add_space(8.0);
        ui.label(RichText::new("Pick an event to edit it, or add a new one.").color(theme::weak(dark)));
        ui.add_space(6.0);
        ui.add(
            egui::Label::new(
                RichText::new(format!(
                    "Events give the statements their context: timelines mark them, and a search for \
                     “event:alaska” finds what was said from an event to {EVENT_WINDOW_DAYS} days after it \
                     (“event:alaska+7”: a week)."
                ))
                .small()
                .color(theme::weak(dark)),
            )
            .wrap(),
        );
        return Click::Nothing;
    };
    let title = if form.original.is_some() { "Edit event" } else { "New event" };
    ui.label(RichText::new(title).heading().size(16.0));
    ui.add_space(4.0);
    let problems = form.draft.check(store);
    let footer = 70.0;
    egui::ScrollArea::vertical()
        .id_salt("event-form")
        .max_height((ui.available_height() - footer).max(120.0))
        .auto_shrink([false, true])
        .show(ui, |ui| fields_ui(ui, store, form, &problems));
    footer_ui(ui, store, read_only, form, &problems)
}

/// The form's fields: when, what, who, where, and the source.
fn fields_ui(ui: &mut Ui, store: &Store, form: &mut EventForm, problems: &[EventProblem]) {
    let errors: Vec<Option<&str>> =
        [EventField::Date, EventField::End, EventField::Title, EventField::Actors, EventField::Published]
            .into_iter()
            .map(|f| form.error(problems, f))
            .collect();
    let d = &mut form.draft;
    ui.columns_const(|[a, b]| {
        let r = field(a, "Date", &mut d.date, "2025-08-15, 2025-08 or 2025", errors[0]);
        if form.focus_first > 0 {
            form.focus_first -= 1;
            r.request_focus();
        }
        field(b, "End", &mut d.end, "last day, if several (optional)", errors[1]);
    });
    field(ui, "Title", &mut d.title, "for example: Trump–Putin summit in Alaska", errors[2]);
    ui.columns_const(|[a, b]| {
        let l = a.label(RichText::new("Kind").strong());
        egui::ComboBox::from_id_salt("event-kind")
            .selected_text(d.kind.as_str())
            .width(a.available_width() - 8.0)
            .show_ui(a, |ui| {
                for k in EventKind::ALL {
                    ui.selectable_value(&mut d.kind, k, k.as_str());
                }
            })
            .response
            .labelled_by(l.id);
        field(b, "Place", &mut d.place, "city or venue", None);
    });
    ui.label(RichText::new("Actors").strong());
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(5.0, 5.0);
        for a in &store.actors {
            let on = d.actors.iter().any(|x| x == a.id.as_str());
            let r = super::filters::actor_chip(ui, &a.name, theme::actor_color(a.color), on)
                .on_hover_text(format!("{} — click to say it took part, or not", a.name));
            if r.clicked() {
                if on {
                    d.actors.retain(|x| x != a.id.as_str());
                } else {
                    d.actors.push(a.id.0.clone());
                }
            }
        }
    });
    if let Some(e) = errors[3] {
        ui.label(RichText::new(e).small().color(theme::error_text(ui.visuals().dark_mode)));
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Source").strong().color(theme::weak(ui.visuals().dark_mode)));
    ui.separator();
    ui.columns_const(|[a, b]| {
        field(a, "Outlet", &mut d.outlet, "who reported it", None);
        field(b, "Published", &mut d.published, "date of the report", errors[4]);
    });
    field(ui, "URL", &mut d.url, "https://…", None);
    ui.horizontal(|ui| {
        widgets::reliability_combo(ui, "Reliability", "event-reliability", &mut d.reliability);
    });
    ui.add_space(4.0);
    let l = ui.label(RichText::new("Notes").strong());
    ui.add(egui::TextEdit::multiline(&mut d.notes).desired_rows(3).desired_width(f32::INFINITY))
        .labelled_by(l.id);
}

/// The form's problems (once Save was pressed), Save, Cancel and Delete,
/// and the statements that followed the event.
fn footer_ui(
    ui: &mut Ui,
    store: &Store,
    read_only: bool,
    form: &EventForm,
    problems: &[EventProblem],
) -> Click {
    let dark = ui.visuals().dark_mode;
    let mut click = Click::Nothing;
    ui.add_space(4.0);
    if form.tried && !problems.is_empty() {
        let n = problems.len();
        ui.label(
            RichText::new(format!("{n} problem{} to fix before saving", if n == 1 { "" } else { "s" }))
                .color(theme::error_text(dark)),
        );
    }
    ui.horizontal(|ui| {
        let ctx = ui.ctx().clone();
        let save = ui
            .add_enabled(!read_only, egui::Button::new(RichText::new("Save event").strong()))
            .on_hover_text(ctx.format_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, Key::Enter)));
        if save.clicked() {
            click = Click::Save;
        }
        if ui.button("Cancel").on_hover_text("Esc").clicked() {
            click = Click::Cancel;
        }
        if let Some(id) = form.original {
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                let delete = ui
                    .add_enabled(!read_only, egui::Button::new("Delete event"))
                    .on_hover_text("Delete it (Undo brings it back)");
                if delete.clicked() {
                    click = Click::Delete;
                }
                if let Some(i) = store.events.iter().position(|e| e.id == id)
                    && ui
                        .link("Statements after it")
                        .on_hover_text(format!(
                            "Search for what was said from its first day to {EVENT_WINDOW_DAYS} days after its last"
                        ))
                        .clicked()
                {
                    click = Click::StatementsAfter(i);
                }
            });
        }
    });
    if read_only {
        ui.label(RichText::new("The store is read-only").small().color(theme::error_text(dark)));
    }
    click
}
