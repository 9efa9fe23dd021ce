"""Disabled-mode helpers: ``RunDisabled`` and ``SummaryDisabled``.

``wandb.init(mode="disabled")`` returns a ``wandb.Run`` whose methods are cheap
no-ops (built in ``wandb.sdk.init_disabled``). That object is also an instance
of ``RunDisabled``, so integrations that test ``isinstance(run, RunDisabled)``
(older Lightning, transformers...) recognise it.
"""

from __future__ import annotations

from typing import Any


class SummaryDisabled(dict):
    """A dict with attribute access; nested dicts are wrapped on read."""

    __setattr__ = dict.__setitem__  # type: ignore[assignment]
    __delattr__ = dict.__delitem__  # type: ignore[assignment]

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError as e:
            raise AttributeError(key) from e

    def __getitem__(self, key: str) -> Any:
        val = dict.__getitem__(self, key)
        if isinstance(val, dict) and not isinstance(val, SummaryDisabled):
            val = SummaryDisabled(val)
            self[key] = val
        return val


class RunDisabled:
    """Compatibility class for integrations that check ``isinstance(run, RunDisabled)``.

    Instantiating it directly gives an object whose unknown attributes are ``None``
    (with a one-time deprecation warning), as in wandb 0.21.3.
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        from wandb.sdk.lib.deprecate import deprecate

        deprecate(
            field_name="run_disabled",
            warning_message=(
                "RunDisabled is deprecated and is a no-op. "
                '`wandb.init(mode="disabled")` now returns an instance of `wandb.Run`.'
            ),
        )
        return None


class ChainableNoOp:
    """Any attribute access or call returns the same object (``run.log_artifact(a).wait()``)."""

    def __getattr__(self, name: str) -> "ChainableNoOp":
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> "ChainableNoOp":
        return self

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "<disabled>"
