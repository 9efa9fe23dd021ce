"""Every public field of the reference exists with its default and type."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from wandb.sdk.wandb_settings import COMPUTED_SETTINGS, Settings

SPEC = Path("/work/shared/spec/wandb-sdk-0.21.3-reference.txt")
# Defaults that depend on the machine / process (the spec shows placeholders for them).
MACHINE_DEPENDENT = {"credentials_file", "root_dir", "symlink", "x_stats_pid"}


def _spec_signature() -> dict:
    text = SPEC.read_text(encoding="utf-8")
    start = text.index("method Settings.__init__")
    end = text.index(") → None", start)
    out = {}
    for line in text[start:end].splitlines():
        m = re.match(r"^(\w+): '(.*)' = (.*?),?$", line.strip())
        if m:
            out[m.group(1)] = (m.group(2), m.group(3))
    return out


@pytest.mark.skipif(not SPEC.exists(), reason="spec text not available")
def test_every_spec_field_exists_with_its_default(clean_env):
    spec = _spec_signature()
    assert len(spec) == 141
    assert list(Settings.model_fields) == list(spec)
    s = Settings()
    for name, (_type, default_src) in spec.items():
        if name in MACHINE_DEPENDENT:
            continue
        expected = ast.literal_eval(default_src)
        actual = getattr(s, name)
        if name == "console":  # "auto" is resolved to "wrap" on validation (as wandb does)
            assert actual == "wrap"
            continue
        assert actual == expected, name
        assert type(actual) is type(expected), name


def test_representative_defaults(clean_env):
    s = Settings()
    assert s.mode == "online"
    assert s.console == "wrap"
    assert s.base_url == "https://api.wandb.ai"
    assert s.reinit == "default"
    assert s.resume is None and s.resume_from is None and s.fork_from is None
    assert s.ignore_globs == ()
    assert s.x_stats_disk_paths == ("/",)
    assert s.run_tags is None
    assert s.heartbeat_seconds == 30
    assert s.init_timeout == 90.0 and isinstance(s.init_timeout, float)
    assert s.x_log_level == 20
    assert s.x_stats_sampling_interval == 15.0
    assert s.x_service_wait == 30.0
    assert s.x_primary is True
    assert s.x_save_requirements is True
    assert s.disable_job_creation is True
    assert s.git_remote == "origin"
    assert s.x_stats_coreweave_metadata_base_url == "http://169.254.169.254"
    assert s.x_stats_coreweave_metadata_endpoint == "/api/v2/cloud-init/meta-data"
    assert s.settings_system is None


def test_machine_dependent_defaults(clean_env):
    s = Settings()
    assert s.root_dir == os.path.abspath(os.getcwd()) == str(clean_env)
    assert s.credentials_file == os.path.expanduser("~/.config/wandb/credentials.json")
    assert s.credentials_file.startswith(os.environ["HOME"])
    assert s.x_stats_pid == os.getpid()
    assert s.symlink is (os.name != "nt")


def test_nothing_explicitly_set_by_default(clean_env):
    assert Settings().model_fields_set == set()
    assert Settings(project="p", mode="offline").model_fields_set == {"project", "mode"}


def test_model_fields_describe_types():
    f = Settings.model_fields
    assert f["mode"].annotation.startswith("Literal['online', 'offline', 'shared', 'disabled'")
    assert f["project"].annotation == "Optional[str]"
    assert f["heartbeat_seconds"].annotation == "int"
    assert f["run_tags"].annotation == "Optional[Tuple[str, ...]]"
    assert f["heartbeat_seconds"].default == 30


def test_computed_names_are_read_only(clean_env):
    s = Settings()
    assert len(COMPUTED_SETTINGS) == 37
    for name in ("files_dir", "sync_dir", "_offline", "run_url", "wandb_dir"):
        with pytest.raises(AttributeError):
            setattr(s, name, "x")
