"""Blob garbage collection: delete stored blobs no live record refers to.

A blob (keyed by its MD5 hex) is *referenced* when its digest appears in:

- ``artifact_files.md5`` or ``artifacts.manifest_md5`` of a version that is not DELETED;
- ``artifact_manifests.digest`` (base64 or hex) of a version that is not DELETED;
- a run file: ``files.digest`` (hex, the blob key) or ``files.md5`` (base64);
- a multipart upload in progress: ``multipart_uploads.md5`` or any hex MD5 in its ``parts``
  (whatever the state of its version: rows go when the upload completes or the version's
  collection is deleted).

Unreferenced blobs older than ``grace_s`` (by mtime / LastModified) are deleted; younger ones
are kept, since an upload stores its blob before the database records it. Candidates are checked
again against the database right before deletion, which narrows (but cannot close) the window in
which a new version starts to reuse an old unreferenced blob; such a version then fails to commit
(the server checks its files exist) and the client uploads the blob again.

Leftover temporary files in the store's ``tmp_dir`` older than ``grace_s`` are removed too and
counted apart (``tmp_deleted`` / ``tmp_bytes_freed``), as are ``*.vireo-tmp`` files that a
same-machine client left next to the blobs; ``local-probe*`` files are never touched.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import time
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from sqlalchemy import Select, select

from wandb.server import tables as t
from wandb.server.blobs import LocalBlobStore, is_digest

log = logging.getLogger("wandb.server.gc")

PROBE_PREFIX = "local-probe"
CLIENT_TMP_SUFFIX = ".vireo-tmp"  # rust/core/src/artifacts/stage.rs and copy.rs temp files
_CHUNK = 500  # values per IN (...) list
_YIELD_PER = 5000  # rows fetched at a time while streaming a reference column


@dataclass
class GcResult:
    """Counts of one collection (with ``dry_run``, ``deleted`` / ``bytes_freed`` say what would go)."""

    scanned: int = 0
    referenced: int = 0
    deleted: int = 0
    bytes_freed: int = 0
    kept_young: int = 0
    tmp_deleted: int = 0
    tmp_bytes_freed: int = 0


def to_hex(value: Any) -> str | None:
    """A digest as MD5 hex: hex (any case) or base64 of 16 bytes; None for anything else."""
    if not isinstance(value, str) or not value:
        return None
    v = value.strip().strip('"')
    if is_digest(v.lower()):
        return v.lower()
    try:
        raw = base64.b64decode(v, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw.hex() if len(raw) == 16 else None


def _b64(md5_hex: str) -> str:
    return base64.b64encode(bytes.fromhex(md5_hex)).decode()


def _reference_queries(only: list[str] | None) -> list[Select]:
    """One single-column query per reference source; with ``only``, limited to those digests."""
    a, af, am, f = t.artifacts, t.artifact_files, t.artifact_manifests, t.files
    live = a.c.state != "DELETED"
    both = None if only is None else only + [_b64(h) for h in only]
    qs = [
        select(af.c.md5).join(a, a.c.id == af.c.artifact_id).where(live),
        select(a.c.manifest_md5).where(live, a.c.manifest_md5.is_not(None)),
        select(am.c.digest).join(a, a.c.id == am.c.artifact_id).where(live, am.c.digest.is_not(None)),
        select(f.c.digest).where(f.c.digest.is_not(None)),
        select(f.c.md5).where(f.c.md5.is_not(None)),
    ]
    if only is not None:
        qs[0] = qs[0].where(af.c.md5.in_(only))
        qs[1] = qs[1].where(a.c.manifest_md5.in_(only))
        qs[2] = qs[2].where(am.c.digest.in_(both))
        qs[3] = qs[3].where(f.c.digest.in_(only))
        qs[4] = qs[4].where(f.c.md5.in_(both))
    return qs


def _multipart_digests(conn: Any) -> Iterator[str]:
    mu = t.multipart_uploads
    for md5, parts in conn.execution_options(yield_per=_YIELD_PER).execute(select(mu.c.md5, mu.c.parts)):
        yield md5 or ""
        try:
            yield from _json_strings(json.loads(parts or "null"))
        except ValueError:
            log.warning("multipart upload of %s: unreadable parts list", md5)


def _json_strings(doc: Any) -> Iterator[str]:
    if isinstance(doc, str):
        yield doc
    elif isinstance(doc, dict):
        for v in doc.values():
            yield from _json_strings(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from _json_strings(v)


def referenced_md5s(store: Any, only: list[str] | None = None) -> set[str]:
    """MD5 hex digests the database refers to (see the module docstring); with ``only``, the
    subset of those digests that is referenced. Rows are streamed, not loaded at once."""
    refs: set[str] = set()
    wanted = None if only is None else set(only)

    def keep(values: Iterable[Any]) -> None:
        for value in values:
            h = to_hex(value)
            if h is not None and (wanted is None or h in wanted):
                refs.add(h)

    with store.ro() as conn:
        for q in _reference_queries(only):  # one open cursor at a time
            keep(r[0] for r in conn.execution_options(yield_per=_YIELD_PER).execute(q))
        keep(_multipart_digests(conn))
    return refs


def _tmp_entries(blobs: Any) -> list:
    """Temporary files: everything in ``tmp_dir`` but the probe, plus the ``*.vireo-tmp`` files
    same-machine clients write next to the blobs (left behind when a client dies mid-copy)."""
    out = []
    tmp_dir = getattr(blobs, "tmp_dir", None)
    if tmp_dir:
        try:
            out += [e for e in os.scandir(tmp_dir) if not e.name.startswith(PROBE_PREFIX)]
        except FileNotFoundError:
            pass
    root = getattr(blobs, "root", None)
    if root and isinstance(blobs, LocalBlobStore):
        try:
            tops = [e.path for e in os.scandir(root) if len(e.name) == 2 and e.is_dir(follow_symlinks=False)]
        except FileNotFoundError:
            tops = []
        for top in tops:
            try:
                out += [e for e in os.scandir(top) if e.name.endswith(CLIENT_TMP_SUFFIX)]
            except FileNotFoundError:
                continue
    return out


def _sweep_tmp(blobs: Any, cutoff: float, dry_run: bool, result: GcResult) -> None:
    for e in _tmp_entries(blobs):
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            st = e.stat(follow_symlinks=False)
            if st.st_mtime >= cutoff:
                continue
            if not dry_run:
                os.unlink(e.path)
        except FileNotFoundError:  # finished (renamed) or removed meanwhile
            continue
        result.tmp_deleted += 1
        result.tmp_bytes_freed += st.st_size


def collect_garbage(store: Any, blobs: Any, *, grace_s: float = 86400, dry_run: bool = False,
                    now: float | None = None) -> GcResult:
    """Delete blobs of ``blobs`` that nothing in ``store`` refers to and that are older than
    ``grace_s`` seconds (and stale temporary files); ``dry_run`` only counts."""
    if not isinstance(grace_s, (int, float)) or grace_s != grace_s or grace_s < 0:
        raise ValueError(f"grace_s: expected seconds >= 0, got {grace_s!r}")
    now = time.time() if now is None else now
    cutoff = now - grace_s
    result = GcResult()
    refs = referenced_md5s(store)
    candidates: list[tuple[str, int]] = []
    for md5_hex, mtime, size in blobs.iter_blobs():
        result.scanned += 1
        if md5_hex in refs:
            result.referenced += 1
        elif mtime >= cutoff:
            result.kept_young += 1
        else:
            candidates.append((md5_hex, size))
    del refs
    for i in range(0, len(candidates), _CHUNK):
        chunk = candidates[i:i + _CHUNK]
        again = referenced_md5s(store, only=[h for h, _ in chunk])  # referenced since the scan
        for md5_hex, size in chunk:
            if md5_hex in again:
                result.referenced += 1
                continue
            if not dry_run:
                try:
                    blobs.delete(md5_hex)
                except FileNotFoundError:  # removed meanwhile (the stores ignore this already)
                    pass
            result.deleted += 1
            result.bytes_freed += size
    _sweep_tmp(blobs, cutoff, dry_run, result)
    log.info("blob gc%s: scanned %d, referenced %d, deleted %d (%d bytes), kept %d young, %d temp file(s)",
             " (dry run)" if dry_run else "", result.scanned, result.referenced, result.deleted,
             result.bytes_freed, result.kept_young, result.tmp_deleted)
    return result
