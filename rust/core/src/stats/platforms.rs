//! Accelerators that cannot exist on Linux x86 machines like ours: Apple silicon GPUs,
//! Google TPUs and Graphcore IPUs. Only the parsing of their tools' output is implemented
//! (tested against recorded samples); no source samples them here.

use serde_json::Value;

use super::{Metric, Sample};

/// The power wandb uses as 100% for Apple GPUs (W).
pub const APPLE_MAX_POWER_WATTS: f64 = 16.5;

/// Apple `apple_gpu_stats --json` output → `gpu.0.{gpu,memoryAllocated,temp,powerWatts,
/// powerPercent}` (utilization and memory as percent; temp = mean of the `*temp*` sensors).
pub fn parse_apple(text: &str) -> Result<Sample, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("apple gpu stats are not JSON: {e}"))?;
    let o = doc.as_object().ok_or("apple gpu stats must be an object")?;
    let f = |k: &str| o.get(k).and_then(Value::as_f64);
    let mut out = Vec::new();
    if let Some(u) = f("utilization") {
        out.push(("gpu.0.gpu".into(), Metric::Float(u)));
    }
    if let Some(m) = f("mem_used") {
        out.push(("gpu.0.memoryAllocated".into(), Metric::Float(m)));
    }
    let temps: Vec<f64> = o.iter().filter(|(k, _)| k.contains("temp")).filter_map(|(_, v)| v.as_f64()).collect();
    if !temps.is_empty() {
        out.push(("gpu.0.temp".into(), Metric::Float(temps.iter().sum::<f64>() / temps.len() as f64)));
    }
    if let Some(p) = f("sys_power") {
        out.push(("gpu.0.powerWatts".into(), Metric::Float(p)));
        out.push(("gpu.0.powerPercent".into(), Metric::Float(p / APPLE_MAX_POWER_WATTS * 100.0)));
    }
    Ok(out)
}

/// TPU runtime metrics (`tpu.runtime.hbm.memory.usage.bytes`, `...total.bytes`,
/// `tpu.runtime.tensorcore.dutycycle.percent`, each a list per device) →
/// `tpu.{i}.memoryUsageBytes`, `tpu.{i}.memoryUsage` (percent), `tpu.{i}.dutyCycle`.
pub fn parse_tpu(text: &str) -> Result<Sample, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("TPU metrics are not JSON: {e}"))?;
    let list = |k: &str| -> Vec<f64> {
        doc.get(k).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
    };
    let usage = list("tpu.runtime.hbm.memory.usage.bytes");
    let total = list("tpu.runtime.hbm.memory.total.bytes");
    let duty = list("tpu.runtime.tensorcore.dutycycle.percent");
    let mut out = Vec::new();
    for (i, u) in usage.iter().enumerate() {
        out.push((format!("tpu.{i}.memoryUsageBytes"), Metric::Int(*u as i64)));
        if let Some(t) = total.get(i).filter(|t| **t > 0.0) {
            out.push((format!("tpu.{i}.memoryUsage"), Metric::Float(u / t * 100.0)));
        }
    }
    for (i, d) in duty.iter().enumerate() {
        out.push((format!("tpu.{i}.dutyCycle"), Metric::Float(*d)));
    }
    Ok(out)
}

/// Graphcore `gcipuinfo` device list (objects of strings, e.g. `"average board temp (C)":
/// "30.5C"`) → `ipu.{id}.{metric}` for the devices used by `pid` (`user process id`).
/// Values are parsed by the unit suffix of the metric: C, MHz, W, %, GT/s.
pub fn parse_ipu(text: &str, pid: i32) -> Result<Sample, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("IPU info is not JSON: {e}"))?;
    let devices = doc.as_array().ok_or("IPU info must be a list of devices")?;
    let units = [("temp", "C"), ("clock", "MHz"), ("power", "W"), ("utilisation", "%"), ("utilisation (session)", "%"), ("speed", "GT/s")];
    let mut out = Vec::new();
    for d in devices {
        let Some(o) = d.as_object() else { continue };
        let owner = o.get("user process id").and_then(Value::as_str).and_then(|s| s.parse::<i32>().ok());
        if owner != Some(pid) {
            continue;
        }
        let id = o.get("id").and_then(Value::as_str).unwrap_or("0");
        for (k, v) in o {
            let Some(v) = v.as_str() else { continue };
            for (metric, unit) in units {
                let base = k.split(" (").next().unwrap_or(k);
                let key_ok = base.ends_with(metric) || k.ends_with(&format!("{metric} ({unit})"));
                if key_ok {
                    if let Some(num) = v.trim().strip_suffix(unit).and_then(|n| n.trim().parse::<f64>().ok()) {
                        out.push((format!("ipu.{id}.{k}"), Metric::Float(num)));
                        break;
                    }
                }
            }
        }
    }
    Ok(out)
}
