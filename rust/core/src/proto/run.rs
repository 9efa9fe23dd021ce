//! Run lifecycle, control and metric messages.
//!
//! Field names, numbers and types follow `wandb_internal` of wandb 0.21.3 so the
//! protobuf bytes are wire-compatible. JSON form: proto field names, defaults omitted.

#![allow(missing_docs, non_snake_case)]

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::serde_util::*;
#[allow(unused_imports)]
use super::*;

/// `wandb_internal.Control`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Control {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub req_resp: bool,
    #[prost(bool, tag = "2")]
    #[serde(skip_serializing_if = "is_false")]
    pub local: bool,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub relay_id: String,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mailbox_slot: String,
    #[prost(bool, tag = "5")]
    #[serde(skip_serializing_if = "is_false")]
    pub always_send: bool,
    #[prost(bool, tag = "6")]
    #[serde(skip_serializing_if = "is_false")]
    pub flow_control: bool,
    #[prost(int64, tag = "7")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub end_offset: i64,
    #[prost(string, tag = "8")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub connection_id: String,
}

/// `wandb_internal._RecordInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecordInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub stream_id: String,
    #[prost(string, tag = "100")]
    #[serde(rename = "_tracelog_id", skip_serializing_if = "String::is_empty")]
    pub tracelog_id: String,
}

/// `wandb_internal.RunRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunRecord {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub run_id: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub entity: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    #[prost(message, optional, tag = "4")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<ConfigRecord>,
    #[prost(message, optional, tag = "5")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<SummaryRecord>,
    #[prost(string, tag = "6")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub run_group: String,
    #[prost(string, tag = "7")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub job_type: String,
    #[prost(string, tag = "8")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub display_name: String,
    #[prost(string, tag = "9")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[prost(string, repeated, tag = "10")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[prost(message, optional, tag = "11")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<SettingsRecord>,
    #[prost(string, tag = "12")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sweep_id: String,
    #[prost(string, tag = "13")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub host: String,
    #[prost(int64, tag = "14")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub starting_step: i64,
    #[prost(string, tag = "16")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub storage_id: String,
    #[prost(message, optional, tag = "17")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Timestamp>,
    #[prost(bool, tag = "18")]
    #[serde(skip_serializing_if = "is_false")]
    pub resumed: bool,
    #[prost(message, optional, tag = "19")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telemetry: Option<TelemetryRecord>,
    #[prost(int32, tag = "20")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub runtime: i32,
    #[prost(message, optional, tag = "21")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git: Option<GitRepoRecord>,
    #[prost(bool, tag = "22")]
    #[serde(skip_serializing_if = "is_false")]
    pub forked: bool,
    #[prost(message, optional, tag = "23")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch_point: Option<BranchPoint>,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.GitRepoRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GitRepoRecord {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub remote_url: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub commit: String,
}

/// `wandb_internal.BranchPoint`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BranchPoint {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub run: String,
    #[prost(double, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_f64")]
    pub value: f64,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub metric: String,
}

/// `wandb_internal.HeaderRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HeaderRecord {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_info: Option<VersionInfo>,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.VersionInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VersionInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub producer: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub min_consumer: String,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.RunExitRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunExitRecord {
    #[prost(int32, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub exit_code: i32,
    #[prost(int32, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub runtime: i32,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.FinalRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FinalRecord {
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.FooterRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FooterRecord {
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.RunPreemptingRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunPreemptingRecord {
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.AlertRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertRecord {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub level: String,
    #[prost(int64, tag = "4")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub wait_duration: i64,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.TBRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TBRecord {
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub log_dir: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub root_dir: String,
    #[prost(bool, tag = "2")]
    #[serde(skip_serializing_if = "is_false")]
    pub save: bool,
}

/// `wandb_internal.MetricRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricRecord {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub glob_name: String,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub step_metric: String,
    #[prost(int32, tag = "5")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub step_metric_index: i32,
    #[prost(message, optional, tag = "6")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<MetricOptions>,
    #[prost(message, optional, tag = "7")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<MetricSummary>,
    #[prost(int32, tag = "8")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub goal: i32,
    #[prost(message, optional, tag = "9")]
    #[serde(rename = "_control", skip_serializing_if = "Option::is_none")]
    pub control: Option<MetricControl>,
    #[prost(bool, tag = "10")]
    #[serde(skip_serializing_if = "is_false")]
    pub expanded_from_glob: bool,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.MetricOptions`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricOptions {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub step_sync: bool,
    #[prost(bool, tag = "2")]
    #[serde(skip_serializing_if = "is_false")]
    pub hidden: bool,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub defined: bool,
}

/// `wandb_internal.MetricSummary`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricSummary {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub min: bool,
    #[prost(bool, tag = "2")]
    #[serde(skip_serializing_if = "is_false")]
    pub max: bool,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub mean: bool,
    #[prost(bool, tag = "4")]
    #[serde(skip_serializing_if = "is_false")]
    pub best: bool,
    #[prost(bool, tag = "5")]
    #[serde(skip_serializing_if = "is_false")]
    pub last: bool,
    #[prost(bool, tag = "6")]
    #[serde(skip_serializing_if = "is_false")]
    pub none: bool,
    #[prost(bool, tag = "7")]
    #[serde(skip_serializing_if = "is_false")]
    pub copy: bool,
    #[prost(bool, tag = "8")]
    #[serde(skip_serializing_if = "is_false")]
    pub first: bool,
}

/// `wandb_internal.MetricControl`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricControl {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub overwrite: bool,
}
