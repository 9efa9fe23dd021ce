//! A tiny scoped worker pool: `n` std threads pull task indices from a shared counter.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Run `f(&mut state, i)` for every `i` in `0..n_tasks` on up to `threads` scoped threads,
/// each with its own `init()` state (e.g. a read buffer). Tasks are taken in index order
/// (sort them beforehand to schedule the big ones first).
pub fn run<S, I, F>(threads: usize, n_tasks: usize, init: I, f: F)
where
    I: Fn() -> S + Sync,
    F: Fn(&mut S, usize) + Sync,
{
    let workers = threads.max(1).min(n_tasks);
    if workers == 0 {
        return;
    }
    if workers == 1 {
        let mut st = init();
        (0..n_tasks).for_each(|i| f(&mut st, i));
        return;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let mut st = init();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n_tasks {
                        break;
                    }
                    f(&mut st, i);
                }
            });
        }
    });
}
