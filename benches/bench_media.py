#!/usr/bin/env python
"""Benchmark media logging: Vireo against wandb 0.21.3, side by side in one invocation.

    .venv/bin/python benches/bench_media.py [--quick] [--json out.json] [--ref-python PATH]

Cases (each side runs the same body in a fresh offline process):
- image: ``run.log({"img": wandb.Image(arr)})`` for a 256×256×3 uint8 array (construct + log),
  a fresh random array per call (target: ours <= 1/4 of wandb's time);
- video: ``wandb.Video(10×3×100×100 uint8, fps=4, format="gif")`` construct + log;
- histogram: ``wandb.Histogram(1e6 normal values)`` construct + log (target <= 1/2).
The reference interpreter is --ref-python, else $VIREO_REF_PYTHON, else ``ci/ref_venv.sh``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench_common as bc  # noqa: E402
from bench_log import resolve_ref_python  # noqa: E402

TARGETS = {"image": 0.25, "histogram": 0.5}

BODY = r'''
import json, sys, time
import numpy as np
import wandb

cfg = json.loads(sys.argv[1])
rng = np.random.default_rng(0)
run = wandb.init(mode="offline", project="bench-media")
out = {}

def per_call(fn, n, warmup):
    for i in range(warmup):
        fn(i)
    t0 = time.perf_counter()
    for i in range(n):
        fn(i)
    return (time.perf_counter() - t0) / n

imgs = [rng.integers(0, 256, (256, 256, 3), dtype=np.uint8) for _ in range(16)]
out["image_s"] = per_call(lambda i: run.log({"img": wandb.Image(imgs[i % 16])}), cfg["images"], 3)
vid = rng.integers(0, 256, (10, 3, 100, 100), dtype=np.uint8)
out["video_s"] = per_call(lambda i: run.log({"vid": wandb.Video(vid, fps=4, format="gif")}), cfg["videos"], 1)
vals = rng.normal(size=1_000_000)
try:
    out["histogram_s"] = per_call(lambda i: run.log({"h": wandb.Histogram(vals)}), cfg["hists"], 1)
except Exception as e:  # Histogram belongs to the tables helper; may be missing
    out["histogram_error"] = f"{type(e).__name__}: {e}"
run.finish()
print("RESULT " + json.dumps(out))
'''

SIZES = {"full": {"images": 200, "videos": 10, "hists": 20}, "quick": {"images": 40, "videos": 3, "hists": 5}}


def run_side(side: str, python: str, sizes: Dict[str, int]) -> Dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix=f"vireo-bench-media-{side}-"))
    extra = {"WANDB_VIREO_EMBEDDED": "false"} if side == "ours" else None
    env = bc.isolated_env(root, keep_pythonpath=(side == "ours"), extra=extra)
    proc = subprocess.run([python, "-c", BODY, json.dumps(sizes)], cwd=str(root), env=env,
                          capture_output=True, text=True, timeout=1800)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return {"ok": True, **json.loads(line[7:])}
    return {"ok": False, "error": (proc.stderr or proc.stdout)[-3000:]}


def _ms(x: Optional[float]) -> str:
    return "-" if x is None else f"{x * 1e3:.2f} ms"


def main(argv: Optional[list] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--ref-python")
    ap.add_argument("--ours-python", default=sys.executable)
    ap.add_argument("--no-setup", action="store_true", help="do not run ci/ref_venv.sh")
    args = ap.parse_args(argv)
    sizes = SIZES["quick" if args.quick else "full"]
    ours = run_side("ours", args.ours_python, sizes)
    ref_python = resolve_ref_python(args.ref_python, not args.no_setup)
    ref = run_side("ref", ref_python, sizes) if ref_python else {"ok": False, "error": "no reference"}
    rows, report = [], {"ours": ours, "ref": ref, "ratios": {}}
    for case in ("image", "video", "histogram"):
        a, b = ours.get(f"{case}_s"), ref.get(f"{case}_s")
        ratio = a / b if a and b else None
        report["ratios"][case] = ratio
        target = TARGETS.get(case)
        verdict = "-" if ratio is None or target is None else ("ok" if ratio <= target else "MISS")
        rows.append([case, _ms(a), _ms(b), "-" if ratio is None else f"{ratio:.3f}",
                     "-" if target is None else f"<= {target}", verdict])
    print(bc.render_table(["case", "ours", "wandb 0.21.3", "ours/wandb", "target", ""], rows))
    for side, res in (("ours", ours), ("ref", ref)):
        if not res.get("ok"):
            print(f"{side} failed:\n{res.get('error')}", file=sys.stderr)
        if res.get("histogram_error"):
            print(f"{side} histogram: {res['histogram_error']}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0 if ours.get("ok") and ref.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
