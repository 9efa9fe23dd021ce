"""Behaviours found by comparing with wandb 0.21.3 side by side (docs/dev/REVIEW-issue2.md)."""

from __future__ import annotations

import json
import math

import numpy as np
from run_helpers import history, of_type


def _final_summary(make_run, run) -> dict:
    run.finish()
    return json.loads(run._stream.summary())


def test_define_metric_redefinition_merges_with_the_earlier_definition(make_run):
    run = make_run()
    run.define_metric("epoch")
    run.define_metric("acc", step_metric="epoch")
    run.define_metric("acc", summary="max")  # merged: keeps step_metric, adds max
    run.log({"epoch": 3})
    run.log({"acc": 0.5})
    run.log({"acc": 0.25})
    rows = history(make_run.records(run))
    assert rows[1] == {"_step": 1, "acc": 0.5, "epoch": 3}  # step_sync filled epoch in
    assert _final_summary(make_run, run)["acc"] == {"max": 0.5}


def test_define_metric_overwrite_replaces_the_definition(make_run):
    run = make_run()
    run.define_metric("acc", summary="max")
    run.define_metric("acc", summary="min", overwrite=True)
    for v in (2, 1, 3):
        run.log({"acc": v})
    assert _final_summary(make_run, run)["acc"] == {"min": 1}


def test_nan_sticks_in_min_max_aggregates(make_run):
    run = make_run()
    run.define_metric("loss", summary="min,max")
    for v in (2.0, float("nan"), 5.0, 1.0):
        run.log({"loss": v})
    agg = _final_summary(make_run, run)["loss"]
    assert math.isnan(agg["min"]) and math.isnan(agg["max"])


def test_fork_from_starts_after_the_branch_step_and_records_the_branch_point(make_run):
    run = make_run(fork_from="parent01?_step=1")
    assert run.step == 2 and run.starting_step == 2
    run.log({"b": 1})
    run.log({"b": 2}, step=1)  # lower than the current step: dropped
    records = make_run.records(run)
    assert history(records) == [{"_step": 2, "b": 1}]
    branch = of_type(records, "run")[0]["branch_point"]
    assert branch == {"run": "parent01", "value": 1.0, "metric": "_step"}
    run.finish()


def test_large_arrays_in_the_summary_become_statistics(make_run):
    run = make_run()
    run.summary["big"] = np.arange(50)
    run.summary["small"] = np.arange(3)
    summary = _final_summary(make_run, run)
    assert summary["small"] == [0, 1, 2]
    big = summary["big"]
    assert big["_type"] == "numpy.ndarray" and big["size"] == 50
    assert (big["min"], big["max"], big["mean"]) == (0, 49, 24.5)
    assert big["25%"] == 12.25 and big["var"] == 208.25


def test_numpy_datetime64_is_logged_as_iso_text(make_run):
    run = make_run()
    run.log({"day": np.datetime64("2024-01-01")})
    assert history(make_run.records(run))[0]["day"] == "2024-01-01"
    run.finish()
