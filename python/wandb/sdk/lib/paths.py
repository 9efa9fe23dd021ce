"""Path helpers and path type aliases."""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import Any, NewType, Union

StrPath = Union[str, "os.PathLike[str]"]
"""Anything that names a file: a ``str`` or an ``os.PathLike``."""

FilePathStr = NewType("FilePathStr", str)
"""A string that is a local file system path."""

URIStr = NewType("URIStr", str)
"""A string that is a URI."""


class LogicalPath(str):
    """A '/'-separated relative path, normalized the same way on every platform.

    ``LogicalPath("a\\\\b/../c")`` becomes ``"a/c"`` on Windows; on POSIX only the
    ``/`` separator is used. Leading ``./`` and repeated separators are removed.
    """

    def __new__(cls, path: Any) -> "LogicalPath":
        if isinstance(path, LogicalPath):
            return super().__new__(cls, path)
        if hasattr(path, "as_posix"):
            path = path.as_posix()
        path = os.fspath(path)
        if os.path.sep != "/":
            path = path.replace(os.path.sep, "/")
        if os.path.altsep and os.path.altsep != "/":
            path = path.replace(os.path.altsep, "/")
        norm = os.path.normpath(path).replace(os.path.sep, "/") if path else path
        if norm == ".":
            norm = ""
        return super().__new__(cls, norm)

    def to_path(self) -> PurePosixPath:
        """The path as a ``PurePosixPath``."""
        return PurePosixPath(self)

    def __truediv__(self, other: Any) -> "LogicalPath":
        return LogicalPath(f"{self}/{os.fspath(other)}" if self else os.fspath(other))
