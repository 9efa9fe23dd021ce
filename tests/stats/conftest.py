"""Fixtures for the system-metrics tests: a fake NVML built with gcc, fake tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
if str(HERE) not in sys.path:
    sys.path.append(str(HERE))


@pytest.fixture(scope="session")
def fake_nvml(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Path of the fake NVML shared library (tests/stats/fake_nvml.c)."""
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler")
    out = tmp_path_factory.mktemp("nvml") / "libfake-nvml.so"
    subprocess.run([cc, "-shared", "-fPIC", "-O1", "-o", str(out), str(HERE / "fake_nvml.c")], check=True)
    return str(out)


@pytest.fixture
def no_tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No NVML, rocm-smi or neuron-monitor, whatever the machine has."""
    monkeypatch.setenv("VIREO_NVML_PATH", str(tmp_path / "missing-nvml.so"))
    monkeypatch.setenv("VIREO_ROCM_SMI", str(tmp_path / "missing-rocm-smi"))
    monkeypatch.setenv("VIREO_NEURON_MONITOR", str(tmp_path / "missing-neuron-monitor"))


