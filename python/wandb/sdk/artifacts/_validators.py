"""Validation of artifact names, types, aliases, tags, metadata and TTL values."""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Callable, Collection, Dict, List, Optional, TypeVar, Union

from .exceptions import ArtifactFinalizedError, ArtifactNotLoggedError

MAX_ARTIFACT_METADATA_KEYS = 100
ARTIFACT_NAME_MAXLEN = 128
ARTIFACT_NAME_INVALID_CHARS = frozenset({"/"})
REGISTRY_PREFIX = "wandb-registry-"
RESERVED_ARTIFACT_TYPE_PREFIX = "wandb-"
RESERVED_ARTIFACT_TYPES = ("job", "run_table", "code")
RESERVED_ARTIFACT_NAME_PREFIXES = {"run_table": "run-", "code": "source-"}
_VALID_TAG = re.compile(r"^[-\w]+( +[-\w]+)*$")
_ALIAS_INVALID_CHARS = ("/", ":")

F = TypeVar("F", bound=Callable[..., Any])


def _as_list(value: Union[str, Collection[str], None]) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def validate_artifact_name(name: str) -> str:
    """Return ``name`` or raise ValueError (too long, or containing '/')."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"Artifact name must be a non-empty string, got {name!r}")
    if len(name) > ARTIFACT_NAME_MAXLEN:
        raise ValueError(
            f"Artifact name is longer than {ARTIFACT_NAME_MAXLEN} characters: "
            f"{name[:ARTIFACT_NAME_MAXLEN] + ' ...'!r}"
        )
    if ARTIFACT_NAME_INVALID_CHARS.intersection(name):
        raise ValueError(
            "Artifact names must not contain any of the following characters: "
            f"{', '.join(sorted(ARTIFACT_NAME_INVALID_CHARS))}.  Got: {name!r}"
        )
    return name


def validate_artifact_type(typ: str, name: str) -> str:
    """Return ``typ`` or raise ValueError for types reserved for internal use."""
    if not isinstance(typ, str) or not typ:
        raise ValueError(f"Artifact type must be a non-empty string, got {typ!r}")
    reserved = False
    if typ in RESERVED_ARTIFACT_TYPES:
        prefix = RESERVED_ARTIFACT_NAME_PREFIXES.get(typ)
        reserved = not prefix or name.startswith(prefix)
    elif typ.startswith(RESERVED_ARTIFACT_TYPE_PREFIX):
        reserved = True
    if reserved:
        raise ValueError(
            f"Artifact type {typ!r} is reserved for internal use. Please use a different type."
        )
    return typ


def validate_aliases(aliases: Union[str, Collection[str], None]) -> List[str]:
    """Aliases as a list; ValueError when one contains '/' or ':'."""
    out = _as_list(aliases)
    for alias in out:
        if not isinstance(alias, str):
            raise TypeError(f"aliases must be strings, got {type(alias).__name__}")
        if any(c in alias for c in _ALIAS_INVALID_CHARS):
            raise ValueError(
                "Aliases must not contain any of the following characters: "
                + ", ".join(_ALIAS_INVALID_CHARS)
            )
    return out


def validate_tags(tags: Union[str, Collection[str], None]) -> List[str]:
    """Tags as a de-duplicated list (first occurrence kept); ValueError on invalid characters."""
    out = _as_list(tags)
    if any(not isinstance(t, str) or not _VALID_TAG.match(t) for t in out):
        raise ValueError(
            "Invalid tag(s).  Tags must only contain alphanumeric characters separated by "
            "hyphens, underscores, and/or spaces."
        )
    return list(dict.fromkeys(out))


def _json_friendly(obj: Any) -> Any:
    """Best-effort conversion of numpy scalars/arrays and other objects for JSON."""
    if isinstance(obj, dict):
        return {str(k): _json_friendly(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_json_friendly(v) for v in obj]
    if obj is None or isinstance(obj, (str, bool, int, float)):
        return obj
    tolist = getattr(obj, "tolist", None)
    if callable(tolist):
        return _json_friendly(tolist())
    item = getattr(obj, "item", None)
    if callable(item):
        return item()
    import datetime

    if isinstance(obj, (datetime.date, datetime.datetime)):
        return obj.isoformat()
    return str(obj)


def validate_metadata(metadata: Union[Dict[str, Any], str, None]) -> Dict[str, Any]:
    """Metadata as a JSON-clean dict (at most 100 top-level keys)."""
    if metadata is None:
        return {}
    if isinstance(metadata, str):
        return json.loads(metadata) if metadata else {}
    if not isinstance(metadata, dict):
        raise TypeError(f"metadata must be dict, not {type(metadata)}")
    if len(metadata) > MAX_ARTIFACT_METADATA_KEYS:
        raise ValueError(
            f"metadata has {len(metadata)} keys; an artifact accepts at most "
            f"{MAX_ARTIFACT_METADATA_KEYS} top-level metadata keys"
        )
    return json.loads(json.dumps(_json_friendly(metadata)))


def validate_ttl_duration_seconds(value: Optional[int]) -> Optional[int]:
    """A server ``ttlDurationSeconds``: positive → seconds, anything else → None."""
    if value and value > 0:
        return int(value)
    return None


def is_artifact_registry_project(project: str) -> bool:
    """Whether ``project`` is a registry project (``wandb-registry-*``)."""
    return bool(project) and project.startswith(REGISTRY_PREFIX)


def ensure_logged(method: F) -> F:
    """Raise ArtifactNotLoggedError when the artifact is still a draft."""
    fullname = f"Artifact.{method.__name__}"

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self.is_draft():
            raise ArtifactNotLoggedError(fullname, self)
        return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def ensure_not_finalized(method: F) -> F:
    """Raise ArtifactFinalizedError when the artifact is finalized (logged)."""
    fullname = f"Artifact.{method.__name__}"

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self._final:
            raise ArtifactFinalizedError(fullname, self)
        return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
