"""Helpers for the chart tests: a ``wandb.Table`` stand-in and a fake run for the log hook."""

from __future__ import annotations

from typing import Any


def real_table_available() -> bool:
    try:
        import wandb.sdk.data_types.table  # noqa: F401
    except ImportError:
        return False
    return True


class StubTable:
    """Stand-in for ``wandb.Table`` while it does not exist yet (columns + data)."""

    MAX_ROWS = 10000
    _log_type = "table"

    def __init__(self, columns: Any = None, data: Any = None, **_: Any) -> None:
        self.columns = list(columns or [])
        self.data = [list(r) for r in (data or [])]

    def to_json(self, run: Any) -> dict:
        return {"_type": "table", "columns": self.columns, "data": self.data}


class FakeRun:
    """Just what the chart row hook touches on a ``Run``."""

    def __init__(self) -> None:
        from wandb.sdk.wandb_config import Config

        self.id = "fakerun1"
        self._config = Config()
        self._stream = object()
        self._forked = False
        self._online = None
        self.records: list[dict] = []

    def _write(self, record: dict) -> None:
        self.records.append(record)
