"""Run-file transfer: signed PUT uploads, authenticated file GETs, signed blob GETs."""

from __future__ import annotations

import base64
import mimetypes

from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from wandb.server.blobs import SpooledUpload
from wandb.server.errors import ClientError, Forbidden, NotFound
from wandb.server.http_util import authenticate
from wandb.server.paths import check_file_name


async def upload_endpoint(request: Request) -> Response:
    """PUT /upload/{run_pk}/{name}?exp=..&sig=..: store the body as the run file ``name``."""
    state = request.app.state
    run_pk_s = request.path_params["run_pk"]
    name = check_file_name(request.path_params["name"])  # already percent-decoded
    if not run_pk_s.isdigit():
        raise NotFound("no such upload URL")
    q = request.query_params
    if not state.signer.check("upload", f"{int(run_pk_s)}/{name}", q.get("exp"), q.get("sig")):
        raise Forbidden("upload URL signature invalid or expired")
    run_pk = int(run_pk_s)
    if await run_in_threadpool(state.store.run_by_id, run_pk) is None:
        raise NotFound("run not found")
    spool = SpooledUpload(state.blob_tmp, state.config.max_upload_bytes)
    try:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > state.config.max_upload_bytes:
            raise ClientError(f"upload too large: limit is {state.config.max_upload_bytes} bytes", status=413)
        async for chunk in request.stream():
            try:
                spool.write(chunk)
            except OverflowError as e:
                raise ClientError(str(e), status=413) from None
        md5_hex, md5_raw = spool.finish()
    except BaseException:
        spool.discard()
        raise
    await run_in_threadpool(state.blobs.put_file, spool.path, md5_hex)
    mimetype = mimetypes.guess_type(name)[0]
    await run_in_threadpool(
        state.store.put_file, run_pk, name, md5_hex, spool.size, base64.b64encode(md5_raw).decode(), mimetype
    )
    return JSONResponse({}, headers={"ETag": f'"{md5_hex}"'})


def _blob_response(state: object, digest: str, name: str | None, size: int | None) -> Response:
    media = (mimetypes.guess_type(name)[0] if name else None) or "application/octet-stream"
    headers = {"ETag": f'"{digest}"'}
    if size is not None:
        headers["Content-Length"] = str(size)
    return StreamingResponse(iterate_in_threadpool(state.blobs.iter_bytes(digest)), media_type=media,  # type: ignore[attr-defined]
                             headers=headers)


async def file_get_endpoint(request: Request) -> Response:
    """GET /files/{entity}/{project}/{run}/{name} with basic auth: a run file's bytes."""
    await run_in_threadpool(authenticate, request)
    state = request.app.state
    p = request.path_params
    name = check_file_name(p["name"])
    run = await run_in_threadpool(state.store.require_run, p["entity"], p["project"], p["run"])
    row = await run_in_threadpool(state.store.file_by_name, run.id, name)
    if row is None or not row.digest:
        raise NotFound(f"file {name!r} not found in run {p['run']}")
    return _blob_response(state, row.digest, name, row.size)


async def blob_get_endpoint(request: Request) -> Response:
    """GET /blobs/{md5}?exp=..&sig=..: a signed, expiring download without other auth."""
    state = request.app.state
    digest = request.path_params["digest"]
    q = request.query_params
    if not state.signer.check("blob", digest, q.get("exp"), q.get("sig")):
        raise Forbidden("download URL signature invalid or expired")
    if not await run_in_threadpool(state.blobs.exists, digest):
        raise NotFound("blob not found")
    return _blob_response(state, digest, None, None)
