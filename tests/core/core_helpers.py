"""Helpers for the wandb._core tests: open streams in tmp dirs and read records back."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from wandb.sdk import internal_core as core


def new_stream(tmp_path: Path, name: str = "run-test.wandb", **kw: Any) -> tuple[core.Stream, Path]:
    """A Stream writing to ``tmp_path/name`` that started 2.5 s ago."""
    path = tmp_path / name
    kw.setdefault("run_start", time.time() - 2.5)
    return core.Stream(str(path), **kw), path


def records(path: Path) -> list[dict[str, Any]]:
    """Every intact record of a log as a dict (JSON form)."""
    return [json.loads(text) for _, text in core.read_records(str(path))]


def kind(rec: dict[str, Any]) -> str:
    """The record_type key of a record dict."""
    skip = {"num", "control", "uuid", "_info"}
    keys = [k for k in rec if k not in skip]
    return keys[0] if keys else ""


def items(section: dict[str, Any], field: str = "item") -> dict[str, str]:
    """HistoryItem/SummaryItem list → {dotted path: value_json}."""
    out = {}
    for it in section.get(field, []):
        path = it.get("nested_key") or [it.get("key", "")]
        out[".".join(path)] = it.get("value_json", "")
    return out


def history_rows(path: Path) -> list[dict[str, str]]:
    """History rows of a log as {dotted path: value_json}."""
    return [items(r["history"]) for r in records(path) if kind(r) == "history"]


def load_json(text: str) -> Any:
    """Parse JSON that may hold bare NaN/Infinity tokens."""
    return json.loads(text)
