"""Online mode: the control plane (GraphQL) of a run and its hooks into ``Run``.

``wandb_run.Run`` calls :func:`connect` at start (offline and disabled runs get None) and
then only the ``OnlineSession`` methods; the Rust sender (``wandb._core``) streams the
transaction log. See ``session.py``.
"""

from __future__ import annotations

import os
from typing import Any

#: seconds ``run.finish()`` waits for the sender (env ``WANDB_X_FINISH_TIMEOUT`` overrides)
DEFAULT_FINISH_TIMEOUT_S = 60.0


def is_online(settings: Any) -> bool:
    """True for runs that sync to a server (mode online or shared)."""
    mode = getattr(settings, "mode", None) or "online"
    return mode in ("online", "run", "shared")


def connect(run: Any) -> Any:
    """Create the run on the server and return its ``OnlineSession`` (None when offline)."""
    if not is_online(run._settings):
        return None
    from wandb.sdk.online.session import OnlineSession

    return OnlineSession.connect(run)


def finish_timeout() -> float:
    """How long ``run.finish()`` waits for the sender, in seconds."""
    try:
        return max(0.0, float(os.environ.get("WANDB_X_FINISH_TIMEOUT", DEFAULT_FINISH_TIMEOUT_S)))
    except ValueError:
        return DEFAULT_FINISH_TIMEOUT_S


__all__ = ["connect", "is_online", "finish_timeout"]
