//! Artifact and use-artifact messages.
//!
//! Field names, numbers and types follow `wandb_internal` of wandb 0.21.3 so the
//! protobuf bytes are wire-compatible. JSON form: proto field names, defaults omitted.

#![allow(missing_docs, non_snake_case)]

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::serde_util::*;
#[allow(unused_imports)]
use super::*;

/// `wandb_internal.ArtifactRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArtifactRecord {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub run_id: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub entity: String,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub r#type: String,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[prost(string, tag = "6")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub digest: String,
    #[prost(string, tag = "7")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[prost(string, tag = "8")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub metadata: String,
    #[prost(bool, tag = "9")]
    #[serde(skip_serializing_if = "is_false")]
    pub user_created: bool,
    #[prost(bool, tag = "10")]
    #[serde(skip_serializing_if = "is_false")]
    pub use_after_commit: bool,
    #[prost(string, repeated, tag = "11")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[prost(message, optional, tag = "12")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest: Option<ArtifactManifest>,
    #[prost(string, tag = "13")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub distributed_id: String,
    #[prost(bool, tag = "14")]
    #[serde(skip_serializing_if = "is_false")]
    pub finalize: bool,
    #[prost(string, tag = "15")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub client_id: String,
    #[prost(string, tag = "16")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sequence_client_id: String,
    #[prost(string, tag = "17")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub base_id: String,
    #[prost(int64, tag = "18")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub ttl_duration_seconds: i64,
    #[prost(string, repeated, tag = "19")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[prost(bool, tag = "100")]
    #[serde(skip_serializing_if = "is_false")]
    pub incremental_beta1: bool,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.ArtifactManifest`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArtifactManifest {
    #[prost(int32, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub version: i32,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub storage_policy: String,
    #[prost(message, repeated, tag = "3")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub storage_policy_config: Vec<StoragePolicyConfigItem>,
    #[prost(message, repeated, tag = "4")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<ArtifactManifestEntry>,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub manifest_file_path: String,
}

/// `wandb_internal.StoragePolicyConfigItem`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoragePolicyConfigItem {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value_json: String,
}

/// `wandb_internal.ArtifactManifestEntry`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArtifactManifestEntry {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub digest: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub r#ref: String,
    #[prost(int64, tag = "4")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub size: i64,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mimetype: String,
    #[prost(string, tag = "6")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub local_path: String,
    #[prost(string, tag = "7")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub birth_artifact_id: String,
    #[prost(bool, tag = "8")]
    #[serde(skip_serializing_if = "is_false")]
    pub skip_cache: bool,
    #[prost(message, repeated, tag = "16")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<ExtraItem>,
}

/// `wandb_internal.ExtraItem`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExtraItem {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value_json: String,
}

/// `wandb_internal.UseArtifactRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UseArtifactRecord {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub r#type: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[prost(message, optional, tag = "4")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partial: Option<PartialJobArtifact>,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.PartialJobArtifact`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PartialJobArtifact {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub job_name: String,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_info: Option<JobSource>,
}

/// `wandb_internal.JobSource`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobSource {
    #[prost(string, tag = "1")]
    #[serde(rename = "_version", skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_type: String,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub runtime: String,
}

/// `wandb_internal.Source`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Source {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git: Option<GitSource>,
    #[prost(message, optional, tag = "2")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact: Option<ArtifactInfo>,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageSource>,
}

/// `wandb_internal.GitSource`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GitSource {
    #[prost(message, optional, tag = "1")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git_info: Option<GitInfo>,
    #[prost(string, repeated, tag = "2")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entrypoint: Vec<String>,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub notebook: bool,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub build_context: String,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dockerfile: String,
}

/// `wandb_internal.GitInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GitInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub remote: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub commit: String,
}

/// `wandb_internal.ArtifactInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArtifactInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub artifact: String,
    #[prost(string, repeated, tag = "2")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entrypoint: Vec<String>,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub notebook: bool,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub build_context: String,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dockerfile: String,
}

/// `wandb_internal.ImageSource`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImageSource {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub image: String,
}
