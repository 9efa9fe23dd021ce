"""Exceptions raised by the SDK (mirrors ``wandb.errors`` of wandb 0.21.3)."""

from wandb.errors.errors import (
    AuthenticationError,
    CommError,
    Error,
    UnsupportedError,
    UsageError,
    WandbCoreNotAvailableError,
)

__all__ = [
    "Error",
    "UsageError",
    "CommError",
    "AuthenticationError",
    "UnsupportedError",
    "WandbCoreNotAvailableError",
]
