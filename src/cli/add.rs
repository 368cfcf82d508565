//! `add`: add one statement to the store and print its id.

use std::process::ExitCode;

use super::{CliError, CliResult, Context, print};
use crate::draft::{DraftField, FieldMessage, PositionDraft, StatementDraft};
use crate::model::{Analyst, Credibility, Kind, PartialDate, Reliability, Stance, Store, Verification};
use crate::names::Names;
use crate::session::Session;

/// Arguments of `add`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The actor's id or name (`kremlin`, `Kyiv`, …).
    #[arg(long)]
    pub actor: String,
    /// When it was said: 2025-03-13, 2025-03 or 2025.
    #[arg(long)]
    pub date: String,
    /// The key words.
    #[arg(long)]
    pub quote: String,
    /// A position, TOPIC=STANCE with STANCE in −2..=2, optionally followed by
    /// `:conditions` (`ceasefire=1:only after talks`). Repeat for several topics.
    #[arg(long = "position", value_name = "TOPIC=STANCE", required = true)]
    pub positions: Vec<String>,
    /// Who said it (a name or alias of one of the actor's speakers, or a new name).
    #[arg(long)]
    pub speaker: Option<String>,
    /// proposal, demand, acceptance, rejection, warning, commitment or assessment.
    #[arg(long, default_value = "assessment")]
    pub kind: String,
    /// The outlet that reported it.
    #[arg(long, default_value = "")]
    pub outlet: String,
    /// The report's address.
    #[arg(long)]
    pub url: Option<String>,
    /// When the report was published (defaults to the statement's date).
    #[arg(long)]
    pub published: Option<String>,
    /// The outlet's reliability, A–F.
    #[arg(long, default_value = "F")]
    pub reliability: String,
    /// The information's credibility, 1–6.
    #[arg(long, default_value_t = 6)]
    pub credibility: u8,
    /// confirmed, reported, unverified or denied.
    #[arg(long, default_value = "reported")]
    pub verification: String,
    /// The quote is a paraphrase, not the speaker's words.
    #[arg(long)]
    pub paraphrase: bool,
    /// The quote in its original language.
    #[arg(long)]
    pub original: Option<String>,
    /// The actor who reported the statement (when one side reports the other).
    #[arg(long)]
    pub reported_by: Option<String>,
    /// A tag; repeat for several.
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Notes.
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Who is entering it, recorded with the statement: `Name` or `Name
    /// <e-mail>`. Without it: the analyst named in the app's preferences,
    /// else `STANCEBOOK_ANALYST` (same form), else not recorded.
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub by: Option<String>,
}

/// The environment variable naming the analyst (`Name` or `Name <e-mail>`)
/// when neither `--by` nor the app's preferences do.
pub const ANALYST_ENV: &str = "STANCEBOOK_ANALYST";

/// The file in the data folder where the app keeps its window state and its
/// preferences (eframe's storage: a RON map from keys to RON text; see
/// `app::run`), and the preferences' key in it.
const PREFS_FILE: &str = "window";
const PREFS_KEY: &str = "stancebook-prefs";

/// The analyst's fields of the app's preferences (the rest is not read).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AnalystPrefs {
    analyst_name: Option<String>,
    analyst_email: Option<String>,
}

/// The analyst named in the app's preferences, if the file is there, reads,
/// and names one (the window's state is the app's own: anything amiss in
/// it just means no name from there).
fn analyst_from_prefs() -> Option<Analyst> {
    let path = crate::store::data_dir()?.join(PREFS_FILE);
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 4 << 20 {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let map: std::collections::HashMap<String, String> = ron::from_str(&text).ok()?;
    let prefs: AnalystPrefs = ron::from_str(map.get(PREFS_KEY)?).ok()?;
    let a = Analyst::new(prefs.analyst_name.as_deref()?, prefs.analyst_email.as_deref());
    a.problem().is_none().then_some(a)
}

/// Who is adding the statement (or running another command that records
/// an analyst): `--by`, else the app's preferences, else [`ANALYST_ENV`],
/// else nobody known. A malformed `--by` or variable is an error.
pub(super) fn analyst(by: Option<&str>) -> Result<Option<Analyst>, CliError> {
    if let Some(by) = by {
        return Analyst::parse(by).map(Some).map_err(|e| CliError::usage(format!("--by {e}")));
    }
    if let Some(a) = analyst_from_prefs() {
        return Ok(Some(a));
    }
    match std::env::var(ANALYST_ENV) {
        Ok(v) if !v.trim().is_empty() => {
            Analyst::parse(&v).map(Some).map_err(|e| CliError::usage(format!("{ANALYST_ENV}: {e}")))
        }
        _ => Ok(None),
    }
}

fn parse_position(text: &str) -> Result<PositionDraft, CliError> {
    let bad =
        || CliError::usage(format!("--position `{text}`: write TOPIC=STANCE, for example ceasefire=-2"));
    let (topic, rest) = text.split_once('=').ok_or_else(bad)?;
    let (stance, conditions) = match rest.split_once(':') {
        Some((s, c)) => (s, c.trim().to_owned()),
        None => (rest, String::new()),
    };
    let value: i64 = stance.trim().replace('−', "-").trim_start_matches('+').parse().map_err(|_| bad())?;
    let stance = Stance::new(value).map_err(|e| CliError::usage(format!("--position `{text}`: {e}")))?;
    Ok(PositionDraft {
        topic: topic.trim().to_owned(),
        stance: stance.value(),
        conditions,
        ..PositionDraft::default()
    })
}

fn one_of<T>(flag: &str, value: &str, parsed: Option<T>, choices: &[&str]) -> Result<T, CliError> {
    parsed
        .ok_or_else(|| CliError::usage(format!("--{flag} `{value}`: expected one of {}", choices.join(", "))))
}

/// The statement's draft from the flags, each flag of a fixed form checked here.
fn draft(args: Args) -> Result<StatementDraft, CliError> {
    let date = PartialDate::parse(&args.date).map_err(|e| CliError::usage(format!("--date: {e}")))?;
    if let Some(p) = &args.published {
        PartialDate::parse(p).map_err(|e| CliError::usage(format!("--published: {e}")))?;
    }
    let positions = args.positions.iter().map(|p| parse_position(p)).collect::<Result<Vec<_>, _>>()?;
    let kind = one_of("kind", &args.kind, Kind::parse(&args.kind), &Kind::ALL.map(|k| k.as_str()))?;
    let verification = one_of(
        "verification",
        &args.verification,
        Verification::parse(&args.verification),
        &Verification::ALL.map(|v| v.as_str()),
    )?;
    let reliability = one_of(
        "reliability",
        &args.reliability,
        Reliability::parse(&args.reliability),
        &["A", "B", "C", "D", "E", "F"],
    )?;
    if Credibility::new(args.credibility).is_none() {
        return Err(CliError::usage(format!("--credibility {}: expected 1 to 6", args.credibility)));
    }
    Ok(StatementDraft {
        actor: args.actor,
        speaker: args.speaker.unwrap_or_default(),
        date: date.to_string(),
        kind,
        quote: args.quote,
        paraphrase: args.paraphrase,
        original: args.original.unwrap_or_default(),
        positions,
        outlet: args.outlet,
        url: args.url.unwrap_or_default(),
        // The report is taken to be of the day it was said, unless told otherwise.
        published: args.published.unwrap_or_else(|| date.to_string()),
        reliability,
        credibility: args.credibility,
        verification,
        reported_by: args.reported_by.unwrap_or_default(),
        tags: args.tags.join(","),
        notes: args.notes,
        ..StatementDraft::default()
    })
}

/// A draft's error as the command line says it, naming the flag.
fn flag_message(store: &Store, d: &StatementDraft, m: &FieldMessage) -> String {
    let known = |ids: Vec<&str>| ids.join(", ");
    match m.field {
        DraftField::Actor | DraftField::ReportedBy => {
            let (flag, value) = if m.field == DraftField::Actor {
                ("actor", &d.actor)
            } else {
                ("reported-by", &d.reported_by)
            };
            let hint = Names::new(store)
                .closest_actor(value)
                .map(|a| format!("; did you mean `{}`?", a.id))
                .unwrap_or_default();
            format!(
                "--{flag}: unknown actor `{}`{hint} (known actors: {})",
                value.trim(),
                known(store.actors.iter().map(|a| a.id.as_str()).collect())
            )
        }
        DraftField::Topic(i) => {
            let value = d.positions.get(i).map_or("", |p| p.topic.trim());
            let hint = Names::new(store)
                .closest_topic(value)
                .map(|t| format!("; did you mean `{}`?", t.id))
                .unwrap_or_default();
            format!(
                "--position: unknown topic `{value}`{hint} (known topics: {})",
                known(store.topics.iter().map(|t| t.id.as_str()).collect())
            )
        }
        DraftField::Quote => "--quote: empty quote; give the key words".into(),
        _ => m.message.clone(),
    }
}

/// Builds the statement's draft, checks it against the store, applies it as
/// one edit, saves atomically, and prints the id.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let analyst = analyst(args.by.as_deref())?;
    let draft = draft(args)?;
    // A store folder: only the header and the statement's month are read and written.
    let date = crate::model::PartialDate::parse(&draft.date).ok();
    let (mut file, store) = ctx.open_for_writing_dates(date.as_slice())?;
    let edit = draft.to_edit(&store, None).map_err(|errors| {
        let all: Vec<String> = errors.iter().map(|e| flag_message(&store, &draft, e)).collect();
        CliError::usage(format!("{}: statement not added: {}", file.path().display(), all.join("; ")))
    })?;
    let names = Names::new(&store);
    if let Some(actor) = names.actor(&draft.actor)
        && !draft.speaker.trim().is_empty()
        && actor.speaker(draft.speaker.trim()).is_none()
    {
        super::note(&format!(
            "note: `{}` is not among {}'s speakers; kept as written",
            draft.speaker.trim(),
            actor.id
        ));
    }
    for w in draft.check(&store, chrono::Local::now().date_naive()).warnings {
        super::note(&format!("warning: {}", w.message));
    }
    let mut session = Session::new(store);
    session.set_analyst(analyst);
    let applied =
        session.apply(edit).map_err(|e| CliError::usage(format!("{}: {e}", file.path().display())))?;
    file.save(session.store())?;
    let id = applied.statement.map(|id| id.to_string()).unwrap_or_default();
    print(&format!("{id}\n"))?;
    Ok(ExitCode::SUCCESS)
}
