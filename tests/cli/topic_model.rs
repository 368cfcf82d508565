//! `stancebook topic-model train`: retrains the topic scorer's weights from
//! the store and coded texts, and gives back the shipped weights from the
//! inputs they were trained on; a bad coding is refused, naming the file and
//! the row, and nothing is written.

use std::path::PathBuf;

use crate::common::{TempStore, code, stderr, stdout};
use stancebook::ingest::scorer::{self, Model};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The live blog and its coding in `../shared/`, beside the crate root.
fn seed() -> String {
    for up in ["../shared", "../../shared"] {
        let dir = root().join(up);
        if dir.join("data/seed_gold.tsv").exists() {
            let text = dir.join("seeds/000_7223d8e20457a40a.txt");
            return format!("{}={}", text.display(), dir.join("data/seed_gold.tsv").display());
        }
    }
    panic!("../shared/data/seed_gold.tsv not found beside the crate root");
}

#[test]
fn training_on_the_shipped_inputs_gives_the_shipped_weights() {
    let t = TempStore::sample();
    let out = t.dir.path().join("model.tsv");
    let sets: Vec<String> = ["heldout", "heldout2", "heldout3"]
        .iter()
        .map(|s| root().join("tests/fixtures/ingest").join(s).display().to_string())
        .collect();
    let seed = seed();
    let mut args = vec!["topic-model", "train", "--coded", seed.as_str()];
    for s in &sets {
        args.extend(["--coded", s.as_str()]);
    }
    args.extend(["--out", out.to_str().unwrap()]);
    let o = t.run(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("trained on 66 statements and"), "{}", stdout(&o));
    let trained = Model::from_tsv(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let shipped = scorer::shipped();
    assert_eq!(trained.topics(), shipped.topics());
    for text in [
        "Europe will keep up the economic pressure on Moscow's oil revenues.",
        "Kyiv will never give up the occupied regions.",
        "We are ready to send a reassurance force once the fighting stops.",
    ] {
        for ((topic, a), (_, b)) in trained.probabilities(text).into_iter().zip(shipped.probabilities(text)) {
            assert!((a - b).abs() < 0.01, "{topic} on “{text}”: trained {a:.3}, shipped {b:.3}");
        }
    }
}

#[test]
fn a_bad_coding_is_refused_naming_the_file_and_row_and_nothing_is_written() {
    let t = TempStore::sample();
    let dir = t.dir.path();
    std::fs::write(dir.join("t.txt"), "Kyiv said it would never cede land.\n").unwrap();
    let header =
        "id\tline_no\tdate\ttime\tspeaker\tactor\ttopics\tstances\tverification\tkind\ttier\tnotes\n";
    std::fs::write(dir.join("t.tsv"), format!("{header}X1\t7\t\t\t\tKyiv\tterritory\t-2\t\t\tcore\t\n"))
        .unwrap();
    let out = dir.join("model.tsv");
    let spec = format!("{}={}", dir.join("t.txt").display(), dir.join("t.tsv").display());
    let o = t.run(&["topic-model", "train", "--coded", &spec, "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    assert!(stderr(&o).contains("t.tsv: row 2: line 7 is past the end of the text"), "{}", stderr(&o));
    assert!(!out.exists());
}
