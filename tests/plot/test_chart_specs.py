"""Chart specs, field mappings, the run.log hook and input checks (no reference client)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import wandb
from wandb.plot import _log_hook
from wandb.plot.custom_chart import CustomChart


def _table(table_cls):
    return table_cls(data=[[1, 2.0, "a"], [2, 3.0, "b"]], columns=["x", "y", "s"])


def test_simple_chart_specs(table_cls):
    t = _table(table_cls)
    cases = [
        (wandb.plot.bar(t, "s", "y", title="B"), "wandb/bar/v0", {"label": "s", "value": "y"}, {"title": "B"}),
        (wandb.plot.histogram(t, "y"), "wandb/histogram/v0", {"value": "y"}, {"title": ""}),
        (wandb.plot.line(t, "x", "y"), "wandb/line/v0", {"x": "x", "y": "y", "stroke": None}, {"title": ""}),
        (wandb.plot.line(t, "x", "y", stroke="s", title="L"), "wandb/line/v0",
         {"x": "x", "y": "y", "stroke": "s"}, {"title": "L"}),
        (wandb.plot.scatter(t, "x", "y", title="S"), "wandb/scatter/v0", {"x": "x", "y": "y"}, {"title": "S"}),
        (wandb.plot_table("a/b", t, {"f": "x"}), "a/b", {"f": "x"}, {}),
    ]
    for chart, name, fields, strings in cases:
        assert isinstance(chart, CustomChart)
        assert chart.table is t
        assert chart.spec.spec_name == name
        assert chart.spec.fields == fields
        assert chart.spec.string_fields == strings
        assert chart.spec.panel_type == "Vega2"
        assert chart.spec.split_table is False


def test_plot_table_rejects_non_table(table_cls):
    with pytest.raises(wandb.Error, match="Expected `data_table` to be `wandb.Table` type, instead got list"):
        wandb.plot_table("wandb/line/v0", [[1, 2]], {"x": "x"})


def test_config_value_and_keys(table_cls):
    chart = wandb.plot.bar(_table(table_cls), "s", "y", split_table=True)
    with pytest.raises(wandb.Error, match="Key for the custom chart spec is not set"):
        chart.spec.table_key
    chart.set_key("acc")
    assert chart.spec.table_key == "Custom Chart Tables/acc_table"
    assert chart.spec.config_key == ("_wandb", "visualize", "acc")
    value = chart.spec.config_value
    assert value["panel_type"] == "Vega2"
    cfg = value["panel_config"]
    assert list(cfg) == ["panelDefId", "fieldSettings", "stringSettings", "transform", "userQuery"]
    assert cfg["transform"] == {"name": "tableWithLeafColNames"}
    fields = cfg["userQuery"]["queryFields"][0]
    assert fields["name"] == "runSets"
    assert fields["args"] == [{"name": "runSets", "value": "${runSets}"}]
    assert [f["name"] for f in fields["fields"]] == ["id", "name", "_defaultColorIndex", "summaryTable"]
    assert fields["fields"][3]["args"] == [{"name": "tableKey", "value": "Custom Chart Tables/acc_table"}]


def test_row_hook_replaces_charts_and_writes_config(table_cls, fake_run):
    t = _table(table_cls)
    chart = wandb.plot.line(t, "x", "y")
    nested = wandb.plot.bar(t, "s", "y", split_table=True)
    data = {"loss": 1.0, "c": chart, "grp": {"b": nested, "v": 2}}
    out = _log_hook.chart_row_hook(fake_run, data)
    assert list(out) == ["loss", "grp", "c_table", "Custom Chart Tables/grp.b_table"]
    assert out["c_table"] is t and out["grp"] == {"v": 2}
    assert data["grp"]["b"] is nested  # the caller's dict is left alone
    items = [r["config"]["update"][0] for r in fake_run.records]
    assert [i["nested_key"] for i in items] == [["_wandb", "visualize", "c"], ["_wandb", "visualize", "grp.b"]]
    assert all(r["control"] == {"connection_id": "1(@)"} and r["_info"] == {"stream_id": "fakerun1"}
               for r in fake_run.records)
    assert json.loads(items[1]["value_json"]) == nested.spec.config_value
    assert items[0]["value_json"] == json.dumps(chart.spec.config_value)
    viz = fake_run._config._items["_wandb"]["visualize"]
    assert list(viz) == ["c", "grp.b"] and viz["c"]["panel_config"]["panelDefId"] == "wandb/line/v0"


def test_row_hook_leaves_plain_rows_untouched(fake_run):
    data = {"a": 1, "b": {"c": 2}}
    assert _log_hook.chart_row_hook(fake_run, data) is data
    assert fake_run.records == []


def test_visualize_uses_viz_config(table_cls, fake_run):
    t = _table(table_cls)
    out = _log_hook.chart_row_hook(fake_run, {"v": wandb.plot.visualize("wandb/x/v1", t)})
    assert out == {"v": t}
    item = fake_run.records[0]["config"]["update"][0]
    assert item["nested_key"] == ["_wandb", "viz", "v"]
    assert json.loads(item["value_json"]) == {"id": "wandb/x/v1", "historyFieldSettings": {"x-axis": "_step", "key": "v"}}


def test_hook_registered_on_import():
    from wandb.sdk.lib import value_convert

    assert _log_hook.chart_row_hook in value_convert.row_hooks


def test_line_series_tables(table_cls):
    chart = wandb.plot.line_series([1, 2], [[3, 4], [5, 6]], title="T", xname="e")
    assert chart.spec.spec_name == "wandb/lineseries/v0"
    assert chart.spec.fields == {"step": "step", "lineKey": "lineKey", "lineVal": "lineVal"}
    assert chart.spec.string_fields == {"title": "T", "xname": "e"}
    assert chart.table.columns == ["step", "lineKey", "lineVal"]
    assert [list(r) for r in chart.table.data] == [[1, "line_0", 3], [2, "line_0", 4], [1, "line_1", 5], [2, "line_1", 6]]
    each = wandb.plot.line_series(np.array([[0, 1], [2, 3]]), [[1, 2], [3, 4]], keys=["a", "b"])
    assert [list(r) for r in each.table.data] == [[0, "a", 1], [1, "a", 2], [2, "b", 3], [3, "b", 4]]


def test_line_series_errors(table_cls):
    with pytest.raises(ValueError, match=r"Number of x-series \(2\) must match y-series \(3\)"):
        wandb.plot.line_series([[1], [2]], [[1], [2], [3]])
    with pytest.raises(ValueError, match=r"Number of keys \(1\) must match y-series \(2\)"):
        wandb.plot.line_series([1, 2], [[1, 2], [3, 4]], keys=["a"])


def test_confusion_matrix_counts(table_cls):
    chart = wandb.plot.confusion_matrix(y_true=[0, 1, 1, 2], preds=[0, 1, 2, 2], class_names=["a", "b", "c"])
    assert chart.spec.spec_name == "wandb/confusion_matrix/v1"
    assert chart.spec.string_fields == {"title": "Confusion Matrix Curve"}
    assert chart.table.columns == ["Actual", "Predicted", "nPredictions"]
    rows = [list(r) for r in chart.table.data]
    assert len(rows) == 9 and rows[0] == ["a", "a", 1.0] and rows[5] == ["b", "c", 1.0]
    assert all(isinstance(r[2], float) for r in rows)
    probs = wandb.plot.confusion_matrix(probs=[[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]], y_true=[0, 1, 1])
    assert [list(r) for r in probs.table.data] == [
        ["Class_1", "Class_1", 1.0], ["Class_1", "Class_2", 0.0],
        ["Class_2", "Class_1", 1.0], ["Class_2", "Class_2", 1.0],
    ]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(probs=[[1, 0]], preds=[0], y_true=[0]), "Only one of `probs` or `preds`"),
        (dict(y_true=[0]), "One of `probs` or `preds` is required"),
        (dict(preds=[0, 1], y_true=[0]), "number of predictions and true labels must be equal"),
        (dict(preds=[0, 1], y_true=None), "`y_true` is required"),
        (dict(preds=[0, 1, 2], y_true=[0, 1, 2], class_names=["a", "b"]), "unique predicted classes exceeds"),
        (dict(preds=[0, 0, 0], y_true=[0, 1, 2], class_names=["a", "b"]), "unique true labels exceeds"),
        (dict(preds=[0, 5], y_true=[0, 1], class_names=["a", "b"]), r"`preds` holds 5"),
        (dict(probs=[0.1, 0.9], y_true=[1]), "`probs` must be 2-D"),
    ],
)
def test_confusion_matrix_errors(table_cls, kwargs, message):
    with pytest.raises(ValueError, match=message):
        wandb.plot.confusion_matrix(**kwargs)


def test_unknown_class_is_also_key_error(table_cls):
    with pytest.raises(KeyError):
        wandb.plot.confusion_matrix(preds=[0, 5], y_true=[0, 1], class_names=["a", "b"])


def test_pr_curve_values(table_cls):
    y = [0, 0, 1, 1]
    p = [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]]
    chart = wandb.plot.pr_curve(y, p, interp_size=3, labels=["neg", "pos"])
    assert chart.spec.spec_name == "wandb/area-under-curve/v0"
    assert chart.spec.fields == {"x": "recall", "y": "precision", "class": "class"}
    assert chart.spec.string_fields == {
        "title": "Precision-Recall Curve", "x-axis-title": "Recall", "y-axis-title": "Precision"}
    assert chart.table.columns == ["class", "precision", "recall"]
    rows = [list(r) for r in chart.table.data]
    # class 1 scores: 0.8(+) 0.4(-) 0.35(+) 0.1(-): precision at recall 1, .5, 0
    assert rows[3:] == [["pos", 0.667, 1.0], ["pos", 1.0, 0.5], ["pos", 1.0, 0.0]]
    assert [r[0] for r in rows[:3]] == ["neg"] * 3


def test_roc_curve_values(table_cls):
    y = [0, 0, 1, 1]
    p = [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]]
    chart = wandb.plot.roc_curve(y, p, classes_to_plot=[1])
    assert chart.spec.fields == {"x": "fpr", "y": "tpr", "class": "class"}
    assert chart.spec.string_fields == {
        "title": "ROC Curve", "x-axis-title": "False positive rate", "y-axis-title": "True positive rate"}
    assert chart.table.columns == ["class", "fpr", "tpr"]
    assert [list(r) for r in chart.table.data] == [
        [1, 0.0, 0.0], [1, 0.0, 0.5], [1, 0.5, 0.5], [1, 0.5, 1.0], [1, 1.0, 1.0]]


@pytest.mark.parametrize("fn", ["pr_curve", "roc_curve"])
@pytest.mark.parametrize(
    "args, message",
    [
        (([0, 1, 1], [[0.5, 0.5], [0.1, 0.9]]), "`y_probas` has 2 rows but `y_true` has 3 labels"),
        (([0, 1], [0.5, 0.5]), "`y_probas` must be 2-D"),
        (([0, 1, 2], [[1.0, 0], [0, 1.0], [0, 1.0]]), "`y_probas` has 2 columns but `y_true` has 3 classes"),
        (([0, 1], [[float("nan"), 1], [0, 1]]), "`y_probas` contains NaN"),
        ((None, [[0.5, 0.5]]), "`y_true` is required"),
    ],
)
def test_curve_errors(table_cls, fn, args, message):
    with pytest.raises(ValueError, match=message):
        getattr(wandb.plot, fn)(*args)


def test_curve_label_errors(table_cls):
    with pytest.raises(ValueError, match="`labels` has 1 entries, no name for class 1"):
        wandb.plot.roc_curve([0, 1], [[0.4, 0.6], [0.3, 0.7]], labels=["a"])
    with pytest.raises(ValueError, match="`interp_size` must be a positive integer"):
        wandb.plot.pr_curve([0, 1], [[0.4, 0.6], [0.3, 0.7]], interp_size=0)


@pytest.mark.parametrize("with_sklearn", [True, False])
def test_curve_resamples_above_max_rows(table_cls, monkeypatch, with_sklearn):
    if with_sklearn:
        pytest.importorskip("sklearn")
    else:
        monkeypatch.setitem(__import__("sys").modules, "sklearn.utils", None)
    monkeypatch.setattr(wandb.Table, "MAX_ROWS", 20)
    rng = np.random.RandomState(3)
    chart = wandb.plot.pr_curve(rng.randint(0, 2, 50), rng.rand(50, 2), interp_size=30)
    rows = [list(r) for r in chart.table.data]
    assert len(rows) == 20
    assert sorted({r[0] for r in rows}) == [0, 1]
    assert rows == sorted(rows, key=lambda r: (r[1], r[2], r[0]))


def test_logging_a_chart_in_a_run(isolated_wandb_env):
    from plot_helpers import real_table_available

    if not real_table_available():
        pytest.skip("wandb.Table is not available yet")
    from wandb.sdk import internal_core

    run = wandb.init(mode="offline", project="charts")
    t = wandb.Table(data=[[1, 2], [3, 4]], columns=["a", "b"])
    run.log({"acc": 0.5, "c": wandb.plot.scatter(t, "a", "b", split_table=True)})
    assert run.config._items["_wandb"]["visualize"]["c"]["panel_config"]["panelDefId"] == "wandb/scatter/v0"
    run.finish()
    records = [json.loads(text) for _o, text in internal_core.read_records(run.settings.sync_file)]
    items = [it for r in records if "config" in r for it in r["config"].get("update", [])]
    visual = [it for it in items if it.get("nested_key", [])[:2] == ["_wandb", "visualize"]]
    assert [it["nested_key"] for it in visual] == [["_wandb", "visualize", "c"]]
    rows = [r["history"]["item"] for r in records if "history" in r]
    keys = {tuple(it.get("nested_key") or [it["key"]]) for it in rows[0]}
    assert ("Custom Chart Tables/c_table", "_type") in keys and ("acc",) in keys
    assert not any(k[0] == "c" for k in keys)


def test_add_panel(fake_run):
    _log_hook.add_panel(fake_run, "k", "Vega2", {"panelDefId": "x"})
    item = fake_run.records[0]["config"]["update"][0]
    assert item == {"nested_key": ["_wandb", "visualize", "k"],
                    "value_json": '{"panel_type": "Vega2", "panel_config": {"panelDefId": "x"}}'}
