"""Staging directory for media files encoded before they are bound to a run."""

from __future__ import annotations

import atexit
import tempfile

#: Media objects write their file here first, hash it, then move it into the run's files dir.
MEDIA_TMP = tempfile.TemporaryDirectory("wandb-media")


def _cleanup_media_tmp_dir() -> None:
    atexit.register(MEDIA_TMP.cleanup)
