"""Fixtures for the tables tests (helpers live in tables_helpers.py next to this file)."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from reftools import isolated_wandb_env, ref_python  # noqa: E402,F401
