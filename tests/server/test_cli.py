"""``wandb server`` click commands (user/key creation, status) without a running server."""

from __future__ import annotations

from click.testing import CliRunner

from wandb.server.cli import server_group
from wandb.server.store import Store


def test_user_and_key_create(tmp_path, monkeypatch):
    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    d = str(tmp_path / "data")
    runner = CliRunner()
    res = runner.invoke(server_group, ["user", "create", "carol", "--email", "c@x.org", "--data-dir", d])
    assert res.exit_code == 0, res.output
    key = res.output.strip().rsplit(" ", 1)[-1]
    assert len(key) == 40
    res = runner.invoke(server_group, ["key", "create", "carol", "--data-dir", d])
    assert res.exit_code == 0, res.output
    key2 = res.output.strip()
    s = Store(f"sqlite:///{d}/vireo.db")
    try:
        assert s.user_for_key(key).username == "carol" and s.user_for_key(key2).username == "carol"
        assert s.user_by_name("carol").email == "c@x.org" and s.user_by_name("admin").admin
    finally:
        s.close()
    res = runner.invoke(server_group, ["user", "create", "carol", "--data-dir", d])
    assert res.exit_code != 0 and "already taken" in res.output
    res = runner.invoke(server_group, ["key", "create", "nobody", "--data-dir", d])
    assert res.exit_code != 0 and "no user named" in res.output


def test_status_when_not_running(tmp_path):
    res = CliRunner().invoke(server_group, ["status", "--data-dir", str(tmp_path)])
    assert res.exit_code == 1 and "not running" in res.output
    res = CliRunner().invoke(server_group, ["stop", "--data-dir", str(tmp_path)])
    assert res.exit_code != 0 and "no server is running" in res.output


def test_start_detach_status_stop(tmp_path, monkeypatch):
    import json
    import os
    import subprocess
    import sys

    import requests

    d = str(tmp_path / "data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_")}
    env["WANDB_SERVER_ADMIN_KEY"] = "c" * 40
    cmd = [sys.executable, "-m", "wandb.server.cli"]
    p = subprocess.run(cmd + ["start", "--port", "0", "--data-dir", d, "--detach"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr + p.stdout
    try:
        with open(os.path.join(d, "server.json")) as f:
            state = json.load(f)
        r = requests.post(state["url"] + "/graphql", json={"query": "{viewer{username}}"}, auth=("api", "c" * 40),
                          timeout=10)
        assert r.json() == {"data": {"viewer": {"username": "admin"}}}
        p = subprocess.run(cmd + ["status", "--data-dir", d], env=env, capture_output=True, text=True, timeout=60)
        assert p.returncode == 0 and state["url"] in p.stdout
        p = subprocess.run(cmd + ["start", "--port", "0", "--data-dir", d], env=env, capture_output=True,
                           text=True, timeout=60)
        assert p.returncode != 0 and "already running" in p.stderr
    finally:
        p = subprocess.run(cmd + ["stop", "--data-dir", d], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and "stopped" in p.stdout
    assert not os.path.exists(os.path.join(d, "server.json"))  # removed on a graceful shutdown
    p = subprocess.run(cmd + ["status", "--data-dir", d], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 1
