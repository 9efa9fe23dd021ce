//! NVIDIA DCGM metrics through a Prometheus query URL (`x_stats_dcgm_exporter`, e.g.
//! `http://prom:9090/api/v1/query?query=DCGM_FI_DEV_GPU_TEMP{node="n1"}`): the JSON answer
//! of `/api/v1/query` (an instant vector of DCGM exporter series) becomes `gpu.{gpu}.*`.

use std::time::Duration;

use serde_json::Value;

use super::{Metric, Sample, Source};

/// DCGM exporter field → wandb metric name.
pub const FIELDS: &[(&str, &str)] = &[
    ("DCGM_FI_DEV_GPU_UTIL", "gpu"),
    ("DCGM_FI_DEV_MEM_COPY_UTIL", "memory"),
    ("DCGM_FI_DEV_GPU_TEMP", "temp"),
    ("DCGM_FI_DEV_MEMORY_TEMP", "memoryTemp"),
    ("DCGM_FI_DEV_GPU_MAX_OP_TEMP", "maxOpTemp"),
    ("DCGM_FI_DEV_MEM_MAX_OP_TEMP", "memoryMaxOpTemp"),
    ("DCGM_FI_DEV_POWER_USAGE", "powerWatts"),
    ("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "totalEnergyConsumption"),
    ("DCGM_FI_DEV_SM_CLOCK", "smClock"),
    ("DCGM_FI_DEV_MEM_CLOCK", "memoryClock"),
    ("DCGM_FI_DEV_FB_TOTAL", "memoryTotal"),
    ("DCGM_FI_PROF_SM_ACTIVE", "smActive"),
    ("DCGM_FI_PROF_SM_OCCUPANCY", "smOccupancy"),
    ("DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", "pipeTensorActive"),
    ("DCGM_FI_PROF_PIPE_FP64_ACTIVE", "pipeFp64Active"),
    ("DCGM_FI_PROF_PIPE_FP32_ACTIVE", "pipeFp32Active"),
    ("DCGM_FI_PROF_PIPE_FP16_ACTIVE", "pipeFp16Active"),
    ("DCGM_FI_PROF_PCIE_TX_BYTES", "pcieTxBytes"),
    ("DCGM_FI_PROF_PCIE_RX_BYTES", "pcieRxBytes"),
    ("DCGM_FI_PROF_NVLINK_TX_BYTES", "nvlinkTxBytes"),
    ("DCGM_FI_PROF_NVLINK_RX_BYTES", "nvlinkRxBytes"),
];

/// Metrics of a Prometheus `/api/v1/query` JSON answer. Framebuffer used/free (MiB) also
/// give `memoryAllocatedBytes` and `memoryAllocated` (percent).
pub fn parse(text: &str) -> Result<Sample, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("DCGM query answer is not JSON: {e}"))?;
    if doc.get("status").and_then(Value::as_str).is_some_and(|s| s != "success") {
        return Err(format!("DCGM query failed: {}", doc.get("error").and_then(Value::as_str).unwrap_or("?")));
    }
    let result = doc.pointer("/data/result").and_then(Value::as_array).ok_or("no data.result in the DCGM answer")?;
    let mut out = Vec::new();
    let mut fb: std::collections::BTreeMap<String, (Option<f64>, Option<f64>)> = Default::default();
    for series in result {
        let Some(metric) = series.get("metric") else { continue };
        let (Some(name), Some(gpu)) = (
            metric.get("__name__").and_then(Value::as_str),
            metric.get("gpu").and_then(Value::as_str),
        ) else {
            continue;
        };
        let Some(v) = series.pointer("/value/1").and_then(Value::as_str).and_then(|s| s.parse::<f64>().ok()) else {
            continue;
        };
        match name {
            "DCGM_FI_DEV_FB_USED" => fb.entry(gpu.to_string()).or_default().0 = Some(v),
            "DCGM_FI_DEV_FB_FREE" => fb.entry(gpu.to_string()).or_default().1 = Some(v),
            _ => {}
        }
        if let Some((_, key)) = FIELDS.iter().find(|(f, _)| *f == name) {
            out.push((format!("gpu.{gpu}.{key}"), Metric::Float(v)));
        }
    }
    for (gpu, (used, free)) in fb {
        if let Some(u) = used {
            out.push((format!("gpu.{gpu}.memoryAllocatedBytes"), Metric::Float(u * 1024.0 * 1024.0)));
            if let Some(f) = free.filter(|f| u + f > 0.0) {
                out.push((format!("gpu.{gpu}.memoryAllocated"), Metric::Float(u / (u + f) * 100.0)));
            }
        }
    }
    Ok(out)
}

/// The DCGM source.
pub struct DcgmSource {
    url: String,
    headers: Vec<(String, String)>,
    agent: ureq::Agent,
}

impl DcgmSource {
    /// Query `url` each tick.
    pub fn new(url: String, headers: Vec<(String, String)>, timeout: Duration) -> Self {
        DcgmSource { url, headers, agent: super::openmetrics::agent(timeout) }
    }
}

impl Source for DcgmSource {
    fn name(&self) -> String {
        format!("dcgm ({})", self.url)
    }

    fn sample(&mut self, out: &mut Sample) -> Result<(), String> {
        let body = super::openmetrics::fetch(&self.agent, &self.url, &self.headers)?;
        out.extend(parse(&body)?);
        Ok(())
    }
}
