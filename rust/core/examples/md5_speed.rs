//! MD5 throughput per CPU-second of one thread: the md-5 crate, our `md5fast`, and the backend
//! `md5impl` picks (`VIREO_MD5=openssl` selects OpenSSL). Timing lives here, not in tests.
//!
//! `cargo run --release -p vireo_core --example md5_speed`

use md5::{Digest, Md5};
use vireo_core::artifacts::{md5fast, md5impl};

const MIB: usize = 1 << 20;
const ROUNDS: usize = 512;

fn thread_cpu_s() -> f64 {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut ru) };
    ru.ru_utime.tv_sec as f64 + ru.ru_utime.tv_usec as f64 * 1e-6
}

/// MB hashed per CPU-second by `update` over ROUNDS passes of a 1 MiB buffer.
fn rate(buf: &[u8], mut update: impl FnMut(&[u8])) -> f64 {
    let t = thread_cpu_s();
    for _ in 0..ROUNDS {
        update(buf);
    }
    ROUNDS as f64 * MIB as f64 / 1e6 / (thread_cpu_s() - t)
}

fn main() {
    let buf: Vec<u8> = (0..MIB).map(|i| (i as u32).wrapping_mul(2654435761) as u8).collect();
    let mut crate_h = Md5::new();
    let crate_rate = rate(&buf, |b| crate_h.update(b));
    std::hint::black_box(crate_h.finalize());
    let mut fast_h = md5fast::Md5::new();
    let fast_rate = rate(&buf, |b| fast_h.update(b));
    std::hint::black_box(fast_h.finalize());
    let mut impl_h = md5impl::Md5::new();
    let impl_rate = rate(&buf, |b| impl_h.update(b));
    std::hint::black_box(impl_h.finalize());
    println!(
        "MD5 MB per CPU-second: md-5 crate {crate_rate:.0}, md5fast {fast_rate:.0}, backend {} {impl_rate:.0}",
        md5impl::backend()
    );
}
