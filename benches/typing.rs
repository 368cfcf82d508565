//! Frame time while typing, measured (issue 12): the whole app, driven by
//! egui_kittest, on a synthetic store of 100,000 statements; a ten-character
//! query typed one key at a time into the search box (each key a frame,
//! then the frames while the search runs off the UI thread), then every
//! tab in turn. Reports the median, the 95th percentile and the worst CPU
//! time of a frame on the UI thread (layout and tessellation; nothing is
//! painted). Target: 95th percentile ≤ 16 ms.
//!
//! `cargo bench --bench typing` (`STANCEBOOK_BENCH_N=10000` for a smaller store).

#![allow(clippy::unwrap_used)] // a benchmark: a broken precondition should panic

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stancebook::app::{StancebookApp, Startup};
use stancebook::synthetic;

fn settle(h: &mut Harness<'static, StancebookApp>, times: &mut Vec<Duration>) {
    let start = Instant::now();
    while h.state().is_busy() || h.state().is_opening() {
        assert!(start.elapsed() < Duration::from_secs(120), "background work finishes");
        times.push(step(h));
        std::thread::sleep(Duration::from_millis(2));
    }
    times.push(step(h));
}

fn step(h: &mut Harness<'static, StancebookApp>) -> Duration {
    let t = Instant::now();
    h.step();
    t.elapsed()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<28} frames {:>4}   median {:>6.2} ms   p95 {:>6.2} ms   max {:>6.2} ms",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap()),
    );
}

fn main() {
    let n: usize = std::env::var("STANCEBOOK_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.ron");
    std::fs::write(
        &path,
        stancebook::store::format::to_text(&synthetic::generate(n, synthetic::DEFAULT_SEED)),
    )
    .unwrap();
    let p = path.clone();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(10_000)
        .build_eframe(move |cc| StancebookApp::new(cc, Startup { store: Some(p), use_storage: false }));
    let mut opening = Vec::new();
    settle(&mut h, &mut opening);
    println!("{n} statements, 1280×800, UI thread CPU time per frame");

    // Typing: a frame per key, then the frames until the results are in.
    let mut typing = Vec::new();
    h.get_by_role_and_label(Role::TextInput, "Search").click();
    typing.push(step(&mut h));
    for c in "zelensky s".chars() {
        h.event(egui::Event::Text(c.to_string()));
        typing.push(step(&mut h));
        settle(&mut h, &mut typing);
    }
    report("typing a query, per key", typing.clone());

    // Every tab, a few frames each (the first builds the tab's caches).
    let mut tabs = Vec::new();
    let mut slowest = Vec::new();
    for tab in ["Matrix", "Timeline", "Statements", "Shifts", "Ingest", "Export", "Matrix"] {
        h.get_by_label(tab).click();
        let mut these = Vec::new();
        for _ in 0..5 {
            these.push(step(&mut h));
        }
        settle(&mut h, &mut these);
        slowest.push(format!("{tab} {:.1}", these.iter().max().unwrap().as_secs_f64() * 1000.0));
        tabs.extend(these);
    }
    report("switching tabs", tabs.clone());
    println!("{:<28} {} ms", "slowest frame per tab", slowest.join(", "));
    let mut all = typing;
    all.extend(tabs);
    report("all frames", all);
}
