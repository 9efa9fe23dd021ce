"""``Media``: a ``WBValue`` stored as a file next to the run, and ``BatchableMedia``."""

from __future__ import annotations

import hashlib
import os
import pathlib
import re
import shutil
from typing import Any, Optional, Sequence, Type, Union

from .wb_value import WBValue


def _safe_key_path(key: str) -> str:
    """The log key as a relative path: leading ``/`` stripped, ``.``/``..`` parts replaced."""
    key = str(key).lstrip(os.sep)
    parts = [p.replace(".", "_") if p in (os.curdir, os.pardir) else p for p in key.split(os.sep)]
    return os.sep.join(parts)


def _wb_filename(key: Union[str, int], step: Union[str, int], id: Union[str, int], extension: str) -> str:
    """``<key>_<step>_<id><extension>``; a ``/`` in the key makes subdirectories."""
    return f"{_safe_key_path(str(key))}_{step}_{id}{extension}"


def _is_artifact(obj: Any) -> bool:
    """Whether ``obj`` is a ``wandb.Artifact`` (duck-typed so artifacts stay lazily imported)."""
    if obj is None:
        return False
    try:
        from wandb.sdk.artifacts.artifact import Artifact
    except Exception:  # pragma: no cover - artifacts not importable
        Artifact = None  # type: ignore[assignment]
    if Artifact is not None and isinstance(obj, Artifact):
        return True
    return hasattr(obj, "add_file") and hasattr(obj, "manifest")


def _file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


class Media(WBValue):
    """A value stored as a file outside the JSON, shown in a media panel.

    The file is moved or copied into the run's ``media/`` directory when the value is
    logged, so it is uploaded with the run.
    """

    def __init__(self, caption: Optional[str] = None) -> None:
        super().__init__()
        self._path: Optional[str] = None
        self._run: Any = None
        self._caption = caption
        self._is_tmp: Optional[bool] = None
        self._extension: Optional[str] = None
        self._sha256: Optional[str] = None
        self._size: Optional[int] = None

    def _set_file(self, path: str, is_tmp: bool = False, extension: Optional[str] = None,
                  sha256: Optional[str] = None, size: Optional[int] = None) -> None:
        """Attach the file at ``path`` (hashing it unless ``sha256``/``size`` are given)."""
        if extension is not None and not path.endswith(extension):
            raise ValueError(f'Media file extension "{extension}" must occur at the end of path "{path}".')
        self._path = path
        self._is_tmp = is_tmp
        self._extension = extension
        self._sha256 = sha256 if sha256 is not None else _file_sha256(path)
        self._size = size if size is not None else os.path.getsize(path)

    @classmethod
    def get_media_subdir(cls) -> str:
        """Directory (relative to the run's files dir) holding this type's files."""
        raise NotImplementedError

    @staticmethod
    def captions(media_items: Sequence["Media"]) -> Union[bool, Sequence[Optional[str]]]:
        """Captions of a list of media, or ``False`` when the first one has none."""
        if media_items[0]._caption is not None:
            return [m._caption for m in media_items]
        return False

    def is_bound(self) -> bool:
        """Whether the value was bound to a run (its file lives in the run dir)."""
        return self._run is not None

    def file_is_set(self) -> bool:
        """Whether a file was attached with ``_set_file``."""
        return self._path is not None and self._sha256 is not None

    def bind_to_run(self, run: Any, key: Union[int, str], step: Union[int, str],
                    id_: Optional[Union[int, str]] = None, ignore_copy_err: Optional[bool] = None) -> None:
        """Put the file at ``media/<kind>/<key>_<step>_<sha256[:20]><ext>`` in the run and publish it."""
        if not self.file_is_set():
            raise RuntimeError("bind_to_run called before _set_file")
        if run is None:
            raise ValueError('Argument "run" must not be None.')
        assert self._path is not None and self._sha256 is not None
        self._run = run
        extension = self._extension
        if extension is None:
            extension = os.path.splitext(os.path.basename(self._path))[1]
        if id_ is None:
            id_ = self._sha256[:20]
        media_path = os.path.join(self.get_media_subdir(), _wb_filename(key, step, id_, extension))
        new_path = os.path.join(run.dir, media_path)
        os.makedirs(os.path.dirname(new_path), exist_ok=True)
        if self._is_tmp:
            shutil.move(self._path, new_path)
            self._is_tmp = False
        else:
            try:
                shutil.copy(self._path, new_path)
            except shutil.SameFileError:
                if not ignore_copy_err:
                    raise
        self._path = new_path
        publish = getattr(run, "_publish_file", None)
        if publish is not None:
            publish(_posix(media_path), "now")

    def to_json(self, run_or_artifact: Any) -> dict:
        """Descriptor: ``sha256``/``size``/``path`` for a run, ``path``/``sha256``/``_type`` for an artifact."""
        json_obj: dict = {}
        if self._caption is not None:
            json_obj["caption"] = self._caption
        if _is_artifact(run_or_artifact):
            if self.file_is_set():
                json_obj["path"] = self._add_to_artifact(run_or_artifact)
                json_obj["sha256"] = self._sha256
            json_obj["_type"] = self._log_type
            return json_obj
        run = run_or_artifact
        json_obj.update({"_type": "file", "sha256": self._sha256, "size": self._size})
        entry_url = self._get_artifact_entry_ref_url()
        if entry_url is not None:
            json_obj["artifact_path"] = entry_url
        latest_url = self._get_artifact_entry_latest_ref_url()
        if latest_url is not None:
            json_obj["_latest_artifact_path"] = latest_url
        if entry_url is None or self.is_bound():
            if not self.is_bound():
                raise RuntimeError(
                    f"Value of type {type(self).__name__} must be bound to a run with bind_to_run() "
                    "before being serialized to JSON."
                )
            if self._run is not run:
                raise RuntimeError("We don't support referring to media files across runs.")
            assert self._path is not None
            json_obj["path"] = _posix(os.path.relpath(self._path, self._run.dir))
        return json_obj

    def _add_to_artifact(self, artifact: Any) -> str:
        """Add the file to ``artifact`` (once) and return its name there."""
        assert self._path is not None and self._sha256 is not None
        get_name = getattr(artifact, "get_added_local_path_name", None)
        name = get_name(self._path) if get_name is not None else None
        if name is not None:
            return name
        if self._is_tmp:
            name = os.path.join(self.get_media_subdir(), os.path.basename(self._path))
        else:
            # the hash prefix keeps dir1/img.png and dir2/img.png apart
            name = os.path.join(self.get_media_subdir(), self._sha256[:20], os.path.basename(self._path))
        name = _posix(name)
        src = self._artifact_source
        if src is not None:
            root = src.artifact._default_root()
            if self._path.startswith(root):
                name = _posix(self._path[len(root):].lstrip(os.sep))
            entry = src.artifact.get_entry(name)
            artifact.add_reference(entry.ref_url(), name=name)
            return name
        if self._is_reference_type() and self.path_is_reference(self._path):
            artifact.add_reference(self._path, name=name)
            return name
        entry = artifact.add_file(self._path, name=name, is_tmp=bool(self._is_tmp))
        return getattr(entry, "path", name)

    def _is_reference_type(self) -> bool:
        return self._log_type in ("image-file", "audio-file")

    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "Media":
        return cls(source_artifact.get_entry(json_obj["path"]).download())  # type: ignore[call-arg]

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, self.__class__)
            and getattr(self, "_sha256", None) is not None
            and self._sha256 == getattr(other, "_sha256", None)
        )

    __hash__ = WBValue.__hash__

    @staticmethod
    def path_is_reference(path: Optional[Union[str, pathlib.Path]]) -> bool:
        """Whether ``path`` is a remote URL (gs://, s3://, http(s)://)."""
        if path is None or isinstance(path, pathlib.Path):
            return False
        return bool(path and re.match(r"^(gs|s3|https?)://", path))


class BatchableMedia(Media):
    """Media that can be logged as a list (``images/separated``, ``audio``, ``videos``...)."""

    def __init__(self, caption: Optional[str] = None) -> None:
        super().__init__(caption=caption)

    @classmethod
    def seq_to_json(cls: Type["BatchableMedia"], seq: Sequence["BatchableMedia"], run: Any, key: str,
                    step: Union[int, str]) -> dict:
        """Descriptor of a list of bound media of this class."""
        raise NotImplementedError


def _numpy_arrays_to_lists(payload: Any) -> Any:
    """Numpy arrays (nested anywhere) to lists, media to their class name (for JSON files)."""
    if isinstance(payload, dict):
        return {k: _numpy_arrays_to_lists(v) for k, v in payload.items()}
    if isinstance(payload, Sequence) and not isinstance(payload, str):
        return [_numpy_arrays_to_lists(v) for v in payload]
    module = type(payload).__module__ or ""
    if module.startswith("numpy") and type(payload).__name__ == "ndarray":
        items = payload.tolist() if payload.ndim > 0 else [payload.tolist()]
        return [_numpy_arrays_to_lists(v) for v in items]
    if isinstance(payload, Media):
        return type(payload).__name__
    return payload
