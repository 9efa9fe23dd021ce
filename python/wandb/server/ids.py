"""Opaque GraphQL IDs: base64 of ``"<Type>:<number>"`` (clients treat them as strings)."""

from __future__ import annotations

import base64
import binascii


def encode_id(kind: str, number: int) -> str:
    return base64.b64encode(f"{kind}:{number}".encode()).decode()


def decode_id(kind: str, value: object) -> int | None:
    """The number inside an ID of ``kind``; None when ``value`` is not one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        text = base64.b64decode(value.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    prefix, _, num = text.rpartition(":")
    if prefix != kind or not num.isdigit():
        return None
    return int(num)
