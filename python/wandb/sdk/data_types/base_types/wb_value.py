"""``WBValue``: the root of every typed value wandb can log (media, tables, histograms...)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Dict, List, Optional, Type

if TYPE_CHECKING:  # pragma: no cover
    TypeMappingType = Dict[str, Type["WBValue"]]


def _current_run() -> Any:
    import wandb

    return getattr(wandb, "run", None)


def _is_maybe_offline() -> bool:
    """Best guess whether logging happens offline (the current run's mode, else the env)."""
    run = _current_run()
    if run is not None:
        return bool(getattr(run, "offline", False))
    import os

    return os.environ.get("WANDB_MODE", "").lower() in ("offline", "dryrun")


def _server_accepts_client_ids() -> bool:
    """Whether artifact media may be referenced by client ids (``wandb-client-artifact://``)."""
    if _is_maybe_offline():
        run = _current_run()
        settings = getattr(run, "_settings", None) if run is not None else None
        return bool(getattr(settings, "allow_offline_artifacts", True)) if settings is not None else True
    return True


class _WBValueArtifactSource:
    def __init__(self, artifact: Any, name: Optional[str] = None) -> None:
        self.artifact = artifact
        self.name = name


class _WBValueArtifactTarget:
    def __init__(self, artifact: Any, name: Optional[str] = None) -> None:
        self.artifact = artifact
        self.name = name


class WBValue:
    """A typed value that can be logged with ``run.log()`` and shown by wandb.

    It serializes to a JSON dict whose ``_type`` key tells readers how to interpret it.
    """

    _type_mapping: ClassVar[Optional["TypeMappingType"]] = None
    #: the ``_type`` this class writes and reads back
    _log_type: ClassVar[Optional[str]] = None

    def __init__(self) -> None:
        self._artifact_source: Optional[_WBValueArtifactSource] = None
        self._artifact_target: Optional[_WBValueArtifactTarget] = None

    def to_json(self, run_or_artifact: Any) -> dict:
        """Serialize to a JSON dict, storing extra files in the run or artifact."""
        raise NotImplementedError

    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "WBValue":
        """Rebuild a value from its JSON dict and the artifact holding its files."""
        raise NotImplementedError

    @classmethod
    def with_suffix(cls, name: str, filetype: str = "json") -> str:
        """``name`` with ``.<_log_type>.<filetype>`` appended unless already there."""
        suffix = f"{cls._log_type}.{filetype}" if cls._log_type is not None else filetype
        if name.endswith(suffix):
            return name
        return f"{name}.{suffix}"

    @staticmethod
    def init_from_json(json_obj: dict, source_artifact: Any) -> Optional["WBValue"]:
        """Rebuild a value of whatever class wrote ``json_obj`` (looked up by ``_type``)."""
        cls = WBValue.type_mapping().get(json_obj["_type"])
        if cls is None:
            return None
        obj = cls.from_json(json_obj, source_artifact)
        obj._set_artifact_source(source_artifact)
        return obj

    @staticmethod
    def type_mapping() -> "TypeMappingType":
        """Map of ``_log_type`` to subclass (computed on first use)."""
        if WBValue._type_mapping is None:
            mapping: Dict[str, Type[WBValue]] = {}
            frontier: List[Type[WBValue]] = [WBValue]
            seen = set()
            while frontier:
                cls = frontier.pop()
                seen.add(cls)
                if cls._log_type is not None:
                    mapping[cls._log_type] = cls
                frontier.extend(c for c in cls.__subclasses__() if c not in seen)
            WBValue._type_mapping = mapping
        return WBValue._type_mapping

    def __eq__(self, other: object) -> bool:
        return id(self) == id(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = object.__hash__

    def to_data_array(self) -> List[Any]:
        """The value as a list of primitives (for types that support it)."""
        raise NotImplementedError

    def _set_artifact_source(self, artifact: Any, name: Optional[str] = None) -> None:
        if self._artifact_source is not None:
            raise ValueError(
                f"Cannot update artifact_source. Existing source: "
                f"{self._artifact_source.artifact}/{self._artifact_source.name}"
            )
        self._artifact_source = _WBValueArtifactSource(artifact, name)

    def _set_artifact_target(self, artifact: Any, name: Optional[str] = None) -> None:
        if self._artifact_target is not None:
            raise ValueError(
                f"Cannot update artifact_target. Existing target: "
                f"{self._artifact_target.artifact}/{self._artifact_target.name}"
            )
        self._artifact_target = _WBValueArtifactTarget(artifact, name)

    def _target_ready(self) -> bool:
        t = self._artifact_target
        if t is None or not t.name:
            return False
        art = t.artifact
        return (
            getattr(art, "_client_id", None) is not None
            and bool(getattr(art, "_final", False))
            and _server_accepts_client_ids()
        )

    def _get_artifact_entry_ref_url(self) -> Optional[str]:
        src = self._artifact_source
        if src is not None and src.name:
            entry = src.artifact.get_entry(type(self).with_suffix(src.name))
            return str(entry.ref_url())
        if self._target_ready():
            t = self._artifact_target
            assert t is not None and t.name is not None
            return f"wandb-client-artifact://{t.artifact._client_id}/{type(self).with_suffix(t.name)}"
        return None

    def _get_artifact_entry_latest_ref_url(self) -> Optional[str]:
        if self._target_ready():
            t = self._artifact_target
            assert t is not None and t.name is not None
            return (
                f"wandb-client-artifact://{t.artifact._sequence_client_id}:latest/"
                f"{type(self).with_suffix(t.name)}"
            )
        return None
