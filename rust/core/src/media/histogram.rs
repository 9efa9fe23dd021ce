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
}

impl fmt::Display for HistogramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistogramError::NoBins => write!(f, "`bins` must be positive, when an integer"),
            HistogramError::NotFinite(a, b) => {
                write!(f, "autodetected range of [{}, {}] is not finite", py_float(*a), py_float(*b))
            }
            HistogramError::Reversed => write!(f, "max must be larger than min in range parameter."),
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
        format!("{x:?}")
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

fn workers(n: usize) -> usize {
    if n >= 1 << 18 {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8)
    } else {
        1
    }
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
            nan[j] |= v != v;
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
fn min_max(values: &[f64]) -> (f64, f64, bool) {
    let threads = workers(values.len());
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
fn outer_edges(values: &[f64], range: Option<(f64, f64)>) -> Result<(f64, f64), HistogramError> {
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
            let (lo, hi, nan) = min_max(values);
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

#[inline(always)]
fn bin_index(x: f64, edges: &[f64], lo: f64, norm: f64, last: usize) -> usize {
    let mut i = ((x - lo) * norm) as usize;
    if i > last {
        i = last;
    }
    // numpy's correction for rounding in the index computation
    if x < edges[i] {
        i = i.saturating_sub(1);
    } else if i != last && x >= edges[i + 1] {
        i += 1;
    }
    i
}

fn bin_chunk(values: &[f64], edges: &[f64], lo: f64, hi: f64, norm: f64, counts: &mut [u64]) {
    let bins = counts.len();
    let last = bins - 1;
    // four interleaved partial counts break the store->load dependency on hot bins
    let mut part = vec![0u32; bins * 4];
    let mut flushed = 0usize;
    let mut chunks = values.chunks_exact(4);
    for q in &mut chunks {
        for (lane, &x) in q.iter().enumerate() {
            // NaN fails both comparisons and is skipped, like numpy's `keep` mask.
            if x >= lo && x <= hi {
                part[lane * bins + bin_index(x, edges, lo, norm, last)] += 1;
            }
        }
        flushed += 4;
        if flushed >= (u32::MAX as usize) - 8 {
            for (j, c) in counts.iter_mut().enumerate() {
                *c += (part[j] + part[bins + j] + part[2 * bins + j] + part[3 * bins + j]) as u64;
            }
            part.iter_mut().for_each(|p| *p = 0);
            flushed = 0;
        }
    }
    for &x in chunks.remainder() {
        if x >= lo && x <= hi {
            part[bin_index(x, edges, lo, norm, last)] += 1;
        }
    }
    for (j, c) in counts.iter_mut().enumerate() {
        *c += part[j] as u64 + part[bins + j] as u64 + part[2 * bins + j] as u64 + part[3 * bins + j] as u64;
    }
}

/// Counts and edges of `values` in `bins` equal-width bins (numpy.histogram semantics).
pub fn histogram_f64(
    values: &[f64],
    bins: usize,
    range: Option<(f64, f64)>,
) -> Result<(Vec<u64>, Vec<f64>), HistogramError> {
    if bins == 0 {
        return Err(HistogramError::NoBins);
    }
    let (lo, hi) = outer_edges(values, range)?;
    let edges = linspace(lo, hi, bins + 1);
    let norm = bins as f64 / (hi - lo);
    let threads = workers(values.len());
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
        let (c, e) = histogram_f64(&vals, 10, None).unwrap();
        assert_eq!(c.iter().sum::<u64>(), 300_000);
        let mut single = vec![0u64; 10];
        let norm = 10.0 / (e[10] - e[0]);
        bin_chunk(&vals, &e, e[0], e[10], norm, &mut single);
        assert_eq!(c, single);
    }
}
