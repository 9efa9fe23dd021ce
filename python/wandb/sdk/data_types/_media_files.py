"""Small helpers shared by the file-backed data types of this package (tables helper)."""

from __future__ import annotations

import hashlib
import os
from typing import Any, Union

from ._private import MEDIA_TMP


def write_tmp(media: Any, content: Union[str, bytes], extension: str) -> str:
    """Write ``content`` to a new file in the media staging dir and attach it to ``media``
    (hash computed from the bytes in memory). ``extension`` includes the dot."""
    from wandb.sdk.lib import runid

    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    path = os.path.join(MEDIA_TMP.name, runid.generate_id() + extension)
    with open(path, "wb") as f:
        f.write(data)
    media._set_file(path, is_tmp=True, extension=extension,
                    sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return path


def require_file(path: str, argument: str) -> None:
    """Raise ``FileNotFoundError`` naming ``argument`` when ``path`` is not an existing file."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{argument}: no such file: {path!r}")


def file_object_path(data: Any) -> Any:
    """An open file stands for its path (``open(p)`` -> ``p``); anything else is returned as is."""
    import pathlib

    if hasattr(data, "name") and not isinstance(data, pathlib.Path):
        return data.name
    return data


def write_io(media: Any, io_obj: Any, file_type: Any, supported: Any, missing: str, unsupported: str) -> None:
    """Write the contents of a readable object as ``media``'s temp file with ``file_type``'s
    extension. ``missing`` is the error when no ``file_type`` was given; ``unsupported`` starts
    the error for a type outside ``supported``."""
    if hasattr(io_obj, "seek"):
        io_obj.seek(0)
    content = io_obj.read()
    if file_type is None:
        raise ValueError(missing)
    if file_type not in supported:
        raise ValueError(f"file_type {file_type!r} is not supported: {unsupported}{', '.join(sorted(supported))}")
    write_tmp(media, content, "." + file_type)
