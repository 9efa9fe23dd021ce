"""THE compatibility test: the official wandb 0.21.3 client logs to our server and reads it back.

Needs ``VIREO_REF_PYTHON`` (the reference interpreter); skipped otherwise.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("ref_client_log.py")


def _client_env(tmp_path: Path, url: str, key: str) -> tuple[Path, dict]:
    """Work dir and environment for the official client, online against ``url``."""
    from reftools import ref_env

    work = tmp_path / "work"
    work.mkdir()
    env = ref_env(work, {"WANDB_MODE": None, "WANDB_BASE_URL": url, "WANDB_API_KEY": key,
                         "WANDB_SILENT": "true"})
    return work, env


def _ref_python() -> str:
    """The reference interpreter; skips (or fails with VIREO_REQUIRE_REF=1) when it is missing."""
    from reftools import ref_python_path

    return ref_python_path()


@pytest.mark.compat
def test_official_client_logs_and_reads_back(server, tmp_path):
    exe = _ref_python()
    work, env = _client_env(tmp_path, server.url, server.key)
    proc = subprocess.run([exe, str(SCRIPT), "refproj", str(work)], env=env, capture_output=True, text=True,
                          timeout=240, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT:"))
    out = json.loads(line[len("RESULT:"):])

    # what the client's own wandb.Api() read back
    assert out["entity"] == "admin" and out["state"] == "finished"
    assert out["runs"] == [out["id"]]
    assert out["tags"] == ["t1", "t2"] and out["notes"] == "some notes"
    assert out["group"] == "g1" and out["job_type"] == "train"
    assert out["config"] == {"lr": 0.01, "model": {"layers": 3, "act": "relu"}, "batch": 32}
    assert out["summary"]["loss"] == 0.2 and out["summary"]["best"] == 0.99
    assert abs(out["summary"]["acc"] - 0.4) < 1e-12
    expected = [{"_step": i, "loss": 1.0 / (i + 1), "acc": i * 0.1, "nested": {"a": i}} for i in range(5)]
    assert out["history"] == expected
    assert out["scan"] == expected
    assert out["keyed"] == [{"_step": i, "loss": 1.0 / (i + 1)} for i in range(5)]
    for name in ("wandb-metadata.json", "config.yaml", "wandb-summary.json", "output.log", "requirements.txt",
                 "custom.txt"):
        assert name in out["files"], out["files"]
    assert out["files"]["custom.txt"] == len("hello vireo\n")
    assert out["custom"] == "hello vireo\n"
    assert out["summary_after"] == 5 and out["config_after"] == 0.5

    # and what the server stored
    run = server.store.run_by_name("admin", "refproj", out["id"])
    assert run.exit_code == 0 and run.history_line_count == 5 and run.last_step == 4
    cfg = json.loads(run.config)
    assert cfg["lr"]["value"] == 0.01 and "t" in cfg["_wandb"]["value"]
    console = server.store.console_lines(run.id)
    assert any(line.endswith(" some stdout line") for line in console), console


@pytest.mark.compat
def test_official_client_resume_alert_media(sqlite_server, tmp_path):
    server = sqlite_server
    exe = _ref_python()
    work, env = _client_env(tmp_path, server.url, server.key)
    script = Path(__file__).with_name("ref_client_resume.py")
    proc = subprocess.run([exe, str(script), "resproj", str(work)], env=env, capture_output=True, text=True,
                          timeout=240, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = json.loads(next(x for x in proc.stdout.splitlines() if x.startswith("RESULT:"))[len("RESULT:"):])
    assert out["resumed_step"] == 4 and out["resumed_config"] == {"a": 1}
    assert out["must_error"] == "UsageError" and out["never_error"] == "UsageError"
    assert out["history"] == [{"_step": 0, "x": 0}, {"_step": 1, "x": 1}, {"_step": 2, "x": 2}, {"_step": 3},
                              {"_step": 4, "x": 10}, {"_step": 5, "x": 11}]
    assert any(f.startswith("media/html/") and f.endswith(".html") for f in out["files"])
    assert out["state"] == "finished"
    run = server.store.run_by_name("admin", "resproj", "resume1")
    alerts = server.store.alerts_of(run.id)
    assert [(a.title, a.text, a.severity) for a in alerts] == [("hello", "an alert", "WARN")]
    assert server.store.run_by_name("admin", "resproj", "missing1") is None


@pytest.mark.compat
def test_official_client_is_stopped_from_the_server(sqlite_server, tmp_path):
    """stopRun -> the client's RunStoppedStatus poll sees stopped:true -> it exits; state 'killed'."""
    import time

    import srv_docs as docs

    server = sqlite_server
    exe = _ref_python()
    work, env = _client_env(tmp_path, server.url, server.key)
    script = Path(__file__).with_name("ref_client_stop.py")
    proc = subprocess.Popen([exe, str(script), "stopproj", str(work)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        # stop only once init() has returned (the script prints STARTED), not mid-init
        line = proc.stdout.readline()
        assert line.strip() == "STARTED", line + proc.communicate()[1][-3000:]
        run = server.store.run_by_name("admin", "stopproj", "stopme")
        assert run is not None, proc.communicate()
        from wandb.server.ids import encode_id

        assert server.gql(docs.STOP_RUN, {"id": encode_id("Run", run.id)})["stopRun"]["success"] is True
        out, err = proc.communicate(timeout=200)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0 and "NOT STOPPED" not in out, err[-2000:]
    run = server.store.run_by_name("admin", "stopproj", "stopme")
    assert (run.state, run.exit_code) == ("killed", 255)
    assert run.history_line_count > 0


@pytest.mark.compat
def test_official_client_artifacts(server, tmp_path):
    exe = _ref_python()
    work, env = _client_env(tmp_path, server.url, server.key)
    script = Path(__file__).with_name("ref_client_artifacts.py")
    proc = subprocess.run([exe, str(script), "artproj", str(work)], env=env, capture_output=True, text=True,
                          timeout=240, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = json.loads(next(x for x in proc.stdout.splitlines() if x.startswith("RESULT:"))[len("RESULT:"):])
    assert (out["v_first"], out["v_same"], out["v_third"]) == ("v0", "v0", "v1")  # same digest -> same version
    assert out["best_files"] == ["f.txt"] and out["best_content"] == "hello artifact"
    assert out["best_meta"] == {"k": 1} and out["best_aliases"] == ["best"]  # 'latest' moved on to v1
    assert out["latest_g"] == "second file"
    assert out["api_version"] == "v1" and out["api_files"] == ["f.txt", "sub/g.txt"]
    assert out["api_aliases"] == ["latest"]
    logged = out["logged_by_first_run"]
    assert logged[:2] == ["ds:v0", "ds:v1"] and len(logged) == 3 and logged[2].endswith("-t:v0")  # the table
    assert out["used_by_second_run"] == ["ds:v0", "ds:v1"]


@pytest.mark.compat
def test_server_restart_mid_run_loses_and_duplicates_nothing(tmp_path, monkeypatch):
    """The server goes away mid-run and comes back on the same port and data: the client's
    retries re-send offsets, and history holds every step exactly once."""
    import time

    from wandb.server import start_in_thread

    exe = _ref_python()
    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    data = str(tmp_path / "data")
    handle = start_in_thread(data, port=0)
    port, key = handle.port, handle.admin_key
    work, env = _client_env(tmp_path, handle.url, key)
    n = 100
    script = Path(__file__).with_name("ref_client_restart.py")
    proc = subprocess.Popen([exe, str(script), "rproj", str(work), str(n)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        for _ in range(600):
            run = handle.store.run_by_name("admin", "rproj", "restart1")
            if (run is not None and run.history_line_count >= 10) or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        at_stop = handle.store.run_by_name("admin", "rproj", "restart1").history_line_count
        handle.stop()  # down while the client is still logging
        assert at_stop < n
        time.sleep(1.0)
        handle = start_in_thread(data, port=port)
        out, err = proc.communicate(timeout=200)
        assert proc.returncode == 0 and "DONE" in out, err[-3000:]
        run = handle.store.run_by_name("admin", "rproj", "restart1")
        rows = [json.loads(x) for x in handle.store.history_sampled(run.id, None, run.history_line_count)]
        assert [r["_step"] for r in rows] == list(range(n))
        assert [r["sq"] for r in rows] == [i * i for i in range(n)]
        assert run.state == "finished" and run.history_line_count == n
    finally:
        if proc.poll() is None:
            proc.kill()
        handle.stop()


@pytest.mark.compat
def test_official_client_edits_and_deletes_artifacts(sqlite_server, tmp_path):
    server = sqlite_server
    exe = _ref_python()
    work, env = _client_env(tmp_path, server.url, server.key)
    script = Path(__file__).with_name("ref_client_artifact_edits.py")
    proc = subprocess.run([exe, str(script), "editproj", str(work)], env=env, capture_output=True, text=True,
                          timeout=240, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = json.loads(next(x for x in proc.stdout.splitlines() if x.startswith("RESULT:"))[len("RESULT:"):])
    assert out["after_save"] == ["v0", ["latest", "prod"], "updated", {"m": 2}]
    assert out["after_remove"] == ["latest"]
    assert out["delete_plain"] == "CommError"  # still has aliases and delete_aliases=False
    assert out["gone"] == "CommError"  # deleted versions are not found any more
