"""Fixtures for the embedded default: an isolated user (HOME, WANDB_DATA_DIR...), scripts run
in fresh interpreters that may only connect to 127.0.0.1, and teardown that stops every server
the test started (pids from the state files, plus any registered with ``env.track(pid)``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Optional

import pytest

pytest.importorskip("requests")
pytest.importorskip("starlette")

REPO_PYTHON = str(Path(__file__).resolve().parents[2] / "python")

# Prepended to every script: any TCP connection to a host other than loopback fails, so a
# broken default can never reach api.wandb.ai (or anything else) from a test.
NET_GUARD = '''
import socket as _s
_orig_connect, _orig_connect_ex = _s.socket.connect, _s.socket.connect_ex
def _check(sock, addr):
    if sock.family in (_s.AF_INET, _s.AF_INET6) and addr[0] not in ("127.0.0.1", "::1", "localhost"):
        raise OSError("test network guard: connection to %r refused" % (addr,))
def _connect(self, addr):
    _check(self, addr); return _orig_connect(self, addr)
def _connect_ex(self, addr):
    _check(self, addr); return _orig_connect_ex(self, addr)
_s.socket.connect, _s.socket.connect_ex = _connect, _connect_ex
_orig_gai = _s.getaddrinfo
def _gai(host, *a, **k):
    if host not in (None, "127.0.0.1", "::1", "localhost"):
        raise _s.gaierror("test network guard: lookup of %r refused" % (host,))
    return _orig_gai(host, *a, **k)
_s.getaddrinfo = _gai
'''


class EmbeddedEnv:
    """The isolated user's paths and helpers to run scripts as that user."""

    def __init__(self, iso: Any) -> None:
        self.iso = iso
        self.cwd: Path = iso.cwd
        self.home: Path = iso.home
        self.data_dir: Path = iso.data_dir
        self.server_dir: Path = iso.data_dir / "vireo-server"
        self._pids: set[int] = set()

    def track(self, pid: int) -> None:
        """Stop ``pid`` at teardown too."""
        self._pids.add(int(pid))

    def state(self) -> Optional[dict]:
        try:
            return json.loads((self.server_dir / "embedded.json").read_text())
        except (OSError, ValueError):
            return None

    def env(self, **extra: Optional[str]) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("WANDB_") and k.lower() not in (
                   "http_proxy", "https_proxy", "all_proxy", "no_proxy")}
        env.update(
            HOME=str(self.home),
            WANDB_DIR=str(self.cwd),
            WANDB_CONFIG_DIR=str(self.iso.config_dir),
            WANDB_CACHE_DIR=str(self.iso.cache_dir),
            WANDB_DATA_DIR=str(self.data_dir),
            WANDB_VIREO_START_TIMEOUT="60",
            NO_PROXY="127.0.0.1,localhost",
            PYTHONPATH=REPO_PYTHON + os.pathsep + os.environ.get("PYTHONPATH", ""),
            PYTHONUNBUFFERED="1",
        )
        for key, value in extra.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def popen(self, script: str, **extra: Optional[str]) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-c", NET_GUARD + textwrap.dedent(script)], cwd=str(self.cwd),
            env=self.env(**extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            stdin=subprocess.DEVNULL,
        )

    def run(self, script: str, check: bool = True, **extra: Optional[str]) -> subprocess.CompletedProcess:
        proc = self.popen(script, **extra)
        out, err = proc.communicate(timeout=240)
        done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        if check and proc.returncode != 0:
            pytest.fail(f"script exited with {proc.returncode}\n--- stdout ---\n{out}\n--- stderr ---\n{err}",
                        pytrace=False)
        return done

    def cli(self, *args: str, **extra: Optional[str]) -> subprocess.CompletedProcess:
        script = f"import sys; from wandb.cli.cli import main; sys.argv=['wandb', *{list(args)!r}]; main()"
        return self.run(script, check=False, **extra)

    def stop_all(self) -> None:
        from wandb.sdk.embedded.local_server import _pid_alive, stop_process

        pids = set(self._pids)
        for name in ("embedded.json", "server.json"):
            try:
                pids.add(int(json.loads((self.server_dir / name).read_text())["pid"]))
            except (OSError, ValueError, KeyError, TypeError):
                pass
        for pid in pids:
            if pid != os.getpid() and _pid_alive(pid):
                stop_process(pid, timeout=10.0)


@pytest.fixture
def embedded_env(isolated_wandb_env: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An isolated user with nothing configured; stops the servers started meanwhile."""
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("WANDB_VIREO_EMBEDDED", raising=False)  # other suites may switch it off
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("NETRC", str(isolated_wandb_env.home / ".netrc"))
    monkeypatch.setenv("WANDB_VIREO_START_TIMEOUT", "60")
    env = EmbeddedEnv(isolated_wandb_env)
    try:
        yield env
    finally:
        env.stop_all()
