"""Registry search: registries of an organization, their collections and linked versions.

Filters are Mongo-style (``$and $or $nor $not $eq $ne $gt $gte $lt $lte $in $nin $regex
$exists``). Registries: ``name`` (without prefix; regexes match the full name), ``description``,
``created_at``, ``updated_at``. Collections: ``name``, ``description``, ``tag``, ``type``,
``created_at``. Versions: ``alias``, ``tag``, ``version``, ``metadata.<key>``, ``created_at``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from wandb.apis.public._base import Paginator
from wandb.apis.public.registries._utils import REGISTRY_PREFIX, with_registry_prefix

_REGISTRIES = """
query FetchRegistries($organization: String!, $filters: JSONString, $cursor: String, $perPage: Int) {
  organization(name: $organization) {
    orgEntity {
      name
      projects(filters: $filters, after: $cursor, first: $perPage) {
        pageInfo { endCursor hasNextPage }
        edges { node {
          id allowAllArtifactTypesInRegistry artifactTypes(includeAll: true) { edges { node { name } } }
          name description createdAt updatedAt access
        } cursor }
      }
    }
  }
}
"""
_COLLECTIONS = """
query RegistryCollections($organization: String!, $registryFilter: JSONString, $collectionFilter: JSONString,
    $collectionTypes: [ArtifactCollectionType!], $cursor: String, $perPage: Int) {
  organization(name: $organization) {
    orgEntity {
      name
      artifactCollections(projectFilters: $registryFilter, filters: $collectionFilter,
          collectionTypes: $collectionTypes, after: $cursor, first: $perPage) {
        totalCount
        pageInfo { endCursor hasNextPage }
        edges { cursor node {
          __typename id name description createdAt
          tags { edges { node { name } } }
          project { name entity { name } }
          defaultArtifactType { name }
          aliases { edges { node { alias } } }
        } }
      }
    }
  }
}
"""
_VERSIONS = """
query RegistryVersions($organization: String!, $registryFilter: JSONString, $collectionFilter: JSONString,
    $artifactFilter: JSONString, $cursor: String, $perPage: Int) {
  organization(name: $organization) {
    orgEntity {
      name
      artifactMemberships(projectFilters: $registryFilter, collectionFilters: $collectionFilter,
          filters: $artifactFilter, after: $cursor, first: $perPage) {
        pageInfo { endCursor hasNextPage }
        edges { cursor node {
          artifactCollection { __typename project { name entity { name } } name }
          versionIndex
          artifact { ...ArtifactFragmentWithoutAliases }
          aliases { alias }
        } }
      }
    }
  }
}
"""


def _dump(flt: Optional[Dict[str, Any]]) -> Optional[str]:
    return json.dumps(flt) if flt else None


class _OrgPaginator(Paginator[Any]):
    _field = ""

    def _org_entity(self, response: Dict[str, Any]) -> Dict[str, Any]:
        org = (response or {}).get("organization") or {}
        ent = org.get("orgEntity")
        if ent is None:
            raise ValueError(f"Organization {self.organization!r} not found. Please verify the organization "  # type: ignore[attr-defined]
                             "name is correct.")
        return ent

    def _connection(self, response: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        return self._org_entity(response).get(self._field)


class Registries(_OrgPaginator):
    """Registries of an organization (``api.registries(filter=...)``)."""

    query = _REGISTRIES
    _field = "projects"

    def __init__(self, client: Any, organization: str, filter: Optional[Dict[str, Any]] = None,  # noqa: A002
                 per_page: int = 100) -> None:
        self.organization = organization
        # only registry projects: a name condition on the prefix is always added
        self.filter = with_registry_prefix(filter or {})
        flt = {"$and": [self.filter, {"name": {"$regex": f"^{REGISTRY_PREFIX}"}}]} if self.filter else {
            "name": {"$regex": f"^{REGISTRY_PREFIX}"}}
        super().__init__(client, {"organization": organization, "filters": json.dumps(flt)}, per_page)

    def _convert(self, edges: list) -> list:
        from wandb.apis.public.registries.registry import Registry

        ent = self._org_entity(self.last_response or {})
        return [Registry(self.client, self.organization, ent["name"], e["node"]["name"][len(REGISTRY_PREFIX):],
                         e["node"]) for e in edges if e.get("node")]

    def collections(self, filter: Optional[Dict[str, Any]] = None) -> "Collections":  # noqa: A002
        """Collections in these registries matching ``filter``."""
        return Collections(self.client, self.organization, self.filter, filter)

    def versions(self, filter: Optional[Dict[str, Any]] = None) -> "Versions":  # noqa: A002
        """Versions linked into these registries matching ``filter``."""
        return Versions(self.client, self.organization, self.filter, None, filter)

    def __repr__(self) -> str:
        return f"<Registries {self.organization}>"


class Collections(_OrgPaginator):
    """Collections of registries (``ArtifactCollection`` objects)."""

    query = _COLLECTIONS
    _field = "artifactCollections"

    def __init__(self, client: Any, organization: str, registry_filter: Optional[Dict[str, Any]] = None,
                 collection_filter: Optional[Dict[str, Any]] = None, per_page: int = 100) -> None:
        self.organization = organization
        self.registry_filter = registry_filter
        self.collection_filter = collection_filter or {}
        super().__init__(client, {"organization": organization, "registryFilter": _dump(registry_filter),
                                  "collectionFilter": _dump(collection_filter),
                                  "collectionTypes": ["PORTFOLIO"]}, per_page)

    def _convert(self, edges: list) -> list:
        from wandb.apis.public.artifacts import ArtifactCollection

        out = []
        for e in edges:
            node = e.get("node") or {}
            proj = node.get("project")
            if proj:
                out.append(ArtifactCollection(self.client, proj["entity"]["name"], proj["name"], node["name"],
                                              (node.get("defaultArtifactType") or {}).get("name"),
                                              organization=self.organization, attrs=node, is_sequence=False))
        return out

    def __len__(self) -> int:
        if self.last_response is None:
            self._load_page()
        return int((self._connection(self.last_response or {}) or {}).get("totalCount") or 0)

    def versions(self, filter: Optional[Dict[str, Any]] = None) -> "Versions":  # noqa: A002
        """Versions in these collections matching ``filter``."""
        return Versions(self.client, self.organization, self.registry_filter, self.collection_filter, filter)

    def __repr__(self) -> str:
        return f"<Collections {self.organization}>"


class Versions(_OrgPaginator):
    """Artifact versions linked into registries (``wandb.Artifact`` objects, as linked artifacts)."""

    _field = "artifactMemberships"

    def __init__(self, client: Any, organization: str, registry_filter: Optional[Dict[str, Any]] = None,
                 collection_filter: Optional[Dict[str, Any]] = None,
                 artifact_filter: Optional[Dict[str, Any]] = None, per_page: int = 100) -> None:
        from wandb.sdk.artifacts._gql_fragments import ARTIFACT_FRAGMENT_WITHOUT_ALIASES

        self.organization = organization
        self.query = _VERSIONS + ARTIFACT_FRAGMENT_WITHOUT_ALIASES
        super().__init__(client, {"organization": organization, "registryFilter": _dump(registry_filter),
                                  "collectionFilter": _dump(collection_filter),
                                  "artifactFilter": _dump(artifact_filter)}, per_page)

    def _convert(self, edges: list) -> list:
        from wandb.sdk.artifacts.artifact import Artifact

        out = []
        for e in edges:
            node = e.get("node") or {}
            coll = node.get("artifactCollection") or {}
            proj = coll.get("project")
            if not proj or not node.get("artifact"):
                continue
            version = f"v{node['versionIndex']}"
            aliases = [a["alias"] for a in node.get("aliases") or []]
            out.append(Artifact._from_attrs(proj["entity"]["name"], proj["name"], f"{coll['name']}:{version}",
                                            node["artifact"], self.client, aliases=aliases + [version]))
        return out

    def __repr__(self) -> str:
        return f"<Versions {self.organization}>"
