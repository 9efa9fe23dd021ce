//! `define_metric` registry: exact names, `*` globs with one-time expansion, summary flags
//! and step metrics (for `step_sync`).

use std::collections::{HashMap, HashSet};

use super::summary::SummaryFlags;
use crate::proto::{MetricControl, MetricOptions, MetricRecord};

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
        if !m.glob_name.is_empty() {
            self.globs.retain(|(g, _)| *g != m.glob_name);
            self.globs.push((m.glob_name.clone(), m.clone()));
            self.unmatched.clear();
            return None;
        }
        if m.name.is_empty() {
            return None;
        }
        self.exact.insert(m.name.clone(), MetricDef::from_record(m));
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
            summary: Some(g.summary.clone().unwrap_or_default()),
            goal: g.goal,
            control: Some(MetricControl { overwrite: true }),
            expanded_from_glob: true,
            ..Default::default()
        };
        self.exact.insert(key.to_string(), MetricDef::from_record(&rec));
        Some(rec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::MetricSummary;

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
