"""``wandb-storage-policy-v1``: contents stored by MD5 on the W&B server, plus references."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional

from ..storage_layout import StorageLayout
from ..storage_policy import StoragePolicy

if TYPE_CHECKING:
    from ..artifact import Artifact
    from ..artifact_manifest_entry import ArtifactManifestEntry

WANDB_STORAGE_POLICY = "wandb-storage-policy-v1"


class WandbStoragePolicy(StoragePolicy):
    """The storage policy of every artifact logged by the wandb client."""

    @classmethod
    def name(cls) -> str:
        return WANDB_STORAGE_POLICY

    @classmethod
    def from_config(cls, config: Dict[str, Any], api: Any = None) -> "WandbStoragePolicy":
        return cls(config=config, api=api)

    def __init__(self, config: Optional[Dict[str, Any]] = None, cache: Any = None,
                 api: Any = None, session: Any = None) -> None:
        self._config = dict(config or {})
        if "storageLayout" not in self._config:
            self._config["storageLayout"] = StorageLayout.from_env().value
        self._cache = cache
        self._api = api
        self._session = session

    def config(self) -> Dict[str, Any]:
        return self._config

    @property
    def storage_layout(self) -> str:
        """``V1`` or ``V2``."""
        return self._config.get("storageLayout", StorageLayout.V2.value)

    @property
    def storage_region(self) -> str:
        """The storage region ("default" unless configured)."""
        return self._config.get("storageRegion") or "default"

    def load_file(self, artifact: "Artifact", manifest_entry: "ArtifactManifestEntry",
                  dest_path: Optional[str] = None, executor: Any = None,
                  multipart: Optional[bool] = None) -> str:
        from .._download import download_entries

        paths = download_entries(artifact, [manifest_entry], root=None, dest_paths=[dest_path],
                                 multipart=multipart)
        return paths[0]

    def store_reference(self, artifact: "Artifact", path: str, name: Optional[str] = None,
                        checksum: bool = True, max_objects: Optional[int] = None
                        ) -> List["ArtifactManifestEntry"]:
        from ..storage_handlers import store_reference

        return store_reference(artifact, path, name=name, checksum=checksum,
                               max_objects=max_objects)

    def load_reference(self, manifest_entry: "ArtifactManifestEntry", local: bool = False,
                       dest_path: Optional[str] = None) -> str:
        from ..storage_handlers import load_reference

        return load_reference(manifest_entry, local=local, dest_path=dest_path)


def make_storage_policy() -> WandbStoragePolicy:
    """The default policy of a new artifact (layout from WANDB_USE_V1_ARTIFACTS)."""
    return WandbStoragePolicy()
