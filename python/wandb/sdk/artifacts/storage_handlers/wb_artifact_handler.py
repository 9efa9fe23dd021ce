"""``wandb-artifact://<hex id>/<path>`` (entries of other logged artifacts) and client-local ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional
from urllib.parse import urlparse

from ..artifact_manifest_entry import ArtifactManifestEntry

if TYPE_CHECKING:
    from ..artifact import Artifact


def _target(uri: str):  # type: ignore[no-untyped-def]
    from .._ids import hex_to_b64_id
    from ..artifact import Artifact
    from ..artifact_instance_cache import artifact_instance_cache

    p = urlparse(uri)
    path = p.path.lstrip("/")
    if p.scheme == "wandb-client-artifact":
        art = artifact_instance_cache.get(p.netloc.split(":")[0])
        return art, path
    art_id = hex_to_b64_id(p.netloc)
    art = artifact_instance_cache.get(art_id)
    if art is None:
        from wandb.apis.public import Api

        art = Artifact._from_id(art_id, Api().client)
    return art, path


def store_path(artifact: "Artifact", path: str, name: Optional[str] = None,
               checksum: bool = True, max_objects: Optional[int] = None
               ) -> List[ArtifactManifestEntry]:
    target, entry_path = _target(path)
    if target is None:
        raise ValueError(f"Unable to resolve artifact reference {path}")
    src = target.manifest.entries.get(entry_path)
    if src is None:
        raise ValueError(f"Path {entry_path!r} not found in the referenced artifact")
    return [ArtifactManifestEntry(path=name or entry_path, ref=path, digest=src.digest,
                                  size=src.size, extra=src.extra)]


def load_path(entry: ArtifactManifestEntry, local: bool = False,
              dest_path: Optional[str] = None) -> str:
    target, entry_path = _target(entry.ref)  # type: ignore[arg-type]
    if target is None:
        raise ValueError(f"Unable to resolve artifact reference {entry.ref}")
    src = target.get_entry(entry_path)
    if not local:
        return src.ref_target() if src.ref else entry.ref
    import os

    root = os.path.dirname(dest_path) if dest_path else None
    path = src.download(root=root)
    if dest_path and os.path.abspath(path) != os.path.abspath(dest_path):
        from .._hashing import copy_file

        copy_file(path, dest_path)
        return dest_path
    return path
