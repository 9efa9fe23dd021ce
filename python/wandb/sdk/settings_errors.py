"""Exceptions raised when a ``wandb.Settings`` value is rejected.

``SettingsValidationError`` plays the role of pydantic's ``ValidationError`` in wandb
0.21.3: it subclasses ``ValueError`` and its message names the setting, what was given
and what is accepted. Checks that wandb reports with ``wandb.errors.UsageError`` (an
invalid project name, run ID, API key, ...) raise ``SettingsUsageError``, which is both
a ``UsageError`` and a ``SettingsValidationError``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

try:
    from wandb.errors import UsageError as _UsageError
except Exception:  # pragma: no cover - only while wandb.errors is being rebuilt

    class _UsageError(Exception):  # type: ignore[no-redef]
        def __init__(self, message: str = "") -> None:
            super().__init__(message)
            self.message = message


def _short_repr(value: Any, limit: int = 80) -> str:
    text = repr(value)
    if len(text) > limit:
        text = text[: limit // 2 - 2] + "..." + text[-(limit // 2 - 1) :]
    return text


class SettingsValidationError(ValueError):
    """A setting was given a value of the wrong type or outside its accepted values.

    Attributes:
        field: the setting name (``None`` for checks across several settings).
        value: the rejected input.
        reason: what is wrong / what is accepted.
        kind: a short machine-readable error kind (``"bool_parsing"``, ``"literal_error"`` ...).
    """

    def __init__(
        self,
        field: Optional[str],
        reason: str,
        value: Any = None,
        kind: str = "value_error",
        *,
        source: Optional[str] = None,
        message: Optional[str] = None,
    ) -> None:
        self.field = field
        self.reason = reason
        self.value = value
        self.kind = kind
        self.source = source
        if message is None:
            where = f" (from {source})" if source else ""
            loc = f"{field}{where}\n  " if field else f"{where.strip()}\n  " if where else ""
            message = (
                f"1 validation error for Settings\n{loc}{reason} "
                f"[type={kind}, input_value={_short_repr(value)}, "
                f"input_type={type(value).__name__}]"
            )
        ValueError.__init__(self, message)
        self.message = message

    def errors(self) -> List[Dict[str, Any]]:
        """The error as a list of pydantic-style dicts (``loc``, ``msg``, ``type``, ``input``)."""
        loc = tuple(self.field.split(".")) if self.field else ()
        return [{"loc": loc, "msg": self.reason, "type": self.kind, "input": self.value}]

    def error_count(self) -> int:
        return 1

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (
            _rebuild_validation_error,
            (self.field, self.reason, self.value, self.kind, self.source, self.message),
        )

    def __str__(self) -> str:
        return self.message


class SettingsUsageError(_UsageError, SettingsValidationError):
    """A setting value that wandb rejects with ``UsageError`` (the message matches wandb's)."""

    def __init__(self, field: Optional[str], message: str, value: Any = None) -> None:
        SettingsValidationError.__init__(
            self, field, message, value, kind="usage_error", message=message
        )
        self.context = None

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (SettingsUsageError, (self.field, self.message, self.value))


class SettingsFileError(_UsageError, ValueError):
    """A settings file (system or workspace) could not be parsed."""

    def __init__(self, path: str, detail: str) -> None:
        message = f"Could not read the wandb settings file {path}: {detail}"
        ValueError.__init__(self, message)
        self.message = message
        self.context = None
        self.path = path

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild_file_error, (self.path, self.message))


def _rebuild_validation_error(field, reason, value, kind, source, message):  # type: ignore[no-untyped-def]
    return SettingsValidationError(field, reason, value, kind, source=source, message=message)


def _rebuild_file_error(path, message):  # type: ignore[no-untyped-def]
    err = SettingsFileError(path, "")
    err.message = message
    err.args = (message,)
    return err


#: pydantic-compatible alias.
ValidationError = SettingsValidationError
