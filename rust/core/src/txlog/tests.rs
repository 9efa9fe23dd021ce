//! Round-trip and corruption tests for the transaction log.

use super::*;

fn write_all(records: &[Vec<u8>]) -> Vec<u8> {
    let mut w = Writer::new(Vec::new()).unwrap();
    for r in records {
        w.append(r).unwrap();
    }
    w.get_ref().clone()
}

fn read_all(bytes: &[u8]) -> (Vec<(u64, Vec<u8>)>, u64) {
    let mut r = Reader::new(bytes).unwrap();
    let mut out = vec![];
    while let Some(rec) = r.next_record().unwrap() {
        out.push(rec);
    }
    (out, r.skipped_bytes())
}

fn payload(i: usize, len: usize) -> Vec<u8> {
    (0..len).map(|j| ((i * 31 + j * 7) % 251) as u8).collect()
}

#[test]
fn header_and_first_chunk_bytes() {
    let bytes = write_all(&[b"abc".to_vec()]);
    assert_eq!(&bytes[..7], &[0x3A, 0x57, 0x26, 0x42, 0xE1, 0xBE, 0x00]);
    let crc = crc32fast::hash(&[1, b'a', b'b', b'c']);
    assert_eq!(&bytes[7..11], &crc.to_le_bytes());
    assert_eq!(&bytes[11..14], &[3, 0, FULL]);
    assert_eq!(&bytes[14..], b"abc");
    // The magic is the low 16 bits of CRC-32("Weights & Biases").
    assert_eq!(crc32fast::hash(b"Weights & Biases") & 0xffff, 0xBEE1);
}

#[test]
fn records_spanning_blocks_round_trip() {
    let recs: Vec<Vec<u8>> =
        vec![payload(0, 10), payload(1, 100_000), payload(2, 0), payload(3, 40_000), payload(4, 5)];
    let bytes = write_all(&recs);
    let (got, skipped) = read_all(&bytes);
    assert_eq!(skipped, 0);
    assert_eq!(got.iter().map(|r| r.1.clone()).collect::<Vec<_>>(), recs);
    assert_eq!(got[0].0, 7);
    // 100 KB record: FIRST + MIDDLE + MIDDLE + LAST, FIRST/MIDDLE run to the block end.
    let mut kinds = vec![];
    let mut off = 7 + 7 + 10;
    loop {
        let len = u16::from_le_bytes([bytes[off + 4], bytes[off + 5]]) as usize;
        kinds.push(bytes[off + 6]);
        off += 7 + len;
        if *kinds.last().unwrap() == LAST {
            break;
        }
        assert_eq!(off % BLOCK_SIZE, 0);
    }
    assert_eq!(kinds, vec![FIRST, MIDDLE, MIDDLE, LAST]);
}

#[test]
fn exactly_seven_bytes_left_gives_zero_length_first() {
    // First record fills block 0 up to 7 bytes before its end.
    let first_len = BLOCK_SIZE - 7 - 7 - 7;
    let recs = vec![payload(0, first_len), payload(1, 20)];
    let bytes = write_all(&recs);
    let at = BLOCK_SIZE - 7;
    assert_eq!(&bytes[at + 4..at + 7], &[0, 0, FIRST]);
    assert_eq!(&bytes[at..at + 4], &chunk_crc(FIRST, &[]).to_le_bytes());
    assert_eq!(bytes[BLOCK_SIZE + 6], LAST);
    let (got, skipped) = read_all(&bytes);
    assert_eq!(skipped, 0);
    assert_eq!(got[1], (at as u64, recs[1].clone()));
}

#[test]
fn fewer_than_seven_bytes_left_are_zero_padded() {
    for gap in 1..7 {
        let first_len = BLOCK_SIZE - 7 - 7 - gap;
        let recs = vec![payload(0, first_len), payload(1, 20)];
        let bytes = write_all(&recs);
        assert!(bytes[BLOCK_SIZE - gap..BLOCK_SIZE].iter().all(|b| *b == 0));
        assert_eq!(bytes[BLOCK_SIZE + 6], FULL);
        let (got, skipped) = read_all(&bytes);
        assert_eq!(skipped, 0);
        assert_eq!(got[1].0, BLOCK_SIZE as u64);
    }
}

#[test]
fn truncation_at_every_offset_never_panics_and_keeps_a_prefix() {
    let recs: Vec<Vec<u8>> = (0..12).map(|i| payload(i, 5 + i * 13)).collect();
    let bytes = write_all(&recs);
    for cut in 0..=bytes.len() {
        match Reader::new(&bytes[..cut]) {
            Err(_) => assert!(cut < 7),
            Ok(mut r) => {
                let mut got = vec![];
                while let Some(rec) = r.next_record().unwrap() {
                    got.push(rec.1);
                }
                assert_eq!(got[..], recs[..got.len()], "cut at {cut}");
                let complete = recs
                    .iter()
                    .scan(7usize, |o, r| {
                        *o += 7 + r.len();
                        Some(*o)
                    })
                    .filter(|e| *e <= cut)
                    .count();
                assert_eq!(got.len(), complete, "cut at {cut}");
            }
        }
    }
}

#[test]
fn truncated_multi_block_record_is_skipped() {
    let recs = vec![payload(0, 10), payload(1, 70_000)];
    let bytes = write_all(&recs);
    let cut = 50_000;
    let (got, skipped) = read_all(&bytes[..cut]);
    assert_eq!(got.len(), 1);
    assert_eq!(skipped as usize, cut - (7 + 7 + 10));
}

#[test]
fn random_byte_flips_resync_at_next_block() {
    let recs: Vec<Vec<u8>> = (0..400).map(|i| payload(i, 200 + (i % 7) * 50)).collect();
    let bytes = write_all(&recs);
    let mut seed: u64 = 0x9E3779B97F4A7C15;
    for _ in 0..300 {
        let mut b = bytes.clone();
        for _ in 0..3 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = 7 + (seed as usize) % (b.len() - 7);
            b[i] ^= 1 + (seed >> 32) as u8 % 255;
        }
        let (got, skipped) = read_all(&b);
        // Everything returned is an original record, in order.
        let mut j = 0;
        for (_, g) in &got {
            while j < recs.len() && &recs[j] != g {
                j += 1;
            }
            assert!(j < recs.len(), "unknown record returned");
            j += 1;
        }
        assert!(got.len() < recs.len() && skipped > 0);
        // Records in untouched blocks after the damage are recovered.
        assert!(got.len() + 3 * 200 >= recs.len() || got.len() > 200);
    }
}

#[test]
fn bad_headers_are_rejected() {
    assert!(Reader::new(&b""[..]).is_err());
    assert!(Reader::new(&b":W&B\xe1\xbe"[..]).is_err());
    assert!(Reader::new(&b":W&C\xe1\xbe\x00"[..]).is_err());
    assert!(Reader::new(&b":W&B\xe1\xbf\x00"[..]).is_err());
    assert!(Reader::new(&b":W&B\xe1\xbe\x01"[..]).is_err());
    assert!(Reader::new(&b":W&B\xe1\xbe\x00"[..]).unwrap().next_record().unwrap().is_none());
}

#[test]
fn zeroed_block_rest_is_padding() {
    let recs = vec![payload(0, 10)];
    let mut bytes = write_all(&recs);
    bytes.resize(BLOCK_SIZE, 0);
    let mut w2 = Writer::new(Vec::new()).unwrap();
    w2.append(&payload(0, 10)).unwrap();
    let (got, skipped) = read_all(&bytes);
    assert_eq!(got.len(), 1);
    assert_eq!(skipped, 0);
}
