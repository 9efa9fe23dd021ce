"""Read a run's ``.wandb`` transaction log back into plain Python for assertions.

Uses ``wandb._core.read_records`` (docs/dev/core-api.md): every record comes back as the JSON
form of a ``wandb_internal.Record`` (proto field names, the ``record_type`` oneof as a plain key).
"""

from __future__ import annotations

import glob
import json
import os
from typing import Any, Iterable, Union


def _read_records(path: str) -> Iterable[tuple[int, str]]:
    """Our reader (``wandb._core``); under the real wandb 0.21.3 (to validate these tests) use its
    datastore instead, waiting for the ``exit`` record because its core writes asynchronously."""
    try:
        from wandb import _core
    except ImportError:
        return _read_records_reference(path)
    return list(_core.read_records(path))


def _read_records_reference(path: str) -> list[tuple[int, str]]:
    import time

    from google.protobuf.json_format import MessageToDict
    from wandb.proto import wandb_internal_pb2
    from wandb.sdk.internal import datastore

    def scan() -> list[tuple[int, str]]:
        store = datastore.DataStore()
        store.open_for_scan(path)
        out = []
        while True:
            data = store.scan_data()
            if data is None:
                return out
            rec = wandb_internal_pb2.Record()
            rec.ParseFromString(data)
            out.append((0, json.dumps(MessageToDict(rec, preserving_proto_field_name=True))))

    for _ in range(200):
        try:
            recs = scan()
        except (AssertionError, OSError):
            recs = []
        if any('"exit"' in text for _, text in recs):
            return recs
        time.sleep(0.05)
    return scan()


def _path_of(item: dict) -> tuple[str, ...]:
    """The item path: ``nested_key`` when present, else ``[key]``."""
    nested = item.get("nested_key") or []
    return tuple(nested) if nested else (item.get("key", ""),)


def _value(item: dict) -> Any:
    return json.loads(item.get("value_json", "null"))


def _flat_key(path: tuple[str, ...]) -> Union[str, tuple[str, ...]]:
    return path[0] if len(path) == 1 else path


class RunFile:
    """All records of one ``run-<id>.wandb`` file, with helpers per record kind."""

    def __init__(self, path: Union[str, os.PathLike]) -> None:
        self.path = os.fspath(path)
        self.records: list[dict] = [json.loads(text) for _, text in _read_records(self.path)]

    # -- generic ---------------------------------------------------------------------------
    def kinds(self) -> list[str]:
        """The record_type of every record, in file order."""
        out = []
        for rec in self.records:
            kind = next((k for k in rec if k not in ("num", "control", "_info", "uuid")), None)
            out.append(kind or "")
        return out

    def of(self, kind: str) -> list[dict]:
        """The payloads of every record of ``kind`` (e.g. ``"history"``), in file order."""
        return [rec[kind] for rec in self.records if kind in rec]

    def index_of_first(self, kind: str) -> int:
        return self.kinds().index(kind)

    # -- run / exit ------------------------------------------------------------------------
    @property
    def run(self) -> dict:
        runs = self.of("run")
        assert runs, f"no run record in {self.path}"
        return runs[0]

    @property
    def exit_code(self) -> int:
        exits = self.of("exit")
        assert exits, f"no exit record in {self.path} (kinds: {sorted(set(self.kinds()))})"
        return int(exits[-1].get("exit_code", 0))

    # -- history ---------------------------------------------------------------------------
    def history(self) -> list[dict]:
        """One dict per history record: single-element paths as str keys, longer as tuples."""
        rows = []
        for hist in self.of("history"):
            row = {_flat_key(_path_of(item)): _value(item) for item in hist.get("item", [])}
            row["__step_num__"] = int(hist.get("step", {}).get("num", 0))
            rows.append(row)
        return rows

    def row_summaries(self) -> list[dict]:
        """For each history record, the summary record the core wrote for that row (the one
        right before it, after the runtime-only summary), as {path: value}."""
        out = []
        last: dict = {}
        for rec in self.records:
            if "summary" in rec:
                items = rec["summary"].get("update", [])
                paths = {_path_of(i) for i in items}
                if paths and paths <= {("_wandb", "runtime"), ("_runtime",)}:
                    continue  # the per-row runtime record
                last = {_flat_key(_path_of(i)): _value(i) for i in items}
            elif "history" in rec:
                out.append(last)
                last = {}
        return out

    # -- config ----------------------------------------------------------------------------
    def config_records(self) -> list[dict]:
        """Top-level ``config`` records (not the one inside the run record) as {key: value}."""
        out = []
        for cfg in self.of("config"):
            out.append({_flat_key(_path_of(i)): _value(i) for i in cfg.get("update", [])})
        return out

    def config_value_json(self) -> dict:
        """Last raw ``value_json`` per key over the run record config and config records."""
        out: dict = {}
        sources: Iterable[dict] = [self.run.get("config", {})] + self.of("config")
        for cfg in sources:
            for item in cfg.get("update", []):
                out[_flat_key(_path_of(item))] = item.get("value_json")
        return out

    def config(self) -> dict:
        """Merged config (run record first, then config records; last write wins per key)."""
        return {k: json.loads(v) for k, v in self.config_value_json().items()}

    # -- metrics / summary / telemetry -----------------------------------------------------
    def metrics(self) -> list[dict]:
        return self.of("metric")

    def defined_metrics(self) -> list[dict]:
        """Metric records written by define_metric (not glob expansions)."""
        return [m for m in self.metrics() if not m.get("expanded_from_glob")]

    def expanded_metrics(self) -> dict[str, dict]:
        return {m["name"]: m for m in self.metrics() if m.get("expanded_from_glob")}

    def explicit_summary(self) -> dict:
        """Summary items written with a plain ``key`` (run.summary[...] writes), last wins."""
        out: dict = {}
        for summ in self.of("summary"):
            for item in summ.get("update", []):
                if item.get("key") and not item.get("nested_key") and item["key"] != "_runtime":
                    out[item["key"]] = _value(item)
        return out

    def telemetry_labels(self) -> list[dict]:
        return [t["label"] for t in self.of("telemetry") if t.get("label")]


def find_run_files(root: Union[str, os.PathLike]) -> list[str]:
    """Every ``<root>/wandb/*run-*/run-*.wandb`` (the layout ultralytics globs for)."""
    return sorted(glob.glob(os.path.join(os.fspath(root), "wandb", "*run-*", "run-*.wandb")))


def sync_file_of(run) -> str:
    """Absolute path of the run's transaction log (``settings.sync_file``)."""
    settings = getattr(run, "_settings", None) or run.settings
    return os.path.abspath(settings.sync_file)
