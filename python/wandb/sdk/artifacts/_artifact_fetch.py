"""Reading a logged artifact: manifest, download, file, files, checkout, verify, new_draft."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, List, Optional, Union

from . import _hashing
from ._paths import to_logical_path
from ._validators import ensure_logged
from .artifact_manifest import ArtifactManifest

if TYPE_CHECKING:
    from .artifact import Artifact


def load_manifest(artifact: "Artifact", url: str) -> ArtifactManifest:
    """GET the manifest JSON at ``url`` (no auth, as wandb does) and parse it."""
    client = artifact._client
    session = getattr(client, "session", None)
    if session is None:
        import requests

        session = requests.Session()
    resp = session.get(url, timeout=getattr(client, "default_timeout", 60))
    if resp.status_code == 403 or resp.status_code == 401:
        resp = client.get(url)  # retry with credentials
    if not 200 <= int(resp.status_code) < 300:
        from wandb.errors import CommError

        raise CommError(f"Failed to download artifact manifest from {url}: HTTP {resp.status_code}")
    manifest = ArtifactManifest.from_manifest_json(json.loads(resp.content), api=client)
    for entry in manifest.entries.values():
        entry._parent_artifact = artifact  # type: ignore[assignment]
    return manifest


_MANIFEST_QUERY = """
query ArtifactManifestUrl($id: ID!) {
  artifact(id: $id) { currentManifest { file { directUrl } } }
}
"""


def fetch_manifest(artifact: "Artifact") -> ArtifactManifest:
    """Look up the manifest URL of a logged artifact and load it."""
    data = artifact._client.execute(_MANIFEST_QUERY, {"id": artifact.id})
    url = ((((data or {}).get("artifact") or {}).get("currentManifest") or {}).get("file") or {}).get("directUrl")
    if not url:
        raise ValueError(f"Artifact {artifact.name!r} has no manifest on the server")
    return load_manifest(artifact, url)


_BY_NAME_QUERY = """
query ArtifactByName($entityName: String!, $projectName: String!, $name: String!) {
  project(name: $projectName, entityName: $entityName) {
    artifact(name: $name) { ...ArtifactFragment }
  }
}
"""


def fetch_by_name(client: Any, entity: str, project: str, name: str) -> "Artifact":
    """A logged artifact by ``entity/project/name:alias`` (ValueError when absent)."""
    from ._gql_fragments import ARTIFACT_FRAGMENT
    from .artifact import Artifact

    data = client.execute(_BY_NAME_QUERY + ARTIFACT_FRAGMENT,
                          {"entityName": entity, "projectName": project, "name": name})
    attrs = ((data or {}).get("project") or {}).get("artifact")
    if not attrs:
        raise ValueError(f"Unable to fetch artifact with name {entity}/{project}/{name}")
    return Artifact._from_attrs(entity, project, name, attrs, client)


class ArtifactFetchMixin:
    """Methods that read a logged artifact's contents."""

    def _add_download_root(self, root: str) -> None:
        self._download_roots.add(os.path.abspath(root))  # type: ignore[attr-defined]

    @ensure_logged
    def download(
        self,
        root: Optional[Union[str, os.PathLike]] = None,
        allow_missing_references: bool = False,
        skip_cache: Optional[bool] = None,
        path_prefix: Optional[Union[str, os.PathLike]] = None,
        multipart: Optional[bool] = None,
    ) -> str:
        """Download the files (and references) into ``root`` (default ``./artifacts/<name>``).

        Files already in ``root`` with the right content are kept; others are written
        atomically after their MD5 is verified. Returns ``root``.
        """
        root = os.path.abspath(os.fspath(root) if root else self._default_root())  # type: ignore[attr-defined]
        self._add_download_root(root)
        prefix = to_logical_path(path_prefix) if path_prefix else None
        entries = [
            e for p, e in sorted(self.manifest.entries.items())  # type: ignore[attr-defined]
            if prefix is None or p.startswith(prefix)
        ]
        for e in entries:
            e._parent_artifact = self  # type: ignore[assignment]
        from ._download import download_entries

        import time

        import wandb

        start = time.monotonic()
        n = len(entries)
        if n > 5000:
            wandb.termlog(f"Downloading large artifact {self.name}, "  # type: ignore[attr-defined]
                          f"{self.size / 1024**2:.2f}MB. {n} files...")  # type: ignore[attr-defined]
        download_entries(self, entries, root=root, skip_cache=skip_cache, multipart=multipart,  # type: ignore[arg-type]
                         allow_missing_references=allow_missing_references)
        _ = start
        return root

    @ensure_logged
    def file(self, root: Optional[str] = None) -> str:
        """Download the only file of a one-file artifact; return its path."""
        if root is None:
            root = os.path.join(".", "artifacts", self.name)  # type: ignore[attr-defined]
        entries = self.manifest.entries  # type: ignore[attr-defined]
        if len(entries) > 1:
            raise ValueError(
                "This artifact contains more than one file, call `.download()` to get "
                'all files or call .get_entry("filename").download()'
            )
        return self.get_entry(list(entries)[0]).download(root)  # type: ignore[attr-defined]

    @ensure_logged
    def files(self, names: Optional[List[str]] = None, per_page: int = 50) -> Any:
        """The stored files of the artifact (a paginated ``ArtifactFiles``)."""
        from wandb.apis.public.artifacts import ArtifactFiles

        return ArtifactFiles(self._client, self, names, per_page)  # type: ignore[attr-defined]

    @ensure_logged
    def checkout(self, root: Optional[str] = None) -> str:
        """Make ``root`` hold exactly this artifact: delete other files, then download."""
        root = root or self._default_root(include_version=False)  # type: ignore[attr-defined]
        entries = self.manifest.entries  # type: ignore[attr-defined]
        for dirpath, _, files in os.walk(root):
            for fname in files:
                full = os.path.join(dirpath, fname)
                if to_logical_path(os.path.relpath(full, start=root)) not in entries:
                    os.remove(full)
        return self.download(root=root)

    @ensure_logged
    def verify(self, root: Optional[str] = None) -> None:
        """Check that ``root`` holds exactly the artifact's files with their digests (ValueError otherwise)."""
        root = root or self._default_root()  # type: ignore[attr-defined]
        entries = self.manifest.entries  # type: ignore[attr-defined]
        for dirpath, _, files in os.walk(root):
            for fname in files:
                full = os.path.join(dirpath, fname)
                rel = to_logical_path(os.path.relpath(full, start=root))
                if rel not in entries and self._get_obj_entry(rel)[0] is None:  # type: ignore[attr-defined]
                    raise ValueError(
                        f"Found file {full} which is not a member of artifact {self.name}"  # type: ignore[attr-defined]
                    )
        local = [e for e in entries.values() if e.ref is None]
        paths = [os.path.join(root, e.path) for e in local]
        for e, p in zip(local, paths):
            if not os.path.isfile(p):
                raise ValueError(f"Digest mismatch for file: {e.path} (file is missing)")
        digests = _hashing.md5_files(paths, use_cache=False)
        for e, (digest, _size) in zip(local, digests):
            if digest != e.digest:
                raise ValueError(f"Digest mismatch for file: {e.path}")
        refs = len(entries) - len(local)
        if refs:
            import wandb

            wandb.termwarn(f"skipped verification of {refs} refs")

    @ensure_logged
    def new_draft(self) -> "Artifact":
        """A draft with this version's contents, to be changed and logged as a new version."""
        from .artifact import Artifact

        art = Artifact(self.source_name.split(":")[0], self.type)  # type: ignore[attr-defined]
        art._entity = self._source_entity  # type: ignore[attr-defined]
        art._project = self._source_project  # type: ignore[attr-defined]
        art._source_entity = self._source_entity  # type: ignore[attr-defined]
        art._source_project = self._source_project  # type: ignore[attr-defined]
        art._base_id = self.id  # type: ignore[attr-defined]
        art._client = self._client  # type: ignore[attr-defined]
        art._description = self.description  # type: ignore[attr-defined]
        art._metadata = dict(self.metadata)  # type: ignore[attr-defined]
        art._manifest = ArtifactManifest.from_manifest_json(
            self.manifest.to_manifest_json()  # type: ignore[attr-defined]
        )
        return art
