"""The Public API queries (wandb.Api): Runs, Run, history variants, files, updates, delete, projects."""

from __future__ import annotations

import json

import srv_docs as docs


def _log(server, run, rows, project="p", offset=0):
    lines = [json.dumps(r) for r in rows]
    r = server.stream("admin", project, run, {"files": {"wandb-history.jsonl": {"offset": offset, "content": lines}}})
    assert r.status_code == 200, r.text


def _make_runs(server, n=5):
    ids = {}
    for i in range(n):
        b = server.create_run(f"r{i}", "p", config=json.dumps({"lr": {"value": i / 10}}), tags=["even" if i % 2 == 0 else "odd"],
                              displayName=f"run-{i}")
        ids[f"r{i}"] = b["bucket"]["id"]
    return ids


def test_runs_pagination_with_cursor(server):
    _make_runs(server, 5)
    v = {"project": "p", "entity": "admin", "perPage": 2, "order": "+created_at"}
    seen, cursor = [], None
    for _ in range(5):
        data = server.gql(docs.RUNS, dict(v, cursor=cursor))["project"]
        assert data["runCount"] == 5 and data["internalId"].isdigit()
        seen += [e["node"]["name"] for e in data["runs"]["edges"]]
        if not data["runs"]["pageInfo"]["hasNextPage"]:
            break
        cursor = data["runs"]["edges"][-1]["cursor"]
    assert seen == ["r0", "r1", "r2", "r3", "r4"]
    data = server.gql(docs.RUNS, dict(v, perPage=50, order="-created_at"))["project"]
    assert [e["node"]["name"] for e in data["runs"]["edges"]] == ["r4", "r3", "r2", "r1", "r0"]


def test_runs_filters_and_order(server):
    _make_runs(server, 5)
    q = lambda f, order=None: [e["node"]["name"] for e in server.gql(  # noqa: E731
        docs.RUNS, {"project": "p", "entity": "admin", "filters": json.dumps(f), "order": order or "+created_at"}
    )["project"]["runs"]["edges"]]
    assert q({"tags": "odd"}) == ["r1", "r3"]
    assert q({"config.lr.value": {"$gte": 0.3}}) == ["r3", "r4"]
    assert q({"$or": [{"name": "r0"}, {"display_name": {"$regex": "-4$"}}]}) == ["r0", "r4"]
    assert q({"$and": [{"state": "running"}, {"tags": {"$in": ["even"]}}]}) == ["r0", "r2", "r4"]
    assert q({}, order="-config.lr.value") == ["r4", "r3", "r2", "r1", "r0"]
    data = server.gql(docs.RUNS, {"project": "p", "entity": "admin", "filters": json.dumps({"tags": "odd"})})
    assert data["project"]["runCount"] == 2
    r = server.post_gql(docs.RUNS, {"project": "p", "entity": "admin", "filters": "{nope"})
    assert r.status_code == 400


def test_run_fragment_values(server):
    server.create_run("r", "p", config=json.dumps({"a": {"value": [1, 2]}}), tags=["t"], notes="n", groupName="g",
                      jobType="eval", displayName="nice")
    _log(server, "r", [{"_step": 0, "x": 1}, {"_step": 1, "x": 2.5, "s": "str"}])
    server.stream("admin", "p", "r", {"files": {"wandb-summary.json": {"offset": 0, "content": ['{"x": 2.5}']},
                                                "wandb-events.jsonl": {"offset": 0, "content": ['{"system.cpu": 3}']}}})
    run = server.gql(docs.RUN, {"project": "p", "entity": "admin", "name": "r"})["project"]["run"]
    assert run["name"] == "r" and run["displayName"] == "nice" and run["tags"] == ["t"] and run["notes"] == "n"
    assert run["group"] == "g" and run["jobType"] == "eval" and run["state"] == "running"
    assert json.loads(run["config"]) == {"a": {"value": [1, 2]}}
    assert json.loads(run["summaryMetrics"]) == {"x": 2.5}
    assert json.loads(run["systemMetrics"]) == {"system.cpu": 3}
    assert run["historyLineCount"] == 2 and run["user"] == {"name": "admin", "username": "admin"}
    assert run["historyKeys"]["lastStep"] == 1
    assert run["historyKeys"]["keys"]["x"]["typeCounts"] == [{"type": "number", "count": 2}]
    assert run["historyKeys"]["keys"]["s"]["typeCounts"] == [{"type": "string", "count": 1}]
    assert int(run["projectId"]) > 0 and len(run["createdAt"]) == 19 and run["readOnly"] is False
    missing = server.gql(docs.RUN, {"project": "p", "entity": "admin", "name": "zzz"})
    assert missing == {"project": {"run": None}}


def test_full_history_sampling(server):
    server.create_run("r", "p")
    _log(server, "r", [{"_step": i, "v": i * i} for i in range(100)])
    get = lambda s: server.gql(docs.FULL_HISTORY, {"project": "p", "entity": "admin", "name": "r", "samples": s}  # noqa: E731
                               )["project"]["run"]["history"]
    all_rows = [json.loads(x) for x in get(500)]
    assert [r["_step"] for r in all_rows] == list(range(100)) and all_rows[7]["v"] == 49
    sampled = [json.loads(x)["_step"] for x in get(10)]
    assert len(sampled) == 10 and sampled[0] == 0 and sampled[-1] == 99 and sampled == sorted(sampled)


def test_events_stream(server):
    server.create_run("r", "p")
    ev = [json.dumps({"system.cpu": i, "_runtime": i}) for i in range(4)]
    server.stream("admin", "p", "r", {"files": {"wandb-events.jsonl": {"offset": 0, "content": ev}}})
    out = server.gql(docs.EVENTS, {"project": "p", "entity": "admin", "name": "r", "samples": 500})
    assert out["project"]["run"]["events"] == ev


def test_sampled_history_with_keys(server):
    server.create_run("r", "p")
    rows = [{"_step": i, "a": i} if i % 2 else {"_step": i, "a": i, "b": -i} for i in range(10)]
    _log(server, "r", rows)
    spec = json.dumps({"keys": ["_step", "b"], "samples": 500})
    out = server.gql(docs.SAMPLED_HISTORY, {"project": "p", "entity": "admin", "name": "r", "specs": [spec]})
    assert out["project"]["run"]["sampledHistory"] == [[{"_step": i, "b": -i} for i in range(0, 10, 2)]]
    spec = json.dumps({"keys": ["a"], "minStep": 3, "maxStep": 6, "samples": 100})
    out = server.gql(docs.SAMPLED_HISTORY_PAGE, {"project": "p", "entity": "admin", "run": "r", "spec": spec})
    assert out["project"]["run"]["sampledHistory"] == [[{"a": 3}, {"a": 4}, {"a": 5}]]


def test_scan_history_pages(server):
    server.create_run("r", "p")
    _log(server, "r", [{"_step": i, "v": i} for i in range(25)])
    keys = server.gql(docs.HISTORY_KEYS, {"project": "p", "entity": "admin", "name": "r"})
    last = keys["project"]["run"]["historyKeys"]["lastStep"]
    assert last == 24
    got = []
    for lo in range(0, last + 1, 10):
        page = server.gql(docs.HISTORY_PAGE, {"entity": "admin", "project": "p", "run": "r", "minStep": lo,
                                              "maxStep": lo + 10, "pageSize": 10})
        got += [json.loads(x)["v"] for x in page["project"]["run"]["history"]]
    assert got == list(range(25))


def test_history_keys_without_history(server):
    server.create_run("r", "p")
    keys = server.gql(docs.HISTORY_KEYS, {"project": "p", "entity": "admin", "name": "r"})
    assert "lastStep" not in keys["project"]["run"]["historyKeys"]


def test_public_upserts_summary_and_config(server):
    bid = server.create_run("r", "p")["bucket"]["id"]
    out = server.gql(docs.UPSERT_SUMMARY, {"id": bid, "summaryMetrics": json.dumps({"best": 1.5})})
    assert out["upsertBucket"]["bucket"]["id"] == bid
    out = server.gql(docs.UPSERT_PUBLIC, {"id": bid, "config": json.dumps({"k": {"value": 1}, "desc": None}),
                                          "display_name": "dn", "tags": ["a", "b"], "notes": None,
                                          "entity": "admin", "project": "p", "name": "r"})
    b = out["upsertBucket"]["bucket"]
    assert b["displayName"] == "dn" and b["tags"] == ["a", "b"] and json.loads(b["config"])["k"] == {"value": 1}
    assert json.loads(b["summaryMetrics"]) == {"best": 1.5}


def test_delete_run(server):
    bid = server.create_run("r", "p")["bucket"]["id"]
    _log(server, "r", [{"_step": 0}])
    assert server.gql(docs.DELETE_RUN, {"id": bid, "deleteArtifacts": False}) == {"deleteRun": {"clientMutationId": None}}
    assert server.gql(docs.RUN, {"project": "p", "entity": "admin", "name": "r"}) == {"project": {"run": None}}
    assert server.post_gql(docs.DELETE_RUN, {"id": bid}).status_code == 404


def test_projects_and_project(server):
    server.create_run("r", "alpha")
    server.create_run("r", "beta")
    data = server.gql(docs.PROJECTS, {"entity": "admin", "perPage": 1})
    assert [e["node"]["name"] for e in data["models"]["edges"]] == ["alpha"]
    assert data["models"]["pageInfo"]["hasNextPage"] is True
    data = server.gql(docs.PROJECTS, {"entity": "admin", "cursor": data["models"]["pageInfo"]["endCursor"]})
    assert [e["node"]["name"] for e in data["models"]["edges"]] == ["beta"]
    p = server.gql(docs.PROJECT, {"project": "beta", "entity": "admin"})["project"]
    assert p["name"] == "beta" and p["entityName"] == "admin" and p["isBenchmark"] is False
    assert server.gql(docs.PROJECT, {"project": "nope", "entity": "admin"}) == {"project": None}


def test_sweep_lookups_answer_null(server):
    q = """query Sweep($project: String, $entity: String, $name: String!) { project(name: $project, entityName: $entity)
     { sweep(sweepName: $name) { id name displayName state runCountExpected bestLoss config } } }"""
    server.create_run("r", "p", sweep="sw1")
    assert server.gql(q, {"project": "p", "entity": "admin", "name": "sw1"}) == {"project": {"sweep": None}}
    run = server.gql(docs.RUN, {"project": "p", "entity": "admin", "name": "r"})["project"]["run"]
    assert run["sweepName"] == "sw1"


def test_sampled_history_on_a_large_run(server):
    """Dense keys take the sampling fast path, sparse keys the full scan; both spread evenly."""
    server.create_run("r", "p")
    n = 6000
    rows = [{"_step": i, "dense": i} if i % 1000 else {"_step": i, "dense": i, "sparse": i} for i in range(n)]
    for off in range(0, n, 2000):
        _log(server, "r", rows[off:off + 2000], offset=off)
    specs = [json.dumps({"keys": ["_step", "dense"], "samples": 50}),
             json.dumps({"keys": ["sparse"], "samples": 50})]
    dense, sparse = server.gql(docs.SAMPLED_HISTORY, {"project": "p", "entity": "admin", "name": "r",
                                                      "specs": specs})["project"]["run"]["sampledHistory"]
    steps = [x["_step"] for x in dense]
    assert len(dense) == 50 and steps[0] == 0 and steps[-1] == n - 1 and steps == sorted(steps)
    assert all(x["dense"] == x["_step"] for x in dense)
    assert sparse == [{"sparse": i} for i in range(0, n, 1000)]
