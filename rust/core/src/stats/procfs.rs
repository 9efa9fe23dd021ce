//! CPU, memory, disk and network metrics from /proc and statvfs (Linux), for one process or
//! its whole tree.
//!
//! Semantics follow wandb 0.21.3 (observed): `cpu` is the process's CPU time over its
//! lifetime as a percent of one CPU, divided by the number of CPUs; `proc.memory.percent`
//! is computed in float32; `memory_percent` = (total - free - buffers - cached) / total;
//! disk I/O keys are per mounted block device (`disk.<dev>.in`/`.out`, MB since the sampler
//! started, loop/ram/zram devices skipped); network counters are bytes since start over all
//! interfaces.

use std::collections::{BTreeSet, HashMap};
use std::fs;

use super::{Metric, Sample, Source};

const MB: f64 = 1024.0 * 1024.0;
const GB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Fields of `/proc/<pid>/stat` the sampler uses.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ProcStat {
    /// Parent pid.
    pub ppid: i32,
    /// User + system CPU time, clock ticks.
    pub cpu_ticks: u64,
    /// Thread count.
    pub threads: i64,
    /// Start time, clock ticks after boot.
    pub start_ticks: u64,
    /// Resident pages.
    pub rss_pages: u64,
}

/// Parse the text of `/proc/<pid>/stat` (the command may hold spaces and parentheses).
pub fn parse_proc_stat(text: &str) -> Option<ProcStat> {
    let rest = &text[text.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_ascii_whitespace().collect();
    // f[0] is field 3 (state).
    let get = |field: usize| f.get(field - 3).and_then(|s| s.parse::<i64>().ok());
    Some(ProcStat {
        ppid: get(4)? as i32,
        cpu_ticks: (get(14)? + get(15)?) as u64,
        threads: get(20)?,
        start_ticks: get(22)? as u64,
        rss_pages: get(24)?.max(0) as u64,
    })
}

/// `/proc/meminfo` values in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MemInfo {
    pub total: u64,
    pub free: u64,
    pub available: u64,
    pub buffers: u64,
    pub cached: u64,
    pub sreclaimable: u64,
}

impl MemInfo {
    /// gopsutil's `Used`: total - free - buffers - cached (cached includes SReclaimable).
    pub fn used(&self) -> u64 {
        self.total.saturating_sub(self.free + self.buffers + self.cached + self.sreclaimable)
    }
}

/// Parse `/proc/meminfo`.
pub fn parse_meminfo(text: &str) -> MemInfo {
    let mut m = MemInfo::default();
    for line in text.lines() {
        let mut it = line.split_ascii_whitespace();
        let (Some(k), Some(v)) = (it.next(), it.next()) else { continue };
        let v = v.parse::<u64>().unwrap_or(0) * 1024;
        match k {
            "MemTotal:" => m.total = v,
            "MemFree:" => m.free = v,
            "MemAvailable:" => m.available = v,
            "Buffers:" => m.buffers = v,
            "Cached:" => m.cached = v,
            "SReclaimable:" => m.sreclaimable = v,
            _ => {}
        }
    }
    m
}

/// Total (received, sent) bytes over all interfaces of `/proc/net/dev`.
pub fn parse_net_dev(text: &str) -> (u64, u64) {
    let (mut rx, mut tx) = (0u64, 0u64);
    for line in text.lines().skip(2) {
        let Some((_, rest)) = line.split_once(':') else { continue };
        let f: Vec<&str> = rest.split_ascii_whitespace().collect();
        if f.len() >= 9 {
            rx = rx.wrapping_add(f[0].parse().unwrap_or(0));
            tx = tx.wrapping_add(f[8].parse().unwrap_or(0));
        }
    }
    (rx, tx)
}

/// (device, read bytes, written bytes) of each line of `/proc/diskstats`.
pub fn parse_diskstats(text: &str) -> Vec<(String, u64, u64)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_ascii_whitespace().collect();
        if f.len() < 10 {
            continue;
        }
        let read = f[5].parse::<u64>().unwrap_or(0) * 512;
        let written = f[9].parse::<u64>().unwrap_or(0) * 512;
        out.push((f[2].to_string(), read, written));
    }
    out
}

fn skipped_device(name: &str) -> bool {
    name.starts_with("loop") || name.starts_with("ram") || name.starts_with("zram")
}

/// Block devices mounted with a physical filesystem (`/dev/` stripped), from the text of
/// `/proc/self/mounts` and `/proc/filesystems`.
pub fn mounted_devices(mounts: &str, filesystems: &str) -> BTreeSet<String> {
    let nodev: BTreeSet<&str> = filesystems
        .lines()
        .filter_map(|l| l.strip_prefix("nodev").map(|r| r.trim()))
        .collect();
    let mut out = BTreeSet::new();
    for line in mounts.lines() {
        let mut f = line.split_ascii_whitespace();
        let (Some(dev), Some(_mnt), Some(fs)) = (f.next(), f.next(), f.next()) else { continue };
        if nodev.contains(fs) {
            continue;
        }
        if let Some(name) = dev.strip_prefix("/dev/") {
            if !skipped_device(name) {
                out.insert(name.to_string());
            }
        }
    }
    out
}

/// Disk usage of `path`: (total bytes, used bytes, usage percent as gopsutil computes it).
pub fn disk_usage(path: &str) -> Result<(u64, u64, f64), String> {
    let c = std::ffi::CString::new(path).map_err(|_| format!("bad path {path:?}"))?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: c is a valid NUL-terminated string and st a valid out pointer.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return Err(format!("{path}: {}", std::io::Error::last_os_error()));
    }
    let bs = st.f_frsize as u64;
    let total = st.f_blocks as u64 * bs;
    let free = st.f_bavail as u64 * bs;
    let used = (st.f_blocks as u64).saturating_sub(st.f_bfree as u64) * bs;
    let pct = if used + free > 0 { used as f64 / (used + free) as f64 * 100.0 } else { 0.0 };
    Ok((total, used, pct))
}

/// CPUs this process may run on (Go's `runtime.NumCPU`).
pub fn cpu_count_logical() -> usize {
    // SAFETY: cpu_set_t is plain data; sched_getaffinity fills it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) == 0 {
            let n = libc::CPU_COUNT(&set);
            if n > 0 {
                return n as usize;
            }
        }
    }
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Physical cores: distinct (physical id, core id) pairs of /proc/cpuinfo.
pub fn cpu_count_physical() -> usize {
    let Ok(text) = fs::read_to_string("/proc/cpuinfo") else { return 0 };
    let mut seen = BTreeSet::new();
    let (mut phys, mut core) = (String::new(), String::new());
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !core.is_empty() {
                seen.insert((phys.clone(), core.clone()));
            }
            phys.clear();
            core.clear();
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            match k.trim() {
                "physical id" => phys = v.trim().to_string(),
                "core id" => core = v.trim().to_string(),
                _ => {}
            }
        }
    }
    seen.len()
}

/// `pid` and, with `tree`, all its descendants (from `/proc/<pid>/task/*/children`, or a
/// scan of /proc when that file does not exist).
pub fn process_tree(pid: i32, tree: bool) -> Vec<i32> {
    let mut out = vec![pid];
    if !tree {
        return out;
    }
    let mut i = 0;
    let mut children_files = true;
    while i < out.len() && children_files {
        let p = out[i];
        i += 1;
        let Ok(tasks) = fs::read_dir(format!("/proc/{p}/task")) else { continue };
        for t in tasks.flatten() {
            match fs::read_to_string(t.path().join("children")) {
                Ok(text) => {
                    for c in text.split_ascii_whitespace().filter_map(|s| s.parse::<i32>().ok()) {
                        if !out.contains(&c) {
                            out.push(c);
                        }
                    }
                }
                Err(_) => children_files = false,
            }
        }
    }
    if children_files {
        return out;
    }
    // Fallback: parent links of every process.
    let mut parents: HashMap<i32, Vec<i32>> = HashMap::new();
    if let Ok(dir) = fs::read_dir("/proc") {
        for e in dir.flatten() {
            let Some(c) = e.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else { continue };
            if let Some(st) = fs::read_to_string(format!("/proc/{c}/stat")).ok().and_then(|t| parse_proc_stat(&t)) {
                parents.entry(st.ppid).or_default().push(c);
            }
        }
    }
    let mut out = vec![pid];
    let mut i = 0;
    while i < out.len() {
        if let Some(cs) = parents.get(&out[i]) {
            for &c in cs {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        i += 1;
    }
    out
}

fn boot_time() -> f64 {
    fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|t| t.lines().find_map(|l| l.strip_prefix("btime ").and_then(|v| v.trim().parse::<f64>().ok())))
        .unwrap_or(0.0)
}

/// CPU, memory, disk and network metrics.
pub struct SystemSource {
    pid: i32,
    tree: bool,
    ncpu: f64,
    clk: f64,
    page: u64,
    btime: f64,
    disks: Vec<String>,
    io_devices: BTreeSet<String>,
    io_start: HashMap<String, (u64, u64)>,
    net_start: (u64, u64),
    stat_buf: String,
}

impl SystemSource {
    /// Sample `pid` (and its descendants when `tree`), disk usage of `disk_paths` (already
    /// checked to exist). Records the disk and network counters now, as the starting point.
    pub fn new(pid: i32, tree: bool, disk_paths: Vec<String>) -> Self {
        // SAFETY: sysconf has no preconditions.
        let clk = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(1) as u64;
        let mounts = fs::read_to_string("/proc/self/mounts").unwrap_or_default();
        let filesystems = fs::read_to_string("/proc/filesystems").unwrap_or_default();
        let stats = parse_diskstats(&fs::read_to_string("/proc/diskstats").unwrap_or_default());
        let mounted = mounted_devices(&mounts, &filesystems);
        let present: BTreeSet<String> = stats.iter().map(|(n, _, _)| n.clone()).collect();
        let mut io_devices: BTreeSet<String> = mounted.intersection(&present).cloned().collect();
        if io_devices.is_empty() {
            io_devices = present.into_iter().filter(|n| !skipped_device(n)).collect();
        }
        let io_start = stats
            .into_iter()
            .filter(|(n, _, _)| io_devices.contains(n))
            .map(|(n, r, w)| (n, (r, w)))
            .collect();
        let net_start = parse_net_dev(&fs::read_to_string("/proc/net/dev").unwrap_or_default());
        SystemSource {
            pid,
            tree,
            ncpu: cpu_count_logical() as f64,
            clk,
            page,
            btime: boot_time(),
            disks: disk_paths,
            io_devices,
            io_start,
            net_start,
            stat_buf: String::with_capacity(512),
        }
    }

    fn read_stat(&mut self, pid: i32) -> Option<ProcStat> {
        use std::io::Read;
        self.stat_buf.clear();
        let mut f = fs::File::open(format!("/proc/{pid}/stat")).ok()?;
        f.read_to_string(&mut self.stat_buf).ok()?;
        parse_proc_stat(&self.stat_buf)
    }
}

impl Source for SystemSource {
    fn name(&self) -> String {
        "system".into()
    }

    fn sample(&mut self, out: &mut Sample) -> Result<(), String> {
        let now = crate::stream::now();
        let mem = parse_meminfo(&fs::read_to_string("/proc/meminfo").map_err(|e| format!("/proc/meminfo: {e}"))?);
        let pids = process_tree(self.pid, self.tree);
        let (mut cpu_pct, mut rss, mut threads, mut found) = (0.0f64, 0u64, 0i64, false);
        for p in pids {
            let Some(st) = self.read_stat(p) else { continue };
            found = true;
            let created = self.btime + st.start_ticks as f64 / self.clk;
            let elapsed = now - created;
            if elapsed > 0.0 {
                cpu_pct += st.cpu_ticks as f64 / self.clk / elapsed * 100.0;
            }
            rss += st.rss_pages * self.page;
            threads += st.threads;
        }
        if found {
            out.push(("cpu".into(), Metric::Float(cpu_pct / self.ncpu)));
            out.push(("proc.cpu.threads".into(), Metric::Int(threads)));
            out.push(("proc.memory.rssMB".into(), Metric::Float(rss as f64 / MB)));
            if mem.total > 0 {
                let pct = (rss as f64 / mem.total as f64 * 100.0) as f32;
                out.push(("proc.memory.percent".into(), Metric::Float(pct as f64)));
            }
        }
        if mem.total > 0 {
            out.push(("memory_percent".into(), Metric::Float(mem.used() as f64 / mem.total as f64 * 100.0)));
            out.push(("proc.memory.availableMB".into(), Metric::Float(mem.available as f64 / MB)));
        }
        for path in &self.disks {
            if let Ok((_, used, pct)) = disk_usage(path) {
                out.push((format!("disk.{path}.usagePercent"), Metric::Float(pct)));
                out.push((format!("disk.{path}.usageGB"), Metric::Float(used as f64 / GB)));
            }
        }
        if !self.io_devices.is_empty() {
            if let Ok(text) = fs::read_to_string("/proc/diskstats") {
                for (name, r, w) in parse_diskstats(&text) {
                    if let Some(&(r0, w0)) = self.io_start.get(&name) {
                        out.push((format!("disk.{name}.in"), Metric::Float(r.saturating_sub(r0) as f64 / MB)));
                        out.push((format!("disk.{name}.out"), Metric::Float(w.saturating_sub(w0) as f64 / MB)));
                    }
                }
            }
        }
        if let Ok(text) = fs::read_to_string("/proc/net/dev") {
            let (rx, tx) = parse_net_dev(&text);
            out.push(("network.sent".into(), Metric::Int(tx.saturating_sub(self.net_start.1) as i64)));
            out.push(("network.recv".into(), Metric::Int(rx.saturating_sub(self.net_start.0) as i64)));
        }
        if !found {
            return Err(format!("process {} not found", self.pid));
        }
        Ok(())
    }
}
