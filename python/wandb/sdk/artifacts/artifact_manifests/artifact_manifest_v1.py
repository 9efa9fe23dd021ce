"""Manifest format version 1 (``wandb-storage-policy-v1``)."""

from __future__ import annotations

import hashlib
from typing import Any, Dict, Mapping, Optional

from ..artifact_manifest import ArtifactManifest
from ..artifact_manifest_entry import ArtifactManifestEntry
from ..storage_policy import StoragePolicy

DIGEST_HEADER = b"wandb-artifact-manifest-v1\n"


def manifest_digest(entries: Mapping[str, ArtifactManifestEntry]) -> str:
    """Hex MD5 of the header line and ``"<path>:<digest>\\n"`` for each entry, sorted by path."""
    h = hashlib.md5(DIGEST_HEADER)
    for path in sorted(entries):
        h.update(f"{path}:{entries[path].digest}\n".encode())
    return h.hexdigest()


class ArtifactManifestV1(ArtifactManifest):
    """The manifest format every wandb client reads and writes."""

    @classmethod
    def version(cls) -> int:
        return 1

    @classmethod
    def from_manifest_json(
        cls, manifest_json: Mapping[str, Any], api: Any = None
    ) -> "ArtifactManifestV1":
        """Build a manifest from its JSON dict (``version`` must be 1)."""
        if manifest_json.get("version") != cls.version():
            raise ValueError(
                "Expected manifest version 1, got {!r}".format(manifest_json.get("version"))
            )
        policy_name = manifest_json["storagePolicy"]
        policy_cls = StoragePolicy.lookup_by_name(policy_name)
        policy = policy_cls.from_config(manifest_json.get("storagePolicyConfig") or {}, api=api)
        entries: Dict[str, ArtifactManifestEntry] = {}
        for name, val in (manifest_json.get("contents") or {}).items():
            entries[name] = ArtifactManifestEntry(
                path=name,
                digest=val["digest"],
                birth_artifact_id=val.get("birthArtifactID"),
                ref=val.get("ref"),
                size=val.get("size"),
                extra=val.get("extra"),
                local_path=val.get("local_path"),
                skip_cache=val.get("skip_cache"),
            )
        return cls(policy, entries)

    def __init__(
        self,
        storage_policy: StoragePolicy,
        entries: Optional[Mapping[str, ArtifactManifestEntry]] = None,
    ) -> None:
        super().__init__(storage_policy, entries=entries)

    def to_manifest_json(self) -> Dict[str, Any]:
        """``{"version":1,"storagePolicy":…,"storagePolicyConfig":…,"contents":{path: entry}}``."""
        return {
            "version": self.version(),
            "storagePolicy": self.storage_policy.name(),
            "storagePolicyConfig": self.storage_policy.config() or {},
            "contents": {p: self.entries[p].to_json() for p in sorted(self.entries)},
        }

    def digest(self) -> str:
        """The artifact digest (see ``manifest_digest``)."""
        return manifest_digest(self.entries)
