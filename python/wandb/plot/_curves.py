"""Binary-classifier curves computed with numpy, equal to scikit-learn's
``precision_recall_curve`` (``drop_intermediate=False``) and ``roc_curve``
(``drop_intermediate=True``), which wandb 0.21.3 calls for ``pr_curve`` / ``roc_curve``.
"""

from __future__ import annotations

from typing import Any


def _counts_at_thresholds(y_true: Any, y_score: Any, pos_label: Any) -> tuple[Any, Any]:
    """False and true positive counts at each distinct score, highest score first."""
    import numpy as np

    positive = (np.asarray(y_true) == pos_label).astype(np.float64)
    score = np.asarray(y_score)
    order = np.argsort(score, kind="mergesort")[::-1]
    score = score[order]
    positive = positive[order]
    distinct = np.where(np.diff(score))[0]
    idx = np.r_[distinct, positive.size - 1]
    tps = np.cumsum(positive, dtype=np.float64)[idx]
    fps = 1 + idx.astype(np.float64) - tps
    return fps, tps


def precision_recall(y_true: Any, y_score: Any, pos_label: Any) -> tuple[Any, Any]:
    """``(precision, recall)`` ordered by increasing threshold, ending with ``(1, 0)``."""
    import numpy as np

    fps, tps = _counts_at_thresholds(y_true, y_score, pos_label)
    ps = tps + fps
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(ps != 0, tps / ps, 0.0)
    recall = np.ones_like(tps) if tps[-1] == 0 else tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0]


def roc(y_true: Any, y_score: Any, pos_label: Any) -> tuple[Any, Any]:
    """``(fpr, tpr)`` from ``(0, 0)`` on, collinear intermediate points dropped."""
    import numpy as np

    fps, tps = _counts_at_thresholds(y_true, y_score, pos_label)
    if fps.shape[0] > 2:
        keep = np.where(np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True])[0]
        fps, tps = fps[keep], tps[keep]
    tps = np.r_[0.0, tps]
    fps = np.r_[0.0, fps]
    fpr = np.full(fps.shape, np.nan) if fps[-1] <= 0 else fps / fps[-1]
    tpr = np.full(tps.shape, np.nan) if tps[-1] <= 0 else tps / tps[-1]
    return fpr, tpr


class LabelIndexError(ValueError, IndexError):
    """``labels`` has no entry for a class index (``ValueError``; ``IndexError`` as in wandb)."""

    def __str__(self) -> str:
        return ValueError.__str__(self)


def prepare(y_true: Any, y_probas: Any) -> tuple[Any, Any, Any]:
    """Check the inputs; return ``(y_true, y_probas, classes)`` as numpy arrays."""
    import numpy as np

    if y_true is None:
        raise ValueError("`y_true` is required")
    if y_probas is None:
        raise ValueError("`y_probas` is required")
    y_true = np.asarray(y_true)
    y_probas = np.asarray(y_probas)
    if y_true.ndim != 1:
        raise ValueError(f"`y_true` must be 1-D (one label per sample), got shape {y_true.shape}")
    if y_probas.ndim != 2:
        raise ValueError(
            f"`y_probas` must be 2-D (samples x classes), got shape {y_probas.shape}"
        )
    if y_probas.shape[0] != y_true.shape[0]:
        raise ValueError(
            f"`y_probas` has {y_probas.shape[0]} rows but `y_true` has {y_true.shape[0]} labels"
        )
    if y_probas.dtype.kind not in "fiub":
        raise ValueError(f"`y_probas` must hold numbers, got dtype {y_probas.dtype}")
    if not np.all(np.isfinite(y_probas)):
        raise ValueError("`y_probas` contains NaN or infinity.")
    classes = np.unique(y_true)
    if y_probas.shape[1] < len(classes):
        raise ValueError(
            f"`y_probas` has {y_probas.shape[1]} columns but `y_true` has {len(classes)} classes"
        )
    return y_true, y_probas, classes


def class_indices(classes: Any, classes_to_plot: Any) -> Any:
    """Indices of ``classes`` to draw (all when ``classes_to_plot`` is None)."""
    import numpy as np

    if classes_to_plot is None:
        return np.arange(len(classes))
    wanted = np.asarray(classes_to_plot)
    missing = [v for v in wanted.ravel().tolist() if v not in classes.tolist()]
    if missing:
        import wandb

        wandb.termwarn(
            f"`classes_to_plot` values not found in `y_true` are skipped: {missing}", repeat=False
        )
    return np.where(np.isin(classes, wanted))[0]


def class_label(classes: Any, i: int, labels: Any) -> Any:
    """The name drawn for class ``classes[i]`` (``labels[class]`` for integer classes)."""
    import numpy as np

    value = classes[i]
    if labels is not None and (isinstance(value, int) or isinstance(classes[0], np.integer)):
        try:
            return labels[value]
        except IndexError:
            raise LabelIndexError(
                f"`labels` has {len(labels)} entries, no name for class {int(value)}"
            ) from None
    return value.item() if isinstance(value, np.generic) else value


def curve_table(
    class_names: list,
    series: list[tuple[Any, Any]],
    columns: tuple[str, str, str],
    sort_by: tuple[str, str, str],
) -> Any:
    """``wandb.Table`` with ``columns`` = (class, a, b), values rounded to 3 decimals.

    Above ``wandb.Table.MAX_ROWS`` rows the table is resampled per class (with scikit-learn's
    ``resample(random_state=42, stratify=class)`` when installed, as wandb does) and sorted.
    """
    import numpy as np

    import wandb

    n = [len(a) for a, _ in series]
    cls = [c for c, k in zip(class_names, n) for _ in range(k)]
    a = np.round(np.hstack([s[0] for s in series]), 3) if series else np.zeros(0)
    b = np.round(np.hstack([s[1] for s in series]), 3) if series else np.zeros(0)
    if cls and isinstance(cls[0], float):
        cls = np.round(np.asarray(cls), 3).tolist()
    rows = [[c, float(x), float(y)] for c, x, y in zip(cls, a, b)]

    max_rows = int(getattr(wandb.Table, "MAX_ROWS", 10000))
    if len(rows) > max_rows:
        rows = _resample(rows, max_rows, columns, sort_by)
    return wandb.Table(columns=list(columns), data=rows)


def _resample(rows: list, max_rows: int, columns: tuple, sort_by: tuple) -> list:
    import numpy as np

    import wandb

    wandb.termwarn(f"Table has a limit of {max_rows} rows. Resampling to fit.")
    strata = np.asarray([r[0] for r in rows])
    try:
        from sklearn.utils import resample

        picked = resample(
            np.arange(len(rows)),
            replace=False,
            n_samples=max_rows,
            random_state=42,
            stratify=strata,
        )
    except ImportError:  # proportional per-class sample without scikit-learn
        rng = np.random.RandomState(42)
        values, counts = np.unique(strata, return_counts=True)
        quota = np.floor(counts * max_rows / len(rows)).astype(int)
        for j in np.argsort(-(counts * max_rows / len(rows) - quota))[: max_rows - quota.sum()]:
            quota[j] += 1
        picked = np.concatenate(
            [rng.permutation(np.where(strata == v)[0])[:q] for v, q in zip(values, quota)]
        )
    chosen = [rows[i] for i in picked]
    pos = [columns.index(c) for c in sort_by]
    keys = tuple(np.asarray([r[p] for r in chosen]) for p in reversed(pos))
    order = np.lexsort(keys)
    return [chosen[i] for i in order]
