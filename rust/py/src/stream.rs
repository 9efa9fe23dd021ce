//! `wandb._core.Stream`: converts arguments to owned data and forwards to the core stream.
//! Every blocking wait in the core goes through [`PyHooks::blocking`], which releases the GIL.

use std::sync::Mutex;
use std::time::Duration;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use vireo_core::proto::{MetricRecord, Record, RecordType};
use vireo_core::sender::SenderHandle;
use vireo_core::stream::{Hooks, Stream, StreamOptions};

use crate::convert::{convert_top, py_str, Converter};
use crate::errors::IntoPy;

struct PyHooks {
    on_backpressure: Option<Py<PyAny>>,
}

impl Hooks for PyHooks {
    fn blocking(&self, f: &mut (dyn FnMut() + Send)) {
        Python::attach(|py| py.detach(f));
    }

    fn on_backpressure(&self) {
        if let Some(cb) = &self.on_backpressure {
            Python::attach(|py| {
                if let Err(e) = cb.call0(py) {
                    e.write_unraisable(py, Some(cb.bind(py)));
                }
            });
        }
    }
}

/// One run's transaction-log writer (see `wandb/_core.pyi`).
#[pyclass(name = "Stream", module = "wandb._core", frozen)]
pub struct PyStream {
    pub(crate) inner: Stream,
    converter: Option<Py<PyAny>>,
    sender: Mutex<Option<SenderHandle>>,
    last_status: Mutex<Option<vireo_core::sender::SendStatus>>,
    online: bool,
}

fn parse_metric(json: &str) -> PyResult<Record> {
    if !json.trim_start().starts_with('{') {
        return Err(PyValueError::new_err("invalid metric record JSON: expected a JSON object"));
    }
    match serde_json::from_str::<MetricRecord>(json) {
        Ok(m) => Ok(Record { record_type: Some(RecordType::Metric(m)), ..Default::default() }),
        Err(first) => match Record::from_json(json) {
            Ok(r) if matches!(r.record_type, Some(RecordType::Metric(_))) => Ok(r),
            _ => Err(PyValueError::new_err(format!("invalid metric record JSON: {first}"))),
        },
    }
}

#[pymethods]
impl PyStream {
    #[new]
    #[pyo3(signature = (path, *, run_start, starting_step=0, queue_capacity=8192, flush_interval_ms=100,
                        fsync_interval_ms=0, converter=None, on_backpressure=None, sender=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        path: std::path::PathBuf,
        run_start: f64,
        starting_step: i64,
        queue_capacity: usize,
        flush_interval_ms: u64,
        fsync_interval_ms: u64,
        converter: Option<Py<PyAny>>,
        on_backpressure: Option<Py<PyAny>>,
        sender: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let sender_cfg = sender.map(crate::sender::config_from_dict).transpose()?;
        if queue_capacity == 0 {
            return Err(PyValueError::new_err("queue_capacity must be at least 1"));
        }
        let opts = StreamOptions { run_start, starting_step, queue_capacity, flush_interval_ms, fsync_interval_ms };
        let hooks = Box::new(PyHooks { on_backpressure });
        let inner = py.detach(|| Stream::create(&path, opts, hooks)).py_err()?;
        // The sender tails the log file the writer thread appends (online mode only).
        let handle = match sender_cfg {
            Some(cfg) => Some(SenderHandle::spawn(&path, cfg).py_err()?),
            None => None,
        };
        let online = handle.is_some();
        Ok(PyStream { inner, converter, sender: Mutex::new(handle), last_status: Mutex::new(None), online })
    }

    /// Queue one record given as JSON text.
    fn write(&self, record_json: &str) -> PyResult<()> {
        let rec = Record::from_json(record_json).py_err()?;
        self.inner.write(rec).py_err()
    }

    /// `run.log` semantics; returns the row's step, or -1 when dropped.
    #[pyo3(signature = (data, step=None, commit=None, sync=None))]
    fn log(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        step: Option<i64>,
        commit: Option<&Bound<'_, PyAny>>,
        sync: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<i64> {
        let _ = sync;
        // Like wandb, any truthy / falsy object is accepted for `commit`.
        let commit = match commit {
            Some(c) if !c.is_none() => Some(c.is_truthy()?),
            _ => None,
        };
        let Ok(d) = data.cast::<PyDict>() else {
            return Err(PyTypeError::new_err("wandb.log must be passed a dictionary"));
        };
        let target = self.inner.target_step(step);
        let conv = Converter { func: self.converter.as_ref().map(|c| c.bind(py)), step: target };
        let mut items = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let Ok(ks) = k.cast::<PyString>() else {
                return Err(PyTypeError::new_err("Key values passed to `wandb.log` must be strings."));
            };
            if target < 0 {
                continue;
            }
            let key = py_str(ks);
            let val = convert_top(&key, &v, &conv)?;
            items.push((key, val));
        }
        self.inner.log(items, step, commit).py_err()
    }

    /// The step the next logged data goes to.
    #[getter]
    fn step(&self) -> i64 {
        self.inner.step()
    }

    /// Log calls dropped for a backward step.
    #[getter]
    fn dropped(&self) -> u64 {
        self.inner.dropped()
    }

    /// Queue a metric record (MetricRecord JSON, or a whole Record JSON holding `metric`).
    fn define_metric(&self, metric_record_json: &str) -> PyResult<()> {
        let rec = parse_metric(metric_record_json)?;
        self.inner.define_metric(rec).py_err()
    }

    /// Explicit summary writes: (path, value_json) items and removed paths.
    #[pyo3(signature = (update, remove=Vec::new()))]
    fn summary_update(&self, update: Vec<(Vec<String>, String)>, remove: Vec<Vec<String>>) -> PyResult<()> {
        self.inner.summary_update(update, remove).py_err()
    }

    /// JSON of the current nested summary (waits for the handler).
    fn summary(&self) -> PyResult<String> {
        self.inner.summary().py_err()
    }

    /// Committed rows so far.
    fn history_rows(&self) -> u64 {
        self.inner.history_rows()
    }

    /// Barrier: everything queued before is written to the OS.
    fn flush(&self) -> PyResult<()> {
        self.inner.flush().py_err()
    }

    /// Commit the pending row, write the closing records, fsync, stop. Idempotent.
    /// Online, then waits up to `sender_timeout_s` for the sender and returns its status
    /// dict (None offline).
    #[pyo3(signature = (exit_code=0, timeout_s=None, sender_timeout_s=60.0))]
    fn finish<'py>(
        &self,
        py: Python<'py>,
        exit_code: i32,
        timeout_s: Option<f64>,
        sender_timeout_s: f64,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let wait = crate::sender::secs("sender_timeout_s", sender_timeout_s)?;
        let timeout = match timeout_s {
            Some(t) if !(t >= 0.0 && t.is_finite()) => {
                return Err(PyValueError::new_err("timeout_s must be a finite number >= 0 or None"))
            }
            Some(t) => Some(Duration::from_secs_f64(t)),
            None => None,
        };
        self.inner.finish(exit_code, timeout).py_err()?;
        // Take the handle out first: the mutex is never held while the GIL is released.
        let handle = self.sender.lock().unwrap_or_else(|p| p.into_inner()).take();
        let Some(mut h) = handle else {
            let last = self.last_status.lock().unwrap_or_else(|p| p.into_inner()).clone();
            return last.map(|st| crate::sender::status_to_dict(py, &st)).transpose();
        };
        let st = py.detach(|| h.finish(Some(exit_code), wait));
        *self.last_status.lock().unwrap_or_else(|p| p.into_inner()) = Some(st.clone());
        Ok(Some(crate::sender::status_to_dict(py, &st)?))
    }

    /// True when the run streams to a server.
    #[getter]
    fn online(&self) -> bool {
        self.online
    }

    /// Drop the handle without writing (use in a forked child).
    fn abandon(&self) {
        self.inner.abandon();
        // try_lock: a finish() in progress (another thread) keeps its handle.
        if let Ok(mut g) = self.sender.try_lock() {
            if let Some(h) = g.as_mut() {
                h.abandon();
            }
        }
    }

    /// True once finish() or abandon() was called.
    #[getter]
    fn finished(&self) -> bool {
        self.inner.is_finished()
    }
}
