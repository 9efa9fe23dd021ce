"""Telemetry flags (``with telemetry.context(run=run) as tel: tel.feature.x = True``).

Vireo keeps telemetry as a small attribute tree. When ``run`` is given and has a
``_telemetry_callback(record)`` method, the record is handed to it on exit so the
run can write its ``telemetry`` record; otherwise the flags are just kept.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any, Iterator


class TelemetryRecord:
    """An attribute bag: unknown attributes are sub-records (``tel.feature.offline = True``)."""

    def __init__(self) -> None:
        object.__setattr__(self, "_fields", {})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        fields = object.__getattribute__(self, "_fields")
        if name not in fields:
            fields[name] = TelemetryRecord()
        return fields[name]

    def __setattr__(self, name: str, value: Any) -> None:
        self._fields[name] = value

    def HasField(self, name: str) -> bool:  # noqa: N802  (protobuf-like)
        return name in self._fields

    def MergeFrom(self, other: "TelemetryRecord") -> None:  # noqa: N802
        for k, v in other._fields.items():
            if isinstance(v, TelemetryRecord):
                getattr(self, k).MergeFrom(v)
            else:
                self._fields[k] = v

    def to_dict(self) -> dict[str, Any]:
        """Nested dict of everything set (empty sub-records dropped)."""
        out: dict[str, Any] = {}
        for k, v in self._fields.items():
            if isinstance(v, TelemetryRecord):
                sub = v.to_dict()
                if sub:
                    out[k] = sub
            else:
                out[k] = v
        return out

    def __repr__(self) -> str:
        return f"TelemetryRecord({self.to_dict()!r})"


_global = TelemetryRecord()


@contextlib.contextmanager
def context(run: Any = None, obj: TelemetryRecord | None = None) -> Iterator[TelemetryRecord]:
    """Yield a record to set flags on; on exit it is passed to ``run._telemetry_callback``."""
    record = obj if obj is not None else TelemetryRecord()
    yield record
    if run is None:
        _global.MergeFrom(record)
        return
    callback = getattr(run, "_telemetry_callback", None)
    if callable(callback):
        callback(record)
        return
    apply_to_run(run, record)


def apply_to_run(run: Any, record: TelemetryRecord) -> None:
    """Turn the record's true ``feature``/``deprecated`` flags on in ``run._telemetry``."""
    tel = getattr(run, "_telemetry", None)
    if tel is None:
        return
    for bucket, setter in (("feature", "set_feature"), ("deprecated", "set_deprecated")):
        fields = record._fields.get(bucket)
        fn = getattr(tel, setter, None)
        if isinstance(fields, TelemetryRecord) and callable(fn):
            names = [k for k, v in fields._fields.items() if v is True]
            if names:
                fn(*names)


def list_telemetry_imports(only_imported: bool = False) -> set[str]:
    """Names of well-known ML libraries (only those already imported, if asked)."""
    names = {
        "torch", "keras", "tensorflow", "fastai", "sklearn", "xgboost", "catboost",
        "lightgbm", "pytorch_lightning", "lightning", "ignite", "transformers", "jax",
        "metaflow", "allennlp", "autogluon", "autokeras", "catalyst", "deepchem",
        "deepctr", "pycaret", "pytorchvideo", "ray", "simpletransformers", "skorch",
        "spacy", "flash", "optuna", "recbole", "mmcv", "mmdet", "torchdrug",
        "torchtext", "torchvision", "elegy", "detectron2", "flair", "flax", "syft",
        "TTS", "monai", "huggingface_hub", "hydra", "datasets", "accelerate",
        "diffusers", "peft", "openai", "langchain", "llama_index", "stable_baselines3",
        "gym", "gymnasium", "sb3_contrib", "wandb_gql", "torchrl", "sentence_transformers",
    }
    if only_imported:
        return {n for n in names if n in sys.modules}
    return names
