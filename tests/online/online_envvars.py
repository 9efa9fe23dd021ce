"""Environment for online tests and their child processes (imported by name, not as conftest)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

FAST = {
    "WANDB_X_FILE_STREAM_TRANSMIT_INTERVAL": "0.1",
    "WANDB_X_FILE_STREAM_RETRY_WAIT_MIN_SECONDS": "0.05",
    "WANDB_X_FILE_STREAM_RETRY_WAIT_MAX_SECONDS": "0.3",
    "WANDB_X_GRAPHQL_RETRY_WAIT_MIN_SECONDS": "0.05",
    "WANDB_X_GRAPHQL_RETRY_WAIT_MAX_SECONDS": "0.3",
    "WANDB_CONSOLE": "off",
}


def subprocess_env(server: Any, cwd: Path) -> dict:
    """Environment for a child process that logs online to ``server``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_")}
    env.update(FAST)
    env.update({
        "WANDB_BASE_URL": server.url,
        "WANDB_API_KEY": server.key,
        "WANDB_DIR": str(cwd),
        "HOME": str(cwd / "home"),
        "WANDB_CONFIG_DIR": str(cwd / "home" / "config"),
        "WANDB_CACHE_DIR": str(cwd / "home" / "cache"),
        "WANDB_DATA_DIR": str(cwd / "home" / "data"),
    })
    return env
