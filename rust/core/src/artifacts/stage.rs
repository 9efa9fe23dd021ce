//! `stage_files`: copy files into a content-addressed directory while making sure each copy
//! holds exactly the bytes of the digest it is filed under.
//!
//! Two users: the artifact staging area of `policy="mutable"` (`<root>/md5/<hex[:2]>/<hex[2:]>`,
//! read-only copies) and the blob directory of a server on the same machine
//! (`<root>/<hex[:2]>/<hex>`, the same-host upload path).
//!
//! Per file: when the digest is already known (the caller vouches for it, or the persistent
//! hash cache has it for the file's current `stat`), the bytes are copied in the kernel (reflink,
//! else `copy_file_range`) and the source is re-`stat`ed afterwards; otherwise — or when the
//! source changed during that copy — the file is read once, hashed and written in the same pass,
//! so the digest is always the digest of the bytes written. A copy goes to a temp file in the
//! destination directory and is renamed into place; a file whose known digest is already filed
//! (with the right size) is not copied again (content-addressed: same name, same bytes).

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use super::copy::FICLONE;
use super::hash::{advise_sequential, now_ns, RACY_NS};
use super::hash_cache::{HashCache, Key};
use super::md5impl::Md5;
use super::{b64, cancelled, hash_threads, pool, PathError, BUF_SIZE};


/// Where a digest's copy lives under the root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `<root>/md5/<hex[:2]>/<hex[2:]>` (the artifact staging area).
    Staging,
    /// `<root>/<hex[:2]>/<hex>` (a server's local blob store).
    Blobs,
}

impl Layout {
    /// Parse "staging" / "blobs".
    pub fn parse(s: &str) -> Option<Layout> {
        match s {
            "staging" => Some(Layout::Staging),
            "blobs" => Some(Layout::Blobs),
            _ => None,
        }
    }

    /// The path of the copy of `hex` under `root`.
    pub fn path(self, root: &Path, hex: &str) -> PathBuf {
        match self {
            Layout::Staging => root.join("md5").join(&hex[..2]).join(&hex[2..]),
            Layout::Blobs => root.join(&hex[..2]).join(hex),
        }
    }
}

/// One file to stage.
#[derive(Clone, Debug)]
pub struct StageItem {
    /// The source file.
    pub src: PathBuf,
    /// The base64 MD5 the copy must have (an error when the bytes differ).
    pub expected: Option<String>,
    /// The caller vouches that `src` holds the bytes of `expected` (no hashing needed).
    pub trusted: bool,
}

/// What happened to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staged {
    /// Base64 MD5 of the copy.
    pub digest: String,
    /// Its size.
    pub size: u64,
    /// Where the copy is.
    pub dest: PathBuf,
    /// "exists" (a known digest already filed: nothing copied), "copied" (known digest,
    /// kernel copy), "hashed" (read, hashed and written in one pass) or "cloned" (cloned on a
    /// reflink filesystem, then the clone hashed).
    pub action: &'static str,
}

fn hex_of_b64(d: &str) -> Option<String> {
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD.decode(d).ok()?;
    (raw.len() == 16).then(|| hex::encode(raw))
}

fn mismatch(expected: &str, found: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("content changed since it was added: expected MD5 {expected}, found {found}"),
    )
}

/// A fresh temp file in `dir` (created when missing) with permissions `mode` (less the umask).
fn create_tmp(dir: &Path, mode: u32) -> io::Result<(File, PathBuf)> {
    use std::os::unix::fs::OpenOptionsExt;
    use std::sync::atomic::AtomicU64;
    static N: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = dir.join(format!(".stage-{}-{n}.vireo-tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).mode(mode).open(&p) {
            Ok(f) => return Ok((f, p)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::create_dir_all(dir)?,
            Err(e) => return Err(e),
        }
    }
}

fn kernel_copy(src: &mut File, dst: &mut File) -> io::Result<u64> {
    // SAFETY: FICLONE on two open descriptors; on failure dst is untouched.
    if unsafe { libc::ioctl(dst.as_raw_fd(), FICLONE as _, src.as_raw_fd()) } == 0 {
        return Ok(src.metadata()?.len());
    }
    // std::io::copy between files uses copy_file_range / sendfile on Linux
    io::copy(src, dst)
}

/// Read `src` from its start, hash it and write it to `dst` in one pass.
fn hash_copy(src: &mut File, dst: &mut File, buf: &mut [u8], cancel: &AtomicBool) -> io::Result<([u8; 16], u64)> {
    let mut h = Md5::new();
    let mut n = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        let got = match src.read(buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..got]);
        dst.write_all(&buf[..got])?;
        n += got as u64;
    }
    Ok((h.finalize(), n))
}

/// Move the finished temp copy to `dest` (a `dest` already there holds the same bytes:
/// content-addressed, so replacing it is harmless and readers keep the old inode).
fn settle(tmp: &Path, dest: &Path) -> io::Result<()> {
    match std::fs::rename(tmp, dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound && dest.parent().is_some_and(|p| !p.exists()) => {
            std::fs::create_dir_all(dest.parent().unwrap())?;
            std::fs::rename(tmp, dest)
        }
        r => r,
    }
}

struct Ctx<'a> {
    root: &'a Path,
    layout: Layout,
    mode: u32,
    cache: Option<&'a HashCache>,
    cancel: &'a AtomicBool,
}

fn stage_one(item: &StageItem, ctx: &Ctx<'_>, buf: &mut [u8]) -> io::Result<Staged> {
    let src_path = std::path::absolute(&item.src).unwrap_or_else(|_| item.src.clone());
    let mut src = File::open(&src_path)?;
    let before = src.metadata()?;
    if before.is_dir() {
        return Err(io::Error::from_raw_os_error(libc::EISDIR));
    }
    let key = Key::of(&before);
    let start = now_ns();
    // A digest we may trust without reading: the caller's, or the hash cache's for this stat.
    let known = match (&item.expected, item.trusted) {
        (Some(e), true) => Some(e.clone()),
        _ => ctx.cache.and_then(|c| c.get(&src_path, &key)),
    };
    if let (Some(d), Some(e)) = (&known, &item.expected) {
        if d != e {
            return Err(mismatch(e, d));
        }
    }
    if let Some(d) = &known {
        let hex = hex_of_b64(d).ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("bad digest {d}")))?;
        let dest = ctx.layout.path(ctx.root, &hex);
        if std::fs::metadata(&dest).map(|m| m.len() == before.len()).unwrap_or(false) {
            return Ok(Staged { digest: d.clone(), size: before.len(), dest, action: "exists" });
        }
        let dir = dest.parent().unwrap_or(ctx.root).to_path_buf();
        let (mut out, tmp) = create_tmp(&dir, ctx.mode)?;
        let res = (|| -> io::Result<Option<Staged>> {
            advise_sequential(&src);
            let n = kernel_copy(&mut src, &mut out)?;
            let after = src.metadata()?;
            if n != before.len() || Key::of(&after) != key {
                return Ok(None); // changed while copied: hash what we copy instead
            }
            drop(out);
            settle(&tmp, &dest)?;
            Ok(Some(Staged { digest: d.clone(), size: n, dest: dest.clone(), action: "copied" }))
        })();
        match res {
            Ok(Some(s)) => return Ok(s),
            Ok(None) => {
                let _ = std::fs::remove_file(&tmp);
                src = File::open(&src_path)?;
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
    }
    // Unknown digest (or a source that changed under the copy): on a filesystem that clones
    // (XFS, btrfs), clone and hash the clone (a private snapshot); else one read, hashed and
    // written in the same pass. Either way the digest is that of the bytes filed.
    let tmp_dir = match ctx.layout {
        Layout::Staging => ctx.root.join("md5"),
        Layout::Blobs => ctx.root.join("tmp"),
    };
    let (mut out, tmp) = create_tmp(&tmp_dir, ctx.mode)?;
    let res = (|| -> io::Result<Staged> {
        let before = src.metadata()?;
        // SAFETY: FICLONE on two open descriptors; on failure `out` is untouched.
        let cloned = unsafe { libc::ioctl(out.as_raw_fd(), FICLONE as _, src.as_raw_fd()) } == 0;
        let (raw, n) = if cloned {
            drop(out);
            let mut copy = File::open(&tmp)?;
            advise_sequential(&copy);
            super::hash::md5_reader(&mut copy, buf, None, ctx.cancel)?
        } else {
            advise_sequential(&src);
            let r = hash_copy(&mut src, &mut out, buf, ctx.cancel)?;
            drop(out);
            r
        };
        let after = src.metadata()?;
        let d = b64(&raw);
        if let Some(e) = &item.expected {
            if *e != d {
                return Err(mismatch(e, &d));
            }
        }
        let ka = Key::of(&after);
        let stable = Key::of(&before) == ka && n == ka.size && ka.mtime_ns + RACY_NS < start && after.is_file();
        if let (Some(c), true) = (ctx.cache, stable) {
            c.put(&src_path, ka, &d);
        }
        let dest = ctx.layout.path(ctx.root, &hex::encode(raw));
        if std::fs::metadata(&dest).map(|m| m.len() == n).unwrap_or(false) {
            let _ = std::fs::remove_file(&tmp); // already filed (same digest, same bytes)
            return Ok(Staged { digest: d, size: n, dest, action: "exists" });
        }
        settle(&tmp, &dest)?;
        Ok(Staged { digest: d, size: n, dest, action: if cloned { "cloned" } else { "hashed" } })
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}

/// Stage `items` under `root` (see the module doc); one result per item, in order. `mode` is
/// the permission of new copies; `cache_dir` the persistent hash cache (None: not used).
pub fn stage_files(
    items: &[StageItem],
    root: &Path,
    layout: Layout,
    mode: u32,
    threads: usize,
    cache_dir: Option<&Path>,
    cancel: &AtomicBool,
) -> Vec<Result<Staged, PathError>> {
    let n = items.len();
    let cache = cache_dir.and_then(|d| HashCache::open(d).ok());
    let ctx = Ctx { root, layout, mode, cache: cache.as_ref(), cancel };
    let results: Vec<Mutex<Option<Result<Staged, PathError>>>> = (0..n).map(|_| Mutex::new(None)).collect();
    // biggest first, so the long copies start early
    let mut order: Vec<(u64, usize)> =
        items.iter().enumerate().map(|(i, it)| (std::fs::metadata(&it.src).map(|m| m.len()).unwrap_or(0), i)).collect();
    order.sort_by_key(|&(size, _)| std::cmp::Reverse(size));
    pool::run(
        hash_threads(threads),
        n,
        || vec![0u8; BUF_SIZE],
        |buf, t| {
            let i = order[t].1;
            let r = if cancel.load(Ordering::Relaxed) {
                Err(cancelled())
            } else {
                stage_one(&items[i], &ctx, buf)
            };
            *results[i].lock().unwrap() = Some(r.map_err(|e| PathError::new(&items[i].src, e)));
        },
    );
    if let Some(c) = &cache {
        let _ = c.flush();
    }
    results.into_iter().map(|r| r.into_inner().unwrap().unwrap()).collect()
}

/// Copy `src` to a `dst` that is written in place when it does not exist yet (one file
/// creation, no temp file and rename; a failed copy removes it) and replaced atomically
/// otherwise. The copy gets default permissions (umask), not the source's. Returns "reflink"
/// or "copy".
pub fn copy_to_new(src: &Path, dst: &Path) -> Result<&'static str, PathError> {
    let mut s = File::open(src).map_err(|e| PathError::new(src, e))?;
    let dir = dst.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| PathError::new(dir, e))?;
    let (mut d, tmp) = match OpenOptions::new().write(true).create_new(true).open(dst) {
        Ok(d) => (d, None),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let (d, t) = create_tmp(dir, 0o666).map_err(|e| PathError::new(dst, e))?;
            (d, Some(t))
        }
        Err(e) => return Err(PathError::new(dst, e)),
    };
    let written = tmp.clone().unwrap_or_else(|| dst.to_path_buf());
    // SAFETY: FICLONE on two open descriptors; on failure `d` is untouched.
    let how = if unsafe { libc::ioctl(d.as_raw_fd(), FICLONE as _, s.as_raw_fd()) } == 0 {
        Ok("reflink")
    } else {
        io::copy(&mut s, &mut d).map(|_| "copy")
    };
    drop(d);
    let res = how.and_then(|h| match &tmp {
        Some(t) => std::fs::rename(t, dst).map(|_| h),
        None => Ok(h),
    });
    if res.is_err() {
        let _ = std::fs::remove_file(&written);
    }
    res.map_err(|e| PathError::new(dst, e))
}

/// Copy each (src, dst) pair in parallel; one result per pair. `atomic`: with
/// [`super::copy::copy_file_fast`] (temp file + rename: a reader never sees a partial dst),
/// else with [`copy_to_new`].
pub fn copy_files(
    pairs: &[(PathBuf, PathBuf)],
    threads: usize,
    allow_hardlink: bool,
    atomic: bool,
) -> Vec<Result<&'static str, PathError>> {
    let results: Vec<Mutex<Option<Result<&'static str, PathError>>>> = (0..pairs.len()).map(|_| Mutex::new(None)).collect();
    let mut order: Vec<(u64, usize)> =
        pairs.iter().enumerate().map(|(i, p)| (std::fs::metadata(&p.0).map(|m| m.len()).unwrap_or(0), i)).collect();
    order.sort_by_key(|&(size, _)| std::cmp::Reverse(size));
    pool::run(
        hash_threads(threads),
        pairs.len(),
        || (),
        |_, t| {
            let i = order[t].1;
            let r = if atomic {
                super::copy::copy_file_fast(&pairs[i].0, &pairs[i].1, allow_hardlink)
            } else {
                copy_to_new(&pairs[i].0, &pairs[i].1)
            };
            *results[i].lock().unwrap() = Some(r);
        },
    );
    results.into_iter().map(|r| r.into_inner().unwrap().unwrap()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn tmpdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("vireo-stage-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn md5_b64(data: &[u8]) -> String {
        use md5::{Digest, Md5 as Ref};
        b64(&Ref::digest(data))
    }

    fn item(p: &Path, expected: Option<&str>, trusted: bool) -> StageItem {
        StageItem { src: p.to_path_buf(), expected: expected.map(str::to_string), trusted }
    }

    #[test]
    fn stages_by_digest_in_both_layouts() {
        let d = tmpdir("layouts");
        let a = d.join("a.bin");
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&a, &data).unwrap();
        let hex = hex::encode(<md5::Md5 as md5::Digest>::digest(&data));
        let cancel = AtomicBool::new(false);
        for (layout, want) in [
            (Layout::Staging, d.join("st").join("md5").join(&hex[..2]).join(&hex[2..])),
            (Layout::Blobs, d.join("bl").join(&hex[..2]).join(&hex)),
        ] {
            let root = if layout == Layout::Staging { d.join("st") } else { d.join("bl") };
            let r = stage_files(&[item(&a, None, false)], &root, layout, 0o400, 2, None, &cancel);
            let s = r.into_iter().next().unwrap().unwrap();
            assert_eq!((s.digest.as_str(), s.size, s.action), (md5_b64(&data).as_str(), data.len() as u64, "hashed"));
            assert_eq!(s.dest, want);
            assert_eq!(std::fs::read(&want).unwrap(), data);
            assert_eq!(std::fs::metadata(&want).unwrap().permissions().mode() & 0o777, 0o400);
            // again: already there
            let r = stage_files(&[item(&a, None, false)], &root, layout, 0o400, 2, None, &cancel);
            assert_eq!(r[0].as_ref().unwrap().action, "exists");
        }
        // no temp file left behind
        let left: Vec<_> = walk(&d).into_iter().filter(|p| p.to_string_lossy().contains("vireo-tmp")).collect();
        assert!(left.is_empty(), "{left:?}");
    }

    fn walk(d: &Path) -> Vec<PathBuf> {
        let mut out = vec![];
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn expected_digest_is_checked_unless_trusted() {
        let d = tmpdir("expected");
        let a = d.join("a.txt");
        std::fs::write(&a, b"now different").unwrap();
        let cancel = AtomicBool::new(false);
        let old = md5_b64(b"what was added");
        let r = stage_files(&[item(&a, Some(&old), false)], &d.join("bl"), Layout::Blobs, 0o600, 1, None, &cancel);
        let e = r.into_iter().next().unwrap().unwrap_err();
        assert_eq!(e.err.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("content changed since it was added"), "{e}");
        // nothing was filed under either digest
        assert!(walk(&d.join("bl")).is_empty());
        // the right expected digest stages it
        let good = md5_b64(b"now different");
        let r = stage_files(&[item(&a, Some(&good), false)], &d.join("bl"), Layout::Blobs, 0o600, 1, None, &cancel);
        assert_eq!(r[0].as_ref().unwrap().action, "hashed");
        // trusted: copied without hashing (the caller vouches)
        let b = d.join("b.txt");
        std::fs::write(&b, b"bytes of b").unwrap();
        let db = md5_b64(b"bytes of b");
        let r = stage_files(&[item(&b, Some(&db), true)], &d.join("bl2"), Layout::Blobs, 0o600, 1, None, &cancel);
        let s = r[0].as_ref().unwrap();
        assert_eq!((s.action, s.size), ("copied", 10));
        assert_eq!(std::fs::read(&s.dest).unwrap(), b"bytes of b");
    }

    #[test]
    fn hash_cache_hit_copies_without_hashing_and_miss_fills_the_cache() {
        let d = tmpdir("cache");
        let a = d.join("a.bin");
        std::fs::write(&a, vec![5u8; 100_000]).unwrap();
        // make the file older than the racy window
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(10);
        File::options().write(true).open(&a).unwrap().set_modified(old).unwrap();
        let cancel = AtomicBool::new(false);
        let cache = d.join("hc");
        let r = stage_files(&[item(&a, None, false)], &d.join("s1"), Layout::Staging, 0o400, 1, Some(&cache), &cancel);
        assert_eq!(r[0].as_ref().unwrap().action, "hashed");
        let r = stage_files(&[item(&a, None, false)], &d.join("s2"), Layout::Staging, 0o400, 1, Some(&cache), &cancel);
        let s = r[0].as_ref().unwrap();
        assert_eq!(s.action, "copied");
        assert_eq!(s.digest, md5_b64(&[5u8; 100_000]));
        assert_eq!(std::fs::read(&s.dest).unwrap(), vec![5u8; 100_000]);
        // a stale cache entry (file rewritten, same size, new mtime) is not used
        std::fs::write(&a, vec![6u8; 100_000]).unwrap();
        let r = stage_files(&[item(&a, None, false)], &d.join("s3"), Layout::Staging, 0o400, 1, Some(&cache), &cancel);
        let s = r[0].as_ref().unwrap();
        assert_eq!((s.action, s.digest.clone()), ("hashed", md5_b64(&[6u8; 100_000])));
    }

    /// On a filesystem that clones, unknown files are cloned and the clone hashed. Run with
    /// `VIREO_TEST_REFLINK_DIR=<dir on XFS/btrfs> cargo test -p vireo_core -- --ignored clones`.
    #[test]
    #[ignore = "needs VIREO_TEST_REFLINK_DIR: a directory on XFS (reflink=1) or btrfs"]
    fn clones_then_hashes_on_a_reflink_filesystem() {
        let base = std::env::var_os("VIREO_TEST_REFLINK_DIR").expect("VIREO_TEST_REFLINK_DIR");
        let d = PathBuf::from(base).join(format!("vireo-stage-reflink-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        let a = d.join("a.bin");
        let data: Vec<u8> = (0..5_000_000u32).map(|i| (i % 253) as u8).collect();
        std::fs::write(&a, &data).unwrap();
        let cancel = AtomicBool::new(false);
        let r = stage_files(&[item(&a, None, false)], &d.join("st"), Layout::Staging, 0o400, 1, None, &cancel);
        let s = r[0].as_ref().unwrap();
        assert_eq!((s.action, s.digest.clone()), ("cloned", md5_b64(&data)));
        assert_eq!(std::fs::read(&s.dest).unwrap(), data);
        // the copy is a snapshot: changing the source afterwards leaves it alone
        std::fs::write(&a, b"changed").unwrap();
        assert_eq!(std::fs::read(&s.dest).unwrap(), data);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn errors_are_per_item_and_name_the_file() {
        let d = tmpdir("errors");
        let a = d.join("a.txt");
        std::fs::write(&a, b"a").unwrap();
        let cancel = AtomicBool::new(false);
        let items = [item(&d.join("missing"), None, false), item(&a, None, false), item(&d, None, false)];
        let r = stage_files(&items, &d.join("st"), Layout::Staging, 0o400, 2, None, &cancel);
        assert_eq!(r[0].as_ref().unwrap_err().err.kind(), io::ErrorKind::NotFound);
        assert!(r[0].as_ref().unwrap_err().to_string().contains("missing"));
        assert_eq!(r[1].as_ref().unwrap().digest, md5_b64(b"a"));
        assert_eq!(r[2].as_ref().unwrap_err().err.raw_os_error(), Some(libc::EISDIR));
    }

    #[test]
    fn copy_files_copies_each_pair() {
        let d = tmpdir("copies");
        let pairs: Vec<(PathBuf, PathBuf)> = (0..20)
            .map(|i| {
                let s = d.join(format!("s{i}"));
                std::fs::write(&s, format!("file {i}").repeat(i + 1)).unwrap();
                (s, d.join("out").join(format!("sub{}", i % 3)).join(format!("d{i}")))
            })
            .collect();
        for atomic in [true, false] {
            let r = copy_files(&pairs, 4, false, atomic);
            for (i, (res, (s, t))) in r.iter().zip(&pairs).enumerate() {
                assert!(res.is_ok(), "{i}");
                assert_eq!(std::fs::read(s).unwrap(), std::fs::read(t).unwrap());
            }
            let r = copy_files(&[(d.join("nope"), d.join("x"))], 1, false, atomic);
            assert_eq!(r[0].as_ref().unwrap_err().err.kind(), io::ErrorKind::NotFound);
            assert!(!d.join("x").exists());
        }
        // in place over an existing file: replaced whole, default permissions, no temp left
        let (s0, t0) = &pairs[3];
        std::fs::write(t0, b"an older, longer content than the source has").unwrap();
        std::fs::set_permissions(s0, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(copy_to_new(s0, t0).unwrap(), "copy");
        assert_eq!(std::fs::read(s0).unwrap(), std::fs::read(t0).unwrap());
        let umask_default = std::fs::metadata(&pairs[4].1).unwrap().permissions().mode() & 0o777;
        assert_eq!(std::fs::metadata(t0).unwrap().permissions().mode() & 0o777, umask_default);
        assert!(std::fs::read_dir(t0.parent().unwrap()).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().contains("vireo-tmp")));
    }
}
