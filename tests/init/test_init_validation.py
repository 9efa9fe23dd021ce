"""Argument validation in ``wandb.init`` (errors name the argument, texts as wandb 0.21.3)."""

from __future__ import annotations

import argparse

import pytest

from wandb.errors import UsageError
from wandb.sdk.lib.config_util import ConfigError


def test_run_id_reserved_characters(wb) -> None:
    for bad in ("a/b", "a:b", "a#b", "a?b"):
        with pytest.raises(UsageError, match="Run ID cannot contain the characters: :;,#\\?/'"):
            wb.init(id=bad)
    assert wb.run is None


def test_run_id_empty(wb) -> None:
    with pytest.raises(UsageError, match="^Run ID cannot be empty$"):
        wb.init(id="")


def test_run_id_wrong_type_names_field(wb) -> None:
    with pytest.raises(ValueError, match="run_id"):
        wb.init(id=123)


def test_run_id_accepted_forms(wb) -> None:
    run = wb.init(id="ABC_d-e.f")
    assert run.id == "ABC_d-e.f"
    run.finish()


@pytest.mark.parametrize("tags", [["x" * 65], [""], [1]])
def test_bad_tags(wb, tags) -> None:
    with pytest.raises(ValueError, match="run_tags"):
        wb.init(tags=tags)


def test_tags_single_string_is_one_tag(wb) -> None:
    run = wb.init(tags="baseline")
    assert tuple(run.tags) == ("baseline",)
    run.finish()


def test_include_and_exclude_are_exclusive(wb) -> None:
    with pytest.raises(UsageError, match="^Expected at most only one of exclude or include$"):
        wb.init(config={"a": 1}, config_include_keys=["a"], config_exclude_keys=["b"])


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(resume="allow", fork_from="abc?_step=1"),
        dict(resume="allow", resume_from="abc?_step=1"),
        dict(fork_from="abc?_step=1", resume_from="abc?_step=1"),
    ],
)
def test_resume_fork_resume_from_exclusive(wb, kwargs) -> None:
    with pytest.raises(ValueError, match="`fork_from`, `resume`, or `resume_from` are mutually exclusive"):
        wb.init(**kwargs)


@pytest.mark.parametrize("value", ["abc", "abc?_step=x", "abc?step=1"])
def test_fork_from_format(wb, value) -> None:
    with pytest.raises(ValueError) as info:
        wb.init(fork_from=value)
    assert "fork_from" in str(info.value)
    assert f"Could not parse passed run moment string '{value}'" in str(info.value)
    assert "Example: 'ans3bsax?_step=123'" in str(info.value)


def test_fork_from_same_id(wb) -> None:
    with pytest.raises(ValueError, match="Provided `run_id` is the same as the run to `fork_from`"):
        wb.init(id="abc", fork_from="abc?_step=1")


def test_fork_from_sets_branch_point(wb) -> None:
    run = wb.init(fork_from="abc?_step=12")
    assert run.id != "abc"
    assert run.config._as_dict()["_wandb"]["branch_point"] == {"run_id": "abc", "step": 12}
    run.finish()


def test_resume_from_uses_its_run_id(wb) -> None:
    run = wb.init(resume_from="abcd1234?_step=3")
    assert run.id == "abcd1234"
    assert run.config._as_dict()["_wandb"]["branch_point"] == {"run_id": "abcd1234", "step": 3}
    run.finish()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(mode="foo"), "mode"),
        (dict(resume="foo"), "resume"),
        (dict(reinit="foo"), "reinit"),
        (dict(anonymous="foo"), "anonymous"),
        (dict(settings={"foo": 1}), "foo"),
        (dict(name=3), "run_name"),
        (dict(group=3), "run_group"),
    ],
)
def test_literal_and_type_errors_name_the_setting(wb, kwargs, field) -> None:
    with pytest.raises(ValueError) as info:
        wb.init(**kwargs)
    assert field in str(info.value)
    assert wb.run is None


def test_project_name_checked(wb) -> None:
    with pytest.raises(UsageError, match="Invalid project name 'a/b'"):
        wb.init(project="a/b")


def test_settings_of_wrong_type(wb) -> None:
    with pytest.raises(UsageError, match="`settings`"):
        wb.init(settings=3)


def test_config_wrong_type(wb) -> None:
    with pytest.raises(TypeError, match="config must be a dict or have a __dict__ attribute."):
        wb.init(config=[1, 2])


def test_config_yaml_missing(wb) -> None:
    with pytest.raises(ConfigError, match="config file nonexistent.yaml doesn't exist"):
        wb.init(config="nonexistent.yaml")


def test_online_without_api_key_raises(wb, monkeypatch) -> None:
    monkeypatch.setenv("WANDB_MODE", "online")
    monkeypatch.delenv("WANDB_API_KEY", raising=False)
    with pytest.raises(UsageError) as info:
        wb.init(project="p")
    assert str(info.value) == "api_key not configured (no-tty). call wandb.login(key=[your_api_key])"
    assert wb.run is None


def test_config_sources(wb, isolated_wandb_env) -> None:
    (isolated_wandb_env.cwd / "c.yaml").write_text("wandb_version: 1\nlr:\n  value: 0.2\n")
    run = wb.init(config="c.yaml")
    assert dict(run.config) == {"lr": 0.2}
    run.finish()
    run = wb.init(config=argparse.Namespace(lr=0.3, bs=4), config_exclude_keys=["bs"])
    assert dict(run.config) == {"lr": 0.3}
    assert dict(wb.config) == {"lr": 0.3}
    run.finish()
    run = wb.init(config={"a": 1, "b": 2}, config_include_keys=["b"])
    assert dict(run.config) == {"b": 2}
    assert run.config._as_dict()["_wandb"] == {}
    run.finish()


def test_allow_val_change_argument(wb) -> None:
    run = wb.init(config={"lr": 1})
    with pytest.raises(ConfigError):
        run.config.update({"lr": 2})
    run.finish()
    run = wb.init(config={"lr": 1}, allow_val_change=True)
    run.config.update({"lr": 2})
    assert run.config.lr == 2
    run.finish()


def test_run_properties_from_arguments(wb) -> None:
    run = wb.init(project="proj", name="nm", notes="nt", group="g", job_type="train", tags=["a", "b"])
    assert (run.project, run.name, run.notes, run.group, run.job_type) == ("proj", "nm", "nt", "g", "train")
    assert tuple(run.tags) == ("a", "b")
    run.finish()


def test_settings_dict_and_object(wb) -> None:
    run = wb.init(settings={"run_name": "from-dict"})
    assert run.name == "from-dict"
    run.finish()
    s = wb.Settings(run_name="from-obj")
    run = wb.init(settings=s, name="kwarg-wins")
    assert run.name == "kwarg-wins"
    assert s.run_name == "from-obj"  # the caller's Settings is not modified
    run.finish()


def test_sweep_config_is_locked(wb, isolated_wandb_env, monkeypatch, capsys) -> None:
    params = isolated_wandb_env.cwd / "sweep.yaml"
    params.write_text("lr:\n  value: 0.5\n")
    monkeypatch.setenv("WANDB_SWEEP_PARAM_PATH", str(params))
    from wandb.sdk import wandb_setup

    wandb_setup.teardown()
    run = wb.init(config={"lr": 0.1, "bs": 8})
    assert dict(run.config) == {"lr": 0.5, "bs": 8}
    run.config.update({"lr": 0.9})
    assert run.config.lr == 0.5
    assert "Config item 'lr' was locked by 'sweep' (ignored update)." in capsys.readouterr().err
    run.finish()


def test_config_paths_setting(wb, isolated_wandb_env) -> None:
    extra = isolated_wandb_env.cwd / "extra.yaml"
    extra.write_text("depth:\n  value: 3\n")
    run = wb.init(config={"lr": 0.1}, settings={"config_paths": [str(extra)]})
    assert dict(run.config) == {"lr": 0.1}  # config_paths are read from the global settings
    run.finish()
    wb.setup(settings={"config_paths": [str(extra)]})
    run = wb.init(config={"lr": 0.1})
    assert dict(run.config) == {"depth": 3, "lr": 0.1}
    run.finish()
