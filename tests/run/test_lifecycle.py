"""Start records, properties, finish/exit codes, context manager, atexit, offline artifact errors."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from run_helpers import HERE, of_type, read_records, record_type


def test_opening_records_in_wandb_order(make_run):
    run = make_run(config={"lr": 0.1}, run_name="nm", run_notes="nt", run_tags=("t1",),
                   run_group="g", run_job_type="jt", x_save_requirements=True)
    run.finish()
    recs = make_run.records(run)
    assert [record_type(r) for r in recs[:6]] == ["header", "run", "environment", "environment", "files", "telemetry"]
    assert [r["num"] for r in recs] == list(range(1, len(recs) + 1))
    header = recs[0]
    assert header["header"]["version_info"]["producer"].startswith("0.21.3+vireo")
    assert header["header"]["version_info"]["min_consumer"] == "0.40.0"
    assert header["control"] == {"connection_id": "1(@)"} and header["_info"] == {"stream_id": run.id}
    body = recs[1]["run"]
    assert body["run_id"] == run.id and body["project"] == "proj"
    assert (body["display_name"], body["notes"], body["tags"], body["run_group"], body["job_type"]) == (
        "nm", "nt", ["t1"], "g", "jt")
    assert body["config"]["update"][0] == {"key": "_wandb", "value_json": "{}"}
    assert body["telemetry"]["feature"]["offline"] is True
    assert body["telemetry"]["cli_version"] == "0.21.3"
    assert len(recs[1]["control"]["mailbox_slot"]) == 12
    env1, env2 = recs[2]["environment"], recs[3]["environment"]
    assert "control" not in recs[2]
    assert env1["python"].startswith("CPython ") or env1["python"]
    assert len(env1["writer_id"]) == 32 and env1["writer_id"] == env2["writer_id"]
    assert env2["cpu_count"] >= 1 and env2["memory"]["total"] > 0
    assert recs[4] == {"files": {"files": [{"path": "requirements.txt", "type": 1}]}, "num": 5} or \
        recs[4]["files"] == {"files": [{"path": "requirements.txt", "type": 1}]}
    reqs = open(os.path.join(run.dir, "requirements.txt")).read().splitlines()
    assert reqs and all("==" in line for line in reqs)
    # the file ends with telemetry(finish) ... exit
    assert record_type(recs[-1]) == "exit"
    finish_tel = [r for r in recs if "telemetry" in r][-1]["telemetry"]
    assert finish_tel["feature"]["finish"] is True


def test_properties(make_run, capsys):
    run = make_run(run_name="nm", run_notes="nt", run_tags=("a",), run_group="g", run_job_type="jt")
    s = run._settings
    assert run.id == "run0abcd"
    assert (run.name, run.notes, run.tags, run.group, run.job_type) == ("nm", "nt", ("a",), "g", "jt")
    assert run.project == "proj" and run.entity == "" and run.path == "proj/run0abcd"
    assert run.dir == s.files_dir
    assert run.resumed is False and run.offline is True and run.disabled is False
    assert run.starting_step == 0 and run.step == 0 and run.sweep_id is None
    assert isinstance(run.start_time, float) and run.start_time > 1e9
    capsys.readouterr()
    assert (run.url, run.project_url, run.sweep_url) == (None, None, None)
    assert capsys.readouterr().err.count("WARNING URL not available in offline run") == 3
    assert run.project_name() == "proj"
    assert "The project_name method is deprecated" in capsys.readouterr().err
    assert run.get_url() is None
    copy = run.settings
    assert copy is not s and copy.run_id == s.run_id
    assert run.status().sync_items_total == 0 and run.status().sync_time is None


def test_defaults_without_names(make_run):
    run = make_run()
    assert run.tags == () and run.group == "" and run.job_type == "" and run.notes is None


def test_config_static(make_run):
    run = make_run(config={"a": 1})
    assert run.config_static.a == 1
    with pytest.raises(AttributeError):
        run.config_static.a = 2


def test_name_and_tags_setters_publish_run(make_run):
    run = make_run(run_name="old")
    run.name = "newname"
    run.tags = ["x", "y"]
    run.notes = "hello"
    assert run.name == "newname" and run.tags == ("x", "y") and run.notes == "hello"
    run.finish()
    recs = make_run.records(run)
    runs = of_type(recs, "run")
    assert [r["display_name"] for r in runs] == ["old", "newname", "newname", "newname"]
    assert runs[2]["tags"] == ["x", "y"] and runs[3]["notes"] == "hello"
    wandb_cfg = runs[1]["config"]["update"][0]
    assert wandb_cfg["key"] == "_wandb" and '"cli_version": "0.21.3"' in wandb_cfg["value_json"]
    i = next(k for k, r in enumerate(recs) if r.get("run", {}).get("display_name") == "newname")
    assert recs[i - 1]["telemetry"]["feature"]["set_run_name"] is True


def test_setters_after_finish(make_run):
    from wandb.errors import UsageError

    run = make_run()
    run.finish()
    with pytest.raises(UsageError, match="The call to `name` will be ignored"):
        run.name = "x"


def test_finish_is_idempotent_and_records_exit_code(make_run):
    run = make_run()
    run.log({"a": 1})
    run.finish(exit_code=3)
    run.finish()
    recs = make_run.records(run)
    exits = of_type(recs, "exit")
    assert len(exits) == 1 and exits[0].get("exit_code") == 3
    assert run._is_finished


def test_finish_quiet_is_deprecated(make_run, capsys):
    run = make_run()
    run.finish(quiet=True)
    assert ("The `quiet` argument to `wandb.run.finish()` is deprecated, use "
            "`wandb.Settings(quiet=...)` to set this instead.") in capsys.readouterr().err


def test_footer_offline(make_run, capsys):
    run = make_run()
    run.log({"loss": 0.5, "acc": 1})
    capsys.readouterr()
    run.finish()
    err = capsys.readouterr().err
    assert "wandb: Run summary:" in err
    assert "wandb: loss 0.5" in err and "wandb:  acc 1" in err
    assert "wandb: You can sync this run to the cloud by running:" in err
    assert f"wandb: wandb sync {run._settings.sync_dir}" in err


def test_context_manager_success(make_run):
    run = make_run()
    with run as r:
        assert r is run
        r.log({"a": 1})
    assert run._is_finished
    assert of_type(make_run.records(run), "exit")[0].get("exit_code", 0) == 0


def test_context_manager_exception_exit_code_1_and_reraised(make_run, capsys):
    run = make_run()
    with pytest.raises(RuntimeError, match="boom"):
        with run:
            raise RuntimeError("boom")
    assert "RuntimeError: boom" in capsys.readouterr().err
    assert of_type(make_run.records(run), "exit")[0]["exit_code"] == 1


def test_console_output_becomes_output_raw(make_run):
    pytest.importorskip("wandb.sdk.lib.console_capture")
    run = make_run(console="wrap")
    print("a", "b")
    sys.stderr.write("oops\n")
    run.finish()
    raws = of_type(make_run.records(run), "output_raw")
    stdout = [r["line"] for r in raws if r.get("output_type") == 1]
    assert stdout[:4] == ["a", " ", "b", "\n"]
    assert any(r["line"] == "oops\n" and not r.get("output_type") for r in raws)
    # Unlike wandb 0.21.3 (empty offline), the console text is kept in output.log in every mode.
    with open(os.path.join(run.dir, "output.log")) as f:
        assert f.read().splitlines()[:2] == ["a b", "oops"]


def test_restore_offline_raises_comm_error(make_run, tmp_path):
    from wandb.errors import CommError

    run = make_run()
    with pytest.raises(CommError, match="offline"):
        run.restore("x.txt")


def test_restore_before_init_needs_run_path(monkeypatch):
    import wandb
    from wandb.sdk.wandb_save_restore import restore

    monkeypatch.setattr(wandb, "run", None, raising=False)
    with pytest.raises(ValueError, match="run_path required when calling wandb.restore before wandb.init"):
        restore("x.txt")


def test_artifact_methods_offline_errors(make_run, tmp_path):
    run = make_run()
    with pytest.raises(TypeError, match="Cannot use artifact when in offline mode."):
        run.use_artifact("x:latest")
    with pytest.raises(RuntimeError, match="`use_model` not supported in offline mode."):
        run.use_model("m:latest")
    with pytest.raises(ValueError, match="path must be a file"):
        run.log_artifact(str(tmp_path / "missing"))
    with pytest.raises(TypeError):
        run.watch(None)


def test_log_code(make_run, tmp_path, capsys):
    run = make_run()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run.log_code(str(empty)) is None
    assert "No relevant files were detected in the specified directory." in capsys.readouterr().err
    (empty / "train.py").write_text("print(1)\n")
    art = run.log_code(str(empty))
    assert art.type == "code"
    assert sorted(art.manifest.entries) == ["train.py"]


def _script(body: str, root) -> str:
    return textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(HERE)!r})
        import run_helpers
        from pathlib import Path
        factory = run_helpers.RunFactory(Path({str(root)!r}))
        run = factory()
        print(run._settings.sync_file)
    """) + textwrap.dedent(body)


@pytest.mark.parametrize("body, code", [
    ("run.log({'a': 1})\n", None),
    ("run.log({'a': 1})\nsys.exit(4)\n", 4),
    ("run.log({'a': 1})\nraise ValueError('x')\n", 1),
])
def test_atexit_finishes_unfinished_run(tmp_path, body, code):
    proc = subprocess.run([sys.executable, "-c", _script(body, tmp_path)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    sync_file = proc.stdout.splitlines()[0]
    recs = read_records(sync_file)
    exits = of_type(recs, "exit")
    assert len(exits) == 1, proc.stderr
    assert exits[0].get("exit_code") == code
    assert of_type(recs, "history")


def test_telemetry_context_and_deprecate_hooks(make_run):
    from wandb.sdk.lib import telemetry
    from wandb.sdk.lib.deprecate import deprecate

    run = make_run(start=False)
    with telemetry.context(run=run) as tel:
        tel.feature.set_init_name = True
        tel.feature.not_a_real_flag = True  # unknown names are dropped, never break the run
    run._start()
    deprecate(field_name="run__reinit_bool", warning_message="old reinit", run=run)
    run.finish()
    recs = make_run.records(run)
    assert of_type(recs, "run")[0]["telemetry"]["feature"] == {"offline": True, "set_init_name": True}
    assert of_type(recs, "telemetry")[-1]["deprecated"] == {"run__reinit_bool": True}


def test_summary_attribute_access_and_copy(make_run):
    import copy

    run = make_run()
    run.log({"a": 1})
    assert run.summary._step == 0
    clone = copy.copy(run.summary)
    assert clone["a"] == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forked_child_never_writes_into_parent_stream(make_run):
    run = make_run()
    run.log({"parent": 1})
    pid = os.fork()
    if pid == 0:  # child
        try:
            run.log({"child": 1})
            run.finish()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    run.log({"parent": 2})
    run.finish()
    from run_helpers import history

    assert history(make_run.records(run)) == [{"parent": 1, "_step": 0}, {"parent": 2, "_step": 1}]


def test_label_writes_telemetry(make_run, capsys):
    run = make_run()
    run._label(code="transformers_trainer")
    run._label(repo="bad repo!", foo="x")
    err = capsys.readouterr().err
    assert "Label added for 'repo' with invalid identifier 'bad repo!' (ignored)." in err
    assert "Label added for unsupported key 'foo' (ignored)." in err
    run.finish()
    labels = [t["label"] for t in of_type(make_run.records(run), "telemetry") if t.get("label")]
    assert labels[0] == {"code_string": "transformers_trainer"}


def test_pickle_and_deepcopy(make_run):
    import copy
    import pickle

    run = make_run()
    assert run._attach_id == run.id
    assert copy.deepcopy(run) is run
    clone = pickle.loads(pickle.dumps(run))
    assert clone.id == run.id and clone._attach_id == run.id
    clone.log({"ignored": 1})  # a detached copy never writes into the run's log
    run.log({"a": 1})
    run.finish()
    from run_helpers import history

    assert history(make_run.records(run)) == [{"a": 1, "_step": 0}]
