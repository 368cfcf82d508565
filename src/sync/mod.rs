//! Team sync on git (issue 16): a store folder shared through any git
//! remote (the organisation's server, or a bare repository on a shared
//! drive), synced with one command.
//!
//! **One sync** commits the local changes (one commit per sync, its message
//! saying what changed and who: "3 statements added, 1 edited — Anna"),
//! fetches, merges by statement id with the store's own three-way merge, and
//! pushes; when the remote moved meanwhile, it fetches, merges and pushes
//! once more. The merge is Stancebook's, not git's: for the files either
//! side changed since their common ancestor (the header and the day files),
//! the three versions are read from git, merged by id ([`merge3`]), and the
//! result is handed to whoever holds the store ([`Local::apply`]: the app's
//! open document, or the command line's), which saves it as any edit is
//! saved — atomically, and only if nothing changed meanwhile. Then the merge
//! is committed with both parents. The working folder is never left
//! half-merged, and git never writes conflict markers into a store file.
//!
//! **Conflicts.** When both sides changed one statement, the merge keeps
//! one version (the later edit; ours when both carry the same time) and
//! records the other, whole, in the store's conflict list ([`SetAside`]),
//! which is synced like everything else; when the two edits are closer in
//! time than [`SETTLE_MARGIN`], the record says an analyst must decide. An
//! edit on one side and a deletion on the other keeps the edit and records
//! the deletion. Conflicts time settled are recorded only for an analyst
//! who reviews every conflict ([`Options::review_all`]).
//!
//! **Failures** are [`SyncError`]s that say what to do; none leaves the
//! store half-written: the network steps never touch the working folder.

pub mod git;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use git::{Git, GitError};

use crate::model::{Analyst, SetAside, Settled, Statement, StatementId, Store, Timestamp};
use crate::store::StoreError;
use crate::store::folder::{self, Part};
use crate::store::merge::{self, MergeReport, Resolution};

/// The name the shared remote has in every clone.
pub const REMOTE: &str = "origin";
/// Two edits of one statement closer in time than this are a conflict an
/// analyst must settle: laptops' clocks differ by that much, so "later"
/// means nothing below it.
pub const SETTLE_MARGIN: Duration = Duration::from_secs(5 * 60);
/// An `index.lock` older than this is left by a git that was killed.
const STALE_LOCK: Duration = Duration::from_secs(60);
/// Written into the repository's `.git`, never committed: when the last sync succeeded.
const STATE_FILE: &str = "stancebook-sync.json";

/// Why a sync, share or clone could not be done. The local store is intact in every case.
#[derive(Debug)]
pub enum SyncError {
    /// Git failed (missing, offline, sign-in, refused…).
    Git(GitError),
    /// The store is one file: only a store folder can be shared.
    NotAFolder(PathBuf),
    /// The store folder is not shared yet.
    NotShared(PathBuf),
    /// The remote or the clone holds something other than a Stancebook store.
    NotAStore { what: String, reason: String },
    /// The store could not be read or written.
    Store(StoreError),
    /// Git is busy in this repository (another program holds its lock).
    Busy(String),
    /// The repository is in a state Stancebook does not touch (a merge
    /// started from a terminal, say); what to do about it.
    Blocked(String),
    /// The store kept changing while the sync tried to merge.
    KeptChanging,
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::Git(e) => e.fmt(f),
            SyncError::NotAFolder(p) => write!(
                f,
                "{}: a shared store is a store folder; convert it first: stancebook convert --to folder {} NEW-FOLDER",
                p.display(),
                p.display()
            ),
            SyncError::NotShared(p) => write!(
                f,
                "{}: this store is not shared yet; share it with `stancebook share --remote URL` \
                 (or Share this store… in the app)",
                p.display()
            ),
            SyncError::NotAStore { what, reason } => write!(f, "{what}: not a Stancebook store: {reason}"),
            SyncError::Store(e) => e.fmt(f),
            SyncError::Busy(m) => write!(f, "git is busy in this store: {m}; try again in a moment"),
            SyncError::Blocked(m) => f.write_str(m),
            SyncError::KeptChanging => f.write_str(
                "the store kept changing while it was being synced; sync again when the edits pause",
            ),
        }
    }
}

impl std::error::Error for SyncError {}

impl From<GitError> for SyncError {
    fn from(e: GitError) -> Self {
        SyncError::Git(e)
    }
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        SyncError::Store(e)
    }
}

impl SyncError {
    /// A word for the status bar and `sync --json`: `offline`, `sign_in`, `git_missing`…
    pub fn kind(&self) -> &'static str {
        match self {
            SyncError::Git(GitError::Offline(_)) => "offline",
            SyncError::Git(GitError::TimedOut { .. }) => "timed_out",
            SyncError::Git(GitError::SignIn(_)) => "sign_in",
            SyncError::Git(GitError::Missing(_)) => "git_missing",
            SyncError::Git(GitError::NoRemote(_)) => "no_remote",
            SyncError::Git(GitError::Rejected(_)) => "rejected",
            SyncError::Git(_) => "git_failed",
            SyncError::NotAFolder(_) => "not_a_folder",
            SyncError::NotShared(_) => "not_shared",
            SyncError::NotAStore { .. } => "not_a_store",
            SyncError::Store(_) => "store",
            SyncError::Busy(_) => "busy",
            SyncError::Blocked(_) => "blocked",
            SyncError::KeptChanging => "kept_changing",
        }
    }

    /// Whether the remote could not be reached (said once, and tried again later).
    pub fn is_offline(&self) -> bool {
        matches!(self, SyncError::Git(GitError::Offline(_) | GitError::TimedOut { .. }))
    }
}

/// How a sync behaves.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Record conflicts that time settled too, for review.
    pub review_all: bool,
    /// Who syncs (the commit's author, and who found a conflict).
    pub analyst: Option<Analyst>,
}

/// What the store's holder applies after a merge: the new header, and the
/// statements of the files either side changed, before and after.
#[derive(Clone, Debug)]
pub struct Update {
    /// Everything but the statements (the conflict list included).
    pub header: Store,
    /// The statement files (relative paths, as git names them) either side
    /// changed: where our versions of the statements replaced live.
    pub files: BTreeSet<String>,
    /// The ids of our statements in those files: each is replaced by its
    /// merged version, or removed when the merge removed it.
    pub replaced: std::collections::HashSet<StatementId>,
    /// The merged statements of those files.
    pub statements: Vec<Statement>,
}

impl Update {
    /// `store` with this update applied. Statements are replaced by id, not
    /// by the file their date names: a file that holds statements of other
    /// dates (a month file of the first folder layout, a hand edit) is
    /// replaced whole all the same, never duplicated.
    pub fn apply_to(&self, store: &Store) -> Store {
        let merged: std::collections::HashSet<StatementId> = self.statements.iter().map(|s| s.id).collect();
        let mut out = self.header.clone();
        out.statements = store
            .statements
            .iter()
            .filter(|s| !self.replaced.contains(&s.id) && !merged.contains(&s.id))
            .cloned()
            .chain(self.statements.iter().cloned())
            .collect();
        out.sort_statements();
        out
    }

    /// The files a holder that read only part of the folder must read
    /// before applying: those changed, and those the merged statements go to.
    pub fn files_to_read(&self) -> Vec<String> {
        let mut f: BTreeSet<String> = self.files.clone();
        f.extend(self.statements.iter().map(folder::file_of));
        f.into_iter().collect()
    }
}

/// Whoever holds the store while it syncs: the command line's open store
/// folder, or the app's document (through its UI thread).
pub trait Local {
    /// Saves anything pending; returns a token that any later change alters.
    fn save(&mut self) -> Result<u64, StoreError>;
    /// Applies `update` and saves, if the store is still as it was at
    /// `token`: the new token; `None` when it changed meanwhile (nothing applied).
    fn apply(&mut self, token: u64, update: &Update) -> Result<Option<u64>, StoreError>;
}

/// What a sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The local commit's message, when there were local changes.
    pub committed: Option<String>,
    /// Commits received from the remote.
    pub received: usize,
    /// Commits sent.
    pub sent: usize,
    /// Statements the merge added, updated or removed here.
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    /// Conflicts this sync recorded.
    pub new_conflicts: usize,
    /// Conflicts in the store that still need an analyst (after this sync).
    pub open_conflicts: usize,
    /// Whether the push was retried because the remote moved meanwhile.
    pub retried: bool,
    /// Notes worth showing (a stale git lock removed, a file kept as ours…).
    pub notes: Vec<String>,
}

impl Report {
    /// One line for the status bar and the command line.
    pub fn headline(&self) -> String {
        let mut parts = Vec::new();
        if self.sent > 0 {
            parts.push(format!("sent {}", plural(self.sent, "change")));
        }
        if self.received > 0 {
            parts.push(format!("received {}", plural(self.received, "change")));
        }
        let mut merged = Vec::new();
        if self.added > 0 {
            merged.push(format!("{} added", self.added));
        }
        if self.updated > 0 {
            merged.push(format!("{} updated", self.updated));
        }
        if self.removed > 0 {
            merged.push(format!("{} removed", self.removed));
        }
        if !merged.is_empty() {
            parts.push(format!("statements {}", merged.join(", ")));
        }
        if parts.is_empty() {
            parts.push("already in sync".into());
        }
        let mut line = format!("Synced: {}", parts.join("; "));
        if self.open_conflicts > 0 {
            line.push_str(&format!("; {} to resolve", plural(self.open_conflicts, "conflict")));
        }
        line
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

/// Where a shared store stands, read without the network.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// The remote's address.
    pub remote: Option<String>,
    /// The branch synced.
    pub branch: String,
    /// Local commits the remote does not have yet.
    pub to_send: usize,
    /// Whether the store has changes not yet committed (they go with the next sync).
    pub local_changes: bool,
    /// Remote commits fetched but not merged yet (as of the last fetch).
    pub to_receive: usize,
    /// When the last sync succeeded.
    pub last_synced: Option<Timestamp>,
    /// What the last attempt failed with, if it failed (its kind and message).
    pub last_error: Option<(String, String)>,
}

#[derive(Default, Serialize, Deserialize)]
struct State {
    last_synced: Option<Timestamp>,
    last_error: Option<(String, String)>,
}

/// A store folder that is (or is becoming) a git repository.
#[derive(Clone, Debug)]
pub struct Repo {
    git: Git,
}

/// Whether `rel` (a path in the repository) is one of the store's files:
/// the header, or a `.ron` file under `statements/` whose name does not
/// start with a dot (a save's temporary files do).
pub fn is_store_path(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    rel == folder::HEADER
        || (rel.starts_with("statements/") && rel.ends_with(".ron") && !name.starts_with('.'))
}

impl Repo {
    /// The shared store folder at `dir` (its own repository's root).
    pub fn open(dir: &Path) -> Result<Repo, SyncError> {
        Repo::open_with(Git::new(dir))
    }

    /// [`Repo::open`] with a git set up by the caller (tests give it a home of its own).
    pub fn open_with(git: Git) -> Result<Repo, SyncError> {
        let dir = git.dir().to_owned();
        if !folder::is_folder(&dir) {
            return Err(SyncError::NotAFolder(dir));
        }
        if !dir.join(".git").exists() {
            return Err(SyncError::NotShared(dir));
        }
        git.version()?;
        Ok(Repo { git })
    }

    /// The store folder.
    pub fn dir(&self) -> &Path {
        self.git.dir()
    }

    /// The git this repository runs.
    pub fn git(&self) -> &Git {
        &self.git
    }

    /// Makes the store folder at `dir` a shared repository: `git init`, the
    /// merge driver and attributes for anyone using git by hand, a first
    /// commit; with `remote`, pushes it there (which must be empty).
    pub fn share(git: Git, remote: Option<&str>, analyst: Option<&Analyst>) -> Result<Repo, SyncError> {
        let dir = git.dir().to_owned();
        if !folder::is_store_folder(&dir) {
            return Err(if folder::is_folder(&dir) {
                SyncError::NotAStore {
                    what: dir.display().to_string(),
                    reason: "it has no stancebook.ron".into(),
                }
            } else {
                SyncError::NotAFolder(dir)
            });
        }
        git.version()?;
        if !dir.join(".git").exists() {
            git.run(&["init", "-q", "-b", "main"])?;
        }
        let repo = Repo { git };
        repo.configure()?;
        repo.commit_local(analyst, "Shared the store")?;
        if let Some(url) = remote {
            let url = absolute_remote(url);
            // The remote must be empty: asked before it is set, so that a refusal
            // leaves the folder without a remote that holds someone else's history.
            let heads = repo.git.run_remote(&["ls-remote", "--heads", "--", &url])?.text();
            if !heads.is_empty() {
                return Err(SyncError::NotAStore {
                    what: url,
                    reason: "it already holds a repository; clone it instead (stancebook clone URL DIR) and \
                             import this store into the clone"
                        .into(),
                });
            }
            match repo.git.run(&["remote", "get-url", REMOTE]) {
                Ok(o) if o.text() == url => {}
                Ok(_) => {
                    repo.git.run(&["remote", "set-url", REMOTE, &url])?;
                }
                Err(_) => {
                    repo.git.run(&["remote", "add", REMOTE, &url])?;
                }
            }
            let branch = repo.branch()?;
            repo.git.run_remote(&["push", "-q", "-u", REMOTE, &format!("HEAD:refs/heads/{branch}")])?;
            repo.write_state(|s| {
                s.last_synced = Some(Timestamp::now());
                s.last_error = None;
            });
        }
        Ok(repo)
    }

    /// Clones the shared store at `url` into `dest` (a new or empty folder)
    /// and checks it is a store that loads; the folder on success. A failed
    /// clone leaves nothing behind.
    pub fn clone_from(git: &Git, url: &str, dest: &Path) -> Result<Repo, SyncError> {
        git.version()?;
        if std::fs::read_dir(dest).is_ok_and(|mut d| d.next().is_some()) {
            return Err(SyncError::Blocked(format!(
                "{}: the folder is not empty; give a new folder",
                dest.display()
            )));
        }
        let existed = dest.exists();
        let url = absolute_remote(url);
        let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let g = git.in_dir(parent);
        let cleanup = || {
            if existed {
                if let Ok(entries) = std::fs::read_dir(dest) {
                    for e in entries.flatten() {
                        let _ = std::fs::remove_dir_all(e.path()).or_else(|_| std::fs::remove_file(e.path()));
                    }
                }
            } else {
                let _ = std::fs::remove_dir_all(dest);
            }
        };
        let dest_text = dest.to_string_lossy().into_owned();
        if let Err(e) =
            g.with_config("core.autocrlf", "false").run_remote(&["clone", "-q", "--", &url, &dest_text])
        {
            cleanup();
            return Err(e.into());
        }
        let repo = Repo { git: git.in_dir(dest) };
        let check = || -> Result<(), SyncError> {
            if !dest.join(folder::HEADER).is_file() {
                let reason = if repo.git.run(&["rev-parse", "--verify", "-q", "HEAD"]).is_err() {
                    "the remote is empty: share a store into it first (stancebook share --remote URL)"
                } else {
                    "it holds no stancebook.ron at its top"
                };
                return Err(SyncError::NotAStore { what: url.clone(), reason: reason.into() });
            }
            crate::store::read(dest)?;
            repo.configure()
        };
        if let Err(e) = check() {
            cleanup();
            return Err(e);
        }
        repo.write_state(|s| s.last_synced = Some(Timestamp::now()));
        Ok(repo)
    }

    /// Writes what git needs in this repository: the merge driver (for
    /// anyone merging by hand), the attributes and ignores of a store folder,
    /// and byte-exact files.
    fn configure(&self) -> Result<(), SyncError> {
        let exe =
            std::env::current_exe().map(|p| p.display().to_string()).unwrap_or_else(|_| "stancebook".into());
        let g = &self.git;
        let config = std::fs::read_to_string(self.git_dir().join("config")).unwrap_or_default();
        if config.contains(&format!("'{exe}' merge-driver")) && self.dir().join(".gitattributes").exists() {
            return Ok(());
        }
        g.run(&["config", "merge.stancebook.name", "Stancebook: merge store files by statement id"])?;
        g.run(&["config", "merge.stancebook.driver", &format!("'{exe}' merge-driver %O %A %B %P")])?;
        g.run(&["config", "core.autocrlf", "false"])?;
        folder::ensure_git_files(self.dir()).map_err(SyncError::Store)?;
        Ok(())
    }

    /// The branch synced (the current one).
    pub fn branch(&self) -> Result<String, SyncError> {
        let b =
            self.git.run(&["symbolic-ref", "--short", "-q", "HEAD"]).map(|o| o.text()).unwrap_or_default();
        if b.is_empty() {
            return Err(SyncError::Blocked(
                "the store's repository is not on a branch (a detached HEAD, from git used by hand); \
                 check out its branch (git checkout main) and sync again"
                    .into(),
            ));
        }
        Ok(b)
    }

    fn head(&self) -> Option<String> {
        self.git.run(&["rev-parse", "--verify", "-q", "HEAD"]).ok().map(|o| o.text())
    }

    fn remote_head(&self, branch: &str) -> Option<String> {
        self.git
            .run(&["rev-parse", "--verify", "-q", &format!("refs/remotes/{REMOTE}/{branch}")])
            .ok()
            .map(|o| o.text())
    }

    /// The remote's address, if there is one.
    pub fn remote(&self) -> Option<String> {
        self.git.run(&["remote", "get-url", REMOTE]).ok().map(|o| o.text()).filter(|s| !s.is_empty())
    }

    fn git_dir(&self) -> PathBuf {
        self.dir().join(".git")
    }

    fn read_state(&self) -> State {
        std::fs::read(self.git_dir().join(STATE_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn write_state(&self, change: impl FnOnce(&mut State)) {
        let mut s = self.read_state();
        change(&mut s);
        if let Ok(bytes) = serde_json::to_vec_pretty(&s) {
            let _ = crate::store::write_atomic(&self.git_dir().join(STATE_FILE), &bytes);
        }
    }

    /// Where the store stands, without the network.
    pub fn status(&self) -> Status {
        let state = self.read_state();
        let branch = self.branch().unwrap_or_default();
        let (mut to_send, mut to_receive) = (0, 0);
        if let (Some(_), Some(_)) = (self.head(), self.remote_head(&branch)) {
            if let Ok(o) =
                self.git.run(&["rev-list", "--left-right", "--count", &format!("HEAD...{REMOTE}/{branch}")])
            {
                let t = o.text();
                let mut n = t.split_whitespace().map(|x| x.parse::<usize>().unwrap_or(0));
                to_send = n.next().unwrap_or(0);
                to_receive = n.next().unwrap_or(0);
            }
        } else if self.head().is_some() {
            to_send = self
                .git
                .run(&["rev-list", "--count", "HEAD"])
                .map(|o| o.text().parse().unwrap_or(0))
                .unwrap_or(0);
        }
        // Untrimmed: the first line's status may start with a space (" M file").
        let local_changes = self
            .git
            .run(&["status", "--porcelain", "--untracked-files=all", "--", "."])
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| is_store_path(l.get(3..).unwrap_or_default().trim_matches('"')))
            })
            .unwrap_or(false);
        Status {
            remote: self.remote(),
            branch,
            to_send,
            local_changes,
            to_receive,
            last_synced: state.last_synced,
            last_error: state.last_error,
        }
    }

    /// Checks the repository is fit to sync: git's lock (a stale one, from a
    /// git that was killed, is removed), no merge or rebase started by hand.
    fn preflight(&self, notes: &mut Vec<String>) -> Result<(), SyncError> {
        let gd = self.git_dir();
        let lock = gd.join("index.lock");
        if let Ok(meta) = std::fs::metadata(&lock) {
            let age = meta.modified().ok().and_then(|m| m.elapsed().ok()).unwrap_or_default();
            if age >= STALE_LOCK {
                std::fs::remove_file(&lock).map_err(|e| {
                    SyncError::Busy(format!(
                        "a stale git lock ({}) could not be removed: {e}",
                        lock.display()
                    ))
                })?;
                notes.push("removed a stale git lock left by an interrupted sync".into());
            } else {
                return Err(SyncError::Busy(format!(
                    "another git program is working in {}",
                    self.dir().display()
                )));
            }
        }
        for (f, what) in [
            ("MERGE_HEAD", "a git merge"),
            ("rebase-merge", "a git rebase"),
            ("rebase-apply", "a git rebase"),
            ("CHERRY_PICK_HEAD", "a git cherry-pick"),
        ] {
            if gd.join(f).exists() {
                return Err(SyncError::Blocked(format!(
                    "{what} was started in this store's repository outside Stancebook and is not finished; \
                     finish or abort it there (for a merge: git merge --abort), then sync again"
                )));
            }
        }
        Ok(())
    }

    /// The author of commits: the analyst, or git's own setting, or a
    /// placeholder git accepts (never the "tell me who you are" failure).
    fn author(&self, analyst: Option<&Analyst>) -> Git {
        // A signing key that wants a passphrase would prompt where nobody sees it.
        let mut g = self.git.clone().with_config("commit.gpgsign", "false");
        if let Some(a) = analyst {
            let email = a
                .email
                .clone()
                .unwrap_or_else(|| format!("{}@stancebook.invalid", crate::model::slugify(&a.name)));
            g = g.with_config("user.name", &a.name).with_config("user.email", &email);
        } else {
            if self.git.run(&["config", "user.name"]).is_err() {
                g = g.with_config("user.name", "Stancebook analyst");
            }
            if self.git.run(&["config", "user.email"]).is_err() {
                g = g.with_config("user.email", "analyst@stancebook.invalid");
            }
        }
        g
    }

    /// Stages the store's files as they are on disk (changed, new and
    /// deleted), and nothing else: a file someone dropped into the folder
    /// is not the store's and is never committed.
    fn stage(&self, g: &Git) -> Result<(), SyncError> {
        // Patterns, not a list of files: git matches one glob over thousands
        // of day files far faster than thousands of paths. A pattern that
        // matches nothing is an error to `git add`, hence the checks.
        let mut specs: Vec<&str> = [folder::HEADER, ".gitignore", ".gitattributes"]
            .into_iter()
            .filter(|f| self.dir().join(f).exists())
            .collect();
        let statements = ":(glob)statements/**/[!.]*.ron";
        let tracked = g.run(&["ls-files", "-z", "--", statements])?;
        if !tracked.stdout.is_empty()
            || !folder::store_files(self.dir()).map_err(SyncError::Store)?.is_empty()
        {
            specs.push(statements);
        }
        let mut args = vec!["add", "-A", "--"];
        args.extend(specs);
        g.run(&args)?;
        Ok(())
    }

    /// Commits the store's uncommitted changes as one commit, with a message
    /// saying what changed; the message, or `None` when nothing changed.
    pub fn commit_local(&self, analyst: Option<&Analyst>, first: &str) -> Result<Option<String>, SyncError> {
        let g = &self.git;
        self.stage(g)?;
        let head = self.head();
        if head.is_some() && g.run(&["diff", "--cached", "--quiet"]).is_ok() {
            return Ok(None);
        }
        let who = analyst.map(|a| format!(" — {}", a.name)).unwrap_or_default();
        let message = match &head {
            None => {
                let n = crate::store::read(self.dir()).map(|p| p.store.statements.len()).unwrap_or(0);
                format!("{first}: {}{who}", plural(n, "statement"))
            }
            Some(_) => format!("{}{who}", self.describe_staged()?),
        };
        self.author(analyst).run(&["commit", "-q", "--no-verify", "-m", &message])?;
        Ok(Some(message))
    }

    /// "3 statements added, 1 edited; actors, topics or events changed": the staged change, in words.
    fn describe_staged(&self) -> Result<String, SyncError> {
        let names = self.git.run(&["diff", "--cached", "--name-only", "--no-renames", "-z"])?;
        let files: Vec<String> = split_z(&names.stdout).into_iter().filter(|f| is_store_path(f)).collect();
        let before = self.read_parts("HEAD", &files)?;
        let after = self.read_parts("", &files)?;
        let old: BTreeMap<StatementId, &Statement> = before.statements.iter().map(|s| (s.id, s)).collect();
        let new: BTreeMap<StatementId, &Statement> = after.statements.iter().map(|s| (s.id, s)).collect();
        let added = new.keys().filter(|id| !old.contains_key(id)).count();
        let deleted = old.keys().filter(|id| !new.contains_key(id)).count();
        let edited = new.iter().filter(|(id, s)| old.get(id).is_some_and(|o| o != *s)).count();
        let mut parts = Vec::new();
        if added > 0 {
            parts.push(format!("{} added", plural(added, "statement")));
        }
        if edited > 0 {
            parts.push(if parts.is_empty() {
                format!("{} edited", plural(edited, "statement"))
            } else {
                format!("{edited} edited")
            });
        }
        if deleted > 0 {
            parts.push(if parts.is_empty() {
                format!("{} deleted", plural(deleted, "statement"))
            } else {
                format!("{deleted} deleted")
            });
        }
        let mut header = Vec::new();
        let (b, a) = (&before, &after);
        if b.actors != a.actors {
            header.push("actors");
        }
        if b.topics != a.topics {
            header.push("topics");
        }
        if b.events != a.events {
            header.push("events");
        }
        if b.briefings != a.briefings {
            header.push("briefings");
        }
        if b.conflicts != a.conflicts {
            header.push("conflicts");
        }
        if b.lexicon != a.lexicon {
            header.push("lexicon");
        }
        let mut line = parts.join(", ");
        if !header.is_empty() {
            if !line.is_empty() {
                line.push_str("; ");
            }
            line.push_str(&format!("{} changed", header.join(", ")));
        }
        if line.is_empty() {
            line = "Store files rewritten".into();
        }
        Ok(capitalise(&line))
    }

    /// The store files `files` at `rev` (`""`: the index) as one partial
    /// store: the header, if among them, and the statements of the others.
    /// A file missing at `rev` is empty.
    fn read_parts(&self, rev: &str, files: &[String]) -> Result<Store, SyncError> {
        let mut store = Store::default();
        if files.is_empty() {
            return Ok(store);
        }
        let blobs = self.cat_files(rev, files)?;
        for (rel, bytes) in files.iter().zip(blobs) {
            let Some(bytes) = bytes else { continue };
            let shown = PathBuf::from(format!("{}:{rel}", if rev.is_empty() { "index" } else { rev }));
            let part = if rel == folder::HEADER { Part::Header } else { Part::Statements };
            let p = folder::parse_part(&bytes, &shown, part, true).map_err(|e| match rev {
                "" | "HEAD" => SyncError::Store(e),
                _ => SyncError::NotAStore { what: "the shared store".into(), reason: e.to_string() },
            })?;
            match part {
                Part::Header => {
                    let statements = std::mem::take(&mut store.statements);
                    store = p;
                    store.statements = statements;
                }
                Part::Statements => store.statements.extend(p.statements),
            }
        }
        store.sort_statements();
        Ok(store)
    }

    /// The contents of `files` at `rev` (`""`: the index), `None` for a file not there.
    fn cat_files(&self, rev: &str, files: &[String]) -> Result<Vec<Option<Vec<u8>>>, SyncError> {
        let input: String = files.iter().map(|f| format!("{rev}:{f}\n")).collect();
        let out = self.git.run_input(&["cat-file", "--batch"], input.as_bytes())?;
        let mut rest = out.stdout.as_slice();
        let mut blobs = Vec::with_capacity(files.len());
        for _ in files {
            let nl = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let line = String::from_utf8_lossy(&rest[..nl]).into_owned();
            rest = rest.get(nl + 1..).unwrap_or_default();
            let fields: Vec<&str> = line.split(' ').collect();
            if fields.len() == 3 && fields[1] == "blob" {
                let size: usize = fields[2].parse().unwrap_or(0);
                let size = size.min(rest.len());
                blobs.push(Some(rest[..size].to_vec()));
                rest = rest.get(size + 1..).unwrap_or_default();
            } else {
                blobs.push(None);
            }
        }
        Ok(blobs)
    }

    /// The files changed between `from` (`None`: nothing) and `to`.
    fn changed(&self, from: Option<&str>, to: &str) -> Result<BTreeSet<String>, SyncError> {
        let out = match from {
            Some(f) => self.git.run(&["diff", "--name-only", "--no-renames", "-z", f, to])?,
            None => self.git.run(&["ls-tree", "-r", "--name-only", "-z", to])?,
        };
        Ok(split_z(&out.stdout).into_iter().collect())
    }

    /// Syncs: commit, fetch, merge, push (see the module docs).
    pub fn sync(&self, local: &mut dyn Local, opts: &Options) -> Result<Report, SyncError> {
        let result = self.sync_inner(local, opts);
        match &result {
            Ok(_) => self.write_state(|s| {
                s.last_synced = Some(Timestamp::now());
                s.last_error = None;
            }),
            Err(e) => self.write_state(|s| s.last_error = Some((e.kind().to_owned(), e.to_string()))),
        }
        result
    }

    fn sync_inner(&self, local: &mut dyn Local, opts: &Options) -> Result<Report, SyncError> {
        let mut report = Report::default();
        self.preflight(&mut report.notes)?;
        self.configure()?;
        let branch = self.branch()?;
        if self.remote().is_none() {
            return Err(SyncError::Blocked(format!(
                "{}: the store is shared but has no remote to sync with; give one: stancebook share --remote URL",
                self.dir().display()
            )));
        }
        let mut token = local.save()?;
        report.committed = self.commit_local(opts.analyst.as_ref(), "Shared the store")?;
        let mut pushes = 0;
        let mut rounds = 0;
        loop {
            rounds += 1;
            if rounds > 6 {
                return Err(SyncError::KeptChanging);
            }
            self.git.run_remote(&["fetch", "-q", "--no-tags", REMOTE])?;
            let head =
                self.head().ok_or_else(|| SyncError::Blocked("the repository has no commit".into()))?;
            let theirs = self.remote_head(&branch);
            if let Some(theirs) = theirs.as_deref().filter(|t| *t != head) {
                let base = self.git.run(&["merge-base", &head, theirs]).ok().map(|o| o.text());
                if base.as_deref() == Some(theirs) {
                    // Theirs is behind ours: nothing to receive.
                } else {
                    let received = self.count(&head, theirs);
                    match self.merge_in(base.as_deref(), &head, theirs, token, local, opts, &mut report)? {
                        Some(t) => {
                            token = t;
                            report.received += received;
                        }
                        None => {
                            // The store changed while we merged: commit that and start again.
                            token = local.save()?;
                            self.commit_local(opts.analyst.as_ref(), "Shared the store")?;
                            continue;
                        }
                    }
                }
            }
            let head = self.head().unwrap_or_default();
            let sending = match self.remote_head(&branch) {
                Some(t) if t == head => 0,
                Some(t) => self.count(&t, &head),
                None => self
                    .git
                    .run(&["rev-list", "--count", &head])
                    .map(|o| o.text().parse().unwrap_or(0))
                    .unwrap_or(0),
            };
            if sending == 0 {
                break;
            }
            match self.git.run_remote(&["push", "-q", REMOTE, &format!("HEAD:refs/heads/{branch}")]) {
                Ok(_) => {
                    report.sent += sending;
                    break;
                }
                Err(GitError::Rejected(_)) if pushes == 0 => {
                    pushes += 1;
                    report.retried = true;
                }
                Err(e) => return Err(e.into()),
            }
        }
        report.open_conflicts = self.open_conflicts();
        Ok(report)
    }

    /// Commits in `to` that are not in `from`.
    fn count(&self, from: &str, to: &str) -> usize {
        self.git
            .run(&["rev-list", "--count", &format!("{from}..{to}")])
            .map(|o| o.text().parse().unwrap_or(0))
            .unwrap_or(0)
    }

    fn open_conflicts(&self) -> usize {
        self.read_parts("HEAD", &[folder::HEADER.to_owned()])
            .map(|h| h.conflicts.iter().filter(|c| c.settled.needs_decision()).count())
            .unwrap_or(0)
    }

    /// Merges `theirs` into `head` (their common ancestor `base`, if any):
    /// the store's merge over the files either side changed, applied by the
    /// holder of the store, then committed. The new token, or `None` when
    /// the store changed meanwhile.
    #[allow(clippy::too_many_arguments)]
    fn merge_in(
        &self,
        base: Option<&str>,
        head: &str,
        theirs: &str,
        token: u64,
        local: &mut dyn Local,
        opts: &Options,
        report: &mut Report,
    ) -> Result<Option<u64>, SyncError> {
        let ours_changed = self.changed(base, head)?;
        let theirs_changed = self.changed(base, theirs)?;
        if self.git.run(&["cat-file", "-e", &format!("{theirs}:{}", folder::HEADER)]).is_err() {
            return Err(SyncError::NotAStore {
                what: self.remote().unwrap_or_else(|| REMOTE.into()),
                reason: "its history holds no stancebook.ron at its top".into(),
            });
        }
        let mut files: BTreeSet<String> =
            ours_changed.iter().chain(&theirs_changed).filter(|f| is_store_path(f)).cloned().collect();
        files.insert(folder::HEADER.to_owned());
        let list: Vec<String> = files.iter().cloned().collect();
        let b = match base {
            Some(b) => self.read_parts(b, &list)?,
            None => Store::default(),
        };
        let o = self.read_parts(head, &list)?;
        let t = self.read_parts(theirs, &list)?;
        if t.schema > crate::model::SCHEMA {
            return Err(SyncError::NotAStore {
                what: "the shared store".into(),
                reason: format!(
                    "a newer Stancebook wrote it (schema {}; this version reads up to {}); update Stancebook",
                    t.schema,
                    crate::model::SCHEMA
                ),
            });
        }
        let (mut merged, mr) = merge::merge3(&b, &o, &t);
        report.added += mr.added.len();
        report.updated += mr.updated.len();
        report.removed += mr.removed.len();
        let found = record_conflicts(&mr, opts);
        let known: BTreeSet<_> = merged.conflicts.iter().map(SetAside::key).collect();
        for c in found {
            if !known.contains(&c.key()) {
                report.new_conflicts += 1;
                merged.conflicts.push(c);
            }
        }
        merged.conflicts.sort_by_key(|c| (c.found_at, c.id));
        report.notes.extend(mr.notes.iter().cloned());
        let statement_files: BTreeSet<String> =
            files.iter().filter(|f| *f != folder::HEADER).cloned().collect();
        let update = Update {
            header: merged.clone_without_statements(),
            files: statement_files,
            replaced: o.statements.iter().map(|s| s.id).collect(),
            statements: std::mem::take(&mut merged.statements),
        };
        let Some(token) = local.apply(token, &update)? else { return Ok(None) };

        // Files outside the store: theirs where only theirs changed them.
        for f in theirs_changed.iter().filter(|f| !is_store_path(f) && !ours_changed.contains(*f)) {
            if self.git.run(&["cat-file", "-e", &format!("{theirs}:{f}")]).is_ok() {
                self.git.run(&["checkout", theirs, "--", f])?;
            } else {
                self.git.run(&["rm", "-q", "--cached", "--ignore-unmatch", "--", f])?;
                let _ = std::fs::remove_file(self.dir().join(f));
            }
        }
        for f in theirs_changed.iter().filter(|f| !is_store_path(f) && ours_changed.contains(*f)) {
            report.notes.push(format!("{f}: changed on both sides; kept ours"));
        }
        let g = self.author(opts.analyst.as_ref());
        if base == Some(head) {
            // A fast-forward: theirs, plus whatever our writing of it changed (nothing, normally).
            g.run(&["reset", "-q", "--soft", theirs])?;
            self.stage(&g)?;
            if g.run(&["diff", "--cached", "--quiet"]).is_err() {
                g.run(&["commit", "-q", "--no-verify", "-m", "Store files rewritten in canonical form"])?;
            }
        } else {
            self.stage(&g)?;
            let tree = g.run(&["write-tree"])?.text();
            let who = opts.analyst.as_ref().map(|a| format!(" — {}", a.name)).unwrap_or_default();
            let mut message = format!("Merged the shared store{who}");
            if report.new_conflicts > 0 {
                message.push_str(&format!(" ({} set aside)", plural(report.new_conflicts, "conflict")));
            }
            let commit = g.run(&["commit-tree", &tree, "-p", head, "-p", theirs, "-m", &message])?.text();
            g.run(&["update-ref", "-m", "stancebook sync: merge", "HEAD", &commit])?;
        }
        Ok(Some(token))
    }
}

/// The conflicts a merge found that go on the store's list: those time
/// cannot settle (equal or close times) and edits over deletions always;
/// those time settled when the analyst reviews every conflict.
fn record_conflicts(mr: &MergeReport, opts: &Options) -> Vec<SetAside> {
    let now = Timestamp::now();
    let margin = SETTLE_MARGIN.as_millis() as i64;
    let mut out = Vec::new();
    for c in &mr.conflicts {
        let gap = (c.kept.updated_at.millis() - c.set_aside.updated_at.millis()).abs();
        let settled = match c.resolution {
            Resolution::Unsettled => Settled::Open,
            _ if gap < margin => Settled::Open,
            _ => Settled::ByTime,
        };
        if settled == Settled::ByTime && !opts.review_all {
            continue;
        }
        out.push(SetAside {
            id: c.id,
            settled,
            version: Some(c.set_aside.clone()),
            kept_updated_at: c.kept.updated_at,
            fields: c.fields.iter().filter(|f| **f != "updated_at").map(|f| (*f).to_owned()).collect(),
            found_at: now,
            found_by: opts.analyst.clone(),
        });
    }
    for (id, kept) in &mr.kept_over_deletion {
        out.push(SetAside {
            id: *id,
            settled: Settled::EditOverDeletion,
            version: None,
            kept_updated_at: *kept,
            fields: Vec::new(),
            found_at: now,
            found_by: opts.analyst.clone(),
        });
    }
    out
}

fn split_z(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A remote given as a path is made absolute (a clone elsewhere must find it).
fn absolute_remote(url: &str) -> String {
    let looks_like_url =
        url.contains("://") || (url.contains(':') && !url.starts_with('/') && !url.starts_with('.'));
    if looks_like_url {
        return url.to_owned();
    }
    let p = Path::new(url);
    if p.is_absolute() {
        url.to_owned()
    } else {
        std::env::current_dir().map(|d| d.join(p).display().to_string()).unwrap_or_else(|_| url.to_owned())
    }
}

/// The command line's [`Local`]: a store folder opened for writing (its
/// lock held until dropped), of which only the header is read at first and
/// then only the files a merge changes: a sync costs what changed, not the
/// size of the store.
pub struct FolderLocal {
    file: crate::store::StoreFile,
    store: Store,
    token: u64,
}

impl FolderLocal {
    /// Opens the store folder at `dir` for writing.
    pub fn open(dir: &Path) -> Result<FolderLocal, StoreError> {
        let (file, parsed) = crate::store::StoreFile::open_folder_header(dir)?;
        Ok(FolderLocal { file, store: parsed.store, token: 0 })
    }
}

impl Local for FolderLocal {
    fn save(&mut self) -> Result<u64, StoreError> {
        Ok(self.token)
    }

    fn apply(&mut self, token: u64, update: &Update) -> Result<Option<u64>, StoreError> {
        if token != self.token {
            return Ok(None);
        }
        let more = self.file.read_folder_files(&update.files_to_read())?;
        if !more.is_empty() {
            self.store.statements.extend(more);
            self.store.sort_statements();
        }
        let next = update.apply_to(&self.store);
        self.file.save(&next)?;
        self.store = next;
        self.token += 1;
        Ok(Some(self.token))
    }
}

/// Which version an analyst keeps when deciding a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The version the store holds (the record is dismissed).
    Stored,
    /// The version set aside (or, for a deletion set aside, the deletion).
    SetAside,
}

/// Decides the conflict `key` of `store`: the record leaves the list and,
/// keeping the set-aside version, that version becomes the statement's (as
/// a new edit by `analyst`, so it wins everywhere it syncs). An error names
/// what is missing.
pub fn resolve(
    store: &mut Store,
    key: (StatementId, i64, i64),
    keep: Keep,
    analyst: Option<&Analyst>,
) -> Result<(), String> {
    let i = store
        .conflicts
        .iter()
        .position(|c| c.key() == key)
        .ok_or_else(|| format!("no conflict on statement {} with those versions", key.0))?;
    let record = store.conflicts.remove(i);
    if keep == Keep::Stored {
        return Ok(());
    }
    match record.version {
        Some(mut v) => {
            v.updated_at = Timestamp::now().max(v.updated_at);
            if let Some(kept) = store.statement(record.id) {
                // Strictly later than the kept version, whatever the clocks say.
                if v.updated_at <= kept.updated_at {
                    v.updated_at =
                        Timestamp::from_millis(kept.updated_at.millis() + 1).unwrap_or(v.updated_at);
                }
            }
            if analyst.is_some() {
                v.changed_by = analyst.cloned();
            }
            store.remove_statement(record.id);
            store.insert_statement(v);
        }
        None => {
            store.remove_statement(record.id);
        }
    }
    Ok(())
}
