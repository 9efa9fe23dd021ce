"""The lifecycle states of an artifact version."""

from __future__ import annotations

from enum import Enum


class ArtifactState(Enum):
    """Server-side state of an artifact version (a draft is PENDING)."""

    PENDING = "PENDING"
    COMMITTED = "COMMITTED"
    DELETED = "DELETED"
    GARBAGE_COLLECTED = "GARBAGE_COLLECTED"
    PENDING_DELETION = "PENDING_DELETION"
