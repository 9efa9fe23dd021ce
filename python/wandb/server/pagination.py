"""Relay-style connections over in-memory lists; cursors are positions ("1", "2", ...)."""

from __future__ import annotations

from typing import Any, Sequence

from wandb.server.errors import ClientError

MAX_PAGE = 10_000


def connection(items: Sequence[Any], after: str | None, first: int | None, total: int | None = None) -> dict:
    """``{edges:[{node,cursor}], pageInfo, totalCount}`` for ``items[after:after+first]``."""
    start = 0
    if after:
        if not str(after).isdigit():
            raise ClientError(f"after: expected a cursor returned by the server, got {after!r}")
        start = int(after)
    if first is not None and first < 0:
        raise ClientError(f"first: expected a non-negative integer, got {first}")
    count = MAX_PAGE if first is None else min(first, MAX_PAGE)
    page = list(items[start : start + count])
    edges = [{"node": node, "cursor": str(start + i + 1)} for i, node in enumerate(page)]
    end = start + len(page)
    return {
        "edges": edges,
        "pageInfo": {
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else (str(start) if start else None),
            "hasNextPage": end < len(items),
            "hasPreviousPage": start > 0,
        },
        "totalCount": len(items) if total is None else total,
    }
