//! Parser and sampler unit tests (recorded tool outputs; no accelerator needed).

use super::*;

#[test]
fn proc_stat_with_spaces_in_command() {
    let text = "1234 (my (weird) cmd) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 7 0 4242 1000000 2048 18446744073709551615";
    let st = procfs::parse_proc_stat(text).unwrap();
    assert_eq!(st.ppid, 1);
    assert_eq!(st.cpu_ticks, 300);
    assert_eq!(st.threads, 7);
    assert_eq!(st.start_ticks, 4242);
    assert_eq!(st.rss_pages, 2048);
    assert!(procfs::parse_proc_stat("garbage").is_none());
}

#[test]
fn meminfo_used_like_gopsutil() {
    let m = procfs::parse_meminfo(
        "MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    600 kB\nBuffers:          50 kB\nCached:          300 kB\nSReclaimable:     50 kB\n",
    );
    assert_eq!(m.total, 1_024_000);
    assert_eq!(m.available, 614_400);
    assert_eq!(m.used(), 500 * 1024);
}

#[test]
fn net_dev_and_diskstats() {
    let net = "Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n    lo: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0\n  eth0: 1000 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n";
    assert_eq!(procfs::parse_net_dev(net), (1100, 220));
    let ds = " 254 0 vda 10 0 8 0 4 0 16 0 0 0 0\n 7 0 loop0 0 0 0 0 0 0 0 0 0 0 0\n";
    assert_eq!(procfs::parse_diskstats(ds), vec![("vda".into(), 4096, 8192), ("loop0".into(), 0, 0)]);
    let mounts = "/dev/vda / ext4 rw 0 0\n/dev/loop3 /snap squashfs ro 0 0\ntmpfs /tmp tmpfs rw 0 0\n/dev/zram0 /z ext4 rw 0 0\n/dev/nvme0n1p1 /data xfs rw 0 0\n";
    let fss = "nodev\tsysfs\nnodev\ttmpfs\n\text4\n\txfs\n\tsquashfs\n";
    let devs: Vec<String> = procfs::mounted_devices(mounts, fss).into_iter().collect();
    assert_eq!(devs, vec!["nvme0n1p1".to_string(), "vda".to_string()]);
}

#[test]
fn system_source_samples_this_process() {
    let mut s = procfs::SystemSource::new(std::process::id() as i32, false, vec!["/".into()]);
    let mut out = Vec::new();
    s.sample(&mut out).unwrap();
    let keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
    for k in [
        "cpu", "proc.cpu.threads", "proc.memory.rssMB", "proc.memory.percent", "memory_percent",
        "proc.memory.availableMB", "disk./.usagePercent", "disk./.usageGB", "network.sent", "network.recv",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    let get = |k: &str| out.iter().find(|(n, _)| n == k).unwrap().1.as_f64();
    assert!(get("proc.memory.rssMB") > 1.0);
    assert!(get("proc.cpu.threads") >= 1.0);
    assert!((0.0..=100.0).contains(&get("memory_percent")));
}

#[test]
fn rocm_5_and_6_formats() {
    let v5 = r#"{"card0": {"GPU ID": "0x738c", "Temperature (Sensor memory) (C)": "35.0", "Average Graphics Package Power (W)": "40.0", "Max Graphics Package Power (W)": "290.0", "GPU use (%)": "12", "GPU memory use (%)": "3", "Card series": "Instinct MI100"}, "system": {"Driver version": "5.13"}}"#;
    let m = amd::parse_metrics(v5, None).unwrap();
    let get = |k: &str| m.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_f64());
    assert_eq!(get("gpu.0.gpu"), Some(12.0));
    assert_eq!(get("gpu.0.memoryAllocated"), Some(3.0));
    assert_eq!(get("gpu.0.temp"), Some(35.0));
    assert_eq!(get("gpu.0.powerWatts"), Some(40.0));
    assert!((get("gpu.0.powerPercent").unwrap() - 40.0 / 290.0 * 100.0).abs() < 1e-9);
    assert_eq!(amd::parse_info(v5)[0].series, "Instinct MI100");
    let v6 = r#"{"card1": {"GPU use (%)": "50", "GPU Memory Allocated (VRAM%)": "25", "GPU Memory Read/Write Activity (%)": "7", "Temperature (Sensor memory) (C)": "40.0", "Current Socket Graphics Package Power (W)": "100.0", "Max Graphics Package Power (W)": "500.0"}}"#;
    let m = amd::parse_metrics(v6, None).unwrap();
    let get = |k: &str| m.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_f64());
    assert_eq!(get("gpu.1.memoryAllocated"), Some(25.0));
    assert_eq!(get("gpu.1.memoryReadWriteActivity"), Some(7.0));
    assert_eq!(get("gpu.1.powerPercent"), Some(20.0));
    assert!(amd::parse_metrics(v6, Some(&[0])).unwrap().is_empty());
    assert!(amd::parse_metrics("not json", None).is_err());
    assert!(amd::parse_metrics("{}", None).is_err());
}

#[test]
fn neuron_monitor_report() {
    let line = r#"{"neuron_runtime_data":[{"pid":42,"report":{"neuroncore_counters":{"neuroncores_in_use":{"0":{"neuroncore_utilization":12.5},"1":{"neuroncore_utilization":0}}},"memory_used":{"neuron_runtime_used_bytes":{"host":1000,"neuron_device":2000,"usage_breakdown":{"host":{"application_memory":1,"constants":2,"dma_buffers":3,"tensors":4},"neuroncore_memory_usage":{"0":{"constants":5,"model_code":6,"model_shared_scratchpad":7,"runtime_memory":8,"tensors":9}}}}}}}],"neuron_hardware_info":{"neuron_device_count":16,"neuroncore_per_device_count":2}}"#;
    let m = trainium::parse_report(line, &[42]).unwrap();
    let get = |k: &str| m.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    assert_eq!(get("trn.0.neuroncore_utilization"), Some(Metric::Float(12.5)));
    assert_eq!(get("trn.host_total_memory_usage"), Some(Metric::Int(1000)));
    assert_eq!(get("trn.neuron_device_total_memory_usage"), Some(Metric::Int(2000)));
    assert_eq!(get("trn.host_total_memory_usage.dma_buffers"), Some(Metric::Int(3)));
    assert_eq!(get("trn.0.neuroncore_memory_usage.model_shared_scratchpad"), Some(Metric::Int(7)));
    let info = trainium::parse_info(line).unwrap();
    assert_eq!((info.neuron_device_count, info.neuroncore_per_device_count), (16, 2));
}

#[test]
fn openmetrics_text_filters_and_label_index() {
    let text = "# HELP x y\n# TYPE DCGM_FI_DEV_GPU_UTIL gauge\nDCGM_FI_DEV_GPU_UTIL{gpu=\"0\",pod=\"wandb-1\"} 50\nDCGM_FI_DEV_GPU_UTIL{gpu=\"1\",pod=\"other\"} 7\nup 1\nesc{a=\"x\\\"y,z\"} +Inf 123\n";
    let s = openmetrics::parse_text(text).unwrap();
    assert_eq!(s.len(), 4);
    assert_eq!(s[3].labels, vec![("a".to_string(), "x\"y,z".to_string())]);
    assert!(s[3].value.is_infinite());
    let f = openmetrics::Filters::from_json(&serde_json::json!({"node1\\.DCGM_.*": {"pod": "wandb-.*"}})).unwrap();
    let mut idx = openmetrics::LabelIndex::default();
    let m = openmetrics::to_metrics("node1", &s, &f, &mut idx);
    assert_eq!(m, vec![("openmetrics.node1.DCGM_FI_DEV_GPU_UTIL.0".to_string(), Metric::Float(50.0))]);
    let f = openmetrics::Filters::from_json(&serde_json::json!([".*GPU_UTIL"])).unwrap();
    let mut idx = openmetrics::LabelIndex::default();
    let m = openmetrics::to_metrics("n", &s, &f, &mut idx);
    let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, vec!["openmetrics.n.DCGM_FI_DEV_GPU_UTIL.0", "openmetrics.n.DCGM_FI_DEV_GPU_UTIL.1"]);
    // The index of a label set is stable once seen.
    let rev: Vec<_> = s.iter().rev().cloned().collect();
    let m = openmetrics::to_metrics("n", &rev, &f, &mut idx);
    assert_eq!(m[0], ("openmetrics.n.DCGM_FI_DEV_GPU_UTIL.1".to_string(), Metric::Float(7.0)));
    assert!(openmetrics::parse_text("<html>oops</html>").is_err());
    assert!(openmetrics::Filters::from_json(&serde_json::json!(["("])).is_err());
}

#[test]
fn dcgm_query_answer() {
    let text = r#"{"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"__name__":"DCGM_FI_DEV_GPU_TEMP","gpu":"0"},"value":[1.0,"45"]},
        {"metric":{"__name__":"DCGM_FI_DEV_POWER_USAGE","gpu":"1"},"value":[1.0,"250.5"]},
        {"metric":{"__name__":"DCGM_FI_DEV_FB_USED","gpu":"0"},"value":[1.0,"1024"]},
        {"metric":{"__name__":"DCGM_FI_DEV_FB_FREE","gpu":"0"},"value":[1.0,"3072"]}]}}"#;
    let m = dcgm::parse(text).unwrap();
    let get = |k: &str| m.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_f64());
    assert_eq!(get("gpu.0.temp"), Some(45.0));
    assert_eq!(get("gpu.1.powerWatts"), Some(250.5));
    assert_eq!(get("gpu.0.memoryAllocatedBytes"), Some(1024.0 * 1024.0 * 1024.0));
    assert_eq!(get("gpu.0.memoryAllocated"), Some(25.0));
    assert!(dcgm::parse("garbage").is_err());
}

#[test]
fn apple_tpu_ipu_recorded_outputs() {
    let apple = r#"{"utilization": 30.0, "mem_used": 12.5, "cpu_temp": 40.0, "gpu_temp": 50.0, "sys_power": 8.25}"#;
    let m = platforms::parse_apple(apple).unwrap();
    let get = |m: &Sample, k: &str| m.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_f64());
    assert_eq!(get(&m, "gpu.0.gpu"), Some(30.0));
    assert_eq!(get(&m, "gpu.0.temp"), Some(45.0));
    assert_eq!(get(&m, "gpu.0.powerPercent"), Some(50.0));
    let tpu = r#"{"tpu.runtime.hbm.memory.usage.bytes": [100, 200], "tpu.runtime.hbm.memory.total.bytes": [400, 400], "tpu.runtime.tensorcore.dutycycle.percent": [10.5, 20.0]}"#;
    let m = platforms::parse_tpu(tpu).unwrap();
    assert_eq!(get(&m, "tpu.1.memoryUsageBytes"), Some(200.0));
    assert_eq!(get(&m, "tpu.0.memoryUsage"), Some(25.0));
    assert_eq!(get(&m, "tpu.1.dutyCycle"), Some(20.0));
    let ipu = r#"[{"id": "0", "user process id": "77", "average board temp (C)": "30.5C", "clock (MHz)": "1330MHz", "ipu power (W)": "120W", "ipu utilisation (%)": "50%", "speed (GT/s)": "8.0GT/s", "serial": "x"}, {"id": "1", "user process id": "5", "ipu power (W)": "1W"}]"#;
    let m = platforms::parse_ipu(ipu, 77).unwrap();
    assert_eq!(get(&m, "ipu.0.average board temp (C)"), Some(30.5));
    assert_eq!(get(&m, "ipu.0.clock (MHz)"), Some(1330.0));
    assert_eq!(get(&m, "ipu.0.ipu power (W)"), Some(120.0));
    assert_eq!(get(&m, "ipu.0.ipu utilisation (%)"), Some(50.0));
    assert_eq!(get(&m, "ipu.0.speed (GT/s)"), Some(8.0));
    assert_eq!(m.len(), 5);
}

#[test]
fn record_label_and_value_json() {
    let opts = SamplerOptions {
        label: Some("node1".into()),
        accelerators: false,
        disk_paths: vec!["/".into(), "/definitely/not/here".into()],
        ..Default::default()
    };
    let mut t = sampler::Ticker::new(&opts);
    let s = t.tick();
    assert!(s.iter().all(|(k, _)| k.ends_with("/l:node1")));
    assert!(s.iter().any(|(k, _)| k == "disk./.usageGB/l:node1"));
    // wandb-core formats every value as a float64 with Go's 'g' (observed "5.0545201e+07").
    assert_eq!(Metric::Int(50_545_201).to_json(), "5.0545201e+07");
    assert_eq!(Metric::Float(48.81736755371094).to_json(), "48.81736755371094");
    let r = sampler::stats_record(&vec![("a".into(), Metric::Int(3)), ("b".into(), Metric::Float(0.5))], 10.25);
    assert_eq!(
        r.to_json(),
        r#"{"control":{"always_send":true},"stats":{"timestamp":{"seconds":10,"nanos":250000000},"item":[{"key":"a","value_json":"3"},{"key":"b","value_json":"0.5"}]}}"#
    );
}

#[test]
fn sampler_thread_emits_and_stops() {
    let (tx, rx) = std::sync::mpsc::channel();
    let opts = SamplerOptions {
        interval: std::time::Duration::from_millis(30),
        accelerators: false,
        buffer_size: 2,
        ..Default::default()
    };
    let s = Sampler::start(opts, Box::new(move |r| tx.send(r).is_ok())).unwrap();
    let first = rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
    assert!(matches!(first.record_type, Some(crate::proto::RecordType::Stats(_))));
    let _ = rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
    let _ = rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
    s.stop();
    assert!(s.is_stopped());
    let buf = s.buffer();
    assert_eq!(buf["cpu"].len(), 2);
    assert!(!buf.contains_key("proc.cpu.threads"));
}

#[test]
fn rfc3339_format() {
    let s = rfc3339_now();
    assert_eq!(s.len(), 27);
    assert!(s.ends_with('Z') && &s[4..5] == "-" && &s[10..11] == "T");
}
