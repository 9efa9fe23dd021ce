"""Fixtures for the ``run.watch`` tests (torch is required: tests skip without it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))



@pytest.fixture(autouse=True)
def _run_has_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until ``RunWatch`` is a base of ``Run``, put its methods on ``Run`` for the test."""
    from wandb.sdk.run_watch import RunWatch
    from wandb.sdk.wandb_run import Run

    if not issubclass(Run, RunWatch):
        monkeypatch.setattr(Run, "watch", RunWatch.watch)
        monkeypatch.setattr(Run, "unwatch", RunWatch.unwatch)
        monkeypatch.setattr(Run, "_torch", RunWatch._torch, raising=False)
        monkeypatch.setattr(Run, "_torch_history", None, raising=False)


@pytest.fixture
def offline_run(isolated_wandb_env):
    """An offline run (finished at teardown if the test did not)."""
    import wandb

    run = wandb.init(mode="offline", project="watch")
    yield run
    if not run._is_finished:
        run.finish()
