"""Type coercion and validation of settings, on construction and on assignment."""

from __future__ import annotations

import pathlib

import pytest

from wandb.errors import UsageError
from wandb.sdk.settings_errors import SettingsUsageError, SettingsValidationError
from wandb.sdk.wandb_settings import RunMoment, Settings


@pytest.mark.parametrize(
    "field, value, accepted",
    [
        ("mode", "bogus", "'online', 'offline', 'shared', 'disabled', 'dryrun' or 'run'"),
        ("mode", 1, "'online', 'offline'"),
        ("console", "bogus", "'auto', 'off', 'wrap', 'redirect', 'wrap_raw' or 'wrap_emu'"),
        ("anonymous", "x", "'must', 'allow' or 'never'"),
        ("job_source", "zip", "'repo', 'artifact' or 'image'"),
        ("resume", "sometimes", "'allow', 'must', 'never' or 'auto'"),
        ("reinit", "bogus", "'default', 'return_previous', 'finish_previous' or 'create_new'"),
        ("silent", "maybe", "valid boolean"),
        ("silent", 2, "valid boolean"),
        ("silent", None, "valid boolean"),
        ("heartbeat_seconds", 5.5, "fractional part"),
        ("heartbeat_seconds", "x", "valid integer"),
        ("init_timeout", "soon", "valid number"),
        ("entity", 5, "valid string"),
        ("git_remote", None, "None is not accepted"),
        ("ignore_globs", "*.txt", "list or tuple of strings"),
        ("ignore_globs", {"a"}, "Sequence"),
        ("config_paths", "abc", "list or tuple of strings"),
        ("x_extra_http_headers", {"a": 1}, "valid string"),
        ("x_extra_http_headers", "notjson", "invalid JSON"),
        ("x_stats_gpu_device_ids", ["a"], "valid integer"),
        ("x_stats_open_metrics_filters", {"a": "b"}, "dictionary"),
        ("base_url", "ftp://x.com", "'http' or 'https'"),
        ("base_url", "localhost:8080", "'http' or 'https'"),
        ("base_url", "https://wandb.ai", "did you mean https://api.wandb.ai?"),
        ("base_url", "http://api.wandb.ai", "please use https://api.wandb.ai"),
        ("https_proxy", "socks5://x", "'http' or 'https'"),
        ("x_file_stream_max_line_bytes", 0, "greater than 0"),
        ("fork_from", "abc?x=1", "expected format '<run>?<metric>=<numeric_value>'"),
        ("resume_from", 5, "RunMoment"),
    ],
)
def test_bad_value_raises_value_error_naming_field(clean_env, field, value, accepted):
    with pytest.raises(ValueError) as info:
        Settings(**{field: value})
    err = info.value
    assert isinstance(err, SettingsValidationError)
    assert err.field.split(".")[0] == field
    assert field in str(err)
    assert accepted in str(err)
    assert err.errors()[0]["loc"][0] == field
    # the same check applies on assignment, and the old value is kept
    s = Settings()
    before = getattr(s, field)
    with pytest.raises(SettingsValidationError):
        setattr(s, field, value)
    assert getattr(s, field) == before


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("project", "a/b", "Invalid project name 'a/b': cannot contain characters '/,\\\\,#,?,%,:', found '/'"),
        ("project", "x" * 129, "exceeded 128 characters"),
        ("run_id", "", "Run ID cannot be empty"),
        ("run_id", "a b ", "Run ID cannot start or end with whitespace"),
        ("run_id", "a:b", "Run ID cannot contain the characters: :;,#?/'"),
        ("sweep_id", " x", "Sweep ID cannot start or end with whitespace"),
        ("api_key", " key", "API key cannot start or end with whitespace"),
        ("x_stats_sampling_interval", 0.01, "Stats sampling interval cannot be less than 0.1 seconds"),
        ("x_service_wait", -1, "Service wait time cannot be negative"),
    ],
)
def test_usage_errors_match_wandb(clean_env, field, value, message):
    with pytest.raises(UsageError) as info:
        Settings(**{field: value})
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, SettingsUsageError)
    assert info.value.field == field
    assert message in str(info.value)


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("silent", "true", True),
        ("silent", "TRUE", True),
        ("silent", "yes", True),
        ("silent", "1", True),
        ("silent", "on", True),
        ("silent", "y", True),
        ("silent", "no", False),
        ("silent", "off", False),
        ("silent", "0", False),
        ("silent", 1, True),
        ("silent", 0.0, False),
        ("save_code", None, None),
        ("save_code", "false", False),
        ("heartbeat_seconds", "5", 5),
        ("heartbeat_seconds", " 7 ", 7),
        ("heartbeat_seconds", 5.0, 5),
        ("heartbeat_seconds", "5.0", 5),
        ("heartbeat_seconds", True, 1),
        ("init_timeout", "3", 3.0),
        ("init_timeout", 3, 3.0),
        ("login_timeout", "1.5", 1.5),
        ("x_start_time", 1700000000, 1700000000.0),
        ("x_log_level", "10", 10),
        ("run_name", b"bytes", "bytes"),
        ("root_dir", pathlib.Path("/tmp"), "/tmp"),
        ("code_dir", pathlib.Path("/a/b"), "/a/b"),
        ("x_files_dir", pathlib.Path("/f"), "/f"),
        ("console", "auto", "wrap"),
        ("console", "redirect", "redirect"),
        ("mode", "dryrun", "dryrun"),
        ("mode", "run", "run"),
        ("mode", "shared", "shared"),
        ("reinit", True, True),
        ("reinit", "True", True),
        ("reinit", 0, False),
        ("reinit", "create_new", "create_new"),
        ("resume", True, "auto"),
        ("resume", False, None),
        ("resume", "must", "must"),
        ("ignore_globs", ["*.a", "b/*"], ("*.a", "b/*")),
        ("config_paths", ["a.yaml"], ["a.yaml"]),
        ("config_paths", ("a.yaml",), ("a.yaml",)),
        ("base_url", "http://localhost:8080/", "http://localhost:8080"),
        ("base_url", "https://api.wandb.ai/", "https://api.wandb.ai"),
        ("base_url", "http://10.0.0.1:8080/api/", "http://10.0.0.1:8080/api"),
        ("base_url", "https://api.wandb.ai.mycorp.com", "https://api.wandb.ai.mycorp.com"),
        ("http_proxy", "http://user:pw@proxy:3128/", "http://user:pw@proxy:3128"),
        ("x_extra_http_headers", '{"a": "b"}', {"a": "b"}),
        ("x_stats_gpu_device_ids", "[0, 1]", [0, 1]),
        ("x_stats_gpu_device_ids", [0, "1"], [0, 1]),
        ("x_stats_open_metrics_filters", '["a"]', ["a"]),
        ("x_stats_open_metrics_filters", {"e.*": {"l": "v"}}, {"e.*": {"l": "v"}}),
        ("settings_system", "~/x", None),  # checked below: expanded
        ("project", "", ""),
    ],
)
def test_accepted_values_are_coerced(clean_env, field, value, expected):
    s = Settings(**{field: value})
    if field == "settings_system":
        import os

        assert s.settings_system == os.path.expanduser("~/x")
        return
    actual = getattr(s, field)
    assert actual == expected
    assert type(actual) is type(expected)


def test_unknown_keyword_is_rejected(clean_env):
    with pytest.raises(SettingsValidationError, match="bogus_field") as info:
        Settings(bogus_field=1)
    assert info.value.kind == "extra_forbidden"
    s = Settings()
    with pytest.raises(ValueError, match="no attribute 'bogus'"):
        s.bogus = 1


def test_legacy_private_names_map_to_x_fields(clean_env):
    s = Settings(_disable_stats=True, x_primary_node=False)
    assert s.x_disable_stats is True
    assert s.x_primary is False
    s._label = "worker-1"
    assert s.x_label == "worker-1"
    with pytest.raises(SettingsValidationError, match="_offline"):
        Settings(_offline=True)


def test_assignment_validates_and_records_field(clean_env):
    s = Settings()
    s.silent = "true"
    assert s.silent is True
    s.run_tags = ["a", "b"]
    assert s.run_tags == ("a", "b")
    assert s.model_fields_set == {"silent", "run_tags"}


def test_branching_settings_are_mutually_exclusive(clean_env):
    with pytest.raises(ValueError, match="mutually exclusive"):
        Settings(fork_from="abc?_step=1", resume="allow")
    with pytest.raises(ValueError, match="mutually exclusive"):
        Settings(resume_from="abc?_step=1", resume="allow")
    s = Settings(fork_from="q?_step=2")
    with pytest.raises(ValueError, match="mutually exclusive"):
        s.resume = "allow"
    assert s.resume is None  # rolled back


def test_skip_transaction_log_not_allowed_offline(clean_env):
    with pytest.raises(ValueError, match="Cannot skip transaction log in offline mode"):
        Settings(x_skip_transaction_log=True, mode="offline")
    s = Settings(x_skip_transaction_log=True)
    with pytest.raises(ValueError, match="Cannot skip transaction log"):
        s.mode = "offline"
    assert s.mode == "online"


def test_fork_and_resume_from_check_run_id_on_assignment(clean_env):
    s = Settings(run_id="abc")
    with pytest.raises(ValueError, match="same as the run to `fork_from`"):
        s.fork_from = "abc?_step=1"
    with pytest.raises(ValueError, match="different ids"):
        s.resume_from = "zzz?_step=1"
    s.resume_from = "abc?_step=4"
    assert s.resume_from == RunMoment(run="abc", value=4)


def test_start_method_is_accepted_with_a_deprecation_warning(clean_env, capsys):
    s = Settings(start_method="fork")
    assert s.start_method == "fork"


def test_errors_pickle(clean_env):
    import pickle

    from wandb.sdk.settings_errors import SettingsFileError

    for kw in ({"mode": "bogus"}, {"project": "a/b"}):
        with pytest.raises(ValueError) as info:
            Settings(**kw)
        back = pickle.loads(pickle.dumps(info.value))
        assert type(back) is type(info.value)
        assert str(back) == str(info.value)
        assert back.field == info.value.field
    err = SettingsFileError("/x/settings", "bad")
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == str(err) and back.path == "/x/settings"


def test_documented_validator_methods(clean_env):
    assert Settings.catch_private_settings({"_label": "a", "project": "p"}) == {"x_label": "a", "project": "p"}
    assert Settings.validate_run_tags("t") == ("t",)
    s = Settings(x_skip_transaction_log=True)
    assert s.validate_skip_transaction_log() is s
    object.__setattr__(s, "mode", "offline")  # bypass validation on purpose
    with pytest.raises(ValueError, match="Cannot skip transaction log"):
        s.validate_skip_transaction_log()
    t = Settings(resume="allow")
    assert t.validate_mutual_exclusion_of_branching_args() is t


def test_numpy_and_decimal_numbers_are_accepted(clean_env):
    import decimal

    np = pytest.importorskip("numpy")
    s = Settings(heartbeat_seconds=np.int64(5), init_timeout=np.float32(2.5), silent=np.bool_(True))
    assert s.heartbeat_seconds == 5 and type(s.heartbeat_seconds) is int
    assert s.init_timeout == 2.5 and type(s.init_timeout) is float
    assert s.silent is True
    assert Settings(x_log_level=decimal.Decimal("10")).x_log_level == 10
    with pytest.raises(ValueError, match="fractional part"):
        Settings(heartbeat_seconds=decimal.Decimal("1.5"))
