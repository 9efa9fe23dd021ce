"""``wandb.plot.line`` (see :mod:`wandb.plot.simple_charts`)."""

from wandb.plot.simple_charts import line

__all__ = ["line"]
