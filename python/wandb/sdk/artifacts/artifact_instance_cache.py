"""Artifacts by client id / server id, so references between artifacts resolve in-process."""

from __future__ import annotations

import weakref
from typing import Any

artifact_instance_cache: "weakref.WeakValueDictionary[str, Any]" = weakref.WeakValueDictionary()
