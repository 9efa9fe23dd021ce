//! Hand-written prost messages for `wandb_internal.Record` (wandb 0.21.3 field numbers).
//!
//! Every message derives `prost::Message` (binary, wire compatible with wandb) and serde
//! (the JSON form of `docs/dev/core-api.md`: proto field names, `_info`, the `record_type`
//! oneof as a plain key, enums as integers, `Timestamp` as `{seconds, nanos}`, unknown keys
//! rejected, defaults omitted). Unknown protobuf fields are skipped on decode.

mod artifact;
mod environment;
mod items;
mod record;
mod run;
pub mod serde_util;
mod telemetry;
mod telemetry_feature;
mod telemetry_imports;

pub use artifact::*;
pub use environment::*;
pub use items::*;
pub use record::*;
pub use run::*;
pub use telemetry::*;
pub use telemetry_feature::*;
pub use telemetry_imports::*;
