//! OpenMetrics / Prometheus text endpoints (`x_stats_open_metrics_endpoints`) with the
//! documented filters (`x_stats_open_metrics_filters`) and headers.
//!
//! Key: `openmetrics.{endpoint}.{metric}.{n}`, where n numbers the label sets of a metric in
//! the order they were first seen (wandb 0.21.3). Filters match `{endpoint}.{metric}`
//! with unanchored regexes: a list captures a metric matching any pattern; a mapping
//! `{metric pattern: {label: value pattern}}` also requires every named label to match.
//! Without filters everything is captured.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use regex::Regex;

use super::{Metric, Sample, Source};

/// One parsed sample: name, labels (sorted), value.
#[derive(Clone, Debug, PartialEq)]
pub struct PromSample {
    pub name: String,
    pub labels: Vec<(String, String)>,
    pub value: f64,
}

fn parse_value(s: &str) -> Option<f64> {
    match s {
        "+Inf" | "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ => s.parse().ok(),
    }
}

/// Parse the Prometheus / OpenMetrics text format. Comment, blank and malformed lines are
/// skipped; Err when nothing parses at all from a non-empty body (garbage).
pub fn parse_text(text: &str) -> Result<Vec<PromSample>, String> {
    let mut out = Vec::new();
    let mut bad = 0usize;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Some(s) => out.push(s),
            None => bad += 1,
        }
    }
    if out.is_empty() && bad > 0 {
        return Err(format!("no metric in the response ({bad} unparsable lines)"));
    }
    Ok(out)
}

fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && n.chars().enumerate().all(|(i, c)| c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit()))
}

fn parse_line(line: &str) -> Option<PromSample> {
    let (name, rest) = match line.find(['{', ' ', '\t']) {
        Some(i) => (&line[..i], &line[i..]),
        None => return None,
    };
    if !valid_name(name) {
        return None;
    }
    let mut labels = Vec::new();
    let rest = if let Some(body) = rest.strip_prefix('{') {
        let mut chars = body.char_indices().peekable();
        let end;
        loop {
            // skip separators
            while let Some(&(_, c)) = chars.peek() {
                if c == ',' || c.is_whitespace() {
                    chars.next();
                } else {
                    break;
                }
            }
            let &(start, c) = chars.peek()?;
            if c == '}' {
                end = start + 1;
                break;
            }
            let mut key_end = start;
            while let Some(&(i, c)) = chars.peek() {
                if c == '=' {
                    key_end = i;
                    break;
                }
                chars.next();
            }
            let key = body[start..key_end].trim().to_string();
            chars.next(); // '='
            if chars.next()?.1 != '"' {
                return None;
            }
            let mut val = String::new();
            loop {
                let (_, c) = chars.next()?;
                match c {
                    '\\' => match chars.next()?.1 {
                        'n' => val.push('\n'),
                        other => val.push(other),
                    },
                    '"' => break,
                    c => val.push(c),
                }
            }
            labels.push((key, val));
        }
        &body[end..]
    } else {
        rest
    };
    let value = parse_value(rest.split_ascii_whitespace().next()?)?;
    labels.sort();
    Some(PromSample { name: name.to_string(), labels, value })
}

/// `x_stats_open_metrics_filters`.
#[derive(Debug, Default)]
pub enum Filters {
    /// Capture everything.
    #[default]
    All,
    /// Capture metrics matching any pattern.
    Seq(Vec<Regex>),
    /// Metric pattern → label name → value pattern.
    Map(Vec<(Regex, Vec<(String, Regex)>)>),
}

impl Filters {
    /// Compile a JSON filter (a list of patterns or a mapping); Err names the bad pattern.
    pub fn from_json(v: &serde_json::Value) -> Result<Filters, String> {
        let re = |p: &str| Regex::new(p).map_err(|e| format!("bad regex {p:?}: {e}"));
        match v {
            serde_json::Value::Null => Ok(Filters::All),
            serde_json::Value::Array(a) => Ok(Filters::Seq(
                a.iter().map(|p| re(p.as_str().ok_or("filter patterns must be strings")?)).collect::<Result<_, _>>()?,
            )),
            serde_json::Value::Object(m) => {
                let mut out = Vec::new();
                for (k, labels) in m {
                    let mut ls = Vec::new();
                    for (lk, lv) in labels.as_object().into_iter().flatten() {
                        ls.push((lk.clone(), re(lv.as_str().ok_or("label patterns must be strings")?)?));
                    }
                    out.push((re(k)?, ls));
                }
                Ok(Filters::Map(out))
            }
            _ => Err("x_stats_open_metrics_filters must be a list or a mapping".into()),
        }
    }

    /// Whether `{endpoint}.{metric}` with `labels` is captured.
    pub fn captures(&self, full_name: &str, labels: &[(String, String)]) -> bool {
        match self {
            Filters::All => true,
            Filters::Seq(v) => v.iter().any(|r| r.is_match(full_name)),
            Filters::Map(m) => m.iter().any(|(r, ls)| {
                r.is_match(full_name)
                    && ls.iter().all(|(k, vr)| {
                        labels.iter().find(|(lk, _)| lk == k).is_some_and(|(_, v)| vr.is_match(v))
                    })
            }),
        }
    }
}

/// Numbers label sets per metric in first-seen order.
#[derive(Debug, Default)]
pub struct LabelIndex {
    map: HashMap<String, BTreeMap<Vec<(String, String)>, usize>>,
}

impl LabelIndex {
    /// The index of `labels` for `metric` (a new one for an unseen set).
    pub fn index(&mut self, metric: &str, labels: &[(String, String)]) -> usize {
        let m = self.map.entry(metric.to_string()).or_default();
        let n = m.len();
        *m.entry(labels.to_vec()).or_insert(n)
    }
}

/// Apply filters and label numbering to `samples` of `endpoint`.
pub fn to_metrics(endpoint: &str, samples: &[PromSample], filters: &Filters, index: &mut LabelIndex) -> Sample {
    let mut out = Vec::new();
    for s in samples {
        let full = format!("{endpoint}.{}", s.name);
        if !filters.captures(&full, &s.labels) {
            continue;
        }
        let n = index.index(&s.name, &s.labels);
        out.push((format!("openmetrics.{endpoint}.{}.{n}", s.name), Metric::Float(s.value)));
    }
    out
}

/// GET `url` with `headers`; the body as text.
pub fn fetch(agent: &ureq::Agent, url: &str, headers: &[(String, String)]) -> Result<String, String> {
    let mut req = agent.get(url);
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let resp = req.call().map_err(|e| format!("{url}: {e}"))?;
    resp.into_string().map_err(|e| format!("{url}: {e}"))
}

/// An HTTP agent with `timeout` (no proxy from the environment).
pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::AgentBuilder::new().timeout_connect(timeout).timeout(timeout).build()
}

/// One OpenMetrics endpoint.
pub struct OpenMetricsSource {
    name: String,
    url: String,
    headers: Vec<(String, String)>,
    filters: std::sync::Arc<Filters>,
    index: LabelIndex,
    agent: ureq::Agent,
}

impl OpenMetricsSource {
    /// Endpoint `name` at `url`.
    pub fn new(
        name: String,
        url: String,
        headers: Vec<(String, String)>,
        filters: std::sync::Arc<Filters>,
        timeout: Duration,
    ) -> Self {
        OpenMetricsSource { name, url, headers, filters, index: LabelIndex::default(), agent: agent(timeout) }
    }
}

impl Source for OpenMetricsSource {
    fn name(&self) -> String {
        format!("openmetrics {} ({})", self.name, self.url)
    }

    fn sample(&mut self, out: &mut Sample) -> Result<(), String> {
        let body = fetch(&self.agent, &self.url, &self.headers)?;
        let samples = parse_text(&body)?;
        out.extend(to_metrics(&self.name, &samples, &self.filters, &mut self.index));
        Ok(())
    }
}
