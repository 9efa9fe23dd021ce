"""The table of ``wandb.Settings`` fields: name, type, default and validators.

The order of ``FIELDS`` is the declaration order of wandb 0.21.3; fields are validated
in this order at construction, and a field validator sees the values validated before it.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from . import settings_coerce as C
from .settings_errors import SettingsUsageError, SettingsValidationError
from .settings_run_moment import RunMoment

_MISSING = object()


class Field:
    """One setting: its type (``kind``), default and whether ``None`` is allowed."""

    __slots__ = ("name", "kind", "default", "default_factory", "optional", "choices", "annotation")

    def __init__(
        self,
        name: str,
        kind: str,
        default: Any = None,
        optional: bool = False,
        choices: Tuple[str, ...] = (),
        default_factory: Optional[Callable[[], Any]] = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.default = default
        self.default_factory = default_factory
        self.optional = optional
        self.choices = choices
        self.annotation = _annotation(kind, optional, choices)

    def get_default(self) -> Any:
        if self.default_factory is not None:
            return self.default_factory()
        d = self.default
        return list(d) if isinstance(d, list) else d

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, annotation={self.annotation}, default={self.default!r})"


def _annotation(kind: str, optional: bool, choices: Tuple[str, ...]) -> str:
    base = {
        "bool": "bool",
        "int": "int",
        "float": "float",
        "str": "str",
        "path": "str",
        "strseq": "Sequence[str]",
        "intseq": "Sequence[int]",
        "strdict": "Dict[str, str]",
        "tags": "Tuple[str, ...]",
        "moment": "RunMoment",
        "filters": "Union[Dict[str, Dict[str, str]], Sequence[str]]",
    }.get(kind)
    if kind in ("literal", "reinit"):
        base = "Literal[" + ", ".join(repr(c) for c in choices) + "]"
        if kind == "reinit":
            base = f"Union[{base}, bool]"
    return f"Optional[{base}]" if optional else str(base)


def _default_credentials_file() -> str:
    return os.path.expanduser(os.path.join("~", ".config", "wandb", "credentials.json"))


def _default_root_dir() -> str:
    return os.path.abspath(os.getcwd())


def _default_symlink() -> bool:
    return not sys.platform.startswith("win")


def _b(name: str, default: bool) -> Field:
    return Field(name, "bool", default)


def _ob(name: str) -> Field:
    return Field(name, "bool", None, optional=True)


def _os(name: str, kind: str = "str") -> Field:
    return Field(name, kind, None, optional=True)


def _oi(name: str) -> Field:
    return Field(name, "int", None, optional=True)


def _of(name: str) -> Field:
    return Field(name, "float", None, optional=True)


def _lit(name: str, choices: Tuple[str, ...], default: Any = None, optional: bool = True) -> Field:
    return Field(name, "literal", default, optional=optional, choices=choices)


MODES = ("online", "offline", "shared", "disabled", "dryrun", "run")
CONSOLES = ("auto", "off", "wrap", "redirect", "wrap_raw", "wrap_emu")
REINIT_CHOICES = ("default", "return_previous", "finish_previous", "create_new")
RESUME_CHOICES = ("allow", "must", "never", "auto")

FIELDS: Tuple[Field, ...] = (
    _b("allow_offline_artifacts", True),
    _b("allow_val_change", False),
    _lit("anonymous", ("must", "allow", "never")),
    _os("api_key"),
    Field("azure_account_url_to_access_key", "strdict", None, optional=True),
    Field("base_url", "str", "https://api.wandb.ai"),
    _os("code_dir", "path"),
    Field("config_paths", "strseq", None, optional=True),
    _lit("console", CONSOLES, "auto", optional=False),
    _b("console_multipart", False),
    Field("credentials_file", "str", default_factory=_default_credentials_file),
    _b("disable_code", False),
    _b("disable_git", False),
    _b("disable_job_creation", True),
    _os("docker"),
    _os("email"),
    _os("entity"),
    _os("organization"),
    _b("force", False),
    Field("fork_from", "moment", None, optional=True),
    _os("git_commit"),
    Field("git_remote", "str", "origin"),
    _os("git_remote_url"),
    _os("git_root"),
    Field("heartbeat_seconds", "int", 30),
    _os("host"),
    _os("http_proxy"),
    _os("https_proxy"),
    _os("identity_token_file"),
    Field("ignore_globs", "strseq", ()),
    Field("init_timeout", "float", 90.0),
    _b("insecure_disable_ssl", False),
    _os("job_name"),
    _lit("job_source", ("repo", "artifact", "image")),
    _b("label_disable", False),
    _b("launch", False),
    _os("launch_config_path"),
    _of("login_timeout"),
    _lit("mode", MODES, "online", optional=False),
    _os("notebook_name"),
    _os("program", "path"),
    _os("program_abspath", "path"),
    _os("program_relpath", "path"),
    _os("project"),
    _b("quiet", False),
    Field("reinit", "reinit", "default", choices=REINIT_CHOICES),
    _b("relogin", False),
    _lit("resume", RESUME_CHOICES),
    Field("resume_from", "moment", None, optional=True),
    _b("resumed", False),
    Field("root_dir", "path", default_factory=_default_root_dir),
    _os("run_group"),
    _os("run_id"),
    _os("run_job_type"),
    _os("run_name"),
    _os("run_notes"),
    Field("run_tags", "tags", None, optional=True),
    _b("sagemaker_disable", False),
    _ob("save_code"),
    _os("settings_system"),
    Field("max_end_of_run_history_metrics", "int", 10),
    Field("max_end_of_run_summary_metrics", "int", 10),
    _ob("show_colors"),
    _ob("show_emoji"),
    _b("show_errors", True),
    _b("show_info", True),
    _b("show_warnings", True),
    _b("silent", False),
    _os("start_method"),
    _ob("strict"),
    Field("summary_timeout", "int", 60),
    Field("summary_warnings", "int", 5),
    _os("sweep_id"),
    _os("sweep_param_path", "path"),
    Field("symlink", "bool", default_factory=_default_symlink),
    _ob("sync_tensorboard"),
    _b("table_raise_on_max_row_limit_exceeded", False),
    _os("username"),
    _b("x_cli_only_mode", False),
    _b("x_disable_meta", False),
    _b("x_disable_stats", False),
    _b("x_disable_viewer", False),
    _b("x_disable_machine_info", False),
    _os("x_executable", "path"),
    Field("x_extra_http_headers", "strdict", None, optional=True),
    _oi("x_file_stream_max_bytes"),
    _oi("x_file_stream_max_line_bytes"),
    _of("x_file_stream_transmit_interval"),
    _oi("x_file_stream_retry_max"),
    _of("x_file_stream_retry_wait_min_seconds"),
    _of("x_file_stream_retry_wait_max_seconds"),
    _of("x_file_stream_timeout_seconds"),
    _oi("x_file_transfer_retry_max"),
    _of("x_file_transfer_retry_wait_min_seconds"),
    _of("x_file_transfer_retry_wait_max_seconds"),
    _of("x_file_transfer_timeout_seconds"),
    _os("x_files_dir", "path"),
    _ob("x_flow_control_custom"),
    _ob("x_flow_control_disabled"),
    _oi("x_graphql_retry_max"),
    _of("x_graphql_retry_wait_min_seconds"),
    _of("x_graphql_retry_wait_max_seconds"),
    _of("x_graphql_timeout_seconds"),
    Field("x_internal_check_process", "float", 8.0),
    _os("x_jupyter_name"),
    _os("x_jupyter_path"),
    _os("x_jupyter_root"),
    _os("x_label"),
    _oi("x_live_policy_rate_limit"),
    _oi("x_live_policy_wait_time"),
    Field("x_log_level", "int", 20),
    _oi("x_network_buffer"),
    _b("x_primary", True),
    Field("x_proxies", "strdict", None, optional=True),
    _os("x_runqueue_item_id"),
    _b("x_save_requirements", True),
    _b("x_server_side_derived_summary", False),
    _b("x_server_side_expand_glob_metrics", True),
    _os("x_service_transport"),
    Field("x_service_wait", "float", 30.0),
    _b("x_skip_transaction_log", False),
    _of("x_start_time"),
    Field("x_stats_pid", "int", default_factory=os.getpid),
    Field("x_stats_sampling_interval", "float", 15.0),
    _os("x_stats_neuron_monitor_config_path", "path"),
    _os("x_stats_dcgm_exporter"),
    Field("x_stats_open_metrics_endpoints", "strdict", None, optional=True),
    Field("x_stats_open_metrics_filters", "filters", None, optional=True),
    Field("x_stats_open_metrics_http_headers", "strdict", None, optional=True),
    Field("x_stats_disk_paths", "strseq", ("/",), optional=True),
    _oi("x_stats_cpu_count"),
    _oi("x_stats_cpu_logical_count"),
    _oi("x_stats_gpu_count"),
    _os("x_stats_gpu_type"),
    Field("x_stats_gpu_device_ids", "intseq", None, optional=True),
    Field("x_stats_buffer_size", "int", 0),
    Field("x_stats_coreweave_metadata_base_url", "str", "http://169.254.169.254"),
    Field("x_stats_coreweave_metadata_endpoint", "str", "/api/v2/cloud-init/meta-data"),
    _b("x_stats_track_process_tree", False),
    _b("x_sync", False),
    _b("x_update_finish_state", True),
)

FIELDS_BY_NAME: Dict[str, Field] = {f.name: f for f in FIELDS}

#: Other names accepted for a field at construction.
ALIASES: Dict[str, str] = {"x_primary_node": "x_primary"}

#: Settings kept in Python only (not sent in ``to_proto``).
CLIENT_ONLY_SETTINGS = ("reinit", "max_end_of_run_history_metrics", "max_end_of_run_summary_metrics")


# ---------------------------------------------------------------------------------------
# Coercion by kind


def _to_moment(name: str, value: Any) -> Optional[RunMoment]:
    if value is None or isinstance(value, RunMoment):
        return value
    try:
        if isinstance(value, str):
            return RunMoment.from_uri(value)
        if isinstance(value, dict):
            return RunMoment(**value)
    except (ValueError, TypeError) as e:
        raise SettingsValidationError(name, f"Value error, {e}", value) from None
    raise SettingsValidationError(
        name,
        "Input should be a RunMoment or a string '<run_id>?_step=<value>'",
        value,
        "model_type",
    )


def _to_reinit(name: str, value: Any) -> Any:
    if isinstance(value, str) and value in REINIT_CHOICES:
        return value
    try:
        return C.to_bool(name, value)
    except SettingsValidationError:
        raise SettingsValidationError(
            name,
            "Input should be 'default', 'return_previous', 'finish_previous' or "
            "'create_new', or a bool",
            value,
            "literal_error",
        ) from None


_KIND_NAMES = {"bool": "boolean", "str": "string", "path": "string", "int": "integer", "float": "number"}


def coerce(field: Field, value: Any) -> Any:
    """Coerce ``value`` to the type of ``field`` (no field-specific rules)."""
    name = field.name
    if value is None:
        if field.optional:
            return None
        what = _KIND_NAMES.get(field.kind, field.annotation)
        raise SettingsValidationError(
            name, f"Input should be a valid {what} (None is not accepted)", value, f"{what}_type"
        )
    kind = field.kind
    if kind == "bool":
        return C.to_bool(name, value)
    if kind == "str":
        return C.to_str(name, value)
    if kind == "path":
        return C.to_str(name, value, pathlike=True)
    if kind == "int":
        return C.to_int(name, value)
    if kind == "float":
        return C.to_float(name, value)
    if kind == "literal":
        return C.to_literal(name, value, field.choices)
    if kind == "strseq":
        return C.to_str_seq(name, value)
    if kind == "intseq":
        return C.to_int_seq(name, value)
    if kind == "strdict":
        return C.to_str_dict(name, value)
    if kind == "tags":
        return C.to_tags(name, value)
    if kind == "moment":
        return _to_moment(name, value)
    if kind == "reinit":
        return _to_reinit(name, value)
    if kind == "filters":
        return C.to_open_metrics_filters(name, value)
    raise AssertionError(kind)  # pragma: no cover


# ---------------------------------------------------------------------------------------
# Field-specific rules (run before / after coercion)


def _pre_resume(value: Any, data: Mapping[str, Any]) -> Any:
    if value is False:
        return None
    if value is True:
        return "auto"
    return value


def _pre_settings_system(value: Any, data: Mapping[str, Any]) -> Any:
    return os.fspath(value) if isinstance(value, os.PathLike) else value


PRE_VALIDATORS: Dict[str, Callable[[Any, Mapping[str, Any]], Any]] = {
    "resume": _pre_resume,
    "settings_system": _pre_settings_system,
}


def _v_api_key(value: Any, data: Mapping[str, Any]) -> Any:
    if value is not None and len(value) > len(value.strip()):
        raise SettingsUsageError("api_key", "API key cannot start or end with whitespace", value)
    return value


_WANDB_AI = re.compile(r".*wandb\.ai[^\.]*$")


def _v_base_url(value: Any, data: Mapping[str, Any]) -> Any:
    C.validate_url("base_url", value)
    if _WANDB_AI.match(value) and "api." not in value:
        raise SettingsValidationError(
            "base_url",
            f"Value error, {value} is not a valid server address, did you mean https://api.wandb.ai?",
            value,
        )
    if _WANDB_AI.match(value) and not value.startswith("https"):
        raise SettingsValidationError(
            "base_url", "Value error, http is not secure, please use https://api.wandb.ai", value
        )
    return value.rstrip("/")


def _url_validator(name: str) -> Callable[[Any, Mapping[str, Any]], Any]:
    def check(value: Any, data: Mapping[str, Any]) -> Any:
        if value is None:
            return None
        C.validate_url(name, value)
        return value.rstrip("/")

    return check


def _v_console(value: Any, data: Mapping[str, Any]) -> Any:
    return "wrap" if value == "auto" else value


def _v_max_line_bytes(value: Any, data: Mapping[str, Any]) -> Any:
    if value is not None and value < 1:
        raise SettingsValidationError(
            "x_file_stream_max_line_bytes",
            "Value error, File stream max line bytes must be greater than 0",
            value,
        )
    return value


def _v_fork_from(value: Any, data: Mapping[str, Any]) -> Any:
    if value is not None and data.get("run_id") is not None and data.get("run_id") == value.run:
        raise SettingsValidationError(
            "fork_from",
            "Value error, Provided `run_id` is the same as the run to `fork_from`. "
            "Please provide a different `run_id` or remove the `run_id` argument. "
            "If you want to rewind the current run, please use `resume_from` instead.",
            value,
        )
    return value


def _v_resume_from(value: Any, data: Mapping[str, Any]) -> Any:
    if value is not None and data.get("run_id") is not None and data.get("run_id") != value.run:
        raise SettingsValidationError(
            "resume_from",
            "Value error, Both `run_id` and `resume_from` have been specified with different ids.",
            value,
        )
    return value


def _v_ignore_globs(value: Any, data: Mapping[str, Any]) -> Any:
    return tuple(value)


_PROJECT_BAD = "/\\#?%:"


def _v_project(value: Any, data: Mapping[str, Any]) -> Any:
    if value is None:
        return None
    if len(value) > 128:
        raise SettingsUsageError("project", f"Invalid project name {value!r}: exceeded 128 characters", value)
    found = [c for c in _PROJECT_BAD if c in value]
    if found:
        raise SettingsUsageError(
            "project",
            f"Invalid project name {value!r}: cannot contain characters "
            f"{','.join(_PROJECT_BAD)!r}, found {','.join(found)!r}",
            value,
        )
    return value


def _id_checks(field: str, label: str, value: Any) -> None:
    if len(value) == 0:
        raise SettingsUsageError(field, f"{label} cannot be empty", value)
    if len(value) > len(value.strip()):
        raise SettingsUsageError(field, f"{label} cannot start or end with whitespace", value)
    if not value.strip():
        raise SettingsUsageError(field, f"{label} cannot contain only whitespace", value)


_RUN_ID_RESERVED = ":;,#?/'"


def _v_run_id(value: Any, data: Mapping[str, Any]) -> Any:
    if value is None:
        return None
    _id_checks("run_id", "Run ID", value)
    if any(c in _RUN_ID_RESERVED for c in value):
        raise SettingsUsageError("run_id", f"Run ID cannot contain the characters: {_RUN_ID_RESERVED}", value)
    return value


def _v_sweep_id(value: Any, data: Mapping[str, Any]) -> Any:
    if value is None:
        return None
    _id_checks("sweep_id", "Sweep ID", value)
    return value


def _v_settings_system(value: Any, data: Mapping[str, Any]) -> Any:
    return None if value is None else os.path.expanduser(value)


def _v_service_wait(value: Any, data: Mapping[str, Any]) -> Any:
    if value < 0:
        raise SettingsUsageError("x_service_wait", "Service wait time cannot be negative", value)
    return value


def _v_start_method(value: Any, data: Mapping[str, Any]) -> Any:
    if value is not None:
        _warn_once(
            "`start_method` is deprecated and will be removed in a future version "
            "of wandb. This setting is currently non-functional and safely ignored."
        )
    return value


def _v_sampling_interval(value: Any, data: Mapping[str, Any]) -> Any:
    if value < 0.1:
        raise SettingsUsageError(
            "x_stats_sampling_interval", "Stats sampling interval cannot be less than 0.1 seconds", value
        )
    return value


def _v_coreweave_url(value: Any, data: Mapping[str, Any]) -> Any:
    C.validate_url("x_stats_coreweave_metadata_base_url", value)
    return value.rstrip("/")


AFTER_VALIDATORS: Dict[str, Callable[[Any, Mapping[str, Any]], Any]] = {
    "api_key": _v_api_key,
    "base_url": _v_base_url,
    "console": _v_console,
    "x_file_stream_max_line_bytes": _v_max_line_bytes,
    "fork_from": _v_fork_from,
    "http_proxy": _url_validator("http_proxy"),
    "https_proxy": _url_validator("https_proxy"),
    "ignore_globs": _v_ignore_globs,
    "project": _v_project,
    "resume_from": _v_resume_from,
    "run_id": _v_run_id,
    "settings_system": _v_settings_system,
    "x_service_wait": _v_service_wait,
    "start_method": _v_start_method,
    "x_stats_coreweave_metadata_base_url": _v_coreweave_url,
    "x_stats_sampling_interval": _v_sampling_interval,
    "sweep_id": _v_sweep_id,
}


def validate_field(name: str, value: Any, data: Mapping[str, Any]) -> Any:
    """Run the pre rule, coercion and post rule for one field; return the stored value."""
    field = FIELDS_BY_NAME[name]
    pre = PRE_VALIDATORS.get(name)
    if pre is not None:
        value = pre(value, data)
    value = coerce(field, value)
    post = AFTER_VALIDATORS.get(name)
    if post is not None:
        value = post(value, data)
    return value


def validate_model(values: Mapping[str, Any]) -> None:
    """Checks across several fields, run after construction and after each assignment."""
    given = [k for k in ("fork_from", "resume", "resume_from") if values.get(k) is not None]
    if len(given) > 1:
        raise SettingsValidationError(
            None,
            "Value error, `fork_from`, `resume`, or `resume_from` are mutually exclusive. "
            "Please specify only one of them.",
            {k: values.get(k) for k in given},
        )
    if values.get("mode") in ("offline", "dryrun") and values.get("x_skip_transaction_log"):
        raise SettingsValidationError(
            None,
            "Value error, Cannot skip transaction log in offline mode",
            {"mode": values.get("mode"), "x_skip_transaction_log": True},
        )


_warned: set = set()


def _warn_once(message: str) -> None:
    if message in _warned:
        return
    _warned.add(message)
    try:
        from wandb.errors.term import termwarn

        termwarn(message, repeat=False)
    except Exception:  # pragma: no cover - terminal helpers unavailable
        import warnings

        warnings.warn(message, stacklevel=3)
