"""Distributed and incremental versions: the bookkeeping kept in ``artifact_manifests`` (a Store mixin).

A version's manifest rows say how its final manifest is built at commit:

- ``FULL``: the uploaded manifest is the version's manifest (the ordinary case).
- ``PATCH`` (``run.upsert_artifact`` / ``finish_artifact``, one per contributing process) and
  ``INCREMENTAL`` (``Artifact(incremental=True)``): the uploaded manifests are merged, in the order
  they were created, into one manifest; a later entry of the same path replaces an earlier one.
- ``BASE`` (bookkeeping, written for an INCREMENTAL manifest with ``baseArtifactID``): ``name`` is
  the base version's ID and ``digest`` its manifest's base64 MD5; the base's entries come first.
- ``DISTRIBUTED`` (bookkeeping): ``name`` is the ``distributedID`` a PENDING version was created
  for, so every process of the job gets the same version from createArtifact.
"""

from __future__ import annotations

import base64
import time

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row

from wandb.server import tables as t

DISTRIBUTED = "DISTRIBUTED"
BASE = "BASE"
MERGED_KINDS = ("PATCH", "INCREMENTAL")


def hex_to_b64(md5_hex: str) -> str:
    return base64.b64encode(bytes.fromhex(md5_hex)).decode()


class ManifestMergeMixin:
    """Needs ``tx()``/``ro()`` from Store."""

    # ---- distributed versions -----------------------------------------------------------------

    @staticmethod
    def _pending_distributed(conn: Connection, collection_id: int, distributed_id: str) -> Row | None:
        """The PENDING version of ``collection_id`` created for ``distributed_id`` (oldest first)."""
        m, a = t.artifact_manifests, t.artifacts
        return conn.execute(
            select(a).join(m, m.c.artifact_id == a.c.id).where(
                m.c.kind == DISTRIBUTED, m.c.name == distributed_id,
                a.c.collection_id == collection_id, a.c.state == "PENDING",
            ).order_by(a.c.id).limit(1)
        ).first()

    @staticmethod
    def _mark_distributed(conn: Connection, aid: int, distributed_id: str) -> None:
        conn.execute(t.artifact_manifests.insert().values(
            artifact_id=aid, name=distributed_id, kind=DISTRIBUTED, digest=None, created_at=time.time()))

    # ---- incremental base ---------------------------------------------------------------------

    def set_manifest_base(self, aid: int, base: Row) -> None:
        """Record ``base`` (a committed version) as the one an INCREMENTAL manifest of ``aid`` extends."""
        digest = hex_to_b64(base.manifest_md5) if base.manifest_md5 else None
        m = t.artifact_manifests
        with self.tx() as conn:  # type: ignore[attr-defined]
            conn.execute(m.delete().where(m.c.artifact_id == aid, m.c.kind == BASE))
            conn.execute(m.insert().values(artifact_id=aid, name=str(base.id), kind=BASE, digest=digest,
                                           created_at=time.time()))

    # ---- commit -------------------------------------------------------------------------------

    def merge_sources(self, aid: int) -> list[Row]:
        """The manifest rows whose uploads make ``aid``'s manifest: BASE first, then the PATCH /
        INCREMENTAL ones in creation order; empty when the version has a FULL manifest."""
        m = t.artifact_manifests
        with self.ro() as conn:  # type: ignore[attr-defined]
            rows = list(conn.execute(select(m).where(
                m.c.artifact_id == aid, m.c.kind.in_((BASE, *MERGED_KINDS))).order_by(m.c.id)))
        if not any(r.kind in MERGED_KINDS for r in rows):
            return []
        return [r for r in rows if r.kind == BASE] + [r for r in rows if r.kind != BASE]

    def apply_merged_manifest(self, aid: int, manifest_md5: str, digest: str, files: dict[str, str]) -> Row:
        """Make the merged manifest ``aid``'s and set its digest; its file rows become exactly
        ``files`` (entry name -> md5 hex): entries taken from the base are added (keeping the
        content's birth artifact), files of patches that were never uploaded are dropped."""
        f = t.artifact_files
        with self.tx() as conn:  # type: ignore[attr-defined]
            have = {r.name: r for r in conn.execute(select(f).where(f.c.artifact_id == aid))}
            gone = [r.id for n, r in have.items() if files.get(n) != r.md5]
            if gone:
                conn.execute(f.delete().where(f.c.id.in_(gone)))
            for name, md5_hex in files.items():
                if name in have and have[name].md5 == md5_hex:
                    continue
                src = conn.execute(select(f.c.birth_artifact_id).where(f.c.md5 == md5_hex)
                                   .order_by(f.c.id).limit(1)).first()
                conn.execute(f.insert().values(artifact_id=aid, name=name, md5=md5_hex,
                                               birth_artifact_id=int(src.birth_artifact_id) if src else aid))
            conn.execute(t.artifacts.update().where(t.artifacts.c.id == aid).values(
                manifest_md5=manifest_md5, digest=digest, updated_at=time.time()))
            return conn.execute(select(t.artifacts).where(t.artifacts.c.id == aid)).one()
