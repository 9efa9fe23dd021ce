"""Online: the sampler's stats records reach the server as ``wandb-events.jsonl`` lines
(``system.``-prefixed keys, ``_wandb``, ``_timestamp``, ``_runtime``) and the GPU metadata
reaches ``wandb-metadata.json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("starlette")


def test_events_stream_and_metadata(tmp_path: Path, fake_nvml: str) -> None:
    from wandb.server import start_in_thread

    handle = start_in_thread(str(tmp_path / "server"), port=0)
    try:
        home = tmp_path / "home"
        env = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_")}
        env.update({
            "WANDB_BASE_URL": handle.url, "WANDB_API_KEY": handle.admin_key, "WANDB_MODE": "online",
            "WANDB_DIR": str(tmp_path), "HOME": str(home), "WANDB_CONFIG_DIR": str(home / "c"),
            "WANDB_CACHE_DIR": str(home / "k"), "WANDB_DATA_DIR": str(home / "d"), "WANDB_CONSOLE": "off",
            "WANDB_X_FILE_STREAM_TRANSMIT_INTERVAL": "0.1",
            "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "python"),
            "VIREO_NVML_PATH": fake_nvml, "FAKE_NVML_COUNT": "1",
            "VIREO_ROCM_SMI": "/nonexistent", "VIREO_NEURON_MONITOR": "/nonexistent",
        })
        script = tmp_path / "train.py"
        script.write_text(textwrap.dedent("""
            import time, wandb
            run = wandb.init(project="stats", settings=wandb.Settings(x_stats_sampling_interval=0.1))
            run.log({"loss": 1.0})
            time.sleep(1.0)
            run.finish()
            print("RUN", run.entity, run.id)
        """))
        out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=120, check=True).stdout
        entity, run_id = out.split("RUN ", 1)[1].split()

        from wandb.apis.public import Api

        run = Api(overrides={"base_url": handle.url}, api_key=handle.admin_key).run(f"{entity}/stats/{run_id}")
        rows = run.history(stream="system", pandas=False)
        assert len(rows) >= 3
        row = rows[-1]
        for key in ("system.cpu", "system.memory_percent", "system.proc.memory.rssMB", "system.disk./.usageGB",
                    "system.network.sent", "system.gpu.0.gpu", "system.gpu.0.powerWatts"):
            assert key in row, (key, sorted(row))
        assert row["system.gpu.0.temp"] == 40 and row["_runtime"] > 0 and row["_timestamp"] > 1.6e9
        meta = json.loads(run.file("wandb-metadata.json").download(root=str(tmp_path / "dl"), replace=True).read())
        assert meta["gpu"] == "Fake H100 #0" and meta["gpu_count"] == 1 and meta["cudaVersion"] == "12.4"
        assert meta["gpu_nvidia"] == [{"name": "Fake H100 #0", "memoryTotal": str(16 << 30), "cudaCores": 16896,
                                       "architecture": "Hopper", "uuid": "GPU-fake-0"}]
    finally:
        handle.stop()
