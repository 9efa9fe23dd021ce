//! The per-run pipeline behind `wandb._core.Stream`.
//!
//! The calling thread only runs the cheap step/commit state machine ([`rowstate`]) on
//! owned values and pushes messages into a bounded queue; one writer thread
//! ([`worker`]) runs the [`handler`] (runtime, `_step`, flattening, summary, metrics),
//! numbers, encodes and frames the records. A full queue blocks the caller (never drops).

mod encode;
pub mod handler;
pub mod metrics;
pub mod rowstate;
pub mod summary;
mod worker;

use std::fs::OpenOptions;
use std::io::BufWriter;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crossbeam_channel::{bounded, RecvTimeoutError, Sender, TrySendError};

use self::handler::{Handler, TimedRow};
use self::rowstate::{Row, RowState};
use self::worker::{Msg, Shared, Worker};
use crate::error::{CoreError, CoreResult};
use crate::json::Value;
use crate::proto::{Record, RecordType};
use crate::txlog::Writer;

/// Options of [`Stream::create`].
#[derive(Clone, Debug)]
pub struct StreamOptions {
    /// Run start, unix seconds (for `_runtime`).
    pub run_start: f64,
    /// The first history step.
    pub starting_step: i64,
    /// Queue bound (messages).
    pub queue_capacity: usize,
    /// Longest time written records stay in the process buffer.
    pub flush_interval_ms: u64,
    /// fsync period; 0 = only at finish.
    pub fsync_interval_ms: u64,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            run_start: now(),
            starting_step: 0,
            queue_capacity: 8192,
            flush_interval_ms: 100,
            fsync_interval_ms: 0,
        }
    }
}

/// Callbacks into the embedding runtime (the binding releases the GIL in `blocking`).
pub trait Hooks: Send + Sync {
    /// Run `f`, which may block (full queue, barrier wait, lock wait).
    fn blocking(&self, f: &mut (dyn FnMut() + Send)) {
        f()
    }
    /// Called once per stream, the first time the queue is full.
    fn on_backpressure(&self) {}
}

/// Hooks that do nothing special (pure Rust use and tests).
pub struct NoHooks;
impl Hooks for NoHooks {}

/// Current wall-clock time, unix seconds.
pub fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

/// Queue `msg` on a full queue: wait until the writer has drained the queue to half its
/// capacity, then send. Waiting with hysteresis (instead of a blocking `send` that takes each
/// freed slot) keeps the writer from waking the caller once per record when it is the
/// bottleneck. Returns false when the writer is gone.
fn send_after_drain(tx: &Sender<Msg>, worker: &Mutex<Option<JoinHandle<()>>>, msg: Msg) -> bool {
    let low = tx.capacity().unwrap_or(1) / 2;
    let mut nap = Duration::from_micros(20);
    let mut msg = msg;
    loop {
        if tx.len() <= low {
            match tx.try_send(msg) {
                Ok(()) => return true,
                Err(TrySendError::Disconnected(_)) => return false,
                Err(TrySendError::Full(m)) => msg = m,
            }
        }
        // A writer that stopped (or is being joined) no longer drains: block on the channel,
        // which fails once it is disconnected.
        let alive = match worker.try_lock() {
            Ok(h) => h.as_ref().is_some_and(|h| !h.is_finished()),
            Err(_) => false,
        };
        if !alive {
            return tx.send(msg).is_ok();
        }
        std::thread::sleep(nap);
        nap = (nap * 2).min(Duration::from_micros(500));
    }
}

/// The handle of one run's writer pipeline.
pub struct Stream {
    tx: Sender<Msg>,
    state: Mutex<RowState>,
    step: AtomicI64,
    dropped: AtomicU64,
    rows: AtomicU64,
    backpressured: AtomicBool,
    finished: AtomicBool,
    worker: Mutex<Option<JoinHandle<()>>>,
    worker_thread: std::thread::Thread,
    final_summary: Mutex<Option<String>>,
    shared: Arc<Shared>,
    hooks: Box<dyn Hooks>,
}

impl Stream {
    /// Create `path` (fails if it exists), write the header and start the writer thread.
    pub fn create(path: impl AsRef<Path>, opts: StreamOptions, hooks: Box<dyn Hooks>) -> CoreResult<Stream> {
        // O_EXCL: never append to (or clobber) another run's log.
        let file = OpenOptions::new().write(true).create_new(true).open(path)?;
        let mut writer = Writer::new(BufWriter::with_capacity(256 * 1024, file))?;
        writer.flush()?;
        let shared = Arc::new(Shared::default());
        let (tx, rx) = bounded(opts.queue_capacity.max(1));
        let w = Worker::new(
            writer,
            Handler::new(opts.run_start),
            shared.clone(),
            opts.flush_interval_ms,
            opts.fsync_interval_ms,
        );
        let handle = std::thread::Builder::new().name("vireo-writer".into()).spawn(move || w.run(rx))?;
        Ok(Stream {
            tx,
            state: Mutex::new(RowState::new(opts.starting_step)),
            step: AtomicI64::new(opts.starting_step),
            dropped: AtomicU64::new(0),
            rows: AtomicU64::new(0),
            backpressured: AtomicBool::new(false),
            finished: AtomicBool::new(false),
            worker_thread: handle.thread().clone(),
            final_summary: Mutex::new(None),
            worker: Mutex::new(Some(handle)),
            shared,
            hooks,
        })
    }

    fn closed() -> CoreError {
        CoreError::Closed("the stream is finished".into())
    }

    fn lock_state(&self) -> MutexGuard<'_, RowState> {
        loop {
            match self.state.try_lock() {
                Ok(g) => return g,
                Err(TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(TryLockError::WouldBlock) => {
                    let m = &self.state;
                    self.hooks.blocking(&mut || drop(m.lock()));
                }
            }
        }
    }

    fn send(&self, msg: Msg) -> CoreResult<()> {
        match self.tx.try_send(msg) {
            Ok(()) => Ok(()),
            Err(TrySendError::Disconnected(_)) => Err(Self::closed()),
            Err(TrySendError::Full(msg)) => {
                if !self.backpressured.swap(true, Ordering::Relaxed) {
                    self.hooks.on_backpressure();
                }
                let mut msg = Some(msg);
                let mut ok = false;
                let (tx, worker) = (&self.tx, &self.worker);
                self.hooks.blocking(&mut || {
                    if let Some(m) = msg.take() {
                        ok = send_after_drain(tx, worker, m);
                    }
                });
                if ok {
                    Ok(())
                } else {
                    Err(Self::closed())
                }
            }
        }
    }

    fn check_open(&self) -> CoreResult<()> {
        if self.finished.load(Ordering::Acquire) {
            Err(Self::closed())
        } else {
            Ok(())
        }
    }

    /// Queue a client-built record (`control.local` records are not written).
    pub fn write(&self, record: Record) -> CoreResult<()> {
        self.check_open()?;
        self.send(Msg::Record(Box::new(record)))
    }

    /// The step a `log` call with this `step` would write into (-1 = dropped). Lock-free.
    pub fn target_step(&self, step: Option<i64>) -> i64 {
        let cur = self.step.load(Ordering::Relaxed);
        match step {
            Some(s) if s < cur => -1,
            Some(s) => s,
            None => cur,
        }
    }

    fn send_rows(&self, rows: Vec<Row>) -> CoreResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let t = now();
        for row in rows {
            self.send(Msg::Row(TimedRow { row, commit_time: t }))?;
        }
        Ok(())
    }

    /// `run.log` semantics (see `docs/dev/core-api.md`). Returns the row's step or -1.
    pub fn log(&self, data: Vec<(String, Value)>, step: Option<i64>, commit: Option<bool>) -> CoreResult<i64> {
        self.check_open()?;
        let mut st = self.lock_state();
        let mut rows = Vec::new();
        let at = st.log(data, step, commit, &mut rows);
        self.step.store(st.step, Ordering::Relaxed);
        self.dropped.store(st.dropped, Ordering::Relaxed);
        self.rows.store(st.rows, Ordering::Relaxed);
        self.send_rows(rows)?;
        drop(st);
        Ok(at)
    }

    /// The step the next logged data goes to.
    pub fn step(&self) -> i64 {
        self.step.load(Ordering::Relaxed)
    }

    /// Log calls dropped for a backward step.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Rows committed so far.
    pub fn history_rows(&self) -> u64 {
        self.rows.load(Ordering::Relaxed)
    }

    /// Queue a `metric` record (a Record holding `metric`) and register it.
    pub fn define_metric(&self, record: Record) -> CoreResult<()> {
        self.check_open()?;
        if !matches!(record.record_type, Some(RecordType::Metric(_))) {
            return Err(CoreError::Json("define_metric needs a metric record".into()));
        }
        self.send(Msg::DefineMetric(Box::new(record)))
    }

    /// Explicit summary writes (paths with Python-encoded JSON values) and removals.
    pub fn summary_update(&self, update: Vec<(Vec<String>, String)>, remove: Vec<Vec<String>>) -> CoreResult<()> {
        self.check_open()?;
        if update.iter().any(|(p, _)| p.is_empty()) || remove.iter().any(|p| p.is_empty()) {
            return Err(CoreError::Json("summary paths must not be empty".into()));
        }
        self.send(Msg::SummaryUpdate(update, remove))
    }

    fn wait<T: Send>(&self, rx: crossbeam_channel::Receiver<T>, timeout: Option<Duration>) -> CoreResult<T> {
        let mut res: Option<Result<T, RecvTimeoutError>> = None;
        self.hooks.blocking(&mut || {
            res = Some(match timeout {
                Some(t) => rx.recv_timeout(t),
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            })
        });
        match res {
            Some(Ok(v)) => Ok(v),
            Some(Err(RecvTimeoutError::Timeout)) => {
                Err(CoreError::Timeout("timed out waiting for the writer thread".into()))
            }
            _ => Err(self.shared.error().map(CoreError::Io).unwrap_or_else(Self::closed)),
        }
    }

    fn io_result(&self, r: Result<(), String>) -> CoreResult<()> {
        r.map_err(|m| CoreError::Io(self.shared.error().unwrap_or_else(|| std::io::Error::other(m))))
    }

    /// Barrier: returns once everything queued before it is written to the OS.
    pub fn flush(&self) -> CoreResult<()> {
        if self.finished.load(Ordering::Acquire) {
            return Ok(());
        }
        let (tx, rx) = bounded(1);
        self.send(Msg::Flush(tx))?;
        self.worker_thread.unpark();
        let r = self.wait(rx, None)?;
        self.io_result(r)
    }

    /// The nested summary JSON, reflecting everything queued before the call (after
    /// `finish()`, the final summary).
    pub fn summary(&self) -> CoreResult<String> {
        if self.finished.load(Ordering::Acquire) {
            let last = self.final_summary.lock().unwrap_or_else(|p| p.into_inner()).clone();
            return last.ok_or_else(Self::closed);
        }
        let (tx, rx) = bounded(1);
        self.send(Msg::Summary(tx))?;
        self.worker_thread.unpark();
        self.wait(rx, None)
    }

    /// Commit the pending row, write the closing records, fsync and stop. Idempotent.
    pub fn finish(&self, exit_code: i32, timeout: Option<Duration>) -> CoreResult<()> {
        let st = self.lock_state();
        if self.finished.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        let mut st = st;
        let mut rows = Vec::new();
        st.finish(&mut rows);
        self.rows.store(st.rows, Ordering::Relaxed);
        self.send_rows(rows)?;
        let (tx, rx) = bounded(1);
        self.send(Msg::Finish { exit_code, now: now(), reply: tx })?;
        self.worker_thread.unpark();
        drop(st);
        let (r, summary) = self.wait(rx, timeout)?;
        *self.final_summary.lock().unwrap_or_else(|p| p.into_inner()) = Some(summary);
        let handle = self.worker.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = handle {
            let mut h = Some(h);
            self.hooks.blocking(&mut || {
                if let Some(h) = h.take() {
                    let _ = h.join();
                }
            });
        }
        self.io_result(r)
    }

    /// Forget the stream without writing anything (a forked child must not touch the
    /// parent's writer thread).
    pub fn abandon(&self) {
        self.finished.store(true, Ordering::Release);
        if let Some(h) = self.worker.lock().unwrap_or_else(|p| p.into_inner()).take() {
            std::mem::forget(h);
        }
    }

    /// True once finish() or abandon() was called.
    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests;
