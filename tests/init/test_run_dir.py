"""Run directory layout, symlinks and logs (notes §4)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from wandb.sdk.lib import runid

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|DEBUG|WARNING|ERROR) +\S+:\d+ "
    r"\[[\w.]+:\w+\(\):\d+\]( \[no run ID\]| \[all runs\])? "
)


def test_generate_id() -> None:
    ids = {runid.generate_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(re.fullmatch(r"[a-z0-9]{8}", i) for i in ids)
    assert re.fullmatch(r"[a-z0-9]{12}", runid.generate_id(12))


def test_offline_layout_and_symlinks(wb, isolated_wandb_env, capsys) -> None:
    run = wb.init(project="p")
    wandb_dir = Path(isolated_wandb_env.cwd) / "wandb"
    run_dirs = [p for p in wandb_dir.iterdir() if p.is_dir() and not p.is_symlink()]
    assert len(run_dirs) == 1
    run_dir = run_dirs[0]
    assert re.fullmatch(rf"offline-run-\d{{8}}_\d{{6}}-{run.id}", run_dir.name)
    assert re.fullmatch(r"[a-z0-9]{8}", run.id)
    for sub in ("files", "logs", "tmp/code"):
        assert (run_dir / sub).is_dir(), sub
    assert (run_dir / "logs" / "debug.log").is_file()
    assert (run_dir / "logs" / "debug-internal.log").is_file()
    assert (run_dir / f"run-{run.id}.wandb").is_file()
    assert os.readlink(wandb_dir / "latest-run") == run_dir.name
    assert os.readlink(wandb_dir / "debug.log") == f"{run_dir.name}/logs/debug.log"
    assert os.readlink(wandb_dir / "debug-internal.log") == f"{run_dir.name}/logs/debug-internal.log"
    assert Path(run.dir) == run_dir / "files"
    err = capsys.readouterr().err
    assert (
        "wandb: W&B syncing is set to `offline` in this directory. Run `wandb online` or set"
        " WANDB_MODE=online to enable cloud syncing." in err
    )
    assert f"wandb: Run data is saved locally in {run_dir}" in err
    run.finish()


def test_debug_log_format(wb, isolated_wandb_env) -> None:
    run = wb.init(config={"a": 1})
    run.finish()
    log = Path(isolated_wandb_env.cwd) / "wandb" / "latest-run" / "logs" / "debug.log"
    lines = log.read_text().splitlines()
    stamped = [line for line in lines if line[:4].isdigit()]
    assert stamped and all(LOG_LINE.match(line) for line in stamped), stamped[:3]
    text = log.read_text()
    assert "Current SDK version is 0.21.3" in text
    assert f"Logging user logs to {log.resolve()}" in text or "Logging user logs to" in text
    assert "wandb.init called with sweep_config: {}\nconfig: {'a': 1, '_wandb': {}}" in text
    internal = (log.parent / "debug-internal.log").read_text().splitlines()
    first = json.loads(internal[0])
    assert set(first) >= {"time", "level", "msg"} and first["msg"] == "stream: starting"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", first["time"])


def test_symlinks_follow_latest_run(wb, isolated_wandb_env) -> None:
    first = wb.init()
    first.finish()
    second = wb.init()
    wandb_dir = Path(isolated_wandb_env.cwd) / "wandb"
    assert os.readlink(wandb_dir / "latest-run").endswith(second.id)
    assert not any(p.name.endswith(f".{os.getpid()}") for p in wandb_dir.iterdir())
    second.finish()


def test_dir_argument_is_created(wb, isolated_wandb_env) -> None:
    run = wb.init(dir="sub/dir")
    base = Path(isolated_wandb_env.cwd) / "sub" / "dir" / "wandb"
    assert base.is_dir()
    # As in wandb 0.21.3, a relative `dir` stays relative.
    assert run.dir.startswith("sub/dir/wandb/offline-run-") and run.dir.endswith(f"-{run.id}/files")
    assert Path(run.dir).is_dir()
    run.finish()


def test_dot_wandb_dir_used_when_present(wb, isolated_wandb_env) -> None:
    (Path(isolated_wandb_env.cwd) / ".wandb").mkdir()
    run = wb.init()
    assert "/.wandb/" in run.dir
    run.finish()


def test_online_dir_prefix_with_key(wb, monkeypatch, isolated_wandb_env, tmp_path) -> None:
    import wandb.server

    server = wandb.server.start_in_thread(str(tmp_path / "server"), port=0)
    monkeypatch.setenv("WANDB_MODE", "online")
    monkeypatch.setenv("WANDB_BASE_URL", server.url)
    monkeypatch.setenv("WANDB_API_KEY", server.admin_key)
    run = wb.init(project="p")
    assert re.search(rf"/run-\d{{8}}_\d{{6}}-{run.id}/files$", run.dir)
    run.finish()
    server.stop()


def test_sync_tensorboard_warns(wb, capsys) -> None:
    run = wb.init(sync_tensorboard=True)
    assert "sync_tensorboard is not supported yet" in capsys.readouterr().err
    run.finish()


def test_config_from_another_config(wb) -> None:
    first = wb.init(config={"lr": 0.1})
    cfg = first.config
    first.finish()
    second = wb.init(config=cfg)
    assert dict(second.config) == {"lr": 0.1}
    second.finish()


@pytest.mark.compat
def test_layout_matches_reference(wb, isolated_wandb_env, tmp_path) -> None:
    from reftools import run_ref

    ref_dir = tmp_path / "ref"
    run_ref("import wandb\nr = wandb.init(id='refrun12')\nr.finish()\n", ref_dir)
    run = wb.init(id="ourrun12")
    run.finish()

    def shape(root: Path, rid: str) -> set:
        wandb_dir = root / "wandb"
        out = set()
        for p in wandb_dir.rglob("*"):
            rel = str(p.relative_to(wandb_dir))
            rel = re.sub(r"offline-run-\d{8}_\d{6}-" + rid, "RUN", rel).replace(rid, "ID")
            if p.is_symlink():
                target = re.sub(r"offline-run-\d{8}_\d{6}-" + rid, "RUN", os.readlink(p))
                out.add((rel, "->", target))
            elif p.is_dir():
                out.add((rel, "dir"))
        return out

    ours = shape(Path(isolated_wandb_env.cwd), "ourrun12")
    ref = shape(ref_dir, "refrun12")
    # debug-core.log is wandb-core's own log (absolute link into ~/.cache): not ours to make.
    ref = {e for e in ref if "debug-core.log" not in e[0]}
    assert ours == ref
