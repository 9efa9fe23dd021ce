"""``Run.summary`` of the Public API: a dict whose ``update()`` writes back to the server."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterator, Mapping, MutableMapping, Optional

from wandb.apis.public import queries

if TYPE_CHECKING:
    from wandb.apis.public.runs import Run


def _json_default(obj: Any) -> Any:
    for attr in ("tolist", "item"):  # numpy arrays / scalars, torch tensors
        fn = getattr(obj, attr, None)
        if callable(fn):
            try:
                return fn()
            except Exception:  # noqa: BLE001
                pass
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)


def dumps(value: Any) -> str:
    """JSON text as the client sends it (NaN / Infinity kept as tokens)."""
    return json.dumps(value, default=_json_default)


class HTTPSummary(MutableMapping[str, Any]):
    """Summary metrics of a run.

    Item assignment and deletion change the local copy; ``update()`` (with or without new
    values) sends the whole summary to the server (``UpsertBucket`` with ``summaryMetrics``).
    Keys are stripped of surrounding spaces, as wandb does.
    """

    def __init__(self, run: "Run", client: Any, summary: Optional[Mapping[str, Any]] = None) -> None:
        self._run = run
        self._client = client
        self._json_dict: dict[str, Any] = dict(summary or {})

    @staticmethod
    def _key(k: Any) -> Any:
        return k.strip() if isinstance(k, str) else k

    def __getitem__(self, key: str) -> Any:
        return self._json_dict[self._key(key)]

    def __setitem__(self, key: str, value: Any) -> None:
        self._json_dict[self._key(key)] = value

    def __delitem__(self, key: str) -> None:
        del self._json_dict[self._key(key)]

    def __contains__(self, key: object) -> bool:
        return self._key(key) in self._json_dict

    def __iter__(self) -> Iterator[str]:
        return iter(self._json_dict)

    def __len__(self) -> int:
        return len(self._json_dict)

    def __repr__(self) -> str:
        return repr(self._json_dict)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HTTPSummary):
            return self._json_dict == other._json_dict
        if isinstance(other, Mapping):
            return self._json_dict == dict(other)
        return NotImplemented

    def update(self, key_vals: Optional[Mapping[str, Any]] = None,  # type: ignore[override]
               overwrite: bool = True) -> None:
        """Merge ``key_vals`` (if any) and persist the full summary on the server.

        With ``overwrite=False`` keys that already exist keep their values.
        """
        for k, v in (key_vals or {}).items():
            key = self._key(k)
            if overwrite or key not in self._json_dict:
                self._json_dict[key] = v
        self._write()

    def _write(self) -> None:
        res = self._client.execute(
            queries.SUMMARY_UPDATE,
            variable_values={"id": self._run.storage_id, "summaryMetrics": dumps(self._json_dict)},
        )
        bucket = ((res or {}).get("upsertBucket") or {}).get("bucket") or {}
        if not bucket.get("id"):
            from wandb.errors import CommError

            raise CommError(f"Summary update of run {self._run.id!r} was not acknowledged")
