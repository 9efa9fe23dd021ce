"""The one import point of the Rust extension ``wandb._core``.

Everything in the SDK imports the native names from here, so tests can swap the module.
See ``docs/dev/core-api.md`` for the contract.
"""

from __future__ import annotations

from wandb._core import (
    Reader,
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
    "Stream",
    "TxLogError",
    "core_version",
    "decode_record",
    "encode_record",
    "read_records",
    "sync_log",
]
