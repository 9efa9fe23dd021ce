"""POST /files/{entity}/{project}/{run}/file_stream: offset-addressed run lines.

The whole request is validated before anything is written, and written in one
transaction; re-sending an offset overwrites the same lines (idempotent retries).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from wandb.server.errors import ClientError
from wandb.server.history_parse import history_rows
from wandb.server.http_util import authenticate, read_body
from wandb.server.paths import check_file_name
from wandb.server.store_lines import StreamChunk

HISTORY = "wandb-history.jsonl"
EVENTS = "wandb-events.jsonl"
SUMMARY = "wandb-summary.json"
OUTPUT = "output.log"
MAX_OFFSET = 2**53


def _json_obj(what: str, line: str) -> dict:
    try:
        obj = json.loads(line)
    except ValueError as e:
        raise ClientError(f"{what}: line is not valid JSON ({e})") from None
    if not isinstance(obj, dict):
        raise ClientError(f"{what}: each line must be a JSON object")
    return obj


def parse_chunk(payload: Any) -> StreamChunk:
    """Validate a file_stream body into a StreamChunk (ClientError 400 on bad input)."""
    if not isinstance(payload, dict):
        raise ClientError("body: expected a JSON object")
    chunk = StreamChunk()
    files = payload.get("files") or {}
    if not isinstance(files, dict):
        raise ClientError("files: expected an object {name: {offset, content}}")
    for name, spec in files.items():
        if not isinstance(spec, dict):
            raise ClientError(f"files[{name!r}]: expected {{offset, content}}")
        offset = spec.get("offset", 0)
        content = spec.get("content") or []
        if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset < MAX_OFFSET:
            raise ClientError(f"files[{name!r}].offset: expected a non-negative integer, got {offset!r}")
        if not isinstance(content, list) or not all(isinstance(x, str) for x in content):
            raise ClientError(f"files[{name!r}].content: expected a list of strings")
        if name == HISTORY:
            chunk.history, chunk.history_objs = history_rows(name, offset, content)
        elif name == EVENTS:
            for i, line in enumerate(content):
                _json_obj(name, line)
                chunk.events.append((offset + i, line))
        elif name == SUMMARY:
            if content:
                _json_obj(name, content[-1])
                chunk.summary = content[-1]
        elif name == OUTPUT:
            chunk.console.extend((offset + i, line) for i, line in enumerate(content))
        else:
            check_file_name(name)  # other names are accepted and ignored, as W&B does
    uploaded = payload.get("uploaded") or []
    if not isinstance(uploaded, list):
        raise ClientError("uploaded: expected a list of file names")
    chunk.uploaded = [check_file_name(n) for n in uploaded]
    chunk.complete = bool(payload.get("complete"))
    code = payload.get("exitcode")
    if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
        raise ClientError(f"exitcode: expected an integer, got {code!r}")
    chunk.exitcode = code
    chunk.preempting = bool(payload.get("preempting"))
    return chunk


def _ingest(request: Request, entity: str, project: str, run_name: str, raw: bytes) -> None:
    store = request.app.state.store
    try:
        payload = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise ClientError("body: invalid JSON") from None
    chunk = parse_chunk(payload)
    run = store.require_run(entity, project, run_name)
    store.ingest(run.id, chunk)


async def file_stream_endpoint(request: Request) -> JSONResponse:
    await run_in_threadpool(authenticate, request)
    raw = await read_body(request, request.app.state.config.max_filestream_bytes)
    p = request.path_params
    await run_in_threadpool(_ingest, request, p["entity"], p["project"], p["run"], raw)
    return JSONResponse({"exitcode": None, "limits": {}})
