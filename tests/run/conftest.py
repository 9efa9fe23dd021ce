"""Fixtures for the Run tests; the helpers live in ``run_helpers`` (importing it bootstraps
``wandb`` and the core, see there)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run_helpers  # noqa: E402
from run_helpers import REAL_CORE, RunFactory  # noqa: E402


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "real_core: needs the Rust core's exact formats")


def pytest_collection_modifyitems(config: Any, items: list) -> None:
    if REAL_CORE:
        return
    skip = pytest.mark.skip(reason="wandb._core (Rust) is not built; using tests/run/fake_core.py")
    for item in items:
        if "real_core" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def make_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RunFactory]:
    monkeypatch.chdir(tmp_path)
    factory = RunFactory(tmp_path)
    yield factory
    for run in factory.runs:
        if run._stream is not None and not run._is_finished:
            run.finish()


@pytest.fixture(autouse=True)
def _fresh_once_warnings() -> Iterator[None]:
    """``termwarn(repeat=False)`` dedups per process; give every test a clean slate."""
    from wandb.sdk import run_messages

    run_messages._seen_warnings.clear()
    try:
        from wandb.errors import term

        once = getattr(term, "_printed_once", None)
        if isinstance(once, set):
            once.clear()
    except ImportError:
        pass
    yield
