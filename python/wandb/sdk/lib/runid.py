"""Run id generation."""

from __future__ import annotations

import random
import string

_ALPHABET = string.ascii_lowercase + string.digits
# os.urandom-backed, like `secrets`, without importing hashlib/hmac (~20 ms at first init).
_RNG = random.SystemRandom()


def generate_id(length: int = 8) -> str:
    """Return a random id of ``length`` characters from ``[a-z0-9]``."""
    return "".join(_RNG.choice(_ALPHABET) for _ in range(length))
