//! A small statistical topic scorer beside the keyword rules: one logistic
//! regression per topic over word stems and pairs of neighbouring stems,
//! trained on coded statements — the store's own (quote and evidence) and
//! any coded text given beside them — and written to a TSV of weights.
//!
//! Names are left out of the features: a capitalised word inside a
//! sentence (a person, a place, an actor) and, at training, every word of
//! the store's actors, speakers and the gazetteer's institutions and
//! places. What a statement is about is in its common words ("truce",
//! "withdraw troops"), not in who says it.
//!
//! Pure functions: no IO. [`train`] builds a model, [`Model::to_tsv`] and
//! [`Model::from_tsv`] write and read it, [`Model::probabilities`] scores a
//! text. The weights shipped in `data/topic_model.tsv` ([`shipped`]) are
//! trained on every coded development text and the sample store; ingest
//! combines a model with its rules as [`DEFAULT`] says ([`RECOMMENDED`]: the
//! scorer's topic where the rules find none), or as [`with`] says for the
//! work done inside it; only for topics the store defines as the training
//! data did ([`speaks_for`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use super::text::{Token, tokenize};
use crate::model::{Store, Topic, TopicId};

/// Words too common to say what a statement is about.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "being", "both", "but", "by", "can", "could", "did", "do", "does", "each", "for",
    "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "of", "on", "once",
    "only", "or", "other", "our", "ours", "out", "own", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "us", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your", "'s", "s", "mr", "mrs", "ms",
];

/// The fewest distinct features a text needs for the scorer to judge it.
pub const MIN_FEATURES: usize = 3;

/// How a model is trained.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// Strength of the L2 penalty on the weights (on the mean loss).
    pub l2: f32,
    /// Rounds of full-batch gradient descent (Adagrad).
    pub rounds: usize,
    /// Whether pairs of neighbouring stems are features beside single stems.
    pub bigrams: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { l2: 0.00003, rounds: 300, bigrams: false }
    }
}

/// Per-topic weights over stem features: p(topic | text) =
/// σ(bias + Σ weight · x), x = 1/√n for each of the text's n distinct
/// features (a long paragraph weighs no more than a short quote).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    topics: Vec<TopicId>,
    bias: Vec<f32>,
    weights: HashMap<String, Vec<f32>>,
    /// Whether pairs of stems are features (as they were in training).
    pairs: bool,
}

impl Model {
    /// The topics it scores, in the order of its weights.
    pub fn topics(&self) -> &[TopicId] {
        &self.topics
    }

    /// Whether it knows no feature (an empty or untrained model).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// How many features carry a weight.
    pub fn features(&self) -> usize {
        self.weights.len()
    }

    /// The probability of each topic for `text`, in the model's topic order.
    pub fn probabilities(&self, text: &str) -> Vec<(TopicId, f32)> {
        let tokens = tokenize(text, 0..text.len(), &[]);
        let p = self.score(&[tokens.as_slice()]);
        self.topics.iter().cloned().zip(p).collect()
    }

    /// The probability of each topic (model order) for a statement made of
    /// these stretches of tokens; 0 for every topic when they hold fewer
    /// than [`MIN_FEATURES`] features (“he said so” says nothing of a topic).
    pub(crate) fn score(&self, sentences: &[&[Token]]) -> Vec<f32> {
        let mut feats = BTreeSet::new();
        for s in sentences {
            features(s, self.pairs, &mut feats);
        }
        if feats.len() < MIN_FEATURES {
            return vec![0.0; self.topics.len()];
        }
        let n = feats.len() as f32;
        let x = 1.0 / n.sqrt();
        let mut z = self.bias.clone();
        for f in &feats {
            if let Some(w) = self.weights.get(f) {
                for (zi, wi) in z.iter_mut().zip(w) {
                    *zi += wi * x;
                }
            }
        }
        z.into_iter().map(sigmoid).collect()
    }

    /// The model as TSV: a header line of topic ids, a `bias` line, then one
    /// line per feature (a stem, or two stems with a space) with its weight
    /// on each topic. Lines starting with `#` are comments.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from(
            "# Stancebook topic scorer: per-topic logistic regression weights over word stems\n\
             # and stem pairs (see src/ingest/scorer.rs). Retrain rather than edit by hand.\n",
        );
        out.push_str("feature");
        for t in &self.topics {
            out.push('\t');
            out.push_str(t.as_str());
        }
        out.push('\n');
        let line = |out: &mut String, name: &str, w: &[f32]| {
            out.push_str(name);
            for v in w {
                out.push('\t');
                out.push_str(&fmt_weight(*v));
            }
            out.push('\n');
        };
        line(&mut out, "bias", &self.bias);
        let sorted: BTreeMap<&String, &Vec<f32>> = self.weights.iter().collect();
        for (f, w) in sorted {
            line(&mut out, f, w);
        }
        out
    }

    /// Reads [`Model::to_tsv`]'s format. Fails, naming the line, on a row
    /// with the wrong number of columns or a weight that is not a number.
    pub fn from_tsv(text: &str) -> Result<Model, String> {
        let mut lines = text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
        let Some((_, head)) = lines.next() else { return Ok(Model::default()) };
        let mut cols = head.split('\t');
        if cols.next() != Some("feature") {
            return Err("line 1: the header should start with “feature”".into());
        }
        let topics: Vec<TopicId> = cols.map(|c| TopicId(c.trim().to_owned())).collect();
        let mut model = Model { bias: vec![0.0; topics.len()], topics, ..Model::default() };
        for (i, l) in lines {
            let mut cols = l.split('\t');
            let name = cols.next().unwrap_or_default().to_owned();
            let w: Vec<f32> = cols
                .map(|c| c.trim().parse::<f32>().map_err(|e| format!("line {}: {e}", i + 1)))
                .collect::<Result<_, _>>()?;
            if w.len() != model.topics.len() {
                return Err(format!("line {}: {} weights for {} topics", i + 1, w.len(), model.topics.len()));
            }
            if name == "bias" {
                model.bias = w;
            } else {
                model.pairs |= name.contains(' ');
                model.weights.insert(name, w);
            }
        }
        Ok(model)
    }
}

fn fmt_weight(v: f32) -> String {
    let s = format!("{v:.3}");
    if s == "-0.000" { "0.000".to_owned() } else { s }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The statements of `store` as training examples: each statement's quote
/// and its positions' evidence (excerpt and rationale), with its topics.
pub fn store_examples(store: &Store) -> Vec<(String, Vec<TopicId>)> {
    store
        .statements
        .iter()
        .map(|s| {
            let mut text = s.quote.clone();
            for p in &s.positions {
                for e in [&p.evidence.excerpt, &p.evidence.rationale] {
                    if !e.trim().is_empty() && !text.contains(e.as_str()) {
                        text.push_str(". ");
                        text.push_str(e);
                    }
                }
            }
            (text, s.positions.iter().map(|p| p.topic.clone()).collect())
        })
        .collect()
}

/// The training examples of a coded text: for each row of its coding (a
/// tab-separated file with a header, the layout of
/// `../shared/data/seed_gold.tsv`: the line in the second column, the
/// topics, comma-separated, in the seventh; `other` left out, `nato` read
/// as `nato_membership`), the text of that line and its topics. An error
/// names the row and what is wrong with it.
pub fn coded_examples(text: &str, coding: &str) -> Result<Vec<(String, Vec<TopicId>)>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, row) in coding.lines().enumerate().skip(1).filter(|(_, r)| !r.trim().is_empty()) {
        let c: Vec<&str> = row.split('\t').collect();
        let at = |what: &str| format!("row {}: {what}", i + 1);
        if c.len() < 7 {
            return Err(at(&format!("{} columns, the coding has at least 7", c.len())));
        }
        let line: usize = c[1].trim().parse().map_err(|_| at(&format!("`{}` is not a line number", c[1])))?;
        let Some(said) = line.checked_sub(1).and_then(|l| lines.get(l)) else {
            return Err(at(&format!("line {line} is past the end of the text ({} lines)", lines.len())));
        };
        let topics: Vec<TopicId> = c[6]
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty() && *t != "other")
            .map(|t| TopicId(if t == "nato" { "nato_membership".to_owned() } else { t.to_owned() }))
            .collect();
        out.push(((*said).to_owned(), topics));
    }
    Ok(out)
}

/// A model trained on the store's statements ([`store_examples`]) and
/// `extra` coded texts (a statement's sentences and its topics), over the
/// store's topics, with the default [`Settings`].
pub fn train(store: &Store, extra: &[(String, Vec<TopicId>)]) -> Model {
    train_with(store, extra, Settings::default())
}

/// [`train`] with given settings.
pub fn train_with(store: &Store, extra: &[(String, Vec<TopicId>)], settings: Settings) -> Model {
    let names = name_words(store);
    let topics: Vec<TopicId> = store.topics.iter().map(|t| t.id.clone()).collect();
    let mut examples: Vec<(Vec<String>, Vec<bool>)> = Vec::new();
    for (text, ts) in store_examples(store).iter().chain(extra) {
        let tokens = tokenize(text, 0..text.len(), &[]);
        let mut feats = BTreeSet::new();
        features(&tokens, settings.bigrams, &mut feats);
        feats.retain(|f| !f.split(' ').any(|w| names.contains(w)));
        if feats.is_empty() {
            continue;
        }
        let y = topics.iter().map(|t| ts.contains(t)).collect();
        examples.push((feats.into_iter().collect(), y));
    }
    fit(topics, &examples, settings)
}

/// Full-batch Adagrad on the mean logistic loss with an L2 penalty, one
/// model per topic (they share the features, not the weights).
fn fit(topics: Vec<TopicId>, examples: &[(Vec<String>, Vec<bool>)], settings: Settings) -> Model {
    let k = topics.len();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (fs, _) in examples {
        for f in fs {
            let n = index.len();
            index.entry(f.as_str()).or_insert(n);
        }
    }
    let rows: Vec<(Vec<usize>, f32, &Vec<bool>)> = examples
        .iter()
        .map(|(fs, y)| (fs.iter().map(|f| index[f.as_str()]).collect(), 1.0 / (fs.len() as f32).sqrt(), y))
        .collect();
    let nf = index.len();
    let n = rows.len().max(1) as f32;
    let mut w = vec![0.0f32; nf * k];
    let mut b = vec![0.0f32; k];
    let mut gw2 = vec![0.0f32; nf * k];
    let mut gb2 = vec![0.0f32; k];
    let lr = 0.5f32;
    for _ in 0..settings.rounds {
        let mut gw: Vec<f32> = w.iter().map(|x| settings.l2 * x).collect();
        let mut gb = vec![0.0f32; k];
        for (fs, x, y) in &rows {
            for t in 0..k {
                let z = b[t] + fs.iter().map(|&f| w[f * k + t]).sum::<f32>() * x;
                let r = (sigmoid(z) - f32::from(u8::from(y[t]))) / n;
                gb[t] += r;
                for &f in fs {
                    gw[f * k + t] += r * x;
                }
            }
        }
        for i in 0..w.len() {
            gw2[i] += gw[i] * gw[i];
            w[i] -= lr * gw[i] / (gw2[i].sqrt() + 1e-8);
        }
        for t in 0..k {
            gb2[t] += gb[t] * gb[t];
            b[t] -= lr * gb[t] / (gb2[t].sqrt() + 1e-8);
        }
    }
    let round = |v: f32| (v * 1000.0).round() / 1000.0;
    let weights = index
        .iter()
        .filter_map(|(f, &i)| {
            let ws: Vec<f32> = w[i * k..(i + 1) * k].iter().map(|v| round(*v)).collect();
            ws.iter().any(|v| v.abs() >= 0.005).then(|| ((*f).to_owned(), ws))
        })
        .collect();
    Model { topics, bias: b.into_iter().map(round).collect(), weights, pairs: settings.bigrams }
}

/// Lower-cased words of the names the store knows: actors, speakers and
/// their aliases, and the gazetteer's capitalised words.
fn name_words(store: &Store) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut add = |s: &str, capitalised_only: bool| {
        for t in tokenize(s, 0..s.len(), &[]).iter().filter(|t| t.word) {
            if !capitalised_only || t.cap {
                out.insert(t.stem.clone());
            }
        }
    };
    for a in &store.actors {
        add(&a.name, true);
        for s in &a.speakers {
            add(&s.name, false);
            for al in &s.aliases {
                add(al, false);
            }
        }
    }
    for line in super::GAZETTEER.lines().filter(|l| !l.starts_with('#')) {
        if let Some(phrase) = line.split('\t').next() {
            add(phrase, true);
        }
    }
    out
}

/// Adds the features of one stretch of text: the stems of its words (not
/// stop words, numbers or capitalised words inside a sentence) and, with `bigrams`, each pair of
/// neighbouring stems (stop words skipped; punctuation and names break).
pub(crate) fn features(tokens: &[Token], bigrams: bool, out: &mut BTreeSet<String>) {
    let mut initial = true;
    let mut prev: Option<&str> = None;
    for t in tokens {
        if !t.word {
            if !t.quote_mark && t.lower != "'" {
                prev = None;
            }
            if matches!(t.lower.as_str(), "." | "!" | "?" | ":" | ";") || t.quote_mark {
                initial = true;
            }
            continue;
        }
        let was_initial = std::mem::replace(&mut initial, false);
        let lower = t.lower.as_str();
        if STOPWORDS.contains(&lower) {
            continue;
        }
        let name = t.cap && !was_initial;
        if name || lower.chars().any(|c| c.is_ascii_digit()) || lower.chars().count() < 2 {
            prev = None;
            continue;
        }
        out.insert(t.stem.clone());
        if bigrams && let Some(p) = prev {
            out.insert(format!("{p} {}", t.stem));
        }
        prev = Some(t.stem.as_str());
    }
}

/// How ingest combines the scorer with the keyword rules.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Combine {
    /// The rules alone.
    Off,
    /// Where the rules find no topic by the usual threshold, the scorer's
    /// best topic when its probability is at least `min` (before the
    /// fallback to a single weak keyword).
    Fill {
        /// The least probability that adds a topic.
        min: f32,
    },
    /// As [`Combine::Fill`], but after the fallback to a single weak
    /// keyword, where that finds none either.
    FillLast {
        /// The least probability that adds a topic.
        min: f32,
    },
    /// Beside the rules' topics, any topic whose probability is at least `min`.
    Add {
        /// The least probability that adds a topic.
        min: f32,
    },
    /// A rule topic that rests on weak keywords only (weighing less than
    /// 1.5 together, or the fallback's single weak keyword) is dropped when
    /// the scorer gives it a probability below `max`.
    Prune {
        /// The probability under which a weak topic is dropped.
        max: f32,
    },
    /// Both [`Combine::Fill`] and [`Combine::Prune`].
    FillPrune {
        /// As in [`Combine::Fill`].
        min: f32,
        /// As in [`Combine::Prune`].
        max: f32,
    },
    /// Each topic's keyword score plus `weight` × the scorer's log-odds,
    /// against the rules' threshold.
    Blend {
        /// How many keyword points one unit of log-odds is worth.
        weight: f32,
    },
}

/// The combination that helps, measured leave one set out
/// (`tests/ingest/scorer.rs`, in the `ingest_eval` test binary): where a speaker on the record has no topic
/// by its keywords — not even one weak keyword or a phrase an analyst
/// taught — the scorer's best topic when it is more likely than not. It
/// gained topic F1 on every left-out set and cost no precision or stance;
/// pruning rule topics, adding topics beside the rules' and blending scores
/// cost topic F1 on some set. The scorer comes after the weak keyword so
/// that what an analyst taught keeps its word.
pub const RECOMMENDED: Combine = Combine::FillLast { min: 0.5 };

/// How ingest combines the shipped model with the rules unless told
/// otherwise ([`with`]): [`RECOMMENDED`]. The shipped weights have seen
/// every coded development text, so the evaluation of those texts
/// (`tests/ingest_eval.rs`) scores each set with a model trained without it
/// ([`with`]), never the shipped one.
pub const DEFAULT: Combine = RECOMMENDED;

/// The shipped weights (`data/topic_model.tsv`), trained on every coded
/// development text and the sample store's statements.
pub const SHIPPED_TSV: &str = include_str!("../../data/topic_model.tsv");

static SHIPPED: LazyLock<Arc<Model>> =
    LazyLock::new(|| Arc::new(Model::from_tsv(SHIPPED_TSV).unwrap_or_default()));

/// The topics the models were trained on, as the bundled sample store
/// defines them: id → proposition.
static TRAINED_ON: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| crate::store::sample().topics.into_iter().map(|t| (t.id.0, t.proposition)).collect());

/// Whether the scorer may speak for `topic`: the store defines it as the
/// model's training data did (same id, same proposition). A store that
/// reuses an id such as `sanctions` for another question gets no topic
/// from a model trained on this one.
pub fn speaks_for(topic: &Topic) -> bool {
    TRAINED_ON.get(&topic.id.0).is_some_and(|p| p.trim() == topic.proposition.trim())
}

/// The shipped model.
pub fn shipped() -> Arc<Model> {
    SHIPPED.clone()
}

thread_local! {
    static ACTIVE: RefCell<Option<(Arc<Model>, Combine)>> = const { RefCell::new(None) };
}

/// Runs `f` with ingest on this thread using `model` combined with the
/// rules as `how`, instead of the shipped model and [`DEFAULT`]: for a
/// retrained model, and for measuring a model or a combination
/// (`Combine::Off`: the rules alone).
pub fn with<R>(model: Arc<Model>, how: Combine, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<(Arc<Model>, Combine)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            ACTIVE.with(|a| *a.borrow_mut() = before);
        }
    }
    let _restore = Restore(ACTIVE.with(|a| a.replace(Some((model, how)))));
    f()
}

/// The model and combination ingest uses on this thread: those given to
/// [`with`], else the shipped model with [`DEFAULT`]; none when the
/// combination is [`Combine::Off`] or the model is empty.
pub(crate) fn active() -> Option<(Arc<Model>, Combine)> {
    let chosen = match ACTIVE.with(|a| a.borrow().clone()) {
        Some(chosen) => chosen,
        None if DEFAULT == Combine::Off => return None,
        None => (shipped(), DEFAULT),
    };
    Some(chosen).filter(|(m, how)| *how != Combine::Off && !m.is_empty())
}
