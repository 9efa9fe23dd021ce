"""Fill a ``wandb_internal.Settings`` protobuf message from ``wandb.Settings``."""

from __future__ import annotations

from typing import Any

from .settings_fields import CLIENT_ONLY_SETTINGS


def settings_to_proto(settings: Any) -> Any:
    """Every non-None setting (fields and computed ones) as a ``wandb_internal.Settings``."""
    from google.protobuf.wrappers_pb2 import BoolValue, DoubleValue, Int32Value, StringValue

    from wandb.proto import wandb_settings_pb2 as pb

    msg = pb.Settings()
    for key, value in settings.model_dump(exclude_none=True).items():
        if key in CLIENT_ONLY_SETTINGS:
            continue
        if key == "x_stats_open_metrics_filters":
            target = msg.x_stats_open_metrics_filters
            if isinstance(value, (list, tuple, set)):
                target.sequence.value.extend(value)
            elif isinstance(value, dict):
                for pattern, labels in value.items():
                    entry = target.mapping.value[pattern]
                    for label, regex in labels.items():
                        entry.value[label] = regex
            else:
                raise TypeError(f"Unsupported type {type(value)} for setting {key}")
            continue
        if key in ("fork_from", "resume_from"):
            getattr(msg, key).CopyFrom(
                pb.RunMoment(run=value["run"], value=value["value"], metric=value["metric"])
            )
            continue
        target = getattr(msg, key)
        if isinstance(value, bool):
            target.CopyFrom(BoolValue(value=value))
        elif isinstance(value, int):
            target.CopyFrom(Int32Value(value=value))
        elif isinstance(value, float):
            target.CopyFrom(DoubleValue(value=value))
        elif isinstance(value, str):
            target.CopyFrom(StringValue(value=value))
        elif isinstance(value, (list, tuple, set)):
            target.value.extend(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                target.value[k] = v
        else:
            raise TypeError(f"Unsupported type {type(value)} for setting {key}")
    return msg
