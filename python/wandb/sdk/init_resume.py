"""Run ids and ``resume`` handling for ``wandb.init``.

``resume="auto"`` keeps the run id in ``<wandb_dir>/wandb-resume.json``
(``{"run_id": "<id>"}``): the next ``resume="auto"`` run in that directory reuses
it, until a run finishes cleanly and the file is removed. Without a server, whether
a run "exists" is judged from the local run directories under ``wandb_dir``.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import pathlib
from typing import Any

from wandb.errors import UsageError
from wandb.sdk.lib import runid

logger = logging.getLogger("wandb")


def load_autoresume_run_id(resume_file: pathlib.Path) -> str | None:
    """The ``run_id`` stored in the resume file, or None if missing or invalid."""
    if not resume_file.exists():
        return None
    try:
        with resume_file.open() as f:
            return json.load(f)["run_id"]
    except (ValueError, KeyError, TypeError, OSError):
        logger.exception("could not read a run_id from %s, ignoring it", resume_file)
        return None


def save_autoresume_run_id(resume_file: pathlib.Path, run_id: str) -> None:
    """Write ``{"run_id": run_id}`` to the resume file."""
    resume_file.parent.mkdir(parents=True, exist_ok=True)
    with resume_file.open("w") as f:
        json.dump({"run_id": run_id}, f)


def set_run_id(settings: Any) -> None:
    """Make sure ``settings.run_id`` is set (explicit id, resume file, ``resume_from`` run,
    or a new random 8-character id) and record it for ``resume="auto"``."""
    import wandb

    resume_path = None
    if settings.resume == "auto" and settings.resume_fname:
        resume_path = pathlib.Path(settings.resume_fname)
    if resume_path is not None:
        previous = load_autoresume_run_id(resume_path)
        if previous:
            if settings.run_id is None:
                logger.info(f"loaded run ID from {resume_path}")
                settings.run_id = previous
            elif settings.run_id != previous:
                wandb.termwarn(
                    f"Ignoring ID {previous} loaded due to resume='auto'"
                    f" because the run ID is set to {settings.run_id}."
                )
    if settings.run_id is None:
        if settings.resume_from is not None:
            settings.run_id = settings.resume_from.run
        else:
            settings.run_id = runid.generate_id()
    if resume_path is not None:
        save_autoresume_run_id(resume_path, settings.run_id)


def local_run_dirs(settings: Any, run_id: str) -> list[str]:
    """Existing local run directories (online or offline) for ``run_id``."""
    wandb_dir = settings.wandb_dir
    pattern_id = glob.escape(run_id)
    found = glob.glob(os.path.join(glob.escape(wandb_dir), f"run-*-{pattern_id}"))
    found += glob.glob(os.path.join(glob.escape(wandb_dir), f"offline-run-*-{pattern_id}"))
    return sorted(p for p in found if os.path.isdir(p))


def check_resume(settings: Any) -> bool:
    """Apply ``resume`` for a synced (online/shared) run; returns True if the run is resumed.

    Raises:
        UsageError: ``resume="must"`` and the run does not exist, or ``resume="never"``
            and it does.
    """
    mode = settings.resume
    if not mode:
        return False
    exists = bool(local_run_dirs(settings, settings.run_id))
    if mode == "must" and not exists:
        raise UsageError(
            "You provided an invalid value for the `resume` argument."
            f" The value 'must' is not a valid option for resuming the run ({settings.run_id})"
            " that has not been initialized. Please check your inputs and try again with a"
            " valid run ID. If you are trying to start a new run, please omit the `resume`"
            " argument or use `resume='allow'`."
        )
    if mode == "never" and exists:
        raise UsageError(
            "You provided an invalid value for the `resume` argument."
            f" The value 'never' is not a valid option for resuming the run ({settings.run_id})"
            " that already exists. Please check your inputs and try again with a valid run ID."
            " If you are trying to resume the run, use `resume='allow'` or `resume='must'`."
        )
    return exists and mode in ("allow", "must", "auto")
