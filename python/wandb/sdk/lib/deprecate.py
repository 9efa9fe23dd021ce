"""Deprecation warnings, shown once per message per process."""

from __future__ import annotations

from typing import Any

_shown: set[str] = set()


def deprecate(field_name: Any = None, warning_message: str = "", run: Any = None) -> None:
    """Warn (via ``wandb.termwarn``) that a feature is deprecated; once per message.

    ``field_name`` names the deprecated feature (kept for telemetry); ``run``, when
    given and it has ``_on_deprecated(field_name)``, is told about it.
    """
    import wandb

    if run is not None and isinstance(field_name, str):
        tel = getattr(run, "_telemetry", None)
        try:
            if hasattr(run, "_on_deprecated"):
                run._on_deprecated(field_name)
            elif tel is not None and hasattr(tel, "set_deprecated"):
                tel.set_deprecated(field_name)
        except Exception:  # noqa: BLE001  (telemetry must never break the caller)
            pass
    if warning_message in _shown:
        return
    _shown.add(warning_message)
    wandb.termwarn(warning_message, repeat=False)
