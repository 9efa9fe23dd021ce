"""Helpers: organization lookups, visibility names, registry-prefixed filters."""

from __future__ import annotations

from typing import Any, Mapping

REGISTRY_PREFIX = "wandb-registry-"
VISIBILITY = {"organization": "PRIVATE", "restricted": "RESTRICTED"}

_ORGS_OF_ENTITY = """
query FetchOrgEntityFromEntity($entityName: String!) {
  entity(name: $entityName) {
    organization { name orgEntity { name } }
    user { organizations { name orgEntity { name } } }
  }
}
"""
_ORG_ENTITY = """
query FetchOrgEntityFromOrganization($organization: String!) {
  organization(name: $organization) { orgEntity { name } }
}
"""


def organizations_of_entity(client: Any, entity: str) -> list[tuple[str, str]]:
    """``[(organization name, org entity name)]`` of ``entity``."""
    data = client.execute(_ORGS_OF_ENTITY, variable_values={"entityName": entity}) or {}
    ent = data.get("entity") or {}
    orgs = [ent["organization"]] if ent.get("organization") else ((ent.get("user") or {}).get("organizations") or [])
    out = [(o.get("name"), (o.get("orgEntity") or {}).get("name")) for o in orgs]
    return [(n, e) for n, e in out if n and e]


def org_entity_of_organization(client: Any, organization: str) -> str:
    """The entity holding the registries of ``organization`` (ValueError when unknown)."""
    try:
        data = client.execute(_ORG_ENTITY, variable_values={"organization": organization}) or {}
    except Exception as e:  # noqa: BLE001 - report as the documented ValueError
        raise ValueError(f"Error fetching org entity for organization: {organization!r}") from e
    name = (((data.get("organization") or {}).get("orgEntity")) or {}).get("name")
    if not name:
        raise ValueError(f"Organization entity for {organization!r} not found.")
    return name


def visibility_to_gql(visibility: str) -> str:
    try:
        return VISIBILITY[visibility]
    except (KeyError, TypeError):
        raise ValueError(f"Invalid visibility: {visibility!r}. Must be one of: 'organization', 'restricted'") from None


def visibility_from_gql(value: str) -> str:
    for name, gql in VISIBILITY.items():
        if gql == value:
            return name
    raise ValueError(f"Invalid visibility: {value!r} from backend")


def with_registry_prefix(query: Any, in_name: bool = False) -> Any:
    """Prefix string values under ``name`` keys with ``wandb-registry-`` (regexes stay as given)."""
    if isinstance(query, str):
        return query if not in_name or query.startswith(REGISTRY_PREFIX) else REGISTRY_PREFIX + query
    if isinstance(query, Mapping):
        out = {}
        for key, value in query.items():
            if key == "$regex":
                out[key] = value
            else:
                out[key] = with_registry_prefix(value, in_name=in_name or key == "name")
        return out
    if isinstance(query, (list, tuple)):
        return [with_registry_prefix(v, in_name) for v in query]
    return query
