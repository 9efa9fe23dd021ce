"""Console tests: make the capture modules importable (see ``console_bootstrap``)."""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import console_bootstrap  # noqa: E402,F401  (installs the import fallback on import)
