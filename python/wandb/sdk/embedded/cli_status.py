"""``wandb status``: the current settings and the embedded server (attach with ``register``)."""

from __future__ import annotations

import json
import os
from typing import Any


def _key_source(settings: Any) -> tuple[str | None, str | None]:
    """(masked key, where it comes from) for the configured base_url; (None, None) if none."""
    from wandb.sdk.lib import apikey

    key, source = None, None
    if os.environ.get("WANDB_API_KEY"):
        key, source = os.environ["WANDB_API_KEY"], "WANDB_API_KEY"
    elif getattr(settings, "api_key", None):
        key, source = settings.api_key, "settings"
    else:
        key = apikey.read_netrc_key(getattr(settings, "base_url", None))
        source = apikey.get_netrc_file_path() if key else None
    if not key:
        return None, None
    return "*" * 8 + key[-4:], source


def current_settings(settings: Any) -> dict[str, Any]:
    """The settings ``wandb status`` prints (the API key masked)."""
    masked, _ = _key_source(settings)

    def get(name: str) -> Any:
        value = getattr(settings, name, None)
        return list(value) if isinstance(value, tuple) else value

    return {
        "_extra_http_headers": get("x_extra_http_headers"),
        "_proxies": get("x_proxies"),
        "api_key": masked,
        "base_url": get("base_url"),
        "entity": get("entity"),
        "git_remote": get("git_remote"),
        "ignore_globs": get("ignore_globs") or [],
        "mode": get("mode"),
        "organization": get("organization"),
        "project": get("project"),
        "root_dir": get("root_dir"),
        "section": "default",
    }


def embedded_lines(settings: Any) -> list[str]:
    """What ``wandb status`` says about the embedded server: in use or not, running or not."""
    from wandb.sdk import embedded

    info = embedded.status()
    if not embedded.enabled():
        use = f"off ({embedded.OPT_OUT_ENV}=false)"
    elif getattr(settings, "_noop", False) or getattr(settings, "_offline", False):
        use = f"not used (mode {getattr(settings, 'mode', None)})"
    elif embedded.applies(settings):
        use = "in use (no base URL or API key configured)"
    else:
        use = "not used (a base URL or an API key is configured)"
    lines = [f"Embedded server (Vireo): {use}"]
    if info["running"]:
        lines.append(
            f"  running at {info['url']} (pid {info['pid']}, wandb {info['version']} / Vireo"
            f" {info['vireo_version']})"
        )
    else:
        lines.append("  not running")
    lines.append(f"  data: {info['data_dir']}")
    lines.append(f"  log:  {info['log_path']}")
    return lines


def register(cli: Any) -> None:
    """Add ``wandb status`` to the click group ``cli``."""
    import click

    @cli.command(help="Show configuration settings")
    @click.option("--settings/--no-settings", "show_settings", default=True, help="Show the current settings")
    def status(show_settings: bool) -> None:
        from wandb.sdk import wandb_setup

        settings = wandb_setup.singleton().settings
        if show_settings:
            click.echo(click.style("Current Settings", bold=True))
            click.echo(json.dumps(current_settings(settings), sort_keys=True, indent=2,
                                  separators=(",", ": ")))
            _, source = _key_source(settings)
            click.echo(f"API key: {'configured (' + source + ')' if source else 'not configured'}")
        for line in embedded_lines(settings):
            click.echo(line)
