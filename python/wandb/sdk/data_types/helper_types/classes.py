"""``Classes``: the id → name set of classes used by image boxes and masks."""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Sequence

from ..base_types.media import Media


class Classes(Media):
    """A list of classes (``[{"id": 1, "name": "cat"}, ...]``) for image annotations."""

    _log_type = "classes"

    def __init__(self, class_set: Sequence[dict]) -> None:
        """Create the set; every entry needs an ``id`` and a ``name``."""
        super().__init__()
        for class_obj in class_set:
            if not isinstance(class_obj, dict) or "id" not in class_obj or "name" not in class_obj:
                raise ValueError(f"class_set entries must be dicts with 'id' and 'name', got {class_obj!r}")
        self._class_set = class_set

    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "Classes":
        return cls(json_obj.get("class_set"))  # type: ignore[arg-type]

    def to_json(self, run_or_artifact: Any) -> dict:
        json_obj: dict = {}
        if run_or_artifact is not None:
            json_obj = super().to_json(run_or_artifact)
        json_obj["_type"] = Classes._log_type
        json_obj["class_set"] = self._class_set
        return json_obj

    def get_type(self) -> Any:
        return _ClassesIdType(self)  # type: ignore[name-defined]

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Classes) and self._class_set == other._class_set

    __hash__ = Media.__hash__


def _define_dtype() -> None:
    """``_ClassesIdType`` for table column types, when the tables' ``_dtypes`` is available."""
    try:
        from .. import _dtypes
    except ImportError:
        return

    class _ClassesIdType(_dtypes.Type):  # type: ignore[name-defined,misc]
        name = "classesId"
        legacy_names = ["wandb.Classes_id"]
        types = [Classes]

        def __init__(self, classes_obj: Optional[Classes] = None, valid_ids: Any = None):
            if valid_ids is None:
                valid_ids = _dtypes.UnionType()
            elif isinstance(valid_ids, list):
                valid_ids = _dtypes.UnionType([_dtypes.ConstType(item) for item in valid_ids])
            elif not isinstance(valid_ids, _dtypes.UnionType):
                raise TypeError("valid_ids must be None, list, or UnionType")
            if classes_obj is None:
                classes_obj = Classes(
                    [{"id": t.params["val"], "name": str(t.params["val"])} for t in valid_ids.params["allowed_types"]]
                )
            elif not isinstance(classes_obj, Classes):
                raise TypeError("valid_ids must be None, or instance of Classes")
            else:
                valid_ids = _dtypes.UnionType([_dtypes.ConstType(c["id"]) for c in classes_obj._class_set])
            self.wb_classes_obj_ref = classes_obj
            self.params.update({"valid_ids": valid_ids})

        def assign(self, py_obj: Any = None) -> Any:
            return self.assign_type(_dtypes.ConstType(py_obj))

        def assign_type(self, wb_type: Any) -> Any:
            valid_ids = self.params["valid_ids"].assign_type(wb_type)
            if not isinstance(valid_ids, _dtypes.InvalidType):
                return self
            return _dtypes.InvalidType()

        @classmethod
        def from_obj(cls, py_obj: Any = None) -> Any:
            return cls(py_obj)

        def to_json(self, artifact: Any = None) -> Dict[str, Any]:
            cl_dict = super().to_json(artifact)
            if artifact is not None:
                entry = artifact.add(self.wb_classes_obj_ref, os.path.join("media", "cls"))
                cl_dict["params"]["classes_obj"] = {
                    "type": "classes-file", "path": entry.path, "digest": entry.digest,
                }
            else:
                cl_dict["params"]["classes_obj"] = self.wb_classes_obj_ref.to_json(artifact)
            return cl_dict

        @classmethod
        def from_json(cls, json_dict: Dict[str, Any], artifact: Any = None) -> Any:
            obj = json_dict.get("params", {}).get("classes_obj", {})
            if obj.get("type") == "classes-file":
                if artifact is None:
                    raise RuntimeError("Expected artifact to be non-null.")
                classes_obj = artifact.get(obj.get("path"))
            else:
                classes_obj = Classes.from_json(obj, artifact)
            return cls(classes_obj)

    globals()["_ClassesIdType"] = _ClassesIdType
    _dtypes.TypeRegistry.add(_ClassesIdType)


_define_dtype()
