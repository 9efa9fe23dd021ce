"""``wandb.env``: variable names and the setters integrations call."""

import wandb.env as env


def test_set_entity_and_project_are_read_by_getters():
    e: dict = {}
    env.set_entity("team-a", env=e)
    env.set_project("proj", env=e)
    assert e == {"WANDB_ENTITY": "team-a", "WANDB_PROJECT": "proj"}
    assert env.get_entity(env=e) == "team-a"
    assert env.get_project(env=e) == "proj"


def test_bool_parsing_and_offline():
    assert env.strtobool("Yes") is True and env.strtobool("0") is False
    assert env.is_offline({"WANDB_MODE": "dryrun"}) and not env.is_offline({"WANDB_MODE": "online"})
    assert env.get_tags(env={"WANDB_TAGS": "a,b,"}) == ["a", "b"]
    assert env.get_base_url(env={"WANDB_BASE_URL": "http://h:1/"}) == "http://h:1"


def test_invalid_truth_value_names_accepted_values():
    import pytest

    with pytest.raises(ValueError, match="accepted"):
        env.strtobool("maybe")
