//! The CPU time of one frame of each main view (matrix, timeline, statements,
//! shifts), laid out and tessellated headless with `egui::Context::run_ui`
//! on synthetic stores of 10,000 and 100,000 statements; and the analysis
//! behind them (grouping positions, the matrix, the shifts).
//!
//! The frame measured is a steady frame: the view's caches (sorted rows, the
//! matrix, the shifts) are warm, as they are while the analyst reads; what a
//! change of filter costs is measured separately (`positions` and friends).

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use stancebook::analysis::{self, Filter, Positions};
use stancebook::synthetic;
use stancebook::ui::{self, ViewData};

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 720.0))),
        ..Default::default()
    }
}

/// Runs one frame of `draw` and tessellates it, as eframe does before painting.
fn frame(ctx: &egui::Context, mut draw: impl FnMut(&mut egui::Ui)) {
    let out = ctx.run_ui(input(), |ui| {
        egui::CentralPanel::default().show(ui, |ui| draw(ui));
    });
    black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
}

fn views(c: &mut Criterion) {
    for n in [10_000, 100_000] {
        let f = ViewData::all(synthetic::generate(n, synthetic::DEFAULT_SEED));
        let view = f.view();
        let all: Vec<usize> = (0..f.store.statements.len()).collect();
        let actors: Vec<usize> = (0..f.store.actors.len()).collect();
        let topics: Vec<usize> = (0..f.store.topics.len()).collect();
        let ctx = egui::Context::default();
        ui::theme::install(&ctx);
        let mut g = c.benchmark_group(format!("frame/{}k", n / 1000));
        g.sample_size(20).measurement_time(Duration::from_secs(5));

        let mut mp = ui::matrix::MatrixPrefs::default();
        let mut ms = ui::matrix::MatrixState::default();
        // Warm: fonts, layout caches, the view's own cache.
        for _ in 0..3 {
            frame(&ctx, |ui| {
                ui::matrix::matrix_ui(ui, &view, &mut mp, &mut ms, &mut Vec::new());
            });
        }
        g.bench_function("matrix", |b| {
            b.iter(|| {
                frame(&ctx, |ui| {
                    ui::matrix::matrix_ui(ui, &view, &mut mp, &mut ms, &mut Vec::new());
                })
            })
        });

        let mut tp = ui::timeline::TimelinePrefs::default();
        let mut ts = ui::timeline::TimelineState::default();
        for _ in 0..3 {
            frame(&ctx, |ui| {
                ui::timeline::timeline_ui(ui, &view, &mut tp, &mut ts, &mut Vec::new());
            });
        }
        g.bench_function("timeline", |b| {
            b.iter(|| {
                frame(&ctx, |ui| {
                    ui::timeline::timeline_ui(ui, &view, &mut tp, &mut ts, &mut Vec::new());
                })
            })
        });

        let mut ss = ui::statements::StatementsState::default();
        for _ in 0..3 {
            frame(&ctx, |ui| {
                ui::statements::statements_ui(ui, &view, &mut ss, &mut Vec::new());
            });
        }
        g.bench_function("statements", |b| {
            b.iter(|| {
                frame(&ctx, |ui| {
                    ui::statements::statements_ui(ui, &view, &mut ss, &mut Vec::new());
                })
            })
        });

        let mut sp = ui::shifts::ShiftsPrefs::default();
        let mut sh = ui::shifts::ShiftsState::default();
        for _ in 0..3 {
            frame(&ctx, |ui| {
                ui::shifts::shifts_ui(ui, &view, &mut sp, &mut sh, &mut Vec::new());
            });
        }
        g.bench_function("shifts", |b| {
            b.iter(|| {
                frame(&ctx, |ui| {
                    ui::shifts::shifts_ui(ui, &view, &mut sp, &mut sh, &mut Vec::new());
                })
            })
        });
        g.finish();

        let mut g = c.benchmark_group(format!("analysis/{}k", n / 1000));
        g.sample_size(10).measurement_time(Duration::from_secs(5));
        g.bench_function("positions (group by actor and topic)", |b| {
            b.iter(|| black_box(Positions::build(&f.store, all.iter().copied())))
        });
        let index = stancebook::search::SearchIndex::build(&f.store);
        g.bench_function("positions from the search index", |b| {
            b.iter(|| black_box(Positions::build_indexed(&f.store, &index, all.iter().copied())))
        });
        let as_of = analysis::latest_date(&f.store);
        let compare = as_of - chrono::Duration::days(30);
        g.bench_function("matrix", |b| {
            b.iter(|| black_box(analysis::matrix(f.positions(), &actors, &topics, as_of, Some(compare))))
        });
        g.bench_function("shifts (all)", |b| {
            b.iter(|| black_box(f.positions().shifts(&f.store, None, None)))
        });
        {
            // What the app recomputes on the UI thread after one edit: the search
            // index brought in step, and the positions regrouped.
            let mut store = f.store.clone();
            let mut index = stancebook::search::SearchIndex::build(&store);
            let mut round = 0u64;
            g.bench_function("after one edit (index sync + positions)", |b| {
                b.iter(|| {
                    round += 1;
                    let i = (round as usize * 7919) % store.statements.len();
                    store.statements[i].notes = format!("edit {round}");
                    store.statements[i].updated_at = stancebook::model::Timestamp::from_millis(
                        store.statements[i].updated_at.millis() + 1,
                    )
                    .unwrap();
                    index.sync(&store);
                    black_box(Positions::build_indexed(&store, &index, 0..store.statements.len()))
                })
            });
        }
        g.bench_function("filter pass", |b| {
            let filter =
                Filter { actors: [stancebook::model::ActorId::from("kremlin")].into(), ..Filter::default() };
            b.iter(|| black_box(f.store.statements.iter().filter(|s| filter.matches(s)).count()))
        });
        g.bench_function("filter pass from the search index", |b| {
            let filter =
                Filter { actors: [stancebook::model::ActorId::from("kremlin")].into(), ..Filter::default() };
            b.iter(|| black_box(filter.select(&f.store, &index, 0..f.store.statements.len()).len()))
        });
        g.finish();
    }
}

criterion_group!(benches, views);
criterion_main!(benches);
