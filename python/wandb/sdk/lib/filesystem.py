"""Small file system helpers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from wandb.sdk.lib.paths import StrPath


def mkdir_exists_ok(dir_name: StrPath) -> None:
    """Create ``dir_name`` and its parents; fine if it already exists.

    Raises:
        FileExistsError: a file (not a directory) is in the way.
        PermissionError: the directory cannot be created.
    """
    try:
        os.makedirs(dir_name, exist_ok=True)
    except FileExistsError as e:
        raise FileExistsError(f"{dir_name!s} exists and is not a directory") from e
    except PermissionError as e:
        raise PermissionError(f"{dir_name!s} is not writable") from e


def safe_symlink(base: StrPath, target: StrPath, name: str) -> bool:
    """Atomically point ``base/name`` at ``target`` with a *relative* symlink.

    Any existing entry called ``name`` is replaced. Returns False (and does
    nothing) where symlinks are unavailable or the file system refuses.
    """
    if not hasattr(os, "symlink"):
        return False
    base = os.fspath(base)
    tmp = os.path.join(base, f"{name}.{os.getpid()}")
    rel = os.path.relpath(os.fspath(target), base)
    try:
        if os.path.lexists(tmp):
            os.remove(tmp)
        os.symlink(rel, tmp)
        os.replace(tmp, os.path.join(base, name))
    except OSError:
        try:
            os.remove(tmp)
        except OSError:
            pass
        return False
    return True


def copy_or_overwrite_changed(source_path: StrPath, target_path: StrPath) -> Path:
    """Copy a file unless the target already has the same content; return the target."""
    source, target = Path(source_path), Path(target_path)
    if target.exists() and target.stat().st_size == source.stat().st_size:
        if target.read_bytes() == source.read_bytes():
            return target
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return target


def are_paths_on_same_drive(path1: StrPath, path2: StrPath) -> bool:
    """True when both paths are on the same drive (always True on POSIX)."""
    d1 = os.path.splitdrive(os.path.abspath(path1))[0]
    d2 = os.path.splitdrive(os.path.abspath(path2))[0]
    return d1.upper() == d2.upper()


def check_exists(path: StrPath) -> Any:
    """Return ``path`` if it exists, else None."""
    return path if os.path.exists(path) else None
