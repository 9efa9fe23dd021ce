"""``http(s)://`` references: digest from the ETag, size from Content-Length."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from ..artifact_manifest_entry import ArtifactManifestEntry
from . import load_via_etag_cache

if TYPE_CHECKING:
    from ..artifact import Artifact


def _session() -> Any:
    import requests

    return requests.Session()


def entry_from_headers(headers: Any) -> Tuple[Optional[str], Optional[int], Dict[str, str]]:
    """(digest from ETag without quotes, Content-Length, extra {"etag": raw})."""
    h = {k.lower(): v for k, v in dict(headers).items()}
    size = int(h["content-length"]) if h.get("content-length") else None
    etag = h.get("etag")
    extra: Dict[str, str] = {}
    digest = etag
    if etag:
        extra["etag"] = etag
        if etag[:1] == '"' and etag[-1:] == '"':
            digest = etag[1:-1]
    return digest, size, extra


def store_path(artifact: "Artifact", path: str, name: Optional[str] = None,
               checksum: bool = True, max_objects: Optional[int] = None
               ) -> List[ArtifactManifestEntry]:
    name = name or os.path.basename(path)
    if not checksum:
        return [ArtifactManifestEntry(path=name, ref=path, digest=path)]
    with _session().get(path, stream=True, timeout=60) as resp:
        resp.raise_for_status()
        digest, size, extra = entry_from_headers(resp.headers)
    return [ArtifactManifestEntry(path=name, ref=path, digest=digest or path, size=size,
                                  extra=extra)]


def load_path(entry: ArtifactManifestEntry, local: bool = False,
              dest_path: Optional[str] = None) -> str:
    """The URL, or (``local``) the object in the ETag cache (checked against the recorded ETag)."""
    return load_via_etag_cache(entry, local, dest_path, lambda opener: _fetch(entry, opener))


def _fetch(entry: ArtifactManifestEntry, opener: Any) -> None:
    with _session().get(entry.ref, stream=True, timeout=300) as resp:
        resp.raise_for_status()
        digest, size, _ = entry_from_headers(resp.headers)
        if entry.digest != entry.ref and digest and digest != entry.digest:
            raise ValueError(
                f"Digest mismatch for url {entry.ref}: expected {entry.digest} but found {digest}"
            )
        with opener("wb") as f:
            for chunk in resp.iter_content(1 << 20):
                f.write(chunk)
