//! The right-hand panel: the selected statement's detail, the statements
//! behind a matrix cell, and the editor that adds, edits and duplicates
//! statements, with validation messages next to each field and fuzzy
//! autocomplete for actor, speaker and topic.

use std::collections::BTreeMap;

use egui::{RichText, Ui};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::widgets::{self, date_text};
use super::{Action, Command, View, theme};
use crate::analysis::Filter;
use crate::edit::{Edit, touched};
use crate::model::{
    Actor, Credibility, Kind, PartialDate, Position, Reliability, Speaker, Stance, Statement, StatementId,
    Store, TopicId, Verification,
};

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

/// One position row of the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PositionForm {
    /// Topic id or name, as typed.
    pub topic: String,
    /// The stance, −2..=2.
    pub stance: i8,
    /// Conditions attached.
    pub conditions: String,
}

/// The statement being written, as text fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatementForm {
    /// Actor id or name.
    pub actor: String,
    /// Speaker name or alias.
    pub speaker: String,
    /// Add the speaker to the actor when it is new.
    pub add_speaker: bool,
    /// The new speaker's role.
    pub speaker_role: String,
    /// When it was said.
    pub date: String,
    /// What it does.
    pub kind: Kind,
    /// The key words.
    pub quote: String,
    /// A paraphrase.
    pub paraphrase: bool,
    /// The quote in the original language.
    pub original: String,
    /// Positions.
    pub positions: Vec<PositionForm>,
    /// Outlet.
    pub outlet: String,
    /// Address.
    pub url: String,
    /// Publication date.
    pub published: String,
    /// Source reliability.
    pub reliability: Reliability,
    /// Credibility 1–6.
    pub credibility: u8,
    /// Verification.
    pub verification: Verification,
    /// Reporting actor, id or name.
    pub reported_by: String,
    /// Tags, comma-separated.
    pub tags: String,
    /// Notes.
    pub notes: String,
}

impl StatementForm {
    fn from_statement(store: &Store, s: &Statement) -> Self {
        StatementForm {
            actor: store.actor(&s.actor).map_or(s.actor.0.clone(), |a| a.name.clone()),
            speaker: s.speaker.clone().unwrap_or_default(),
            add_speaker: false,
            speaker_role: String::new(),
            date: s.date.to_string(),
            kind: s.kind,
            quote: s.quote.clone(),
            paraphrase: s.paraphrase,
            original: s.original.clone().unwrap_or_default(),
            positions: s
                .positions
                .iter()
                .map(|p| PositionForm {
                    topic: store.topic(&p.topic).map_or(p.topic.0.clone(), |t| t.name.clone()),
                    stance: p.stance.value(),
                    conditions: p.conditions.clone(),
                })
                .collect(),
            outlet: s.source.outlet.clone(),
            url: s.source.url.clone().unwrap_or_default(),
            published: s.source.published.map(|d| d.to_string()).unwrap_or_default(),
            reliability: s.source.reliability,
            credibility: s.credibility.value(),
            verification: s.verification,
            reported_by: s
                .reported_by
                .as_ref()
                .map(|r| store.actor(r).map_or(r.0.clone(), |a| a.name.clone()))
                .unwrap_or_default(),
            tags: s.tags.join(", "),
            notes: s.notes.clone(),
        }
    }
}

/// Finds an actor by id or name (case-insensitive).
fn find_actor<'a>(store: &'a Store, text: &str) -> Option<&'a Actor> {
    let t = text.trim();
    store
        .actors
        .iter()
        .find(|a| a.id.as_str().eq_ignore_ascii_case(t) || a.name.to_lowercase() == t.to_lowercase())
}

/// Finds a topic by id or name (case-insensitive).
fn find_topic(store: &Store, text: &str) -> Option<TopicId> {
    let t = text.trim();
    store
        .topics
        .iter()
        .find(|x| x.id.as_str().eq_ignore_ascii_case(t) || x.name.to_lowercase() == t.to_lowercase())
        .map(|x| x.id.clone())
}

/// The form's problems, by field name (an empty map means it can be saved).
pub fn validate(store: &Store, f: &StatementForm) -> BTreeMap<String, String> {
    let mut e = BTreeMap::new();
    if f.actor.trim().is_empty() {
        e.insert("actor".into(), "Pick the actor this statement speaks for".into());
    } else if find_actor(store, &f.actor).is_none() {
        e.insert("actor".into(), format!("No actor called “{}”: pick one from the list", f.actor.trim()));
    }
    match PartialDate::parse(&f.date) {
        Ok(_) => {}
        Err(_) if f.date.trim().is_empty() => {
            e.insert("date".into(), "When was it said? 2025-03-13, 2025-03 or 2025".into());
        }
        Err(_) => {
            e.insert("date".into(), "Write 2025-03-13, 2025-03 or 2025".into());
        }
    }
    if f.quote.trim().is_empty() {
        e.insert("quote".into(), "The quote (or a paraphrase) cannot be empty".into());
    }
    if f.positions.is_empty() {
        e.insert("positions".into(), "Add a position on at least one topic".into());
    }
    let mut seen = Vec::new();
    for (i, p) in f.positions.iter().enumerate() {
        match find_topic(store, &p.topic) {
            None if p.topic.trim().is_empty() => {
                e.insert(format!("topic{i}"), "Pick a topic".into());
            }
            None => {
                e.insert(format!("topic{i}"), format!("No topic called “{}”", p.topic.trim()));
            }
            Some(t) if seen.contains(&t) => {
                e.insert(format!("topic{i}"), "This topic is already used above".into());
            }
            Some(t) => seen.push(t),
        }
    }
    if !f.published.trim().is_empty() && PartialDate::parse(&f.published).is_err() {
        e.insert("published".into(), "Write 2025-03-13, 2025-03 or 2025".into());
    }
    if !f.reported_by.trim().is_empty() && find_actor(store, &f.reported_by).is_none() {
        e.insert("reported_by".into(), format!("No actor called “{}”", f.reported_by.trim()));
    }
    if !f.url.trim().is_empty() && !f.url.trim().contains('.') {
        e.insert("url".into(), "This does not look like an address".into());
    }
    e
}

/// Builds the edit that saves the form: the statement, and the new speaker
/// added to the actor when asked. `None` if the form does not validate.
pub fn build_edit(store: &Store, f: &StatementForm, original: Option<&Statement>) -> Option<Edit> {
    if !validate(store, f).is_empty() {
        return None;
    }
    let actor = find_actor(store, &f.actor)?;
    let date = PartialDate::parse(&f.date).ok()?;
    let mut s = match original {
        Some(o) => o.clone(),
        None => Statement::new(date, actor.id.clone(), ""),
    };
    s.date = date;
    s.actor = actor.id.clone();
    let speaker = f.speaker.trim();
    s.speaker = (!speaker.is_empty()).then(|| store.canonical_speaker(&actor.id, speaker));
    s.kind = f.kind;
    s.quote = f.quote.trim().to_owned();
    s.paraphrase = f.paraphrase;
    s.original = Some(f.original.trim().to_owned()).filter(|o| !o.is_empty());
    s.positions = f
        .positions
        .iter()
        .filter_map(|p| {
            Some(Position {
                topic: find_topic(store, &p.topic)?,
                stance: Stance::new(p.stance as i64).ok()?,
                conditions: p.conditions.trim().to_owned(),
            })
        })
        .collect();
    s.source.outlet = f.outlet.trim().to_owned();
    s.source.url = Some(f.url.trim().to_owned()).filter(|u| !u.is_empty());
    s.source.published = PartialDate::parse(&f.published).ok();
    s.source.reliability = f.reliability;
    s.credibility = Credibility::new(f.credibility).unwrap_or_default();
    s.verification = f.verification;
    s.reported_by = find_actor(store, &f.reported_by).map(|a| a.id.clone());
    s.tags = f.tags.split(',').map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
    s.notes = f.notes.trim().to_owned();
    let statement_edit =
        if original.is_some() { Edit::UpdateStatement(touched(s)) } else { Edit::AddStatement(s) };

    let new_speaker = f.add_speaker && !speaker.is_empty() && actor.speaker(speaker).is_none();
    if new_speaker {
        let mut a = actor.clone();
        a.speakers.push(Speaker {
            name: speaker.to_owned(),
            role: f.speaker_role.trim().to_owned(),
            aliases: vec![],
        });
        Some(Edit::Batch {
            label: format!("{} (and new speaker {speaker})", statement_edit.label()),
            edits: vec![Edit::UpdateActor { id: actor.id.clone(), actor: a }, statement_edit],
        })
    } else {
        Some(statement_edit)
    }
}

/// Whether the panel is showing the editor, and on what.
#[derive(Clone, Debug, Default)]
enum Mode {
    #[default]
    Idle,
    Editing {
        form: Box<StatementForm>,
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
}

impl EditorState {
    /// Whether a form is open.
    pub fn is_editing(&self) -> bool {
        matches!(self.mode, Mode::Editing { .. })
    }

    /// Opens an empty form, dated today (prefilled with the filtered actor and
    /// topic, when there is just one of each).
    pub fn start_new(&mut self, store: &Store, filter: &Filter, today: chrono::NaiveDate) {
        let mut form = StatementForm {
            credibility: 6,
            reliability: Reliability::F,
            verification: Verification::Reported,
            positions: vec![PositionForm::default()],
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
        self.mode = Mode::Editing {
            form: Box::new(form),
            original: None,
            title: "New statement".into(),
            tried: false,
        };
    }

    /// Opens the form on an existing statement.
    pub fn start_edit(&mut self, store: &Store, s: &Statement) {
        self.mode = Mode::Editing {
            form: Box::new(StatementForm::from_statement(store, s)),
            original: Some(Box::new(s.clone())),
            title: "Edit statement".into(),
            tried: false,
        };
    }

    /// Opens a new form with a copy of a statement's fields.
    pub fn start_duplicate(&mut self, store: &Store, s: &Statement) {
        self.mode = Mode::Editing {
            form: Box::new(StatementForm::from_statement(store, s)),
            original: None,
            title: "New statement (copy)".into(),
            tried: false,
        };
    }
}

/// Draws the right panel.
pub fn detail_ui(ui: &mut Ui, view: &View, panel: Panel, state: &mut EditorState) -> Option<Action> {
    let mut action = None;
    if state.is_editing() {
        action = egui::Panel::bottom("editor-actions").show(ui, |ui| form_actions_ui(ui, view, state)).inner;
    }
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        let shown = if state.is_editing() {
            form_ui(ui, view, state)
        } else {
            match panel {
                Panel::Cell { actor, topic } => cell_ui(ui, view, actor, topic),
                Panel::Statement => match view.selected.and_then(|id| view.store.statement(id)) {
                    Some(s) => statement_ui(ui, view, s),
                    None => {
                        empty_ui(ui, view);
                        None
                    }
                },
            }
        };
        action = action.take().or(shown);
    });
    action
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

fn cell_ui(ui: &mut Ui, view: &View, a: usize, t: usize) -> Option<Action> {
    let store = view.store;
    let (Some(actor), Some(topic)) = (store.actors.get(a), store.topics.get(t)) else { return None };
    let mut action = None;
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
        action = Some(Action::OpenTimeline(t));
    }
    ui.add_space(4.0);
    for p in series.iter().rev() {
        let s = &store.statements[p.statement];
        let selected = view.selected == Some(s.id);
        let frame = egui::Frame::group(ui.style()).inner_margin(8).fill(if selected {
            ui.visuals().selection.bg_fill.gamma_multiply(0.5)
        } else {
            egui::Color32::TRANSPARENT
        });
        let r = frame
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(RichText::new(date_text(p.date)).strong());
                    widgets::stance_chip(ui, p.stance, topic.label(p.stance), p.unverified);
                });
                widgets::quote_block(ui, store, s);
            })
            .response;
        let r =
            ui.interact(r.rect, ui.scope_id().with(("cell-statement", p.statement)), egui::Sense::click());
        if r.on_hover_cursor(egui::CursorIcon::PointingHand).clicked() {
            action = Some(Action::Select(Some(s.id)));
        }
        ui.add_space(4.0);
    }
    action
}

fn statement_ui(ui: &mut Ui, view: &View, s: &Statement) -> Option<Action> {
    let store = view.store;
    let dark = view.dark;
    let mut action = None;
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
    ui.label(RichText::new("Positions").strong());
    for p in &s.positions {
        let topic = store.topic(&p.topic);
        ui.horizontal_wrapped(|ui| {
            ui.label(topic.map_or(p.topic.as_str(), |t| t.name.as_str()));
            let label = topic.map_or(Stance::DEFAULT_LABELS[p.stance.index()], |t| t.label(p.stance));
            widgets::stance_chip(ui, p.stance, label, s.verification == Verification::Unverified);
        });
        if !p.conditions.is_empty() {
            ui.label(RichText::new(format!("Conditions: {}", p.conditions)).small());
        }
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Source").strong());
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
    if !s.notes.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Notes").strong());
        ui.add(egui::Label::new(&s.notes).wrap().selectable(true));
    }
    ui.add_space(10.0);
    if !view.read_only {
        ui.horizontal(|ui| {
            let ctx = ui.ctx().clone();
            for c in [Command::EditSelection, Command::DuplicateSelection, Command::DeleteSelection] {
                let label = match c {
                    Command::EditSelection => "Edit",
                    Command::DuplicateSelection => "Duplicate",
                    _ => "Delete",
                };
                if ui
                    .button(label)
                    .on_hover_text(format!("{} ({})", c.tooltip(), c.shortcut_text(&ctx)))
                    .clicked()
                {
                    action = Some(Action::Command(c));
                }
            }
        });
    }
    ui.label(RichText::new(format!("id {}", s.id)).small().color(theme::weak(dark)));
    action
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// A labelled single-line field with an error message under it.
fn field(ui: &mut Ui, label: &str, value: &mut String, hint: &str, error: Option<&String>) -> egui::Response {
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
fn form_actions_ui(ui: &mut Ui, view: &View, state: &mut EditorState) -> Option<Action> {
    let store = view.store;
    let dark = view.dark;
    let Mode::Editing { form, original, tried, .. } = &mut state.mode else { return None };
    let errors = validate(store, form);
    let mut action = None;
    let mut close = false;
    ui.add_space(6.0);
    if *tried && !errors.is_empty() {
        ui.label(
            RichText::new(format!("{} problem(s) to fix before saving", errors.len()))
                .color(theme::error_text(dark)),
        );
    }
    ui.horizontal(|ui| {
        let save = ui.add(egui::Button::new(RichText::new("Save statement").strong()));
        let enter = ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::Enter));
        if save.on_hover_text("Ctrl+Enter").clicked() || enter {
            *tried = true;
            match build_edit(store, form, original.as_deref()) {
                Some(edit) => {
                    action = Some(Action::Edit(Box::new(edit)));
                    close = true;
                }
                None => {
                    action = Some(Action::Status(
                        "The statement has problems: see the messages by the fields".into(),
                    ))
                }
            }
        }
        if ui.button("Cancel").on_hover_text("Esc").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape) && !i.modifiers.any())
        {
            close = true;
            if let Some(o) = original {
                action = Some(Action::Select(Some(o.id)));
            }
        }
    });
    ui.add_space(4.0);
    if close {
        state.mode = Mode::Idle;
    }
    action
}

fn form_ui(ui: &mut Ui, view: &View, state: &mut EditorState) -> Option<Action> {
    let store = view.store;
    let dark = view.dark;
    let EditorState { mode, suggest_hovered } = state;
    let Mode::Editing { form, title, tried, .. } = mode else { return None };
    let errors = validate(store, form);
    // Before the first Save, only say what is wrong with text already typed.
    let typed = |k: &str| match k {
        "date" => !form.date.trim().is_empty(),
        "published" => true,
        "url" => true,
        "reported_by" => true,
        _ => false,
    };
    let visible: BTreeMap<String, String> =
        errors.iter().filter(|(k, _)| *tried || typed(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
    let shown = |k: &str| visible.get(k);
    let action = None;

    ui.label(RichText::new(title.as_str()).heading().size(16.0));
    ui.add_space(6.0);

    // Actor, with suggestions.
    let actor_options: Vec<(String, String)> =
        store.actors.iter().map(|a| (a.name.clone(), a.id.0.clone())).collect();
    let r = field(ui, "Actor", &mut form.actor, "Kremlin, Kyiv, Washington…", shown("actor"));
    suggestions_ui(ui, &r, suggest_hovered, &mut form.actor, &actor_options);
    ui.add_space(4.0);

    // Speaker, from the actor's speakers and aliases.
    let actor = find_actor(store, &form.actor);
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
    suggestions_ui(ui, &r, suggest_hovered, &mut form.speaker, &speaker_options);
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

    ui.columns(2, |cols| {
        field(&mut cols[0], "Date", &mut form.date, "2025-03-13, 2025-03 or 2025", shown("date"));
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
    let mut quote_edit = egui::TextEdit::multiline(&mut form.quote)
        .hint_text("the key words, as reported")
        .desired_rows(3)
        .desired_width(f32::INFINITY);
    if shown("quote").is_some() {
        quote_edit = quote_edit.background_color(theme::error_fill(dark));
    }
    ui.add(quote_edit).labelled_by(l.id);
    if let Some(e) = shown("quote") {
        ui.label(RichText::new(e).small().color(theme::error_text(dark)));
    }
    ui.checkbox(&mut form.paraphrase, "Paraphrase (not the speaker's own words)");
    ui.add_space(4.0);

    // Positions.
    ui.label(RichText::new("Positions").strong());
    if let Some(e) = shown("positions") {
        ui.label(RichText::new(e).small().color(theme::error_text(dark)));
    }
    let topic_options: Vec<(String, String)> =
        store.topics.iter().map(|t| (t.name.clone(), t.id.0.clone())).collect();
    let mut remove = None;
    for (i, p) in form.positions.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).inner_margin(6).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let key = format!("topic{i}");
            let r = field(ui, "Topic", &mut p.topic, "ceasefire, territory…", shown(&key));
            suggestions_ui(ui, &r, suggest_hovered, &mut p.topic, &topic_options);
            let topic = find_topic(store, &p.topic).and_then(|id| store.topic(&id));
            ui.horizontal_wrapped(|ui| {
                ui.label("Stance");
                let mut stance = Stance::new(p.stance as i64).unwrap_or(Stance::MIN);
                if widgets::stance_picker(ui, topic, &mut stance) {
                    p.stance = stance.value();
                }
            });
            if let Some(t) = topic {
                ui.label(
                    RichText::new(t.label(Stance::new(p.stance as i64).unwrap_or(Stance::MIN)))
                        .small()
                        .color(theme::weak(dark)),
                );
            }
            ui.horizontal(|ui| {
                let l = ui.label("Conditions");
                ui.add(
                    egui::TextEdit::singleline(&mut p.conditions)
                        .hint_text("optional")
                        .desired_width(ui.available_width() - 70.0),
                )
                .labelled_by(l.id);
                if ui.small_button("Remove").on_hover_text("Remove this position").clicked() {
                    remove = Some(i);
                }
            });
        });
    }
    if let Some(i) = remove {
        form.positions.remove(i);
    }
    if ui.button("Add a position").clicked() {
        form.positions.push(PositionForm::default());
    }
    ui.add_space(6.0);

    egui::CollapsingHeader::new(RichText::new("Source and verification").strong()).default_open(true).show(
        ui,
        |ui| {
            field(ui, "Outlet", &mut form.outlet, "Reuters, The Kyiv Independent…", None);
            field(ui, "URL", &mut form.url, "https://…", shown("url"));
            field(ui, "Published", &mut form.published, "when the report came out", shown("published"));
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
            let r = field(
                ui,
                "Reported by",
                &mut form.reported_by,
                "when one side reports the other (optional)",
                shown("reported_by"),
            );
            suggestions_ui(ui, &r, suggest_hovered, &mut form.reported_by, &actor_options);
        },
    );
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

    action
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
    use crate::store;

    fn form() -> StatementForm {
        StatementForm {
            actor: "kyiv".into(),
            speaker: "Zelenskyy".into(),
            date: "2025-12-20".into(),
            quote: "We will not give up our land".into(),
            positions: vec![PositionForm {
                topic: "Territory".into(),
                stance: -2,
                conditions: String::new(),
            }],
            credibility: 2,
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_builds_a_statement_with_canonical_names() {
        let s = store::sample();
        assert!(validate(&s, &form()).is_empty());
        let Some(Edit::AddStatement(st)) = build_edit(&s, &form(), None) else { panic!("an add") };
        assert_eq!(st.actor, "kyiv");
        assert_eq!(st.speaker.as_deref(), Some("Volodymyr Zelensky"));
        assert_eq!(st.positions[0].topic, "territory");
        assert_eq!(st.positions[0].stance.value(), -2);
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let s = store::sample();
        let mut f = form();
        f.actor = "Atlantis".into();
        f.date = "13/03/2025".into();
        f.quote = " ".into();
        f.positions.push(PositionForm { topic: "territory".into(), stance: 0, conditions: String::new() });
        f.positions.push(PositionForm { topic: "weather".into(), stance: 0, conditions: String::new() });
        let e = validate(&s, &f);
        assert!(e["actor"].contains("No actor called “Atlantis”"));
        assert!(e["date"].contains("2025-03-13"));
        assert!(e["quote"].contains("cannot be empty"));
        assert!(e["topic1"].contains("already used"));
        assert!(e["topic2"].contains("No topic called “weather”"));
        assert!(build_edit(&s, &f, None).is_none());
    }

    #[test]
    fn a_new_speaker_is_added_to_the_actor_in_the_same_step() {
        let s = store::sample();
        let mut f = form();
        f.speaker = "Rustem Umerov".into();
        f.add_speaker = true;
        f.speaker_role = "security council secretary".into();
        let Some(Edit::Batch { edits, .. }) = build_edit(&s, &f, None) else { panic!("a batch") };
        let Edit::UpdateActor { actor, .. } = &edits[0] else { panic!("actor first") };
        assert!(actor.speaker("Rustem Umerov").is_some());
        let mut after = s.clone();
        crate::edit::apply(&mut after, Edit::Batch { label: "x".into(), edits }).unwrap();
        assert_eq!(after.validate(), vec![]);
    }

    #[test]
    fn editing_keeps_the_id_and_recorded_time() {
        let s = store::sample();
        let original = s.statements[5].clone();
        let mut f = StatementForm::from_statement(&s, &original);
        f.quote = "changed".into();
        let Some(Edit::UpdateStatement(st)) = build_edit(&s, &f, Some(&original)) else {
            panic!("an update")
        };
        assert_eq!(st.id, original.id);
        assert_eq!(st.recorded_at, original.recorded_at);
        assert!(st.updated_at >= original.updated_at);
        assert_eq!(st.quote, "changed");
        assert_eq!(st.positions, original.positions);
    }
}
