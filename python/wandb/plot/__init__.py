"""Custom charts: a ``wandb.Table`` drawn by a Vega spec stored on the W&B server.

Each function returns a :class:`~wandb.plot.custom_chart.CustomChart`; log it with
``run.log({"name": chart})``. Importing this package registers the ``run.log`` hook that
turns charts into their table plus a panel entry in the run config.
"""

__all__ = [
    "line",
    "histogram",
    "scatter",
    "bar",
    "roc_curve",
    "pr_curve",
    "confusion_matrix",
    "line_series",
    "plot_table",
    "visualize",
]

from wandb.plot import _log_hook
from wandb.plot.bar import bar
from wandb.plot.confusion_matrix import confusion_matrix
from wandb.plot.custom_chart import CustomChart, plot_table
from wandb.plot.histogram import histogram
from wandb.plot.line import line
from wandb.plot.line_series import line_series
from wandb.plot.pr_curve import pr_curve
from wandb.plot.roc_curve import roc_curve
from wandb.plot.scatter import scatter
from wandb.plot.viz import Visualize, visualize

_log_hook.register()
