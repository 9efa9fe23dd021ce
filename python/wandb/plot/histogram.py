"""``wandb.plot.histogram`` (see :mod:`wandb.plot.simple_charts`)."""

from wandb.plot.simple_charts import histogram

__all__ = ["histogram"]
