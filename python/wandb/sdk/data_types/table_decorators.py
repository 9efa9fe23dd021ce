"""Decorators for ``wandb.Table`` methods that mutate a table, per its ``log_mode``."""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])


def _forget_logged_state(table: Any) -> None:
    table._run = None
    table._artifact_target = None
    table._path = None
    table._sha256 = None


def allow_relogging_after_mutation(method: _F) -> _F:
    """MUTABLE tables forget that they were logged (the next log writes a new version);
    IMMUTABLE tables that were logged warn once that later logs will not change anything."""

    @wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        logged = self._run is not None or self._artifact_target is not None
        if self.log_mode == "MUTABLE":
            _forget_logged_state(self)
        elif self.log_mode == "IMMUTABLE" and logged:
            import wandb

            wandb.termwarn(
                "You are mutating a Table with log_mode='IMMUTABLE' that has been "
                "logged already. Subsequent log() calls will have no effect. "
                "Set log_mode='MUTABLE' to enable re-logging after mutations",
                repeat=False,
            )
        return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def allow_incremental_logging_after_append(method: _F) -> _F:
    """INCREMENTAL tables that were logged start a new increment when rows are appended."""

    @wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        if self.log_mode != "INCREMENTAL" or (self._artifact_target is None and self._run is None):
            return result  # not logged yet (a table logged without artifacts has only a run)
        url = self._get_artifact_entry_ref_url()
        if url is not None:
            if self._previous_increments_paths is None:
                raise ValueError("_previous_increments_paths must be set once an incremental table was logged")
            self._previous_increments_paths.append(url)
        _forget_logged_state(self)
        if self._increment_num is None:
            raise ValueError("_increment_num must be set once an incremental table was logged")
        self._increment_num += 1
        if self._increment_num > 99:
            import wandb

            wandb.termwarn(
                "You have exceeded 100 increments for this table. "
                "Only the latest 100 increments will be visualized in the run workspace.",
                repeat=False,
            )
        return result

    return wrapper  # type: ignore[return-value]


def ensure_not_incremental(method: _F) -> _F:
    """Refuse the operation on tables with ``log_mode='INCREMENTAL'``."""

    @wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self.log_mode == "INCREMENTAL":
            import wandb

            raise wandb.Error(
                f"Operation '{method.__name__}' is not supported for tables with "
                "log_mode='INCREMENTAL'. Use a different log mode like 'MUTABLE' or 'IMMUTABLE'."
            )
        return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
