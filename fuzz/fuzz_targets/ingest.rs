//! Fuzz target: any bytes, read as text (and as HTML), through the extractor
//! against the full sample store. It must never panic, and every candidate
//! must point at whole characters of the text.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use stancebook::ingest::{self, IngestOptions};
use stancebook::model::Store;

static STORE: OnceLock<Store> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let store = STORE.get_or_init(stancebook::store::sample);
    let opts = IngestOptions { published: NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(), outlet: String::new() };
    let text = String::from_utf8_lossy(data);
    let found = ingest::extract(&text, store, &opts);
    for c in &found.candidates {
        assert!(text.get(c.span.clone()).is_some());
        assert!(c.line >= 1 && c.last_line >= c.line);
    }
    let html = ingest::html_to_text(&text);
    let _ = ingest::extract(&html, store, &opts);
});
