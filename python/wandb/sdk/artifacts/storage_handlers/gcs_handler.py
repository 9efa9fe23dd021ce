"""``gs://`` references through google-cloud-storage (when installed).

An object is tracked by its ETag (the digest), its size and its generation
(``extra["versionID"]``); a prefix expands to one entry per object under it.
A fragment pins a generation: ``gs://bucket/key#1700000000000000``.
"""

from __future__ import annotations

import time
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, List, Optional, Tuple
from urllib.parse import urlparse

from ..artifact_manifest_entry import ArtifactManifestEntry
from . import DEFAULT_MAX_OBJECTS, object_name_and_ref, load_via_etag_cache

if TYPE_CHECKING:
    from ..artifact import Artifact

_MISSING_LIB = (
    "gs:// references requires the google-cloud-storage library, run pip install wandb[gcp]"
)


class _GCSIsADirectoryError(Exception):
    """The reference names a GCS "folder", which has no bytes to download."""


def _client() -> Any:
    try:
        from google.cloud import storage  # type: ignore[import-not-found]
    except ImportError as e:
        import wandb

        raise wandb.Error(_MISSING_LIB) from e
    return storage.Client()


def parse_uri(uri: str) -> Tuple[str, str, Optional[str]]:
    """(bucket, key, generation) of ``gs://bucket/key#generation``."""
    p = urlparse(uri)
    return p.netloc, p.path[1:], (p.fragment or None)


def store_path(artifact: "Artifact", path: str, name: Optional[str] = None,
               checksum: bool = True, max_objects: Optional[int] = None
               ) -> List[ArtifactManifestEntry]:
    """Entries for ``gs://bucket/key``: one object, or every object under the prefix."""
    bucket, key, version = parse_uri(path)
    path = f"gs://{bucket}/{key}"
    max_objects = max_objects or DEFAULT_MAX_OBJECTS
    if not checksum:
        return [ArtifactManifestEntry(path=name or key, ref=path, digest=path)]
    client = _client()
    obj = client.bucket(bucket).get_blob(key, generation=version)
    if obj is None and version is not None:
        raise ValueError(f"Object does not exist: {path}#{version}")
    multi = obj is None
    start = None
    if multi:
        import wandb

        start = time.time()
        wandb.termlog(
            f'Generating checksum for up to {max_objects} objects with prefix "{key}"... ',
            newline=False,
        )
        objects = client.bucket(bucket).list_blobs(prefix=key, max_results=max_objects)
    else:
        objects = [obj]
    entries = [
        _entry(bucket, key, name, o, multi) for o in objects if not o.name.endswith("/")
    ]
    if start is not None:
        import wandb

        wandb.termlog("Done. %.1fs" % (time.time() - start), prefix=False)
    if len(entries) > max_objects:
        raise ValueError(
            f"Exceeded {max_objects} objects tracked, pass max_objects to add_reference"
        )
    return entries


def _entry(bucket: str, key: str, name: Optional[str], obj: Any, multi: bool
           ) -> ArtifactManifestEntry:
    """The entry of one listed/fetched blob, named relative to the requested prefix."""
    path, ref = object_name_and_ref(bucket, key, name, obj.name, multi)
    return ArtifactManifestEntry(path=path, ref=f"gs://{ref}", digest=obj.etag,
                                 size=obj.size, extra={"versionID": obj.generation})


def _is_dir(bucket_obj: Any, key: str, entry: ArtifactManifestEntry) -> bool:
    """Whether ``key`` is a folder (``key/`` exists, ``key`` does not, no size or suffix)."""
    return key.endswith("/") or (
        not (entry.size or PurePosixPath(key).suffix)
        and bucket_obj.get_blob(key) is None
        and bucket_obj.get_blob(f"{key}/") is not None
    )


def load_path(entry: ArtifactManifestEntry, local: bool = False,
              dest_path: Optional[str] = None) -> str:
    """The URI, or (``local``) the object in the ETag cache: its recorded generation when that
    still exists."""
    return load_via_etag_cache(entry, local, dest_path, lambda opener: _fetch(entry, opener))


def _fetch(entry: ArtifactManifestEntry, opener: Any) -> None:
    ref: str = entry.ref  # type: ignore[assignment]
    bucket, key, _ = parse_uri(ref)
    version = (entry.extra or {}).get("versionID")
    bucket_obj = _client().bucket(bucket)
    if _is_dir(bucket_obj, key, entry):
        raise _GCSIsADirectoryError(f"Unable to download GCS folder {ref!r}, skipping")
    obj = None
    if version is not None:
        # None when the bucket keeps no old generations (versioning off).
        obj = bucket_obj.get_blob(key, generation=version)
    if obj is None:
        obj = bucket_obj.get_blob(key)
        if obj is None:
            raise ValueError(f"Unable to download object {ref} with generation {version}")
        # checksum=False entries carry the URI as digest: nothing to compare.
        if entry.digest != ref and obj.etag != entry.digest:
            raise ValueError(
                f"Digest mismatch for object {ref}: expected {entry.digest} but found {obj.etag}"
            )
    with opener("wb") as f:
        obj.download_to_file(f)
