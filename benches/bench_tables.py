#!/usr/bin/env python
"""Benchmark wandb.Table and wandb.Histogram: Vireo against wandb 0.21.3 in one invocation.

    .venv/bin/python benches/bench_tables.py [--quick] [--json out.json]

Measures, per side (each a fresh offline subprocess running _bench_tables_body.py):
Table of 10k rows x 5 columns (int, float, str, bool, int) constructed and logged with run.log
(which writes the table file and, where artifacts are available, the run_table artifact), and
wandb.Histogram of 1e6 float64 values (ndarray and list). Prints the ratios wandb/ours of the
best of N repetitions (the table's median is in the --json output).
Targets: table construct+log <= 1/10 of wandb's time; histogram <= 1/2.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench_common as bc  # noqa: E402

BODY = bc.BENCH_DIR / "_bench_tables_body.py"
SIZES = {
    "full": {"rows": 10_000, "table_repeats": 5, "hist_n": 1_000_000, "hist_repeats": 15},
    "quick": {"rows": 10_000, "table_repeats": 2, "hist_n": 1_000_000, "hist_repeats": 5},
}
TARGETS = {"table": 10.0, "hist_ndarray": 2.0}


def _log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def run_side(side: str, python: str, cfg: Dict[str, Any], keep: bool, timeout_s: float) -> Dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix=f"vireo-bench-tables-{side}-"))
    out: Dict[str, Any] = {"side": side, "python": python}
    try:
        env = bc.isolated_env(root, keep_pythonpath=(side == "ours"))
        if side == "ours":
            probe = subprocess.run([python, "-c", "import wandb"], cwd=str(root), env=env,
                                   capture_output=True, text=True)
            if probe.returncode != 0:
                env["PYTHONPATH"] = str(bc.REPO_ROOT / "python")
        cfg_path, res_path = root / "cfg.json", root / "result.json"
        cfg_path.write_text(json.dumps(cfg))
        _log(f"{side}: {cfg}")
        proc = subprocess.run([python, str(BODY), str(cfg_path), str(res_path)], cwd=str(root), env=env,
                              capture_output=True, text=True, timeout=timeout_s)
        if res_path.exists():
            out["result"] = json.loads(res_path.read_text())
        out["ok"] = proc.returncode == 0 and out.get("result", {}).get("ok", False)
        if not out["ok"]:
            out["error"] = out.get("result", {}).get("error", "") + proc.stderr[-3000:]
    except Exception as exc:
        out["ok"] = False
        out["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    return out


def _get(side: Optional[Dict[str, Any]], *path: str) -> Optional[float]:
    cur: Any = (side or {}).get("result") if (side or {}).get("ok") else None
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    return cur


def report(ours: Dict[str, Any], ref: Optional[Dict[str, Any]]) -> str:
    rows = []
    metrics = [
        ("Table 10k x 5: construct + log", ("table", "total_s"), "table"),
        ("Table 10k x 5: construct", ("table", "construct_s"), None),
        ("Table 10k x 5: run.log", ("table", "log_s"), None),
        ("Histogram 1e6 float64 (ndarray)", ("hist_ndarray", "min_s"), "hist_ndarray"),
        ("Histogram 1e6 floats (list)", ("hist_list", "min_s"), None),
    ]
    for name, path, target_key in metrics:
        o, r = _get(ours, *path), _get(ref, *path)
        ratio = (r / o) if (o and r) else None
        target = f">= {TARGETS[target_key]:.0f}x" if target_key else ""
        ok = "" if ratio is None or not target_key else ("ok" if ratio >= TARGETS[target_key] else "MISSED")
        rows.append([name, bc.fmt_num(o * 1e3 if o else None, "ms"), bc.fmt_num(r * 1e3 if r else None, "ms"),
                     bc.fmt_ratio(ratio), target, ok])
    return bc.render_table(["metric", "ours", "wandb 0.21.3", "wandb/ours", "target", ""], rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--only", choices=["ours", "ref"])
    ap.add_argument("--ours-python", default=sys.executable)
    ap.add_argument("--ref-python")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--timeout", type=float, default=600.0)
    args = ap.parse_args()
    cfg = SIZES["quick" if args.quick else "full"]
    ref_python = args.ref_python or os.environ.get("VIREO_REF_PYTHON", "").strip() or None
    if ref_python is None:
        default = Path.home() / ".cache/vireo/ref-wandb-0.21.3/bin/python"
        ref_python = str(default) if default.exists() else None
    ours = run_side("ours", args.ours_python, cfg, args.keep, args.timeout) if args.only != "ref" else {}
    ref = None
    if args.only != "ours" and ref_python:
        ref = run_side("ref", ref_python, cfg, args.keep, args.timeout)
    print(report(ours, ref))
    for side in (ours, ref):
        if side and not side.get("ok"):
            print(f"\n{side.get('side')} failed:\n{side.get('error', '')}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps({"ours": ours, "ref": ref, "config": cfg}, indent=2))
    return 0 if all(s.get("ok") for s in (ours, ref) if s) else 1


if __name__ == "__main__":
    sys.exit(main())
