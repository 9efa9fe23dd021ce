"""JSON forms of table cells, converted a column at a time.

Two forms exist, as in wandb 0.21.3:

- the run file ``media/table/<key>_<step>_<hash>.table.json``: ``{"columns": [...], "data": [...]}``
  with numpy arrays as lists, media cells as their class name, numpy scalars as Python values
  (a non-float64 NaN becomes null), dates as ISO text;
- the artifact entry ``<key>.table.json``: cells through ``to_json(artifact)`` for media, dates as
  epoch milliseconds, every float NaN as null.

Columns whose values are all plain JSON scalars are passed through untouched, so the common case
costs one ``json.dumps`` with the C encoder.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import math
from decimal import Decimal
from typing import Any, Callable, Dict, List, Sequence

_PLAIN = (str, int, bool, type(None))


def _is_media(v: Any) -> bool:
    from .base_types.media import Media

    return isinstance(v, Media)


def _is_wbvalue(v: Any) -> bool:
    from .base_types.wb_value import WBValue

    return isinstance(v, WBValue)


def _numpy_mod(v: Any) -> bool:
    mod = type(v).__module__ or ""
    return mod == "numpy" or mod.startswith("numpy.")


# ------------------------------------------------------------------ run file

def run_default(obj: Any) -> Any:
    """``default`` hook of the run-file encoder (wandb's friendly conversions)."""
    if hasattr(obj, "json_encode"):
        return obj.json_encode()
    mod = type(obj).__module__ or ""
    if mod.startswith("torch"):
        t = obj.detach() if getattr(obj, "requires_grad", False) else obj
        if t.dim() == 0:
            return t.item()
        obj = t.cpu().numpy()
        mod = "numpy"
    if mod == "numpy" or mod.startswith("numpy."):
        if hasattr(obj, "ndim") and type(obj).__name__ == "ndarray":
            if obj.size == 1:
                return run_default(obj.reshape(-1)[0])
            return obj.tolist()
        item = obj.item()
        if isinstance(item, float) and math.isnan(item):
            return None
        kind = getattr(getattr(obj, "dtype", None), "kind", "")
        if kind == "f" and not isinstance(item, float):
            return float(obj)
        return item
    if isinstance(obj, (bytes, bytearray)):
        return bytes(obj).decode("utf-8")
    if isinstance(obj, (_dt.datetime, _dt.date)):
        return obj.isoformat()
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    if isinstance(obj, enum.Enum):
        return obj.name
    if callable(obj):
        if hasattr(obj, "__qualname__") and hasattr(obj, "__module__"):
            return f"{obj.__module__}.{obj.__qualname__}"
        return str(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def run_cell(v: Any) -> Any:
    """A cell as the run file holds it (before JSON encoding)."""
    if v.__class__ in _PLAIN or v.__class__ is float:
        return v
    if isinstance(v, dict):
        return {k: run_cell(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [run_cell(x) for x in v]
    if _numpy_mod(v) and type(v).__name__ == "ndarray":
        items = v.tolist() if v.ndim > 0 else [v.tolist()]
        return [run_cell(x) for x in items]
    if _is_media(v):
        return type(v).__name__
    return v


def _plain_classes(classes: set) -> bool:
    for cls in classes:
        if cls not in _PLAIN and cls is not float and not issubclass(cls, (str, int)):
            return False
        if cls is not float and issubclass(cls, float):
            return False
    return True


def convert_rows(rows: List[List[Any]], ncols: int, cell: Callable[[Any], Any],
                 plain_ok: Callable[[int, set, List[Any]], bool]) -> List[List[Any]]:
    """Rows with every column that is not plain converted by ``cell`` (column at a time)."""
    if not rows:
        return rows
    columns = list(zip(*rows)) if ncols else []
    changed = False
    out_cols: List[Sequence[Any]] = []
    for ndx, col in enumerate(columns):
        classes = set(map(type, col))
        if plain_ok(ndx, classes, col):  # type: ignore[arg-type]
            out_cols.append(col)
        else:
            out_cols.append([cell(v) for v in col])
            changed = True
    if not changed:
        return rows
    return [list(r) for r in zip(*out_cols)]


def run_file_text(columns: List[Any], rows: List[List[Any]]) -> str:
    """Text of the run file ``{"columns": [...], "data": [...]}`` (Python json default format)."""
    data = convert_rows(rows, len(columns), run_cell, lambda i, classes, col: _plain_classes(classes))
    return json.dumps({"columns": [run_cell(c) for c in columns], "data": data}, default=run_default)


# ------------------------------------------------------------------ artifact entry

def _friendly_scalar(v: Any) -> Any:
    if v.__class__ is float and v != v:
        return None
    try:
        return run_default(v)
    except TypeError:
        return v


def artifact_cell(v: Any, artifact: Any) -> Any:
    """A cell as the artifact's table JSON holds it."""
    cls = v.__class__
    if cls in _PLAIN:
        return v
    if cls is float:
        return None if v != v else v
    if _is_wbvalue(v):
        return v.to_json(artifact)
    if cls is dict:
        return {k: artifact_cell(x, artifact) for k, x in v.items()}
    if hasattr(v, "tolist"):
        py = v.tolist()
        if cls.__name__ == "datetime64" and isinstance(py, int):
            return artifact_cell(py / int(1e6), artifact)  # nanoseconds -> milliseconds
        return artifact_cell(py, artifact)
    if hasattr(v, "item"):
        return artifact_cell(v.item(), artifact)
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=_dt.timezone.utc)
        return int(v.timestamp() * 1000)
    if isinstance(v, _dt.date):
        return int(_dt.datetime(v.year, v.month, v.day, tzinfo=_dt.timezone.utc).timestamp() * 1000)
    if isinstance(v, (list, tuple)):
        return [artifact_cell(x, artifact) for x in v]
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (set, frozenset)):
        return tuple(v)
    return _friendly_scalar(v)


def artifact_rows(rows: List[List[Any]], ncols: int, artifact: Any,
                  skip_cols: Dict[int, Any]) -> List[List[Any]]:
    """Rows for the artifact JSON; columns in ``skip_cols`` become null (stored in an .npz)."""
    def plain_ok(ndx: int, classes: set, col: List[Any]) -> bool:
        if ndx in skip_cols:
            return False
        if not classes <= {str, int, bool, type(None), float}:
            return False
        if float in classes:
            return not any(v != v for v in col if v.__class__ is float)
        return True

    def cell(v: Any) -> Any:
        return artifact_cell(v, artifact)

    if not skip_cols:
        return convert_rows(rows, ncols, cell, plain_ok)
    out = []
    for r in rows:
        out.append([None if i in skip_cols else artifact_cell(v, artifact) for i, v in enumerate(r)])
    return out
