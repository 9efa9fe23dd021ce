"""Copies, dumps, equality and updates from dicts / other settings."""

from __future__ import annotations

import copy
import json
import pickle

from wandb.sdk.wandb_settings import COMPUTED_SETTINGS, RunMoment, Settings


def test_equality_compares_field_values(clean_env):
    assert Settings(project="p") == Settings(project="p")
    assert Settings(project="p") != Settings(project="q")
    assert Settings() != object()


def test_model_copy_is_independent(clean_env):
    a = Settings(project="p")
    b = a.model_copy()
    assert b == a and b is not a
    b.project = "z"
    b.mode = "offline"
    assert a.project == "p" and a.mode == "online"
    assert a.model_fields_set == {"project"}
    assert b.model_fields_set == {"project", "mode"}
    c = a.model_copy(update={"entity": "e"})
    assert c.entity == "e" and a.entity is None
    assert a.copy().project == "p"
    assert copy.copy(a) == a and copy.deepcopy(a) == a
    d = copy.copy(a)
    d.entity = "x"
    assert "entity" not in a.model_fields_set


def test_pickle_round_trip(clean_env):
    s = Settings(project="p", run_tags=["a"], fork_from="r?_step=2")
    t = pickle.loads(pickle.dumps(s))
    assert t == s
    assert t.model_fields_set == s.model_fields_set
    t.project = "q"  # still validated
    assert t.project == "q"


def test_model_dump_has_fields_then_computed(clean_env):
    s = Settings(project="p", run_id="r", fork_from="x?_step=3", run_tags=["a"])
    d = s.model_dump()
    assert list(d) == list(Settings.model_fields) + list(COMPUTED_SETTINGS)
    assert len(d) == 178
    assert d["project"] == "p"
    assert d["fork_from"] == {"run": "x", "value": 3, "metric": "_step"}
    assert d["run_tags"] == ("a",)
    assert d["sync_file"] == s.sync_file
    assert s.to_dict() == d
    none_free = s.model_dump(exclude_none=True)
    assert "entity" not in none_free and "project" in none_free
    assert s.model_dump(include={"project", "mode"}) == {"project": "p", "mode": "online"}
    assert "project" not in s.model_dump(exclude={"project"})


def test_model_dump_json(clean_env):
    s = Settings(run_tags=["a"], ignore_globs=["*.x"])
    d = json.loads(s.model_dump_json())
    assert d["run_tags"] == ["a"]
    assert d["ignore_globs"] == ["*.x"]
    assert d["mode"] == "online"


def test_iteration_and_repr(clean_env):
    s = Settings(project="p")
    assert dict(s)["project"] == "p"
    assert len(dict(s)) == 141
    r = repr(s)
    assert r.startswith("Settings(allow_offline_artifacts=True, ")
    assert "project='p'" in r


def test_update_from_dict_skips_none(clean_env):
    s = Settings(entity="keep")
    s.update_from_dict({"project": "d", "entity": None, "_label": "l"})
    assert (s.project, s.entity, s.x_label) == ("d", "keep", "l")


def test_update_from_settings_only_applies_explicit_fields(clean_env):
    s = Settings(mode="offline", project="base")
    s.update_from_settings(Settings(project="new"))
    assert s.mode == "offline"
    assert s.project == "new"
    s.update_from_settings(Settings(run_name=None))  # explicitly None: skipped
    assert s.run_name is None


def test_model_validate(clean_env):
    s = Settings.model_validate({"project": "p"})
    assert s.project == "p"
    assert Settings.model_validate(s) == s


def test_resume_from_kept_as_run_moment(clean_env):
    s = Settings(resume_from="abc?_step=10")
    assert isinstance(s.resume_from, RunMoment)
    assert s.resume_from.run == "abc" and s.resume_from.value == 10
