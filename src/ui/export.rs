//! The Export tab: a brief (Markdown, HTML, Word) or the data (CSV, JSON,
//! RON) for chosen actors, topics and dates. The brief's preview is drawn
//! from the same [`Summary`] the exporters render — headings, the moves,
//! the table, the sources — and wraps to the panel. Saving a brief records
//! it as a briefing, so that the next one can report what moved since.

use std::sync::Arc;

use chrono::NaiveDate;
use egui::{Color32, RichText, Ui};

use super::{Action, Command, View, theme, widgets};
use crate::analysis::{Filter, STALE_DAYS};
use crate::export::summary::{Move, StanceRow, Summary, TopicSummary};
use crate::export::{ExportOptions, Format, SummaryOptions, text};
use crate::model::{Briefing, BriefingId, BriefingScope, PartialDate, Store, Timestamp};

/// Where the brief's window of moves starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Window {
    /// Since the last briefing when there is one, else a week before the
    /// as-of date (until the analyst chooses).
    #[default]
    Auto,
    /// No window: the stances as they stand.
    None,
    /// After the latest recorded briefing.
    LastBriefing,
    /// This many days before the as-of date.
    DaysBefore(u32),
    /// After this date.
    Date(NaiveDate),
}

/// The tab's settings and the latest preview.
pub struct ExportState {
    /// The format to save.
    pub format: Format,
    /// The export's own filter; `None` follows the filter panel.
    pub filter: Option<Filter>,
    /// The date stances are taken at (default: the latest statement).
    pub as_of: Option<NaiveDate>,
    /// Where the window of moves starts.
    pub window: Window,
    /// A title of the analyst's choosing.
    pub title: String,
    /// A section per topic after the overview.
    pub detail: bool,
    /// Only the actors and topics that moved.
    pub changed_only: bool,
    /// Stale after this many days.
    pub stale_days: i64,
    /// CSV with a byte order mark, for Excel.
    pub bom: bool,
    /// The preview and what it was made for.
    pub preview: Option<(PreviewKey, Arc<Summary>)>,
    /// A preview being made.
    pub pending: Option<PreviewKey>,
    /// Where the last export went, or why it failed.
    pub last_result: Option<Result<String, String>>,
    /// An export being written.
    pub writing: Option<String>,
}

impl Default for ExportState {
    fn default() -> Self {
        ExportState {
            format: Format::Html,
            filter: None,
            as_of: None,
            window: Window::default(),
            title: String::new(),
            detail: false,
            changed_only: false,
            stale_days: STALE_DAYS,
            bom: true,
            preview: None,
            pending: None,
            last_result: None,
            writing: None,
        }
    }
}

/// What a preview was made for: the store's state and every option but the
/// generation time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewKey {
    /// The view generation (store revision, filters).
    pub generation: u64,
    /// The filter used.
    pub filter: Filter,
    /// As-of date.
    pub as_of: Option<NaiveDate>,
    /// The window's start (the comparison date), resolved.
    pub compare: Option<NaiveDate>,
    /// What the window's start is, in words.
    pub compare_label: Option<String>,
    /// Title.
    pub title: String,
    /// Topic sections.
    pub detail: bool,
    /// Changed only.
    pub changed_only: bool,
    /// Stale threshold.
    pub stale_days: i64,
}

impl ExportState {
    /// A preview was made: shown when it is still wanted.
    pub fn preview_ready(&mut self, key: PreviewKey, summary: Summary) {
        if self.pending.as_ref() == Some(&key) {
            self.pending = None;
        }
        self.preview = Some((key, Arc::new(summary)));
    }

    /// The window in force: [`Window::Auto`] resolved against `store`.
    fn window(&self, store: &Store) -> Window {
        match self.window {
            Window::Auto if store.last_briefing().is_some() => Window::LastBriefing,
            Window::Auto => Window::DaysBefore(7),
            Window::LastBriefing if store.last_briefing().is_none() => Window::DaysBefore(7),
            w => w,
        }
    }

    /// The comparison date and its words under the chosen window.
    fn compare(&self, store: &Store, latest: NaiveDate) -> (Option<NaiveDate>, Option<String>) {
        match self.window(store) {
            Window::None | Window::Auto => (None, None),
            Window::Date(d) => (Some(d), None),
            Window::DaysBefore(n) => {
                let as_of = self.as_of.unwrap_or(latest);
                (as_of.checked_sub_signed(chrono::Duration::days(i64::from(n))), None)
            }
            Window::LastBriefing => match store.last_briefing() {
                Some(b) => (Some(b.date.last_day()), Some(format!("the last briefing, “{}”", b.title))),
                None => (None, None),
            },
        }
    }

    fn key(&self, view: &View) -> PreviewKey {
        self.key_for(view.store, view.filter, view.generation, view.latest)
    }

    fn key_for(
        &self,
        store: &Store,
        panel_filter: &Filter,
        generation: u64,
        latest: NaiveDate,
    ) -> PreviewKey {
        let (compare, compare_label) = self.compare(store, latest);
        PreviewKey {
            generation,
            filter: self.filter.clone().unwrap_or_else(|| panel_filter.clone()),
            as_of: self.as_of,
            compare,
            compare_label,
            title: self.title.trim().to_owned(),
            detail: self.detail,
            changed_only: self.changed_only,
            stale_days: self.stale_days,
        }
    }

    /// The export options for the current settings.
    pub fn options(&self, view: &View) -> ExportOptions {
        let key = self.key(view);
        let mut summary = SummaryOptions::new(key.filter, Timestamp::now());
        summary.as_of = key.as_of;
        summary.compare = key.compare;
        summary.compare_label = key.compare_label;
        summary.title = Some(key.title).filter(|t| !t.is_empty());
        summary.detail = key.detail;
        summary.changed_only = key.changed_only;
        summary.stale_days = key.stale_days;
        ExportOptions { summary, bom: self.bom }
    }

    /// The briefing "Mark briefing" records: as of the preview's date (or
    /// the latest statement's), with its title and scope.
    pub fn briefing(&self, view: &View) -> Briefing {
        self.briefing_for(view.store, view.filter, view.generation, view.latest)
    }

    /// [`ExportState::briefing`] from the parts of a view (for the command,
    /// which runs outside a frame's views).
    pub fn briefing_for(
        &self,
        store: &Store,
        panel_filter: &Filter,
        generation: u64,
        latest: NaiveDate,
    ) -> Briefing {
        let key = self.key_for(store, panel_filter, generation, latest);
        let as_of = match &self.preview {
            Some((k, s)) if *k == key => s.as_of,
            _ => key.as_of.unwrap_or(latest),
        };
        let title = match &self.preview {
            Some((k, s)) if *k == key => s.title.clone(),
            _ if key.title.is_empty() => format!("Briefing of {}", text::day(as_of)),
            _ => key.title.clone(),
        };
        Briefing {
            id: BriefingId::new(),
            date: PartialDate::day(as_of),
            title,
            scope: BriefingScope {
                actors: key.filter.actors.iter().cloned().collect(),
                topics: key.filter.topics.iter().cloned().collect(),
                since: key.compare.map(PartialDate::day),
            },
            recorded_at: Timestamp::now(),
        }
    }
}

/// What the Export tab asks of the app.
#[derive(Clone, Debug)]
pub enum ExportAction {
    /// Build the summary for the preview, on a thread.
    Preview(PreviewKey, Box<ExportOptions>),
    /// Ask where to save, then write the export on a thread (a brief is
    /// then recorded as a briefing).
    Save(Format, Box<ExportOptions>),
    /// Copy the brief as Markdown to the clipboard.
    Copy(String),
    /// Record a briefing without exporting.
    Mark(Box<Briefing>),
}

fn scope_text(store: &Store, f: &Filter) -> String {
    let mut parts = Vec::new();
    let names = |ids: Vec<String>| ids.join(", ");
    parts.push(if f.actors.is_empty() {
        "all actors".to_owned()
    } else {
        names(f.actors.iter().map(|a| store.actor(a).map_or(a.0.clone(), |x| x.name.clone())).collect())
    });
    parts.push(if f.topics.is_empty() {
        "all topics".to_owned()
    } else {
        names(f.topics.iter().map(|t| store.topic(t).map_or(t.0.clone(), |x| x.name.clone())).collect())
    });
    match (f.since, f.until) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b}")),
        (Some(a), None) => parts.push(format!("from {a}")),
        (None, Some(b)) => parts.push(format!("until {b}")),
        (None, None) => parts.push("all dates".into()),
    }
    if !f.verifications.is_empty() {
        parts.push(f.verifications.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" or "));
    }
    if !f.kinds.is_empty() {
        parts.push(f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or "));
    }
    parts.join(" · ")
}

/// Draws the tab: the options on the left, the preview on the right.
pub fn export_ui(ui: &mut Ui, view: &View, state: &mut ExportState, actions: &mut Vec<Action>) {
    egui::Panel::left("export-options").resizable(true).default_size(340.0).size_range(280.0..=460.0).show(
        ui,
        |ui| {
            egui::ScrollArea::vertical().id_salt("export-options").show(ui, |ui| {
                format_ui(ui, view, state);
                ui.add_space(8.0);
                scope_ui(ui, view, state);
                ui.add_space(8.0);
                if state.format.is_summary() {
                    brief_ui(ui, view, state);
                }
                ui.add_space(12.0);
                save_ui(ui, view, state, actions);
            });
        },
    );
    egui::CentralPanel::default().show(ui, |ui| preview_ui(ui, view, state, actions));
}

/// The format, with a sentence on what it is for.
fn format_ui(ui: &mut Ui, view: &View, state: &mut ExportState) {
    ui.label(RichText::new("Format").strong());
    ui.horizontal_wrapped(|ui| {
        for f in Format::ALL {
            ui.selectable_value(&mut state.format, f, f.label());
        }
    });
    let what = match state.format {
        Format::Markdown => "The brief as Markdown, to paste into a wiki or a mail.",
        Format::Html => "The brief as a self-contained page: one A4 page for a few topics and actors.",
        Format::Docx => "The brief as a Word document, with real headings, a table and numbered sources.",
        Format::Csv => "One row per position, every field; formulas neutralised for spreadsheets.",
        Format::EventsCsv => "One row per event in view (an actor shown, in the dates), every field.",
        Format::Json | Format::Ron => "The filtered data itself, which another Stancebook can import.",
    };
    ui.label(RichText::new(what).small().color(theme::weak(view.dark)));
    if state.format.is_csv() {
        ui.checkbox(&mut state.bom, "Start with a byte order mark (for Excel)");
    }
}

/// What goes in: the filter panel's selection, or actors and topics chosen for this export.
fn scope_ui(ui: &mut Ui, view: &View, state: &mut ExportState) {
    let store = view.store;
    ui.label(RichText::new("What goes in").strong());
    let filter = state.filter.clone().unwrap_or_else(|| view.filter.clone());
    ui.add(egui::Label::new(scope_text(store, &filter)).wrap());
    if state.filter.is_some() {
        if ui.button("Follow the filter panel").clicked() {
            state.filter = None;
        }
    } else if ui
        .button("Choose separately")
        .on_hover_text("Pick actors and topics for this export only")
        .clicked()
    {
        state.filter = Some(view.filter.clone());
    }
    if let Some(f) = &mut state.filter {
        ui.horizontal_wrapped(|ui| {
            for a in &store.actors {
                let mut on = f.actors.is_empty() || f.actors.contains(&a.id);
                if ui.checkbox(&mut on, &a.name).changed() {
                    let all: Vec<_> = store.actors.iter().map(|x| x.id.clone()).collect();
                    super::filters::toggle(&mut f.actors, &all, a.id.clone());
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            for t in &store.topics {
                let mut on = f.topics.is_empty() || f.topics.contains(&t.id);
                if ui.checkbox(&mut on, &t.name).changed() {
                    let all: Vec<_> = store.topics.iter().map(|x| x.id.clone()).collect();
                    super::filters::toggle(&mut f.topics, &all, t.id.clone());
                }
            }
        });
    }
}

/// The brief's dates, window, options and title.
fn brief_ui(ui: &mut Ui, view: &View, state: &mut ExportState) {
    let dark = view.dark;
    ui.label(RichText::new("The brief").strong());
    egui::Grid::new("export-dates").num_columns(2).show(ui, |ui| {
        widgets::date_field(ui, "Stances as of", "export-as-of", &mut state.as_of, true);
        ui.end_row();
    });
    ui.label("What moved since");
    let current = state.window(view.store);
    ui.horizontal_wrapped(|ui| {
        if let Some(b) = view.store.last_briefing()
            && ui
                .selectable_label(current == Window::LastBriefing, "Since last briefing")
                .on_hover_text(format!("“{}”, as of {}", b.title, widgets::date_text(b.date)))
                .clicked()
        {
            state.window = Window::LastBriefing;
        }
        for (label, days) in [("1 week", 7), ("1 month", 30)] {
            if ui.selectable_label(current == Window::DaysBefore(days), label).clicked() {
                state.window = Window::DaysBefore(days);
            }
        }
        if ui.selectable_label(current == Window::None, "no comparison").clicked() {
            state.window = Window::None;
        }
    });
    let mut date = match current {
        Window::Date(d) => Some(d),
        _ => None,
    };
    let before = date;
    egui::Grid::new("export-window").num_columns(2).show(ui, |ui| {
        widgets::date_field(ui, "or a date", "export-compare", &mut date, false);
        ui.end_row();
    });
    if date != before {
        state.window = date.map_or(Window::None, Window::Date);
    }
    ui.checkbox(&mut state.changed_only, "Changed only")
        .on_hover_text("Only the actors and topics whose stance moved in the window");
    ui.checkbox(&mut state.detail, "A section per topic").on_hover_text(
        "After the table: each topic's stances with their evidence, the spread and, in HTML, a chart",
    );
    ui.horizontal(|ui| {
        let l = ui.label("Stale after");
        ui.add(egui::DragValue::new(&mut state.stale_days).range(1..=3650).suffix(" days")).labelled_by(l.id);
    });
    ui.add_space(6.0);
    let l = ui.label(RichText::new("Title").strong());
    ui.add(
        egui::TextEdit::singleline(&mut state.title)
            .hint_text("Position summary: …")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    ui.label(
        RichText::new(
            "Saving a brief records it as a briefing: the next one can start from “Since last briefing”.",
        )
        .small()
        .color(theme::weak(dark)),
    );
}

/// Save…, Copy Markdown, Mark briefing, and where the last export went.
fn save_ui(ui: &mut Ui, view: &View, state: &mut ExportState, actions: &mut Vec<Action>) {
    let dark = view.dark;
    ui.horizontal_wrapped(|ui| {
        let busy = state.writing.is_some();
        let word = match state.format {
            Format::Markdown => "Save Markdown…",
            Format::Html => "Save HTML…",
            Format::Docx => "Save Word…",
            Format::Csv | Format::EventsCsv => "Save CSV…",
            Format::Json => "Save JSON…",
            Format::Ron => "Save RON…",
        };
        if ui.add_enabled(!busy, egui::Button::new(RichText::new(word).strong())).clicked() {
            actions.push(Action::Export(ExportAction::Save(state.format, Box::new(state.options(view)))));
        }
        if state.format.is_summary() {
            let md = state.preview.as_ref().map(|(_, s)| crate::export::markdown::to_string(s));
            if ui.add_enabled(md.is_some(), egui::Button::new("Copy Markdown")).clicked()
                && let Some(md) = md
            {
                actions.push(Action::Export(ExportAction::Copy(md)));
            }
            if ui
                .add_enabled(!view.read_only, egui::Button::new(Command::MarkBriefing.short_label()))
                .on_hover_text("Record this brief as a briefing without saving a file")
                .clicked()
            {
                actions.push(Action::Export(ExportAction::Mark(Box::new(state.briefing(view)))));
            }
        }
        if let Some(w) = &state.writing {
            ui.spinner();
            ui.label(format!("Writing {w}…"));
        }
    });
    match &state.last_result {
        Some(Ok(msg)) => {
            ui.add(egui::Label::new(RichText::new(msg).color(theme::weak(dark))).wrap());
        }
        Some(Err(msg)) => {
            ui.add(egui::Label::new(RichText::new(msg).color(theme::error_text(dark))).wrap());
        }
        None => {}
    }
}

/// The preview, asked for when the options changed; drawn from the summary.
fn preview_ui(ui: &mut Ui, view: &View, state: &mut ExportState, actions: &mut Vec<Action>) {
    let dark = view.dark;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Preview").strong());
        if state.pending.is_some() {
            ui.spinner();
        }
    });
    if !state.format.is_summary() {
        ui.label(
            RichText::new(
                "The data formats hold every statement the filter shows; there is nothing to preview.",
            )
            .color(theme::weak(dark)),
        );
        return;
    }
    let key = state.key(view);
    let fresh = state.preview.as_ref().is_some_and(|(k, _)| *k == key);
    if !fresh && state.pending.as_ref() != Some(&key) {
        actions.push(Action::Export(ExportAction::Preview(key, Box::new(state.options(view)))));
    }
    let Some((_, summary)) = &state.preview else {
        ui.label("Preparing the preview…");
        return;
    };
    let summary = summary.clone();
    egui::Frame::new().fill(ui.visuals().extreme_bg_color).inner_margin(16).corner_radius(4).show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("export-preview").auto_shrink([false, false]).show(ui, |ui| {
            ui.set_max_width(760.0);
            brief_preview(ui, view, &summary);
        });
    });
}

fn heading(ui: &mut Ui, dark: bool, text: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(text).size(16.0).strong().color(theme::accent(dark)));
    ui.separator();
}

/// The brief as it will read: title, scope, what moved, where they stand,
/// the scales, the topic sections (when asked), the sources.
fn brief_preview(ui: &mut Ui, view: &View, s: &Summary) {
    let dark = view.dark;
    ui.add(egui::Label::new(RichText::new(&s.title).size(20.0).strong().color(theme::accent(dark))).wrap());
    ui.add(egui::Label::new(RichText::new(text::subtitle(s)).italics().color(theme::weak(dark))).wrap());
    if s.is_empty() {
        ui.add_space(8.0);
        ui.label(text::NOTHING);
        return;
    }
    heading(ui, dark, &text::moves_heading(s));
    ui.label(RichText::new(text::moves_lead(s)).small().color(theme::weak(dark)));
    for m in &s.moves {
        move_preview(ui, view, s, m);
    }
    heading(ui, dark, "Where they stand");
    for chunk in text::table_chunks(s) {
        overview_preview(ui, view, s, chunk);
        ui.add_space(4.0);
    }
    ui.add(egui::Label::new(RichText::new(text::overview_key(s)).small().color(theme::weak(dark))).wrap());
    ui.add_space(4.0);
    for t in &s.topics {
        ui.add(
            egui::Label::new(RichText::new(format!("{} — {}", t.name, t.proposition)).small().strong())
                .wrap(),
        );
        ui.add(egui::Label::new(RichText::new(text::labels_line(t)).small().color(theme::weak(dark))).wrap());
    }
    if s.detail {
        for t in &s.topics {
            topic_preview(ui, view, s, t);
        }
    }
    if !s.sources.is_empty() {
        heading(ui, dark, "Sources");
        for c in &s.sources {
            let mut line = format!("{}. {}, {}. ", c.number, text::actor_and_speaker(c), text::date(c.date));
            line.push_str(if c.outlet.is_empty() { "No source recorded" } else { &c.outlet });
            if let Some(u) = c.link() {
                line.push_str(&format!(", {}", text::short_url(&u)));
            }
            line.push_str(&format!(". {}.", text::grading(c)));
            ui.add(egui::Label::new(RichText::new(line).small()).wrap());
        }
    }
}

fn move_preview(ui: &mut Ui, view: &View, s: &Summary, m: &Move) {
    let dark = view.dark;
    let t = &s.topics[m.topic];
    egui::Frame::new().inner_margin(egui::Margin { left: 10, right: 0, top: 3, bottom: 3 }).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            ui.label(RichText::new(format!("{} · {}", s.actors[m.actor].name, t.name)).strong());
            match m.from {
                Some(f) => {
                    number_chip(ui, dark, f, false).on_hover_text(t.label(f));
                }
                None => {
                    ui.label(RichText::new("none").color(theme::weak(dark)));
                }
            }
            ui.label("→");
            number_chip(ui, dark, m.to.stance, m.to.unverified);
            let change = text::move_change(m);
            let what = change.split_once(", ").map_or("", |(_, w)| w);
            ui.label(RichText::new(format!("{what}: ")).color(theme::weak(dark)));
            ui.label(RichText::new(t.label(m.to.stance)).italics());
        });
        evidence_preview(ui, dark, &m.evidence);
        let c = s.source(&m.to);
        ui.label(
            RichText::new(format!("— {}, {} [{}]", c.who(), text::date(m.to.date), c.number))
                .small()
                .color(theme::weak(dark)),
        );
    });
}

fn evidence_preview(ui: &mut Ui, dark: bool, q: &crate::export::Quote) {
    match text::evidence_line(q) {
        Some(line) => {
            let words = RichText::new(line);
            ui.add(egui::Label::new(if q.paraphrase { words.italics() } else { words }).wrap());
            if !q.rationale.is_empty() {
                ui.add(
                    egui::Label::new(RichText::new(&q.rationale).italics().color(theme::weak(dark))).wrap(),
                );
            }
        }
        None => {
            ui.add(egui::Label::new(text::capitalised(&q.rationale)).wrap());
        }
    }
}

fn overview_preview(ui: &mut Ui, view: &View, s: &Summary, topics: std::ops::Range<usize>) {
    let dark = view.dark;
    egui::Grid::new(("brief-overview", topics.start)).striped(true).spacing([14.0, 6.0]).show(ui, |ui| {
        ui.label(RichText::new("Actor").small().strong().color(theme::weak(dark)));
        for t in &s.topics[topics.clone()] {
            ui.label(RichText::new(&t.name).small().strong().color(theme::weak(dark)));
        }
        ui.end_row();
        for (a, actor) in s.actors.iter().enumerate() {
            ui.label(RichText::new(&actor.name).strong());
            for t in topics.clone() {
                match s.row(t, a) {
                    Some(r) => overview_cell_preview(ui, dark, s, &s.topics[t], r),
                    None => {
                        ui.label(RichText::new("—").color(theme::weak(dark)));
                    }
                }
            }
            ui.end_row();
        }
    });
}

fn overview_cell_preview(ui: &mut Ui, dark: bool, s: &Summary, t: &TopicSummary, r: &StanceRow) {
    let moved = r.moves() > 0;
    let fill = if moved { theme::moved(dark).gamma_multiply(0.25) } else { Color32::TRANSPARENT };
    egui::Frame::new().fill(fill).inner_margin(egui::Margin::symmetric(4, 2)).corner_radius(3).show(
        ui,
        |ui| {
            ui.horizontal(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                let Some(now) = r.now else {
                    ui.label(RichText::new(text::overview_cell(s, r)).color(theme::weak(dark)));
                    return;
                };
                let mark = text::move_mark(r);
                if !mark.is_empty() {
                    ui.label(RichText::new(mark).strong().color(theme::moved(dark)))
                        .on_hover_text(text::row_path(r));
                }
                number_chip(ui, dark, now.stance, now.unverified).on_hover_text(t.label(now.stance));
                if r.moves() > 1 {
                    ui.label(RichText::new(format!("({})", text::path_only(r))).small());
                }
                if let Some(age) = r.age_days {
                    let age = RichText::new(text::age_short(age)).small();
                    ui.label(if r.stale {
                        age.color(theme::warning_text(dark))
                    } else {
                        age.color(theme::weak(dark))
                    });
                }
                if r.stale {
                    ui.label(RichText::new("stale").small().strong().color(theme::error_text(dark)));
                }
                ui.label(
                    RichText::new(format!("[{}]", s.source(&now).number)).small().color(theme::weak(dark)),
                );
            });
        },
    );
}

/// A stance as a small coloured number (its words in the tooltip).
fn number_chip(ui: &mut Ui, dark: bool, stance: crate::model::Stance, unverified: bool) -> egui::Response {
    let text = format!(" {}{} ", stance.signed(), if unverified { "?" } else { "" });
    ui.label(
        RichText::new(text)
            .strong()
            .background_color(theme::stance_fill(stance, dark))
            .color(theme::stance_text(stance, dark)),
    )
}

fn topic_preview(ui: &mut Ui, view: &View, s: &Summary, t: &TopicSummary) {
    let dark = view.dark;
    heading(ui, dark, &t.name);
    ui.add(egui::Label::new(RichText::new(format!("Proposition: {}", t.proposition)).italics()).wrap());
    if t.rows.is_empty() {
        ui.label(text::NO_ROWS);
        return;
    }
    for r in &t.rows {
        let actor = &s.actors[r.actor].name;
        let Some(now) = r.now else {
            ui.label(format!("{actor}: {}", text::NO_POSITION));
            continue;
        };
        let mut words = format!("{actor}: {}", text::stance(t, now.stance));
        if let Some(change) = text::change(r.change, r.before, r.now) {
            words.push_str(&format!("; {}", change.to_lowercase()));
        }
        if let Some(age) = r.age_days {
            words.push_str(&format!("; {}", text::age(age)));
        }
        if r.stale {
            words.push_str(", stale");
        }
        ui.add_space(4.0);
        ui.add(egui::Label::new(RichText::new(words).strong()).wrap());
        if let Some(q) = &r.evidence {
            evidence_preview(ui, dark, q);
        }
    }
    if let Some(note) = &t.spread {
        ui.add(egui::Label::new(RichText::new(text::spread_sentence(note, t)).italics()).wrap());
    }
}
