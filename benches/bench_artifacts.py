#!/usr/bin/env python
"""Benchmark artifact hashing: Vireo against wandb 0.21.3 in one invocation (issue 6).

    .venv/bin/python benches/bench_artifacts.py [--quick] [--json out.json] [--keep]

Data (under /tmp, deleted at the end): 2,000 x 64 KiB + 2 x 256 MiB files ("big"), and
10,000 x 1 KiB files ("small"). Per side, each measurement is a fresh offline process:
- add_dir of "big" with policy immutable and mutable (default): time, peak RSS;
- re-adding the unchanged directory: second add_dir in the same process, and (ours) a fresh
  process after a first one (the persistent hash cache makes this a stat per file);
- add_dir of "small";
- baselines: one core's MD5 rate (hashlib), a plain disk copy of the same bytes (cp -r).
- ours: upload to our server (a separate process on this machine, as the embedded server; our
  client copies into its blob directory) and download (skip_cache, then again) vs a disk copy
  of the same bytes measured right before (median of 3). Prints ratios wandb/ours.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench_common as bc  # noqa: E402

BODY = bc.BENCH_DIR / "_bench_artifacts_body.py"
REF_PY = os.environ.get("VIREO_REF_PYTHON") or str(Path.home() / ".cache/vireo/ref-wandb-0.21.3/bin/python")


def _log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def make_data(root: Path, n_small: int, small_kib: int, n_big: int, big_mib: int,
              n_tiny: int) -> Dict[str, Path]:
    block = os.urandom(1 << 20)
    big = root / "big"
    (big / "shards").mkdir(parents=True)
    for i in range(n_small):
        data = i.to_bytes(8, "little") + block[: small_kib * 1024 - 8]
        (big / "shards" / f"s{i:05d}.bin").write_bytes(data)
    for j in range(n_big):
        with open(big / f"large{j}.bin", "wb") as f:
            f.write(j.to_bytes(8, "little"))
            for _ in range(big_mib):
                f.write(block)
    tiny = root / "small"
    for i in range(n_tiny):
        d = tiny / f"d{i // 1000:02d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"t{i:05d}.txt").write_bytes(i.to_bytes(8, "little") * 128)
    return {"big": big, "small": tiny}


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def md5_rate_mb_s() -> float:
    buf = os.urandom(64 << 20)
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        hashlib.md5(buf).digest()
        best = max(best, len(buf) / (time.perf_counter() - t) / 1e6)
    return best


def disk_copy_s(src: Path, work: Path) -> float:
    dst = work / "copy"
    subprocess.run(["sync"], check=False)
    t = time.perf_counter()
    subprocess.run(["cp", "-r", str(src), str(dst)], check=True)
    dt = time.perf_counter() - t
    shutil.rmtree(dst)
    return dt


def run_body(side: str, python: str, mode: str, data: Path, policy: str, work: Path,
             keep_env: Path | None = None) -> Dict[str, Any]:
    root = keep_env or Path(tempfile.mkdtemp(prefix=f"vireo-bench-art-{side}-", dir=str(work)))
    env = bc.isolated_env(root, keep_pythonpath=(side == "ours"))
    if side == "ours":
        env.setdefault("PYTHONPATH", str(bc.REPO_ROOT / "python"))
    out = root / f"res-{time.time_ns()}.json"
    proc = subprocess.run([python, str(BODY), mode, str(data), policy, str(out)], cwd=str(root),
                          env=env, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0 or not out.exists():
        return {"ok": False, "error": proc.stderr[-2000:]}
    res = json.loads(out.read_text())
    res["ok"] = True
    if keep_env is None:
        shutil.rmtree(root, ignore_errors=True)
    return res


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(root: Path, key: str) -> tuple:
    import urllib.request

    port = _free_port()
    senv = bc.isolated_env(root / "server-env", keep_pythonpath=True, extra={"WANDB_SERVER_ADMIN_KEY": key})
    senv.setdefault("PYTHONPATH", str(bc.REPO_ROOT / "python"))
    proc = subprocess.Popen([sys.executable, "-m", "wandb.cli.cli", "server", "start", "--port", str(port),
                             "--data-dir", str(root / "srv")], env=senv, cwd=str(root),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except Exception:  # noqa: BLE001
            time.sleep(0.1)
    return proc, url


def _transfer_once(side: str, py: str, ours: bool, data: Path, work: Path) -> Dict[str, Any]:
    troot = Path(tempfile.mkdtemp(prefix=f"vireo-bench-art-xfer-{side}-", dir=str(work)))
    key = "bench-" + os.urandom(24).hex()
    server, url = _start_server(troot, key)
    try:
        env = bc.isolated_env(troot, keep_pythonpath=ours,
                              extra={"WANDB_MODE": None, "WANDB_BASE_URL": url, "WANDB_API_KEY": key})
        if ours:
            env.setdefault("PYTHONPATH", str(bc.REPO_ROOT / "python"))
        out = troot / "res.json"
        argv = [py, str(bc.BENCH_DIR / "_bench_artifacts_transfer.py"), str(data), str(troot), str(out)]
        proc = subprocess.run(argv, env=env, cwd=str(troot), capture_output=True, text=True, timeout=3600)
        return json.loads(out.read_text()) if out.exists() else {"ok": False, "error": proc.stderr[-2000:]}
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(troot, ignore_errors=True)


def run_transfers(data: Path, work: Path, with_ref: bool, reps: int) -> tuple:
    """Upload + download of `data` by each client to a fresh server of ours running as its own
    process (as the embedded server does; fresh, so no blob is already stored). Each transfer
    is paired with a disk copy of the same bytes measured right before it (page cache and
    writeback in the same state); ratios are per pair, reported as medians over `reps`."""
    import statistics

    plan = [("ours", sys.executable, True)]
    if with_ref:
        plan.append(("wandb", REF_PY, False))
    results = []
    for side, py, ours in plan:
        runs = []
        for k in range(reps):
            dc = disk_copy_s(data, work)
            _log(f"{side}: disk copy {dc:.2f} s; upload + download to a fresh server of ours ({k + 1}/{reps})")
            res = _transfer_once(side, py, ours, data, work)
            if not res.get("ok"):
                runs = [res]
                break
            res["disk_copy_s"] = dc
            runs.append(res)
        if not runs[0].get("ok"):
            results.append(runs[0])
            continue
        med = statistics.median
        results.append({
            "ok": True, "runs": runs,
            "disk_copy_s": med(r["disk_copy_s"] for r in runs),
            "upload_s": med(r["upload_s"] for r in runs),
            "download_s": med(r["download_s"] for r in runs),
            "upload_ratio": med(r["disk_copy_s"] / r["upload_s"] for r in runs),
            "download_ratio": med(r["disk_copy_s"] / r["download_s"] for r in runs),
        })
    return results[0], (results[1] if len(results) > 1 else {})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller data (200 x 64 KiB + 2 x 32 MiB, 2,000 small)")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--keep", action="store_true", help="keep the data under /tmp")
    ap.add_argument("--no-ref", action="store_true", help="only our side")
    ap.add_argument("--no-transfer", action="store_true", help="skip upload/download to our server")
    args = ap.parse_args()
    cfg = (dict(n_small=200, small_kib=64, n_big=2, big_mib=32, n_tiny=2000) if args.quick
           else dict(n_small=2000, small_kib=64, n_big=2, big_mib=256, n_tiny=10_000))
    work = Path(tempfile.mkdtemp(prefix="vireo-bench-artifacts-", dir="/tmp"))
    results: Dict[str, Any] = {"config": cfg, "cores": os.cpu_count()}
    try:
        _log(f"writing data under {work}")
        data = make_data(work / "data", **cfg)
        total = dir_bytes(data["big"])
        results["bytes"] = total
        results["md5_one_core_mb_s"] = md5_rate_mb_s()
        results["disk_copy_s"] = disk_copy_s(data["big"], work)
        sides = {"ours": sys.executable}
        if not args.no_ref and os.access(REF_PY, os.X_OK):
            sides["wandb"] = REF_PY
        for side, py in sides.items():
            r: Dict[str, Any] = {}
            for policy in ("immutable", "mutable"):
                _log(f"{side}: add_dir big policy={policy}")
                r[f"add_dir_{policy}"] = run_body(side, py, "readd", data["big"], policy, work)
            _log(f"{side}: add_dir small")
            r["add_dir_small"] = run_body(side, py, "add_dir", data["small"], "immutable", work)
            if side == "ours":
                # Re-add in a fresh process: same HOME, so the persistent hash cache is shared.
                env_root = Path(tempfile.mkdtemp(prefix="vireo-bench-art-readd-", dir=str(work)))
                run_body(side, py, "add_dir", data["big"], "immutable", work, keep_env=env_root)
                r["readd_new_process"] = run_body(side, py, "add_dir", data["big"], "immutable", work,
                                                  keep_env=env_root)
                shutil.rmtree(env_root, ignore_errors=True)
            results[side] = r
        if not args.no_transfer:
            results["transfer"], results["transfer_ref"] = run_transfers(data["big"], work, "wandb" in sides,
                                                                         1 if args.quick else 3)
        # Summary
        mb = total / 1e6
        lines = [f"data: {cfg['n_small']} x {cfg['small_kib']} KiB + {cfg['n_big']} x {cfg['big_mib']} MiB"
                 f" = {mb:.0f} MB; cores={os.cpu_count()}; one-core MD5 {results['md5_one_core_mb_s']:.0f} MB/s;"
                 f" target rate 0.8 x cores x md5 = {0.8 * (os.cpu_count() or 1) * results['md5_one_core_mb_s']:.0f} MB/s;"
                 f" disk copy {results['disk_copy_s']:.2f} s ({mb / results['disk_copy_s']:.0f} MB/s)"]
        for key in ("add_dir_immutable", "add_dir_mutable"):
            row = []
            for side in sides:
                res = results[side][key]
                if res.get("ok"):
                    row.append(f"{side}: {res['first_s']:.2f} s ({mb / res['first_s']:.0f} MB/s),"
                               f" re-add {res['second_s']:.3f} s, peak RSS {res['peak_rss_mib']:.0f} MiB")
                else:
                    row.append(f"{side}: FAILED {res.get('error', '')[-300:]}")
            if all(results[s][key].get("ok") for s in sides) and "wandb" in sides:
                ratio = results["wandb"][key]["first_s"] / results["ours"][key]["first_s"]
                row.append(f"speedup {ratio:.1f}x")
            lines.append(f"{key}: " + "; ".join(row))
        row = []
        for side in sides:
            res = results[side]["add_dir_small"]
            row.append(f"{side}: {res['first_s']:.2f} s" if res.get("ok") else f"{side}: FAILED")
        lines.append(f"add_dir {cfg['n_tiny']} small files: " + "; ".join(row))
        rn = results["ours"].get("readd_new_process", {})
        if rn.get("ok"):
            lines.append(f"ours re-add unchanged dir in a fresh process (persistent hash cache): {rn['first_s']:.3f} s")
        tr = results.get("transfer") or {}
        if tr.get("ok"):
            dc = tr["disk_copy_s"]
            lines.append(
                f"disk copy paired with each transfer: {dc:.2f} s (medians of {len(tr['runs'])}; ratios per pair); "
                f"ours upload to our server {tr['upload_s']:.2f} s ({mb / tr['upload_s']:.0f} MB/s, "
                f"{tr['upload_ratio']:.2f}x disk copy); download {tr['download_s']:.2f} s "
                f"({mb / tr['download_s']:.0f} MB/s, {tr['download_ratio']:.2f}x disk copy)")
        elif tr:
            lines.append(f"transfer FAILED: {tr.get('error', '')[-400:]}")
        trr = results.get("transfer_ref") or {}
        if trr.get("ok") and tr.get("ok"):
            dc = trr["disk_copy_s"]
            lines.append(
                f"disk copy paired: {dc:.2f} s; "
                f"wandb 0.21.3 upload to our server {trr['upload_s']:.2f} s ({trr['upload_ratio']:.2f}x disk copy; "
                f"ours {trr['upload_s'] / tr['upload_s']:.1f}x faster); download {trr['download_s']:.2f} s "
                f"({trr['download_ratio']:.2f}x disk copy; ours {trr['download_s'] / tr['download_s']:.1f}x faster)")
        elif trr:
            lines.append(f"wandb transfer FAILED: {trr.get('error', '')[-400:]}")
        for line in lines:
            print(line)
        results["summary"] = lines
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
