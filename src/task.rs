//! Background work, one way: a [`Task`] runs a closure on its own thread,
//! and whoever started it polls it (the app once a frame), cancels it, or
//! reads its progress. Opening and saving a store, imports, exports,
//! previews, ingest and search all run as tasks, so no frame ever waits on
//! the disk or on a long computation.
//!
//! ```
//! use stancebook::task::{Poll, Task};
//!
//! let mut task = Task::spawn("add", None, |_ctx| 2 + 2);
//! let answer = loop {
//!     match task.poll() {
//!         Poll::Ready(v) => break v,
//!         Poll::Pending => std::thread::yield_now(),
//!         Poll::Lost => unreachable!("the closure does not panic"),
//!     }
//! };
//! assert_eq!(answer, 4);
//! ```

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

/// Called when a task finishes or reports progress: the app passes one that
/// asks egui for a repaint, so the result is picked up at once.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// How far a task has got.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// From 0 to 1, when it can tell.
    pub fraction: Option<f32>,
    /// What it is doing, in a few words ("Reading store.ron…").
    pub what: String,
}

/// What a task's closure gets: a way to see it was cancelled and to report progress.
pub struct TaskContext {
    cancelled: Arc<AtomicBool>,
    progress: Arc<Mutex<Option<Progress>>>,
    waker: Option<Waker>,
}

impl TaskContext {
    /// Whether the task was cancelled; long work checks now and then and stops early.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Reports progress (shown in the status bar).
    pub fn progress(&self, fraction: Option<f32>, what: impl Into<String>) {
        if let Ok(mut p) = self.progress.lock() {
            *p = Some(Progress { fraction, what: what.into() });
        }
        if let Some(w) = &self.waker {
            w();
        }
    }
}

/// The state of a task when polled.
#[derive(Debug, PartialEq)]
pub enum Poll<T> {
    /// Still running.
    Pending,
    /// Finished with this value (given once).
    Ready(T),
    /// Its thread died without a value (a panic): the caller says so and goes on.
    Lost,
}

/// Work running on a background thread.
pub struct Task<T> {
    label: String,
    rx: Receiver<T>,
    cancelled: Arc<AtomicBool>,
    progress: Arc<Mutex<Option<Progress>>>,
    done: bool,
}

impl<T: Send + 'static> Task<T> {
    /// Starts `work` on a new thread named after `label`; `waker` is called
    /// when it finishes.
    pub fn spawn(
        label: impl Into<String>,
        waker: Option<Waker>,
        work: impl FnOnce(&TaskContext) -> T + Send + 'static,
    ) -> Task<T> {
        let label = label.into();
        let (tx, rx) = mpsc::channel();
        let cancelled = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(Mutex::new(None));
        let ctx = TaskContext { cancelled: cancelled.clone(), progress: progress.clone(), waker };
        let spawned = std::thread::Builder::new().name(format!("stancebook: {label}")).spawn(move || {
            let value = work(&ctx);
            let _ = tx.send(value);
            if let Some(w) = &ctx.waker {
                w();
            }
        });
        // A thread that cannot start leaves the channel closed: the task reads as lost.
        drop(spawned);
        Task { label, rx, cancelled, progress, done: false }
    }
}

impl<T> Task<T> {
    /// Whether it has finished, and with what. [`Poll::Ready`] is returned once;
    /// after that the task reads as [`Poll::Lost`].
    pub fn poll(&mut self) -> Poll<T> {
        if self.done {
            return Poll::Lost;
        }
        match self.rx.try_recv() {
            Ok(v) => {
                self.done = true;
                Poll::Ready(v)
            }
            Err(TryRecvError::Empty) => Poll::Pending,
            Err(TryRecvError::Disconnected) => {
                self.done = true;
                Poll::Lost
            }
        }
    }

    /// Waits for it to finish (on exit, and in tests).
    pub fn wait(&mut self) -> Option<T> {
        if self.done {
            return None;
        }
        self.done = true;
        self.rx.recv().ok()
    }

    /// Asks it to stop; its closure sees [`TaskContext::is_cancelled`]. Its
    /// value, if it still sends one, is for the caller to ignore.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Task::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Its latest progress report.
    pub fn progress(&self) -> Option<Progress> {
        self.progress.lock().ok().and_then(|p| p.clone())
    }

    /// What it does, as given to [`Task::spawn`].
    pub fn label(&self) -> &str {
        &self.label
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::{Duration, Instant};

    fn wait<T>(t: &mut Task<T>) -> Poll<T> {
        let start = Instant::now();
        loop {
            match t.poll() {
                Poll::Pending if start.elapsed() < Duration::from_secs(10) => {
                    std::thread::sleep(Duration::from_millis(1))
                }
                other => return other,
            }
        }
    }

    #[test]
    fn a_task_gives_its_value_once_and_wakes_its_owner() {
        let woken = Arc::new(AtomicUsize::new(0));
        let w = woken.clone();
        let mut t =
            Task::spawn("sum", Some(Arc::new(move || _ = w.fetch_add(1, Ordering::SeqCst))), |_| 40 + 2);
        assert_eq!(wait(&mut t), Poll::Ready(42));
        assert_eq!(t.poll(), Poll::Lost, "only once");
        assert!(woken.load(Ordering::SeqCst) >= 1);
    }

    #[test]
    fn a_cancelled_task_stops_early_and_reports_progress_meanwhile() {
        let mut t = Task::spawn("loop", None, |ctx| {
            let mut n = 0u64;
            while !ctx.is_cancelled() {
                n += 1;
                ctx.progress(None, format!("{n} rounds"));
                std::thread::sleep(Duration::from_millis(1));
            }
            n
        });
        let start = Instant::now();
        while t.progress().is_none() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(t.progress().unwrap().what.ends_with("rounds"));
        t.cancel();
        assert!(matches!(wait(&mut t), Poll::Ready(n) if n >= 1));
    }

    #[test]
    fn a_panicking_task_is_lost_not_hung() {
        let mut t: Task<u8> = Task::spawn("boom", None, |_| panic!("deliberately"));
        assert_eq!(wait(&mut t), Poll::Lost);
    }
}
