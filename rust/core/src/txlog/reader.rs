//! [`Reader`]: reads records back, skipping corrupt or torn chunks.
//!
//! Tolerance rules (as wandb-core's reader): an all-zero chunk header means the rest of the
//! block is padding; a bad checksum, impossible length or unknown type drops the rest of
//! the block and any partial record, and reading resumes at the next FULL or FIRST chunk.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use super::{chunk_crc, BLOCK_SIZE, CHUNK_HEADER, FILE_HEADER, FIRST, FULL, LAST, MIDDLE};
use crate::error::{CoreError, CoreResult};

/// Sequential record reader over any byte source.
pub struct Reader<R: Read> {
    src: R,
    block: Vec<u8>,
    block_start: u64,
    pos: usize,
    eof: bool,
    partial: Vec<u8>,
    partial_start: Option<u64>,
    partial_bytes: u64,
    skipped: u64,
}

impl Reader<BufReader<File>> {
    /// Open a file and validate its header.
    pub fn open(path: impl AsRef<Path>) -> CoreResult<Self> {
        Reader::new(BufReader::with_capacity(BLOCK_SIZE, File::open(path)?))
    }
}

impl<R: Read> Reader<R> {
    /// Validate the 7-byte header and prepare to read records.
    pub fn new(src: R) -> CoreResult<Self> {
        let mut r = Reader {
            src,
            block: Vec::with_capacity(BLOCK_SIZE),
            block_start: 0,
            pos: 0,
            eof: false,
            partial: Vec::new(),
            partial_start: None,
            partial_bytes: 0,
            skipped: 0,
        };
        r.fill_block()?;
        if r.block.len() < FILE_HEADER.len() {
            return Err(CoreError::TxLog("not a W&B transaction log: file shorter than its header".into()));
        }
        let head = &r.block[..FILE_HEADER.len()];
        if head[..4] != FILE_HEADER[..4] {
            return Err(CoreError::TxLog("not a W&B transaction log: bad ident (want ':W&B')".into()));
        }
        if head[4..6] != FILE_HEADER[4..6] {
            return Err(CoreError::TxLog("not a W&B transaction log: bad magic (want 0xBEE1)".into()));
        }
        if head[6] != FILE_HEADER[6] {
            return Err(CoreError::TxLog(format!("unsupported W&B transaction log version {} (want 0)", head[6])));
        }
        r.pos = FILE_HEADER.len();
        Ok(r)
    }

    /// Bytes skipped so far because they were corrupt, torn or part of an incomplete record.
    pub fn skipped_bytes(&self) -> u64 {
        self.skipped
    }

    fn fill_block(&mut self) -> io::Result<()> {
        self.block_start += self.block.len() as u64;
        self.block.clear();
        self.pos = 0;
        let mut buf = [0u8; 8192];
        while self.block.len() < BLOCK_SIZE {
            let want = (BLOCK_SIZE - self.block.len()).min(buf.len());
            match self.src.read(&mut buf[..want]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.block.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn drop_partial(&mut self) {
        if self.partial_start.take().is_some() {
            self.skipped += self.partial_bytes;
        }
        self.partial.clear();
        self.partial_bytes = 0;
    }

    /// Skip the rest of the current block as corrupt.
    fn skip_block_rest(&mut self) {
        self.skipped += (self.block.len() - self.pos) as u64;
        self.pos = self.block.len();
        self.drop_partial();
    }

    /// The next intact record as (file offset of its first chunk, payload), or `None` at EOF.
    pub fn next_record(&mut self) -> io::Result<Option<(u64, Vec<u8>)>> {
        loop {
            let rest = self.block.len() - self.pos;
            if rest < CHUNK_HEADER {
                if self.block.len() < BLOCK_SIZE || self.eof {
                    // A short block is the last one: a torn tail (or nothing) remains.
                    if rest > 0 && self.block[self.pos..].iter().any(|b| *b != 0) || self.partial_start.is_some() {
                        self.skipped += rest as u64;
                    }
                    self.pos = self.block.len();
                    self.drop_partial();
                    return Ok(None);
                }
                self.fill_block()?;
                continue;
            }
            let at = self.pos;
            let h = &self.block[at..at + CHUNK_HEADER];
            let crc = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
            let len = u16::from_le_bytes([h[4], h[5]]) as usize;
            let kind = h[6];
            if crc == 0 && len == 0 && kind == 0 {
                // Zero padding to the end of the block.
                if self.block[at..].iter().any(|b| *b != 0) {
                    self.skip_block_rest();
                } else {
                    self.pos = self.block.len();
                }
                continue;
            }
            if at + CHUNK_HEADER + len > self.block.len() || !(FULL..=LAST).contains(&kind) {
                self.skip_block_rest();
                continue;
            }
            let data_range = at + CHUNK_HEADER..at + CHUNK_HEADER + len;
            if chunk_crc(kind, &self.block[data_range.clone()]) != crc {
                self.skip_block_rest();
                continue;
            }
            self.pos = data_range.end;
            let chunk_bytes = (CHUNK_HEADER + len) as u64;
            let offset = self.block_start + at as u64;
            match kind {
                FULL => {
                    self.drop_partial();
                    return Ok(Some((offset, self.block[data_range].to_vec())));
                }
                FIRST => {
                    self.drop_partial();
                    self.partial_start = Some(offset);
                    self.partial.extend_from_slice(&self.block[data_range]);
                    self.partial_bytes = chunk_bytes;
                }
                MIDDLE | LAST if self.partial_start.is_none() => {
                    self.skipped += chunk_bytes;
                }
                MIDDLE => {
                    self.partial.extend_from_slice(&self.block[data_range]);
                    self.partial_bytes += chunk_bytes;
                }
                _ => {
                    self.partial.extend_from_slice(&self.block[data_range]);
                    let start = self.partial_start.take().unwrap_or(offset);
                    self.partial_bytes = 0;
                    return Ok(Some((start, std::mem::take(&mut self.partial))));
                }
            }
        }
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = io::Result<(u64, Vec<u8>)>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_record().transpose()
    }
}
