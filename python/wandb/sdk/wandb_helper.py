"""``wandb.helper``: ``parse_config(params, exclude=None, include=None)``."""

from wandb.sdk.lib.config_util import parse_config

__all__ = ["parse_config"]
