//! Per-stage cost of the writer thread: `cargo run --release --example handler_cost`.

use std::time::Instant;

use vireo_core::json::Value;
use vireo_core::stream::handler::{Handler, Sink, TimedRow};
use vireo_core::stream::rowstate::Row;
use vireo_core::txlog::Writer;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Bytes(Vec<u8>, usize);
impl Sink for Bytes {
    fn record(&mut self, _r: vireo_core::proto::Record) {}
    fn encoded(&mut self, f: &mut dyn FnMut(&mut Vec<u8>)) {
        self.0.clear();
        f(&mut self.0);
        self.1 += self.0.len();
    }
}

fn main() {
    let n = 200_000;
    let rows: Vec<TimedRow> = (0..n)
        .map(|i| TimedRow {
            row: Row {
                items: (0..10).map(|k| (format!("k{k}"), Value::Float(i as f64 * 1.1 + k as f64))).collect(),
                step: i,
            },
            commit_time: 1.7e9 + i as f64 * 0.001,
        })
        .collect();
    let mut h = Handler::new(1.7e9);
    let mut sink = Bytes(Vec::new(), 0);
    let t0 = Instant::now();
    for r in rows {
        h.on_row(r, &mut sink);
    }
    let t = t0.elapsed();
    println!("handler+encode: {:.2} us/row ({} bytes/row)", t.as_secs_f64() / n as f64 * 1e6, sink.1 / n as usize);
    let payload = vec![7u8; 230];
    let mut w = Writer::new(std::io::sink()).unwrap();
    let t0 = Instant::now();
    for _ in 0..3 * n {
        w.append(&payload).unwrap();
    }
    println!("framing 3 records: {:.2} us/row", t0.elapsed().as_secs_f64() / n as f64 * 1e6);
    let mut s = String::new();
    let t0 = Instant::now();
    for i in 0..12 * n {
        s.clear();
        vireo_core::json::write_float(&mut s, i as f64 * 1.1);
    }
    println!("12 floats: {:.2} us/row", t0.elapsed().as_secs_f64() / n as f64 * 1e6);
}
