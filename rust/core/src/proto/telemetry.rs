//! Telemetry messages (`wandb_telemetry.proto`); the sub-messages are bool flags.
//!
//! Field names, numbers and types follow `wandb_internal` of wandb 0.21.3 so the
//! protobuf bytes are wire-compatible. JSON form: proto field names, defaults omitted.

#![allow(missing_docs, non_snake_case)]

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::serde_util::*;
#[allow(unused_imports)]
use super::*;

/// `wandb_internal.TelemetryRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryRecord {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imports_init: Option<Imports>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imports_finish: Option<Imports>,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<Feature>,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub python_version: String,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cli_version: String,
    #[prost(string, tag = "6")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub huggingface_version: String,
    #[prost(message, optional, tag = "8")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
    #[prost(message, optional, tag = "9")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Labels>,
    #[prost(message, optional, tag = "10")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecated>,
    #[prost(message, optional, tag = "11")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issues: Option<Issues>,
    #[prost(string, tag = "12")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub core_version: String,
    #[prost(string, tag = "13")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub platform: String,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.Env`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Env {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub jupyter: bool,
    #[prost(bool, tag = "2")]
    #[serde(skip_serializing_if = "is_false")]
    pub kaggle: bool,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub windows: bool,
    #[prost(bool, tag = "4")]
    #[serde(skip_serializing_if = "is_false")]
    pub m1_gpu: bool,
    #[prost(bool, tag = "10")]
    #[serde(skip_serializing_if = "is_false")]
    pub trainium: bool,
    #[prost(bool, tag = "11")]
    #[serde(skip_serializing_if = "is_false")]
    pub pex: bool,
    #[prost(bool, tag = "12")]
    #[serde(skip_serializing_if = "is_false")]
    pub colab: bool,
    #[prost(bool, tag = "13")]
    #[serde(skip_serializing_if = "is_false")]
    pub ipython: bool,
    #[prost(bool, tag = "14")]
    #[serde(skip_serializing_if = "is_false")]
    pub aws_lambda: bool,
    #[prost(bool, tag = "15")]
    #[serde(skip_serializing_if = "is_false")]
    pub amd_gpu: bool,
}

/// `wandb_internal.Labels`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Labels {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code_string: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub repo_string: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code_version: String,
}

/// `wandb_internal.Deprecated`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Deprecated {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras_callback__data_type: bool,
    #[prost(bool, tag = "5")]
    #[serde(skip_serializing_if = "is_false")]
    pub plots: bool,
    #[prost(bool, tag = "7")]
    #[serde(skip_serializing_if = "is_false")]
    pub init__config_include_keys: bool,
    #[prost(bool, tag = "8")]
    #[serde(skip_serializing_if = "is_false")]
    pub init__config_exclude_keys: bool,
    #[prost(bool, tag = "9")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras_callback__save_model: bool,
    #[prost(bool, tag = "10")]
    #[serde(skip_serializing_if = "is_false")]
    pub langchain_tracer: bool,
    #[prost(bool, tag = "11")]
    #[serde(skip_serializing_if = "is_false")]
    pub artifact__get_path: bool,
    #[prost(bool, tag = "12")]
    #[serde(skip_serializing_if = "is_false")]
    pub artifactmanifestentry__name: bool,
    #[prost(bool, tag = "13")]
    #[serde(skip_serializing_if = "is_false")]
    pub api__artifact_versions: bool,
    #[prost(bool, tag = "14")]
    #[serde(skip_serializing_if = "is_false")]
    pub artifact_collection__change_type: bool,
    #[prost(bool, tag = "15")]
    #[serde(skip_serializing_if = "is_false")]
    pub run__define_metric_copy: bool,
    #[prost(bool, tag = "16")]
    #[serde(skip_serializing_if = "is_false")]
    pub run_disabled: bool,
    #[prost(bool, tag = "17")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras_callback: bool,
    #[prost(bool, tag = "18")]
    #[serde(skip_serializing_if = "is_false")]
    pub run__define_metric_best_goal: bool,
    #[prost(bool, tag = "19")]
    #[serde(skip_serializing_if = "is_false")]
    pub run__finish_quiet: bool,
    #[prost(bool, tag = "20")]
    #[serde(skip_serializing_if = "is_false")]
    pub run__reinit_bool: bool,
    #[prost(bool, tag = "21")]
    #[serde(skip_serializing_if = "is_false")]
    pub run__get_url: bool,
    #[prost(bool, tag = "22")]
    #[serde(skip_serializing_if = "is_false")]
    pub run__project_name: bool,
    #[prost(bool, tag = "23")]
    #[serde(skip_serializing_if = "is_false")]
    pub run__get_project_url: bool,
    #[prost(bool, tag = "24")]
    #[serde(skip_serializing_if = "is_false")]
    pub run__get_sweep_url: bool,
    #[prost(bool, tag = "25")]
    #[serde(skip_serializing_if = "is_false")]
    pub run__use_artifact_use_as: bool,
    #[prost(bool, tag = "26")]
    #[serde(skip_serializing_if = "is_false")]
    pub artifact__use_as: bool,
    #[prost(bool, tag = "27")]
    #[serde(skip_serializing_if = "is_false")]
    pub artifact__init_use_as: bool,
    #[prost(bool, tag = "28")]
    #[serde(skip_serializing_if = "is_false")]
    pub beta__workflows__log_model: bool,
    #[prost(bool, tag = "29")]
    #[serde(skip_serializing_if = "is_false")]
    pub beta__workflows__use_model: bool,
    #[prost(bool, tag = "30")]
    #[serde(skip_serializing_if = "is_false")]
    pub beta__workflows__link_model: bool,
}

/// `wandb_internal.Issues`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Issues {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub settings__validation_warnings: bool,
    #[prost(bool, tag = "2")]
    #[serde(skip_serializing_if = "is_false")]
    pub settings__unexpected_args: bool,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub settings__preprocessing_warnings: bool,
}
