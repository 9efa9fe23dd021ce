//! The W&B transaction log (`run-<id>.wandb`): LevelDB log framing behind a 7-byte header.
//!
//! Layout (all little-endian): header `:W&B` `E1 BE` `00`; then 32 KiB blocks counted from
//! file offset 0, holding chunks `crc32 u32 | len u16 | type u8 | payload`. The checksum is
//! plain CRC-32/IEEE over the type byte and the payload. Chunk types: FULL, FIRST, MIDDLE,
//! LAST. A block tail shorter than a chunk header is zero-filled.

mod reader;
mod writer;

pub use reader::Reader;
pub use writer::Writer;

/// The 7-byte file header: ident `:W&B`, magic 0xBEE1 (LE), version 0.
pub const FILE_HEADER: [u8; 7] = [b':', b'W', b'&', b'B', 0xE1, 0xBE, 0x00];
/// Block size in bytes.
pub const BLOCK_SIZE: usize = 32 * 1024;
/// Chunk header size in bytes.
pub const CHUNK_HEADER: usize = 7;
/// A whole logical record.
pub const FULL: u8 = 1;
/// First chunk of a split record.
pub const FIRST: u8 = 2;
/// Inner chunk of a split record.
pub const MIDDLE: u8 = 3;
/// Last chunk of a split record.
pub const LAST: u8 = 4;

/// CRC-32/IEEE of the chunk type followed by the payload.
pub fn chunk_crc(kind: u8, payload: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&[kind]);
    h.update(payload);
    h.finalize()
}

#[cfg(test)]
mod tests;
