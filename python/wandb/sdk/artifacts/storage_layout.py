"""Storage layouts of the wandb storage policy."""

from __future__ import annotations

from enum import Enum


class StorageLayout(str, Enum):
    """Where the server stores file contents (V2: per-artifact, the current default)."""

    V1 = "V1"
    V2 = "V2"

    @classmethod
    def from_env(cls) -> "StorageLayout":
        """The layout chosen by ``WANDB_USE_V1_ARTIFACTS`` (V2 unless it is set)."""
        import os

        return cls.V1 if os.environ.get("WANDB_USE_V1_ARTIFACTS") else cls.V2
