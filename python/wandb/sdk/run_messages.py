"""What a run prints: start lines, the end-of-run footer, warnings (through ``wandb.termlog``)."""

from __future__ import annotations

import math
import os
import sys
from typing import Any

_seen_warnings: set[str] = set()


def _term() -> Any:
    try:
        from wandb.errors import term
    except ImportError:  # the terminal helpers are not there yet
        return None
    return term


def termlog(msg: str = "") -> None:
    term = _term()
    if term is not None:
        term.termlog(msg)
    else:
        print(f"wandb: {msg}" if msg else "wandb: ", file=sys.stderr)


def termwarn(msg: str, repeat: bool = True) -> None:
    term = _term()
    if term is not None:
        term.termwarn(msg, repeat=repeat)
        return
    if not repeat:
        if msg in _seen_warnings:
            return
        _seen_warnings.add(msg)
    print(f"wandb: WARNING {msg}", file=sys.stderr)


def termerror(msg: str) -> None:
    term = _term()
    if term is not None:
        term.termerror(msg)
    else:
        print(f"wandb: ERROR {msg}", file=sys.stderr)


def _silent(settings: Any) -> bool:
    return bool(getattr(settings, "silent", False))


def _quiet(settings: Any) -> bool:
    return bool(getattr(settings, "quiet", False)) or _silent(settings)


def print_header(settings: Any, version: str, offline: bool, run_name: str | None) -> None:
    """The lines wandb prints when a run starts."""
    if _silent(settings):
        return
    if not _quiet(settings):
        termlog(f"Tracking run with wandb version {version}")
    saved = f"Run data is saved locally in {getattr(settings, 'sync_dir', '')}"
    if offline:
        termlog(
            "W&B syncing is set to `offline` in this directory. Run `wandb online` "
            "or set WANDB_MODE=online to enable cloud syncing."
        )
        termlog(saved)
        return
    if not _quiet(settings):
        termlog(saved)
        termlog("Run `wandb offline` to turn off syncing.")
    run_url = getattr(settings, "run_url", None)
    if run_name:
        verb = "Resuming run" if getattr(settings, "resumed", False) else "Syncing run"
        termlog(f"{verb} {run_name}")
    project_url = getattr(settings, "project_url", None)
    if project_url and not _quiet(settings):
        termlog(f"⭐️ View project at {project_url}")
    sweep_url = getattr(settings, "sweep_url", None)
    if sweep_url and not _quiet(settings):
        termlog(f"🧹 View sweep at {sweep_url}")
    if run_url:
        termlog(f"🚀 View run at {run_url}")


def _format_value(v: Any) -> str | None:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return str(v)
        return f"{v:.5g}"
    if isinstance(v, str):
        return v if len(v) <= 20 else v[:17] + "..."
    return None


def summary_lines(summary: dict[str, Any], limit: int) -> list[str]:
    """``Run summary:`` rows: scalar, user-visible keys, sorted, names right-aligned."""
    rows = []
    for key in sorted(summary):
        if key.startswith("_"):
            continue
        text = _format_value(summary[key])
        if text is not None:
            rows.append((key, text))
    if not rows:
        return []
    shown = rows[:limit]
    width = max(len(k) for k, _ in shown)
    lines = [f"{k.rjust(width)} {v}" for k, v in shown]
    if len(rows) > limit:
        lines.append(f"{'+' + str(len(rows) - limit):>{width}} ...")
    return lines


def print_footer(settings: Any, offline: bool, run_name: str | None, summary: dict[str, Any] | None) -> None:
    """The lines wandb prints when a run finishes."""
    if _silent(settings):
        return
    if summary and not _quiet(settings):
        limit = int(getattr(settings, "max_end_of_run_summary_metrics", 10) or 10)
        lines = summary_lines(summary, limit)
        if lines:
            termlog()
            termlog("Run summary:")
            for line in lines:
                termlog(line)
    sync_dir = getattr(settings, "sync_dir", "") or ""
    if offline:
        termlog()
        termlog("You can sync this run to the cloud by running:")
        termlog(f"wandb sync {sync_dir}")
    else:
        run_url = getattr(settings, "run_url", None)
        if run_url:
            termlog(f"🚀 View run {run_name or ''} at: {run_url}")
    log_dir = getattr(settings, "log_dir", None)
    if log_dir:
        try:
            shown = os.path.relpath(log_dir)
            if shown.startswith(".."):
                shown = log_dir
            else:
                shown = f"./{shown}"
        except ValueError:
            shown = log_dir
        termlog(f"Find logs at: {shown}")
