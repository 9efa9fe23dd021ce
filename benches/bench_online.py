"""Online logging benchmark: ``run.log`` throughput online vs offline, and finish latency.

The server runs in its own process (``wandb.server.start_in_thread`` in a child), as a
local server would, so it does not share this process's GIL. For each mode a fresh run
logs ``--steps`` rows of ``--keys`` float scalars; we report calls/s, the online/offline
ratio (target >= 90 %), the time ``run.finish()`` takes online after the last row (target
<= 1 s; it includes the final file_stream batch, config/summary/metadata uploads), and
the server ingest rate (rows acknowledged per second of wall time from the first log call
to the end of finish).

    .venv/bin/python benches/bench_online.py [--steps 100000] [--keys 10]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

SERVER = """
import sys, time
from wandb.server import start_in_thread
h = start_in_thread(sys.argv[1], port=0)
print(h.url, h.admin_key, flush=True)
time.sleep(1e9)
"""


def _payloads(keys: int, n: int = 64) -> list:
    import random

    rng = random.Random(0)
    names = [f"metric_{i:03d}" for i in range(keys)]
    return [{k: rng.random() for k in names} for _ in range(n)]


def _run(mode: str, steps: int, keys: int, rate: float = 0.0) -> dict:
    import wandb

    pool = _payloads(keys)
    run = wandb.init(project="bench-online", mode=mode, settings=wandb.Settings(console="off", silent=True))
    t0 = time.perf_counter()
    log = run.log
    if rate > 0:  # paced: chunks of 100 rows at `rate` rows/s
        for i in range(steps):
            log(pool[i & 63])
            if i % 100 == 99:
                ahead = t0 + (i + 1) / rate - time.perf_counter()
                if ahead > 0:
                    time.sleep(ahead)
    else:
        for i in range(steps):
            log(pool[i & 63])
    t_log = time.perf_counter() - t0
    t1 = time.perf_counter()
    run.finish()
    t_finish = time.perf_counter() - t1
    return {"log_s": t_log, "rate": steps / t_log, "finish_s": t_finish, "total_s": time.perf_counter() - t0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=100_000)
    ap.add_argument("--keys", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--paced-rate", type=float, default=20_000,
                    help="also time finish after an online run paced at this many rows/s (0 = skip)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="vireo-bench-online-")
    srv = subprocess.Popen([sys.executable, "-c", SERVER, os.path.join(work, "server")],
                           stdout=subprocess.PIPE, text=True)
    try:
        url, key = srv.stdout.readline().split()
        os.chdir(work)
        os.environ.update({"WANDB_BASE_URL": url, "WANDB_API_KEY": key, "WANDB_DIR": work,
                           "WANDB_SILENT": "true"})
        results: dict = {"offline": [], "online": []}
        for _ in range(args.repeat):
            for mode in ("offline", "online"):
                results[mode].append(_run(mode, args.steps, args.keys))
        best = {m: max(r, key=lambda x: x["rate"]) for m, r in results.items()}
        off, on = best["offline"], best["online"]
        print(f"steps={args.steps} keys={args.keys} repeat={args.repeat} (best of each)")
        print(f"offline run.log: {off['rate']:,.0f} calls/s   finish {off['finish_s']*1000:.0f} ms")
        print(f"online  run.log: {on['rate']:,.0f} calls/s   finish {on['finish_s']*1000:.0f} ms")
        ratio = on["rate"] / off["rate"]
        print(f"online/offline throughput: {ratio:.1%} (target >= 90%)")
        print(f"online finish latency after {args.steps} steps: {on['finish_s']:.3f} s (target <= 1 s)")
        print(f"server ingest: {args.steps / on['total_s']:,.0f} rows/s, "
              f"{args.steps * (args.keys + 3) / on['total_s']:,.0f} scalars/s (log start -> finish done)")
        for m in ("offline", "online"):
            print(f"  {m} runs: " + ", ".join(f"{r['rate']:,.0f}/s fin {r['finish_s']:.2f}s" for r in results[m]))
        if args.paced_rate > 0:
            paced = _run("online", args.steps, args.keys, args.paced_rate)
            print(f"online paced at {args.paced_rate:,.0f} rows/s ({paced['log_s']:.1f} s of logging): "
                  f"finish {paced['finish_s']:.3f} s after {args.steps} steps")
    finally:
        srv.kill()
        srv.wait()


if __name__ == "__main__":
    main()
