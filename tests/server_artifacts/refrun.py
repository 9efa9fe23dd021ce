"""Run a script of this directory with the official wandb 0.21.3 client, online against a test server."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any


def run_ref_script(name: str, server: Any, tmp_path: Path, *args: str, timeout: float = 300) -> dict:
    """Run ``name`` (a file next to this one) as ``script <project> <workdir> *args``; return its RESULT."""
    from reftools import ref_env, ref_python_path

    exe = ref_python_path()
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    env = ref_env(work, {"WANDB_MODE": None, "WANDB_BASE_URL": server.url, "WANDB_API_KEY": server.key,
                         "WANDB_SILENT": "true"})
    script = Path(__file__).with_name(name)
    proc = subprocess.run([exe, str(script), "artproj", str(work), *args], env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-6000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT:"))
    return json.loads(line[len("RESULT:"):])
