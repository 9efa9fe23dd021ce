"""Running the server: in a background thread (tests, embedded use) or in the foreground."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from wandb.server.bootstrap import ensure_admin, load_secret, write_private
from wandb.server.config import ServerConfig

STATE_FILE = "server.json"


@dataclass
class ServerHandle:
    """A running server: ``url``, ``admin_key`` (None if unknown), ``stop()``."""

    url: str
    admin_key: str | None
    port: int
    data_dir: str
    store: Any
    app: Any
    _stop: Callable[[], None]

    def stop(self) -> None:
        self._stop()

    def __enter__(self) -> "ServerHandle":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def prepare(config: ServerConfig) -> tuple[Any, Any, str | None, bool]:
    """Open the store, bootstrap the admin, build the app: (app, store, admin_key, created)."""
    from wandb.server.app import build_app
    from wandb.server.store import Store

    os.makedirs(config.data_dir, mode=0o700, exist_ok=True)  # keys and the DB live here
    store = Store(config.resolved_db_url())
    try:
        admin_key, created = ensure_admin(store, config.data_dir)
        app = build_app(config, store, load_secret(config.data_dir))
    except BaseException:
        store.close()
        raise
    return app, store, admin_key, created


def uvicorn_options() -> dict[str, str]:
    """httptools + uvloop when installed (several times faster bodies than h11), else h11 + asyncio."""
    import importlib.util

    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return {"http": http, "loop": loop}


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def start_in_thread(data_dir: str, port: int = 0, host: str = "127.0.0.1", **kwargs: Any) -> ServerHandle:
    """Start a server in a daemon thread and wait until it accepts requests."""
    import uvicorn

    config = ServerConfig(data_dir=os.path.abspath(data_dir), host=host, port=port, **kwargs)
    app, store, admin_key, _created = prepare(config)
    sock = _bind(host, port)
    actual_port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False,
                                           **uvicorn_options()))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="vireo-server", daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        if not thread.is_alive() or time.time() > deadline:
            sock.close()
            store.close()
            raise RuntimeError("the server thread did not start")
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        store.close()

    url = f"http://{host}:{actual_port}"
    return ServerHandle(url, admin_key, actual_port, config.data_dir, store, app, stop)


def serve_foreground(config: ServerConfig, echo: Callable[[str], None] = print) -> None:
    """Run until interrupted; prints the URL and, on first start only, the admin key."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app, store, admin_key, created = prepare(config)
    sock = _bind(config.host, config.port)
    port = sock.getsockname()[1]
    url = f"http://{config.host}:{port}"
    state_path = os.path.join(config.data_dir, STATE_FILE)
    write_private(state_path, json.dumps({"pid": os.getpid(), "url": url, "port": port}))
    echo(f"wandb server: listening on {url} (data in {config.data_dir})")
    if created:
        echo(f"wandb server: created user 'admin' with API key {admin_key}")
        echo(f"wandb server: the key is stored in {os.path.join(config.data_dir, 'admin-key')} (mode 0600)")
    # uvicorn re-raises SIGTERM after a graceful shutdown; turn it into SystemExit so the
    # cleanup below runs (and `wandb server stop` sees the state file go away).
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.Server(uvicorn.Config(app, log_level="info", lifespan="on", **uvicorn_options())).run(sockets=[sock])
    finally:
        sock.close()
        store.close()
        try:
            with open(state_path) as f:
                if json.load(f).get("pid") == os.getpid():
                    os.unlink(state_path)
        except (OSError, ValueError):
            pass


def read_state(data_dir: str) -> dict | None:
    """The ``server.json`` of a running server in ``data_dir`` (None when absent or stale)."""
    path = os.path.join(data_dir, STATE_FILE)
    try:
        with open(path) as f:
            state = json.load(f)
        os.kill(int(state["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return state
