//! Histogram binning with `numpy.histogram` semantics for equal-width bins.
//!
//! Edges are `linspace(lo, hi, bins + 1)`; every bin is half-open `[e_i, e_{i+1})` except the
//! last, which is closed. Without a range the data's min/max are used (widened by 0.5 on each
//! side when they are equal). Values outside the range (and NaN with an explicit range) are
//! ignored, exactly as numpy ignores them.

use std::fmt;

/// Why a histogram could not be computed (the messages follow numpy's).
#[derive(Debug, Clone, PartialEq)]
pub enum HistogramError {
    /// `bins` was 0.
    NoBins,
    /// The range (given or autodetected) has a non-finite end.
    NotFinite(f64, f64),
    /// A given range with `min > max`.
    Reversed,
    /// More bins than this implementation supports (`i32::MAX`).
    TooManyBins(usize),
}

impl fmt::Display for HistogramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistogramError::NoBins => write!(f, "`bins` must be positive, when an integer"),
            HistogramError::NotFinite(a, b) => {
                write!(f, "autodetected range of [{}, {}] is not finite", py_float(*a), py_float(*b))
            }
            HistogramError::Reversed => write!(f, "max must be larger than min in range parameter."),
            HistogramError::TooManyBins(n) => write!(f, "`bins` must be at most {}, got {n}", i32::MAX),
        }
    }
}

impl std::error::Error for HistogramError {}

fn py_float(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        // Rust's `{:?}` picks the same shortest digits as Python's repr; only the exponent
        // spelling differs (`1e20` vs `1e+20`, `1e-7` vs `1e-07`).
        let s = format!("{x:?}");
        match s.split_once('e') {
            Some((mant, exp)) => {
                let (sign, digits) = match exp.strip_prefix('-') {
                    Some(d) => ('-', d),
                    None => ('+', exp),
                };
                format!("{mant}e{sign}{digits:0>2}")
            }
            None => s,
        }
    }
}

/// `numpy.linspace(lo, hi, n)` (endpoint included, computed as numpy does: `i * step + lo`).
pub fn linspace(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![lo];
    }
    let div = (n - 1) as f64;
    let delta = hi - lo;
    let step = delta / div;
    let mut out: Vec<f64> = if step == 0.0 {
        (0..n).map(|i| (i as f64) / div * delta + lo).collect()
    } else {
        (0..n).map(|i| (i as f64) * step + lo).collect()
    };
    out[n - 1] = hi;
    out
}

/// Threads for `n` values: one per 256k values, at most 8, and none extra on machines with
/// fewer than 4 CPUs (there a second thread mostly waits for a busy core, and makes the call
/// slower when the machine is loaded).
fn workers(n: usize) -> usize {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    if cpus < 4 || n < 1 << 19 {
        return 1;
    }
    cpus.min(8).min(n >> 18).max(1)
}

/// (min, max, saw NaN) of one slice (eight independent lanes so the loop vectorizes).
fn min_max_chunk(values: &[f64]) -> (f64, f64, bool) {
    let mut lo = [f64::INFINITY; 8];
    let mut hi = [f64::NEG_INFINITY; 8];
    let mut nan = [false; 8];
    let mut chunks = values.chunks_exact(8);
    for c in &mut chunks {
        for j in 0..8 {
            let v = c[j];
            lo[j] = if v < lo[j] { v } else { lo[j] };
            hi[j] = if v > hi[j] { v } else { hi[j] };
            nan[j] |= v.is_nan();
        }
    }
    let (mut l, mut h, mut n) = (f64::INFINITY, f64::NEG_INFINITY, nan.iter().any(|&x| x));
    for j in 0..8 {
        l = l.min(lo[j]);
        h = h.max(hi[j]);
    }
    for &v in chunks.remainder() {
        n |= v.is_nan();
        l = l.min(v);
        h = h.max(v);
    }
    (l, h, n)
}

/// (min, max, saw NaN), split over threads for large inputs.
fn min_max(values: &[f64], threads: usize) -> (f64, f64, bool) {
    if threads <= 1 {
        return min_max_chunk(values);
    }
    let chunk = values.len().div_ceil(threads);
    std::thread::scope(|s| {
        let hs: Vec<_> = values.chunks(chunk).map(|part| s.spawn(move || min_max_chunk(part))).collect();
        hs.into_iter()
            .map(|h| h.join().expect("min/max worker"))
            .fold((f64::INFINITY, f64::NEG_INFINITY, false), |(a, b, n), (c, d, m)| (a.min(c), b.max(d), n | m))
    })
}

/// Outer edges as numpy's `_get_outer_edges`.
fn outer_edges(values: &[f64], range: Option<(f64, f64)>, threads: usize) -> Result<(f64, f64), HistogramError> {
    let (mut lo, mut hi) = match range {
        Some((a, b)) => {
            if a > b {
                return Err(HistogramError::Reversed);
            }
            if !(a.is_finite() && b.is_finite()) {
                return Err(HistogramError::NotFinite(a, b));
            }
            (a, b)
        }
        None if values.is_empty() => (0.0, 1.0),
        None => {
            let (lo, hi, nan) = min_max(values, threads);
            if nan {
                return Err(HistogramError::NotFinite(f64::NAN, f64::NAN));
            }
            if !(lo.is_finite() && hi.is_finite()) {
                return Err(HistogramError::NotFinite(lo, hi));
            }
            (lo, hi)
        }
    };
    if lo == hi {
        lo -= 0.5;
        hi += 0.5;
    }
    Ok((lo, hi))
}

/// Bin of `x` (with `lo <= x <= hi`) by numpy's rule: the scaled index, corrected by one step
/// against the actual edges when rounding put it on the wrong side of one.
#[inline(always)]
fn exact_bin(x: f64, edges: &[f64], lo: f64, norm: f64, last: usize) -> usize {
    let f = ((x - lo) * norm).max(0.0).min(last as f64);
    // SAFETY: `f` is finite and in [0, last], and `last < 2^31` (checked by `histogram_f64`)
    let mut i = unsafe { f.to_int_unchecked::<i32>() } as usize;
    i -= (x < edges[i] && i > 0) as usize;
    i += (i != last && x >= edges[i + 1]) as usize;
    i
}

/// How close (in bin units) to an edge the scaled index may be wrong: rounding of `x - lo`,
/// of the product, and of the edges themselves, with a wide margin.
fn edge_tolerance(lo: f64, hi: f64, norm: f64, bins: usize) -> f64 {
    let scale = lo.abs().max(hi.abs()) * norm + bins as f64;
    (64.0 * f64::EPSILON * scale).max(1e-12)
}

/// Values per block of the two-phase loop (indices computed vectorized, then counted).
const BLOCK: usize = 512;

fn bin_chunk(values: &[f64], edges: &[f64], lo: f64, hi: f64, norm: f64, counts: &mut [u64]) {
    let bins = counts.len();
    let last = bins - 1;
    let last_f = last as f64;
    let tol = edge_tolerance(lo, hi, norm, bins);
    // four interleaved partial counts break the store->load dependency on hot bins
    let mut part = vec![0u32; bins * 4];
    let flush = |part: &mut [u32], counts: &mut [u64]| {
        for (j, c) in counts.iter_mut().enumerate() {
            *c += part[j] as u64 + part[bins + j] as u64 + part[2 * bins + j] as u64 + part[3 * bins + j] as u64;
        }
        part.iter_mut().for_each(|p| *p = 0);
    };
    let mut idx = [0u32; BLOCK];
    let mut sure = [false; BLOCK];
    // each outer block adds at most its length to one u32 lane
    for outer in values.chunks(1 << 30) {
        for block in outer.chunks(BLOCK) {
            // phase 1 (branch-free, vectorizes): scaled index, and whether it is certainly right:
            // not within `tol` of an edge and below the last bin. Values below `lo`, above `hi`
            // and NaN clamp to 0 or `last` and are never "sure".
            for ((x, i), ok) in block.iter().zip(idx.iter_mut()).zip(sure.iter_mut()) {
                let f = ((x - lo) * norm).max(0.0).min(last_f);
                // SAFETY: `f` is finite and in [0, last] with `last < 2^31`
                let fi = unsafe { f.to_int_unchecked::<i32>() };
                let frac = f - fi as f64;
                *i = fi as u32;
                *ok = (frac > tol) & (frac < 1.0 - tol) & (f < last_f);
            }
            // phase 2: count; the rare unsure values get numpy's exact treatment (values
            // outside [lo, hi] and NaN, which fails both comparisons, are dropped like numpy's
            // `keep` mask)
            for (k, &x) in block.iter().enumerate() {
                let lane = (k & 3) * bins;
                if sure[k] {
                    part[lane + idx[k] as usize] += 1;
                } else if x >= lo && x <= hi {
                    part[lane + exact_bin(x, edges, lo, norm, last)] += 1;
                }
            }
        }
        flush(&mut part, counts);
    }
}

/// Counts and edges of `values` in `bins` equal-width bins (numpy.histogram semantics).
pub fn histogram_f64(
    values: &[f64],
    bins: usize,
    range: Option<(f64, f64)>,
) -> Result<(Vec<u64>, Vec<f64>), HistogramError> {
    histogram_threads(values, bins, range, workers(values.len()))
}

fn histogram_threads(
    values: &[f64],
    bins: usize,
    range: Option<(f64, f64)>,
    threads: usize,
) -> Result<(Vec<u64>, Vec<f64>), HistogramError> {
    if bins == 0 {
        return Err(HistogramError::NoBins);
    }
    if bins > i32::MAX as usize {
        return Err(HistogramError::TooManyBins(bins));
    }
    let (lo, hi) = outer_edges(values, range, threads)?;
    let edges = linspace(lo, hi, bins + 1);
    let norm = bins as f64 / (hi - lo);
    let mut counts = vec![0u64; bins];
    if threads <= 1 {
        bin_chunk(values, &edges, lo, hi, norm, &mut counts);
    } else {
        let chunk = values.len().div_ceil(threads);
        let partials: Vec<Vec<u64>> = std::thread::scope(|s| {
            let handles: Vec<_> = values
                .chunks(chunk)
                .map(|part| {
                    let edges = &edges;
                    s.spawn(move || {
                        let mut c = vec![0u64; bins];
                        bin_chunk(part, edges, lo, hi, norm, &mut c);
                        c
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("histogram worker")).collect()
        });
        for p in partials {
            for (c, v) in counts.iter_mut().zip(p) {
                *c += v;
            }
        }
    }
    Ok((counts, edges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_bins_last_closed() {
        let (c, e) = histogram_f64(&[0.0, 1.0, 2.0, 3.0], 3, None).unwrap();
        assert_eq!(c, vec![1, 1, 2]);
        assert_eq!(e, vec![0.0, 1.0, 2.0, 3.0]);
    }

    #[test]
    fn equal_values_widen_range() {
        let (c, e) = histogram_f64(&[5.0, 5.0], 2, None).unwrap();
        assert_eq!(e, vec![4.5, 5.0, 5.5]);
        assert_eq!(c, vec![0, 2]);
    }

    #[test]
    fn explicit_range_drops_outside_and_nan() {
        let (c, e) = histogram_f64(&[-1.0, 0.0, 0.5, 1.0, 2.0, f64::NAN], 2, Some((0.0, 1.0))).unwrap();
        assert_eq!(e, vec![0.0, 0.5, 1.0]);
        assert_eq!(c, vec![1, 2]);
    }

    #[test]
    fn errors() {
        assert_eq!(histogram_f64(&[1.0], 0, None), Err(HistogramError::NoBins));
        assert!(matches!(histogram_f64(&[1.0, f64::NAN], 4, None), Err(HistogramError::NotFinite(..))));
        assert!(matches!(histogram_f64(&[1.0, f64::INFINITY], 4, None), Err(HistogramError::NotFinite(..))));
        assert_eq!(histogram_f64(&[1.0], 4, Some((2.0, 1.0))), Err(HistogramError::Reversed));
    }

    #[test]
    fn non_finite_messages_match_numpy() {
        let e = histogram_f64(&[1.0, f64::NAN, 2.0], 4, None).unwrap_err();
        assert_eq!(e.to_string(), "autodetected range of [nan, nan] is not finite");
        let e = histogram_f64(&[1.0, f64::INFINITY], 4, None).unwrap_err();
        assert_eq!(e.to_string(), "autodetected range of [1.0, inf] is not finite");
        let e = histogram_f64(&[f64::NEG_INFINITY, 1e20], 4, None).unwrap_err();
        assert_eq!(e.to_string(), "autodetected range of [-inf, 1e+20] is not finite");
        assert_eq!(py_float(1e-7), "1e-07");
        assert_eq!(py_float(0.25), "0.25");
    }

    #[test]
    fn autodetected_range_matches_explicit_min_max() {
        let vals: Vec<f64> = (0..700_001u64).map(|i| (((i * 2654435761) % 1_000_003) as f64).sin() * 3.0).collect();
        let lo = vals.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(histogram_f64(&vals, 64, None).unwrap(), histogram_f64(&vals, 64, Some((lo, hi))).unwrap());
    }

    #[test]
    fn fast_index_agrees_with_edge_search() {
        // values on and next to every edge, with offsets and narrow ranges that stress rounding
        for &(lo, hi, bins) in &[(0.0, 1.0, 10usize), (1e6, 1e6 + 1e-6, 64), (-3.3, 7.1, 512), (0.1, 0.7, 3)] {
            let edges = linspace(lo, hi, bins + 1);
            let norm = bins as f64 / (hi - lo);
            let mut vals = Vec::new();
            for &e in &edges {
                vals.extend([e, e.next_up(), e.next_down()]);
            }
            let (c, _) = histogram_f64(&vals, bins, Some((lo, hi))).unwrap();
            let mut want = vec![0u64; bins];
            for &x in &vals {
                if x >= lo && x <= hi {
                    let k = edges.partition_point(|&e| e <= x).saturating_sub(1).min(bins - 1);
                    want[k] += 1;
                }
            }
            assert_eq!(c, want, "lo={lo} hi={hi} bins={bins} norm={norm}");
        }
    }

    #[test]
    fn empty_input_uses_unit_range() {
        let (c, e) = histogram_f64(&[], 2, None).unwrap();
        assert_eq!(c, vec![0, 0]);
        assert_eq!(e, vec![0.0, 0.5, 1.0]);
    }

    #[test]
    fn edges_like_numpy_linspace() {
        // numpy.linspace(0, 1, 11)[3] == 0.30000000000000004
        let e = linspace(0.0, 1.0, 11);
        assert_eq!(e[3], 0.30000000000000004);
        assert_eq!(e[10], 1.0);
    }

    #[test]
    fn values_on_inner_edges_go_right_and_threads_agree() {
        let vals: Vec<f64> = (0..300_000u64).map(|i| ((i * 7919) % 1000) as f64 / 10.0).collect();
        let (c, e) = histogram_threads(&vals, 10, None, 3).unwrap();
        assert_eq!(c.iter().sum::<u64>(), 300_000);
        assert_eq!((c.clone(), e.clone()), histogram_f64(&vals, 10, None).unwrap());
        assert_eq!(min_max(&vals, 3), min_max(&vals, 1));
        let mut single = vec![0u64; 10];
        let norm = 10.0 / (e[10] - e[0]);
        bin_chunk(&vals, &e, e[0], e[10], norm, &mut single);
        assert_eq!(c, single);
    }
}
