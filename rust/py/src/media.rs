//! Bindings for `vireo_core::media`: convert arguments, release the GIL, forward.
//!
//! Array data is passed without the buffer protocol (not in the abi3 API of pyo3): either a
//! `bytes` object, or the address of a C-contiguous buffer (numpy:
//! `arr.__array_interface__["data"][0]`) plus its length. With an address the caller keeps the
//! array alive and unchanged for the duration of the call.

use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyInt};
use vireo_core::media::{histogram_f64 as core_histogram, write_png_file, PngError};

/// Borrow `data` (bytes, or an integer address with `nbytes`) as a byte slice.
fn byte_slice<'a>(data: &'a Bound<'_, PyAny>, nbytes: Option<usize>, what: &str) -> PyResult<&'a [u8]> {
    if let Ok(b) = data.cast::<PyBytes>() {
        let s = b.as_bytes();
        if let Some(n) = nbytes {
            if n != s.len() {
                return Err(PyValueError::new_err(format!("{what}: bytes object has {} bytes, not {n}", s.len())));
            }
        }
        return Ok(s);
    }
    if data.cast::<PyInt>().is_ok() {
        let addr: usize = data.extract()?;
        let Some(n) = nbytes else {
            return Err(PyTypeError::new_err(format!("{what}: a buffer address needs its length")));
        };
        if n == 0 {
            return Ok(&[]);
        }
        if addr == 0 {
            return Err(PyValueError::new_err(format!("{what}: null buffer address")));
        }
        // SAFETY: the caller passes the address and length of a live, contiguous buffer and
        // keeps it alive for the duration of this call (documented in docs/dev/core-api.md).
        return Ok(unsafe { std::slice::from_raw_parts(addr as *const u8, n) });
    }
    Err(PyTypeError::new_err(format!("{what}: expected bytes or an integer buffer address")))
}

/// Encode 8-bit pixels (H×W×C, C in 1..=4) as PNG, write `path`, return `(sha256_hex, size)`.
#[pyfunction]
#[pyo3(signature = (path, data, width, height, channels, nbytes=None, level=0))]
#[allow(clippy::too_many_arguments)]
fn encode_png(
    py: Python<'_>,
    path: String,
    data: &Bound<'_, PyAny>,
    width: u32,
    height: u32,
    channels: u8,
    nbytes: Option<usize>,
    level: u8,
) -> PyResult<(String, u64)> {
    let pixels = byte_slice(data, nbytes, "encode_png")?;
    py.detach(|| write_png_file(&path, pixels, width, height, channels, level)).map_err(|e| match e {
        PngError::Io(io) => PyOSError::new_err(format!("cannot write {path}: {io}")),
        other => PyValueError::new_err(other.to_string()),
    })
}

/// numpy.histogram of `n` float64 values (address or bytes): `(counts, edges)`.
#[pyfunction]
#[pyo3(signature = (data, n, bins, range=None))]
fn histogram_f64(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    n: usize,
    bins: usize,
    range: Option<(f64, f64)>,
) -> PyResult<(Vec<u64>, Vec<f64>)> {
    let bytes = byte_slice(data, Some(n * 8), "histogram_f64")?;
    if !(bytes.as_ptr() as usize).is_multiple_of(std::mem::align_of::<f64>()) {
        // unaligned buffer (rare): copy it
        let vals: Vec<f64> = bytes.chunks_exact(8).map(|c| f64::from_ne_bytes(c.try_into().unwrap())).collect();
        return py.detach(|| core_histogram(&vals, bins, range)).map_err(|e| PyValueError::new_err(e.to_string()));
    }
    // SAFETY: aligned, `n * 8` bytes long, alive for the call.
    let vals: &[f64] = unsafe { std::slice::from_raw_parts(bytes.as_ptr() as *const f64, n) };
    py.detach(|| core_histogram(vals, bins, range)).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Add this concern's functions and classes to `wandb._core`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(encode_png, m)?)?;
    m.add_function(wrap_pyfunction!(histogram_f64, m)?)?;
    Ok(())
}
