//! `define_metric` registry: exact names, `*` globs with one-time expansion, summary flags
//! and step metrics (for `step_sync`).

use std::collections::{HashMap, HashSet};

use super::summary::SummaryFlags;
use crate::proto::{MetricControl, MetricOptions, MetricRecord, MetricSummary};

/// What the handler needs to know about one defined metric.
#[derive(Clone, Debug, Default)]
pub struct MetricDef {
    pub flags: SummaryFlags,
    pub step_metric: String,
    pub step_sync: bool,
}

impl MetricDef {
    fn from_record(m: &MetricRecord) -> Self {
        let s = m.summary.clone().unwrap_or_default();
        MetricDef {
            // `best` and `copy` are ignored, as in wandb-core.
            flags: SummaryFlags { min: s.min, max: s.max, mean: s.mean, first: s.first, last: s.last, none: s.none },
            step_metric: m.step_metric.clone(),
            step_sync: m.options.as_ref().is_some_and(|o| o.step_sync),
        }
    }
}

/// `*` matches any run of characters (including none); everything else is literal.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == b'*')
}

/// All defined metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    exact: HashMap<String, MetricDef>,
    /// The merged client definitions of exact names (a redefinition without `overwrite`
    /// merges into the earlier one, as protobuf merge does in wandb-core).
    records: HashMap<String, MetricRecord>,
    globs: Vec<(String, MetricRecord)>,
    unmatched: HashSet<String>,
    /// Names used as step metrics (their last value is remembered for step_sync).
    pub step_metrics: HashSet<String>,
}

impl Metrics {
    /// Register a client `define_metric` record. Returns the exact name defined (if any).
    pub fn define(&mut self, m: &MetricRecord) -> Option<String> {
        if !m.step_metric.is_empty() {
            self.step_metrics.insert(m.step_metric.clone());
        }
        let overwrite = m.control.as_ref().is_some_and(|c| c.overwrite);
        if !m.glob_name.is_empty() {
            let merged = match self.globs.iter().position(|(g, _)| *g == m.glob_name) {
                Some(i) => {
                    let (_, old) = self.globs.remove(i);
                    if overwrite { m.clone() } else { merge(old, m) }
                }
                None => m.clone(),
            };
            self.globs.push((m.glob_name.clone(), merged));
            self.unmatched.clear();
            return None;
        }
        if m.name.is_empty() {
            return None;
        }
        let merged = match self.records.remove(&m.name) {
            Some(old) if !overwrite => merge(old, m),
            _ => m.clone(),
        };
        self.exact.insert(m.name.clone(), MetricDef::from_record(&merged));
        self.records.insert(m.name.clone(), merged);
        Some(m.name.clone())
    }

    /// The definition for a (dotted) key, if any.
    pub fn get(&self, key: &str) -> Option<&MetricDef> {
        self.exact.get(key)
    }

    /// True when any metric is defined (fast path for rows when nothing is).
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.globs.is_empty()
    }

    /// For a key seen in a row: if it is not defined but matches a glob, define it and return
    /// the expanded metric record to write (first match only).
    pub fn expand(&mut self, key: &str) -> Option<MetricRecord> {
        if self.globs.is_empty() || key.starts_with('_') || self.exact.contains_key(key) || self.unmatched.contains(key)
        {
            return None;
        }
        let Some((_, g)) = self.globs.iter().find(|(g, _)| glob_match(g, key)) else {
            self.unmatched.insert(key.to_string());
            return None;
        };
        let opts = g.options.clone().unwrap_or_default();
        let rec = MetricRecord {
            name: key.to_string(),
            step_metric: g.step_metric.clone(),
            options: Some(MetricOptions { step_sync: opts.step_sync, hidden: opts.hidden, defined: false }),
            // `best` and `copy` are client-side flags wandb-core does not carry over.
            summary: Some(MetricSummary { best: false, copy: false, ..g.summary.clone().unwrap_or_default() }),
            goal: g.goal,
            control: Some(MetricControl { overwrite: true }),
            expanded_from_glob: true,
            ..Default::default()
        };
        self.exact.insert(key.to_string(), MetricDef::from_record(&rec));
        Some(rec)
    }
}

/// Protobuf merge of a redefinition into an earlier definition: set strings and numbers
/// replace, flags accumulate (a `false` in the new record does not clear an earlier `true`).
fn merge(mut old: MetricRecord, new: &MetricRecord) -> MetricRecord {
    if !new.step_metric.is_empty() {
        old.step_metric = new.step_metric.clone();
    }
    if new.step_metric_index != 0 {
        old.step_metric_index = new.step_metric_index;
    }
    if new.goal != 0 {
        old.goal = new.goal;
    }
    if let Some(o) = &new.options {
        let t = old.options.get_or_insert_with(Default::default);
        t.step_sync |= o.step_sync;
        t.hidden |= o.hidden;
        t.defined |= o.defined;
    }
    if let Some(n) = &new.summary {
        let t = old.summary.get_or_insert_with(Default::default);
        t.min |= n.min;
        t.max |= n.max;
        t.mean |= n.mean;
        t.best |= n.best;
        t.last |= n.last;
        t.none |= n.none;
        t.copy |= n.copy;
        t.first |= n.first;
    }
    old
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redefinition_merges_unless_overwrite() {
        let mut m = Metrics::default();
        let first = MetricRecord { name: "acc".into(), step_metric: "epoch".into(), ..Default::default() };
        let second = MetricRecord {
            name: "acc".into(),
            summary: Some(MetricSummary { max: true, ..Default::default() }),
            ..Default::default()
        };
        m.define(&first);
        m.define(&second);
        let d = m.get("acc").unwrap();
        assert_eq!((d.step_metric.as_str(), d.flags.max), ("epoch", true));
        let third = MetricRecord {
            name: "acc".into(),
            summary: Some(MetricSummary { min: true, ..Default::default() }),
            control: Some(MetricControl { overwrite: true }),
            ..Default::default()
        };
        m.define(&third);
        let d = m.get("acc").unwrap();
        assert_eq!((d.step_metric.as_str(), d.flags.max, d.flags.min), ("", false, true));
    }

    #[test]
    fn globs() {
        assert!(glob_match("val/*", "val/loss"));
        assert!(glob_match("*", "anything/at.all"));
        assert!(glob_match("a*b*c", "aXXbYYc"));
        assert!(glob_match("a*b*c", "abc"));
        assert!(!glob_match("a*b*c", "abx"));
        assert!(!glob_match("val/*", "train/loss"));
        assert!(glob_match("exact", "exact"));
        assert!(!glob_match("exact", "exactly"));
    }

    #[test]
    fn glob_expansion_happens_once_and_copies_settings() {
        let mut m = Metrics::default();
        let g = MetricRecord {
            glob_name: "val/*".into(),
            step_metric: "epoch".into(),
            options: Some(MetricOptions { step_sync: true, defined: true, hidden: false }),
            summary: Some(MetricSummary { max: true, ..Default::default() }),
            ..Default::default()
        };
        assert_eq!(m.define(&g), None);
        assert!(m.expand("train/loss").is_none());
        assert!(m.expand("_step").is_none());
        let e = m.expand("val/loss").unwrap();
        assert_eq!(e.name, "val/loss");
        assert!(e.expanded_from_glob && e.control.unwrap().overwrite);
        assert_eq!(e.options.unwrap(), MetricOptions { step_sync: true, hidden: false, defined: false });
        assert!(m.expand("val/loss").is_none());
        let d = m.get("val/loss").unwrap();
        assert!(d.flags.max && d.step_sync && d.step_metric == "epoch");
        assert!(m.step_metrics.contains("epoch"));
    }
}
