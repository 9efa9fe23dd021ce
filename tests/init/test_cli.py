"""The minimal ``wandb`` console script."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("click")

from wandb.cli import cli  # noqa: E402


def _run(args, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


def test_version(isolated_wandb_env, capsys) -> None:
    code, out, _ = _run(["--version"], capsys)
    assert code == 0 and out == "wandb, version 0.21.3\n"


@pytest.mark.parametrize(
    "command, expected_mode, message",
    [
        ("offline", "offline", "W&B offline. Running your script from this directory will only write metadata locally."),
        ("disabled", "disabled", "W&B disabled."),
        ("enabled", "online", "W&B enabled."),
        ("online", None, "W&B online. Running your script from this directory will now sync to the cloud."),
    ],
)
def test_mode_commands_write_workspace_settings(isolated_wandb_env, capsys, command, expected_mode, message) -> None:
    code, out, _ = _run([command], capsys)
    assert code == 0 and out.startswith(message)
    text = (Path(isolated_wandb_env.cwd) / "wandb" / "settings").read_text()
    if expected_mode is None:
        assert text.strip() == "[default]"
    else:
        assert f"mode = {expected_mode}" in text


def test_offline_command_affects_init(isolated_wandb_env, capsys, monkeypatch) -> None:
    import wandb
    from wandb.sdk import wandb_setup

    _run(["disabled"], capsys)
    wandb_setup.teardown()
    run = wandb.init()
    assert run.disabled
    run.finish()
    wandb_setup.teardown()


def test_login_command(isolated_wandb_env, capsys, monkeypatch) -> None:
    from wandb.sdk import wandb_setup

    wandb_setup.teardown()
    code, _, err = _run(["login"], capsys)
    assert code == 1
    assert "api_key not configured (no-tty). call wandb login [your_api_key]" in err
    wandb_setup.teardown()
    code, _, err = _run(["login", "d" * 40], capsys)
    assert code == 0
    assert f"password {'d' * 40}" in (Path(isolated_wandb_env.home) / ".netrc").read_text()
    wandb_setup.teardown()
