//! Media encoding for `wandb.Image` / `wandb.Histogram` (issue 4): PNG encoding of raw pixel
//! buffers and histogram binning. Owner: the media helper.
