"""Our SDK logs online; ``wandb.Api()`` reads every value back."""

from __future__ import annotations

import json
import math

import pytest

import wandb
from wandb.errors import CommError, UsageError


def _history(api_run):
    return list(api_run.scan_history())


def test_log_config_summary_files_read_back(online_env, server):
    run = wandb.init(project="proj", config={"lr": 0.01, "model": {"layers": 3, "act": "relu"}},
                     tags=["a", "b"], notes="hello", group="g1", job_type="train")
    rid = run.id
    for i in range(25):
        run.log({"loss": 1.0 / (i + 1), "acc": i, "nested": {"x": i, "y": {"z": "s%d" % i}},
                 "lst": [i, i + 1]})
    run.log({"big": 10**20, "nan": float("nan"), "inf": float("inf")})
    run.config.update({"extra": [1, 2, 3]})
    run.summary["best"] = 0.5
    run.summary.update({"nested_sum": {"k": 1}})
    with open(f"{run.dir}/notes.txt", "w") as f:
        f.write("saved text")
    run.save(f"{run.dir}/notes.txt", base_path=run.dir, policy="end")
    entity = run.entity
    run.finish()

    api_run = server.api().run(f"{entity}/proj/{rid}")
    assert api_run.state == "finished"
    assert api_run.config == {"lr": 0.01, "model": {"layers": 3, "act": "relu"}, "extra": [1, 2, 3]}
    assert set(api_run.tags) == {"a", "b"}
    assert api_run.notes == "hello"
    assert api_run.group == "g1" and api_run.job_type == "train"
    rows = _history(api_run)
    assert [r["_step"] for r in rows] == list(range(26))
    for i, r in enumerate(rows[:25]):
        assert r["loss"] == 1.0 / (i + 1)
        assert r["acc"] == i
        assert r["nested"] == {"x": i, "y": {"z": "s%d" % i}}
        assert r["lst"] == [i, i + 1]
        assert isinstance(r["_runtime"], float) and isinstance(r["_timestamp"], float)
    last = rows[25]
    assert last["big"] == 1e20 and math.isnan(last["nan"]) and last["inf"] == math.inf
    s = api_run.summary
    assert s["best"] == 0.5
    assert s["nested_sum"] == {"k": 1}
    assert s["acc"] == 24 and s["loss"] == 1.0 / 25
    assert s["_step"] == 25
    names = {f.name for f in api_run.files()}
    assert {"notes.txt", "config.yaml", "wandb-summary.json", "wandb-metadata.json",
            "requirements.txt"} <= names
    f = next(f for f in api_run.files() if f.name == "notes.txt")
    path = f.download(root=str(online_env.cwd / "dl"), replace=True).name
    assert open(path).read() == "saved text"
    summary_file = next(f for f in api_run.files() if f.name == "wandb-summary.json")
    data = json.load(open(summary_file.download(root=str(online_env.cwd / "dl"), replace=True).name))
    assert data["best"] == 0.5 and data["acc"] == 24
    import yaml

    cfg_file = next(f for f in api_run.files() if f.name == "config.yaml")
    cfg = yaml.safe_load(open(cfg_file.download(root=str(online_env.cwd / "dl"), replace=True).name))
    assert cfg["lr"] == {"value": 0.01}
    assert cfg["model"] == {"value": {"layers": 3, "act": "relu"}}
    assert "_wandb" in cfg


def test_name_tags_notes_setters_and_alert(online_env, server, monkeypatch):
    from wandb.sdk.online import session

    monkeypatch.setattr(session, "UPSERT_DEBOUNCE_S", 0.0)
    run = wandb.init(project="proj")
    rid, entity = run.id, run.entity
    run.log({"a": 1})
    run.name = "renamed"
    run.tags = ["t1"]
    run.notes = "new notes"
    run.alert("Title", "Body text", level=wandb.AlertLevel.WARN)
    run.finish()
    api_run = server.api().run(f"{entity}/proj/{rid}")
    assert api_run.name == "renamed"
    assert list(api_run.tags) == ["t1"]
    assert api_run.notes == "new notes"
    store = server.handle.store
    row = store.run_by_name(entity, "proj", rid)
    alerts = store.alerts_of(row.id)
    assert [(a.title, a.text, a.severity, a.wait_duration_ms) for a in alerts] == [
        ("Title", "Body text", "WARN", 60000)
    ]


def test_server_down_at_init_raises_comm_error(isolated_wandb_env, monkeypatch):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    monkeypatch.setenv("WANDB_BASE_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("WANDB_API_KEY", "x" * 40)
    monkeypatch.setenv("WANDB_X_GRAPHQL_RETRY_WAIT_MIN_SECONDS", "0.05")
    monkeypatch.setenv("WANDB_CONSOLE", "off")
    with pytest.raises(CommError) as info:
        wandb.init(project="proj", mode="online", settings=wandb.Settings(init_timeout=1.5))
    assert f"127.0.0.1:{port}" in str(info.value)
    assert "init_timeout" in str(info.value)
    assert wandb.run is None


def test_resume_must_never_allow(online_env, server):
    with pytest.raises(UsageError, match="must"):
        wandb.init(project="proj", id="nosuchrun", resume="must")
    run = wandb.init(project="proj", id="resumable", config={"a": 1})
    for i in range(5):
        run.log({"x": i})
    entity = run.entity
    run.finish()
    with pytest.raises(UsageError, match="never"):
        wandb.init(project="proj", id="resumable", resume="never")
    run = wandb.init(project="proj", id="resumable", resume="allow")
    assert run.resumed
    assert run.config["a"] == 1
    for i in range(5, 8):
        run.log({"x": i})
    run.finish()
    rows = list(server.api().run(f"{entity}/proj/resumable").scan_history())
    assert [r["_step"] for r in rows] == list(range(8))
    assert [r["x"] for r in rows] == list(range(8))


def test_stop_from_server_interrupts_the_run(online_env, server, monkeypatch):
    import time

    import requests

    from wandb.sdk.online import session

    monkeypatch.setattr(session, "STOP_POLL_S", 0.2)
    run = wandb.init(project="proj")
    data = requests.post(server.url + "/graphql", auth=("api", server.key), json={
        "query": "mutation S($id: ID){stopRun(input:{id:$id}){success}}",
        "variables": {"id": run._online.storage_id}}, timeout=10).json()
    assert data["data"]["stopRun"]["success"], data
    with pytest.raises(KeyboardInterrupt):
        deadline = time.time() + 20
        while time.time() < deadline:
            run.log({"x": 1})
            time.sleep(0.02)
    assert run._online.stopped_by_server
    run.finish(exit_code=255)
