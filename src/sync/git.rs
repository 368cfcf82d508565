//! The system's `git`, run the way desktop Git clients run it: never
//! interactive (no prompt can hang behind a spinner: git is told not to ask,
//! ssh runs in batch mode, and every call has a deadline), in the C locale
//! so its messages can be read, and with its failures sorted into what an
//! analyst can act on: git missing, offline, sign-in needed, not a store.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The oldest git Stancebook runs (`git init -b`, `--no-renames` in every
/// diff, `merge-base`, `commit-tree`, `cat-file --batch`).
pub const MIN_VERSION: (u32, u32) = (2, 28);

/// How long a call that talks to the remote may take before it is stopped.
pub const NETWORK_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a local call may take.
pub const LOCAL_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a git call failed, in the terms an analyst acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GitError {
    /// `git` is not installed (or not on the PATH), or too old.
    Missing(String),
    /// The remote could not be reached: no network, host unknown, refused.
    Offline(String),
    /// The remote wants a sign-in that is not set up (or was refused).
    SignIn(String),
    /// The remote does not exist or is not a repository.
    NoRemote(String),
    /// The remote moved since the last fetch: a push was refused as not a fast-forward.
    Rejected(String),
    /// The call took longer than its deadline and was stopped.
    TimedOut { what: String, after: Duration },
    /// Anything else git refused, with its message.
    Failed { what: String, message: String },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Missing(m) => write!(f, "git is needed to share a store: {m}"),
            GitError::Offline(m) => write!(f, "offline: the shared store could not be reached ({m})"),
            GitError::SignIn(m) => write!(
                f,
                "sign-in needed: the shared store refused or asked for a sign-in ({m}); set up your \
                 credentials for git (an SSH key or the system's credential helper) and sync again"
            ),
            GitError::NoRemote(m) => write!(f, "no shared store there: {m}"),
            GitError::Rejected(m) => write!(f, "the shared store moved meanwhile: {m}"),
            GitError::TimedOut { what, after } => write!(
                f,
                "`git {what}` gave no answer in {} s and was stopped: the remote may be unreachable, \
                 or it waits for a sign-in git cannot ask for here",
                after.as_secs()
            ),
            GitError::Failed { what, message } => write!(f, "`git {what}` failed: {message}"),
        }
    }
}

impl std::error::Error for GitError {}

/// What a successful call gave.
#[derive(Debug)]
pub struct Out {
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error (git's progress and notes).
    pub stderr: String,
}

impl Out {
    /// Standard output as text, trimmed.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).trim().to_owned()
    }
}

/// A way to run git in one folder.
#[derive(Clone, Debug)]
pub struct Git {
    dir: PathBuf,
    env: Vec<(String, String)>,
    /// Configuration given on every call (`-c key=value`).
    config: Vec<(String, String)>,
    network_timeout: Duration,
}

impl Git {
    /// Git in `dir`.
    pub fn new(dir: &Path) -> Git {
        let network_timeout = std::env::var("STANCEBOOK_GIT_TIMEOUT")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .map_or(NETWORK_TIMEOUT, Duration::from_secs);
        Git { dir: dir.to_owned(), env: Vec::new(), config: Vec::new(), network_timeout }
    }

    /// The folder git runs in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The same git in another folder.
    pub fn in_dir(&self, dir: &Path) -> Git {
        Git { dir: dir.to_owned(), ..self.clone() }
    }

    /// Sets an environment variable for every call (tests give git a home of its own).
    pub fn with_env(mut self, key: &str, value: &str) -> Git {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Sets a configuration value for every call.
    pub fn with_config(mut self, key: &str, value: &str) -> Git {
        self.config.retain(|(k, _)| k != key);
        self.config.push((key.to_owned(), value.to_owned()));
        self
    }

    /// How long a call to the remote may take.
    pub fn with_network_timeout(mut self, t: Duration) -> Git {
        self.network_timeout = t;
        self
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        c.current_dir(&self.dir);
        for (k, v) in &self.config {
            c.arg("-c").arg(format!("{k}={v}"));
        }
        c.args(args)
            // Never a prompt: git says "terminal prompts disabled" instead of waiting.
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GCM_INTERACTIVE", "never")
            .env("GIT_ASKPASS", "")
            .env("SSH_ASKPASS", "")
            .env("LC_ALL", "C")
            .env("LANG", "C")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE");
        if std::env::var_os("GIT_SSH_COMMAND").is_none() {
            // Batch mode: a key that needs a passphrase fails at once rather than asking.
            c.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=20");
        }
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// Runs a local command (no network).
    pub fn run(&self, args: &[&str]) -> Result<Out, GitError> {
        self.run_with(args, None, LOCAL_TIMEOUT)
    }

    /// Runs a command that talks to the remote (its deadline is the network's).
    pub fn run_remote(&self, args: &[&str]) -> Result<Out, GitError> {
        self.run_with(args, None, self.network_timeout)
    }

    /// Runs a local command with `input` on its standard input.
    pub fn run_input(&self, args: &[&str], input: &[u8]) -> Result<Out, GitError> {
        self.run_with(args, Some(input), LOCAL_TIMEOUT)
    }

    fn run_with(&self, args: &[&str], input: Option<&[u8]>, timeout: Duration) -> Result<Out, GitError> {
        let what = args.first().copied().unwrap_or_default().to_owned();
        let mut child = self
            .command(args)
            .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => {
                    GitError::Missing("no `git` command was found; install git 2.28 or later".into())
                }
                _ => GitError::Failed { what: what.clone(), message: e.to_string() },
            })?;
        // Output is read on threads so that a chatty git never blocks on a full pipe.
        let writer = input.map(|bytes| {
            let mut stdin = child.stdin.take().expect("stdin is piped");
            let bytes = bytes.to_vec();
            std::thread::spawn(move || {
                let _ = stdin.write_all(&bytes);
            })
        });
        // Output is read on threads, so that a chatty git never blocks on a
        // full pipe; both pipes closing means git is done (or stuck on
        // nothing): no polling, and a deadline that stops a hung call.
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let mut out_pipe = child.stdout.take().expect("stdout is piped");
        let mut err_pipe = child.stderr.take().expect("stderr is piped");
        let tx = done_tx.clone();
        let out_thread = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = out_pipe.read_to_end(&mut v);
            let _ = tx.send(());
            v
        });
        let err_thread = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = err_pipe.read_to_end(&mut v);
            let _ = done_tx.send(());
            v
        });
        let started = Instant::now();
        for _ in 0..2 {
            let left = timeout.saturating_sub(started.elapsed());
            if done_rx.recv_timeout(left).is_err() {
                let _ = child.kill();
                let _ = child.wait();
                return Err(GitError::TimedOut { what, after: timeout });
            }
        }
        if std::env::var_os("STANCEBOOK_TRACE_GIT").is_some() {
            eprintln!("git {:?}: {} ms", args, started.elapsed().as_millis());
        }
        let status = match child.wait() {
            Ok(s) => s,
            Err(e) => return Err(GitError::Failed { what, message: e.to_string() }),
        };
        if let Some(w) = writer {
            let _ = w.join();
        }
        let stdout = out_thread.join().unwrap_or_default();
        let stderr = String::from_utf8_lossy(&err_thread.join().unwrap_or_default()).into_owned();
        if status.success() {
            Ok(Out { stdout, stderr })
        } else {
            Err(classify(&what, &stderr, &String::from_utf8_lossy(&stdout)))
        }
    }

    /// The installed git's version, checked against [`MIN_VERSION`].
    pub fn version(&self) -> Result<(u32, u32), GitError> {
        let out = self.run(&["--version"])?.text();
        let v = parse_version(&out)
            .ok_or_else(|| GitError::Missing(format!("could not read the version of git from “{out}”")))?;
        if v < MIN_VERSION {
            return Err(GitError::Missing(format!(
                "git {}.{} is installed; Stancebook needs {}.{} or later",
                v.0, v.1, MIN_VERSION.0, MIN_VERSION.1
            )));
        }
        Ok(v)
    }
}

/// `git version 2.39.5` → (2, 39).
pub fn parse_version(text: &str) -> Option<(u32, u32)> {
    let v = text.split_whitespace().find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))?;
    let mut parts = v.split('.');
    Some((
        parts.next()?.parse().ok()?,
        parts.next()?.trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok()?,
    ))
}

/// Sorts a failed call's message into what the analyst can act on.
fn classify(what: &str, stderr: &str, stdout: &str) -> GitError {
    let text = format!("{stderr}\n{stdout}");
    let lower = text.to_lowercase();
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("hint:"))
        .unwrap_or("no message")
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ")
        .to_owned();
    let any = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if any(&["[rejected]", "non-fast-forward", "(fetch first)"]) {
        return GitError::Rejected(first);
    }
    if any(&[
        "terminal prompts disabled",
        "authentication failed",
        "permission denied",
        "could not read username",
        "could not read password",
        "invalid username or password",
        "host key verification failed",
        "403",
        "401",
    ]) {
        GitError::SignIn(first)
    } else if any(&[
        "could not resolve host",
        "could not resolve hostname",
        "connection refused",
        "network is unreachable",
        "connection timed out",
        "operation timed out",
        "no route to host",
        "failed to connect",
        "temporary failure in name resolution",
        "couldn't connect to server",
    ]) {
        GitError::Offline(first)
    } else if any(&[
        "does not appear to be a git repository",
        "repository not found",
        "not found",
        "does not exist",
    ]) {
        GitError::NoRemote(first)
    } else {
        GitError::Failed { what: what.to_owned(), message: first }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_read_and_failures_sort_into_what_an_analyst_can_do() {
        assert_eq!(parse_version("git version 2.39.5"), Some((2, 39)));
        assert_eq!(parse_version("git version 2.45.1.windows.1"), Some((2, 45)));
        assert_eq!(parse_version("git version 2.28.0-rc1"), Some((2, 28)));
        assert_eq!(parse_version("nonsense"), None);
        let c = |e: &str| classify("fetch", e, "");
        assert!(matches!(
            c("fatal: could not read Username for 'https://h': terminal prompts disabled"),
            GitError::SignIn(_)
        ));
        assert!(matches!(
            c("git@h: Permission denied (publickey).\nfatal: Could not read from remote"),
            GitError::SignIn(_)
        ));
        assert!(matches!(
            c("ssh: Could not resolve hostname h: Name or service not known"),
            GitError::Offline(_)
        ));
        assert!(matches!(
            c("fatal: unable to access 'https://h/': Failed to connect to h port 443"),
            GitError::Offline(_)
        ));
        assert!(matches!(c("fatal: '/x' does not appear to be a git repository"), GitError::NoRemote(_)));
        match c("hint: something\nfatal: bad object HEAD") {
            GitError::Failed { message, .. } => assert_eq!(message, "bad object HEAD"),
            other => panic!("{other:?}"),
        }
    }
}
