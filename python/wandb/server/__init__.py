"""The Vireo server: W&B-protocol GraphQL, file_stream and file transfer on one ASGI app.

Nothing here is imported by ``import wandb``; import ``wandb.server`` explicitly.
``start_in_thread(data_dir, port=0)`` runs a server in a background thread (tests, the
embedded default); ``wandb server start`` runs one in the foreground.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wandb.server.runner import ServerHandle

__all__ = ["start_in_thread", "ServerHandle"]


def start_in_thread(data_dir: str, port: int = 0, **kwargs: Any) -> "ServerHandle":
    """Start a server on 127.0.0.1 in a daemon thread; returns a handle with ``url``,
    ``admin_key`` and ``stop()``. Keyword arguments are passed to ``ServerConfig``."""
    from wandb.server.runner import start_in_thread as _start

    return _start(data_dir, port=port, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "ServerHandle":
        from wandb.server.runner import ServerHandle

        return ServerHandle
    raise AttributeError(name)
