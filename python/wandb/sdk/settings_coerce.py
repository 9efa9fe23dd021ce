"""Value coercion for ``wandb.Settings`` fields (pydantic "lax mode" rules, without pydantic).

Each ``to_*`` function takes the setting name and the raw value and returns the coerced
value or raises ``SettingsValidationError`` naming the setting and what it accepts.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Sequence, Tuple

from .settings_errors import SettingsValidationError

_TRUE = frozenset(("1", "on", "t", "true", "y", "yes"))
_FALSE = frozenset(("0", "off", "f", "false", "n", "no"))


def _fail(name: str, reason: str, value: Any, kind: str) -> SettingsValidationError:
    return SettingsValidationError(name, reason, value, kind)


def to_bool(name: str, value: Any) -> bool:
    """bool, 0/1, or one of "true/false, yes/no, on/off, t/f, y/n, 1/0" (any case)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_", "bool8"):
        return bool(value)
    if isinstance(value, (bytes, bytearray)):
        try:
            value = bytes(value).decode()
        except UnicodeDecodeError:
            pass
    if isinstance(value, str):
        low = value.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise _fail(
            name,
            "Input should be a valid boolean, unable to interpret input "
            "(accepted: true/false, yes/no, on/off, 1/0)",
            value,
            "bool_parsing",
        )
    if isinstance(value, (int, float)):
        raise _fail(name, "Input should be a valid boolean, unable to interpret input", value, "bool_parsing")
    raise _fail(name, "Input should be a valid boolean", value, "bool_type")


def to_int(name: str, value: Any) -> int:
    """int, a float without fractional part, or a string holding one."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _fail(name, "Input should be a finite number", value, "finite_number")
        if not value.is_integer():
            raise _fail(
                name,
                "Input should be a valid integer, got a number with a fractional part",
                value,
                "int_from_float",
            )
        return int(value)
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode(errors="replace")
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            f = float(text)
        except ValueError:
            f = None
        if f is not None and f == f and f not in (float("inf"), float("-inf")) and f.is_integer():
            return int(f)
        raise _fail(
            name,
            "Input should be a valid integer, unable to parse string as an integer",
            value,
            "int_parsing",
        )
    if hasattr(value, "__index__"):  # numpy integers and other int-like objects
        return int(value.__index__())
    if hasattr(value, "__float__"):  # numpy floats, Decimal
        return to_int(name, float(value))
    raise _fail(name, "Input should be a valid integer", value, "int_type")


def to_float(name: str, value: Any) -> float:
    """int, float or a numeric string."""
    if isinstance(value, (bool, int, float)):
        return float(value)
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode(errors="replace")
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise _fail(
                name,
                "Input should be a valid number, unable to parse string as a number",
                value,
                "float_parsing",
            ) from None
    if hasattr(value, "__float__"):  # numpy numbers, Decimal, Fraction
        return float(value)
    raise _fail(name, "Input should be a valid number", value, "float_type")


def to_str(name: str, value: Any, pathlike: bool = False) -> str:
    """A string (bytes are decoded; os.PathLike accepted for path settings)."""
    if isinstance(value, str):
        return str(value)
    if pathlike and isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode()
        except UnicodeDecodeError:
            raise _fail(name, "Input should be a valid string, unable to parse raw data as a unicode string", value, "string_unicode") from None
    raise _fail(name, "Input should be a valid string", value, "string_type")


def to_literal(name: str, value: Any, choices: Tuple[str, ...]) -> str:
    """One of ``choices`` (exact, case-sensitive)."""
    if isinstance(value, str) and value in choices:
        return value
    accepted = ", ".join(repr(c) for c in choices[:-1]) + f" or {choices[-1]!r}"
    raise _fail(name, f"Input should be {accepted}", value, "literal_error")


def _json_if_str(name: str, value: Any) -> Any:
    if isinstance(value, str):
        import json

        try:
            return json.loads(value)
        except ValueError as e:
            raise _fail(name, f"Value error, invalid JSON: {e}", value, "value_error") from None
    return value


def to_str_seq(name: str, value: Any) -> Sequence[str]:
    """A list or tuple of strings (the container type is kept)."""
    if isinstance(value, (str, bytes, bytearray)):
        raise _fail(
            name,
            f"'{type(value).__name__}' instances are not allowed as a Sequence value "
            "(pass a list or tuple of strings)",
            value,
            "sequence_str",
        )
    if not isinstance(value, (list, tuple)):
        raise _fail(name, "Input should be an instance of Sequence (a list or tuple of strings)", value, "is_instance_of")
    items = [to_str(f"{name}.{i}", v) for i, v in enumerate(value)]
    return tuple(items) if isinstance(value, tuple) else items


def to_int_seq(name: str, value: Any) -> Sequence[int]:
    """A list or tuple of ints (a JSON string such as "[0, 1]" is parsed)."""
    value = _json_if_str(name, value)
    if not isinstance(value, (list, tuple)):
        raise _fail(name, "Input should be an instance of Sequence (a list or tuple of integers)", value, "is_instance_of")
    items = [to_int(f"{name}.{i}", v) for i, v in enumerate(value)]
    return tuple(items) if isinstance(value, tuple) else items


def to_str_dict(name: str, value: Any) -> Dict[str, str]:
    """A dict of string to string (a JSON object string is parsed)."""
    value = _json_if_str(name, value)
    if not isinstance(value, dict):
        raise _fail(name, "Input should be a valid dictionary of string keys and string values", value, "dict_type")
    out: Dict[str, str] = {}
    for k, v in value.items():
        out[to_str(f"{name}.[key]", k)] = to_str(f"{name}.{k}", v)
    return out


def to_open_metrics_filters(name: str, value: Any) -> Any:
    """Either {"metric regex": {"label": "value regex"}} or a list of metric regexes."""
    value = _json_if_str(name, value)
    if isinstance(value, dict):
        out: Dict[str, Dict[str, str]] = {}
        for k, v in value.items():
            if not isinstance(v, dict):
                raise _fail(
                    f"{name}.{k}",
                    "Input should be a valid dictionary (filters are "
                    "{metric_regex: {label: value_regex}} or a list of metric regexes)",
                    v,
                    "dict_type",
                )
            out[to_str(f"{name}.[key]", k)] = to_str_dict(f"{name}.{k}", v)
        return out
    if isinstance(value, (list, tuple)):
        return to_str_seq(name, value)
    raise _fail(
        name,
        "Input should be a dictionary {metric_regex: {label: value_regex}} or a list of metric regexes",
        value,
        "union_type",
    )


def to_tags(name: str, value: Any) -> Optional[Tuple[str, ...]]:
    """Run tags: a string or an iterable of strings, each 1 to 64 characters long."""
    return validate_run_tags(value, name)


def validate_run_tags(value: Any, name: str = "run_tags") -> Optional[Tuple[str, ...]]:
    """Validate run tags and return them as a tuple.

    Each tag must be a string of 1 to 64 characters. A single string becomes a
    one-tag tuple; ``None`` stays ``None``.

    Raises:
        ValueError: a tag is empty, longer than 64 characters or not a string.
    """
    if value is None:
        return None
    if isinstance(value, (str, bytes, bytearray)):
        value = (value,)
    elif isinstance(value, dict) or not hasattr(value, "__iter__"):
        raise _fail(name, "Input should be a string or a list/tuple of strings", value, "tuple_type")
    tags = []
    for i, tag in enumerate(value):
        tag = to_str(f"{name}.{i}", tag)
        if len(tag) == 0:
            raise _fail(name, "Value error, Tags must be between 1 and 64 characters (got an empty tag)", tag, "value_error")
        if len(tag) > 64:
            raise _fail(
                name,
                f"Value error, Tags must be between 1 and 64 characters (got {len(tag)} characters)",
                tag,
                "value_error",
            )
        tags.append(tag)
    return tuple(tags)


def validate_url(name: str, url: Any) -> None:
    """Check that ``url`` is an absolute http(s) URL with a host."""
    from urllib.parse import urlsplit

    if any(c in url for c in "\t\r\n "):
        raise _fail(name, "Input should be a valid URL, URL cannot contain whitespace", url, "url_parsing")
    scheme = url.split("://")[0].lower() if "://" in url else ""
    if scheme not in ("http", "https"):
        raise _fail(name, "URL scheme should be 'http' or 'https'", url, "url_scheme")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError as e:
        raise _fail(name, f"Input should be a valid URL, {e}", url, "url_parsing") from None
    if not host:
        raise _fail(name, "Input should be a valid URL, empty host", url, "url_parsing")
    if len(host) > 253:
        raise _fail(name, "Input should be a valid URL, hostname is invalid", url, "url_parsing")
