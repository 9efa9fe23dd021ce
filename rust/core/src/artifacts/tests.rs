//! Tests of hashing, the hash cache and transfers against a loopback HTTP server.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use md5::{Digest, Md5};

use super::download::{download_files, DownloadItem, DownloadOptions};
use super::hash::{md5_files, md5_parts};
use super::hash_cache::{HashCache, LOG_NAME};
use super::net::NetOptions;
use super::upload::{parse_items, upload_files, Part, UploadItem};
use super::{b64, copy};
use crate::sender::http::Backoff;

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vireo-art-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn data(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u32).wrapping_mul(2654435761).rotate_left(seed as u32 % 31) as u8 ^ seed).collect()
}

fn md5b64(b: &[u8]) -> String {
    b64(&Md5::digest(b))
}

fn fast_opts() -> NetOptions {
    NetOptions {
        max_retries: 5,
        backoff: Backoff { base: Duration::from_millis(5), max: Duration::from_millis(20) },
        timeout: Duration::from_secs(20),
        ..Default::default()
    }
}

// ---------------------------------------------------------------- loopback server

#[derive(Default)]
struct Faults {
    /// path → number of requests still answered with 500
    fail_500: HashMap<String, usize>,
    /// path → bytes after which the body is cut (once)
    cut_after: HashMap<String, u64>,
    /// paths answered 403
    forbid: Vec<String>,
    /// paths whose Range headers are ignored
    no_range: Vec<String>,
    /// path → serve these bytes instead (corruption)
    corrupt: HashMap<String, Vec<u8>>,
}

/// (method, path, Range header, all headers) of a request.
type Logged = (String, String, Option<String>, Vec<(String, String)>);

#[derive(Default)]
struct State {
    blobs: HashMap<String, Vec<u8>>,
    faults: Faults,
    requests: Vec<Logged>,
}

struct Server {
    url: String,
    state: Arc<Mutex<State>>,
    hits: Arc<AtomicUsize>,
}

impl Server {
    fn start() -> Server {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", l.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let hits = Arc::new(AtomicUsize::new(0));
        let (st, h) = (state.clone(), hits.clone());
        std::thread::spawn(move || {
            for c in l.incoming().flatten() {
                let (st, h) = (st.clone(), h.clone());
                std::thread::spawn(move || serve(c, st, h));
            }
        });
        Server { url, state, hits }
    }

    fn put_blob(&self, path: &str, b: Vec<u8>) {
        self.state.lock().unwrap().blobs.insert(path.into(), b);
    }

    fn blob(&self, path: &str) -> Option<Vec<u8>> {
        self.state.lock().unwrap().blobs.get(path).cloned()
    }
}

fn serve(c: TcpStream, st: Arc<Mutex<State>>, hits: Arc<AtomicUsize>) {
    let mut rd = BufReader::new(c.try_clone().unwrap());
    let mut w = c;
    loop {
        let mut line = String::new();
        if rd.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut it = line.split_whitespace();
        let (method, path) = (it.next().unwrap_or("").to_string(), it.next().unwrap_or("").to_string());
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            rd.read_line(&mut h).unwrap();
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let (k, v) = h.split_once(':').unwrap();
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        hits.fetch_add(1, Ordering::SeqCst);
        let hdr = |k: &str| headers.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let mut body = Vec::new();
        if let Some(n) = hdr("content-length") {
            let n: usize = n.parse().unwrap();
            body.resize(n, 0);
            if rd.read_exact(&mut body).is_err() {
                return;
            }
        }
        let mut s = st.lock().unwrap();
        s.requests.push((method.clone(), path.clone(), hdr("range"), headers.clone()));
        let reply = |w: &mut TcpStream, code: u16, extra: &str, body: &[u8]| {
            let _ = write!(w, "HTTP/1.1 {code} X\r\nContent-Length: {}\r\n{extra}\r\n", body.len());
            let _ = w.write_all(body);
        };
        if s.faults.forbid.contains(&path) {
            drop(s);
            reply(&mut w, 403, "", b"forbidden");
            continue;
        }
        if let Some(n) = s.faults.fail_500.get_mut(&path) {
            if *n > 0 {
                *n -= 1;
                drop(s);
                reply(&mut w, 500, "", b"boom");
                continue;
            }
        }
        match method.as_str() {
            "PUT" | "POST" => {
                if let Some(m) = hdr("content-md5") {
                    if m != md5b64(&body) {
                        drop(s);
                        reply(&mut w, 400, "", b"bad content-md5");
                        continue;
                    }
                }
                let etag = hex::encode(Md5::digest(&body));
                s.blobs.insert(path.clone(), body);
                drop(s);
                reply(&mut w, 200, &format!("ETag: \"{etag}\"\r\n"), b"{}");
            }
            "GET" => {
                let Some(full) = s.faults.corrupt.get(&path).or_else(|| s.blobs.get(&path)).cloned() else {
                    drop(s);
                    reply(&mut w, 404, "", b"nope");
                    continue;
                };
                let range = hdr("range").filter(|_| !s.faults.no_range.contains(&path));
                let cut = s.faults.cut_after.remove(&path);
                drop(s);
                let (code, start, end) = match range {
                    Some(r) => {
                        let r = r.trim_start_matches("bytes=");
                        let (a, b) = r.split_once('-').unwrap();
                        let a: usize = a.parse().unwrap();
                        let b: usize = if b.is_empty() { full.len().saturating_sub(1) } else { b.parse().unwrap() };
                        if a >= full.len() {
                            reply(&mut w, 416, "", b"");
                            continue;
                        }
                        (206, a, b.min(full.len() - 1) + 1)
                    }
                    None => (200, 0, full.len()),
                };
                let part = &full[start..end];
                let extra = if code == 206 {
                    format!("Content-Range: bytes {start}-{}/{}\r\n", end - 1, full.len())
                } else {
                    String::new()
                };
                let _ = write!(w, "HTTP/1.1 {code} X\r\nContent-Length: {}\r\n{extra}\r\n", part.len());
                match cut {
                    Some(n) if (n as usize) < part.len() => {
                        let _ = w.write_all(&part[..n as usize]);
                        let _ = w.flush();
                        let _ = w.shutdown(std::net::Shutdown::Both);
                        return;
                    }
                    _ => {
                        let _ = w.write_all(part);
                    }
                }
            }
            _ => {
                drop(s);
                reply(&mut w, 405, "", b"");
            }
        }
    }
}

// ---------------------------------------------------------------- hashing

#[test]
fn md5_files_matches_and_reports_missing() {
    let d = tmpdir("md5");
    let mut paths = Vec::new();
    let mut want = Vec::new();
    for (i, n) in [0usize, 1, 15, 1 << 20, (3 << 20) + 7, 65536].iter().enumerate() {
        let p = d.join(format!("f{i}"));
        let b = data(*n, i as u8);
        std::fs::write(&p, &b).unwrap();
        want.push((md5b64(&b), *n as u64));
        paths.push(p);
    }
    let got = md5_files(&paths, 3, None).unwrap();
    assert_eq!(got, want);
    // the empty file, as W&B manifests write it
    assert_eq!(got[0].0, "1B2M2Y8AsgTpgAmY7PhCfg==");
    let mut bad = paths.clone();
    bad.insert(2, d.join("missing"));
    let e = md5_files(&bad, 2, None).unwrap_err();
    assert_eq!(e.path, d.join("missing"));
    assert_eq!(e.err.raw_os_error(), Some(libc::ENOENT));
    let e = md5_files(std::slice::from_ref(&d), 1, None).unwrap_err();
    assert_eq!(e.err.raw_os_error(), Some(libc::EISDIR));
}

#[test]
fn md5_parts_match_slices() {
    let d = tmpdir("parts");
    let p = d.join("big");
    let b = data(1_000_003, 9);
    std::fs::write(&p, &b).unwrap();
    let got = md5_parts(&p, 300_000, 3, &std::sync::atomic::AtomicBool::new(false)).unwrap();
    let want: Vec<String> = b.chunks(300_000).map(|c| hex::encode(Md5::digest(c))).collect();
    assert_eq!(got, want);
    assert_eq!(got.len(), 4);
}

fn set_mtime_past(p: &Path) {
    let f = std::fs::File::options().write(true).open(p).unwrap();
    f.set_modified(std::time::SystemTime::now() - Duration::from_secs(10)).unwrap();
}

#[test]
fn hash_cache_hits_misses_and_survives_reload() {
    let d = tmpdir("cache");
    let cache = d.join("cache");
    let p = d.join("a.bin");
    std::fs::write(&p, data(5000, 1)).unwrap();
    set_mtime_past(&p);
    let r1 = md5_files(std::slice::from_ref(&p), 2, Some(&cache)).unwrap();
    let log = std::fs::read_to_string(cache.join(LOG_NAME)).unwrap();
    assert_eq!(log.lines().count(), 1);
    assert!(log.contains(&r1[0].0));
    // hit: content changed behind the cache's back but stat identical → cached value
    // (proves the cache is used); restore mtime so the key matches
    let m = std::fs::metadata(&p).unwrap();
    let mut b = data(5000, 1);
    b[0] ^= 0xff;
    std::fs::write(&p, &b).unwrap();
    std::fs::File::options().write(true).open(&p).unwrap().set_modified(m.modified().unwrap()).unwrap();
    assert_eq!(md5_files(std::slice::from_ref(&p), 2, Some(&cache)).unwrap(), r1);
    // a fresh process (in-memory copy dropped) reads the log
    HashCache::forget_all();
    assert_eq!(md5_files(std::slice::from_ref(&p), 2, Some(&cache)).unwrap(), r1);
    // mtime change → miss → real digest
    set_mtime_past(&p);
    let r2 = md5_files(std::slice::from_ref(&p), 2, Some(&cache)).unwrap();
    assert_eq!(r2[0].0, md5b64(&b));
    // a file written just now is hashed but not cached (racy)
    let q = d.join("fresh");
    std::fs::write(&q, b"x").unwrap();
    md5_files(std::slice::from_ref(&q), 1, Some(&cache)).unwrap();
    assert!(!std::fs::read_to_string(cache.join(LOG_NAME)).unwrap().contains("fresh"));
    // garbage in the log is ignored
    std::fs::OpenOptions::new().append(true).open(cache.join(LOG_NAME)).unwrap().write_all(b"junk\tline\n").unwrap();
    HashCache::forget_all();
    assert_eq!(md5_files(std::slice::from_ref(&p), 2, Some(&cache)).unwrap(), r2);
}

#[test]
fn hash_cache_compacts() {
    let d = tmpdir("compact");
    let cache = d.join("c");
    let p = d.join("f");
    std::fs::write(&p, b"abc").unwrap();
    for i in 0..1100 {
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000 + i)).unwrap();
        md5_files(std::slice::from_ref(&p), 1, Some(&cache)).unwrap();
    }
    let lines = std::fs::read_to_string(cache.join(LOG_NAME)).unwrap().lines().count();
    assert!(lines < 1100, "{lines}");
    HashCache::forget_all();
    let c = HashCache::open(&cache).unwrap();
    assert_eq!(c.len(), 1);
}

#[test]
fn copy_fast_copies_atomically() {
    let d = tmpdir("copy");
    let s = d.join("s");
    std::fs::write(&s, data(100_000, 3)).unwrap();
    let how = copy::copy_file_fast(&s, &d.join("sub/dst"), false).unwrap();
    assert!(how == "reflink" || how == "copy");
    assert_eq!(std::fs::read(d.join("sub/dst")).unwrap(), data(100_000, 3));
    let how = copy::copy_file_fast(&s, &d.join("h"), true).unwrap();
    assert!(how == "reflink" || how == "hardlink", "{how}");
    assert_eq!(std::fs::read(d.join("h")).unwrap(), data(100_000, 3));
    assert!(copy::copy_file_fast(&d.join("nope"), &d.join("x"), false).is_err());
    let left: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("vireo-tmp"))
        .collect();
    assert!(left.is_empty());
}

// ---------------------------------------------------------------- uploads

#[test]
fn upload_single_and_multipart_with_retries() {
    let srv = Server::start();
    let d = tmpdir("up");
    let a = d.join("a");
    let b = d.join("b");
    std::fs::write(&a, data(70_000, 1)).unwrap();
    std::fs::write(&b, data(1_000_000, 2)).unwrap();
    srv.state.lock().unwrap().faults.fail_500.insert("/a".into(), 2);
    srv.state.lock().unwrap().faults.fail_500.insert("/b/2".into(), 1);
    let bb = data(1_000_000, 2);
    let parts: Vec<Part> = (0..3)
        .map(|i| {
            let off = i as u64 * 400_000;
            let len = 400_000u64.min(1_000_000 - off);
            Part {
                url: format!("{}/b/{}", srv.url, i + 1),
                part_number: i + 1,
                offset: off,
                length: len,
                md5_hex: Some(hex::encode(Md5::digest(&bb[off as usize..(off + len) as usize]))),
            }
        })
        .collect();
    let items = vec![
        UploadItem {
            path: a.clone(),
            url: Some(format!("{}/a", srv.url)),
            headers: vec![("X-T".into(), "1".into())],
            method: "PUT".into(),
            parts: None,
        },
        UploadItem { path: b.clone(), url: None, headers: vec![], method: "PUT".into(), parts: Some(parts) },
        UploadItem {
            path: d.join("missing"),
            url: Some(format!("{}/m", srv.url)),
            headers: vec![],
            method: "PUT".into(),
            parts: None,
        },
        UploadItem {
            path: a.clone(),
            url: Some(format!("{}/forbidden", srv.url)),
            headers: vec![],
            method: "PUT".into(),
            parts: None,
        },
    ];
    srv.state.lock().unwrap().faults.forbid.push("/forbidden".into());
    let r = upload_files(&items, 4, &fast_opts());
    assert!(r[0].ok, "{:?}", r[0]);
    assert_eq!(r[0].attempts, 3);
    assert_eq!(r[0].etag.as_deref(), Some(format!("\"{}\"", hex::encode(Md5::digest(data(70_000, 1)))).as_str()));
    assert_eq!(srv.blob("/a").unwrap(), data(70_000, 1));
    assert!(r[1].ok, "{:?}", r[1]);
    assert_eq!(r[1].etags.iter().map(|e| e.0).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(r[1].bytes, 1_000_000);
    let joined: Vec<u8> = (1..=3).flat_map(|i| srv.blob(&format!("/b/{i}")).unwrap()).collect();
    assert_eq!(joined, bb);
    assert!(!r[2].ok && r[2].errno == Some(libc::ENOENT), "{:?}", r[2]);
    assert!(r[2].error.as_ref().unwrap().contains("missing"));
    assert!(!r[3].ok && r[3].status == 403 && r[3].attempts == 1, "{:?}", r[3]);
    // headers were sent, Content-Length not chunked
    let st = srv.state.lock().unwrap();
    let req = st.requests.iter().find(|r| r.1 == "/a").unwrap();
    assert!(req.3.iter().any(|(k, v)| k == "x-t" && v == "1"));
    assert!(!req.3.iter().any(|(k, _)| k == "transfer-encoding"));
}

#[test]
fn upload_items_parse_strictly() {
    let ok = serde_json::json!([{"path": "p", "url": "u", "headers": ["A: b", "C:d"]},
        {"path": "p", "parts": [{"url": "u", "part_number": 1, "offset": 0, "length": 3}], "headers": {"X": "y"}}]);
    let items = parse_items(&ok).unwrap();
    assert_eq!(items[0].headers, vec![("A".into(), "b".into()), ("C".into(), "d".into())]);
    assert_eq!(items[1].parts.as_ref().unwrap()[0].length, 3);
    for bad in [
        serde_json::json!([{"path": "p"}]),
        serde_json::json!([{"path": "p", "url": "u", "bogus": 1}]),
        serde_json::json!([{"path": "p", "url": "u", "method": "GET"}]),
        serde_json::json!([{"url": "u"}]),
        serde_json::json!([{"path": "p", "parts": [{"url": "u"}]}]),
    ] {
        assert!(parse_items(&bad).is_err(), "{bad}");
    }
}

// ---------------------------------------------------------------- downloads

fn ditem(srv: &Server, path: &str, dest: &Path, b: &[u8]) -> DownloadItem {
    DownloadItem {
        url: format!("{}{path}", srv.url),
        dest: dest.to_path_buf(),
        md5_b64: Some(md5b64(b)),
        size: Some(b.len() as u64),
        ..Default::default()
    }
}

fn dopts() -> DownloadOptions {
    DownloadOptions { net: fast_opts(), part_size: 100_000, multipart_threshold: 300_000 }
}

#[test]
fn download_single_multipart_and_resume() {
    let srv = Server::start();
    let d = tmpdir("down");
    let small = data(50_000, 4);
    let big = data(1_234_567, 5);
    srv.put_blob("/s", small.clone());
    srv.put_blob("/b", big.clone());
    srv.put_blob("/c", big.clone());
    {
        let mut st = srv.state.lock().unwrap();
        st.faults.cut_after.insert("/c".into(), 200_000); // single stream cut → Range resume
        st.faults.fail_500.insert("/b".into(), 3);
    }
    let items = vec![
        ditem(&srv, "/s", &d.join("x/s"), &small),
        ditem(&srv, "/b", &d.join("x/b"), &big),
        DownloadItem { size: None, ..ditem(&srv, "/c", &d.join("x/c"), &big) },
    ];
    let r = download_files(&items, 4, &dopts());
    for x in &r {
        assert!(x.ok, "{x:?}");
    }
    assert_eq!(std::fs::read(d.join("x/s")).unwrap(), small);
    assert_eq!(std::fs::read(d.join("x/b")).unwrap(), big);
    assert_eq!(std::fs::read(d.join("x/c")).unwrap(), big);
    assert_eq!(r[1].md5_b64.as_deref(), Some(md5b64(&big).as_str()));
    assert_eq!(r[2].bytes, big.len() as u64);
    assert!(r[2].resumed);
    let st = srv.state.lock().unwrap();
    let ranges: Vec<_> = st.requests.iter().filter(|q| q.1 == "/b").filter_map(|q| q.2.clone()).collect();
    assert!(ranges.contains(&"bytes=1200000-1234566".to_string()), "{ranges:?}");
    assert!(st.requests.iter().any(|q| q.1 == "/c" && q.2.as_deref() == Some("bytes=200000-")));
    let leftovers: Vec<_> = std::fs::read_dir(d.join("x")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 3, "{leftovers:?}");
}

#[test]
fn download_resumes_a_partial_file_from_an_earlier_call() {
    let srv = Server::start();
    let d = tmpdir("resume");
    let b = data(300_000, 6);
    srv.put_blob("/f", b.clone());
    let dest = d.join("f");
    std::fs::write(d.join("f.vireo-part"), &b[..123_456]).unwrap();
    let r =
        download_files(&[ditem(&srv, "/f", &dest, &b)], 2, &DownloadOptions { net: fast_opts(), ..Default::default() });
    assert!(r[0].ok && r[0].resumed && r[0].bytes == 300_000 - 123_456, "{:?}", r[0]);
    assert_eq!(std::fs::read(&dest).unwrap(), b);
    assert!(!d.join("f.vireo-part").exists());
    // a bad partial prefix: md5 mismatch after resume → refetched from zero once
    std::fs::write(d.join("g.vireo-part"), vec![0u8; 1000]).unwrap();
    let r = download_files(
        &[ditem(&srv, "/f", &d.join("g"), &b)],
        2,
        &DownloadOptions { net: fast_opts(), ..Default::default() },
    );
    assert!(r[0].ok, "{:?}", r[0]);
    assert_eq!(std::fs::read(d.join("g")).unwrap(), b);
}

#[test]
fn download_multipart_resumes_recorded_parts() {
    let srv = Server::start();
    let d = tmpdir("mresume");
    let b = data(450_000, 7);
    srv.put_blob("/m", b.clone());
    let dest = d.join("m");
    // an earlier run: temp file sized, parts 0 and 2 done
    let mut tmp = vec![0u8; 450_000];
    tmp[..100_000].copy_from_slice(&b[..100_000]);
    tmp[200_000..300_000].copy_from_slice(&b[200_000..300_000]);
    std::fs::write(d.join("m.vireo-part"), &tmp).unwrap();
    std::fs::write(d.join("m.vireo-part.parts"), "0 0 100000\n2 200000 100000\n").unwrap();
    let r = download_files(&[ditem(&srv, "/m", &dest, &b)], 3, &dopts());
    assert!(r[0].ok && r[0].resumed, "{:?}", r[0]);
    assert_eq!(r[0].bytes, 250_000);
    assert_eq!(std::fs::read(&dest).unwrap(), b);
    assert!(!d.join("m.vireo-part.parts").exists());
}

#[test]
fn download_never_leaves_corrupt_dest_and_uses_fallback() {
    let srv = Server::start();
    let d = tmpdir("corrupt");
    let b = data(80_000, 8);
    srv.put_blob("/f", b.clone());
    srv.put_blob("/fb", b.clone());
    srv.state.lock().unwrap().faults.corrupt.insert("/bad".into(), data(80_000, 9));
    srv.state.lock().unwrap().faults.forbid.push("/f".into());
    std::fs::write(d.join("keep"), b"old").unwrap();
    let r = download_files(
        &[
            ditem(&srv, "/bad", &d.join("keep"), &b),
            DownloadItem {
                fallback_url: Some(format!("{}/fb", srv.url)),
                fallback_headers: vec![("Authorization".into(), "Basic x".into())],
                ..ditem(&srv, "/f", &d.join("viafb"), &b)
            },
            ditem(&srv, "/f", &d.join("noperm"), &b),
            ditem(&srv, "/missing", &d.join("missing"), &b),
        ],
        2,
        &dopts(),
    );
    assert!(!r[0].ok && r[0].error.as_ref().unwrap().contains("md5 mismatch"), "{:?}", r[0]);
    assert_eq!(std::fs::read(d.join("keep")).unwrap(), b"old");
    assert!(!d.join("keep.vireo-part").exists());
    assert!(r[1].ok && r[1].attempts == 2, "{:?}", r[1]);
    assert_eq!(std::fs::read(d.join("viafb")).unwrap(), b);
    assert!(!r[2].ok && r[2].status == 403 && r[2].attempts == 1, "{:?}", r[2]);
    assert!(!r[3].ok && r[3].status == 404, "{:?}", r[3]);
    assert!(!d.join("noperm").exists() && !d.join("missing").exists());
    let st = srv.state.lock().unwrap();
    let fb = st.requests.iter().find(|q| q.1 == "/fb").unwrap();
    assert!(fb.3.iter().any(|(k, v)| k == "authorization" && v == "Basic x"));
    assert!(fb.3.iter().any(|(k, v)| k == "accept-encoding" && v == "identity"));
}

#[test]
fn cancel_stops_transfers_and_keeps_partials() {
    let srv = Server::start();
    let d = tmpdir("cancel");
    let b = data(200_000, 12);
    srv.put_blob("/f", b.clone());
    srv.state.lock().unwrap().faults.fail_500.insert("/f".into(), 1000);
    let opts = DownloadOptions {
        net: NetOptions {
            backoff: Backoff { base: Duration::from_secs(5), max: Duration::from_secs(5) },
            ..fast_opts()
        },
        ..Default::default()
    };
    let cancel = opts.net.cancel.clone();
    let t = std::time::Instant::now();
    let h = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        cancel.store(true, Ordering::Relaxed);
    });
    let r = download_files(&[ditem(&srv, "/f", &d.join("f"), &b)], 1, &opts);
    h.join().unwrap();
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    assert!(!r[0].ok && r[0].error.as_deref() == Some("cancelled"), "{:?}", r[0]);
    // hashing stops too
    let p = d.join("h");
    std::fs::write(&p, data(1 << 20, 1)).unwrap();
    let e = super::hash::md5_files_cancellable(&[p], 1, None, &std::sync::atomic::AtomicBool::new(true)).unwrap_err();
    assert_eq!(e.err.kind(), std::io::ErrorKind::Interrupted);
}

#[test]
fn download_multipart_falls_back_to_one_stream_without_range() {
    let srv = Server::start();
    let d = tmpdir("norange");
    let b = data(350_000, 10);
    srv.put_blob("/n", b.clone());
    srv.state.lock().unwrap().faults.no_range.push("/n".into());
    let r = download_files(&[ditem(&srv, "/n", &d.join("n"), &b)], 2, &dopts());
    assert!(r[0].ok, "{:?}", r[0]);
    assert_eq!(std::fs::read(d.join("n")).unwrap(), b);
    assert!(!d.join("n.vireo-part").exists() && !d.join("n.vireo-part.parts").exists());
    assert!(srv.hits.load(Ordering::SeqCst) >= 2);
}

// ---------------------------------------------------------------- md5 implementation

#[test]
fn md5fast_matches_md5_crate() {
    use super::md5fast;
    for n in [0usize, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65536 + 3] {
        let b = data(n, n as u8);
        let mut h = md5fast::Md5::new();
        // feed in odd pieces
        for c in b.chunks(7 + n % 13) {
            h.update(c);
        }
        assert_eq!(h.finalize(), <[u8; 16]>::from(Md5::digest(&b)), "n={n}");
    }
    let mut h = md5fast::Md5::new();
    h.update(b"The quick brown fox jumps over the lazy dog");
    assert_eq!(hex::encode(h.finalize()), "9e107d9d372bb6826bd81d3542a419d6");
}

#[test]
fn md5_backends_agree() {
    use super::md5impl;
    let b = data(3 << 20, 3);
    let mut a = md5impl::Md5::new();
    let mut r = md5impl::Md5::new_rust();
    for c in b.chunks(100_003) {
        a.update(c);
        r.update(c);
    }
    assert_eq!(a.finalize(), r.finalize());
    println!("md5 backend: {}", md5impl::backend());
}
