"""Artifact and registry methods of ``wandb.Api`` (a mixin of ``Api``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional

from wandb.errors import CommError

if TYPE_CHECKING:
    from wandb.apis.public.artifacts import (
        ArtifactCollection,
        ArtifactCollections,
        Artifacts,
        ArtifactType,
        ArtifactTypes,
    )
    from wandb.apis.public.registries import Registries, Registry
    from wandb.sdk.artifacts.artifact import Artifact

REGISTRY_PREFIX = "wandb-registry-"


class ApiArtifactsMixin:
    """Needs ``client``, ``settings`` and ``default_entity`` from ``Api``."""

    # -- paths ---------------------------------------------------------------------------------
    def _settings_entity(self) -> Optional[str]:
        return self.settings.get("entity") or self.default_entity  # type: ignore[attr-defined]

    def _parse_artifact_path(self, path: Optional[str]) -> tuple:
        """``[entity/][project/]name[:alias]`` -> (entity, project, name[:alias])."""
        project = self.settings.get("project") or "uncategorized"  # type: ignore[attr-defined]
        entity = self._settings_entity()
        if path is None:
            return entity, project
        from wandb.sdk.artifacts._paths import parse_artifact_path

        return parse_artifact_path(path, entity, project)

    def _org_entity(self, organization: Optional[str]) -> str:
        from wandb.sdk.artifacts.artifact_remote import resolve_org_entity

        entity = self._settings_entity()
        if entity is None:
            raise ValueError("No entity specified and can't fetch organization from the entity")
        return resolve_org_entity(self.client, entity, organization or self.settings.get("organization") or "")  # type: ignore[attr-defined]

    def _resolve(self, name: str) -> tuple[str, str, str]:
        """(entity, project, name) with registry projects moved to the organization's entity."""
        entity, project, rest = self._parse_artifact_path(name)
        if project.startswith(REGISTRY_PREFIX):
            org = name.split("/")[0] if name.split(":")[0].count("/") == 2 else None
            entity = self._org_entity(org)
        if entity is None:
            raise ValueError("Could not determine entity. Please include the entity as part of the artifact name path.")
        return entity, project, rest

    # -- single artifacts ---------------------------------------------------------------------------
    def artifact(self, name: str, type: Optional[str] = None) -> "Artifact":  # noqa: A002
        """The artifact version ``[entity/][project/]name[:version|alias]`` (``latest`` by default).

        Raises:
            ValueError: no name, or ``type`` differs from the artifact's type.
            CommError: the artifact (or its project) does not exist.
        """
        if name is None:
            raise ValueError("You must specify name= to fetch an artifact.")
        from wandb.sdk.artifacts._artifact_fetch import fetch_by_name

        entity, project, rest = self._resolve(name)
        try:
            art = fetch_by_name(self.client, entity, project, rest)  # type: ignore[attr-defined]
        except ValueError as e:
            raise CommError(str(e)) from None
        if type is not None and art.type != type:
            raise ValueError(f"type {type} specified but this artifact is of type {art.type}")
        return art

    def artifact_exists(self, name: str, type: Optional[str] = None) -> bool:  # noqa: A002
        """Whether the artifact version ``name`` exists (and has ``type`` when given)."""
        try:
            self.artifact(name, type)
        except (CommError, ValueError):
            return False
        return True

    # -- types and collections ----------------------------------------------------------------------
    def _project_entity(self, project: Optional[str]) -> tuple[str, str]:
        entity, proj = self._parse_artifact_path(None) if project is None else self._split_project(project)
        if proj.startswith(REGISTRY_PREFIX):
            org = project.split("/")[0] if project and "/" in project else None
            entity = self._org_entity(org)
        return entity, proj

    def _split_project(self, path: str) -> tuple[Optional[str], str]:
        parts = path.strip("/").split("/")
        if len(parts) == 1:
            return self._settings_entity(), parts[0]
        if len(parts) == 2:
            return parts[0], parts[1]
        raise ValueError(f"Invalid project path {path!r}: expected 'project' or 'entity/project'")

    def artifact_types(self, project: Optional[str] = None) -> "ArtifactTypes":
        """The artifact types of ``[entity/]project``."""
        from wandb.apis.public.artifacts import ArtifactTypes

        entity, proj = self._project_entity(project)
        return ArtifactTypes(self.client, entity, proj)  # type: ignore[attr-defined]

    def artifact_type(self, type_name: str, project: Optional[str] = None) -> "ArtifactType":
        """The artifact type ``type_name`` of ``[entity/]project`` (ValueError when absent)."""
        from wandb.apis.public.artifacts import ArtifactType

        entity, proj = self._project_entity(project)
        return ArtifactType(self.client, entity, proj, type_name)  # type: ignore[attr-defined]

    def artifact_collections(self, project_name: str, type_name: str, per_page: int = 50) -> "ArtifactCollections":
        """Collections of type ``type_name`` in ``[entity/]project_name``."""
        from wandb.apis.public.artifacts import ArtifactCollections

        entity, proj = self._project_entity(project_name)
        return ArtifactCollections(self.client, entity, proj, type_name, per_page=per_page)  # type: ignore[attr-defined]

    def artifact_collection(self, type_name: str, name: str) -> "ArtifactCollection":
        """The collection ``[entity/][project/]name`` of type ``type_name`` (ValueError when absent)."""
        from wandb.apis.public.artifacts import ArtifactCollection

        entity, project, rest = self._resolve(name)
        return ArtifactCollection(self.client, entity, project, rest.split(":")[0], type_name)  # type: ignore[attr-defined]

    def artifact_collection_exists(self, name: str, type: str) -> bool:  # noqa: A002
        """Whether the collection ``name`` of type ``type`` exists."""
        try:
            self.artifact_collection(type, name)
        except (CommError, ValueError):
            return False
        return True

    def artifacts(self, type_name: str, name: str, per_page: int = 50,
                  tags: Optional[List[str]] = None) -> "Artifacts":
        """Versions of the collection ``[entity/][project/]name`` (newest first)."""
        from wandb.apis.public.artifacts import Artifacts

        entity, project, rest = self._resolve(name)
        return Artifacts(self.client, entity, project, rest.split(":")[0], type_name,  # type: ignore[attr-defined]
                         per_page=per_page, tags=tags)

    def artifact_versions(self, type_name: str, name: str, per_page: int = 50) -> "Artifacts":
        """Deprecated alias of ``artifacts(type_name, name)``."""
        import warnings

        warnings.warn("Api.artifact_versions(type_name, name) is deprecated, use Api.artifacts(type_name, name) "
                      "instead.", DeprecationWarning, stacklevel=2)
        return self.artifacts(type_name, name, per_page=per_page)

    # -- registries ---------------------------------------------------------------------------------
    def _organization(self, organization: Optional[str]) -> str:
        if organization:
            return organization
        if self.settings.get("organization"):  # type: ignore[attr-defined]
            return self.settings["organization"]  # type: ignore[attr-defined]
        from wandb.apis.public.registries._utils import organizations_of_entity

        entity = self._settings_entity()
        if entity is None:
            raise ValueError("No entity specified and can't fetch organization from the entity")
        orgs = organizations_of_entity(self.client, entity)  # type: ignore[attr-defined]
        if not orgs:
            raise ValueError("No organizations found for entity. Please specify an organization in the settings.")
        if len(orgs) > 1:
            raise ValueError("Multiple organizations found for entity. Please specify an organization in the settings.")
        return orgs[0][0]

    def registries(self, organization: Optional[str] = None,
                   filter: Optional[Dict[str, Any]] = None) -> "Registries":  # noqa: A002
        """Registries of the organization matching a Mongo-style ``filter`` (``{"name": {"$regex": "m"}}``);
        chain ``.collections(filter)`` / ``.versions(filter)`` to search inside them."""
        from wandb.apis.public.registries import Registries

        return Registries(self.client, self._organization(organization), filter)  # type: ignore[attr-defined]

    def registry(self, name: str, organization: Optional[str] = None) -> "Registry":
        """The registry ``name`` (without the ``wandb-registry-`` prefix); ValueError when absent."""
        from wandb.apis.public.registries import Registry
        from wandb.apis.public.registries._utils import org_entity_of_organization

        org = self._organization(organization)
        reg = Registry(self.client, org, org_entity_of_organization(self.client, org), name)  # type: ignore[attr-defined]
        reg.load()
        return reg

    def create_registry(self, name: str, visibility: Literal["organization", "restricted"],
                        organization: Optional[str] = None, description: Optional[str] = None,
                        artifact_types: Optional[List[str]] = None) -> "Registry":
        """Create the registry ``name`` (ValueError when it exists); ``artifact_types`` limits what
        can be linked into it (all types when omitted)."""
        from wandb.apis.public.registries import Registry

        org = self._organization(organization)
        try:
            existing = self.registry(name, org)
        except ValueError:
            existing = None
        if existing is not None:
            raise ValueError(f"Registry {name!r} already exists in organization {org!r}, please use a different name.")
        return Registry.create(self.client, org, name, visibility, description, artifact_types)  # type: ignore[attr-defined]
