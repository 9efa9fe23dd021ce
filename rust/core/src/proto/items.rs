//! History, summary, config, settings, stats, files and console-output messages.
//!
//! Field names, numbers and types follow `wandb_internal` of wandb 0.21.3 so the
//! protobuf bytes are wire-compatible. JSON form: proto field names, defaults omitted.

#![allow(missing_docs, non_snake_case)]

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::serde_util::*;
#[allow(unused_imports)]
use super::*;

/// `wandb_internal.HistoryRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryRecord {
    #[prost(message, repeated, tag = "1")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<HistoryItem>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<HistoryStep>,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.HistoryItem`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryItem {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[prost(string, repeated, tag = "2")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nested_key: Vec<String>,
    #[prost(string, tag = "16")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value_json: String,
}

/// `wandb_internal.HistoryStep`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistoryStep {
    #[prost(int64, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub num: i64,
}

/// `wandb_internal.SummaryRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SummaryRecord {
    #[prost(message, repeated, tag = "1")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub update: Vec<SummaryItem>,
    #[prost(message, repeated, tag = "2")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<SummaryItem>,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.SummaryItem`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SummaryItem {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[prost(string, repeated, tag = "2")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nested_key: Vec<String>,
    #[prost(string, tag = "16")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value_json: String,
}

/// `wandb_internal.ConfigRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConfigRecord {
    #[prost(message, repeated, tag = "1")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub update: Vec<ConfigItem>,
    #[prost(message, repeated, tag = "2")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<ConfigItem>,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.ConfigItem`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConfigItem {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[prost(string, repeated, tag = "2")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nested_key: Vec<String>,
    #[prost(string, tag = "16")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value_json: String,
}

/// `wandb_internal.SettingsRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SettingsRecord {
    #[prost(message, repeated, tag = "1")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<SettingsItem>,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.SettingsItem`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SettingsItem {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[prost(string, tag = "16")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value_json: String,
}

/// `wandb_internal.StatsRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatsRecord {
    #[prost(int32, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub stats_type: i32,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    #[prost(message, repeated, tag = "3")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<StatsItem>,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.StatsItem`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatsItem {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[prost(string, tag = "16")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value_json: String,
}

/// `wandb_internal.FilesRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilesRecord {
    #[prost(message, repeated, tag = "1")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FilesItem>,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.FilesItem`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilesItem {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[prost(int32, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub policy: i32,
    #[prost(int32, tag = "3")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub r#type: i32,
}

/// `wandb_internal.OutputRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputRecord {
    #[prost(int32, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub output_type: i32,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub line: String,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.OutputRawRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputRawRecord {
    #[prost(int32, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub output_type: i32,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub line: String,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}
