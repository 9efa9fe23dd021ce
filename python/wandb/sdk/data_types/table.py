"""``wandb.Table``: tabular data (scalars, arrays, media) logged to runs and artifacts.

Also ``JoinedTable`` and ``PartitionedTable``. Rows are checked against per-column types
(``_dtypes``) a column at a time (``table_columns``); cells become JSON a column at a time
(``table_json``). Logging a table with ``run.log`` writes ``media/table/<key>_<step>_<hash>.table.json``
and a ``run_table`` artifact (``table_logging``).
"""

from __future__ import annotations

import hashlib
import logging
import os
from typing import Any, Dict, List, Literal, Optional

from . import _dtypes
from . import table_columns as _cols
from . import table_json as _tj
from ._private import MEDIA_TMP
from .base_types.media import Media, _is_artifact
from .base_types.wb_value import WBValue
from .table_decorators import (
    allow_incremental_logging_after_append,
    allow_relogging_after_mutation,
    ensure_not_incremental,
)
from .table_keys import (  # noqa: F401  (re-exported names wandb has here)
    _ForeignIndexType,
    _ForeignKeyType,
    _PrimaryKeyType,
    _TableIndex,
    _TableKey,
    _TableLinkMixin,
)
from .table_logging import _get_data_from_increments, _log_table_artifact  # noqa: F401

_SUPPORTED_LOGGING_MODES = ["IMMUTABLE", "MUTABLE", "INCREMENTAL"]

logger = logging.getLogger("wandb")


class TableArgumentError(ValueError, AssertionError):
    """A bad argument to ``wandb.Table`` (also an ``AssertionError``, as wandb raised before)."""


def _is_ndarray(obj: Any) -> bool:
    import sys

    np = sys.modules.get("numpy")
    return np is not None and isinstance(obj, np.ndarray)


def _is_dataframe(obj: Any) -> bool:
    import sys

    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, pd.DataFrame)


def _check_columns(columns: Any) -> None:
    if not isinstance(columns, list):
        raise TableArgumentError(f"columns argument expects a `list` object, got {type(columns).__name__}")
    for col in columns:
        if type(col) not in (str, int):
            raise TableArgumentError(
                f"columns argument expects list of strings or ints, got {col!r} ({type(col).__name__})"
            )


def _raise_on_row_limit() -> bool:
    import wandb

    run = getattr(wandb, "run", None)
    if run is None:
        return False
    settings = getattr(run, "settings", None) or getattr(run, "_settings", None)
    if settings is None:
        return False
    return bool(getattr(settings, "table_raise_on_max_row_limit_exceeded", False)
                or getattr(settings, "strict", False))


def _is_run(obj: Any) -> bool:
    try:
        import wandb

        return isinstance(obj, wandb.Run)
    except Exception:  # pragma: no cover
        return hasattr(obj, "dir") and hasattr(obj, "log")


class Table(Media):
    """Tabular data for W&B: scalars, strings, numpy arrays and media (Image, Audio, ...) in cells.

    Args:
        columns: column names (default ``["Input", "Output", "Expected"]``).
        data: rows (a list of lists, a 2-D numpy array or a pandas DataFrame).
        rows: legacy alias of ``data``.
        dataframe: a pandas DataFrame; its columns replace ``columns``.
        dtype: a type for all columns, or a list with one per column.
        optional: whether None is allowed (one bool, or a list with one per column).
        allow_mixed_types: allow different value types in one column.
        log_mode: ``"IMMUTABLE"`` (default; logged once), ``"MUTABLE"`` (re-logged after changes)
            or ``"INCREMENTAL"`` (each log adds the rows appended since the last one).
    """

    MAX_ROWS = 10000
    MAX_ARTIFACT_ROWS = 200000
    _MAX_EMBEDDING_DIMENSIONS = 150
    _log_type = "table"

    def __init__(
        self,
        columns: Optional[List[Any]] = None,
        data: Any = None,
        rows: Any = None,
        dataframe: Any = None,
        dtype: Any = None,
        optional: Any = True,
        allow_mixed_types: bool = False,
        log_mode: Optional[Literal["IMMUTABLE", "MUTABLE", "INCREMENTAL"]] = "IMMUTABLE",
    ) -> None:
        super().__init__()
        self._validate_log_mode(log_mode)
        self.log_mode = log_mode
        if log_mode == "INCREMENTAL":
            self._increment_num: Optional[int] = None
            self._last_logged_idx: Optional[int] = None
            self._previous_increments_paths: Optional[List[str]] = None
            self._run_target_for_increments: Any = None
        self._pk_col: Any = None
        self._fk_cols: set = set()
        if allow_mixed_types:
            dtype = _dtypes.AnyType
        if columns is None:
            columns = ["Input", "Output", "Expected"]

        if dataframe is not None:
            self._init_from_dataframe(dataframe, columns, optional, dtype)
        elif data is not None:
            if _is_ndarray(data):
                self._init_from_ndarray(data, columns, optional, dtype)
            elif _is_dataframe(data):
                self._init_from_dataframe(data, columns, optional, dtype)
            else:
                self._init_from_list(data, columns, optional, dtype)
        elif rows is not None:
            self._init_from_list(rows, columns, optional, dtype)
        else:
            self._init_from_list([], columns, optional, dtype)

    # ------------------------------------------------------------------ construction

    @staticmethod
    def _validate_log_mode(log_mode: Any) -> None:
        if log_mode not in _SUPPORTED_LOGGING_MODES:
            raise TableArgumentError(f"Invalid log_mode: {log_mode}. Must be one of {_SUPPORTED_LOGGING_MODES}")

    @staticmethod
    def _assert_valid_columns(columns: Any) -> None:
        _check_columns(columns)

    def _init_from_list(self, data: Any, columns: List[Any], optional: Any = True, dtype: Any = None) -> None:
        if not isinstance(data, list):
            raise TableArgumentError(f"data argument expects a `list` object, got {type(data).__name__}")
        self.data: List[List[Any]] = []
        _check_columns(columns)
        self.columns = columns
        self._make_column_types(dtype, optional)
        self._add_rows(data)

    def _init_from_ndarray(self, ndarray: Any, columns: List[Any], optional: Any = True, dtype: Any = None) -> None:
        if not _is_ndarray(ndarray):
            raise TableArgumentError("ndarray argument expects a `numpy.ndarray` object")
        self.data = []
        _check_columns(columns)
        self.columns = columns
        self._make_column_types(dtype, optional)
        self._add_rows([list(r) for r in ndarray])

    def _init_from_dataframe(self, dataframe: Any, columns: Any, optional: Any = True, dtype: Any = None) -> None:
        if not _is_dataframe(dataframe):
            raise TableArgumentError("dataframe argument expects a `pandas.core.frame.DataFrame` object")
        self.data = []
        columns = list(dataframe.columns)
        _check_columns(columns)
        self.columns = columns
        self._make_column_types(dtype, optional)
        if not columns:
            self._add_rows([[] for _ in range(len(dataframe))])
            return
        col_values = [list(dataframe[c].values) for c in columns]
        self._add_rows([list(r) for r in zip(*col_values)], checked_lengths=True)

    def _make_column_types(self, dtype: Any = None, optional: Any = True) -> None:
        if dtype is None:
            dtype = _dtypes.UnknownType()
        ncols = len(self.columns)
        if optional.__class__ is not list:
            optional = [optional] * ncols
        if dtype.__class__ is not list:
            dtype = [dtype] * ncols
        self._column_types = _dtypes.TypedDictType({})
        for col_name, opt, dt in zip(self.columns, optional, dtype):
            self.cast(col_name, dt, opt)

    # ------------------------------------------------------------------ rows

    def _add_rows(self, rows: List[Any], checked_lengths: bool = False) -> None:
        """Append many rows at once (types checked a column at a time)."""
        if not rows:
            return
        ncols = len(self.columns)
        new_rows: List[List[Any]] = []
        for r in rows:
            row = r if r.__class__ is list and checked_lengths else list(r)
            if len(row) != ncols:
                raise ValueError(f"This table expects {ncols} columns: {self.columns}, found {len(row)}")
            new_rows.append(row)
        type_map = self._column_types.params["type_map"]
        columns = list(zip(*new_rows)) if ncols else []
        classes_per_col = [set(map(type, col)) for col in columns]
        if any(issubclass(cls, _TableLinkMixin) for classes in classes_per_col for cls in classes) or \
                self._pk_col is not None or self._fk_cols:
            for row in new_rows:  # keys need wandb's row-by-row wrapping
                self.add_data(*row)
            return
        updated: Dict[Any, _dtypes.Type] = {}
        for ndx, name in enumerate(self.columns):
            try:
                updated[name] = _cols.assign_column(type_map[name], columns[ndx], classes_per_col[ndx])
            except _cols.ColumnTypeError:
                # replay row by row: the same error (and message) wandb gives for the first bad row
                for row in new_rows:
                    self.add_data(*row)
                raise AssertionError("unreachable: a bad row was not found")  # pragma: no cover
        type_map.update(updated)
        self.data.extend(new_rows)

    @allow_relogging_after_mutation
    def add_row(self, *row: Any) -> None:
        """Deprecated. Use ``Table.add_data`` instead."""
        logging.warning("add_row is deprecated, use add_data")
        self.add_data(*row)

    @allow_relogging_after_mutation
    @allow_incremental_logging_after_append
    def add_data(self, *data: Any) -> None:
        """Append one row (one value per column).

        The most rows a table can log to an artifact is ``wandb.Table.MAX_ARTIFACT_ROWS``.
        """
        if len(data) != len(self.columns):
            raise ValueError(f"This table expects {len(self.columns)} columns: {self.columns}, found {len(data)}")
        casted = False
        for ndx, item in enumerate(data):
            if isinstance(item, _TableLinkMixin):
                self.cast(self.columns[ndx], _dtypes.TypeRegistry.type_of(item), optional=False)
                casted = True
        type_map = self._column_types.params["type_map"]
        accept = self.__dict__.get("_accept_cache")
        if accept is None or len(accept) != len(self.columns):
            accept = self._accept_cache = [None] * len(self.columns)
        updated = {}
        for ndx, name in enumerate(self.columns):
            v = data[ndx]
            typ = type_map[name]
            entry = accept[ndx]
            if entry is None or entry[0] is not typ:
                entry = accept[ndx] = (typ, _cols.accepted_classes(typ))
            cls = v.__class__
            if cls in entry[1] and not (cls is str and v.startswith("wandb-artifact://")):
                continue  # the column type stays as it is
            try:
                updated[name] = _cols.assign_column(typ, [v], {cls})
            except _cols.ColumnTypeError:
                row_dict = {c: data[i] for i, c in enumerate(self.columns)}
                raise TypeError(
                    f"Data row contained incompatible types:\n{self._column_types.explain(row_dict)}"
                ) from None
        if updated:
            type_map.update(updated)
        self.data.append(list(data))
        if casted or self._pk_col is not None or self._fk_cols:
            self._update_keys(force_last=True)

    def _get_updated_result_type(self, row: Any) -> _dtypes.Type:
        """The table's typed dict after adding ``row`` (raises ``TypeError`` when not allowed)."""
        row_dict = {c: row[i] for i, c in enumerate(self.columns)}
        result = self._column_types.assign(row_dict)
        if isinstance(result, _dtypes.InvalidType):
            raise TypeError(f"Data row contained incompatible types:\n{self._column_types.explain(row_dict)}")
        return result

    # ------------------------------------------------------------------ types

    @allow_relogging_after_mutation
    def cast(self, col_name: Any, dtype: Any, optional: bool = False) -> _dtypes.Type:
        """Cast a column to a type.

        Args:
            col_name: the column to cast.
            dtype: a Python class, a ``_dtypes.Type`` or an example object (e.g. a ``wandb.Image``).
            optional: whether the column allows None.
        """
        if col_name not in self.columns:
            raise TableArgumentError(f"col_name {col_name!r} is not a column of this table ({self.columns})")
        wbtype = _dtypes.TypeRegistry.type_from_dtype(dtype)
        if optional:
            wbtype = _dtypes.OptionalType(wbtype)
        ndx = self.columns.index(col_name)
        values = [row[ndx] for row in self.data]
        try:
            wbtype = _cols.assign_column(wbtype, values)
        except _cols.ColumnTypeError as e:
            bad = values[e.row_index]
            raise TypeError(
                f"Existing data {bad}, of type {_dtypes.TypeRegistry.type_of(bad)} cannot be cast to {wbtype}"
            ) from None
        is_key = isinstance(wbtype, (_PrimaryKeyType, _ForeignKeyType, _ForeignIndexType))
        if is_key and optional:
            raise TableArgumentError("Primary keys, foreign keys, and foreign indexes cannot be optional.")
        if isinstance(wbtype, (_ForeignKeyType, _ForeignIndexType)) and wbtype.params["table"] is self:
            raise AssertionError("Cannot set a foreign table reference to same table.")
        if isinstance(wbtype, _PrimaryKeyType) and self._pk_col is not None:
            raise AssertionError(
                f"Cannot have multiple primary keys - {self._pk_col} is already set as the primary key."
            )
        self._column_types.params["type_map"][col_name] = wbtype
        self._update_keys()
        return wbtype

    @allow_relogging_after_mutation
    def set_pk(self, col_name: Any) -> None:
        """Make ``col_name`` the primary key of the table."""
        if col_name not in self.columns:
            raise TableArgumentError(f"col_name {col_name!r} is not a column of this table")
        self.cast(col_name, _PrimaryKeyType())

    @allow_relogging_after_mutation
    def set_fk(self, col_name: Any, table: "Table", table_col: Any) -> None:
        """Make ``col_name`` a foreign key to ``table_col`` of ``table``."""
        if col_name not in self.columns or col_name == self._pk_col:
            raise TableArgumentError(f"col_name {col_name!r} must be a non-primary-key column of this table")
        self.cast(col_name, _ForeignKeyType(table, table_col))

    def _update_keys(self, force_last: bool = False) -> None:
        """Track key columns from the column types and wrap their cells in key classes."""
        pk_col = None
        fk_cols = set()
        type_map = self._column_types.params["type_map"]
        for name, typ in type_map.items():
            if isinstance(typ, _PrimaryKeyType):
                pk_col = name
            elif isinstance(typ, (_ForeignKeyType, _ForeignIndexType)):
                fk_cols.add(name)
        changed = pk_col != self._pk_col or fk_cols != self._fk_cols
        if changed:
            if pk_col is None and self._pk_col is not None:
                raise AssertionError(f"Cannot unset primary key (column {self._pk_col})")
            if self._fk_cols - fk_cols:
                raise AssertionError(f"Cannot unset foreign key. Attempted to unset ({self._fk_cols - fk_cols})")
            self._pk_col = pk_col
            self._fk_cols = fk_cols
        if changed or force_last:
            self._apply_key_updates(only_last=not changed)

    def _apply_key_updates(self, only_last: bool = False) -> None:
        if self._pk_col is None and not self._fk_cols:
            return
        type_map = self._column_types.params["type_map"]

        def wrap(row: List[Any]) -> None:
            for fk in self._fk_cols:
                ndx = self.columns.index(fk)
                typ = type_map[fk]
                if isinstance(typ, _ForeignKeyType) and not isinstance(row[ndx], _TableKey):
                    row[ndx] = _TableKey(row[ndx])
                    row[ndx].set_table(typ.params["table"], typ.params["col_name"])
                elif isinstance(typ, _ForeignIndexType) and not isinstance(row[ndx], _TableIndex):
                    row[ndx] = _TableIndex(row[ndx])
                    row[ndx].set_table(typ.params["table"])
            if self._pk_col is not None:
                ndx = self.columns.index(self._pk_col)
                row[ndx] = _TableKey(row[ndx])
                row[ndx].set_table(self, self._pk_col)

        if only_last:
            if self.data:
                wrap(self.data[-1])
        else:
            for row in self.data:
                wrap(row)

    # ------------------------------------------------------------------ columns

    @ensure_not_incremental
    @allow_relogging_after_mutation
    def add_column(self, name: Any, data: Any, optional: bool = False) -> None:
        """Add a column.

        Args:
            name: the new column's (unique) name.
            data: the column's values (a list or numpy array, one per row).
            optional: whether None values are allowed.
        """
        if not isinstance(name, str) or name in self.columns:
            raise TableArgumentError(f"name must be a new column name (str), got {name!r}")
        is_np = _is_ndarray(data)
        if not (isinstance(data, list) or is_np):
            raise TableArgumentError(f"data must be a list or numpy array, got {type(data).__name__}")
        if not isinstance(optional, bool):
            raise TableArgumentError("optional must be a bool")
        first = len(self.columns) == 0
        if not first and len(data) != len(self.data):
            raise TableArgumentError(f"Expected length {len(self.data)}, found {len(data)}")
        values = list(data)
        if first:
            self.data = [[v] for v in values]
        else:
            for row, v in zip(self.data, values):
                row.append(v)
        self.columns.append(name)
        try:
            self.cast(name, _dtypes.UnknownType(), optional=optional)
        except TypeError:
            if first:
                self.data = []
                self.columns = []
            else:
                for row in self.data:
                    del row[-1]
                self.columns = self.columns[:-1]
            raise

    def get_column(self, name: Any, convert_to: Optional[str] = None) -> Any:
        """A column's values.

        Args:
            name: the column name.
            convert_to: ``"numpy"`` for a numpy array (media cells become their data arrays).
        """
        if name not in self.columns:
            raise TableArgumentError(f"name {name!r} is not a column of this table ({self.columns})")
        if convert_to not in (None, "numpy"):
            raise TableArgumentError(f'convert_to must be None or "numpy", got {convert_to!r}')
        ndx = self.columns.index(name)
        col = [row[ndx] for row in self.data]
        if convert_to is None:
            return col
        try:
            import numpy as np
        except ImportError as e:  # pragma: no cover
            raise ImportError("Converting to NumPy requires installing NumPy") from e
        col = [v.to_data_array() if isinstance(v, WBValue) else v for v in col]
        return np.array(col)

    def get_index(self) -> List[_TableIndex]:
        """Row indexes, usable in other tables to link to this one's rows."""
        out = []
        for ndx in range(len(self.data)):
            idx = _TableIndex(ndx)
            idx.set_table(self)
            out.append(idx)
        return out

    def index_ref(self, index: int) -> _TableIndex:
        """A reference to row ``index`` of this table."""
        if index >= len(self.data):
            raise IndexError(f"index {index} out of range for a table of {len(self.data)} rows")
        ref = _TableIndex(index)
        ref.set_table(self)
        return ref

    def iterrows(self) -> Any:
        """Yield ``(index, row)`` for each row; the index links to this table when used in another."""
        for ndx, row in enumerate(self.data):
            idx = _TableIndex(ndx)
            idx.set_table(self)
            yield idx, row

    def get_dataframe(self) -> Any:
        """The table as a ``pandas.DataFrame``."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("Converting to pandas.DataFrame requires installing pandas") from e
        return pd.DataFrame.from_records(self.data, columns=self.columns)

    @ensure_not_incremental
    @allow_relogging_after_mutation
    def add_computed_columns(self, fn: Any) -> None:
        """Add columns computed from each row.

        Args:
            fn: called as ``fn(ndx, row)`` with the row index and a ``{column: value}`` dict;
                returns a dict of new column values for that row, keyed by new column name.
        """
        new_columns: Dict[Any, List[Any]] = {}
        for ndx, row in self.iterrows():
            out = fn(ndx, {c: row[i] for i, c in enumerate(self.columns)})
            if not isinstance(out, dict):
                raise TypeError(f"fn must return a dict of new column values, got {type(out).__name__}")
            for k, v in out.items():
                new_columns.setdefault(k, []).append(v)
        for k, values in new_columns.items():
            self.add_column(k, values)

    # ------------------------------------------------------------------ equality

    def _eq_debug(self, other: Any, should_assert: bool = False) -> bool:
        def check(ok: bool, msg: str) -> bool:
            if should_assert and not ok:
                raise AssertionError(msg)
            return ok

        if not check(isinstance(other, Table), f"Found type {other.__class__}, expected {Table}"):
            return False
        if not check(len(self.data) == len(other.data), f"Found {len(other.data)} rows, expected {len(self.data)}"):
            return False
        if not check(self.columns == other.columns, f"Found columns {other.columns}, expected {self.columns}"):
            return False
        if not check(self._column_types == other._column_types,
                     f"Found column type {other._column_types}, expected column type {self._column_types}"):
            return False
        for r, (mine, theirs) in enumerate(zip(self.data, other.data)):
            for c, (a, b) in enumerate(zip(mine, theirs)):
                eq = a == b
                if _is_ndarray(eq):
                    eq = bool(eq.all())
                if not check(bool(eq), f"Unequal data at row_ndx {r} col_ndx {c}: found {b}, expected {a}"):
                    return False
        return True

    def __eq__(self, other: object) -> bool:
        return self._eq_debug(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = Media.__hash__

    # ------------------------------------------------------------------ logging

    def _rows_for_json(self, max_rows: Optional[int] = None, warn: bool = True) -> List[List[Any]]:
        if max_rows is None:
            max_rows = Table.MAX_ROWS
        n_rows = len(self.data)
        if n_rows > max_rows and warn:
            if _raise_on_row_limit():
                raise ValueError(
                    f"Table row limit exceeded: table has {n_rows} rows, limit is {max_rows}. "
                    "To increase the maximum number of allowed rows in a wandb.Table, override "
                    "the limit with `wandb.Table.MAX_ARTIFACT_ROWS = X` and try again. Note: "
                    "this may cause slower queries in the W&B UI."
                )
            logging.warning(f"Truncating wandb.Table object to {max_rows} rows.")
        if self.log_mode == "INCREMENTAL" and self._last_logged_idx is not None:
            start = self._last_logged_idx + 1
            return self.data[start:start + max_rows]
        return self.data[:max_rows]

    def _to_table_json(self, max_rows: Optional[int] = None, warn: bool = True) -> dict:
        """``{"columns": ..., "data": ...}`` (rows limited to ``max_rows``; an incremental table's
        rows since its last log)."""
        return {"columns": self.columns, "data": self._rows_for_json(max_rows, warn)}

    def bind_to_run(self, *args: Any, **kwargs: Any) -> None:
        """Write the run file ``media/table/<key>_<step>_<hash>.table.json`` and bind to the run."""
        rows = self._rows_for_json(warn=False)
        text = _tj.run_file_text(self.columns, rows).encode("utf-8")
        from wandb.sdk.lib import runid

        tmp_path = os.path.join(MEDIA_TMP.name, runid.generate_id() + ".table.json")
        with open(tmp_path, "wb") as f:
            f.write(text)
        self._set_file(tmp_path, is_tmp=True, extension=".table.json",
                       sha256=hashlib.sha256(text).hexdigest(), size=len(text))
        super().bind_to_run(*args, **kwargs)

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "table")

    def to_json(self, run_or_artifact: Any) -> dict:
        """Descriptor for a run (``table-file``) or the full table JSON for an artifact."""
        json_dict = super().to_json(run_or_artifact)
        if self.log_mode == "INCREMENTAL":
            if self._previous_increments_paths is None:
                self._previous_increments_paths = []
            if self._increment_num is None:
                self._increment_num = 0
            json_dict.update({
                "increment_num": self._increment_num,
                "previous_increments_paths": self._previous_increments_paths,
            })
        if _is_artifact(run_or_artifact):
            json_dict.update(self._artifact_json(run_or_artifact))
        elif _is_run(run_or_artifact):
            json_dict.update({
                "_type": "incremental-table-file" if self.log_mode == "INCREMENTAL" else "table-file",
                "ncols": len(self.columns),
                "nrows": len(self.data),
                "log_mode": self.log_mode,
            })
        else:
            raise TypeError("to_json accepts wandb_run.Run or wandb_artifact.Artifact")
        return json_dict

    def _ndarray_column_type(self, col_name: Any) -> Optional[_dtypes.NDArrayType]:
        typ = self._column_types.params["type_map"][col_name]
        if isinstance(typ, _dtypes.NDArrayType):
            return typ
        found = None
        if isinstance(typ, _dtypes.UnionType):
            for member in typ.params["allowed_types"]:
                if isinstance(member, _dtypes.NDArrayType):
                    found = member
        return found

    def _artifact_json(self, artifact: Any) -> dict:
        rows = self._rows_for_json(Table.MAX_ARTIFACT_ROWS)
        npz_cols: Dict[int, Any] = {}
        type_map = self._column_types.params["type_map"]
        for ndx, col_name in enumerate(self.columns):
            nd = self._ndarray_column_type(col_name)
            if nd is None:
                continue
            shape = nd.params.get("shape")
            if isinstance(shape, list) and len(shape) == 1 and shape[0] <= self._MAX_EMBEDDING_DIMENSIONS:
                # short 1-D arrays (embeddings) stay inline as lists of numbers
                type_map[col_name] = _dtypes.ListType(_dtypes.NumberType, shape[0])
                continue
            import numpy as np
            from wandb.sdk.lib import runid

            file_name = f"{col_name}_{runid.generate_id()}.npz"
            npz_path = os.path.join(MEDIA_TMP.name, file_name)
            np.savez_compressed(npz_path, **{str(col_name): self.get_column(col_name, convert_to="numpy")})
            entry = artifact.add_file(npz_path, "media/serialized_data/" + file_name, is_tmp=True)
            nd._set_serialization_path(entry.path, str(col_name))
            npz_cols[ndx] = nd
        data = _tj.artifact_rows(rows, len(self.columns), artifact, npz_cols)
        return {
            "_type": Table._log_type,
            "columns": self.columns,
            "data": data,
            "ncols": len(self.columns),
            "nrows": len(data),
            "column_types": self._column_types.to_json(artifact),
            "log_mode": self.log_mode,
        }

    # ------------------------------------------------------------------ incremental

    def _set_incremental_table_run_target(self, run: Any) -> None:
        """An incremental table can only be logged to one run."""
        if self._run_target_for_increments is None:
            self._run_target_for_increments = run
        elif self._run_target_for_increments is not run:
            raise AssertionError("An incremental Table can only be logged to one Run.")

    def _load_incremental_table_state_from_resumed_run(self, run: Any, key: str) -> None:
        """Continue the increments a resumed run logged under ``key`` before."""
        if self._previous_increments_paths is not None or self._increment_num is not None:
            raise AssertionError("The table has been initialized for a resumed run already")
        self._set_incremental_table_run_target(run)
        prev = run.summary.get(key)
        if not isinstance(prev, dict) or prev.get("_type") != "incremental-table-file":
            return
        paths = list(prev.get("previous_increments_paths", []) or [])
        if prev.get("artifact_path"):
            paths.append(prev["artifact_path"])
        self._increment_num = int(prev.get("increment_num", 0)) + 1
        self._previous_increments_paths = paths

    # ------------------------------------------------------------------ reading back

    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "Table":
        """Rebuild a table from its artifact JSON."""
        from .table_logging import _process_table_row

        column_types = None
        npz_columns: Dict[int, Any] = {}
        timestamp_cols: set = set()
        log_mode = json_obj.get("log_mode", "IMMUTABLE")
        columns = json_obj["columns"]
        if json_obj.get("column_types") is not None:
            column_types = _dtypes.TypeRegistry.type_from_dict(json_obj["column_types"], source_artifact)
            for col_name, col_type in column_types.params["type_map"].items():
                nd = None
                if isinstance(col_type, _dtypes.NDArrayType):
                    nd = col_type
                elif isinstance(col_type, _dtypes.UnionType):
                    for member in col_type.params["allowed_types"]:
                        if isinstance(member, _dtypes.NDArrayType):
                            nd = member
                        elif isinstance(member, _dtypes.TimestampType):
                            timestamp_cols.add(columns.index(col_name))
                elif isinstance(col_type, _dtypes.TimestampType):
                    timestamp_cols.add(columns.index(col_name))
                if nd is not None and nd._get_serialization_path() is not None:
                    spath = nd._get_serialization_path()
                    import numpy as np

                    loaded = np.load(source_artifact.get_entry(spath["path"]).download())
                    npz_columns[columns.index(col_name)] = loaded[spath["key"]]
                    nd._clear_serialization_path()
        if log_mode == "INCREMENTAL":
            raw = _get_data_from_increments(json_obj, source_artifact)
        else:
            raw = json_obj["data"]
        data = [_process_table_row(row, timestamp_cols, npz_columns, source_artifact, i)
                for i, row in enumerate(raw)]
        dtypes = None
        if column_types is not None:
            dtypes = [column_types.params["type_map"][str(c)] for c in columns]
        table = cls(columns=columns, data=data, dtype=dtypes, log_mode=log_mode)
        if column_types is not None:
            table._column_types = column_types
        table._update_keys()
        return table


from .table_composite import JoinedTable, PartitionedTable, _PartitionTablePartEntry  # noqa: E402,F401


class _TableType(_dtypes.Type):
    name = "table"
    legacy_names = ["wandb.Table"]
    types = [Table]

    def __init__(self, column_types: Any = None) -> None:
        if column_types is None:
            column_types = _dtypes.UnknownType()
        if isinstance(column_types, dict):
            column_types = _dtypes.TypedDictType(column_types)
        elif not isinstance(column_types, (_dtypes.TypedDictType, _dtypes.UnknownType)):
            raise TypeError("column_types must be a dict or TypedDictType")
        self.params["column_types"] = column_types

    def assign_type(self, wb_type: Any = None) -> _dtypes.Type:
        if isinstance(wb_type, _TableType):
            merged = self.params["column_types"].assign_type(wb_type.params["column_types"])
            if not isinstance(merged, _dtypes.InvalidType):
                return _TableType(merged)
        return _dtypes.InvalidType()

    @classmethod
    def from_obj(cls, py_obj: Any = None) -> "_TableType":
        if not isinstance(py_obj, Table):
            raise TypeError("py_obj must be a wandb.Table")
        return cls(py_obj._column_types)


class _JoinedTableType(_dtypes.Type):
    name = "joined-table"
    types = [JoinedTable]


class _PartitionedTableType(_dtypes.Type):
    name = "partitioned-table"
    types = [PartitionedTable]


for _t in (_TableType, _JoinedTableType, _PartitionedTableType):
    _dtypes.TypeRegistry.add(_t)
del _t
