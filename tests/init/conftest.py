"""Fixtures for the ``wandb.init`` / config / setup / login tests.

Runs use an isolated HOME and working directory (``isolated_wandb_env`` from the
top-level conftest). While the Rust core is not built, ``wandb.sdk.internal_core``
is replaced by the pure-Python stand-in in ``tests/run/fake_core.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
PYTHON_DIR = TESTS_DIR.parent / "python"
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))


def _install_fake_core_if_needed() -> None:
    try:
        import wandb.sdk.internal_core  # noqa: F401

        return
    except Exception:  # noqa: BLE001  (no Rust build here)
        pass
    spec = importlib.util.spec_from_file_location(
        "wandb.sdk.internal_core", TESTS_DIR / "run" / "fake_core.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["wandb.sdk.internal_core"] = module
    spec.loader.exec_module(module)
    import wandb.sdk

    wandb.sdk.internal_core = module  # type: ignore[attr-defined]


_install_fake_core_if_needed()


@pytest.fixture
def wb(isolated_wandb_env, monkeypatch):
    """``wandb`` in an isolated environment (offline by default); cleans up runs after."""
    import wandb
    from wandb.sdk import wandb_setup

    monkeypatch.setenv("WANDB_MODE", "offline")
    wandb_setup.teardown()
    wandb_setup._clear_global_run()
    yield wandb
    wandb_setup.teardown()
    wandb_setup._clear_global_run()
