"""Run files the sender uploads, built from a run's records: ``config.yaml`` and
``wandb-metadata.json`` (``wandb-summary.json`` is written by the Rust sender).

Works on records in the JSON form of ``wandb._core.read_records`` (proto field names), so
``wandb sync`` and a live run produce the same files.
"""

from __future__ import annotations

import datetime
import json
import os
from typing import Any, Iterable

# EnvironmentRecord fields whose JSON name differs from the proto name (format notes §4.1).
_JSON_NAMES = {
    "started_at": "startedAt",
    "code_path": "codePath",
    "code_path_local": "codePathLocal",
    "cuda_version": "cudaVersion",
    "writer_id": "writerId",
    "gpu_type": "gpu",
}


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _item_path(item: dict) -> list[str]:
    nested = item.get("nested_key") or []
    return list(nested) if nested else [item.get("key", "")]


def apply_config_items(config: dict, update: Iterable[dict], remove: Iterable[dict] = ()) -> None:
    """Apply ConfigItems (``key``/``nested_key`` + ``value_json``) to a plain dict."""
    for it in update:
        path = _item_path(it)
        target = config
        for p in path[:-1]:
            nxt = target.get(p)
            if not isinstance(nxt, dict):
                nxt = target[p] = {}
            target = nxt
        target[path[-1]] = _loads(it.get("value_json", "null"))
    for it in remove:
        path = _item_path(it)
        target = config
        for p in path[:-1]:
            target = target.get(p) if isinstance(target.get(p), dict) else {}
        target.pop(path[-1], None)


def _ts_rfc3339(ts: Any) -> str:
    if isinstance(ts, dict):
        t = float(ts.get("seconds", 0)) + float(ts.get("nanos", 0)) / 1e9
    else:
        t = float(ts)
    dt = datetime.datetime.fromtimestamp(t, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# uint64 fields of the nested EnvironmentRecord messages: protobuf-JSON writes them as strings.
_UINT64 = frozenset(("memory_total", "swap_total_bytes", "ram_total_bytes"))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _nested_json(msg: dict) -> dict:
    """A nested Environment message (GpuNvidiaInfo, GpuAmdInfo, ...) in protobuf-JSON form:
    camelCase keys, uint64 values as strings."""
    return {_camel(k): (str(v) if k in _UINT64 else v) for k, v in msg.items()}


def metadata(environments: Iterable[dict]) -> dict:
    """Merge EnvironmentRecords (proto JSON form) into the ``wandb-metadata.json`` dict."""
    merged: dict[str, Any] = {}
    for env in environments:
        for k, v in env.items():
            if k == "_info":
                continue
            if isinstance(v, dict) and isinstance(merged.get(k), dict) and k != "started_at":
                merged[k] = {**merged[k], **v}
            else:
                merged[k] = v
    out: dict[str, Any] = {}
    for k, v in merged.items():
        name = _JSON_NAMES.get(k, k)
        if k == "started_at":
            v = _ts_rfc3339(v)
        elif k == "git" and isinstance(v, dict):
            v = {"remote": v.get("remote_url", ""), "commit": v.get("commit", "")}
            v = {a: b for a, b in v.items() if b}
        elif k == "disk" and isinstance(v, dict):
            v = {p: {a: str(b) for a, b in (d or {}).items()} for p, d in v.items()}
        elif k == "memory" and isinstance(v, dict):
            v = {a: str(b) for a, b in v.items()}
        elif k in ("gpu_nvidia", "gpu_amd") and isinstance(v, list):
            v = [_nested_json(g) for g in v if isinstance(g, dict)]
        elif k in ("trainium", "tpu", "apple", "cpu", "coreweave") and isinstance(v, dict):
            v = _nested_json(v)
        out[name] = v
    return out


def metadata_json(environments: Iterable[dict]) -> str:
    """``wandb-metadata.json`` text: 2-space indent, no trailing newline."""
    return json.dumps(metadata(environments), indent=2)


def config_yaml(config: dict) -> str:
    """``config.yaml`` text: every top-level key maps to ``{value: ...}``, keys sorted."""
    import yaml

    data = {k: {"value": config[k]} for k in sorted(config)}
    return yaml.safe_dump(data, indent=4, sort_keys=True, default_flow_style=False, allow_unicode=True)


def wrap_config(config: dict) -> dict:
    """``{k: {"value": v}}``: the shape of the UpsertBucket ``config`` variable."""
    return {k: {"value": v} for k, v in config.items()}


def write_run_files(files_dir: str, config: dict, environments: Iterable[dict] | None) -> list[str]:
    """Write ``config.yaml`` (and ``wandb-metadata.json`` when environments are given)."""
    written = []
    os.makedirs(files_dir, exist_ok=True)
    with open(os.path.join(files_dir, "config.yaml"), "w") as f:
        f.write(config_yaml(config))
    written.append("config.yaml")
    if environments is not None:
        envs = list(environments)
        if envs:
            with open(os.path.join(files_dir, "wandb-metadata.json"), "w") as f:
                f.write(metadata_json(envs))
            written.append("wandb-metadata.json")
    return written


class LogState:
    """What ``wandb sync`` needs from a transaction log, folded from its records."""

    def __init__(self) -> None:
        self.run: dict | None = None
        self.config: dict = {}
        self.environments: list[dict] = []
        self.exit_code: int | None = None
        self.history_rows = 0
        self.telemetry: dict | None = None

    def apply(self, rec: dict) -> None:
        if "run" in rec:
            run = rec["run"]
            if self.run is None:
                self.run = run
                cfg = run.get("config") or {}
                apply_config_items(self.config, cfg.get("update") or [], cfg.get("remove") or [])
            else:
                self.run = {**self.run, **{k: v for k, v in run.items() if k != "config"}}
        elif "config" in rec:
            cfg = rec["config"]
            apply_config_items(self.config, cfg.get("update") or [], cfg.get("remove") or [])
        elif "environment" in rec:
            self.environments.append(rec["environment"])
        elif "exit" in rec:
            self.exit_code = int(rec["exit"].get("exit_code", 0))
        elif "history" in rec:
            self.history_rows += 1
        elif "telemetry" in rec:
            self.telemetry = rec["telemetry"]

    @classmethod
    def read(cls, path: str) -> "LogState":
        from wandb.sdk import internal_core

        state = cls()
        for _offset, text in internal_core.read_records(path):
            try:
                state.apply(json.loads(text))
            except ValueError:
                continue
        return state
