"""System-metrics sampler cost (issue 5).

    .venv/bin/python benches/bench_stats.py            # ~30 s
    .venv/bin/python benches/bench_stats.py --quick    # ~8 s
    .venv/bin/python benches/bench_stats.py --json out.json

Measures, in this process (the sampler is an in-process Rust thread):
1. CPU time of one sampling tick without GPUs (/proc, statvfs, network), target <= 1 ms;
2. the same with a fake NVML of 8 devices (built here with gcc from tests/stats/fake_nvml.c,
   every device "used" by this process so the gpu.process.* set is sampled too);
3. CPU use of the sampler thread at a 1 s interval, as a percent of one core, target <= 0.5%;
4. RSS growth over 10,000 ticks (with the 8-GPU fake NVML), target: none.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "python"))

from wandb import _core  # noqa: E402


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def thread_cpu_s(name: str) -> float | None:
    """utime+stime of this process's thread called ``name``."""
    tck = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/comm") as f:
                if f.read().strip() != name:
                    continue
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tck
        except OSError:
            continue
    return None


def build_fake_nvml(tmp: str) -> str | None:
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        return None
    out = os.path.join(tmp, "libfake-nvml.so")
    subprocess.run([cc, "-shared", "-fPIC", "-O2", "-o", out, str(REPO / "tests/stats/fake_nvml.c")], check=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="shorter runs")
    ap.add_argument("--json", help="also write the numbers to this file")
    args = ap.parse_args()
    os.environ.setdefault("VIREO_ROCM_SMI", "/nonexistent")
    os.environ.setdefault("VIREO_NEURON_MONITOR", "/nonexistent")
    ticks = 500 if args.quick else 2000
    cpu_window = 5.0 if args.quick else 20.0
    results: dict = {}

    base = {"accelerators": False}
    r = _core.stats_tick_bench(base, ticks)
    results["tick_no_gpu"] = r
    print(f"tick, no GPU:        {r['cpu_s_per_tick'] * 1e6:8.1f} us CPU  {r['wall_s_per_tick'] * 1e6:8.1f} us wall  "
          f"({r['metrics']} metrics; target <= 1000 us CPU)")

    with tempfile.TemporaryDirectory() as tmp:
        nvml = build_fake_nvml(tmp)
        gpu_opts = None
        if nvml is None:
            print("tick, 8 fake GPUs:   skipped (no C compiler)")
        else:
            os.environ["FAKE_NVML_COUNT"] = "8"
            os.environ["FAKE_NVML_PID"] = str(os.getpid())
            gpu_opts = {"nvml_path": nvml}
            r = _core.stats_tick_bench(gpu_opts, ticks)
            results["tick_8_gpus"] = r
            print(f"tick, 8 fake GPUs:   {r['cpu_s_per_tick'] * 1e6:8.1f} us CPU  {r['wall_s_per_tick'] * 1e6:8.1f} us wall  "
                  f"({r['metrics']} metrics; sources {r['sources']})")

        sampler = _core.Sampler({"interval": 1.0, **(gpu_opts or base)})
        time.sleep(0.2)
        c0, t0 = thread_cpu_s("vireo-stats") or 0.0, time.monotonic()
        time.sleep(cpu_window)
        c1, t1 = thread_cpu_s("vireo-stats") or 0.0, time.monotonic()
        sampler.stop()
        pct = (c1 - c0) / (t1 - t0) * 100
        results["sampler_cpu_percent_1s"] = pct
        print(f"sampler at 1 s:      {pct:8.3f} % of one core over {t1 - t0:.0f} s "
              f"(clock-tick resolution {100 / os.sysconf('SC_CLK_TCK') / (t1 - t0):.3f} %; target <= 0.5 %)")

        opts = gpu_opts or base
        _core.stats_tick_bench(opts, 1000)
        before = rss_kb()
        for _ in range(10):
            _core.stats_tick_bench(opts, 1000)
        after = rss_kb()
        results["rss_kb_before_after_10000_ticks"] = [before, after]
        print(f"RSS over 10,000 ticks: {before} kB -> {after} kB ({after - before:+d} kB)")

    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
