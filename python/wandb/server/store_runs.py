"""Runs: upsert, lookup, listing, stop, delete, crash detection (a Store mixin)."""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from wandb.server import names
from wandb.server import tables as t
from wandb.server.errors import ClientError, NotFound
from wandb.server.ids import decode_id

RUN_STATES = ("running", "finished", "failed", "crashed", "killed", "preempting", "preempted", "pending")

_RUN_COLS = [t.runs, t.projects.c.name.label("project_name"), t.entities.c.name.label("entity_name")]


def _run_select() -> Any:
    return (
        select(*_RUN_COLS)
        .join(t.projects, t.projects.c.id == t.runs.c.project_id)
        .join(t.entities, t.entities.c.id == t.projects.c.entity_id)
    )


def parse_json_object(what: str, value: Any) -> str:
    """Validate a JSONString holding an object; returns the compact JSON text."""
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    if not isinstance(value, str):
        raise ClientError(f"{what}: expected a JSON object encoded as a string, got {type(value).__name__}")
    try:
        parsed = json.loads(value)
    except ValueError as e:
        raise ClientError(f"{what}: invalid JSON ({e})") from None
    if parsed is None:
        return "{}"
    if not isinstance(parsed, dict):
        raise ClientError(f"{what}: expected a JSON object, got {type(parsed).__name__}")
    return value


class RunsMixin:
    """Needs ``tx()``, ``ro()``, ``ensure_project()``, ``default_entity_for()`` from Store."""

    def run_by_id(self, run_id: int) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(_run_select().where(t.runs.c.id == run_id)).first()

    def run_by_name(self, entity: str, project: str, name: str) -> Row | None:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return conn.execute(
                _run_select().where(
                    t.entities.c.name == entity, t.projects.c.name == project, t.runs.c.name == name
                )
            ).first()

    def require_run(self, entity: str, project: str, name: str) -> Row:
        row = self.run_by_name(entity, project, name)
        if row is None:
            raise NotFound(f"run {entity}/{project}/{name} not found")
        return row

    def runs_of_project(self, project_id: int) -> list[Row]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(_run_select().where(t.runs.c.project_id == project_id)))

    def run_count(self, project_id: int) -> int:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return int(
                conn.execute(
                    select(func.count()).select_from(t.runs).where(t.runs.c.project_id == project_id)
                ).scalar_one()
            )

    def upsert_run(self, user: Row, inp: dict[str, Any]) -> tuple[Row, bool]:
        """Create or update a run from UpsertBucket input; returns (row, inserted)."""
        values = self._run_values(inp)
        run_pk = None
        if inp.get("id"):
            run_pk = decode_id("Run", inp["id"])
            if run_pk is None or self.run_by_id(run_pk) is None:
                raise NotFound(f"id: no run with id {inp['id']!r}")
        if run_pk is not None:
            if values:
                values["updated_at"] = time.time()
                with self.tx() as conn:  # type: ignore[attr-defined]
                    conn.execute(t.runs.update().where(t.runs.c.id == run_pk).values(**values))
            return self.run_by_id(run_pk), False  # type: ignore[return-value]

        entity = inp.get("entityName") or self.default_entity_for(user)  # type: ignore[attr-defined]
        project_name = inp.get("modelName") or "uncategorized"
        name = inp.get("name") or names.run_id()
        from wandb.server.store import check_name

        check_name("name", name)
        project = self.ensure_project(entity, project_name)  # type: ignore[attr-defined]
        for _attempt in range(2):
            existing = self.run_by_name(entity, project_name, name)
            if existing is not None:
                if values:
                    values["updated_at"] = time.time()
                    with self.tx() as conn:  # type: ignore[attr-defined]
                        conn.execute(t.runs.update().where(t.runs.c.id == existing.id).values(**values))
                return self.run_by_id(existing.id), False  # type: ignore[return-value]
            now = time.time()
            row = dict(
                project_id=project.id, name=name, config="{}", summary="{}", system_metrics="{}",
                tags="[]", state="running", stopped=False, user_id=user.id, heartbeat_at=now,
                created_at=now, updated_at=now, history_line_count=0, events_line_count=0,
                log_line_count=0, history_keys="{}",
            )
            row.update(values)
            try:
                with self.tx() as conn:  # type: ignore[attr-defined]
                    if not row.get("display_name"):
                        n = conn.execute(
                            select(func.count()).select_from(t.runs).where(t.runs.c.project_id == project.id)
                        ).scalar_one()
                        row["display_name"] = names.display_name(int(n) + 1)
                    pk = conn.execute(t.runs.insert().values(**row)).inserted_primary_key[0]
                return self.run_by_id(pk), True  # type: ignore[return-value]
            except IntegrityError:
                continue  # created concurrently: update it instead
        raise ClientError(f"name: could not create run {name!r}", status=409)

    @staticmethod
    def _run_values(inp: dict[str, Any]) -> dict[str, Any]:
        v: dict[str, Any] = {}
        simple = {
            "displayName": "display_name", "description": "description", "notes": "notes",
            "groupName": "group_name", "jobType": "job_type", "commit": "commit", "host": "host",
            "jobProgram": "program", "jobRepo": "repo", "sweep": "sweep_name",
        }
        for key, col in simple.items():
            val = inp.get(key)
            if val is not None:
                if not isinstance(val, str):
                    raise ClientError(f"{key}: expected a string, got {type(val).__name__}")
                v[col] = val
        if inp.get("config") is not None:
            v["config"] = parse_json_object("config", inp["config"])
        if inp.get("summaryMetrics") is not None:
            v["summary"] = parse_json_object("summaryMetrics", inp["summaryMetrics"])
        if inp.get("tags") is not None:
            tags = inp["tags"]
            if not isinstance(tags, list) or not all(isinstance(x, str) for x in tags):
                raise ClientError("tags: expected a list of strings")
            v["tags"] = json.dumps(tags)
        if inp.get("state") is not None:
            if inp["state"] not in RUN_STATES:
                raise ClientError(f"state: expected one of {', '.join(RUN_STATES)}, got {inp['state']!r}")
            v["state"] = inp["state"]
            if inp["state"] == "running":
                v["heartbeat_at"] = time.time()
        return v

    def set_stopped(self, run_pk: int, stopped: bool = True) -> bool:
        with self.tx() as conn:  # type: ignore[attr-defined]
            return conn.execute(
                t.runs.update().where(t.runs.c.id == run_pk).values(stopped=stopped)
            ).rowcount > 0

    def delete_run(self, run_pk: int) -> bool:
        with self.tx() as conn:  # type: ignore[attr-defined]
            for table in (t.history, t.events, t.console, t.files, t.alerts):
                conn.execute(table.delete().where(table.c.run_id == run_pk))
            return conn.execute(t.runs.delete().where(t.runs.c.id == run_pk)).rowcount > 0

    def add_alert(self, run_pk: int, title: str, text: str, severity: str, wait_ms: int | None) -> None:
        with self.tx() as conn:  # type: ignore[attr-defined]
            conn.execute(
                t.alerts.insert().values(
                    run_id=run_pk, title=title, text=text, severity=severity,
                    wait_duration_ms=wait_ms, created_at=time.time(),
                )
            )

    def alerts_of(self, run_pk: int) -> list[Row]:
        with self.ro() as conn:  # type: ignore[attr-defined]
            return list(conn.execute(select(t.alerts).where(t.alerts.c.run_id == run_pk).order_by(t.alerts.c.id)))

    def mark_crashed(self, older_than: float) -> int:
        """Running runs whose last heartbeat is before ``older_than`` become ``crashed``."""
        with self.tx() as conn:  # type: ignore[attr-defined]
            return conn.execute(
                t.runs.update()
                .where(t.runs.c.state == "running", t.runs.c.heartbeat_at < older_than)
                .values(state="crashed", updated_at=time.time())
            ).rowcount
