//! [`StreamState`]: what the file stream still has to send, built from log records.
//!
//! Each streamed file keeps the offset of its first unacknowledged line and the lines from
//! there on. A request carries every pending line (up to a size cap) at that offset; only
//! an acknowledged request advances the offset, so a retried request repeats the same
//! offsets and the server (which stores `content[i]` at line `offset+i`) sees no duplicate.

use std::collections::BTreeSet;

use super::console::Console;
use crate::json::write_str;
use crate::proto::{Record, RecordType};
use crate::stream::summary::Summary;

/// File names on the file stream.
pub const HISTORY: &str = "wandb-history.jsonl";
/// System metrics lines.
pub const EVENTS: &str = "wandb-events.jsonl";
/// The one-line summary.
pub const SUMMARY: &str = "wandb-summary.json";
/// Console lines.
pub const OUTPUT: &str = "output.log";

/// Most bytes of line content in one request (the server default limit is larger).
pub const MAX_REQUEST_BYTES: usize = 8 * 1024 * 1024;
/// Largest number of lines of one file per request (keeps each server transaction short).
pub const MAX_REQUEST_LINES: usize = 10_000;

/// Pending lines of one streamed file.
#[derive(Debug, Default)]
pub struct Lines {
    /// Offset (line number) of `pending[0]`.
    pub offset: u64,
    /// Lines not yet acknowledged.
    pub pending: Vec<String>,
}

/// A file to upload, from a `files` record.
#[derive(Clone, Debug, PartialEq)]
pub struct FileItem {
    /// Path relative to the run's files directory.
    pub path: String,
    /// 0 now, 1 end, 2 live.
    pub policy: i32,
}

/// The sender's view of the run.
pub struct StreamState {
    /// History lines.
    pub history: Lines,
    /// System metrics lines.
    pub events: Lines,
    /// Console lines.
    pub output: Lines,
    summary: Summary,
    summary_dirty: bool,
    /// Bumped on every summary change (an acknowledgement clears `summary_dirty` only
    /// when the request carried the latest summary).
    summary_gen: u64,
    console: Console,
    /// Uploaded paths not yet reported.
    pub uploaded: BTreeSet<String>,
    /// Files seen in `files` records, in order.
    pub files: Vec<FileItem>,
    /// Files whose policy asks for an upload now (not yet done).
    pub upload_now: Vec<String>,
    /// Exit code from an `exit` record.
    pub exit_code: Option<i32>,
    /// Run start (unix seconds), from the `run` record.
    pub start_time: Option<f64>,
    /// Rows seen.
    pub rows: u64,
    /// `preempting` seen and not yet sent.
    pub preempting: bool,
}

/// One request's worth of lines: (file name, offset, line count) plus the JSON body.
pub struct Batch {
    /// The JSON request body.
    pub body: String,
    /// (file name, lines taken) to acknowledge on success.
    pub taken: Vec<(&'static str, usize)>,
    /// Whether the summary line was included.
    pub summary: bool,
    /// The summary generation it carried.
    pub summary_gen: u64,
    /// Uploaded names included.
    pub uploaded: Vec<String>,
    /// Whether this is the final request.
    pub complete: bool,
    /// Whether a `preempting` flag was included.
    pub preempting: bool,
}

impl StreamState {
    /// A fresh state; `history_offset` > 0 continues a resumed run's history.
    pub fn new(history_offset: u64, events_offset: u64) -> Self {
        StreamState {
            history: Lines { offset: history_offset, pending: Vec::new() },
            events: Lines { offset: events_offset, pending: Vec::new() },
            output: Lines::default(),
            summary: Summary::default(),
            summary_dirty: false,
            summary_gen: 0,
            console: Console::default(),
            uploaded: BTreeSet::new(),
            files: Vec::new(),
            upload_now: Vec::new(),
            exit_code: None,
            start_time: None,
            rows: 0,
            preempting: false,
        }
    }

    /// The latest summary as compact JSON.
    pub fn summary_json(&self) -> String {
        self.summary.to_json()
    }

    /// Fold one record from the log into the state.
    pub fn apply(&mut self, rec: &Record) {
        let Some(rt) = &rec.record_type else { return };
        match rt {
            RecordType::History(h) => {
                self.history.pending.push(history_line(h));
                self.rows += 1;
            }
            RecordType::Summary(s) => {
                for it in &s.update {
                    self.summary.set(&item_path(&it.key, &it.nested_key), &it.value_json);
                }
                for it in &s.remove {
                    self.summary.remove(&item_path(&it.key, &it.nested_key));
                }
                self.summary_dirty = true;
                self.summary_gen += 1;
            }
            RecordType::Stats(st) => {
                let mut out = String::from("{\"_wandb\":true");
                let ts = st.timestamp.as_ref().map(|t| t.seconds as f64 + t.nanos as f64 * 1e-9);
                for it in &st.item {
                    out.push(',');
                    write_str(&mut out, &format!("system.{}", it.key));
                    out.push(':');
                    out.push_str(if it.value_json.is_empty() { "null" } else { &it.value_json });
                }
                if let Some(ts) = ts {
                    out.push_str(",\"_timestamp\":");
                    crate::json::write_float(&mut out, ts);
                    if let Some(start) = self.start_time {
                        out.push_str(",\"_runtime\":");
                        crate::json::write_float(&mut out, (ts - start).max(0.0));
                    }
                }
                out.push('}');
                self.events.pending.push(out);
            }
            RecordType::OutputRaw(o) => {
                let ts = o.timestamp.as_ref().map(|t| t.seconds as f64 + t.nanos as f64 * 1e-9);
                let ts = ts.unwrap_or_else(crate::stream::now);
                // STDERR = 0, STDOUT = 1.
                self.console.write(&o.line, o.output_type == 0, ts, &mut self.output.pending);
            }
            RecordType::Output(o) => {
                let ts = o.timestamp.as_ref().map(|t| t.seconds as f64 + t.nanos as f64 * 1e-9);
                let mut line = o.line.clone();
                if !line.ends_with('\n') {
                    line.push('\n');
                }
                self.console.write(
                    &line,
                    o.output_type == 0,
                    ts.unwrap_or_else(crate::stream::now),
                    &mut self.output.pending,
                );
            }
            RecordType::Files(f) => {
                for it in &f.files {
                    if it.path.is_empty() {
                        continue;
                    }
                    let item = FileItem { path: it.path.clone(), policy: it.policy };
                    if item.policy != 1 {
                        self.upload_now.push(item.path.clone());
                    }
                    if !self.files.contains(&item) {
                        self.files.push(item);
                    }
                }
            }
            RecordType::Run(r) => {
                if let Some(t) = &r.start_time {
                    self.start_time = Some(t.seconds as f64 + t.nanos as f64 * 1e-9);
                }
            }
            RecordType::Exit(e) => self.exit_code = Some(e.exit_code),
            RecordType::Preempting(_) => self.preempting = true,
            _ => {}
        }
    }

    /// Keep the console text so [`Self::output_text`] can rebuild `output.log`.
    pub fn keep_output_text(&mut self) {
        self.console.keep_plain();
    }

    /// The console text after terminal emulation (when kept).
    pub fn output_text(&self) -> Option<&str> {
        self.console.plain.as_deref()
    }

    /// Emit the unfinished console lines (at the end of the run).
    pub fn flush_console(&mut self) {
        self.console.flush(&mut self.output.pending);
    }

    /// Lines waiting for the server.
    pub fn pending_lines(&self) -> usize {
        self.history.pending.len() + self.events.pending.len() + self.output.pending.len()
    }

    /// Forget pending history lines (only counting rows; the server cannot be reached).
    pub fn drop_pending_history(&mut self) {
        self.history.pending.clear();
    }

    /// True when there is something to send.
    pub fn has_pending(&self) -> bool {
        !self.history.pending.is_empty()
            || !self.events.pending.is_empty()
            || !self.output.pending.is_empty()
            || self.summary_dirty
            || !self.uploaded.is_empty()
            || self.preempting
    }

    /// Build the next request from the pending data; `complete` adds the exit code when
    /// every pending line fits.
    pub fn batch(&self, complete: Option<i32>) -> Batch {
        self.batch_after(None, complete)
    }

    /// The request that [`StreamState::batch`] will build once `prev` (built from the
    /// current state and not yet acknowledged) is acknowledged: built ahead while `prev`
    /// is in flight. Records may be applied in between (lines are only appended; the
    /// summary is tracked by generation), except when `complete` is given.
    pub fn batch_after(&self, prev: Option<&Batch>, complete: Option<i32>) -> Batch {
        let skipped = |name: &str| prev.map_or(0, |p| p.taken.iter().filter(|t| t.0 == name).map(|t| t.1).sum());
        let mut body = String::from("{\"files\":{");
        let mut budget = MAX_REQUEST_BYTES;
        let mut taken = Vec::new();
        let mut all = true;
        let mut first = true;
        for (name, lines) in [(HISTORY, &self.history), (EVENTS, &self.events), (OUTPUT, &self.output)] {
            let skip = skipped(name).min(lines.pending.len());
            let rest = &lines.pending[skip..];
            if rest.is_empty() {
                continue;
            }
            let mut n = 0;
            let mut content = String::with_capacity(rest.iter().take(MAX_REQUEST_LINES).map(|l| l.len() + 4).sum());
            for l in rest {
                if n > 0 && (l.len() + 16 > budget || n >= MAX_REQUEST_LINES) {
                    break;
                }
                if n > 0 {
                    content.push(',');
                }
                write_str(&mut content, l);
                budget = budget.saturating_sub(l.len() + 16);
                n += 1;
            }
            if n < rest.len() {
                all = false;
            }
            if !first {
                body.push(',');
            }
            first = false;
            let offset = lines.offset + skip as u64;
            body.reserve(content.len() + 64);
            body.push_str(&format!("\"{name}\":{{\"offset\":{offset},\"content\":["));
            body.push_str(&content);
            body.push_str("]}");
            taken.push((name, n));
            if budget == 0 {
                all = false;
                break;
            }
        }
        // What `prev` carries is cleared by its acknowledgement.
        let summary = self.summary_dirty && !prev.is_some_and(|p| p.summary && p.summary_gen == self.summary_gen);
        if summary {
            if !first {
                body.push(',');
            }
            let mut s = String::new();
            write_str(&mut s, &self.summary.to_json());
            body.push_str(&format!("\"{SUMMARY}\":{{\"offset\":0,\"content\":[{s}]}}"));
        }
        body.push('}');
        let uploaded: Vec<String> =
            self.uploaded.iter().filter(|u| !prev.is_some_and(|p| p.uploaded.contains(u))).cloned().collect();
        if !uploaded.is_empty() {
            body.push_str(",\"uploaded\":[");
            for (i, u) in uploaded.iter().enumerate() {
                if i > 0 {
                    body.push(',');
                }
                write_str(&mut body, u);
            }
            body.push(']');
        }
        let preempting = self.preempting && !prev.is_some_and(|p| p.preempting);
        if preempting {
            body.push_str(",\"preempting\":true");
        }
        let complete_now = complete.filter(|_| all);
        if let Some(code) = complete_now {
            body.push_str(&format!(",\"complete\":true,\"exitcode\":{code}"));
        }
        body.push('}');
        Batch {
            body,
            taken,
            summary,
            summary_gen: self.summary_gen,
            uploaded,
            complete: complete_now.is_some(),
            preempting,
        }
    }

    /// The server acknowledged `b`: advance offsets and forget what it carried.
    pub fn ack(&mut self, b: &Batch) {
        for (name, n) in &b.taken {
            let lines = match *name {
                HISTORY => &mut self.history,
                EVENTS => &mut self.events,
                _ => &mut self.output,
            };
            lines.pending.drain(..*n);
            lines.offset += *n as u64;
        }
        if b.summary && b.summary_gen == self.summary_gen {
            self.summary_dirty = false;
        }
        for u in &b.uploaded {
            self.uploaded.remove(u);
        }
        if b.preempting {
            self.preempting = false;
        }
    }
}

/// One `wandb-history.jsonl` line: the row's leaves un-flattened into nested objects,
/// `_step` added from the record's step when the items lack it.
pub fn history_line(h: &crate::proto::HistoryRecord) -> String {
    let flat = h.item.iter().all(|it| it.nested_key.len() <= 1);
    let has_step = h.item.iter().any(|it| {
        let k = if it.nested_key.is_empty() { it.key.as_str() } else { it.nested_key[0].as_str() };
        k == "_step" && it.nested_key.len() <= 1
    });
    let step = if has_step { None } else { Some(h.step.as_ref().map(|s| s.num).unwrap_or(0)) };
    if flat {
        // Fast path (no nested dicts): write the object directly, in item order.
        let mut out = String::with_capacity(32 + h.item.len() * 24);
        out.push('{');
        for it in &h.item {
            let k = if it.nested_key.is_empty() { &it.key } else { &it.nested_key[0] };
            if out.len() > 1 {
                out.push(',');
            }
            write_str(&mut out, k);
            out.push(':');
            out.push_str(if it.value_json.is_empty() { "null" } else { &it.value_json });
        }
        if let Some(n) = step {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&format!("\"_step\":{n}"));
        }
        out.push('}');
        return out;
    }
    let mut row = Summary::default();
    for it in &h.item {
        row.set(&item_path(&it.key, &it.nested_key), &it.value_json);
    }
    if let Some(n) = step {
        row.set(&["_step".to_string()], &n.to_string());
    }
    row.to_json()
}

fn item_path(key: &str, nested: &[String]) -> Vec<String> {
    if nested.is_empty() {
        vec![key.to_string()]
    } else {
        nested.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::{HistoryItem, HistoryRecord, HistoryStep};

    fn item(path: &[&str], v: &str) -> HistoryItem {
        HistoryItem {
            nested_key: path.iter().map(|s| s.to_string()).collect(),
            value_json: v.into(),
            ..Default::default()
        }
    }

    #[test]
    fn history_lines_flat_nested_and_step() {
        let h = HistoryRecord {
            item: vec![item(&["a"], "1"), item(&["b c"], "\"x\""), item(&["_step"], "4")],
            step: Some(HistoryStep { num: 4 }),
            ..Default::default()
        };
        assert_eq!(history_line(&h), r#"{"a":1,"b c":"x","_step":4}"#);
        let h = HistoryRecord {
            item: vec![item(&["n", "a"], "1"), item(&["n", "b", "c"], "2.5"), item(&["v"], "NaN")],
            step: Some(HistoryStep { num: 2 }),
            ..Default::default()
        };
        assert_eq!(history_line(&h), r#"{"_step":2,"n":{"a":1,"b":{"c":2.5}},"v":NaN}"#);
        let h = HistoryRecord {
            item: vec![HistoryItem { key: "k".into(), value_json: "3".into(), ..Default::default() }],
            ..Default::default()
        };
        assert_eq!(history_line(&h), r#"{"k":3,"_step":0}"#);
    }

    #[test]
    fn batches_respect_offsets_and_ack() {
        let mut st = StreamState::new(10, 0);
        st.history.pending = vec!["{}".into(), "{\"a\":1}".into()];
        let b = st.batch(Some(0));
        let v: serde_json::Value = serde_json::from_str(&b.body).unwrap();
        assert_eq!(v["files"][HISTORY]["offset"], 10);
        assert_eq!(v["files"][HISTORY]["content"][1], "{\"a\":1}");
        assert_eq!(v["complete"], true);
        assert_eq!(v["exitcode"], 0);
        st.ack(&b);
        assert_eq!(st.history.offset, 12);
        assert!(st.history.pending.is_empty());
    }

    #[test]
    fn requests_are_capped_and_the_next_is_built_ahead() {
        let mut st = StreamState::new(5, 2);
        st.history.pending = (0..MAX_REQUEST_LINES + 10).map(|i| format!("{{\"i\":{i}}}")).collect();
        st.events.pending = vec!["{\"e\":1}".into()];
        st.uploaded.insert("a.txt".into());
        st.preempting = true;
        st.summary_dirty = true;
        let b = st.batch(Some(3));
        assert!(b.summary);
        assert!(!b.complete);
        assert_eq!(b.taken, vec![(HISTORY, MAX_REQUEST_LINES), (EVENTS, 1)]);
        let ahead = st.batch_after(Some(&b), Some(3));
        st.ack(&b);
        let after = st.batch(Some(3));
        assert_eq!(ahead.body, after.body);
        assert_eq!(ahead.taken, after.taken);
        let v: serde_json::Value = serde_json::from_str(&after.body).unwrap();
        assert_eq!(v["files"][HISTORY]["offset"], 5 + MAX_REQUEST_LINES as u64);
        assert_eq!(v["files"][HISTORY]["content"].as_array().unwrap().len(), 10);
        assert_eq!(v["complete"], true);
        assert_eq!(v["exitcode"], 3);
        assert!(v.get("uploaded").is_none() && v.get("preempting").is_none());
        assert!(v["files"].get(SUMMARY).is_none());
    }
}
