"""The embedded default: with no server configured, use a local Vireo server.

When no base URL is configured (``base_url`` left at its default: not set by
``WANDB_BASE_URL``, a settings file, ``wandb.login(host=...)`` or ``wandb.init(settings=...)``)
and no API key is configured for it, ``wandb.init()`` (online) and ``wandb.Api()`` start or
reuse the user's local server (see ``local_server.py``) and use its key automatically.

Opt out with ``WANDB_VIREO_EMBEDDED=false``. Offline and disabled runs never start a server.
Not imported by ``import wandb``: the hooks import it when they need it.
"""

from __future__ import annotations

import os
from typing import Any, Optional

from wandb.sdk.embedded.local_server import (
    LocalServer,
    ensure,
    read_state,
    server_dir,
    status,
    stop_local_server,
)

DEFAULT_BASE_URL = "https://api.wandb.ai"
OPT_OUT_ENV = "WANDB_VIREO_EMBEDDED"

__all__ = [
    "LocalServer",
    "applies",
    "enabled",
    "ensure",
    "ensure_local_server",
    "read_state",
    "server_dir",
    "status",
    "stop_local_server",
    "use_for_api",
    "use_for_init",
]


def enabled() -> bool:
    """False when ``WANDB_VIREO_EMBEDDED`` is set to false/0/no/off."""
    return os.environ.get(OPT_OUT_ENV, "").strip().lower() not in ("false", "0", "no", "off")


def _has_key_for_default_host(settings: Any) -> bool:
    if getattr(settings, "api_key", None) or os.environ.get("WANDB_API_KEY"):
        return True
    try:
        from wandb.sdk.lib.apikey import read_netrc_key

        return bool(read_netrc_key(DEFAULT_BASE_URL))
    except Exception:  # noqa: BLE001 - an unreadable netrc means "no key"
        return False


def applies(settings: Any, *, explicit_base_url: Optional[str] = None,
            explicit_api_key: Optional[str] = None) -> bool:
    """True when neither a base URL nor an API key is configured (and the default is not
    switched off), i.e. when the local server should be used.

    ``settings``: a ``wandb.Settings`` (its explicitly set fields tell a configured
    ``base_url`` from the default); ``explicit_*``: values given directly (``wandb.Api``).
    """
    if not enabled():
        return False
    if getattr(settings, "_noop", False) or getattr(settings, "_offline", False):
        return False
    if explicit_base_url or explicit_api_key or os.environ.get("WANDB_BASE_URL"):
        return False
    if settings is not None:
        if "base_url" in getattr(settings, "model_fields_set", ()):
            return False
        base = str(getattr(settings, "base_url", None) or DEFAULT_BASE_URL).rstrip("/")
        if base != DEFAULT_BASE_URL:
            return False
    return not _has_key_for_default_host(settings)


def ensure_local_server(timeout: Optional[float] = None) -> tuple[str, str]:
    """Start or reuse the user's local server; returns ``(base_url, api_key)``.

    Raises:
        CommError: it did not start within ``timeout`` seconds (default 15).
    """
    server = ensure(timeout)
    return server.url, server.api_key


def _announce(server: LocalServer, settings: Any = None) -> None:
    import wandb

    if server.replaced:
        wandb.termwarn(server.replaced, repeat=False)
    if settings is not None and (getattr(settings, "silent", False) or getattr(settings, "quiet", False)):
        return
    wandb.termlog(f"Local server (Vireo) at {server.url} (data in {server.data_dir})", repeat=False)


def use_for_init(settings: Any) -> Optional[tuple[str, str]]:
    """For ``wandb.init``: ``(base_url, api_key)`` of the local server when it applies, else None.

    Prints one line with the server's URL (the run's URL follows in the run header).
    """
    if not applies(settings):
        return None
    server = ensure()
    _announce(server, settings)
    return server.url, server.api_key


def use_for_api(settings: Any, overrides: Optional[dict] = None,
                api_key: Optional[str] = None) -> Optional[tuple[str, str]]:
    """For ``wandb.Api()``: ``(base_url, api_key)`` of the local server when it applies."""
    overrides = overrides or {}
    if not applies(settings, explicit_base_url=overrides.get("base_url"), explicit_api_key=api_key):
        return None
    server = ensure()
    if server.replaced:
        _announce(server, settings)
    return server.url, server.api_key
