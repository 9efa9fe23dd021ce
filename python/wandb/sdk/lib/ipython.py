"""Notebook detection helpers (``wandb.sdk.lib.ipython``)."""

from __future__ import annotations


def _get_python_type() -> str:
    """``"python"``, ``"ipython"`` or ``"jupyter"``."""
    from wandb.sdk.settings_runtime import python_type

    return python_type()


def in_jupyter() -> bool:
    """True inside a Jupyter kernel."""
    return _get_python_type() == "jupyter"


def in_notebook() -> bool:
    """True inside IPython or Jupyter."""
    return _get_python_type() != "python"
