//! Parallel uploads: whole files or multipart parts, each request streamed from the file
//! (`Content-Length` set, no chunked encoding) and retried alone. See `docs/dev/core-api.md`
//! (`upload_files`).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Mutex;

use serde_json::Value;

use super::net::{self, classify, retry, Failure, NetOptions};
use super::{b64, pool, transfer_threads};

/// One part of a multipart upload.
#[derive(Clone, Debug)]
pub struct Part {
    /// Presigned URL of the part.
    pub url: String,
    /// 1-based part number (reported with its ETag).
    pub part_number: u32,
    /// Byte range in the file.
    pub offset: u64,
    /// Length of the range.
    pub length: u64,
    /// Hex MD5 of the part (sent as `Content-MD5` in base64).
    pub md5_hex: Option<String>,
}

/// One file to upload.
#[derive(Clone, Debug)]
pub struct UploadItem {
    /// Local file.
    pub path: PathBuf,
    /// Single-request URL (None for multipart).
    pub url: Option<String>,
    /// Headers sent with every request of the item.
    pub headers: Vec<(String, String)>,
    /// HTTP method of single uploads ("PUT" | "POST"); parts always PUT.
    pub method: String,
    /// Multipart parts.
    pub parts: Option<Vec<Part>>,
}

/// Outcome of one item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UploadResult {
    /// Every request succeeded.
    pub ok: bool,
    /// Last HTTP status seen (0: none).
    pub status: u16,
    /// What failed.
    pub error: Option<String>,
    /// OS error number when the local file could not be read.
    pub errno: Option<i32>,
    /// ETag of a single upload.
    pub etag: Option<String>,
    /// (part_number, ETag) of each part, sorted.
    pub etags: Vec<(u32, String)>,
    /// Body bytes sent successfully.
    pub bytes: u64,
    /// Requests made (all attempts).
    pub attempts: u32,
}

fn get_str(o: &serde_json::Map<String, Value>, k: &str, what: &str) -> Result<Option<String>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(format!("{what}: {k:?} must be a string, not {v}")),
    }
}

fn get_u64(o: &serde_json::Map<String, Value>, k: &str, what: &str) -> Result<Option<u64>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| format!("{what}: {k:?} must be a non-negative int, not {v}")),
    }
}

fn check_keys(o: &serde_json::Map<String, Value>, allowed: &[&str], what: &str) -> Result<(), String> {
    for k in o.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(format!("{what}: unknown key {k:?} (accepted: {})", allowed.join(", ")));
        }
    }
    Ok(())
}

/// Parse the items of `upload_files` from their JSON form (errors name the item and key).
pub fn parse_items(v: &Value) -> Result<Vec<UploadItem>, String> {
    let arr = v.as_array().ok_or("items must be a list of dicts")?;
    let mut out = Vec::with_capacity(arr.len());
    for (i, it) in arr.iter().enumerate() {
        let what = format!("items[{i}]");
        let o = it.as_object().ok_or_else(|| format!("{what} must be a dict"))?;
        check_keys(o, &["path", "url", "headers", "method", "parts"], &what)?;
        let path = get_str(o, "path", &what)?.ok_or_else(|| format!("{what}: \"path\" is required"))?;
        let url = get_str(o, "url", &what)?;
        let headers =
            net::parse_headers(o.get("headers").unwrap_or(&Value::Null)).map_err(|e| format!("{what}: {e}"))?;
        let method = get_str(o, "method", &what)?.unwrap_or_else(|| "PUT".into()).to_ascii_uppercase();
        if method != "PUT" && method != "POST" {
            return Err(format!("{what}: \"method\" must be \"PUT\" or \"POST\", not {method:?}"));
        }
        let parts = match o.get("parts") {
            None | Some(Value::Null) => None,
            Some(Value::Array(ps)) => {
                let mut parts = Vec::with_capacity(ps.len());
                for (j, p) in ps.iter().enumerate() {
                    let pw = format!("{what}.parts[{j}]");
                    let po = p.as_object().ok_or_else(|| format!("{pw} must be a dict"))?;
                    check_keys(po, &["url", "part_number", "offset", "length", "md5_hex"], &pw)?;
                    let req = |k: &str| get_u64(po, k, &pw)?.ok_or_else(|| format!("{pw}: {k:?} is required"));
                    parts.push(Part {
                        url: get_str(po, "url", &pw)?.ok_or_else(|| format!("{pw}: \"url\" is required"))?,
                        part_number: u32::try_from(req("part_number")?)
                            .map_err(|_| format!("{pw}: part_number too large"))?,
                        offset: req("offset")?,
                        length: req("length")?,
                        md5_hex: get_str(po, "md5_hex", &pw)?,
                    });
                }
                Some(parts)
            }
            Some(v) => return Err(format!("{what}: \"parts\" must be a list, not {v}")),
        };
        match (&url, &parts) {
            (Some(_), Some(_)) => return Err(format!("{what}: give either \"url\" or \"parts\", not both")),
            (None, None) => return Err(format!("{what}: \"url\" (or \"parts\") is required")),
            _ => {}
        }
        out.push(UploadItem { path: PathBuf::from(path), url, headers, method, parts });
    }
    Ok(out)
}

/// A reader that counts the bytes it hands out and stops when cancelled.
struct Counting<'a, R> {
    inner: R,
    n: &'a AtomicU64,
    cancel: &'a AtomicBool,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(super::cancelled());
        }
        let k = self.inner.read(buf)?;
        self.n.fetch_add(k as u64, Ordering::Relaxed);
        Ok(k)
    }
}

/// One request sending `length` bytes of `item.path` from `offset` (None = the whole file).
fn send_range(
    opts: &NetOptions,
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    item: &UploadItem,
    range: Option<(u64, u64)>,
    md5_hex: Option<&str>,
) -> Result<(u16, Option<String>, u64), Failure> {
    let what = format!("cannot read {}", item.path.display());
    let mut f = File::open(&item.path).map_err(|e| Failure::local(&e, &what))?;
    let (offset, length) = match range {
        Some(r) => r,
        None => (0, f.metadata().map_err(|e| Failure::local(&e, &what))?.len()),
    };
    if offset > 0 {
        f.seek(SeekFrom::Start(offset)).map_err(|e| Failure::local(&e, &what))?;
    }
    let mut req = agent.request(method, url);
    for (k, v) in &item.headers {
        req = req.set(k, v);
    }
    req = req.set("Content-Length", &length.to_string());
    if let Some(h) = md5_hex {
        let raw = hex::decode(h).map_err(|_| Failure::fatal(0, format!("md5_hex {h:?} is not hex")))?;
        req = req.set("Content-MD5", &b64(&raw));
    }
    let sent = AtomicU64::new(0);
    let body = Counting {
        inner: std::io::BufReader::with_capacity(256 * 1024, f.take(length)),
        n: &sent,
        cancel: &opts.cancel,
    };
    match req.send(body) {
        Ok(resp) => {
            let status = resp.status();
            let etag = resp.header("ETag").map(str::to_string);
            let mut sink = Vec::new();
            let _ = resp.into_reader().take(1 << 20).read_to_end(&mut sink);
            Ok((status, etag, length))
        }
        Err(_) if opts.is_cancelled() => Err(super::net::cancelled_failure()),
        Err(e) => Err(classify(e)),
    }
}

/// Upload every item (items and parts in parallel). One result per item, in order.
pub fn upload_files(items: &[UploadItem], threads: usize, opts: &NetOptions) -> Vec<UploadResult> {
    // tasks: (item, part index or None), biggest first
    let mut tasks: Vec<(usize, Option<usize>, u64)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        match &it.parts {
            Some(ps) => tasks.extend(ps.iter().enumerate().map(|(j, p)| (i, Some(j), p.length))),
            None => tasks.push((i, None, std::fs::metadata(&it.path).map(|m| m.len()).unwrap_or(0))),
        }
    }
    tasks.sort_by_key(|t| std::cmp::Reverse(t.2));
    let workers = transfer_threads(threads).min(tasks.len().max(1));
    let agent = net::agent(opts, workers);
    let results: Vec<Mutex<UploadResult>> =
        items.iter().map(|_| Mutex::new(UploadResult { ok: true, ..Default::default() })).collect();
    let failed: Vec<AtomicBool> = items.iter().map(|_| AtomicBool::new(false)).collect();
    let attempts: Vec<AtomicU32> = items.iter().map(|_| AtomicU32::new(0)).collect();
    pool::run(
        workers,
        tasks.len(),
        || (),
        |_, t| {
            let (i, part, _) = tasks[t];
            if failed[i].load(Ordering::Relaxed) {
                return;
            }
            let it = &items[i];
            let (res, n) = match part {
                None => retry(opts, |_| {
                    send_range(opts, &agent, &it.method, it.url.as_deref().unwrap_or(""), it, None, None)
                }),
                Some(j) => {
                    let p = &it.parts.as_ref().unwrap()[j];
                    retry(opts, |_| {
                        send_range(opts, &agent, "PUT", &p.url, it, Some((p.offset, p.length)), p.md5_hex.as_deref())
                    })
                }
            };
            attempts[i].fetch_add(n, Ordering::Relaxed);
            let mut r = results[i].lock().unwrap();
            match res {
                Ok((status, etag, len)) => {
                    r.status = status;
                    r.bytes += len;
                    match part {
                        None => r.etag = etag,
                        Some(j) => {
                            let pn = it.parts.as_ref().unwrap()[j].part_number;
                            match etag {
                                Some(e) => r.etags.push((pn, e)),
                                None if r.ok => {
                                    r.ok = false;
                                    r.error = Some(format!("part {pn}: the response has no ETag"));
                                    failed[i].store(true, Ordering::Relaxed);
                                }
                                None => {}
                            }
                        }
                    }
                }
                Err(f) => {
                    if r.ok {
                        r.ok = false;
                        r.status = f.status;
                        r.errno = f.errno;
                        r.error = Some(match part {
                            Some(j) => format!("part {}: {}", it.parts.as_ref().unwrap()[j].part_number, f.msg),
                            None => f.msg,
                        });
                    }
                    failed[i].store(true, Ordering::Relaxed);
                }
            }
        },
    );
    results
        .into_iter()
        .zip(attempts)
        .map(|(r, a)| {
            let mut r = r.into_inner().unwrap();
            r.attempts = a.into_inner();
            r.etags.sort();
            r
        })
        .collect()
}
