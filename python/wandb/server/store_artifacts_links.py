"""Store mixins: portfolio links, tags, collection edits, registries and multipart uploads.

Mixed into ``Store`` through ``store_artifacts.ArtifactEditsMixin``; they need ``tx()`` /
``ro()`` and the lookups of ``ArtifactsMixin``.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from types import SimpleNamespace
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from wandb.server import tables as t
from wandb.server.errors import ClientError, NotFound

REGISTRY_PREFIX = "wandb-registry-"
_VERSION = re.compile(r"^v(\d+)$")


def set_aliases(conn: Connection, cid: int, aid: int, aliases: Iterable[str]) -> None:
    """Point each alias of collection ``cid`` at ``aid`` (an alias names one version)."""
    for alias in dict.fromkeys(aliases):
        conn.execute(t.artifact_aliases.delete().where(
            t.artifact_aliases.c.collection_id == cid, t.artifact_aliases.c.alias == alias))
        conn.execute(t.artifact_aliases.insert().values(collection_id=cid, artifact_id=aid, alias=alias))


def ensure_type(conn: Connection, project_id: int, name: str) -> int:
    """The id of artifact type ``name`` in the project, created when missing."""
    row = conn.execute(select(t.artifact_types.c.id).where(
        t.artifact_types.c.project_id == project_id, t.artifact_types.c.name == name)).first()
    if row:
        return int(row.id)
    return int(conn.execute(t.artifact_types.insert().values(
        project_id=project_id, name=name, created_at=time.time())).inserted_primary_key[0])


class LinksMixin:
    """Versions linked into portfolios; per-artifact tags; usage; TTL expiry."""

    _ttl_checked_at = 0.0

    def expire_artifacts(self, now: float | None = None, every_s: float = 30.0) -> int:
        """Mark committed versions whose TTL has passed DELETED (their aliases and links go too).
        Runs at most every ``every_s`` seconds per store; returns how many expired."""
        now = time.time() if now is None else now
        if now - self._ttl_checked_at < every_s:
            return 0
        self._ttl_checked_at = now
        a = t.artifacts
        expired = select(a.c.id).where(a.c.state == "COMMITTED", a.c.ttl_seconds > 0,
                                       a.c.created_at + a.c.ttl_seconds < now)
        with self.tx() as conn:  # type: ignore[attr-defined]
            ids = list(conn.execute(expired).scalars())
            if ids:
                conn.execute(t.artifact_aliases.delete().where(t.artifact_aliases.c.artifact_id.in_(ids)))
                conn.execute(t.artifact_links.delete().where(t.artifact_links.c.artifact_id.in_(ids)))
                conn.execute(a.update().where(a.c.id.in_(ids)).values(state="DELETED", updated_at=now))
        return len(ids)

    def portfolio_artifact(self, collection_id: int, version: str) -> Row | None:
        """``vN`` or an alias inside a portfolio."""
        m = _VERSION.match(version)
        with self.ro() as conn:  # type: ignore[attr-defined]
            if m:
                q = select(t.artifacts).join(t.artifact_links, t.artifact_links.c.artifact_id == t.artifacts.c.id
                                             ).where(t.artifact_links.c.collection_id == collection_id,
                                                     t.artifact_links.c.version_index == int(m.group(1)))
            else:
                q = select(t.artifacts).join(t.artifact_aliases, t.artifact_aliases.c.artifact_id == t.artifacts.c.id
                                             ).where(t.artifact_aliases.c.collection_id == collection_id,
                                                     t.artifact_aliases.c.alias == version)
            return conn.execute(q.where(t.artifacts.c.state == "COMMITTED")).first()

    def link_artifact(self, aid: int, project_id: int, portfolio: str, aliases: list[str]) -> tuple[Row, int]:
        """Link version ``aid`` into the portfolio ``portfolio`` of a project (created when
        missing); ``latest`` and ``aliases`` point at it there. Returns (collection, version index).
        Linking an already linked version keeps its index and only adds the aliases."""
        art = self.artifact_by_id(aid)  # type: ignore[attr-defined]
        if art is None or art.state != "COMMITTED":
            raise ClientError("artifactID: only committed artifact versions can be linked", status=409)
        src = self.collection_by_id(art.collection_id)  # type: ignore[attr-defined]
        type_name = self.artifact_type_by_id(src.type_id).name  # type: ignore[attr-defined]
        self.check_registry_type(project_id, type_name)
        for attempt in range(5):
            try:
                with self.tx() as conn:  # type: ignore[attr-defined]
                    return self._link_once(conn, art, project_id, portfolio, type_name, aliases)
            except IntegrityError:
                if attempt == 4:
                    raise ClientError("link created concurrently; retry", status=409) from None
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def _link_once(self, conn: Connection, art: Row, project_id: int, portfolio: str, type_name: str,
                   aliases: list[str]) -> tuple[Row, int]:
        coll = conn.execute(select(t.artifact_collections).where(
            t.artifact_collections.c.project_id == project_id,
            t.artifact_collections.c.name == portfolio)).first()
        if coll is None:
            tid = ensure_type(conn, project_id, type_name)
            cid = conn.execute(t.artifact_collections.insert().values(
                project_id=project_id, type_id=tid, name=portfolio, kind="portfolio",
                created_at=time.time())).inserted_primary_key[0]
        elif coll.kind != "portfolio":
            if coll.id != art.collection_id:
                raise ClientError(f"artifactPortfolioName: {portfolio!r} is an artifact sequence, "
                                  "not a portfolio", status=409)
            set_aliases(conn, coll.id, art.id, aliases)  # linking into its own sequence: aliases only
            return coll, int(art.version_index)
        else:
            cid = coll.id
        conn.execute(select(t.artifact_collections.c.id).where(
            t.artifact_collections.c.id == cid).with_for_update())
        existing = conn.execute(select(t.artifact_links.c.version_index).where(
            t.artifact_links.c.collection_id == cid, t.artifact_links.c.artifact_id == art.id)).first()
        if existing is not None:
            index = int(existing.version_index)
        else:
            top = conn.execute(select(func.max(t.artifact_links.c.version_index)).where(
                t.artifact_links.c.collection_id == cid)).scalar()
            index = 0 if top is None else int(top) + 1
            conn.execute(t.artifact_links.insert().values(
                collection_id=cid, artifact_id=art.id, version_index=index, created_at=time.time()))
        latest = conn.execute(select(func.max(t.artifact_links.c.version_index)).where(
            t.artifact_links.c.collection_id == cid)).scalar()
        set_aliases(conn, cid, art.id, list(aliases) + (["latest"] if latest == index else []))
        return conn.execute(select(t.artifact_collections).where(t.artifact_collections.c.id == cid)).one(), index

    def unlink_artifact(self, aid: int, portfolio_id: int) -> bool:
        with self.tx() as conn:  # type: ignore[attr-defined]
            n = conn.execute(t.artifact_links.delete().where(
                t.artifact_links.c.collection_id == portfolio_id, t.artifact_links.c.artifact_id == aid)).rowcount
            conn.execute(t.artifact_aliases.delete().where(
                t.artifact_aliases.c.collection_id == portfolio_id, t.artifact_aliases.c.artifact_id == aid))
        return n > 0

    def links_of(self, aid: int) -> list[Row]:
        """Portfolio memberships of a version: rows with ``collection_id``, ``version_index``."""
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(select(t.artifact_links).where(
                t.artifact_links.c.artifact_id == aid).order_by(t.artifact_links.c.id)))

    def portfolio_versions(self, collection_id: int, newest_first: bool = True) -> list[tuple[Row, int]]:
        order = t.artifact_links.c.version_index.desc() if newest_first else t.artifact_links.c.version_index
        with self.ro() as conn:  # type: ignore[attr-defined]
            rows = conn.execute(select(t.artifacts, t.artifact_links.c.version_index.label("link_index"))
                                .join(t.artifact_links, t.artifact_links.c.artifact_id == t.artifacts.c.id)
                                .where(t.artifact_links.c.collection_id == collection_id,
                                       t.artifacts.c.state == "COMMITTED").order_by(order)).all()
        return [(r, int(r.link_index)) for r in rows]

    def alias_targets_valid(self, aid: int, cid: int) -> bool:
        """Whether version ``aid`` is in collection ``cid`` (its sequence or a portfolio)."""
        art = self.artifact_by_id(aid)  # type: ignore[attr-defined]
        if art is not None and art.collection_id == cid:
            return True
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(select(t.artifact_links.c.id).where(
                t.artifact_links.c.artifact_id == aid, t.artifact_links.c.collection_id == cid)).first() is not None

    def add_aliases_in(self, aid: int, targets: list[tuple[int, str]]) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            for cid, alias in targets:
                set_aliases(conn, cid, aid, [alias])

    def delete_aliases_in(self, aid: int, targets: list[tuple[int, str]]) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            for cid, alias in targets:
                conn.execute(t.artifact_aliases.delete().where(
                    t.artifact_aliases.c.artifact_id == aid, t.artifact_aliases.c.collection_id == cid,
                    t.artifact_aliases.c.alias == alias))

    # ---- tags and usage ------------------------------------------------------------------------

    def tags_of(self, aid: int) -> list[str]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(select(t.artifact_tags.c.name).where(
                t.artifact_tags.c.artifact_id == aid).order_by(t.artifact_tags.c.name)).scalars())

    def edit_tags(self, aid: int, add: list[str], delete: list[str]) -> None:
        """Add / remove tags of a version (processes of a distributed upload may add the same
        tag at once: the loser of the primary key retries with a fresh view)."""
        for attempt in range(5):
            try:
                return self._edit_tags_once(aid, add, delete)
            except IntegrityError:
                if attempt == 4:
                    raise
                time.sleep(0.01 * (attempt + 1))

    def _edit_tags_once(self, aid: int, add: list[str], delete: list[str]) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            if delete:
                conn.execute(t.artifact_tags.delete().where(
                    t.artifact_tags.c.artifact_id == aid, t.artifact_tags.c.name.in_(delete)))
            have = set(conn.execute(select(t.artifact_tags.c.name).where(
                t.artifact_tags.c.artifact_id == aid)).scalars())
            for name in dict.fromkeys(add):
                if name not in have:
                    conn.execute(t.artifact_tags.insert().values(artifact_id=aid, name=name))

    def runs_using(self, aid: int) -> list[Row]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(select(t.runs).join(t.artifact_usage, t.artifact_usage.c.run_id == t.runs.c.id)
                                     .where(t.artifact_usage.c.artifact_id == aid).order_by(t.artifact_usage.c.created_at)))


class CollectionsMixin:
    """Collection edits: rename/describe, delete, move to another type, tags."""

    def collection_tags_of(self, cid: int) -> list[str]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(select(t.collection_tags.c.name).where(
                t.collection_tags.c.collection_id == cid).order_by(t.collection_tags.c.name)).scalars())

    def edit_collection_tags(self, cid: int, add: list[str], delete: list[str]) -> list[str]:
        with self.tx() as conn:  # type: ignore[attr-defined]
            if delete:
                conn.execute(t.collection_tags.delete().where(
                    t.collection_tags.c.collection_id == cid, t.collection_tags.c.name.in_(delete)))
            have = set(conn.execute(select(t.collection_tags.c.name).where(
                t.collection_tags.c.collection_id == cid)).scalars())
            for name in dict.fromkeys(add):
                if name not in have:
                    conn.execute(t.collection_tags.insert().values(collection_id=cid, name=name))
        return self.collection_tags_of(cid)

    def update_collection(self, cid: int, name: str | None, description: str | None) -> Row:
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = name
        if description is not None:
            values["description"] = description
        try:
            with self.tx() as conn:  # type: ignore[attr-defined]
                if values:
                    conn.execute(t.artifact_collections.update().where(
                        t.artifact_collections.c.id == cid).values(**values))
                row = conn.execute(select(t.artifact_collections).where(t.artifact_collections.c.id == cid)).first()
        except IntegrityError:
            raise ClientError(f"name: a collection named {name!r} already exists in this project", status=409) from None
        if row is None:
            raise NotFound("no such artifact collection")
        return row

    def delete_collection(self, cid: int) -> Any:
        """Delete a collection with its versions, aliases and links (blobs stay: shared)."""
        with self.tx() as conn:  # type: ignore[attr-defined]
            row = conn.execute(select(t.artifact_collections).where(t.artifact_collections.c.id == cid)).first()
            if row is None:
                raise NotFound("no such artifact collection")
            if row.kind == "sequence":
                conn.execute(t.artifacts.update().where(t.artifacts.c.collection_id == cid).values(
                    state="DELETED", updated_at=time.time()))
                ids = select(t.artifacts.c.id).where(t.artifacts.c.collection_id == cid)
                conn.execute(t.artifact_links.delete().where(t.artifact_links.c.artifact_id.in_(ids)))
                conn.execute(t.artifact_aliases.delete().where(t.artifact_aliases.c.artifact_id.in_(ids)))
            conn.execute(t.artifact_links.delete().where(t.artifact_links.c.collection_id == cid))
            conn.execute(t.artifact_aliases.delete().where(t.artifact_aliases.c.collection_id == cid))
            conn.execute(t.collection_tags.delete().where(t.collection_tags.c.collection_id == cid))
            # keep version rows (DELETED) so that IDs handed out stay resolvable; rename the
            # collection out of the way so its name can be reused
            conn.execute(t.artifact_collections.update().where(t.artifact_collections.c.id == cid).values(
                name=f"{row.name}.deleted-{secrets.token_hex(6)}"[:256], kind=f"del-{row.kind}"[:16]))
        return SimpleNamespace(**row._mapping, state="DELETED")

    def move_collection(self, cid: int, type_name: str) -> Row:
        with self.tx() as conn:  # type: ignore[attr-defined]
            row = conn.execute(select(t.artifact_collections).where(t.artifact_collections.c.id == cid)).first()
            if row is None:
                raise NotFound("no such artifact collection")
            tid = ensure_type(conn, row.project_id, type_name)
            conn.execute(t.artifact_collections.update().where(t.artifact_collections.c.id == cid).values(type_id=tid))
            return conn.execute(select(t.artifact_collections).where(t.artifact_collections.c.id == cid)).one()

    def collections_in_projects(self, project_ids: list[int], kinds: list[str] | None) -> list[Row]:
        if not project_ids:
            return []
        q = select(t.artifact_collections).where(t.artifact_collections.c.project_id.in_(project_ids))
        if kinds:
            q = q.where(t.artifact_collections.c.kind.in_(kinds))
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(q.order_by(t.artifact_collections.c.id)))


class RegistryMixin:
    """Registry projects: settings, allowed types, rename and delete of projects."""

    def registry_settings(self, project_id: int) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(select(t.registry_settings).where(
                t.registry_settings.c.project_id == project_id)).first()

    def upsert_registry_settings(self, project_id: int, access: str | None, allow_all: bool | None,
                                 add_types: list[str]) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            row = conn.execute(select(t.registry_settings).where(
                t.registry_settings.c.project_id == project_id)).first()
            types = json.loads(row.artifact_types) if row is not None else []
            types += [x for x in add_types if x not in types]
            values = {"access": access or (row.access if row is not None else "PRIVATE"),
                      "allow_all_types": (allow_all if allow_all is not None
                                          else (row.allow_all_types if row is not None else not types)),
                      "artifact_types": json.dumps(types)}
            if row is None:
                conn.execute(t.registry_settings.insert().values(project_id=project_id, **values))
            else:
                conn.execute(t.registry_settings.update().where(
                    t.registry_settings.c.project_id == project_id).values(**values))

    def check_registry_type(self, project_id: int, type_name: str) -> None:
        row = self.registry_settings(project_id)
        if row is not None and not row.allow_all_types and type_name not in json.loads(row.artifact_types):
            raise ClientError(f"artifact type {type_name!r} is not allowed in this registry "
                              f"(allowed: {json.loads(row.artifact_types)})", status=400)

    def set_project_description(self, project_id: int, description: str) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            conn.execute(t.projects.update().where(t.projects.c.id == project_id).values(
                description=description, updated_at=time.time()))

    def ensure_types(self, project_id: int, names: list[str]) -> None:
        for attempt in range(3):
            try:
                with self.tx() as conn:  # type: ignore[attr-defined]
                    for name in names:
                        ensure_type(conn, project_id, name)
                return
            except IntegrityError:
                if attempt == 2:
                    raise

    def rename_project(self, project_id: int, new_name: str) -> None:
        try:
            with self.tx() as conn:  # type: ignore[attr-defined]
                conn.execute(t.projects.update().where(t.projects.c.id == project_id).values(
                    name=new_name, updated_at=time.time()))
        except IntegrityError:
            raise ClientError(f"newProjectName: a project named {new_name!r} already exists", status=409) from None

    def delete_project(self, project_id: int) -> bool:
        with self.tx() as conn:  # type: ignore[attr-defined]
            return conn.execute(t.projects.delete().where(t.projects.c.id == project_id)).rowcount > 0


class MultipartMixin:
    """Multipart uploads: the part list of an upload in progress."""

    def create_multipart(self, aid: int, md5_hex: str, parts: list[dict]) -> str:
        upload_id = secrets.token_hex(16)
        with self.tx() as conn:  # type: ignore[attr-defined]
            conn.execute(t.multipart_uploads.insert().values(
                upload_id=upload_id, artifact_id=aid, md5=md5_hex, parts=json.dumps(parts), created_at=time.time()))
        return upload_id

    def multipart(self, upload_id: str) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(select(t.multipart_uploads).where(t.multipart_uploads.c.upload_id == upload_id)).first()

    def finish_multipart(self, upload_id: str) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            conn.execute(t.multipart_uploads.delete().where(t.multipart_uploads.c.upload_id == upload_id))

    def md5_referenced(self, md5_hex: str) -> bool:
        """Whether any run file or artifact file stores this content (parts may be deleted otherwise)."""
        with self.ro() as conn:  # type: ignore[attr-defined]
            if conn.execute(select(t.artifact_files.c.id).where(t.artifact_files.c.md5 == md5_hex).limit(1)).first():
                return True
            if conn.execute(select(t.artifacts.c.id).where(t.artifacts.c.manifest_md5 == md5_hex).limit(1)).first():
                return True
            return conn.execute(select(t.files.c.id).where(t.files.c.digest == md5_hex).limit(1)).first() is not None
