"""``PartitionedTable`` (a table split over files of an artifact) and ``JoinedTable`` (two
tables joined on a key), both shown in the artifact UI; re-exported by ``table.py``."""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any, Dict

from .base_types.media import Media, _is_artifact


def _table_class() -> Any:
    from .table import Table

    return Table


class _PartitionTablePartEntry:
    """One part of a ``PartitionedTable`` (loaded on demand)."""

    def __init__(self, entry: Any, source_artifact: Any) -> None:
        self.entry = entry
        self.source_artifact = source_artifact
        self._part: Any = None

    def get_part(self) -> Any:
        if self._part is None:
            self._part = self.source_artifact.get(self.entry.path)
        return self._part

    def free(self) -> None:
        self._part = None


class PartitionedTable(Media):
    """A table made of the tables in a directory of an artifact.

    Args:
        parts_path: the directory (inside the artifact) holding the parts.
    """

    _log_type = "partitioned-table"

    def __init__(self, parts_path: str) -> None:
        super().__init__()
        if not isinstance(parts_path, str):
            raise ValueError(f"parts_path must be a str, got {type(parts_path).__name__}")
        self.parts_path = parts_path
        self._loaded_part_entries: Dict[str, _PartitionTablePartEntry] = {}

    def to_json(self, artifact_or_run: Any) -> dict:
        json_obj: dict = {"_type": PartitionedTable._log_type}
        if _is_artifact(artifact_or_run):
            json_obj["parts_path"] = self.parts_path
            return json_obj
        url = self._get_artifact_entry_ref_url()
        if url is None:
            raise ValueError("PartitionedTables must first be added to an Artifact before logging to a Run")
        json_obj["artifact_path"] = url
        return json_obj

    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "PartitionedTable":
        table = cls(json_obj["parts_path"])
        for entry in source_artifact.manifest.get_entries_in_directory(json_obj["parts_path"]):
            table._add_part_entry(entry, source_artifact)
        return table

    def iterrows(self) -> Any:
        """Yield ``(index, row)`` over all parts in order."""
        columns = None
        ndx = 0
        for path, part_entry in self._loaded_part_entries.items():
            part = part_entry.get_part()
            if columns is None:
                columns = part.columns
            elif columns != part.columns:
                raise ValueError(f"Table parts have non-matching columns. {columns} != {part.columns}")
            for _, row in part.iterrows():
                yield ndx, row
                ndx += 1
            part_entry.free()

    def _add_part_entry(self, entry: Any, source_artifact: Any) -> None:
        self._loaded_part_entries[entry.path] = _PartitionTablePartEntry(entry, source_artifact)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, self.__class__) and self.parts_path == other.parts_path

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = Media.__hash__

    def bind_to_run(self, *args: Any, **kwargs: Any) -> None:
        raise ValueError("PartitionedTables cannot be bound to runs")


class JoinedTable(Media):
    """Two tables joined on a key, for the artifact UI.

    Args:
        table1: a ``wandb.Table``, a path to a table in an artifact, or an artifact manifest entry.
        table2: the same for the second table.
        join_key: the column to join on, or ``[key_in_table1, key_in_table2]``.
    """

    _log_type = "joined-table"

    def __init__(self, table1: Any, table2: Any, join_key: Any) -> None:
        super().__init__()
        if not isinstance(join_key, str) and not (isinstance(join_key, list) and len(join_key) == 2):
            raise ValueError("JoinedTable join_key should be a string or a list of two strings")
        if not self._validate_table_input(table1):
            raise ValueError("JoinedTable table1 should be an artifact path to a table or wandb.Table object")
        if not self._validate_table_input(table2):
            raise ValueError("JoinedTable table2 should be an artifact path to a table or wandb.Table object")
        self._table1 = table1
        self._table2 = table2
        self._join_key = join_key

    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "JoinedTable":
        t1 = source_artifact.get(json_obj["table1"])
        t2 = source_artifact.get(json_obj["table2"])
        return cls(t1 if t1 is not None else json_obj["table1"],
                   t2 if t2 is not None else json_obj["table2"], json_obj["join_key"])

    @staticmethod
    def _validate_table_input(table: Any) -> bool:
        return (
            (isinstance(table, str) and table.endswith(".table.json"))
            or isinstance(table, (_table_class(), PartitionedTable))
            or (hasattr(table, "ref_url") and table.ref_url().endswith(".table.json"))
        )

    def _ensure_table_in_artifact(self, table: Any, artifact: Any, table_ndx: int) -> str:
        if isinstance(table, (_table_class(), PartitionedTable)):
            name = f"t{table_ndx}_{id(self)}"
            src = table._artifact_source
            if src is not None and src.name is not None:
                name = os.path.basename(src.name)
            table = artifact.add(table, name).path
        elif hasattr(table, "ref_url"):
            digest_hex = binascii.hexlify(base64.standard_b64decode(table.digest)).decode("ascii")[:20]
            ext = table.name.split(".")[-2]
            table = artifact.add_reference(table.ref_url(), f"{digest_hex}.{ext}.json")[0].path
        entries = getattr(artifact, "_manifest", None) or getattr(artifact, "manifest", None)
        if entries is not None and table not in entries.entries:
            raise ValueError(
                f"JoinedTable table:{table} not found in artifact. Add a table to the artifact using "
                f"Artifact#add(<table>, {table}) before adding this JoinedTable"
            )
        return table

    def to_json(self, artifact_or_run: Any) -> dict:
        json_obj: dict = {"_type": JoinedTable._log_type}
        if _is_artifact(artifact_or_run):
            json_obj.update({
                "table1": self._ensure_table_in_artifact(self._table1, artifact_or_run, 1),
                "table2": self._ensure_table_in_artifact(self._table2, artifact_or_run, 2),
                "join_key": self._join_key,
            })
            return json_obj
        url = self._get_artifact_entry_ref_url()
        if url is None:
            raise ValueError("JoinedTables must first be added to an Artifact before logging to a Run")
        json_obj["artifact_path"] = url
        return json_obj

    def _eq_debug(self, other: Any, should_assert: bool = False) -> bool:
        ok = isinstance(other, JoinedTable)
        if should_assert and not ok:
            raise AssertionError(f"Found type {other.__class__}, expected {JoinedTable}")
        ok = ok and self._join_key == other._join_key
        if should_assert and not ok:
            raise AssertionError(f"Found {other._join_key} join key, expected {self._join_key}")
        ok = ok and self._table1._eq_debug(other._table1, should_assert)
        ok = ok and self._table2._eq_debug(other._table2, should_assert)
        return ok

    def __eq__(self, other: object) -> bool:
        return self._eq_debug(other, False)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = Media.__hash__

    def bind_to_run(self, *args: Any, **kwargs: Any) -> None:
        raise ValueError("JoinedTables cannot be bound to runs")
