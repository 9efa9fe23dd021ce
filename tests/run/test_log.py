"""run.log: steps, commit, dropped steps, errors, value kinds."""

from __future__ import annotations

import math

import pytest
from run_helpers import history, of_type

STEP_WARNING = (
    "Tried to log to step 3 that is less than the current step 5. Steps must be monotonically "
    "increasing, so this data will be ignored. See https://wandb.me/define-metric to log data "
    "out of order."
)


def _rows(make_run, calls):
    run = make_run()
    for data, kw in calls:
        run.log(data, **kw)
    run.finish()
    return history(make_run.records(run))


EXPECTED = [
    {"train-loss": 0.5, "accuracy": 0.8, "_step": 0},
    {"train-loss": 0.4, "accuracy": 0.9, "_step": 1},
]


def test_normal_usage(make_run):
    rows = _rows(make_run, [({"train-loss": 0.5, "accuracy": 0.8}, {}), ({"train-loss": 0.4, "accuracy": 0.9}, {})])
    assert rows == EXPECTED


def test_implicit_step_commit_false(make_run):
    rows = _rows(make_run, [
        ({"train-loss": 0.5}, {"commit": False}), ({"accuracy": 0.8}, {}),
        ({"train-loss": 0.4}, {"commit": False}), ({"accuracy": 0.9}, {}),
    ])
    assert rows == EXPECTED


def test_explicit_step(make_run):
    rows = _rows(make_run, [
        ({"train-loss": 0.5}, {"step": 0}), ({"accuracy": 0.8}, {"step": 0}),
        ({"train-loss": 0.4}, {"step": 1}), ({"accuracy": 0.9}, {"step": 1}),
    ])
    assert rows == EXPECTED


def test_explicit_step_jump_and_commit_true(make_run):
    run = make_run()
    run.log({"a": 1})
    assert run.step == 1
    run.log({"d": 4}, step=5)
    assert run.step == 5
    run.log({"e": 5}, step=5)
    run.log({"g": 7}, step=7, commit=True)
    assert run.step == 8
    run.log({"h": 8})
    run.finish()
    assert history(make_run.records(run)) == [
        {"a": 1, "_step": 0},
        {"d": 4, "e": 5, "_step": 5},
        {"g": 7, "_step": 7},
        {"h": 8, "_step": 8},
    ]


def test_pending_row_is_written_at_finish(make_run):
    run = make_run()
    run.log({"x": 1}, commit=False)
    run.finish()
    assert history(make_run.records(run)) == [{"x": 1, "_step": 0}]


def test_lower_step_is_dropped_with_wandb_warning(make_run, capsys):
    run = make_run()
    run.log({"a": 1}, step=5)
    run.log({"f": 6}, step=3)
    run.log({"f": 7}, step=4)
    assert run._dropped_steps == 2
    assert run.step == 5
    err = capsys.readouterr().err
    assert f"wandb: WARNING {STEP_WARNING}" in err
    run.finish()
    assert history(make_run.records(run)) == [{"a": 1, "_step": 5}]


def test_timestamp_and_runtime_are_added(make_run):
    run = make_run()
    run.log({"a": 1})
    run.log({"b": 1, "_timestamp": 123.5})
    run.finish()
    rows = history(make_run.records(run), drop_times=False)
    assert isinstance(rows[0]["_timestamp"], float) and rows[0]["_timestamp"] > 1e9
    assert rows[0]["_runtime"] >= 0
    assert rows[1]["_timestamp"] == 123.5


def test_nested_dicts_and_slash_keys(make_run):
    run = make_run()
    run.log({"nested": {"a": 1, "b": {"c": 2.5}}, "val/loss": 0.25, "a/b/c": 1})
    run.finish()
    recs = make_run.records(run)
    items = of_type(recs, "history")[0]["item"]
    paths = sorted(tuple(i["nested_key"]) for i in items if not i["nested_key"][0].startswith("_"))
    assert paths == [("a/b/c",), ("nested", "a"), ("nested", "b", "c"), ("val/loss",)]


def test_log_requires_dict_and_str_keys(make_run):
    run = make_run()
    with pytest.raises(TypeError, match="wandb.log must be passed a dictionary"):
        run.log([1, 2])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Key values passed to `wandb.log` must be strings."):
        run.log({1: 2})  # type: ignore[dict-item]


def test_unserializable_value_names_key_and_logs_nothing(make_run):
    run = make_run()
    run.log({"ok": 1})
    with pytest.raises(TypeError) as info:
        run.log({"x": 1, "bad": object()})
    assert "'bad'" in str(info.value)
    assert "not JSON serializable" in str(info.value)
    assert run.step == 1
    run.log({"y": 2})
    run.finish()
    assert history(make_run.records(run)) == [{"ok": 1, "_step": 0}, {"y": 2, "_step": 1}]


def test_numpy_values(make_run):
    np = pytest.importorskip("numpy")
    run = make_run()
    run.log({
        "f32": np.float32(1.5), "i64": np.int64(3), "b": np.bool_(True), "one": np.array([2.0]),
        "zero_d": np.array(5), "small": np.arange(3), "grid": np.ones((2, 2)),
        "f32nan": np.float32("nan"), "lst": [np.int32(1), np.float32(2.5)],
        "nest": {"x": np.arange(2)},
    })
    run.finish()
    row = history(make_run.records(run))[0]
    assert row == {
        "f32": 1.5, "i64": 3, "b": True, "one": 2.0, "zero_d": 5, "small": [0, 1, 2],
        "grid": [[1.0, 1.0], [1.0, 1.0]], "f32nan": None, "lst": [1, 2.5], "nest": {"x": [0, 1]},
        "_step": 0,
    }


def test_large_numpy_array_becomes_32_bin_histogram(make_run):
    np = pytest.importorskip("numpy")
    run = make_run()
    run.log({"big": np.arange(100)})
    run.finish()
    big = history(make_run.records(run))[0]["big"]
    assert big["_type"] == "histogram"
    assert len(big["values"]) == 32 and len(big["bins"]) == 33
    assert sum(big["values"]) == 100
    assert big["bins"][0] == 0 and big["bins"][-1] == 99


def test_torch_like_tensors_are_duck_typed(make_run):
    np = pytest.importorskip("numpy")

    class Tensor:  # looks like torch.Tensor by module/name
        requires_grad = False

        def __init__(self, arr):
            self.arr = np.asarray(arr)

        def dim(self):
            return self.arr.ndim

        def item(self):
            return self.arr.item()

        def detach(self):
            return self

        def cpu(self):
            return self

        def numpy(self):
            return self.arr

    Tensor.__module__ = "torch"
    run = make_run()
    run.log({"scalar": Tensor(2.5), "vec": Tensor([1, 2])})
    run.finish()
    row = history(make_run.records(run))[0]
    assert row["scalar"] == 2.5 and row["vec"] == [1, 2]


def test_none_is_kept_in_history(make_run):
    run = make_run()
    run.log({"n": None, "x": 1})
    run.finish()
    assert history(make_run.records(run)) == [{"n": None, "x": 1, "_step": 0}]


@pytest.mark.real_core
def test_special_floats_and_big_ints_exact_json(make_run):
    run = make_run()
    run.log({"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"), "big": 2**70, "e": 1e300})
    run.finish()
    items = {tuple(i["nested_key"]): i["value_json"] for i in of_type(make_run.records(run), "history")[0]["item"]}
    assert items[("nan",)] == "NaN"
    assert items[("inf",)] == "Infinity"
    assert items[("ninf",)] == "-Infinity"
    assert items[("e",)] == "1e+300"
    assert items[("big",)] in (str(2**70), "1.1805916207174113e+21")


def test_special_floats_roundtrip(make_run):
    run = make_run()
    run.log({"nan": float("nan"), "inf": float("inf")})
    run.finish()
    row = history(make_run.records(run))[0]
    assert math.isnan(row["nan"]) and row["inf"] == math.inf


def test_log_after_finish_raises_usage_error(make_run):
    from wandb.errors import UsageError

    run = make_run()
    run.finish()
    with pytest.raises(UsageError, match=r"Run \(run0abcd\) is finished. The call to `log` will be ignored."):
        run.log({"a": 1})


def test_step_log_sets_telemetry(make_run):
    run = make_run()
    run.log({"a": 1}, step=2)
    run.finish()
    tel = of_type(make_run.records(run), "telemetry")
    assert any(t.get("feature", {}).get("set_step_log") for t in tel)
