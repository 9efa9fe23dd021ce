"""``wandb.Artifact``: a versioned set of files, references and W&B objects."""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

from . import _validators as V
from ._artifact_add import ArtifactAddMixin
from ._artifact_fetch import ArtifactFetchMixin
from ._ids import generate_client_id
from .artifact_instance_cache import artifact_instance_cache
from .artifact_manifest import ArtifactManifest
from .artifact_manifests.artifact_manifest_v1 import ArtifactManifestV1
from .artifact_remote import ArtifactRemoteMixin
from .artifact_state import ArtifactState
from .artifact_ttl import ArtifactTTL
from .exceptions import ArtifactNotLoggedError, WaitTimeoutError
from .storage_policies.wandb_storage_policy import make_storage_policy

if TYPE_CHECKING:
    pass

_NAME_RE = re.compile(r"^[a-zA-Z0-9_\-.]+$")


class _DeferredManifest:
    """A manifest that is fetched from ``url`` on first use."""

    def __init__(self, url: str) -> None:
        self.url = url


class Artifact(ArtifactAddMixin, ArtifactFetchMixin, ArtifactRemoteMixin):
    """A versioned set of files, references and W&B objects.

    Build one with ``add_file``, ``add_dir``, ``add_reference``, ``add`` or ``new_file``, then
    log it with ``run.log_artifact(artifact)``. Args: ``name`` (letters, digits, ``-``, ``_``,
    ``.``), ``type`` (e.g. "dataset", "model"; ``job`` and ``wandb-*`` are reserved),
    ``description``, ``metadata`` (at most 100 keys), ``incremental``, ``use_as`` (deprecated).
    """

    def __init__(
        self,
        name: str,
        type: str,
        description: Optional[str] = None,
        metadata: Optional[Dict[str, Any]] = None,
        incremental: bool = False,
        use_as: Optional[str] = None,
    ) -> None:
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise ValueError(
                "Artifact name may only contain alphanumeric characters, dashes, "
                f"underscores, and dots. Invalid name: {name}"
            )
        from ._internal_artifact import InternalArtifact

        if incremental and not isinstance(self, InternalArtifact):
            import wandb

            wandb.termwarn("Using experimental arg `incremental`")
        if use_as is not None:
            import warnings

            warnings.warn(
                "`use_as` argument is deprecated and does not affect the behaviour of "
                "`wandb.Artifact()`",
                DeprecationWarning,
                stacklevel=2,
            )
        self._client: Any = None
        self._tmp_dir: Optional[tempfile.TemporaryDirectory] = None
        self._added_objs: Dict[int, Any] = {}
        self._added_local_paths: Dict[str, Any] = {}
        self._save_handle: Any = None  # a future-like object with .result(timeout)
        self._download_roots: set = set()
        self._base_id: Optional[str] = None
        self._id: Optional[str] = None
        self._client_id: str = generate_client_id(128)
        self._sequence_client_id: str = generate_client_id(128)
        self._entity: Optional[str] = None
        self._project: Optional[str] = None
        self._name: str = V.validate_artifact_name(name)
        self._version: Optional[str] = None
        self._source_entity: Optional[str] = None
        self._source_project: Optional[str] = None
        self._source_name: str = name
        self._source_version: Optional[str] = None
        self._source_artifact: Optional[Artifact] = None
        self._is_link: bool = False
        self._type: str = V.validate_artifact_type(type, name)
        self._description: Optional[str] = description
        self._metadata: Dict[str, Any] = V.validate_metadata(metadata)
        self._ttl_duration_seconds: Optional[int] = None
        self._ttl_is_inherited: bool = True
        self._ttl_changed: bool = False
        self._aliases: List[str] = []
        self._saved_aliases: List[str] = []
        self._tags: List[str] = []
        self._saved_tags: List[str] = []
        self._distributed_id: Optional[str] = None
        self._incremental: bool = incremental
        self._use_as: Optional[str] = None
        self._state: ArtifactState = ArtifactState.PENDING
        self._manifest: Union[ArtifactManifest, _DeferredManifest, None] = ArtifactManifestV1(
            storage_policy=make_storage_policy()
        )
        self._commit_hash: Optional[str] = None
        self._file_count: Optional[int] = None
        self._created_at: Optional[str] = None
        self._updated_at: Optional[str] = None
        self._final: bool = False
        self._history_step: Optional[int] = None
        self._linked_artifacts: List[Artifact] = []
        artifact_instance_cache[self._client_id] = self

    def __repr__(self) -> str:
        return f"<Artifact {self.id or self.name}>"

    # -- construction from the server ----------------------------------------------------
    @classmethod
    def _from_attrs(
        cls,
        entity: str,
        project: str,
        name: str,
        attrs: Dict[str, Any],
        client: Any,
        aliases: Optional[List[str]] = None,
    ) -> "Artifact":
        """A logged artifact from the ``ArtifactFragment`` dict ``attrs`` (see _gql_fragments)."""
        artifact = cls("placeholder", type="placeholder")
        artifact._client = client
        artifact._entity = entity
        artifact._project = project
        artifact._name = name
        artifact._assign_attrs(attrs, aliases)
        artifact.finalize()
        if artifact._id is not None:
            artifact_instance_cache[artifact._id] = artifact
        return artifact

    @classmethod
    def _from_id(cls, artifact_id: str, client: Any) -> Optional["Artifact"]:
        """Fetch a logged artifact by server id (None when it does not exist)."""
        cached = artifact_instance_cache.get(artifact_id)
        if cached is not None:
            return cached
        from ._gql_fragments import ARTIFACT_BY_ID_QUERY

        data = client.execute(ARTIFACT_BY_ID_QUERY, {"id": artifact_id})
        attrs = (data or {}).get("artifact")
        if not attrs:
            return None
        seq = attrs.get("artifactSequence") or {}
        proj = seq.get("project") or {}
        name = f"{seq.get('name')}:v{attrs.get('versionIndex')}"
        return cls._from_attrs(proj.get("entityName", ""), proj.get("name", ""), name, attrs, client)

    def _assign_attrs(
        self,
        attrs: Dict[str, Any],
        aliases: Optional[List[str]] = None,
        is_link: Optional[bool] = None,
    ) -> None:
        """Update this artifact from a server ``ArtifactFragment`` dict."""
        self._id = attrs.get("id")
        seq = attrs.get("artifactSequence") or {}
        proj = seq.get("project") or {}
        vidx = attrs.get("versionIndex")
        self._source_entity = proj.get("entityName") or ""
        self._source_project = proj.get("name") or ""
        self._source_name = f"{seq.get('name')}:v{vidx}"
        self._source_version = f"v{vidx}"
        self._entity = self._entity or self._source_entity
        self._project = self._project or self._source_project
        self._name = self._name or self._source_name
        if is_link is None:
            self._is_link = (
                self._entity != self._source_entity
                or self._project != self._source_project
                or self._name.split(":")[0] != self._source_name.split(":")[0]
            )
        else:
            self._is_link = is_link
        self._type = (attrs.get("artifactType") or {}).get("name") or self._type
        self._description = attrs.get("description")

        if aliases:
            names = list(aliases)
        else:
            collection = self._name.split(":")[0]
            names = []
            for a in attrs.get("aliases") or []:
                coll = a.get("artifactCollection") or {}
                cproj = coll.get("project") or {}
                if (
                    cproj.get("entityName") == self._entity
                    and cproj.get("name") == self._project
                    and coll.get("name") == collection
                ):
                    names.append(a.get("alias"))
        version_aliases = [a for a in names if _is_version_alias(a)]
        if len(version_aliases) > 1:
            raise ValueError(
                f"Expected at most one version alias, got {len(version_aliases)}: {version_aliases!r}"
            )
        version = version_aliases[0] if version_aliases else f"v{vidx}"
        self._version = version
        if ":" not in self._name:
            self._name = f"{self._name}:{version}"
        self._aliases = [a for a in names if not _is_version_alias(a)]
        self._saved_aliases = list(self._aliases)
        self._tags = [t.get("name") for t in (attrs.get("tags") or [])]
        self._saved_tags = list(self._tags)
        self._metadata = V.validate_metadata(attrs.get("metadata"))
        self._ttl_duration_seconds = V.validate_ttl_duration_seconds(attrs.get("ttlDurationSeconds"))
        tii = attrs.get("ttlIsInherited")
        self._ttl_is_inherited = True if tii is None else bool(tii)
        self._ttl_changed = False
        state = attrs.get("state") or "COMMITTED"
        self._state = ArtifactState(state)
        cm = attrs.get("currentManifest") or None
        url = ((cm or {}).get("file") or {}).get("directUrl") if cm else None
        if url:
            self._manifest = _DeferredManifest(url)
        elif not isinstance(self._manifest, ArtifactManifest):
            self._manifest = None
        self._commit_hash = attrs.get("commitHash")
        self._file_count = attrs.get("fileCount")
        self._created_at = attrs.get("createdAt")
        self._updated_at = attrs.get("updatedAt")
        self._history_step = attrs.get("historyStep")

    def _populate_after_save(self, artifact_id: str) -> None:
        """Refresh from the server after the saver committed ``artifact_id``."""
        from ._gql_fragments import ARTIFACT_BY_ID_QUERY

        data = self._client.execute(ARTIFACT_BY_ID_QUERY, {"id": artifact_id})
        attrs = (data or {}).get("artifact")
        if not attrs:
            raise ValueError(f"Unable to fetch artifact with id: {artifact_id!r}")
        manifest = self._manifest
        self._assign_attrs(attrs, is_link=False)
        # Keep the local manifest (it has local paths); the server's is identical in content,
        # except for incremental and distributed versions, whose manifest the server merged.
        if isinstance(manifest, ArtifactManifest) and not self._incremental and not self._distributed_id:
            self._manifest = manifest
        artifact_instance_cache[artifact_id] = self

    # -- identity ------------------------------------------------------------------------
    @property
    def id(self) -> Optional[str]:
        """The server id (None before the artifact is logged)."""
        if self.is_draft():
            return None
        return self._id

    @property
    def entity(self) -> str:
        """Entity of the (linked) collection."""
        return self._require("entity", self._entity)

    @property
    def project(self) -> str:
        """Project of the (linked) collection."""
        return self._require("project", self._project)

    @property
    def name(self) -> str:
        """``collection:alias`` once logged, the bare collection name before."""
        return self._name

    @property
    def qualified_name(self) -> str:
        """``entity/project/name``."""
        return f"{self.entity}/{self.project}/{self.name}"

    @property
    def version(self) -> str:
        """``vN`` (ArtifactNotLoggedError before logging)."""
        return self._require("version", self._version)

    @property
    def source_entity(self) -> str:
        """Entity of the source (originally logged) artifact."""
        return self._require("source_entity", self._source_entity)

    @property
    def source_project(self) -> str:
        """Project of the source artifact."""
        return self._require("source_project", self._source_project)

    @property
    def source_name(self) -> str:
        """``collection:vN`` of the source artifact (the bare name before logging)."""
        return self._source_name

    @property
    def source_qualified_name(self) -> str:
        """``source_entity/source_project/source_name``."""
        return f"{self.source_entity}/{self.source_project}/{self.source_name}"

    @property
    def source_version(self) -> str:
        """``vN`` of the source artifact."""
        return self._require("source_version", self._source_version)

    @property
    def source_artifact(self) -> "Artifact":
        """The source artifact (itself when it is not a link)."""
        if self.is_draft():
            raise ArtifactNotLoggedError("Artifact.source_artifact", self)
        if not self._is_link:
            return self
        if self._source_artifact is None:
            from ._artifact_fetch import fetch_by_name

            self._source_artifact = fetch_by_name(
                self._client, self.source_entity, self.source_project, self.source_name
            )
        return self._source_artifact

    @property
    def is_link(self) -> bool:
        """True when this artifact was fetched from a linked (portfolio) collection."""
        return self._is_link

    @property
    def type(self) -> str:
        """The artifact type."""
        return self._type

    @property
    def use_as(self) -> Optional[str]:
        """Deprecated; always None."""
        return self._use_as

    @property
    def url(self) -> str:
        """URL of the artifact in the web app (ArtifactNotLoggedError before logging)."""
        if self.is_draft():
            raise ArtifactNotLoggedError("Artifact.url", self)
        try:
            base = self._client.app_url
        except AttributeError:
            return ""
        from urllib.parse import quote, urljoin

        coll = self.name.split(":")[0]
        version = self._version
        if not (base and self.entity and self.project and coll and version):
            return ""
        sel = quote(f"{self.entity}/{self.project}/{coll}", safe="")
        if self._is_link and V.is_artifact_registry_project(self.project):
            org = getattr(self, "_org_display_name", None) or self.entity
            reg = self.project[len(V.REGISTRY_PREFIX):]
            return urljoin(base, f"orgs/{org}/registry/{reg}?selectionPath={sel}"
                                 f"&view=membership&version={version}")
        if self._is_link and (self._type == "model" or self.project == "model-registry"):
            return urljoin(base, f"{self.entity}/registry/model?selectionPath={sel}"
                                 f"&view=membership&version={version}")
        return urljoin(base, f"{self.entity}/{self.project}/artifacts/{quote(self._type)}/"
                             f"{quote(coll)}/{version}")

    # -- mutable properties ----------------------------------------------------------------
    @property
    def description(self) -> Optional[str]:
        """Free-text description (markdown)."""
        return self._description

    @description.setter
    def description(self, description: Optional[str]) -> None:
        if self._is_link:
            import wandb

            wandb.termwarn(
                "Editing the description of this linked artifact will edit the description "
                "for the source artifact and it's linked artifacts as well."
            )
        self._description = description

    @property
    def metadata(self) -> Dict[str, Any]:
        """User metadata (a JSON-serialisable dict of at most 100 keys)."""
        return self._metadata

    @metadata.setter
    def metadata(self, metadata: Dict[str, Any]) -> None:
        if self._is_link:
            import wandb

            wandb.termwarn(
                "Editing the metadata of this linked artifact will edit the metadata for the "
                "source artifact and it's linked artifacts as well."
            )
        self._metadata = V.validate_metadata(metadata)

    @property
    def ttl(self) -> Optional[timedelta]:
        """Time to live; None = never deleted. Inherited TTLs are known only after logging."""
        if self._ttl_is_inherited and (self.is_draft() or self._ttl_changed):
            raise ArtifactNotLoggedError(f"{type(self).__name__}.ttl", self)
        if self._ttl_duration_seconds is None:
            return None
        return timedelta(seconds=self._ttl_duration_seconds)

    @ttl.setter
    def ttl(self, ttl: Union[timedelta, ArtifactTTL, None]) -> None:
        if self.type == "wandb-history":
            raise ValueError("Cannot set artifact TTL for type wandb-history")
        if self._is_link:
            raise ValueError(
                "Cannot set TTL for link artifact. Unlink the artifact first then set the "
                "TTL for the source artifact"
            )
        self._ttl_changed = True
        if isinstance(ttl, ArtifactTTL):
            if ttl != ArtifactTTL.INHERIT:
                raise ValueError(f"Unhandled ArtifactTTL enum {ttl}")
            self._ttl_is_inherited = True
            return
        self._ttl_is_inherited = False
        if ttl is None:
            self._ttl_duration_seconds = None
            return
        if not isinstance(ttl, timedelta):
            raise TypeError(f"ttl must be a datetime.timedelta, ArtifactTTL or None, got {ttl!r}")
        if ttl.total_seconds() <= 0:
            raise ValueError(
                f"Artifact TTL Duration has to be positive. ttl: {ttl.total_seconds()}"
            )
        self._ttl_duration_seconds = int(ttl.total_seconds())

    @property
    @V.ensure_logged
    def aliases(self) -> List[str]:
        """Aliases of this version (``latest``, ``best`` ...); version aliases excluded.

        Logged artifacts only (pass ``aliases=`` to ``log_artifact`` for a draft).
        """
        return self._aliases

    @aliases.setter
    @V.ensure_logged
    def aliases(self, aliases: List[str]) -> None:
        self._aliases = V.validate_aliases(aliases)

    @property
    @V.ensure_logged
    def tags(self) -> List[str]:
        """Tags of this version (logged artifacts only)."""
        return self._tags

    @tags.setter
    @V.ensure_logged
    def tags(self, tags: List[str]) -> None:
        if self._is_link:
            raise ValueError(
                "Cannot modify tags on a linked artifact. Please modify tags on the source artifact."
            )
        self._tags = V.validate_tags(tags)

    @property
    def distributed_id(self) -> Optional[str]:
        """Id shared by the processes of a distributed (upsert) artifact."""
        return self._distributed_id

    @distributed_id.setter
    def distributed_id(self, distributed_id: Optional[str]) -> None:
        self._distributed_id = distributed_id

    @property
    def incremental(self) -> bool:
        """Whether this draft is logged as an incremental (patch) version."""
        return self._incremental

    # -- state -------------------------------------------------------------------------
    @property
    def state(self) -> str:
        """"PENDING", "COMMITTED" or "DELETED"."""
        return self._state.value

    @property
    def manifest(self) -> ArtifactManifest:
        """The manifest (fetched from the server on first use for a logged artifact)."""
        if isinstance(self._manifest, _DeferredManifest):
            from ._artifact_fetch import load_manifest

            self._manifest = load_manifest(self, self._manifest.url)
        if self._manifest is None:
            from ._artifact_fetch import fetch_manifest

            self._manifest = fetch_manifest(self)
        return self._manifest

    @property
    def digest(self) -> str:
        """Hex MD5 over the sorted entry paths and digests (the artifact's content id)."""
        return self.manifest.digest()

    @property
    def size(self) -> int:
        """Total bytes of the entries (references included when their size is known)."""
        return sum(e.size for e in self.manifest.entries.values() if e.size)

    @property
    def commit_hash(self) -> str:
        """Hash returned when the version was committed."""
        return self._require("commit_hash", self._commit_hash)

    @property
    def file_count(self) -> int:
        """Number of files, references included."""
        return self._require("file_count", self._file_count)

    @property
    def created_at(self) -> str:
        """Creation timestamp."""
        return self._require("created_at", self._created_at)

    @property
    def updated_at(self) -> str:
        """Last update timestamp."""
        if self.is_draft():
            raise ArtifactNotLoggedError("Artifact.updated_at", self)
        return self._updated_at or self._created_at  # type: ignore[return-value]

    @property
    def history_step(self) -> Optional[int]:
        """Nearest history step of the logging run at which metrics were logged."""
        if self.is_draft():
            raise ArtifactNotLoggedError("Artifact.history_step", self)
        return self._history_step

    def _require(self, attr: str, value: Any) -> Any:
        if self.is_draft() or value is None:
            if self.is_draft():
                raise ArtifactNotLoggedError(f"Artifact.{attr}", self)
        return value

    def finalize(self) -> None:
        """Freeze the artifact: no more files can be added (done by ``log_artifact``)."""
        self._final = True

    def is_draft(self) -> bool:
        """True until the artifact is saved (its state is PENDING)."""
        return self._state is ArtifactState.PENDING

    def _is_draft_save_started(self) -> bool:
        return self._save_handle is not None

    # -- saving --------------------------------------------------------------------------
    def save(self, project: Optional[str] = None, settings: Any = None) -> None:
        """Persist the artifact: log it from the current run (or a new "auto" run), or update a logged one."""
        if self._state is ArtifactState.COMMITTED:
            return self._update()  # ArtifactRemoteMixin (art-server)
        import wandb

        if wandb.run is None:
            if settings is None:
                settings = wandb.Settings(silent="true")
            proj = project or self._project or self._source_project
            with wandb.init(
                entity=self._source_entity,
                project=proj,
                job_type="auto",
                settings=settings,
            ) as run:
                if self._incremental:
                    run.log_artifact(self)
                else:
                    run.log_artifact(self)
                self.wait()
        else:
            wandb.run.log_artifact(self)

    def _set_save_handle(self, save_handle: Any, client: Any) -> None:
        """Called by ``Run.log_artifact``: the background upload and the client to refresh with."""
        self._save_handle = save_handle
        self._client = client

    def wait(self, timeout: Optional[int] = None) -> "Artifact":
        """Block until the artifact is logged (``timeout`` seconds at most); return it.

        Raises WaitTimeoutError on timeout, ValueError with the upload's error message, and
        ArtifactNotLoggedError for a draft that was never logged.
        """
        if not self.is_draft():
            return self
        handle = self._save_handle
        if handle is None:
            raise ArtifactNotLoggedError(f"{type(self).__name__}.wait", self)
        import concurrent.futures

        try:
            if hasattr(handle, "wait_or"):
                result = handle.wait_or(timeout)
                response = result.response.log_artifact_response
                if response.error_message:
                    raise ValueError(response.error_message)
                art_id = response.artifact_id
            else:  # a concurrent.futures.Future resolving to the saver's dict or an id
                out = handle.result(timeout)
                art_id = out.get("id") if isinstance(out, dict) else out
        except (TimeoutError, concurrent.futures.TimeoutError) as e:
            raise WaitTimeoutError(
                "Artifact upload wait timed out, failed to fetch Artifact response"
            ) from e
        if not art_id:
            raise ValueError("Artifact upload finished without an artifact id")
        self._populate_after_save(art_id)
        return self

    # -- encoding ------------------------------------------------------------------------
    def json_encode(self) -> Dict[str, Any]:
        """``{"_type": "artifactVersion", "_version": "v0", "id", "version", "name", ...}``."""
        if self.is_draft():
            raise ArtifactNotLoggedError("Artifact.json_encode", self)
        return _artifact_to_json(self)

    # -- temporary files --------------------------------------------------------------------
    def _tmp_root(self) -> str:
        if self._tmp_dir is None:
            self._tmp_dir = tempfile.TemporaryDirectory(prefix="wandb-artifact-")
        return self._tmp_dir.name

    def _default_root(self, include_version: bool = True) -> str:
        name = self.source_name if include_version else self.source_name.split(":")[0]
        from wandb import env

        root = os.path.join(env.get_artifact_dir(), name)
        if os.name == "nt":
            root = root.replace(":", "-")
        return root


def _is_version_alias(alias: Optional[str]) -> bool:
    return bool(alias) and re.fullmatch(r"v\d+", alias or "") is not None


def _artifact_to_json(artifact: Artifact) -> Dict[str, Any]:
    return {
        "_type": "artifactVersion",
        "_version": "v0",
        "id": artifact.id,
        "version": artifact.source_version,
        "sequenceName": artifact.source_name.split(":")[0],
        "usedAs": artifact.use_as,
    }


# JSON helper re-exported for modules that encode artifact metadata.
dumps = json.dumps


def _register_artifact_dtype() -> None:
    """Let table cells holding an ``Artifact`` type as wandb's ``artifactVersion``."""
    from wandb.sdk.data_types import _dtypes

    class _ArtifactVersionType(_dtypes._ArtifactVersionType):
        types = [Artifact]

    _dtypes.TypeRegistry.add(_ArtifactVersionType)


_register_artifact_dtype()
