//! Rough throughput check of the pipeline: `cargo run --release --example log_throughput`.

use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use vireo_core::json::Value;
use vireo_core::stream::{now, NoHooks, Stream, StreamOptions};

fn main() {
    let dir = std::env::temp_dir().join(format!("vireo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("run-bench.wandb");
    let n = 200_000;
    let s = Stream::create(&path, StreamOptions { run_start: now(), ..Default::default() }, Box::new(NoHooks)).unwrap();
    let t0 = Instant::now();
    for i in 0..n {
        let row: Vec<(String, Value)> =
            (0..10).map(|k| (format!("k{k}"), Value::Float(i as f64 * 1.1 + k as f64))).collect();
        s.log(row, None, None).unwrap();
    }
    let t1 = t0.elapsed();
    s.finish(0, None).unwrap();
    let t2 = t0.elapsed();
    println!(
        "log: {:.2} us/call; end to end: {:.2} us/row; file {} bytes",
        t1.as_secs_f64() / n as f64 * 1e6,
        t2.as_secs_f64() / n as f64 * 1e6,
        std::fs::metadata(&path).unwrap().len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
