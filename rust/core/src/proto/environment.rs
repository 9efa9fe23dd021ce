//! Environment (system metadata) messages.
//!
//! Field names, numbers and types follow `wandb_internal` of wandb 0.21.3 so the
//! protobuf bytes are wire-compatible. JSON form: proto field names, defaults omitted.

#![allow(missing_docs, non_snake_case)]

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::serde_util::*;
#[allow(unused_imports)]
use super::*;
use std::collections::BTreeMap;

/// `wandb_internal.EnvironmentRecord`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnvironmentRecord {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub os: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub python: String,
    #[prost(message, optional, tag = "3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub docker: String,
    #[prost(string, repeated, tag = "5")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[prost(string, tag = "6")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub program: String,
    #[prost(string, tag = "7")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code_path: String,
    #[prost(string, tag = "8")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code_path_local: String,
    #[prost(message, optional, tag = "9")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git: Option<GitRepoRecord>,
    #[prost(string, tag = "10")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[prost(string, tag = "11")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub root: String,
    #[prost(string, tag = "12")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub host: String,
    #[prost(string, tag = "13")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub username: String,
    #[prost(string, tag = "14")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub executable: String,
    #[prost(string, tag = "15")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub colab: String,
    #[prost(uint32, tag = "16")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub cpu_count: u32,
    #[prost(uint32, tag = "17")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub cpu_count_logical: u32,
    #[prost(string, tag = "18")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gpu_type: String,
    #[prost(uint32, tag = "19")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub gpu_count: u32,
    #[prost(btree_map = "string, message", tag = "20")]
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub disk: BTreeMap<String, DiskInfo>,
    #[prost(message, optional, tag = "21")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryInfo>,
    #[prost(message, optional, tag = "22")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<CpuInfo>,
    #[prost(message, optional, tag = "23")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apple: Option<AppleInfo>,
    #[prost(message, repeated, tag = "24")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gpu_nvidia: Vec<GpuNvidiaInfo>,
    #[prost(string, tag = "25")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cuda_version: String,
    #[prost(message, repeated, tag = "26")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gpu_amd: Vec<GpuAmdInfo>,
    #[prost(btree_map = "string, string", tag = "27")]
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub slurm: BTreeMap<String, String>,
    #[prost(message, optional, tag = "28")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trainium: Option<TrainiumInfo>,
    #[prost(message, optional, tag = "29")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tpu: Option<TPUInfo>,
    #[prost(message, optional, tag = "30")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coreweave: Option<CoreWeaveInfo>,
    #[prost(string, tag = "199")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub writer_id: String,
    #[prost(message, optional, tag = "200")]
    #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.DiskInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiskInfo {
    #[prost(uint64, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub total: u64,
    #[prost(uint64, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub used: u64,
}

/// `wandb_internal.MemoryInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemoryInfo {
    #[prost(uint64, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub total: u64,
}

/// `wandb_internal.CpuInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CpuInfo {
    #[prost(uint32, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub count: u32,
    #[prost(uint32, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub count_logical: u32,
}

/// `wandb_internal.AppleInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppleInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[prost(uint32, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub ecpu_cores: u32,
    #[prost(uint32, tag = "3")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub pcpu_cores: u32,
    #[prost(uint32, tag = "4")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub gpu_cores: u32,
    #[prost(uint32, tag = "5")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub memory_gb: u32,
    #[prost(uint64, tag = "6")]
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub swap_total_bytes: u64,
    #[prost(uint64, tag = "7")]
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub ram_total_bytes: u64,
}

/// `wandb_internal.GpuNvidiaInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GpuNvidiaInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[prost(uint64, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub memory_total: u64,
    #[prost(uint32, tag = "3")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub cuda_cores: u32,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub architecture: String,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uuid: String,
}

/// `wandb_internal.GpuAmdInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GpuAmdInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub unique_id: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub vbios_version: String,
    #[prost(string, tag = "4")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub performance_level: String,
    #[prost(string, tag = "5")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gpu_overdrive: String,
    #[prost(string, tag = "6")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gpu_memory_overdrive: String,
    #[prost(string, tag = "7")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub max_power: String,
    #[prost(string, tag = "8")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub series: String,
    #[prost(string, tag = "9")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub model: String,
    #[prost(string, tag = "10")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub vendor: String,
    #[prost(string, tag = "11")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sku: String,
    #[prost(string, tag = "12")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sclk_range: String,
    #[prost(string, tag = "13")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mclk_range: String,
}

/// `wandb_internal.TrainiumInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainiumInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub vendor: String,
    #[prost(uint32, tag = "3")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub neuron_device_count: u32,
    #[prost(uint32, tag = "4")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub neuroncore_per_device_count: u32,
}

/// `wandb_internal.TPUInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TPUInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[prost(uint32, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub hbm_gib: u32,
    #[prost(uint32, tag = "3")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub devices_per_chip: u32,
    #[prost(uint32, tag = "4")]
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub count: u32,
}

/// `wandb_internal.CoreWeaveInfo`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CoreWeaveInfo {
    #[prost(string, tag = "1")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cluster_name: String,
    #[prost(string, tag = "2")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub org_id: String,
    #[prost(string, tag = "3")]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub region: String,
}
