"""define_metric aggregates (notes §6 table), globs, step_sync and explicit summary writes."""

from __future__ import annotations

import json

import pytest

from core_helpers import history_rows, items, kind, new_stream, records


def _summary_after(tmp_path, flags, values=(5, 3, 7)):
    s, path = new_stream(tmp_path)
    summ = {f: True for f in flags}
    s.define_metric(json.dumps({"name": "m", "options": {"defined": True}, "summary": summ}))
    for v in values:
        s.log({"m": v})
    out = json.loads(s.summary())
    s.finish()
    return out, path


@pytest.mark.parametrize("flags,want", [
    (["min"], {"min": 3}), (["max"], {"max": 7}), (["mean"], {"mean": 5}), (["last"], {"last": 7}),
    (["first"], {"first": 5}), (["min", "max", "mean", "first", "last"],
                                {"last": 7, "first": 5, "max": 7, "min": 3, "mean": 5}),
    ([], 7), (["best"], 7), (["copy"], 7),
])
def test_summary_aggregates(tmp_path, flags, want):
    out, _ = _summary_after(tmp_path, flags)
    assert out["m"] == want


def test_summary_none_has_no_key_but_history_keeps_values(tmp_path):
    out, path = _summary_after(tmp_path, ["none"])
    assert "m" not in out
    assert [r["m"] for r in history_rows(path)] == ["5", "3", "7"]


def test_aggregate_json_is_go_style_in_summary_records(tmp_path):
    _, path = _summary_after(tmp_path, ["mean"], values=(1, 2))
    changes = [items(r["summary"], "update") for r in records(path) if kind(r) == "summary"]
    means = [c["m"] for c in changes if "m" in c]
    assert means == ['{"mean":1}', '{"mean":1.5}']


def test_metric_record_is_written_in_order(tmp_path):
    s, path = new_stream(tmp_path)
    s.define_metric('{"name": "m", "options": {"defined": true}, "summary": {"min": true}}')
    s.define_metric('{"metric": {"name": "k"}, "control": {"connection_id": "1(@)"}, "_info": {"stream_id": "r"}}')
    s.finish()
    recs = records(path)
    assert recs[0]["metric"] == {"name": "m", "options": {"defined": True}, "summary": {"min": True}}
    assert recs[1]["control"] == {"connection_id": "1(@)"} and recs[1]["_info"] == {"stream_id": "r"}
    with pytest.raises(ValueError):
        s2, _ = new_stream(tmp_path, "run-2.wandb")
        try:
            s2.define_metric('{"nam": "x"}')
        finally:
            s2.finish()


def test_glob_expansion_and_step_sync(tmp_path):
    s, path = new_stream(tmp_path)
    s.define_metric('{"glob_name": "val/*", "step_metric": "epoch", "options": {"step_sync": true, "defined": true}}')
    s.log({"epoch": 1, "train/loss": 0.5})
    s.log({"val/loss": 0.3})
    s.log({"val/loss": 0.2, "val/acc": 0.9})
    s.finish()
    recs = records(path)
    kinds = [kind(r) for r in recs]
    assert kinds[:5] == ["metric", "summary", "summary", "history", "metric"]
    assert recs[4]["metric"] == {"name": "val/loss", "step_metric": "epoch", "options": {"step_sync": True},
                                 "summary": {}, "_control": {"overwrite": True}, "expanded_from_glob": True}
    assert "control" not in recs[4] and "_info" not in recs[4]
    metrics = [r["metric"].get("name", "") for r in recs if kind(r) == "metric"]
    assert metrics == ["", "val/loss", "val/acc"]
    rows = history_rows(path)
    assert rows[1]["epoch"] == "1" and rows[2]["epoch"] == "1"
    assert "epoch" in rows[0]


def test_explicit_summary_switches_off_aggregation(tmp_path):
    s, path = new_stream(tmp_path)
    s.define_metric('{"name": "acc", "summary": {"max": true}}')
    s.log({"acc": 0.9})
    s.summary_update([(["acc"], "0.77")])
    s.log({"acc": 0.5})
    assert json.loads(s.summary())["acc"] == 0.5
    s.define_metric('{"name": "acc", "summary": {"max": true}}')
    s.log({"acc": 0.6})
    assert json.loads(s.summary())["acc"] == {"max": 0.9}
    s.finish()
    summaries = [r["summary"] for r in records(path) if kind(r) == "summary"]
    assert {"update": [{"key": "acc", "value_json": "0.77"}]} in summaries


def test_summary_update_nested_and_remove(tmp_path):
    s, path = new_stream(tmp_path)
    s.summary_update([(["nest"], '{"k": 1, "j": {"z": 2}}')])
    s.summary_update([(["nest", "k"], "5")], [["gone"]])
    s.summary_update([], [["other"]])
    assert json.loads(s.summary()) == {"nest": {"k": 5}}
    s.finish()
    summaries = [r["summary"] for r in records(path) if kind(r) == "summary"]
    assert summaries[1] == {"update": [{"nested_key": ["nest", "k"], "value_json": "5"}],
                            "remove": [{"key": "gone"}]}


def test_null_keeps_previous_summary(tmp_path):
    s, _ = new_stream(tmp_path)
    s.log({"x": 1})
    s.log({"x": None})
    assert json.loads(s.summary())["x"] == 1
    s.finish()


def test_media_leaves_keep_stale_keys(tmp_path):
    s, _ = new_stream(tmp_path)
    s.log({"pic": {"_type": "image-file", "path": "a.png", "caption": "first caption"}})
    s.log({"pic": {"_type": "image-file", "path": "b.png"}})
    assert json.loads(s.summary())["pic"] == {"_type": "image-file", "path": "b.png", "caption": "first caption"}
    s.finish()
