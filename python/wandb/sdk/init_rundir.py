"""Run directory creation for ``wandb.init``.

Layout (notes §4)::

    <root_dir>/wandb/                 (or .wandb/ if that exists)
      latest-run -> <run dir>         relative symlinks, replaced atomically
      debug.log -> <run dir>/logs/debug.log
      debug-internal.log -> <run dir>/logs/debug-internal.log
      <run_mode>-<YYYYMMDD_HHMMSS>-<id>/
        files/  logs/  tmp/code/
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import tempfile
from typing import Any, Callable

from wandb.sdk.lib import filesystem, wb_logging

logger = logging.getLogger("wandb")


def try_create_root_dir(settings: Any) -> None:
    """Create ``settings.root_dir``; fall back to the system temp dir when that fails.

    Raises:
        ValueError: neither the root dir nor the temp dir is usable.
    """
    import wandb

    fallback = False
    try:
        os.makedirs(settings.root_dir, exist_ok=True)
    except OSError:
        wandb.termwarn(f"Unable to create root directory {settings.root_dir}", repeat=False)
        fallback = True
    else:
        if not os.access(settings.root_dir, os.W_OK | os.R_OK):
            wandb.termwarn(f"Path {settings.root_dir} wasn't read/writable", repeat=False)
            fallback = True
    if not fallback:
        return
    tmp_dir = tempfile.gettempdir()
    if not os.access(tmp_dir, os.W_OK | os.R_OK):
        raise ValueError(
            f"System temp directory ({tmp_dir}) is not writable/readable, "
            "please set the `dir` argument in `wandb.init()` to a writable/readable directory."
        )
    settings.root_dir = tmp_dir
    wandb.termwarn(f"Falling back to temporary directory {tmp_dir}.", repeat=False)
    os.makedirs(settings.root_dir, exist_ok=True)


def write_internal_log(path: str, level: str, msg: str, **fields: Any) -> None:
    """Append one JSON line to ``debug-internal.log`` (wandb-core's format)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    entry = {"time": now.isoformat(timespec="microseconds").replace("+00:00", "Z"), "level": level, "msg": msg}
    entry.update(fields)
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, separators=(",", ":")) + "\n")
    except OSError:
        logger.warning("could not write %s", path)


def ensure_unique_sync_dir(settings: Any) -> None:
    """Never reuse a transaction log: when the same run id is started twice within one
    second, move the start time (and so the directory's timestamp) to the next second."""
    import math

    while os.path.exists(settings.sync_file):
        settings.x_start_time = math.floor(settings.x_start_time) + 1


def create_run_dirs(settings: Any) -> None:
    """Create the run's directories and point the ``latest-run``/``debug*.log`` links at it."""
    filesystem.mkdir_exists_ok(os.path.dirname(settings.log_user))
    filesystem.mkdir_exists_ok(os.path.dirname(settings.log_internal))
    filesystem.mkdir_exists_ok(os.path.dirname(settings.sync_file))
    filesystem.mkdir_exists_ok(settings.files_dir)
    filesystem.mkdir_exists_ok(settings._tmp_code_dir)
    if getattr(settings, "symlink", True):
        links = (
            (settings.sync_symlink_latest, os.path.dirname(settings.sync_file)),
            (settings.log_symlink_user, settings.log_user),
            (settings.log_symlink_internal, settings.log_internal),
        )
        for link, target in links:
            filesystem.safe_symlink(os.path.dirname(link), target, os.path.basename(link))


def open_run_logs(settings: Any, wl: Any) -> Callable[[], None]:
    """Start ``logs/debug.log`` (Python logging, wandb's line format) and
    ``logs/debug-internal.log``; returns a function that closes debug.log."""
    handler = wb_logging.add_file_handler(settings.run_id, settings.log_user)
    if os.environ.get("WANDB_DEBUG", "").lower() in ("1", "true", "yes"):
        handler.setLevel(logging.DEBUG)
    wl._early_logger_flush(logging.getLogger("wandb"))
    logger.info(f"Logging user logs to {settings.log_user}")
    logger.info(f"Logging internal logs to {settings.log_internal}")
    write_internal_log(settings.log_internal, "INFO", "stream: starting", **{"core version": _core_version()})
    write_internal_log(settings.log_internal, "INFO", "stream: created new stream", id=settings.run_id)
    disposed = False

    def dispose() -> None:
        nonlocal disposed
        if not disposed:
            disposed = True
            wb_logging.remove_handler(handler)

    return dispose


def _core_version() -> str:
    import wandb

    return str(wandb.__version__)
