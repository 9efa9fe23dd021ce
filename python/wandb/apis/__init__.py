"""W&B APIs. ``wandb.apis.PublicApi`` is ``wandb.Api``; submodules load on first use."""

from __future__ import annotations

from typing import Any

__all__ = ["PublicApi", "public"]


def __getattr__(name: str) -> Any:
    if name == "PublicApi":
        from wandb.apis.public.api import Api

        return Api
    if name == "public":
        import importlib

        return importlib.import_module("wandb.apis.public")
    raise AttributeError(f"module 'wandb.apis' has no attribute {name!r}")
