"""Computed (read-only) settings: paths, run mode, URLs, environment flags."""

from __future__ import annotations

import os
import sys
import time

import pytest

from wandb.sdk.wandb_settings import Settings

START = 1700000000.5


def _timespec(ts: float) -> str:
    return time.strftime("%Y%m%d_%H%M%S", time.localtime(ts))


def test_run_paths(clean_env):
    root = str(clean_env)
    s = Settings(run_id="r1", x_start_time=START)
    spec = _timespec(START)
    assert s.timespec == s._start_datetime == spec
    assert s.wandb_dir == os.path.join(root, "wandb") + os.sep
    sync = os.path.join(root, "wandb", f"run-{spec}-r1")
    assert s.sync_dir == sync
    assert s.files_dir == os.path.join(sync, "files")
    assert s.log_dir == os.path.join(sync, "logs")
    assert s.log_user == os.path.join(sync, "logs", "debug.log")
    assert s.log_internal == os.path.join(sync, "logs", "debug-internal.log")
    assert s.tmp_dir == os.path.join(sync, "tmp")
    assert s._tmp_code_dir == os.path.join(sync, "tmp", "code")
    assert s.sync_file == os.path.join(sync, "run-r1.wandb")
    assert s.log_symlink_user == os.path.join(root, "wandb", "debug.log")
    assert s.log_symlink_internal == os.path.join(root, "wandb", "debug-internal.log")
    assert s.sync_symlink_latest == os.path.join(root, "wandb", "latest-run")
    assert s.resume_fname == os.path.join(root, "wandb", "wandb-resume.json")
    assert s.settings_workspace == os.path.join(root, "wandb", "settings")


def test_offline_run_dir_and_flags(clean_env):
    s = Settings(run_id="abc", x_start_time=START, mode="offline")
    assert s.run_mode == "offline-run"
    assert os.path.basename(s.sync_dir) == f"offline-run-{_timespec(START)}-abc"
    assert s._offline is True and s._noop is False and s._shared is False
    assert Settings(mode="dryrun")._offline is True
    assert Settings(mode="dryrun").run_mode == "offline-run"
    assert Settings(mode="disabled")._noop is True
    assert Settings(mode="disabled")._disabled is True
    assert Settings(mode="shared")._shared is True
    assert Settings(mode="online").run_mode == "run"
    assert Settings(mode="run")._offline is False


def test_paths_before_start(clean_env):
    s = Settings()
    assert s.timespec == ""
    assert s.sync_dir == os.path.join(str(clean_env), "wandb", "run--None")


def test_dot_wandb_dir_is_preferred_when_present(clean_env):
    (clean_env / ".wandb").mkdir()
    s = Settings(run_id="x", x_start_time=START)
    assert s.wandb_dir == os.path.join(str(clean_env), ".wandb") + os.sep
    assert s.sync_dir.startswith(os.path.join(str(clean_env), ".wandb", "run-"))


def test_root_dir_and_files_dir_override(clean_env, tmp_path):
    s = Settings(root_dir=str(tmp_path / "r"), run_id="x", x_start_time=START, x_files_dir="/custom/files")
    assert s.wandb_dir == os.path.join(str(tmp_path / "r"), "wandb") + os.sep
    assert s.files_dir == "/custom/files"
    assert Settings(root_dir="~/proj").wandb_dir == os.path.join(os.path.expanduser("~/proj"), "wandb") + os.sep


def test_cloud_urls(clean_env):
    s = Settings(entity="e", project="p", run_id="r1", sweep_id="sw")
    assert s.project_url == "https://wandb.ai/e/p"
    assert s.run_url == "https://wandb.ai/e/p/runs/r1"
    assert s.sweep_url == "https://wandb.ai/e/p/sweeps/sw"
    assert s.is_local is False
    assert s.deployment == "cloud"


def test_urls_need_entity_and_project(clean_env):
    s = Settings(project="p", run_id="r1")
    assert s.project_url == "" and s.run_url == "" and s.sweep_url == ""
    assert Settings(entity="e", project="p").run_url == ""


@pytest.mark.parametrize(
    "base_url, app",
    [
        ("http://localhost:8080", "http://localhost:8080"),
        ("https://my.server.com", "https://my.server.com"),
        ("https://api.foo.example.com", "https://app.foo.example.com"),
        ("https://api.wandb.test", "https://app.wandb.test"),
    ],
)
def test_local_and_onprem_urls(clean_env, base_url, app):
    s = Settings(entity="e", project="p", run_id="r1", base_url=base_url)
    assert s.project_url == f"{app}/e/p"
    assert s.run_url == f"{app}/e/p/runs/r1"
    assert s.is_local is True
    assert s.deployment == "local"


def test_app_url_env_override(clean_env, monkeypatch):
    monkeypatch.setenv("WANDB_APP_URL", "https://ui.example.com/")
    assert Settings(entity="e", project="p").project_url == "https://ui.example.com/e/p"


def test_url_quoting(clean_env):
    s = Settings(entity="e/f", project="p q", run_id="a=b+c&$@%")
    assert s.project_url == "https://wandb.ai/e/f/p%20q"
    assert s.run_url == "https://wandb.ai/e/f/p%20q/runs/a=b+c&$@%25"


def test_anonymous_urls_carry_the_api_key(clean_env):
    s = Settings(entity="e", project="p", run_id="r", anonymous="allow", api_key="k" * 40)
    assert s.project_url == "https://wandb.ai/e/p?apiKey=" + "k" * 40
    assert s.run_url == "https://wandb.ai/e/p/runs/r?apiKey=" + "k" * 40


def test_environment_flags(clean_env, monkeypatch):
    s = Settings()
    assert s._windows is (os.name == "nt")
    assert s._colab is ("google.colab" in sys.modules)
    assert s.colab_url is None
    assert s._jupyter is False and s._ipython is False
    assert s._args == sys.argv[1:]
    assert s._python.split()[1] == ".".join(map(str, sys.version_info[:3]))
    assert s._platform == f"{os.uname().sysname}-{os.uname().machine}".lower()
    monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
    assert s._kaggle is True and s._notebook is True


def test_colab_url(clean_env, monkeypatch):
    import types

    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    s = Settings(x_jupyter_path="fileId=abc%2Fdef")
    assert s._colab is True
    assert s.colab_url == "https://colab.research.google.com/notebook#fileId=abc/def"
    assert Settings(x_jupyter_path="nb.ipynb").colab_url is None


def test_code_path_local(clean_env):
    (clean_env / "train.py").write_text("print(1)\n")
    assert Settings(program="train.py")._code_path_local == "train.py"
    assert Settings(program="missing.py")._code_path_local is None
    assert Settings()._code_path_local is None


def test_update_from_system_environment(clean_env, monkeypatch):
    monkeypatch.setenv("WANDB_SAVE_CODE", "true")
    monkeypatch.setenv("WANDB_DISABLE_GIT", "true")
    monkeypatch.setenv("WANDB_PROGRAM", "train.py")
    (clean_env / "train.py").write_text("print(1)\n")
    s = Settings()
    s.update_from_system_environment()
    assert s.save_code is True
    assert s.disable_git is True
    assert s.host
    assert s.x_executable == sys.executable
    assert s.program == "train.py"
    assert s.program_relpath == "train.py"
    assert s.program_abspath == str(clean_env / "train.py")
