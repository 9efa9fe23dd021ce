"""``wandb.Histogram``: bin counts and edges, computed like ``numpy.histogram``.

float64 (and integer) data is binned by the Rust core (``_core.histogram_f64``: range found and
NaN/inf rejected with numpy's message, then binned; GIL released; identical counts and edges to
numpy's uniform-bin algorithm); other dtypes use ``numpy.histogram`` directly.
"""

from __future__ import annotations

import sys
from typing import Any, Optional, Sequence, Tuple

from .base_types.wb_value import WBValue

_EXACT_INT = 1 << 53


def _core_histogram() -> Any:
    try:
        from wandb import _core

        return getattr(_core, "histogram_f64", None)
    except Exception:  # pragma: no cover - extension missing
        return None


def _to_list(x: Any) -> Any:
    return x.tolist() if hasattr(x, "tolist") else x


def _bin(sequence: Any, num_bins: int) -> Tuple[list, list]:
    """``numpy.histogram(sequence, bins=num_bins)`` as two lists (counts, edges)."""
    import numpy as np

    fast = _core_histogram()
    arr = None
    if fast is not None and isinstance(num_bins, int) and not isinstance(num_bins, bool) and num_bins > 0:
        try:
            arr = np.asarray(sequence)
        except Exception:
            arr = None
    if arr is not None and arr.ndim >= 1 and arr.size > 0:
        kind = arr.dtype.kind
        if kind == "f" and arr.dtype.itemsize == 8:
            flat = np.ascontiguousarray(arr.reshape(-1), dtype=np.float64)
        elif kind in "iu" and arr.dtype.itemsize <= 8:
            lo, hi = arr.min(), arr.max()
            flat = (
                np.ascontiguousarray(arr.reshape(-1), dtype=np.float64)
                if -_EXACT_INT < int(lo) and int(hi) < _EXACT_INT else None
            )
        else:
            flat = None
        if flat is not None:
            # the core finds the range (min/max, NaN/inf check: numpy's ValueError) and bins it
            addr = flat.__array_interface__["data"][0]
            counts, edges = fast(addr, int(flat.size), num_bins)
            return list(counts), list(edges)
    counts, edges = np.histogram(sequence if arr is None else arr, bins=num_bins)
    return counts.tolist(), edges.tolist()


class Histogram(WBValue):
    """A histogram for W&B, computed like ``numpy.histogram``.

    Args:
        sequence: the values to bin.
        np_histogram: a precomputed ``(counts, bin_edges)`` pair, e.g. from ``np.histogram``.
        num_bins: number of bins (default 64, at most 512).

    Attributes:
        bins: the bin edges (one more than the counts).
        histogram: the count of values in each bin.
    """

    MAX_LENGTH: int = 512
    _log_type = "histogram"

    def __init__(
        self,
        sequence: Optional[Sequence] = None,
        np_histogram: Optional[Tuple[Any, Any]] = None,
        num_bins: int = 64,
    ) -> None:
        super().__init__()
        if np_histogram:
            if len(np_histogram) != 2:
                raise ValueError(
                    "Expected np_histogram to be a tuple of (values, bin_edges) or sequence to be specified"
                )
            self.histogram = _to_list(np_histogram[0])
            self.bins = _to_list(np_histogram[1])
        else:
            if sequence is None:
                raise ValueError("Histogram needs `sequence` (values to bin) or `np_histogram` (counts, edges)")
            if isinstance(num_bins, int) and num_bins > self.MAX_LENGTH:
                raise ValueError(
                    f"The maximum length of a histogram is {self.MAX_LENGTH} (num_bins={num_bins})"
                )
            if isinstance(num_bins, int) and not isinstance(num_bins, bool) and num_bins < 1:
                raise ValueError(f"num_bins must be a positive integer, got {num_bins}")
            if "numpy" not in sys.modules:
                try:
                    import numpy  # noqa: F401
                except ImportError as e:  # pragma: no cover
                    raise ImportError("Auto creation of histograms requires numpy") from e
            self.histogram, self.bins = _bin(sequence, num_bins)
        if len(self.histogram) > self.MAX_LENGTH:
            raise ValueError(f"The maximum length of a histogram is {self.MAX_LENGTH}")
        if len(self.histogram) + 1 != len(self.bins):
            raise ValueError("len(bins) must be len(histogram) + 1")

    def to_json(self, run: Any = None) -> dict:
        """``{"_type": "histogram", "values": counts, "bins": edges}``."""
        return {"_type": self._log_type, "values": self.histogram, "bins": self.bins}

    def __sizeof__(self) -> int:
        """Estimated size in bytes of the JSON form."""
        return int((sys.getsizeof(self.histogram) + sys.getsizeof(self.bins)) * 1.7)
