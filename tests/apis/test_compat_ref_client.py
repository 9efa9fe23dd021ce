"""The official wandb 0.21.3 client logs a run to our server; our Api reads it back.

Needs ``VIREO_REF_PYTHON`` (skipped otherwise) and ``wandb.server``. The reference client's
own ``wandb.Api()`` reads the same run; both readings must agree value for value.
"""

from __future__ import annotations

import json
import math

import pytest
from reftools import run_ref

pytestmark = pytest.mark.compat

LOG_SCRIPT = r'''
import json, math, os, wandb
run = wandb.init(project="compat", id="cmp00001", name="compat-run", tags=["t1", "t2"],
                 notes="ref notes", group="g", job_type="train",
                 config={"lr": 0.01, "layers": [8, 4], "opt": {"name": "sgd", "m": 0.9},
                         "epochs": 3, "flag": False})
for s in range(250):
    row = {"loss": 1.0 / (s + 1), "count": s * 7}
    if s % 50 == 0:
        row["acc"] = s / 100
    if s == 3:
        row.update(nan=float("nan"), inf=float("inf"), big=2**53 + 1, tenth=0.1,
                   nested={"a": [1, 2.5]})
    run.log(row)
run.summary["best"] = 0.125
run.summary["deep"] = {"x": 1, "y": [1, 2]}
with open(os.path.join(run.dir, "custom.txt"), "w") as f:
    f.write("custom file\n")
run.save(os.path.join(run.dir, "custom.txt"), base_path=run.dir, policy="now")
run.finish()
'''

READ_SCRIPT = r'''
import json, sys, wandb
api = wandb.Api()
r = api.run(sys.argv[1])
out = {
    "id": r.id, "name": r.name, "state": r.state, "tags": r.tags, "notes": r.notes,
    "group": r.group, "job_type": r.job_type, "config": r.config,
    "summary": r.summary._json_dict,
    "scan": list(r.scan_history()),
    "scan_acc": list(r.scan_history(keys=["acc"])),
    "history": r.history(pandas=False),
    "history_acc": r.history(keys=["acc"], pandas=False),
    "files": sorted(f.name for f in r.files()),
    "last_step": r.lastHistoryStep,
    "runs": [x.id for x in api.runs(r.entity + "/compat")],
}
print("@@" + json.dumps(out))
'''


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    try:
        from wandb.server import start_in_thread
        import wandb.server.runner  # noqa: F401
    except ImportError as e:
        pytest.skip(f"wandb.server is not available yet: {e}")
    handle = start_in_thread(str(tmp_path_factory.mktemp("server")), port=0)
    yield handle
    handle.stop()


def test_ref_client_run_read_back_by_our_api(server, ref_python, tmp_path, no_global_settings):
    env = {"WANDB_MODE": "online", "WANDB_BASE_URL": server.url,
           "WANDB_API_KEY": server.admin_key, "WANDB_SILENT": "true"}
    run_ref(LOG_SCRIPT, tmp_path / "log", env=env, timeout=300)

    from wandb.apis.public import Api

    api = Api(overrides={"base_url": server.url}, api_key=server.admin_key)
    path = f"{api.default_entity}/compat/cmp00001"
    proc = run_ref(READ_SCRIPT, tmp_path / "read", env=env, args=(path,), timeout=300)
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("@@")][-1]
    ref = json.loads(line[2:])

    r = api.run(path)
    ours = {
        "id": r.id, "name": r.name, "state": r.state, "tags": r.tags, "notes": r.notes,
        "group": r.group, "job_type": r.job_type, "config": r.config,
        "summary": dict(r.summary),
        "scan": list(r.scan_history()),
        "scan_acc": list(r.scan_history(keys=["acc"])),
        "history": r.history(pandas=False),
        "history_acc": r.history(keys=["acc"], pandas=False),
        "files": sorted(f.name for f in r.files()),
        "last_step": r.lastHistoryStep,
        "runs": [x.id for x in api.runs(r.entity + "/compat")],
    }
    for key in ref:
        assert same(ours[key], ref[key]), (key, ours[key], ref[key])

    # And against what was logged.
    assert ours["state"] == "finished" and ours["name"] == "compat-run"
    assert ours["tags"] == ["t1", "t2"] and ours["notes"] == "ref notes"
    assert ours["config"] == {"lr": 0.01, "layers": [8, 4], "opt": {"name": "sgd", "m": 0.9},
                              "epochs": 3, "flag": False}
    assert ours["summary"]["best"] == 0.125 and ours["summary"]["deep"] == {"x": 1, "y": [1, 2]}
    assert ours["summary"]["loss"] == 1.0 / 250 and ours["summary"]["count"] == 249 * 7
    scan = ours["scan"]
    assert [row["_step"] for row in scan] == list(range(250))
    assert all(row["loss"] == 1.0 / (s + 1) and row["count"] == s * 7 for s, row in enumerate(scan))
    assert math.isnan(scan[3]["nan"]) and scan[3]["inf"] == math.inf
    assert scan[3]["big"] == 2**53 + 1 and scan[3]["tenth"] == 0.1
    assert scan[3]["nested"] == {"a": [1, 2.5]}
    assert ours["scan_acc"] == [{"acc": s / 100} for s in range(0, 250, 50)]
    assert "custom.txt" in ours["files"]
    with r.file("custom.txt").download(root=str(tmp_path / "dl")) as fh:
        assert fh.read() == "custom file\n"
