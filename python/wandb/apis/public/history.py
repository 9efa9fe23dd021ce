"""Run history: row decoding and the paged scanners behind ``Run.scan_history``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterator, Optional

from wandb.apis.public import queries

if TYPE_CHECKING:
    from wandb.apis.public.runs import Run


def decode_row(row: Any) -> Any:
    """A history row as a dict: JSON strings are parsed (NaN / Infinity tokens included).

    Integers stay ``int`` and floats round-trip exactly (Python's JSON parser keeps both).
    """
    if isinstance(row, (str, bytes, bytearray)):
        return json.loads(row)
    return row


class _Scan:
    """Iterates rows ``min_step <= _step < max_step`` one page of ``page_size`` steps at a time."""

    def __init__(self, client: Any, run: "Run", min_step: int, max_step: int,
                 page_size: int = 1000) -> None:
        self.client = client
        self.run = run
        self.page_size = int(page_size)
        self.min_step = int(min_step)
        self.max_step = int(max_step)
        self.page_offset = self.min_step
        self.scan_offset = 0
        self.rows: list[Any] = []

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.page_offset = self.min_step
        self.scan_offset = 0
        self.rows = []
        return self

    def __next__(self) -> dict[str, Any]:
        while True:
            if self.scan_offset < len(self.rows):
                row = self.rows[self.scan_offset]
                self.scan_offset += 1
                return row
            if self.page_offset >= self.max_step:
                raise StopIteration
            self._load_next()

    next = __next__

    def _page_end(self) -> int:
        return min(self.page_offset + self.page_size, self.max_step)

    def _load_next(self) -> None:
        raise NotImplementedError


class HistoryScan(_Scan):
    """Every history row, through ``HistoryPage`` queries."""

    def _load_next(self) -> None:
        variables = {
            "entity": self.run.entity,
            "project": self.run.project,
            "run": self.run.id,
            "minStep": self.page_offset,
            "maxStep": self._page_end(),
            "pageSize": self.page_size,
        }
        res = self.client.execute(queries.HISTORY_PAGE, variable_values=variables)
        lines = _run_of(res).get("history") or []
        self.rows = [decode_row(line) for line in lines]
        self.page_offset += self.page_size
        self.scan_offset = 0


class SampledHistoryScan(_Scan):
    """Rows holding all of ``keys`` (only those keys), through ``SampledHistoryPage``."""

    def __init__(self, client: Any, run: "Run", keys: list[str], min_step: int, max_step: int,
                 page_size: int = 1000) -> None:
        super().__init__(client, run, min_step, max_step, page_size)
        self.keys = list(keys)

    def _load_next(self) -> None:
        spec = {
            "keys": self.keys,
            "minStep": self.page_offset,
            "maxStep": self._page_end(),
            "samples": self.page_size,
        }
        variables = {
            "entity": self.run.entity,
            "project": self.run.project,
            "run": self.run.id,
            "spec": json.dumps(spec),
        }
        res = self.client.execute(queries.SAMPLED_HISTORY_PAGE, variable_values=variables)
        sampled = _run_of(res).get("sampledHistory") or [[]]
        self.rows = [decode_row(r) for r in (sampled[0] or [])]
        self.page_offset += self.page_size
        self.scan_offset = 0


def _run_of(res: Optional[dict[str, Any]]) -> dict[str, Any]:
    project = (res or {}).get("project") or {}
    return project.get("run") or {}
