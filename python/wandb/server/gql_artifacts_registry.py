"""Organizations and registries.

Model: every entity is its own organization (``organization(name: E)`` has ``orgEntity`` E), so
registries are the projects ``wandb-registry-<name>`` of that entity. Registry settings (access,
accepted artifact types) are stored per project; registry search runs over the portfolio
collections of those projects.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ariadne import MutationType, ObjectType, QueryType
from graphql import GraphQLArgument, GraphQLResolveInfo, GraphQLSchema

from wandb.server.errors import ClientError, NotFound
from wandb.server.gql_query import ctx, resolve_entity_name
from wandb.server.ids import decode_id, encode_id
from wandb.server.pagination import connection
from wandb.server.run_filters import iso, matches, parse_filters
from wandb.server.store_artifacts_links import REGISTRY_PREFIX

query = QueryType()
mutation = MutationType()
entity_type = ObjectType("Entity")
user_type = ObjectType("User")
project_type = ObjectType("Project")

ACCESS_VALUES = ("PRIVATE", "RESTRICTED")
REGISTRY_FEATURES = ("ARTIFACT_REGISTRY_SEARCH", "INCLUDE_ARTIFACT_TYPES_IN_REGISTRY_CREATION")


def organization_of(ent: Any) -> dict | None:
    """The organization of an entity: itself. Reached as ``orgEntity``, the entity lists only its
    registry projects (FetchRegistries asks ``orgEntity.projects`` for registries)."""
    if ent is None:
        return None
    org_entity = SimpleNamespace(**dict(ent._mapping if hasattr(ent, "_mapping") else vars(ent)),
                                 as_org_entity=True)
    return {"id": encode_id("Organization", ent.id), "name": ent.name, "orgEntity": org_entity,
            "coreWeaveOrganizationId": None}


@query.field("organization")
def r_organization(_obj: Any, info: GraphQLResolveInfo, name: str | None = None) -> Any:
    return organization_of(ctx(info)["store"].entity_by_name(name)) if name else None


@entity_type.field("user")
def r_entity_user(ent: Any, info: GraphQLResolveInfo) -> Any:
    return ctx(info)["store"].user_by_id(ent.user_id) if ent.user_id else None


@entity_type.field("project")
def r_entity_project(ent: Any, info: GraphQLResolveInfo, name: str | None = None) -> Any:
    return ctx(info)["store"].project(ent.name, name) if name else None


@user_type.field("organizations")
def r_user_orgs(user: Any, info: GraphQLResolveInfo) -> list:
    store = ctx(info)["store"]
    org = organization_of(store.entity_by_name(store.default_entity_for(user)))
    return [org] if org else []


# ---- shims over resolvers owned elsewhere (see the art-server report) ------------------------

class _Shims:
    """Binds last: ``Entity.organization`` answers the entity's organization, ``Entity.projects``
    accepts ``filters`` (Mongo-style, as FetchRegistries sends), and ``ServerInfo.features``
    also announces the registry features."""

    def bind_to_schema(self, schema: GraphQLSchema) -> None:
        entity = schema.type_map["Entity"]
        entity.fields["organization"].resolve = lambda ent, _info: organization_of(ent)  # type: ignore[attr-defined]
        projects = entity.fields["projects"]  # type: ignore[attr-defined]
        if "filters" not in projects.args:
            projects.args["filters"] = GraphQLArgument(schema.type_map["JSONString"])  # type: ignore[arg-type]
        projects.resolve = _entity_projects
        features = schema.type_map["ServerInfo"].fields["features"]  # type: ignore[attr-defined]
        base = features.resolve

        def with_registry(obj: Any, info: GraphQLResolveInfo, **kw: Any) -> list:
            have = list(base(obj, info, **kw) if base else [])
            names = {f["name"] if isinstance(f, dict) else getattr(f, "name", None) for f in have}
            return have + [{"name": n, "isEnabled": True} for n in REGISTRY_FEATURES if n not in names]

        features.resolve = with_registry


def _project_doc(p: Any) -> dict:
    return {"name": p.name, "description": p.description, "created_at": iso(p.created_at),
            "createdAt": iso(p.created_at), "updated_at": iso(p.updated_at), "updatedAt": iso(p.updated_at)}


def _entity_projects(ent: Any, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None,
                     filters: Any = None) -> dict:
    rows = ctx(info)["store"].projects_of(ent.name)
    if getattr(ent, "as_org_entity", False):
        rows = [p for p in rows if p.name.startswith(REGISTRY_PREFIX)]
    flt = parse_filters(filters)
    if flt:
        rows = [p for p in rows if matches(_project_doc(p), flt)]
    return connection(rows, after, first)


def _registries(info: GraphQLResolveInfo, ent: Any, project_filters: Any) -> list:
    flt = parse_filters(project_filters)
    rows = [p for p in ctx(info)["store"].projects_of(ent.name) if p.name.startswith(REGISTRY_PREFIX)]
    return [p for p in rows if matches(_project_doc(p), flt)] if flt else rows


def _collection_doc(info: GraphQLResolveInfo, c: Any) -> dict:
    store = ctx(info)["store"]
    tags = store.collection_tags_of(c.id)
    typ = store.artifact_type_by_id(c.type_id)
    return {"name": c.name, "description": c.description, "tag": tags, "tags": tags,
            "type": typ.name if typ else None, "created_at": iso(c.created_at), "createdAt": iso(c.created_at)}


@entity_type.field("artifactCollections")
def r_entity_collections(ent: Any, info: GraphQLResolveInfo, projectFilters: Any = None, filters: Any = None,  # noqa: N803
                         collectionTypes: list | None = None, after: str | None = None,  # noqa: N803
                         first: int | None = None) -> dict:
    kinds = [k.lower() for k in collectionTypes] if collectionTypes else ["sequence", "portfolio"]
    projects = _registries(info, ent, projectFilters)
    rows = ctx(info)["store"].collections_in_projects([p.id for p in projects], kinds)
    flt = parse_filters(filters)
    if flt:
        rows = [c for c in rows if matches(_collection_doc(info, c), flt)]
    return connection(rows, after, first)


@entity_type.field("artifactMemberships")
def r_entity_memberships(ent: Any, info: GraphQLResolveInfo, projectFilters: Any = None,  # noqa: N803
                         collectionFilters: Any = None, filters: Any = None, after: str | None = None,  # noqa: N803
                         first: int | None = None) -> dict:
    from wandb.server.gql_artifacts import _version_doc
    from wandb.server.gql_artifacts_links import membership

    store = ctx(info)["store"]
    projects = _registries(info, ent, projectFilters)
    colls = store.collections_in_projects([p.id for p in projects], ["portfolio"])
    cflt, vflt = parse_filters(collectionFilters), parse_filters(filters)
    if cflt:
        colls = [c for c in colls if matches(_collection_doc(info, c), cflt)]
    nodes = []
    for c in colls:
        for art, index in store.portfolio_versions(c.id, newest_first=True):
            if not vflt or matches(_version_doc(info, c, art, index), vflt):
                nodes.append(membership(info, c, art, index))
    return connection(nodes, after, first)


# ---- registry projects ----------------------------------------------------------------------

@project_type.field("allowAllArtifactTypesInRegistry")
def r_project_allow_all(p: Any, info: GraphQLResolveInfo) -> bool:
    row = ctx(info)["store"].registry_settings(p.id)
    return True if row is None else bool(row.allow_all_types)


@project_type.field("access")
def r_project_access(p: Any, info: GraphQLResolveInfo) -> str:
    row = ctx(info)["store"].registry_settings(p.id) if p.name.startswith(REGISTRY_PREFIX) else None
    return row.access if row is not None else "PROJECT"


@mutation.field("upsertModel")
def m_upsert_model(obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    """The general upsertModel, plus registry settings for ``wandb-registry-*`` projects."""
    from wandb.server import gql_mutation

    inp = dict(input or {})
    name = inp.get("name") or ""
    extra = {k: inp.pop(k, None) for k in ("allowAllArtifactTypesInRegistry", "artifactTypes")}
    if not name.startswith(REGISTRY_PREFIX):
        return gql_mutation.m_upsert_model(obj, info, input=inp)
    access = inp.pop("access", None)
    if access is not None and access not in ACCESS_VALUES:
        raise ClientError(f"access: expected one of {list(ACCESS_VALUES)}, got {access!r}")
    types = []
    for item in extra["artifactTypes"] or []:
        tname = item.get("name") if isinstance(item, dict) else None
        if not isinstance(tname, str) or not tname or "/" in tname or ":" in tname or len(tname) > 128:
            raise ClientError(f"artifactTypes: invalid type name {tname!r}")
        types.append(tname)
    out = gql_mutation.m_upsert_model(obj, info, input=inp)
    store = ctx(info)["store"]
    proj = out["project"]
    if not out.get("inserted") and inp.get("description") is not None:
        store.set_project_description(proj.id, inp["description"])
    allow_all = extra["allowAllArtifactTypesInRegistry"]
    store.upsert_registry_settings(proj.id, access, allow_all, types)
    store.ensure_types(proj.id, types)
    proj = store.project_by_id(proj.id)
    return {**out, "project": proj, "model": proj}


@mutation.field("deleteModel")
def m_delete_model(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = dict(input or {})
    pid = decode_id("Project", inp.get("id"))
    store = ctx(info)["store"]
    if pid is None or store.project_by_id(pid) is None:
        raise NotFound(f"id: no project with id {inp.get('id')!r}")
    return {"success": store.delete_project(pid), "clientMutationId": inp.get("clientMutationId")}


@mutation.field("renameProject")
def m_rename_project(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    from wandb.server.store import check_name

    inp = dict(input or {})
    store = ctx(info)["store"]
    entity = resolve_entity_name(info, inp.get("entityName"))
    old = store.project(entity, inp.get("oldProjectName") or "")
    new_name = check_name("newProjectName", inp.get("newProjectName"))
    if old is None:
        raise NotFound(f"oldProjectName: project {inp.get('oldProjectName')!r} not found")
    if old.name != new_name:
        store.rename_project(old.id, new_name)
    return {"project": store.project_by_id(old.id), "inserted": False,
            "clientMutationId": inp.get("clientMutationId")}


OBJECTS = [query, mutation, entity_type, user_type, project_type, _Shims()]
