"""Helpers for the Run tests (importable as ``run_helpers``; conftest re-exports the fixtures).

``import wandb`` may still be incomplete while the package is being built, so (as in
tests/console) we fall back to bare package modules pointing at the source tree. If the Rust
extension is not built yet, ``wandb.sdk.internal_core`` is replaced by ``fake_core`` and tests
that need the real core are skipped.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import types
from pathlib import Path
from typing import Any, Iterator

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[2] / "python"
HERE = Path(__file__).resolve().parent


def _bootstrap_wandb() -> None:
    if str(PYTHON_DIR) not in sys.path:
        sys.path.insert(0, str(PYTHON_DIR))
    try:
        import wandb  # noqa: F401
        import wandb.sdk.wandb_run  # noqa: F401
        return
    except Exception:
        pass
    for name in [n for n in sys.modules if n == "wandb" or n.startswith("wandb.")]:
        del sys.modules[name]
    for name, sub in (("wandb", ""), ("wandb.sdk", "/sdk"), ("wandb.sdk.lib", "/sdk/lib")):
        mod = types.ModuleType(name)
        mod.__path__ = [str(PYTHON_DIR / "wandb") + sub]
        sys.modules[name] = mod
    sys.modules["wandb"].__version__ = "0.21.3"
    sys.modules["wandb"].__vireo_version__ = "0.1.0"
    sys.modules["wandb"].run = None


def _bootstrap_core() -> bool:
    """Return True when the real Rust core is used."""
    try:
        core = importlib.import_module("wandb._core")
        if hasattr(core, "Stream") and hasattr(core, "read_records"):
            try:
                importlib.import_module("wandb.sdk.internal_core")
            except ImportError:
                shim = types.ModuleType("wandb.sdk.internal_core")
                shim.__dict__.update({k: getattr(core, k) for k in dir(core) if not k.startswith("__")})
                sys.modules["wandb.sdk.internal_core"] = shim
            return True
    except ImportError:
        pass
    sys.path.insert(0, str(HERE))
    fake = importlib.import_module("fake_core")
    sys.modules["wandb.sdk.internal_core"] = fake
    sys.modules["wandb._core"] = fake
    return False


_bootstrap_wandb()
REAL_CORE = _bootstrap_core()


# -- reading records ---------------------------------------------------------------------------


def read_records(path: str | os.PathLike) -> list[dict]:
    from wandb.sdk import internal_core

    return [json.loads(text) for _off, text in internal_core.read_records(str(path))]


def record_type(rec: dict) -> str:
    for k in rec:
        if k not in ("num", "control", "_info", "uuid"):
            return k
    return ""


def of_type(records: list[dict], kind: str) -> list[dict]:
    return [r[kind] for r in records if kind in r]


def unflatten(items: list[dict]) -> dict:
    row: dict = {}
    for it in items:
        path = it.get("nested_key") or [it["key"]]
        node = row
        for p in path[:-1]:
            node = node.setdefault(p, {})
        node[path[-1]] = json.loads(it["value_json"])
    return row


def history(records: list[dict], drop_times: bool = True) -> list[dict]:
    rows = []
    for h in of_type(records, "history"):
        row = unflatten(h.get("item", []))
        if drop_times:
            row.pop("_runtime", None)
            row.pop("_timestamp", None)
        rows.append(row)
    return rows


# -- the run fixture ---------------------------------------------------------------------------


class RunFactory:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.runs: list[Any] = []

    def settings(self, **kwargs: Any) -> Any:
        from wandb.sdk.wandb_settings import Settings

        n = len(self.runs)
        base = dict(mode="offline", project="proj", run_id=f"run{n}abcd", root_dir=str(self.root),
                    console="off", x_save_requirements=False)
        base.update(kwargs)
        s = Settings(**base)
        for d in (s.sync_dir, s.files_dir, s.log_dir, s.tmp_dir):
            os.makedirs(d, exist_ok=True)
        return s

    def __call__(self, config: dict | None = None, start: bool = True, **kwargs: Any) -> Any:
        from wandb.sdk.wandb_config import Config
        from wandb.sdk.wandb_run import Run

        cfg = Config()
        if config:
            cfg.update(config)
        run = Run(self.settings(**kwargs), cfg)
        self.runs.append(run)
        if start:
            run._start()
        return run

    def records(self, run: Any) -> list[dict]:
        if not run._is_finished:
            run._stream.flush()
        return read_records(run._settings.sync_file)
