//! Telemetry `Feature`: which SDK features a run used (bool flags).
//!
//! Field names, numbers and types follow `wandb_internal` of wandb 0.21.3 so the
//! protobuf bytes are wire-compatible. JSON form: proto field names, defaults omitted.

#![allow(missing_docs, non_snake_case)]

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::serde_util::*;
#[allow(unused_imports)]
use super::*;

/// `wandb_internal.Feature`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Feature {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub watch: bool,
    #[prost(bool, tag = "2")]
    #[serde(skip_serializing_if = "is_false")]
    pub finish: bool,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub save: bool,
    #[prost(bool, tag = "4")]
    #[serde(skip_serializing_if = "is_false")]
    pub offline: bool,
    #[prost(bool, tag = "5")]
    #[serde(skip_serializing_if = "is_false")]
    pub resumed: bool,
    #[prost(bool, tag = "6")]
    #[serde(skip_serializing_if = "is_false")]
    pub grpc: bool,
    #[prost(bool, tag = "7")]
    #[serde(skip_serializing_if = "is_false")]
    pub metric: bool,
    #[prost(bool, tag = "8")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras: bool,
    #[prost(bool, tag = "9")]
    #[serde(skip_serializing_if = "is_false")]
    pub sagemaker: bool,
    #[prost(bool, tag = "10")]
    #[serde(skip_serializing_if = "is_false")]
    pub artifact_incremental: bool,
    #[prost(bool, tag = "11")]
    #[serde(skip_serializing_if = "is_false")]
    pub metaflow: bool,
    #[prost(bool, tag = "12")]
    #[serde(skip_serializing_if = "is_false")]
    pub prodigy: bool,
    #[prost(bool, tag = "13")]
    #[serde(skip_serializing_if = "is_false")]
    pub set_init_name: bool,
    #[prost(bool, tag = "14")]
    #[serde(skip_serializing_if = "is_false")]
    pub set_init_id: bool,
    #[prost(bool, tag = "15")]
    #[serde(skip_serializing_if = "is_false")]
    pub set_init_tags: bool,
    #[prost(bool, tag = "16")]
    #[serde(skip_serializing_if = "is_false")]
    pub set_init_config: bool,
    #[prost(bool, tag = "17")]
    #[serde(skip_serializing_if = "is_false")]
    pub set_run_name: bool,
    #[prost(bool, tag = "18")]
    #[serde(skip_serializing_if = "is_false")]
    pub set_run_tags: bool,
    #[prost(bool, tag = "19")]
    #[serde(skip_serializing_if = "is_false")]
    pub set_config_item: bool,
    #[prost(bool, tag = "20")]
    #[serde(skip_serializing_if = "is_false")]
    pub launch: bool,
    #[prost(bool, tag = "21")]
    #[serde(skip_serializing_if = "is_false")]
    pub torch_profiler_trace: bool,
    #[prost(bool, tag = "22")]
    #[serde(skip_serializing_if = "is_false")]
    pub sb3: bool,
    #[prost(bool, tag = "24")]
    #[serde(skip_serializing_if = "is_false")]
    pub init_return_run: bool,
    #[prost(bool, tag = "25")]
    #[serde(skip_serializing_if = "is_false")]
    pub lightgbm_wandb_callback: bool,
    #[prost(bool, tag = "26")]
    #[serde(skip_serializing_if = "is_false")]
    pub lightgbm_log_summary: bool,
    #[prost(bool, tag = "27")]
    #[serde(skip_serializing_if = "is_false")]
    pub catboost_wandb_callback: bool,
    #[prost(bool, tag = "28")]
    #[serde(skip_serializing_if = "is_false")]
    pub catboost_log_summary: bool,
    #[prost(bool, tag = "29")]
    #[serde(skip_serializing_if = "is_false")]
    pub tensorboard_log: bool,
    #[prost(bool, tag = "30")]
    #[serde(skip_serializing_if = "is_false")]
    pub estimator_hook: bool,
    #[prost(bool, tag = "31")]
    #[serde(skip_serializing_if = "is_false")]
    pub xgboost_wandb_callback: bool,
    #[prost(bool, tag = "32")]
    #[serde(skip_serializing_if = "is_false")]
    pub xgboost_old_wandb_callback: bool,
    #[prost(bool, tag = "33")]
    #[serde(skip_serializing_if = "is_false")]
    pub attach: bool,
    #[prost(bool, tag = "34")]
    #[serde(skip_serializing_if = "is_false")]
    pub tensorboard_patch: bool,
    #[prost(bool, tag = "35")]
    #[serde(skip_serializing_if = "is_false")]
    pub tensorboard_sync: bool,
    #[prost(bool, tag = "36")]
    #[serde(skip_serializing_if = "is_false")]
    pub kfp_wandb_log: bool,
    #[prost(bool, tag = "37")]
    #[serde(skip_serializing_if = "is_false")]
    pub maybe_run_overwrite: bool,
    #[prost(bool, tag = "38")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras_metrics_logger: bool,
    #[prost(bool, tag = "39")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras_model_checkpoint: bool,
    #[prost(bool, tag = "40")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras_wandb_eval_callback: bool,
    #[prost(bool, tag = "41")]
    #[serde(skip_serializing_if = "is_false")]
    pub flow_control_overflow: bool,
    #[prost(bool, tag = "42")]
    #[serde(skip_serializing_if = "is_false")]
    pub sync: bool,
    #[prost(bool, tag = "43")]
    #[serde(skip_serializing_if = "is_false")]
    pub flow_control_disabled: bool,
    #[prost(bool, tag = "44")]
    #[serde(skip_serializing_if = "is_false")]
    pub flow_control_custom: bool,
    #[prost(bool, tag = "46")]
    #[serde(skip_serializing_if = "is_false")]
    pub open_metrics: bool,
    #[prost(bool, tag = "47")]
    #[serde(skip_serializing_if = "is_false")]
    pub ultralytics_yolov8: bool,
    #[prost(bool, tag = "48")]
    #[serde(skip_serializing_if = "is_false")]
    pub importer_mlflow: bool,
    #[prost(bool, tag = "49")]
    #[serde(skip_serializing_if = "is_false")]
    pub sync_tfevents: bool,
    #[prost(bool, tag = "50")]
    #[serde(skip_serializing_if = "is_false")]
    pub async_uploads: bool,
    #[prost(bool, tag = "51")]
    #[serde(skip_serializing_if = "is_false")]
    pub openai_autolog: bool,
    #[prost(bool, tag = "52")]
    #[serde(skip_serializing_if = "is_false")]
    pub langchain_tracer: bool,
    #[prost(bool, tag = "53")]
    #[serde(skip_serializing_if = "is_false")]
    pub cohere_autolog: bool,
    #[prost(bool, tag = "54")]
    #[serde(skip_serializing_if = "is_false")]
    pub hf_pipeline_autolog: bool,
    #[prost(bool, tag = "56")]
    #[serde(skip_serializing_if = "is_false")]
    pub lib_c: bool,
    #[prost(bool, tag = "57")]
    #[serde(skip_serializing_if = "is_false")]
    pub lib_cpp: bool,
    #[prost(bool, tag = "58")]
    #[serde(skip_serializing_if = "is_false")]
    pub openai_finetuning: bool,
    #[prost(bool, tag = "59")]
    #[serde(skip_serializing_if = "is_false")]
    pub diffusers_autolog: bool,
    #[prost(bool, tag = "60")]
    #[serde(skip_serializing_if = "is_false")]
    pub lightning_fabric_logger: bool,
    #[prost(bool, tag = "61")]
    #[serde(skip_serializing_if = "is_false")]
    pub set_step_log: bool,
    #[prost(bool, tag = "62")]
    #[serde(skip_serializing_if = "is_false")]
    pub set_summary: bool,
    #[prost(bool, tag = "63")]
    #[serde(skip_serializing_if = "is_false")]
    pub metric_summary: bool,
    #[prost(bool, tag = "64")]
    #[serde(skip_serializing_if = "is_false")]
    pub metric_goal: bool,
    #[prost(bool, tag = "65")]
    #[serde(skip_serializing_if = "is_false")]
    pub metric_hidden: bool,
    #[prost(bool, tag = "66")]
    #[serde(skip_serializing_if = "is_false")]
    pub metric_step_sync: bool,
    #[prost(bool, tag = "67")]
    #[serde(skip_serializing_if = "is_false")]
    pub shared_mode: bool,
    #[prost(bool, tag = "68")]
    #[serde(skip_serializing_if = "is_false")]
    pub server_side_derived_summary: bool,
    #[prost(bool, tag = "69")]
    #[serde(skip_serializing_if = "is_false")]
    pub user_provided_label: bool,
    #[prost(bool, tag = "70")]
    #[serde(skip_serializing_if = "is_false")]
    pub dcgm_profiling_enabled: bool,
    #[prost(bool, tag = "71")]
    #[serde(skip_serializing_if = "is_false")]
    pub fork_mode: bool,
    #[prost(bool, tag = "72")]
    #[serde(skip_serializing_if = "is_false")]
    pub rewind_mode: bool,
}
