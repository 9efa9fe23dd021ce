"""Column types inferred by wandb.Table (``column_types``) and construction errors equal wandb 0.21.3's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from reftools import run_ref
from tables_helpers import REPO

HERE = Path(__file__).resolve().parent


@pytest.mark.compat
def test_column_types_match_wandb(tmp_path, ref_python):
    script = (HERE / "type_cases.py").read_text()
    ref = json.loads(run_ref(script, tmp_path / "ref").stdout)
    ours = json.loads(run_ref(script, tmp_path / "ours", python=sys.executable,
                              env={"PYTHONPATH": str(REPO / "python")}).stdout)
    assert set(ours) == set(ref)
    for case in ref:
        assert ours[case] == ref[case], case


def test_type_cases_run_without_reference(tmp_path):
    """The same cases under our interpreter alone: every case gives types or a TypeError/ValueError."""
    proc = subprocess.run([sys.executable, str(HERE / "type_cases.py")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["ints"]["types"] == {"wb_type": "typedDict", "params": {"type_map": {"a": {
        "wb_type": "union", "params": {"allowed_types": [{"wb_type": "none"}, {"wb_type": "number"}]}}}}}
    assert out["mixed"]["error"] == "TypeError"
    assert out["nonopt_none"]["error"] == "TypeError"
    assert out["dtype_bad"]["error"] == "TypeError"
