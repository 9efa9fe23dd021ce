//! End-to-end tests: log through a [`Stream`], read the file back with the txlog reader.

use super::*;
use crate::proto::{MetricOptions, MetricRecord, MetricSummary, SummaryItem};
use crate::txlog::Reader;

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("vireo-core-test-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("run-x.wandb")
}

fn read(path: &std::path::Path) -> Vec<Record> {
    let mut r = Reader::open(path).unwrap();
    let mut out = vec![];
    while let Some((_, b)) = r.next_record().unwrap() {
        out.push(Record::decode_bytes(&b).unwrap());
    }
    assert_eq!(r.skipped_bytes(), 0);
    out
}

fn kind(r: &Record) -> &'static str {
    r.record_type.as_ref().map(|t| t.name()).unwrap_or("none")
}

fn items(r: &Record) -> Vec<(String, String)> {
    let conv =
        |k: &str, nk: &[String], v: &str| (if nk.is_empty() { k.to_string() } else { nk.join(".") }, v.to_string());
    let mut v: Vec<(String, String)> = match &r.record_type {
        Some(RecordType::History(h)) => h.item.iter().map(|i| conv(&i.key, &i.nested_key, &i.value_json)).collect(),
        Some(RecordType::Summary(s)) => {
            s.update.iter().map(|i: &SummaryItem| conv(&i.key, &i.nested_key, &i.value_json)).collect()
        }
        _ => vec![],
    };
    v.sort();
    v
}

fn get<'a>(v: &'a [(String, String)], k: &str) -> Option<&'a str> {
    v.iter().find(|(a, _)| a == k).map(|(_, b)| b.as_str())
}

fn opts() -> StreamOptions {
    StreamOptions { run_start: now() - 2.5, ..Default::default() }
}

#[test]
fn rows_become_summary_summary_history_and_exit() {
    let path = tmp("e2e");
    let s = Stream::create(&path, opts(), Box::new(NoHooks)).unwrap();
    assert!(Stream::create(&path, opts(), Box::new(NoHooks)).is_err());
    s.write(Record::from_json(r#"{"config":{"update":[{"key":"a","value_json":"1"}]},"num":99}"#).unwrap()).unwrap();
    s.write(Record::from_json(r#"{"config":{},"control":{"local":true}}"#).unwrap()).unwrap();
    let nested = Value::Map(vec![
        ("a".into(), Value::Int(1)),
        ("b".into(), Value::Map(vec![("c".into(), Value::Float(2.5))])),
        ("e".into(), Value::Map(vec![])),
    ]);
    assert_eq!(s.log(vec![("loss".into(), Value::Float(0.5)), ("nested".into(), nested)], None, None).unwrap(), 0);
    assert_eq!(s.log(vec![("loss".into(), Value::Float(0.25)), ("x".into(), Value::Null)], None, None).unwrap(), 1);
    assert_eq!(s.log(vec![("late".into(), Value::Str("p".into()))], Some(5), None).unwrap(), 5);
    assert_eq!(s.log(vec![("old".into(), Value::Int(1))], Some(2), None).unwrap(), -1);
    assert_eq!((s.step(), s.dropped(), s.history_rows()), (5, 1, 2));
    s.flush().unwrap();
    let summary: serde_json::Value = serde_json::from_str(&s.summary().unwrap()).unwrap();
    assert_eq!(summary["loss"], serde_json::json!(0.25));
    assert_eq!(summary["nested"]["b"]["c"], serde_json::json!(2.5));
    assert_eq!(summary["_step"], serde_json::json!(1));
    assert!(summary.get("x").is_none());
    s.finish(0, None).unwrap();
    s.finish(0, None).unwrap();
    assert!(s.log(vec![], None, None).is_err());
    let fin: serde_json::Value = serde_json::from_str(&s.summary().unwrap()).unwrap();
    assert_eq!(fin["late"], serde_json::json!("p"));
    assert_eq!(fin["_step"], serde_json::json!(5));

    let recs = read(&path);
    let kinds: Vec<_> = recs.iter().map(kind).collect();
    assert_eq!(
        kinds,
        vec![
            "config", "summary", "summary", "history", "summary", "summary", "history", "summary", "summary",
            "history", "summary", "exit"
        ]
    );
    assert_eq!(recs.iter().map(|r| r.num).collect::<Vec<_>>(), (1..=12).collect::<Vec<_>>());
    // Runtime record.
    let rt = items(&recs[1]);
    assert_eq!(rt, vec![("_runtime".to_string(), "2".to_string()), ("_wandb.runtime".to_string(), "2".to_string())]);
    assert!(recs[1].control.is_none() && recs[1].info.is_none());
    // History row 0.
    let h0 = items(&recs[3]);
    assert_eq!(get(&h0, "loss"), Some("0.5"));
    assert_eq!(get(&h0, "nested.a"), Some("1"));
    assert_eq!(get(&h0, "nested.b.c"), Some("2.5"));
    assert_eq!(get(&h0, "nested.e"), None);
    assert_eq!(get(&h0, "_step"), Some("0"));
    assert!(get(&h0, "_timestamp").unwrap().contains("e+09"));
    let rtv: f64 = get(&h0, "_runtime").unwrap().parse().unwrap();
    assert!((2.5..4.0).contains(&rtv));
    let Some(RecordType::History(h)) = &recs[3].record_type else { panic!() };
    assert!(h.item.iter().all(|i| i.key.is_empty()));
    assert_eq!(h.step.as_ref().unwrap().num, 0);
    // Summary of row 1: every non-null leaf of the row, changed or not; x (null) absent.
    let s1 = items(&recs[5]);
    assert_eq!(get(&s1, "loss"), Some("0.25"));
    assert_eq!(get(&s1, "x"), None);
    let h1 = items(&recs[6]);
    assert_eq!(get(&h1, "x"), Some("null"));
    // Pending step-5 row committed at finish.
    let h2 = items(&recs[9]);
    assert_eq!(get(&h2, "late"), Some("\"p\""));
    assert_eq!(get(&h2, "_step"), Some("5"));
    let Some(RecordType::Exit(e)) = &recs[11].record_type else { panic!() };
    assert_eq!((e.exit_code, e.runtime), (0, 2));
}

#[test]
fn define_metric_glob_step_sync_and_explicit_summary() {
    let path = tmp("metrics");
    let s = Stream::create(&path, opts(), Box::new(NoHooks)).unwrap();
    let m = |j: &str| Record::from_json(j).unwrap();
    s.define_metric(m(r#"{"metric":{"name":"acc","options":{"defined":true},"summary":{"max":true}}}"#)).unwrap();
    s.define_metric(m(
        r#"{"metric":{"glob_name":"val/*","step_metric":"epoch","options":{"step_sync":true,"defined":true}}}"#,
    ))
    .unwrap();
    s.log(vec![("epoch".into(), Value::Int(1)), ("acc".into(), Value::Float(0.9))], None, None).unwrap();
    s.log(vec![("val/loss".into(), Value::Float(0.3))], None, None).unwrap();
    s.log(vec![("val/loss".into(), Value::Float(0.2)), ("acc".into(), Value::Float(0.5))], None, None).unwrap();
    s.summary_update(vec![(vec!["acc".into()], "0.77".into())], vec![]).unwrap();
    s.log(vec![("acc".into(), Value::Float(0.6))], None, None).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&s.summary().unwrap()).unwrap();
    assert_eq!(summary["acc"], serde_json::json!(0.6));
    s.finish(1, None).unwrap();
    let recs = read(&path);
    let kinds: Vec<_> = recs.iter().map(kind).collect();
    assert_eq!(
        &kinds[..9],
        &["metric", "metric", "summary", "summary", "history", "metric", "summary", "summary", "history"]
    );
    let Some(RecordType::Metric(exp)) = &recs[5].record_type else { panic!() };
    let want = MetricRecord {
        name: "val/loss".into(),
        step_metric: "epoch".into(),
        options: Some(MetricOptions { step_sync: true, ..Default::default() }),
        summary: Some(MetricSummary::default()),
        control: Some(crate::proto::MetricControl { overwrite: true }),
        expanded_from_glob: true,
        ..Default::default()
    };
    assert_eq!(*exp, want);
    assert_eq!(kinds.iter().filter(|k| **k == "metric").count(), 3);
    // Row 0: acc summary is {"max":0.9}.
    assert_eq!(get(&items(&recs[3]), "acc"), Some(r#"{"max":0.9}"#));
    // Row 1: step_sync adds epoch=1.
    assert_eq!(get(&items(&recs[8]), "epoch"), Some("1"));
    // Row 2: max stays 0.9 and is written again (wandb-core reports every leaf of a row).
    assert_eq!(get(&items(&recs[10]), "acc"), Some(r#"{"max":0.9}"#));
    // Explicit write, then plain value.
    let Some(RecordType::Summary(sr)) = &recs[12].record_type else { panic!("{:?}", kinds) };
    assert_eq!((sr.update[0].key.as_str(), sr.update[0].value_json.as_str()), ("acc", "0.77"));
    assert_eq!(get(&items(&recs[14]), "acc"), Some("0.6"));
    let Some(RecordType::Exit(e)) = &recs.last().unwrap().record_type else { panic!() };
    assert_eq!(e.exit_code, 1);
}

#[test]
fn tiny_queue_blocks_instead_of_dropping() {
    struct Count(std::sync::atomic::AtomicUsize);
    impl Hooks for Count {
        fn on_backpressure(&self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let path = tmp("queue");
    let hooks = Box::new(Count(Default::default()));
    let s = Stream::create(&path, StreamOptions { queue_capacity: 1, ..opts() }, hooks).unwrap();
    for i in 0..2000 {
        s.log(vec![("i".into(), Value::Int(i))], None, None).unwrap();
    }
    s.finish(0, None).unwrap();
    let recs = read(&path);
    assert_eq!(recs.iter().filter(|r| kind(r) == "history").count(), 2000);
}

#[test]
fn small_queue_keeps_every_row_in_order() {
    let path = tmp("queue16");
    let s = Stream::create(&path, StreamOptions { queue_capacity: 16, ..opts() }, Box::new(NoHooks)).unwrap();
    for i in 0..5000 {
        s.log(vec![("i".into(), Value::Int(i)), ("f".into(), Value::Float(i as f64 / 4.0))], None, None).unwrap();
    }
    s.finish(0, None).unwrap();
    let steps: Vec<i64> = read(&path)
        .iter()
        .filter_map(|r| match &r.record_type {
            Some(RecordType::History(h)) => h.step.as_ref().map(|s| s.num),
            _ => None,
        })
        .collect();
    assert_eq!(steps, (0..5000).collect::<Vec<_>>());
}

#[test]
fn summary_follows_changing_keys_and_shapes() {
    let path = tmp("shapes");
    let s = Stream::create(&path, opts(), Box::new(NoHooks)).unwrap();
    let m = |v: Vec<(&str, Value)>| Value::Map(v.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
    let rows: Vec<Vec<(String, Value)>> = vec![
        vec![("a".into(), Value::Int(1)), ("b".into(), Value::Int(2))],
        vec![("b".into(), Value::Int(3))],
        vec![("c".into(), m(vec![("d", Value::Int(4))])), ("a".into(), Value::Int(5))],
        vec![("c".into(), Value::Int(6)), ("a".into(), Value::Null)],
        vec![("a".into(), m(vec![("x", Value::Float(0.5))])), ("b".into(), Value::Int(7))],
        vec![("a".into(), m(vec![("x", Value::Float(1.5))])), ("b".into(), Value::Int(8))],
    ];
    for r in rows {
        s.log(r, None, None).unwrap();
    }
    let sum: serde_json::Value = serde_json::from_str(&s.summary().unwrap()).unwrap();
    assert_eq!(sum["a"], serde_json::json!({"x": 1.5}));
    assert_eq!(sum["b"], serde_json::json!(8));
    assert_eq!(sum["c"], serde_json::json!(6));
    assert_eq!(sum["_step"], serde_json::json!(5));
    s.finish(0, None).unwrap();
    // Every non-null leaf of each row is in that row's summary record.
    let recs = read(&path);
    let summaries: Vec<Vec<(String, String)>> = recs
        .iter()
        .filter(|r| kind(r) == "summary")
        .map(items)
        .filter(|v| v.iter().any(|(k, _)| k == "_step"))
        .collect();
    assert_eq!(summaries.len(), 6);
    assert_eq!(get(&summaries[3], "c"), Some("6"));
    assert_eq!(get(&summaries[3], "a"), None);
    assert_eq!(get(&summaries[5], "a.x"), Some("1.5"));
}
