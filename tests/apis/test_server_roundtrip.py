"""Our Public API against the real Vireo server (``wandb.server.start_in_thread``).

Runs are written at the wire level (``wire_logger``), then read back value for value.
"""

from __future__ import annotations

import json
import math

import pytest
from wire_logger import WireRun

N_STEPS = 1200
PROJECT = "roundtrip"


def same(a, b) -> bool:
    """Deep equality where NaN equals NaN and int/float types must match."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def history_row(step: int) -> dict:
    row = {"_step": step, "_runtime": step * 0.5, "_timestamp": 1764331200.125 + step,
           "loss": 1.0 / (step + 1), "count": step * 3}
    if step % 100 == 0:
        row["acc"] = step / 1000
    if step == 1:
        row.update(nan=float("nan"), inf=float("inf"), ninf=float("-inf"))
    if step == 2:
        row.update(big=2**63 - 1, tiny=5e-324, tenth=0.1, text="héllo \"q\"",
                   nested={"a": {"b": [1, 2.5, None, True]}})
    return row


CONFIG = {"lr": 0.001, "layers": [64, 32], "opt": {"name": "adam", "betas": [0.9, 0.999]},
          "epochs": 10, "flag": True, "none": None, "name": "exp-1"}
SUMMARY = {"loss": 0.0008326394671107411, "count": 3597, "best": {"acc": 1.1, "step": 1100},
           "_step": N_STEPS - 1, "_runtime": 599.5, "big": 2**62, "nan": float("nan")}
FILES = {"notes.txt": b"plain text\nline 2\n", "sub/data.json": b'{"k": [1, 2, 3]}'}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    try:
        from wandb.server import start_in_thread
        import wandb.server.runner  # noqa: F401
    except ImportError as e:
        pytest.skip(f"wandb.server is not available yet: {e}")
    handle = start_in_thread(str(tmp_path_factory.mktemp("server")), port=0)
    try:
        run = WireRun(handle.url, handle.admin_key, PROJECT, "rt000001")
        run.upsert(config={**CONFIG, "_wandb": {"cli_version": "0.21.3", "t": {"1": [5]}}},
                   tags=["a", "b"], notes="hello notes", groupName="grp", jobType="train",
                   displayName="roundtrip-run")
        rows = [history_row(s) for s in range(N_STEPS)]
        for i in range(0, N_STEPS, 400):
            run.stream(history=rows[i:i + 400])
        run.stream(events=[{"system.cpu": 12.5, "_timestamp": 1764331200.0, "_runtime": 1.0,
                            "_wandb": True}])
        for name, data in FILES.items():
            run.upload(name, data)
        run.stream(summary=SUMMARY, complete=True, exitcode=0)
        handle.entity = run.entity
        for i in range(5):
            other = WireRun(handle.url, handle.admin_key, "paging", f"pg{i:06d}")
            other.upsert(config={"i": i})
            other.stream(history=[{"_step": 0, "i": i}], summary={"i": i}, complete=True,
                         exitcode=1 if i == 4 else 0)
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def api(server, no_global_settings):
    from wandb.apis.public import Api

    return Api(overrides={"base_url": server.url}, api_key=server.admin_key)


@pytest.fixture
def run(api, server):
    return api.run(f"{server.entity}/{PROJECT}/rt000001")


def test_run_fields(run, server):
    assert run.id == "rt000001"
    assert run.entity == server.entity and run.project == PROJECT
    assert run.name == "roundtrip-run"
    assert run.state == "finished"
    assert run.tags == ["a", "b"]
    assert run.notes == "hello notes"
    assert run.group == "grp" and run.job_type == "train"
    assert run.storage_id
    assert run.created_at and run.heartbeat_at
    assert same(run.config, CONFIG)
    assert run.rawconfig["_wandb"]["cli_version"] == "0.21.3"
    assert same(dict(run.summary), SUMMARY)
    assert run.lastHistoryStep == N_STEPS - 1
    assert run.url == f"{server.url}/{server.entity}/{PROJECT}/runs/rt000001"


def test_run_path_forms(api, server, run):
    assert api.run(f"{server.entity}/{PROJECT}/runs/rt000001").storage_id == run.storage_id
    assert api.run(f"{PROJECT}/rt000001").storage_id == run.storage_id  # default entity


def test_scan_history_exact(run):
    rows = list(run.scan_history(page_size=500))
    assert len(rows) == N_STEPS
    for step, row in enumerate(rows):
        assert same(row, history_row(step)), (step, row)


def test_scan_history_range_and_keys(run):
    rows = list(run.scan_history(min_step=995, max_step=1005, page_size=4))
    assert [r["_step"] for r in rows] == list(range(995, 1005))
    acc = list(run.scan_history(keys=["acc"], page_size=300))
    assert acc == [{"acc": s / 1000} for s in range(0, N_STEPS, 100)]


def test_history_sampled(run):
    rows = run.history(pandas=False)
    assert 0 < len(rows) <= 500
    for row in rows:
        assert same(row, history_row(row["_step"]))
    full = run.history(samples=N_STEPS, pandas=False)
    assert [r["_step"] for r in full] == list(range(N_STEPS))


def test_history_keys(run):
    rows = run.history(keys=["acc"], samples=N_STEPS, pandas=False)
    assert rows == [{"_step": s, "acc": s / 1000} for s in range(0, N_STEPS, 100)]


def test_history_system(run):
    rows = run.history(stream="system", pandas=False)
    assert rows and rows[0]["system.cpu"] == 12.5


def test_history_pandas(run):
    pd = pytest.importorskip("pandas")
    df = run.history(samples=N_STEPS)
    assert isinstance(df, pd.DataFrame) and len(df) == N_STEPS


def test_files(run, tmp_path):
    names = sorted(f.name for f in run.files())
    assert set(FILES) <= set(names)
    f = run.file("sub/data.json")
    assert f.size == len(FILES["sub/data.json"])
    with f.download(root=str(tmp_path)) as fh:
        assert fh.read() == FILES["sub/data.json"].decode()
    with run.file("notes.txt").download(root=str(tmp_path)) as fh:
        assert fh.read() == FILES["notes.txt"].decode()


def test_runs_pagination(api, server):
    runs = api.runs(f"{server.entity}/paging", per_page=2)
    assert len(runs) == 5
    assert [r.id for r in runs] == [f"pg{i:06d}" for i in range(5)]
    assert [r.config["i"] for r in runs] == list(range(5))
    assert runs[4].state == "failed"
    desc = api.runs(f"{server.entity}/paging", order="-created_at", per_page=3)
    assert [r.id for r in desc] == [f"pg{i:06d}" for i in reversed(range(5))]
    fin = api.runs(f"{server.entity}/paging", filters={"state": "finished"})
    assert sorted(r.id for r in fin) == [f"pg{i:06d}" for i in range(4)]
    assert len(fin) == 4


def test_projects(api, server):
    names = {p.name for p in api.projects(server.entity)}
    assert {PROJECT, "paging"} <= names
    assert api.project(PROJECT, server.entity).id


def test_summary_and_run_update_persist(api, server):
    from wandb.apis.public import Api

    path = f"{server.entity}/paging/pg000001"
    r = api.run(path)
    r.summary.update({"added": 42, "f": 0.1})
    r.tags = ["x"]
    r.config["extra"] = {"deep": [1, 2]}
    r.update()
    fresh = Api(overrides={"base_url": server.url}, api_key=server.admin_key).run(path)
    assert fresh.summary["added"] == 42 and fresh.summary["f"] == 0.1
    assert fresh.summary["i"] == 1
    assert fresh.tags == ["x"]
    assert fresh.config == {"i": 1, "extra": {"deep": [1, 2]}}


def test_wrong_key(server, no_global_settings):
    from wandb.apis.public import Api
    from wandb.errors import AuthenticationError

    with pytest.raises(AuthenticationError):
        Api(overrides={"base_url": server.url}, api_key="z" * 40)


def test_missing_run(api, server):
    with pytest.raises(ValueError, match="Could not find run"):
        api.run(f"{server.entity}/{PROJECT}/nosuchrun")


def test_delete(api, server):
    from wandb.apis.public import Api

    path = f"{server.entity}/paging/pg000003"
    api.run(path).delete()
    with pytest.raises(ValueError, match="Could not find run"):
        Api(overrides={"base_url": server.url}, api_key=server.admin_key).run(path)


def test_viewer_and_create_run(api, server):
    assert api.viewer.entity == server.entity == api.default_entity
    created = api.create_run(run_id="made0001", project="created")
    assert (created.id, created.project, created.entity) == ("made0001", "created", server.entity)
    assert created.storage_id
    fetched = api.run(f"{server.entity}/created/made0001")
    assert fetched.storage_id == created.storage_id
    assert fetched.state == "running"


def test_wait_until_finished_on_finished_run(run):
    run.wait_until_finished()
    assert run.state == "finished"
