"""References with schemes no handler knows: tracked by URI only (never downloaded)."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional
from urllib.parse import urlparse

from ..artifact_manifest_entry import ArtifactManifestEntry

if TYPE_CHECKING:
    from ..artifact import Artifact


def store_path(artifact: "Artifact", path: str, name: Optional[str] = None,
               checksum: bool = True, max_objects: Optional[int] = None
               ) -> List[ArtifactManifestEntry]:
    if checksum:
        import wandb

        wandb.termwarn(f"Artifact references with unsupported schemes cannot be checksummed: {path}")
    if name is None:
        raise ValueError(
            'You must pass name="<entry_name>" when tracking references with unknown schemes. '
            f"ref: {path}"
        )
    return [ArtifactManifestEntry(path=name, ref=path, digest=path)]


def load_path(entry: ArtifactManifestEntry, local: bool = False,
              dest_path: Optional[str] = None) -> str:
    if local:
        raise ValueError(
            f"Cannot download file at path {entry.ref}, scheme "
            f"{urlparse(entry.ref or '').scheme} not recognized"
        )
    return entry.ref  # type: ignore[return-value]
