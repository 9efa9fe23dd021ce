"""Compatibility alias: ``wandb.wandb_run.Run`` is ``wandb.sdk.wandb_run.Run``."""

from wandb.sdk.wandb_run import Run

__all__ = ["Run"]
