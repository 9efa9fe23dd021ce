"""wandb.sdk.lib.value_convert: the converter given to the core."""

from __future__ import annotations

import datetime
import enum
import sys

import pytest

from wandb.sdk.lib import value_convert as vc


def test_plain_values_pass_through():
    for v in (None, True, 3, 2.5, "s", 2**80):
        assert vc.plain(v) == v


def test_numpy_rules():
    np = pytest.importorskip("numpy")
    assert vc.plain(np.float32(0.5)) == 0.5 and type(vc.plain(np.float32(0.5))) is float
    assert vc.plain(np.int16(7)) == 7 and type(vc.plain(np.int16(7))) is int
    assert vc.plain(np.bool_(False)) is False
    assert vc.plain(np.float16("nan")) is None
    assert vc.plain(np.array([[3]])) == 3
    assert vc.plain(np.arange(32)) == list(range(32))
    hist = vc.plain(np.arange(33))
    assert list(hist) == ["_type", "values", "bins"]
    assert hist["_type"] == "histogram" and len(hist["values"]) == 32 and len(hist["bins"]) == 33
    assert vc.plain(np.array(["a", "b"])) == ["a", "b"]


def test_histogram_ignores_non_finite():
    np = pytest.importorskip("numpy")
    data = np.concatenate([np.arange(40, dtype=float), [np.nan, np.inf]])
    hist = vc.plain(data)
    assert sum(hist["values"]) == 40


def test_misc_python_types():
    class Color(enum.Enum):
        RED = 1

    assert vc.plain(b"xy") == "xy"
    assert sorted(vc.plain({2, 1})) == [1, 2]
    assert vc.plain(Color.RED) == "RED"
    assert vc.plain(datetime.datetime(2020, 1, 2, 3, 4, 5)) == "2020-01-02T03:04:05"
    assert vc.plain(len) == "builtins.len"
    assert vc.plain((1, (2, 3))) == [1, [2, 3]]
    assert vc.plain({"a": {"b": (1,)}}) == {"a": {"b": [1]}}


def test_unserializable_raises_type_error_naming_key():
    convert = vc.make_converter()
    with pytest.raises(TypeError, match=r"Object of type slice is not JSON serializable \(logged under key 'k'\)"):
        convert("k", slice(1, 2), 0)


def test_to_json_uses_python_separators():
    assert vc.to_json({"layers": 3, "act": "relu"}) == '{"layers": 3, "act": "relu"}'
    assert vc.to_json([1, 2, 3]) == "[1, 2, 3]"
    assert vc.to_json(float("nan")) == "NaN"


def test_hooks_convert_custom_types():
    class Thing:
        pass

    def hook(key, value, step, run):
        if isinstance(value, Thing):
            return {"_type": "thing", "key": key, "step": step}
        return NotImplemented

    vc.register_hook(hook)
    try:
        assert vc.make_converter()("k", [Thing()], 4) == [{"_type": "thing", "key": "k", "step": 4}]
    finally:
        vc._hooks.remove(hook)


def test_torch_and_numpy_are_not_imported_for_plain_values(monkeypatch):
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    vc.plain({"a": [1, 2.5, None]})
    with pytest.raises(TypeError):
        vc.plain(object())
    assert "torch" not in sys.modules
    assert "import torch" not in open(vc.__file__).read()
