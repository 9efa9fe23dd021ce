"""Resolvers: links into portfolios, memberships, usage, collection edits and collection tags."""

from __future__ import annotations

from typing import Any

from ariadne import MutationType, ObjectType
from graphql import GraphQLResolveInfo

from wandb.server.errors import ClientError, NotFound
from wandb.server.gql_artifacts import _artifact, _inp, _tag_names, r_art_files
from wandb.server.gql_query import ctx, resolve_entity_name
from wandb.server.ids import decode_id, encode_id
from wandb.server.pagination import connection
from wandb.server.store_artifacts_links import REGISTRY_PREFIX

mutation = MutationType()
artifact_type = ObjectType("Artifact")
membership_type = ObjectType("ArtifactCollectionMembership")


def membership(info: GraphQLResolveInfo, coll: Any, art: Any, index: int | None = None) -> dict:
    """An ArtifactCollectionMembership: version ``art`` as seen in collection ``coll``."""
    store = ctx(info)["store"]
    if index is None:
        if coll.kind == "portfolio":
            link = next((lk for lk in store.links_of(art.id) if lk.collection_id == coll.id), None)
            index = link.version_index if link is not None else None
        else:
            index = art.version_index
    aliases = [{"id": encode_id("ArtifactAlias", al.id), "alias": al.alias, "artifactCollection": coll}
               for al in store.aliases_of(art.id) if al.collection_id == coll.id]
    return {"id": encode_id("ArtifactCollectionMembership", art.id * 1_000_003 + coll.id),
            "versionIndex": index, "aliases": aliases, "artifactCollection": coll, "artifact": art}


@membership_type.field("files")
def r_membership_files(m: dict, info: GraphQLResolveInfo, **kw: Any) -> dict:
    return r_art_files(m["artifact"], info, **kw)


@artifact_type.field("artifactMemberships")
def r_art_memberships(a: Any, info: GraphQLResolveInfo, after: str | None = None, first: int | None = None) -> dict:
    store = ctx(info)["store"]
    nodes = [membership(info, store.collection_by_id(a.collection_id), a)]
    nodes += [membership(info, store.collection_by_id(lk.collection_id), a, lk.version_index)
              for lk in store.links_of(a.id)]
    return connection(nodes, after, first)


@artifact_type.field("artifactCollections")
def r_art_collections(a: Any, info: GraphQLResolveInfo, after: str | None = None, first: int | None = None) -> dict:
    store = ctx(info)["store"]
    colls = [store.collection_by_id(a.collection_id)] + [store.collection_by_id(lk.collection_id)
                                                          for lk in store.links_of(a.id)]
    return connection(colls, after, first)


@artifact_type.field("usedBy")
def r_art_used_by(a: Any, info: GraphQLResolveInfo, after: str | None = None, first: int | None = None) -> dict:
    return connection(ctx(info)["store"].runs_using(a.id), after, first)


# ---- link / unlink ----------------------------------------------------------------------------

@mutation.field("linkArtifact")
def m_link_artifact(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    """Link a committed version into a portfolio (``wandb-registry-*`` projects must exist)."""
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    store = ctx(info)["store"]
    if inp.get("artifactPortfolioID"):
        cid = decode_id("ArtifactCollection", inp["artifactPortfolioID"])
        coll = store.collection_by_id(cid) if cid is not None else None
        if coll is None or coll.kind != "portfolio":
            raise NotFound("artifactPortfolioID: no such portfolio")
        project, name = store.project_by_id(coll.project_id), coll.name
    else:
        name = inp.get("artifactPortfolioName")
        if not isinstance(name, str) or not name or "/" in name or ":" in name or len(name) > 128:
            raise ClientError(f"artifactPortfolioName: expected a name without '/' or ':', got {name!r}")
        entity = resolve_entity_name(info, inp.get("entityName"))
        project_name = inp.get("projectName") or "uncategorized"
        if project_name.startswith(REGISTRY_PREFIX):
            project = store.project(entity, project_name)
            if project is None:
                raise NotFound(f"projectName: registry {project_name[len(REGISTRY_PREFIX):]!r} not found in "
                               f"organization {entity!r}; create it first (api.create_registry)")
        else:
            project = store.ensure_project(entity, project_name)
    aliases = []
    for item in inp.get("aliases") or []:
        alias = item.get("alias") if isinstance(item, dict) else None
        if not isinstance(alias, str) or not alias or len(alias) > 256 or alias.startswith("v") and alias[1:].isdigit():
            raise ClientError(f"aliases: invalid alias {alias!r} (names like vN are reserved)")
        aliases.append(alias)
    coll, index = store.link_artifact(art.id, project.id, name, aliases)
    return {"versionIndex": index, "artifactCollection": coll,
            "artifactMembership": membership(info, coll, store.artifact_by_id(art.id), index),
            "clientMutationId": inp.get("clientMutationId")}


@mutation.field("unlinkArtifact")
def m_unlink_artifact(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    cid = decode_id("ArtifactCollection", inp.get("artifactPortfolioID"))
    store = ctx(info)["store"]
    coll = store.collection_by_id(cid) if cid is not None else None
    if coll is None or coll.kind != "portfolio":
        raise NotFound("artifactPortfolioID: no such portfolio")
    if not store.unlink_artifact(art.id, coll.id):
        raise NotFound("artifactID: the artifact is not linked into this portfolio")
    return {"artifactID": encode_id("Artifact", art.id), "success": True,
            "clientMutationId": inp.get("clientMutationId")}


# ---- collection edits ---------------------------------------------------------------------

def _collection(info: GraphQLResolveInfo, value: Any, kind: str, what: str) -> Any:
    cid = decode_id("ArtifactCollection", value)
    coll = ctx(info)["store"].collection_by_id(cid) if cid is not None else None
    if coll is None or coll.kind != kind:
        raise NotFound(f"{what}: no artifact {kind} with id {value!r}")
    return coll


@mutation.field("deleteArtifactSequence")
def m_delete_sequence(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    coll = _collection(info, inp.get("artifactSequenceID"), "sequence", "artifactSequenceID")
    return {"artifactCollection": ctx(info)["store"].delete_collection(coll.id)}


@mutation.field("deleteArtifactPortfolio")
def m_delete_portfolio(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    coll = _collection(info, inp.get("artifactPortfolioID"), "portfolio", "artifactPortfolioID")
    return {"artifactCollection": ctx(info)["store"].delete_collection(coll.id)}


def _check_collection_name(name: Any) -> None:
    if name is not None and (not isinstance(name, str) or not name or "/" in name or ":" in name or len(name) > 128):
        raise ClientError(f"name: expected a name without '/' or ':', got {name!r}")


@mutation.field("updateArtifactSequence")
def m_update_sequence(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    coll = _collection(info, inp.get("artifactSequenceID"), "sequence", "artifactSequenceID")
    _check_collection_name(inp.get("name"))
    return {"artifactCollection": ctx(info)["store"].update_collection(coll.id, inp.get("name"), inp.get("description"))}


@mutation.field("updateArtifactPortfolio")
def m_update_portfolio(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    coll = _collection(info, inp.get("artifactPortfolioID"), "portfolio", "artifactPortfolioID")
    _check_collection_name(inp.get("name"))
    return {"artifactCollection": ctx(info)["store"].update_collection(coll.id, inp.get("name"), inp.get("description"))}


@mutation.field("moveArtifactSequence")
def m_move_sequence(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    coll = _collection(info, inp.get("artifactSequenceID"), "sequence", "artifactSequenceID")
    type_name = inp.get("destinationArtifactTypeName")
    if not isinstance(type_name, str) or not type_name or "/" in type_name or ":" in type_name:
        raise ClientError(f"destinationArtifactTypeName: expected a type name, got {type_name!r}")
    return {"artifactCollection": ctx(info)["store"].move_collection(coll.id, type_name)}


def _named_collection(info: GraphQLResolveInfo, inp: dict) -> Any:
    store = ctx(info)["store"]
    project = store.project(resolve_entity_name(info, inp.get("entityName")), inp.get("projectName") or "")
    coll = store.collection_by_name(project.id, inp.get("artifactCollectionName") or "") if project else None
    if coll is None:
        raise NotFound(f"artifactCollectionName: collection {inp.get('artifactCollectionName')!r} not found")
    return coll


@mutation.field("createArtifactCollectionTagAssignments")
def m_add_collection_tags(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    coll = _named_collection(info, inp)
    names = _tag_names(inp.get("tags"), "tags")
    ctx(info)["store"].edit_collection_tags(coll.id, names, [])
    return {"tags": [{"id": encode_id("Tag", i), "name": n, "tagCategoryName": None} for i, n in enumerate(names)]}


@mutation.field("deleteArtifactCollectionTagAssignments")
def m_delete_collection_tags(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    coll = _named_collection(info, inp)
    ctx(info)["store"].edit_collection_tags(coll.id, [], _tag_names(inp.get("tags"), "tags"))
    return {"success": True}


OBJECTS = [mutation, artifact_type, membership_type]
