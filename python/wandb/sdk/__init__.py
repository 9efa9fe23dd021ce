"""The W&B SDK internals (``wandb.sdk``): init, runs, settings, config and helpers."""
