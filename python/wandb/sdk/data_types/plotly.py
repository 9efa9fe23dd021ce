"""``wandb.Plotly``: a plotly figure logged as ``media/plotly/<key>_<step>_<hash>.plotly.json``.

Matplotlib figures are converted with ``plotly.tools.mpl_to_plotly``. Logging a matplotlib
figure directly (``run.log({"k": fig})`` or ``plt``) goes through ``Plotly.make_plot_media``:
a figure containing images (``imshow``) becomes a ``wandb.Image``, any other becomes a Plotly.
"""

from __future__ import annotations

import json
import os
from typing import Any, Union

from ._media_files import write_tmp
from .base_types.media import Media
from .table_json import run_cell, run_default


def _typename(obj: Any) -> str:
    from .utils import _typename as typename  # modules (``plt``) are named by ``__name__``

    return typename(obj)


def _is_matplotlib(obj: Any) -> bool:
    return _typename(obj).startswith("matplotlib.")


def _is_plotly_figure(obj: Any) -> bool:
    name = _typename(obj)
    return name.startswith("plotly.") and name.endswith(".Figure")


def _patch_spine_is_frame_like() -> None:
    """plotly's converter calls ``Spine.is_frame_like``, which newer matplotlib removed."""
    from matplotlib.spines import Spine

    if getattr(Spine, "_wandb_is_frame_like", False):
        return

    def is_frame_like(self: Any) -> bool:
        position = self._position or ("outward", 0.0)
        if isinstance(position, str):
            position = {"center": ("axes", 0.5), "zero": ("data", 0)}.get(position, position)
        if len(position) != 2:
            raise ValueError("position should be 2-tuple")
        kind, amount = position
        return kind == "outward" and amount == 0

    Spine.is_frame_like = is_frame_like
    Spine._wandb_is_frame_like = True


def ensure_matplotlib_figure(obj: Any) -> Any:
    """The matplotlib ``Figure`` behind ``obj`` (``pyplot`` itself means the current figure)."""
    import matplotlib
    import matplotlib.pyplot
    from matplotlib.figure import Figure

    _patch_spine_is_frame_like()
    if obj is matplotlib.pyplot:
        return obj.gcf()
    if not isinstance(obj, Figure) and hasattr(obj, "figure"):
        obj = obj.figure
        if not isinstance(obj, Figure):
            raise ValueError("Only matplotlib.pyplot or matplotlib.pyplot.Figure objects are accepted.")
    return obj


def matplotlib_contains_images(obj: Any) -> bool:
    """Whether any axes of the figure shows an image."""
    fig = ensure_matplotlib_figure(obj)
    return any(len(ax.images) > 0 for ax in fig.axes)


def matplotlib_to_plotly(obj: Any) -> Any:
    """The plotly figure converted from a matplotlib figure."""
    fig = ensure_matplotlib_figure(obj)
    try:
        import plotly.tools as tools
    except ImportError as e:
        raise ImportError(
            "plotly is required to log interactive plots, install with: "
            "`pip install plotly` or convert the plot to an image with `wandb.Image(plt)`"
        ) from e
    return tools.mpl_to_plotly(fig)


class Plotly(Media):
    """A plotly figure for W&B.

    Args:
        val: a plotly figure, or a matplotlib figure (converted to plotly).
    """

    _log_type = "plotly-file"

    @classmethod
    def make_plot_media(cls, val: Any) -> Union["Plotly", Any]:
        """Media for a logged figure: an ``Image`` for matplotlib figures with images, else a ``Plotly``."""
        if _is_matplotlib(val):
            if matplotlib_contains_images(val):
                from .image import Image

                return Image(val)
            val = matplotlib_to_plotly(val)
        return cls(val)

    def __init__(self, val: Any) -> None:
        super().__init__()
        if not _is_plotly_figure(val):
            if _is_matplotlib(val):
                if matplotlib_contains_images(val):
                    raise ValueError(
                        "Plotly does not currently support converting matplotlib figures containing images. "
                        "You can convert the plot to a static image with `wandb.Image(plt)` "
                    )
                val = matplotlib_to_plotly(val)
            else:
                raise ValueError(
                    "Logged plots must be plotly figures, or matplotlib plots convertible to plotly via "
                    f"mpl_to_plotly (val is a {_typename(val)})"
                )
        payload = run_cell(val.to_plotly_json())
        write_tmp(self, json.dumps(payload, default=run_default), ".plotly.json")

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "plotly")

    def to_json(self, run_or_artifact: Any) -> dict:
        out = super().to_json(run_or_artifact)
        out["_type"] = self._log_type
        return out
