"""A tiny migration mechanism: a version table and an ordered list of steps.

Each migration is ``(version, description, fn(connection))``; ``migrate(engine)`` applies
the ones above the stored version, in order, each in its own transaction.
"""

from __future__ import annotations

import time
from typing import Callable

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from wandb.server import tables as t


def _v1_initial(conn: Connection) -> None:
    tables = [
        t.users, t.api_keys, t.entities, t.projects, t.runs,
        t.history, t.events, t.console, t.files, t.alerts,
    ]
    t.metadata.create_all(conn, tables=tables)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial tables", _v1_initial),
]


def current_version(engine: Engine) -> int:
    t.schema_version.create(engine, checkfirst=True)
    with engine.connect() as conn:
        rows = conn.execute(select(t.schema_version.c.version)).scalars().all()
    return max(rows) if rows else 0


def migrate(engine: Engine) -> int:
    """Bring the database to the newest schema; returns the resulting version."""
    version = current_version(engine)
    for number, _desc, fn in MIGRATIONS:
        if number <= version:
            continue
        with engine.begin() as conn:
            fn(conn)
            conn.execute(t.schema_version.insert().values(version=number, applied_at=time.time()))
        version = number
    return version
