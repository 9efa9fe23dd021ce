"""Init-time telemetry flags and the ``telemetry.context`` helper."""

from __future__ import annotations

from wandb.sdk.lib import telemetry


def test_init_features(wb) -> None:
    run = wb.init(name="x", config={"a": 1}, tags=["t"], reinit=True)
    assert {"offline", "set_init_config", "set_init_name", "set_init_tags"} <= run._telemetry.feature
    assert "set_init_id" not in run._telemetry.feature
    assert "run__reinit_bool" in run._telemetry.deprecated
    run.finish()
    run = wb.init(id="given123")
    assert "set_init_id" in run._telemetry.feature
    run.finish()


def test_context_sets_run_flags(wb) -> None:
    run = wb.init()
    with telemetry.context(run=run) as tel:
        tel.feature.metric = True
    assert "metric" in run._telemetry.feature
    run.finish()


def test_record_bag() -> None:
    rec = telemetry.TelemetryRecord()
    rec.feature.offline = True
    rec.python_version = "3.11"
    assert rec.to_dict() == {"feature": {"offline": True}, "python_version": "3.11"}
    assert rec.HasField("feature") and not rec.HasField("env")
