"""Same stats and environment records as the real wandb 0.21.3 (needs VIREO_REF_PYTHON):
key sets of a sample (no GPU here), record control, value encodings, label suffix, and the
keys of the two Environment records."""

from __future__ import annotations

import json
from pathlib import Path

from reftools import run_ref
from test_run_stats import records, run_script, stats_of

SCRIPT = """
import time, wandb
run = wandb.init(mode="offline", project="stats", settings=wandb.Settings(
    x_stats_sampling_interval=0.2, x_label="r0", x_stats_disk_paths=("/", "/tmp")))
time.sleep(1.2)
run.finish()
"""


def _ref_records(cwd: Path) -> list[dict]:
    run_ref(SCRIPT, cwd)
    (run_dir,) = (cwd / "wandb").glob("offline-run-*")
    return records(run_dir)


def test_same_stats_keys_and_environment_keys(isolated_wandb_env, ref_python, tmp_path: Path) -> None:
    ref = _ref_records(tmp_path / "ref")
    ours = records(run_script(tmp_path / "ours", {
        "x_stats_sampling_interval": 0.2, "x_label": "r0", "x_stats_disk_paths": ["/", "/tmp"]}, "time.sleep(1.2)"))
    ref_stats, our_stats = stats_of(ref), stats_of(ours)
    assert ref_stats and our_stats
    assert set(our_stats[-1]) == set(ref_stats[-1])
    for r in (ref, ours):
        for rec in r:
            if "stats" in rec:
                assert rec["control"] == {"always_send": True}
                assert "stats_type" not in rec["stats"]
    for k, v in our_stats[-1].items():
        assert isinstance(v, (int, float)), k
    ref_env = [r["environment"] for r in ref if "environment" in r]
    our_env = [r["environment"] for r in ours if "environment" in r]
    # the reference ran with `python -c` (no code path), ours from a file
    skip = {"args", "code_path", "code_path_local"}
    assert [set(e) - skip for e in our_env] == [set(e) - skip for e in ref_env]
    assert our_env[1]["disk"].keys() == ref_env[1]["disk"].keys()
    assert our_env[1]["cpu_count"] == ref_env[1]["cpu_count"]
    assert our_env[1]["cpu_count_logical"] == ref_env[1]["cpu_count_logical"]
    assert our_env[1]["memory"] == ref_env[1]["memory"]
    json.dumps(our_env)
