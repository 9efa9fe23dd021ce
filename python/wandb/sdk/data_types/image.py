"""``wandb.Image``: images from numpy arrays, torch tensors, PIL images, figures or files.

uint8 pixel data (after wandb's normalization) in L/LA/RGB/RGBA is encoded to PNG by the Rust
core (fast compression, GIL released); PIL handles other modes, jpg/bmp and PIL-only inputs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pathlib
from io import BytesIO
from typing import Any, Dict, List, Optional, Sequence, Type, Union
from urllib import parse

from ._private import MEDIA_TMP
from .base_types import _native
from .base_types.json_metadata import _tmp_name
from .base_types.media import BatchableMedia, Media, _is_artifact
from .helper_types.bounding_boxes_2d import BoundingBoxes2D
from .helper_types.classes import Classes
from .helper_types.image_mask import ImageMask

_ACCEPTED_FORMATS = ["png", "jpg", "jpeg", "bmp"]
_FAST_MODES = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4}


def _termwarn(msg: str) -> None:
    import wandb

    wandb.termwarn(msg, repeat=False)


def _typename(x: Any) -> str:
    from .utils import _typename as typename  # modules (``plt``) are named by ``__name__``

    return typename(x)


def _is_torch(x: Any) -> bool:
    name = _typename(x)
    return name.startswith("torch.") and ("Tensor" in name or "Parameter" in name or "Variable" in name)


def _is_matplotlib(x: Any) -> bool:
    return _typename(x).startswith("matplotlib.")


def _require_numpy() -> Any:
    try:
        import numpy as np
    except ImportError:  # pragma: no cover
        import wandb

        raise wandb.Error("wandb.Image requires numpy if not supplying PIL images: pip install numpy") from None
    return np


def _require_pil() -> Any:
    try:
        from PIL import Image as PILImage
    except ImportError:
        import wandb

        raise wandb.Error('wandb.Image needs the PIL package. To get it, run "pip install pillow".') from None
    return PILImage


def _warn_on_invalid_data_range(lo: float, hi: float, normalize: bool = True) -> None:
    if normalize and (lo < 0 or hi > 255):
        _termwarn(
            "Data passed to `wandb.Image` should consist of values in the range [0, 255], "
            "image data will be normalized to this range, "
            "but behavior will be removed in a future version of wandb."
        )


def _rescale_to_0_255(data: Any, lo: float, hi: float) -> Any:
    """wandb's rule: [0, 1] → ×255, [-1, 1] → (x+1)·127.5, otherwise clip to [0, 255]."""
    np = _require_numpy()
    if 0 <= lo and hi <= 1:
        return (data * 255).astype(np.uint8)
    if -1 <= lo and hi <= 1:
        return (255 * 0.5 * (data + 1)).astype(np.uint8)
    if data.dtype == np.uint8:
        return data
    return data.clip(0, 255).astype(np.uint8)


def _server_accepts_image_filenames(run: Any) -> bool:
    return True


def _server_accepts_artifact_path(run: Any) -> bool:
    return not bool(getattr(run, "offline", False))


def _check_boxes_masks_type(name: str, value: Any) -> None:
    if value and not isinstance(value, dict):
        raise ValueError(f'Images "{name}" argument must be a dictionary')


class Image(BatchableMedia):
    """An image to log to W&B.

    ``data_or_path`` is a numpy array (H×W or H×W×C), a torch tensor (C×H×W), a PIL image,
    a matplotlib figure, another ``wandb.Image``, or the path/URL of an image file. Array data
    outside [0, 255] (or entirely in [0, 1]) is rescaled to [0, 255] unless ``normalize=False``.
    """

    MAX_ITEMS = 108
    MAX_DIMENSION = 65500
    _log_type = "image-file"

    def __init__(
        self,
        data_or_path: Any,
        mode: Optional[str] = None,
        caption: Optional[str] = None,
        grouping: Optional[int] = None,
        classes: Optional[Union[Classes, Sequence[dict]]] = None,
        boxes: Optional[Union[Dict[str, BoundingBoxes2D], Dict[str, dict]]] = None,
        masks: Optional[Union[Dict[str, ImageMask], Dict[str, dict]]] = None,
        file_type: Optional[str] = None,
        normalize: bool = True,
    ) -> None:
        """Create the image; see the class docstring for accepted inputs.

        Args:
            data_or_path: pixels, a PIL image / figure, or an image file path.
            mode: PIL mode ("L", "RGB", "RGBA", ...); guessed from the channels if omitted.
            caption: label shown with the image.
            grouping: grouping number.
            classes: class set (``Classes`` or a list of ``{"id", "name"}``) for boxes/masks.
            boxes: ``{group: BoundingBoxes2D | dict}``.
            masks: ``{group: ImageMask | dict}``.
            file_type: "png" (default), "jpg", "jpeg" or "bmp" for array/PIL data.
            normalize: rescale array data to [0, 255] as described above.
        """
        super().__init__(caption=caption)
        self._grouping: Optional[int] = None
        self._width: Optional[int] = None
        self._height: Optional[int] = None
        self._image: Any = None
        self._classes: Optional[Classes] = None
        self._boxes: Optional[Dict[str, BoundingBoxes2D]] = None
        self._masks: Optional[Dict[str, ImageMask]] = None
        self._file_type: Optional[str] = None
        self.format: Optional[str] = None
        _check_boxes_masks_type("boxes", boxes)
        _check_boxes_masks_type("masks", masks)

        if isinstance(data_or_path, Image):
            self._initialize_from_wbimage(data_or_path)
        elif isinstance(data_or_path, (str, pathlib.Path)):
            path = str(data_or_path)
            if self.path_is_reference(path):
                self._initialize_from_reference(path)
            else:
                self._initialize_from_path(path)
        else:
            self._initialize_from_data(data_or_path, mode, file_type, normalize)
        self._set_initialization_meta(grouping, caption, classes, boxes, masks, file_type)

    # ------------------------------------------------------------------ construction
    def _set_initialization_meta(self, grouping: Optional[int] = None, caption: Optional[str] = None,
                                 classes: Any = None, boxes: Any = None, masks: Any = None,
                                 file_type: Optional[str] = None) -> None:
        if grouping is not None:
            self._grouping = grouping
        total_classes: Dict[Any, Any] = {}
        if boxes:
            boxes_final: Dict[str, BoundingBoxes2D] = {}
            for key, item in boxes.items():
                if isinstance(item, BoundingBoxes2D):
                    boxes_final[key] = item
                elif isinstance(item, dict):
                    boxes_final[key] = BoundingBoxes2D(item, key)
                else:
                    raise TypeError(f"boxes[{key!r}] must be a BoundingBoxes2D or a dict, got {type(item).__name__}")
                total_classes.update(boxes_final[key]._class_labels)
            self._boxes = boxes_final
        if masks:
            masks_final: Dict[str, ImageMask] = {}
            for key, item in masks.items():
                if isinstance(item, ImageMask):
                    masks_final[key] = item
                elif isinstance(item, dict):
                    masks_final[key] = ImageMask(item, key)
                else:
                    raise TypeError(f"masks[{key!r}] must be an ImageMask or a dict, got {type(item).__name__}")
                if hasattr(masks_final[key], "_val"):
                    total_classes.update(masks_final[key]._val["class_labels"])
            self._masks = masks_final
        if classes is not None:
            class_set = classes._class_set if isinstance(classes, Classes) else classes
            try:
                total_classes.update({val["id"]: val["name"] for val in class_set})
            except (TypeError, KeyError):
                raise ValueError("classes must be a Classes object or a list of {'id': ..., 'name': ...} dicts") from None
        if total_classes:
            self._classes = Classes([{"id": k, "name": v} for k, v in total_classes.items()])
        if self._width is None and self._image is not None:
            self._width, self._height = self._image.size
        self._free_ram()

    def _initialize_from_wbimage(self, wbimage: "Image") -> None:
        self._grouping = wbimage._grouping
        self._caption = wbimage._caption
        self._width = wbimage._width
        self._height = wbimage._height
        self._image = wbimage._image
        self._classes = wbimage._classes
        self._path = wbimage._path
        self._is_tmp = wbimage._is_tmp
        self._extension = wbimage._extension
        self._sha256 = wbimage._sha256
        self._size = wbimage._size
        self.format = wbimage.format
        self._file_type = wbimage._file_type
        self._artifact_source = wbimage._artifact_source
        self._artifact_target = wbimage._artifact_target

    def _initialize_from_path(self, path: str) -> None:
        if not os.path.isfile(path):
            raise FileNotFoundError(f"data_or_path: image file {path!r} does not exist")
        PILImage = _require_pil()
        self._set_file(path, is_tmp=False)
        try:
            self._image = PILImage.open(path)
            self._image.load()
        except Exception as e:
            raise ValueError(f"data_or_path: {path!r} is not a readable image file ({e})") from None
        self._width, self._height = self._image.size
        self.format = os.path.splitext(path)[1][1:]

    def _initialize_from_reference(self, path: str) -> None:
        self._path = path
        self._is_tmp = False
        self._sha256 = hashlib.sha256(path.encode("utf-8")).hexdigest()
        self.format = parse.urlparse(path).path.split("/")[-1].split(".")[-1]

    def _initialize_from_data(self, data: Any, mode: Optional[str], file_type: Optional[str],
                              normalize: bool) -> None:
        self.format = file_type or "png"
        if self.format not in _ACCEPTED_FORMATS:
            raise ValueError(f"file_type must be one of {_ACCEPTED_FORMATS}")
        tmp_path = os.path.join(MEDIA_TMP.name, _tmp_name() + "." + self.format)
        if data is None:
            raise TypeError("data_or_path: expected an array, tensor, PIL image, figure or file path, got None")
        if _is_matplotlib(data):
            PILImage = _require_pil()
            buf = BytesIO()
            from .plotly import ensure_matplotlib_figure

            ensure_matplotlib_figure(data).savefig(buf, format=self.format)
            self._image = PILImage.open(buf)
            self._save_pil(tmp_path)
            return
        if _typename(data).startswith("PIL.") and hasattr(data, "mode") and hasattr(data, "size"):
            self._image = data
            if self.format == "png" and data.mode in _FAST_MODES and not data.info.get("transparency"):
                np = _require_numpy()
                if self._write_fast(tmp_path, np.asarray(data)):
                    return
            self._save_pil(tmp_path)
            return
        np = _require_numpy()
        if _is_torch(data):
            if getattr(data, "requires_grad", False):
                data = data.detach()
            if str(getattr(data, "dtype", "")) == "torch.uint8":
                data = data.to(float)
            mode = mode or self.guess_mode(data, file_type)
            data = data.permute(1, 2, 0).cpu().numpy() if data.dim() == 3 else data.cpu().numpy()
        else:
            if hasattr(data, "numpy") and not isinstance(data, np.ndarray):  # TF eager tensors
                data = data.numpy()
            if not isinstance(data, np.ndarray):
                if isinstance(data, (list, tuple)) or hasattr(data, "__array__"):
                    data = np.asarray(data)
                else:
                    raise TypeError(
                        "data_or_path: expected a numpy array, torch tensor, PIL image, matplotlib figure "
                        f"or a file path, got {type(data).__name__}"
                    )
            if data.dtype.kind not in "biuf":
                raise TypeError(f"data_or_path: image arrays must hold numbers, got dtype {data.dtype}")
            if data.size == 0:
                raise ValueError(f"data_or_path: image array is empty (shape {list(data.shape)})")
            if data.ndim > 2:
                data = data.squeeze()
            if data.ndim not in (2, 3):
                raise ValueError(f"Un-supported shape for image conversion {list(data.shape)}")
            mode = mode or self.guess_mode(data, file_type)
        if data.size == 0:
            raise ValueError(f"data_or_path: image array is empty (shape {list(data.shape)})")
        if data.ndim > 2:
            data = data.squeeze()
        if data.dtype.kind == "b":
            data = data.astype(np.uint8)
        lo = hi = 0.0
        if normalize:
            lo, hi = data.min(), data.max()
            if data.dtype.kind == "f" and not (np.isfinite(lo) and np.isfinite(hi)):
                _termwarn("wandb.Image: image data contains NaN or infinite values; they are clipped")
            _warn_on_invalid_data_range(lo, hi, normalize)
            data = _rescale_to_0_255(data, lo, hi)
        if data.dtype != np.uint8:
            data = data.astype(np.uint8)
        channels = 1 if data.ndim == 2 else data.shape[2]
        if (
            self.format == "png"
            and _FAST_MODES.get(mode or "") == channels
            and self._write_fast(tmp_path, data)
        ):
            return
        PILImage = _require_pil()
        if self.format in ("jpg", "jpeg") and data.ndim == 3 and data.shape[2] == 4 and mode == "RGB":
            data = data[:, :, :3]
        try:
            if mode is not None and _FAST_MODES.get(mode) == channels:
                self._image = PILImage.fromarray(np.ascontiguousarray(data))
            else:
                self._image = PILImage.fromarray(data, mode=mode)
        except (TypeError, ValueError) as e:
            raise ValueError(f"mode: cannot build a {mode!r} image from shape {list(data.shape)} ({e})") from None
        self._save_pil(tmp_path)

    def _write_fast(self, tmp_path: str, pixels: Any) -> bool:
        """PNG-encode uint8 pixels in Rust; False when the extension is unavailable."""
        if pixels.ndim == 3 and pixels.shape[2] == 1:
            pixels = pixels[:, :, 0]
        h, w = pixels.shape[0], pixels.shape[1]
        if h > self.MAX_DIMENSION or w > self.MAX_DIMENSION:
            return False  # let PIL decide
        done = _native.write_png(tmp_path, pixels)
        if done is None:
            return False
        self._width, self._height = int(w), int(h)
        self._set_file(tmp_path, is_tmp=True, sha256=done[0], size=done[1])
        return True

    def _save_pil(self, tmp_path: str) -> None:
        assert self._image is not None
        self._width, self._height = self._image.size
        img = self._image
        if self.format in ("jpg", "jpeg") and img.mode in ("RGBA", "LA", "P"):
            img = img.convert("RGB")
        if self.format == "png" and img.mode == "I":
            img = img.convert("I;16")  # 16-bit PNG, as older Pillow writes mode I
        img.save(tmp_path, transparency=None)
        self._set_file(tmp_path, is_tmp=True)

    # ------------------------------------------------------------------ serialization
    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "Image":
        classes = None
        if json_obj.get("classes") is not None:
            classes = source_artifact.get(json_obj["classes"]["path"])
        masks = json_obj.get("masks")
        _masks: Optional[Dict[str, ImageMask]] = None
        if masks:
            _masks = {}
            for key in masks:
                _masks[key] = ImageMask.from_json(masks[key], source_artifact)
                _masks[key]._set_artifact_source(source_artifact)
                _masks[key]._key = key
        boxes = json_obj.get("boxes")
        _boxes: Optional[Dict[str, BoundingBoxes2D]] = None
        if boxes:
            _boxes = {}
            for key in boxes:
                _boxes[key] = BoundingBoxes2D.from_json(boxes[key], source_artifact)
                _boxes[key]._key = key
        return cls(
            source_artifact.get_entry(json_obj["path"]).download(),
            caption=json_obj.get("caption"),
            grouping=json_obj.get("grouping"),
            classes=classes,
            boxes=_boxes,
            masks=_masks,
        )

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "images")

    def bind_to_run(self, run: Any, key: Union[int, str], step: Union[int, str],
                    id_: Optional[Union[int, str]] = None, ignore_copy_err: Optional[bool] = None) -> None:
        if self.path_is_reference(self._path):
            raise ValueError(
                "Image media created by a reference to external storage cannot currently be added to a run"
            )
        if not _server_accepts_artifact_path(run) or self._get_artifact_entry_ref_url() is None:
            super().bind_to_run(run, key, step, id_, ignore_copy_err=ignore_copy_err)
        if self._boxes is not None:
            for i, k in enumerate(self._boxes):
                id_ = f"{id_}{i}" if id_ is not None else None
                self._boxes[k].bind_to_run(run, key, step, id_, ignore_copy_err=ignore_copy_err)
        if self._masks is not None:
            for i, k in enumerate(self._masks):
                id_ = f"{id_}{i}" if id_ is not None else None
                self._masks[k].bind_to_run(run, key, step, id_, ignore_copy_err=ignore_copy_err)

    def to_json(self, run_or_artifact: Any) -> dict:
        json_dict = super().to_json(run_or_artifact)
        json_dict["_type"] = Image._log_type
        json_dict["format"] = self.format
        if self._width is not None:
            json_dict["width"] = self._width
        if self._height is not None:
            json_dict["height"] = self._height
        if self._grouping:
            json_dict["grouping"] = self._grouping
        if _is_artifact(run_or_artifact):
            artifact = run_or_artifact
            if (self._masks is not None or self._boxes is not None) and self._classes is None:
                raise ValueError(
                    "classes must be passed to wandb.Image which have masks or bounding boxes when adding to artifacts"
                )
            if self._classes is not None:
                class_id = hashlib.md5(str(self._classes._class_set).encode("utf-8")).hexdigest()
                class_name = os.path.join("media", "classes", class_id + "_cls")
                entry = artifact.add(self._classes, class_name)
                json_dict["classes"] = {"type": "classes-file", "path": entry.path, "digest": entry.digest}
        if self._boxes:
            json_dict["boxes"] = {k: box.to_json(run_or_artifact) for k, box in self._boxes.items()}
        if self._masks:
            json_dict["masks"] = {k: mask.to_json(run_or_artifact) for k, mask in self._masks.items()}
        return json_dict

    def guess_mode(self, data: Any, file_type: Optional[str] = None) -> str:
        """The PIL mode for an array: 2-D or 1 channel → L, 3 → RGB, 4 → RGBA."""
        ndims = data.ndim
        num_channels = data.shape[0] if _is_torch(data) else data.shape[-1]
        if ndims == 2 or num_channels == 1:
            return "L"
        if num_channels == 3:
            return "RGB"
        if num_channels == 4:
            if file_type in ("jpg", "jpeg"):
                _termwarn("JPEG format does not support transparency. Ignoring alpha channel.")
                return "RGB"
            return "RGBA"
        raise ValueError(f"Un-supported shape for image conversion {list(data.shape)}")

    @classmethod
    def seq_to_json(cls, seq: Sequence[BatchableMedia], run: Any, key: str, step: Union[int, str]) -> dict:
        """``images/separated`` descriptor of a list of bound images."""
        images: Sequence[Image] = seq  # type: ignore[assignment]
        jsons = [obj.to_json(run) for obj in images]
        media_dir = cls.get_media_subdir().replace(os.sep, "/")
        for obj in jsons:
            if "path" in obj and not obj["path"].startswith(media_dir):
                raise ValueError(
                    f"Files in an array of Image's must be in the {cls.get_media_subdir()} directory, not {obj['path']}"
                )
        width, height = images[0]._dims()
        if not all(img._dims() == (width, height) for img in images):
            logging.warning("Images sizes do not match. This will causes images to be display incorrectly in the UI.")
        meta: dict = {
            "_type": "images/separated",
            "width": width,
            "height": height,
            "format": jsons[0]["format"],
            "count": len(images),
        }
        if _server_accepts_image_filenames(run):
            meta["filenames"] = [obj.get("path", obj.get("artifact_path")) for obj in jsons]
        captions = Image.all_captions(images)
        if captions:
            meta["captions"] = captions
        all_masks = Image.all_masks(images, run, key, step)
        if all_masks:
            meta["all_masks"] = all_masks
        all_boxes = Image.all_boxes(images, run, key, step)
        if all_boxes:
            meta["all_boxes"] = all_boxes
        return meta

    def _dims(self) -> tuple:
        if self._width is not None and self._height is not None:
            return self._width, self._height
        img = self.image
        return img.size if img is not None else (None, None)

    @classmethod
    def all_masks(cls, images: Sequence["Image"], run: Any, run_key: str,
                  step: Union[int, str]) -> Union[List[Optional[dict]], bool]:
        """Per-image ``{group: mask descriptor}`` (None for images without masks), or False."""
        groups: List[Optional[dict]] = [
            {k: m.to_json(run) for k, m in image._masks.items()} if image._masks else None for image in images
        ]
        return groups if groups and any(g is not None for g in groups) else False

    @classmethod
    def all_boxes(cls, images: Sequence["Image"], run: Any, run_key: str,
                  step: Union[int, str]) -> Union[List[Optional[dict]], bool]:
        """Per-image ``{group: boxes descriptor}`` (None for images without boxes), or False."""
        groups: List[Optional[dict]] = [
            {k: b.to_json(run) for k, b in image._boxes.items()} if image._boxes else None for image in images
        ]
        return groups if groups and any(g is not None for g in groups) else False

    @classmethod
    def all_captions(cls, images: Sequence[Media]) -> Union[bool, Sequence[Optional[str]]]:
        """Captions of all images, or False when the first has none."""
        return cls.captions(images)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Image):
            return False
        if self.path_is_reference(self._path) and self.path_is_reference(other._path):
            return self._path == other._path
        a, b = self.image, other.image
        a_px = list(a.getdata()) if a is not None else None
        b_px = list(b.getdata()) if b is not None else None
        return (
            self._grouping == other._grouping
            and self._caption == other._caption
            and self._width == other._width
            and self._height == other._height
            and a_px == b_px
            and self._classes == other._classes
        )

    __hash__ = Media.__hash__

    def to_data_array(self) -> List[Any]:
        """Pixels as a list of rows."""
        res = []
        img = self.image
        if img is not None:
            data = list(img.getdata())
            for i in range(img.height):
                res.append(data[i * img.width:(i + 1) * img.width])
        self._free_ram()
        return res

    def _free_ram(self) -> None:
        if self._path is not None:
            self._image = None

    @property
    def image(self) -> Any:
        """The image as a PIL image (loaded from its file on demand)."""
        if self._image is None and self._path is not None and not self.path_is_reference(self._path):
            PILImage = _require_pil()
            self._image = PILImage.open(self._path)
            self._image.load()
        return self._image


def _define_dtype() -> None:
    """``_ImageFileType`` for table column types, when the tables' ``_dtypes`` is available."""
    try:
        from . import _dtypes
    except ImportError:
        return

    def _const_val(x: Any) -> Any:
        return x._params["val"] if isinstance(x, _dtypes.ConstType) else x

    class _ImageFileType(_dtypes.Type):  # type: ignore[name-defined,misc]
        name = "image-file"
        legacy_names = ["wandb.Image"]
        types = [Image]

        def __init__(self, box_layers: Any = None, box_score_keys: Any = None, mask_layers: Any = None,
                     class_map: Any = None, **kwargs: Any) -> None:
            box_layers = _const_val(box_layers or {})
            box_score_keys = _const_val(box_score_keys or [])
            mask_layers = _const_val(mask_layers or {})
            class_map = _const_val(class_map or {})
            if not isinstance(box_layers, dict):
                raise TypeError("box_layers must be a dict")
            if not isinstance(mask_layers, dict):
                raise TypeError("mask_layers must be a dict")
            if not isinstance(box_score_keys, (list, set)):
                raise TypeError("box_score_keys must be a list or a set")
            if not isinstance(class_map, dict):
                raise TypeError("class_map must be a dict")
            self.params.update({
                "box_layers": _dtypes.ConstType({k: set(v) for k, v in box_layers.items()}),
                "box_score_keys": _dtypes.ConstType(set(box_score_keys)),
                "mask_layers": _dtypes.ConstType({k: set(v) for k, v in mask_layers.items()}),
                "class_map": _dtypes.ConstType(class_map),
            })

        def assign_type(self, wb_type: Any = None) -> Any:
            if not isinstance(wb_type, _ImageFileType):
                return _dtypes.InvalidType()

            def vals(t: Any, name: str, empty: Any) -> Any:
                return t.params[name].params["val"] or empty

            bl_a, bl_b = vals(self, "box_layers", {}), vals(wb_type, "box_layers", {})
            ml_a, ml_b = vals(self, "mask_layers", {}), vals(wb_type, "mask_layers", {})
            cm_a, cm_b = vals(self, "class_map", {}), vals(wb_type, "class_map", {})
            box_layers = {str(k): set(list(bl_a.get(k, [])) + list(bl_b.get(k, []))) for k in set(list(bl_a) + list(bl_b))}
            mask_layers = {str(k): set(list(ml_a.get(k, [])) + list(ml_b.get(k, []))) for k in set(list(ml_a) + list(ml_b))}
            score_keys = set(list(vals(self, "box_score_keys", [])) + list(vals(wb_type, "box_score_keys", [])))
            class_map = {str(k): cm_a.get(k, cm_b.get(k, None)) for k in set(list(cm_a) + list(cm_b))}
            return _ImageFileType(box_layers, score_keys, mask_layers, class_map)

        @classmethod
        def from_obj(cls, py_obj: Any) -> Any:
            if not isinstance(py_obj, Image):
                raise TypeError("py_obj must be a wandb.Image")
            if getattr(py_obj, "_boxes", None):
                box_layers = {str(k): set(b._class_labels.keys()) for k, b in py_obj._boxes.items()}
                score_keys = {k for b in py_obj._boxes.values() for box in b._val for k in box.get("scores", {})}
            else:
                box_layers, score_keys = {}, set()
            if getattr(py_obj, "_masks", None):
                mask_layers = {
                    str(k): set(m._val["class_labels"].keys() if hasattr(m, "_val") else [])
                    for k, m in py_obj._masks.items()
                }
            else:
                mask_layers = {}
            class_set = (
                {str(item["id"]): item["name"] for item in py_obj._classes._class_set}
                if getattr(py_obj, "_classes", None) else {}
            )
            return cls(box_layers, score_keys, mask_layers, class_set)

    globals()["_ImageFileType"] = _ImageFileType
    _dtypes.TypeRegistry.add(_ImageFileType)


_define_dtype()
