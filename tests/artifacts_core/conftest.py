"""Fixtures of the `_core` artifact tests (helpers live in ``art_core_helpers.py``)."""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from art_core_helpers import loopback  # noqa: E402,F401
