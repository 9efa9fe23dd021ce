"""Fault tests: the server restarts mid-run; a run killed with SIGKILL is completed by sync."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import wandb
from online_kit import subprocess_env


def test_server_restart_mid_run_loses_and_duplicates_nothing(online_env, server):
    run = wandb.init(project="proj")
    rid, entity = run.id, run.entity
    for i in range(100):
        run.log({"i": i, "sq": i * i})
    run._stream.flush()
    time.sleep(0.4)  # let the sender stream part of it
    server.stop()
    for i in range(100, 300):
        run.log({"i": i, "sq": i * i})
    run._stream.flush()
    time.sleep(0.5)  # the sender is now retrying against a dead port
    server.start()
    for i in range(300, 400):
        run.log({"i": i, "sq": i * i})
    run.finish()
    rows = list(server.api().run(f"{entity}/proj/{rid}").scan_history())
    assert [r["_step"] for r in rows] == list(range(400))
    assert [r["i"] for r in rows] == list(range(400))
    assert all(r["sq"] == r["i"] ** 2 for r in rows)
    assert server.api().run(f"{entity}/proj/{rid}").state == "finished"


def test_finish_with_the_server_gone_reports_and_sync_completes(online_env, server, monkeypatch):
    monkeypatch.setenv("WANDB_X_FINISH_TIMEOUT", "1")
    run = wandb.init(project="proj")
    rid, entity = run.id, run.entity
    for i in range(50):
        run.log({"i": i})
    server.stop()
    run.finish()  # bounded wait, then "saved locally"
    run_dir = os.path.dirname(run.settings.sync_file)
    server.start()
    from wandb.cli import sync

    status = sync.sync_one(run_dir, echo=lambda *_a, **_k: None)
    assert status["complete"]
    assert os.path.exists(run.settings.sync_file + ".synced")
    api_run = server.api().run(f"{entity}/proj/{rid}")
    assert [r["i"] for r in api_run.scan_history()] == list(range(50))
    assert api_run.state == "finished"


CHILD = """
import sys, time, wandb
run = wandb.init(project="proj", config={"k": "v"})
print("hello from the child", flush=True)
for i in range(int(sys.argv[1])):
    run.log({"i": i, "half": i / 2})
run._stream.flush()
print("READY", run.id, run.entity, run.settings.sync_file, flush=True)
time.sleep(600)
"""


def test_sigkill_then_wandb_sync_completes_the_run(online_env, server, tmp_path):
    env = subprocess_env(server, tmp_path)
    env["WANDB_CONSOLE"] = "wrap"
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(CHILD), "2000"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            if line.startswith("READY") or not line:
                break
        assert line.startswith("READY"), proc.stderr.read()
        _, rid, entity, sync_file = line.split()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    run_dir = os.path.dirname(sync_file)
    r = subprocess.run([sys.executable, "-m", "wandb.cli.cli", "sync", run_dir], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"/{entity}/proj/runs/{rid} ... done." in r.stdout
    api_run = server.api().run(f"{entity}/proj/{rid}")
    rows = list(api_run.scan_history())
    assert [row["i"] for row in rows] == list(range(2000))
    assert [row["_step"] for row in rows] == list(range(2000))
    assert rows[7]["half"] == 3.5
    assert api_run.config == {"k": "v"}
    assert api_run.summary["i"] == 1999
    assert api_run.state in ("failed", "crashed")  # no exit record: the run did not finish
    # Syncing again is safe: still exactly one copy of every row.
    r = subprocess.run([sys.executable, "-m", "wandb.cli.cli", "sync", run_dir], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(list(server.api().run(f"{entity}/proj/{rid}").scan_history())) == 2000
    names = {f.name for f in api_run.files()}
    assert {"output.log", "config.yaml", "wandb-summary.json", "wandb-metadata.json"} <= names
    out = next(f for f in api_run.files() if f.name == "output.log")
    text = open(out.download(root=str(tmp_path / "dl"), replace=True).name).read()
    assert "hello from the child" in text
    # The console line also went through file_stream as "<UTC ts> text".
    store = server.handle.store
    lines = store.console_lines(store.run_by_name(entity, "proj", rid).id)
    import re

    assert any(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6} hello from the child", x) for x in lines), lines
