"""Root pytest configuration: shared fixtures and hooks live in ``tests/reftools.py``.

Test modules import helpers from it by name (``from reftools import run_ref``); it is a
regular module, so the import does not depend on which ``conftest`` pytest loaded first.
"""

import sys
from pathlib import Path

_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)

from reftools import (  # noqa: E402,F401  (pytest registers fixtures and hooks found here)
    isolated_wandb_env,
    pytest_configure,
    pytest_runtest_setup,
    ref_python,
)
