"""Drive our wandb exactly the way popular integrations do (foundation category only).

The call sequences reproduce, without importing them, the wandb-facing code of
lightning 2.6 ``WandbLogger``, transformers 5.x ``WandbCallback``, accelerate 1.15
``WandBTracker``, ultralytics 8.4 ``callbacks/wb.py`` and torchtune 0.6 ``WandBLogger``
(see docs/dev/integrations.md). Expected values were observed with the real wandb 0.21.3.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import importlib.util
import numbers
import os
import re
import time
from datetime import datetime
from pathlib import Path

import pytest

from _wb_records import RunFile, find_run_files, sync_file_of

# ------------------------------------------------------------------------------------------------
# Detection: how each library decides that wandb is installed
# ------------------------------------------------------------------------------------------------


def test_distribution_version_satisfies_lightning_requirement():
    """lightning: RequirementCache("wandb>=0.12.10") -> importlib.metadata.version + packaging."""
    version_mod = pytest.importorskip("packaging.version")
    requirements_mod = pytest.importorskip("packaging.requirements")
    dist_version = importlib.metadata.version("wandb")
    parsed = version_mod.Version(dist_version)
    assert parsed >= version_mod.Version("0.12.10")
    assert parsed.release[:3] == (0, 21, 3)
    req = requirements_mod.Requirement("wandb>=0.12.10")
    assert req.specifier.contains(parsed, prereleases=True)
    # pytorch-lightning 1.9 also checks these
    assert requirements_mod.Requirement("wandb>=0.10.22").specifier.contains(parsed, prereleases=True)


def test_distribution_metadata_for_accelerate():
    """accelerate: find_spec("wandb") and importlib.metadata.metadata("wandb") must both work."""
    assert importlib.util.find_spec("wandb") is not None
    meta = importlib.metadata.metadata("wandb")
    assert meta["Name"].lower() == "wandb"


def test_module_attributes_used_for_detection(wb):
    # transformers: hasattr(wandb, "run"); ultralytics: hasattr(wb, "__version__")
    assert hasattr(wb, "run")
    assert wb.run is None
    assert not wb.run  # ultralytics: `if not wb.run:`
    assert wb.__version__ == "0.21.3"


def test_private_import_paths_used_by_integrations(wb):
    # lightning: inside `experiment`
    from wandb.sdk.lib import RunDisabled  # noqa: F401
    from wandb.wandb_run import Run
    # transformers: imported in WandbCallback.setup
    from wandb.sdk.lib.config_util import ConfigError

    assert Run is wb.Run
    import wandb.sdk.wandb_run

    assert Run is wandb.sdk.wandb_run.Run
    assert issubclass(ConfigError, Exception)
    assert isinstance(RunDisabled, type)


def test_import_wandb_does_not_pull_heavy_modules(run_python):
    """pytorch-lightning 1.9 and transformers import wandb eagerly; it must stay light.

    Vireo's own rule (docs/dev/COMMON.md); the real wandb 0.21.3 fails this one."""
    proc = run_python(
        """
        import sys, wandb
        heavy = [m for m in ("numpy", "PIL", "requests", "yaml", "torch") if m in sys.modules]
        print("HEAVY=" + ",".join(heavy))
        """
    )
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("HEAVY="))
    assert line == "HEAVY=", f"import wandb imported: {line[6:]}"


def test_define_metric_is_truthy_before_init_but_raises_when_called(wb):
    """transformers/torchtune: `if getattr(wandb, "define_metric", None):` then call it."""
    assert getattr(wb, "define_metric", None)
    with pytest.raises(wb.Error) as excinfo:
        wb.define_metric("global_step")  # torchtune on rank > 0 does exactly this
    assert str(excinfo.value) == "You must call wandb.init() before wandb.define_metric()"


def test_require_service_is_accepted(wb):
    """lightning __getstate__: wandb.require("service") is a no-op in 0.21.3."""
    assert wb.require("service") is None


# ------------------------------------------------------------------------------------------------
# Lightning WandbLogger
# ------------------------------------------------------------------------------------------------


def _lightning_init_kwargs(**user_kwargs):
    """WandbLogger.__init__ defaults (name=None, save_dir='.', version/id=None, anonymous=None)."""
    init = {
        "name": None,
        "project": os.environ.get("WANDB_PROJECT", "lightning_logs"),
        "dir": ".",
        "id": None,
        "resume": "allow",
        "anonymous": None,
    }
    init.update(**user_kwargs)
    return init


def _lightning_experiment(wandb, init_kwargs):
    """The body of WandbLogger.experiment (new-run branch)."""
    from wandb.sdk.lib import RunDisabled
    from wandb.wandb_run import Run

    if wandb.run is not None:
        return wandb.run
    experiment = wandb.init(**init_kwargs)
    assert isinstance(experiment, (Run, RunDisabled))  # pytorch-lightning 1.9 asserts this
    if isinstance(experiment, (Run, RunDisabled)) and getattr(experiment, "define_metric", None):
        if init_kwargs.get("sync_tensorboard"):
            experiment.define_metric("*", step_metric="global_step")
        else:
            experiment.define_metric("trainer/global_step")
            experiment.define_metric("*", step_metric="trainer/global_step", step_sync=True)
    return experiment


def test_lightning_offline_sequence(wb, cwd, monkeypatch):
    monkeypatch.setenv("WANDB_MODE", "dryrun")  # WandbLogger(offline=True) sets exactly this
    init_kwargs = _lightning_init_kwargs(name="lit-run")
    assert wb.run is None

    wb.require("service")  # __getstate__ path
    experiment = _lightning_experiment(wb, init_kwargs)
    assert wb.run is experiment
    assert experiment  # truthy
    run_id = experiment.id
    assert re.fullmatch(r"[a-z0-9]{8}", run_id)
    assert experiment.name == "lit-run"
    assert experiment.project == "lightning_logs"
    assert getattr(experiment, "_attach_id", None) in (None, run_id)
    assert experiment.offline is True
    assert experiment._settings.mode in ("dryrun", "offline")

    # run.dir is <save_dir>/wandb/offline-run-<YYYYmmdd_HHMMSS>-<id>/files
    run_dir = Path(experiment.dir).resolve()
    assert run_dir.name == "files"
    assert re.fullmatch(rf"offline-run-\d{{8}}_\d{{6}}-{run_id}", run_dir.parent.name)
    assert run_dir.parent.parent == (cwd / "wandb").resolve()

    # log_hyperparams (called twice by Lightning: save_hyperparameters + datamodule)
    experiment.config.update({"lr": 0.1, "layers": [1, 2], "opt": {"name": "adam"}}, allow_val_change=True)
    experiment.config.update({"lr": 0.2}, allow_val_change=True)
    assert experiment.config["lr"] == 0.2
    assert dict(experiment.config) == {"lr": 0.2, "layers": [1, 2], "opt": {"name": "adam"}}

    # log_metrics(metrics, step)
    experiment.log(dict({"train/loss": 0.5}, **{"trainer/global_step": 0}))
    experiment.log(dict({"train/loss": 0.25, "epoch": 0}, **{"trainer/global_step": 1}))
    experiment.log({"val/acc": 0.9})  # log_metrics(step=None): no global step in the row

    assert experiment.summary["train/loss"] == 0.25
    assert experiment.summary["val/acc"] == 0.9
    assert experiment.summary["trainer/global_step"] == 1
    assert experiment.summary["_step"] == 2

    version = experiment.id  # WandbLogger.version
    assert version == run_id
    path = sync_file_of(experiment)
    assert Path(path).name == f"run-{run_id}.wandb"

    wb.finish()
    assert wb.run is None

    rf = RunFile(path)
    assert rf.run["run_id"] == run_id
    assert rf.run["project"] == "lightning_logs"
    assert rf.run["display_name"] == "lit-run"

    defined = rf.defined_metrics()
    assert defined[0] == {"name": "trainer/global_step", "options": {"defined": True}}
    assert defined[1] == {
        "glob_name": "*",
        "step_metric": "trainer/global_step",
        "options": {"step_sync": True, "defined": True},
    }
    kinds = rf.kinds()
    assert kinds.index("metric") < kinds.index("history")

    expanded = rf.expanded_metrics()
    assert set(expanded) == {"train/loss", "epoch", "val/acc"}
    for name, rec in expanded.items():
        assert rec["step_metric"] == "trainer/global_step", name
        assert rec["options"].get("step_sync") is True, name

    assert rf.config_records() == [{"lr": 0.1, "layers": [1, 2], "opt": {"name": "adam"}}, {"lr": 0.2}]
    assert rf.config_value_json()["opt"] == '{"name": "adam"}'

    rows = rf.history()
    assert len(rows) == 3
    assert [r["_step"] for r in rows] == [0, 1, 2]
    assert [r["__step_num__"] for r in rows] == [0, 1, 2]
    assert rows[0]["train/loss"] == 0.5 and rows[0]["trainer/global_step"] == 0
    assert rows[1]["train/loss"] == 0.25 and rows[1]["epoch"] == 0 and rows[1]["trainer/global_step"] == 1
    # step_sync copies the last trainer/global_step into a row that lacks it
    assert rows[2]["val/acc"] == 0.9 and rows[2]["trainer/global_step"] == 1
    for row in rows:
        assert isinstance(row["_runtime"], float) and isinstance(row["_timestamp"], float)
    assert rf.exit_code == 0


def test_lightning_sync_tensorboard_branch_defines_global_step_glob(wb):
    run = wb.init(project="lightning_logs", dir=".")
    run.define_metric("*", step_metric="global_step")  # the sync_tensorboard branch
    run.log({"loss": 1.0, "global_step": 7})
    path = sync_file_of(run)
    wb.finish()
    rf = RunFile(path)
    assert rf.defined_metrics() == [
        {"glob_name": "*", "step_metric": "global_step", "options": {"step_sync": True, "defined": True}}
    ]
    assert rf.history()[0]["global_step"] == 7


def test_lightning_reuses_existing_run(wb):
    user_run = wb.init(project="mine", name="by-hand")
    experiment = _lightning_experiment(wb, _lightning_init_kwargs())
    assert experiment is user_run
    experiment.log({"loss": 1.0, "trainer/global_step": 3})
    path = sync_file_of(user_run)
    wb.finish()
    rf = RunFile(path)
    assert rf.run["project"] == "mine"
    assert rf.defined_metrics() == []  # the reuse branch defines nothing
    assert rf.history()[0]["trainer/global_step"] == 3


def test_lightning_disabled_mode(wb, cwd):
    from wandb.sdk.lib import RunDisabled
    from wandb.wandb_run import Run

    experiment = _lightning_experiment(wb, _lightning_init_kwargs(name="n", mode="disabled"))
    assert isinstance(experiment, (Run, RunDisabled))
    assert experiment.disabled is True
    assert experiment._settings.mode == "disabled"
    assert re.fullmatch(r"[a-z0-9]{8}", experiment.id)
    assert experiment.name == f"dummy-{experiment.id}"
    assert experiment.project == "dummy"
    experiment.config.update({"lr": 0.1}, allow_val_change=True)
    experiment.log({"loss": 1.0, "trainer/global_step": 0})
    experiment.log({"loss": 0.5})
    experiment.summary["best"] = 3
    assert experiment.config["lr"] == 0.1
    assert experiment.summary["loss"] == 0.5
    assert experiment.summary["best"] == 3
    wb.finish()
    assert wb.run is None
    assert find_run_files(cwd) == []


@pytest.mark.parametrize("crash", [False, True], ids=["normal-exit", "uncaught-exception"])
def test_lightning_relies_on_atexit_finish(run_python, cwd, crash):
    """Lightning and transformers never call wandb.finish(); the interpreter exit must."""
    script = """
        import wandb
        run = wandb.init(project="lightning_logs", dir=".", id=None, resume="allow", anonymous=None)
        run.define_metric("trainer/global_step")
        run.define_metric("*", step_metric="trainer/global_step", step_sync=True)
        run.log({"train/loss": 0.5, "trainer/global_step": 0})
        run.log({"epoch": 1, "trainer/global_step": 1}, commit=False)
        """
    if crash:
        script += "raise RuntimeError('boom')\n"
    proc = run_python(script)
    assert proc.returncode == (1 if crash else 0), proc.stderr
    files = find_run_files(cwd)
    assert len(files) == 1
    rf = RunFile(files[0])
    rows = rf.history()
    assert [r["_step"] for r in rows] == [0, 1]  # the pending commit=False row is flushed at exit
    assert rows[1]["epoch"] == 1
    assert rf.exit_code == (1 if crash else 0)
    assert rf.kinds()[-1] == "exit"


def test_row_summary_repeats_every_leaf_of_the_row(wb):
    """wandb-core writes a summary item for *every* leaf of a committed row, changed or not
    (ref 0.21.3). Lightning hits this with step_sync rows, ultralytics with unchanged lr keys."""
    run = wb.init(project="lightning_logs")
    run.define_metric("trainer/global_step")
    run.define_metric("*", step_metric="trainer/global_step", step_sync=True)
    run.log({"train/loss": 0.5, "lr": 0.01, "trainer/global_step": 1})
    run.log({"train/loss": 0.4, "lr": 0.01, "trainer/global_step": 1})  # lr, step unchanged
    run.log({"val/acc": 0.9})  # trainer/global_step filled in by step_sync
    run.define_metric("m", summary="max")
    run.log({"m": 5})
    run.log({"m": 3})  # max stays 5 and is still written
    path = sync_file_of(run)
    wb.finish()
    per_row = RunFile(path).row_summaries()
    user = [{k: v for k, v in row.items() if not str(k).startswith("_")} for row in per_row]
    assert user == [
        {"train/loss": 0.5, "lr": 0.01, "trainer/global_step": 1},
        {"train/loss": 0.4, "lr": 0.01, "trainer/global_step": 1},
        {"val/acc": 0.9, "trainer/global_step": 1},
        {"m": {"max": 5}},  # an exact-name definition replaces the "*" glob: no step sync
        {"m": {"max": 5}},
    ]
    for row in per_row:
        assert {"_step", "_runtime", "_timestamp"} <= set(row)


# ------------------------------------------------------------------------------------------------
# transformers WandbCallback
# ------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _LoraConfig:  # stands in for peft.LoraConfig (a dataclass)
    r: int = 8
    target_modules: tuple = ("q", "v")
    task_type: str = "CAUSAL_LM"


class _Opaque:
    def __str__(self) -> str:
        return "<opaque>"


def _rewrite_logs(d):
    out = {}
    for k, v in d.items():
        if k.startswith("eval_"):
            out["eval/" + k[5:]] = v
        elif k.startswith("test_"):
            out["test/" + k[5:]] = v
        else:
            out["train/" + k] = v
    return out


def test_transformers_callback_sequence(wb, capsys):
    from wandb.sdk.lib.config_util import ConfigError

    assert wb.run is None
    # setup(): run_name == output_dir warning
    wb.termwarn("run_name is the same as output_dir", repeat=False)
    wb.termwarn("run_name is the same as output_dir", repeat=False)
    err = capsys.readouterr().err
    assert err.count("wandb: WARNING run_name is the same as output_dir") == 1

    if wb.run is None:
        wb.init(project=os.getenv("WANDB_PROJECT", "huggingface"), name="hf-run")
    run = wb.run
    assert run.project == "huggingface"
    combined = {
        "peft_config": {"default": _LoraConfig()},
        "betas": (0.9, 0.999),
        "output_dir": Path("out/x"),
        "thing": _Opaque(),
        "learning_rate": 5e-05,
        "report_to": ["wandb"],
        "fp16": False,
        "warmup": None,
        "nested": {"a": (1, 2)},
    }
    wb.config.update(combined or {}, allow_val_change=True)
    assert wb.config["peft_config"] == {"default": {"r": 8, "target_modules": ["q", "v"], "task_type": "CAUSAL_LM"}}
    assert wb.config["betas"] == [0.9, 0.999]
    assert wb.config["output_dir"] == "out/x"
    assert wb.config["thing"] == "<opaque>"

    if getattr(wb, "define_metric", None):
        wb.define_metric("train/global_step")
        wb.define_metric("*", step_metric="train/global_step", step_sync=True)
    wb.run._label(code="transformers_trainer")

    try:
        wb.config["model/num_parameters"] = 124
    except (AttributeError, ConfigError):  # pragma: no cover - transformers swallows these
        pytest.fail("setting model/num_parameters must succeed")
    wb.config["model/num_parameters"] = 124  # same value again is fine
    with pytest.raises(ConfigError) as excinfo:
        wb.config["model/num_parameters"] = 125
    assert 'Attempted to change value of key "model/num_parameters" from 124 to 125' in str(excinfo.value)
    assert wb.config.get("model/num_parameters") == 124
    assert wb.config.get("missing") is None

    # on_log
    single_value_scalars = ["train_runtime", "train_samples_per_second", "train_steps_per_second", "train_loss", "total_flos"]
    for global_step, logs in [
        (10, {"loss": 1.5, "learning_rate": 5e-05, "epoch": 0.5}),
        (10, {"eval_loss": 1.2}),
        (20, {"train_runtime": 12.5, "total_flos": 1e12, "train_loss": 1.4}),
    ]:
        for k, v in logs.items():
            if k in single_value_scalars:
                wb.run.summary[k] = v
        non_scalar = _rewrite_logs({k: v for k, v in logs.items() if k not in single_value_scalars})
        wb.log({**non_scalar, "train/global_step": global_step})

    # on_train_end / on_save read the summary
    summary = dict(wb.summary)
    assert {"_step", "_runtime", "_timestamp"} <= set(summary)
    assert "_wandb" not in summary
    numeric = {k: v for k, v in summary.items() if isinstance(v, numbers.Number) and not k.startswith("_")}
    assert numeric == {
        "train/loss": 1.5,
        "train/learning_rate": 5e-05,
        "train/epoch": 0.5,
        "eval/loss": 1.2,
        "train/global_step": 20,
        "train_runtime": 12.5,
        "total_flos": 1e12,
        "train_loss": 1.4,
    }
    assert isinstance(summary["train/global_step"], int)

    # hp-search internals: vars(wandb.config)["_items"] and dict(config)
    items = vars(wb.config)["_items"]
    assert items["learning_rate"] == 5e-05 and items["model/num_parameters"] == 124
    assert "_wandb" not in dict(wb.config)
    assert dict(wb.config)["fp16"] is False

    path = sync_file_of(run)
    run_id = run.id
    assert wb.run.id == run_id  # trainer._get_output_dir uses wandb.run.id
    wb.finish()
    assert wb.run is None

    rf = RunFile(path)
    assert rf.run["display_name"] == "hf-run"
    assert {"code_string": "transformers_trainer"} in rf.telemetry_labels()
    defined = rf.defined_metrics()
    assert defined[0] == {"name": "train/global_step", "options": {"defined": True}}
    assert defined[1]["glob_name"] == "*" and defined[1]["step_metric"] == "train/global_step"
    assert defined[1]["options"] == {"step_sync": True, "defined": True}
    cfg_json = rf.config_value_json()
    assert cfg_json["peft_config"] == '{"default": {"r": 8, "target_modules": ["q", "v"], "task_type": "CAUSAL_LM"}}'
    assert cfg_json["betas"] == "[0.9, 0.999]"
    assert cfg_json["output_dir"] == '"out/x"'
    assert cfg_json["warmup"] == "null"
    assert cfg_json["model/num_parameters"] == "124"
    # config records carry only the keys changed by that call
    assert rf.config_records()[-1] == {"model/num_parameters": 124}
    assert rf.explicit_summary() == {"train_runtime": 12.5, "total_flos": 1e12, "train_loss": 1.4}
    rows = rf.history()
    assert [r["train/global_step"] for r in rows] == [10, 10, 20]
    assert rows[1]["eval/loss"] == 1.2
    assert set(rf.expanded_metrics()) == {"train/loss", "train/learning_rate", "train/epoch", "eval/loss"}


def test_transformers_hp_search_runs_several_runs_in_one_process(wb):
    """on_train_begin under HP search: finish(), then init again; the objective reuses wandb.run."""
    ids = []
    paths = []
    for trial in range(2):
        run = wb.run if wb.run else wb.init()
        run.config.update({"assignments": {}, "metric": "eval/loss"})
        assert vars(wb.config)["_items"]["metric"] == "eval/loss"
        run.log({"eval/loss": 1.0 / (trial + 1)})
        ids.append(run.id)
        paths.append(sync_file_of(run))
        wb.finish()
        assert wb.run is None
    assert ids[0] != ids[1]
    for path in paths:
        rf = RunFile(path)
        assert rf.config_records()[0] == {"assignments": {}, "metric": "eval/loss"}
        assert rf.exit_code == 0


# ------------------------------------------------------------------------------------------------
# accelerate WandBTracker
# ------------------------------------------------------------------------------------------------


def test_accelerate_tracker_sequence(wb):
    # start(): init_trackers("my_project", config=..., init_kwargs={"wandb": {...}})
    run = wb.init(project="my_project", **{"tags": ["tag_a", "tag_b"], "config": {"from_init": 1}})
    assert run.tags == ("tag_a", "tag_b")
    # store_init_configuration
    wb.config.update({"learning_rate": 0.001, "batch_size": 32}, allow_val_change=True)
    # log(values, step=step, **kwargs)
    assert run.log({"loss": 1.0}, step=0) is None
    run.log({"acc": 0.5}, step=0)
    run.log({"loss": 0.8}, step=2)
    run.log({"loss": 0.9}, step=1)  # backwards: dropped with a warning
    run.log({"loss": 0.7, "nested": {"a": 1, "b": {"c": 2}}}, step=3, commit=True)
    run.log({"loss": 0.6}, step=4)  # pending until finish
    assert run.summary["loss"] == 0.7
    assert run.summary["nested"]["b"]["c"] == 2
    path = sync_file_of(run)
    run.finish()  # WandBTracker.finish
    assert wb.run is None

    rf = RunFile(path)
    assert rf.run["project"] == "my_project"
    assert rf.run["tags"] == ["tag_a", "tag_b"]
    assert rf.config()["from_init"] == 1
    assert rf.config_records() == [{"learning_rate": 0.001, "batch_size": 32}]
    rows = rf.history()
    assert [r["_step"] for r in rows] == [0, 2, 3, 4]
    assert [r["__step_num__"] for r in rows] == [0, 2, 3, 4]
    assert rows[0]["loss"] == 1.0 and rows[0]["acc"] == 0.5
    assert rows[1]["loss"] == 0.8
    assert rows[2]["loss"] == 0.7 and rows[2][("nested", "a")] == 1 and rows[2][("nested", "b", "c")] == 2
    assert rows[3]["loss"] == 0.6
    assert 0.9 not in [r.get("loss") for r in rows]
    assert rf.exit_code == 0


# ------------------------------------------------------------------------------------------------
# ultralytics callbacks/wb.py
# ------------------------------------------------------------------------------------------------

_ULTRA_ARGS = {
    "task": "detect",
    "mode": "train",
    "model": "yolo11n.pt",
    "epochs": 3,
    "lr0": 0.01,
    "name": "train",
    "project": None,
    "resume": False,
    "save": True,
    "plots": False,
    "imgsz": 640,
    "classes": None,
}


def _ultra_init(wb, save_dir: Path, resuming=None):
    name = str(_ULTRA_ARGS["name"])
    stamp = datetime.now().astimezone().strftime("%Y%m%d_%H%M%S")
    return wb.init(
        project=re.sub(r"[/\\#?%:]", "-", str(_ULTRA_ARGS["project"] or "Ultralytics"))[-128:],
        name=name,
        config=dict(_ULTRA_ARGS),
        id=resuming.stem[4:] if resuming else f"{re.sub('[^A-Za-z0-9_.-]', '_', name)[:64]}_{stamp}",
        resume="allow" if resuming else None,
        dir=str(save_dir),
    )


def test_ultralytics_callback_sequence(wb, cwd):
    save_dir = cwd / "runs" / "detect" / "train"
    save_dir.mkdir(parents=True)
    # on_pretrain_routine_end
    assert not wb.run
    runs = (save_dir / "wandb").glob("*run-*/run-*.wandb")
    assert max(runs, key=lambda f: f.stat().st_mtime, default=None) is None
    run = _ultra_init(wb, save_dir)
    assert wb.run  # a Run is truthy
    assert re.fullmatch(r"train_\d{8}_\d{6}", run.id)
    for prefix in ("train", "lr", "metrics", "val"):
        wb.run.define_metric(f"{prefix}/*", step_metric="epoch")
    wb.run.config.setdefaults({**_ULTRA_ARGS, "epochs": 99, "extra": 1})
    assert wb.run.config["epochs"] == 3  # existing value kept
    assert wb.run.config["extra"] == 1

    for epoch in range(2):
        # on_train_epoch_end
        wb.run.log({"train/box_loss": 1.0 - epoch / 10, "train/cls_loss": 2.0, "epoch": epoch + 1}, commit=False)
        wb.run.log({"lr/pg0": 0.01, "lr/pg1": 0.02}, commit=False)
        # on_fit_epoch_end
        if epoch == 0:
            wb.run.log({"model/parameters": 2600000, "model/GFLOPs": 6.5, "model/speed_PyTorch(ms)": 1.2}, commit=False)
        wb.run.log({"metrics/mAP50(B)": 0.3 + epoch / 10, "val/box_loss": 1.1, "epoch": epoch + 1}, commit=True)
    # on_train_end
    wb.run.log({"epoch": 2}, commit=True)
    run_id = run.id
    path = sync_file_of(run)
    wb.finish()  # on_train_end callback
    wb.finish(exit_code=1)  # teardown callback: must be a no-op now
    assert wb.run is None

    rf = RunFile(path)
    assert rf.run["run_id"] == run_id
    assert rf.run["project"] == "Ultralytics"
    assert rf.run["display_name"] == "train"
    assert rf.config()["imgsz"] == 640 and rf.config()["classes"] is None
    assert [m for m in rf.defined_metrics()] == [
        {"glob_name": f"{p}/*", "step_metric": "epoch", "options": {"step_sync": True, "defined": True}}
        for p in ("train", "lr", "metrics", "val")
    ]
    assert rf.config_records() == [{"extra": 1}]  # setdefaults writes only new keys
    rows = rf.history()
    assert len(rows) == 3
    first = rows[0]
    assert first["_step"] == 0 and first["epoch"] == 1
    assert first["train/box_loss"] == 1.0 and first["lr/pg1"] == 0.02
    assert first["model/parameters"] == 2600000 and first["model/speed_PyTorch(ms)"] == 1.2
    assert first["metrics/mAP50(B)"] == 0.3
    assert rows[1]["train/box_loss"] == 0.9 and rows[1]["metrics/mAP50(B)"] == 0.4 and rows[1]["epoch"] == 2
    assert "model/parameters" not in rows[1]
    assert rows[2]["epoch"] == 2 and rows[2]["_step"] == 2
    assert set(rf.expanded_metrics()) == {
        "train/box_loss", "train/cls_loss", "lr/pg0", "lr/pg1", "metrics/mAP50(B)", "val/box_loss"
    }
    assert rf.exit_code == 0

    # the resume discovery glob finds the file and the id is stem[4:]
    found = list((save_dir / "wandb").glob("*run-*/run-*.wandb"))
    assert [f.stem[4:] for f in found] == [run_id]


def test_ultralytics_resume_allow_with_existing_id(wb, cwd):
    save_dir = cwd / "runs" / "detect" / "train"
    save_dir.mkdir(parents=True)
    first = _ultra_init(wb, save_dir)
    first.log({"epoch": 1})
    first_id = first.id
    wb.finish()

    runs = (save_dir / "wandb").glob("*run-*/run-*.wandb")
    resuming = max(runs, key=lambda f: f.stat().st_mtime, default=None)
    assert resuming is not None and resuming.stem[4:] == first_id
    # The run directory name has one-second resolution; a resumed training starts much later,
    # so wait for the next second instead of colliding with the first directory.
    first_dir = resuming.parent.name
    while datetime.now().strftime("%Y%m%d_%H%M%S") in first_dir:
        time.sleep(0.05)
    second = _ultra_init(wb, save_dir, resuming=resuming)
    assert second.id == first_id
    second.log({"epoch": 2})
    wb.finish()
    files = find_run_files(save_dir)
    assert len(files) == 2
    assert all(Path(f).name == f"run-{first_id}.wandb" for f in files)


# ------------------------------------------------------------------------------------------------
# torchtune WandBLogger
# ------------------------------------------------------------------------------------------------


def test_torchtune_logger_sequence(wb, cwd):
    np = pytest.importorskip("numpy")
    from wandb.sdk.lib.config_util import ConfigError

    kwargs = {"dir": "logs/wb", "job_type": "finetune", "allow_val_change": True}
    log_dir = kwargs.pop("dir", None)
    if log_dir is not None and not os.path.exists(log_dir):
        os.makedirs(log_dir)
    rank = 0
    if wb.run is None and rank == 0:
        wb.init(project="torchtune", entity=None, group=None, dir=log_dir, **kwargs)
    if wb.run:
        wb.run._label(repo="torchtune")
    if getattr(wb, "define_metric", None):
        wb.define_metric("global_step")
        wb.define_metric("*", step_metric="global_step", step_sync=True)
    allow = kwargs.get("allow_val_change", False)

    run = wb.run
    assert run.entity == ""
    assert run.group == ""
    assert run.job_type == "finetune"
    assert Path(run.dir).resolve().parent.parent == (cwd / "logs" / "wb" / "wandb").resolve()

    # log_config
    resolved = {"model": {"_component_": "x.y", "lora_rank": 8}, "batch_size": 4}
    wb.config.update(resolved, allow_val_change=allow)
    wb.config.update({"batch_size": 8}, allow_val_change=allow)
    wb.config.update({"batch_size": 8}, allow_val_change=False)  # equal value: accepted
    with pytest.raises(ConfigError):
        wb.config.update({"batch_size": 9}, allow_val_change=False)
    assert wb.config["batch_size"] == 8

    # log / log_dict: Python numbers, numpy scalars, 0-d arrays
    wb.log({"loss": 2.0, "global_step": 1})
    wb.log({**{"loss": np.float32(1.5), "lr": np.float64(3e-4), "tokens_per_second_per_gpu": np.array(12.0)}, "global_step": 2})
    path = sync_file_of(run)
    # close()
    if wb.run:
        wb.finish()
    # __del__ later: must be harmless
    if wb.run:  # pragma: no cover
        wb.finish()
    assert wb.run is None

    rf = RunFile(path)
    assert rf.run["project"] == "torchtune"
    assert rf.run["job_type"] == "finetune"
    assert {"repo_string": "torchtune"} in rf.telemetry_labels()
    assert rf.defined_metrics()[0] == {"name": "global_step", "options": {"defined": True}}
    assert rf.config_value_json()["model"] == '{"_component_": "x.y", "lora_rank": 8}'
    assert rf.config_records() == [
        {"model": {"_component_": "x.y", "lora_rank": 8}, "batch_size": 4},
        {"batch_size": 8},
        {"batch_size": 8},
    ]
    rows = rf.history()
    assert [r["global_step"] for r in rows] == [1, 2]
    assert rows[1]["loss"] == 1.5 and isinstance(rows[1]["loss"], float)
    assert rows[1]["lr"] == 0.0003
    assert rows[1]["tokens_per_second_per_gpu"] == 12.0
    assert rf.exit_code == 0


# ------------------------------------------------------------------------------------------------
# private run attributes that user code reaches through the integrations
# ------------------------------------------------------------------------------------------------


def test_run_settings_and_path_used_through_logger_experiment(wb, cwd):
    run = wb.init(project="lightning_logs", dir=".")
    s = run._settings
    run_id = run.id
    assert s.run_id == run_id
    assert s.mode == "offline"
    sync_dir = Path(s.sync_dir).resolve()
    assert re.fullmatch(rf"offline-run-\d{{8}}_\d{{6}}-{run_id}", sync_dir.name)
    assert Path(s.files_dir).resolve() == sync_dir / "files"
    assert Path(s.sync_file).resolve() == sync_dir / f"run-{run_id}.wandb"
    assert Path(run.dir).resolve() == sync_dir / "files"
    assert not s.run_url  # offline: empty
    assert run.url is None
    assert run._get_path() == f"lightning_logs/{run_id}"
    assert run.path == run._get_path()
    wb.finish()
