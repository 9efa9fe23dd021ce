"""API keys: generation, storage hash and constant-time comparison."""

from __future__ import annotations

import hashlib
import hmac
import secrets

KEY_BYTES = 20  # 40 hex characters: the client rejects keys shorter than 40.


def new_api_key() -> str:
    """A fresh random API key (40 hex characters)."""
    return secrets.token_hex(KEY_BYTES)


def hash_key(key: str) -> str:
    """The stored form of a key (SHA-256 hex); keys are never stored in clear."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii"), b.encode("ascii"))


def validate_key_format(key: str) -> None:
    """Raise ValueError unless ``key`` can be used as an API key (40+ printable chars, no ':')."""
    if len(key) < 40 or any(c.isspace() or c == ":" for c in key) or not key.isprintable():
        raise ValueError(
            "api key: expected at least 40 printable characters without spaces or ':'"
            f" (got {len(key)} characters)"
        )
