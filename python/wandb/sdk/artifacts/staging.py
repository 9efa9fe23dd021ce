"""The staging directory: read-only copies of files added with policy="mutable"."""

from __future__ import annotations

import os


def get_staging_dir() -> str:
    """``$WANDB_DATA_DIR/artifacts/staging`` (created), as an absolute path."""
    from wandb import env

    path = os.path.abspath(
        os.path.expanduser(os.path.join(env.get_data_dir(), "artifacts", "staging"))
    )
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        raise PermissionError(
            f"Unable to write staging files to {path}. To fix this problem, please set "
            f"WANDB_DATA_DIR to a directory where you have the necessary write access."
        ) from e
    return path
