//! Managing actors (name, kind, colour, speakers with roles and aliases) and
//! topics (name, proposition, the five stance labels, keywords). Renaming an
//! id keeps every statement attached; deleting one that statements use is
//! refused with the count.

use egui::{RichText, Ui};

use super::{Action, theme};
use crate::edit::Edit;
use crate::model::{
    Actor, ActorId, ActorKind, Color, Speaker, Stance, Store, Topic, TopicId, is_slug, slugify,
};

/// Which list is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ManageTab {
    /// Actors and speakers.
    #[default]
    Actors,
    /// Topics.
    Topics,
}

#[derive(Clone, Debug, Default)]
struct SpeakerForm {
    name: String,
    role: String,
    aliases: String,
}

#[derive(Clone, Debug)]
struct ActorForm {
    original: Option<ActorId>,
    id: String,
    name: String,
    kind: ActorKind,
    color: [u8; 3],
    speakers: Vec<SpeakerForm>,
}

#[derive(Clone, Debug)]
struct TopicForm {
    original: Option<TopicId>,
    id: String,
    name: String,
    proposition: String,
    labels: [String; 5],
    keywords: String,
}

/// The window's state.
#[derive(Default)]
pub struct ManageState {
    /// Whether the window is open.
    pub open: bool,
    tab: ManageTab,
    actor: Option<ActorForm>,
    topic: Option<TopicForm>,
}

impl ActorForm {
    fn of(a: &Actor) -> Self {
        ActorForm {
            original: Some(a.id.clone()),
            id: a.id.0.clone(),
            name: a.name.clone(),
            kind: a.kind,
            color: a.color.0,
            speakers: a
                .speakers
                .iter()
                .map(|s| SpeakerForm {
                    name: s.name.clone(),
                    role: s.role.clone(),
                    aliases: s.aliases.join(", "),
                })
                .collect(),
        }
    }

    fn new_actor() -> Self {
        ActorForm {
            original: None,
            id: String::new(),
            name: String::new(),
            kind: ActorKind::State,
            color: [0x55, 0x7a, 0x95],
            speakers: vec![],
        }
    }

    fn problems(&self, store: &Store) -> Vec<String> {
        let mut p = Vec::new();
        let id = self.effective_id();
        if self.name.trim().is_empty() {
            p.push("The actor needs a name".to_owned());
        }
        if !is_slug(&id) {
            p.push("The id must be lower-case letters, digits and _ (for example `kremlin`)".to_owned());
        }
        if self.original.as_ref().is_none_or(|o| o.as_str() != id)
            && store.actor(&ActorId(id.clone())).is_some()
        {
            p.push(format!("Another actor already has the id `{id}`"));
        }
        let mut names = std::collections::HashSet::new();
        for s in &self.speakers {
            if s.name.trim().is_empty() {
                p.push("A speaker has no name".to_owned());
            }
            for n in std::iter::once(s.name.trim())
                .chain(s.aliases.split(',').map(str::trim))
                .filter(|n| !n.is_empty())
            {
                if !names.insert(n.to_lowercase()) {
                    p.push(format!("“{n}” names two speakers"));
                }
            }
        }
        p
    }

    fn effective_id(&self) -> String {
        if self.id.trim().is_empty() { slugify(&self.name) } else { self.id.trim().to_owned() }
    }

    fn to_actor(&self) -> Actor {
        Actor {
            id: ActorId(self.effective_id()),
            name: self.name.trim().to_owned(),
            kind: self.kind,
            color: Color(self.color),
            speakers: self
                .speakers
                .iter()
                .map(|s| Speaker {
                    name: s.name.trim().to_owned(),
                    role: s.role.trim().to_owned(),
                    aliases: s
                        .aliases
                        .split(',')
                        .map(|a| a.trim().to_owned())
                        .filter(|a| !a.is_empty())
                        .collect(),
                })
                .collect(),
        }
    }
}

impl TopicForm {
    fn of(t: &Topic) -> Self {
        TopicForm {
            original: Some(t.id.clone()),
            id: t.id.0.clone(),
            name: t.name.clone(),
            proposition: t.proposition.clone(),
            labels: t.labels.clone(),
            keywords: t.keywords.join(", "),
        }
    }

    fn new_topic() -> Self {
        TopicForm {
            original: None,
            id: String::new(),
            name: String::new(),
            proposition: String::new(),
            labels: Topic::default_labels(),
            keywords: String::new(),
        }
    }

    fn effective_id(&self) -> String {
        if self.id.trim().is_empty() { slugify(&self.name) } else { self.id.trim().to_owned() }
    }

    fn problems(&self, store: &Store) -> Vec<String> {
        let mut p = Vec::new();
        let id = self.effective_id();
        if self.name.trim().is_empty() {
            p.push("The topic needs a name".to_owned());
        }
        if self.proposition.trim().is_empty() {
            p.push("Write the proposition a positive stance supports".to_owned());
        }
        if !is_slug(&id) {
            p.push("The id must be lower-case letters, digits and _ (for example `ceasefire`)".to_owned());
        }
        if self.original.as_ref().is_none_or(|o| o.as_str() != id)
            && store.topic(&TopicId(id.clone())).is_some()
        {
            p.push(format!("Another topic already has the id `{id}`"));
        }
        p
    }

    fn to_topic(&self) -> Topic {
        Topic {
            id: TopicId(self.effective_id()),
            name: self.name.trim().to_owned(),
            proposition: self.proposition.trim().to_owned(),
            labels: self.labels.clone().map(|l| l.trim().to_owned()),
            keywords: self
                .keywords
                .split(',')
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty())
                .collect(),
        }
    }
}

fn labelled_text(ui: &mut Ui, label: &str, value: &mut String, hint: &str) {
    let l = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).hint_text(hint).desired_width(f32::INFINITY)).labelled_by(l.id);
}

/// Draws the window; returns the edit to apply when the analyst saves.
pub fn manage_ui(
    ctx: &egui::Context,
    area: egui::Rect,
    store: &Store,
    read_only: bool,
    state: &mut ManageState,
    actions: &mut Vec<Action>,
) {
    let mut open = state.open;
    egui::Window::new("Actors and topics")
        .open(&mut open)
        .constrain_to(area)
        .default_pos(area.min + egui::vec2(24.0, 16.0))
        .default_size([760.0_f32.min(area.width() - 48.0), 520.0_f32.min(area.height() - 32.0)])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut state.tab, ManageTab::Actors, RichText::new("Actors").strong());
                ui.selectable_value(&mut state.tab, ManageTab::Topics, RichText::new("Topics").strong());
                if read_only {
                    ui.label(RichText::new("read-only").color(theme::error_text(ui.visuals().dark_mode)));
                }
            });
            ui.separator();
            match state.tab {
                ManageTab::Actors => actors_ui(ui, store, read_only, state, actions),
                ManageTab::Topics => topics_ui(ui, store, read_only, state, actions),
            }
        });
    state.open = open;
}

fn actors_ui(
    ui: &mut Ui,
    store: &Store,
    read_only: bool,
    state: &mut ManageState,
    actions: &mut Vec<Action>,
) {
    ui.columns(2, |cols| {
        egui::ScrollArea::vertical().id_salt("manage-actor-list").max_height(440.0).show(
            &mut cols[0],
            |ui| {
                for a in &store.actors {
                    let n = store.statements_citing_actor(&a.id);
                    let selected = state.actor.as_ref().and_then(|f| f.original.as_ref()) == Some(&a.id);
                    ui.horizontal(|ui| {
                        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                        ui.painter().circle_filled(rect.center(), 4.5, theme::actor_color(a.color));
                        if ui.selectable_label(selected, format!("{}  ({n})", a.name)).clicked() {
                            state.actor = Some(ActorForm::of(a));
                        }
                    });
                }
                ui.add_space(6.0);
                if ui.add_enabled(!read_only, egui::Button::new("New actor")).clicked() {
                    state.actor = Some(ActorForm::new_actor());
                }
            },
        );
        let ui = &mut cols[1];
        let Some(form) = &mut state.actor else {
            ui.label("Pick an actor to edit it, or add a new one.");
            return;
        };
        // The fields scroll; the footer (Save, Delete) stays in view.
        let footer = 64.0;
        egui::ScrollArea::vertical()
            .id_salt("manage-actor-form")
            .max_height((ui.available_height() - footer).clamp(120.0, 440.0))
            .auto_shrink([false, true])
            .show(ui, |ui| {
                labelled_text(ui, "Name", &mut form.name, "Kremlin");
                labelled_text(ui, "Id", &mut form.id, &slugify(&form.name));
                ui.horizontal(|ui| {
                    let l = ui.label("Kind");
                    egui::ComboBox::from_id_salt("manage-actor-kind")
                        .selected_text(form.kind.as_str())
                        .show_ui(ui, |ui| {
                            for k in ActorKind::ALL {
                                ui.selectable_value(&mut form.kind, k, k.as_str());
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    let l = ui.label("Colour");
                    egui::color_picker::color_edit_button_srgb(ui, &mut form.color).labelled_by(l.id);
                });
                ui.add_space(4.0);
                ui.label(RichText::new("Speakers").strong());
                let mut remove = None;
                for (i, s) in form.speakers.iter_mut().enumerate() {
                    egui::Frame::group(ui.style()).inner_margin(4).show(ui, |ui| {
                        labelled_text(ui, "Speaker name", &mut s.name, "Dmitry Peskov");
                        labelled_text(ui, "Role", &mut s.role, "Kremlin spokesman");
                        labelled_text(
                            ui,
                            "Aliases",
                            &mut s.aliases,
                            "Peskov, Дмитрий Песков (comma-separated)",
                        );
                        if ui.small_button("Remove speaker").clicked() {
                            remove = Some(i);
                        }
                    });
                }
                if let Some(i) = remove {
                    form.speakers.remove(i);
                }
                if ui.button("Add a speaker").clicked() {
                    form.speakers.push(SpeakerForm::default());
                }
            });
        ui.add_space(6.0);
        let citing = form.original.as_ref().map(|id| store.statements_citing_actor(id));
        match form_footer_ui(ui, "actor", &form.problems(store), read_only, citing, "name this actor") {
            Click::Save => {
                let actor = form.to_actor();
                actions.push(Action::Edit(Box::new(match &form.original {
                    Some(id) => Edit::UpdateActor { id: id.clone(), actor: actor.clone() },
                    None => Edit::AddActor { index: usize::MAX, actor: actor.clone() },
                })));
                form.original = Some(actor.id.clone());
            }
            Click::Delete => {
                if let Some(id) = form.original.clone() {
                    actions.push(Action::Edit(Box::new(Edit::DeleteActor(id))));
                    state.actor = None;
                }
            }
            Click::Nothing => {}
        }
    });
}

/// What a good stance label is, said next to the five labels.
const LABEL_GUIDANCE: &str = "Write each label as the stance toward the proposition, true whoever \
    holds it: “backs ceding occupied land”, “rejects any cession” — not one side's action (“cedes”, \
    “demands all regions”). The number is always shown with it.";

fn topics_ui(
    ui: &mut Ui,
    store: &Store,
    read_only: bool,
    state: &mut ManageState,
    actions: &mut Vec<Action>,
) {
    ui.columns(2, |cols| {
        egui::ScrollArea::vertical().id_salt("manage-topic-list").max_height(440.0).show(
            &mut cols[0],
            |ui| {
                for t in &store.topics {
                    let n = store.statements_citing_topic(&t.id);
                    let selected = state.topic.as_ref().and_then(|f| f.original.as_ref()) == Some(&t.id);
                    if ui
                        .selectable_label(selected, format!("{}  ({n})", t.name))
                        .on_hover_text(&t.proposition)
                        .clicked()
                    {
                        state.topic = Some(TopicForm::of(t));
                    }
                }
                ui.add_space(6.0);
                if ui.add_enabled(!read_only, egui::Button::new("New topic")).clicked() {
                    state.topic = Some(TopicForm::new_topic());
                }
            },
        );
        let ui = &mut cols[1];
        let Some(form) = &mut state.topic else {
            ui.label("Pick a topic to edit it, or add a new one.");
            return;
        };
        // The fields scroll; the footer (Save, Delete) stays in view.
        let footer = 64.0;
        egui::ScrollArea::vertical()
            .id_salt("manage-topic-form")
            .max_height((ui.available_height() - footer).clamp(120.0, 440.0))
            .auto_shrink([false, true])
            .show(ui, |ui| {
                labelled_text(ui, "Name", &mut form.name, "Ceasefire");
                labelled_text(ui, "Id", &mut form.id, &slugify(&form.name));
                let l = ui.label("Proposition");
                ui.add(
                    egui::TextEdit::multiline(&mut form.proposition)
                        .hint_text("phrased so that a positive stance supports it")
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
                ui.label(RichText::new("What each stance means on this topic").strong());
                ui.add(
                    egui::Label::new(
                        RichText::new(LABEL_GUIDANCE).size(12.0).color(theme::weak(ui.visuals().dark_mode)),
                    )
                    .wrap(),
                );
                egui::Grid::new("manage-topic-labels").num_columns(2).show(ui, |ui| {
                    for (i, s) in Stance::ALL.iter().enumerate() {
                        let dark = ui.visuals().dark_mode;
                        let l = ui.label(
                            RichText::new(s.signed())
                                .strong()
                                .background_color(theme::stance_fill(*s, dark))
                                .color(theme::stance_text(*s, dark)),
                        );
                        ui.add(egui::TextEdit::singleline(&mut form.labels[i]).desired_width(240.0))
                            .labelled_by(l.id);
                        ui.end_row();
                    }
                });
                labelled_text(
                    ui,
                    "Keywords",
                    &mut form.keywords,
                    "truce, ceasefire (comma-separated; ingest and search use them)",
                );
            });
        ui.add_space(6.0);
        let citing = form.original.as_ref().map(|id| store.statements_citing_topic(id));
        match form_footer_ui(ui, "topic", &form.problems(store), read_only, citing, "take a position on it") {
            Click::Save => {
                let topic = form.to_topic();
                actions.push(Action::Edit(Box::new(match &form.original {
                    Some(id) => Edit::UpdateTopic { id: id.clone(), topic: topic.clone() },
                    None => Edit::AddTopic { index: usize::MAX, topic: topic.clone() },
                })));
                form.original = Some(topic.id.clone());
            }
            Click::Delete => {
                if let Some(id) = form.original.clone() {
                    actions.push(Action::Edit(Box::new(Edit::DeleteTopic(id))));
                    state.topic = None;
                }
            }
            Click::Nothing => {}
        }
    });
}

/// What a form's buttons asked for.
enum Click {
    Nothing,
    Save,
    Delete,
}

/// A form's problems, then "Save …" (only without problems) and, for one
/// already in the store (`citing`: how many statements use it), "Delete …",
/// refused while statements use it, saying how many and why.
fn form_footer_ui(
    ui: &mut Ui,
    what: &str,
    problems: &[String],
    read_only: bool,
    citing: Option<usize>,
    uses: &str,
) -> Click {
    for p in problems {
        ui.label(RichText::new(p).small().color(theme::error_text(ui.visuals().dark_mode)));
    }
    let mut click = Click::Nothing;
    ui.horizontal(|ui| {
        let save = egui::Button::new(RichText::new(format!("Save {what}")).strong());
        if ui.add_enabled(!read_only && problems.is_empty(), save).clicked() {
            click = Click::Save;
        }
        if let Some(n) = citing {
            let r = ui.add_enabled(!read_only && n == 0, egui::Button::new(format!("Delete {what}")));
            let r = if n > 0 {
                r.on_disabled_hover_text(format!(
                    "{n} statement{} {uses}; delete or move them first",
                    if n == 1 { "" } else { "s" }
                ))
            } else {
                r
            };
            if r.clicked() {
                click = Click::Delete;
            }
        }
    });
    click
}
