//! The handler: turns committed rows, metric definitions and summary writes into the
//! records wandb-core would write (notes §1.1, §3, §6), in the same order.

use std::collections::HashMap;

use prost::Message;

use super::encode::{put_history, put_summary_update, Item};
use super::metrics::Metrics;
use super::rowstate::Row;
use super::summary::{Observed, Summary, SummaryFlags};
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

/// A leaf path: top-level keys need no extra allocation.
enum Path {
    One([String; 1]),
    Many(Vec<String>),
}

impl Path {
    fn segs(&self) -> &[String] {
        match self {
            Path::One(a) => a,
            Path::Many(v) => v,
        }
    }
}

struct Leaf {
    path: Path,
    value: Value,
    json: String,
}

/// Handler state of one run.
pub struct Handler {
    run_start: f64,
    summary: Summary,
    metrics: Metrics,
    last_step_values: HashMap<String, (Value, String)>,
    runtime_key: [String; 2],
    runtime_flat: [String; 1],
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
        }
    }

    /// The `summary` record wandb-core writes before every row and at the end:
    /// `_wandb.runtime` and `_runtime` set to whole seconds.
    pub fn runtime_record(&mut self, now: f64, sink: &mut dyn Sink) {
        let secs = runtime_since(self.run_start, now).floor() as i64;
        let js = secs.to_string();
        self.summary.set(&self.runtime_key, &js);
        self.summary.set(&self.runtime_flat, &js);
        let items =
            [Item { key: "", path: &self.runtime_key, json: &js }, Item { key: "_runtime", path: &[], json: &js }];
        sink.encoded(&mut |b| put_summary_update(b, &items));
    }

    /// Records for one committed row: expanded metrics, runtime summary, summary changes,
    /// history.
    pub fn on_row(&mut self, tr: TimedRow, sink: &mut dyn Sink) {
        let TimedRow { row, commit_time } = tr;
        let step = row.step;
        let mut has_ts = false;
        let mut leaves: Vec<Leaf> = Vec::with_capacity(row.items.len() + 3);
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
                        leaves.push(Leaf { path, value: x.clone(), json: x.to_json() });
                    });
                }
                _ => {
                    let json = v.to_json();
                    leaves.push(Leaf { path: Path::One([k]), value: v, json });
                }
            }
        }
        let mut special = |k: &str, v: Value| {
            let json = v.to_json();
            leaves.push(Leaf { path: Path::One([k.to_string()]), value: v, json });
        };
        if !has_ts {
            special("_timestamp", Value::Float(commit_time));
        }
        special("_runtime", Value::Float(runtime_since(self.run_start, commit_time)));
        special("_step", Value::Int(step));

        if !self.metrics.is_empty() {
            self.apply_metrics(&mut leaves, sink);
        }

        self.runtime_record(commit_time, sink);

        let mut aggs: Vec<(usize, String)> = Vec::new();
        let mut changed: Vec<usize> = Vec::with_capacity(leaves.len());
        let no_metrics = self.metrics.is_empty();
        for (i, leaf) in leaves.iter().enumerate() {
            let segs = leaf.path.segs();
            let flags = if no_metrics {
                SummaryFlags::default()
            } else {
                self.metrics.get(&segs.join(".")).map(|d| d.flags).unwrap_or_default()
            };
            match self.summary.observe(segs, &leaf.value, &leaf.json, flags) {
                Observed::Unchanged => {}
                Observed::Same => changed.push(i),
                Observed::Agg(s) => {
                    changed.push(i);
                    aggs.push((i, s));
                }
            }
        }
        if !changed.is_empty() {
            let items: Vec<Item<'_>> = changed
                .iter()
                .map(|&i| {
                    let json = aggs.iter().find(|(j, _)| *j == i).map(|(_, s)| s.as_str()).unwrap_or(&leaves[i].json);
                    Item { key: "", path: leaves[i].path.segs(), json }
                })
                .collect();
            sink.encoded(&mut |b| put_summary_update(b, &items));
        }
        let items: Vec<Item<'_>> =
            leaves.iter().map(|l| Item { key: "", path: l.path.segs(), json: &l.json }).collect();
        sink.encoded(&mut |b| put_history(b, &items, step));
    }

    /// Glob expansion (metric records first) and step_sync for a row with metrics defined.
    fn apply_metrics(&mut self, leaves: &mut Vec<Leaf>, sink: &mut dyn Sink) {
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
            leaves.push(Leaf { path: Path::One([name]), value, json });
        }
        for leaf in leaves.iter() {
            let segs = leaf.path.segs();
            if segs.len() == 1 && self.metrics.step_metrics.contains(&segs[0]) && !matches!(leaf.value, Value::Null) {
                self.last_step_values.insert(segs[0].clone(), (leaf.value.clone(), leaf.json.clone()));
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
