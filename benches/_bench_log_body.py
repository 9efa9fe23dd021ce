"""Benchmark body for `run.log`, run as a script under our interpreter or wandb 0.21.3's.

    python _bench_log_body.py CONFIG.json RESULT.json

CONFIG keys: steps10, steps100, lat10, lat100, warmup (ints), project (str).
Runs in the current directory with the environment it is given (bench_log.py sets offline
mode and temp HOME/WANDB_DIR). Writes RESULT.json; prints nothing of its own.

Phases:
  run A: init (timed) -> warmup -> `steps10` steps of 10 scalars (throughput) -> finish (timed)
  run B: init (timed) -> latency of `lat10` calls (10 scalars) -> `steps100` steps of 100
         scalars (throughput) -> latency of `lat100` calls (100 scalars) -> finish (timed)
  floor: the same loops calling a no-op Python function with the same dicts (and, for
         information, one that copies the dict).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench_common as bc  # noqa: E402


def _throughput(fn, pool, n):
    secs = bc.time_loop(fn, pool, n)
    return {"steps": n, "seconds": secs, "steps_per_s": n / secs if secs > 0 else float("nan"),
            "us_per_call": secs / n * 1e6}


def main(cfg_path: str, out_path: str) -> int:
    with open(cfg_path) as f:
        cfg = json.load(f)
    res = {"python": sys.executable, "pid": os.getpid()}
    try:
        t0 = time.perf_counter()
        import wandb

        res["import_in_process_s"] = time.perf_counter() - t0
        res["wandb_version"] = getattr(wandb, "__version__", "?")
        res["wandb_file"] = getattr(wandb, "__file__", "?")

        pool10 = bc.make_pool(10, seed=1)
        pool100 = bc.make_pool(100, seed=2)
        project = cfg.get("project", "vireo-bench")

        # ---- run A: init, 10-scalar throughput, finish
        t0 = time.perf_counter()
        run = wandb.init(project=project, mode="offline")
        res["init_s"] = time.perf_counter() - t0
        res["run_a_id"] = run.id
        bc.time_loop(run.log, pool10, cfg["warmup"])
        res["log10"] = _throughput(run.log, pool10, cfg["steps10"])
        res["finish_after_steps"] = cfg["warmup"] + cfg["steps10"]
        t0 = time.perf_counter()
        run.finish()
        res["finish_s"] = time.perf_counter() - t0

        # ---- run B: latency passes and 100-scalar throughput
        t0 = time.perf_counter()
        run = wandb.init(project=project, mode="offline")
        res["init2_s"] = time.perf_counter() - t0
        res["run_b_id"] = run.id
        bc.time_loop(run.log, pool10, cfg["warmup"] // 10)
        res["lat10"] = bc.summarize_ns(bc.latency_loop(run.log, pool10, cfg["lat10"]))
        bc.time_loop(run.log, pool100, cfg["warmup"] // 10)
        res["log100"] = _throughput(run.log, pool100, cfg["steps100"])
        res["lat100"] = bc.summarize_ns(bc.latency_loop(run.log, pool100, cfg["lat100"]))
        t0 = time.perf_counter()
        run.finish()
        res["finish2_s"] = time.perf_counter() - t0
        res["finish2_after_steps"] = (cfg["warmup"] // 10) * 2 + cfg["lat10"] + cfg["steps100"] \
            + cfg["lat100"]

        # ---- floor: a no-op Python function taking the same dicts
        gc.collect()
        bc.time_loop(bc.noop, pool10, cfg["warmup"])
        res["floor10"] = _throughput(bc.noop, pool10, cfg["steps10"])
        res["floor_lat10"] = bc.summarize_ns(bc.latency_loop(bc.noop, pool10, cfg["lat10"]))
        res["floor100"] = _throughput(bc.noop, pool100, cfg["steps100"])
        res["floor_lat100"] = bc.summarize_ns(bc.latency_loop(bc.noop, pool100, cfg["lat100"]))
        res["copyfloor10"] = _throughput(bc.copy_floor, pool10, cfg["steps10"])
        res["copyfloor100"] = _throughput(bc.copy_floor, pool100, cfg["steps100"])
        res["peak_rss_self_mib"] = bc.peak_rss_self_mib()
        res["ok"] = True
    except BaseException:  # report anything, including SystemExit from the SDK
        res["ok"] = False
        res["error"] = traceback.format_exc()
    with open(out_path, "w") as f:
        json.dump(res, f, indent=1)
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
