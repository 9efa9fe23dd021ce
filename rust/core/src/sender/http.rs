//! HTTP for the sender: one blocking `ureq` agent (rustls; no async runtime to host in a
//! Python process), basic auth `api:<key>`, and the retry policy of wandb-core:
//! transport errors, 5xx (not 501), 429 (honouring a numeric `Retry-After`) and other
//! unlisted 4xx are retried with exponential backoff and jitter; 400, 401, 403, 404, 409,
//! 410, 413, 422 and 501 are not.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;

/// Outcome of one attempt.
#[derive(Debug)]
pub enum Attempt {
    /// 2xx with the body text.
    Ok(String),
    /// Worth retrying after (at least) the given delay, with a reason.
    Retry(Option<Duration>, String),
    /// Not worth retrying.
    Fatal(String),
}

/// Backoff parameters.
#[derive(Clone, Debug)]
pub struct Backoff {
    /// First delay.
    pub base: Duration,
    /// Largest delay.
    pub max: Duration,
}

impl Backoff {
    /// Delay before retry number `n` (0-based): min(max, base·2^n) plus up to 25 % jitter.
    pub fn delay(&self, n: u32) -> Duration {
        let exp = self.base.saturating_mul(1u32 << n.min(16));
        let d = exp.min(self.max);
        let jitter = d.as_secs_f64() * 0.25 * jitter_fraction();
        d + Duration::from_secs_f64(jitter)
    }
}

fn jitter_fraction() -> f64 {
    // xorshift over the clock: enough to spread retries, no dependency.
    let mut x = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(12345)
        | 1;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x % 10_000) as f64 / 10_000.0
}

/// Whether a status is retried (wandb-core's "RetryMostFailures").
pub fn retryable_status(code: u16) -> bool {
    !matches!(code, 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 501) && !(200..300).contains(&code)
}

/// Authenticated JSON client for one server.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    auth: String,
    /// Base URL without a trailing slash.
    pub base: String,
    headers: Vec<(String, String)>,
}

impl Client {
    /// A client for `base` with API key `key`; `timeout` bounds each request.
    pub fn new(base: &str, key: &str, timeout: Duration, headers: Vec<(String, String)>) -> Self {
        let agent =
            ureq::AgentBuilder::new().timeout_connect(timeout.min(Duration::from_secs(10))).timeout(timeout).build();
        let auth = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("api:{key}")));
        Client { agent, auth, base: base.trim_end_matches('/').to_string(), headers }
    }

    /// One POST of a JSON body to `url` (with auth).
    pub fn post_json(&self, url: &str, body: &str) -> Attempt {
        let mut req = self
            .agent
            .post(url)
            .set("Authorization", &self.auth)
            .set("Content-Type", "application/json")
            .set("User-Agent", "vireo-core");
        for (k, v) in &self.headers {
            req = req.set(k, v);
        }
        classify(req.send_string(body))
    }

    /// One PUT of raw bytes to an upload URL (no auth), with extra headers.
    pub fn put(&self, url: &str, data: &[u8], headers: &[(String, String)]) -> Attempt {
        let mut req = self.agent.put(url);
        for (k, v) in headers {
            req = req.set(k, v);
        }
        classify(req.send_bytes(data))
    }
}

fn classify(r: Result<ureq::Response, ureq::Error>) -> Attempt {
    match r {
        Ok(resp) => Attempt::Ok(resp.into_string().unwrap_or_default()),
        Err(ureq::Error::Status(code, resp)) => {
            let retry_after =
                resp.header("Retry-After").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
            let body = resp.into_string().unwrap_or_default();
            let msg = format!("HTTP {code}: {}", body.chars().take(300).collect::<String>());
            if retryable_status(code) {
                Attempt::Retry(if code == 429 { retry_after } else { None }, msg)
            } else {
                Attempt::Fatal(msg)
            }
        }
        Err(ureq::Error::Transport(t)) => Attempt::Retry(None, t.to_string()),
    }
}

/// Retry `f` until it succeeds, fails fatally, `stop` is set, or `deadline` passes.
/// Returns the body, or Err((message, fatal)).
pub fn with_retries(
    backoff: &Backoff,
    stop: &Arc<AtomicBool>,
    deadline: Option<Instant>,
    mut f: impl FnMut() -> Attempt,
) -> Result<String, (String, bool)> {
    let mut n = 0u32;
    loop {
        match f() {
            Attempt::Ok(b) => return Ok(b),
            Attempt::Fatal(m) => return Err((m, true)),
            Attempt::Retry(after, m) => {
                let wait = after.unwrap_or_else(|| backoff.delay(n));
                n = n.saturating_add(1);
                let until = Instant::now() + wait;
                if deadline.is_some_and(|d| until > d) {
                    return Err((m, false));
                }
                while Instant::now() < until {
                    if stop.load(Ordering::Relaxed) {
                        return Err((m, false));
                    }
                    std::thread::sleep(Duration::from_millis(20).min(until - Instant::now()));
                }
                if stop.load(Ordering::Relaxed) {
                    return Err((m, false));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_policy() {
        for c in [500, 502, 503, 429, 408] {
            assert!(retryable_status(c), "{c}");
        }
        for c in [200, 400, 401, 403, 404, 409, 410, 413, 422, 501] {
            assert!(!retryable_status(c), "{c}");
        }
    }

    #[test]
    fn backoff_grows_and_caps() {
        let b = Backoff { base: Duration::from_millis(100), max: Duration::from_secs(1) };
        let d0 = b.delay(0);
        assert!(d0 >= Duration::from_millis(100) && d0 <= Duration::from_millis(125));
        let d3 = b.delay(3);
        assert!(d3 >= Duration::from_millis(800) && d3 <= Duration::from_millis(1000));
        let d10 = b.delay(10);
        assert!(d10 >= Duration::from_secs(1) && d10 <= Duration::from_millis(1250));
    }

    #[test]
    fn retries_stop_at_deadline_and_on_fatal() {
        let b = Backoff { base: Duration::from_millis(1), max: Duration::from_millis(2) };
        let stop = Arc::new(AtomicBool::new(false));
        let mut calls = 0;
        let r = with_retries(&b, &stop, None, || {
            calls += 1;
            if calls < 3 {
                Attempt::Retry(None, "x".into())
            } else {
                Attempt::Ok("done".into())
            }
        });
        assert_eq!(r.unwrap(), "done");
        assert_eq!(calls, 3);
        let r = with_retries(&b, &stop, None, || Attempt::Fatal("no".into()));
        assert_eq!(r.unwrap_err(), ("no".to_string(), true));
        let deadline = Some(Instant::now());
        let r = with_retries(&b, &stop, deadline, || Attempt::Retry(None, "down".into()));
        assert_eq!(r.unwrap_err(), ("down".to_string(), false));
    }
}
