"""Make ``wandb.sdk.wandb_settings`` importable even while ``import wandb`` is broken.

When the full package cannot be imported, bare package modules for ``wandb`` and
``wandb.sdk`` pointing at the source tree are registered (their ``__init__`` files are
not run); the settings modules only need the standard library and ``wandb.errors``.
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[2] / "python"


def _install() -> None:
    if str(PYTHON_DIR) not in sys.path:
        sys.path.insert(0, str(PYTHON_DIR))
    try:
        import wandb.sdk.wandb_settings  # noqa: F401
        return
    except Exception:
        pass
    for name in [n for n in sys.modules if n == "wandb" or n.startswith("wandb.")]:
        del sys.modules[name]
    for name, sub in (("wandb", ""), ("wandb.sdk", "/sdk")):
        mod = types.ModuleType(name)
        mod.__path__ = [str(PYTHON_DIR / "wandb") + sub]
        sys.modules[name] = mod
    import wandb.sdk.wandb_settings  # noqa: F401


_install()


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No WANDB_* variables, HOME and cwd in fresh temp dirs; returns the cwd."""
    for key in list(os.environ):
        if key.startswith("WANDB_"):
            monkeypatch.delenv(key, raising=False)
    home = tmp_path / "home"
    cwd = tmp_path / "work"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cwd)
    return cwd
