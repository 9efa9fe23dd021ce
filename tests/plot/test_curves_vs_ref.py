"""pr/roc tables compared with wandb 0.21.3 (scikit-learn + pandas there) directly on the
``CustomChart.table`` objects, including the resampling above ``wandb.Table.MAX_ROWS`` rows
(which uses scikit-learn's ``resample`` on our side too, so it needs scikit-learn here)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import wandb

SCRIPT = r"""
import json, sys
import numpy as np
import wandb
out = {}
exec(CASES, globals())
for name, (fn, args, kwargs) in cases(np).items():
    chart = getattr(wandb.plot, fn)(*args, **kwargs)
    out[name] = {"columns": chart.table.columns, "data": chart.table.data,
                 "spec": [chart.spec.spec_name, chart.spec.fields, chart.spec.string_fields]}
print("RESULT=" + json.dumps(out, default=lambda o: o.item()))
"""

CASES = r'''
def cases(np):
    rng = np.random.RandomState(7)
    y = rng.randint(0, 3, 9000)
    p = rng.rand(9000, 3)
    yb = rng.randint(0, 2, 300)
    pb = rng.rand(300, 2).round(2)
    return {
        "roc_big": ("roc_curve", (y, p), {}),
        "pr_big": ("pr_curve", (y, p), {"interp_size": 4000, "labels": ["a", "b", "c"]}),
        "roc_bin": ("roc_curve", (yb, pb), {"labels": ["no", "yes"]}),
        "pr_bin": ("pr_curve", (yb, pb), {"classes_to_plot": [1], "interp_size": 11}),
        "roc_float_labels": ("roc_curve", (yb.astype(float), pb), {}),
    }
'''


def _strict(value) -> str:
    return json.dumps(value, default=lambda o: o.item())


@pytest.fixture(scope="module")
def ref_tables(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from reftools import run_ref

    script = "CASES = " + repr(CASES) + "\n" + SCRIPT
    proc = run_ref(script, tmp_path_factory.mktemp("curves"), env={"WANDB_SILENT": "true"})
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT=")][-1]
    return json.loads(line[len("RESULT="):])


def test_curve_tables_match_reference(ref_tables, table_cls):
    pytest.importorskip("sklearn")  # the resampled cases select rows with scikit-learn
    ns: dict = {}
    exec(CASES, ns)
    for name, (fn, args, kwargs) in ns["cases"](np).items():
        chart = getattr(wandb.plot, fn)(*args, **kwargs)
        ref = ref_tables[name]
        assert [chart.spec.spec_name, chart.spec.fields, chart.spec.string_fields] == ref["spec"], name
        assert chart.table.columns == ref["columns"], name
        assert len(chart.table.data) == len(ref["data"]), name
        assert _strict([list(r) for r in chart.table.data]) == _strict(ref["data"]), name
    assert len(ref_tables["roc_big"]["data"]) == 10000 and len(ref_tables["pr_big"]["data"]) == 10000
