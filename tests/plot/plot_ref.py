"""Run the chart cases with a wandb client in a subprocess and collect what it wrote.

The same script runs under wandb 0.21.3 (``run_ref``) and under ours (``run_ours``); both
print one JSON line ``RESULT=...`` with the config records, history rows and table files.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from reftools import READ_RECORDS_SOURCE, parse_result

HERE = Path(__file__).resolve().parent
CASES_SOURCE = (HERE / "chart_cases.py").read_text()

SCRIPT = r'''
import glob, json, os, sys
import numpy as np
import wandb
ns = {}
exec(compile(CASES_SOURCE, "chart_cases.py", "exec"), ns)
run = wandb.init(mode="offline", project="plots")
for key, chart in ns["build"](wandb, np):
    run.log({key: chart})
sync_file = run.settings.sync_file
files_dir = run.settings.files_dir
run.finish()
wandb.teardown()
records = read_records(sync_file)
tables = {}
for path in glob.glob(os.path.join(files_dir, "media", "table", "**", "*.table.json"), recursive=True):
    with open(path) as f:
        tables[os.path.relpath(path, files_dir)] = json.load(f)
out = {"records": [r for r in records if "config" in r or "history" in r], "tables": tables}
print("RESULT=" + json.dumps(out))
'''

PREFIX = "CASES_SOURCE = " + repr(CASES_SOURCE) + "\n" + READ_RECORDS_SOURCE


def script() -> str:
    return PREFIX + textwrap.dedent(SCRIPT)


def run_ours(cwd: Path) -> dict:
    """Run the cases with our client (this interpreter) in an isolated offline environment."""
    from reftools import ref_env

    env = ref_env(cwd, {"WANDB_VIREO_EMBEDDED": "false"})
    proc = subprocess.run(
        [sys.executable, "-c", script()], cwd=str(cwd), env=env, capture_output=True,
        text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"our client failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return parse_result(proc.stdout)


def run_reference(cwd: Path) -> dict:
    from reftools import run_ref

    proc = run_ref(script(), cwd, env={"WANDB_SILENT": "true"}, timeout=300)
    return parse_result(proc.stdout)
