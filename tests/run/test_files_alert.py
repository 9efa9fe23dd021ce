"""run.save, run.alert, run.mark_preempting."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from run_helpers import of_type


def _files(records):
    return [f["files"] for f in of_type(records, "files")]


def test_save_single_file_end_policy(make_run, tmp_path):
    (tmp_path / "f.txt").write_text("x")
    run = make_run()
    out = run.save("f.txt", policy="end")
    target = os.path.join(run.dir, "f.txt")
    assert out == [target]
    assert os.path.islink(target) and os.readlink(target) == str(tmp_path / "f.txt")
    run.finish()
    recs = make_run.records(run)
    assert _files(recs) == [[{"path": "f.txt", "policy": 1}]]
    assert any(t.get("feature", {}).get("save") for t in of_type(recs, "telemetry"))


def test_save_glob_live_and_now(make_run, tmp_path, capsys):
    sub = tmp_path / "these" / "are"
    sub.mkdir(parents=True)
    for n in ("a.txt", "b.txt", "c.log"):
        (sub / n).write_text(n)
    run = make_run()
    out = run.save("these/are/*.txt")
    assert sorted(os.path.relpath(p, run.dir) for p in out) == ["these/are/a.txt", "these/are/b.txt"]
    assert "Symlinked 2 files into the W&B run directory, call wandb.save again to sync new files." in capsys.readouterr().err
    run.save("these/are/c.log", base_path="these", policy="now")
    assert os.path.islink(os.path.join(run.dir, "are", "c.log"))
    run.finish()
    files = _files(make_run.records(run))
    assert sorted(files[0], key=lambda f: f["path"]) == [
        {"path": "these/are/a.txt", "policy": 2}, {"path": "these/are/b.txt", "policy": 2}]
    assert files[1] == [{"path": "are/c.log"}]


def test_save_absolute_without_base_keeps_one_folder(make_run, tmp_path, capsys):
    d = tmp_path / "run123"
    d.mkdir()
    (d / "x.txt").write_text("x")
    run = make_run()
    out = run.save(str(d / "*.txt"))
    assert out == [os.path.join(run.dir, "run123", "x.txt")]
    err = capsys.readouterr().err
    assert "Saving files without folders." in err


def test_save_errors(make_run, capsys):
    run = make_run()
    with pytest.raises(ValueError, match='Only "live", "end" and "now" policies are currently supported.'):
        run.save("x", policy="bad")
    with pytest.raises(ValueError, match="Glob may not walk above the base path"):
        run.save("../*", base_path=".")
    with pytest.raises(ValueError, match="Glob may not start with '\\*' relative to the base path"):
        run.save("*/x.txt", base_path=".")
    assert run.save("gs://bucket/x") == []
    assert "gs://bucket/x is a cloud storage url, can't save file to W&B." in capsys.readouterr().err


def test_alert_records(make_run):
    from wandb.sdk.wandb_alerts import AlertLevel

    run = make_run()
    run.alert("ti", "tx", level=AlertLevel.WARN, wait_duration=30)
    run.alert("a", "b")
    run.alert("c", "d", level="ERROR", wait_duration=timedelta(seconds=1.5))
    run.alert("e", "f", wait_duration=0.25)
    run.finish()
    assert of_type(make_run.records(run), "alert") == [
        {"title": "ti", "text": "tx", "level": "WARN", "wait_duration": 30000},
        {"title": "a", "text": "b", "level": "INFO", "wait_duration": 60000},
        {"title": "c", "text": "d", "level": "ERROR", "wait_duration": 1500},
        {"title": "e", "text": "f", "level": "INFO", "wait_duration": 250},
    ]


def test_alert_validation(make_run):
    run = make_run()
    with pytest.raises(ValueError, match="level must be one of 'INFO', 'WARN', or 'ERROR'"):
        run.alert("a", "b", level="bad")
    with pytest.raises(TypeError, match="wait_duration must be an int, float, or datetime.timedelta"):
        run.alert("a", "b", wait_duration="x")


def test_mark_preempting(make_run):
    run = make_run()
    run.mark_preempting()
    run.finish()
    recs = make_run.records(run)
    pre = [r for r in recs if "preempting" in r]
    assert len(pre) == 1 and pre[0]["preempting"] == {}
    assert pre[0]["control"] == {"connection_id": "1(@)"} and pre[0]["_info"] == {"stream_id": run.id}


@pytest.mark.parametrize("call", [
    lambda r: r.save("x"), lambda r: r.alert("a", "b"), lambda r: r.mark_preempting(), lambda r: r.status(),
])
def test_finished_run_rejects(make_run, call):
    from wandb.errors import UsageError

    run = make_run()
    run.finish()
    with pytest.raises(UsageError, match="is finished"):
        call(run)
