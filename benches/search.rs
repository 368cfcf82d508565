//! Search benchmarks on synthetic stores of 10,000 and 100,000 statements:
//! building the index, and short, long, filter-only and typo queries (the
//! best 50, as the statements table asks for them, and every match, as the
//! other views ask for them).

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stancebook::search::{Query, SearchIndex};
use stancebook::synthetic;

/// The queries, by kind.
const QUERIES: [(&str, &str); 5] = [
    ("short", "peskov"),
    ("long", "coalition of the willing peacekeepers"),
    ("filters", "actor:kremlin topic:territory since:2025-03-01 until:2025-06 stance:>=1"),
    ("typo", "zelenksy"),
    ("filters+text", "actor:kremlin,kyiv sudzha"),
];

fn search(c: &mut Criterion) {
    for n in [10_000, 100_000] {
        let store = synthetic::generate(n, synthetic::DEFAULT_SEED);
        let label = format!("{}k", n / 1000);
        let mut g = c.benchmark_group(format!("search/{label}"));
        g.sample_size(if n > 50_000 { 30 } else { 60 }).measurement_time(Duration::from_secs(6));
        g.bench_function("build index", |b| b.iter(|| black_box(SearchIndex::build(&store))));
        let index = SearchIndex::build(&store);
        for (kind, text) in QUERIES {
            let query = Query::parse_checked(text, &store).expect("the benchmark queries are valid");
            g.bench_with_input(BenchmarkId::new("top 50", kind), &query, |b, q| {
                b.iter(|| black_box(index.search(&store, q, 50)))
            });
        }
        let query = Query::parse_checked("peskov", &store).expect("valid");
        g.bench_function("matching (all indices), short", |b| {
            b.iter(|| black_box(index.matching(&store, &query)))
        });
        for (kind, text) in pasted() {
            let query = Query::parse(&text).expect("free text always parses");
            g.bench_with_input(BenchmarkId::new("pasted 16,000 characters", kind), &query, |b, q| {
                b.iter(|| black_box(index.search(&store, q, 50)))
            });
        }
        g.finish();
    }
    // The same pasted queries on the 66-statement sample store.
    let store = stancebook::store::sample();
    let index = SearchIndex::build(&store);
    let mut g = c.benchmark_group("search/sample");
    for (kind, text) in pasted() {
        let query = Query::parse(&text).expect("free text always parses");
        g.bench_with_input(BenchmarkId::new("pasted 16,000 characters", kind), &query, |b, q| {
            b.iter(|| black_box(index.search(&store, q, 50)))
        });
    }
    g.finish();
}

/// Queries of 16,000 random letters: one token, and words of six letters
/// (what pasting a paragraph into the search box gives).
fn pasted() -> [(&'static str, String); 2] {
    let mut seed = 12345u64;
    let mut letter = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (b'a' + (seed >> 33) as u8 % 26) as char
    };
    let token: String = (0..16_000).map(|_| letter()).collect();
    let words: String = (0..16_000).map(|i| if i % 7 == 6 { ' ' } else { letter() }).collect();
    [("one token", token), ("words", words)]
}

criterion_group!(benches, search);
criterion_main!(benches);
