"""The ``wandb`` Python logger and the per-run ``logs/debug.log`` files.

Every SDK module logs to ``logging.getLogger("wandb")``. Each run adds a file
handler for its ``debug.log``; a context variable says which run a message
belongs to, so concurrent runs keep separate logs. Messages logged outside any
run context go to every run's log, tagged ``[no run ID]`` (or ``[all runs]``).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import pathlib
from typing import Any, Callable, TypeVar

LINE_FORMAT = (
    "%(asctime)s %(levelname)-7s %(threadName)-10s:%(process)d"
    " [%(filename)s:%(funcName)s():%(lineno)s]%(run_id_tag)s %(message)s"
)


class _AllRuns:
    """Marker: the message is meant for every run."""


_ALL_RUNS = _AllRuns()
_current: contextvars.ContextVar[str | _AllRuns | None] = contextvars.ContextVar(
    "wandb_log_run_id", default=None
)
_logger = logging.getLogger("wandb")

F = TypeVar("F", bound=Callable[..., Any])


def configure_wandb_logger() -> None:
    """Make the ``wandb`` logger self-contained (DEBUG level, not propagated). Idempotent."""
    _logger.setLevel(logging.DEBUG)
    _logger.propagate = False
    if not _logger.handlers:
        _logger.addHandler(logging.NullHandler())


class _LogContext(contextlib.ContextDecorator):
    def __init__(self, value: str | _AllRuns | None) -> None:
        self._value = value
        self._tokens: list[contextvars.Token] = []

    def __enter__(self) -> None:
        self._tokens.append(_current.set(self._value))

    def __exit__(self, *exc: Any) -> None:
        _current.reset(self._tokens.pop())


def log_to_run(run_id: str | None) -> _LogContext:
    """Send messages logged inside the block to ``run_id``'s debug.log only."""
    return _LogContext(run_id)


def log_to_all_runs() -> _LogContext:
    """Send messages logged inside the block (or decorated function) to every run's log."""
    return _LogContext(_ALL_RUNS)


class _RunFilter(logging.Filter):
    def __init__(self, run_id: str) -> None:
        super().__init__()
        self._run_id = run_id

    def filter(self, record: logging.LogRecord) -> bool:
        current = _current.get()
        if current is None:
            record.run_id_tag = " [no run ID]"
            return True
        if isinstance(current, _AllRuns):
            record.run_id_tag = " [all runs]"
            return True
        record.run_id_tag = ""
        return current == self._run_id


def add_file_handler(run_id: str, filepath: pathlib.Path | str) -> logging.Handler:
    """Attach a file handler (INFO and above) writing ``filepath`` in wandb's line format."""
    configure_wandb_logger()
    handler = logging.FileHandler(filepath)
    handler.setLevel(logging.INFO)
    handler.addFilter(_RunFilter(run_id))
    handler.setFormatter(logging.Formatter(LINE_FORMAT))
    _logger.addHandler(handler)
    return handler


def remove_handler(handler: logging.Handler) -> None:
    """Detach and close a handler made by :func:`add_file_handler`."""
    _logger.removeHandler(handler)
    handler.close()

