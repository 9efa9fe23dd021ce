"""Artifact-relative ("logical") paths: always '/'-separated, no leading './'."""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import Union


def _is_clean(text: str) -> bool:
    return bool(text) and not (
        text.startswith("./") or text.endswith("/") or text == "."
        or "//" in text or "/./" in text or text.endswith("/.")
    )


def to_logical_path(path: Union[str, "os.PathLike[str]"]) -> str:
    """Normalise ``path`` to the '/'-separated form used as a manifest key."""
    text = path if type(path) is str else os.fspath(path)
    if os.sep != "/" and os.sep in text:
        text = text.replace(os.sep, "/")
    if os.altsep and os.altsep != "/" and os.altsep in text:
        text = text.replace(os.altsep, "/")
    if _is_clean(text):
        return text
    text = str(PurePosixPath(text))
    return "" if text == "." else text
