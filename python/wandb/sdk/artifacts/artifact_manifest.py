"""Manifest base class: the set of entries of an artifact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional

from .artifact_manifest_entry import ArtifactManifestEntry

if TYPE_CHECKING:
    from .storage_policy import StoragePolicy


class ArtifactManifest:
    """Entries keyed by artifact-relative path, plus the storage policy that stores them."""

    entries: Dict[str, ArtifactManifestEntry]

    @classmethod
    def version(cls) -> int:
        """Manifest format version."""
        raise NotImplementedError

    @classmethod
    def from_manifest_json(cls, manifest_json: Mapping[str, Any], api: Any = None) -> "ArtifactManifest":
        """Parse a manifest dict (dispatches on its ``version``)."""
        if "version" not in manifest_json:
            raise ValueError("Invalid manifest format. Must contain version field.")
        version = manifest_json["version"]
        for sub in cls.__subclasses__():
            if sub.version() == version:
                return sub.from_manifest_json(manifest_json, api=api)
        raise ValueError(f"Invalid manifest version: {version!r} (supported: 1)")

    def __init__(
        self,
        storage_policy: "StoragePolicy",
        entries: Optional[Mapping[str, ArtifactManifestEntry]] = None,
    ) -> None:
        self.storage_policy = storage_policy
        self.entries = dict(entries or {})

    def __len__(self) -> int:
        return len(self.entries)

    def to_manifest_json(self) -> Dict[str, Any]:
        """The manifest as the ``wandb_manifest.json`` file holds it."""
        raise NotImplementedError

    def digest(self) -> str:
        """Hex MD5 of the manifest's entries (the artifact digest)."""
        raise NotImplementedError

    def add_entry(self, entry: ArtifactManifestEntry, overwrite: bool = False) -> None:
        """Add ``entry``; the same path with a different digest needs ``overwrite=True``."""
        path = entry.path
        old = self.entries.get(path)
        if not overwrite and old is not None and old.digest != entry.digest:
            raise ValueError(f"Cannot add the same path twice: {path!r}")
        self.entries[path] = entry

    def remove_entry(self, entry: ArtifactManifestEntry) -> None:
        """Remove ``entry`` (FileNotFoundError when it is not in the manifest)."""
        try:
            del self.entries[entry.path]
        except KeyError:
            raise FileNotFoundError(f"Cannot remove missing entry: '{entry.path}'") from None

    def get_entry_by_path(self, path: str) -> Optional[ArtifactManifestEntry]:
        """The entry at ``path`` or None."""
        return self.entries.get(path)

    def get_entries_in_directory(self, directory: str) -> List[ArtifactManifestEntry]:
        """Entries whose path lies under ``directory`` (any depth)."""
        prefix = directory.rstrip("/") + "/" if directory else ""
        return [e for p, e in self.entries.items() if p.startswith(prefix)]
