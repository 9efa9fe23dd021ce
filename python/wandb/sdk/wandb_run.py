"""``wandb.Run``: a unit of computation logged by W&B (an experiment)."""

from __future__ import annotations

import atexit
import json
import os
import re
import threading
import time
from typing import Any, Mapping

from wandb.sdk import run_lifecycle, run_messages, run_records, wandb_metric
from wandb.sdk.lib import value_convert
from wandb.sdk.run_actions import RunActions, RunStatus
from wandb.sdk.run_artifacts import RunArtifacts
from wandb.sdk.run_watch import RunWatch
from wandb.sdk.run_properties import RunProperties, raise_if_finished
from wandb.sdk.run_telemetry import RunTelemetry
from wandb.sdk.wandb_summary import Summary

_LABEL_RE = re.compile(r"[a-zA-Z0-9_-]+$")
_STEP_WARNING = (
    "Tried to log to step {step} that is less than the current step {current}. Steps must be "
    "monotonically increasing, so this data will be ignored. See "
    "https://wandb.me/define-metric to log data out of order."
)


def _versions() -> tuple[str, str]:
    import wandb

    version = getattr(wandb, "__version__", "0.21.3")
    vireo = getattr(wandb, "__vireo_version__", "0")
    return version, f"{version}+vireo.{vireo}"


class Run(RunProperties, RunActions, RunWatch, RunArtifacts):
    """A unit of computation logged by W&B. Typically, this is an ML experiment.

    Create one with ``wandb.init()``; log with ``run.log()``; end it with ``run.finish()``
    or use it as a context manager (``with wandb.init() as run: ...``).
    """

    def __init__(
        self,
        settings: Any,
        config: Any = None,
        sweep_config: dict | None = None,
        launch_config: dict | None = None,
    ) -> None:
        self._settings = settings
        if config is None:
            config = _new_config()
        self._config = config
        self._sweep_config = sweep_config
        self._launch_config = launch_config
        self._start_time = float(getattr(settings, "x_start_time", None) or time.time())
        self._starting_step = 0
        self._is_finished = False
        self._forked = False
        self._stream: Any = None
        self._online: Any = None  # online.OnlineSession (control plane) when syncing
        self._exit_code: int | None = None
        self._init_pid = os.getpid()
        self._dropped_steps = 0
        self._console: Any = None
        self._console_closed = False
        self._requirements_thread: threading.Thread | None = None
        self._stats_sampler: Any = None  # system metrics (wandb.sdk.system_stats)
        self._finish_lock = threading.Lock()
        self._backpressure_warned = False
        #: callables run after finish (init uses this to drop the run from its registry)
        self._finish_hooks: list[Any] = []
        cli_version, self._producer = _versions()
        self._telemetry = RunTelemetry(cli_version)
        if self.offline:
            self._telemetry.feature.add("offline")
        if self.resumed:
            self._telemetry.feature.add("resumed")
        self._summary = Summary(self._summary_get, self._summary_set)
        #: what integrations read to re-attach from another process (None when disabled)
        self._attach_id = None if self.disabled else getattr(settings, "run_id", None)
        if hasattr(config, "_set_callback"):
            config._set_callback(self._config_callback)

    # ---------------------------------------------------------------------------- start
    def _set_starting_step(self, step: int) -> None:
        """Set the first step (resume / fork); call before ``_start``."""
        self._starting_step = int(step)

    def _start(self) -> None:
        """Open the transaction log and write the opening records (header ... telemetry)."""
        try:
            from wandb.sdk import internal_core
        except ImportError:  # shim until wandb/sdk/internal_core.py (Rust owner) exists
            from wandb import _core as internal_core  # type: ignore[no-redef]

        s = self._settings
        branch = self._branch_point()
        if branch is not None and not self._starting_step:
            # A fork or rewind continues after the branch step.
            self._starting_step = int(branch["value"]) + 1
        # online hook: create/resume the run on the server first (may set the starting step)
        from wandb.sdk import online

        self._online = online.connect(self)
        self._stream = internal_core.Stream(
            s.sync_file,
            run_start=self._start_time,
            starting_step=self._starting_step,
            converter=value_convert.make_converter(self),
            on_backpressure=self._on_backpressure,
            sender=self._online.sender_options() if self._online else None,
        )
        rid = self.id
        self._write(run_records.header(rid, self._producer))
        self._write(self._run_record(initial=True))
        writer_id = run_records.random_id(32)
        environments = run_records.environment_records(s, self._start_time, writer_id)
        for env in environments:
            self._write(env)
        if self._online is not None:  # online hook: metadata upload, updates, stop polling
            self._online.started(environments)
        if getattr(s, "x_save_requirements", True) and getattr(s, "files_dir", None):
            self._write(run_records.requirements_files_record())
            self._requirements_thread = threading.Thread(
                target=self._write_requirements, name="wandb-requirements", daemon=True
            )
            self._requirements_thread.start()
        self._write(run_records.telemetry_record(rid, self._telemetry.to_json()))
        self._telemetry.on_change = self._write_telemetry
        from wandb.sdk import system_stats

        self._stats_sampler = system_stats.start(self)
        run_messages.print_header(s, self._telemetry.cli_version, self.offline, self.name)
        self._start_console()
        run_lifecycle.register(self)
        atexit.register(self._atexit_finish)

    def _write_requirements(self) -> None:
        try:
            run_records.write_requirements(os.path.join(self._settings.files_dir, "requirements.txt"))
        except Exception:  # best effort, like wandb
            pass

    def _start_console(self) -> None:
        mode = getattr(self._settings, "console", "auto") or "auto"
        if mode == "off":
            return
        try:
            from wandb.sdk.lib.console_capture import ConsoleCapture
        except ImportError:
            return
        try:
            # wandb 0.21.3 leaves output.log empty offline (its sender writes it); we always
            # keep it, so the console text is on disk in every mode.
            output = os.path.join(self._settings.files_dir, "output.log")
            self._console = ConsoleCapture(mode, output, self._on_console_write)
            self._console.start()
        except Exception as e:
            self._console = None
            run_messages.termwarn(f"Failed to redirect: {e}")

    def _on_console_write(self, is_stdout: bool, text: str) -> None:
        # Not `_is_finished`: finish() sets that before the capture is drained and stopped,
        # and the tail printed just before finish() must still reach the log.
        if self._console_closed or self._forked or self._stream is None:
            return
        self._write(run_records.output_raw_record(self.id, is_stdout, text))

    def _stop_console(self) -> None:
        console, self._console = self._console, None
        if console is not None:
            try:
                console.stop()
            except Exception:
                pass
        self._console_closed = True

    def _on_backpressure(self) -> None:
        if not self._backpressure_warned:
            self._backpressure_warned = True
            run_messages.termwarn(
                "Logging faster than the transaction log can be written; "
                "run.log() will wait for room instead of dropping data."
            )

    # ---------------------------------------------------------------------------- records
    def _write(self, record: dict) -> None:
        self._stream.write(run_records.dumps(record))
        if self._online is not None and "alert" in record:  # online hook
            a = record["alert"]
            self._online.alert(a.get("title", ""), a.get("text", ""), a.get("level", "INFO"), a.get("wait_duration", 0))

    def _write_telemetry(self, telemetry: dict) -> None:
        if self._stream is not None and not self._forked:
            try:
                self._write(run_records.telemetry_record(self.id, telemetry))
            except ValueError:  # a flag name the record does not know: telemetry never breaks a run
                pass

    def _telemetry_callback(self, record: Any) -> None:
        """Merge flags set through ``wandb.sdk.lib.telemetry.context(run=run)``."""
        data = record.to_dict() if hasattr(record, "to_dict") else dict(record or {})
        for bucket in ("feature", "deprecated", "env"):
            names = [k for k, v in (data.get(bucket) or {}).items() if v]
            if names:
                self._telemetry._set(getattr(self._telemetry, bucket), tuple(names))
        label = data.get("label")
        if isinstance(label, Mapping) and label:
            known = ("code_string", "repo_string", "code_version")
            self._telemetry.label.update({k: str(v) for k, v in label.items() if k in known})

    def _label(
        self,
        code: str | None = None,
        repo: str | None = None,
        code_version: str | None = None,
        **kwargs: str,
    ) -> None:
        """Tag the run with the integration that created it (telemetry labels)."""
        if getattr(self._settings, "label_disable", False):
            return
        valid = {}
        for name, field_name, value in (
            ("code", "code_string", code),
            ("repo", "repo_string", repo),
            ("code_version", "code_version", code_version),
        ):
            if not value:
                continue
            if isinstance(value, str) and _LABEL_RE.match(value):
                valid[field_name] = value
            else:
                run_messages.termwarn(
                    f"Label added for '{name}' with invalid identifier '{value}' (ignored).",
                    repeat=False,
                )
        for key in kwargs:
            run_messages.termwarn(f"Label added for unsupported key {key!r} (ignored).", repeat=False)
        self._telemetry.set_label(**valid)

    def _on_deprecated(self, field_name: Any) -> None:
        """Called by ``wandb.sdk.lib.deprecate.deprecate(..., run=run)``."""
        if isinstance(field_name, str) and field_name:
            self._telemetry.set_deprecated(field_name)

    def _config_items(self, initial: bool) -> list[tuple[str, str]]:
        cfg = self._config
        data = getattr(cfg, "_items", None)
        if not isinstance(data, Mapping):
            data = cfg.as_dict() if hasattr(cfg, "as_dict") else dict(cfg or {})
        if initial:
            wandb_value: Any = {}
        else:
            wandb_value = {
                "cli_version": self._telemetry.cli_version,
                "python_version": self._telemetry.python_version,
                "m": [],
            }
        extra = data.get("_wandb")
        if isinstance(extra, Mapping):
            wandb_value = {**wandb_value, **extra}
        items = [("_wandb", value_convert.to_json(wandb_value, key="_wandb"))]
        items += [(k, value_convert.to_json(v, key=k)) for k, v in data.items() if k != "_wandb"]
        return items

    def _run_record(self, initial: bool = False) -> dict:
        s = self._settings
        git = None
        remote, commit = getattr(s, "git_remote_url", None), getattr(s, "git_commit", None)
        if remote or commit:
            git = {k: v for k, v in (("remote_url", remote), ("commit", commit)) if v}
        return run_records.run_record(
            self.id,
            project=self.project,
            entity=getattr(s, "entity", None),
            config=self._config_items(initial),
            group=getattr(s, "run_group", None),
            job_type=getattr(s, "run_job_type", None),
            display_name=self.name,
            notes=self.notes,
            tags=self.tags,
            host=getattr(s, "host", None) or _hostname(),
            start_time=self._start_time,
            telemetry=self._telemetry.to_json(),
            sweep_id=self.sweep_id,
            starting_step=self._starting_step,
            resumed=self.resumed,
            git=git,
            branch_point=self._branch_point(),
        )

    def _branch_point(self) -> dict | None:
        """``fork_from`` / ``resume_from`` as the RunRecord's branch point."""
        moment = getattr(self._settings, "fork_from", None) or getattr(self._settings, "resume_from", None)
        if moment is None:
            return None
        return {"run": moment.run, "value": float(moment.value), "metric": moment.metric}

    def _publish_run(self) -> None:
        if self._stream is not None and not self._forked:
            self._write(self._run_record())
            if self._online is not None:  # online hook
                self._online.run_changed()

    def _publish_file(self, fname: str, policy: str = "now") -> None:
        """Mark a file (relative to ``run.dir``) for upload with the run."""
        if self._stream is not None and not self._forked:
            self._write(run_records.files_record(self.id, [fname], policy))

    def _config_callback(self, update: dict | None = None, remove: list | None = None) -> None:
        """Called by ``Config`` after each change with the changed top-level keys."""
        if self._is_finished:
            self._raise_finished("_config_callback")
        if self._stream is None or self._forked:
            return
        items = [(k, value_convert.to_json(v, key=k)) for k, v in (update or {}).items()]
        removed = list(remove or [])
        if not items and not removed:
            return
        self._write(run_records.config_record(self.id, items, removed))
        self._telemetry.set_feature("set_config_item")
        if self._online is not None:  # online hook
            self._online.config_changed()

    # ---------------------------------------------------------------------------- summary
    def _summary_get(self) -> dict:
        if self._is_finished:
            run_messages.termwarn("Summary data not available in finished run")
            return {}
        if self._stream is None or self._forked:
            return {}
        return json.loads(self._stream.summary())

    def _summary_set(self, update: list, remove: list) -> None:
        if self._is_finished:
            self._raise_finished("_summary_update_callback")
        if self._stream is None or self._forked:
            return
        items = [
            (list(path), value_convert.to_json(value_convert.summary_value(value), key=".".join(path), run=self))
            for path, value in update
        ]
        self._telemetry.set_feature("set_summary")
        self._stream.summary_update(items, [list(p) for p in remove])

    # ---------------------------------------------------------------------------- logging
    def _check_child(self, what: str) -> bool:
        if self._forked:
            run_messages.termwarn(
                f"`{what}` called in a process forked from the one that started run {self.id}; "
                "the call is ignored (start a new run in the child process).",
                repeat=False,
            )
            return True
        return False

    @raise_if_finished
    def log(self, data: dict[str, Any], step: int | None = None, commit: bool | None = None) -> None:
        """Upload run data (a dict of str keys) to the run's history.

        Without ``step`` every call is a new step (unless ``commit=False``, which accumulates
        into the pending step). With ``step`` the data goes to that step; a step lower than
        the current one is ignored with a warning.
        """
        if self._check_child("log"):
            return
        if not isinstance(data, dict):
            if not isinstance(data, Mapping):
                raise TypeError("wandb.log must be passed a dictionary")
            data = dict(data)
        if step is not None:
            self._telemetry.set_feature("set_step_log")
        for hook in value_convert.row_hooks:
            data = hook(self, data)
        stream = self._stream
        if stream.log(data, step, commit) == -1:  # dropped: the step did not change
            self._dropped_steps += 1
            run_messages.termwarn(_STEP_WARNING.format(step=step, current=stream.step))

    # ---------------------------------------------------------------------------- metrics
    @raise_if_finished
    def define_metric(
        self,
        name: str,
        step_metric: str | wandb_metric.Metric | None = None,
        step_sync: bool | None = None,
        hidden: bool | None = None,
        summary: str | None = None,
        goal: str | None = None,
        overwrite: bool | None = None,
    ) -> wandb_metric.Metric:
        """Customize metrics logged with ``run.log()`` (x-axis, summary aggregates, hiding).

        ``name`` may end with ``*`` to match many metrics; ``summary`` is a comma-separated
        list of min, max, mean, last, first, none (best/copy are deprecated).
        """
        if summary and "copy" in summary:
            self._telemetry.set_deprecated("run__define_metric_copy")
            run_messages.termwarn(
                "define_metric(summary='copy') is deprecated and will be removed.", repeat=False
            )
        if (summary and "best" in summary) or goal is not None:
            self._telemetry.set_deprecated("run__define_metric_best_goal")
            run_messages.termwarn(
                "define_metric(summary='best', goal=...) is deprecated and will be removed. "
                "Use define_metric(summary='min') or define_metric(summary='max') instead.",
                repeat=False,
            )
        metric = wandb_metric.build_metric(
            name, step_metric, step_sync, hidden, summary, goal, overwrite, self._telemetry
        )
        metric._set_callback(self._metric_callback)
        metric._commit()
        return metric

    def _metric_callback(self, record: dict) -> None:
        if self._stream is not None and not self._forked:
            self._stream.define_metric(run_records.dumps(record))

    # ---------------------------------------------------------------------------- finish
    def finish(self, exit_code: int | None = None, quiet: bool | None = None) -> None:
        """Finish the run: flush everything and record the exit code (0 = success).

        Calling it again does nothing. ``quiet`` is deprecated (use ``Settings(quiet=...)``).
        """
        if quiet is not None:
            self._telemetry.set_deprecated("run__finish_quiet")
            run_messages.termwarn(
                "The `quiet` argument to `wandb.run.finish()` is deprecated, "
                "use `wandb.Settings(quiet=...)` to set this instead.",
                repeat=False,
            )
        self._finish(exit_code)

    def _finish(self, exit_code: int | None = None) -> None:
        with self._finish_lock:
            if self._is_finished:
                return
            if self._forked or self._stream is None:
                self._is_finished = True
                return
            self._telemetry.set_feature("finish")
            self._is_finished = True
        code = exit_code or run_lifecycle.hooks.exit_code or 0
        self._exit_code = code
        try:
            self._finish_artifacts()
            from wandb.sdk import system_stats

            system_stats.stop(self._stats_sampler)
            self._stop_console()
            if self._requirements_thread is not None:
                self._requirements_thread.join(timeout=10)
            if self._online is not None:  # online hook: pending updates, config.yaml
                self._online.before_finish()
                from wandb.sdk import online

                status = self._stream.finish(code, sender_timeout_s=online.finish_timeout())
                self._online.report(status, getattr(self._settings, "sync_dir", ""))
                self._online.close()
            else:
                self._stream.finish(code)
            # Read after finish so the footer shows the row that finish() committed.
            final_summary = _safe_summary(self._stream)
        except Exception:
            run_messages.termerror("Problem finishing run")
            raise
        finally:
            atexit.unregister(self._atexit_finish)
            run_lifecycle.unregister(self)
            self._clear_globals()
        if code == 0:
            resume_file = getattr(self._settings, "resume_fname", None)
            if resume_file and os.path.exists(resume_file):
                os.remove(resume_file)
        run_messages.print_footer(self._settings, self.offline, self.name, final_summary)
        for hook in self._finish_hooks:
            hook(self)

    @property
    def _system_metrics(self) -> dict:
        """Buffered system metrics (``x_stats_buffer_size``): {key: [(datetime, value)]}."""
        if self._is_finished:
            self._raise_finished("_system_metrics")
        from wandb.sdk import system_stats

        return system_stats.system_metrics(self._stats_sampler)

    def _atexit_finish(self) -> None:
        if not self._is_finished and not self._forked and os.getpid() == self._init_pid:
            self._finish(run_lifecycle.hooks.exit_code)

    def _after_fork(self) -> None:
        """In a forked child: never write into the parent's stream."""
        self._forked = True
        self._console = None
        stream = self._stream
        if stream is not None and hasattr(stream, "abandon"):
            stream.abandon()

    def _clear_globals(self) -> None:
        import wandb

        if getattr(wandb, "run", None) is not self:
            return
        try:
            from wandb.sdk.wandb_setup import _clear_global_run
        except ImportError:
            wandb.run = None
            return
        _clear_global_run()

    def __deepcopy__(self, memo: dict) -> Run:
        return self

    def __getstate__(self) -> dict:
        """Pickle only what identifies the run; an unpickled copy never writes (no attach)."""
        return {"_attach_id": self._attach_id, "_init_pid": self._init_pid, "_settings": self._settings}

    def __setstate__(self, state: dict) -> None:
        settings = state.get("_settings")
        self.__init__(settings)  # type: ignore[misc]
        self._attach_id = state.get("_attach_id")
        self._init_pid = state.get("_init_pid", self._init_pid)
        self._forked = True

    def __enter__(self) -> Run:
        return self

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> bool:
        failed = exc_type is not None
        if failed:
            import traceback

            traceback.print_exception(exc_type, exc_val, exc_tb)
        self._finish(exit_code=1 if failed else 0)
        return not failed


# -------------------------------------------------------------------------------- helpers


def _hostname() -> str:
    import socket

    return socket.gethostname()


def _safe_summary(stream: Any) -> dict | None:
    try:
        return json.loads(stream.summary())
    except Exception:
        return None


def _new_config() -> Any:
    try:
        from wandb.sdk.wandb_config import Config
    except ImportError:
        return {}
    return Config()


__all__ = ["Run", "RunStatus"]
