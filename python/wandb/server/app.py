"""The ASGI application (Starlette): routes, shared state, error replies."""

from __future__ import annotations

import contextlib
import os
from typing import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from wandb.server.blobs import LocalBlobStore, make_blob_store
from wandb.server.config import ServerConfig
from wandb.server.errors import ClientError
from wandb.server.filestream import file_stream_endpoint
from wandb.server.gql_endpoint import graphql_endpoint
from wandb.server.http_util import error_response
from wandb.server.local_store import local_store_endpoint, setup_local_store
from wandb.server.monitor import HeartbeatMonitor
from wandb.server.signing import Signer
from wandb.server.store import Store
from wandb.server.transfer import (
    artifact_blob_upload_endpoint,
    artifact_fallback_endpoint,
    artifact_manifest_upload_endpoint,
    blob_get_endpoint,
    file_get_endpoint,
    upload_endpoint,
)


async def healthz(_request: Request) -> JSONResponse:
    """No auth: liveness plus the versions (the embedded default uses them to detect a mismatch)."""
    import wandb

    return JSONResponse(
        {
            "status": "ok",
            "version": server_version(),
            "vireo_version": getattr(wandb, "__vireo_version__", ""),
            "protocol": "wandb-0.21.3",
        }
    )


def server_version() -> str:
    import wandb

    return str(getattr(wandb, "__version__", "unknown"))


async def _client_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ClientError)
    return error_response(exc)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"error": exc.detail, "errors": [{"message": exc.detail}]}, status_code=exc.status_code)


def build_app(config: ServerConfig, store: Store, secret: bytes) -> Starlette:
    """An app serving ``store``; the caller owns the store and closes it."""
    blobs = make_blob_store(config.resolved_blob_store(), config.data_dir)
    blob_tmp = blobs.tmp_dir if isinstance(blobs, LocalBlobStore) else blobs.tmp_dir  # type: ignore[attr-defined]
    monitor = HeartbeatMonitor(store, config.crash_after_s, config.monitor_interval_s)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        monitor.start()
        try:
            yield
        finally:
            monitor.stop()

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/graphql", graphql_endpoint, methods=["POST"]),
        Route("/files/{entity}/{project}/{run}/file_stream", file_stream_endpoint, methods=["POST"]),
        Route("/files/{entity}/{project}/{run}/{name:path}", file_get_endpoint, methods=["GET"]),
        Route("/upload/{run_pk}/{name:path}", upload_endpoint, methods=["PUT"]),
        Route("/blobs/{digest}", blob_get_endpoint, methods=["GET"]),
        Route("/artifact-blobs/{digest}", artifact_blob_upload_endpoint, methods=["PUT"]),
        Route("/artifact-manifests/{mid}", artifact_manifest_upload_endpoint, methods=["PUT"]),
        Route("/artifactsV2/{region}/{entity}/{birth}/{md5}", artifact_fallback_endpoint, methods=["GET"]),
        Route("/vireo/local-store", local_store_endpoint, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={ClientError: _client_error, HTTPException: _http_error},
    )
    app.state.config = config
    app.state.store = store
    app.state.signer = Signer(secret)
    app.state.blobs = blobs
    app.state.blob_tmp = blob_tmp
    app.state.monitor = monitor
    os.makedirs(blob_tmp, exist_ok=True)
    setup_local_store(app, config, blobs)
    return app
