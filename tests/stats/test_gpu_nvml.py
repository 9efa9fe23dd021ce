"""NVIDIA metrics through a fake NVML built by the test (every metric name and value)."""

from __future__ import annotations

import os

import pytest
from statskit import internal_warnings

from wandb import _core

GIB = 1 << 30


def expected(i: int) -> dict[str, float]:
    return {
        "gpu": 10 + i,
        "memory": 20 + i,
        "memoryTotal": 16 * GIB,
        "memoryAllocatedBytes": (1 + i) * GIB,
        "memoryAllocated": (1 + i) / 16 * 100,
        "temp": 40 + i,
        "powerWatts": (100000 + 1000 * i) / 1000,
        "enforcedPowerLimitWatts": 250.0,
        "powerPercent": (100000 + 1000 * i) / 250000 * 100,
        "smClock": 1400 + i,
        "memoryClock": 5000 + i,
        "graphicsClock": 1300 + i,
        "correctedMemoryErrors": 3 + i,
        "unCorrectedMemoryErrors": i,
        "uncorrectedMemoryErrors": i,
        "fanSpeed": 30 + i,
        "encoderUtilization": 5 + i,
        "pcieLinkGen": 4,
        "pcieLinkSpeed": 16000 * 1_000_000,
        "pcieLinkWidth": 16,
        "maxPcieLinkGen": 5,
        "maxPcieLinkWidth": 16,
    }


def gpu_sample(monkeypatch: pytest.MonkeyPatch, nvml: str, **opts: object) -> dict[str, float]:
    monkeypatch.setenv("VIREO_ROCM_SMI", "/nonexistent")
    monkeypatch.setenv("VIREO_NEURON_MONITOR", "/nonexistent")
    items = _core.stats_sample({"nvml_path": nvml, **opts})
    return {k: v for k, v in items if k.startswith("gpu.")}


def test_every_gpu_metric(monkeypatch: pytest.MonkeyPatch, fake_nvml: str) -> None:
    monkeypatch.setenv("FAKE_NVML_COUNT", "2")
    monkeypatch.delenv("FAKE_NVML_PID", raising=False)
    got = gpu_sample(monkeypatch, fake_nvml)
    want = {f"gpu.{i}.{k}": v for i in range(2) for k, v in expected(i).items()}
    assert set(got) == set(want)
    for k, v in want.items():
        assert got[k] == pytest.approx(v), k
    # counters come back as Python ints from stats_sample
    assert isinstance(got["gpu.0.gpu"], int) and isinstance(got["gpu.0.powerWatts"], float)


def test_process_metrics_for_gpus_the_process_uses(monkeypatch: pytest.MonkeyPatch, fake_nvml: str) -> None:
    monkeypatch.setenv("FAKE_NVML_COUNT", "3")
    monkeypatch.setenv("FAKE_NVML_PID", str(os.getpid()))
    got = gpu_sample(monkeypatch, fake_nvml)
    proc = {k: v for k, v in got.items() if k.startswith("gpu.process.")}
    assert set(proc) == {f"gpu.process.0.{k}" for k in expected(0)}
    for k, v in expected(0).items():
        assert proc[f"gpu.process.0.{k}"] == pytest.approx(v)
    # a GPU used by another process only
    monkeypatch.setenv("FAKE_NVML_PID", "1")
    got = gpu_sample(monkeypatch, fake_nvml)
    assert not any(k.startswith("gpu.process.") for k in got)


def test_gpu_device_ids(monkeypatch: pytest.MonkeyPatch, fake_nvml: str) -> None:
    monkeypatch.setenv("FAKE_NVML_COUNT", "4")
    got = gpu_sample(monkeypatch, fake_nvml, gpu_device_ids=[1, 3])
    assert {k.split(".")[1] for k in got} == {"1", "3"}
    assert got["gpu.3.temp"] == 43


def test_probe_for_metadata(monkeypatch: pytest.MonkeyPatch, fake_nvml: str) -> None:
    monkeypatch.setenv("FAKE_NVML_COUNT", "2")
    monkeypatch.setenv("VIREO_ROCM_SMI", "/nonexistent")
    monkeypatch.setenv("VIREO_NEURON_MONITOR", "/nonexistent")
    p = _core.stats_probe(nvml_path=fake_nvml)
    assert p["cuda_version"] == "12.4"
    assert p["gpu_nvidia"] == [
        {"name": f"Fake H100 #{i}", "memory_total": 16 * GIB, "cuda_cores": 16896, "architecture": "Hopper", "uuid": f"GPU-fake-{i}"}
        for i in range(2)
    ]


def test_broken_nvml_is_skipped_with_one_warning(monkeypatch: pytest.MonkeyPatch, fake_nvml: str, tmp_path) -> None:
    log = str(tmp_path / "debug-internal.log")
    monkeypatch.setenv("FAKE_NVML_FAIL_INIT", "1")
    monkeypatch.setenv("VIREO_ROCM_SMI", "/nonexistent")
    monkeypatch.setenv("VIREO_NEURON_MONITOR", "/nonexistent")
    items = dict(_core.stats_sample({"nvml_path": fake_nvml, "debug_log": log}, ticks=3))
    assert "cpu" in items and not any(k.startswith("gpu.") for k in items)
    warns = [w for w in internal_warnings(log) if "nvidia" in w]
    assert len(warns) == 1 and "nvmlInit returned 9" in warns[0]
    # not a shared library at all
    bad = tmp_path / "garbage.so"
    bad.write_bytes(b"not an ELF file")
    items = dict(_core.stats_sample({"nvml_path": str(bad), "debug_log": log}))
    assert "memory_percent" in items
    assert len([w for w in internal_warnings(log) if "nvidia" in w]) == 2
