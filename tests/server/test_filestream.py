"""file_stream: offset-addressed lines, idempotent retries, summary, uploaded, completion, crashes."""

from __future__ import annotations

import json

import srv_docs as docs

HIST = "wandb-history.jsonl"


def _history(server, run="r"):
    data = server.gql(docs.FULL_HISTORY, {"project": "p", "entity": "admin", "name": run, "samples": 10000})
    return [json.loads(x) for x in data["project"]["run"]["history"]]


def test_resending_an_offset_overwrites(server):
    server.create_run("r", "p")
    body = {"files": {HIST: {"offset": 0, "content": [json.dumps({"_step": i, "x": i}) for i in range(3)]}}}
    for _ in range(3):  # client retries send byte-identical bodies
        r = server.stream("admin", "p", "r", body)
        assert r.status_code == 200 and r.json() == {"exitcode": None, "limits": {}}
    more = {"files": {HIST: {"offset": 2, "content": [json.dumps({"_step": 2, "x": 20}), json.dumps({"_step": 3, "x": 3})]}}}
    assert server.stream("admin", "p", "r", more).status_code == 200
    assert _history(server) == [{"_step": 0, "x": 0}, {"_step": 1, "x": 1}, {"_step": 2, "x": 20}, {"_step": 3, "x": 3}]
    run = server.store.run_by_name("admin", "p", "r")
    assert run.history_line_count == 4 and run.last_step == 3
    keys = json.loads(run.history_keys)["keys"]
    assert keys["x"]["typeCounts"] == [{"type": "number", "count": 4}]  # retries are not counted twice


def test_console_lines_overwrite_by_line_number(server):
    server.create_run("r", "p")
    server.stream("admin", "p", "r", {"files": {"output.log": {"offset": 0, "content": ["t0 a", "t1 progress 1"]}}})
    server.stream("admin", "p", "r", {"files": {"output.log": {"offset": 1, "content": ["t1 progress 2", "t2 done"]}}})
    run = server.store.run_by_name("admin", "p", "r")
    assert server.store.console_lines(run.id) == ["t0 a", "t1 progress 2", "t2 done"]
    assert run.log_line_count == 3


def test_summary_is_replaced_and_heartbeat_accepted(server):
    server.create_run("r", "p")
    for s in ({"a": 1, "b": 2}, {"a": 3}):
        body = {"files": {"wandb-summary.json": {"offset": 0, "content": [json.dumps(s)]}}}
        assert server.stream("admin", "p", "r", body).status_code == 200
    assert server.stream("admin", "p", "r", {}).status_code == 200
    legacy = {"complete": False, "failed": False, "dropped": 0, "uploaded": []}
    assert server.stream("admin", "p", "r", legacy).status_code == 200
    run = server.store.run_by_name("admin", "p", "r")
    assert json.loads(run.summary) == {"a": 3} and run.state == "running"


def test_complete_with_exitcode_sets_state(server):
    for name, code, state in (("ok", 0, "finished"), ("bad", 1, "failed"), ("killed", 255, "failed")):
        server.create_run(name, "p")
        r = server.stream("admin", "p", name, {"complete": True, "exitcode": code, "uploaded": ["wandb-metadata.json"]})
        assert r.status_code == 200
        run = server.store.run_by_name("admin", "p", name)
        assert (run.state, run.exit_code) == (state, code)


def test_malformed_requests_store_nothing(server):
    server.create_run("r", "p")
    good = json.dumps({"_step": 0})
    bad_bodies = [
        {"files": {HIST: {"offset": 0, "content": [good, "{not json"]}}},
        {"files": {HIST: {"offset": 0, "content": [good, "[1, 2]"]}}},
        {"files": {HIST: {"offset": -1, "content": [good]}}},
        {"files": {HIST: {"offset": "0", "content": [good]}}},
        {"files": {HIST: {"offset": 0, "content": good}}},
        {"files": {HIST: {"offset": 0, "content": [good]}}, "uploaded": ["../../x"]},
        {"files": {HIST: {"offset": 0, "content": [good]}}, "exitcode": "zero", "complete": True},
        {"files": ["x"]},
        [1, 2],
    ]
    for body in bad_bodies:
        r = server.stream("admin", "p", "r", body)
        assert r.status_code == 400, (body, r.text)
        assert r.json()["error"]
    import requests

    r = requests.post(f"{server.url}/files/admin/p/r/file_stream", data=b"{oops", auth=server.auth(), timeout=10)
    assert r.status_code == 400
    run = server.store.run_by_name("admin", "p", "r")
    assert run.history_line_count == 0 and _history(server) == [] and run.state == "running"


def test_unknown_run_is_404(server):
    r = server.stream("admin", "p", "nope", {"files": {HIST: {"offset": 0, "content": ["{}"]}}})
    assert r.status_code == 404


def test_oversized_body_is_413(tmp_path, monkeypatch):
    from wandb.server import start_in_thread

    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    h = start_in_thread(str(tmp_path / "d"), max_filestream_bytes=1000, max_graphql_bytes=500)
    try:
        import requests

        auth = ("api", h.admin_key)
        requests.post(h.url + "/graphql", auth=auth, timeout=10, json={
            "query": "mutation{upsertBucket(input:{name:\"r\",modelName:\"p\"}){inserted}}"}).raise_for_status()
        big = {"files": {HIST: {"offset": 0, "content": [json.dumps({"_step": 0, "pad": "x" * 2000})]}}}
        r = requests.post(f"{h.url}/files/admin/p/r/file_stream", json=big, auth=auth, timeout=10)
        assert r.status_code == 413 and "limit" in r.json()["error"]
        r = requests.post(h.url + "/graphql", json={"query": "{viewer{id}}" + " " * 1000}, auth=auth, timeout=10)
        assert r.status_code == 413
        assert h.store.run_by_name("admin", "p", "r").history_line_count == 0
    finally:
        h.stop()


def test_silent_runs_become_crashed(server):
    import time

    server.create_run("alive", "p")
    server.create_run("done", "p")
    server.stream("admin", "p", "done", {"complete": True, "exitcode": 0})
    monitor = server.handle.app.state.monitor
    assert monitor.check_once() == 0  # heartbeats are fresh
    assert server.store.mark_crashed(time.time() + 1) == 1  # as if crash_after_s had passed
    assert server.store.run_by_name("admin", "p", "alive").state == "crashed"
    assert server.store.run_by_name("admin", "p", "done").state == "finished"
    server.stream("admin", "p", "alive", {})  # a late heartbeat revives it
    assert server.store.run_by_name("admin", "p", "alive").state == "running"


def test_history_key_types_include_media(server):
    server.create_run("r", "p")
    rows = [{"_step": 0, "img": {"_type": "image-file", "path": "media/images/a.png"}, "cfg": {"a": 1}, "n": None,
             "flag": True, "xs": [1]}]
    server.stream("admin", "p", "r", {"files": {HIST: {"offset": 0, "content": [json.dumps(r) for r in rows]}}})
    keys = json.loads(server.store.run_by_name("admin", "p", "r").history_keys)["keys"]
    types = {k: [e["type"] for e in v["typeCounts"]] for k, v in keys.items()}
    assert types == {"_step": ["number"], "img": ["image-file"], "cfg": ["map"], "n": ["nil"], "flag": ["boolean"],
                     "xs": ["list"]}


def test_concurrent_streams_to_many_runs(server):
    from concurrent.futures import ThreadPoolExecutor

    names = [f"c{i}" for i in range(6)]
    for n in names:
        server.create_run(n, "p")

    def stream(name: str) -> None:
        for off in range(0, 100, 10):
            lines = [json.dumps({"_step": i, "run": name}) for i in range(off, off + 10)]
            r = server.stream("admin", "p", name, {"files": {HIST: {"offset": off, "content": lines}}})
            assert r.status_code == 200, r.text

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(stream, names))
    for n in names:
        rows = _history(server, n)
        assert [r["_step"] for r in rows] == list(range(100)) and {r["run"] for r in rows} == {n}
