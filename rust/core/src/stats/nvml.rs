//! NVIDIA GPUs through NVML (`libnvidia-ml.so.1`), loaded at run time with libloading:
//! no CUDA build dependency. `VIREO_NVML_PATH` (or the `nvml_path` option) names another
//! library (the tests build a fake one).
//!
//! Per device `gpu.{i}.*` (wandb 0.21.3 names): memory, memoryAllocated,
//! memoryAllocatedBytes, gpu, temp, powerWatts, powerPercent, enforcedPowerLimitWatts,
//! smClock, memoryClock, graphicsClock, correctedMemoryErrors, unCorrectedMemoryErrors
//! (documented name) and uncorrectedMemoryErrors (the name wandb's gpu_stats sends),
//! encoderUtilization, fanSpeed, memoryTotal, pcieLinkGen, pcieLinkSpeed, pcieLinkWidth,
//! maxPcieLinkGen, maxPcieLinkWidth; the same set as `gpu.process.{i}.*` for devices that run
//! a process of the monitored tree. A metric NVML does not support is left out.

use std::ffi::{c_char, c_int, c_uint, c_ulonglong, c_void, CStr};

use libloading::Library;

use super::{Metric, Sample, Source};

type Device = *mut c_void;
type Ret = c_int;

#[repr(C)]
#[derive(Default)]
struct Utilization {
    gpu: c_uint,
    memory: c_uint,
}

#[repr(C)]
#[derive(Default)]
struct Memory {
    total: c_ulonglong,
    free: c_ulonglong,
    used: c_ulonglong,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct ProcessInfo {
    pid: c_uint,
    used_gpu_memory: c_ulonglong,
    gpu_instance_id: c_uint,
    compute_instance_id: c_uint,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct ProcessInfoV1 {
    pid: c_uint,
    used_gpu_memory: c_ulonglong,
}

/// NVML clock types.
const CLOCK_GRAPHICS: c_uint = 0;
const CLOCK_SM: c_uint = 1;
const CLOCK_MEM: c_uint = 2;
const ERROR_INSUFFICIENT_SIZE: Ret = 7;

/// Static facts about one GPU (for the Environment record).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GpuInfo {
    pub index: u32,
    pub name: String,
    pub memory_total: u64,
    pub cuda_cores: u32,
    pub architecture: String,
    pub uuid: String,
}

/// Loaded NVML entry points.
pub struct Nvml {
    lib: Library,
}

// SAFETY: NVML is thread-safe; the library handle is only used through its functions.
unsafe impl Send for Nvml {}

macro_rules! sym {
    ($lib:expr, $name:expr, $ty:ty) => {
        // SAFETY: the symbol has the C signature `$ty` in every NVML release that exports it.
        unsafe { $lib.get::<$ty>($name).ok() }
    };
}

fn architecture_name(a: c_uint) -> &'static str {
    match a {
        2 => "Kepler",
        3 => "Maxwell",
        4 => "Pascal",
        5 => "Volta",
        6 => "Turing",
        7 => "Ampere",
        8 => "Ada",
        9 => "Hopper",
        10 => "Blackwell",
        _ => "Unknown",
    }
}

impl Nvml {
    /// Load and initialise NVML from `path` (None: `VIREO_NVML_PATH`, then
    /// `libnvidia-ml.so.1`, then `libnvidia-ml.so`).
    pub fn load(path: Option<&str>) -> Result<Nvml, String> {
        let env = std::env::var("VIREO_NVML_PATH").ok();
        let candidates: Vec<String> = match path.map(str::to_string).or(env) {
            Some(p) => vec![p],
            None => vec!["libnvidia-ml.so.1".into(), "libnvidia-ml.so".into()],
        };
        let mut last = String::from("no candidate");
        for c in candidates {
            // SAFETY: loading NVML runs its (trusted) initialisers only.
            match unsafe { Library::new(&c) } {
                Ok(lib) => {
                    let nvml = Nvml { lib };
                    let init = sym!(nvml.lib, b"nvmlInit_v2", unsafe extern "C" fn() -> Ret)
                        .or_else(|| sym!(nvml.lib, b"nvmlInit", unsafe extern "C" fn() -> Ret))
                        .ok_or_else(|| format!("{c}: nvmlInit not found"))?;
                    // SAFETY: no arguments.
                    let r = unsafe { init() };
                    if r != 0 {
                        return Err(format!("{c}: nvmlInit returned {r}"));
                    }
                    return Ok(nvml);
                }
                Err(e) => last = format!("{c}: {e}"),
            }
        }
        Err(last)
    }

    /// Number of devices.
    pub fn count(&self) -> Result<u32, String> {
        let f = sym!(self.lib, b"nvmlDeviceGetCount_v2", unsafe extern "C" fn(*mut c_uint) -> Ret)
            .or_else(|| sym!(self.lib, b"nvmlDeviceGetCount", unsafe extern "C" fn(*mut c_uint) -> Ret))
            .ok_or("nvmlDeviceGetCount not found")?;
        let mut n: c_uint = 0;
        // SAFETY: valid out pointer.
        let r = unsafe { f(&mut n) };
        if r != 0 {
            return Err(format!("nvmlDeviceGetCount returned {r}"));
        }
        Ok(n)
    }

    fn handle(&self, i: u32) -> Option<Device> {
        let f = sym!(self.lib, b"nvmlDeviceGetHandleByIndex_v2", unsafe extern "C" fn(c_uint, *mut Device) -> Ret)
            .or_else(|| sym!(self.lib, b"nvmlDeviceGetHandleByIndex", unsafe extern "C" fn(c_uint, *mut Device) -> Ret))?;
        let mut d: Device = std::ptr::null_mut();
        // SAFETY: valid out pointer.
        (unsafe { f(i, &mut d) } == 0).then_some(d)
    }

    fn u32_of(&self, name: &[u8], d: Device) -> Option<u32> {
        let f = sym!(self.lib, name, unsafe extern "C" fn(Device, *mut c_uint) -> Ret)?;
        let mut v: c_uint = 0;
        // SAFETY: valid handle and out pointer.
        (unsafe { f(d, &mut v) } == 0).then_some(v)
    }

    fn string_of(&self, name: &[u8], d: Device) -> Option<String> {
        let f = sym!(self.lib, name, unsafe extern "C" fn(Device, *mut c_char, c_uint) -> Ret)?;
        let mut buf = [0 as c_char; 256];
        // SAFETY: the buffer length is passed; NVML NUL-terminates.
        if unsafe { f(d, buf.as_mut_ptr(), buf.len() as c_uint) } != 0 {
            return None;
        }
        buf[255] = 0;
        // SAFETY: NUL-terminated above.
        Some(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned())
    }

    fn memory(&self, d: Device) -> Option<Memory> {
        let f = sym!(self.lib, b"nvmlDeviceGetMemoryInfo", unsafe extern "C" fn(Device, *mut Memory) -> Ret)?;
        let mut m = Memory::default();
        // SAFETY: valid out pointer of the v1 struct.
        (unsafe { f(d, &mut m) } == 0).then_some(m)
    }

    /// CUDA driver version as `major.minor` ("12.4").
    pub fn cuda_version(&self) -> Option<String> {
        let f = sym!(self.lib, b"nvmlSystemGetCudaDriverVersion_v2", unsafe extern "C" fn(*mut c_int) -> Ret)
            .or_else(|| sym!(self.lib, b"nvmlSystemGetCudaDriverVersion", unsafe extern "C" fn(*mut c_int) -> Ret))?;
        let mut v: c_int = 0;
        // SAFETY: valid out pointer.
        if unsafe { f(&mut v) } != 0 || v <= 0 {
            return None;
        }
        Some(format!("{}.{}", v / 1000, (v % 1000) / 10))
    }

    /// Static facts about device `i`.
    pub fn info(&self, i: u32) -> Option<GpuInfo> {
        let d = self.handle(i)?;
        Some(GpuInfo {
            index: i,
            name: self.string_of(b"nvmlDeviceGetName", d).unwrap_or_default(),
            memory_total: self.memory(d).map(|m| m.total).unwrap_or(0),
            cuda_cores: self.u32_of(b"nvmlDeviceGetNumGpuCores", d).unwrap_or(0),
            architecture: self
                .u32_of(b"nvmlDeviceGetArchitecture", d)
                .map(|a| architecture_name(a).to_string())
                .unwrap_or_default(),
            uuid: self.string_of(b"nvmlDeviceGetUUID", d).unwrap_or_default(),
        })
    }

    fn pids(&self, d: Device) -> Vec<u32> {
        let mut out = Vec::new();
        for (v3, v1) in [
            (&b"nvmlDeviceGetComputeRunningProcesses_v3"[..], &b"nvmlDeviceGetComputeRunningProcesses"[..]),
            (&b"nvmlDeviceGetGraphicsRunningProcesses_v3"[..], &b"nvmlDeviceGetGraphicsRunningProcesses"[..]),
        ] {
            if let Some(f) = sym!(self.lib, v3, unsafe extern "C" fn(Device, *mut c_uint, *mut ProcessInfo) -> Ret) {
                let mut buf = vec![ProcessInfo::default(); 64];
                let mut n = buf.len() as c_uint;
                // SAFETY: n is the capacity of buf.
                let mut r = unsafe { f(d, &mut n, buf.as_mut_ptr()) };
                if r == ERROR_INSUFFICIENT_SIZE {
                    buf = vec![ProcessInfo::default(); n as usize + 16];
                    n = buf.len() as c_uint;
                    // SAFETY: as above.
                    r = unsafe { f(d, &mut n, buf.as_mut_ptr()) };
                }
                if r == 0 {
                    out.extend(buf[..(n as usize).min(buf.len())].iter().map(|p| p.pid));
                }
            } else if let Some(f) = sym!(self.lib, v1, unsafe extern "C" fn(Device, *mut c_uint, *mut ProcessInfoV1) -> Ret) {
                let mut buf = vec![ProcessInfoV1::default(); 256];
                let mut n = buf.len() as c_uint;
                // SAFETY: n is the capacity of buf.
                if unsafe { f(d, &mut n, buf.as_mut_ptr()) } == 0 {
                    out.extend(buf[..(n as usize).min(buf.len())].iter().map(|p| p.pid));
                }
            }
        }
        out
    }

    /// Append the `gpu.{i}.*` metrics of device handle `d` (prefix `gpu.{i}.`).
    fn sample_device(&self, d: Device, prefix: &str, out: &mut Vec<(String, Metric)>) {
        let mut put = |k: &str, v: Metric| out.push((format!("{prefix}{k}"), v));
        if let Some(f) = sym!(self.lib, b"nvmlDeviceGetUtilizationRates", unsafe extern "C" fn(Device, *mut Utilization) -> Ret) {
            let mut u = Utilization::default();
            // SAFETY: valid out pointer.
            if unsafe { f(d, &mut u) } == 0 {
                put("gpu", Metric::Int(u.gpu as i64));
                put("memory", Metric::Int(u.memory as i64));
            }
        }
        if let Some(m) = self.memory(d) {
            put("memoryTotal", Metric::Int(m.total as i64));
            put("memoryAllocatedBytes", Metric::Int(m.used as i64));
            if m.total > 0 {
                put("memoryAllocated", Metric::Float(m.used as f64 / m.total as f64 * 100.0));
            }
        }
        if let Some(f) = sym!(self.lib, b"nvmlDeviceGetTemperature", unsafe extern "C" fn(Device, c_uint, *mut c_uint) -> Ret) {
            let mut t: c_uint = 0;
            // SAFETY: sensor 0 = GPU; valid out pointer.
            if unsafe { f(d, 0, &mut t) } == 0 {
                put("temp", Metric::Int(t as i64));
            }
        }
        let power = self.u32_of(b"nvmlDeviceGetPowerUsage", d);
        let limit = self.u32_of(b"nvmlDeviceGetEnforcedPowerLimit", d);
        if let Some(p) = power {
            put("powerWatts", Metric::Float(p as f64 / 1000.0));
        }
        if let Some(l) = limit {
            put("enforcedPowerLimitWatts", Metric::Float(l as f64 / 1000.0));
        }
        if let (Some(p), Some(l)) = (power, limit) {
            if l > 0 {
                put("powerPercent", Metric::Float(p as f64 / l as f64 * 100.0));
            }
        }
        if let Some(f) = sym!(self.lib, b"nvmlDeviceGetClockInfo", unsafe extern "C" fn(Device, c_uint, *mut c_uint) -> Ret) {
            for (name, ty) in [("smClock", CLOCK_SM), ("memoryClock", CLOCK_MEM), ("graphicsClock", CLOCK_GRAPHICS)] {
                let mut c: c_uint = 0;
                // SAFETY: valid clock type and out pointer.
                if unsafe { f(d, ty, &mut c) } == 0 {
                    put(name, Metric::Int(c as i64));
                }
            }
        }
        if let Some(f) = sym!(self.lib, b"nvmlDeviceGetTotalEccErrors", unsafe extern "C" fn(Device, c_uint, c_uint, *mut c_ulonglong) -> Ret) {
            let mut v: c_ulonglong = 0;
            // SAFETY: error type 0 = corrected, counter 0 = volatile; valid out pointer.
            if unsafe { f(d, 0, 0, &mut v) } == 0 {
                put("correctedMemoryErrors", Metric::Int(v as i64));
            }
            let mut v: c_ulonglong = 0;
            // SAFETY: error type 1 = uncorrected.
            if unsafe { f(d, 1, 0, &mut v) } == 0 {
                put("unCorrectedMemoryErrors", Metric::Int(v as i64));
                put("uncorrectedMemoryErrors", Metric::Int(v as i64));
            }
        }
        if let Some(v) = self.u32_of(b"nvmlDeviceGetFanSpeed", d) {
            put("fanSpeed", Metric::Int(v as i64));
        }
        if let Some(f) = sym!(self.lib, b"nvmlDeviceGetEncoderUtilization", unsafe extern "C" fn(Device, *mut c_uint, *mut c_uint) -> Ret) {
            let (mut u, mut period): (c_uint, c_uint) = (0, 0);
            // SAFETY: valid out pointers.
            if unsafe { f(d, &mut u, &mut period) } == 0 {
                put("encoderUtilization", Metric::Int(u as i64));
            }
        }
        for (name, sym) in [
            ("pcieLinkGen", &b"nvmlDeviceGetCurrPcieLinkGeneration"[..]),
            ("pcieLinkSpeed", &b"nvmlDeviceGetPcieSpeed"[..]),
            ("pcieLinkWidth", &b"nvmlDeviceGetCurrPcieLinkWidth"[..]),
            ("maxPcieLinkGen", &b"nvmlDeviceGetMaxPcieLinkGeneration"[..]),
            ("maxPcieLinkWidth", &b"nvmlDeviceGetMaxPcieLinkWidth"[..]),
        ] {
            if let Some(v) = self.u32_of(sym, d) {
                // NVML reports the PCIe speed in MB/s; wandb sends bytes/s.
                let v = if name == "pcieLinkSpeed" { v as i64 * 1_000_000 } else { v as i64 };
                put(name, Metric::Int(v));
            }
        }
    }
}

impl Drop for Nvml {
    fn drop(&mut self) {
        if let Some(f) = sym!(self.lib, b"nvmlShutdown", unsafe extern "C" fn() -> Ret) {
            // SAFETY: pairs the successful init of `load`.
            unsafe { f() };
        }
    }
}

/// The NVIDIA source: all devices or the selected indices.
pub struct NvidiaSource {
    nvml: Nvml,
    devices: Vec<(u32, Device)>,
    pid: i32,
    scratch: Vec<(String, Metric)>,
}

// SAFETY: device handles are opaque NVML pointers, valid from any thread.
unsafe impl Send for NvidiaSource {}

impl NvidiaSource {
    /// Devices of `nvml` (only `ids` when given) of the process tree rooted at `pid`.
    pub fn new(nvml: Nvml, ids: Option<&[u32]>, pid: i32) -> Result<Self, String> {
        let n = nvml.count()?;
        if n == 0 {
            return Err("no NVIDIA GPU found".into());
        }
        let devices = (0..n)
            .filter(|i| ids.is_none_or(|ids| ids.contains(i)))
            .filter_map(|i| nvml.handle(i).map(|d| (i, d)))
            .collect();
        Ok(NvidiaSource { nvml, devices, pid, scratch: Vec::with_capacity(32) })
    }
}

impl Source for NvidiaSource {
    fn name(&self) -> String {
        "nvidia".into()
    }

    fn sample(&mut self, out: &mut Sample) -> Result<(), String> {
        let mut tree: Option<Vec<i32>> = None;
        for &(i, d) in &self.devices {
            self.scratch.clear();
            self.nvml.sample_device(d, "", &mut self.scratch);
            let used = {
                let pids = self.nvml.pids(d);
                !pids.is_empty() && {
                    let t = tree.get_or_insert_with(|| super::procfs::process_tree(self.pid, true));
                    pids.iter().any(|p| t.contains(&(*p as i32)))
                }
            };
            for (k, v) in &self.scratch {
                out.push((format!("gpu.{i}.{k}"), *v));
            }
            if used {
                for (k, v) in &self.scratch {
                    out.push((format!("gpu.process.{i}.{k}"), *v));
                }
            }
        }
        Ok(())
    }
}
