"""wandb.Table API (no reference client needed): rows, columns, casts, keys, limits, round trips."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

import wandb
from wandb.sdk.data_types import _dtypes
from wandb.sdk.data_types.table import JoinedTable, PartitionedTable, Table


def _types(table: Table) -> dict:
    return {k: v.to_json() for k, v in table._column_types.params["type_map"].items()}


def test_defaults_and_add_data():
    t = Table()
    assert t.columns == ["Input", "Output", "Expected"]
    t.add_data(1, "a", None)
    t.add_row(2, "b", 3.5)
    assert t.data == [[1, "a", None], [2, "b", 3.5]]
    assert _types(t)["Output"] == {"wb_type": "union", "params": {"allowed_types": [
        {"wb_type": "none"}, {"wb_type": "string"}]}}


def test_rows_alias_and_ndarray():
    t = Table(columns=["a", "b"], rows=[[1, 2]])
    assert t.data == [[1, 2]]
    t2 = Table(columns=["x", "y"], data=np.array([[1.5, 2.0], [3.0, 4.0]]))
    assert [[float(v) for v in r] for r in t2.data] == [[1.5, 2.0], [3.0, 4.0]]


def test_add_column_and_computed_columns():
    t = Table(columns=["a"], data=[[1], [2], [3]])
    t.add_column("b", ["x", "y", "z"])
    t.add_column("c", np.array([0.5, 1.5, 2.5]))
    t.add_computed_columns(lambda ndx, row: {"d": row["a"] * 10 + ndx})
    assert t.columns == ["a", "b", "c", "d"]
    assert [r[3] for r in t.data] == [10, 21, 32]
    with pytest.raises(AssertionError):  # wrong length (wandb raised AssertionError)
        t.add_column("e", [1, 2])
    with pytest.raises(ValueError, match="Expected length 3"):
        t.add_column("e", [1, 2])
    with pytest.raises(TypeError):  # mixed types in the new column: undone
        t.add_column("e", [1, "x", 2])
    assert t.columns == ["a", "b", "c", "d"] and all(len(r) == 4 for r in t.data)
    empty = Table(columns=[])
    empty.add_column("first", [1, 2])
    assert empty.data == [[1], [2]]


def test_get_column_index_and_iterrows():
    t = Table(columns=["a", "b"], data=[[1, "x"], [2, "y"]])
    assert t.get_column("a") == [1, 2]
    arr = t.get_column("a", convert_to="numpy")
    assert isinstance(arr, np.ndarray) and arr.tolist() == [1, 2]
    idx = t.get_index()
    assert idx == [0, 1] and idx[1].get_row() == {"a": 2, "b": "y"}
    assert [(int(i), r) for i, r in t.iterrows()] == [(0, [1, "x"]), (1, [2, "y"])]
    assert t.index_ref(1).get_row()["b"] == "y"
    with pytest.raises(ValueError, match="'zz' is not a column"):
        t.get_column("zz")
    with pytest.raises(ValueError, match="convert_to"):
        t.get_column("a", convert_to="pandas")


def test_index_column_links_tables():
    t = Table(columns=["a"], data=[[10], [20]])
    other = Table(columns=["ref", "v"])
    for i, row in t.iterrows():
        other.add_data(i, row[0] * 2)
    typ = other._column_types.params["type_map"]["ref"]
    assert typ.name == "foreignIndex" and typ.params["table"] is t


def test_cast_and_errors():
    t = Table(columns=["a", "b"], data=[[1, "x"]])
    t.cast("a", float)
    assert _types(t)["a"] == {"wb_type": "number"}
    t.cast("b", str, optional=True)
    t.add_data(2.5, None)
    with pytest.raises(TypeError, match="cannot be cast"):
        t.cast("b", int)
    with pytest.raises(ValueError, match="not a column"):
        t.cast("nope", int)


def test_bad_input_errors_name_the_argument():
    with pytest.raises(ValueError, match="expects 2 columns"):
        Table(columns=["a", "b"], data=[[1, 2, 3]])
    with pytest.raises(TypeError, match="incompatible types"):
        Table(columns=["a"], data=[[1], ["x"]])
    with pytest.raises(ValueError, match="log_mode"):
        Table(columns=["a"], log_mode="SOMETIMES")
    with pytest.raises(AssertionError):  # the same error, caught as wandb raised it
        Table(columns=["a"], log_mode="SOMETIMES")
    with pytest.raises(ValueError, match="columns"):
        Table(columns="abc")
    with pytest.raises(ValueError, match="columns"):
        Table(columns=[1.5])
    with pytest.raises(ValueError, match="data"):
        Table(columns=["a"], data="not rows")
    t = Table(columns=["a"], data=[[1]])
    with pytest.raises(ValueError, match="expects 1 columns"):
        t.add_data(1, 2)
    with pytest.raises(TypeError, match="incompatible types"):
        t.add_data("x")
    assert t.data == [[1]]  # nothing half-added


def test_allow_mixed_types():
    t = Table(columns=["a"], data=[[1], ["x"], [None], [[1, 2]]], allow_mixed_types=True)
    assert len(t.data) == 4
    assert _types(t)["a"]["params"]["allowed_types"] == [{"wb_type": "any"}, {"wb_type": "none"}]


def test_optional_false_rejects_none():
    with pytest.raises(TypeError):
        Table(columns=["a"], data=[[None]], optional=False)
    Table(columns=["a", "b"], data=[[1, None]], optional=[False, True])


def test_dataframe_round_trip_keeps_values_and_dtypes():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({
        "i": np.array([1, 2, 3], dtype=np.int64),
        "f": [0.5, np.nan, 2.0],
        "s": ["a", "b", "c"],
        "b": [True, False, True],
        "t": pd.to_datetime(["2020-01-01", "2021-06-01", "2022-12-31"]),
    })
    t = Table(dataframe=df)
    assert t.columns == ["i", "f", "s", "b", "t"]
    back = t.get_dataframe()
    pd.testing.assert_frame_equal(back, df)
    also = Table(data=df).get_dataframe()
    pd.testing.assert_frame_equal(also, df)


class _StubEntry:
    def __init__(self, path: str) -> None:
        self.path = path


class _StubArtifact:
    """Just enough of an artifact for Table.to_json(artifact)."""

    def __init__(self) -> None:
        self.files = {}

        class _Manifest:
            entries: dict = {}

        self.manifest = _Manifest()

    def add_file(self, local_path: str, name: str, is_tmp: bool = False) -> _StubEntry:
        self.files[name] = local_path
        self.manifest.entries[name] = _StubEntry(name)
        return _StubEntry(name)

    def get_added_local_path_name(self, path: str):
        return None


def test_artifact_json_round_trip_to_dataframe():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"i": [1, 2], "f": [0.25, 1.5], "s": ["x", "y"], "b": [False, True]})
    t = Table(dataframe=df)
    js = t.to_json(_StubArtifact())
    assert js["_type"] == "table" and js["ncols"] == 4 and js["nrows"] == 2
    assert js["data"] == [[1, 0.25, "x", False], [2, 1.5, "y", True]]
    back = Table.from_json(js, None)
    pd.testing.assert_frame_equal(back.get_dataframe(), df)
    assert back._column_types == t._column_types


def test_artifact_json_dates_and_nan():
    t = Table(columns=["d", "f"], data=[[datetime.datetime(2020, 1, 1), float("nan")],
                                        [datetime.date(2020, 1, 2), 1.0]])
    js = t.to_json(_StubArtifact())
    assert js["data"] == [[1577836800000, None], [1577923200000, 1.0]]
    back = Table.from_json(js, None)
    assert back.data[0][0] == datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)


def test_row_limits(monkeypatch):
    t = Table(columns=["a"], data=[[i] for i in range(5)])
    assert len(t._to_table_json(max_rows=3, warn=True)["data"]) == 3

    class _Settings:
        table_raise_on_max_row_limit_exceeded = True
        strict = False

    class _Run:
        settings = _Settings()

    monkeypatch.setattr(wandb, "run", _Run(), raising=False)
    with pytest.raises(ValueError, match="Table row limit exceeded"):
        t._to_table_json(max_rows=3)
    monkeypatch.setattr(Table, "MAX_ARTIFACT_ROWS", 3)
    with pytest.raises(ValueError, match="limit is 3"):
        t.to_json(_StubArtifact())
    assert Table.MAX_ROWS == 10000


def test_log_mode_state_changes():
    m = Table(columns=["x"], data=[[1]], log_mode="MUTABLE")
    m._run, m._path, m._sha256 = object(), "p", "h"
    m.add_data(2)
    assert m._run is None and m._path is None and m._sha256 is None
    inc = Table(columns=["x"], data=[[1]], log_mode="INCREMENTAL")
    with pytest.raises(wandb.Error, match="INCREMENTAL"):
        inc.add_column("y", [1])
    with pytest.raises(wandb.Error, match="INCREMENTAL"):
        inc.add_computed_columns(lambda i, r: {"z": 1})
    inc._run, inc._increment_num, inc._previous_increments_paths = object(), 0, []
    inc._last_logged_idx = 0
    inc.add_data(2)
    assert inc._increment_num == 1 and inc._run is None
    assert inc._to_table_json()["data"] == [[2]]


def test_primary_and_foreign_keys():
    a = Table(columns=["id", "v"], data=[["a", 1], ["b", 2]])
    a.set_pk("id")
    assert type(a.data[0][0]).__name__ == "_TableKey"
    b = Table(columns=["ref"], data=[["a"]])
    b.set_fk("ref", a, "id")
    assert b._column_types.params["type_map"]["ref"].name == "foreignKey"
    with pytest.raises(TypeError, match="cannot be cast"):
        a.set_pk("v")  # numbers cannot be keys
    two = Table(columns=["k1", "k2"], data=[["a", "b"]])
    two.set_pk("k1")
    with pytest.raises(AssertionError, match="multiple primary keys"):
        two.set_pk("k2")


def test_equality():
    t1 = Table(columns=["a"], data=[[np.arange(3)]])
    t2 = Table(columns=["a"], data=[[np.arange(3)]])
    assert t1 == t2
    t2.add_data(np.arange(3))
    assert t1 != t2


def test_joined_and_partitioned_tables():
    t = Table(columns=["a"], data=[[1]])
    with pytest.raises(ValueError, match="join_key"):
        JoinedTable(t, t, 5)
    with pytest.raises(ValueError, match="table1"):
        JoinedTable("nope.json", t, "a")
    j = JoinedTable(t, "other.table.json", "a")
    with pytest.raises(ValueError, match="cannot be bound"):
        j.bind_to_run(None, "k", 0)
    p = PartitionedTable("parts/")
    assert p == PartitionedTable("parts/")
    assert p.to_json(_StubArtifact()) == {"_type": "partitioned-table", "parts_path": "parts/"}
    with pytest.raises(ValueError, match="cannot be bound"):
        p.bind_to_run(None, "k", 0)


def test_type_registry_json_round_trip():
    t = Table(columns=["l", "d", "n"], data=[[[1, 2], {"k": "v"}, np.zeros((2, 2))]])
    js = t._column_types.to_json()
    back = _dtypes.TypeRegistry.type_from_dict(js)
    assert back == t._column_types
    assert _dtypes.TypeRegistry.type_of(1.0).name == "number"
    assert _dtypes.TypeRegistry.type_of(float("nan")).name == "none"
    assert _dtypes.TypeRegistry.type_of(np.bool_(True)).name == "boolean"
    assert _dtypes.TypeRegistry.type_of(object()).params == {"class_name": "object"}


def test_incremental_state_from_resumed_run():
    class _Run:
        resumed = True
        summary = {"k": {"_type": "incremental-table-file", "increment_num": 2,
                         "previous_increments_paths": ["a", "b"], "artifact_path": "c"}}

    t = Table(columns=["x"], data=[[1]], log_mode="INCREMENTAL")
    run = _Run()
    t._load_incremental_table_state_from_resumed_run(run, "k")
    assert t._increment_num == 3 and t._previous_increments_paths == ["a", "b", "c"]
    with pytest.raises(AssertionError, match="one Run"):
        t._set_incremental_table_run_target(_Run())
    fresh = Table(columns=["x"], log_mode="INCREMENTAL")
    _Run.summary = {"k": 5}
    fresh._load_incremental_table_state_from_resumed_run(_Run(), "k")
    assert fresh._increment_num is None and fresh._previous_increments_paths is None


def test_sanitized_artifact_names():
    from wandb.sdk.data_types.table_logging import sanitize_artifact_name

    assert sanitize_artifact_name("run-abc-loss_table") == "run-abc-loss_table"
    # values computed with wandb 0.21.3's sanitize_artifact_name
    assert sanitize_artifact_name("run-abc-a/b c") == "run-abc-abc-X-HU3Q"
    assert sanitize_artifact_name("run-x-incr-k é") == "run-x-incr-k-8P-_jg"
