//! `wandb_internal.Record`, its `record_type` oneof, `Timestamp`, `Empty`, and the
//! JSON / protobuf conversions used at the Python boundary.
//!
//! serde's `flatten` cannot be combined with `deny_unknown_fields`, so the oneof is
//! (de)serialized through [`RecordJson`], a flat struct with one optional key per variant.

use prost::Message;
use serde::{Deserialize, Serialize};

use super::serde_util::*;
use super::*;
use crate::error::{CoreError, CoreResult};

/// `google.protobuf.Timestamp` (JSON `{seconds, nanos}`).
#[derive(Clone, Copy, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timestamp {
    #[prost(int64, tag = "1")]
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub seconds: i64,
    #[prost(int32, tag = "2")]
    #[serde(skip_serializing_if = "is_zero_i32")]
    pub nanos: i32,
}

/// `google.protobuf.Empty`.
#[derive(Clone, Copy, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

macro_rules! record_types {
    ($( $variant:ident ( $ty:ty ) = $tag:literal, $key:ident; )*) => {
        #[allow(clippy::large_enum_variant)]
        /// The `record_type` oneof of `Record` (`request` = 100 is never written and is
        /// skipped on decode).
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum RecordType {
            $( #[prost(message, tag = $tag)] $variant($ty), )*
        }

        /// Flat JSON shape of a [`Record`]: the oneof variants are plain optional keys.
        #[derive(Default, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        struct RecordJson {
            #[serde(skip_serializing_if = "is_zero_i64")]
            num: i64,
            #[serde(skip_serializing_if = "Option::is_none")]
            control: Option<Control>,
            #[serde(skip_serializing_if = "String::is_empty")]
            uuid: String,
            #[serde(rename = "_info", skip_serializing_if = "Option::is_none")]
            info: Option<RecordInfo>,
            $( #[serde(skip_serializing_if = "Option::is_none")] $key: Option<$ty>, )*
        }

        impl TryFrom<RecordJson> for Record {
            type Error = String;
            fn try_from(j: RecordJson) -> Result<Self, String> {
                let mut record_type = None;
                let mut n = 0;
                $( if let Some(v) = j.$key { record_type = Some(RecordType::$variant(v)); n += 1; } )*
                if n > 1 {
                    return Err("a record holds at most one record type key".into());
                }
                Ok(Record { num: j.num, control: j.control, uuid: j.uuid, info: j.info, record_type })
            }
        }

        impl From<Record> for RecordJson {
            fn from(r: Record) -> Self {
                let mut j = RecordJson { num: r.num, control: r.control, uuid: r.uuid, info: r.info, ..Default::default() };
                match r.record_type {
                    $( Some(RecordType::$variant(v)) => j.$key = Some(v), )*
                    None => {}
                }
                j
            }
        }

        impl RecordType {
            /// The oneof key name (`"history"`, `"summary"`, ...).
            pub fn name(&self) -> &'static str {
                match self { $( RecordType::$variant(_) => stringify!($key), )* }
            }
        }
    };
}

record_types! {
    History(HistoryRecord) = "2", history;
    Summary(SummaryRecord) = "3", summary;
    Output(OutputRecord) = "4", output;
    Config(ConfigRecord) = "5", config;
    Files(FilesRecord) = "6", files;
    Stats(StatsRecord) = "7", stats;
    Artifact(ArtifactRecord) = "8", artifact;
    Tbrecord(TBRecord) = "9", tbrecord;
    Alert(AlertRecord) = "10", alert;
    Telemetry(TelemetryRecord) = "11", telemetry;
    Metric(MetricRecord) = "12", metric;
    OutputRaw(OutputRawRecord) = "13", output_raw;
    Run(RunRecord) = "17", run;
    Exit(RunExitRecord) = "18", exit;
    Final(FinalRecord) = "20", r#final;
    Header(HeaderRecord) = "21", header;
    Footer(FooterRecord) = "22", footer;
    Preempting(RunPreemptingRecord) = "23", preempting;
    NoopLinkArtifact(Empty) = "24", noop_link_artifact;
    UseArtifact(UseArtifactRecord) = "25", use_artifact;
    Environment(EnvironmentRecord) = "26", environment;
}

/// `wandb_internal.Record`.
#[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
#[serde(try_from = "RecordJson", into = "RecordJson")]
pub struct Record {
    #[prost(int64, tag = "1")]
    pub num: i64,
    #[prost(message, optional, tag = "16")]
    pub control: Option<Control>,
    #[prost(string, tag = "19")]
    pub uuid: String,
    #[prost(message, optional, tag = "200")]
    pub info: Option<RecordInfo>,
    #[prost(oneof = "RecordType", tags = "2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 18, 20, 21, 22, 23, 24, 25, 26")]
    pub record_type: Option<RecordType>,
}

impl Record {
    /// A record holding only `record_type` (what the handler writes: no control, no `_info`).
    pub fn of(rt: RecordType) -> Self {
        Record { record_type: Some(rt), ..Default::default() }
    }

    /// Parse the JSON form (unknown keys are an error).
    pub fn from_json(text: &str) -> CoreResult<Self> {
        // serde would also accept a struct written as a JSON array; records are objects.
        if !text.trim_start().starts_with('{') {
            return Err(CoreError::Json("a record must be a JSON object".into()));
        }
        serde_json::from_str(text).map_err(|e| CoreError::Json(e.to_string()))
    }

    /// Render the JSON form (defaults omitted).
    pub fn to_json(&self) -> String {
        // Serialization of these plain structs cannot fail (all map keys are strings).
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Decode protobuf bytes (unknown fields are skipped).
    pub fn decode_bytes(data: &[u8]) -> CoreResult<Self> {
        Record::decode(data).map_err(|e| CoreError::Decode(e.to_string()))
    }
}

/// JSON text of a record → protobuf bytes.
pub fn encode_record_json(text: &str) -> CoreResult<Vec<u8>> {
    Ok(Record::from_json(text)?.encode_to_vec())
}

/// Protobuf bytes → JSON text of the record.
pub fn decode_record_json(data: &[u8]) -> CoreResult<String> {
    Ok(Record::decode_bytes(data)?.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oneof_is_a_plain_key_and_round_trips() {
        let text = r#"{"config":{"update":[{"key":"a","value_json":"1"}]},"control":{"connection_id":"1(@)"},"_info":{"stream_id":"abc"}}"#;
        let r = Record::from_json(text).unwrap();
        match &r.record_type {
            Some(RecordType::Config(c)) => assert_eq!(c.update[0].key, "a"),
            _ => panic!("wrong oneof"),
        }
        assert_eq!(r.info.as_ref().unwrap().stream_id, "abc");
        let bytes = r.encode_to_vec();
        let back = Record::decode_bytes(&bytes).unwrap();
        assert_eq!(back, r);
        let v1: serde_json::Value = serde_json::from_str(&back.to_json()).unwrap();
        let v2: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(v1, v2);
    }

    #[test]
    fn unknown_keys_and_two_oneofs_are_errors() {
        assert!(Record::from_json(r#"{"confg":{}}"#).is_err());
        assert!(Record::from_json(r#"{"config":{"updat":[]}}"#).is_err());
        assert!(Record::from_json(r#"{"config":{},"history":{}}"#).is_err());
        assert!(Record::from_json(r#"{"_info":{"stream":"x"}}"#).is_err());
        assert!(Record::from_json("[]").is_err());
    }

    #[test]
    fn enums_timestamps_maps_and_renamed_fields() {
        let text = r#"{"files":{"files":[{"path":"x","policy":1,"type":1}]}}"#;
        let r = Record::from_json(text).unwrap();
        assert_eq!(r.to_json(), text);
        let t = r#"{"output_raw":{"output_type":1,"timestamp":{"seconds":5,"nanos":7},"line":"a"}}"#;
        assert_eq!(Record::from_json(t).unwrap().to_json(), t);
        let e = r#"{"environment":{"disk":{"/":{"total":10,"used":2}},"slurm":{"a":"b"},"writer_id":"w"}}"#;
        let r = Record::from_json(e).unwrap();
        assert_eq!(Record::decode_bytes(&r.encode_to_vec()).unwrap().to_json(), e);
        let m = r#"{"metric":{"name":"val/loss","step_metric":"epoch","options":{"step_sync":true},"summary":{},"_control":{"overwrite":true},"expanded_from_glob":true}}"#;
        let r = Record::from_json(m).unwrap();
        assert_eq!(Record::decode_bytes(&r.encode_to_vec()).unwrap().to_json(), m);
        let tel = r#"{"telemetry":{"imports_init":{"TTS":true},"feature":{"finish":true},"python_version":"3.11"}}"#;
        assert_eq!(Record::from_json(tel).unwrap().to_json(), tel);
        let a = r#"{"artifact":{"type":"dataset","manifest":{"version":1,"contents":[{"path":"a","ref":"r","extra":[{"key":"k","value_json":"1"}]}]}}}"#;
        assert_eq!(Record::from_json(a).unwrap().to_json(), a);
        assert_eq!(Record::from_json(r#"{"final":{}}"#).unwrap().to_json(), r#"{"final":{}}"#);
        assert_eq!(
            Record::from_json(r#"{"noop_link_artifact":{}}"#).unwrap().to_json(),
            r#"{"noop_link_artifact":{}}"#
        );
    }

    #[test]
    fn exact_wire_bytes_and_unknown_fields_skipped() {
        let r = Record {
            num: 1,
            record_type: Some(RecordType::Exit(RunExitRecord { exit_code: 0, runtime: 3, info: None })),
            ..Default::default()
        };
        // num=1 (08 01), exit=18 (0x92 0x01) len 2 { runtime=2 (10 03) }
        assert_eq!(r.encode_to_vec(), vec![0x08, 0x01, 0x92, 0x01, 0x02, 0x10, 0x03]);
        // Field 100 (request, length-delimited) and a stray field 50 are ignored.
        let mut bytes = r.encode_to_vec();
        bytes.extend_from_slice(&[0xa2, 0x06, 0x00, 0x90, 0x03, 0x05]);
        let back = Record::decode_bytes(&bytes).unwrap();
        assert_eq!(back.num, 1);
    }
}
