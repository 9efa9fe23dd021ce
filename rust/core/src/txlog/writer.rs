//! [`Writer`]: appends framed records to a transaction log.

use std::io::{self, Write};

use super::{chunk_crc, BLOCK_SIZE, CHUNK_HEADER, FILE_HEADER, FIRST, FULL, LAST, MIDDLE};

/// Frames records into blocks and writes them to `W` (usually a `BufWriter<File>`).
pub struct Writer<W: Write> {
    out: W,
    offset: u64,
}

impl<W: Write> Writer<W> {
    /// Write the file header and return a writer positioned after it.
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(&FILE_HEADER)?;
        Ok(Writer { out, offset: FILE_HEADER.len() as u64 })
    }

    /// Append one logical record; returns the file offset where its first chunk starts.
    pub fn append(&mut self, payload: &[u8]) -> io::Result<u64> {
        let mut left = payload;
        let mut begin = true;
        let mut start = None;
        loop {
            let in_block = (self.offset % BLOCK_SIZE as u64) as usize;
            let leftover = BLOCK_SIZE - in_block;
            if leftover < CHUNK_HEADER {
                const ZEROS: [u8; CHUNK_HEADER] = [0; CHUNK_HEADER];
                self.out.write_all(&ZEROS[..leftover])?;
                self.offset += leftover as u64;
                continue;
            }
            let avail = leftover - CHUNK_HEADER;
            let n = left.len().min(avail);
            let end = n == left.len();
            let kind = match (begin, end) {
                (true, true) => FULL,
                (true, false) => FIRST,
                (false, true) => LAST,
                (false, false) => MIDDLE,
            };
            start.get_or_insert(self.offset);
            self.emit(kind, &left[..n])?;
            left = &left[n..];
            begin = false;
            if end {
                return Ok(start.unwrap_or(self.offset));
            }
        }
    }

    fn emit(&mut self, kind: u8, data: &[u8]) -> io::Result<()> {
        let mut head = [0u8; CHUNK_HEADER];
        head[..4].copy_from_slice(&chunk_crc(kind, data).to_le_bytes());
        head[4..6].copy_from_slice(&(data.len() as u16).to_le_bytes());
        head[6] = kind;
        self.out.write_all(&head)?;
        self.out.write_all(data)?;
        self.offset += (CHUNK_HEADER + data.len()) as u64;
        Ok(())
    }

    /// Bytes written so far (the file length once flushed).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Flush buffered bytes to the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The underlying writer.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        &self.out
    }
}
