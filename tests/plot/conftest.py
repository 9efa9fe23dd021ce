"""Fixtures for the custom chart tests.

``wandb.Table`` is written by another part of the project; while it is missing these tests
use ``StubTable`` (columns + data, as the public API exposes them) so that chart specs,
field mappings, config records and table contents are checked anyway.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from plot_helpers import FakeRun, StubTable, real_table_available  # noqa: E402


@pytest.fixture
def table_cls(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``wandb.Table``: the real one when available, else :class:`StubTable`."""
    import wandb

    if real_table_available():
        return wandb.Table
    monkeypatch.setattr(wandb, "Table", StubTable, raising=False)
    return StubTable


@pytest.fixture
def fake_run() -> FakeRun:
    return FakeRun()
