"""``wandb.plot.line_series``: several y series against shared or per-series x values."""

from __future__ import annotations

from typing import Any, Iterable

from wandb.plot.custom_chart import CustomChart, plot_table


def _is_sequence(value: Any) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes))


def _as_list(value: Any, name: str) -> list:
    if not _is_sequence(value):
        raise TypeError(f"`{name}` must be a sequence, got {type(value).__name__}")
    return list(value)


def line_series(
    xs: Iterable[Iterable[Any]] | Iterable[Any],
    ys: Iterable[Iterable[Any]],
    keys: Iterable[str] | None = None,
    title: str = "",
    xname: str = "x",
    split_table: bool = False,
) -> CustomChart:
    """Lines ``ys[i]`` against ``xs`` (one shared x list) or ``xs[i]`` (one per series).

    ``keys`` names the lines (default ``line_0``, ``line_1``...). Spec ``wandb/lineseries/v0``;
    the table has columns ``step``, ``lineKey``, ``lineVal``.

    Raises:
        ValueError: the number of x series or of keys differs from the number of y series.
    """
    ys = _as_list(ys, "ys")
    xs = _as_list(xs, "xs")
    if not xs:
        raise ValueError("`xs` must not be empty")
    if not _is_sequence(xs[0]):
        xs = [xs] * len(ys)
    if len(xs) != len(ys):
        raise ValueError(f"Number of x-series ({len(xs)}) must match y-series ({len(ys)}).")
    keys = [f"line_{i}" for i in range(len(ys))] if keys is None else list(keys)
    if len(keys) != len(ys):
        raise ValueError(f"Number of keys ({len(keys)}) must match y-series ({len(ys)}).")
    data = [[x, keys[i], y] for i, (xx, yy) in enumerate(zip(xs, ys)) for x, y in zip(xx, yy)]
    import wandb

    table = wandb.Table(data=data, columns=["step", "lineKey", "lineVal"])
    return plot_table(
        data_table=table,
        vega_spec_name="wandb/lineseries/v0",
        fields={"step": "step", "lineKey": "lineKey", "lineVal": "lineVal"},
        string_fields={"title": title, "xname": xname},
        split_table=split_table,
    )
