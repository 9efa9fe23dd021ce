//! Sender tests against a small in-process HTTP server that records requests.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use prost::Message;

use super::*;
use crate::txlog::Writer;

#[derive(Default)]
struct Seen {
    /// Bodies of file_stream POSTs, in order.
    fs: Vec<serde_json::Value>,
    /// Names PUT.
    puts: Vec<String>,
    /// file_stream requests still to fail with 500.
    fail: usize,
}

fn serve(seen: Arc<Mutex<Seen>>) -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", l.local_addr().unwrap());
    let base = addr.clone();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut c) = conn else { continue };
            let seen = seen.clone();
            let base = base.clone();
            std::thread::spawn(move || loop {
                let mut r = BufReader::new(c.try_clone().unwrap());
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let mut parts = line.split_whitespace();
                let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
                let mut len = 0usize;
                loop {
                    let mut h = String::new();
                    r.read_line(&mut h).unwrap();
                    if h.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':') {
                        if k.eq_ignore_ascii_case("content-length") {
                            len = v.trim().parse().unwrap();
                        }
                    }
                }
                let mut body = vec![0u8; len];
                r.read_exact(&mut body).unwrap();
                let (status, resp) = if path.ends_with("/file_stream") {
                    let mut s = seen.lock().unwrap();
                    s.fs.push(serde_json::from_slice(&body).unwrap());
                    if s.fail > 0 {
                        s.fail -= 1;
                        (500, "{}".to_string())
                    } else {
                        (200, "{}".to_string())
                    }
                } else if path == "/graphql" {
                    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
                    let files: Vec<serde_json::Value> = v["variables"]["files"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|n| serde_json::json!({"name": n, "uploadUrl": format!("{base}/put/{}", n.as_str().unwrap())}))
                        .collect();
                    (200, serde_json::json!({"data": {"createRunFiles": {"runID": "x", "uploadHeaders": [], "files": files}}}).to_string())
                } else if method == "PUT" {
                    seen.lock().unwrap().puts.push(path.trim_start_matches("/put/").to_string());
                    (200, String::new())
                } else {
                    (404, String::new())
                };
                let _ = write!(
                    c,
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/json\r\n\r\n{resp}",
                    resp.len()
                );
            });
        }
    });
    addr
}

fn rec(json: &str) -> Vec<u8> {
    Record::from_json(json).unwrap().encode_to_vec()
}

fn history(step: i64, loss: f64) -> Vec<u8> {
    rec(&format!(
        r#"{{"history": {{"item": [{{"nested_key": ["_step"], "value_json": "{step}"}}, {{"nested_key": ["loss"], "value_json": "{loss}"}}, {{"nested_key": ["n", "a"], "value_json": "1"}}], "step": {{"num": {step}}}}}}}"#
    ))
}

fn write_log(path: &Path, rows: i64, exit: bool) {
    let mut w = Writer::new(std::fs::File::create(path).unwrap()).unwrap();
    w.append(&rec(r#"{"run": {"run_id": "r1", "start_time": {"seconds": 1000}}}"#)).unwrap();
    w.append(&rec(r#"{"files": {"files": [{"path": "saved.txt", "policy": 1}]}}"#)).unwrap();
    w.append(&rec(r#"{"output_raw": {"output_type": 1, "line": "hello\rHE", "timestamp": {"seconds": 0}}}"#)).unwrap();
    w.append(&rec(r#"{"output_raw": {"output_type": 1, "line": "\n", "timestamp": {"seconds": 0}}}"#)).unwrap();
    for s in 0..rows {
        w.append(&history(s, s as f64 * 0.5)).unwrap();
        w.append(&rec(&format!(
            r#"{{"summary": {{"update": [{{"key": "loss", "value_json": "{}"}}]}}}}"#,
            s as f64 * 0.5
        )))
        .unwrap();
    }
    if exit {
        w.append(&rec(r#"{"exit": {"exit_code": 3}}"#)).unwrap();
    }
    w.flush().unwrap();
}

fn cfg(base: &str, dir: &Path) -> SenderConfig {
    let mut c = SenderConfig::new(base, "k", "ent", "proj", "r1");
    c.files_dir = Some(dir.to_path_buf());
    c.interval = Duration::from_millis(20);
    c.backoff = Backoff { base: Duration::from_millis(5), max: Duration::from_millis(20) };
    c
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vireo-sender-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Merge the history lines of all requests by offset (the server's idempotent store).
fn merged(fs: &[serde_json::Value], name: &str) -> BTreeMap<u64, String> {
    let mut out = BTreeMap::new();
    for b in fs {
        if let Some(f) = b["files"].get(name) {
            let off = f["offset"].as_u64().unwrap();
            for (i, l) in f["content"].as_array().unwrap().iter().enumerate() {
                out.insert(off + i as u64, l.as_str().unwrap().to_string());
            }
        }
    }
    out
}

#[test]
fn sync_sends_every_row_once_uploads_and_completes() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let base = serve(seen.clone());
    let dir = tmpdir("sync");
    std::fs::write(dir.join("saved.txt"), "x").unwrap();
    let log = dir.join("run-r1.wandb");
    write_log(&log, 50, true);
    let st = sync_log(&log, cfg(&base, &dir), None, Duration::from_secs(20)).unwrap();
    assert!(st.complete, "{st:?}");
    assert_eq!((st.rows_total, st.rows_sent, st.exit_code), (50, 50, 3));
    let s = seen.lock().unwrap();
    let hist = merged(&s.fs, state::HISTORY);
    assert_eq!(hist.len(), 50);
    assert_eq!(hist[&7], r#"{"_step":7,"loss":3.5,"n":{"a":1}}"#);
    let out = merged(&s.fs, state::OUTPUT);
    assert_eq!(out[&0], "1970-01-01T00:00:00.000000 HEllo");
    let last = s.fs.last().unwrap();
    assert_eq!(last["complete"], true);
    assert_eq!(last["exitcode"], 3);
    let summary = s.fs.iter().rev().find_map(|b| b["files"].get(state::SUMMARY)).unwrap();
    assert_eq!(summary["content"][0], r#"{"loss":24.5}"#);
    assert!(s.puts.contains(&"saved.txt".to_string()));
    assert!(s.puts.contains(&"wandb-summary.json".to_string()));
    let uploaded: Vec<&serde_json::Value> = s.fs.iter().filter_map(|b| b.get("uploaded")).collect();
    assert!(uploaded.iter().any(|u| u.as_array().unwrap().iter().any(|x| x == "saved.txt")));
    assert_eq!(std::fs::read_to_string(dir.join("wandb-summary.json")).unwrap(), r#"{"loss":24.5}"#);
}

#[test]
fn failed_requests_are_resent_with_the_same_offsets() {
    let seen = Arc::new(Mutex::new(Seen { fail: 3, ..Default::default() }));
    let base = serve(seen.clone());
    let dir = tmpdir("retry");
    let log = dir.join("run-r1.wandb");
    write_log(&log, 20, false);
    let st = sync_log(&log, cfg(&base, &dir), Some(0), Duration::from_secs(20)).unwrap();
    assert!(st.complete, "{st:?}");
    assert_eq!(st.exit_code, 0);
    let s = seen.lock().unwrap();
    // The first four requests carry identical history (three failed, one acknowledged).
    let firsts: Vec<&serde_json::Value> = s.fs.iter().take(4).map(|b| &b["files"][state::HISTORY]).collect();
    assert!(firsts.iter().all(|f| f == &firsts[0] && f["offset"] == 0));
    assert_eq!(merged(&s.fs, state::HISTORY).len(), 20);
    let total: usize =
        s.fs.iter()
            .filter_map(|b| b["files"].get(state::HISTORY))
            .map(|f| f["content"].as_array().unwrap().len())
            .sum();
    assert_eq!(total, 80, "rows were re-sent only with the failed requests");
}

#[test]
fn tail_reads_a_growing_file_and_a_resumed_offset_is_kept() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let base = serve(seen.clone());
    let dir = tmpdir("tail");
    let log = dir.join("run-r1.wandb");
    let file = std::fs::File::create(&log).unwrap();
    let mut w = Writer::new(file).unwrap();
    w.flush().unwrap();
    let mut c = cfg(&base, &dir);
    c.history_offset = 100;
    let mut h = SenderHandle::spawn(&log, c).unwrap();
    for s in 0..30 {
        // A big row spans blocks (FIRST/MIDDLE/LAST chunks), written in pieces.
        let big = "x".repeat(if s == 10 { 70_000 } else { 10 });
        w.append(&rec(&format!(
            r#"{{"history": {{"item": [{{"nested_key": ["s"], "value_json": "\"{big}\""}}], "step": {{"num": {s}}}}}}}"#
        )))
        .unwrap();
        if s % 7 == 0 {
            w.flush().unwrap();
            std::thread::sleep(Duration::from_millis(30));
        }
    }
    w.flush().unwrap();
    let st = h.finish(Some(0), Duration::from_secs(20));
    assert!(st.complete && st.rows_sent == 30, "{st:?}");
    let s = seen.lock().unwrap();
    let hist = merged(&s.fs, state::HISTORY);
    assert_eq!(hist.keys().copied().collect::<Vec<_>>(), (100..130).collect::<Vec<_>>());
    assert!(hist[&110].len() > 70_000);
}

#[test]
fn unreachable_server_times_out_with_a_status() {
    let dir = tmpdir("down");
    let log = dir.join("run-r1.wandb");
    write_log(&log, 3, true);
    let mut c = cfg("http://127.0.0.1:9", &dir);
    c.http_timeout = Duration::from_millis(200);
    let st = sync_log(&log, c, None, Duration::from_millis(500)).unwrap();
    assert!(!st.complete && st.timed_out);
    assert_eq!((st.rows_total, st.rows_sent), (3, 0));
}

#[test]
fn idle_runs_send_heartbeats() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let base = serve(seen.clone());
    let dir = tmpdir("beat");
    let log = dir.join("run-r1.wandb");
    let mut w = Writer::new(std::fs::File::create(&log).unwrap()).unwrap();
    w.flush().unwrap();
    let mut c = cfg(&base, &dir);
    c.heartbeat = Duration::from_millis(50);
    let mut h = SenderHandle::spawn(&log, c).unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let st = h.finish(Some(0), Duration::from_secs(20));
    assert!(st.complete);
    let s = seen.lock().unwrap();
    let beats = s.fs.iter().filter(|b| **b == serde_json::json!({"files": {}})).count();
    assert!(beats >= 2, "{:?}", s.fs);
}

#[test]
fn tail_reads_in_budgeted_slices_and_skips_a_torn_end() {
    let dir = tmpdir("slices");
    let log = dir.join("run-r1.wandb");
    let mut w = Writer::new(std::fs::File::create(&log).unwrap()).unwrap();
    let mut want = Vec::new();
    for i in 0..3000u32 {
        let len = if i % 500 == 7 { 80_000 } else { 20 + (i as usize % 50) };
        let p: Vec<u8> = (0..len).map(|j| ((i as usize * 7 + j) % 251) as u8).collect();
        w.append(&p).unwrap();
        want.push(p);
    }
    w.flush().unwrap();
    drop(w);
    // A torn tail: half of a chunk header.
    use std::io::Write as _;
    std::fs::OpenOptions::new().append(true).open(&log).unwrap().write_all(&[1, 2, 3]).unwrap();
    let mut t = tail::Tail::open(&log).unwrap();
    let mut got: Vec<Vec<u8>> = Vec::new();
    let mut polls = 0;
    loop {
        polls += 1;
        if t.poll(true, 50_000, &mut |b| got.push(b.to_vec())).unwrap() {
            break;
        }
    }
    assert!(polls > 5, "{polls}");
    assert_eq!(got.len(), want.len());
    assert!(got == want);
    assert_eq!(t.skipped_bytes(), 3);
}

#[test]
fn live_files_are_uploaded_again_when_they_change() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let base = serve(seen.clone());
    let dir = tmpdir("live");
    let log = dir.join("run-r1.wandb");
    std::fs::write(dir.join("live.txt"), "v1").unwrap();
    let mut w = Writer::new(std::fs::File::create(&log).unwrap()).unwrap();
    w.append(&rec(r#"{"files": {"files": [{"path": "live.txt", "policy": 2}]}}"#)).unwrap();
    w.flush().unwrap();
    let mut h = SenderHandle::spawn(&log, cfg(&base, &dir)).unwrap();
    let count = |s: &Arc<Mutex<Seen>>| s.lock().unwrap().puts.iter().filter(|p| *p == "live.txt").count();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while count(&seen) < 1 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(count(&seen), 1);
    std::fs::write(dir.join("live.txt"), "version 2").unwrap();
    while count(&seen) < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(count(&seen), 2);
    let st = h.finish(Some(0), Duration::from_secs(20));
    assert!(st.complete);
    assert_eq!(count(&seen), 3, "and once more at the end");
}
