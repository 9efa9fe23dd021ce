"""``wandb.Config`` semantics (observed on wandb 0.21.3)."""

from __future__ import annotations

import argparse
import dataclasses
import enum

import pytest

import wandb
from wandb.sdk.lib.config_util import ConfigError, parse_config
from wandb.sdk.wandb_config import Config


@pytest.fixture
def cfg(tmp_path, monkeypatch) -> Config:
    monkeypatch.chdir(tmp_path)  # no config-defaults.yaml around
    return Config()


def test_dict_and_attribute_access(cfg: Config) -> None:
    cfg.update({"a": 1, "n": {"x": 1}})
    cfg.b = 2
    cfg["c"] = "three"
    assert cfg.a == 1 and cfg["b"] == 2 and cfg.c == "three"
    assert cfg["n"] == {"x": 1}
    assert dict(cfg) == {"a": 1, "n": {"x": 1}, "b": 2, "c": "three"}
    assert cfg.keys() == ["a", "n", "b", "c"]
    assert cfg.items()[0] == ("a", 1)
    assert "a" in cfg and "zz" not in cfg
    assert cfg.get("zz", 7) == 7 and cfg.get("a") == 1
    assert cfg.as_dict() == dict(cfg)
    assert repr(cfg) == str(dict(cfg))


def test_missing_key_errors(cfg: Config) -> None:
    with pytest.raises(AttributeError, match="has no attribute 'missing'"):
        cfg.missing
    with pytest.raises(KeyError):
        cfg["missing"]


def test_change_without_allow_val_change_raises(cfg: Config) -> None:
    cfg.update({"a": 1})
    with pytest.raises(ConfigError) as info:
        cfg.update({"a": 2})
    assert isinstance(info.value, wandb.Error)
    assert str(info.value) == (
        'Attempted to change value of key "a" from 1 to 2\n'
        "If you really want to do this, pass allow_val_change=True to config.update()"
    )
    with pytest.raises(ConfigError, match='from 1 to 3'):
        cfg.a = 3
    with pytest.raises(ConfigError, match='from 1 to 4'):
        cfg["a"] = 4
    assert cfg.a == 1


def test_same_value_and_allow_val_change(cfg: Config) -> None:
    cfg.update({"a": 1, "f": 1, "n": {"x": {"y": 2}}})
    cfg.update({"a": 1})  # same value: fine
    cfg.update({"f": 1.0})  # 1 == 1.0: fine
    cfg.update({"n": {"x": {"y": 2}}})
    with pytest.raises(ConfigError):
        cfg.update({"n": {"x": {"y": 3}}})
    cfg.update({"a": 5}, allow_val_change=True)
    assert cfg.a == 5


def test_none_then_value_is_a_change(cfg: Config) -> None:
    cfg.update({"k": None})
    with pytest.raises(ConfigError, match='from None to 3'):
        cfg.update({"k": 3})


def test_setdefaults_keeps_existing(cfg: Config) -> None:
    cfg.update({"a": 1})
    cfg.setdefaults({"a": 9, "b": 2})
    assert dict(cfg) == {"a": 1, "b": 2}


def test_internal_keys_hidden(cfg: Config) -> None:
    cfg.update({"_wandb": {"x": 1}, "a": 1})
    assert dict(cfg) == {"a": 1}
    assert "_wandb" in cfg and list(cfg) == ["_wandb", "a"]
    assert cfg._as_dict() == {"_wandb": {"x": 1}, "a": 1}


def test_values_made_json_friendly(cfg: Config) -> None:
    class Color(enum.Enum):
        RED = 1

    @dataclasses.dataclass
    class Opt:
        lr: float = 0.1

    cfg.update({"t": (1, 2), "s": slice(1, 5), "e": Color.RED, "d": Opt(), "by": b"x"})
    assert cfg.t == [1, 2]
    assert cfg.s == {"slice_start": 1, "slice_step": None, "slice_stop": 5}
    assert cfg.e == "RED"
    assert cfg.d == {"lr": 0.1}
    assert cfg.by == "x"
    class Thing:
        def __str__(self) -> str:
            return "a-thing"

    cfg.update({"obj": Thing()})
    assert cfg.obj == "a-thing"


def test_numpy_values(cfg: Config) -> None:
    np = pytest.importorskip("numpy")
    cfg.update({"f": np.float32(1.5), "i": np.int64(3), "arr": np.arange(3), "one": np.array([7])})
    assert cfg.f == 1.5 and type(cfg.f) is float
    assert cfg.i == 3 and type(cfg.i) is int
    assert cfg.arr == [0, 1, 2]
    assert cfg.one == 7


def test_keys_strip_dashes(cfg: Config) -> None:
    cfg.update({"--lr": 0.1})
    assert dict(cfg) == {"lr": 0.1}


def test_argparse_namespace(cfg: Config) -> None:
    cfg.update(argparse.Namespace(lr=0.1, bs=3))
    assert dict(cfg) == {"lr": 0.1, "bs": 3}
    with pytest.raises(TypeError, match="config must be a dict or have a __dict__ attribute."):
        cfg.update([1, 2])


def test_absl_flags_like_object() -> None:
    absl_flags = pytest.importorskip("absl.flags")
    flag_values = absl_flags.FlagValues()
    absl_flags.DEFINE_integer("batch", 32, "batch size", flag_values=flag_values)
    flag_values(["prog"])
    assert parse_config(flag_values) == {"batch": 32}


def test_callback_gets_only_changed_keys(cfg: Config) -> None:
    calls = []
    cfg._set_callback(lambda update, remove: calls.append((update, remove)))
    cfg.update({"a": 1, "b": 2})
    cfg.c = 3
    cfg.setdefaults({"a": 5, "d": 4})
    del cfg["b"]
    assert calls == [({"a": 1, "b": 2}, None), ({"c": 3}, None), ({"d": 4}, None), (None, ["b"])]
    calls.clear()
    cfg.persist()
    assert calls == [({"a": 1, "c": 3, "d": 4}, None)]


def test_failed_update_sends_nothing(cfg: Config) -> None:
    calls = []
    cfg.update({"a": 1})
    cfg._set_callback(lambda update, remove: calls.append(update))
    with pytest.raises(ConfigError):
        cfg.update({"a": 2})
    assert calls == []


def test_update_locked(cfg: Config, capsys) -> None:
    cfg.update({"lr": 0.1})
    cfg.update_locked({"lr": 0.5}, user="sweep", _allow_val_change=True)
    cfg.update({"lr": 0.9})
    cfg["lr"] = 0.7
    assert cfg.lr == 0.5
    assert "Config item 'lr' was locked by 'sweep' (ignored update)." in capsys.readouterr().err


def test_merge_locked(cfg: Config) -> None:
    cfg.update({"opt": {"lr": 1, "mom": 0.9}})
    cfg.merge_locked({"opt": {"lr": 2}}, user="launch", _allow_val_change=True)
    assert cfg.opt == {"lr": 2, "mom": 0.9}


def test_config_defaults_yaml(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config-defaults.yaml").write_text("lr:\n  value: 0.3\nbs:\n  desc: d\n  value: 4\n")
    assert dict(Config()) == {"lr": 0.3, "bs": 4}


def test_parse_config_yaml_forms(tmp_path) -> None:
    wb = tmp_path / "wb.yaml"
    wb.write_text("wandb_version: 1\nlr:\n  value: 0.2\n  desc: null\n")
    plain = tmp_path / "plain.yaml"
    plain.write_text("lr: 0.1\nnest:\n  a: 1\n")
    assert parse_config(str(wb)) == {"lr": 0.2}
    assert parse_config(str(plain)) == {"lr": 0.1, "nest": {"a": 1}}
    with pytest.raises(ConfigError, match="config file nope.yaml doesn't exist"):
        parse_config("nope.yaml")
    bad = tmp_path / "v2.yaml"
    bad.write_text("wandb_version: 2\n")
    with pytest.raises(ConfigError, match="Unknown config version"):
        parse_config(str(bad))


def test_parse_config_include_exclude() -> None:
    d = {"a": 1, "b": 2}
    assert parse_config(d, include=["a"]) == {"a": 1}
    assert parse_config(d, exclude=["a"]) == {"b": 2}
    with pytest.raises(wandb.errors.UsageError, match="Expected at most only one of exclude or include"):
        parse_config(d, include=["a"], exclude=["b"])


def test_wbvalue_rejected(cfg: Config) -> None:
    class WBValue:
        pass

    WBValue.__module__ = "wandb.sdk.data_types.base_types.wb_value"

    class Image(WBValue):
        pass

    with pytest.raises(TypeError, match="WBValue objects cannot be added to the run config"):
        cfg.update({"img": Image()})
