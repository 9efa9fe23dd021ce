"""Files of a run: ``run.files()``, ``run.file(name)`` and ``File.download()``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Optional

from wandb.apis.public import queries
from wandb.apis.public._base import Attrs, SizedPaginator

if TYPE_CHECKING:
    from wandb.apis.public.runs import Run


class Files(SizedPaginator["File"]):
    """Lazy, paginated files of a run (``RunFiles`` query; ``len()`` is ``fileCount``)."""

    query = queries.RUN_FILES

    def __init__(self, client: Any, run: "Run", names: Optional[list[str]] = None,
                 per_page: int = 50, upload: bool = False, pattern: Optional[str] = None) -> None:
        if names and pattern:
            raise ValueError(
                "Querying for files by both names and pattern is not supported."
                " Please provide either a list of names or a pattern to match.",
            )
        self.run = run
        super().__init__(client, {
            "project": run.project,
            "entity": run.entity,
            "name": run.id,
            "fileNames": list(names or []),
            "upload": bool(upload),
            "pattern": pattern,
        }, per_page)

    def _page_variables(self) -> dict[str, Any]:
        return {"fileLimit": self.per_page, "fileCursor": self.cursor}

    def _run_node(self) -> dict[str, Any]:
        project = (self.last_response or {}).get("project") or {}
        run = project.get("run")
        if run is None:
            raise ValueError(f"Could not find run {'/'.join(self.run.path)}")
        return run

    def _connection(self, response: dict[str, Any]) -> Optional[dict[str, Any]]:
        run = ((response.get("project") or {}).get("run")) or {}
        return run.get("files")

    def _convert(self, edges: list[dict[str, Any]]) -> list["File"]:
        return [File(self.client, e["node"], self.run) for e in edges]

    def _length(self) -> Optional[int]:
        return self._run_node().get("fileCount")

    def __repr__(self) -> str:
        return f"<Files {'/'.join(self.run.path)} ({len(self)})>"


class File(Attrs):
    """A file saved by a run: ``name``, ``url``, ``direct_url``, ``size``, ``md5``,
    ``mimetype``, ``updated_at``."""

    def __init__(self, client: Any, attrs: dict[str, Any], run: Optional["Run"] = None) -> None:
        super().__init__(dict(attrs))
        self.client = client
        self.run = run

    @property
    def size(self) -> int:
        """Size in bytes (0 when unknown)."""
        n = self._attrs.get("sizeBytes")
        return int(n) if n is not None else 0

    def download(self, root: str = ".", replace: bool = False, exist_ok: bool = False,
                 api: Any = None) -> Any:
        """Download to ``root/<name>`` and return the file opened for reading (text).

        Raises:
            ValueError: the file exists and neither ``replace`` nor ``exist_ok`` is set.
            CommError: the download failed.
        """
        path = os.path.join(root, self._attrs["name"])
        if os.path.exists(path) and not replace:
            if exist_ok:
                return open(path)
            raise ValueError(
                "File already exists, pass replace=True to overwrite or exist_ok=True to "
                "leave it as is and don't error."
            )
        client = api.client if api is not None else self.client
        resp = client.get(self._attrs["url"], stream=True, timeout=client.default_timeout)
        parent = os.path.dirname(path)
        if parent:
            os.makedirs(parent, exist_ok=True)
        tmp = f"{path}.tmp{os.getpid()}"
        with open(tmp, "wb") as f:
            iter_content = getattr(resp, "iter_content", None)
            if callable(iter_content):
                for chunk in iter_content(chunk_size=1 << 16):
                    if chunk:
                        f.write(chunk)
            else:
                f.write(resp.content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        return open(path)

    def __repr__(self) -> str:
        return f"<File {self._attrs.get('name')} ({self._attrs.get('mimetype')}) {self.size}B>"
