"""The SQL store: engine setup, users, API keys, entities and projects.

Run, line and file operations live in ``store_runs.py`` / ``store_lines.py`` (mixins).
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any, Iterator

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from wandb.server import keys as keymod
from wandb.server import tables as t
from wandb.server.errors import ClientError, NotFound
from wandb.server.migrations import migrate
from wandb.server.store_artifacts import ArtifactEditsMixin, ArtifactListsMixin, ArtifactsMixin
from wandb.server.store_lines import LinesMixin
from wandb.server.store_runs import RunsMixin


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, poolclass=NullPool
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _rec: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Store(RunsMixin, LinesMixin, ArtifactsMixin, ArtifactListsMixin, ArtifactEditsMixin):
    """All SQL access. Methods open their own transaction (``self.tx()``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        # SQLite allows one writer at a time: serialise writes in-process instead of retrying.
        self._write_lock = threading.RLock() if self.is_sqlite else None
        migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def tx(self) -> Iterator[Connection]:
        """A write transaction (serialised on SQLite)."""
        if self._write_lock is not None:
            with self._write_lock, self.engine.begin() as conn:
                yield conn
        else:
            with self.engine.begin() as conn:
                yield conn

    @contextlib.contextmanager
    def ro(self) -> Iterator[Connection]:
        """A read-only connection."""
        with self.engine.connect() as conn:
            yield conn

    # ---- users and keys -------------------------------------------------------------------

    def user_count(self) -> int:
        with self.ro() as conn:
            return int(conn.execute(select(func.count()).select_from(t.users)).scalar_one())

    def create_user(
        self, username: str, email: str | None = None, admin: bool = False, name: str | None = None
    ) -> Row:
        """Create a user and its personal entity (same name)."""
        check_name("username", username)
        now = time.time()
        try:
            with self.tx() as conn:
                uid = conn.execute(
                    t.users.insert().values(
                        username=username, email=email, admin=admin, name=name or username,
                        created_at=now,
                    )
                ).inserted_primary_key[0]
                existing = conn.execute(
                    select(t.entities.c.id).where(t.entities.c.name == username)
                ).first()
                if existing is None:
                    conn.execute(
                        t.entities.insert().values(
                            name=username, user_id=uid, is_team=False, created_at=now
                        )
                    )
                else:
                    conn.execute(
                        t.entities.update().where(t.entities.c.id == existing.id).values(user_id=uid)
                    )
        except IntegrityError:
            raise ClientError(f"username: {username!r} is already taken", status=409) from None
        return self.user_by_id(uid)  # type: ignore[return-value]

    def user_by_id(self, uid: int) -> Row | None:
        with self.ro() as conn:
            return conn.execute(select(t.users).where(t.users.c.id == uid)).first()

    def user_by_name(self, username: str) -> Row | None:
        with self.ro() as conn:
            return conn.execute(select(t.users).where(t.users.c.username == username)).first()

    def list_users(self) -> list[Row]:
        with self.ro() as conn:
            return list(conn.execute(select(t.users).order_by(t.users.c.id)))

    def add_api_key(self, user_id: int, key: str | None = None, description: str | None = None) -> tuple[str, Row]:
        """Store a key (a new random one unless given) for ``user_id``; returns (key, row)."""
        key = key or keymod.new_api_key()
        keymod.validate_key_format(key)
        with self.tx() as conn:
            kid = conn.execute(
                t.api_keys.insert().values(
                    user_id=user_id, name=key[:6] + "…", key_hash=keymod.hash_key(key),
                    description=description, created_at=time.time(),
                )
            ).inserted_primary_key[0]
            row = conn.execute(select(t.api_keys).where(t.api_keys.c.id == kid)).one()
        return key, row

    def delete_api_key(self, key_id: int) -> bool:
        with self.tx() as conn:
            return conn.execute(t.api_keys.delete().where(t.api_keys.c.id == key_id)).rowcount > 0

    def api_keys_of(self, user_id: int) -> list[Row]:
        with self.ro() as conn:
            return list(conn.execute(select(t.api_keys).where(t.api_keys.c.user_id == user_id)))

    def user_for_key(self, key: str) -> Row | None:
        """The user owning ``key``; the stored hash is compared in constant time."""
        digest = keymod.hash_key(key)
        with self.ro() as conn:
            row = conn.execute(
                select(t.api_keys.c.key_hash, t.users)
                .join(t.users, t.users.c.id == t.api_keys.c.user_id)
                .where(t.api_keys.c.key_hash == digest)
            ).first()
        if row is None or not keymod.same_hash(row.key_hash, digest):
            return None
        return row

    # ---- entities and projects ------------------------------------------------------------

    def entity_by_name(self, name: str) -> Row | None:
        with self.ro() as conn:
            return conn.execute(select(t.entities).where(t.entities.c.name == name)).first()

    def entity_by_id(self, eid: int) -> Row | None:
        with self.ro() as conn:
            return conn.execute(select(t.entities).where(t.entities.c.id == eid)).first()

    def ensure_entity(self, name: str) -> Row:
        """The entity ``name``, created as a team entity when missing."""
        row = self.entity_by_name(name)
        if row is not None:
            return row
        check_name("entity", name)
        try:
            with self.tx() as conn:
                conn.execute(t.entities.insert().values(name=name, is_team=True, created_at=time.time()))
        except IntegrityError:
            pass
        return self.entity_by_name(name)  # type: ignore[return-value]

    def default_entity_for(self, user: Row) -> str:
        with self.ro() as conn:
            row = conn.execute(
                select(t.entities.c.name).where(t.entities.c.user_id == user.id).order_by(t.entities.c.id)
            ).first()
        return row.name if row else user.username

    def project(self, entity: str, name: str) -> Row | None:
        with self.ro() as conn:
            return conn.execute(
                select(t.projects, t.entities.c.name.label("entity_name"))
                .join(t.entities, t.entities.c.id == t.projects.c.entity_id)
                .where(t.entities.c.name == entity, t.projects.c.name == name)
            ).first()

    def project_by_id(self, pid: int) -> Row | None:
        with self.ro() as conn:
            return conn.execute(
                select(t.projects, t.entities.c.name.label("entity_name"))
                .join(t.entities, t.entities.c.id == t.projects.c.entity_id)
                .where(t.projects.c.id == pid)
            ).first()

    def ensure_project(self, entity: str, name: str, description: str | None = None) -> Row:
        row = self.project(entity, name)
        if row is not None:
            return row
        check_name("project", name)
        ent = self.ensure_entity(entity)
        now = time.time()
        try:
            with self.tx() as conn:
                conn.execute(
                    t.projects.insert().values(
                        entity_id=ent.id, name=name, description=description, created_at=now, updated_at=now
                    )
                )
        except IntegrityError:
            pass
        return self.project(entity, name)  # type: ignore[return-value]

    def projects_of(self, entity: str) -> list[Row]:
        with self.ro() as conn:
            return list(
                conn.execute(
                    select(t.projects, t.entities.c.name.label("entity_name"))
                    .join(t.entities, t.entities.c.id == t.projects.c.entity_id)
                    .where(t.entities.c.name == entity)
                    .order_by(t.projects.c.id)
                )
            )

    def require_project(self, entity: str, name: str) -> Row:
        row = self.project(entity, name)
        if row is None:
            raise NotFound(f"project {entity}/{name} not found")
        return row


def check_name(what: str, value: object) -> str:
    """Names of users, entities, projects and runs: 1-128 printable chars without '/'."""
    if not isinstance(value, str) or not value or len(value) > 128:
        raise ClientError(f"{what}: expected a name of 1 to 128 characters, got {value!r}")
    if "/" in value or "\\" in value or not value.isprintable() or value in (".", ".."):
        raise ClientError(f"{what}: '/', '\\', '.', '..' and control characters are not allowed: {value!r}")
    return value
