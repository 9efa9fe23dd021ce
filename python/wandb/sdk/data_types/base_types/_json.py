"""JSON writing helpers for media files (numpy values become plain lists / numbers)."""

from __future__ import annotations

import json
from typing import IO, Any


def friendly(obj: Any) -> Any:
    """Plain JSON form of numpy/torch values and a few other common types, else ``obj``."""
    if hasattr(obj, "json_encode"):
        return obj.json_encode()
    module = type(obj).__module__ or ""
    if module.startswith("torch"):
        t = obj.detach() if getattr(obj, "requires_grad", False) else obj
        obj = t.cpu().numpy() if t.dim() else t.item()
        module = type(obj).__module__ or ""
    if hasattr(obj, "tolist") and (module == "numpy" or module.startswith("numpy")):
        return obj.tolist()
    if isinstance(obj, (bytes, bytearray)):
        return bytes(obj).decode("utf-8")
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    import datetime as _dt

    if isinstance(obj, (_dt.datetime, _dt.date)):
        return obj.isoformat()
    return obj


class _Encoder(json.JSONEncoder):
    def default(self, obj: Any) -> Any:
        out = friendly(obj)
        if out is obj:
            return super().default(obj)
        return out


def dump(obj: Any, fp: IO[str], **kwargs: Any) -> None:
    """``json.dump`` (Python default separators) that accepts numpy values."""
    fp.write(json.dumps(obj, cls=_Encoder, **kwargs))


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps`` (Python default separators) that accepts numpy values."""
    return json.dumps(obj, cls=_Encoder, **kwargs)
