//! Benchmark: ingest of the 17 KB development live blog (13 March 2025),
//! read from `../shared/` beside the crate root, against the sample store
//! without its statements and against the full sample (duplicate checks).
//! Target (DESIGN.md): well under 50 ms — also with a lexicon of 1,000
//! lessons. And what learning at accept time costs on a 100k store.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use std::path::PathBuf;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use stancebook::ingest::{self, IngestOptions};
use stancebook::model::{ActorId, Learned, Meaning, Stance, TopicId};

fn live_blog() -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for up in ["../shared", "../../shared"] {
        let p = root.join(up).join("seeds/000_7223d8e20457a40a.txt");
        if let Ok(t) = std::fs::read_to_string(&p) {
            return t;
        }
    }
    panic!("the live blog ../shared/seeds/000_7223d8e20457a40a.txt is not beside the crate root");
}

fn bench(c: &mut Criterion) {
    let text = live_blog();
    let sample = stancebook::store::sample();
    let empty = ingest::without_statements(&sample);
    let opts = IngestOptions {
        published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(),
        outlet: "The Times".into(),
    };
    c.bench_function("ingest live blog (17 KB), store without statements", |b| {
        b.iter(|| ingest::extract(std::hint::black_box(&text), &empty, &opts))
    });
    c.bench_function("ingest live blog (17 KB), full sample store", |b| {
        b.iter(|| ingest::extract(std::hint::black_box(&text), &sample, &opts))
    });
    // A lexicon of 1,000 lessons: 400 topic phrases, 400 stance phrases,
    // 200 name forms (made-up two-word phrases, a few of which the text has).
    let mut taught = empty.clone();
    let topics: Vec<TopicId> = taught.topics.iter().map(|t| t.id.clone()).collect();
    let actors: Vec<ActorId> = taught.actors.iter().map(|a| a.id.clone()).collect();
    for i in 0..1_000usize {
        let phrase = format!("lesson{i} phrase{}", i % 37);
        let topic = topics[i % topics.len()].clone();
        let means = match i % 5 {
            0 | 1 => Meaning::Topic(topic),
            2 | 3 => Meaning::Stance { topic, stance: Stance::new((i % 5) as i64 - 2).unwrap() },
            _ => Meaning::Speaker { name: format!("Person {i}"), actor: actors[i % actors.len()].clone() },
        };
        taught.lexicon.push(Learned::new(&phrase, means, None, None));
    }
    for (p, t) in
        [("respite", "ceasefire"), ("coalition of the willing", "troops"), ("economic pressure", "sanctions")]
    {
        taught.lexicon.push(Learned::new(p, Meaning::Topic(TopicId(t.into())), None, None));
    }
    stancebook::model::normalise_lexicon(&mut taught.lexicon);
    c.bench_function("ingest live blog (17 KB), a lexicon of 1,000 lessons", |b| {
        b.iter(|| ingest::extract(std::hint::black_box(&text), &taught, &opts))
    });
    // Learning at accept time: what a store of 100,000 statements costs to read once.
    let big = stancebook::synthetic::generate(100_000, 7);
    c.bench_function("learning: read a 100k store once (Teacher::new)", |b| {
        b.iter(|| ingest::Teacher::new(std::hint::black_box(&big)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
