"""A loopback HTTP server with byte-range GETs, PUT uploads and injectable faults, for the
transfer functions of ``wandb._core`` (artifact uploads and downloads)."""

from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Faults:
    fail_500: dict = field(default_factory=dict)  # path -> count of 500 answers left
    cut_after: dict = field(default_factory=dict)  # path -> bytes sent before the connection drops (once)
    forbid: set = field(default_factory=set)  # paths answered 403
    no_range: set = field(default_factory=set)  # paths whose Range is ignored
    corrupt: dict = field(default_factory=dict)  # path -> bytes served instead of the blob


class Loopback:
    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.faults = Faults()
        self.requests: list[tuple[str, str, dict]] = []
        self.lock = threading.Lock()
        srv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # quiet
                pass

            def _reply(self, code: int, body: bytes = b"", headers: dict | None = None) -> None:
                self.send_response(code)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _common(self) -> bool:
                with srv.lock:
                    srv.requests.append((self.command, self.path, dict(self.headers.items())))
                    if self.path in srv.faults.forbid:
                        self._reply(403, b"forbidden")
                        return True
                    n = srv.faults.fail_500.get(self.path, 0)
                    if n:
                        srv.faults.fail_500[self.path] = n - 1
                        self._reply(500, b"boom")
                        return True
                return False

            def do_PUT(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                if self._common():
                    return
                md5 = hashlib.md5(body)
                want = self.headers.get("Content-MD5")
                if want and want != base64.b64encode(md5.digest()).decode():
                    self._reply(400, b"bad Content-MD5")
                    return
                with srv.lock:
                    srv.blobs[self.path] = body
                self._reply(200, b"{}", {"ETag": f'"{md5.hexdigest()}"'})

            do_POST = do_PUT

            def do_GET(self):
                if self._common():
                    return
                with srv.lock:
                    full = srv.faults.corrupt.get(self.path, srv.blobs.get(self.path))
                    cut = srv.faults.cut_after.pop(self.path, None)
                    rng = None if self.path in srv.faults.no_range else self.headers.get("Range")
                if full is None:
                    self._reply(404, b"no such blob")
                    return
                code, start, end = 200, 0, len(full)
                if rng:
                    a, _, b = rng.removeprefix("bytes=").partition("-")
                    start = int(a)
                    end = min(int(b) + 1, len(full)) if b else len(full)
                    if start >= len(full):
                        self._reply(416)
                        return
                    code = 206
                part = full[start:end]
                self.send_response(code)
                if code == 206:
                    self.send_header("Content-Range", f"bytes {start}-{end - 1}/{len(full)}")
                self.send_header("Content-Length", str(len(part)))
                self.end_headers()
                if cut is not None and cut < len(part):
                    self.wfile.write(part[:cut])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.wfile.write(part)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def loopback():
    srv = Loopback()
    yield srv
    srv.stop()


FAST = {"max_retries": 4, "retry_base_ms": 5, "retry_max_ms": 20, "timeout_s": 20.0}


def b64md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def blob(n: int, seed: int = 0) -> bytes:
    import random

    return random.Random(seed).randbytes(n)
