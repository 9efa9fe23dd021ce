"""file_stream bulk ingest: shape-matched history lines read exactly as json.loads reads them,
big batches, overlapping re-sends, and the per-batch run metadata (keys, lastStep, line count)."""

from __future__ import annotations

import json
import math

import pytest

from wandb.server.errors import ClientError
from wandb.server.history_parse import history_rows

HIST = "wandb-history.jsonl"


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _types(obj: dict) -> list:
    """Keys and JSON value types (int and float are both "number")."""
    return [(k, float if type(v) is int else type(v)) for k, v in obj.items()]


GOOD = [
    '{"a":1.5,"b":2,"_step":0}',
    '{"a":-0.25,"b":3e+300,"_step":1}',          # same shape: regex path
    '{"a":NaN,"b":-Infinity,"_step":2}',
    '{"a":1,"b":1E-5,"_step":-3}',               # negative step
    '{"a":1,"b":2,"_step":4.0}',                 # float step: no step
    '{"a":1,"b":2,"_step":1e2}',                 # exponent: a float, no step
    '{"a":1,"b":2,"_step":-0}',
    '{"a":true,"b":null,"_step":true}',          # bool step: no step
    '{"a":false,"b":null,"_step":false}',
    '{"s":"h\\u00e9llo \\"q\\" \\\\ \\/ \\n","k\\u00e9":"x","_step":9}',
    '{"s":"plain","k\\u00e9":"y","_step":10}',
    '{"s":"héllo","ké":"z","_step":11}',         # raw UTF-8 keys
    '{"s":"again","ké":"w","_step":12}',
    '{"img":{"_type":"image-file","path":"a.png"},"_step":13}',
    '{"img":{"_type":"image-file","path":"b.png"},"_step":14}',
    '{"l":[1,2,{"x":null}],"_step":15}',
    ' {"a":1,"b":2,"_step":16} ',                # whitespace around: parsed
    '{"a": 1, "b": 2, "_step": 17}',             # whitespace inside: parsed
    '{"a":1,"a":2,"_step":18}',                  # duplicate key: the last wins, as json.loads
    '{"b":1,"a":2,"_step":19}',                  # other key order
    '{"big":123456789012345678901234567890,"_step":20}',
    '{"big":1,"_step":123456789012345678901234567890}',
    '{}',
    '{"_step":"7"}',
]


def test_history_rows_read_lines_exactly_as_json_loads():
    rows, objs = history_rows(HIST, 100, GOOD)
    assert [r[0] for r in rows] == list(range(100, 100 + len(GOOD)))
    assert [r[2] for r in rows] == GOOD
    for (ln, step, text), obj in zip(rows, objs):
        want = json.loads(text)
        st = want.get("_step")
        assert step == (st if type(st) is int else None), text
        assert _types(obj) == _types(want), text
    assert [r[1] for r in rows[:8]] == [0, 1, 2, -3, None, None, 0, None]


@pytest.mark.parametrize("bad", [
    '{"a":01,"b":2,"_step":5}', '{"a":1.,"b":2,"_step":5}', '{"a":.5,"b":2,"_step":5}',
    '{"a":1,"b":2,"_step":5}x', '{"a":1,"b":2,"_step":5},{}', '{"a":-,"b":2,"_step":5}',
    '{"a":1,"b":2,"_step":5', '{"a":1e,"b":2,"_step":5}', '{"a":nan,"b":2,"_step":5}',
    '{"a":+1,"b":2,"_step":5}', '{"a":1,"b":2,"_step":0x5}', '[1]', '', '1', '"x"',
    '{"s":"tab\there","k\\u00e9":"x","_step":9}', '{"s":"\\x","k\\u00e9":"x","_step":9}',
    '{"s":"\\u12","k\\u00e9":"x","_step":9}', '{"a":True,"b":null,"_step":true}',
])
def test_history_rows_reject_what_json_loads_rejects(bad):
    # the same shape's good lines come first, so ``bad`` meets the compiled matcher
    good = ['{"a":1,"b":2,"_step":0}', '{"a":true,"b":null,"_step":true}',
            '{"s":"ok","k\\u00e9":"x","_step":9}']
    with pytest.raises(ClientError):
        history_rows(HIST, 0, good + [bad])


def _run(server):
    return server.store.run_by_name("admin", "p", "r")


def _count(server) -> int:
    from sqlalchemy import func, select

    from wandb.server import tables as t

    with server.store.ro() as conn:
        return conn.execute(select(func.count()).select_from(t.history).where(t.history.c.run_id == _run(server).id)).scalar()


def _line(i: int, v: float = 0.5) -> str:
    return json.dumps({"loss": v + i, "acc": i / 7, "_step": i, "_runtime": i * 0.01}, separators=(",", ":"))


def test_big_batches_and_overlapping_resends(server):
    server.create_run("r", "p")
    n = 12_000
    for off in range(0, n, 5_000):
        body = {"files": {HIST: {"offset": off, "content": [_line(i) for i in range(off, min(n, off + 5_000))]}}}
        assert server.stream("admin", "p", "r", body).status_code == 200
    # a retry of an old window with changed values, overlapping the end, plus one new line
    body = {"files": {HIST: {"offset": n - 100, "content": [_line(i, 9.0) for i in range(n - 100, n + 1)]}}}
    assert server.stream("admin", "p", "r", body).status_code == 200
    run = _run(server)
    assert _count(server) == n + 1
    assert (run.history_line_count, run.last_step) == (n + 1, n)
    keys = json.loads(run.history_keys)["keys"]
    assert list(keys) == ["loss", "acc", "_step", "_runtime"]
    assert keys["loss"]["typeCounts"] == [{"type": "number", "count": n + 1}]  # re-sent lines count once
    from wandb.server import tables as t

    lines = server.store.tail(t.history, run.id, 3)
    assert [json.loads(x)["loss"] for x in lines] == [9.0 + n - 2, 9.0 + n - 1, 9.0 + n]


def test_mixed_shapes_in_one_batch_count_types_per_line(server):
    server.create_run("r", "p")
    content = [
        json.dumps({"x": 1, "_step": 0}),
        json.dumps({"x": "s", "_step": 1}),
        json.dumps({"x": 2.5, "_step": 2}),
        json.dumps({"x": {"_type": "histogram", "bins": [1, 2]}, "_step": 3}),
        json.dumps({"x": None, "y": True, "_step": 4}),
        json.dumps({"x": 3, "_step": 5}),
    ]
    assert server.stream("admin", "p", "r", {"files": {HIST: {"offset": 0, "content": content}}}).status_code == 200
    keys = json.loads(_run(server).history_keys)["keys"]
    assert keys["x"]["typeCounts"] == [{"type": "number", "count": 3}, {"type": "string", "count": 1},
                                       {"type": "histogram", "count": 1}, {"type": "nil", "count": 1}]
    assert keys["y"]["typeCounts"] == [{"type": "boolean", "count": 1}]
    assert keys["_step"]["typeCounts"] == [{"type": "number", "count": 6}]


def test_a_bad_line_late_in_a_batch_stores_nothing(server):
    server.create_run("r", "p")
    content = [_line(i) for i in range(3000)] + ['{"loss":01,"acc":1,"_step":3000,"_runtime":1}']
    r = server.stream("admin", "p", "r", {"files": {HIST: {"offset": 0, "content": content}}})
    assert r.status_code == 400 and "not valid JSON" in r.text
    assert _count(server) == 0 and _run(server).history_line_count == 0


def test_scan_history_returns_exactly_the_rows_sent(server, monkeypatch, tmp_path):
    monkeypatch.setenv("WANDB_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("WANDB_DIR", str(tmp_path))
    server.create_run("r", "p")
    n = 7_000
    content = [_line(i) for i in range(n)]
    for _ in range(2):  # the whole stream re-sent: still n rows
        for off in range(0, n, 3_000):
            body = {"files": {HIST: {"offset": off, "content": content[off:off + 3_000]}}}
            assert server.stream("admin", "p", "r", body).status_code == 200
    from wandb.apis.public import Api

    run = Api(overrides={"base_url": server.url}, api_key=server.key).run("admin/p/r")
    rows = list(run.scan_history(page_size=2_500))
    assert len(rows) == n
    assert [r["_step"] for r in rows] == list(range(n))
    assert all(_same(r, json.loads(c)) for r, c in zip(rows, content))
