"""Thin wrappers over the media functions of ``wandb._core`` (PNG encoding, histograms).

numpy arrays are passed to Rust as (address, length) of a C-contiguous buffer; the wrappers
make the array contiguous first and keep it alive for the call.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple


def _core() -> Any:
    try:
        from wandb import _core
    except ImportError:  # pragma: no cover - extension missing
        return None
    return _core if hasattr(_core, "encode_png") else None


def write_png(path: str, pixels: Any, level: int = 0) -> Optional[Tuple[str, int]]:
    """Encode a uint8 H×W or H×W×C (C in 1..4) array as PNG at ``path``.

    Returns ``(sha256_hex, size)``, or ``None`` when the extension is unavailable.
    """
    core = _core()
    if core is None:
        return None
    import numpy as np

    arr = np.ascontiguousarray(pixels, dtype=np.uint8)
    if arr.ndim == 2:
        h, w = arr.shape
        c = 1
    else:
        h, w, c = arr.shape
    addr = arr.__array_interface__["data"][0]
    return core.encode_png(path, addr, w, h, c, arr.nbytes, level)


def histogram(values: Any, bins: int = 64, range: Optional[Sequence[float]] = None) -> Tuple[list, list]:
    """``numpy.histogram(values, bins, range)`` as ``(counts, edges)`` lists, computed in Rust.

    Falls back to numpy when the extension is unavailable. Raises ``ValueError`` like numpy
    for non-finite autodetected ranges.
    """
    import numpy as np

    arr = np.ascontiguousarray(np.asarray(values, dtype=np.float64).reshape(-1))
    core = _core()
    if core is None:
        counts, edges = np.histogram(arr, bins=bins, range=range)
        return counts.tolist(), edges.tolist()
    rng = None if range is None else (float(range[0]), float(range[1]))
    addr = arr.__array_interface__["data"][0] if arr.size else b""
    return core.histogram_f64(addr, int(arr.size), int(bins), rng)
