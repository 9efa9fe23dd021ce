"""``file://`` references: files and directories on a local or mounted filesystem."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional
from urllib.parse import unquote, urlparse

from .. import _hashing
from ..artifact_manifest_entry import ArtifactManifestEntry
from . import DEFAULT_MAX_OBJECTS, place_from_cache

if TYPE_CHECKING:
    from ..artifact import Artifact


def uri_to_path(uri: str) -> str:
    """Local path of a ``file://`` URI."""
    parsed = urlparse(uri)
    return unquote(parsed.netloc + parsed.path) if parsed.netloc not in ("", "localhost") else unquote(parsed.path)


def _termlog(msg: str, newline: bool = True, prefix: bool = True) -> None:
    import wandb

    wandb.termlog(msg, newline=newline, prefix=prefix)


def store_path(artifact: "Artifact", path: str, name: Optional[str] = None,
               checksum: bool = True, max_objects: Optional[int] = None
               ) -> List[ArtifactManifestEntry]:
    local_path = uri_to_path(path)
    max_objects = max_objects or DEFAULT_MAX_OBJECTS

    def uri_digests(paths: List[str]) -> List[str]:
        return [_hashing.md5_bytes_b64(Path(p).resolve().as_uri().encode()) for p in paths]

    if os.path.isdir(local_path):
        start = time.time()
        if checksum:
            _termlog(f'Generating checksum for up to {max_objects} files in "{local_path}"... ',
                     newline=False)
        rel_paths: List[str] = []
        phys: List[str] = []
        for root, _, files in os.walk(local_path):
            for sub in files:
                if len(phys) >= max_objects:
                    raise ValueError(
                        f"Exceeded {max_objects} objects tracked, pass max_objects to add_reference"
                    )
                p = os.path.join(root, sub)
                phys.append(p)
                rel_paths.append(os.path.relpath(p, start=local_path))
        if checksum:
            hashed = _hashing.md5_files(phys)
            digests = [d for d, _ in hashed]
            sizes = [s for _, s in hashed]
        else:
            digests = uri_digests(phys)
            sizes = [os.path.getsize(p) for p in phys]
        entries = [
            ArtifactManifestEntry(
                path=os.path.join(name, rel) if name is not None else rel,
                ref=os.path.join(path, rel),
                size=size,
                digest=digest,
            )
            for rel, digest, size in zip(rel_paths, digests, sizes)
        ]
        if checksum:
            _termlog("Done. %.1fs" % (time.time() - start), prefix=False)
        return entries
    if os.path.isfile(local_path):
        if checksum:
            digest, size = _hashing.md5_files([local_path])[0]
        else:
            digest, size = uri_digests([local_path])[0], os.path.getsize(local_path)
        return [ArtifactManifestEntry(path=name or os.path.basename(local_path), ref=path,
                                      size=size, digest=digest)]
    raise ValueError(f'Path "{path}" must be a valid file or directory path')


def load_path(entry: ArtifactManifestEntry, local: bool = False,
              dest_path: Optional[str] = None) -> str:
    if not local:
        return entry.ref  # type: ignore[return-value]
    local_path = uri_to_path(entry.ref)  # type: ignore[arg-type]
    if not os.path.exists(local_path):
        raise ValueError(f"Local file reference: Failed to find file at path {local_path}")
    from ..artifact_file_cache import get_artifact_file_cache

    cache = get_artifact_file_cache()
    cache_path, hit, opener = cache.check_md5_obj_path(entry.digest, entry.size or 0)
    if hit:
        return place_from_cache(cache_path, dest_path)
    digest, size = _hashing.md5_files([local_path])[0]
    if entry.size is not None and size != entry.size:
        # A checksum=False reference's digest is of its URI; only the size can be compared.
        raise ValueError(f"Local file reference {local_path} changed: size {size} != {entry.size}")
    if digest == entry.digest:
        cache.add_file(local_path, digest, size)
        return place_from_cache(cache_path, dest_path)
    target = dest_path or cache_path
    _hashing.copy_file(local_path, target)
    return target
