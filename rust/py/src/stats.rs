//! Bindings for `vireo_core::stats`: convert arguments, release the GIL, forward.
//!
//! `Sampler(options, stream=None, callback=None)` runs the sampler thread; its records go
//! straight into a `Stream` (no GIL needed) or, for tests, to `callback(record_json)`.

use std::time::Duration;

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use vireo_core::stats::{self, Metric, Sample, SamplerOptions};

use crate::stream::PyStream;

fn opt<'py, T>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<Option<T>>
where
    T: for<'a> FromPyObject<'a, 'py>,
    for<'a> <T as FromPyObject<'a, 'py>>::Error: Into<PyErr>,
{
    match d.get_item(key)? {
        Some(v) if !v.is_none() => v
            .extract::<T>()
            .map(Some)
            .map_err(|e| {
                let e: PyErr = e.into();
                PyValueError::new_err(format!("stats option {key:?}: {e}"))
            }),
        _ => Ok(None),
    }
}

const KNOWN: &[&str] = &[
    "interval", "pid", "track_process_tree", "disk_paths", "gpu_device_ids", "buffer_size",
    "open_metrics_endpoints", "open_metrics_filters", "open_metrics_headers", "dcgm_exporter", "label",
    "nvml_path", "neuron_monitor_config_path", "accelerators", "debug_log",
];

/// Options dict → [`SamplerOptions`] (unknown keys are a ValueError).
fn parse_options(d: Option<&Bound<'_, PyDict>>) -> PyResult<SamplerOptions> {
    let mut o = SamplerOptions::default();
    let Some(d) = d else { return Ok(o) };
    for k in d.keys() {
        let k: String = k.extract()?;
        if !KNOWN.contains(&k.as_str()) {
            return Err(PyValueError::new_err(format!("unknown stats option {k:?}; accepted: {}", KNOWN.join(", "))));
        }
    }
    if let Some(i) = opt::<f64>(d, "interval")? {
        if !(i.is_finite() && i > 0.0) {
            return Err(PyValueError::new_err(format!("stats option \"interval\" must be > 0 seconds, got {i}")));
        }
        o.interval = Duration::from_secs_f64(i);
    }
    if let Some(p) = opt::<i32>(d, "pid")? {
        o.pid = p;
    }
    o.track_process_tree = opt::<bool>(d, "track_process_tree")?.unwrap_or(false);
    if let Some(p) = opt::<Vec<String>>(d, "disk_paths")? {
        o.disk_paths = p;
    }
    o.gpu_device_ids = opt::<Vec<u32>>(d, "gpu_device_ids")?;
    o.buffer_size = opt::<usize>(d, "buffer_size")?.unwrap_or(0);
    if let Some(m) = opt::<Vec<(String, String)>>(d, "open_metrics_endpoints")? {
        o.open_metrics_endpoints = m;
    }
    if let Some(f) = opt::<String>(d, "open_metrics_filters")? {
        o.open_metrics_filters = serde_json::from_str(&f)
            .map_err(|e| PyValueError::new_err(format!("stats option \"open_metrics_filters\" must be JSON text: {e}")))?;
    }
    if let Some(h) = opt::<Vec<(String, String)>>(d, "open_metrics_headers")? {
        o.open_metrics_headers = h;
    }
    o.dcgm_exporter = opt::<String>(d, "dcgm_exporter")?;
    o.label = opt::<String>(d, "label")?;
    o.nvml_path = opt::<String>(d, "nvml_path")?;
    o.neuron_monitor_config_path = opt::<String>(d, "neuron_monitor_config_path")?;
    o.accelerators = opt::<bool>(d, "accelerators")?.unwrap_or(true);
    o.debug_log = opt::<String>(d, "debug_log")?.map(Into::into);
    Ok(o)
}

fn sample_to_py<'py>(py: Python<'py>, s: &Sample) -> PyResult<Bound<'py, PyList>> {
    let items: Vec<Bound<'py, PyTuple>> = s
        .iter()
        .map(|(k, v)| match v {
            Metric::Int(i) => (k.as_str(), *i).into_pyobject(py).map(|t| t.into_any()),
            Metric::Float(f) => (k.as_str(), *f).into_pyobject(py).map(|t| t.into_any()),
        })
        .map(|r| r.and_then(|o| Ok(o.cast_into::<PyTuple>()?)))
        .collect::<PyResult<_>>()?;
    PyList::new(py, items)
}

/// The system-metrics sampler thread of one run.
#[pyclass(name = "Sampler", module = "wandb._core", frozen)]
pub struct PySampler {
    inner: stats::Sampler,
}

#[pymethods]
impl PySampler {
    #[new]
    #[pyo3(signature = (options=None, stream=None, callback=None))]
    fn new(
        options: Option<&Bound<'_, PyDict>>,
        stream: Option<Py<PyStream>>,
        callback: Option<Py<PyAny>>,
    ) -> PyResult<Self> {
        let opts = options_of(options)?;
        let sink: stats::sampler::Sink = match (stream, callback) {
            (Some(s), _) => Box::new(move |rec| s.get().inner.write(rec).is_ok()),
            (None, Some(cb)) => Box::new(move |rec| {
                let json = rec.to_json();
                Python::attach(|py| match cb.call1(py, (json,)) {
                    Ok(_) => true,
                    Err(e) => {
                        e.write_unraisable(py, None);
                        false
                    }
                })
            }),
            (None, None) => Box::new(|_| true),
        };
        let inner = stats::Sampler::start(opts, sink).map_err(|e| PyOSError::new_err(e.to_string()))?;
        Ok(PySampler { inner })
    }

    /// Stop the thread and wait for it (GIL released). Idempotent.
    fn stop(&self, py: Python<'_>) {
        py.detach(|| self.inner.stop());
    }

    /// Ask the thread to stop without waiting.
    fn signal_stop(&self) {
        self.inner.signal_stop();
    }

    /// True once the thread has ended.
    #[getter]
    fn stopped(&self) -> bool {
        self.inner.is_stopped()
    }

    /// Buffered samples (x_stats_buffer_size): {key: [(unix_time, value), ...]}.
    fn system_metrics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in self.inner.buffer() {
            d.set_item(k, v)?;
        }
        Ok(d)
    }
}

fn options_of(options: Option<&Bound<'_, PyDict>>) -> PyResult<SamplerOptions> {
    parse_options(options)
}

/// One tick of every source the options ask for: [(key, value)].
#[pyfunction]
#[pyo3(signature = (options=None, ticks=1))]
fn stats_sample<'py>(py: Python<'py>, options: Option<&Bound<'py, PyDict>>, ticks: u32) -> PyResult<Bound<'py, PyList>> {
    let opts = options_of(options)?;
    let s = py.detach(|| {
        let mut t = stats::sampler::Ticker::new(&opts);
        let mut s = Vec::new();
        for _ in 0..ticks.max(1) {
            s = t.tick();
        }
        s
    });
    sample_to_py(py, &s)
}

/// Cost of `ticks` back-to-back ticks: {"cpu_s_per_tick", "wall_s_per_tick", "metrics", "sources"}.
#[pyfunction]
#[pyo3(signature = (options=None, ticks=100))]
fn stats_tick_bench<'py>(py: Python<'py>, options: Option<&Bound<'py, PyDict>>, ticks: u32) -> PyResult<Bound<'py, PyDict>> {
    let opts = options_of(options)?;
    let (cpu, wall, n, names) = py.detach(|| stats::sampler::tick_bench(&opts, ticks));
    let d = PyDict::new(py);
    d.set_item("cpu_s_per_tick", cpu)?;
    d.set_item("wall_s_per_tick", wall)?;
    d.set_item("metrics", n)?;
    d.set_item("sources", names)?;
    Ok(d)
}

/// Accelerators of this machine for the Environment record.
#[pyfunction]
#[pyo3(signature = (nvml_path=None, gpu_device_ids=None, wait_s=1.0))]
fn stats_probe<'py>(
    py: Python<'py>,
    nvml_path: Option<String>,
    gpu_device_ids: Option<Vec<u32>>,
    wait_s: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let p = py.detach(|| stats::probe(nvml_path.as_deref(), gpu_device_ids.as_deref(), Duration::from_secs_f64(wait_s.max(0.0))));
    let d = PyDict::new(py);
    let nv = PyList::empty(py);
    for g in &p.nvidia {
        let e = PyDict::new(py);
        e.set_item("name", &g.name)?;
        e.set_item("memory_total", g.memory_total)?;
        e.set_item("cuda_cores", g.cuda_cores)?;
        e.set_item("architecture", &g.architecture)?;
        e.set_item("uuid", &g.uuid)?;
        nv.append(e)?;
    }
    d.set_item("gpu_nvidia", nv)?;
    d.set_item("cuda_version", &p.cuda_version)?;
    let amd = PyList::empty(py);
    for g in &p.amd {
        let e = PyDict::new(py);
        for (k, v) in [
            ("id", &g.id), ("unique_id", &g.unique_id), ("vbios_version", &g.vbios_version),
            ("performance_level", &g.performance_level), ("gpu_overdrive", &g.gpu_overdrive),
            ("gpu_memory_overdrive", &g.gpu_memory_overdrive), ("max_power", &g.max_power),
            ("series", &g.series), ("model", &g.model), ("vendor", &g.vendor), ("sku", &g.sku),
            ("sclk_range", &g.sclk_range), ("mclk_range", &g.mclk_range),
        ] {
            if !v.is_empty() {
                e.set_item(k, v)?;
            }
        }
        amd.append(e)?;
    }
    d.set_item("gpu_amd", amd)?;
    match &p.trainium {
        Some(t) => {
            let e = PyDict::new(py);
            e.set_item("name", "Trainium")?;
            e.set_item("vendor", "AWS")?;
            e.set_item("neuron_device_count", t.neuron_device_count)?;
            e.set_item("neuroncore_per_device_count", t.neuroncore_per_device_count)?;
            d.set_item("trainium", e)?;
        }
        None => d.set_item("trainium", py.None())?,
    }
    d.set_item("notes", &p.notes)?;
    Ok(d)
}

/// Parse a recorded tool output: kind is rocm, neuron, openmetrics, dcgm, apple, tpu or ipu.
#[pyfunction]
#[pyo3(signature = (kind, text, *, pid=0, endpoint="endpoint", filters=None, gpu_device_ids=None))]
fn stats_parse<'py>(
    py: Python<'py>,
    kind: &str,
    text: &str,
    pid: i32,
    endpoint: &str,
    filters: Option<String>,
    gpu_device_ids: Option<Vec<u32>>,
) -> PyResult<Bound<'py, PyList>> {
    let err = |e: String| PyValueError::new_err(e);
    let s = match kind {
        "rocm" => stats::amd::parse_metrics(text, gpu_device_ids.as_deref()).map_err(err)?,
        "neuron" => stats::trainium::parse_report(text, &[pid]).map_err(err)?,
        "openmetrics" => {
            let f: serde_json::Value = match filters {
                Some(f) => serde_json::from_str(&f).map_err(|e| err(e.to_string()))?,
                None => serde_json::Value::Null,
            };
            let f = stats::openmetrics::Filters::from_json(&f).map_err(err)?;
            let samples = stats::openmetrics::parse_text(text).map_err(err)?;
            stats::openmetrics::to_metrics(endpoint, &samples, &f, &mut Default::default())
        }
        "dcgm" => stats::dcgm::parse(text).map_err(err)?,
        "apple" => stats::platforms::parse_apple(text).map_err(err)?,
        "tpu" => stats::platforms::parse_tpu(text).map_err(err)?,
        "ipu" => stats::platforms::parse_ipu(text, pid).map_err(err)?,
        other => {
            return Err(PyValueError::new_err(format!(
                "kind must be one of rocm, neuron, openmetrics, dcgm, apple, tpu, ipu; got {other:?}"
            )))
        }
    };
    sample_to_py(py, &s)
}

/// Add this concern's functions and classes to `wandb._core`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySampler>()?;
    m.add_function(wrap_pyfunction!(stats_sample, m)?)?;
    m.add_function(wrap_pyfunction!(stats_tick_bench, m)?)?;
    m.add_function(wrap_pyfunction!(stats_probe, m)?)?;
    m.add_function(wrap_pyfunction!(stats_parse, m)?)?;
    Ok(())
}
