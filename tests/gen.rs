//! Synthetic stores: deterministic (same seed, byte-identical file), valid,
//! varied; `stancebook gen` refuses to overwrite without `--force`.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use std::collections::HashSet;
use std::process::{Command, Output};

use stancebook::store::format;
use stancebook::synthetic::generate;

fn gen_cli(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancebook"))
        .env("STANCEBOOK_HOME", dir.join("home"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn same_seed_same_text_other_seed_other_text() {
    let a = format::to_text(&generate(400, 42));
    let b = format::to_text(&generate(400, 42));
    assert_eq!(a, b);
    assert_ne!(a, format::to_text(&generate(400, 43)));
}

#[test]
fn generated_stores_are_valid_and_varied() {
    let s = generate(3000, 5);
    assert_eq!(s.statements.len(), 3000);
    assert!(s.validate().is_empty(), "{:?}", s.validate().first());
    assert!(s.actors.len() >= 12);
    let sample = stancebook::store::sample();
    for t in &sample.topics {
        assert!(s.statements.iter().any(|st| st.position(&t.id).is_some()), "no statement on {}", t.id);
    }
    for a in &sample.actors {
        assert!(s.actor(&a.id).is_some(), "actor {} of the sample is missing", a.id);
    }
    let words: Vec<usize> = s.statements.iter().map(|st| st.quote.split_whitespace().count()).collect();
    assert!(words.iter().all(|w| (8..=60).contains(w)));
    assert!(words.iter().any(|&w| w <= 12) && words.iter().any(|&w| w >= 55));
    let kinds: HashSet<_> = s.statements.iter().map(|st| st.kind).collect();
    assert_eq!(kinds.len(), 7);
    let verifications: HashSet<_> = s.statements.iter().map(|st| st.verification).collect();
    assert_eq!(verifications.len(), 4);
    assert!(s.statements.iter().any(|st| st.positions.len() > 1));
    assert!(s.statements.iter().any(|st| st.source.url.is_some()));
    assert!(s.statements.iter().any(|st| !st.tags.is_empty()));
    assert!(s.statements.iter().any(|st| !st.notes.is_empty()));
    assert!(
        s.statements
            .iter()
            .any(|st| st.original.as_deref().is_some_and(|o| o.chars().any(|c| ('а'..='я').contains(&c))))
    );
    let outlets: HashSet<_> = s.statements.iter().map(|st| st.source.outlet.as_str()).collect();
    assert!(outlets.len() >= 20);
    let years: HashSet<_> =
        s.statements.iter().map(|st| st.date.first_day().format("%Y").to_string()).collect();
    assert_eq!(years.len(), 3);
    // Places and people are named in the quotes.
    assert!(s.statements.iter().any(|st| st.quote.contains("Sudzha")));
    assert!(s.statements.iter().any(|st| st.quote.contains("Zaporizhzhia")));
    // Ids are unique.
    let ids: HashSet<_> = s.statements.iter().map(|st| st.id).collect();
    assert_eq!(ids.len(), 3000);
}

#[test]
fn the_cli_writes_identical_files_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    for out in [&a, &b] {
        let o = gen_cli(
            dir.path(),
            &["gen", "--statements", "300", "--seed", "9", "--out", out.to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains("300 statements"));
    }
    let text = std::fs::read(&a).unwrap();
    assert_eq!(text, std::fs::read(&b).unwrap());
    assert_eq!(text, format::to_text(&generate(300, 9)).into_bytes());
    // The file loads as a store.
    let parsed = stancebook::store::read(&a).unwrap();
    assert_eq!(parsed.store.statements.len(), 300);

    // An existing file is left alone without --force …
    let o = gen_cli(dir.path(), &["gen", "--statements", "10", "--out", a.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read(&a).unwrap(), text);
    // … and replaced with it.
    let o = gen_cli(
        dir.path(),
        &["gen", "--statements", "10", "--seed", "9", "--out", a.to_str().unwrap(), "--force"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&a).unwrap(), format::to_text(&generate(10, 9)).into_bytes());
}
