"""Record JSON ↔ protobuf, `Stream.write`, and the tolerant reader."""

from __future__ import annotations

import json
import random

import pytest

from core_helpers import kind, new_stream, records
from wandb.sdk import internal_core as core

ROUND_TRIP = [
    {"config": {"update": [{"key": "a", "value_json": "1"}]}, "control": {"connection_id": "1(@)"},
     "_info": {"stream_id": "abc"}},
    {"files": {"files": [{"path": "x", "policy": 1, "type": 1}]}},
    {"output_raw": {"output_type": 1, "timestamp": {"seconds": 5, "nanos": 7}, "line": "a"}},
    {"run": {"run_id": "r1", "project": "p", "tags": ["t"], "start_time": {"seconds": 1},
             "config": {"update": [{"key": "_wandb", "value_json": "{}"}]},
             "telemetry": {"feature": {"offline": True}, "python_version": "3.11"},
             "branch_point": {"run": "x", "value": 1.5, "metric": "_step"}, "starting_step": 3}},
    {"header": {"version_info": {"producer": "0.21.3+vireo", "min_consumer": "0.40.0"}}},
    {"exit": {"exit_code": 1, "runtime": 3}, "control": {"always_send": True}},
    {"metric": {"name": "m", "options": {"defined": True}, "summary": {"min": True}, "goal": 1}},
    {"alert": {"title": "t", "text": "x", "level": "WARN", "wait_duration": 60000}},
    {"environment": {"os": "Linux", "cpu_count": 8, "disk": {"/": {"total": 10, "used": 2}},
                     "memory": {"total": 5}, "writer_id": "w" * 32}},
    {"artifact": {"type": "dataset", "name": "d", "aliases": ["latest"],
                  "manifest": {"version": 1, "storage_policy": "wandb-storage-policy-v1",
                               "storage_policy_config": [{"key": "storageLayout", "value_json": '"V2"'}],
                               "contents": [{"path": "a.txt", "digest": "abc", "size": 3}]}}},
    {"telemetry": {"imports_init": {"torch": True, "TTS": True}, "feature": {"finish": True},
                   "label": {"code_string": "c"}, "deprecated": {"run__finish_quiet": True}}},
    {"preempting": {}}, {"final": {}}, {"footer": {}}, {"tbrecord": {"log_dir": "d", "save": True}},
    {"use_artifact": {"id": "i", "partial": {"job_name": "j"}}},
    {"stats": {"timestamp": {"seconds": 9}, "item": [{"key": "cpu", "value_json": "1.5"}]}},
    {"summary": {"update": [{"nested_key": ["a", "b"], "value_json": "1"}], "remove": [{"key": "c"}]}},
    {"history": {"item": [{"nested_key": ["a"], "value_json": "1"}], "step": {"num": 4}}},
]


@pytest.mark.parametrize("rec", ROUND_TRIP, ids=[kind(r) for r in ROUND_TRIP])
def test_encode_decode_round_trip(rec):
    data = core.encode_record(json.dumps(rec))
    assert isinstance(data, bytes)
    assert json.loads(core.decode_record(data)) == rec


def test_exact_bytes():
    # num=1 (08 01), exit=18 {runtime=3} (92 01 02 10 03)
    assert core.encode_record('{"num": 1, "exit": {"runtime": 3}}') == bytes([8, 1, 0x92, 1, 2, 0x10, 3])


@pytest.mark.parametrize("bad", [
    "{", '{"confg": {}}', '{"config": {"updat": []}}', '{"config": {}, "history": {}}',
    '{"files": {"files": [{"path": 1}]}}', "[]",
])
def test_bad_json_is_value_error(bad, tmp_path):
    with pytest.raises(ValueError):
        core.encode_record(bad)
    s, _ = new_stream(tmp_path)
    with pytest.raises(ValueError):
        s.write(bad)
    s.finish()


def test_decode_garbage_is_value_error():
    with pytest.raises(ValueError):
        core.decode_record(b"\xff\xff\xff")


def test_write_assigns_num_and_skips_local(tmp_path):
    s, path = new_stream(tmp_path)
    s.write('{"num": 42, "header": {}}')
    s.write('{"config": {}, "control": {"local": true}}')
    s.write('{"run": {"run_id": "x"}}')
    s.finish()
    recs = records(path)
    assert [kind(r) for r in recs] == ["header", "run", "summary", "exit"]
    assert [r["num"] for r in recs] == [1, 2, 3, 4]
    assert recs[-1]["exit"] == {"runtime": 2}


def test_create_is_exclusive(tmp_path):
    s, path = new_stream(tmp_path)
    with pytest.raises(FileExistsError):
        core.Stream(str(path), run_start=0.0)
    with pytest.raises(FileNotFoundError):
        core.Stream(str(tmp_path / "missing" / "run.wandb"), run_start=0.0)
    s.finish()
    assert path.read_bytes()[:7] == b":W&B\xe1\xbe\x00"


def test_flush_makes_records_visible(tmp_path):
    s, path = new_stream(tmp_path)
    s.write('{"header": {}}')
    s.log({"a": 1})
    s.flush()
    assert [kind(r) for r in records(path)] == ["header", "summary", "summary", "history"]
    s.finish()


def _log_file(tmp_path, n=300, big=False):
    s, path = new_stream(tmp_path)
    for i in range(n):
        s.log({"i": i, "pad": "x" * (70000 if big and i == 5 else 100)})
    s.finish()
    return path


def test_reader_offsets_and_skipped_bytes(tmp_path):
    path = _log_file(tmp_path, n=5, big=True)
    r = core.Reader(str(path))
    got = list(r.records())
    assert got[0][0] == 7
    assert all(a[0] < b[0] for a, b in zip(got, got[1:]))
    assert r.skipped_bytes == 0
    assert len(got) == 5 * 3 + 2


def test_reader_tolerates_truncation(tmp_path):
    path = _log_file(tmp_path, n=40)
    data = path.read_bytes()
    full = [j for _, j in core.read_records(str(path))]
    cut_path = tmp_path / "cut.wandb"
    for cut in range(7, len(data), 97):
        cut_path.write_bytes(data[:cut])
        r = core.Reader(str(cut_path))
        got = [j for _, j in r]
        assert got == full[: len(got)]
        assert r.skipped_bytes <= cut


def test_reader_tolerates_flipped_bytes(tmp_path):
    path = _log_file(tmp_path, n=600)
    data = bytearray(path.read_bytes())
    full = [j for _, j in core.read_records(str(path))]
    rng = random.Random(7)
    bad = tmp_path / "bad.wandb"
    for _ in range(20):
        b = bytearray(data)
        for _ in range(3):
            b[rng.randrange(7, len(b))] ^= rng.randrange(1, 256)
        bad.write_bytes(bytes(b))
        r = core.Reader(str(bad))
        got = [j for _, j in r]
        assert set(got) <= set(full)
        assert len(got) < len(full) and r.skipped_bytes > 0
        assert len(got) > len(full) // 2


@pytest.mark.parametrize("head", [b"", b":W&B", b":W&C\xe1\xbe\x00", b":W&B\xe1\xbe\x01"])
def test_bad_header_is_txlog_error(tmp_path, head):
    p = tmp_path / "x.wandb"
    p.write_bytes(head + b"\x00" * 20)
    with pytest.raises(core.TxLogError):
        core.read_records(str(p))
    assert issubclass(core.TxLogError, Exception)
    assert core.TxLogError.__module__ == "wandb._core"


def test_missing_file_is_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        core.Reader(str(tmp_path / "nope.wandb"))


def test_version_string():
    assert isinstance(core.core_version, str) and core.core_version.count(".") == 2


def test_rows_reach_the_os_without_an_explicit_flush(tmp_path):
    import time as _time

    s, path = new_stream(tmp_path, flush_interval_ms=50)
    s.log({"a": 1})
    deadline = _time.monotonic() + 10
    while _time.monotonic() < deadline:
        if any(kind(r) == "history" for r in records(path)):
            break
        _time.sleep(0.01)
    assert [kind(r) for r in records(path)] == ["summary", "summary", "history"]
    s.finish()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # 3.12+: fork with threads running
def test_abandon_in_forked_child_leaves_parent_stream_intact(tmp_path):
    import os

    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    s, path = new_stream(tmp_path)
    s.log({"a": 1})
    pid = os.fork()
    if pid == 0:  # child: must not write into the parent's log
        try:
            s.abandon()
            s.abandon()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    s.log({"a": 2})
    s.finish()
    assert [r["num"] for r in records(path)] == list(range(1, 9))
    assert [kind(r) for r in records(path)][-1] == "exit"
