"""Same-machine fast path for artifact files: find the server's local blob directory.

When the SDK talks to a Vireo server on this host whose blobs live in a local directory
(``<root>/<md5hex[:2]>/<md5hex>``), files can be copied straight into / out of that directory
instead of going over HTTP. ``discover`` asks the server (``GET /vireo/local-store``) and checks
that this process sees the same filesystem (a probe file with a server-chosen token) and may
write there. Set ``VIREO_LOCAL_BLOBS=0`` to turn it off.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

ENV = "VIREO_LOCAL_BLOBS"
ENDPOINT = "/vireo/local-store"
LAYOUT = "md5hex/2"
TIMEOUT_S = 2.0
_OFF = frozenset({"0", "false", "no", "off"})
_HEX = frozenset("0123456789abcdef")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocalStore:
    """A server blob directory this process can read and write directly."""

    root: str

    @property
    def tmp_dir(self) -> str:
        """Where to write a file before renaming it into place (same filesystem as the blobs)."""
        return os.path.join(self.root, "tmp")

    def blob_path(self, md5_hex: str) -> str:
        """``root/<md5_hex[:2]>/<md5_hex>``; ValueError unless ``md5_hex`` is 32 lowercase hex."""
        if not isinstance(md5_hex, str) or len(md5_hex) != 32 or not _HEX.issuperset(md5_hex):
            raise ValueError(f"md5_hex: expected 32 lowercase hex characters, got {md5_hex!r}")
        return os.path.join(self.root, md5_hex[:2], md5_hex)


_cache: dict[tuple[str, str | None], LocalStore | None] = {}
_lock = threading.Lock()


def _reset_cache() -> None:
    """Forget every discovery answer (tests)."""
    with _lock:
        _cache.clear()


def enabled() -> bool:
    """False when ``VIREO_LOCAL_BLOBS`` is 0 / false / no / off."""
    return os.environ.get(ENV, "").strip().lower() not in _OFF


def is_loopback_url(base_url: str) -> bool:
    """True when ``base_url`` is http(s) to localhost, 127.x.y.z or ::1."""
    try:
        parts = urlsplit(base_url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def discover(base_url: str, api_key: str | None) -> LocalStore | None:
    """The server's local blob store when usable from this process, else None (never raises).

    Answers (positive and negative) are cached per ``(base_url, api_key)`` for the process."""
    try:
        if not enabled() or not base_url or not is_loopback_url(base_url):
            return None
        key = (base_url.rstrip("/"), api_key)
        with _lock:  # one request per key, even with many threads asking at once
            if key not in _cache:
                _cache[key] = _ask(key[0], api_key)
            return _cache[key]
    except Exception as e:  # noqa: BLE001 - the fast path is optional
        logger.debug("local blob store discovery failed: %s", e)
        return None


def _ask(base_url: str, api_key: str | None) -> LocalStore | None:
    if not api_key:
        return None
    import requests

    with requests.Session() as session:
        session.trust_env = False  # loopback only: no proxies, no .netrc
        resp = session.get(base_url + ENDPOINT, auth=("api", api_key), timeout=TIMEOUT_S)
    if resp.status_code != 200:
        logger.debug("local blob store: %s%s answered %s", base_url, ENDPOINT, resp.status_code)
        return None
    return _verify(resp.json())


def _verify(body: Any) -> LocalStore | None:
    """The store described by the endpoint's answer, if this process sees and may write it."""
    if not isinstance(body, dict) or body.get("layout") != LAYOUT:
        return None
    root, probe_path, probe = body.get("root"), body.get("probe_path"), body.get("probe")
    if not all(isinstance(v, str) and v for v in (root, probe_path, probe)):
        return None
    if not os.path.isabs(root) or not os.path.isdir(root):
        return None
    real_root, real_probe = os.path.realpath(root), os.path.realpath(probe_path)
    if os.path.commonpath([real_root, real_probe]) != real_root:
        return None
    try:
        with open(real_probe, "rb") as f:
            # The server's own file: we must be the same user, or the blobs we write (private,
            # 0600) would be unreadable to it (a root client and a user's server, say).
            if os.fstat(f.fileno()).st_uid != os.geteuid():
                return None
            seen = f.read(256).strip()
    except OSError:
        return None
    if not hmac.compare_digest(seen, probe.encode("utf-8")):
        return None
    tmp = os.path.join(root, "tmp")
    if not (os.access(root, os.W_OK) and os.access(tmp, os.W_OK)):
        return None
    return LocalStore(root=os.path.normpath(root))


def for_client(client: Any) -> LocalStore | None:
    """``discover`` for a GraphQL client (``wandb.sdk.online.gql.GQLClient`` or the public API's
    ``GraphQLClient``): base URL and API key come from its attributes; None when it has none."""
    try:
        base_url = getattr(client, "base_url", None)
        if not isinstance(base_url, str):
            url = getattr(client, "url", None)
            if not isinstance(url, str):
                return None
            base_url = url
        base_url = base_url.rstrip("/")
        if base_url.endswith("/graphql"):
            base_url = base_url[: -len("/graphql")]
        api_key = getattr(client, "api_key", None)
        if not isinstance(api_key, str) or not api_key:
            auth = getattr(getattr(client, "_session", None), "auth", None)  # GQLClient
            api_key = auth[1] if isinstance(auth, tuple) and len(auth) == 2 else None
        if not isinstance(api_key, str) or not api_key:
            return None
        return discover(base_url, api_key)
    except Exception as e:  # noqa: BLE001
        logger.debug("local blob store: cannot read the client's URL and key: %s", e)
        return None
