"""Sentinel for an artifact time-to-live inherited from the team default."""

from __future__ import annotations

from enum import Enum


class ArtifactTTL(Enum):
    """``artifact.ttl = ArtifactTTL.INHERIT`` uses the team's default TTL."""

    INHERIT = 0
