//! System metrics sampler (issue 5): /proc, disks, network, NVML, rocm-smi, neuron-monitor,
//! OpenMetrics, DCGM. One thread per run samples every source each interval and emits one
//! `stats` record (wandb 0.21.3 key names, see `docs/dev/README-stats.md`).
//!
//! A source that cannot start (no NVML, no tool, a disk path that does not exist) is left
//! out with one warning in the debug log; a source that fails while sampling is warned
//! about once and keeps being tried; the other sources go on.

pub mod amd;
pub mod dcgm;
pub mod nvml;
pub mod openmetrics;
pub mod platforms;
pub mod procfs;
pub mod sampler;
pub mod trainium;

#[cfg(test)]
mod tests;

use std::io::Write as _;

pub use sampler::{Sampler, SamplerOptions};

/// One metric value. Integer counters are not kept in the `run._system_metrics` buffer
/// (as in wandb-core); both kinds are written as float64 text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Metric {
    /// Counts, bytes, clocks.
    Int(i64),
    /// Percentages, MB, watts.
    Float(f64),
}

impl Metric {
    /// The value as f64.
    pub fn as_f64(&self) -> f64 {
        match *self {
            Metric::Int(i) => i as f64,
            Metric::Float(f) => f,
        }
    }

    /// `value_json` text: wandb-core sends every stats value as a float64 formatted like
    /// Go's `strconv.FormatFloat(v, 'g', -1, 64)` (observed: `"3"`, `"5.0545201e+07"`).
    pub fn to_json(&self) -> String {
        let mut s = String::new();
        crate::json::write_float(&mut s, self.as_f64());
        s
    }
}

/// The metrics of one tick, in emission order.
pub type Sample = Vec<(String, Metric)>;

/// A sampled resource.
pub trait Source: Send {
    /// Short name for warnings (`"nvidia"`, `"rocm-smi"`, ...).
    fn name(&self) -> String;
    /// Append this tick's metrics to `out`.
    fn sample(&mut self, out: &mut Sample) -> Result<(), String>;
}

/// Appends wandb-core style JSON lines (`{"time","level","msg"}`) to the debug log.
#[derive(Clone, Debug, Default)]
pub struct DebugLog {
    path: Option<std::path::PathBuf>,
}

impl DebugLog {
    /// Log into `path` (None: warnings go nowhere).
    pub fn new(path: Option<std::path::PathBuf>) -> Self {
        DebugLog { path }
    }

    /// Append one line with `level` and `msg`.
    pub fn log(&self, level: &str, msg: &str) {
        let Some(path) = &self.path else { return };
        let mut line = String::with_capacity(msg.len() + 64);
        line.push_str("{\"time\":");
        crate::json::write_str(&mut line, &rfc3339_now());
        line.push_str(",\"level\":");
        crate::json::write_str(&mut line, level);
        line.push_str(",\"msg\":");
        crate::json::write_str(&mut line, msg);
        line.push_str("}\n");
        if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = f.write_all(line.as_bytes());
        }
    }

    /// A warning line.
    pub fn warn(&self, msg: &str) {
        self.log("WARN", msg)
    }
}

/// Current UTC time as `2006-01-02T15:04:05.000000Z`.
pub fn rfc3339_now() -> String {
    crate::sender::console::iso_utc(crate::stream::now()) + "Z"
}

/// Find an executable: `env_var` if set (even when it does not exist: then None), else
/// each directory of `PATH`, else the `fallback` paths.
pub fn find_tool(env_var: &str, name: &str, fallback: &[&str]) -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os(env_var) {
        let p = std::path::PathBuf::from(p);
        return if p.is_file() { Some(p) } else { None };
    }
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    fallback.iter().map(std::path::PathBuf::from).find(|p| p.is_file())
}

/// Run `cmd args` with a timeout; stdout as text.
pub fn run_tool(cmd: &std::path::Path, args: &[&str], timeout: std::time::Duration) -> Result<String, String> {
    use std::process::{Command, Stdio};
    let mut child = Command::new(cmd)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", cmd.display()))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut buf);
        buf
    });
    let deadline = std::time::Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let out = reader.join().unwrap_or_default();
                if !status.success() {
                    return Err(format!("{} exited with {status}", cmd.display()));
                }
                return String::from_utf8(out).map_err(|_| format!("{}: output is not UTF-8", cmd.display()));
            }
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(2))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{} timed out", cmd.display()));
            }
        }
    }
}

/// Accelerators found on this machine (the GPU part of the Environment record).
#[derive(Clone, Debug, Default)]
pub struct Probe {
    /// NVIDIA devices (NVML).
    pub nvidia: Vec<nvml::GpuInfo>,
    /// CUDA driver version ("12.4").
    pub cuda_version: Option<String>,
    /// AMD devices (rocm-smi).
    pub amd: Vec<amd::AmdInfo>,
    /// Trainium (neuron-monitor).
    pub trainium: Option<trainium::TrainiumInfo>,
    /// Why a probe found nothing (for the debug log).
    pub notes: Vec<String>,
}

/// Look for NVIDIA (NVML at `nvml_path` / `VIREO_NVML_PATH` / system), AMD (rocm-smi) and
/// Trainium (neuron-monitor, waiting up to `wait` for its first report) devices.
pub fn probe(nvml_path: Option<&str>, ids: Option<&[u32]>, wait: std::time::Duration) -> Probe {
    let mut p = Probe::default();
    match nvml::Nvml::load(nvml_path) {
        Ok(n) => {
            p.cuda_version = n.cuda_version();
            match n.count() {
                Ok(c) => {
                    p.nvidia = (0..c).filter(|i| ids.is_none_or(|ids| ids.contains(i))).filter_map(|i| n.info(i)).collect()
                }
                Err(e) => p.notes.push(format!("nvidia: {e}")),
            }
        }
        Err(e) => p.notes.push(format!("nvidia: {e}")),
    }
    if let Some(tool) = amd::find() {
        match amd::query(&tool, wait.max(std::time::Duration::from_secs(2))) {
            Ok(text) => p.amd = amd::parse_info(&text).into_iter().filter(|g| ids.is_none_or(|ids| ids.contains(&g.index))).collect(),
            Err(e) => p.notes.push(format!("amd: {e}")),
        }
    }
    if let Some(tool) = trainium::find() {
        match trainium::TrainiumSource::start(tool, None, std::process::id() as i32) {
            Ok(src) => {
                let end = std::time::Instant::now() + wait;
                while std::time::Instant::now() < end && src.latest().is_none() {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                p.trainium = src.latest().and_then(|l| trainium::parse_info(&l));
            }
            Err(e) => p.notes.push(format!("trainium: {e}")),
        }
    }
    p
}
