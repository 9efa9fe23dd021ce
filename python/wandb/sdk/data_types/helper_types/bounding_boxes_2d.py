"""``BoundingBoxes2D``: boxes drawn over a ``wandb.Image`` (stored as ``boxes2D`` JSON)."""

from __future__ import annotations

import numbers
from typing import Any, Optional, Union

from ..base_types.json_metadata import JSONMetadata
from ..base_types.media import _is_artifact
from ._run_config import add_singleton

_POSITION_ERROR = (
    "Each box must contain a position with: middle, width, and height or                     \n"
    "minX, maxX, minY, maxY."
)


def _has_num(d: Any, key: str) -> bool:
    return isinstance(d, dict) and key in d and isinstance(d[key], numbers.Number)


def _tensor_middles_to_lists(box_data: Any) -> None:
    for box in box_data or []:
        pos = box.get("position") if isinstance(box, dict) else None
        if isinstance(pos, dict) and "middle" in pos:
            mid = pos["middle"]
            if type(mid).__module__.startswith("torch") and hasattr(mid, "tolist"):
                pos["middle"] = mid.tolist()


class BoundingBoxes2D(JSONMetadata):
    """Boxes for an image: ``{"box_data": [...], "class_labels": {id: name}}``.

    Each box has ``position`` (``minX/maxX/minY/maxY`` or ``middle``/``width``/``height``),
    optional ``domain`` (``"pixel"`` for pixel coordinates, else relative),
    ``class_id``, ``box_caption`` and ``scores``.
    """

    _log_type = "bounding-boxes"

    def __init__(self, val: dict, key: str) -> None:
        """Create the boxes of group ``key`` from ``val`` (validated here)."""
        if not isinstance(val, dict) or "box_data" not in val:
            raise TypeError("boxes: each group must be a dict with a 'box_data' list")
        _tensor_middles_to_lists(val.get("box_data", []))
        super().__init__(val)
        self._val = val["box_data"]
        self._key = key
        if "class_labels" not in val:
            ids = sorted({int(box["class_id"]) for box in val["box_data"]})
            self._class_labels = {c: "class_" + str(c) for c in ids}
        else:
            self._class_labels = val["class_labels"]

    def bind_to_run(self, run: Any, key: Union[int, str], step: Union[int, str],
                    id_: Optional[Union[int, str]] = None, ignore_copy_err: Optional[bool] = None) -> None:
        super().bind_to_run(run, key, step, id_=id_, ignore_copy_err=ignore_copy_err)
        add_singleton(run, "bounding_box/class_labels", f"{key}_wandb_delimeter_{self._key}", self._class_labels)

    @classmethod
    def type_name(cls) -> str:
        return "boxes2D"

    def validate(self, val: dict) -> bool:
        if "class_labels" in val:
            for k, v in list(val["class_labels"].items()):
                if not isinstance(k, numbers.Number) or not isinstance(v, str):
                    raise TypeError("Class labels must be a dictionary of numbers to string")
        boxes = val["box_data"]
        if not isinstance(boxes, list):
            raise TypeError("Boxes must be a list")
        for box in boxes:
            pos = box.get("position") if isinstance(box, dict) else None
            if pos is None:
                raise TypeError(_POSITION_ERROR)
            ok = (
                "middle" in pos and len(pos["middle"]) == 2
                and _has_num(pos, "width") and _has_num(pos, "height")
            ) or all(_has_num(pos, k) for k in ("minX", "maxX", "minY", "maxY"))
            if not ok:
                raise TypeError(_POSITION_ERROR)
            if "scores" in box and not isinstance(box["scores"], dict):
                raise TypeError("Box scores must be a dictionary")
            if "scores" in box:
                for k, v in list(box["scores"].items()):
                    if not isinstance(k, str):
                        raise TypeError("A score key must be a string")
                    if not isinstance(v, numbers.Number):
                        raise TypeError("A score value must be a number")
            if "class_id" in box and not isinstance(box["class_id"], int):
                raise TypeError("A box's class_id must be an integer")
            if "box_caption" in box and not isinstance(box["box_caption"], str):
                raise TypeError("A box's caption must be a string")
        return True

    def to_json(self, run_or_artifact: Any) -> Any:
        if _is_artifact(run_or_artifact):
            return self._val
        return super().to_json(run_or_artifact)

    @classmethod
    def from_json(cls, json_obj: Any, source_artifact: Any) -> "BoundingBoxes2D":
        return cls({"box_data": json_obj}, "")
