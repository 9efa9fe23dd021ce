"""``wandb.plot.bar`` (see :mod:`wandb.plot.simple_charts`)."""

from wandb.plot.simple_charts import bar

__all__ = ["bar"]
