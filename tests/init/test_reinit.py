"""``reinit``: what ``wandb.init`` does while a run is active."""

from __future__ import annotations

import pytest


def test_default_returns_previous(wb, capsys) -> None:
    r1 = wb.init()
    r2 = wb.init()
    assert r2 is r1 and wb.run is r1
    assert (
        "wandb.init() called while a run is active and reinit is set to 'default',"
        " so returning the previous run." in capsys.readouterr().err
    )
    r1.finish()


def test_return_previous(wb) -> None:
    r1 = wb.init()
    assert wb.init(reinit="return_previous") is r1
    r1.finish()


@pytest.mark.parametrize("reinit", ["finish_previous", True])
def test_finish_previous(wb, capsys, reinit) -> None:
    r1 = wb.init()
    r2 = wb.init(reinit=reinit)
    assert r2 is not r1 and wb.run is r2
    assert r1._is_finished and not r2._is_finished
    err = capsys.readouterr().err
    assert f"Finishing previous runs because reinit is set to {reinit!r}." in err
    if reinit is True:
        assert "Using a boolean value for 'reinit' is deprecated." in err
    r2.finish()


def test_create_new_keeps_global_and_runs_concurrently(wb, isolated_wandb_env) -> None:
    r1 = wb.init()
    r2 = wb.init(reinit="create_new")
    r3 = wb.init(reinit="create_new")
    assert len({r1.id, r2.id, r3.id}) == 3
    assert wb.run is r1  # create_new does not replace the global run
    r2.log({"x": 1})
    r1.log({"y": 2})
    r2.finish()
    assert not r1._is_finished and not r3._is_finished
    from wandb.sdk import wandb_setup

    assert wandb_setup.singleton().most_recent_active_run is r3
    r3.finish()
    assert wandb_setup.singleton().most_recent_active_run is r1
    r1.finish()
    assert wb.run is None
    runs = sorted(p.name for p in (isolated_wandb_env.cwd / "wandb").iterdir() if p.name.startswith("offline-run"))
    assert len(runs) == 3


def test_globals_bound_and_cleared(wb) -> None:
    with pytest.raises(wb.Error, match=r"You must call wandb.init\(\) before wandb.log\(\)"):
        wb.log({"a": 1})
    run = wb.init(config={"a": 1})
    assert wb.run is run and wb.config is run.config and wb.summary is run.summary
    assert wb.log == run.log
    wb.finish()
    assert wb.run is None
    with pytest.raises(wb.Error, match=r"You must call wandb.init\(\) before wandb.config.a"):
        wb.config.a
    with pytest.raises(wb.Error, match=r"You must call wandb.init\(\) before wandb.summary\['a'\]"):
        wb.summary["a"]


def test_context_manager_finishes(wb) -> None:
    with wb.init() as run:
        assert wb.run is run
    assert run._is_finished and wb.run is None
