"""``validate_run_tags`` and ``RunMoment`` parsing for fork_from / resume_from."""

from __future__ import annotations

import pickle

import pytest

from wandb.sdk.wandb_settings import RunMoment, Settings, validate_run_tags


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("solo", ("solo",)),
        (["a", "b"], ("a", "b")),
        (("a",), ("a",)),
        ([], ()),
        (["x" * 64], ("x" * 64,)),
        (["é" * 64], ("é" * 64,)),
    ],
)
def test_validate_run_tags_accepts(value, expected):
    assert validate_run_tags(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ([""], "between 1 and 64 characters (got an empty tag)"),
        (["ok", "x" * 65], "between 1 and 64 characters (got 65 characters)"),
        ("x" * 65, "got 65 characters"),
        ([1], "valid string"),
        (5, "string or a list/tuple of strings"),
        ({"a": 1}, "string or a list/tuple of strings"),
    ],
)
def test_validate_run_tags_rejects(value, message):
    with pytest.raises(ValueError, match="run_tags") as info:
        validate_run_tags(value)
    assert message in str(info.value)


def test_run_tags_setting_uses_the_same_rules(clean_env):
    assert Settings(run_tags="one").run_tags == ("one",)
    assert Settings(run_tags={"a"}).run_tags == ("a",)
    s = Settings()
    with pytest.raises(ValueError, match="run_tags"):
        s.run_tags = ["y" * 65]
    assert s.run_tags is None


@pytest.mark.parametrize(
    "uri, run, value",
    [
        ("abc?_step=10", "abc", 10),
        ("abc?_step=1.5", "abc", 1.5),
        ("abc?_step=0", "abc", 0),
        ("run-123?_step=1e3", "run-123", 1000.0),
    ],
)
def test_run_moment_from_uri(uri, run, value):
    m = RunMoment.from_uri(uri)
    assert (m.run, m.value, m.metric) == (run, value, "_step")
    assert type(m.value) is type(value)
    s = Settings(resume_from=uri)
    assert s.resume_from == m
    assert Settings(fork_from=uri).fork_from == m


@pytest.mark.parametrize(
    "uri", ["abc", "abc?x=1", "abc?_step=a", "?_step=1", "abc?_step=1&x=2", "abc/p?_step=1", "abc?_step=1#f"]
)
def test_run_moment_rejects_bad_uris(uri):
    with pytest.raises(ValueError, match="Could not parse passed run moment string"):
        RunMoment.from_uri(uri)
    with pytest.raises(ValueError, match="fork_from"):
        Settings(fork_from=uri)


def test_run_moment_checks_fields():
    with pytest.raises(ValueError, match="Only the metric '_step'"):
        RunMoment(run="a", value=1, metric="loss")
    with pytest.raises(TypeError):
        RunMoment(run="a", value="1")
    with pytest.raises(TypeError):
        RunMoment(run=1, value=1)


def test_run_moment_objects_and_dicts_are_accepted(clean_env):
    m = RunMoment(run="a", value=3)
    assert Settings(fork_from=m).fork_from is m
    assert Settings(fork_from={"run": "a", "value": 3}).fork_from == m
    assert repr(m) == "RunMoment(run='a', value=3, metric='_step')"
    assert pickle.loads(pickle.dumps(m)) == m
    assert m.to_uri() == "a?_step=3"
