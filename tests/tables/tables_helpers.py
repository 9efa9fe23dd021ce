"""Run the same logging script with our wandb and with wandb 0.21.3 and collect what each wrote.

``run_both(body, tmp_path)`` runs ``body`` (Python source using ``wandb``, ``np`` and a started
offline ``run``) under both interpreters in isolated offline environments, then returns, per side,
``{"history": [rows...], "files": {relpath: text or "sha256:<hex>"}, "artifacts": [...], "out": {...}}``
where ``out`` is whatever the body put in the dict ``OUT`` (JSON-able).
"""

from __future__ import annotations

import json
import os
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict

from reftools import READ_RECORDS_SOURCE, run_ref

REPO = Path(__file__).resolve().parents[2]

PRELUDE = """
import json, os, sys, hashlib
import numpy as np
import wandb
OUT = {}
run = wandb.init(project="tables-compat", mode="offline")
"""

EPILOGUE = r'''
run_dir = os.path.dirname(run.dir)
run_id = run.id
run.finish()

def _unflatten(items):
    row = {}
    for it in items:
        path = it.get("nested_key") or [it["key"]]
        node = row
        for p in path[:-1]:
            node = node.setdefault(p, {})
        node[path[-1]] = json.loads(it["value_json"])
    return row

import time as _time
_path = os.path.join(run_dir, f"run-{run_id}.wandb")
for _ in range(100):  # wandb-core may still be closing the file
    try:
        recs = read_records(_path)
        break
    except AssertionError:
        _time.sleep(0.1)
else:
    recs = read_records(_path)
history = []
artifacts = []
for r in recs:
    if "history" in r:
        row = _unflatten(r["history"].get("item", []))
        row.pop("_runtime", None); row.pop("_timestamp", None)
        history.append(row)
    if "artifact" in r:
        a = r["artifact"]
        artifacts.append({
            "name": a.get("name"), "type": a.get("type"), "aliases": a.get("aliases"),
            "incremental": bool(a.get("incremental_beta1", False)),
            "entries": sorted(e.get("path") for e in a.get("manifest", {}).get("contents", [])),
        })
files = {}
media_root = os.path.join(run_dir, "files")
for base, _dirs, names in os.walk(os.path.join(media_root, "media")):
    for n in names:
        p = os.path.join(base, n)
        rel = os.path.relpath(p, media_root).replace(os.sep, "/")
        data = open(p, "rb").read()
        try:
            files[rel] = data.decode("utf-8")
        except UnicodeDecodeError:
            files[rel] = "sha256:" + hashlib.sha256(data).hexdigest()
with open(sys.argv[1], "w") as f:
    json.dump({"history": history, "files": files, "artifacts": artifacts, "out": OUT,
               "run_id": run_id}, f, default=str)
'''


def _script(body: str) -> str:
    return PRELUDE + READ_RECORDS_SOURCE + textwrap.dedent(body) + EPILOGUE


def run_side(body: str, cwd: Path, *, ours: bool) -> Dict[str, Any]:
    cwd.mkdir(parents=True, exist_ok=True)
    result = cwd / "result.json"
    env = {"PYTHONPATH": str(REPO / "python")} if ours else None
    run_ref(_script(body), cwd, args=(str(result),), env=env, python=sys.executable if ours else None)
    return json.loads(result.read_text())


def run_both(body: str, tmp_path: Path) -> Dict[str, Dict[str, Any]]:
    """Results of ``body`` for ``"ref"`` (wandb 0.21.3) and ``"ours"``."""
    ref = run_side(body, tmp_path / "ref", ours=False)
    ours = run_side(body, tmp_path / "ours", ours=True)
    return {"ref": ref, "ours": ours}


_CLIENT_URL = re.compile(r"wandb-client-artifact://[a-z0-9]+(:latest)?/")
_ARTIFACT_KEYS = ("artifact_path", "_latest_artifact_path")


def normalize(value: Any, run_id: str, strip_artifacts: bool = False) -> Any:
    """Replace run ids and artifact client ids by placeholders (and optionally drop artifact keys)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if strip_artifacts and k in _ARTIFACT_KEYS:
                continue
            if strip_artifacts and k == "previous_increments_paths":
                v = []
            out[k] = normalize(v, run_id, strip_artifacts)
        return out
    if isinstance(value, list):
        return [normalize(v, run_id, strip_artifacts) for v in value]
    if isinstance(value, str):
        value = _CLIENT_URL.sub(lambda m: "wandb-client-artifact://ID" + (m.group(1) or "") + "/", value)
        value = re.sub(r"/(None|\d+)-\d{13}\.", r"/\1-TS.", value)
        value = re.sub(r"^(None|\d+)-\d{13}\.", r"\1-TS.", value)
        return value.replace(run_id, "RUNID")
    return value


def artifacts_logged(result: Dict[str, Any]) -> bool:
    """Whether the side wrote artifact records (our artifacts may not be wired into runs yet)."""
    return bool(result["artifacts"])


def env_flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false", "False")


#: Prepended to a body: until the lead switches Run to ``run_artifacts.RunArtifacts``, use its
#: ``log_artifact`` in our runs (no-op for wandb 0.21.3, which has no such module).
WIRE_ARTIFACTS = """
try:
    from wandb.sdk import run_artifacts as _ra, wandb_run as _wr
    if "Stub" in getattr(_wr.Run.log_artifact, "__qualname__", ""):
        for _n, _v in vars(_ra.RunArtifacts).items():
            if not _n.startswith("__"):
                setattr(_wr.Run, _n, _v)
except ImportError:
    pass
"""
