"""Server-side operations of a logged artifact: delete, link, unlink, logged_by, used_by,
saving edits (description, metadata, aliases, tags, TTL), its collections and linked copies.

Mixed into ``Artifact`` (``wandb.sdk.artifacts.artifact``); every method talks to the server
through ``self._client`` (the Public API GraphQL client).
"""

from __future__ import annotations

import json
import os
from copy import copy
from typing import TYPE_CHECKING, Any, List, Optional

from .exceptions import ArtifactNotLoggedError

if TYPE_CHECKING:
    from wandb.apis.public.artifacts import ArtifactCollection
    from wandb.apis.public.runs import Run

    from .artifact import Artifact

REGISTRY_PREFIX = "wandb-registry-"

_DELETE = """
mutation DeleteArtifact($artifactID: ID!, $deleteAliases: Boolean) {
  deleteArtifact(input: {artifactID: $artifactID, deleteAliases: $deleteAliases}) { artifact { id } }
}
"""
_LINK = """
mutation LinkArtifact($input: LinkArtifactInput!) { linkArtifact(input: $input) { versionIndex } }
"""
_UNLINK = """
mutation UnlinkArtifact($artifactID: ID!, $artifactPortfolioID: ID!) {
  unlinkArtifact(input: {artifactID: $artifactID, artifactPortfolioID: $artifactPortfolioID}) {
    artifactID success clientMutationId
  }
}
"""
_COLLECTION_ID = """
query ArtifactCollectionID($entityName: String!, $projectName: String!, $name: String!) {
  project(name: $projectName, entityName: $entityName) { artifactCollection(name: $name) { id } }
}
"""
_USED_BY = """
query ArtifactUsedBy($id: ID!) {
  artifact(id: $id) { usedBy { edges { node { name project { name entityName } } } } }
}
"""
_CREATED_BY = """
query ArtifactCreatedBy($id: ID!) {
  artifact(id: $id) { createdBy { __typename ... on Run { name project { name entityName } } } }
}
"""
_ADD_ALIASES = """
mutation AddAliases($artifactID: ID!, $aliases: [ArtifactCollectionAliasInput!]!) {
  addAliases(input: {artifactID: $artifactID, aliases: $aliases}) { success }
}
"""
_DELETE_ALIASES = """
mutation DeleteAliases($artifactID: ID!, $aliases: [ArtifactCollectionAliasInput!]!) {
  deleteAliases(input: {artifactID: $artifactID, aliases: $aliases}) { success }
}
"""
_UPDATE = """
mutation UpdateArtifact($artifactID: ID!, $description: String, $metadata: JSONString, $ttlDurationSeconds: Int64,
    $tagsToAdd: [TagInput!], $tagsToDelete: [TagInput!]) {
  updateArtifact(input: {artifactID: $artifactID, description: $description, metadata: $metadata,
      ttlDurationSeconds: $ttlDurationSeconds, tagsToAdd: $tagsToAdd, tagsToDelete: $tagsToDelete}) {
    artifact { ...ArtifactFragment }
  }
}
"""
_LINKED = """
query FetchLinkedArtifacts($artifactID: ID!) {
  artifact(id: $artifactID) {
    artifactMemberships {
      edges { node { aliases { alias } versionIndex
                     artifactCollection { __typename name project { entityName name } } } }
    }
  }
}
"""
_ORG_OF_ENTITY = """
query FetchOrgEntityFromEntity($entityName: String!) {
  entity(name: $entityName) {
    organization { name orgEntity { name } }
    user { organizations { name orgEntity { name } } }
  }
}
"""


def resolve_org_entity(client: Any, entity: str, organization: str = "") -> str:
    """The org entity holding registries for ``entity`` (``organization`` may name the org or
    its entity; required when the entity belongs to several organizations)."""
    if not entity:
        raise ValueError("Entity name is required to resolve org entity name.")
    data = client.execute(_ORG_OF_ENTITY, {"entityName": entity}) or {}
    ent = data.get("entity") or {}
    orgs = []
    if ent.get("organization"):
        orgs = [ent["organization"]]
    elif ent.get("user"):
        orgs = ent["user"].get("organizations") or []
    pairs = [(o.get("name"), (o.get("orgEntity") or {}).get("name")) for o in orgs]
    pairs = [(n, e) for n, e in pairs if n and e]
    if not pairs:
        raise ValueError(f"Unable to find an organization under entity {entity!r}.")
    if organization:
        for name, org_entity in pairs:
            if organization in (name, org_entity):
                return org_entity
        raise ValueError(f"Organization {organization!r} not found among the organizations of entity {entity!r}: "
                         f"{[n for n, _ in pairs]}")
    if len(pairs) > 1:
        raise ValueError(f"Personal entity {entity!r} belongs to multiple organizations; "
                         "specify the organization in the registry path.")
    return pairs[0][1]


def _default_project() -> str:
    import wandb

    run = getattr(wandb, "run", None)
    return (getattr(run, "project", None) if run is not None else None) or os.environ.get(
        "WANDB_PROJECT") or "uncategorized"


class ArtifactRemoteMixin:
    """Mixed into ``Artifact``: delete, link, unlink, logged_by, used_by, remote save/update."""

    # -- helpers -------------------------------------------------------------------------
    def _logged(self, what: str) -> Any:
        if self.is_draft():  # type: ignore[attr-defined]
            raise ArtifactNotLoggedError(f"{type(self).__name__}.{what}", self)
        if self._client is None:  # type: ignore[attr-defined]
            raise RuntimeError(f"Client not initialized for artifact {what}")
        return self._client  # type: ignore[attr-defined]

    # -- collections -------------------------------------------------------------------------
    @property
    def collection(self) -> "ArtifactCollection":
        """The collection this artifact was fetched from (a portfolio for linked artifacts)."""
        from wandb.apis.public.artifacts import ArtifactCollection

        client = self._logged("collection")
        base = self.name.split(":")[0]  # type: ignore[attr-defined]
        return ArtifactCollection(client, self.entity, self.project, base, self.type)  # type: ignore[attr-defined]

    @property
    def source_collection(self) -> "ArtifactCollection":
        """The sequence the artifact was logged to."""
        from wandb.apis.public.artifacts import ArtifactCollection

        client = self._logged("source_collection")
        base = self.source_name.split(":")[0]  # type: ignore[attr-defined]
        return ArtifactCollection(client, self.source_entity, self.source_project, base,  # type: ignore[attr-defined]
                                  self.type)  # type: ignore[attr-defined]

    @property
    def linked_artifacts(self) -> List["Artifact"]:
        """Linked copies of this (source) artifact, one per portfolio it is linked into."""
        client = self._logged("linked_artifacts")
        if self.is_link:  # type: ignore[attr-defined]
            return []
        data = client.execute(_LINKED, {"artifactID": self.id}) or {}  # type: ignore[attr-defined]
        edges = (((data.get("artifact") or {}).get("artifactMemberships") or {}).get("edges")) or []
        out = []
        for e in edges:
            node = e.get("node") or {}
            coll = node.get("artifactCollection") or {}
            if coll.get("__typename") != "ArtifactPortfolio":
                continue
            proj = coll.get("project") or {}
            version = f"v{node.get('versionIndex')}"
            aliases = [a["alias"] for a in node.get("aliases") or [] if not _is_version(a.get("alias", ""))]
            link = copy(self)
            link._version = version
            link._aliases = list(aliases)
            link._saved_aliases = list(aliases)
            link._name = f"{coll.get('name')}:{version}"
            link._entity = proj.get("entityName")
            link._project = proj.get("name")
            link._is_link = True
            link._linked_artifacts = []
            out.append(link)
        self._linked_artifacts = out
        return out

    # -- delete / link / unlink --------------------------------------------------------------
    def delete(self, delete_aliases: bool = False) -> None:
        """Delete this version (with ``delete_aliases`` even when aliases point at it).

        On a linked artifact only the link is removed. Raises ArtifactNotLoggedError for drafts
        and CommError when the server refuses (e.g. aliases remain).
        """
        client = self._logged("delete")
        if self.is_link:  # type: ignore[attr-defined]
            import wandb

            wandb.termwarn("Deleting a link artifact will only unlink the artifact from the source artifact "
                           "and not delete the source artifact and the data of the source artifact.")
            self._unlink()
            return
        client.execute(_DELETE, {"artifactID": self.id, "deleteAliases": bool(delete_aliases)})  # type: ignore[attr-defined]
        from .artifact_state import ArtifactState

        self._state = ArtifactState.DELETED

    def link(self, target_path: str, aliases: Optional[List[str]] = None) -> "Artifact":
        """Link this version into the portfolio ``target_path`` (``portfolio``,
        ``project/portfolio`` or ``entity/project/portfolio``; ``wandb-registry-<name>/collection``
        for a registry) with ``aliases``; returns the linked artifact."""
        import wandb

        from ._artifact_fetch import fetch_by_name
        from ._validators import validate_aliases

        if self.is_link:  # type: ignore[attr-defined]
            wandb.termwarn("Linking to a link artifact will result in directly linking to the source artifact "
                           "of that link artifact.")
        if self.is_draft():  # type: ignore[attr-defined]
            if not self._is_draft_save_started():  # type: ignore[attr-defined]
                self.save(project=self._source_project)  # type: ignore[attr-defined]
            self.wait()  # type: ignore[attr-defined]
        client = self._logged("link")
        if not isinstance(target_path, str) or not target_path.strip("/"):
            raise ValueError(f"target_path: expected '[[entity/]project/]portfolio', got {target_path!r}")
        parts = target_path.strip("/").split("/")
        if len(parts) > 3:
            raise ValueError(f"target_path: expected '[[entity/]project/]portfolio', got {target_path!r}")
        portfolio = parts[-1]
        project = parts[-2] if len(parts) >= 2 else _default_project()
        prefix = parts[0] if len(parts) == 3 else None
        if project.startswith(REGISTRY_PREFIX):
            org = prefix or os.environ.get("WANDB_ORGANIZATION") or ""
            entity = resolve_org_entity(client, self.source_entity, org)  # type: ignore[attr-defined]
        else:
            entity = prefix or self.source_entity  # type: ignore[attr-defined]
        names = validate_aliases(list(aliases or []))
        gql_input = {"artifactID": self.id, "artifactPortfolioName": portfolio,  # type: ignore[attr-defined]
                     "entityName": entity, "projectName": project,
                     "aliases": [{"artifactCollectionName": portfolio, "alias": a} for a in names]}
        data = client.execute(_LINK, {"input": gql_input}) or {}
        index = (data.get("linkArtifact") or {}).get("versionIndex")
        if index is None:
            raise ValueError("Unable to parse linked artifact version from response")
        return fetch_by_name(client, entity, project, f"{portfolio}:v{index}")

    def unlink(self) -> None:
        """Remove this linked artifact from its portfolio (ValueError if it is not a link)."""
        self._logged("unlink")
        if not self.is_link:  # type: ignore[attr-defined]
            raise ValueError(f"Artifact {self.qualified_name!r} is not a linked artifact and cannot be unlinked.  "  # type: ignore[attr-defined]
                             "To delete it, use 'Artifact.delete' instead.")
        self._unlink()

    def _unlink(self) -> None:
        from wandb.errors import CommError

        client = self._logged("unlink")
        base = self.name.split(":")[0]  # type: ignore[attr-defined]
        data = client.execute(_COLLECTION_ID, {"entityName": self.entity, "projectName": self.project,  # type: ignore[attr-defined]
                                               "name": base}) or {}
        coll = (data.get("project") or {}).get("artifactCollection") or {}
        if not coll.get("id"):
            raise ValueError(f"portfolio {self.entity}/{self.project}/{base} not found")  # type: ignore[attr-defined]
        try:
            client.execute(_UNLINK, {"artifactID": self.id, "artifactPortfolioID": coll["id"]})  # type: ignore[attr-defined]
        except CommError as e:
            raise CommError(f"You do not have permission to unlink the artifact {self.qualified_name}") from e  # type: ignore[attr-defined]

    # -- lineage -------------------------------------------------------------------------------
    def used_by(self) -> List["Run"]:
        """Runs that used this artifact (``run.use_artifact``)."""
        from wandb.apis.public.runs import Run

        client = self._logged("used_by")
        data = client.execute(_USED_BY, {"id": self.id}) or {}  # type: ignore[attr-defined]
        edges = (((data.get("artifact") or {}).get("usedBy") or {}).get("edges")) or []
        return [Run(client, n["project"]["entityName"], n["project"]["name"], n["name"])
                for n in (e.get("node") or {} for e in edges) if n.get("project")]

    def logged_by(self) -> Optional["Run"]:
        """The run that logged this artifact (None when it was not logged by a run)."""
        from wandb.apis.public.runs import Run

        client = self._logged("logged_by")
        data = client.execute(_CREATED_BY, {"id": self.id}) or {}  # type: ignore[attr-defined]
        creator = (data.get("artifact") or {}).get("createdBy") or {}
        proj = creator.get("project")
        if not creator.get("name") or not proj:
            return None
        return Run(client, proj["entityName"], proj["name"], creator["name"])

    # -- saving edits of a logged artifact ---------------------------------------------------
    def _ttl_to_gql(self) -> Optional[int]:
        if not getattr(self, "_ttl_changed", False):
            return None
        if self._ttl_is_inherited:  # type: ignore[attr-defined]
            return -1
        return self._ttl_duration_seconds or -2  # type: ignore[attr-defined]

    def _update(self) -> None:
        """Send the edits of a logged artifact: aliases (added/removed in its collection),
        description, metadata, TTL and tags; then refresh from the server's answer."""
        from ._gql_fragments import ARTIFACT_FRAGMENT

        client = self._logged("save")
        if self.is_link and self._ttl_changed:  # type: ignore[attr-defined]
            raise ValueError("Cannot set TTL for link artifact. Unlink the artifact first then set the TTL "
                             "for the source artifact")
        coll = self.name.split(":")[0]  # type: ignore[attr-defined]
        target = {"entityName": self.entity, "projectName": self.project, "artifactCollectionName": coll}  # type: ignore[attr-defined]
        saved, now = set(self._saved_aliases), set(self._aliases)  # type: ignore[attr-defined]
        added = [a for a in self._aliases if a not in saved]  # type: ignore[attr-defined]
        removed = [a for a in self._saved_aliases if a not in now]  # type: ignore[attr-defined]
        if added:
            client.execute(_ADD_ALIASES, {"artifactID": self.id,  # type: ignore[attr-defined]
                                          "aliases": [dict(target, alias=a) for a in added]})
        if removed:
            client.execute(_DELETE_ALIASES, {"artifactID": self.id,  # type: ignore[attr-defined]
                                             "aliases": [dict(target, alias=a) for a in removed]})
        saved_tags, tags = set(self._saved_tags), set(self._tags)  # type: ignore[attr-defined]
        variables = {
            "artifactID": self.id,  # type: ignore[attr-defined]
            "description": self.description,  # type: ignore[attr-defined]
            "metadata": json.dumps(self._metadata),  # type: ignore[attr-defined]
            "ttlDurationSeconds": self._ttl_to_gql(),
            "tagsToAdd": [{"tagName": t} for t in self._tags if t not in saved_tags],  # type: ignore[attr-defined]
            "tagsToDelete": [{"tagName": t} for t in self._saved_tags if t not in tags],  # type: ignore[attr-defined]
        }
        data = client.execute(_UPDATE + ARTIFACT_FRAGMENT, variables) or {}
        attrs = (data.get("updateArtifact") or {}).get("artifact")
        if attrs:
            version = self._version  # type: ignore[attr-defined]
            self._assign_attrs(attrs, is_link=self.is_link)  # type: ignore[attr-defined]
            self._version = version or self._version  # type: ignore[attr-defined]
        self._ttl_changed = False


def _is_version(alias: str) -> bool:
    return len(alias) > 1 and alias[0] == "v" and alias[1:].isdigit()
