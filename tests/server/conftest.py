"""Fixtures: a Vireo server in a thread on a free port, over SQLite and (optionally) PostgreSQL.

PostgreSQL runs only when ``VIREO_TEST_PG_URL`` is set (e.g.
``postgresql://vireo:vireo@127.0.0.1/vireo_test``); that database is WIPED before each test.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


requests = pytest.importorskip("requests")
pytest.importorskip("starlette")
pytest.importorskip("ariadne")
pytest.importorskip("sqlalchemy")

PG_ENV = "VIREO_TEST_PG_URL"

# Test helper modules (srv_docs.py) live next to this file; importlib mode does not add it.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))


def _wipe_pg(url: str) -> None:
    from sqlalchemy import text

    from wandb.server import tables as t
    from wandb.server.config import ServerConfig
    from wandb.server.store import make_engine

    engine = make_engine(ServerConfig(data_dir=".", db_url=url).resolved_db_url())
    with engine.begin() as conn:
        t.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS vireo_schema_version"))
    engine.dispose()


@dataclass
class Srv:
    """A running test server plus request helpers."""

    handle: Any
    db: str

    @property
    def url(self) -> str:
        return self.handle.url

    @property
    def key(self) -> str:
        return self.handle.admin_key

    @property
    def store(self) -> Any:
        return self.handle.store

    def auth(self, key: str | None = None) -> tuple[str, str]:
        return ("api", key or self.key)

    def post_gql(self, query: str, variables: Any = None, op: str | None = None, key: str | None = None,
                 python_style: bool = True) -> Any:
        body: dict = {"query": query, "variables": variables if variables is not None else ({} if python_style else None)}
        if op:
            body["operationName"] = op
        return requests.post(self.url + "/graphql", json=body, auth=self.auth(key), timeout=30)

    def gql(self, query: str, variables: Any = None, op: str | None = None, key: str | None = None) -> dict:
        """Execute and return ``data``; fails the test on any error."""
        r = self.post_gql(query, variables, op, key)
        assert r.status_code == 200, r.text
        body = r.json()
        assert "errors" not in body, body
        return body["data"]

    def stream(self, entity: str, project: str, run: str, body: dict, key: str | None = None) -> Any:
        return requests.post(f"{self.url}/files/{entity}/{project}/{run}/file_stream", json=body,
                             auth=self.auth(key), timeout=30)

    def create_run(self, name: str = "run1", project: str = "proj", **fields: Any) -> dict:
        inp = {"name": name, "modelName": project, **fields}
        data = self.gql(
            "mutation U($input: UpsertBucketInput){upsertBucket(input:$input){bucket{id name displayName"
            " project{name entity{name}} historyLineCount} inserted}}",
            {"input": inp},
        )
        return data["upsertBucket"]


def _params() -> list:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
        not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set"))]


@pytest.fixture(params=_params())
def server(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh server (admin key in ``server.key``) on SQLite, and on PostgreSQL when configured."""
    from wandb.server import start_in_thread

    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    kwargs: dict = {}
    if request.param == "postgresql":
        url = os.environ[PG_ENV]
        _wipe_pg(url)
        kwargs["db_url"] = url
    handle = start_in_thread(str(tmp_path / "data"), port=0, **kwargs)
    try:
        yield Srv(handle, request.param)
    finally:
        handle.stop()


@pytest.fixture
def sqlite_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh SQLite-only server (for transport-level tests that do not depend on the DB)."""
    from wandb.server import start_in_thread

    monkeypatch.delenv("WANDB_SERVER_ADMIN_KEY", raising=False)
    handle = start_in_thread(str(tmp_path / "data"), port=0)
    try:
        yield Srv(handle, "sqlite")
    finally:
        handle.stop()
