"""Azure Blob references (``https://<account>.blob.core.windows.net/...``), when azure-storage-blob is installed."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional

from ..artifact_manifest_entry import ArtifactManifestEntry
from . import http_handler

if TYPE_CHECKING:
    from ..artifact import Artifact


def _service(account_url: str):  # type: ignore[no-untyped-def]
    try:
        from azure.identity import DefaultAzureCredential  # type: ignore[import-not-found]
        from azure.storage.blob import BlobServiceClient  # type: ignore[import-not-found]
    except ImportError:
        return None
    return BlobServiceClient(account_url=account_url, credential=DefaultAzureCredential())


def store_path(artifact: "Artifact", path: str, name: Optional[str] = None,
               checksum: bool = True, max_objects: Optional[int] = None
               ) -> List[ArtifactManifestEntry]:
    from urllib.parse import urlparse

    p = urlparse(path)
    svc = _service(f"{p.scheme}://{p.netloc}") if checksum else None
    if svc is None:
        # Without the Azure SDK the blob is tracked like any HTTP object.
        return http_handler.store_path(artifact, path, name=name, checksum=checksum,
                                       max_objects=max_objects)
    container, _, blob_path = p.path.lstrip("/").partition("/")
    cc = svc.get_container_client(container)
    bc = cc.get_blob_client(blob_path)
    entries = []
    if bc.exists():
        props = bc.get_blob_properties()
        etag = props.etag.strip('"')
        extra = {"etag": etag}
        if getattr(props, "version_id", None):
            extra["versionID"] = props.version_id
        entries.append(ArtifactManifestEntry(path=name or blob_path.split("/")[-1], ref=path,
                                             digest=etag, size=props.size, extra=extra))
        return entries
    prefix = blob_path.rstrip("/") + "/" if blob_path else ""
    for b in cc.list_blobs(name_starts_with=prefix):
        rel = b.name[len(prefix):]
        etag = b.etag.strip('"')
        entries.append(ArtifactManifestEntry(
            path=f"{name}/{rel}" if name else rel,
            ref=f"{p.scheme}://{p.netloc}/{container}/{b.name}",
            digest=etag, size=b.size, extra={"etag": etag}))
        if max_objects and len(entries) > max_objects:
            raise ValueError(f"Exceeded {max_objects} objects tracked, pass max_objects to add_reference")
    return entries


def load_path(entry: ArtifactManifestEntry, local: bool = False,
              dest_path: Optional[str] = None) -> str:
    return http_handler.load_path(entry, local=local, dest_path=dest_path)
