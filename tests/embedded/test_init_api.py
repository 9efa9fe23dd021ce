"""``wandb.init()`` and ``wandb.Api()`` with nothing configured use the local server.

Every script runs in a fresh interpreter as an isolated user whose sockets may only reach
127.0.0.1 (see ``NET_GUARD`` in conftest).
"""

from __future__ import annotations

import json

import pytest

LOG_SCRIPT = """
    import json, wandb
    run = wandb.init(project="emb", config={"lr": 0.01, "layers": [64, 32]})
    for step in range(5):
        run.log({"loss": 1.0 / (step + 1), "acc": step / 10})
    run.summary["best"] = "yes"
    path, url = run.path, run.url
    run.finish()
    print("RESULT", json.dumps({"path": path, "url": url}))
"""

READ_SCRIPT = """
    import json, wandb
    api = wandb.Api()
    run = api.run("@PATH@")
    rows = run.history(pandas=False)
    print("RESULT", json.dumps({"base_url": api.settings["base_url"], "config": dict(run.config),
        "summary": {k: run.summary[k] for k in ("loss", "acc", "best")}, "state": run.state,
        "loss": [r["loss"] for r in rows], "steps": [r["_step"] for r in rows]}))
"""


def _result(proc) -> dict:
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"no RESULT line\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    return json.loads(lines[-1][len("RESULT "):])


def test_init_with_nothing_configured_logs_to_the_local_server(embedded_env):
    logged = embedded_env.run(LOG_SCRIPT)
    state = embedded_env.state()
    url = state["url"]
    res = _result(logged)
    entity, project, run_id = res["path"].split("/")
    assert (entity, project) == ("admin", "emb")
    assert res["url"] == f"{url}/admin/emb/runs/{run_id}"
    # One line names the server; the run header names the run's URL.
    lines = logged.stderr.splitlines()
    assert lines.count(f"wandb: Local server (Vireo) at {url} (data in {embedded_env.server_dir})") == 1
    assert f"wandb: 🚀 View run at {url}/admin/emb/runs/{run_id}" in lines

    # Another process: wandb.Api() finds the same server and reads every value back.
    read = embedded_env.run(READ_SCRIPT.replace("@PATH@", res["path"]))
    got = _result(read)
    assert got["base_url"] == url
    assert got["config"] == {"lr": 0.01, "layers": [64, 32]}
    assert got["summary"] == {"loss": 0.2, "acc": 0.4, "best": "yes"}
    assert got["state"] == "finished"
    assert got["steps"] == [0, 1, 2, 3, 4]
    assert got["loss"] == [1.0, 0.5, 1.0 / 3, 0.25, 0.2]
    assert "Local server (Vireo)" not in read.stderr  # Api() stays quiet unless it had to replace one


def test_second_process_reuses_the_same_server(embedded_env):
    first = _result(embedded_env.run(LOG_SCRIPT))
    pid = embedded_env.state()["pid"]
    second = _result(embedded_env.run(LOG_SCRIPT))
    state = embedded_env.state()
    assert state["pid"] == pid
    assert first["url"].rsplit("/admin/", 1)[0] == second["url"].rsplit("/admin/", 1)[0] == state["url"]
    log = (embedded_env.server_dir / "server.log").read_text()
    assert log.count("embedded start:") == 1


def test_concurrent_inits_share_one_server(embedded_env):
    procs = [embedded_env.popen(LOG_SCRIPT) for _ in range(3)]
    urls = set()
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        line = [x for x in out.splitlines() if x.startswith("RESULT ")][-1]
        urls.add(json.loads(line[7:])["url"].rsplit("/admin/", 1)[0])
    assert urls == {embedded_env.state()["url"]}
    assert (embedded_env.server_dir / "server.log").read_text().count("embedded start:") == 1


@pytest.mark.parametrize("mode", ["offline", "disabled"])
def test_offline_and_disabled_start_nothing(embedded_env, mode):
    proc = embedded_env.run("""
        import wandb
        run = wandb.init(project="emb")
        run.log({"a": 1})
        run.finish()
    """, WANDB_MODE=mode)
    assert "Local server" not in proc.stderr
    assert not embedded_env.server_dir.exists()


def test_opt_out_keeps_the_missing_key_error(embedded_env):
    proc = embedded_env.run("""
        import wandb
        from wandb.errors import UsageError
        try:
            wandb.init(project="emb")
        except UsageError as e:
            print("RESULT", repr(str(e)))
    """, WANDB_VIREO_EMBEDDED="false")
    assert "api_key not configured (no-tty)" in proc.stdout
    assert not embedded_env.server_dir.exists()


def test_api_with_nothing_configured_in_offline_mode_raises(embedded_env):
    proc = embedded_env.run("""
        import wandb
        from wandb.errors import UsageError
        try:
            wandb.Api()
        except UsageError as e:
            print("RESULT", "UsageError")
    """, WANDB_MODE="offline")
    assert "RESULT UsageError" in proc.stdout
    assert not embedded_env.server_dir.exists()


def test_explicit_base_url_is_used_instead(embedded_env, tmp_path):
    from wandb.server import start_in_thread

    with start_in_thread(str(tmp_path / "team-server"), port=0) as team:
        proc = embedded_env.run(LOG_SCRIPT, WANDB_BASE_URL=team.url, WANDB_API_KEY=team.admin_key)
        res = _result(proc)
        assert res["url"].startswith(team.url + "/admin/emb/runs/")
        assert "Local server" not in proc.stderr
        assert not embedded_env.server_dir.exists()
        read = _result(embedded_env.run(READ_SCRIPT.replace("@PATH@", res["path"]),
                                        WANDB_BASE_URL=team.url, WANDB_API_KEY=team.admin_key))
        assert read["base_url"] == team.url and read["summary"]["best"] == "yes"
    assert not embedded_env.server_dir.exists()


def test_base_url_from_login_disables_the_default(embedded_env):
    # `wandb login --host` stored a host (settings file) and its key (netrc).
    url, key = "http://127.0.0.1:9", "c" * 40
    embedded_env.iso.config_dir.joinpath("settings").write_text(f"[default]\nbase_url = {url}\n")
    proc = embedded_env.run("""
        import wandb
        from wandb.errors import CommError
        try:
            wandb.init(project="emb", settings=wandb.Settings(init_timeout=5))
        except CommError as e:
            print("RESULT", "CommError", str(e).split(" within")[0])
    """, WANDB_API_KEY=key, check=False)
    assert f"RESULT CommError Could not reach the W&B server at {url}" in proc.stdout, proc.stderr
    assert not embedded_env.server_dir.exists()
