"""Make ``wandb.sdk.lib.console_capture`` importable even while ``import wandb`` is broken.

The console modules only use the standard library, so when the full package cannot be
imported we register bare package modules for ``wandb``, ``wandb.sdk`` and ``wandb.sdk.lib``
that point at the source tree, without running their ``__init__`` files.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[2] / "python"

# Prepended to scripts run in subprocesses so they import the same modules.
BOOTSTRAP = f"""
import sys, types
sys.path.insert(0, {str(PYTHON_DIR)!r})
try:
    import wandb.sdk.lib.console_capture
except Exception:
    for _name in [n for n in sys.modules if n == "wandb" or n.startswith("wandb.")]:
        del sys.modules[_name]
    for _name, _sub in (("wandb", ""), ("wandb.sdk", "/sdk"), ("wandb.sdk.lib", "/sdk/lib")):
        _m = types.ModuleType(_name)
        _m.__path__ = [{str(PYTHON_DIR / "wandb")!r} + _sub]
        sys.modules[_name] = _m
"""


def _install() -> None:
    if str(PYTHON_DIR) not in sys.path:
        sys.path.insert(0, str(PYTHON_DIR))
    exec(compile(BOOTSTRAP, "<console-bootstrap>", "exec"), {"__name__": "console_bootstrap"})


_install()

_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)
