"""Turn values that ``run.log`` / ``run.summary`` / ``run.config`` receive into plain JSON data.

The Rust core encodes ``None``, ``bool``, ``int``, ``float``, ``str`` and dicts/lists of those
itself.  Everything else (numpy scalars and arrays, torch tensors, media objects, ...) goes
through :func:`make_converter`'s callable, which returns plain data or raises ``TypeError``.

Rules (wandb 0.21.3 behaviour):
- numpy scalar -> Python number (a non-float64 NaN becomes ``None``);
- array of 1 element -> scalar; up to 32 elements -> (nested) list; more -> a histogram
  ``{"_type": "histogram", "values": [...32 counts], "bins": [...33 edges]}``;
- torch tensors (duck-typed; torch is never imported here) -> as numpy arrays;
- bytes -> str, set -> list, Enum -> its name, datetime/date -> ISO text, callables -> "module.qualname".
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
from typing import Any, Callable

#: Arrays with more elements than this become histograms.
MAX_LIST_ELEMENTS = 32
HISTOGRAM_BINS = 32

_PLAIN_SCALARS = (str, bool, int, float, type(None))

#: Hooks for richer types (media, tables...): ``hook(key, value, step, run)`` returns the
#: plain-data form of ``value`` or ``NotImplemented`` when it does not handle it.
_hooks: list[Callable[[str, Any, int, Any], Any]] = []


#: Row hooks: ``hook(run, data) -> data`` rewrite a whole ``run.log`` dict before it is
#: encoded (custom charts turn ``{key: chart}`` into ``{key + "_table": table}`` plus config).
row_hooks: list[Callable[[Any, dict], dict]] = []


def register_row_hook(hook: Callable[[Any, dict], dict]) -> None:
    """Add a hook that rewrites each ``run.log`` dict (runs in registration order)."""
    if hook not in row_hooks:
        row_hooks.append(hook)


def register_hook(hook: Callable[[str, Any, int, Any], Any]) -> None:
    """Add a converter for extra types (used by media/data types). Later hooks win."""
    if hook not in _hooks:
        _hooks.insert(0, hook)


def _is_chart_object(value: Any) -> bool:
    """matplotlib/plotly figures, pandas frames and the pyplot module: media logged without
    any ``wandb`` data type having been imported yet."""
    import types

    if isinstance(value, types.ModuleType):
        return value.__name__.startswith("matplotlib")
    module = type(value).__module__ or ""
    return module.startswith(("matplotlib.", "plotly.", "pandas."))


def _typename(value: Any) -> str:
    cls = type(value)
    return f"{cls.__module__}.{cls.__name__}"


def _is_torch_tensor(value: Any) -> bool:
    name = _typename(value)
    return name.startswith("torch.") and ("Tensor" in name or "Parameter" in name)


def _torch_to_numpy_or_scalar(value: Any) -> Any:
    t = value.detach() if getattr(value, "requires_grad", False) else value
    if t.dim() == 0:
        return t.item()
    return t.cpu().numpy()


def _histogram(array: Any) -> dict:
    import numpy as np

    flat = np.asarray(array).ravel()
    if flat.dtype.kind != "f":  # float32 stays float32: its edges are float32, as wandb writes them
        flat = flat.astype(float)
    finite = flat[np.isfinite(flat)]
    counts, edges = np.histogram(finite, bins=HISTOGRAM_BINS)
    return {"_type": "histogram", "values": counts.tolist(), "bins": edges.tolist()}


def _numpy_scalar(value: Any) -> Any:
    item = value.item()
    if isinstance(item, float) and math.isnan(item):
        return None
    if not isinstance(item, _PLAIN_SCALARS) and getattr(value, "dtype", None) is not None:
        kind = value.dtype.kind
        if kind == "f":
            return float(value)
        if kind == "c":
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return _simple(item)  # datetime64 -> date/datetime -> ISO text, as wandb logs it


def _numpy_array(array: Any) -> Any:
    if array.size == 1:
        return _numpy_scalar(array.reshape(-1)[0])
    if array.size <= MAX_LIST_ELEMENTS:
        if array.dtype.kind in "fiub":
            return array.tolist()
        return [plain(v) for v in array.tolist()]
    return _histogram(array)


def plain(value: Any, *, key: str = "", step: int = 0, run: Any = None) -> Any:
    """Return ``value`` as plain JSON-able Python data (recursively), or raise ``TypeError``."""
    if isinstance(value, _PLAIN_SCALARS):
        return value
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            ks = k if isinstance(k, str) else str(_simple(k))
            # wandb names summary media by the dotted path, history media by the leaf key
            child = f"{key}.{ks}" if step == "summary" and key else ks
            out[ks] = plain(v, key=child, step=step, run=run)
        return out
    if isinstance(value, (list, tuple)):
        if _hooks and value and not isinstance(value[0], _PLAIN_SCALARS):
            for hook in _hooks:  # lists of media become one descriptor (images/separated...)
                out = hook(key, value, step, run)
                if out is not NotImplemented:
                    return plain(out, key=key, step=step, run=run)
        return [plain(v, key=key, step=step, run=run) for v in value]
    if not _hooks and _is_chart_object(value):
        import wandb.sdk.data_types  # noqa: F401  (registers the media hook)
    for hook in _hooks:
        out = hook(key, value, step, run)
        if out is not NotImplemented:
            return plain(out, key=key, step=step, run=run)
    to_json = getattr(value, "to_json", None)
    if to_json is not None and hasattr(value, "_log_type"):
        # wandb data types describe themselves; media first write their file into the run
        bind = getattr(value, "bind_to_run", None)
        if bind is not None and run is not None:
            bind(run, key, step)
        return plain(to_json(run), key=key, step=step, run=run)
    if _is_torch_tensor(value):
        value = _torch_to_numpy_or_scalar(value)
        if isinstance(value, _PLAIN_SCALARS):
            return value
    module = type(value).__module__
    if module == "numpy" or module.startswith("numpy."):
        import numpy as np

        if isinstance(value, np.ndarray):
            return _numpy_array(value)
        if isinstance(value, np.generic):
            return _numpy_scalar(value)
    return _simple(value)


def _simple(value: Any) -> Any:
    if isinstance(value, _PLAIN_SCALARS):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    if isinstance(value, (set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if hasattr(value, "__array__") and hasattr(value, "shape"):  # jax, tf eager, cupy...
        import numpy as np

        return _numpy_array(np.asarray(value))
    if callable(value):
        if hasattr(value, "__qualname__") and hasattr(value, "__module__"):
            return f"{value.__module__}.{value.__qualname__}"
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def make_converter(run: Any = None) -> Callable[[str, Any, int], Any]:
    """The ``converter`` passed to ``_core.Stream``: ``(key, value, step) -> plain data``.

    A failure raises ``TypeError`` naming the key (nothing of that ``log`` call is applied).
    """

    def convert(key: str, value: Any, step: int) -> Any:
        try:
            return plain(value, key=key, step=step, run=run)
        except TypeError as e:
            raise TypeError(f"{e} (logged under key {key!r})") from None

    return convert


def _array_stats(array: Any) -> dict:
    """Statistics wandb keeps in the summary for an array too large to store whole."""
    import numpy as np

    flat = np.asarray(array).reshape(-1)
    stats = {"_type": "numpy.ndarray"}
    if flat.dtype.kind in "fiub":
        num = flat.astype(float) if flat.dtype.kind == "b" else flat
        stats.update(
            var=float(np.var(num)),
            mean=float(np.mean(num)),
            min=num.min().item(),
            max=num.max().item(),
        )
        for q in (10, 25, 75, 90):
            stats[f"{q}%"] = float(np.percentile(num, q))
    stats["size"] = int(flat.size)
    return stats


def summary_value(value: Any) -> Any:
    """Prepare a value for an explicit summary write: arrays with more than
    ``MAX_LIST_ELEMENTS`` elements become statistics (history keeps histograms)."""
    if isinstance(value, dict):
        return {k: summary_value(v) for k, v in value.items()}
    if _is_torch_tensor(value):
        value = _torch_to_numpy_or_scalar(value)
    module = type(value).__module__
    if module == "numpy" or module.startswith("numpy."):
        import numpy as np

        if isinstance(value, np.ndarray) and value.size > MAX_LIST_ELEMENTS:
            return _array_stats(value)
    return value


def to_json(value: Any, *, key: str = "", run: Any = None, step: Any = None) -> str:
    """Python ``json.dumps`` text (default separators) of ``value`` after conversion.

    Used for config and explicit summary items (notes §3: Python-produced JSON).
    NaN/Infinity are written as the bare tokens wandb writes. With a ``run`` (explicit
    summary writes) media are stored as ``<key>_summary_<hash>`` files, ``key`` being the
    dotted summary path, as wandb names them.
    """
    import json

    if step is None:
        step = "summary" if run is not None else 0
    try:
        data = plain(value, key=key, step=step, run=run)
    except TypeError as e:
        raise TypeError(f"{e} (key {key!r})" if key else str(e)) from None
    return json.dumps(data)

