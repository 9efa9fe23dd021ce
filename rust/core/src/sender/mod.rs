//! The online sender: streams a run's transaction log to a W&B-protocol server.
//!
//! The sender thread tails the log file that the writer thread appends (the file is the
//! source of truth, so the sender never slows the log path and, when it falls behind or
//! the server is away, simply catches up from the file). It folds new records into
//! [`state::StreamState`] every [`TICK`] and POSTs `file_stream` requests every `interval`,
//! or at once when [`EAGER_LINES`] are pending. Requests are strictly ordered (one in
//! flight, at most [`state::MAX_REQUEST_LINES`] lines per file); while one is in flight
//! the log is read on and the next body is built. Failed requests are retried with backoff and the same offsets until
//! acknowledged. At finish it reads the log to its end, uploads the run files
//! (`CreateRunFiles` + PUT) and sends the final request with `complete` and `exitcode`.
//! `wandb sync` runs the same code over a finished (or crashed) log: [`sync_log`].

pub mod console;
pub mod http;
pub mod state;
pub mod tail;
pub mod upload;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{bounded, Receiver, RecvTimeoutError, Sender};

use self::http::{with_retries, Backoff, Client};
use self::state::StreamState;
use self::tail::Tail;
use crate::error::CoreResult;
use crate::proto::Record;

/// Log bytes folded into the state per read.
pub const READ_BUDGET: u64 = 16 * 1024 * 1024;
/// While more lines than this wait for the server, the sender stops reading the log.
pub const MAX_PENDING_LINES: usize = 200_000;

/// With at least this many lines pending, the sender posts at once instead of waiting
/// for the interval. Measured on 2 cores: posting at 2,000 lines took CPU from `run.log`
/// (online throughput 84% of offline) and saved only 0.1-0.2 s of `finish` after a burst,
/// so it is reserved for very large backlogs; rows still reach the server every interval.
pub const EAGER_LINES: usize = 50_000;
/// How often the sender looks at the log between intervals.
pub const TICK: Duration = Duration::from_millis(50);

/// Files uploaded at the end when present in the files directory.
pub const RUN_FILES: [&str; 5] =
    ["wandb-metadata.json", "requirements.txt", "config.yaml", "wandb-summary.json", "output.log"];

/// Where and how to send.
#[derive(Clone, Debug)]
pub struct SenderConfig {
    /// Server base URL (`http://host:port`).
    pub base_url: String,
    /// API key (basic auth `api:<key>`).
    pub api_key: String,
    /// Entity, project and run id as the server named them (from UpsertBucket).
    pub entity: String,
    /// Project name.
    pub project: String,
    /// Run id.
    pub run_id: String,
    /// The run's files directory (uploads, and where `wandb-summary.json` is written).
    pub files_dir: Option<PathBuf>,
    /// Time between file_stream requests.
    pub interval: Duration,
    /// First history line offset (a resumed run continues at the server's line count).
    pub history_offset: u64,
    /// First events line offset.
    pub events_offset: u64,
    /// Retry backoff.
    pub backoff: Backoff,
    /// Per-request timeout.
    pub http_timeout: Duration,
    /// Extra headers on every authenticated request.
    pub headers: Vec<(String, String)>,
    /// Send an empty request after this long without one (the server's liveness signal).
    pub heartbeat: Duration,
    /// Rebuild `output.log` in the files directory from the log's console records
    /// (`wandb sync`; a live run's console capture writes the file itself).
    pub write_output_log: bool,
}

impl SenderConfig {
    /// A config with default timing for the given server and run.
    pub fn new(base_url: &str, api_key: &str, entity: &str, project: &str, run_id: &str) -> Self {
        SenderConfig {
            base_url: base_url.to_string(),
            api_key: api_key.to_string(),
            entity: entity.to_string(),
            project: project.to_string(),
            run_id: run_id.to_string(),
            files_dir: None,
            interval: Duration::from_millis(1000),
            history_offset: 0,
            events_offset: 0,
            backoff: Backoff { base: Duration::from_millis(500), max: Duration::from_secs(15) },
            http_timeout: Duration::from_secs(30),
            headers: Vec::new(),
            write_output_log: false,
            heartbeat: Duration::from_secs(30),
        }
    }
}

/// What the sender achieved (reported by `finish`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SendStatus {
    /// The final request (`complete`) was acknowledged.
    pub complete: bool,
    /// History rows read from the log.
    pub rows_total: u64,
    /// History rows acknowledged by the server.
    pub rows_sent: u64,
    /// Files uploaded.
    pub files_uploaded: u64,
    /// The last error, if any (a fatal one stops the stream).
    pub error: Option<String>,
    /// The bounded wait ran out before the sender was done.
    pub timed_out: bool,
    /// The exit code sent (or that would have been).
    pub exit_code: i32,
}

enum Ctl {
    Finish(Option<i32>),
}

/// Handle of a running sender thread.
pub struct SenderHandle {
    tx: Sender<Ctl>,
    stop: Arc<AtomicBool>,
    done: Receiver<SendStatus>,
    thread: Option<JoinHandle<()>>,
    result: Option<SendStatus>,
}

impl SenderHandle {
    /// Start a sender thread tailing `log_path`.
    pub fn spawn(log_path: &Path, cfg: SenderConfig) -> CoreResult<SenderHandle> {
        let tail = Tail::open(log_path)?;
        let (tx, rx) = bounded(4);
        let (done_tx, done) = bounded(1);
        let stop = Arc::new(AtomicBool::new(false));
        let s = stop.clone();
        let thread = std::thread::Builder::new().name("vireo-sender".into()).spawn(move || {
            let mut w = SenderThread::new(cfg, tail, s);
            let status = w.run(rx);
            let _ = done_tx.send(status);
        })?;
        Ok(SenderHandle { tx, stop, done, thread: Some(thread), result: None })
    }

    /// Ask the sender to finish (the log must be complete) and wait up to `timeout`.
    /// `exit_code` None = take it from the log's `exit` record (1 if there is none).
    pub fn finish(&mut self, exit_code: Option<i32>, timeout: Duration) -> SendStatus {
        if let Some(r) = &self.result {
            return r.clone();
        }
        let _ = self.tx.send(Ctl::Finish(exit_code));
        let status = match self.done.recv_timeout(timeout) {
            Ok(s) => s,
            Err(RecvTimeoutError::Timeout) => {
                self.stop.store(true, Ordering::Relaxed);
                // The thread notices `stop` within ~20 ms of a retry sleep; a request in
                // flight may take longer, so do not wait for it.
                let mut s = self.done.recv_timeout(Duration::from_millis(300)).unwrap_or_default();
                s.timed_out = true;
                s.complete = false;
                s
            }
            Err(RecvTimeoutError::Disconnected) => {
                SendStatus { error: Some("the sender thread stopped unexpectedly".into()), ..Default::default() }
            }
        };
        if !status.timed_out {
            if let Some(t) = self.thread.take() {
                let _ = t.join();
            }
        }
        self.result = Some(status.clone());
        status
    }

    /// Stop without finishing (a forked child, or the process is going away).
    pub fn abandon(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take();
    }
}

impl Drop for SenderHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Send a whole (finished or crashed) log: what `wandb sync` does. Blocks up to `timeout`.
pub fn sync_log(
    log_path: &Path,
    cfg: SenderConfig,
    exit_code: Option<i32>,
    timeout: Duration,
) -> CoreResult<SendStatus> {
    let mut h = SenderHandle::spawn(log_path, cfg)?;
    Ok(h.finish(exit_code, timeout))
}

struct SenderThread {
    cfg: SenderConfig,
    client: Client,
    tail: Tail,
    st: StreamState,
    stop: Arc<AtomicBool>,
    status: SendStatus,
    /// The file stream hit a non-retryable error: nothing more is sent.
    dead: bool,
    uploaded_once: std::collections::HashSet<String>,
    fs_url: String,
    last_post: std::time::Instant,
    /// Live-policy files: (modified time, size) at their last upload.
    live_seen: std::collections::HashMap<String, (Option<std::time::SystemTime>, u64)>,
}

impl SenderThread {
    fn new(cfg: SenderConfig, tail: Tail, stop: Arc<AtomicBool>) -> Self {
        let client = Client::new(&cfg.base_url, &cfg.api_key, cfg.http_timeout, cfg.headers.clone());
        let fs_url = format!(
            "{}/files/{}/{}/{}/file_stream",
            client.base,
            url_seg(&cfg.entity),
            url_seg(&cfg.project),
            url_seg(&cfg.run_id)
        );
        let mut st = StreamState::new(cfg.history_offset, cfg.events_offset);
        if cfg.write_output_log {
            st.keep_output_text();
        }
        SenderThread {
            cfg,
            client,
            tail,
            st,
            stop,
            status: SendStatus::default(),
            dead: false,
            uploaded_once: Default::default(),
            fs_url,
            last_post: std::time::Instant::now(),
            live_seen: Default::default(),
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Fold up to [`READ_BUDGET`] bytes of new log records into the state; true when it
    /// caught up with the file.
    fn read_log(&mut self, at_end: bool) -> bool {
        read_log_into(&mut self.tail, &mut self.st, &mut self.status, at_end, READ_BUDGET)
    }

    /// POST pending data until nothing (or only less than a request) is left; with
    /// `heartbeat`, an empty request is sent when there is nothing to send.
    /// With `read_ahead` = Some(at_end) (and no `complete`), the log is read on while a
    /// request is in flight, so that the next request is ready when it is acknowledged.
    fn send_pending_or_heartbeat(&mut self, complete: Option<i32>, heartbeat: bool, read_ahead: Option<bool>) -> bool {
        let read_ahead = read_ahead.filter(|_| complete.is_none());
        if self.dead || self.stopped() {
            return false;
        }
        if !self.st.has_pending() && complete.is_none() && !heartbeat {
            return true;
        }
        let mut batch = self.st.batch(complete);
        loop {
            if self.dead || self.stopped() {
                return false;
            }
            // Requests stay strictly ordered by offset (one in flight); the log is read on
            // and the next body built while the current one is in flight (lines are only
            // appended and the summary is tracked by generation, so the request in flight
            // stays valid and the body built ahead is the one `batch` would give after
            // the acknowledgement).
            let (client, url, backoff, stop) = (&self.client, &self.fs_url, &self.cfg.backoff, &self.stop);
            let (tail, st, status) = (&mut self.tail, &mut self.st, &mut self.status);
            let ahead = !batch.complete;
            let (res, next) = std::thread::scope(|scope| {
                let body = &batch.body;
                let h = scope.spawn(move || with_retries(backoff, stop, None, || client.post_json(url, body)));
                if let Some(at_end) = read_ahead {
                    let queued: usize = st.pending_lines() - batch.taken.iter().map(|t| t.1).sum::<usize>();
                    if queued < 2 * state::MAX_REQUEST_LINES && st.pending_lines() < MAX_PENDING_LINES {
                        read_log_into(tail, st, status, at_end, READ_BUDGET / 2);
                    }
                }
                let next = if ahead { Some(st.batch_after(Some(&batch), complete)) } else { None };
                let res = h.join().unwrap_or_else(|_| Err(("the request thread panicked".into(), true)));
                (res, next)
            });
            match res {
                Ok(_) => {
                    self.last_post = std::time::Instant::now();
                    self.st.ack(&batch);
                    self.status.rows_sent = self.st.history.offset - self.cfg.history_offset;
                    if batch.complete {
                        self.status.complete = true;
                        return true;
                    }
                }
                Err((m, fatal)) => {
                    self.status.error = Some(format!("file_stream: {m}"));
                    if fatal {
                        self.dead = true;
                    }
                    return false;
                }
            }
            if complete.is_none() && !self.st.has_pending() {
                return true;
            }
            batch = match next {
                Some(b) => b,
                None => self.st.batch(complete),
            };
        }
    }

    fn send_pending(&mut self, complete: Option<i32>) -> bool {
        self.send_pending_or_heartbeat(complete, false, None)
    }

    fn upload(&mut self, names: Vec<String>) {
        let Some(dir) = self.cfg.files_dir.clone() else { return };
        let names: Vec<String> = names.into_iter().filter(|n| dir.join(n).is_file()).collect();
        if names.is_empty() || self.stopped() {
            return;
        }
        // Stamp live files before reading them: a change during the upload is caught later.
        let mut stamps: std::collections::HashMap<String, _> =
            names.iter().filter_map(|n| self.live_stamp(n).map(|st| (n.clone(), st))).collect();
        let (client, cfg) = (&self.client, &self.cfg);
        let res = with_retries(&cfg.backoff, &self.stop, None, || {
            upload::request_urls(client, &cfg.entity, &cfg.project, &cfg.run_id, &names)
        });
        let (targets, headers) = match res.map_err(|e| e.0).and_then(|b| upload::parse_create_run_files(&b)) {
            Ok(t) => t,
            Err(m) => {
                self.status.error = Some(format!("CreateRunFiles: {m}"));
                return;
            }
        };
        // PUTs run in parallel (a few at a time): each is an independent request.
        let jobs: Vec<(String, String)> = targets.into_iter().filter_map(|t| t.url.map(|u| (t.name, u))).collect();
        let stop = &self.stop;
        type Outcome = (String, Result<String, (String, bool)>);
        let results: Vec<Outcome> = std::thread::scope(|scope| {
            let mut out = Vec::new();
            for chunk in jobs.chunks(6) {
                let handles: Vec<_> = chunk
                    .iter()
                    .map(|(name, url)| {
                        let path = dir.join(name);
                        let headers = &headers;
                        let h = scope.spawn(move || {
                            with_retries(&cfg.backoff, stop, None, || upload::put_file(client, url, &path, headers))
                        });
                        (name.clone(), h)
                    })
                    .collect();
                for (name, h) in handles {
                    let r = h.join().unwrap_or_else(|_| Err(("upload thread panicked".into(), true)));
                    out.push((name, r));
                }
            }
            out
        });
        for (name, r) in results {
            match r {
                Ok(_) => {
                    self.status.files_uploaded += 1;
                    self.uploaded_once.insert(name.clone());
                    if let Some(stamp) = stamps.remove(&name) {
                        self.live_seen.insert(name.clone(), stamp);
                    }
                    self.st.uploaded.insert(name);
                }
                Err((m, _)) => self.status.error = Some(format!("upload of {name}: {m}")),
            }
        }
    }

    /// (mtime, size) of `name` when it has the live policy.
    fn live_stamp(&self, name: &str) -> Option<(Option<std::time::SystemTime>, u64)> {
        if !self.st.files.iter().any(|f| f.path == name && f.policy == 2) {
            return None;
        }
        let meta = std::fs::metadata(self.cfg.files_dir.as_ref()?.join(name)).ok()?;
        Some((meta.modified().ok(), meta.len()))
    }

    /// Re-upload live-policy files that changed since their last upload.
    fn upload_changed_live(&mut self) {
        let changed: Vec<String> = self
            .live_seen
            .iter()
            .filter(|(name, stamp)| self.live_stamp(name).is_some_and(|now| now != **stamp))
            .map(|(name, _)| name.clone())
            .collect();
        if !changed.is_empty() {
            self.upload(changed);
        }
    }

    fn upload_now(&mut self) {
        if self.st.upload_now.is_empty() {
            return;
        }
        let Some(dir) = self.cfg.files_dir.clone() else {
            self.st.upload_now.clear();
            return;
        };
        // Files not there yet (e.g. requirements.txt being written) wait for the end.
        let names: Vec<String> = std::mem::take(&mut self.st.upload_now);
        let ready: Vec<String> = names.into_iter().filter(|n| dir.join(n).is_file()).collect();
        self.upload(ready);
    }

    fn write_summary_file(&self) {
        if let Some(dir) = &self.cfg.files_dir {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join(state::SUMMARY), self.st.summary_json());
            if let Some(text) = self.st.output_text() {
                let _ = std::fs::write(dir.join(state::OUTPUT), text);
            }
        }
    }

    fn end_uploads(&mut self) {
        let mut names: Vec<String> = Vec::new();
        for f in &self.st.files {
            let again = f.policy != 0 || !self.uploaded_once.contains(&f.path);
            if again && !names.contains(&f.path) {
                names.push(f.path.clone());
            }
        }
        for n in RUN_FILES {
            let n = n.to_string();
            // wandb-metadata.json does not change after its upload at start.
            let done = n == "wandb-metadata.json" && self.uploaded_once.contains(&n);
            if !names.contains(&n) && !done {
                names.push(n);
            }
        }
        self.upload(names);
    }

    fn run(&mut self, rx: Receiver<Ctl>) -> SendStatus {
        let exit_override;
        let mut last_round = std::time::Instant::now();
        loop {
            // Look at the log every tick; post every interval, or at once when a
            // meaningful batch is pending (after each post the log is looked at again).
            let due = last_round + self.cfg.interval;
            let now = std::time::Instant::now();
            let backlog = self.st.pending_lines() >= EAGER_LINES && !self.dead;
            let wait = if backlog { Duration::ZERO } else { due.saturating_duration_since(now).min(TICK) };
            match rx.recv_timeout(wait) {
                Ok(Ctl::Finish(code)) => {
                    exit_override = code;
                    break;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return self.status.clone(),
            }
            if self.stopped() {
                return self.status.clone();
            }
            // Memory stays bounded while the server is away: the rest waits in the file.
            if self.st.pending_lines() < MAX_PENDING_LINES {
                // A smaller slice here: posting starts as soon as a batch is ready, and
                // the log is read on while requests are in flight.
                read_log_into(&mut self.tail, &mut self.st, &mut self.status, false, READ_BUDGET / 4);
            }
            let round = last_round.elapsed() >= self.cfg.interval;
            let eager = self.st.pending_lines() >= EAGER_LINES;
            if !round && !eager {
                continue;
            }
            last_round = std::time::Instant::now();
            self.upload_now();
            if round {
                self.upload_changed_live();
            }
            if !self.dead {
                let beat = self.last_post.elapsed() >= self.cfg.heartbeat;
                if !self.send_pending_or_heartbeat(None, beat, Some(false)) {
                    // A failed round (server away): wait the interval before the next.
                    continue;
                }
            }
        }
        // Finish: the log is complete; read and send it in bounded slices.
        loop {
            let done = self.read_log(true);
            if done {
                break;
            }
            if self.dead || !self.send_pending_or_heartbeat(None, false, Some(true)) {
                // Unreachable server: keep counting what the log holds for the status.
                while !self.read_log(true) {
                    self.st.drop_pending_history();
                }
                break;
            }
        }
        self.st.flush_console();
        let code = exit_override.or(self.st.exit_code).unwrap_or(1);
        self.status.exit_code = code;
        self.write_summary_file();
        if self.dead {
            return self.status.clone();
        }
        self.upload_now();
        if !self.send_pending(None) {
            return self.status.clone();
        }
        self.end_uploads();
        self.send_pending(Some(code));
        self.status.clone()
    }
}

/// Fold up to `budget` bytes of new log records into `st`; true when it caught up.
fn read_log_into(tail: &mut Tail, st: &mut StreamState, status: &mut SendStatus, at_end: bool, budget: u64) -> bool {
    let r = tail.poll(at_end, budget, &mut |bytes| {
        if let Ok(rec) = Record::decode_bytes(bytes) {
            st.apply(&rec);
        }
    });
    status.rows_total = st.rows;
    match r {
        Ok(done) => done,
        Err(e) => {
            status.error = Some(format!("reading the transaction log: {e}"));
            true
        }
    }
}

/// Percent-encode one URL path segment.
fn url_seg(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
