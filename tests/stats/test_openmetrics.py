"""OpenMetrics / Prometheus endpoints on a loopback HTTP server: filters, headers, label
numbering, DCGM through a Prometheus query URL, and bad endpoints (garbage, timeout)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest
from statskit import internal_warnings

from wandb import _core

METRICS = """# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).
# TYPE DCGM_FI_DEV_GPU_UTIL gauge
DCGM_FI_DEV_GPU_UTIL{gpu="0",pod="wandb-train-1",Hostname="n1"} 57
DCGM_FI_DEV_GPU_UTIL{gpu="1",pod="other",Hostname="n1"} 3
DCGM_FI_DEV_POWER_USAGE{gpu="0",pod="wandb-train-1"} 212.5
node_load1 0.42
"""

DCGM_ANSWER = {
    "status": "success",
    "data": {"resultType": "vector", "result": [
        {"metric": {"__name__": "DCGM_FI_DEV_GPU_TEMP", "gpu": "0", "node": "l1337"}, "value": [1700000000.1, "61"]},
        {"metric": {"__name__": "DCGM_FI_DEV_SM_CLOCK", "gpu": "0", "node": "l1337"}, "value": [1700000000.1, "1755"]},
    ]},
}


class Handler(BaseHTTPRequestHandler):
    seen_headers: list[dict] = []

    def do_GET(self) -> None:  # noqa: N802
        Handler.seen_headers.append(dict(self.headers))
        if self.path.startswith("/slow"):
            time.sleep(2.0)
            body = METRICS.encode()
        elif self.path.startswith("/garbage"):
            body = b"\x00\x01<html>not metrics</html>"
        elif self.path.startswith("/api/v1/query"):
            body = json.dumps(DCGM_ANSWER).encode()
        else:
            body = METRICS.encode()
        try:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


BASE = {"accelerators": False}


def om(items: list) -> dict:
    return {k: v for k, v in items if k.startswith("openmetrics.")}


def test_all_metrics_without_filters_and_headers(server: str) -> None:
    Handler.seen_headers.clear()
    got = om(_core.stats_sample({**BASE, "open_metrics_endpoints": [("node1", f"{server}/metrics")],
                                 "open_metrics_headers": [("Authorization", "Bearer t0k")]}))
    assert got == {
        "openmetrics.node1.DCGM_FI_DEV_GPU_UTIL.0": 57.0,
        "openmetrics.node1.DCGM_FI_DEV_GPU_UTIL.1": 3.0,
        "openmetrics.node1.DCGM_FI_DEV_POWER_USAGE.0": 212.5,
        "openmetrics.node1.node_load1.0": 0.42,
    }
    assert Handler.seen_headers[-1]["Authorization"] == "Bearer t0k"


def test_sequence_filter(server: str) -> None:
    got = om(_core.stats_sample({**BASE, "open_metrics_endpoints": [("n", f"{server}/metrics")],
                                 "open_metrics_filters": json.dumps(["n\\.DCGM_FI_DEV_GPU_.*"])}))
    assert set(got) == {"openmetrics.n.DCGM_FI_DEV_GPU_UTIL.0", "openmetrics.n.DCGM_FI_DEV_GPU_UTIL.1"}


def test_mapping_filter_with_labels(server: str) -> None:
    filters = {"DCGM_FI_DEV_.*": {"pod": "wandb-.*"}}
    got = om(_core.stats_sample({**BASE, "open_metrics_endpoints": [("n", f"{server}/metrics")],
                                 "open_metrics_filters": json.dumps(filters)}))
    assert got == {"openmetrics.n.DCGM_FI_DEV_GPU_UTIL.0": 57.0, "openmetrics.n.DCGM_FI_DEV_POWER_USAGE.0": 212.5}


def test_dcgm_exporter_query(server: str) -> None:
    url = f'{server}/api/v1/query?query=DCGM_FI_DEV_GPU_TEMP{{node="l1337"}}'
    got = {k: v for k, v in _core.stats_sample({**BASE, "dcgm_exporter": url}) if k.startswith("gpu.")}
    assert got == {"gpu.0.temp": 61.0, "gpu.0.smClock": 1755.0}


def test_garbage_and_timeouts_are_skipped_with_one_warning(server: str, tmp_path) -> None:
    log = str(tmp_path / "debug-internal.log")
    opts = {**BASE, "interval": 0.3, "debug_log": log, "open_metrics_endpoints": [
        ("bad", f"{server}/garbage"), ("slow", f"{server}/slow"), ("good", f"{server}/metrics"),
        ("closed", "http://127.0.0.1:9/metrics")]}
    got = dict(_core.stats_sample(opts, ticks=2))
    assert "cpu" in got and "openmetrics.good.node_load1.0" in got
    assert not any(k.startswith(("openmetrics.bad", "openmetrics.slow", "openmetrics.closed")) for k in got)
    warns = internal_warnings(log)
    for name in ("bad", "slow", "closed"):
        assert len([w for w in warns if f"openmetrics {name} " in w]) == 1, warns


def test_bad_filter_regex(server: str, tmp_path) -> None:
    log = str(tmp_path / "debug-internal.log")
    got = dict(_core.stats_sample({**BASE, "debug_log": log, "open_metrics_endpoints": [("n", f"{server}/metrics")],
                                   "open_metrics_filters": json.dumps(["(unclosed"])}))
    assert "cpu" in got and not om(list(got.items()))
    assert any("bad filters" in w for w in internal_warnings(log))


def test_unknown_option_is_an_error() -> None:
    with pytest.raises(ValueError, match='unknown stats option "intervall"'):
        _core.stats_sample({"intervall": 1})
    with pytest.raises(ValueError, match="interval"):
        _core.Sampler({"interval": 0})
