"""Online test kit: a Vireo server in this process, fast retry settings, and the environment of
child processes that log to it (imported by name, not as conftest; tests/run_artifacts uses it too)."""

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


class Server:
    """A restartable server on a fixed port and data directory."""

    def __init__(self, data_dir: str, db_url: str | None = None) -> None:
        self.data_dir = data_dir
        self.db_url = db_url
        self.port = 0
        self.handle: Any = None
        self.start()

    def start(self) -> None:
        from wandb.server import start_in_thread

        kwargs = {"db_url": self.db_url} if self.db_url else {}
        self.handle = start_in_thread(self.data_dir, port=self.port, **kwargs)
        self.port = int(self.handle.url.rsplit(":", 1)[1])
        self._key = self.handle.admin_key or getattr(self, "_key", None)

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.stop()
            self.handle = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def key(self) -> str:
        return self._key

    @property
    def store(self) -> Any:
        return self.handle.store

    def gql_client(self) -> Any:
        from wandb.sdk.online.gql import GQLClient

        return GQLClient(self.url, self.key, retry_min=0.05, retry_max=0.3)

    def api(self) -> Any:
        from wandb.apis.public import Api

        return Api(overrides={"base_url": self.url}, api_key=self.key)
