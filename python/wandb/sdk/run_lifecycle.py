"""Process-level hooks shared by all runs: exit code capture, atexit finishing, fork safety."""

from __future__ import annotations

import os
import sys
import threading
import weakref
from typing import Any

_live_runs: "weakref.WeakSet[Any]" = weakref.WeakSet()
_lock = threading.Lock()
_installed = False


class ExitHooks:
    """Remembers how the process is ending (uncaught exception or ``sys.exit(code)``)."""

    def __init__(self) -> None:
        self.exit_code = 0
        self.exception: BaseException | None = None

    def _excepthook(self, exc_type: type, exc: BaseException, tb: Any) -> None:
        self.exit_code = 255 if issubclass(exc_type, KeyboardInterrupt) else 1
        self.exception = exc
        self._orig_excepthook(exc_type, exc, tb)

    def _exit(self, code: object = 0) -> None:
        if isinstance(code, int):
            self.exit_code = code
        elif code is not None:
            self.exit_code = 1
        self._orig_exit(code)

    def install(self) -> None:
        self._orig_excepthook = sys.excepthook
        self._orig_exit = sys.exit
        sys.excepthook = self._excepthook
        sys.exit = self._exit  # type: ignore[assignment]


hooks = ExitHooks()


def _after_fork_in_child() -> None:
    for run in list(_live_runs):
        run._after_fork()


def register(run: Any) -> None:
    """Track ``run`` for fork handling; install the process hooks once."""
    global _installed
    with _lock:
        _live_runs.add(run)
        if not _installed:
            _installed = True
            hooks.install()
            if hasattr(os, "register_at_fork"):
                os.register_at_fork(after_in_child=_after_fork_in_child)


def unregister(run: Any) -> None:
    with _lock:
        _live_runs.discard(run)
