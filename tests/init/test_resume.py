"""``resume`` and the auto-resume file ``wandb/wandb-resume.json``."""

from __future__ import annotations

import json

import pytest

from wandb.errors import UsageError


def _resume_file(env):
    return env.cwd / "wandb" / "wandb-resume.json"


def test_auto_resume_file_written_and_reused(wb, isolated_wandb_env) -> None:
    run = wb.init(resume="auto")
    rid = run.id
    assert json.loads(_resume_file(isolated_wandb_env).read_text()) == {"run_id": rid}
    # simulate a crash: the run is abandoned without finishing cleanly
    run.finish(exit_code=1)
    assert _resume_file(isolated_wandb_env).exists()
    again = wb.init(resume=True)  # True means "auto"
    assert again.id == rid
    again.finish()
    assert not _resume_file(isolated_wandb_env).exists()  # removed after a clean finish


def test_auto_resume_explicit_id_wins(wb, isolated_wandb_env, capsys) -> None:
    _resume_file(isolated_wandb_env).parent.mkdir(parents=True, exist_ok=True)
    _resume_file(isolated_wandb_env).write_text(json.dumps({"run_id": "oldid123"}))
    run = wb.init(resume="auto", id="newid456")
    assert run.id == "newid456"
    assert "Ignoring ID oldid123 loaded due to resume='auto' because the run ID is set to newid456." in capsys.readouterr().err
    assert json.loads(_resume_file(isolated_wandb_env).read_text()) == {"run_id": "newid456"}
    run.finish()


def test_corrupt_resume_file_ignored(wb, isolated_wandb_env) -> None:
    _resume_file(isolated_wandb_env).parent.mkdir(parents=True, exist_ok=True)
    _resume_file(isolated_wandb_env).write_text("{not json")
    run = wb.init(resume="auto")
    assert json.loads(_resume_file(isolated_wandb_env).read_text()) == {"run_id": run.id}
    run.finish()


def test_offline_resume_is_ignored_with_warning(wb, capsys) -> None:
    run = wb.init(resume="must", id="zzz")
    assert run.id == "zzz"
    assert (
        "`resume` will be ignored since W&B syncing is set to `offline`. "
        "Starting a new run with run id zzz." in capsys.readouterr().err
    )
    run.finish()


@pytest.fixture
def online(monkeypatch, tmp_path):
    """Online mode against a local server in a thread (resume is decided by the server)."""
    import wandb.server

    server = wandb.server.start_in_thread(str(tmp_path / "server"), port=0)
    monkeypatch.setenv("WANDB_MODE", "online")
    monkeypatch.setenv("WANDB_BASE_URL", server.url)
    monkeypatch.setenv("WANDB_API_KEY", server.admin_key)
    yield server
    server.stop()


def test_must_without_prior_run_raises(wb, online) -> None:
    with pytest.raises(UsageError) as info:
        wb.init(resume="must", id="nosuchrun")
    assert str(info.value).startswith(
        "You provided an invalid value for the `resume` argument. The value 'must' is not a"
        " valid option for resuming the run (nosuchrun) that has not been initialized."
    )
    assert wb.run is None


def test_must_with_prior_local_run(wb, online) -> None:
    first = wb.init(id="prior123")
    first.finish()
    again = wb.init(resume="must", id="prior123")
    assert again.id == "prior123"
    again.finish()


def test_never_with_existing_run_raises(wb, online) -> None:
    wb.init(id="exists12").finish()
    with pytest.raises(UsageError, match="The value 'never' is not a valid option"):
        wb.init(resume="never", id="exists12")
    ok = wb.init(resume="never", id="fresh123")
    ok.finish()


def test_allow_creates_or_resumes(wb, online) -> None:
    run = wb.init(resume="allow", id="allow123")
    run.finish()
    again = wb.init(resume="allow", id="allow123")
    assert again.id == "allow123"
    again.finish()
