"""Conversion of logged values (history rows, summary values) holding wandb data types to JSON."""

from __future__ import annotations

import logging
import os
import types
from typing import Any, Optional, Sequence, Union

from .base_types.media import BatchableMedia, Media
from .base_types.wb_value import WBValue

_TABLE_TYPES = ("table", "partitioned-table", "joined-table")


def _typename(val: Any) -> str:
    if isinstance(val, types.ModuleType):
        return val.__name__  # a module (e.g. matplotlib.pyplot logged as is)
    cls = type(val)
    return f"{cls.__module__}.{cls.__name__}"


def _is_pandas_df(typename: str) -> bool:
    return typename.startswith("pandas.") and typename.endswith("DataFrame")


def _is_plot_typename(typename: str) -> bool:
    return typename.startswith("matplotlib.") or typename.startswith("plotly.")


def _server_accepts_image_filenames(run: Any) -> bool:
    """Hash-named files in lists of media (every server we talk to accepts them)."""
    return True


def history_dict_to_json(run: Any, payload: dict, step: Optional[Union[int, str]] = None,
                         ignore_copy_err: Optional[bool] = None) -> dict:
    """Convert the values of a history row (in place) to JSON-friendly data; returns the row."""
    if step is None:
        step = payload["_step"]
    for key in list(payload):
        val = payload[key]
        if isinstance(val, dict):
            payload[key] = history_dict_to_json(run, val, step=step, ignore_copy_err=ignore_copy_err)
        else:
            payload[key] = val_to_json(run, key, val, namespace=step, ignore_copy_err=ignore_copy_err)
    return payload


def _log_table_artifact(val: Any, key: str, run: Any) -> None:
    """Tables logged to a run also become a ``run_table`` artifact (implemented by table.py)."""
    try:
        from . import table as _table
    except ImportError:
        return
    fn = getattr(_table, "_log_table_artifact", None)
    if fn is not None:
        fn(val, key, run)


def _prune_max_seq(seq: Sequence[BatchableMedia]) -> Sequence[BatchableMedia]:
    max_items = getattr(seq[0], "MAX_ITEMS", None)
    if max_items is not None and max_items < len(seq):
        logging.warning(f"Only {max_items} {type(seq[0]).__name__} will be uploaded.")
        return seq[:max_items]
    return seq


def val_to_json(run: Any, key: str, val: Any, namespace: Optional[Union[str, int]] = None,
                ignore_copy_err: Optional[bool] = None) -> Any:
    """JSON form of one logged value; media are bound to ``run`` under ``key`` and ``namespace``
    (the step number, or ``"summary"``)."""
    if namespace is None:
        raise ValueError("val_to_json must be called with a namespace(a step number, or 'summary') argument")
    if isinstance(val, (int, float, str, bool)):
        return val
    typename = _typename(val)
    if _is_pandas_df(typename):
        import wandb

        val = wandb.Table(dataframe=val)
    elif _is_plot_typename(typename):
        from .plotly import Plotly

        val = Plotly.make_plot_media(val)
    elif isinstance(val, (list, tuple, range)) and all(isinstance(v, WBValue) for v in val):
        if run is None:
            raise ValueError(f"Logging media under key {key!r} needs a run")
        if len(val) and isinstance(val[0], BatchableMedia) and all(isinstance(v, type(val[0])) for v in val):
            items = _prune_max_seq(val)  # type: ignore[arg-type]
            accepts = _server_accepts_image_filenames(run)
            for i, item in enumerate(items):
                item.bind_to_run(run=run, key=key, step=namespace, id_=None if accepts else i,
                                 ignore_copy_err=ignore_copy_err)
            return items[0].seq_to_json(items, run, key, namespace)
        return [val_to_json(run, key, v, namespace=namespace, ignore_copy_err=ignore_copy_err) for v in val]

    if isinstance(val, WBValue):
        if run is None:
            raise ValueError(f"Logging {type(val).__name__} under key {key!r} needs a run")
        if isinstance(val, Media) and not val.is_bound():
            log_type = getattr(val, "_log_type", None)
            if log_type in _TABLE_TYPES:
                _log_table_artifact(val, key, run)
            if log_type not in ("partitioned-table", "joined-table"):
                val.bind_to_run(run, key, namespace)
        res = val.to_json(run)
        if getattr(val, "log_mode", None) == "INCREMENTAL" and hasattr(val, "_last_logged_idx"):
            val._last_logged_idx = len(val.data) - 1
        return res
    return val


def _json_helper(val: Any, artifact: Any) -> Any:
    """JSON form of a table cell for an artifact (media via ``to_json(artifact)``, dates in ms)."""
    import datetime
    from decimal import Decimal

    if isinstance(val, WBValue):
        return val.to_json(artifact)
    if val.__class__ is dict:
        return {k: _json_helper(v, artifact) for k, v in val.items()}
    if hasattr(val, "tolist"):
        py_val = val.tolist()
        if val.__class__.__name__ == "datetime64" and isinstance(py_val, int):
            return _json_helper(py_val / int(1e6), artifact)  # ns -> ms
        return _json_helper(py_val, artifact)
    if hasattr(val, "item"):
        return _json_helper(val.item(), artifact)
    if isinstance(val, datetime.datetime):
        if val.tzinfo is None:
            val = val.replace(tzinfo=datetime.timezone.utc)
        return int(val.timestamp() * 1000)
    if isinstance(val, datetime.date):
        return int(datetime.datetime(val.year, val.month, val.day, tzinfo=datetime.timezone.utc).timestamp() * 1000)
    if isinstance(val, (list, tuple)):
        return [_json_helper(i, artifact) for i in val]
    if isinstance(val, Decimal):
        return float(val)
    from .base_types._json import friendly

    return friendly(val)


def _media_step(step: Any, run: Any) -> Any:
    """The step wandb puts in media file names: the run's step counter *before* this
    ``log`` call (so ``log(..., step=5)`` after step 1 still names files ``<key>_1_...``)."""
    if isinstance(step, int) and run is not None:
        current = getattr(getattr(run, "_stream", None), "step", None)
        if isinstance(current, int) and current >= 0:
            return current
    return step


def media_hook(key: str, value: Any, step: Any, run: Any) -> Any:
    """``value_convert`` hook: wandb data types (and lists of them) to their descriptors."""
    step = _media_step(step, run)
    if isinstance(value, WBValue) or (
        isinstance(value, (list, tuple)) and value and all(isinstance(v, WBValue) for v in value)
    ):
        return val_to_json(run, key, value, namespace=step)
    typename = _typename(value)
    if _is_pandas_df(typename) or typename.startswith("plotly.") or _is_matplotlib_artist(value, typename):
        return val_to_json(run, key, value, namespace=step)
    return NotImplemented


def _is_matplotlib_artist(value: Any, typename: str) -> bool:
    if not typename.startswith("matplotlib."):
        return False
    return True


def _register() -> None:
    from wandb.sdk.lib import value_convert

    value_convert.register_hook(media_hook)


_register()
