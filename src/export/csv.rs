//! Positions as CSV for spreadsheets: one row per position (statement ×
//! topic) with every field, RFC 4180 quoting, UTF-8 with an optional BOM.
//!
//! **Formula injection.** A spreadsheet runs a cell that begins with `=`,
//! `+`, `-`, `@`, a tab or a carriage return as a formula, so a quote such as
//! `=HYPERLINK("http://evil", "click")` could act when the file is opened.
//! Every text cell that begins with one of those characters is written with a
//! leading apostrophe (`'=HYPERLINK…`), which spreadsheets show as text. The
//! numeric columns (`stance`, `credibility`) are numbers Stancebook writes
//! itself — a stance of `-1` stays a number — and are left as they are.

use std::io;

use crate::analysis::Filter;
use crate::model::{Statement, Store};

/// The columns, in order.
pub const COLUMNS: [&str; 30] = [
    "statement_id",
    "date",
    "date_precision",
    "actor_id",
    "actor",
    "speaker",
    "kind",
    "topic_id",
    "topic",
    "stance",
    "stance_label",
    "conditions",
    "evidence_excerpt",
    "evidence_rationale",
    "quote",
    "paraphrase",
    "original",
    "verification",
    "reported_by",
    "outlet",
    "url",
    "published",
    "reliability",
    "credibility",
    "tags",
    "notes",
    "recorded_at",
    "updated_at",
    "entered_by",
    "changed_by",
];

/// How to write the CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Start with a UTF-8 byte order mark, so that Excel reads the file as UTF-8.
    pub bom: bool,
}

/// The byte order mark written with [`CsvOptions::bom`].
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// Writes one row per position of every statement that passes `filter`, on
/// the topics the filter shows, in the store's order (by date, then id).
pub fn write(
    store: &Store,
    filter: &Filter,
    options: CsvOptions,
    out: &mut impl io::Write,
) -> io::Result<()> {
    let mut w = start(out, options, &COLUMNS)?;
    for s in store.statements.iter().filter(|s| filter.matches(s)) {
        for p in s.positions.iter().filter(|p| filter.shows_topic(&p.topic)) {
            w.write_record(row(store, s, p)).map_err(into_io)?;
        }
    }
    w.flush()
}

fn row(store: &Store, s: &Statement, p: &crate::model::Position) -> Vec<String> {
    let actor = store.actor(&s.actor);
    let topic = store.topic(&p.topic);
    let t = |v: &str| neutralise(v);
    vec![
        t(&s.id.to_string()),
        t(&s.date.to_string()),
        t(s.date.precision().as_str()),
        t(s.actor.as_str()),
        t(actor.map_or("", |a| a.name.as_str())),
        t(s.speaker.as_deref().unwrap_or("")),
        t(s.kind.as_str()),
        t(p.topic.as_str()),
        t(topic.map_or("", |t| t.name.as_str())),
        p.stance.value().to_string(),
        t(topic.map_or("", |t| t.label(p.stance))),
        t(&p.conditions),
        t(&p.evidence.excerpt),
        t(&p.evidence.rationale),
        t(&s.quote),
        if s.paraphrase { "yes" } else { "no" }.into(),
        t(s.original.as_deref().unwrap_or("")),
        t(s.verification.as_str()),
        t(s.reported_by.as_ref().map_or("", |r| r.as_str())),
        t(&s.source.outlet),
        t(s.source.url.as_deref().unwrap_or("")),
        t(&s.source.published.map(|d| d.to_string()).unwrap_or_default()),
        s.source.reliability.letter().to_string(),
        s.credibility.value().to_string(),
        t(&s.tags.join("; ")),
        t(&s.notes),
        t(&s.recorded_at.to_string()),
        t(&s.updated_at.to_string()),
        // "Name <e-mail>" or "Name"; empty when not recorded.
        t(&s.entered_by.as_ref().map(|a| a.to_string()).unwrap_or_default()),
        t(&s.changed_by.as_ref().map(|a| a.to_string()).unwrap_or_default()),
    ]
}

/// The columns of the events CSV, in order.
pub const EVENT_COLUMNS: [&str; 14] = [
    "event_id",
    "date",
    "date_precision",
    "end",
    "kind",
    "title",
    "actor_ids",
    "actors",
    "place",
    "outlet",
    "url",
    "published",
    "notes",
    "updated_at",
];

/// Writes one row per event in view of `filter` (see
/// [`Filter::matches_event`]), by date, with the same quoting and
/// neutralising as the positions.
pub fn write_events(
    store: &Store,
    filter: &Filter,
    options: CsvOptions,
    out: &mut impl io::Write,
) -> io::Result<()> {
    let mut w = start(out, options, &EVENT_COLUMNS)?;
    for e in store.events.iter().filter(|e| filter.matches_event(e)) {
        let t = |v: &str| neutralise(v);
        let names: Vec<&str> =
            e.actors.iter().map(|a| store.actor(a).map_or(a.as_str(), |x| x.name.as_str())).collect();
        let ids: Vec<&str> = e.actors.iter().map(|a| a.as_str()).collect();
        w.write_record([
            t(&e.id.to_string()),
            t(&e.date.to_string()),
            t(e.date.precision().as_str()),
            t(&e.end.map(|d| d.to_string()).unwrap_or_default()),
            t(e.kind.as_str()),
            t(&e.title),
            t(&ids.join("; ")),
            t(&names.join("; ")),
            t(&e.place),
            t(&e.source.outlet),
            t(e.source.url.as_deref().unwrap_or("")),
            t(&e.source.published.map(|d| d.to_string()).unwrap_or_default()),
            t(&e.notes),
            t(&e.updated_at.to_string()),
        ])
        .map_err(into_io)?;
    }
    w.flush()
}

/// A CSV writer on `out` (after the byte order mark, if asked for) with
/// its header row written: CRLF line ends, RFC 4180 quoting.
fn start<W: io::Write>(mut out: W, options: CsvOptions, columns: &[&str]) -> io::Result<::csv::Writer<W>> {
    if options.bom {
        out.write_all(BOM)?;
    }
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(out);
    w.write_record(columns).map_err(into_io)?;
    Ok(w)
}

/// A text cell made safe for spreadsheets: a leading `=`, `+`, `-`, `@`, tab
/// or carriage return gets an apostrophe in front, and bidirectional
/// controls (which can make a cell display in another order than it reads)
/// are removed.
pub fn neutralise(cell: &str) -> String {
    let cell = super::text::without_bidi_controls(cell);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.into_owned() }
}

fn into_io(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_each_dangerous_start() {
        for bad in ["=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        assert_eq!(neutralise("“A ceasefire”"), "“A ceasefire”");
        assert_eq!(neutralise(""), "");
        assert_eq!(
            neutralise("\u{202E}=cmd|' /C calc'!A0"),
            "'=cmd|' /C calc'!A0",
            "a hidden override is no shield"
        );
        assert_eq!(neutralise("Kyiv \u{2066}said\u{2069}"), "Kyiv said");
    }
}
