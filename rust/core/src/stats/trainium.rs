//! AWS Trainium from `neuron-monitor`, which streams one JSON report per period on stdout.
//! The source keeps the child running and samples its latest report. `VIREO_NEURON_MONITOR`
//! names the tool; else `neuron-monitor` on PATH or /opt/aws/neuron/bin/neuron-monitor.
//!
//! Keys (wandb 0.21.3): `trn.{core}.neuroncore_utilization`, `trn.host_total_memory_usage`,
//! `trn.neuron_device_total_memory_usage`, `trn.host_total_memory_usage.{application_memory,
//! constants,dma_buffers,tensors}`, `trn.{core}.neuroncore_memory_usage.{constants,
//! model_code,model_shared_scratchpad,runtime_memory,tensors}`.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::{Metric, Sample, Source};

/// The neuron-monitor configuration wandb uses (1 s period, runtime and system groups).
pub const DEFAULT_CONFIG: &str = r#"{"period": "1s", "neuron_runtimes": [{"tag_filter": ".*", "metrics": [{"type": "neuroncore_counters"}, {"type": "memory_used"}, {"type": "neuron_runtime_vcpu_usage"}]}], "system_metrics": [{"type": "vcpu_usage"}, {"type": "memory_info"}, {"type": "neuron_hw_counters"}]}"#;

/// Static facts (EnvironmentRecord `trainium`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainiumInfo {
    pub neuron_device_count: u32,
    pub neuroncore_per_device_count: u32,
}

fn as_num(v: &Value) -> Option<Metric> {
    match v {
        Value::Number(n) => Some(n.as_i64().map(Metric::Int).unwrap_or_else(|| Metric::Float(n.as_f64().unwrap_or(0.0)))),
        _ => None,
    }
}

/// Metrics of one neuron-monitor report for the processes `pids` (the first runtime when
/// none of them matches and there is exactly one runtime).
pub fn parse_report(line: &str, pids: &[i32]) -> Result<Sample, String> {
    let doc: Value = serde_json::from_str(line).map_err(|e| format!("neuron-monitor output is not JSON: {e}"))?;
    let runtimes = doc.get("neuron_runtime_data").and_then(Value::as_array).ok_or("no neuron_runtime_data")?;
    let rt = runtimes
        .iter()
        .find(|r| r.get("pid").and_then(Value::as_i64).is_some_and(|p| pids.contains(&(p as i32))))
        .or(if runtimes.len() == 1 { runtimes.first() } else { None });
    let mut out = Vec::new();
    let Some(report) = rt.and_then(|r| r.get("report")) else { return Ok(out) };
    if let Some(cores) = report.pointer("/neuroncore_counters/neuroncores_in_use").and_then(Value::as_object) {
        let mut cores: Vec<_> = cores.iter().collect();
        cores.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(u64::MAX));
        for (core, v) in cores {
            if let Some(u) = v.get("neuroncore_utilization").and_then(Value::as_f64) {
                out.push((format!("trn.{core}.neuroncore_utilization"), Metric::Float(u)));
            }
        }
    }
    if let Some(used) = report.pointer("/memory_used/neuron_runtime_used_bytes") {
        if let Some(v) = used.get("host").and_then(as_num) {
            out.push(("trn.host_total_memory_usage".into(), v));
        }
        if let Some(v) = used.get("neuron_device").and_then(as_num) {
            out.push(("trn.neuron_device_total_memory_usage".into(), v));
        }
        if let Some(host) = used.pointer("/usage_breakdown/host").and_then(Value::as_object) {
            for (k, v) in host {
                if let Some(v) = as_num(v) {
                    out.push((format!("trn.host_total_memory_usage.{k}"), v));
                }
            }
        }
        if let Some(cores) = used.pointer("/usage_breakdown/neuroncore_memory_usage").and_then(Value::as_object) {
            let mut cores: Vec<_> = cores.iter().collect();
            cores.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(u64::MAX));
            for (core, m) in cores {
                for (k, v) in m.as_object().into_iter().flatten() {
                    if let Some(v) = as_num(v) {
                        out.push((format!("trn.{core}.neuroncore_memory_usage.{k}"), v));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// `neuron_hardware_info` of a report.
pub fn parse_info(line: &str) -> Option<TrainiumInfo> {
    let doc: Value = serde_json::from_str(line).ok()?;
    let hw = doc.get("neuron_hardware_info")?;
    Some(TrainiumInfo {
        neuron_device_count: hw.get("neuron_device_count").and_then(Value::as_u64).unwrap_or(0) as u32,
        neuroncore_per_device_count: hw.get("neuroncore_per_device_count").and_then(Value::as_u64).unwrap_or(0) as u32,
    })
}

/// Path of neuron-monitor, if any.
pub fn find() -> Option<PathBuf> {
    super::find_tool("VIREO_NEURON_MONITOR", "neuron-monitor", &["/opt/aws/neuron/bin/neuron-monitor"])
}

/// The Trainium source: a running neuron-monitor and its latest report.
pub struct TrainiumSource {
    child: Child,
    latest: Arc<Mutex<Option<String>>>,
    pid: i32,
    _config: Option<tempfile_path::TempPath>,
}

mod tempfile_path {
    /// A file removed on drop.
    pub struct TempPath(pub std::path::PathBuf);
    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

impl TrainiumSource {
    /// Start `tool -c <config>` (`config_path`, or wandb's default config in a temp file).
    pub fn start(tool: PathBuf, config_path: Option<String>, pid: i32) -> Result<Self, String> {
        let (path, temp) = match config_path {
            Some(p) => (PathBuf::from(p), None),
            None => {
                let p = std::env::temp_dir().join(format!("vireo-neuron-monitor-{}-{}.json", std::process::id(), pid));
                std::fs::write(&p, DEFAULT_CONFIG).map_err(|e| format!("{}: {e}", p.display()))?;
                (p.clone(), Some(tempfile_path::TempPath(p)))
            }
        };
        let mut child = Command::new(&tool)
            .arg("-c")
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", tool.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let latest = Arc::new(Mutex::new(None));
        let slot = latest.clone();
        std::thread::Builder::new()
            .name("vireo-neuron-monitor".into())
            .spawn(move || {
                for line in std::io::BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if !line.trim().is_empty() {
                        *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(line);
                    }
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(TrainiumSource { child, latest, pid, _config: temp })
    }

    /// The latest report line, if one arrived.
    pub fn latest(&self) -> Option<String> {
        self.latest.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Source for TrainiumSource {
    fn name(&self) -> String {
        "neuron-monitor".into()
    }

    fn sample(&mut self, out: &mut Sample) -> Result<(), String> {
        match self.latest() {
            Some(line) => {
                let pids = super::procfs::process_tree(self.pid, true);
                out.extend(parse_report(&line, &pids)?);
                Ok(())
            }
            None => match self.child.try_wait() {
                Ok(Some(st)) => Err(format!("neuron-monitor exited ({st}) without a report")),
                _ => Ok(()),
            },
        }
    }
}

impl Drop for TrainiumSource {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
