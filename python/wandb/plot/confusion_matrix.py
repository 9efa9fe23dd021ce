"""``wandb.plot.confusion_matrix``: counts of (actual, predicted) class pairs."""

from __future__ import annotations

from typing import Any, Sequence

from wandb.plot.custom_chart import CustomChart, plot_table


class UnknownClassError(ValueError, KeyError):
    """A label is not one of the classes (a ``ValueError``; also a ``KeyError`` as in wandb)."""

    def __str__(self) -> str:
        return ValueError.__str__(self)


def _labels(value: Any, name: str) -> list:
    if value is None:
        raise ValueError(f"`{name}` is required")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"`{name}` must be a sequence of labels, got {type(value).__name__}")
    tolist = getattr(value, "tolist", None)
    return list(tolist()) if callable(tolist) else list(value)


def confusion_matrix(
    probs: Sequence[Sequence[float]] | None = None,
    y_true: Sequence[Any] | None = None,
    preds: Sequence[Any] | None = None,
    class_names: Sequence[str] | None = None,
    title: str = "Confusion Matrix Curve",
    split_table: bool = False,
) -> CustomChart:
    """Confusion matrix of ``y_true`` against ``preds`` (or ``argmax(probs)``).

    With ``class_names`` the labels are class indices ``0..len(class_names)-1``; without, the
    classes are the sorted distinct labels, named ``Class_1``, ``Class_2``... The table has
    columns ``Actual``, ``Predicted``, ``nPredictions`` (spec ``wandb/confusion_matrix/v1``).

    Raises:
        ValueError: both or neither of ``probs`` / ``preds``; ``y_true`` missing or of another
            length; more distinct labels than ``class_names``; a label that is not a class index.
    """
    import numpy as np

    if probs is not None and preds is not None:
        raise ValueError("Only one of `probs` or `preds` should be provided, not both.")
    if probs is None and preds is None:
        raise ValueError("One of `probs` or `preds` is required.")
    if probs is not None:
        arr = np.asarray(probs)
        if arr.ndim != 2:
            raise ValueError(f"`probs` must be 2-D (samples x classes), got shape {arr.shape}")
        preds = np.argmax(arr, axis=1).tolist()
    preds = _labels(preds, "preds")
    y_true = _labels(y_true, "y_true")
    if len(preds) != len(y_true):
        raise ValueError("The number of predictions and true labels must be equal.")

    if class_names is not None:
        class_names = list(class_names)
        n_classes = len(class_names)
        class_idx: Any = list(range(n_classes))
        if len(set(preds)) > n_classes:
            raise ValueError("The number of unique predicted classes exceeds the number of class names.")
        if len(set(y_true)) > n_classes:
            raise ValueError("The number of unique true labels exceeds the number of class names.")
    else:
        class_idx = set(preds).union(set(y_true))
        n_classes = len(class_idx)
        class_names = [f"Class_{i + 1}" for i in range(n_classes)]

    mapping = {val: i for i, val in enumerate(sorted(class_idx))}
    counts = np.zeros((n_classes, n_classes))
    for name, labels in (("y_true", y_true), ("preds", preds)):
        unknown = [v for v in labels if v not in mapping]
        if unknown:
            raise UnknownClassError(
                f"`{name}` holds {unknown[0]!r}, which is not a class index "
                f"(0..{n_classes - 1} for {n_classes} class_names)"
            )
    for t, p in zip(y_true, preds):
        counts[mapping[t], mapping[p]] += 1

    data = [
        [class_names[i], class_names[j], float(counts[i, j])]
        for i in range(n_classes)
        for j in range(n_classes)
    ]
    import wandb

    return plot_table(
        data_table=wandb.Table(columns=["Actual", "Predicted", "nPredictions"], data=data),
        vega_spec_name="wandb/confusion_matrix/v1",
        fields={"Actual": "Actual", "Predicted": "Predicted", "nPredictions": "nPredictions"},
        string_fields={"title": title},
        split_table=split_table,
    )
