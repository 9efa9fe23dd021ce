"""Compare with the real wandb 0.21.3 (``VIREO_REF_PYTHON``); skipped when it is not set."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import textwrap

import pytest

from wandb.sdk.settings_errors import SettingsUsageError, SettingsValidationError
from wandb.sdk.wandb_settings import Settings

pytestmark = pytest.mark.compat

# Differ between processes or interpreters, not between implementations.
PROCESS_DEPENDENT = {"x_stats_pid", "_args", "_os", "_python", "_platform"}


def _ref(ref_python: str, cwd, script: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WANDB_") and k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    proc = subprocess.run(
        [ref_python, "-c", textwrap.dedent(script)],
        cwd=str(cwd),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_defaults_match_reference(clean_env, ref_python):
    ref = _ref(
        ref_python,
        clean_env,
        """
        import json, wandb
        d = wandb.Settings().model_dump()
        print(json.dumps({k: repr(v) for k, v in d.items()}))
        """,
    )
    ours = {k: repr(v) for k, v in Settings().model_dump().items()}
    assert list(ours) == list(ref)
    for key in ref:
        if key in PROCESS_DEPENDENT:
            continue
        assert ours[key] == ref[key], key


KW = dict(
    project="p",
    entity="e",
    run_id="r1",
    mode="offline",
    x_start_time=1700000000.5,
    run_tags=["a", "b"],
    ignore_globs=["*.x"],
    heartbeat_seconds="12",
    silent="yes",
    x_extra_http_headers={"X-A": "1"},
    x_stats_gpu_device_ids=[0, 2],
    fork_from="src?_step=5",
    x_stats_open_metrics_filters={"ep.*": {"gpu": "0"}},
    base_url="http://localhost:8080/",
    x_stats_pid=4242,
    program="train.py",
)


def test_to_proto_bytes_match_reference(clean_env, ref_python):
    ref = _ref(
        ref_python,
        clean_env,
        f"""
        import base64, json, wandb
        p = wandb.Settings(**{KW!r}).to_proto()
        print(json.dumps(base64.b64encode(p.SerializeToString(deterministic=True)).decode()))
        """,
    )
    from wandb.proto import wandb_settings_pb2 as pb

    theirs = pb.Settings.FromString(base64.b64decode(ref))
    ours = Settings(**KW).to_proto()
    for msg in (theirs, ours):
        for name in PROCESS_DEPENDENT:
            msg.ClearField(name)
    assert ours == theirs
    assert ours.SerializeToString(deterministic=True) == theirs.SerializeToString(deterministic=True)


def _repeated(f) -> bool:
    return f.is_repeated if hasattr(f, "is_repeated") else f.label == 3


def test_proto_descriptor_matches_reference(clean_env, ref_python):
    ref = _ref(
        ref_python,
        clean_env,
        """
        import json
        from wandb.proto import wandb_settings_pb2 as p
        out = {}
        for m in p.DESCRIPTOR.message_types_by_name.values():
            out[m.name] = sorted([f.number, f.name, f.type, f.label == 3,
                                  f.message_type.full_name if f.message_type else ""] for f in m.fields)
        print(json.dumps(out))
        """,
    )
    from wandb.proto import wandb_settings_pb2 as pb

    ours = {}
    for m in pb.DESCRIPTOR.message_types_by_name.values():
        ours[m.name] = sorted(
            [f.number, f.name, f.type, _repeated(f), f.message_type.full_name if f.message_type else ""]
            for f in m.fields
        )
    assert ours == ref


ENV = {
    "WANDB_DIR": "/tmp/zz",
    "WANDB_NAME": "nm",
    "WANDB_TAGS": "t1,t2",
    "WANDB_JOB_TYPE": "jt",
    "WANDB_HTTP_TIMEOUT": "12",
    "WANDB_FILE_PUSHER_TIMEOUT": "13",
    "WANDB_USER_EMAIL": "a@b",
    "WANDB_IGNORE_GLOBS": "*.x,*.y",
    "WANDB__DISABLE_STATS": "true",
    "WANDB_X_LABEL": "lab",
    "WANDB_RUN_ID": "rid",
    "WANDB_SILENT": "True",
    "WANDB_CONSOLE": "off",
    "WANDB_BASE_URL": "http://localhost:9000/",
    "WANDB_RESUME": "allow",
    "WANDB_ANONYMOUS": "never",
    "WANDB_INIT_TIMEOUT": "100",
    "WANDB_SHOW_INFO": "false",
    "WANDB_PROJECT": "pp",
    "WANDB_STATS_SAMPLING_INTERVAL": "2",
    "WANDB__STATS_SAMPLING_INTERVAL": "3",
    "WANDB_X_STATS_SAMPLING_INTERVAL": "4",
    "WANDB__PRIMARY": "false",
}


def test_env_mapping_matches_reference(clean_env, ref_python):
    ref = _ref(
        ref_python,
        clean_env,
        f"""
        import json, wandb
        s = wandb.Settings(); s.update_from_env_vars({ENV!r})
        print(json.dumps({{k: repr(getattr(s, k)) for k in sorted(s.model_fields_set)}}))
        """,
    )
    s = Settings()
    s.update_from_env_vars(ENV)
    assert {k: repr(getattr(s, k)) for k in sorted(s.model_fields_set)} == ref


BAD = [
    {"mode": "bogus"},
    {"console": 3},
    {"project": "a/b"},
    {"run_id": "a:b"},
    {"api_key": " k"},
    {"base_url": "ftp://x"},
    {"heartbeat_seconds": 1.5},
    {"silent": "maybe"},
    {"x_service_wait": -1},
    {"fork_from": "x?y=1"},
    {"fork_from": "a?_step=1", "resume": "allow"},
    {"ignore_globs": "*.x"},
]


def test_error_kinds_match_reference(clean_env, ref_python):
    ref = _ref(
        ref_python,
        clean_env,
        f"""
        import json, wandb
        out = []
        for kw in {BAD!r}:
            try:
                wandb.Settings(**kw); out.append("ok")
            except wandb.errors.UsageError: out.append("usage")
            except ValueError: out.append("value")
        print(json.dumps(out))
        """,
    )
    ours = []
    for kw in BAD:
        try:
            Settings(**kw)
            ours.append("ok")
        except SettingsUsageError:
            ours.append("usage")
        except SettingsValidationError:
            ours.append("value")
    assert ours == ref
