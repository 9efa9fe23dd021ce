"""``Registry``: one registry (a ``wandb-registry-<name>`` project of an organization's entity)."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Literal, Optional

from wandb.apis.public.registries._utils import (
    REGISTRY_PREFIX,
    org_entity_of_organization,
    visibility_from_gql,
    visibility_to_gql,
)

_REGISTRY_FIELDS = """
fragment RegistryFragment on Project {
  id allowAllArtifactTypesInRegistry artifactTypes(includeAll: true) { edges { node { name } } }
  name description createdAt updatedAt access
}
"""
_FETCH = """
query FetchRegistry($name: String, $entityName: String) {
  entity(name: $entityName) { project(name: $name) { ...RegistryFragment } }
}
""" + _REGISTRY_FIELDS
_UPSERT = """
mutation UpsertRegistryProject($description: String, $entityName: String, $name: String, $access: String,
    $allowAllArtifactTypesInRegistry: Boolean, $artifactTypes: [ArtifactTypeInput!]) {
  upsertModel(input: {description: $description, entityName: $entityName, name: $name, access: $access,
      allowAllArtifactTypesInRegistry: $allowAllArtifactTypesInRegistry, artifactTypes: $artifactTypes}) {
    project { ...RegistryFragment }
    inserted
  }
}
""" + _REGISTRY_FIELDS
_RENAME = """
mutation renameProject($entityName: String!, $oldProjectName: String!, $newProjectName: String!) {
  renameProject(input: {entityName: $entityName, oldProjectName: $oldProjectName,
                        newProjectName: $newProjectName}) { project { name } inserted }
}
"""
_DELETE = """
mutation deleteProject($id: String!) { deleteModel(input: {id: $id}) { success __typename } }
"""


def _check_name(full_name: str) -> str:
    if len(full_name) > 128 or any(c in full_name for c in "/\\#?%:") or not full_name[len(REGISTRY_PREFIX):]:
        raise ValueError(f"Invalid registry name {full_name[len(REGISTRY_PREFIX):]!r}: at most "
                         f"{128 - len(REGISTRY_PREFIX)} characters, without '/', '\\\\', '#', '?', '%', ':'")
    return full_name


def _types_input(types: Optional[Iterable[str]]) -> List[Dict[str, str]]:
    from wandb.sdk.artifacts._validators import validate_artifact_type

    out = []
    for name in types or []:
        if not isinstance(name, str) or not name or len(name) > 128 or "/" in name or ":" in name:
            raise ValueError(f"Invalid artifact type {name!r}: 1-128 characters without '/' or ':'")
        validate_artifact_type(name, "registry")
        out.append({"name": name})
    return out


class ArtifactTypesList(list):
    """The accepted types of a registry: saved types cannot be removed, new ones can."""

    def __init__(self, saved: Iterable[str] = ()) -> None:
        super().__init__(saved)
        self._saved = list(saved)

    @property
    def draft(self) -> List[str]:
        """Types added since the last save."""
        return [t for t in self if t not in self._saved]

    def remove(self, value: str) -> None:
        if value in self._saved:
            raise ValueError(f"Cannot remove artifact type {value!r}: saved types cannot be removed")
        super().remove(value)

    def __delitem__(self, key: Any) -> None:
        raise ValueError("Cannot delete artifact types by index; use remove() for unsaved types")

    def pop(self, *args: Any) -> str:  # type: ignore[override]
        raise ValueError("Cannot pop artifact types; use remove() for unsaved types")

    def clear(self) -> None:
        raise ValueError("Cannot clear artifact types: saved types cannot be removed")


class Registry:
    """A registry: ``name``, ``full_name``, ``description``, ``visibility``, ``artifact_types``,
    ``allow_all_artifact_types``, ``collections()``, ``versions()``, ``save()``, ``delete()``."""

    def __init__(self, client: Any, organization: str, entity: str, name: str,
                 attrs: Optional[Dict[str, Any]] = None) -> None:
        self.client = client
        self._organization = organization
        self._entity = entity
        self._name = name
        self._saved_name = name
        self._id: Optional[str] = None
        self._description: Optional[str] = None
        self._visibility = "organization"
        self._allow_all = True
        self._types = ArtifactTypesList()
        self._created_at: Optional[str] = None
        self._updated_at: Optional[str] = None
        if attrs is not None:
            self._update(attrs)

    def _update(self, attrs: Dict[str, Any]) -> None:
        if attrs.get("id") is None:
            raise ValueError(f"Registry {self.name}'s id is not found")
        self._id = attrs["id"]
        self._description = attrs.get("description")
        self._allow_all = bool(attrs.get("allowAllArtifactTypesInRegistry", True))
        edges = ((attrs.get("artifactTypes") or {}).get("edges")) or []
        self._types = ArtifactTypesList([e["node"]["name"] for e in edges if e.get("node")])
        self._created_at = attrs.get("createdAt")
        self._updated_at = attrs.get("updatedAt")
        self._visibility = visibility_from_gql(attrs.get("access") or "PRIVATE")
        name = attrs.get("name") or ""
        if name.startswith(REGISTRY_PREFIX):
            self._name = self._saved_name = name[len(REGISTRY_PREFIX):]

    # -- properties -------------------------------------------------------------------------
    @property
    def id(self) -> Optional[str]:
        return self._id

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = value

    @property
    def full_name(self) -> str:
        return f"{REGISTRY_PREFIX}{self._name}"

    @property
    def entity(self) -> str:
        return self._entity

    @property
    def organization(self) -> str:
        return self._organization

    @property
    def path(self) -> List[str]:
        return [self._entity, self.full_name]

    @property
    def description(self) -> Optional[str]:
        return self._description

    @description.setter
    def description(self, value: Optional[str]) -> None:
        self._description = value

    @property
    def allow_all_artifact_types(self) -> bool:
        return self._allow_all

    @allow_all_artifact_types.setter
    def allow_all_artifact_types(self, value: bool) -> None:
        self._allow_all = bool(value)

    @property
    def artifact_types(self) -> ArtifactTypesList:
        return self._types

    @property
    def created_at(self) -> Optional[str]:
        return self._created_at

    @property
    def updated_at(self) -> Optional[str]:
        return self._updated_at

    @property
    def visibility(self) -> Literal["organization", "restricted"]:
        return self._visibility  # type: ignore[return-value]

    @visibility.setter
    def visibility(self, value: Literal["organization", "restricted"]) -> None:
        visibility_to_gql(value)
        self._visibility = value

    # -- search ---------------------------------------------------------------------------------
    def collections(self, filter: Optional[Dict[str, Any]] = None) -> Any:  # noqa: A002
        """Collections of this registry matching ``filter``."""
        from wandb.apis.public.registries.search import Collections

        return Collections(self.client, self._organization, {"name": self.full_name}, filter)

    def versions(self, filter: Optional[Dict[str, Any]] = None) -> Any:  # noqa: A002
        """Artifact versions linked into this registry matching ``filter``."""
        from wandb.apis.public.registries.search import Versions

        return Versions(self.client, self._organization, {"name": self.full_name}, None, filter)

    # -- persistence ------------------------------------------------------------------------
    @classmethod
    def create(cls, client: Any, organization: str, name: str, visibility: Literal["organization", "restricted"],
               description: Optional[str] = None, artifact_types: Optional[List[str]] = None) -> "Registry":
        """Create the registry ``name`` in ``organization`` (ValueError when that fails)."""
        org_entity = org_entity_of_organization(client, organization)
        full_name = _check_name(REGISTRY_PREFIX + name)
        types = _types_input(artifact_types)
        access = visibility_to_gql(visibility)
        failure = f"Failed to create registry {name!r} in organization {organization!r}."
        try:
            data = client.execute(_UPSERT, variable_values={
                "description": description, "entityName": org_entity, "name": full_name, "access": access,
                "allowAllArtifactTypesInRegistry": not types, "artifactTypes": types})
        except Exception as e:  # noqa: BLE001
            raise ValueError(f"{failure} {e}") from e
        out = (data or {}).get("upsertModel") or {}
        if not out.get("inserted"):
            raise ValueError(failure)
        return cls(client, organization, org_entity, name, out["project"])

    def load(self) -> None:
        """Reload from the server (ValueError when the registry does not exist)."""
        failure = f"Failed to load registry {self.name!r} in organization {self.organization!r}."
        try:
            data = self.client.execute(_FETCH, variable_values={"name": self.full_name, "entityName": self.entity})
        except Exception as e:  # noqa: BLE001
            raise ValueError(failure) from e
        attrs = ((data or {}).get("entity") or {}).get("project")
        if not attrs:
            raise ValueError(failure)
        self._update(attrs)

    def save(self) -> None:
        """Send description, visibility, accepted types and a new name."""
        if self._types.draft and self._allow_all:
            raise ValueError("Cannot update artifact types when `allows_all_artifact_types` is True. "
                             "Set it to False first.")
        _check_name(self.full_name)
        old_full = REGISTRY_PREFIX + self._saved_name
        try:
            data = self.client.execute(_UPSERT, variable_values={
                "description": self._description, "entityName": self._entity, "name": old_full,
                "access": visibility_to_gql(self._visibility), "allowAllArtifactTypesInRegistry": self._allow_all,
                "artifactTypes": _types_input(self._types.draft)})
        except Exception as e:  # noqa: BLE001
            raise ValueError(f"Failed to save and update registry: {self.name} in organization: "
                             f"{self.organization}") from e
        new_name = self._name
        self._update(data["upsertModel"]["project"])
        self._name = new_name
        if self._saved_name != new_name:
            self.client.execute(_RENAME, variable_values={
                "entityName": self._entity, "oldProjectName": old_full, "newProjectName": self.full_name})
            self._saved_name = new_name

    def delete(self) -> None:
        """Delete the registry and everything linked into it (irreversible)."""
        failure = f"Failed to delete registry: {self.name!r} in organization: {self.organization!r}"
        try:
            data = self.client.execute(_DELETE, variable_values={"id": self._id})
        except Exception as e:  # noqa: BLE001
            raise ValueError(failure) from e
        if not ((data or {}).get("deleteModel") or {}).get("success"):
            raise ValueError(failure)

    def __repr__(self) -> str:
        return f"<Registry {self.organization}/{self.name}>"
