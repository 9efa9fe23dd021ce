"""``WANDB_*`` environment variables -> settings (``update_from_env_vars``)."""

from __future__ import annotations

import pytest

from wandb.sdk.settings_errors import SettingsValidationError
from wandb.sdk.settings_sources import env_var_table, settings_from_env
from wandb.sdk.wandb_settings import RunMoment, Settings


def test_table_maps_plain_private_and_special_names():
    table = env_var_table()
    assert table["WANDB_PROJECT"] == "project"
    assert table["WANDB_MODE"] == "mode"
    assert table["WANDB_API_KEY"] == "api_key"
    assert table["WANDB_BASE_URL"] == "base_url"
    assert table["WANDB_RUN_ID"] == "run_id"
    assert table["WANDB__DISABLE_STATS"] == "x_disable_stats"
    assert table["WANDB_X_DISABLE_STATS"] == "x_disable_stats"
    assert table["WANDB_X_LABEL"] == "x_label"
    special = {
        "WANDB_DIR": "root_dir",
        "WANDB_NAME": "run_name",
        "WANDB_NOTES": "run_notes",
        "WANDB_TAGS": "run_tags",
        "WANDB_JOB_TYPE": "run_job_type",
        "WANDB_HTTP_TIMEOUT": "x_graphql_timeout_seconds",
        "WANDB_FILE_PUSHER_TIMEOUT": "x_file_transfer_timeout_seconds",
        "WANDB_USER_EMAIL": "email",
        "WANDB_SERVICE_TRANSPORT": "x_service_transport",
    }
    for var, field in special.items():
        assert table[var] == field
    # every field has its WANDB_<NAME> variable
    for name in Settings.model_fields:
        assert table["WANDB_" + name.upper()] == name
    # not settings
    for var in ("WANDB_CONFIG_DIR", "WANDB_CACHE_DIR", "WANDB_DATA_DIR", "WANDB__PROJECT"):
        assert var not in table


def test_update_from_env_vars(clean_env):
    env = {
        "WANDB_DIR": "/tmp/zz",
        "WANDB_NAME": "nm",
        "WANDB_NOTES": "nt",
        "WANDB_TAGS": "t1,t2",
        "WANDB_JOB_TYPE": "jt",
        "WANDB_HTTP_TIMEOUT": "12",
        "WANDB_FILE_PUSHER_TIMEOUT": "13",
        "WANDB_USER_EMAIL": "a@b",
        "WANDB_SERVICE_TRANSPORT": "tcp",
        "WANDB_IGNORE_GLOBS": "*.x,*.y",
        "WANDB__DISABLE_STATS": "true",
        "WANDB_X_LABEL": "lab",
        "WANDB_RUN_ID": "rid",
        "WANDB_RUN_GROUP": "grp",
        "WANDB_SILENT": "True",
        "WANDB_CONSOLE": "off",
        "WANDB_ENTITY": "ent",
        "WANDB_BASE_URL": "http://localhost:9000/",
        "WANDB_RESUME": "allow",
        "WANDB_SWEEP_ID": "swp",
        "WANDB_DISABLE_CODE": "true",
        "WANDB_DISABLE_GIT": "false",
        "WANDB_DOCKER": "img",
        "WANDB_ANONYMOUS": "allow",
        "WANDB_INIT_TIMEOUT": "100",
        "WANDB_QUIET": "1",
        "WANDB_SHOW_INFO": "false",
        "WANDB_PROJECT": "pp",
        "WANDB_STATS_SAMPLING_INTERVAL": "2",  # not a setting: ignored
        "WANDB_CONFIG_DIR": "/cfg",  # not a setting: ignored
        "WANDB__STATS_SAMPLING_INTERVAL": "3",
        "WANDB_X_STATS_SAMPLING_INTERVAL": "4",  # later variable for the same field wins
        "OTHER": "x",
    }
    s = Settings()
    s.update_from_env_vars(env)
    assert s.root_dir == "/tmp/zz"
    assert (s.run_name, s.run_notes, s.run_job_type) == ("nm", "nt", "jt")
    assert s.run_tags == ("t1", "t2")
    assert s.x_graphql_timeout_seconds == 12.0
    assert s.x_file_transfer_timeout_seconds == 13.0
    assert s.email == "a@b"
    assert s.x_service_transport == "tcp"
    assert s.ignore_globs == ("*.x", "*.y")
    assert s.x_disable_stats is True
    assert s.x_label == "lab"
    assert (s.run_id, s.run_group) == ("rid", "grp")
    assert s.silent is True and s.quiet is True and s.show_info is False
    assert s.console == "off"
    assert s.entity == "ent" and s.project == "pp"
    assert s.base_url == "http://localhost:9000"
    assert s.resume == "allow"
    assert s.sweep_id == "swp"
    assert s.disable_code is True and s.disable_git is False
    assert s.docker == "img"
    assert s.anonymous == "allow"
    assert s.init_timeout == 100.0
    assert s.x_stats_sampling_interval == 4.0
    assert "project" in s.model_fields_set


@pytest.mark.parametrize("text, expected", [("true", True), ("1", True), ("yes", True), ("false", False), ("0", False)])
def test_boolean_env_values(clean_env, text, expected):
    s = Settings()
    s.update_from_env_vars({"WANDB_SILENT": text})
    assert s.silent is expected


def test_list_and_json_env_values(clean_env):
    s = Settings()
    s.update_from_env_vars(
        {
            "WANDB_TAGS": "a, b ,c",
            "WANDB_X_STATS_DISK_PATHS": "/,/data",
            "WANDB__EXTRA_HTTP_HEADERS": '{"X-A": "1"}',
            "WANDB_X_STATS_GPU_DEVICE_IDS": "[0, 2]",
            "WANDB_RESUME_FROM": "abc?_step=7",
        }
    )
    assert s.run_tags == ("a", "b", "c")
    assert list(s.x_stats_disk_paths) == ["/", "/data"]
    assert s.x_extra_http_headers == {"X-A": "1"}
    assert list(s.x_stats_gpu_device_ids) == [0, 2]
    assert s.resume_from == RunMoment(run="abc", value=7)


def test_bad_env_value_names_the_variable(clean_env):
    with pytest.raises(SettingsValidationError) as info:
        Settings().update_from_env_vars({"WANDB_MODE": "bogus"})
    assert info.value.field == "mode"
    assert "environment variable WANDB_MODE" in str(info.value)
    assert "'online', 'offline'" in str(info.value)
    with pytest.raises(ValueError, match="WANDB_SILENT"):
        Settings().update_from_env_vars({"WANDB_SILENT": "maybe"})
    with pytest.raises(ValueError, match="WANDB_RUN_ID"):
        Settings().update_from_env_vars({"WANDB_RUN_ID": "a/b"})


def test_settings_from_env_returns_raw_values():
    assert settings_from_env({"WANDB_PROJECT": "p", "WANDB_TAGS": "a,b", "HOME": "/h"}) == {
        "project": "p",
        "run_tags": ["a", "b"],
    }
