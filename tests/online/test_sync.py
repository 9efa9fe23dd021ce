"""``wandb sync`` of offline run directories (ours and wandb 0.21.3's)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from online_kit import subprocess_env

OFFLINE = """
import wandb
run = wandb.init(project="offproj", mode="offline", config={"lr": 0.5, "deep": {"a": [1, 2]}}, tags=["x"])
for i in range(40):
    run.log({"loss": 1 / (i + 1), "m": {"v": i}})
run.summary["final"] = "done"
run.finish()
print("RUN", run.id)
"""


def _cli(args, cwd, env):
    return subprocess.run([sys.executable, "-m", "wandb.cli.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_sync_all_marks_and_is_idempotent(server, tmp_path):
    env = subprocess_env(server, tmp_path)
    p = subprocess.run([sys.executable, "-c", OFFLINE], cwd=tmp_path, env=env, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    rid = p.stdout.split("RUN", 1)[1].strip()
    r = _cli(["sync"], tmp_path, env)
    assert "Number of runs to be synced: 1" in r.stderr + r.stdout
    r = _cli(["sync", "--sync-all"], tmp_path, env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"/offproj/runs/{rid} ... done." in r.stdout
    run_dir = next(d for d in (tmp_path / "wandb").iterdir() if d.name.startswith("offline-run-"))
    assert (run_dir / f"run-{rid}.wandb.synced").exists()
    r = _cli(["sync", "--sync-all"], tmp_path, env)
    assert "Nothing to sync." in r.stdout + r.stderr
    r = _cli(["sync", "--sync-all", "--include-synced"], tmp_path, env)
    assert r.returncode == 0 and "done." in r.stdout
    api_run = [x for x in server.api().runs("admin/offproj")]
    assert len(api_run) == 1
    run = api_run[0]
    rows = list(run.scan_history())
    assert [row["_step"] for row in rows] == list(range(40))
    assert [row["m"]["v"] for row in rows] == list(range(40))
    assert run.config == {"lr": 0.5, "deep": {"a": [1, 2]}}
    assert run.summary["final"] == "done" and run.summary["loss"] == 1 / 40
    assert list(run.tags) == ["x"]
    assert run.state == "finished"
    r = _cli(["sync", "--clean", "--clean-old-hours", "0", "--clean-force"], tmp_path, env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not run_dir.exists()


def test_sync_to_another_project_and_id(server, tmp_path):
    env = subprocess_env(server, tmp_path)
    p = subprocess.run([sys.executable, "-c", OFFLINE], cwd=tmp_path, env=env, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    run_dir = next(d for d in (tmp_path / "wandb").iterdir() if d.name.startswith("offline-run-"))
    r = _cli(["sync", str(run_dir), "-p", "other", "-e", "admin", "--id", "customid"], tmp_path, env)
    assert r.returncode == 0, r.stdout + r.stderr
    run = server.api().run("admin/other/customid")
    assert len(list(run.scan_history())) == 40


REF_OFFLINE = """
import wandb
run = wandb.init(project="refproj", config={"lr": 0.1, "layers": 3})
for i in range(30):
    run.log({"acc": i / 30, "nested": {"a": i}})
run.summary["best"] = 7
run.finish()
print("RUN", run.id)
"""


@pytest.mark.compat
def test_sync_of_a_wandb_0213_offline_directory(server, tmp_path):
    from reftools import run_ref

    p = run_ref(REF_OFFLINE, tmp_path)
    rid = p.stdout.split("RUN", 1)[1].strip()
    env = subprocess_env(server, tmp_path)
    r = _cli(["sync", "--sync-all"], tmp_path, env)
    assert r.returncode == 0, r.stdout + r.stderr
    run = server.api().run(f"admin/refproj/{rid}")
    rows = list(run.scan_history())
    assert [row["_step"] for row in rows] == list(range(30))
    assert [row["nested"]["a"] for row in rows] == list(range(30))
    assert rows[3]["acc"] == 3 / 30
    assert run.config == {"lr": 0.1, "layers": 3}
    assert run.summary["best"] == 7
    assert run.state == "finished"
    names = {f.name for f in run.files()}
    assert {"config.yaml", "wandb-summary.json", "wandb-metadata.json", "requirements.txt"} <= names
