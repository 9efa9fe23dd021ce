#!/usr/bin/env python
"""cProfile our SDK's `run.log` loop (or init / finish) and print the top lines.

    .venv/bin/python benches/profile_log.py [--scalars 10] [--steps 100000]
                                            [--phase log|init|finish] [--sort tottime] [--top 25]

Runs in this interpreter, offline, with HOME and WANDB_DIR in a temp dir. Meant for the closing
note of bench_log.py when a target is missed. Time spent inside the Rust extension shows up as
one builtin entry (e.g. `{method 'log' of ...Stream objects}`); use `perf` for inside Rust.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench_common as bc  # noqa: E402


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scalars", type=int, default=10, help="float scalars per step (default 10)")
    ap.add_argument("--steps", type=int, default=100_000, help="profiled log calls")
    ap.add_argument("--phase", choices=("log", "init", "finish"), default="log",
                    help="what to profile (default: the run.log loop)")
    ap.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative...)")
    ap.add_argument("--top", type=int, default=25, help="lines to print")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = ap.parse_args(argv)
    if args.scalars < 1 or args.steps < 1:
        ap.error("--scalars and --steps must be >= 1")

    root = Path(tempfile.mkdtemp(prefix="vireo-profile-"))
    env = bc.isolated_env(root, keep_pythonpath=True)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(root)
    try:
        try:
            import wandb
        except ImportError:
            sys.path.insert(0, str(bc.REPO_ROOT / "python"))
            import wandb

        print(f"wandb {getattr(wandb, '__version__', '?')} from {wandb.__file__}")
        pool = bc.make_pool(args.scalars)
        prof = cProfile.Profile()

        if args.phase == "init":
            prof.enable()
            run = wandb.init(project="profile", mode="offline")
            prof.disable()
        else:
            run = wandb.init(project="profile", mode="offline")
        bc.time_loop(run.log, pool, min(2000, args.steps))
        if args.phase == "log":
            t0 = time.perf_counter()
            prof.enable()
            bc.time_loop(run.log, pool, args.steps)
            prof.disable()
            secs = time.perf_counter() - t0
            print(f"{args.steps} x run.log({args.scalars} scalars) under cProfile: {secs:.3f} s "
                  f"({secs / args.steps * 1e6:.2f} us/call with profiler overhead)")
        else:
            bc.time_loop(run.log, pool, args.steps)
        if args.phase == "finish":
            prof.enable()
            run.finish()
            prof.disable()
        else:
            run.finish()

        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
        print(buf.getvalue())
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
