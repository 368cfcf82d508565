//! Store-folder benchmarks (issue 17) on synthetic stores of 10,000 and
//! 100,000 statements over ten years, written as folders (a header and a
//! file per day): open cold (no cache: every file parsed) and warm (the
//! cache beside the folder), and the app's save after one edit (only the
//! edited day is written). `STANCEBOOK_BENCH_N=1000000` adds a store of a
//! million statements.

#![allow(clippy::unwrap_used)] // a benchmark: a broken precondition should panic

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use stancebook::store::{self, APP_BACKUP_INTERVAL, BackupPolicy, StoreFile, folder};
use stancebook::synthetic;

fn folders(c: &mut Criterion) {
    let mut sizes = vec![10_000, 100_000];
    if let Some(n) = std::env::var("STANCEBOOK_BENCH_N").ok().and_then(|v| v.parse().ok()) {
        sizes.push(n);
    }
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk");
        let store = synthetic::generate_years(n, synthetic::DEFAULT_SEED, 10);
        let files = store::create_folder(&path, &store).unwrap();
        eprintln!("{n} statements over 10 years: a folder of {files} files");
        let label = if n >= 1_000_000 { format!("{}M", n / 1_000_000) } else { format!("{}k", n / 1000) };
        let mut g = c.benchmark_group(format!("folder/{label}"));
        g.sample_size(10).measurement_time(Duration::from_secs(if n > 50_000 { 20 } else { 5 }));
        let cache = folder::cache_of(&path);
        g.bench_function("open, cold (no cache)", |b| {
            b.iter(|| {
                let _ = std::fs::remove_file(&cache);
                black_box(StoreFile::open(&path).unwrap())
            })
        });
        drop(StoreFile::open(&path).unwrap());
        g.bench_function("open, warm (cache)", |b| b.iter(|| black_box(StoreFile::open(&path).unwrap())));

        let (mut file, parsed) = StoreFile::open(&path).unwrap();
        file.backups = BackupPolicy { keep: 10, min_interval: APP_BACKUP_INTERVAL };
        let mut edited = parsed.store;
        let i = edited.statements.len() / 2;
        let mut k = 0u64;
        g.bench_function("save after one edit", |b| {
            b.iter(|| {
                k += 1;
                edited.statements[i].notes = format!("revision {k}");
                black_box(file.save(&edited).unwrap())
            })
        });
        g.finish();
    }
}

criterion_group!(benches, folders);
criterion_main!(benches);
