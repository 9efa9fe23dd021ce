"""Tables logged to a run also become artifacts, as in wandb 0.21.3.

- ``IMMUTABLE`` / ``MUTABLE`` tables (and joined / partitioned tables): an artifact
  ``run-<run id>-<key>`` of type ``run_table`` holding ``<key>.table.json``;
- ``INCREMENTAL`` tables: an artifact ``run-<run id>-incr-<key>`` of type
  ``wandb-run-incremental-table`` (incremental), one ``<n>-<epoch ms>.<key>.table.json`` entry per log.

``_log_table_artifact`` is called by the log path (``data_types.utils.val_to_json``) before the
table is bound to the run. When artifacts are not available (the artifact classes cannot be
imported, or ``run.log_artifact`` is not implemented), the table is logged as a plain
``table-file`` without ``artifact_path``.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import re
import time
from base64 import urlsafe_b64encode
from typing import Any, Dict, List, Set, Tuple
from zlib import crc32

logger = logging.getLogger("wandb")

INCREMENTAL_ARTIFACT_TYPE = "wandb-run-incremental-table"


def sanitize_artifact_name(name: str) -> str:
    """Artifact-safe name: characters outside ``[a-zA-Z0-9_.-]`` dropped, plus a short CRC suffix
    when anything was dropped (so different keys keep different names)."""
    cleaned = re.sub(r"[^a-zA-Z0-9_\-.]+", "", name)
    if cleaned == name:
        return name
    crc = crc32(name.encode("utf-8")) & 0xFFFFFFFF
    suffix = urlsafe_b64encode(crc.to_bytes(4, byteorder="big")).rstrip(b"=").decode("ascii")
    return f"{cleaned}-{suffix}"


def _new_internal_artifact(name: str, type_: str, incremental: bool = False) -> Any:
    """An artifact of a reserved type (``run_table``...), as wandb's InternalArtifact makes it."""
    try:
        from wandb.sdk.artifacts._internal_artifact import InternalArtifact  # type: ignore

        return InternalArtifact(name, type_, incremental=incremental)
    except ImportError:
        pass
    from wandb.sdk.artifacts.artifact import Artifact  # ImportError: artifacts not available

    art = Artifact(sanitize_artifact_name(name), "PLACEHOLDER", incremental=incremental)
    art._type = type_
    return art


def _log_table_artifact(val: Any, key: str, run: Any) -> None:
    """Add ``val`` (a table value logged under ``key``) to a new artifact and log it with ``run``."""
    is_incremental = getattr(val, "_log_type", None) == "table" and getattr(val, "log_mode", None) == "INCREMENTAL"
    if is_incremental:
        if (
            getattr(run, "resumed", False)
            and val._previous_increments_paths is None
            and val._increment_num is None
        ):
            val._load_incremental_table_state_from_resumed_run(run, key)
        else:
            val._set_incremental_table_run_target(run)
    try:
        if is_incremental:
            art = _new_internal_artifact(f"run-{run.id}-incr-{key}", INCREMENTAL_ARTIFACT_TYPE, incremental=True)
            entry_name = f"{val._increment_num}-{time.time_ns() // 1_000_000}.{key}"
        else:
            art = _new_internal_artifact(f"run-{run.id}-{key}", "run_table")
            entry_name = key
    except ImportError:
        logger.debug("artifacts not available; logging table %r without a run_table artifact", key)
        return
    try:
        art.add(val, entry_name)
        run.log_artifact(art)
    except NotImplementedError:
        # artifacts are not wired into the run yet: keep plain table logging working
        val._artifact_target = None
        logger.debug("run.log_artifact not available; table %r logged without artifact", key)


def _get_data_from_increments(json_obj: Dict[str, Any], source_artifact: Any) -> List[Any]:
    """All rows of an incremental table, from every increment entry of its artifact, in order."""
    if "latest" not in (getattr(source_artifact, "aliases", None) or []):
        import wandb

        wandb.termwarn(
            "It is recommended to use the latest version of the incremental table artifact for ordering guarantees.",
            repeat=False,
        )
    if json_obj.get("increment_num") is None:
        return []

    def order(name: str) -> Tuple[int, int]:
        try:
            parts = name.split(".")[0].split("-")
            return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
        except (ValueError, IndexError):
            import wandb

            wandb.termwarn(
                f"Could not parse artifact entry for increment {name}. The entry name does not follow the "
                "naming convention <increment_number>-<timestamp>.<key>.table.json The data in the table "
                "will be out of order.",
                repeat=False,
            )
            return 0, 0

    entries = source_artifact.manifest.entries
    names = sorted((n for n in entries if n.endswith(".table.json")), key=order)
    rows: List[Any] = []
    for name in names:
        try:
            with open(entries[name].download()) as f:
                rows.extend(json.load(f)["data"])
        except (json.JSONDecodeError, KeyError) as e:
            import wandb

            raise wandb.Error(f"Invalid table file {name}") from e
    return rows


def _process_table_row(row: List[Any], timestamp_cols: Set[int], npz_columns: Dict[int, Any],
                       source_artifact: Any, row_idx: int) -> List[Any]:
    """Cells of a stored row as Python values: timestamps to datetimes, arrays from the .npz,
    media descriptors to media objects."""
    from .base_types.wb_value import WBValue

    out = []
    for c, item in enumerate(row):
        if c in timestamp_cols and isinstance(item, (int, float)):
            out.append(_dt.datetime.fromtimestamp(item / 1000, tz=_dt.timezone.utc))
        elif c in npz_columns:
            out.append(npz_columns[c][row_idx])
        elif isinstance(item, dict) and "_type" in item:
            obj = WBValue.init_from_json(item, source_artifact)
            out.append(obj if obj else item)
        else:
            out.append(item)
    return out
