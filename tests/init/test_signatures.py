"""The public functions have exactly wandb 0.21.3's signatures."""

from __future__ import annotations

import inspect
import json
import subprocess

import pytest

import wandb

EXPECTED_INIT = [
    ("entity", None), ("project", None), ("dir", None), ("id", None), ("name", None),
    ("notes", None), ("tags", None), ("config", None), ("config_exclude_keys", None),
    ("config_include_keys", None), ("allow_val_change", None), ("group", None),
    ("job_type", None), ("mode", None), ("force", None), ("anonymous", None),
    ("reinit", None), ("resume", None), ("resume_from", None), ("fork_from", None),
    ("save_code", None), ("tensorboard", None), ("sync_tensorboard", None),
    ("monitor_gym", None), ("settings", None),
]  # fmt: skip


def test_init_parameter_names_order_defaults() -> None:
    params = list(inspect.signature(wandb.init).parameters.values())
    assert [(p.name, p.default) for p in params] == EXPECTED_INIT
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params)


def test_login_parameters() -> None:
    params = inspect.signature(wandb.login).parameters
    assert list(params) == [
        "anonymous", "key", "relogin", "host", "force", "timeout", "verify", "referrer"
    ]
    assert params["verify"].default is False


@pytest.mark.compat
def test_signatures_match_reference(ref_python: str) -> None:
    script = (
        "import inspect, json, wandb\n"
        "print(json.dumps({n: str(inspect.signature(getattr(wandb, n)))"
        " for n in ['init', 'login', 'setup', 'teardown', 'finish']}))\n"
    )
    proc = subprocess.run(
        [ref_python, "-W", "ignore", "-c", script], capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "WANDB_MODE": "offline"},
    )
    assert proc.returncode == 0, proc.stderr
    ref = json.loads(proc.stdout.strip().splitlines()[-1])
    for name, sig in ref.items():
        assert str(inspect.signature(getattr(wandb, name))) == sig, name
