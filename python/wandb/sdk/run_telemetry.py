"""Per-run telemetry state (TelemetryRecord JSON), re-sent whole whenever a flag changes."""

from __future__ import annotations

import threading
from typing import Any, Callable


# Field names of the bool-only sub-messages of TelemetryRecord (wandb_telemetry.proto).
FEATURES = frozenset(
    """
    watch finish save offline resumed grpc metric keras sagemaker artifact_incremental metaflow
    prodigy set_init_name set_init_id set_init_tags set_init_config set_run_name set_run_tags
    set_config_item launch torch_profiler_trace sb3 init_return_run lightgbm_wandb_callback
    lightgbm_log_summary catboost_wandb_callback catboost_log_summary tensorboard_log
    estimator_hook xgboost_wandb_callback xgboost_old_wandb_callback attach tensorboard_patch
    tensorboard_sync kfp_wandb_log maybe_run_overwrite keras_metrics_logger
    keras_model_checkpoint keras_wandb_eval_callback flow_control_overflow sync
    flow_control_disabled flow_control_custom open_metrics ultralytics_yolov8 importer_mlflow
    sync_tfevents async_uploads openai_autolog langchain_tracer cohere_autolog
    hf_pipeline_autolog lib_c lib_cpp openai_finetuning diffusers_autolog
    lightning_fabric_logger set_step_log set_summary metric_summary metric_goal metric_hidden
    metric_step_sync shared_mode server_side_derived_summary user_provided_label
    dcgm_profiling_enabled fork_mode rewind_mode
    """.split()
)
DEPRECATED = frozenset(
    """
    keras_callback__data_type plots init__config_include_keys init__config_exclude_keys
    keras_callback__save_model langchain_tracer artifact__get_path artifactmanifestentry__name
    api__artifact_versions artifact_collection__change_type run__define_metric_copy run_disabled
    keras_callback run__define_metric_best_goal run__finish_quiet run__reinit_bool run__get_url
    run__project_name run__get_project_url run__get_sweep_url run__use_artifact_use_as
    artifact__use_as artifact__init_use_as beta__workflows__log_model beta__workflows__use_model
    beta__workflows__link_model
    """.split()
)
ENV = frozenset(
    """
    jupyter kaggle windows m1_gpu trainium pex colab ipython aws_lambda amd_gpu
    """.split()
)



def _python_version() -> str:
    import sys

    return "{}.{}.{}".format(*sys.version_info[:3])


def _platform() -> str:
    import sysconfig

    return sysconfig.get_platform()


class RunTelemetry:
    """Cumulative telemetry flags of one run.

    ``feature``/``deprecated``/``env`` hold proto field names of the bool-only sub-messages
    (``wandb_telemetry.proto``), e.g. ``{"offline", "set_init_name"}``.
    """

    def __init__(self, cli_version: str) -> None:
        self.feature: set[str] = set()
        self.deprecated: set[str] = set()
        self.env: set[str] = set()
        self.label: dict[str, str] = {}
        self.cli_version = cli_version
        self.python_version = _python_version()
        self.platform = _platform()
        self._lock = threading.Lock()
        #: called with the record JSON dict whenever a flag changes (set by Run._start)
        self.on_change: Callable[[dict], None] | None = None

    def to_json(self) -> dict[str, Any]:
        """TelemetryRecord JSON (proto field names)."""
        rec: dict[str, Any] = {}
        if self.feature:
            rec["feature"] = {f: True for f in sorted(self.feature)}
        rec["python_version"] = self.python_version
        rec["cli_version"] = self.cli_version
        if self.env:
            rec["env"] = {f: True for f in sorted(self.env)}
        if self.label:
            rec["label"] = dict(self.label)
        if self.deprecated:
            rec["deprecated"] = {f: True for f in sorted(self.deprecated)}
        rec["platform"] = self.platform
        return rec

    def _set(self, bucket: set[str], names: tuple[str, ...]) -> None:
        known = FEATURES if bucket is self.feature else DEPRECATED if bucket is self.deprecated else ENV
        with self._lock:
            new = [n for n in names if n not in bucket and n in known]
            if not new:
                return
            bucket.update(new)
            snapshot = self.to_json()
        if self.on_change is not None:
            self.on_change(snapshot)

    def set_feature(self, *names: str) -> None:
        """Turn on ``Feature`` flags; writes a telemetry record if anything changed."""
        self._set(self.feature, names)

    def set_label(self, **labels: str) -> None:
        """Set ``Labels`` strings (code_string, repo_string, code_version); writes on change."""
        with self._lock:
            new = {k: v for k, v in labels.items() if v and self.label.get(k) != v}
            if not new:
                return
            self.label.update(new)
            snapshot = self.to_json()
        if self.on_change is not None:
            self.on_change(snapshot)

    def set_deprecated(self, *names: str) -> None:
        """Turn on ``Deprecated`` flags; writes a telemetry record if anything changed."""
        self._set(self.deprecated, names)
