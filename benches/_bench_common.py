"""Shared timing code for the Vireo benchmarks.

Imported by the orchestrators (our interpreter) and by the benchmark body running under
either our interpreter or the wandb 0.21.3 reference interpreter, so the module itself only
uses the standard library (psutil is imported lazily by the RSS sampler, with a /proc fallback).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import threading
import time
from array import array
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
POOL_SIZE = 64  # distinct payload dicts cycled through (power of two)


# ---------------------------------------------------------------- payloads and loops

def make_pool(n_keys: int, pool: int = POOL_SIZE, seed: int = 0) -> List[Dict[str, float]]:
    """`pool` dicts of `n_keys` float scalars, same keys, different values."""
    rng = random.Random(seed)
    keys = [f"metric_{i:03d}" for i in range(n_keys)]
    return [{k: rng.random() for k in keys} for _ in range(pool)]


def noop(data: Dict[str, Any], step: Optional[int] = None, commit: Optional[bool] = None) -> None:
    """The floor: a Python function taking the same dict and doing nothing."""
    return None


def copy_floor(data: Dict[str, Any], step: Optional[int] = None,
               commit: Optional[bool] = None) -> Dict[str, Any]:
    """A second, informational floor: a Python function that snapshots the dict."""
    return dict(data)


def time_loop(fn: Callable[[Dict[str, Any]], Any], pool: Sequence[Dict[str, Any]], n: int) -> float:
    """Seconds for `n` calls of fn(payload), payloads cycled from `pool`."""
    mask = len(pool) - 1
    perf = time.perf_counter
    t0 = perf()
    for i in range(n):
        fn(pool[i & mask])
    return perf() - t0


def latency_loop(fn: Callable[[Dict[str, Any]], Any], pool: Sequence[Dict[str, Any]],
                 n: int) -> "array[int]":
    """Per-call latency in ns of `n` calls of fn(payload) (perf_counter_ns around each call)."""
    mask = len(pool) - 1
    out = array("q", bytes(8 * n))
    clock = time.perf_counter_ns
    for i in range(n):
        d = pool[i & mask]
        t0 = clock()
        fn(d)
        out[i] = clock() - t0
    return out


def percentile(sorted_vals: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of already sorted values."""
    if not sorted_vals:
        return float("nan")
    k = max(0, min(len(sorted_vals) - 1, int(round(q / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return float(sorted_vals[k])


def summarize_ns(samples: Sequence[int]) -> Dict[str, float]:
    """p50/p90/p99/p99.9/max/mean of latency samples, in microseconds."""
    s = sorted(samples)
    us = 1e-3
    return {
        "n": len(s),
        "p50_us": percentile(s, 50) * us,
        "p90_us": percentile(s, 90) * us,
        "p99_us": percentile(s, 99) * us,
        "p999_us": percentile(s, 99.9) * us,
        "max_us": (s[-1] if s else float("nan")) * us,
        "mean_us": (statistics.fmean(s) if s else float("nan")) * us,
    }


def peak_rss_self_mib() -> float:
    """Peak RSS of this process (getrusage), MiB."""
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024.0 if sys.platform != "darwin" else kb / (1024.0 * 1024.0)


# ---------------------------------------------------------------- environments

_DROP_ALWAYS = ("PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")


def isolated_env(root: Path, *, keep_pythonpath: bool,
                 extra: Optional[Dict[str, Optional[str]]] = None) -> Dict[str, str]:
    """Environment for a benchmark process: offline, HOME and wandb dirs under `root`.

    Inherited WANDB_* variables are dropped. `keep_pythonpath` False also drops PYTHONPATH
    (the reference interpreter must never see our package).
    """
    home = root / "home"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("WANDB_") and k not in _DROP_ALWAYS}
    if not keep_pythonpath:
        env.pop("PYTHONPATH", None)
    env.update(
        HOME=str(home),
        WANDB_MODE="offline",
        WANDB_DIR=str(root),
        WANDB_CONFIG_DIR=str(home / ".config" / "wandb"),
        WANDB_CACHE_DIR=str(home / ".cache" / "wandb"),
        WANDB_DATA_DIR=str(home / ".local" / "share" / "wandb"),
        PYTHONUNBUFFERED="1",
        PYTHONIOENCODING="utf-8",
    )
    for key, value in (extra or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    for key in ("WANDB_CONFIG_DIR", "WANDB_CACHE_DIR", "WANDB_DATA_DIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    return env


def import_time_s(python: str, cwd: Path, env: Dict[str, str], repeats: int = 5) -> Dict[str, Any]:
    """Median wall time of `import wandb` in fresh processes (interpreter start excluded)."""
    code = ("import time; t = time.perf_counter(); import wandb; "
            "print(repr(time.perf_counter() - t))")
    times = []
    for _ in range(repeats):
        proc = subprocess.run([python, "-c", code], cwd=str(cwd), env=env,
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"`import wandb` failed with {python}:\n{proc.stderr[-2000:]}")
        times.append(float(proc.stdout.strip().splitlines()[-1]))
    return {"median_s": statistics.median(times), "all_s": times}


# ---------------------------------------------------------------- RSS of a process tree

def _proc_rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _proc_children(pid: int) -> List[int]:
    kids: List[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    kids.extend(int(x) for x in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return kids


def _proc_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


class TreeRssSampler:
    """Samples the RSS of a process and all its descendants in a background thread.

    Records the peak of the summed RSS, and the peak RSS of each process (by pid, with its
    name), every `interval_s`.
    """

    def __init__(self, pid: int, interval_s: float = 0.01) -> None:
        self.pid = pid
        self.interval_s = interval_s
        self.peak_total = 0
        self.peak_by_pid: Dict[int, int] = {}
        self.names: Dict[int, str] = {}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _tree(self) -> List[int]:
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo.extend(_proc_children(p))
        return out

    def sample(self) -> None:
        total = 0
        for pid in self._tree():
            try:
                rss = _proc_rss_bytes(pid)
            except (OSError, ValueError, IndexError):
                continue
            total += rss
            if rss > self.peak_by_pid.get(pid, 0):
                self.peak_by_pid[pid] = rss
                # re-read at each new peak: a child seen right after fork() still has the
                # parent's name until it execs (wandb-core starts that way).
                self.names[pid] = _proc_name(pid)
        self.samples += 1
        self.peak_total = max(self.peak_total, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval_s)

    def start(self) -> "TreeRssSampler":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def report(self) -> Dict[str, Any]:
        mib = 1.0 / (1024 * 1024)
        procs = [
            {"pid": pid, "name": self.names.get(pid, "?"), "peak_rss_mib": rss * mib}
            for pid, rss in sorted(self.peak_by_pid.items(), key=lambda kv: -kv[1])
        ]
        return {"peak_tree_rss_mib": self.peak_total * mib,
                "root_peak_rss_mib": self.peak_by_pid.get(self.pid, 0) * mib,
                "processes": procs, "samples": self.samples}


# ---------------------------------------------------------------- formatting

def fmt_num(x: Optional[float], unit: str = "", digits: int = 3) -> str:
    """Human-readable number with a unit; 'n/a' for missing values."""
    if x is None or x != x:
        return "n/a"
    ax = abs(x)
    if ax >= 1e6:
        s = f"{x / 1e6:.2f}M"
    elif ax >= 1e4:
        s = f"{x / 1e3:.1f}k"
    elif ax >= 100:
        s = f"{x:.0f}"
    else:
        s = f"{x:.{digits}g}"
    return f"{s} {unit}".rstrip()


def fmt_ratio(x: Optional[float]) -> str:
    if x is None or x != x:
        return "n/a"
    if x >= 100:
        return f"{x:.0f}x"
    if x >= 10:
        return f"{x:.1f}x"
    return f"{x:.2f}x"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Plain-text table with left-aligned first column and right-aligned others."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    def line(cells: Sequence[str]) -> str:
        parts = [str(cells[0]).ljust(widths[0])]
        parts += [str(c).rjust(w) for c, w in zip(cells[1:], widths[1:])]
        return "  ".join(parts).rstrip()
    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])
