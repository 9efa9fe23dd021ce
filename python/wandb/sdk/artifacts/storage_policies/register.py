"""Registers the built-in storage policies (import side effect, as in wandb)."""

from .wandb_storage_policy import WandbStoragePolicy  # noqa: F401
