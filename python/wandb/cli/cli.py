"""The ``wandb`` console script: ``wandb --version``, ``wandb login``,
``wandb online/offline/disabled/enabled``.

``click`` is imported lazily so ``import wandb`` never pays for it.
"""

from __future__ import annotations

import configparser
import os
import sys
from typing import Any


def _workspace_settings_path() -> str:
    """``<root_dir>/wandb/settings`` (root_dir: ``$WANDB_DIR`` or the current directory)."""
    from wandb.sdk.wandb_settings import Settings

    root = os.environ.get("WANDB_DIR") or os.getcwd()
    return Settings(root_dir=root).settings_workspace


def write_workspace_setting(key: str, value: str | None) -> str:
    """Set (or, with None, remove) ``key`` in the ``[default]`` section of the workspace
    settings file; returns the file's path."""
    path = _workspace_settings_path()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    if not parser.has_section("default"):
        parser.add_section("default")
    if value is None:
        parser.remove_option("default", key)
    else:
        parser.set("default", key, value)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        parser.write(f)
    return path


def _build() -> Any:
    import click

    import wandb

    @click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(version=wandb.__version__, prog_name="wandb", message="%(prog)s, version %(version)s")
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        """Weights & Biases command line (Vireo)."""
        if ctx.invoked_subcommand is None:
            click.echo(ctx.get_help())

    @cli.command(help="Disable W&B sync")
    def offline() -> None:
        write_workspace_setting("mode", "offline")
        click.echo(
            "W&B offline. Running your script from this directory will only write metadata"
            " locally. Use wandb disabled to completely turn off W&B."
        )

    @cli.command(help="Enable W&B sync")
    def online() -> None:
        write_workspace_setting("mode", None)
        click.echo("W&B online. Running your script from this directory will now sync to the cloud.")

    @cli.command(help="Disable W&B.")
    def disabled() -> None:
        write_workspace_setting("mode", "disabled")
        click.echo("W&B disabled.")

    @cli.command(help="Enable W&B.")
    def enabled() -> None:
        write_workspace_setting("mode", "online")
        click.echo("W&B enabled.")

    @cli.command(help="Login to Weights & Biases")
    @click.argument("key", nargs=-1)
    @click.option("--cloud", is_flag=True, help="Login to the cloud instead of local")
    @click.option("--host", "--base-url", "host", default=None, help="Login to a specific instance of W&B")
    @click.option("--relogin", is_flag=True, default=None, help="Force relogin if already logged in.")
    @click.option("--anonymously", is_flag=True, default=False, help="Log in anonymously")
    @click.option("--verify/--no-verify", default=False, help="Verify login credentials")
    def login(key: tuple, cloud: bool, host: str | None, relogin: bool | None,
              anonymously: bool, verify: bool) -> None:
        from wandb.errors import Error
        from wandb.sdk import wandb_login, wandb_setup

        if cloud and host:
            raise click.UsageError("Cannot specify both --cloud and --host")
        if cloud:
            host = "https://api.wandb.ai"
        api_key = key[0] if key else None
        wandb_setup.singleton().settings.x_cli_only_mode = True
        try:
            wandb_login._login(
                key=api_key,
                relogin=relogin,
                host=host,
                anonymous="must" if anonymously else None,
                verify=verify,
            )
            wandb_login._store_host(host)  # only after a successful (and verified) login
        except (Error, ValueError) as e:
            wandb.termerror(str(e))
            sys.exit(1)

    from wandb.cli import sync as _sync  # `wandb sync`

    _sync.register(cli)

    from wandb.sdk.embedded import cli_status  # `wandb status` (settings + embedded server)

    cli_status.register(cli)

    from wandb.server.cli import server_group  # `wandb server start|stop|status|user|key`

    cli.add_command(server_group)

    from wandb.cli.artifact_cmds import artifact_group  # `wandb artifact put|get|ls|cache cleanup`

    cli.add_command(artifact_group())
    return cli


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``wandb`` console script."""
    from wandb.sdk.lib import wb_logging

    wb_logging.configure_wandb_logger()
    cli = _build()
    return cli.main(args=argv, prog_name="wandb")


if __name__ == "__main__":  # pragma: no cover
    main()
