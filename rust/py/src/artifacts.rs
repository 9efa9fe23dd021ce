//! Bindings for `vireo_core::artifacts`: convert arguments, release the GIL, forward.
//! Contract: docs/dev/core-api.md, section "Artifacts".

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Value;
use vireo_core::artifacts::download::{self, DownloadOptions, DownloadResult};
use vireo_core::artifacts::net::NetOptions;
use vireo_core::artifacts::upload::{self, UploadResult};
use vireo_core::artifacts::stage::{self, Layout, StageItem};
use vireo_core::artifacts::{copy, hash, PathError};
use vireo_core::sender::http::Backoff;

/// `OSError(errno, strerror, path)` (Python picks the subclass from errno).
fn os_error(e: PathError) -> PyErr {
    let path = e.path.to_string_lossy().into_owned();
    match e.err.raw_os_error() {
        Some(n) => {
            let msg = std::io::Error::from_raw_os_error(n).to_string();
            let msg = msg.split(" (os error").next().unwrap_or(&msg).to_string();
            PyOSError::new_err((n, msg, path))
        }
        None => PyOSError::new_err((libc::EIO, e.err.to_string(), path)),
    }
}

/// Run `f` on a worker thread with the GIL released; every 100 ms the calling thread checks
/// for Python signals (Ctrl-C): on one, `cancel` is set, the work winds down (it checks the
/// flag between buffers and requests) and the signal's exception is raised.
fn interruptible<T: Send>(py: Python<'_>, cancel: &AtomicBool, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| {
        std::thread::scope(|s| {
            let (tx, rx) = channel();
            s.spawn(move || {
                let _ = tx.send(f());
            });
            loop {
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(v) => return Ok(v),
                    Err(RecvTimeoutError::Timeout) => {
                        if let Err(e) = Python::attach(|py| py.check_signals()) {
                            cancel.store(true, Ordering::Relaxed);
                            let _ = rx.recv();
                            return Err(e);
                        }
                    }
                    // the worker panicked: the scope re-raises it
                    Err(RecvTimeoutError::Disconnected) => return Err(PyOSError::new_err("artifact worker failed")),
                }
            }
        })
    })
}

/// Plain Python data (dict/list/tuple/str/int/float/bool/None, os.PathLike) → JSON value.
fn to_json(v: &Bound<'_, PyAny>, at: &str) -> PyResult<Value> {
    if v.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if v.is_instance_of::<PyInt>() {
        return match v.extract::<i64>() {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => Ok(Value::from(
                v.extract::<u64>().map_err(|_| PyValueError::new_err(format!("{at}: integer out of range")))?,
            )),
        };
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return Ok(serde_json::Number::from_f64(f.value()).map(Value::Number).unwrap_or(Value::Null));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        let mut m = serde_json::Map::new();
        for (k, x) in d.iter() {
            let k: String = k.extract().map_err(|_| PyTypeError::new_err(format!("{at}: dict keys must be str")))?;
            let sub = format!("{at}.{k}");
            m.insert(k, to_json(&x, &sub)?);
        }
        return Ok(Value::Object(m));
    }
    if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
        let mut out = Vec::new();
        for (i, x) in v.try_iter()?.enumerate() {
            out.push(to_json(&x?, &format!("{at}[{i}]"))?);
        }
        return Ok(Value::Array(out));
    }
    if v.hasattr("__fspath__")? {
        let p: PathBuf = v.extract()?;
        return Ok(Value::String(p.to_string_lossy().into_owned()));
    }
    Err(PyTypeError::new_err(format!("{at}: unsupported value of type {}", v.get_type().name()?)))
}

fn net_options(max_retries: u32, retry_base_ms: u64, retry_max_ms: u64, timeout_s: f64) -> PyResult<NetOptions> {
    if !(timeout_s > 0.0 && timeout_s.is_finite()) {
        return Err(PyValueError::new_err("timeout_s must be a finite number > 0"));
    }
    Ok(NetOptions {
        max_retries,
        backoff: Backoff {
            base: Duration::from_millis(retry_base_ms),
            max: Duration::from_millis(retry_max_ms.max(retry_base_ms)),
        },
        timeout: Duration::from_secs_f64(timeout_s),
        cancel: Arc::new(AtomicBool::new(false)),
    })
}

/// (base64 MD5, size) of each path, in order; parallel, cached in `cache_path` (a directory).
#[pyfunction]
#[pyo3(signature = (paths, threads=0, cache_path=None))]
fn md5_files(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    threads: usize,
    cache_path: Option<PathBuf>,
) -> PyResult<Vec<(String, u64)>> {
    let cancel = AtomicBool::new(false);
    interruptible(py, &cancel, || hash::md5_files_cancellable(&paths, threads, cache_path.as_deref(), &cancel))?
        .map_err(os_error)
}

/// Hex MD5 of each `part_size` slice of a file (multipart upload parts), in parallel.
#[pyfunction]
#[pyo3(signature = (path, part_size, threads=0))]
fn md5_parts(py: Python<'_>, path: PathBuf, part_size: u64, threads: usize) -> PyResult<Vec<String>> {
    if part_size == 0 {
        return Err(PyValueError::new_err("part_size must be > 0"));
    }
    let cancel = AtomicBool::new(false);
    interruptible(py, &cancel, || hash::md5_parts(&path, part_size, threads, &cancel))?.map_err(os_error)
}

fn upload_dict<'py>(py: Python<'py>, r: &UploadResult) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ok", r.ok)?;
    d.set_item("status", r.status)?;
    d.set_item("error", &r.error)?;
    d.set_item("errno", r.errno)?;
    d.set_item("etag", &r.etag)?;
    let etags = PyList::empty(py);
    for (n, e) in &r.etags {
        let p = PyDict::new(py);
        p.set_item("part_number", n)?;
        p.set_item("etag", e)?;
        etags.append(p)?;
    }
    d.set_item("etags", etags)?;
    d.set_item("bytes", r.bytes)?;
    d.set_item("attempts", r.attempts)?;
    Ok(d)
}

/// Upload files (single PUT/POST or multipart parts), in parallel with retries per request.
#[pyfunction]
#[pyo3(signature = (items, threads=0, *, max_retries=10, retry_base_ms=500, retry_max_ms=15000, timeout_s=300.0))]
fn upload_files<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    threads: usize,
    max_retries: u32,
    retry_base_ms: u64,
    retry_max_ms: u64,
    timeout_s: f64,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let items = upload::parse_items(&to_json(items, "items")?).map_err(PyValueError::new_err)?;
    let opts = net_options(max_retries, retry_base_ms, retry_max_ms, timeout_s)?;
    let res = interruptible(py, &opts.cancel, || upload::upload_files(&items, threads, &opts))?;
    res.iter().map(|r| upload_dict(py, r)).collect()
}

fn download_dict<'py>(py: Python<'py>, r: &DownloadResult) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ok", r.ok)?;
    d.set_item("status", r.status)?;
    d.set_item("error", &r.error)?;
    d.set_item("errno", r.errno)?;
    d.set_item("md5_b64", &r.md5_b64)?;
    d.set_item("size", r.size)?;
    d.set_item("bytes", r.bytes)?;
    d.set_item("resumed", r.resumed)?;
    d.set_item("attempts", r.attempts)?;
    Ok(d)
}

/// Download URLs to files: parallel, ranged parts for big files, resumable, MD5-verified,
/// atomically renamed onto dest.
#[pyfunction]
#[pyo3(signature = (items, threads=0, *, part_size=100 * (1 << 20), multipart_threshold=2 * (1 << 30),
                    max_retries=10, retry_base_ms=500, retry_max_ms=15000, timeout_s=300.0))]
#[allow(clippy::too_many_arguments)]
fn download_files<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    threads: usize,
    part_size: u64,
    multipart_threshold: u64,
    max_retries: u32,
    retry_base_ms: u64,
    retry_max_ms: u64,
    timeout_s: f64,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    if part_size == 0 {
        return Err(PyValueError::new_err("part_size must be > 0"));
    }
    let items = download::parse_items(&to_json(items, "items")?).map_err(PyValueError::new_err)?;
    let opts = DownloadOptions {
        net: net_options(max_retries, retry_base_ms, retry_max_ms, timeout_s)?,
        part_size,
        multipart_threshold,
    };
    let res = interruptible(py, &opts.net.cancel, || download::download_files(&items, threads, &opts))?;
    res.iter().map(|r| download_dict(py, r)).collect()
}

/// Copy a file atomically: reflink, else hardlink (when allowed), else in-kernel copy.
#[pyfunction]
#[pyo3(signature = (src, dst, allow_hardlink=false))]
fn copy_file_fast(py: Python<'_>, src: PathBuf, dst: PathBuf, allow_hardlink: bool) -> PyResult<&'static str> {
    py.detach(|| copy::copy_file_fast(&src, &dst, allow_hardlink)).map_err(os_error)
}

fn error_dict<'py>(py: Python<'py>, e: &PathError) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ok", false)?;
    d.set_item("error", e.to_string())?;
    d.set_item("errno", e.err.raw_os_error())?;
    d.set_item("mismatch", e.err.kind() == std::io::ErrorKind::InvalidData)?;
    d.set_item("path", e.path.to_string_lossy())?;
    Ok(d)
}

/// Copy files into a content-addressed directory, each copy guaranteed to hold the bytes of
/// its digest (docs/dev/core-api.md, `stage_files`). `items`: (src, expected base64 MD5 or
/// None, trusted); `layout`: "staging" or "blobs". One dict per item: ok, digest, size, dest,
/// action ("exists" / "copied" / "hashed" / "cloned"), or ok=False with error, errno, mismatch, path.
#[pyfunction]
#[pyo3(signature = (items, root, layout, mode=0o400, threads=0, cache_path=None))]
#[allow(clippy::too_many_arguments)]
fn stage_files<'py>(
    py: Python<'py>,
    items: Vec<(PathBuf, Option<String>, bool)>,
    root: PathBuf,
    layout: &str,
    mode: u32,
    threads: usize,
    cache_path: Option<PathBuf>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let layout = Layout::parse(layout)
        .ok_or_else(|| PyValueError::new_err(format!("layout: expected \"staging\" or \"blobs\", got {layout:?}")))?;
    let items: Vec<StageItem> =
        items.into_iter().map(|(src, expected, trusted)| StageItem { src, expected, trusted }).collect();
    let cancel = AtomicBool::new(false);
    let res = interruptible(py, &cancel, || {
        stage::stage_files(&items, &root, layout, mode, threads, cache_path.as_deref(), &cancel)
    })?;
    res.iter()
        .map(|r| match r {
            Ok(s) => {
                let d = PyDict::new(py);
                d.set_item("ok", true)?;
                d.set_item("digest", &s.digest)?;
                d.set_item("size", s.size)?;
                d.set_item("dest", s.dest.to_string_lossy())?;
                d.set_item("action", s.action)?;
                Ok(d)
            }
            Err(e) => error_dict(py, e),
        })
        .collect()
}

/// Copy each (src, dst) pair in parallel with the GIL released: like `copy_file_fast` when
/// `atomic`, else written in place when dst is new (replaced atomically when it exists). One
/// dict per pair: ok and how ("reflink" / "hardlink" / "copy"), or ok=False with error, errno.
#[pyfunction]
#[pyo3(signature = (pairs, threads=0, allow_hardlink=false, atomic=true))]
fn copy_files<'py>(
    py: Python<'py>,
    pairs: Vec<(PathBuf, PathBuf)>,
    threads: usize,
    allow_hardlink: bool,
    atomic: bool,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let res = py.detach(|| stage::copy_files(&pairs, threads, allow_hardlink, atomic));
    res.iter()
        .map(|r| match r {
            Ok(how) => {
                let d = PyDict::new(py);
                d.set_item("ok", true)?;
                d.set_item("how", *how)?;
                Ok(d)
            }
            Err(e) => error_dict(py, e),
        })
        .collect()
}

/// Which MD5 implementation hashes files: "openssl" (libcrypto loaded at run time) or "rust".
#[pyfunction]
fn md5_backend() -> &'static str {
    vireo_core::artifacts::md5impl::backend()
}

/// Add this concern's functions and classes to `wandb._core`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(md5_files, m)?)?;
    m.add_function(wrap_pyfunction!(md5_parts, m)?)?;
    m.add_function(wrap_pyfunction!(md5_backend, m)?)?;
    m.add_function(wrap_pyfunction!(upload_files, m)?)?;
    m.add_function(wrap_pyfunction!(download_files, m)?)?;
    m.add_function(wrap_pyfunction!(copy_file_fast, m)?)?;
    m.add_function(wrap_pyfunction!(stage_files, m)?)?;
    m.add_function(wrap_pyfunction!(copy_files, m)?)?;
    Ok(())
}
