//! Parallel, resumable, verified downloads. Each item is written to `<dest>.vireo-part`
//! (flock'ed), continued with `Range` after an interruption, fetched as parallel `Range`
//! parts when large, checked against the expected size / MD5 and only then renamed onto
//! `dest`. See `docs/dev/core-api.md` (`download_files`).

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Mutex;

use super::md5impl::Md5;
use serde_json::Value;

use super::hash::{advise_sequential, md5_reader};
use super::net::{self, classify, retry_with_fallback, transport_io, Failure, NetOptions};
use super::{b64, pool, transfer_threads, BUF_SIZE};

/// Suffix of the temp file next to `dest`.
pub const PART_SUFFIX: &str = ".vireo-part";
/// Suffix of the completed-parts record of a multipart download.
pub const PARTS_LOG_SUFFIX: &str = ".vireo-part.parts";

/// One file to download.
#[derive(Clone, Debug, Default)]
pub struct DownloadItem {
    /// Source URL.
    pub url: String,
    /// Final path.
    pub dest: PathBuf,
    /// Headers of requests to `url`.
    pub headers: Vec<(String, String)>,
    /// Expected base64 MD5.
    pub md5_b64: Option<String>,
    /// Expected size.
    pub size: Option<u64>,
    /// URL used when `url` fails.
    pub fallback_url: Option<String>,
    /// Headers of requests to `fallback_url`.
    pub fallback_headers: Vec<(String, String)>,
}

/// Options of [`download_files`].
#[derive(Clone, Debug)]
pub struct DownloadOptions {
    /// Retries and timeouts.
    pub net: NetOptions,
    /// Size of one Range part.
    pub part_size: u64,
    /// Files at least this big (by their given `size`) are fetched in parts.
    pub multipart_threshold: u64,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        DownloadOptions { net: NetOptions::default(), part_size: 100 << 20, multipart_threshold: 2 << 30 }
    }
}

/// Outcome of one item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DownloadResult {
    /// dest holds the verified file.
    pub ok: bool,
    /// Last HTTP status seen (0: none).
    pub status: u16,
    /// What failed.
    pub error: Option<String>,
    /// OS error number of a local failure (28 = ENOSPC).
    pub errno: Option<i32>,
    /// Base64 MD5 of dest when ok.
    pub md5_b64: Option<String>,
    /// Size of dest when ok.
    pub size: u64,
    /// Bytes fetched by this call.
    pub bytes: u64,
    /// A partial file (from an earlier interruption) was continued.
    pub resumed: bool,
    /// Requests made.
    pub attempts: u32,
}

/// Parse the items of `download_files` from their JSON form (errors name the item and key).
pub fn parse_items(v: &Value) -> Result<Vec<DownloadItem>, String> {
    let arr = v.as_array().ok_or("items must be a list of dicts")?;
    let mut out = Vec::with_capacity(arr.len());
    let allowed = ["url", "dest", "headers", "md5_b64", "size", "fallback_url", "fallback_headers"];
    for (i, it) in arr.iter().enumerate() {
        let what = format!("items[{i}]");
        let o = it.as_object().ok_or_else(|| format!("{what} must be a dict"))?;
        for k in o.keys() {
            if !allowed.contains(&k.as_str()) {
                return Err(format!("{what}: unknown key {k:?} (accepted: {})", allowed.join(", ")));
            }
        }
        let s = |k: &str| -> Result<Option<String>, String> {
            match o.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(v) => Err(format!("{what}: {k:?} must be a string, not {v}")),
            }
        };
        let size = match o.get("size") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| format!("{what}: \"size\" must be a non-negative int, not {v}"))?),
        };
        let hdr = |k: &str| net::parse_headers(o.get(k).unwrap_or(&Value::Null)).map_err(|e| format!("{what}: {e}"));
        out.push(DownloadItem {
            url: s("url")?.ok_or_else(|| format!("{what}: \"url\" is required"))?,
            dest: PathBuf::from(s("dest")?.ok_or_else(|| format!("{what}: \"dest\" is required"))?),
            headers: hdr("headers")?,
            md5_b64: s("md5_b64")?,
            size,
            fallback_url: s("fallback_url")?,
            fallback_headers: hdr("fallback_headers")?,
        });
    }
    Ok(out)
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

fn flock(f: &File, nonblocking: bool) -> io::Result<()> {
    let op = libc::LOCK_EX | if nonblocking { libc::LOCK_NB } else { 0 };
    loop {
        // SAFETY: flock on an open descriptor.
        if unsafe { libc::flock(f.as_raw_fd(), op) } == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

enum Locked {
    /// The temp file, locked by us.
    Tmp(File),
    /// Another process held the lock and has since renamed its file away: check dest.
    MaybeDone,
}

fn lock_tmp(tmp: &Path) -> io::Result<Locked> {
    loop {
        let f = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(tmp)?;
        let contended = match flock(&f, true) {
            Ok(()) => false,
            Err(e) if e.raw_os_error() == Some(libc::EWOULDBLOCK) => match flock(&f, false) {
                Ok(()) => true,
                Err(_) => return Ok(Locked::Tmp(f)),
            },
            // a filesystem without flock (some network mounts): go on unlocked
            Err(_) => return Ok(Locked::Tmp(f)),
        };
        let mine = f.metadata()?;
        match std::fs::metadata(tmp) {
            Ok(m) if m.ino() == mine.ino() && m.dev() == mine.dev() => return Ok(Locked::Tmp(f)),
            _ if contended => return Ok(Locked::MaybeDone),
            _ => continue,
        }
    }
}

/// Hash a whole file (verification, dest checks).
fn md5_path(p: &Path, buf: &mut [u8]) -> io::Result<(String, u64)> {
    let mut f = File::open(p)?;
    advise_sequential(&f);
    let (d, n) = md5_reader(&mut f, buf, None, &AtomicBool::new(false))?;
    Ok((b64(&d), n))
}

/// Whether dest already holds the expected content (after another process's download).
fn dest_matches(item: &DownloadItem, buf: &mut [u8]) -> Option<(String, u64)> {
    let m = std::fs::metadata(&item.dest).ok()?;
    if item.size.is_some_and(|s| s != m.len()) {
        return None;
    }
    let (d, n) = md5_path(&item.dest, buf).ok()?;
    if item.md5_b64.as_ref().is_some_and(|e| *e != d) {
        return None;
    }
    Some((d, n))
}

fn request(agent: &ureq::Agent, item: &DownloadItem, fallback: bool) -> ureq::Request {
    let (url, headers) = match (&item.fallback_url, fallback) {
        (Some(u), true) => (u.as_str(), &item.fallback_headers),
        _ => (item.url.as_str(), &item.headers),
    };
    let mut req = agent.get(url);
    for (k, v) in headers {
        req = req.set(k, v);
    }
    // the stored bytes, never a transfer encoding of them (ranges and digests are of the
    // stored bytes); ureq adds `gzip` otherwise
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept-encoding")) {
        req = req.set("Accept-Encoding", "identity");
    }
    req
}

/// Start of a `Content-Range: bytes a-b/n` header.
fn content_range_start(resp: &ureq::Response) -> Option<u64> {
    let v = resp.header("Content-Range")?;
    let r = v.trim().strip_prefix("bytes")?.trim();
    r.split('-').next()?.trim().parse().ok()
}

fn local(e: &io::Error, dest: &Path) -> Failure {
    Failure::local(e, &format!("cannot write {}", dest.display()))
}

/// State of a single-stream download: the temp file and a hasher over its first `hashed` bytes.
struct Single<'a> {
    item: &'a DownloadItem,
    f: File,
    hasher: Md5,
    hashed: u64,
    fetched: u64,
    resumed: bool,
    status: u16,
}

impl Single<'_> {
    fn restart(&mut self) -> Result<(), Failure> {
        self.f.set_len(0).map_err(|e| local(&e, &self.item.dest))?;
        self.hasher = Md5::new();
        self.hashed = 0;
        Ok(())
    }

    /// One GET continuing from the temp file's length.
    fn attempt(
        &mut self,
        agent: &ureq::Agent,
        opts: &NetOptions,
        fallback: bool,
        buf: &mut [u8],
    ) -> Result<(), Failure> {
        let dest = &self.item.dest;
        let mut have = self.f.metadata().map_err(|e| local(&e, dest))?.len();
        if let Some(sz) = self.item.size {
            if have > sz {
                self.restart()?;
                have = 0;
            } else if have == sz && sz > 0 {
                // complete from an earlier call: verified by the caller (refetched on mismatch)
                self.resumed = true;
                return self.catch_up_hash(have, buf);
            }
        }
        let mut req = request(agent, self.item, fallback);
        if have > 0 {
            req = req.set("Range", &format!("bytes={have}-"));
        }
        let resp = match req.call() {
            Ok(r) => r,
            Err(ureq::Error::Status(416, r)) if have > 0 && self.item.size.is_none() => {
                // nothing past our length: the partial file is complete (verified below)
                self.status = r.status();
                self.resumed = true;
                return self.catch_up_hash(have, buf);
            }
            Err(ureq::Error::Status(416, _)) if have > 0 => {
                self.restart()?;
                return Err(Failure {
                    status: 416,
                    msg: "range not satisfiable".into(),
                    retry: true,
                    after: None,
                    errno: None,
                });
            }
            Err(e) => return Err(classify(e)),
        };
        self.status = resp.status();
        let mut at = 0u64;
        if resp.status() == 206 && have > 0 {
            if content_range_start(&resp) != Some(have) {
                self.restart()?;
                return Err(Failure::fatal(206, "the server answered a different range".into()));
            }
            self.resumed = true;
            at = have;
        } else if resp.status() == 206 {
            return Err(Failure::fatal(206, "partial content to a request without Range".into()));
        } else if have > 0 {
            self.restart()?;
        }
        self.catch_up_hash(at, buf)?;
        self.f.seek(SeekFrom::Start(at)).map_err(|e| local(&e, dest))?;
        let status = self.status;
        let mut rd = resp.into_reader();
        loop {
            if opts.is_cancelled() {
                return Err(net::cancelled_failure());
            }
            let k = match rd.read(buf) {
                Ok(0) => break,
                Ok(k) => k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(transport_io(&e, status)),
            };
            self.f.write_all(&buf[..k]).map_err(|e| local(&e, dest))?;
            self.hasher.update(&buf[..k]);
            self.hashed += k as u64;
            self.fetched += k as u64;
        }
        if let Some(sz) = self.item.size {
            if self.hashed < sz {
                return Err(Failure {
                    status,
                    msg: format!("connection closed after {} of {sz} bytes", self.hashed),
                    retry: true,
                    after: None,
                    errno: None,
                });
            }
        }
        Ok(())
    }

    /// Make the hasher cover the first `upto` bytes of the temp file (a resumed prefix).
    fn catch_up_hash(&mut self, upto: u64, buf: &mut [u8]) -> Result<(), Failure> {
        if self.hashed == upto {
            return Ok(());
        }
        self.hasher = Md5::new();
        self.f.seek(SeekFrom::Start(0)).map_err(|e| local(&e, &self.item.dest))?;
        let mut left = upto;
        while left > 0 {
            let want = left.min(buf.len() as u64) as usize;
            let k = self.f.read(&mut buf[..want]).map_err(|e| local(&e, &self.item.dest))?;
            if k == 0 {
                break;
            }
            self.hasher.update(&buf[..k]);
            left -= k as u64;
        }
        self.hashed = upto - left;
        Ok(())
    }
}

fn remove_tmp(tmp: &Path) {
    let _ = std::fs::remove_file(tmp);
    let _ = std::fs::remove_file(with_suffix(tmp, ".parts"));
}

fn finish_ok(r: &mut DownloadResult, tmp: &Path, dest: &Path, digest: String, size: u64) -> bool {
    match std::fs::rename(tmp, dest) {
        Ok(()) => {
            let _ = std::fs::remove_file(with_suffix(tmp, ".parts"));
            r.ok = true;
            r.md5_b64 = Some(digest);
            r.size = size;
            true
        }
        Err(e) => {
            r.errno = e.raw_os_error();
            r.error = Some(format!("cannot rename onto {}: {e}", dest.display()));
            remove_tmp(tmp);
            false
        }
    }
}

fn verify(item: &DownloadItem, digest: &str, size: u64) -> Option<String> {
    if let Some(sz) = item.size {
        if sz != size {
            return Some(format!("size mismatch for {}: expected {sz} bytes, got {size}", item.dest.display()));
        }
    }
    if let Some(e) = &item.md5_b64 {
        if e != digest {
            return Some(format!("md5 mismatch for {}: expected {e}, got {digest}", item.dest.display()));
        }
    }
    None
}

fn prepare_dest(item: &DownloadItem) -> Result<(), Failure> {
    if let Some(parent) = item.dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| local(&e, parent))?;
    }
    Ok(())
}

fn fail_with(r: &mut DownloadResult, f: Failure) {
    r.ok = false;
    if f.status != 0 {
        r.status = f.status;
    }
    r.errno = f.errno;
    r.error = Some(f.msg);
}

fn download_single(item: &DownloadItem, agent: &ureq::Agent, opts: &DownloadOptions, buf: &mut [u8]) -> DownloadResult {
    let mut r = DownloadResult::default();
    if let Err(f) = prepare_dest(item) {
        fail_with(&mut r, f);
        return r;
    }
    let tmp = with_suffix(&item.dest, PART_SUFFIX);
    let f = match lock_tmp(&tmp) {
        Ok(Locked::Tmp(f)) => f,
        Ok(Locked::MaybeDone) => {
            if let Some((d, n)) = dest_matches(item, buf) {
                r.ok = true;
                r.md5_b64 = Some(d);
                r.size = n;
                return r;
            }
            return download_single(item, agent, opts, buf);
        }
        Err(e) => {
            fail_with(&mut r, local(&e, &tmp));
            return r;
        }
    };
    let mut st = Single { item, f, hasher: Md5::new(), hashed: 0, fetched: 0, resumed: false, status: 0 };
    let mut restarted = false;
    loop {
        let (res, n) =
            retry_with_fallback(&opts.net, item.fallback_url.is_some(), |fb| st.attempt(agent, &opts.net, fb, buf));
        r.attempts += n;
        r.status = st.status;
        if let Err(f) = res {
            if f.errno.is_some() {
                // a local write error (disk full...): free the space
                remove_tmp(&tmp);
            }
            fail_with(&mut r, f);
            break;
        }
        let digest = b64(&std::mem::take(&mut st.hasher).finalize());
        let size = st.hashed;
        match verify(item, &digest, size) {
            None => {
                finish_ok(&mut r, &tmp, &item.dest, digest, size);
                break;
            }
            Some(msg) if st.resumed && !restarted => {
                // the kept prefix may be bad: once more from zero
                let _ = msg;
                restarted = true;
                st.resumed = false;
                if let Err(f) = st.restart() {
                    fail_with(&mut r, f);
                    break;
                }
            }
            Some(msg) => {
                remove_tmp(&tmp);
                r.error = Some(msg);
                break;
            }
        }
    }
    r.bytes = st.fetched;
    r.resumed = st.resumed;
    r
}

/// A multipart item in flight.
struct Multi {
    tmp: PathBuf,
    file: Option<File>,
    parts_log: Mutex<Option<File>>,
    failed: AtomicBool,
    /// The server ignored Range (answered 200): fetch the whole file in one stream instead.
    no_range: AtomicBool,
    fetched: AtomicU64,
    attempts: AtomicU32,
    resumed: bool,
    result: Mutex<DownloadResult>,
}

fn part_range(i: usize, part: u64, size: u64) -> (u64, u64) {
    let off = i as u64 * part;
    (off, part.min(size - off))
}

/// Open, lock and size the temp file; returns the missing part indices.
fn prepare_multi(item: &DownloadItem, opts: &DownloadOptions, buf: &mut [u8]) -> (Multi, Vec<usize>) {
    let size = item.size.unwrap_or(0);
    let tmp = with_suffix(&item.dest, PART_SUFFIX);
    let mut m = Multi {
        tmp: tmp.clone(),
        file: None,
        parts_log: Mutex::new(None),
        failed: AtomicBool::new(false),
        no_range: AtomicBool::new(false),
        fetched: AtomicU64::new(0),
        attempts: AtomicU32::new(0),
        resumed: false,
        result: Mutex::new(DownloadResult::default()),
    };
    let fail = |m: &Multi, f: Failure| {
        m.failed.store(true, Ordering::Relaxed);
        fail_with(&mut m.result.lock().unwrap(), f);
    };
    if let Err(f) = prepare_dest(item) {
        fail(&m, f);
        return (m, vec![]);
    }
    let f = match lock_tmp(&tmp) {
        Ok(Locked::Tmp(f)) => f,
        Ok(Locked::MaybeDone) => {
            if let Some((d, n)) = dest_matches(item, buf) {
                let mut r = m.result.lock().unwrap();
                r.ok = true;
                r.md5_b64 = Some(d);
                r.size = n;
                drop(r);
                m.failed.store(true, Ordering::Relaxed); // nothing more to do
                return (m, vec![]);
            }
            return prepare_multi(item, opts, buf);
        }
        Err(e) => {
            fail(&m, local(&e, &tmp));
            return (m, vec![]);
        }
    };
    let log_path = with_suffix(&tmp, ".parts");
    let n_parts = size.div_ceil(opts.part_size) as usize;
    let mut done = vec![false; n_parts];
    let len = f.metadata().map(|md| md.len()).unwrap_or(0);
    if len == size {
        if let Ok(text) = std::fs::read_to_string(&log_path) {
            for line in text.lines() {
                let v: Vec<u64> = line.split(' ').filter_map(|x| x.parse().ok()).collect();
                if let [i, off, l] = v[..] {
                    if (i as usize) < n_parts && part_range(i as usize, opts.part_size, size) == (off, l) {
                        done[i as usize] = true;
                    }
                }
            }
        }
    } else {
        let _ = std::fs::remove_file(&log_path);
        if let Err(e) = f.set_len(0).and_then(|_| f.set_len(size)) {
            fail(&m, local(&e, &item.dest));
            remove_tmp(&tmp);
            return (m, vec![]);
        }
    }
    m.resumed = done.iter().any(|&d| d);
    match OpenOptions::new().create(true).append(true).open(&log_path) {
        Ok(lf) => *m.parts_log.lock().unwrap() = Some(lf),
        Err(e) => {
            fail(&m, local(&e, &log_path));
            return (m, vec![]);
        }
    }
    m.file = Some(f);
    (m, (0..n_parts).filter(|&i| !done[i]).collect())
}

/// Fetch one part (resuming inside the part after a broken connection).
fn fetch_part(item: &DownloadItem, m: &Multi, i: usize, agent: &ureq::Agent, opts: &DownloadOptions, buf: &mut [u8]) {
    let size = item.size.unwrap_or(0);
    let (off, len) = part_range(i, opts.part_size, size);
    let f = m.file.as_ref().unwrap();
    let mut got = 0u64;
    let (res, n) = retry_with_fallback(&opts.net, item.fallback_url.is_some(), |fb| {
        if m.failed.load(Ordering::Relaxed) {
            return Err(Failure::fatal(0, "another part failed".into()));
        }
        let start = off + got;
        let end = off + len - 1;
        let resp = request(agent, item, fb).set("Range", &format!("bytes={start}-{end}")).call().map_err(classify)?;
        let status = resp.status();
        if status == 200 {
            // Range not supported: stop the parts, the item is fetched in one stream at the end
            m.no_range.store(true, Ordering::Relaxed);
            m.failed.store(true, Ordering::Relaxed);
            return Ok(status);
        }
        if status != 206 || content_range_start(&resp) != Some(start) {
            return Err(Failure::fatal(
                status,
                format!("the server did not honour Range bytes={start}-{end} (HTTP {status})"),
            ));
        }
        let mut rd = resp.into_reader();
        while got < len {
            if opts.net.is_cancelled() {
                return Err(net::cancelled_failure());
            }
            let want = (len - got).min(buf.len() as u64) as usize;
            let k = match rd.read(&mut buf[..want]) {
                Ok(0) => break,
                Ok(k) => k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(transport_io(&e, status)),
            };
            f.write_all_at(&buf[..k], off + got).map_err(|e| local(&e, &item.dest))?;
            got += k as u64;
            m.fetched.fetch_add(k as u64, Ordering::Relaxed);
        }
        if got < len {
            return Err(Failure {
                status,
                msg: format!("part {i}: connection closed early"),
                retry: true,
                after: None,
                errno: None,
            });
        }
        Ok(status)
    });
    m.attempts.fetch_add(n, Ordering::Relaxed);
    match res {
        Ok(_) if m.no_range.load(Ordering::Relaxed) => {}
        Ok(status) => {
            m.result.lock().unwrap().status = status;
            if let Some(lf) = m.parts_log.lock().unwrap().as_mut() {
                let _ = lf.write_all(format!("{i} {off} {len}\n").as_bytes());
            }
        }
        Err(f) => {
            if !m.failed.swap(true, Ordering::Relaxed) {
                fail_with(&mut m.result.lock().unwrap(), f);
            }
        }
    }
}

fn finish_multi(
    item: &DownloadItem,
    m: Multi,
    agent: &ureq::Agent,
    opts: &DownloadOptions,
    buf: &mut [u8],
) -> DownloadResult {
    let mut r = std::mem::take(&mut *m.result.lock().unwrap());
    r.bytes = m.fetched.load(Ordering::Relaxed);
    r.attempts += m.attempts.load(Ordering::Relaxed);
    r.resumed = m.resumed;
    if m.no_range.load(Ordering::Relaxed) {
        // release our lock first (flock is per open file: a second lock would wait on us)
        drop(m.file);
        remove_tmp(&m.tmp);
        let mut single = download_single(item, agent, opts, buf);
        single.attempts += r.attempts;
        single.bytes += r.bytes;
        return single;
    }
    if m.failed.load(Ordering::Relaxed) {
        if r.errno.is_some() && m.file.is_some() {
            remove_tmp(&m.tmp);
        }
        return r;
    }
    match md5_path(&m.tmp, buf) {
        Ok((digest, size)) => match verify(item, &digest, size) {
            None => {
                finish_ok(&mut r, &m.tmp, &item.dest, digest, size);
            }
            Some(msg) => {
                remove_tmp(&m.tmp);
                r.error = Some(msg);
            }
        },
        Err(e) => {
            fail_with(&mut r, local(&e, &m.tmp));
            remove_tmp(&m.tmp);
        }
    }
    drop(m.file);
    r
}

/// Download every item (items and parts in parallel). One result per item, in order.
pub fn download_files(items: &[DownloadItem], threads: usize, opts: &DownloadOptions) -> Vec<DownloadResult> {
    let part = opts.part_size.max(1);
    let opts = &DownloadOptions { part_size: part, ..opts.clone() };
    let is_multi = |it: &DownloadItem| it.size.is_some_and(|s| s >= opts.multipart_threshold && s > part);
    let mut buf = vec![0u8; BUF_SIZE];
    // phase 1: lock and size the multipart temp files
    let mut multis: Vec<Option<Multi>> = Vec::with_capacity(items.len());
    // tasks: (item, part index or None for a single download, bytes)
    let mut tasks: Vec<(usize, Option<usize>, u64)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if is_multi(it) {
            let (m, missing) = prepare_multi(it, opts, &mut buf);
            let size = it.size.unwrap_or(0);
            tasks.extend(missing.into_iter().map(|j| (i, Some(j), part_range(j, part, size).1)));
            multis.push(Some(m));
        } else {
            tasks.push((i, None, it.size.unwrap_or(0)));
            multis.push(None);
        }
    }
    drop(buf);
    tasks.sort_by_key(|t| std::cmp::Reverse(t.2));
    let workers = transfer_threads(threads).min(tasks.len().max(1));
    let agent = net::agent(&opts.net, workers);
    let singles: Vec<Mutex<Option<DownloadResult>>> = items.iter().map(|_| Mutex::new(None)).collect();
    // phase 2: single downloads and parts
    pool::run(
        workers,
        tasks.len(),
        || vec![0u8; BUF_SIZE],
        |buf, t| {
            let (i, part_i, _) = tasks[t];
            match part_i {
                None => *singles[i].lock().unwrap() = Some(download_single(&items[i], &agent, opts, buf)),
                Some(j) => {
                    let m = multis[i].as_ref().unwrap();
                    if !m.failed.load(Ordering::Relaxed) {
                        fetch_part(&items[i], m, j, &agent, opts, buf);
                    }
                }
            }
        },
    );
    // phase 3: verify and rename the multipart files
    let multi_idx: Vec<usize> = (0..items.len()).filter(|&i| multis[i].is_some()).collect();
    let multis: Vec<Mutex<Option<Multi>>> = multis.into_iter().map(Mutex::new).collect();
    pool::run(
        super::hash_threads(0),
        multi_idx.len(),
        || vec![0u8; BUF_SIZE],
        |buf, t| {
            let i = multi_idx[t];
            let m = multis[i].lock().unwrap().take().unwrap();
            *singles[i].lock().unwrap() = Some(finish_multi(&items[i], m, &agent, opts, buf));
        },
    );
    singles.into_iter().map(|s| s.into_inner().unwrap().unwrap_or_default()).collect()
}
