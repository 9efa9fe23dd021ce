//! Telemetry `Imports`: which integrations were imported (bool flags).
//!
//! Field names, numbers and types follow `wandb_internal` of wandb 0.21.3 so the
//! protobuf bytes are wire-compatible. JSON form: proto field names, defaults omitted.

#![allow(missing_docs, non_snake_case)]

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::serde_util::*;
#[allow(unused_imports)]
use super::*;

/// `wandb_internal.Imports`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Imports {
    #[prost(bool, tag = "1")]
    #[serde(skip_serializing_if = "is_false")]
    pub torch: bool,
    #[prost(bool, tag = "2")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras: bool,
    #[prost(bool, tag = "3")]
    #[serde(skip_serializing_if = "is_false")]
    pub tensorflow: bool,
    #[prost(bool, tag = "4")]
    #[serde(skip_serializing_if = "is_false")]
    pub fastai: bool,
    #[prost(bool, tag = "5")]
    #[serde(skip_serializing_if = "is_false")]
    pub sklearn: bool,
    #[prost(bool, tag = "6")]
    #[serde(skip_serializing_if = "is_false")]
    pub xgboost: bool,
    #[prost(bool, tag = "7")]
    #[serde(skip_serializing_if = "is_false")]
    pub catboost: bool,
    #[prost(bool, tag = "8")]
    #[serde(skip_serializing_if = "is_false")]
    pub lightgbm: bool,
    #[prost(bool, tag = "9")]
    #[serde(skip_serializing_if = "is_false")]
    pub pytorch_lightning: bool,
    #[prost(bool, tag = "10")]
    #[serde(skip_serializing_if = "is_false")]
    pub ignite: bool,
    #[prost(bool, tag = "11")]
    #[serde(skip_serializing_if = "is_false")]
    pub transformers: bool,
    #[prost(bool, tag = "12")]
    #[serde(skip_serializing_if = "is_false")]
    pub jax: bool,
    #[prost(bool, tag = "13")]
    #[serde(skip_serializing_if = "is_false")]
    pub metaflow: bool,
    #[prost(bool, tag = "14")]
    #[serde(skip_serializing_if = "is_false")]
    pub allennlp: bool,
    #[prost(bool, tag = "15")]
    #[serde(skip_serializing_if = "is_false")]
    pub autogluon: bool,
    #[prost(bool, tag = "16")]
    #[serde(skip_serializing_if = "is_false")]
    pub autokeras: bool,
    #[prost(bool, tag = "18")]
    #[serde(skip_serializing_if = "is_false")]
    pub catalyst: bool,
    #[prost(bool, tag = "21")]
    #[serde(skip_serializing_if = "is_false")]
    pub deepchem: bool,
    #[prost(bool, tag = "22")]
    #[serde(skip_serializing_if = "is_false")]
    pub deepctr: bool,
    #[prost(bool, tag = "28")]
    #[serde(skip_serializing_if = "is_false")]
    pub pycaret: bool,
    #[prost(bool, tag = "29")]
    #[serde(skip_serializing_if = "is_false")]
    pub pytorchvideo: bool,
    #[prost(bool, tag = "30")]
    #[serde(skip_serializing_if = "is_false")]
    pub ray: bool,
    #[prost(bool, tag = "31")]
    #[serde(skip_serializing_if = "is_false")]
    pub simpletransformers: bool,
    #[prost(bool, tag = "32")]
    #[serde(skip_serializing_if = "is_false")]
    pub skorch: bool,
    #[prost(bool, tag = "33")]
    #[serde(skip_serializing_if = "is_false")]
    pub spacy: bool,
    #[prost(bool, tag = "34")]
    #[serde(skip_serializing_if = "is_false")]
    pub flash: bool,
    #[prost(bool, tag = "35")]
    #[serde(skip_serializing_if = "is_false")]
    pub optuna: bool,
    #[prost(bool, tag = "36")]
    #[serde(skip_serializing_if = "is_false")]
    pub recbole: bool,
    #[prost(bool, tag = "37")]
    #[serde(skip_serializing_if = "is_false")]
    pub mmcv: bool,
    #[prost(bool, tag = "38")]
    #[serde(skip_serializing_if = "is_false")]
    pub mmdet: bool,
    #[prost(bool, tag = "39")]
    #[serde(skip_serializing_if = "is_false")]
    pub torchdrug: bool,
    #[prost(bool, tag = "40")]
    #[serde(skip_serializing_if = "is_false")]
    pub torchtext: bool,
    #[prost(bool, tag = "41")]
    #[serde(skip_serializing_if = "is_false")]
    pub torchvision: bool,
    #[prost(bool, tag = "42")]
    #[serde(skip_serializing_if = "is_false")]
    pub elegy: bool,
    #[prost(bool, tag = "43")]
    #[serde(skip_serializing_if = "is_false")]
    pub detectron2: bool,
    #[prost(bool, tag = "44")]
    #[serde(skip_serializing_if = "is_false")]
    pub flair: bool,
    #[prost(bool, tag = "45")]
    #[serde(skip_serializing_if = "is_false")]
    pub flax: bool,
    #[prost(bool, tag = "46")]
    #[serde(skip_serializing_if = "is_false")]
    pub syft: bool,
    #[prost(bool, tag = "47")]
    #[serde(rename = "TTS", skip_serializing_if = "is_false")]
    pub tts: bool,
    #[prost(bool, tag = "48")]
    #[serde(skip_serializing_if = "is_false")]
    pub monai: bool,
    #[prost(bool, tag = "49")]
    #[serde(skip_serializing_if = "is_false")]
    pub huggingface_hub: bool,
    #[prost(bool, tag = "50")]
    #[serde(skip_serializing_if = "is_false")]
    pub hydra: bool,
    #[prost(bool, tag = "51")]
    #[serde(skip_serializing_if = "is_false")]
    pub datasets: bool,
    #[prost(bool, tag = "52")]
    #[serde(skip_serializing_if = "is_false")]
    pub sacred: bool,
    #[prost(bool, tag = "53")]
    #[serde(skip_serializing_if = "is_false")]
    pub joblib: bool,
    #[prost(bool, tag = "54")]
    #[serde(skip_serializing_if = "is_false")]
    pub dask: bool,
    #[prost(bool, tag = "56")]
    #[serde(skip_serializing_if = "is_false")]
    pub paddleocr: bool,
    #[prost(bool, tag = "57")]
    #[serde(skip_serializing_if = "is_false")]
    pub ppdet: bool,
    #[prost(bool, tag = "58")]
    #[serde(skip_serializing_if = "is_false")]
    pub paddleseg: bool,
    #[prost(bool, tag = "59")]
    #[serde(skip_serializing_if = "is_false")]
    pub paddlenlp: bool,
    #[prost(bool, tag = "60")]
    #[serde(skip_serializing_if = "is_false")]
    pub mmseg: bool,
    #[prost(bool, tag = "61")]
    #[serde(skip_serializing_if = "is_false")]
    pub mmocr: bool,
    #[prost(bool, tag = "62")]
    #[serde(skip_serializing_if = "is_false")]
    pub mmcls: bool,
    #[prost(bool, tag = "63")]
    #[serde(skip_serializing_if = "is_false")]
    pub timm: bool,
    #[prost(bool, tag = "64")]
    #[serde(skip_serializing_if = "is_false")]
    pub fairseq: bool,
    #[prost(bool, tag = "65")]
    #[serde(skip_serializing_if = "is_false")]
    pub deepchecks: bool,
    #[prost(bool, tag = "66")]
    #[serde(skip_serializing_if = "is_false")]
    pub composer: bool,
    #[prost(bool, tag = "67")]
    #[serde(skip_serializing_if = "is_false")]
    pub sparseml: bool,
    #[prost(bool, tag = "68")]
    #[serde(skip_serializing_if = "is_false")]
    pub anomalib: bool,
    #[prost(bool, tag = "69")]
    #[serde(skip_serializing_if = "is_false")]
    pub zenml: bool,
    #[prost(bool, tag = "70")]
    #[serde(skip_serializing_if = "is_false")]
    pub colossalai: bool,
    #[prost(bool, tag = "71")]
    #[serde(skip_serializing_if = "is_false")]
    pub accelerate: bool,
    #[prost(bool, tag = "72")]
    #[serde(skip_serializing_if = "is_false")]
    pub merlin: bool,
    #[prost(bool, tag = "73")]
    #[serde(skip_serializing_if = "is_false")]
    pub nanodet: bool,
    #[prost(bool, tag = "74")]
    #[serde(skip_serializing_if = "is_false")]
    pub segmentation_models_pytorch: bool,
    #[prost(bool, tag = "75")]
    #[serde(skip_serializing_if = "is_false")]
    pub sentence_transformers: bool,
    #[prost(bool, tag = "76")]
    #[serde(skip_serializing_if = "is_false")]
    pub dgl: bool,
    #[prost(bool, tag = "77")]
    #[serde(skip_serializing_if = "is_false")]
    pub torch_geometric: bool,
    #[prost(bool, tag = "78")]
    #[serde(skip_serializing_if = "is_false")]
    pub jina: bool,
    #[prost(bool, tag = "79")]
    #[serde(skip_serializing_if = "is_false")]
    pub kornia: bool,
    #[prost(bool, tag = "80")]
    #[serde(skip_serializing_if = "is_false")]
    pub albumentations: bool,
    #[prost(bool, tag = "81")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras_cv: bool,
    #[prost(bool, tag = "82")]
    #[serde(skip_serializing_if = "is_false")]
    pub mmengine: bool,
    #[prost(bool, tag = "83")]
    #[serde(skip_serializing_if = "is_false")]
    pub diffusers: bool,
    #[prost(bool, tag = "84")]
    #[serde(skip_serializing_if = "is_false")]
    pub trl: bool,
    #[prost(bool, tag = "85")]
    #[serde(skip_serializing_if = "is_false")]
    pub trlx: bool,
    #[prost(bool, tag = "86")]
    #[serde(skip_serializing_if = "is_false")]
    pub langchain: bool,
    #[prost(bool, tag = "87")]
    #[serde(skip_serializing_if = "is_false")]
    pub llama_index: bool,
    #[prost(bool, tag = "88")]
    #[serde(skip_serializing_if = "is_false")]
    pub stability_sdk: bool,
    #[prost(bool, tag = "89")]
    #[serde(skip_serializing_if = "is_false")]
    pub prefect: bool,
    #[prost(bool, tag = "90")]
    #[serde(skip_serializing_if = "is_false")]
    pub prefect_ray: bool,
    #[prost(bool, tag = "91")]
    #[serde(skip_serializing_if = "is_false")]
    pub pinecone: bool,
    #[prost(bool, tag = "92")]
    #[serde(skip_serializing_if = "is_false")]
    pub chromadb: bool,
    #[prost(bool, tag = "93")]
    #[serde(skip_serializing_if = "is_false")]
    pub weaviate: bool,
    #[prost(bool, tag = "94")]
    #[serde(skip_serializing_if = "is_false")]
    pub promptlayer: bool,
    #[prost(bool, tag = "95")]
    #[serde(skip_serializing_if = "is_false")]
    pub openai: bool,
    #[prost(bool, tag = "96")]
    #[serde(skip_serializing_if = "is_false")]
    pub cohere: bool,
    #[prost(bool, tag = "97")]
    #[serde(skip_serializing_if = "is_false")]
    pub anthropic: bool,
    #[prost(bool, tag = "98")]
    #[serde(skip_serializing_if = "is_false")]
    pub peft: bool,
    #[prost(bool, tag = "99")]
    #[serde(skip_serializing_if = "is_false")]
    pub optimum: bool,
    #[prost(bool, tag = "100")]
    #[serde(skip_serializing_if = "is_false")]
    pub evaluate: bool,
    #[prost(bool, tag = "101")]
    #[serde(skip_serializing_if = "is_false")]
    pub langflow: bool,
    #[prost(bool, tag = "102")]
    #[serde(skip_serializing_if = "is_false")]
    pub keras_core: bool,
    #[prost(bool, tag = "103")]
    #[serde(skip_serializing_if = "is_false")]
    pub lightning_fabric: bool,
    #[prost(bool, tag = "104")]
    #[serde(skip_serializing_if = "is_false")]
    pub curated_transformers: bool,
    #[prost(bool, tag = "105")]
    #[serde(skip_serializing_if = "is_false")]
    pub orjson: bool,
    #[prost(bool, tag = "106")]
    #[serde(skip_serializing_if = "is_false")]
    pub lightning: bool,
}
