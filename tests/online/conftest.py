"""Fixtures for online-mode tests: a Vireo server in a thread and an SDK environment that
points at it (WANDB_BASE_URL / WANDB_API_KEY, fast file_stream and retry timing)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("requests")
pytest.importorskip("starlette")

PG_ENV = "VIREO_TEST_PG_URL"

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))


def _wipe_pg(url: str) -> None:
    """Drop every server table in the PostgreSQL test database."""
    from sqlalchemy import text

    from wandb.server import tables as t
    from wandb.server.config import ServerConfig
    from wandb.server.store import make_engine

    engine = make_engine(ServerConfig(data_dir=".", db_url=url).resolved_db_url())
    with engine.begin() as conn:
        t.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS vireo_schema_version"))
    engine.dispose()


def _params() -> list:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
        not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set"))]


@pytest.fixture(params=_params())
def server(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    db_url = None
    if request.param == "postgresql":
        db_url = os.environ[PG_ENV]
        _wipe_pg(db_url)
    srv = Server(str(tmp_path / "server-data"), db_url)
    try:
        yield srv
    finally:
        srv.stop()


from online_kit import FAST, Server, subprocess_env  # noqa: E402,F401  (shared with other test dirs)


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


