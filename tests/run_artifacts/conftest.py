"""Fixtures for the run-level artifact tests (helpers live in ``artrun_helpers.py``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("requests")
pytest.importorskip("starlette")

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from artrun_helpers import FAST, Server  # noqa: E402


@pytest.fixture(autouse=True)
def _run_artifacts_mixin() -> Any:
    from wandb.errors import term

    saved = (term._silent, term._show_info, term._show_warnings, term._show_errors)
    yield
    term._silent, term._show_info, term._show_warnings, term._show_errors = saved


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    srv = Server(str(tmp_path / "server-data"))
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def online_env(isolated_wandb_env: Any, server: Server, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An isolated wandb environment whose runs log online to ``server``."""
    monkeypatch.setenv("WANDB_BASE_URL", server.url)
    monkeypatch.setenv("WANDB_API_KEY", server.key)
    monkeypatch.setenv("WANDB_MODE", "online")
    for k, v in FAST.items():
        monkeypatch.setenv(k, v)
    _reset_wandb()
    yield isolated_wandb_env
    _reset_wandb()


def _reset_wandb() -> None:
    from wandb.sdk import wandb_setup

    wandb_setup.teardown()


