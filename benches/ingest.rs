//! Benchmark: ingest of the 17 KB development live blog (13 March 2025),
//! read from `../shared/` beside the crate root, against the sample store
//! without its statements and against the full sample (duplicate checks).
//! Target (DESIGN.md): well under 50 ms.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use std::path::PathBuf;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use stancebook::ingest::{self, IngestOptions};

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
}

criterion_group!(benches, bench);
criterion_main!(benches);
