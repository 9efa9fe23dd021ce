"""Transaction-log compatibility with wandb 0.21.3, both directions.

(a) A log written by our ``wandb._core.Stream`` is decoded by wandb's own reader
    (``DataStore`` + ``wandb_internal_pb2.Record``) in the reference interpreter.
(b) A log written by the real wandb 0.21.3 (offline) is decoded by our reader.

The reference interpreter comes from ``VIREO_REF_PYTHON`` (skipped when unset).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from reftools import run_ref
from wandb.sdk import internal_core as core

pytestmark = pytest.mark.compat

DECODE_SCRIPT = """
import json, sys
from google.protobuf.json_format import MessageToDict
from wandb.proto import wandb_internal_pb2 as pb
from wandb.sdk.internal.datastore import DataStore

ds = DataStore()
ds.open_for_scan(sys.argv[1])
out = []
while True:
    data = ds.scan_data()
    if data is None:
        break
    rec = pb.Record()
    rec.ParseFromString(data)
    out.append({
        "num": rec.num,
        "kind": rec.WhichOneof("record_type"),
        "dict": MessageToDict(rec, preserving_proto_field_name=True, use_integers_for_enums=True),
    })
print(json.dumps(out))
"""


def _items(section: dict, field: str = "item") -> dict[str, str]:
    return {".".join(i.get("nested_key") or [i.get("key", "")]): i.get("value_json", "") for i in section.get(field, [])}


def _normalize(value):
    """MessageToDict writes int64 as strings; turn digit strings under int64 keys into ints."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("num", "starting_step", "wait_duration", "size", "ttl_duration_seconds") and isinstance(v, str):
                v = int(v)
            out[k] = _normalize(v)
        return out
    if isinstance(value, list):
        return [_normalize(v) for v in value]
    return value


def test_our_log_is_read_by_wandb(tmp_path, ref_python):
    path = tmp_path / "run-ours.wandb"
    s = core.Stream(str(path), run_start=time.time() - 1.5)
    s.write(json.dumps({"header": {"version_info": {"producer": "0.21.3+vireo", "min_consumer": "0.40.0"}},
                        "control": {"connection_id": "1(@)"}, "_info": {"stream_id": "abc"}}))
    s.write(json.dumps({"run": {"run_id": "abc", "project": "p", "tags": ["x", "y"], "starting_step": 0,
                                "config": {"update": [{"key": "lr", "value_json": "0.01"}]}},
                        "control": {"mailbox_slot": "m", "connection_id": "1(@)"}}))
    s.write(json.dumps({"files": {"files": [{"path": "requirements.txt", "type": 1, "policy": 1}]}}))
    s.define_metric(json.dumps({"name": "acc", "options": {"defined": True}, "summary": {"max": True}}))
    s.log({"acc": 0.5, "big": 1e21, "n": {"a": 1, "b": [1, 2.5]}, "s": "h\u00e9\n", "nan": float("nan")})
    s.log({"acc": 0.75, "pad": "z" * 100_000})  # spans several 32 KiB blocks
    s.log({"late": True}, step=5)
    s.summary_update([(["acc"], "0.9")])
    s.write(json.dumps({"telemetry": {"feature": {"finish": True}}}))
    s.finish(exit_code=0)
    ours = [json.loads(j) for _, j in core.read_records(str(path))]

    proc = run_ref(DECODE_SCRIPT, tmp_path, args=(str(path),))
    theirs = json.loads(proc.stdout)

    assert [r["num"] for r in theirs] == list(range(1, len(ours) + 1))
    assert [r["kind"] for r in theirs] == [
        "header", "run", "files", "metric",
        "summary", "summary", "history",
        "summary", "summary", "history",
        "summary",  # explicit summary_update
        "telemetry",
        "summary", "summary", "history",  # pending step-5 row flushed at finish
        "summary", "exit",
    ]
    for mine, ref in zip(ours, theirs):
        assert _normalize(ref["dict"]) == mine, ref["kind"]
    h0 = _items(theirs[6]["dict"]["history"])
    assert h0["acc"] == "0.5" and h0["big"] == "1e+21" and h0["nan"] == "NaN"
    assert h0["n.a"] == "1" and h0["n.b"] == "[1,2.5]" and h0["s"] == '"h\u00e9\\n"'
    assert h0["_step"] == "0"
    h1 = _items(theirs[9]["dict"]["history"])
    assert len(h1["pad"]) == 100_002
    s1 = _items(theirs[8]["dict"]["summary"], "update")
    assert s1["acc"] == '{"max":0.75}'
    assert theirs[-1]["dict"]["exit"] == {"runtime": 1}


REF_RUN_SCRIPT = """
import wandb
run = wandb.init(mode="offline", project="compat")
run.define_metric("loss", summary="min")
run.log({"loss": 0.5, "nested": {"a": 1, "b": {"c": 2.5}}, "lst": [1, 2], "s": "x"})
run.log({"loss": 0.25, "big": 1e21})
run.log({"late": 1}, step=10)
run.summary["extra"] = 3
run.finish()
print(run.dir)
"""


def test_wandb_log_is_read_by_us(tmp_path, ref_python):
    run_ref(REF_RUN_SCRIPT, tmp_path)
    (path,) = list(Path(tmp_path).glob("wandb/offline-run-*/run-*.wandb"))
    reader = core.Reader(str(path))
    recs = [json.loads(j) for _, j in reader]
    assert reader.skipped_bytes == 0
    kinds = [next(k for k in r if k not in ("num", "control", "uuid", "_info")) for r in recs]
    assert [r["num"] for r in recs] == list(range(1, len(recs) + 1))
    assert kinds[:2] == ["header", "run"] and kinds[-1] == "exit"
    assert recs[0]["header"]["version_info"]["producer"].startswith("0.21.3")
    rows = [_items(r["history"]) for r in recs if "history" in r]
    assert len(rows) == 3
    assert rows[0]["loss"] == "0.5" and rows[0]["nested.b.c"] == "2.5" and rows[0]["lst"] == "[1,2]"
    assert rows[0]["s"] == '"x"' and rows[0]["_step"] == "0"
    assert rows[1]["big"] == "1e+21" and rows[1]["_step"] == "1"
    assert rows[2]["late"] == "1" and rows[2]["_step"] == "10"
    metric = [r["metric"] for r in recs if "metric" in r]
    assert metric[0] == {"name": "loss", "options": {"defined": True}, "summary": {"min": True}}
    summaries = [_items(r["summary"], "update") for r in recs if "summary" in r]
    assert {"loss": '{"min":0.25}'}.items() <= {k: v for s in summaries for k, v in s.items()}.items()
    assert any(s.get("extra") == "3" for s in summaries)
    # Our encoder reproduces wandb's bytes for every record it decoded.
    for _, text in core.read_records(str(path)):
        assert json.loads(core.decode_record(core.encode_record(text))) == json.loads(text)


STEP_CALLS = [
    ({"a": 1}, {}), ({"b": 2}, {"commit": False}), ({"c": 3}, {}), ({"d": 4}, {"step": 5}),
    ({"e": 5}, {"step": 5, "commit": True}), ({"f": 6}, {}), ({"g": 7}, {"step": 3}),
    ({"h": 8}, {"step": 10, "commit": False}), ({"i": 9}, {}), ({"j": 10}, {"commit": False}),
    ({"k": {"x": 1.5, "y": [1, None]}}, {"step": 12}),
]


def _rows_of(path: Path) -> list[dict[str, str]]:
    rows = []
    for _, text in core.read_records(str(path)):
        rec = json.loads(text)
        if "history" in rec:
            row = _items(rec["history"])
            row.pop("_runtime"), row.pop("_timestamp")
            rows.append(row)
    return rows


def test_step_and_commit_rows_match_wandb(tmp_path, ref_python):
    script = "import wandb\nrun = wandb.init(mode='offline', project='steps')\n"
    script += "".join(f"run.log({data!r}, **{kw!r})\n" for data, kw in STEP_CALLS)
    script += "print(run.step)\nrun.finish()\n"
    proc = run_ref(script, tmp_path / "ref")
    (ref_path,) = list(Path(tmp_path / "ref").glob("wandb/offline-run-*/run-*.wandb"))

    ours = tmp_path / "run-ours.wandb"
    s = core.Stream(str(ours), run_start=time.time())
    for data, kw in STEP_CALLS:
        s.log(data, **kw)
    assert s.step == int(proc.stdout.strip().splitlines()[-1])
    s.finish()
    assert _rows_of(ours) == _rows_of(ref_path)


def _final_summary(path: Path) -> dict:
    out: dict = {}
    for _, text in core.read_records(str(path)):
        rec = json.loads(text)
        for it in rec.get("summary", {}).get("update", []):
            keys = it.get("nested_key") or [it["key"]]
            node = out
            for k in keys[:-1]:
                if not isinstance(node.get(k), dict):
                    node[k] = {}
                node = node[k]
            node[keys[-1]] = json.loads(it["value_json"])
        for it in rec.get("summary", {}).get("remove", []):
            keys = it.get("nested_key") or [it["key"]]
            node = out
            for k in keys[:-1]:
                node = node.get(k, {})
            node.pop(keys[-1], None)
    for k in ("_runtime", "_timestamp", "_wandb"):
        out.pop(k, None)
    return out


def _metric_records(path: Path) -> list[dict]:
    recs = [json.loads(t) for _, t in core.read_records(str(path))]
    return [r["metric"] for r in recs if "metric" in r]


def test_summary_and_metrics_match_wandb(tmp_path, ref_python):
    script = """
import wandb
run = wandb.init(mode="offline", project="summ")
run.define_metric("all", summary="min,max,mean,first,last")
run.define_metric("hidden_sum", summary="none")
run.define_metric("val/*", step_metric="epoch")
run.define_metric("acc", summary="max")
for i, v in enumerate([5, 3, 7]):
    run.log({"all": v, "hidden_sum": v, "epoch": i, "nest": {"a": v, "b": {"c": v * 0.5}}})
run.log({"val/loss": 0.25, "x": None, "acc": 0.9})
run.log({"val/loss": 0.125, "acc": 0.95})
run.summary["acc"] = 0.77
run.log({"acc": 0.5, "s": "text"})
run.summary["extra"] = {"k": 1}
del run.summary["nest"]
run.finish()
"""
    run_ref(script, tmp_path / "ref")
    (ref_path,) = list(Path(tmp_path / "ref").glob("wandb/offline-run-*/run-*.wandb"))

    ours = tmp_path / "run-ours.wandb"
    s = core.Stream(str(ours), run_start=time.time())
    for name, summ in (("all", ["min", "max", "mean", "first", "last"]), ("hidden_sum", ["none"])):
        s.define_metric(json.dumps({"name": name, "options": {"defined": True}, "summary": {f: True for f in summ}}))
    s.define_metric(json.dumps({"glob_name": "val/*", "step_metric": "epoch",
                                "options": {"step_sync": True, "defined": True}}))
    s.define_metric(json.dumps({"name": "acc", "options": {"defined": True}, "summary": {"max": True}}))
    for i, v in enumerate([5, 3, 7]):
        s.log({"all": v, "hidden_sum": v, "epoch": i, "nest": {"a": v, "b": {"c": v * 0.5}}})
    s.log({"val/loss": 0.25, "x": None, "acc": 0.9})
    s.log({"val/loss": 0.125, "acc": 0.95})
    s.summary_update([(["acc"], "0.77")])
    s.log({"acc": 0.5, "s": "text"})
    s.summary_update([(["extra"], '{"k": 1}')])
    s.summary_update([], [["nest"]])
    s.finish()

    assert _final_summary(ours) == _final_summary(ref_path)
    assert _final_summary(ours)["all"] == {"min": 3, "max": 7, "mean": 5, "first": 5, "last": 7}
    expanded = [m for m in _metric_records(ref_path) if m.get("expanded_from_glob")]
    assert [m["name"] for m in expanded] == ["val/loss"]
    assert [m for m in _metric_records(ours) if m.get("expanded_from_glob")] == expanded
    assert _rows_of(ours) == _rows_of(ref_path)
