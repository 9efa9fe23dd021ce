"""Downloading the entries of a logged artifact: URL lookup, cache, Rust transfers, copies.

Flow: entries without a ``ref`` are looked up in the cache (``obj/md5/..``); misses are fetched
by ``_core.download_files`` straight into their cache path (temp file + MD5 check + rename,
so a cache path never holds a corrupt file), then copied (reflink where possible) into ``root``.
With ``skip_cache`` the bytes go directly to ``root`` under the same guarantees.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence
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
    try:
        st = os.stat(dest)
        if st.st_size == (entry.size or 0) and _hashing.md5_files([dest])[0][0] == entry.digest:
            return
    except OSError:
        pass
    _hashing.copy_file(src, dest)


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
    for i, e in enumerate(entries):
        if e.ref is not None:
            continue
        cpath, hit, _ = cache.check_md5_obj_path(e.digest, e.size or 0)
        if hit and not skip_cache:
            if dests[i]:
                _place(cpath, dests[i], e)  # type: ignore[arg-type]
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
        for i, item, out in zip(pending, items, outs):
            if not out.get("ok"):
                errors.append((entries[i], item, out))
                continue
            if dests[i] and item["dest"] != dests[i]:
                _place(item["dest"], dests[i], entries[i])  # type: ignore[arg-type]
                results[i] = dests[i]
            else:
                results[i] = item["dest"]
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

        try:
            results[i] = load_reference(e, local=True, dest_path=dests[i])
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
