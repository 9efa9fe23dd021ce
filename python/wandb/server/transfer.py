"""Run-file transfer: signed PUT uploads, authenticated file GETs, signed blob GETs."""

from __future__ import annotations

import base64
import json
import mimetypes

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from wandb.server.blobs import LocalBlobStore, SpooledUpload
from wandb.server.errors import ClientError, Forbidden, NotFound
from wandb.server.http_util import authenticate
from wandb.server.paths import check_file_name
from wandb.server.transfer_io import BlobResponse, spool_request


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
    spool = await _spool_body(request)
    md5_hex, md5_raw = spool.finish()
    await _put_blob(state, spool.path, md5_hex)
    mimetype = mimetypes.guess_type(name)[0]
    await run_in_threadpool(
        state.store.put_file, run_pk, name, md5_hex, spool.size, base64.b64encode(md5_raw).decode(), mimetype
    )
    return JSONResponse({}, headers={"ETag": f'"{md5_hex}"'})


async def _put_blob(state: Any, tmp_path: str, md5_hex: str) -> None:
    """Move a verified spool file into the store (inline for local disks: a rename)."""
    if isinstance(state.blobs, LocalBlobStore):
        state.blobs.put_file(tmp_path, md5_hex)
    else:
        await run_in_threadpool(state.blobs.put_file, tmp_path, md5_hex)


async def _blob_response(request: Request, digest: str, name: str | None) -> Any:
    """The blob's bytes (Range-aware); 404 when it is not stored."""
    blobs = request.app.state.blobs
    try:
        size = blobs.size(digest) if isinstance(blobs, LocalBlobStore) else await run_in_threadpool(blobs.size, digest)
    except ValueError:  # not a digest
        size = None
    if size is None:
        raise NotFound("blob not found")
    media = (mimetypes.guess_type(name)[0] if name else None) or "application/octet-stream"
    return BlobResponse(blobs, digest, size, media, request)


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
    return await _blob_response(request, row.digest, name)


async def blob_get_endpoint(request: Request) -> Response:
    """GET /blobs/{md5}?exp=..&sig=..: a signed, expiring download without other auth."""
    state = request.app.state
    digest = request.path_params["digest"]
    q = request.query_params
    if not state.signer.check("blob", digest, q.get("exp"), q.get("sig")):
        raise Forbidden("download URL signature invalid or expired")
    return await _blob_response(request, digest, None)


async def _spool_body(request: Request) -> SpooledUpload:
    state = request.app.state
    return await spool_request(request, state.blob_tmp, state.config.max_upload_bytes)


async def artifact_blob_upload_endpoint(request: Request) -> Response:
    """PUT /artifact-blobs/{md5}?exp=..&sig=..: content whose MD5 must equal the path's."""
    state = request.app.state
    digest = request.path_params["digest"]
    q = request.query_params
    if not state.signer.check("ablob", digest, q.get("exp"), q.get("sig")):
        raise Forbidden("upload URL signature invalid or expired")
    spool = await _spool_body(request)
    md5_hex, _raw = spool.finish()
    if md5_hex != digest:
        spool.discard()
        raise ClientError(f"body: MD5 {md5_hex} does not match the expected {digest}")
    await _put_blob(state, spool.path, md5_hex)
    return JSONResponse({}, headers={"ETag": f'"{md5_hex}"'})


async def artifact_manifest_upload_endpoint(request: Request) -> Response:
    """PUT /artifact-manifests/{id}?exp=..&sig=..: the manifest JSON of an artifact version."""
    state = request.app.state
    mid_s = request.path_params["mid"]
    q = request.query_params
    if not mid_s.isdigit() or not state.signer.check("amanifest", str(int(mid_s)), q.get("exp"), q.get("sig")):
        raise Forbidden("upload URL signature invalid or expired")
    manifest = await run_in_threadpool(state.store.manifest_by_id, int(mid_s))
    if manifest is None:
        raise NotFound("manifest not found")
    spool = await _spool_body(request)
    md5_hex, _raw = spool.finish()
    try:
        with open(spool.path, "rb") as f:
            parsed = json.load(f)
        if not isinstance(parsed, dict) or parsed.get("version") != 1:
            raise ValueError("expected a manifest object with version 1")
    except ValueError as e:
        spool.discard()
        raise ClientError(f"body: not an artifact manifest ({e})") from None
    await _put_blob(state, spool.path, md5_hex)
    await run_in_threadpool(state.store.set_manifest_blob, manifest.artifact_id, md5_hex)
    return JSONResponse({}, headers={"ETag": f'"{md5_hex}"'})


async def artifact_fallback_endpoint(request: Request) -> Response:
    """GET /artifactsV2/{region}/{entity}/{birth}/{md5} (basic auth): the client's fallback download."""
    await run_in_threadpool(authenticate, request)
    state = request.app.state
    digest = request.path_params["md5"]
    return await _blob_response(request, digest, None)
