"""Bad data-type input raises at construction; the run keeps going and nothing logged is lost."""

from __future__ import annotations

import glob
import io
import json
import os

import numpy as np
import pytest

import wandb


def _history(run_dir: str) -> list:
    from wandb.sdk import internal_core

    path = glob.glob(os.path.join(run_dir, "run-*.wandb"))[0]
    rows = []
    for _off, text in internal_core.read_records(path):
        rec = json.loads(text)
        if "history" in rec:
            row = {}
            for it in rec["history"].get("item", []):
                key = (it.get("nested_key") or [it.get("key")])
                row[".".join(key)] = json.loads(it["value_json"])
            rows.append(row)
    return rows


def test_errors_do_not_break_the_run(isolated_wandb_env):
    run = wandb.init(project="p", mode="offline")
    run_dir = os.path.dirname(run.dir)
    run.log({"t": wandb.Table(columns=["a"], data=[[1]])})
    bad = [
        lambda: wandb.Table(columns=["a", "b"], data=[[1]]),
        lambda: wandb.Table(columns=["a"], data=[[1], ["x"]]),
        lambda: wandb.Histogram([1, 2], num_bins=1000),
        lambda: wandb.Object3D(np.zeros((4, 2))),
        lambda: wandb.Object3D("nope.stl"),
        lambda: wandb.Molecule("nope.pdb"),
        lambda: wandb.Molecule(io.StringIO("x"), file_type="exe"),
        lambda: wandb.Html(123),
    ]
    for make in bad:
        with pytest.raises((ValueError, TypeError, FileNotFoundError)):
            make()
    run.log({"after": 2, "h": wandb.Histogram([1, 2, 3], num_bins=3)})
    run.finish()
    rows = _history(run_dir)
    assert rows[0]["t._type"] == "table-file" and rows[0]["t.nrows"] == 1
    assert rows[1]["after"] == 2 and rows[1]["h.values"] == [1, 1, 1]
    table_files = glob.glob(os.path.join(run_dir, "files", "media", "table", "t_0_*.table.json"))
    assert len(table_files) == 1
    assert json.load(open(table_files[0])) == {"columns": ["a"], "data": [[1]]}
