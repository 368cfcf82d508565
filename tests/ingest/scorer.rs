//! The statistical topic scorer (`ingest::scorer`) measured against the
//! keyword rules, leave one set out: for each held-out set, a model is
//! trained on the other two sets, the live blog and the sample store's
//! statements (those quoting the left-out texts left out), and the left-out
//! set is ingested with the rules alone and with each way of combining the
//! scorer with them. Prints the table of topic F1, precision, stance within
//! ±1 and core recall per left-out set, the combination an inner
//! leave-one-set-out would choose without seeing the set, the scorer's
//! settings, and the lessons check of `ingest_eval` with the scorer trained
//! without the set it scores.
//!
//! Result: filling a topic where the rules find none ([`scorer::RECOMMENDED`])
//! gains topic F1 on every left-out set at no cost in precision or stance;
//! pruning, adding beside the rules and blending do not. It is ingest's
//! default ([`scorer::DEFAULT`]); these tests assert that it keeps helping
//! and that the shipped weights are current.
//!
//! Gold reading, the analyst who teaches and the pairing of candidates with
//! gold rows are `tests/ingest_eval.rs`'s (this is a module of it); the
//! metrics are counted here without its per-row printing.

use super::{ARTICLE, GOLD, Gold, read_gold, right, shared};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use stancebook::ingest::scorer::{self, Combine, Model, Settings};
use stancebook::ingest::{self, Candidate, IngestOptions};
use stancebook::model::{Store, TopicId};

const SETS: [&str; 3] = ["heldout", "heldout2", "heldout3"];

/// One coded text: its set, text, coding and options.
pub(crate) struct Coded {
    pub(crate) set: String,
    pub(crate) text: String,
    /// The coding as written.
    coding: String,
    gold: Vec<Gold>,
    opts: IngestOptions,
}

fn heldout_dir(set: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest").join(set)
}

pub(crate) fn coded_texts() -> Vec<Coded> {
    let mut out = vec![Coded {
        set: "seed".into(),
        text: std::fs::read_to_string(shared().join(ARTICLE)).expect("the live blog"),
        coding: std::fs::read_to_string(shared().join(GOLD)).expect("its coding"),
        gold: read_gold(&shared().join(GOLD)),
        opts: IngestOptions {
            published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(),
            outlet: String::new(),
        },
    }];
    for set in SETS {
        let index = std::fs::read_to_string(heldout_dir(set).join("index.tsv")).expect("index");
        for l in index.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let c: Vec<&str> = l.split('\t').collect();
            let text = std::fs::read_to_string(heldout_dir(set).join(format!("{}.txt", c[0]))).expect("text");
            out.push(Coded {
                set: set.into(),
                text,
                coding: std::fs::read_to_string(heldout_dir(set).join(format!("{}.tsv", c[0])))
                    .expect("coding"),
                gold: read_gold(&heldout_dir(set).join(format!("{}.tsv", c[0]))),
                opts: IngestOptions {
                    published: NaiveDate::parse_from_str(c[1], "%Y-%m-%d").expect("date"),
                    outlet: c.get(2).copied().unwrap_or("").to_owned(),
                },
            });
        }
    }
    out
}

/// The training examples of a coded text: each gold row's line and its
/// topics (the library's reader, as `stancebook topic-model train` uses it).
pub(crate) fn examples(c: &Coded) -> Vec<(String, Vec<TopicId>)> {
    scorer::coded_examples(&c.text, &c.coding).expect("the coding reads")
}

/// The sample store without the statements that quote one of `texts`.
pub(crate) fn store_without_quotes_of(texts: &[&str]) -> Store {
    let mut store = stancebook::store::sample();
    store.statements.retain(|s| {
        let head: String = s.quote.trim().chars().take(40).collect();
        head.chars().count() < 12 || !texts.iter().any(|t| t.contains(&head))
    });
    store
}

/// Counts behind topic F1, precision, stance within ±1 and core recall.
#[derive(Clone, Copy, Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fneg: usize,
    candidates: usize,
    useful: usize,
    stance_ok: usize,
    stance_n: usize,
    core: usize,
    core_found: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fneg += o.fneg;
        self.candidates += o.candidates;
        self.useful += o.useful;
        self.stance_ok += o.stance_ok;
        self.stance_n += o.stance_n;
        self.core += o.core;
        self.core_found += o.core_found;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl Counts {
    fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fneg)
    }
    fn precision(&self) -> f64 {
        ratio(self.useful, self.candidates)
    }
    fn stance(&self) -> f64 {
        ratio(self.stance_ok, self.stance_n)
    }
    fn recall(&self) -> f64 {
        ratio(self.core_found, self.core)
    }
}

/// The metrics of `tests/ingest_eval.rs`: each gold row paired with its
/// nearest right candidate.
fn count(cands: &[Candidate], gold: &[Gold]) -> Counts {
    let mut n = Counts { candidates: cands.len(), ..Counts::default() };
    n.useful = cands.iter().filter(|c| gold.iter().any(|g| right(c, g))).count();
    for g in gold {
        let found = cands.iter().filter(|c| right(c, g)).min_by_key(|c| (c.line.abs_diff(g.line), c.line));
        if g.tier == "core" {
            n.core += 1;
            n.core_found += usize::from(found.is_some());
        }
        let Some(c) = found else { continue };
        let gt: BTreeSet<&str> = g.topics.iter().map(|(t, _)| t.as_str()).collect();
        let ct: BTreeSet<&str> = c.positions.iter().map(|p| p.topic.as_str()).collect();
        n.tp += gt.intersection(&ct).count();
        n.fp += ct.difference(&gt).count();
        n.fneg += gt.difference(&ct).count();
        for (t, s) in &g.topics {
            if let Some(p) = c.positions.iter().find(|p| p.topic.as_str() == t) {
                n.stance_n += 1;
                n.stance_ok += usize::from((p.stance.value() - s).abs() <= 1);
            }
        }
    }
    n
}

fn evaluate(texts: &[&Coded], store: &Store) -> Counts {
    let mut total = Counts::default();
    for c in texts {
        total += count(&ingest::extract(&c.text, store, &c.opts).candidates, &c.gold);
    }
    total
}

/// The scorer alone on the left-out gold rows' lines: micro F1 of the
/// topics it gives probability ≥ 0.5 (its best one when none does).
fn scorer_alone(model: &Model, texts: &[&Coded]) -> Counts {
    let mut n = Counts::default();
    for c in texts {
        for (text, gold) in examples(c) {
            let p = model.probabilities(&text);
            let mut got: BTreeSet<&TopicId> = p.iter().filter(|(_, q)| *q >= 0.5).map(|(t, _)| t).collect();
            if got.is_empty()
                && let Some((t, _)) = p.iter().max_by(|a, b| a.1.total_cmp(&b.1))
            {
                got.insert(t);
            }
            let want: BTreeSet<&TopicId> = gold.iter().collect();
            n.tp += got.intersection(&want).count();
            n.fp += got.difference(&want).count();
            n.fneg += want.difference(&got).count();
        }
    }
    n
}

const MODES: &[(&str, Combine)] = &[
    ("rules alone", Combine::Off),
    ("fill ≥ 0.7", Combine::Fill { min: 0.7 }),
    ("fill ≥ 0.5", Combine::Fill { min: 0.5 }),
    ("fill ≥ 0.3", Combine::Fill { min: 0.3 }),
    ("fill ≥ 0.2", Combine::Fill { min: 0.2 }),
    ("fill ≥ 0.1", Combine::Fill { min: 0.1 }),
    ("fill (best)", Combine::Fill { min: 0.0 }),
    ("fill-last ≥ 0.7", Combine::FillLast { min: 0.7 }),
    ("fill-last ≥ 0.5", Combine::FillLast { min: 0.5 }),
    ("fill-last ≥ 0.3", Combine::FillLast { min: 0.3 }),
    ("fill-last ≥ 0.2", Combine::FillLast { min: 0.2 }),
    ("fill-last ≥ 0.1", Combine::FillLast { min: 0.1 }),
    ("fill-last (best)", Combine::FillLast { min: 0.0 }),
    ("prune < 0.05", Combine::Prune { max: 0.05 }),
    ("prune < 0.1", Combine::Prune { max: 0.1 }),
    ("prune < 0.2", Combine::Prune { max: 0.2 }),
    ("fill 0.5 + prune 0.1", Combine::FillPrune { min: 0.5, max: 0.1 }),
    ("fill 0.3 + prune 0.05", Combine::FillPrune { min: 0.3, max: 0.05 }),
    ("add ≥ 0.9", Combine::Add { min: 0.9 }),
    ("add ≥ 0.8", Combine::Add { min: 0.8 }),
    ("add ≥ 0.6", Combine::Add { min: 0.6 }),
    ("blend ×0.25", Combine::Blend { weight: 0.25 }),
    ("blend ×0.5", Combine::Blend { weight: 0.5 }),
];

/// The counts of every mode on `test_set`, with a model trained on every
/// coded text but those of `test_set` and `also_out` (and the sample's
/// statements quoting them).
fn modes_on(all: &[Coded], test_set: &str, also_out: Option<&str>) -> (Vec<Counts>, Counts) {
    let out = |c: &Coded| c.set == test_set || also_out == Some(c.set.as_str());
    let test: Vec<&Coded> = all.iter().filter(|c| c.set == test_set).collect();
    let texts: Vec<&str> = all.iter().filter(|c| out(c)).map(|c| c.text.as_str()).collect();
    let extra: Vec<(String, Vec<TopicId>)> = all.iter().filter(|c| !out(c)).flat_map(examples).collect();
    let model = Arc::new(scorer::train(&store_without_quotes_of(&texts), &extra));
    let base = ingest::without_statements(&stancebook::store::sample());
    let counts =
        MODES.iter().map(|(_, how)| scorer::with(model.clone(), *how, || evaluate(&test, &base))).collect();
    (counts, scorer_alone(&model, &test))
}

/// Whether a mode keeps what the rules had: precision and stance within ±1
/// no more than 0.01 lower.
fn harmless(c: &Counts, rules: &Counts) -> bool {
    c.precision() >= rules.precision() - 0.01 && c.stance() >= rules.stance() - 0.01
}

/// Leave one set out: rules alone against the rules with the scorer, per
/// left-out set and on average; then the mode an inner leave-one-set-out
/// (on the other two sets only) would have chosen, and what it gives on
/// the set left out.
#[test]
fn scorer_leave_one_set_out() {
    let all = coded_texts();
    let mut table: Vec<Vec<Counts>> = Vec::new();
    let mut alone = Vec::new();
    for set in SETS {
        let (counts, a) = modes_on(&all, set, None);
        table.push(counts);
        alone.push(a);
    }
    println!("\nscorer alone on the left-out gold lines (p ≥ 0.5, else its best topic): topic F1");
    for (set, a) in SETS.iter().zip(&alone) {
        println!("  {set:<9} {:.3}  (tp {} fp {} fn {})", a.f1(), a.tp, a.fp, a.fneg);
    }
    println!("\n{:<22} {:<36} {:<36} {:<36} mean topic F1", "left out →", SETS[0], SETS[1], SETS[2]);
    println!("{:<22} {}", "", "topic F1  prec.  stance ±1 recall   ".repeat(3));
    for (m, (name, _)) in MODES.iter().enumerate() {
        let mut line = format!("{name:<22}");
        let mut mean = 0.0;
        for row in &table {
            let (c, b) = (&row[m], &row[0]);
            line.push_str(&format!(
                "{:.3}{:+.3} {:.3} {:.3}  {:.3}   ",
                c.f1(),
                c.f1() - b.f1(),
                c.precision(),
                c.stance(),
                c.recall()
            ));
            mean += c.f1() / SETS.len() as f64;
        }
        println!("{line} {mean:.3}");
    }
    // The recommended combination must keep helping: topic F1 up on
    // average, and on no left-out set lower, nor precision or stance within
    // ±1 lower by more than 0.01.
    let d = MODES.iter().position(|(_, how)| *how == scorer::RECOMMENDED).expect("it is measured");
    let mut gain = 0.0;
    for (set, row) in SETS.iter().zip(&table) {
        let (c, r) = (&row[d], &row[0]);
        assert!(c.f1() >= r.f1(), "{set}: topic F1 {:.3} with the scorer, {:.3} without", c.f1(), r.f1());
        assert!(harmless(c, r), "{set}: precision or stance ±1 falls with the scorer");
        gain += (c.f1() - r.f1()) / SETS.len() as f64;
    }
    assert!(gain > 0.0, "the scorer gains nothing on average ({gain:+.3})");
    // Nested: for each set left out, the mode chosen on the other two sets
    // alone (each of them left out in turn, the outer set never seen).
    println!("\nnested choice (chosen without the left-out set):");
    for (i, set) in SETS.iter().enumerate() {
        let inner: Vec<Vec<Counts>> =
            SETS.iter().filter(|s| *s != set).map(|s| modes_on(&all, s, Some(set)).0).collect();
        let gain = |m: usize| {
            if inner.iter().all(|r| harmless(&r[m], &r[0])) {
                inner.iter().map(|r| r[m].f1() - r[0].f1()).sum::<f64>() / inner.len() as f64
            } else {
                f64::NEG_INFINITY
            }
        };
        let best = (0..MODES.len()).max_by(|a, b| gain(*a).total_cmp(&gain(*b)).then(b.cmp(a))).unwrap_or(0);
        let (c, r) = (&table[i][best], &table[i][0]);
        println!(
            "  {set:<9} chose {:<22} (inner gain {:+.3}): topic F1 {:.3} ({:+.3}), precision {:.3} ({:+.3}), stance ±1 {:.3} ({:+.3})",
            MODES[best].0,
            gain(best),
            c.f1(),
            c.f1() - r.f1(),
            c.precision(),
            c.precision() - r.precision(),
            c.stance(),
            c.stance() - r.stance()
        );
    }
}

/// The scorer alone, leave one set out, under other settings than the
/// default (l2 0.00003, no stem pairs: the choice of an inner leave-one-set-
/// out on the training sets alone, for each left-out set): prints topic F1
/// on the left-out gold lines.
#[test]
fn scorer_settings_leave_one_set_out() {
    let all = coded_texts();
    let settings = [
        Settings::default(),
        Settings { bigrams: true, ..Settings::default() },
        Settings { l2: 0.0001, ..Settings::default() },
        Settings { l2: 0.001, ..Settings::default() },
        Settings { l2: 0.01, ..Settings::default() },
    ];
    println!("\nscorer alone, left-out gold lines, topic F1 (p ≥ 0.5, else the best topic)");
    println!("{:<36} {:<9} {:<9} {:<9}", "settings", SETS[0], SETS[1], SETS[2]);
    for st in settings {
        let mut line = format!("{:<36}", format!("l2 {} rounds {} pairs {}", st.l2, st.rounds, st.bigrams));
        for set in SETS {
            let test: Vec<&Coded> = all.iter().filter(|c| c.set == set).collect();
            let texts: Vec<&str> = test.iter().map(|c| c.text.as_str()).collect();
            let extra: Vec<(String, Vec<TopicId>)> =
                all.iter().filter(|c| c.set != set).flat_map(examples).collect();
            let m = scorer::train_with(&store_without_quotes_of(&texts), &extra, st);
            line.push_str(&format!("{:<9.3} ", scorer_alone(&m, &test).f1()));
        }
        println!("{line}");
    }
}

/// The shipped weights (`data/topic_model.tsv`) are those [`scorer::train`]
/// gives on every coded text and the sample store's statements: retrained
/// here and compared (every example's probabilities within 0.01). Rewrite
/// them with `UPDATE_GOLDEN=1 cargo test --no-default-features --test ingest_eval shipped`
/// (or `stancebook topic-model train`, see the README).
#[test]
fn shipped_model_is_trained_on_everything() {
    let all = coded_texts();
    let extra: Vec<(String, Vec<TopicId>)> = all.iter().flat_map(examples).collect();
    let store = stancebook::store::sample();
    let model = scorer::train(&store, &extra);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/topic_model.tsv");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, model.to_tsv()).unwrap();
        return;
    }
    let shipped = Model::from_tsv(scorer::SHIPPED_TSV).expect("the shipped model reads");
    assert_eq!(shipped.topics(), model.topics(), "the shipped model's topics");
    assert_eq!(*scorer::shipped(), shipped);
    let texts = extra
        .iter()
        .map(|(t, _)| t.clone())
        .chain(scorer::store_examples(&store).into_iter().map(|(t, _)| t));
    for text in texts {
        for ((t, a), (_, b)) in shipped.probabilities(&text).into_iter().zip(model.probabilities(&text)) {
            assert!(
                (a - b).abs() < 0.01,
                "{t}: shipped {a:.3}, retrained {b:.3} on “{text}”: retrain with UPDATE_GOLDEN=1"
            );
        }
    }
}

#[test]
fn a_model_reads_back_what_it_writes() {
    let store = stancebook::store::sample();
    let model = scorer::train(&store, &[]);
    assert!(!model.is_empty());
    let back = Model::from_tsv(&model.to_tsv()).unwrap();
    assert_eq!(back.to_tsv(), model.to_tsv());
    assert!(Model::from_tsv("feature\tceasefire\nbias\t0.1\ttwo\n").is_err(), "a row with too many weights");
    assert!(Model::from_tsv("feature\tceasefire\ntruce\tmuch\n").is_err(), "a weight that is no number");
    assert!(Model::from_tsv("").unwrap().is_empty());
}

/// The analyst of `tests/ingest_eval.rs` ([`super::teach`]) on one coded text.
fn teach(store: &mut Store, c: &Coded) {
    super::teach(store, &c.text, &c.gold, &c.opts);
}

/// `ingest_eval`'s check that lessons from other texts cost at most 0.02,
/// with the scorer trained without the set it scores: for each held-out
/// set, the analyst works through every other coded text, then the set is
/// ingested before and after, with the rules alone and with the recommended
/// combination. (With the shipped weights, which have seen every set, that
/// check compares figures of the scorer on its own training data.)
#[test]
fn lessons_with_the_scorer_leave_one_set_out() {
    let all = coded_texts();
    let modes = [("rules alone", Combine::Off), ("recommended", scorer::RECOMMENDED)];
    println!(
        "\nlessons of the other texts, scorer trained without the set: topic F1 / precision / stance ±1"
    );
    for set in SETS {
        let test: Vec<&Coded> = all.iter().filter(|c| c.set == set).collect();
        let texts: Vec<&str> = test.iter().map(|c| c.text.as_str()).collect();
        let extra: Vec<(String, Vec<TopicId>)> =
            all.iter().filter(|c| c.set != set).flat_map(examples).collect();
        let model = Arc::new(scorer::train(&store_without_quotes_of(&texts), &extra));
        let untaught = ingest::without_statements(&stancebook::store::sample());
        for (name, how) in modes {
            let (before, after) = scorer::with(model.clone(), how, || {
                let mut store = untaught.clone();
                for c in all.iter().filter(|c| c.set != set) {
                    teach(&mut store, c);
                }
                (evaluate(&test, &untaught), evaluate(&test, &ingest::without_statements(&store)))
            });
            println!(
                "  {set:<9} {name:<12} before {:.3} {:.3} {:.3}   after {:.3} {:.3} {:.3}",
                before.f1(),
                before.precision(),
                before.stance(),
                after.f1(),
                after.precision(),
                after.stance()
            );
            for (what, b, a) in [
                ("topic F1", before.f1(), after.f1()),
                ("precision", before.precision(), after.precision()),
                ("stance ±1", before.stance(), after.stance()),
            ] {
                assert!(a >= b - 0.02, "{set}, {name}: lessons cost {what} {b:.3} → {a:.3}");
            }
        }
    }
}

/// The scorer speaks only for topics the store defines as its training
/// data did: a store whose topic of the same id asks another question gets
/// no topic from it.
#[test]
fn the_scorer_gives_no_topic_a_store_defines_otherwise() {
    let all = coded_texts();
    let base = ingest::without_statements(&stancebook::store::sample());
    let by_scorer = |store: &Store| -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for c in &all {
            for cand in ingest::extract(&c.text, store, &c.opts).candidates {
                for step in cand.trace.on(ingest::TraceField::Topic) {
                    if step.rule.contains("statistical scorer")
                        && let Some(t) = &step.topic
                    {
                        out.push((cand.line, t.0.clone()));
                    }
                }
            }
        }
        out
    };
    let filled = by_scorer(&base);
    assert!(!filled.is_empty(), "the shipped scorer fills some topic in the coded texts");
    let topic = filled[0].1.clone();
    let mut other = base.clone();
    let t = other.topics.iter_mut().find(|t| t.id.0 == topic).unwrap();
    t.proposition = "Another question altogether, under the same id.".into();
    let now = by_scorer(&other);
    assert!(!now.iter().any(|(_, t)| *t == topic), "{topic} still filled: {now:?}");
    assert!(now.len() < filled.len());
}
