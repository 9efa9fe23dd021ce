//! Times the sender's local phases on a log file: read+decode+fold, and batch building.
//! `cargo run --release -p vireo_core --example sender_phases -- <run.wandb>`
use std::time::Instant;
use vireo_core::proto::Record;
use vireo_core::sender::state::StreamState;
use vireo_core::sender::tail::Tail;

fn main() {
    let path = std::env::args().nth(1).expect("path");
    let t = Instant::now();
    let mut tail = Tail::open(&path).unwrap();
    let mut n = 0;
    let mut st = StreamState::new(0, 0);
    let mut decode = std::time::Duration::ZERO;
    let mut apply = std::time::Duration::ZERO;
    tail.poll(true, u64::MAX, &mut |b| {
        let t0 = Instant::now();
        let r = Record::decode_bytes(b).unwrap();
        let t1 = Instant::now();
        st.apply(&r);
        apply += t1.elapsed();
        decode += t1 - t0;
        n += 1;
    })
    .unwrap();
    println!("records {n} total {:?} decode {:?} apply {:?}", t.elapsed(), decode, apply);
    let t = Instant::now();
    let mut batches = 0;
    while st.has_pending() {
        let b = st.batch(None);
        st.ack(&b);
        batches += 1;
    }
    println!("batches {batches} in {:?}", t.elapsed());
}
