"""``wandb_internal.Settings`` and its helper messages, wire-compatible with wandb 0.21.3.

The schema (``wandb/proto/wandb_settings.proto``, package ``wandb_internal``) is described
below as data, turned into a ``FileDescriptorProto`` and registered in the default
descriptor pool at import; the message classes come from ``message_factory``. Import this
module lazily: it imports ``google.protobuf``.
"""

from __future__ import annotations

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf import wrappers_pb2  # noqa: F401  (registers google/protobuf/wrappers.proto)

FILE_NAME = "wandb/proto/wandb_settings.proto"
PACKAGE = "wandb_internal"

_WRAPPERS = {
    "S": ".google.protobuf.StringValue",
    "B": ".google.protobuf.BoolValue",
    "I": ".google.protobuf.Int32Value",
    "D": ".google.protobuf.DoubleValue",
    "LS": ".wandb_internal.ListStringValue",
    "LI": ".wandb_internal.ListIntValue",
    "M": ".wandb_internal.MapStringKeyStringValue",
    "OMF": ".wandb_internal.OpenMetricsFilters",
    "RM": ".wandb_internal.RunMoment",
}

#: (field number, name, type code) of every ``Settings`` field; codes are keys of _WRAPPERS.
SETTINGS_FIELDS = (
    (55, "api_key", "S"), (170, "identity_token_file", "S"), (171, "credentials_file", "S"),
    (185, "insecure_disable_ssl", "B"), (30, "_offline", "B"), (31, "x_sync", "B"),
    (134, "sync_file", "S"), (162, "_shared", "B"), (107, "run_id", "S"), (113, "run_url", "S"),
    (97, "project", "S"), (69, "entity", "S"), (188, "organization", "S"),
    (41, "x_start_time", "D"), (105, "root_dir", "S"), (85, "log_dir", "S"),
    (86, "log_internal", "S"), (70, "files_dir", "S"), (180, "x_files_dir", "S"),
    (78, "ignore_globs", "LS"), (57, "base_url", "S"), (172, "x_file_stream_max_bytes", "I"),
    (175, "x_file_stream_transmit_interval", "D"), (14, "x_extra_http_headers", "M"),
    (147, "x_file_stream_retry_max", "I"), (148, "x_file_stream_retry_wait_min_seconds", "D"),
    (149, "x_file_stream_retry_wait_max_seconds", "D"), (15, "x_file_stream_timeout_seconds", "D"),
    (178, "x_file_stream_max_line_bytes", "I"), (150, "x_file_transfer_retry_max", "I"),
    (151, "x_file_transfer_retry_wait_min_seconds", "D"),
    (152, "x_file_transfer_retry_wait_max_seconds", "D"),
    (153, "x_file_transfer_timeout_seconds", "D"), (154, "x_graphql_retry_max", "I"),
    (155, "x_graphql_retry_wait_min_seconds", "D"), (156, "x_graphql_retry_wait_max_seconds", "D"),
    (157, "x_graphql_timeout_seconds", "D"), (168, "http_proxy", "S"), (169, "https_proxy", "S"),
    (200, "x_proxies", "M"), (95, "program", "S"), (96, "program_relpath", "S"),
    (163, "_code_path_local", "S"), (159, "program_abspath", "S"), (1, "_args", "LS"),
    (32, "_os", "S"), (67, "docker", "S"), (13, "x_executable", "S"), (34, "_python", "S"),
    (160, "colab_url", "S"), (77, "host", "S"), (141, "username", "S"), (68, "email", "S"),
    (102, "resume", "S"), (167, "resume_from", "RM"), (164, "fork_from", "RM"),
    (65, "disable_job_creation", "B"), (131, "sweep_url", "S"), (165, "x_disable_update_check", "B"),
    (7, "x_disable_meta", "B"), (115, "save_code", "B"), (63, "disable_git", "B"),
    (158, "x_disable_machine_info", "B"), (10, "x_disable_stats", "B"),
    (161, "x_stats_buffer_size", "I"), (174, "x_stats_sampling_interval", "D"),
    (42, "x_stats_pid", "I"), (146, "x_stats_disk_paths", "LS"),
    (46, "x_stats_neuron_monitor_config_path", "S"), (187, "x_stats_dcgm_exporter", "S"),
    (47, "x_stats_open_metrics_endpoints", "M"), (48, "x_stats_open_metrics_filters", "OMF"),
    (184, "x_stats_open_metrics_http_headers", "M"), (186, "x_stats_gpu_device_ids", "LI"),
    (194, "x_stats_cpu_count", "I"), (195, "x_stats_cpu_logical_count", "I"),
    (196, "x_stats_gpu_count", "I"), (197, "x_stats_gpu_type", "S"),
    (198, "x_stats_track_process_tree", "B"), (181, "x_label", "S"), (182, "x_primary", "B"),
    (183, "x_update_finish_state", "B"), (177, "allow_offline_artifacts", "B"), (60, "console", "S"),
    (166, "console_multipart", "B"), (179, "sync_tensorboard", "B"),
    (189, "x_server_side_derived_summary", "B"), (190, "x_server_side_expand_glob_metrics", "B"),
    (191, "x_skip_transaction_log", "B"), (192, "x_stats_coreweave_metadata_base_url", "S"),
    (193, "x_stats_coreweave_metadata_endpoint", "S"), (2, "_aws_lambda", "B"),
    (4, "x_cli_only_mode", "B"), (5, "_colab", "B"), (11, "x_disable_viewer", "B"),
    (16, "x_flow_control_custom", "B"), (17, "x_flow_control_disabled", "B"),
    (18, "x_internal_check_process", "D"), (20, "_ipython", "B"), (21, "_jupyter", "B"),
    (22, "x_jupyter_root", "S"), (23, "_kaggle", "B"), (24, "x_live_policy_rate_limit", "I"),
    (25, "x_live_policy_wait_time", "I"), (26, "x_log_level", "I"), (27, "x_network_buffer", "I"),
    (28, "_noop", "B"), (29, "_notebook", "B"), (33, "_platform", "S"),
    (35, "x_runqueue_item_id", "S"), (37, "x_save_requirements", "B"),
    (38, "x_service_transport", "S"), (39, "x_service_wait", "D"), (40, "_start_datetime", "S"),
    (49, "_tmp_code_dir", "S"), (52, "_windows", "B"), (53, "allow_val_change", "B"),
    (54, "anonymous", "S"), (56, "azure_account_url_to_access_key", "M"), (58, "code_dir", "S"),
    (59, "config_paths", "LS"), (61, "deployment", "S"), (62, "disable_code", "B"),
    (64, "disable_hints", "B"), (66, "disabled", "B"), (71, "force", "B"), (72, "git_commit", "S"),
    (73, "git_remote", "S"), (74, "git_remote_url", "S"), (75, "git_root", "S"),
    (76, "heartbeat_seconds", "I"), (79, "init_timeout", "D"), (80, "is_local", "B"),
    (81, "job_source", "S"), (82, "label_disable", "B"), (83, "launch", "B"),
    (84, "launch_config_path", "S"), (87, "log_symlink_internal", "S"),
    (88, "log_symlink_user", "S"), (89, "log_user", "S"), (90, "login_timeout", "D"),
    (92, "mode", "S"), (93, "notebook_name", "S"), (98, "project_url", "S"), (99, "quiet", "B"),
    (101, "relogin", "B"), (103, "resume_fname", "S"), (104, "resumed", "B"),
    (106, "run_group", "S"), (108, "run_job_type", "S"), (109, "run_mode", "S"),
    (110, "run_name", "S"), (111, "run_notes", "S"), (112, "run_tags", "LS"),
    (114, "sagemaker_disable", "B"), (116, "settings_system", "S"),
    (117, "settings_workspace", "S"), (118, "show_colors", "B"), (119, "show_emoji", "B"),
    (120, "show_errors", "B"), (121, "show_info", "B"), (122, "show_warnings", "B"),
    (123, "silent", "B"), (124, "start_method", "S"), (125, "strict", "B"),
    (126, "summary_errors", "I"), (127, "summary_timeout", "I"), (128, "summary_warnings", "I"),
    (129, "sweep_id", "S"), (130, "sweep_param_path", "S"), (132, "symlink", "B"),
    (133, "sync_dir", "S"), (135, "sync_symlink_latest", "S"),
    (138, "table_raise_on_max_row_limit_exceeded", "B"), (139, "timespec", "S"),
    (140, "tmp_dir", "S"), (142, "wandb_dir", "S"), (143, "x_jupyter_name", "S"),
    (144, "x_jupyter_path", "S"), (145, "job_name", "S"),
)  # fmt: skip

#: Field numbers retired from ``Settings`` (never reuse them).
SETTINGS_RESERVED = (3, 6, 8, 9, 12, 19, 36, 43, 44, 45, 50, 51, 91, 94, 100, 136, 137, 173, 176)

_T = descriptor_pb2.FieldDescriptorProto
_OPTIONAL, _REPEATED = _T.LABEL_OPTIONAL, _T.LABEL_REPEATED


def _add_field(msg, number, name, ftype, label=_OPTIONAL, type_name=None):
    f = msg.field.add(name=name, number=number, type=ftype, label=label)
    f.json_name = "".join(p.capitalize() if i else p for i, p in enumerate(name.split("_"))) if name else name
    if type_name:
        f.type_name = type_name
    return f


def _add_map_entry(msg, entry_name, value_type, value_type_name=None):
    entry = msg.nested_type.add(name=entry_name)
    entry.options.map_entry = True
    _add_field(entry, 1, "key", _T.TYPE_STRING)
    _add_field(entry, 2, "value", value_type, type_name=value_type_name)


def _file_descriptor_proto():
    fdp = descriptor_pb2.FileDescriptorProto(name=FILE_NAME, package=PACKAGE, syntax="proto3")
    fdp.dependency.append("google/protobuf/wrappers.proto")
    fdp.options.go_package = "core/pkg/service_go_proto"

    m = fdp.message_type.add(name="ListStringValue")
    _add_field(m, 1, "value", _T.TYPE_STRING, _REPEATED)
    m = fdp.message_type.add(name="ListIntValue")
    _add_field(m, 1, "value", _T.TYPE_INT32, _REPEATED)

    m = fdp.message_type.add(name="MapStringKeyStringValue")
    _add_map_entry(m, "ValueEntry", _T.TYPE_STRING)
    _add_field(m, 1, "value", _T.TYPE_MESSAGE, _REPEATED, ".wandb_internal.MapStringKeyStringValue.ValueEntry")

    m = fdp.message_type.add(name="MapStringKeyMapStringKeyStringValue")
    _add_map_entry(m, "ValueEntry", _T.TYPE_MESSAGE, ".wandb_internal.MapStringKeyStringValue")
    _add_field(
        m, 1, "value", _T.TYPE_MESSAGE, _REPEATED, ".wandb_internal.MapStringKeyMapStringKeyStringValue.ValueEntry"
    )

    m = fdp.message_type.add(name="OpenMetricsFilters")
    _add_field(m, 1, "sequence", _T.TYPE_MESSAGE, type_name=".wandb_internal.ListStringValue")
    _add_field(m, 2, "mapping", _T.TYPE_MESSAGE, type_name=".wandb_internal.MapStringKeyMapStringKeyStringValue")
    oneof_index = m.oneof_decl.add(name="value")
    del oneof_index
    for f in m.field:
        f.oneof_index = 0

    m = fdp.message_type.add(name="RunMoment")
    _add_field(m, 1, "run", _T.TYPE_STRING)
    _add_field(m, 2, "value", _T.TYPE_DOUBLE)
    _add_field(m, 3, "metric", _T.TYPE_STRING)

    m = fdp.message_type.add(name="Settings")
    for number, name, code in SETTINGS_FIELDS:
        _add_field(m, number, name, _T.TYPE_MESSAGE, type_name=_WRAPPERS[code])
    for number in SETTINGS_RESERVED:
        m.reserved_range.add(start=number, end=number + 1)
    return fdp


def _register():
    pool = descriptor_pool.Default()
    try:
        fd = pool.FindFileByName(FILE_NAME)
    except KeyError:
        fd = pool.AddSerializedFile(_file_descriptor_proto().SerializeToString())
        if fd is None or isinstance(fd, bytes):  # older protobuf returns nothing useful
            fd = pool.FindFileByName(FILE_NAME)
    return fd


DESCRIPTOR = _register()


def _cls(name):
    return message_factory.GetMessageClass(DESCRIPTOR.message_types_by_name[name])


ListStringValue = _cls("ListStringValue")
ListIntValue = _cls("ListIntValue")
MapStringKeyStringValue = _cls("MapStringKeyStringValue")
MapStringKeyMapStringKeyStringValue = _cls("MapStringKeyMapStringKeyStringValue")
OpenMetricsFilters = _cls("OpenMetricsFilters")
RunMoment = _cls("RunMoment")
Settings = _cls("Settings")

__all__ = [
    "DESCRIPTOR",
    "ListStringValue",
    "ListIntValue",
    "MapStringKeyStringValue",
    "MapStringKeyMapStringKeyStringValue",
    "OpenMetricsFilters",
    "RunMoment",
    "Settings",
]
