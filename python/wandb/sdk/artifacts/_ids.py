"""Conversions between server (base64) and hex artifact ids, and client ids."""

from __future__ import annotations

import base64
import secrets
import string

_ALPHABET = string.ascii_lowercase + string.digits


def generate_client_id(length: int = 128) -> str:
    """A random ``[a-z0-9]`` string, as the client ids of artifacts are."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def b64_to_hex_id(b64_id: str) -> str:
    """Hex form of a base64 server id (as used in ``wandb-artifact://`` URIs)."""
    return base64.standard_b64decode(b64_id).hex()


def hex_to_b64_id(hex_id: str) -> str:
    """Base64 server id from its hex form."""
    return base64.standard_b64encode(bytes.fromhex(hex_id)).decode("ascii")
