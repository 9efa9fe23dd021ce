"""``wandb.Html``: an HTML page logged as ``media/html/<key>_<step>_<hash>.html``."""

from __future__ import annotations

import os
import pathlib
from typing import Any, Sequence, Union

from . import _dtypes
from ._media_files import write_tmp
from .base_types.media import BatchableMedia

_STYLE = (
    '<base target="_blank"><link rel="stylesheet" type="text/css" '
    'href="https://app.wandb.ai/normalize.css" />'
)


class Html(BatchableMedia):
    """HTML content for W&B.

    Args:
        data: a path to a ``.html`` file, or a string or text IO object holding literal HTML.
        inject: add W&B's stylesheet to the page (``False`` logs it unchanged).
        data_is_not_path: treat a ``str`` as literal HTML even if a file of that name exists.
    """

    _log_type = "html-file"

    def __init__(self, data: Union[str, pathlib.Path, Any], inject: bool = True,
                 data_is_not_path: bool = False) -> None:
        super().__init__()
        if isinstance(data, pathlib.Path) and not data_is_not_path and not data.is_file():
            raise FileNotFoundError(f"data: no such HTML file: {str(data)!r}")
        is_path = (
            not data_is_not_path
            and isinstance(data, (str, pathlib.Path))
            and os.path.isfile(data)
            and os.path.splitext(data)[1] == ".html"
        )
        path = ""
        if is_path:
            path = str(data)
            with open(path, encoding="utf-8") as f:
                self.html = f.read()
        elif isinstance(data, str):
            self.html = data
        elif hasattr(data, "read"):
            if hasattr(data, "seek"):
                data.seek(0)
            text = data.read()
            self.html = text.decode("utf-8") if isinstance(text, (bytes, bytearray)) else text
        else:
            raise ValueError(
                f"data must be a path to an .html file, a string or an io object, got {type(data).__name__}"
            )
        if inject:
            self.inject_head()
        if inject or not is_path:
            write_tmp(self, self.html, ".html")
        else:
            self._set_file(path, is_tmp=False)

    def inject_head(self) -> None:
        """Insert W&B's stylesheet link into the page's ``<head>`` (adding one if needed)."""
        html = self.html
        if "<head>" in html:
            before, after = html.split("<head>", 1)
            parts = [before + "<head>", _STYLE, after]
        elif "<html>" in html:
            before, after = html.split("<html>", 1)
            parts = [before + "<html><head>", _STYLE, "</head>" + after]
        else:
            parts = ["", _STYLE, html]
        self.html = "".join(parts).strip()

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "html")

    def to_json(self, run_or_artifact: Any) -> dict:
        out = super().to_json(run_or_artifact)
        out["_type"] = self._log_type
        return out

    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "Html":
        return cls(source_artifact.get_entry(json_obj["path"]).download(), inject=False)

    @classmethod
    def seq_to_json(cls, seq: Sequence[Any], run: Any, key: str, step: Union[int, str]) -> dict:
        os.makedirs(os.path.join(run.dir, cls.get_media_subdir()), exist_ok=True)
        return {"_type": "html", "count": len(seq), "html": [h.to_json(run) for h in seq]}


class _HtmlFileType(_dtypes.Type):
    name = "html-file"
    types = [Html]


_dtypes.TypeRegistry.add(_HtmlFileType)
