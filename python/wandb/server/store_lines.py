"""Offset-addressed lines (history, events, console) and run files (a Store mixin).

A file_stream chunk writes ``content[i]`` at line ``offset + i``; writing the same line
again replaces it, so client retries never duplicate rows.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row

from wandb.server import tables as t

TAIL_LINES = 10


@dataclass
class StreamChunk:
    """One validated file_stream request."""

    history: list[tuple[int, int | None, str]] = field(default_factory=list)  # (line, step, text)
    history_objs: list[dict] = field(default_factory=list)  # per history line: its keys and value types
    events: list[tuple[int, str]] = field(default_factory=list)
    console: list[tuple[int, str]] = field(default_factory=list)
    summary: str | None = None
    uploaded: list[str] = field(default_factory=list)
    complete: bool = False
    exitcode: int | None = None
    preempting: bool = False


_PY_TYPES = {type(None): "nil", bool: "boolean", int: "number", float: "number", str: "string",
             list: "list", dict: "map"}


def _upsert(conn: Connection, table: Any, rows: list[dict], update_cols: list[str]) -> None:
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["run_id", "line"], set_={c: getattr(stmt.excluded, c) for c in update_cols}
    )
    for i in range(0, len(rows), 1000):
        conn.execute(stmt, rows[i : i + 1000])


_HISTORY_UPSERT = (
    "INSERT INTO history (run_id, line, step, data) VALUES ({run}, {p}, {p}, {p}) "
    "ON CONFLICT (run_id, line) DO UPDATE SET step = excluded.step, data = excluded.data"
)


def _upsert_history(conn: Connection, run_pk: int, history: list[tuple[int, int | None, str]]) -> None:
    """Bulk ``INSERT ... ON CONFLICT (run_id, line) DO UPDATE`` of ``(line, step, text)`` rows.

    One driver-level ``executemany`` of the rows as they are (no per-row dicts or SQLAlchemy
    parameter processing; psycopg pipelines it); the run id is an integer primary key,
    written into the SQL.
    """
    p = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = _HISTORY_UPSERT.format(run=int(run_pk), p=p)
    for i in range(0, len(history), 50_000):
        conn.exec_driver_sql(sql, history[i : i + 50_000])


def _count_types(objs: list[dict]) -> Counter:
    """``{(key, type name): lines}`` over history objects (``history_objs``).

    Lines of one shape share their object (see ``history_parse``), and lines from one
    ``run.log`` loop nearly always share keys and value types: rows are grouped first, and only
    groups holding nested objects (whose type name comes from ``_type``) are read key by key.
    """
    same = Counter(map(id, objs))
    by_id = {id(o): o for o in objs}
    sigs: Counter = Counter()
    for oid, n in same.items():
        o = by_id[oid]
        sigs[(tuple(o), tuple(map(type, o.values())))] += n
    counts: Counter = Counter()
    if any(dict in ts for _ks, ts in sigs):  # rare: count key by key, in line order
        counts.update(
            (k, _PY_TYPES.get(type(v), "unknown") if type(v) is not dict else str(v.get("_type") or "map"))
            for o in objs
            for k, v in o.items()
        )
        return counts
    for (ks, ts), n in sigs.items():
        for k, ty in zip(ks, ts):
            counts[(k, _PY_TYPES.get(ty, "unknown"))] += n
    return counts


class LinesMixin:
    """Needs ``tx()`` and ``ro()`` from Store."""

    def ingest(self, run_pk: int, chunk: StreamChunk) -> None:
        """Apply one file_stream request atomically."""
        now = time.time()
        with self.tx() as conn:  # type: ignore[attr-defined]
            # FOR UPDATE (PostgreSQL): replicas ingesting the same run serialise on its row
            run = conn.execute(select(t.runs).where(t.runs.c.id == run_pk).with_for_update()).one()
            values: dict[str, Any] = {"heartbeat_at": now, "updated_at": now}
            if chunk.history:
                _upsert_history(conn, run_pk, chunk.history)
                count = run.history_line_count
                keys = json.loads(run.history_keys or "{}").get("keys", {})
                steps = [st for _ln, st, _d in chunk.history if st is not None]
                last_step = run.last_step
                if steps:
                    top = max(steps)
                    last_step = top if last_step is None or top > last_step else last_step
                # count types once per line (retries re-send old lines)
                first = chunk.history[0][0]  # lines are offset, offset + 1, ...
                counts = _count_types(chunk.history_objs[max(0, count - first):])
                for (k, name), n in counts.items():
                    tc = keys.setdefault(k, {"typeCounts": []})["typeCounts"]
                    for entry in tc:
                        if entry["type"] == name:
                            entry["count"] += n
                            break
                    else:
                        tc.append({"type": name, "count": n})
                values["history_line_count"] = max(count, chunk.history[-1][0] + 1)
                values["history_keys"] = json.dumps({"keys": keys}, separators=(",", ":"))
                values["last_step"] = last_step
            if chunk.events:
                _upsert(conn, t.events, [dict(run_id=run_pk, line=ln, data=d) for ln, d in chunk.events], ["data"])
                values["events_line_count"] = max(run.events_line_count, max(ln for ln, _ in chunk.events) + 1)
                values["system_metrics"] = chunk.events[-1][1]
            if chunk.console:
                _upsert(conn, t.console, [dict(run_id=run_pk, line=ln, data=d) for ln, d in chunk.console], ["data"])
                values["log_line_count"] = max(run.log_line_count, max(ln for ln, _ in chunk.console) + 1)
            if chunk.summary is not None:
                values["summary"] = chunk.summary
            if chunk.complete:
                code = chunk.exitcode if chunk.exitcode is not None else 0
                values["exit_code"] = code
                # a run stopped from the server ends with a non-zero code: "killed", as W&B shows it
                values["state"] = "finished" if code == 0 else ("killed" if run.stopped else "failed")
            elif chunk.preempting:
                values["state"] = "preempting"
            elif run.state != "running":
                values["state"] = "running"
            for name in chunk.uploaded:
                conn.execute(
                    t.files.update()
                    .where(t.files.c.run_id == run_pk, t.files.c.name == name)
                    .values(uploaded=True)
                )
            conn.execute(t.runs.update().where(t.runs.c.id == run_pk).values(**values))

    # ---- reads --------------------------------------------------------------------------------

    def history_sampled(self, run_pk: int, samples: int | None, line_count: int) -> list[str]:
        """Up to ``samples`` history lines spread evenly over the run, first and last included."""
        return self._sampled(t.history, run_pk, samples, line_count)

    def events_sampled(self, run_pk: int, samples: int | None, line_count: int) -> list[str]:
        return self._sampled(t.events, run_pk, samples, line_count)

    def _sampled(self, table: Any, run_pk: int, samples: int | None, n: int) -> list[str]:
        # Lines are dense (0..n-1): file_stream offsets count the lines already sent.
        with self.ro() as conn:  # type: ignore[attr-defined]
            if samples is None or n <= samples:
                q = select(table.c.data).where(table.c.run_id == run_pk).order_by(table.c.line)
                return list(conn.execute(q).scalars())
            if samples <= 0:
                return []
            if samples == 1:
                picked = [n - 1]
            else:
                picked = sorted({round(i * (n - 1) / (samples - 1)) for i in range(samples)})
            out: list[str] = []
            for i in range(0, len(picked), 500):
                part = picked[i : i + 500]
                out.extend(
                    conn.execute(
                        select(table.c.data)
                        .where(table.c.run_id == run_pk, table.c.line.in_(part))
                        .order_by(table.c.line)
                    ).scalars()
                )
            return out

    def history_range(self, run_pk: int, min_step: int | None, max_step: int | None, limit: int | None) -> list[str]:
        """History lines with ``min_step <= _step < max_step``, by step, at most ``limit``."""
        q = select(t.history.c.data).where(t.history.c.run_id == run_pk)
        if min_step is not None:
            q = q.where(t.history.c.step >= min_step)
        if max_step is not None:
            q = q.where(t.history.c.step < max_step)
        q = q.order_by(t.history.c.step, t.history.c.line)
        if limit is not None:
            q = q.limit(max(0, limit))
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(q).scalars())

    def iter_history(self, run_pk: int, min_step: int | None, max_step: int | None) -> Iterator[str]:
        """All history lines in a step range, read in pages (for keyed sampling)."""
        last = None
        while True:
            q = select(t.history.c.line, t.history.c.data).where(t.history.c.run_id == run_pk)
            if min_step is not None:
                q = q.where(t.history.c.step >= min_step)
            if max_step is not None:
                q = q.where(t.history.c.step < max_step)
            if last is not None:
                q = q.where(t.history.c.line > last)
            q = q.order_by(t.history.c.line).limit(5000)
            with self.ro() as conn:  # type: ignore[attr-defined]
                rows = conn.execute(q).all()
            if not rows:
                return
            for row in rows:
                yield row.data
            last = rows[-1].line

    def tail(self, table: Any, run_pk: int, n: int = TAIL_LINES) -> list[str]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            rows = conn.execute(
                select(table.c.data).where(table.c.run_id == run_pk).order_by(table.c.line.desc()).limit(n)
            ).scalars().all()
        return list(reversed(rows))

    def console_lines(self, run_pk: int) -> list[str]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(
                conn.execute(
                    select(t.console.c.data).where(t.console.c.run_id == run_pk).order_by(t.console.c.line)
                ).scalars()
            )

    # ---- files ------------------------------------------------------------------------------

    def put_file(self, run_pk: int, name: str, digest: str, size: int, md5_b64: str, mimetype: str | None) -> None:
        now = time.time()
        with self.tx() as conn:  # type: ignore[attr-defined]
            updated = conn.execute(
                t.files.update()
                .where(t.files.c.run_id == run_pk, t.files.c.name == name)
                .values(digest=digest, size=size, md5=md5_b64, mimetype=mimetype, updated_at=now)
            ).rowcount
            if not updated:
                conn.execute(
                    t.files.insert().values(
                        run_id=run_pk, name=name, digest=digest, size=size, md5=md5_b64,
                        mimetype=mimetype, uploaded=False, updated_at=now,
                    )
                )

    def files_of(self, run_pk: int, names: list[str] | None = None, pattern: str | None = None) -> list[Row]:
        q = select(t.files).where(t.files.c.run_id == run_pk, t.files.c.digest.is_not(None))
        if names:
            q = q.where(t.files.c.name.in_(names))
        if pattern:
            q = q.where(t.files.c.name.like(pattern))
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(q.order_by(t.files.c.name)))

    def file_by_name(self, run_pk: int, name: str) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(
                select(t.files).where(t.files.c.run_id == run_pk, t.files.c.name == name)
            ).first()

    def delete_files(self, file_ids: list[int]) -> int:
        with self.tx() as conn:  # type: ignore[attr-defined]
            return conn.execute(t.files.delete().where(t.files.c.id.in_(file_ids))).rowcount
