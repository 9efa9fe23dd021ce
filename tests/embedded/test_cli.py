"""``wandb status`` and ``wandb login --host/--verify/--relogin`` against a local server."""

from __future__ import annotations

import json

from wandb.sdk.embedded import local_server

BAD_KEY = "0123456789" * 4


def _settings_json(stdout: str) -> dict:
    start = stdout.index("{")
    end = stdout.index("\n}", start) + 2
    return json.loads(stdout[start:end])


def test_status_with_nothing_configured(embedded_env):
    proc = embedded_env.cli("status")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("Current Settings\n")
    settings = _settings_json(out)
    assert settings["base_url"] == "https://api.wandb.ai"
    assert settings["api_key"] is None
    assert settings["mode"] == "online"
    lines = out.splitlines()
    assert "API key: not configured" in lines
    assert "Embedded server (Vireo): in use (no base URL or API key configured)" in lines
    assert "  not running" in lines
    assert f"  data: {embedded_env.server_dir}" in lines
    assert f"  log:  {embedded_env.server_dir / 'server.log'}" in lines
    assert not embedded_env.server_dir.exists()  # status never starts a server


def test_status_shows_the_running_server(embedded_env):
    server = local_server.ensure()
    proc = embedded_env.cli("status", "--no-settings")
    assert proc.returncode == 0, proc.stderr
    import wandb

    assert proc.stdout.splitlines()[:2] == [
        "Embedded server (Vireo): in use (no base URL or API key configured)",
        f"  running at {server.url} (pid {server.pid}, wandb {wandb.__version__} / Vireo"
        f" {wandb.__vireo_version__})",
    ]
    off = embedded_env.cli("status", "--no-settings", WANDB_MODE="offline")
    assert off.stdout.splitlines()[0] == "Embedded server (Vireo): not used (mode offline)"
    opt_out = embedded_env.cli("status", "--no-settings", WANDB_VIREO_EMBEDDED="false")
    assert opt_out.stdout.splitlines()[0] == "Embedded server (Vireo): off (WANDB_VIREO_EMBEDDED=false)"


def test_login_host_verify_stores_key_and_host(embedded_env):
    server = local_server.ensure()
    host = server.url.split("://", 1)[1]
    proc = embedded_env.cli("login", "--host", server.url, "--verify", server.api_key)
    assert proc.returncode == 0, proc.stderr
    netrc = (embedded_env.home / ".netrc").read_text()
    assert f"machine {host}\n  login user\n  password {server.api_key}\n" in netrc
    settings_file = (embedded_env.iso.config_dir / "settings").read_text()
    assert f"base_url = {server.url}" in settings_file

    # Now configured: status names the host and key source; the default is no longer used.
    status = embedded_env.cli("status")
    settings = _settings_json(status.stdout)
    assert settings["base_url"] == server.url
    assert settings["api_key"] == "********" + server.api_key[-4:]
    assert f"API key: configured ({embedded_env.home / '.netrc'})" in status.stdout.splitlines()
    assert "Embedded server (Vireo): not used (a base URL or an API key is configured)" in status.stdout

    # Already logged in: no prompt, no change.
    again = embedded_env.cli("login", "--host", server.url)
    assert again.returncode == 0
    assert "W&B API key is configured. Use `wandb login --relogin` to force relogin" in again.stderr


def test_login_verify_rejects_a_wrong_key(embedded_env):
    server = local_server.ensure()
    proc = embedded_env.cli("login", "--host", server.url, "--verify", BAD_KEY)
    assert proc.returncode == 1
    assert (f"wandb: ERROR API key verification failed for host {server.url}. Make sure your API key"
            " is valid.") in proc.stderr
    assert not (embedded_env.home / ".netrc").exists()  # nothing stored
    assert not (embedded_env.iso.config_dir / "settings").exists()


def test_relogin_replaces_the_stored_key(embedded_env):
    server = local_server.ensure()
    host = server.url.split("://", 1)[1]
    assert embedded_env.cli("login", "--host", server.url, BAD_KEY).returncode == 0
    relogin = embedded_env.cli("login", "--host", server.url, "--relogin", "--verify", server.api_key)
    assert relogin.returncode == 0, relogin.stderr
    netrc = (embedded_env.home / ".netrc").read_text()
    assert netrc.count(f"machine {host}") == 1
    assert f"password {server.api_key}" in netrc and BAD_KEY not in netrc
    # The stored key works for the Api with no other configuration.
    proc = embedded_env.run("""
        import wandb
        api = wandb.Api()
        print("RESULT", api.settings["base_url"], api.viewer.username)
    """)
    assert f"RESULT {server.url} admin" in proc.stdout


def test_login_verify_unreachable_host(embedded_env):
    proc = embedded_env.cli("login", "--host", "http://127.0.0.1:9", "--verify", BAD_KEY)
    assert proc.returncode == 1
    assert "wandb: ERROR Unable to connect to server to verify API token." in proc.stderr
    assert not (embedded_env.iso.config_dir / "settings").exists()
