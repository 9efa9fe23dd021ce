"""Exceptions raised by artifact operations."""

from __future__ import annotations

from typing import Any, Optional

from wandb import errors


class ArtifactStatusError(AttributeError):
    """The artifact is in the wrong state (draft / logged) for this operation."""

    def __init__(
        self,
        msg: str = "Artifact is in an invalid state for the requested operation.",
        name: Optional[str] = None,
        obj: Any = None,
    ) -> None:
        super().__init__(msg, name=name, obj=obj)


class ArtifactNotLoggedError(ArtifactStatusError):
    """A server-side attribute or method was used on an artifact that is not logged yet."""

    def __init__(self, fullname: str, obj: Any) -> None:
        name = fullname.split(".")[-1]
        msg = (
            f"{fullname!r} used prior to logging artifact or while in offline mode. "
            f"Call {type(obj).__name__}.wait() before accessing logged artifact properties."
        )
        super().__init__(msg=msg, name=name, obj=obj)


class ArtifactFinalizedError(ArtifactStatusError):
    """A mutating method was used on a logged (finalized) artifact."""

    def __init__(self, fullname: str, obj: Any) -> None:
        name = fullname.split(".")[-1]
        msg = f"{fullname!r} used on logged artifact. Can't modify finalized artifact."
        super().__init__(msg=msg, name=name, obj=obj)


class WaitTimeoutError(errors.Error):
    """``Artifact.wait(timeout)`` ran out of time."""


class TooFewItemsError(ValueError):
    """Internal: a sequence had fewer items than expected."""


class TooManyItemsError(ValueError):
    """Internal: a sequence had more items than expected."""
