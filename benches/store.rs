//! Store benchmarks on synthetic stores of 10,000 and 100,000 statements:
//! open (read + parse + validate + build the search index, as the app does
//! on start) and save (an edited store, through `StoreFile::save`: atomic
//! write, fsync, rename, with the app's backup policy).

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use stancebook::search::SearchIndex;
use stancebook::store::{self, APP_BACKUP_INTERVAL, BackupPolicy, StoreFile};
use stancebook::synthetic;

fn open_and_save(c: &mut Criterion) {
    for n in [10_000, 100_000] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("store.ron");
        let store = synthetic::generate(n, synthetic::DEFAULT_SEED);
        StoreFile::create(&path, &store).expect("the store is written").close();
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        eprintln!("store of {n} statements: {:.1} MB", bytes as f64 / 1e6);

        let label = format!("{}k", n / 1000);
        let mut g = c.benchmark_group(format!("store/{label}"));
        g.sample_size(10).measurement_time(Duration::from_secs(if n > 50_000 { 20 } else { 5 }));
        g.bench_function("read + parse", |b| b.iter(|| black_box(store::read(&path).expect("reads"))));
        g.bench_function("open (read + parse + validate + index)", |b| {
            b.iter(|| {
                let parsed = store::read(&path).expect("reads");
                let problems = parsed.store.validate();
                let index = SearchIndex::build(&parsed.store);
                black_box((parsed, problems, index))
            })
        });

        let (mut file, parsed) = StoreFile::open(&path).expect("opens");
        file.backups = BackupPolicy { keep: 3, min_interval: APP_BACKUP_INTERVAL };
        let mut edited = parsed.store;
        let mut round = 0u64;
        g.bench_function("save (one statement edited)", |b| {
            b.iter(|| {
                round += 1;
                edited.statements[0].notes = format!("edit {round}");
                black_box(file.save(&edited).expect("saves"))
            })
        });
        g.bench_function("serialise (to_text)", |b| b.iter(|| black_box(store::format::to_text(&edited))));
        g.finish();
    }
}

criterion_group!(benches, open_and_save);
criterion_main!(benches);
