"""Same-machine artifact transfers: files go straight into / out of the server's blob directory.

When the server runs on this machine and keeps its blobs in a local directory that this process
may write (``local_store.for_client``: the embedded server, or a team server on the same host),
uploads copy each file into ``<blobs>/<hex[:2]>/<hex>`` and downloads copy blobs to their
destination, in Rust (``_core.stage_files`` / ``_core.copy_files``: reflink where the filesystem
allows, else an in-kernel copy; GIL released). The GraphQL protocol is unchanged: the server
sees the blobs present and asks for no upload, and commits only when every blob is there.

Integrity: a copy is filed under its digest only when its bytes have that digest — the digest
is trusted without reading when the source is our own staged copy or the persistent hash cache
knows the file's current stat, and otherwise the file is hashed while it is copied. A source
changed since it was added fails the save (nothing is committed), as the server would refuse
its HTTP upload. Any other failure (permissions, a full disk) leaves that file to HTTP.
"""

from __future__ import annotations

import os
import stat
import threading
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import _hashing

#: blob files we create: private to the user, as the server's own
BLOB_MODE = stat.S_IRUSR | stat.S_IWUSR


class PlaceJob:
    """Copies an upload's files into the local blob store on a pool thread.

    ``entries``: the save's record entries (dicts with path, digest, size, local_path, ref).
    ``result()`` waits and returns {base64 digest: True} for the blobs now in the store; raises
    ``ValueError`` naming the first file whose content changed since it was added.
    """

    def __init__(self, store: Any, entries: Sequence[Dict[str, Any]]) -> None:
        from .staging import get_staging_dir

        staging = os.path.join(get_staging_dir(), "md5")
        self.store = store
        seen: set = set()
        self.items: List[Tuple[str, str, bool]] = []
        self.names: List[str] = []
        for e in entries:
            local, digest = e.get("local_path"), e.get("digest")
            if e.get("ref") or not local or not digest or digest in seen:
                continue
            seen.add(digest)
            try:  # our own staged copy (policy "mutable"), filed under its digest
                h = _hashing.b64_to_hex(digest)
                trusted = os.path.abspath(local) == os.path.join(staging, h[:2], h[2:])
            except ValueError:
                trusted = False
            self.items.append((str(local), digest, trusted))
            self.names.append(e.get("path") or str(local))
        self.largest = max((int(e.get("size") or 0) for e in entries if not e.get("ref")), default=0)
        self._done = threading.Event()
        self._res: Optional[List[Dict[str, Any]]] = None
        self._err: Optional[BaseException] = None
        if not self.items:
            self._res = []
            self._done.set()
            return
        _hashing.worker_pool().submit(self._run)

    def _run(self) -> None:
        try:
            from wandb import _core

            self._res = list(_core.stage_files(self.items, self.store.root, "blobs", BLOB_MODE, 0,
                                               _hashing.hash_cache_dir()))
        except BaseException as e:  # noqa: BLE001 - handed to result()
            self._err = e
        finally:
            self._done.set()

    def result(self) -> Dict[str, bool]:
        self._done.wait()
        if self._err is not None:
            return {}  # the extension failed as a whole: everything goes over HTTP
        placed: Dict[str, bool] = {}
        for (local, digest, _t), name, r in zip(self.items, self.names, self._res or []):
            if r.get("ok"):
                placed[digest] = True
            elif r.get("mismatch"):
                raise ValueError(f"artifact file {name!r} ({local}): {r.get('error')}")
        return placed


def fetch_from_store(store: Any, entries: Sequence[Any], pending: List[int],
                     dests: Sequence[Optional[str]], results: List[Optional[str]]) -> List[int]:
    """Copy the blobs of ``entries[i]`` (i in ``pending``) from the local store to their
    destination (``dests[i]``, else the cache path). Fills ``results``; returns the indices left
    for HTTP (blob missing or of the wrong size, or a failed copy)."""
    from ._download import _dest_current
    from .artifact_file_cache import get_artifact_file_cache

    cache = get_artifact_file_cache()
    jobs: List[Tuple[int, str, str]] = []  # (index, blob, target)
    in_cache: set = set()  # targets that are cache paths: written atomically
    left: List[int] = []
    for i in pending:
        e = entries[i]
        try:
            blob = store.blob_path(_hashing.b64_to_hex(e.digest))
            st = os.stat(blob)
        except (OSError, ValueError):
            left.append(i)
            continue
        if st.st_size != (e.size or 0):
            left.append(i)
            continue
        if dests[i]:
            jobs.append((i, blob, str(dests[i])))
        else:
            jobs.append((i, blob, str(cache.md5_obj_path(e.digest))))
            in_cache.add(i)
    if not jobs:
        return left
    current = _dest_current([(b, t, entries[i].size or 0, entries[i].digest) for i, b, t in jobs])
    todo = [j for j, ok in zip(jobs, current) if not ok]
    for i, _b, t in jobs:
        results[i] = t
    if todo:
        from wandb import _core

        # A root file is written in place (one file creation, as a plain copy); a cache file
        # only ever appears whole (temp file + rename).
        groups = [[j for j in todo if j[0] not in in_cache], [j for j in todo if j[0] in in_cache]]
        done: List[Tuple[Tuple[int, str, str], Dict[str, Any]]] = []
        for group, atomic in zip(groups, (False, True)):
            if group:
                done.extend(zip(group, _core.copy_files([(b, t) for _i, b, t in group], 0, False, atomic)))
        for (i, blob, target), out in done:
            if not out.get("ok"):
                results[i] = None
                left.append(i)
                continue
            try:  # the blob's mtime marks the dest as current for the next download
                st = os.stat(blob)
                os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
            except OSError:
                pass
    return sorted(left)


def store_for(client: Any) -> Any:
    """The same-machine blob store behind ``client``, or None (any failure: None)."""
    try:
        from . import local_store

        return local_store.for_client(client)
    except Exception:  # noqa: BLE001 - the fast path is optional
        return None
