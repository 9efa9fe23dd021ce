//! Artifact file hashing (parallel MD5, persistent hash cache) and transfers (parallel,
//! multipart, resumable uploads and downloads) for issue 6. Owner: the artifacts Rust helper.
//!
//! Everything here is blocking std-thread code with bounded memory: one 1 MiB buffer per
//! worker, files streamed, never read whole, never mmapped.

pub mod copy;
pub mod download;
pub mod hash;
pub mod hash_cache;
pub mod md5fast;
pub mod md5impl;
pub mod net;
pub mod pool;
pub mod stage;
pub mod upload;

use std::fmt;
use std::path::{Path, PathBuf};

/// The error of work stopped by a cancel flag (Ctrl-C in the calling Python thread).
pub fn cancelled() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled")
}

/// Buffer size of one worker.
pub const BUF_SIZE: usize = 1 << 20;

/// A local-file error that names its path (the binding raises `OSError(errno, msg, path)`).
#[derive(Debug)]
pub struct PathError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub err: std::io::Error,
}

impl PathError {
    /// Wrap `err` for `path`.
    pub fn new(path: &Path, err: std::io::Error) -> Self {
        PathError { path: path.to_path_buf(), err }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.err)
    }
}

impl std::error::Error for PathError {}

/// Number of hashing workers for `threads` (0 = cores).
pub fn hash_threads(threads: usize) -> usize {
    if threads > 0 {
        threads
    } else {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(4)
    }
}

/// Number of transfer workers for `threads` (0 = min(64, max(8, 2 × cores))).
pub fn transfer_threads(threads: usize) -> usize {
    if threads > 0 {
        threads
    } else {
        (2 * hash_threads(0)).clamp(8, 64)
    }
}

/// Base64 (standard, padded) of bytes.
pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests;
