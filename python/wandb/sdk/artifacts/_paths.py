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


def parse_artifact_path(path: str, entity: "str | None", project: "str | None"
                        ) -> "tuple[str | None, str | None, str]":
    """``[[entity/]project/]name[:alias]`` -> (entity, project, name[:alias]); the parts the
    path leaves out come from ``entity`` / ``project``. ValueError for more than 3 parts."""
    base, colon, alias = path.partition(":")
    parts = base.split("/")
    if len(parts) > 3:
        raise ValueError(f"Invalid artifact path: {base}")
    if len(parts) == 1:
        return entity, project, base + colon + alias
    if len(parts) == 2:
        return entity, parts[0], parts[1] + colon + alias
    return parts[0], parts[1], parts[2] + colon + alias
