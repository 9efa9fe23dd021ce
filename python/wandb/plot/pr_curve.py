"""``wandb.plot.pr_curve``: precision-recall curve per class."""

from __future__ import annotations

from typing import Any, Iterable

from wandb.plot import _curves
from wandb.plot.custom_chart import CustomChart, plot_table


def pr_curve(
    y_true: Iterable[Any] | None = None,
    y_probas: Iterable[Any] | None = None,
    labels: list[str] | None = None,
    classes_to_plot: list[Any] | None = None,
    interp_size: int = 21,
    title: str = "Precision-Recall Curve",
    split_table: bool = False,
) -> CustomChart:
    """Precision-recall curve of each class (one-vs-rest), computed with numpy.

    Args:
        y_true: true label of each sample.
        y_probas: predicted probabilities, shape ``(samples, classes)``; column ``i`` scores
            the ``i``-th class in sorted order.
        labels: class names for integer labels (``labels[class]``).
        classes_to_plot: draw only these classes (values of ``y_true``).
        interp_size: number of recall points (1 down to 0) precision is read at.
        title: chart title.
        split_table: show the table in the "Custom Chart Tables" section.

    The table has columns ``class``, ``precision``, ``recall`` (3 decimals); spec
    ``wandb/area-under-curve/v0``.

    Raises:
        ValueError: missing or mis-shaped ``y_true``/``y_probas``, non-finite probabilities,
            ``interp_size`` < 1, a class without a name in ``labels``.
    """
    import numpy as np

    if not isinstance(interp_size, (int, np.integer)) or isinstance(interp_size, bool) or interp_size < 1:
        raise ValueError(f"`interp_size` must be a positive integer, got {interp_size!r}")
    y_true, y_probas, classes = _curves.prepare(y_true, y_probas)
    recall_grid = np.linspace(0, 1, int(interp_size))[::-1]
    names: list = []
    series: list = []
    for i in _curves.class_indices(classes, classes_to_plot):
        name = _curves.class_label(classes, i, labels)
        precision, recall = _curves.precision_recall(y_true, y_probas[:, i], classes[i])
        precision = np.maximum.accumulate(precision)[::-1]
        recall = recall[::-1]
        at = np.searchsorted(recall, recall_grid, side="left")
        if name in names:  # wandb keys curves by label: a repeated label replaces the curve
            j = names.index(name)
            series[j] = (precision[at], recall_grid)
            continue
        names.append(name)
        series.append((precision[at], recall_grid))
    table = _curves.curve_table(
        names, series, ("class", "precision", "recall"), ("precision", "recall", "class")
    )
    return plot_table(
        data_table=table,
        vega_spec_name="wandb/area-under-curve/v0",
        fields={"x": "recall", "y": "precision", "class": "class"},
        string_fields={"title": title, "x-axis-title": "Recall", "y-axis-title": "Precision"},
        split_table=split_table,
    )
