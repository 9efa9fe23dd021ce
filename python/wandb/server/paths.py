"""Validation of run-relative file names sent by clients."""

from __future__ import annotations

from wandb.server.errors import ClientError

MAX_NAME = 1024


def check_file_name(name: object) -> str:
    """Return ``name`` if it is a safe run-relative path; raise ClientError (400) otherwise.

    Accepted: non-empty, at most 1024 characters, relative, '/'-separated, without '..'
    or '.' segments, backslashes or control characters.
    """
    if not isinstance(name, str) or not name:
        raise ClientError(f"file name: expected a non-empty string, got {name!r}")
    if len(name) > MAX_NAME:
        raise ClientError(f"file name: at most {MAX_NAME} characters, got {len(name)}")
    if name.startswith("/") or "\\" in name or (len(name) > 1 and name[1] == ":"):
        raise ClientError(f"file name: expected a relative path, got {name!r}")
    if any(ord(c) < 32 for c in name):
        raise ClientError(f"file name: control characters are not allowed in {name!r}")
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise ClientError(f"file name: '..', '.' and empty segments are not allowed in {name!r}")
    return name
