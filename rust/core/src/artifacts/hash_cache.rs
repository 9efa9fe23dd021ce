//! The persistent MD5 cache: `<dir>/md5-v1.log`, an append-only log of one-line records
//!
//! `<crc32 hex>\t<dev>\t<ino>\t<size>\t<mtime_ns>\t<b64 md5>\t<escaped absolute path>\n`
//!
//! Each batch of lines is one `O_APPEND` `write()` (whole lines, at most 64 KiB), so any number
//! of processes may append at once; a torn, foreign or corrupt line fails its CRC and is
//! ignored; later lines win. A process keeps the parsed map in memory and reads only the
//! bytes appended since its last look (a different inode or a shorter file means the log was
//! compacted or removed: reload). When most lines are stale the log is rewritten (temp file +
//! rename); appends racing with that are lost, which only costs a re-hash. A hit requires the
//! same absolute path, `st_dev`, `st_ino`, `st_size` and `st_mtime_ns`; entries are written
//! only for files that were stable while hashed and not modified in the 20 ms before.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// File name of the log inside the cache directory.
pub const LOG_NAME: &str = "md5-v1.log";
const MAX_APPEND: usize = 64 * 1024;

/// Identity of a file's content as far as `stat` can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// `st_dev`.
    pub dev: u64,
    /// `st_ino`.
    pub ino: u64,
    /// `st_size`.
    pub size: u64,
    /// `st_mtime` in nanoseconds.
    pub mtime_ns: i64,
}

impl Key {
    /// The key of a `stat` result.
    pub fn of(m: &std::fs::Metadata) -> Key {
        Key { dev: m.dev(), ino: m.ino(), size: m.size(), mtime_ns: m.mtime() * 1_000_000_000 + m.mtime_nsec() }
    }
}

#[derive(Clone, Debug)]
struct Entry {
    key: Key,
    digest: String,
}

struct Db {
    log: PathBuf,
    map: HashMap<Vec<u8>, Entry>,
    /// Bytes of the log already parsed, and the log's identity.
    offset: u64,
    file_id: (u64, u64),
    lines: usize,
}

fn registry() -> &'static Mutex<HashMap<PathBuf, Arc<Mutex<Db>>>> {
    static DBS: OnceLock<Mutex<HashMap<PathBuf, Arc<Mutex<Db>>>>> = OnceLock::new();
    DBS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// A handle on the cache of one directory for one `md5_files` call.
pub struct HashCache {
    db: Arc<Mutex<Db>>,
    pending: Mutex<Vec<u8>>,
}

fn escape(path: &[u8], out: &mut Vec<u8>) {
    for &b in path {
        if b < 0x20 || b == b'%' || b == 0x7f {
            out.extend_from_slice(format!("%{b:02x}").as_bytes());
        } else {
            out.push(b);
        }
    }
}

fn unescape(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' {
            let h = std::str::from_utf8(s.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(h, 16).ok()?);
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    Some(out)
}

fn format_line(path: &[u8], e: &Entry, out: &mut Vec<u8>) {
    let mut body =
        format!("{}\t{}\t{}\t{}\t{}\t", e.key.dev, e.key.ino, e.key.size, e.key.mtime_ns, e.digest).into_bytes();
    escape(path, &mut body);
    out.extend_from_slice(format!("{:08x}\t", crc32fast::hash(&body)).as_bytes());
    out.extend_from_slice(&body);
    out.push(b'\n');
}

fn parse_line(line: &[u8]) -> Option<(Vec<u8>, Entry)> {
    let (crc, body) = line.split_at(line.iter().position(|&b| b == b'\t')?);
    let body = &body[1..];
    if u32::from_str_radix(std::str::from_utf8(crc).ok()?, 16).ok()? != crc32fast::hash(body) {
        return None;
    }
    let mut it = body.splitn(6, |&b| b == b'\t');
    let mut num = || std::str::from_utf8(it.next()?).ok().map(str::to_string);
    let dev = num()?.parse().ok()?;
    let ino = num()?.parse().ok()?;
    let size = num()?.parse().ok()?;
    let mtime_ns = num()?.parse().ok()?;
    let digest = num()?;
    let path = unescape(it.next()?)?;
    Some((path, Entry { key: Key { dev, ino, size, mtime_ns }, digest }))
}

impl Db {
    fn parse(&mut self, data: &[u8]) -> usize {
        // only complete lines; returns the bytes consumed
        let end = match data.iter().rposition(|&b| b == b'\n') {
            Some(p) => p + 1,
            None => return 0,
        };
        for line in data[..end].split(|&b| b == b'\n') {
            if line.is_empty() {
                continue;
            }
            self.lines += 1;
            if let Some((p, e)) = parse_line(line) {
                self.map.insert(p, e);
            }
        }
        end
    }

    /// Read what other processes (or earlier calls) appended since the last look.
    fn refresh(&mut self) -> io::Result<()> {
        let mut f = match File::open(&self.log) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.offset = 0;
                self.file_id = (0, 0);
                self.lines = 0;
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let m = f.metadata()?;
        let id = (m.dev(), m.ino());
        if id != self.file_id || m.len() < self.offset {
            self.map.clear();
            self.offset = 0;
            self.lines = 0;
            self.file_id = id;
        }
        if m.len() > self.offset {
            f.seek(SeekFrom::Start(self.offset))?;
            let mut data = Vec::with_capacity((m.len() - self.offset) as usize);
            f.read_to_end(&mut data)?;
            self.offset += self.parse(&data) as u64;
        }
        Ok(())
    }

    /// Rewrite the log with live entries only (temp + rename).
    fn compact(&mut self) -> io::Result<()> {
        let dir = self.log.parent().unwrap_or(Path::new("."));
        let tmp = dir.join(format!(".{LOG_NAME}.{}.{}.tmp", std::process::id(), unique()));
        let mut out = Vec::with_capacity(self.map.len() * 120);
        for (p, e) in &self.map {
            format_line(p, e, &mut out);
        }
        let res = (|| {
            let mut f = File::create(&tmp)?;
            f.write_all(&out)?;
            drop(f);
            std::fs::rename(&tmp, &self.log)
        })();
        if res.is_err() {
            let _ = std::fs::remove_file(&tmp);
            return res;
        }
        let m = std::fs::metadata(&self.log)?;
        self.file_id = (m.dev(), m.ino());
        self.offset = out.len() as u64;
        self.lines = self.map.len();
        Ok(())
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

impl HashCache {
    /// Open (create) the cache in `dir` and bring the in-process copy up to date.
    pub fn open(dir: &Path) -> io::Result<HashCache> {
        std::fs::create_dir_all(dir)?;
        let key = std::path::absolute(dir)?;
        let db = registry()
            .lock()
            .unwrap()
            .entry(key.clone())
            .or_insert_with(|| {
                Arc::new(Mutex::new(Db {
                    log: key.join(LOG_NAME),
                    map: HashMap::new(),
                    offset: 0,
                    file_id: (0, 0),
                    lines: 0,
                }))
            })
            .clone();
        db.lock().unwrap().refresh()?;
        Ok(HashCache { db, pending: Mutex::new(Vec::new()) })
    }

    /// The cached digest of `path` when its key matches.
    pub fn get(&self, path: &Path, key: &Key) -> Option<String> {
        let db = self.db.lock().unwrap();
        db.map.get(path.as_os_str().as_bytes()).filter(|e| e.key == *key).map(|e| e.digest.clone())
    }

    /// Record a digest (in memory now, in the log at [`HashCache::flush`]).
    pub fn put(&self, path: &Path, key: Key, digest: &str) {
        let p = path.as_os_str().as_bytes().to_vec();
        let e = Entry { key, digest: digest.to_string() };
        format_line(&p, &e, &mut self.pending.lock().unwrap());
        self.db.lock().unwrap().map.insert(p, e);
    }

    /// Append the recorded lines to the log; compact it when mostly stale.
    pub fn flush(&self) -> io::Result<()> {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap());
        let mut db = self.db.lock().unwrap();
        if !pending.is_empty() {
            let mut f = OpenOptions::new().create(true).append(true).open(&db.log)?;
            let mut start = 0;
            while start < pending.len() {
                let mut end = (start + MAX_APPEND).min(pending.len());
                if end < pending.len() {
                    // cut after the last whole line in the window (a line longer than the window
                    // goes alone)
                    end = match pending[start..end].iter().rposition(|&b| b == b'\n') {
                        Some(p) => start + p + 1,
                        None => start + pending[start..].iter().position(|&b| b == b'\n').unwrap() + 1,
                    };
                }
                f.write_all(&pending[start..end])?;
                start = end;
            }
        }
        // our own lines are re-read by the next refresh (cheap, idempotent)
        db.refresh()?;
        if db.lines > 1000 && db.lines > 2 * db.map.len() {
            db.compact()?;
        }
        Ok(())
    }

    /// Number of entries known (tests).
    pub fn len(&self) -> usize {
        self.db.lock().unwrap().map.len()
    }

    /// Whether no entry is known.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forget the in-process copies (tests: behave like a fresh process).
    pub fn forget_all() {
        registry().lock().unwrap().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_round_trip_and_crc() {
        let e = Entry { key: Key { dev: 1, ino: 2, size: 3, mtime_ns: -4 }, digest: "abc==".into() };
        let path = b"/a b/\tc\n%d\xff".to_vec();
        let mut out = Vec::new();
        format_line(&path, &e, &mut out);
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
        let (p, e2) = parse_line(&out[..out.len() - 1]).unwrap();
        assert_eq!(p, path);
        assert_eq!(e2.key, e.key);
        assert_eq!(e2.digest, "abc==");
        let mut bad = out.clone();
        bad[12] ^= 1;
        assert!(parse_line(&bad[..bad.len() - 1]).is_none());
        assert!(parse_line(b"garbage").is_none());
    }
}
