//! `wandb._core`: thin PyO3 bindings over `vireo_core`. Arguments are converted to owned
//! Rust data, blocking work runs with the GIL released, errors go through one funnel.

mod artifacts;
mod convert;
mod errors;
mod media;
mod reader;
mod sender;
mod stats;
mod stream;

use pyo3::prelude::*;

// Rust allocations cross threads (built on the caller, freed on the writer thread);
// mimalloc handles that far better than glibc malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[pymodule]
mod _core {
    use super::*;

    #[pymodule_export]
    use super::errors::TxLogError;
    #[pymodule_export]
    use super::reader::{decode_record, encode_record, read_records, PyReader};
    #[pymodule_export]
    use super::sender::sync_log;
    #[pymodule_export]
    use super::stream::PyStream;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", vireo_core::VERSION)?;
        super::artifacts::register(m)?;
        super::media::register(m)?;
        super::stats::register(m)?;
        Ok(())
    }
}
