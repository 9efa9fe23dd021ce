"""Make ``core_helpers`` importable and ``wandb._core`` loadable even if ``import wandb``
is broken while other parts are being written (the extension needs no Python package code)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.append(_HERE)

try:
    import wandb  # noqa: F401
    from wandb.sdk import internal_core  # noqa: F401
except Exception:  # pragma: no cover - only while the package is incomplete
    _PKG = Path(__file__).resolve().parents[2] / "python" / "wandb"
    for name in [m for m in sys.modules if m == "wandb" or m.startswith("wandb.")]:
        del sys.modules[name]
    for name, sub in (("wandb", ""), ("wandb.sdk", "sdk")):
        mod = types.ModuleType(name)
        mod.__path__ = [str(_PKG / sub) if sub else str(_PKG)]
        sys.modules[name] = mod
