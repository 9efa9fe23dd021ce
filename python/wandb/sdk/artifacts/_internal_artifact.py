"""Artifacts the SDK itself creates (run_table, code, job, wandb-*): no reserved-type check."""

from __future__ import annotations

import re
from base64 import urlsafe_b64encode
from typing import Any, Dict, Optional
from zlib import crc32

from .artifact import Artifact

PLACEHOLDER = "PLACEHOLDER"


def sanitize_artifact_name(name: str) -> str:
    """Drop characters not allowed in artifact names; add a CRC suffix when anything changed."""
    sanitized = re.sub(r"[^a-zA-Z0-9_\-.]+", "", name)
    if sanitized == name:
        return name
    crc = crc32(name.encode("utf-8")) & 0xFFFFFFFF
    suffix = urlsafe_b64encode(crc.to_bytes(4, "big")).rstrip(b"=").decode("ascii")
    return f"{sanitized}-{suffix}"


class InternalArtifact(Artifact):
    """An artifact of a reserved type (``run_table`` named ``run-*``, ``code``, ``job``, ``wandb-*``)."""

    def __init__(
        self,
        name: str,
        type: str,
        description: Optional[str] = None,
        metadata: Optional[Dict[str, Any]] = None,
        incremental: bool = False,
        use_as: Optional[str] = None,
    ) -> None:
        super().__init__(sanitize_artifact_name(name), PLACEHOLDER, description, metadata,
                         incremental, use_as)
        self._type = type
