"""Run-level side effects of image annotations: class labels stored in the run config.

wandb keeps box/mask class labels in ``config._wandb["<type>"]["<key>"]``; this uses
``run._add_singleton`` when the run provides it, otherwise updates the config directly.
"""

from __future__ import annotations

from typing import Any


def add_singleton(run: Any, type_: str, key: str, value: Any) -> None:
    """Record ``value`` under ``_wandb.<type_>.<key>`` in the run's config (once per change)."""
    fn = getattr(run, "_add_singleton", None)
    if fn is not None:
        fn(type_, key, value)
        return
    config = getattr(run, "_config", None)
    items = getattr(config, "_items", None)
    if not isinstance(items, dict):
        return
    entry = {"type": type_, "key": key, "value": value}
    wandb_section = items.setdefault("_wandb", {})
    group = wandb_section.setdefault(type_, {})
    if group.get(key) == entry:
        return
    group[key] = entry
    if getattr(run, "_stream", None) is None or getattr(run, "_forked", False):
        return
    try:
        from wandb.sdk import run_records

        config_items = [i for i in run._config_items(False) if i[0] == "_wandb"]
        run._write(run_records.config_record(run.id, config_items, []))
    except Exception:  # pragma: no cover - never break logging over class labels
        import logging

        logging.getLogger("wandb").exception("could not record class labels in the config")
