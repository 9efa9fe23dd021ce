"""Placeholders bound to ``wandb.config``, ``wandb.log``... before ``wandb.init()``."""

from __future__ import annotations

from typing import Any, Callable


def _error(message: str) -> Exception:
    import wandb

    return wandb.Error(message)


class PreInitObject:
    """Raises ``wandb.Error`` on any public access: ``wandb.init()`` must come first."""

    def __init__(self, name: str, destination: Any | None = None) -> None:
        object.__setattr__(self, "_name", name)
        if destination is not None:
            object.__setattr__(self, "__doc__", destination.__doc__)

    def __getitem__(self, key: str) -> Any:
        raise _error(f"You must call wandb.init() before {self._name}[{key!r}]")

    def __setitem__(self, key: str, value: Any) -> Any:
        raise _error(f"You must call wandb.init() before {self._name}[{key!r}]")

    def __setattr__(self, key: str, value: Any) -> Any:
        if key.startswith("_"):
            return object.__setattr__(self, key, value)
        raise _error(f"You must call wandb.init() before {self._name}.{key}")

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        raise _error(f"You must call wandb.init() before {self._name}.{key}")

    def __repr__(self) -> str:
        return f"<{self._name} (call wandb.init() first)>"


def PreInitCallable(name: str, destination: Any | None = None) -> Callable[..., Any]:  # noqa: N802
    """A function that raises ``wandb.Error("You must call wandb.init() before <name>()")``."""

    def preinit_wrapper(*args: Any, **kwargs: Any) -> Any:
        raise _error(f"You must call wandb.init() before {name}()")

    preinit_wrapper.__name__ = str(name)
    if destination is not None:
        preinit_wrapper.__wrapped__ = destination  # type: ignore[attr-defined]
        preinit_wrapper.__doc__ = destination.__doc__
    return preinit_wrapper
