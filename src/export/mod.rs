//! Exports for briefings and exchange: the position summary (built once as
//! plain data by [`Summary::build`], then rendered as Markdown, HTML or Word), the
//! positions as CSV, and the filtered data as JSON or RON. Pure: every format
//! writes to an `impl std::io::Write`; nothing here opens a file.
//!
//! An export holds exactly what the filter shows: a statement outside it
//! appears nowhere, and every line cites its statement's source and date.
//!
//! For the app: build the [`Summary`] (cheap, `Clone`, `Send`) when the
//! filters change, draw it as the live preview, and run [`export`] on a
//! thread into a buffer or file.

pub mod chart;
pub mod citation;
pub mod csv;
pub mod data;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod summary;
pub mod text;

use std::fmt;
use std::io;

pub use csv::CsvOptions;
pub use summary::{
    ActorInfo, Change, Cited, CitedPosition, Move, Quote, Scope, Series, SpreadNote, StanceRef, StanceRow,
    Summary, SummaryOptions, TopicSummary,
};

use crate::model::Store;

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The position summary as Markdown.
    Markdown,
    /// The position summary as a self-contained, print-ready HTML page.
    Html,
    /// The position summary as a Word document.
    Docx,
    /// One row per position, for spreadsheets.
    Csv,
    /// One row per event, for spreadsheets.
    EventsCsv,
    /// The filtered data as JSON (importable).
    Json,
    /// The filtered data as a RON store file (importable).
    Ron,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 7] = [
        Format::Markdown,
        Format::Html,
        Format::Docx,
        Format::Csv,
        Format::EventsCsv,
        Format::Json,
        Format::Ron,
    ];

    /// The name on the command line (`md`, `html`, `docx`, `csv`,
    /// `events-csv`, `json`, `ron`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Csv => "csv",
            Format::EventsCsv => "events-csv",
            Format::Json => "json",
            Format::Ron => "ron",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::EventsCsv => "csv",
            other => other.as_str(),
        }
    }

    /// Whether the format is CSV (a byte order mark may start it).
    pub fn is_csv(self) -> bool {
        matches!(self, Format::Csv | Format::EventsCsv)
    }

    /// What the analyst sees in a menu.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown brief",
            Format::Html => "HTML brief (print-ready)",
            Format::Docx => "Word brief (.docx)",
            Format::Csv => "CSV positions (spreadsheet)",
            Format::EventsCsv => "CSV events (spreadsheet)",
            Format::Json => "JSON data (importable)",
            Format::Ron => "RON store file (importable)",
        }
    }

    /// Parses a name (`md`, `markdown`, `html`, `docx`, `word`, `csv`,
    /// `events-csv` or `events`, `json`, `ron`; any case).
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "docx" | "word" => Some(Format::Docx),
            "csv" => Some(Format::Csv),
            "events-csv" | "events" => Some(Format::EventsCsv),
            "json" => Some(Format::Json),
            "ron" => Some(Format::Ron),
            _ => None,
        }
    }

    /// A file name to offer in a save dialog: `position-summary-2025-12-14.md`,
    /// `positions-2025-12-14.csv`, `stancebook-data-2025-12-14.json`.
    pub fn default_file_name(self, as_of: chrono::NaiveDate) -> String {
        let stem = match self {
            Format::Markdown | Format::Html | Format::Docx => "position-summary",
            Format::Csv => "positions",
            Format::EventsCsv => "events",
            Format::Json | Format::Ron => "stancebook-data",
        };
        format!("{stem}-{as_of}.{}", self.extension())
    }

    /// Whether the format is a position summary (Markdown, HTML, Word) rather than data.
    pub fn is_summary(self) -> bool {
        matches!(self, Format::Markdown | Format::Html | Format::Docx)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything an export needs besides the store and the format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// The filter, dates and generation time (CSV, JSON and RON use only the filter).
    pub summary: SummaryOptions,
    /// CSV only: start with a UTF-8 byte order mark (for Excel).
    pub bom: bool,
}

/// The briefing a brief under `options` makes (see [`Summary::briefing`]).
pub fn briefing_for(store: &Store, options: &SummaryOptions) -> crate::model::Briefing {
    Summary::build(store, options).briefing(&options.filter)
}

/// Writes `store` in `format` under `options` to `out`: the one call the
/// command line and the app's export thread make.
pub fn export(
    store: &Store,
    format: Format,
    options: &ExportOptions,
    out: &mut impl io::Write,
) -> io::Result<()> {
    let filter = &options.summary.filter;
    match format {
        Format::Markdown => markdown::write(&Summary::build(store, &options.summary), out),
        Format::Html => html::write(&Summary::build(store, &options.summary), out),
        Format::Docx => docx::write(&Summary::build(store, &options.summary), out),
        Format::Csv => csv::write(store, filter, CsvOptions { bom: options.bom }, out),
        Format::EventsCsv => csv::write_events(store, filter, CsvOptions { bom: options.bom }, out),
        Format::Json => data::write_json(&data::filtered(store, filter), out),
        Format::Ron => data::write_ron(&data::filtered(store, filter), out),
    }?;
    out.flush()
}
