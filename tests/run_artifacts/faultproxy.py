"""A reverse proxy in a thread that breaks artifact uploads on purpose.

GraphQL answers are rewritten so upload URLs point at the proxy; ``fail_puts`` PUTs to
``/artifact-blobs/`` (or every one with ``always``) are broken: ``mode="503"`` answers 503,
``mode="drop"`` reads half the body and closes the connection, ``mode="403"`` answers 403.
The proxy hides the server's same-machine blob store (``/vireo/local-store`` answers 404), so
clients behind it transfer over HTTP, where the faults are.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FaultProxy:
    def __init__(self, target: str, *, fail_puts: int = 0, mode: str = "503", always: bool = False,
                 prefix: str = "/artifact-blobs/") -> None:
        import requests

        self.target = target.rstrip("/")
        self.fail_puts = fail_puts
        self.mode = mode
        self.always = always
        self.prefix = prefix
        self.puts: list[tuple[str, int]] = []  # (path, status sent)
        self._lock = threading.Lock()
        self._session = requests.Session()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                path = self.path.split("?")[0]
                if path == "/vireo/local-store":
                    self.rfile.read(n)
                    body = b'{"error": "hidden by the fault proxy"}'
                    self.send_response(404)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if self.command == "PUT" and path.startswith(proxy.prefix):
                    with proxy._lock:
                        broken = proxy.always or proxy.fail_puts > 0
                        if broken and not proxy.always:
                            proxy.fail_puts -= 1
                    if broken:
                        if proxy.mode == "drop":
                            self.rfile.read(n // 2)
                            with proxy._lock:
                                proxy.puts.append((path, 0))
                            self.close_connection = True
                            self.connection.close()
                            return
                        self.rfile.read(n)
                        code = int(proxy.mode)
                        with proxy._lock:
                            proxy.puts.append((path, code))
                        body = b'{"error": "injected fault"}'
                        self.send_response(code)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                        return
                body = self.rfile.read(n) if n else b""
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "content-length", "connection", "accept-encoding")}
                r = proxy._session.request(self.command, proxy.target + self.path, data=body, headers=headers,
                                           allow_redirects=False, timeout=60)
                content = r.content
                if path.startswith("/graphql"):
                    content = content.replace(proxy.target.encode(), proxy.url.encode())
                if self.command == "PUT":
                    with proxy._lock:
                        proxy.puts.append((path, r.status_code))
                self.send_response(r.status_code)
                for k, v in r.headers.items():
                    if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _forward

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def blob_puts(self) -> list[tuple[str, int]]:
        with self._lock:
            return [p for p in self.puts if p[0].startswith(self.prefix)]

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
