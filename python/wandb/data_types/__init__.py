"""Public data types: ``wandb.data_types.Image``, ``Audio``, ``Table``, ... (lazily imported).

Everything here is a subclass of ``WBValue`` and serializes to JSON for the run or an artifact.
"""

from __future__ import annotations

import importlib
from typing import Any

_SDK = "wandb.sdk.data_types"
_NAMES = {
    "Audio": f"{_SDK}.audio",
    "Table": f"{_SDK}.table",
    "JoinedTable": f"{_SDK}.table",
    "PartitionedTable": f"{_SDK}.table",
    "Bokeh": f"{_SDK}.bokeh",
    "Node": f"{_SDK}.graph",
    "Graph": f"{_SDK}.graph",
    "Histogram": f"{_SDK}.histogram",
    "Html": f"{_SDK}.html",
    "Image": f"{_SDK}.image",
    "Molecule": f"{_SDK}.molecule",
    "box3d": f"{_SDK}.object_3d",
    "Object3D": f"{_SDK}.object_3d",
    "Plotly": f"{_SDK}.plotly",
    "Video": f"{_SDK}.video",
    "WBTraceTree": f"{_SDK}.trace_tree",
    "_SavedModel": f"{_SDK}.saved_model",
    "WBValue": f"{_SDK}.base_types.wb_value",
    "Media": f"{_SDK}.base_types.media",
    "BatchableMedia": f"{_SDK}.base_types.media",
    "ImageMask": f"{_SDK}.helper_types.image_mask",
    "BoundingBoxes2D": f"{_SDK}.helper_types.bounding_boxes_2d",
    "Classes": f"{_SDK}.helper_types.classes",
}

__all__ = [
    "Audio", "Table", "JoinedTable", "PartitionedTable", "Bokeh", "Node", "Graph", "Histogram",
    "Html", "Image", "Molecule", "box3d", "Object3D", "Plotly", "Video", "WBTraceTree",
    "_SavedModel", "WBValue", "Media", "BatchableMedia", "ImageMask", "BoundingBoxes2D", "Classes",
]


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'wandb.data_types' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(__all__))
