"""Fixtures for the integration-surface tests.

``wb`` is our ``wandb`` module imported inside ``isolated_wandb_env`` (tests/conftest.py) with
``WANDB_MODE=offline``; any run still active after the test is finished so tests stay independent.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Iterator, Optional

import pytest


@pytest.fixture
def wb(isolated_wandb_env, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """Our wandb, offline, in a fresh working directory; cleans up the global run afterwards."""
    monkeypatch.setenv("WANDB_MODE", "offline")
    import wandb

    if getattr(wandb, "run", None) is not None:  # left over by an earlier failing test
        wandb.finish()
    yield wandb
    if getattr(wandb, "run", None) is not None:
        wandb.finish()
    # Forget settings read from this test's environment (mode, dirs) before the next test.
    teardown = getattr(wandb, "teardown", None)
    if teardown is not None:
        teardown()


@pytest.fixture
def run_python(isolated_wandb_env):
    """Run a Python snippet with our interpreter in the isolated cwd (offline); returns the process."""

    def _run(script: str, *, env: Optional[dict] = None, timeout: float = 120.0) -> subprocess.CompletedProcess:
        full_env = dict(os.environ)
        full_env["WANDB_MODE"] = "offline"
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)],
            cwd=str(isolated_wandb_env.cwd),
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    return _run


@pytest.fixture
def cwd(isolated_wandb_env) -> Path:
    return Path(isolated_wandb_env.cwd)


# The suite runs with --import-mode=importlib: make `from _wb_records import ...` work.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
