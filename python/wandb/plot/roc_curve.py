"""``wandb.plot.roc_curve``: receiver operating characteristic curve per class."""

from __future__ import annotations

from typing import Any, Sequence

from wandb.plot import _curves
from wandb.plot.custom_chart import CustomChart, plot_table


def roc_curve(
    y_true: Sequence[Any],
    y_probas: Sequence[Sequence[float]] | None = None,
    labels: list[str] | None = None,
    classes_to_plot: list[Any] | None = None,
    title: str = "ROC Curve",
    split_table: bool = False,
) -> CustomChart:
    """ROC curve (false vs true positive rate) of each class (one-vs-rest), computed with numpy.

    Args:
        y_true: true label of each sample.
        y_probas: predicted probabilities, shape ``(samples, classes)``; column ``i`` scores
            the ``i``-th class in sorted order.
        labels: class names for integer labels (``labels[class]``).
        classes_to_plot: draw only these classes (values of ``y_true``).
        title: chart title.
        split_table: show the table in the "Custom Chart Tables" section.

    The table has columns ``class``, ``fpr``, ``tpr`` (3 decimals); spec
    ``wandb/area-under-curve/v0``.

    Raises:
        ValueError: missing or mis-shaped ``y_true``/``y_probas``, non-finite probabilities,
            a class without a name in ``labels``.
    """
    y_true, y_probas, classes = _curves.prepare(y_true, y_probas)
    names: list = []
    series: list = []
    for i in _curves.class_indices(classes, classes_to_plot):
        name = _curves.class_label(classes, i, labels)
        fpr, tpr = _curves.roc(y_true, y_probas[..., i], classes[i])
        if name in names:  # wandb keys curves by label: a repeated label replaces the curve
            series[names.index(name)] = (fpr, tpr)
            continue
        names.append(name)
        series.append((fpr, tpr))
    table = _curves.curve_table(names, series, ("class", "fpr", "tpr"), ("fpr", "tpr", "class"))
    return plot_table(
        data_table=table,
        vega_spec_name="wandb/area-under-curve/v0",
        fields={"x": "fpr", "y": "tpr", "class": "class"},
        string_fields={
            "title": title,
            "x-axis-title": "False positive rate",
            "y-axis-title": "True positive rate",
        },
        split_table=split_table,
    )
