//! PNG encoding of 8-bit pixel buffers (gray, gray+alpha, RGB, RGBA) with fast compression,
//! plus writing the file and hashing what was written (SHA-256, as media file names need).

use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Write;

/// Why an image could not be encoded or written.
#[derive(Debug)]
pub enum PngError {
    /// Buffer length, size or channel count do not fit together.
    Shape(String),
    /// The encoder failed.
    Encode(String),
    /// Writing the file failed.
    Io(std::io::Error),
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PngError::Shape(m) | PngError::Encode(m) => write!(f, "{m}"),
            PngError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PngError {}

/// PNG bytes of a `height` × `width` × `channels` 8-bit buffer (row-major, interleaved).
///
/// `level`: 0 = fastest (fdeflate), 1 = balanced (zlib level 6, like PIL's default), 2 = best.
pub fn encode_png(pixels: &[u8], width: u32, height: u32, channels: u8, level: u8) -> Result<Vec<u8>, PngError> {
    let color = match channels {
        1 => png::ColorType::Grayscale,
        2 => png::ColorType::GrayscaleAlpha,
        3 => png::ColorType::Rgb,
        4 => png::ColorType::Rgba,
        c => return Err(PngError::Shape(format!("unsupported channel count {c} (expected 1, 2, 3 or 4)"))),
    };
    if width == 0 || height == 0 {
        return Err(PngError::Shape(format!("image size {width}x{height} must be positive")));
    }
    let expected = width as usize * height as usize * channels as usize;
    if pixels.len() != expected {
        return Err(PngError::Shape(format!(
            "pixel buffer has {} bytes, expected {expected} for {width}x{height}x{channels}",
            pixels.len()
        )));
    }
    let mut out = Vec::with_capacity(expected / 2 + 1024);
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(match level {
            0 => png::Compression::Fast,
            1 => png::Compression::Balanced,
            _ => png::Compression::High,
        });
        let mut w = enc.write_header().map_err(|e| PngError::Encode(e.to_string()))?;
        w.write_image_data(pixels).map_err(|e| PngError::Encode(e.to_string()))?;
        w.finish().map_err(|e| PngError::Encode(e.to_string()))?;
    }
    Ok(out)
}

/// Encode, write to `path` (created or truncated) and return `(sha256 hex, size in bytes)`.
pub fn write_png_file(
    path: &str,
    pixels: &[u8],
    width: u32,
    height: u32,
    channels: u8,
    level: u8,
) -> Result<(String, u64), PngError> {
    let bytes = encode_png(pixels, width, height, channels, level)?;
    let digest = Sha256::digest(&bytes);
    let mut f = std::fs::File::create(path).map_err(PngError::Io)?;
    f.write_all(&bytes).map_err(PngError::Io)?;
    Ok((hex::encode(digest), bytes.len() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let dec = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut r = dec.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info, buf)
    }

    #[test]
    fn round_trip_all_channel_counts() {
        for ch in 1..=4u8 {
            let (w, h) = (7u32, 5u32);
            let px: Vec<u8> = (0..(w * h * ch as u32)).map(|i| (i * 37 % 251) as u8).collect();
            for level in 0..3 {
                let bytes = encode_png(&px, w, h, ch, level).unwrap();
                assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
                let (info, out) = decode(&bytes);
                assert_eq!((info.width, info.height), (w, h));
                assert_eq!(out, px);
            }
        }
    }

    #[test]
    fn bad_shapes() {
        assert!(encode_png(&[0; 10], 2, 2, 3, 0).is_err());
        assert!(encode_png(&[0; 10], 2, 2, 5, 0).is_err());
        assert!(encode_png(&[], 0, 2, 3, 0).is_err());
    }

    #[test]
    fn file_hash_matches_bytes() {
        let dir = std::env::temp_dir().join(format!("vireo-png-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.png");
        let px = vec![9u8; 4 * 4 * 3];
        let (sha, size) = write_png_file(p.to_str().unwrap(), &px, 4, 4, 3, 0).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        assert_eq!(size as usize, bytes.len());
        assert_eq!(sha, hex::encode(Sha256::digest(&bytes)));
        std::fs::remove_dir_all(dir).ok();
    }
}
