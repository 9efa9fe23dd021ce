"""wandb.Histogram: the same counts and edges as numpy.histogram (what wandb 0.21.3 uses)."""

from __future__ import annotations

import numpy as np
import pytest

import wandb
from wandb.sdk.data_types import histogram as hmod


def _np(data, bins=64):
    c, e = np.histogram(data, bins=bins)
    return c.tolist(), e.tolist()


@pytest.mark.parametrize("data", [
    np.random.default_rng(0).standard_normal(100_000),
    np.random.default_rng(1).uniform(-3, 7, 4097),
    np.arange(1000, dtype=np.int64),
    np.arange(1000, dtype=np.int32) % 17,
    np.random.default_rng(2).standard_normal(1000).astype(np.float32),
    np.full(10, 5.0),
    np.array([0.1, 0.2, 0.30000000000000004, 1e-300, 1e300]),
    [1, 2, 3, 4, 5, 5, 5],
    [0.5],
    np.random.default_rng(3).standard_normal((30, 40)),
])
@pytest.mark.parametrize("bins", [1, 7, 64, 512])
def test_same_as_numpy(data, bins):
    h = wandb.Histogram(data, num_bins=bins)
    counts, edges = _np(data, bins)
    assert h.histogram == counts
    assert h.bins == edges
    assert all(type(c) is int for c in h.histogram)
    assert all(type(e) is float for e in h.bins)


def test_rust_path_matches_numpy_when_available():
    if hmod._core_histogram() is None:
        pytest.skip("_core.histogram_f64 not built into this extension yet")
    rng = np.random.default_rng(5)
    for data in (rng.standard_normal(1_000_003), rng.uniform(0, 1, 999) * 1e-9, np.linspace(-1, 1, 65)):
        for bins in (3, 64, 500):
            h = wandb.Histogram(data, num_bins=bins)
            assert (h.histogram, h.bins) == _np(data, bins)


def test_np_histogram_input_and_json():
    hist = np.histogram([1, 2, 3], bins=3)
    h = wandb.Histogram(np_histogram=hist)
    assert h.to_json() == {"_type": "histogram", "values": [1, 1, 1], "bins": [1.0, 1 + 2 / 3, 1 + 4 / 3, 3.0]}
    h2 = wandb.Histogram(np_histogram=([1, 2], [0, 1, 2]))
    assert h2.histogram == [1, 2] and h2.bins == [0, 1, 2]


def test_errors():
    with pytest.raises(ValueError, match="maximum length of a histogram is 512"):
        wandb.Histogram([1, 2, 3], num_bins=513)
    with pytest.raises(ValueError, match="maximum length"):
        wandb.Histogram(np_histogram=(list(range(600)), list(range(601))))
    with pytest.raises(ValueError, match="len\\(bins\\) must be len\\(histogram\\) \\+ 1"):
        wandb.Histogram(np_histogram=([1, 2], [0, 1]))
    with pytest.raises(ValueError, match="np_histogram"):
        wandb.Histogram(np_histogram=([1], [0, 1], [2]))
    with pytest.raises(ValueError):
        wandb.Histogram([1.0, float("nan")])
    with pytest.raises(ValueError, match="sequence"):
        wandb.Histogram()
    with pytest.raises(ValueError, match="num_bins"):
        wandb.Histogram([1, 2], num_bins=0)


def _np_error(data) -> str:
    with pytest.raises(ValueError) as e:
        np.histogram(data, bins=64)
    return str(e.value)


@pytest.mark.parametrize("n", [10, 1_000_003])
def test_non_finite_errors_like_numpy(n):
    base = np.random.default_rng(6).standard_normal(n)
    for bad in (np.nan, np.inf, -np.inf):
        for pos in (0, n // 2, n - 1):
            data = base.copy()
            data[pos] = bad
            with pytest.raises(ValueError) as e:
                wandb.Histogram(data)
            assert str(e.value) == _np_error(data)
    both = base.copy()
    both[1], both[-1] = np.inf, -np.inf
    with pytest.raises(ValueError, match=r"autodetected range of \[-inf, inf\] is not finite"):
        wandb.Histogram(both)
    both[3] = np.nan
    with pytest.raises(ValueError, match=r"autodetected range of \[nan, nan\] is not finite"):
        wandb.Histogram(both)


def test_strided_fortran_and_signed_zero_inputs():
    rng = np.random.default_rng(7)
    big = rng.standard_normal((700, 900))
    for data in (big[::3, ::2], np.asfortranarray(big), big.T, np.array([-0.0, 0.0, 0.0, -0.0, 1.0]),
                 rng.standard_normal(600_000) * 1e-300, rng.standard_normal(600_000) + 1e6):
        for bins in (1, 64, 512):
            h = wandb.Histogram(data, num_bins=bins)
            assert (h.histogram, h.bins) == _np(data, bins)
