//! The handler: turns committed rows, metric definitions and summary writes into the
//! records wandb-core would write (notes §1.1, §3, §6), in the same order.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use prost::Message;

use super::encode::{put_history_raw, put_item, put_summary_raw, put_summary_update, Item};
use super::metrics::Metrics;
use super::rowstate::Row;
use super::summary::{Hint, Observed, Summary, SummaryFlags};
use crate::json::Value;
use crate::proto::{Control, MetricRecord, Record, RecordType, RunExitRecord, SummaryItem, SummaryRecord};

/// Where the handler's records go, in order.
pub trait Sink {
    /// A record as a message.
    fn record(&mut self, r: Record);
    /// A record whose body (every field but `num`) `f` appends to the buffer.
    fn encoded(&mut self, f: &mut dyn FnMut(&mut Vec<u8>));
}

/// Collects records as messages (tests, tools).
impl Sink for Vec<Record> {
    fn record(&mut self, r: Record) {
        self.push(r);
    }
    fn encoded(&mut self, f: &mut dyn FnMut(&mut Vec<u8>)) {
        let mut buf = Vec::new();
        f(&mut buf);
        self.push(Record::decode(buf.as_slice()).unwrap_or_default());
    }
}

/// A committed row plus the wall-clock time (unix seconds) of its commit.
#[derive(Debug)]
pub struct TimedRow {
    pub row: Row,
    pub commit_time: f64,
}

/// A leaf path: top-level keys and the special keys need no extra allocation.
enum Path {
    One([String; 1]),
    Shared(Arc<[String; 1]>),
    Many(Vec<String>),
}

impl Path {
    fn segs(&self) -> &[String] {
        match self {
            Path::One(a) => a,
            Path::Shared(a) => &a[..],
            Path::Many(v) => v,
        }
    }
}

/// One leaf of a row; its JSON text is `arena[json]`.
struct Leaf {
    path: Path,
    value: Value,
    json: Range<usize>,
}

/// Handler state of one run.
pub struct Handler {
    run_start: f64,
    summary: Summary,
    metrics: Metrics,
    last_step_values: HashMap<String, (Value, String)>,
    runtime_key: [String; 2],
    runtime_flat: [String; 1],
    specials: [Arc<[String; 1]>; 3],
    // Buffers reused across rows.
    leaves: Vec<Leaf>,
    arena: String,
    item_bytes: Vec<u8>,
    spans: Vec<Range<usize>>,
    /// (whole seconds, their JSON, the encoded runtime summary record body).
    runtime_cache: Option<(i64, String, Vec<u8>)>,
    /// Per row position: the leaf path last seen there and its summary slot.
    hints: Vec<(Vec<String>, Hint)>,
    runtime_hints: [Hint; 2],
}

/// Runtime in seconds at nanosecond resolution (as Go's `time.Duration.Seconds()`).
fn runtime_since(start: f64, now: f64) -> f64 {
    ((now - start).max(0.0) * 1e9).round() / 1e9
}

impl Handler {
    /// A handler for a run that started at `run_start` (unix seconds).
    pub fn new(run_start: f64) -> Self {
        Handler {
            run_start,
            summary: Summary::default(),
            metrics: Metrics::default(),
            last_step_values: HashMap::new(),
            runtime_key: ["_wandb".to_string(), "runtime".to_string()],
            runtime_flat: ["_runtime".to_string()],
            specials: ["_timestamp", "_runtime", "_step"].map(|k| Arc::new([k.to_string()])),
            leaves: Vec::new(),
            arena: String::new(),
            item_bytes: Vec::new(),
            spans: Vec::new(),
            runtime_cache: None,
            hints: Vec::new(),
            runtime_hints: [Hint::default(); 2],
        }
    }

    /// The `summary` record wandb-core writes before every row and at the end:
    /// `_wandb.runtime` and `_runtime` set to whole seconds.
    pub fn runtime_record(&mut self, now: f64, sink: &mut dyn Sink) {
        let secs = runtime_since(self.run_start, now).floor() as i64;
        // The record only changes once a second: encode it then, copy it otherwise.
        let cache = match &mut self.runtime_cache {
            Some(c) if c.0 == secs => c,
            slot => {
                let js = secs.to_string();
                let items = [
                    Item { key: "", path: &self.runtime_key, json: &js },
                    Item { key: "_runtime", path: &[], json: &js },
                ];
                let mut bytes = Vec::new();
                put_summary_update(&mut bytes, items.len(), |i| &items[i]);
                slot.insert((secs, js, bytes))
            }
        };
        self.summary.set_hinted(&self.runtime_key, &cache.1, &mut self.runtime_hints[0]);
        self.summary.set_hinted(&self.runtime_flat, &cache.1, &mut self.runtime_hints[1]);
        let bytes = &cache.2;
        sink.encoded(&mut |b| b.extend_from_slice(bytes));
    }

    /// Records for one committed row: expanded metrics, runtime summary, summary changes,
    /// history.
    pub fn on_row(&mut self, tr: TimedRow, sink: &mut dyn Sink) {
        let TimedRow { row, commit_time } = tr;
        let step = row.step;
        let mut has_ts = false;
        let mut leaves = std::mem::take(&mut self.leaves);
        let mut arena = std::mem::take(&mut self.arena);
        leaves.clear();
        arena.clear();
        for (k, v) in row.items {
            if k == "_step" || k == "_runtime" {
                continue;
            }
            has_ts |= k == "_timestamp";
            match v {
                Value::Map(_) => {
                    let mut path = vec![k.as_str()];
                    v.for_each_leaf(&mut path, &mut |p, x| {
                        let path = Path::Many(p.iter().map(|s| s.to_string()).collect());
                        let start = arena.len();
                        x.write_json(&mut arena);
                        leaves.push(Leaf { path, value: x.clone(), json: start..arena.len() });
                    });
                }
                _ => {
                    let start = arena.len();
                    v.write_json(&mut arena);
                    leaves.push(Leaf { path: Path::One([k]), value: v, json: start..arena.len() });
                }
            }
        }
        let runtime = runtime_since(self.run_start, commit_time);
        let specials =
            [(!has_ts).then_some(Value::Float(commit_time)), Some(Value::Float(runtime)), Some(Value::Int(step))];
        for (key, value) in self.specials.iter().zip(specials) {
            if let Some(v) = value {
                let start = arena.len();
                v.write_json(&mut arena);
                leaves.push(Leaf { path: Path::Shared(key.clone()), value: v, json: start..arena.len() });
            }
        }

        if !self.metrics.is_empty() {
            self.apply_metrics(&mut leaves, &mut arena, sink);
        }

        self.runtime_record(commit_time, sink);

        // Encode every leaf's item once; history and summary copy the same bytes.
        let mut ib = std::mem::take(&mut self.item_bytes);
        let mut spans = std::mem::take(&mut self.spans);
        ib.clear();
        spans.clear();
        for leaf in leaves.iter() {
            let start = ib.len();
            put_item(&mut ib, &Item { key: "", path: leaf.path.segs(), json: &arena[leaf.json.clone()] });
            spans.push(start..ib.len());
        }
        let hist_end = ib.len();

        let no_metrics = self.metrics.is_empty();
        let mut sum_len = 0usize;
        let mut n_changed = 0usize;
        // `spans[leaves.len()..]` holds the summary parts (leaf items or aggregate items).
        for (i, leaf) in leaves.iter().enumerate() {
            let segs = leaf.path.segs();
            let flags = if no_metrics {
                SummaryFlags::default()
            } else {
                self.metrics.get(&segs.join(".")).map(|d| d.flags).unwrap_or_default()
            };
            // Rows usually repeat the previous row's keys in the same order: remember each
            // position's summary slot so the tree is not walked again.
            if self.hints.len() <= i {
                self.hints.push((Vec::new(), Hint::default()));
            }
            let (hkey, hint) = &mut self.hints[i];
            if hkey.as_slice() != segs {
                hkey.clear();
                hkey.extend(segs.iter().cloned());
                *hint = Hint::default();
            }
            let part = match self.summary.observe_hinted(segs, &leaf.value, &arena[leaf.json.clone()], flags, hint) {
                Observed::Unchanged => continue,
                Observed::Same => spans[i].clone(),
                Observed::Agg(s) => {
                    let start = ib.len();
                    put_item(&mut ib, &Item { key: "", path: segs, json: s.as_str() });
                    start..ib.len()
                }
            };
            sum_len += part.len();
            n_changed += 1;
            spans.push(part);
        }
        let n = leaves.len();
        if n_changed > 0 {
            let (ib, spans) = (&ib, &spans);
            sink.encoded(&mut |b| put_summary_raw(b, sum_len, spans[n..].iter().map(|r| &ib[r.clone()])));
        }
        sink.encoded(&mut |b| put_history_raw(b, &ib[..hist_end], step));
        leaves.clear();
        self.leaves = leaves;
        self.arena = arena;
        self.item_bytes = ib;
        self.spans = spans;
    }

    /// Glob expansion (metric records first) and step_sync for a row with metrics defined.
    fn apply_metrics(&mut self, leaves: &mut Vec<Leaf>, arena: &mut String, sink: &mut dyn Sink) {
        let mut synced: Vec<String> = vec![];
        for leaf in leaves.iter() {
            let key = leaf.path.segs().join(".");
            if let Some(m) = self.metrics.expand(&key) {
                sink.record(Record::of(RecordType::Metric(m)));
            }
            if let Some(def) = self.metrics.get(&key) {
                let sm = &def.step_metric;
                if def.step_sync
                    && !sm.is_empty()
                    && !synced.contains(sm)
                    && self.last_step_values.contains_key(sm)
                    && !leaves.iter().any(|l| l.path.segs().len() == 1 && l.path.segs()[0] == *sm)
                {
                    synced.push(sm.clone());
                }
            }
        }
        for name in synced {
            let (value, json) = self.last_step_values[&name].clone();
            let start = arena.len();
            arena.push_str(&json);
            leaves.push(Leaf { path: Path::One([name]), value, json: start..arena.len() });
        }
        for leaf in leaves.iter() {
            let segs = leaf.path.segs();
            if segs.len() == 1 && self.metrics.step_metrics.contains(&segs[0]) && !matches!(leaf.value, Value::Null) {
                let json = arena[leaf.json.clone()].to_string();
                self.last_step_values.insert(segs[0].clone(), (leaf.value.clone(), json));
            }
        }
    }

    /// Register a client metric definition (the record itself is written by the caller).
    pub fn define_metric(&mut self, m: &MetricRecord) {
        if let Some(name) = self.metrics.define(m) {
            let path: Vec<String> = name.split('.').map(String::from).collect();
            self.summary.clear_explicit(&path);
            self.summary.clear_explicit(&[name]);
        }
    }

    /// Apply explicit summary writes and build their `summary` record.
    pub fn summary_update(&mut self, update: Vec<(Vec<String>, String)>, remove: Vec<Vec<String>>) -> Record {
        let mut rec = SummaryRecord::default();
        for (path, js) in update {
            self.summary.set_explicit(&path, &js);
            rec.update.push(summary_item(path, js));
        }
        for path in remove {
            self.summary.remove(&path);
            rec.remove.push(summary_item(path, String::new()));
        }
        Record::of(RecordType::Summary(rec))
    }

    /// The current nested summary as JSON.
    pub fn summary_json(&self) -> String {
        self.summary.to_json()
    }

    /// The closing records: the final runtime summary and the `exit` record.
    pub fn finish(&mut self, exit_code: i32, now: f64, sink: &mut dyn Sink) {
        self.runtime_record(now, sink);
        let runtime = runtime_since(self.run_start, now).floor() as i32;
        let mut exit = Record::of(RecordType::Exit(RunExitRecord { exit_code, runtime, info: None }));
        exit.control = Some(Control { always_send: true, ..Default::default() });
        sink.record(exit);
    }
}

/// A single-element path becomes `key`, a longer one `nested_key` (as the Python client).
fn summary_item(mut path: Vec<String>, value_json: String) -> SummaryItem {
    if path.len() == 1 {
        SummaryItem { key: path.pop().unwrap_or_default(), nested_key: vec![], value_json }
    } else {
        SummaryItem { key: String::new(), nested_key: path, value_json }
    }
}
