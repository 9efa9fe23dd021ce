"""The one import point of the Rust extension ``wandb._core``.

Everything in the SDK imports the native names from here, so tests can swap the module.
See ``docs/dev/core-api.md`` for the contract.
"""

from __future__ import annotations

from wandb._core import (
    Reader,
    Sampler,
    copy_file_fast,
    download_files,
    encode_png,
    histogram_f64,
    md5_backend,
    md5_files,
    md5_parts,
    upload_files,
    Stream,
    TxLogError,
    __version__,
    decode_record,
    encode_record,
    read_records,
    sync_log,
)

core_version: str = __version__

__all__ = [
    "Reader",
    "Sampler",
    "copy_file_fast",
    "download_files",
    "encode_png",
    "histogram_f64",
    "md5_backend",
    "md5_files",
    "md5_parts",
    "upload_files",
    "Stream",
    "TxLogError",
    "core_version",
    "decode_record",
    "encode_record",
    "read_records",
    "sync_log",
]
