//! Parallel MD5 of files (W&B manifest digests: base64 of the raw MD5), with the persistent
//! cache of [`super::hash_cache`], and per-part MD5 for multipart uploads.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::cancelled;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use super::md5impl::Md5;

use super::hash_cache::{HashCache, Key};
use super::{b64, hash_threads, pool, PathError, BUF_SIZE};

/// A file modified this recently before it was read may change again within the same mtime
/// tick without changing its key: it is hashed but not cached.
pub(crate) const RACY_NS: i64 = 20_000_000;

/// MD5 of up to `limit` bytes (all when None) of `r`; returns the digest and the byte count.
/// Stops with an `Interrupted` error when `cancel` is set.
pub fn md5_reader<R: Read>(
    r: &mut R,
    buf: &mut [u8],
    limit: Option<u64>,
    cancel: &AtomicBool,
) -> io::Result<([u8; 16], u64)> {
    let mut h = Md5::new();
    let mut n = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        let want = match limit {
            Some(l) if l - n < buf.len() as u64 => (l - n) as usize,
            _ => buf.len(),
        };
        if want == 0 {
            break;
        }
        let got = match r.read(&mut buf[..want]) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..got]);
        n += got as u64;
    }
    Ok((h.finalize(), n))
}

/// Tell the kernel a file is read sequentially (bigger read-ahead).
pub fn advise_sequential(f: &File) {
    // SAFETY: a plain advisory syscall on an open descriptor.
    unsafe {
        libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_SEQUENTIAL);
    }
}

pub(crate) fn now_ns() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as i64).unwrap_or(0)
}

/// Hash one file; returns (raw md5, size, key when the file is safe to cache).
fn hash_one(path: &Path, buf: &mut [u8], cancel: &AtomicBool) -> io::Result<([u8; 16], u64, Option<Key>)> {
    let mut f = File::open(path)?;
    let before = f.metadata()?;
    if before.is_dir() {
        return Err(io::Error::from_raw_os_error(libc::EISDIR));
    }
    let start = now_ns();
    advise_sequential(&f);
    let (d, n) = md5_reader(&mut f, buf, None, cancel)?;
    let after = f.metadata()?;
    let (kb, ka) = (Key::of(&before), Key::of(&after));
    let stable = kb == ka && n == ka.size && ka.mtime_ns + RACY_NS < start && before.is_file();
    Ok((d, n, stable.then_some(ka)))
}

/// (base64 MD5, size) of each path, in order. See `docs/dev/core-api.md` (`md5_files`).
pub fn md5_files(paths: &[PathBuf], threads: usize, cache_dir: Option<&Path>) -> Result<Vec<(String, u64)>, PathError> {
    md5_files_cancellable(paths, threads, cache_dir, &AtomicBool::new(false))
}

/// [`md5_files`] that stops early (error kind `Interrupted`) once `cancel` is set.
pub fn md5_files_cancellable(
    paths: &[PathBuf],
    threads: usize,
    cache_dir: Option<&Path>,
    cancel: &AtomicBool,
) -> Result<Vec<(String, u64)>, PathError> {
    let n = paths.len();
    let abs: Vec<PathBuf> = paths.iter().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())).collect();
    // a cache that cannot be opened (read-only or full disk...) only costs the re-hashing
    let cache = cache_dir.and_then(|d| HashCache::open(d).ok());
    let results: Vec<Mutex<Option<(String, u64)>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let errors: Mutex<Vec<(usize, io::Error)>> = Mutex::new(Vec::new());
    let failed = AtomicBool::new(false);
    let threads = hash_threads(threads);

    // pass 1: stat (sizes for scheduling) and cache lookups, in parallel
    let sizes: Vec<Mutex<u64>> = (0..n).map(|_| Mutex::new(0)).collect();
    pool::run(
        threads.min(8),
        n,
        || (),
        |_, i| {
            if failed.load(Ordering::Relaxed) {
                return;
            }
            match std::fs::metadata(&abs[i]) {
                Ok(m) => {
                    *sizes[i].lock().unwrap() = m.len();
                    if let Some(c) = &cache {
                        if let Some(d) = c.get(&abs[i], &Key::of(&m)) {
                            *results[i].lock().unwrap() = Some((d, m.len()));
                        }
                    }
                }
                Err(e) => {
                    failed.store(true, Ordering::Relaxed);
                    errors.lock().unwrap().push((i, e));
                }
            }
        },
    );

    // pass 2: hash the misses, largest first
    if !failed.load(Ordering::Relaxed) {
        let mut todo: Vec<usize> = (0..n).filter(|&i| results[i].lock().unwrap().is_none()).collect();
        todo.sort_by_key(|&i| std::cmp::Reverse(*sizes[i].lock().unwrap()));
        pool::run(
            threads,
            todo.len(),
            || vec![0u8; BUF_SIZE],
            |buf, t| {
                if failed.load(Ordering::Relaxed) {
                    return;
                }
                let i = todo[t];
                match hash_one(&abs[i], buf, cancel) {
                    Ok((d, size, key)) => {
                        let d = b64(&d);
                        if let (Some(c), Some(k)) = (&cache, key) {
                            c.put(&abs[i], k, &d);
                        }
                        *results[i].lock().unwrap() = Some((d, size));
                    }
                    Err(e) => {
                        failed.store(true, Ordering::Relaxed);
                        errors.lock().unwrap().push((i, e));
                    }
                }
            },
        );
    }
    if let Some(c) = &cache {
        // a cache that cannot be written is not an error of the hashing
        let _ = c.flush();
    }
    let mut errors = errors.into_inner().unwrap();
    if !errors.is_empty() {
        errors.sort_by_key(|(i, _)| *i);
        let (i, e) = errors.swap_remove(0);
        return Err(PathError::new(&paths[i], e));
    }
    Ok(results.into_iter().map(|r| r.into_inner().unwrap().unwrap()).collect())
}

/// Hex MD5 of each `part_size` slice of `path`, parts hashed in parallel.
pub fn md5_parts(path: &Path, part_size: u64, threads: usize, cancel: &AtomicBool) -> Result<Vec<String>, PathError> {
    let err = |e| PathError::new(path, e);
    if part_size == 0 {
        return Err(err(io::Error::new(io::ErrorKind::InvalidInput, "part_size must be > 0")));
    }
    let size = File::open(path).and_then(|f| f.metadata()).map_err(err)?.len();
    let n_parts = size.div_ceil(part_size).max(1) as usize;
    let out: Vec<Mutex<Option<io::Result<String>>>> = (0..n_parts).map(|_| Mutex::new(None)).collect();
    pool::run(
        hash_threads(threads),
        n_parts,
        || vec![0u8; BUF_SIZE],
        |buf, i| {
            let off = i as u64 * part_size;
            let len = part_size.min(size.saturating_sub(off));
            let r = (|| {
                let mut f = File::open(path)?;
                f.seek(SeekFrom::Start(off))?;
                let (d, got) = md5_reader(&mut f, buf, Some(len), cancel)?;
                if got != len {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "file shrank while hashing"));
                }
                Ok(hex::encode(d))
            })();
            *out[i].lock().unwrap() = Some(r);
        },
    );
    out.into_iter().map(|m| m.into_inner().unwrap().unwrap().map_err(err)).collect()
}
