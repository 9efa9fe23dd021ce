"""System metrics of a run: the Rust sampler thread (``wandb._core.Sampler``) started with
the run and stopped at finish, and the GPU part of the run metadata.

The sampler writes ``stats`` records straight into the run's transaction log (and so into
``wandb-events.jsonl`` online) every ``x_stats_sampling_interval`` seconds. Key names are
those of wandb 0.21.3 (see docs/dev/README-stats.md).
"""

from __future__ import annotations

import datetime
import json
import os
from typing import Any

_DEFAULT_INTERVAL = 15.0


def _g(settings: Any, name: str, default: Any = None) -> Any:
    value = getattr(settings, name, default)
    return default if value is None else value


def enabled(settings: Any) -> bool:
    """Whether system metrics are collected (``x_disable_stats`` / ``x_disable_machine_info``)."""
    return not (_g(settings, "x_disable_stats", False) or _g(settings, "x_disable_machine_info", False))


def _pairs(value: Any) -> list[tuple[str, str]]:
    if not value:
        return []
    return [(str(k), str(v)) for k, v in dict(value).items()]


def _filters_json(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "items"):
        return json.dumps({str(k): {str(a): str(b) for a, b in dict(v or {}).items()} for k, v in value.items()})
    return json.dumps([str(p) for p in value])


def sampler_options(settings: Any) -> dict[str, Any]:
    """The ``wandb._core.Sampler`` options for ``settings`` (the ``x_stats_*`` fields)."""
    interval = float(_g(settings, "x_stats_sampling_interval", _DEFAULT_INTERVAL))
    disk_paths = getattr(settings, "x_stats_disk_paths", ("/",))
    gpu_ids = getattr(settings, "x_stats_gpu_device_ids", None)
    opts: dict[str, Any] = {
        "interval": max(interval, 0.1),
        "pid": int(_g(settings, "x_stats_pid", os.getpid())),
        "track_process_tree": bool(_g(settings, "x_stats_track_process_tree", False)),
        "disk_paths": [str(p) for p in (disk_paths or ())],
        "gpu_device_ids": None if gpu_ids is None else [int(i) for i in gpu_ids],
        "buffer_size": int(_g(settings, "x_stats_buffer_size", 0)),
        "open_metrics_endpoints": _pairs(getattr(settings, "x_stats_open_metrics_endpoints", None)),
        "open_metrics_filters": _filters_json(getattr(settings, "x_stats_open_metrics_filters", None)),
        "open_metrics_headers": _pairs(getattr(settings, "x_stats_open_metrics_http_headers", None)),
        "dcgm_exporter": getattr(settings, "x_stats_dcgm_exporter", None) or None,
        "label": getattr(settings, "x_label", None) or None,
        "neuron_monitor_config_path": getattr(settings, "x_stats_neuron_monitor_config_path", None) or None,
        "debug_log": getattr(settings, "log_internal", None) or None,
    }
    return opts


def start(run: Any) -> Any:
    """Start the sampler of ``run`` (None when disabled or unavailable)."""
    settings = run._settings
    if not enabled(settings) or run._stream is None:
        return None
    try:
        from wandb import _core

        return _core.Sampler(sampler_options(settings), stream=run._stream)
    except Exception as e:  # never break a run for metrics
        _log_internal(settings, f"monitor: could not start the system monitor: {e}")
        return None


def stop(sampler: Any) -> None:
    """Stop the sampler thread (waits for a tick in progress)."""
    if sampler is not None:
        try:
            sampler.stop()
        except Exception:
            pass


def system_metrics(sampler: Any) -> dict[str, list[tuple[datetime.datetime, float]]]:
    """``run._system_metrics``: buffered samples (``x_stats_buffer_size``) per metric as
    ``(UTC datetime, value)``."""
    if sampler is None:
        return {}
    out: dict[str, list[tuple[datetime.datetime, float]]] = {}
    for key, series in sampler.system_metrics().items():
        out[key] = [
            (datetime.datetime.fromtimestamp(t, tz=datetime.timezone.utc), float(v)) for t, v in series
        ]
    return out


def gpu_environment(settings: Any) -> dict[str, Any]:
    """GPU / accelerator fields of the EnvironmentRecord (``gpu_type``, ``gpu_count``,
    ``gpu_nvidia``, ``cuda_version``, ``gpu_amd``, ``trainium``), with the
    ``x_stats_gpu_count`` / ``x_stats_gpu_type`` overrides."""
    out: dict[str, Any] = {}
    probe: dict[str, Any] = {}
    try:
        from wandb import _core

        ids = getattr(settings, "x_stats_gpu_device_ids", None)
        probe = _core.stats_probe(gpu_device_ids=None if ids is None else [int(i) for i in ids], wait_s=1.0)
    except Exception:
        probe = {}
    nvidia = [{k: v for k, v in g.items() if v} for g in probe.get("gpu_nvidia") or []]
    amd = probe.get("gpu_amd") or []
    gpu_type = nvidia[0].get("name") if nvidia else None
    gpu_count = len(nvidia) or len(amd)
    if amd and not gpu_type:
        gpu_type = amd[0].get("series") or amd[0].get("model")
    gpu_type = _g(settings, "x_stats_gpu_type", None) or gpu_type
    gpu_count = _g(settings, "x_stats_gpu_count", None) or gpu_count
    if gpu_type:
        out["gpu_type"] = gpu_type
    if gpu_count:
        out["gpu_count"] = int(gpu_count)
    if nvidia:
        out["gpu_nvidia"] = nvidia
    if probe.get("cuda_version"):
        out["cuda_version"] = probe["cuda_version"]
    if amd:
        out["gpu_amd"] = amd
    if probe.get("trainium"):
        out["trainium"] = probe["trainium"]
    return out


def _log_internal(settings: Any, msg: str) -> None:
    path = getattr(settings, "log_internal", None)
    if not path:
        return
    try:
        from wandb.sdk.init_rundir import write_internal_log

        write_internal_log(path, "WARN", msg)
    except Exception:
        pass
