"""Artifact resolvers: create/manifest/files/commit/use, lookups by name or ID, file URLs."""

from __future__ import annotations

import base64
import json
from typing import Any

from ariadne import InterfaceType, MutationType, ObjectType, QueryType
from graphql import GraphQLResolveInfo

from wandb.server.errors import ClientError, NotFound
from wandb.server.gql_query import ctx, resolve_entity_name
from wandb.server.gql_run import direct_url
from wandb.server.ids import decode_id, encode_id
from wandb.server.pagination import connection
from wandb.server.paths import check_file_name
from wandb.server.run_filters import iso
from wandb.server.store_artifacts import md5_b64_to_hex

query = QueryType()
mutation = MutationType()
artifact_type = ObjectType("Artifact")
art_type_type = ObjectType("ArtifactType")
sequence_type = ObjectType("ArtifactSequence")
portfolio_type = ObjectType("ArtifactPortfolio")
collection_iface = InterfaceType("ArtifactCollection")
manifest_type = ObjectType("ArtifactManifest")
project_type = ObjectType("Project")
run_type = ObjectType("Run")


def _artifact(info: GraphQLResolveInfo, value: Any, what: str = "artifactID") -> Any:
    aid = decode_id("Artifact", value)
    art = ctx(info)["store"].artifact_by_id(aid) if aid is not None else None
    if art is None:
        raise NotFound(f"{what}: no artifact with id {value!r}")
    return art


def _signed(info: GraphQLResolveInfo, purpose: str, subject: str, path: str) -> str:
    c = ctx(info)
    return f"{c['base_url']}{path}?{c['signer'].query(purpose, subject, c['config'].upload_url_ttl_s)}"


# ---- queries --------------------------------------------------------------------------------

@query.field("artifact")
def r_artifact(_obj: Any, info: GraphQLResolveInfo, id: str | None = None) -> Any:  # noqa: A002
    aid = decode_id("Artifact", id)
    return ctx(info)["store"].artifact_by_id(aid) if aid is not None else None


@query.field("clientIDMapping")
def r_client_id_mapping(_obj: Any, info: GraphQLResolveInfo, clientID: str | None = None) -> Any:  # noqa: N803
    art = ctx(info)["store"].artifact_by_client_id(clientID) if clientID else None
    return {"serverID": encode_id("Artifact", art.id)} if art is not None else None


@project_type.field("artifact")
def r_project_artifact(p: Any, info: GraphQLResolveInfo, name: str | None = None, enableTracking: Any = None) -> Any:  # noqa: N803
    return ctx(info)["store"].artifact_by_name(p.id, name) if name else None


def _versioned(info: GraphQLResolveInfo, rows: list, after: str | None, first: int | None) -> dict:
    conn = connection(rows, after, first)
    for e in conn["edges"]:
        e["version"] = f"v{e['node'].version_index}"
    return conn


@run_type.field("outputArtifacts")
def r_run_output_artifacts(r: Any, info: GraphQLResolveInfo, after: str | None = None, first: int | None = None) -> dict:
    return _versioned(info, ctx(info)["store"].artifacts_of_run(r.id, used=False), after, first)


@run_type.field("inputArtifacts")
def r_run_input_artifacts(r: Any, info: GraphQLResolveInfo, after: str | None = None, first: int | None = None) -> dict:
    return _versioned(info, ctx(info)["store"].artifacts_of_run(r.id, used=True), after, first)


# ---- mutations ------------------------------------------------------------------------------

def _inp(input: Any) -> dict:  # noqa: A002
    if input is None:
        raise ClientError("input: required")
    return dict(input)


@mutation.field("createArtifact")
def m_create_artifact(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    store = ctx(info)["store"]
    if not inp.get("projectName"):
        raise ClientError("projectName: required")
    entity = resolve_entity_name(info, inp.get("entityName"))
    project = store.ensure_project(entity, inp["projectName"])
    run_pk = None
    if inp.get("runName"):
        run = store.run_by_name(entity, project.name, inp["runName"])
        run_pk = run.id if run is not None else None
    return {"artifact": store.create_artifact(project.id, inp, run_pk)}


def _manifest_payload(info: GraphQLResolveInfo, m: Any) -> dict:
    return {"artifactManifest": m}


@mutation.field("createArtifactManifest")
def m_create_manifest(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    name = check_file_name(inp.get("name"))
    m = ctx(info)["store"].create_manifest(art.id, name, inp.get("type") or "FULL", inp.get("digest"))
    return _manifest_payload(info, m)


@mutation.field("updateArtifactManifest")
def m_update_manifest(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    mid = decode_id("ArtifactManifest", inp.get("artifactManifestID"))
    if mid is None:
        raise NotFound("artifactManifestID: no such manifest")
    return _manifest_payload(info, ctx(info)["store"].update_manifest(mid, inp.get("digest")))


@mutation.field("createArtifactFiles")
def m_create_artifact_files(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    specs = inp.get("artifactFiles") or []
    store, blobs = ctx(info)["store"], ctx(info)["request"].app.state.blobs
    checked = []
    for spec in specs:  # validate the whole batch before recording anything
        art = _artifact(info, spec.get("artifactID"))
        checked.append((art, check_file_name(spec.get("name")), md5_b64_to_hex(spec.get("md5"))))
    edges = []
    for art, name, md5_hex in checked:
        birth = store.add_artifact_file(art.id, name, md5_hex)
        upload = None if blobs.exists(md5_hex) else _signed(info, "ablob", md5_hex, f"/artifact-blobs/{md5_hex}")
        edges.append({"node": {"id": encode_id("ArtifactFile", art.id), "name": name, "storagePath": md5_hex,
                               "uploadUrl": upload, "uploadHeaders": [], "uploadMultipartUrls": None,
                               "artifact": store.artifact_by_id(birth)}, "cursor": None})
    return {"files": {"edges": edges, "pageInfo": {"hasNextPage": False, "hasPreviousPage": False}}}


@mutation.field("commitArtifact")
def m_commit_artifact(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    count = None
    if art.manifest_md5:
        try:
            raw = b"".join(ctx(info)["request"].app.state.blobs.iter_bytes(art.manifest_md5))
            count = len(json.loads(raw).get("contents") or {})
        except (ValueError, AttributeError, OSError):
            raise ClientError("artifactID: the uploaded manifest is not a valid manifest") from None
    return {"artifact": ctx(info)["store"].commit_artifact(art.id, count)}


@mutation.field("useArtifact")
def m_use_artifact(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    store = ctx(info)["store"]
    if inp.get("runName") and inp.get("projectName"):
        run = store.run_by_name(resolve_entity_name(info, inp.get("entityName")), inp["projectName"], inp["runName"])
        if run is not None:
            store.use_artifact(run.id, art.id, inp.get("usedAs"))
    return {"artifact": art}


def _alias_names(items: Any, art: Any, info: GraphQLResolveInfo) -> list[str]:
    coll = ctx(info)["store"].collection_by_id(art.collection_id)
    names = []
    for item in items or []:
        alias = item.get("alias") if isinstance(item, dict) else None
        if not isinstance(alias, str) or not alias or len(alias) > 256 or alias.startswith("v") and alias[1:].isdigit():
            raise ClientError(f"aliases: invalid alias {alias!r} (names like vN are reserved)")
        other = item.get("artifactCollectionName")
        if other and other != coll.name:
            raise ClientError(f"aliases: collection {other!r} is not this artifact's collection {coll.name!r}")
        names.append(alias)
    return names


@mutation.field("addAliases")
def m_add_aliases(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    ctx(info)["store"].add_aliases(art.id, _alias_names(inp.get("aliases"), art, info))
    return {"success": True}


@mutation.field("deleteAliases")
def m_delete_aliases(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    ctx(info)["store"].delete_aliases(art.id, _alias_names(inp.get("aliases"), art, info))
    return {"success": True}


@mutation.field("updateArtifact")
def m_update_artifact(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    values: dict[str, Any] = {}
    if "description" in inp:
        values["description"] = inp["description"]
    if inp.get("metadata") is not None:
        try:
            json.loads(inp["metadata"])
        except (TypeError, ValueError):
            raise ClientError("metadata: expected a JSON-encoded string") from None
        values["metadata"] = inp["metadata"]
    if inp.get("ttlDurationSeconds") is not None:
        values["ttl_seconds"] = inp["ttlDurationSeconds"]
    store = ctx(info)["store"]
    if inp.get("aliases") is not None:
        store.set_aliases_exactly(art.id, _alias_names(inp["aliases"], art, info))
    return {"artifact": store.update_artifact(art.id, values)}


@mutation.field("deleteArtifact")
def m_delete_artifact(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    return {"artifact": ctx(info)["store"].delete_artifact(art.id, bool(inp.get("deleteAliases")))}


# ---- Artifact fields ------------------------------------------------------------------------

_SIMPLE = {"digest": "digest", "state": "state", "description": "description", "metadata": "metadata",
           "versionIndex": "version_index", "historyStep": "history_step", "fileCount": "file_count"}
for _f, _col in _SIMPLE.items():
    artifact_type.set_field(_f, lambda a, _i, _c=_col: getattr(a, _c))


@artifact_type.field("id")
def r_art_id(a: Any, _info: GraphQLResolveInfo) -> str:
    return encode_id("Artifact", a.id)


@artifact_type.field("artifactType")
def r_art_type(a: Any, info: GraphQLResolveInfo) -> Any:
    coll = ctx(info)["store"].collection_by_id(a.collection_id)
    return ctx(info)["store"].artifact_type_by_id(coll.type_id)


@artifact_type.field("artifactSequence")
def r_art_sequence(a: Any, info: GraphQLResolveInfo) -> Any:
    return ctx(info)["store"].collection_by_id(a.collection_id)


@artifact_type.field("aliases")
def r_art_aliases(a: Any, info: GraphQLResolveInfo) -> list:
    store = ctx(info)["store"]
    return [{"id": encode_id("ArtifactAlias", al.id), "alias": al.alias,
             "artifactCollection": store.collection_by_id(al.collection_id)} for al in store.aliases_of(a.id)]


@artifact_type.field("tags")
def r_art_tags(_a: Any, _info: GraphQLResolveInfo) -> list:
    return []


@artifact_type.field("ttlDurationSeconds")
def r_art_ttl(a: Any, _info: GraphQLResolveInfo) -> int:
    return a.ttl_seconds if a.ttl_seconds is not None else -1


@artifact_type.field("ttlIsInherited")
def r_art_ttl_inherited(a: Any, _info: GraphQLResolveInfo) -> bool:
    return a.ttl_seconds is None or a.ttl_seconds < 0


@artifact_type.field("currentManifest")
def r_art_manifest(a: Any, info: GraphQLResolveInfo) -> Any:
    if not a.manifest_md5:
        return None
    return {"id": encode_id("ArtifactManifest", a.id),
            "file": {"id": encode_id("File", a.id), "directUrl": direct_url(ctx(info), a.manifest_md5),
                     "uploadUrl": None, "uploadHeaders": []}}


@artifact_type.field("commitHash")
def r_art_commit_hash(a: Any, _info: GraphQLResolveInfo) -> str | None:
    return a.digest[:12] if a.state == "COMMITTED" else None


@artifact_type.field("createdAt")
def r_art_created(a: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(a.created_at)


@artifact_type.field("updatedAt")
def r_art_updated(a: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(a.updated_at)


@artifact_type.field("createdBy")
def r_art_created_by(a: Any, info: GraphQLResolveInfo) -> Any:
    return ctx(info)["store"].run_by_id(a.run_id) if a.run_id else None


@artifact_type.field("files")
def r_art_files(a: Any, info: GraphQLResolveInfo, after: str | None = None, first: int | None = None,
                names: list | None = None) -> dict:
    c = ctx(info)
    rows = c["store"].artifact_files_of(a.id)
    if names:
        rows = [r for r in rows if r.name in names]
    nodes = [{"id": encode_id("ArtifactFile", r.id), "name": r.name, "displayName": r.name,
              "directUrl": direct_url(c, r.md5), "url": direct_url(c, r.md5),
              "md5": base64.b64encode(bytes.fromhex(r.md5)).decode(), "digest": r.md5,
              "storagePath": r.md5, "sizeBytes": None, "mimetype": None, "updatedAt": None} for r in rows]
    return connection(nodes, after, first)


# ---- types, collections, manifests ----------------------------------------------------------

@art_type_type.field("id")
def r_type_id(t: Any, _info: GraphQLResolveInfo) -> str:
    return encode_id("ArtifactType", t.id)


@art_type_type.field("createdAt")
def r_type_created(t: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(t.created_at)


@collection_iface.type_resolver
def r_collection_type(coll: Any, *_: Any) -> str:
    return "ArtifactPortfolio" if coll.kind == "portfolio" else "ArtifactSequence"


for _obj in (sequence_type, portfolio_type):
    _obj.set_field("id", lambda c, _i: encode_id("ArtifactCollection", c.id))
    _obj.set_field("createdAt", lambda c, _i: iso(c.created_at))
    _obj.set_field("project", lambda c, info: ctx(info)["store"].project_by_id(c.project_id))


@sequence_type.field("latestArtifact")
def r_seq_latest(c: Any, info: GraphQLResolveInfo) -> Any:
    return ctx(info)["store"].latest_committed(c.id)


@manifest_type.field("id")
def r_manifest_id(m: Any, _info: GraphQLResolveInfo) -> str:
    return m["id"] if isinstance(m, dict) else encode_id("ArtifactManifest", m.id)


@manifest_type.field("file")
def r_manifest_file(m: Any, info: GraphQLResolveInfo) -> dict:
    if isinstance(m, dict):
        return m["file"]
    url = _signed(info, "amanifest", str(m.id), f"/artifact-manifests/{m.id}")
    return {"id": encode_id("File", m.id), "uploadUrl": url, "uploadHeaders": [], "directUrl": None}


@project_type.field("artifactType")
def r_project_artifact_type(p: Any, info: GraphQLResolveInfo, name: str | None = None) -> Any:
    return ctx(info)["store"].artifact_type_by_name(p.id, name) if name else None


@project_type.field("artifactTypes")
def r_project_artifact_types(p: Any, info: GraphQLResolveInfo, after: str | None = None,
                             first: int | None = None) -> dict:
    return connection(ctx(info)["store"].artifact_types_of(p.id), after, first)


@art_type_type.field("artifact")
def r_type_artifact(t: Any, info: GraphQLResolveInfo, name: str | None = None) -> Any:
    store = ctx(info)["store"]
    art = store.artifact_by_name(t.project_id, name) if name else None
    if art is None or store.collection_by_id(art.collection_id).type_id != t.id:
        return None
    return art


def _typed_collection(info: GraphQLResolveInfo, t: Any, name: str | None) -> Any:
    coll = ctx(info)["store"].collection_by_name(t.project_id, name) if name else None
    return coll if coll is not None and coll.type_id == t.id else None


@art_type_type.field("artifactCollection")
def r_type_collection(t: Any, info: GraphQLResolveInfo, name: str | None = None) -> Any:
    return _typed_collection(info, t, name)


@art_type_type.field("artifactSequence")
def r_type_sequence(t: Any, info: GraphQLResolveInfo, name: str | None = None) -> Any:
    coll = _typed_collection(info, t, name)
    return coll if coll is not None and coll.kind == "sequence" else None


@art_type_type.field("artifactCollections")
def r_type_collections(t: Any, info: GraphQLResolveInfo, after: str | None = None, first: int | None = None) -> dict:
    return connection(ctx(info)["store"].collections_of_type(t.id), after, first)


def _coll_aliases(c: Any, info: GraphQLResolveInfo, after: str | None = None, first: int | None = None) -> dict:
    rows = ctx(info)["store"].collection_aliases(c.id)
    return connection([{"id": encode_id("ArtifactAlias", r.id), "alias": r.alias, "artifactCollection": c}
                       for r in rows], after, first)


def _coll_artifacts(c: Any, info: GraphQLResolveInfo, filters: Any = None, after: str | None = None,
                    first: int | None = None, order: str | None = None) -> dict:
    rows = ctx(info)["store"].collection_versions(c.id, newest_first=(order or "-createdAt").startswith("-"))
    return _versioned(info, rows, after, first)


for _obj in (sequence_type, portfolio_type):
    _obj.set_field("tags", lambda c, _i: {"edges": []})
    _obj.set_field("aliases", _coll_aliases)
    _obj.set_field("artifacts", _coll_artifacts)


OBJECTS = [query, mutation, artifact_type, art_type_type, sequence_type, portfolio_type, collection_iface,
           manifest_type, project_type, run_type]
