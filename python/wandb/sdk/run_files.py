"""``run.save`` file matching and symlinking (notes §4), and the ``log_code`` file walk."""

from __future__ import annotations

import os
import pathlib
from typing import Callable

POLICIES = ("live", "end", "now")


class SavePlan:
    """What ``run.save`` resolved: absolute glob and base path."""

    def __init__(self, glob_path: pathlib.PurePath, base_path: pathlib.PurePath) -> None:
        self.glob_path = glob_path
        self.base_path = base_path


def resolve_save_args(
    glob_str: str | os.PathLike | bytes,
    base_path: str | os.PathLike | None,
    policy: str,
    warn: Callable[..., None],
) -> SavePlan:
    """Validate ``run.save`` arguments and make the paths absolute (wandb 0.21.3 rules)."""
    if isinstance(glob_str, bytes):
        glob_str = glob_str.decode("utf-8")
    glob_path = pathlib.PurePath(os.fspath(glob_str))
    abs_glob = pathlib.PurePath(os.path.abspath(glob_path))
    if base_path is not None:
        base = pathlib.PurePath(os.fspath(base_path))
    elif not glob_path.is_absolute():
        base = pathlib.PurePath(".")
    else:
        warn(
            "Saving files without folders. If you want to preserve subdirectories pass "
            'base_path to wandb.save, i.e. wandb.save("/mnt/folder/file.h5", base_path="/mnt")',
            repeat=False,
        )
        base = abs_glob.parent.parent
    if policy not in POLICIES:
        raise ValueError('Only "live", "end" and "now" policies are currently supported.')
    abs_base = pathlib.PurePath(os.path.abspath(base))
    if not str(abs_glob).startswith(str(abs_base)):
        raise ValueError("Glob may not walk above the base path")
    if abs_glob == abs_base:
        raise ValueError("Glob cannot be the same as the base path")
    if abs_glob.relative_to(abs_base).parts[0] == "*":
        raise ValueError("Glob may not start with '*' relative to the base path")
    return SavePlan(abs_glob, abs_base)


def link_matches(plan: SavePlan, files_dir: str, warn: Callable[..., None]) -> list[pathlib.Path]:
    """Symlink every match into ``files_dir``; return all matched targets inside it."""
    import glob

    relative_glob = str(plan.glob_path.relative_to(plan.base_path))
    targets = set(pathlib.Path(files_dir).glob(relative_glob))
    had_targets = bool(targets)
    for match in glob.glob(str(plan.base_path / relative_glob)):
        source = pathlib.Path(match).absolute()
        rel = pathlib.Path(*source.parts[len(plan.base_path.parts):])
        target = pathlib.Path(files_dir, rel)
        targets.add(target)
        if source.resolve() == target.resolve():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.symlink_to(source)
    if not had_targets and "*" in relative_glob:
        noun = "file" if len(targets) == 1 else "files"
        warn(
            f"Symlinked {len(targets)} {noun} into the W&B run directory, "
            "call wandb.save again to sync new files."
        )
    return sorted(targets)


def relative_to_files(paths: list[pathlib.Path], files_dir: str) -> list[str]:
    return [p.relative_to(files_dir).as_posix() for p in paths]


# -- log_code ---------------------------------------------------------------------------------


def default_include(path: str) -> bool:
    """wandb's default for ``log_code``: Python files, requirements.txt and Dockerfiles."""
    name = os.path.basename(path)
    return name.endswith(".py") or name == "requirements.txt" or name.startswith("Dockerfile")


def default_exclude(path: str, root: str) -> bool:
    """Skip everything under ``<root>/wandb/`` and ``<root>/.wandb/``."""
    rel = os.path.relpath(path, root)
    return any(rel.startswith(d + os.sep) for d in ("wandb", ".wandb"))


def _call(fn: Callable[..., bool], path: str, root: str) -> bool:
    import inspect

    try:
        two_args = len(inspect.signature(fn).parameters) >= 2
    except (TypeError, ValueError):
        two_args = True
    return bool(fn(path, root) if two_args else fn(path))


def code_files(root: str, include_fn: Callable[..., bool], exclude_fn: Callable[..., bool]) -> list[str]:
    """Files under ``root`` that ``log_code`` would add."""
    out = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            if _call(exclude_fn, path, root) or not _call(include_fn, path, root):
                continue
            out.append(path)
    return sorted(out)

