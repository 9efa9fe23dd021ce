//! Sender bindings: the `sender={...}` option of `Stream`, `sync_log()` for `wandb sync`,
//! and the status dict both return.

use std::path::PathBuf;
use std::time::Duration;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use vireo_core::sender::http::Backoff;
use vireo_core::sender::{SendStatus, SenderConfig};

use crate::errors::IntoPy;

const KEYS: [&str; 15] = [
    "base_url",
    "api_key",
    "entity",
    "project",
    "run_id",
    "files_dir",
    "interval_ms",
    "history_offset",
    "events_offset",
    "retry_base_ms",
    "retry_max_ms",
    "http_timeout_s",
    "headers",
    "write_output_log",
    "heartbeat_s",
];

fn get<'py, T: FromPyObjectOwned<'py>>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<Option<T>> {
    match d.get_item(key)? {
        Some(v) if !v.is_none() => v
            .extract::<T>()
            .map(Some)
            .map_err(|_| PyTypeError::new_err(format!("sender option {key:?} has the wrong type"))),
        _ => Ok(None),
    }
}

/// Build a [`SenderConfig`] from the Python dict (unknown keys are an error).
pub fn config_from_dict(d: &Bound<'_, PyDict>) -> PyResult<SenderConfig> {
    for k in d.keys() {
        let k: String = k.extract()?;
        if !KEYS.contains(&k.as_str()) {
            return Err(PyValueError::new_err(format!("unknown sender option {k:?}; accepted: {}", KEYS.join(", "))));
        }
    }
    let req = |key: &str| -> PyResult<String> {
        get::<String>(d, key)?.ok_or_else(|| PyValueError::new_err(format!("sender option {key:?} is required")))
    };
    let mut c =
        SenderConfig::new(&req("base_url")?, &req("api_key")?, &req("entity")?, &req("project")?, &req("run_id")?);
    c.files_dir = get::<PathBuf>(d, "files_dir")?;
    if let Some(ms) = get::<u64>(d, "interval_ms")? {
        c.interval = Duration::from_millis(ms.max(1));
    }
    c.history_offset = get::<u64>(d, "history_offset")?.unwrap_or(0);
    c.events_offset = get::<u64>(d, "events_offset")?.unwrap_or(0);
    let base = get::<u64>(d, "retry_base_ms")?.unwrap_or(500);
    let max = get::<u64>(d, "retry_max_ms")?.unwrap_or(15_000);
    c.backoff = Backoff { base: Duration::from_millis(base.max(1)), max: Duration::from_millis(max.max(base)) };
    if let Some(t) = get::<f64>(d, "http_timeout_s")? {
        if !(t > 0.0 && t.is_finite()) {
            return Err(PyValueError::new_err("sender option 'http_timeout_s' must be a positive number"));
        }
        c.http_timeout = Duration::from_secs_f64(t);
    }
    c.write_output_log = get::<bool>(d, "write_output_log")?.unwrap_or(false);
    if let Some(t) = get::<f64>(d, "heartbeat_s")? {
        c.heartbeat = secs("heartbeat_s", t)?;
    }
    if let Some(h) = get::<Vec<(String, String)>>(d, "headers")? {
        c.headers = h;
    }
    Ok(c)
}

/// The status as a dict: complete, rows_total, rows_sent, files_uploaded, error, timed_out, exit_code.
pub fn status_to_dict<'py>(py: Python<'py>, s: &SendStatus) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("complete", s.complete)?;
    d.set_item("rows_total", s.rows_total)?;
    d.set_item("rows_sent", s.rows_sent)?;
    d.set_item("files_uploaded", s.files_uploaded)?;
    d.set_item("error", s.error.clone())?;
    d.set_item("timed_out", s.timed_out)?;
    d.set_item("exit_code", s.exit_code)?;
    Ok(d)
}

/// Positive finite seconds → Duration.
pub fn secs(name: &str, t: f64) -> PyResult<Duration> {
    if !(t >= 0.0 && t.is_finite()) {
        return Err(PyValueError::new_err(format!("{name} must be a finite number >= 0")));
    }
    Ok(Duration::from_secs_f64(t))
}

/// Send a whole transaction log to the server (what `wandb sync` does); returns the status
/// dict. `exit_code` None takes it from the log's exit record (1 when the run crashed).
#[pyfunction]
#[pyo3(signature = (path, sender, exit_code=None, timeout_s=600.0))]
pub fn sync_log<'py>(
    py: Python<'py>,
    path: PathBuf,
    sender: &Bound<'py, PyDict>,
    exit_code: Option<i32>,
    timeout_s: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let cfg = config_from_dict(sender)?;
    let timeout = secs("timeout_s", timeout_s)?;
    let st = py.detach(|| vireo_core::sender::sync_log(&path, cfg, exit_code, timeout)).py_err()?;
    status_to_dict(py, &st)
}
