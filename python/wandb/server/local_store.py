"""Same-host fast path: ``GET /vireo/local-store`` tells a loopback client where blobs live.

A client on this machine may then copy artifact files straight into / out of the blob
directory instead of sending them over HTTP. The answer carries the path and content of a
probe file (``<root>/local-probe``) so the client can prove it sees the same filesystem
(not, say, a container with a same-named directory).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from wandb.server.blobs import LocalBlobStore, open_tmp
from wandb.server.config import ServerConfig
from wandb.server.errors import NotFound
from wandb.server.http_util import authenticate

ENV = "WANDB_SERVER_LOCAL_BLOBS"
LAYOUT = "md5hex/2"
PROBE_NAME = "local-probe"
_OFF = frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True)
class LocalStoreInfo:
    """What the endpoint hands out: the blob root and the probe file's path and token."""

    root: str
    probe_path: str
    probe: str

    def as_json(self) -> dict[str, str]:
        return {"root": self.root, "layout": LAYOUT, "probe_path": self.probe_path, "probe": self.probe}


def enabled(config: ServerConfig, blobs: Any) -> bool:
    """True when blobs are in a local directory and neither the config nor the env turns it off."""
    if not isinstance(blobs, LocalBlobStore) or not config.local_blobs:
        return False
    return os.environ.get(ENV, "").strip().lower() not in _OFF


def is_loopback(host: str | None) -> bool:
    """True for a loopback peer address (127.0.0.0/8, ::1, or ::ffff:127.x.y.z)."""
    if not host:
        return False
    try:
        addr = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(addr, "ipv4_mapped", None)
    return bool(addr.is_loopback or (mapped is not None and mapped.is_loopback))


def _read_token(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as f:
            token = f.read(256).strip()
    except (OSError, UnicodeDecodeError):
        return None
    return token if len(token) == 32 and all(c in "0123456789abcdef" for c in token) else None


def write_probe(blobs: LocalBlobStore) -> LocalStoreInfo:
    """Write (or reuse, so servers sharing a blob root agree) ``<root>/local-probe``."""
    path = os.path.join(blobs.root, PROBE_NAME)
    token = _read_token(path) if os.path.isfile(path) and not os.path.islink(path) else None
    if token is None:
        token = secrets.token_hex(16)
        fd, tmp = open_tmp(blobs.tmp_dir, PROBE_NAME + ".")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(token + "\n")
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
    else:
        os.chmod(path, 0o600)
    return LocalStoreInfo(root=blobs.root, probe_path=path, probe=token)


def setup_local_store(app: Any, config: ServerConfig, blobs: Any) -> None:
    """Set ``app.state.local_store`` (a LocalStoreInfo, or None when the fast path is off)."""
    info = None
    if enabled(config, blobs):
        try:
            info = write_probe(blobs)
        except OSError as e:  # e.g. a read-only blob directory: serve over HTTP only
            logging.getLogger(__name__).warning("local blob fast path off: cannot write the probe file: %s", e)
    app.state.local_store = info


async def local_store_endpoint(request: Request) -> JSONResponse:
    """200 with the blob root and probe for an authenticated loopback peer; 404 otherwise."""
    authenticate(request)
    info: LocalStoreInfo | None = getattr(request.app.state, "local_store", None)
    peer = request.client.host if request.client else None
    if info is None or not is_loopback(peer):
        raise NotFound("local blob store not available")
    return JSONResponse(info.as_json())
