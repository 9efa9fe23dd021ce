"""``wandb.plot.scatter`` (see :mod:`wandb.plot.simple_charts`)."""

from wandb.plot.simple_charts import scatter

__all__ = ["scatter"]
