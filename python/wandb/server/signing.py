"""HMAC-signed, expiring URLs for uploads (PUT) and direct downloads (GET)."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import quote


class Signer:
    """Signs ``(purpose, subject, expiry)`` triples with the server secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def sign(self, purpose: str, subject: str, expires: int) -> str:
        msg = f"{purpose}\n{subject}\n{expires}".encode("utf-8")
        return hmac.new(self._secret, msg, hashlib.sha256).hexdigest()

    def query(self, purpose: str, subject: str, ttl_s: int) -> str:
        """``exp=..&sig=..`` for a URL valid ``ttl_s`` seconds from now."""
        expires = int(time.time()) + int(ttl_s)
        return f"exp={expires}&sig={self.sign(purpose, subject, expires)}"

    def check(self, purpose: str, subject: str, exp: str | None, sig: str | None) -> bool:
        """True when ``sig`` signs the triple and ``exp`` is in the future."""
        if not exp or not sig:
            return False
        try:
            expires = int(exp)
        except ValueError:
            return False
        good = self.sign(purpose, subject, expires)
        if not hmac.compare_digest(good.encode(), sig.encode("utf-8", "replace")):
            return False
        return expires >= time.time()


def quote_path(name: str) -> str:
    """URL-quote a run-relative file path, keeping '/'."""
    return quote(name, safe="/")
