"""Project, Run and File resolvers (history, sampling, files, run listing)."""

from __future__ import annotations

import json
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from wandb.server import tables as t
from wandb.server.errors import ClientError
from wandb.server.gql_query import ctx
from wandb.server.ids import encode_id
from wandb.server.pagination import connection
from wandb.server.run_filters import iso, matches, parse_filters, run_doc, sort_docs
from wandb.server.signing import quote_path

project_type = ObjectType("Project")
run_type = ObjectType("Run")
file_type = ObjectType("File")


# ---- Project ---------------------------------------------------------------------------------

@project_type.field("id")
def r_project_id(p: Any, _info: GraphQLResolveInfo) -> str:
    return encode_id("Project", p.id)


@project_type.field("internalId")
def r_project_internal_id(p: Any, _info: GraphQLResolveInfo) -> str:
    return str(p.id)


@project_type.field("entityName")
def r_project_entity_name(p: Any, _info: GraphQLResolveInfo) -> str:
    return p.entity_name


@project_type.field("entity")
def r_project_entity(p: Any, info: GraphQLResolveInfo) -> Any:
    return ctx(info)["store"].entity_by_id(p.entity_id)


@project_type.field("createdAt")
def r_project_created(p: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(p.created_at)


@project_type.field("updatedAt")
def r_project_updated(p: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(p.updated_at)


for _f, _v in (("isBenchmark", False), ("readOnly", False), ("access", "PROJECT")):
    project_type.set_field(_f, lambda _p, _i, _v=_v: _v)


def _filtered_runs(info: GraphQLResolveInfo, p: Any, filters: Any, order: str | None) -> list:
    flt = parse_filters(filters)
    items = [(run_doc(r), r) for r in ctx(info)["store"].runs_of_project(p.id)]
    items = [it for it in items if matches(it[0], flt)]
    sort_docs(items, order)
    return [r for _d, r in items]


@project_type.field("runCount")
def r_run_count(p: Any, info: GraphQLResolveInfo, filters: Any = None) -> int:
    if not parse_filters(filters):
        return ctx(info)["store"].run_count(p.id)
    return len(_filtered_runs(info, p, filters, None))


@project_type.field("runs")
def r_runs(p: Any, info: GraphQLResolveInfo, filters: Any = None, after: str | None = None,
           before: str | None = None, first: int | None = None, last: int | None = None,
           order: str | None = None) -> dict:
    return connection(_filtered_runs(info, p, filters, order), after, first)


@project_type.field("run")
@project_type.field("bucket")
def r_project_run(p: Any, info: GraphQLResolveInfo, name: str | None = None, missingOk: bool | None = None) -> Any:  # noqa: N803
    if not name:
        return None
    return ctx(info)["store"].run_by_name(p.entity_name, p.name, name)


@project_type.field("sweep")
def r_project_sweep(_p: Any, _info: GraphQLResolveInfo, sweepName: str | None = None) -> None:  # noqa: N803
    return None


@project_type.field("totalSweeps")
def r_project_total_sweeps(_p: Any, _info: GraphQLResolveInfo) -> int:
    return 0


@project_type.field("sweeps")
def r_project_sweeps(_p: Any, _info: GraphQLResolveInfo, after: str | None = None, first: int | None = None) -> dict:
    return connection([], after, first)


# ---- Run -------------------------------------------------------------------------------------

_SIMPLE = {
    "displayName": "display_name", "description": "description", "notes": "notes",
    "group": "group_name", "groupName": "group_name", "jobType": "job_type", "state": "state",
    "exitcode": "exit_code", "commit": "commit", "host": "host", "program": "program",
    "sweepName": "sweep_name", "historyLineCount": "history_line_count",
    "eventsLineCount": "events_line_count", "logLineCount": "log_line_count",
    "config": "config", "summaryMetrics": "summary", "systemMetrics": "system_metrics",
}
for _f, _col in _SIMPLE.items():
    run_type.set_field(_f, lambda r, _i, _c=_col: getattr(r, _c))


@run_type.field("id")
def r_run_id(r: Any, _info: GraphQLResolveInfo) -> str:
    return encode_id("Run", r.id)


@run_type.field("projectId")
def r_run_project_id(r: Any, _info: GraphQLResolveInfo) -> str:
    return str(r.project_id)


@run_type.field("stopped")
def r_run_stopped(r: Any, _info: GraphQLResolveInfo) -> bool:
    return bool(r.stopped)


@run_type.field("readOnly")
def r_run_read_only(_r: Any, _info: GraphQLResolveInfo) -> bool:
    return False


@run_type.field("tags")
def r_run_tags(r: Any, _info: GraphQLResolveInfo) -> list:
    return json.loads(r.tags or "[]")


@run_type.field("createdAt")
def r_run_created(r: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(r.created_at)


@run_type.field("updatedAt")
def r_run_updated(r: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(r.updated_at)


@run_type.field("heartbeatAt")
def r_run_heartbeat(r: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(r.heartbeat_at)


@run_type.field("wandbConfig")
def r_run_wandb_config(r: Any, _info: GraphQLResolveInfo, keys: list | None = None) -> str:
    cfg = json.loads(r.config or "{}")
    wb = cfg.get("_wandb") or {}
    wb = wb.get("value", wb) if isinstance(wb, dict) else {}
    if not isinstance(wb, dict):
        wb = {}
    if keys:
        wb = {k: v for k, v in wb.items() if k in keys}
    return json.dumps(wb)


@run_type.field("historyTail")
def r_run_history_tail(r: Any, info: GraphQLResolveInfo) -> str:
    return json.dumps(ctx(info)["store"].tail(t.history, r.id))


@run_type.field("eventsTail")
def r_run_events_tail(r: Any, info: GraphQLResolveInfo) -> str:
    return json.dumps(ctx(info)["store"].tail(t.events, r.id))


@run_type.field("historyKeys")
def r_run_history_keys(r: Any, _info: GraphQLResolveInfo, format: str | None = None) -> dict:  # noqa: A002
    keys = json.loads(r.history_keys or "{}")
    out: dict[str, Any] = {"keys": keys.get("keys", {})}
    if r.last_step is not None:
        out["lastStep"] = r.last_step
    return out


@run_type.field("history")
def r_run_history(r: Any, info: GraphQLResolveInfo, samples: int | None = None, minStep: int | None = None,  # noqa: N803
                  maxStep: int | None = None) -> list[str]:  # noqa: N803
    store = ctx(info)["store"]
    if samples is not None and samples < 0:
        raise ClientError(f"samples: expected a non-negative integer, got {samples}")
    if minStep is not None or maxStep is not None:
        return store.history_range(r.id, minStep, maxStep, samples)
    return store.history_sampled(r.id, samples, r.history_line_count)


@run_type.field("events")
def r_run_events(r: Any, info: GraphQLResolveInfo, samples: int | None = None) -> list[str]:
    return ctx(info)["store"].events_sampled(r.id, samples, r.events_line_count)


def _parse_spec(spec: Any) -> dict:
    try:
        obj = json.loads(spec) if isinstance(spec, str) else spec
    except ValueError as e:
        raise ClientError(f"specs: invalid JSON ({e})") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("keys", []), list):
        raise ClientError('specs: expected {"keys": [...], "samples": N, "minStep"?, "maxStep"?}')
    return obj


def _spread(rows: list, samples: int) -> list:
    """``samples`` items spread evenly over ``rows`` (first and last included)."""
    n = len(rows)
    if samples >= n:
        return rows
    if samples <= 0:
        return []
    if samples == 1:
        return [rows[-1]]
    return [rows[i] for i in sorted({round(i * (n - 1) / (samples - 1)) for i in range(samples)})]


FAST_SAMPLING_MIN_LINES = 5000


@run_type.field("sampledHistory")
def r_run_sampled_history(r: Any, info: GraphQLResolveInfo, specs: list | None = None) -> list:
    store = ctx(info)["store"]
    out = []
    for raw in specs or []:
        spec = _parse_spec(raw)
        keys = [k for k in spec.get("keys", []) if isinstance(k, str)]
        samples = spec.get("samples")
        samples = samples if isinstance(samples, int) and samples >= 0 else None
        lo, hi = spec.get("minStep"), spec.get("maxStep")

        def keep(lines: Any) -> list:
            picked = []
            for line in lines:
                obj = json.loads(line)
                if all(k in obj for k in keys):
                    picked.append({k: obj[k] for k in keys})
            return picked

        rows = None
        if samples is not None and lo is None and hi is None and r.history_line_count >= FAST_SAMPLING_MIN_LINES:
            # Large run: look at an even sample of lines first; when the keys are dense enough
            # this avoids decoding every row. Sparse keys fall back to the full scan below.
            candidates = keep(store.history_sampled(r.id, min(r.history_line_count, 4 * samples + 2),
                                                    r.history_line_count))
            if len(candidates) >= samples:
                rows = candidates
        if rows is None:
            rows = keep(store.iter_history(r.id, lo, hi))
        out.append(_spread(rows, samples) if samples is not None else rows)
    return out


@run_type.field("project")
def r_run_project(r: Any, info: GraphQLResolveInfo) -> Any:
    return ctx(info)["store"].project_by_id(r.project_id)


@run_type.field("user")
def r_run_user(r: Any, info: GraphQLResolveInfo) -> Any:
    return ctx(info)["store"].user_by_id(r.user_id) if r.user_id else None


@run_type.field("fileCount")
def r_run_file_count(r: Any, info: GraphQLResolveInfo) -> int:
    return len(ctx(info)["store"].files_of(r.id))


@run_type.field("files")
def r_run_files(r: Any, info: GraphQLResolveInfo, names: list | None = None, after: str | None = None,
                first: int | None = None, pattern: str | None = None) -> dict:
    rows = ctx(info)["store"].files_of(r.id, [n for n in (names or []) if n], pattern)
    return connection([(r, f) for f in rows], after, first)


# ---- File (node: a (run_row, file_row) pair, or a dict for artifact files) --------------------

def _dict_aware(field: str):  # type: ignore[no-untyped-def]
    def wrap(fn):  # type: ignore[no-untyped-def]
        def resolver(node: Any, info: GraphQLResolveInfo, **kw: Any) -> Any:
            if isinstance(node, dict):
                return node.get(field)
            return fn(node, info, **kw)
        return resolver
    return wrap

def file_url(c: dict, run: Any, name: str) -> str:
    return f"{c['base_url']}/files/{run.entity_name}/{run.project_name}/{run.name}/{quote_path(name)}"


def upload_url(c: dict, run_pk: int, name: str) -> str:
    q = c["signer"].query("upload", f"{run_pk}/{name}", c["config"].upload_url_ttl_s)
    return f"{c['base_url']}/upload/{run_pk}/{quote_path(name)}?{q}"


def direct_url(c: dict, digest: str) -> str:
    q = c["signer"].query("blob", digest, c["config"].download_url_ttl_s)
    return f"{c['base_url']}/blobs/{digest}?{q}"


@file_type.field("id")
@_dict_aware("id")
def r_file_id(pair: Any, _info: GraphQLResolveInfo) -> str:
    return encode_id("File", pair[1].id)


@file_type.field("name")
@file_type.field("displayName")
@_dict_aware("name")
def r_file_name(pair: Any, _info: GraphQLResolveInfo) -> str:
    return pair[1].name


@file_type.field("url")
@_dict_aware("url")
def r_file_url(pair: Any, info: GraphQLResolveInfo, upload: bool | None = None) -> str:
    run, f = pair
    if upload:
        return upload_url(ctx(info), run.id, f.name)
    return file_url(ctx(info), run, f.name)


@file_type.field("directUrl")
@_dict_aware("directUrl")
def r_file_direct_url(pair: Any, info: GraphQLResolveInfo) -> str | None:
    return direct_url(ctx(info), pair[1].digest) if pair[1].digest else None


@file_type.field("sizeBytes")
@_dict_aware("sizeBytes")
def r_file_size(pair: Any, _info: GraphQLResolveInfo) -> int:
    return int(pair[1].size or 0)


@file_type.field("mimetype")
@_dict_aware("mimetype")
def r_file_mimetype(pair: Any, _info: GraphQLResolveInfo) -> str | None:
    return pair[1].mimetype


@file_type.field("updatedAt")
@_dict_aware("updatedAt")
def r_file_updated(pair: Any, _info: GraphQLResolveInfo) -> Any:
    return iso(pair[1].updated_at)


@file_type.field("md5")
@file_type.field("digest")
@_dict_aware("md5")
def r_file_md5(pair: Any, _info: GraphQLResolveInfo) -> str | None:
    return pair[1].md5


@file_type.field("storagePath")
@_dict_aware("storagePath")
def r_file_storage_path(pair: Any, _info: GraphQLResolveInfo) -> str | None:
    return pair[1].digest


OBJECTS = [project_type, run_type, file_type]
