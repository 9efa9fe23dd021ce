//! The one error funnel: core errors → Python exceptions.

use pyo3::exceptions::{PyException, PyRuntimeError, PyTimeoutError, PyValueError};
use pyo3::PyErr;
use vireo_core::CoreError;

pyo3::create_exception!(
    wandb._core,
    TxLogError,
    PyException,
    "A file is not a W&B transaction log (bad header); bad records inside are skipped, not raised."
);

/// Map a core error to the matching Python exception.
pub fn to_py(e: CoreError) -> PyErr {
    match e {
        // pyo3 maps io::ErrorKind to FileExistsError, FileNotFoundError, PermissionError...
        CoreError::Io(e) => PyErr::from(e),
        CoreError::Json(m) => PyValueError::new_err(format!("invalid record JSON: {m}")),
        CoreError::Decode(m) => PyValueError::new_err(format!("invalid record bytes: {m}")),
        CoreError::TxLog(m) => TxLogError::new_err(m),
        CoreError::Closed(m) => PyRuntimeError::new_err(m),
        CoreError::Timeout(m) => PyTimeoutError::new_err(m),
    }
}

/// `Result` alias for binding functions.
pub trait IntoPy<T> {
    /// Convert the error side with [`to_py`].
    fn py_err(self) -> pyo3::PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, CoreError> {
    fn py_err(self) -> pyo3::PyResult<T> {
        self.map_err(to_py)
    }
}
