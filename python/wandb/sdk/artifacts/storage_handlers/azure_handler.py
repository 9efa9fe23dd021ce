"""Azure Blob references (``https://<account>.blob.core.windows.net/<container>/<blob>``).

Needs azure-storage-blob and azure-identity (``pip install wandb[azure]``) unless
``checksum=False``. A blob is tracked by its ETag (the digest, quotes stripped), its size and,
with storage-account versioning, its version id (``extra["versionID"]``); a "directory"
expands to one entry per blob under ``<blob>/``. ``?versionId=...`` pins a version.
"""

from __future__ import annotations

import importlib
from pathlib import PurePosixPath
from types import ModuleType
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlparse

from ..artifact_manifest_entry import ArtifactManifestEntry
from . import DEFAULT_MAX_OBJECTS, load_via_etag_cache

if TYPE_CHECKING:
    from ..artifact import Artifact

_MISSING_LIB = "Azure references require the azure library, run pip install wandb[azure]"


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as e:
        import wandb

        raise wandb.Error(_MISSING_LIB) from e


def _credential(account_url: str) -> Any:
    """The access key configured for ``account_url`` in the run settings, else the default chain."""
    import wandb

    run = wandb.run
    keys = getattr(getattr(run, "settings", None), "azure_account_url_to_access_key", None)
    if keys and account_url in keys:
        return keys[account_url]
    return _module("azure.identity").DefaultAzureCredential()


def _service(account_url: str) -> Any:
    return _module("azure.storage.blob").BlobServiceClient(
        account_url, credential=_credential(account_url)
    )


def parse_uri(uri: str) -> Tuple[str, str, str, Dict[str, str]]:
    """(account URL, container, blob name, query) of an Azure blob URL."""
    p = urlparse(uri)
    account_url = f"{p.scheme}://{p.netloc}"
    parts = p.path.split("/", 2)
    if len(parts) < 3:
        raise ValueError(
            f"Azure references must name a container and a blob path: "
            f"{account_url}/<container>/<path>, got {uri!r}"
        )
    return account_url, parts[1], parts[2], dict(parse_qsl(p.query))


def _etag(props: Any) -> str:
    return str(props.etag).strip('"')


def _is_directory_stub(props: Any) -> bool:
    """ADLS Gen2 folders show up as empty blobs with ``hdi_isfolder=true`` metadata."""
    metadata = getattr(props, "metadata", None) or {}
    return metadata.get("hdi_isfolder") == "true"


def _entry(props: Any, path: str, ref: str) -> ArtifactManifestEntry:
    etag = _etag(props)
    extra = {"etag": etag}
    if getattr(props, "version_id", None):
        extra["versionID"] = props.version_id
    return ArtifactManifestEntry(path=path, ref=ref, digest=etag, size=props.size, extra=extra)


def store_path(artifact: "Artifact", path: str, name: Optional[str] = None,
               checksum: bool = True, max_objects: Optional[int] = None
               ) -> List[ArtifactManifestEntry]:
    """Entries for an Azure blob URL: one blob, or every blob under ``<path>/``."""
    account_url, container, blob_name, query = parse_uri(path)
    path = f"{account_url}/{container}/{blob_name}"
    if not checksum:
        return [ArtifactManifestEntry(path=name or blob_name, digest=path, ref=path)]
    svc = _service(account_url)
    blob_client = svc.get_blob_client(container=container, blob=blob_name)
    version_id = query.get("versionId")
    if blob_client.exists(version_id=version_id):
        props = blob_client.get_blob_properties(version_id=version_id)
        if not _is_directory_stub(props):
            return [_entry(props, name or PurePosixPath(blob_name).name,
                           f"{account_url}/{container}/{props.name}")]
    entries: List[ArtifactManifestEntry] = []
    container_client = svc.get_container_client(container)
    max_objects = max_objects or DEFAULT_MAX_OBJECTS
    base = blob_name.rstrip("/")
    prefix = f"{base}/" if base else ""
    for props in container_client.list_blobs(name_starts_with=prefix):
        if len(entries) >= max_objects:
            import wandb

            wandb.termwarn(
                f"Found more than {max_objects} objects under path, limiting upload "
                f"to {max_objects} objects. Increase max_objects to upload more"
            )
            break
        if _is_directory_stub(props):
            continue
        suffix = str(PurePosixPath(props.name).relative_to(base)) if base else props.name
        entries.append(_entry(props, f"{name}/{suffix}" if name else suffix,
                              f"{account_url}/{container}/{props.name}"))
    return entries


def _download(svc: Any, container: str, blob_name: str, entry: ArtifactManifestEntry) -> Any:
    """A downloader for the blob version the entry recorded (by version id, else by ETag)."""
    ref: str = entry.ref  # type: ignore[assignment]
    blob_client = svc.get_blob_client(container=container, blob=blob_name)
    version_id = (entry.extra or {}).get("versionID")
    if version_id is not None:
        return blob_client.download_blob(version_id=version_id)
    if entry.digest == ref:
        # checksum=False: the digest is the URL, so take the current version.
        return blob_client.download_blob()
    core = _module("azure.core")
    errors = _module("azure.core.exceptions")
    try:
        return blob_client.download_blob(
            etag=entry.digest, match_condition=core.MatchConditions.IfNotModified
        )
    except errors.ResourceModifiedError:
        pass
    # The blob changed since it was added: look for an older version with that ETag.
    container_client = svc.get_container_client(container)
    for props in container_client.walk_blobs(name_starts_with=blob_name, include=["versions"]):
        if (
            getattr(props, "name", None) == blob_name
            and getattr(props, "version_id", None) is not None
            and _etag(props) == entry.digest.strip('"')
        ):
            return blob_client.download_blob(version_id=props.version_id)
    raise ValueError(
        f"Couldn't find blob version for {ref} matching etag {entry.digest}."
    )


def load_path(entry: ArtifactManifestEntry, local: bool = False,
              dest_path: Optional[str] = None) -> str:
    """The URI, or (``local``) the blob in the ETag cache (then ``dest_path``)."""
    return load_via_etag_cache(entry, local, dest_path, lambda opener: _fetch(entry, opener))


def _fetch(entry: ArtifactManifestEntry, opener: Any) -> None:
    ref: str = entry.ref  # type: ignore[assignment]
    account_url, container, blob_name, _ = parse_uri(ref)
    downloader = _download(_service(account_url), container, blob_name, entry)
    with opener("wb") as f:
        downloader.readinto(f)
