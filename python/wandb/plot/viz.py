"""``wandb.plot.visualize``: a table shown with a named (legacy) visualization."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wandb.plot.custom_chart import _is_table


@dataclass
class VisualizeSpec:
    """Visualization id and the history key it reads."""

    name: str
    key: str = ""

    @property
    def config_value(self) -> dict[str, Any]:
        return {"id": self.name, "historyFieldSettings": {"x-axis": "_step", "key": self.key}}

    @property
    def config_key(self) -> tuple[str, str, str]:
        return ("_wandb", "viz", self.key)


@dataclass
class Visualize:
    """A table plus the visualization that draws it."""

    table: Any
    spec: VisualizeSpec

    def set_key(self, key: str) -> None:
        self.spec.key = key


def visualize(id: str, value: Any) -> Visualize:
    """Show ``value`` (a ``wandb.Table``) with the visualization ``id``."""
    if not _is_table(value):
        from wandb.errors import Error

        raise Error(f"Expected `value` to be `wandb.Table` type, instead got {type(value).__name__}")
    return Visualize(table=value, spec=VisualizeSpec(name=id))
