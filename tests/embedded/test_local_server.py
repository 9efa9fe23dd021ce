"""``ensure_local_server``: start, reuse, concurrent starts, version mismatch, failures."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import textwrap

import pytest
import requests

import wandb
from wandb.errors import CommError
from wandb.sdk import embedded
from wandb.sdk.embedded import local_server


def _viewer(url: str, key: str) -> requests.Response:
    return requests.post(url + "/graphql", json={"query": "{ viewer { id username } }"},
                         auth=("api", key), timeout=30, proxies={"http": "", "https": ""})


def _starts_logged(env) -> int:
    log = (env.server_dir / "server.log").read_text()
    return log.count("embedded start:")


def test_first_call_starts_a_private_server(embedded_env):
    url, key = embedded.ensure_local_server()
    state = embedded_env.state()
    assert url.startswith("http://127.0.0.1:")
    assert state["url"] == url and state["port"] == int(url.rsplit(":", 1)[1])
    assert state["version"] == wandb.__version__
    assert state["vireo_version"] == wandb.__vireo_version__
    assert local_server._is_our_server(state["pid"], str(embedded_env.server_dir))
    # The key: 40 hex characters in a 0600 file, accepted by the server; the dir is private.
    assert len(key) == 40 and int(key, 16) >= 0
    key_file = embedded_env.server_dir / "admin-key"
    assert key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(embedded_env.server_dir.stat().st_mode) == 0o700
    resp = _viewer(url, key)
    assert resp.status_code == 200 and resp.json()["data"]["viewer"]["username"] == "admin"
    assert _viewer(url, "b" * 40).status_code == 401
    health = local_server.probe(url)
    assert health["version"] == wandb.__version__
    assert _starts_logged(embedded_env) == 1


def test_second_call_reuses_the_running_server(embedded_env):
    first = local_server.ensure()
    again = local_server.ensure()
    assert first.started is True and again.started is False
    assert (again.url, again.api_key, again.pid) == (first.url, first.api_key, first.pid)
    assert again.replaced is None
    assert _starts_logged(embedded_env) == 1


def test_dead_server_is_restarted_on_its_old_port_with_its_data(embedded_env):
    first = local_server.ensure()
    assert local_server.stop_process(first.pid)
    again = local_server.ensure()
    assert again.started is True and again.pid != first.pid
    assert again.url == first.url  # the old port was free: URLs printed earlier stay valid
    assert again.api_key == first.api_key  # same database, same admin key
    assert again.replaced is None
    assert _viewer(again.url, again.api_key).status_code == 200


def test_concurrent_starts_get_one_server(embedded_env):
    script = """
        import json
        from wandb.sdk import embedded
        url, key = embedded.ensure_local_server()
        print(json.dumps([url, key]))
    """
    procs = [embedded_env.popen(script) for _ in range(4)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        results.append(tuple(json.loads(out.strip().splitlines()[-1])))
    assert len(set(results)) == 1
    assert _starts_logged(embedded_env) == 1
    state = embedded_env.state()
    assert results[0] == (state["url"], (embedded_env.server_dir / "admin-key").read_text().strip())


def test_version_mismatch_restarts_with_our_version(embedded_env, monkeypatch):
    first = local_server.ensure()
    real = wandb.__vireo_version__
    # The running server reports its version on /healthz; pretend this SDK is a newer release.
    monkeypatch.setattr(wandb, "__vireo_version__", "9.9.9")
    again = local_server.ensure()
    assert again.started is True and again.pid != first.pid
    assert not local_server._pid_alive(first.pid)
    assert again.replaced == (
        f"The local Vireo server at {first.url} runs wandb {wandb.__version__} / Vireo {real}, this"
        f" wandb is {wandb.__version__} / Vireo 9.9.9; restarted it with this version"
    )
    assert again.url == first.url and again.api_key == first.api_key
    assert embedded_env.state()["vireo_version"] == "9.9.9"


FAKE_SERVER = """
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"status": "ok", "version": "0.20.0"}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
print(srv.server_address[1], flush=True)
srv.serve_forever()
"""


def test_foreign_server_on_the_recorded_port_is_left_alone(embedded_env):
    fake = subprocess.Popen([sys.executable, "-c", textwrap.dedent(FAKE_SERVER)], stdout=subprocess.PIPE,
                            text=True)
    embedded_env.track(fake.pid)
    try:
        port = int(fake.stdout.readline())
        fake_url = f"http://127.0.0.1:{port}"
        embedded_env.server_dir.mkdir(parents=True, exist_ok=True)
        (embedded_env.server_dir / "embedded.json").write_text(json.dumps(
            {"pid": fake.pid, "port": port, "url": fake_url, "version": "0.20.0", "vireo_version": "0.0.1"}))
        server = local_server.ensure()
        assert fake.poll() is None  # not ours: never signalled
        assert server.url != fake_url and server.started is True
        assert server.replaced == (
            f"The server at {fake_url} (pid {fake.pid}) is not this user's Vireo server (wandb"
            f" 0.20.0 / Vireo 0.0.1, this wandb is {wandb.__version__} / Vireo {wandb.__vireo_version__});"
            " starting a new one on another port"
        )
        assert embedded_env.state()["url"] == server.url
    finally:
        fake.kill()
        fake.wait()


def test_server_that_cannot_start_names_the_log(embedded_env):
    embedded_env.server_dir.mkdir(parents=True)
    (embedded_env.server_dir / "vireo.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(CommError) as info:
        local_server.ensure(timeout=60)
    log = str(embedded_env.server_dir / "server.log")
    assert "The local Vireo server exited with code" in str(info.value)
    assert f"see {log}" in str(info.value)
    assert embedded_env.state() is None


def test_server_that_never_answers_times_out(embedded_env, monkeypatch):
    def launch_silent(data_dir, port, admin_key, log_path):
        proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        embedded_env.track(proc.pid)
        local_server._children.append(proc)
        return proc

    monkeypatch.setattr(local_server, "_launch", launch_silent)
    with pytest.raises(CommError) as info:
        local_server.ensure(timeout=1)
    log = embedded_env.server_dir / "server.log"
    assert str(info.value) == (
        f"The local Vireo server did not answer at 127.0.0.1 within 1s; see {log} (set"
        " WANDB_BASE_URL to use another server, or WANDB_MODE=offline)"
    )
    assert not local_server._pid_alive(local_server._children[-1].pid)


def test_stop_local_server(embedded_env):
    server = local_server.ensure()
    assert embedded.stop_local_server() is True
    assert not local_server._pid_alive(server.pid)
    assert embedded_env.state() is None
    assert embedded.status()["running"] is False
    assert embedded.stop_local_server() is False


def test_unusable_data_dir_is_a_clear_comm_error(embedded_env, monkeypatch):
    blocker = embedded_env.home / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("WANDB_DATA_DIR", str(blocker))
    with pytest.raises(CommError) as info:
        embedded.ensure_local_server()
    assert str(info.value) == (
        f"Cannot use {blocker}/vireo-server for the local Vireo server (Not a directory). Set"
        " WANDB_DATA_DIR to a writable directory, WANDB_BASE_URL to use another server, or"
        " WANDB_MODE=offline."
    )
