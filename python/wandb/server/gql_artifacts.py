"""Artifact resolvers: create/manifest/files/commit/use, lookups by name or ID, file URLs."""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from typing import Any

from ariadne import InterfaceType, MutationType, ObjectType, QueryType
from graphql import GraphQLResolveInfo

from wandb.server.errors import ClientError, NotFound
from wandb.server.gql_artifacts_merge import merge_for_commit, record_base
from wandb.server.gql_query import ctx, resolve_entity_name
from wandb.server.gql_run import direct_url
from wandb.server.ids import decode_id, encode_id
from wandb.server.pagination import connection
from wandb.server.paths import check_file_name
from wandb.server.run_filters import iso
from wandb.server.store_artifacts import md5_b64_to_hex

_TAG = re.compile(r"^[-\w]+([ ]+[-\w]+)*$")

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
    store = ctx(info)["store"]
    store.expire_artifacts()
    return store.artifact_by_name(p.id, name) if name else None


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
    tags = _tag_names(inp.get("tags"), "tags")
    art = store.create_artifact(project.id, inp, run_pk)
    if tags:
        store.edit_tags(art.id, tags, [])
    return {"artifact": art}


def _manifest_payload(info: GraphQLResolveInfo, m: Any) -> dict:
    return {"artifactManifest": m}


@mutation.field("createArtifactManifest")
def m_create_manifest(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    name = check_file_name(inp.get("name"))
    m = ctx(info)["store"].create_manifest(art.id, name, inp.get("type") or "FULL", inp.get("digest"))
    if art.state == "PENDING":
        record_base(info, art, inp.get("type"), inp.get("baseArtifactID"))
    return _manifest_payload(info, m)


@mutation.field("updateArtifactManifest")
def m_update_manifest(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    mid = decode_id("ArtifactManifest", inp.get("artifactManifestID"))
    if mid is None:
        raise NotFound("artifactManifestID: no such manifest")
    m = ctx(info)["store"].update_manifest(mid, inp.get("digest"))
    art = ctx(info)["store"].artifact_by_id(m.artifact_id)
    if inp.get("baseArtifactID") and art is not None and art.state == "PENDING":
        record_base(info, art, m.kind, inp.get("baseArtifactID"))
    return _manifest_payload(info, m)


@mutation.field("createArtifactFiles")
def m_create_artifact_files(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    specs = inp.get("artifactFiles") or []
    store, blobs = ctx(info)["store"], ctx(info)["request"].app.state.blobs
    checked = []
    arts: dict[Any, Any] = {}
    for spec in specs:  # validate the whole batch before recording anything
        if spec.get("artifactID") not in arts:
            arts[spec.get("artifactID")] = _artifact(info, spec.get("artifactID"))
        art = arts[spec.get("artifactID")]
        parts = _check_parts(spec.get("uploadPartsInput"))
        checked.append((art, check_file_name(spec.get("name")), md5_b64_to_hex(spec.get("md5")), parts))
    edges = []
    births = store.add_artifact_files([(art.id, name, md5_hex) for art, name, md5_hex, _p in checked])
    birth_rows: dict[int, Any] = {}
    for (art, name, md5_hex, parts), birth in zip(checked, births):
        if birth not in birth_rows:
            birth_rows[birth] = store.artifact_by_id(birth)
        upload, multipart = None, None
        if not blobs.exists(md5_hex):
            if parts:
                # Each part is PUT to the blob URL of its own MD5 (content-addressed, verified on
                # arrival); completeMultipartUploadArtifact joins them into the file's blob.
                upload_id = store.create_multipart(art.id, md5_hex, parts)
                multipart = {"uploadID": upload_id, "uploadUrlParts": [
                    {"partNumber": p["partNumber"],
                     "uploadUrl": _signed(info, "ablob", p["hexMD5"], f"/artifact-blobs/{p['hexMD5']}")}
                    for p in parts]}
            else:
                upload = _signed(info, "ablob", md5_hex, f"/artifact-blobs/{md5_hex}")
        edges.append({"node": {"id": encode_id("ArtifactFile", art.id), "name": name, "storagePath": md5_hex,
                               "uploadUrl": upload, "uploadHeaders": [], "uploadMultipartUrls": multipart,
                               "artifact": birth_rows[birth]}, "cursor": None})
    return {"files": {"edges": edges, "pageInfo": {"hasNextPage": False, "hasPreviousPage": False}}}


def _check_parts(parts: Any) -> list[dict]:
    if not parts:
        return []
    out = []
    for i, p in enumerate(parts, 1):
        hex_md5 = str(p.get("hexMD5") or "").strip('"').lower()
        if p.get("partNumber") != i or len(hex_md5) != 32 or any(c not in "0123456789abcdef" for c in hex_md5):
            raise ClientError(f"uploadPartsInput: part {i}: expected partNumber {i} and a 32-digit hexMD5")
        out.append({"partNumber": i, "hexMD5": hex_md5})
    return out


@mutation.field("completeMultipartUploadArtifact")
def m_complete_multipart(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    """Join the uploaded parts (in order) into the blob ``storagePath``; checks the whole MD5."""
    from wandb.server.store_artifacts_multipart import join_parts

    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    store = ctx(info)["store"]
    up = store.multipart(str(inp.get("uploadID") or ""))
    if up is None or up.artifact_id != art.id or up.md5 != inp.get("storagePath"):
        raise NotFound("uploadID: no such multipart upload for this artifact and storagePath")
    expected = json.loads(up.parts)
    done = _check_parts(inp.get("completedParts"))
    if [p["hexMD5"] for p in done] != [p["hexMD5"] for p in expected]:
        raise ClientError("completedParts: the parts do not match the ones announced in createArtifactFiles")
    state = ctx(info)["request"].app.state
    join_parts(state, store, up.md5, [p["hexMD5"] for p in done])
    store.finish_multipart(up.upload_id)
    return {"digest": up.md5, "clientMutationId": inp.get("clientMutationId")}


@mutation.field("commitArtifact")
def m_commit_artifact(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    if art.state == "PENDING":
        art = merge_for_commit(info, art)  # distributed / incremental versions
    count = None
    sizes: dict[str, int] = {}
    if art.manifest_md5:
        try:
            raw = b"".join(ctx(info)["request"].app.state.blobs.iter_bytes(art.manifest_md5))
            contents = json.loads(raw).get("contents") or {}
            count = len(contents)
            sizes = {n: int(e["size"]) for n, e in contents.items()
                     if isinstance(e, dict) and isinstance(e.get("size"), int) and not e.get("ref")}
        except (ValueError, AttributeError, OSError):
            raise ClientError("artifactID: the uploaded manifest is not a valid manifest") from None
    if art.state == "PENDING":
        blobs = ctx(info)["request"].app.state.blobs
        missing = sorted({r.name for r in ctx(info)["store"].artifact_files_of(art.id) if not blobs.exists(r.md5)})
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise ClientError(f"artifactID: files were not uploaded: {shown}", status=409)
        if not art.manifest_md5:
            raise ClientError("artifactID: the manifest was not uploaded", status=409)
    return {"artifact": ctx(info)["store"].commit_artifact(art.id, count, sizes)}


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
    """Alias names for the artifact's own sequence (UpdateArtifact's ``aliases``)."""
    return [alias for cid, alias in _alias_targets(items, art, info) if cid == art.collection_id]


def _alias_targets(items: Any, art: Any, info: GraphQLResolveInfo) -> list[tuple[int, str]]:
    """(collection id, alias) pairs: the sequence, or a portfolio the version is linked into
    (named by ``artifactCollectionName`` plus optional ``entityName`` / ``projectName``)."""
    store = ctx(info)["store"]
    coll = store.collection_by_id(art.collection_id)
    out = []
    for item in items or []:
        alias = item.get("alias") if isinstance(item, dict) else None
        if not isinstance(alias, str) or not alias or len(alias) > 256 or alias.startswith("v") and alias[1:].isdigit():
            raise ClientError(f"aliases: invalid alias {alias!r} (names like vN are reserved)")
        other = item.get("artifactCollectionName")
        cid = coll.id
        if other and (other != coll.name or item.get("projectName") or item.get("entityName")):
            project_id = coll.project_id
            if item.get("projectName"):
                proj = store.project(resolve_entity_name(info, item.get("entityName")), item["projectName"])
                if proj is None:
                    raise NotFound(f"aliases: project {item['projectName']!r} not found")
                project_id = proj.id
            target = store.collection_by_name(project_id, other)
            if target is None or not store.alias_targets_valid(art.id, target.id):
                raise ClientError(f"aliases: the artifact is not a member of collection {other!r}")
            cid = target.id
        out.append((cid, alias))
    return out


@mutation.field("addAliases")
def m_add_aliases(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    ctx(info)["store"].add_aliases_in(art.id, _alias_targets(inp.get("aliases"), art, info))
    return {"success": True}


@mutation.field("deleteAliases")
def m_delete_aliases(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _inp(input)
    art = _artifact(info, inp.get("artifactID"))
    ctx(info)["store"].delete_aliases_in(art.id, _alias_targets(inp.get("aliases"), art, info))
    return {"success": True}


def _tag_names(items: Any, what: str) -> list[str]:
    names = []
    for item in items or []:
        name = item.get("tagName") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name or len(name) > 256 or not _TAG.match(name):
            raise ClientError(f"{what}: invalid tag {name!r} (letters, digits, spaces, '-', '_', '.')")
        names.append(name)
    return names


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
    if inp.get("tagsToAdd") or inp.get("tagsToDelete"):
        store.edit_tags(art.id, _tag_names(inp.get("tagsToAdd"), "tagsToAdd"),
                        _tag_names(inp.get("tagsToDelete"), "tagsToDelete"))
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
    """Aliases in the sequence, then in each portfolio it is linked into (with that link's vN)."""
    store = ctx(info)["store"]
    colls: dict[int, Any] = {}

    def coll(cid: int) -> Any:
        if cid not in colls:
            colls[cid] = store.collection_by_id(cid)
        return colls[cid]

    out = [{"id": encode_id("ArtifactAlias", al.id), "alias": al.alias, "artifactCollection": coll(al.collection_id)}
           for al in store.aliases_of(a.id)]
    for link in store.links_of(a.id):
        out.append({"id": encode_id("ArtifactAlias", 0), "alias": f"v{link.version_index}",
                    "artifactCollection": coll(link.collection_id)})
    return out


@artifact_type.field("tags")
def r_art_tags(a: Any, info: GraphQLResolveInfo) -> list:
    return [{"id": encode_id("Tag", i), "name": n, "tagCategoryName": None}
            for i, n in enumerate(ctx(info)["store"].tags_of(a.id))]


@artifact_type.field("ttlDurationSeconds")
def r_art_ttl(a: Any, _info: GraphQLResolveInfo) -> int:
    """Seconds (> 0), -2 when TTL is disabled, -1 when inherited (no team default here)."""
    return a.ttl_seconds if a.ttl_seconds is not None else -1


@artifact_type.field("ttlIsInherited")
def r_art_ttl_inherited(a: Any, _info: GraphQLResolveInfo) -> bool:
    return a.ttl_seconds is None or a.ttl_seconds == -1


@artifact_type.field("currentManifest")
def r_art_manifest(a: Any, info: GraphQLResolveInfo) -> Any:
    if not a.manifest_md5:
        return None
    return {"id": encode_id("ArtifactManifest", a.id),
            "file": {"id": encode_id("File", a.id), "directUrl": direct_url(ctx(info), a.manifest_md5),
                     "uploadUrl": None, "uploadHeaders": []}}


@artifact_type.field("size")
def r_art_size(a: Any, info: GraphQLResolveInfo) -> int:
    """Bytes stored for this version (files in the manifest; references count 0)."""
    return sum(r.size or 0 for r in ctx(info)["store"].artifact_files_of(a.id))


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
              "storagePath": r.md5, "sizeBytes": r.size, "mimetype": mimetypes.guess_type(r.name)[0],
              "updatedAt": None} for r in rows]
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
                             first: int | None = None, includeAll: bool | None = None) -> dict:  # noqa: N803
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


def _coll_versions(c: Any, info: GraphQLResolveInfo, newest_first: bool = True) -> list[tuple[Any, int]]:
    store = ctx(info)["store"]
    if c.kind == "portfolio":
        return store.portfolio_versions(c.id, newest_first)
    return [(r, r.version_index) for r in store.collection_versions(c.id, newest_first)]


def _version_doc(info: GraphQLResolveInfo, c: Any, art: Any, index: int) -> dict:
    store = ctx(info)["store"]
    aliases = [al.alias for al in store.aliases_of(art.id) if al.collection_id == c.id]
    return {"alias": aliases, "aliases": aliases, "tag": store.tags_of(art.id), "tags": store.tags_of(art.id),
            "version": f"v{index}", "versionIndex": index, "digest": art.digest, "state": art.state,
            "description": art.description, "metadata": json.loads(art.metadata or "null") or {},
            "created_at": iso(art.created_at), "createdAt": iso(art.created_at),
            "updated_at": iso(art.updated_at), "updatedAt": iso(art.updated_at),
            "name": f"{c.name}:v{index}"}


def _coll_artifacts(c: Any, info: GraphQLResolveInfo, filters: Any = None, after: str | None = None,
                    first: int | None = None, order: str | None = None) -> dict:
    from wandb.server.run_filters import matches, parse_filters

    flt = parse_filters(filters)
    items = _coll_versions(c, info, newest_first=(order or "-createdAt").startswith("-"))
    if flt:
        items = [(a, i) for a, i in items if matches(_version_doc(info, c, a, i), flt)]
    conn = connection([a for a, _ in items], after, first)
    index_of = {a.id: i for a, i in items}
    for e in conn["edges"]:
        e["version"] = f"v{index_of[e['node'].id]}"
    return conn


def _coll_tags(c: Any, info: GraphQLResolveInfo) -> dict:
    names = ctx(info)["store"].collection_tags_of(c.id)
    return {"edges": [{"node": {"id": encode_id("Tag", i), "name": n, "tagCategoryName": None}}
                      for i, n in enumerate(names)]}


def _coll_membership(c: Any, info: GraphQLResolveInfo, aliasName: str | None = None) -> Any:  # noqa: N803
    from wandb.server.gql_artifacts_links import membership

    store = ctx(info)["store"]
    if not aliasName:
        return None
    art = (store.portfolio_artifact(c.id, aliasName) if c.kind == "portfolio"
           else store.artifact_by_name(c.project_id, f"{c.name}:{aliasName}"))
    return membership(info, c, art) if art is not None else None


for _obj in (sequence_type, portfolio_type):
    _obj.set_field("tags", _coll_tags)
    _obj.set_field("aliases", _coll_aliases)
    _obj.set_field("artifacts", _coll_artifacts)
    _obj.set_field("state", lambda c, _i: getattr(c, "state", None) or "READY")
    _obj.set_field("defaultArtifactType", lambda c, info: ctx(info)["store"].artifact_type_by_id(c.type_id))
    _obj.set_field("artifactMembership", _coll_membership)


@project_type.field("artifactCollection")
def r_project_collection(p: Any, info: GraphQLResolveInfo, name: str | None = None) -> Any:
    return ctx(info)["store"].collection_by_name(p.id, name) if name else None


@project_type.field("artifactCollections")
def r_project_collections(p: Any, info: GraphQLResolveInfo, after: str | None = None, first: int | None = None,
                          collectionTypes: list | None = None) -> dict:  # noqa: N803
    kinds = [k.lower() for k in collectionTypes] if collectionTypes else ["sequence", "portfolio"]
    return connection(ctx(info)["store"].collections_in_projects([p.id], kinds), after, first)


def _objects() -> list:
    from wandb.server import gql_artifacts_links, gql_artifacts_registry

    return [query, mutation, artifact_type, art_type_type, sequence_type, portfolio_type, collection_iface,
            manifest_type, project_type, run_type, *gql_artifacts_links.OBJECTS, *gql_artifacts_registry.OBJECTS]


OBJECTS = _objects()
