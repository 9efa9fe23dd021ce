"""Charts drawn straight from a ``wandb.Table``: bar, histogram, line, scatter."""

from __future__ import annotations

from typing import Any

from wandb.plot.custom_chart import CustomChart, plot_table


def bar(table: Any, label: str, value: str, title: str = "", split_table: bool = False) -> CustomChart:
    """Bar chart of the ``value`` column per ``label`` (spec ``wandb/bar/v0``)."""
    return plot_table(
        vega_spec_name="wandb/bar/v0",
        data_table=table,
        fields={"label": label, "value": value},
        string_fields={"title": title},
        split_table=split_table,
    )


def histogram(table: Any, value: str, title: str = "", split_table: bool = False) -> CustomChart:
    """Histogram of the ``value`` column (spec ``wandb/histogram/v0``)."""
    return plot_table(
        vega_spec_name="wandb/histogram/v0",
        data_table=table,
        fields={"value": value},
        string_fields={"title": title},
        split_table=split_table,
    )


def line(
    table: Any,
    x: str,
    y: str,
    stroke: str | None = None,
    title: str = "",
    split_table: bool = False,
) -> CustomChart:
    """Line of column ``y`` against ``x``; ``stroke`` groups rows into lines (``wandb/line/v0``)."""
    return plot_table(
        vega_spec_name="wandb/line/v0",
        data_table=table,
        fields={"x": x, "y": y, "stroke": stroke},
        string_fields={"title": title},
        split_table=split_table,
    )


def scatter(table: Any, x: str, y: str, title: str = "", split_table: bool = False) -> CustomChart:
    """Scatter plot of column ``y`` against ``x`` (spec ``wandb/scatter/v0``)."""
    return plot_table(
        vega_spec_name="wandb/scatter/v0",
        data_table=table,
        fields={"x": x, "y": y},
        string_fields={"title": title},
        split_table=split_table,
    )
