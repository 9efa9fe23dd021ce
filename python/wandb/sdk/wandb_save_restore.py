"""``wandb.restore``: fetch a file saved with a run."""

from __future__ import annotations

import os
from typing import TextIO


def restore(
    name: str,
    run_path: str | None = None,
    replace: bool = False,
    root: str | None = None,
) -> None | TextIO:
    """Download the specified file from cloud storage.

    File is placed into the current directory or run directory. By default, will only
    download the file if it doesn't already exist.

    Args:
        name: The name of the file.
        run_path: Optional path to a run to pull files from, i.e. ``username/project_name/run_id``;
            required if wandb.init has not been called.
        replace: Whether to download the file even if it already exists locally.
        root: The directory to download the file to. Defaults to the current directory or the
            run directory if wandb.init was called.

    Returns:
        None if it can't find the file, otherwise a file object open for reading.

    Raises:
        CommError: If W&B can't connect to the W&B backend (always, for offline runs).
        ValueError: If the file is not found or can't find run_path.
    """
    import wandb

    return _restore(name, run_path, replace, root, getattr(wandb, "run", None))


def _restore(
    name: str, run_path: str | None, replace: bool, root: str | None, active: object
) -> None | TextIO:
    import wandb
    from wandb.errors import CommError

    disabled = active is not None and bool(getattr(active, "disabled", False))
    run = None if disabled else active
    if run_path is None:
        if run is None:
            raise ValueError("run_path required when calling wandb.restore before wandb.init")
        run_path = run.path  # type: ignore[attr-defined]
    if root is None and run is not None:
        root = run.dir  # type: ignore[attr-defined]
    if run is not None and getattr(run, "offline", False):
        # wandb asks the server first, which an offline run cannot reach
        raise CommError(
            f"Cannot restore {name!r} from {run_path!r}: the run is offline and "
            "wandb.restore needs a W&B server."
        )
    api_cls = getattr(wandb, "Api", None)
    if api_cls is None:
        raise CommError("wandb.restore needs the public API (wandb.Api), which is not available.")
    api_run = api_cls().run(run_path)
    if root is None:
        root = os.getcwd()
    path = os.path.join(root, name)
    if os.path.exists(path) and not replace:
        return open(path)
    if disabled:
        return None
    files = api_run.files([name])
    if len(files) == 0:
        return None
    if getattr(files[0], "md5", None) == "0":
        raise ValueError(f"File {name} not found in {run_path or root}.")
    return files[0].download(root=root, replace=True)


__all__ = ["restore"]
