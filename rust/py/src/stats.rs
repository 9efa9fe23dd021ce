//! Bindings for `vireo_core::stats`: convert arguments, release the GIL, forward.

use pyo3::prelude::*;

/// Add this concern's functions and classes to `wandb._core`.
pub fn register(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
