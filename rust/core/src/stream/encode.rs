//! Direct protobuf encoding of the per-row records (history and summary updates), so the
//! writer thread does not build and drop a message tree for every row. Field numbers are
//! those of `Record.history` (2), `Record.summary` (3), `HistoryItem`/`SummaryItem`
//! (key 1, nested_key 2, value_json 16) and `HistoryStep.num` (1).

/// One item: either a plain `key` or a `nested_key` path, and its JSON value.
pub struct Item<'a> {
    pub key: &'a str,
    pub path: &'a [String],
    pub json: &'a str,
}

/// Bytes of a varint.
pub fn varint_len(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

/// Append a varint.
pub fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

fn bytes_field_len(tag_len: usize, n: usize) -> usize {
    tag_len + varint_len(n as u64) + n
}

fn put_bytes_field(buf: &mut Vec<u8>, tag: &[u8], data: &[u8]) {
    buf.extend_from_slice(tag);
    put_varint(buf, data.len() as u64);
    buf.extend_from_slice(data);
}

impl Item<'_> {
    fn len(&self) -> usize {
        let mut n = 0;
        if !self.key.is_empty() {
            n += bytes_field_len(1, self.key.len());
        }
        for p in self.path {
            n += bytes_field_len(1, p.len());
        }
        if !self.json.is_empty() {
            n += bytes_field_len(2, self.json.len());
        }
        n
    }

    fn put(&self, buf: &mut Vec<u8>) {
        if !self.key.is_empty() {
            put_bytes_field(buf, &[0x0a], self.key.as_bytes());
        }
        for p in self.path {
            put_bytes_field(buf, &[0x12], p.as_bytes());
        }
        if !self.json.is_empty() {
            // value_json = 16, wire type 2: varint (16 << 3) | 2 = 130 = 0x82 0x01.
            put_bytes_field(buf, &[0x82, 0x01], self.json.as_bytes());
        }
    }
}

fn items_len<'a, I: std::borrow::Borrow<Item<'a>>>(n: usize, item: &impl Fn(usize) -> I) -> usize {
    (0..n).map(|i| bytes_field_len(1, item(i).borrow().len())).sum()
}

fn put_items<'a, I: std::borrow::Borrow<Item<'a>>>(buf: &mut Vec<u8>, n: usize, item: &impl Fn(usize) -> I) {
    for i in 0..n {
        let it = item(i);
        let it = it.borrow();
        buf.push(0x0a);
        put_varint(buf, it.len() as u64);
        it.put(buf);
    }
}

/// Append `history = 2 { item = 1 [...], step = 2 { num = 1 } }` (a Record body); items are
/// `item(0..n)`. (The reference form of [`put_history_raw`].)
#[cfg(test)]
pub fn put_history<'a, I: std::borrow::Borrow<Item<'a>>>(
    buf: &mut Vec<u8>,
    n: usize,
    item: impl Fn(usize) -> I,
    step: i64,
) {
    let step_inner = if step != 0 { 1 + varint_len(step as u64) } else { 0 };
    let body = items_len(n, &item) + 1 + varint_len(step_inner as u64) + step_inner;
    buf.push(0x12);
    put_varint(buf, body as u64);
    put_items(buf, n, &item);
    buf.push(0x12);
    put_varint(buf, step_inner as u64);
    if step != 0 {
        buf.push(0x08);
        put_varint(buf, step as u64);
    }
}

/// Append one framed item (`tag 1, len, body`) as it appears in both `HistoryRecord.item`
/// and `SummaryRecord.update`, so a row's items can be encoded once and copied into both.
pub fn put_item(buf: &mut Vec<u8>, it: &Item<'_>) {
    buf.push(0x0a);
    put_varint(buf, it.len() as u64);
    it.put(buf);
}

/// Append `history = 2 { <items>, step = 2 { num = 1 } }` where `items` are already framed
/// items (see [`put_item`]).
pub fn put_history_raw(buf: &mut Vec<u8>, items: &[u8], step: i64) {
    let step_inner = if step != 0 { 1 + varint_len(step as u64) } else { 0 };
    let body = items.len() + 1 + varint_len(step_inner as u64) + step_inner;
    buf.reserve(body + 12);
    buf.push(0x12);
    put_varint(buf, body as u64);
    buf.extend_from_slice(items);
    buf.push(0x12);
    put_varint(buf, step_inner as u64);
    if step != 0 {
        buf.push(0x08);
        put_varint(buf, step as u64);
    }
}

/// Append `summary = 3 { <parts> }` where `parts` are already framed items whose total
/// length is `len`.
pub fn put_summary_raw<'a>(buf: &mut Vec<u8>, len: usize, parts: impl Iterator<Item = &'a [u8]>) {
    buf.reserve(len + 12);
    buf.push(0x1a);
    put_varint(buf, len as u64);
    for p in parts {
        buf.extend_from_slice(p);
    }
}

/// Append `summary = 3 { update = 1 [...] }` (a Record body); items are `item(0..n)`.
pub fn put_summary_update<'a, I: std::borrow::Borrow<Item<'a>>>(
    buf: &mut Vec<u8>,
    n: usize,
    item: impl Fn(usize) -> I,
) {
    buf.push(0x1a);
    put_varint(buf, items_len(n, &item) as u64);
    put_items(buf, n, &item);
}

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::*;
    use crate::proto::{HistoryItem, HistoryRecord, HistoryStep, Record, RecordType, SummaryItem, SummaryRecord};

    #[test]
    fn matches_prost_encoding() {
        let p1 = vec!["a".to_string(), "b".to_string()];
        let p2 = vec!["x".repeat(300)];
        let long = "1".repeat(200);
        let items = [
            Item { key: "", path: &p1, json: "1.5" },
            Item { key: "", path: &p2, json: &long },
            Item { key: "_runtime", path: &[], json: "" },
        ];
        for step in [0i64, 1, 300, -1] {
            let mut buf = vec![];
            put_history(&mut buf, items.len(), |i| &items[i], step);
            let want = Record::of(RecordType::History(HistoryRecord {
                item: items
                    .iter()
                    .map(|i| HistoryItem { key: i.key.into(), nested_key: i.path.to_vec(), value_json: i.json.into() })
                    .collect(),
                step: Some(HistoryStep { num: step }),
                info: None,
            }));
            assert_eq!(buf, want.encode_to_vec(), "step {step}");
        }
        let mut buf = vec![];
        put_summary_update(&mut buf, items.len(), |i| &items[i]);
        let want = Record::of(RecordType::Summary(SummaryRecord {
            update: items
                .iter()
                .map(|i| SummaryItem { key: i.key.into(), nested_key: i.path.to_vec(), value_json: i.json.into() })
                .collect(),
            ..Default::default()
        }));
        assert_eq!(buf, want.encode_to_vec());
        let mut framed = vec![];
        for it in &items {
            put_item(&mut framed, it);
        }
        let mut raw = vec![];
        put_summary_raw(&mut raw, framed.len(), std::iter::once(&framed[..]));
        assert_eq!(raw, buf);
        for step in [0i64, 7, 100_000] {
            let mut a = vec![];
            put_history(&mut a, items.len(), |i| &items[i], step);
            let mut b = vec![];
            put_history_raw(&mut b, &framed, step);
            assert_eq!(a, b);
        }
    }
}
