//! `wandb._core.Reader`, `read_records`, `encode_record`, `decode_record`.

use std::fs::File;
use std::io::BufReader;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use vireo_core::proto::{decode_record_json, encode_record_json, Record};
use vireo_core::txlog::Reader;
use vireo_core::CoreError;

use crate::errors::IntoPy;

struct State {
    reader: Reader<BufReader<File>>,
    undecodable: u64,
}

/// Iterates `(file_offset, record_json)` over the intact records of a transaction log.
#[pyclass(name = "Reader", module = "wandb._core", frozen)]
pub struct PyReader {
    state: Mutex<State>,
}

#[pymethods]
impl PyReader {
    #[new]
    fn new(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let reader = py.detach(|| Reader::open(path)).py_err()?;
        Ok(PyReader { state: Mutex::new(State { reader, undecodable: 0 }) })
    }

    /// The iterator over records (the reader itself).
    fn records(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<(u64, String)>> {
        py.detach(|| {
            let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
            loop {
                match st.reader.next_record().map_err(CoreError::Io)? {
                    None => return Ok(None),
                    Some((off, bytes)) => match Record::decode_bytes(&bytes) {
                        Ok(r) => return Ok(Some((off, r.to_json()))),
                        Err(_) => st.undecodable += bytes.len() as u64,
                    },
                }
            }
        })
        .py_err()
    }

    /// Bytes skipped so far (corrupt, torn or undecodable data).
    #[getter]
    fn skipped_bytes(&self) -> u64 {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.reader.skipped_bytes() + st.undecodable
    }
}

/// Iterate `(file_offset, record_json)` over a transaction log.
#[pyfunction]
pub fn read_records(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyReader> {
    PyReader::new(py, path)
}

/// Record JSON → protobuf bytes.
#[pyfunction]
pub fn encode_record<'py>(py: Python<'py>, record_json: &str) -> PyResult<Bound<'py, PyBytes>> {
    let b = encode_record_json(record_json).py_err()?;
    Ok(PyBytes::new(py, &b))
}

/// Protobuf bytes → record JSON.
#[pyfunction]
pub fn decode_record(data: &[u8]) -> PyResult<String> {
    decode_record_json(data).py_err()
}
