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
    /// Index into `Summary::values`.
    Leaf(usize),
    Branch(Map),
}

/// A remembered leaf slot for a path the caller logs repeatedly (see [`Summary::set_hinted`]).
/// Valid while the summary's generation is unchanged (no leaf was freed since).
#[derive(Clone, Copy, Debug, Default)]
pub struct Hint {
    generation: u64,
    slot: usize,
    valid: bool,
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
    /// Leaf JSON texts; `Node::Leaf` holds indices. Freed slots are reused.
    values: Vec<String>,
    free: Vec<usize>,
    /// Bumped whenever a slot is freed, which invalidates every [`Hint`].
    generation: u64,
    aggs: HashMap<Vec<String>, Agg>,
    explicit: HashSet<Vec<String>>,
}

impl Summary {
    fn new_slot(&mut self, json: &str) -> usize {
        match self.free.pop() {
            Some(i) => {
                self.values[i].clear();
                self.values[i].push_str(json);
                i
            }
            None => {
                self.values.push(json.to_string());
                self.values.len() - 1
            }
        }
    }

    /// Free every leaf slot under `node`.
    fn free_node(&mut self, node: Node) {
        self.generation += 1;
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match n {
                Node::Leaf(i) => self.free.push(i),
                Node::Branch(m) => stack.extend(m.into_values()),
            }
        }
    }

    /// Set a leaf; returns its slot. A leaf replaces a subtree and a nested write replaces
    /// a leaf on its way down. Allocates only for new paths.
    fn set_slot(&mut self, path: &[String], json: &str) -> Option<usize> {
        let (last, parents) = path.split_last()?;
        let mut root = std::mem::take(&mut self.root);
        let mut map = &mut root;
        for p in parents {
            match map.get(p.as_str()) {
                Some(Node::Branch(_)) => {}
                Some(Node::Leaf(i)) => {
                    let i = *i;
                    self.free_node(Node::Leaf(i));
                    map.insert(p.clone(), Node::Branch(Map::default()));
                }
                None => {
                    map.insert(p.clone(), Node::Branch(Map::default()));
                }
            }
            let Some(Node::Branch(m)) = map.get_mut(p.as_str()) else { unreachable!() };
            map = m;
        }
        let slot = match map.get_mut(last.as_str()) {
            Some(Node::Leaf(i)) => {
                let old = &mut self.values[*i];
                old.clear();
                old.push_str(json);
                *i
            }
            Some(node) => {
                let i = self.new_slot(json);
                let old = std::mem::replace(node, Node::Leaf(i));
                self.free_node(old);
                i
            }
            None => {
                let i = self.new_slot(json);
                map.insert(last.clone(), Node::Leaf(i));
                i
            }
        };
        self.root = root;
        Some(slot)
    }

    /// Set a leaf (see `set_slot`).
    pub fn set(&mut self, path: &[String], json: &str) {
        self.set_slot(path, json);
    }

    /// [`Summary::set`] for a caller that logs the same `path` again and again: while `hint`
    /// is valid the value is written straight into its slot (no tree walk). The caller must
    /// pass the hint only with the path it was filled for.
    pub fn set_hinted(&mut self, path: &[String], json: &str, hint: &mut Hint) {
        if hint.valid && hint.generation == self.generation {
            let v = &mut self.values[hint.slot];
            v.clear();
            v.push_str(json);
            return;
        }
        match self.set_slot(path, json) {
            Some(slot) => *hint = Hint { generation: self.generation, slot, valid: true },
            None => hint.valid = false,
        }
    }

    /// Remove a path and prune parents left empty.
    pub fn remove(&mut self, path: &[String]) {
        fn rec(map: &mut Map, path: &[String], freed: &mut Vec<Node>) {
            let Some((first, rest)) = path.split_first() else { return };
            if rest.is_empty() {
                if let Some(n) = map.remove(first) {
                    freed.push(n);
                }
                return;
            }
            if let Some(Node::Branch(m)) = map.get_mut(first) {
                rec(m, rest, freed);
                if m.is_empty() {
                    if let Some(n) = map.remove(first) {
                        freed.push(n);
                    }
                }
            }
        }
        let mut freed = vec![];
        rec(&mut self.root, path, &mut freed);
        for n in freed {
            self.free_node(n);
        }
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
        self.observe_hinted(path, value, json, flags, &mut Hint::default())
    }

    /// [`Summary::observe`] with a slot hint for `path` (see [`Summary::set_hinted`]).
    pub fn observe_hinted(
        &mut self,
        path: &[String],
        value: &Value,
        json: &str,
        flags: SummaryFlags,
        hint: &mut Hint,
    ) -> Observed {
        if matches!(value, Value::Null) {
            return Observed::Unchanged;
        }
        if flags.is_plain() || self.explicit.contains(path) {
            if !flags.is_plain() {
                self.fold(path, value, json);
            }
            // wandb-core reports every non-null leaf of every row, changed or not.
            self.set_hinted(path, json, hint);
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
        self.set_hinted(path, &out, hint);
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
        fn rec(map: &Map, values: &[String], out: &mut String) {
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
                    Node::Leaf(i) => out.push_str(&values[*i]),
                    Node::Branch(m) => rec(m, values, out),
                }
            }
            out.push('}');
        }
        let mut out = String::new();
        rec(&self.root, &self.values, &mut out);
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
    fn hints_follow_structural_changes() {
        let mut s = Summary::default();
        let (mut ha, mut hb) = (Hint::default(), Hint::default());
        s.set_hinted(&p("a"), "1", &mut ha);
        s.set_hinted(&p("b"), "2", &mut hb);
        s.set_hinted(&p("a"), "3", &mut ha);
        assert_eq!(s.to_json(), r#"{"a":3,"b":2}"#);
        // `a` becomes a branch: its slot is freed and reused by `a.x`; the old hint must not
        // write into it.
        s.set(&p("a.x"), "4");
        s.set_hinted(&p("b"), "5", &mut hb);
        assert_eq!(s.to_json(), r#"{"a":{"x":4},"b":5}"#);
        s.set_hinted(&p("a"), "6", &mut ha);
        assert_eq!(s.to_json(), r#"{"a":6,"b":5}"#);
        s.remove(&p("b"));
        s.set(&p("c"), "7");
        s.set_hinted(&p("b"), "8", &mut hb);
        s.set_hinted(&p("a"), "9", &mut ha);
        assert_eq!(s.to_json(), r#"{"a":9,"b":8,"c":7}"#);
        s.set(&p("a"), "10");
        assert_eq!(s.to_json(), r#"{"a":10,"b":8,"c":7}"#);
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
