"""A tiny requests-compatible session that answers GraphQL operations with canned data.

Handlers are keyed by operation name (``"Runs"``, ``"Run"``...; the anonymous
``{ viewer { id } }`` is ``"<anonymous>"``). A handler gets the variables dict and returns
either a ``data`` dict, or a ``Reply`` for a full response (status, body).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Union

KEY = "k" * 40
BASE = "http://fake.test:8080"

_OP = re.compile(r"^\s*(query|mutation)\s+(\w+)")


def op_name(query: str) -> str:
    m = _OP.match(query)
    return m.group(2) if m else "<anonymous>"


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    raw: Optional[bytes] = None
    reason: str = ""


@dataclass
class Call:
    op: str
    query: str
    variables: dict
    body: dict
    headers: dict
    auth: Any
    url: str
    timeout: Any = None


class FakeResponse:
    def __init__(self, status: int, content: bytes, reason: str = "") -> None:
        self.status_code = status
        self.content = content
        self.reason = reason

    def iter_content(self, chunk_size: int = 1024):
        for i in range(0, len(self.content), chunk_size):
            yield self.content[i:i + chunk_size]


Handler = Callable[[dict], Union[dict, Reply]]


@dataclass
class FakeSession:
    handlers: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)  # url -> bytes for GET
    calls: list = field(default_factory=list)
    gets: list = field(default_factory=list)

    def post(self, url: str, data: Any = None, json: Any = None, headers: Any = None,
             auth: Any = None, timeout: Any = None, **_: Any) -> FakeResponse:
        import json as _json

        body = _json.loads(data) if data is not None else json
        query = body["query"]
        op = op_name(query)
        self.calls.append(Call(op, query, body.get("variables"), body, dict(headers or {}), auth,
                               url, timeout))
        handler = self.handlers.get(op)
        if handler is None:
            out: Union[dict, Reply] = Reply(200, {"errors": [{"message": f"unknown op {op}"}]})
        else:
            out = handler(body.get("variables") or {})
        if not isinstance(out, Reply):
            out = Reply(200, {"data": out})
        if isinstance(out.body, Exception):
            raise out.body
        raw = out.raw if out.raw is not None else _json.dumps(out.body).encode()
        return FakeResponse(out.status, raw, out.reason)

    def get(self, url: str, auth: Any = None, headers: Any = None, stream: bool = False,
            timeout: Any = None, **_: Any) -> FakeResponse:
        self.gets.append({"url": url, "auth": auth, "headers": dict(headers or {})})
        if url not in self.files:
            return FakeResponse(404, b'{"error": "file not found"}', "Not Found")
        return FakeResponse(200, self.files[url])

    def ops(self) -> list:
        return [c.op for c in self.calls]

    def last(self, op: str) -> Call:
        return [c for c in self.calls if c.op == op][-1]


def viewer_handlers(entity: str = "alice", run_has_project_id: bool = False) -> dict:
    """Handlers for Api construction and the RunType probe."""
    viewer = {
        "id": "VXNlcjox", "flags": "{}", "entity": entity, "username": entity,
        "email": f"{entity}@example.com", "admin": True,
        "apiKeys": {"edges": [{"node": {"id": "k1", "name": "abc", "description": None}}]},
        "teams": {"edges": [{"node": {"name": "team-a"}}]},
    }

    def viewer_op(_v: dict) -> dict:
        return {"viewer": viewer}

    fields = [{"name": "id"}, {"name": "name"}]
    if run_has_project_id:
        fields.append({"name": "projectId"})
    return {
        "<anonymous>": lambda v: {"viewer": {"id": viewer["id"]}},
        "Viewer": viewer_op,
        "ProbeRunInput": lambda v: {"RunType": {"fields": fields}},
    }


def run_node(name: str = "abc123", **over: Any) -> dict:
    """A RunFragment node shaped as the server returns it."""
    node = {
        "id": "UnVuOjE=",
        "tags": ["t1", "t2"],
        "name": name,
        "displayName": "brave-fox-1",
        "sweepName": None,
        "state": "finished",
        "config": json.dumps({
            "lr": {"value": 0.001, "desc": None},
            "layers": {"value": [64, 32]},
            "opt": {"value": {"name": "adam", "beta": 0.9}},
            "_wandb": {"value": {"cli_version": "0.21.3", "t": {"1": [1]}}},
        }),
        "group": "g1",
        "jobType": "train",
        "commit": None,
        "readOnly": False,
        "createdAt": "2026-11-28T12:00:00Z",
        "heartbeatAt": "2026-11-28T12:05:00Z",
        "description": None,
        "notes": "some notes",
        "systemMetrics": "{}",
        "summaryMetrics": json.dumps({"loss": 0.25, "acc": 1, "nested": {"a": 2}}),
        "historyLineCount": 3,
        "user": {"name": "Alice", "username": "alice"},
        "historyKeys": {"lastStep": 2, "keys": {}},
    }
    node.update(over)
    return node
