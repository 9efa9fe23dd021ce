"""Primary keys, foreign keys and foreign indexes linking ``wandb.Table`` objects."""

from __future__ import annotations

from typing import Any

from . import _dtypes


def _is_table(obj: Any) -> bool:
    return getattr(type(obj), "_log_type", None) == "table"


def _check_artifact(artifact: Any, what: str) -> None:
    if artifact is None:
        raise AssertionError(f"{what} does not support serialization without an artifact")


class _TableLinkMixin:
    _table: Any = None

    def set_table(self, table: Any) -> None:
        self._table = table


class _TableKey(str, _TableLinkMixin):
    """A string cell that is a key of a table column."""

    _col_name: Any = None

    def set_table(self, table: Any, col_name: Any = None) -> None:  # type: ignore[override]
        if col_name not in table.columns:
            raise ValueError(f"col_name {col_name!r} is not a column of the table")
        self._table = table
        self._col_name = col_name


class _TableIndex(int, _TableLinkMixin):
    """An integer cell that is the index of a row of a table."""

    def get_row(self) -> dict:
        """The referenced row as ``{column: value}``."""
        if not self._table:
            return {}
        row = self._table.data[self]
        return {c: row[i] for i, c in enumerate(self._table.columns)}


class _PrimaryKeyType(_dtypes.Type):
    name = "primaryKey"
    legacy_names = ["wandb.TablePrimaryKey"]

    def assign_type(self, wb_type: Any = None) -> _dtypes.Type:
        if isinstance(wb_type, (_dtypes.StringType, _PrimaryKeyType)):
            return self
        return _dtypes.InvalidType()

    @classmethod
    def from_obj(cls, py_obj: Any = None) -> "_PrimaryKeyType":
        if not isinstance(py_obj, _TableKey):
            raise TypeError("py_obj must be a table key")
        return cls()


class _ForeignKeyType(_dtypes.Type):
    name = "foreignKey"
    legacy_names = ["wandb.TableForeignKey"]
    types = [_TableKey]

    def __init__(self, table: Any, col_name: Any) -> None:
        if not _is_table(table):
            raise TypeError("table must be a wandb.Table")
        if not isinstance(col_name, str) or col_name not in table.columns:
            raise ValueError(f"col_name {col_name!r} must name a column of the table")
        self.params.update({"table": table, "col_name": col_name})

    def assign_type(self, wb_type: Any = None) -> _dtypes.Type:
        if isinstance(wb_type, _dtypes.StringType):
            return self
        if (
            isinstance(wb_type, _ForeignKeyType)
            and wb_type.params["table"] is self.params["table"]
            and wb_type.params["col_name"] == self.params["col_name"]
        ):
            return self
        return _dtypes.InvalidType()

    @classmethod
    def from_obj(cls, py_obj: Any = None) -> "_ForeignKeyType":
        if not isinstance(py_obj, _TableKey):
            raise TypeError("py_obj must be a table key")
        return cls(py_obj._table, py_obj._col_name)

    def to_json(self, artifact: Any = None) -> dict:
        _check_artifact(artifact, "_ForeignKeyType")
        res = super().to_json(artifact)
        from wandb.sdk.lib import runid

        entry = artifact.add(self.params["table"], f"media/tables/t_{runid.generate_id()}")
        res["params"]["table"] = entry.path
        return res

    @classmethod
    def from_json(cls, json_dict: dict, artifact: Any = None) -> "_ForeignKeyType":
        if artifact is None:
            raise AssertionError("_ForeignKeyType does not support deserialization without an artifact")
        table = artifact.get(json_dict["params"]["table"])
        if table is None:
            raise AssertionError("Unable to deserialize referenced table")
        return cls(table, json_dict["params"]["col_name"])


class _ForeignIndexType(_dtypes.Type):
    name = "foreignIndex"
    legacy_names = ["wandb.TableForeignIndex"]
    types = [_TableIndex]

    def __init__(self, table: Any) -> None:
        if not _is_table(table):
            raise TypeError("table must be a wandb.Table")
        self.params["table"] = table

    def assign_type(self, wb_type: Any = None) -> _dtypes.Type:
        if isinstance(wb_type, _dtypes.NumberType):
            return self
        if isinstance(wb_type, _ForeignIndexType) and wb_type.params["table"] is self.params["table"]:
            return self
        return _dtypes.InvalidType()

    @classmethod
    def from_obj(cls, py_obj: Any = None) -> "_ForeignIndexType":
        if not isinstance(py_obj, _TableIndex):
            raise TypeError("py_obj must be a table index")
        return cls(py_obj._table)

    def to_json(self, artifact: Any = None) -> dict:
        _check_artifact(artifact, "_ForeignIndexType")
        res = super().to_json(artifact)
        from wandb.sdk.lib import runid

        entry = artifact.add(self.params["table"], f"media/tables/t_{runid.generate_id()}")
        res["params"]["table"] = entry.path
        return res

    @classmethod
    def from_json(cls, json_dict: dict, artifact: Any = None) -> "_ForeignIndexType":
        if artifact is None:
            raise AssertionError("_ForeignIndexType does not support deserialization without an artifact")
        table = artifact.get(json_dict["params"]["table"])
        if table is None:
            raise AssertionError("Unable to deserialize referenced table")
        return cls(table)


for _t in (_ForeignKeyType, _PrimaryKeyType, _ForeignIndexType):
    _dtypes.TypeRegistry.add(_t)
del _t
