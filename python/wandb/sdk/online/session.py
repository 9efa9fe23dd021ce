"""``OnlineSession``: the control plane of one online run.

At ``wandb.init`` it finds the viewer's entity, applies ``resume`` with RunResumeStatus and
creates (or resumes) the run with UpsertBucket, all within ``init_timeout``. During the run
a background thread sends debounced UpsertBucket updates (config, name, tags, notes),
alerts, and polls RunStoppedStatus (a stopped run gets a KeyboardInterrupt in the main
thread, as with wandb). History, summary and console output go through the Rust sender,
configured by :meth:`sender_options`.
"""

from __future__ import annotations

import json
import os
import platform
import queue
import threading
import time
from typing import Any

from wandb.errors import AuthenticationError, CommError, UsageError
from wandb.sdk.online import queries
from wandb.sdk.online.gql import GQLClient

#: seconds between RunStoppedStatus polls (wandb: 15)
STOP_POLL_S = 15.0
#: debounce of config / run-parameter updates (wandb: 5)
UPSERT_DEBOUNCE_S = 5.0


def _get(settings: Any, name: str, default: Any = None) -> Any:
    value = getattr(settings, name, None)
    return default if value is None else value


def _resume_error(mode: str, run_id: str) -> UsageError:
    # Same text as the local check in init_resume (the messages wandb prints).
    if mode == "must":
        return UsageError(
            "You provided an invalid value for the `resume` argument."
            f" The value 'must' is not a valid option for resuming the run ({run_id})"
            " that has not been initialized. Please check your inputs and try again with a"
            " valid run ID. If you are trying to start a new run, please omit the `resume`"
            " argument or use `resume='allow'`."
        )
    return UsageError(
        "You provided an invalid value for the `resume` argument."
        f" The value 'never' is not a valid option for resuming the run ({run_id})"
        " that already exists. Please check your inputs and try again with a valid run ID."
        " If you are trying to resume the run, use `resume='allow'` or `resume='must'`."
    )


def make_client(settings: Any, api_key: str) -> GQLClient:
    """A GraphQL client configured from settings (timeouts, retry waits, extra headers)."""
    return GQLClient(
        _get(settings, "base_url", "https://api.wandb.ai"),
        api_key,
        timeout=float(_get(settings, "x_graphql_timeout_seconds", 30.0)),
        connect_timeout=5.0,
        retry_min=float(_get(settings, "x_graphql_retry_wait_min_seconds", 2.0)),
        retry_max=float(_get(settings, "x_graphql_retry_wait_max_seconds", 60.0)),
        headers=dict(_get(settings, "x_extra_http_headers", {}) or {}),
    )


def api_key_for(settings: Any) -> str:
    """The configured API key, or a UsageError naming how to set one."""
    key = _get(settings, "api_key")
    if not key:
        from wandb.sdk.lib import apikey

        key = apikey.api_key(settings=settings)
    if not key:
        raise UsageError("api_key not configured (no-tty). call wandb.login(key=[your_api_key])")
    return key


def telemetry_t(cli_version: str, python_version: str) -> dict:
    """The ``_wandb.t`` config entry (telemetry keyed by proto field number)."""
    from wandb.sdk import internal_core

    return {
        "3": [],
        "4": python_version,
        "5": cli_version,
        "12": internal_core.core_version,
        "13": f"{platform.system().lower()}-{platform.machine()}",
    }


class OnlineSession:
    """Control plane of one online run (see the module docstring)."""

    def __init__(self, run: Any, client: GQLClient, api_key: str) -> None:
        self._run = run
        self.client = client
        self.api_key = api_key
        self.entity = ""
        self.project = ""
        self.run_id = ""
        self.storage_id: str | None = None
        self.history_offset = 0
        self.resumed = False
        self.resumed_summary: dict = {}
        self._dirty_config = False
        self._dirty_params = False
        self._dirty_since = 0.0
        self._lock = threading.Lock()
        self._tasks: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.stopped_by_server = False

    # ------------------------------------------------------------------------- init
    @classmethod
    def connect(cls, run: Any) -> OnlineSession:
        """Create or resume ``run`` on the server; raise CommError / UsageError."""
        s = run._settings
        key = api_key_for(s)
        session = cls(run, make_client(s, key), key)
        session._create(float(_get(s, "init_timeout", 90.0)))
        return session

    def _remaining(self, deadline: float) -> float:
        return max(0.1, deadline - time.monotonic())

    def _create(self, init_timeout: float) -> None:
        run, s = self._run, self._run._settings
        started = time.monotonic()
        deadline = started + init_timeout
        base = self.client.base_url
        try:
            viewer_entity = self._viewer_entity(min(5.0, self._remaining(deadline)))
            entity = _get(s, "entity") or viewer_entity
            if s.resume:
                self._check_resume(entity, str(s.resume), self._remaining(deadline))
            data = self.client.execute(
                queries.UPSERT_BUCKET,
                self._upsert_vars(full=True, initial=True, entity=entity),
                operation="UpsertBucket",
                timeout_s=self._remaining(deadline),
                retry_conflict=True,
            )
        except AuthenticationError:
            raise
        except CommError as e:
            if e.exc is not None:  # transport failure: the server is not reachable
                waited = min(init_timeout, time.monotonic() - started)
                raise CommError(
                    f"Could not reach the W&B server at {base} (tried for {waited:.0f}s;"
                    f" init_timeout={init_timeout:g}s): {e}. Start the server, check"
                    " WANDB_BASE_URL, or log offline (mode='offline') and upload later with"
                    " `wandb sync`.",
                    e.exc,
                ) from e
            raise CommError(f"Error uploading run: {e}", e.exc) from e
        self._apply_bucket(data["upsertBucket"]["bucket"])

    def _viewer_entity(self, timeout_s: float) -> str | None:
        try:
            data = self.client.execute(queries.VIEWER, operation="Viewer", timeout_s=timeout_s)
        except AuthenticationError:
            raise
        except CommError as e:
            if e.exc is not None:
                raise
            return None  # wandb goes on without the viewer
        viewer = data.get("viewer") or {}
        return viewer.get("entity")

    def _check_resume(self, entity: str | None, mode: str, timeout_s: float) -> None:
        run, s = self._run, self._run._settings
        data = self.client.execute(
            queries.RUN_RESUME_STATUS,
            {"project": run.project, "entity": entity, "name": run.id},
            operation="RunResumeStatus",
            timeout_s=timeout_s,
        )
        bucket = (data.get("model") or {}).get("bucket")
        wandb_config = {}
        if bucket:
            try:
                wandb_config = json.loads(bucket.get("wandbConfig") or "{}") or {}
            except ValueError:
                wandb_config = {}
        exists = bool(bucket) and "t" in wandb_config
        if mode == "must" and not exists:
            raise _resume_error("must", run.id)
        if mode == "never" and exists:
            raise _resume_error("never", run.id)
        if not exists:
            return
        self.resumed = True
        self.history_offset = int(bucket.get("historyLineCount") or 0)
        last_step = None
        try:
            tail = json.loads(bucket.get("historyTail") or "[]") or []
            if tail:
                last_step = json.loads(tail[-1]).get("_step")
        except (ValueError, AttributeError, TypeError):
            last_step = None
        start = int(last_step) + 1 if isinstance(last_step, (int, float)) else self.history_offset
        run._set_starting_step(start)
        try:
            server_cfg = json.loads(bucket.get("config") or "{}") or {}
        except ValueError:
            server_cfg = {}
        current = run._config.as_dict() if hasattr(run._config, "as_dict") else {}
        merged = {
            k: (v.get("value") if isinstance(v, dict) else v)
            for k, v in server_cfg.items()
            if k != "_wandb" and k not in current
        }
        if merged and hasattr(run._config, "_update"):
            run._config._update(merged, allow_val_change=True, ignore_locked=True)
        try:
            self.resumed_summary = json.loads(bucket.get("summaryMetrics") or "{}") or {}
        except ValueError:
            self.resumed_summary = {}
        if not _get(s, "run_tags") and bucket.get("tags"):
            run._set_setting("run_tags", tuple(bucket["tags"]))
        if not _get(s, "run_notes") and bucket.get("notes"):
            run._set_setting("run_notes", bucket["notes"])
        if not _get(s, "run_name") and bucket.get("displayName"):
            run._set_setting("run_name", bucket["displayName"])
        run._set_setting("resumed", True)

    def _apply_bucket(self, bucket: dict) -> None:
        run = self._run
        project = bucket.get("project") or {}
        self.storage_id = bucket.get("id")
        self.run_id = bucket.get("name") or run.id
        self.project = project.get("name") or run.project
        self.entity = (project.get("entity") or {}).get("name") or run.entity
        run._set_setting("entity", self.entity)
        run._set_setting("project", self.project)
        if not run.name and bucket.get("displayName"):
            run._set_setting("run_name", bucket["displayName"])
        if not self.resumed and int(bucket.get("historyLineCount") or 0) > 0 and run.resumed:
            self.history_offset = int(bucket["historyLineCount"])

    def _config_json(self) -> str:
        run = self._run
        items = run._config_items(initial=False)
        parts = []
        for key, value_json in items:
            if key == "_wandb":
                value = json.loads(value_json)
                if isinstance(value, dict):
                    tel = run._telemetry
                    value.setdefault("t", telemetry_t(tel.cli_version, tel.python_version))
                value_json = json.dumps(value)
            parts.append(f'{json.dumps(key)}: {{"value": {value_json}}}')
        return "{" + ", ".join(parts) + "}"

    def _upsert_vars(self, *, full: bool, initial: bool = False, entity: str | None = None) -> dict:
        run, s = self._run, self._run._settings
        v: dict[str, Any] = {
            "name": run.id,
            "project": self.project or run.project,
            "entity": entity if initial else (self.entity or None),
            "config": self._config_json(),
        }
        if full:
            v.update(
                {
                    "id": None if initial else self.storage_id,
                    "groupName": _get(s, "run_group"),
                    "displayName": run.name,
                    "notes": run.notes,
                    "tags": list(run.tags or ()),
                    "host": _get(s, "host") or platform.node(),
                    "program": _get(s, "program"),
                    "jobType": _get(s, "run_job_type"),
                    "sweep": _get(s, "sweep_id"),
                    "commit": _get(s, "git_commit"),
                    "repo": _get(s, "git_remote_url"),
                }
            )
        return v

    # ------------------------------------------------------------------------- run
    def sender_options(self) -> dict:
        """Options of the Rust sender (``wandb._core.Stream(sender=...)``)."""
        s = self._run._settings
        interval = _get(s, "x_file_stream_transmit_interval", 1.0)
        return {
            "base_url": self.client.base_url,
            "api_key": self.api_key,
            "entity": self.entity,
            "project": self.project,
            "run_id": self.run_id,
            "files_dir": _get(s, "files_dir"),
            "interval_ms": int(max(0.01, float(interval)) * 1000),
            "history_offset": self.history_offset,
            "retry_base_ms": int(float(_get(s, "x_file_stream_retry_wait_min_seconds", 0.5)) * 1000),
            "retry_max_ms": int(float(_get(s, "x_file_stream_retry_wait_max_seconds", 15.0)) * 1000),
            "http_timeout_s": float(_get(s, "x_file_stream_timeout_seconds", 30.0)),
            "headers": list((_get(s, "x_extra_http_headers", {}) or {}).items()),
        }

    def started(self, environments: list[dict]) -> None:
        """After the stream exists: write wandb-metadata.json, start the background thread."""
        run = self._run
        files_dir = _get(run._settings, "files_dir")
        if files_dir and environments:
            from wandb.sdk.online import run_files

            try:
                with open(os.path.join(files_dir, "wandb-metadata.json"), "w") as f:
                    f.write(run_files.metadata_json(e.get("environment", e) for e in environments))
                run._publish_file("wandb-metadata.json", "now")
            except OSError:
                pass
        if self.resumed_summary:
            updates = [([k], v) for k, v in self.resumed_summary.items() if not k.startswith("_")]
            if updates:
                run._summary_set(updates, [])
        self._thread = threading.Thread(target=self._loop, name="wandb-online", daemon=True)
        self._thread.start()

    def config_changed(self) -> None:
        with self._lock:
            if not (self._dirty_config or self._dirty_params):
                self._dirty_since = time.monotonic()
            self._dirty_config = True

    def run_changed(self) -> None:
        with self._lock:
            if not (self._dirty_config or self._dirty_params):
                self._dirty_since = time.monotonic()
            self._dirty_params = True

    def alert(self, title: str, text: str, level: str, wait_ms: int) -> None:
        self._tasks.put(("alert", (title, text, level, wait_ms)))

    def _flush_upsert(self, timeout_s: float) -> None:
        with self._lock:
            config, params = self._dirty_config, self._dirty_params
            self._dirty_config = self._dirty_params = False
        if not (config or params):
            return
        try:
            self.client.execute(
                queries.UPSERT_BUCKET,
                self._upsert_vars(full=params),
                operation="UpsertBucket",
                timeout_s=timeout_s,
                retry_conflict=True,
            )
        except CommError as e:
            from wandb.sdk import run_messages

            run_messages.termwarn(f"Could not update the run on the server: {e}", repeat=False)

    def _send_alert(self, args: tuple, timeout_s: float) -> None:
        title, text, level, wait_ms = args
        try:
            self.client.execute(
                queries.NOTIFY_ALERT,
                {
                    "entityName": self.entity,
                    "projectName": self.project,
                    "runName": self.run_id,
                    "title": title,
                    "text": text,
                    "severity": level,
                    "waitDuration": wait_ms,
                },
                operation="NotifyScriptableRunAlert",
                timeout_s=timeout_s,
            )
        except CommError as e:
            from wandb.sdk import run_messages

            run_messages.termwarn(f"Could not send the alert: {e}", repeat=False)

    def _poll_stopped(self) -> bool:
        try:
            data = self.client.execute(
                queries.RUN_STOPPED_STATUS,
                {"entityName": self.entity, "projectName": self.project, "runId": self.run_id},
                operation="RunStoppedStatus",
                timeout_s=10.0,
            )
        except CommError:
            return False
        run = ((data.get("project") or {}).get("run")) or {}
        return bool(run.get("stopped"))

    def _on_stopped(self) -> None:
        import _thread

        from wandb.sdk import run_messages

        self.stopped_by_server = True
        run_messages.termwarn(f"Run {self.run_id} was stopped from the server; finishing it.")
        _thread.interrupt_main()

    def _drain_tasks(self, timeout_s: float) -> None:
        while True:
            try:
                kind, args = self._tasks.get_nowait()
            except queue.Empty:
                return
            if kind == "alert":
                self._send_alert(args, timeout_s)

    def _loop(self) -> None:
        next_poll = time.monotonic()
        while not self._stop.wait(0.2):
            self._drain_tasks(30.0)
            with self._lock:
                due = (self._dirty_config or self._dirty_params) and (
                    time.monotonic() - self._dirty_since >= UPSERT_DEBOUNCE_S
                )
            if due:
                self._flush_upsert(60.0)
            if STOP_POLL_S > 0 and time.monotonic() >= next_poll and not self.stopped_by_server:
                next_poll = time.monotonic() + STOP_POLL_S
                if self._poll_stopped():
                    self._on_stopped()

    # ------------------------------------------------------------------------- finish
    def before_finish(self) -> None:
        """Stop the background thread, send pending updates and alerts, write config.yaml."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self._drain_tasks(30.0)
        self._flush_upsert(30.0)
        run = self._run
        files_dir = _get(run._settings, "files_dir")
        if files_dir:
            from wandb.sdk.online import run_files

            config = {k: json.loads(v) for k, v in run._config_items(initial=False)}
            try:
                run_files.write_run_files(files_dir, config, None)
            except (OSError, ValueError):
                pass

    def report(self, status: dict | None, sync_dir: str) -> None:
        """Print what the sender achieved."""
        from wandb.sdk import run_messages

        if not status:
            return
        if status.get("complete"):
            if not run_messages._quiet(self._run._settings):
                run_messages.termlog(
                    f"Uploaded {status.get('rows_sent', 0)} history rows and "
                    f"{status.get('files_uploaded', 0)} files."
                )
            return
        why = status.get("error") or "timed out"
        run_messages.termwarn(
            f"Could not reach the server to finish the run ({why}); the run is saved locally. "
            f"Upload it with `wandb sync {sync_dir}`."
        )

    def close(self) -> None:
        self._stop.set()
        self.client.close()
