"""One file (or reference) of an artifact manifest."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Optional, Union
from urllib.parse import urlparse

from ._paths import to_logical_path

if TYPE_CHECKING:
    from .artifact import Artifact


class ArtifactManifestEntry:
    """A path inside an artifact with its digest, size and optional reference URI.

    ``digest`` is the base64 MD5 of the content (or, for references without a checksum,
    the URI itself). ``local_path`` is where the bytes live on this machine before upload.
    """

    def __init__(
        self,
        path: Union[str, os.PathLike],
        digest: str,
        skip_cache: Optional[bool] = False,
        ref: Optional[str] = None,
        birth_artifact_id: Optional[str] = None,
        size: Optional[int] = None,
        extra: Optional[Dict[str, Any]] = None,
        local_path: Optional[Union[str, os.PathLike]] = None,
    ) -> None:
        self.path = to_logical_path(path)
        self.digest = digest
        self.ref = ref
        self.birth_artifact_id = birth_artifact_id
        self.size = size
        self.extra = dict(extra or {})
        self.local_path = str(local_path) if local_path is not None else None
        if self.local_path and self.size is None:
            try:
                self.size = Path(self.local_path).stat().st_size
            except OSError:
                pass
        self.skip_cache = bool(skip_cache)
        self._parent_artifact: Optional["Artifact"] = None
        self._download_url: Optional[str] = None

    def __repr__(self) -> str:
        parts = [f"path={self.path!r}", f"digest={self.digest!r}"]
        for key in ("ref", "birth_artifact_id", "size", "extra", "local_path"):
            val = getattr(self, key)
            if val:
                parts.append(f"{key}={val!r}")
            elif key == "size" and val == 0:
                parts.append("size=0")
        parts.append(f"skip_cache={self.skip_cache!r}")
        return f"ArtifactManifestEntry({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArtifactManifestEntry):
            return NotImplemented
        return (
            self.path == other.path
            and self.digest == other.digest
            and self.ref == other.ref
            and self.birth_artifact_id == other.birth_artifact_id
            and self.size == other.size
            and self.extra == other.extra
            and self.local_path == other.local_path
            and self.skip_cache == other.skip_cache
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def name(self) -> str:
        """Deprecated alias of ``path``."""
        return self.path

    def parent_artifact(self) -> "Artifact":
        """The artifact this entry belongs to (set when the entry is read from a logged artifact)."""
        if self._parent_artifact is None:
            from wandb.errors import CommError

            raise CommError("Entry is not associated with an artifact.")
        return self._parent_artifact

    def download(
        self,
        root: Optional[str] = None,
        skip_cache: Optional[bool] = None,
        executor: Any = None,
        multipart: Optional[bool] = None,
    ) -> str:
        """Download this entry to ``root`` (the artifact's default root) and return the path."""
        from ._download import download_entry

        return download_entry(self, root=root, skip_cache=skip_cache, multipart=multipart)

    def ref_target(self) -> str:
        """The reference URI (or the local path for a non-reference entry)."""
        if self.ref is None:
            if self.local_path is not None:
                return self.local_path
            raise ValueError("Only reference entries support ref_target().")
        if self._parent_artifact is not None:
            return self._parent_artifact.manifest.storage_policy.load_reference(
                self, local=False
            )
        return self.ref

    def ref_url(self) -> str:
        """``wandb-artifact://<hex artifact id>/<path>``: a reference to this entry of a logged artifact."""
        from ._ids import b64_to_hex_id

        parent = self.parent_artifact()
        if parent.id is None:
            raise ValueError("Parent artifact is not logged.")
        return "wandb-artifact://" + b64_to_hex_id(parent.id) + "/" + self.path

    def to_json(self) -> Dict[str, Any]:
        """The entry as the manifest file holds it (only what is set)."""
        out: Dict[str, Any] = {"digest": self.digest}
        if self.birth_artifact_id:
            out["birthArtifactID"] = self.birth_artifact_id
        if self.ref:
            out["ref"] = self.ref
        if self.extra:
            out["extra"] = self.extra
        if self.size is not None:
            out["size"] = self.size
        return out

    def _is_artifact_reference(self) -> bool:
        return self.ref is not None and urlparse(self.ref).scheme == "wandb-artifact"

    def _referenced_artifact_id(self) -> Optional[str]:
        if not self._is_artifact_reference():
            return None
        from ._ids import hex_to_b64_id

        return hex_to_b64_id(urlparse(self.ref).netloc)  # type: ignore[arg-type]
