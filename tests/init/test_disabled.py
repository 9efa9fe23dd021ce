"""``mode="disabled"``: a cheap no-op run that still looks like a ``wandb.Run``."""

from __future__ import annotations

import os

import pytest

import wandb
from wandb.sdk.lib import RunDisabled, SummaryDisabled
from wandb.sdk.lib.config_util import ConfigError


def test_disabled_run_object(wb, isolated_wandb_env) -> None:
    run = wb.init(mode="disabled", config={"a": 1}, project="pp", name="nn")
    assert isinstance(run, wandb.wandb_run.Run)
    assert isinstance(run, wandb.Run)
    assert isinstance(run, RunDisabled)
    assert run.disabled is True
    assert run.name == f"dummy-{run.id}" and run.project == "dummy" and run.entity == "dummy"
    assert len(run.id) == 8
    assert run.settings.mode == "disabled"
    assert run.url is None and run.project_url is None and run.sweep_url is None
    assert wb.run is run and wb.config is run.config
    assert dict(run.config) == {"a": 1}
    assert not (isolated_wandb_env.cwd / "wandb").exists()


def test_disabled_methods_are_noops(wb) -> None:
    run = wb.init(mode="disabled")
    assert run.log({"x": 1, "y": {"z": 2}}) is None
    assert isinstance(run.summary, SummaryDisabled)
    assert run.summary.y.z == 2 and run.summary["x"] == 1
    metric = run.define_metric("x", summary="max")
    assert type(metric).__name__ == "Metric"
    assert run.save("foo") is False
    assert run.use_artifact("x") is None
    assert run.alert("t", "b") is None
    art = run.log_artifact("x")
    assert art.wait().state is art  # chainable no-op
    run.config.update({"b": 2})
    run.config.c = 3
    assert dict(run.config) == {"b": 2, "c": 3}
    with pytest.raises(ConfigError):
        run.config.update({"b": 5})
    run.mark_preempting()
    run.watch(None)
    wb.log({"q": 1})
    assert run.summary["q"] == 1


def test_disabled_finish_and_context_manager(wb) -> None:
    run = wb.init(mode="disabled")
    run.finish()
    assert wb.run is None
    with wb.init(mode="disabled") as run2:
        assert wb.run is run2
    assert wb.run is None


def test_disabled_by_env_and_each_init_is_new(wb, monkeypatch) -> None:
    monkeypatch.setenv("WANDB_MODE", "disabled")
    r1 = wb.init()
    r2 = wb.init()
    assert r1 is not r2 and r1.id != r2.id
    assert r1.disabled and r2.disabled


def test_run_disabled_compat_class(capsys) -> None:
    legacy = RunDisabled()
    assert legacy.anything is None
    assert "RunDisabled is deprecated and is a no-op." in capsys.readouterr().err
    s = SummaryDisabled({"a": {"b": 1}})
    s.c = 2
    assert s.a.b == 1 and s["c"] == 2
    with pytest.raises(AttributeError):
        s.missing
    assert os.environ.get("WANDB_MODE") != "disabled" or True
