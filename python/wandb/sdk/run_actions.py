"""``Run`` methods that send side records: save, restore, alert, mark_preempting, status, display."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TextIO

from wandb.sdk import run_files, run_messages, run_records
from wandb.sdk.run_properties import raise_if_finished
from wandb.sdk.wandb_alerts import AlertLevel


@dataclass
class RunStatus:
    """Sync status of a run (offline runs report nothing pending)."""

    sync_items_total: int = field(default=0)
    sync_items_pending: int = field(default=0)
    sync_time: datetime | None = field(default=None)


class RunActions:
    """Mixin: file saving, alerts, preemption, status and notebook display."""

    _settings: Any
    _stream: Any
    _forked: bool
    _telemetry: Any

    # ---------------------------------------------------------------------------- files
    @raise_if_finished
    def save(
        self,
        glob_str: str | os.PathLike,
        base_path: str | os.PathLike | None = None,
        policy: str = "live",
    ) -> bool | list[str]:
        """Sync one or more files to W&B (symlinked into ``run.dir``).

        ``policy``: "live" (upload as it changes), "now" (once now) or "end" (at the end).
        Returns the paths of the links created in ``run.dir``.
        """
        if isinstance(glob_str, bytes):
            glob_str = glob_str.decode("utf-8")
        if isinstance(glob_str, str) and glob_str.startswith(("gs://", "s3://")):
            run_messages.termlog(f"{glob_str} is a cloud storage url, can't save file to W&B.")
            return []
        plan = run_files.resolve_save_args(glob_str, base_path, policy, run_messages.termwarn)
        self._telemetry.set_feature("save")
        files_dir = self._settings.files_dir
        targets = run_files.link_matches(plan, files_dir, run_messages.termwarn)
        rel = run_files.relative_to_files(targets, files_dir)
        if rel and self._stream is not None and not self._forked:
            self._write(run_records.files_record(self.id, rel, policy))
        return [str(t) for t in targets]

    def restore(
        self,
        name: str,
        run_path: str | None = None,
        replace: bool = False,
        root: str | None = None,
    ) -> None | TextIO:
        """Download a file saved with a run (see ``wandb.restore``)."""
        from wandb.sdk.wandb_save_restore import _restore

        return _restore(name, run_path or self._get_path(), replace, root or self.dir, self)

    # ---------------------------------------------------------------------------- alerts
    @raise_if_finished
    def alert(
        self,
        title: str,
        text: str,
        level: str | AlertLevel | None = None,
        wait_duration: int | float | timedelta | None = None,
    ) -> None:
        """Create an alert (level INFO, WARN or ERROR; wait_duration in seconds or a timedelta)."""
        level = level or AlertLevel.INFO
        level_str = level.value if isinstance(level, AlertLevel) else level
        if level_str not in {lev.value for lev in AlertLevel}:
            raise ValueError("level must be one of 'INFO', 'WARN', or 'ERROR'")
        wait = wait_duration or timedelta(minutes=1)
        if isinstance(wait, (int, float)) and not isinstance(wait, bool):
            wait = timedelta(seconds=wait)
        elif not callable(getattr(wait, "total_seconds", None)):
            raise TypeError("wait_duration must be an int, float, or datetime.timedelta")
        wait_ms = int(wait.total_seconds() * 1000)
        if self._stream is not None and not self._forked:
            self._write(run_records.alert_record(self.id, title, text, level_str, wait_ms))

    @raise_if_finished
    def mark_preempting(self) -> None:
        """Mark this run as preempting (it may be resumed later)."""
        if self._stream is not None and not self._forked:
            self._write(run_records.preempting_record(self.id))

    @raise_if_finished
    def status(self) -> RunStatus:
        """Sync info about the run (offline runs have nothing to sync)."""
        return RunStatus()

    # ---------------------------------------------------------------------------- display
    def display(self, height: int = 420, hidden: bool = False) -> bool:
        """Display this run in Jupyter (returns False elsewhere)."""
        try:
            from IPython import get_ipython  # type: ignore[import-not-found]

            shell = get_ipython()
        except Exception:
            shell = None
        if shell is None or "IPKernelApp" not in getattr(shell, "config", {}):
            run_messages.termwarn(".display() only works in jupyter environments")
            return False
        from IPython.display import HTML, display  # type: ignore[import-not-found]

        display(HTML(self.to_html(height, hidden)))
        return True

    def to_html(self, height: int = 420, hidden: bool = False) -> str:
        """HTML (an iframe of the run page) to embed this run in a notebook."""
        url = None if self.offline else getattr(self._settings, "run_url", None)
        if not url:
            return "<p>Offline run: no W&B page to show.</p>"
        style = "border:none;width:100%;height:{}px;".format(height)
        if hidden:
            style += "display:none;"
        return f'<iframe src="{url}?jupyter=true" style="{style}"></iframe>'
