//! A store as a folder: a header file (`stancebook.ron`: the schema, actors,
//! topics, briefings and events) and one file of statements per day on
//! which they were said, in a folder per month (`statements/2025/03/13.ron`;
//! a statement known only to the month lives in
//! `statements/2025/03/month.ron`, one known only to the year in
//! `statements/2025/year.ron`). Each file is written as the single-file
//! store is — deterministic, sorted, one field per line — so that an edit
//! rewrites only the header (if it changed) and the days it touched, and
//! git sees a change of a few kilobytes.
//!
//! **Why a file per day, not per month.** Git stores each new version of a
//! changed file whole (compressed) until a later repack; at a desk's scale
//! (100,000 statements over ten years) a month file is 750 KB and every
//! one-statement commit grew the repository by 184 KB. A day file is a
//! thirtieth of that, whatever the store's density. A folder written by an
//! earlier version (one file per month, `statements/2025/03.ron`) still
//! opens; its first save moves it into day files (atomically, as any save).
//!
//! **A save across several files is atomic.** The new versions are written
//! to temporary files beside their targets and flushed; then a journal
//! listing the renames (and the files emptied, to delete) is written and
//! renamed into place — the one instant the save commits; then the renames
//! run and the journal is removed. A kill before the journal lands leaves
//! the old store (the temporary files are swept away at the next open); a
//! kill after it leaves a journal that the next open (or read) rolls
//! forward, giving the new store. Never a mix.
//!
//! **Another program's change is never overwritten.** Each file's identity
//! and hash are kept from the last read or write; a save that would replace,
//! create or delete a file someone else changed writes ours beside the
//! folder as `<folder>.conflict-<time>.ron` (a whole single-file store) and
//! leaves theirs.
//!
//! **Backups keep what changed.** A save that replaces files first copies
//! their previous versions into `<folder>.backups/<time>/` (with the list of
//! files it created), and the newest ten such sets are kept.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::backup::BackupPolicy;
use super::disk::{self, Identity};
use super::error::StoreError;
use super::file::SaveReport;
use super::format::{self, Parsed};
use crate::model::{Actor, Briefing, Event, Learned, Precision, SCHEMA, SetAside, Statement, Store, Topic};

/// The header file's name in the folder.
pub const HEADER: &str = "stancebook.ron";
/// The folder of statement files.
pub const STATEMENTS: &str = "statements";
/// The journal of a save in progress (present only while one commits, or after a kill).
pub const JOURNAL: &str = ".journal";
/// What git should ignore inside the folder (written with a new folder).
const GITIGNORE: &str = "# Written by Stancebook: a save's journal and temporary files.\n.journal\n.*.tmp\n";
/// Every store file merges with Stancebook's merge driver (see the README).
const GITATTRIBUTES: &str = "*.ron merge=stancebook\n";

/// The header: everything in a store but its statements.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    schema: u32,
    actors: Vec<Actor>,
    topics: Vec<Topic>,
    briefings: Vec<Briefing>,
    events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    conflicts: Vec<SetAside>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    lexicon: Vec<Learned>,
}

/// One statements file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementsFile {
    statements: Vec<Statement>,
}

/// The file (relative to the folder, `/`-separated) a statement lives in.
pub fn file_of(s: &Statement) -> String {
    file_for(s.date)
}

/// The file (relative to the folder) statements said on `date` live in.
pub fn file_for(date: crate::model::PartialDate) -> String {
    let d = date.first_day();
    match date.precision() {
        Precision::Year => format!("{STATEMENTS}/{:04}/year.ron", d.year()),
        Precision::Month => format!("{STATEMENTS}/{:04}/{:02}/month.ron", d.year(), d.month()),
        Precision::Day => format!("{STATEMENTS}/{:04}/{:02}/{:02}.ron", d.year(), d.month(), d.day()),
    }
}

/// The file a folder written by an earlier version kept `date`'s month in
/// (`statements/2025/03.ron`), if `date` is known to the month.
fn month_file_for(date: crate::model::PartialDate) -> Option<String> {
    let d = date.first_day();
    (date.precision() != Precision::Year)
        .then(|| format!("{STATEMENTS}/{:04}/{:02}.ron", d.year(), d.month()))
}

/// The files of the folder at `dir` that can hold statements said on
/// `dates`: what an `add` must read (see [`Folder::open`]). A month still
/// in one file (an earlier version's layout) is read whole, with any day
/// files beside it, since the save that follows moves it into day files.
pub fn files_for_dates(dir: &Path, dates: &[crate::model::PartialDate]) -> Vec<String> {
    let on_disk = statement_files(dir).unwrap_or_default();
    let mut out = BTreeSet::new();
    for d in dates {
        out.insert(file_for(*d));
        if let Some(month) = month_file_for(*d).filter(|m| on_disk.contains(m)) {
            let inside = format!("{}/", month.trim_end_matches(".ron"));
            out.extend(on_disk.iter().filter(|f| f.starts_with(&inside)).cloned());
            out.insert(month);
        }
    }
    out.into_iter().collect()
}

/// Writes the `.gitignore` and `.gitattributes` a store folder carries, where
/// missing (a folder made by hand, or shared by an earlier version); an
/// existing one is left as its owner wrote it.
pub fn ensure_git_files(dir: &Path) -> Result<(), StoreError> {
    for (name, text) in [(".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)] {
        if !dir.join(name).exists() {
            super::file::write_atomic(&dir.join(name), text.as_bytes())?;
        }
    }
    Ok(())
}

/// The store's files in the folder at `dir` (relative paths): the header,
/// if there, and every statement file.
pub fn store_files(dir: &Path) -> Result<Vec<String>, StoreError> {
    let mut out: Vec<String> = statement_files(dir)
        .map_err(|source| StoreError::Io { path: dir.to_owned(), action: "read the store folder", source })?
        .into_iter()
        .collect();
    if dir.join(HEADER).exists() {
        out.push(HEADER.to_owned());
    }
    Ok(out)
}

/// Whether `path` is a folder (symlinks followed): opened as a store folder.
pub fn is_folder(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_dir())
}

/// Whether `path` is a folder holding a store's header.
pub fn is_store_folder(path: &Path) -> bool {
    is_folder(path) && path.join(HEADER).is_file()
}

/// The folder's files as texts, by relative path: the header and one file
/// per day that has statements. Statements must be sorted.
pub fn to_files(store: &Store) -> BTreeMap<String, String> {
    let groups: Vec<(String, Vec<&Statement>)> = by_file(store).into_iter().collect();
    let mut out: BTreeMap<String, String> =
        in_parallel(&groups, |(name, list)| (name.clone(), format::statements_file_text(list)))
            .into_iter()
            .collect();
    out.insert(HEADER.to_owned(), header_text(store));
    out
}

fn header_text(store: &Store) -> String {
    format::to_ron_text(&Header {
        schema: SCHEMA,
        actors: store.actors.clone(),
        topics: store.topics.clone(),
        briefings: store.briefings.clone(),
        events: store.events.clone(),
        conflicts: store.conflicts.clone(),
        lexicon: store.lexicon.clone(),
    })
}

/// What we last read or wrote of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Known {
    /// The hash of its bytes.
    hash: u64,
    identity: Option<Identity>,
    /// A statements file: the hash of its statements (see [`fingerprint`]),
    /// so that a save serialises only the files whose statements changed.
    fingerprint: Option<u64>,
}

/// A hash of a file's statements, in order: equal statements, equal
/// fingerprint. Far cheaper than writing them out to compare texts.
fn fingerprint<'a>(list: impl IntoIterator<Item = &'a Statement>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    for s in list {
        s.hash(&mut h);
    }
    h.finish()
}

/// The statements of `store` by the file they live in (relative path),
/// each list in the store's order.
fn by_file(store: &Store) -> BTreeMap<String, Vec<&Statement>> {
    // Grouped by (year, month, day; 0 for what the date does not know) first:
    // one path per file, not per statement.
    let mut keyed: BTreeMap<(i32, u32, u32), Vec<&Statement>> = BTreeMap::new();
    for s in &store.statements {
        let d = s.date.first_day();
        let key = match s.date.precision() {
            Precision::Year => (d.year(), 0, 0),
            Precision::Month => (d.year(), d.month(), 0),
            Precision::Day => (d.year(), d.month(), d.day()),
        };
        keyed.entry(key).or_default().push(s);
    }
    keyed.into_values().map(|list| (file_of(list[0]), list)).collect()
}

/// `work` on each item, on several threads, results in order.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let per = items.len().div_ceil(format::threads()).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|chunk| scope.spawn(move || chunk.iter().map(work).collect::<Vec<R>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("the work does not panic")).collect()
    })
}

/// The journal's entries: a temporary file to rename onto its target, or a target to delete.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Rename { tmp: String, target: String },
    Delete { target: String },
}

fn journal_text(steps: &[Step]) -> String {
    let mut out = String::from("stancebook journal 1\n");
    for s in steps {
        match s {
            Step::Rename { tmp, target } => out.push_str(&format!("rename\t{tmp}\t{target}\n")),
            Step::Delete { target } => out.push_str(&format!("delete\t{target}\n")),
        }
    }
    out.push_str("end\n");
    out
}

/// The steps of a journal; `None` when it is not a whole journal (a save
/// killed while writing it had not committed: the old state stands).
fn parse_journal(text: &str) -> Option<Vec<Step>> {
    let mut lines = text.lines();
    if lines.next()? != "stancebook journal 1" || !text.ends_with("end\n") {
        return None;
    }
    let mut steps = Vec::new();
    for line in lines {
        let parts: Vec<&str> = line.split('\t').collect();
        match parts.as_slice() {
            ["rename", tmp, target] => {
                steps.push(Step::Rename { tmp: (*tmp).to_owned(), target: (*target).to_owned() });
            }
            ["delete", target] => steps.push(Step::Delete { target: (*target).to_owned() }),
            ["end"] => return Some(steps),
            _ => return None,
        }
    }
    None
}

/// A relative path of the folder as a path on disk (refusing anything that
/// would leave the folder).
fn on_disk(dir: &Path, rel: &str) -> Option<PathBuf> {
    on_disk_path(dir, rel)
}

fn on_disk_path(dir: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    p.components().all(|c| matches!(c, std::path::Component::Normal(_))).then(|| dir.join(p))
}

/// The pending journal of `dir`, if a committed save was cut short.
fn pending(dir: &Path) -> Option<Vec<Step>> {
    fs::read_to_string(dir.join(JOURNAL)).ok().and_then(|t| parse_journal(&t))
}

/// The statement files of `dir` (relative paths), found on disk: the
/// `.ron` files of `statements/` and of its folders, two levels down (a
/// year's folder holds `year.ron`, a month's folder, and the month files of
/// an earlier layout; a month's folder holds its days and `month.ron`).
fn statement_files(dir: &Path) -> io::Result<BTreeSet<String>> {
    fn walk(path: &Path, rel: &str, depth: usize, out: &mut BTreeSet<String>) -> io::Result<()> {
        let entries = match fs::read_dir(path) {
            Ok(r) => r,
            Err(e) if e.kind() == io::ErrorKind::NotFound && depth == 0 => return Ok(()),
            Err(e) => return Err(e),
        };
        for e in entries {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let child = format!("{rel}/{name}");
            if e.file_type()?.is_dir() {
                if depth < 2 {
                    walk(&e.path(), &child, depth + 1, out)?;
                }
            } else if depth > 0 && name.ends_with(".ron") {
                out.insert(child);
            }
        }
        Ok(())
    }
    let mut out = BTreeSet::new();
    walk(&dir.join(STATEMENTS), STATEMENTS, 0, &mut out)?;
    Ok(out)
}

/// Where each of the folder's files is to be read from: itself, or the
/// temporary file a pending journal renames onto it (a journal's deletes
/// drop it), so that a read after a kill sees the new state whole.
fn sources(dir: &Path) -> io::Result<BTreeMap<String, PathBuf>> {
    let mut files: BTreeMap<String, PathBuf> =
        statement_files(dir)?.into_iter().filter_map(|rel| on_disk(dir, &rel).map(|p| (rel, p))).collect();
    files.insert(HEADER.to_owned(), dir.join(HEADER));
    for step in pending(dir).unwrap_or_default() {
        match step {
            Step::Rename { tmp, target } => {
                if let (Some(t), true) = (on_disk(dir, &tmp), on_disk(dir, &target).is_some())
                    && t.exists()
                {
                    files.insert(target, t);
                }
            }
            Step::Delete { target } => {
                files.remove(&target);
            }
        }
    }
    Ok(files)
}

/// What reading one file gave.
#[derive(Serialize, Deserialize)]
enum Piece {
    Header(Header),
    Statements(Vec<Statement>),
}

/// One file read: its piece, what we know of it, and its entry for the
/// cache (the piece as JSON) when the cache is to be written.
struct Read {
    rel: String,
    piece: Piece,
    known: Known,
    blob: Option<Vec<u8>>,
    from_cache: bool,
}

fn read_piece(
    rel: &str,
    path: &Path,
    shown: &Path,
    cache: Option<&Cache>,
    want_blob: bool,
) -> Result<Read, StoreError> {
    let named = shown.join(rel);
    let identity = Identity::of(path);
    let bytes =
        disk::read_bounded(path, disk::MAX_STORE_BYTES, "a store file").map_err(|e| e.with_path(&named))?;
    let hash = disk::content_hash(&bytes);
    // The cache, when it holds this very file; never trusted further than that.
    let cached = cache.and_then(|c| c.blob(rel, hash)).and_then(|b| {
        let piece: Piece = serde_json::from_slice(b).ok()?;
        Some((piece, b))
    });
    let (piece, blob, from_cache) = match cached {
        Some((piece, b)) => (piece, want_blob.then(|| b.to_vec()), true),
        None => {
            let text = format::decode(&named, &bytes)?;
            let piece = read_piece_text(rel, text, &named)?;
            let blob = if want_blob { serde_json::to_vec(&piece).ok() } else { None };
            (piece, blob, false)
        }
    };
    let fingerprint = match &piece {
        Piece::Statements(list) => Some(fingerprint(list)),
        Piece::Header(_) => None,
    };
    Ok(Read { rel: rel.to_owned(), piece, known: Known { hash, identity, fingerprint }, blob, from_cache })
}

/// Parses one file's text: the header (`rel` is [`HEADER`]) or a statements file.
fn read_piece_text(rel: &str, text: &str, named: &Path) -> Result<Piece, StoreError> {
    let fail = |(line, col, message)| StoreError::Parse { path: named.to_owned(), line, col, message };
    if rel == HEADER {
        if let Some(v) = format::peek_schema(text).filter(|&v| v > SCHEMA) {
            return Err(StoreError::NewerSchema {
                path: named.to_owned(),
                found: v,
                supported: SCHEMA,
                detail: None,
            });
        }
        Ok(Piece::Header(format::parse::<Header>(text).map_err(fail)?))
    } else {
        Ok(Piece::Statements(format::parse::<StatementsFile>(text).map_err(fail)?.statements))
    }
}

// ------------------------------------------------------------ the cache

/// The first line of a cache file.
const CACHE_MAGIC: &str = "stancebook folder cache 1";

/// The warm-open cache of a store folder: `<folder>.cache`, beside it.
pub fn cache_of(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".cache");
    dir.with_file_name(name)
}

/// A cache read from disk: each file's content as JSON, keyed by the path
/// and the hash of the file's bytes. Never the source of truth: an entry is
/// used only for a file whose bytes hash the same, and one that does not
/// decode is read from the file instead.
struct Cache {
    entries: BTreeMap<String, (u64, std::ops::Range<usize>)>,
    data: Vec<u8>,
}

impl Cache {
    fn load(dir: &Path) -> Option<Cache> {
        let data = fs::read(cache_of(dir)).ok()?;
        let first = data.iter().position(|&b| b == b'\n')?;
        if &data[..first] != format!("{CACHE_MAGIC} schema {SCHEMA}").as_bytes() {
            return None;
        }
        let second = first + 1 + data[first + 1..].iter().position(|&b| b == b'\n')?;
        let index: Vec<(String, u64, usize)> = serde_json::from_slice(&data[first + 1..second]).ok()?;
        let mut at = second + 1;
        let mut entries = BTreeMap::new();
        for (rel, hash, len) in index {
            let end = at.checked_add(len).filter(|&e| e <= data.len())?;
            entries.insert(rel, (hash, at..end));
            at = end;
        }
        Some(Cache { entries, data })
    }

    fn blob(&self, rel: &str, hash: u64) -> Option<&[u8]> {
        let (h, range) = self.entries.get(rel)?;
        (*h == hash).then(|| &self.data[range.clone()])
    }
}

/// Writes the cache of `dir` from the files just read (atomically; a
/// failure only costs the next open its speed).
fn write_cache(dir: &Path, reads: &[(String, u64, Vec<u8>)]) {
    let index: Vec<(&str, u64, usize)> = reads.iter().map(|(r, h, b)| (r.as_str(), *h, b.len())).collect();
    let Ok(index) = serde_json::to_vec(&index) else { return };
    let mut out = Vec::with_capacity(reads.iter().map(|r| r.2.len()).sum::<usize>() + index.len() + 64);
    out.extend_from_slice(format!("{CACHE_MAGIC} schema {SCHEMA}\n").as_bytes());
    out.extend_from_slice(&index);
    out.push(b'\n');
    for (_, _, b) in reads {
        out.extend_from_slice(b);
    }
    let _ = super::file::write_atomic(&cache_of(dir), &out);
}

/// Reads the store folder `dir` (its real path; `shown` names it in errors):
/// every file parsed strictly, on several threads; errors name the file,
/// line and column. With `cache`, files whose bytes the cache holds are
/// taken from it, and the cache is rewritten when any was not.
fn read_all(
    dir: &Path,
    shown: &Path,
    cache: bool,
    only: Option<&[String]>,
) -> Result<(Store, BTreeMap<String, Known>), StoreError> {
    let io_err = |source| StoreError::Io { path: shown.to_owned(), action: "read the store folder", source };
    let files: Vec<(String, PathBuf)> = sources(dir)
        .map_err(io_err)?
        .into_iter()
        .filter(|(rel, _)| only.is_none_or(|o| rel == HEADER || o.contains(rel)))
        .collect();
    if !files.iter().any(|(rel, p)| rel == HEADER && p.exists()) {
        return Err(StoreError::Refused {
            path: shown.to_owned(),
            reason: format!("a store folder holds `{HEADER}`, and this folder has none"),
        });
    }
    let loaded = if cache { Cache::load(dir) } else { None };
    let results = in_parallel(&files, |(rel, p)| read_piece(rel, p, shown, loaded.as_ref(), cache));
    drop(loaded);
    let mut store = Store::default();
    let mut known = BTreeMap::new();
    let mut blobs = Vec::new();
    let mut misses = 0;
    for r in results {
        let r = r?;
        misses += usize::from(!r.from_cache);
        if let Some(b) = r.blob {
            blobs.push((r.rel.clone(), r.known.hash, b));
        }
        match r.piece {
            Piece::Header(h) => {
                store.schema = h.schema;
                store.actors = h.actors;
                store.topics = h.topics;
                store.briefings = h.briefings;
                store.events = h.events;
                store.conflicts = h.conflicts;
                store.lexicon = h.lexicon;
                crate::model::normalise_lexicon(&mut store.lexicon);
            }
            Piece::Statements(list) => store.statements.extend(list),
        }
        known.insert(r.rel, r.known);
    }
    if cache && misses > 0 && blobs.len() == files.len() {
        write_cache(dir, &blobs);
    }
    store.sort_statements();
    store.sort_events();
    Ok((store, known))
}

/// Reads a store folder (read-only: a pending journal is read through, not applied).
pub fn read(dir: &Path, shown: &Path) -> Result<Parsed, StoreError> {
    read_all(dir, shown, false, None).map(|(store, _)| parsed(store))
}

fn parsed(mut store: Store) -> Parsed {
    let newer_schema = (store.schema > SCHEMA).then_some(store.schema);
    store.schema = newer_schema.unwrap_or(SCHEMA);
    Parsed { store, migrated_from: None, newer_schema }
}

/// An open store folder: what was last read or written of each file.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    shown: PathBuf,
    known: BTreeMap<String, Known>,
    /// Only some files were read (see [`Folder::open`]): the others
    /// are neither watched nor written.
    partial: bool,
}

impl Folder {
    /// Opens the folder for writing (the caller holds the lock): rolls a
    /// pending journal forward, sweeps temporary files a killed save left,
    /// and reads every file — or, with `dates`, only the header and the
    /// files statements said on those dates live in (see
    /// [`files_for_dates`]): what adding a statement needs, at the cost of a
    /// day, not the whole store. A save then writes only those files (and
    /// creates one that was missing, unless someone else created it meanwhile).
    pub fn open(
        dir: &Path,
        shown: &Path,
        dates: Option<&[crate::model::PartialDate]>,
    ) -> Result<(Folder, Parsed), StoreError> {
        recover(dir).map_err(|source| StoreError::Io {
            path: shown.to_owned(),
            action: "finish the interrupted save of",
            source,
        })?;
        let only = dates.map(|d| files_for_dates(dir, d));
        // The cache serves whole opens only.
        let (store, known) = read_all(dir, shown, only.is_none(), only.as_deref())?;
        let folder = Folder { dir: dir.to_owned(), shown: shown.to_owned(), known, partial: only.is_some() };
        Ok((folder, parsed(store)))
    }

    /// Opens the folder for reading only (nothing is written).
    pub fn open_read_only(dir: &Path, shown: &Path) -> Result<(Folder, Parsed), StoreError> {
        let (store, known) = read_all(dir, shown, false, None)?;
        Ok((Folder { dir: dir.to_owned(), shown: shown.to_owned(), known, partial: false }, parsed(store)))
    }

    /// Writes `store` as a new folder at `dir` (which must not exist, or be
    /// empty), with the `.gitignore` and `.gitattributes` git needs.
    pub fn create(dir: &Path, shown: &Path, store: &Store) -> Result<Folder, StoreError> {
        let io_err = |action| move |source| StoreError::Io { path: shown.to_owned(), action, source };
        if fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
            return Err(StoreError::Refused {
                path: shown.to_owned(),
                reason: "the folder is not empty; give a new folder".into(),
            });
        }
        fs::create_dir_all(dir).map_err(io_err("create the folder"))?;
        for (name, text) in [(".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)] {
            super::file::write_atomic(&dir.join(name), text.as_bytes())?;
        }
        let mut folder =
            Folder { dir: dir.to_owned(), shown: shown.to_owned(), known: BTreeMap::new(), partial: false };
        folder.save(store, None, &mut |_| Ok(()))?;
        Ok(folder)
    }

    /// Of a folder opened in part: reads the statement files `files` (those
    /// on disk and not read yet) and returns their statements; a save then
    /// writes them too. What a sync's merge needs: the files it changes.
    pub fn read_files(&mut self, files: &[String]) -> Result<Vec<Statement>, StoreError> {
        let on_disk = statement_files(&self.dir).map_err(|source| StoreError::Io {
            path: self.shown.clone(),
            action: "read the store folder",
            source,
        })?;
        let wanted: Vec<(String, PathBuf)> = files
            .iter()
            .filter(|rel| !self.known.contains_key(*rel) && on_disk.contains(*rel))
            .filter_map(|rel| on_disk_path(&self.dir, rel).map(|p| (rel.clone(), p)))
            .collect();
        let results = in_parallel(&wanted, |(rel, p)| read_piece(rel, p, &self.shown, None, false));
        let mut out = Vec::new();
        for r in results {
            let r = r?;
            if let Piece::Statements(list) = r.piece {
                out.extend(list);
            }
            self.known.insert(r.rel, r.known);
        }
        Ok(out)
    }

    /// The folder's files as last read or written (relative paths).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.known.keys().map(String::as_str)
    }

    /// Whether another program changed, added or removed a file of the
    /// folder since we last read or wrote it (a file rewritten with the same
    /// bytes has not changed).
    pub fn changed_on_disk(&self) -> bool {
        let Ok(now) = statement_files(&self.dir) else { return true };
        let listed: BTreeSet<&str> = now.iter().map(String::as_str).chain([HEADER]).collect();
        if !self.partial && listed != self.known.keys().map(String::as_str).collect() {
            return true;
        }
        self.known.iter().any(|(rel, k)| self.file_changed(rel, k))
    }

    fn file_changed(&self, rel: &str, k: &Known) -> bool {
        let Some(p) = on_disk(&self.dir, rel) else { return true };
        let id = Identity::of(&p);
        id != k.identity && disk::hash_of_file(&p) != Some(k.hash)
    }

    /// Saves `store`: the header if it changed and the days whose text
    /// changed, atomically across all of them (see the module docs). With
    /// `backup`, the replaced versions are kept first (`keep` sets).
    pub fn save(
        &mut self,
        store: &Store,
        backup: Option<&BackupPolicy>,
        fault: &mut dyn FnMut(super::SaveStage) -> io::Result<()>,
    ) -> Result<SaveReport, StoreError> {
        use super::SaveStage;
        let groups: Vec<(String, Vec<&Statement>)> = by_file(store).into_iter().collect();
        let prints = in_parallel(&groups, |(_, list)| fingerprint(list.iter().copied()));
        // Only the files whose statements changed are written out, and the header if it changed.
        let stale: Vec<(&String, &Vec<&Statement>, u64)> = groups
            .iter()
            .zip(&prints)
            .filter(|((rel, _), p)| self.known.get(rel).is_none_or(|k| k.fingerprint != Some(**p)))
            .map(|((rel, list), p)| (rel, list, *p))
            .collect();
        let mut files: BTreeMap<String, (String, Option<u64>)> = in_parallel(&stale, |(rel, list, p)| {
            ((*rel).clone(), (format::statements_file_text(list), Some(*p)))
        })
        .into_iter()
        .collect();
        files.insert(HEADER.to_owned(), (header_text(store), None));
        let hashes: BTreeMap<&str, u64> =
            files.iter().map(|(k, (v, _))| (k.as_str(), disk::content_hash(v.as_bytes()))).collect();
        let write: Vec<&str> = hashes
            .iter()
            .filter(|(rel, h)| self.known.get(**rel).is_none_or(|k| k.hash != **h))
            .map(|(rel, _)| *rel)
            .collect();
        let kept: BTreeSet<&str> = groups.iter().map(|(rel, _)| rel.as_str()).chain([HEADER]).collect();
        let delete: Vec<String> =
            self.known.keys().filter(|rel| !kept.contains(rel.as_str())).cloned().collect();
        if write.is_empty() && delete.is_empty() {
            return Ok(SaveReport { written: false, backup: None, bytes: 0 });
        }
        let io_err = |action: &'static str| {
            let path = self.shown.clone();
            move |source| StoreError::Io { path, action, source }
        };
        // Another program's change to anything we would replace, create or delete: theirs stays.
        let touched = write.iter().copied().chain(delete.iter().map(String::as_str));
        for rel in touched {
            let p = on_disk(&self.dir, rel).ok_or_else(|| StoreError::Refused {
                path: self.shown.clone(),
                reason: format!("`{rel}` is not a path inside the folder"),
            })?;
            if fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(StoreError::Refused {
                    path: self.shown.join(rel),
                    reason: "it is a symbolic link; a store folder's files are replaced whole when they \
                             change, which would replace the link: put the file it points to in its place"
                        .into(),
                });
            }
            let theirs = match self.known.get(rel) {
                Some(k) => self.file_changed(rel, k),
                None => p.exists(),
            };
            if theirs {
                return Err(self.set_aside(store));
            }
        }

        // The new versions, beside their targets.
        fault(SaveStage::CreateTemp).map_err(io_err("create the temporary files for"))?;
        let mut temps = Vec::new();
        let mut steps = Vec::new();
        let mut bytes = 0;
        for rel in &write {
            let target = self.dir.join(rel);
            let parent = disk::parent_of(&target);
            fs::create_dir_all(&parent).map_err(io_err("create a folder in"))?;
            let mut tmp = tempfile::Builder::new()
                .prefix(&disk::temp_prefix(&target))
                .suffix(".tmp")
                .permissions(super::file::default_permissions())
                .tempfile_in(&parent)
                .map_err(io_err("create the temporary files for"))?;
            let text = files[*rel].0.as_bytes();
            tmp.write_all(text).map_err(io_err("write the temporary files for"))?;
            bytes += text.len();
            if temps.len() == write.len() / 2 {
                fault(SaveStage::WriteTemp).map_err(io_err("write the temporary files for"))?;
            }
            if let Ok(meta) = fs::metadata(&target) {
                disk::copy_permissions(tmp.as_file(), &meta).map_err(io_err("keep the permissions of"))?;
            }
            let tmp_path = tmp.into_temp_path();
            let name = tmp_path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let tmp_rel = match rel.rfind('/') {
                Some(i) => format!("{}/{name}", &rel[..i]),
                None => name,
            };
            steps.push(Step::Rename { tmp: tmp_rel, target: (*rel).to_owned() });
            temps.push(tmp_path);
        }
        fault(SaveStage::SyncTemp).map_err(io_err("flush the temporary files for"))?;
        for t in &temps {
            fs::File::open(t).and_then(|f| f.sync_all()).map_err(io_err("flush the temporary files for"))?;
        }
        steps.extend(delete.iter().map(|rel| Step::Delete { target: rel.clone() }));

        fault(SaveStage::Backup).map_err(io_err("back up"))?;
        let backup = match backup {
            Some(policy) => Some(self.back_up(&write, &delete, policy.keep).map_err(io_err("back up"))?),
            None => None,
        };

        // The commit: the journal renamed into place.
        fault(SaveStage::Rename).map_err(io_err("replace the files of"))?;
        super::file::write_atomic(&self.dir.join(JOURNAL), journal_text(&steps).as_bytes())?;
        // From here the save has happened: the temporary files are the store's.
        for t in temps {
            let _ = t.keep();
        }
        apply(&self.dir, &steps).map_err(io_err("replace the files of"))?;
        fault(SaveStage::SyncDir).map_err(io_err("flush the folder of"))?;
        finish(&self.dir).map_err(io_err("flush the folder of"))?;

        for rel in &delete {
            self.known.remove(rel);
        }
        for rel in &write {
            let p = self.dir.join(rel);
            let fingerprint = files[*rel].1;
            self.known.insert(
                (*rel).to_owned(),
                Known { hash: hashes[rel], identity: Identity::of(&p), fingerprint },
            );
        }
        Ok(SaveReport { written: true, backup, bytes })
    }

    /// Copies the current versions of the files about to be replaced or
    /// deleted into a new set in `<folder>.backups/`, with the list of the
    /// files the save creates; keeps the newest `keep` sets.
    fn back_up(&self, write: &[&str], delete: &[String], keep: usize) -> io::Result<PathBuf> {
        let root = backups_of(&self.dir);
        fs::create_dir_all(&root)?;
        for old in list_backups(&self.dir).into_iter().skip(keep.max(1) - 1) {
            let _ = fs::remove_dir_all(old);
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
        let mut set = root.join(&stamp);
        let mut n = 1;
        while set.exists() {
            set = root.join(format!("{stamp}-{n}"));
            n += 1;
        }
        let tmp = root.join(format!(".{}.tmp", set.file_name().unwrap_or_default().to_string_lossy()));
        let _ = fs::remove_dir_all(&tmp);
        let mut created = String::new();
        for rel in write.iter().copied().chain(delete.iter().map(String::as_str)) {
            let from = self.dir.join(rel);
            if from.exists() {
                let to = tmp.join(rel);
                fs::create_dir_all(disk::parent_of(&to))?;
                fs::copy(&from, &to)?;
                fs::File::open(&to)?.sync_all()?;
            } else {
                created.push_str(rel);
                created.push('\n');
            }
        }
        fs::create_dir_all(&tmp)?;
        fs::write(tmp.join(".created"), created)?;
        fs::rename(&tmp, &set)?;
        disk::sync_dir(&root)?;
        Ok(set)
    }

    /// Keeps our version as a whole single-file store beside the folder
    /// (`<folder>.conflict-<time>.ron`), and says so.
    fn set_aside(&self, store: &Store) -> StoreError {
        let name = self.dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let target = self.dir.with_file_name(format!("{name}.conflict-{stamp}.ron"));
        let saved = super::file::write_new(&target, &format::to_text(store)).ok().map(|_| target);
        StoreError::ChangedOnDisk { path: self.shown.clone(), ours_saved_as: saved }
    }
}

/// Runs a journal's steps (each one again is harmless: a rename whose
/// temporary file is gone already happened).
fn apply(dir: &Path, steps: &[Step]) -> io::Result<()> {
    let mut parents = BTreeSet::new();
    let mut emptied = BTreeSet::new();
    for step in steps {
        match step {
            Step::Rename { tmp, target } => {
                let (Some(t), Some(p)) = (on_disk(dir, tmp), on_disk(dir, target)) else { continue };
                if t.exists() {
                    fs::rename(&t, &p)?;
                    parents.insert(disk::parent_of(&p));
                }
            }
            Step::Delete { target } => {
                let Some(p) = on_disk(dir, target) else { continue };
                match fs::remove_file(&p) {
                    Ok(()) => {
                        parents.insert(disk::parent_of(&p));
                        emptied.insert(disk::parent_of(&p));
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    for p in parents {
        disk::sync_dir(&p)?;
    }
    // A month (and then a year) left without files goes too; one that still
    // holds anything stays (`remove_dir` refuses).
    for month in emptied {
        if month.starts_with(dir.join(STATEMENTS)) && fs::remove_dir(&month).is_ok() {
            let year = disk::parent_of(&month);
            if year != dir.join(STATEMENTS) {
                let _ = fs::remove_dir(&year);
            }
        }
    }
    Ok(())
}

/// Removes the journal once its steps are done, durably.
fn finish(dir: &Path) -> io::Result<()> {
    match fs::remove_file(dir.join(JOURNAL)) {
        Ok(()) => disk::sync_dir(dir),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Finishes a save a kill cut short (rolls its journal forward, or drops a
/// journal that never committed) and sweeps away temporary files. Only
/// called while holding the lock.
fn recover(dir: &Path) -> io::Result<()> {
    let journal = dir.join(JOURNAL);
    if journal.exists() {
        if let Some(steps) = pending(dir) {
            apply(dir, &steps)?;
        }
        finish(dir)?;
    }
    let mut folders = vec![dir.to_owned()];
    if let Ok(years) = fs::read_dir(dir.join(STATEMENTS)) {
        folders.push(dir.join(STATEMENTS));
        for year in years.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
            let months = fs::read_dir(&year).into_iter().flatten().flatten();
            folders.extend(months.map(|e| e.path()).filter(|p| p.is_dir()));
            folders.push(year);
        }
    }
    for f in folders {
        for e in fs::read_dir(&f).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.ends_with(".tmp") {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    let root = backups_of(dir);
    for e in fs::read_dir(&root).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") {
            let _ = fs::remove_dir_all(e.path());
        }
    }
    Ok(())
}

/// The backups of a store folder: `<folder>.backups`, beside it.
pub fn backups_of(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".backups");
    dir.with_file_name(name)
}

/// The backup sets of a store folder, newest first.
pub fn list_backups(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(backups_of(dir))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_dir() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v.reverse();
    v
}

/// Which of a store folder's files a path is (for the merge driver, which
/// git calls once per changed file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// `stancebook.ron`: everything but the statements.
    Header,
    /// `statements/YYYY/MM/DD.ron` (or `month.ron`, `year.ron`, or an
    /// earlier layout's `statements/YYYY/MM.ron`): statements of one day.
    Statements,
}

/// The part of a store folder `path` (as git names it, `/`-separated) is, if any.
pub fn part_of(path: &str) -> Option<Part> {
    let path = path.replace('\\', "/");
    let name = path.rsplit('/').next().unwrap_or(&path);
    if name == HEADER {
        Some(Part::Header)
    } else if name.ends_with(".ron") && path.split('/').any(|c| c == STATEMENTS) {
        Some(Part::Statements)
    } else {
        None
    }
}

/// Reads one file of a store folder as a store (a header has no
/// statements; a statements file has only statements). `empty_ok`: an empty
/// file (git's base when both sides added it) is an empty part.
pub fn read_part(path: &Path, shown: &Path, part: Part, empty_ok: bool) -> Result<Store, StoreError> {
    let bytes =
        disk::read_bounded(path, disk::MAX_STORE_BYTES, "a store file").map_err(|e| e.with_path(shown))?;
    parse_part(&bytes, shown, part, empty_ok)
}

/// [`read_part`] of bytes already read (a file as git stores it).
pub fn parse_part(bytes: &[u8], shown: &Path, part: Part, empty_ok: bool) -> Result<Store, StoreError> {
    let text =
        if empty_ok { format::decode_allow_empty(shown, bytes)? } else { format::decode(shown, bytes)? };
    let mut store = Store::default();
    if text.trim().is_empty() {
        return Ok(store);
    }
    let rel = match part {
        Part::Header => HEADER,
        Part::Statements => "statements/",
    };
    match read_piece_text(rel, text, shown)? {
        Piece::Header(h) => {
            store.schema = h.schema;
            store.actors = h.actors;
            store.topics = h.topics;
            store.briefings = h.briefings;
            store.events = h.events;
            store.conflicts = h.conflicts;
            store.lexicon = h.lexicon;
            crate::model::normalise_lexicon(&mut store.lexicon);
        }
        Piece::Statements(list) => store.statements = list,
    }
    store.sort_statements();
    store.sort_events();
    Ok(store)
}

/// One file of a store folder as text: the header of `store`, or its
/// statements as one statements file.
pub fn part_text(part: Part, store: &Store) -> String {
    match part {
        Part::Header => {
            to_files(&Store { statements: Vec::new(), ..store.clone() }).remove(HEADER).unwrap_or_default()
        }
        Part::Statements => {
            let list: Vec<&Statement> = store.statements.iter().collect();
            format::statements_file_text(&list)
        }
    }
}

/// Reads every file of a backup set strictly; the number of statements its
/// files hold, or the first that does not load.
pub fn check_backup_set(set: &Path) -> Result<usize, StoreError> {
    let mut n = 0;
    let mut stack = vec![set.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d).map_err(|source| StoreError::Io {
            path: d.clone(),
            action: "read the backup",
            source,
        })?;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "ron") {
                let rel = p.strip_prefix(set).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                if let Piece::Statements(list) = read_piece(&rel, &p, set, None, false)?.piece {
                    n += list.len();
                }
            }
        }
    }
    Ok(n)
}

/// Whether the folder holds exactly the files `store` would be written as
/// (nothing to rewrite, nothing stray).
pub fn is_canonical(dir: &Path, store: &Store) -> bool {
    let files = to_files(store);
    let Ok(on_disk_now) = statement_files(dir) else { return false };
    let names: BTreeSet<&str> = on_disk_now.iter().map(String::as_str).chain([HEADER]).collect();
    names == files.keys().map(String::as_str).collect()
        && files.iter().all(|(rel, text)| fs::read(dir.join(rel)).is_ok_and(|b| b == text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_reads_back_and_a_torn_one_is_no_journal() {
        let steps = vec![
            Step::Rename {
                tmp: "statements/2025/.03.ron.x.tmp".into(),
                target: "statements/2025/03.ron".into(),
            },
            Step::Delete { target: "statements/2024/year.ron".into() },
        ];
        let text = journal_text(&steps);
        assert_eq!(parse_journal(&text), Some(steps));
        for cut in 0..text.len() - 1 {
            assert_eq!(parse_journal(&text[..cut]), None, "cut at {cut}");
        }
    }

    #[test]
    fn paths_stay_inside_the_folder() {
        let dir = Path::new("/s");
        assert_eq!(on_disk(dir, "statements/2025/03.ron"), Some(PathBuf::from("/s/statements/2025/03.ron")));
        assert_eq!(on_disk(dir, "../x.ron"), None);
        assert_eq!(on_disk(dir, "/etc/passwd"), None);
    }
}

/// What [`repair`] did: each damaged file put back from a backup, and
/// where the damaged one was kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repair {
    /// (file, where its good version came from: a backup set, or the
    /// version last committed when the folder is a shared repository).
    pub restored: Vec<(String, String)>,
    /// Where the damaged files were moved (a folder beside the store), if any.
    pub damaged_kept_in: Option<PathBuf>,
}

/// Repairs a store folder some of whose files no longer read (a disk
/// error, a bad hand edit): each such file is replaced by its newest
/// version in the backups that reads, and the damaged file is kept in
/// `<folder>.damaged-<time>/`. Only the damaged files change, and only
/// when every one of them has a good backup (else nothing changes and the
/// error names the first without). The caller holds the store's lock.
pub fn repair(dir: &Path, shown: &Path) -> Result<Repair, StoreError> {
    let io_err = |action| move |source| StoreError::Io { path: shown.to_owned(), action, source };
    recover(dir).map_err(io_err("finish the interrupted save of"))?;
    let mut files: Vec<String> =
        statement_files(dir).map_err(io_err("read the store folder"))?.into_iter().collect();
    files.push(HEADER.to_owned());
    let damaged: Vec<String> = files
        .into_iter()
        .filter(|rel| {
            on_disk_path(dir, rel).is_some_and(|p| read_piece(rel, &p, shown, None, false).is_err())
        })
        .collect();
    let mut out = Repair::default();
    if damaged.is_empty() {
        return Ok(out);
    }
    let sets = list_backups(dir);
    let mut plan: Vec<(String, Vec<u8>, String)> = Vec::new();
    for rel in &damaged {
        // A shared store's last committed version is newer than any backup
        // from before the last sync: restoring an older one would send a
        // deletion of what colleagues added with the next sync.
        let committed = committed_version(dir, rel)
            .filter(|b| read_piece_text(rel, std::str::from_utf8(b).unwrap_or_default(), shown).is_ok());
        let good = committed.map(|b| (b, "the version last synced (git HEAD)".to_owned())).or_else(|| {
            sets.iter()
                .find(|set| {
                    let p = set.join(rel);
                    p.is_file() && read_piece(rel, &p, set, None, false).is_ok()
                })
                .and_then(|set| {
                    let when = set.file_name().unwrap_or_default().to_string_lossy().into_owned();
                    fs::read(set.join(rel))
                        .ok()
                        .map(|b| (b, format!("the backup taken before the save of {when}")))
                })
        });
        match good {
            Some((bytes, from)) => plan.push((rel.clone(), bytes, from)),
            None => {
                return Err(StoreError::Refused {
                    path: shown.join(rel),
                    reason: "it does not read, and no backup holds a version of it that does; nothing was \
                             changed (open the file to fix it by hand: the error above names the line)"
                        .into(),
                });
            }
        }
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let keep = dir.with_file_name(format!("{name}.damaged-{stamp}"));
    for (rel, good, from) in plan {
        let target = dir.join(&rel);
        let aside = keep.join(&rel);
        fs::create_dir_all(disk::parent_of(&aside)).map_err(io_err("keep the damaged files of"))?;
        fs::copy(&target, &aside).map_err(io_err("keep the damaged files of"))?;
        super::file::write_atomic(&target, &good)?;
        out.restored.push((rel, from));
    }
    out.damaged_kept_in = Some(keep);
    // The cache never serves a file it did not hash; nothing to clear.
    Ok(out)
}

/// The version of `rel` last committed in the folder's own git repository
/// (a shared store), if there is one; git never asked to prompt.
fn committed_version(dir: &Path, rel: &str) -> Option<Vec<u8>> {
    if !dir.join(".git").exists() {
        return None;
    }
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .args(["show", &format!("HEAD:{rel}")])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}
