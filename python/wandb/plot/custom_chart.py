"""``CustomChart``: a ``wandb.Table`` plus the Vega spec (by name) that draws it.

Logged with ``run.log({key: chart})``: the table goes to history under ``<key>_table``
(``Custom Chart Tables/<key>_table`` with ``split_table=True``) and the panel is recorded in
the run config under ``_wandb.visualize.<key>`` (see :mod:`wandb.plot._log_hook`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The transform the W&B UI applies to the table before the Vega spec sees it.
_TRANSFORM = {"name": "tableWithLeafColNames"}


def _user_query(table_key: str) -> dict[str, Any]:
    """The panel's data query: the run set's summary table stored under ``table_key``."""
    fields = [{"name": name, "fields": []} for name in ("id", "name", "_defaultColorIndex")]
    fields.append(
        {"name": "summaryTable", "args": [{"name": "tableKey", "value": table_key}], "fields": []}
    )
    return {
        "queryFields": [
            {"name": "runSets", "args": [{"name": "runSets", "value": "${runSets}"}], "fields": fields}
        ]
    }


@dataclass
class CustomChartSpec:
    """Which Vega spec draws the chart and how table columns map onto its fields."""

    spec_name: str
    fields: dict[str, Any]
    string_fields: dict[str, Any]
    key: str = ""
    panel_type: str = "Vega2"
    split_table: bool = False

    @property
    def table_key(self) -> str:
        """History key of the chart's table."""
        if not self.key:
            from wandb.errors import Error

            raise Error("Key for the custom chart spec is not set.")
        if self.split_table:
            return f"Custom Chart Tables/{self.key}_table"
        return f"{self.key}_table"

    @property
    def config_value(self) -> dict[str, Any]:
        """The panel description stored in the run config."""
        return {
            "panel_type": self.panel_type,
            "panel_config": {
                "panelDefId": self.spec_name,
                "fieldSettings": self.fields,
                "stringSettings": self.string_fields,
                "transform": dict(_TRANSFORM),
                "userQuery": _user_query(self.table_key),
            },
        }

    @property
    def config_key(self) -> tuple[str, str, str]:
        """Nested config path of the panel description."""
        return ("_wandb", "visualize", self.key)


@dataclass
class CustomChart:
    """A table and the chart spec to draw it; log it with ``run.log({"name": chart})``."""

    table: Any
    spec: CustomChartSpec

    def set_key(self, key: str) -> None:
        """Set the history key the chart is logged under."""
        self.spec.key = key


def _is_table(value: Any) -> bool:
    try:
        import wandb

        table_cls = wandb.Table
    except Exception:  # the Table type is not available: accept anything table-like
        return hasattr(value, "columns") and hasattr(value, "data")
    return isinstance(value, table_cls)


def plot_table(
    vega_spec_name: str,
    data_table: Any,
    fields: dict[str, Any],
    string_fields: dict[str, Any] | None = None,
    split_table: bool = False,
) -> CustomChart:
    """Make a custom chart from a Vega spec name and a ``wandb.Table``.

    Args:
        vega_spec_name: name of the Vega spec stored on the server (e.g. ``"wandb/line/v0"``).
        data_table: the ``wandb.Table`` with the data.
        fields: maps the spec's fields to table columns.
        string_fields: values for the spec's string constants (title, axis names...).
        split_table: show the table in a separate "Custom Chart Tables" section.

    Raises:
        wandb.Error: ``data_table`` is not a ``wandb.Table``.
    """
    if not _is_table(data_table):
        from wandb.errors import Error

        raise Error(
            "Expected `data_table` to be `wandb.Table` type, instead got "
            f"{type(data_table).__name__}"
        )
    return CustomChart(
        table=data_table,
        spec=CustomChartSpec(
            spec_name=vega_spec_name,
            fields=fields,
            string_fields=string_fields or {},
            split_table=split_table,
        ),
    )
