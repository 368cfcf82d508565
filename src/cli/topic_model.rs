//! `stancebook topic-model`: retrain the statistical topic scorer's weights
//! (`data/topic_model.tsv`) from the store's statements and coded texts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{CliError, CliResult, Context, print};
use crate::ingest::scorer;
use crate::model::TopicId;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Train the scorer on the store's statements and coded texts, and write its weights
    Train(TrainArgs),
}

#[derive(clap::Args, Debug)]
struct TrainArgs {
    /// Coded texts, in order: a folder of texts with an `index.tsv` (the first
    /// column names `<name>.txt` and its coding `<name>.tsv`), or `TEXT=CODING`
    /// for one text and its coding (tab-separated, the layout of
    /// `../shared/data/seed_gold.tsv`: line in the second column, topics in the seventh)
    #[arg(long, value_name = "DIR|TEXT=CODING")]
    coded: Vec<String>,
    /// Where to write the weights (a TSV file; `-` prints them)
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub fn run(ctx: &Context, args: Args) -> CliResult {
    match args.command {
        Command::Train(a) => train(ctx, a),
    }
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::usage(format!("{}: could not read it: {e}", path.display())))
}

/// The examples of one `--coded` value.
fn examples_of(spec: &str) -> Result<Vec<(String, Vec<TopicId>)>, CliError> {
    let pairs: Vec<(PathBuf, PathBuf)> = match spec.split_once('=') {
        Some((text, coding)) => vec![(PathBuf::from(text), PathBuf::from(coding))],
        None => {
            let dir = PathBuf::from(spec);
            let index = dir.join("index.tsv");
            read(&index)?
                .lines()
                .skip(1)
                .filter_map(|l| l.split('\t').next().map(str::trim).filter(|n| !n.is_empty()))
                .map(|name| (dir.join(format!("{name}.txt")), dir.join(format!("{name}.tsv"))))
                .collect()
        }
    };
    let mut out = Vec::new();
    for (text, coding) in pairs {
        let found = scorer::coded_examples(&read(&text)?, &read(&coding)?)
            .map_err(|e| CliError::usage(format!("{}: {e}", coding.display())))?;
        out.extend(found);
    }
    Ok(out)
}

fn train(ctx: &Context, a: TrainArgs) -> CliResult {
    let (_, parsed) = ctx.read()?;
    let store = parsed.store;
    let mut extra = Vec::new();
    for spec in &a.coded {
        extra.extend(examples_of(spec)?);
    }
    let unknown: Vec<String> = extra
        .iter()
        .flat_map(|(_, ts)| ts)
        .filter(|t| store.topic(t).is_none())
        .map(|t| t.0.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !unknown.is_empty() {
        super::note(&format!(
            "topics the store does not have are left out of training: {}",
            unknown.join(", ")
        ));
    }
    let model = scorer::train(&store, &extra);
    if model.is_empty() {
        return Err(CliError::found(
            "nothing to learn from: the store has no statements and no coded text was given",
        ));
    }
    let tsv = model.to_tsv();
    if a.out.as_os_str() == "-" {
        print(&tsv)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Written beside, then moved in place: a failed write leaves the old weights.
    let tmp = a.out.with_extension("tsv.tmp");
    std::fs::write(&tmp, tsv.as_bytes())
        .and_then(|()| std::fs::rename(&tmp, &a.out))
        .map_err(|e| CliError::usage(format!("{}: could not write it: {e}", a.out.display())))?;
    println!(
        "trained on {} statements and {} coded lines: {} topics, {} features → {}",
        store.statements.len(),
        extra.len(),
        model.topics().len(),
        model.features(),
        a.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
