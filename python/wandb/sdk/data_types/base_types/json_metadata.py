"""``JSONMetadata``: arbitrary JSON stored as a media file (bounding boxes use it)."""

from __future__ import annotations

import os
from typing import Any

from .._private import MEDIA_TMP
from . import _json
from .media import Media


def _tmp_name() -> str:
    import binascii

    return binascii.hexlify(os.urandom(4)).decode()


class JSONMetadata(Media):
    """JSON metadata written to ``media/metadata/<type_name>/...<type_name>.json``."""

    def __init__(self, val: dict) -> None:
        super().__init__()
        self.validate(val)
        self._val = val
        ext = "." + self.type_name() + ".json"
        tmp_path = os.path.join(MEDIA_TMP.name, _tmp_name() + ext)
        with open(tmp_path, "w", encoding="utf-8") as fp:
            _json.dump(self._val, fp)
        self._set_file(tmp_path, is_tmp=True, extension=ext)

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "metadata", cls.type_name())

    def to_json(self, run_or_artifact: Any) -> dict:
        json_dict = super().to_json(run_or_artifact)
        json_dict["_type"] = self.type_name()
        return json_dict

    @classmethod
    def type_name(cls) -> str:
        """The ``_type`` and file suffix of this metadata kind."""
        return "metadata"

    def validate(self, val: dict) -> bool:
        """Raise on an invalid value (subclasses); ``True`` otherwise."""
        return True
