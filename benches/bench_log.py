#!/usr/bin/env python
"""Benchmark `run.log`, import, init, finish and memory: Vireo against wandb 0.21.3.

    .venv/bin/python benches/bench_log.py [--quick] [--json out.json]

Our side runs under this interpreter (or --ours-python), the reference side under
VIREO_REF_PYTHON (or --ref-python; when neither is given, `ci/ref_venv.sh` is run to make or
find it). Both run the same benchmark body (_bench_log_body.py) as a fresh subprocess, in
offline mode with HOME and WANDB_DIR in a temp dir. See benches/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench_common as bc  # noqa: E402

BODY = bc.BENCH_DIR / "_bench_log_body.py"

# Step counts: each side should run for a few seconds per pass.
SIZES = {
    "full": {
        "ours": {"steps10": 100_000, "steps100": 30_000, "lat10": 50_000, "lat100": 20_000,
                 "warmup": 2_000},
        "ref": {"steps10": 20_000, "steps100": 5_000, "lat10": 10_000, "lat100": 3_000,
                "warmup": 1_000},
        "import_repeats": 5,
    },
    "quick": {
        "ours": {"steps10": 10_000, "steps100": 3_000, "lat10": 5_000, "lat100": 2_000,
                 "warmup": 500},
        "ref": {"steps10": 2_000, "steps100": 500, "lat10": 1_000, "lat100": 500,
                "warmup": 200},
        "import_repeats": 3,
    },
}

TARGETS = {
    "throughput_x": 50.0,    # ours steps/s >= 50x wandb's
    "floor_x": 2.0,          # ours time per call <= 2x a no-op Python function (10 scalars)
    "p99_us": 50.0,          # per-call p99
    "import_ms": 150.0,
    "init_ms": 30.0,
    "finish_ms": 50.0,
    "rss_frac": 1.0 / 3.0,   # ours peak RSS <= 1/3 of wandb's (python + wandb-core)
}


# ---------------------------------------------------------------- running one side

def _log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def _probe_import(python: str, cwd: Path, env: Dict[str, str]) -> subprocess.CompletedProcess:
    code = "import wandb; print(wandb.__file__); print(getattr(wandb, '__version__', '?'))"
    return subprocess.run([python, "-c", code], cwd=str(cwd), env=env, capture_output=True,
                          text=True, timeout=120)


def _ours_env(root: Path) -> Dict[str, str]:
    """Our side's environment: make sure `import wandb` finds this repo's package."""
    env = bc.isolated_env(root, keep_pythonpath=True)
    return env


def run_side(side: str, python: str, sizes: Dict[str, int], import_repeats: int,
             keep: bool, timeout_s: float) -> Dict[str, Any]:
    """Run the import timing and the benchmark body for one side; never raises."""
    root = Path(tempfile.mkdtemp(prefix=f"vireo-bench-{side}-"))
    out: Dict[str, Any] = {"side": side, "python": python, "tmp_dir": str(root), "config": sizes}
    try:
        if side == "ours":
            env = _ours_env(root)
            probe = _probe_import(python, root, env)
            if probe.returncode != 0:
                src = str(bc.REPO_ROOT / "python")
                env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"]
                                           if env.get("PYTHONPATH") else "")
                out["note"] = f"wandb not importable as installed; using PYTHONPATH={src}"
                probe = _probe_import(python, root, env)
        else:
            env = bc.isolated_env(root, keep_pythonpath=False)
            probe = _probe_import(python, root, env)
        if probe.returncode != 0:
            out["ok"] = False
            out["error"] = f"`import wandb` failed:\n{probe.stderr[-3000:]}"
            return out
        wandb_file, version = probe.stdout.strip().splitlines()[-2:]
        out["wandb_file"], out["wandb_version"] = wandb_file, version
        if side == "ours" and not wandb_file.startswith(str(bc.REPO_ROOT)):
            out["warning"] = f"our side imports wandb from {wandb_file}, not from this repo"

        _log(f"{side}: import time x{import_repeats}")
        out["import"] = bc.import_time_s(python, root, env, repeats=import_repeats)

        cfg_path, res_path, log_path = root / "cfg.json", root / "result.json", root / "body.log"
        cfg_path.write_text(json.dumps(dict(sizes, project=f"bench-{side}")))
        _log(f"{side}: body {sizes}")
        with open(log_path, "wb") as logf:
            t0 = time.perf_counter()
            proc = subprocess.Popen([python, str(BODY), str(cfg_path), str(res_path)],
                                    cwd=str(root), env=env, stdout=logf, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
            sampler = bc.TreeRssSampler(proc.pid).start()
            try:
                rc = proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                rc = proc.wait()
                out["error"] = f"benchmark body timed out after {timeout_s:.0f} s"
            finally:
                sampler.stop()
            out["body_wall_s"] = time.perf_counter() - t0
        out["rss"] = sampler.report()
        out["body_rc"] = rc
        if res_path.exists():
            out["result"] = json.loads(res_path.read_text())
        out["ok"] = rc == 0 and out.get("result", {}).get("ok", False)
        if out["ok"]:
            out["txlog_bytes"] = _txlog_sizes(root, out["result"])
        if not out["ok"]:
            tail = log_path.read_text(errors="replace")[-3000:]
            err = out.get("result", {}).get("error", "")
            out["error"] = (out.get("error", "") + "\n" + err + "\n--- output tail ---\n" + tail)
    except Exception as exc:  # a broken side must not hide the other one
        out["ok"] = False
        out["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    return out


def _txlog_sizes(root: Path, result: Dict[str, Any]) -> Dict[str, Optional[int]]:
    """Size of each run's transaction log (run-<id>.wandb), by run (a / b)."""
    sizes: Dict[str, Optional[int]] = {}
    for label in ("a", "b"):
        run_id = result.get(f"run_{label}_id")
        found = list(root.glob(f"wandb/*-{run_id}/run-{run_id}.wandb")) if run_id else []
        sizes[label] = found[0].stat().st_size if found else None
    return sizes


def resolve_ref_python(arg: Optional[str], setup: bool) -> Optional[str]:
    """--ref-python, else $VIREO_REF_PYTHON, else the path printed by ci/ref_venv.sh."""
    if arg:
        return arg
    env = os.environ.get("VIREO_REF_PYTHON", "").strip()
    if env:
        return env
    if not setup:
        return None
    script = bc.REPO_ROOT / "ci" / "ref_venv.sh"
    _log(f"VIREO_REF_PYTHON unset; running {script.relative_to(bc.REPO_ROOT)}")
    proc = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        _log(f"ci/ref_venv.sh failed:\n{proc.stderr[-2000:]}")
        return None
    return proc.stdout.strip().splitlines()[-1]


# ---------------------------------------------------------------- derived metrics

def _get(side: Optional[Dict[str, Any]], *path: str) -> Optional[float]:
    cur: Any = side
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    return cur if isinstance(cur, (int, float)) else None


def _div(a: Optional[float], b: Optional[float]) -> Optional[float]:
    if a is None or b is None or b == 0:
        return None
    return a / b


def _wandb_rss(side: Optional[Dict[str, Any]]) -> Dict[str, Optional[float]]:
    """Peak RSS of the benchmark's python process and of its wandb-core child(ren)."""
    rss = (side or {}).get("rss", {})
    core = [p["peak_rss_mib"] for p in rss.get("processes", []) if "wandb-core" in p["name"]]
    return {"python": rss.get("root_peak_rss_mib"), "core": sum(core) if core else None}


def derive(ours: Optional[Dict[str, Any]], ref: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Rows of the report: name, ours, wandb, ratio (with its direction), target, ok."""
    o = (ours or {}).get("result") if (ours or {}).get("ok") else None
    r = (ref or {}).get("result") if (ref or {}).get("ok") else None
    o_side = ours if o else None
    r_side = ref if r else None
    T = TARGETS
    rows: List[Dict[str, Any]] = []

    def add(name, unit, ov, rv, ratio, ratio_kind, target, ok):
        rows.append({"metric": name, "unit": unit, "ours": ov, "wandb": rv, "ratio": ratio,
                     "ratio_kind": ratio_kind, "target": target, "ok": ok})

    def ge(x, t):
        return None if x is None else x >= t

    def le(x, t):
        return None if x is None else x <= t

    for n in ("10", "100"):
        o_sps, r_sps = _get(o, f"log{n}", "steps_per_s"), _get(r, f"log{n}", "steps_per_s")
        ratio = _div(o_sps, r_sps)
        add(f"log {n} scalars: throughput", "steps/s", o_sps, r_sps, ratio, "ours/wandb",
            f">= {T['throughput_x']:.0f}x wandb", ge(ratio, T["throughput_x"]))
    for n in ("10", "100"):
        for q in ("p50", "p99"):
            ov, rv = _get(o, f"lat{n}", f"{q}_us"), _get(r, f"lat{n}", f"{q}_us")
            target = f"<= {T['p99_us']:.0f} us" if q == "p99" else ""
            ok = le(ov, T["p99_us"]) if q == "p99" else None
            add(f"log {n} scalars: {q} latency", "us", ov, rv, _div(rv, ov), "wandb/ours",
                target, ok)
    for n in ("10", "100"):
        o_us, f_us = _get(o, f"log{n}", "us_per_call"), _get(o, f"floor{n}", "us_per_call")
        ratio = _div(o_us, f_us)
        target = f"<= {T['floor_x']:.0f}x floor" if n == "10" else ""
        add(f"log {n} scalars: per call vs no-op floor ({fmt_us(f_us)})", "us",
            o_us, _get(r, f"log{n}", "us_per_call"), ratio, "ours/floor", target,
            le(ratio, T["floor_x"]) if n == "10" else None)
    for n in ("10", "100"):
        o_us, f_us = _get(o, f"log{n}", "us_per_call"), _get(o, f"copyfloor{n}", "us_per_call")
        add(f"log {n} scalars: per call vs dict(d) floor ({fmt_us(f_us)})", "us", o_us,
            _get(r, f"log{n}", "us_per_call"), _div(o_us, f_us), "ours/floor", "", None)

    o_imp = _get(ours if o else None, "import", "median_s")
    r_imp = _get(ref if r else None, "import", "median_s")
    o_imp, r_imp = _ms(o_imp), _ms(r_imp)
    add("import wandb (median, fresh process)", "ms", o_imp, r_imp, _div(r_imp, o_imp),
        "wandb/ours", f"<= {T['import_ms']:.0f} ms", le(o_imp, T["import_ms"]))
    o_init, r_init = _ms(_get(o, "init_s")), _ms(_get(r, "init_s"))
    add("wandb.init offline (first in process)", "ms", o_init, r_init, _div(r_init, o_init),
        "wandb/ours", f"<= {T['init_ms']:.0f} ms", le(o_init, T["init_ms"]))
    o_init2, r_init2 = _ms(_get(o, "init2_s")), _ms(_get(r, "init2_s"))
    add("wandb.init offline (second run)", "ms", o_init2, r_init2, _div(r_init2, o_init2),
        "wandb/ours", "", None)
    o_fin, r_fin = _ms(_get(o, "finish_s")), _ms(_get(r, "finish_s"))
    o_n, r_n = _get(o, "finish_after_steps"), _get(r, "finish_after_steps")
    steps = f"{_k(o_n)} / {_k(r_n)} steps"
    add(f"run.finish after log (ours / wandb: {steps})", "ms", o_fin, r_fin, _div(r_fin, o_fin),
        "wandb/ours", f"<= {T['finish_ms']:.0f} ms", le(o_fin, T["finish_ms"]))

    o_b, r_b = _get(o_side, "txlog_bytes", "a"), _get(r_side, "txlog_bytes", "a")
    o_bps, r_bps = _div(o_b, o_n), _div(r_b, r_n)
    add("transaction log size, 10-scalar run", "B/step", o_bps, r_bps, _div(o_bps, r_bps),
        "ours/wandb", "", None)

    o_rss = _get(o_side, "rss", "peak_tree_rss_mib")
    r_rss = _get(r_side, "rss", "peak_tree_rss_mib")
    frac = _div(o_rss, r_rss)
    add("peak RSS, process tree", "MiB", o_rss, r_rss, frac, "ours/wandb",
        "<= 0.33x wandb", le(frac, T["rss_frac"]))
    wr = _wandb_rss(r_side)
    add("  peak RSS, python process", "MiB", _wandb_rss(o_side)["python"], wr["python"],
        _div(_wandb_rss(o_side)["python"], wr["python"]), "ours/wandb", "", None)
    add("  peak RSS, wandb-core process", "MiB", None, wr["core"], None, "", "", None)
    return rows


def _ms(s: Optional[float]) -> Optional[float]:
    return None if s is None else s * 1000.0


def _k(n: Optional[float]) -> str:
    return "n/a" if n is None else (f"{n / 1000:.0f}k" if n >= 1000 else f"{n:.0f}")


def fmt_us(x: Optional[float]) -> str:
    return "n/a" if x is None else f"floor {x:.3f} us"


def render(rows: List[Dict[str, Any]]) -> str:
    table = []
    for row in rows:
        ratio = row["ratio"]
        kind = row["ratio_kind"]
        if ratio is None:
            rtxt = "n/a" if kind else ""
        elif kind == "wandb/ours":
            rtxt = f"{bc.fmt_ratio(ratio)} faster" if ratio >= 1 else f"{bc.fmt_ratio(1 / ratio)} slower"
        else:
            rtxt = f"{bc.fmt_ratio(ratio)} ({kind})"
        status = {True: "ok", False: "MISS", None: ""}[row["ok"]]
        if row["target"] and row["ok"] is None:
            status = "n/a"
        unit = row["unit"]
        table.append([row["metric"], bc.fmt_num(row["ours"], unit), bc.fmt_num(row["wandb"], unit),
                      rtxt, row["target"], status])
    return bc.render_table(["metric", "vireo", "wandb 0.21.3", "ratio", "target", "status"],
                           table)


# ---------------------------------------------------------------- main

def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="short smoke run (small step counts)")
    ap.add_argument("--json", metavar="PATH", help="write all results and derived rows to PATH")
    ap.add_argument("--ours-python", default=sys.executable,
                    help="interpreter for our side (default: this one)")
    ap.add_argument("--ref-python", help="wandb 0.21.3 interpreter (default: $VIREO_REF_PYTHON)")
    ap.add_argument("--no-ref-setup", action="store_true",
                    help="do not run ci/ref_venv.sh when no reference interpreter is given")
    ap.add_argument("--only", choices=("ours", "ref"), help="run one side only")
    ap.add_argument("--keep", action="store_true", help="keep the temp dirs (paths in the JSON)")
    ap.add_argument("--timeout", type=float, default=900.0, help="per-side timeout, seconds")
    args = ap.parse_args(argv)

    mode = "quick" if args.quick else "full"
    sizes = SIZES[mode]
    results: Dict[str, Any] = {
        "mode": mode,
        "targets": TARGETS,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "python": sys.version.split()[0]},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    ours = ref = None
    if args.only != "ref":
        ours = run_side("ours", args.ours_python, sizes["ours"], sizes["import_repeats"],
                        args.keep, args.timeout)
    if args.only != "ours":
        ref_py = resolve_ref_python(args.ref_python, not args.no_ref_setup)
        if ref_py:
            ref = run_side("ref", ref_py, sizes["ref"], sizes["import_repeats"], args.keep,
                           args.timeout)
        else:
            ref = {"side": "ref", "ok": False,
                   "error": "no reference interpreter: set VIREO_REF_PYTHON or pass --ref-python"}
    results["ours"], results["ref"] = ours, ref
    rows = derive(ours, ref)
    results["rows"] = rows

    print(f"Vireo run.log benchmark ({mode}) on {results['machine']['platform']}, "
          f"{results['machine']['cpus']} CPUs, offline mode")
    for side in (ours, ref):
        if not side:
            continue
        label = "vireo" if side["side"] == "ours" else "wandb"
        if side.get("ok"):
            cfg = side["config"]
            print(f"  {label}: wandb {side.get('wandb_version')} from {side.get('wandb_file')}; "
                  f"steps: {cfg['steps10']} x10 scalars, {cfg['steps100']} x100, "
                  f"latency passes {cfg['lat10']} / {cfg['lat100']} calls")
            for key in ("note", "warning"):
                if side.get(key):
                    print(f"    {key}: {side[key]}")
        else:
            print(f"  {label}: FAILED\n" + _indent(side.get("error", "?").strip(), "    | "))
    print()
    print(render(rows))
    missed = [r["metric"].strip() for r in rows if r["ok"] is False]
    print()
    if missed:
        print("Missed targets: " + "; ".join(missed))
        print("Profile our side with: .venv/bin/python benches/profile_log.py")
    elif all(r["ok"] for r in rows if r["target"]):
        print("All targets met.")

    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))
        print(f"Results written to {args.json}")
    return 0 if (ours is None or ours.get("ok")) and (ref is None or ref.get("ok")) else 1


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines()[-40:])


if __name__ == "__main__":
    sys.exit(main())
