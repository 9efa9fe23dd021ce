"""Fixtures: the Vireo test server of tests/server (SQLite, plus PostgreSQL with VIREO_TEST_PG_URL)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_here = Path(__file__).parent
if str(_here) not in sys.path:
    sys.path.insert(0, str(_here))

_spec = importlib.util.spec_from_file_location("_vireo_server_conftest", _here.parent / "server" / "conftest.py")
_mod = importlib.util.module_from_spec(_spec)
assert _spec.loader is not None
sys.modules[_spec.name] = _mod
_spec.loader.exec_module(_mod)

server = _mod.server
sqlite_server = _mod.sqlite_server
Srv = _mod.Srv
