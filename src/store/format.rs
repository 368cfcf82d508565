//! The store file's text: deterministic RON out, RON (of this or an older
//! schema) in, with errors that name the line and column.

use std::path::Path;

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use super::error::StoreError;
use super::migrate;
use crate::model::{SCHEMA, Store};

/// The store as it was read from text.
#[derive(Debug)]
pub struct Parsed {
    /// The data, in the current schema, statements sorted.
    pub store: Store,
    /// The schema number the file carried, when it was older and has been migrated.
    pub migrated_from: Option<u32>,
    /// The schema number the file carried, when it is newer than this version writes.
    pub newer_schema: Option<u32>,
}

fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(false)
        .separate_tuple_members(true)
        .enumerate_arrays(false)
        .depth_limit(4)
        .escape_strings(true)
        .extensions(Extensions::IMPLICIT_SOME)
}

/// From this many statements on, the text is written and read on several
/// threads (each statement's text depends only on the statement).
const PARALLEL_FROM: usize = 2_000;

/// The store as text: stable formatting, one field per line, statements
/// sorted by (date, id). Two calls on equal stores give identical bytes.
pub fn to_text(store: &Store) -> String {
    let mut sorted;
    let store = if store.statements.is_sorted_by_key(|s| s.sort_key())
        && store.events.is_sorted_by_key(|e| e.sort_key())
    {
        store
    } else {
        sorted = store.clone();
        sorted.sort_statements();
        sorted.sort_events();
        &sorted
    };
    if store.statements.len() >= PARALLEL_FROM {
        to_text_parallel(store, threads())
    } else {
        to_text_plain(store)
    }
}

pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8)
}

/// The store as text, written by ron in one piece (the reference layout).
#[doc(hidden)]
pub fn to_text_plain(store: &Store) -> String {
    let mut out = ron::Options::default()
        .to_string_pretty(store, pretty())
        .expect("a store always serialises: it holds only strings, numbers and lists");
    out.push('\n');
    out
}

const EMPTY_STATEMENTS: &str = "\n    statements: [],\n";
const STATEMENTS_OPEN: &str = "\n    statements: [\n";
const STATEMENTS_CLOSE: &str = "    ],\n)\n";
const STATEMENT_START: &str = "\n        (\n";
const IMPLICIT_SOME: &str = "#![enable(implicit_some)]\n";

/// The same bytes as [`to_text_plain`], with the statements written in
/// `parts` pieces on as many threads. Statements must be sorted.
#[doc(hidden)]
pub fn to_text_parallel(store: &Store, parts: usize) -> String {
    let head = Store { statements: vec![], ..store.clone_without_statements() };
    let head_text = to_text_plain(&head);
    let Some(at) = head_text.rfind(EMPTY_STATEMENTS) else { return to_text_plain(store) };
    if store.statements.is_empty() {
        return head_text;
    }
    let per = store.statements.len().div_ceil(parts.max(1));
    let pieces: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            store.statements.chunks(per).map(|chunk| scope.spawn(move || statements_text(chunk))).collect();
        handles.into_iter().map(|h| h.join().expect("a statement always serialises")).collect()
    });
    let mut out = String::with_capacity(head_text.len() + pieces.iter().map(String::len).sum::<usize>() + 16);
    out.push_str(&head_text[..at]);
    out.push_str(STATEMENTS_OPEN);
    for p in &pieces {
        out.push_str(p);
    }
    out.push_str("    ],\n");
    out.push_str(&head_text[at + EMPTY_STATEMENTS.len()..]);
    out
}

/// A value as canonical RON text (the store's layout), ending with a newline.
pub(crate) fn to_ron_text<T: serde::Serialize>(value: &T) -> String {
    let mut out = ron::Options::default()
        .to_string_pretty(value, pretty())
        .expect("store data always serialises: it holds only strings, numbers and lists");
    out.push('\n');
    out
}

/// A folder store's statements file: `(statements: [...])` in the store's
/// layout, each statement exactly as the single file writes it.
pub(crate) fn statements_file_text(list: &[&crate::model::Statement]) -> String {
    let body = statements_text(list.iter().copied());
    let mut out = String::with_capacity(body.len() + 64);
    out.push_str(IMPLICIT_SOME);
    out.push('(');
    out.push_str(STATEMENTS_OPEN);
    out.push_str(&body);
    out.push_str(STATEMENTS_CLOSE);
    out
}

/// Statements as they appear inside the store's list: each written as a
/// top-level value (two levels shallower, so the depth limit is two less)
/// and indented by two levels.
fn statements_text<'a>(chunk: impl IntoIterator<Item = &'a crate::model::Statement>) -> String {
    let config = pretty().depth_limit(2);
    let mut out = String::new();
    for s in chunk {
        let text = ron::Options::default()
            .to_string_pretty(s, config.clone())
            .expect("a statement always serialises: it holds only strings, numbers and lists");
        let body = text.strip_prefix(IMPLICIT_SOME).unwrap_or(&text);
        for line in body.lines() {
            out.push_str("        ");
            out.push_str(line);
            out.push('\n');
        }
        // The closing parenthesis takes the list's comma.
        out.pop();
        out.push_str(",\n");
    }
    out
}

/// Reads a store from its text. `path` is only used in error messages.
pub fn from_text(path: &Path, text: &str) -> Result<Parsed, StoreError> {
    let declared = peek_schema(text);
    let parsed = match declared {
        Some(v) if v < SCHEMA => migrate::from_older(v, text),
        _ => parse_current(text),
    };
    match parsed {
        Ok(mut store) => {
            let newer_schema = declared.filter(|&v| v > SCHEMA);
            store.schema = newer_schema.unwrap_or(SCHEMA);
            store.sort_statements();
            store.sort_events();
            crate::model::normalise_lexicon(&mut store.lexicon);
            Ok(Parsed { store, migrated_from: declared.filter(|&v| v < SCHEMA), newer_schema })
        }
        Err((line, col, message)) => match declared {
            Some(found) if found > SCHEMA => Err(StoreError::NewerSchema {
                path: path.to_owned(),
                found,
                supported: SCHEMA,
                detail: Some(format!("line {line}, column {col}: {message}")),
            }),
            _ => Err(StoreError::Parse { path: path.to_owned(), line, col, message }),
        },
    }
}

/// Reads a store from JSON (the shape `export --format json` writes: the
/// same fields as the RON file). `path` is only used in error messages.
pub fn from_json(path: &Path, text: &str) -> Result<Parsed, StoreError> {
    // Schema 3's JSON is schema 4's without events; schema 4's is schema
    // 5's without analysts, schema 5's is 6's without a lexicon (nothing
    // to convert).
    let older = serde_json::from_str::<serde_json::Value>(text).ok().and_then(|v| {
        let schema = v.get("schema").and_then(serde_json::Value::as_u64)?;
        let readable = match schema {
            3 => v.get("events").is_none(),
            4 | 5 => true,
            _ => false,
        };
        (readable && schema < u64::from(SCHEMA)).then_some((schema as u32, v))
    });
    let migrated_from = older.as_ref().map(|(schema, _)| *schema);
    let parsed = match older {
        Some((schema, mut v)) => {
            if schema == 3 {
                v["events"] = serde_json::Value::Array(Vec::new());
            }
            v["schema"] = serde_json::Value::from(SCHEMA);
            serde_json::from_value::<Store>(v)
        }
        None => serde_json::from_str::<Store>(text),
    };
    match parsed {
        Ok(mut store) => {
            let newer_schema = (store.schema > SCHEMA).then_some(store.schema);
            if store.schema < SCHEMA {
                return Err(StoreError::Parse {
                    path: path.to_owned(),
                    line: 1,
                    col: 1,
                    message: format!(
                        "JSON of schema {} is not supported (this version reads schema {SCHEMA} as JSON; \
                         older stores are read as RON)",
                        store.schema
                    ),
                });
            }
            store.schema = newer_schema.unwrap_or(SCHEMA);
            store.sort_statements();
            store.sort_events();
            crate::model::normalise_lexicon(&mut store.lexicon);
            Ok(Parsed { store, migrated_from, newer_schema })
        }
        Err(e) => {
            let declared = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("schema").and_then(|s| s.as_u64()))
                .and_then(|v| u32::try_from(v).ok());
            let message = e.to_string();
            // serde_json appends " at line L column C"; the position is given apart.
            let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
            let message = json_unknown_field(&message).unwrap_or(message);
            match declared {
                Some(found) if found > SCHEMA => Err(StoreError::NewerSchema {
                    path: path.to_owned(),
                    found,
                    supported: SCHEMA,
                    detail: Some(format!("line {}, column {}: {message}", e.line(), e.column())),
                }),
                _ => Err(StoreError::Parse {
                    path: path.to_owned(),
                    line: e.line().max(1),
                    col: e.column().max(1),
                    message,
                }),
            }
        }
    }
}

type ParseFailure = (usize, usize, String);

/// serde_json's "unknown field `x`, expected one of `a`, `b`" in the words
/// (and with the suggestion) the RON reader gives.
fn json_unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (found, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let record = match () {
        _ if expected.contains(&"statements") => "Store",
        _ if expected.contains(&"quote") => "Statement",
        _ if expected.contains(&"speakers") => "Actor",
        _ if expected.contains(&"aliases") => "Speaker",
        _ if expected.contains(&"proposition") => "Topic",
        _ if expected.contains(&"stance") => "Position",
        _ if expected.contains(&"outlet") => "Source",
        _ => "record",
    };
    Some(unknown_field(found, &expected, Some(record)))
}

fn parse_current(text: &str) -> Result<Store, ParseFailure> {
    let statements = text.len() / 700;
    if statements >= PARALLEL_FROM
        && let Some(store) = parse_parallel(text, threads())
    {
        return Ok(store);
    }
    parse::<Store>(text)
}

/// Reads a store in canonical layout with its statements cut into `parts`
/// pieces parsed on as many threads. `None` when the text is not in that
/// layout or a piece does not parse; the caller then parses it in one piece,
/// which also gives the right line and column for any error.
#[doc(hidden)]
pub fn parse_parallel(text: &str, parts: usize) -> Option<Store> {
    if text.ends_with(&format!("{EMPTY_STATEMENTS})\n")) {
        // No statements: nothing to share out.
        return parse(text).ok();
    }
    let open = text.find(STATEMENTS_OPEN)?;
    let body_start = open + STATEMENTS_OPEN.len();
    if !text.ends_with(STATEMENTS_CLOSE) || body_start > text.len() - STATEMENTS_CLOSE.len() {
        return None;
    }
    let body = &text[body_start..text.len() - STATEMENTS_CLOSE.len()];
    let mut head = String::with_capacity(open + 32);
    head.push_str(&text[..open]);
    head.push_str(EMPTY_STATEMENTS);
    head.push_str(")\n");
    let mut store: Store = parse(&head).ok()?;
    if body.is_empty() {
        return Some(store);
    }
    if !body.starts_with(&STATEMENT_START[1..]) {
        return None;
    }
    // Cut at statement starts, near equal sizes.
    let mut cuts = vec![0];
    for i in 1..parts.max(1) {
        let target = body.len() * i / parts;
        let from = floor_char_boundary(body, target.max(*cuts.last()?));
        if let Some(p) = body[from..].find(STATEMENT_START) {
            let cut = from + p + 1;
            if cut > *cuts.last()? {
                cuts.push(cut);
            }
        }
    }
    cuts.push(body.len());
    let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    let pieces: Vec<Option<Vec<crate::model::Statement>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = cuts
            .windows(2)
            .map(|w| {
                let piece = &body[w[0]..w[1]];
                let options = options.clone();
                // Each statement block is parsed where it lies: no copy of the text.
                scope.spawn(move || {
                    let mut out = Vec::with_capacity(piece.len() / 700);
                    let mut rest = piece;
                    while !rest.is_empty() {
                        let end = rest[1..].find(STATEMENT_START).map_or(rest.len(), |p| p + 2);
                        let block = rest[..end].trim_end().strip_suffix(',')?;
                        out.push(options.from_str::<crate::model::Statement>(block).ok()?);
                        rest = &rest[end..];
                    }
                    Some(out)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok().flatten()).collect()
    });
    store.statements = Vec::with_capacity(text.len() / 700);
    for p in pieces {
        store.statements.extend(p?);
    }
    Some(store)
}

/// Parses RON into `T`, turning ron's error into (line, column, message).
pub(crate) fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ParseFailure> {
    ron::Options::default().from_str::<T>(text).map_err(|e| {
        let pos = e.span.start;
        (pos.line.max(1), pos.col.max(1), describe(&e.code))
    })
}

/// The record a field belongs to, in the analyst's words (`Statement` → "a statement").
fn record_name(outer: Option<&str>) -> String {
    // An older schema's record reads as the record it became (`StoreV2` → "the store").
    let outer = outer.map(|o| {
        let base = o.trim_end_matches(|c: char| c.is_ascii_digit());
        if base.len() < o.len() { base.strip_suffix('V').unwrap_or(o) } else { o }
    });
    match outer {
        Some("Store") | None => "the store".into(),
        Some("Statement") => "a statement".into(),
        Some("Actor") => "an actor".into(),
        Some("Speaker") => "a speaker".into(),
        Some("Topic") => "a topic".into(),
        Some("Position") => "a position".into(),
        Some("Source") => "a source".into(),
        Some("Event") => "an event".into(),
        Some("Analyst") => "an analyst (entered_by or changed_by)".into(),
        Some("Header") => "the store's header".into(),
        Some("StatementsFile") => "a statements file".into(),
        Some(other) => format!("a {}", other.to_lowercase()),
    }
}

/// The known name closest to `found`, when it is close enough to be a typo:
/// one edit (a letter missing, extra, wrong, or two swapped) for a short
/// name, two for a longer one, three for a long one.
pub fn suggestion<'a>(found: &str, known: &[&'a str]) -> Option<&'a str> {
    let found = found.to_lowercase();
    let (distance, best) =
        known.iter().map(|k| (typo_distance(&found, &k.to_lowercase()), *k)).min_by_key(|&(d, _)| d)?;
    let allowed = match found.chars().count().max(best.chars().count()) {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    (distance <= allowed && distance < best.chars().count()).then_some(best)
}

/// Edit distance counting a swap of two neighbouring letters as one edit
/// (optimal string alignment), by characters.
fn typo_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

fn unknown_field(found: &str, expected: &[&str], outer: Option<&str>) -> String {
    let mut m = format!("unknown field `{found}` in {}", record_name(outer));
    match suggestion(found, expected) {
        Some(s) => m.push_str(&format!(" — did you mean `{s}`?")),
        None if !expected.is_empty() => {
            let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
            m.push_str(&format!(" (the fields are {})", list.join(", ")));
        }
        None => {}
    }
    m
}

fn describe(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "the file ends too early (is it truncated?)".into(),
        E::ExpectedString => "expected a string in double quotes".into(),
        E::ExpectedInteger => "expected a whole number".into(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "expected `(` opening a record".into(),
        E::ExpectedStructLikeEnd => "expected `)` closing the record, or a `,` before the next field".into(),
        E::ExpectedArray => "expected `[` opening a list".into(),
        E::ExpectedArrayEnd => "expected `]` closing the list, or a `,` before the next item".into(),
        E::ExpectedComma => "expected a `,`".into(),
        E::TrailingCharacters => "unexpected text after the end of the store".into(),
        E::IntegerOutOfBounds => "number out of range".into(),
        E::NoSuchStructField { expected, found, outer } => unknown_field(found, expected, outer.as_deref()),
        E::MissingStructField { field, outer } => {
            let record = capitalise(&record_name(outer.as_deref()));
            if matches!(*field, "actors" | "topics" | "statements" | "positions") {
                format!(
                    "{record} has no `{field}` list; it is required (write `{field}: []` when there are none)"
                )
            } else {
                format!("{record} has no `{field}` field; it is required")
            }
        }
        E::DuplicateStructField { field, outer } => {
            format!("the field `{field}` appears twice in {}", record_name(outer.as_deref()))
        }
        E::NoSuchEnumVariant { expected, found, .. } => {
            let mut m = format!("`{found}` is not a known value");
            match suggestion(found, expected) {
                Some(s) => m.push_str(&format!(" — did you mean `{s}`?")),
                None => {
                    let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
                    m.push_str(&format!(" (expected one of {})", list.join(", ")));
                }
            }
            m
        }
        E::ExceededRecursionLimit => {
            "the text nests too deeply here (brackets inside brackets): this is not a store file".into()
        }
        other => {
            let s = other.to_string();
            let mut c = s.chars();
            match c.next() {
                Some(first) => first.to_lowercase().chain(c).collect(),
                None => "invalid store".into(),
            }
        }
    }
}

/// The schema number declared near the top of the file (`schema: 2,`), if any.
/// Only the first few kilobytes are looked at: the writer puts it first.
pub fn peek_schema(text: &str) -> Option<u32> {
    let head = &text[..floor_char_boundary(text, 4096)];
    let mut rest = head;
    loop {
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = trimmed.strip_prefix("#![") {
            rest = after.split_once(']').map_or("", |(_, r)| r);
        } else if let Some(after) = trimmed.strip_prefix('(') {
            rest = after;
        } else {
            rest = trimmed;
            break;
        }
    }
    let after = rest.strip_prefix("schema")?.trim_start().strip_prefix(':')?.trim_start();
    let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Line and column (1-based) of byte offset `at` in `bytes`, counting
/// columns in bytes: for reporting where a file stops being UTF-8.
pub fn line_col(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = at - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, col)
}

/// Decodes a store file's bytes: UTF-8 (or it says where they stop being
/// UTF-8), with a leading byte order mark dropped. An empty file, or one of
/// only white space, is an error: a store always holds its lists.
pub fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, StoreError> {
    let text = decode_allow_empty(path, bytes)?;
    if text.trim().is_empty() {
        return Err(StoreError::Parse {
            path: path.to_owned(),
            line: 1,
            col: 1,
            message: format!(
                "the file is empty; a store holds at least `(schema: {SCHEMA}, actors: [], topics: [], statements: [])`"
            ),
        });
    }
    Ok(text)
}

/// [`decode`], accepting an empty file (git's merge base when both sides
/// added the file).
pub fn decode_allow_empty<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, StoreError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(bytes, e.valid_up_to());
        let message = if e.error_len().is_none() {
            "the file ends too early, in the middle of a character (is it truncated?)"
        } else {
            "not a text file: invalid UTF-8 here (is this a store file?)"
        };
        StoreError::Parse { path: path.to_owned(), line, col, message: message.into() }
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_plus(n: usize) -> Store {
        let mut s = crate::store::sample();
        let base = s.statements.clone();
        for i in 0..n {
            let mut st = base[i % base.len()].clone();
            st.id = crate::model::StatementId::from_parts(1_700_000_000_000 + i as u64, i as u128);
            s.statements.push(st);
        }
        s.sort_statements();
        s
    }

    #[test]
    fn the_parallel_writer_gives_the_same_bytes() {
        for n in [0, 1, 5, 300] {
            let s = sample_plus(n);
            let plain = to_text_plain(&s);
            for parts in [1, 2, 3, 7] {
                assert_eq!(to_text_parallel(&s, parts), plain, "{n} extra statements in {parts} parts");
            }
        }
        let mut empty = crate::store::sample();
        empty.statements.clear();
        assert_eq!(to_text_parallel(&empty, 2), to_text_plain(&empty));
    }

    #[test]
    fn the_parallel_reader_reads_the_same_store() {
        let s = sample_plus(250);
        let text = to_text_plain(&s);
        for parts in [1, 2, 3, 8] {
            assert_eq!(parse_parallel(&text, parts).as_ref(), Some(&s), "{parts} parts");
        }
        // Not canonical: no fast path, and no wrong answer either.
        assert_eq!(parse_parallel(&text.replace("\n        (\n", "\n      (\n"), 2), None);
        assert_eq!(parse_parallel("(schema: 2)", 2), None);
        let broken = text.replacen("kind: demand,", "kind: demand,,", 1);
        assert_eq!(parse_parallel(&broken, 2), None, "an error falls back to the full parse");
    }

    #[test]
    fn suggests_the_field_a_typo_meant() {
        let fields = ["statements", "actors", "topics", "schema"];
        assert_eq!(suggestion("statments", &fields), Some("statements"));
        assert_eq!(suggestion("Actors", &fields), Some("actors"));
        assert_eq!(suggestion("qoute", &["quote", "notes"]), Some("quote"), "a swap is one edit");
        assert_eq!(suggestion("nots", &["quote", "notes"]), Some("notes"));
        assert_eq!(suggestion("foo", &fields), None);
        assert_eq!(suggestion("x", &["id"]), None);
    }

    #[test]
    fn peeks_the_schema() {
        assert_eq!(peek_schema("(schema: 2, actors: [])"), Some(2));
        assert_eq!(peek_schema("#![enable(implicit_some)]\n(\n    schema: 1,\n"), Some(1));
        assert_eq!(peek_schema("// a comment\n(\n  schema:7"), Some(7));
        assert_eq!(peek_schema("(actors: [], schema: 2)"), None);
        assert_eq!(peek_schema("\u{0}\u{1}garbage"), None);
    }

    #[test]
    fn line_and_column_of_a_byte() {
        assert_eq!(line_col(b"ab\ncd\nef", 0), (1, 1));
        assert_eq!(line_col(b"ab\ncd\nef", 4), (2, 2));
        assert_eq!(line_col(b"ab\ncd\nef", 6), (3, 1));
    }
}
