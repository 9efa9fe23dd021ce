"""A tiny migration mechanism: a version table and an ordered list of steps.

Each migration is ``(version, description, fn(connection))``; ``migrate(engine)`` applies
the ones above the stored version, in order, each in its own transaction.
"""

from __future__ import annotations

import time
from typing import Callable

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import Connection

from wandb.server import tables as t


def _v1_initial(conn: Connection) -> None:
    tables = [
        t.users, t.api_keys, t.entities, t.projects, t.runs,
        t.history, t.events, t.console, t.files, t.alerts,
    ]
    t.metadata.create_all(conn, tables=tables)


def _v2_artifacts(conn: Connection) -> None:
    tables = [
        t.artifact_types, t.artifact_collections, t.artifacts, t.artifact_aliases,
        t.artifact_files, t.artifact_manifests, t.artifact_usage,
    ]
    t.metadata.create_all(conn, tables=tables)


def _v3_artifact_links(conn: Connection) -> None:
    tables = [t.artifact_links, t.artifact_tags, t.collection_tags, t.registry_settings, t.multipart_uploads]
    t.metadata.create_all(conn, tables=tables)
    t.ix_artifacts_collection_version.create(conn, checkfirst=True)
    if "size" not in {c["name"] for c in inspect(conn).get_columns("artifact_files")}:
        conn.execute(text("ALTER TABLE artifact_files ADD COLUMN size BIGINT"))


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial tables", _v1_initial),
    (2, "artifacts", _v2_artifacts),
    (3, "artifact links, tags, registries, multipart uploads", _v3_artifact_links),
]


def current_version(engine: Engine) -> int:
    with engine.begin() as conn:
        return _version(conn)


def _version(conn: Connection) -> int:
    t.schema_version.create(conn, checkfirst=True)
    rows = conn.execute(select(t.schema_version.c.version)).scalars().all()
    return max(rows) if rows else 0


def migrate(engine: Engine) -> int:
    """Bring the database to the newest schema; returns the resulting version.

    All pending steps run in one transaction; on PostgreSQL an advisory lock makes replicas
    that start together migrate one after the other.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7726010)"))
        version = _version(conn)
        for number, _desc, fn in MIGRATIONS:
            if number <= version:
                continue
            fn(conn)
            conn.execute(t.schema_version.insert().values(version=number, applied_at=time.time()))
            version = number
    return version
