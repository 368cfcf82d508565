//! The lexicon window: what analysts taught ingest (`store.lexicon`), as an
//! analyst reads it — each phrase, what it means in words (a topic, a
//! stance with the topic's label for it, a speaker, an actor), who taught it
//! and when, and the statement whose acceptance taught it — narrowed by a
//! few words; and a form to add an entry or change one. Every change is an
//! [`Edit`] (`Learn`, `Unlearn`, or both in a `Batch`) pushed as an
//! [`Action`]: one undo step each.

use egui::{Align, Layout, RichText, Ui, vec2};

use super::{Action, theme, widgets};
use crate::edit::Edit;
use crate::model::{ActorId, Learned, Meaning, Stance, Store, TopicId, fold_phrase};

/// The kinds of meaning an entry can give a phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeaningKind {
    /// The phrase names a topic.
    Topic,
    /// The phrase takes a stance on a topic.
    Stance,
    /// The phrase names a speaker.
    Speaker,
    /// The phrase names an actor.
    Actor,
}

impl MeaningKind {
    /// Every kind, in the order offered.
    pub const ALL: [MeaningKind; 4] =
        [MeaningKind::Topic, MeaningKind::Stance, MeaningKind::Speaker, MeaningKind::Actor];

    /// The kind of `m`.
    pub fn of(m: &Meaning) -> MeaningKind {
        match m {
            Meaning::Topic(_) => MeaningKind::Topic,
            Meaning::Stance { .. } => MeaningKind::Stance,
            Meaning::Speaker { .. } => MeaningKind::Speaker,
            Meaning::Actor(_) => MeaningKind::Actor,
        }
    }

    /// What the phrase does, as the form's choice says it ("names a topic").
    pub fn choice(self) -> &'static str {
        match self {
            MeaningKind::Topic => "names a topic",
            MeaningKind::Stance => "takes a stance on a topic",
            MeaningKind::Speaker => "names a speaker",
            MeaningKind::Actor => "names an actor",
        }
    }

    /// The kind in one word, plural, for the list's filter ("Topics").
    fn plural(self) -> &'static str {
        match self {
            MeaningKind::Topic => "Topics",
            MeaningKind::Stance => "Stances",
            MeaningKind::Speaker => "Speakers",
            MeaningKind::Actor => "Actors",
        }
    }
}

/// What an entry means, short, in words: "Foreign troops", "−2 on Foreign
/// troops", "Vladimir Putin (Kremlin)", "Kremlin" (ids where a topic or an
/// actor is gone). What an accepted ingest card says it learned.
pub fn meaning_short(store: &Store, l: &Learned) -> String {
    match &l.means {
        Meaning::Topic(t) => topic_name(store, t),
        Meaning::Stance { topic, stance } => format!("{} on {}", stance.signed(), topic_name(store, topic)),
        Meaning::Speaker { name, actor } => format!("{name} ({})", actor_name(store, actor)),
        Meaning::Actor(a) => actor_name(store, a),
    }
}

/// What an entry means, in full words: "the topic Foreign troops", "−2
/// rejects foreign troops, on Foreign troops", "the speaker Vladimir Putin,
/// for Kremlin", "the actor Kremlin".
pub fn meaning_words(store: &Store, l: &Learned) -> String {
    match &l.means {
        Meaning::Topic(t) => format!("the topic {}", topic_name(store, t)),
        Meaning::Stance { topic, stance } => match store.topic(topic) {
            Some(t) => format!("{}, on {}", widgets::stance_words(t, *stance), t.name),
            None => format!("{} on {topic}", stance.signed()),
        },
        Meaning::Speaker { name, actor } => format!("the speaker {name}, for {}", actor_name(store, actor)),
        Meaning::Actor(a) => format!("the actor {}", actor_name(store, a)),
    }
}

/// What of an entry's meaning is no longer in the store (a topic or an
/// actor deleted since), in words; none when all of it still is.
pub fn missing(store: &Store, l: &Learned) -> Option<String> {
    match &l.means {
        Meaning::Topic(t) | Meaning::Stance { topic: t, .. } if store.topic(t).is_none() => {
            Some(format!("the topic “{t}” is no longer in the store"))
        }
        Meaning::Speaker { actor: a, .. } | Meaning::Actor(a) if store.actor(a).is_none() => {
            Some(format!("the actor “{a}” is no longer in the store"))
        }
        _ => None,
    }
}

/// "“tripwire mission” → Foreign troops · “hostile act” → −2 on Foreign
/// troops": what an accepted candidate taught, on one line.
pub fn learned_line(store: &Store, lessons: &[Learned]) -> String {
    lessons
        .iter()
        .map(|l| format!("“{}” → {}", l.phrase, meaning_short(store, l)))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn topic_name(store: &Store, t: &TopicId) -> String {
    store.topic(t).map_or_else(|| t.to_string(), |t| t.name.clone())
}

fn actor_name(store: &Store, a: &ActorId) -> String {
    store.actor(a).map_or_else(|| a.to_string(), |a| a.name.clone())
}

/// "Taught by Anna Berg · 13 Mar 2025, 10:32".
fn taught(l: &Learned) -> String {
    let when = l.learned_at.datetime().with_timezone(&chrono::Local).format("%e %b %Y, %H:%M").to_string();
    match &l.by {
        Some(a) => format!("Taught by {} · {}", a.name, when.trim()),
        None => format!("Taught {}", when.trim()),
    }
}

/// The entry being written: a new one, or a change to `original`.
#[derive(Clone, Debug)]
struct EntryForm {
    /// The entry being changed; none for a new one.
    original: Option<Learned>,
    phrase: String,
    kind: MeaningKind,
    topic: Option<TopicId>,
    stance: Stance,
    /// The speaker's name and actor.
    speaker: Option<(String, ActorId)>,
    actor: Option<ActorId>,
    /// Frames left in which to put the keyboard in the phrase field.
    focus: u8,
}

impl EntryForm {
    fn new_entry() -> EntryForm {
        EntryForm {
            original: None,
            phrase: String::new(),
            kind: MeaningKind::Topic,
            topic: None,
            stance: Stance::ALL[2],
            speaker: None,
            actor: None,
            focus: 2,
        }
    }

    fn of(l: &Learned) -> EntryForm {
        let mut f =
            EntryForm { original: Some(l.clone()), phrase: l.phrase.clone(), focus: 2, ..Self::new_entry() };
        f.kind = MeaningKind::of(&l.means);
        match &l.means {
            Meaning::Topic(t) => f.topic = Some(t.clone()),
            Meaning::Stance { topic, stance } => {
                f.topic = Some(topic.clone());
                f.stance = *stance;
            }
            Meaning::Speaker { name, actor } => {
                f.speaker = Some((name.clone(), actor.clone()));
                f.actor = Some(actor.clone());
            }
            Meaning::Actor(a) => f.actor = Some(a.clone()),
        }
        f
    }

    /// The entry as the form has it, or what is still missing or wrong.
    fn entry(&self) -> Result<Learned, String> {
        let means = match self.kind {
            MeaningKind::Topic => {
                Meaning::Topic(self.topic.clone().ok_or("Choose the topic the phrase names")?)
            }
            MeaningKind::Stance => Meaning::Stance {
                topic: self.topic.clone().ok_or("Choose the topic the phrase takes a stance on")?,
                stance: self.stance,
            },
            MeaningKind::Speaker => {
                let (name, actor) = self.speaker.clone().ok_or("Choose the speaker the phrase names")?;
                Meaning::Speaker { name, actor }
            }
            MeaningKind::Actor => {
                Meaning::Actor(self.actor.clone().ok_or("Choose the actor the phrase names")?)
            }
        };
        let (by, from) = self.original.as_ref().map_or((None, None), |o| (o.by.clone(), o.from));
        let l = Learned::new(&self.phrase, means, by, from);
        match l.problem() {
            Some(p) => Err(capitalised(&p)),
            None => Ok(l),
        }
    }

    /// Whether the form still says what its original entry says.
    fn unchanged(&self) -> bool {
        match (&self.original, self.entry()) {
            (Some(o), Ok(l)) => o.phrase == l.phrase && o.means == l.means,
            _ => false,
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The edit that saves `entry` (one undo step): a new entry, a change in
/// place, or — when the change moves it to another key — the old entry
/// forgotten and the new one learned.
fn save_edit(original: Option<&Learned>, entry: Learned) -> Edit {
    match original {
        None => Edit::Batch {
            label: format!("Add “{}” to the lexicon", entry.phrase),
            edits: vec![Edit::Learn(entry)],
        },
        Some(o) => {
            let mut edits = Vec::new();
            if o.key() != entry.key() {
                edits.push(Edit::Unlearn(o.key()));
            }
            edits.push(Edit::Learn(entry));
            Edit::Batch { label: format!("Change the lexicon entry “{}”", o.phrase), edits }
        }
    }
}

/// The window's state.
#[derive(Debug, Default)]
pub struct LexiconState {
    /// Whether the window is open.
    pub open: bool,
    query: String,
    focus_query: bool,
    /// Only entries of this kind (none: all).
    kind: Option<MeaningKind>,
    form: Option<EntryForm>,
}

impl LexiconState {
    /// Opens the window with the keyboard in its search box.
    pub fn open(&mut self) {
        self.open = true;
        self.focus_query = true;
    }
}

/// What a row's buttons asked for.
enum RowClick {
    Edit,
    Remove,
}

/// Draws the window (below the menu bar, inside `area`) when it is open.
pub fn lexicon_ui(
    ctx: &egui::Context,
    area: egui::Rect,
    store: &Store,
    read_only: bool,
    state: &mut LexiconState,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        return;
    }
    // An entry removed (or undone) since its form was opened: the form goes with it.
    if let Some(o) = state.form.as_ref().and_then(|f| f.original.as_ref())
        && !store.lexicon.iter().any(|l| l.key() == o.key())
    {
        state.form = None;
    }
    if read_only {
        state.form = None;
    }
    let mut open = state.open;
    egui::Window::new("Lexicon")
        .id(egui::Id::unique("lexicon-window"))
        .open(&mut open)
        .constrain_to(area)
        .default_pos(area.min + vec2(24.0, 16.0))
        .default_size([780.0_f32.min(area.width() - 48.0), 600.0_f32.min(area.height() - 32.0)])
        .min_size([520.0_f32.min(area.width() - 48.0), 300.0_f32.min(area.height() - 32.0)])
        .collapsible(false)
        .show(ctx, |ui| window_body_ui(ui, store, read_only, state, actions));
    state.open = state.open && open;
}

fn window_body_ui(
    ui: &mut Ui,
    store: &Store,
    read_only: bool,
    state: &mut LexiconState,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    toolbar_ui(ui, read_only, state);
    let shown: Vec<&Learned> = store
        .lexicon
        .iter()
        .filter(|l| state.kind.is_none_or(|k| MeaningKind::of(&l.means) == k))
        .filter(|l| matches(store, l, &state.query))
        .collect();
    ui.horizontal(|ui| {
        let total = store.lexicon.len();
        let count = if shown.len() == total {
            format!("{total} entr{}", if total == 1 { "y" } else { "ies" })
        } else {
            format!("{} of {total} entries", shown.len())
        };
        ui.label(RichText::new(count).color(theme::weak(dark)));
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            for k in MeaningKind::ALL.iter().rev() {
                ui.selectable_value(&mut state.kind, Some(*k), k.plural());
            }
            ui.selectable_value(&mut state.kind, None, "All");
        });
    });
    ui.separator();
    egui::ScrollArea::vertical().id_salt("lexicon-list").auto_shrink([false, false]).show(ui, |ui| {
        ui.spacing_mut().item_spacing.y = 2.0;
        // A new entry's form, above the list.
        if state.form.as_ref().is_some_and(|f| f.original.is_none()) {
            form_frame_ui(ui, store, state, actions);
            ui.add_space(6.0);
        }
        if store.lexicon.is_empty() {
            ui.add_space(12.0);
            ui.add(
                egui::Label::new(
                    RichText::new(
                        "Nothing learned yet. When you accept an ingest candidate after changing its \
                         topic, stance, actor or speaker, the phrase the text used is learned here, and \
                         ingest reads it from then on. You can also add an entry yourself with Add….",
                    )
                    .color(theme::weak(dark)),
                )
                .wrap(),
            );
            return;
        }
        if shown.is_empty() {
            ui.add_space(12.0);
            ui.label(RichText::new("No entry matches.").color(theme::weak(dark)));
            return;
        }
        let editing = state.form.as_ref().and_then(|f| f.original.as_ref()).map(Learned::key);
        // While a form is open, another row's Edit would throw away what was typed there.
        let form_open = state.form.is_some();
        for (n, l) in shown.into_iter().enumerate() {
            if n > 0 {
                ui.separator();
            }
            if editing.as_ref() == Some(&l.key()) {
                form_frame_ui(ui, store, state, actions);
                continue;
            }
            match row_ui(ui, store, l, (read_only, form_open), actions) {
                Some(RowClick::Edit) => state.form = Some(EntryForm::of(l)),
                Some(RowClick::Remove) => {
                    actions.push(Action::Edit(Box::new(Edit::Batch {
                        label: format!("Remove “{}” from the lexicon", l.phrase),
                        edits: vec![Edit::Unlearn(l.key())],
                    })));
                }
                None => {}
            }
        }
    });
}

/// The search box and Add….
fn toolbar_ui(ui: &mut Ui, read_only: bool, state: &mut LexiconState) {
    ui.horizontal(|ui| {
        let l = ui.label("Find in lexicon");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut state.query)
                    .hint_text("phrase, topic, speaker, actor, analyst…")
                    .desired_width((ui.available_width() - 90.0).clamp(120.0, 360.0)),
            )
            .labelled_by(l.id);
        if std::mem::take(&mut state.focus_query) {
            r.request_focus();
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let add = ui.add_enabled(
                !read_only && state.form.is_none(),
                egui::Button::new(RichText::new("Add…").strong()),
            );
            let add = if read_only {
                add.on_disabled_hover_text("The store is read-only: nothing can be added to its lexicon")
            } else {
                add.on_hover_text(
                    "Teach ingest a phrase yourself: what it means (a topic, a stance, a speaker, an actor)",
                )
                .on_disabled_hover_text("Save or cancel the entry being written first")
            };
            if add.clicked() {
                state.form = Some(EntryForm::new_entry());
            }
        });
    });
}

/// Whether every word of `query` is in the entry as read: its phrase, its
/// meaning in words, who taught it.
fn matches(store: &Store, l: &Learned, query: &str) -> bool {
    let query = fold_phrase(query);
    if query.is_empty() {
        return true;
    }
    let mut hay = format!("{} {} {}", l.phrase, meaning_words(store, l), l.meaning_text());
    if let Some(a) = &l.by {
        hay.push(' ');
        hay.push_str(&a.name);
    }
    if let Meaning::Speaker { actor, .. } = &l.means {
        hay.push(' ');
        hay.push_str(actor.as_str());
    }
    let hay = fold_phrase(&hay);
    query.split_whitespace().all(|w| hay.contains(w))
}

/// One entry: the phrase and its meaning, Edit and Remove; under them who
/// taught it when, from which statement.
fn row_ui(
    ui: &mut Ui,
    store: &Store,
    l: &Learned,
    (read_only, form_open): (bool, bool),
    actions: &mut Vec<Action>,
) -> Option<RowClick> {
    let dark = ui.visuals().dark_mode;
    let mut click = None;
    egui::Frame::new().inner_margin(egui::Margin::symmetric(8, 6)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                click = row_buttons_ui(ui, &l.phrase, read_only, form_open);
                ui.with_layout(Layout::left_to_right(Align::Center).with_main_wrap(true), |ui| {
                    ui.label(RichText::new(format!("“{}”", l.phrase)).strong().size(14.5));
                    ui.label(RichText::new("→").color(theme::weak(dark)));
                    meaning_ui(ui, store, l);
                });
            });
        });
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            provenance_ui(ui, store, l, actions);
        });
    });
    click
}

/// Edit and Remove (drawn right to left), named for screen readers with the phrase.
fn row_buttons_ui(ui: &mut Ui, phrase: &str, read_only: bool, form_open: bool) -> Option<RowClick> {
    let why = "The store is read-only: its lexicon cannot be changed";
    let remove = ui.add_enabled(!read_only, egui::Button::new("Remove"));
    let remove = if read_only {
        remove.on_disabled_hover_text(why)
    } else {
        remove.on_hover_text("Take it out of the lexicon: ingest no longer reads it (Undo brings it back)")
    };
    let edit = ui.add_enabled(!read_only && !form_open, egui::Button::new("Edit"));
    let edit = if read_only {
        edit.on_disabled_hover_text(why)
    } else if form_open {
        edit.on_disabled_hover_text("Save or cancel the entry being edited first")
    } else {
        edit.on_hover_text("Change the phrase or what it means")
    };
    let name = |verb: &str| format!("{verb} “{phrase}”");
    remove.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, !read_only, name("Remove")));
    edit.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, !read_only && !form_open, name("Edit"))
    });
    if remove.clicked() {
        Some(RowClick::Remove)
    } else if edit.clicked() {
        Some(RowClick::Edit)
    } else {
        None
    }
}

/// What the store no longer has, who taught the entry and when, and the
/// statement that taught it (a click shows it).
fn provenance_ui(ui: &mut Ui, store: &Store, l: &Learned, actions: &mut Vec<Action>) {
    let weak = theme::weak(ui.visuals().dark_mode);
    let small = |t: &str| RichText::new(t).small().color(weak);
    if let Some(gone) = missing(store, l) {
        let warning = theme::warning_text(ui.visuals().dark_mode);
        ui.label(RichText::new(format!("⚠ {}", capitalised(&gone))).small().color(warning)).on_hover_text(
            "Ingest skips this entry: edit it to point at a topic or an actor the store has, or remove it",
        );
        ui.label(small("·"));
    }
    ui.label(small(&taught(l)));
    let Some(id) = l.from else { return };
    ui.label(small("· from"));
    match store.statement(id) {
        Some(s) => {
            let text = format!("{}, {}", widgets::who(store, s), widgets::date_text(s.date));
            let r = ui.link(RichText::new(text).small()).on_hover_text(format!(
                "Show the statement whose acceptance taught it: “{}”",
                crate::store::merge::excerpt(&s.quote, 90)
            ));
            if r.clicked() {
                actions.push(Action::Select(Some(id)));
            }
        }
        None => {
            ui.label(small("a statement no longer in the store")).on_hover_text(format!("Statement {id}"));
        }
    }
}

/// The meaning as the list shows it: a topic's name; a stance as a chip in
/// its colour with the topic's label for it, on the topic; a speaker and
/// their actor; an actor with its colour.
fn meaning_ui(ui: &mut Ui, store: &Store, l: &Learned) {
    let dark = ui.visuals().dark_mode;
    let kind = |ui: &mut Ui, k: &str| {
        ui.label(RichText::new(k).small().color(theme::weak(dark)));
    };
    match &l.means {
        Meaning::Topic(t) => {
            kind(ui, "topic");
            let r = ui.label(RichText::new(topic_name(store, t)).strong());
            if let Some(t) = store.topic(t) {
                r.on_hover_text(&t.proposition);
            }
        }
        Meaning::Stance { topic, stance } => {
            kind(ui, "stance");
            let label =
                store.topic(topic).map_or(Stance::DEFAULT_LABELS[stance.index()], |t| t.label(*stance));
            let chip = widgets::stance_chip(ui, *stance, label, false);
            chip.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Label, true, format!("{} {label}", stance.signed()))
            });
            ui.label(RichText::new("on").color(theme::weak(dark)));
            ui.label(RichText::new(topic_name(store, topic)).strong());
        }
        Meaning::Speaker { name, actor } => {
            kind(ui, "speaker");
            ui.label(RichText::new(name).strong());
            if let Some(a) = store.actor(actor) {
                widgets::actor_dot(ui, a);
            }
            ui.label(RichText::new(actor_name(store, actor)).color(theme::weak(dark)));
        }
        Meaning::Actor(a) => {
            kind(ui, "actor");
            if let Some(a) = store.actor(a) {
                widgets::actor_dot(ui, a);
            }
            ui.label(RichText::new(actor_name(store, a)).strong());
        }
    }
}

/// The form in its frame, with Save and Cancel.
fn form_frame_ui(ui: &mut Ui, store: &Store, state: &mut LexiconState, actions: &mut Vec<Action>) {
    let Some(form) = &mut state.form else { return };
    let dark = ui.visuals().dark_mode;
    let mut close = false;
    egui::Frame::group(ui.style())
        .inner_margin(10)
        .corner_radius(6)
        .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.3))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.scope_builder(egui::UiBuilder::new().accessibility_label("Lexicon entry"), |ui| {
                let title = match &form.original {
                    None => "New lexicon entry".to_owned(),
                    Some(o) => format!("Edit “{}”", o.phrase),
                };
                ui.label(RichText::new(title).strong().size(14.5));
                ui.add_space(4.0);
                form_fields_ui(ui, store, form);
                ui.add_space(6.0);
                let entry = form.entry();
                // Another entry the new one would replace (same phrase, same kind of meaning).
                if let Ok(e) = &entry {
                    let key = e.key();
                    let original = form.original.as_ref().map(Learned::key);
                    if original.as_ref() != Some(&key)
                        && let Some(other) = store.lexicon.iter().find(|l| l.key() == key)
                    {
                        ui.label(
                            RichText::new(format!(
                                "Saving replaces the entry “{}” → {}.",
                                other.phrase,
                                meaning_short(store, other)
                            ))
                            .color(theme::warning_text(dark)),
                        );
                    }
                }
                ui.horizontal(|ui| {
                    let save = ui
                        .add_enabled(entry.is_ok(), egui::Button::new(RichText::new("Save entry").strong()));
                    let save = match &entry {
                        Err(why) => save.on_disabled_hover_text(why),
                        Ok(_) => save
                            .on_hover_text("Ingest reads it from the next extraction (Undo takes it back)"),
                    };
                    if save.clicked()
                        && let Ok(e) = entry.clone()
                    {
                        if !form.unchanged() {
                            actions.push(Action::Edit(Box::new(save_edit(form.original.as_ref(), e))));
                        }
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                    if let Err(why) = &entry {
                        // A phrase too long is an error; a choice not made yet is a hint.
                        let color = if form.phrase.trim().is_empty() || why.starts_with("Choose") {
                            theme::weak(dark)
                        } else {
                            theme::error_text(dark)
                        };
                        ui.label(RichText::new(why).color(color));
                    }
                });
            });
        });
    if close {
        state.form = None;
    }
}

/// Phrase, what it does, and the topic, stance, speaker or actor.
fn form_fields_ui(ui: &mut Ui, store: &Store, form: &mut EntryForm) {
    let dark = ui.visuals().dark_mode;
    egui::Grid::new("lexicon-form").num_columns(2).spacing([10.0, 6.0]).show(ui, |ui| {
        let l = ui.label("Phrase");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut form.phrase)
                    .hint_text("the words as a text writes them")
                    .desired_width(320.0),
            )
            .labelled_by(l.id);
        if form.focus > 0 {
            r.request_focus();
            form.focus -= 1;
        }
        ui.end_row();

        let l = ui.label("It");
        egui::ComboBox::from_id_salt("lexicon-kind")
            .selected_text(form.kind.choice())
            .width(240.0)
            .show_ui(ui, |ui| {
                for k in MeaningKind::ALL {
                    ui.selectable_value(&mut form.kind, k, k.choice());
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();

        match form.kind {
            MeaningKind::Topic | MeaningKind::Stance => {
                let l = ui.label("Topic");
                let current =
                    form.topic.as_ref().map_or("— choose —".to_owned(), |t| topic_name(store, t));
                egui::ComboBox::from_id_salt("lexicon-topic")
                    .selected_text(current)
                    .width(240.0)
                    .show_ui(ui, |ui| {
                        for t in &store.topics {
                            let on = form.topic.as_ref() == Some(&t.id);
                            if ui.selectable_label(on, &t.name).on_hover_text(&t.proposition).clicked() {
                                form.topic = Some(t.id.clone());
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                if form.kind == MeaningKind::Stance {
                    ui.label("Stance");
                    ui.horizontal(|ui| {
                        let topic = form.topic.as_ref().and_then(|t| store.topic(t));
                        widgets::stance_picker(ui, topic, &mut form.stance);
                        let label = topic
                            .map_or(Stance::DEFAULT_LABELS[form.stance.index()], |t| t.label(form.stance));
                        ui.label(RichText::new(label).color(theme::weak(dark)));
                    });
                    ui.end_row();
                }
            }
            MeaningKind::Speaker => {
                let l = ui.label("Speaker");
                let current = form
                    .speaker
                    .as_ref()
                    .map_or("— choose —".to_owned(), |(n, a)| format!("{n} ({})", actor_name(store, a)));
                egui::ComboBox::from_id_salt("lexicon-speaker")
                    .selected_text(current)
                    .width(280.0)
                    .height(320.0)
                    .show_ui(ui, |ui| {
                        for a in &store.actors {
                            for s in &a.speakers {
                                let on =
                                    form.speaker.as_ref().is_some_and(|(n, id)| n == &s.name && id == &a.id);
                                let text = format!("{} ({})", s.name, a.name);
                                if ui.selectable_label(on, text).on_hover_text(&s.role).clicked() {
                                    form.speaker = Some((s.name.clone(), a.id.clone()));
                                }
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            }
            MeaningKind::Actor => {
                let l = ui.label("Actor");
                let current =
                    form.actor.as_ref().map_or("— choose —".to_owned(), |a| actor_name(store, a));
                egui::ComboBox::from_id_salt("lexicon-actor")
                    .selected_text(current)
                    .width(240.0)
                    .height(320.0)
                    .show_ui(ui, |ui| {
                        for a in &store.actors {
                            let on = form.actor.as_ref() == Some(&a.id);
                            if ui.selectable_label(on, &a.name).clicked() {
                                form.actor = Some(a.id.clone());
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Store {
        crate::store::sample()
    }

    #[test]
    fn meanings_read_in_words() {
        let store = sample();
        let t = store.topics[0].clone();
        let stance = Learned::new(
            "hostile act",
            Meaning::Stance { topic: t.id.clone(), stance: Stance::MIN },
            None,
            None,
        );
        assert_eq!(meaning_short(&store, &stance), format!("−2 on {}", t.name));
        assert_eq!(meaning_words(&store, &stance), format!("−2 {}, on {}", t.label(Stance::MIN), t.name));
        let gone = Learned::new("x", Meaning::Topic(TopicId("nowhere".into())), None, None);
        assert!(missing(&store, &gone).is_some());
        assert!(missing(&store, &stance).is_none());
    }

    #[test]
    fn a_change_of_key_forgets_the_old_entry_in_the_same_step() {
        let store = sample();
        let t = store.topics[0].id.clone();
        let old = Learned::new("tripwire", Meaning::Topic(t.clone()), None, None);
        let mut form = EntryForm::of(&old);
        assert!(form.unchanged());
        form.phrase = "tripwire mission".into();
        let Edit::Batch { edits, .. } = save_edit(Some(&old), form.entry().unwrap()) else {
            panic!("a batch")
        };
        assert!(matches!(&edits[..], [Edit::Unlearn(k), Edit::Learn(_)] if *k == old.key()));
        form.phrase = "Tripwire".into();
        let Edit::Batch { edits, .. } = save_edit(Some(&old), form.entry().unwrap()) else {
            panic!("a batch")
        };
        assert!(matches!(&edits[..], [Edit::Learn(_)]), "same key: changed in place");
        form.phrase = "one two three four five six seven eight nine".into();
        assert!(form.entry().is_err());
    }
}
