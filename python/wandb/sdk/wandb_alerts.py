"""Alert levels for ``run.alert`` (``wandb.AlertLevel``)."""

from enum import Enum


class AlertLevel(Enum):
    """Severity of an alert sent with ``run.alert``."""

    INFO = "INFO"
    WARN = "WARN"
    ERROR = "ERROR"


__all__ = ["AlertLevel"]
