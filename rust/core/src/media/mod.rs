//! Media encoding for `wandb.Image` / `wandb.Histogram` (issue 4): PNG encoding of raw pixel
//! buffers and histogram binning. Owner: the media helper.

pub mod histogram;
pub mod png_file;

pub use histogram::{histogram_f64, HistogramError};
pub use png_file::{encode_png, write_png_file, PngError};
