//! The right-hand panel: the selected statement's detail, the statements
//! behind a matrix cell, and the editor that adds, edits and duplicates
//! statements, with validation messages next to each field and fuzzy
//! autocomplete for actor, speaker and topic.

use chrono::NaiveDate;
use egui::{RichText, Ui};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::widgets::{self, date_text};
use super::{Action, Command, View, theme};
use crate::analysis::Filter;
use crate::draft::{Checked, DraftField, PositionDraft, StatementDraft};
use crate::edit::Edit;
use crate::export::citation;
use crate::model::{
    Credibility, Kind, Reliability, Stance, Statement, StatementId, Store, Verification, quoted,
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
    },
}

/// The right panel's UI state.
#[derive(Default)]
pub struct EditorState {
    mode: Mode,
    suggest_hovered: Option<egui::Id>,
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
        row(
            ui,
            "Reliability",
            format!("{} — {}", s.source.reliability.letter(), s.source.reliability.meaning()),
        );
        row(ui, "Credibility", format!("{} — {}", s.credibility.value(), s.credibility.meaning()));
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
    if let Some(e) = error {
        ui.label(RichText::new(e).small().color(theme::error_text(dark)));
    }
    r
}

/// Fuzzy suggestions under a field while it has focus (or the pointer is on them).
fn suggestions_ui(
    ui: &mut Ui,
    response: &egui::Response,
    hovered: &mut Option<egui::Id>,
    value: &mut String,
    options: &[(String, String)],
) {
    let id = response.id;
    let open = response.has_focus() || *hovered == Some(id);
    if !open {
        return;
    }
    let text = value.trim();
    if options.iter().any(|(v, _)| v.eq_ignore_ascii_case(text)) {
        if *hovered == Some(id) {
            *hovered = None;
        }
        return;
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
    scored.sort_by_key(|x| std::cmp::Reverse(x.0));
    scored.truncate(6);
    if scored.is_empty() {
        return;
    }
    if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        *value = scored[0].1.0.clone();
        return;
    }
    let frame = egui::Frame::popup(ui.style()).inner_margin(4).show(ui, |ui| {
        let mut picked = None;
        for (_, (v, detail)) in &scored {
            let text = if detail.is_empty() { v.clone() } else { format!("{v}  —  {detail}") };
            if ui.selectable_label(false, text).clicked() {
                picked = Some(v.clone());
            }
        }
        picked
    });
    if let Some(p) = frame.inner {
        *value = p;
        *hovered = None;
    } else if frame.response.contains_pointer() {
        *hovered = Some(id);
    } else if !response.has_focus() {
        *hovered = None;
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
    let EditorState { mode, suggest_hovered, quote_selection } = state;
    let Mode::Editing { form, title, tried, .. } = mode else { return };
    let messages = Messages { checked, tried: *tried, date_typed: !form.date.trim().is_empty() };
    ui.label(RichText::new(title.as_str()).heading().size(16.0));
    ui.add_space(6.0);
    who_ui(ui, view.store, form, &messages, suggest_hovered);
    what_ui(ui, view.dark, form, &messages, quote_selection);
    // Only a selection still in the quote (which may have been retyped since) is offered.
    let selection = quote_selection.as_deref().filter(|t| form.quote.contains(*t));
    positions_ui(ui, view, form, &messages, suggest_hovered, selection);
    egui::CollapsingHeader::new(RichText::new("Source and verification").strong())
        .default_open(true)
        .show(ui, |ui| source_ui(ui, view.store, form, &messages, suggest_hovered));
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
}

/// A warning under a field (what may be a typo, but is kept).
fn warning_ui(ui: &mut Ui, warning: Option<&str>) {
    if let Some(w) = warning {
        let dark = ui.visuals().dark_mode;
        ui.label(RichText::new(format!("⚠ {w}")).small().color(theme::warning_text(dark)));
    }
}

/// Actor and speaker, with suggestions; a new speaker can be added to the actor here.
fn who_ui(
    ui: &mut Ui,
    store: &Store,
    form: &mut StatementDraft,
    m: &Messages,
    hovered: &mut Option<egui::Id>,
) {
    let actor_options: Vec<(String, String)> =
        store.actors.iter().map(|a| (a.name.clone(), a.id.0.clone())).collect();
    let r = field(ui, "Actor", &mut form.actor, "Kremlin, Kyiv, Washington…", m.error(DraftField::Actor));
    suggestions_ui(ui, &r, hovered, &mut form.actor, &actor_options);
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
    let r = field(ui, "Speaker", &mut form.speaker, "who said it (optional)", None);
    suggestions_ui(ui, &r, hovered, &mut form.speaker, &speaker_options);
    if let Some(a) = actor
        && !form.speaker.trim().is_empty()
        && a.speaker(form.speaker.trim()).is_none()
    {
        ui.checkbox(&mut form.add_speaker, format!("Add “{}” to {}'s speakers", form.speaker.trim(), a.name));
        if form.add_speaker {
            ui.horizontal(|ui| {
                let l = ui.label("Role");
                ui.add(
                    egui::TextEdit::singleline(&mut form.speaker_role)
                        .hint_text("foreign minister")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
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
        egui::ComboBox::from_id_salt("form-kind")
            .selected_text(form.kind.as_str())
            .width(ui.available_width())
            .show_ui(ui, |ui| {
                for k in Kind::ALL {
                    ui.selectable_value(&mut form.kind, k, k.as_str());
                }
            })
            .response
            .labelled_by(l.id);
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
fn positions_ui(
    ui: &mut Ui,
    view: &View,
    form: &mut StatementDraft,
    m: &Messages,
    hovered: &mut Option<egui::Id>,
    selection: Option<&str>,
) {
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
            let r = field(ui, "Topic", &mut p.topic, "ceasefire, territory…", m.error(DraftField::Topic(i)));
            suggestions_ui(ui, &r, hovered, &mut p.topic, &topic_options);
            let topic = Names::new(store).topic(&p.topic);
            ui.horizontal_wrapped(|ui| {
                ui.label("Stance");
                let mut stance = Stance::new(p.stance.into()).unwrap_or(Stance::MIN);
                if widgets::stance_picker(ui, topic, &mut stance) {
                    p.stance = stance.value();
                }
            });
            if let Some(t) = topic {
                let label = t.label(Stance::new(p.stance.into()).unwrap_or(Stance::MIN));
                ui.label(RichText::new(label).small().color(theme::weak(dark)));
            }
            ui.horizontal(|ui| {
                let l = ui.label("Conditions");
                ui.add(
                    egui::TextEdit::singleline(&mut p.conditions)
                        .hint_text("optional")
                        // Room for Remove (and the field's own margins): wider, and the panel grows each frame.
                        .desired_width(ui.available_width() - 90.0),
                )
                .labelled_by(l.id);
                if ui.small_button("Remove").on_hover_text("Remove this position").clicked() {
                    remove = Some(i);
                }
            });
            evidence_ui(ui, p, m.error(DraftField::Evidence(i)), selection);
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
fn source_ui(
    ui: &mut Ui,
    store: &Store,
    form: &mut StatementDraft,
    m: &Messages,
    hovered: &mut Option<egui::Id>,
) {
    field(ui, "Outlet", &mut form.outlet, "Reuters, The Kyiv Independent…", None);
    field(ui, "URL", &mut form.url, "https://…", m.error(DraftField::Url));
    warning_ui(ui, m.warning(DraftField::Url));
    field(ui, "Published", &mut form.published, "when the report came out", m.error(DraftField::Published));
    warning_ui(ui, m.warning(DraftField::Published));
    ui.horizontal(|ui| {
        widgets::reliability_combo(ui, "Reliability", "form-reliability", &mut form.reliability);
        let l = ui.label("Credibility");
        ui.add(egui::DragValue::new(&mut form.credibility).range(1..=6))
            .labelled_by(l.id)
            .on_hover_text(Credibility::new(form.credibility).map_or("", |c| c.meaning()));
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Verification");
        for v in Verification::ALL {
            ui.selectable_value(&mut form.verification, v, v.as_str());
        }
    });
    let actor_options: Vec<(String, String)> =
        store.actors.iter().map(|a| (a.name.clone(), a.id.0.clone())).collect();
    let r = field(
        ui,
        "Reported by",
        &mut form.reported_by,
        "when one side reports the other (optional)",
        m.error(DraftField::ReportedBy),
    );
    suggestions_ui(ui, &r, hovered, &mut form.reported_by, &actor_options);
}

/// The id a statement gets when it is saved from a new form (for tests).
pub fn is_new_statement(edit: &Edit) -> Option<StatementId> {
    match edit {
        Edit::AddStatement(s) => Some(s.id),
        Edit::Batch { edits, .. } => edits.iter().find_map(is_new_statement),
        _ => None,
    }
}
