//! [`Tail`]: reads records from a transaction log that may still be growing.
//!
//! The writer thread appends whole chunks; while it runs, the file may end in the middle
//! of a chunk or of a multi-chunk record. `Tail` only consumes complete records and keeps
//! the offset of the first unconsumed byte, so the next `poll` continues exactly there.
//! Corrupt data (bad checksum, impossible length) drops the rest of its block, as the
//! batch [`crate::txlog::Reader`] does. With `at_end = true` a torn tail is skipped.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use crate::error::{CoreError, CoreResult};
use crate::txlog::{chunk_crc, BLOCK_SIZE, CHUNK_HEADER, FILE_HEADER, FIRST, FULL, LAST, MIDDLE};

/// Most bytes read from the file at a time.
pub const READ_CHUNK: usize = 4 * 1024 * 1024;

/// Incremental reader of a growing transaction log.
pub struct Tail {
    file: File,
    /// Bytes read from the file but not consumed yet; `buf[0]` is at file offset `base`.
    buf: Vec<u8>,
    base: u64,
    /// Offset of the next chunk to parse (>= base).
    pos: u64,
    partial: Vec<u8>,
    in_partial: bool,
    header_ok: bool,
    skipped: u64,
}

impl Tail {
    /// Open `path` for tailing (the header is checked on the first poll that has 7 bytes).
    pub fn open(path: impl AsRef<Path>) -> CoreResult<Tail> {
        Ok(Tail {
            file: File::open(path)?,
            buf: Vec::new(),
            base: 0,
            pos: 0,
            partial: Vec::new(),
            in_partial: false,
            header_ok: false,
            skipped: 0,
        })
    }

    /// Bytes skipped as corrupt or torn.
    pub fn skipped_bytes(&self) -> u64 {
        self.skipped
    }

    /// Append up to [`READ_CHUNK`] more bytes from the file to the buffer.
    fn read_more(&mut self) -> io::Result<usize> {
        let end = self.base + self.buf.len() as u64;
        self.file.seek(SeekFrom::Start(end))?;
        let before = self.buf.len();
        (&mut self.file).take(READ_CHUNK as u64).read_to_end(&mut self.buf)?;
        Ok(self.buf.len() - before)
    }

    fn byte(&self, off: u64) -> u8 {
        self.buf[(off - self.base) as usize]
    }

    fn avail(&self, off: u64) -> u64 {
        (self.base + self.buf.len() as u64).saturating_sub(off)
    }

    /// Drop consumed bytes from the front of the buffer.
    fn compact(&mut self) {
        let keep_from = self.pos;
        let cut = (keep_from - self.base) as usize;
        if cut >= self.buf.len() {
            self.buf.clear();
            self.base = keep_from;
        } else if cut > 0 {
            self.buf.drain(..cut);
            self.base = keep_from;
        }
    }

    /// Pass the payload of every complete record appended since the last call to `f`,
    /// stopping once about `max_bytes` of the file were consumed. Returns true when it
    /// caught up with the file (false: stopped at the budget; call again). With `at_end`
    /// the file is complete: an unfinished tail at its end is counted as skipped.
    pub fn poll(&mut self, at_end: bool, max_bytes: u64, f: &mut dyn FnMut(&[u8])) -> CoreResult<bool> {
        let stop_at = self.pos.saturating_add(max_bytes.max(1));
        loop {
            let got = self.read_more()?;
            let eof = got == 0;
            if !self.header_ok {
                if self.buf.len() < FILE_HEADER.len() {
                    if eof && at_end {
                        return Err(CoreError::TxLog("not a W&B transaction log: file shorter than its header".into()));
                    }
                    if eof {
                        return Ok(true);
                    }
                    continue;
                }
                if self.buf[..FILE_HEADER.len()] != FILE_HEADER {
                    return Err(CoreError::TxLog("not a W&B transaction log: bad header".into()));
                }
                self.header_ok = true;
                self.pos = FILE_HEADER.len() as u64;
            }
            let budget_hit = self.parse(eof && at_end, stop_at, f);
            if budget_hit {
                self.compact();
                return Ok(false);
            }
            if eof {
                if at_end {
                    self.skip_torn_tail();
                }
                self.compact();
                return Ok(true);
            }
            self.compact();
        }
    }

    /// Parse complete chunks in the buffer; returns true when `stop_at` was reached.
    /// `final_eof`: no more bytes will ever come (zeroed headers are padding, not pending).
    fn parse(&mut self, final_eof: bool, stop_at: u64, f: &mut dyn FnMut(&[u8])) -> bool {
        let bs = BLOCK_SIZE as u64;
        loop {
            if self.pos >= stop_at && !self.in_partial {
                return true;
            }
            let block_left = bs - self.pos % bs;
            if block_left < CHUNK_HEADER as u64 {
                // Zero padding at the block tail.
                if self.avail(self.pos) < block_left && !final_eof {
                    return false;
                }
                self.pos += block_left;
                continue;
            }
            if self.avail(self.pos) < CHUNK_HEADER as u64 {
                return false;
            }
            let h = |i: u64| self.byte(self.pos + i);
            let crc = u32::from_le_bytes([h(0), h(1), h(2), h(3)]);
            let len = u16::from_le_bytes([h(4), h(5)]) as u64;
            let kind = h(6);
            if crc == 0 && len == 0 && kind == 0 {
                // Zeroed rest of block (or, in a live file, not written yet).
                if !final_eof && self.avail(self.pos) < block_left {
                    return false;
                }
                self.skip_block_rest(block_left);
                continue;
            }
            if len + CHUNK_HEADER as u64 > block_left || !(FULL..=LAST).contains(&kind) {
                self.skip_block_rest(block_left);
                continue;
            }
            if self.avail(self.pos) < CHUNK_HEADER as u64 + len {
                return false;
            }
            let start = (self.pos - self.base) as usize + CHUNK_HEADER;
            let payload = &self.buf[start..start + len as usize];
            if chunk_crc(kind, payload) != crc {
                self.skip_block_rest(block_left);
                continue;
            }
            self.pos += CHUNK_HEADER as u64 + len;
            match kind {
                FULL => {
                    if self.in_partial {
                        self.skipped += self.partial.len() as u64;
                    }
                    self.partial.clear();
                    self.in_partial = false;
                    f(&self.buf[start..start + len as usize]);
                }
                FIRST => {
                    if self.in_partial {
                        self.skipped += self.partial.len() as u64;
                    }
                    self.partial.clear();
                    self.partial.extend_from_slice(&self.buf[start..start + len as usize]);
                    self.in_partial = true;
                }
                MIDDLE | LAST => {
                    if !self.in_partial {
                        self.skipped += len;
                        continue;
                    }
                    let end = start + len as usize;
                    let (buf, partial) = (&self.buf, &mut self.partial);
                    partial.extend_from_slice(&buf[start..end]);
                    if kind == LAST {
                        let rec = std::mem::take(&mut self.partial);
                        self.in_partial = false;
                        f(&rec);
                    }
                }
                _ => unreachable!(),
            }
        }
    }

    fn skip_torn_tail(&mut self) {
        let rest = self.avail(self.pos);
        if self.in_partial {
            self.skipped += self.partial.len() as u64;
            self.partial.clear();
            self.in_partial = false;
        }
        self.skipped += rest;
        self.pos += rest;
    }

    fn skip_block_rest(&mut self, block_left: u64) {
        let have = self.avail(self.pos).min(block_left);
        self.skipped += have;
        self.pos += block_left;
        if self.in_partial {
            self.skipped += self.partial.len() as u64;
            self.partial.clear();
            self.in_partial = false;
        }
    }
}
