"""Reference handlers by URI scheme: file, http(s), s3, gs, Azure, wandb-artifact, anything else.

``store_reference`` returns the manifest entries for a URI; ``load_reference`` fetches (or
resolves) a reference entry.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, List, Optional
from urllib.parse import urlparse

if TYPE_CHECKING:
    from ..artifact import Artifact
    from ..artifact_manifest_entry import ArtifactManifestEntry

DEFAULT_MAX_OBJECTS = 10_000_000


def _handler_for(uri: str):  # type: ignore[no-untyped-def]
    parsed = urlparse(uri)
    scheme = parsed.scheme
    if scheme == "file":
        from . import local_file_handler as h
    elif scheme in ("http", "https"):
        if parsed.netloc.endswith(".blob.core.windows.net"):
            from . import azure_handler as h
        else:
            from . import http_handler as h  # type: ignore[no-redef]
    elif scheme == "s3":
        from . import s3_handler as h  # type: ignore[no-redef]
    elif scheme == "gs":
        from . import gcs_handler as h  # type: ignore[no-redef]
    elif scheme in ("wandb-artifact", "wandb-client-artifact"):
        from . import wb_artifact_handler as h  # type: ignore[no-redef]
    else:
        from . import tracking_handler as h  # type: ignore[no-redef]
    return h


def store_reference(artifact: "Artifact", uri: str, name: Optional[str] = None,
                    checksum: bool = True, max_objects: Optional[int] = None
                    ) -> List["ArtifactManifestEntry"]:
    """Manifest entries for ``uri`` (one per object for directories / prefixes)."""
    return list(_handler_for(uri).store_path(artifact, uri, name=name, checksum=checksum,
                                             max_objects=max_objects))


def load_reference(entry: "ArtifactManifestEntry", local: bool = False,
                   dest_path: Optional[str] = None) -> str:
    """Fetch the referenced bytes to ``dest_path`` (local=True) or return the URI."""
    if entry.ref is None:
        raise ValueError(f"Entry {entry.path!r} is not a reference")
    if not local:
        return entry.ref
    return _handler_for(entry.ref).load_path(entry, local=local, dest_path=dest_path)


def place_from_cache(cache_path: str, dest_path: Optional[str]) -> str:
    """Copy a cached reference object to ``dest_path`` (or return the cache path)."""
    if not dest_path:
        return cache_path
    from .._hashing import copy_file

    if os.path.abspath(cache_path) != os.path.abspath(dest_path):
        copy_file(cache_path, dest_path)
    return dest_path


def load_via_etag_cache(entry: "ArtifactManifestEntry", local: bool, dest_path: Optional[str],
                        fetch: "Callable[[Any], None]") -> str:
    """``load_path`` of an ETag-addressed reference (http, s3, gs, Azure): the URI when not
    ``local``; else the cached object, fetched first by ``fetch(opener)`` (which writes it
    through ``opener("wb")``) on a miss, copied to ``dest_path`` when given."""
    if not local:
        return entry.ref  # type: ignore[return-value]
    from ..artifact_file_cache import get_artifact_file_cache

    cache_path, hit, opener = get_artifact_file_cache().check_etag_obj_path(
        entry.ref, entry.digest, entry.size or 0)  # type: ignore[arg-type]
    if not hit:
        fetch(opener)
    return place_from_cache(cache_path, dest_path)


def object_name_and_ref(bucket: str, key: str, name: Optional[str], object_key: str,
                        multi: bool) -> "tuple[str, str]":
    """(entry path, ref without scheme) of the bucket object ``object_key`` found for a reference
    to ``bucket/key`` (S3 and GCS name entries alike): relative to the requested prefix, under
    ``name`` when given."""
    from pathlib import PurePosixPath

    posix_key = PurePosixPath(object_key)
    posix_path = PurePosixPath(bucket) / key
    posix_prefix = PurePosixPath(key)
    posix_name = PurePosixPath(name or "")
    posix_ref = posix_path
    if name is None:
        if str(posix_prefix) in str(posix_key) and posix_prefix != posix_key:
            posix_name = posix_key.relative_to(posix_prefix)
            posix_ref = posix_path / posix_name
        else:
            posix_name = PurePosixPath(posix_key.name)
    elif multi:
        rel = posix_key.relative_to(posix_prefix)
        posix_name = posix_name / rel
        posix_ref = posix_path / rel
    return str(posix_name), str(posix_ref)
