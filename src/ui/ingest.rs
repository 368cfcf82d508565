//! The Ingest tab: paste a live blog or an article (or open a .txt, .md or
//! .html file), set when and where it was published, and review the
//! candidate statements and the dated events (meetings, calls, summits,
//! talks…) found in it beside the text — edit any field, accept, reject, or
//! accept all (statements and events together) as one undoable step. A
//! candidate accepted after the analyst changed its topic, stance, actor or
//! speaker teaches ingest the phrases the text used ([`crate::ingest::lessons`]):
//! they join the store's lexicon in the same step, and the card says so.

use chrono::NaiveDate;
use egui::text::{CCursor, LayoutJob};
use egui::{Color32, FontId, RichText, TextFormat, Ui};

use super::widgets::date_text;
use super::{Action, Command, View, theme};
use crate::edit::Edit;
use crate::ingest::{
    self, Candidate, EventCandidate, Extraction, FieldDoubt, IngestOptions, Level, TopicStance, TraceField,
};
use crate::model::{
    ActorId, EventId, EventKind, Kind, Learned, PartialDate, Reliability, Source, Stance, Statement,
    StatementId, Store, Verification,
};

/// What became of a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Waiting for the analyst.
    Pending,
    /// Accepted as this statement.
    Accepted(StatementId),
    /// Dropped.
    Rejected,
}

/// A candidate as the analyst reviews it.
#[derive(Clone, Debug)]
pub struct Card {
    /// The candidate (edited in place).
    pub candidate: Candidate,
    /// The candidate as ingest proposed it: what the analyst's changes are
    /// measured against when it is accepted (what ingest learns).
    pub proposed: Candidate,
    /// What accepting it taught the lexicon (empty when the analyst
    /// accepted it as proposed).
    pub learned: Vec<Learned>,
    /// The date as typed.
    pub date_text: String,
    /// Accepted, rejected or pending.
    pub status: Status,
    /// The fields the analyst has changed: no longer in doubt.
    pub edited: Vec<TraceField>,
}

impl Card {
    /// The fields still in doubt (not high, not changed by the analyst), weakest first.
    pub fn doubts(&self) -> Vec<FieldDoubt> {
        self.candidate
            .doubts()
            .into_iter()
            .filter(|d| d.level() != Level::High && !self.edited.contains(&d.field))
            .collect()
    }

    /// How sure the card is: its weakest field still in doubt (1.0 when none is).
    pub fn confidence(&self) -> f32 {
        self.doubts().first().map_or(1.0, |d| d.confidence)
    }
}

/// The order of the statement candidates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CardOrder {
    /// The most doubtful first (the weakest field's confidence), then in the order of the text.
    #[default]
    DoubtfulFirst,
    /// In the order of the text.
    Text,
}

/// What became of an event candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventStatus {
    /// Waiting for the analyst.
    Pending,
    /// Accepted as this event.
    Accepted(EventId),
    /// Dropped.
    Rejected,
}

/// An event candidate as the analyst reviews it.
#[derive(Clone, Debug)]
pub struct EventCard {
    /// The candidate (edited in place).
    pub candidate: EventCandidate,
    /// The date as typed.
    pub date_text: String,
    /// The end date as typed (empty: one day).
    pub end_text: String,
    /// Accepted, rejected or pending.
    pub status: EventStatus,
}

impl EventCard {
    fn new(candidate: EventCandidate) -> EventCard {
        EventCard {
            date_text: candidate.date.to_string(),
            end_text: candidate.end.map(|d| d.to_string()).unwrap_or_default(),
            candidate,
            status: EventStatus::Pending,
        }
    }

    /// The event to add, or why it cannot be added yet (a bad date, no title).
    fn ready(&self, source: &Source) -> Result<crate::model::Event, String> {
        let line = self.candidate.line;
        let date = PartialDate::parse(self.date_text.trim())
            .map_err(|_| format!("line {line}: write the date as YYYY-MM-DD, YYYY-MM or YYYY"))?;
        let end = match self.end_text.trim() {
            "" => None,
            t => Some(
                PartialDate::parse(t)
                    .map_err(|_| format!("line {line}: write the end date as YYYY-MM-DD"))?,
            ),
        };
        let mut c = self.candidate.clone();
        c.date = date;
        c.end = end;
        c.to_event(source).map_err(|e| e.to_string())
    }
}

/// What the extraction was run on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExtractKey {
    /// The text.
    pub text: String,
    /// Publication date.
    pub published: NaiveDate,
    /// Outlet.
    pub outlet: String,
    /// The store's state (speakers, keywords, statements for duplicates).
    pub generation: u64,
}

/// The tab's state.
pub struct IngestState {
    /// The pasted or opened text.
    pub text: String,
    /// When it was published (default: today).
    pub published: Option<NaiveDate>,
    /// The outlet.
    pub outlet: String,
    /// The article's address.
    pub url: String,
    /// The outlet's reliability.
    pub reliability: Reliability,
    /// The candidates found, as the analyst is reviewing them.
    pub cards: Vec<Card>,
    /// The event candidates found, as the analyst is reviewing them.
    pub events: Vec<EventCard>,
    /// The event candidate whose sentences are highlighted.
    pub selected_event: Option<usize>,
    /// Why nothing was found, or a note on the input.
    pub message: Option<String>,
    /// The candidate whose sentence is highlighted.
    pub selected: Option<usize>,
    /// What the cards were found in.
    pub found_for: Option<ExtractKey>,
    /// An extraction is running for this.
    pub pending: Option<ExtractKey>,
    /// The analyst has accepted, rejected or edited a card since the last extraction.
    pub touched: bool,
    /// The order of the statement candidates: the doubtful first, or as in the text.
    pub order: CardOrder,
    scroll_text: bool,
}

impl Default for IngestState {
    fn default() -> Self {
        IngestState {
            text: String::new(),
            published: None,
            outlet: String::new(),
            url: String::new(),
            reliability: Reliability::B,
            cards: Vec::new(),
            events: Vec::new(),
            selected_event: None,
            message: None,
            selected: None,
            found_for: None,
            pending: None,
            touched: false,
            order: CardOrder::default(),
            scroll_text: false,
        }
    }
}

impl IngestState {
    /// Takes a finished extraction.
    pub fn set_extraction(&mut self, key: ExtractKey, extraction: Extraction) {
        if self.pending.as_ref() == Some(&key) {
            self.pending = None;
        }
        self.cards = extraction
            .candidates
            .into_iter()
            .map(|c| Card {
                date_text: c.date.map(|d| d.to_string()).unwrap_or_default(),
                proposed: c.clone(),
                learned: Vec::new(),
                candidate: c,
                status: Status::Pending,
                edited: Vec::new(),
            })
            .collect();
        self.events = extraction.events.into_iter().map(EventCard::new).collect();
        self.message = extraction.message;
        self.selected = None;
        self.selected_event = None;
        self.found_for = Some(key);
        self.touched = false;
    }

    /// Replaces the text (a file was opened).
    pub fn set_text(&mut self, text: String) {
        self.text = text;
        self.cards.clear();
        self.events.clear();
        self.selected_event = None;
        self.found_for = None;
        self.touched = false;
        self.selected = None;
    }

    fn key(&self, view: &View, today: NaiveDate) -> ExtractKey {
        ExtractKey {
            text: self.text.clone(),
            published: self.published.unwrap_or(today),
            outlet: self.outlet.trim().to_owned(),
            generation: view.store_generation,
        }
    }

    /// The indices of the cards in the order shown: the doubtful first
    /// (ties in the order of the text), or in the order of the text.
    pub fn card_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.cards.len()).collect();
        if self.order == CardOrder::DoubtfulFirst {
            let sure: Vec<f32> = self.cards.iter().map(Card::confidence).collect();
            order.sort_by(|&a, &b| sure[a].total_cmp(&sure[b]).then(a.cmp(&b)));
        }
        order
    }

    fn source(&self, today: NaiveDate) -> Source {
        Source {
            outlet: self.outlet.trim().to_owned(),
            url: Some(self.url.trim().to_owned()).filter(|u| !u.is_empty()),
            published: Some(PartialDate::day(self.published.unwrap_or(today))),
            reliability: self.reliability,
        }
    }
}

/// What the Ingest tab asks of the app.
#[derive(Clone, Debug)]
pub enum IngestAction {
    /// Find candidates in this text, on a thread.
    Extract(ExtractKey, IngestOptions),
    /// Ask for a .txt, .md or .html file and load its text.
    OpenFile,
}

/// The status shown for an event card: accepted only while its event is in the store.
fn event_status(store: &Store, card: &EventCard) -> EventStatus {
    match card.status {
        EventStatus::Accepted(id) if store.event(id).is_none() => EventStatus::Pending,
        s => s,
    }
}

/// The status shown for a card: accepted only while its statement is in the store.
fn status(store: &Store, card: &Card) -> Status {
    match card.status {
        Status::Accepted(id) if store.statement(id).is_none() => Status::Pending,
        s => s,
    }
}

/// Draws the tab.
pub fn ingest_ui(ui: &mut Ui, view: &View, state: &mut IngestState, actions: &mut Vec<Action>) {
    let today = view.today;
    let dark = view.dark;

    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Open file…")
            .on_hover_text("A .txt, .md or .html file (HTML is reduced to its text)")
            .clicked()
        {
            actions.push(Action::Ingest(IngestAction::OpenFile));
        }
        ui.separator();
        let mut published = state.published.or(Some(today));
        super::widgets::date_field(ui, "Published", "ingest-published", &mut published, false);
        state.published = published;
        let l = ui.label("Outlet");
        ui.add(egui::TextEdit::singleline(&mut state.outlet).hint_text("The Times").desired_width(140.0))
            .labelled_by(l.id);
        let l = ui.label("URL");
        ui.add(egui::TextEdit::singleline(&mut state.url).hint_text("https://…").desired_width(180.0))
            .labelled_by(l.id);
        super::widgets::reliability_combo(ui, "Reliability", "ingest-reliability", &mut state.reliability);
    });
    ui.label(
        RichText::new("“Today”, “yesterday” and “on Wednesday” are read against the publication date.")
            .small()
            .color(theme::weak(dark)),
    );
    ui.add_space(4.0);

    // Find candidates whenever the text or its dates change, unless the
    // analyst has started reviewing (then only on request).
    let key = state.key(view, today);
    let stale = state.found_for.as_ref() != Some(&key);
    let running = state.pending.as_ref() == Some(&key);
    if stale && !running && !state.text.trim().is_empty() && !state.touched {
        state.pending = Some(key.clone());
        actions.push(Action::Ingest(IngestAction::Extract(
            key.clone(),
            IngestOptions { published: key.published, outlet: key.outlet.clone() },
        )));
    }

    ui.columns(2, |cols| {
        text_ui(&mut cols[0], state, dark);
        cards_ui(&mut cols[1], view, state, running, today, actions);
    });
}

fn text_ui(ui: &mut Ui, state: &mut IngestState, dark: bool) {
    let l = ui.label(RichText::new("Text").strong());
    let spans: Vec<std::ops::Range<usize>> = state
        .cards
        .iter()
        .map(|c| c.candidate.span.clone())
        .chain(state.events.iter().flat_map(|e| e.candidate.sentences.iter().cloned()))
        .collect();
    let selected: Vec<std::ops::Range<usize>> = match (state.selected, state.selected_event) {
        (Some(i), _) => state.cards.get(i).map(|c| c.candidate.sentences.clone()).unwrap_or_default(),
        (None, Some(i)) => state.events.get(i).map(|e| e.candidate.sentences.clone()).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (soft, strong) = if dark {
        (Color32::from_rgb(0x2a, 0x33, 0x3d), Color32::from_rgb(0x6b, 0x55, 0x10))
    } else {
        (Color32::from_rgb(0xe9, 0xef, 0xf6), Color32::from_rgb(0xff, 0xe5, 0x8f))
    };
    let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap: f32| {
        let text = buf.as_str();
        let base = TextFormat {
            font_id: FontId::proportional(13.5),
            color: ui.visuals().text_color(),
            ..Default::default()
        };
        let mut job = LayoutJob::default();
        // Byte boundaries where the background changes.
        let mut cuts: Vec<usize> = vec![0, text.len()];
        for r in spans.iter().chain(&selected) {
            cuts.push(r.start.min(text.len()));
            cuts.push(r.end.min(text.len()));
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a >= b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                continue;
            }
            let bg = if selected.iter().any(|r| r.start <= a && b <= r.end) {
                strong
            } else if spans.iter().any(|r| r.start <= a && b <= r.end) {
                soft
            } else {
                Color32::TRANSPARENT
            };
            job.append(&text[a..b], 0.0, TextFormat { background: bg, ..base.clone() });
        }
        job.wrap.max_width = wrap;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    egui::ScrollArea::vertical().id_salt("ingest-text").auto_shrink([false, false]).show(ui, |ui| {
        let out = egui::TextEdit::multiline(&mut state.text)
            .hint_text("Paste a live blog or an article here (Ctrl+V), or open a file")
            .desired_width(f32::INFINITY)
            .desired_rows(30)
            .layouter(&mut layouter)
            .show(ui);
        out.response.response.clone().labelled_by(l.id);
        if state.scroll_text {
            state.scroll_text = false;
            let start = match (state.selected, state.selected_event) {
                (Some(i), _) => state.cards.get(i).map(|c| c.candidate.span.start),
                (None, Some(i)) => state.events.get(i).map(|e| e.candidate.span.start),
                _ => None,
            };
            if let Some(start) = start {
                let at = state.text.get(..start.min(state.text.len())).map_or(0, |t| t.chars().count());
                let rect = out.galley.pos_from_cursor(CCursor::new(at)).translate(out.galley_pos.to_vec2());
                ui.scroll_to_rect(rect, Some(egui::Align::Center));
            }
        }
    });
}

fn cards_ui(
    ui: &mut Ui,
    view: &View,
    state: &mut IngestState,
    running: bool,
    today: NaiveDate,
    actions: &mut Vec<Action>,
) {
    let store = view.store;
    let dark = view.dark;
    let source = state.source(today);
    cards_header_ui(ui, view, state, running, &source, actions);
    let text_changed = state.found_for.as_ref().is_some_and(|k| {
        let now = state.key(view, today);
        k.text != now.text || k.published != now.published || k.outlet != now.outlet
    });
    if text_changed && state.touched && !state.text.trim().is_empty() {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("The text or the date changed since these were found.")
                    .color(theme::weak(dark)),
            );
            if ui
                .button("Find statements again")
                .on_hover_text("Your edits to these candidates are dropped")
                .clicked()
            {
                state.touched = false;
            }
        });
    }
    if let Some(m) = &state.message {
        ui.label(RichText::new(m).color(theme::weak(dark)));
    }
    if state.text.trim().is_empty() {
        ui.add_space(20.0);
        ui.label("Paste a text on the left: the statements it reports appear here, with who said what, when, on which topics.");
    }

    egui::ScrollArea::vertical().id_salt("ingest-cards").auto_shrink([false, false]).show(ui, |ui| {
        let actors: Vec<(ActorId, String)> =
            store.actors.iter().map(|a| (a.id.clone(), a.name.clone())).collect();
        let shown_events = state.events.iter().filter(|e| event_status(store, e) != EventStatus::Rejected).count();
        if shown_events > 0 {
            ui.label(RichText::new(format!("Event candidates ({shown_events})")).strong())
                .on_hover_text("Dated meetings, calls, summits and talks the text names: accepted, they join the store's events (timelines, shifts, briefs)");
            event_cards_ui(ui, view, state, &actors, &source, actions);
            if !state.cards.is_empty() {
                ui.label(RichText::new("Statement candidates").strong());
            }
        }
        if !state.cards.is_empty() {
            order_ui(ui, state);
        }
        for i in state.card_order() {
            let st = status(store, &state.cards[i]);
            if st == Status::Rejected {
                continue;
            }
            let selected = state.selected == Some(i);
            // What the cards were found in (what their sentences point into).
            let text = state.found_for.as_ref().map_or(state.text.as_str(), |k| k.text.as_str());
            let inner = card_frame(ui, selected)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    card_ui(ui, view, &mut state.cards[i], st, (&actors, &source, text), i, actions)
                });
            if inner.inner {
                state.touched = true;
            }
            // A click anywhere on the card (its buttons included) selects it; the card
            // does not take clicks itself, so its buttons and fields keep working.
            let clicked = inner.response.contains_pointer() && ui.input(|inp| inp.pointer.primary_clicked());
            if clicked && state.selected != Some(i) {
                state.selected = Some(i);
                state.selected_event = None;
                state.scroll_text = true;
            }
            ui.add_space(6.0);
        }
    });
}

/// Doubtful first, or in the order of the text (remembered in the tab's state).
fn order_ui(ui: &mut Ui, state: &mut IngestState) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Order").small());
        ui.selectable_value(&mut state.order, CardOrder::DoubtfulFirst, "Doubtful first")
            .on_hover_text("The candidates whose weakest field is least sure come first");
        ui.selectable_value(&mut state.order, CardOrder::Text, "As in the text")
            .on_hover_text("The candidates in the order of the text");
    });
}

/// A card's frame, filled when it is the selected one.
fn card_frame(ui: &Ui, selected: bool) -> egui::Frame {
    egui::Frame::group(ui.style()).inner_margin(8).corner_radius(6).fill(if selected {
        ui.visuals().selection.bg_fill.gamma_multiply(0.35)
    } else {
        Color32::TRANSPARENT
    })
}

/// "Candidates", how many were found, and Accept all: every statement that
/// has an actor and a topic and every event that has a title and a date,
/// none already in the store, as one undoable step.
fn cards_header_ui(
    ui: &mut Ui,
    view: &View,
    state: &mut IngestState,
    running: bool,
    source: &Source,
    actions: &mut Vec<Action>,
) {
    let (store, dark) = (view.store, view.dark);
    let pending: Vec<usize> =
        (0..state.cards.len()).filter(|&i| status(store, &state.cards[i]) == Status::Pending).collect();
    let ready: Vec<usize> = pending
        .iter()
        .copied()
        .filter(|&i| {
            state.cards[i].candidate.duplicate_of.is_none()
                && state.cards[i].candidate.to_statement(store, source).is_ok()
        })
        .collect();
    let pending_events: Vec<usize> = (0..state.events.len())
        .filter(|&i| event_status(store, &state.events[i]) == EventStatus::Pending)
        .collect();
    let ready_events: Vec<usize> = pending_events
        .iter()
        .copied()
        .filter(|&i| {
            state.events[i].candidate.duplicate_of.is_none() && state.events[i].ready(source).is_ok()
        })
        .collect();
    ui.horizontal(|ui| {
        ui.label(RichText::new("Candidates").strong());
        if running {
            ui.spinner();
        }
        let (n, e) = (state.cards.len(), state.events.len());
        let to_review = pending.len() + pending_events.len();
        let found = match e {
            0 => format!("{n} found, {to_review} to review"),
            _ => format!("{n} found, {e} event{}, {to_review} to review", if e == 1 { "" } else { "s" }),
        };
        // The button first, from the right, so that it stays in the column;
        // the count takes what is left (cut with "…" in a narrow column).
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let any = !ready.is_empty() || !ready_events.is_empty();
            let r = ui.add_enabled(!view.read_only && any, egui::Button::new("Accept all"));
            let r = r.on_hover_text("Accept every statement that has an actor and a topic, and every event, that is not already in the store, as one step (Undo takes it back)");
            if r.clicked() {
                let text = state.found_for.as_ref().map_or(state.text.as_str(), |k| k.text.as_str());
                let mut edits = Vec::new();
                let mut lessons = Vec::new();
                // Read the store for learning once, and only if a card was corrected.
                let mut teacher: Option<ingest::Teacher> = None;
                for &i in &ready {
                    let card = &mut state.cards[i];
                    if let Ok(s) = card.candidate.to_statement(store, source) {
                        card.status = Status::Accepted(s.id);
                        card.learned = if card.candidate == card.proposed {
                            Vec::new()
                        } else {
                            let t = teacher.get_or_insert_with(|| ingest::Teacher::new(store));
                            t.lessons(&card.proposed, text, &s, None)
                        };
                        lessons.extend(card.learned.iter().cloned().map(Edit::Learn));
                        edits.push(Edit::AddStatement(s));
                    }
                }
                let statements = edits.len();
                for &i in &ready_events {
                    if let Ok(ev) = state.events[i].ready(source) {
                        state.events[i].status = EventStatus::Accepted(ev.id);
                        edits.push(Edit::AddEvent(ev));
                    }
                }
                state.touched = true;
                let mut label = accept_label(statements, edits.len() - statements);
                if !lessons.is_empty() {
                    label.push_str(&format!(", learn {}", phrases(lessons.len())));
                }
                edits.extend(lessons);
                actions.push(Action::Edit(Box::new(Edit::Batch { label, edits })));
            }
            let lexicon = view.store.lexicon.len();
            let r = ui.button(format!("Lexicon ({lexicon})")).on_hover_text(
                "The phrases analysts taught ingest by correcting its candidates: see, edit, add or remove them",
            );
            if r.clicked() {
                actions.push(Action::Command(Command::Lexicon));
            }
            if n + e > 0 {
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(egui::Label::new(RichText::new(found).color(theme::weak(dark))).truncate());
                });
            }
        });
    });
}

/// "1 phrase", "2 phrases".
fn phrases(n: usize) -> String {
    format!("{n} phrase{}", if n == 1 { "" } else { "s" })
}

/// Accepting one candidate: the statement, and what the analyst's changes
/// taught, as one undo step ("Accept statement, learn 2 phrases"); the
/// statement alone when they taught nothing.
fn accept_edit(statement: Statement, lessons: &[Learned]) -> Edit {
    if lessons.is_empty() {
        return Edit::AddStatement(statement);
    }
    let label = format!("Accept statement, learn {}", phrases(lessons.len()));
    let mut edits = vec![Edit::AddStatement(statement)];
    edits.extend(lessons.iter().cloned().map(Edit::Learn));
    Edit::Batch { label, edits }
}

/// "Accept 3 ingested statements and 1 event".
fn accept_label(statements: usize, events: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match (statements, events) {
        (s, 0) => format!("Accept {s} ingested statement{}", plural(s)),
        (0, e) => format!("Accept {e} ingested event{}", plural(e)),
        (s, e) => format!("Accept {s} ingested statement{} and {e} event{}", plural(s), plural(e)),
    }
}

/// The event candidates, each in its card; a click on one highlights its sentences.
fn event_cards_ui(
    ui: &mut Ui,
    view: &View,
    state: &mut IngestState,
    actors: &[(ActorId, String)],
    source: &Source,
    actions: &mut Vec<Action>,
) {
    for i in 0..state.events.len() {
        let st = event_status(view.store, &state.events[i]);
        if st == EventStatus::Rejected {
            continue;
        }
        let selected = state.selected_event == Some(i);
        let inner = card_frame(ui, selected).show(ui, |ui| {
            ui.set_width(ui.available_width());
            event_card_ui(ui, view, &mut state.events[i], st, actors, source, i, actions)
        });
        if inner.inner {
            state.touched = true;
        }
        let clicked = inner.response.contains_pointer() && ui.input(|inp| inp.pointer.primary_clicked());
        if clicked && state.selected_event != Some(i) {
            state.selected_event = Some(i);
            state.selected = None;
            state.scroll_text = true;
        }
        ui.add_space(6.0);
    }
}

/// One event candidate: where the text names it, how sure the detector is
/// (its reasons on hover), whether the store holds it, its fields, and
/// Accept event / Reject. Returns whether the analyst changed anything.
#[allow(clippy::too_many_arguments)]
fn event_card_ui(
    ui: &mut Ui,
    view: &View,
    card: &mut EventCard,
    st: EventStatus,
    actors: &[(ActorId, String)],
    source: &Source,
    i: usize,
    actions: &mut Vec<Action>,
) -> bool {
    let (store, dark) = (view.store, view.dark);
    let c = &card.candidate;
    let lines: Vec<String> = c.lines.iter().map(|l| l.to_string()).collect();
    let where_ =
        if lines.len() == 1 { format!("line {}", lines[0]) } else { format!("lines {}", lines.join(", ")) };
    ui.horizontal_wrapped(|ui| {
        let when = PartialDate::parse(card.date_text.trim()).map_or(card.date_text.clone(), date_text);
        ui.label(RichText::new(format!("Event: {} on {when}", c.kind)).strong());
        ui.label(RichText::new(where_).small().color(theme::weak(dark)));
        if let EventStatus::Accepted(_) = st {
            ui.label(RichText::new("Accepted").strong().color(theme::stance_fill(Stance::MAX, dark)));
        }
        if c.announced {
            ui.label(RichText::new("announced").small().color(theme::warning_text(dark)))
                .on_hover_text("Told as to come: the date is the planned one");
        }
        let why: Vec<String> = c.trace.steps.iter().map(|s| s.to_string()).collect();
        ui.label(
            RichText::new(format!("{:.0} % sure", c.confidence * 100.0)).small().color(theme::weak(dark)),
        )
        .on_hover_text(why.join("\n"));
    });
    if let Some(e) = c.duplicate_of.and_then(|id| store.event(id)) {
        ui.label(
            RichText::new(format!("Already in the store: {} — {}", e.title, e.when()))
                .small()
                .color(theme::error_text(dark)),
        );
    }
    let mut touched = false;
    let editable = st == EventStatus::Pending && !view.read_only;
    ui.add_enabled_ui(editable, |ui| {
        touched |= event_fields_ui(ui, view, card, i);
        touched |= event_actors_ui(ui, view, &mut card.candidate, actors, i);
    });
    if st == EventStatus::Pending {
        ui.horizontal(|ui| {
            let ready = card.ready(source);
            let accept = ui.add_enabled(
                !view.read_only && ready.is_ok(),
                egui::Button::new(RichText::new("Accept event").strong()),
            );
            let accept = match &ready {
                Err(why) => accept.on_disabled_hover_text(why.as_str()),
                Ok(_) => accept.on_hover_text("Add it to the store's events (Undo takes it back)"),
            };
            if accept.clicked()
                && let Ok(e) = ready
            {
                card.status = EventStatus::Accepted(e.id);
                actions.push(Action::Edit(Box::new(Edit::AddEvent(e))));
                touched = true;
            }
            if ui.button("Reject").clicked() {
                card.status = EventStatus::Rejected;
                touched = true;
            }
        });
    }
    touched
}

/// Title, kind, date, end and place.
fn event_fields_ui(ui: &mut Ui, view: &View, card: &mut EventCard, i: usize) -> bool {
    let dark = view.dark;
    let mut touched = false;
    egui::Grid::new(("ingest-event-grid", i)).num_columns(2).spacing([8.0, 4.0]).show(ui, |ui| {
        let l = ui.label("Title");
        touched |= ui
            .add(egui::TextEdit::singleline(&mut card.candidate.title).desired_width(f32::INFINITY))
            .labelled_by(l.id)
            .changed();
        ui.end_row();

        let l = ui.label("Kind");
        egui::ComboBox::from_id_salt(("ingest-event-kind", i))
            .selected_text(card.candidate.kind.as_str())
            .show_ui(ui, |ui| {
                for k in EventKind::ALL {
                    touched |= ui.selectable_value(&mut card.candidate.kind, k, k.as_str()).changed();
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();

        for (label, hint, text) in
            [("Date", "YYYY-MM-DD", &mut card.date_text), ("End", "one day", &mut card.end_text)]
        {
            let l = ui.label(label);
            let bad = (!text.trim().is_empty() && PartialDate::parse(text.trim()).is_err())
                || (label == "Date" && text.trim().is_empty());
            let mut edit = egui::TextEdit::singleline(text).hint_text(hint).desired_width(110.0);
            if bad {
                edit = edit.background_color(theme::error_fill(dark));
            }
            touched |= ui.add(edit).labelled_by(l.id).changed();
            ui.end_row();
        }

        let l = ui.label("Place");
        touched |= ui
            .add(
                egui::TextEdit::singleline(&mut card.candidate.place)
                    .hint_text("where")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id)
            .changed();
        ui.end_row();
    });
    touched
}

/// The actors taking part, each removable, and one to add.
fn event_actors_ui(
    ui: &mut Ui,
    view: &View,
    c: &mut EventCandidate,
    actors: &[(ActorId, String)],
    i: usize,
) -> bool {
    let (store, dark) = (view.store, view.dark);
    let mut touched = false;
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        ui.label("Actors");
        for (k, a) in c.actors.iter().enumerate() {
            let name = store.actor(a).map_or(a.as_str(), |x| x.name.as_str());
            if ui.small_button(format!("{name} ✕")).on_hover_text(format!("Remove {name}")).clicked() {
                remove = Some(k);
            }
        }
        let l = ui.label(RichText::new("add").color(theme::weak(dark)));
        egui::ComboBox::from_id_salt(("ingest-event-add-actor", i))
            .selected_text("choose…")
            .show_ui(ui, |ui| {
                let mut add = None;
                for (id, name) in actors.iter().filter(|(id, _)| !c.actors.contains(id)) {
                    if ui.selectable_label(false, name).clicked() {
                        add = Some(id.clone());
                    }
                }
                if let Some(id) = add {
                    c.actors.push(id);
                    touched = true;
                }
            })
            .response
            .labelled_by(l.id);
    });
    if let Some(k) = remove {
        c.actors.remove(k);
        touched = true;
    }
    touched
}

/// One candidate: its fields, editable, and Accept / Reject. Returns
/// whether the analyst changed anything.
///
/// `(actors, source, text)`: the actors to choose from, the source of the
/// statements, and the text the candidates were found in.
fn card_ui(
    ui: &mut Ui,
    view: &View,
    card: &mut Card,
    st: Status,
    (actors, source, text): (&[(ActorId, String)], &Source, &str),
    i: usize,
    actions: &mut Vec<Action>,
) -> bool {
    card_header_ui(ui, view, card, st);
    if let Status::Accepted(_) = st
        && !card.learned.is_empty()
    {
        learned_ui(ui, view, &card.learned, actions);
    }
    let mut touched = false;
    let editable = st == Status::Pending && !view.read_only;
    ui.add_enabled_ui(editable, |ui| {
        touched |= card_fields_ui(ui, view, card, actors, i);
        touched |= card_topics_ui(ui, view, &mut card.candidate, i);
        let c = &mut card.candidate;
        let l = ui.label("Quote");
        touched |= ui
            .add(egui::TextEdit::multiline(&mut c.quote).desired_rows(2).desired_width(f32::INFINITY))
            .labelled_by(l.id)
            .changed();
        touched |= ui.checkbox(&mut c.paraphrase, "Paraphrase").changed();
    });
    if st == Status::Pending {
        touched |= card_decision_ui(ui, view, card, source, text, actions);
    }
    touched
}

/// "Learned: “tripwire mission” → Foreign troops (Forget) · …", quietly,
/// and a way to the lexicon. A lesson no longer in the lexicon is not shown.
fn learned_ui(ui: &mut Ui, view: &View, learned: &[Learned], actions: &mut Vec<Action>) {
    let weak = theme::weak(view.dark);
    let kept: Vec<&Learned> =
        learned.iter().filter(|l| view.store.lexicon.iter().any(|x| x.key() == l.key())).collect();
    if kept.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Learned:").small().color(weak)).on_hover_text(
            "Your changes to this candidate taught ingest these phrases: it reads them from the next \
             extraction on (Undo takes them back with the statement; Forget drops one and keeps the statement)",
        );
        for (n, l) in kept.iter().enumerate() {
            if n > 0 {
                ui.label(RichText::new("·").small().color(weak));
            }
            let line = super::lexicon::learned_line(view.store, std::slice::from_ref(*l));
            ui.label(RichText::new(line).small().color(weak));
            if !view.read_only {
                let forget = ui.link(RichText::new("Forget").small());
                let forget = forget.on_hover_text("A wrong guess: take this phrase out of the lexicon (Undo brings it back)");
                forget.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Link, true, format!("Forget “{}”", l.phrase))
                });
                if forget.clicked() {
                    actions.push(Action::Edit(Box::new(Edit::Unlearn(l.key()))));
                }
            }
        }
        if ui
            .link(RichText::new("Lexicon…").small())
            .on_hover_text("Open the lexicon: every phrase taught, to edit or remove")
            .clicked()
        {
            actions.push(Action::Command(Command::Lexicon));
        }
    });
}

/// The card's lines, status, verification and whether the store already holds it.
fn card_header_ui(ui: &mut Ui, view: &View, card: &Card, st: Status) {
    let (store, dark) = (view.store, view.dark);
    let c = &card.candidate;
    let lines = if c.last_line > c.line {
        format!("lines {}–{}", c.line, c.last_line)
    } else {
        format!("line {}", c.line)
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(lines).small().color(theme::weak(dark)));
        if let Status::Accepted(_) = st {
            ui.label(RichText::new("Accepted").strong().color(theme::stance_fill(Stance::MAX, dark)));
        }
        if c.verification != Verification::Confirmed {
            ui.label(RichText::new(c.verification.as_str()).small().color(theme::error_text(dark)));
        }
        if c.background {
            chip(ui, "Background", dark).on_hover_text(
                "Framed as long-standing (“has long”, “has repeatedly”, “since 2022”), not news of the day: \
                 it is dated only as the text dates it, and takes the date you give",
            );
        }
        if let Some(by) = &c.reported_by {
            let name = store.actor(by).map_or(by.as_str(), |a| a.name.as_str());
            chip(ui, &format!("Reported by {name}"), dark)
                .on_hover_text("Another actor's account of this actor's position");
        }
    });
    // The fields in doubt, the weakest first (two at most; all on hover).
    let doubts = card.doubts();
    if !doubts.is_empty() {
        let all: Vec<String> = doubts.iter().map(FieldDoubt::label).collect();
        ui.horizontal_wrapped(|ui| {
            for d in doubts.iter().take(2) {
                let color = if d.level() == Level::Low { theme::error_text(dark) } else { theme::weak(dark) };
                ui.label(RichText::new(doubt_label(d)).small().color(color)).on_hover_text(all.join("\n"));
            }
        });
    }
    if let Some(d) = c.duplicate_of.and_then(|id| store.statement(id)) {
        ui.label(
            RichText::new(format!(
                "Already in the store: {} — {}",
                super::widgets::who(store, d),
                date_text(d.date)
            ))
            .small()
            .color(theme::error_text(dark)),
        );
    }
}

/// A small framed label ("Background").
fn chip(ui: &mut Ui, text: &str, dark: bool) -> egui::Response {
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, theme::weak(dark)))
        .corner_radius(8)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| ui.label(RichText::new(text).small().strong()))
        .inner
}

/// "topic? low: one weak keyword “troops” → troops": the field, its level
/// and the reason, short.
fn doubt_label(d: &FieldDoubt) -> String {
    let field = match &d.topic {
        Some(t) => format!("{} {t}", d.field.name()),
        None => d.field.name().to_owned(),
    };
    let rule = d.rule.split(':').next().unwrap_or(d.rule);
    let detail: String = d.detail.chars().take(60).collect();
    let more = if d.detail.chars().count() > 60 { "…" } else { "" };
    if detail.is_empty() {
        format!("{field}? {}: {rule}", d.level())
    } else {
        format!("{field}? {}: {rule} {detail}{more}", d.level())
    }
}

/// Actor, speaker, date, kind and verification.
fn card_fields_ui(ui: &mut Ui, view: &View, card: &mut Card, actors: &[(ActorId, String)], i: usize) -> bool {
    let (store, dark) = (view.store, view.dark);
    let mut touched = false;
    let c = &mut card.candidate;
    egui::Grid::new(("ingest-card-grid", i)).num_columns(2).spacing([8.0, 4.0]).show(ui, |ui| {
        let l = ui.label("Actor");
        let current = c
            .actor
            .as_ref()
            .and_then(|a| store.actor(a))
            .map_or("— pick —".to_owned(), |a| a.name.clone());
        egui::ComboBox::from_id_salt(("ingest-actor", i))
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (id, name) in actors {
                    if ui.selectable_label(c.actor.as_ref() == Some(id), name).clicked() {
                        c.actor = Some(id.clone());
                        card.edited.push(TraceField::Actor);
                        touched = true;
                    }
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();

        let l = ui.label("Speaker");
        let mut speaker = c.speaker.clone().unwrap_or_default();
        if ui
            .add(egui::TextEdit::singleline(&mut speaker).desired_width(f32::INFINITY))
            .labelled_by(l.id)
            .changed()
        {
            c.speaker = Some(speaker.trim().to_owned()).filter(|s| !s.is_empty());
            card.edited.push(TraceField::Speaker);
            touched = true;
        }
        ui.end_row();

        let l = ui.label("Date");
        let bad = !card.date_text.trim().is_empty() && PartialDate::parse(&card.date_text).is_err();
        let mut edit = egui::TextEdit::singleline(&mut card.date_text)
            .hint_text(if c.background { "background: give the date" } else { "the publication date" })
            .desired_width(110.0);
        if bad {
            edit = edit.background_color(theme::error_fill(dark));
        }
        if ui.add(edit).labelled_by(l.id).changed() {
            c.date = PartialDate::parse(&card.date_text).ok();
            card.edited.push(TraceField::Date);
            touched = true;
        }
        ui.end_row();

        let l = ui.label("Kind");
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt(("ingest-kind", i))
                .selected_text(c.kind.as_str())
                .show_ui(ui, |ui| {
                    for k in Kind::ALL {
                        if ui.selectable_value(&mut c.kind, k, k.as_str()).changed() {
                            card.edited.push(TraceField::Kind);
                            touched = true;
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("Verification");
            egui::ComboBox::from_id_salt(("ingest-verification", i))
                .selected_text(c.verification.as_str())
                .show_ui(ui, |ui| {
                    for v in Verification::ALL {
                        if ui.selectable_value(&mut c.verification, v, v.as_str()).changed() {
                            card.edited.push(TraceField::Verification);
                            touched = true;
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        });
        ui.end_row();
    });
    touched
}

/// The candidate's topics with a stance picker each, and a topic to add.
fn card_topics_ui(ui: &mut Ui, view: &View, c: &mut crate::ingest::Candidate, i: usize) -> bool {
    let (store, dark) = (view.store, view.dark);
    let mut touched = false;
    let mut remove = None;
    for (k, p) in c.positions.iter_mut().enumerate() {
        let topic = store.topic(&p.topic);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(topic.map_or(p.topic.as_str(), |t| t.name.as_str())).strong());
            touched |= super::widgets::stance_picker(ui, topic, &mut p.stance);
            if ui.small_button("✕").on_hover_text("Remove this topic").clicked() {
                remove = Some(k);
            }
        });
    }
    if let Some(k) = remove {
        c.positions.remove(k);
        touched = true;
    }
    let have: Vec<_> = c.positions.iter().map(|p| p.topic.clone()).collect();
    ui.horizontal(|ui| {
        let l = ui.label(RichText::new("Add a topic").color(theme::weak(dark)));
        egui::ComboBox::from_id_salt(("ingest-add-topic", i))
            .selected_text("choose…")
            .show_ui(ui, |ui| {
                for t in store.topics.iter().filter(|t| !have.contains(&t.id)) {
                    if ui.selectable_label(false, &t.name).on_hover_text(&t.proposition).clicked() {
                        c.positions.push(TopicStance {
                            topic: t.id.clone(),
                            stance: Stance::new(0).unwrap_or(Stance::MIN),
                            evidence: String::new(),
                        });
                        touched = true;
                    }
                }
            })
            .response
            .labelled_by(l.id);
    });
    touched
}

/// Accept (when the candidate can become a statement) and Reject.
fn card_decision_ui(
    ui: &mut Ui,
    view: &View,
    card: &mut Card,
    source: &Source,
    text: &str,
    actions: &mut Vec<Action>,
) -> bool {
    let mut touched = false;
    ui.horizontal(|ui| {
        let ready = card.candidate.to_statement(view.store, source);
        let accept = ui.add_enabled(
            !view.read_only && ready.is_ok(),
            egui::Button::new(RichText::new("Accept").strong()),
        );
        let accept = match &ready {
            Err(why) => accept.on_disabled_hover_text(why.to_string()),
            Ok(_) => accept.on_hover_text("Add it to the store (Undo takes it back)"),
        };
        if accept.clicked()
            && let Ok(s) = ready
        {
            let id = s.id;
            card.status = Status::Accepted(id);
            card.learned = if card.candidate == card.proposed {
                Vec::new()
            } else {
                ingest::lessons(&card.proposed, text, &s, view.store, None)
            };
            actions.push(Action::Edit(Box::new(accept_edit(s, &card.learned))));
            if !card.learned.is_empty() {
                // A batch does not select what it adds, as the statement alone does.
                actions.push(Action::Select(Some(id)));
            }
            touched = true;
        }
        if ui.button("Reject").clicked() {
            card.status = Status::Rejected;
            touched = true;
        }
    });
    touched
}
