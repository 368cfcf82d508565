//! `add`: add one statement to the store and print its id.

use std::process::ExitCode;

use super::{CliError, CliResult, Context, print};
use crate::model::{
    ActorId, Credibility, Kind, PartialDate, Position, Reliability, Stance, Statement, Subject, TopicId,
    Verification,
};

/// Arguments of `add`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The actor's id (`kremlin`, `kyiv`, …).
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
}

fn parse_position(text: &str) -> Result<Position, CliError> {
    let bad =
        || CliError::usage(format!("--position `{text}`: write TOPIC=STANCE, for example ceasefire=-2"));
    let (topic, rest) = text.split_once('=').ok_or_else(bad)?;
    let (stance, conditions) = match rest.split_once(':') {
        Some((s, c)) => (s, c.trim().to_owned()),
        None => (rest, String::new()),
    };
    let value: i64 = stance.trim().replace('−', "-").trim_start_matches('+').parse().map_err(|_| bad())?;
    let stance = Stance::new(value).map_err(|e| CliError::usage(format!("--position `{text}`: {e}")))?;
    Ok(Position { topic: TopicId(topic.trim().to_owned()), stance, conditions })
}

fn one_of<T>(flag: &str, value: &str, parsed: Option<T>, choices: &[&str]) -> Result<T, CliError> {
    parsed
        .ok_or_else(|| CliError::usage(format!("--{flag} `{value}`: expected one of {}", choices.join(", "))))
}

/// Builds the statement, checks it against the store, saves atomically, prints the id.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let date = PartialDate::parse(&args.date).map_err(|e| CliError::usage(format!("--date: {e}")))?;
    let published = args
        .published
        .as_deref()
        .map(PartialDate::parse)
        .transpose()
        .map_err(|e| CliError::usage(format!("--published: {e}")))?;
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
    let credibility = Credibility::new(args.credibility)
        .ok_or_else(|| CliError::usage(format!("--credibility {}: expected 1 to 6", args.credibility)))?;

    let (mut file, mut store) = ctx.open_for_writing()?;
    let actor = ActorId(args.actor.trim().to_owned());
    let mut s = Statement::new(date, actor.clone(), args.quote.trim());
    s.speaker = args.speaker.as_deref().map(|n| store.canonical_speaker(&actor, n)).filter(|n| !n.is_empty());
    s.kind = kind;
    s.paraphrase = args.paraphrase;
    s.original = args.original.filter(|o| !o.trim().is_empty());
    s.positions = positions;
    s.source.outlet = args.outlet.trim().to_owned();
    s.source.url = args.url.filter(|u| !u.trim().is_empty());
    s.source.published = published.or(Some(date));
    s.source.reliability = reliability;
    s.credibility = credibility;
    s.verification = verification;
    s.reported_by = args.reported_by.map(ActorId);
    s.tags = args.tags;
    s.notes = args.notes;
    let id = s.id;

    if let Some(speaker) = &s.speaker
        && store.actor(&actor).is_some_and(|a| a.speaker(speaker).is_none())
    {
        super::note(&format!("note: `{speaker}` is not among {actor}'s speakers; kept as written"));
    }
    for w in s.warnings(chrono::Local::now().date_naive()) {
        super::note(&format!("warning: {w}"));
    }
    store.insert_statement(s);
    let problems: Vec<String> = store
        .validate()
        .into_iter()
        .filter(|p| p.subject == Subject::Statement(id))
        .map(|p| with_hint(&store, p.message))
        .collect();
    if !problems.is_empty() {
        return Err(CliError::usage(format!(
            "{}: statement not added: {}",
            file.path().display(),
            problems.join("; ")
        )));
    }
    file.save(&store)?;
    print(&format!("{id}\n"))?;
    Ok(ExitCode::SUCCESS)
}

fn with_hint(store: &crate::model::Store, message: String) -> String {
    let ids = |v: Vec<&str>| v.join(", ");
    if message.starts_with("unknown actor") {
        format!("{message} (known actors: {})", ids(store.actors.iter().map(|a| a.id.as_str()).collect()))
    } else if message.starts_with("unknown topic") {
        format!("{message} (known topics: {})", ids(store.topics.iter().map(|t| t.id.as_str()).collect()))
    } else {
        message
    }
}
