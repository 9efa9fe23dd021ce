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
    #[prost(message, optional, tag = "1")] #[serde(skip_serializing_if = "Option::is_none")]
    pub imports_init: Option<Imports>,
    #[prost(message, optional, tag = "2")] #[serde(skip_serializing_if = "Option::is_none")]
    pub imports_finish: Option<Imports>,
    #[prost(message, optional, tag = "3")] #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<Feature>,
    #[prost(string, tag = "4")] #[serde(skip_serializing_if = "String::is_empty")]
    pub python_version: String,
    #[prost(string, tag = "5")] #[serde(skip_serializing_if = "String::is_empty")]
    pub cli_version: String,
    #[prost(string, tag = "6")] #[serde(skip_serializing_if = "String::is_empty")]
    pub huggingface_version: String,
    #[prost(message, optional, tag = "8")] #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
    #[prost(message, optional, tag = "9")] #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Labels>,
    #[prost(message, optional, tag = "10")] #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecated>,
    #[prost(message, optional, tag = "11")] #[serde(skip_serializing_if = "Option::is_none")]
    pub issues: Option<Issues>,
    #[prost(string, tag = "12")] #[serde(skip_serializing_if = "String::is_empty")]
    pub core_version: String,
    #[prost(string, tag = "13")] #[serde(skip_serializing_if = "String::is_empty")]
    pub platform: String,
    #[prost(message, optional, tag = "200")] #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
    pub info: Option<RecordInfo>,
}

/// `wandb_internal.Imports`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Imports {
    #[prost(bool, tag = "1")] #[serde(skip_serializing_if = "is_false")]
    pub torch: bool,
    #[prost(bool, tag = "2")] #[serde(skip_serializing_if = "is_false")]
    pub keras: bool,
    #[prost(bool, tag = "3")] #[serde(skip_serializing_if = "is_false")]
    pub tensorflow: bool,
    #[prost(bool, tag = "4")] #[serde(skip_serializing_if = "is_false")]
    pub fastai: bool,
    #[prost(bool, tag = "5")] #[serde(skip_serializing_if = "is_false")]
    pub sklearn: bool,
    #[prost(bool, tag = "6")] #[serde(skip_serializing_if = "is_false")]
    pub xgboost: bool,
    #[prost(bool, tag = "7")] #[serde(skip_serializing_if = "is_false")]
    pub catboost: bool,
    #[prost(bool, tag = "8")] #[serde(skip_serializing_if = "is_false")]
    pub lightgbm: bool,
    #[prost(bool, tag = "9")] #[serde(skip_serializing_if = "is_false")]
    pub pytorch_lightning: bool,
    #[prost(bool, tag = "10")] #[serde(skip_serializing_if = "is_false")]
    pub ignite: bool,
    #[prost(bool, tag = "11")] #[serde(skip_serializing_if = "is_false")]
    pub transformers: bool,
    #[prost(bool, tag = "12")] #[serde(skip_serializing_if = "is_false")]
    pub jax: bool,
    #[prost(bool, tag = "13")] #[serde(skip_serializing_if = "is_false")]
    pub metaflow: bool,
    #[prost(bool, tag = "14")] #[serde(skip_serializing_if = "is_false")]
    pub allennlp: bool,
    #[prost(bool, tag = "15")] #[serde(skip_serializing_if = "is_false")]
    pub autogluon: bool,
    #[prost(bool, tag = "16")] #[serde(skip_serializing_if = "is_false")]
    pub autokeras: bool,
    #[prost(bool, tag = "18")] #[serde(skip_serializing_if = "is_false")]
    pub catalyst: bool,
    #[prost(bool, tag = "21")] #[serde(skip_serializing_if = "is_false")]
    pub deepchem: bool,
    #[prost(bool, tag = "22")] #[serde(skip_serializing_if = "is_false")]
    pub deepctr: bool,
    #[prost(bool, tag = "28")] #[serde(skip_serializing_if = "is_false")]
    pub pycaret: bool,
    #[prost(bool, tag = "29")] #[serde(skip_serializing_if = "is_false")]
    pub pytorchvideo: bool,
    #[prost(bool, tag = "30")] #[serde(skip_serializing_if = "is_false")]
    pub ray: bool,
    #[prost(bool, tag = "31")] #[serde(skip_serializing_if = "is_false")]
    pub simpletransformers: bool,
    #[prost(bool, tag = "32")] #[serde(skip_serializing_if = "is_false")]
    pub skorch: bool,
    #[prost(bool, tag = "33")] #[serde(skip_serializing_if = "is_false")]
    pub spacy: bool,
    #[prost(bool, tag = "34")] #[serde(skip_serializing_if = "is_false")]
    pub flash: bool,
    #[prost(bool, tag = "35")] #[serde(skip_serializing_if = "is_false")]
    pub optuna: bool,
    #[prost(bool, tag = "36")] #[serde(skip_serializing_if = "is_false")]
    pub recbole: bool,
    #[prost(bool, tag = "37")] #[serde(skip_serializing_if = "is_false")]
    pub mmcv: bool,
    #[prost(bool, tag = "38")] #[serde(skip_serializing_if = "is_false")]
    pub mmdet: bool,
    #[prost(bool, tag = "39")] #[serde(skip_serializing_if = "is_false")]
    pub torchdrug: bool,
    #[prost(bool, tag = "40")] #[serde(skip_serializing_if = "is_false")]
    pub torchtext: bool,
    #[prost(bool, tag = "41")] #[serde(skip_serializing_if = "is_false")]
    pub torchvision: bool,
    #[prost(bool, tag = "42")] #[serde(skip_serializing_if = "is_false")]
    pub elegy: bool,
    #[prost(bool, tag = "43")] #[serde(skip_serializing_if = "is_false")]
    pub detectron2: bool,
    #[prost(bool, tag = "44")] #[serde(skip_serializing_if = "is_false")]
    pub flair: bool,
    #[prost(bool, tag = "45")] #[serde(skip_serializing_if = "is_false")]
    pub flax: bool,
    #[prost(bool, tag = "46")] #[serde(skip_serializing_if = "is_false")]
    pub syft: bool,
    #[prost(bool, tag = "47")] #[serde(rename = "TTS", skip_serializing_if = "is_false")]
    pub tts: bool,
    #[prost(bool, tag = "48")] #[serde(skip_serializing_if = "is_false")]
    pub monai: bool,
    #[prost(bool, tag = "49")] #[serde(skip_serializing_if = "is_false")]
    pub huggingface_hub: bool,
    #[prost(bool, tag = "50")] #[serde(skip_serializing_if = "is_false")]
    pub hydra: bool,
    #[prost(bool, tag = "51")] #[serde(skip_serializing_if = "is_false")]
    pub datasets: bool,
    #[prost(bool, tag = "52")] #[serde(skip_serializing_if = "is_false")]
    pub sacred: bool,
    #[prost(bool, tag = "53")] #[serde(skip_serializing_if = "is_false")]
    pub joblib: bool,
    #[prost(bool, tag = "54")] #[serde(skip_serializing_if = "is_false")]
    pub dask: bool,
    #[prost(bool, tag = "56")] #[serde(skip_serializing_if = "is_false")]
    pub paddleocr: bool,
    #[prost(bool, tag = "57")] #[serde(skip_serializing_if = "is_false")]
    pub ppdet: bool,
    #[prost(bool, tag = "58")] #[serde(skip_serializing_if = "is_false")]
    pub paddleseg: bool,
    #[prost(bool, tag = "59")] #[serde(skip_serializing_if = "is_false")]
    pub paddlenlp: bool,
    #[prost(bool, tag = "60")] #[serde(skip_serializing_if = "is_false")]
    pub mmseg: bool,
    #[prost(bool, tag = "61")] #[serde(skip_serializing_if = "is_false")]
    pub mmocr: bool,
    #[prost(bool, tag = "62")] #[serde(skip_serializing_if = "is_false")]
    pub mmcls: bool,
    #[prost(bool, tag = "63")] #[serde(skip_serializing_if = "is_false")]
    pub timm: bool,
    #[prost(bool, tag = "64")] #[serde(skip_serializing_if = "is_false")]
    pub fairseq: bool,
    #[prost(bool, tag = "65")] #[serde(skip_serializing_if = "is_false")]
    pub deepchecks: bool,
    #[prost(bool, tag = "66")] #[serde(skip_serializing_if = "is_false")]
    pub composer: bool,
    #[prost(bool, tag = "67")] #[serde(skip_serializing_if = "is_false")]
    pub sparseml: bool,
    #[prost(bool, tag = "68")] #[serde(skip_serializing_if = "is_false")]
    pub anomalib: bool,
    #[prost(bool, tag = "69")] #[serde(skip_serializing_if = "is_false")]
    pub zenml: bool,
    #[prost(bool, tag = "70")] #[serde(skip_serializing_if = "is_false")]
    pub colossalai: bool,
    #[prost(bool, tag = "71")] #[serde(skip_serializing_if = "is_false")]
    pub accelerate: bool,
    #[prost(bool, tag = "72")] #[serde(skip_serializing_if = "is_false")]
    pub merlin: bool,
    #[prost(bool, tag = "73")] #[serde(skip_serializing_if = "is_false")]
    pub nanodet: bool,
    #[prost(bool, tag = "74")] #[serde(skip_serializing_if = "is_false")]
    pub segmentation_models_pytorch: bool,
    #[prost(bool, tag = "75")] #[serde(skip_serializing_if = "is_false")]
    pub sentence_transformers: bool,
    #[prost(bool, tag = "76")] #[serde(skip_serializing_if = "is_false")]
    pub dgl: bool,
    #[prost(bool, tag = "77")] #[serde(skip_serializing_if = "is_false")]
    pub torch_geometric: bool,
    #[prost(bool, tag = "78")] #[serde(skip_serializing_if = "is_false")]
    pub jina: bool,
    #[prost(bool, tag = "79")] #[serde(skip_serializing_if = "is_false")]
    pub kornia: bool,
    #[prost(bool, tag = "80")] #[serde(skip_serializing_if = "is_false")]
    pub albumentations: bool,
    #[prost(bool, tag = "81")] #[serde(skip_serializing_if = "is_false")]
    pub keras_cv: bool,
    #[prost(bool, tag = "82")] #[serde(skip_serializing_if = "is_false")]
    pub mmengine: bool,
    #[prost(bool, tag = "83")] #[serde(skip_serializing_if = "is_false")]
    pub diffusers: bool,
    #[prost(bool, tag = "84")] #[serde(skip_serializing_if = "is_false")]
    pub trl: bool,
    #[prost(bool, tag = "85")] #[serde(skip_serializing_if = "is_false")]
    pub trlx: bool,
    #[prost(bool, tag = "86")] #[serde(skip_serializing_if = "is_false")]
    pub langchain: bool,
    #[prost(bool, tag = "87")] #[serde(skip_serializing_if = "is_false")]
    pub llama_index: bool,
    #[prost(bool, tag = "88")] #[serde(skip_serializing_if = "is_false")]
    pub stability_sdk: bool,
    #[prost(bool, tag = "89")] #[serde(skip_serializing_if = "is_false")]
    pub prefect: bool,
    #[prost(bool, tag = "90")] #[serde(skip_serializing_if = "is_false")]
    pub prefect_ray: bool,
    #[prost(bool, tag = "91")] #[serde(skip_serializing_if = "is_false")]
    pub pinecone: bool,
    #[prost(bool, tag = "92")] #[serde(skip_serializing_if = "is_false")]
    pub chromadb: bool,
    #[prost(bool, tag = "93")] #[serde(skip_serializing_if = "is_false")]
    pub weaviate: bool,
    #[prost(bool, tag = "94")] #[serde(skip_serializing_if = "is_false")]
    pub promptlayer: bool,
    #[prost(bool, tag = "95")] #[serde(skip_serializing_if = "is_false")]
    pub openai: bool,
    #[prost(bool, tag = "96")] #[serde(skip_serializing_if = "is_false")]
    pub cohere: bool,
    #[prost(bool, tag = "97")] #[serde(skip_serializing_if = "is_false")]
    pub anthropic: bool,
    #[prost(bool, tag = "98")] #[serde(skip_serializing_if = "is_false")]
    pub peft: bool,
    #[prost(bool, tag = "99")] #[serde(skip_serializing_if = "is_false")]
    pub optimum: bool,
    #[prost(bool, tag = "100")] #[serde(skip_serializing_if = "is_false")]
    pub evaluate: bool,
    #[prost(bool, tag = "101")] #[serde(skip_serializing_if = "is_false")]
    pub langflow: bool,
    #[prost(bool, tag = "102")] #[serde(skip_serializing_if = "is_false")]
    pub keras_core: bool,
    #[prost(bool, tag = "103")] #[serde(skip_serializing_if = "is_false")]
    pub lightning_fabric: bool,
    #[prost(bool, tag = "104")] #[serde(skip_serializing_if = "is_false")]
    pub curated_transformers: bool,
    #[prost(bool, tag = "105")] #[serde(skip_serializing_if = "is_false")]
    pub orjson: bool,
    #[prost(bool, tag = "106")] #[serde(skip_serializing_if = "is_false")]
    pub lightning: bool,
}

/// `wandb_internal.Feature`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Feature {
    #[prost(bool, tag = "1")] #[serde(skip_serializing_if = "is_false")]
    pub watch: bool,
    #[prost(bool, tag = "2")] #[serde(skip_serializing_if = "is_false")]
    pub finish: bool,
    #[prost(bool, tag = "3")] #[serde(skip_serializing_if = "is_false")]
    pub save: bool,
    #[prost(bool, tag = "4")] #[serde(skip_serializing_if = "is_false")]
    pub offline: bool,
    #[prost(bool, tag = "5")] #[serde(skip_serializing_if = "is_false")]
    pub resumed: bool,
    #[prost(bool, tag = "6")] #[serde(skip_serializing_if = "is_false")]
    pub grpc: bool,
    #[prost(bool, tag = "7")] #[serde(skip_serializing_if = "is_false")]
    pub metric: bool,
    #[prost(bool, tag = "8")] #[serde(skip_serializing_if = "is_false")]
    pub keras: bool,
    #[prost(bool, tag = "9")] #[serde(skip_serializing_if = "is_false")]
    pub sagemaker: bool,
    #[prost(bool, tag = "10")] #[serde(skip_serializing_if = "is_false")]
    pub artifact_incremental: bool,
    #[prost(bool, tag = "11")] #[serde(skip_serializing_if = "is_false")]
    pub metaflow: bool,
    #[prost(bool, tag = "12")] #[serde(skip_serializing_if = "is_false")]
    pub prodigy: bool,
    #[prost(bool, tag = "13")] #[serde(skip_serializing_if = "is_false")]
    pub set_init_name: bool,
    #[prost(bool, tag = "14")] #[serde(skip_serializing_if = "is_false")]
    pub set_init_id: bool,
    #[prost(bool, tag = "15")] #[serde(skip_serializing_if = "is_false")]
    pub set_init_tags: bool,
    #[prost(bool, tag = "16")] #[serde(skip_serializing_if = "is_false")]
    pub set_init_config: bool,
    #[prost(bool, tag = "17")] #[serde(skip_serializing_if = "is_false")]
    pub set_run_name: bool,
    #[prost(bool, tag = "18")] #[serde(skip_serializing_if = "is_false")]
    pub set_run_tags: bool,
    #[prost(bool, tag = "19")] #[serde(skip_serializing_if = "is_false")]
    pub set_config_item: bool,
    #[prost(bool, tag = "20")] #[serde(skip_serializing_if = "is_false")]
    pub launch: bool,
    #[prost(bool, tag = "21")] #[serde(skip_serializing_if = "is_false")]
    pub torch_profiler_trace: bool,
    #[prost(bool, tag = "22")] #[serde(skip_serializing_if = "is_false")]
    pub sb3: bool,
    #[prost(bool, tag = "24")] #[serde(skip_serializing_if = "is_false")]
    pub init_return_run: bool,
    #[prost(bool, tag = "25")] #[serde(skip_serializing_if = "is_false")]
    pub lightgbm_wandb_callback: bool,
    #[prost(bool, tag = "26")] #[serde(skip_serializing_if = "is_false")]
    pub lightgbm_log_summary: bool,
    #[prost(bool, tag = "27")] #[serde(skip_serializing_if = "is_false")]
    pub catboost_wandb_callback: bool,
    #[prost(bool, tag = "28")] #[serde(skip_serializing_if = "is_false")]
    pub catboost_log_summary: bool,
    #[prost(bool, tag = "29")] #[serde(skip_serializing_if = "is_false")]
    pub tensorboard_log: bool,
    #[prost(bool, tag = "30")] #[serde(skip_serializing_if = "is_false")]
    pub estimator_hook: bool,
    #[prost(bool, tag = "31")] #[serde(skip_serializing_if = "is_false")]
    pub xgboost_wandb_callback: bool,
    #[prost(bool, tag = "32")] #[serde(skip_serializing_if = "is_false")]
    pub xgboost_old_wandb_callback: bool,
    #[prost(bool, tag = "33")] #[serde(skip_serializing_if = "is_false")]
    pub attach: bool,
    #[prost(bool, tag = "34")] #[serde(skip_serializing_if = "is_false")]
    pub tensorboard_patch: bool,
    #[prost(bool, tag = "35")] #[serde(skip_serializing_if = "is_false")]
    pub tensorboard_sync: bool,
    #[prost(bool, tag = "36")] #[serde(skip_serializing_if = "is_false")]
    pub kfp_wandb_log: bool,
    #[prost(bool, tag = "37")] #[serde(skip_serializing_if = "is_false")]
    pub maybe_run_overwrite: bool,
    #[prost(bool, tag = "38")] #[serde(skip_serializing_if = "is_false")]
    pub keras_metrics_logger: bool,
    #[prost(bool, tag = "39")] #[serde(skip_serializing_if = "is_false")]
    pub keras_model_checkpoint: bool,
    #[prost(bool, tag = "40")] #[serde(skip_serializing_if = "is_false")]
    pub keras_wandb_eval_callback: bool,
    #[prost(bool, tag = "41")] #[serde(skip_serializing_if = "is_false")]
    pub flow_control_overflow: bool,
    #[prost(bool, tag = "42")] #[serde(skip_serializing_if = "is_false")]
    pub sync: bool,
    #[prost(bool, tag = "43")] #[serde(skip_serializing_if = "is_false")]
    pub flow_control_disabled: bool,
    #[prost(bool, tag = "44")] #[serde(skip_serializing_if = "is_false")]
    pub flow_control_custom: bool,
    #[prost(bool, tag = "46")] #[serde(skip_serializing_if = "is_false")]
    pub open_metrics: bool,
    #[prost(bool, tag = "47")] #[serde(skip_serializing_if = "is_false")]
    pub ultralytics_yolov8: bool,
    #[prost(bool, tag = "48")] #[serde(skip_serializing_if = "is_false")]
    pub importer_mlflow: bool,
    #[prost(bool, tag = "49")] #[serde(skip_serializing_if = "is_false")]
    pub sync_tfevents: bool,
    #[prost(bool, tag = "50")] #[serde(skip_serializing_if = "is_false")]
    pub async_uploads: bool,
    #[prost(bool, tag = "51")] #[serde(skip_serializing_if = "is_false")]
    pub openai_autolog: bool,
    #[prost(bool, tag = "52")] #[serde(skip_serializing_if = "is_false")]
    pub langchain_tracer: bool,
    #[prost(bool, tag = "53")] #[serde(skip_serializing_if = "is_false")]
    pub cohere_autolog: bool,
    #[prost(bool, tag = "54")] #[serde(skip_serializing_if = "is_false")]
    pub hf_pipeline_autolog: bool,
    #[prost(bool, tag = "56")] #[serde(skip_serializing_if = "is_false")]
    pub lib_c: bool,
    #[prost(bool, tag = "57")] #[serde(skip_serializing_if = "is_false")]
    pub lib_cpp: bool,
    #[prost(bool, tag = "58")] #[serde(skip_serializing_if = "is_false")]
    pub openai_finetuning: bool,
    #[prost(bool, tag = "59")] #[serde(skip_serializing_if = "is_false")]
    pub diffusers_autolog: bool,
    #[prost(bool, tag = "60")] #[serde(skip_serializing_if = "is_false")]
    pub lightning_fabric_logger: bool,
    #[prost(bool, tag = "61")] #[serde(skip_serializing_if = "is_false")]
    pub set_step_log: bool,
    #[prost(bool, tag = "62")] #[serde(skip_serializing_if = "is_false")]
    pub set_summary: bool,
    #[prost(bool, tag = "63")] #[serde(skip_serializing_if = "is_false")]
    pub metric_summary: bool,
    #[prost(bool, tag = "64")] #[serde(skip_serializing_if = "is_false")]
    pub metric_goal: bool,
    #[prost(bool, tag = "65")] #[serde(skip_serializing_if = "is_false")]
    pub metric_hidden: bool,
    #[prost(bool, tag = "66")] #[serde(skip_serializing_if = "is_false")]
    pub metric_step_sync: bool,
    #[prost(bool, tag = "67")] #[serde(skip_serializing_if = "is_false")]
    pub shared_mode: bool,
    #[prost(bool, tag = "68")] #[serde(skip_serializing_if = "is_false")]
    pub server_side_derived_summary: bool,
    #[prost(bool, tag = "69")] #[serde(skip_serializing_if = "is_false")]
    pub user_provided_label: bool,
    #[prost(bool, tag = "70")] #[serde(skip_serializing_if = "is_false")]
    pub dcgm_profiling_enabled: bool,
    #[prost(bool, tag = "71")] #[serde(skip_serializing_if = "is_false")]
    pub fork_mode: bool,
    #[prost(bool, tag = "72")] #[serde(skip_serializing_if = "is_false")]
    pub rewind_mode: bool,
}

/// `wandb_internal.Env`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Env {
    #[prost(bool, tag = "1")] #[serde(skip_serializing_if = "is_false")]
    pub jupyter: bool,
    #[prost(bool, tag = "2")] #[serde(skip_serializing_if = "is_false")]
    pub kaggle: bool,
    #[prost(bool, tag = "3")] #[serde(skip_serializing_if = "is_false")]
    pub windows: bool,
    #[prost(bool, tag = "4")] #[serde(skip_serializing_if = "is_false")]
    pub m1_gpu: bool,
    #[prost(bool, tag = "10")] #[serde(skip_serializing_if = "is_false")]
    pub trainium: bool,
    #[prost(bool, tag = "11")] #[serde(skip_serializing_if = "is_false")]
    pub pex: bool,
    #[prost(bool, tag = "12")] #[serde(skip_serializing_if = "is_false")]
    pub colab: bool,
    #[prost(bool, tag = "13")] #[serde(skip_serializing_if = "is_false")]
    pub ipython: bool,
    #[prost(bool, tag = "14")] #[serde(skip_serializing_if = "is_false")]
    pub aws_lambda: bool,
    #[prost(bool, tag = "15")] #[serde(skip_serializing_if = "is_false")]
    pub amd_gpu: bool,
}

/// `wandb_internal.Labels`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Labels {
    #[prost(string, tag = "1")] #[serde(skip_serializing_if = "String::is_empty")]
    pub code_string: String,
    #[prost(string, tag = "2")] #[serde(skip_serializing_if = "String::is_empty")]
    pub repo_string: String,
    #[prost(string, tag = "3")] #[serde(skip_serializing_if = "String::is_empty")]
    pub code_version: String,
}

/// `wandb_internal.Deprecated`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Deprecated {
    #[prost(bool, tag = "1")] #[serde(skip_serializing_if = "is_false")]
    pub keras_callback__data_type: bool,
    #[prost(bool, tag = "5")] #[serde(skip_serializing_if = "is_false")]
    pub plots: bool,
    #[prost(bool, tag = "7")] #[serde(skip_serializing_if = "is_false")]
    pub init__config_include_keys: bool,
    #[prost(bool, tag = "8")] #[serde(skip_serializing_if = "is_false")]
    pub init__config_exclude_keys: bool,
    #[prost(bool, tag = "9")] #[serde(skip_serializing_if = "is_false")]
    pub keras_callback__save_model: bool,
    #[prost(bool, tag = "10")] #[serde(skip_serializing_if = "is_false")]
    pub langchain_tracer: bool,
    #[prost(bool, tag = "11")] #[serde(skip_serializing_if = "is_false")]
    pub artifact__get_path: bool,
    #[prost(bool, tag = "12")] #[serde(skip_serializing_if = "is_false")]
    pub artifactmanifestentry__name: bool,
    #[prost(bool, tag = "13")] #[serde(skip_serializing_if = "is_false")]
    pub api__artifact_versions: bool,
    #[prost(bool, tag = "14")] #[serde(skip_serializing_if = "is_false")]
    pub artifact_collection__change_type: bool,
    #[prost(bool, tag = "15")] #[serde(skip_serializing_if = "is_false")]
    pub run__define_metric_copy: bool,
    #[prost(bool, tag = "16")] #[serde(skip_serializing_if = "is_false")]
    pub run_disabled: bool,
    #[prost(bool, tag = "17")] #[serde(skip_serializing_if = "is_false")]
    pub keras_callback: bool,
    #[prost(bool, tag = "18")] #[serde(skip_serializing_if = "is_false")]
    pub run__define_metric_best_goal: bool,
    #[prost(bool, tag = "19")] #[serde(skip_serializing_if = "is_false")]
    pub run__finish_quiet: bool,
    #[prost(bool, tag = "20")] #[serde(skip_serializing_if = "is_false")]
    pub run__reinit_bool: bool,
    #[prost(bool, tag = "21")] #[serde(skip_serializing_if = "is_false")]
    pub run__get_url: bool,
    #[prost(bool, tag = "22")] #[serde(skip_serializing_if = "is_false")]
    pub run__project_name: bool,
    #[prost(bool, tag = "23")] #[serde(skip_serializing_if = "is_false")]
    pub run__get_project_url: bool,
    #[prost(bool, tag = "24")] #[serde(skip_serializing_if = "is_false")]
    pub run__get_sweep_url: bool,
    #[prost(bool, tag = "25")] #[serde(skip_serializing_if = "is_false")]
    pub run__use_artifact_use_as: bool,
    #[prost(bool, tag = "26")] #[serde(skip_serializing_if = "is_false")]
    pub artifact__use_as: bool,
    #[prost(bool, tag = "27")] #[serde(skip_serializing_if = "is_false")]
    pub artifact__init_use_as: bool,
    #[prost(bool, tag = "28")] #[serde(skip_serializing_if = "is_false")]
    pub beta__workflows__log_model: bool,
    #[prost(bool, tag = "29")] #[serde(skip_serializing_if = "is_false")]
    pub beta__workflows__use_model: bool,
    #[prost(bool, tag = "30")] #[serde(skip_serializing_if = "is_false")]
    pub beta__workflows__link_model: bool,
}

/// `wandb_internal.Issues`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Issues {
    #[prost(bool, tag = "1")] #[serde(skip_serializing_if = "is_false")]
    pub settings__validation_warnings: bool,
    #[prost(bool, tag = "2")] #[serde(skip_serializing_if = "is_false")]
    pub settings__unexpected_args: bool,
    #[prost(bool, tag = "3")] #[serde(skip_serializing_if = "is_false")]
    pub settings__preprocessing_warnings: bool,
}
