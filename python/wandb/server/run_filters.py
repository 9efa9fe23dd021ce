"""Mongo-style run filters and orders used by the Public API ``Runs`` query.

Supported: ``$and``, ``$or``, ``$nor``, ``$not``; comparison operators ``$eq $ne $gt $gte $lt
$lte $in $nin $regex $exists``; fields ``state``, ``name``, ``display_name``/``displayName``,
``tags``, ``group``, ``job_type``/``jobType``, ``sweep``, ``host``, ``notes``, ``created_at``,
``heartbeat_at``, ``config.<k>[.value]``, ``summary_metrics.<k>``/``summaryMetrics.<k>``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

from sqlalchemy.engine import Row

from wandb.server.errors import ClientError

_MISSING = object()


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def run_doc(row: Row) -> dict[str, Any]:
    """A plain dict view of a run row for filtering and ordering."""
    return {
        "state": row.state,
        "name": row.name,
        "display_name": row.display_name,
        "tags": json.loads(row.tags or "[]"),
        "group": row.group_name,
        "job_type": row.job_type,
        "sweep": row.sweep_name,
        "host": row.host,
        "notes": row.notes,
        "created_at": iso(row.created_at),
        "heartbeat_at": iso(row.heartbeat_at),
        "config": json.loads(row.config or "{}"),
        "summary_metrics": json.loads(row.summary or "{}"),
        "_created": row.created_at,
        "_heartbeat": row.heartbeat_at,
    }


_ALIASES = {
    "displayName": "display_name", "jobType": "job_type", "summaryMetrics": "summary_metrics",
    "createdAt": "created_at", "heartbeatAt": "heartbeat_at", "group_name": "group",
    "sweepName": "sweep",
}


def get_path(doc: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    head = _ALIASES.get(head, head)
    if head not in doc:
        return _MISSING
    value: Any = doc[head]
    if not rest:
        return value
    if head == "config":
        key, _, sub = rest.partition(".")
        # config.<k> and config.<k>.value both address the value
        if key not in value:
            return _MISSING
        entry = value[key]
        value = entry.get("value", _MISSING) if isinstance(entry, dict) and "value" in entry else entry
        if sub in ("", "value"):
            return value
        rest = sub[len("value."):] if sub.startswith("value.") else sub
    for part in rest.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value


def _cmp(a: Any, b: Any, op: str) -> bool:
    try:
        if op == "$gt":
            return a > b
        if op == "$gte":
            return a >= b
        if op == "$lt":
            return a < b
        return a <= b
    except TypeError:
        return False


def _match_value(value: Any, cond: Any) -> bool:
    if isinstance(cond, dict) and cond and all(k.startswith("$") for k in cond):
        for op, arg in cond.items():
            if op == "$eq":
                ok = _eq(value, arg)
            elif op == "$ne":
                ok = not _eq(value, arg)
            elif op in ("$gt", "$gte", "$lt", "$lte"):
                ok = value is not _MISSING and _cmp(value, arg, op)
            elif op == "$in":
                ok = isinstance(arg, list) and any(_eq(value, a) for a in arg)
            elif op == "$nin":
                ok = isinstance(arg, list) and not any(_eq(value, a) for a in arg)
            elif op == "$regex":
                ok = isinstance(value, str) and re.search(str(arg), value) is not None
            elif op == "$exists":
                ok = (value is not _MISSING and value is not None) == bool(arg)
            elif op == "$not":
                ok = not _match_value(value, arg)
            else:
                raise ClientError(f"filters: unsupported operator {op!r}")
            if not ok:
                return False
        return True
    return _eq(value, cond)


def _eq(value: Any, arg: Any) -> bool:
    if isinstance(value, list) and not isinstance(arg, list):
        return arg in value  # tags: {"tags": "x"} matches runs tagged x
    return value is not _MISSING and value == arg


def matches(doc: dict[str, Any], flt: Any) -> bool:
    if not flt:
        return True
    if not isinstance(flt, dict):
        raise ClientError("filters: expected a JSON object")
    for key, cond in flt.items():
        if key == "$and":
            if not all(matches(doc, f) for f in cond):
                return False
        elif key == "$or":
            if not any(matches(doc, f) for f in cond):
                return False
        elif key == "$nor":
            if any(matches(doc, f) for f in cond):
                return False
        elif key.startswith("$"):
            raise ClientError(f"filters: unsupported operator {key!r}")
        elif not _match_value(get_path(doc, key), cond):
            return False
    return True


def parse_filters(value: Any) -> Any:
    if value in (None, ""):
        return {}
    if isinstance(value, dict):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError) as e:
        raise ClientError(f"filters: invalid JSON ({e})") from None


def sort_docs(items: list[tuple[dict[str, Any], Row]], order: str | None) -> None:
    """Sort in place by ``[+-]field`` (default ``-created_at``: newest first)."""
    order = order or "-created_at"
    desc = order.startswith("-")
    fld = order.lstrip("+-")
    if fld in ("created_at", "createdAt"):
        items.sort(key=lambda it: (it[0]["_created"], it[1].id), reverse=desc)
        return
    if fld in ("heartbeat_at", "heartbeatAt"):
        items.sort(key=lambda it: (it[0]["_heartbeat"], it[1].id), reverse=desc)
        return

    def key(it: tuple[dict[str, Any], Row]) -> tuple:
        v = get_path(it[0], fld)
        if v is _MISSING or v is None:
            return (1, 0, "")  # missing values last
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return (0, 0, v)
        return (0, 1, str(v))

    present = [it for it in items if key(it)[0] == 0]
    missing = [it for it in items if key(it)[0] == 1]
    present.sort(key=key, reverse=desc)
    items[:] = present + missing
