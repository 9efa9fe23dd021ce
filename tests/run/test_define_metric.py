"""run.define_metric: MetricRecord JSON, validation and deprecations (wandb 0.21.3)."""

from __future__ import annotations

import pytest
from run_helpers import history, of_type


def _client_metrics(records):
    return [m for m in of_type(records, "metric") if not m.get("expanded_from_glob")]


def test_metric_records(make_run):
    run = make_run()
    run.define_metric("m", summary="min,max")
    run.define_metric("val/*", step_metric="epoch")
    run.define_metric("h", hidden=True, overwrite=True)
    run.define_metric("g", summary="best", goal="maximize")
    run.define_metric("n", step_metric="e", step_sync=False, summary="MEAN,last,first,none")
    run.finish()
    assert _client_metrics(make_run.records(run)) == [
        {"name": "m", "options": {"defined": True}, "summary": {"min": True, "max": True}},
        {"glob_name": "val/*", "step_metric": "epoch", "options": {"step_sync": True, "defined": True}},
        {"name": "h", "options": {"hidden": True, "defined": True}, "_control": {"overwrite": True}},
        {"name": "g", "options": {"defined": True}, "summary": {"best": True}, "goal": 2},
        {"name": "n", "step_metric": "e", "options": {"defined": True},
         "summary": {"mean": True, "last": True, "none": True, "first": True}},
    ]


def test_metric_object(make_run):
    run = make_run()
    m = run.define_metric("y", step_metric="e", summary="max", hidden=True, goal="minimize")
    assert (m.name, m.step_metric, m.step_sync, m.summary, m.hidden, m.goal) == (
        "y", "e", True, ("max",), True, "minimize")
    z = run.define_metric("z", step_metric=m)
    assert z.step_metric == "y"
    plain = run.define_metric("p")
    assert (plain.step_sync, plain.summary, plain.goal) == (False, None, None)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": ""}, "define_metric() requires non-empty name argument"),
        ({"name": "a*b"}, "Unhandled define_metric() arg: name (glob suffixes only): a*b"),
        ({"name": "*/loss"}, "Unhandled define_metric() arg: name (glob suffixes only): */loss"),
        ({"name": "x", "summary": "foo"}, "Unhandled define_metric() arg: summary op: foo"),
        ({"name": "x", "goal": "up"}, "Unhandled define_metric() arg: goal: up"),
        ({"name": "x", "step_metric": 3}, "Unhandled define_metric() arg: step_metric type: int"),
        ({"name": "x", "hidden": 1}, "Unhandled define_metric() arg: hidden type: int"),
        ({"name": "x", "summary": ["min"]}, "Unhandled define_metric() arg: summary type: list"),
    ],
)
def test_validation_errors(make_run, kwargs, message):
    import wandb.errors

    run = make_run()
    with pytest.raises(wandb.errors.Error) as info:
        run.define_metric(**kwargs)
    assert str(info.value) == message


def test_star_glob_is_allowed(make_run):
    run = make_run()
    run.define_metric("*")
    run.finish()
    assert _client_metrics(make_run.records(run)) == [{"glob_name": "*", "options": {"defined": True}}]


def test_deprecations_warn_once_and_set_telemetry(make_run, capsys):
    run = make_run()
    run.define_metric("x", goal="Maximize", summary="best")
    run.define_metric("x", summary="copy")
    err = capsys.readouterr().err
    assert ("WARNING define_metric(summary='best', goal=...) is deprecated and will be removed. "
            "Use define_metric(summary='min') or define_metric(summary='max') instead.") in err
    assert "WARNING define_metric(summary='copy') is deprecated and will be removed." in err
    run.finish()
    last = of_type(make_run.records(run), "telemetry")[-1]
    assert last["deprecated"] == {"run__define_metric_best_goal": True, "run__define_metric_copy": True}
    assert {"metric", "metric_summary", "metric_goal"} <= set(last["feature"])


def test_after_finish(make_run):
    from wandb.errors import UsageError

    run = make_run()
    run.finish()
    with pytest.raises(UsageError, match="The call to `define_metric` will be ignored"):
        run.define_metric("x")


@pytest.mark.real_core
def test_summary_aggregates(make_run):
    run = make_run()
    run.define_metric("m", summary="min,max,mean,first,last")
    run.define_metric("gone", summary="none")
    for v in (5, 3, 7):
        run.log({"m": v, "gone": v})
    assert run.summary["m"] == {"min": 3, "max": 7, "mean": 5, "first": 5, "last": 7}
    assert "gone" not in run.summary


@pytest.mark.real_core
def test_glob_step_metric_sync(make_run):
    run = make_run()
    run.define_metric("val/*", step_metric="epoch")
    run.log({"epoch": 1})
    run.log({"val/loss": 0.5})
    run.finish()
    recs = make_run.records(run)
    rows = history(recs)
    assert rows[1] == {"val/loss": 0.5, "epoch": 1, "_step": 1}
    expanded = [m for m in of_type(recs, "metric") if m.get("expanded_from_glob")]
    assert expanded[0]["name"] == "val/loss" and expanded[0]["step_metric"] == "epoch"
