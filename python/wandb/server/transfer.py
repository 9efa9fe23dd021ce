"""Run-file and artifact transfer: signed PUT uploads (MD5-verified before anything is stored),
authenticated file GETs, signed blob GETs (Range-aware: 206, multipart/byteranges, 416)."""

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
    md5_hex, md5_raw = await _finish_and_store(state, spool)
    mimetype = mimetypes.guess_type(name)[0]
    await run_in_threadpool(
        state.store.put_file, run_pk, name, md5_hex, spool.size, base64.b64encode(md5_raw).decode(), mimetype
    )
    return JSONResponse({}, headers={"ETag": f'"{md5_hex}"'})


async def _finish_and_store(state: Any, spool: SpooledUpload, expected: str | None = None) -> tuple[str, bytes]:
    """Hash the rest of the body, check it against ``expected`` (400 and nothing stored when it
    differs), store the blob: all in one worker thread, off the event loop. (hex, raw) MD5."""
    return await run_in_threadpool(_finish_and_store_sync, state.blobs, spool, expected)


def _finish_and_store_sync(blobs: Any, spool: SpooledUpload, expected: str | None) -> tuple[str, bytes]:
    try:
        md5_hex, md5_raw = spool.finish()
        if expected is not None and md5_hex != expected:
            raise ClientError(f"body: MD5 {md5_hex} does not match the expected {expected}")
        _store_sync(blobs, spool, md5_hex)
    except BaseException:
        spool.discard()
        raise
    return md5_hex, md5_raw


def _store_sync(blobs: Any, spool: SpooledUpload, md5_hex: str) -> None:
    """Store a verified spool under ``md5_hex`` (nothing to write when a small body's blob is
    already stored; a rename for local disks)."""
    if spool.in_memory and isinstance(blobs, LocalBlobStore) and blobs.exists(md5_hex):
        spool.discard()
        return
    blobs.put_file(spool.materialize(), md5_hex)


def _store_or_discard(blobs: Any, spool: SpooledUpload, md5_hex: str) -> None:
    try:
        _store_sync(blobs, spool, md5_hex)
    except BaseException:
        spool.discard()
        raise


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
    md5_hex, _raw = await _finish_and_store(state, spool, digest)
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
    md5_hex, _raw = await run_in_threadpool(spool.finish)
    try:
        if spool.in_memory:
            parsed = json.loads(spool.data())
        else:
            with open(spool.path, "rb") as f:  # type: ignore[arg-type]
                parsed = json.load(f)
        if not isinstance(parsed, dict) or parsed.get("version") != 1:
            raise ValueError("expected a manifest object with version 1")
    except ValueError as e:
        spool.discard()
        raise ClientError(f"body: not an artifact manifest ({e})") from None
    await run_in_threadpool(_store_or_discard, state.blobs, spool, md5_hex)
    await run_in_threadpool(state.store.set_manifest_blob, manifest.artifact_id, md5_hex)
    return JSONResponse({}, headers={"ETag": f'"{md5_hex}"'})


async def artifact_fallback_endpoint(request: Request) -> Response:
    """GET /artifactsV2/{region}/{entity}/{birth}/{md5} (basic auth): the client's fallback download."""
    await run_in_threadpool(authenticate, request)
    state = request.app.state
    digest = request.path_params["md5"]
    return await _blob_response(request, digest, None)
