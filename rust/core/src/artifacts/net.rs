//! HTTP plumbing shared by uploads and downloads: one `ureq` agent per call (keep-alive pool
//! sized to the workers), the sender's retry policy (`sender::http::retryable_status`,
//! `Backoff`) and outcome classification that keeps the status code.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::sender::http::{retryable_status, Backoff};

/// Retry and timeout options of a transfer call.
#[derive(Clone, Debug)]
pub struct NetOptions {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Backoff between attempts.
    pub backoff: Backoff,
    /// Connect / per-read / per-write timeout.
    pub timeout: Duration,
    /// Set to stop every transfer of the call soon (Ctrl-C).
    pub cancel: Arc<AtomicBool>,
}

impl NetOptions {
    /// Whether the call was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// The failure of cancelled work (not retried, the temp files are kept for a resume).
pub fn cancelled_failure() -> Failure {
    Failure { status: 0, msg: "cancelled".into(), retry: false, after: None, errno: None }
}

/// Sleep `d` unless cancelled first; false when cancelled.
fn sleep_unless_cancelled(opts: &NetOptions, d: Duration) -> bool {
    let until = Instant::now() + d;
    while Instant::now() < until {
        if opts.is_cancelled() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20).min(until.saturating_duration_since(Instant::now())));
    }
    !opts.is_cancelled()
}

impl Default for NetOptions {
    fn default() -> Self {
        NetOptions {
            max_retries: 10,
            backoff: Backoff { base: Duration::from_millis(500), max: Duration::from_millis(15000) },
            timeout: Duration::from_secs(300),
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }
}

/// An agent for `workers` parallel connections.
pub fn agent(opts: &NetOptions, workers: usize) -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout_connect(opts.timeout.min(Duration::from_secs(30)))
        .timeout_read(opts.timeout)
        .timeout_write(opts.timeout)
        .max_idle_connections(workers * 2 + 4)
        .max_idle_connections_per_host(workers + 2)
        .build()
}

/// Failure of one attempt.
#[derive(Debug)]
pub struct Failure {
    /// HTTP status (0: none, transport or local error).
    pub status: u16,
    /// Message.
    pub msg: String,
    /// Worth another attempt, possibly after a server-given delay.
    pub retry: bool,
    /// Server-requested delay (429 Retry-After).
    pub after: Option<Duration>,
    /// Local OS error number (read or write of a local file): never retried.
    pub errno: Option<i32>,
}

impl Failure {
    /// A local I/O failure (not retried).
    pub fn local(e: &std::io::Error, what: &str) -> Failure {
        Failure { status: 0, msg: format!("{what}: {e}"), retry: false, after: None, errno: e.raw_os_error() }
    }

    /// A fatal protocol failure with a status.
    pub fn fatal(status: u16, msg: String) -> Failure {
        Failure { status, msg, retry: false, after: None, errno: None }
    }
}

/// Classify a `ureq` error (the status ones consume the response to read a bit of body).
pub fn classify(e: ureq::Error) -> Failure {
    match e {
        ureq::Error::Status(code, resp) => {
            let after = resp.header("Retry-After").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
            let mut body = String::new();
            let _ = resp.into_reader().take(300).read_to_string(&mut body);
            Failure {
                status: code,
                msg: format!("HTTP {code}: {}", body.trim()),
                retry: retryable_status(code),
                after: if code == 429 { after } else { None },
                errno: None,
            }
        }
        ureq::Error::Transport(t) => {
            // a malformed URL never gets better; connection problems may
            let retry = !matches!(
                t.kind(),
                ureq::ErrorKind::InvalidUrl | ureq::ErrorKind::UnknownScheme | ureq::ErrorKind::InvalidProxyUrl
            );
            Failure { status: 0, msg: t.to_string(), retry, after: None, errno: None }
        }
    }
}

/// A transport-level I/O error while streaming a body (retryable).
pub fn transport_io(e: &std::io::Error, status: u16) -> Failure {
    Failure { status, msg: format!("connection error: {e}"), retry: true, after: None, errno: None }
}

/// Headers from a JSON value: an object {name: value} or a list of "Name:Value" strings.
pub fn parse_headers(v: &serde_json::Value) -> Result<Vec<(String, String)>, String> {
    match v {
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Object(m) => m
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => Ok((k.clone(), s.clone())),
                other => Ok((k.clone(), other.to_string())),
            })
            .collect(),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|h| {
                h.as_str()
                    .and_then(|s| s.split_once(':'))
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .ok_or_else(|| format!("header {h} is not a \"Name:Value\" string"))
            })
            .collect(),
        other => Err(format!("headers must be a dict or a list of \"Name:Value\" strings, not {other}")),
    }
}

/// Run `f` (given the attempt number) until success, a non-retryable failure or
/// `opts.max_retries` retries; returns the result and the number of attempts.
pub fn retry<T>(opts: &NetOptions, mut f: impl FnMut(u32) -> Result<T, Failure>) -> (Result<T, Failure>, u32) {
    let mut n = 0u32;
    loop {
        if opts.is_cancelled() {
            return (Err(cancelled_failure()), n);
        }
        match f(n) {
            Ok(v) => return (Ok(v), n + 1),
            Err(fail) => {
                if !fail.retry || n >= opts.max_retries {
                    return (Err(fail), n + 1);
                }
                if !sleep_unless_cancelled(opts, fail.after.unwrap_or_else(|| opts.backoff.delay(n))) {
                    return (Err(cancelled_failure()), n + 1);
                }
                n += 1;
            }
        }
    }
}

/// Like [`retry`], with an optional fallback URL: attempt 0 uses the primary (`f(false)`); if
/// it fails for a non-local reason and `has_fallback`, every later attempt uses the fallback
/// (`f(true)`) at once, then retries with backoff. Returns the result and the attempt count.
pub fn retry_with_fallback<T>(
    opts: &NetOptions,
    has_fallback: bool,
    mut f: impl FnMut(bool) -> Result<T, Failure>,
) -> (Result<T, Failure>, u32) {
    let mut use_fb = false;
    let mut retries = 0u32;
    let mut attempts = 0u32;
    loop {
        if opts.is_cancelled() {
            return (Err(cancelled_failure()), attempts);
        }
        attempts += 1;
        match f(use_fb) {
            Ok(v) => return (Ok(v), attempts),
            Err(fail) => {
                if fail.errno.is_some() {
                    return (Err(fail), attempts);
                }
                if has_fallback && !use_fb {
                    use_fb = true;
                    continue;
                }
                if !fail.retry || retries >= opts.max_retries {
                    return (Err(fail), attempts);
                }
                if !sleep_unless_cancelled(opts, fail.after.unwrap_or_else(|| opts.backoff.delay(retries))) {
                    return (Err(cancelled_failure()), attempts);
                }
                retries += 1;
            }
        }
    }
}
