"""Commit of distributed (PATCH) and incremental (INCREMENTAL) versions: merge the uploaded
manifests (after the base version's, for INCREMENTAL) into one manifest, store it, and recompute
the version's digest from it (see store_artifacts_merge)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import tempfile
from typing import Any

from graphql import GraphQLResolveInfo

from wandb.server.errors import ClientError, NotFound
from wandb.server.gql_query import ctx
from wandb.server.ids import decode_id


def manifest_digest(contents: dict[str, Any]) -> str:
    """The artifact digest of manifest ``contents`` (notes 6.2)."""
    h = hashlib.md5(b"wandb-artifact-manifest-v1\n")
    for path in sorted(contents):
        h.update(f"{path}:{contents[path]['digest']}\n".encode())
    return h.hexdigest()


def record_base(info: GraphQLResolveInfo, art: Any, kind: str | None, base_id: Any) -> None:
    """An INCREMENTAL manifest of ``art`` extends the committed version ``base_id``."""
    if kind != "INCREMENTAL" or not base_id:
        return
    store = ctx(info)["store"]
    bid = decode_id("Artifact", base_id)
    base = store.artifact_by_id(bid) if bid is not None else None
    if base is None:
        raise NotFound(f"baseArtifactID: no artifact with id {base_id!r}")
    if base.id == art.id:
        return
    if base.state != "COMMITTED":
        raise ClientError(f"baseArtifactID: the base version must be committed, it is {base.state}", status=409)
    store.set_manifest_base(art.id, base)


def _load(blobs: Any, row: Any) -> dict:
    try:
        md5_hex = base64.b64decode(row.digest, validate=True).hex()
    except (binascii.Error, ValueError):
        raise ClientError(f"artifactID: manifest {row.name!r} has an invalid digest") from None
    if not blobs.exists(md5_hex):
        what = "the base version's manifest" if row.kind == "BASE" else f"the {row.kind} manifest {row.name!r}"
        raise ClientError(f"artifactID: {what} was not uploaded", status=409)
    try:
        doc = json.loads(b"".join(blobs.iter_bytes(md5_hex)))
    except ValueError:
        raise ClientError(f"artifactID: manifest {row.name!r} is not valid JSON") from None
    if not isinstance(doc, dict) or doc.get("version") != 1 or not isinstance(doc.get("contents") or {}, dict):
        raise ClientError(f"artifactID: manifest {row.name!r} is not a version 1 manifest")
    return doc


def merge_for_commit(info: GraphQLResolveInfo, art: Any) -> Any:
    """Build the merged manifest of a PENDING PATCH / INCREMENTAL version; returns the updated
    artifact row (``art`` itself for a version with a FULL manifest)."""
    store = ctx(info)["store"]
    rows = store.merge_sources(art.id)
    if not rows:
        return art
    state = ctx(info)["request"].app.state
    blobs = state.blobs
    contents: dict[str, Any] = {}
    head: dict[str, Any] = {}
    for row in rows:
        if not row.digest:
            continue  # a base without a manifest, or a patch whose process never uploaded it
        doc = _load(blobs, row)
        if row.kind != "BASE" or not head:
            head = {k: v for k, v in doc.items() if k != "contents"}
        for path, entry in (doc.get("contents") or {}).items():
            if not isinstance(entry, dict) or not isinstance(entry.get("digest"), str):
                raise ClientError(f"artifactID: manifest entry {path!r} has no digest")
            contents[path] = entry
    if not head:
        raise ClientError("artifactID: the manifest was not uploaded", status=409)
    merged = {"version": 1, "storagePolicy": head.get("storagePolicy", "wandb-storage-policy-v1"),
              "storagePolicyConfig": head.get("storagePolicyConfig") or {"storageLayout": "V2"},
              "contents": {p: contents[p] for p in sorted(contents)}}
    body = json.dumps(merged, separators=(",", ":")).encode()
    md5_hex = hashlib.md5(body).hexdigest()
    fd, tmp = tempfile.mkstemp(dir=getattr(state, "blob_tmp", None), suffix=".json")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        blobs.put_file(tmp, md5_hex)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    files = {}
    for path, entry in merged["contents"].items():
        if entry.get("ref"):
            continue
        try:
            raw = base64.b64decode(entry["digest"], validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 16:
            raise ClientError(f"artifactID: manifest entry {path!r}: digest is not a base64 MD5")
        files[path] = raw.hex()
    return store.apply_merged_manifest(art.id, md5_hex, manifest_digest(merged["contents"]), files)
