"""`Stream.log`: the step/commit table of core-api.md, value encoding and errors."""

from __future__ import annotations

import json
import math

import pytest

from core_helpers import history_rows, kind, new_stream, records

# (calls, expected committed rows as (step, keys), expected return values)
CASES = [
    ("plain", [({"a": 1}, {}), ({"a": 2}, {})], [(0, {"a"}), (1, {"a"})], [0, 1]),
    ("commit_false_then_commit", [({"a": 1}, {"commit": False}), ({"b": 2}, {})], [(0, {"a", "b"})], [0, 0]),
    ("commit_false_only_pending_at_finish", [({"a": 1}, {"commit": False})], [(0, {"a"})], [0]),
    ("same_step_merges", [({"a": 1}, {"step": 5}), ({"b": 2}, {"step": 5})], [(5, {"a", "b"})], [5, 5]),
    ("higher_step_commits_pending", [({"a": 1}, {"step": 1}), ({"b": 2}, {"step": 3})],
     [(1, {"a"}), (3, {"b"})], [1, 3]),
    ("backward_step_dropped", [({"a": 1}, {"step": 4}), ({"b": 2}, {"step": 2})], [(4, {"a"})], [4, -1]),
    ("step_with_commit_true", [({"a": 1}, {"step": 2, "commit": True}), ({"b": 1}, {})],
     [(2, {"a"}), (3, {"b"})], [2, 3]),
    ("step_commit_false_then_plain", [({"a": 1}, {"step": 2, "commit": False}), ({"b": 1}, {})],
     [(2, {"a", "b"})], [2, 2]),
]


@pytest.mark.parametrize("name,calls,rows,returns", CASES, ids=[c[0] for c in CASES])
def test_step_commit_table(tmp_path, name, calls, rows, returns):
    s, path = new_stream(tmp_path)
    got = [s.log(data, **kw) for data, kw in calls]
    s.finish()
    assert got == returns
    hist = history_rows(path)
    special = {"_step", "_runtime", "_timestamp"}
    assert [(int(r["_step"]), set(r) - special) for r in hist] == rows


def test_commit_accepts_truthy_values(tmp_path):
    s, path = new_stream(tmp_path)
    assert s.log({"a": 1}, commit=0) == 0
    assert s.log({"b": 1}, commit=1) == 0
    assert s.log({"c": 1}, commit=None) == 1
    s.finish()
    assert len(history_rows(path)) == 2


def test_step_dropped_and_history_rows_counters(tmp_path):
    s, path = new_stream(tmp_path, starting_step=10)
    assert s.step == 10
    assert s.log({"a": 1}) == 10
    assert s.log({"a": 1}, step=3) == -1
    assert s.log({"a": 1}, step=3) == -1
    assert (s.step, s.dropped, s.history_rows()) == (11, 2, 1)
    s.finish()
    assert s.finished


def test_later_values_replace_earlier_ones_in_a_row(tmp_path):
    s, path = new_stream(tmp_path)
    s.log({"a": 1, "n": {"x": 1, "y": 2}}, commit=False)
    s.log({"a": 2, "n": {"z": 3}})
    s.finish()
    (row,) = history_rows(path)
    assert row["a"] == "2"
    assert "n.x" not in row and row["n.z"] == "3"


def test_type_errors_have_wandb_messages(tmp_path):
    s, _ = new_stream(tmp_path)
    with pytest.raises(TypeError, match="^wandb.log must be passed a dictionary$"):
        s.log([("a", 1)])
    with pytest.raises(TypeError, match=r"^Key values passed to `wandb.log` must be strings.$"):
        s.log({1: 2})
    assert s.step == 0 and s.history_rows() == 0
    s.finish()


VALUES = [
    (1.0, "1"), (0.1, "0.1"), (1e-7, "1e-07"), (1e21, "1e+21"), (1e300, "1e+300"),
    (123456789.0, "1.23456789e+08"), (2**70, "1.1805916207174113e+21"), (-(2**63), "-9223372036854775808"),
    (2**63, "9.223372036854776e+18"), (7, "7"), (True, "true"), (None, "null"),
    (float("nan"), "NaN"), (float("inf"), "Infinity"), (float("-inf"), "-Infinity"), (-0.0, "-0"),
    ([1, [2.5, "x"], None, True], '[1,[2.5,"x"],null,true]'), ((1, 2), "[1,2]"),
    ([{"b": 1, "a": 2.0}], '[{"b":1,"a":2}]'),
    ('h\u00e9 "q" \\ \n\t\x01 <>&\u2028', '"h\u00e9 \\"q\\" \\\\ \\n\\t\\u0001 <>&\u2028"'),
]


@pytest.mark.parametrize("value,want", VALUES, ids=[repr(v[0])[:30] for v in VALUES])
def test_value_json_matches_wandb_core(tmp_path, value, want):
    s, path = new_stream(tmp_path)
    s.log({"v": value})
    s.finish()
    (row,) = history_rows(path)
    assert row["v"] == want


def test_nested_dicts_flatten_to_leaves_and_empty_dicts_vanish(tmp_path):
    s, path = new_stream(tmp_path)
    s.log({"nested": {"a": 1, "b": {"c": 2.5}, "e": {}}, "val/loss": 1, "k.dot": 2})
    s.finish()
    recs = records(path)
    hist = [r for r in recs if kind(r) == "history"][0]["history"]
    paths = sorted(tuple(i["nested_key"]) for i in hist["item"])
    assert ("nested", "a") in paths and ("nested", "b", "c") in paths
    assert ("val/loss",) in paths and ("k.dot",) in paths
    assert not any(p[0] == "nested" and p[1] == "e" for p in paths if len(p) > 1)
    assert all("key" not in i for i in hist["item"])
    assert "step" in hist and hist["step"] == {}


def test_special_keys(tmp_path):
    s, path = new_stream(tmp_path)
    s.log({"a": 1, "_timestamp": 123.5})
    s.log({"a": 2, "_step": 99, "_runtime": -1})
    s.finish()
    r0, r1 = history_rows(path)
    assert r0["_timestamp"] == "123.5"
    assert float(r1["_timestamp"]) > 1.7e9 and "e+09" in r1["_timestamp"]
    assert (r0["_step"], r1["_step"]) == ("0", "1")
    rt = float(r1["_runtime"])
    assert 2.5 <= rt < 60
    assert len(r1["_runtime"].split(".")[1]) <= 9


class Media:
    def __init__(self, tag):
        self.tag = tag


def test_converter_gets_key_value_step_and_result_is_logged(tmp_path):
    calls = []

    def conv(key, value, step):
        calls.append((key, type(value).__name__, step))
        if isinstance(value, Media):
            return {"_type": "media", "tag": value.tag}
        if isinstance(value, list):
            return [getattr(v, "tag", v) for v in value]
        raise TypeError(f"cannot convert {key}")

    s, path = new_stream(tmp_path, converter=conv)
    s.log({"img": Media("x"), "lst": [1, Media("y")], "nest": {"inner": Media("z")}})
    s.log({"a": 1}, step=7, commit=False)
    s.log({"m": Media("w")}, step=7)
    s.finish()
    assert calls == [("img", "Media", 0), ("lst", "list", 0), ("inner", "Media", 0), ("m", "Media", 7)]
    r0, r1 = history_rows(path)
    assert r0["img._type"] == '"media"' and r0["img.tag"] == '"x"'
    assert r0["lst"] == '[1,"y"]'
    assert r0["nest.inner.tag"] == '"z"'
    assert r1["m.tag"] == '"w"' and r1["a"] == "1"


def test_converter_errors_propagate_and_nothing_is_applied(tmp_path):
    def conv(key, value, step):
        raise ValueError("bad value for " + key)

    s, path = new_stream(tmp_path, converter=conv)
    s.log({"a": 1}, commit=False)
    with pytest.raises(ValueError, match="bad value for b"):
        s.log({"a": 5, "b": object()})
    assert s.step == 0 and s.history_rows() == 0
    s.log({})
    s.finish()
    (row,) = history_rows(path)
    assert row["a"] == "1" and "b" not in row


def test_no_converter_means_type_error(tmp_path):
    s, _ = new_stream(tmp_path)
    with pytest.raises(TypeError, match="not JSON serializable"):
        s.log({"o": object()})
    s.finish()


def test_converter_must_return_plain_values(tmp_path):
    s, _ = new_stream(tmp_path, converter=lambda k, v, st: object())
    with pytest.raises(TypeError, match="unsupported"):
        s.log({"o": object()})
    s.finish()


def test_subclasses_of_plain_types_are_native(tmp_path):
    class F(float):
        pass

    class D(dict):
        pass

    s, path = new_stream(tmp_path, converter=lambda *a: pytest.fail("converter called"))
    s.log({"f": F(2.5), "d": D(x=1), "n": {1: "int key", None: "none key"}})
    s.finish()
    (row,) = history_rows(path)
    assert row["f"] == "2.5" and row["d.x"] == "1"
    assert row["n.1"] == '"int key"' and row["n.null"] == '"none key"'


def test_backpressure_blocks_and_calls_back_once(tmp_path):
    hits = []
    s, path = new_stream(tmp_path, queue_capacity=1, on_backpressure=lambda: hits.append(1))
    for i in range(3000):
        s.log({"i": i})
    s.finish()
    rows = history_rows(path)
    assert [int(r["i"]) for r in rows] == list(range(3000))
    assert len(hits) <= 1


def test_summary_reflects_logged_rows(tmp_path):
    s, _ = new_stream(tmp_path)
    s.log({"loss": 0.5, "x": 1, "n": {"a": 1}})
    s.log({"loss": 0.25, "x": None})
    summ = json.loads(s.summary())
    assert summ["loss"] == 0.25 and summ["x"] == 1 and summ["n"] == {"a": 1}
    assert summ["_step"] == 1 and summ["_wandb"] == {"runtime": 2}
    assert isinstance(summ["_runtime"], float)
    s.finish()


def test_nan_in_summary_is_a_bare_token(tmp_path):
    s, _ = new_stream(tmp_path)
    s.log({"v": float("nan")})
    assert math.isnan(json.loads(s.summary())["v"])
    s.finish()


def test_after_finish_log_raises_and_summary_is_final(tmp_path):
    s, _ = new_stream(tmp_path)
    s.log({"a": 1}, step=3)
    s.finish()
    s.finish()
    with pytest.raises(RuntimeError):
        s.log({"a": 1})
    with pytest.raises(RuntimeError):
        s.write('{"header": {}}')
    final = json.loads(s.summary())
    assert final["a"] == 1 and final["_step"] == 3 and final["_wandb"] == {"runtime": 2}


def test_lone_surrogates_are_replaced(tmp_path):
    s, path = new_stream(tmp_path)
    s.log({"s": "a\ud800b", "k\udfff": 1})
    s.finish()
    (row,) = history_rows(path)
    assert row["s"] == '"a\ufffdb"'
    assert row["k\ufffd"] == "1"


def test_concurrent_loggers_lose_nothing(tmp_path):
    import threading

    s, path = new_stream(tmp_path, queue_capacity=4)

    def work(t):
        for i in range(500):
            s.log({f"t{t}": i})

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    s.finish()
    rows = history_rows(path)
    assert len(rows) == 2000
    assert [int(r["_step"]) for r in rows] == list(range(2000))
    for t in range(4):
        assert [int(r[f"t{t}"]) for r in rows if f"t{t}" in r] == list(range(500))
