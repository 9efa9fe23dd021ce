"""AMD (rocm-smi 5.x / 6.x), Trainium (neuron-monitor), DCGM and the recorded-output parsers
of platforms that cannot exist here (Apple, TPU, IPU)."""

from __future__ import annotations

import json
import os
import time

import pytest
from statskit import RECORDED, internal_warnings, make_tool

from wandb import _core


def rocm_tool(tmp_path, name: str) -> str:
    text = (RECORDED / name).read_text()
    return make_tool(tmp_path, "rocm-smi", f"import sys\nassert sys.argv[1:] == ['-a', '--json'], sys.argv\nprint({text!r})\n")


@pytest.fixture
def no_nvml(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("VIREO_NVML_PATH", str(tmp_path / "none.so"))
    monkeypatch.setenv("VIREO_NEURON_MONITOR", str(tmp_path / "none"))
    monkeypatch.setenv("VIREO_ROCM_SMI", str(tmp_path / "none"))


def test_rocm_5(monkeypatch, tmp_path, no_nvml) -> None:
    monkeypatch.setenv("VIREO_ROCM_SMI", rocm_tool(tmp_path, "rocm-smi-5.json"))
    got = {k: v for k, v in _core.stats_sample({}) if k.startswith("gpu.")}
    assert got == {
        "gpu.0.gpu": 12.0, "gpu.0.memoryAllocated": 4.0, "gpu.0.memoryOverDrive": 0.0, "gpu.0.temp": 33.0,
        "gpu.0.powerWatts": 38.0, "gpu.0.powerPercent": pytest.approx(38 / 290 * 100),
        "gpu.1.gpu": 99.0, "gpu.1.memoryAllocated": 50.0, "gpu.1.temp": 35.0,
        "gpu.1.powerWatts": 145.0, "gpu.1.powerPercent": pytest.approx(50.0),
    }
    probe = _core.stats_probe()
    assert probe["gpu_amd"][0]["series"] == "Instinct MI100"
    assert probe["gpu_amd"][0]["vbios_version"] == "113-D3431401-100"
    assert probe["gpu_amd"][0]["sclk_range"] == "300Mhz - 1502Mhz"


def test_rocm_6(monkeypatch, tmp_path, no_nvml) -> None:
    monkeypatch.setenv("VIREO_ROCM_SMI", rocm_tool(tmp_path, "rocm-smi-6.json"))
    got = {k: v for k, v in _core.stats_sample({}) if k.startswith("gpu.")}
    assert got == {
        "gpu.0.gpu": 37.0, "gpu.0.memoryAllocated": 21.0, "gpu.0.memoryReadWriteActivity": 9.0,
        "gpu.0.memoryOverDrive": 0.0, "gpu.0.temp": 47.0, "gpu.0.powerWatts": 125.0, "gpu.0.powerPercent": 25.0,
    }
    info = _core.stats_probe()["gpu_amd"][0]
    assert info["series"] == "AMD INSTINCT MI250X" and info["id"] == "0x740c"


def test_rocm_garbage_or_failing_is_skipped(monkeypatch, tmp_path, no_nvml) -> None:
    log = str(tmp_path / "internal.log")
    monkeypatch.setenv("VIREO_ROCM_SMI", make_tool(tmp_path, "rocm-smi", "print('<<garbage>>')\n"))
    got = dict(_core.stats_sample({"debug_log": log}, ticks=2))
    assert "cpu" in got and not any(k.startswith("gpu.") for k in got)
    assert len([w for w in internal_warnings(log) if "amd" in w]) == 1
    monkeypatch.setenv("VIREO_ROCM_SMI", make_tool(tmp_path, "rocm-smi2", "import sys; sys.exit(3)\n"))
    got = dict(_core.stats_sample({"debug_log": log}))
    assert "memory_percent" in got
    assert len([w for w in internal_warnings(log) if "amd" in w]) == 2


def neuron_tool(tmp_path, pid: int) -> str:
    line = (RECORDED / "neuron-monitor.json").read_text().strip().replace("PID", str(pid))
    body = (
        "import sys, time\n"
        "assert sys.argv[1] == '-c' and open(sys.argv[2]).read().startswith('{'), sys.argv\n"
        f"line = {line!r}\n"
        "for _ in range(600):\n"
        "    print(line, flush=True)\n"
        "    time.sleep(0.05)\n"
    )
    return make_tool(tmp_path, "neuron-monitor", body)


def test_trainium(monkeypatch, tmp_path, no_nvml) -> None:
    monkeypatch.setenv("VIREO_NEURON_MONITOR", neuron_tool(tmp_path, os.getpid()))
    recs: list[str] = []
    s = _core.Sampler({"interval": 0.2}, callback=recs.append)
    deadline = time.time() + 10
    got: dict = {}
    while time.time() < deadline and "trn.0.neuroncore_utilization" not in got:
        time.sleep(0.05)
        for r in recs:
            got.update({i["key"]: json.loads(i["value_json"]) for i in json.loads(r)["stats"]["item"]})
    s.stop()
    trn = {k: v for k, v in got.items() if k.startswith("trn.")}
    assert trn == {
        "trn.0.neuroncore_utilization": 42.5,
        "trn.1.neuroncore_utilization": 3.25,
        "trn.host_total_memory_usage": 6615040,
        "trn.neuron_device_total_memory_usage": 114390016,
        "trn.host_total_memory_usage.application_memory": 6537216,
        "trn.host_total_memory_usage.constants": 0,
        "trn.host_total_memory_usage.dma_buffers": 77824,
        "trn.host_total_memory_usage.tensors": 0,
        **{f"trn.0.neuroncore_memory_usage.{k}": v for k, v in
           {"constants": 196608, "model_code": 57028608, "model_shared_scratchpad": 0, "runtime_memory": 0, "tensors": 0}.items()},
        **{f"trn.1.neuroncore_memory_usage.{k}": v for k, v in
           {"constants": 0, "model_code": 0, "model_shared_scratchpad": 0, "runtime_memory": 0, "tensors": 1048576}.items()},
    }
    probe = _core.stats_probe(wait_s=5.0)
    assert probe["trainium"] == {"name": "Trainium", "vendor": "AWS", "neuron_device_count": 1, "neuroncore_per_device_count": 2}


def test_recorded_parsers_for_absent_platforms() -> None:
    apple = {"utilization": 30.0, "mem_used": 12.5, "cpu_temp": 40.0, "gpu_temp": 50.0, "sys_power": 8.25}
    assert dict(_core.stats_parse("apple", json.dumps(apple))) == {
        "gpu.0.gpu": 30.0, "gpu.0.memoryAllocated": 12.5, "gpu.0.temp": 45.0,
        "gpu.0.powerWatts": 8.25, "gpu.0.powerPercent": 50.0,
    }
    tpu = {"tpu.runtime.hbm.memory.usage.bytes": [100, 300], "tpu.runtime.hbm.memory.total.bytes": [400, 400],
           "tpu.runtime.tensorcore.dutycycle.percent": [10.5, 20.0]}
    assert dict(_core.stats_parse("tpu", json.dumps(tpu))) == {
        "tpu.0.memoryUsageBytes": 100, "tpu.0.memoryUsage": 25.0, "tpu.1.memoryUsageBytes": 300,
        "tpu.1.memoryUsage": 75.0, "tpu.0.dutyCycle": 10.5, "tpu.1.dutyCycle": 20.0,
    }
    ipu = [{"id": "2", "user process id": "77", "average board temp (C)": "30.5C", "average die temp (C)": "33C",
            "clock (MHz)": "1330MHz", "ipu power (W)": "120W", "ipu utilisation (%)": "50%",
            "ipu utilisation (session) (%)": "25%", "speed (GT/s)": "8.0GT/s", "serial": "x"},
           {"id": "3", "user process id": "5", "ipu power (W)": "1W"}]
    assert dict(_core.stats_parse("ipu", json.dumps(ipu), pid=77)) == {
        "ipu.2.average board temp (C)": 30.5, "ipu.2.average die temp (C)": 33.0, "ipu.2.clock (MHz)": 1330.0,
        "ipu.2.ipu power (W)": 120.0, "ipu.2.ipu utilisation (%)": 50.0,
        "ipu.2.ipu utilisation (session) (%)": 25.0, "ipu.2.speed (GT/s)": 8.0,
    }
    with pytest.raises(ValueError, match="kind must be one of"):
        _core.stats_parse("vax", "{}")
    with pytest.raises(ValueError):
        _core.stats_parse("rocm", "garbage")
