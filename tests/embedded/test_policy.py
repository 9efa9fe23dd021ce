"""When the embedded default applies (no server is started by these tests)."""

from __future__ import annotations

import os

import pytest

from wandb.sdk import embedded
from wandb.sdk.embedded import local_server
from wandb.sdk.wandb_settings import Settings

KEY = "a" * 40


def test_nothing_configured_applies(embedded_env):
    assert embedded.applies(Settings()) is True


@pytest.mark.parametrize("mode", ["offline", "disabled", "dryrun"])
def test_offline_and_disabled_never_apply(embedded_env, mode):
    assert embedded.applies(Settings(mode=mode)) is False


def test_explicit_base_url_disables(embedded_env, monkeypatch):
    assert embedded.applies(Settings(base_url="http://127.0.0.1:9")) is False
    # Even the default URL, when set explicitly, means "use that server".
    assert embedded.applies(Settings(base_url="https://api.wandb.ai")) is False
    monkeypatch.setenv("WANDB_BASE_URL", "http://127.0.0.1:9")
    assert embedded.applies(Settings()) is False


def test_api_key_disables(embedded_env, monkeypatch):
    assert embedded.applies(Settings(api_key=KEY)) is False
    assert embedded.applies(Settings(), explicit_api_key=KEY) is False
    monkeypatch.setenv("WANDB_API_KEY", KEY)
    assert embedded.applies(Settings()) is False


def test_netrc_key_for_the_default_host_disables(embedded_env):
    netrc = embedded_env.home / ".netrc"
    netrc.write_text(f"machine api.wandb.ai\n  login user\n  password {KEY}\n")
    os.chmod(netrc, 0o600)
    assert embedded.applies(Settings()) is False
    netrc.write_text(f"machine 127.0.0.1:5000\n  login user\n  password {KEY}\n")
    assert embedded.applies(Settings()) is True


def test_opt_out_env(embedded_env, monkeypatch):
    for value in ("false", "0", "False", "off"):
        monkeypatch.setenv("WANDB_VIREO_EMBEDDED", value)
        assert embedded.applies(Settings()) is False
    monkeypatch.setenv("WANDB_VIREO_EMBEDDED", "true")
    assert embedded.applies(Settings()) is True


def test_server_dir_follows_wandb_data_dir(embedded_env, monkeypatch):
    assert local_server.server_dir() == str(embedded_env.data_dir / "vireo-server")
    monkeypatch.delenv("WANDB_DATA_DIR")
    assert local_server.server_dir() == str(embedded_env.home / ".local" / "share" / "wandb" / "vireo-server")


def test_start_timeout_env(embedded_env, monkeypatch):
    monkeypatch.delenv("WANDB_VIREO_START_TIMEOUT")
    assert local_server.start_timeout() == 15.0
    monkeypatch.setenv("WANDB_VIREO_START_TIMEOUT", "7.5")
    assert local_server.start_timeout() == 7.5
    monkeypatch.setenv("WANDB_VIREO_START_TIMEOUT", "soon")
    assert local_server.start_timeout() == 15.0
