//! A statement being written: the form's fields as typed (names, dates and
//! numbers as text), checked field by field, and turned into the edit that
//! saves it. The editor draws a draft, `stancebook add` fills one from its
//! flags, and an ingest candidate becomes one when the analyst accepts it:
//! one way to build a statement.

use chrono::NaiveDate;

use crate::edit::{Edit, touched};
use crate::model::{
    Credibility, Kind, PartialDate, Position, Reliability, Source, Speaker, Stance, Statement, Store,
    Verification,
};
use crate::names::Names;

/// One position of a draft.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PositionDraft {
    /// The topic's id or name, as typed.
    pub topic: String,
    /// The stance, −2..=2.
    pub stance: i8,
    /// Conditions attached.
    pub conditions: String,
    /// The part of the quote that takes this position (an exact part of it).
    pub excerpt: String,
    /// One line on why the statement takes this stance.
    pub rationale: String,
}

/// A statement as the analyst is writing it.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementDraft {
    /// The actor's id or name.
    pub actor: String,
    /// The speaker's name or alias (optional).
    pub speaker: String,
    /// Add the speaker to the actor's speakers when they are new.
    pub add_speaker: bool,
    /// The new speaker's role.
    pub speaker_role: String,
    /// When it was said: `2025-03-13`, `2025-03` or `2025`.
    pub date: String,
    /// What it does.
    pub kind: Kind,
    /// The key words.
    pub quote: String,
    /// The quote is a paraphrase.
    pub paraphrase: bool,
    /// The quote in the original language.
    pub original: String,
    /// Its positions.
    pub positions: Vec<PositionDraft>,
    /// The outlet.
    pub outlet: String,
    /// The report's address.
    pub url: String,
    /// When the report was published (empty: the statement's date).
    pub published: String,
    /// The source's reliability.
    pub reliability: Reliability,
    /// The information's credibility, 1–6.
    pub credibility: u8,
    /// The analyst chose the reliability (or the statement being edited had
    /// one): the outlet's last grading no longer fills it in.
    pub reliability_chosen: bool,
    /// The outlet whose last grading filled in the reliability, as the
    /// store spells it (see [`StatementDraft::prefill_reliability`]).
    pub reliability_from: Option<String>,
    /// Confirmed, reported, unverified or denied.
    pub verification: Verification,
    /// The reporting actor's id or name (optional).
    pub reported_by: String,
    /// Tags, comma-separated.
    pub tags: String,
    /// Notes.
    pub notes: String,
}

impl Default for StatementDraft {
    fn default() -> Self {
        StatementDraft {
            actor: String::new(),
            speaker: String::new(),
            add_speaker: false,
            speaker_role: String::new(),
            date: String::new(),
            kind: Kind::default(),
            quote: String::new(),
            paraphrase: false,
            original: String::new(),
            positions: vec![PositionDraft::default()],
            outlet: String::new(),
            url: String::new(),
            published: String::new(),
            reliability: Reliability::default(),
            credibility: Credibility::default().value(),
            reliability_chosen: false,
            reliability_from: None,
            verification: Verification::default(),
            reported_by: String::new(),
            tags: String::new(),
            notes: String::new(),
        }
    }
}

/// A field of a draft, for messages shown next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DraftField {
    /// The actor.
    Actor,
    /// The speaker.
    Speaker,
    /// When it was said.
    Date,
    /// The quote.
    Quote,
    /// The list of positions as a whole.
    Positions,
    /// The topic of position `i`.
    Topic(usize),
    /// The stance of position `i`.
    Stance(usize),
    /// The evidence excerpt of position `i`.
    Evidence(usize),
    /// The outlet.
    Outlet,
    /// The address.
    Url,
    /// The publication date.
    Published,
    /// The credibility.
    Credibility,
    /// The grading as a whole: reliability and credibility.
    Grading,
    /// The reporting actor.
    ReportedBy,
}

/// What is wrong (or doubtful) with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMessage {
    /// The field.
    pub field: DraftField,
    /// The message, in a sentence.
    pub message: String,
}

/// A draft's problems: errors block saving, warnings do not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// What must be fixed before saving.
    pub errors: Vec<FieldMessage>,
    /// What looks wrong but may be right (an old date, a report dated before the statement).
    pub warnings: Vec<FieldMessage>,
}

impl Checked {
    /// The error on `field`, if there is one.
    pub fn error(&self, field: DraftField) -> Option<&str> {
        self.errors.iter().find(|m| m.field == field).map(|m| m.message.as_str())
    }

    /// The warning on `field`, if there is one.
    pub fn warning(&self, field: DraftField) -> Option<&str> {
        self.warnings.iter().find(|m| m.field == field).map(|m| m.message.as_str())
    }

    /// Whether the draft can be saved.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

fn msg(field: DraftField, message: impl Into<String>) -> FieldMessage {
    FieldMessage { field, message: message.into() }
}

/// The reliability `outlet` got last: that of the most recently recorded
/// (or changed) statement from it that judged its source (A–E), with the
/// outlet as the store spells it. The outlet is matched whole, ignoring case
/// and the spaces around it.
pub fn last_reliability<'a>(store: &'a Store, outlet: &str) -> Option<(Reliability, &'a str)> {
    let outlet = outlet.trim();
    if outlet.is_empty() {
        return None;
    }
    let same = |o: &str| {
        o.eq_ignore_ascii_case(outlet) || (!o.is_ascii() && o.to_lowercase() == outlet.to_lowercase())
    };
    store
        .statements
        .iter()
        .filter(|s| s.source.reliability.is_judged() && same(s.source.outlet.trim()))
        .max_by_key(|s| (s.updated_at, s.date))
        .map(|s| (s.source.reliability, s.source.outlet.trim()))
}

impl StatementDraft {
    /// A draft of an existing statement, with names as the analyst reads them.
    pub fn from_statement(store: &Store, s: &Statement) -> StatementDraft {
        let actor_name =
            |id: &crate::model::ActorId| store.actor(id).map_or(id.0.clone(), |a| a.name.clone());
        StatementDraft {
            actor: actor_name(&s.actor),
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
                .map(|p| PositionDraft {
                    topic: store.topic(&p.topic).map_or(p.topic.0.clone(), |t| t.name.clone()),
                    stance: p.stance.value(),
                    conditions: p.conditions.clone(),
                    excerpt: p.evidence.excerpt.clone(),
                    rationale: p.evidence.rationale.clone(),
                })
                .collect(),
            outlet: s.source.outlet.clone(),
            url: s.source.url.clone().unwrap_or_default(),
            published: s.source.published.map(|d| d.to_string()).unwrap_or_default(),
            reliability: s.source.reliability,
            credibility: s.credibility.value(),
            reliability_chosen: s.source.reliability.is_judged(),
            reliability_from: None,
            verification: s.verification,
            reported_by: s.reported_by.as_ref().map(actor_name).unwrap_or_default(),
            tags: s.tags.join(", "),
            notes: s.notes.clone(),
        }
    }

    /// Fills in the reliability from the outlet's last grading (see
    /// [`last_reliability`]) unless the analyst chose one. A reliability
    /// filled in this way follows the outlet as it is retyped, and goes back
    /// to F ("cannot be judged") when the store has no grading of the outlet.
    ///
    /// The credibility is never filled in: it grades the information, not
    /// its source, and one outlet's reports range from confirmed (1) to
    /// doubtful (4); the sample grades The Times' live blog B2 and B3.
    pub fn prefill_reliability(&mut self, store: &Store) {
        if self.reliability_chosen {
            return;
        }
        match last_reliability(store, &self.outlet) {
            Some((r, outlet)) => {
                self.reliability = r;
                self.reliability_from = Some(outlet.to_owned());
            }
            None => {
                if self.reliability_from.take().is_some() {
                    self.reliability = Reliability::F;
                }
            }
        }
    }

    /// The analyst picks the reliability: the outlet no longer fills it in.
    pub fn choose_reliability(&mut self, r: Reliability) {
        self.reliability = r;
        self.reliability_chosen = true;
        self.reliability_from = None;
    }

    /// Every problem, field by field; `today` dates the "more than a year
    /// from now" warning.
    pub fn check(&self, store: &Store, today: NaiveDate) -> Checked {
        let names = Names::new(store);
        let mut c = Checked::default();
        let mut err = |f, m: String| c.errors.push(msg(f, m));
        if self.actor.trim().is_empty() {
            err(DraftField::Actor, "Pick the actor this statement speaks for".into());
        } else if names.actor(&self.actor).is_none() {
            err(DraftField::Actor, names.unknown_actor(&self.actor));
        }
        match PartialDate::parse(&self.date) {
            Ok(_) => {}
            Err(_) if self.date.trim().is_empty() => {
                err(DraftField::Date, "When was it said? 2025-03-13, 2025-03 or 2025".into())
            }
            Err(_) => err(DraftField::Date, "Write 2025-03-13, 2025-03 or 2025".into()),
        }
        if self.quote.trim().is_empty() {
            err(DraftField::Quote, "The quote (or a paraphrase) cannot be empty".into());
        }
        if self.positions.is_empty() {
            err(DraftField::Positions, "Add a position on at least one topic".into());
        }
        let mut seen = Vec::new();
        for (i, p) in self.positions.iter().enumerate() {
            match names.topic(&p.topic) {
                None if p.topic.trim().is_empty() => err(DraftField::Topic(i), "Pick a topic".into()),
                None => err(DraftField::Topic(i), names.unknown_topic(&p.topic)),
                Some(t) if seen.contains(&&t.id) => {
                    err(DraftField::Topic(i), "This topic is already used above".into())
                }
                Some(t) => seen.push(&t.id),
            }
            if Stance::new(p.stance.into()).is_err() {
                err(DraftField::Stance(i), "A stance is −2, −1, 0, +1 or +2".into());
            }
            let excerpt = p.excerpt.trim();
            if !excerpt.is_empty() && !self.quote.contains(excerpt) {
                err(
                    DraftField::Evidence(i),
                    "The evidence must be words of the quote: select them in it".into(),
                );
            }
        }
        if !self.published.trim().is_empty() && PartialDate::parse(&self.published).is_err() {
            err(DraftField::Published, "Write 2025-03-13, 2025-03 or 2025".into());
        }
        if Credibility::new(self.credibility).is_none() {
            err(DraftField::Credibility, "Credibility is 1 (confirmed) to 6 (cannot be judged)".into());
        }
        if !self.reported_by.trim().is_empty() && names.actor(&self.reported_by).is_none() {
            err(DraftField::ReportedBy, names.unknown_actor(&self.reported_by));
        }
        if let Some(credibility) = Credibility::new(self.credibility)
            && !self.reliability.grades(credibility)
        {
            c.warnings.push(msg(DraftField::Grading, "not graded: exports will say so"));
        }
        if c.errors.is_empty()
            && let Ok(s) = self.statement(store, None)
        {
            for w in s.warnings(today) {
                let field = if w.contains("address") {
                    DraftField::Url
                } else if w.contains("report is dated") {
                    DraftField::Published
                } else {
                    DraftField::Date
                };
                c.warnings.push(msg(field, w));
            }
        }
        c
    }

    /// The statement the draft describes: `original`'s id and record times
    /// when it edits one, a new id otherwise. Fails with the errors of
    /// [`StatementDraft::check`] when there are any.
    pub fn to_statement(
        &self,
        store: &Store,
        original: Option<&Statement>,
    ) -> Result<Statement, Vec<FieldMessage>> {
        let checked = self.check(store, NaiveDate::MIN);
        if !checked.is_ok() {
            return Err(checked.errors);
        }
        self.statement(store, original).map_err(|m| vec![m])
    }

    /// The statement, assuming the draft checks (every lookup is still handled).
    fn statement(&self, store: &Store, original: Option<&Statement>) -> Result<Statement, FieldMessage> {
        let names = Names::new(store);
        let actor = names
            .actor(&self.actor)
            .ok_or_else(|| msg(DraftField::Actor, names.unknown_actor(&self.actor)))?;
        let date = PartialDate::parse(&self.date).map_err(|e| msg(DraftField::Date, e.to_string()))?;
        let mut s = match original {
            Some(o) => o.clone(),
            None => Statement::new(date, actor.id.clone(), ""),
        };
        s.date = date;
        s.actor = actor.id.clone();
        let speaker = self.speaker.trim();
        s.speaker = (!speaker.is_empty()).then(|| names.canonical_speaker(&actor.id, speaker));
        s.kind = self.kind;
        s.quote = self.quote.trim().to_owned();
        // An excerpt is checked against the quote as typed; the quote keeps its
        // inner text, so an excerpt of it stays a part of it after the trim.
        s.paraphrase = self.paraphrase;
        s.original = Some(self.original.trim().to_owned()).filter(|o| !o.is_empty());
        s.positions = self
            .positions
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let topic = names
                    .topic(&p.topic)
                    .ok_or_else(|| msg(DraftField::Topic(i), names.unknown_topic(&p.topic)))?;
                let stance =
                    Stance::new(p.stance.into()).map_err(|e| msg(DraftField::Stance(i), e.to_string()))?;
                let evidence = crate::model::Evidence {
                    excerpt: p.excerpt.trim().to_owned(),
                    rationale: p.rationale.trim().to_owned(),
                };
                Ok(Position {
                    topic: topic.id.clone(),
                    stance,
                    conditions: p.conditions.trim().to_owned(),
                    evidence,
                })
            })
            .collect::<Result<_, _>>()?;
        s.source = Source {
            outlet: self.outlet.trim().to_owned(),
            url: Some(self.url.trim().to_owned()).filter(|u| !u.is_empty()),
            published: PartialDate::parse(&self.published).ok(),
            reliability: self.reliability,
        };
        s.credibility = Credibility::new(self.credibility).unwrap_or_default();
        s.verification = self.verification;
        s.reported_by = names.actor(&self.reported_by).map(|a| a.id.clone());
        s.tags = self.tags.split(',').map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
        s.notes = self.notes.trim().to_owned();
        Ok(s)
    }

    /// The one edit that saves the draft: the statement added (or, with
    /// `original`, updated and marked as changed now), with the new speaker
    /// added to the actor in the same step when asked.
    pub fn to_edit(&self, store: &Store, original: Option<&Statement>) -> Result<Edit, Vec<FieldMessage>> {
        let s = self.to_statement(store, original)?;
        let names = Names::new(store);
        let statement_edit =
            if original.is_some() { Edit::UpdateStatement(touched(s)) } else { Edit::AddStatement(s) };
        let speaker = self.speaker.trim();
        let Some(actor) = names.actor(&self.actor) else { return Ok(statement_edit) };
        if !(self.add_speaker && !speaker.is_empty() && actor.speaker(speaker).is_none()) {
            return Ok(statement_edit);
        }
        let mut a = actor.clone();
        a.speakers.push(Speaker {
            name: speaker.to_owned(),
            role: self.speaker_role.trim().to_owned(),
            aliases: vec![],
        });
        Ok(Edit::Batch {
            label: format!("{} (and new speaker {speaker})", statement_edit.label()),
            edits: vec![Edit::UpdateActor { id: actor.id.clone(), actor: a }, statement_edit],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    fn draft() -> StatementDraft {
        StatementDraft {
            actor: "kyiv".into(),
            speaker: "Zelenskyy".into(),
            date: "2025-12-20".into(),
            quote: "We will not give up our land".into(),
            positions: vec![PositionDraft { topic: "Territory".into(), stance: -2, ..Default::default() }],
            credibility: 2,
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    #[test]
    fn a_good_draft_builds_a_statement_with_canonical_names() {
        let s = store::sample();
        assert!(draft().check(&s, today()).is_ok());
        let Ok(Edit::AddStatement(st)) = draft().to_edit(&s, None) else { panic!("an add") };
        assert_eq!(st.actor, "kyiv");
        assert_eq!(st.speaker.as_deref(), Some("Volodymyr Zelensky"));
        assert_eq!(st.positions[0].topic, "territory");
        assert_eq!(st.positions[0].stance.value(), -2);
    }

    #[test]
    fn each_bad_field_gets_its_own_typed_message() {
        let s = store::sample();
        let mut d = draft();
        d.actor = "Kremln".into();
        d.date = "13/03/2025".into();
        d.quote = " ".into();
        d.positions.push(PositionDraft { topic: "territory".into(), stance: 0, ..Default::default() });
        d.positions.push(PositionDraft {
            topic: "weather".into(),
            stance: 3,
            excerpt: "not in it".into(),
            ..Default::default()
        });
        d.credibility = 9;
        let c = d.check(&s, today());
        assert_eq!(c.error(DraftField::Actor), Some("No actor called “Kremln”: did you mean Kremlin?"));
        assert!(c.error(DraftField::Date).unwrap().contains("2025-03-13"));
        assert!(c.error(DraftField::Quote).unwrap().contains("cannot be empty"));
        assert!(c.error(DraftField::Topic(1)).unwrap().contains("already used"));
        assert_eq!(c.error(DraftField::Topic(2)), Some("No topic called “weather”: pick one from the list"));
        assert!(c.error(DraftField::Stance(2)).is_some());
        assert!(c.error(DraftField::Evidence(2)).unwrap().contains("words of the quote"));
        assert!(c.error(DraftField::Credibility).is_some());
        assert_eq!(d.to_edit(&s, None).unwrap_err().len(), c.errors.len());
    }

    #[test]
    fn doubtful_fields_warn_without_blocking() {
        let s = store::sample();
        let mut d = draft();
        d.date = "1850".into();
        d.url = "not a url".into();
        let c = d.check(&s, today());
        assert!(c.is_ok());
        assert!(c.warning(DraftField::Date).unwrap().contains("before 1900"));
        assert!(c.warning(DraftField::Url).unwrap().contains("not a web address"));
    }

    #[test]
    fn a_new_speaker_is_added_to_the_actor_in_the_same_step() {
        let s = store::sample();
        let mut d = draft();
        d.speaker = "Rustem Umerov".into();
        d.add_speaker = true;
        d.speaker_role = "security council secretary".into();
        let Ok(Edit::Batch { edits, .. }) = d.to_edit(&s, None) else { panic!("a batch") };
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
        let mut d = StatementDraft::from_statement(&s, &original);
        // The evidence excerpts are words of the quote: a new quote keeps them.
        d.quote = format!("{} (changed)", original.quote);
        let Ok(Edit::UpdateStatement(st)) = d.to_edit(&s, Some(&original)) else { panic!("an update") };
        assert_eq!(st.id, original.id);
        assert_eq!(st.recorded_at, original.recorded_at);
        assert!(st.updated_at >= original.updated_at);
        assert!(st.quote.ends_with("(changed)"));
        assert_eq!(st.positions, original.positions);
    }

    #[test]
    fn a_new_quote_that_loses_an_excerpt_is_refused_on_that_position() {
        let s = store::sample();
        let original = s
            .statements
            .iter()
            .find(|st| st.positions.iter().any(|p| !p.evidence.excerpt.is_empty()))
            .unwrap();
        let i = original.positions.iter().position(|p| !p.evidence.excerpt.is_empty()).unwrap();
        let mut d = StatementDraft::from_statement(&s, original);
        d.quote = "Entirely different words.".into();
        let c = d.check(&s, chrono::NaiveDate::MAX);
        assert!(
            c.error(DraftField::Evidence(i)).is_some_and(|m| m.contains("words of the quote")),
            "{:?}",
            c.errors
        );
        assert!(d.to_edit(&s, Some(original)).is_err());
    }

    #[test]
    fn an_ungraded_draft_saves_with_a_warning_on_its_grading() {
        let s = store::sample();
        let mut d = draft();
        d.reliability = Reliability::F;
        d.credibility = 6;
        let c = d.check(&s, today());
        assert!(c.is_ok(), "{:?}", c.errors);
        assert_eq!(c.warning(DraftField::Grading), Some("not graded: exports will say so"));
        assert!(d.to_edit(&s, None).is_ok());
        // Half a grade is a grade: no warning.
        d.credibility = 3;
        assert_eq!(d.check(&s, today()).warning(DraftField::Grading), None);
        d.credibility = 6;
        d.reliability = Reliability::C;
        assert_eq!(d.check(&s, today()).warning(DraftField::Grading), None);
    }

    #[test]
    fn a_known_outlet_fills_in_its_last_reliability_until_the_analyst_picks_one() {
        let mut s = store::sample();
        // The Times' live blog, graded B; its latest statement regraded C, then one left at F.
        let times = |st: &Statement| st.source.outlet == "The Times (live blog)";
        let mut latest =
            s.statements.iter().filter(|st| times(st)).max_by_key(|st| st.updated_at).unwrap().clone();
        latest.source.reliability = Reliability::C;
        latest.updated_at = crate::model::Timestamp::now();
        let i = s.statements.iter().position(|st| st.id == latest.id).unwrap();
        s.statements[i] = latest.clone();
        let mut ungraded = latest.clone();
        ungraded.id = crate::model::StatementId::new();
        ungraded.source.reliability = Reliability::F;
        s.statements.push(ungraded);
        assert_eq!(
            last_reliability(&s, "  the times (LIVE blog) "),
            Some((Reliability::C, "The Times (live blog)"))
        );
        assert_eq!(last_reliability(&s, "The Times"), None, "the whole outlet, not a part");

        let mut d = StatementDraft { outlet: "The Kyiv Independent".into(), ..Default::default() };
        d.prefill_reliability(&s);
        assert_eq!(d.reliability, Reliability::B);
        assert_eq!(d.reliability_from.as_deref(), Some("The Kyiv Independent"));
        assert_eq!(d.credibility, 6, "the credibility grades the information: never filled in");
        // Retyped to an outlet the store does not know: back to F.
        d.outlet = "The Kyiv Independen".into();
        d.prefill_reliability(&s);
        assert_eq!((d.reliability, d.reliability_from.as_deref()), (Reliability::F, None));
        // Chosen by the analyst: kept whatever the outlet.
        d.choose_reliability(Reliability::D);
        d.outlet = "The Kyiv Independent".into();
        d.prefill_reliability(&s);
        assert_eq!((d.reliability, d.reliability_from.as_deref()), (Reliability::D, None));
        // An edited statement's grading counts as chosen.
        let e = StatementDraft::from_statement(&s, &latest);
        assert!(e.reliability_chosen);
    }

    #[test]
    fn a_statement_round_trips_through_its_draft() {
        let s = store::sample();
        for original in &s.statements {
            let d = StatementDraft::from_statement(&s, original);
            let back = d.to_statement(&s, Some(original)).unwrap();
            assert_eq!(&back, original, "{}", original.id);
        }
    }
}
