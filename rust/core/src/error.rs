//! The one error type of the core crate; the binding crate maps it to Python exceptions.

use std::fmt;

/// Everything that can go wrong in the core.
#[derive(Debug)]
pub enum CoreError {
    /// An operating-system error (create, write, flush, fsync, open).
    Io(std::io::Error),
    /// Bad record JSON (syntax, unknown key, wrong type).
    Json(String),
    /// Protobuf bytes that do not decode as a `Record`.
    Decode(String),
    /// A transaction log whose header is not the W&B header.
    TxLog(String),
    /// The stream is finished (or its writer thread died).
    Closed(String),
    /// A wait ran past its timeout.
    Timeout(String),
}

/// Result alias used across the crate.
pub type CoreResult<T> = Result<T, CoreError>;

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CoreError::Io(e) => write!(f, "{e}"),
            CoreError::Json(m) => write!(f, "invalid record JSON: {m}"),
            CoreError::Decode(m) => write!(f, "invalid record bytes: {m}"),
            CoreError::TxLog(m) => write!(f, "{m}"),
            CoreError::Closed(m) => write!(f, "{m}"),
            CoreError::Timeout(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for CoreError {}

impl From<std::io::Error> for CoreError {
    fn from(e: std::io::Error) -> Self {
        CoreError::Io(e)
    }
}
