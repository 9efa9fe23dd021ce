"""``Settings.to_proto`` and the runtime-built ``wandb_settings_pb2`` module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("google.protobuf")

from wandb.proto import wandb_settings_pb2 as pb  # noqa: E402
from wandb.sdk.wandb_settings import COMPUTED_SETTINGS, CLIENT_ONLY_SETTINGS, Settings  # noqa: E402

PYTHON_DIR = Path(__file__).resolve().parents[2] / "python"


def test_descriptor_shape():
    d = pb.Settings.DESCRIPTOR
    assert d.full_name == "wandb_internal.Settings"
    assert d.file.name == "wandb/proto/wandb_settings.proto"
    assert d.file.package == "wandb_internal"
    fields = d.fields_by_name
    assert fields["api_key"].number == 55
    assert fields["api_key"].message_type.full_name == "google.protobuf.StringValue"
    assert fields["_offline"].number == 30
    assert fields["x_start_time"].message_type.full_name == "google.protobuf.DoubleValue"
    assert fields["x_stats_pid"].message_type.full_name == "google.protobuf.Int32Value"
    assert fields["ignore_globs"].message_type.full_name == "wandb_internal.ListStringValue"
    assert fields["x_stats_gpu_device_ids"].message_type.full_name == "wandb_internal.ListIntValue"
    assert fields["x_extra_http_headers"].message_type.full_name == "wandb_internal.MapStringKeyStringValue"
    assert fields["fork_from"].message_type.full_name == "wandb_internal.RunMoment"
    assert fields["x_stats_open_metrics_filters"].message_type.full_name == "wandb_internal.OpenMetricsFilters"
    assert len(d.fields) == 180
    rm = pb.RunMoment.DESCRIPTOR.fields_by_name
    assert (rm["run"].number, rm["value"].number, rm["metric"].number) == (1, 2, 3)
    assert [o.name for o in pb.OpenMetricsFilters.DESCRIPTOR.oneofs] == ["value"]


def test_every_dumped_setting_has_a_proto_field(clean_env):
    names = set(pb.Settings.DESCRIPTOR.fields_by_name)
    for name in list(Settings.model_fields) + list(COMPUTED_SETTINGS):
        if name in CLIENT_ONLY_SETTINGS:
            assert name not in names
        else:
            assert name in names, name


def test_to_proto_values(clean_env):
    s = Settings(
        project="p",
        entity="e",
        run_id="r1",
        mode="offline",
        x_start_time=1700000000.5,
        run_tags=["a", "b"],
        ignore_globs=["*.x"],
        heartbeat_seconds=12,
        x_extra_http_headers={"X-A": "1"},
        x_stats_gpu_device_ids=[0, 2],
        fork_from="src?_step=5",
        x_stats_open_metrics_filters={"ep.*": {"gpu": "0"}},
    )
    p = s.to_proto()
    assert isinstance(p, pb.Settings)
    assert p.project.value == "p" and p.entity.value == "e" and p.run_id.value == "r1"
    assert p.mode.value == "offline"
    assert p._offline.value is True
    assert p.HasField("_noop") and p._noop.value is False
    assert p.x_start_time.value == 1700000000.5
    assert list(p.run_tags.value) == ["a", "b"]
    assert list(p.ignore_globs.value) == ["*.x"]
    assert p.heartbeat_seconds.value == 12
    assert dict(p.x_extra_http_headers.value) == {"X-A": "1"}
    assert list(p.x_stats_gpu_device_ids.value) == [0, 2]
    assert (p.fork_from.run, p.fork_from.value, p.fork_from.metric) == ("src", 5.0, "_step")
    assert dict(p.x_stats_open_metrics_filters.mapping.value["ep.*"].value) == {"gpu": "0"}
    assert p.sync_dir.value == s.sync_dir
    assert p.sync_file.value == s.sync_file
    assert p.files_dir.value == s.files_dir
    assert p.run_mode.value == "offline-run"
    assert p.console.value == "wrap"
    assert p.base_url.value == "https://api.wandb.ai"
    assert p.x_stats_pid.value == s.x_stats_pid
    assert list(p.x_stats_disk_paths.value) == ["/"]
    # None settings are left unset; client-only ones are not sent
    assert not p.HasField("api_key")
    assert not p.HasField("resume_from")
    assert not p.HasField("anonymous")
    back = pb.Settings.FromString(p.SerializeToString())
    assert back == p


def test_open_metrics_filter_sequence(clean_env):
    p = Settings(x_stats_open_metrics_filters=["a.*", "b"]).to_proto()
    assert list(p.x_stats_open_metrics_filters.sequence.value) == ["a.*", "b"]
    assert p.x_stats_open_metrics_filters.WhichOneof("value") == "sequence"


def test_importing_settings_does_not_import_protobuf():
    code = f"""
import sys, types
sys.path.insert(0, {str(PYTHON_DIR)!r})
try:
    import wandb.sdk.wandb_settings
except Exception:
    for n in [n for n in sys.modules if n == "wandb" or n.startswith("wandb.")]:
        del sys.modules[n]
    for name, sub in (("wandb", ""), ("wandb.sdk", "/sdk")):
        m = types.ModuleType(name); m.__path__ = [{str(PYTHON_DIR / "wandb")!r} + sub]; sys.modules[name] = m
    import wandb.sdk.wandb_settings
s = wandb.sdk.wandb_settings.Settings(project="p")
bad = [m for m in ("google.protobuf", "pydantic", "numpy", "configparser", "json") if m in sys.modules]
print(bad)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() in ("[]", "['json']")  # json may come from wandb/__init__
