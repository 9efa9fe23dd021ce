"""``gs://`` references through google-cloud-storage (when installed)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, List, Optional, Tuple
from urllib.parse import urlparse

from ..artifact_manifest_entry import ArtifactManifestEntry
from . import DEFAULT_MAX_OBJECTS, place_from_cache

if TYPE_CHECKING:
    from ..artifact import Artifact


def _client() -> Any:
    try:
        from google.cloud import storage  # type: ignore[import-not-found]
    except ImportError as e:
        raise ImportError(
            "gs:// references need google-cloud-storage; install it with "
            "`pip install google-cloud-storage`"
        ) from e
    return storage.Client()


def parse_uri(uri: str) -> Tuple[str, str, Optional[str]]:
    """(bucket, key, generation) of ``gs://bucket/key#generation``."""
    p = urlparse(uri)
    return p.netloc, p.path.lstrip("/"), (p.fragment or None)


def store_path(artifact: "Artifact", path: str, name: Optional[str] = None,
               checksum: bool = True, max_objects: Optional[int] = None
               ) -> List[ArtifactManifestEntry]:
    bucket, key, version = parse_uri(path)
    path = f"gs://{bucket}/{key}"
    max_objects = max_objects or DEFAULT_MAX_OBJECTS
    if not checksum:
        return [ArtifactManifestEntry(path=name or key, ref=path, digest=path)]
    client = _client()
    b = client.bucket(bucket)
    blob = b.get_blob(key, generation=int(version) if version else None) if key else None
    blobs = [blob] if blob is not None and not key.endswith("/") else None
    if blobs is None:
        import wandb

        start = time.time()
        wandb.termlog(f'Generating checksum for up to {max_objects} objects in "{bucket}/{key}"... ',
                      newline=False)
        blobs = list(client.list_blobs(bucket, prefix=key, max_results=max_objects + 1))
        wandb.termlog("Done. %.1fs" % (time.time() - start), prefix=False)
        if len(blobs) > max_objects:
            raise ValueError(f"Exceeded {max_objects} objects tracked, pass max_objects to add_reference")
        multi = True
    else:
        multi = False
    out = []
    for bl in blobs:
        if bl.name.endswith("/"):
            continue
        if multi:
            rel = bl.name[len(key):].lstrip("/") if key else bl.name
            entry_name = f"{name}/{rel}" if name else rel
            ref = f"gs://{bucket}/{bl.name}"
        else:
            entry_name = name or bl.name.split("/")[-1]
            ref = path
        extra = {"versionID": bl.generation} if getattr(bl, "generation", None) else {}
        out.append(ArtifactManifestEntry(path=entry_name, ref=ref, digest=bl.md5_hash,
                                         size=bl.size, extra=extra))
    return out


def load_path(entry: ArtifactManifestEntry, local: bool = False,
              dest_path: Optional[str] = None) -> str:
    if not local:
        return entry.ref  # type: ignore[return-value]
    from ..artifact_file_cache import get_artifact_file_cache

    cache = get_artifact_file_cache()
    cache_path, hit, opener = cache.check_md5_obj_path(entry.digest, entry.size or 0)
    if hit:
        return place_from_cache(cache_path, dest_path)
    bucket, key, _ = parse_uri(entry.ref)  # type: ignore[arg-type]
    gen = (entry.extra or {}).get("versionID")
    blob = _client().bucket(bucket).get_blob(key, generation=gen)
    if blob is None:
        raise FileNotFoundError(f"Unable to download object {entry.ref}")
    with opener("wb") as f:
        blob.download_to_file(f)
    return place_from_cache(cache_path, dest_path)
