"""System and workspace settings files, and the precedence of all sources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wandb.sdk.settings_errors import SettingsFileError, SettingsValidationError
from wandb.sdk.wandb_settings import Settings, default_settings_system, load_settings


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_default_system_settings_path(clean_env, monkeypatch):
    home = os.environ["HOME"]
    assert default_settings_system({}) == os.path.join(home, ".config", "wandb", "settings")
    assert default_settings_system({"WANDB_CONFIG_DIR": "/etc/wb"}) == "/etc/wb/settings"
    monkeypatch.setenv("WANDB_CONFIG_DIR", "/cfg")
    assert default_settings_system() == "/cfg/settings"


def test_system_file_is_read(clean_env, tmp_path):
    path = _write(
        tmp_path / "sys" / "settings",
        "[default]\nproject = sysproj\nentity = sysent\nmode = offline\n"
        "ignore_globs = a,b\nsilent = true\nbase_url = https://api.foo.com\n_disable_stats = true\n",
    )
    s = Settings(settings_system=str(path))
    s.update_from_system_config_file()
    assert (s.project, s.entity, s.mode) == ("sysproj", "sysent", "offline")
    assert s.ignore_globs == ("a", "b")
    assert s.silent is True
    assert s.base_url == "https://api.foo.com"
    assert s.x_disable_stats is True


def test_only_the_default_section_counts(clean_env, tmp_path):
    path = _write(tmp_path / "s", "[other]\nproject = o\n[default]\nproject = d\n")
    s = Settings(settings_system=str(path))
    s.update_from_system_config_file()
    assert s.project == "d"


def test_missing_files_are_ignored(clean_env, tmp_path):
    s = Settings(settings_system=str(tmp_path / "nope"))
    s.update_from_system_config_file()
    s.update_from_workspace_config_file()
    assert s.project is None
    Settings().update_from_system_config_file()  # settings_system unset


def test_workspace_file_location(clean_env):
    s = Settings()
    assert s.settings_workspace == os.path.join(str(clean_env), "wandb", "settings")
    _write(clean_env / "wandb" / "settings", "[default]\nproject = wsproj\nmode = disabled\n")
    s.update_from_workspace_config_file()
    assert s.project == "wsproj"
    assert s.mode == "disabled"


def test_precedence_system_workspace_env_explicit(clean_env, tmp_path):
    sys_path = _write(
        tmp_path / "cfg" / "settings",
        "[default]\nproject = sysproj\nentity = sysent\nrun_group = sysgrp\nbase_url = http://sys:1\n",
    )
    _write(clean_env / "wandb" / "settings", "[default]\nproject = wsproj\nentity = wsent\nrun_group = wsgrp\n")
    environ = {"WANDB_CONFIG_DIR": str(sys_path.parent), "WANDB_PROJECT": "envproj", "WANDB_ENTITY": "envent"}
    s = load_settings(environ=environ, overrides=Settings(project="explicit"))
    assert s.settings_system == str(sys_path)
    assert s.base_url == "http://sys:1"  # only in the system file
    assert s.run_group == "wsgrp"  # workspace beats system
    assert s.entity == "envent"  # env beats files
    assert s.project == "explicit"  # explicit beats env

    # the same order, step by step
    t = Settings(settings_system=str(sys_path))
    t.update_from_system_config_file()
    assert t.project == "sysproj"
    t.update_from_workspace_config_file()
    assert t.project == "wsproj"
    t.update_from_env_vars({"WANDB_PROJECT": "envproj"})
    assert t.project == "envproj"
    t.update_from_settings(Settings(project="explicit", mode="offline"))
    assert (t.project, t.mode) == ("explicit", "offline")


def test_overrides_only_apply_explicit_fields(clean_env):
    s = load_settings(environ={"WANDB_MODE": "offline"}, overrides=Settings(project="p"))
    assert s.mode == "offline"  # Settings(project=...) did not reset mode to its default
    assert s.project == "p"


def test_load_settings_uses_wandb_dir_for_the_workspace(clean_env, tmp_path):
    root = tmp_path / "elsewhere"
    _write(root / "wandb" / "settings", "[default]\nproject = fromroot\n")
    s = load_settings(environ={"WANDB_DIR": str(root)})
    assert s.root_dir == str(root)
    assert s.project == "fromroot"


def test_bad_value_in_file_names_the_file(clean_env, tmp_path):
    path = _write(tmp_path / "bad", "[default]\nmode = bogus\n")
    s = Settings(settings_system=str(path))
    with pytest.raises(SettingsValidationError) as info:
        s.update_from_system_config_file()
    assert info.value.field == "mode"
    assert str(path) in str(info.value)
    assert "'online', 'offline'" in str(info.value)


def test_unparsable_file_raises_naming_the_file(clean_env, tmp_path):
    path = _write(tmp_path / "garbage", "no section header here\n")
    with pytest.raises(SettingsFileError) as info:
        Settings(settings_system=str(path)).update_from_system_config_file()
    assert str(path) in str(info.value)
    assert "section" in str(info.value)
    assert isinstance(info.value, ValueError)
    path2 = _write(tmp_path / "dup", "[default]\nproject = a\nproject = b\n")
    with pytest.raises(SettingsFileError, match="already exists"):
        Settings(settings_system=str(path2)).update_from_system_config_file()


def test_unknown_keys_warn_and_are_skipped(clean_env, tmp_path, capsys):
    path = _write(tmp_path / "unk", "[default]\nunknown_key_xyz = 1\nproject = ok\n")
    s = Settings(settings_system=str(path))
    s.update_from_system_config_file()
    assert s.project == "ok"
    err = capsys.readouterr().err
    assert "unknown_key_xyz" in err and str(path) in err
