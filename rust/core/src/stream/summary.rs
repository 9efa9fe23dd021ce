//! The run summary as the handler keeps it: a tree of leaf JSON values, per-path
//! aggregates for `define_metric(summary=...)`, and the explicit-write switch-off.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::json::{write_float, Value};

/// Summary flags of a metric (the `MetricSummary` bools the core honours).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SummaryFlags {
    pub min: bool,
    pub max: bool,
    pub mean: bool,
    pub first: bool,
    pub last: bool,
    pub none: bool,
}

impl SummaryFlags {
    /// True when the summary is the plain latest value (no aggregate requested).
    pub fn is_plain(&self) -> bool {
        !(self.min || self.max || self.mean || self.first || self.last || self.none)
    }
}

/// FxHash: a fast non-cryptographic hasher for the short keys of the summary tree.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Map = HashMap<String, Node, BuildHasherDefault<FxHasher>>;

#[derive(Debug)]
enum Node {
    Leaf(String),
    Branch(Map),
}

#[derive(Debug, Default)]
struct Agg {
    min: f64,
    max: f64,
    sum: f64,
    count: u64,
    first: Option<String>,
    last: String,
}

/// What a logged leaf did to the summary.
#[derive(Debug, PartialEq)]
pub enum Observed {
    /// Nothing to report (a null leaf, or `summary="none"`).
    Unchanged,
    /// The summary is now the leaf's own JSON.
    Same,
    /// The summary is now this aggregate object.
    Agg(String),
}

/// Summary tree plus aggregation state.
#[derive(Debug, Default)]
pub struct Summary {
    root: Map,
    aggs: HashMap<Vec<String>, Agg>,
    explicit: HashSet<Vec<String>>,
}

impl Summary {
    /// Set a leaf; returns true when the stored JSON changed. A leaf replaces a subtree and
    /// a nested write replaces a leaf on its way down. Allocates only for new paths.
    pub fn set(&mut self, path: &[String], json: &str) -> bool {
        let Some((last, parents)) = path.split_last() else { return false };
        let mut map = &mut self.root;
        for p in parents {
            if !matches!(map.get(p.as_str()), Some(Node::Branch(_))) {
                map.insert(p.clone(), Node::Branch(Map::default()));
            }
            let Some(Node::Branch(m)) = map.get_mut(p.as_str()) else { unreachable!() };
            map = m;
        }
        match map.get_mut(last.as_str()) {
            Some(Node::Leaf(old)) if old == json => false,
            Some(Node::Leaf(old)) => {
                old.clear();
                old.push_str(json);
                true
            }
            Some(node) => {
                *node = Node::Leaf(json.to_string());
                true
            }
            None => {
                map.insert(last.clone(), Node::Leaf(json.to_string()));
                true
            }
        }
    }

    /// Remove a path and prune parents left empty.
    pub fn remove(&mut self, path: &[String]) {
        fn rec(map: &mut Map, path: &[String]) {
            let Some((first, rest)) = path.split_first() else { return };
            if rest.is_empty() {
                map.remove(first);
                return;
            }
            if let Some(Node::Branch(m)) = map.get_mut(first) {
                rec(m, rest);
                if m.is_empty() {
                    map.remove(first);
                }
            }
        }
        rec(&mut self.root, path);
        self.explicit.remove(path);
    }

    /// An explicit `run.summary` write: stores the value and switches aggregation off.
    pub fn set_explicit(&mut self, path: &[String], json: &str) {
        self.set(path, json);
        self.explicit.insert(path.to_vec());
    }

    /// `define_metric` for `path` turns aggregation back on.
    pub fn clear_explicit(&mut self, path: &[String]) {
        self.explicit.remove(path);
    }

    /// Fold one logged leaf into the summary. `json` is the leaf's history JSON.
    pub fn observe(&mut self, path: &[String], value: &Value, json: &str, flags: SummaryFlags) -> Observed {
        if matches!(value, Value::Null) {
            return Observed::Unchanged;
        }
        if flags.is_plain() || self.explicit.contains(path) {
            if !flags.is_plain() {
                self.fold(path, value, json);
            }
            // wandb-core reports every non-null leaf of every row, changed or not.
            self.set(path, json);
            return Observed::Same;
        }
        let agg = self.fold(path, value, json);
        if flags.none {
            return Observed::Unchanged;
        }
        let mut out = String::from("{");
        let put = |out: &mut String, k: &str, v: &dyn Fn(&mut String)| {
            if out.len() > 1 {
                out.push(',');
            }
            out.push('"');
            out.push_str(k);
            out.push_str("\":");
            v(out);
        };
        if agg.count > 0 {
            if flags.min {
                put(&mut out, "min", &|o| write_float(o, agg.min));
            }
            if flags.max {
                put(&mut out, "max", &|o| write_float(o, agg.max));
            }
            if flags.mean {
                put(&mut out, "mean", &|o| write_float(o, agg.sum / agg.count as f64));
            }
        }
        if flags.first {
            let f = agg.first.clone().unwrap_or_default();
            put(&mut out, "first", &|o| o.push_str(&f));
        }
        if flags.last {
            put(&mut out, "last", &|o| o.push_str(&agg.last));
        }
        if out.len() == 1 {
            return Observed::Unchanged;
        }
        out.push('}');
        self.set(path, &out);
        Observed::Agg(out)
    }

    fn fold(&mut self, path: &[String], value: &Value, json: &str) -> &Agg {
        if !self.aggs.contains_key(path) {
            self.aggs.insert(path.to_vec(), Agg::default());
        }
        let Some(agg) = self.aggs.get_mut(path) else { unreachable!() };
        if let Some(x) = value.as_f64() {
            if agg.count == 0 {
                agg.min = x;
                agg.max = x;
            } else {
                // NaN sticks, as with Go's math.Min/Max in wandb-core: a diverged run must not
                // show a healthy-looking min/max.
                agg.min = if x.is_nan() || agg.min.is_nan() { f64::NAN } else { agg.min.min(x) };
                agg.max = if x.is_nan() || agg.max.is_nan() { f64::NAN } else { agg.max.max(x) };
            }
            agg.sum += x;
            agg.count += 1;
        }
        if agg.first.is_none() {
            agg.first = Some(json.to_string());
        }
        agg.last.clear();
        agg.last.push_str(json);
        agg
    }

    /// The nested summary as JSON text (leaves inserted verbatim; keys sorted).
    pub fn to_json(&self) -> String {
        fn rec(map: &Map, out: &mut String) {
            out.push('{');
            let mut keys: Vec<(&String, &Node)> = map.iter().collect();
            keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (i, (k, v)) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::json::write_str(out, k);
                out.push(':');
                match v {
                    Node::Leaf(j) => out.push_str(j),
                    Node::Branch(m) => rec(m, out),
                }
            }
            out.push('}');
        }
        let mut out = String::new();
        rec(&self.root, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<String> {
        s.split('.').map(String::from).collect()
    }

    fn run(flags: SummaryFlags) -> Option<String> {
        let mut s = Summary::default();
        for v in [5, 3, 7] {
            let val = Value::Int(v);
            s.observe(&p("m"), &val, &val.to_json(), flags);
        }
        let j = s.to_json();
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        v.get("m").map(|x| x.to_string())
    }

    #[test]
    fn aggregates_match_the_notes_table() {
        let f = SummaryFlags::default;
        assert_eq!(run(SummaryFlags { min: true, ..f() }).unwrap(), r#"{"min":3}"#);
        assert_eq!(run(SummaryFlags { max: true, ..f() }).unwrap(), r#"{"max":7}"#);
        assert_eq!(run(SummaryFlags { mean: true, ..f() }).unwrap(), r#"{"mean":5}"#);
        assert_eq!(run(SummaryFlags { last: true, ..f() }).unwrap(), r#"{"last":7}"#);
        assert_eq!(run(SummaryFlags { first: true, ..f() }).unwrap(), r#"{"first":5}"#);
        assert_eq!(run(SummaryFlags { none: true, ..f() }), None);
        let all = run(SummaryFlags { min: true, max: true, mean: true, first: true, last: true, none: false }).unwrap();
        let v: serde_json::Value = serde_json::from_str(&all).unwrap();
        assert_eq!(v, serde_json::json!({"last":7,"first":5,"max":7,"min":3,"mean":5}));
        assert_eq!(run(f()).unwrap(), "7");
    }

    #[test]
    fn mean_prints_floats_go_style() {
        let mut s = Summary::default();
        let fl = SummaryFlags { mean: true, ..Default::default() };
        s.observe(&p("m"), &Value::Int(1), "1", fl);
        assert_eq!(s.observe(&p("m"), &Value::Int(2), "2", fl), Observed::Agg(r#"{"mean":1.5}"#.into()));
    }

    #[test]
    fn nulls_are_ignored_and_unchanged_values_reported_again() {
        let mut s = Summary::default();
        let fl = SummaryFlags::default();
        assert_eq!(s.observe(&p("x"), &Value::Int(1), "1", fl), Observed::Same);
        assert_eq!(s.observe(&p("x"), &Value::Null, "null", fl), Observed::Unchanged);
        // wandb-core writes every non-null leaf of each row, even when it did not change.
        assert_eq!(s.observe(&p("x"), &Value::Int(1), "1", fl), Observed::Same);
        assert_eq!(s.to_json(), r#"{"x":1}"#);
    }

    #[test]
    fn nan_sticks_in_min_and_max() {
        let mut s = Summary::default();
        let fl = SummaryFlags { min: true, max: true, ..Default::default() };
        s.observe(&p("loss"), &Value::Float(1.0), "1", fl);
        s.observe(&p("loss"), &Value::Float(f64::NAN), "NaN", fl);
        let out = s.observe(&p("loss"), &Value::Float(0.5), "0.5", fl);
        assert_eq!(out, Observed::Agg(r#"{"min":NaN,"max":NaN}"#.into()));
    }

    #[test]
    fn explicit_write_switches_off_aggregation_until_cleared() {
        let mut s = Summary::default();
        let fl = SummaryFlags { max: true, ..Default::default() };
        s.observe(&p("acc"), &Value::Float(0.9), "0.9", fl);
        s.set_explicit(&p("acc"), "0.77");
        assert_eq!(s.observe(&p("acc"), &Value::Float(0.5), "0.5", fl), Observed::Same);
        s.clear_explicit(&p("acc"));
        assert_eq!(s.observe(&p("acc"), &Value::Float(0.6), "0.6", fl), Observed::Agg(r#"{"max":0.9}"#.into()));
    }

    #[test]
    fn nested_writes_replace_leaves_and_remove_prunes() {
        let mut s = Summary::default();
        s.set_explicit(&p("nest"), r#"{"k": 1, "j": {"z": 2}}"#);
        s.set_explicit(&p("nest.k"), "5");
        assert_eq!(s.to_json(), r#"{"nest":{"k":5}}"#);
        s.set(&p("a.b.c"), "1");
        s.remove(&p("a.b.c"));
        assert_eq!(s.to_json(), r#"{"nest":{"k":5}}"#);
        s.set(&p("nest"), "3");
        assert_eq!(s.to_json(), r#"{"nest":3}"#);
    }
}
