"""Artifacts in the Public API: types, collections, versions, files and a run's artifacts.

``ArtifactTypes`` / ``ArtifactType`` (a project's types), ``ArtifactCollections`` /
``ArtifactCollection`` (sequences and portfolios of a type), ``Artifacts`` (versions of a
collection), ``ArtifactFiles`` (stored files of a version) and ``RunArtifacts`` (what a run
logged or used). Versions are ``wandb.Artifact`` objects built from the server's answer.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union

from wandb.apis.public._base import Paginator, SizedPaginator

if TYPE_CHECKING:
    from wandb.apis.public.files import File
    from wandb.sdk.artifacts.artifact import Artifact

_TYPE_FIELDS = "__typename id name description createdAt"

ARTIFACT_TYPES_QUERY = """
query ProjectArtifactTypes($entityName: String!, $projectName: String!, $cursor: String, $perPage: Int) {
  project(name: $projectName, entityName: $entityName) {
    artifactTypes(after: $cursor, first: $perPage) {
      edges { node { %s } cursor }
      pageInfo { endCursor hasNextPage }
    }
  }
}
""" % _TYPE_FIELDS

ARTIFACT_TYPE_QUERY = """
query ProjectArtifactType($entityName: String!, $projectName: String!, $artifactTypeName: String!) {
  project(name: $projectName, entityName: $entityName) { artifactType(name: $artifactTypeName) { %s } }
}
""" % _TYPE_FIELDS

COLLECTIONS_QUERY = """
query ProjectArtifactCollections($entityName: String!, $projectName: String!, $artifactTypeName: String!,
    $cursor: String, $perPage: Int) {
  project(name: $projectName, entityName: $entityName) {
    artifactType(name: $artifactTypeName) {
      artifactCollections(after: $cursor, first: $perPage) {
        pageInfo { endCursor hasNextPage }
        totalCount
        edges { node { __typename id name description createdAt } cursor }
      }
    }
  }
}
"""

COLLECTION_QUERY = """
query ProjectArtifactCollection($entityName: String!, $projectName: String!, $artifactTypeName: String!,
    $artifactCollectionName: String!, $cursor: String, $perPage: Int = 1000) {
  project(name: $projectName, entityName: $entityName) {
    artifactType(name: $artifactTypeName) {
      artifactCollection(name: $artifactCollectionName) {
        __typename id name description createdAt
        tags { edges { node { id name } } }
        aliases(after: $cursor, first: $perPage) { edges { node { alias } cursor } pageInfo { endCursor hasNextPage } }
      }
    }
  }
}
"""

ARTIFACTS_QUERY = """
query ProjectArtifacts($project: String!, $entity: String!, $type: String!, $collection: String!, $cursor: String,
    $perPage: Int = 50, $order: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) {
    artifactType(name: $type) {
      artifactCollection(name: $collection) {
        __typename name
        artifacts(filters: $filters, after: $cursor, first: $perPage, order: $order) { ...ArtifactsFragment }
      }
    }
  }
}
"""

RUN_ARTIFACTS_QUERY = """
query Run%(Kind)sArtifacts($entity: String!, $project: String!, $runName: String!, $cursor: String, $perPage: Int) {
  project(name: $project, entityName: $entity) {
    run(name: $runName) {
      %(kind)sArtifacts(after: $cursor, first: $perPage) {
        totalCount
        edges { node { ...ArtifactFragment } cursor }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}
"""

FILES_QUERY = """
query ArtifactVersionFiles($entityName: String!, $projectName: String!, $artifactTypeName: String!,
    $artifactName: String!, $fileNames: [String!], $fileCursor: String, $fileLimit: Int = 50) {
  project(name: $projectName, entityName: $entityName) {
    artifactType(name: $artifactTypeName) {
      artifact(name: $artifactName) {
        fileCount
        files(names: $fileNames, after: $fileCursor, first: $fileLimit) {
          edges { node { id name: displayName url sizeBytes storagePath mimetype updatedAt digest md5 directUrl }
                  cursor }
          pageInfo { endCursor hasNextPage }
        }
      }
    }
  }
}
"""

_UPDATE_SEQUENCE = """
mutation UpdateArtifactSequence($id: ID!, $name: String, $description: String) {
  updateArtifactSequence(input: {artifactSequenceID: $id, name: $name, description: $description}) {
    artifactCollection { __typename id name description }
  }
}
"""
_UPDATE_PORTFOLIO = _UPDATE_SEQUENCE.replace("UpdateArtifactSequence", "UpdateArtifactPortfolio").replace(
    "updateArtifactSequence", "updateArtifactPortfolio").replace("artifactSequenceID", "artifactPortfolioID")
_DELETE_SEQUENCE = """
mutation DeleteArtifactSequence($id: ID!) {
  deleteArtifactSequence(input: {artifactSequenceID: $id}) { artifactCollection { __typename state } }
}
"""
_DELETE_PORTFOLIO = _DELETE_SEQUENCE.replace("DeleteArtifactSequence", "DeleteArtifactPortfolio").replace(
    "deleteArtifactSequence", "deleteArtifactPortfolio").replace("artifactSequenceID", "artifactPortfolioID")
_MOVE = """
mutation MoveArtifactCollection($artifactSequenceID: ID!, $destinationArtifactTypeName: String!) {
  moveArtifactSequence(input: {artifactSequenceID: $artifactSequenceID,
                               destinationArtifactTypeName: $destinationArtifactTypeName}) {
    artifactCollection { __typename id name description }
  }
}
"""
_TAGS_ADD = """
mutation CreateArtifactCollectionTagAssignments($entityName: String!, $projectName: String!,
    $artifactCollectionName: String!, $tags: [TagInput!]!) {
  createArtifactCollectionTagAssignments(input: {entityName: $entityName, projectName: $projectName,
      artifactCollectionName: $artifactCollectionName, tags: $tags}) { tags { id name tagCategoryName } }
}
"""
_TAGS_DELETE = """
mutation DeleteArtifactCollectionTagAssignments($entityName: String!, $projectName: String!,
    $artifactCollectionName: String!, $tags: [TagInput!]!) {
  deleteArtifactCollectionTagAssignments(input: {entityName: $entityName, projectName: $projectName,
      artifactCollectionName: $artifactCollectionName, tags: $tags}) { success }
}
"""


def _fragments() -> tuple[str, str]:
    from wandb.sdk.artifacts._gql_fragments import ARTIFACT_FRAGMENT, ARTIFACTS_FRAGMENT

    return ARTIFACT_FRAGMENT, ARTIFACTS_FRAGMENT


def _artifact_cls() -> Any:
    from wandb.sdk.artifacts.artifact import Artifact

    return Artifact


def _project_node(response: Mapping[str, Any], entity: str, project: str) -> dict:
    node = response.get("project")
    if node is None:
        raise ValueError(f"Project {entity}/{project} does not exist")
    return node


# ---- types ------------------------------------------------------------------------------------

class ArtifactTypes(Paginator["ArtifactType"]):
    """The artifact types of a project (lazy)."""

    query = ARTIFACT_TYPES_QUERY

    def __init__(self, client: Any, entity: str, project: str, per_page: int = 50) -> None:
        self.entity, self.project = entity, project
        super().__init__(client, {"entityName": entity, "projectName": project}, per_page)

    def _connection(self, response: dict[str, Any]) -> Optional[dict[str, Any]]:
        return (_project_node(response, self.entity, self.project) or {}).get("artifactTypes")

    def _convert(self, edges: list[dict[str, Any]]) -> list["ArtifactType"]:
        return [ArtifactType(self.client, self.entity, self.project, e["node"]["name"], e["node"])
                for e in edges if e.get("node")]

    @property
    def length(self) -> None:
        """Not available (None)."""
        return None

    def __repr__(self) -> str:
        return f"<ArtifactTypes {self.entity}/{self.project}>"


class ArtifactType:
    """One artifact type of a project: ``name``, ``id``, ``collections()``, ``collection(name)``."""

    def __init__(self, client: Any, entity: str, project: str, type_name: str,
                 attrs: Optional[Mapping[str, Any]] = None) -> None:
        self.client, self.entity, self.project, self.type = client, entity, project, type_name
        self._attrs = dict(attrs) if attrs is not None else self.load()

    def load(self) -> dict[str, Any]:
        """Fetch the type; ValueError when it does not exist."""
        data = self.client.execute(ARTIFACT_TYPE_QUERY, variable_values={
            "entityName": self.entity, "projectName": self.project, "artifactTypeName": self.type}) or {}
        node = ((data.get("project") or {}).get("artifactType"))
        if node is None:
            raise ValueError(f"Could not find artifact type {self.type}")
        self._attrs = dict(node)
        return self._attrs

    @property
    def id(self) -> str:
        return self._attrs["id"]

    @property
    def name(self) -> str:
        return self._attrs["name"]

    def collections(self, per_page: int = 50) -> "ArtifactCollections":
        """The collections of this type."""
        return ArtifactCollections(self.client, self.entity, self.project, self.type, per_page=per_page)

    def collection(self, name: str) -> "ArtifactCollection":
        """The collection ``name`` of this type."""
        return ArtifactCollection(self.client, self.entity, self.project, name, self.type)

    def __repr__(self) -> str:
        return f"<ArtifactType {self.type}>"


# ---- collections ------------------------------------------------------------------------------

class ArtifactCollections(SizedPaginator["ArtifactCollection"]):
    """Artifact collections of one type in a project (lazy; ``len()`` is the server's count)."""

    query = COLLECTIONS_QUERY

    def __init__(self, client: Any, entity: str, project: str, type_name: str, per_page: int = 50) -> None:
        self.entity, self.project, self.type_name = entity, project, type_name
        super().__init__(client, {"entityName": entity, "projectName": project,
                                  "artifactTypeName": type_name}, per_page)

    def _connection(self, response: dict[str, Any]) -> Optional[dict[str, Any]]:
        t = (_project_node(response, self.entity, self.project).get("artifactType")) or {}
        return t.get("artifactCollections")

    def _convert(self, edges: list[dict[str, Any]]) -> list["ArtifactCollection"]:
        return [ArtifactCollection(self.client, self.entity, self.project, e["node"]["name"], self.type_name,
                                   attrs=e["node"]) for e in edges if e.get("node")]

    def _length(self) -> Optional[int]:
        conn = self._connection(self.last_response or {}) or {}
        return conn.get("totalCount", 0)

    def __repr__(self) -> str:
        return f"<ArtifactCollections {self.entity}/{self.project} type={self.type_name}>"


class ArtifactCollection:
    """A collection of artifact versions: a sequence (one artifact name) or a portfolio (link target).

    Edit ``name``, ``description``, ``tags`` and (for sequences) ``type``, then ``save()``.
    """

    def __init__(self, client: Any, entity: str, project: str, name: str, type: str,  # noqa: A002
                 organization: Optional[str] = None, attrs: Optional[Mapping[str, Any]] = None,
                 is_sequence: Optional[bool] = None) -> None:
        self.client, self.entity, self.project = client, entity, project
        self.organization = organization
        self._name = self._saved_name = name
        self._type = self._saved_type = type
        attrs = dict(attrs or {})
        if not attrs.get("aliases") or attrs.get("id") is None or "tags" not in attrs:
            attrs = {**attrs, **self.load()}
        self._set_attrs(attrs, is_sequence)

    def _set_attrs(self, attrs: Mapping[str, Any], is_sequence: Optional[bool] = None) -> None:
        self._attrs = dict(attrs)
        self._id = attrs.get("id")
        self._description = attrs.get("description")
        self._created_at = attrs.get("createdAt")
        typename = attrs.get("__typename")
        self._is_sequence = (typename == "ArtifactSequence") if is_sequence is None and typename else bool(
            is_sequence if is_sequence is not None else True)
        tags = attrs.get("tags") or {}
        self._tags = [e["node"]["name"] for e in (tags.get("edges") or []) if e.get("node")]
        self._saved_tags = list(self._tags)
        aliases = attrs.get("aliases") or {}
        self._aliases = [e["node"]["alias"] for e in (aliases.get("edges") or []) if e.get("node")]

    def load(self) -> dict[str, Any]:
        """Fetch the collection; ValueError when it (or its type) does not exist."""
        data = self.client.execute(COLLECTION_QUERY, variable_values={
            "entityName": self.entity, "projectName": self.project, "artifactTypeName": self._saved_type,
            "artifactCollectionName": self._saved_name}) or {}
        t = (data.get("project") or {}).get("artifactType")
        if t is None:
            raise ValueError(f"Could not find artifact type {self._saved_type}")
        node = t.get("artifactCollection")
        if node is None:
            raise ValueError(f"Could not find artifact collection {self.entity}/{self.project}/{self._saved_name}")
        return dict(node)

    # -- properties --------------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self._id

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        from wandb.sdk.artifacts._validators import validate_artifact_name

        self._name = validate_artifact_name(name)

    @property
    def type(self) -> str:
        return self._type

    @type.setter
    def type(self, type: str) -> None:  # noqa: A002
        if not self.is_sequence():
            raise ValueError("Type can only be changed if the artifact collection is a sequence.")
        self._type = type

    @property
    def description(self) -> Optional[str]:
        return self._description

    @description.setter
    def description(self, description: Optional[str]) -> None:
        self._description = description

    @property
    def tags(self) -> list[str]:
        return self._tags

    @tags.setter
    def tags(self, tags: list[str]) -> None:
        from wandb.sdk.artifacts._validators import validate_tags

        if any(t in ("latest",) for t in tags or []):
            raise ValueError("Tags must not be reserved names like 'latest'")
        self._tags = validate_tags(tags)

    @property
    def aliases(self) -> list[str]:
        """Aliases used by versions of this collection."""
        return self._aliases

    @property
    def created_at(self) -> Optional[str]:
        return self._created_at

    def is_sequence(self) -> bool:
        """True for a sequence (versions of one logged name), False for a portfolio."""
        return self._is_sequence

    # -- actions -------------------------------------------------------------------------------
    def artifacts(self, per_page: int = 50) -> "Artifacts":
        """The versions of this collection, newest first."""
        return Artifacts(self.client, self.entity, self.project, self._saved_name, self._saved_type,
                         per_page=per_page)

    def change_type(self, new_type: str) -> None:
        """Deprecated: set ``type`` and call ``save()``."""
        self.type = new_type
        self.save()

    def delete(self) -> None:
        """Delete the collection and all its versions (a portfolio: its links only)."""
        doc = _DELETE_SEQUENCE if self.is_sequence() else _DELETE_PORTFOLIO
        self.client.execute(doc, variable_values={"id": self.id})

    def save(self) -> None:
        """Send the changed name, description, type and tags."""
        from wandb.sdk.artifacts._validators import validate_artifact_type

        if self._saved_type != self._type:
            validate_artifact_type(self._type, self._name)
            if self._saved_type.startswith("wandb-") or self._saved_type == "job":
                raise ValueError(f"The current type {self._saved_type!r} is an internal type and cannot be changed.")
        doc = _UPDATE_SEQUENCE if self.is_sequence() else _UPDATE_PORTFOLIO
        self.client.execute(doc, variable_values={"id": self.id, "name": self._name,
                                                  "description": self._description})
        if self.is_sequence() and self._saved_type != self._type:
            self.client.execute(_MOVE, variable_values={"artifactSequenceID": self.id,
                                                        "destinationArtifactTypeName": self._type})
            self._saved_type = self._type
        self._saved_name = self._name
        saved, now = set(self._saved_tags), set(self._tags)
        target = {"entityName": self.entity, "projectName": self.project, "artifactCollectionName": self._saved_name}
        if now - saved:
            self.client.execute(_TAGS_ADD, variable_values={
                **target, "tags": [{"tagName": t} for t in self._tags if t not in saved]})
        if saved - now:
            self.client.execute(_TAGS_DELETE, variable_values={
                **target, "tags": [{"tagName": t} for t in self._saved_tags if t not in now]})
        self._saved_tags = list(self._tags)

    def __repr__(self) -> str:
        return f"<ArtifactCollection {self._name} ({self._type})>"


# ---- versions ---------------------------------------------------------------------------------

class Artifacts(SizedPaginator["Artifact"]):
    """Versions of one collection (newest first unless ``order`` says otherwise).

    ``filters`` is a Mongo-style filter on versions (``{"alias": "best"}``, ``{"tag": "x"}``,
    ``{"metadata.k": 1}``; default ``{"state": "COMMITTED"}``); ``tags`` keeps only versions
    carrying all of them.
    """

    def __init__(self, client: Any, entity: str, project: str, collection_name: str, type: str,  # noqa: A002
                 filters: Optional[Mapping[str, Any]] = None, order: Optional[str] = None,
                 per_page: int = 50, tags: Union[str, list[str], None] = None) -> None:
        self.entity, self.project, self.collection_name, self.type = entity, project, collection_name, type
        self.filters = {"state": "COMMITTED"} if filters is None else dict(filters)
        self.tags = [tags] if isinstance(tags, str) else list(tags or [])
        self.order = order
        frag, frags = _fragments()
        self.query = ARTIFACTS_QUERY + frags + frag
        super().__init__(client, {"project": project, "entity": entity, "order": order, "type": type,
                                  "collection": collection_name, "filters": json.dumps(self.filters)}, per_page)

    def _collection(self, response: dict[str, Any]) -> dict:
        t = (_project_node(response, self.entity, self.project).get("artifactType")) or {}
        return t.get("artifactCollection") or {}

    def _connection(self, response: dict[str, Any]) -> Optional[dict[str, Any]]:
        return self._collection(response).get("artifacts")

    def _convert(self, edges: list[dict[str, Any]]) -> list["Artifact"]:
        cls = _artifact_cls()
        arts = [cls._from_attrs(self.entity, self.project, f"{self.collection_name}:{e['version']}", e["node"],
                                self.client) for e in edges if e.get("node")]
        need = set(self.tags)
        return [a for a in arts if need.issubset(a.tags)]

    def _length(self) -> Optional[int]:
        conn = self._connection(self.last_response or {}) or {}
        return conn.get("totalCount", 0)

    def __repr__(self) -> str:
        return f"<Artifacts {self.entity}/{self.project}/{self.collection_name} ({self.type})>"


class RunArtifacts(SizedPaginator["Artifact"]):
    """Artifacts a run logged (``mode="logged"``) or used (``mode="used"``)."""

    def __init__(self, client: Any, run: Any, mode: str = "logged", per_page: int = 50) -> None:
        if mode not in ("logged", "used"):
            raise ValueError(f"mode: expected 'logged' or 'used', got {mode!r}")
        self.run, self.mode = run, mode
        kind = "output" if mode == "logged" else "input"
        self._field = f"{kind}Artifacts"
        frag, _ = _fragments()
        self.query = RUN_ARTIFACTS_QUERY % {"Kind": kind.title(), "kind": kind} + frag
        super().__init__(client, {"entity": run.entity, "project": run.project, "runName": run.id}, per_page)

    def _connection(self, response: dict[str, Any]) -> Optional[dict[str, Any]]:
        run = (_project_node(response, self.run.entity, self.run.project).get("run"))
        if run is None:
            raise ValueError(f"Could not find run {self.run.entity}/{self.run.project}/{self.run.id}")
        return run.get(self._field)

    def _convert(self, edges: list[dict[str, Any]]) -> list["Artifact"]:
        cls = _artifact_cls()
        out = []
        for e in edges:
            node = e.get("node")
            seq = (node or {}).get("artifactSequence") or {}
            proj = seq.get("project")
            if node and proj:
                out.append(cls._from_attrs(proj["entityName"], proj["name"], f"{seq['name']}:v{node['versionIndex']}",
                                           node, self.client))
        return out

    def _length(self) -> Optional[int]:
        conn = self._connection(self.last_response or {}) or {}
        return conn.get("totalCount", 0)

    def __repr__(self) -> str:
        return f"<RunArtifacts {self.mode} by {self.run.entity}/{self.run.project}/{self.run.id}>"


class RunArtifactsMixin:
    """``logged_artifacts()`` / ``used_artifacts()`` for public ``Run`` objects."""

    def logged_artifacts(self, per_page: int = 100) -> RunArtifacts:
        """The artifacts this run logged."""
        return RunArtifacts(self.client, self, "logged", per_page)  # type: ignore[attr-defined]

    def used_artifacts(self, per_page: int = 100) -> RunArtifacts:
        """The artifacts this run used."""
        return RunArtifacts(self.client, self, "used", per_page)  # type: ignore[attr-defined]

    def log_artifact(self, artifact: "Artifact", aliases: Optional[Iterable[str]] = None,
                     tags: Optional[Iterable[str]] = None) -> "Artifact":
        """Declare a logged ``artifact`` (from ``api.artifact``) an output of this run, adding
        ``aliases`` and ``tags``; it must belong to the run's project."""
        _check_logged(artifact)
        if self.entity != artifact.source_entity or self.project != artifact.source_project:  # type: ignore[attr-defined]
            raise ValueError("A run can't log an artifact to a different project.")
        coll = artifact.source_name.split(":")[0]
        self.client.execute(_CREATE, variable_values={"input": {  # type: ignore[attr-defined]
            "entityName": self.entity, "projectName": self.project, "runName": self.id,  # type: ignore[attr-defined]
            "artifactTypeName": artifact.type, "artifactCollectionName": coll, "digest": artifact.digest,
            "digestAlgorithm": "MANIFEST_MD5", "enableDigestDeduplication": True,
            "aliases": [{"artifactCollectionName": coll, "alias": a} for a in (aliases or [])],
            "tags": [{"tagName": t} for t in (tags or [])]}})
        return artifact

    def use_artifact(self, artifact: "Artifact", use_as: Optional[str] = None) -> "Artifact":
        """Declare a logged ``artifact`` an input of this run."""
        _check_logged(artifact)
        if artifact.is_draft():
            raise ValueError("Only existing artifacts are accepted by this api. Manually create one with "
                             "`wandb artifact put`")
        self.client.execute(_USE, variable_values={  # type: ignore[attr-defined]
            "entityName": self.entity, "projectName": self.project,  # type: ignore[attr-defined]
            "runName": self.id, "artifactID": artifact.id, "usedAs": use_as})  # type: ignore[attr-defined]
        return artifact


def _check_logged(artifact: Any) -> None:
    from wandb.sdk.artifacts.artifact import Artifact

    if not isinstance(artifact, Artifact):
        raise TypeError("You must pass a wandb.Api().artifact() to use_artifact")
    if artifact.is_draft():
        raise ValueError("Only existing artifacts are accepted by this api. Manually create one with "
                         "`wandb artifact put`")


_CREATE = """
mutation CreateArtifact($input: CreateArtifactInput!) { createArtifact(input: $input) { artifact { id state } } }
"""

_USE = """
mutation UseArtifact($entityName: String!, $projectName: String!, $runName: String!, $artifactID: ID!,
    $usedAs: String) {
  useArtifact(input: {entityName: $entityName, projectName: $projectName, runName: $runName,
                      artifactID: $artifactID, usedAs: $usedAs}) { artifact { id } }
}
"""


# ---- files ------------------------------------------------------------------------------------

class ArtifactFiles(SizedPaginator["File"]):
    """Stored files of a logged artifact version (``artifact.files()``)."""

    query = FILES_QUERY

    def __init__(self, client: Any, artifact: "Artifact", names: Optional[Sequence[str]] = None,
                 per_page: int = 50) -> None:
        self.artifact = artifact
        super().__init__(client, {"entityName": artifact.source_entity, "projectName": artifact.source_project,
                                  "artifactName": artifact.source_name, "artifactTypeName": artifact.type,
                                  "fileNames": list(names) if names else None}, per_page)

    def _page_variables(self) -> dict[str, Any]:
        return {"fileLimit": self.per_page, "fileCursor": self.cursor}

    def _node(self, response: Mapping[str, Any]) -> dict:
        t = ((response.get("project") or {}).get("artifactType")) or {}
        return t.get("artifact") or {}

    def _connection(self, response: dict[str, Any]) -> Optional[dict[str, Any]]:
        return self._node(response).get("files")

    def _convert(self, edges: list[dict[str, Any]]) -> list["File"]:
        from wandb.apis.public.files import File

        return [File(self.client, e["node"]) for e in edges if e.get("node")]

    def _length(self) -> Optional[int]:
        return self._node(self.last_response or {}).get("fileCount")

    @property
    def path(self) -> list[str]:
        """``[entity, project, name]`` of the artifact."""
        return [self.artifact.entity, self.artifact.project, self.artifact.name]

    def __repr__(self) -> str:
        return f"<ArtifactFiles {'/'.join(self.path)} ({len(self)})>"
