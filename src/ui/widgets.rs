//! Small pieces shared by the views: stance chips, actor dots, dates in
//! words, highlighted text.

use chrono::NaiveDate;
use egui::text::LayoutJob;
use egui::{Color32, FontId, Response, RichText, Sense, TextFormat, Ui, vec2};

use super::theme;
use crate::model::{
    Actor, Credibility, PartialDate, Reliability, Stance, Statement, Store, Topic, Verification,
};

/// A date as an analyst writes it: "13 Mar 2025", "Mar 2025", "2025".
pub fn date_text(d: PartialDate) -> String {
    d.short()
}

/// A small rounded chip in the stance's colour with its signed value and a
/// label; dashed outline and lighter fill when it rests on unverified statements.
pub fn stance_chip(ui: &mut Ui, stance: Stance, label: &str, unverified: bool) -> Response {
    let text = format!("{}  {label}", stance.signed());
    let galley = ui.painter().layout_no_wrap(text, FontId::proportional(12.5), Color32::PLACEHOLDER);
    let (rect, response) = ui.allocate_exact_size(chip_size(&galley), Sense::hover());
    paint_stance_chip(ui, rect, stance, galley, unverified);
    if unverified { response.on_hover_text("Rests on an unverified statement") } else { response }
}

/// Diagonal hatching inside `rect`, for positions that rest on unverified statements.
pub fn hatch(painter: &egui::Painter, rect: egui::Rect, color: Color32) {
    let painter = painter.with_clip_rect(rect);
    let stroke = egui::Stroke::new(1.0, color.gamma_multiply(0.55));
    let step = 7.0;
    let mut x = rect.left() - rect.height();
    while x < rect.right() {
        painter
            .line_segment([egui::pos2(x, rect.bottom()), egui::pos2(x + rect.height(), rect.top())], stroke);
        x += step;
    }
}

/// A filled circle in the actor's colour.
pub fn actor_dot(ui: &mut Ui, actor: &Actor) -> Response {
    let (rect, response) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, theme::actor_color(actor.color));
    response
}

/// "Speaker (Actor)" or just the actor.
pub fn who(store: &Store, s: &Statement) -> String {
    let actor = store.actor(&s.actor).map_or(s.actor.as_str(), |a| a.name.as_str());
    match &s.speaker {
        Some(sp) => format!("{sp} ({actor})"),
        None => actor.to_owned(),
    }
}

/// The citation line: "The Kyiv Independent, 22 Apr 2025 · B2 · confirmed"
/// ("not graded" in place of the grade when neither was judged).
pub fn citation(s: &Statement) -> String {
    let mut parts = Vec::new();
    let outlet = if s.source.outlet.is_empty() { "no outlet" } else { s.source.outlet.as_str() };
    match s.source.published {
        Some(p) => parts.push(format!("{outlet}, {}", date_text(p))),
        None => parts.push(outlet.to_owned()),
    }
    parts.push(grading_text(s.source.reliability, s.credibility));
    parts.push(s.verification.as_str().to_owned());
    parts.join(" · ")
}

/// The Admiralty grading as analysts write it ("B2"); F6 (nothing could be
/// judged) reads "not graded".
pub fn grading_text(reliability: Reliability, credibility: Credibility) -> String {
    if reliability.grades(credibility) {
        format!("{}{}", reliability.letter(), credibility.value())
    } else {
        "not graded".to_owned()
    }
}

/// Text with the characters at `indices` (char positions) emphasised.
pub fn highlighted(text: &str, indices: &[usize], base: TextFormat, mark: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    let mut marked = TextFormat { background: mark, ..base.clone() };
    marked.color = base.color;
    let mut run = String::new();
    let mut run_marked = false;
    let mut next = indices.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let is_marked = next.peek().is_some_and(|&&j| j == i);
        if is_marked {
            next.next();
        }
        if is_marked != run_marked && !run.is_empty() {
            job.append(&run, 0.0, if run_marked { marked.clone() } else { base.clone() });
            run.clear();
        }
        run_marked = is_marked;
        run.push(c);
    }
    if !run.is_empty() {
        job.append(&run, 0.0, if run_marked { marked } else { base });
    }
    job
}

/// A statement's quote in a readable block, with who, when and the source below.
pub fn quote_block(ui: &mut Ui, store: &Store, s: &Statement) {
    quote_block_short(ui, store, s, usize::MAX);
}

/// [`quote_block`] with the quote shortened to about `max_chars` characters
/// (at a word boundary, with an ellipsis).
pub fn quote_block_short(ui: &mut Ui, store: &Store, s: &Statement, max_chars: usize) {
    let dark = ui.visuals().dark_mode;
    let quoted = s.quoted();
    let shown = if quoted.chars().count() > max_chars {
        let cut: String = quoted.chars().take(max_chars).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a).trim_end_matches([',', ';', ':']);
        format!("{cut} …")
    } else {
        quoted
    };
    let text = RichText::new(shown).size(13.5);
    let text = if s.paraphrase { text.italics() } else { text };
    ui.add(egui::Label::new(text).wrap());
    ui.label(
        RichText::new(format!("{} · {}", who(store, s), date_text(s.date))).small().color(theme::weak(dark)),
    );
    let mut cite = citation(s);
    if s.verification == Verification::Unverified {
        cite.push_str(" — not independently verified");
    }
    ui.label(RichText::new(cite).small().color(theme::weak(dark)));
}

/// What backs statement `s`'s position on `topic`, as every view cites it:
/// the evidence excerpt (or, without one, the rationale alone; the whole
/// quote only when the position has no evidence), the rationale under it,
/// then who said it, when, and where. The words are cut to about
/// `max_chars` characters.
pub fn backing_block(
    ui: &mut Ui,
    store: &Store,
    s: &Statement,
    topic: &crate::model::TopicId,
    max_chars: usize,
) {
    let dark = ui.visuals().dark_mode;
    let b = s.backing(topic);
    let cut = |t: &str| {
        if t.chars().count() > max_chars {
            let c: String = t.chars().take(max_chars).collect();
            let c = c.rsplit_once(' ').map_or(c.as_str(), |(a, _)| a).trim_end_matches([',', ';', ':']);
            format!("{c} …")
        } else {
            t.to_owned()
        }
    };
    match &b.words {
        Some(w) => {
            let text = RichText::new(cut(w)).size(13.5);
            ui.add(egui::Label::new(if b.paraphrase { text.italics() } else { text }).wrap());
            if !b.rationale.is_empty() {
                ui.add(
                    egui::Label::new(
                        RichText::new(cut(&b.rationale)).size(12.0).italics().color(theme::weak(dark)),
                    )
                    .wrap(),
                );
            }
        }
        None => {
            let alone = crate::export::text::capitalised(&b.rationale);
            ui.add(egui::Label::new(RichText::new(cut(&alone)).size(13.5)).wrap());
        }
    }
    ui.label(
        RichText::new(format!("{} · {}", who(store, s), date_text(s.date))).small().color(theme::weak(dark)),
    );
    let mut cite = citation(s);
    if s.verification == Verification::Unverified {
        cite.push_str(" — not independently verified");
    }
    ui.label(RichText::new(cite).small().color(theme::weak(dark)));
}

/// A combo box for a source's reliability, A–F with the Admiralty wording,
/// labelled `label`.
pub fn reliability_combo(
    ui: &mut Ui,
    label: &str,
    id: &str,
    value: &mut crate::model::Reliability,
) -> Response {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(value.letter().to_string())
        .show_ui(ui, |ui| {
            for r in crate::model::Reliability::ALL {
                ui.selectable_value(value, r, format!("{} — {}", r.letter(), r.meaning()));
            }
        })
        .response
        .labelled_by(l.id)
}

/// Five buttons, −2 … +2, the chosen one in its stance colour, each naming
/// the topic's label on hover. Returns true when the analyst picked one.
pub fn stance_picker(ui: &mut Ui, topic: Option<&Topic>, stance: &mut Stance) -> bool {
    let dark = ui.visuals().dark_mode;
    let mut changed = false;
    for s in Stance::ALL {
        let label = topic.map_or(Stance::DEFAULT_LABELS[s.index()], |t| t.label(s));
        let on = *stance == s;
        let text = RichText::new(s.signed()).strong();
        let text = if on {
            text.color(theme::stance_text(s, dark)).background_color(theme::stance_fill(s, dark))
        } else {
            text
        };
        if ui.selectable_label(on, text).on_hover_text(label).clicked() {
            *stance = s;
            changed = true;
        }
    }
    changed
}

/// The label of `stance` on `topic` with its value: "+2 calls for a truce now".
pub fn stance_words(topic: &Topic, stance: Stance) -> String {
    format!("{} {}", stance.signed(), topic.label(stance))
}

/// A date field with its label: accepts 2025-03-13, 2025-03 or 2025; empty
/// clears it. A month or year means its first day, or its last day when
/// `end` is set ("To 2025-06" includes all of June). Text that is not a date
/// is kept while typing and not applied.
pub fn date_field(ui: &mut Ui, label: &str, id: &str, value: &mut Option<NaiveDate>, end: bool) -> Response {
    let id = egui::Id::unique(id);
    let current = value.map(|d| d.to_string()).unwrap_or_default();
    let (mut text, last): (String, String) =
        ui.data_mut(|d| d.get_temp(id)).unwrap_or_else(|| (current.clone(), current.clone()));
    if last != current {
        // Changed elsewhere (Clear, a preset): show the new value.
        text = current.clone();
    }
    let l = ui.label(label);
    let r = ui
        .add(egui::TextEdit::singleline(&mut text).hint_text("YYYY-MM-DD").desired_width(96.0))
        .labelled_by(l.id);
    let mut applied = current;
    if r.changed() {
        let t = text.trim();
        if t.is_empty() {
            *value = None;
            applied = String::new();
        } else if let Ok(d) = PartialDate::parse(t) {
            let day = if end { d.last_day() } else { d.first_day() };
            *value = Some(day);
            applied = day.to_string();
        }
    }
    let invalid = !text.trim().is_empty() && PartialDate::parse(text.trim()).is_err();
    ui.data_mut(|d| d.insert_temp(id, (text, applied)));
    if invalid {
        r.on_hover_text(
            RichText::new("Write 2025-03-13, 2025-03 or 2025")
                .color(theme::error_text(ui.visuals().dark_mode)),
        )
    } else {
        r
    }
}

/// A stance chip's text laid out as [`stance_chip`] lays it out (its colour
/// is chosen when painted): the signed value and `label` ("+2  Ceasefire"),
/// or the value alone ("+2").
pub fn stance_chip_galley(ui: &Ui, stance: Stance, label: Option<&str>) -> std::sync::Arc<egui::Galley> {
    let text = match label {
        Some(l) => format!("{}  {l}", stance.signed()),
        None => stance.signed(),
    };
    ui.painter().layout_no_wrap(text, FontId::proportional(12.5), Color32::PLACEHOLDER)
}

/// The size of a chip around `galley`, as [`stance_chip`] pads it.
pub fn chip_size(galley: &egui::Galley) -> egui::Vec2 {
    galley.size() + vec2(12.0, 4.0)
}

/// Paints a stance chip in `rect` (sized by [`chip_size`]) as [`stance_chip`]
/// draws it, hatched when it rests on an unverified statement.
pub fn paint_stance_chip(
    ui: &Ui,
    rect: egui::Rect,
    stance: Stance,
    galley: std::sync::Arc<egui::Galley>,
    unverified: bool,
) {
    let dark = ui.visuals().dark_mode;
    let fill = theme::stance_fill(stance, dark);
    let painter = ui.painter();
    if unverified {
        // A pale, hatched chip: the panel's strong text reads on it (the
        // stance's own white would not, on pale teal).
        painter.rect_filled(rect, 4.0, theme::unverified_fill(stance, dark));
        hatch(painter, rect, fill);
        painter.rect_stroke(rect, 4.0, egui::Stroke::new(1.0, fill), egui::StrokeKind::Inside);
        painter.galley(rect.min + vec2(6.0, 2.0), galley, ui.visuals().strong_text_color());
    } else {
        painter.rect_filled(rect, 4.0, fill);
        painter.galley(rect.min + vec2(6.0, 2.0), galley, theme::stance_text(stance, dark));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        assert_eq!(date_text(PartialDate::parse("2025-03-13").unwrap()), "13 Mar 2025");
        assert_eq!(date_text(PartialDate::parse("2022-09").unwrap()), "Sep 2022");
        assert_eq!(date_text(PartialDate::parse("2024").unwrap()), "2024");
    }

    #[test]
    fn highlighting_marks_the_right_characters() {
        let base = TextFormat::default();
        let job = highlighted("Пєсков said", &[0, 1], base, Color32::YELLOW);
        let texts: Vec<&str> =
            job.sections.iter().map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0]).collect();
        assert_eq!(texts, ["Пє", "сков said"]);
        assert_eq!(job.sections[0].format.background, Color32::YELLOW);
    }
}
