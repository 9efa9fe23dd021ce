//! AMD GPUs from `rocm-smi -a --json` (ROCm 5.x and 6.x key names). `VIREO_ROCM_SMI`
//! names the tool (the tests use a fake); else `rocm-smi` on PATH or /usr/bin/rocm-smi.
//!
//! Metrics per card `gpu.{i}.*`: gpu, memoryAllocated, memoryReadWriteActivity (6.x),
//! memoryOverDrive, temp, powerWatts, powerPercent.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value};

use super::{Metric, Sample, Source};

/// Static facts about one AMD GPU (EnvironmentRecord `gpu_amd`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AmdInfo {
    pub index: u32,
    pub id: String,
    pub unique_id: String,
    pub vbios_version: String,
    pub performance_level: String,
    pub gpu_overdrive: String,
    pub gpu_memory_overdrive: String,
    pub max_power: String,
    pub series: String,
    pub model: String,
    pub vendor: String,
    pub sku: String,
    pub sclk_range: String,
    pub mclk_range: String,
}

fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok(),
        _ => None,
    }
}

fn text(card: &Map<String, Value>, keys: &[&str]) -> String {
    for k in keys {
        match card.get(*k) {
            Some(Value::String(s)) => return s.clone(),
            Some(Value::Number(n)) => return n.to_string(),
            _ => {}
        }
    }
    String::new()
}

fn first(card: &Map<String, Value>, keys: &[&str]) -> Option<f64> {
    keys.iter().find_map(|k| num(card.get(*k)))
}

/// The cards of a `rocm-smi -a --json` document as (index, object), sorted by index.
pub fn cards(doc: &Value) -> Vec<(u32, &Map<String, Value>)> {
    let mut out: Vec<(u32, &Map<String, Value>)> = doc
        .as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("card")?.parse::<u32>().ok()?, v.as_object()?)))
                .collect()
        })
        .unwrap_or_default();
    out.sort_by_key(|(i, _)| *i);
    out
}

/// Metrics of one card (keys without the `gpu.{i}.` prefix).
pub fn card_metrics(card: &Map<String, Value>) -> Vec<(&'static str, f64)> {
    let mut m = Vec::new();
    if let Some(v) = num(card.get("GPU use (%)")) {
        m.push(("gpu", v));
    }
    // 6.x: VRAM allocation and memory activity are separate; 5.x has only "GPU memory use".
    if let Some(v) = first(card, &["GPU Memory Allocated (VRAM%)", "GPU memory use (%)"]) {
        m.push(("memoryAllocated", v));
    }
    if let Some(v) = num(card.get("GPU Memory Read/Write Activity (%)")) {
        m.push(("memoryReadWriteActivity", v));
    }
    if let Some(v) = num(card.get("GPU Memory OverDrive value (%)")) {
        m.push(("memoryOverDrive", v));
    }
    if let Some(v) = num(card.get("Temperature (Sensor memory) (C)")) {
        m.push(("temp", v));
    }
    let power = first(
        card,
        &["Current Socket Graphics Package Power (W)", "Average Graphics Package Power (W)"],
    );
    if let Some(p) = power {
        m.push(("powerWatts", p));
        if let Some(max) = num(card.get("Max Graphics Package Power (W)")).filter(|m| *m > 0.0) {
            m.push(("powerPercent", p / max * 100.0));
        }
    }
    m
}

/// All metrics of a `rocm-smi -a --json` output (only `ids` when given).
pub fn parse_metrics(text_: &str, ids: Option<&[u32]>) -> Result<Sample, String> {
    let doc: Value = serde_json::from_str(text_).map_err(|e| format!("rocm-smi output is not JSON: {e}"))?;
    let cards = cards(&doc);
    if cards.is_empty() {
        return Err("rocm-smi output lists no card".into());
    }
    let mut out = Vec::new();
    for (i, card) in cards {
        if ids.is_some_and(|ids| !ids.contains(&i)) {
            continue;
        }
        for (k, v) in card_metrics(card) {
            out.push((format!("gpu.{i}.{k}"), Metric::Float(v)));
        }
    }
    Ok(out)
}

/// Static facts of each card.
pub fn parse_info(text_: &str) -> Vec<AmdInfo> {
    let Ok(doc) = serde_json::from_str::<Value>(text_) else { return Vec::new() };
    cards(&doc)
        .into_iter()
        .map(|(i, c)| AmdInfo {
            index: i,
            id: text(c, &["GPU ID", "Device ID"]),
            unique_id: text(c, &["Unique ID"]),
            vbios_version: text(c, &["VBIOS version"]),
            performance_level: text(c, &["Performance Level"]),
            gpu_overdrive: text(c, &["GPU OverDrive value (%)"]),
            gpu_memory_overdrive: text(c, &["GPU Memory OverDrive value (%)"]),
            max_power: text(c, &["Max Graphics Package Power (W)"]),
            series: text(c, &["Card Series", "Card series"]),
            model: text(c, &["Card Model", "Card model"]),
            vendor: text(c, &["Card Vendor", "Card vendor"]),
            sku: text(c, &["Card SKU"]),
            sclk_range: text(c, &["Valid sclk range"]),
            mclk_range: text(c, &["Valid mclk range"]),
        })
        .collect()
}

/// Path of rocm-smi, if any.
pub fn find() -> Option<PathBuf> {
    super::find_tool("VIREO_ROCM_SMI", "rocm-smi", &["/usr/bin/rocm-smi", "/opt/rocm/bin/rocm-smi"])
}

/// Run `rocm-smi -a --json`.
pub fn query(tool: &std::path::Path, timeout: Duration) -> Result<String, String> {
    super::run_tool(tool, &["-a", "--json"], timeout)
}

/// The AMD source.
pub struct AmdSource {
    tool: PathBuf,
    ids: Option<Vec<u32>>,
    timeout: Duration,
}

impl AmdSource {
    /// Check that the tool answers with at least one card.
    pub fn new(tool: PathBuf, ids: Option<Vec<u32>>, timeout: Duration) -> Result<Self, String> {
        parse_metrics(&query(&tool, timeout)?, None)?;
        Ok(AmdSource { tool, ids, timeout })
    }
}

impl Source for AmdSource {
    fn name(&self) -> String {
        "rocm-smi".into()
    }

    fn sample(&mut self, out: &mut Sample) -> Result<(), String> {
        out.extend(parse_metrics(&query(&self.tool, self.timeout)?, self.ids.as_deref())?);
        Ok(())
    }
}
