"""Compare history rows with the real wandb 0.21.3 (``VIREO_REF_PYTHON``; skipped when unset)."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap

import pytest
from run_helpers import history

SCENARIOS = {
    "normal": [({"train-loss": 0.5, "accuracy": 0.8}, {}), ({"train-loss": 0.4, "accuracy": 0.9}, {})],
    "commit_false": [({"train-loss": 0.5}, {"commit": False}), ({"accuracy": 0.8}, {}),
                     ({"train-loss": 0.4}, {"commit": False}), ({"accuracy": 0.9}, {})],
    "explicit_step": [({"train-loss": 0.5}, {"step": 0}), ({"accuracy": 0.8}, {"step": 0}),
                      ({"train-loss": 0.4}, {"step": 1}), ({"accuracy": 0.9}, {"step": 1})],
    "jumps_and_drops": [({"a": 1}, {}), ({"b": 2}, {"commit": False}), ({"c": 3}, {}),
                        ({"d": 4}, {"step": 5}), ({"e": 5}, {"step": 5}), ({"f": 6}, {"step": 3}),
                        ({"g": 7}, {"step": 7, "commit": True}), ({"h": 8}, {}),
                        ({"i": 9}, {"commit": False})],
    "empty_and_commit_only": [({}, {}), ({"a": 1}, {"commit": False}), ({}, {"commit": True}),
                              ({"b": 2}, {"step": 4}), ({}, {"commit": True})],
    "step_then_implicit": [({"a": 1}, {"step": 2}), ({"b": 2}, {}), ({"c": 3}, {"step": 3}),
                           ({"d": 4}, {"step": 3, "commit": False}), ({"e": 5}, {})],
    "values": [({"nested": {"a": 1, "b": {"c": 2.5}}, "val/loss": 0.25, "n": None, "s": "txt",
                 "l": [1, 2, 3], "t": (1, "x"), "flag": True}, {})],
}

REF_SCRIPT = """
import json, sys, glob
import wandb
from wandb.sdk.internal import datastore
from wandb.proto import wandb_internal_pb2 as pb
calls = json.loads(sys.argv[1])
run = wandb.init(mode="offline", project="cmp")
for data, kw in calls:
    if "t" in data:
        data["t"] = tuple(data["t"])
    run.log(data, **kw)
path = run.settings.sync_file
run.finish()
wandb.teardown()
ds = datastore.DataStore(); ds.open_for_scan(path)
rows = []
while True:
    d = ds.scan_data()
    if d is None:
        break
    r = pb.Record(); r.ParseFromString(d)
    if r.WhichOneof("record_type") == "history":
        row = {}
        for it in r.history.item:
            keys = list(it.nested_key) or [it.key]
            node = row
            for k in keys[:-1]:
                node = node.setdefault(k, {})
            node[keys[-1]] = json.loads(it.value_json)
        row.pop("_runtime", None); row.pop("_timestamp", None)
        rows.append(row)
print("ROWS=" + json.dumps(rows))
"""


def _ref_python() -> str:
    path = os.environ.get("VIREO_REF_PYTHON", "").strip()
    if not path or not os.access(path, os.X_OK):
        pytest.skip("VIREO_REF_PYTHON is not set (path of a wandb 0.21.3 interpreter)")
    return path


def _ref_rows(tmp_path, calls) -> list:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("WANDB_") and k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(HOME=str(tmp_path / "home"), WANDB_MODE="offline", WANDB_DIR=str(tmp_path),
               WANDB_SILENT="true", PYTHONWARNINGS="ignore")
    (tmp_path / "home").mkdir(exist_ok=True)
    proc = subprocess.run([_ref_python(), "-c", textwrap.dedent(REF_SCRIPT), json.dumps(calls)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("ROWS=")), None)
    assert line, proc.stderr[-3000:]
    return json.loads(line[5:])


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_history_matches_wandb(make_run, tmp_path, name):
    calls = SCENARIOS[name]
    (tmp_path / "ref").mkdir()
    expected = _ref_rows(tmp_path / "ref", calls)
    run = make_run()
    for data, kw in calls:
        run.log(dict(data), **kw)
    run.finish()
    assert history(make_run.records(run)) == expected
