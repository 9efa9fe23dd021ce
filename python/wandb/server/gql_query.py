"""Query root, viewer/user/entity and server-info resolvers."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType, QueryType
from graphql import GraphQLResolveInfo

from wandb.server.ids import decode_id, encode_id
from wandb.server.pagination import connection
from wandb.server.run_filters import iso

SERVER_VERSION = "0.21.3"

query = QueryType()
user_type = ObjectType("User")
entity_type = ObjectType("Entity")
server_info_type = ObjectType("ServerInfo")
organization_type = ObjectType("Organization")


def ctx(info: GraphQLResolveInfo) -> dict[str, Any]:
    return info.context  # type: ignore[no-any-return]


def resolve_entity_name(info: GraphQLResolveInfo, entity: str | None) -> str:
    """The given entity, or the viewer's default entity when null/empty."""
    if entity:
        return entity
    c = ctx(info)
    return c["store"].default_entity_for(c["user"])


@query.field("viewer")
def r_viewer(_obj: Any, info: GraphQLResolveInfo) -> Any:
    return ctx(info)["user"]


@query.field("serverInfo")
def r_server_info(_obj: Any, _info: GraphQLResolveInfo) -> Any:
    return {}


@query.field("entity")
def r_entity(_obj: Any, info: GraphQLResolveInfo, name: str | None = None) -> Any:
    store = ctx(info)["store"]
    if not name:
        return None
    return store.entity_by_name(name)


@query.field("user")
def r_user(_obj: Any, info: GraphQLResolveInfo, userName: str | None = None, id: str | None = None) -> Any:  # noqa: N803,A002
    store = ctx(info)["store"]
    if userName:
        return store.user_by_name(userName)
    if id:
        uid = decode_id("User", id)
        return store.user_by_id(uid) if uid is not None else None
    return ctx(info)["user"]


@query.field("users")
def r_users(_obj: Any, info: GraphQLResolveInfo, query: str | None = None, usernames: list | None = None,
            first: int | None = None, after: str | None = None) -> Any:
    rows = ctx(info)["store"].list_users()
    if usernames:
        rows = [r for r in rows if r.username in usernames]
    if query:
        q = query.lower()
        rows = [r for r in rows if q in (r.username or "").lower() or q in (r.email or "").lower()]
    return connection(rows, after, first)


@query.field("model")
@query.field("project")
def r_project(_obj: Any, info: GraphQLResolveInfo, name: str | None = None, entityName: str | None = None) -> Any:  # noqa: N803
    if not name:
        return None
    return ctx(info)["store"].project(resolve_entity_name(info, entityName), name)


@query.field("models")
@query.field("projects")
def r_projects(_obj: Any, info: GraphQLResolveInfo, entityName: str | None = None, after: str | None = None,  # noqa: N803
               first: int | None = None, order: str | None = None) -> Any:
    rows = ctx(info)["store"].projects_of(resolve_entity_name(info, entityName))
    return connection(rows, after, first)


# ---- User -----------------------------------------------------------------------------------

@user_type.field("id")
def r_user_id(user: Any, _info: GraphQLResolveInfo) -> str:
    return encode_id("User", user.id)


@user_type.field("entity")
def r_user_entity(user: Any, info: GraphQLResolveInfo) -> str:
    return ctx(info)["store"].default_entity_for(user)


@user_type.field("defaultEntity")
def r_user_default_entity(user: Any, info: GraphQLResolveInfo) -> Any:
    store = ctx(info)["store"]
    return store.entity_by_name(store.default_entity_for(user))


@user_type.field("name")
def r_user_name(user: Any, _info: GraphQLResolveInfo) -> str:
    return user.name or user.username


@user_type.field("flags")
def r_user_flags(_user: Any, _info: GraphQLResolveInfo) -> str:
    return "{}"


@user_type.field("admin")
def r_user_admin(user: Any, _info: GraphQLResolveInfo) -> bool:
    return bool(user.admin)


@user_type.field("createdAt")
def r_user_created(user: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(user.created_at)


@user_type.field("accountType")
def r_user_account_type(user: Any, _info: GraphQLResolveInfo) -> str:
    return "USER"


@user_type.field("apiKey")
def r_user_api_key(_user: Any, _info: GraphQLResolveInfo) -> None:
    return None  # keys are stored hashed; they are only shown once, at creation


@user_type.field("teams")
def r_user_teams(user: Any, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None) -> Any:
    store = ctx(info)["store"]
    ent = store.entity_by_name(store.default_entity_for(user))
    return connection([ent] if ent is not None else [], after, first)


@user_type.field("apiKeys")
def r_user_api_keys(user: Any, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None) -> Any:
    viewer = ctx(info)["user"]
    if viewer.id != user.id and not viewer.admin:
        return connection([], None, None)
    rows = ctx(info)["store"].api_keys_of(user.id)
    return connection([{"id": encode_id("ApiKey", r.id), "name": r.name, "description": r.description} for r in rows],
                      after, first)


# ---- Entity / Organization -----------------------------------------------------------------

@entity_type.field("id")
def r_entity_id(ent: Any, _info: GraphQLResolveInfo) -> str:
    return encode_id("Entity", ent.id)


@entity_type.field("isTeam")
def r_entity_is_team(ent: Any, _info: GraphQLResolveInfo) -> bool:
    return bool(ent.is_team)


@entity_type.field("available")
def r_entity_available(_ent: Any, _info: GraphQLResolveInfo) -> bool:
    return False


for _f, _v in (("readOnly", False), ("readOnlyAdmin", False), ("privateOnly", False), ("isPaid", False),
               ("codeSavingEnabled", False), ("defaultAccess", "PROJECT"), ("storageBytes", 0)):
    entity_type.set_field(_f, lambda _e, _i, _v=_v: _v)


@entity_type.field("members")
def r_entity_members(ent: Any, info: GraphQLResolveInfo) -> list[dict]:
    store = ctx(info)["store"]
    users = [store.user_by_id(ent.user_id)] if ent.user_id else store.list_users()
    return [
        {"id": encode_id("User", u.id), "admin": bool(u.admin), "pending": False, "email": u.email,
         "username": u.username, "name": u.name or u.username, "photoUrl": None, "accountType": "USER",
         "apiKey": None}
        for u in users if u is not None
    ]


@entity_type.field("organization")
def r_entity_org(_ent: Any, _info: GraphQLResolveInfo) -> None:
    return None


@entity_type.field("projects")
def r_entity_projects(ent: Any, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None) -> Any:
    return connection(ctx(info)["store"].projects_of(ent.name), after, first)


# ---- ServerInfo ----------------------------------------------------------------------------

@server_info_type.field("cliVersionInfo")
def r_cli_version_info(_obj: Any, _info: GraphQLResolveInfo) -> dict:
    return {"max_cli_version": SERVER_VERSION}


@server_info_type.field("latestLocalVersionInfo")
def r_latest_local(_obj: Any, _info: GraphQLResolveInfo) -> dict:
    return {"outOfDate": False, "latestVersionString": SERVER_VERSION, "versionOnThisInstanceString": SERVER_VERSION}


@server_info_type.field("features")
def r_features(_obj: Any, _info: GraphQLResolveInfo) -> list:
    return []  # every feature gate off: clients use the plainest query paths


@server_info_type.field("availableBucketProviders")
def r_bucket_providers(_obj: Any, _info: GraphQLResolveInfo) -> list:
    return []


@server_info_type.field("isGoogleIap")
def r_iap(_obj: Any, _info: GraphQLResolveInfo) -> bool:
    return False


@server_info_type.field("frontendHost")
def r_frontend(_obj: Any, info: GraphQLResolveInfo) -> str:
    return ctx(info)["base_url"]


OBJECTS = [query, user_type, entity_type, server_info_type, organization_type]
