"""Run / Runs / history / files / summary against canned §7-shaped responses."""

from __future__ import annotations

import json
import math
import sys
import types

import pytest
from fake_transport import Reply, run_node


@pytest.fixture
def api(make_api, fake):
    fake.handlers["Run"] = lambda v: {"project": {"run": run_node(v["name"])}}
    return make_api()


def test_run_path_forms(api, fake):
    r = api.run("ent/proj/abc123")
    call = fake.last("Run")
    assert call.variables == {"entity": "ent", "project": "proj", "name": "abc123"}
    assert (r.entity, r.project, r.id) == ("ent", "proj", "abc123")

    api.run("ent/proj/runs/xyz")
    assert fake.last("Run").variables == {"entity": "ent", "project": "proj", "name": "xyz"}

    api.run("proj2/r2")  # default entity from the viewer
    assert fake.last("Run").variables == {"entity": "alice", "project": "proj2", "name": "r2"}

    api.run("ent/proj:r3")
    assert fake.last("Run").variables == {"entity": "ent", "project": "proj", "name": "r3"}


def test_run_is_cached_until_flush(api, fake):
    a = api.run("e/p/abc123")
    assert api.run("e/p/abc123") is a
    api.flush()
    assert api.run("e/p/abc123") is not a


def test_run_fields(api):
    r = api.run("e/p/abc123")
    assert r.id == "abc123"
    assert r.storage_id == "UnVuOjE="
    assert r.name == r.display_name == "brave-fox-1"
    assert r.state == "finished"
    assert r.tags == ["t1", "t2"]
    assert r.notes == "some notes"
    assert r.group == "g1"
    assert r.job_type == "train"
    assert r.created_at == "2026-11-28T12:00:00Z"
    assert r.heartbeat_at == "2026-11-28T12:05:00Z"
    assert r.history_line_count == 3
    assert r.user == {"name": "Alice", "username": "alice"}
    assert r.config == {"lr": 0.001, "layers": [64, 32], "opt": {"name": "adam", "beta": 0.9}}
    assert r.rawconfig["_wandb"] == {"cli_version": "0.21.3", "t": {"1": [1]}}
    assert "_wandb" not in r.config
    assert dict(r.summary) == {"loss": 0.25, "acc": 1, "nested": {"a": 2}}
    assert isinstance(r.summary["acc"], int)
    assert r.path == ["e", "p", "abc123"]
    assert r.url == "http://fake.test:8080/e/p/runs/abc123"
    assert r.history_keys == {"lastStep": 2, "keys": {}}
    assert repr(r) == "<Run e/p/abc123 (finished)>"


def test_project_id_selected_when_probe_lists_it(make_api, fake):
    from fake_transport import viewer_handlers

    fake.handlers.update(viewer_handlers(run_has_project_id=True))
    fake.handlers["Run"] = lambda v: {"project": {"run": run_node(v["name"], projectId=7)}}
    r = make_api().run("e/p/abc123")
    assert "projectId" in fake.last("Run").query
    assert r.project_internal_id == 7


def test_project_id_not_selected_otherwise(api, fake):
    api.run("e/p/abc123")
    assert "projectId" not in fake.last("Run").query
    assert "fragment RunFragment on Run" in fake.last("Run").query


# -- history ---------------------------------------------------------------------------
ROWS = [
    '{"_step": 0, "loss": NaN, "big": 9007199254740993, "f": 0.1, "_runtime": 1.5}',
    '{"_step": 1, "loss": Infinity, "neg": -Infinity, "f": 1e-300, "s": "x"}',
    '{"_step": 2, "loss": 0.30000000000000004, "nested": {"a": [1, 2.5]}}',
]


def test_history_list_decodes_exactly(api, fake):
    fake.handlers["RunFullHistory"] = lambda v: {"project": {"run": {"history": ROWS}}}
    rows = api.run("e/p/abc123").history(samples=10, pandas=False)
    call = fake.last("RunFullHistory")
    assert call.variables == {"entity": "e", "project": "p", "name": "abc123", "samples": 10}
    assert "history(samples: $samples)" in call.query
    assert math.isnan(rows[0]["loss"])
    assert rows[0]["big"] == 9007199254740993 and isinstance(rows[0]["big"], int)
    assert rows[0]["f"] == 0.1
    assert rows[1]["loss"] == math.inf and rows[1]["neg"] == -math.inf
    assert rows[1]["f"] == 1e-300
    assert rows[2]["loss"] == 0.30000000000000004
    assert rows[2]["nested"] == {"a": [1, 2.5]}


def test_history_system_stream_uses_events(api, fake):
    fake.handlers["RunFullHistory"] = lambda v: {"project": {"run": {"events": [
        '{"system.cpu": 3.5, "_timestamp": 1.0}']}}}
    rows = api.run("e/p/abc123").history(stream="system", pandas=False)
    assert rows == [{"system.cpu": 3.5, "_timestamp": 1.0}]
    assert "events(samples: $samples)" in fake.last("RunFullHistory").query


def test_history_keys_uses_sampled_history(api, fake):
    fake.handlers["RunSampledHistory"] = lambda v: {"project": {"run": {"sampledHistory": [[
        {"_step": 0, "loss": 1.0}, {"_step": 2, "loss": 0.5}]]}}}
    rows = api.run("e/p/abc123").history(keys=["loss"], samples=7, pandas=False)
    assert rows == [{"_step": 0, "loss": 1.0}, {"_step": 2, "loss": 0.5}]
    specs = fake.last("RunSampledHistory").variables["specs"]
    assert [json.loads(s) for s in specs] == [{"keys": ["_step", "loss"], "samples": 7}]


def test_history_bad_keys(api):
    r = api.run("e/p/abc123")
    with pytest.raises(ValueError, match="keys must be a list"):
        r.history(keys="loss")
    with pytest.raises(ValueError, match="stream must be 'default' when keys"):
        r.history(keys=["loss"], stream="system")


def test_history_pandas(api, fake, monkeypatch):
    fake.handlers["RunFullHistory"] = lambda v: {"project": {"run": {"history": ROWS[2:]}}}
    seen = {}

    class DataFrame:
        @staticmethod
        def from_records(rows):
            seen["rows"] = rows
            return ("df", len(rows))

    monkeypatch.setitem(sys.modules, "pandas", types.SimpleNamespace(DataFrame=DataFrame))
    out = api.run("e/p/abc123").history()
    assert out == ("df", 1)
    assert seen["rows"][0]["_step"] == 2


def test_history_without_pandas_returns_list(api, fake, monkeypatch):
    fake.handlers["RunFullHistory"] = lambda v: {"project": {"run": {"history": ROWS[2:]}}}
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    out = api.run("e/p/abc123").history()
    assert isinstance(out, list) and out[0]["_step"] == 2


def test_history_real_pandas(api, fake):
    pd = pytest.importorskip("pandas")
    fake.handlers["RunFullHistory"] = lambda v: {"project": {"run": {"history": ROWS}}}
    df = api.run("e/p/abc123").history()
    assert isinstance(df, pd.DataFrame)
    assert list(df["_step"]) == [0, 1, 2]


def _paged_history(n_steps: int):
    def handler(v):
        lo, hi = v["minStep"], v["maxStep"]
        assert v["pageSize"] >= hi - lo
        return {"project": {"run": {"history": [
            json.dumps({"_step": s, "x": s * 2, "half": s / 2}) for s in range(lo, min(hi, n_steps))
        ]}}}
    return handler


def test_scan_history_pages(api, fake):
    fake.handlers["RunHistoryKeys"] = lambda v: {"project": {"run": {"historyKeys": {
        "lastStep": 9, "keys": {}}}}}
    fake.handlers["HistoryPage"] = _paged_history(10)
    rows = list(api.run("e/p/abc123").scan_history(page_size=4))
    assert [r["_step"] for r in rows] == list(range(10))
    assert all(r["x"] == 2 * r["_step"] and isinstance(r["x"], int) for r in rows)
    pages = [(c.variables["minStep"], c.variables["maxStep"]) for c in fake.calls
             if c.op == "HistoryPage"]
    assert pages == [(0, 4), (4, 8), (8, 10)]
    hp = fake.last("HistoryPage")
    assert hp.variables["run"] == "abc123" and hp.variables["pageSize"] == 4


def test_scan_history_min_max(api, fake):
    fake.handlers["RunHistoryKeys"] = lambda v: {"project": {"run": {"historyKeys": {
        "lastStep": 9}}}}
    fake.handlers["HistoryPage"] = _paged_history(10)
    rows = list(api.run("e/p/abc123").scan_history(min_step=3, max_step=6))
    assert [r["_step"] for r in rows] == [3, 4, 5]
    rows = list(api.run("e/p/abc123").scan_history(min_step=8, max_step=100))
    assert [r["_step"] for r in rows] == [8, 9]


def test_scan_history_empty_run(api, fake):
    fake.handlers["RunHistoryKeys"] = lambda v: {"project": {"run": {"historyKeys": None}}}
    r = api.run("e/p/abc123")
    assert r.lastHistoryStep == -1
    assert list(r.scan_history()) == []
    assert "HistoryPage" not in fake.ops()


def test_scan_history_keys(api, fake):
    fake.handlers["RunHistoryKeys"] = lambda v: {"project": {"run": {"historyKeys": {
        "lastStep": 4}}}}
    specs = []

    def sampled(v):
        spec = json.loads(v["spec"])
        specs.append(spec)
        return {"project": {"run": {"sampledHistory": [[
            {"x": s} for s in range(spec["minStep"], spec["maxStep"])]]}}}

    fake.handlers["SampledHistoryPage"] = sampled
    rows = list(api.run("e/p/abc123").scan_history(keys=["x"], page_size=3))
    assert rows == [{"x": s} for s in range(5)]
    assert specs == [{"keys": ["x"], "minStep": 0, "maxStep": 3, "samples": 3},
                     {"keys": ["x"], "minStep": 3, "maxStep": 5, "samples": 3}]


# -- runs pagination ---------------------------------------------------------------------
def _runs_handler(names, count=None):
    def handler(v):
        start = int(v["cursor"]) if v.get("cursor") else 0
        page = names[start:start + v["perPage"]]
        return {"project": {
            "internalId": "UHJvamVjdDox", "runCount": len(names) if count is None else count,
            "readOnly": False,
            "runs": {
                "edges": [{"node": run_node(n), "cursor": str(start + i + 1)}
                          for i, n in enumerate(page)],
                "pageInfo": {"endCursor": str(start + len(page)),
                             "hasNextPage": start + len(page) < len(names)},
            },
        }}
    return handler


def test_runs_pagination_uses_last_edge_cursor(make_api, fake):
    names = [f"r{i}" for i in range(5)]
    fake.handlers["Runs"] = _runs_handler(names)
    api = make_api()
    runs = api.runs("ent/proj", filters={"state": "finished"}, order="-created_at", per_page=2)
    assert [r.id for r in runs] == names
    calls = [c for c in fake.calls if c.op == "Runs"]
    assert [c.variables["cursor"] for c in calls] == [None, "2", "4"]
    assert all(c.variables["perPage"] == 2 for c in calls)
    v = calls[0].variables
    assert (v["entity"], v["project"], v["order"]) == ("ent", "proj", "-created_at")
    assert json.loads(v["filters"]) == {"state": "finished"}
    assert "Run" not in fake.ops()  # runs come from the edges, not refetched
    r0 = runs[0]
    assert r0.config["lr"] == 0.001 and r0.summary["loss"] == 0.25


def test_runs_len_index_and_slices(make_api, fake):
    names = [f"r{i}" for i in range(5)]
    fake.handlers["Runs"] = _runs_handler(names, count=5)
    runs = make_api().runs("ent/proj", per_page=2)
    assert len(runs) == 5
    assert len([c for c in fake.calls if c.op == "Runs"]) == 1
    assert runs[3].id == "r3"
    assert [r.id for r in runs[1:3]] == ["r1", "r2"]
    assert runs[-1].id == "r4"
    assert [c.variables["cursor"] for c in fake.calls if c.op == "Runs"] == [None, "2", "4"]


def test_runs_default_project_path_and_order(make_api, fake):
    fake.handlers["Runs"] = _runs_handler([])
    runs = make_api().runs("proj")
    assert list(runs) == []
    v = fake.last("Runs").variables
    assert (v["entity"], v["project"], v["order"], v["filters"], v["perPage"]) == (
        "alice", "proj", "+created_at", "{}", 50)


def test_runs_missing_project(make_api, fake):
    fake.handlers["Runs"] = lambda v: {"project": None}
    with pytest.raises(ValueError, match="Could not find project nope"):
        list(make_api().runs("e/nope"))


def test_runs_histories(make_api, fake):
    fake.handlers["Runs"] = _runs_handler(["a", "b"])
    fake.handlers["RunFullHistory"] = lambda v: {"project": {"run": {"history": [
        json.dumps({"_step": 0, "who": v["name"]})]}}}
    rows = make_api().runs("e/p").histories()
    assert rows == [{"_step": 0, "who": "a", "run_id": "a"}, {"_step": 0, "who": "b", "run_id": "b"}]


# -- updates -----------------------------------------------------------------------------
def test_summary_update_sends_full_summary(api, fake):
    fake.handlers["UpsertBucket"] = lambda v: {"upsertBucket": {"bucket": {"id": "UnVuOjE="}}}
    r = api.run("e/p/abc123")
    r.summary["extra"] = float("nan")
    r.summary.update({"best": 3})
    call = fake.last("UpsertBucket")
    assert call.variables["id"] == "UnVuOjE="
    sent = json.loads(call.variables["summaryMetrics"])
    assert sent["best"] == 3 and sent["loss"] == 0.25 and math.isnan(sent["extra"])
    assert "summaryMetrics: $summaryMetrics" in call.query


def test_run_update_sends_fields_then_summary(api, fake):
    fake.handlers["UpsertBucket"] = lambda v: {"upsertBucket": {"bucket": {"id": "UnVuOjE="}}}
    r = api.run("e/p/abc123")
    r.tags = ["new"]
    r.notes = "n2"
    r.name = "renamed"
    r.config["lr"] = 0.5
    r.update()
    ups = [c for c in fake.calls if c.op == "UpsertBucket"]
    assert len(ups) == 2
    v = ups[0].variables
    assert v["id"] == "UnVuOjE=" and v["tags"] == ["new"] and v["notes"] == "n2"
    assert v["display_name"] == "renamed" and v["groupName"] == "g1" and v["jobType"] == "train"
    cfg = json.loads(v["config"])
    assert cfg["lr"] == {"value": 0.5, "desc": None}
    assert cfg["_wandb"]["value"]["cli_version"] == "0.21.3"
    assert "summaryMetrics" in ups[1].variables


def test_run_delete(api, fake):
    fake.handlers["DeleteRun"] = lambda v: {"deleteRun": {"clientMutationId": None}}
    api.run("e/p/abc123").delete()
    call = fake.last("DeleteRun")
    assert call.variables["id"] == "UnVuOjE="
    assert "deleteArtifacts" not in call.query
    api.run("e/p/abc123").delete(delete_artifacts=True)
    assert "$deleteArtifacts: Boolean" in fake.last("DeleteRun").query


def test_wait_until_finished(api, fake, monkeypatch):
    states = ["running", "running", "finished"]
    fake.handlers["RunState"] = lambda v: {"project": {"run": {"state": states.pop(0)}}}
    import wandb.apis.public.runs as runs_mod

    monkeypatch.setattr(runs_mod.time, "sleep", lambda s: None)
    r = api.run("e/p/abc123")
    r.wait_until_finished()
    assert r.state == "finished" and states == []


# -- files -------------------------------------------------------------------------------
def _files_handler(files, base="http://fake.test:8080/files/e/p/abc123/"):
    def handler(v):
        names = v.get("fileNames") or []
        chosen = [f for f in files if not names or f in names]
        start = int(v["fileCursor"]) if v.get("fileCursor") else 0
        limit = v.get("fileLimit", 50)
        page = chosen[start:start + limit]
        return {"project": {"internalId": "x", "run": {
            "fileCount": len(chosen),
            "files": {
                "edges": [{"node": {"id": f"F{i}", "name": n, "url": base + n, "directUrl": None,
                                    "sizeBytes": len(files[n]), "mimetype": "text/plain",
                                    "updatedAt": "2026-11-28T12:00:00Z", "md5": "abc"},
                           "cursor": str(start + i + 1)} for i, n in enumerate(page)],
                "pageInfo": {"endCursor": None, "hasNextPage": start + len(page) < len(chosen)},
            }}}}
    return handler


def test_files_and_download(api, fake, tmp_path):
    files = {"a.txt": b"hello", "sub/b.json": b'{"x": 1}', "c.log": b"line\n"}
    fake.handlers["RunFiles"] = _files_handler(files)
    for name, data in files.items():
        fake.files["http://fake.test:8080/files/e/p/abc123/" + name] = data
    run = api.run("e/p/abc123")
    fs = run.files(per_page=2)
    assert len(fs) == 3
    assert [f.name for f in fs] == ["a.txt", "sub/b.json", "c.log"]
    cursors = [c.variables.get("fileCursor") for c in fake.calls if c.op == "RunFiles"]
    assert cursors == [None, "2"]
    assert fake.last("RunFiles").variables["fileLimit"] == 2

    f = run.file("sub/b.json")
    assert fake.last("RunFiles").variables["fileNames"] == ["sub/b.json"]
    assert (f.size, f.mimetype, f.md5) == (8, "text/plain", "abc")
    with f.download(root=str(tmp_path)) as fh:
        assert fh.read() == '{"x": 1}'
    assert fake.gets[-1]["auth"] == ("api", "k" * 40)
    with pytest.raises(ValueError, match="File already exists"):
        f.download(root=str(tmp_path))
    fake.files["http://fake.test:8080/files/e/p/abc123/sub/b.json"] = b"new"
    with f.download(root=str(tmp_path), exist_ok=True) as fh:
        assert fh.read() == '{"x": 1}'
    with f.download(root=str(tmp_path), replace=True) as fh:
        assert fh.read() == "new"


def test_file_missing(api, fake):
    fake.handlers["RunFiles"] = _files_handler({"a.txt": b""})
    with pytest.raises(ValueError, match="not found"):
        api.run("e/p/abc123").file("zzz")


def test_files_names_and_pattern_conflict(api):
    with pytest.raises(ValueError, match="both names and pattern"):
        api.run("e/p/abc123").files(names=["a"], pattern="%.txt")


def test_download_error_is_comm_error(api, fake, tmp_path):
    from wandb.errors import CommError

    fake.handlers["RunFiles"] = _files_handler({"gone.txt": b"x"})
    f = api.run("e/p/abc123").file("gone.txt")
    with pytest.raises(CommError, match="HTTP 404: file not found"):
        f.download(root=str(tmp_path))


# -- projects ----------------------------------------------------------------------------
def test_projects_and_project(make_api, fake):
    def projects(v):
        start = int(v["cursor"]) if v.get("cursor") else 0
        names = ["p0", "p1", "p2"][start:start + v["perPage"]]
        return {"models": {
            "edges": [{"node": {"id": f"P{start + i}", "name": n, "entityName": v["entity"],
                                "createdAt": "2026-01-01T00:00:00", "isBenchmark": False},
                       "cursor": str(start + i + 1)} for i, n in enumerate(names)],
            "pageInfo": {"endCursor": None, "hasNextPage": start + len(names) < 3}}}

    fake.handlers["Projects"] = projects
    fake.handlers["Project"] = lambda v: {"project": {"id": "P9", "name": v["project"],
                                                      "entityName": v["entity"],
                                                      "createdAt": "2026", "isBenchmark": False}}
    api = make_api()
    ps = list(api.projects("team", per_page=2))
    assert [p.name for p in ps] == ["p0", "p1", "p2"]
    assert ps[0].entity_name == "team" and ps[1].id == "P1"
    assert [c.variables["cursor"] for c in fake.calls if c.op == "Projects"] == [None, "2"]
    p = api.project("proj")
    assert p.entity == "alice" and "Project" not in fake.ops()
    assert p.id == "P9" and p.created_at == "2026"
    assert fake.last("Project").variables == {"project": "proj", "entity": "alice"}
    assert p.url == "http://fake.test:8080/alice/proj/workspace"
