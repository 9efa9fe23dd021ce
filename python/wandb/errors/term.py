"""Terminal output with wandb's ``wandb:`` prefix (``wandb.termlog`` and friends)."""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import Any, Optional

_PREFIX = "wandb"
_logger = logging.getLogger("wandb")
# Terminal output is ours to print; keep the logging fallback handler from printing it again.
_logger.addHandler(logging.NullHandler())
_lock = threading.Lock()
_silent = False
_show_info = True
_show_warnings = True
_show_errors = True
_printed_once: set = set()


def termsetup(settings: Any = None, logger: Optional[logging.Logger] = None) -> None:
    """Configure terminal output from settings (``silent``, ``show_info``, ...)."""
    global _silent, _show_info, _show_warnings, _show_errors, _logger
    if settings is not None:
        _silent = bool(getattr(settings, "silent", False))
        _show_info = bool(getattr(settings, "show_info", True))
        _show_warnings = bool(getattr(settings, "show_warnings", True))
        _show_errors = bool(getattr(settings, "show_errors", True))
    if logger is not None:
        _logger = logger


def _env_silent() -> bool:
    return os.environ.get("WANDB_SILENT", "").lower() in ("1", "true", "yes")


def _emit(string: str, newline: bool, prefix: bool, level: int) -> None:
    text = str(string)
    if prefix:
        text = "\n".join(f"{_PREFIX}: {line}" if line else f"{_PREFIX}:" for line in text.split("\n"))
    _logger.log(level, str(string))
    if _silent or _env_silent():
        return
    stream = sys.stderr
    if stream is None:
        return
    with _lock:
        try:
            stream.write(text + ("\n" if newline else ""))
            stream.flush()
        except (OSError, ValueError):
            pass


def termlog(string: str = "", newline: bool = True, repeat: bool = True, prefix: bool = True) -> None:
    """Print an info line prefixed with ``wandb:`` to stderr."""
    if not repeat:
        if string in _printed_once:
            return
        _printed_once.add(string)
    if _show_info:
        _emit(string, newline, prefix, logging.INFO)


def termwarn(string: str, newline: bool = True, repeat: bool = True, prefix: bool = True) -> None:
    """Print a warning line (``wandb: WARNING ...``) to stderr."""
    if not repeat:
        if ("W", string) in _printed_once:
            return
        _printed_once.add(("W", string))
    if _show_warnings:
        _emit(f"WARNING {string}", newline, prefix, logging.WARNING)


def termerror(string: str, newline: bool = True, repeat: bool = True, prefix: bool = True) -> None:
    """Print an error line (``wandb: ERROR ...``) to stderr."""
    if not repeat:
        if ("E", string) in _printed_once:
            return
        _printed_once.add(("E", string))
    if _show_errors:
        _emit(f"ERROR {string}", newline, prefix, logging.ERROR)
