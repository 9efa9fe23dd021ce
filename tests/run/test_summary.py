"""run.summary: reads reflect logged rows, explicit writes become summary records."""

from __future__ import annotations

import pytest
from run_helpers import of_type


def _explicit(records):
    """Explicit summary records (in these tests: every summary without the runtime items)."""
    out = []
    for r in records:
        s = r.get("summary")
        if s is None:
            continue
        paths = [tuple(i.get("nested_key") or [i.get("key")]) for i in s.get("update", [])]
        if ("_runtime",) in paths or ("_wandb", "runtime") in paths:
            continue
        out.append(s)
    return out


def test_reads_reflect_logged_rows_immediately(make_run):
    run = make_run()
    run.log({"loss": 0.5, "nest": {"a": 1}})
    assert run.summary["loss"] == 0.5
    run.log({"loss": 0.25})
    assert run.summary["loss"] == 0.25
    assert run.summary.get("missing", 7) == 7
    assert run.summary.loss == 0.25
    assert run.summary["nest"]["a"] == 1
    assert run.summary.nest.a == 1
    assert "loss" in run.summary
    assert "_wandb" not in run.summary.keys()
    keys = set(run.summary.keys())
    assert {"loss", "nest", "_step", "_runtime", "_timestamp"} <= keys
    assert dict(run.summary.items())["loss"] == 0.25
    assert len(run.summary) == len(keys)


def test_missing_key_raises_key_error_and_attribute_error(make_run):
    run = make_run()
    with pytest.raises(KeyError):
        run.summary["nope"]
    assert not hasattr(run.summary, "nope")


def test_explicit_writes_records(make_run):
    run = make_run()
    run.summary["s"] = 1.5
    run.summary.update({"t": {"u": 1}, "l": [1, 2]})
    run.summary["t"]["v"] = 2
    run.summary.w = "x"
    del run.summary["s"]
    run.finish()
    recs = make_run.records(run)
    assert _explicit(recs) == [
        {"update": [{"key": "s", "value_json": "1.5"}]},
        {"update": [{"key": "t", "value_json": '{"u": 1}'}, {"key": "l", "value_json": "[1, 2]"}]},
        {"update": [{"nested_key": ["t", "v"], "value_json": "2"}]},
        {"update": [{"key": "w", "value_json": '"x"'}]},
        {"remove": [{"key": "s"}]},
    ]
    tel = of_type(recs, "telemetry")
    assert any(t.get("feature", {}).get("set_summary") for t in tel)


def test_explicit_write_is_visible(make_run):
    run = make_run()
    run.summary["best"] = 0.9
    assert run.summary["best"] == 0.9
    del run.summary["best"]
    assert "best" not in run.summary


def test_numpy_in_summary(make_run):
    np = pytest.importorskip("numpy")
    run = make_run()
    run.summary["s1"] = np.float32(1.5)
    run.summary["s2"] = np.arange(3)
    run.finish()
    assert _explicit(make_run.records(run)) == [
        {"update": [{"key": "s1", "value_json": "1.5"}]},
        {"update": [{"key": "s2", "value_json": "[0, 1, 2]"}]},
    ]


def test_unserializable_summary_value(make_run):
    run = make_run()
    with pytest.raises(TypeError, match="not JSON serializable"):
        run.summary["bad"] = object()


def test_after_finish(make_run, capsys):
    from wandb.errors import UsageError

    run = make_run()
    run.log({"a": 1})
    run.finish()
    capsys.readouterr()
    assert run.summary.keys() == []
    assert "Summary data not available in finished run" in capsys.readouterr().err
    with pytest.raises(UsageError, match="is finished"):
        run.summary["a"] = 2


@pytest.mark.real_core
def test_explicit_set_switches_off_aggregation(make_run):
    run = make_run()
    run.define_metric("acc", summary="max")
    run.log({"acc": 0.6})
    assert run.summary["acc"] == {"max": 0.6}
    run.summary["acc"] = 0.77
    run.log({"acc": 0.5})
    assert run.summary["acc"] == 0.5


@pytest.mark.real_core
def test_none_does_not_clear_summary(make_run):
    run = make_run()
    run.log({"x": 1})
    run.log({"x": None})
    assert run.summary["x"] == 1
