"""Storage policies: how an artifact's files are stored and fetched."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Type

if TYPE_CHECKING:
    from .artifact import Artifact
    from .artifact_manifest_entry import ArtifactManifestEntry


class StoragePolicy:
    """Base class; subclasses register by ``name()``."""

    @classmethod
    def lookup_by_name(cls, name: str) -> Type["StoragePolicy"]:
        """The policy class called ``name`` (ValueError when unknown)."""
        import wandb.sdk.artifacts.storage_policies  # noqa: F401 - registers the policies

        for sub in _all_subclasses(cls):
            if sub.name() == name:
                return sub
        raise ValueError(f"Failed to find storage policy '{name}'")

    @classmethod
    def name(cls) -> str:
        """Name written to the manifest's ``storagePolicy``."""
        raise NotImplementedError

    @classmethod
    def from_config(cls, config: Dict[str, Any], api: Any = None) -> "StoragePolicy":
        """Build from the manifest's ``storagePolicyConfig``."""
        raise NotImplementedError

    def config(self) -> Dict[str, Any]:
        """The manifest's ``storagePolicyConfig``."""
        raise NotImplementedError

    def load_file(self, artifact: "Artifact", manifest_entry: "ArtifactManifestEntry",
                  dest_path: Optional[str] = None, executor: Any = None,
                  multipart: Optional[bool] = None) -> str:
        """Fetch the entry's bytes; return the local path."""
        raise NotImplementedError

    def store_reference(self, artifact: "Artifact", path: str, name: Optional[str] = None,
                        checksum: bool = True, max_objects: Optional[int] = None
                        ) -> List["ArtifactManifestEntry"]:
        """Entries for the reference URI ``path``."""
        raise NotImplementedError

    def load_reference(self, manifest_entry: "ArtifactManifestEntry", local: bool = False,
                       dest_path: Optional[str] = None) -> str:
        """Fetch (local=True) or resolve a reference entry."""
        raise NotImplementedError


def _all_subclasses(cls: type) -> List[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_all_subclasses(sub))
    return out
