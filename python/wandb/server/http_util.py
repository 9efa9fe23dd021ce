"""Request helpers: bounded body reads, basic-auth checks, JSON error replies."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from wandb.server.errors import ClientError, Unauthorized


async def read_body(request: Request, limit: int) -> bytes:
    """The request body; 413 when it is (or announces to be) larger than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ClientError(f"request body too large: limit is {limit} bytes", status=413)
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ClientError(f"request body too large: limit is {limit} bytes", status=413)
        chunks.append(chunk)
    return b"".join(chunks)


def api_key_from(request: Request) -> str:
    """The API key of a ``Basic base64(api:<key>)`` (or ``Bearer <key>``) Authorization header."""
    header = request.headers.get("authorization")
    if not header:
        raise Unauthorized("missing Authorization header: use basic auth with user 'api' and your API key")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if scheme.lower() != "basic":
        raise Unauthorized("unsupported Authorization scheme: expected Basic")
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise Unauthorized("malformed basic auth credentials") from None
    _user, sep, key = decoded.partition(":")
    if not sep or not key:
        raise Unauthorized("malformed basic auth credentials: expected api:<key>")
    return key


def authenticate(request: Request) -> Any:
    """The user row for the request's API key (401 when missing or wrong)."""
    store = request.app.state.store
    user = store.user_for_key(api_key_from(request))
    if user is None:
        raise Unauthorized("invalid API key")
    return user


def error_response(exc: ClientError) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Basic realm="wandb"'} if exc.status == 401 else None
    return JSONResponse({"error": str(exc), "errors": [{"message": str(exc)}]}, status_code=exc.status,
                        headers=headers)


def base_url(request: Request) -> str:
    configured = request.app.state.config.public_url
    if configured:
        return configured.rstrip("/")
    return str(request.base_url).rstrip("/")


MAX_RANGES = 16


def parse_range(header: str | None, size: int) -> list[tuple[int, int]] | None:
    """The satisfiable byte ranges of a ``Range`` header as (start, length) pairs.

    None means "serve the whole body" (no header, another unit, malformed syntax, or more than
    MAX_RANGES ranges: RFC 9110 lets a server ignore such a header); an empty list means no
    range can be satisfied (answer 416)."""
    if not header:
        return None
    unit, sep, spec = header.partition("=")
    if not sep or unit.strip().lower() != "bytes":
        return None
    out: list[tuple[int, int]] = []
    parts = [p.strip() for p in spec.split(",")]
    if len(parts) > MAX_RANGES:
        return None
    for part in parts:
        first, dash, last = part.partition("-")
        first, last = first.strip(), last.strip()
        if not dash or (first and not first.isdigit()) or (last and not last.isdigit()) or not (first or last):
            return None
        if not first:  # suffix: the last N bytes
            n = int(last)
            if n > 0 and size > 0:
                n = min(n, size)
                out.append((size - n, n))
            continue
        start = int(first)
        end = int(last) if last else size - 1
        if last and end < start:
            return None
        if start >= size:
            continue
        end = min(end, size - 1)
        out.append((start, end - start + 1))
    return out
