"""``run.summary``: a dict-like view of the run's summary.

Reads come from the core (every row logged so far is reflected); writes send explicit summary
items, which switch off ``define_metric`` aggregation for that path (notes §6).
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

Path = tuple  # tuple[str, ...]
_INTERNAL = frozenset({"_get_current", "_update_callback", "_parent", "_parent_key", "_items"})


class _MissingKey(KeyError, AttributeError):
    """Raised for a missing summary key (both ``KeyError`` and ``AttributeError``)."""


def _as_mapping(d: Any) -> Mapping:
    if isinstance(d, Mapping):
        return d
    return vars(d)  # argparse.Namespace and similar


class SummaryDict:
    """Common dict-like behaviour of ``Summary`` and its nested parts."""

    def _as_dict(self) -> dict:
        raise NotImplementedError

    def _write(self, update: list[tuple[Path, Any]], remove: list[Path]) -> None:
        raise NotImplementedError

    # -- reads -------------------------------------------------------------------
    def _wrap(self, key: str, item: Any) -> Any:
        if isinstance(item, dict):
            return SummarySubDict(self, key, item)
        return item

    def __getitem__(self, key: str) -> Any:
        data = self._as_dict()
        if key not in data:
            raise _MissingKey(key)
        return self._wrap(key, data[key])

    def __getattr__(self, key: str) -> Any:
        if (key.startswith("__") and key.endswith("__")) or key in _INTERNAL:
            raise AttributeError(key)
        return self[key]

    def get(self, key: str, default: Any = None) -> Any:
        data = self._as_dict()
        if key not in data:
            return default
        return self._wrap(key, data[key])

    def keys(self) -> list[str]:
        return [k for k in self._as_dict() if k != "_wandb"]

    def values(self) -> list[Any]:
        data = self._as_dict()
        return [self._wrap(k, v) for k, v in data.items() if k != "_wandb"]

    def items(self) -> list[tuple[str, Any]]:
        data = self._as_dict()
        return [(k, self._wrap(k, v)) for k, v in data.items() if k != "_wandb"]

    def __contains__(self, key: object) -> bool:
        return key in self._as_dict()

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SummaryDict):
            other = other._as_dict()
        if not isinstance(other, Mapping):
            return NotImplemented
        mine = {k: v for k, v in self._as_dict().items() if k != "_wandb"}
        return mine == {k: v for k, v in other.items() if k != "_wandb"}

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr({k: v for k, v in self._as_dict().items() if k != "_wandb"})

    # -- writes ------------------------------------------------------------------
    def update(self, d: Any = None, **kwargs: Any) -> None:
        """Set several keys at once (one summary record)."""
        items = dict(_as_mapping(d)) if d is not None else {}
        items.update(kwargs)
        if items:
            self._write([((k,), v) for k, v in items.items()], [])

    def __setitem__(self, key: str, value: Any) -> None:
        self._write([((key,), value)], [])

    def __setattr__(self, key: str, value: Any) -> None:
        if key in _INTERNAL:
            object.__setattr__(self, key, value)
        else:
            self[key] = value

    def __delitem__(self, key: str) -> None:
        self._write([], [(key,)])

    def __delattr__(self, key: str) -> None:
        del self[key]


class Summary(SummaryDict):
    """Track single values for each metric of a run.

    By default a metric's summary is its last logged value (or the aggregates chosen with
    ``run.define_metric(summary=...)``). Set values yourself with
    ``run.summary["best_accuracy"] = 0.93`` or ``run.summary.update({...})``.
    """

    def __init__(
        self,
        get_current_summary_callback: Callable[[], dict],
        update_callback: Callable[[list, list], None] | None = None,
    ) -> None:
        object.__setattr__(self, "_get_current", get_current_summary_callback)
        object.__setattr__(self, "_update_callback", update_callback)

    def _set_update_callback(self, update_callback: Callable[[list, list], None]) -> None:
        object.__setattr__(self, "_update_callback", update_callback)

    def _as_dict(self) -> dict:
        return self._get_current()

    def _write(self, update: list[tuple[Path, Any]], remove: list[Path]) -> None:
        if self._update_callback is not None:
            self._update_callback(update, remove)


class SummarySubDict(SummaryDict):
    """A nested dict inside the summary; writes go to the root with the full path."""

    def __init__(self, parent: SummaryDict, key: str, items: dict) -> None:
        object.__setattr__(self, "_parent", parent)
        object.__setattr__(self, "_parent_key", key)
        object.__setattr__(self, "_items", items)

    def _as_dict(self) -> dict:
        return self._items

    def _write(self, update: list[tuple[Path, Any]], remove: list[Path]) -> None:
        k = self._parent_key
        self._parent._write([((k, *p), v) for p, v in update], [(k, *p) for p in remove])
        # keep this view in step with what was written
        for p, v in update:
            if len(p) == 1:
                self._items[p[0]] = v
        for p in remove:
            if len(p) == 1:
                self._items.pop(p[0], None)


__all__ = ["Summary", "SummaryDict", "SummarySubDict"]
