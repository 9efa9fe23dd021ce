"""Joining multipart uploads: parts are blobs keyed by their own MD5; the joined file is
written to a temporary file, checked against the announced MD5, then stored as one blob."""

from __future__ import annotations

import hashlib
import os
import tempfile
from typing import Any

from wandb.server.errors import ClientError


def join_parts(state: Any, store: Any, md5_hex: str, part_md5s: list[str]) -> None:
    """Store the concatenation of ``part_md5s`` as blob ``md5_hex``; drop the part blobs."""
    blobs = state.blobs
    if blobs.exists(md5_hex):
        _drop_parts(blobs, store, md5_hex, part_md5s)
        return
    missing = [i + 1 for i, p in enumerate(part_md5s) if not blobs.exists(p)]
    if missing:
        raise ClientError(f"completedParts: parts {missing} were not uploaded", status=409)
    fd, tmp = tempfile.mkstemp(dir=state.blob_tmp, prefix="mp-")
    digest = hashlib.md5()
    try:
        with os.fdopen(fd, "wb") as out:
            for part in part_md5s:
                for chunk in blobs.iter_bytes(part):
                    digest.update(chunk)
                    out.write(chunk)
        if digest.hexdigest() != md5_hex:
            raise ClientError(f"completedParts: the joined parts have MD5 {digest.hexdigest()}, expected {md5_hex}")
        blobs.put_file(tmp, md5_hex)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _drop_parts(blobs, store, md5_hex, part_md5s)


def _drop_parts(blobs: Any, store: Any, md5_hex: str, part_md5s: list[str]) -> None:
    for part in dict.fromkeys(part_md5s):
        if part != md5_hex and not store.md5_referenced(part):
            blobs.delete(part)
