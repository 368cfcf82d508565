//! `lexicon`: the phrases analysts taught ingest — `list` (the default;
//! numbered, `--json`), `add` (a topic, a stance on a topic, a speaker or
//! an actor; checked against the store, stamped with the analyst, saved
//! through the locked, atomic save) and `remove` (by number or phrase).
//! The Ingest tab teaches the same lexicon when an analyst accepts a
//! corrected candidate.

use std::process::ExitCode;

use serde::Serialize;

use super::{CliError, CliResult, Context, print, print_json};
use crate::edit::Edit;
use crate::model::{Analyst, Learned, Meaning, Stance, Store, fold_phrase};
use crate::names::Names;
use crate::session::Session;

/// Arguments of `lexicon`: a subcommand, or `list`'s options.
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
    /// List the entries, numbered (the default).
    List(ListArgs),
    /// Teach ingest a phrase (replacing an entry with the same phrase and kind of meaning).
    ///
    /// `--topic T`: the phrase names topic T; `--topic T --stance N`: it takes stance N on T;
    /// `--speaker NAME --actor A`: it names NAME, a speaker of A; `--actor A`: it speaks for A.
    Add(AddArgs),
    /// Forget an entry: by its number in `stancebook lexicon`, or its phrase if only one entry has it.
    Remove {
        /// The entry's number, or its phrase.
        #[arg(value_name = "N|PHRASE")]
        which: String,
    },
}

/// Options of `lexicon list`.
#[derive(clap::Args, Debug, Default)]
struct ListArgs {
    /// Print JSON: [{"n", "phrase", "means": {"kind": "topic"|"stance"|"speaker"|"actor",
    /// "topic", "stance", "name", "actor"}, "learned_at", "by", "from"}] (fields that do not
    /// apply to the kind are null).
    #[arg(long)]
    json: bool,
}

/// Options of `lexicon add`.
#[derive(clap::Args, Debug)]
struct AddArgs {
    /// The phrase as texts write it ("tripwire mission", "the Élysée"): 1 to 8 words;
    /// case and accents do not count.
    #[arg(value_name = "PHRASE")]
    phrase: String,
    /// The topic the phrase names (id or name); with --stance, the topic it takes a stance on.
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,
    /// The stance the phrase takes on --topic, from −2 to +2 (`-2`, `−2`, `0`, `+1`).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    stance: Option<String>,
    /// The speaker the phrase names (with --actor): one of the actor's speakers by name or
    /// alias, or a name the store does not list yet.
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// The actor the phrase speaks for (id or name); with --speaker, whom the speaker speaks for.
    #[arg(long, value_name = "ACTOR")]
    actor: Option<String>,
    /// Who teaches it: `Name` or `Name <e-mail>`. Without it: the analyst named in the app's
    /// preferences, else `STANCEBOOK_ANALYST` (same form), else not recorded.
    #[arg(long, value_name = "NAME <EMAIL>")]
    by: Option<String>,
}

/// An entry as `--json` prints it.
#[derive(Serialize)]
struct EntryJson<'a> {
    n: usize,
    phrase: &'a str,
    means: MeansJson<'a>,
    learned_at: String,
    by: Option<&'a Analyst>,
    from: Option<String>,
}

#[derive(Serialize)]
struct MeansJson<'a> {
    kind: &'static str,
    topic: Option<&'a str>,
    stance: Option<i8>,
    name: Option<&'a str>,
    actor: Option<&'a str>,
}

impl<'a> EntryJson<'a> {
    fn of(n: usize, l: &'a Learned) -> Self {
        let none = MeansJson { kind: "", topic: None, stance: None, name: None, actor: None };
        let means = match &l.means {
            Meaning::Topic(t) => MeansJson { kind: "topic", topic: Some(t.as_str()), ..none },
            Meaning::Stance { topic, stance } => MeansJson {
                kind: "stance",
                topic: Some(topic.as_str()),
                stance: Some(stance.value()),
                ..none
            },
            Meaning::Speaker { name, actor } => {
                MeansJson { kind: "speaker", name: Some(name), actor: Some(actor.as_str()), ..none }
            }
            Meaning::Actor(a) => MeansJson { kind: "actor", actor: Some(a.as_str()), ..none },
        };
        EntryJson {
            n,
            phrase: &l.phrase,
            means,
            learned_at: l.learned_at.to_string(),
            by: l.by.as_ref(),
            from: l.from.map(|s| s.to_string()),
        }
    }
}

/// Runs the subcommand.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    match args.command {
        None => list(ctx, args.list),
        Some(Sub::List(a)) => list(ctx, a),
        Some(Sub::Add(a)) => add(ctx, a),
        Some(Sub::Remove { which }) => remove(ctx, &which),
    }
}

fn list(ctx: &Context, a: ListArgs) -> CliResult {
    let (_, parsed) = ctx.read()?;
    let store = &parsed.store;
    if a.json {
        print_json(
            &store.lexicon.iter().enumerate().map(|(i, l)| EntryJson::of(i + 1, l)).collect::<Vec<_>>(),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if store.lexicon.is_empty() {
        print(
            "The lexicon is empty: ingest learns a phrase when you accept a corrected candidate in the \
             Ingest tab, or teach one with `stancebook lexicon add PHRASE --topic T` (or --topic T --stance N, \
             --speaker NAME --actor A, --actor A).\n",
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = store.lexicon.len().to_string().len();
    let mut out = String::new();
    for (i, l) in store.lexicon.iter().enumerate() {
        out.push_str(&format!("{:>width$}. {} · {}\n", i + 1, entry_text(store, l), taught(l)));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// "“hostile act” → −2 on Foreign troops (troops)", with a note when the
/// topic or actor it points at is gone from the store.
fn entry_text(store: &Store, l: &Learned) -> String {
    format!("“{}” → {}", l.phrase, meaning(store, l))
}

/// The meaning in words, with names and ids.
fn meaning(store: &Store, l: &Learned) -> String {
    let gone = |what: &str, id: &str| format!("{id} ({what} {id} no longer in the store: ingest ignores it)");
    let topic = |t: &crate::model::TopicId| match store.topic(t) {
        Some(topic) => Ok(format!("{} ({t})", topic.name)),
        None => Err(gone("topic", t.as_str())),
    };
    let actor = |a: &crate::model::ActorId| match store.actor(a) {
        Some(actor) => Ok(format!("{} ({a})", actor.name)),
        None => Err(gone("actor", a.as_str())),
    };
    match &l.means {
        Meaning::Topic(t) => match topic(t) {
            Ok(t) => format!("topic {t}"),
            Err(g) => format!("topic {g}"),
        },
        Meaning::Stance { topic: t, stance } => match topic(t) {
            Ok(t) => format!("{} on {t}", stance.signed()),
            Err(g) => format!("{} on {g}", stance.signed()),
        },
        Meaning::Speaker { name, actor: a } => match actor(a) {
            Ok(a) => format!("speaker {name} of {a}"),
            Err(g) => format!("speaker {name} of {g}"),
        },
        Meaning::Actor(a) => match actor(a) {
            Ok(a) => format!("actor {a}"),
            Err(g) => format!("actor {g}"),
        },
    }
}

/// "learned 2025-03-13 by Anna Petrova, from statement 01J…".
fn taught(l: &Learned) -> String {
    let mut s = format!("learned {}", l.learned_at.date());
    if let Some(by) = &l.by {
        s.push_str(&format!(" by {}", by.name));
    }
    if let Some(from) = l.from {
        s.push_str(&format!(", from statement {from}"));
    }
    s
}

/// `-2`, `−2`, `+1`, `0` → a stance.
fn parse_stance(text: &str) -> Result<Stance, CliError> {
    let bad = || {
        CliError::usage(format!(
            "--stance `{}`: write a whole number from −2 to +2 (-2, −1, 0, +1, 2)",
            text.trim()
        ))
    };
    let t = text.trim().replace('−', "-");
    let t = t.strip_prefix('+').unwrap_or(&t);
    let value: i64 = t.parse().map_err(|_| bad())?;
    Stance::new(value).map_err(|_| bad())
}

/// "--topic: unknown topic `x`; did you mean `sanctions`? (known topics: …)".
fn unknown_topic(store: &Store, text: &str) -> String {
    let hint = Names::new(store)
        .closest_topic(text)
        .map(|t| format!("; did you mean `{}`?", t.id))
        .unwrap_or_default();
    let known: Vec<&str> = store.topics.iter().map(|t| t.id.as_str()).collect();
    format!("--topic: unknown topic `{}`{hint} (known topics: {})", text.trim(), known.join(", "))
}

/// "--actor: unknown actor `x`; did you mean `kremlin`? (known actors: …)".
fn unknown_actor(store: &Store, text: &str) -> String {
    let hint = Names::new(store)
        .closest_actor(text)
        .map(|a| format!("; did you mean `{}`?", a.id))
        .unwrap_or_default();
    let known: Vec<&str> = store.actors.iter().map(|a| a.id.as_str()).collect();
    format!("--actor: unknown actor `{}`{hint} (known actors: {})", text.trim(), known.join(", "))
}

const FORMS: &str = "give --topic T (the phrase names a topic), --topic T --stance N (it takes a stance \
                     on it), --speaker NAME --actor A (it names a speaker of A) or --actor A (it speaks for A)";

/// What the flags say the phrase means, checked against the store.
fn meaning_of(store: &Store, a: &AddArgs, stance: Option<Stance>) -> Result<Meaning, CliError> {
    let names = Names::new(store);
    fn given(o: &Option<String>) -> Option<&str> {
        o.as_deref().map(str::trim)
    }
    match (given(&a.topic), given(&a.speaker), given(&a.actor)) {
        (Some(t), None, None) => {
            let topic = names.topic(t).ok_or_else(|| CliError::usage(unknown_topic(store, t)))?;
            Ok(match stance {
                Some(stance) => Meaning::Stance { topic: topic.id.clone(), stance },
                None => Meaning::Topic(topic.id.clone()),
            })
        }
        (None, speaker, Some(actor)) if stance.is_none() => {
            let actor = names.actor(actor).ok_or_else(|| CliError::usage(unknown_actor(store, actor)))?;
            match speaker {
                None => Ok(Meaning::Actor(actor.id.clone())),
                Some(name) => {
                    if actor.speaker(name).is_none() && !name.is_empty() {
                        super::note(&format!(
                            "note: `{name}` is not among {}'s speakers; ingest gives the name and actor to \
                             whoever a text quotes as “{}”",
                            actor.id,
                            a.phrase.trim()
                        ));
                    }
                    Ok(Meaning::Speaker {
                        name: names.canonical_speaker(&actor.id, name),
                        actor: actor.id.clone(),
                    })
                }
            }
        }
        (None, Some(_), None) => {
            Err(CliError::usage(format!("--speaker needs --actor: whom they speak for; {FORMS}")))
        }
        (None, None, None) if stance.is_some() => {
            Err(CliError::usage(format!("--stance needs --topic: the topic it takes a stance on; {FORMS}")))
        }
        (None, None, None) => Err(CliError::usage(format!("say what the phrase means: {FORMS}"))),
        (Some(_), _, _) => Err(CliError::usage(format!(
            "--topic cannot go with --speaker or --actor: one entry has one meaning; {FORMS}"
        ))),
        (None, _, Some(_)) => Err(CliError::usage(format!(
            "--stance goes with --topic, not with --speaker or --actor; {FORMS}"
        ))),
    }
}

fn add(ctx: &Context, a: AddArgs) -> CliResult {
    let analyst = super::add::analyst(a.by.as_deref())?;
    let stance = a.stance.as_deref().map(parse_stance).transpose()?;
    let (mut file, store) = ctx.open_for_writing()?;
    let not_learned = |m: String| CliError::usage(format!("{}: nothing learned: {m}", file.path().display()));
    let means = meaning_of(&store, &a, stance).map_err(|e| not_learned(e.message))?;
    let learned = Learned::new(&a.phrase, means, analyst.clone(), None);
    if let Some(p) = learned.problem() {
        return Err(not_learned(p));
    }
    let key = learned.key();
    let old = store.lexicon.iter().find(|l| l.key() == key).map(|l| entry_text(&store, l));
    let new = entry_text(&store, &learned);
    let mut session = Session::new(store);
    session.set_analyst(analyst);
    session
        .apply(Edit::Learn(learned))
        .map_err(|e| CliError::usage(format!("{}: {e}", file.path().display())))?;
    file.save(session.store())?;
    let n = session.store().lexicon.iter().position(|l| l.key() == key).map_or(0, |i| i + 1);
    let said = match old {
        Some(old) if old == new => format!("Learned again: {new} (number {n}; it was already there)\n"),
        Some(old) => format!("Replaced {old}\n    with {new} (number {n})\n"),
        None => format!("Learned {new} (number {n})\n"),
    };
    print(&said)?;
    Ok(ExitCode::SUCCESS)
}

fn remove(ctx: &Context, which: &str) -> CliResult {
    let (mut file, store) = ctx.open_for_writing()?;
    let which = which.trim();
    let count = store.lexicon.len();
    let folded = fold_phrase(which);
    let by_phrase: Vec<usize> =
        (0..count).filter(|&i| fold_phrase(&store.lexicon[i].phrase) == folded).collect();
    let number = which.parse::<usize>().ok();
    let index = match (number.filter(|n| (1..=count).contains(n)), &by_phrase[..]) {
        (Some(n), _) => n - 1,
        (None, [i]) => *i,
        (None, []) => {
            let what = match number {
                Some(n) => format!("no lexicon entry number {n}: the lexicon has {count}"),
                None => format!("no lexicon entry has the phrase “{which}”"),
            };
            return Err(CliError::usage(format!(
                "{}: {what}; give a number or phrase from `stancebook lexicon`",
                file.path().display()
            )));
        }
        (None, several) => {
            let each: Vec<String> = several
                .iter()
                .map(|&i| format!("{} ({})", i + 1, meaning(&store, &store.lexicon[i])))
                .collect();
            return Err(CliError::usage(format!(
                "{}: {} entries have the phrase “{which}”: {}; give the number of the one to remove",
                file.path().display(),
                several.len(),
                each.join(", ")
            )));
        }
    };
    let entry = &store.lexicon[index];
    let said = format!("Forgot {}\n", entry_text(&store, entry));
    let key = entry.key();
    let mut session = Session::new(store);
    session
        .apply(Edit::Unlearn(key))
        .map_err(|e| CliError::usage(format!("{}: {e}", file.path().display())))?;
    file.save(session.store())?;
    print(&said)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stances_take_a_sign_or_a_true_minus() {
        let v = |t: &str| parse_stance(t).map(Stance::value).ok();
        assert_eq!(v("+1"), Some(1));
        assert_eq!(v("-2"), Some(-2));
        assert_eq!(v("−2"), Some(-2));
        assert_eq!(v(" 0 "), Some(0));
        assert_eq!(v("3"), None);
        assert_eq!(v("strong"), None);
    }
}
