//! `events`: the store's dated events — `list` (the default; `--json`,
//! `--since`, `--until`, `--actor`, words to find), `add` (checked field by
//! field, saved through the locked, atomic save) and `delete`.
//!
//! It also holds [`EventDraft`], an event as typed into a form or given as
//! flags, checked field by field: the app's events panel and `events add`
//! build events through it, so both say the same thing about the same
//! mistake.

use std::process::ExitCode;

use serde::Serialize;

use super::{CliError, CliResult, Context, parse_day, print, print_json};
use crate::edit::Edit;
use crate::model::{ActorId, Event, EventKind, PartialDate, Reliability, Source, Store, Timestamp};
use crate::names::Names;
use crate::search::events::{Dates, find_events};
use crate::session::Session;

// ------------------------------------------------------------------ the draft

/// A field of an event's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventField {
    /// When it happened (or began).
    Date,
    /// The last day of a multi-day event.
    End,
    /// Its title.
    Title,
    /// The actors involved.
    Actors,
    /// When the report was published.
    Published,
}

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventProblem {
    /// The field.
    pub field: EventField,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// An event as the analyst is writing it: dates as text, actors by id or name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventDraft {
    /// When it happened: `2025-08-15`, `2025-08` or `2025`.
    pub date: String,
    /// The last day of a multi-day event (empty: one day).
    pub end: String,
    /// A short title ("Trump–Putin summit in Alaska").
    pub title: String,
    /// What kind of event.
    pub kind: EventKind,
    /// The actors involved, by id or name.
    pub actors: Vec<String>,
    /// Where it happened.
    pub place: String,
    /// The outlet that reported it.
    pub outlet: String,
    /// The report's address.
    pub url: String,
    /// When the report was published (empty: not known).
    pub published: String,
    /// The outlet's reliability, A–F.
    pub reliability: Reliability,
    /// Free notes.
    pub notes: String,
}

/// "`15/08` is not a date: write 2025-08-15, 2025-08 or 2025".
fn date_problem(text: &str) -> String {
    format!("“{}” is not a date: write 2025-08-15, 2025-08 or 2025", text.trim())
}

impl EventDraft {
    /// The draft of an event already in the store (to edit it).
    pub fn of(e: &Event) -> EventDraft {
        EventDraft {
            date: e.date.to_string(),
            end: e.end.map(|d| d.to_string()).unwrap_or_default(),
            title: e.title.clone(),
            kind: e.kind,
            actors: e.actors.iter().map(|a| a.0.clone()).collect(),
            place: e.place.clone(),
            outlet: e.source.outlet.clone(),
            url: e.source.url.clone().unwrap_or_default(),
            published: e.source.published.map(|d| d.to_string()).unwrap_or_default(),
            reliability: e.source.reliability,
            notes: e.notes.clone(),
        }
    }

    /// Every problem, field by field, in the form's order (an empty list: it can be saved).
    pub fn check(&self, store: &Store) -> Vec<EventProblem> {
        self.build(store, None).err().unwrap_or_default()
    }

    /// The event the draft describes: a new one, or `original` changed
    /// (same id and first recording, touched now); or every problem.
    pub fn to_event(&self, store: &Store, original: Option<&Event>) -> Result<Event, Vec<EventProblem>> {
        self.build(store, original)
    }

    /// The edit that saves the draft: adds a new event, or updates `original`.
    pub fn to_edit(&self, store: &Store, original: Option<&Event>) -> Result<Edit, Vec<EventProblem>> {
        let e = self.build(store, original)?;
        Ok(if original.is_some() { Edit::UpdateEvent(e) } else { Edit::AddEvent(e) })
    }

    fn build(&self, store: &Store, original: Option<&Event>) -> Result<Event, Vec<EventProblem>> {
        let mut problems = Vec::new();
        let mut push = |field, message: String| problems.push(EventProblem { field, message });
        let date = if self.date.trim().is_empty() {
            push(EventField::Date, "Give the date it happened: 2025-08-15, 2025-08 or 2025".into());
            None
        } else {
            PartialDate::parse(&self.date).map_err(|_| push(EventField::Date, date_problem(&self.date))).ok()
        };
        let end = if self.end.trim().is_empty() {
            None
        } else {
            PartialDate::parse(&self.end).map_err(|_| push(EventField::End, date_problem(&self.end))).ok()
        };
        if let (Some(d), Some(e)) = (date, end)
            && e.last_day() < d.first_day()
        {
            push(EventField::End, format!("It ends ({}) before it begins ({})", e.short(), d.short()));
        }
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            push(EventField::Title, "Give the event a title".into());
        }
        let names = Names::new(store);
        let mut actors: Vec<ActorId> = Vec::new();
        for a in self.actors.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
            match names.actor(a) {
                Some(actor) if !actors.contains(&actor.id) => actors.push(actor.id.clone()),
                Some(_) => {}
                None => {
                    let hint = names
                        .closest_actor(a)
                        .map(|c| format!("; did you mean {}?", c.name))
                        .unwrap_or_default();
                    push(EventField::Actors, format!("No actor called “{a}”{hint}"));
                }
            }
        }
        let published = if self.published.trim().is_empty() {
            None
        } else {
            PartialDate::parse(&self.published)
                .map_err(|_| push(EventField::Published, date_problem(&self.published)))
                .ok()
        };
        let Some(date) = date else { return Err(problems) };
        if !problems.is_empty() {
            return Err(problems);
        }
        let source = Source {
            outlet: self.outlet.trim().to_owned(),
            url: Some(self.url.trim().to_owned()).filter(|u| !u.is_empty()),
            published,
            reliability: self.reliability,
        };
        let mut e = match original {
            Some(o) => Event { source, ..o.clone() },
            None => Event::new(date, title.clone(), self.kind, source),
        };
        e.date = date;
        // An end within the start's own day (or month, or year) says nothing more.
        e.end = end.filter(|end| end.last_day() > date.last_day());
        e.title = title;
        e.kind = self.kind;
        e.actors = actors;
        e.place = self.place.trim().to_owned();
        e.notes = self.notes.trim().to_owned();
        if original.is_some() {
            e.updated_at = Timestamp::now().max(e.recorded_at);
        }
        Ok(e)
    }
}

// ------------------------------------------------------------------ the command

/// Arguments of `events`: a subcommand, or `list`'s options.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(clap::Subcommand, Debug)]
enum Sub {
    /// List the events, oldest first (the default).
    List(ListArgs),
    /// Add an event; print its id.
    Add(Box<AddArgs>),
    /// Delete an event by its id.
    Delete {
        /// The event's id (from `events list`).
        id: String,
    },
}

/// Options of `events list`.
#[derive(clap::Args, Debug, Default)]
struct ListArgs {
    /// Only the events with these words in their title, place, kind, actors or dates (`alaska`, `talks aug`).
    #[arg(value_name = "WORDS")]
    words: Vec<String>,
    /// Print JSON: [{"id", "date", "end", "title", "kind", "actors", "place", "source": {"outlet",
    /// "url", "published", "reliability"}, "notes"}], oldest first.
    #[arg(long)]
    json: bool,
    /// Only events that end on or after this date.
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only events that begin on or before this date (`--until 2025-06` takes in all of June).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Only events involving this actor (id or name); repeat or separate with commas for any of several.
    #[arg(long = "actor", value_name = "ACTOR", value_delimiter = ',')]
    actors: Vec<String>,
}

/// Options of `events add`.
#[derive(clap::Args, Debug)]
struct AddArgs {
    /// When it happened (or began): 2025-08-15, 2025-08 or 2025.
    #[arg(long)]
    date: String,
    /// The last day of a multi-day event.
    #[arg(long)]
    end: Option<String>,
    /// A short title ("Trump–Putin summit in Alaska").
    #[arg(long)]
    title: String,
    /// summit, meeting, call, talks, plan, deadline, truce, sanctions, announcement or other.
    #[arg(long, default_value = "other")]
    kind: String,
    /// An actor involved (id or name); repeat, or separate with commas.
    #[arg(long = "actor", visible_alias = "actors", value_name = "ACTOR", value_delimiter = ',')]
    actors: Vec<String>,
    /// Where it happened.
    #[arg(long, default_value = "")]
    place: String,
    /// The outlet that reported it.
    #[arg(long, default_value = "")]
    outlet: String,
    /// The report's address.
    #[arg(long, default_value = "")]
    url: String,
    /// When the report was published.
    #[arg(long, default_value = "")]
    published: String,
    /// The outlet's reliability, A–F.
    #[arg(long, default_value = "F")]
    reliability: String,
    /// Notes.
    #[arg(long, default_value = "")]
    notes: String,
}

/// An event as `--json` prints it.
#[derive(Serialize)]
struct EventJson<'a> {
    id: String,
    date: String,
    end: Option<String>,
    title: &'a str,
    kind: &'static str,
    actors: Vec<&'a str>,
    place: &'a str,
    source: SourceJson<'a>,
    notes: &'a str,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    outlet: &'a str,
    url: Option<&'a str>,
    published: Option<String>,
    reliability: String,
}

impl<'a> EventJson<'a> {
    fn of(e: &'a Event) -> Self {
        EventJson {
            id: e.id.to_string(),
            date: e.date.to_string(),
            end: e.end.map(|d| d.to_string()),
            title: &e.title,
            kind: e.kind.as_str(),
            actors: e.actors.iter().map(|a| a.as_str()).collect(),
            place: &e.place,
            source: SourceJson {
                outlet: &e.source.outlet,
                url: e.source.url.as_deref(),
                published: e.source.published.map(|d| d.to_string()),
                reliability: e.source.reliability.letter().to_string(),
            },
            notes: &e.notes,
        }
    }
}

/// Runs the subcommand.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    match args.command {
        None => list(ctx, args.list),
        Some(Sub::List(a)) => list(ctx, a),
        Some(Sub::Add(a)) => add(ctx, *a),
        Some(Sub::Delete { id }) => delete(ctx, &id),
    }
}

/// The events passing `list`'s options, oldest first.
fn selected<'a>(store: &'a Store, a: &ListArgs) -> Result<Vec<&'a Event>, CliError> {
    let since = a.since.as_deref().map(|d| parse_day("--since", d, false)).transpose()?;
    let until = a.until.as_deref().map(|d| parse_day("--until", d, true)).transpose()?;
    let names = Names::new(store);
    let mut actors = Vec::new();
    for text in a.actors.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let actor =
            names.actor(text).ok_or_else(|| CliError::usage(unknown_actor(store, "--actor", text)))?;
        actors.push(actor.id.clone());
    }
    let found = find_events(store, &a.words.join(" "), Dates::Included);
    if found.forgiving && !found.indices.is_empty() {
        super::note(&format!("no event has every word of “{}”; showing near spellings", a.words.join(" ")));
    }
    Ok(found
        .indices
        .into_iter()
        .map(|i| &store.events[i])
        .filter(|e| since.is_none_or(|d| e.last_day() >= d))
        .filter(|e| until.is_none_or(|d| e.first_day() <= d))
        .filter(|e| actors.is_empty() || actors.iter().any(|a| e.involves(a)))
        .collect())
}

fn list(ctx: &Context, a: ListArgs) -> CliResult {
    let (_, parsed) = ctx.read()?;
    let store = &parsed.store;
    let events = selected(store, &a)?;
    if a.json {
        print_json(&events.iter().map(|e| EventJson::of(e)).collect::<Vec<_>>())?;
        return Ok(ExitCode::SUCCESS);
    }
    if events.is_empty() {
        let why = if store.events.is_empty() {
            "The store has no events yet: add one with `stancebook events add --date D --title T`."
        } else {
            "No event matches."
        };
        print(&format!("{why}\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for e in &events {
        out.push_str(&line(e));
        out.push('\n');
    }
    if events.len() < store.events.len() {
        out.push_str(&format!("{} of {} events\n", events.len(), store.events.len()));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// One event on one line: dates, kind, title, then actors · place · outlet, and its id.
fn line(e: &Event) -> String {
    let dates = match e.end {
        Some(end) => format!("{}..{end}", e.date),
        None => e.date.to_string(),
    };
    let mut rest: Vec<String> = Vec::new();
    if !e.actors.is_empty() {
        rest.push(e.actors.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "));
    }
    if !e.place.is_empty() {
        rest.push(e.place.clone());
    }
    if !e.source.outlet.is_empty() {
        rest.push(e.source.outlet.clone());
    }
    let rest = if rest.is_empty() { String::new() } else { format!(" — {}", rest.join(" · ")) };
    format!("{dates:<22}  {:<12}  {}{rest}  [{}]", e.kind.as_str(), e.title, e.id)
}

/// "--actor: unknown actor `x`; did you mean `kremlin`? (known actors: …)".
fn unknown_actor(store: &Store, flag: &str, text: &str) -> String {
    let hint = Names::new(store)
        .closest_actor(text)
        .map(|a| format!("; did you mean `{}`?", a.id))
        .unwrap_or_default();
    let known: Vec<&str> = store.actors.iter().map(|a| a.id.as_str()).collect();
    format!("{flag}: unknown actor `{text}`{hint} (known actors: {})", known.join(", "))
}

/// "It ends…" → "it ends…": a message after a flag's name.
fn lower_first(text: &str) -> String {
    let mut c = text.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

/// A draft's problem as the command line says it, naming the flag.
fn flag_message(store: &Store, draft: &EventDraft, p: &EventProblem) -> String {
    match p.field {
        EventField::Date => format!("--date: {}", lower_first(&p.message)),
        EventField::End => format!("--end: {}", lower_first(&p.message)),
        EventField::Title => "--title: give the event a title".into(),
        EventField::Published => format!("--published: {}", lower_first(&p.message)),
        EventField::Actors => {
            let names = Names::new(store);
            let bad: Vec<&str> = draft
                .actors
                .iter()
                .map(|a| a.trim())
                .filter(|a| !a.is_empty() && names.actor(a).is_none())
                .collect();
            bad.iter().map(|a| unknown_actor(store, "--actor", a)).collect::<Vec<_>>().join("; ")
        }
    }
}

fn add(ctx: &Context, a: AddArgs) -> CliResult {
    let kind = EventKind::parse(&a.kind).ok_or_else(|| {
        CliError::usage(format!(
            "--kind `{}`: expected one of {}",
            a.kind,
            EventKind::ALL.map(|k| k.as_str()).join(", ")
        ))
    })?;
    let reliability = Reliability::parse(&a.reliability).ok_or_else(|| {
        CliError::usage(format!("--reliability `{}`: expected one of A, B, C, D, E, F", a.reliability))
    })?;
    let draft = EventDraft {
        date: a.date,
        end: a.end.unwrap_or_default(),
        title: a.title,
        kind,
        actors: a.actors,
        place: a.place,
        outlet: a.outlet,
        url: a.url,
        published: a.published,
        reliability,
        notes: a.notes,
    };
    let (mut file, store) = ctx.open_for_writing()?;
    let event = draft.to_event(&store, None).map_err(|problems| {
        let mut said: Vec<String> = problems.iter().map(|p| flag_message(&store, &draft, p)).collect();
        said.dedup();
        CliError::usage(format!("{}: event not added: {}", file.path().display(), said.join("; ")))
    })?;
    let id = event.id;
    let mut session = Session::new(store);
    session
        .apply(Edit::AddEvent(event))
        .map_err(|e| CliError::usage(format!("{}: {e}", file.path().display())))?;
    file.save(session.store())?;
    print(&format!("{id}\n"))?;
    Ok(ExitCode::SUCCESS)
}

fn delete(ctx: &Context, id: &str) -> CliResult {
    let (mut file, store) = ctx.open_for_writing()?;
    let Some(e) = store.events.iter().find(|e| e.id.to_string().eq_ignore_ascii_case(id.trim())) else {
        return Err(CliError::found(format!(
            "{}: no event with id {} (`stancebook events` lists them with their ids)",
            file.path().display(),
            id.trim()
        )));
    };
    let said = format!("Deleted “{}” ({})\n", e.title, e.when());
    let mut session = Session::new(store.clone());
    session
        .apply(Edit::DeleteEvent(e.id))
        .map_err(|err| CliError::usage(format!("{}: {err}", file.path().display())))?;
    file.save(session.store())?;
    print(&said)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> EventDraft {
        EventDraft {
            date: "2025-08-15".into(),
            title: "  Trump–Putin   summit ".into(),
            kind: EventKind::Summit,
            actors: vec!["Washington".into(), "kremlin".into(), "washington".into()],
            place: "Anchorage".into(),
            ..EventDraft::default()
        }
    }

    #[test]
    fn a_good_draft_becomes_an_event_with_canonical_actors() {
        let store = crate::store::sample();
        let e = draft().to_event(&store, None).expect("valid");
        assert_eq!(e.title, "Trump–Putin summit");
        assert_eq!(e.actors, vec![ActorId::from("washington"), ActorId::from("kremlin")]);
        assert_eq!(e.end, None);
        assert!(matches!(draft().to_edit(&store, None), Ok(Edit::AddEvent(_))));
        // Edited: same id and first recording.
        let again = EventDraft { title: "Alaska summit".into(), ..EventDraft::of(&e) };
        let edited = again.to_event(&store, Some(&e)).expect("valid");
        assert_eq!((edited.id, edited.recorded_at), (e.id, e.recorded_at));
        assert_eq!(edited.title, "Alaska summit");
    }

    #[test]
    fn each_problem_names_its_field() {
        let store = crate::store::sample();
        let fields = |d: EventDraft| d.check(&store).into_iter().map(|p| p.field).collect::<Vec<_>>();
        assert_eq!(fields(EventDraft { end: "2025-08-14".into(), ..draft() }), [EventField::End]);
        assert_eq!(fields(EventDraft { end: "2025-07".into(), ..draft() }), [EventField::End]);
        assert!(fields(EventDraft { end: "2025-08".into(), ..draft() }).is_empty(), "ends in August");
        assert!(fields(EventDraft { end: "2025-08-16".into(), ..draft() }).is_empty());
        assert_eq!(fields(EventDraft { date: "15/08/2025".into(), ..draft() }), [EventField::Date]);
        assert_eq!(fields(EventDraft { date: " ".into(), ..draft() }), [EventField::Date]);
        assert_eq!(fields(EventDraft { title: " ".into(), ..draft() }), [EventField::Title]);
        assert_eq!(fields(EventDraft { published: "soon".into(), ..draft() }), [EventField::Published]);
        let p = EventDraft { actors: vec!["Kremiln".into()], ..draft() }.check(&store);
        assert_eq!(p[0].field, EventField::Actors);
        assert!(p[0].message.contains("did you mean Kremlin"), "{}", p[0].message);
        let ends = EventDraft { end: "2025-08-14".into(), ..draft() }.check(&store);
        assert_eq!(ends[0].message, "It ends (14 Aug 2025) before it begins (15 Aug 2025)");
    }
}
