"""``wandb.Object3D`` (point clouds and 3-D model files) and ``box3d()``.

Point clouds are written as ``media/object3D/<key>_<step>_<hash>.pts.json`` (JSON with 4-space
indent, sorted keys, ``","``/``":"`` separators, as wandb writes them); model files keep their
own format and extension.
"""

from __future__ import annotations

import itertools
import json
import os
import pathlib
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Sequence, Set, Union

from . import _dtypes
from ._media_files import file_object_path, require_file, write_io, write_tmp
from .base_types.media import BatchableMedia, _is_artifact

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

_SHAPE_HELP = (
    "The shape of the numpy array must be one of: n x 3 ([x, y, z]), "
    "n x 4 ([x, y, z, c], c a category in [1, 14]) or n x 6 ([x, y, z, r, g, b])"
)


def _numpy() -> Any:
    try:
        import numpy as np
    except ImportError as e:  # pragma: no cover
        import wandb

        raise wandb.Error("wandb.Object3D requires NumPy. To get it, run 'pip install numpy'.") from e
    return np


def _is_ndarray(obj: Any) -> bool:
    import sys

    np = sys.modules.get("numpy")
    return np is not None and isinstance(obj, np.ndarray)


def _unit_quaternion(q: "np.ndarray") -> "np.ndarray":
    np = _numpy()
    mags = np.abs(q)
    big = mags.argmax()
    if mags[big] == 0:
        raise ValueError("orientation: unexpected zero quaternion")
    scaled = mags / mags[big]  # scale by the largest component first (numerically stable)
    return scaled / np.linalg.norm(scaled)


def _rotation_matrix(quaternion: "np.ndarray") -> "np.ndarray":
    """Rotation matrix of a non-zero quaternion [r, i, j, k], applied as ``points @ R``."""
    np = _numpy()
    r, i, j, k = _unit_quaternion(quaternion)
    return np.array(
        (
            (1 - 2 * (j * j + k * k), 2 * (i * j + k * r), 2 * (i * k - j * r)),
            (2 * (i * j - k * r), 1 - 2 * (i * i + k * k), 2 * (j * k + i * r)),
            (2 * (i * k + j * r), 2 * (j * k - i * r), 1 - 2 * (i * i + j * j)),
        ),
        dtype=np.float64,
    )


def box3d(
    *,
    center: Any,
    size: Any,
    orientation: Any,
    color: Any,
    label: Optional[str] = None,
    score: Optional[float] = None,
) -> dict:
    """A 3-D box for ``Object3D.from_point_cloud``.

    Args:
        center: the box center (length-3 array).
        size: the box's X, Y and Z dimensions (length-3 array).
        orientation: the rotation from global into box coordinates as a quaternion [r, x, y, z].
        color: (r, g, b) with each component in [0, 1].
        label: an optional label.
        score: an optional score.
    """
    np = _numpy()
    c = np.asarray(center, dtype=np.float64)
    s = np.asarray(size, dtype=np.float64)
    q = np.asarray(orientation, dtype=np.float64)
    for name, arr, shape in (("center", c, (3,)), ("size", s, (3,)), ("orientation", q, (4,))):
        if arr.shape != shape:
            raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    unit = np.array(list(itertools.product((-1, 1), (-1, 1), (-1, 1))), dtype=np.float64)
    corners = c + (0.5 * s * unit) @ _rotation_matrix(q)
    return {
        "corners": tuple(tuple(pt) for pt in corners),
        "color": color,
        "label": label,
        "score": score,
    }


def _pts_json(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), sort_keys=True, indent=4)


class Object3D(BatchableMedia):
    """A 3-D point cloud or model for W&B.

    Args:
        data_or_path: a numpy array (n x 3, n x 4 or n x 6), a path to a 3-D file
            (obj, gltf, glb, babylon, stl, pts.json), an IO object (with ``file_type=``), or a
            ``{"type": "lidar/beta", "points", "boxes", "vectors"}`` scene dict.
        caption: a caption shown with the object.
        file_type: the format of an IO object's content.
    """

    SUPPORTED_TYPES: ClassVar[Set[str]] = {"obj", "gltf", "glb", "babylon", "stl", "pts.json"}
    SUPPORTED_POINT_CLOUD_TYPES: ClassVar[Set[str]] = {"lidar/beta"}
    _log_type: ClassVar[str] = "object3D-file"

    def __init__(self, data_or_path: Any, caption: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(caption=caption)
        data_or_path = file_object_path(data_or_path)
        if hasattr(data_or_path, "read"):
            write_io(self, data_or_path, kwargs.pop("file_type", None), self.SUPPORTED_TYPES,
                     "Must pass file type keyword argument when using io objects.",
                     "Object3D supports numpy arrays or files of the type: ")
        elif isinstance(data_or_path, (str, pathlib.Path)):
            path = str(data_or_path)
            extension = next(("." + t for t in self.SUPPORTED_TYPES if path.endswith(t)), None)
            if extension is None:
                raise ValueError(
                    f"File '{path}' is not compatible with Object3D: supported types are: "
                    f"{', '.join(sorted(self.SUPPORTED_TYPES))}"
                )
            require_file(path, "data_or_path")
            self._set_file(path, is_tmp=False, extension=extension)
        elif isinstance(data_or_path, dict) and "type" in data_or_path:
            if data_or_path["type"] not in self.SUPPORTED_POINT_CLOUD_TYPES:
                raise ValueError("Type not supported, only 'lidar/beta' is currently supported")

            def as_list(name: str) -> Any:
                if name not in data_or_path:
                    return []
                value = data_or_path[name]
                return value.tolist() if hasattr(value, "tolist") else list(value)

            scene = {
                "type": data_or_path["type"],
                "vectors": as_list("vectors"),
                "points": as_list("points"),
                "boxes": as_list("boxes"),
            }
            write_tmp(self, _pts_json(scene), ".pts.json")
        elif _is_ndarray(data_or_path):
            if data_or_path.ndim != 2 or data_or_path.shape[1] not in (3, 4, 6):
                raise ValueError(f"data_or_path: {_SHAPE_HELP}; got shape {tuple(data_or_path.shape)}")
            write_tmp(self, _pts_json(data_or_path.tolist()), ".pts.json")
        else:
            raise ValueError(
                f"data_or_path must be a numpy array, dict or a file object, got {type(data_or_path).__name__}"
            )

    @classmethod
    def from_file(cls, data_or_path: Any, file_type: Optional[str] = None) -> "Object3D":
        """An Object3D from a file path or IO object (``file_type`` needed for IO objects)."""
        return cls(data_or_path, file_type=file_type)

    @classmethod
    def from_numpy(cls, data: "np.ndarray") -> "Object3D":
        """An Object3D from an n x 3, n x 4 or n x 6 numpy array of points."""
        if not _is_ndarray(data):
            raise ValueError("`data` must be a numpy array")
        if data.ndim != 2 or data.shape[1] not in (3, 4, 6):
            raise ValueError(f"data: {_SHAPE_HELP}; got shape {tuple(data.shape)}")
        return cls(data)

    @classmethod
    def from_point_cloud(
        cls,
        points: Sequence[Any],
        boxes: Sequence[Any],
        vectors: Optional[Sequence[Any]] = None,
        point_cloud_type: str = "lidar/beta",
    ) -> "Object3D":
        """An Object3D scene from points, boxes (``box3d()``) and vectors (``{"start", "end"}``)."""
        if point_cloud_type not in cls.SUPPORTED_POINT_CLOUD_TYPES:
            raise ValueError(f"point_cloud_type {point_cloud_type!r} not supported (use 'lidar/beta')")
        np = _numpy()
        return cls({
            "type": point_cloud_type,
            "points": np.array(points),
            "boxes": np.array(boxes),
            "vectors": np.array(vectors) if vectors is not None else np.array([]),
        })

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "object3D")

    def to_json(self, run_or_artifact: Any) -> dict:
        out = super().to_json(run_or_artifact)
        out["_type"] = Object3D._log_type
        if _is_artifact(run_or_artifact) and (self._path is None or not self._path.endswith(".pts.json")):
            raise ValueError("Non-point cloud 3D objects are not yet supported with Artifacts")
        return out

    @classmethod
    def seq_to_json(cls, seq: Sequence[Any], run: Any, key: str, step: Union[int, str]) -> dict:
        jsons = [obj.to_json(run) for obj in seq]
        subdir = cls.get_media_subdir().replace(os.sep, "/")
        for j in jsons:
            if not j["path"].startswith(subdir):
                raise ValueError(
                    f"Files in an array of Object3D's must be in the {subdir} directory, not {j['path']}"
                )
        return {
            "_type": "object3D",
            "filenames": [os.path.relpath(j["path"], cls.get_media_subdir()) for j in jsons],
            "count": len(jsons),
            "objects": jsons,
        }


class _Object3DFileType(_dtypes.Type):
    name = "object3D-file"
    types = [Object3D]


_dtypes.TypeRegistry.add(_Object3DFileType)
