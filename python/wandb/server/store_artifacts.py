"""Artifacts: types, collections (sequences), versions, aliases, files, manifests (a Store mixin)."""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError, OperationalError

from wandb.server import tables as t
from wandb.server.errors import ClientError, NotFound
from wandb.server.store_artifacts_links import (
    CollectionsMixin,
    LinksMixin,
    MultipartMixin,
    RegistryMixin,
    ensure_type,
)
from wandb.server.store_artifacts_merge import ManifestMergeMixin

_VERSION = re.compile(r"^v(\d+)$")
_IN_CHUNK = 500  # values per IN (...) list: far below SQLite's and PostgreSQL's limits


def md5_b64_to_hex(value: object) -> str:
    """Client MD5s are base64; blobs are keyed by hex."""
    if not isinstance(value, str):
        raise ClientError(f"md5: expected a base64 MD5 digest, got {value!r}")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ClientError(f"md5: expected a base64 MD5 digest, got {value!r}") from None
    if len(raw) != 16:
        raise ClientError(f"md5: expected 16 bytes, got {len(raw)}")
    return raw.hex()


class ArtifactsMixin(ManifestMergeMixin):
    """Needs ``tx()``/``ro()`` from Store."""

    # ---- lookups ------------------------------------------------------------------------------

    def artifact_by_id(self, aid: int) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(select(t.artifacts).where(t.artifacts.c.id == aid)).first()

    def collection_by_id(self, cid: int) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(select(t.artifact_collections).where(t.artifact_collections.c.id == cid)).first()

    def artifact_type_by_id(self, tid: int) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(select(t.artifact_types).where(t.artifact_types.c.id == tid)).first()

    def collection_by_name(self, project_id: int, name: str) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(
                select(t.artifact_collections).where(
                    t.artifact_collections.c.project_id == project_id, t.artifact_collections.c.name == name
                )
            ).first()

    def artifact_by_name(self, project_id: int, name: str) -> Row | None:
        """``coll:alias``, ``coll:vN`` or ``coll`` (= ``coll:latest``) in a project."""
        coll_name, _, version = name.partition(":")
        version = version or "latest"
        coll = self.collection_by_name(project_id, coll_name)
        if coll is None:
            return None
        if coll.kind == "portfolio":
            return self.portfolio_artifact(coll.id, version)  # type: ignore[attr-defined]
        with self.ro() as conn:  # type: ignore[attr-defined]
            m = _VERSION.match(version)
            if m:
                return conn.execute(
                    select(t.artifacts).where(
                        t.artifacts.c.collection_id == coll.id, t.artifacts.c.version_index == int(m.group(1)),
                        t.artifacts.c.state == "COMMITTED",
                    )
                ).first()
            return conn.execute(
                select(t.artifacts)
                .join(t.artifact_aliases, t.artifact_aliases.c.artifact_id == t.artifacts.c.id)
                .where(t.artifact_aliases.c.collection_id == coll.id, t.artifact_aliases.c.alias == version,
                       t.artifacts.c.state == "COMMITTED")
            ).first()

    def aliases_of(self, aid: int) -> list[Row]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(
                select(t.artifact_aliases).where(t.artifact_aliases.c.artifact_id == aid).order_by(t.artifact_aliases.c.id)
            ))

    def latest_committed(self, collection_id: int) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(
                select(t.artifacts)
                .where(t.artifacts.c.collection_id == collection_id, t.artifacts.c.state == "COMMITTED")
                .order_by(t.artifacts.c.version_index.desc())
                .limit(1)
            ).first()

    def artifact_files_of(self, aid: int) -> list[Row]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(
                select(t.artifact_files).where(t.artifact_files.c.artifact_id == aid).order_by(t.artifact_files.c.name)
            ))

    def artifact_by_client_id(self, client_id: str) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(
                select(t.artifacts).where(
                    (t.artifacts.c.client_id == client_id) | (t.artifacts.c.sequence_client_id == client_id)
                ).order_by(t.artifacts.c.id.desc()).limit(1)
            ).first()

    def manifest_by_id(self, mid: int) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(select(t.artifact_manifests).where(t.artifact_manifests.c.id == mid)).first()

    # ---- writes -------------------------------------------------------------------------------

    def create_artifact(self, project_id: int, inp: dict[str, Any], run_pk: int | None) -> Row:
        """CreateArtifact: a PENDING version, or the COMMITTED one with the same digest.

        A concurrent creator of the same new type or collection makes one attempt fail on a
        unique constraint; the next attempt then finds the row, so callers never see it.
        """
        for attempt in range(5):
            try:
                return self._create_artifact_once(project_id, inp, run_pk)
            except ClientError as e:
                if e.status != 409 or "concurrently" not in str(e) or attempt == 4:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def _create_artifact_once(self, project_id: int, inp: dict[str, Any], run_pk: int | None) -> Row:
        type_name = inp.get("artifactTypeName")
        coll_name = inp.get("artifactCollectionName")
        digest = inp.get("digest")
        for what, v in (("artifactTypeName", type_name), ("artifactCollectionName", coll_name), ("digest", digest)):
            if not isinstance(v, str) or not v or len(v) > 256 or "/" in v or ":" in v and what != "digest":
                raise ClientError(f"{what}: expected a non-empty name without '/' or ':', got {v!r}")
        aliases = [a.get("alias") for a in (inp.get("aliases") or []) if isinstance(a, dict)]
        if not all(isinstance(a, str) and a and not _VERSION.match(a) for a in aliases):
            raise ClientError("aliases: expected names other than vN")
        metadata = inp.get("metadata")
        if metadata is not None and not isinstance(metadata, str):
            metadata = json.dumps(metadata)
        now = time.time()
        try:
            with self.tx() as conn:  # type: ignore[attr-defined]
                type_id = ensure_type(conn, project_id, type_name)
                coll = conn.execute(select(t.artifact_collections).where(
                    t.artifact_collections.c.project_id == project_id,
                    t.artifact_collections.c.name == coll_name)).first()
                if coll is not None and coll.kind != "sequence":
                    raise ClientError(f"artifactCollectionName: {coll_name!r} is a portfolio (link target); "
                                      "log to another name and link the version instead", status=409)
                if coll is None:
                    cid = conn.execute(t.artifact_collections.insert().values(
                        project_id=project_id, type_id=type_id, name=coll_name, kind="sequence",
                        created_at=now)).inserted_primary_key[0]
                else:
                    if coll.type_id != type_id:
                        existing = conn.execute(select(t.artifact_types.c.name).where(
                            t.artifact_types.c.id == coll.type_id)).scalar_one()
                        raise ClientError(
                            f"artifactTypeName: {coll_name!r} is of type {existing!r}, not {type_name!r}", status=409)
                    cid = coll.id
                distributed_id = inp.get("distributedID") or None
                if distributed_id is not None:
                    pending = self._join_distributed(conn, cid, str(distributed_id), inp, aliases, metadata)
                    if pending is not None:
                        return pending
                same = None if distributed_id is not None else conn.execute(select(t.artifacts).where(
                    t.artifacts.c.collection_id == cid, t.artifacts.c.digest == digest,
                    t.artifacts.c.state == "COMMITTED")).first()
                if same is not None and inp.get("enableDigestDeduplication", True) is not False:
                    self._set_aliases(conn, cid, same.id, aliases + ["latest"] if self._is_latest(conn, cid, same) else aliases)
                    return same
                aid = conn.execute(t.artifacts.insert().values(
                    collection_id=cid, digest=digest, state="PENDING", description=inp.get("description"),
                    metadata=metadata, run_id=run_pk, client_id=inp.get("clientID"),
                    sequence_client_id=inp.get("sequenceClientID"), history_step=inp.get("historyStep"),
                    ttl_seconds=inp.get("ttlDurationSeconds"), pending_aliases=json.dumps(aliases),
                    file_count=0, created_at=now, updated_at=now)).inserted_primary_key[0]
                if distributed_id is not None:
                    self._mark_distributed(conn, aid, str(distributed_id))  # type: ignore[attr-defined]
                return conn.execute(select(t.artifacts).where(t.artifacts.c.id == aid)).one()
        except IntegrityError:
            raise ClientError("artifact created concurrently; retry", status=409) from None

    def _join_distributed(self, conn: Connection, cid: int, distributed_id: str, inp: dict[str, Any],
                          aliases: list[str], metadata: str | None) -> Row | None:
        """The PENDING version another process of ``distributed_id`` created, with this call's
        aliases added (and its description / metadata, when given); None when there is none.

        The collection row is locked first (PostgreSQL; SQLite writes are serialised), so two
        processes that start together cannot both create a version."""
        if len(distributed_id) > 256:
            raise ClientError("distributedID: at most 256 characters")
        conn.execute(select(t.artifact_collections.c.id).where(
            t.artifact_collections.c.id == cid).with_for_update())
        pending = self._pending_distributed(conn, cid, distributed_id)  # type: ignore[attr-defined]
        if pending is None:
            return None
        values: dict[str, Any] = {"updated_at": time.time()}
        merged = list(dict.fromkeys(json.loads(pending.pending_aliases or "[]") + aliases))
        values["pending_aliases"] = json.dumps(merged)
        if inp.get("description") is not None:
            values["description"] = inp["description"]
        if metadata is not None and metadata.strip() not in ("{}", "null", ""):
            values["metadata"] = metadata
        conn.execute(t.artifacts.update().where(t.artifacts.c.id == pending.id).values(**values))
        return conn.execute(select(t.artifacts).where(t.artifacts.c.id == pending.id)).one()

    @staticmethod
    def _is_latest(conn: Connection, cid: int, art: Row) -> bool:
        top = conn.execute(select(func.max(t.artifacts.c.version_index)).where(
            t.artifacts.c.collection_id == cid, t.artifacts.c.state == "COMMITTED")).scalar()
        return top is not None and art.version_index == top

    @staticmethod
    def _set_aliases(conn: Connection, cid: int, aid: int, aliases: list[str]) -> None:
        for alias in dict.fromkeys(aliases):
            conn.execute(t.artifact_aliases.delete().where(
                t.artifact_aliases.c.collection_id == cid, t.artifact_aliases.c.alias == alias))
            conn.execute(t.artifact_aliases.insert().values(collection_id=cid, artifact_id=aid, alias=alias))

    def create_manifest(self, aid: int, name: str, kind: str, digest: str | None) -> Row:
        with self.tx() as conn:  # type: ignore[attr-defined]
            mid = conn.execute(t.artifact_manifests.insert().values(
                artifact_id=aid, name=name, kind=kind or "FULL", digest=digest or None,
                created_at=time.time())).inserted_primary_key[0]
            return conn.execute(select(t.artifact_manifests).where(t.artifact_manifests.c.id == mid)).one()

    def update_manifest(self, mid: int, digest: str | None) -> Row:
        with self.tx() as conn:  # type: ignore[attr-defined]
            if digest:
                conn.execute(t.artifact_manifests.update().where(t.artifact_manifests.c.id == mid).values(digest=digest))
            row = conn.execute(select(t.artifact_manifests).where(t.artifact_manifests.c.id == mid)).first()
        if row is None:
            raise NotFound("artifactManifestID: no such manifest")
        return row

    def set_manifest_blob(self, aid: int, md5_hex: str) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            conn.execute(t.artifacts.update().where(t.artifacts.c.id == aid).values(
                manifest_md5=md5_hex, updated_at=time.time()))

    def add_artifact_files(self, items: list[tuple[int, str, str]]) -> list[int]:
        """Record a batch of (artifact id, name, md5 hex) in one transaction; returns birth artifact ids.

        Processes of a distributed upload may record the same name at once: the loser of the
        unique (artifact, name) index retries with a fresh view (PostgreSQL)."""
        for attempt in range(8):
            try:
                return self._add_artifact_files_once(items)
            except IntegrityError:
                if attempt == 7:
                    raise ClientError("artifactFiles: conflicted with concurrent uploads; retry", status=409) from None
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def _add_artifact_files_once(self, items: list[tuple[int, str, str]]) -> list[int]:
        """One transaction, a few statements per request (not per file): one grouped select
        of the earliest birth of each MD5, one delete per artifact of the names being
        re-recorded, one multi-row insert. Same result as recording the items one by one."""
        af = t.artifact_files
        known: dict[str, int] = {}
        with self.tx() as conn:  # type: ignore[attr-defined]
            md5s = list(dict.fromkeys(md5_hex for _aid, _name, md5_hex in items))
            for k in range(0, len(md5s), _IN_CHUNK):
                chunk = md5s[k:k + _IN_CHUNK]
                first = (select(af.c.md5, func.min(af.c.id).label("first_id"))
                         .where(af.c.md5.in_(chunk)).group_by(af.c.md5).subquery())
                for row in conn.execute(select(af.c.md5, af.c.birth_artifact_id)
                                        .join(first, af.c.id == first.c.first_id)):
                    known[row.md5] = int(row.birth_artifact_id)
            births = []
            last: dict[tuple[int, str], dict] = {}  # a name recorded twice: the later one wins
            for aid, name, md5_hex in items:
                birth = known.setdefault(md5_hex, aid)
                births.append(birth)
                last.pop((aid, name), None)
                last[(aid, name)] = {"artifact_id": aid, "name": name, "md5": md5_hex,
                                     "birth_artifact_id": birth}
            by_artifact: dict[int, list[str]] = {}
            for aid, name in last:
                by_artifact.setdefault(aid, []).append(name)
            for aid, names in by_artifact.items():
                for k in range(0, len(names), _IN_CHUNK):
                    conn.execute(af.delete().where(af.c.artifact_id == aid,
                                                   af.c.name.in_(names[k:k + _IN_CHUNK])))
            if last:
                conn.execute(af.insert(), list(last.values()))
        return births

    def add_artifact_file(self, aid: int, name: str, md5_hex: str) -> int:
        """Record a manifest entry's file; returns its birth artifact (first to store that content)."""
        with self.tx() as conn:  # type: ignore[attr-defined]
            earlier = conn.execute(select(t.artifact_files.c.birth_artifact_id).where(
                t.artifact_files.c.md5 == md5_hex).order_by(t.artifact_files.c.id).limit(1)).first()
            birth = int(earlier.birth_artifact_id) if earlier else aid
            conn.execute(t.artifact_files.delete().where(
                t.artifact_files.c.artifact_id == aid, t.artifact_files.c.name == name))
            conn.execute(t.artifact_files.insert().values(
                artifact_id=aid, name=name, md5=md5_hex, birth_artifact_id=birth))
            return birth

    def commit_artifact(self, aid: int, file_count: int | None, sizes: dict[str, int] | None = None) -> Row:
        """Commit: allocate the next version number of the collection and move ``latest``.

        Another writer (another server process on the same database) may win the race for a
        number: the unique (collection, version) index or SQLite's busy snapshot stops this one,
        and it retries with a fresh view, so versions stay consecutive and unique.
        """
        for attempt in range(8):
            try:
                return self._commit_once(aid, file_count, sizes)
            except (IntegrityError, OperationalError):
                if attempt == 7:
                    raise ClientError("artifactID: commit conflicted with concurrent commits; retry",
                                      status=409) from None
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    def _commit_once(self, aid: int, file_count: int | None, sizes: dict[str, int] | None) -> Row:
        with self.tx() as conn:  # type: ignore[attr-defined]
            art = conn.execute(select(t.artifacts).where(t.artifacts.c.id == aid)).first()
            if art is None:
                raise NotFound("artifactID: no such artifact")
            if art.state == "DELETED":
                raise ClientError("artifactID: the artifact was deleted", status=409)
            if art.state != "COMMITTED":
                # Serialise commits of one collection (PostgreSQL row lock; SQLite writes are
                # already serialised), so that concurrent commits take v0, v1, ... without gaps.
                conn.execute(select(t.artifact_collections.c.id).where(
                    t.artifact_collections.c.id == art.collection_id).with_for_update())
                top = conn.execute(select(func.max(t.artifacts.c.version_index)).where(
                    t.artifacts.c.collection_id == art.collection_id)).scalar()
                values: dict[str, Any] = {"state": "COMMITTED", "version_index": 0 if top is None else top + 1,
                                          "updated_at": time.time()}
                if file_count is not None:
                    values["file_count"] = file_count
                conn.execute(t.artifacts.update().where(t.artifacts.c.id == aid).values(**values))
                if sizes:
                    conn.execute(t.artifact_files.update().where(
                        t.artifact_files.c.artifact_id == aid, t.artifact_files.c.name == bindparam("fname")
                    ).values(size=bindparam("fsize")), [{"fname": n, "fsize": z} for n, z in sizes.items()])
                self._set_aliases(conn, art.collection_id, aid, json.loads(art.pending_aliases or "[]") + ["latest"])
            return conn.execute(select(t.artifacts).where(t.artifacts.c.id == aid)).one()

    def use_artifact(self, run_pk: int, aid: int, used_as: str | None) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            exists = conn.execute(select(t.artifact_usage).where(
                t.artifact_usage.c.run_id == run_pk, t.artifact_usage.c.artifact_id == aid)).first()
            if exists is None:
                conn.execute(t.artifact_usage.insert().values(
                    run_id=run_pk, artifact_id=aid, used_as=used_as, created_at=time.time()))

    def artifacts_of_run(self, run_pk: int, used: bool) -> list[Row]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            if used:
                q = select(t.artifacts).join(t.artifact_usage, t.artifact_usage.c.artifact_id == t.artifacts.c.id
                                             ).where(t.artifact_usage.c.run_id == run_pk)
            else:
                q = select(t.artifacts).where(t.artifacts.c.run_id == run_pk, t.artifacts.c.state == "COMMITTED")
            return list(conn.execute(q.order_by(t.artifacts.c.id)))


class ArtifactListsMixin:
    """Listing helpers for types and collections."""

    def artifact_type_by_name(self, project_id: int, name: str) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(select(t.artifact_types).where(
                t.artifact_types.c.project_id == project_id, t.artifact_types.c.name == name)).first()

    def artifact_types_of(self, project_id: int) -> list[Row]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(select(t.artifact_types).where(
                t.artifact_types.c.project_id == project_id).order_by(t.artifact_types.c.id)))

    def collections_of_type(self, type_id: int) -> list[Row]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(select(t.artifact_collections).where(
                t.artifact_collections.c.type_id == type_id,
                t.artifact_collections.c.kind.in_(["sequence", "portfolio"])).order_by(t.artifact_collections.c.id)))

    def collection_aliases(self, collection_id: int) -> list[Row]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(select(t.artifact_aliases).where(
                t.artifact_aliases.c.collection_id == collection_id).order_by(t.artifact_aliases.c.id)))

    def collection_versions(self, collection_id: int, newest_first: bool = True) -> list[Row]:
        order = t.artifacts.c.version_index.desc() if newest_first else t.artifacts.c.version_index
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(select(t.artifacts).where(
                t.artifacts.c.collection_id == collection_id, t.artifacts.c.state == "COMMITTED").order_by(order)))


class ArtifactEditsMixin(LinksMixin, CollectionsMixin, RegistryMixin, MultipartMixin):
    """Alias, metadata and deletion edits on committed artifacts (plus links, collections,
    registries and multipart uploads through the mixins it inherits)."""

    def add_aliases(self, aid: int, aliases: list[str]) -> None:
        art = self.artifact_by_id(aid)  # type: ignore[attr-defined]
        with self.tx() as conn:  # type: ignore[attr-defined]
            ArtifactsMixin._set_aliases(conn, art.collection_id, aid, aliases)

    def delete_aliases(self, aid: int, aliases: list[str]) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            conn.execute(t.artifact_aliases.delete().where(
                t.artifact_aliases.c.artifact_id == aid, t.artifact_aliases.c.alias.in_(aliases)))

    def set_aliases_exactly(self, aid: int, aliases: list[str]) -> None:
        art = self.artifact_by_id(aid)  # type: ignore[attr-defined]
        with self.tx() as conn:  # type: ignore[attr-defined]
            conn.execute(t.artifact_aliases.delete().where(t.artifact_aliases.c.artifact_id == aid))
            ArtifactsMixin._set_aliases(conn, art.collection_id, aid, aliases)

    def update_artifact(self, aid: int, values: dict[str, Any]) -> Row:
        with self.tx() as conn:  # type: ignore[attr-defined]
            if values:
                conn.execute(t.artifacts.update().where(t.artifacts.c.id == aid).values(
                    updated_at=time.time(), **values))
            return conn.execute(select(t.artifacts).where(t.artifacts.c.id == aid)).one()

    def delete_artifact(self, aid: int, delete_aliases: bool) -> Row:
        """Mark a version DELETED (its blobs stay: other versions may share them)."""
        with self.tx() as conn:  # type: ignore[attr-defined]
            has = conn.execute(select(t.artifact_aliases.c.alias).where(
                t.artifact_aliases.c.artifact_id == aid)).scalars().all()
            if has and not delete_aliases:
                raise ClientError(f"deleteAliases: the artifact still has aliases {sorted(has)}", status=409)
            conn.execute(t.artifact_aliases.delete().where(t.artifact_aliases.c.artifact_id == aid))
            conn.execute(t.artifacts.update().where(t.artifacts.c.id == aid).values(
                state="DELETED", updated_at=time.time()))
            return conn.execute(select(t.artifacts).where(t.artifacts.c.id == aid)).one()
