"""Registries: ``api.registry(name)``, ``api.create_registry(...)``, ``api.registries(filter)``."""

from wandb.apis.public.registries.registry import Registry
from wandb.apis.public.registries.search import Collections, Registries, Versions

__all__ = ["Registry", "Registries", "Collections", "Versions"]
