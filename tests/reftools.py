"""Shared pytest fixtures: an isolated wandb environment and the reference client.

The reference client is the real wandb 0.21.3 in its own virtualenv (made by
``ci/ref_venv.sh``); tests find its interpreter through ``VIREO_REF_PYTHON``::

    export VIREO_REF_PYTHON="$(bash ci/ref_venv.sh)"

Without it, tests that need the reference client (the ``ref_python`` fixture, ``run_ref``
or the ``compat`` marker) are skipped; with ``VIREO_REQUIRE_REF=1`` they fail instead.

Helpers for test modules::

    from reftools import run_ref

    def test_same_history(isolated_wandb_env, ref_python):
        proc = run_ref("import wandb; r = wandb.init(); r.log({'a': 1}); r.finish()",
                       isolated_wandb_env.cwd)
        ...
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Mapping, Optional, Union

import pytest

REF_ENV_VAR = "VIREO_REF_PYTHON"
REF_VERSION = "0.21.3"
_REF_HINT = f'set {REF_ENV_VAR}="$(bash ci/ref_venv.sh)" to run tests against wandb {REF_VERSION}'

PathLike = Union[str, "os.PathLike[str]"]


#: Source of ``read_records(path) -> list[dict]`` for scripts that run under our client or under
#: wandb 0.21.3: our Rust reader when present, else wandb's datastore and protobuf JSON form.
READ_RECORDS_SOURCE = """
def read_records(path):
    import json
    try:
        from wandb.sdk import internal_core
    except ImportError:
        internal_core = None
    if internal_core is not None:
        return [json.loads(text) for _offset, text in internal_core.read_records(path)]
    from google.protobuf.json_format import MessageToDict
    from wandb.proto import wandb_internal_pb2 as pb
    from wandb.sdk.internal import datastore
    ds = datastore.DataStore()
    ds.open_for_scan(path)
    out = []
    while True:
        data = ds.scan_data()
        if data is None:
            return out
        record = pb.Record()
        record.ParseFromString(data)
        out.append(MessageToDict(record, preserving_proto_field_name=True))
"""


def parse_result(stdout: str) -> dict:
    """The JSON of the ``RESULT=<json>`` line a compared script prints."""
    import json

    for line in stdout.splitlines():
        if line.startswith("RESULT="):
            return json.loads(line[len("RESULT="):])
    raise AssertionError(f"no RESULT line in output:\n{stdout[-3000:]}")


def _ref_required() -> bool:
    return os.environ.get("VIREO_REQUIRE_REF", "") not in ("", "0", "false", "False")


def _missing_ref(reason: str) -> None:
    """Skip (or fail, when VIREO_REQUIRE_REF is set) because the reference client is missing."""
    if _ref_required():
        pytest.fail(f"reference client required but unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


def ref_python_path() -> str:
    """Path of the reference interpreter from ``VIREO_REF_PYTHON``; skips the test when unset."""
    path = os.environ.get(REF_ENV_VAR, "").strip()
    if not path:
        _missing_ref(f"{REF_ENV_VAR} is not set ({_REF_HINT})")
    if not os.access(path, os.X_OK):
        pytest.fail(f"{REF_ENV_VAR}={path!r} is not an executable interpreter ({_REF_HINT})",
                    pytrace=False)
    return path


def _is_wandb_var(name: str) -> bool:
    return name.startswith("WANDB_")


def ref_env(cwd: PathLike, extra: Optional[Mapping[str, Optional[str]]] = None) -> dict[str, str]:
    """Environment for a reference-client process: offline, isolated HOME and WANDB_* dirs.

    Every inherited ``WANDB_*`` variable is dropped, as are ``PYTHONPATH``/``PYTHONHOME`` and
    ``VIRTUAL_ENV`` (so the reference interpreter never imports our ``wandb``). HOME and the
    wandb config/cache/data dirs go under ``<cwd>/.ref_home``; runs land in ``<cwd>/wandb``.
    ``extra`` overrides entries; a value of None removes the variable.
    """
    cwd = Path(cwd)
    home = cwd / ".ref_home"
    env = {
        k: v for k, v in os.environ.items()
        if not _is_wandb_var(k) and k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    env.update(
        HOME=str(home),
        WANDB_MODE="offline",
        WANDB_DIR=str(cwd),
        WANDB_CONFIG_DIR=str(home / ".config" / "wandb"),
        WANDB_CACHE_DIR=str(home / ".cache" / "wandb"),
        WANDB_DATA_DIR=str(home / ".local" / "share" / "wandb"),
        PYTHONIOENCODING="utf-8",
        PYTHONUNBUFFERED="1",
    )
    for key, value in (extra or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    for key in ("WANDB_CONFIG_DIR", "WANDB_CACHE_DIR", "WANDB_DATA_DIR"):
        if key in env:
            Path(env[key]).mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    return env


def run_ref(
    script: str,
    cwd: PathLike,
    *,
    env: Optional[Mapping[str, Optional[str]]] = None,
    args: tuple[str, ...] = (),
    timeout: float = 180.0,
    check: bool = True,
    python: Optional[str] = None,
) -> subprocess.CompletedProcess:
    """Run ``script`` (Python source, dedented) with the wandb 0.21.3 interpreter.

    Runs in ``cwd`` in offline mode with the isolated environment of :func:`ref_env`
    (``env`` adds to or removes from it). Returns the CompletedProcess with text
    ``stdout``/``stderr``. With ``check`` (default) a non-zero exit fails the test and
    shows both streams. Skips the test when ``VIREO_REF_PYTHON`` is unset.
    """
    exe = python or ref_python_path()
    cwd = Path(cwd)
    cwd.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [exe, "-c", textwrap.dedent(script), *args],
        cwd=str(cwd),
        env=ref_env(cwd, env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    if check and proc.returncode != 0:
        pytest.fail(
            f"reference script exited with {proc.returncode}\n"
            f"--- script ---\n{textwrap.dedent(script)}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}",
            pytrace=False,
        )
    return proc


@pytest.fixture(scope="session")
def ref_python() -> str:
    """Path of the wandb 0.21.3 interpreter (skips when ``VIREO_REF_PYTHON`` is unset)."""
    exe = ref_python_path()
    proc = subprocess.run(
        [exe, "-c", "import wandb; print(wandb.__version__)"],
        capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items()
             if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")},
    )
    version = proc.stdout.strip()
    if proc.returncode != 0 or version != REF_VERSION:
        pytest.fail(
            f"{REF_ENV_VAR}={exe!r} does not provide wandb {REF_VERSION} "
            f"(got {version!r}; stderr: {proc.stderr.strip()[-500:]})",
            pytrace=False,
        )
    return exe


@dataclasses.dataclass(frozen=True)
class IsolatedWandbEnv:
    """Paths of an isolated wandb environment; ``os.fspath(env)`` is the working directory."""

    cwd: Path
    home: Path
    wandb_dir: Path
    config_dir: Path
    cache_dir: Path
    data_dir: Path

    def __fspath__(self) -> str:
        return str(self.cwd)


@pytest.fixture
def isolated_wandb_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IsolatedWandbEnv:
    """Point HOME and every wandb dir at fresh temp dirs and chdir into one.

    Inherited ``WANDB_*`` variables are removed (so ``WANDB_MODE`` is unset); runs made
    here land in ``<cwd>/wandb``.
    """
    cwd = tmp_path / "work"
    home = tmp_path / "home"
    env = IsolatedWandbEnv(
        cwd=cwd,
        home=home,
        wandb_dir=cwd,
        config_dir=home / ".config" / "wandb",
        cache_dir=home / ".cache" / "wandb",
        data_dir=home / ".local" / "share" / "wandb",
    )
    for path in (cwd, home, env.config_dir, env.cache_dir, env.data_dir):
        path.mkdir(parents=True, exist_ok=True)
    for key in list(os.environ):
        if _is_wandb_var(key):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", str(home))
    # Tests that want the embedded default server turn it on themselves (tests/embedded).
    monkeypatch.setenv("WANDB_VIREO_EMBEDDED", "false")
    monkeypatch.setenv("WANDB_DIR", str(env.wandb_dir))
    monkeypatch.setenv("WANDB_CONFIG_DIR", str(env.config_dir))
    monkeypatch.setenv("WANDB_CACHE_DIR", str(env.cache_dir))
    monkeypatch.setenv("WANDB_DATA_DIR", str(env.data_dir))
    monkeypatch.chdir(cwd)
    return env


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "compat: needs the wandb 0.21.3 reference virtualenv (VIREO_REF_PYTHON)"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("compat") is not None and not os.environ.get(REF_ENV_VAR):
        _missing_ref(f"{REF_ENV_VAR} is not set ({_REF_HINT})")


# Make `from reftools import run_ref` work however pytest was started.
_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)
