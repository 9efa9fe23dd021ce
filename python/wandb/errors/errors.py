"""Exception classes."""

from __future__ import annotations

from typing import Optional


class Error(Exception):
    """Base class for every error the SDK raises on purpose."""

    def __init__(self, message: str = "", context: Optional[dict] = None) -> None:
        super().__init__(message)
        self.message = message
        self.context = context


class CommError(Error):
    """A request to the server failed."""

    def __init__(self, msg: str = "", exc: Optional[BaseException] = None) -> None:
        self.exc = exc
        super().__init__(msg)


class AuthenticationError(CommError):
    """The server rejected the credentials."""


class UsageError(Error):
    """The API was called in a way it does not support."""


class UnsupportedError(UsageError):
    """The requested operation is not supported here."""


class WandbCoreNotAvailableError(Error):
    """The native core could not be loaded."""
