"""A small pure-Python stand-in for ``wandb._core`` (used only while the Rust build is absent).

It follows docs/dev/core-api.md closely enough for the Run tests: records are kept as JSON
lines (not the real framing), history/summary handling is simplified (latest value only, no
define_metric aggregation, Python JSON formatting). Tests that need the real core's formats
use the ``real_core`` marker/fixture and are skipped against this fake.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any, Iterator

__version__ = "fake"
IS_FAKE = True

_PLAIN = (str, bool, int, float, type(None))


class TxLogError(Exception):
    pass


def _dumps(v: Any) -> str:
    return json.dumps(v, separators=(",", ":"))


class Stream:
    def __init__(self, path: str, *, run_start: float, starting_step: int = 0, queue_capacity: int = 8192,
                 flush_interval_ms: int = 100, fsync_interval_ms: int = 0, converter=None,
                 on_backpressure=None) -> None:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        self._f = os.fdopen(fd, "w")
        self._num = 0
        self._run_start = run_start
        self._step = starting_step
        self._pending: dict | None = None
        self._converter = converter
        self._summary: dict = {}
        self._dropped = 0
        self._rows = 0
        self._finished = False

    def _emit(self, rec: dict) -> None:
        self._num += 1
        rec = dict(rec)
        rec["num"] = self._num
        self._f.write(json.dumps(rec, separators=(",", ":")) + "\n")
        self._f.flush()

    def write(self, record_json: str) -> None:
        rec = json.loads(record_json)
        if not isinstance(rec, dict):
            raise ValueError("record must be an object")
        self._emit(rec)

    def _convert(self, key: str, v: Any) -> Any:
        if isinstance(v, _PLAIN):
            return v
        if isinstance(v, dict):
            return {k: self._convert(key, x) for k, x in v.items()}
        if isinstance(v, (list, tuple)) and all(isinstance(x, _PLAIN) for x in v):
            return list(v)
        if self._converter is None:
            raise TypeError(f"Object of type {type(v).__name__} is not JSON serializable")
        return self._converter(key, v, self._step)

    def log(self, data: dict, step: int | None = None, commit: bool | None = None, sync: bool | None = None) -> int:
        if not isinstance(data, dict):
            raise TypeError("wandb.log must be passed a dictionary")
        if any(not isinstance(k, str) for k in data):
            raise TypeError("Key values passed to `wandb.log` must be strings.")
        converted = {k: self._convert(k, v) for k, v in data.items()}
        if step is not None:
            if step < self._step:
                self._dropped += 1
                return -1
            if step > self._step:
                self._commit()
                self._step = step
            self._merge(converted)
            row = self._step
            if commit:
                self._commit()
                self._step += 1
            return row
        self._merge(converted)
        row = self._step
        if commit is None or commit:
            self._commit()
            self._step += 1
        return row

    def _merge(self, d: dict) -> None:
        if self._pending is None:
            self._pending = {}
        self._pending.update(d)

    def _commit(self) -> None:
        if self._pending is None:
            return
        row = self._pending
        self._pending = None
        now = time.time()
        row.setdefault("_timestamp", now)
        row["_runtime"] = now - self._run_start
        row["_step"] = self._step
        leaves = []

        def walk(prefix, v):
            if isinstance(v, dict):
                for k, x in v.items():
                    walk(prefix + [k], x)
            else:
                leaves.append((prefix, v))

        walk([], row)
        rt = int(now - self._run_start)
        self._emit({"summary": {"update": [{"nested_key": ["_wandb", "runtime"], "value_json": str(rt)},
                                           {"key": "_runtime", "value_json": str(rt)}]}})
        changed = []
        for path, v in leaves:
            if v is None:
                continue
            node = self._summary
            for p in path[:-1]:
                node = node.setdefault(p, {})
                if not isinstance(node, dict):
                    break
            else:
                node[path[-1]] = v
                changed.append({"nested_key": path, "value_json": _dumps(v)})
        if changed:
            self._emit({"summary": {"update": changed}})
        hist: dict[str, Any] = {"item": [{"nested_key": p, "value_json": _dumps(v)} for p, v in leaves]}
        hist["step"] = {"num": self._step} if self._step else {}
        self._emit({"history": hist})
        self._rows += 1

    @property
    def step(self) -> int:
        return self._step

    @property
    def dropped(self) -> int:
        return self._dropped

    def define_metric(self, metric_record_json: str) -> None:
        self._emit({"metric": json.loads(metric_record_json)})

    def summary_update(self, update, remove=()) -> None:
        body: dict[str, Any] = {}
        if update:
            body["update"] = [({"key": p[0]} if len(p) == 1 else {"nested_key": list(p)}) | {"value_json": v}
                              for p, v in update]
        if remove:
            body["remove"] = [({"key": p[0]} if len(p) == 1 else {"nested_key": list(p)}) for p in remove]
        self._emit({"summary": body})
        for p, v in update:
            node = self._summary
            for k in p[:-1]:
                if not isinstance(node.get(k), dict):
                    node[k] = {}
                node = node[k]
            node[p[-1]] = json.loads(v)
        for p in remove:
            node = self._summary
            for k in p[:-1]:
                node = node.get(k, {})
            if isinstance(node, dict):
                node.pop(p[-1], None)

    def summary(self) -> str:
        return json.dumps(self._summary)

    def history_rows(self) -> int:
        return self._rows

    def flush(self) -> None:
        self._f.flush()

    def finish(self, exit_code: int = 0, timeout_s: float | None = None) -> None:
        if self._finished:
            return
        self._finished = True
        self._commit()
        rt = int(time.time() - self._run_start)
        self._emit({"summary": {"update": [{"nested_key": ["_wandb", "runtime"], "value_json": str(rt)},
                                           {"key": "_runtime", "value_json": str(rt)}]}})
        ex: dict[str, Any] = {}
        if exit_code:
            ex["exit_code"] = exit_code
        if rt:
            ex["runtime"] = rt
        self._emit({"exit": ex, "control": {"always_send": True, "connection_id": "1(@)"}})
        self._f.close()

    def abandon(self) -> None:
        self._finished = True


def read_records(path: str) -> Iterator[tuple[int, str]]:
    off = 0
    with open(path) as f:
        for line in f:
            yield off, line.rstrip("\n")
            off += len(line)
