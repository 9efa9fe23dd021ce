//! Vireo core: wandb 0.21.3 compatible records, transaction log and the per-run writer
//! pipeline. Pure Rust (no Python); `rust/py` binds it as `wandb._core`.

pub mod artifacts;
pub mod error;
pub mod json;
pub mod media;
pub mod proto;
pub mod sender;
pub mod stats;
pub mod stream;
pub mod txlog;

pub use error::{CoreError, CoreResult};

/// Version of the Vireo core.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
