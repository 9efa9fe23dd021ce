"""Turn charts in a ``run.log`` dict into their tables plus a panel entry in the run config.

For ``run.log({"k": chart})`` wandb 0.21.3 logs ``chart.table`` under ``chart.spec.table_key``
(``k_table``) and sends a config record with the nested key ``["_wandb", "visualize", "k"]``
(``["_wandb", "viz", "k"]`` for :func:`wandb.plot.visualize`). Charts nested in dicts are
found too; their key is the dotted path (``{"a": {"b": chart}}`` -> ``a.b``).
"""

from __future__ import annotations

import json
from typing import Any

from wandb.plot.custom_chart import CustomChart
from wandb.plot.viz import Visualize

_CHART_TYPES = (CustomChart, Visualize)
_MAYBE_CHART = (CustomChart, Visualize, dict)


def _is_chart(value: Any) -> bool:
    return isinstance(value, _CHART_TYPES)


def _pop_charts(data: dict, prefix: str | None = None) -> tuple[dict, dict[str, Any]]:
    """Return ``(data without charts, {dotted key: chart})``; dicts holding charts are copied."""
    charts: dict[str, Any] = {}
    out: dict = {}
    for k, v in data.items():
        path = f"{prefix}.{k}" if prefix else k
        if _is_chart(v):
            charts[path] = v
            continue
        if isinstance(v, dict):
            inner, found = _pop_charts(v, path)
            if found:
                charts.update(found)
                v = inner
        out[k] = v
    return (out if charts else data), charts


def record_config_item(run: Any, path: tuple[str, ...] | list[str], value: Any) -> None:
    """Set a nested run-config entry the way wandb's ``_config_callback(key=path, val=value)`` does.

    Writes a config record whose item has ``nested_key=path`` (value as Python ``json.dumps``
    text), keeps the run's ``Config`` in step for ``_wandb`` entries (so later run upserts carry
    it) and tells the online session the config changed.
    """
    path = [str(p) for p in path]
    cfg = getattr(run, "_config", None)
    items = getattr(cfg, "_items", None)
    if isinstance(items, dict) and path and path[0] == "_wandb":
        node = items.get("_wandb")
        if not isinstance(node, dict):
            node = items["_wandb"] = {}
        for p in path[1:-1]:
            nxt = node.get(p)
            if not isinstance(nxt, dict):
                nxt = node[p] = {}
            node = nxt
        node[path[-1]] = value
    if getattr(run, "_stream", None) is None or getattr(run, "_forked", False):
        return
    from wandb.sdk import run_records

    item = {"nested_key": path, "value_json": json.dumps(value)}
    run._write(run_records.published(run.id, {"config": {"update": [item]}}))
    online = getattr(run, "_online", None)
    if online is not None:
        online.config_changed()


def chart_row_hook(run: Any, data: dict) -> dict:
    """``value_convert.row_hooks`` entry: charts -> tables + config panels."""
    if not isinstance(data, dict) or not data:
        return data
    for value in data.values():
        if isinstance(value, _MAYBE_CHART):
            break
    else:  # fast path: no chart and no nested dict
        return data
    data, charts = _pop_charts(data)
    if not charts:
        return data
    for key, chart in charts.items():
        chart.set_key(key)
        record_config_item(run, chart.spec.config_key, chart.spec.config_value)
        if isinstance(chart, CustomChart):
            data[chart.spec.table_key] = chart.table
        else:
            data[key] = chart.table
    return data


def register() -> None:
    """Install :func:`chart_row_hook` (idempotent)."""
    from wandb.sdk.lib import value_convert

    value_convert.register_row_hook(chart_row_hook)


def add_panel(run: Any, visualize_key: str, panel_type: str, panel_config: dict) -> None:
    """``Run._add_panel``: record a panel under ``_wandb.visualize.<visualize_key>``."""
    record_config_item(
        run,
        ("_wandb", "visualize", visualize_key),
        {"panel_type": panel_type, "panel_config": panel_config},
    )
