"""MD5 helpers under the names integrations import (``wandb.sdk.lib.hashutil``).

Digests are base64 MD5 as in W&B artifact manifests; hashing of files runs in Rust.
"""

from __future__ import annotations

import base64
import hashlib
from typing import NewType

from wandb.sdk.artifacts._hashing import b64_to_hex, hex_to_b64, md5_file_b64 as _md5_file_b64

B64MD5 = NewType("B64MD5", str)
HexMD5 = NewType("HexMD5", str)
ETag = NewType("ETag", str)


def _md5(data: bytes = b"") -> "hashlib._Hash":
    return hashlib.md5(data, usedforsecurity=False)


def md5_string(string: str) -> B64MD5:
    """Base64 MD5 of a UTF-8 string."""
    return B64MD5(base64.b64encode(_md5(string.encode("utf-8")).digest()).decode("ascii"))


def md5_file_b64(*paths: str) -> B64MD5:
    """Base64 MD5 of one file, or of the concatenated contents of several (sorted by path)."""
    if len(paths) == 1:
        return B64MD5(_md5_file_b64(paths[0]))
    h = _md5()
    for path in sorted(paths):
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return B64MD5(base64.b64encode(h.digest()).decode("ascii"))


def md5_file_hex(*paths: str) -> HexMD5:
    """Hex MD5 of one file (or of several, as ``md5_file_b64``)."""
    return HexMD5(b64_to_hex(md5_file_b64(*paths)))


def b64_to_hex_id(string: B64MD5) -> HexMD5:
    """Base64 digest -> hex digest."""
    return HexMD5(b64_to_hex(string))


def hex_to_b64_id(encoded_string: str | bytes) -> B64MD5:
    """Hex digest -> base64 digest."""
    if isinstance(encoded_string, bytes):
        encoded_string = encoded_string.decode("ascii")
    return B64MD5(hex_to_b64(encoded_string))
