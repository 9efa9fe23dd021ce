"""The embedded default server: find, start, reuse, replace and stop the user's local server.

One server per user data directory (``$WANDB_DATA_DIR`` or ``~/.local/share/wandb``), in
``<data>/vireo-server/``: SQLite database and blobs, the admin API key (``admin-key``, 0600),
``embedded.json`` (pid, port, url, versions), ``embedded.lock`` (``flock``, taken around every
check-and-start so that concurrent processes get one server) and ``server.log``.

The server runs as a detached process (``python -m wandb.server.cli start``) bound to
127.0.0.1, so it outlives the script that started it and later scripts reuse it.
Only the standard library is imported here (``import requests`` is not needed to probe).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any, Iterator, Optional

from wandb.errors import CommError

DIR_NAME = "vireo-server"
STATE_FILE = "embedded.json"
LOCK_FILE = "embedded.lock"
LOG_FILE = "server.log"
KEY_FILE = "admin-key"  # written by the server itself (wandb.server.bootstrap)
SERVER_STATE_FILE = "server.json"  # written by the server process (wandb.server.runner)
HOST = "127.0.0.1"
DEFAULT_START_TIMEOUT_S = 15.0
START_TIMEOUT_ENV = "WANDB_VIREO_START_TIMEOUT"
_LOG_ROTATE_BYTES = 10 * 1024 * 1024

# Keep the Popen objects of servers started by this process (no "still running" warnings).
_children: list[subprocess.Popen] = []


@dataclass(frozen=True)
class LocalServer:
    """A running embedded server: where it is, its key, and what ``ensure`` did."""

    url: str
    api_key: str
    pid: int
    port: int
    data_dir: str
    log_path: str
    started: bool  #: started by this call (False: an already running one was reused)
    replaced: Optional[str] = None  #: why an older server was stopped or bypassed, if one was


# ----------------------------------------------------------------------------- paths, versions
def server_dir(environ: Optional[dict] = None) -> str:
    """``<data dir>/vireo-server``; the data dir is ``$WANDB_DATA_DIR`` or ``~/.local/share/wandb``."""
    env = os.environ if environ is None else environ
    base = env.get("WANDB_DATA_DIR") or os.path.join(os.path.expanduser("~"), ".local", "share", "wandb")
    return os.path.abspath(os.path.join(os.path.expanduser(base), DIR_NAME))


def our_versions() -> dict[str, str]:
    """The versions a compatible server reports: wandb API version and Vireo release."""
    import wandb

    return {
        "version": str(getattr(wandb, "__version__", "unknown")),
        "vireo_version": str(getattr(wandb, "__vireo_version__", "unknown")),
    }


def start_timeout() -> float:
    """Seconds to wait for a new server to answer ``/healthz`` (``WANDB_VIREO_START_TIMEOUT``)."""
    raw = os.environ.get(START_TIMEOUT_ENV)
    if raw:
        try:
            return max(1.0, float(raw))
        except ValueError:
            pass
    return DEFAULT_START_TIMEOUT_S


# ----------------------------------------------------------------------------- small helpers
def _read_json(path: str) -> Optional[dict]:
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_private(path: str, text: str) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def read_key(data_dir: str) -> Optional[str]:
    """The admin API key of the server in ``data_dir`` (None before its first start)."""
    try:
        with open(os.path.join(data_dir, KEY_FILE)) as f:
            return f.read().strip() or None
    except OSError:
        return None


def _pid_alive(pid: Any) -> bool:
    try:
        pid = int(pid)
    except (TypeError, ValueError):
        return False
    if pid <= 0:
        return False
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our own exited child
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _is_our_server(pid: int, data_dir: str) -> bool:
    """True when ``pid`` runs ``wandb.server.cli`` for ``data_dir`` (never signal anything else)."""
    cmdline: Optional[str] = None
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        try:
            cmdline = subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True,
                                     text=True, timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            cmdline = None
    if not cmdline:
        return False
    return "wandb.server.cli" in cmdline and data_dir in cmdline


def probe(url: str, timeout: float = 2.0) -> Optional[dict]:
    """``GET <url>/healthz`` without proxies; the JSON body, or None if it does not answer ok."""
    import urllib.error
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url.rstrip("/") + "/healthz", timeout=timeout) as resp:
            if resp.status != 200:
                return None
            body = json.loads(resp.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    if not isinstance(body, dict) or body.get("status") != "ok":
        return None
    return body


def _port_free(port: int) -> bool:
    import socket

    if not port:
        return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        if os.name == "posix":  # as the server binds: a port in TIME_WAIT is free to reuse
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


@contextlib.contextmanager
def _locked(data_dir: str, timeout: float) -> Iterator[None]:
    """Hold ``embedded.lock`` exclusively (``fcntl.flock``) for the check-and-start."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; starting is still safe, just not exclusive
        yield
        return
    fd = os.open(os.path.join(data_dir, LOCK_FILE), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise CommError(
                        f"Timed out after {timeout:g}s waiting for another process to start the local"
                        f" Vireo server (lock {os.path.join(data_dir, LOCK_FILE)})."
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


# ----------------------------------------------------------------------------- state
def read_state(data_dir: Optional[str] = None) -> Optional[dict]:
    """The recorded embedded server of ``data_dir`` (default: :func:`server_dir`), or None."""
    return _read_json(os.path.join(data_dir or server_dir(), STATE_FILE))


def status(data_dir: Optional[str] = None) -> dict:
    """Whether the embedded server runs: ``{"running", "url", "pid", "port", "version",
    "vireo_version", "data_dir", "log_path"}`` (url/pid... None when nothing is recorded)."""
    data_dir = data_dir or server_dir()
    state = read_state(data_dir) or {}
    url = state.get("url")
    health = probe(url, 1.0) if url and _pid_alive(state.get("pid")) else None
    return {
        "running": health is not None,
        "url": url,
        "pid": state.get("pid"),
        "port": state.get("port"),
        "version": (health or {}).get("version") or state.get("version"),
        "vireo_version": (health or {}).get("vireo_version") or state.get("vireo_version"),
        "data_dir": data_dir,
        "log_path": os.path.join(data_dir, LOG_FILE),
    }


def _mismatch(state: dict, health: dict) -> Optional[str]:
    """A description of how the running server's versions differ from ours (None if they match)."""
    ours = our_versions()
    theirs = {
        "version": str(health.get("version") or state.get("version") or "unknown"),
        "vireo_version": str(health.get("vireo_version") or state.get("vireo_version") or "unknown"),
    }
    if theirs == ours:
        return None
    return (f"wandb {theirs['version']} / Vireo {theirs['vireo_version']}, this wandb is"
            f" {ours['version']} / Vireo {ours['vireo_version']}")


def stop_process(pid: int, timeout: float = 10.0) -> bool:
    """SIGTERM ``pid``, wait up to ``timeout`` s, then SIGKILL; True if it is gone."""
    for sig, wait in ((signal.SIGTERM, timeout), (getattr(signal, "SIGKILL", signal.SIGTERM), 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _pid_alive(pid):
                return True
            time.sleep(0.05)
    return not _pid_alive(pid)


def stop_local_server(data_dir: Optional[str] = None) -> bool:
    """Stop the embedded server of ``data_dir`` if it runs; True if one was stopped."""
    data_dir = data_dir or server_dir()
    if not os.path.isdir(data_dir):
        return False
    with _locked(data_dir, 30.0):
        state = read_state(data_dir) or {}
        pid = state.get("pid")
        stopped = False
        if _pid_alive(pid) and _is_our_server(int(pid), data_dir):
            stopped = stop_process(int(pid))
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(data_dir, STATE_FILE))
        return stopped


# ----------------------------------------------------------------------------- ensure / start
def ensure(timeout: Optional[float] = None) -> LocalServer:
    """Return the user's running local server, starting (or replacing) it when needed.

    Raises:
        CommError: the server did not answer ``/healthz`` within ``timeout`` seconds
            (default 15, ``WANDB_VIREO_START_TIMEOUT``); the message names the log file.
    """
    timeout = start_timeout() if timeout is None else float(timeout)
    data_dir = server_dir()
    try:
        os.makedirs(data_dir, mode=0o700, exist_ok=True)
        os.chmod(data_dir, 0o700)
    except OSError as e:
        raise CommError(
            f"Cannot use {data_dir} for the local Vireo server ({e.strerror or e}). Set WANDB_DATA_DIR"
            " to a writable directory, WANDB_BASE_URL to use another server, or WANDB_MODE=offline."
        ) from e
    with _locked(data_dir, timeout + 30.0):
        state = read_state(data_dir) or {}
        prefer_port = int(state.get("port") or 0)
        replaced = None
        pid, url = state.get("pid"), state.get("url")
        if url and _pid_alive(pid):
            health = probe(url, 2.0)
            key = read_key(data_dir)
            mismatch = _mismatch(state, health) if health else None
            if health and not mismatch and key:
                return LocalServer(url, key, int(pid), int(state.get("port") or prefer_port), data_dir,
                                   os.path.join(data_dir, LOG_FILE), started=False)
            ours = _is_our_server(int(pid), data_dir)
            if ours:
                stop_process(int(pid))
                replaced = (f"The local Vireo server at {url} runs {mismatch}; restarted it with this"
                            " version" if mismatch else
                            f"The local Vireo server at {url} (pid {pid}) did not answer; restarted it")
            else:
                prefer_port = 0
                replaced = (f"The server at {url} (pid {pid}) is not this user's Vireo server"
                            f"{' (' + mismatch + ')' if mismatch else ''}; starting a new one on another"
                            " port")
        server = _start(data_dir, prefer_port, timeout)
        return LocalServer(server.url, server.api_key, server.pid, server.port, data_dir,
                           server.log_path, started=True, replaced=replaced)


def _child_env(admin_key: Optional[str]) -> dict[str, str]:
    # The embedded server is always SQLite + a local blob directory: drop team-server settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_SERVER_")}
    if admin_key:
        env["WANDB_SERVER_ADMIN_KEY"] = admin_key
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def _open_log(path: str) -> Any:
    with contextlib.suppress(OSError):
        if os.path.getsize(path) > _LOG_ROTATE_BYTES:
            os.replace(path, path + ".1")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    return os.fdopen(fd, "ab")


def _log_tail(path: str, lines: int = 5) -> str:
    try:
        with open(path, errors="replace") as f:
            tail = f.readlines()[-lines:]
    except OSError:
        return ""
    return "".join(tail).strip()


def _launch(data_dir: str, port: int, admin_key: Optional[str], log_path: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "wandb.server.cli", "start", "--host", HOST, "--port", str(port),
            "--data-dir", data_dir]
    kwargs: dict[str, Any] = {}
    if os.name == "posix":
        kwargs["start_new_session"] = True
    else:  # pragma: no cover - Windows
        kwargs["creationflags"] = getattr(subprocess, "DETACHED_PROCESS", 0) | getattr(
            subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    with _open_log(log_path) as log:
        log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} embedded start: {' '.join(args)}\n".encode())
        log.flush()
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=data_dir, env=_child_env(admin_key), close_fds=True, **kwargs)
    _children.append(proc)
    return proc


def _start(data_dir: str, prefer_port: int, timeout: float) -> LocalServer:
    log_path = os.path.join(data_dir, LOG_FILE)
    # A server.json left by a killed server would make `start` refuse to run.
    srv_state = _read_json(os.path.join(data_dir, SERVER_STATE_FILE))
    if srv_state and not (_pid_alive(srv_state.get("pid"))
                          and _is_our_server(int(srv_state["pid"]), data_dir)):
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(data_dir, SERVER_STATE_FILE))
    admin_key = read_key(data_dir)
    new_key = None if admin_key else secrets.token_hex(20)
    port = prefer_port if _port_free(prefer_port) else 0
    deadline = time.monotonic() + timeout
    proc = _launch(data_dir, port, admin_key or new_key, log_path)
    while True:
        srv_state = _read_json(os.path.join(data_dir, SERVER_STATE_FILE))
        if srv_state and srv_state.get("pid") == proc.pid and srv_state.get("url"):
            url = str(srv_state["url"]).rstrip("/")
            health = probe(url, 1.0)
            if health is not None:
                break
        if proc.poll() is not None:
            if port and time.monotonic() < deadline:  # the preferred port was taken meanwhile
                port = 0
                proc = _launch(data_dir, 0, admin_key or new_key, log_path)
                continue
            raise CommError(
                f"The local Vireo server exited with code {proc.returncode} while starting; see"
                f" {log_path}" + (f":\n{_log_tail(log_path)}" if _log_tail(log_path) else "")
            )
        if time.monotonic() > deadline:
            stop_process(proc.pid, timeout=2.0)
            raise CommError(
                f"The local Vireo server did not answer at 127.0.0.1 within {timeout:g}s; see"
                f" {log_path} (set WANDB_BASE_URL to use another server, or WANDB_MODE=offline)"
            )
        time.sleep(0.05)
    key = read_key(data_dir) or admin_key or new_key
    if not key:  # pragma: no cover - the server always writes admin-key on first start
        stop_process(proc.pid, timeout=2.0)
        raise CommError(f"The local Vireo server in {data_dir} has no admin key file ({KEY_FILE}).")
    port_num = int(srv_state.get("port") or url.rsplit(":", 1)[1])
    state = {"pid": proc.pid, "port": port_num, "url": url, **our_versions(),
             "server_version": str(health.get("version")), "data_dir": data_dir,
             "log_path": log_path, "started_at": time.time()}
    _write_private(os.path.join(data_dir, STATE_FILE), json.dumps(state, indent=1))
    return LocalServer(url, key, proc.pid, port_num, data_dir, log_path, started=True)
