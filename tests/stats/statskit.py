"""Helpers shared by the system-metrics tests."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

HERE = Path(__file__).parent
RECORDED = HERE / "recorded"


def make_tool(directory: Path, name: str, body: str) -> str:
    """An executable Python script ``directory/name`` running ``body``."""
    path = directory / name
    path.write_text(f"#!{sys.executable}\n{body}")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def internal_warnings(path: str) -> list[str]:
    import json

    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line)["msg"] for line in f if '"WARN"' in line]
