"""Mutation resolvers: runs, run files, alerts, stop/delete, users and API keys."""

from __future__ import annotations

from typing import Any

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from wandb.server.errors import ClientError, Forbidden, NotFound
from wandb.server.gql_query import ctx, resolve_entity_name
from wandb.server.gql_run import upload_url
from wandb.server.ids import decode_id, encode_id
from wandb.server.paths import check_file_name

mutation = MutationType()


def _input(inp: Any) -> dict:
    if inp is None:
        raise ClientError("input: required")
    return dict(inp)


@mutation.field("upsertBucket")
def m_upsert_bucket(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    c = ctx(info)
    row, inserted = c["store"].upsert_run(c["user"], _input(input))
    return {"bucket": row, "inserted": inserted, "updateAvailable": False,
            "clientMutationId": (input or {}).get("clientMutationId")}


def _run_for(info: GraphQLResolveInfo, entity: str | None, project: str | None, run: str | None) -> Any:
    if not project or not run:
        raise ClientError("projectName and runName: required")
    return ctx(info)["store"].require_run(resolve_entity_name(info, entity), project, run)


@mutation.field("createRunFiles")
def m_create_run_files(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _input(input)
    names = inp.get("files")
    if not isinstance(names, list):
        raise ClientError("files: expected a list of file names")
    names = [check_file_name(n) for n in names]  # all-or-nothing: one bad name rejects the batch
    run = _run_for(info, inp.get("entityName"), inp.get("projectName"), inp.get("runName"))
    c = ctx(info)
    return {
        "runID": encode_id("Run", run.id),
        "uploadHeaders": [],
        "files": [{"name": n, "uploadUrl": upload_url(c, run.id, n)} for n in names],
        "clientMutationId": inp.get("clientMutationId"),
    }


@mutation.field("notifyScriptableRunAlert")
def m_notify_alert(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _input(input)
    run = _run_for(info, inp.get("entityName"), inp.get("projectName"), inp.get("runName"))
    if not isinstance(inp.get("title"), str) or not isinstance(inp.get("text"), str):
        raise ClientError("title and text: required strings")
    ctx(info)["store"].add_alert(run.id, inp["title"], inp["text"], inp.get("severity") or "INFO",
                                 inp.get("waitDuration"))
    return {"success": True, "clientMutationId": inp.get("clientMutationId")}


def _run_pk(value: Any) -> int:
    pk = decode_id("Run", value)
    if pk is None:
        raise NotFound(f"id: no run with id {value!r}")
    return pk


@mutation.field("stopRun")
def m_stop_run(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _input(input)
    if not ctx(info)["store"].set_stopped(_run_pk(inp.get("id"))):
        raise NotFound(f"id: no run with id {inp.get('id')!r}")
    return {"success": True, "clientMutationId": inp.get("clientMutationId")}


@mutation.field("deleteRun")
def m_delete_run(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _input(input)
    if not ctx(info)["store"].delete_run(_run_pk(inp.get("id"))):
        raise NotFound(f"id: no run with id {inp.get('id')!r}")
    return {"success": True, "clientMutationId": inp.get("clientMutationId")}


@mutation.field("deleteFiles")
def m_delete_files(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _input(input)
    ids = [decode_id("File", f) for f in inp.get("files") or []]
    if any(i is None for i in ids):
        raise ClientError("files: expected file IDs returned by the server")
    ctx(info)["store"].delete_files(ids)
    return {"success": True, "clientMutationId": inp.get("clientMutationId")}


@mutation.field("upsertModel")
def m_upsert_model(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _input(input)
    if not inp.get("name"):
        raise ClientError("name: required")
    store = ctx(info)["store"]
    entity = resolve_entity_name(info, inp.get("entityName"))
    existed = store.project(entity, inp["name"]) is not None
    proj = store.ensure_project(entity, inp["name"], inp.get("description"))
    return {"project": proj, "model": proj, "inserted": not existed,
            "clientMutationId": inp.get("clientMutationId")}


def _require_admin(info: GraphQLResolveInfo) -> None:
    if not ctx(info)["user"].admin:
        raise Forbidden("admin privileges required")


@mutation.field("createUser")
@mutation.field("createUserFromAdmin")
def m_create_user(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    _require_admin(info)
    inp = _input(input)
    username = inp.get("username") or (inp.get("email") or "").split("@")[0]
    if not username:
        raise ClientError("username: required (or an email to derive it from)")
    user = ctx(info)["store"].create_user(username, inp.get("email"), bool(inp.get("admin")), inp.get("name"))
    return {"user": user, "clientMutationId": inp.get("clientMutationId")}


@mutation.field("generateApiKey")
def m_generate_api_key(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = dict(input or {})
    c = ctx(info)
    store, viewer = c["store"], c["user"]
    target = viewer
    if inp.get("userId") or inp.get("username"):
        if inp.get("userId"):
            uid = decode_id("User", inp["userId"])
            target = store.user_by_id(uid) if uid is not None else None
        else:
            target = store.user_by_name(inp["username"])
        if target is None:
            raise NotFound("user not found")
        if target.id != viewer.id:
            _require_admin(info)
    key, row = store.add_api_key(target.id, description=inp.get("description"))
    # The key itself is only ever returned here (name holds it, as W&B's GenerateApiKey does).
    return {"apiKey": {"id": encode_id("ApiKey", row.id), "name": key, "description": row.description},
            "clientMutationId": inp.get("clientMutationId")}


@mutation.field("deleteApiKey")
def m_delete_api_key(_obj: Any, info: GraphQLResolveInfo, input: Any = None) -> dict:  # noqa: A002
    inp = _input(input)
    kid = decode_id("ApiKey", inp.get("id"))
    store, viewer = ctx(info)["store"], ctx(info)["user"]
    if kid is None or not any(k.id == kid for k in store.api_keys_of(viewer.id)):
        _require_admin(info)
    if kid is None or not store.delete_api_key(kid):
        raise NotFound("id: no such API key")
    return {"success": True, "clientMutationId": inp.get("clientMutationId")}


OBJECTS = [mutation]
