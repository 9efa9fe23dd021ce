#!/usr/bin/env python
"""Benchmark the Vireo server: file_stream ingest, `scan_history`, `history(samples=500)`.

    .venv/bin/python benches/bench_server.py [--pg-url URL] [--quick | --steps N] [--json out.json]

For SQLite (always) and PostgreSQL (with --pg-url; that database is WIPED first), a server
is started in its own process on 127.0.0.1 and filled at the wire level, exactly as the
client does it (GraphQL UpsertBucket, then file_stream POSTs of history lines with basic
auth api:<key>). Then `wandb.Api()` reads it back: ours under this interpreter and, when
available, wandb 0.21.3's under VIREO_REF_PYTHON (or the path `ci/ref_venv.sh` prints), each
in a fresh subprocess. See benches/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench_common as bc  # noqa: E402

SCRIPT = Path(__file__).resolve()
HOST = "127.0.0.1"
HISTORY = "wandb-history.jsonl"
TARGET_HISTORY_MS = 200.0  # history(samples=500) on a 1M-step run

UPSERT_BUCKET = (
    "mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String, "
    "$config: JSONString, $state: String) {\n"
    "  upsertBucket(input: {id: $id, name: $name, modelName: $project, entityName: $entity, "
    "config: $config, state: $state}) {\n"
    "    bucket { id name project { id name entity { id name } } historyLineCount }\n"
    "    inserted\n  }\n}"
)


def _log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- server child (--_serve)

def serve_main(data_dir: str, db_url: str) -> int:
    """Child process: start a server, print {url, key} on stdout, stop it when stdin closes."""
    from wandb.server import start_in_thread

    handle = start_in_thread(data_dir, port=0, db_url=db_url or None)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    print(json.dumps({"url": handle.url, "key": handle.admin_key, "pid": os.getpid()}), flush=True)
    try:
        done.wait()
    finally:
        handle.stop()
    return 0


class ServerProc:
    """A server in a child process (its own GIL), stopped on exit of the `with` block."""

    def __init__(self, data_dir: Path, db_url: Optional[str]) -> None:
        self.data_dir = data_dir
        self.db_url = db_url
        self.proc: Optional[subprocess.Popen] = None
        self.url = ""
        self.key = ""

    def __enter__(self) -> "ServerProc":
        self.proc = subprocess.Popen(
            [sys.executable, str(SCRIPT), "--_serve", str(self.data_dir), self.db_url or ""],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=str(self.data_dir.parent))
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            self.__exit__()
            raise RuntimeError("the server process exited before printing its URL")
        info = json.loads(line)
        self.url, self.key = info["url"], info["key"]
        if not self.url.startswith(f"http://{HOST}:"):
            self.__exit__()
            raise RuntimeError(f"server not on {HOST}: {self.url}")
        return self

    def cpu_s(self) -> float:
        """User + system CPU seconds of the server process so far."""
        assert self.proc is not None
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mib(self) -> float:
        assert self.proc is not None
        return bc._proc_rss_bytes(self.proc.pid) / (1024 * 1024)

    def __exit__(self, *exc: object) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()  # the child stops its server on EOF
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- the wire client (ingest)

class WireClient:
    """UpsertBucket + file_stream over one keep-alive connection, as wandb-core does."""

    def __init__(self, url: str, key: str) -> None:
        import requests

        self.base = url.rstrip("/")
        self.s = requests.Session()
        self.s.trust_env = False  # never a proxy: 127.0.0.1 only
        self.s.auth = ("api", key)
        self.s.headers["User-Agent"] = "wandb-core"

    def upsert_run(self, project: str, name: str) -> str:
        """Create the run; returns its path entity/project/name."""
        body = {"query": UPSERT_BUCKET, "operationName": "UpsertBucket",
                "variables": {"name": name, "project": project, "state": "running",
                              "config": json.dumps({"lr": {"value": 0.1}})}}
        r = self.s.post(f"{self.base}/graphql", json=body, timeout=60)
        data = r.json() if r.status_code == 200 else {}
        if r.status_code != 200 or data.get("errors"):
            raise RuntimeError(f"UpsertBucket failed: {r.status_code} {r.text[:500]}")
        b = data["data"]["upsertBucket"]["bucket"]
        return f"{b['project']['entity']['name']}/{b['project']['name']}/{b['name']}"

    def post(self, path: str, body: bytes) -> None:
        entity, project, name = path.split("/")
        r = self.s.post(f"{self.base}/files/{entity}/{project}/{name}/file_stream", data=body,
                        headers={"Content-Type": "application/json"}, timeout=300)
        if not 200 <= r.status_code < 300:
            raise RuntimeError(f"file_stream failed: {r.status_code} {r.text[:500]}")


def history_lines(n_keys: int, start: int, count: int, t0: float) -> List[str]:
    """History lines as the client writes them: user scalars plus _step/_runtime/_timestamp."""
    pool = bc.make_pool(n_keys)
    out = []
    for step in range(start, start + count):
        row = dict(pool[step & (bc.POOL_SIZE - 1)])
        rt = step * 0.001
        row.update(_step=step, _runtime=rt, _timestamp=t0 + rt)
        out.append(json.dumps(row, separators=(",", ":")))
    return out


def fs_body(offset: int, lines: List[str], summary: Optional[str] = None,
            complete: bool = False) -> bytes:
    files: Dict[str, Any] = {HISTORY: {"offset": offset, "content": lines}}
    if summary is not None:
        files["wandb-summary.json"] = {"offset": 0, "content": [summary]}
    body: Dict[str, Any] = {"files": files}
    if complete:
        body.update(complete=True, exitcode=0)
    return json.dumps(body, separators=(",", ":")).encode()


def _finish_body(last_line: str) -> bytes:
    return json.dumps({"files": {"wandb-summary.json": {"offset": 0, "content": [last_line]}},
                       "complete": True, "exitcode": 0}).encode()


def ingest_prebuilt(client: WireClient, srv: ServerProc, path: str, n_keys: int, rows: int,
                    batch: int) -> Dict[str, Any]:
    """POST `rows` rows in batches of `batch`; bodies are encoded before the clock starts."""
    t_base = time.time()
    bodies, last = [], ""
    for off in range(0, rows, batch):
        lines = history_lines(n_keys, off, min(batch, rows - off), t_base)
        bodies.append(fs_body(off, lines))
        last = lines[-1]
    lat = []
    cpu0 = srv.cpu_s()
    t0 = time.perf_counter()
    for body in bodies:
        t1 = time.perf_counter()
        client.post(path, body)
        lat.append(time.perf_counter() - t1)
    wall = time.perf_counter() - t0
    cpu = srv.cpu_s() - cpu0
    client.post(path, _finish_body(last))
    lat.sort()
    return {"rows": rows, "keys": n_keys, "batch": batch, "requests": len(bodies),
            "bytes": sum(len(b) for b in bodies), "wall_s": wall,
            "rows_per_s": rows / wall, "scalars_per_s": rows * n_keys / wall,
            "server_cpu_s": cpu, "rows_per_server_cpu_s": rows / cpu if cpu > 0 else None,
            "request_p50_ms": bc.percentile(lat, 50) * 1e3,
            "request_max_ms": lat[-1] * 1e3}


def ingest_streamed(client: WireClient, srv: ServerProc, path: str, n_keys: int, rows: int,
                    batch: int) -> Dict[str, Any]:
    """Fill a big run: an encoder thread builds bodies while the previous one is POSTed."""
    q: "queue.Queue[Optional[Tuple[bytes, str]]]" = queue.Queue(maxsize=2)
    t_base = time.time()
    stop = threading.Event()

    def produce() -> None:
        for off in range(0, rows, batch):
            if stop.is_set():
                break
            lines = history_lines(n_keys, off, min(batch, rows - off), t_base)
            q.put((fs_body(off, lines), lines[-1]))
        q.put(None)

    th = threading.Thread(target=produce, name="encoder", daemon=True)
    cpu0 = srv.cpu_s()
    t0 = time.perf_counter()
    th.start()
    last, n_req, nbytes = "", 0, 0
    try:
        while True:
            item = q.get()
            if item is None:
                break
            body, last = item
            client.post(path, body)
            n_req += 1
            nbytes += len(body)
    finally:
        stop.set()
        while th.is_alive():  # unblock the producer if we stopped early
            try:
                q.get_nowait()
            except queue.Empty:
                time.sleep(0.01)
    wall = time.perf_counter() - t0
    cpu = srv.cpu_s() - cpu0
    client.post(path, _finish_body(last))
    return {"rows": rows, "keys": n_keys, "batch": batch, "requests": n_req, "bytes": nbytes,
            "wall_s": wall, "rows_per_s": rows / wall, "scalars_per_s": rows * n_keys / wall,
            "server_cpu_s": cpu, "rows_per_server_cpu_s": rows / cpu if cpu > 0 else None}


# ---------------------------------------------------------------- the reader body (--_read)

def read_main(cfg_path: str, res_path: str) -> int:
    """Runs under our interpreter or wandb 0.21.3's: Public API reads, timed. Stdlib + wandb."""
    cfg = json.loads(Path(cfg_path).read_text())
    res: Dict[str, Any] = {"ok": False}
    try:
        t0 = time.perf_counter()
        import wandb

        res["import_s"] = time.perf_counter() - t0
        res["wandb_version"] = getattr(wandb, "__version__", "?")
        res["wandb_file"] = wandb.__file__
        t0 = time.perf_counter()
        api = wandb.Api(api_key=cfg["key"], overrides={"base_url": cfg["url"]}, timeout=120)
        res["api_init_s"] = time.perf_counter() - t0

        # history(samples=500) on the big run
        t0 = time.perf_counter()
        big = api.run(cfg["big_path"])
        res["run_fetch_s"] = time.perf_counter() - t0
        lats, rows = [], []
        for _ in range(cfg["repeats"]):
            t0 = time.perf_counter()
            rows = big.history(samples=500, pandas=False)
            lats.append(time.perf_counter() - t0)
        steps = [r.get("_step") for r in rows]
        res["history"] = {"latencies_s": lats, "median_s": statistics.median(lats),
                          "min_s": min(lats), "rows": len(rows),
                          "first_step": steps[0] if steps else None,
                          "last_step": steps[-1] if steps else None}
        want_last = cfg["big_rows"] - 1
        if len(rows) != min(500, cfg["big_rows"]) or (steps and steps[-1] != want_last):
            res["history"]["error"] = (f"expected {min(500, cfg['big_rows'])} rows ending at step "
                                       f"{want_last}, got {len(rows)} ending at {steps[-1] if steps else None}")

        # scan_history over a whole run
        run = api.run(cfg["scan_path"])
        t0 = time.perf_counter()
        n, prev, bad = 0, -1, 0
        for row in run.scan_history(page_size=cfg["page_size"]):
            st = row.get("_step")
            if st != prev + 1:
                bad += 1
            prev = st
            n += 1
        wall = time.perf_counter() - t0
        res["scan"] = {"rows": n, "wall_s": wall, "rows_per_s": n / wall if wall > 0 else None,
                       "page_size": cfg["page_size"]}
        if n != cfg["scan_rows"] or bad:
            res["scan"]["error"] = f"expected {cfg['scan_rows']} rows in step order, got {n} ({bad} out of order)"
        res["ok"] = "error" not in res["history"] and "error" not in res["scan"]
    except BaseException as exc:  # report, never hang the orchestrator
        import traceback

        res["error"] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-3000:]}"
    Path(res_path).write_text(json.dumps(res))
    return 0 if res["ok"] else 1


def _probe(python: str, cwd: Path, env: Dict[str, str]) -> subprocess.CompletedProcess:
    code = "import wandb; print(wandb.__file__); print(getattr(wandb, '__version__', '?'))"
    return subprocess.run([python, "-c", code], cwd=str(cwd), env=env, capture_output=True,
                          text=True, timeout=120)


def run_reader(side: str, python: str, srv: ServerProc, cfg: Dict[str, Any], root: Path,
               timeout_s: float) -> Dict[str, Any]:
    """Run the reader body for one side in a fresh, isolated subprocess; never raises."""
    d = root / f"read-{side}"
    d.mkdir(parents=True, exist_ok=True)
    # Anything not for 127.0.0.1 goes to a dead local proxy port instead of leaving the machine.
    extra = {"WANDB_BASE_URL": srv.url, "WANDB_API_KEY": srv.key, "WANDB_MODE": None,
             "WANDB_ERROR_REPORTING": "false", "WANDB_DISABLE_SENTRY": "true",
             "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
             "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
             "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    env = bc.isolated_env(d, keep_pythonpath=(side == "ours"), extra=extra)
    out: Dict[str, Any] = {"side": side, "python": python}
    try:
        probe = _probe(python, d, env)
        if side == "ours" and probe.returncode != 0:
            src = str(bc.REPO_ROOT / "python")
            env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
            out["note"] = f"wandb not importable as installed; using PYTHONPATH={src}"
            probe = _probe(python, d, env)
        if probe.returncode != 0:
            return dict(out, ok=False, error=f"`import wandb` failed:\n{probe.stderr[-2000:]}")
        cfg_path, res_path, log_path = d / "cfg.json", d / "result.json", d / "body.log"
        cfg_path.write_text(json.dumps(dict(cfg, url=srv.url, key=srv.key)))
        with open(log_path, "wb") as logf:
            proc = subprocess.Popen([python, str(SCRIPT), "--_read", str(cfg_path), str(res_path)],
                                    cwd=str(d), env=env, stdout=logf, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                out["error"] = f"reader timed out after {timeout_s:.0f} s"
        if res_path.exists():
            out.update(json.loads(res_path.read_text()))
        if not out.get("ok"):
            tail = log_path.read_text(errors="replace")[-2000:]
            out["ok"] = False
            out["error"] = (out.get("error") or "") + "\n--- output tail ---\n" + tail
    except Exception as exc:
        out.update(ok=False, error=f"{type(exc).__name__}: {exc}")
    return out


def resolve_ref_python(arg: Optional[str], setup: bool) -> Optional[str]:
    """--ref-python, else $VIREO_REF_PYTHON, else the path printed by ci/ref_venv.sh."""
    if arg:
        return arg
    env = os.environ.get("VIREO_REF_PYTHON", "").strip()
    if env:
        return env
    if not setup:
        return None
    _log("VIREO_REF_PYTHON unset; running ci/ref_venv.sh")
    proc = subprocess.run(["bash", str(bc.REPO_ROOT / "ci" / "ref_venv.sh")], capture_output=True,
                          text=True, timeout=900)
    if proc.returncode != 0:
        _log(f"ci/ref_venv.sh failed:\n{proc.stderr[-2000:]}")
        return None
    return proc.stdout.strip().splitlines()[-1]


def merge_rounds(rounds: List[Dict[str, Any]]) -> Dict[str, Any]:
    """One side's reader rounds: the best history median and the best scan rate (the least
    disturbed by other load); every round is kept under "rounds"."""
    bad = [r for r in rounds if not r.get("ok")]
    if bad:
        return dict(bad[0], rounds=rounds)
    best_h = min(rounds, key=lambda r: r["history"]["median_s"])
    best_s = max(rounds, key=lambda r: r["scan"]["rows_per_s"] or 0.0)
    return dict(best_h, history=best_h["history"], scan=best_s["scan"], rounds=rounds)


# ---------------------------------------------------------------- databases

def check_pg_url(url: str) -> str:
    """Accept only postgresql:// URLs on the loopback host."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres", "postgresql+psycopg"):
        raise SystemExit(f"--pg-url: expected postgresql://user:pw@127.0.0.1:port/db, got scheme {parts.scheme!r}")
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"--pg-url: only a local database (127.0.0.1) is allowed, got host {parts.hostname!r}")
    return url


def _pg_engine(url: str) -> Any:
    from wandb.server.config import ServerConfig
    from wandb.server.store import make_engine

    return make_engine(ServerConfig(data_dir=".", db_url=url).resolved_db_url())


def wipe_pg(url: str) -> None:
    """Drop every server table (the benchmark database may be wiped)."""
    from sqlalchemy import text

    from wandb.server import tables as t

    engine = _pg_engine(url)
    try:
        with engine.begin() as conn:
            t.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS vireo_schema_version"))
    finally:
        engine.dispose()


def db_size_mib(db: str, data_dir: Path, pg_url: Optional[str]) -> Optional[float]:
    try:
        if db == "sqlite":
            return sum(p.stat().st_size for p in data_dir.glob("vireo.db*")) / (1024 * 1024)
        from sqlalchemy import text

        engine = _pg_engine(pg_url or "")
        try:
            with engine.connect() as conn:
                return conn.execute(text("select pg_database_size(current_database())")).scalar() / (1024 * 1024)
        finally:
            engine.dispose()
    except Exception:
        return None


# ---------------------------------------------------------------- one database

def bench_db(db: str, pg_url: Optional[str], args: argparse.Namespace,
             readers: Sequence[Tuple[str, str]]) -> Dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix=f"vireo-bench-server-{db}-"))
    out: Dict[str, Any] = {"db": db, "tmp_dir": str(root)}
    try:
        if db == "postgresql":
            _log("postgresql: wiping the benchmark database")
            wipe_pg(pg_url or "")
        data_dir = root / "server"
        t0 = time.perf_counter()
        with ServerProc(data_dir, pg_url if db == "postgresql" else None) as srv:
            out["server_start_s"] = time.perf_counter() - t0
            client = WireClient(srv.url, srv.key)
            ingest: Dict[str, Any] = {}
            for n_keys, rows in ((10, args.ingest_rows), (100, max(1, args.ingest_rows // 5))):
                path = client.upsert_run("bench-server", f"ingest{n_keys}")
                _log(f"{db}: ingest {rows} rows of {n_keys} scalars, batches of {args.batch}")
                ingest[f"k{n_keys}"] = dict(ingest_prebuilt(client, srv, path, n_keys, rows, args.batch),
                                            path=path)
            big_path = client.upsert_run("bench-server", f"big{args.steps}")
            _log(f"{db}: fill {args.steps} rows of {args.big_keys} scalars, batches of {args.fill_batch}")
            ingest["fill"] = dict(ingest_streamed(client, srv, big_path, args.big_keys, args.steps,
                                                  args.fill_batch), path=big_path)
            out["ingest"] = ingest
            out["server_rss_mib_after_ingest"] = srv.rss_mib()
            out["db_size_mib"] = db_size_mib(db, data_dir, pg_url)
            cfg = {"big_path": big_path, "big_rows": args.steps, "scan_path": ingest["k10"]["path"],
                   "scan_rows": args.ingest_rows, "page_size": args.page_size, "repeats": args.repeats}
            rounds: Dict[str, List[Dict[str, Any]]] = {side: [] for side, _ in readers}
            for rnd in range(args.rounds):  # ABBA order: neither client always goes first
                for side, python in (readers if rnd % 2 == 0 else readers[::-1]):
                    _log(f"{db}: Public API reads ({side}, round {rnd + 1}/{args.rounds})")
                    rounds[side].append(run_reader(side, python, srv, cfg, root / f"r{rnd}", args.timeout))
            out["read"] = {side: merge_rounds(rs) for side, rs in rounds.items()}
        out["ok"] = all(r.get("ok") for r in out["read"].values())
    except Exception as exc:
        out.update(ok=False, error=f"{type(exc).__name__}: {exc}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return out


# ---------------------------------------------------------------- report

def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return a / b if a and b else None


def render(results: List[Dict[str, Any]], args: argparse.Namespace) -> str:
    lines: List[str] = []
    for res in results:
        db = res["db"]
        lines.append(f"\n== {db} ==")
        if "ingest" in res:
            rows = []
            for label, key in ((f"10 scalars, batch {args.batch}", "k10"),
                               (f"100 scalars, batch {args.batch}", "k100"),
                               (f"{args.big_keys} scalars, batch {args.fill_batch} (fill)", "fill")):
                r = res["ingest"][key]
                rows.append([label, f"{r['rows']:,}", bc.fmt_num(r["rows_per_s"], "rows/s"),
                             bc.fmt_num(r["scalars_per_s"], "scalars/s"),
                             f"{r['wall_s']:.2f} s", f"{r['server_cpu_s']:.2f} s",
                             f"{r['bytes'] / r['rows']:.0f} B"])
            lines.append("file_stream ingest (wall time of the POSTs; server in its own process)")
            lines.append(bc.render_table(["history rows", "rows", "rows/s", "scalars/s", "wall",
                                          "server CPU", "bytes/row"], rows))
            size = res.get("db_size_mib")
            lines.append(f"database size after ingest: {bc.fmt_num(size, 'MiB')}; server RSS "
                         f"{bc.fmt_num(res.get('server_rss_mib_after_ingest'), 'MiB')}")
        read = res.get("read", {})
        if read:
            ours, ref = read.get("ours", {}), read.get("ref")
            def med_ms(side: Optional[Dict[str, Any]]) -> Optional[float]:
                v = (side or {}).get("history", {}).get("median_s")
                return v * 1e3 if v is not None else None
            def scan(side: Optional[Dict[str, Any]]) -> Optional[float]:
                return (side or {}).get("scan", {}).get("rows_per_s")
            headers = ["Public API", "ours"] + (["wandb 0.21.3", "speedup", "target", "status"]
                                                if ref is not None else ["target", "status"])
            h_ours, h_ref = med_ms(ours), med_ms(ref)
            target_ok = h_ours is not None and h_ours <= TARGET_HISTORY_MS
            big_label = f"history(samples=500), {args.steps:,} steps, median of {args.repeats}"
            if args.rounds > 1:
                big_label += f", best of {args.rounds} rounds"
            r1 = [big_label, bc.fmt_num(h_ours, "ms")]
            s_ours, s_ref = scan(ours), scan(ref)
            r2 = [f"scan_history, {args.ingest_rows:,} rows of 10 scalars", bc.fmt_num(s_ours, "rows/s")]
            if ref is not None:
                r1 += [bc.fmt_num(h_ref, "ms"), bc.fmt_ratio(_ratio(h_ref, h_ours)),
                       f"<= {TARGET_HISTORY_MS:.0f} ms"]
                r2 += [bc.fmt_num(s_ref, "rows/s"), bc.fmt_ratio(_ratio(s_ours, s_ref)), ""]
            else:
                r1 += [f"<= {TARGET_HISTORY_MS:.0f} ms"]
                r2 += [""]
            r1 += ["ok" if target_ok else ("MISS" if h_ours is not None else "n/a")]
            r2 += [""]
            lines.append("")
            lines.append(bc.render_table(headers, [r1, r2]))
            if ref is not None:
                lines.append("(speedup: wandb's time / ours for history, ours rows/s / wandb's for scan; "
                             "> 1 means ours is faster; same server, same runs)")
            if args.steps < 1_000_000:
                lines.append(f"(the target is for a 1M-step run; this run has {args.steps:,} steps)")
            for side, r in read.items():
                if r.get("ok"):
                    hist = r["history"]
                    where = str(r.get("wandb_file", "?")).replace(str(bc.REPO_ROOT) + "/", "")
                    lats = "; ".join(", ".join(f"{x * 1e3:.1f}" for x in rr["history"]["latencies_s"])
                                     for rr in r.get("rounds", [r]))
                    scans = ", ".join(f"{bc.fmt_num(rr['scan']['rows_per_s'])}" for rr in r.get("rounds", [r]))
                    lines.append(f"  {side}: wandb {r.get('wandb_version')} ({where}); history latencies "
                                 + lats
                                 + f" ms ({hist['rows']} rows, steps {hist['first_step']}..{hist['last_step']});"
                                 f" Api() {r['api_init_s'] * 1e3:.0f} ms, api.run() {r['run_fetch_s'] * 1e3:.0f} ms;"
                                 f" scan {r['scan']['rows']:,} rows, rows/s by round: {scans}")
        if res.get("error"):
            lines.append(f"ERROR: {res['error']}")
        for side, r in read.items():
            if not r.get("ok"):
                lines.append(f"ERROR ({side} reader): {r.get('error', '?').strip()}")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pg-url", help="also run against this local PostgreSQL database (it is WIPED)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: a 200,000-step big run and 10,000 ingest rows (not the target's size)")
    ap.add_argument("--steps", type=int,
                    help="steps of the big run read by history(samples=500) (default 1,000,000)")
    ap.add_argument("--big-keys", type=int, default=5, help="scalars per row of the big run (5)")
    ap.add_argument("--ingest-rows", type=int,
                    help="rows of 10 scalars to ingest and scan, default 50,000 (a fifth as many of 100 scalars)")
    ap.add_argument("--batch", type=int, default=1000, help="history lines per file_stream POST (1000)")
    ap.add_argument("--fill-batch", type=int, default=20_000, help="lines per POST filling the big run")
    ap.add_argument("--page-size", type=int, default=1000, help="scan_history page_size (1000)")
    ap.add_argument("--repeats", type=int, default=5, help="history(samples=500) calls (median)")
    ap.add_argument("--rounds", type=int, default=2,
                    help="reader processes per client, alternating ours/wandb; best round reported (2)")
    ap.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL (needs --pg-url)")
    ap.add_argument("--ref-python", help="wandb 0.21.3 interpreter (default $VIREO_REF_PYTHON or ci/ref_venv.sh)")
    ap.add_argument("--no-ref", action="store_true", help="do not time the reference client")
    ap.add_argument("--no-ref-setup", action="store_true", help="do not run ci/ref_venv.sh")
    ap.add_argument("--timeout", type=float, default=300.0, help="per reader process, seconds")
    ap.add_argument("--keep", action="store_true", help="keep the temp dirs")
    ap.add_argument("--json", dest="json_out", help="also write every number to this file")
    args = ap.parse_args(argv)
    if args.steps is None:
        args.steps = 200_000 if args.quick else 1_000_000
    if args.ingest_rows is None:
        args.ingest_rows = 10_000 if args.quick else 50_000
    for name in ("steps", "big_keys", "ingest_rows", "batch", "fill_batch", "page_size", "repeats", "rounds"):
        if getattr(args, name) < 1:
            ap.error(f"--{name.replace('_', '-')}: expected a positive integer, got {getattr(args, name)}")
    if args.no_sqlite and not args.pg_url:
        ap.error("--no-sqlite needs --pg-url")
    if args.pg_url:
        check_pg_url(args.pg_url)

    readers = [("ours", sys.executable)]
    ref = None if args.no_ref else resolve_ref_python(args.ref_python, not args.no_ref_setup)
    if ref:
        readers.append(("ref", ref))
    elif not args.no_ref:
        _log("no wandb 0.21.3 interpreter: reference columns skipped")

    dbs = ([] if args.no_sqlite else [("sqlite", None)]) + ([("postgresql", args.pg_url)] if args.pg_url else [])
    load = os.getloadavg()
    t0 = time.perf_counter()
    results = [bench_db(db, url, args, readers) for db, url in dbs]
    total = time.perf_counter() - t0

    print(f"Vireo server benchmark: {platform.machine()}, {os.cpu_count()} CPUs, python "
          f"{platform.python_version()}; big run {args.steps:,} steps of {args.big_keys} scalars "
          f"({'the target size' if args.steps == 1_000_000 else 'NOT the 1M target size'}); "
          f"load average before {load[0]:.2f}; reference: {ref or 'not available'}")
    print(render(results, args))
    print(f"\ntotal {total:.0f} s")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(
            {"config": {k: v for k, v in vars(args).items() if k != "pg_url"} | {"pg": bool(args.pg_url)},
             "ref_python": ref, "total_s": total, "loadavg_before": load, "results": results}, indent=2, default=str))
    return 0 if all(r.get("ok") for r in results) else 1


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--_serve":
        sys.exit(serve_main(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else ""))
    if len(sys.argv) >= 2 and sys.argv[1] == "--_read":
        sys.exit(read_main(sys.argv[2], sys.argv[3]))
    sys.exit(main())
