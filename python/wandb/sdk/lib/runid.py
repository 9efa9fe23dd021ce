"""Run id generation."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_lowercase + string.digits


def generate_id(length: int = 8) -> str:
    """Return a random id of ``length`` characters from ``[a-z0-9]``."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
