"""``wandb.setup`` / ``teardown`` / ``finish`` / ``login``."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from wandb.errors import AuthenticationError, CommError, UsageError
from wandb.sdk import wandb_setup

KEY = "a" * 40


def test_setup_singleton_and_settings(wb) -> None:
    s1 = wb.setup()
    s2 = wb.setup()
    assert s1 is s2 is wandb_setup.singleton()
    assert isinstance(s1.settings, wb.Settings)
    assert s1.settings.mode == "offline"  # from WANDB_MODE


def test_setup_settings_become_defaults(wb) -> None:
    wb.setup(settings=wb.Settings(project="from-setup"))
    run = wb.init()
    assert run.project == "from-setup"
    run.finish()
    wb.setup(settings={"run_group": "g1"})
    assert wandb_setup.singleton().settings.run_group == "g1"


def test_teardown_finishes_active_runs(wb) -> None:
    r1 = wb.init()
    r2 = wb.init(reinit="create_new")
    wb.teardown()
    assert r1._is_finished and r2._is_finished
    assert wb.run is None
    assert wandb_setup._singleton is None


def test_finish_global_run_with_exit_code(wb, isolated_wandb_env) -> None:
    wb.finish()  # no run: nothing happens
    run = wb.init()
    wb.finish(exit_code=3)
    assert run._is_finished and wb.run is None


def test_settings_workspace_file_mode(wb, isolated_wandb_env, monkeypatch) -> None:
    monkeypatch.delenv("WANDB_MODE")
    settings_file = Path(isolated_wandb_env.cwd) / "wandb" / "settings"
    settings_file.parent.mkdir()
    settings_file.write_text("[default]\nmode = disabled\n")
    run = wb.init()
    assert run.disabled


def test_login_writes_netrc(wb, isolated_wandb_env, monkeypatch, capsys) -> None:
    monkeypatch.setenv("WANDB_MODE", "online")
    assert wb.login(key=KEY) is True
    netrc = Path(isolated_wandb_env.home) / ".netrc"
    assert netrc.read_text() == f"machine api.wandb.ai\n  login user\n  password {KEY}\n"
    assert stat.S_IMODE(os.stat(netrc).st_mode) == 0o600
    err = capsys.readouterr().err
    assert f"Appending key for api.wandb.ai to your netrc file: {netrc}" in err
    # relogin replaces the entry; another host is added beside it
    assert wb.login(key="b" * 40, relogin=True) is True
    assert wb.login(key="local-" + "c" * 40, host="http://localhost:8080") is True
    text = netrc.read_text()
    assert text.count("machine api.wandb.ai") == 1 and "b" * 40 in text and KEY not in text
    assert "machine localhost:8080\n  login user\n  password local-" + "c" * 40 in text
    system = Path(isolated_wandb_env.config_dir) / "settings"
    assert "base_url = http://localhost:8080" in system.read_text()


def test_login_netrc_env_and_preconfigured(wb, isolated_wandb_env, monkeypatch) -> None:
    monkeypatch.setenv("WANDB_MODE", "online")
    custom = Path(isolated_wandb_env.home) / "custom_netrc"
    monkeypatch.setenv("NETRC", str(custom))
    assert wb.login(key=KEY) is True
    assert f"password {KEY}" in custom.read_text()
    # Key now found in the netrc: login without a key succeeds without prompting.
    wandb_setup.teardown()
    assert wb.login() is True
    from wandb.sdk.lib import apikey

    assert apikey.api_key(wandb_setup.singleton().settings) == KEY


def test_login_bad_key_length(wb, monkeypatch) -> None:
    monkeypatch.setenv("WANDB_MODE", "online")
    with pytest.raises(ValueError, match="^API key must be 40 characters long, yours was 3$"):
        wb.login(key="abc")


def test_login_offline_and_disabled(wb, monkeypatch, capsys) -> None:
    assert wb.login(key=KEY) is False
    assert "Unable to verify login in offline mode." in capsys.readouterr().err
    monkeypatch.setenv("WANDB_MODE", "disabled")
    wandb_setup.teardown()
    assert wb.login() is True


def test_login_no_key_no_tty(wb, monkeypatch) -> None:
    monkeypatch.setenv("WANDB_MODE", "online")
    with pytest.raises(UsageError, match=r"api_key not configured \(no-tty\)\. call wandb.login\(key=\[your_api_key\]\)"):
        wb.login()


def test_login_verify_without_server(wb, monkeypatch) -> None:
    monkeypatch.setenv("WANDB_MODE", "online")
    monkeypatch.setenv("WANDB_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(AuthenticationError, match="Unable to connect to server to verify API token.") as info:
        wb.login(key=KEY, verify=True)
    assert isinstance(info.value, CommError)


def test_login_after_init_is_noop(wb, capsys) -> None:
    run = wb.init()
    assert wb.login(key=KEY) is True
    assert "Calling wandb.login() after wandb.init() has no effect." in capsys.readouterr().err
    run.finish()
