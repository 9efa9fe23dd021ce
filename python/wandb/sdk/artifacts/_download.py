"""Downloading the entries of a logged artifact: URL lookup, cache, Rust transfers, copies.

Flow: entries without a ``ref`` are looked up in the cache (``obj/md5/..``); misses are fetched
by ``_core.download_files`` straight into their cache path (temp file + MD5 check + rename,
so a cache path never holds a corrupt file), then copied (reflink where possible) into ``root``.
With ``skip_cache`` the bytes go directly to ``root`` under the same guarantees.
Cache hits are trusted (verified when stored) and placed in parallel (``_place_many``);
when the server's blob directory is on this machine, misses are copied from it
(``_local_transfer``) instead of fetched;
a dest that already holds the entry (same size and the cache file's mtime, else same MD5) is kept.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple
from urllib.parse import quote

from . import _hashing
from .artifact_file_cache import get_artifact_file_cache

if TYPE_CHECKING:
    from .artifact import Artifact
    from .artifact_manifest_entry import ArtifactManifestEntry

FILE_URL_BATCH = int(os.environ.get("WANDB_ARTIFACT_FETCH_FILE_URL_BATCH_SIZE", "5000") or 5000)
MULTIPART_THRESHOLD = 2 * 1024**3


def _file_urls(artifact: "Artifact", names: Optional[Sequence[str]] = None) -> Dict[str, str]:
    """name -> directUrl for the artifact's stored files (paged ArtifactFileUrls query)."""
    from ._gql_fragments import ARTIFACT_FILES_QUERY

    client = artifact._client
    out: Dict[str, str] = {}
    cursor = None
    while True:
        variables: Dict[str, Any] = {"id": artifact.id, "cursor": cursor, "perPage": FILE_URL_BATCH}
        if names is not None:
            variables["names"] = list(names)
        data = client.execute(ARTIFACT_FILES_QUERY, variables)
        files = ((data or {}).get("artifact") or {}).get("files") or {}
        for edge in files.get("edges") or []:
            node = edge.get("node") or {}
            if node.get("name") is not None:
                out[node["name"]] = node.get("directUrl")
        page = files.get("pageInfo") or {}
        if not page.get("hasNextPage"):
            return out
        cursor = page.get("endCursor")


def _fallback_url(artifact: "Artifact", entry: "ArtifactManifestEntry") -> Optional[str]:
    client = artifact._client
    base = getattr(client, "base_url", None)
    if not base:
        return None
    policy = artifact.manifest.storage_policy
    md5_hex = _hashing.b64_to_hex(entry.digest)
    layout = getattr(policy, "storage_layout", "V2")
    entity = artifact.source_entity
    if layout == "V1" or not entry.birth_artifact_id:
        return f"{base}/artifacts/{entity}/{md5_hex}"
    region = getattr(policy, "storage_region", "default")
    return f"{base}/artifactsV2/{region}/{entity}/{quote(entry.birth_artifact_id, safe='')}/{md5_hex}"


def _auth_headers(client: Any) -> Dict[str, str]:
    auth = getattr(client, "auth", None)
    headers = dict(getattr(client, "headers", {}) or {})
    if auth:
        import base64

        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return headers


def _run_downloads(items: List[Dict[str, Any]], multipart: Optional[bool]) -> List[Dict[str, Any]]:
    try:
        from wandb import _core

        fn = getattr(_core, "download_files", None)
    except ImportError:  # pragma: no cover
        fn = None
    kwargs: Dict[str, Any] = {}
    if multipart is True:
        kwargs["multipart_threshold"] = 0
    elif multipart is False:
        kwargs["multipart_threshold"] = 1 << 62
    if fn is not None:
        return list(fn(items, 0, **kwargs))
    return [_download_py(it) for it in items]


def _download_py(item: Dict[str, Any]) -> Dict[str, Any]:
    """Development fallback used only when the extension lacks download_files."""
    import hashlib
    import base64

    import requests

    dest = item["dest"]
    tmp = dest + ".vireo-part"
    os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
    last_err = None
    for url, headers in ((item["url"], item.get("headers") or {}),
                         (item.get("fallback_url"), item.get("fallback_headers") or {})):
        if not url:
            continue
        try:
            with requests.get(url, headers=headers, stream=True, timeout=300) as r:
                if r.status_code != 200:
                    last_err = f"HTTP {r.status_code}"
                    continue
                h = hashlib.md5()
                size = 0
                with open(tmp, "wb") as f:
                    for chunk in r.iter_content(1 << 20):
                        f.write(chunk)
                        h.update(chunk)
                        size += len(chunk)
            md5 = base64.b64encode(h.digest()).decode()
            if item.get("md5_b64") and md5 != item["md5_b64"]:
                os.remove(tmp)
                return {"ok": False, "status": 200, "error": "md5 mismatch", "errno": None,
                        "md5_b64": None, "size": size}
            os.replace(tmp, dest)
            return {"ok": True, "status": 200, "error": None, "errno": None, "md5_b64": md5,
                    "size": size}
        except OSError as e:
            last_err = str(e)
    return {"ok": False, "status": 0, "error": last_err, "errno": None, "md5_b64": None, "size": 0}


def _local_copy_ok(e: "ArtifactManifestEntry") -> bool:
    """True when the entry's local file (a draft's or just-logged artifact's) still holds its bytes."""
    p = e.local_path
    try:
        if not p or not os.path.isfile(p) or os.path.getsize(p) != e.size:
            return False
        return _hashing.md5_files([p])[0][0] == e.digest
    except OSError:
        return False


def _place(src: str, dest: str, entry: "ArtifactManifestEntry") -> None:
    """Copy a verified cache file to ``dest`` unless ``dest`` already holds the same bytes."""
    _place_many([(src, dest, entry.size or 0, entry.digest)])


def _dest_current(pairs: List[Tuple[str, str, int, str]]) -> List[bool]:
    """For each (src, dest, size, digest): True when ``dest`` already holds the bytes.

    As wandb's copy_or_overwrite_changed: a dest of the right size whose mtime equals the
    cache file's (set by us when we placed it) is current; other right-size dests are
    checked by MD5 in one batched call (the persistent hash cache makes repeats a stat).
    """
    out = [False] * len(pairs)
    to_hash: List[int] = []
    for k, (src, dest, size, _digest) in enumerate(pairs):
        try:
            st = os.stat(dest)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or st.st_size != size:
            continue
        try:
            if os.stat(src).st_mtime_ns == st.st_mtime_ns:
                out[k] = True
                continue
        except OSError:
            pass
        to_hash.append(k)
    if to_hash:
        try:
            digests = _hashing.md5_files([pairs[k][1] for k in to_hash])
        except OSError:
            digests = []
            for k in to_hash:
                try:
                    digests.append(_hashing.md5_files([pairs[k][1]])[0])
                except OSError:
                    digests.append(("", -1))
        for k, (digest, _size) in zip(to_hash, digests):
            out[k] = digest == pairs[k][3]
    return out


def _copy_keep_mtime(src: str, dest: str) -> None:
    _hashing.copy_file(src, dest)
    try:
        st = os.stat(src)
        os.utime(dest, ns=(st.st_atime_ns, st.st_mtime_ns))
    except OSError:
        pass


def _copy_chunk(chunk: List[Tuple[str, str]]) -> None:
    for src, dest in chunk:
        _copy_keep_mtime(src, dest)


def _place_many(pairs: List[Tuple[str, str, int, str]]) -> None:
    """Place cache files at their dests (skipping current ones), many copies in parallel.

    ``pairs``: (cache path, dest, size, base64 MD5). ``_core.copy_file_fast`` releases the
    GIL, so the pool's threads copy concurrently; the first error is raised after all ran.
    """
    current = _dest_current(pairs)
    todo = [(p[0], p[1]) for p, ok in zip(pairs, current) if not ok]
    if not todo:
        return
    import threading

    if len(todo) == 1 or threading.current_thread().name.startswith("vireo-artifacts"):
        _copy_chunk(todo)  # one file, or already on a pool thread (no nested waits)
        return
    # Parent directories once, in the calling thread (no mkdir races between workers).
    for d in {os.path.dirname(dest) for _, dest in todo}:
        if d:
            os.makedirs(d, exist_ok=True)
    pool = _hashing.worker_pool()
    n = max(1, min(getattr(pool, "_max_workers", 8), len(todo)))
    # Large files first, so one big copy does not finish last on a busy worker.
    todo.sort(key=lambda sd: -_size_of(sd[0]))
    chunks = [todo[k::n] for k in range(n)]
    futures = [pool.submit(_copy_chunk, c) for c in chunks if c]
    errors = []
    for f in futures:
        try:
            f.result()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            errors.append(exc)
    if errors:
        raise errors[0]


def _size_of(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def download_entries(
    artifact: "Artifact",
    entries: Sequence["ArtifactManifestEntry"],
    *,
    root: Optional[str],
    dest_paths: Optional[Sequence[Optional[str]]] = None,
    skip_cache: Optional[bool] = None,
    multipart: Optional[bool] = None,
    allow_missing_references: bool = False,
) -> List[str]:
    """Download ``entries`` (to ``root/<path>`` or ``dest_paths``); return local paths in order.

    Raises OSError / ValueError naming the first entry that failed (after all were tried).
    """
    cache = get_artifact_file_cache()
    results: List[Optional[str]] = [None] * len(entries)
    dests = [
        (dest_paths[i] if dest_paths and dest_paths[i] else
         (os.path.join(root, e.path) if root else None))
        for i, e in enumerate(entries)
    ]
    pending: List[int] = []
    to_place: List[Tuple[str, str, int, str]] = []
    hits = cache.md5_obj_hits([(e.digest, e.size or 0) for e in entries if e.ref is None])
    hit_iter = iter(hits)
    for i, e in enumerate(entries):
        if e.ref is not None:
            continue
        cpath, hit = next(hit_iter)
        if hit and not skip_cache:
            if dests[i]:
                to_place.append((cpath, dests[i], e.size or 0, e.digest))  # type: ignore[arg-type]
                results[i] = dests[i]
            else:
                results[i] = cpath
        elif _local_copy_ok(e):
            # A draft or a just-logged artifact: the bytes are local.
            target = dests[i] or cpath
            if not dests[i] and not skip_cache:
                cache.add_file(e.local_path, e.digest, e.size or 0)
            else:
                _hashing.copy_file(e.local_path, target)
            results[i] = target
        else:
            pending.append(i)

    if to_place:
        _place_many(to_place)

    if pending:
        # Same machine as the server's blob directory: copy the blobs (no HTTP, no cache copy).
        from ._local_transfer import fetch_from_store, store_for

        store = store_for(artifact._client)
        if store is not None:
            pending = fetch_from_store(store, entries, pending, dests, results)

    if pending:
        urls = _file_urls(artifact, None if len(pending) > 100 else [entries[i].path for i in pending])
        headers = _auth_headers(artifact._client)
        items = []
        for i in pending:
            e = entries[i]
            url = urls.get(e.path) or e._download_url
            fb = _fallback_url(artifact, e)
            if not url and not fb:
                raise ValueError(f"No download URL for artifact file {e.path!r}")
            target = dests[i] if (skip_cache and dests[i]) else cache.md5_obj_path(e.digest)
            items.append({
                "url": url or fb,
                "dest": str(target),
                "md5_b64": e.digest,
                "size": e.size,
                "fallback_url": fb if url else None,
                "fallback_headers": headers if url else {},
                **({} if url else {"headers": headers}),
            })
        if not skip_cache:
            cache._reserve_space(sum(entries[i].size or 0 for i in pending))
        outs = _run_downloads(items, multipart)
        errors = []
        fetched: List[Tuple[str, str, int, str]] = []
        for i, item, out in zip(pending, items, outs):
            if not out.get("ok"):
                errors.append((entries[i], item, out))
                continue
            if dests[i] and item["dest"] != dests[i]:
                fetched.append((item["dest"], dests[i], entries[i].size or 0, entries[i].digest))
                results[i] = dests[i]
            else:
                results[i] = item["dest"]
        if fetched:
            _place_many(fetched)
        if errors:
            e, item, out = errors[0]
            msg = f"Failed to download artifact file {e.path!r}: {out.get('error')}"
            if len(errors) > 1:
                msg += f" (and {len(errors) - 1} more)"
            if out.get("errno"):
                raise OSError(out["errno"], msg, item["dest"])
            from wandb.errors import CommError

            raise CommError(msg)

    for i, e in enumerate(entries):
        if e.ref is None:
            continue
        from .storage_handlers import load_reference
        from .storage_handlers.gcs_handler import _GCSIsADirectoryError

        try:
            results[i] = load_reference(e, local=True, dest_path=dests[i])
        except _GCSIsADirectoryError as exc:  # a GCS "folder" reference: skipped, as wandb does
            import logging

            logging.getLogger(__name__).debug(str(exc))
            continue
        except (FileNotFoundError, ValueError, OSError) as exc:
            if allow_missing_references:
                continue
            raise exc
    return [r for r in results]  # type: ignore[misc]


def download_entry(entry: "ArtifactManifestEntry", *, root: Optional[str] = None,
                   skip_cache: Optional[bool] = None, multipart: Optional[bool] = None) -> str:
    """Download one entry of a logged artifact to ``root`` (default: the artifact's root)."""
    artifact = entry.parent_artifact()
    root = root or artifact._default_root()
    artifact._add_download_root(root)
    return download_entries(artifact, [entry], root=root, skip_cache=skip_cache,
                            multipart=multipart)[0]
