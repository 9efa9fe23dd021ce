//! Artifact file hashing (parallel MD5, persistent hash cache) and transfers (parallel,
//! multipart, resumable uploads and downloads) for issue 6. Owner: the artifacts Rust helper.
