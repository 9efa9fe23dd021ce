"""``ImageMask``: a per-pixel class mask drawn over a ``wandb.Image`` (8-bit PNG)."""

from __future__ import annotations

import numbers
import os
from typing import Any, Optional, Union

from .._private import MEDIA_TMP
from ..base_types.json_metadata import _tmp_name
from ..base_types.media import Media, _is_artifact
from ._run_config import add_singleton


def _to_numpy(x: Any) -> Any:
    if type(x).__module__.startswith("torch"):
        t = x.detach() if getattr(x, "requires_grad", False) else x
        return t.cpu().numpy()
    return x


class ImageMask(Media):
    """A mask for an image: ``{"mask_data": 2-D int array, "class_labels": {id: name}}``
    or ``{"path": "<png file>"}``."""

    _log_type = "mask"

    def __init__(self, val: dict, key: str) -> None:
        """Create the mask of group ``key`` (validated here)."""
        super().__init__()
        if not isinstance(val, dict):
            raise TypeError("masks: each group must be a dict with 'mask_data' or 'path'")
        self._key = key
        if "path" in val:
            if not os.path.isfile(str(val["path"])):
                raise ValueError(f"masks: path {val['path']!r} does not exist")
            self._set_file(str(val["path"]))
            return
        import numpy as np

        if "mask_data" in val:
            val["mask_data"] = _to_numpy(val["mask_data"])
            if not hasattr(val["mask_data"], "shape"):
                val["mask_data"] = np.asarray(val["mask_data"])
        if "class_labels" not in val and "mask_data" in val:
            ids = np.unique(val["mask_data"]).astype(np.int32).tolist()
            val["class_labels"] = {c: "class_" + str(c) for c in ids}
        self.validate(val)
        self._val = val
        ext = "." + self.type_name() + ".png"
        tmp_path = os.path.join(MEDIA_TMP.name, _tmp_name() + ext)
        # wandb casts to int8 and writes the raw bytes as an 8-bit grayscale PNG
        pixels = np.ascontiguousarray(val["mask_data"].astype(np.int8)).view(np.uint8)
        from ..base_types import _native

        done = _native.write_png(tmp_path, pixels)
        if done is None:
            from PIL import Image as PILImage

            PILImage.frombytes("L", (pixels.shape[1], pixels.shape[0]), pixels.tobytes()).save(tmp_path)
            self._set_file(tmp_path, is_tmp=True, extension=ext)
        else:
            self._set_file(tmp_path, is_tmp=True, extension=ext, sha256=done[0], size=done[1])

    def bind_to_run(self, run: Any, key: Union[int, str], step: Union[int, str],
                    id_: Optional[Union[int, str]] = None, ignore_copy_err: Optional[bool] = None) -> None:
        super().bind_to_run(run, key, step, id_=id_, ignore_copy_err=ignore_copy_err)
        val = getattr(self, "_val", None)
        if val is not None and "class_labels" in val:
            add_singleton(run, "mask/class_labels", f"{key}_wandb_delimeter_{self._key}", val["class_labels"])

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "images", cls.type_name())

    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "ImageMask":
        return cls({"path": source_artifact.get_entry(json_obj["path"]).download()}, key="")

    def to_json(self, run_or_artifact: Any) -> dict:
        json_dict = super().to_json(run_or_artifact)
        if not _is_artifact(run_or_artifact):
            json_dict["_type"] = self.type_name()
        return json_dict

    @classmethod
    def type_name(cls) -> str:
        return cls._log_type

    def validate(self, val: dict) -> bool:
        import numpy as np

        if "mask_data" not in val:
            raise TypeError(
                'Missing key "mask_data": An image mask requires mask data: a 2D array representing the predictions'
            )
        data = val["mask_data"]
        if len(data.shape) != 2:
            raise TypeError("mask_data must be a 2D array")
        if issubclass(data.dtype.type, np.integer) and not ((data >= 0).all() and (data <= 255).all()):
            raise TypeError("Mask data must be integers between 0 and 255")
        if "class_labels" in val:
            for k, v in list(val["class_labels"].items()):
                if not isinstance(k, numbers.Number) or not isinstance(v, str):
                    raise TypeError("Class labels must be a dictionary of numbers to strings")
        return True
