"""System metrics in a real (offline) run: stats records in run-<id>.wandb, settings,
process-tree aggregation, metadata records and bad disk paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from statskit import internal_warnings

from wandb import _core

SYSTEM_KEYS = {
    "cpu", "proc.cpu.threads", "proc.memory.rssMB", "proc.memory.percent", "memory_percent",
    "proc.memory.availableMB", "disk./.usagePercent", "disk./.usageGB", "network.sent", "network.recv",
}


def run_script(tmp_path: Path, settings: dict, body: str = "time.sleep(0.8)", env: dict | None = None) -> Path:
    """Run an offline run in a subprocess; return its run directory."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    script = tmp_path / "train.py"
    head = textwrap.dedent(f"""
        import json, os, subprocess, sys, time
        import wandb
        run = wandb.init(mode="offline", project="stats", dir={str(tmp_path)!r},
                         settings=wandb.Settings(**json.loads({json.dumps(settings)!r})))
    """)
    script.write_text(head + textwrap.dedent(body).strip() + "\nrun.finish()\n")
    pyexe = sys.executable
    e = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "python"),
         "VIREO_NVML_PATH": "/nonexistent/libnvidia-ml.so", "VIREO_ROCM_SMI": "/nonexistent",
         "VIREO_NEURON_MONITOR": "/nonexistent", **(env or {})}
    subprocess.run([pyexe, str(script)], check=True, cwd=tmp_path, env=e, capture_output=True, timeout=120)
    (run_dir,) = (tmp_path / "wandb").glob("offline-run-*")
    return run_dir


def records(run_dir: Path) -> list[dict]:
    (log,) = run_dir.glob("run-*.wandb")
    return [json.loads(t) for _, t in _core.read_records(str(log))]


def stats_of(recs: list[dict]) -> list[dict]:
    out = []
    for r in recs:
        if "stats" in r:
            assert r["control"] == {"always_send": True} and "_info" not in r
            out.append({i["key"]: json.loads(i["value_json"]) for i in r["stats"]["item"]})
    return out


def test_fast_interval_produces_system_keys(tmp_path: Path) -> None:
    run_dir = run_script(tmp_path, {"x_stats_sampling_interval": 0.1})
    recs = records(run_dir)
    samples = stats_of(recs)
    assert len(samples) >= 3
    s = samples[-1]
    assert SYSTEM_KEYS <= set(s)
    assert any(k.startswith("disk.") and k.endswith(".in") for k in s)
    assert 0 < s["proc.memory.rssMB"] < 100_000
    assert 0 < s["proc.memory.percent"] < 100 and 0 < s["memory_percent"] <= 100
    assert 0 <= s["cpu"] <= 100 and s["proc.cpu.threads"] >= 2
    assert 0 < s["disk./.usagePercent"] <= 100 and s["disk./.usageGB"] > 0
    assert s["network.sent"] >= 0 and s["network.recv"] >= 0
    assert s["proc.memory.availableMB"] > 0
    # stats come after the run's opening records and before the exit record
    kinds = [next(k for k in r if k not in ("num", "control", "_info")) for r in recs]
    assert kinds.index("stats") > kinds.index("telemetry") and kinds[-1] == "exit"
    # timestamps increase by about one interval
    ts = [r["stats"]["timestamp"]["seconds"] + r["stats"]["timestamp"].get("nanos", 0) / 1e9 for r in recs if "stats" in r]
    assert all(b > a for a, b in zip(ts, ts[1:]))


def test_disable_stats_and_machine_info(tmp_path: Path) -> None:
    recs = records(run_script(tmp_path / "a", {"x_stats_sampling_interval": 0.1, "x_disable_stats": True}))
    assert not stats_of(recs) and any("environment" in r for r in recs)
    recs = records(run_script(tmp_path / "b", {"x_stats_sampling_interval": 0.1, "x_disable_machine_info": True}))
    assert not stats_of(recs) and not any("environment" in r for r in recs)
    recs = records(run_script(tmp_path / "c", {"x_stats_sampling_interval": 0.1, "x_disable_meta": True}))
    assert stats_of(recs) and not any("environment" in r for r in recs)


def test_label_and_disk_paths_with_a_missing_one(tmp_path: Path) -> None:
    run_dir = run_script(tmp_path, {"x_stats_sampling_interval": 0.1, "x_label": "rank0",
                                    "x_stats_disk_paths": ["/", "/no/such/dir", "/tmp"]})
    samples = stats_of(records(run_dir))
    assert samples and all(all(k.endswith("/l:rank0") for k in s) for s in samples)
    s = samples[-1]
    assert "disk./tmp.usageGB/l:rank0" in s and "cpu/l:rank0" in s
    assert not any("/no/such/dir" in k for k in s)
    warns = internal_warnings(str(run_dir / "logs" / "debug-internal.log"))
    assert len([w for w in warns if "/no/such/dir" in w]) == 1


def test_process_tree_aggregates_children(tmp_path: Path) -> None:
    body = """
children = [subprocess.Popen([sys.executable, "-c",
            "import time; b = bytearray(150 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); time.sleep(3)"])
            for _ in range(2)]
time.sleep(2.0)
own = {k: v for k, v in run._system_metrics.items()}
for c in children: c.kill()
"""
    samples_tree = stats_of(records(run_script(tmp_path / "tree", {
        "x_stats_sampling_interval": 0.2, "x_stats_track_process_tree": True}, body)))
    samples_one = stats_of(records(run_script(tmp_path / "one", {"x_stats_sampling_interval": 0.2}, body)))
    tree_rss = max(s["proc.memory.rssMB"] for s in samples_tree)
    one_rss = max(s["proc.memory.rssMB"] for s in samples_one)
    assert tree_rss > one_rss + 250  # two children holding 150 MB each
    assert max(s["proc.cpu.threads"] for s in samples_tree) > max(s["proc.cpu.threads"] for s in samples_one)


def test_buffer_values(tmp_path: Path) -> None:
    import time

    s = _core.Sampler({"interval": 0.05, "accelerators": False, "buffer_size": 4})
    time.sleep(0.5)
    s.stop()
    from wandb.sdk import system_stats

    sm = system_stats.system_metrics(s)
    assert set(sm) >= {"cpu", "memory_percent", "proc.memory.rssMB", "disk./.usageGB"}
    assert "proc.cpu.threads" not in sm and "network.sent" not in sm  # integer counters are not buffered
    assert all(len(v) == 4 for v in sm.values())
    t, v = sm["cpu"][-1]
    assert t.tzinfo is not None and isinstance(v, float)
    assert s.stopped


def test_metadata_records(tmp_path: Path, fake_nvml: str) -> None:
    env = {"VIREO_NVML_PATH": fake_nvml, "FAKE_NVML_COUNT": "2"}
    recs = records(run_script(tmp_path, {"x_stats_sampling_interval": 0.1, "x_stats_cpu_count": 7}, env=env))
    envs = [r["environment"] for r in recs if "environment" in r]
    assert len(envs) == 2
    first, second = envs
    assert first["os"].startswith("Linux") and first["python"].startswith("CPython")
    assert first["program"].endswith("train.py") and "host" in first and "started_at" in first
    assert second["cpu_count"] == 7 and second["cpu_count_logical"] >= 1
    assert second["gpu_type"] == "Fake H100 #0" and second["gpu_count"] == 2
    assert second["cuda_version"] == "12.4"
    assert second["gpu_nvidia"][1] == {"name": "Fake H100 #1", "memory_total": 16 << 30, "cuda_cores": 16896,
                                       "architecture": "Hopper", "uuid": "GPU-fake-1"}
    assert second["memory"]["total"] > 0 and second["disk"]["/"]["total"] > 0
    assert first["writer_id"] == second["writer_id"]
    gpu = stats_of(recs)[-1]
    assert gpu["gpu.1.temp"] == 41 and gpu["gpu.0.powerWatts"] == 100.0
    # wandb-metadata.json built from these records (what the online sender uploads)
    from wandb.sdk.online import run_files

    meta = run_files.metadata(envs)
    assert meta["gpu"] == "Fake H100 #0" and meta["gpu_count"] == 2 and meta["cudaVersion"] == "12.4"
    assert meta["gpu_nvidia"][0]["memoryTotal"] == str(16 << 30) and meta["gpu_nvidia"][0]["cudaCores"] == 16896


def test_gpu_overrides(tmp_path: Path) -> None:
    recs = records(run_script(tmp_path, {"x_stats_gpu_count": 3, "x_stats_gpu_type": "H100", "x_disable_stats": True}))
    second = [r["environment"] for r in recs if "environment" in r][1]
    assert second["gpu_type"] == "H100" and second["gpu_count"] == 3


def test_fork_child_leaves_the_sampler_alone(tmp_path: Path) -> None:
    body = """
pid = os.fork()
if pid == 0:
    run.log({"child": 1})  # ignored with a warning in the child
    del run
    import gc; gc.collect()
    os._exit(0)
os.waitpid(pid, 0)
time.sleep(0.5)
"""
    samples = stats_of(records(run_script(tmp_path, {"x_stats_sampling_interval": 0.1}, body)))
    assert len(samples) >= 3 and "cpu" in samples[-1]
