"""After an artifact's files are uploaded: put them in the cache, drop staging copies.

``artifact_saver`` (art-run) calls :func:`cache_uploaded_entries` after a successful commit,
as wandb's core does: each uploaded entry whose ``skip_cache`` is false lands in
``<cache>/artifacts/obj/md5/..`` (staging copies are moved there, user files copied; reflinks
where the filesystem allows), so a later ``download()`` of the version needs no network.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Iterable


def _get(e: Any, key: str) -> Any:
    return e.get(key) if isinstance(e, dict) else getattr(e, key, None)


def resolve_local_path(entry: Any) -> "str | None":
    """A local file holding the entry's bytes: its ``local_path`` if it still exists, else the
    cache object for its digest (a staged copy may have been moved there by another upload)."""
    local = _get(entry, "local_path")
    if local and os.path.isfile(local):
        return local
    digest, size = _get(entry, "digest"), _get(entry, "size")
    if not digest or _get(entry, "ref"):
        return None
    from .artifact_file_cache import get_artifact_file_cache

    path, hit, _ = get_artifact_file_cache().check_md5_obj_path(digest, int(size or 0))
    return path if hit else None


def cache_uploaded_entries(entries: Iterable[Any]) -> int:
    """Cache the local files of ``entries`` (ArtifactManifestEntry objects or record dicts).

    Returns the number of files cached. Errors (a full disk, a vanished file) are ignored:
    the cache is an optimisation, and a file is only ever renamed into place complete.
    """
    from .artifact_file_cache import get_artifact_file_cache
    from .staging import get_staging_dir

    cache = get_artifact_file_cache()
    staging = get_staging_dir() + os.sep
    jobs: list = []  # (local, digest, size, move)
    for e in entries:
        local = _get(e, "local_path")
        digest = _get(e, "digest")
        if not local or _get(e, "ref") or not digest:
            continue
        in_staging = os.path.abspath(local).startswith(staging)
        if _get(e, "skip_cache"):
            if in_staging:
                with contextlib.suppress(OSError):
                    os.remove(local)
            continue
        jobs.append((local, digest, _get(e, "size"), in_staging))
    if not jobs:
        return 0

    def run(chunk: list) -> int:
        done = 0
        for local, digest, size, move in chunk:
            try:
                if size is None:
                    size = os.path.getsize(local)
                cache.add_file(local, digest, int(size), move=move)
                done += 1
            except OSError:
                continue
        return done

    import threading

    from ._hashing import worker_pool

    if len(jobs) == 1 or threading.current_thread().name.startswith("vireo-artifacts"):
        return run(jobs)
    # add_file copies through _core.copy_file_fast (GIL released): copy in parallel.
    pool = worker_pool()
    n = max(1, min(getattr(pool, "_max_workers", 8), len(jobs)))
    return sum(f.result() for f in [pool.submit(run, jobs[k::n]) for k in range(n)])
