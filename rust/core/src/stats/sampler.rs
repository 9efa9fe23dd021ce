//! The sampler thread: builds the sources, samples them every interval, emits one `stats`
//! record per tick (control `always_send`, as wandb-core writes them) and keeps the
//! optional in-memory buffer behind `run._system_metrics`.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{amd, dcgm, nvml, openmetrics, procfs, trainium, DebugLog, Metric, Sample, Source};
use crate::proto::{Control, Record, RecordType, StatsItem, StatsRecord, Timestamp};

/// What to sample (the `x_stats_*` settings).
#[derive(Clone, Debug)]
pub struct SamplerOptions {
    /// `x_stats_sampling_interval`.
    pub interval: Duration,
    /// `x_stats_pid`.
    pub pid: i32,
    /// `x_stats_track_process_tree`.
    pub track_process_tree: bool,
    /// `x_stats_disk_paths`.
    pub disk_paths: Vec<String>,
    /// `x_stats_gpu_device_ids`.
    pub gpu_device_ids: Option<Vec<u32>>,
    /// `x_stats_buffer_size` (0 = no buffer).
    pub buffer_size: usize,
    /// `x_stats_open_metrics_endpoints` as (name, url).
    pub open_metrics_endpoints: Vec<(String, String)>,
    /// `x_stats_open_metrics_filters` (JSON list or mapping; null = everything).
    pub open_metrics_filters: serde_json::Value,
    /// `x_stats_open_metrics_http_headers`.
    pub open_metrics_headers: Vec<(String, String)>,
    /// `x_stats_dcgm_exporter`.
    pub dcgm_exporter: Option<String>,
    /// `x_label`: appended to every key as `/l:{label}`.
    pub label: Option<String>,
    /// NVML library to load (else `VIREO_NVML_PATH`, else the system's).
    pub nvml_path: Option<String>,
    /// `x_stats_neuron_monitor_config_path`.
    pub neuron_monitor_config_path: Option<String>,
    /// Probe GPUs / accelerators (NVML, rocm-smi, neuron-monitor).
    pub accelerators: bool,
    /// Where warnings go (the run's `debug-internal.log`).
    pub debug_log: Option<PathBuf>,
}

impl Default for SamplerOptions {
    fn default() -> Self {
        SamplerOptions {
            interval: Duration::from_secs(15),
            pid: std::process::id() as i32,
            track_process_tree: false,
            disk_paths: vec!["/".into()],
            gpu_device_ids: None,
            buffer_size: 0,
            open_metrics_endpoints: Vec::new(),
            open_metrics_filters: serde_json::Value::Null,
            open_metrics_headers: Vec::new(),
            dcgm_exporter: None,
            label: None,
            nvml_path: None,
            neuron_monitor_config_path: None,
            accelerators: true,
            debug_log: None,
        }
    }
}

impl SamplerOptions {
    /// HTTP / tool timeout: below the interval, at most 5 s.
    pub fn io_timeout(&self) -> Duration {
        self.interval.mul_f64(0.8).clamp(Duration::from_millis(50), Duration::from_secs(5))
    }
}

/// All sources with their warning state.
pub struct Ticker {
    sources: Vec<(Box<dyn Source>, bool)>,
    label_suffix: Option<String>,
    log: DebugLog,
}

impl Ticker {
    /// Build every source the options ask for; those that cannot start are skipped with
    /// one warning in the debug log.
    pub fn new(opts: &SamplerOptions) -> Ticker {
        let log = DebugLog::new(opts.debug_log.clone());
        let mut sources: Vec<Box<dyn Source>> = Vec::new();
        let mut disks = Vec::new();
        for p in &opts.disk_paths {
            match procfs::disk_usage(p) {
                Ok(_) => disks.push(p.clone()),
                Err(e) => log.warn(&format!("monitor: disk: skipping path {p:?}: {e}")),
            }
        }
        sources.push(Box::new(procfs::SystemSource::new(opts.pid, opts.track_process_tree, disks)));
        let timeout = opts.io_timeout();
        if opts.accelerators {
            match nvml::Nvml::load(opts.nvml_path.as_deref())
                .and_then(|n| nvml::NvidiaSource::new(n, opts.gpu_device_ids.as_deref(), opts.pid))
            {
                Ok(s) => sources.push(Box::new(s)),
                Err(e) => log.warn(&format!("monitor: nvidia: NVML unavailable, skipping NVIDIA GPUs: {e}")),
            }
            match amd::find() {
                Some(tool) => match amd::AmdSource::new(tool, opts.gpu_device_ids.clone(), timeout.max(Duration::from_secs(2))) {
                    Ok(s) => sources.push(Box::new(s)),
                    Err(e) => log.warn(&format!("monitor: amd: skipping AMD GPUs: {e}")),
                },
                None => log.warn("monitor: amd: rocm-smi not found, skipping AMD GPUs"),
            }
            match trainium::find() {
                Some(tool) => match trainium::TrainiumSource::start(tool, opts.neuron_monitor_config_path.clone(), opts.pid) {
                    Ok(s) => sources.push(Box::new(s)),
                    Err(e) => log.warn(&format!("monitor: trainium: skipping: {e}")),
                },
                None => log.warn("monitor: trainium: neuron-monitor not found, skipping Trainium"),
            }
        }
        if !opts.open_metrics_endpoints.is_empty() {
            match openmetrics::Filters::from_json(&opts.open_metrics_filters) {
                Ok(f) => {
                    let f = Arc::new(f);
                    for (name, url) in &opts.open_metrics_endpoints {
                        sources.push(Box::new(openmetrics::OpenMetricsSource::new(
                            name.clone(),
                            url.clone(),
                            opts.open_metrics_headers.clone(),
                            f.clone(),
                            timeout,
                        )));
                    }
                }
                Err(e) => log.warn(&format!("monitor: openmetrics: bad filters, skipping endpoints: {e}")),
            }
        }
        if let Some(url) = &opts.dcgm_exporter {
            sources.push(Box::new(dcgm::DcgmSource::new(url.clone(), opts.open_metrics_headers.clone(), timeout)));
        }
        Ticker {
            sources: sources.into_iter().map(|s| (s, false)).collect(),
            label_suffix: opts.label.as_ref().filter(|l| !l.is_empty()).map(|l| format!("/l:{l}")),
            log,
        }
    }

    /// Names of the active sources.
    pub fn source_names(&self) -> Vec<String> {
        self.sources.iter().map(|(s, _)| s.name()).collect()
    }

    /// Sample every source once. A failing source is warned about once and its metrics of
    /// this tick are dropped; the others are kept.
    pub fn tick(&mut self) -> Sample {
        let mut out: Sample = Vec::with_capacity(64);
        for (src, warned) in &mut self.sources {
            let mark = out.len();
            if let Err(e) = src.sample(&mut out) {
                out.truncate(mark);
                if !*warned {
                    *warned = true;
                    self.log.warn(&format!("monitor: {}: error sampling metrics: {e}", src.name()));
                }
            }
        }
        if let Some(suffix) = &self.label_suffix {
            for (k, _) in &mut out {
                k.push_str(suffix);
            }
        }
        out
    }
}

/// Build the `stats` record of one tick at unix time `t`.
pub fn stats_record(sample: &Sample, t: f64) -> Record {
    let seconds = t.floor() as i64;
    let nanos = (((t - seconds as f64) * 1e9) as i32).clamp(0, 999_999_999);
    Record {
        control: Some(Control { always_send: true, ..Default::default() }),
        record_type: Some(RecordType::Stats(StatsRecord {
            stats_type: 0,
            timestamp: Some(Timestamp { seconds, nanos }),
            item: sample.iter().map(|(k, v)| StatsItem { key: k.clone(), value_json: v.to_json() }).collect(),
            info: None,
        })),
        ..Default::default()
    }
}

/// The last `cap` float samples of each metric: (unix time, value as float32).
#[derive(Debug, Default)]
pub struct Buffer {
    cap: usize,
    series: BTreeMap<String, VecDeque<(f64, f32)>>,
}

impl Buffer {
    fn push(&mut self, sample: &Sample, t: f64) {
        if self.cap == 0 {
            return;
        }
        for (k, v) in sample {
            // wandb-core buffers float metrics only (not the integer counters).
            if let Metric::Float(f) = v {
                let q = self.series.entry(k.clone()).or_default();
                if q.len() == self.cap {
                    q.pop_front();
                }
                q.push_back((t, *f as f32));
            }
        }
    }
}

/// Receives each tick's record; returns false when the stream is closed (stops the thread).
pub type Sink = Box<dyn FnMut(Record) -> bool + Send>;

/// A running sampler thread.
pub struct Sampler {
    stop: Arc<AtomicBool>,
    thread: Mutex<Option<JoinHandle<()>>>,
    unpark: std::thread::Thread,
    buffer: Arc<Mutex<Buffer>>,
    owner_pid: u32,
}

impl Sampler {
    /// Start the thread: it builds the sources, then emits a record every interval (the
    /// first one interval after start, as wandb does).
    pub fn start(opts: SamplerOptions, mut sink: Sink) -> std::io::Result<Sampler> {
        let stop = Arc::new(AtomicBool::new(false));
        let buffer = Arc::new(Mutex::new(Buffer { cap: opts.buffer_size, ..Default::default() }));
        let (st, buf) = (stop.clone(), buffer.clone());
        let handle = std::thread::Builder::new().name("vireo-stats".into()).spawn(move || {
            let started = Instant::now();
            let mut ticker = Ticker::new(&opts);
            let interval = opts.interval.max(Duration::from_millis(10));
            let mut n: u32 = 1;
            loop {
                let deadline = started + interval * n;
                loop {
                    if st.load(Ordering::Acquire) {
                        return;
                    }
                    let now = Instant::now();
                    if now >= deadline {
                        break;
                    }
                    std::thread::park_timeout(deadline - now);
                }
                let sample = ticker.tick();
                if st.load(Ordering::Acquire) {
                    return;
                }
                let t = crate::stream::now();
                buf.lock().unwrap_or_else(|p| p.into_inner()).push(&sample, t);
                if !sample.is_empty() && !sink(stats_record(&sample, t)) {
                    return;
                }
                // Skip ticks that a slow sample overran.
                let elapsed = started.elapsed();
                n = ((elapsed.as_secs_f64() / interval.as_secs_f64()).floor() as u32 + 1).max(n + 1);
            }
        })?;
        Ok(Sampler {
            stop,
            unpark: handle.thread().clone(),
            thread: Mutex::new(Some(handle)),
            buffer,
            owner_pid: std::process::id(),
        })
    }

    /// Ask the thread to stop without waiting.
    pub fn signal_stop(&self) {
        self.stop.store(true, Ordering::Release);
        self.unpark.unpark();
    }

    /// Stop the thread and wait for it (a tick in progress completes, its record is
    /// dropped). Idempotent.
    pub fn stop(&self) {
        if std::process::id() != self.owner_pid {
            return;
        }
        self.signal_stop();
        let h = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = h {
            let _ = h.join();
        }
    }

    /// True once the thread has ended.
    pub fn is_stopped(&self) -> bool {
        self.thread.lock().unwrap_or_else(|p| p.into_inner()).as_ref().is_none_or(|h| h.is_finished())
    }

    /// The buffered series: key → [(unix time, value)].
    pub fn buffer(&self) -> BTreeMap<String, Vec<(f64, f64)>> {
        let b = self.buffer.lock().unwrap_or_else(|p| p.into_inner());
        b.series.iter().map(|(k, q)| (k.clone(), q.iter().map(|(t, v)| (*t, *v as f64)).collect())).collect()
    }
}

impl Drop for Sampler {
    fn drop(&mut self) {
        if std::process::id() != self.owner_pid {
            // A forked child: the thread does not exist here; never touch its handle.
            if let Some(h) = self.thread.get_mut().unwrap_or_else(|p| p.into_inner()).take() {
                std::mem::forget(h);
            }
            return;
        }
        self.signal_stop();
    }
}

/// Cost of sampling: builds the sources, runs `ticks` ticks back to back, returns
/// (thread CPU seconds per tick, wall seconds per tick, metrics per tick, source names).
pub fn tick_bench(opts: &SamplerOptions, ticks: u32) -> (f64, f64, usize, Vec<String>) {
    let mut ticker = Ticker::new(opts);
    let _ = ticker.tick();
    let (c0, w0) = (thread_cpu_seconds(), Instant::now());
    let mut n = 0;
    for _ in 0..ticks.max(1) {
        let s = ticker.tick();
        n = s.len();
        let _ = stats_record(&s, 0.0);
    }
    let t = ticks.max(1) as f64;
    ((thread_cpu_seconds() - c0) / t, w0.elapsed().as_secs_f64() / t, n, ticker.source_names())
}

/// CPU time of the calling thread.
pub fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: valid out pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}
