"""Config changes become `config` records; the run record carries the initial config."""

from __future__ import annotations

from run_helpers import of_type


def test_initial_config_in_run_record(make_run):
    run = make_run(config={"a": 1, "nest": {"b": 2}})
    run.finish()
    rec = of_type(make_run.records(run), "run")[0]
    assert rec["config"] == {"update": [
        {"key": "_wandb", "value_json": "{}"},
        {"key": "a", "value_json": "1"},
        {"key": "nest", "value_json": '{"b": 2}'},
    ]}


def test_config_updates_write_records(make_run):
    run = make_run()
    run.config.update({"x": [1, 2]})
    run.config["y"] = {"q": 1}
    run.config.z = "s"
    del run.config["z"]
    run.finish()
    recs = make_run.records(run)
    configs = of_type(recs, "config")
    assert configs[:3] == [
        {"update": [{"key": "x", "value_json": "[1, 2]"}]},
        {"update": [{"key": "y", "value_json": '{"q": 1}'}]},
        {"update": [{"key": "z", "value_json": '"s"'}]},
    ]
    assert configs[3] == {"remove": [{"key": "z"}]}
    # the config record comes before the telemetry record that flags set_config_item
    kinds = [next(k for k in r if k not in ("num", "control", "_info")) for r in recs]
    first_cfg = kinds.index("config")
    assert kinds[first_cfg + 1] == "telemetry"
    assert recs[first_cfg + 1]["telemetry"]["feature"]["set_config_item"] is True


def test_config_change_after_finish_raises(make_run):
    import pytest
    from wandb.errors import UsageError

    run = make_run()
    run.finish()
    with pytest.raises(UsageError, match="is finished"):
        run.config.update({"a": 1})
