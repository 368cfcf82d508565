//! The right-hand panel: the selected statement's detail, the statements
//! behind a matrix cell, and the editor that adds, edits and duplicates
//! statements, with validation messages next to each field and fuzzy
//! autocomplete for actor, speaker, topic and reporter.
//!
//! The form works from the keyboard alone: Ctrl+N puts the keyboard in the
//! actor field; Tab (or Enter in a one-line field) moves on; in a field
//! with suggestions Down and Up move through them, Enter or Tab takes the
//! highlighted one and moves on, Esc closes the list (and only the list);
//! a combo box takes Up and Down (Space opens it), and the stance and the
//! verification are one Tab stop each whose arrows move the choice.

use chrono::NaiveDate;
use egui::{EventFilter, FocusDirection, Key, RichText, Ui};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::widgets::{self, date_text};
use super::{Action, Command, View, theme};
use crate::analysis::Filter;
use crate::draft::{Checked, DraftField, PositionDraft, StatementDraft};
use crate::edit::Edit;
use crate::export::citation;
use crate::model::{
    Analyst, Credibility, Kind, Reliability, Stance, Statement, StatementId, Store, Verification, quoted,
};
use crate::names::Names;

/// What the right-hand panel is asked to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The selected statement.
    Statement,
    /// The statements behind a matrix cell.
    Cell {
        /// Actor index.
        actor: usize,
        /// Topic index.
        topic: usize,
    },
}

/// Whether the panel is showing the editor, and on what.
#[derive(Clone, Debug, Default)]
enum Mode {
    #[default]
    Idle,
    Editing {
        form: Box<StatementDraft>,
        original: Option<Box<Statement>>,
        title: String,
        tried: bool,
        /// Put the keyboard in the first field (set when the form opens).
        focus_first: bool,
    },
}

/// The right panel's UI state.
#[derive(Default)]
pub struct EditorState {
    mode: Mode,
    /// The words last selected in the quote field: kept when the field
    /// loses the keyboard (a click on "From selection" takes it away).
    quote_selection: Option<String>,
}

/// The quote field's id, the same in every frame (its text selection is
/// read from its state; tests set one through it).
pub fn quote_field_id() -> egui::Id {
    egui::Id::unique("stancebook-editor-quote")
}

impl EditorState {
    /// Whether a form is open.
    pub fn is_editing(&self) -> bool {
        matches!(self.mode, Mode::Editing { .. })
    }

    /// Opens an empty form, dated today (prefilled with the filtered actor and
    /// topic, when there is just one of each).
    pub fn start_new(&mut self, store: &Store, filter: &Filter, today: NaiveDate) {
        let mut form = StatementDraft {
            credibility: 6,
            reliability: Reliability::F,
            verification: Verification::Reported,
            date: today.to_string(),
            ..Default::default()
        };
        if filter.actors.len() == 1
            && let Some(a) = filter.actors.iter().next().and_then(|id| store.actor(id))
        {
            form.actor = a.name.clone();
        }
        if filter.topics.len() == 1
            && let Some(t) = filter.topics.iter().next().and_then(|id| store.topic(id))
        {
            form.positions[0].topic = t.name.clone();
        }
        self.quote_selection = None;
        self.mode = Mode::Editing {
            form: Box::new(form),
            original: None,
            title: "New statement".into(),
            tried: false,
            focus_first: true,
        };
    }

    /// Opens the form on an existing statement.
    pub fn start_edit(&mut self, store: &Store, s: &Statement) {
        self.quote_selection = None;
        self.mode = Mode::Editing {
            form: Box::new(StatementDraft::from_statement(store, s)),
            original: Some(Box::new(s.clone())),
            title: "Edit statement".into(),
            tried: false,
            focus_first: true,
        };
    }

    /// Saves the form (Save statement, Ctrl+Enter): the edit to apply, or a
    /// status message when the draft has problems (shown by their fields).
    pub fn submit(&mut self, store: &Store, today: NaiveDate) -> Action {
        let Mode::Editing { form, original, tried, .. } = &mut self.mode else {
            return Action::Status("No statement is being edited".into());
        };
        *tried = true;
        match form.to_edit(store, original.as_deref()) {
            Ok(edit) => {
                let _ = today;
                self.mode = Mode::Idle;
                Action::Edit(Box::new(edit))
            }
            Err(errors) => Action::Status(format!(
                "The statement has {} problem{} to fix: see the messages by the fields",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )),
        }
    }

    /// Closes the form without saving (Cancel, Esc); an edited statement is selected again.
    pub fn cancel(&mut self) -> Option<Action> {
        let Mode::Editing { original, .. } = std::mem::take(&mut self.mode) else { return None };
        original.map(|o| Action::Select(Some(o.id)))
    }

    /// Opens a new form with a copy of a statement's fields.
    pub fn start_duplicate(&mut self, store: &Store, s: &Statement) {
        self.quote_selection = None;
        self.mode = Mode::Editing {
            form: Box::new(StatementDraft::from_statement(store, s)),
            original: None,
            title: "New statement (copy)".into(),
            tried: false,
            focus_first: true,
        };
    }
}

/// Draws the right panel.
pub fn detail_ui(ui: &mut Ui, view: &View, panel: Panel, state: &mut EditorState, actions: &mut Vec<Action>) {
    // The draft is checked once a frame, for the footer and the fields alike.
    let checked = match &state.mode {
        Mode::Editing { form, .. } => Some(form.check(view.store, view.today)),
        Mode::Idle => None,
    };
    if let Some(checked) = &checked {
        // Registered once (a plugin of a type is added only once): see FormListKeys.
        ui.ctx().add_plugin(FormListKeys);
        egui::Panel::bottom("editor-actions")
            .show(ui, |ui| form_actions_ui(ui, view, state, checked, actions));
    }
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        if let Some(checked) = &checked {
            form_ui(ui, view, state, checked);
            return;
        }
        match panel {
            Panel::Cell { actor, topic } => cell_ui(ui, view, actor, topic, actions),
            Panel::Statement => match view.selected.and_then(|id| view.store.statement(id)) {
                Some(s) => statement_ui(ui, view, s, actions),
                None => empty_ui(ui, view),
            },
        }
    });
}

fn empty_ui(ui: &mut Ui, view: &View) {
    let dark = view.dark;
    ui.add_space(30.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new("No statement selected").heading().size(16.0));
        ui.add_space(6.0);
        ui.label(RichText::new("Click a statement in the table, a cell in the matrix or a point on a timeline to see it here.").color(theme::weak(dark)));
        ui.add_space(10.0);
        if !view.read_only {
            let ctx = ui.ctx().clone();
            ui.label(
                RichText::new(format!("{} adds a statement", Command::NewStatement.shortcut_text(&ctx)))
                    .color(theme::weak(dark)),
            );
        }
    });
}

fn cell_ui(ui: &mut Ui, view: &View, a: usize, t: usize, actions: &mut Vec<Action>) {
    let store = view.store;
    let (Some(actor), Some(topic)) = (store.actors.get(a), store.topics.get(t)) else { return };
    ui.horizontal(|ui| {
        widgets::actor_dot(ui, actor);
        ui.label(RichText::new(format!("{} on {}", actor.name, topic.name)).heading().size(16.0));
    });
    ui.label(RichText::new(&topic.proposition).italics().small().color(theme::weak(view.dark)));
    ui.add_space(6.0);
    let series = view.positions.series_at(a, t);
    if series.is_empty() {
        ui.label("No statement of this actor takes a position on this topic under the current filters.");
    }
    if ui.link("Open this topic's timeline").clicked() {
        actions.push(Action::OpenTimeline(t));
    }
    ui.add_space(4.0);
    // Newest first; each entry cites its move from the one before it in the series.
    for (k, p) in series.iter().enumerate().rev() {
        let s = &store.statements[p.statement];
        let selected = view.selected == Some(s.id);
        let frame = egui::Frame::group(ui.style()).inner_margin(8).fill(if selected {
            ui.visuals().selection.bg_fill.gamma_multiply(0.5)
        } else {
            egui::Color32::TRANSPARENT
        });
        let from = k.checked_sub(1).and_then(|j| series.get(j)).map(|q| q.stance);
        // The whole entry is clickable; the button inside it takes its own
        // clicks (the entry's click area lies under its contents).
        let entry =
            egui::UiBuilder::new().id_salt(("cell-statement", p.statement)).sense(egui::Sense::click());
        let r = ui.scope_builder(entry, |ui| {
            ui.style_mut().interaction.selectable_labels = false;
            frame.show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(date_text(p.date)).strong());
                    widgets::stance_chip(ui, p.stance, topic.label(p.stance), p.unverified);
                    if ui
                        .add(egui::Button::new(RichText::new("Copy as citation").small()))
                        .on_hover_text(
                            "Copy this position as a citation: the move, its evidence, who said it and where",
                        )
                        .clicked()
                        && let Some(c) = citation::position(store, s, &topic.id, from)
                    {
                        actions.push(Action::CopyCitation(Box::new(c)));
                    }
                });
                widgets::backing_block(ui, store, s, &topic.id, usize::MAX);
            });
        });
        if r.response.on_hover_cursor(egui::CursorIcon::PointingHand).clicked() {
            actions.push(Action::Select(Some(s.id)));
        }
        ui.add_space(4.0);
    }
}

fn statement_ui(ui: &mut Ui, view: &View, s: &Statement, actions: &mut Vec<Action>) {
    let store = view.store;
    let dark = view.dark;
    let actor = store.actor(&s.actor);
    ui.horizontal(|ui| {
        if let Some(a) = actor {
            widgets::actor_dot(ui, a);
        }
        ui.label(RichText::new(actor.map_or(s.actor.as_str(), |a| a.name.as_str())).heading().size(16.0));
    });
    let mut who = Vec::new();
    if let Some(sp) = &s.speaker {
        let role = actor.and_then(|a| a.speaker(sp)).map(|x| x.role.clone()).filter(|r| !r.is_empty());
        who.push(match role {
            Some(r) => format!("{sp}, {r}"),
            None => sp.clone(),
        });
    }
    who.push(format!("{} ({})", date_text(s.date), s.date.precision().as_str()));
    ui.label(RichText::new(who.join(" · ")).color(theme::weak(dark)));
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(s.kind.as_str()).small().strong());
        ui.label(RichText::new("·").small());
        let v = RichText::new(s.verification.as_str()).small();
        ui.label(if s.verification == Verification::Confirmed {
            v
        } else {
            v.color(theme::error_text(dark))
        });
        if s.paraphrase {
            ui.label(RichText::new("· paraphrase").small());
        }
    });
    ui.add_space(6.0);
    let quote = RichText::new(s.quoted()).size(15.0);
    ui.add(egui::Label::new(if s.paraphrase { quote.italics() } else { quote }).wrap().selectable(true));
    if let Some(o) = &s.original {
        ui.add(egui::Label::new(RichText::new(o).italics().color(theme::weak(dark))).wrap().selectable(true));
    }
    ui.add_space(8.0);
    positions_detail_ui(ui, view, s, actions);
    ui.add_space(8.0);
    ui.label(RichText::new("Source").strong());
    source_grid_ui(ui, view, s);
    if let Some((line, hover)) = analysts_line(s) {
        ui.add_space(4.0);
        ui.add(egui::Label::new(RichText::new(line).color(theme::weak(dark))).wrap()).on_hover_text(hover);
    }
    if !s.notes.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Notes").strong());
        ui.add(egui::Label::new(&s.notes).wrap().selectable(true));
    }
    ui.add_space(10.0);
    ui.horizontal_wrapped(|ui| {
        let ctx = ui.ctx().clone();
        if !view.read_only {
            for c in [Command::EditSelection, Command::DuplicateSelection, Command::DeleteSelection] {
                if ui
                    .button(c.short_label())
                    .on_hover_text(format!("{} ({})", c.tooltip(), c.shortcut_text(&ctx)))
                    .clicked()
                {
                    actions.push(Action::Command(c));
                }
            }
        }
        if ui
            .button("Copy as citation")
            .on_hover_text(
                "Copy the statement as one line to paste in a brief: who, when, the quote, the source",
            )
            .clicked()
        {
            actions.push(Action::CopyCitation(Box::new(citation::statement(store, s))));
        }
    });
    ui.label(RichText::new(format!("id {}", s.id)).small().color(theme::weak(dark)));
}

/// Each position of a statement: topic, stance, conditions, and its
/// evidence (the excerpt in quotation marks, the rationale under it), with
/// a button that copies the position as a citation.
fn positions_detail_ui(ui: &mut Ui, view: &View, s: &Statement, actions: &mut Vec<Action>) {
    let (store, dark) = (view.store, view.dark);
    ui.label(RichText::new("Positions").strong());
    for p in &s.positions {
        let topic = store.topic(&p.topic);
        ui.horizontal_wrapped(|ui| {
            ui.label(topic.map_or(p.topic.as_str(), |t| t.name.as_str()));
            let label = topic.map_or(Stance::DEFAULT_LABELS[p.stance.index()], |t| t.label(p.stance));
            widgets::stance_chip(ui, p.stance, label, s.verification == Verification::Unverified);
            if ui
                .small_button("Copy")
                .on_hover_text(
                    "Copy this position as a citation: its stance, its evidence, who said it and where",
                )
                .clicked()
                && let Some(c) = citation::position(store, s, &p.topic, None)
            {
                actions.push(Action::CopyCitation(Box::new(c)));
            }
        });
        ui.indent(("position-detail", p.topic.as_str()), |ui| {
            if !p.conditions.is_empty() {
                ui.label(RichText::new(format!("Conditions: {}", p.conditions)).small());
            }
            let excerpt = p.evidence.excerpt.trim();
            if !excerpt.is_empty() {
                ui.add(egui::Label::new(RichText::new(quoted(excerpt, false))).wrap().selectable(true));
            }
            let rationale = p.evidence.rationale.trim();
            if !rationale.is_empty() {
                ui.add(
                    egui::Label::new(RichText::new(rationale).size(12.0).italics().color(theme::weak(dark)))
                        .wrap()
                        .selectable(true),
                );
            }
        });
    }
}

/// Where the statement was reported, how it is graded, and its dates.
fn source_grid_ui(ui: &mut Ui, view: &View, s: &Statement) {
    let (store, dark) = (view.store, view.dark);
    egui::Grid::new("statement-source").num_columns(2).spacing([10.0, 3.0]).show(ui, |ui| {
        let row = |ui: &mut Ui, k: &str, v: String| {
            ui.label(RichText::new(k).color(theme::weak(dark)));
            ui.add(egui::Label::new(v).wrap());
            ui.end_row();
        };
        row(ui, "Outlet", if s.source.outlet.is_empty() { "—".into() } else { s.source.outlet.clone() });
        if let Some(u) = &s.source.url {
            ui.label(RichText::new("Address").color(theme::weak(dark)));
            ui.hyperlink_to(shorten(u, 48), u);
            ui.end_row();
        }
        if let Some(p) = s.source.published {
            row(ui, "Published", date_text(p));
        }
        if s.source.reliability.grades(s.credibility) {
            row(ui, "Reliability", reliability_words(s.source.reliability));
            row(ui, "Credibility", credibility_words(s.credibility));
        } else {
            // F6: nobody judged either, which is not a grade.
            row(ui, "Grading", "not graded".into());
        }
        if let Some(r) = &s.reported_by {
            row(ui, "Reported by", store.actor(r).map_or(r.0.clone(), |a| a.name.clone()));
        }
        if !s.tags.is_empty() {
            row(ui, "Tags", s.tags.join(", "));
        }
        row(ui, "Recorded", s.recorded_at.datetime().format("%d %b %Y %H:%M UTC").to_string());
        if s.updated_at != s.recorded_at {
            row(ui, "Updated", s.updated_at.datetime().format("%d %b %Y %H:%M UTC").to_string());
        }
    });
}

/// Who entered and last changed a statement, in one line ("Entered by Anna
/// Petrova · changed by Ben Ode"; "Entered by unknown analyst · changed by
/// Ben Ode" when only the change is recorded), with the e-mails for its
/// hover text; none when neither is recorded.
pub fn analysts_line(s: &Statement) -> Option<(String, String)> {
    if s.entered_by.is_none() && s.changed_by.is_none() {
        return None;
    }
    let name = |a: &Option<Analyst>| a.as_ref().map_or("unknown analyst".to_owned(), |a| a.name.clone());
    let full = |a: &Option<Analyst>| a.as_ref().map_or("not recorded".to_owned(), |a| a.to_string());
    let mut line = format!("Entered by {}", name(&s.entered_by));
    let mut hover = format!("Entered by: {}", full(&s.entered_by));
    if s.changed_by.is_some() {
        line.push_str(&format!(" · changed by {}", name(&s.changed_by)));
        hover.push_str(&format!("\nLast changed by: {}", full(&s.changed_by)));
    }
    Some((line, hover))
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// A labelled single-line field with an error message under it.
fn field(ui: &mut Ui, label: &str, value: &mut String, hint: &str, error: Option<&str>) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let l = ui.label(RichText::new(label).strong());
    let mut edit = egui::TextEdit::singleline(value).hint_text(hint).desired_width(f32::INFINITY);
    if error.is_some() {
        edit = edit.background_color(theme::error_fill(dark));
    }
    let r = ui.add(edit).labelled_by(l.id);
    enter_moves_on(ui, &r);
    if let Some(e) = error {
        ui.label(RichText::new(e).small().color(theme::error_text(dark)));
    }
    r
}

/// The fuzzy suggestions for `text` among `options` (value, detail), best
/// first: none when `text` is already one of them, and none for an empty
/// field unless the analyst asked with Down (`browse`), so that Tab through
/// an empty optional field leaves it empty.
fn suggestions(text: &str, options: &[(String, String)], browse: bool) -> Vec<egui::Suggestion> {
    let text = text.trim();
    if (text.is_empty() && !browse) || options.iter().any(|(v, _)| v.eq_ignore_ascii_case(text)) {
        return Vec::new();
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut scored: Vec<(i64, &(String, String))> = options
        .iter()
        .filter_map(|o| {
            if text.is_empty() {
                return Some((0, o));
            }
            let best = [o.0.as_str(), o.1.as_str()].iter().filter_map(|h| matcher.fuzzy_match(h, text)).max();
            best.map(|s| (s, o))
        })
        .collect();
    // Stable: equal scores keep the store's order.
    scored.sort_by_key(|x| std::cmp::Reverse(x.0));
    scored.truncate(if text.is_empty() { 12 } else { 6 });
    scored
        .into_iter()
        .map(|(_, (v, detail))| {
            let s = egui::Suggestion::new(v.clone());
            if detail.is_empty() { s } else { s.description(detail.clone()) }
        })
        .collect()
}

/// A labelled single-line field with fuzzy suggestions in a list under it
/// while it has the keyboard. Down and Up move the highlight, Enter or Tab
/// takes the highlighted suggestion (the first unless moved) and moves on
/// as Tab would, Shift+Tab goes back, Esc closes the list and leaves the
/// form open (see [`FormListKeys`]); a click takes one too. In an empty
/// field, Down lists every option.
fn suggest_field(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    error: Option<&str>,
    options: &[(String, String)],
) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let l = ui.label(RichText::new(label).strong());
    let id = ui.make_persistent_id(("suggest", label));
    let (open_id, browse_id) = (id.with("open"), id.with("browse"));
    let was_open: bool = ui.data(|d| d.get_temp(open_id)).unwrap_or(false);
    let focused = ui.memory(|m| m.has_focus(id));
    let (take, back, down) = ui.input(|i| {
        let plain = |k| i.events.iter().any(|e| is_plain_press(e, k));
        let shift_tab = i.events.iter().any(|e| {
            matches!(e, egui::Event::Key { key: Key::Tab, pressed: true, modifiers, .. } if modifiers.shift_only())
        });
        (plain(Key::Enter) || plain(Key::Tab), shift_tab, plain(Key::ArrowDown))
    });
    if focused && was_open {
        // The list takes the key (and Tab would not move on by itself): move
        // on now, before the field gives up the keyboard below.
        if take {
            ui.memory_mut(|m| m.move_focus(FocusDirection::Next));
        } else if back {
            ui.memory_mut(|m| m.move_focus(FocusDirection::Previous));
        }
    }
    let browse = focused
        && value.trim().is_empty()
        && (down || ui.data(|d| d.get_temp::<bool>(browse_id)).unwrap_or(false));
    ui.data_mut(|d| d.insert_temp(browse_id, browse));
    let mut edit = egui::TextEdit::singleline(value).hint_text(hint).desired_width(f32::INFINITY);
    if error.is_some() {
        edit = edit.background_color(theme::error_fill(dark));
    }
    let out = egui::CompletionPopup::new(id)
        // The whole field is one name ("The Kyiv Independent"), not words.
        .word_boundary(|_| false)
        // Under the field, as a list of choices reads (above when there is no room).
        .align(egui::RectAlign::BOTTOM_START)
        .max_height(240.0)
        .show(ui, edit, |q| suggestions(q.text, options, browse));
    if let Some(s) = out.accepted {
        // The suggestion replaces the text up to the cursor: make it the whole field.
        *value = s.insert;
    }
    ui.data_mut(|d| d.insert_temp(open_id, out.is_open));
    if out.is_open {
        mark_list_open(ui);
    }
    let r = out.text_edit.response.response.labelled_by(l.id);
    enter_moves_on(ui, &r);
    if let Some(e) = error {
        ui.label(RichText::new(e).small().color(theme::error_text(dark)));
    }
    r
}

/// Scrolls the form to the widget that has just taken the keyboard (Tab
/// moves through the form, lower than the panel shows), when it is one of
/// the form's (`ui` holds the whole form).
fn keep_focus_in_view(ui: &Ui) {
    let Some(r) = ui.memory(|m| m.focused()).and_then(|id| ui.ctx().read_response(id)) else { return };
    if r.gained_focus() && ui.min_rect().contains_rect(r.rect) {
        r.scroll_to_me(None);
    }
}

/// Whether `e` is a press of `key` with no modifier held.
fn is_plain_press(e: &egui::Event, key: Key) -> bool {
    matches!(e, egui::Event::Key { key: k, pressed: true, modifiers, .. } if *k == key && modifiers.is_none())
}

/// Takes this frame's presses of `key` with no modifier held, returning how many there were.
fn take_plain_presses(i: &mut egui::InputState, key: Key) -> usize {
    let before = i.events.len();
    i.events.retain(|e| !is_plain_press(e, key));
    before - i.events.len()
}

/// Enter in a one-line field of the form moves on to the next field, as Tab does.
fn enter_moves_on(ui: &Ui, r: &egui::Response) {
    if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        ui.memory_mut(|m| m.move_focus(FocusDirection::Next));
    }
}

/// Where the form notes the pass in which one of its lists was open.
fn list_open_id() -> egui::Id {
    egui::Id::unique("stancebook-form-list-open")
}

/// Where [`FormListKeys`] notes the pass in which it took an Esc.
fn list_escape_id() -> egui::Id {
    egui::Id::unique("stancebook-form-list-escape")
}

/// Notes that a list of the form (suggestions, a combo box's) is open in this pass.
fn mark_list_open(ui: &Ui) {
    let pass = ui.ctx().cumulative_pass_nr();
    ui.data_mut(|d| d.insert_temp(list_open_id(), pass));
}

/// Esc closes an open list of the form (a field's suggestions, a combo
/// box's choices) and only the list. The app reads its shortcuts, Esc
/// (Cancel the form) among them, before it draws the form, so a form that
/// read the key while drawing would come too late: this plugin takes the
/// key at the start of the pass, ahead of all of the app's code, when a
/// list of the form was open at the end of the pass before, and the form
/// gives it back to its lists as it draws them ([`give_back_escape`]).
struct FormListKeys;

impl egui::Plugin for FormListKeys {
    fn debug_name(&self) -> &'static str {
        "stancebook-form-lists"
    }

    fn on_begin_pass(&mut self, ui: &mut Ui) {
        let pass = ui.ctx().cumulative_pass_nr();
        let open: Option<u64> = ui.data(|d| d.get_temp(list_open_id()));
        if open.is_none_or(|p| p.saturating_add(1) != pass) {
            return;
        }
        if ui.input_mut(|i| take_plain_presses(i, Key::Escape)) > 0 {
            ui.data_mut(|d| d.insert_temp(list_escape_id(), pass));
        }
    }
}

/// Puts back the Esc that [`FormListKeys`] took in this pass, for the
/// form's open list to read; true when there was one.
fn give_back_escape(ui: &Ui) -> bool {
    let pass = ui.ctx().cumulative_pass_nr();
    if ui.data(|d| d.get_temp::<u64>(list_escape_id())) != Some(pass) {
        return false;
    }
    ui.data_mut(|d| d.remove::<u64>(list_escape_id()));
    ui.input_mut(|i| {
        i.events.push(egui::Event::Key {
            key: Key::Escape,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        })
    });
    true
}

/// A combo box the keyboard works too: Tab reaches it, Up and Down pick the
/// previous or next choice (open or closed), Space or Enter opens and
/// closes its list, Esc closes it ([`FormListKeys`]), Tab leaves it closed.
/// `choices` are the values with their words in the list; `selected` the
/// words on the button. Returns the button (labelled by the caller) and
/// whether the value changed.
fn key_combo<T: Copy + PartialEq>(
    ui: &mut Ui,
    id_salt: &str,
    value: &mut T,
    choices: &[(T, String)],
    selected: String,
    width: f32,
) -> (egui::Response, bool) {
    let before = *value;
    let r = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(selected)
        .width(width)
        .show_ui(ui, |ui| {
            for (c, words) in choices {
                ui.selectable_value(value, *c, words.as_str());
            }
        })
        .response;
    let open = egui::ComboBox::is_open(ui.ctx(), r.id);
    if r.has_focus() {
        let filter = EventFilter { vertical_arrows: true, escape: open, ..Default::default() };
        ui.memory_mut(|m| m.set_focus_lock_filter(r.id, filter));
        let (up, down) =
            ui.input_mut(|i| (take_plain_presses(i, Key::ArrowUp), take_plain_presses(i, Key::ArrowDown)));
        if up != down
            && let Some(at) = choices.iter().position(|(c, _)| c == value)
        {
            let to = (at + down).saturating_sub(up).min(choices.len() - 1);
            *value = choices[to].0;
            ui.ctx().request_repaint();
        }
    }
    if open && (r.has_focus() || r.lost_focus()) && ui.input(|i| i.key_pressed(Key::Tab)) {
        // Leaving by keyboard: the list would stay open over the next fields.
        // (The popup's id is the combo box's own, with "popup": egui's rule.)
        egui::Popup::close_id(ui.ctx(), r.id.with("popup"));
    } else if open {
        mark_list_open(ui);
    }
    (r, *value != before)
}

/// A row of buttons for one choice that the keyboard works as one Tab
/// stop: the chosen button takes the keyboard, Left/Right (or Up/Down)
/// move the choice and the keyboard with it; a click picks one. Each choice
/// has its words and a hover text. Returns true when the choice changed.
fn choice_row<T: Copy + PartialEq>(ui: &mut Ui, value: &mut T, choices: &[(T, RichText, String)]) -> bool {
    let before = *value;
    let chosen = choices.iter().position(|(c, ..)| *c == before).unwrap_or(0);
    let mut ids = Vec::with_capacity(choices.len());
    let mut focused = false;
    for (k, (c, words, hover)) in choices.iter().enumerate() {
        // Only the chosen one is a Tab stop; the others take clicks.
        let sense = if k == chosen { egui::Sense::click() } else { egui::Sense::CLICK };
        let r = ui.add(egui::Button::selectable(*c == before, words.clone()).sense(sense));
        let r = if hover.is_empty() { r } else { r.on_hover_text(hover) };
        if r.clicked() {
            *value = *c;
        }
        focused |= k == chosen && r.has_focus();
        ids.push(r.id);
    }
    if focused {
        let filter = EventFilter { horizontal_arrows: true, vertical_arrows: true, ..Default::default() };
        ui.memory_mut(|m| m.set_focus_lock_filter(ids[chosen], filter));
        let step = ui.input_mut(|i| {
            let forth = take_plain_presses(i, Key::ArrowRight) + take_plain_presses(i, Key::ArrowDown);
            let back = take_plain_presses(i, Key::ArrowLeft) + take_plain_presses(i, Key::ArrowUp);
            forth as isize - back as isize
        });
        if step != 0 {
            let to = chosen.saturating_add_signed(step).min(choices.len() - 1);
            *value = choices[to].0;
            ui.memory_mut(|m| m.request_focus(ids[to]));
            ui.ctx().request_repaint();
        }
    }
    *value != before
}

/// "B — usually reliable"; F, which is also what nobody graded, "F — not graded".
fn reliability_words(r: Reliability) -> String {
    if r.is_judged() {
        format!("{} — {}", r.letter(), r.meaning())
    } else {
        format!("{} — not graded ({})", r.letter(), r.meaning())
    }
}

/// "2 — probably true"; 6, which is also what nobody graded, "6 — not graded".
fn credibility_words(c: Credibility) -> String {
    if c.is_judged() {
        format!("{} — {}", c.value(), c.meaning())
    } else {
        format!("{} — not graded ({})", c.value(), c.meaning())
    }
}

/// Save and Cancel, pinned under the form so they are always in reach.
fn form_actions_ui(
    ui: &mut Ui,
    view: &View,
    state: &EditorState,
    checked: &Checked,
    actions: &mut Vec<Action>,
) {
    let dark = view.dark;
    let Mode::Editing { tried, .. } = &state.mode else { return };
    ui.add_space(6.0);
    if *tried && !checked.is_ok() {
        let n = checked.errors.len();
        ui.label(
            RichText::new(format!("{n} problem{} to fix before saving", if n == 1 { "" } else { "s" }))
                .color(theme::error_text(dark)),
        );
    }
    ui.horizontal(|ui| {
        let ctx = ui.ctx().clone();
        for (command, strong) in [(Command::SubmitForm, true), (Command::CancelForm, false)] {
            let text = RichText::new(command.label());
            let text = if strong { text.strong() } else { text };
            if ui.button(text).on_hover_text(command.shortcut_text(&ctx)).clicked() {
                actions.push(Action::Command(command));
            }
        }
    });
    ui.add_space(4.0);
}

/// What the form says next to a field: its error (before the first Save,
/// only for fields already typed in), else its warning.
struct Messages<'a> {
    checked: &'a Checked,
    tried: bool,
    date_typed: bool,
}

impl Messages<'_> {
    fn error(&self, f: DraftField) -> Option<&str> {
        let typed = match f {
            DraftField::Date => self.date_typed,
            // The evidence is checked only once some is typed: say so at once.
            DraftField::Published
            | DraftField::Url
            | DraftField::ReportedBy
            | DraftField::Credibility
            | DraftField::Evidence(_) => true,
            _ => false,
        };
        if self.tried || typed { self.checked.error(f) } else { None }
    }

    fn warning(&self, f: DraftField) -> Option<&str> {
        self.checked.warning(f)
    }
}

fn form_ui(ui: &mut Ui, view: &View, state: &mut EditorState, checked: &Checked) {
    let EditorState { mode, quote_selection } = state;
    let Mode::Editing { form, title, tried, focus_first, .. } = mode else { return };
    let escape = give_back_escape(ui);
    let messages = Messages { checked, tried: *tried, date_typed: !form.date.trim().is_empty() };
    ui.label(RichText::new(title.as_str()).heading().size(16.0));
    ui.add_space(6.0);
    who_ui(ui, view.store, form, &messages, focus_first);
    what_ui(ui, view.dark, form, &messages, quote_selection);
    // Only a selection still in the quote (which may have been retyped since) is offered.
    let selection = quote_selection.as_deref().filter(|t| form.quote.contains(*t));
    positions_ui(ui, view, form, &messages, selection);
    egui::CollapsingHeader::new(RichText::new("Source and verification").strong())
        .default_open(true)
        .show(ui, |ui| source_ui(ui, view.store, form, &messages));
    egui::CollapsingHeader::new(RichText::new("Original, tags and notes").strong()).default_open(false).show(
        ui,
        |ui| {
            let l = ui.label("Original-language quote");
            ui.add(
                egui::TextEdit::multiline(&mut form.original).desired_rows(2).desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
            field(ui, "Tags", &mut form.tags, "comma-separated", None);
            let l = ui.label("Notes");
            ui.add(egui::TextEdit::multiline(&mut form.notes).desired_rows(2).desired_width(f32::INFINITY))
                .labelled_by(l.id);
        },
    );
    ui.add_space(10.0);
    keep_focus_in_view(ui);
    if escape {
        // The list it was given back for has closed since: it is no one else's.
        ui.input_mut(|i| take_plain_presses(i, Key::Escape));
    }
}

/// A warning under a field (what may be a typo, but is kept). Marked "△":
/// the bundled fonts have no "⚠" (it drew as a blank box).
fn warning_ui(ui: &mut Ui, warning: Option<&str>) {
    if let Some(w) = warning {
        let dark = ui.visuals().dark_mode;
        ui.label(RichText::new(format!("△ {w}")).small().color(theme::warning_text(dark)));
    }
}

/// Actor and speaker, with suggestions; a new speaker can be added to the
/// actor here. `focus_first`: put the keyboard in the actor field (once).
fn who_ui(ui: &mut Ui, store: &Store, form: &mut StatementDraft, m: &Messages, focus_first: &mut bool) {
    let actor_options: Vec<(String, String)> =
        store.actors.iter().map(|a| (a.name.clone(), a.id.0.clone())).collect();
    let error = m.error(DraftField::Actor);
    let r = suggest_field(ui, "Actor", &mut form.actor, "Kremlin, Kyiv, Washington…", error, &actor_options);
    if std::mem::take(focus_first) {
        r.request_focus();
    }
    ui.add_space(4.0);
    // Speaker, from the actor's speakers and aliases.
    let actor = Names::new(store).actor(&form.actor);
    let speaker_options: Vec<(String, String)> = actor
        .map(|a| {
            a.speakers
                .iter()
                .flat_map(|s| {
                    std::iter::once((s.name.clone(), s.role.clone()))
                        .chain(s.aliases.iter().map(move |al| (al.clone(), s.name.clone())))
                })
                .collect()
        })
        .unwrap_or_default();
    suggest_field(ui, "Speaker", &mut form.speaker, "who said it (optional)", None, &speaker_options);
    if let Some(a) = actor
        && !form.speaker.trim().is_empty()
        && a.speaker(form.speaker.trim()).is_none()
    {
        ui.checkbox(&mut form.add_speaker, format!("Add “{}” to {}'s speakers", form.speaker.trim(), a.name));
        if form.add_speaker {
            ui.horizontal(|ui| {
                let l = ui.label("Role");
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.speaker_role)
                            .hint_text("foreign minister")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                enter_moves_on(ui, &r);
            });
        }
    }
    ui.add_space(4.0);
}

/// Date, kind and quote; `selection` keeps the words last selected in the quote.
fn what_ui(ui: &mut Ui, dark: bool, form: &mut StatementDraft, m: &Messages, selection: &mut Option<String>) {
    ui.columns(2, |cols| {
        field(&mut cols[0], "Date", &mut form.date, "2025-03-13, 2025-03 or 2025", m.error(DraftField::Date));
        warning_ui(&mut cols[0], m.warning(DraftField::Date));
        let ui = &mut cols[1];
        let l = ui.label(RichText::new("Kind").strong());
        let kinds: Vec<(Kind, String)> = Kind::ALL.iter().map(|k| (*k, k.as_str().to_owned())).collect();
        let width = ui.available_width();
        let selected = form.kind.as_str().to_owned();
        key_combo(ui, "form-kind", &mut form.kind, &kinds, selected, width).0.labelled_by(l.id);
    });
    ui.add_space(4.0);
    let l = ui.label(RichText::new("Quote").strong());
    let error = m.error(DraftField::Quote);
    let mut quote_edit = egui::TextEdit::multiline(&mut form.quote)
        .hint_text("the key words, as reported")
        .desired_rows(3)
        .desired_width(f32::INFINITY);
    if error.is_some() {
        quote_edit = quote_edit.background_color(theme::error_fill(dark));
    }
    let output = quote_edit.id(quote_field_id()).show(ui);
    let r = output.response.response.labelled_by(l.id);
    if r.has_focus() {
        // Kept when the field loses the keyboard: "From selection" reads it after.
        *selection =
            output.cursor_range.map(|c| c.slice_str(&form.quote).trim().to_owned()).filter(|t| !t.is_empty());
    }
    if let Some(e) = error {
        ui.label(RichText::new(e).small().color(theme::error_text(dark)));
    }
    ui.checkbox(&mut form.paraphrase, "Paraphrase (not the speaker's own words)");
    ui.add_space(4.0);
}

/// One frame per position: topic (with suggestions), stance, conditions,
/// and its evidence (`selection`: the words selected in the quote).
fn positions_ui(ui: &mut Ui, view: &View, form: &mut StatementDraft, m: &Messages, selection: Option<&str>) {
    let (store, dark) = (view.store, view.dark);
    ui.label(RichText::new("Positions").strong());
    if let Some(e) = m.error(DraftField::Positions) {
        ui.label(RichText::new(e).small().color(theme::error_text(dark)));
    }
    let topic_options: Vec<(String, String)> =
        store.topics.iter().map(|t| (t.name.clone(), t.id.0.clone())).collect();
    let mut remove = None;
    for (i, p) in form.positions.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).inner_margin(6).show(ui, |ui| {
            ui.set_width(ui.available_width());
            // Each position's fields keep their own ids (the keyboard, the suggestions).
            let removed =
                ui.push_id(("position", i), |ui| position_ui(ui, view, p, m, i, &topic_options, selection));
            if removed.inner {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        form.positions.remove(i);
    }
    if ui.button("Add a position").clicked() {
        form.positions.push(PositionDraft::default());
    }
    ui.add_space(6.0);
}

/// Position `i`: topic (with suggestions), stance, conditions and evidence.
/// Returns true when the analyst asks to remove it.
fn position_ui(
    ui: &mut Ui,
    view: &View,
    p: &mut PositionDraft,
    m: &Messages,
    i: usize,
    topic_options: &[(String, String)],
    selection: Option<&str>,
) -> bool {
    let (store, dark) = (view.store, view.dark);
    let error = m.error(DraftField::Topic(i));
    suggest_field(ui, "Topic", &mut p.topic, "ceasefire, territory…", error, topic_options);
    let topic = Names::new(store).topic(&p.topic);
    ui.horizontal_wrapped(|ui| {
        ui.label("Stance");
        let mut stance = Stance::new(p.stance.into()).unwrap_or(Stance::MIN);
        if stance_choice(ui, topic, &mut stance) {
            p.stance = stance.value();
        }
    });
    if let Some(t) = topic {
        let label = t.label(Stance::new(p.stance.into()).unwrap_or(Stance::MIN));
        ui.label(RichText::new(label).small().color(theme::weak(dark)));
    }
    let mut remove = false;
    ui.horizontal(|ui| {
        let l = ui.label("Conditions");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut p.conditions)
                    .hint_text("optional")
                    // Room for Remove (and the field's own margins): wider, and the panel grows each frame.
                    .desired_width(ui.available_width() - 90.0),
            )
            .labelled_by(l.id);
        enter_moves_on(ui, &r);
        remove = ui.small_button("Remove").on_hover_text("Remove this position").clicked();
    });
    evidence_ui(ui, p, m.error(DraftField::Evidence(i)), selection);
    remove
}

/// The stance as five buttons, −2 … +2, the chosen one in its stance
/// colour, each naming the topic's label on hover: one Tab stop, whose
/// Left and Right arrows move the stance (see [`choice_row`]).
fn stance_choice(ui: &mut Ui, topic: Option<&crate::model::Topic>, stance: &mut Stance) -> bool {
    let dark = ui.visuals().dark_mode;
    let choices: Vec<(Stance, RichText, String)> = Stance::ALL
        .into_iter()
        .map(|s| {
            let label = topic.map_or(Stance::DEFAULT_LABELS[s.index()], |t| t.label(s));
            let text = RichText::new(s.signed()).strong();
            let text = if s == *stance {
                text.color(theme::stance_text(s, dark)).background_color(theme::stance_fill(s, dark))
            } else {
                text
            };
            (s, text, label.to_owned())
        })
        .collect();
    choice_row(ui, stance, &choices)
}

/// A position's evidence: the words of the quote that take it (typed, or
/// taken from the selection in the quote) and one line on why.
fn evidence_ui(ui: &mut Ui, p: &mut PositionDraft, error: Option<&str>, selection: Option<&str>) {
    let dark = ui.visuals().dark_mode;
    ui.add_space(2.0);
    let l = ui
        .horizontal(|ui| {
            let l = ui.label("Excerpt");
            let r = ui.add_enabled(selection.is_some(), egui::Button::new("From selection").small());
            let r = match selection {
                Some(t) => {
                    r.on_hover_text(format!("Use the words selected in the quote: “{}”", shorten(t, 60)))
                }
                None => r.on_disabled_hover_text(
                    "Select the words that take this position in the quote above, then click here",
                ),
            };
            if r.clicked()
                && let Some(t) = selection
            {
                p.excerpt = t.to_owned();
            }
            l
        })
        .inner;
    let mut edit = egui::TextEdit::multiline(&mut p.excerpt)
        .hint_text("the words of the quote that take this stance")
        .desired_rows(1)
        .desired_width(f32::INFINITY);
    if error.is_some() {
        edit = edit.background_color(theme::error_fill(dark));
    }
    ui.add(edit).labelled_by(l.id);
    if let Some(e) = error {
        ui.label(RichText::new(e).small().color(theme::error_text(dark)));
    }
    let l = ui.label("Rationale");
    // Wrapped so that the whole line can be read; kept to one line.
    let r = ui
        .add(
            egui::TextEdit::multiline(&mut p.rationale)
                .hint_text("why this statement takes this stance, in one line")
                .desired_rows(1)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    if r.changed() && p.rationale.contains(['\n', '\r']) {
        p.rationale = p.rationale.replace(['\r', '\n'], " ");
    }
}

/// Outlet, address, publication date, grading, verification, reporter.
fn source_ui(ui: &mut Ui, store: &Store, form: &mut StatementDraft, m: &Messages) {
    let r = field(ui, "Outlet", &mut form.outlet, "Reuters, The Kyiv Independent…", None);
    if r.changed() {
        form.prefill_reliability(store);
    }
    field(ui, "URL", &mut form.url, "https://…", m.error(DraftField::Url));
    warning_ui(ui, m.warning(DraftField::Url));
    field(ui, "Published", &mut form.published, "when the report came out", m.error(DraftField::Published));
    warning_ui(ui, m.warning(DraftField::Published));
    grading_ui(ui, form, m);
    ui.horizontal_wrapped(|ui| {
        ui.label("Verification");
        let choices: Vec<(Verification, RichText, String)> =
            Verification::ALL.into_iter().map(|v| (v, RichText::new(v.as_str()), String::new())).collect();
        ui.push_id("form-verification", |ui| choice_row(ui, &mut form.verification, &choices));
    });
    let actor_options: Vec<(String, String)> =
        store.actors.iter().map(|a| (a.name.clone(), a.id.0.clone())).collect();
    suggest_field(
        ui,
        "Reported by",
        &mut form.reported_by,
        "when one side reports the other (optional)",
        m.error(DraftField::ReportedBy),
        &actor_options,
    );
}

/// Reliability and credibility, each a combo box where F and 6 (what
/// nobody graded) read "not graded"; where the reliability came from when
/// the outlet's last grading filled it in; and a warning when neither is
/// graded (allowed, but exports say so).
fn grading_ui(ui: &mut Ui, form: &mut StatementDraft, m: &Messages) {
    let dark = ui.visuals().dark_mode;
    let width = (ui.available_width() - 90.0).clamp(120.0, 260.0);
    egui::Grid::new("form-grading").num_columns(2).spacing([8.0, 4.0]).show(ui, |ui| {
        let l = ui.label("Reliability");
        let choices: Vec<(Reliability, String)> =
            Reliability::ALL.into_iter().map(|r| (r, reliability_words(r))).collect();
        let selected = if form.reliability.is_judged() {
            reliability_words(form.reliability)
        } else {
            "not graded".into()
        };
        let mut reliability = form.reliability;
        let (r, changed) = key_combo(ui, "form-reliability", &mut reliability, &choices, selected, width);
        r.labelled_by(l.id)
            .on_hover_text("How far the source can be trusted: A completely reliable … E unreliable");
        if changed {
            form.choose_reliability(reliability);
        }
        ui.end_row();
        let l = ui.label("Credibility");
        let choices: Vec<(u8, String)> =
            (1..=6).filter_map(Credibility::new).map(|c| (c.value(), credibility_words(c))).collect();
        let selected = match Credibility::new(form.credibility) {
            Some(c) if c.is_judged() => credibility_words(c),
            Some(_) => "not graded".into(),
            None => format!("{}?", form.credibility),
        };
        key_combo(ui, "form-credibility", &mut form.credibility, &choices, selected, width)
            .0
            .labelled_by(l.id)
            .on_hover_text("How likely the information is true: 1 confirmed by other sources … 5 improbable");
        ui.end_row();
    });
    if let Some(outlet) = &form.reliability_from {
        ui.label(
            RichText::new(format!("{} from {outlet}'s last grading", form.reliability.letter()))
                .small()
                .color(theme::weak(dark)),
        );
    }
    if let Some(e) = m.error(DraftField::Credibility) {
        ui.label(RichText::new(e).small().color(theme::error_text(dark)));
    }
    warning_ui(ui, m.warning(DraftField::Grading));
}

/// The id a statement gets when it is saved from a new form (for tests).
pub fn is_new_statement(edit: &Edit) -> Option<StatementId> {
    match edit {
        Edit::AddStatement(s) => Some(s.id),
        Edit::Batch { edits, .. } => edits.iter().find_map(is_new_statement),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_analysts_line_names_who_entered_and_changed_with_the_e_mails_on_hover() {
        let mut s = crate::store::sample().statements[0].clone();
        assert_eq!(analysts_line(&s), None, "nothing recorded, no line");
        s.changed_by = Some(Analyst::new("Ben Ode", None));
        assert_eq!(
            analysts_line(&s),
            Some((
                "Entered by unknown analyst · changed by Ben Ode".into(),
                "Entered by: not recorded\nLast changed by: Ben Ode".into()
            ))
        );
        s.entered_by = Some(Analyst::new("Anna Petrova", Some("anna@desk.example")));
        let (line, hover) = analysts_line(&s).unwrap();
        assert_eq!(line, "Entered by Anna Petrova · changed by Ben Ode");
        assert!(hover.contains("Anna Petrova <anna@desk.example>"), "{hover}");
        s.changed_by = None;
        assert_eq!(analysts_line(&s).unwrap().0, "Entered by Anna Petrova");
    }
}
