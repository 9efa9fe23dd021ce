"""UpsertBucket, resume, stop, alerts and run files through GraphQL."""

from __future__ import annotations

import json

import srv_docs as docs


def upsert(server, **v):
    base = {k: None for k in ("id", "name", "project", "entity", "groupName", "description", "displayName", "notes",
                              "commit", "config", "host", "debug", "program", "repo", "jobType", "state", "sweep",
                              "tags", "summaryMetrics")}
    base.update(v)
    return server.gql(docs.UPSERT_BUCKET_GO, base, op="UpsertBucket")["upsertBucket"]


def test_upsert_bucket_creates_with_default_entity(server):
    cfg = {"lr": {"value": 0.1}, "_wandb": {"value": {"t": {"1": [1]}, "cli_version": "0.21.3"}}}
    out = upsert(server, name="abc12345", project="p1", config=json.dumps(cfg), tags=["a"], groupName="g",
                 jobType="train", notes="n", host="h", program="train.py")
    assert out["inserted"] is True
    b = out["bucket"]
    assert b["name"] == "abc12345" and b["project"] == {"id": b["project"]["id"], "name": "p1",
                                                       "entity": {"id": b["project"]["entity"]["id"], "name": "admin"}}
    assert b["displayName"] and b["historyLineCount"] == 0 and json.loads(b["config"]) == cfg
    run = server.store.run_by_name("admin", "p1", "abc12345")
    assert (run.group_name, run.job_type, run.notes, run.host, run.program, run.state) == (
        "g", "train", "n", "h", "train.py", "running")
    assert json.loads(run.tags) == ["a"]


def test_upsert_bucket_updates_by_name_and_by_id(server):
    first = upsert(server, name="r1", project="p", displayName="first")
    again = upsert(server, name="r1", project="p", entity="admin", config='{"x": {"value": 2}}')
    assert again["inserted"] is False and again["bucket"]["id"] == first["bucket"]["id"]
    assert again["bucket"]["displayName"] == "first"  # untouched when not sent
    by_id = upsert(server, id=first["bucket"]["id"], name="r1", project="p", displayName="renamed", tags=["z"],
                   notes="nn", state="finished")
    assert by_id["inserted"] is False and by_id["bucket"]["displayName"] == "renamed"
    run = server.store.run_by_name("admin", "p", "r1")
    assert json.loads(run.config) == {"x": {"value": 2}} and run.state == "finished" and run.notes == "nn"


def test_upsert_bucket_explicit_entity_and_summary(server):
    out = upsert(server, name="r2", project="p", entity="team1", summaryMetrics='{"acc": 0.5}')
    assert out["bucket"]["project"]["entity"]["name"] == "team1"
    assert json.loads(server.store.run_by_name("team1", "p", "r2").summary) == {"acc": 0.5}


def test_upsert_bucket_rejects_bad_input_and_stores_nothing(server):
    r = server.post_gql(docs.UPSERT_BUCKET_GO, {"name": "bad", "project": "p", "config": "[1, 2"})
    assert r.status_code == 400 and "config" in r.json()["errors"][0]["message"]
    r = server.post_gql(docs.UPSERT_BUCKET_GO, {"name": "bad", "project": "p", "state": "weird"})
    assert r.status_code == 400 and "state" in r.json()["errors"][0]["message"]
    r = server.post_gql(docs.UPSERT_BUCKET_GO, {"name": "a/b", "project": "p"})
    assert r.status_code == 400
    r = server.post_gql(docs.UPSERT_BUCKET_GO, {"id": "bm9wZQ==", "name": "x", "project": "p"})
    assert r.status_code == 404
    assert server.store.run_by_name("admin", "p", "bad") is None
    assert server.store.run_by_name("admin", "p", "x") is None


def test_run_resume_status(server):
    missing = server.gql(docs.RUN_RESUME_STATUS, {"project": "p", "entity": None, "name": "nope"})
    assert missing == {"model": None}
    cfg = {"a": {"value": 1}, "_wandb": {"value": {"t": {"4": "3.11"}, "m": []}}}
    upsert(server, name="r", project="p", config=json.dumps(cfg), tags=["x"], notes="hi")
    lines = [json.dumps({"_step": i, "v": i}) for i in range(3)]
    assert server.stream("admin", "p", "r", {"files": {
        "wandb-history.jsonl": {"offset": 0, "content": lines},
        "wandb-events.jsonl": {"offset": 0, "content": ['{"system.cpu": 1}']},
        "output.log": {"offset": 0, "content": ["2026-01-01T00:00:00.000000 hi"]},
        "wandb-summary.json": {"offset": 0, "content": ['{"v": 2, "_step": 2}']}}}).status_code == 200
    data = server.gql(docs.RUN_RESUME_STATUS, {"project": "p", "entity": None, "name": "r"})
    b = data["model"]["bucket"]
    assert data["model"]["entity"]["name"] == "admin" and data["model"]["name"] == "p"
    assert (b["historyLineCount"], b["eventsLineCount"], b["logLineCount"]) == (3, 1, 1)
    assert json.loads(b["historyTail"]) == lines
    assert json.loads(b["eventsTail"]) == ['{"system.cpu": 1}']
    assert json.loads(b["wandbConfig"]) == {"t": {"4": "3.11"}}
    assert json.loads(b["config"]) == cfg and json.loads(b["summaryMetrics"]) == {"v": 2, "_step": 2}
    assert b["tags"] == ["x"] and b["notes"] == "hi"


def test_run_stopped_status_and_stop_run(server):
    b = upsert(server, name="r", project="p")["bucket"]
    q = lambda: server.gql(docs.RUN_STOPPED_STATUS, {"entityName": "admin", "projectName": "p", "runId": "r"})  # noqa: E731
    assert q() == {"project": {"run": {"stopped": False}}}
    assert server.gql(docs.STOP_RUN, {"id": b["id"]})["stopRun"]["success"] is True
    assert q() == {"project": {"run": {"stopped": True}}}
    assert server.post_gql(docs.STOP_RUN, {"id": "UnVuOjk5OTk="}).status_code == 404


def test_notify_alert(server):
    upsert(server, name="r", project="p")
    data = server.gql(docs.NOTIFY_ALERT, {"entityName": "admin", "projectName": "p", "runName": "r", "title": "T",
                                          "text": "body", "severity": "WARN", "waitDuration": 60000})
    assert data == {"notifyScriptableRunAlert": {"success": True}}
    run = server.store.run_by_name("admin", "p", "r")
    alerts = server.store.alerts_of(run.id)
    assert [(a.title, a.text, a.severity, a.wait_duration_ms) for a in alerts] == [("T", "body", "WARN", 60000)]
    r = server.post_gql(docs.NOTIFY_ALERT, {"entityName": "admin", "projectName": "p", "runName": "r", "title": "T",
                                            "text": "x", "severity": "LOUD"})
    assert r.status_code == 400 and len(server.store.alerts_of(run.id)) == 1


def test_create_run_files_one_entry_per_name(server):
    upsert(server, name="r", project="p")
    names = ["wandb-metadata.json", "media/images/a_1.png", "files/custom.txt"]
    data = server.gql(docs.CREATE_RUN_FILES, {"entity": "admin", "project": "p", "run": "r", "files": names})
    out = data["createRunFiles"]
    assert out["runID"] == upsert(server, name="r", project="p")["bucket"]["id"]
    assert out["uploadHeaders"] == []
    assert [f["name"] for f in out["files"]] == names
    assert all(f["uploadUrl"].startswith(server.url + "/upload/") and "sig=" in f["uploadUrl"] for f in out["files"])


def test_create_run_files_rejects_unsafe_names(server):
    upsert(server, name="r", project="p")
    for bad in ["../etc/passwd", "/abs/path", "a/../../b", "a\\b", ""]:
        r = server.post_gql(docs.CREATE_RUN_FILES, {"entity": "admin", "project": "p", "run": "r",
                                                    "files": ["ok.txt", bad]})
        assert r.status_code == 400, bad
        assert "file name" in r.json()["errors"][0]["message"]


def test_create_run_files_unknown_run(server):
    r = server.post_gql(docs.CREATE_RUN_FILES, {"entity": "admin", "project": "p", "run": "nope", "files": ["a"]})
    assert r.status_code == 404
