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
