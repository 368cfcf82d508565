//! Statements: who said what, when, for which actor, with what positions,
//! and where it comes from.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::date::{PartialDate, Timestamp};
use super::ids::{ActorId, StatementId, TopicId};
use super::stance::Stance;

/// What a statement does, after the CAMEO / PLOVER event verbs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Puts forward a plan or an offer.
    Proposal,
    /// Asks or insists that another party do something.
    Demand,
    /// Accepts a proposal or a demand.
    Acceptance,
    /// Rejects a proposal or a demand.
    Rejection,
    /// Threatens consequences.
    Warning,
    /// Pledges to do something.
    Commitment,
    /// Describes or judges the situation.
    #[default]
    Assessment,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 7] = [
        Kind::Proposal,
        Kind::Demand,
        Kind::Acceptance,
        Kind::Rejection,
        Kind::Warning,
        Kind::Commitment,
        Kind::Assessment,
    ];

    /// The word used in the store, JSON and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Proposal => "proposal",
            Kind::Demand => "demand",
            Kind::Acceptance => "acceptance",
            Kind::Rejection => "rejection",
            Kind::Warning => "warning",
            Kind::Commitment => "commitment",
            Kind::Assessment => "assessment",
        }
    }

    /// Parses the word (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the text shows about whether the statement was really made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Verification {
    /// Said on the record by the speaker or institution.
    Confirmed,
    /// Second-hand: the reporter's description or another actor's account.
    #[default]
    Reported,
    /// Anonymous sources, "reportedly", or an expectation: counts, but is flagged.
    Unverified,
    /// The actor denies it: never counts towards a stance.
    Denied,
}

impl Verification {
    /// Every value, in display order.
    pub const ALL: [Verification; 4] =
        [Verification::Confirmed, Verification::Reported, Verification::Unverified, Verification::Denied];

    /// The word used in the store, JSON and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Verification::Confirmed => "confirmed",
            Verification::Reported => "reported",
            Verification::Unverified => "unverified",
            Verification::Denied => "denied",
        }
    }

    /// Parses the word (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reliability of a source on the Admiralty scale: A completely reliable …
/// E unreliable, F cannot be judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub enum Reliability {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged.
    #[default]
    F,
}

impl Reliability {
    /// Every grade, best first.
    pub const ALL: [Reliability; 6] =
        [Reliability::A, Reliability::B, Reliability::C, Reliability::D, Reliability::E, Reliability::F];

    /// The letter.
    pub fn letter(self) -> char {
        match self {
            Reliability::A => 'A',
            Reliability::B => 'B',
            Reliability::C => 'C',
            Reliability::D => 'D',
            Reliability::E => 'E',
            Reliability::F => 'F',
        }
    }

    /// The Admiralty wording.
    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }

    /// Parses a letter A–F (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|r| s.len() == 1 && s.eq_ignore_ascii_case(&r.letter().to_string()))
    }

    /// Whether the source was judged (A–E): F, "cannot be judged", is also
    /// what a statement nobody graded holds.
    pub fn is_judged(self) -> bool {
        self != Reliability::F
    }

    /// Whether `self` and `credibility` grade anything: F6 (neither judged)
    /// is shown as "not graded", never as a grade.
    pub fn grades(self, credibility: Credibility) -> bool {
        self.is_judged() || credibility.is_judged()
    }
}

/// The credibility of the information on the Admiralty scale: 1 confirmed by
/// other sources … 5 improbable, 6 cannot be judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Credibility(u8);

impl Credibility {
    /// Credibility cannot be judged.
    pub const UNJUDGED: Credibility = Credibility(6);

    /// A credibility, if `value` is 1..=6.
    pub fn new(value: u8) -> Option<Self> {
        (1..=6).contains(&value).then_some(Credibility(value))
    }

    /// The value, 1..=6 when valid.
    pub fn value(self) -> u8 {
        self.0
    }

    /// Whether the value is in 1..=6 (always, unless read unchecked from a file).
    pub fn is_valid(self) -> bool {
        (1..=6).contains(&self.0)
    }

    /// Whether the information was judged (1–5): 6, "cannot be judged", is
    /// also what a statement nobody graded holds.
    pub fn is_judged(self) -> bool {
        (1..=5).contains(&self.0)
    }

    /// The Admiralty wording.
    pub fn meaning(self) -> &'static str {
        match self.0 {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
}

impl Default for Credibility {
    fn default() -> Self {
        Self::UNJUDGED
    }
}

/// Where a statement was reported.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The outlet ("Reuters", "The Kyiv Independent").
    pub outlet: String,
    /// The address of the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the report was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
    /// The outlet's reliability, A–F.
    #[serde(default)]
    pub reliability: Reliability,
}

/// What backs one position: the part of the quote that takes it, and/or a
/// line in the analyst's words. A quote about sanctions never "backs" a
/// ceasefire stance: every citation of a position cites its evidence, and
/// falls back to the whole quote only where none is given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// An exact part of the statement's quote.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub excerpt: String,
    /// One line on why the statement takes this stance ("offers to drop the
    /// NATO bid in exchange for Article-5-like guarantees").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
}

impl Evidence {
    /// Whether neither an excerpt nor a rationale is given.
    pub fn is_empty(&self) -> bool {
        self.excerpt.trim().is_empty() && self.rationale.trim().is_empty()
    }
}

/// One position a statement takes on one topic.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// The topic.
    pub topic: TopicId,
    /// The stance on its proposition.
    pub stance: Stance,
    /// Conditions attached ("only after a full settlement").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub conditions: String,
    /// What backs it.
    #[serde(default, skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

impl Position {
    /// A position with no conditions and no evidence.
    pub fn new(topic: TopicId, stance: Stance) -> Position {
        Position { topic, stance, conditions: String::new(), evidence: Evidence::default() }
    }
}

/// `quote` as a reader sees it: in curly quotes, unless it is a paraphrase
/// or already carries its own quotation marks (joined fragments).
pub fn quoted(quote: &str, paraphrase: bool) -> String {
    let q = quote.trim();
    if paraphrase || q.contains('“') || q.starts_with('"') { q.to_owned() } else { format!("“{q}”") }
}

/// What backs one position, as a reader is shown it (see [`Statement::backing`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backing {
    /// The words: the evidence excerpt in quotation marks, else (when there
    /// is no rationale either) the whole quote as [`Statement::quoted`] shows
    /// it; none when the rationale stands alone.
    pub words: Option<String>,
    /// The words are the reporter's paraphrase, not the speaker's.
    pub paraphrase: bool,
    /// The analyst's one line on why the statement takes this stance (may be empty).
    pub rationale: String,
}

impl Backing {
    /// One line: "“excerpt” (rationale)", the rationale alone, or the quote.
    pub fn line(&self) -> String {
        match (&self.words, self.rationale.is_empty()) {
            (Some(w), true) => w.clone(),
            (Some(w), false) => format!("{w} ({})", self.rationale),
            (None, _) => self.rationale.clone(),
        }
    }
}

/// The analyst who entered or last changed a statement: a name, and an
/// e-mail when they gave one. Recorded from the preferences of whoever
/// edits, so that colleagues sharing a store see who coded what.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analyst {
    /// The name as the analyst gave it ("Anna Petrova").
    pub name: String,
    /// Their e-mail, if they gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Analyst {
    /// An analyst from a name and an optional e-mail, both trimmed (an
    /// empty e-mail is none). Check it with [`Analyst::problem`].
    pub fn new(name: &str, email: Option<&str>) -> Analyst {
        Analyst {
            name: name.trim().to_owned(),
            email: email.map(str::trim).filter(|e| !e.is_empty()).map(str::to_owned),
        }
    }

    /// Reads `Name <email>` or `Name` (as `--by`, `STANCEBOOK_ANALYST` and
    /// the CSV export write it), checked with [`Analyst::problem`].
    pub fn parse(text: &str) -> Result<Analyst, String> {
        let text = text.trim();
        let analyst = match text.strip_suffix('>').and_then(|t| t.rsplit_once('<')) {
            Some((name, email)) => Analyst::new(name, Some(email)),
            None => Analyst::new(text, None),
        };
        match analyst.problem() {
            Some(p) => Err(format!("`{text}`: {p}; write a name, or Name <e-mail>")),
            None => Ok(analyst),
        }
    }

    /// What is wrong with it, if anything: a name must be non-empty and on
    /// one line; an e-mail, if given, must hold one `@` and no spaces.
    pub fn problem(&self) -> Option<String> {
        if self.name.trim().is_empty() {
            return Some("the analyst's name is empty".into());
        }
        if self.name.chars().any(char::is_control) {
            return Some(format!("the analyst's name `{}` must be on one line", self.name.escape_debug()));
        }
        if let Some(e) = &self.email
            && (e.matches('@').count() != 1 || e.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            return Some(format!(
                "the analyst's e-mail `{}` must hold one @ and no spaces",
                e.escape_debug()
            ));
        }
        None
    }
}

impl fmt::Display for Analyst {
    /// `Name <email>`, or `Name` without an e-mail.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.email {
            Some(e) => write!(f, "{} <{e}>", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Who said what, when, for which actor, with which positions.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Unique id (ULID).
    pub id: StatementId,
    /// When it was said.
    pub date: PartialDate,
    /// The actor it speaks for.
    pub actor: ActorId,
    /// The person who said it (canonical name), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// What the statement does.
    #[serde(default)]
    pub kind: Kind,
    /// The key words, in English.
    pub quote: String,
    /// True when `quote` is a paraphrase, not the speaker's words.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paraphrase: bool,
    /// The quote in the original language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    /// Its positions, one per topic.
    pub positions: Vec<Position>,
    /// Where it was reported.
    pub source: Source,
    /// How credible the information is, 1–6.
    #[serde(default)]
    pub credibility: Credibility,
    /// Whether it is confirmed, reported, unverified or denied.
    #[serde(default)]
    pub verification: Verification,
    /// The actor who reported it, when one side reports what the other said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<ActorId>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The analyst's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// When it was entered.
    pub recorded_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
    /// The analyst who entered it (none: not recorded, as in stores from
    /// before schema 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_by: Option<Analyst>,
    /// The analyst who last changed it (none: never changed, or not recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_by: Option<Analyst>,
}

impl Statement {
    /// A new statement recorded now, with no positions yet.
    pub fn new(date: PartialDate, actor: ActorId, quote: impl Into<String>) -> Self {
        let now = Timestamp::now();
        Statement {
            id: StatementId::new(),
            date,
            actor,
            speaker: None,
            kind: Kind::default(),
            quote: quote.into(),
            paraphrase: false,
            original: None,
            positions: Vec::new(),
            source: Source::default(),
            credibility: Credibility::default(),
            verification: Verification::default(),
            reported_by: None,
            tags: Vec::new(),
            notes: String::new(),
            recorded_at: now,
            updated_at: now,
            entered_by: None,
            changed_by: None,
        }
    }

    /// The position on `topic`, if the statement takes one.
    pub fn position(&self, topic: &TopicId) -> Option<&Position> {
        self.positions.iter().find(|p| &p.topic == topic)
    }

    /// Whether the statement counts towards stances (denied ones never do).
    pub fn counts(&self) -> bool {
        self.verification != Verification::Denied
    }

    /// The quote as a reader sees it: in curly quotes, unless it is a
    /// paraphrase or already carries its own quotation marks (joined fragments).
    pub fn quoted(&self) -> String {
        quoted(&self.quote, self.paraphrase)
    }

    /// What backs the position on `topic`, as a reader is shown it: the
    /// position's evidence (its excerpt in quotation marks, its rationale),
    /// falling back to the whole quote only when it has neither.
    pub fn backing(&self, topic: &TopicId) -> Backing {
        let evidence = self.position(topic).map(|p| &p.evidence);
        let excerpt = evidence.map(|e| e.excerpt.trim()).filter(|e| !e.is_empty());
        let rationale = evidence.map(|e| e.rationale.trim().to_owned()).unwrap_or_default();
        match excerpt {
            Some(x) => Backing { words: Some(quoted(x, false)), paraphrase: false, rationale },
            None if !rationale.is_empty() => Backing { words: None, paraphrase: false, rationale },
            None => Backing { words: Some(self.quoted()), paraphrase: self.paraphrase, rationale },
        }
    }

    /// What is wrong with the analysts it records, each named by its field
    /// ("entered_by: the analyst's name is empty"); see [`Analyst::problem`].
    pub fn analyst_problems(&self) -> Vec<String> {
        [("entered_by", &self.entered_by), ("changed_by", &self.changed_by)]
            .into_iter()
            .filter_map(|(field, a)| Some(format!("{field}: {}", a.as_ref()?.problem()?)))
            .collect()
    }

    /// The order statements are kept in: by date, then id.
    pub fn sort_key(&self) -> (PartialDate, StatementId) {
        (self.date, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Subject;

    #[test]
    fn an_analyst_reads_as_name_and_e_mail_and_writes_back_the_same() {
        let anna = Analyst::parse("  Anna Petrova <anna@desk.example> ").unwrap();
        assert_eq!(anna, Analyst::new("Anna Petrova", Some("anna@desk.example")));
        assert_eq!(anna.to_string(), "Anna Petrova <anna@desk.example>");
        assert_eq!(Analyst::parse(&anna.to_string()), Ok(anna));
        let ben = Analyst::parse("Ben Ode").unwrap();
        assert_eq!(
            (ben.name.as_str(), ben.email.as_deref(), ben.to_string()),
            ("Ben Ode", None, "Ben Ode".into())
        );
        // An empty e-mail is none.
        assert_eq!(Analyst::parse("Ben Ode <>"), Ok(Analyst::new("Ben Ode", None)));
        for (bad, says) in [
            ("", "name is empty"),
            ("<anna@desk.example>", "name is empty"),
            ("Anna <anna at desk>", "one @ and no spaces"),
            ("Anna <anna@@desk>", "one @"),
            ("Anna <anna.desk>", "one @"),
        ] {
            let e = Analyst::parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        assert!(Analyst::new("Anna\nPetrova", None).problem().unwrap().contains("one line"));
    }

    #[test]
    fn a_bad_analyst_is_a_problem_of_the_statement_that_records_it() {
        let mut store = crate::store::sample();
        let id = store.statements[2].id;
        store.statements[2].entered_by = Some(Analyst::new("   ", None));
        store.statements[2].changed_by =
            Some(Analyst { name: "Ben".into(), email: Some("ben @desk".into()) });
        store.statements[3].entered_by = Some(Analyst::new("Anna Petrova", Some("anna@desk.example")));
        let problems = store.validate();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|p| p.subject == Subject::Statement(id)));
        assert!(problems[0].message.starts_with("entered_by: the analyst's name is empty"), "{problems:?}");
        assert!(problems[1].message.starts_with("changed_by: the analyst's e-mail"), "{problems:?}");
    }
}
